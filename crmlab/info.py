"""What a student pastes when asking for help: versions and where things are."""

from __future__ import annotations

import platform
import sys
from importlib.metadata import PackageNotFoundError, version

PACKAGES = (
    "numpy",
    "pandas",
    "pyarrow",
    "faker",
    "matplotlib",
    "seaborn",
    "scikit-learn",
    "rapidfuzz",
    "ipywidgets",
    "jupyterlab",
    "jupyterlab_widgets",
    "voila",
)


def widget_extension() -> str:
    """Whether JupyterLab will render ipywidgets (the labextension is installed)."""
    try:
        version("jupyterlab_widgets")
    except PackageNotFoundError:
        return "missing: install jupyterlab_widgets (pip install ipywidgets) and restart JupyterLab"
    from pathlib import Path

    for base in (Path(sys.prefix), Path(sys.base_prefix)):
        ext = base / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"
        if ext.exists():
            return f"installed ({ext})"
    return "package installed, but the labextension folder was not found in this environment"


def report() -> dict[str, object]:
    """Versions of crmlab and its key dependencies, the data folder and the widget extension."""
    from . import __version__
    from .data import datasets_dir

    versions = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = "not installed"
    data = datasets_dir()
    bundled = sorted(p.name for p in data.iterdir() if (p / "metadata.json").exists()) if data.exists() else []
    return {
        "crmlab": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "executable": sys.executable,
        "packages": versions,
        "datasets": str(data),
        "bundled_locales": bundled,
        "widget_extension": widget_extension(),
    }


def format_report(info: dict[str, object]) -> str:
    lines = [
        f"crmlab {info['crmlab']} on Python {info['python']} ({info['platform']})",
        f"python: {info['executable']}",
        f"datasets: {info['datasets']} (locales: {', '.join(info['bundled_locales']) or 'none'})",
        f"JupyterLab widget extension: {info['widget_extension']}",
        "packages:",
    ]
    lines += [f"  {k:<20} {v}" for k, v in info["packages"].items()]
    return "\n".join(lines)
