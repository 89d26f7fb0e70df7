"""The ``crmlab`` command: ``crmlab generate …``, ``crmlab info``.

Every text of the command line is in the user's language: the help and messages written here,
and argparse's own texts ("usage: ", the section titles, the ``-h`` help and its error
messages). argparse translates those through the standard library's default gettext domain,
which crmlab's catalogue does not feed; so :class:`Parser` and :class:`HelpFormatter` ask
crmlab's catalogue instead: the usage prefix, section titles and ``-h`` help are marked below,
and each argparse error message is recognised from its English template
(:data:`ARGPARSE_ERRORS`) and given again in translation.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .i18n import N_, _, ngettext

#: argparse's section titles, as argparse writes them (English) → marked for translation.
ARGPARSE_SECTIONS = {
    "positional arguments": N_("positional arguments"),
    "options": N_("options"),
    "subcommands": N_("subcommands"),
}

#: argparse's error messages (Python 3.11 wording, ``%`` fields) → the same message, marked for
#: translation with named fields. A message argparse writes is matched against each template
#: in turn; the first that matches gives its translation.
ARGPARSE_ERRORS = (
    ("the following arguments are required: %s", N_("the following arguments are required: {arguments}")),
    ("unrecognized arguments: %s", N_("unrecognized arguments: {arguments}")),
    ("argument %(argument_name)s: %(message)s", N_("argument {argument_name}: {message}")),
    ("invalid choice: %(value)r (choose from %(choices)s)", N_("invalid choice: {value} (choose from {choices})")),
    ("invalid %(type)s value: %(value)r", N_("invalid `{type}` value: {value}")),
    ("expected one argument", N_("expected one argument")),
    ("expected at most one argument", N_("expected at most one argument")),
    ("expected at least one argument", N_("expected at least one argument")),
    ("ambiguous option: %(option)s could match %(matches)s", N_("ambiguous option: {option} could match {matches}")),
    ("ignored explicit argument %r", N_("ignored explicit argument {value}")),
    ("not allowed with argument %s", N_("not allowed with argument {argument}")),
    ("one of the arguments %s is required", N_("one of the arguments {arguments} is required")),
    ("unexpected option string: %s", N_("unexpected option string: {option}")),
    ("can't open '%(filename)s': %(error)s", N_("can't open '{filename}': {error}")),
    ("unknown parser %(parser_name)r (choices: %(choices)s)", N_("unknown command {parser_name} (choices: {choices})")),
)

_FIELD = re.compile(r"%(?:\((\w+)\))?[sr]")


def _pattern(template: str, names: list[str]) -> re.Pattern:
    """A regular expression matching the messages argparse makes from ``template``; its groups
    are named after ``names`` (the fields of the translation, in order)."""
    parts, pos, index = [], 0, 0
    for field in _FIELD.finditer(template):
        parts.append(re.escape(template[pos : field.start()]))
        name = field.group(1) or names[index]
        parts.append(f"(?P<{name}>.+?)")
        index += 1
        pos = field.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


def _names(message: str) -> list[str]:
    return re.findall(r"{(\w+)}", message)


_ERRORS = [(_pattern(template, _names(message)), message) for template, message in ARGPARSE_ERRORS]


_EXPECTED_COUNT = re.compile(r"^expected (?P<count>\d+) arguments?$")


def translate_argparse_message(text: str) -> str:
    """An error message written by argparse, in the current language (unchanged if unknown)."""
    counted = _EXPECTED_COUNT.match(text)
    if counted:
        n = int(counted.group("count"))
        return ngettext("expected {count} argument", "expected {count} arguments", n).format(count=n)
    for pattern, message in _ERRORS:
        found = pattern.match(text)
        if found:
            fields = found.groupdict()
            inner = fields.get("message")
            if inner is not None:
                fields["message"] = translate_argparse_message(inner)
            translated = _(message)
            if translated == message and fields.get("message") == inner:
                return text  # no translation: argparse's own words
            return translated.format(**fields)
    return text


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with its usage prefix and section titles translated."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            # Translators: the start of a command's usage line, "usage: crmlab generate [-h] …"; keep the space.
            prefix = _("usage: ")
        return super().add_usage(usage, actions, groups, prefix)

    def start_section(self, heading):
        if heading in ARGPARSE_SECTIONS:
            heading = _(ARGPARSE_SECTIONS[heading])
        return super().start_section(heading)


def translated_formatter(formatter_class: type) -> type:
    """``formatter_class`` (an argparse help formatter) with :class:`HelpFormatter`'s translations."""
    if issubclass(formatter_class, HelpFormatter):
        return formatter_class
    return type(f"Translated{formatter_class.__name__}", (HelpFormatter, formatter_class), {})


