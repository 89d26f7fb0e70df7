"""Scores from the check events of a grading run.

A notebook run by the grader records every ``ex.qN.check(...)`` in its progress log (see
:mod:`crmlab.exercises.progress`). The rule:

* a question earns its points if the **last** check of that question in the run was
  ``correct``, else 0;
* its outcome is ``not_attempted`` if it was never checked, or if its last check was;
* events of another exercise, events whose ``grading`` flag is not true, and (when the grading
  seed is given) events whose data seed is not the grading seed's seed for their student are
  ignored: they were not made on the grading data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..feedback import Outcome
from ..session import derive_seed

_OUTCOMES = {o.value for o in Outcome}


@dataclass(frozen=True)
class QuestionScore:
    """The result of one question.

    Parameters
    ----------
    name : str
        ``"q1"`` …
    points : float
        Points earned.
    max_points : float
        Points of a correct answer.
    outcome : str
        ``"correct"``, ``"incorrect"`` or ``"not_attempted"``.
    key : str or None
        Message key of the last check (``None`` if never checked).
    params : dict
        The values its message quotes (they describe the student's answer, never the expected one).
    """

    name: str
    points: float
    max_points: float
    outcome: str
    key: str | None
    params: dict = field(default_factory=dict)


def graded_events(events: list[dict], exercise: str, grading_seed: str | None = None) -> list[dict]:
    """The events that count: of ``exercise``, made under grading (on the grading seed's data)."""
    out = []
    for e in events:
        if not isinstance(e, dict) or e.get("exercise") != exercise or e.get("grading") is not True:
            continue
        if grading_seed is not None:
            student = e.get("student")
            if student is not None and not isinstance(student, str):
                continue
            if e.get("seed") != derive_seed(exercise, student, grading_seed):
                continue
        out.append(e)
    return out


def score(events: list[dict], spec, grading_seed: str | None = None) -> list[QuestionScore]:
    """One :class:`QuestionScore` per question of ``spec``, in the spec's order.

    Parameters
    ----------
    events : list of dict
        The progress events of the run (:func:`crmlab.exercises.progress.read`).
    spec : ExerciseSpec
        The exercise graded.
    grading_seed : str, optional
        The grading seed of the run; when given, events not made on its data are ignored.

    Returns
    -------
    list of QuestionScore
    """
    last: dict[str, dict] = {}
    for e in graded_events(events, spec.id, grading_seed):
        if e.get("event") == "check" and isinstance(e.get("question"), str):
            last[e["question"]] = e
    out = []
    for q in spec.questions:
        e = last.get(q.name)
        if e is None:
            out.append(QuestionScore(q.name, 0.0, float(q.points), Outcome.NOT_ATTEMPTED.value, None))
            continue
        outcome = e.get("outcome")
        if outcome not in _OUTCOMES:
            outcome = Outcome.NOT_ATTEMPTED.value
        key = e.get("key") if isinstance(e.get("key"), str) else None
        params = e.get("params") if isinstance(e.get("params"), dict) else {}
        points = float(q.points) if outcome == Outcome.CORRECT.value else 0.0
        out.append(QuestionScore(q.name, points, float(q.points), outcome, key, params))
    return out


def graded_student(events: list[dict], exercise: str, grading_seed: str | None = None) -> str | None:
    """The student id of the run's last ``start`` of ``exercise`` (None if it named none)."""
    student = None
    for e in graded_events(events, exercise, grading_seed):
        if e.get("event") == "start" and isinstance(e.get("student"), str) and e["student"]:
            student = e["student"]
    return student
