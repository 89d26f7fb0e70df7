"""The grader's side of one submission: outcomes decided in the grader's own process.

:class:`Judge` holds, for one student, the exercise as the instructor wrote it (references and
comparators included) and the student's grading data, generated here from the grading seed (in
the locale of the submission's language, :mod:`~crmlab.exercises.grading.language`) — never
received from the notebook. Before the notebook runs, :meth:`Judge.write_task` hands the
grading process what it may know (:mod:`~crmlab.exercises.grading.task`): the exercise's public
part, the seed of the data, the seed of the student's order of choice options and the inputs of
the function questions — not the grading seed, not a reference. A choice answer is a letter of
the student's own order (:mod:`~crmlab.exercises.options`), recomputed here from the student id:
the letter is turned back into the option it stands for, and the option is judged. After it ran, :meth:`Judge.decide` reads the answers it reported, as data
(:mod:`~crmlab.exercises.grading.codec`), and for each question compares the *last* answer with a
reference computed here, with the exercise's own comparator, in this process. For a function
question the comparator calls a :class:`~crmlab.exercises.compare.Replayed` stand-in that returns
what the student's function returned on the same inputs in the notebook's process.

So nothing the notebook writes sets an outcome, a message key or a value a message quotes: a
forged or patched check can only report an answer, which is judged like any other. The values a
message quotes (:func:`clean_params`) describe the student's answer and are type-checked and cut
short; an exception is reported by its type and a short first line (:func:`~crmlab.exercises.
grading.task.clean_line`).

The answers file is hostile: it is opened without following links, only if it is a regular file,
and at most :data:`MAX_BYTES` are read; only the last line of each question is decoded, within a
:class:`~crmlab.exercises.grading.codec.Budget`.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .._placeholder import is_placeholder
from ..feedback import NOT_ATTEMPTED, Feedback, Outcome, incorrect
from . import codec
from .scoring import QuestionScore
from .task import clean_line

#: Bytes of an answers file the grader reads, and of one line of it.
MAX_BYTES = 64 * 1024 * 1024
MAX_LINE = 32 * 1024 * 1024
#: Characters of one value a message quotes.
MAX_VALUE = 100
_QUESTION_LINE = re.compile(rb'^\{\s*"q"\s*:\s*"([A-Za-z0-9_]{1,20})"')
_START_LINE = re.compile(rb'^\{\s*"start"\s*:')
_STUDENT = re.compile(r"^[\w.@+-]{1,64}$")


class JudgeError(RuntimeError):
    """The grader could not judge a submission for a reason of its own (a reference that fails):
    no row is written; the submission is graded again on the next run."""


@dataclass
class Verdict:
    """What the grader decided for one submission.

    Attributes
    ----------
    scores : list of QuestionScore
        One per question, in the exercise's order.
    named_students : list of str or None
        The student ids the notebook's ``start()`` calls named (as reported).
    named_exercises : list of str
        The exercises they named.
    unreadable : int
        Lines of the answers file that could not be read.
    """

    scores: list = field(default_factory=list)
    named_students: list = field(default_factory=list)
    named_exercises: list = field(default_factory=list)
    unreadable: int = 0


def clean_value(value: object) -> object:
    """A value a message may quote: a bool, a finite number, or a short line of text."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        value = int(value)
        return value if abs(value) < 10**15 else clean_line(str(value), 24)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else clean_line(str(value), 12)
    return clean_line(value if isinstance(value, str) else str(value), MAX_VALUE)


def clean_params(params: object) -> dict:
    """The values of a message, each checked by :func:`clean_value` (at most 12 of them)."""
    if not isinstance(params, dict):
        return {}
    out = {}
    for key, value in list(params.items())[:12]:
        if isinstance(key, str) and re.match(r"^[a-z_]{1,30}$", key):
            out[key] = clean_value(value)
    return out


