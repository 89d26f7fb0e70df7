"""Instructor demo mode: a lesson's explorers as a Voilà dashboard, with no code on screen.

``crmlab demo 02`` writes a small notebook that shows the explorers of lesson 02 and serves it
with Voilà on http://127.0.0.1 (a browser opens unless ``--no-browser``). The notebook is built
from :func:`crmlab.widgets.lesson_explorers`, so a new explorer appears in its lesson's demo
without further work.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import ParameterError
from .i18n import _


def normalise_lesson(lesson: object) -> str:
    """``2``, ``"2"``, ``"02"`` → ``"02"``."""
    text = str(lesson).strip()
    if not text.isdigit():
        raise ParameterError(
            _("`lesson` must be a lesson number such as 02, but {got} was passed.").format(got=repr(lesson))
        )
    return f"{int(text):02d}"


def demo_notebook(lesson: object):
    """The dashboard notebook of ``lesson`` (an ``nbformat`` notebook)."""
    import nbformat

    from .widgets import lesson_explorers

    number = normalise_lesson(lesson)
    explorers = lesson_explorers()
    if number not in explorers:
        if not explorers:
            raise ParameterError(_("Lesson {lesson} has no explorers, and no lesson has a demo yet.").format(lesson=number))
        raise ParameterError(
            _("Lesson {lesson} has no explorers; lessons with a demo: {lessons}.").format(
                lesson=number, lessons=", ".join(explorers)
            )
        )
    nb = nbformat.v4.new_notebook()
    # Translators: the heading of the dashboard page `crmlab demo 02` serves.
    title = _("crmlab · Lesson {lesson}").format(lesson=number)
    cells = [nbformat.v4.new_markdown_cell(f"# {title}")]
    for name in explorers[number]:
        cells.append(nbformat.v4.new_code_cell(f"import crmlab.widgets\ncrmlab.widgets.{name}()"))
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["title"] = title  # the browser tab's title in Voilà
    return nb


def write_demo(lesson: object, folder: Path | None = None) -> Path:
    """Write the dashboard notebook and return its path (a temporary folder by default)."""
    import nbformat

    number = normalise_lesson(lesson)
    nb = demo_notebook(number)
    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="crmlab-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"lesson_{number}_demo.ipynb"
    nbformat.write(nb, path)
    return path


def voila_command(path: Path, port: int = 8866, browser: bool = True, token: str | None = None) -> list[str]:
    """The Voilà command line that serves ``path`` on 127.0.0.1."""
    cmd = [sys.executable, "-m", "voila", str(path), "--Voila.ip=127.0.0.1", f"--port={port}"]
    if not browser:
        cmd.append("--no-browser")
    if token is not None:
        cmd.append(f"--token={token}")
    return cmd


def run(lesson: object, port: int = 8866, browser: bool = True) -> int:
    """Serve the lesson's dashboard until interrupted (Ctrl+C)."""
    path = write_demo(lesson)
    print(
        _("Serving lesson {lesson} on http://127.0.0.1:{port}/ (Ctrl+C to stop)").format(
            lesson=normalise_lesson(lesson), port=port
        )
    )
    try:
        return subprocess.call(voila_command(path, port, browser), cwd=path.parent)
    except KeyboardInterrupt:
        return 0
