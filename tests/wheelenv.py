"""crmlab installed from its wheel into a fresh virtual environment, for tests.

The wheel is built from the repository (``pip wheel --no-build-isolation``: the build backend,
hatchling, is a test dependency, so nothing is downloaded). The fresh environment gets only
crmlab (``pip install --no-deps``); its dependencies are those already installed for the tests,
made visible through ``PYTHONPATH`` (a ``.pth`` file there is not processed, so an editable
crmlab of the test environment stays invisible): :func:`check_isolated` makes sure the crmlab
imported is the wheel's.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def build_wheel(out: Path) -> Path:
    """Build crmlab's wheel into ``out`` and return its path (skip if hatchling is missing)."""
    if importlib.util.find_spec("hatchling") is None:
        reason = "hatchling (a test dependency: pip install -e '.[test]') is needed to build the wheel"
        if os.environ.get("CRMLAB_REQUIRE_BROWSER") == "1":  # CI: every test must run
            pytest.fail(f"CRMLAB_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True,
        cwd=out,
    )
    return next(out.glob("crmlab-*.whl"))


def make_venv(folder: Path, wheel: Path) -> Path:
    """A fresh virtual environment in ``folder`` with only crmlab installed from ``wheel``;
    returns its Python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    return python


def dependency_paths() -> list[str]:
    """Where the tests' dependencies are: the running environment's site-packages (and what
    PYTHONPATH adds), without the repository."""
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and Path(p).resolve() != ROOT]
    for key in ("purelib", "platlib"):
        path = sysconfig.get_paths()[key]
        if path not in paths:
            paths.append(path)
    return paths


def dependency_prefixes() -> list[Path]:
    """The installation prefixes of the dependencies: the running environment's, and a
    ``pip install --target`` folder on PYTHONPATH that holds Jupyter data (``etc/jupyter``)."""
    prefixes = [Path(sys.prefix)]
    for path in dependency_paths():
        if (Path(path) / "etc" / "jupyter").is_dir() and Path(path) not in prefixes:
            prefixes.append(Path(path))
    return prefixes


def venv_env(python: Path, **extra: str) -> dict[str, str]:
    """The environment of a process of the fresh venv: its ``bin`` first on PATH, the
    dependencies on PYTHONPATH, no crmlab variable of the test run.

    Jupyter finds extensions (JupyterLab's server extension, the widgets' labextension,
    jupyter-server-proxy) in the environment's ``etc/jupyter`` and ``share/jupyter``: those
    of the dependencies' environment are named in ``JUPYTER_CONFIG_PATH`` and ``JUPYTER_PATH``,
    as they would be found in the venv's own prefix had pip installed the dependencies there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CRMLAB_", "JUPYTER", "VIRTUAL_ENV"))}
    env["PATH"] = str(python.parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = os.pathsep.join(dependency_paths())
    prefixes = dependency_prefixes()
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(str(p / "etc" / "jupyter") for p in prefixes)
    env["JUPYTER_PATH"] = os.pathsep.join(str(p / "share" / "jupyter") for p in prefixes)
    env["PYTHONNOUSERSITE"] = "1"
    env.update(extra)
    return env


def site_packages(python: Path) -> Path:
    """The fresh venv's site-packages."""
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    )
    return Path(out.stdout.strip())


def check_isolated(python: Path, cwd: Path) -> Path:
    """The file of the crmlab the fresh venv imports (asserted to be inside it)."""
    out = subprocess.run(
        [str(python), "-c", "import crmlab; print(crmlab.__file__)"],
        capture_output=True, text=True, cwd=cwd, env=venv_env(python), check=True,
    )
    found = Path(out.stdout.strip())
    assert found.is_relative_to(python.parent.parent), f"the fresh venv imported another crmlab: {found}"
    return found
