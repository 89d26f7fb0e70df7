"""Keeping the message catalogues in step with the code (a tool for the kit's maintainers).

::

    python -m crmlab.i18n.catalogue update   # extract → crmlab.pot, update every .po, compile .mo
    python -m crmlab.i18n.catalogue check    # say what is stale (the test suite runs the same check)
    python -m crmlab.i18n.catalogue status   # per language: entries, translated, fuzzy, missing

``update`` is what a maintainer runs after changing a student-facing string: Babel extracts every
marked string of ``crmlab/`` (configuration: ``babel.cfg`` at the repository's root, keywords
below), writes the template ``crmlab/locales/crmlab.pot``, merges it into each
``crmlab/locales/<lang>/LC_MESSAGES/crmlab.po`` — a changed English string keeps its old
translation marked ``#, fuzzy`` — and compiles the ``.mo`` files from the ``.po`` files
(fuzzy entries are left out). ``check`` fails while the template is not what extraction gives,
while any entry of a ``.po`` is missing, untranslated or fuzzy, or while a ``.mo`` is not the
compilation of its ``.po``: translations never go stale unnoticed.

The same commands with Babel's own command line::

    pybabel extract -F babel.cfg -k N_ -k NP_:1c,2 --add-location=file --sort-output \\
        -c Translators: -o crmlab/locales/crmlab.pot crmlab/
    pybabel update -i crmlab/locales/crmlab.pot -d crmlab/locales -D crmlab --ignore-obsolete
    pybabel compile -d crmlab/locales -D crmlab --statistics
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from . import DOMAIN, LOCALEDIR

__all__ = ["KEYWORDS", "Domain", "PACKAGE", "extract", "template_text", "po_path", "mo_path", "problems", "update", "status"]

ROOT = LOCALEDIR.parent.parent
MAPPING = ROOT / "babel.cfg"

#: Babel keyword specifications: the markers of :mod:`crmlab.i18n`.
KEYWORDS = {
    "_": None,
    "N_": None,
    "NP_": ((1, "c"), 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("Translators:",)
WIDTH = 76
#: Fixed header dates keep the files byte-stable: the content, not the clock, says what changed.
EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


def _mapping() -> list[tuple[str, str]]:
    from babel.messages.frontend import parse_mapping_cfg

    with open(MAPPING, encoding="utf-8") as handle:
        method_map, _options = parse_mapping_cfg(handle)
    return method_map


def _new_catalog(locale: str | None = None):
    from babel.messages.catalog import Catalog

    from .. import __version__

    return Catalog(
        locale=locale,
        domain=DOMAIN,
        project="crmlab",
        version=__version__,
        copyright_holder="the crmlab authors",
        creation_date=EPOCH,
        revision_date=EPOCH,
        last_translator="the crmlab authors",
        language_team=f"{locale} <crmlab>" if locale else "LANGUAGE <LL@li.org>",
        fuzzy=False,
    )


def extract():
    """A fresh template: every marked string of the package, as Babel finds it now."""
    from babel.messages.extract import extract_from_dir

    catalog = _new_catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, _mapping(), keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _po_text(catalog) -> str:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        sort_output=True,
        include_lineno=False,
        ignore_obsolete=True,
        omit_header=False,
    )
    text = buffer.getvalue().decode("utf-8")
    # the Babel version that wrote the file is not part of its content
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith('"Generated-By:'))


def template_text() -> str:
    """The text ``crmlab.pot`` must have."""
    return _po_text(extract())


@dataclass(frozen=True)
class Domain:
    """One gettext domain: its template and, per language, a ``.po`` (and, for the package, a
    compiled ``.mo``) under ``localedir/<lang>/LC_MESSAGES/``."""

    name: str
    localedir: Path
    compiled: bool = True

    @property
    def template(self) -> Path:
        return self.localedir / f"{self.name}.pot"

    def po(self, language: str) -> Path:
        return self.localedir / language / "LC_MESSAGES" / f"{self.name}.po"

    def mo(self, language: str) -> Path:
        return self.po(language).with_suffix(".mo")

    def languages(self) -> list[str]:
        """Languages with a ``.po`` file."""
        return sorted(p.parent.parent.name for p in self.localedir.glob(f"*/LC_MESSAGES/{self.name}.po"))


#: The package's own strings.
PACKAGE = Domain(DOMAIN, LOCALEDIR)


def po_path(language: str) -> Path:
    return PACKAGE.po(language)


def mo_path(language: str) -> Path:
    return PACKAGE.mo(language)


def translated_languages() -> list[str]:
    """Languages with a ``.po`` file of the package's domain."""
    return PACKAGE.languages()


