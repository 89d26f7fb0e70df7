"""Driving a notebook in JupyterLab: open it, run all cells, read the outputs."""

from __future__ import annotations

from .conftest import TOKEN

IDLE = "Python 3 (ipykernel) | Idle"


def open_notebook(page, base: str, path: str, timeout_ms: int = 90_000) -> None:
    page.goto(f"{base}/lab/tree/{path}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-Notebook", timeout=timeout_ms)
    page.wait_for_function(
        "s => (document.querySelector('#jp-main-statusbar')?.innerText || '').includes(s)",
        arg=IDLE,
        timeout=timeout_ms,
    )


def run_all(page, timeout_ms: int = 180_000) -> None:
    """Run All Cells through the command palette, then wait until every code cell has run."""
    page.click(".jp-Notebook")
    page.keyboard.press("Control+Shift+C")
    page.wait_for_selector(".lm-CommandPalette-input")
    page.fill(".lm-CommandPalette-input", "Run All Cells")
    page.keyboard.press("Enter")
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.innerText));
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_function(
        "s => (document.querySelector('#jp-main-statusbar')?.innerText || '').includes(s)",
        arg=IDLE,
        timeout=timeout_ms,
    )


def error_outputs(page) -> list[str]:
    """Text of every output that is an error (a traceback)."""
    texts = page.eval_on_selector_all(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
        "els => els.map(e => e.innerText)",
    )
    return [t for t in texts if "Traceback" in t or "Error" in t.split("\n", 1)[0]]
