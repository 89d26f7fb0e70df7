"""Collect one exercise from every student: ``crmlab collect 02 --out submissions/02``.

The students' notebooks are found with a path pattern holding ``{user}`` once — one folder
level or part of a name — and optionally ``{notebook}`` (the exercise's file name, e.g.
``02_customer_value.ipynb``):

* every user's home folder (a hub's local spawner, The Littlest JupyterHub, an NFS volume of
  homes): ``/home/{user}/crmlab/exercises/{notebook}`` (the default; TLJH's users are
  ``/home/jupyter-{user}/…``);
* an exchange folder the students copy their notebook into: ``/srv/exchange/02/{user}.ipynb``.

Each notebook found is copied to ``OUT/<user>.ipynb`` — the submissions folder named by user,
so ``crmlab grade OUT`` names every gradebook row after its user — and ``OUT/.collected.json``
records where each came from (path, size, modification time, SHA-256) and who had none.

Nothing in the students' folders is changed: files are opened read-only (without updating
their access time where the system allows). Symbolic links are not followed from the
``{user}`` level down: a student cannot make the collector read someone else's file (or any
other file) by putting a link where the notebook should be; such an entry is reported and
skipped, as is anything that is not a regular file or is larger than ``max_bytes``.
"""

from __future__ import annotations

import datetime as _dt
import errno
import hashlib
import json
import os
import re
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import ParameterError
from ..i18n import N_, _

__all__ = ["DEFAULT_PATTERN", "STATUSES", "Collected", "collect", "describe"]

#: Where a hub's users keep the course by default (``crmlab course`` writes ``~/crmlab``).
DEFAULT_PATTERN = "/home/{user}/crmlab/exercises/{notebook}"
#: The largest notebook collected (bytes).
MAX_BYTES = 50 * 2**20
#: A user name that can be a student id (as :func:`crmlab.exercises.start` accepts).
USER_RE = r"[\w.@+-]{1,64}"

#: What happened to one user's notebook → how it is told.
STATUSES = {
    "collected": N_("collected   {user}: {path}"),
    "missing": N_("no notebook {user}: nothing at {path}"),
    "symlink": N_("skipped     {user}: {path} is or goes through a symbolic link"),
    "not_a_file": N_("skipped     {user}: {path} is not a regular file"),
    "too_large": N_("skipped     {user}: {path} is larger than {limit:,} bytes"),
    "unreadable": N_("skipped     {user}: {path} cannot be read ({error})"),
}


@dataclass(frozen=True)
class Collected:
    """One user's result: ``status`` (a key of :data:`STATUSES`), the ``source`` path, the copy
    written (``target``, or None), its ``size``, ``sha256`` and ``mtime`` (the source's
    modification time, ISO format) when collected, and ``error`` for an unreadable file."""

    user: str
    status: str
    source: str
    target: str | None = None
    size: int | None = None
    sha256: str | None = None
    mtime: str | None = None
    error: str | None = None

    def __str__(self) -> str:
        return _(STATUSES[self.status]).format(user=self.user, path=self.source, limit=MAX_BYTES, error=self.error)


def _split(pattern: str, notebook: str) -> tuple[Path, str, str, list[str]]:
    """``(base folder, text before and after {user} at its level, the levels below it)``."""
    text = os.path.expanduser(pattern).replace("{notebook}", notebook)
    if text.count("{user}") != 1:
        raise ParameterError(
            _("The pattern must hold `{{user}}` exactly once (e.g. /home/{{user}}/crmlab/exercises/{{notebook}}), but {got} was passed.").format(
                got=repr(pattern)
            )
        )
    parts = Path(os.path.abspath(text)).parts
    level = next(i for i, part in enumerate(parts) if "{user}" in part)
    head, tail = parts[level].split("{user}")
    return Path(*parts[:level]), head, tail, list(parts[level + 1 :])


def _open_below(base_fd: int, name: str, below: list[str]) -> int:
    """A read-only descriptor of ``name/below…`` under the folder ``base_fd``, following no
    symbolic link on the way (``OSError`` ELOOP/ENOTDIR if one is met)."""
    nofollow = os.O_NOFOLLOW
    names = [name, *below]
    fd = os.dup(base_fd)
    try:
        for part in names[:-1]:
            nxt = os.open(part, os.O_RDONLY | os.O_DIRECTORY | nofollow, dir_fd=fd)
            os.close(fd)
            fd = nxt
        flags = os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0)
        try:
            last = os.open(names[-1], flags | getattr(os, "O_NOATIME", 0), dir_fd=fd)
        except PermissionError:  # O_NOATIME needs the file's owner (or root)
            last = os.open(names[-1], flags, dir_fd=fd)
        return last
    finally:
        os.close(fd)


