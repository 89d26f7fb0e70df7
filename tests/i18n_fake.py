"""A complete made-up translation, for tests that check every text a user sees is translated.

:func:`complete_table` maps every message Babel extracts from the package (what the real
catalogue will hold) to a Chinese placeholder, ``"中" + its index``, followed by the message's
``str.format`` fields (those in backticks keep them: they quote code), so that the values a
message quotes still show. Installed with the
``fake_translation`` fixture, any English word left on screen is a text that was not marked (or
not translated when shown); :func:`english_words` finds them.
"""

from __future__ import annotations

import functools
import re
import string


@functools.lru_cache(maxsize=1)
def extracted():
    """The template Babel extracts from the package now."""
    from crmlab.i18n.catalogue import extract

    return extract()


def _fields(msgid: str) -> list[str]:
    """The ``str.format`` fields of ``msgid`` as written (``{n:,}``; a field in a backticked span
    keeps its span: ``"`{column}`"``), or none if the text's braces are not format fields (code
    in a hint)."""
    spans = [span for span in re.findall(r"`[^`]*`", msgid) if re.search(r"{\w+[^{}]*}", span)]
    rest = msgid
    for span in spans:
        rest = rest.replace(span, " ")
    try:
        parsed = list(string.Formatter().parse(rest))
        for span in spans:
            list(string.Formatter().parse(span))
    except ValueError:
        return []
    out = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier():
            return []
        out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return [*spans, *out]


@functools.lru_cache(maxsize=1)
def complete_table() -> dict:
    """``{msgid: "中<i> {field} …"}`` and ``{(context, msgid): …}`` for every extracted message
    (both forms of a plural)."""
    table: dict = {}
    for index, entry in enumerate(m for m in extracted() if m.id):
        ids = entry.id if isinstance(entry.id, (tuple, list)) else (entry.id,)
        for msgid in ids:
            text = " ".join([f"中{index}", *_fields(msgid)])
            table[(entry.context, msgid) if entry.context else msgid] = text
    return table


def msgids(context: str | None = None) -> set[str]:
    """Every extracted msgid (singular and plural) of ``context`` (None: without a context)."""
    out = set()
    for entry in extracted():
        if entry.id and entry.context == context:
            out.update(entry.id if isinstance(entry.id, (tuple, list)) else (entry.id,))
    return out


_TOKEN = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9_.]*")


def english_words(text: str, allowed=()) -> list[str]:
    """The English words of ``text`` outside code: backticked spans, quoted values (``'abc'``),
    identifiers (with ``_``, a digit or a dot: ``q1``, ``ex.data``, ``customer_id``), single
    letters and the ``allowed`` names (program names, option names, metavars) do not count."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"'[^'\s]*'", " ", text)
    for name in sorted(allowed, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z_-]){re.escape(name)}(?![A-Za-z0-9_])", " ", text)
    words = []
    for token in _TOKEN.findall(text):
        token = token.rstrip(".")
        if len(token) < 2 or re.search(r"[_0-9.]", token):
            continue
        words.append(token)
    return words
