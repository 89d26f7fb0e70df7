"""The instructor demo: a lesson's explorers served by Voilà render as widgets and respond."""

from __future__ import annotations

import subprocess

import pytest

from crmlab.demo import voila_command, write_demo
from crmlab.widgets import lesson_explorers

from .conftest import TOKEN, _free_port, _wait_http, isolated_env, screenshot
from .lab import explorer_count, move_one_control

LESSONS = list(lesson_explorers())


@pytest.mark.browser
@pytest.mark.parametrize("lesson", LESSONS[:1])
def test_voila_dashboard_renders_and_responds(browser, tmp_path, lesson):
    path = write_demo(lesson, tmp_path / "demo")
    port = _free_port()
    log = open(tmp_path / "voila.log", "w")
    proc = subprocess.Popen(
        voila_command(path, port=port, browser=False, token=TOKEN),
        cwd=path.parent,
        env=isolated_env(tmp_path),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        _wait_http(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", proc)
        page.goto(f"http://127.0.0.1:{port}/?token={TOKEN}", timeout=120_000)
        page.wait_for_selector(".crmlab-explorer", timeout=120_000)
        assert explorer_count(page) == len(lesson_explorers()[lesson])
        assert page.query_selector(".jp-CodeCell .jp-InputArea") is None  # no code on screen
        for i in range(explorer_count(page)):
            move_one_control(page, i)
        screenshot(page, f"voila_{lesson}")
    finally:
        page.close()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
