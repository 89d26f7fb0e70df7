"""Which paths are submissions, and which exercise they are.

``crmlab grade`` takes files and folders. A folder stands for every entry in it and in its
subfolders, except hidden ones (``.name``), Jupyter's ``.ipynb_checkpoints`` and the grader's own
outputs (the gradebook and the feedback folder). Every such entry gets a gradebook row, even if
it is not a notebook at all:

* a symbolic link — to a file, to a folder, to a device, or dangling — is never followed: it gets
  a row with status ``link`` (a link to another student's notebook is not graded a second time);
* a FIFO, a device or a socket is never opened: status ``not_a_notebook``;
* a folder the grader may not read gets a row with status ``unreadable``.

Nothing here blocks: files are classified by ``lstat`` and read only when regular
(:mod:`~crmlab.exercises.grading.submission`).
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ...errors import ParameterError, ParameterTypeError
from . import statuses
from .submission import NotRegular, digest_of, read_bytes


@dataclass(frozen=True)
class Found:
    """A submitted path: absolute (links not resolved), its content hash, the exercise it
    declares, and — if it is not read — its file status and why.

    ``root`` is the folder given on the command line it was found in (None: given itself).
    """

    path: Path
    sha256: str
    declared: str | None
    status: str | None = None
    detail: str = ""
    root: Path | None = None


def expand(submissions, exclude: list[Path] = ()) -> list[tuple[Path, Path | None]]:
    """The submitted paths, absolute, sorted, each once, with the folder each was found in.

    Parameters
    ----------
    submissions : path or list of paths
        Files and folders.
    exclude : list of Path
        Files and folders to leave out (the gradebook, the feedback folder).
    """
    from ...i18n import _

    if isinstance(submissions, (str, os.PathLike)):
        submissions = [submissions]
    if not isinstance(submissions, (list, tuple)) or not submissions:
        raise ParameterTypeError(
            _("`submissions` must be a file or folder, or a list of them, but {got} was passed.").format(got=repr(submissions))
        )
    skip = [Path(os.path.abspath(p)) for p in exclude]

    def excluded(p: Path) -> bool:
        return any(p == s or s in p.parents for s in skip)

    found: dict[str, tuple[Path, Path | None]] = {}
    for item in submissions:
        if not isinstance(item, (str, os.PathLike)):
            raise ParameterTypeError(
                _("`submissions` must hold paths, but {got} of type {type} was passed.").format(
                    got=repr(item), type=type(item).__name__
                )
            )
        path = Path(os.path.abspath(item))
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            raise ParameterError(
                _("`submissions`: {path} is neither a file nor a folder.").format(path=repr(str(item)))
            ) from None
        if stat.S_ISDIR(mode):
            for entry in _walk(path, excluded):
                found.setdefault(str(entry), (entry, path))
        else:  # a file, a link, a FIFO …: one row, classified when scanned
            found.setdefault(str(path), (path, None))
    return [found[k] for k in sorted(found)]


def _walk(root: Path, excluded) -> list[Path]:
    out: list[Path] = []
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=False):
        keep = []
        for name in sorted(dirnames):
            full = Path(dirpath, name)
            if name.startswith(".") or excluded(full):
                continue
            if os.path.islink(full):  # a link to a folder: a row, never followed
                out.append(full)
            else:
                keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            full = Path(dirpath, name)
            if not name.startswith(".") and not excluded(full):
                out.append(full)
    for err in errors:  # a folder that cannot be listed
        if err.filename and Path(err.filename) != root:
            out.append(Path(err.filename))
        elif err.filename:
            from ...i18n import _

            raise ParameterError(
                _("`submissions`: cannot read the folder {path} ({error}).").format(path=repr(str(root)), error=err.strerror)
            )
    return out


def declared_exercise(data: bytes | None) -> str | None:
    """The exercise id in a notebook's metadata, without validating the rest (None if none)."""
    if not data:
        return None
    try:
        nb = json.loads(data.decode("utf-8-sig"))
        value = nb["metadata"]["crmlab"]["exercise"]
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        return None
    return value if isinstance(value, str) else None


def scan(entries: list) -> list[Found]:
    """Hash every regular file and read the exercise it declares (files are opened read-only);
    classify the rest without opening them. ``entries`` are paths or ``(path, root)`` pairs."""
    from ...i18n import _

    out = []
    for entry in entries:
        path, root = entry if isinstance(entry, tuple) else (entry, None)
        try:
            if os.path.isdir(path) and not os.path.islink(path):  # a folder that could not be listed
                raise NotRegular(statuses.UNREADABLE, _("a folder the grader may not read"))
            data, digest = read_bytes(path)
        except NotRegular as why:
            out.append(Found(path, digest_of(why), None, why.status, why.detail, root))
            continue
        except OSError as exc:
            why = NotRegular(statuses.UNREADABLE, _("cannot be read ({error})").format(error=exc.strerror or type(exc).__name__))
            out.append(Found(path, digest_of(why), None, why.status, why.detail, root))
            continue
        out.append(Found(path, digest, declared_exercise(data), None, "", root))
    return out


def infer_exercise(found: list[Found]) -> tuple[str, str]:
    """``(exercise id, explanation)``: the id most submissions declare (ties: the lowest)."""
    from ...i18n import _

    counts = Counter(f.declared for f in found if f.declared)
    if not counts:
        raise ParameterError(
            _("`exercise` was not given and none of the submissions declares a crmlab exercise in its metadata: pass "
              "the exercise (e.g. --exercise 01).")
        )
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    others = ", ".join(f"{k}: {n}" for k, n in sorted(counts.items()) if k != best)
    if others:
        return best, _("exercise {exercise} inferred from the notebooks' metadata ({n} of {total} files declare it; "
                       "others: {others})").format(exercise=best, n=counts[best], total=len(found), others=others)
    return best, _("exercise {exercise} inferred from the notebooks' metadata ({n} of {total} files declare it)").format(
        exercise=best, n=counts[best], total=len(found)
    )
