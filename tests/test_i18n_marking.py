"""Every student-facing string is marked for translation where it is written.

An AST sweep of the package finds the places where English reaches a student without passing
through a gettext marker: the messages of raised errors and warnings, picture titles, labels,
legends and texts, widget captions, and the command line's output. A string that only a
maintainer can meet (an internal consistency check) carries ``# i18n: internal`` on its line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "crmlab"
MARKERS = {"_", "N_", "NP_", "ngettext", "pgettext", "npgettext", "gettext", "label"}
#: Exceptions that only report the kit's own bugs, never a user's input.
INTERNAL_ERRORS = {"NotImplementedError", "AssertionError", "StopIteration", "SystemExit", "KeyboardInterrupt"}
#: matplotlib / ipywidgets calls whose string arguments a student reads.
TEXT_METHODS = {
    "set_title": 0, "set_xlabel": 0, "set_ylabel": 0, "suptitle": 0, "set_label": 0,
    "annotate": 0, "text": 2, "set_text": 0, "figtext": 2, "set_ticklabels": 0,
}
TEXT_KEYWORDS = {"label", "title", "description", "placeholder", "tooltip", "help", "xlabel", "ylabel", "caption"}
WORDS = re.compile(r"[A-Za-z]{3,}")
#: Technical texts that are the same in every language (units, codes, identifiers).
ALLOWED = re.compile(r"^\s*(RFM|NPS|ACSI|IPA|CLV|ABC|5C|[A-D]|k|R|F|M|P|E|P/E|P − E|%|n)\s*$")


def _is_marked(node: ast.AST) -> bool:
    """A marker call, or ``marker(...).format(...)``, or a conditional of marked values."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in MARKERS:
            return True
        if isinstance(func, ast.Attribute) and func.attr in MARKERS | {"message"}:
            return True
        if isinstance(func, ast.Name) and func.id in {"message", "_message", "_text", "_t"}:
            return True
        if isinstance(func, ast.Attribute) and func.attr in {"format", "join", "strip", "upper", "lower"}:
            return _is_marked(func.value) or not _has_words(func.value)
    if isinstance(node, ast.IfExp):
        return _is_marked(node.body) and _is_marked(node.orelse)
    if isinstance(node, ast.BinOp):
        return (not _has_words(node.left) or _is_marked(node.left)) and (
            not _has_words(node.right) or _is_marked(node.right)
        )
    return False


def _literal_text(node: ast.AST) -> str | None:
    """The literal text of a string constant or an f-string's constant parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _has_words(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _has_words(node.func.value)
    text = _literal_text(node)
    return bool(text and WORDS.search(text) and not ALLOWED.match(text))


def _unmarked(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp):
        return _unmarked(node.left) or _unmarked(node.right)
    if isinstance(node, ast.IfExp):
        return _unmarked(node.body) or _unmarked(node.orelse)
    if _is_marked(node):
        return False
    return _has_words(node)


def _error_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
    return None


def _findings(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    out = []

    def flag(node: ast.AST, why: str) -> None:
        line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
        end = lines[node.end_lineno - 1] if node.end_lineno and node.end_lineno <= len(lines) else ""
        if "i18n: internal" in line or "i18n: internal" in end:
            return
        out.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {why}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS - {"label"}:
            for arg in node.args:
                if isinstance(arg, ast.JoinedStr):
                    flag(node, "an f-string inside a gettext marker cannot be extracted: use .format()")
        if isinstance(node, ast.Raise) and node.exc is not None:
            name = _error_name(node.exc)
            if name and name not in INTERNAL_ERRORS and isinstance(node.exc, ast.Call):
                for arg in node.exc.args[:1]:
                    if _unmarked(arg):
                        flag(node, f"message of {name} is not marked for translation")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name == "warn" and node.args and _unmarked(node.args[0]):
                flag(node, "warning text is not marked for translation")
            if name in TEXT_METHODS and len(node.args) > TEXT_METHODS[name]:
                arg = node.args[TEXT_METHODS[name]]
                if _unmarked(arg):
                    flag(node, f"text of {name}() is not marked for translation")
            if name == "finish":  # finish(ax, title, xlabel, ylabel) of crmlab.plots._base
                for arg in node.args[1:]:
                    if _unmarked(arg):
                        flag(node, "title or axis label given to finish() is not marked for translation")
            if name == "print" and node.args and _unmarked(node.args[0]):
                flag(node, "printed text is not marked for translation")
            for kw in node.keywords:
                if kw.arg in TEXT_KEYWORDS and _unmarked(kw.value):
                    flag(node, f"{kw.arg}= text is not marked for translation")
    return out


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "locales" not in p.parts)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_student_facing_strings_are_marked(path):
    found = _findings(path)
    assert found == [], "\n".join(found)


def test_the_sweep_finds_what_it_should(tmp_path):
    """The sweep itself: unmarked texts are found, marked and technical ones are not."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from crmlab.i18n import _\n"
        "def f(ax, x):\n"
        "    raise ValueError(f'`x` must be positive, but {x} was passed')\n"
        "def g(ax, x):\n"
        "    raise ValueError(_('`x` must be positive, but {x} was passed').format(x=x))\n"
        "def h(ax):\n"
        "    ax.set_title('Revenue by tier')\n"
        "    ax.set_xlabel(_('Share of customers'))\n"
        "    ax.text(0, 0, f'{3:.0%}')\n"
        "    ax.plot([1], label='Overall churn rate')\n"
        "    raise RuntimeError('internal')  # i18n: internal\n"
        "    _(f'no {x}')\n",
        encoding="utf-8",
    )
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path
    try:
        found = _findings(sample)
    finally:
        PACKAGE = saved
    lines = sorted(int(f.split(":")[1]) for f in found)
    assert lines == [3, 7, 10, 12]
