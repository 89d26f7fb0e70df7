"""Nothing outlives a grading run: the whole process tree of a notebook is killed at its end.

The grading process the grader starts is a small *keeper* (trusted code: it never runs the
student's) that starts the notebook's process beneath it in one of these ways, the strongest that
works here (chosen once per run by :func:`crmlab.exercises.grading.sandbox.choose`):

``pidns`` (Linux; root, or unprivileged user namespaces)
    The keeper enters new PID, network and IPC namespaces (``unshare``; as a non-root user
    inside a new user namespace mapping only its own user id) and forks an *init*, process 1 of
    the new PID namespace, which forks the notebook's process. When the notebook's process ends,
    the init exits, and the kernel kills every process left in the namespace — children that
    called ``setsid``, double-forked daemons, anything started through ``ctypes`` — since none
    of them can leave it. At the time limit the grader kills the keeper's process group; the init
    dies with it (and with the keeper, by ``PR_SET_PDEATHSIG``), taking the namespace down. The
    network namespace has no interface but a loopback that is down: no network at all, UDP and
    UNIX sockets of other namespaces included.
``subreaper`` (Linux, when namespaces are refused)
    The keeper marks itself a child subreaper (``PR_SET_CHILD_SUBREAPER``): every orphaned
    descendant of the notebook, ``setsid`` or not, is re-parented to it rather than to the
    system's init. When the notebook's process ends, or when the grader asks at the time limit
    (``SIGTERM``), the keeper kills every descendant it can find (repeatedly, until it has no
    child left). Processes can still escape if the keeper itself is killed with ``SIGKILL`` (the
    grader does so only when the keeper does not end within seconds) and by changing their
    user id (impossible once unprivileged).
``group`` (other systems)
    Only the notebook's process group is killed: a child that calls ``setsid`` escapes.

In every mode the notebook's process dies with its parent (``PR_SET_PDEATHSIG``) and, when the
grader runs as root, drops to the sandbox's user id right after the fork, before any of the
notebook's code runs.
"""

from __future__ import annotations

import ctypes
import os
import signal
import struct
import sys
import time

PIDNS, SUBREAPER, GROUP = "pidns", "subreaper", "group"
MODES = (PIDNS, SUBREAPER, GROUP)
#: The mode this process tree actually uses (set by :func:`keep`).
ACTIVE = [GROUP]

_CLONE_NEWIPC = 0x08000000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000
_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.restype = ctypes.c_int
    libc.unshare.restype = ctypes.c_int
    return libc


