"""Every question of every exercise, on three students' data: the solution is correct, the
placeholder is not attempted, known-wrong answers are incorrect with their diagnosis, and a
wrong type gets a friendly message (never a traceback). Hints guide without repeating the
solution's code."""

from __future__ import annotations

import ast
import functools
import re

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


# -- hints guide; the solution is written once ------------------------------------------------------
def _code(text: str) -> str:
    """Code compared without its layout: no whitespace, one kind of quote."""
    return re.sub(r"\s+", "", text).replace('"', "'")


def _statements(solution: str) -> list[str]:
    """The solution's statements and the values it assigns or returns (``as_of.year -
    birth.dt.year``), without layout, at least 10 characters long."""
    found = []
    for node in ast.walk(ast.parse(solution)):
        if isinstance(node, ast.stmt) and not isinstance(node, ast.FunctionDef):
            found.append(ast.get_source_segment(solution, node))
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Return)) and node.value is not None:
            found.append(ast.get_source_segment(solution, node.value))
    return [c for c in map(_code, filter(None, found)) if len(c) >= 10]


def repeated_code(hint: str, solution: str) -> list[str]:
    """The code of ``solution`` that ``hint`` repeats: a statement or an assigned value of the
    solution inside a backticked span, or any 40 characters of the solution in a row."""
    statements, whole = _statements(solution), _code(solution)
    found = []
    for span in re.findall(r"`([^`]+)`", hint):
        code = _code(span)
        if any(s in code for s in statements) or (len(code) >= 40 and code in whole):
            found.append(span)
    text = _code(hint)
    found += [s for s in statements if len(s) >= 25 and s in text and not any(s in _code(f) for f in found)]
    return found


def test_the_repeat_finder_finds_repeats():
    solution = "def f(df):\n    total = df['amount'].sum()\n    return total / len(df)"
    assert repeated_code("`total = df['amount'].sum()`", solution) == ["total = df['amount'].sum()"]
    assert repeated_code("divide: `total / len(df)`", solution) == ["total / len(df)"]
    assert repeated_code("Sum `amount` with `.sum()`, then divide by the number of rows.", solution) == []


@pytest.mark.parametrize("ex_id,qname", CASES)
def test_no_hint_repeats_the_solution_code(ex_id, qname):
    """The solution is shown by ``solution()`` only: hints guide towards it without being it."""
    q = get(ex_id).question(qname)
    for i, hint in enumerate(q.hints, 1):
        assert repeated_code(hint, q.solution) == [], f"hint {i} repeats the solution: {hint}"
