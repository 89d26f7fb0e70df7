"""The exercise machinery: comparators on hand-worked cases, the placeholder, seeds, the progress
log, hints and solutions, and the message catalogues."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from crmlab.errors import ParameterError, ParameterTypeError
from crmlab.exercises import ____, is_placeholder
from crmlab.exercises import compare as C
from crmlab.exercises import progress
from crmlab.exercises.feedback import Feedback, Outcome
from crmlab.exercises.messages import CORE, MESSAGES, message, template
from crmlab.exercises.session import derive_seed, start


# -- the placeholder ---------------------------------------------------------------------------------
def test_placeholder_is_a_single_falsy_object():
    from crmlab.exercises._placeholder import Placeholder

    assert Placeholder() is ____ and repr(____) == "____" and not ____
    assert is_placeholder(____) and not is_placeholder(None) and not is_placeholder("____")


# -- numbers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer,key",
    [
        (0.25, "correct"),
        (np.float64(0.25), "correct"),
        (0.2500001, "correct"),  # 4e-7 relative: within rtol 1e-6
        (-0.25, "wrong_sign"),
        (25.0, "percent_vs_fraction"),
        (2.5, "off_by_factor"),
        (0.00025, "off_by_factor"),
        (0.2501, "close_not_within"),
        (0.4, "wrong_value"),
        (float("nan"), "nan_answer"),
        (float("inf"), "infinite_answer"),
        ("0.25", "wrong_type"),
        (True, "wrong_type"),
        (pd.Series([0.25]), "wrong_type"),
        (None, "answer_is_none"),
    ],
)
def test_number_comparator_diagnoses(answer, key):
    fb = C.number(rtol=1e-6)(answer, 0.25, None)
    assert fb.key == key, fb.text
    assert fb.outcome is (Outcome.CORRECT if key == "correct" else Outcome.INCORRECT)


def test_percent_direction_is_named():
    assert "percentage" in C.number()(25.0, 0.25, None).text
    fb = C.number()(0.25, 25.0, None)
    assert fb.key == "percent_vs_fraction" and fb.text.index("fraction") < fb.text.index("percentage")


def test_messages_never_contain_the_expected_number():
    expected = 1234.5678
    for answer in (1234.6, 12.345678, -1234.5678, 9999.0, "x", [1.0]):
        assert "1234.5" not in C.number()(answer, expected, None).text


def test_integer_questions_say_whole_number():
    assert "whole number" in C.number(integer=True)("7", 7, None).text


# -- choices, booleans, members ----------------------------------------------------------------------
def test_choice_normalises_and_validates():
    cmp = C.choice("ABCD")
    assert cmp(" b ", "B", None).correct
    assert cmp("C", "B", None).key == "wrong_choice"
    fb = cmp("E", "B", None)
    assert fb.key == "not_a_choice" and "A, B, C, D" in fb.text
    assert cmp(2, "B", None).key == "wrong_type"


def test_boolean_refuses_numbers_and_text():
    cmp = C.boolean()
    assert cmp(np.bool_(True), True, None).correct
    assert cmp(False, True, None).key == "wrong_value"
    assert cmp(1, True, None).key == "wrong_boolean"
    assert cmp("True", True, None).key == "wrong_boolean"


def test_members_ignore_order_and_count_differences():
    cmp = C.members(what="customers")
    assert cmp([3, 1, 2], {1, 2, 3}, None).correct
    assert cmp(pd.Series([1, 2, 3, 3]), [1, 2, 3], None).correct
    assert cmp(np.array([1, 2]), [1, 2, 3], None).correct is False
    fb = cmp([1, 2, 4, 5], [1, 2, 3], None)
    assert fb.key == "wrong_set" and fb.params == {"missing": 1, "extra": 2}
    assert cmp("123", [1, 2, 3], None).key == "wrong_type"


# -- tables ------------------------------------------------------------------------------------------
@pytest.fixture()
def expected():
    return pd.DataFrame({"customer_id": ["c1", "c2", "c3"], "recency": [5, 40, 400], "share": [0.5, 0.3, 0.2]})


def test_frame_matches_by_key_in_any_order_and_index(expected):
    cmp = C.frame(key="customer_id", unit="customer")
    shuffled = expected.iloc[[2, 0, 1]]
    assert cmp(shuffled, expected, None).correct
    assert cmp(expected.set_index("customer_id"), expected, None).correct
    assert cmp(expected.assign(extra=1), expected, None).correct  # helper columns are allowed


def test_frame_diagnoses(expected):
    cmp = C.frame(key="customer_id", unit="customer")
    assert cmp(expected.drop(columns="share"), expected, None).params["columns"] == "`share`"
    fb = cmp(expected.iloc[:2], expected, None)
    assert fb.key == "wrong_length" and fb.params["got"] == 2 and "customer" in fb.text
    assert cmp(expected.assign(customer_id=["c1", "c2", "c9"]), expected, None).key == "missing_keys"
    assert cmp(expected.assign(customer_id=["c1", "c1", "c3"]), expected, None).key == "duplicate_keys"
    fb = cmp(expected.assign(recency=[5, 41, 400]), expected, None)
    assert fb.key == "wrong_column_values" and fb.params == {"column": "recency", "count": 1, "total": 3}
    assert cmp(expected.assign(share=expected["share"] * 100), expected, None).key == "percent_vs_fraction"
    assert cmp(expected.assign(recency=-expected["recency"]), expected, None).key == "wrong_sign"
    assert cmp(expected.assign(recency=expected["recency"].astype(str)), expected, None).key == "wrong_column_dtype"
    assert cmp(expected["recency"], expected, None).key == "wrong_type"


def test_frame_sorted_by_accepts_any_tie_order():
    exp = pd.DataFrame({"id": ["a", "b", "c"], "revenue": [10.0, 10.0, 5.0]})
    cmp = C.frame(key="id", sorted_by=("revenue", False))
    assert cmp(exp.iloc[[1, 0, 2]], exp, None).correct
    assert cmp(exp.iloc[[2, 0, 1]], exp, None).key == "not_sorted"


def test_frame_exact_columns_and_missing_values():
    exp = pd.DataFrame({"k": [1, 2], "v": [1.0, np.nan]})
    cmp = C.frame(key="k", exact_columns=True)
    assert cmp(exp.copy(), exp, None).correct
    assert cmp(exp.assign(w=0), exp, None).key == "unexpected_columns"
    assert cmp(exp.assign(v=[1.0, 0.0]), exp, None).key == "wrong_column_values"


def test_series_matches_by_label():
    exp = pd.Series([1.0, 2.0, 3.0], index=pd.Index(["x", "y", "z"], name="tier"))
    cmp = C.series(index="tier")
    assert cmp(exp.iloc[::-1], exp, None).correct
    assert cmp(exp * 2, exp, None).key == "wrong_values_count"
    assert cmp(exp.iloc[:2], exp, None).key == "wrong_length"
    assert cmp(exp.rename(index={"z": "w"}), exp, None).key == "wrong_index"
    assert cmp(exp.to_frame(), exp, None).key == "wrong_type"


# -- functions ---------------------------------------------------------------------------------------
def _orders():
    return pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [10.0, 5.0, 7.0]})


def _total(df):
    return df.groupby("customer_id", as_index=False)["amount"].sum()


def test_calls_runs_the_function_on_copies_and_diagnoses():
    cmp = C.calls(lambda ex: {"orders": _orders()}, C.frame(key="customer_id"), call="total(orders)")
    expected = _total(_orders())
    assert cmp(_total, expected, None).correct
    assert cmp(lambda orders: ____, expected, None).outcome is Outcome.NOT_ATTEMPTED
    assert cmp(____, expected, None).outcome is Outcome.NOT_ATTEMPTED
    assert cmp(lambda orders: None, expected, None).key == "forgot_return"
    assert cmp(expected, expected, None).key == "not_callable"
    fb = cmp(lambda orders: 1 / 0, expected, None)
    assert fb.key == "function_raised" and "ZeroDivisionError" in fb.text and "total(orders)" in fb.text

    def mutating(orders):
        orders["amount"] = orders["amount"] * 2
        return _total(orders)

    assert cmp(mutating, expected, None).key == "function_mutated"
    assert cmp(lambda a, b: _total(a), expected, None).key == "function_raised"  # wrong signature: no traceback


# -- feedback and the catalogue ------------------------------------------------------------------
def test_feedback_refuses_keys_outside_the_catalogues():
    with pytest.raises(KeyError):
        Feedback(Outcome.INCORRECT, "no_such_message")
    with pytest.raises(KeyError):
        Feedback(Outcome.INCORRECT, "ex01_no_such_message")  # an exercise key its exercise lacks
    with pytest.raises(KeyError):
        Feedback(Outcome.INCORRECT, "ex99_counted_orders")  # no exercise 99
    assert Feedback(Outcome.INCORRECT, "ex01_counted_orders").text.startswith("That is the number of orders")


def test_every_message_formats_with_its_fields():
    import string

    keys = list(MESSAGES)
    assert len(keys) == len(set(keys)) > len(CORE)
    for key in keys:
        fields = {f for _, f, _, _ in string.Formatter().parse(template(key)) if f}
        text = message(key, **{f: 1 for f in fields})
        assert text and "{" not in text, key


def test_the_core_catalogue_holds_no_exercise_message():
    """An exercise's own messages are declared with it, and found by key."""
    from crmlab.exercises.bank import available, get

    assert not [key for key in CORE if key.startswith("ex") and key[2:4].isdigit()]
    for exercise in available():
        own = get(exercise).messages
        assert own, f"exercise {exercise} declares no message of its own"
        for key, text in own.items():
            assert key.startswith(f"ex{exercise}_") and key in MESSAGES and MESSAGES[key] == text
    assert "ex01_counted_orders" not in CORE and "correct" in MESSAGES and "nothing" not in MESSAGES


