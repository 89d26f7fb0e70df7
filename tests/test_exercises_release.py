"""``crmlab release``: student versions replace each solution region by its starter."""

from __future__ import annotations

import nbformat
import pytest

from crmlab.cli import main
from crmlab.errors import ParameterError
from crmlab.exercises.notebook import release, solution_regions, strip_solutions, student_version

CELL = """\
def recency(orders, as_of):
    ### BEGIN SOLUTION -> return ____
    last = orders.groupby("customer_id")["order_date"].max()
    return (as_of - last).dt.days
    ### END SOLUTION
ex.q3.check(recency)"""


def test_regions_become_starters_with_their_indentation():
    assert strip_solutions(CELL) == "def recency(orders, as_of):\n    return ____\nex.q3.check(recency)"
    assert strip_solutions("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\nprint(x)") == "____\nprint(x)"
    assert strip_solutions("no markers here\n") == "no markers here"
    assert solution_regions(CELL) == [
        ("return ____", '    last = orders.groupby("customer_id")["order_date"].max()\n    return (as_of - last).dt.days')
    ]


@pytest.mark.parametrize(
    "source",
    ["### BEGIN SOLUTION\nx = 1", "x = 1\n### END SOLUTION", "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"],
)
def test_unbalanced_markers_are_errors(source):
    with pytest.raises(ParameterError, match="SOLUTION"):
        strip_solutions(source)


def _solution_nb():
    nb = nbformat.v4.new_notebook()
    nb.metadata["crmlab"] = {"exercise": "01", "version": "solution"}
    code = nbformat.v4.new_code_cell("### BEGIN SOLUTION -> n = ____\nn = 3\n### END SOLUTION\nex.q1.check(n)")
    code.outputs = [nbformat.v4.new_output("stream", text="Correct!")]
    code.execution_count = 4
    note = nbformat.v4.new_markdown_cell("the answer is 3", metadata={"tags": ["solution-only"]})
    nb.cells = [nbformat.v4.new_markdown_cell("# Exercise"), code, note]
    return nb


def test_student_version_strips_outputs_notes_and_leaves_the_source_alone():
    nb = _solution_nb()
    before = nbformat.writes(nb)
    student = student_version(nb)
    assert nbformat.writes(nb) == before
    assert [c.source for c in student.cells] == ["# Exercise", "n = ____\nex.q1.check(n)"]
    assert student.cells[1].outputs == [] and student.cells[1].execution_count is None
    assert student.metadata["crmlab"] == {"exercise": "01", "version": "student"}


def test_release_writes_student_notebooks_and_refuses_to_overwrite_sources(tmp_path, capsys):
    src = tmp_path / "solutions" / "01_x.ipynb"
    src.parent.mkdir()
    nbformat.write(_solution_nb(), src)
    written = release([src], tmp_path / "out")
    assert [p.name for p in written] == ["01_x.ipynb"]
    assert "n = ____" in nbformat.read(written[0], as_version=4).cells[1].source
    with pytest.raises(ParameterError, match="`out`"):
        release([src], src.parent)
    with pytest.raises(ParameterError, match="`sources`"):
        release([tmp_path / "missing.ipynb"], tmp_path / "out")
    plain = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), plain)
    with pytest.raises(ParameterError, match="not a crmlab exercise"):
        release([plain], tmp_path / "out")
    assert main(["release", str(src), "--out", str(tmp_path / "cli")]) == 0
    assert "wrote" in capsys.readouterr().out and (tmp_path / "cli" / "01_x.ipynb").exists()


# -- the bank writes the solutions ------------------------------------------------------------------
def _kit_solution(name: str = "01_customer_archive.ipynb"):
    from crmlab.exercises.notebook import kit_exercises_dir

    path = kit_exercises_dir() / "solutions" / name
    return path, nbformat.read(path, as_version=4)


def _cell(nb, question):
    from crmlab.exercises.notebook import answer_cells

    (cell,) = answer_cells(nb, question)
    return cell


def test_fill_solutions_writes_the_bank_into_each_region():
    from crmlab.exercises.bank import get
    from crmlab.exercises.notebook import fill_solutions, notebook_text

    path, nb = _kit_solution()
    spec = get("01")
    _cell(nb, "q1").source = "### BEGIN SOLUTION -> n_buyers = ____\nn_buyers = 0\n### END SOLUTION\nex.q1.check(n_buyers)"
    _cell(nb, "q2").source = _cell(nb, "q2").source.replace("years - before_birthday", "years")
    before = nbformat.writes(nb)
    filled = fill_solutions(nb)
    assert nbformat.writes(nb) == before, "the notebook given is left unchanged"
    assert notebook_text(filled) == path.read_text(encoding="utf-8")
    assert _cell(filled, "q1").source == f"### BEGIN SOLUTION -> n_buyers = ____\n{spec.question('q1').solution}\n### END SOLUTION\nex.q1.check(n_buyers)"
    q2 = _cell(filled, "q2").source
    assert q2.startswith("def age_on(customers, as_of):\n    ### BEGIN SOLUTION -> return ____\n")
    assert solution_regions(q2)[0][1] == "\n".join(spec.question("q2").solution.splitlines()[1:])
    assert strip_solutions(q2) == "def age_on(customers, as_of):\n    return ____\nex.q2.check(age_on)"


@pytest.mark.parametrize(
    "change,match",
    [
        (lambda nb: setattr(_cell(nb, "q2"), "source", _cell(nb, "q2").source.replace("def age_on(", "def age(")), "first lines"),
        (lambda nb: setattr(_cell(nb, "q1"), "source", "n_buyers = 1\nex.q1.check(n_buyers)"), "one solution region"),
        (lambda nb: nb.cells.remove(_cell(nb, "q3")), "Exactly one cell must check q3"),
    ],
    ids=["a changed def line", "no region", "no answer cell"],
)
def test_a_notebook_that_does_not_fit_the_bank_is_an_error(change, match):
    from crmlab.exercises.notebook import fill_solutions

    _path, nb = _kit_solution()
    change(nb)
    with pytest.raises(ParameterError, match=match):
        fill_solutions(nb)


def test_release_from_the_bank_rewrites_the_solution_notebook_then_the_student_one(tmp_path, capsys):
    from crmlab.exercises.notebook import stale

    path, nb = _kit_solution()
    _cell(nb, "q3").source = _cell(nb, "q3").source.replace("archive.isna().mean()", "archive.isna().sum()")
    src = tmp_path / "solutions" / path.name
    src.parent.mkdir()
    nbformat.write(nb, src)
    out = tmp_path / "out"
    # notebooks given keep their own solutions unless asked
    assert release([src], out) == [out / path.name] and src.read_text(encoding="utf-8") != path.read_text(encoding="utf-8")
    # (the student version does not show the solutions: only the solution notebook is stale)
    assert stale([src], out) == [] and stale([src], out, from_bank=True) == [src]
    assert main(["release", str(src), "--out", str(out), "--from-bank", "--check"]) == 1
    assert str(src) in capsys.readouterr().out
    assert release([src], out, from_bank=True) == [src]
    assert src.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    assert (out / path.name).read_text(encoding="utf-8") == (path.parent.parent / path.name).read_text(encoding="utf-8")
    assert release([src], out, from_bank=True) == []  # nothing left to write
    assert main(["release", str(src), "--out", str(out), "--from-bank", "--check"]) == 0
    assert main(["release", str(src), "--out", str(out), "--from-bank"]) == 0
    assert "nothing to write" in capsys.readouterr().out
