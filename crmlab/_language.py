"""``crmlab.set_language``: the language of every string and the fonts of every picture."""

from __future__ import annotations

from . import i18n

__all__ = ["set_language"]


def set_language(language: str | None) -> str:
    """Show every crmlab text — messages, tables, explorers, pictures — in ``language``.

    Parameters
    ----------
    language : str or None
        ``"en"`` or ``"zh_CN"`` (any spelling: ``"zh"``, ``"zh-CN"``, ``"zh_CN.UTF-8"``); None
        goes back to the environment's choice (``CRMLAB_LANGUAGE``, then the locale).

    Returns
    -------
    str
        The language now in use.

    Choosing Chinese also gives pictures an installed Chinese font (or warns once, saying what
    to install); setting ``CRMLAB_LANGUAGE=zh_CN`` or a ``zh_CN`` locale has the same effect.
    """
    chosen = i18n.set_language(language)
    if i18n.is_chinese(chosen):
        try:
            from .plots.fonts import follow_language
        except ImportError:  # pragma: no cover - matplotlib is a dependency
            return chosen
        follow_language()
    return chosen
