"""Every lesson runs in JupyterLab in a real browser without an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, screenshot
from .lab import error_outputs, open_notebook, run_all

LESSONS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.browser
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: Path(p).stem)
def test_lesson_runs_in_jupyterlab(browser, lab_server, path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        open_notebook(page, lab_server, path)
        run_all(page)
        screenshot(page, Path(path).stem)
        assert error_outputs(page) == []
        # the widgets' text fallback means the widget manager is broken
        assert "IntSlider(" not in page.inner_text(".jp-Notebook")
        images = page.query_selector_all(".jp-RenderedImage img")
        assert images, "the lesson shows no picture"
    finally:
        page.close()