def _prctl(option: int, value: int) -> bool:
    try:
        return _libc().prctl(option, ctypes.c_ulong(value), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent() -> None:
    """Ask the kernel to kill this process with ``SIGKILL`` when its parent dies."""
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _unshare(flags: int) -> None:
    libc = _libc()
    if libc.unshare(ctypes.c_int(flags)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def enter_namespaces() -> None:
    """Make the next child the init of new PID, network and IPC namespaces (through a new user
    namespace when not privileged). Raises OSError if the system refuses."""
    try:
        _unshare(_CLONE_NEWPID | _CLONE_NEWNET | _CLONE_NEWIPC)
        return
    except OSError:
        if os.geteuid() == 0:
            raise
    uid, gid = os.geteuid(), os.getegid()
    _unshare(_CLONE_NEWUSER | _CLONE_NEWPID | _CLONE_NEWNET | _CLONE_NEWIPC)
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        try:
            with open(f"/proc/self/{name}", "w") as fh:
                fh.write(text)
        except FileNotFoundError:
            if name != "setgroups":
                raise


def drop_privileges(user: int | None) -> None:
    """Become ``user`` (uid and gid, no supplementary groups); if None and this process is
    root, stay uid 0 but give up every capability (:func:`drop_capabilities`)."""
    if user is None:
        if os.geteuid() == 0:
            drop_capabilities()
        return
    os.setgroups([])
    os.setgid(user)
    os.setuid(user)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


_PR_CAPBSET_DROP = 24
_PR_CAP_AMBIENT = 47
_PR_CAP_AMBIENT_CLEAR_ALL = 4


def drop_capabilities() -> bool:
    """Give up every capability of this process (and of what it starts): a root process then
    may no longer raise its resource limits, read or change other users' files, signal other
    users' processes, load modules, reboot … — it still owns root's own files. True if done."""
    try:
        libc = _libc()
        for cap in range(64):
            libc.prctl(_PR_CAPBSET_DROP, ctypes.c_ulong(cap), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))
        libc.prctl(_PR_CAP_AMBIENT, ctypes.c_ulong(_PR_CAP_AMBIENT_CLEAR_ALL), ctypes.c_ulong(0), ctypes.c_ulong(0),
                   ctypes.c_ulong(0))
        header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
        data = (_CapData * 2)()
        return libc.capset(ctypes.byref(header), data) == 0
    except (OSError, AttributeError):
        return False


def _wait_for(pid: int) -> int:
    """Reap children (re-parented orphans too) until ``pid`` ends; its raw wait status."""
    while True:
        try:
            done, status = os.waitpid(-1, 0)
        except ChildProcessError:
            return 0
        if done == pid:
            return status


def _children_map() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return out
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        try:
            ppid = int(data[data.rindex(b")") + 2:].split()[1])
        except (ValueError, IndexError):
            continue
        out.setdefault(ppid, []).append(int(name))
    return out


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from ``/proc``), deepest last."""
    tree = _children_map()
    out, todo = [], list(tree.get(pid, []))
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(tree.get(p, []))
    return out


def kill_descendants(deadline: float = 10.0) -> None:
    """Kill every descendant of this process, again and again, until none is left (orphans of
    killed processes are re-parented to this subreaper and found in the next round)."""
    me = os.getpid()
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        found = descendants(me)
        for p in found:
            try:
                os.kill(p, signal.SIGSTOP)  # no more forking while the rest is found
            except OSError:
                pass
        for p in found:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            if not found:
                return
        if not found:
            time.sleep(0.01)


def _exit_like(status: int):
    """End this process the way the notebook's process ended (same exit code or signal)."""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        except (ValueError, OSError):
            pass
        signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)


def keep(mode: str, body, *, user: int | None = None, parent: int | None = None):
    """Run ``body()`` (returning an exit code) in a contained process tree and end this process
    like it ended. Never returns. ``parent``: the grader's pid (exit at once if it is gone)."""
    die_with_parent()
    if parent is not None and os.getppid() != parent:
        os._exit(70)
    _prctl(_PR_SET_DUMPABLE, 0)
    if mode == PIDNS:
        try:
            enter_namespaces()
        except OSError as exc:
            print(f"grading: namespaces refused ({exc}); using a subreaper", file=sys.stderr)  # i18n: internal
            mode = SUBREAPER
    if mode == SUBREAPER and not _prctl(_PR_SET_CHILD_SUBREAPER, 1):
        mode = GROUP
    ACTIVE[0] = mode
    read_end, write_end = os.pipe()
    keeper = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        die_with_parent()
        if mode != PIDNS:
            if os.getppid() != keeper:
                os._exit(70)
            os.close(write_end)
            _run(body, user)
        init_pid = os.getpid()  # 1: the init of the new namespace
        child = os.fork()
        if child == 0:
            os.close(write_end)
            die_with_parent()
            if os.getppid() != init_pid:
                os._exit(70)
            _run(body, user)
        status = _wait_for(child)
        os.write(write_end, struct.pack("<i", status))
        os._exit(0)  # the kernel now kills whatever is left in the namespace
    os.close(write_end)
    if mode == SUBREAPER:
        def stop(signum, frame):
            kill_descendants()
            os._exit(128 + signum)

        signal.signal(signal.SIGTERM, stop)
    status = _wait_for(pid)
    if mode == PIDNS:
        data = b""
        try:
            data = os.read(read_end, 4)
        except OSError:
            pass
        if len(data) == 4:
            status = struct.unpack("<i", data)[0]
    elif mode == SUBREAPER:
        kill_descendants()
    _exit_like(status)


def _run(body, user):
    try:
        drop_privileges(user)
    except OSError as exc:
        print(f"grading: cannot change to user {user} ({exc})", file=sys.stderr)  # i18n: internal
        os._exit(71)
    try:
        code = body()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)
