"""Synthetic submissions for the grading tests and benchmark: small exercise-01 notebooks built
from the question bank, so they do not depend on the kit's exercise notebooks."""

from __future__ import annotations

from pathlib import Path

import nbformat

EXERCISE = "01"


def setup_source(student: str | None = "s1", exercise: str = EXERCISE) -> str:
    """The setup cell of an exercise notebook."""
    from crmlab.exercises.bank import get

    who = "None" if student is None else repr(student)
    return (
        "import numpy as np\nimport pandas as pd\n\nimport crmlab\nfrom crmlab.exercises import ____\n"
        f"ex = crmlab.exercises.start({exercise!r}, student={who})\n" + get(exercise).setup
    )


def answer_source(question: str, exercise: str = EXERCISE) -> str:
    """An answer cell holding the bank's solution and its check."""
    from crmlab.exercises.bank import get

    q = get(exercise).question(question)
    return f"{q.solution}\nex.{question}.check({q.answer})"


def notebook(cells: list[str], *, exercise: str | None = EXERCISE, student: str | None = "s1", setup: bool = True):
    """A notebook: the setup cell (unless ``setup`` is False), then ``cells`` as code cells."""
    nb = nbformat.v4.new_notebook()
    if exercise is not None:
        nb.metadata["crmlab"] = {"exercise": exercise, "version": "student"}
    nb.cells.append(nbformat.v4.new_markdown_cell("# Exercise"))
    if setup:
        nb.cells.append(nbformat.v4.new_code_cell(setup_source(student, exercise or EXERCISE)))
    nb.cells += [nbformat.v4.new_code_cell(src) for src in cells]
    return nb


def solved(student: str = "s1", exercise: str = EXERCISE):
    """A notebook answering every question with the bank's solutions."""
    from crmlab.exercises.bank import get

    return notebook([answer_source(q.name, exercise) for q in get(exercise).questions], exercise=exercise, student=student)


def write(nb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path
