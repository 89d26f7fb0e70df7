"""Reading a submitted file: its content hash and whether it is a notebook of the exercise.

The file is opened read-only (without updating its access time where the system allows) and
never written, nor its time stamps touched. All later work happens on the bytes read here.

Only regular files are read. A symbolic link is never followed (status ``link``, whatever it
points to: another student's notebook, ``/dev/zero``, nothing); a FIFO, a device or a socket is
never opened for reading (status ``not_a_notebook``); the file is opened with ``O_NOFOLLOW`` and
``O_NONBLOCK`` and checked again once open, so a file swapped for a link or a FIFO meanwhile
cannot make the grader follow it or wait.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

from . import statuses


class NotRegular(OSError):
    """A path that is not a regular file (a link, a FIFO, a device …): never read."""

    def __init__(self, status: str, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def special_kind(mode: int) -> str:
    """What a non-regular file is, in words (for the gradebook's ``detail``)."""
    from ...i18n import _

    texts = {
        stat.S_IFIFO: _("a FIFO (named pipe)"),
        stat.S_IFCHR: _("a character device"),
        stat.S_IFBLK: _("a block device"),
        stat.S_IFSOCK: _("a socket"),
        stat.S_IFDIR: _("a folder"),
    }
    return texts.get(stat.S_IFMT(mode), _("not a regular file"))


def classify_path(path: Path) -> NotRegular | None:
    """Why ``path`` must not be read (a link, a special file, gone), or None for a regular file."""
    from ...i18n import _

    try:
        st = os.lstat(path)
    except OSError as exc:
        return NotRegular(statuses.UNREADABLE, _("cannot be read ({error})").format(error=exc.strerror))
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        target = "".join(c for c in target if c.isprintable())
        target = target if len(target) <= 120 else target[:119] + "…"
        return NotRegular(
            statuses.LINK, _("a symbolic link to {target}; links are not followed").format(target=target)
        )
    if not stat.S_ISREG(st.st_mode):
        return NotRegular(statuses.NOT_A_NOTEBOOK, _("{kind}, not a file: not read").format(kind=special_kind(st.st_mode)))
    return None

#: Files larger than this are not read (status ``too_large``).
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Submission:
    """One submitted file, read.

    Parameters
    ----------
    path : Path
        The file (absolute, as given: symbolic links are not resolved).
    sha256 : str
        Hex digest of its bytes.
    status : str or None
        ``None`` if it is a readable notebook of the graded exercise, else a file status of
        :mod:`~crmlab.exercises.grading.statuses`.
    detail : str
        Why it got that status ("" if runnable).
    exercise : str or None
        The exercise the notebook declares in its metadata.
    notebook : dict or None
        The notebook (nbformat 4) if it could be read.
    """

    path: Path
    sha256: str
    status: str | None
    detail: str
    exercise: str | None
    notebook: dict | None

    @property
    def stem(self) -> str:
        return self.path.stem


def read_bytes(path: Path, limit: int = MAX_BYTES) -> tuple[bytes | None, str]:
    """``(content, sha256)`` of a regular file opened read-only; content is None above ``limit``
    bytes (the digest then covers the whole file, read in chunks).

    Raises
    ------
    NotRegular
        If ``path`` is a symbolic link or not a regular file (nothing is read from it).
    OSError
        If it cannot be opened.
    """
    why = classify_path(path)
    if why is not None:
        raise why
    flags = (os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_NOCTTY", 0))
    try:  # do not even update the access time, where allowed (owner or root)
        fd = os.open(path, flags | getattr(os, "O_NOATIME", 0))
    except PermissionError:
        fd = os.open(path, flags)
    except OSError:
        why = classify_path(path)  # replaced by a link (ELOOP) meanwhile
        if why is not None:
            raise why from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegular(statuses.NOT_A_NOTEBOOK, special_kind(mode))
    with os.fdopen(fd, "rb") as fh:
        digest = hashlib.sha256()
        chunks, size = [], 0
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
            if size <= limit:
                chunks.append(chunk)
            else:
                chunks = []
    return (b"".join(chunks) if size <= limit else None), digest.hexdigest()


def parse(data: bytes | None, exercise: str | None, *, limit: int = MAX_BYTES):
    """``(status, detail, declared exercise, notebook)`` of a file's bytes.

    ``exercise`` is the exercise graded (``None``: accept any declared exercise).
    """
    import nbformat

    from ...i18n import _
    from ..notebook import exercise_id

    if data is None:
        return statuses.TOO_LARGE, _("larger than {mb} MB").format(mb=limit // (1024 * 1024)), None, None
    if not data.strip():
        return statuses.EMPTY, _("{n} bytes, no content").format(n=len(data)), None, None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return statuses.NOT_A_NOTEBOOK, _("binary file, not JSON text"), None, None
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as exc:
        if text.lstrip().startswith("{"):
            return statuses.CORRUPT, _("broken JSON ({error})").format(error=_short(exc)), None, None
        return statuses.NOT_A_NOTEBOOK, _("text that is not JSON"), None, None
    if not isinstance(raw, dict) or not ("cells" in raw or "worksheets" in raw) or "nbformat" not in raw:
        return statuses.NOT_A_NOTEBOOK, _("JSON without notebook cells"), None, None
    try:
        with warnings.catch_warnings():  # a missing cell id or an old format is not the student's fault
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
        cells = nb["cells"]
        if not isinstance(cells, list) or not all(isinstance(c, dict) and "cell_type" in c for c in cells):
            raise ValueError(_("cells are not a list of cells"))
        for c in cells:
            if c["cell_type"] == "code" and not isinstance(c.get("source", ""), str):
                raise ValueError(_("a code cell's source is not text"))
    except Exception as exc:  # nbformat raises many kinds on malformed notebooks
        return statuses.CORRUPT, _("not a readable notebook ({error})").format(error=_short(exc)), None, None
    declared = exercise_id(nb)
    if declared is None:
        return statuses.NO_EXERCISE, _("no crmlab exercise in the notebook metadata"), None, nb
    if exercise is not None and declared != exercise:
        return statuses.WRONG_EXERCISE, _("the notebook is exercise {found}, not {exercise}").format(
            found=_short(declared, 40), exercise=exercise
        ), declared, nb
    return None, "", declared, nb


def digest_of(why: NotRegular) -> str:
    """The resume key of a path that is not read: a digest of what it is (a link's target)."""
    return hashlib.sha256(f"{why.status}|{why.detail}".encode("utf-8", "replace")).hexdigest()


def read(path: str | Path, exercise: str | None = None, *, limit: int = MAX_BYTES) -> Submission:
    """Read and classify one submitted path (see :class:`Submission`); never follows a link and
    never opens anything but a regular file."""
    path = Path(os.path.abspath(path))
    try:
        data, digest = read_bytes(path, limit)
    except NotRegular as why:
        return Submission(path, digest_of(why), why.status, why.detail, None, None)
    except OSError as exc:
        from ...i18n import _

        why = NotRegular(statuses.UNREADABLE, _("cannot be read ({error})").format(error=exc.strerror or type(exc).__name__))
        return Submission(path, digest_of(why), why.status, why.detail, None, None)
    status, detail, declared, nb = parse(data, exercise, limit=limit)
    return Submission(path, digest, status, detail, declared, nb)


def _short(exc: object, limit: int = 80) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = "".join(c for c in text if c.isprintable())
    return text if len(text) <= limit else text[: limit - 1] + "…"
