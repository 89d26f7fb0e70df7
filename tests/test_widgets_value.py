"""Lesson 02 explorers: RFM segments and the ABC value pyramid (known answers, wiring, speed)."""

from __future__ import annotations

import time

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import crmlab
from crmlab import value
from crmlab.errors import ParameterError
from crmlab.widgets.value import abc_explorer, abc_update, rfm_explorer, rfm_update


@pytest.fixture(scope="module")
def orders():
    return crmlab.load("orders")


@pytest.fixture(scope="module")
def rfm_table(orders):
    return value.rfm(orders, returned="returned")


def _tiny_rfm():
    # four customers: scores with bins=2 are (R, F, M) = 222, 122, 111, 111 (see rfm_scores' doc)
    return pd.DataFrame(
        {"recency": [1, 5, 5, 30], "frequency": [4, 2, 1, 1], "monetary": [90.0, 40.0, 20.0, 10.0]},
        index=pd.Index([11, 12, 13, 14], name="customer_id"),
    )


# ------------------------------------------------------------------ rfm_update, hand-worked


def test_rfm_update_hand_worked_all_customers():
    r = rfm_update(_tiny_rfm(), bins=2, segment="all")
    assert r["scores"]["rfm_cell"].tolist() == ["222", "122", "111", "111"]
    # groups are total scores R+F+M: 6 (customer 11), 5 (12), 3 (13, 14)
    sizes = r["sizes"]
    assert sizes.index.tolist() == [3, 5, 6]
    assert sizes["customers"].tolist() == [2, 1, 1]
    assert sizes["revenue"].tolist() == [30.0, 40.0, 90.0]
    assert sizes["revenue_share"].tolist() == pytest.approx([0.1875, 0.25, 0.5625])
    assert r["members"].index.tolist() == [11, 12, 13, 14]  # highest spend first
    assert r["customers"] == 4 and r["revenue"] == 160.0 and r["revenue_share"] == 1.0


def test_rfm_update_hand_worked_named_segment():
    t = pd.DataFrame(
        {"recency": [1, 2, 300, 400, 3], "frequency": [9, 8, 1, 1, 1], "monetary": [900.0, 800.0, 5.0, 4.0, 6.0]},
        index=pd.Index([1, 2, 3, 4, 5], name="customer_id"),
    )
    # bins=5 on 5 customers: each rank is its own score; 1 & 2 score R5/R4 with F,M 4–5 → champions
    r = rfm_update(t, bins=5, segment="champions")
    assert sorted(r["members"].index) == [1, 2]
    assert r["members"].index.tolist() == [1, 2]
    assert r["revenue"] == 1700.0
    assert r["revenue_share"] == pytest.approx(1700 / 1715)
    assert r["sizes"].loc["champions", "customers"] == 2
    assert r["sizes"]["customers"].sum() == 5
    assert "champions" in r["summary"]


