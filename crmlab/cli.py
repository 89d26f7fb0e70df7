"""The ``crmlab`` command: ``crmlab generate …``, ``crmlab info``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _generate(args: argparse.Namespace) -> int:
    from .simulate.config import make_config
    from .simulate.io import stream_to

    cfg = make_config(args.customers, args.seed, args.locale, args.start, args.end, args.accounts)
    rows = stream_to(cfg, Path(args.out), args.format, progress=not args.quiet)
    if not args.quiet:
        total = sum(rows.values())
        print(f"wrote {len(rows)} tables, {total:,} rows, to {args.out}")
    return 0


def _info(args: argparse.Namespace) -> int:
    import json

    from .info import format_report, report

    info = report()
    print(json.dumps(info, indent=2) if args.json else format_report(info))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .demo import run, write_demo

    if args.write_only:
        print(write_demo(args.lesson, args.write_only))
        return 0
    return run(args.lesson, port=args.port, browser=not args.no_browser)


def _release(args: argparse.Namespace) -> int:
    from .exercises.notebook import release, stale

    sources = [Path(s) for s in args.sources] or None
    out = Path(args.out) if args.out else None
    from_bank = True if args.from_bank else None
    if args.check:
        found = stale(sources, out, from_bank=from_bank)
        for path in found:
            print(f"not what release writes: {path}")
        if found:
            print(f"{len(found)} notebook(s) are not what `crmlab release` writes: run it again.")
            return 1
        print("Every notebook is what `crmlab release` writes.")
        return 0
    written = release(sources, out, from_bank=from_bank)
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("Every notebook is what `crmlab release` writes: nothing to write.")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from .exercises.grading.command import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crmlab", description="crmlab: a CRM analytics teaching kit.")
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="simulate the company and write its tables to a folder")
    gen.add_argument("--customers", type=int, default=5000, help="individual customers (default 5000)")
    gen.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    gen.add_argument("--locale", default="en_US", help="en_US or zh_CN (default en_US)")
    gen.add_argument("--start", default="2023-01-01", help="first day of the window (default 2023-01-01)")
    gen.add_argument("--end", default="2025-12-31", help="last day of the window (default 2025-12-31)")
    gen.add_argument("--accounts", type=int, default=None, help="business accounts (default customers // 25, at least 20)")
    gen.add_argument("--format", choices=("csv", "parquet"), default="csv", help="file format (default csv)")
    gen.add_argument("--out", required=True, help="output folder (created if missing)")
    gen.add_argument("--quiet", action="store_true", help="no progress bar")
    gen.set_defaults(func=_generate)

    demo = sub.add_parser("demo", help="show a lesson's explorers as a dashboard without code (Voila)")
    demo.add_argument("lesson", help="lesson number, e.g. 02")
    demo.add_argument("--port", type=int, default=8866, help="port on 127.0.0.1 (default 8866)")
    demo.add_argument("--no-browser", action="store_true", help="do not open a browser")
    demo.add_argument("--write-only", metavar="FOLDER", help="only write the dashboard notebook to FOLDER")
    demo.set_defaults(func=_demo)

    rel = sub.add_parser(
        "release",
        help="write the question bank's solutions into the solution notebooks and make the student "
        "notebooks from them (solutions become ____)",
    )
    rel.add_argument(
        "sources",
        nargs="*",
        help="solution notebooks (default: the kit's exercises/solutions/*.ipynb, filled from the question bank)",
    )
    rel.add_argument("--out", help="folder for the student notebooks (default: the kit's exercises/)")
    rel.add_argument(
        "--from-bank",
        action="store_true",
        help="also write the question bank's solutions into the solution notebooks given (the kit's own always get them)",
    )
    rel.add_argument(
        "--check", action="store_true", help="write nothing; exit with status 1 if a notebook is not what release writes"
    )
    rel.set_defaults(func=_release)

    from .exercises.grading.command import add_arguments as _grade_arguments

    grade = sub.add_parser("grade", help="grade a class's exercise notebooks into a gradebook CSV and feedback files")
    _grade_arguments(grade)
    grade.set_defaults(func=_grade)

    info = sub.add_parser("info", help="versions, data folder and widget status (paste this when asking for help)")
    info.add_argument("--json", action="store_true", help="machine-readable output")
    info.set_defaults(func=_info)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .errors import CrmlabError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CrmlabError as exc:
        print(f"crmlab {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
