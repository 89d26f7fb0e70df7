"""The instructor guide's JupyterHub setup is what the kit accepts: the Zero to JupyterHub
config.yaml parses and hands out the course, every crmlab command line of the guide parses,
the TLJH snippet is Python, the nbgitpuller link opens the welcome lesson."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from crmlab.cli import build_parser
from crmlab.simulate.budget import parse_size

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "exercises" / "README.md"


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def _hub_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text[text.index("## A class on JupyterHub"):]


def test_the_z2jh_config_parses_and_sets_up_the_class():
    yaml = pytest.importorskip("yaml")
    section = _hub_section()
    marker = section.index("<!-- z2jh-config")
    config = yaml.safe_load(_blocks(section[marker:], "yaml")[0])
    user = config["singleuser"]
    assert user["image"]["name"] and isinstance(user["image"]["tag"], str)
    assert user["defaultUrl"] == "/lab"
    command = user["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[:2] == ["crmlab", "course"]
    build_parser().parse_args(command[1:])
    assert parse_size(user["extraEnv"]["CRMLAB_MEMORY_BUDGET"]) == 2**30
    assert parse_size(user["extraEnv"]["CRMLAB_MEMORY_BUDGET"]) < parse_size(user["memory"]["limit"])
    assert "{username}" in user["storage"]["static"]["subPath"]
    instructor = next(p for p in user["profileList"] if "Instructor" in p["display_name"])
    mounts = instructor["kubespawner_override"]["volume_mounts"]
    homes = next(m for m in mounts if m["mountPath"] == "/srv/homes")
    assert homes["readOnly"] is True and homes["name"] == "home"
    # the collect command of the guide reads the students' homes where the profile mounts them
    collect = next(c for c in _commands(section) if c[:1] == ["collect"] and "/srv/homes" in " ".join(c))
    assert collect[collect.index("--from") + 1].startswith("/srv/homes/" + user["storage"]["static"]["subPath"].replace("{username}", "{user}"))


def _commands(text: str) -> list[list[str]]:
    """Every ``crmlab …`` command line in the shell blocks of ``text`` (without ``crmlab``)."""
    out = []
    for block in _blocks(text, "sh"):
        for line in block.splitlines():
            line = line.split(" #")[0].strip()
            words = shlex.split(line) if line else []
            while words and words[0] in ("sudo", "-E"):
                words = words[1:]
            if words[:1] == ["crmlab"]:
                out.append(words[1:])
    return out


@pytest.mark.parametrize("document", ["exercises/README.md", "README.md"])
def test_every_crmlab_command_of_the_docs_parses(document):
    commands = _commands((ROOT / document).read_text(encoding="utf-8"))
    assert commands
    parser = build_parser()
    for words in commands:
        args = parser.parse_args(words)
        assert callable(args.func)


def test_the_tljh_snippet_is_python_and_the_image_installs_the_hub_extra():
    section = _hub_section()
    for block in _blocks(section, "python"):
        compile(block, "<guide>", "exec")
    dockerfile = _blocks(section, "dockerfile")[0]
    assert "crmlab-0.1.0-py3-none-any.whl[hub]" in dockerfile
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    hub = " ".join(meta["project"]["optional-dependencies"]["hub"])
    assert "jupyter-server-proxy" in hub and "nbgitpuller" in hub
    assert meta["project"]["version"] in dockerfile


def test_the_nbgitpuller_link_opens_the_welcome_lesson():
    link = next(b for b in _blocks(_hub_section(), "text") if "git-pull" in b).strip()
    parts = urlsplit(link)
    assert parts.path == "/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert set(query) == {"repo", "branch", "urlpath"}
    repo_name = query["repo"].rstrip("/").rsplit("/", 1)[-1]
    prefix = f"lab/tree/{repo_name}/"
    assert query["urlpath"].startswith(prefix)
    assert (ROOT / query["urlpath"][len(prefix):]).is_file()
