"""Value concentration: Pareto curve, Gini, top shares, ABC tiers — hand-worked and recomputed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.value import abc, abc_summary, gini, pareto, top_share, top_vs_next
from tests.conftest import company


def _values(*v):
    return pd.Series(v, index=pd.Index(range(1, len(v) + 1), name="customer_id"), dtype=float)


# ---------------------------------------------------------------- pareto, gini, top share


def test_pareto_hand_worked():
    p = pareto(_values(10, 60, 30))
    assert p["customer_id"].tolist() == [2, 3, 1]
    assert p["rank"].tolist() == [1, 2, 3]
    np.testing.assert_allclose(p["revenue_share"], [0.6, 0.3, 0.1])
    np.testing.assert_allclose(p["cum_customer_share"], [1 / 3, 2 / 3, 1])
    np.testing.assert_allclose(p["cum_revenue_share"], [0.6, 0.9, 1.0])


def test_pareto_ties_in_id_order():
    p = pareto(pd.Series([5.0, 9.0, 5.0], index=["c", "a", "b"]))
    assert p["customer_id"].tolist() == ["a", "b", "c"]


def test_pareto_from_orders_uses_net_spend():
    orders = pd.DataFrame(
        {
            "customer_id": [1, 1, 2, 3],
            "order_date": ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"],
            "amount": [50.0, -60.0, 30.0, 0.0],
        }
    )
    p = pareto(orders)
    # customer 1 net −10 counts as 0; customer 3 never bought: left out
    assert p["customer_id"].tolist() == [2, 1] and p["value"].tolist() == [30.0, 0.0]


def test_gini_hand_worked():
    assert gini(_values(0, 0, 0, 4)) == pytest.approx(0.75)
    assert gini(_values(1, 2, 3, 4)) == pytest.approx(0.25)  # Σ|xi − xj| / (2 n² mean) = 20 / 80
    assert gini(_values(7, 7, 7)) == pytest.approx(0.0)


def test_top_share_hand_worked():
    assert top_share(_values(50, 20, 10, 10, 10)) == pytest.approx(0.5)
    assert top_share(_values(50, 20, 10, 10, 10), share=0.4) == pytest.approx(0.7)
    assert top_share(_values(50, 20, 10, 10, 10), share=1) == pytest.approx(1.0)
    # ceil(0.07 × 100) is 7, not 8 (0.07 × 100 = 7.000000000000001 in floating point)
    v = _values(*range(1, 101))
    assert top_share(v, share=0.07) == pytest.approx(sum(range(94, 101)) / 5050)
    # a tiny share still takes one customer
    assert top_share(v, share=0.001) == pytest.approx(100 / 5050)


def test_top_vs_next_hand_worked():
    assert top_vs_next(_values(100, 80, 30, 20, 5), top=2) == pytest.approx(3.6)
    assert top_vs_next(_values(100, 80, 30, 20, 5), top=1, next=4) == pytest.approx(100 / 33.75)
    assert top_vs_next(_values(9, 0, 0), top=1) == math.inf


def test_concentration_recomputed_on_simulated_data():
    orders = company(1).orders
    kept = orders[~orders["returned"]]  # a returned order is no purchase and adds nothing
    spend = kept.groupby("customer_id")["amount"].sum().sort_values(ascending=False, kind="stable")
    p = pareto(orders)
    np.testing.assert_allclose(p["value"], spend.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(p["cum_revenue_share"], spend.cumsum() / spend.sum(), rtol=1e-9)
    assert p["cum_revenue_share"].iloc[-1] == 1.0 and p["revenue_share"].sum() == pytest.approx(1.0)
    # Gini as 1 − 2 × area under the Lorenz curve (trapezoids)
    lorenz = np.concatenate([[0], np.cumsum(np.sort(spend.to_numpy())) / spend.sum()])
    area = np.sum((lorenz[1:] + lorenz[:-1]) / 2) / len(spend)
    assert gini(orders) == pytest.approx(1 - 2 * area, rel=1e-9)
    k = math.ceil(0.2 * len(spend) - 1e-9)
    assert top_share(orders) == pytest.approx(spend.iloc[:k].sum() / spend.sum(), rel=1e-12)
    assert top_vs_next(orders) == pytest.approx(spend.iloc[:10].mean() / spend.iloc[10:20].mean())


def test_bundled_data_follows_the_80_20_rule():
    orders = crmlab.load("orders")
    assert 0.7 <= top_share(orders) <= 0.8
    assert 0.6 <= gini(orders) <= 0.8


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: top_share(_values(1, 2), share=0), ParameterError, "share"),
        (lambda: top_share(_values(1, 2), share=1.5), ParameterError, "share"),
        (lambda: top_share(_values(1, 2), share="20%"), ParameterTypeError, "share"),
        (lambda: top_vs_next(_values(1, 2, 3), top=2), ParameterError, "top"),
        (lambda: top_vs_next(_values(1, 2, 3), top=0), ParameterError, "top"),
        (lambda: top_vs_next(_values(1, 2, 3), top=1, next=0), ParameterError, "next"),
        (lambda: pareto(_values(1, -2)), ParameterError, "≥ 0"),
        (lambda: pareto(_values(1, np.nan)), ParameterError, "missing"),
        (lambda: pareto(_values(0, 0)), ParameterError, "no positive value"),
        (lambda: pareto(pd.Series(["1", "x"])), ParameterError, "numbers"),
        (lambda: pareto(pd.Series([1.0, 2.0], index=[1, 1])), ParameterError, "more than once"),
        (lambda: pareto(pd.Series([True, False])), ParameterTypeError, "booleans"),
        (lambda: pareto([1, 2, 3]), ParameterTypeError, "data"),
        (lambda: pareto(pd.Series([], dtype=float)), ParameterError, "empty"),
        (lambda: gini(pd.DataFrame({"customer_id": [1]})), ColumnError, "order_date"),
    ],
)
def test_concentration_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---------------------------------------------------------------- ABC


def test_abc_default_tiers_hand_worked():
    v = _values(*range(200, 0, -1))  # customer 1 spends 200, … customer 200 spends 1
    t = abc(v)
    sizes = t["tier"].value_counts().reindex(["vip", "major", "ordinary", "small"]).tolist()
    # ceil(0.01·200)=2, ceil(0.05·200)=10, ceil(0.20·200)=40
    assert sizes == [2, 8, 30, 160]
    assert t.index[:2].tolist() == [1, 2] and t["rank"].tolist() == list(range(1, 201))
    assert t["tier"].cat.ordered and t["tier"].cat.categories.tolist() == ["vip", "major", "ordinary", "small"]


def test_abc_ceil_boundaries_for_uneven_counts():
    t = abc(_values(*range(101, 0, -1)))
    sizes = t["tier"].value_counts().reindex(["vip", "major", "ordinary", "small"]).tolist()
    assert sizes == [2, 4, 15, 80]  # ceil(1.01)=2, ceil(5.05)=6, ceil(20.2)=21


def test_abc_ties_at_a_boundary_go_to_the_higher_tier():
    t = abc(_values(5, 5, 5, 1, 1), {"a": 0.2, "b": 0.4, "c": 0.4})
    # bounds ceil(1)=1, ceil(3)=3; the three 5s tie at rank 1: all in "a"; "b" stays empty
    assert t["tier"].tolist() == ["a", "a", "a", "c", "c"]
    assert t["rank"].tolist() == [1, 1, 1, 4, 4]
    s = abc_summary(t)
    assert s["customers"].tolist() == [3, 0, 2]
    assert np.isnan(s.loc["b", "mean_value"]) and s.loc["b", "revenue"] == 0


def test_abc_summary_hand_worked():
    s = abc_summary(abc(_values(500, 300, 100, 80, 20), {"a": 0.2, "b": 0.4, "c": 0.4}))
    assert s.index.tolist() == ["a", "b", "c"]
    assert s["customers"].tolist() == [1, 2, 2]
    np.testing.assert_allclose(s["revenue_share"], [0.5, 0.4, 0.1])
    np.testing.assert_allclose(s["cum_revenue_share"], [0.5, 0.9, 1.0])
    np.testing.assert_allclose(s["customer_share"], [0.2, 0.4, 0.4])
    np.testing.assert_allclose(s["mean_value"], [500, 200, 50])
    np.testing.assert_allclose(s["min_value"], [500, 100, 20])


def test_abc_recomputed_on_simulated_data():
    orders = company(2).orders
    t = abc(orders)
    kept = orders[~orders["returned"]]  # a returned order is no purchase and adds nothing
    spend = kept.groupby("customer_id")["amount"].sum().round(6)
    n = len(spend)
    rank = spend.rank(method="min", ascending=False).astype(int)
    bounds = [-(-n * k // 100) for k in (1, 5, 20)]  # integer ceil of 1 %, 5 %, 20 % of n
    expect = np.select(
        [rank <= bounds[0], rank <= bounds[1], rank <= bounds[2]], ["vip", "major", "ordinary"], "small"
    )
    expect = pd.Series(expect, index=spend.index)
    assert t["tier"].astype(str).sort_index().equals(expect.sort_index())
    assert (t["rank"].sort_index() == rank.sort_index()).all()
    s = abc_summary(t)
    assert s["customers"].sum() == n and s["revenue_share"].sum() == pytest.approx(1.0)
    assert s["mean_value"].is_monotonic_decreasing


def test_abc_bundled_pyramid():
    s = abc_summary(abc(crmlab.load("orders")))
    assert s.index.tolist() == ["vip", "major", "ordinary", "small"]
    assert s.loc[["vip", "major", "ordinary"], "revenue_share"].sum() == pytest.approx(top_share(crmlab.load("orders")))
    assert s.loc["vip", "revenue_share"] > 10 * s.loc["vip", "customer_share"]


@pytest.mark.parametrize(
    "tiers, error, match",
    [
        ({"a": 0.5, "b": 0.4}, ParameterError, "add up to 1"),
        ({"a": -0.5, "b": 1.5}, ParameterError, r"tiers\['a'\]"),
        ({"a": "half", "b": 0.5}, ParameterTypeError, r"tiers\['a'\]"),
        ([0.5, 0.5], ParameterTypeError, "tiers"),
        ({}, ParameterTypeError, "tiers"),
        ({1: 1.0}, ParameterTypeError, "tier names"),
    ],
)
def test_abc_bad_tiers(tiers, error, match):
    with pytest.raises(error, match=match):
        abc(_values(1, 2, 3), tiers)


def test_abc_summary_bad_input():
    t = abc(_values(1, 2, 3))
    with pytest.raises(ColumnError, match="tier"):
        abc_summary(t.drop(columns="tier"))
    with pytest.raises(ColumnError, match="categorical"):
        abc_summary(t.assign(tier=t["tier"].astype(str)))
    with pytest.raises(ParameterTypeError, match="abc_table"):
        abc_summary(None)
