"""Reading a submitted file: its content hash and whether it is a notebook of the exercise.

The file is opened read-only (without updating its access time where the system allows) and
never written, nor its time stamps touched. All later work happens on the bytes read here.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from . import statuses

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
    """``(content, sha256)`` of a file opened read-only; content is None above ``limit`` bytes
    (the digest then covers the whole file, read in chunks)."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:  # do not even update the access time, where allowed (owner or root)
        fd = os.open(path, flags | getattr(os, "O_NOATIME", 0))
    except PermissionError:
        fd = os.open(path, flags)
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

    from ..notebook import exercise_id

    if data is None:
        return statuses.TOO_LARGE, f"larger than {limit // (1024 * 1024)} MB", None, None
    if not data.strip():
        return statuses.EMPTY, f"{len(data)} bytes, no content", None, None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return statuses.NOT_A_NOTEBOOK, "binary file, not JSON text", None, None
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as exc:
        if text.lstrip().startswith("{"):
            return statuses.CORRUPT, f"broken JSON ({_short(exc)})", None, None
        return statuses.NOT_A_NOTEBOOK, "text that is not JSON", None, None
    if not isinstance(raw, dict) or not ("cells" in raw or "worksheets" in raw) or "nbformat" not in raw:
        return statuses.NOT_A_NOTEBOOK, "JSON without notebook cells", None, None
    try:
        with warnings.catch_warnings():  # a missing cell id or an old format is not the student's fault
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
        cells = nb["cells"]
        if not isinstance(cells, list) or not all(isinstance(c, dict) and "cell_type" in c for c in cells):
            raise ValueError("cells are not a list of cells")
        for c in cells:
            if c["cell_type"] == "code" and not isinstance(c.get("source", ""), str):
                raise ValueError("a code cell's source is not text")
    except Exception as exc:  # nbformat raises many kinds on malformed notebooks
        return statuses.CORRUPT, f"not a readable notebook ({_short(exc)})", None, None
    declared = exercise_id(nb)
    if declared is None:
        return statuses.NO_EXERCISE, "no crmlab exercise in the notebook metadata", None, nb
    if exercise is not None and declared != exercise:
        return statuses.WRONG_EXERCISE, f"the notebook is exercise {declared}, not {exercise}", declared, nb
    return None, "", declared, nb


def read(path: str | Path, exercise: str | None = None, *, limit: int = MAX_BYTES) -> Submission:
    """Read and classify one submitted file (see :class:`Submission`)."""
    path = Path(os.path.abspath(path))
    data, digest = read_bytes(path, limit)
    status, detail, declared, nb = parse(data, exercise, limit=limit)
    return Submission(path, digest, status, detail, declared, nb)


def _short(exc: BaseException, limit: int = 80) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
