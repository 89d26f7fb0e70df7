"""Every lesson runs in JupyterLab in a real browser: no error, real widgets that respond."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, screenshot
from .lab import error_outputs, explorer_count, move_one_control, open_notebook, run_all, wait_idle

LESSONS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.browser
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: Path(p).stem)
def test_lesson_runs_in_jupyterlab(browser, lab_server, path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        open_notebook(page, lab_server, path)
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
        screenshot(page, Path(path).stem)
    finally:
        page.close()
