"""Tests of crmlab.loyalty: hand-worked examples, recomputation, truth recovery, bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab import loyalty as L
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from tests.conftest import SEEDS, company


@pytest.fixture(scope="module")
def co():
    return company(0)


def _orders(rows):
    """Orders from (customer, 'YYYY-MM-DD', amount) tuples."""
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])


# --------------------------------------------------------------------------- loyalty_measures


def test_loyalty_measures_hand_worked():
    o = _orders([(1, "2024-01-01", 5.0), (1, "2024-01-01", 5.0), (1, "2024-03-01", 5.0), (2, "2024-02-01", 5.0), (3, "2024-02-01", 5.0)])
    s = pd.DataFrame(
        {
            "customer_id": [1, 2, 2, 4],
            "survey_date": ["2024-05-01", "2024-01-01", "2024-06-01", "2024-06-01"],
            "choice_minutes": [5.0, 99.0, 30.0, 1.0],
            "price_sensitivity": [2, 1, 8, 1],
            "competitor_attitude": [3, 1, 9, 1],
            "defect_tolerance": [8, 10, 2, 10],
        }
    )
    m = L.loyalty_measures(o, s)
    assert m.index.tolist() == [1, 2, 3]  # respondent 4 has no order
    assert m["orders"].tolist() == [3, 1, 1]
    assert m["purchase_days"].tolist() == [2, 1, 1]  # two orders on 1 Jan are one purchase
    assert m["repeat_purchases"].tolist() == [1, 0, 0]
    assert m.loc[2, "choice_minutes"] == 30.0  # the latest response of customer 2
    assert np.isnan(m.loc[3, "price_sensitivity"]) and np.isnan(m.loc[3, "loyalty_index"])
    # two complete customers, each measure takes z = ±1 (population sd), all favour customer 1
    assert m.loc[1, "loyalty_index"] == pytest.approx(1.0)
    assert m.loc[2, "loyalty_index"] == pytest.approx(-1.0)


def test_loyalty_index_constant_measure_contributes_zero():
    o = _orders([(1, "2024-01-01", 1.0), (2, "2024-01-01", 1.0)])
    s = pd.DataFrame({"customer_id": [1, 2], "choice_minutes": [5.0, 5.0], "price_sensitivity": [3, 7],
                      "competitor_attitude": [4, 4], "defect_tolerance": [6, 6]})
    m = L.loyalty_measures(o, s)
    assert m["loyalty_index"].tolist() == pytest.approx([0.2, -0.2])  # only price sensitivity differs


def test_loyalty_measures_recomputed_and_truth(co):
    m = L.loyalty_measures(co.orders, co.surveys)
    kept = co.orders[~co.orders["returned"]]  # the purchases: a returned order is none
    days = kept.groupby("customer_id")["order_date"].nunique()
    assert m.index.isin(days.index).all()
    assert (m["repeat_purchases"] == days.loc[m.index] - 1).all()
    complete = m["loyalty_index"].dropna()
    assert complete.mean() == pytest.approx(0, abs=1e-9)
    # independent recomputation of the index
    c = m.loc[complete.index]
    z = lambda x: (x - x.mean()) / x.std(ddof=0)  # noqa: E731
    manual = (
        z(np.log1p(c["repeat_purchases"])) - z(np.log1p(c["choice_minutes"])) - z(c["price_sensitivity"])
        - z(c["competitor_attitude"]) + z(c["defect_tolerance"])
    ) / 5
    assert np.allclose(manual, complete)
    truth = co.truth_customers.set_index("customer_id")
    joined = pd.concat([complete, truth["loyalty"], truth["churned"]], axis=1, join="inner")
    assert joined.corr(method="spearman").loc["loyalty_index", "loyalty"] > 0.55
    q = pd.qcut(joined["loyalty_index"], 4, labels=False)
    churn = joined.groupby(q)["churned"].mean()
    assert churn[3] < churn[0] - 0.1  # the most loyal quarter churns markedly less


def test_loyalty_measures_errors():
    o = _orders([(1, "2024-01-01", 1.0)])
    s = pd.DataFrame({"customer_id": [1], "choice_minutes": [5.0], "price_sensitivity": [3],
                      "competitor_attitude": [4], "defect_tolerance": [6]})
    with pytest.raises(ColumnError, match="choice_minutes"):
        L.loyalty_measures(o, s.assign(choice_minutes=-1.0))
    with pytest.raises(ColumnError, match="price_sensitivity"):
        L.loyalty_measures(o, s.assign(price_sensitivity=11))
    with pytest.raises(ColumnError, match="defect_tolerance"):
        L.loyalty_measures(o, s.drop(columns="defect_tolerance"))
    with pytest.raises(ColumnError, match="customer_id"):
        L.loyalty_measures(o, s.assign(customer_id=["x"]).pipe(lambda f: pd.concat([f, s])))
    with pytest.raises(ParameterTypeError, match="orders"):
        L.loyalty_measures("orders.csv", s)
    with pytest.raises(ParameterError, match="as_of"):
        L.loyalty_measures(o, s, as_of="2020-01-01")


# --------------------------------------------------------------------------- loyalty matrix


def test_loyalty_matrix_hand_worked():
    s = pd.DataFrame({"product_satisfaction": [9, 8, 3, 7, np.nan], "service_satisfaction": [9, 8, 9, 2, 9]})
    out = L.loyalty_matrix(s)
    assert out.index.tolist() == ["loyal", "hopeful", "easily_poached", "destructive"]
    assert out["n"].tolist() == [2, 1, 0, 1]
    assert out["share"].tolist() == pytest.approx([0.5, 0.25, 0, 0.25])
    cells = L.loyalty_matrix_cells(s)
    assert cells["cell"].astype(str).tolist()[:4] == ["loyal", "loyal", "hopeful", "destructive"]
    assert pd.isna(cells["cell"].iloc[4]) and pd.isna(cells["product_satisfied"].iloc[4])
    low = L.loyalty_matrix(s, threshold=3)
    assert low["n"].tolist() == [3, 0, 1, 0]
    assert out.loc["hopeful", "service_satisfied"] and not out.loc["hopeful", "product_satisfied"]


def test_loyalty_matrix_recomputed_and_truth(co):
    s = co.surveys
    out = L.loyalty_matrix(s)
    p, v = s["product_satisfaction"] >= 8, s["service_satisfaction"] >= 8
    assert out.loc["loyal", "n"] == (p & v).sum()
    assert out.loc["destructive", "n"] == (~p & ~v).sum()
    assert out.loc["hopeful", "n"] == (~p & v).sum()
    assert out["share"].sum() == pytest.approx(1)
    churned = s["customer_id"].map(co.truth_customers.set_index("customer_id")["churned"])
    cells = L.loyalty_matrix_cells(s)["cell"]
    rate = churned.groupby(cells, observed=True).mean()
    assert rate["loyal"] < rate["destructive"] - 0.1


def test_loyalty_matrix_errors():
    s = pd.DataFrame({"product_satisfaction": [9], "service_satisfaction": [9]})
    with pytest.raises(ParameterError, match="threshold"):
        L.loyalty_matrix(s, threshold=11)
    with pytest.raises(ParameterTypeError, match="threshold"):
        L.loyalty_matrix(s, threshold="high")
    with pytest.raises(ColumnError, match="service_satisfaction"):
        L.loyalty_matrix(s.drop(columns="service_satisfaction"))
    with pytest.raises(ParameterTypeError, match="product"):
        L.loyalty_matrix(s, product=3)


# --------------------------------------------------------------------------- Dick & Basu


def test_dick_basu_hand_worked():
    out = L.dick_basu([9, 8, 2, 1], [10, 0, 12, 1], attitude_threshold=5, patronage_threshold=5)
    assert out["loyalty"].astype(str).tolist() == ["true", "latent", "spurious", "none"]
    # default medians: attitude median 5, patronage median 5.5; equal to the median = low
    med = L.dick_basu([5, 9, 1, 5], [6, 6, 5, 5])
    assert med["attitude_threshold"].iloc[0] == 5 and med["patronage_threshold"].iloc[0] == 5.5
    assert med["loyalty"].astype(str).tolist() == ["spurious", "true", "none", "none"]
    idx = L.dick_basu(pd.Series([9, np.nan], index=["a", "b"]), [1, 1], attitude_threshold=5, patronage_threshold=0)
    assert idx.index.tolist() == ["a", "b"]
    assert idx.loc["a", "loyalty"] == "true" and pd.isna(idx.loc["b", "loyalty"])


def test_relative_attitude_and_wrapper():
    s = pd.DataFrame({"customer_id": [1, 2, 3], "repurchase_intention": [9, 2, 6], "competitor_attitude": [2, 9, 5]})
    assert L.relative_attitude(s).tolist() == [9.0, 2.0, 6.0]
    o = _orders([(1, "2024-01-01", 1.0), (1, "2024-02-01", 1.0), (1, "2024-03-01", 1.0), (2, "2024-01-01", 1.0),
                 (3, "2024-01-01", 1.0), (3, "2024-01-02", 1.0)])
    out = L.dick_basu_from_data(s, o)
    # attitude median 6 -> only customer 1 high; patronage (repeats 2, 0, 1) median 1 -> only 1 high
    assert out["loyalty"].astype(str).tolist() == ["true", "none", "none"]


@pytest.mark.parametrize("seed", SEEDS)
def test_dick_basu_truth(seed):
    """Truth: high relative attitude goes with truly higher latent loyalty and less churn."""
    d = company(seed)
    out = L.dick_basu_from_data(d.surveys, d.orders)
    counts = out["loyalty"].value_counts()
    assert counts.sum() == len(out) and (counts > 0).all()
    truth = d.truth_customers.set_index("customer_id").loc[out.index]
    loyal = truth["loyalty"].groupby(out["loyalty"], observed=True).mean()
    assert loyal["true"] > 2 * loyal["none"]
    churn = truth["churned"].groupby(out["loyalty"], observed=True).mean()
    assert churn["true"] < churn["none"] - 0.1


def test_dick_basu_errors():
    with pytest.raises(ParameterError, match="same length"):
        L.dick_basu([1, 2], [1])
    with pytest.raises(ColumnError, match="relative_attitude"):
        L.dick_basu(["high", 2], [1, 2])
    with pytest.raises(ParameterTypeError, match="repeat_patronage"):
        L.dick_basu([1, 2], 3)
    with pytest.raises(ParameterError, match="attitude_threshold"):
        L.dick_basu([np.nan], [1])
    with pytest.raises(ParameterError, match="share no customer"):
        L.dick_basu_from_data(
            pd.DataFrame({"customer_id": [9], "repurchase_intention": [5], "competitor_attitude": [5]}),
            _orders([(1, "2024-01-01", 1.0)]),
        )


# --------------------------------------------------------------------------- loyalty types


def test_loyalty_types_hand_worked():
    s = pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 4, 5, 6],
            "repurchase_intention": [9, 2, 2, 2, 2, 9],
            "competitor_attitude": [2, 9, 5, 9, 5, 2],
            "price_sensitivity": [3, 3, 9, 3, 3, 3],
        }
    )
    o = _orders([(c, d, 1.0) for c in (1, 3, 4, 5) for d in ("2024-01-01", "2024-02-01")] + [(2, "2024-01-01", 1.0), (6, "2024-01-01", 1.0)])
    out = L.loyalty_types(o, s, attachment_threshold=5, repeat_threshold=0)
    # attachments 9, 2, 4, 2, 4, 9; repeats 1, 0, 1, 1, 1, 0
    assert out["attachment"].tolist() == [9, 2, 4, 2, 4, 9]
    assert out["loyalty_type"].astype(str).tolist() == ["super_value", "price", "incentive", "monopoly", "inertia", "unclassified"]


def test_loyalty_types_partition_and_truth(co):
    out = L.loyalty_types(co.orders, co.surveys)
    assert out["loyalty_type"].notna().all()
    assert set(out["loyalty_type"].astype(str)) == set(L.LOYALTY_TYPES)
    # every respondent in exactly one type, consistent with the two splits
    sv = out["loyalty_type"] == "super_value"
    assert (sv == (out["attachment_high"] & out["repeat_high"])).all()
    low_high = ~out["attachment_high"] & out["repeat_high"]
    assert (out.loc[low_high, "loyalty_type"].isin(["monopoly", "inertia", "incentive"])).all()
    assert (out.loc[out["loyalty_type"] == "incentive", "price_sensitivity"] >= 7).all()
    truth = co.truth_customers.set_index("customer_id").loc[out.index]
    churn = truth["churned"].groupby(out["loyalty_type"], observed=True).mean()
    assert churn["super_value"] < churn["price"] - 0.1
    persona = truth["persona"]
    # incentive loyalty is mostly the price-driven (economic) persona
    assert (persona[out["loyalty_type"] == "incentive"] == "economic").mean() > 0.5


def test_loyalty_types_errors():
    s = pd.DataFrame({"customer_id": [1], "repurchase_intention": [5], "competitor_attitude": [5], "price_sensitivity": [5]})
    o = _orders([(1, "2024-01-01", 1.0)])
    with pytest.raises(ParameterError, match="price_threshold"):
        L.loyalty_types(o, s, price_threshold=0)
    with pytest.raises(ColumnError, match="price_sensitivity"):
        L.loyalty_types(o, s.drop(columns="price_sensitivity"))


# --------------------------------------------------------------------------- satisfaction trap


def test_curve_hand_worked():
    s = pd.DataFrame({"satisfaction_overall": [7, 7, 9, np.nan], "repurchase_intention": [4, 6, 9, 1]})
    c = L.satisfaction_loyalty_curve(s)
    assert c.index.tolist() == [7.0, 9.0]
    assert c["n"].tolist() == [2, 1]
    assert c["mean_loyalty"].tolist() == [5.0, 9.0]
    # t(0.975, 1) = 12.706: 5 ± 12.706 × 1.414 / √2
    assert c.loc[7.0, "ci_high"] == pytest.approx(5 + 12.7062047)
    assert np.isnan(c.loc[9.0, "ci_low"])


def test_trap_hand_worked():
    s = pd.DataFrame({"satisfaction_overall": [4, 5, 6, 7, 8, 9, 10, 8], "repurchase_intention": [3, 3, 3, 3, 5, 7, 9, 5]})
    t = L.satisfaction_trap(s)
    assert t.loc["middle", "slope"] == pytest.approx(0)
    assert t.loc["top", "slope"] == pytest.approx(2)
    assert t.loc["top_minus_middle", "slope"] == pytest.approx(2)
    assert t.loc["top", "n"] == 4 and t.loc["middle", "n"] == 4
    narrow = L.satisfaction_trap(s, middle=(4, 5), top=(9, 10))
    assert narrow.loc["top", "slope"] == pytest.approx(2)


def test_observed_loyalty_from_orders():
    s = pd.DataFrame({"customer_id": [1, 2, 3], "satisfaction_overall": [9, 9, 5]})
    o = _orders([(1, "2024-01-01", 1.0), (1, "2024-02-01", 1.0), (2, "2024-01-01", 1.0), (3, "2024-01-01", 1.0)])
    c = L.satisfaction_loyalty_curve(s, loyalty="repeat_purchaser", orders=o)
    assert c["mean_loyalty"].tolist() == [0.0, 0.5]
    r = L.satisfaction_loyalty_curve(s, loyalty="repeat_purchases", orders=o)
    assert r.loc[9.0, "mean_loyalty"] == 0.5


@pytest.mark.parametrize("seed", SEEDS)
def test_satisfaction_trap_on_simulated_data(seed):
    """Truth: loyalty is a steep logistic of satisfaction: flat in the middle, steep at the top."""
    d = company(seed)
    t = L.satisfaction_trap(d.surveys)
    assert t.loc["top", "slope"] > 2 * t.loc["middle", "slope"]
    assert t.loc["top_minus_middle", "ci_low"] > 0.3
    # independent recomputation of the middle slope with numpy
    s = d.surveys[(d.surveys["satisfaction_overall"] >= 4) & (d.surveys["satisfaction_overall"] <= 7)]
    slope = np.polyfit(s["satisfaction_overall"], s["repurchase_intention"], 1)[0]
    assert t.loc["middle", "slope"] == pytest.approx(slope)
    # the observed repeat buying bends the same way
    obs = L.satisfaction_trap(d.surveys, loyalty="repeat_purchases", orders=d.orders)
    assert obs.loc["top", "slope"] > obs.loc["middle", "slope"]


def test_curve_recomputed(co):
    c = L.satisfaction_loyalty_curve(co.surveys)
    g = co.surveys.groupby("satisfaction_overall")["repurchase_intention"]
    assert c["n"].sum() == len(co.surveys)
    assert np.allclose(c["mean_loyalty"], g.mean())
    ok = c["n"] >= 2
    assert ((c.loc[ok, "ci_low"] <= c.loc[ok, "mean_loyalty"]) & (c.loc[ok, "mean_loyalty"] <= c.loc[ok, "ci_high"])).all()


def test_trap_errors():
    s = pd.DataFrame({"satisfaction_overall": [5, 9], "repurchase_intention": [3, 9]})
    with pytest.raises(ParameterError, match="overlap"):
        L.satisfaction_trap(s, middle=(4, 8), top=(8, 10))
    with pytest.raises(ParameterError, match="middle"):
        L.satisfaction_trap(s, middle=(7, 4))
    with pytest.raises(ParameterTypeError, match="top"):
        L.satisfaction_trap(s, top=8)
    with pytest.raises(ParameterError, match="confidence"):
        L.satisfaction_loyalty_curve(s, confidence=95)
    with pytest.raises(ParameterError, match="orders"):
        L.satisfaction_loyalty_curve(s, loyalty="repeat_purchases")
    with pytest.raises(ParameterError, match="loyalty"):
        L.satisfaction_loyalty_curve(s, orders=_orders([(1, "2024-01-01", 1.0)]))
    with pytest.raises(ColumnError, match="satisfaction_overall"):
        L.satisfaction_loyalty_curve(s.assign(satisfaction_overall=[0, 5]))
    t = L.satisfaction_trap(s)  # one respondent per band: no slope, no crash
    assert t["slope"].isna().all()


# --------------------------------------------------------------------------- points programme


def test_points_programme_hand_worked():
    o = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 2, 3],
            "order_date": ["2024-01-01", "2024-02-01", "2024-03-01", "2024-01-01", "2024-01-01"],
            "amount": [600.99, 450.0, 700.0, 80.0, 2000.0],
            "returned": [False, False, True, False, False],
        }
    )
    p = L.points_programme(o)
    # customer 1: 600 + 450 points (the returned order earns none) -> 1,050: rewards 500 and 1,000
    assert p.loc[1, "points"] == 1050 and p.loc[1, "spend"] == pytest.approx(1050.99)
    assert (p.loc[1, "reward_500"], p.loc[1, "reward_1000"], p.loc[1, "reward_1500"]) == (1, 1, 0)
    assert p.loc[1, "reward_cost"] == 30.0 and p.loc[1, "highest_reward"] == 1000
    assert p.loc[2, "rewards"] == 0 and p.loc[2, "highest_reward"] == 0
    assert p.loc[3, "rewards"] == 3 and p.loc[3, "reward_cost"] == 60.0
    cyc = L.points_programme(o, cycle=True)
    # 2,000 points: 500, 1,000, 1,500, then 2,000 = 1,500 + 500 again
    assert cyc.loc[3, "reward_500"] == 2 and cyc.loc[3, "rewards"] == 4
    double = L.points_programme(o, points_per_unit=2, rewards=[1000], reward_costs=[5], returned=None)
    assert double.loc[1, "points"] == 1201 + 900 + 1400 and double.loc[1, "reward_cost"] == 5
    summary = L.points_summary(p)
    assert summary.loc["500", "customers"] == 2 and summary.loc["500", "share"] == pytest.approx(2 / 3)
    assert summary.loc["total", "cost"] == 90.0
    assert summary.loc["total", "cost_share_of_spend"] == pytest.approx(90 / p["spend"].sum())
    later = L.points_programme(o, start="2024-02-01")
    assert later.index.tolist() == [1]


def test_points_programme_recomputed(co):
    o = co.orders
    p = L.points_programme(o)
    earning = o[~o["returned"]]
    points = np.floor(earning["amount"]).groupby(earning["customer_id"]).sum()
    assert np.allclose(p["points"], points.reindex(p.index, fill_value=0))
    assert (p["reward_500"] >= p["reward_1000"]).all() and (p["reward_1000"] >= p["reward_1500"]).all()
    assert (p["reward_500"] == (p["points"] >= 500)).all()
    assert p["reward_cost"].sum() == pytest.approx(10 * p["reward_500"].sum() + 20 * p["reward_1000"].sum() + 30 * p["reward_1500"].sum())


def test_points_errors():
    o = _orders([(1, "2024-01-01", 10.0)])
    with pytest.raises(ParameterError, match="rewards"):
        L.points_programme(o, rewards=[1000, 500], returned=None)
    with pytest.raises(ParameterError, match=r"^`reward_costs` must give one cost per reward \(3\), but 2 were passed"):
        L.points_programme(o, reward_costs=[1, 2], returned=None)
    # only `rewards` changed: the message names it (the user did not pass `reward_costs`)
    with pytest.raises(ParameterError, match=r"^`rewards` has 2 milestones, but the default `reward_costs` has one cost"):
        L.points_programme(o, rewards=[100, 200], returned=None)
    with pytest.raises(ParameterError, match="points_per_unit"):
        L.points_programme(o, points_per_unit=0, returned=None)
    with pytest.raises(ParameterTypeError, match="cycle"):
        L.points_programme(o, cycle="yes", returned=None)
    with pytest.raises(ColumnError, match="'flag'"):  # a returned column named by the user must exist
        L.points_programme(o, returned="flag")
    # the default returned column is used only when the log has one
    assert L.points_programme(o)["points"].tolist() == L.points_programme(o, returned=None)["points"].tolist() == [10]
    with pytest.raises(ParameterError, match="start"):
        L.points_programme(o, returned=None, start="2030-01-01")
    with pytest.raises(ColumnError, match="reward_cost"):
        L.points_summary(pd.DataFrame({"x": [1]}))


# --------------------------------------------------------------------------- plots


def test_plots_draw_and_return_axes(co):
    import crmlab.plots as P

    s, o = co.surveys, co.orders
    fig, axes = plt.subplots(1, 3)
    assert P.plot_loyalty_matrix(L.loyalty_matrix(s), ax=axes[0]) is axes[0]
    assert len(axes[0].texts) == 4
    curve = L.satisfaction_loyalty_curve(s)
    assert P.plot_satisfaction_loyalty(curve, L.satisfaction_trap(s), ax=axes[1]) is axes[1]
    assert P.plot_dick_basu(L.dick_basu_from_data(s, o), ax=axes[2]) is axes[2]
    for ax in axes:
        assert ax.get_title()
    legend = [t.get_text() for t in axes[2].get_legend().get_texts()]
    assert any(t.startswith("True loyalty") for t in legend)
    plt.close(fig)
    ax = P.plot_dick_basu(L.dick_basu([1, 2], [3, 4]))
    plt.close(ax.figure)
    with pytest.raises(ColumnError, match="mean_loyalty"):
        P.plot_satisfaction_loyalty(pd.DataFrame({"x": [1]}))


def test_a_constant_measure_contributes_nothing_even_with_rounding():
    """Three customers with six purchase days each: log1p(5) three times has a computed sd of
    2e-16, not 0. Such a measure carries no information and must add nothing: with every
    survey answer the same too, every index is exactly 0."""
    days = pd.date_range("2024-01-01", periods=6, freq="D")
    orders = pd.DataFrame(
        {"customer_id": np.repeat([1, 2, 3], 6), "order_date": np.tile(days, 3), "amount": 1.0}
    )
    surveys = pd.DataFrame(
        {
            "customer_id": [1, 2, 3],
            "choice_minutes": [0.0] * 3,
            "price_sensitivity": [1] * 3,
            "competitor_attitude": [1] * 3,
            "defect_tolerance": [1] * 3,
        }
    )
    m = L.loyalty_measures(orders, surveys)
    assert m["repeat_purchases"].tolist() == [5, 5, 5]
    assert m["loyalty_index"].tolist() == [0.0, 0.0, 0.0]
