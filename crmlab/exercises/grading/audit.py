"""A Python audit hook (PEP 578) that keeps a notebook's code inside its working folder.

Installed by the grading runner just before the student's first cell, it refuses — with
``PermissionError``, which ordinary code treats like any other refused file operation:

* opening a file for writing, and creating, removing, renaming, linking, truncating, changing
  the mode, owner, flags, extended attributes or time stamps of anything outside the working
  folder (``open``, ``os.remove``, ``os.rename``, ``shutil.rmtree``, ``os.chmod`` …, also
  through ``dir_fd`` and file descriptors);
* starting programs or processes (``subprocess``, ``os.system``, ``os.exec*``, ``os.spawn*``,
  ``os.posix_spawn``, ``os.fork``), and signalling other processes;
* network connections (``socket.connect``, ``bind``, ``sendto``, ``sendmsg``, ``getaddrinfo``)
  and SQLite databases outside the folder.

What it does not stop: it sees only what Python itself audits. Code that reaches the C library
directly (``ctypes``), C extensions that write files on their own (pyarrow's Parquet writer,
for one) and deliberate tampering with the hook's state from inside the process all go
around it. It is a guard against accidents and casual attempts; the kernel layers
(:mod:`~crmlab.exercises.grading.landlock`, a separate user id) are the real boundary.
"""

from __future__ import annotations

import os
import sys
import threading

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_SPAWN = frozenset(
    {"subprocess.Popen", "os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "os.forkpty", "pty.spawn"}
)
_NETWORK = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo"})
# event -> positions of (path, dir_fd) pairs to check; "final" paths follow symbolic links.
_PATHS = {
    "os.chmod": ((0, 2),),
    "os.chown": ((0, 3),),
    "os.chflags": ((0, None),),
    "os.lchflags": ((0, None),),
    "os.utime": ((0, 3),),
    "os.truncate": ((0, None),),
    "os.setxattr": ((0, None),),
    "os.removexattr": ((0, None),),
    "os.mkdir": ((0, 2),),
    "shutil.chown": ((0, None),),
    "shutil.copyfile": ((1, None),),
    "shutil.copymode": ((1, None),),
    "shutil.copystat": ((1, None),),
    "shutil.copytree": ((1, None),),
    "shutil.unpack_archive": ((1, None),),
    "shutil.make_archive": ((0, None),),
}
# operations on the directory entry itself (a symbolic link is removed, not its target)
_ENTRIES = {
    "os.remove": ((0, 1),),
    "os.rmdir": ((0, 1),),
    "os.rename": ((0, 2), (1, 3)),
    "os.link": ((0, 2), (1, 3)),
    "os.symlink": ((1, 2),),
    "shutil.rmtree": ((0, 1),),
    "shutil.move": ((0, None), (1, None)),
}


class Guard:
    """The hook's rules for one working folder; ``guard(event, args)`` is the hook."""

    def __init__(self, root: str, allowed_files: tuple[str, ...] = ("/dev/null",)):
        self.root = os.path.realpath(root)
        self.allowed = frozenset(os.path.realpath(p) for p in allowed_files)
        self.pid = os.getpid()
        self._busy = threading.local()

    # -- paths ---------------------------------------------------------------------------------
    def inside(self, path: str) -> bool:
        return path == self.root or path.startswith(self.root + os.sep) or path in self.allowed

    def _resolve(self, path, dir_fd, *, entry: bool) -> str | None:
        if isinstance(path, int):
            try:
                return os.readlink(f"/proc/self/fd/{path}")
            except OSError:
                return None
        try:
            path = os.fsdecode(path)
        except TypeError:
            return None
        if not os.path.isabs(path):
            base = os.getcwd()
            if isinstance(dir_fd, int):
                try:
                    base = os.readlink(f"/proc/self/fd/{dir_fd}")
                except OSError:
                    return None
            path = os.path.join(base, path)
        if entry:
            head, tail = os.path.split(os.path.normpath(path))
            return os.path.join(os.path.realpath(head), tail)
        return os.path.realpath(path)

    def _check(self, event: str, args: tuple, spec, *, entry: bool) -> None:
        for i, j in spec:
            if i >= len(args) or args[i] is None:
                continue
            dir_fd = args[j] if j is not None and j < len(args) else None
            where = self._resolve(args[i], dir_fd, entry=entry)
            if where is None or not self.inside(where):
                raise PermissionError(13, f"grading: {event} outside the notebook's working folder is not allowed", str(args[i]))

    # -- the hook ------------------------------------------------------------------------------
    def __call__(self, event: str, args: tuple) -> None:
        if getattr(self._busy, "on", False):
            return
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None, None))[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS
            )
            if not writing or isinstance(path, int):
                return
            spec, entry = ((0, None),), False
        elif event in _PATHS:
            spec, entry = _PATHS[event], False
        elif event in _ENTRIES:
            spec, entry = _ENTRIES[event], True
        elif event in _SPAWN:
            raise PermissionError(13, "grading: starting other programs is not allowed")
        elif event in ("os.kill", "os.killpg"):
            if args and args[0] not in (0, self.pid):
                raise PermissionError(13, "grading: signalling other processes is not allowed")
            return
        elif event in _NETWORK:
            raise PermissionError(13, "grading: network access is not allowed")
        elif event == "sqlite3.connect":
            db = args[0] if args else ":memory:"
            if isinstance(db, (str, bytes)) and os.fsdecode(db) in (":memory:", ""):
                return
            spec, entry = ((0, None),), False
        else:
            return
        self._busy.on = True
        try:
            self._check(event, tuple(args), spec, entry=entry)
        finally:
            self._busy.on = False


def install(root: str) -> Guard:
    """Install the hook for working folder ``root`` (for the rest of the process's life)."""
    guard = Guard(root)
    sys.addaudithook(guard)
    return guard
