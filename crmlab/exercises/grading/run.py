"""Grade a class: :func:`grade`, behind ``crmlab grade``.

For each submitted path, in parallel (one grading process per notebook, ``workers`` at a time):
read it (read-only; links and special files are never followed or opened), give it the student id
of the instructor's collection (:mod:`~crmlab.exercises.grading.identity`), run it on fresh
grading data in a sandboxed process (:mod:`~crmlab.exercises.grading.child`) that only reports its
answers, decide every outcome in this process (:mod:`~crmlab.exercises.grading.judge`), write the
student's feedback file (:mod:`~crmlab.exercises.grading.feedback_file`), then append its row to
the gradebook (:mod:`~crmlab.exercises.grading.gradebook`). Submissions that already have a row
(same path, same content) are skipped, so an interrupted run is resumed by running the same
command again.
"""

from __future__ import annotations

import datetime as _dt
import os
import secrets
import tempfile
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..._checks import check_float, check_int
from ...errors import ParameterError, ParameterTypeError
from . import child, collect, feedback_file, identity, scoring, submission
from .child import Limits, Registry
from .gradebook import Gradebook
from .judge import Judge
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
    duplicates : dict
        Student id → the paths of this run given that id (more than one each).
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
    duplicates: dict = field(default_factory=dict)
    sandbox: Sandbox | None = None
    note: str = ""


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _not_run(sub, student: str, notes: str, spec, seed: str, limits: Limits) -> Result:
    return Result(sub.path, sub.sha256, student, spec.id, sub.exercise, sub.status, _join(sub.detail, notes),
                  scoring.not_run(spec), seed, _now(), limits)


def _named(verdict, student: str, spec) -> str:
    """What the notebook's ``start()`` named that is not what was graded (for ``detail``)."""
    from ...i18n import _

    notes = []
    others = sorted({s for s in verdict.named_students if s is not None and s != student})
    if others:
        notes.append(_("its start() names {named}: graded as {student}, the id of the collection").format(
            named=", ".join(others[:3]), student=student))
    exercises = sorted({e for e in verdict.named_exercises if e != spec.id})
    if exercises:
        notes.append(_("its start() names exercise {named}: graded as exercise {exercise}").format(
            named=", ".join(exercises[:3]), exercise=spec.id))
    if verdict.unreadable:
        notes.append(_("{n} unreadable line(s) in its answers").format(n=verdict.unreadable))
    return _join(*notes)


def _from_run(sub, student: str, notes: str, spec, seed: str, limits: Limits, outcome: child.RunOutcome) -> Result:
    verdict = outcome.verdict
    detail = _join(outcome.detail(limits), _named(verdict, student, spec), notes)
    return Result(sub.path, sub.sha256, student, spec.id, sub.exercise, outcome.status, detail, verdict.scores, seed,
                  _now(), limits, list(outcome.cell_errors), run=outcome)


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _check_args(workers, timeout, memory_mb, grading_seed):
    from ...i18n import _

    if workers is None:
        workers = cpu_count()
    workers = check_int("workers", workers, low=1, high=256)
    timeout = check_float("timeout", timeout, low=1, high=24 * 3600)
    memory_mb = check_int("memory_mb", memory_mb, low=768, high=1024 * 1024)  # the libraries alone take ~0.6 GB
    if grading_seed is None:
        grading_seed = secrets.token_hex(8)
    elif isinstance(grading_seed, bool) or not isinstance(grading_seed, (str, int)):
        raise ParameterTypeError(
            _("`grading_seed` must be a text or a whole number, but {got} of type {type} was passed.").format(
                got=repr(grading_seed), type=type(grading_seed).__name__)
        )
    grading_seed = str(grading_seed).strip()
    if not grading_seed or len(grading_seed) > 200 or "\x00" in grading_seed:
        raise ParameterError(
            _("`grading_seed` must be 1–200 characters, but {got} was passed.").format(got=repr(grading_seed))
        )
    return workers, timeout, memory_mb, grading_seed


def _exercise(exercise, found, say):
    """The exercise graded: the one given (a kit id, an exercise file, an instructor's id), or
    the one most submissions declare."""
    from ..course import resolve

    from ...i18n import _

    note = ""
    if exercise is None:
        exercise, note = collect.infer_exercise(found)
        say(note)
    spec = resolve(exercise)
    missing = [q.name for q in spec.questions if q.reference is None or q.compare is None]
    if missing:
        raise ParameterError(
            _("Exercise {exercise} has no references for {questions}: grade with the exercise file that holds them "
              "({name}), not with its public part.").format(exercise=spec.id, questions=", ".join(missing),
                                                            name=f"{spec.id}.py")
        )
    return spec, note


