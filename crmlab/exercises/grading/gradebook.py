"""The gradebook: a CSV file an LMS can import, one row per graded submission.

UTF-8, a header row, one line per submission (line breaks inside values are replaced by
spaces, so a row is always exactly one line). Columns::

    student, exercise, file, q1 … qN, total, max_points, status, detail, sha256, grading_seed, graded_at

Crash safety: each row is appended with a single write, then flushed to disk (``fsync``) before
the next submission is recorded, so an interrupted run (Ctrl-C, a killed process, a power cut)
loses at most the row being written. Opening a gradebook repairs a torn last line (a row cut
short by such an interruption) by truncating it. A submission is identified by its path and the
SHA-256 of its content: rows already present are not graded again.

Values starting with ``= + - @`` are prefixed with ``'`` so that a spreadsheet shows them as text
instead of running them as formulas; :func:`read_rows` removes the prefix again.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from ...errors import ParameterError

#: Columns before the question columns, and after them.
HEAD = ("student", "exercise", "file")
TAIL = ("total", "max_points", "status", "detail", "sha256", "grading_seed", "graded_at")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def columns(questions: list[str]) -> list[str]:
    """The header of a gradebook for questions ``q1 … qN`` (in that order)."""
    return [*HEAD, *questions, *TAIL]


def _protect(value: str) -> str:
    value = " ".join(value.splitlines()) if ("\n" in value or "\r" in value) else value
    return "'" + value if value.startswith(_FORMULA) else value


def _unprotect(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA) else value


def format_row(header: list[str], row: dict) -> bytes:
    """One CSV line (UTF-8, ending in CRLF) with the values of ``row`` in ``header`` order."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([_protect(str(row.get(c, ""))) for c in header])
    return buf.getvalue().encode("utf-8")


def repair(path: Path) -> int:
    """Cut a torn last line (one not ending in a line break) off the file; return bytes removed."""
    with open(path, "r+b") as fh:
        size = fh.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return 0
        pos = size
        keep = 0
        while pos > 0:
            step = min(pos, 1 << 16)
            pos -= step
            fh.seek(pos)
            block = fh.read(step)
            i = block.rfind(b"\n")
            if i >= 0:
                keep = pos + i + 1
                break
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())
        return size - keep


def _fsync_dir(folder: Path) -> None:
    """Make a new file's directory entry durable."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    """``(header, rows)`` of a gradebook (an empty file gives ``([], [])``)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:  # a spreadsheet may have added a BOM
        reader = csv.reader(fh)
        header = next(reader, [])
        rows = [{k: _unprotect(v) for k, v in zip(header, values)} for values in reader if values]
    return header, rows


class Gradebook:
    """An open gradebook, appended to row by row.

    Parameters
    ----------
    path : Path
        The CSV file; created (with its header) if missing.
    questions : list of str
        The question columns, in order.
    exercise : str
        The exercise graded: an existing gradebook must be of the same exercise.

    Notes
    -----
    The file stays locked (``flock``) while open, so that two grading runs never write the
    same gradebook at once.
    """

    def __init__(self, path: str | Path, questions: list[str], exercise: str):
        import fcntl

        from ...i18n import _

        self.path = Path(path)
        self.header = columns(list(questions))
        self.exercise = exercise
        if self.path.is_dir():
            raise ParameterError(_("`out` must be a CSV file, but {path} is a folder.").format(path=repr(str(self.path))))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise ParameterError(
                _("`out`: cannot write the gradebook {path} ({error}).").format(path=repr(str(self.path)), error=exc.strerror)
            ) from None
        try:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ParameterError(
                    _("`out`: another `crmlab grade` run is writing {path}; wait for it to finish or choose another "
                      "gradebook.").format(path=repr(str(self.path)))
                ) from None
            self.repaired = repair(self.path)
            header, self.rows = read_rows(self.path)
            if not header:
                self._write(format_row(self.header, dict(zip(self.header, self.header))))
                _fsync_dir(self.path.parent)
            elif header != self.header:
                raise ParameterError(
                    _("`out`: {path} has the columns {columns}, but grading exercise {exercise} needs {needed}. Use "
                      "another gradebook file.").format(path=repr(str(self.path)), columns=", ".join(header),
                                                        exercise=exercise, needed=", ".join(self.header))
                )
            others = sorted({r.get("exercise", "") for r in self.rows} - {exercise})
            if others:
                raise ParameterError(
                    _("`out`: {path} holds grades of exercise {others}, not {exercise}. Use one gradebook per "
                      "exercise.").format(path=repr(str(self.path)), others=", ".join(others), exercise=exercise)
                )
        except BaseException:
            os.close(self._fd)
            raise
        self.done = {(r.get("file", ""), r.get("sha256", "")) for r in self.rows}

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            n = os.write(self._fd, view)
            view = view[n:]
        os.fsync(self._fd)

    def is_done(self, file: str, sha256: str) -> bool:
        """Whether the submission ``file`` with this content already has a row."""
        return (file, sha256) in self.done

    def append(self, row: dict) -> None:
        """Write one row (a single write, then fsync)."""
        self._write(format_row(self.header, row))
        self.rows.append({c: str(row.get(c, "")) for c in self.header})
        self.done.add((str(row.get("file", "")), str(row.get("sha256", ""))))

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
