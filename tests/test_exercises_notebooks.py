"""The exercise notebooks agree with the question bank: the solution regions of the solution
notebooks hold the bank's solutions, and the student versions are exactly what ``crmlab release``
makes from them."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from crmlab.exercises.bank import available, get
from crmlab.cli import main
from crmlab.exercises.notebook import (
    BEGIN,
    END,
    exercise_id,
    fill_solutions,
    notebook_text,
    solution_regions,
    stale,
    student_version,
)

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "exercises" / "solutions"
STUDENTS = ROOT / "exercises"


def answer_cells(nb, qname: str):
    pattern = re.compile(rf"\bex\.{qname}\.check\(")
    return [c for c in nb.cells if c.cell_type == "code" and pattern.search(c.source)]


def test_the_committed_notebooks_are_what_release_writes(capsys):
    """The bank is the one source of each solution: a solution notebook is the bank's solutions
    written into its regions, and a student notebook is made from it."""
    assert stale() == [], "run `crmlab release`"
    assert main(["release", "--check"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("ex_id", available())
def test_solution_notebook_is_filled_from_the_bank(ex_id):
    spec = get(ex_id)
    path = SOLUTIONS / spec.notebook
    nb = nbformat.read(path, as_version=4)
    assert path.read_text(encoding="utf-8") == notebook_text(fill_solutions(nb)), "run `crmlab release`"


def solution_code(source: str, qname: str) -> str:
    """A cell's code without its marker lines and its check call: what the solution must be."""
    keep = [
        line
        for line in source.splitlines()
        if not BEGIN.match(line) and not END.match(line) and not re.search(rf"\bex\.{qname}\.check\(", line)
    ]
    return "\n".join(keep).strip()


@pytest.mark.parametrize("ex_id", available())
def test_solution_notebook_matches_the_bank(ex_id):
    spec = get(ex_id)
    path = SOLUTIONS / spec.notebook
    assert path.exists(), f"missing {path}"
    nb = nbformat.read(path, as_version=4)
    assert exercise_id(nb) == ex_id
    assert nb.metadata["crmlab"]["version"] == "solution"
    setup = [c for c in nb.cells if c.cell_type == "code" and f'crmlab.exercises.start("{ex_id}"' in c.source]
    assert len(setup) == 1, "one setup cell calling crmlab.exercises.start"
    for line in spec.setup.strip().splitlines():
        assert line in setup[0].source, f"setup cell lacks {line!r}"
    for q in spec.questions:
        cells = answer_cells(nb, q.name)
        assert len(cells) == 1, f"{q.name}: exactly one cell checks it"
        source = cells[0].source
        assert solution_regions(source), f"{q.name}: no solution region"
        assert solution_code(source, q.name) == q.solution.strip(), f"{q.name}: notebook solution differs from the bank's"
        assert f"ex.{q.name}.check({q.answer})" in source
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "stored without outputs"


@pytest.mark.parametrize("ex_id", available())
def test_student_version_is_the_release_of_the_solution(ex_id):
    spec = get(ex_id)
    solution = nbformat.read(SOLUTIONS / spec.notebook, as_version=4)
    student = nbformat.read(STUDENTS / spec.notebook, as_version=4)
    made = student_version(solution)
    assert [c.source for c in student.cells] == [c.source for c in made.cells], "run `crmlab release` again"
    assert student.metadata["crmlab"] == {"exercise": ex_id, "version": "student"}
    text = "\n".join(c.source for c in student.cells)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    for q in spec.questions:
        body = [line.strip() for line in q.solution.strip().splitlines()[1:] if line.strip()]
        for line in body:
            if len(line) > 25:
                assert line not in text, f"{q.name}: solution line left in the student version: {line!r}"
