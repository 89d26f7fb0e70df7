"""Translation of every student-facing string, with gettext message catalogues.

Strings are marked where they are written, so that Babel's extractor finds every one of them
(``python -m crmlab.i18n.catalogue update`` extracts, updates and compiles the catalogues):

- ``_("Revenue by tier")`` translates now, in the current language;
- ``ngettext("{n} customer", "{n} customers", n)`` chooses the plural form for ``n``;
- ``pgettext("tier", "major")`` translates a word whose meaning depends on where it is used;
- ``N_("…")`` and ``NP_("tier", "major")`` only *mark* a string that is stored now (in a table,
  a dictionary, a default argument) and translated later, when it is shown, with ``_(text)``
  or ``pgettext(context, text)``.

The English text is the message id. Catalogues are ``crmlab/locales/<language>/LC_MESSAGES/
crmlab.mo`` (compiled from the ``.po`` files beside them); a string without a translation is
shown in English.

The language is, in this order: the one given to :func:`set_language`; the ``CRMLAB_LANGUAGE``
environment variable; the user's locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
e.g. ``zh_CN.UTF-8``); English. Any Chinese setting (``zh``, ``zh-CN``, ``zh_CN.UTF-8``,
``zh_Hans`` …) chooses the simplified-Chinese catalogue ``zh_CN``.

Data codes (``"web"``, ``"gold"``, ``"economic"``) stay codes in every language, so code runs
the same everywhere; :func:`label` gives the display name of a code.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext as _gettext
import os
import warnings

__all__ = [
    "DOMAIN",
    "SOURCE_LANGUAGE",
    "languages",
    "get_language",
    "set_language",
    "speaking",
    "normalize_language",
    "is_chinese",
    "_",
    "N_",
    "NP_",
    "ngettext",
    "pgettext",
    "npgettext",
    "label",
    "kinds",
]

from ..paths import locales_dir as _locales_dir  # noqa: E402

DOMAIN = "crmlab"
SOURCE_LANGUAGE = "en"
LOCALEDIR = _locales_dir()  # crmlab/locales: package data, found by crmlab.paths

#: Environment variables read for the user's locale, in gettext's order of precedence.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_state: dict[str, str | None] = {"language": None}
#: The language of a ``with speaking(…)`` block (this thread or task only; None outside one).
_speaking: contextvars.ContextVar[str | None] = contextvars.ContextVar("crmlab_speaking", default=None)
_warned: set[str] = set()


# -- markers -------------------------------------------------------------------------------------
def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (translate it when shown)."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark ``message`` in ``context`` for translation later, with ``pgettext(context, message)``."""
    return message


# -- the language --------------------------------------------------------------------------------
def languages() -> list[str]:
    """The languages crmlab can show: English (the source) and each compiled catalogue."""
    found = sorted(p.parent.parent.name for p in LOCALEDIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return [SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE]]


def normalize_language(value: object) -> str | None:
    """The catalogue a language setting chooses, or None if crmlab has none for it.

    ``"zh_CN.UTF-8"``, ``"zh-CN"``, ``"zh"``, ``"zh_Hans_CN"`` → ``"zh_CN"``; ``"en_US.UTF-8"``,
    ``"C"``, ``"POSIX"`` → ``"en"``; ``"fr_FR"`` → None.
    """
    if not isinstance(value, str):
        return None
    text = value.strip().split(":")[0]  # LANGUAGE may list several
    text = text.split(".")[0].split("@")[0].replace("-", "_")
    lower = text.lower()
    if lower in ("", "c", "posix") or lower == "en" or lower.startswith("en_"):
        return SOURCE_LANGUAGE
    if lower == "zh" or lower.startswith("zh_"):
        return "zh_CN"
    for lang in languages():
        if lower == lang.lower():
            return lang
    return None


def _locale_language(values: tuple[str, ...]) -> str:
    """The language of the user's locale: ``values`` are those of ``LANGUAGE``, ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG``, the first one set decides."""
    for value in values:
        value = value.strip()
        if value:
            chosen = normalize_language(value)
            return chosen if chosen in languages() else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def _from_environment() -> str:
    # asked for every string shown: read the variables (cheap), decide once per combination
    language, refused = _language_of(
        os.environ.get("CRMLAB_LANGUAGE", ""), tuple(os.environ.get(v, "") for v in LOCALE_VARIABLES)
    )
    if refused is not None and refused not in _warned:
        _warned.add(refused)
        warnings.warn(
            _gettext_for(language)
            .gettext(N_("CRMLAB_LANGUAGE={value} is not a language crmlab speaks ({languages}); {used} is used."))
            .format(value=repr(refused), languages=", ".join(languages()), used=language),
            stacklevel=3,
        )
    return language


