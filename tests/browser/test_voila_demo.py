"""The instructor demo: a lesson's explorers served by Voilà render as widgets and respond; the
Chinese demo (crmlab speaking Chinese) shows the Chinese lesson's explorers, in a kernel whose
environment is English."""

from __future__ import annotations

import subprocess

import pytest

from crmlab.demo import voila_command, write_demo
from crmlab.widgets import lesson_explorers

from .conftest import TOKEN, _free_port, _wait_http, isolated_env, screenshot
from .lab import KernelMessages, explorer_count, move_one_control

LESSONS = list(lesson_explorers())


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("lesson", LESSONS[:1])
def test_voila_dashboard_renders_and_responds(browser, tmp_path, monkeypatch, lesson, language):
    if language != "en":
        monkeypatch.setenv("CRMLAB_LANGUAGE", language)  # crmlab demo run by a Chinese user
    path = write_demo(lesson, tmp_path / "demo")
    monkeypatch.delenv("CRMLAB_LANGUAGE", raising=False)  # Voilà's kernel: an English environment
    port = _free_port()
    log_path = tmp_path / "voila.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        voila_command(path, port=port, browser=False, token=TOKEN),
        cwd=path.parent,
        env=isolated_env(tmp_path),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    kernel = KernelMessages(page)
    try:
        _wait_http(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", proc)
        page.goto(f"http://127.0.0.1:{port}/?token={TOKEN}", timeout=120_000)
        page.wait_for_selector(".crmlab-explorer", timeout=120_000)
        assert explorer_count(page) == len(lesson_explorers()[lesson])
        assert page.query_selector(".jp-CodeCell .jp-InputArea") is None  # no code on screen
        for i in range(explorer_count(page)):
            move_one_control(page, i)
        heading = page.inner_text("h1")
        headings = [e.inner_text() for e in page.query_selector_all(".crmlab-explorer h3")]
        if language == "zh_CN":
            assert heading.startswith(f"crmlab · 第 {lesson} 课") and page.title() == f"crmlab · 第 {lesson} 课"
            assert headings and all(_chinese(h) for h in headings), headings
            for explorer in page.query_selector_all(".crmlab-explorer"):
                labels = explorer.eval_on_selector_all(".widget-label", "es => es.map(e => e.innerText)")
                labels = [t for t in labels if t.replace("\u200b", "").strip()]
                assert labels and all(_chinese(t) for t in labels), labels
            assert kernel.frames and kernel.glyph_warnings() == []
        else:
            assert heading.startswith(f"crmlab · Lesson {lesson}") and not any(_chinese(h) for h in headings)
        screenshot(page, f"voila_{lesson}" if language == "en" else f"voila_{language}_{lesson}")
    finally:
        page.close()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    assert "missing from font" not in log_path.read_text(encoding="utf-8", errors="replace")
