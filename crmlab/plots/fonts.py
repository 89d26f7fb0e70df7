"""Fonts for Chinese text in pictures.

matplotlib's default font (DejaVu Sans) has no Chinese characters: a Chinese title shows empty
boxes. :func:`use_cjk_fonts` puts an installed CJK font behind the default one, so Latin text keeps
its look and every Chinese character is drawn from the CJK font (matplotlib falls back glyph by
glyph). :func:`crmlab.i18n.set_language` calls it when a Chinese language is chosen.

Fonts that work (any one is enough): Noto Sans CJK SC / Source Han Sans SC (Linux: package
``fonts-noto-cjk``), WenQuanYi Micro Hei / Zen Hei (``fonts-wqy-microhei``), Microsoft YaHei or
SimHei (Windows), PingFang SC or Heiti SC (macOS).
"""

from __future__ import annotations

import warnings

__all__ = ["CJK_FONTS", "cjk_fonts", "use_cjk_fonts"]

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


def cjk_fonts() -> list[str]:
    """The known CJK font families installed on this machine, best first."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in CJK_FONTS if name in installed]


def use_cjk_fonts() -> str | None:
    """Let pictures show Chinese text: add the best installed CJK font as a fallback behind
    matplotlib's default sans-serif font (this changes matplotlib's settings for the session).

    Returns
    -------
    str or None
        The CJK font used, or None (with a warning saying what to install) if there is none.
    """
    import matplotlib as mpl

    from ..i18n import _

    found = cjk_fonts()
    if not found:
        warnings.warn(
            _(
                "No Chinese font found: Chinese text in pictures will show as boxes. Install one "
                "(Linux: fonts-noto-cjk or fonts-wqy-microhei; Windows and macOS have one) and restart the kernel."
            ),
            stacklevel=2,
        )
        return None
    families = [f for f in mpl.rcParams["font.sans-serif"] if f not in found]
    default = families[:1]  # keep the usual Latin font first, then the CJK fallback
    mpl.rcParams["font.sans-serif"] = [*default, found[0], *families[1:]]
    # matplotlib falls back glyph by glyph across the families of `font.family` (a generic name
    # such as "sans-serif" stands for one font only), so name both
    mpl.rcParams["font.family"] = [*default, found[0], "sans-serif"]
    mpl.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack the Unicode minus sign
    return found[0]
