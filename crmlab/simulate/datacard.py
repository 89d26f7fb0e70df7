"""Keep the data cards' column tables in step with the schema.

The data card exists in English, ``datasets/README.md``, and in Chinese,
``datasets/README.zh-CN.md`` (:func:`crmlab.paths.data_card`). Each card is written by hand —
what the company is, the causal story, what is hidden — except its column tables, between the
``<!-- tables:begin -->`` and ``<!-- tables:end -->`` markers, which are rendered from
:mod:`.schema`: in English from the texts as written there, in Chinese from their translations
in the package catalogue (``crmlab/locales/zh_CN/LC_MESSAGES/crmlab.po``).

``python -m crmlab.simulate.datacard`` rewrites the tables of every card; a test checks that
every card is up to date, so a changed column description or a new translation cannot leave a
card stale.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

BEGIN, END = "<!-- tables:begin -->", "<!-- tables:end -->"

#: The languages the data card is written in (English, the source, first).
LANGUAGES = ("en", "zh_CN")


def translator(language: str = "en") -> Callable[[str], str]:
    """The function that translates the card's texts into ``language`` (``"en"``: none).

    Raises
    ------
    crmlab.errors.ParameterError
        If crmlab has no catalogue for ``language``.
    """
    from .. import i18n
    from ..errors import ParameterError

    chosen = i18n.normalize_language(language) if isinstance(language, str) else None
    if chosen is None or chosen not in i18n.languages():
        raise ParameterError(
            i18n._("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name="language", choices=i18n.languages(), got=repr(language)
            )
        )
    if chosen == i18n.SOURCE_LANGUAGE:
        return str
    return gettext.translation(i18n.DOMAIN, i18n.LOCALEDIR, languages=[chosen]).gettext


def render(language: str = "en") -> str:
    """The column tables of the data card in ``language`` (Markdown)."""
    from .schema import all_tables, markdown

    translate = translator(language)
    return "\n\n".join(markdown(name, translate) for name in all_tables())


def update(path: Path, language: str = "en") -> bool:
    """Rewrite the tables section of ``path`` (a card in ``language``); return True if it changed."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n{render(language)}\n{END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":  # pragma: no cover
    from ..paths import data_card

    for lang in LANGUAGES:
        card = data_card(lang)
        print("updated" if update(card, lang) else "up to date", card)  # i18n: internal (a maintainer tool)