def test_rfm_update_negative_spend_counts_as_zero_revenue():
    t = _tiny_rfm()
    t.loc[14, "monetary"] = -10.0
    r = rfm_update(t, bins=2, segment="all")
    assert r["revenue"] == 150.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"bins": 3, "segment": "champions"}, "5 score levels"),
        ({"bins": 5, "segment": "nobody"}, "`segment`"),
        ({"bins": 1, "segment": "all"}, "bins"),
    ],
)
def test_rfm_update_rejects_bad_combinations(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        rfm_update(_tiny_rfm(), **kwargs)


# ------------------------------------------------------------------ rfm_update on the course data


def test_rfm_update_agrees_with_the_analytics(rfm_table):
    segments = value.rfm_segments(value.rfm_scores(rfm_table))
    r = rfm_update(rfm_table, bins=5, segment="cannot_lose")
    expected = segments[segments["segment"] == "cannot_lose"]
    assert r["customers"] == len(expected)
    assert set(r["members"].index) == set(expected.index)
    assert r["sizes"]["customers"].to_dict() == segments["segment"].value_counts().to_dict()
    assert r["sizes"]["customers"].sum() == len(rfm_table)
    assert r["sizes"]["revenue_share"].sum() == pytest.approx(1.0)
    assert r["members"]["monetary"].is_monotonic_decreasing
    assert len(r["table"]) == min(15, len(expected))
    # champions are the most valuable large segment
    sizes = r["sizes"]
    assert sizes.loc["champions", "revenue_share"] > 0.4


# ------------------------------------------------------------------ abc_update


def test_abc_update_hand_worked():
    v = pd.Series([500.0, 300.0, 100.0, 80.0, 20.0], index=pd.Index([1, 2, 3, 4, 5], name="customer_id"))
    r = abc_update(v, vip=20, major=20, ordinary=20)
    assert r["tiers"] == {"vip": 0.2, "major": 0.2, "ordinary": 0.2, "small": 0.4}
    assert r["abc"]["tier"].tolist() == ["vip", "major", "ordinary", "small", "small"]
    assert r["pyramid"]["revenue_share"].tolist() == pytest.approx([0.5, 0.3, 0.1, 0.1])
    assert r["key_share"] == pytest.approx(0.8)
    assert "80.0%" in r["summary"]


def test_abc_update_agrees_with_the_analytics(rfm_table, orders):
    spend = rfm_table["monetary"].clip(lower=0)
    r = abc_update(spend)  # the course's 1 / 4 / 15 / 80
    expected = value.abc_summary(value.abc(orders, returned="returned"))
    pd.testing.assert_frame_equal(r["pyramid"], expected)
    assert r["pyramid"].loc["ordinary", "cum_revenue_share"] == pytest.approx(
        value.top_share(orders, 0.2, returned="returned")
    )


@pytest.mark.parametrize(
    "cuts, message",
    [((50, 30, 20), "below 100"), ((60, 30, 20), "below 100"), ((0, 4, 15), "more than 0"), ((1, -4, 15), "more than 0")],
)
def test_abc_update_rejects_bad_cut_offs(cuts, message):
    v = pd.Series([3.0, 2.0, 1.0])
    with pytest.raises(ParameterError, match=message):
        abc_update(v, *cuts)


# ------------------------------------------------------------------ wiring


def test_rfm_explorer_controls_drive_the_result(orders):
    view = rfm_explorer(orders)
    first = view.result
    assert first["customers"] == (first["scores"]["segment"] == "champions").sum()
    view.controls["segment"].value = "lost"
    assert set(view.result["members"].index) == set(first["scores"].index[first["scores"]["segment"] == "lost"])
    assert "lost" in view.summary.value
    assert "<table" in view.table.value
    view.controls["segment"].value = "all"
    assert view.result["customers"] == len(first["scores"])
    view.controls["bins"].value = 3
    assert view.result["scores"]["r_score"].max() == 3
    assert view.result["sizes"].index.name == "rfm_score"
    assert view.error.value == ""


def test_rfm_explorer_other_levels_switch_to_all_customers(orders):
    view = rfm_explorer(orders)
    view.controls["bins"].value = 4  # named segments need 5 levels: the view falls back to all customers
    assert view.controls["segment"].value == "all"
    assert view.error.value == "" and view.result["scores"]["r_score"].max() == 4


def test_rfm_explorer_bad_combination_shows_an_error(orders):
    view = rfm_explorer(orders)
    view.controls["bins"].value = 4
    view.controls["segment"].value = "champions"  # champions need 5 levels
    assert "5 score levels" in view.error.value
    assert view.result["scores"]["r_score"].max() == 4  # the last good view stays
    view.controls["bins"].value = 5
    assert view.error.value == "" and view.result["scores"]["r_score"].max() == 5


def test_abc_explorer_controls_drive_the_result(orders):
    view = abc_explorer(orders)
    assert view.result["tiers"]["small"] == pytest.approx(0.8)
    key = view.result["key_share"]
    view.controls["vip"].value = 2.0
    assert view.result["tiers"]["vip"] == pytest.approx(0.02)
    assert view.result["key_share"] > key
    view.controls["major"].value = 10.0
    view.controls["ordinary"].value = 30.0
    assert view.result["tiers"]["small"] == pytest.approx(0.58)
    assert view.error.value == ""
    assert "<table" in view.table.value


def test_abc_explorer_bad_combination_shows_an_error(orders):
    view = abc_explorer(orders)
    view.controls["ordinary"].value = 60.0
    view.controls["major"].value = 30.0
    view.controls["vip"].value = 10.0  # 100 %: no small customers left
    assert "below 100" in view.error.value
    assert view.result["tiers"]["vip"] == pytest.approx(0.01)  # the last good view stays
    view.controls["vip"].value = 5.0
    assert view.error.value == ""


def test_explorers_are_discovered():
    from crmlab.widgets import lesson_explorers

    assert set(lesson_explorers()["02"]) >= {"rfm_explorer", "abc_explorer"}


# ------------------------------------------------------------------ speed (reported, not asserted)


def test_update_speed(rfm_table):
    spend = rfm_table["monetary"].clip(lower=0)
    rfm_times, abc_times = [], []
    moves = [(b, "all") for b in range(2, 11)] + [(5, s) for s in value.DEFAULT_SEGMENT_MAP]
    for bins, segment in moves:
        start = time.perf_counter()
        rfm_update(rfm_table, bins=bins, segment=segment)
        rfm_times.append(time.perf_counter() - start)
    for k in range(20):
        start = time.perf_counter()
        abc_update(spend, vip=0.5 + 0.5 * (k % 10), major=4.0 + k, ordinary=15.0)
        abc_times.append(time.perf_counter() - start)
    print(
        f"\nrfm_update p95 {np.percentile(rfm_times, 95) * 1000:.1f} ms over {len(rfm_times)} moves; "
        f"abc_update p95 {np.percentile(abc_times, 95) * 1000:.1f} ms over {len(abc_times)} moves"
    )
