"""The result of each question of a graded submission.

The grader decides every outcome itself (:mod:`~crmlab.exercises.grading.judge`): a question
earns its points if the **last** answer the notebook reported for it is correct against the
grader's own reference; its outcome is ``not_attempted`` if no answer was reported or the last one
was the placeholder ``____``. The notebook's progress log and check events are not read: they are
written by the student's own process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..feedback import Outcome


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
        Message key of the decision (``None`` if no answer was reported): a key of the exercise
        messages, or of the grader's own texts (``grading:…``).
    params : dict
        The values its message quotes: short, type-checked descriptions of the student's answer,
        never the expected one.
    """

    name: str
    points: float
    max_points: float
    outcome: str
    key: str | None
    params: dict = field(default_factory=dict)


def not_run(spec) -> list[QuestionScore]:
    """The scores of a submission that was not run: every question not attempted, 0 points."""
    return [QuestionScore(q.name, 0.0, float(q.points), Outcome.NOT_ATTEMPTED.value, None) for q in spec.questions]