@functools.lru_cache(maxsize=64)
def _language_of(variable: str, locale: tuple[str, ...]) -> tuple[str, str | None]:
    """The language chosen by ``CRMLAB_LANGUAGE`` (``variable``) and the locale variables, and
    the value of ``CRMLAB_LANGUAGE`` when it names no language crmlab speaks (else None)."""
    explicit = variable.strip()
    if not explicit:
        return _locale_language(locale), None
    chosen = normalize_language(explicit)
    if chosen is not None and chosen in languages():
        return chosen, None
    return _locale_language(locale), explicit


def get_language() -> str:
    """The language strings are shown in now (see the module's documentation for the order;
    inside a :func:`speaking` block, that block's language)."""
    return _speaking.get() or _state["language"] or _from_environment()


def set_language(language: str | None) -> str:
    """Show every string in ``language`` from now on; ``None`` goes back to the environment's.

    Parameters
    ----------
    language : str or None
        ``"en"``, ``"zh_CN"`` or any spelling of them (``"zh"``, ``"zh-CN"``, ``"zh_CN.UTF-8"``).

    Returns
    -------
    str
        The language chosen (``"zh_CN"`` for any Chinese setting).

    Pictures follow too: :func:`crmlab.set_language` also gives them a Chinese font.
    """
    if language is None:
        _state["language"] = None
        return get_language()
    chosen = normalize_language(language)
    if chosen is None or chosen not in languages():
        from ..errors import ParameterError

        raise ParameterError(
            _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name="language", choices=languages(), got=repr(language)
            )
        )
    _state["language"] = chosen
    return chosen


@contextlib.contextmanager
def speaking(language: str | None):
    """Show strings in ``language`` inside a ``with`` block, in this thread only, then go back.

    For a program that writes texts for several readers, each in their own language (the
    grader writes each student's feedback in the language of their notebook): other threads,
    and the language :func:`set_language` chose, are not affected. ``None`` changes nothing.

    Raises
    ------
    ParameterError
        If crmlab cannot show ``language`` (as :func:`set_language`).
    """
    if language is None:
        yield get_language()
        return
    chosen = normalize_language(language)
    if chosen is None or chosen not in languages():
        from ..errors import ParameterError

        raise ParameterError(
            _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name="language", choices=languages(), got=repr(language)
            )
        )
    token = _speaking.set(chosen)
    try:
        yield chosen
    finally:
        _speaking.reset(token)


def is_chinese(language: str | None = None) -> bool:
    """Whether ``language`` (default: the current one) is a Chinese one."""
    return (language or get_language()).lower().startswith("zh")


# -- translating ---------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _gettext_for(language: str) -> _gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALEDIR, languages=[language], fallback=True)


def _translations() -> _gettext.NullTranslations:
    return _gettext_for(get_language())


def _(message: str) -> str:
    """The translation of ``message`` in the current language (``message`` itself if none)."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The translation of ``singular``/``plural`` for the count ``n``."""
    return _translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """The translation of ``message`` in ``context`` (``message`` itself if none)."""
    return _translations().pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """The translation of ``singular``/``plural`` in ``context`` for the count ``n``."""
    return _translations().npgettext(context, singular, plural, n)


# -- data codes ----------------------------------------------------------------------------------
def kinds() -> list[str]:
    """The kinds of data code that have display names (``"order_channel"``, ``"tier"`` …)."""
    from ..vocabulary import CODES

    return sorted(CODES)


def label(code: object, kind: str | None = None) -> str:
    """Display name of a data code in the current language, e.g. ``label("after_sales",
    "attribute")`` → "after-sales service" (or "售后服务" in Chinese).

    Parameters
    ----------
    code : object
        A code as it appears in the data or in an analysis result.
    kind : str, optional
        What the code is (a key of :data:`crmlab.vocabulary.CODES`, usually the column's name).
        The same code can mean different things (membership tier ``"none"`` vs Dick & Basu's
        ``"none"``); without a kind, the code's name is used if every kind names it alike.

    Returns
    -------
    str
        The translated display name; an unknown code is shown as it is, with ``_`` as spaces.
    """
    from ..vocabulary import lookup

    text = str(code)
    found = lookup(text, kind)
    if found is None:
        return text.replace("_", " ")
    context, english = found
    return pgettext(context, english)