def test_a_catalogue_translates_every_message(fake_translation):
    fake_translation({text: "译:" + text for text in MESSAGES.values()})
    assert C.number()(-1.0, 1.0, None).text.startswith("译:")
    assert C.choice("AB")("C", "A", None).text.startswith("译:")
    assert message("ex02_returns_counted").startswith("译:Your result counts")


# -- seeds and sessions ----------------------------------------------------------------------------
def test_seed_depends_on_exercise_student_and_grading_seed_only():
    s = derive_seed("01", "s2025001")
    assert s == derive_seed("01", "s2025001") and 0 <= s < 2**32
    assert len({s, derive_seed("02", "s2025001"), derive_seed("01", "s2025002"), derive_seed("01", None),
                derive_seed("01", "s2025001", "777")}) == 5


@pytest.fixture()
def log(tmp_path, monkeypatch):
    path = tmp_path / "progress.jsonl"
    monkeypatch.setenv(progress.ENV, str(path))
    monkeypatch.delenv("CRMLAB_GRADING_SEED", raising=False)
    return path


def test_start_validates_its_arguments(log):
    with pytest.raises(ParameterError, match="`exercise`"):
        start("99")
    with pytest.raises(ParameterTypeError, match="`exercise`"):
        start(1.5)
    with pytest.raises(ParameterTypeError, match="`student`"):
        start("01", student=2025001)
    with pytest.raises(ParameterError, match="`student`"):
        start("01", student="s 1")


