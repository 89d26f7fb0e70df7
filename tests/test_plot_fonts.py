"""Chinese text in pictures: a CJK font is put behind the default one, glyph by glyph."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from crmlab.plots import fonts  # noqa: E402


@pytest.fixture()
def restore_rc():
    """matplotlib's own fonts for the test (an earlier crmlab picture may have added a CJK
    fallback already), and the settings as they were afterwards."""
    saved = mpl.rcParams.copy()
    for key in ("font.family", "font.sans-serif", "axes.unicode_minus"):
        mpl.rcParams[key] = mpl.rcParamsDefault[key]
    yield
    mpl.rcParams.update(saved)


def _render(text: str) -> list[str]:
    """Warnings matplotlib gives while drawing ``text``."""
    fig, ax = plt.subplots()
    ax.set_title(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    return [str(w.message) for w in caught]


def test_chinese_titles_render_without_missing_glyphs(restore_rc):
    if not fonts.cjk_fonts():
        pytest.skip("no CJK font installed on this machine (.ci/run installs fonts-wqy-microhei)")
    assert any("Glyph" in m and "missing" in m for m in _render("客户价值 RFM"))  # the default font lacks them
    chosen = fonts.use_cjk_fonts()
    assert chosen in fonts.CJK_FONTS
    assert mpl.rcParams["font.sans-serif"][1] == chosen  # behind the usual Latin font
    assert [m for m in _render("客户价值 RFM") if "Glyph" in m] == []


def test_without_a_cjk_font_it_warns_and_changes_nothing(restore_rc, monkeypatch):
    monkeypatch.setattr(fonts, "cjk_fonts", lambda: [])
    before = list(mpl.rcParams["font.sans-serif"])
    with pytest.warns(UserWarning, match="Chinese font"):
        assert fonts.use_cjk_fonts() is None
    assert mpl.rcParams["font.sans-serif"] == before
