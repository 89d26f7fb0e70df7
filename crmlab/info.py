"""What a student pastes when asking for help: versions and where things are.

:func:`report` gives the facts as data (English, the same in every language: ``crmlab info
--json`` is read by programs); :func:`format_report` shows them in the user's language.
"""

from __future__ import annotations

import platform
import sys
from importlib.metadata import PackageNotFoundError, version

from .i18n import N_, _

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


#: A package that is not installed, in place of its version.
NOT_INSTALLED = N_("not installed")

#: What :func:`widget_state` can find → its English description (``{path}``: the extension's folder).
WIDGET_STATES = {
    "missing": N_("missing: install jupyterlab_widgets (pip install ipywidgets) and restart JupyterLab"),
    "installed": N_("installed ({path})"),
    "no_labextension": N_("package installed, but the labextension folder was not found in this environment"),
}


def widget_state() -> tuple[str, str | None]:
    """Whether JupyterLab will render ipywidgets: a key of :data:`WIDGET_STATES` and the
    labextension's folder (None if not found)."""
    try:
        version("jupyterlab_widgets")
    except PackageNotFoundError:
        return "missing", None
    from pathlib import Path

    for base in (Path(sys.prefix), Path(sys.base_prefix)):
        ext = base / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"
        if ext.exists():
            return "installed", str(ext)
    return "no_labextension", None


def widget_extension() -> str:
    """Whether JupyterLab will render ipywidgets (the labextension is installed), in the current
    language."""
    state, path = widget_state()
    return _(WIDGET_STATES[state]).format(path=path)


def report() -> dict[str, object]:
    """Versions of crmlab and its key dependencies, the data folder and the widget extension."""
    from . import __version__
    from .data import datasets_dir

    versions = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = NOT_INSTALLED
    state, path = widget_state()
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
        "widget_extension": WIDGET_STATES[state].format(path=path),
        "widget_state": state,
        "widget_path": path,
    }


def format_report(info: dict[str, object]) -> str:
    """The report of :func:`report` as text, in the current language."""
    locales = ", ".join(info["bundled_locales"])
    state = info.get("widget_state")
    widgets = _(WIDGET_STATES[state]).format(path=info.get("widget_path")) if state in WIDGET_STATES else info["widget_extension"]
    lines = [
        _("crmlab {version} on Python {python} ({platform})").format(
            version=info["crmlab"], python=info["python"], platform=info["platform"]
        ),
        _("python: {executable}").format(executable=info["executable"]),
        (
            _("datasets: {folder} (locales: {locales})").format(folder=info["datasets"], locales=locales)
            if locales
            else _("datasets: {folder} (locales: none)").format(folder=info["datasets"])
        ),
        _("JupyterLab widget extension: {state}").format(state=widgets),
        _("packages:"),
    ]
    lines += [f"  {k:<20} {_(v) if v == NOT_INSTALLED else v}" for k, v in info["packages"].items()]
    return "\n".join(lines)
