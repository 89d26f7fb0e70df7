"""Every question of every exercise, on three students' data: the solution is correct, the
placeholder is not attempted, known-wrong answers are incorrect with their diagnosis, and a
wrong type gets a friendly message (never a traceback)."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from crmlab.exercises import ____
from crmlab.exercises.bank import available, get
from crmlab.exercises.feedback import Outcome
from crmlab.exercises.messages import MESSAGES
from crmlab.exercises.session import Exercise

STUDENTS = ("t-alpha", "t-beta", "t-gamma")
KINDS = {"value", "table", "function", "choice", "picture"}
FRIENDLY_TYPE_KEYS = {"wrong_type", "not_callable", "wrong_boolean", "answer_is_none", "could_not_check"}

CASES = [(ex_id, q.name) for ex_id in available() for q in get(ex_id).questions]


@functools.lru_cache(maxsize=None)
def session(ex_id: str, student: str) -> Exercise:
    return Exercise(get(ex_id), student)


def run(code: str, ex: Exercise, name: str):
    ns = ex.namespace()
    exec(compile(code, f"<{ex.exercise} {name}>", "exec"), ns)
    assert name in ns, f"the code does not define `{name}`"
    return ns[name]


def test_every_lesson_has_an_exercise_with_five_mixed_questions():
    assert available() == [f"{n:02d}" for n in range(1, 9)]
    for ex_id in available():
        spec = get(ex_id)
        assert len(spec.questions) >= 5, ex_id
        assert [q.name for q in spec.questions] == [f"q{i}" for i in range(1, len(spec.questions) + 1)]
        assert {q.kind for q in spec.questions} == KINDS, f"exercise {ex_id} lacks kinds {KINDS - {q.kind for q in spec.questions}}"


@pytest.mark.parametrize("ex_id,qname", CASES)
@pytest.mark.parametrize("student", STUDENTS)
def test_solution_is_correct_and_leaves_the_data_alone(ex_id, qname, student):
    ex = session(ex_id, student)
    q = ex.spec.question(qname)
    before = {name: ex.data[name].copy(deep=True) for name in ex.data.visible}
    answer = run(q.solution, ex, q.answer)
    fb = getattr(ex, qname).evaluate(answer)
    assert fb.outcome is Outcome.CORRECT, (fb.key, fb.text)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(ex.data[name], frame, obj=f"table {name}")
        # the references and checks leave the data as generated alone too
        pd.testing.assert_frame_equal(ex._reference.data[name], frame, obj=f"reference table {name}")


@pytest.mark.parametrize("ex_id,qname", CASES)
@pytest.mark.parametrize("student", STUDENTS)
def test_placeholder_is_not_attempted(ex_id, qname, student):
    ex = session(ex_id, student)
    fb = getattr(ex, qname).evaluate(____)
    assert fb.outcome is Outcome.NOT_ATTEMPTED
    assert "____" in fb.text


@pytest.mark.parametrize("ex_id,qname", CASES)
@pytest.mark.parametrize("student", STUDENTS)
def test_known_wrong_answers_are_incorrect_with_their_diagnosis(ex_id, qname, student):
    ex = session(ex_id, student)
    q = ex.spec.question(qname)
    assert q.wrong, f"{ex_id} {qname} lists no known-wrong answer"
    for wrong in q.wrong:
        answer = run(wrong.code, ex, q.answer)
        fb = getattr(ex, qname).evaluate(answer)
        assert fb.outcome is Outcome.INCORRECT, (wrong.code, fb.key)
        if wrong.key is not None:
            assert fb.key == wrong.key, (wrong.code, fb.key, fb.text)
        assert fb.key in MESSAGES and fb.text


@pytest.mark.parametrize("ex_id,qname", CASES)
@pytest.mark.parametrize("student", STUDENTS)
def test_wrong_type_gets_a_friendly_message(ex_id, qname, student):
    ex = session(ex_id, student)
    q = ex.spec.question(qname)
    assert q.wrong_type, f"{ex_id} {qname} lists no wrong-type answer"
    for value in (run(q.wrong_type, ex, q.answer), None, "x", [1, 2], pd.DataFrame({"a": [1]})):
        fb = getattr(ex, qname).evaluate(value)
        assert fb.outcome is Outcome.INCORRECT
        assert fb.key in MESSAGES and fb.text
    fb = getattr(ex, qname).evaluate(run(q.wrong_type, ex, q.answer))
    assert fb.key in FRIENDLY_TYPE_KEYS | {"function_raised", "not_a_choice", "missing_columns", "wrong_length"}, fb.key


@pytest.mark.parametrize("ex_id,qname", [c for c in CASES if get(c[0]).question(c[1]).kind in {"value", "table", "function"}])
def test_neighbours_get_different_answers_and_typed_numbers_fail(ex_id, qname):
    """An answer copied from another student's data (or typed in) is incorrect on yours."""
    q = get(ex_id).question(qname)
    a, b = session(ex_id, STUDENTS[0]), session(ex_id, STUDENTS[1])
    if q.kind == "function":
        return  # a function is code: it is correct on any data (checked above on three)
    copied = run(q.solution, a, q.answer)
    fb = getattr(b, qname).evaluate(copied)
    assert fb.outcome is Outcome.INCORRECT, f"{ex_id} {qname}: the answer of {STUDENTS[0]} passes for {STUDENTS[1]}"
