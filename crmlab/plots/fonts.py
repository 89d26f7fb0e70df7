"""Fonts for Chinese text in pictures.

matplotlib's default font (DejaVu Sans) has no Chinese characters: a Chinese title shows empty
boxes. :func:`use_cjk_fonts` puts an installed CJK font behind the default one, so Latin text keeps
its look and every Chinese character is drawn from the CJK font (matplotlib falls back glyph by
glyph). Every crmlab picture calls :func:`prepare` first: it puts the CJK font in place once
(so pictures of Chinese data work in every language) and, when the language is Chinese and no CJK
font is installed, warns once and says what to install. :func:`crmlab.set_language` calls
:func:`follow_language` at once, so a student's own pictures get the font too.

Fonts that work (any one is enough): Noto Sans CJK SC / Source Han Sans SC (Linux: package
``fonts-noto-cjk``), WenQuanYi Micro Hei / Zen Hei (``fonts-wqy-microhei``), Microsoft YaHei or
SimHei (Windows), PingFang SC or Heiti SC (macOS).
"""

from __future__ import annotations

import warnings

__all__ = ["CJK_FONTS", "cjk_fonts", "use_cjk_fonts", "follow_language", "prepare", "refresh", "has_cjk"]

#: Known CJK font families, best first.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
    "Noto Serif CJK SC",
)


_state: dict[str, object] = {"font": None, "warned": False, "replaced": None}


def has_cjk(text: object) -> bool:
    """Whether ``text`` holds a CJK character (which the default font cannot draw)."""
    return any("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"
               for ch in str(text))


def cjk_fonts() -> list[str]:
    """The known CJK font families installed on this machine, best first.

    matplotlib lists fonts from a cache made when it first ran; a font installed since is missing
    from it. When no CJK font is listed, the list is rebuilt once per session (a second or two).
    """
    from matplotlib import font_manager

    def found() -> list[str]:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return [name for name in CJK_FONTS if name in installed]

    names = found()
    if not names and not _state.get("rescanned"):
        _state["rescanned"] = True
        try:
            font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
        except Exception:  # a private helper of matplotlib: without it, keep the cached list
            return names
        names = found()
    return names


def use_cjk_fonts() -> str | None:
    """Let pictures show Chinese text: add the best installed CJK font as a fallback behind
    matplotlib's default sans-serif font (this changes matplotlib's settings for the session).

    Returns
    -------
    str or None
        The CJK font used, or None (with a warning saying what to install) if there is none.
    """
    import matplotlib as mpl

    found = cjk_fonts()
    if not found:
        _warn_no_font()
        return None
    families = [f for f in mpl.rcParams["font.sans-serif"] if f not in found]
    default = families[:1]  # keep the usual Latin font first, then the CJK fallback
    if not _in_place():
        _state["replaced"] = list(mpl.rcParams["font.family"])  # texts made before keep it: see refresh()
    mpl.rcParams["font.sans-serif"] = [*default, found[0], *families[1:]]
    # matplotlib falls back glyph by glyph across the families of `font.family` (a generic name
    # such as "sans-serif" stands for one font only), so name both
    mpl.rcParams["font.family"] = [*default, found[0], "sans-serif"]
    mpl.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack the Unicode minus sign
    _state["font"] = found[0]
    return found[0]


def _warn_no_font() -> None:
    from ..i18n import _

    if _state["warned"]:
        return
    _state["warned"] = True
    warnings.warn(
        _(
            "No Chinese font found: Chinese text in pictures will show as boxes. Install one "
            "(Linux: fonts-noto-cjk or fonts-wqy-microhei; Windows and macOS have one) and restart the kernel."
        ),
        stacklevel=3,
    )


def _in_place() -> bool:
    import matplotlib as mpl

    font = _state["font"]
    return font is not None and font in mpl.rcParams["font.family"]


def prepare() -> None:
    """Before a crmlab picture is drawn: make sure Chinese text can be drawn.

    Puts the best installed CJK font behind the default one (once; again if matplotlib's settings
    were reset). Warns once when the language is Chinese and no CJK font is installed.
    """
    from ..i18n import is_chinese

    if _in_place():
        return
    if cjk_fonts():
        use_cjk_fonts()
    elif is_chinese():
        _warn_no_font()


def refresh(figure) -> None:
    """Give the texts of ``figure`` that were made before the CJK font was put in place (their
    font family is the one :func:`use_cjk_fonts` replaced, e.g. a figure from ``plt.subplots()``
    made before the first crmlab picture) the CJK fallback too. Once per figure."""
    import matplotlib as mpl
    from matplotlib.text import Text

    if not _in_place():
        return
    family = list(mpl.rcParams["font.family"])
    if getattr(figure, "_crmlab_font_family", None) == family:
        return
    old = _state["replaced"]
    if old is not None and old != family:
        for text in figure.findobj(Text):
            if list(text.get_fontfamily()) == old:
                text.set_fontfamily(family)
    figure._crmlab_font_family = family


def follow_language() -> str | None:
    """Give pictures a CJK font if the current language is Chinese; the font used, or None."""
    from ..i18n import is_chinese

    if not is_chinese():
        return None
    return _state["font"] if _in_place() else use_cjk_fonts()


def warn_if_undrawable(texts) -> None:
    """Warn once if any of ``texts`` has Chinese characters and no CJK font is installed."""
    if _state["warned"] or _in_place():
        return
    if any(has_cjk(t) for t in texts) and not cjk_fonts():
        _warn_no_font()