def test_students_get_their_own_data_and_grading_gets_fresh_data(log, monkeypatch):
    a, b, a2 = start("01", student="s1"), start("01", student="s2"), start("01", student="s1")
    assert a.seed == a2.seed != b.seed
    pd.testing.assert_frame_equal(a.data.orders, a2.data.orders)
    assert not a.data.orders["amount"].equals(b.data.orders["amount"])
    monkeypatch.setenv("CRMLAB_GRADING_SEED", "12345")
    graded = start("01", student="s1")
    assert graded.grading and graded.seed == derive_seed("01", "s1", "12345") != a.seed


def test_checks_hints_and_solutions_are_logged_and_survive_a_restart(log, capsys):
    ex = start("01", student="s1")
    ns = ex.namespace()
    exec(ex.spec.question("q1").solution, ns)
    ex.q1.check(ns["n_buyers"])
    ex.q2.check(____)
    ex.q2.hint(2)
    ex.q2.solution()
    out = capsys.readouterr().out
    assert "Correct" in out and "Not attempted" in out and "Hint 2 of" in out and "def age_on" in out
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["event"] for e in events] == ["start", "check", "check", "hint", "solution"]
    assert events[1]["outcome"] == "correct" and events[2]["outcome"] == "not_attempted"
    # a new kernel: a new session reads the same log
    again = start("01", student="s1")
    table = again.progress()
    row = table.set_index("question").loc
    assert row["q1", "outcome"] == "correct" and row["q2", "outcome"] == "not attempted"
    assert row["q2", "hints seen"] == 2 and row["q2", "solution seen"] == "yes" and row["q1", "checks"] == 1
    assert again.score()["q1"] == 1.0 and again.score()["q2"] == 0.0
    # another student's log lines do not count
    assert start("01", student="s2").score()["q1"] == 0.0


def test_a_torn_log_line_is_skipped(log):
    log.write_text('{"event": "check", "exercise": "01", "student": null, "question": "q1", "outcome": "correct"}\n{"event": "ch')
    assert progress.latest_outcomes(progress.read(), "01") == {"q1": "correct"}


