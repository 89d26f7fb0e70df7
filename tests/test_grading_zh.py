"""Grading the Chinese exercise notebooks: each Chinese solution notebook runs to full marks on
fresh grading data of the Chinese company, each Chinese student notebook gets "not attempted"
everywhere, and each student's feedback file is in the language of their notebook; the
gradebook keeps its codes. The data's locale is the grader's choice, from the notebook's
metadata, whatever the notebook sets when it runs.

Exercises 01 and 02 run by default; 03–08 are marked slow (``-m "not slow"`` leaves them out).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest

from crmlab.exercises.bank import available, get
from crmlab.exercises.grading import grade
from crmlab.exercises.grading.gradebook import HEAD, TAIL
from crmlab.exercises.grading.judge import Judge
from crmlab.exercises.grading.language import of_notebook
from crmlab.exercises.grading.statuses import ALL as STATUSES
from crmlab.exercises.grading.task import Task

from .test_exercises_zh import CJK, CODE, code_words
from .zh_texts import TECHNICAL, english_words

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "exercises" / "zh_CN"
SEED = "test-grading-seed-zh"
QUICK = ("01", "02")


def chinese_only(text: str, spec, *names: str) -> list[str]:
    """The English words of a feedback file, apart from code: the exercise's names, the
    gradebook's codes (a status), file names, student ids and digests, technical tokens."""
    allowed = TECHNICAL | CODE | code_words(spec) | set(STATUSES) | {w for n in names for w in re.findall(r"[A-Za-z]+", n)}
    return english_words(text, allowed)


