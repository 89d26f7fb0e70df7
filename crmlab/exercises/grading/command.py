"""The ``crmlab grade`` command line (its arguments and what it does with them).

Importing this module is cheap: :mod:`crmlab.cli` imports it to build its parser.
"""

from __future__ import annotations

import argparse

from ...i18n import N_
from .statuses import DESCRIPTIONS

DESCRIPTION = N_("""\
Grade a class's exercise notebooks. Each notebook runs in its own sandboxed process, on a copy,
on data made afresh for grading: answers computed by code pass, numbers typed in fail. The
notebook only reports its answers; the grader regenerates the data and decides every outcome in
its own process, with references it computes itself. A question scores its points if the last
answer the notebook gave it is correct. Submissions are never modified.

Writes one row per submitted path to the gradebook (CSV, UTF-8, header row; columns: student,
exercise, file, q1 … qN, total, max_points, status, detail, sha256, grading_seed, graded_at) and
one Markdown feedback file per student (<student>_ex<NN>.md: each question's outcome and
message, never the expected answers).

The student id comes from the collection, never from the notebook: the file name without
.ipynb (or, with --id-from folder, the name of the folder holding it; or a --roster). A notebook
whose start() names another id is flagged in `detail`; two rows for one student are reported.

Resumable: a submission that already has a row (same path, same content) is skipped, so after an
interruption (Ctrl-C, a killed process) run the same command again; no row is lost or
duplicated.""")

EPILOG = N_("""\
sandbox: each notebook runs in a fresh temporary folder, in its own PID and network namespaces
(nothing it starts outlives it; no network), as user nobody when the grader is root (and the
Python installation is readable by nobody), confined by Landlock (Linux: writes only in its
folder; reads only there and in the Python installation and system libraries; no TCP, no
signals out) and a Python audit hook (no programs started, no sockets), under memory, CPU-time
and file-size limits; its output is capped. The 'grading N submissions' line says which layers
are active here. Not covered: without Landlock, reading files the notebook's user can read;
students reading the kit's own references in the installed package (keep assessments in your
course folder); the number of files written. Details: crmlab.exercises.grading.sandbox and
exercises/README.md.""")


def _epilog() -> str:
    from ...i18n import _

    lines = [_("statuses:")]
    lines += [f"  {name:<15} {_(text)}" for name, text in DESCRIPTIONS.items()]
    lines += ["", _(EPILOG), "", _("examples:"),
              "  crmlab grade submissions/ --exercise 02 --out grades/ex02.csv --workers 4",
              "  crmlab grade lms_export/ --id-from folder --exercise course/quiz1.py --out grades/quiz1.csv"]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``crmlab grade`` to ``parser`` (a subparser)."""
    from ...i18n import _

    parser.description = _(DESCRIPTION)
    parser.epilog = _epilog()
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("submissions", nargs="+", metavar="SUBMISSIONS",
                        help=_("notebook files, or folders of them (searched recursively; every path gets a row)"))
    parser.add_argument("--out", required=True, metavar="CSV", help=_("the gradebook (created, or continued if it exists)"))
    parser.add_argument("--exercise", metavar="NN|FILE",
                        help=_("the exercise graded: a kit exercise (02), or an exercise file of yours (course/quiz1.py) "
                               "or its id (default: the one most notebooks declare in their metadata)"))
    parser.add_argument("--feedback", metavar="DIR", help=_("folder for the feedback files (default: feedback/ next to the gradebook)"))
    parser.add_argument("--id-from", choices=("file", "folder"), default="file",
                        help=_("the student id is the file's name (default) or the name of the folder holding it"))
    parser.add_argument("--roster", metavar="CSV",
                        help=_("a CSV file with the columns file and student mapping submitted files to student ids"))
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help=_("notebooks graded at once (default: the number of CPUs this process may use)"))
    parser.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                        help=_("wall-clock time each notebook may run (default 300)"))
    parser.add_argument("--memory-mb", type=int, default=2048, metavar="MB",
                        help=_("memory (address space) each notebook may use (default 2048, at least 768)"))
    parser.add_argument("--grading-seed", metavar="S",
                        help=_("seed of the grading data (default: a fresh random one; recorded in every row)"))
    parser.add_argument("--quiet", action="store_true", help=_("print only the summary"))


def run(args: argparse.Namespace) -> int:
    """Run ``crmlab grade``; return the exit status (0: every submission has a row)."""
    import signal

    from ...i18n import _
    from .run import grade

    def terminate(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        report = grade(
            args.submissions, args.out, exercise=args.exercise, feedback=args.feedback, workers=args.workers,
            timeout=args.timeout, memory_mb=args.memory_mb, grading_seed=args.grading_seed,
            echo=None if args.quiet else (lambda text: print(text, flush=True)),
            id_from=args.id_from, roster=args.roster,
        )
    except KeyboardInterrupt:
        print(_("crmlab grade: interrupted; the rows written so far are in {out}. Run the same command again to grade "
                "the rest.").format(out=args.out))
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    if args.quiet and report.note:
        print(report.note)
    counts: dict[str, int] = {}
    for r in report.results:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or _("nothing new")
    print(_("graded {n} submissions of exercise {exercise} ({summary}); {skipped} already graded. Gradebook: {gradebook}; "
            "feedback: {feedback}").format(n=len(report.results), exercise=report.exercise, summary=summary,
                                           skipped=len(report.skipped), gradebook=report.gradebook, feedback=report.feedback))
    if report.duplicates:
        print(_("{n} student ids have more than one submission in this run: {ids}").format(
            n=len(report.duplicates), ids=", ".join(sorted(report.duplicates))))
    if report.failed:
        print(_("{n} submissions could not be graded (no row written; run again):").format(n=len(report.failed)))
        for path, why in report.failed:
            print(f"  {path}: {why}")
        return 1
    return 0
