"""What a student reads in a picture or an explorer, and whether any of it is still English.

Shared by ``tests/test_plots_zh.py`` and ``tests/test_widgets_zh.py``:

* :func:`figure_texts` / :func:`explorer_texts` — every displayed text (titles, axis labels,
  tick labels, legend texts and titles, annotations, colour-bar labels; an explorer's heading,
  control descriptions and options, summary, table and error HTML, and its pictures);
* :func:`english_words` — the English words left in a text (3 or more ASCII letters), apart from
  the technical tokens every language writes the same way (:data:`TECHNICAL`);
* :func:`placeholder_catalogue` — a made-up complete Chinese catalogue: every message Babel
  extracts from crmlab is translated by a Chinese placeholder followed by its replacement fields
  (``"中17 {n:,} {name}"``), so an English word left in a picture can only come from a string
  that is not marked where it is written, or from a value (a data code) shown without its
  display name;
* :func:`drawing` — draw a figure and collect matplotlib's "Glyph … missing from font" warnings.
"""

from __future__ import annotations

import functools
import html
import re
import warnings

#: Tokens that stay as they are in every language (abbreviations of the course and units).
TECHNICAL = frozenset({
    # measures and models every language names the same way
    "RFM", "NPS", "ACSI", "IPA", "CLV", "ABC", "5C", "k", "NaN", "NaT", "VIP", "APP", "SMS", "IDIC", "RAD", "Kaplan",
    "Meier", "Dick", "Basu", "Gini", "Pareto",
    # tools and formats
    "Jupyter", "JupyterLab", "JupyterHub", "Python", "pandas", "seaborn", "Voila", "Voilà", "CSV", "Parquet", "PNG", "LMS",
    "SHA", "Excel",
    # language codes (`--language en`)
    "en",
})

_WORD = re.compile(r"[A-Za-z]+")
_TAG = re.compile(r"<[^>]*>")
_CODE = re.compile(r"`[^`]*`")
#: ``customers.customer_id``: a table's column, written as code in the data card in every language.
_DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+\b")


def english_words(text: str, allowed: frozenset | set = frozenset()) -> list[str]:
    """The English words of ``text``: runs of 3 or more ASCII letters that are not technical
    tokens (:data:`TECHNICAL`) or in ``allowed``. Code in backticks (`` `segment` ``: a parameter,
    a column, a code value inside a message) stays code in every language and is skipped, and so
    does a ``table.column`` reference."""
    text = _DOTTED.sub(" ", _CODE.sub(" ", text))
    return [w for w in _WORD.findall(text) if len(w) >= 3 and w not in TECHNICAL and w not in allowed]


def html_text(markup: str) -> str:
    """The text of an HTML fragment as a reader sees it (tags dropped, entities resolved)."""
    return html.unescape(_TAG.sub(" ", markup))


def figure_texts(fig) -> list[str]:
    """Every visible, non-empty text of ``fig`` once drawn (ticks are laid out when drawing)."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def drawing(fig) -> list[str]:
    """Draw ``fig``; matplotlib's warnings of glyphs missing from the fonts, one per glyph."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if "Glyph" in str(w.message) and "missing" in str(w.message)]


def explorer_texts(view) -> dict[str, list[str]]:
    """What a student reads in an explorer, by where it is shown."""
    out: dict[str, list[str]] = {"heading": [html_text(view.heading.value)], "controls": [], "options": []}
    for control in view.controls.values():
        if control.description:
            out["controls"].append(control.description)
        out["options"].extend(str(o) for o in getattr(control, "_options_labels", ()))
    out["summary"] = [html_text(view.summary.value)]
    out["table"] = [html_text(view.table.value)]
    out["error"] = [html_text(view.error.value)]
    out["picture"] = [t for canvas in view._canvases.values() for t in figure_texts(canvas.figure)]
    return out


def explorer_glyph_warnings(view) -> list[str]:
    """Draw every kept figure of an explorer again and collect missing-glyph warnings."""
    return [m for canvas in view._canvases.values() for m in drawing(canvas.figure)]


def leftovers(texts: dict[str, list[str]] | list[str], allowed: frozenset | set = frozenset()) -> list[str]:
    """``"where: text"`` for each text holding an English word."""
    items = texts.items() if isinstance(texts, dict) else [("picture", texts)]
    return [f"{where}: {t!r} → {english_words(t, allowed)}" for where, ts in items for t in ts
            if english_words(t, allowed)]


@functools.lru_cache(maxsize=1)
def _extracted() -> tuple:
    from crmlab.i18n.catalogue import extract

    return tuple((m.context, m.id) for m in extract() if m.id)


def _fields(msgid: str) -> str:
    """The replacement fields of a message, as they are written (``" {n:,} {name!r}"``), so that
    the values a template shows still reach the picture and are checked too."""
    import string

    try:
        parsed = list(string.Formatter().parse(msgid))
    except ValueError:  # not a format template
        return ""
    out = ""
    for _literal, field, spec, conversion in parsed:
        if field is not None:
            out += " {" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    return out


@functools.lru_cache(maxsize=1)
def placeholder_catalogue() -> dict:
    """A complete made-up Chinese catalogue for the ``fake_translation`` fixture: every extracted
    message (with its context, and plural forms) → ``"中<n>"`` followed by the message's
    replacement fields (``"Grade {grade}"`` → ``"中12 {grade}"``)."""
    table: dict = {}
    for n, (context, msgid) in enumerate(_extracted()):
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        for i, one in enumerate(ids):
            text = (f"中{n}" if i == 0 else f"中{n}复") + _fields(one)
            table[(context, one) if context else one] = text
    return table


def has_cjk_font() -> bool:
    from crmlab.plots import fonts

    return bool(fonts.cjk_fonts())
