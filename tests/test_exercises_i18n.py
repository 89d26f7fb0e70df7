"""Every text a student meets in an exercise session is marked for translation, and a complete
translation leaves no English on screen (outside code)."""

from __future__ import annotations

import functools
import re
import string

import pandas as pd
import pytest

from crmlab.errors import ParameterError, ParameterTypeError
from crmlab.exercises import compare as C
from crmlab.exercises import progress
from crmlab.exercises.bank import available, get
from crmlab.exercises.messages import CORE, MESSAGES, template
from crmlab.exercises.session import Exercise, start

from .i18n_fake import complete_table, english_words, msgids


@pytest.fixture()
def log(tmp_path, monkeypatch):
    path = tmp_path / "progress.jsonl"
    monkeypatch.setenv(progress.ENV, str(path))
    monkeypatch.delenv("CRMLAB_GRADING_SEED", raising=False)
    return path


def session_texts() -> dict[str, str]:
    """Every text of the exercises a student can see, with where it comes from."""
    out = {f"message {key}": text for key, text in CORE.items()}
    for exercise in available():
        spec = get(exercise)
        out[f"exercise {exercise} title"] = spec.title
        out.update({f"message {key}": text for key, text in spec.messages.items()})
        for q in spec.questions:
            out[f"exercise {exercise} {q.name} title"] = q.title
            out.update({f"exercise {exercise} {q.name} hint {i}": h for i, h in enumerate(q.hints, 1)})
    return out


def test_every_text_of_a_session_is_in_the_extracted_catalogue():
    """Messages, titles and hints are marked where they are written: Babel extracts each as it
    is shown (the catalogue is made from this extraction)."""
    extracted = msgids()
    missing = [f"{where}: {text!r}" for where, text in session_texts().items() if text not in extracted]
    assert missing == [], "\n".join(missing)
    assert len(session_texts()) > 300


def test_the_units_and_words_quoted_in_messages_are_extracted():
    """What one row stands for ("customer" …) is marked with the context "row unit"."""
    units = msgids("row unit")
    assert {"row", "customer", "account", "field of the archive", "customer in `review`"} <= units


def shows(text: str, msgid: str, context: str | None = None) -> bool:
    """Whether ``text`` shows the fake translation of ``msgid`` (its "中<i>")."""
    mark = complete_table()[(context, msgid) if context else msgid].split(" ")[0]
    return re.search(rf"{mark}(?!\d)", text) is not None


def _run(ex: Exercise, code: str, name: str):
    ns = ex.namespace()
    exec(compile(code, "<answer>", "exec"), ns)
    return ns[name]


def test_a_whole_session_shows_no_english_under_a_complete_translation(fake_translation, log, capsys):
    fake_translation(complete_table())
    ex = start("01", student="s2025001")
    spec = ex.spec
    q1, q2 = spec.question("q1"), spec.question("q2")
    ex.q1.check(_run(ex, "n_buyers = len(orders)", "n_buyers"))  # a known slip: the exercise's message
    ex.q1.check("12")  # wrong type, with a description of the answer
    ex.q1.check()  # nothing passed
    ex.q3.check(_run(ex, "missing_share = archive.isna().mean(axis=1)", "missing_share"))  # wrong length: a unit
    ex.q3.check(_run(ex, "missing_share = archive.isna().mean() * 100", "missing_share"))  # percent vs fraction
    ex.q1.check(_run(ex, q1.solution, q1.answer))  # right
    ex.q2.check(_run(ex, q2.solution, q2.answer))
    ex.q4.check("B ")
    ex.q1.hint()
    ex.q1.hint(2)
    ex.q1.hint(9)  # past the last hint: a note, then the last one
    ex.q2.solution()
    table = ex.progress()
    shown = [capsys.readouterr().out, table.to_string(), repr(ex), repr(ex.q1)]
    with pytest.raises(AttributeError) as unknown:
        ex.q99
    with pytest.raises(ParameterError) as bad_hint:
        ex.q1.hint(0)
    with pytest.raises(ParameterError) as bad_exercise:
        start("99")
    with pytest.raises(ParameterTypeError) as bad_student:
        start("01", student=2025001)
    with pytest.raises(ParameterError) as bad_id:
        start("01", student="s 1")
    shown += [str(e.value) for e in (unknown, bad_hint, bad_exercise, bad_student, bad_id)]
    shown += [capsys.readouterr().out]
    text = "\n".join(shown).replace(q2.solution.strip(), " ")  # the solution shown is code
    assert english_words(text) == [], text
    # and the translation is what shows: each part of the session is there
    for msgid in [
        template("ex01_counted_orders"), template("wrong_type"), template("kind:integer"), template("describe:text"),
        template("no_answer_passed"), template("wrong_length"), template("percent_vs_fraction"),
        template("kind:percent"), template("heading:correct"), template("heading:incorrect"), template("welcome"),
        template("hint_heading"), template("no_more_hints"), template("solution_heading"), template("solution_note"),
        template("progress_heading"), template("progress_column:hints"), template("outcome:not_attempted"),
        template("yes"), template("no"), template("error:no_question"), template("hint_number"),
        template("error:exercise_value"), template("error:student_type"), template("error:student_value"),
        spec.title, q1.title, q1.hints[0], q1.hints[1], q1.hints[-1], q2.title,
    ]:
        assert shows(text, msgid), msgid
    assert shows(text, "field of the archive", "row unit")
    assert shows(table.to_string(), template("outcome:correct"))


