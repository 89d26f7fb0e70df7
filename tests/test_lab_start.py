"""``sh dev.sh lab`` opens the edition in crmlab's language; with Chinese, JupyterLab's own
interface is Chinese for that run (a default setting on JUPYTER_CONFIG_PATH), English as before
otherwise. Checked without starting a lab: ``--print-command`` prints what would run."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crmlab import lab

ROOT = Path(__file__).resolve().parents[1]
ZH_CONFIG = lab.LAB_CONFIG / "zh_CN"

# (environment, language, welcome notebook, JupyterLab interface in Chinese)
CASES = [
    ({}, "en", "notebooks/00_welcome.ipynb", False),
    ({"CRMLAB_LANGUAGE": "zh_CN"}, "zh_CN", "notebooks/zh_CN/00_welcome.ipynb", True),
    ({"CRMLAB_LANGUAGE": "zh"}, "zh_CN", "notebooks/zh_CN/00_welcome.ipynb", True),
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN", "notebooks/zh_CN/00_welcome.ipynb", True),
    ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh_CN", "notebooks/zh_CN/00_welcome.ipynb", True),
    # the first variable set wins, as for every crmlab text
    ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en", "notebooks/00_welcome.ipynb", False),
    ({"CRMLAB_LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "en", "notebooks/00_welcome.ipynb", False),
    ({"CRMLAB_LANGUAGE": "zh_CN", "LC_ALL": "en_US.UTF-8"}, "zh_CN", "notebooks/zh_CN/00_welcome.ipynb", True),
    ({"LANG": "C.UTF-8"}, "en", "notebooks/00_welcome.ipynb", False),
]


def _ids(case):
    return ",".join(f"{k}={v}" for k, v in case[0].items()) or "nothing set"


@pytest.fixture()
def pack_installed():
    if "zh_CN" not in lab.installed_language_packs():
        pytest.fail("jupyterlab-language-pack-zh-CN is a dependency of the kit but is not installed")


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_the_language_crmlab_speaks_chooses_the_edition_and_the_interface(monkeypatch, pack_installed, case):
    environment, language, notebook, chinese_interface = case
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    run = lab.lab_run(ROOT, ["--allow-root"], python="python3", environ={})
    assert run.language == language and run.notebook == notebook
    assert run.command == [
        "python3", "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", notebook, "--allow-root"
    ]
    if chinese_interface:
        assert run.environment == {"JUPYTER_CONFIG_PATH": str(ZH_CONFIG)}
    else:
        assert run.environment == {}  # English: JupyterLab's interface as before, nothing added


def test_the_folder_put_on_the_path_sets_the_interface_locale_as_a_default_only():
    # JupyterLab reads <folder on JUPYTER_CONFIG_PATH>/labconfig/default_setting_overrides.json:
    # the defaults of settings, below what the user chose in their own settings
    overrides = json.loads((ZH_CONFIG / "labconfig" / "default_setting_overrides.json").read_text(encoding="utf-8"))
    assert overrides == {"@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}
    assert lab.config_dir("zh_CN") == ZH_CONFIG and lab.config_dir("en") is None


def test_jupyterlab_reads_the_default_from_that_folder(monkeypatch, pack_installed):
    """What JupyterLab's settings server computes, with the run's environment."""
    from jupyterlab_server.settings_utils import _get_overrides

    run = lab.lab_run(ROOT, language="zh_CN", environ={})
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", run.environment["JUPYTER_CONFIG_PATH"])
    overrides, error = _get_overrides(str(ROOT / "no-app-settings"))
    assert error == "" and overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    monkeypatch.delenv("JUPYTER_CONFIG_PATH")
    overrides, _ = _get_overrides(str(ROOT / "no-app-settings"))
    assert overrides.get("@jupyterlab/translation-extension:plugin", {}).get("locale") != "zh_CN"


def test_a_jupyter_config_path_of_the_user_is_kept_after_the_kits(pack_installed):
    run = lab.lab_run(ROOT, language="zh_CN", environ={"JUPYTER_CONFIG_PATH": "/etc/mine"})
    assert run.environment["JUPYTER_CONFIG_PATH"] == os.pathsep.join([str(ZH_CONFIG), "/etc/mine"])


def test_an_edition_without_its_welcome_lesson_opens_the_english_one(tmp_path):
    (tmp_path / "notebooks").mkdir()
    assert lab.welcome_notebook("zh_CN", tmp_path) == "notebooks/00_welcome.ipynb"
    assert lab.welcome_notebook("zh_CN", ROOT) == "notebooks/zh_CN/00_welcome.ipynb"


def test_without_the_language_pack_the_lab_still_opens_the_chinese_edition(monkeypatch, capsys):
    monkeypatch.setattr(lab, "installed_language_packs", lambda: set())
    run = lab.lab_run(ROOT, language="zh_CN", environ={})
    assert run.notebook == "notebooks/zh_CN/00_welcome.ipynb" and run.environment == {}
    assert "jupyterlab-language-pack-zh-CN" in capsys.readouterr().err


def test_the_message_about_a_missing_language_pack_is_translated(monkeypatch, capsys, fake_translation):
    from .i18n_fake import complete_table, english_words

    fake_translation(complete_table())
    monkeypatch.setattr(lab, "installed_language_packs", lambda: set())
    lab.lab_run(ROOT, language="zh_CN", environ={})
    err = capsys.readouterr().err
    assert english_words(err, {"JupyterLab", "pip", "install", "jupyterlab-language-pack-zh-CN"}) == [], err


# -- dev.sh itself (POSIX sh), on a stand-in .venv: `sh dev.sh lab --print-command` -------------
@pytest.fixture()
def kit(tmp_path):
    """A copy of dev.sh beside a .venv whose python is this one (with this checkout first on the
    path) and whose install stamp is fresh, so dev.sh installs nothing."""
    shutil.copy(ROOT / "dev.sh", tmp_path / "dev.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT))} exec {shlex.quote(sys.executable)} "$@"\n')
    python.chmod(0o755)
    stamp = tmp_path / ".venv" / ".crmlab-installed"
    stamp.touch()
    old = stamp.stat().st_mtime - 60
    os.utime(tmp_path / "pyproject.toml", (old, old))
    return tmp_path


def _dev_sh_lab(kit: Path, **variables) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CRMLAB_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.pop("JUPYTER_CONFIG_PATH", None)
    env.update(variables)
    done = subprocess.run(
        ["sh", str(kit / "dev.sh"), "lab", "--print-command", "--port=9999"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "installing" not in done.stdout  # the stand-in .venv counts as set up
    return shlex.split(done.stdout.strip().splitlines()[-1])


def test_dev_sh_lab_in_chinese(kit, pack_installed):
    words = _dev_sh_lab(kit, CRMLAB_LANGUAGE="zh_CN")
    assert words[0] == f"JUPYTER_CONFIG_PATH={ZH_CONFIG}"
    assert words[1] == sys.executable  # the .venv's python (here a stand-in for this one)
    assert words[2:5] == ["-m", "jupyter", "lab"]
    assert f"--ServerApp.root_dir={kit.resolve()}" in words and "notebooks/zh_CN/00_welcome.ipynb" in words
    assert words[-1] == "--port=9999" and ("--allow-root" in words) == (os.getuid() == 0)
    assert _dev_sh_lab(kit, LANG="zh_CN.UTF-8") == words


def test_dev_sh_lab_in_english(kit):
    words = _dev_sh_lab(kit, LANG="en_US.UTF-8")
    assert not any(w.startswith("JUPYTER_CONFIG_PATH=") for w in words)
    assert "notebooks/00_welcome.ipynb" in words and "--port=9999" in words
    assert _dev_sh_lab(kit, CRMLAB_LANGUAGE="en", LANG="zh_CN.UTF-8") == words
    assert _dev_sh_lab(kit) == words
