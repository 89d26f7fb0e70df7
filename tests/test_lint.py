"""The code has no undefined names, unused imports or other mistakes pyflakes finds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pyflakes_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "pyflakes", "crmlab", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
