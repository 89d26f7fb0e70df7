"""The command line in the user's language: crmlab's own help and messages, and argparse's texts
(usage, section titles, ``-h``, error messages), which reach it through crmlab's catalogue."""

from __future__ import annotations

import argparse
import copy

import pytest

from crmlab.cli import ARGPARSE_ERRORS, build_parser, main, translate_argparse_message

from .i18n_fake import complete_table, english_words

COMMANDS = ["generate", "demo", "release", "grade", "info"]


@pytest.fixture(autouse=True)
def _width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")  # help is wrapped to the terminal's width


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def names(parser: argparse.ArgumentParser) -> set[str]:
    """What a help page may show untranslated: program and command names, option names,
    metavars and choices."""
    out = {"crmlab", *parser.prog.split()}
    for action in parser._actions:
        out.update(action.option_strings)
        if action.metavar:
            out.update(action.metavar if isinstance(action.metavar, tuple) else [action.metavar])
        elif action.option_strings:
            out.add(action.dest.upper())
        else:
            out.add(action.dest)
        if action.choices:
            out.update(str(c) for c in action.choices)
    return out


def help_of(command: str | None, capsys) -> str:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"] if command else ["--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def _grading_words(fake_translation) -> set[str]:
    """The words of the texts ``crmlab grade``'s arguments bring (crmlab.exercises.grading.command,
    marked by its own authors), in the fake translation."""
    from crmlab.exercises.grading.command import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    texts = [parser.description or "", parser.epilog or ""] + [a.help or "" for a in parser._actions]
    return set(english_words("\n".join(texts)))


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_no_english_under_a_complete_translation(command, fake_translation, capsys):
    fake_translation(complete_table())
    parser = build_parser()
    page = help_of(command, capsys)
    shown = parser if command is None else subparsers(parser)[command]
    allowed = names(parser) | names(shown)
    words = english_words(page, allowed)
    if command == "grade":  # its description and arguments are the grader's own texts
        words = [w for w in words if w not in _grading_words(fake_translation)]
    assert words == [], page
    table = complete_table()
    for own in ["usage: ", "options", "show this help message and exit"]:
        assert table[own] in page, own
    if command in (None, "demo", "release"):
        assert table["positional arguments"] in page


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_in_english_is_what_argparse_writes(command, capsys):
    """Translating argparse's texts changes nothing in English: the page is the one argparse's
    own formatter makes, with its usual usage line, sections and -h help."""
    parser = build_parser()
    shown = parser if command is None else subparsers(parser)[command]
    page = help_of(command, capsys)
    plain = copy.copy(shown)
    plain.formatter_class = next(c for c in shown.formatter_class.__mro__ if c.__module__ == "argparse")
    assert page == plain.format_help()
    assert page.startswith(f"usage: {shown.prog} [-h]")
    assert "\noptions:\n  -h, --help " in page and "show this help message and exit" in page
    if command is None:
        assert "crmlab: a CRM analytics teaching kit." in page and "positional arguments:" in page
        assert "simulate the company and write its tables to a folder" in page
    if command == "generate":
        assert "--customers CUSTOMERS" in page and "individual customers (default 5000)" in page


ERRORS = [
    (["generate"], "the following arguments are required: --out"),
    (["generate", "--out", "x", "--format", "xml"], "argument --format: invalid choice: 'xml' (choose from 'csv', 'parquet')"),
    (["generate", "--out", "x", "--customers", "many"], "argument --customers: invalid int value: 'many'"),
    (["generate", "--out"], "argument --out: expected one argument"),
    (["generate", "--out", "x", "--s", "1"], "ambiguous option: --s could match --seed, --start"),
    (["generate", "--out", "x", "--quiet=yes"], "argument --quiet: ignored explicit argument 'yes'"),
    (["info", "extra"], "unrecognized arguments: extra"),
    (["nope"], "argument command: invalid choice: 'nope' (choose from 'generate', 'demo', 'release', 'course', 'collect', 'grade', 'info')"),
]


