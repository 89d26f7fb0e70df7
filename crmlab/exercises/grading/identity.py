"""Whose submission is it: the student id comes from the instructor's collection, never from
the notebook.

* ``file`` (the default): the file name without its extension (``s2025001.ipynb`` → ``s2025001``);
* ``folder``: the name of the folder holding the file, for collections with one folder per
  student (``submissions/s2025001/exercise.ipynb`` → ``s2025001``); a file lying directly in the
  folder given to ``crmlab grade`` falls back to its own name;
* a **roster** (``--roster roster.csv``, columns ``file`` and ``student``) maps files to ids; a
  ``file`` value is matched against the path relative to the folder given to ``crmlab grade``
  (``group_a/zhang.ipynb``), then against the file name alone. A file the roster does not list
  falls back to the rule above, and its row says so.

The id a notebook passes to ``crmlab.exercises.start(student=...)`` only chooses the student's
own practice data. When grading it is reported, and a notebook naming another id is flagged in
the row's ``detail`` — never credited to that id. Two rows for one student in one run are
reported too (:func:`duplicates`).
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path

from ...errors import ParameterError

RULES = ("file", "folder")


def read_roster(path: str | os.PathLike) -> dict[str, str]:
    """``{file: student}`` from a CSV file with the columns ``file`` and ``student``."""
    from ...i18n import _

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"file", "student"} <= set(reader.fieldnames):
                raise ParameterError(
                    _("`roster`: {path} must be a CSV file with the columns `file` and `student`.").format(path=repr(str(path)))
                )
            roster = {}
            for row in reader:
                file, student = (row.get("file") or "").strip(), (row.get("student") or "").strip()
                if file and student:
                    roster[file.replace("\\", "/")] = student
    except OSError as exc:
        raise ParameterError(
            _("`roster`: cannot read {path} ({error}).").format(path=repr(str(path)), error=exc.strerror)
        ) from None
    return roster


def student_of(path: Path, root: Path | None, rule: str = "file", roster: dict[str, str] | None = None) -> tuple[str, str]:
    """``(student id, note)`` of a submitted path; the note (for ``detail``) is "" unless the
    roster does not list the file."""
    from ...i18n import _

    note = ""
    if roster is not None:
        keys = []
        if root is not None:
            try:
                keys.append(path.relative_to(root).as_posix())
            except ValueError:
                pass
        keys.append(path.name)
        for key in keys:
            if key in roster:
                return roster[key], ""
        note = _("not in the roster")
    if rule == "folder" and root is not None and path.parent != root:
        return path.parent.name, note
    name = path.name
    stem = name[: -len(".ipynb")] if name.endswith(".ipynb") else Path(name).stem or name
    return stem, note


def duplicates(students: dict[Path, str]) -> dict[str, list[Path]]:
    """Student ids given to more than one submission of a run, with their paths."""
    seen: dict[str, list[Path]] = defaultdict(list)
    for path, student in students.items():
        seen[student].append(path)
    return {s: sorted(paths) for s, paths in seen.items() if len(paths) > 1}
