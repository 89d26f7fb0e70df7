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