@pytest.mark.parametrize("argv,english", ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_argparse_errors_are_translated(argv, english, fake_translation, capsys):
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.rstrip("\n").endswith(f"error: {english}")  # English: argparse's own message

    fake_translation(complete_table())
    parser = build_parser()
    with pytest.raises(SystemExit):
        main(argv)
    err = capsys.readouterr().err
    allowed = names(parser) | {n for p in subparsers(parser).values() for n in names(p)} | {"many", "extra", "nope", "xml"}
    assert english_words(err, allowed) == [], err
    assert complete_table()["usage: "] in err and complete_table()["{prog}: error: {message}"].split(" ")[0] in err


def test_every_known_argparse_message_is_recognised(fake_translation):
    """Each template of ARGPARSE_ERRORS matches the message argparse makes from it."""
    fake_translation(complete_table())
    samples = {
        "the following arguments are required: %s": "the following arguments are required: --out, --x",
        "unrecognized arguments: %s": "unrecognized arguments: a b",
        "argument %(argument_name)s: %(message)s": "argument --out: expected one argument",
        "invalid choice: %(value)r (choose from %(choices)s)": "invalid choice: 'x' (choose from 'a', 'b')",
        "invalid %(type)s value: %(value)r": "invalid float value: 'x'",
        "expected one argument": "expected one argument",
        "expected at most one argument": "expected at most one argument",
        "expected at least one argument": "expected at least one argument",
        "ambiguous option: %(option)s could match %(matches)s": "ambiguous option: --s could match --seed, --start",
        "ignored explicit argument %r": "ignored explicit argument 'x'",
        "not allowed with argument %s": "not allowed with argument --a",
        "one of the arguments %s is required": "one of the arguments --a --b is required",
        "unexpected option string: %s": "unexpected option string: --a",
        "can't open '%(filename)s': %(error)s": "can't open 'f.csv': [Errno 2] No such file",
        "unknown parser %(parser_name)r (choices: %(choices)s)": "unknown parser 'x' (choices: a, b)",
    }
    assert set(samples) == {template for template, _ in ARGPARSE_ERRORS}
    for template, sample in samples.items():
        translated = translate_argparse_message(sample)
        assert translated.startswith("中"), (template, translated)
    assert translate_argparse_message("expected 2 arguments").startswith("中")
    nested = translate_argparse_message("argument --format: invalid choice: 'xml' (choose from 'csv', 'parquet')")
    assert english_words(nested, {"--format"}) == [], nested
    assert translate_argparse_message("something argparse never said") == "something argparse never said"


def test_crmlab_errors_and_output_are_translated(fake_translation, capsys, tmp_path):
    fake_translation(complete_table())
    assert main(["demo", "two", "--write-only", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert english_words(err, {"crmlab", "demo"}) == [], err
    assert main(["release", "--check"]) == 0
    out = capsys.readouterr().out
    assert english_words(out, {"crmlab", "release"}) == [] and out.startswith("中"), out


def test_info_is_translated_and_its_json_stays_english(fake_translation, capsys):
    import json

    from crmlab.info import NOT_INSTALLED, WIDGET_STATES, format_report, report

    info = report()
    assert info["widget_extension"] == WIDGET_STATES[info["widget_state"]].format(path=info["widget_path"])
    english = format_report(info)
    assert english.startswith("crmlab ") and "\npython: " in english and "\npackages:" in english
    fake_translation(complete_table())
    info["packages"]["nothing-here"] = NOT_INSTALLED
    text = format_report(info)
    data = ("crmlab", "python", "platform", "executable", "datasets", "widget_path", "package", "course", "progress_log")  # facts, not texts
    values = {str(info[k]) for k in data} | set(info["packages"]) | set(info["bundled_locales"])
    values |= {f["path"] for f in info["files"]}
    values |= {v for v in info["packages"].values() if v != NOT_INSTALLED}
    assert english_words(text, {"crmlab", *values}) == [], text
    assert main(["info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["widget_extension"] == report()["widget_extension"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_in_chinese_shows_no_english(command, capsys):
    """With the real zh_CN catalogue, every help page is Chinese but for names, options, metavars
    and technical tokens."""
    from .zh_texts import TECHNICAL

    import crmlab

    from crmlab.exercises.grading.gradebook import HEAD, TAIL
    from crmlab.exercises.grading.statuses import ALL as STATUSES

    crmlab.set_language("zh_CN")
    parser = build_parser()
    page = help_of(command, capsys)
    shown = parser if command is None else subparsers(parser)[command]
    # codes a page names as they are: the gradebook's columns and statuses, file formats, paths
    codes = {*HEAD, *TAIL, *STATUSES, "exercises", "solutions", "ipynb", "csv", "parquet", "UTF", "Markdown",
             "Ctrl", "CRM", "qN", "ex", "NN", "md", "course", "grades", "customers", "submissions", "feedback",
             "start", "ID", "JSON", "CPU", "PID", "TCP", "Linux", "Landlock", "root", "nobody", "README"}
    allowed = names(parser) | names(shown) | TECHNICAL | codes
    assert [w for w in english_words(page, allowed) if w not in allowed] == [], page
    assert "用法" in page
