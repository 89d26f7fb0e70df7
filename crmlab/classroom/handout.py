"""Hand the course out: ``crmlab course`` copies the lessons and exercises into a student's folder.

What the student gets is :func:`crmlab.paths.course_files`: the lessons (``notebooks/``), the
exercise notebooks (``exercises/``, never the solutions) and the data card
(``datasets/README.md``), each in the student's language where the kit has that edition. The
default folder is ``~/crmlab``.

Run again after the kit was updated (a new wheel), it follows nbgitpuller's rule — the
student's work always wins:

* a file the student does not have is **added**;
* a file the student has not changed since it was handed out is **updated** to the new version;
* a file the student deleted is **restored**;
* a file the student changed (or made, under the same name) is **kept** as it is, never
  overwritten; the student can rename it and run the command again to get the new version.

What was handed out is remembered in ``.crmlab/course.json`` in the student's folder (each
file's SHA-256 as handed out): a file whose content still has that hash is unchanged. Files are
written atomically (a temporary file renamed over the old one), so a symbolic link the student
put in place of a file is replaced by a file, never written through.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParameterError
from ..i18n import N_, _

__all__ = ["ACTIONS", "Change", "MANIFEST", "default_folder", "get_course", "describe"]

#: Where the hand-out remembers what it handed out, relative to the student's folder.
MANIFEST = Path(".crmlab") / "course.json"

#: What happened to a file → how it is told (``{path}``: the file, relative to the folder).
ACTIONS = {
    "added": N_("added      {path}"),
    "updated": N_("updated    {path}"),
    "restored": N_("restored   {path} (you had deleted it)"),
    "kept": N_("kept yours {path} (you changed it; the course has a newer version: rename yours and run `crmlab course` again to get it)"),
    "own": N_("kept yours {path} (a file of yours has this name; rename it and run `crmlab course` again to get the course's)"),
    "yours": N_("yours      {path} (changed by you; the course has nothing newer)"),
    "unchanged": N_("up to date {path}"),
}


@dataclass(frozen=True)
class Change:
    """What :func:`get_course` did (or would do) to one file: ``path`` relative to the folder,
    ``action`` a key of :data:`ACTIONS`."""

    path: str
    action: str

    def __str__(self) -> str:
        return _(ACTIONS[self.action]).format(path=self.path)


def default_folder() -> Path:
    """``~/crmlab``: the student's course folder (their home folder on a hub)."""
    return Path.home() / "crmlab"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha(path: Path) -> str | None:
    """The SHA-256 of a regular file at ``path`` (not followed if it is a link), else None."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return _sha256(path.read_bytes())
    except OSError:
        return None


def _language(language: str | None) -> str:
    from .. import paths
    from ..i18n import get_language, languages, normalize_language

    if language is None:
        return get_language()
    chosen = normalize_language(language)
    known = set(languages()) | set(paths.editions("notebooks")) | set(paths.editions("exercises"))
    if chosen is None or chosen not in known:
        raise ParameterError(
            _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name="language", choices=sorted(known), got=repr(language)
            )
        )
    return chosen


def _read_manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {k: v for k, v in files.items() if isinstance(v, str)} if isinstance(files, dict) else {}


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (a link at ``path`` is replaced, not followed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".crmlab-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def get_course(folder: str | os.PathLike | None = None, language: str | None = None, *, dry_run: bool = False) -> list[Change]:
    """Copy the course into ``folder``, or bring a copy made earlier up to date.

    Parameters
    ----------
    folder : path, optional
        The student's course folder (default ``~/crmlab``); created if missing.
    language : str, optional
        The edition to take (``"en"``, ``"zh_CN"`` …; default: crmlab's language, from
        ``crmlab.set_language`` or ``CRMLAB_LANGUAGE`` or the locale). A notebook that has no
        edition in that language comes in English.
    dry_run : bool, default False
        Say what would change, and change nothing.

    Returns
    -------
    list of Change
        One per course file, in order: added, updated, restored, kept (the student changed it
        and the course has a newer version), yours (the student changed it; nothing newer),
        own (a file of the student's with the course file's name) or unchanged.
    """
    from .. import paths

    lang = _language(language)
    sources = paths.course_files(lang)
    if not sources:
        raise ParameterError(
            _("This crmlab has no course files to hand out (`crmlab info` says what is missing).")
        )
    folder = Path(folder).expanduser() if folder is not None else default_folder()
    if folder.exists() and not folder.is_dir():
        raise ParameterError(_("`folder` must be a folder, but {path} is a file.").format(path=repr(str(folder))))
    handed = _read_manifest(folder)
    changes: list[Change] = []
    for rel, source in sources.items():
        data = source.read_bytes()
        new = _sha256(data)
        target = folder / rel
        base = handed.get(rel)
        present = target.is_symlink() or target.exists()
        current = _file_sha(target)
        if not present:
            action = "restored" if base is not None else "added"
        elif current == new:
            action = "unchanged"
        elif current is not None and current == base:
            action = "updated"
        elif base == new:
            action = "yours"
        elif base is not None:
            action = "kept"
        else:
            action = "own"
        changes.append(Change(rel, action))
        if action in ("added", "updated", "restored", "unchanged"):
            handed[rel] = new
        if not dry_run and action in ("added", "updated", "restored"):
            _write(target, data)
    if not dry_run:
        from .. import __version__

        manifest = {"kit": __version__, "language": lang, "files": dict(sorted(handed.items()))}
        _write(folder / MANIFEST, (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    return changes


def describe(changes: list[Change], folder: Path, *, verbose: bool = False) -> list[str]:
    """The lines ``crmlab course`` prints: each change (the unchanged files only if ``verbose``)
    and a summary."""
    from ..i18n import ngettext

    lines = [str(c) for c in changes if verbose or c.action not in ("unchanged", "yours")]
    count = {a: sum(c.action == a for c in changes) for a in ACTIONS}
    written = count["added"] + count["updated"] + count["restored"]
    kept = count["kept"] + count["own"] + count["yours"]
    lines.append(
        ngettext(
            "{folder}: {written} file written, {kept} of yours kept, {same} up to date.",
            "{folder}: {written} files written, {kept} of yours kept, {same} up to date.",
            written,
        ).format(folder=folder, written=written, kept=kept, same=count["unchanged"])
    )
    return lines
