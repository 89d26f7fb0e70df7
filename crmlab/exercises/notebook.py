"""Exercise notebooks: the question bank holds each solution, the solution notebook shows it in
place, and the student notebook replaces it with a blank. ``crmlab release`` makes both.

Each solution is written once, as code in the bank (:attr:`~crmlab.exercises.spec.Question.solution`).
``crmlab release`` (:func:`release`) copies it into the solution region of its answer cell in the
solution notebook (:func:`fill_solutions`), then makes the student version of that notebook
(:func:`student_version`). :func:`stale` lists the notebooks that are not what release writes.

Conventions of a solution notebook (``exercises/solutions/NN_name.ipynb``):

* notebook metadata ``{"crmlab": {"exercise": "NN", "version": "solution"}}``;
* a setup cell calling ``crmlab.exercises.start("NN", student=None)``;
* one answer cell per question, the one calling ``ex.qN.check(…)``, with the solution between
  two marker lines::

      ### BEGIN SOLUTION -> n_buyers = ____
      n_buyers = orders["customer_id"].nunique()
      ### END SOLUTION
      ex.q1.check(n_buyers)

  The lines before the region are the first lines of the bank's solution (a function's ``def``
  line); release writes the rest of the solution into the region. The text after ``->``
  (default ``____``) replaces the region in the student version, with the marker's indentation;
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
from ..i18n import _

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
                raise ParameterError(_("A `### BEGIN SOLUTION` marker opens inside another solution region."))
            region = (m.group("indent"), m.group("starter") or "____", [])
        elif END.match(line):
            if region is None:
                raise ParameterError(_("`### END SOLUTION` without a matching `### BEGIN SOLUTION`."))
            parts.append(region)
            region = None
        elif region is not None:
            region[2].append(line)
        else:
            parts.append(line)
    if region is not None:
        raise ParameterError(_("A `### BEGIN SOLUTION` region is never closed by `### END SOLUTION`."))
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
        raise ParameterError(_("This notebook is not a crmlab exercise (no `crmlab.exercise` in its metadata)."))
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


def answer_cells(nb, question: str) -> list:
    """The code cells of ``nb`` that check ``question`` (``ex.q1.check(…)``)."""
    pattern = re.compile(rf"\bex\.{re.escape(question)}\.check\(")
    return [c for c in nb.cells if c.cell_type == "code" and pattern.search(c.source)]


def _filled(source: str, solution: str, question: str) -> str:
    """``source`` (one answer cell) with its solution region holding ``solution``: the lines
    before the region must be the solution's first lines; the region gets the others."""
    lines = source.split("\n")
    begins = [i for i, line in enumerate(lines) if BEGIN.match(line)]
    ends = [i for i, line in enumerate(lines) if END.match(line)]
    _parse(source)  # unbalanced markers are an error
    if len(begins) != 1 or len(ends) != 1:
        raise ParameterError(
            _("The answer cell of {question} must have exactly one solution region, but it has {count}.").format(
                question=question, count=len(begins)
            )
        )
    begin, end = begins[0], ends[0]
    code = solution.strip("\n").split("\n")
    before = lines[:begin]
    if code[: len(before)] != before or len(code) == len(before):
        raise ParameterError(
            _(
                "The lines of the answer cell of {question} before its solution region must be the first lines "
                "of the bank's solution."
            ).format(question=question)
        )
    return "\n".join([*before, lines[begin], *code[len(before):], *lines[end:]])


def fill_solutions(nb, spec=None):
    """A copy of solution notebook ``nb`` whose solution regions hold the bank's solutions.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A solution notebook (left unchanged).
    spec : ExerciseSpec, optional
        The exercise (default: the one the notebook's metadata names).

    Returns
    -------
    nbformat.NotebookNode
        The notebook with the code of each question's answer cell taken from
        :attr:`Question.solution <crmlab.exercises.spec.Question.solution>`.
    """
    exercise = exercise_id(nb)
    if exercise is None:
        raise ParameterError(_("This notebook is not a crmlab exercise (no `crmlab.exercise` in its metadata)."))
    if spec is None:
        from .bank import get

        spec = get(exercise)
    out = copy.deepcopy(nb)
    for q in spec.questions:
        cells = answer_cells(out, q.name)
        if len(cells) != 1:
            raise ParameterError(
                _("Exactly one cell must check {question} (`ex.{question}.check(…)`), but {count} do.").format(
                    question=q.name, count=len(cells)
                )
            )
        cells[0].source = _filled(cells[0].source, q.solution, q.name)
    return out


