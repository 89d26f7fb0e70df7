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


#: How crmlab is installed (:func:`crmlab.paths.install_kind`) → its description.
INSTALL_KINDS = {
    "package": N_("installed package (course files are package data)"),
    "checkout": N_("repository checkout (course files at its root)"),
    "incomplete": N_("installed WITHOUT its course files: reinstall crmlab from a wheel or source distribution of the kit"),
}

#: A kind of kit file (:func:`crmlab.paths.status`) → its name in the report.
FILE_KINDS = {
    "datasets": N_("bundled data"),
    "lessons": N_("lessons"),
    "exercises": N_("exercises"),
    "solutions": N_("solutions"),
    "translations": N_("translations"),
}

#: Where the student id comes from (:func:`crmlab.exercises.identity.source`) → its description.
STUDENT_SOURCES = {
    "hub": N_("{student} (the hub's user, JUPYTERHUB_USER)"),
    "configured": N_("{student} (CRMLAB_STUDENT)"),
    "none": N_("none (start() uses the id it is given, else the data every self-learner gets)"),
}


def _progress_log() -> tuple[str, bool]:
    """The progress log of a notebook run from the current folder, and whether it can be written."""
    import os

    from .exercises.progress import log_path

    path = log_path()
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    writable = os.access(path, os.W_OK) if path.exists() else os.access(folder, os.W_OK)
    return str(path), writable


def report() -> dict[str, object]:
    """Versions of crmlab and its key dependencies, where the kit's files are (and which are
    missing), the widget extension, and the classroom settings (student id, progress log,
    memory budget)."""
    from . import __version__, paths
    from .data import datasets_dir
    from .exercises.identity import source
    from .simulate.budget import budget

    versions = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = NOT_INSTALLED
    state, path = widget_state()
    data = datasets_dir()
    bundled = sorted(p.name for p in data.iterdir() if (p / "metadata.json").exists()) if data.exists() else []
    files = paths.status()
    student, origin = source(None)
    log, log_writable = _progress_log()
    allowed, _origin = budget()
    return {
        "crmlab": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "executable": sys.executable,
        "package": str(paths.locales_dir().parent),
        "install": paths.install_kind(),
        "course": str(paths.course_root()),
        "files": files,
        "missing": [f["name"] for f in files if not f["present"]],
        "editions": sorted(set(paths.editions("notebooks")) | set(paths.editions("exercises"))),
        "student": student,
        "student_source": origin,
        "progress_log": log,
        "progress_log_writable": log_writable,
        "memory_budget": allowed,
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
    ]
    if "install" in info:
        lines += _file_lines(info)
    lines.append(_("packages:"))
    lines += [f"  {k:<20} {_(v) if v == NOT_INSTALLED else v}" for k, v in info["packages"].items()]
    return "\n".join(lines)


def _file_lines(info: dict[str, object]) -> list[str]:
    """The report's lines on the kit's files and the classroom settings."""
    kind = info["install"]
    lines = [
        _("crmlab package: {folder}").format(folder=info["package"]),
        _("install: {kind}").format(kind=_(INSTALL_KINDS[kind]) if kind in INSTALL_KINDS else kind),
        _("course files: {folder}").format(folder=info["course"]),
    ]
    for f in info["files"]:
        name = _(FILE_KINDS[f["name"]]) if f["name"] in FILE_KINDS else f["name"]
        if f["present"]:
            lines.append("  " + _("{name}: {path} ({count} found)").format(name=name, path=f["path"], count=f["count"]))
        else:
            lines.append("  " + _("{name}: MISSING ({path})").format(name=name, path=f["path"]))
    if info["missing"]:
        lines.append(_("missing: {names}").format(names=", ".join(info["missing"])))
    if info["editions"]:
        lines.append(_("notebook editions: {languages}").format(languages=", ".join(info["editions"])))
    origin = info.get("student_source")
    if origin in STUDENT_SOURCES:
        lines.append(_("student id: {text}").format(text=_(STUDENT_SOURCES[origin]).format(student=info["student"])))
    lines.append(
        _("progress log: {path}").format(path=info["progress_log"])
        if info["progress_log_writable"]
        else _("progress log: {path} (cannot be written here: progress is kept in memory only)").format(
            path=info["progress_log"]
        )
    )
    budget = info["memory_budget"]
    lines.append(
        _("memory budget of crmlab.generate(): {size:.1f} GB").format(size=budget / 2**30)
        if budget
        else _("memory budget of crmlab.generate(): none")
    )
    return lines
