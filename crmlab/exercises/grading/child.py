"""Run one notebook in a grading process and say how it went.

:func:`run` makes a working folder, copies the notebook into it, writes the task the
:class:`~crmlab.exercises.grading.judge.Judge` gives the process (the exercise's public part,
the seed of the student's grading data, the inputs of function questions), starts
``python -m crmlab.exercises.grading.runner`` in a new session with the sandbox and the limits,
drains its output, stops its whole process tree at the time limit
(:mod:`~crmlab.exercises.grading.contain`), then has the judge decide on the answers the process
reported, and classifies the run as ``graded``, ``timeout``, ``memory`` or ``crashed``. The
working folder is deleted afterwards. Everything the process left behind is read as hostile data:
regular files only, never through a link, size-capped, names and numbers checked.
"""

from __future__ import annotations

import json
import os
import re
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
from . import contain, statuses
from .codec import clean_name
from .judge import read_regular
from .output import CappedOutput
from .sandbox import Sandbox, child_env, give, make_tree, runner_args
from .task import ENV as TASK_ENV

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
    verdict : Verdict or None
        What the judge decided on the answers the process reported.
    answers : bytes
        The answers file as read (at most 64 MB; empty if it was not a regular file).
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
    verdict: object = None
    answers: bytes = b""
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
        from ...i18n import _, ngettext

        cell = self.last_cell
        if self.status == statuses.TIMEOUT:
            parts = [_("stopped at the {timeout:g} s time limit in cell {cell}").format(timeout=limits.timeout, cell=cell)
                     if cell is not None else _("stopped at the {timeout:g} s time limit").format(timeout=limits.timeout)]
        elif self.status == statuses.MEMORY:
            parts = [_("stopped by the {mb} MB memory limit in cell {cell} ({exit})").format(
                mb=limits.memory_mb, cell=cell, exit=self.exit)
                if cell is not None else _("stopped by the {mb} MB memory limit ({exit})").format(mb=limits.memory_mb, exit=self.exit)]
        elif self.status == statuses.CRASHED:
            last = _last_line(self.output) if self.exit.startswith("signal") or "Fatal Python error" in self.output else ""
            text = (_("process died in cell {cell} ({exit})").format(cell=cell, exit=self.exit) if cell is not None
                    else _("process died ({exit})").format(exit=self.exit))
            parts = [text + (": " + last if last else "")]
        else:
            parts = [ngettext("ran {n} code cell", "ran {n} code cells", self.cells_run).format(n=self.cells_run)]
        if self.cell_errors:
            shown = "; ".join(_("cell {cell}: {error}").format(cell=i, error=name) for i, name in self.cell_errors[:5])
            if len(self.cell_errors) > 5:
                shown += "; " + _("… {n} more").format(n=len(self.cell_errors) - 5)
            parts.append(_("{count} cell(s) raised ({cells})").format(count=len(self.cell_errors), cells=shown))
        if self.output_bytes > 80 * 1024:
            parts.append(_("output capped ({mb:.1f} MB printed, 80 kB kept)").format(mb=self.output_bytes / 1e6))
        parts.append(_("{seconds:.1f} s, peak {mb:.0f} MB").format(seconds=self.seconds, mb=self.peak_mb))
        return "; ".join(parts)


#: The fatal errors of a dying Python process that the gradebook may quote.
_FATAL = re.compile(r"^Fatal Python error: [A-Za-z][A-Za-z ()_:,.'-]{0,80}$")


