"""Keep notebooks stored the way CI checks them.

Notebooks are stored without outputs, except cells marked ``# NBVAL_CHECK_OUTPUT``: those
keep the (small, deterministic, text-only) output that ``pytest --nbval-lax`` compares against
on every run. ``python -m tests.nbtools refresh notebooks/*.ipynb exercises/*.ipynb`` executes
each notebook, keeps the outputs of marked cells and strips everything else.
"""

from __future__ import annotations

import sys
from pathlib import Path

MARK = "# NBVAL_CHECK_OUTPUT"


def is_marked(cell) -> bool:
    return cell.get("cell_type") == "code" and cell.get("source", "").lstrip().startswith(MARK)


def strip(nb) -> None:
    """Clear every output except those of marked cells (whose execution count becomes 1, as
    nbval requires of a reference); drop execution counts and widget state."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if not is_marked(cell):
            cell.execution_count = None
            cell.outputs = []
        else:
            # nbval compares only cells that have run: a reference cell keeps a (constant) count
            cell.execution_count = 1
            for out in cell.outputs:
                if "execution_count" in out:
                    out["execution_count"] = 1
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)


def refresh(path: Path, timeout: int = 300) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    strip(nb)
    nbformat.write(nb, path)


if __name__ == "__main__":  # pragma: no cover
    command, *paths = sys.argv[1:]
    if command != "refresh":
        raise SystemExit("usage: python -m tests.nbtools refresh NOTEBOOK…")
    for p in paths:
        refresh(Path(p))
        print("refreshed", p)
