"""The Chinese edition of the exercises: the handed-out notebooks are what ``crmlab release``
makes from the Chinese solutions, and a Chinese session of every exercise works on the Chinese
company and says everything in Chinese — welcome, titles, checks, hints, solutions, progress.
(Grading the Chinese notebooks: ``tests/test_grading_zh.py``.)"""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import crmlab
from crmlab.exercises import ____, progress
from crmlab.exercises.bank import available, get
from crmlab.exercises.code_comments import translate_comments
from crmlab.exercises.session import Exercise, data_locale, derive_seed, start

from .zh_texts import TECHNICAL, english_words

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "exercises" / "zh_CN"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Names in formulas, signatures and descriptions of an answer (the types of Python and pandas).
CODE = {"DataFrame", "Series", "None", "NaN", "True", "False", "int", "float", "str", "list", "dict", "set", "tuple"}


@pytest.fixture()
def log(tmp_path, monkeypatch):
    path = tmp_path / "progress.jsonl"
    monkeypatch.setenv(progress.ENV, str(path))
    monkeypatch.delenv("CRMLAB_GRADING_SEED", raising=False)
    return path


def code_words(spec, data=None) -> set[str]:
    """The words of an exercise's code (setup, solutions, known-wrong answers, answer names) and
    of its tables' names and columns: code, the same in every language."""
    texts = [spec.setup]
    for q in spec.questions:
        texts += [q.solution, q.answer, q.wrong_type, *(w.code for w in q.wrong)]
    if data is not None:
        for name in data.visible:
            texts += [name, *map(str, data[name].columns)]
    return {w for text in texts for w in re.findall(r"[A-Za-z]+", text)}


