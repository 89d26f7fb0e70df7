"""Progress events that could not be written to the log, kept in memory.

When :func:`crmlab.exercises.progress.record` cannot write the log (a read-only folder, a full
disk, a file in the way), the event is kept here, per log file, for the rest of the process's
life, and the student is told once, in their language, with a :class:`ProgressNotSavedWarning`.
:func:`~crmlab.exercises.progress.read` adds these events after those of the file, so a check
still counts in ``ex.progress()``. When a later write succeeds, the kept events are written
first (the log keeps its order) and forgotten here.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from ..i18n import _

__all__ = ["ProgressNotSavedWarning", "keep", "pending", "saved", "forget"]


class ProgressNotSavedWarning(UserWarning):
    """The progress log could not be written: the events are kept in memory."""


_PENDING: dict[str, list[dict]] = {}
_TOLD: set[str] = set()


def _key(path: str | Path) -> str:
    return str(Path(path).absolute())


def pending(path: str | Path) -> list[dict]:
    """The events of log ``path`` kept in memory, oldest first (a copy)."""
    return list(_PENDING.get(_key(path), ()))


def keep(path: str | Path, entry: dict, error: BaseException | None = None) -> None:
    """Keep ``entry`` for log ``path``; the first time for that log, tell the student."""
    key = _key(path)
    _PENDING.setdefault(key, []).append(entry)
    if key in _TOLD:
        return
    _TOLD.add(key)
    reason = f"{type(error).__name__}: {error.strerror or error}" if isinstance(error, OSError) else str(error or "")
    warnings.warn(
        ProgressNotSavedWarning(
            _(
                "Your progress could not be saved to {path} ({reason}). Your checks still work, and your "
                "progress is kept in memory until this kernel stops: `ex.progress()` shows it. To keep it, "
                "work in a folder you can write to (e.g. copy the notebook into your home folder), or set "
                "`CRMLAB_PROGRESS_FILE` to a file you can write."
            ).format(path=key, reason=reason)
        ),
        stacklevel=2,
    )


def saved(path: str | Path) -> None:
    """The events kept for ``path`` were written: forget them."""
    _PENDING.pop(_key(path), None)


def forget() -> None:
    """Forget every kept event and warning (for tests)."""
    _PENDING.clear()
    _TOLD.clear()
