"""Which files are submissions, and which exercise they are.

``crmlab grade`` takes files and folders. A folder stands for every file in it and in its
subfolders, except hidden ones (``.name``), Jupyter's ``.ipynb_checkpoints`` and the grader's own
outputs (the gradebook and the feedback folder). Every such file gets a gradebook row, even if it
is not a notebook at all.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ...errors import ParameterError, ParameterTypeError
from .submission import read_bytes


@dataclass(frozen=True)
class Found:
    """A submitted file: its absolute path, content hash and the exercise it declares."""

    path: Path
    sha256: str
    declared: str | None


def expand(submissions, exclude: list[Path] = ()) -> list[Path]:
    """The submitted files, absolute, sorted, each once.

    Parameters
    ----------
    submissions : path or list of paths
        Files and folders.
    exclude : list of Path
        Files and folders to leave out (the gradebook, the feedback folder).
    """
    if isinstance(submissions, (str, os.PathLike)):
        submissions = [submissions]
    if not isinstance(submissions, (list, tuple)) or not submissions:
        raise ParameterTypeError(
            f"`submissions` must be a file or folder, or a list of them, but {submissions!r} was passed."
        )
    skip = [Path(os.path.abspath(p)) for p in exclude]

    def excluded(p: Path) -> bool:
        return any(p == s or s in p.parents for s in skip)

    files: dict[str, Path] = {}
    for item in submissions:
        if not isinstance(item, (str, os.PathLike)):
            raise ParameterTypeError(f"`submissions` must hold paths, but {item!r} of type {type(item).__name__} was passed.")
        path = Path(os.path.abspath(item))
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not excluded(Path(dirpath, d)))
                for name in sorted(filenames):
                    f = Path(dirpath, name)
                    if not name.startswith(".") and f.is_file() and not excluded(f):
                        files.setdefault(str(f), f)
        elif path.is_file():
            files.setdefault(str(path), path)
        else:
            raise ParameterError(f"`submissions`: {str(item)!r} is neither a file nor a folder.")
    return [files[k] for k in sorted(files)]


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


def scan(paths: list[Path]) -> list[Found]:
    """Hash every file and read the exercise it declares (files are opened read-only)."""
    out = []
    for p in paths:
        data, digest = read_bytes(p)
        out.append(Found(p, digest, declared_exercise(data)))
    return out


def infer_exercise(found: list[Found]) -> tuple[str, str]:
    """``(exercise id, explanation)``: the id most submissions declare (ties: the lowest)."""
    counts = Counter(f.declared for f in found if f.declared)
    if not counts:
        raise ParameterError(
            "`exercise` was not given and none of the submissions declares a crmlab exercise in its "
            "metadata: pass the exercise (e.g. --exercise 01)."
        )
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    others = ", ".join(f"{k}: {n}" for k, n in sorted(counts.items()) if k != best)
    note = f"exercise {best} inferred from the notebooks' metadata ({counts[best]} of {len(found)} files declare it"
    note += f"; others: {others})" if others else ")"
    return best, note