def _read_one(base_fd: int, entry: str, below: list[str], limit: int) -> tuple[str, bytes | None, os.stat_result | None, str | None]:
    """``(status, content, stat, error)`` of one user's notebook."""
    try:
        st_entry = os.stat(entry, dir_fd=base_fd, follow_symlinks=False)
    except FileNotFoundError:
        return "missing", None, None, None
    if stat.S_ISLNK(st_entry.st_mode):
        return "symlink", None, None, None
    try:
        fd = _open_below(base_fd, entry, below)
    except FileNotFoundError:
        return "missing", None, None, None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):
            return "symlink", None, None, None
        if exc.errno == errno.ENOTDIR:
            return "symlink" if _link_on_way(base_fd, entry, below) else "missing", None, None, None
        return "unreadable", None, None, exc.strerror or str(exc)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return "not_a_file", None, None, None
        if st.st_size > limit:
            return "too_large", None, None, None
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                return "too_large", None, None, None
            chunks.append(chunk)
        return "collected", b"".join(chunks), st, None
    except OSError as exc:
        return "unreadable", None, None, exc.strerror or str(exc)
    finally:
        os.close(fd)


def _link_on_way(base_fd: int, entry: str, below: list[str]) -> bool:
    """Whether a level of ``entry/below…`` is a symbolic link (for an ENOTDIR: a link to a file
    where a folder should be)."""
    parts = [entry, *below]
    for i in range(1, len(parts) + 1):
        try:
            st = os.stat(os.path.join(*parts[:i]), dir_fd=base_fd, follow_symlinks=False)
        except OSError:
            return False
        if stat.S_ISLNK(st.st_mode):
            return True
    return False


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def collect(
    exercise: object,
    out: str | os.PathLike,
    pattern: str = DEFAULT_PATTERN,
    *,
    users: list[str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> list[Collected]:
    """Copy exercise ``exercise`` of every user to ``out/<user>.ipynb``.

    Parameters
    ----------
    exercise : str
        The exercise ("02"); its notebook's file name fills ``{notebook}`` in ``pattern``.
    out : path
        The submissions folder (created if missing). A user's earlier copy is replaced.
    pattern : str, default ``/home/{user}/crmlab/exercises/{notebook}``
        Where each user's notebook is; ``{user}`` once, at one folder level or in a name.
    users : list of str, optional
        Only these users (a class list); by default every name at the ``{user}`` level.
        A listed user with no folder is reported as missing.
    max_bytes : int
        Larger files are skipped.

    Returns
    -------
    list of Collected
        One per user, sorted by user name.
    """
    from ..exercises.bank import get

    spec = get(exercise)
    base, head, tail, below = _split(pattern, spec.notebook)
    regex = re.compile("^" + re.escape(head) + f"(?P<user>{USER_RE})" + re.escape(tail) + "$")
    out = Path(out).expanduser().absolute()
    if not base.is_dir():
        raise ParameterError(
            _("The folder {folder} of the pattern {pattern} does not exist.").format(folder=repr(str(base)), pattern=repr(pattern))
        )
    if out == base or (base in out.parents and regex.match(out.relative_to(base).parts[0])):
        raise ParameterError(
            _("`out` must not be inside a student's folder, but {path} is.").format(path=repr(str(out)))
        )
    base_fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
    try:
        entries = {}
        for name in sorted(os.listdir(base_fd)):
            found = regex.match(name)
            if found and not found.group("user").startswith("."):
                entries[found.group("user")] = name
        if users is not None:
            bad = [u for u in users if not isinstance(u, str) or not re.fullmatch(USER_RE, u) or u.startswith(".")]
            if bad:
                raise ParameterError(
                    _("`users` must be user names (1–64 letters, digits or . _ - + @), but {got} was passed.").format(
                        got=repr(bad[0])
                    )
                )
            entries = {u: entries.get(u, f"{head}{u}{tail}") for u in sorted(set(users))}
        out.mkdir(parents=True, exist_ok=True)
        results = []
        for user, name in sorted(entries.items()):
            source = str(base.joinpath(name, *below))
            status, data, st, error = _read_one(base_fd, name, below, max_bytes)
            if status != "collected":
                results.append(Collected(user, status, source, error=error))
                continue
            target = out / f"{user}.ipynb"
            _write(target, data)
            mtime = _dt.datetime.fromtimestamp(st.st_mtime).astimezone().isoformat(timespec="seconds")
            results.append(
                Collected(user, status, source, str(target), len(data), hashlib.sha256(data).hexdigest(), mtime)
            )
    finally:
        os.close(base_fd)
    record = {
        "exercise": spec.id,
        "pattern": pattern,
        "collected_at": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "users": [asdict(r) for r in results],
    }
    _write(out / ".collected.json", (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    return results


def describe(results: list[Collected], out: Path) -> list[str]:
    """The lines ``crmlab collect`` prints: each user's result and a summary."""
    from ..i18n import ngettext

    lines = [str(r) for r in results]
    got = sum(r.status == "collected" for r in results)
    lines.append(
        ngettext(
            "{got} notebook of {total} users collected into {out}.",
            "{got} notebooks of {total} users collected into {out}.",
            got,
        ).format(got=got, total=len(results), out=out)
    )
    return lines
