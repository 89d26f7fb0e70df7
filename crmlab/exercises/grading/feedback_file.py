"""The feedback file of one student: each question's outcome and diagnostic message.

A Markdown file per submission, in the feedback folder, named ``<student>_ex<NN>.md``. It holds
the status of the run, the score, and for each question its points, its outcome and the message
the grader chose for it (messages diagnose and never state the expected answer).

It carries only what the grader wrote: the texts of the message catalogues (in the current
language), the student id and file name of the instructor's collection, and the values the
grader's own comparator recorded about the student's answer — numbers, counts, short texts such
as a column name — each checked and cut short by the judge
(:func:`~crmlab.exercises.grading.judge.clean_params`) and again here. An exception of the
student's function is quoted by its type and at most 80 characters of its first line. Nothing
the notebook printed or wrote to a file, and nothing of the grading data's answers, is written.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..messages import MESSAGES, message
from . import statuses, texts
from .judge import clean_params

_SAFE = re.compile(r"[^\w.@+-]+")


def text_of(key: str | None, spec=None, **params: object) -> str:
    """The message of ``key`` (an exercise message or one of the grader's texts), translated,
    with ``params`` filled in; a value not recorded shows as "…"."""
    from ...i18n import _

    if not key:
        return ""
    if key in texts.TEXTS:
        return texts.text(key, **params)
    if key in MESSAGES:
        template = spec.text(MESSAGES[key]) if spec is not None else _(MESSAGES[key])
        return texts.fill(template, **params)
    try:  # a message kept elsewhere than the kit's catalogue
        return message(key, **params)
    except Exception:
        return ""


def file_name(student: str, exercise: str, suffix: str = "") -> str:
    """``<student>_ex<NN>[_<suffix>].md`` with unsafe characters replaced by ``_``."""
    base = _SAFE.sub("_", student).strip("._") or "student"
    extra = "_" + (_SAFE.sub("_", suffix).strip("._") or "x") if suffix else ""
    return f"{base[:64]}_ex{_SAFE.sub('_', exercise)[:40]}{extra[:40]}.md"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _num(x: float) -> str:
    return f"{x:g}"


def render(result, spec) -> str:
    """The Markdown feedback of one :class:`~crmlab.exercises.grading.run.Result`."""
    from ...i18n import _

    t = texts.text
    lines = [
        f"# {t('grading:title', exercise=spec.id, title=spec.text(spec.title))}",
        "",
        f"- {t('grading:student', student=result.student)}",
        f"- {t('grading:file', file=result.path.name, sha=result.sha256[:12])}",
        f"- {t('grading:graded_at', time=result.graded_at)}",
        f"- {t('grading:status', status=result.status, explanation=status_text(result))}",
        f"- **{t('grading:score', total=_num(result.total), max_points=_num(spec.max_points))}**",
        "",
        "| " + " | ".join(t(f"grading:column:{c}") for c in ("question", "points", "outcome", "feedback")) + " |",
        "|---|---|---|---|",
    ]
    ran = result.status in statuses.RUN_STATUSES
    for q, s in zip(spec.questions, result.scores):
        if not ran:
            feedback = t("grading:question_not_run")
        elif s.key is None:
            feedback = t("grading:never_checked", question=q.name)
        else:
            feedback = text_of(s.key, spec, **clean_params(s.params))
        lines.append(
            f"| {_cell(q.name + ' · ' + spec.text(q.title))} | {_num(s.points)} / {_num(s.max_points)} | "
            f"{_cell(_(MESSAGES['outcome:' + s.outcome]))} | {_cell(feedback)} |"
        )
    lines.append("")
    if result.cell_errors:
        cells = ", ".join(f"{i} ({name})" for i, name in result.cell_errors[:10])
        if len(result.cell_errors) > 10:
            cells += ", …"
        lines += [t("grading:cell_errors", count=len(result.cell_errors), cells=cells), ""]
    if ran:
        lines += [t("grading:fresh_data"), ""]
    return "\n".join(lines)


def status_text(result) -> str:
    """The catalogue's explanation of the result's status."""
    params = {"timeout": _num(result.limits.timeout), "memory_mb": result.limits.memory_mb}
    if result.status == statuses.WRONG_EXERCISE:
        params["found"] = clean_params({"found": result.declared or "?"})["found"]
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
