"""Every lesson runs in JupyterLab in a real browser: no error, real widgets that respond, no
picture missing a glyph. The Chinese edition runs in the lab a Chinese user gets (started as
``sh dev.sh lab`` starts it, with ``CRMLAB_LANGUAGE=zh_CN``), whose own interface is Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, screenshot
from .lab import (
    UI,
    KernelMessages,
    error_outputs,
    explorer_count,
    glyph_warnings_in_outputs,
    menu_bar,
    move_one_control,
    open_notebook,
    run_all,
    ui_language,
    wait_idle,
)

LESSONS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LESSONS_ZH = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks" / "zh_CN").glob("[0-9][0-9]_*.ipynb"))


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def run_lesson(page, base: str, path: str) -> KernelMessages:
    """Open the lesson, run it all, check its outputs and move one control of every explorer."""
    kernel = KernelMessages(page)
    open_notebook(page, base, path)
    run_all(page)
    assert error_outputs(page) == []
    text = page.inner_text(".jp-Notebook")
    # the widgets' text fallback ("IntSlider(...)", "VBox(...)") means the widget manager is broken
    for fallback in ("IntSlider(", "FloatSlider(", "VBox(children", "Dropdown("):
        assert fallback not in text
    images = page.query_selector_all(".jp-RenderedImage img")
    assert images, "the lesson shows no picture"
    count = explorer_count(page)
    if "appendix" not in path:
        assert count >= 1, "the lesson has no interactive explorer"
    for i in range(count):
        move_one_control(page, i)
    wait_idle(page)
    # a character no font has is drawn as a box, with a warning that may show in no cell
    assert glyph_warnings_in_outputs(page) == []
    assert kernel.frames, "nothing was recorded from the kernel"
    assert kernel.glyph_warnings() == []
    return kernel


@pytest.mark.browser
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: Path(p).stem)
def test_lesson_runs_in_jupyterlab(browser, lab_server, path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        run_lesson(page, lab_server, path)
        assert ui_language(page) == "en"
        screenshot(page, Path(path).stem)
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", LESSONS_ZH, ids=lambda p: "zh_CN-" + Path(p).stem)
def test_chinese_lesson_runs_in_the_chinese_jupyterlab(browser, lab_server_zh, path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        run_lesson(page, lab_server_zh.base, path)
        assert ui_language(page) == "zh_CN"
        # the explorers speak Chinese: headings and the captions of their controls
        for explorer in page.query_selector_all(".crmlab-explorer"):
            assert _chinese(explorer.eval_on_selector("h3", "e => e.innerText"))
            labels = explorer.eval_on_selector_all(".widget-label", "es => es.map(e => e.innerText)")
            labels = [t for t in labels if t.replace("\u200b", "").strip()]  # a control without caption shows a zero-width space
            assert labels and all(_chinese(t) for t in labels), labels
        screenshot(page, "zh_CN_" + Path(path).stem)
    finally:
        page.close()
    assert "missing from font" not in lab_server_zh.log.read_text(encoding="utf-8", errors="replace")


@pytest.mark.browser
def test_the_chinese_lab_has_chinese_menus(browser, lab_server_zh):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        open_notebook(page, lab_server_zh.base, "notebooks/zh_CN/00_welcome.ipynb")
        titles = menu_bar(page)
        assert titles[0] == UI["zh_CN"]["file_menu"] and "编辑" in titles and "File" not in titles, titles
        page.click(f"#jp-menu-panel .lm-MenuBar-item:has-text('{UI['zh_CN']['file_menu']}')")
        page.wait_for_selector(".lm-Menu", timeout=10_000)
        items = page.inner_text(".lm-Menu")
        assert _chinese(items) and "New" not in items.split(), items
        screenshot(page, "zh_CN_lab_file_menu")
    finally:
        page.close()
