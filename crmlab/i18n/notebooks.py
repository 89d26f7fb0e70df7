"""Translated editions of the lessons and exercises, built from the English notebooks.

The English notebooks are the source. Each one has a gettext catalogue per language with one
entry per *paragraph* of a markdown cell and per *comment* of a code cell, whose context is the
cell's id::

    notebooks/locales/02_customer_value.pot                      the template
    notebooks/locales/zh_CN/LC_MESSAGES/02_customer_value.po     the Chinese translation
    notebooks/zh_CN/02_customer_value.ipynb                      the Chinese lesson, built

(likewise ``exercises/solutions/locales/…`` and ``exercises/zh_CN/…`` for the exercises). The
built notebook has the English notebook's cells, ids and code, with each paragraph and comment
replaced by its translation, links to other notebooks pointing into the same edition, and one
line added after the first ``import crmlab``: ``crmlab.set_language("zh_CN")``, so that its
pictures, tables and data are Chinese too.

::

    python -m crmlab.i18n.notebooks update   # extract templates, merge them into the .po (a changed
                                             # paragraph becomes fuzzy), build the translated notebooks
    python -m crmlab.i18n.notebooks check    # what is missing, fuzzy or stale (the tests run it)

A translator edits only the ``.po`` files, then runs ``update``. The test suite fails while any
entry is untranslated or fuzzy, or a built notebook is not what ``update`` would write — so a
changed English sentence cannot ship with a stale translation.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

from .catalogue import ROOT, Domain, _new_catalog, _po_text, _read_po, problems, update

__all__ = ["Edition", "EDITIONS", "units", "extract", "build", "update_all", "check_all"]

#: Languages with a translated edition.
LANGUAGES = ("zh_CN",)
_FENCE = re.compile(r"^\s*(```|~~~)")
_LINK = re.compile(r"\]\((?!https?:|#|mailto:)([^)\s]+\.ipynb)(#[^)]*)?\)")
#: Comments that are instructions to tools, not to readers.
_TOOL_COMMENT = re.compile(r"^(NBVAL_|noqa|type:|pragma|fmt:|isort:|pyright:)")


@dataclass(frozen=True)
class Edition:
    """A folder of English notebooks and where its translations live.

    Parameters
    ----------
    source : Path
        Folder of the English notebooks (``notebooks`` or ``exercises/solutions``).
    pattern : str
        Which notebooks (``"[0-9][0-9]_*.ipynb"``).
    target : str
        Folder of a translated edition, ``{lang}`` standing for the language
        (``"notebooks/{lang}"``), relative to the repository.
    """

    source: Path
    pattern: str
    target: str

    def notebooks(self) -> list[Path]:
        return sorted(self.source.glob(self.pattern))

    def domain(self, notebook: Path) -> Domain:
        return Domain(notebook.stem, self.source / "locales", compiled=False)

    def built(self, notebook: Path, language: str) -> Path:
        return ROOT / self.target.format(lang=language) / notebook.name


EDITIONS = (
    Edition(ROOT / "notebooks", "[0-9][0-9]_*.ipynb", "notebooks/{lang}"),
    Edition(ROOT / "exercises" / "solutions", "[0-9][0-9]_*.ipynb", "exercises/{lang}/solutions"),
)


# -- the units of translation --------------------------------------------------------------------
def _blocks(markdown: str) -> list[tuple[str, bool]]:
    """The markdown's paragraphs (text, translatable): blocks between blank lines; a fenced code
    block is one block and is not translated."""
    out: list[tuple[str, bool]] = []
    lines = markdown.split("\n")
    current: list[str] = []
    fenced = False

    def flush():
        if current:
            out.append(("\n".join(current), True))
            current.clear()

    for line in lines:
        if fenced:
            current.append(line)
            if _FENCE.match(line):
                out.append(("\n".join(current), False))
                current.clear()
                fenced = False
            continue
        if _FENCE.match(line):
            flush()
            current.append(line)
            fenced = True
        elif line.strip() == "":
            flush()
            out.append(("", False))
        else:
            current.append(line)
    if fenced:
        out.append(("\n".join(current), False))
        current.clear()
    flush()
    return out


def _comments(code: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of each comment a reader reads (tool instructions left out)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    out = []
    for tok in tokens:
        if tok.type != tokenize.COMMENT:
            continue
        text = tok.string[1:].strip()
        if not text or _TOOL_COMMENT.match(text) or not re.search(r"[A-Za-z]{2,}", text):
            continue
        out.append((tok.start[0], tok.start[1], text))
    return out


def units(nb: dict) -> list[tuple[str, str, str]]:
    """``(cell id, kind, text)`` of every unit of translation: ``"paragraph"`` of a markdown cell,
    ``"comment"`` of a code cell."""
    out = []
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            out += [(cell["id"], "paragraph", text) for text, translate in _blocks(source) if translate]
        elif cell["cell_type"] == "code":
            out += [(cell["id"], "comment", text) for _line, _col, text in _comments(source)]
    return out


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def extract(notebook: Path):
    """The template of one English notebook: its paragraphs and comments, by cell id."""
    catalog = _new_catalog()
    catalog.domain = notebook.stem
    rel = notebook.relative_to(ROOT).as_posix()
    for cell_id, kind, text in units(_read(notebook)):
        catalog.add(text, None, [(rel, None)], auto_comments=[kind], context=cell_id)
    return catalog


# -- building a translated notebook --------------------------------------------------------------
def _translations(po) -> dict[tuple[str, str], str]:
    return {(m.context, m.id): m.string for m in po if m.id and m.string and not m.fuzzy}


def _relink(text: str, language: str) -> str:
    """Links to notebooks point into the same edition: ``../exercises/02_x.ipynb`` from
    ``notebooks`` becomes ``../../exercises/zh_CN/02_x.ipynb`` from ``notebooks/zh_CN``."""

    def fix(m: re.Match) -> str:
        target, anchor = m.group(1), m.group(2) or ""
        if "/" not in target:
            return f"]({target}{anchor})"  # a sibling: the same folder of the edition
        parts = target.split("/")
        if parts[0] == ".." and parts[1] in ("notebooks", "exercises"):
            rest = "/".join(parts[2:])
            return f"](../../{parts[1]}/{language}/{rest}{anchor})"
        return m.group(0)

    return _LINK.sub(fix, text)


def _set_language_line(language: str) -> str:
    return f'crmlab.set_language("{language}")  # 中文版：文字、图表和数据都用中文\n'


def build(notebook: Path, po, language: str) -> str:
    """The text of the ``language`` edition of ``notebook``, with the translations of ``po``
    (paragraphs or comments without one stay English)."""
    nb = _read(notebook)
    table = _translations(po)
    added = False
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            parts = [table.get((cell["id"], text), text) if translate else text for text, translate in _blocks(source)]
            source = _relink("\n".join(parts), language)
        elif cell["cell_type"] == "code":
            lines = source.split("\n")
            for line_no, col, text in reversed(_comments(source)):
                translated = table.get((cell["id"], text))
                if translated:
                    line = lines[line_no - 1]
                    lines[line_no - 1] = line[:col] + "# " + translated
            source = "\n".join(lines)
            if not added and re.search(r"^import crmlab\b.*$", source, re.M):
                source = re.sub(r"^(import crmlab\b.*)$", lambda m: m.group(1) + "\n" + _set_language_line(language).rstrip("\n"),
                                source, count=1, flags=re.M)
                added = True
        cell["source"] = source.splitlines(keepends=True)
    nb.setdefault("metadata", {})["language_info"] = nb["metadata"].get("language_info", {"name": "python"})
    crm = nb["metadata"].setdefault("crmlab", {})
    crm["language"] = language
    crm["source"] = notebook.relative_to(ROOT).as_posix()
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


# -- keeping everything in step ------------------------------------------------------------------
def _all(only=None):
    """(edition, notebook) pairs; ``only``: names (``"02_customer_value"``) to keep, or None."""
    for edition in EDITIONS:
        for notebook in edition.notebooks():
            if only is None or notebook.stem in only or notebook.name in only:
                yield edition, notebook


def update_all(languages=LANGUAGES, only=None) -> list[Path]:
    """Extract every template, merge it into each language's ``.po`` (created if missing), build
    every translated notebook; the files written. ``only`` limits it to some notebooks (names
    such as ``"02_customer_value"``, lessons and exercises alike)."""
    written = []
    for edition, notebook in _all(only):
        domain = edition.domain(notebook)
        for lang in languages:
            if not domain.po(lang).exists():
                domain.po(lang).parent.mkdir(parents=True, exist_ok=True)
                empty = _new_catalog(lang)
                empty.domain = domain.name
                domain.po(lang).write_text(_po_text(empty), encoding="utf-8")
        written += update(extract(notebook), domain)
        for lang in languages:
            text = build(notebook, _read_po(domain.po(lang), domain.name), lang)
            target = edition.built(notebook, lang)
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                written.append(target)
    return written


def check_all(languages=LANGUAGES) -> list[str]:
    """What is stale, one line each: catalogues not in step with their English notebook
    (missing, untranslated or fuzzy entries) and built notebooks not what ``update`` writes."""
    out = []
    for edition, notebook in _all():
        domain = edition.domain(notebook)
        for lang in languages:
            out += problems(lang, template=extract(notebook), domain=domain)
            if domain.po(lang).exists():
                text = build(notebook, _read_po(domain.po(lang), domain.name), lang)
                target = edition.built(notebook, lang)
                if not target.exists() or target.read_text(encoding="utf-8") != text:
                    out.append(f"{lang}: {target.relative_to(ROOT)} is not built from the current English and "
                               "translations: run `python -m crmlab.i18n.notebooks update`.")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmlab.i18n.notebooks", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("update", "check"))
    parser.add_argument("names", nargs="*", help="only these notebooks (e.g. 02_customer_value)")  # i18n: internal (a maintainer's tool)
    args = parser.parse_args(argv)
    if args.action == "update":
        for path in update_all(only=set(args.names) or None):
            print(f"wrote {path.relative_to(ROOT)}")  # i18n: internal (a maintainer's tool)
        return 0
    found = check_all()
    for line in found:
        print(line)  # i18n: internal
    print(f"{len(found)} problem(s)")  # i18n: internal
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
