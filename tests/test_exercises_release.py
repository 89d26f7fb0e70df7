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
