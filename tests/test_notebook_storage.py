"""Notebooks are stored without outputs, except the reference outputs of marked cells."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from .nbtools import MARK, is_marked

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("exercises/*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs_but_the_marked_references(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if is_marked(cell):
            assert cell.execution_count == 1, f"cell {i}: a reference cell keeps execution count 1"
            assert cell.outputs, f"cell {i} is marked {MARK} but stores no reference output"
            for out in cell.outputs:
                assert out.output_type in ("stream", "execute_result"), f"cell {i}: only text outputs are compared"
                if out.output_type == "execute_result":
                    assert set(out.data) <= {"text/plain"}, f"cell {i}: reference must be plain text"
        else:
            assert cell.execution_count is None, f"cell {i} keeps an execution count"
            assert not cell.outputs, f"cell {i} stores outputs"


def test_lessons_are_numbered_and_complete():
    names = [p.stem for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    lessons = [n for n in names if "appendix" not in n]
    assert [n[:2] for n in lessons] == [f"{i:02d}" for i in range(9)], names
    assert any("appendix" in n for n in names), "the scaling-up appendix is missing"


HOW_MARK = "# How it is computed"
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _asserts(source: str) -> bool:
    """True if the code holds an ``assert`` statement or calls an ``assert_…`` function."""
    import ast

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith("assert_"):
                return True
    return False


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_shows_how_its_results_are_computed(path):
    """Every lesson has at least one collapsed 'how it is computed' cell: a markdown lead-in, then a
    hidden code cell that recomputes a helper's result in plain pandas and asserts they agree."""
    nb = nbformat.read(path, as_version=4)
    found = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.lstrip().startswith(HOW_MARK):
            continue
        found += 1
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"cell {cell.id} is not collapsed"
        assert _asserts(cell.source), f"cell {cell.id} checks nothing against the helper"
        lead = nb.cells[i - 1]
        assert lead.cell_type == "markdown" and lead.source.lstrip().startswith("**How it is computed"), (
            f"cell {cell.id} has no 'How it is computed' lead-in"
        )
    assert found >= 1, f"{path.name} has no 'how it is computed' cell"


def test_how_cells_have_unique_ids():
    seen: dict[str, str] = {}
    for path in LESSONS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.id.startswith("how"):
                assert cell.id not in seen, f"cell id {cell.id} is used in {seen[cell.id]} and {path.name}"
                seen[cell.id] = path.name