def _read_po(path: Path, domain: str = DOMAIN):
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        return read_po(handle, domain=domain)


def _mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _key(message) -> tuple:
    msgid = message.id if isinstance(message.id, str) else tuple(message.id)
    return (message.context, msgid)


def _where(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def problems(language: str | None = None, *, template=None, domain: Domain = PACKAGE) -> list[str]:
    """What is stale, one line each (empty when everything is in step).

    Parameters
    ----------
    language : str, optional
        Check only this language's ``.po`` and ``.mo`` (the template is always checked).
    template : babel Catalog, optional
        The template as extraction gives it now (default: :func:`extract`, the package's).
    domain : Domain
        Which catalogues (default: the package's).
    """
    out: list[str] = []
    template = template if template is not None else extract()
    fix = "run `python -m crmlab.i18n.catalogue update`"
    if not domain.template.exists() or domain.template.read_text(encoding="utf-8") != _po_text(template):
        out.append(f"{_where(domain.template)} is not what extraction gives now: {fix}.")
    wanted = {_key(m) for m in template if m.id}
    for lang in [language] if language else domain.languages():
        path = domain.po(lang)
        if not path.exists():
            out.append(f"{lang}: no catalogue {_where(path)}")
            continue
        po = _read_po(path, domain.name)
        have = {_key(m): m for m in po if m.id}
        for key in sorted(wanted - set(have), key=str):
            out.append(f"{lang}: missing entry {key!r} in {_where(path)}: {fix}")
        for key in sorted(set(have) - wanted, key=str):
            out.append(f"{lang}: entry no longer in the template {key!r} in {_where(path)}: {fix}")
        for key, m in sorted(have.items(), key=lambda item: str(item[0])):
            strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
            if m.fuzzy:
                out.append(f"{lang}: fuzzy — the English changed, re-translate and remove the fuzzy flag: {key!r} in {_where(path)}")
            elif not all(s for s in strings):
                out.append(f"{lang}: untranslated {key!r} in {_where(path)}")
        if domain.compiled:
            mo = domain.mo(lang)
            if not mo.exists() or mo.read_bytes() != _mo_bytes(po):
                out.append(f"{lang}: {_where(mo)} is not compiled from {path.name}: {fix}")
    return out


def update(template=None, domain: Domain = PACKAGE) -> list[Path]:
    """Write the template, merge it into every ``.po`` (a changed English string keeps its old
    translation, marked fuzzy), compile every ``.mo``; the files written."""
    template = template if template is not None else extract()
    written = [domain.template]
    domain.template.parent.mkdir(parents=True, exist_ok=True)
    domain.template.write_text(_po_text(template), encoding="utf-8")
    for lang in domain.languages():
        path = domain.po(lang)
        po = _read_po(path, domain.name)
        po.update(template, update_creation_date=False)
        po.revision_date = EPOCH
        path.write_text(_po_text(po), encoding="utf-8")
        written.append(path)
        if domain.compiled:
            domain.mo(lang).write_bytes(_mo_bytes(_read_po(path, domain.name)))
            written.append(domain.mo(lang))
    return written


def status(domain: Domain = PACKAGE) -> dict[str, dict[str, int]]:
    """Per language: entries, translated, fuzzy and untranslated counts."""
    out = {}
    for lang in domain.languages():
        po = _read_po(domain.po(lang), domain.name)
        entries = [m for m in po if m.id]
        fuzzy = sum(m.fuzzy for m in entries)
        empty = sum(not all(m.string if isinstance(m.string, (list, tuple)) else [m.string]) for m in entries)
        out[lang] = {"entries": len(entries), "translated": len(entries) - fuzzy - empty, "fuzzy": fuzzy, "untranslated": empty}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmlab.i18n.catalogue", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("update", "check", "status"))
    args = parser.parse_args(argv)
    if args.action == "update":
        for path in update():
            print(f"wrote {_where(path)}")  # i18n: internal (a maintainer's tool)
        return 0
    if args.action == "status":
        for lang, counts in status().items():
            print(f"{lang}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))  # i18n: internal
        return 0
    found = problems()
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)")  # i18n: internal
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
