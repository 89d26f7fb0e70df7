"""The feedback file of one student: each question's outcome and diagnostic message.

A Markdown file per submission, in the feedback folder, named ``<student>_ex<NN>.md``. It holds
the status of the run, the score, and for each question its points, its outcome and the
catalogue's message for the key of its last check (messages diagnose and never state the
expected answer; the values it quotes — a column name, a row count of the student's own answer —
come from the check event, and any a check did not record show as "…"). Nothing from the grading
data's answers is written.
"""

from __future__ import annotations

import os
import re
import string
import tempfile
from pathlib import Path

from ..messages import MESSAGES, message
from . import statuses

_SAFE = re.compile(r"[^\w.@+-]+")


class _Blank:
    """Stands for a value a message would quote but the event did not record."""

    def __format__(self, spec: str) -> str:
        return "…"


class _Formatter(string.Formatter):
    def get_value(self, key, args, kwargs):
        return kwargs.get(key, _Blank()) if isinstance(key, str) else _Blank()

    def get_field(self, field_name, args, kwargs):
        return self.get_value(field_name, args, kwargs), field_name


def text_of(key: str | None, **params: object) -> str:
    """The message of ``key`` (translated), with any value not in ``params`` shown as "…"."""
    if not key or key not in MESSAGES:
        return ""
    from ...i18n import _

    attempts = (
        lambda: message(key, **params),
        lambda: _Formatter().format(_(MESSAGES[key]), **params),  # values not recorded show as "…"
        lambda: _Formatter().format(_(MESSAGES[key])),  # a recorded value that does not fit its field
    )
    for attempt in attempts:
        try:
            return attempt()
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            continue
    return _(MESSAGES[key])


def file_name(student: str, exercise: str, suffix: str = "") -> str:
    """``<student>_ex<NN>[_<suffix>].md`` with unsafe characters replaced by ``_``."""
    base = _SAFE.sub("_", student).strip("._") or "student"
    extra = "_" + (_SAFE.sub("_", suffix).strip("._") or "x") if suffix else ""
    return f"{base[:64]}_ex{exercise}{extra[:40]}.md"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _num(x: float) -> str:
    return f"{x:g}"


def render(result, spec) -> str:
    """The Markdown feedback of one :class:`~crmlab.exercises.grading.run.Result`."""
    from ...i18n import _

    lines = [
        f"# {message('grading:title', exercise=spec.id, title=_(spec.title))}",
        "",
        f"- {message('grading:student', student=result.student)}",
        f"- {message('grading:file', file=result.path.name, sha=result.sha256[:12])}",
        f"- {message('grading:graded_at', time=result.graded_at)}",
        f"- {message('grading:status', status=result.status, explanation=status_text(result))}",
        f"- **{message('grading:score', total=_num(result.total), max_points=_num(spec.max_points))}**",
        "",
        "| " + " | ".join(message(f"grading:column:{c}") for c in ("question", "points", "outcome", "feedback")) + " |",
        "|---|---|---|---|",
    ]
    ran = result.status in statuses.RUN_STATUSES
    for q, s in zip(spec.questions, result.scores):
        if not ran:
            feedback = message("grading:question_not_run")
        elif s.key is None:
            feedback = message("grading:never_checked", question=q.name)
        else:
            feedback = text_of(s.key, **{k: v for k, v in s.params.items() if isinstance(k, str)})
        lines.append(
            f"| {_cell(q.name + ' · ' + _(q.title))} | {_num(s.points)} / {_num(s.max_points)} | "
            f"{_cell(message('outcome:' + s.outcome))} | {_cell(feedback)} |"
        )
    lines.append("")
    if result.cell_errors:
        cells = ", ".join(f"{i} ({name})" for i, name in result.cell_errors[:10])
        if len(result.cell_errors) > 10:
            cells += ", …"
        lines += [message("grading:cell_errors", count=len(result.cell_errors), cells=cells), ""]
    if ran:
        lines += [message("grading:fresh_data"), ""]
    return "\n".join(lines)


def status_text(result) -> str:
    """The catalogue's explanation of the result's status."""
    params = {"timeout": _num(result.limits.timeout), "memory_mb": result.limits.memory_mb}
    if result.status == statuses.WRONG_EXERCISE:
        params["found"] = result.declared or "?"
        params["exercise"] = result.exercise
    return text_of(f"grading:status:{result.status}", **params)


def write(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` to ``folder/name`` atomically (a reader never sees half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".md", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