class Parser(argparse.ArgumentParser):
    """An argument parser whose own texts (``-h`` help, usage, errors) are translated."""

    def __init__(self, *args, **kwargs):
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=_("show this help message and exit")
            )

    def error(self, message: str):
        """Print the usage and the translated error, and exit with status 2."""
        self.print_usage(sys.stderr)
        # Translators: "crmlab generate: error: the following arguments are required: --out".
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=translate_argparse_message(message)) + "\n")


def _generate(args: argparse.Namespace) -> int:
    from .simulate.config import make_config
    from .simulate.io import stream_to

    cfg = make_config(args.customers, args.seed, args.locale, args.start, args.end, args.accounts)
    rows = stream_to(cfg, Path(args.out), args.format, progress=not args.quiet)
    if not args.quiet:
        total = sum(rows.values())
        print(
            ngettext(
                "wrote {tables} table, {rows:,} rows, to {folder}",
                "wrote {tables} tables, {rows:,} rows, to {folder}",
                len(rows),
            ).format(tables=len(rows), rows=total, folder=args.out)
        )
    return 0


def _info(args: argparse.Namespace) -> int:
    import json

    from .info import format_report, report

    info = report()
    print(json.dumps(info, indent=2) if args.json else format_report(info))
    return 1 if info["missing"] else 0  # a kit without its data or notebooks is not working


def _demo(args: argparse.Namespace) -> int:
    from .demo import run, write_demo

    if args.language:
        from .i18n import set_language

        set_language(args.language)  # the dashboard, and what this command prints
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
            print(_("not what release writes: {path}").format(path=path))
        if found:
            print(
                ngettext(
                    "{n} notebook is not what `crmlab release` writes: run it again.",
                    "{n} notebooks are not what `crmlab release` writes: run it again.",
                    len(found),
                ).format(n=len(found))
            )
            return 1
        print(_("Every notebook is what `crmlab release` writes."))
        return 0
    written = release(sources, out, from_bank=from_bank)
    for path in written:
        print(_("wrote {path}").format(path=path))
    if not written:
        print(_("Every notebook is what `crmlab release` writes: nothing to write."))
    return 0


def _course(args: argparse.Namespace) -> int:
    from .classroom.handout import default_folder, describe, get_course

    folder = Path(args.to).expanduser() if args.to else default_folder()
    changes = get_course(folder, args.language, dry_run=args.dry_run)
    if args.dry_run:
        print(_("Nothing was changed (--dry-run); this is what `crmlab course` would do:"))
    for line in describe(changes, folder, verbose=args.verbose):
        print(line)
    if not args.dry_run:
        print(_("Open {path} to begin.").format(path=folder / "notebooks" / "00_welcome.ipynb"))
    return 0


def _collect(args: argparse.Namespace) -> int:
    from .classroom.collect import collect, describe

    users = [u.strip() for u in args.users.split(",") if u.strip()] if args.users else None
    results = collect(args.exercise, Path(args.out), args.source, users=users)
    for line in describe(results, Path(args.out)):
        print(line)
    if not any(r.status == "collected" for r in results):
        return 1
    print(_("Grade them with: crmlab grade {out} --exercise {exercise} --out gradebook.csv").format(out=args.out, exercise=args.exercise))
    return 0


