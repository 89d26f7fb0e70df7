"""A student's exercise session: ``ex = crmlab.exercises.start("02", student="s2025001")``.

The session holds the student's own data (generated from a seed derived from the exercise and
the student id, so neighbours get different numbers; in the locale that goes with the language,
so a Chinese session has a Chinese company) and one :class:`BoundQuestion` per question
(``ex.q1`` …). When the grader runs a notebook it hands the process a task
(:mod:`crmlab.exercises.grading.task`): the data is then made afresh from the grading seed the
grader chose for this student, so answers computed by code pass and numbers typed in do not, and
``check`` only reports the answer — the grader decides, in its own process.
"""

from __future__ import annotations

import hashlib
import html
import os
import re

from ..errors import ParameterError, ParameterTypeError
from ..i18n import _
from . import progress
from ._placeholder import is_placeholder
from .feedback import NOT_ATTEMPTED, Feedback, Outcome, incorrect
from .identity import resolve_student
from .messages import message

GRADING_ENV = "CRMLAB_GRADING_SEED"
_STUDENT_RE = re.compile(r"^[\w.@+-]{1,64}$")


def derive_seed(exercise: str, student: str | None, grading_seed: str | None = None) -> int:
    """The data seed of one student's exercise: a hash of the exercise id, the student id and
    (when grading) the grading seed, in ``[0, 2**32)``. Stable across machines and Python runs."""
    text = f"crmlab-exercise|{exercise}|{student or ''}|{grading_seed or ''}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "little")


def _check_student(student: object) -> str | None:
    if student is None:
        return None
    if not isinstance(student, str):
        raise ParameterTypeError(message("error:student_type", got=repr(student), type=type(student).__name__))
    student = student.strip()
    if not _STUDENT_RE.match(student):
        raise ParameterError(message("error:student_value", got=repr(student)))
    return student


def _show(kind: str, title: str, body: str, *, code: bool = False) -> None:
    """Show a result: as styled HTML in a notebook, as plain text elsewhere."""
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython ships with the kit
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None and hasattr(get_ipython(), "kernel"):
        colours = {"correct": "#1b7f3b", "incorrect": "#b3261e", "not_attempted": "#8a6d00", "info": "#1f4e8c"}
        inner = f"<pre style='margin:4px 0'>{html.escape(body)}</pre>" if code else html.escape(body)
        display(
            HTML(
                f"<div class='crmlab-check crmlab-check-{kind}' style='border-left:4px solid "
                f"{colours.get(kind, '#555')};padding:4px 10px;margin:4px 0'>"
                f"<b>{html.escape(title)}</b><br>{inner}</div>"
            )
        )
    else:
        print(f"{title}\n{body}")


class _Reference:
    """What references and comparators see of a session: its data as generated, ``as_of``, and
    ``order_seed``, the seed of the student's own order of choice options (None: the order
    declared)."""

    def __init__(self, data, as_of, order_seed: int | None = None):
        self.data = data
        self.as_of = as_of
        self.order_seed = order_seed


def data_locale(spec, language: str | None = None) -> str:
    """The locale of an exercise's data (``"en_US"`` or ``"zh_CN"``).

    The one the exercise fixes, if its ``generate`` names a ``locale`` (its references need
    that data); else the one that goes with ``language`` — Chinese names and places for a
    Chinese session — as :func:`crmlab.load` does (:func:`crmlab.data.default_locale`).
    ``language`` None: the language crmlab speaks now. Only names, addresses and phone numbers
    depend on the locale: every number is the same, so an English session's data is unchanged.
    """
    from ..i18n import is_chinese

    fixed = spec.generate.get("locale") if isinstance(spec.generate, dict) else None
    if fixed is not None:
        return fixed
    if language is None:
        from ..data import default_locale

        return default_locale()
    return "zh_CN" if is_chinese(language) else "en_US"


def reference_data(spec, seed: int, locale: str | None = None, order_seed: int | None = None) -> _Reference:
    """The data of ``spec`` generated from ``seed`` in ``locale`` (default: :func:`data_locale`
    of the current language), as references see it (with ``as_of``, the day after the data's
    last day, and the student's ``order_seed`` of choice options)."""
    import pandas as pd

    from ..simulate import generate
    from ..simulate.config import DEFAULTS

    locale = data_locale(spec) if locale is None else locale
    generated = generate(seed=seed, **{"customers": spec.customers, **spec.generate, "locale": locale})
    end = generated.metadata.get("parameters", {}).get("end", DEFAULTS.end.isoformat())
    return _Reference(generated, pd.Timestamp(end).normalize() + pd.Timedelta(days=1), order_seed)