def notebook_text(nb) -> str:
    """The text a notebook file holds (what :func:`nbformat.write` writes)."""
    import nbformat

    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def kit_exercises_dir() -> Path:
    """The kit's ``exercises/`` folder (student versions; solutions in ``exercises/solutions``),
    as :mod:`crmlab.paths` finds it."""
    from .. import paths

    return paths.exercises_dir()


def _plan(sources: list[Path] | None, out: Path | None, from_bank: bool | None) -> list[tuple[Path, str]]:
    """``(path, text)`` of every notebook release writes."""
    import nbformat

    from .. import paths

    if from_bank is None:
        from_bank = sources is None
    if sources is None:
        sources = sorted(paths.solutions_dir().glob("[0-9][0-9]_*.ipynb"))
        if not sources:
            raise ParameterError(
                _("No solution notebooks in {folder}: this crmlab has no course files (`crmlab info` says what is missing).").format(
                    folder=paths.solutions_dir()
                )
            )
    out = Path(out) if out is not None else kit_exercises_dir()
    plan = []
    for src in sources:
        src = Path(src)
        if not src.is_file():
            raise ParameterError(
                _("`sources` must be solution notebooks, but {path} is not a file.").format(path=repr(str(src)))
            )
        target = out / src.name
        if target.resolve() == src.resolve():
            raise ParameterError(
                _("`out` must differ from the solutions' folder: {path} would be overwritten.").format(path=repr(str(target)))
            )
        nb = nbformat.read(src, as_version=4)
        if from_bank:
            nb = fill_solutions(nb)
            plan.append((src, notebook_text(nb)))
        plan.append((target, notebook_text(student_version(nb))))
        public = _public_part(exercise_id(nb), src.parent)
        if public is not None:
            plan.append((out / f"{exercise_id(nb)}.json", public))
    return plan


def _differs(path: Path, text: str) -> bool:
    return not path.is_file() or path.read_text(encoding="utf-8") != text


def release(sources: list[Path] | None = None, out: Path | None = None, *, from_bank: bool | None = None) -> list[Path]:
    """Write the solutions of the bank into the solution notebooks, and the student version of
    each solution notebook to folder ``out``.

    Parameters
    ----------
    sources : list of Path, optional
        Solution notebooks (default: every notebook in the kit's ``exercises/solutions``).
    out : Path, optional
        Folder for the student notebooks (default: the kit's ``exercises/``). Created if missing.
    from_bank : bool, optional
        Write each question's solution from the question bank into the solution region of its
        answer cell in ``sources`` first (default: True for the kit's notebooks, False for
        notebooks given in ``sources``, which keep their own solutions).

    Returns
    -------
    list of Path
        The files written: the notebooks whose content changed (the others are left untouched)
        and, for an instructor's exercise, its public part ``<id>.json`` (the exercise file
        ``<id>.py`` is looked up next to the solution notebook, then in the current folder and
        ``CRMLAB_EXERCISES``).
    """
    from .. import paths

    if sources is None and out is None and paths.install_kind() == "package":
        raise ParameterError(
            _(
                "This crmlab is an installed package: its solution and student notebooks are part of it and "
                "are not changed. To make student notebooks from its solutions, write them elsewhere with "
                "`--out FOLDER`; to release your own solution notebooks, name them: "
                "`crmlab release my_solutions/*.ipynb --out handout/`."
            )
        )
    written = []
    for path, text in _plan(sources, out, from_bank):
        if _differs(path, text):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def stale(sources: list[Path] | None = None, out: Path | None = None, *, from_bank: bool | None = None) -> list[Path]:
    """The notebooks :func:`release` would change (same parameters); writes nothing."""
    return [path for path, text in _plan(sources, out, from_bank) if _differs(path, text)]


def _public_part(ex_id: str, folder: Path) -> str | None:
    """The text of ``<id>.json``, the public part of an instructor's exercise (None for the kit's
    own exercises, which students have in the package)."""
    import json

    from .course import find, load

    if ex_id.isdigit():
        return None
    source = folder / f"{ex_id}.py"
    if not source.is_file():
        source = find(ex_id)
    if source is None or source.suffix != ".py":
        raise ParameterError(
            _("Exercise {exercise} is not one of the kit's: its file {name} must be next to the solution notebook, in "
              "the current folder or in CRMLAB_EXERCISES.").format(exercise=repr(ex_id), name=f"{ex_id}.py")
        )
    return json.dumps(load(source).public(), ensure_ascii=False, indent=1) + "\n"
