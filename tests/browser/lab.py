"""Driving a notebook in JupyterLab: open it, run all cells, read the outputs."""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeout

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


def explorer_count(page) -> int:
    return len(page.query_selector_all(".crmlab-explorer"))


def move_one_control(page, explorer_index: int, timeout_ms: int = 30_000) -> None:
    """Move the first slider (or change the first dropdown) of one explorer and wait until its
    output (summary, table or figure) changes."""
    explorer = page.query_selector_all(".crmlab-explorer")[explorer_index]
    explorer.scroll_into_view_if_needed()
    before = explorer.eval_on_selector(".crmlab-summary", "e => e.innerHTML") + explorer.eval_on_selector(
        ".crmlab-table", "e => e.innerHTML"
    )
    assert explorer.eval_on_selector(".crmlab-error", "e => e.innerText") == "", "the explorer starts with an error"
    figure_before = explorer.eval_on_selector(".crmlab-figure", "e => e.innerHTML")
    handle = explorer.query_selector(".widget-slider .noUi-handle")
    if handle is not None:
        handle.focus()
        handle.press("ArrowRight")
    else:
        select = explorer.query_selector(".widget-dropdown select")
        assert select is not None, "the explorer has neither a slider nor a dropdown"
        options = select.eval_on_selector_all("option", "os => os.map(o => o.value)")
        current = select.input_value()
        select.select_option(next(o for o in options if o != current))
    page.wait_for_function(
        """([el, before, figureBefore]) => {
            if (el.querySelector('.crmlab-error').innerText !== '') return false;
            const now = el.querySelector('.crmlab-summary').innerHTML + el.querySelector('.crmlab-table').innerHTML;
            return now !== before || el.querySelector('.crmlab-figure').innerHTML !== figureBefore;
        }""",
        arg=[explorer, before, figure_before],
        timeout=timeout_ms,
    )
    # the text can change before the new picture arrives: give the picture a moment too, so a
    # screenshot shows them together (a control that leaves the picture alone just waits this out)
    try:
        page.wait_for_function(
            "([el, figureBefore]) => el.querySelector('.crmlab-figure').innerHTML !== figureBefore",
            arg=[explorer, figure_before],
            timeout=3_000,
        )
    except PlaywrightTimeout:
        pass


def wait_idle(page, timeout_ms: int = 60_000) -> None:
    page.wait_for_function(
        "s => (document.querySelector('#jp-main-statusbar')?.innerText || '').includes(s)",
        arg=IDLE,
        timeout=timeout_ms,
    )