def _readable_warning(spec, sandbox: Sandbox, say) -> str:
    """A warning if the notebooks could read the instructor's exercise file (its references)."""
    from ...i18n import _
    from ..course import source as source_of
    from .runner import readable_roots

    source = source_of(spec)
    if source is None:
        return ""
    path = os.path.realpath(source)
    here = os.path.realpath(os.getcwd())  # on the grader's path only, not on a notebook's
    roots = [r for r in readable_roots() if r != here]
    if sandbox.read_limit and not any(path == r or path.startswith(r + os.sep) for r in roots):
        return ""
    text = _("the notebooks can read the exercise file {path} (move it out of the Python installation and "
             "PYTHONPATH, on a system with Landlock)").format(path=path)
    say(text)
    return text


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
    id_from: str = "file",
    roster=None,
) -> Report:
    """Grade submitted exercise notebooks into a gradebook and feedback files.

    Parameters
    ----------
    submissions : path or list of paths
        Notebook files and folders of them (see :func:`crmlab.exercises.grading.collect.expand`).
    out : path
        The gradebook CSV (created, or continued if it exists).
    exercise : str or path, optional
        The exercise graded: a kit exercise ("01"), an instructor's exercise file
        (``course/quiz1.py``) or its id; default: the one most submissions declare in their
        metadata.
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
        Seed of the grading data (default: a fresh random one). Recorded in every row; it never
        reaches a notebook.
    echo : callable or None
        Called with one line of progress text at a time (default ``print``; None: silent).
    sandbox : Sandbox, optional
        Which protection layers to use (default: all that work here).
    id_from : {"file", "folder"}
        Where the student id comes from: the file's name, or the name of the folder holding it
        (:mod:`~crmlab.exercises.grading.identity`).
    roster : path, optional
        A CSV file with the columns ``file`` and ``student`` mapping files to student ids.

    Returns
    -------
    Report

    Raises
    ------
    ParameterError
        If a submission path does not exist, the exercise is unknown or cannot be inferred, or
        the gradebook belongs to another exercise or is being written by another run.
    """
    from ...i18n import _

    say = echo or (lambda _text: None)
    workers, timeout, memory_mb, grading_seed = _check_args(workers, timeout, memory_mb, grading_seed)
    if not isinstance(out, (str, os.PathLike)):
        raise ParameterTypeError(_("`out` must be the path of a CSV file, but {got} was passed.").format(got=repr(out)))
    if id_from not in identity.RULES:
        raise ParameterError(
            _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name="id_from", choices=", ".join(identity.RULES), got=repr(id_from))
        )
    table = identity.read_roster(roster) if roster is not None else None
    out = Path(os.path.abspath(out))
    folder = Path(os.path.abspath(feedback)) if feedback is not None else out.parent / "feedback"
    entries = collect.expand(submissions, exclude=[out, folder])
    if not entries:
        raise ParameterError(_("`submissions`: no files found in {path}.").format(path=repr(submissions)))
    found = collect.scan(entries)
    spec, note = _exercise(exercise, found, say)
    limits = Limits(timeout=timeout, memory_mb=memory_mb)
    report = Report(out, folder, spec.id, grading_seed, note=note)
    students, notes, shown = {}, {}, {}
    for f in found:
        students[f.path], notes[f.path] = identity.student_of(f.path, f.root, id_from, table)
        shown[f.path] = f.path.relative_to(f.root).as_posix() if f.root is not None else str(f.path)
    report.duplicates = identity.duplicates(students)
    for student, paths in report.duplicates.items():
        text = _("{n} submissions for {student} in this run: {files}").format(
            n=len(paths), student=student, files=", ".join(shown[p] for p in paths))
        say(_("warning: {text}").format(text=text))
        for p in paths:
            notes[p] = _join(notes[p], text)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(
            _("`feedback`: cannot create the folder {path} ({error}).").format(path=repr(str(folder)), error=exc.strerror)
        ) from None
    with Gradebook(out, [q.name for q in spec.questions], spec.id) as book:
        if book.repaired:
            say(_("repaired {name}: removed a row cut short ({n} bytes)").format(name=out.name, n=book.repaired))
        todo = [f for f in found if not book.is_done(str(f.path), f.sha256)]
        report.skipped = [f.path for f in found if book.is_done(str(f.path), f.sha256)]
        if report.skipped:
            say(_("{n} of {total} submissions already graded in {name}: skipped").format(
                n=len(report.skipped), total=len(found), name=out.name))
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
                                      drop_privileges=sandbox.user is not None, read_limit=sandbox.read_limit,
                                      contain_mode=sandbox.contain)
            report.sandbox = sandbox
            warning = _readable_warning(spec, sandbox, say)
            if warning:
                report.note = _join(report.note, warning)
            say(_("grading {n} submissions of exercise {exercise} with {workers} workers (grading seed {seed}; "
                  "sandbox: {sandbox})").format(n=len(todo), exercise=spec.id, workers=workers, seed=grading_seed,
                                                sandbox=sandbox.describe()))
            ctx = (spec, book, report, folder, names, workers, limits, sandbox, run_root, mpl, say, students, notes)
            _grade_all(todo, *ctx)
    return report


