"""Kernel-enforced write confinement with Landlock (Linux ≥ 5.13), through ``ctypes``.

:func:`restrict` confines the calling thread and every thread and process it later creates:

* files may be created, written, truncated, renamed, linked or removed only beneath the given
  folders (plus writing to ``/dev/null``); everywhere else the kernel answers ``EACCES``
  whatever the user id, including root, and whatever the code (Python, C extensions, ctypes);
* reading and executing files is not restricted;
* with Landlock ABI ≥ 4, binding or connecting TCP sockets is refused;
* with ABI ≥ 6, signals to processes outside the sandbox and abstract UNIX sockets are refused.

It must be called before any other thread exists (threads that already run stay unconfined).
On kernels without Landlock it does nothing and returns 0.
"""

from __future__ import annotations

import ctypes
import os

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same number on every architecture
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

# Filesystem rights (LANDLOCK_ACCESS_FS_*).
_WRITE_FILE = 1 << 1
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


def restrict(writable: list[str], *, files: list[str] = ("/dev/null",)) -> int:
    """Confine this thread (and its future children) as described in the module docstring.

    Parameters
    ----------
    writable : list of str
        Folders beneath which everything may be written.
    files : list of str
        Single files that may be written (default ``/dev/null``).

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
    fs = _WRITE_V1 | (_REFER if abi >= 2 else 0) | (_TRUNCATE if abi >= 3 else 0)
    attr = _RulesetAttr(fs, (_NET_BIND_TCP | _NET_CONNECT_TCP) if abi >= 4 else 0,
                        (_SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL) if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = libc.syscall(ctypes.c_long(_CREATE_RULESET), ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise _error("landlock_create_ruleset")
    try:
        file_rights = fs & (_WRITE_FILE | _TRUNCATE)
        for path, rights in [*((p, fs) for p in writable), *((p, file_rights) for p in files)]:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except FileNotFoundError:
                continue
            try:
                rule = _PathBeneathAttr(rights, fd)
                if libc.syscall(ctypes.c_long(_ADD_RULE), ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH),
                                ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
                    raise _error(f"landlock_add_rule({path!r})")
            finally:
                os.close(fd)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
            raise _error("prctl(PR_SET_NO_NEW_PRIVS)")
        if libc.syscall(ctypes.c_long(_RESTRICT_SELF), ctypes.c_int(ruleset), ctypes.c_uint32(0)) < 0:
            raise _error("landlock_restrict_self")
    finally:
        os.close(ruleset)
    return abi


def _error(what: str) -> OSError:
    err = ctypes.get_errno()
    return OSError(err, f"{what}: {os.strerror(err)}")