@functools.lru_cache(maxsize=None)
def _session(exercise: str) -> Exercise:
    return Exercise(get(exercise), "t-i18n")


@pytest.mark.parametrize("exercise", available())
def test_every_known_slip_and_wrong_type_is_diagnosed_without_english(exercise, fake_translation):
    """Each question's known-wrong answers and wrong-type answer, on one student's data."""
    fake_translation(complete_table())
    ex = _session(exercise)
    shown = []
    for q in ex.spec.questions:
        bound = getattr(ex, q.name)
        shown.append(bound.title)
        for code in [w.code for w in q.wrong] + [q.wrong_type]:
            fb = bound.evaluate(_run(ex, code, q.answer))
            assert fb.outcome.value == "incorrect"
            if fb.key in {"function_raised", "could_not_check"}:
                continue  # quotes Python's own error message
            shown.append(fb.text)
        for value in (None, "x", [1, 2], pd.DataFrame({"a": [1]})):
            fb = bound.evaluate(value)
            if fb.key not in {"function_raised", "could_not_check"}:
                shown.append(fb.text)
    text = "\n".join(shown)
    assert english_words(text) == [], text


def test_comparator_diagnoses_show_no_english_under_a_complete_translation(fake_translation):
    fake_translation(complete_table())
    exp = pd.DataFrame({"customer_id": ["c1", "c2", "c3"], "revenue": [30.0, 20.0, 10.0], "share": [0.5, 0.3, 0.2]})
    frame = C.frame(key="customer_id", sorted_by=("revenue", False))
    s = pd.Series([1.0, 2.0, 3.0], index=pd.Index(["x", "y", "z"]))
    texts = [
        C.number()(0.2501, 0.25, None).text,  # a relative tolerance
        C.number()(2.5, 0.25, None).text,  # too large
        C.number()(0.0025, 0.25, None).text,  # too small
        C.number()(float("nan"), 0.25, None).text,
        frame(exp.iloc[[2, 1, 0]], exp, None).text,  # the order, descending
        C.frame(key="customer_id", sorted_by=("revenue", True))(exp, exp, None).text,  # ascending
        frame(exp.iloc[:2], exp, None).text,  # the default unit
        frame(exp.assign(share=exp["share"].astype(str)), exp, None).text,
        C.series()(s.rename(index={"z": "w"}), s, None).text,  # the expected labels
        C.series()(pd.Series([1.0, 2.0, 3.0], index=["x", "x", "y"]), s, None).text,  # the index
        C.series()(s.astype(str), s, None).text,  # an unnamed Series' values
        C.series()(s.iloc[:2], s, None).text,
        C.choice("ABCD")(2, "B", None).text,
        C.members()("abc", [1], None).text,
        C.boolean()(1, True, None).text,
        C.calls(lambda ex: {"x": 1}, C.number())(lambda x: None, 1.0, None).text,
        C.calls(lambda ex: {"x": 1}, C.number())(3, 1.0, None).text,
    ]
    for value in (None, pd.DataFrame({"a": [1]}), pd.Series([1]), "t", True, 1.5, [1], len, object()):
        texts.append(C.describe(value))
    text = "\n".join(texts)
    assert english_words(text) == [], text
    assert shows(text, "{tolerance:g} relative") and shows(text, "`{column}` descending")
    assert shows(text, "row", "row unit") and shows(text, "the expected labels") and shows(text, "values")


def test_every_message_of_the_fake_table_formats():
    """The fake translation keeps each message's fields, so the values it quotes still show."""
    table = complete_table()
    for key in MESSAGES:
        english = template(key)
        fields = {f for _, f, _, _ in string.Formatter().parse(english) if f}
        assert table[english].format(**{f: 1 for f in fields}).startswith("中")


def test_a_whole_session_in_chinese_shows_no_english(log, capsys):
    """With the real zh_CN catalogue (``crmlab.set_language("zh_CN")``): start, a slip, a wrong
    type, right answers, hints, a solution, the progress table and the errors — Chinese only
    (code, technical tokens and the student's own values aside)."""
    from .zh_texts import TECHNICAL

    import crmlab

    crmlab.set_language("zh_CN")
    ex = start("02", student="s2025001")
    q1 = ex.spec.question("q1")
    ex.q1.check(_run(ex, "rfm = None", "rfm"))
    ex.q1.check("12")
    ex.q1.check(_run(ex, q1.solution, q1.answer))
    for name in [q.name for q in ex.spec.questions][1:]:
        getattr(ex, name).hint()
        getattr(ex, name).hint(2)
    ex.q1.solution()
    table = ex.progress()
    shown = [capsys.readouterr().out, table.to_string(), repr(ex)]
    for bad in (lambda: ex.q99, lambda: ex.q1.hint(0), lambda: start("99"), lambda: start("02", student="s 1")):
        with pytest.raises((AttributeError, ParameterError)) as err:
            bad()
        shown.append(str(err.value))
    text = "\n".join(shown).replace(q1.solution.strip(), " ")
    code = {"DataFrame", "Series", "None", "NaN", "True", "False", "ceil", "rfm", "orders"}  # names in formulas and signatures
    assert english_words(text, TECHNICAL | code) == [], text
    assert "提示" in text and "正确" in text
