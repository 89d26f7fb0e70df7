"""The local log of a student's work: one JSON object per line, so it survives kernel restarts.

Each check, hint and solution view appends a line such as::

    {"time": "2026-03-02T10:15:04", "event": "check", "exercise": "02", "student": "s2025001",
     "seed": 123, "question": "q1", "outcome": "incorrect", "key": "wrong_length"}

The file is ``$CRMLAB_PROGRESS_FILE`` if set (the grader sets it), else
``.crmlab/progress.jsonl`` in the folder the notebook runs in. Lines that cannot be read (a
file cut short) are skipped. Events that cannot be written (a read-only folder, a full disk)
are kept in memory for the rest of the kernel's life, and the student is told once.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path

ENV = "CRMLAB_PROGRESS_FILE"


def log_path() -> Path:
    """Where events are written."""
    env = os.environ.get(ENV)
    return Path(env) if env else Path.cwd() / ".crmlab" / "progress.jsonl"


def record(event: str, **fields: object) -> None:
    """Append one event. A log that cannot be written never breaks a check: the event is kept
    in memory instead (:mod:`.unsaved`), and the student is told once."""
    from . import unsaved

    entry = {"time": _dt.datetime.now().isoformat(timespec="seconds"), "event": event, **fields}
    path = log_path()
    # default=str: a numpy number among a message's values must not break a check
    lines = [json.dumps(e, ensure_ascii=False, default=str) + "\n" for e in [*unsaved.pending(path), entry]]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("".join(lines))  # earlier unsaved events first: the log keeps its order
    except OSError as exc:
        unsaved.keep(path, entry, exc)
    else:
        unsaved.saved(path)


def read(path: str | Path | None = None) -> list[dict]:
    """Every readable event of the log, oldest first (with those kept in memory because the
    log could not be written)."""
    from . import unsaved

    path = Path(path) if path is not None else log_path()
    events = []
    if path.exists():
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                events = parse(fh.read())
        except OSError:
            pass
    return events + unsaved.pending(path)


def parse(text: str) -> list[dict]:
    """The JSON objects of a log's text, one per line; blank and unreadable lines (a file cut
    short, a line that is not an object) are skipped."""
    events = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            events.append(entry)
    return events


def latest_outcomes(events: list[dict], exercise: str, student: str | None = None) -> dict[str, str]:
    """Question → outcome of its last check, for one exercise (and student, if given)."""
    out: dict[str, str] = {}
    for e in events:
        if e.get("event") != "check" or e.get("exercise") != exercise:
            continue
        if student is not None and e.get("student") != student:
            continue
        q = e.get("question")
        if isinstance(q, str):
            out[q] = str(e.get("outcome"))
    return out
