"""Run one notebook in a grading process and say how it went.

:func:`run` makes a working folder, copies the notebook into it, starts
``python -m crmlab.exercises.grading.runner`` in a new session (its own process group) with
the grading seed, the sandbox and the limits, drains its output, kills its whole process group
at the time limit, reads the check events it recorded and classifies the run as ``graded``,
``timeout``, ``memory`` or ``crashed``. The working folder is deleted afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import progress
from ..session import GRADING_ENV
from . import statuses
from .output import CappedOutput
from .sandbox import Sandbox, child_env, give, make_tree, popen_user_args

_MEMORY_SIGNS = (
    b"MemoryError", b"Cannot allocate memory", b"bad_alloc", b"out of memory", b"Out of memory", b"too many memory regions",
)
_READ_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits of one grading process.

    Parameters
    ----------
    timeout : float
        Wall-clock seconds (the process group is killed then).
    memory_mb : int
        Address-space limit in MB.
    file_mb : int
        Largest file the notebook may write, in MB.
    """

    timeout: float = 300.0
    memory_mb: int = 2048
    file_mb: int = 256

    @property
    def cpu_seconds(self) -> int:
        """CPU-time backstop: the wall-clock limit plus a margin."""
        return int(self.timeout * 1.5) + 10


@dataclass
class RunOutcome:
    """How a grading process ended.

    Attributes
    ----------
    status : str
        ``graded``, ``timeout``, ``memory`` or ``crashed``.
    events : list of dict
        The progress events it recorded.
    cells : int
        Code cells in the notebook.
    cells_run : int
        Code cells that finished.
    cell_errors : list of (int, str)
        ``(cell position, error name)`` of each cell that raised.
    last_cell : int or None
        The cell running when the process stopped (None if it finished).
    seconds : float
        Wall-clock duration.
    peak_mb : float
        Peak resident memory of the process.
    output_bytes : int
        Bytes it printed (of which at most 80 kB were kept).
    output : str
        The kept output.
    exit : str
        ``"exit code N"`` or ``"signal NAME"``.
    landlock : int
        The Landlock ABI the process confined itself with (0: none).
    """

    status: str
    events: list = field(default_factory=list)
    cells: int = 0
    cells_run: int = 0
    cell_errors: list = field(default_factory=list)
    last_cell: int | None = None
    seconds: float = 0.0
    peak_mb: float = 0.0
    output_bytes: int = 0
    output: str = ""
    exit: str = ""
    landlock: int = 0
    memory_errors: list = field(default_factory=list)

    def detail(self, limits: Limits) -> str:
        """A one-line summary for the gradebook's ``detail`` column."""
        where = f" in cell {self.last_cell}" if self.last_cell is not None else ""
        if self.status == statuses.TIMEOUT:
            parts = [f"stopped at the {limits.timeout:g} s time limit{where}"]
        elif self.status == statuses.MEMORY:
            parts = [f"stopped by the {limits.memory_mb} MB memory limit{where} ({self.exit})"]
        elif self.status == statuses.CRASHED:
            last = _last_line(self.output) if self.exit.startswith("signal") or "Fatal Python error" in self.output else ""
            parts = [f"process died{where} ({self.exit})" + (f": {last}" if last else "")]
        else:
            parts = [f"ran {self.cells_run} code cells"]
        if self.cell_errors:
            shown = "; ".join(f"cell {i}: {name}" for i, name in self.cell_errors[:5])
            more = f"; … {len(self.cell_errors) - 5} more" if len(self.cell_errors) > 5 else ""
            parts.append(f"{len(self.cell_errors)} cell(s) raised ({shown}{more})")
        if self.output_bytes > 80 * 1024:
            parts.append(f"output capped ({self.output_bytes / 1e6:.1f} MB printed, 80 kB kept)")
        parts.append(f"{self.seconds:.1f} s, peak {self.peak_mb:.0f} MB")
        return "; ".join(parts)


def _last_line(text: str) -> str:
    """The line of the output that best says why the process died."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    fatal = [ln for ln in lines if ln.startswith("Fatal Python error")]
    return (fatal or lines or [""])[-1][:160]


def read_jsonl(path: Path, limit: int = _READ_LIMIT) -> list[dict]:
    """The JSON objects of a log the notebook's process could have tampered with: only a
    regular file (no symbolic link, no FIFO), at most ``limit`` bytes, unreadable lines skipped."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return []
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return []
        data = fh.read(limit)
    return progress.parse(data.decode("utf-8", errors="replace"))