# -- the handed-out notebooks ---------------------------------------------------------------------
def test_releasing_the_chinese_solutions_gives_the_chinese_student_notebooks(tmp_path, capsys):
    """``crmlab release exercises/zh_CN/solutions/*.ipynb --out DIR`` writes exactly the student
    notebooks of ``exercises/zh_CN`` (language kept in their metadata), and nothing else."""
    from crmlab.cli import main

    sources = sorted((ZH / "solutions").glob("[0-9][0-9]_*.ipynb"))
    assert [s.name[:2] for s in sources] == available()
    assert main(["release", *map(str, sources), "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [s.name for s in sources]
    for source in sources:
        made = (tmp_path / source.name).read_text(encoding="utf-8")
        assert made == (ZH / source.name).read_text(encoding="utf-8"), source.name
        assert '"language": "zh_CN"' in made and '"version": "student"' in made


# -- the data's locale ----------------------------------------------------------------------------
def test_the_data_follows_the_language_and_the_english_numbers_are_unchanged(log, capsys):
    spec = get("02")
    english = start("02", student="s2025001")
    assert english.locale == "en_US"
    # the English edition's data is what it always was: the generator's defaults, English names
    before = crmlab.generate(seed=derive_seed("02", "s2025001"), customers=spec.customers, **spec.generate)
    pd.testing.assert_frame_equal(english.data.customers, before.customers)
    pd.testing.assert_frame_equal(english.data.orders, before.orders)

    crmlab.set_language("zh_CN")
    chinese = start("02", student="s2025001")
    assert chinese.locale == "zh_CN" and chinese.seed == english.seed
    assert chinese.data.metadata["parameters"]["locale"] == "zh_CN"
    names = chinese.data.customers["name"]
    assert names.map(lambda n: bool(CJK.search(n))).all(), names.head()
    assert chinese.data.customers["province"].str.endswith(("省", "市", "自治区", "特别行政区")).mean() > 0.9
    # same numbers, other names: the answers of a number question are the same in both editions
    pd.testing.assert_frame_equal(chinese.data.orders, english.data.orders)
    identity = ["name", "phone", "email", "province", "city", "address", "postcode", "id_number"]
    pd.testing.assert_frame_equal(chinese.data.customers.drop(columns=identity),
                                  english.data.customers.drop(columns=identity))
    assert chinese.q6.expected() == english.q6.expected()  # the Gini coefficient: a number
    start_events = [e for e in progress.read(log) if e["event"] == "start"]
    assert [e["locale"] for e in start_events] == ["en_US", "zh_CN"]


def test_an_exercise_that_fixes_its_data_keeps_it_in_every_language():
    spec = get("02")
    fixed = replace(spec, generate={**spec.generate, "locale": "en_US"})
    assert data_locale(spec, "zh_CN") == "zh_CN" and data_locale(spec, "en") == "en_US"
    assert data_locale(fixed, "zh_CN") == "en_US"
    crmlab.set_language("zh_CN")
    assert data_locale(spec) == "zh_CN" and data_locale(fixed) == "en_US"
    ex = Exercise(fixed, "s1")
    assert ex.locale == "en_US" and not CJK.search(ex.data.customers["name"].iloc[0])


def test_speaking_changes_the_language_of_this_thread_only():
    from crmlab.i18n import _, get_language, speaking

    seen = {}

    def other():
        seen["language"] = get_language()
        seen["text"] = _("not attempted")

    with speaking("zh-CN") as chosen:
        assert chosen == "zh_CN" and get_language() == "zh_CN"
        assert _("not attempted") == "未作答"
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        with speaking("en"):
            assert _("not attempted") == "not attempted"
        assert get_language() == "zh_CN"
    assert seen == {"language": "en", "text": "not attempted"}
    assert get_language() == "en"
    with pytest.raises(crmlab.errors.ParameterError):
        with speaking("klingon"):
            pass


# -- a Chinese session of every exercise ----------------------------------------------------------
def _answer(ex, code: str, name: str, capsys):
    """The answer ``code`` computes (what it prints is the student's code's output, not a text of
    crmlab's: left out)."""
    shown = capsys.readouterr().out
    ns = ex.namespace()
    exec(compile(code, f"<{ex.exercise} {name}>", "exec"), ns)
    capsys.readouterr()
    print(shown, end="")
    return ns[name]


@pytest.mark.parametrize("ex_id", available())
def test_a_chinese_session_is_chinese_from_start_to_progress(ex_id, log, capsys):
    """Start, every question's title, hints, a blank, a known slip and the solution checked,
    the solution shown, the progress table: Chinese only, apart from code (the exercise's names,
    its tables' columns) and technical tokens; on the Chinese company, where every solution is
    correct."""
    crmlab.set_language("zh_CN")
    ex = start(ex_id, student="s2025001")
    assert ex.locale == "zh_CN" and CJK.search(ex.data.customers["name"].iloc[0])
    spec = ex.spec
    shown = [repr(ex)]
    for q in spec.questions:
        bound = getattr(ex, q.name)
        shown.append(repr(bound))
        bound.hint()
        bound.hint(len(q.hints) + 1)  # past the last one: says so, in Chinese
        bound.check(____)
        bound.check(_answer(ex, q.wrong[0].code, q.answer, capsys))
        bound.check(_answer(ex, q.solution, q.answer, capsys))
        bound.solution()
    table = ex.progress()
    shown += [capsys.readouterr().out, table.to_string()]
    text = "\n".join(shown)
    for q in spec.questions:  # a solution shown is code (its comments: test_a_solutions_comments_are_translated)
        text = text.replace(translate_comments(q.solution.strip(), spec.text), " ")
    allowed = TECHNICAL | CODE | code_words(spec, ex.data)
    assert english_words(text, allowed) == [], text
    outcomes = [(e["question"], e["outcome"]) for e in progress.read(log) if e["event"] == "check"]
    assert outcomes == [(q.name, o) for q in spec.questions for o in ("not_attempted", "incorrect", "correct")]
    assert list(table.columns) == ["题目", "标题", "结果", "检查次数", "已看提示数", "已看答案"], table.columns
    assert set(table["结果"]) == {"正确"}
    for must in ("练习", "提示", "正确", "未作答"):
        assert must in text, must


# -- the comments of a solution -------------------------------------------------------------------
def test_a_solutions_comments_are_translated(fake_translation, log, capsys):
    """``ex.qN.solution()`` shows the code as it is and its comments in the reader's language;
    every comment of a solution in the bank is marked for translation."""
    from .i18n_fake import msgids

    fake_translation({"grade C: pay before goods (现款后货)": "C 级：现款后货"})
    ex = Exercise(get("03"), "s1")
    ex.q6.solution()
    assert "policy = ex.q6.letter('pay_before_goods')  # C 级：现款后货\n" in capsys.readouterr().out
    extracted = msgids()
    comments: list[str] = []
    for ex_id in available():
        for q in get(ex_id).questions:
            translate_comments(q.solution, lambda text: comments.append(text) or text)
    assert len(comments) >= 4 and [c for c in comments if c not in extracted] == []


def test_translating_comments_leaves_the_code_alone():
    code = 'x = "a # b"  # first\n\ndef f():\n    # second\n    return "#"\n'
    shown = translate_comments(code, lambda text: text.upper())
    assert shown == 'x = "a # b"  # FIRST\n\ndef f():\n    # SECOND\n    return "#"\n'
    assert translate_comments("def broken(:\n  # note", str.upper) == "def broken(:\n  # note"
    assert translate_comments("x = 1", str.upper) == "x = 1"