def read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The first ``limit`` bytes of ``path`` if it is a regular file (links not followed, FIFOs
    not waited for); ``b""`` otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return b""
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return fh.read(limit)


_EXCEPTIONS: dict[str, type] = {}


def reported_exception(kind: object, text: object) -> Exception:
    """An exception standing for one the student's function raised (its type name and first
    line as reported, cleaned again)."""
    name = codec.clean_name(kind, "Exception")
    if name not in _EXCEPTIONS:
        _EXCEPTIONS[name] = type(name, (Exception,), {"__module__": "crmlab.exercises.grading.judge"})
    return _EXCEPTIONS[name](clean_line(text))


class Judge:
    """The grader's judgement of one student's submission of one exercise.

    Parameters
    ----------
    spec : ExerciseSpec
        The exercise, with its references and comparators.
    student : str
        The student id the instructor's collection gives.
    grading_seed : str
        The run's grading seed (it never leaves the grader).
    language : str
        The submission's language, as the grader read it from the notebook
        (:mod:`~crmlab.exercises.grading.language`): the grading data is made in the locale that
        goes with it (:attr:`locale`), and the grading process is told so.
    """

    def __init__(self, spec, student: str, grading_seed: str, language: str = "en"):
        from ..session import data_locale, derive_seed
        from .language import known

        self.spec = spec
        self.student = student
        self.seed = derive_seed(spec.id, student, grading_seed)
        self.language = known(language)
        self.locale = data_locale(spec, self.language)
        #: The student's order of choice options: from the seed of their own data, as they saw it.
        self.order_seed = derive_seed(spec.id, student)
        self._session = None
        self._inputs: dict[str, list[dict]] = {}
        self._task: str | None = None

    @property
    def reference(self):
        """What references and comparators see: the grading data as generated, ``as_of``, and the
        student's order of choice options (a choice answer's letter is read in that order)."""
        if self._session is None:
            from ..session import reference_data

            self._session = reference_data(self.spec, self.seed, self.locale, self.order_seed)
        return self._session

    def inputs(self, q) -> list[dict]:
        """The argument sets a function answer of question ``q`` is called with (empty for other
        questions), made once from the grading data."""
        from ..compare import argument_sets

        if q.name not in self._inputs:
            self._inputs[q.name] = argument_sets(q.compare, self.reference) if q.compare is not None else []
        return self._inputs[q.name]

    def prepare(self, answers: str = "answers.jsonl") -> str:
        """Generate the grading data and make the task's text (done once; the grader does it
        ahead, while the previous notebook runs)."""
        if self._task is None:
            inputs = {}
            for q in self.spec.questions:
                sets = self.inputs(q)
                if sets:
                    inputs[q.name] = [[[name, codec.encode(value)] for name, value in args.items()] for args in sets]
            data = {"exercise": self.spec.public(), "seed": self.seed, "locale": self.locale, "order_seed": self.order_seed,
                    "answers": answers,
                    "inputs": inputs}
            self._task = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return self._task

    def write_task(self, path: Path) -> Path:
        """Write the grading process's task (see :mod:`~crmlab.exercises.grading.task`)."""
        Path(path).write_text(self.prepare(), encoding="utf-8")
        return Path(path)

    # -- deciding ------------------------------------------------------------------------------
    def decide(self, answers: Path | bytes) -> Verdict:
        """Judge the answers the grading process reported: the answers file, or its content as
        :func:`read_regular` read it. The words a comparator puts into a message's values ("a
        whole number", "customer") are in the submission's language, as its feedback file."""
        from ...i18n import speaking

        with speaking(self.language):
            return self._decide(answers)

    def _decide(self, answers: Path | bytes) -> Verdict:
        data = answers if isinstance(answers, bytes) else read_regular(Path(answers))
        verdict = Verdict()
        names = {q.name for q in self.spec.questions}
        last: dict[str, bytes] = {}
        for line in data.split(b"\n"):
            if not line.strip():
                continue
            m = _QUESTION_LINE.match(line)
            if m and m.group(1).decode() in names and len(line) <= MAX_LINE:
                last[m.group(1).decode()] = line
            elif _START_LINE.match(line) and len(line) < 1000 and len(verdict.named_students) < 100:
                self._start(line, verdict)
            else:
                verdict.unreadable += 1
        for q in self.spec.questions:
            line = last.get(q.name)
            if line is None:
                verdict.scores.append(QuestionScore(q.name, 0.0, float(q.points), Outcome.NOT_ATTEMPTED.value, None))
                continue
            fb = self._judge(q, line)
            points = float(q.points) if fb.outcome is Outcome.CORRECT else 0.0
            verdict.scores.append(QuestionScore(q.name, points, float(q.points), fb.outcome.value, fb.key,
                                                clean_params(fb.params)))
        return verdict

    def _start(self, line: bytes, verdict: Verdict) -> None:
        try:
            entry = json.loads(line)["start"]
            student, exercise = entry.get("student"), entry.get("exercise")
        except (ValueError, KeyError, TypeError, AttributeError):
            verdict.unreadable += 1
            return
        verdict.named_students.append(student if isinstance(student, str) and _STUDENT.match(student) else None)
        if isinstance(exercise, str):
            verdict.named_exercises.append(clean_line(exercise, 40))

    def _judge(self, q, line: bytes) -> Feedback:
        try:
            entry = json.loads(line)
            if entry.get("nothing") is True:
                return incorrect("no_answer_passed", question=q.name, answer=q.answer)
            node = entry["a"]
            if isinstance(node, dict) and node.get("t") == "calls":
                answer = self._replayed(q, node)
                if answer is None:
                    return _GraderFeedback("grading:function_not_run")
            else:
                answer = codec.decode(node)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return _GraderFeedback("grading:unreadable_answer")
        if is_placeholder(answer):
            return NOT_ATTEMPTED
        if q.reference is None or q.compare is None:
            raise JudgeError(f"question {q.name} of exercise {self.spec.id} has no reference")  # i18n: internal
        from ..session import quiet_data

        try:
            with quiet_data():
                expected = q.reference(self.reference)
        except Exception as exc:
            raise JudgeError(f"the reference of {q.name} failed: {type(exc).__name__}: {exc}") from exc  # i18n: internal
        try:
            with quiet_data():
                return q.compare(answer, expected, self.reference)
        except Exception as exc:  # an answer the comparator did not foresee
            return incorrect("could_not_check", error=type(exc).__name__)

    def _replayed(self, q, node: dict):
        """The stand-in of a function answer (None if its report is incomplete)."""
        from ..compare import Replayed

        inputs = self.inputs(q)
        calls = node.get("calls")
        mutated = node.get("mutated")
        if not inputs or not isinstance(calls, list) or not isinstance(mutated, list):
            raise ValueError("not a function report")  # i18n: internal
        if len(calls) != len(inputs) or len(mutated) != len(inputs):
            return None
        results, changed = [], []
        for call, names, args in zip(calls, mutated, inputs):
            if not isinstance(call, dict):
                raise ValueError("bad call")  # i18n: internal
            if "raised" in call:
                raised = call["raised"] if isinstance(call["raised"], dict) else {}
                results.append(("raised", reported_exception(raised.get("type"), raised.get("message"))))
            else:
                results.append(("returned", codec.decode(call["returned"])))
            changed.append([n for n in names if isinstance(n, str) and n in args] if isinstance(names, list) else [])
        return Replayed(codec.clean_name(node.get("name"), "function"), inputs, results, changed)


@dataclass(frozen=True)
class _GraderFeedback:
    """An incorrect outcome with one of the grader's own messages (:mod:`.texts`)."""

    key: str
    params: dict = field(default_factory=dict)
    outcome: Outcome = Outcome.INCORRECT
