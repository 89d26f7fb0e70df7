"""Lifecycle pictures: each draws on the given axes, returns them and labels them."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crmlab import plots  # noqa: E402
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError  # noqa: E402
from crmlab.lifecycle import (  # noqa: E402
    churn_flags,
    churn_rate,
    cohort_retention,
    development_funnel,
    lifecycle_stage,
    stage_mix,
    survival_curve,
)
from crmlab.plots import lifecycle as lp  # noqa: E402
from tests.conftest import company  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    return company(0)


def test_cohort_heatmap(data):
    table = cohort_retention(data.orders, period="Q")
    fig, ax = plt.subplots()
    assert plots.plot_cohort_heatmap(table, ax=ax) is ax
    assert ax.get_title() == "Cohort retention"
    assert len(ax.texts) == int(table.notna().to_numpy().sum())  # one label per observed cell
    (mesh,) = ax.collections
    cells = mesh.get_array()
    np.testing.assert_array_equal(cells.mask, table.isna().to_numpy())  # unobserved cells stay blank
    np.testing.assert_allclose(cells.filled(np.nan), table.to_numpy(dtype=float))
    observed = table.to_numpy(dtype=float)[table.notna().to_numpy()]
    assert [t.get_text() for t in ax.texts] == [f"{v:.0%}" for v in observed]
    assert [t.get_text() for t in ax.get_yticklabels()][0] == str(table.index[0])  # oldest cohort on top
    big = plots.plot_cohort_heatmap(cohort_retention(data.orders))  # 36 × 36: no labels
    assert len(big.texts) == 0


def test_cohort_curves_hand_worked():
    retention = pd.DataFrame(
        [[1.0, 0.5, 0.25], [1.0, 0.3, np.nan], [1.0, np.nan, np.nan]],
        index=pd.Index(["2024-01", "2024-02", "2024-03"], name="cohort"),
        columns=pd.Index([0, 1, 2], name="period"),
    )
    ax = plots.plot_cohort_curves(retention)
    (grey,) = ax.collections  # every cohort, without its unobserved periods
    assert [len(path.vertices) for path in grey.get_paths()] == [3, 2, 1]
    (line,) = ax.lines  # the mean of the cohorts observed in each period
    np.testing.assert_allclose(line.get_xdata(), [0, 1, 2])
    np.testing.assert_allclose(line.get_ydata(), [1.0, 0.4, 0.25])
    assert ax.get_title() == "Mean retention of the cohorts" and ax.get_xlim() == (-0.5, 2.5)
    ax = plots.plot_cohort_curves(retention, "2024-02")
    np.testing.assert_allclose(ax.lines[0].get_xydata(), [[0, 1.0], [1, 0.3]])
    assert ax.get_title() == "Retention of cohort 2024-02"
    periods = retention.copy()
    periods.index = pd.PeriodIndex(periods.index, freq="M", name="cohort")  # as cohort_retention returns it
    changed = lp._update_cohort_curves(ax, periods, "2024-01")  # the same picture, another cohort
    assert changed == [ax.lines[0], ax.title] and ax.get_title() == "Retention of cohort 2024-01"
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [1.0, 0.5, 0.25])
    with pytest.raises(ParameterError, match="`cohort`"):
        plots.plot_cohort_curves(retention, "2023-12")
    with pytest.raises(ParameterTypeError, match="`retention`"):
        plots.plot_cohort_curves([1, 2])


def test_churn_rate_chart_regrouped_in_place_looks_drawn_from_scratch():
    two = pd.DataFrame({"tier": ["gold", "silver"], "customers": [10, 30], "churned": [2, 12], "churn_rate": [0.2, 0.4]})
    five = pd.DataFrame({"channel": list("abcde"), "customers": [5] * 5, "churned": [1, 2, 3, 4, 0],
                         "churn_rate": [0.2, 0.4, 0.6, 0.8, 0.0]})
    fig, ax = plt.subplots(figsize=(5, 3), dpi=60)
    plots.plot_churn_rate(two, ax=ax)
    assert lp._update_churn_rate(ax, five) is False  # other groups: only with regroup
    changed = lp._update_churn_rate(ax, five, regroup=True)
    assert ax.xaxis in changed and ax.yaxis in changed
    assert [b.get_height() for b in ax.containers[0]] == [0.2, 0.4, 0.6, 0.8, 0.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == list("abcde") and ax.get_xlabel() == "channel"
    fresh, fresh_ax = plt.subplots(figsize=(5, 3), dpi=60)
    plots.plot_churn_rate(five, ax=fresh_ax)
    fig.canvas.draw()
    fresh.canvas.draw()
    np.testing.assert_array_equal(np.asarray(fig.canvas.buffer_rgba()), np.asarray(fresh.canvas.buffer_rgba()))


def test_development_funnel(data):
    funnel = development_funnel(data.orders, data.customers, data.surveys, suspects=6000)
    ax = plots.plot_development_funnel(funnel)
    widths = [p.get_width() for p in ax.patches]
    assert widths == funnel["customers"].astype(float).tolist()
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "suspect"
    assert ax.get_title() == "Customer development funnel"


def test_churn_rate_chart(data):
    rates = churn_rate(churn_flags(data.orders), "acquisition_channel", groups=data.customers)
    ax = plots.plot_churn_rate(rates)
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx(rates["churn_rate"].tolist())
    line = ax.lines[0].get_ydata()[0]
    assert line == pytest.approx(rates["churned"].sum() / rates["customers"].sum())
    assert ax.get_xlabel() == "acquisition channel"


def test_survival_curves(data):
    curve = survival_curve(data.orders, by="persona", groups=data.truth_customers)
    ax = plots.plot_survival(curve, band=True, kind="persona")
    assert len(ax.lines) == curve["group"].nunique()
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"economic", "ethical", "personalising", "convenience"}
    assert ax.get_ylabel() == "Share still active"


@pytest.mark.parametrize("draw", [plots.plot_survival, plots.plot_churn_rate, plots.plot_stage_mix, plots.plot_nps,
                                  plots.plot_segment_sizes])
def test_a_kind_that_is_no_kind_of_code_is_an_error_not_ignored(draw):
    frame = pd.DataFrame({"x": [1]})
    with pytest.raises(ParameterError, match=r"^`kind` must be a kind of code of crmlab.vocabulary.CODES .* 'personas' was"):
        draw(frame, kind="personas")
    with pytest.raises(ParameterTypeError, match=r"^`kind` must be a kind of code \(str\) or None, but \['x'\] of type list"):
        draw(frame, kind=["x"])


def test_stage_mix_chart(data):
    mix = stage_mix(lifecycle_stage(data.orders), "membership_tier", groups=data.customers)
    fig, ax = plt.subplots()
    plots.plot_stage_mix(mix, ax=ax)
    # every group's bars add up to 100 %
    ends = {}
    for p in ax.patches:
        y = round(p.get_y(), 6)
        ends[y] = max(ends.get(y, 0), p.get_x() + p.get_width())
    assert np.allclose(list(ends.values()), 1.0)
    ticks = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    assert [ticks[y] for y in sorted(ticks, reverse=True)] == ["not a member", "silver", "gold", "platinum"]  # top down
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "establishment", "development", "maintenance", "recovery", "lapsed"]


def test_plots_reject_bad_input():
    with pytest.raises(ParameterTypeError, match="`funnel`"):
        plots.plot_development_funnel([1, 2])
    with pytest.raises(ColumnError, match="'churn_rate'"):
        plots.plot_churn_rate(pd.DataFrame({"g": ["a"], "customers": [1], "churned": [0]}))
    with pytest.raises(ColumnError, match="'survival'"):
        plots.plot_survival(pd.DataFrame({"group": ["a"], "day": [0]}))
    assert set(lp.__all__) == {
        "plot_cohort_heatmap", "plot_cohort_curves", "plot_development_funnel", "plot_churn_rate", "plot_survival",
        "plot_stage_mix",
    }
