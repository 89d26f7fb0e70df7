"""Instructor demo mode: the dashboard notebook of a lesson and the command that serves it."""

from __future__ import annotations

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
        assert len(code) == len(names)
        for source, name in zip(code, names):
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
