"""Driving a notebook in JupyterLab: open it, run all cells, read the outputs.

JupyterLab's interface may be English or Chinese (the language pack): the few interface texts
these helpers look for are in :data:`UI`, and :func:`ui_language` tells which the page shows.
"""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import TOKEN

#: JupyterLab's own texts the helpers use, per interface language (zh_CN: the language pack's).
UI = {
    "en": {"file_menu": "File", "run_menu": "Run", "run_all": "Run All Cells", "idle": "Python 3 (ipykernel) | Idle"},
    "zh_CN": {"file_menu": "文件", "run_menu": "运行", "run_all": "运行所有单元格", "idle": "Python 3 (ipykernel) | 空闲"},
}
IDLE = UI["en"]["idle"]
_IDLE_JS = """ss => {
    const text = document.querySelector('#jp-main-statusbar')?.innerText || '';
    return ss.some(s => text.includes(s));
}"""
_IDLE_TEXTS = [texts["idle"] for texts in UI.values()]
#: matplotlib's warning for a character no font of the picture has (a box drawn instead).
GLYPH_MISSING = re.compile(r"Glyph \d+ .{0,80}?missing from font")


def menu_bar(page) -> list[str]:
    """The titles of JupyterLab's main menus, as shown."""
    return [t.strip() for t in page.eval_on_selector_all("#jp-menu-panel .lm-MenuBar-itemLabel", "es => es.map(e => e.innerText)")]


def ui_language(page) -> str:
    """The language of JupyterLab's interface on ``page`` (read from its File menu)."""
    titles = menu_bar(page)
    for language, texts in UI.items():
        if texts["file_menu"] in titles:
            return language
    raise AssertionError(f"no File menu in {titles}")


def open_notebook(page, base: str, path: str, timeout_ms: int = 90_000) -> None:
    page.goto(f"{base}/lab/tree/{path}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-Notebook", timeout=timeout_ms)
    page.wait_for_function(_IDLE_JS, arg=_IDLE_TEXTS, timeout=timeout_ms)


def run_all(page, timeout_ms: int = 180_000) -> None:
    """Run → Run All Cells from the menu bar, then wait until every code cell has run. (The
    menu, not the command palette: the palette finds no command for a Chinese query.)"""
    texts = UI[ui_language(page)]
    page.click(".jp-Notebook")
    page.click(f"#jp-menu-panel .lm-MenuBar-itemLabel:text-is('{texts['run_menu']}')")
    page.click(f".lm-Menu .lm-Menu-itemLabel:text-is('{texts['run_all']}')")
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.innerText));
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_function(_IDLE_JS, arg=_IDLE_TEXTS, timeout=timeout_ms)


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
    page.wait_for_function(_IDLE_JS, arg=_IDLE_TEXTS, timeout=timeout_ms)


class KernelMessages:
    """Everything the kernels send to a page (their websocket frames), recorded from the moment
    it is made: outputs of cells, of widgets, and what no output area shows (a warning raised
    while an explorer redraws after a control moved)."""

    def __init__(self, page):
        self.frames: list[str] = []
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        if "/channels" in ws.url:
            ws.on("framereceived", self._received)

    def _received(self, payload) -> None:
        self.frames.append(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload)

    def glyph_warnings(self) -> list[str]:
        return [m.group(0) for frame in self.frames for m in GLYPH_MISSING.finditer(frame)]


def glyph_warnings_in_outputs(page) -> list[str]:
    """matplotlib's missing-glyph warnings among the outputs shown on the page."""
    text = " ".join(page.eval_on_selector_all(".jp-OutputArea-output", "els => els.map(e => e.innerText)"))
    return GLYPH_MISSING.findall(text)
