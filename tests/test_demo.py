"""Instructor demo mode: the dashboard notebook of a lesson and the command that serves it."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest

from crmlab.demo import demo_notebook, normalise_lesson, voila_command, write_demo
from crmlab.errors import ParameterError
from crmlab.widgets import lesson_explorers


def test_lesson_numbers_are_normalised():
    assert normalise_lesson(2) == "02" and normalise_lesson("02") == "02" and normalise_lesson(" 7") == "07"
    with pytest.raises(ParameterError, match="`lesson`.*'two'"):
        normalise_lesson("two")


def test_every_lesson_with_explorers_gets_a_dashboard_of_exactly_them(tmp_path):
    lessons = lesson_explorers()
    for lesson, names in lessons.items():
        path = write_demo(lesson, tmp_path)
        nb = nbformat.read(path, as_version=4)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        assert code[0] == 'import crmlab\ncrmlab.set_language("en");'  # the language of the demo
        assert len(code) == 1 + len(names)
        for source, name in zip(code[1:], names):
            assert source.endswith(f"crmlab.widgets.{name}()")


def test_a_lesson_without_explorers_is_a_clear_error():
    with pytest.raises(ParameterError, match="Lesson 99 has no explorers"):
        demo_notebook("99")


def test_voila_command_serves_on_loopback(tmp_path):
    cmd = voila_command(tmp_path / "x.ipynb", port=9999, browser=False, token="t")
    assert cmd[1:3] == ["-m", "voila"] and "--Voila.ip=127.0.0.1" in cmd and "--port=9999" in cmd
    assert "--no-browser" in cmd and "--token=t" in cmd


def test_cli_writes_the_dashboard(tmp_path):
    lessons = lesson_explorers()
    if not lessons:
        pytest.skip("no lesson explorers yet")
    lesson = next(iter(lessons))
    done = subprocess.run(
        [sys.executable, "-m", "crmlab.cli", "demo", lesson, "--write-only", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / f"lesson_{lesson}_demo.ipynb").exists()
    bad = subprocess.run([sys.executable, "-m", "crmlab.cli", "demo", "xx"], capture_output=True, text=True)
    assert bad.returncode == 2 and "`lesson`" in bad.stderr


def test_the_dashboard_page_and_errors_are_translated(fake_translation):
    from .i18n_fake import complete_table, english_words

    table = complete_table()
    fake_translation(table)
    lessons = lesson_explorers()
    lesson = next(iter(lessons))
    nb = demo_notebook(lesson)
    heading = nb.cells[0].source
    assert heading.startswith("# " + table["crmlab · Lesson {lesson}"].split(" ")[0]) and lesson in heading
    assert nb.metadata["title"] == heading[2:]
    assert english_words(heading) == [], heading
    for bad in ("two", "99"):
        with pytest.raises(ParameterError) as error:
            demo_notebook(bad)
        assert english_words(str(error.value)) == [], str(error.value)


def test_the_dashboard_page_in_english():
    lesson = next(iter(lesson_explorers()))
    nb = demo_notebook(lesson)
    assert nb.cells[0].source == f"# crmlab · Lesson {lesson}" and nb.metadata["title"] == f"crmlab · Lesson {lesson}"


# -- the Chinese edition's dashboard ----------------------------------------------------------------
def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("setting", [{"CRMLAB_LANGUAGE": "zh_CN"}, {"LANG": "zh_CN.UTF-8"}], ids=lambda s: next(iter(s)))
def test_with_chinese_the_dashboard_is_the_chinese_lessons(monkeypatch, setting):
    for name, value in setting.items():
        monkeypatch.setenv(name, value)
    lesson = next(iter(lesson_explorers()))
    nb = demo_notebook(lesson)
    assert nb.cells[0].source == f"# crmlab · 第 {lesson} 课" and nb.metadata["title"] == f"crmlab · 第 {lesson} 课"
    assert nb.cells[1].source == 'import crmlab\ncrmlab.set_language("zh_CN");'


def test_the_cli_language_option_chooses_the_dashboards_language(tmp_path):
    lesson = next(iter(lesson_explorers()))
    env = {k: v for k, v in os.environ.items() if k not in ("CRMLAB_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    for language, heading in (("zh_CN", f"# crmlab · 第 {lesson} 课"), ("en", f"# crmlab · Lesson {lesson}")):
        done = subprocess.run(
            [sys.executable, "-m", "crmlab.cli", "demo", lesson, "--language", language, "--write-only", str(tmp_path / language)],
            capture_output=True, text=True, env={**env, "LANG": "zh_CN.UTF-8" if language == "en" else "C.UTF-8"},
        )
        assert done.returncode == 0, done.stderr
        nb = nbformat.read(tmp_path / language / f"lesson_{lesson}_demo.ipynb", as_version=4)
        assert nb.cells[0].source == heading and f'set_language("{language}")' in nb.cells[1].source
    bad = subprocess.run(
        [sys.executable, "-m", "crmlab.cli", "demo", lesson, "--language", "xx", "--write-only", str(tmp_path / "xx")],
        capture_output=True, text=True, env=env,
    )
    assert bad.returncode == 2 and "`language`" in bad.stderr and not (tmp_path / "xx").exists()


@pytest.mark.slow
def test_the_chinese_dashboard_runs_with_chinese_widgets_in_an_english_kernel(monkeypatch, tmp_path):
    """Executed as Voilà executes it, in a kernel whose environment is English: the explorers'
    controls and texts are Chinese, and no picture misses a glyph."""
    from nbclient import NotebookClient

    monkeypatch.setenv("CRMLAB_LANGUAGE", "zh_CN")
    lesson = next(iter(lesson_explorers()))
    path = write_demo(lesson, tmp_path)
    nb = nbformat.read(path, as_version=4)
    monkeypatch.setenv("CRMLAB_LANGUAGE", "en")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    streams = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Glyph" not in streams and "missing from" not in streams, streams
    assert nb.cells[1].outputs == []  # the language cell shows nothing
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == len(lesson_explorers()[lesson])
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    descriptions = [m["state"].get("description", "") for m in state.values() if m["state"].get("description")]
    htmls = [m["state"].get("value", "") for m in state.values() if m["model_name"] == "HTMLModel"]
    assert descriptions and all(_chinese(d) for d in descriptions), descriptions
    assert any(_chinese(h) for h in htmls)
