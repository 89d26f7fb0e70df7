"""How an exercise is written down: its questions, their references, hints and solutions.

Each exercise is a module ``crmlab.exercises.bank.exNN`` with a module-level ``EXERCISE``
(:class:`ExerciseSpec`). Nothing here stores an answer: every question computes its reference
from the session's data each time it is checked.

Texts a student reads — the exercise's title, each question's title and hints, the exercise's own
messages — are English, marked ``N_("…")`` where the bank writes them, and translated when shown.
Each solution is written once, as code in the bank (:attr:`Question.solution`): ``ex.qN.solution()``
shows it, the tests run it, and ``crmlab release`` writes it into the solution notebook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .compare import Comparator

KINDS = ("value", "table", "function", "choice", "picture")


@dataclass(frozen=True)
class Wrong:
    """A known-wrong answer, for the tests: code that binds the answer name to a wrong value, and
    the message key its check must give (``None``: any incorrect message)."""

    code: str
    key: str | None = None


@dataclass(frozen=True)
class Question:
    """One graded question.

    Parameters
    ----------
    name : str
        ``"q1"``, ``"q2"`` … (the attribute of the session: ``ex.q1``).
    kind : {"value", "table", "function", "choice", "picture"}
        What the student produces: a number, a table, a function, a choice among options, or a
        choice made by reading a picture.
    title : str
        One line saying what is asked (English, marked ``N_``; translated when shown).
    answer : str
        The variable the starter cell binds and the solution code defines (e.g. ``"recency"``).
    solution : str
        Code that computes the answer from the names of :attr:`ExerciseSpec.setup`: the one copy
        of the solution (shown by ``ex.qN.solution()``, run by the tests, written into the
        solution notebook's solution region by ``crmlab release``). For a function, it starts
        with the ``def`` line the notebook's answer cell starts with.
    reference : callable(ex) -> object
        Computes the expected answer from ``ex.data`` (an independent recomputation).
    compare : Comparator
        Decides correct / incorrect and diagnoses (see :mod:`crmlab.exercises.compare`).
    hints : tuple of str
        From gentle to nearly the solution, at least two, each marked ``N_``; they guide without
        repeating the solution's code.
    wrong : tuple of Wrong
        Known-wrong answers, for the tests.
    wrong_type : str
        Code binding the answer name to a value of the wrong type, for the tests.
    points : float
        Points for a correct answer.
    """

    name: str
    kind: str
    title: str
    answer: str
    solution: str
    reference: Callable[[object], object]
    compare: Comparator
    hints: tuple[str, ...]
    wrong: tuple[Wrong, ...] = ()
    wrong_type: str = ""
    points: float = 1.0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"`kind` must be one of {KINDS}, but {self.kind!r} was passed.")  # i18n: internal
        if len(self.hints) < 2:
            raise ValueError(f"question {self.name} needs at least two hints")  # i18n: internal


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise notebook's questions and the data it runs on.

    Parameters
    ----------
    id : str
        Two digits, the lesson number (``"02"``).
    title : str
        English title (marked ``N_``; translated when shown).
    notebook : str
        File name of the exercise notebook in ``exercises/`` (``"02_customer_value.ipynb"``).
    questions : tuple of Question
    setup : str
        Code run after ``ex = crmlab.exercises.start(...)`` in the notebook's setup cell, making
        the names the questions use (``orders = ex.data.orders`` …). The solutions run with these
        names.
    customers : int
        Size of each student's company.
    generate : dict
        Further arguments of :func:`crmlab.generate` for each student's company.
    messages : dict
        This exercise's own messages, key → English text marked ``N_``: the diagnoses of its
        typical slips. Keys are ``ex<id>_…`` (``"ex02_returns_counted"``), so that
        :func:`crmlab.exercises.messages.message` finds them by key.
    """

    id: str
    title: str
    notebook: str
    questions: tuple[Question, ...]
    setup: str = ""
    customers: int = 2000
    generate: dict = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        from .messages import CORE, EXERCISE_KEY

        for key in self.messages:
            found = EXERCISE_KEY.match(key)
            if found is None or found.group("exercise") != self.id or key in CORE:
                raise ValueError(f"exercise {self.id}: message key {key!r} must start with 'ex{self.id}_'")  # i18n: internal

    def question(self, name: str) -> Question:
        for q in self.questions:
            if q.name == name:
                return q
        raise KeyError(name)

    @property
    def max_points(self) -> float:
        return float(sum(q.points for q in self.questions))
