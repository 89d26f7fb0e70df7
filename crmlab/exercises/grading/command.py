"""The ``crmlab grade`` command line (its arguments and what it does with them).

Importing this module is cheap: :mod:`crmlab.cli` imports it to build its parser.
"""

from __future__ import annotations

import argparse

from .statuses import DESCRIPTIONS

DESCRIPTION = """\
Grade a class's exercise notebooks. Each notebook runs in its own process, on a copy, with a
fresh grading seed: its data differs from what the student saw, so answers computed by code pass
and numbers typed in fail. A question scores its points if its last check in the run was
correct. Submissions are never modified.

Writes one row per submission to the gradebook (CSV, UTF-8, header row; columns: student,
exercise, file, q1 … qN, total, max_points, status, detail, sha256, grading_seed, graded_at) and
one Markdown feedback file per student (<student>_ex<NN>.md: each question's outcome and
message, never the expected answers).

Resumable: a submission that already has a row (same path, same content) is skipped, so after an
interruption (Ctrl-C, a killed process) run the same command again; no row is lost or
duplicated. The student id is the one the notebook passes to crmlab.exercises.start(), else the
file name without .ipynb."""


def _epilog() -> str:
    lines = ["statuses:"]
    lines += [f"  {name:<15} {text}" for name, text in DESCRIPTIONS.items()]
    lines += [
        "",
        "sandbox: each notebook runs in a fresh temporary folder, as user nobody when the grader is",
        "root (and the Python installation is readable by nobody), confined by Landlock (Linux:",
        "writes only in its folder, no TCP, no signals out) and a Python audit hook (no writes",
        "elsewhere, no programs started, no sockets), under memory, CPU-time and file-size limits;",
        "its output is capped. The 'grading N submissions' line says which layers are active here.",
        "Not covered: reading files the grader's user can read; a student forging check events on",
        "purpose from inside the notebook; the number of files written; without Landlock and",
        "without the change of user, code going around the audit hook (ctypes, C extensions) can",
        "modify what the grader's user may modify. Details: crmlab.exercises.grading.sandbox.",
        "",
        "example:",
        "  crmlab grade submissions/ --exercise 02 --out grades/ex02.csv --workers 4",
    ]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``crmlab grade`` to ``parser`` (a subparser)."""
    parser.description = DESCRIPTION
    parser.epilog = _epilog()
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("submissions", nargs="+", metavar="SUBMISSIONS",
                        help="notebook files, or folders of them (searched recursively; every file gets a row)")
    parser.add_argument("--out", required=True, metavar="CSV", help="the gradebook (created, or continued if it exists)")
    parser.add_argument("--exercise", metavar="NN",
                        help="the exercise graded, e.g. 02 (default: the one most notebooks declare in their metadata)")
    parser.add_argument("--feedback", metavar="DIR", help="folder for the feedback files (default: feedback/ next to the gradebook)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="notebooks graded at once (default: the number of CPUs this process may use)")
    parser.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                        help="wall-clock time each notebook may run (default 300)")
    parser.add_argument("--memory-mb", type=int, default=2048, metavar="MB",
                        help="memory (address space) each notebook may use (default 2048, at least 768)")
    parser.add_argument("--grading-seed", metavar="S",
                        help="seed of the grading data (default: a fresh random one; recorded in every row)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")


def run(args: argparse.Namespace) -> int:
    """Run ``crmlab grade``; return the exit status (0: every submission has a row)."""
    import signal

    from .run import grade

    def terminate(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        report = grade(
            args.submissions, args.out, exercise=args.exercise, feedback=args.feedback, workers=args.workers,
            timeout=args.timeout, memory_mb=args.memory_mb, grading_seed=args.grading_seed,
            echo=None if args.quiet else (lambda text: print(text, flush=True)),
        )
    except KeyboardInterrupt:
        print(f"crmlab grade: interrupted; the rows written so far are in {args.out}. "
              "Run the same command again to grade the rest.")
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    if args.quiet and report.note:
        print(report.note)
    counts: dict[str, int] = {}
    for r in report.results:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing new"
    print(f"graded {len(report.results)} submissions of exercise {report.exercise} ({summary}); "
          f"{len(report.skipped)} already graded. Gradebook: {report.gradebook}; feedback: {report.feedback}")
    if report.failed:
        print(f"{len(report.failed)} submissions could not be graded (no row written; run again):")
        for path, why in report.failed:
            print(f"  {path}: {why}")
        return 1
    return 0
