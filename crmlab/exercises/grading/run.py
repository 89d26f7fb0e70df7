"""Grade a class: :func:`grade`, behind ``crmlab grade``.

For each submitted file, in parallel (one grading process per notebook, ``workers`` at a time):
read it (read-only), run it on fresh grading data in a sandboxed process
(:mod:`~crmlab.exercises.grading.child`), score its checks
(:mod:`~crmlab.exercises.grading.scoring`), write the student's feedback file
(:mod:`~crmlab.exercises.grading.feedback_file`), then append its row to the gradebook
(:mod:`~crmlab.exercises.grading.gradebook`). Submissions that already have a row (same path, same
content) are skipped, so an interrupted run is resumed by running the same command again.
"""

from __future__ import annotations

import datetime as _dt
import os
import secrets
import tempfile
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..._checks import check_float, check_int
from ...errors import ParameterError, ParameterTypeError
from . import child, collect, feedback_file, scoring, submission
from .child import Limits, Registry
from .gradebook import Gradebook
from .sandbox import Sandbox, choose


@dataclass
class Result:
    """The grade of one submission (one gradebook row)."""

    path: Path
    sha256: str
    student: str
    exercise: str
    declared: str | None
    status: str
    detail: str
    scores: list
    grading_seed: str
    graded_at: str
    limits: Limits
    cell_errors: list = field(default_factory=list)
    feedback: Path | None = None
    run: child.RunOutcome | None = None

    @property
    def total(self) -> float:
        return float(sum(s.points for s in self.scores))

    @property
    def outcomes(self) -> dict[str, str]:
        """Question → outcome."""
        return {s.name: s.outcome for s in self.scores}

    def row(self, spec) -> dict:
        """The gradebook row."""
        row = {
            "student": self.student,
            "exercise": self.exercise,
            "file": str(self.path),
            "total": f"{self.total:g}",
            "max_points": f"{spec.max_points:g}",
            "status": self.status,
            "detail": self.detail,
            "sha256": self.sha256,
            "grading_seed": self.grading_seed,
            "graded_at": self.graded_at,
        }
        row.update({s.name: f"{s.points:g}" for s in self.scores})
        return row


@dataclass
class Report:
    """What a grading run did.

    Attributes
    ----------
    gradebook : Path
    feedback : Path
        The feedback folder.
    exercise : str
    grading_seed : str
    results : list of Result
        The submissions graded by this run (rows appended), in the order they finished.
    skipped : list of Path
        Submissions that already had a row.
    failed : list of (Path, str)
        Submissions the grader itself could not handle (no row written; run again).
    sandbox : Sandbox or None
        The layers used (None if nothing needed running).
    note : str
        How the exercise was chosen.
    """

    gradebook: Path
    feedback: Path
    exercise: str
    grading_seed: str
    results: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    sandbox: Sandbox | None = None
    note: str = ""


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _not_run(sub, spec, seed: str, limits: Limits) -> Result:
    scores = scoring.score([], spec)  # nothing ran: every question not attempted, 0 points
    return Result(sub.path, sub.sha256, sub.stem, spec.id, sub.exercise, sub.status, sub.detail, scores, seed, _now(), limits)


def _from_run(sub, spec, seed: str, limits: Limits, outcome: child.RunOutcome) -> Result:
    scores = scoring.score(outcome.events, spec, seed)
    named = scoring.graded_student(outcome.events, spec.id, seed)
    detail = outcome.detail(limits)
    if named is None:
        detail += "; no start() named a student: id from the file name"
    elif named != sub.stem:
        detail += f"; student id from the notebook's start() (file {sub.path.name})"
    return Result(
        sub.path, sub.sha256, named or sub.stem, spec.id, sub.exercise, outcome.status, detail, scores, seed,
        _now(), limits, list(outcome.cell_errors), run=outcome,
    )


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _check_args(workers, timeout, memory_mb, grading_seed):
    if workers is None:
        workers = cpu_count()
    workers = check_int("workers", workers, low=1, high=256)
    timeout = check_float("timeout", timeout, low=1, high=24 * 3600)
    memory_mb = check_int("memory_mb", memory_mb, low=768, high=1024 * 1024)  # the libraries alone take ~0.6 GB
    if grading_seed is None:
        grading_seed = secrets.token_hex(8)
    elif isinstance(grading_seed, bool) or not isinstance(grading_seed, (str, int)):
        raise ParameterTypeError(
            f"`grading_seed` must be a text or a whole number, but {grading_seed!r} of type "
            f"{type(grading_seed).__name__} was passed."
        )
    grading_seed = str(grading_seed).strip()
    if not grading_seed or len(grading_seed) > 200 or "\x00" in grading_seed:
        raise ParameterError(f"`grading_seed` must be 1–200 characters, but {grading_seed!r} was passed.")
    return workers, timeout, memory_mb, grading_seed