def quiet_data():
    """A context in which crmlab's :class:`~crmlab.errors.DataWarning` is not shown: checking an
    answer computes references and known mistakes on the course data, and what they say about
    that data (e.g. customers left out for having no purchase) is not about the student's answer."""
    import warnings

    from ..errors import DataWarning

    context = warnings.catch_warnings()

    class _Quiet:
        def __enter__(self):
            context.__enter__()
            warnings.simplefilter("ignore", DataWarning)

        def __exit__(self, *exc):
            return context.__exit__(*exc)

    return _Quiet()


#: ``check()`` called without an answer.
_NOTHING = object()


class BoundQuestion:
    """One question of a session: ``check``, ``hint``, ``solution``."""

    def __init__(self, session: Exercise, spec):
        self._session = session
        self._spec = spec

    @property
    def name(self) -> str:
        return self._spec.name

    @property
    def title(self) -> str:
        return self._session.spec.text(self._spec.title)

    def __repr__(self) -> str:
        return _("<question {name}: {title}>").format(name=self.name, title=self.title)

    def expected(self):
        """The reference answer on this session's data as generated (recomputed on every call)."""
        with quiet_data():
            return self._spec.reference(self._session._reference)

    def evaluate(self, answer: object = _NOTHING) -> Feedback:
        """Check ``answer`` and return the :class:`Feedback`, showing and recording nothing."""
        if answer is _NOTHING:
            return incorrect("no_answer_passed", question=self.name, answer=self._spec.answer)
        if is_placeholder(answer):
            return NOT_ATTEMPTED
        try:
            with quiet_data():
                return self._spec.compare(answer, self.expected(), self._session._reference)
        except Exception as exc:  # an answer the comparator did not foresee: never a traceback
            return incorrect("could_not_check", error=type(exc).__name__)

    def check(self, answer: object = _NOTHING) -> None:
        """Check your answer on your data and say whether it is correct (and if not, why)."""
        from ..i18n import _

        task = self._session._task
        if task is not None:  # a grading run: report the answer, the grader decides
            task.record(self.name, answer, nothing=answer is _NOTHING)
            _show("info", self.name, _("Answer recorded for grading."))
            return
        if self._spec.compare is None:  # an exercise handed out without its references
            self._session._record("check", question=self.name, outcome=None)
            _show("info", self.name, _("Your answer is kept for grading: this exercise is checked only when your "
                                       "instructor grades it."))
            return
        fb = self.evaluate(answer)
        self._session._record("check", question=self.name, outcome=fb.outcome.value, key=fb.key, params=fb.params)
        spec = self._session.spec
        text = spec.message(fb.key, **fb.params) if spec.locales else fb.text  # an exercise's own catalogue
        _show(fb.outcome.value, f"{self.name} · {message('heading:' + fb.outcome.value)}", text)

    def hint(self, n: int = 1) -> None:
        """Show hint ``n`` (1 = gentlest; higher numbers say more)."""
        hints = self._spec.hints
        total = len(hints)
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ParameterError(message("hint_number", total=total, got=repr(n)))
        note = ""
        if n > total:
            note = message("no_more_hints", total=total) + "\n"
            n = total
        self._session._record("hint", question=self.name, n=n)
        _show("info", f"{self.name} · {message('hint_heading', n=n, total=total)}", note + self._session.spec.text(hints[n - 1]))

    # -- the options of a choice question ------------------------------------------------------
    def _options(self):
        from ..errors import ParameterError
        from .options import lettered

        if not self._spec.options:
            raise ParameterError(message("error:no_options", question=self.name))
        by_key = {o.key: o for o in self._spec.options}
        return [(letter, by_key[key]) for letter, key in lettered(self._spec.option_keys, self._session.order_seed).items()]

    def options(self) -> None:
        """Show the options of this choice question, lettered in your own order: answer with the
        letter shown here (your neighbours see the same options under other letters)."""
        spec = self._session.spec
        body = "\n".join(f"{letter}. {spec.text(option.text)}" for letter, option in self._options())
        _show("info", f"{self.name} · {message('options_heading')}", body)

    def letter(self, key: str) -> str:
        """The letter of the option ``key`` (its code in the question bank) in your order."""
        from ..errors import ParameterError

        for letter, option in self._options():
            if option.key == key:
                return letter
        raise ParameterError(
            message("error:no_option", question=self.name, got=repr(key),
                    choices=", ".join(repr(o.key) for o in self._spec.options))
        )

    def solution(self) -> None:
        """Show one solution (the check compares results, so other correct code passes too)."""
        from ..i18n import _

        if not self._spec.solution:
            _show("info", f"{self.name} · {message('solution_heading')}", _("No solution was handed out for this question."))
            return
        from .code_comments import translate_comments

        self._session._record("solution", question=self.name)
        code = translate_comments(self._spec.solution.strip(), self._session.spec.text)  # its comments are for reading
        _show("info", f"{self.name} · {message('solution_heading')}", code, code=True)
        print(message("solution_note"))


