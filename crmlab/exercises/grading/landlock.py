"""Kernel-enforced confinement of file access with Landlock (Linux ≥ 5.13), through ``ctypes``.

:func:`restrict` confines the calling thread and every thread and process it later creates:

* files may be created, written, truncated, renamed, linked or removed only beneath the given
  folders (plus writing to ``/dev/null``); everywhere else the kernel answers ``EACCES``
  whatever the user id, including root, and whatever the code (Python, C extensions, ctypes);
* when ``readable`` is given, files may be read, folders listed and programs executed only
  beneath those folders and the writable ones (plus the single files in ``read_files``):
  other students' submissions, the instructor's folders, ``/etc/shadow``, other processes'
  ``/proc`` entries cannot be opened, even by root (``stat`` and ``readlink`` stay allowed:
  Landlock does not cover them);
* with Landlock ABI ≥ 4, binding or connecting TCP sockets is refused;
* with ABI ≥ 6, signals to processes outside the sandbox and abstract UNIX sockets are refused.

It must be called before any other thread exists (threads that already run stay unconfined).
On kernels without Landlock it does nothing and returns 0.
"""

from __future__ import annotations

import ctypes
import os
import stat

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same number on every architecture
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

# Filesystem rights (LANDLOCK_ACCESS_FS_*).
_EXECUTE = 1 << 0
_WRITE_FILE = 1 << 1
_READ_FILE = 1 << 2
_READ_DIR = 1 << 3
_REMOVE_DIR = 1 << 4
_REMOVE_FILE = 1 << 5
_MAKE_CHAR = 1 << 6
_MAKE_DIR = 1 << 7
_MAKE_REG = 1 << 8
_MAKE_SOCK = 1 << 9
_MAKE_FIFO = 1 << 10
_MAKE_BLOCK = 1 << 11
_MAKE_SYM = 1 << 12
_REFER = 1 << 13  # ABI 2
_TRUNCATE = 1 << 14  # ABI 3
_NET_BIND_TCP = 1 << 0  # ABI 4
_NET_CONNECT_TCP = 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
_SCOPE_SIGNAL = 1 << 1

_WRITE_V1 = (
    _WRITE_FILE | _REMOVE_DIR | _REMOVE_FILE | _MAKE_CHAR | _MAKE_DIR | _MAKE_REG | _MAKE_SOCK | _MAKE_FIFO
    | _MAKE_BLOCK | _MAKE_SYM
)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    libc.prctl.restype = ctypes.c_int
    return libc


def abi_version() -> int:
    """The Landlock ABI of the running kernel (0: not available)."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return 0
    try:
        libc = _libc()
    except OSError:
        return 0
    version = libc.syscall(ctypes.c_long(_CREATE_RULESET), None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(int(version), 0)


_READ = _EXECUTE | _READ_FILE | _READ_DIR


def restrict(
    writable: list[str],
    *,
    files: list[str] = ("/dev/null",),
    readable: list[str] | None = None,
    read_files: list[str] = (),
) -> int:
    """Confine this thread (and its future children) as described in the module docstring.

    Parameters
    ----------
    writable : list of str
        Folders beneath which everything may be written (and read).
    files : list of str
        Single files that may be written and read (default ``/dev/null``).
    readable : list of str, optional
        Folders beneath which files may be read and executed. None: reading is not restricted.
    read_files : list of str
        Single files that may be read when ``readable`` is given.

    Returns
    -------
    int
        The Landlock ABI used (0: Landlock is not available; nothing was restricted).

    Raises
    ------
    OSError
        If the kernel offers Landlock but refuses the ruleset.
    """
    abi = abi_version()
    if abi <= 0:
        return 0
    libc = _libc()
    fs = _WRITE_V1 | (_REFER if abi >= 2 else 0) | (_TRUNCATE if abi >= 3 else 0) | (_READ if readable is not None else 0)
    attr = _RulesetAttr(fs, (_NET_BIND_TCP | _NET_CONNECT_TCP) if abi >= 4 else 0,
                        (_SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL) if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = libc.syscall(ctypes.c_long(_CREATE_RULESET), ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise _error("landlock_create_ruleset")  # i18n: internal
    try:
        file_rights = fs & (_WRITE_FILE | _TRUNCATE | _READ_FILE)
        rules = [*((p, fs) for p in writable), *((p, file_rights) for p in files)]
        if readable is not None:
            rules += [(p, _READ) for p in readable]
            rules += [(p, _READ_FILE | _EXECUTE) for p in read_files]
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except (FileNotFoundError, NotADirectoryError, PermissionError):
                continue
            if not stat.S_ISDIR(os.fstat(fd).st_mode):  # a file: only file rights may be granted
                rights &= _WRITE_FILE | _TRUNCATE | _READ_FILE | _EXECUTE
            try:
                rule = _PathBeneathAttr(rights, fd)
                if libc.syscall(ctypes.c_long(_ADD_RULE), ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH),
                                ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
                    raise _error(f"landlock_add_rule({path!r})")  # i18n: internal
            finally:
                os.close(fd)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
            raise _error("prctl(PR_SET_NO_NEW_PRIVS)")  # i18n: internal
        if libc.syscall(ctypes.c_long(_RESTRICT_SELF), ctypes.c_int(ruleset), ctypes.c_uint32(0)) < 0:
            raise _error("landlock_restrict_self")  # i18n: internal
    finally:
        os.close(ruleset)
    return abi


def _error(what: str) -> OSError:
    err = ctypes.get_errno()
    return OSError(err, f"{what}: {os.strerror(err)}")