def grade(
    submissions,
    out,
    *,
    exercise=None,
    feedback=None,
    workers: int | None = None,
    timeout: float = 300.0,
    memory_mb: int = 2048,
    grading_seed: str | None = None,
    echo=print,
    sandbox: Sandbox | None = None,
) -> Report:
    """Grade submitted exercise notebooks into a gradebook and feedback files.

    Parameters
    ----------
    submissions : path or list of paths
        Notebook files and folders of them (see :func:`crmlab.exercises.grading.collect.expand`).
    out : path
        The gradebook CSV (created, or continued if it exists).
    exercise : str, optional
        The exercise graded ("01"); default: the one most submissions declare in their metadata.
    feedback : path, optional
        Folder of the feedback files (default: ``feedback/`` next to the gradebook).
    workers : int, optional
        Notebooks graded at once (default: the number of CPUs).
    timeout : float
        Seconds each notebook may run (default 300).
    memory_mb : int
        Memory (address space) each notebook may use, in MB (default 2048, at least 768: the
        libraries a notebook imports take about 0.6 GB of it).
    grading_seed : str, optional
        Seed of the grading data (default: a fresh random one). Recorded in every row.
    echo : callable or None
        Called with one line of progress text at a time (default ``print``; None: silent).
    sandbox : Sandbox, optional
        Which protection layers to use (default: all that work here).

    Returns
    -------
    Report

    Raises
    ------
    ParameterError
        If a submission path does not exist, the exercise is unknown or cannot be inferred, or
        the gradebook belongs to another exercise or is being written by another run.
    """
    from ..bank import get

    say = echo or (lambda _text: None)
    workers, timeout, memory_mb, grading_seed = _check_args(workers, timeout, memory_mb, grading_seed)
    if not isinstance(out, (str, os.PathLike)):
        raise ParameterTypeError(f"`out` must be the path of a CSV file, but {out!r} was passed.")
    out = Path(os.path.abspath(out))
    folder = Path(os.path.abspath(feedback)) if feedback is not None else out.parent / "feedback"
    paths = collect.expand(submissions, exclude=[out, folder])
    if not paths:
        raise ParameterError(f"`submissions`: no files found in {submissions!r}.")
    found = collect.scan(paths)
    note = ""
    if exercise is None:
        exercise, note = collect.infer_exercise(found)
        say(note)
    spec = get(exercise)
    limits = Limits(timeout=timeout, memory_mb=memory_mb)
    report = Report(out, folder, spec.id, grading_seed, note=note)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(f"`feedback`: cannot create the folder {str(folder)!r} ({exc.strerror}).") from None
    with Gradebook(out, [q.name for q in spec.questions], spec.id) as book:
        if book.repaired:
            say(f"repaired {out.name}: removed a row cut short ({book.repaired} bytes)")
        todo = [f for f in found if not book.is_done(str(f.path), f.sha256)]
        report.skipped = [f.path for f in found if book.is_done(str(f.path), f.sha256)]
        if report.skipped:
            say(f"{len(report.skipped)} of {len(found)} submissions already graded in {out.name}: skipped")
        if not todo:
            return report
        names = {}
        for r in book.rows:
            names.setdefault(r.get("student", ""), r.get("file", ""))
        with tempfile.TemporaryDirectory(prefix="crmlab-grade-") as tmp:
            run_root = Path(tmp)
            os.chmod(run_root, 0o711)
            if sandbox is None:
                sandbox, mpl = choose(run_root)
            else:
                sandbox, mpl = choose(run_root, landlock=sandbox.landlock, audit_hook=sandbox.audit_hook,
                                      drop_privileges=sandbox.user is not None)
            report.sandbox = sandbox
            say(f"grading {len(todo)} submissions of exercise {spec.id} with {workers} workers "
                f"(grading seed {grading_seed}; sandbox: {sandbox.describe()})")
            _grade_all(todo, spec, book, report, folder, names, workers, limits, sandbox, run_root, mpl, say)
    return report


def _grade_all(todo, spec, book, report, folder, names, workers, limits, sandbox, run_root, mpl, say):
    registry = Registry()
    count = [0]

    def record(result: Result) -> None:
        claimed = names.setdefault(result.student, str(result.path))
        suffix = "" if claimed == str(result.path) else result.sha256[:8]
        name = feedback_file.file_name(result.student, spec.id, suffix)
        result.feedback = feedback_file.write(folder, name, feedback_file.render(result, spec))
        book.append(result.row(spec))
        report.results.append(result)
        count[0] += 1
        say(f"[{count[0]:>{len(str(len(todo)))}}/{len(todo)}] {result.student}: {result.status}, "
            f"{result.total:g}/{spec.max_points:g} ({result.path.name})")

    pending: dict = {}
    queue = iter(todo)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="grading")
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < workers:
                item = next(queue, None)
                if item is None:
                    exhausted = True
                    break
                try:
                    sub = submission.read(item.path, spec.id)
                except OSError as exc:
                    report.failed.append((item.path, f"cannot read: {exc}"))
                    say(f"cannot read {item.path}: {exc}")
                    continue
                if book.is_done(str(sub.path), sub.sha256):
                    report.skipped.append(sub.path)
                    continue
                if sub.status is not None:
                    record(_not_run(sub, spec, report.grading_seed, limits))
                    continue
                fut = pool.submit(
                    child.run, sub.notebook, exercise=spec.id, grading_seed=report.grading_seed, limits=limits,
                    sandbox=sandbox, run_root=run_root, mpl_cache=mpl, registry=registry,
                )
                pending[fut] = sub
            if not pending:
                break
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for fut in finished:
                sub = pending.pop(fut)
                try:
                    outcome = fut.result()
                except Exception as exc:  # the grader failed, not the notebook: no row, retry later
                    report.failed.append((sub.path, f"{type(exc).__name__}: {exc}"))
                    say(f"could not grade {sub.path}: {type(exc).__name__}: {exc}")
                    continue
                record(_from_run(sub, spec, report.grading_seed, limits, outcome))
    except BaseException:
        registry.kill_all()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


__all__ = ["grade", "Report", "Result", "Limits", "Sandbox"]
