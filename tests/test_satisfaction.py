"""Tests of crmlab.satisfaction: hand-worked examples, recomputation, truth recovery, bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab import satisfaction as S
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from tests.conftest import company

STEPS = list(S.COMPLAINT_STEPS)


@pytest.fixture(scope="module")
def co():
    return company(0)


# --------------------------------------------------------------------------- disconfirmation


def test_disconfirmation_hand_worked():
    s = pd.DataFrame(
        {
            "survey_id": [10, 11, 12],
            "expect_quality": [8, 5, 4],
            "perform_quality": [6, 5, 6],
            "expect_price": [10, np.nan, 2],
            "perform_price": [9, 7, 2],
        }
    )
    out = S.disconfirmation(s)
    # 10/quality: 6-8=-2, 6/8=.75 dissatisfied; 10/price: -1, .9 dissatisfied;
    # 11/quality: 0, 1 satisfied; 11/price: E missing -> no row; 12/quality: +2, 1.5 delighted;
    # 12/price: 0, 1 satisfied.
    assert out["survey_id"].tolist() == [10, 10, 11, 12, 12]
    assert out["attribute"].astype(str).tolist() == ["quality", "price", "quality", "quality", "price"]
    assert out["gap"].tolist() == [-2.0, -1.0, 0.0, 2.0, 0.0]
    assert out["ratio"].tolist() == pytest.approx([0.75, 0.9, 1.0, 1.5, 1.0])
    assert out["outcome"].astype(str).tolist() == ["dissatisfied", "dissatisfied", "satisfied", "delighted", "satisfied"]


def test_disconfirmation_tolerance_boundary_is_inclusive():
    s = pd.DataFrame({"expect_a": [20.0, 20.0, 20.0], "perform_a": [21.0, 18.9, 22.0]})
    out = S.disconfirmation(s, tolerance=0.05, id=None, scale=(1, 100))
    # 21/20 = 1.05 exactly on the boundary -> satisfied; 18.9/20 = .945 -> dissatisfied; 1.1 -> delighted
    assert out["outcome"].astype(str).tolist() == ["satisfied", "dissatisfied", "delighted"]
    assert out["response"].tolist() == [0, 1, 2]
    wide = S.disconfirmation(s, tolerance=0.1, id=None, scale=(1, 100))
    assert wide["outcome"].astype(str).tolist() == ["satisfied"] * 3


def test_disconfirmation_summary_hand_worked():
    s = pd.DataFrame({"expect_price": [8, 5, 4], "perform_price": [6, 5, 6], "expect_x": [1, 1, 1], "perform_x": [np.nan] * 3})
    out = S.disconfirmation_summary(s)
    row = out.loc["price"]
    assert row["n"] == 3
    assert row["mean_gap"] == pytest.approx(0.0)
    assert row["mean_ratio"] == pytest.approx((0.75 + 1 + 1.5) / 3)
    assert [row["share_delighted"], row["share_satisfied"], row["share_dissatisfied"]] == pytest.approx([1 / 3] * 3)
    assert out.loc["x", "n"] == 0 and np.isnan(out.loc["x", "share_satisfied"])


def test_disconfirmation_summary_recomputed(co):
    s = co.surveys
    out = S.disconfirmation_summary(s)
    assert list(out.index) == ["quality", "service", "delivery", "price", "after_sales"]
    for a in out.index:
        e, p = s[f"expect_{a}"].to_numpy(float), s[f"perform_{a}"].to_numpy(float)
        r = p / e
        assert out.loc[a, "mean_gap"] == pytest.approx((p - e).mean())
        assert out.loc[a, "share_satisfied"] == pytest.approx(np.mean(p == e))  # integers: 5 % band = equality
        assert out.loc[a, "share_delighted"] == pytest.approx(np.mean(r > 1.05))
    shares = out[["share_delighted", "share_satisfied", "share_dissatisfied"]].sum(axis=1)
    assert np.allclose(shares, 1)


def test_experience_gap_drives_satisfaction(co):
    """Truth story: satisfaction = 7.3 + 0.9 Σ w (P − E): the stated gap must predict satisfaction."""
    s = co.surveys
    d = S.disconfirmation(s)
    imp = s.melt(id_vars="survey_id", value_vars=[f"importance_{a}" for a in S.disconfirmation_summary(s).index])
    imp["attribute"] = imp["variable"].str.removeprefix("importance_")
    d = d.assign(attribute=d["attribute"].astype(str)).merge(imp[["survey_id", "attribute", "value"]])
    weighted = (d["gap"] * d["value"]).groupby(d["survey_id"]).sum() / d["value"].groupby(d["survey_id"]).sum()
    sat = s.set_index("survey_id")["satisfaction_overall"].loc[weighted.index]
    assert np.corrcoef(weighted, sat)[0, 1] > 0.45
    # mostly delighted respondents are more satisfied than mostly dissatisfied ones
    share_del = (d["outcome"] == "delighted").groupby(d["survey_id"]).mean()
    assert sat[share_del >= 0.8].mean() > sat[share_del <= 0.2].mean() + 1.0


def test_disconfirmation_errors():
    s = pd.DataFrame({"expect_q": [5], "perform_q": [6]})
    with pytest.raises(ColumnError, match="survey_id"):
        S.disconfirmation(s)
    with pytest.raises(ParameterError, match="tolerance"):
        S.disconfirmation(s, id=None, tolerance=-0.1)
    with pytest.raises(ParameterError, match="tolerance"):
        S.disconfirmation(s, id=None, tolerance=1.5)
    with pytest.raises(ParameterTypeError, match="tolerance"):
        S.disconfirmation(s, id=None, tolerance="5%")
    with pytest.raises(ColumnError, match="expect_z"):
        S.disconfirmation(s, ["z"], id=None)
    with pytest.raises(ColumnError, match="no attribute columns"):
        S.disconfirmation(pd.DataFrame({"a": [1]}), id=None)
    with pytest.raises(ColumnError, match="expect_q"):
        S.disconfirmation(pd.DataFrame({"expect_q": [11], "perform_q": [6]}), id=None)
    with pytest.raises(ColumnError, match="expect_q"):
        S.disconfirmation(pd.DataFrame({"expect_q": ["high"], "perform_q": [6]}), id=None)
    with pytest.raises(ParameterError, match="scale"):
        S.disconfirmation(s, id=None, scale=(0, 10))
    with pytest.raises(ParameterTypeError, match="surveys"):
        S.disconfirmation([1, 2])
    with pytest.raises(ParameterError, match="surveys"):
        S.disconfirmation(s.iloc[:0], id=None)


# --------------------------------------------------------------------------- ACSI


def test_acsi_hand_worked():
    s = pd.DataFrame({"a": [10, 1], "b": [7, 4], "g": ["x", "y"]})
    # respondent 1: (9/9 + 6/9)/2*100 = 83.33; respondent 2: (0 + 3/9)/2*100 = 16.67
    assert S.acsi_scores(s, items=["a", "b"]).tolist() == pytest.approx([83.3333333, 16.6666667])
    # means a=5.5, b=5.5 -> .75*(4.5/9) + .25*(4.5/9) = .5 -> 50
    out = S.acsi_index(s, items=["a", "b"], weights=[0.75, 0.25])
    assert out.loc["all", "acsi"] == pytest.approx(50.0)
    assert out.loc["all", "n"] == 2
    by = S.acsi_index(s, items=["a", "b"], weights={"a": 0.5, "b": 0.5}, by="g")
    assert by["acsi"].tolist() == pytest.approx([83.3333333, 16.6666667])


def test_acsi_missing_items():
    s = pd.DataFrame({"a": [10, 1, np.nan], "b": [10, 1, 10]})
    scores = S.acsi_scores(s, items=["a", "b"])
    assert np.isnan(scores.iloc[2])
    # index uses item means over answers: a = 5.5, b = 7 -> ((4.5 + 6)/9)/2*100
    assert S.acsi_index(s, items=["a", "b"])["acsi"].iloc[0] == pytest.approx((4.5 + 6) / 9 / 2 * 100)


def test_acsi_recomputed_and_truth(co):
    s = co.surveys
    items = list(S.ACSI_ITEMS)
    expected = np.mean([(s[i].mean() - 1) / 9 * 100 for i in items])
    out = S.acsi_index(s)
    assert out["acsi"].iloc[0] == pytest.approx(expected)
    assert S.acsi_scores(s).mean() == pytest.approx(expected)  # complete answers: the two agree
    by = S.acsi_index(s, by="method")
    assert by["n"].sum() == len(s)
    assert ((by["acsi"] >= 0) & (by["acsi"] <= 100)).all()
    truth = s["customer_id"].map(co.truth_customers.set_index("customer_id")["satisfaction"])
    assert np.corrcoef(S.acsi_scores(s), truth)[0, 1] > 0.8


def test_acsi_errors():
    s = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    with pytest.raises(ParameterError, match="weights"):
        S.acsi_index(s, items=["a", "b"], weights=[0.6, 0.6])
    with pytest.raises(ParameterError, match="weights"):
        S.acsi_index(s, items=["a", "b"], weights=[1.5, -0.5])
    with pytest.raises(ParameterError, match="weights"):
        S.acsi_index(s, items=["a", "b"], weights=[1.0])
    with pytest.raises(ParameterError, match="weights"):
        S.acsi_index(s, items=["a", "b"], weights={"a": 1.0})
    with pytest.raises(ParameterTypeError, match="weights"):
        S.acsi_index(s, items=["a", "b"], weights="equal")
    with pytest.raises(ColumnError, match="satisfaction_overall"):
        S.acsi_index(s)
    with pytest.raises(ParameterError, match="items"):
        S.acsi_index(s, items=[])
    with pytest.raises(ColumnError, match="nope"):
        S.acsi_index(s, items=["a"], by="nope")
    with pytest.raises(ColumnError, match="'a'"):
        S.acsi_scores(pd.DataFrame({"a": [0]}), items=["a"])


# --------------------------------------------------------------------------- NPS


def test_nps_hand_worked():
    out = S.nps([10, 9, 8, 6, 0])
    # 2 promoters, 1 passive, 2 detractors: (2 - 2)/5*100 = 0
    row = out.iloc[0]
    assert (row["n"], row["promoters"], row["passives"], row["detractors"]) == (5, 2, 1, 2)
    assert row["nps"] == 0.0
    assert S.nps([10, 10, 7, np.nan])["nps"].iloc[0] == pytest.approx(200 / 3)
    assert S.nps(pd.Series([0, 6, 6]))["nps"].iloc[0] == -100
    # non-whole answers: 8.5 passive, 6.5 passive, 9 promoter
    assert S.nps([8.5, 6.5, 9])["passives"].iloc[0] == 2
    assert np.isnan(S.nps([])["nps"].iloc[0])


def test_nps_by_group_recomputed(co):
    s = co.surveys
    out = S.nps(s, by="method")
    for method, part in s.groupby("method", observed=True):
        r = part["recommend"].to_numpy()
        expected = 100 * (np.mean(r >= 9) - np.mean(r <= 6))
        assert out.loc[method, "nps"] == pytest.approx(expected)
    pct = out[["pct_promoters", "pct_passives", "pct_detractors"]].sum(axis=1)
    assert np.allclose(pct, 100)
    assert out["n"].sum() == len(s)
    assert ((out["nps"] >= -100) & (out["nps"] <= 100)).all()


def test_nps_errors():
    with pytest.raises(ColumnError, match="score"):
        S.nps([3, 11])
    with pytest.raises(ColumnError, match="score"):
        S.nps(["ten"])
    with pytest.raises(ParameterTypeError, match="scores"):
        S.nps(7)
    with pytest.raises(ParameterError, match="by"):
        S.nps([1, 2], by="x")
    with pytest.raises(ColumnError, match="recommend"):
        S.nps(pd.DataFrame({"x": [1]}))


# --------------------------------------------------------------------------- IPA


def test_ipa_hand_worked():
    s = pd.DataFrame(
        {
            "importance_a": [9, 7], "perform_a": [4, 6],   # imp 8, perf 5
            "importance_b": [3, 3], "perform_b": [8, 8],   # imp 3, perf 8
            "importance_c": [9, 9], "perform_c": [9, 9],   # imp 9, perf 9
            "importance_d": [2, 2], "perform_d": [2, 2],   # imp 2, perf 2
        }
    )
    out = S.importance_performance(s)
    # cross-hairs: importance (8+3+9+2)/4 = 5.5, performance (5+8+9+2)/4 = 6
    assert out["importance_crosshair"].iloc[0] == pytest.approx(5.5)
    assert out["performance_crosshair"].iloc[0] == pytest.approx(6.0)
    assert out["quadrant"].tolist() == ["concentrate_here", "possible_overkill", "keep_up_the_good_work", "low_priority"]
    mid = S.importance_performance(s, crosshair="midpoint")
    assert mid["importance_crosshair"].iloc[0] == 5.5
    assert mid.loc["a", "quadrant"] == "concentrate_here"
    fixed = S.importance_performance(s, crosshair=(8, 5))  # on the lines -> high on both
    assert fixed.loc["a", "quadrant"] == "keep_up_the_good_work"


def test_ipa_recovers_persona_importance(co):
    """Truth: economic customers weigh price most, convenience customers delivery."""
    s = co.surveys
    persona = s["customer_id"].map(co.truth_customers.set_index("customer_id")["persona"])
    assert S.importance_performance(s[persona == "economic"])["importance"].idxmax() == "price"
    assert S.importance_performance(s[persona == "convenience"])["importance"].idxmax() == "delivery"
    out = S.importance_performance(s)
    for a in out.index:
        assert out.loc[a, "importance"] == pytest.approx(s[f"importance_{a}"].mean())


def test_ipa_errors():
    s = pd.DataFrame({"importance_a": [5], "perform_a": [5]})
    with pytest.raises(ParameterError, match="crosshair"):
        S.importance_performance(s, crosshair="median")
    with pytest.raises(ParameterError, match="crosshair"):
        S.importance_performance(s, crosshair=(1, 2, 3))
    with pytest.raises(ParameterError, match="'a'"):
        S.importance_performance(pd.DataFrame({"importance_a": [np.nan], "perform_a": [5]}))
    with pytest.raises(ColumnError, match="importance_b"):
        S.importance_performance(s, ["b"])


# --------------------------------------------------------------------------- indicators


def test_indicators_hand_worked():
    o = pd.DataFrame(
        {
            "customer_id": [1, 1, 2, 3, 3],
            "order_date": ["2024-01-01", "2024-02-01", "2024-01-05", "2024-03-01", "2024-03-01"],
            "amount": [10.0, 20.0, 30.0, 40.0, 0.0],
            "returned": [False, True, False, False, False],
        }
    )
    c = pd.DataFrame({"customer_id": [1, 1, 9], "opened_date": ["2024-01-10", "2024-02-10", "2024-02-11"]})
    s = pd.DataFrame({"recommend": [10, 9, 5, 7]})
    t = S.indicators(o, c, s).set_index("indicator")
    v = t["value"]
    # customer 1's second order was returned (no purchase); customer 3 ordered twice on one day
    # (and one order is 0, no purchase either): nobody came back on another day
    assert v["repeat_purchase_rate"] == 0.0
    assert v["product_return_rate"] == pytest.approx(20.0)  # 1 of 5 orders
    assert v["product_return_amount_rate"] == pytest.approx(20 / 100 * 100)
    assert v["complaints_per_100_customers"] == pytest.approx(100.0)  # 3 complaints / 3 customers
    assert v["complaints_per_1000_orders"] == pytest.approx(600.0)
    assert v["complaining_customers_rate"] == pytest.approx(100 / 3)  # customer 9 is outside the base
    assert v["reputation_promoter_rate"] == pytest.approx(50.0)
    assert v["reputation_nps"] == pytest.approx(25.0)
    assert not t.loc["asked_by_name", "computable"] and np.isnan(v["asked_by_name"])
    assert np.isnan(v["sales_power_growth"])  # less than two years of history
    assert set(t.columns) >= {"name", "value", "unit", "definition", "computable"}
    # returned=None: customer 1's returned order counts as a purchase -> 1 of 3 came back
    counted = S.indicators(o, returned=None).set_index("indicator")["value"]
    assert counted["repeat_purchase_rate"] == pytest.approx(100 / 3)


def test_indicators_without_optional_tables_and_as_of():
    o = pd.DataFrame({"customer_id": [1, 1, 2], "order_date": ["2022-01-01", "2023-06-01", "2023-07-01"], "amount": [10.0, 10.0, 30.0]})
    t = S.indicators(o, returned=None, as_of="2023-12-31").set_index("indicator")
    assert not t.loc["product_return_rate", "computable"]
    assert not t.loc["complaints_per_100_customers", "computable"]
    # last 365 days: 40; the 365 before: 10 -> +300 %
    assert t.loc["sales_power_growth", "value"] == pytest.approx(300.0)
    early = S.indicators(o, returned=None, as_of="2023-06-01").set_index("indicator")
    assert early.loc["repeat_purchase_rate", "value"] == 0.0  # the second order is on as_of: excluded


def test_indicators_recomputed(co):
    o, c = co.orders, co.complaints
    v = S.indicators(o, c, co.surveys).set_index("indicator")["value"]
    kept = o[~o["returned"]]  # the purchases: a returned order is none
    days = kept.groupby("customer_id")["order_date"].nunique()
    assert v["repeat_purchase_rate"] == pytest.approx(100 * (days > 1).mean())
    assert v["product_return_rate"] == pytest.approx(100 * o["returned"].mean())  # of every order
    assert v["complaints_per_100_customers"] == pytest.approx(100 * len(c) / kept["customer_id"].nunique())


def test_indicators_errors():
    o = pd.DataFrame({"customer_id": [1], "order_date": ["2024-01-01"], "amount": [1.0], "returned": ["maybe"]})
    with pytest.raises(ColumnError, match="returned"):
        S.indicators(o)
    with pytest.raises(ColumnError, match="'flag'"):  # a returned column named by the user must exist
        S.indicators(o.drop(columns="returned"), returned="flag")
    # without a returned column (and the default), the product-return rows are not computable
    t = S.indicators(o.drop(columns="returned")).set_index("indicator")
    assert not t.loc["product_return_rate", "computable"] and np.isnan(t.loc["product_return_rate", "value"])
    with pytest.raises(ColumnError, match="opened_date"):
        S.indicators(o, complaints=pd.DataFrame({"customer_id": [1]}), returned=None)
    with pytest.raises(ColumnError, match="order_date"):
        S.indicators(o.assign(order_date="soon"), returned=None)


# --------------------------------------------------------------------------- complaints


def _toy_complaints():
    c = pd.DataFrame(
        {
            "complaint_id": [1, 2, 3],
            "opened_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-03"]),
            "severity": ["low", "high", "high"],
        }
    )
    s = pd.DataFrame(
        {
            "complaint_id": [1, 1, 1, 2, 2, 3, 99],
            "step": ["record", "judge_validity", "route", "record", "judge_validity", "record", "record"],
            "completed_date": pd.to_datetime(
                ["2024-01-01", "2024-01-03", "2024-01-08", "2024-01-02", "2024-01-02", "2024-01-04", "2024-01-01"]
            ),
        }
    )
    return c, s


def test_funnel_hand_worked():
    c, s = _toy_complaints()
    f = S.complaint_funnel(c, s, steps=["record", "judge_validity", "route"])
    assert f["reached"].tolist() == [3, 2, 1]  # complaint 99 is not in `complaints`
    assert f["lost"].tolist() == [0, 1, 1]
    assert f["share_of_opened"].tolist() == pytest.approx([1, 2 / 3, 1 / 3])
    assert f["share_of_previous"].tolist() == pytest.approx([1, 2 / 3, 1 / 2])
    g = S.complaint_funnel(c, s, steps=["record", "judge_validity", "route"], by="severity")
    high = g[g["severity"] == "high"]
    assert high["reached"].tolist() == [2, 1, 0]
    assert high["share_of_previous"].tolist() == pytest.approx([1, 0.5, 0])


def test_handling_times_hand_worked():
    c, s = _toy_complaints()
    t = S.handling_times(s, c, steps=["record", "judge_validity", "route"], resolution_step="judge_validity")
    t = t.set_index(t["stage"].astype(str))
    # record: 0 (c1), 1 (c2), 1 (c3); judge: 2 (c1), 0 (c2); route: 5 (c1)
    assert t.loc["record", "n"] == 3 and t.loc["record", "mean_days"] == pytest.approx(2 / 3)
    assert t.loc["judge_validity", "median_days"] == pytest.approx(1.0)
    assert t.loc["judge_validity", "p90_days"] == pytest.approx(1.8)
    assert t.loc["route", "mean_days"] == 5.0
    assert t.loc["to_resolution", "n"] == 2 and t.loc["to_resolution", "mean_days"] == pytest.approx((2 + 1) / 2)
    assert t.loc["end_to_end", "n"] == 1 and t.loc["end_to_end", "mean_days"] == 7.0
    without = S.handling_times(s, steps=["record", "judge_validity", "route"], resolution_step="route")
    assert without["stage"].astype(str).tolist() == ["record", "judge_validity", "route"]
    assert without["n"].tolist() == [0, 2, 1]  # no opening dates: the first step cannot be timed


def test_funnel_and_times_recomputed(co):
    c, st = co.complaints, co.complaint_steps
    f = S.complaint_funnel(c, st)
    reached = st.groupby("step", observed=True)["complaint_id"].nunique().reindex(STEPS)
    assert f["reached"].tolist() == reached.tolist()
    assert f["opened"].iloc[0] == len(c)
    assert (np.diff(f["reached"]) <= 0).all()  # the simulated process never skips a step
    assert f["reached"].iloc[-1] == (c["steps_completed"] == 8).sum()
    t = S.handling_times(st, c)
    res = (c["resolved_date"] - c["opened_date"]).dt.days.dropna()
    row = t[t["stage"] == "to_resolution"].iloc[0]
    assert row["n"] == len(res)
    assert row["median_days"] == pytest.approx(res.median())
    assert row["p90_days"] == pytest.approx(np.quantile(res, 0.9))
    wide = st.pivot(index="complaint_id", columns="step", values="completed_date")
    d = (wide["carry_out"] - wide["approve"]).dt.days.dropna()
    assert t.set_index(t["stage"].astype(str)).loc["carry_out", "mean_days"] == pytest.approx(d.mean())


def test_severe_complaints_take_longer(co):
    """Truth: step durations scale with 1 + 0.3 × severity."""
    t = S.handling_times(co.complaint_steps, co.complaints, by="severity")
    res = t[t["stage"] == "to_resolution"].set_index("severity")["mean_days"]
    assert res["high"] > res["low"] + 3
    f = S.complaint_funnel(co.complaints, co.complaint_steps, by="category")
    assert set(f["category"]) <= set(co.complaints["category"].astype(str))
    assert (f.groupby("category", observed=True)["opened"].first().sum()) == len(co.complaints)


def test_complaint_errors():
    c, s = _toy_complaints()
    bad = s.assign(step=s["step"].replace({"route": "escalate"}))
    with pytest.raises(ColumnError, match="escalate"):
        S.complaint_funnel(c, bad, steps=["record", "judge_validity", "route"])
    with pytest.raises(ColumnError, match="complaint_id"):
        S.complaint_funnel(pd.concat([c, c]), s, steps=["record", "judge_validity", "route"])
    backwards = s.assign(completed_date=s["completed_date"].where(s.index != 1, pd.Timestamp("2023-12-01")))
    with pytest.raises(ColumnError, match="before its previous step"):
        S.handling_times(backwards, c, steps=["record", "judge_validity", "route"], resolution_step="route")
    with pytest.raises(ParameterError, match="resolution_step"):
        S.handling_times(s, c, steps=["record", "judge_validity", "route"])
    with pytest.raises(ParameterError, match="by"):
        S.handling_times(s, steps=["record", "judge_validity", "route"], resolution_step="route", by="severity")
    with pytest.raises(ColumnError, match="completed_date"):
        S.handling_times(s.drop(columns="completed_date"), c, steps=["record", "judge_validity", "route"], resolution_step="route")


# --------------------------------------------------------------------------- complaint outcomes


def test_complaint_outcomes_hand_worked():
    c = pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 4],
            "opened_date": ["2024-01-01"] * 3 + ["2024-11-01"],
            "resolved_date": ["2024-01-10", None, "2024-01-05", "2024-11-02"],
            "resolution_satisfaction": pd.array([9, 2, 6, None], dtype="Int64"),
        }
    )
    o = pd.DataFrame(
        {
            "customer_id": [1, 1, 2, 3, 4],
            "order_date": ["2024-02-01", "2024-03-01", "2023-12-01", "2024-01-05", "2024-12-01"],
            "amount": [5.0] * 5,
        }
    )
    out = S.complaint_outcomes(c, o, window_days=90, as_of="2025-01-01")
    assert list(out.index) == list(S.HANDLING_CLASSES)
    assert out.loc["well_handled", "came_back_rate"] == 1.0
    assert out.loc["well_handled", "mean_orders_after"] == 2.0
    assert out.loc["badly_handled", "came_back_rate"] == 0.0  # only bought before
    assert out.loc["fairly_handled", "came_back_rate"] == 0.0  # bought on the reference day: not after
    assert out.loc["not_rated", "complaints"] == 0 and out.loc["not_rated", "censored"] == 1
    by = S.complaint_outcomes(c.assign(kind=["a", "b", "a", "b"]), o, window_days=90, by="kind", as_of="2025-01-01")
    assert by["complaints"].tolist() == [2, 1]


def test_badly_handled_complaints_lose_customers(co):
    """Truth: bad handling triggers churn; well-handled complainants come back more often."""
    out = S.complaint_outcomes(co.complaints, co.orders)
    assert out.loc["well_handled", "came_back_rate"] > out.loc["badly_handled", "came_back_rate"] + 0.15
    truth = co.truth_customers.set_index("customer_id")["churned"]
    c = co.complaints
    sat = c["resolution_satisfaction"].astype("float64")
    churn_bad = c.loc[sat <= 4, "customer_id"].map(truth).mean()
    churn_good = c.loc[sat >= 8, "customer_id"].map(truth).mean()
    assert churn_bad > churn_good + 0.1


def test_complaint_outcomes_errors():
    c = pd.DataFrame({"customer_id": [1], "opened_date": ["2024-01-01"], "resolved_date": [None], "resolution_satisfaction": [5]})
    o = pd.DataFrame({"customer_id": [1], "order_date": ["2024-01-01"], "amount": [1.0]})
    with pytest.raises(ParameterError, match="bad"):
        S.complaint_outcomes(c, o, good=4, bad=6)
    with pytest.raises(ParameterError, match="window_days"):
        S.complaint_outcomes(c, o, window_days=0)
    with pytest.raises(ColumnError, match="resolution_satisfaction"):
        S.complaint_outcomes(c.assign(resolution_satisfaction=12), o)
    with pytest.raises(ColumnError, match="severity"):
        S.complaint_outcomes(c, o, by="severity")


def test_post_purchase_behaviour_hand_worked():
    s = pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 3, 4],
            "survey_date": ["2024-01-01", "2024-01-01", "2023-01-01", "2024-01-01", "2024-12-20"],
            "satisfaction_overall": [9, 3, 9, 6, 9],
            "recommend": [10, 2, 10, 7, 10],
        }
    )
    o = _orders_frame([(1, "2024-02-01"), (2, "2023-12-01"), (3, "2024-01-01"), (3, "2024-03-31"), (1, "2025-01-01")])
    c = pd.DataFrame({"customer_id": [2, 3], "opened_date": ["2024-01-15", "2023-06-01"]})
    out = S.post_purchase_behaviour(s, o, c, window_days=90)
    assert list(out.index) == ["satisfied", "neutral", "dissatisfied"]
    # customer 3's latest answer (6) is neutral; customer 4's window is not over by as_of (2025-01-02)
    assert out["respondents"].tolist() == [1, 1, 1]
    assert out["share_tells_others"].tolist() == [1.0, 0.0, 0.0]
    assert out["share_warns_others"].tolist() == [0.0, 0.0, 1.0]
    assert out["share_complained"].tolist() == [0.0, 0.0, 1.0]  # 3 complained before its survey
    assert out["share_stopped_buying"].tolist() == [0.0, 0.0, 1.0]  # 3 bought on day 90: inside
    without = S.post_purchase_behaviour(s, o, window_days=90)
    assert without["share_complained"].isna().all()


def _orders_frame(rows):
    return pd.DataFrame({"customer_id": [r[0] for r in rows], "order_date": [r[1] for r in rows], "amount": 1.0})


def test_post_purchase_behaviour_story(co):
    """Truth: dissatisfaction means more complaints and more lost custom (private and public action)."""
    out = S.post_purchase_behaviour(co.surveys, co.orders, co.complaints)
    assert out.loc["dissatisfied", "share_stopped_buying"] > out.loc["satisfied", "share_stopped_buying"]
    assert out.loc["dissatisfied", "share_complained"] > out.loc["satisfied", "share_complained"]
    assert out.loc["satisfied", "share_tells_others"] > out.loc["dissatisfied", "share_tells_others"] + 0.2
    with pytest.raises(ParameterError, match="dissatisfied"):
        S.post_purchase_behaviour(co.surveys, co.orders, satisfied=5, dissatisfied=7)
    with pytest.raises(ColumnError, match="survey_date"):
        S.post_purchase_behaviour(co.surveys.drop(columns="survey_date"), co.orders)


# --------------------------------------------------------------------------- plots


def test_plots_draw_and_return_axes(co):
    import crmlab.plots as P

    s, c, st = co.surveys, co.complaints, co.complaint_steps
    fig, axes = plt.subplots(2, 4)
    results = [
        P.plot_disconfirmation(S.disconfirmation_summary(s), ax=axes[0, 0]),
        P.plot_ipa(S.importance_performance(s), ax=axes[0, 1]),
        P.plot_nps(S.nps(s, by="method"), ax=axes[0, 2]),
        P.plot_complaint_funnel(S.complaint_funnel(c, st), ax=axes[0, 3]),
        P.plot_complaint_funnel(S.complaint_funnel(c, st, by="severity"), ax=axes[1, 0]),
        P.plot_handling_times(S.handling_times(st, c), ax=axes[1, 1]),
        P.plot_handling_times(S.handling_times(st, c, by="severity"), ax=axes[1, 2]),
        P.plot_disconfirmation(S.disconfirmation(s), ax=axes[1, 3]),
    ]
    for ax, got in zip(axes.flat, results):
        assert got is ax
        assert ax.get_title()
    assert len(axes[0, 1].texts) >= 5 + 4  # attribute labels and quadrant names
    plt.close(fig)
    ax = P.plot_nps(S.nps([10, 0]))
    assert ax.get_title() == "Net Promoter Score"
    plt.close(ax.figure)
    with pytest.raises(ColumnError, match="importance"):
        P.plot_ipa(pd.DataFrame({"x": [1]}))


def test_import_is_light():
    import subprocess
    import sys

    code = "import sys, crmlab.satisfaction; print(any(m in sys.modules for m in ('matplotlib', 'scipy', 'sklearn', 'seaborn')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