def _grade_all(todo, spec, book, report, folder, names, workers, limits, sandbox, run_root, mpl, say, students, notes):
    from ...i18n import _

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
        say(f"[{count[0]:>{len(str(len(todo)))}}/{len(todo)}] "
            + _("{student}: {status}, {total}/{max} ({file})").format(
                student=result.student, status=result.status, total=f"{result.total:g}",
                max=f"{spec.max_points:g}", file=result.path.name))

    def failed(sub, exc):  # the grader failed, not the notebook: no row, retry later
        report.failed.append((sub.path, f"{type(exc).__name__}: {exc}"))
        say(_("could not grade {path}: {error}").format(path=sub.path, error=f"{type(exc).__name__}: {exc}"))

    # Notebooks run `workers` at a time. The grader prepares the next notebooks' data while the
    # current ones run, and judges each one's answers while the next ones already run.
    runs: dict = {}
    judging: dict = {}
    ahead: deque = deque()
    queue = iter(todo)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="grading")
    judges = ThreadPoolExecutor(max_workers=max(1, workers // 2), thread_name_prefix="judging")

    def grade_one(sub, judge, prepared):
        prepared.result()
        return child.run(sub.notebook, judge=judge, limits=limits, sandbox=sandbox, run_root=run_root,
                         mpl_cache=mpl, registry=registry, decide=False)

    exhausted = [False]

    def fill_ahead():
        while not exhausted[0] and len(ahead) < workers and len(judging) <= workers:
            item = next(queue, None)
            if item is None:
                exhausted[0] = True
                break
            sub = submission.read(item.path, spec.id)
            if book.is_done(str(sub.path), sub.sha256):
                report.skipped.append(sub.path)
                continue
            student, note = students[item.path], notes[item.path]
            if sub.status is not None:
                record(_not_run(sub, student, note, spec, report.grading_seed, limits))
                continue
            judge = Judge(spec, student, report.grading_seed)
            ahead.append((sub, student, note, judge, judges.submit(judge.prepare)))

    try:
        while True:
            fill_ahead()
            while ahead and len(runs) < workers:
                sub, student, note, judge, prepared = ahead.popleft()
                runs[pool.submit(grade_one, sub, judge, prepared)] = (sub, student, note, judge)
            fill_ahead()  # the next ones' data is made while these run
            if not runs and not judging:
                break
            finished, _unused = wait(list(runs) + list(judging), return_when=FIRST_COMPLETED)
            for fut in finished:
                if fut in runs:
                    sub, student, note, judge = runs.pop(fut)
                    try:
                        outcome = fut.result()
                    except Exception as exc:
                        failed(sub, exc)
                        continue
                    judging[judges.submit(judge.decide, outcome.answers)] = (sub, student, note, outcome)
                else:
                    sub, student, note, outcome = judging.pop(fut)
                    try:
                        outcome.verdict = fut.result()
                    except Exception as exc:
                        failed(sub, exc)
                        continue
                    outcome.answers = b""
                    record(_from_run(sub, student, note, spec, report.grading_seed, limits, outcome))
    except BaseException:
        registry.kill_all()
        pool.shutdown(wait=True, cancel_futures=True)
        judges.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    judges.shutdown(wait=True)


__all__ = ["grade", "Report", "Result", "Limits", "Sandbox"]
