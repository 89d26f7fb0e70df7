"""Pictures of customer value draw on the given axes, are labelled and reject bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import crmlab  # noqa: E402
from crmlab import plots, value  # noqa: E402
from crmlab.errors import ColumnError, ParameterError  # noqa: E402


@pytest.fixture(scope="module")
def orders():
    return crmlab.load("orders")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_plot_pareto_marks_the_top_share(orders):
    table = value.pareto(orders)
    fig, ax = plt.subplots()
    assert plots.plot_pareto(table, ax=ax) is ax
    assert ax.get_title() == "Pareto curve of customer value"
    curve = ax.lines[0]
    assert curve.get_xdata()[0] == 0 and curve.get_ydata()[-1] == pytest.approx(1.0)
    texts = [t.get_text() for t in ax.texts]
    share = round(value.top_share(orders) * 100)
    assert any(f"{share}%" in t for t in texts), texts


def test_plot_abc_pyramid(orders):
    summary = value.abc_summary(value.abc(orders))
    ax = plots.plot_abc_pyramid(summary)
    placed = dict(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()]))
    assert [placed[y] for y in sorted(placed, reverse=True)] == ["VIP", "major", "ordinary", "small"]  # VIP on top
    widths = sorted(round(abs(p.get_width()), 6) for p in ax.patches)
    expected = sorted(np.round(np.concatenate([summary["customer_share"], summary["revenue_share"]]), 6))
    assert widths == expected


def test_plot_rfm_heatmap_mean_and_count(orders):
    scores = value.rfm_scores(value.rfm(orders))
    ax = plots.plot_rfm_heatmap(scores, stat="count")
    (mesh,) = ax.collections
    cells = mesh.get_array()
    assert cells.shape == (5, 5)
    counts = scores.groupby(["r_score", "f_score"]).size()
    assert cells[0, 4] == counts.get((5, 5), np.nan)  # top row is R = 5, last column F = 5
    table = counts.unstack("f_score").sort_index(ascending=False)
    np.testing.assert_array_equal(cells, table.to_numpy(dtype=float))
    assert [t.get_text() for t in ax.texts] == [f"{n:,}" for n in table.to_numpy().ravel()]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["5", "4", "3", "2", "1"]
    ax = plots.plot_rfm_heatmap(scores)
    assert ax.get_title() == "Mean value by R and F score"
    means = scores.groupby(["r_score", "f_score"])["monetary"].mean().unstack("f_score").sort_index(ascending=False)
    np.testing.assert_allclose(ax.collections[0].get_array(), means.to_numpy())
    assert ax.texts[0].get_text() == f"{means.iat[0, 0]:,.0f}"
    with pytest.raises(ParameterError, match="stat"):
        plots.plot_rfm_heatmap(scores, stat="median")
    with pytest.raises(ColumnError, match="clv"):
        plots.plot_rfm_heatmap(scores, value="clv")


def test_plot_rfm_segments(orders, fake_translation):
    segments = value.rfm_segments(value.rfm_scores(value.rfm(orders)))
    fake_translation({("rfm_segment", "champions"): "重要价值客户", "Customers": "客户数",
                      "Customers per RFM segment": "各RFM细分的客户数"})
    ax = plots.plot_rfm_segments(segments)
    shown = _top_down(ax)
    assert shown[0] == "重要价值客户" and len(shown) == 11  # translated, first segment on top
    assert shown[-1] == "lost"  # no translation given: the English display name
    assert ax.get_xlabel() == "客户数" and ax.get_title() == "各RFM细分的客户数"
    (bars,) = ax.containers
    counts = segments["segment"].value_counts().reindex(segments["segment"].cat.categories, fill_value=0)
    assert [b.get_width() for b in bars] == counts.tolist()  # top down, in the segments' order
    total = len(segments)
    assert ax.texts[0].get_text() == f" {counts.iloc[0]:,} ({counts.iloc[0] / total:.0%})"


def _top_down(ax) -> list[str]:
    """The y tick labels as they are shown, from the top of the picture down."""
    ticks = ax.get_yticks()
    heights = ax.transData.transform([(0, y) for y in ticks])[:, 1]
    texts = [t.get_text() for t in ax.get_yticklabels()]
    return [texts[i] for i in np.argsort(-heights, kind="stable")]


def test_plots_reject_wrong_tables():
    with pytest.raises(ColumnError, match="cum_customer_share"):
        plots.plot_pareto(pd.DataFrame({"x": [1]}))
    with pytest.raises(ColumnError, match="revenue_share"):
        plots.plot_abc_pyramid(pd.DataFrame({"customer_share": [1.0]}))
    with pytest.raises(ColumnError, match="segment"):
        plots.plot_rfm_segments(pd.DataFrame({"x": [1]}))
    with pytest.raises(ParameterError, match="share"):
        plots.plot_pareto(value.pareto(pd.Series([1.0, 2.0])), share=2)