def _grade(args: argparse.Namespace) -> int:
    from .exercises.grading.command import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="crmlab", description=_("crmlab: a CRM analytics teaching kit."))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    gen = sub.add_parser("generate", help=_("simulate the company and write its tables to a folder"))
    from .simulate.config import CUSTOMERS_PER_ACCOUNT, DEFAULTS, MIN_ACCOUNTS

    gen.add_argument(
        "--customers", type=int, default=DEFAULTS.customers,
        help=_("individual customers (default {n})").format(n=DEFAULTS.customers),
    )
    gen.add_argument("--seed", type=int, default=DEFAULTS.seed, help=_("random seed (default {n})").format(n=DEFAULTS.seed))
    gen.add_argument(
        "--locale", default=DEFAULTS.locale, help=_("en_US or zh_CN (default {locale})").format(locale=DEFAULTS.locale)
    )
    gen.add_argument(
        "--start", default=DEFAULTS.start.isoformat(),
        help=_("first day of the window (default {date})").format(date=DEFAULTS.start.isoformat()),
    )
    gen.add_argument(
        "--end", default=DEFAULTS.end.isoformat(),
        help=_("last day of the window (default {date})").format(date=DEFAULTS.end.isoformat()),
    )
    gen.add_argument(
        "--accounts", type=int, default=DEFAULTS.accounts,
        help=_("business accounts (default customers // {per}, at least {least})").format(
            per=CUSTOMERS_PER_ACCOUNT, least=MIN_ACCOUNTS
        ),
    )
    gen.add_argument("--format", choices=("csv", "parquet"), default="csv", help=_("file format (default csv)"))
    gen.add_argument("--out", required=True, help=_("output folder (created if missing)"))
    gen.add_argument("--quiet", action="store_true", help=_("no progress bar"))
    gen.set_defaults(func=_generate)

    demo = sub.add_parser("demo", help=_("show a lesson's explorers as a dashboard without code (Voila)"))
    demo.add_argument("lesson", help=_("lesson number, e.g. 02"))
    demo.add_argument(
        "--port",
        type=int,
        default=None,
        help=_("port on 127.0.0.1 (default 8866, or a free one if it is taken; on a JupyterHub a free one)"),
    )
    demo.add_argument("--no-browser", action="store_true", help=_("do not open a browser"))
    demo.add_argument("--write-only", metavar="FOLDER", help=_("only write the dashboard notebook to FOLDER"))
    demo.add_argument(
        "--language", help=_("language of the dashboard, e.g. en or zh_CN (default: crmlab's language)")
    )
    demo.set_defaults(func=_demo)

    rel = sub.add_parser(
        "release",
        help=_(
            "write the question bank's solutions into the solution notebooks and make the student "
            "notebooks from them (solutions become ____)"
        ),
    )
    rel.add_argument(
        "sources",
        nargs="*",
        help=_("solution notebooks (default: the kit's exercises/solutions/*.ipynb, filled from the question bank)"),
    )
    rel.add_argument("--out", help=_("folder for the student notebooks (default: the kit's exercises/)"))
    rel.add_argument(
        "--from-bank",
        action="store_true",
        help=_("also write the question bank's solutions into the solution notebooks given (the kit's own always get them)"),
    )
    rel.add_argument(
        "--check",
        action="store_true",
        help=_("write nothing; exit with status 1 if a notebook is not what release writes"),
    )
    rel.set_defaults(func=_release)

    course = sub.add_parser(
        "course",
        help=_(
            "copy the lessons and exercises into your folder; run again after an update: adds and "
            "updates what you have not changed, never overwrites your work"
        ),
    )
    course.add_argument("--to", metavar="FOLDER", help=_("your course folder (default ~/crmlab)"))
    course.add_argument(
        "--language", help=_("edition of the notebooks, e.g. en or zh_CN (default: crmlab's language)")
    )
    course.add_argument("--dry-run", action="store_true", help=_("say what would change, change nothing"))
    course.add_argument("--verbose", action="store_true", help=_("also list the files that are up to date"))
    course.set_defaults(func=_course)

    from .classroom.collect import DEFAULT_PATTERN

    coll = sub.add_parser(
        "collect",
        help=_("copy one exercise notebook from every student's folder into a submissions folder named by user"),
    )
    coll.add_argument("exercise", help=_("exercise number, e.g. 02"))
    coll.add_argument(
        "--from",
        dest="source",
        metavar="PATTERN",
        default=DEFAULT_PATTERN,
        help=_(
            "where each student's notebook is: {{user}} stands for the user name, {{notebook}} for the "
            "exercise's file name (default {pattern}; The Littlest JupyterHub: "
            "/home/jupyter-{{user}}/crmlab/exercises/{{notebook}}; an exchange folder: /srv/exchange/02/{{user}}.ipynb)"
        ).format(pattern=DEFAULT_PATTERN),
    )
    coll.add_argument("--out", required=True, help=_("submissions folder: one <user>.ipynb per student"))
    coll.add_argument("--users", help=_("only these users, separated by commas (default: every user found)"))
    coll.set_defaults(func=_collect)

    from .exercises.grading.command import add_arguments as _grade_arguments

    grade = sub.add_parser("grade", help=_("grade a class's exercise notebooks into a gradebook CSV and feedback files"))
    _grade_arguments(grade)
    grade.formatter_class = translated_formatter(grade.formatter_class)  # add_arguments chose its own
    grade.set_defaults(func=_grade)

    info = sub.add_parser(
        "info",
        help=_(
            "versions, where the kit's files are and which are missing (exit status 1 if any), widget "
            "status (paste this when asking for help)"
        ),
    )
    info.add_argument("--json", action="store_true", help=_("machine-readable output"))
    info.set_defaults(func=_info)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .errors import CrmlabError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CrmlabError as exc:
        print(_("crmlab {command}: error: {error}").format(command=args.command, error=exc), file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
