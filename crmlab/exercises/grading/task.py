"""The grading process's side: what it is told about the exercise, and how it reports answers.

The grader writes ``task.json`` into the folder of the process that runs a notebook and names it
in ``CRMLAB_GRADING_TASK``. It holds the exercise's public part
(:meth:`~crmlab.exercises.spec.ExerciseSpec.public`: data parameters, setup, question names — no
reference), the seed and the locale of this student's grading data (the grader chooses the
locale from the submission's language, :mod:`~crmlab.exercises.grading.language`), the seed of
the student's order of choice options (:mod:`~crmlab.exercises.options`; the seed of the data the
student saw, which the student id gives anyway) and, for each question whose answer is a
function, the inputs to call it with (:mod:`~crmlab.exercises.grading.codec`).

``crmlab.exercises.start`` then builds the session from the task — whatever exercise or student
the notebook names (both are reported) — and each ``ex.qN.check(answer)`` appends one line to the
answers file: the answer, or, for a function, what it returned or raised on each input. Nothing
here decides an outcome, and nothing written here is trusted: the grader decodes the answers as
data and compares them with references it computes itself
(:mod:`~crmlab.exercises.grading.judge`).

Format of the answers file, one JSON object a line::

    {"start": {"exercise": "01", "student": "s2025001"}}
    {"q": "q1", "a": <encoded answer>}
    {"q": "q2", "a": {"t": "calls", "name": "age_on", "calls": [{"returned": <encoded>}, ...],
                      "mutated": [[], ...]}}
    {"q": "q3", "nothing": true}                       # check() called without an answer
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from . import codec

ENV = "CRMLAB_GRADING_TASK"
#: What an exception's first line may hold in a report, and how long it may be.
_PRINTABLE = re.compile(r"[^\w .,:;!?'\"()\[\]{}<>=+\-*/%@#&|~^$`\\]", re.UNICODE)
ERROR_LENGTH = 80


def short_error(exc: BaseException) -> tuple[str, str]:
    """``(type name, first line)`` of an exception, as a report may carry them: the name if it is
    a short identifier, the first line's printable characters, at most 80."""
    try:
        text = str(exc)
    except Exception:
        text = ""
    return codec.clean_name(type(exc).__name__, "Exception"), clean_line(text)


def clean_line(text: object, limit: int = ERROR_LENGTH) -> str:
    """The first line of ``text``, without control characters, at most ``limit`` characters."""
    if not isinstance(text, str):
        return ""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    line = _PRINTABLE.sub("", " ".join(line.split()))
    return line if len(line) <= limit else line[: limit - 1] + "…"


class Task:
    """A grading process's task (see the module docstring)."""

    def __init__(self, path: Path):
        from ..spec import ExerciseSpec

        self.path = Path(path)
        data = json.loads(self.path.read_text(encoding="utf-8"))
        self.spec = ExerciseSpec.from_public(data["exercise"])
        self.seed = int(data["seed"])
        self.locale = data_locale_of(data)
        order_seed = data.get("order_seed")
        self.order_seed = None if order_seed is None else int(order_seed)
        self.answers = self.path.parent / data["answers"]
        self._inputs = data.get("inputs", {})
        self._decoded: dict[str, list] = {}

    def _write(self, entry: dict) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        with open(self.answers, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    def record_start(self, exercise: object, student: object) -> None:
        """Report which exercise and student the notebook's ``start()`` named."""
        self._write({"start": {"exercise": str(exercise)[:40], "student": None if student is None else str(student)[:64]}})

    def inputs(self, question: str) -> list[list[tuple[str, object]]]:
        """The argument sets a function answer of ``question`` is called with (decoded once)."""
        if question not in self._decoded:
            sets = self._inputs.get(question, [])
            self._decoded[question] = [[(name, codec.decode(node, codec.Budget(items=10**9, text=10**7)))
                                        for name, node in args] for args in sets]
        return self._decoded[question]

    def record(self, question: str, answer: object, nothing: bool = False) -> None:
        """Report one ``check``: the answer as data (a function: its results on the inputs)."""
        if nothing:
            self._write({"q": question, "nothing": True})
            return
        sets = self.inputs(question)
        if sets and callable(answer) and not isinstance(answer, type) and not codec.is_placeholder(answer):
            node = self._run_function(answer, sets)
        else:
            node = codec.encode(answer)
        self._write({"q": question, "a": node})

    def _run_function(self, function, sets) -> dict:
        from ..compare import _same, _snapshot

        calls, mutated = [], []
        for args in sets:
            passed = [(name, _snapshot(value)) for name, value in args]
            try:
                result = function(*(value for _, value in passed))
            except Exception as exc:  # the student's code failed: reported by type and first line
                kind, text = short_error(exc)
                calls.append({"raised": {"type": kind, "message": text}})
            else:
                calls.append({"returned": codec.encode(result)})
            changed = []
            for (name, value), (_, original) in zip(passed, args):
                try:
                    same = _same(value, original)
                except Exception:
                    same = False
                if not same:
                    changed.append(name)
            mutated.append(changed)
        return {"t": "calls", "name": codec.clean_name(getattr(function, "__name__", None), "function"),
                "calls": calls, "mutated": mutated}


def data_locale_of(data: dict) -> str:
    """The locale of the grading data a task names (English if it names none it knows)."""
    from ...simulate.config import LOCALES

    locale = data.get("locale")
    return locale if isinstance(locale, str) and locale in LOCALES else "en_US"


_CURRENT: dict[str, Task] = {}


def current() -> Task | None:
    """The task of this grading process (None outside a grading run)."""
    path = os.environ.get(ENV)
    if not path:
        return None
    if path not in _CURRENT:
        _CURRENT[path] = Task(Path(path))
    return _CURRENT[path]
