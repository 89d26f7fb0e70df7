"""How an exercise is written down: its questions, their references, hints and solutions.

Each exercise is a module ``crmlab.exercises.bank.exNN`` with a module-level ``EXERCISE``
(:class:`ExerciseSpec`). Nothing here stores an answer: every question computes its reference
from the session's data each time it is checked.

Texts a student reads — the exercise's title, each question's title and hints, the exercise's own
messages, the comments of a solution's code — are English, marked ``N_("…")`` where the bank writes
them, and translated when shown.
Each solution is written once, as code in the bank (:attr:`Question.solution`): ``ex.qN.solution()``
shows it, the tests run it, and ``crmlab release`` writes it into the solution notebook.

An instructor's exercise is a Python file of the same form in the course folder
(:mod:`crmlab.exercises.course`).

:meth:`ExerciseSpec.public` is what may be given away: the data, the setup, the questions' names,
titles and hints — no solution, reference or comparator. It is what ``crmlab release`` hands out
next to an instructor's student notebook and what a grading process gets.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from .compare import Comparator
from .options import LETTERS, Option

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
        with the ``def`` line the notebook's answer cell starts with. ``""`` in a public copy.
    reference : callable(ex) -> object, or None
        Computes the expected answer from ``ex.data`` (an independent recomputation). None in a
        public copy (:meth:`ExerciseSpec.from_public`): answers are then only kept for grading.
    compare : Comparator or None
        Decides correct / incorrect and diagnoses (see :mod:`crmlab.exercises.compare`); None in
        a public copy.
    hints : tuple of str
        From gentle to nearly the solution, at least two, each marked ``N_``; they guide without
        repeating the solution's code.
    wrong : tuple of Wrong
        Known-wrong answers, for the tests.
    wrong_type : str
        Code binding the answer name to a value of the wrong type, for the tests.
    points : float
        Points for a correct answer.
    options : tuple of Option
        For a choice question (kind ``"choice"`` or ``"picture"``): its options, each with a
        stable key and a text marked ``N_``. Each student sees them in their own order
        (:mod:`crmlab.exercises.options`); the reference returns the right option's key and
        the comparator (:func:`crmlab.exercises.compare.choice` of the options) judges the
        letter the student gives by the option it stands for. Empty for other questions, and for
        a choice question whose answer is a plain letter of options shown in the notebook.
    """

    name: str
    kind: str
    title: str
    answer: str
    solution: str
    reference: Callable[[object], object] | None
    compare: Comparator | None
    hints: tuple[str, ...]
    wrong: tuple[Wrong, ...] = ()
    wrong_type: str = ""
    points: float = 1.0
    options: tuple[Option, ...] = ()

    def __post_init__(self):
        from ..i18n import _

        if self.kind not in KINDS:
            raise ValueError(
                _("`kind` must be one of {choices}, but {got} was passed.").format(choices=", ".join(KINDS), got=repr(self.kind))
            )
        if len(self.hints) < 2:
            raise ValueError(_("Question {name} needs at least two hints.").format(name=self.name))
        if self.options:
            keys = [getattr(o, "key", None) for o in self.options]
            if (
                self.kind not in ("choice", "picture")
                or not all(isinstance(o, Option) and isinstance(o.key, str) and o.key and isinstance(o.text, str)
                           for o in self.options)
                or len(set(keys)) != len(keys)
                or not 2 <= len(keys) <= len(LETTERS)
            ):
                raise ValueError(
                    _("Question {name}: `options` must be 2 to {most} options with distinct keys, for a choice or "
                      "picture question.").format(name=self.name, most=len(LETTERS))
                )

    @property
    def option_keys(self) -> tuple[str, ...]:
        """The keys of the options, in the order declared."""
        return tuple(o.key for o in self.options)


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
        Further arguments of :func:`crmlab.generate` (plain values: numbers, texts, dates as text).
        Without a ``locale`` the data's locale follows the language of the session (Chinese names
        and places in a Chinese session, every number the same) and, when grading, the language
        of the submission; ``"locale": "en_US"`` fixes it, for references that need that data.
    messages : dict
        This exercise's own messages, key → English text marked ``N_``: the diagnoses of its
        typical slips, for its comparators. A kit exercise's keys are ``ex<id>_…``
        (``"ex02_returns_counted"``); an instructor's may be any key the kit does not use.
        :func:`crmlab.exercises.messages.message` finds them by key.
    locales : str, optional
        A folder of gettext catalogues translating this exercise's texts
        (``<locales>/<language>/LC_MESSAGES/<domain>.mo``); the kit's catalogue is used for the
        rest.
    domain : str, optional
        The catalogues' domain (default: the exercise id).
    """

    id: str
    title: str
    notebook: str
    questions: tuple[Question, ...]
    setup: str = ""
    customers: int = 2000
    generate: dict = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    locales: str | None = None
    domain: str | None = None

    def __post_init__(self):
        from .messages import register

        register(self)

    def question(self, name: str) -> Question:
        for q in self.questions:
            if q.name == name:
                return q
        raise KeyError(name)

    @property
    def max_points(self) -> float:
        return float(sum(q.points for q in self.questions))

    # -- translation ---------------------------------------------------------------------------
    def text(self, message: str) -> str:
        """``message`` (one of this exercise's texts) in the current language: from the
        exercise's own catalogues if it has some, else from the kit's."""
        from ..i18n import _, get_language

        if self.locales:
            translated = _catalogue(str(self.locales), self.domain or self.id, get_language()).gettext(message)
            if translated != message:
                return translated
        return _(message)

    def message(self, key: str, **params: object) -> str:
        """The text of message ``key`` in the current language, with ``params`` filled in."""
        from .messages import template

        return self.text(template(key)).format(**params)

    # -- the public part -----------------------------------------------------------------------
    def public(self) -> dict:
        """What may be given to students and to a grading process, as plain JSON data: the
        data parameters, the setup and each question's name, kind, title, answer name, hints,
        points and options (keys and texts: which one is right is not said) — never a solution, a
        reference or a comparator."""
        data = {
            "format": "crmlab-exercise/1",
            "id": self.id,
            "title": self.title,
            "notebook": self.notebook,
            "setup": self.setup,
            "customers": self.customers,
            "generate": dict(self.generate),
            "questions": [
                {"name": q.name, "kind": q.kind, "title": q.title, "answer": q.answer, "hints": list(q.hints),
                 "points": q.points,
                 **({"options": [{"key": o.key, "text": o.text} for o in q.options]} if q.options else {})}
                for q in self.questions
            ],
        }
        json.dumps(data)  # every part must be plain data
        return data

    @classmethod
    def from_public(cls, data: dict) -> ExerciseSpec:
        """An exercise made from :meth:`public` data: its answers can be kept for grading but not
        checked (no references)."""
        try:
            if data.get("format") != "crmlab-exercise/1":
                raise ValueError("format")  # i18n: internal
            questions = tuple(
                Question(name=_str(q["name"]), kind=_str(q["kind"]), title=_str(q["title"]), answer=_str(q["answer"]),
                         solution="", reference=None, compare=None, hints=tuple(_str(h) for h in q["hints"]),
                         points=float(q["points"]),
                         options=tuple(Option(_str(o["key"]), _str(o["text"])) for o in q.get("options", ())))
                for q in data["questions"]
            )
            generate = data.get("generate", {})
            if not isinstance(generate, dict):
                raise ValueError("generate")  # i18n: internal
            return cls(id=_str(data["id"]), title=_str(data["title"]), notebook=_str(data["notebook"]),
                       questions=questions, setup=_str(data["setup"]), customers=int(data["customers"]),
                       generate=generate)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            from ..i18n import _

            raise ValueError(
                _("not a crmlab exercise description ({error})").format(error=type(exc).__name__)
            ) from None


def _str(value) -> str:
    if not isinstance(value, str):
        raise TypeError("a text was expected")  # i18n: internal
    return value


def _catalogue(folder: str, domain: str, language: str):
    import gettext

    key = (folder, domain, language)
    if key not in _CATALOGUES:
        _CATALOGUES[key] = gettext.translation(domain, folder, languages=[language], fallback=True)
    return _CATALOGUES[key]


_CATALOGUES: dict = {}