@pytest.mark.parametrize("ex_id", [ex if ex in QUICK else pytest.param(ex, marks=pytest.mark.slow) for ex in available()])
def test_the_chinese_notebooks_grade_as_expected_with_chinese_feedback(ex_id, tmp_path):
    spec = get(ex_id)
    solution, student = ZH / "solutions" / spec.notebook, ZH / spec.notebook
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "s_solved.ipynb").write_bytes(solution.read_bytes())  # the student id is the file's name
    (subs / "s_blank.ipynb").write_bytes(student.read_bytes())
    report = grade([subs], tmp_path / "gradebook.csv", exercise=ex_id, workers=2, timeout=300, grading_seed=SEED,
                   echo=None)
    by = {r.path.name: r for r in report.results}
    assert report.failed == [] and set(by) == {"s_solved.ipynb", "s_blank.ipynb"}
    solved, blank = by["s_solved.ipynb"], by["s_blank.ipynb"]
    assert solved.language == blank.language == "zh_CN"
    assert solved.status == "graded" and solved.outcomes == {q.name: "correct" for q in spec.questions}, solved.detail
    assert solved.total == spec.max_points
    assert blank.status == "graded" and blank.outcomes == {q.name: "not_attempted" for q in spec.questions}, blank.detail
    assert blank.total == 0

    for result, outcome in ((solved, "正确"), (blank, "未作答")):
        text = result.feedback.read_text(encoding="utf-8")
        assert text.startswith(f"# 反馈 · 练习 {ex_id} · "), text
        assert "得分" in text and "为评分重新生成的数据" in text
        rows = [line for line in text.splitlines() if line.startswith("| q")]
        assert len(rows) == len(spec.questions) and all(f"| {outcome} |" in row for row in rows), rows
        assert all(CJK.search(row.split("|")[1]) for row in rows)  # the questions' titles
        assert chinese_only(text, spec, result.path.name, result.student, result.sha256[:12]) == [], text

    # the gradebook is the instructor's: codes and numbers, as for every language
    with open(tmp_path / "gradebook.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [*HEAD, *(q.name for q in spec.questions), *TAIL]
    assert {r["status"] for r in rows} == {"graded"}
    assert sorted(r["total"] for r in rows) == ["0", f"{spec.max_points:g}"]


# -- the data's locale is the grader's ------------------------------------------------------------
PEEK = """import crmlab
crmlab.set_language({language!r})
again = crmlab.exercises.start("01", student="someone-else")
print("LOCALE", ex.locale, again.locale, "NAME", ex.data.customers["name"].iloc[0])
"""


def test_the_grading_data_follows_the_notebooks_language_not_what_it_sets(tmp_path):
    """A Chinese notebook that switches to English, and an English one that switches to
    Chinese, still get the data of their declared language: the grader chose it."""
    chinese = nbformat.read(ZH / "01_customer_archive.ipynb", as_version=4)
    chinese.cells.append(nbformat.v4.new_code_cell(PEEK.format(language="en")))
    english = nbformat.read(ROOT / "exercises" / "01_customer_archive.ipynb", as_version=4)
    english.cells.append(nbformat.v4.new_code_cell(PEEK.format(language="zh_CN")))
    subs = tmp_path / "subs"
    nbformat.write(chinese, str(subs.mkdir() or subs / "zh.ipynb"))
    nbformat.write(english, str(subs / "en.ipynb"))
    report = grade([subs], tmp_path / "gb.csv", exercise="01", workers=2, timeout=300, grading_seed=SEED, echo=None)
    by = {r.path.name: r for r in report.results}
    assert report.failed == [] and {r.status for r in by.values()} == {"graded"}
    zh, en = by["zh.ipynb"], by["en.ipynb"]
    assert re.search(r"LOCALE zh_CN zh_CN NAME [\u4e00-\u9fff]+", zh.run.output), zh.run.output[-2000:]
    assert re.search(r"LOCALE en_US en_US NAME [A-Za-z]", en.run.output), en.run.output[-2000:]
    assert (zh.language, en.language) == ("zh_CN", "en")
    assert zh.feedback.read_text(encoding="utf-8").startswith("# 反馈 · 练习 01")
    english_text = en.feedback.read_text(encoding="utf-8")
    assert english_text.startswith("# Feedback · exercise 01") and not CJK.search(english_text)


def test_the_judge_and_the_grading_process_use_one_locale(tmp_path):
    spec = get("01")
    for language, locale in (("zh_CN", "zh_CN"), ("zh-CN", "zh_CN"), ("en", "en_US"), ("fr_FR", "en_US"),
                             ("zh_CN\n| q1 | 1 / 1 |", "en_US"), ("z" * 200, "en_US")):
        judge = Judge(spec, "s1", SEED, language)
        task = Task(judge.write_task(tmp_path / "task.json"))
        assert judge.locale == task.locale == locale, language
    assert judge.reference.data.metadata["parameters"]["locale"] == "en_US"
    assert Judge(spec, "s1", SEED, "zh_CN").reference.data.metadata["parameters"]["locale"] == "zh_CN"


@pytest.mark.parametrize("metadata,language", [
    ({"crmlab": {"exercise": "01", "language": "zh_CN"}}, "zh_CN"),
    ({"crmlab": {"exercise": "01", "language": "zh-Hans-CN"}}, "zh_CN"),
    ({"crmlab": {"exercise": "01"}}, "en"),
    ({"crmlab": {"exercise": "01", "language": "fr_FR"}}, "en"),
    ({"crmlab": {"exercise": "01", "language": "zh_CN\x1b[2J"}}, "en"),
    ({"crmlab": {"exercise": "01", "language": ["zh_CN"]}}, "en"),
    ({"crmlab": {"exercise": "01", "language": {"__class__": "zh_CN"}}}, "en"),
    ({"crmlab": "zh_CN"}, "en"),
    ({"crmlab": None}, "en"),
    ({}, "en"),
])
def test_a_notebooks_language_is_one_crmlab_speaks_or_english(metadata, language):
    assert of_notebook({"metadata": metadata, "cells": []}) == language
    assert of_notebook(None) == of_notebook([]) == of_notebook("zh_CN") == "en"