def test_hint_numbers_are_checked(log, capsys):
    ex = start("01")
    with pytest.raises(ParameterError, match="`n`"):
        ex.q1.hint(0)
    with pytest.raises(ParameterError, match="`n`"):
        ex.q1.hint("2")
    ex.q1.hint(99)
    assert "only" in capsys.readouterr().out


def test_an_unforeseen_answer_never_raises(log):
    ex = start("01")

    class Weird:
        def __float__(self):
            raise RuntimeError("boom")

        def __eq__(self, other):
            raise RuntimeError("boom")

    for value in (Weird(), object(), {"a": 1}, b"bytes", math.pi * 1j):
        fb = ex.q1.evaluate(value)
        assert fb.outcome is Outcome.INCORRECT and fb.text


def test_unknown_question_names_list_the_questions(log):
    ex = start("01")
    with pytest.raises(AttributeError, match="q1"):
        ex.q99


def test_a_timedelta_column_is_named_as_such():
    exp = pd.DataFrame({"k": [1, 2], "recency": [3, 4]})
    got = exp.assign(recency=pd.to_timedelta([3, 4], unit="D"))
    fb = C.frame(key="k")(got, exp, None)
    assert fb.key == "wrong_column_dtype" and "Timedelta" in fb.text and "text" not in fb.text


def test_known_mistakes_name_the_slip_and_keep_form_diagnoses():
    from crmlab.exercises.compare import known_mistakes

    cmp = known_mistakes(
        C.number(),
        [(lambda ex: 0.4, "wrong_sign"), (lambda ex: 1 / 0, "nan_answer")],  # the second cannot be computed
        before=lambda answer, ex: "forgot_return" if answer == 7 else None,
    )
    ex = object()
    assert cmp(0.25, 0.25, ex).correct
    assert cmp(0.4, 0.25, ex).key == "wrong_sign"  # equals the mistake's result
    assert cmp(7, 0.25, ex).key == "forgot_return"  # told by the recogniser
    assert cmp(0.9, 0.25, ex).key == "wrong_value"  # no known slip: the general diagnosis
    assert cmp("0.4", 0.25, ex).key == "wrong_type"  # the form comes first


def test_one_catalogue_reaches_every_student_facing_string(fake_translation, capsys, log):
    """A catalogue of the session's texts translates a whole session: welcome, checks, hints,
    titles — without touching any check."""
    from crmlab.exercises.bank import get

    spec = get("01")
    texts = [*CORE.values(), *spec.messages.values(), spec.title]
    for q in spec.questions:
        texts += [q.title, *q.hints]
    fake_translation({t: "译" for t in texts})
    ex = start("01")
    ex.q1.check("not a number")
    ex.q1.hint()
    assert ex.q1.title == "译"
    out = capsys.readouterr().out
    assert "Expected" not in out and "Exercise" not in out and "Hint" not in out and "译" in out


def test_a_check_records_the_values_its_message_quotes(log):
    ex = start("01")
    ex.q1.check("abc")
    event = [json.loads(line) for line in log.read_text().splitlines()][-1]
    assert event["key"] == "wrong_type" and event["params"]["got"] == "the text 'abc'"


def test_changing_the_data_in_place_does_not_change_the_expected_answers(log):
    ex = start("01", student="s1")
    expected = ex.q1.expected()
    assert expected > 1
    ex.data.orders["customer_id"] = 7  # a student's in-place slip on the shared table
    assert ex.q1.expected() == expected
    assert ex.q1.evaluate(ex.data.orders["customer_id"].nunique()).outcome is Outcome.INCORRECT
    assert ex.q1.evaluate(expected).correct


def test_check_without_an_answer_says_what_to_pass(log, capsys):
    ex = start("01")
    ex.q1.check()
    out = capsys.readouterr().out
    assert "ex.q1.check(n_buyers)" in out and "Traceback" not in out


def test_a_self_learner_scores_only_their_own_checks(log):
    s1 = start("01", student="s1")
    ns = s1.namespace()
    exec(s1.spec.question("q1").solution, ns)
    s1.q1.check(ns["n_buyers"])
    assert s1.score()["q1"] == 1.0
    alone = start("01")  # no student id: another student's checks in the same log do not count
    assert alone.score()["q1"] == 0.0
    assert alone.progress().set_index("question").loc["q1", "outcome"] == "not attempted"