class Exercise:
    """A student's session on one exercise; made by :func:`start`.

    Attributes
    ----------
    exercise : str
        The exercise id ("02").
    student : str or None
        The student id given to :func:`start`.
    seed : int
        The seed the data was generated from.
    locale : str
        The locale of the data (``"zh_CN"`` in a Chinese session: Chinese names and places;
        see :func:`data_locale`). A grading run uses the one the grader chose.
    order_seed : int
        The seed of the order in which this student sees the options of choice questions: the
        seed of the student's own data (never the grading seed), so that the grader finds the
        same order from the student id.
    grading : bool
        True when the grader runs the notebook (fresh grading data).
    data : crmlab.Dataset
        The student's own company: ``ex.data.orders``, ``ex.data.customers`` …
    as_of : pandas.Timestamp
        The analysis date of every question: the day after the data's last day.
    """

    def __init__(self, spec, student: str | None, grading_seed: str | None = None, *, seed: int | None = None, task=None,
                 locale: str | None = None):
        from ..simulate import Dataset

        self.spec = spec
        self.exercise = spec.id
        self.student = student
        self._task = task
        self.grading = grading_seed is not None or task is not None
        self.seed = derive_seed(spec.id, student, grading_seed) if seed is None else int(seed)
        self.locale = data_locale(spec) if locale is None else locale
        given = getattr(task, "order_seed", None)
        self.order_seed = derive_seed(spec.id, student) if given is None else int(given)
        self._reference = reference_data(spec, self.seed, self.locale, self.order_seed)
        self.as_of = self._reference.as_of
        generated = self._reference.data
        # The student works on a copy: changing ex.data in place (a column added, rows dropped)
        # must not change the expected answers, which are computed from the data as generated.
        # (In a grading run no answer is computed here: no copy is needed.)
        self.data = generated if task is not None else Dataset(
            {name: generated[name].copy(deep=True) for name in generated}, generated.metadata
        )
        self._questions = {q.name: BoundQuestion(self, q) for q in spec.questions}

    # -- access --------------------------------------------------------------------------------
    def __getattr__(self, name: str):
        questions = self.__dict__.get("_questions", {})
        if name in questions:
            return questions[name]
        raise AttributeError(
            message("error:no_question", exercise=self.__dict__.get("exercise"), name=repr(name), questions=", ".join(questions))
        )

    def __dir__(self):
        return [*super().__dir__(), *self._questions]

    @property
    def questions(self) -> list[BoundQuestion]:
        return list(self._questions.values())

    def namespace(self) -> dict:
        """The names the setup cell makes (``orders``, ``customers`` … ``as_of``, ``pd``, ``np``),
        by running :attr:`ExerciseSpec.setup` with this session as ``ex``."""
        import numpy as np
        import pandas as pd

        import crmlab

        ns = {"ex": self, "pd": pd, "np": np, "crmlab": crmlab}
        exec(compile(self.spec.setup, f"<setup of exercise {self.exercise}>", "exec"), ns)
        return ns

    def __repr__(self) -> str:
        return self._welcome()

    def _welcome(self) -> str:
        names = ", ".join(self._questions)
        title = self.spec.text(self.spec.title)
        if self.grading:
            return message("welcome_grading", exercise=self.exercise, title=title)
        if self.student:
            return message(
                "welcome", exercise=self.exercise, title=title, customers=self.spec.customers, student=self.student, questions=names
            )
        return message("welcome_self", exercise=self.exercise, title=title, customers=self.spec.customers, questions=names)

    # -- progress ------------------------------------------------------------------------------
    def _record(self, event: str, **fields) -> None:
        progress.record(event, exercise=self.exercise, student=self.student, seed=self.seed, grading=self.grading, **fields)

    def progress(self):
        """Your progress on this exercise, from the local log (it survives kernel restarts).

        Returns
        -------
        pandas.DataFrame
            One row per question: its title, the outcome of its last check ("not attempted"
            if never checked), the number of checks, the hints seen and whether the solution
            was shown.
        """
        import pandas as pd

        events = self._events()
        outcomes = self._outcomes(events)
        rows = []
        for q in self.questions:
            mine = [e for e in events if e.get("question") == q.name]
            hints = [int(e.get("n", 0)) for e in mine if e.get("event") == "hint"]
            rows.append(
                {
                    message("progress_column:question"): q.name,
                    message("progress_column:title"): q.title,
                    message("progress_column:outcome"): message("outcome:" + outcomes[q.name]),
                    message("progress_column:checks"): sum(e.get("event") == "check" for e in mine),
                    message("progress_column:hints"): max(hints, default=0),
                    message("progress_column:solution"): message(
                        "yes" if any(e.get("event") == "solution" for e in mine) else "no"
                    ),
                }
            )
        correct = sum(outcome == Outcome.CORRECT.value for outcome in outcomes.values())
        print(message("progress_heading", exercise=self.exercise, correct=correct, total=len(self.questions)))
        return pd.DataFrame(rows)

    def score(self) -> dict[str, float]:
        """Question → points earned by its last check (0 if never checked correctly)."""
        outcomes = self._outcomes(self._events())
        return {q.name: (q.points if outcomes[q.name] == Outcome.CORRECT.value else 0.0) for q in self.spec.questions}

    def _events(self) -> list[dict]:
        """This session's events in the log: same exercise and same student (None included)."""
        return [e for e in progress.read() if e.get("exercise") == self.exercise and e.get("student") == self.student]

    def _outcomes(self, events: list[dict]) -> dict[str, str]:
        """Question → outcome of its last check in ``events`` ("not_attempted" if none)."""
        last = progress.latest_outcomes(events, self.exercise)
        valid = {o.value for o in Outcome}
        return {
            q.name: last[q.name] if last.get(q.name) in valid else Outcome.NOT_ATTEMPTED.value for q in self.spec.questions
        }