class Registry:
    """The grading processes running now, so that an interrupted grader can stop them all."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pids: set[int] = set()
        self.cancelled = threading.Event()

    def add(self, pid: int) -> None:
        with self._lock:
            self._pids.add(pid)

    def discard(self, pid: int) -> None:
        with self._lock:
            self._pids.discard(pid)

    def kill_all(self) -> None:
        self.cancelled.set()
        with self._lock:
            for pid in list(self._pids):
                _killpg(pid)


def _killpg(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _rmtree(path: Path) -> None:
    """Remove a working folder, even if the notebook took the permissions off its folders."""
    try:
        shutil.rmtree(path)
        return
    except FileNotFoundError:
        return
    except OSError:
        pass
    for dirpath, dirnames, _ in os.walk(path):
        for name in dirnames:
            try:
                os.chmod(os.path.join(dirpath, name), 0o700, follow_symlinks=False)
            except (OSError, NotImplementedError):
                pass
    shutil.rmtree(path, ignore_errors=True)


def run(
    notebook: dict,
    *,
    exercise: str,
    grading_seed: str,
    limits: Limits,
    sandbox: Sandbox,
    run_root: Path,
    mpl_cache: Path | None = None,
    registry: Registry | None = None,
) -> RunOutcome:
    """Run ``notebook`` (nbformat 4, as a dict) in a grading process.

    Parameters
    ----------
    notebook : dict
        The submission, already read (the file itself is never touched here).
    exercise : str
        The exercise graded.
    grading_seed : str
        Value of ``CRMLAB_GRADING_SEED`` for the run.
    limits : Limits
    sandbox : Sandbox
    run_root : Path
        Folder in which the working folder is made.
    mpl_cache : Path, optional
        A matplotlib config folder whose font cache is copied into the working folder.
    registry : Registry, optional
        Where the running process is registered (to be killed on interruption).

    Returns
    -------
    RunOutcome
    """
    workdir = Path(tempfile.mkdtemp(prefix="nb-", dir=run_root))
    try:
        tree = make_tree(workdir, None)
        copy = workdir / "notebook.ipynb"
        copy.write_text(json.dumps(notebook), encoding="utf-8")
        if mpl_cache is not None and mpl_cache.is_dir():
            for item in mpl_cache.glob("fontlist-*.json"):
                shutil.copyfile(item, tree["mpl"] / item.name)
        if sandbox.user is not None:
            give(workdir, sandbox.user)
        cmd = [
            sys.executable, "-m", "crmlab.exercises.grading.runner", str(copy), str(workdir),
            "--exercise", exercise, "--memory-mb", str(limits.memory_mb),
            "--cpu-seconds", str(limits.cpu_seconds), "--file-mb", str(limits.file_mb),
        ]
        if not sandbox.landlock:
            cmd.append("--no-landlock")
        if not sandbox.audit_hook:
            cmd.append("--no-audit-hook")
        env = child_env(os.environ, tree["home"], tree["tmp"], tree["mpl"])
        env[GRADING_ENV] = grading_seed
        env[progress.ENV] = str(workdir / "events.jsonl")
        return _execute(cmd, env, tree, limits, registry, sandbox)
    finally:
        _rmtree(workdir)


def _execute(cmd, env, tree, limits: Limits, registry, sandbox: Sandbox) -> RunOutcome:
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=tree["work"], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True, close_fds=True, **popen_user_args(sandbox.user),
    )
    if registry is not None:
        registry.add(proc.pid)
        if registry.cancelled.is_set():
            _killpg(proc.pid)
    out = CappedOutput(proc.stdout)
    timed_out = threading.Event()

    def stop():
        timed_out.set()
        _killpg(proc.pid)

    timer = threading.Timer(limits.timeout, stop)
    timer.daemon = True
    timer.start()
    try:
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # a zombie keeps the group id taken
        timer.cancel()
        _killpg(proc.pid)  # anything the notebook left running
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        timer.cancel()
        if registry is not None:
            registry.discard(proc.pid)
    seconds = time.monotonic() - start
    out.join(timeout=5)
    log = read_jsonl(tree["root"] / "runner.jsonl")
    events = read_jsonl(tree["root"] / "events.jsonl")
    return classify(
        proc.returncode, log, events, out, seconds, usage, limits,
        timed_out=timed_out.is_set(),
    )


def classify(returncode, log, events, out, seconds, usage, limits: Limits, *, timed_out: bool) -> RunOutcome:
    """Turn what the process left behind into a :class:`RunOutcome`."""
    ready = next((e for e in log if e.get("event") == "ready"), {})
    started, errors, memory_errors = None, [], []
    finished = 0
    for e in log:
        if e.get("event") == "cell":
            started = e.get("cell")
        elif e.get("event") == "end":
            finished += 1
            started = None
            if e.get("error"):
                errors.append((e.get("cell"), str(e["error"])[:60]))
                if e["error"] == "MemoryError":
                    memory_errors.append(e.get("cell"))
    done = any(e.get("event") == "done" for e in log)
    sig = -returncode if returncode < 0 else None
    exit_text = f"signal {signal.Signals(sig).name}" if sig and sig in signal.Signals._value2member_map_ else (
        f"signal {sig}" if sig else f"exit code {returncode}"
    )
    cpu = usage.ru_utime + usage.ru_stime
    tail = out.tail_bytes() or out.head()
    if done and returncode == 0:
        status = statuses.GRADED
    elif timed_out or sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= limits.cpu_seconds - 1):
        status = statuses.TIMEOUT
    elif sig == signal.SIGKILL or any(s in tail for s in _MEMORY_SIGNS):
        status = statuses.MEMORY  # an allocation failed fatally, or the kernel's OOM killer struck
    else:
        status = statuses.CRASHED
    return RunOutcome(
        status=status,
        events=events,
        cells=int(ready.get("cells", 0) or 0),
        cells_run=finished,
        cell_errors=errors,
        last_cell=None if status == statuses.GRADED else started,
        seconds=seconds,
        peak_mb=usage.ru_maxrss / 1024,
        output_bytes=out.total,
        output=out.text(),
        exit=exit_text,
        landlock=int(ready.get("landlock", 0) or 0),
        memory_errors=memory_errors,
    )