def _last_line(text: str) -> str:
    """Python's own fatal-error line (e.g. "Fatal Python error: Segmentation fault"), if the
    output holds one of the expected form; nothing else the process printed is quoted."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    fatal = [ln for ln in lines if _FATAL.match(ln)]
    return fatal[-1][:100] if fatal else ""


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
            pids = list(self._pids)
        for pid in pids:
            _terminate(pid)
        time.sleep(0.2)
        for pid in pids:
            _killpg(pid)


def _killpg(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _terminate(pid: int) -> None:
    """Ask a keeper to kill its whole process tree (it does so at once)."""
    try:
        os.kill(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass


def stop(pid: int, mode: str) -> None:
    """Stop a grading process tree: with a PID namespace, killing the keeper's process group
    takes the namespace down; a subreaper keeper is first asked to kill every descendant."""
    if mode == contain.SUBREAPER:
        _terminate(pid)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not _zombie(pid):
            time.sleep(0.02)
    _killpg(pid)


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
        return data[data.rindex(b")") + 2:][:1] in (b"Z", b"X")
    except (OSError, ValueError):
        return True


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
    judge,
    limits: Limits,
    sandbox: Sandbox,
    run_root: Path,
    mpl_cache: Path | None = None,
    registry: Registry | None = None,
    decide: bool = True,
) -> RunOutcome:
    """Run ``notebook`` (nbformat 4, as a dict) in a grading process and judge its answers.

    Parameters
    ----------
    notebook : dict
        The submission, already read (the file itself is never touched here).
    judge : Judge
        The grader's judge of this student's submission (it writes the task and decides).
    limits : Limits
    sandbox : Sandbox
    run_root : Path
        Folder in which the working folder is made.
    mpl_cache : Path, optional
        A matplotlib config folder whose font cache is copied into the working folder.
    registry : Registry, optional
        Where the running process is registered (to be killed on interruption).
    decide : bool
        Judge the answers now (default); if False, only read them (``outcome.answers``) for
        ``judge.decide`` to judge later, so that the next notebook can start meanwhile.

    Returns
    -------
    RunOutcome
    """
    workdir = Path(tempfile.mkdtemp(prefix="nb-", dir=run_root))
    try:
        tree = make_tree(workdir, None)
        copy = workdir / "notebook.ipynb"
        copy.write_text(json.dumps(notebook), encoding="utf-8")
        task = judge.write_task(workdir / "task.json")
        if mpl_cache is not None and mpl_cache.is_dir():
            for item in mpl_cache.glob("fontlist-*.json"):
                shutil.copyfile(item, tree["mpl"] / item.name)
        if sandbox.user is not None:
            give(workdir, sandbox.user)
        cmd = [
            sys.executable, "-m", "crmlab.exercises.grading.runner", str(copy), str(workdir),
            "--memory-mb", str(limits.memory_mb), "--cpu-seconds", str(limits.cpu_seconds),
            "--file-mb", str(limits.file_mb), *runner_args(sandbox),
        ]
        env = child_env(os.environ, tree["home"], tree["tmp"], tree["mpl"])
        env[TASK_ENV] = str(task)
        env[progress.ENV] = str(tree["home"] / "progress.jsonl")
        outcome = _execute(cmd, env, tree, limits, registry, sandbox)
        outcome.answers = read_regular(workdir / "answers.jsonl")
        if decide:
            outcome.verdict = judge.decide(outcome.answers)
        return outcome
    finally:
        _rmtree(workdir)


def _execute(cmd, env, tree, limits: Limits, registry, sandbox: Sandbox) -> RunOutcome:
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=tree["work"], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True, close_fds=True,
    )
    if registry is not None:
        registry.add(proc.pid)
        if registry.cancelled.is_set():
            _killpg(proc.pid)
    out = CappedOutput(proc.stdout)
    timed_out = threading.Event()

    def at_limit():
        timed_out.set()
        stop(proc.pid, sandbox.contain)

    timer = threading.Timer(limits.timeout, at_limit)
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
    return classify(proc.returncode, log, out, seconds, usage, limits, timed_out=timed_out.is_set())


def _cell(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**6 else None


def classify(returncode, log, out, seconds, usage, limits: Limits, *, timed_out: bool) -> RunOutcome:
    """Turn what the process left behind into a :class:`RunOutcome` (the log was written by the
    notebook's process: cell numbers and error names are checked, nothing else is quoted)."""
    ready = next((e for e in log if e.get("event") == "ready"), {})
    started, errors, memory_errors = None, [], []
    finished = 0
    for e in log[:100_000]:
        if e.get("event") == "cell":
            started = _cell(e.get("cell"))
        elif e.get("event") == "end":
            finished += 1
            started = None
            if e.get("error"):
                name = clean_name(e["error"], "Exception")
                errors.append((_cell(e.get("cell")), name))
                if name == "MemoryError":
                    memory_errors.append(_cell(e.get("cell")))
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
    cells = ready.get("cells", 0)
    return RunOutcome(
        status=status,
        cells=cells if _cell(cells) else 0,
        cells_run=finished,
        cell_errors=errors,
        last_cell=None if status == statuses.GRADED else started,
        seconds=seconds,
        peak_mb=usage.ru_maxrss / 1024,
        output_bytes=out.total,
        output=out.text(),
        exit=exit_text,
        landlock=ready.get("landlock") if _cell(ready.get("landlock")) else 0,
        memory_errors=memory_errors,
    )
