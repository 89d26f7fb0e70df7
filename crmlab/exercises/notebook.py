"""Exercise notebooks: the solution version is the source; ``crmlab release`` makes the
student version from it.

Conventions of a solution notebook (``exercises/solutions/NN_name.ipynb``):

* notebook metadata ``{"crmlab": {"exercise": "NN", "version": "solution"}}``;
* a setup cell calling ``crmlab.exercises.start("NN", student=None)``;
* in each answer cell, the solution between two marker lines::

      ### BEGIN SOLUTION -> n_buyers = ____
      n_buyers = orders["customer_id"].nunique()
      ### END SOLUTION
      ex.q1.check(n_buyers)

  The text after ``->`` (default ``____``) replaces the region in the student version, with the
  marker's indentation;
* cells tagged ``solution-only`` (instructor notes) are dropped from the student version.

An exercise an instructor wrote (:mod:`crmlab.exercises.course`) is released the same way; its
public part (``<id>.json``: data, setup, question titles and hints — no solution, reference or
comparator) is written next to the student notebook, so that ``start("<id>")`` works for the
students while only the instructor's ``<id>.py`` can check and grade their answers.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from ..errors import ParameterError

BEGIN = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION(?:\s*->\s*(?P<starter>.*\S))?\s*$")
END = re.compile(r"^[ \t]*### END SOLUTION\s*$")


def _parse(source: str) -> list[tuple[str, str, list[str]] | str]:
    """A cell's source as its lines outside solution regions (str) and its regions
    (``(indent, starter, body lines)``), in order; unbalanced markers are an error."""
    parts: list = []
    region = None
    for line in source.splitlines():
        m = BEGIN.match(line)
        if m:
            if region is not None:
                raise ParameterError("a `### BEGIN SOLUTION` marker opens inside another solution region")
            region = (m.group("indent"), m.group("starter") or "____", [])
        elif END.match(line):
            if region is None:
                raise ParameterError("`### END SOLUTION` without a matching `### BEGIN SOLUTION`")
            parts.append(region)
            region = None
        elif region is not None:
            region[2].append(line)
        else:
            parts.append(line)
    if region is not None:
        raise ParameterError("a `### BEGIN SOLUTION` region is never closed by `### END SOLUTION`")
    return parts


def solution_regions(source: str) -> list[tuple[str, str]]:
    """``(starter, solution code)`` of every solution region of a cell, in order."""
    return [(part[1], "\n".join(part[2])) for part in _parse(source) if isinstance(part, tuple)]


def strip_solutions(source: str) -> str:
    """The student version of a cell's source: each solution region replaced by its starter."""
    return "\n".join(part if isinstance(part, str) else part[0] + part[1] for part in _parse(source))


def exercise_id(nb) -> str | None:
    """The exercise id a notebook declares in its metadata, or None."""
    meta = nb.get("metadata", {}).get("crmlab", {})
    value = meta.get("exercise") if isinstance(meta, dict) else None
    return value if isinstance(value, str) else None


def student_version(nb):
    """A student notebook made from solution notebook ``nb`` (which is left unchanged)."""
    if exercise_id(nb) is None:
        raise ParameterError("this notebook is not a crmlab exercise (no `crmlab.exercise` in its metadata)")
    out = copy.deepcopy(nb)
    cells = []
    for cell in out.cells:
        if "solution-only" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source)
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
        cells.append(cell)
    out.cells = cells
    out.metadata["crmlab"] = {**out.metadata["crmlab"], "version": "student"}
    return out


def kit_exercises_dir() -> Path:
    """The kit's ``exercises/`` folder (student versions; solutions in ``exercises/solutions``)."""
    return Path(__file__).resolve().parent.parent.parent / "exercises"


def release(sources: list[Path] | None = None, out: Path | None = None) -> list[Path]:
    """Write the student version of each solution notebook in ``sources`` to folder ``out``.

    Parameters
    ----------
    sources : list of Path, optional
        Solution notebooks (default: every notebook in the kit's ``exercises/solutions``).
    out : Path, optional
        Folder for the student notebooks (default: the kit's ``exercises/``). Created if missing.

    Returns
    -------
    list of Path
        The notebooks written, and for an instructor's exercise its public part ``<id>.json``
        (the exercise file ``<id>.py`` is looked up next to the solution notebook, then in the
        current folder and ``CRMLAB_EXERCISES``).
    """
    import nbformat

    if sources is None:
        sources = sorted((kit_exercises_dir() / "solutions").glob("[0-9][0-9]_*.ipynb"))
    out = Path(out) if out is not None else kit_exercises_dir()
    written = []
    for src in sources:
        src = Path(src)
        if not src.is_file():
            raise ParameterError(f"`sources` must be solution notebooks, but {str(src)!r} is not a file.")
        nb = nbformat.read(src, as_version=4)
        student = student_version(nb)
        out.mkdir(parents=True, exist_ok=True)
        target = out / src.name
        if target.resolve() == src.resolve():
            raise ParameterError(f"`out` must differ from the solutions' folder: {str(target)!r} would be overwritten.")
        nbformat.write(student, target)
        written.append(target)
        public = _public_part(exercise_id(nb), src.parent, out)
        if public is not None and public not in written:
            written.append(public)
    return written


def _public_part(ex_id: str, folder: Path, out: Path) -> Path | None:
    """Write ``<out>/<id>.json``, the public part of an instructor's exercise (None for the kit's
    own exercises, which students have in the package)."""
    import json

    from .course import find, load

    if ex_id.isdigit():
        return None
    source = folder / f"{ex_id}.py"
    if not source.is_file():
        source = find(ex_id)
    if source is None or source.suffix != ".py":
        from ..i18n import _

        raise ParameterError(
            _("Exercise {exercise} is not one of the kit's: its file {name} must be next to the solution notebook, in "
              "the current folder or in CRMLAB_EXERCISES.").format(exercise=repr(ex_id), name=f"{ex_id}.py")
        )
    spec = load(source)
    target = out / f"{ex_id}.json"
    target.write_text(json.dumps(spec.public(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target
