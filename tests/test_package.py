"""crmlab as a real package: the wheel carries the data and the course, and works from any folder
on a read-only install.

The wheel is built from the repository and installed (alone, ``--no-deps``) into a fresh
virtual environment; the dependencies come from the test environment (see ``wheelenv``). Where
the system allows (Linux, root: a private mount namespace), the checks run with the installed
environment mounted read-only and from a read-only working folder, as on a shared server.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import textwrap
import zipfile
from pathlib import Path

import pytest

from . import wheelenv

pytestmark = pytest.mark.slow

ROOT = wheelenv.ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = wheelenv.build_wheel(tmp / "dist")
    python = wheelenv.make_venv(tmp / "venv", wheel)
    return wheel, python, tmp


def test_the_wheel_carries_the_data_and_the_course(installed):
    wheel, _python, _tmp = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ("datasets/en_US/orders.csv", "datasets/zh_CN/customers.csv", "datasets/README.md",
                "notebooks/02_customer_value.ipynb", "exercises/02_customer_value.ipynb",
                "exercises/solutions/02_customer_value.ipynb"):
        assert f"crmlab/_course/{rel}" in names, rel
        assert zipfile.ZipFile(wheel).read(f"crmlab/_course/{rel}") == (ROOT / rel).read_bytes()
    assert "crmlab/locales/zh_CN/LC_MESSAGES/crmlab.mo" in names
    assert not any(".ipynb_checkpoints" in n or "/.crmlab/" in n or n.startswith(("tests/", "benchmarks/")) for n in names)
    assert wheel.stat().st_size < 8 * 2**20


def _read_only_runner() -> list[str] | None:
    """A command prefix that runs a shell script in a private mount namespace (None if the
    system does not allow one)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    probe = subprocess.run([unshare, "-m", "true"], capture_output=True)
    return [unshare, "-m", "sh", "-c"] if probe.returncode == 0 else None


CHECKS = textwrap.dedent(
    """
    import json, os, sys, warnings
    import crmlab
    from crmlab import paths
    out = {"file": crmlab.__file__, "kind": paths.install_kind(), "cwd": os.getcwd()}
    out["status"] = {f["name"]: f["count"] for f in paths.status()}
    out["orders"] = list(crmlab.load("orders").shape)
    out["zh_province"] = str(crmlab.load("customers", locale="zh_CN")["province"].iloc[0])
    from crmlab.exercises import start
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ex = start("01")  # JUPYTERHUB_USER=alice: the hub's user
        ns = ex.namespace()
        exec(ex.spec.question("q1").solution, ns)
        ex.q1.check(ns["n_buyers"])
        ex.q2.hint()
    out["student"] = ex.student
    out["warnings"] = [str(w.message) for w in caught if "progress" in str(w.message)]
    out["score"] = ex.score()["q1"]
    print(json.dumps(out))
    """
)


def test_it_works_from_any_folder_on_a_read_only_install(installed, tmp_path):
    _wheel, python, tmp = installed
    site = wheelenv.site_packages(python)
    assert site.is_relative_to(tmp / "venv")
    before = _tree(site / "crmlab")
    assert "_course/datasets/en_US/orders.csv" in before
    work = tmp_path / "class"
    work.mkdir()
    (work / "checks.py").write_text(CHECKS)
    env = wheelenv.venv_env(python, JUPYTERHUB_USER="alice", CRMLAB_LANGUAGE="en")
    runner = _read_only_runner()
    if runner is not None:  # the venv and the working folder read-only, as a system install
        script = (
            f"mount --bind {tmp / 'venv'} {tmp / 'venv'} && mount -o remount,bind,ro {tmp / 'venv'} && "
            f"mount --bind {work} {work} && mount -o remount,bind,ro {work} && "
            f"cd {work} && {python} checks.py"
        )
        done = subprocess.run([*runner, script], capture_output=True, text=True, env=env)
    else:
        done = subprocess.run([str(python), "checks.py"], capture_output=True, text=True, env=env, cwd=work)
    assert done.returncode == 0, done.stdout + done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(out["file"]).is_relative_to(tmp / "venv") and out["kind"] == "package"
    assert out["status"] == {"datasets": 2, "lessons": 10, "exercises": 8, "solutions": 8, "translations": 1}
    assert out["orders"][0] == 36501 and out["zh_province"].endswith(("省", "市", "区"))
    assert out["student"] == "alice" and out["score"] == 1.0
    if runner is not None:  # the progress log could not be written: said once, kept in memory
        assert len(out["warnings"]) == 1 and "Read-only file system" in out["warnings"][0]
        assert not (work / ".crmlab").exists()
    assert _tree(site / "crmlab") == before  # nothing written into the installed package


def test_the_command_line_of_an_installed_kit(installed, tmp_path):
    _wheel, python, tmp = installed
    env = wheelenv.venv_env(python, CRMLAB_LANGUAGE="en")
    crmlab = str(python.parent / "crmlab")

    def run(*args):
        return subprocess.run([crmlab, *args], capture_output=True, text=True, env=env, cwd=tmp_path)

    info = run("info", "--json")
    assert info.returncode == 0, info.stderr
    report = json.loads(info.stdout)
    assert report["install"] == "package" and report["missing"] == []
    assert Path(report["course"]).is_relative_to(tmp / "venv")
    text = run("info").stdout
    assert "install: installed package" in text and "lessons:" in text and "MISSING" not in text

    course = run("course", "--to", str(tmp_path / "mine"))
    assert course.returncode == 0, course.stderr
    assert (tmp_path / "mine" / "notebooks" / "02_customer_value.ipynb").is_file()

    released = run("release")  # would write into the installed package: refused, with the way out
    assert released.returncode == 2 and "--out" in released.stderr
    assert run("release", "--check").returncode == 0
    assert run("release", "--out", str(tmp_path / "handout")).returncode == 0
    assert len(list((tmp_path / "handout").glob("*.ipynb"))) == 8

    demo = run("demo", "02", "--write-only", str(tmp_path / "demo"))
    assert demo.returncode == 0 and (tmp_path / "demo" / "lesson_02_demo.ipynb").is_file()


def test_a_package_without_its_course_says_what_is_missing(installed, tmp_path):
    _wheel, python, tmp = installed
    broken = tmp_path / "venv"
    shutil.copytree(tmp / "venv", broken, symlinks=True)
    site = broken / wheelenv.site_packages(python).relative_to(tmp / "venv")
    shutil.rmtree(site / "crmlab" / "_course")
    env = wheelenv.venv_env(broken / "bin" / "python", CRMLAB_LANGUAGE="en")
    info = subprocess.run([str(broken / "bin" / "python"), "-m", "crmlab.cli", "info"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert info.returncode == 1
    assert "installed WITHOUT its course files" in info.stdout and "bundled data: MISSING" in info.stdout
    load = subprocess.run(
        [str(broken / "bin" / "python"), "-c", "import crmlab; crmlab.load('orders')"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert "installed without its bundled data" in load.stderr and "point `CRMLAB_DATA` at it" in load.stderr


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