def start(exercise: object, student: str | None = None) -> Exercise:
    """Start an exercise on your own data.

    Parameters
    ----------
    exercise : str
        The exercise number, e.g. ``"02"`` (the lesson it practises).
    student : str, optional
        Your student id. It chooses your data, so that your neighbours get different numbers.
        When it is None: on a JupyterHub, your hub user name (``$JUPYTERHUB_USER``); else
        ``$CRMLAB_STUDENT`` if your classroom sets it; else no id, and you get the same data as
        every other self-learner (see :mod:`crmlab.exercises.identity`).

    The data follows the language crmlab speaks, as :func:`crmlab.load` does: after
    ``crmlab.set_language("zh_CN")`` your company has Chinese names and places (every number is
    the same as in English), and the exercise's texts are Chinese.

    Returns
    -------
    Exercise
        ``ex.data`` holds your company's tables; ``ex.q1.check(answer)``, ``ex.q1.hint()``,
        ``ex.q1.solution()`` and ``ex.progress()`` do the rest.

    Examples
    --------
    >>> import crmlab
    >>> ex = crmlab.exercises.start("01", student="s2025001")  # doctest: +SKIP

    An exercise your instructor wrote is started by its id, found as ``<id>.py`` or ``<id>.json``
    in the notebook's folder (see :mod:`crmlab.exercises.course`).
    """
    from .course import resolve
    from .grading.task import current

    task = current()
    if task is not None:
        student = _check_student(student)  # a grading run: the grader's exercise and data, whatever the notebook names
        task.record_start(exercise, student)
        # the data's locale too is the grader's (it follows the submission's language, as the
        # grader read it from the notebook), whatever language the notebook sets
        ex = Exercise(task.spec, student, seed=task.seed, task=task, locale=task.locale)
        print(ex._welcome())
        return ex
    spec = resolve(exercise)
    student = resolve_student(student, spec.id, _check_student)
    grading_seed = os.environ.get(GRADING_ENV) or None
    ex = Exercise(spec, student, grading_seed)
    ex._record("start", locale=ex.locale)
    print(ex._welcome())
    return ex
