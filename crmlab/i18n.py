"""Translation of every student-facing string: messages, plot titles, labels, widget captions.

Code marks a string for translation by wrapping its English text in :func:`_`::

    from crmlab.i18n import _
    ax.set_title(_("Revenue share by customer tier"))
    message = _("Expected {n} rows, got {m}.").format(n=5, m=3)

The English text is the key. A catalogue maps it to another language; with no catalogue (or no
entry) the English text is used. Catalogues are JSON files ``crmlab/locales/<language>.json``
(``{"English text": "译文", …}``); choose the language with :func:`set_language` or the
``CRMLAB_LANGUAGE`` environment variable. Category codes in the data (``"economic"``,
``"web"`` …) are translated for display with :func:`label`.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

_LOCALES = Path(__file__).resolve().parent / "locales"
_state = {"language": None}


def languages() -> list[str]:
    """Languages with a catalogue, plus English (the source language)."""
    found = sorted(p.stem for p in _LOCALES.glob("*.json")) if _LOCALES.exists() else []
    return ["en", *[lang for lang in found if lang != "en"]]


def get_language() -> str:
    return _state["language"] or os.environ.get("CRMLAB_LANGUAGE", "en")


def set_language(language: str) -> None:
    """Use ``language`` ("en", "zh_CN" …) for every string shown from now on."""
    from ._checks import check_choice

    check_choice("language", language, languages())
    _state["language"] = language
    if language.startswith("zh"):
        from .plots.fonts import use_cjk_fonts

        use_cjk_fonts()  # Chinese titles and labels need a Chinese font


@functools.lru_cache(maxsize=None)
def _catalogue(language: str) -> dict[str, str]:
    path = _LOCALES / f"{language}.json"
    if language == "en" or not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _(text: str) -> str:
    """The translation of ``text`` in the current language (``text`` itself if none)."""
    return _catalogue(get_language()).get(text, text)


def label(code: object, context: str | None = None) -> str:
    """Display label of a data code, e.g. ``"after_sales"`` → "after sales" (or its translation).

    The same code can mean different things in different places (membership tier ``"none"``
    vs Dick & Basu's ``"none"``): pass a ``context`` ("tier", "dick_basu" …) and a catalogue
    entry ``"context:code"`` is preferred over the plain ``"code"`` one.
    """
    text = str(code)
    catalogue = _catalogue(get_language())
    if context is not None:
        translated = catalogue.get(f"{context}:{text}")
        if translated is not None:
            return translated
    translated = catalogue.get(text)
    if translated is not None:
        return translated
    return text.replace("_", " ")
