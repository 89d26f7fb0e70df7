"""From the wheel to a working lesson: how big the wheel is, how long a real ``pip install`` of it
takes in a fresh virtual environment (every dependency downloaded, no pip cache), and how long
``crmlab course`` plus running lesson 02 then take.

Usage: python benchmarks/bench_install.py [--python python3.11] [--keep FOLDER]

It needs the network (PyPI) and a few minutes; the test suite does not run it. The figures of a
class on JupyterHub (the hub test's run time, the memory of a student's server with lesson 02
run) are written by ``tests/browser/test_hub.py`` to ``artifacts/hub_figures.json``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, **kwargs)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter of the fresh venv")
    parser.add_argument("--keep", help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="crmlab-install-"))
    folder.mkdir(parents=True, exist_ok=True)

    build = run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder / "dist"), str(ROOT)])
    wheel = next((folder / "dist").glob("crmlab-*.whl"))
    print(f"wheel: {wheel.name}, {wheel.stat().st_size / 2**20:.1f} MB (built in {build:.1f} s)")

    venv = folder / "venv"
    python = venv / "bin" / "python"
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("CRMLAB_")}
    t_venv = run([args.python, "-m", "venv", str(venv)], env=clean)
    t_pip = run([str(python), "-m", "pip", "install", "--quiet", "--no-cache-dir", str(wheel)], env=clean)
    print(f"fresh venv: {t_venv:.1f} s; pip install of the wheel and every dependency (no cache): {t_pip:.1f} s")

    course = folder / "course"
    t_course = run([str(venv / "bin" / "crmlab"), "course", "--to", str(course)], stdout=subprocess.DEVNULL, env=clean)
    t_lesson = run(
        [str(python), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600",
         "--output", str(folder / "02_run.ipynb"), str(course / "notebooks" / "02_customer_value.ipynb")],
        stderr=subprocess.DEVNULL,
        env=clean,
    )
    print(f"crmlab course: {t_course:.1f} s; lesson 02 run to the end: {t_lesson:.1f} s")
    print(f"from pip install to a working lesson: {t_venv + t_pip + t_course + t_lesson:.0f} s")
    size = sum(p.stat().st_size for p in venv.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"the environment: {size / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
