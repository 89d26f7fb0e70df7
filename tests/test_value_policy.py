"""Service policy, contact plan, CLV, share of wallet and campaign response by RFM fifth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.value import (
    clv,
    contact_plan,
    contact_rules,
    response_by_rfm_fifth,
    service_policy,
    share_of_wallet,
    visit_frequency,
    yearly_retention,
)
from tests.conftest import company

# ---------------------------------------------------------------- policy tables


def test_service_policy_and_visit_matrix():
    p = service_policy()
    assert p.index.tolist() == ["vip", "major", "ordinary", "small"]
    assert p["abc_class"].tolist() == ["A", "A", "B", "C"]
    assert p["share"].sum() == pytest.approx(1.0) and (p["policy"].str.len() > 20).all()
    wide = visit_frequency()
    assert wide.index.tolist() == ["A", "B", "C"]
    assert wide.columns.tolist() == ["sales_rep", "sales_manager", "marketing_director", "general_manager"]
    assert wide.loc["A", "sales_rep"] == "visit 3×/month; call 2–3×/month"
    assert wide.loc["A", "general_manager"] == "visit once a year"
    assert wide.loc["C", "sales_rep"] == "visit 1×/month; call 1×/month"
    long = visit_frequency(long=True)
    filled = long.loc[~long["courseware"], ["abc_class", "role"]].apply(tuple, axis=1).tolist()
    assert filled == [("C", "sales_manager"), ("C", "marketing_director"), ("C", "general_manager")]
    a_rep = long[(long["abc_class"] == "A") & (long["role"] == "sales_rep")]
    assert a_rep["per_month_low"].tolist() == [3, 2] and a_rep["per_month_high"].tolist() == [3, 3]
    # A customers get at least as many rep visits as B, B as C
    visits = long[(long["role"] == "sales_rep") & (long["contact"] == "visit")].set_index("abc_class")["per_month_low"]
    assert visits["A"] > visits["B"] > visits["C"]
    with pytest.raises(ParameterTypeError, match="long"):
        visit_frequency(long="yes")


def test_policy_texts_are_translated_and_codes_stay(fake_translation):
    fake_translation(
        {
            "visit 3×/month": "每月走访3次",
            "call 2–3×/month": "每月电话2–3次",
            "Low loyalty, late payment, few orders yet many demands: give minimal service.": "提供最低限度的服务。",
            "One month after the purchase, ask whether they are satisfied.": "购买一个月后询问是否满意。",
        }
    )
    wide = visit_frequency()
    assert wide.loc["A", "sales_rep"] == "每月走访3次; 每月电话2–3次"
    assert wide.loc["A", "general_manager"] == "visit once a year"  # no translation given: English
    assert wide.index.tolist() == ["A", "B", "C"]
    assert wide.columns.tolist() == ["sales_rep", "sales_manager", "marketing_director", "general_manager"]
    long = visit_frequency(long=True)
    assert long["contact"].unique().tolist() == ["visit", "call"] and long["role"].iloc[0] == "sales_rep"
    policy = service_policy()
    assert policy.loc["small", "policy"] == "提供最低限度的服务。" and policy.index.tolist()[-1] == "small"
    rules = contact_rules()
    assert rules.loc["satisfaction_check", "text"] == "购买一个月后询问是否满意。"
    assert rules.index.tolist() == ["thank_you", "satisfaction_check", "cross_sell", "churn_watch"]


def test_value_errors_are_translated(fake_translation):
    fake_translation({"`{name}` must be True or False, but {got} was passed.": "`{name}` 必须是 True 或 False，但传入了 {got}。"})
    with pytest.raises(ParameterTypeError, match="`long` 必须是 True 或 False，但传入了 'yes'。"):
        visit_frequency(long="yes")


def test_contact_rules_table():
    r = contact_rules()
    assert r.index.tolist() == ["thank_you", "satisfaction_check", "cross_sell", "churn_watch"]
    assert r["due_day"].tolist()[:3] == [7, 30, 90] and r["from_day"].tolist() == [3, 30, 90, 91]


def test_contact_plan_hand_worked():
    orders = pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 4, 5, 6, 6],
            "order_date": pd.to_datetime(
                ["2024-03-28", "2024-01-10", "2023-12-01", "2024-03-02", "2024-03-25", "2024-03-24", "2023-01-01"]
            ),
            "amount": [10.0, 20.0, 5.0, 8.0, 1.0, 2.0, 3.0],
        }
    )
    plan = contact_plan(orders, as_of="2024-04-01")
    assert plan["days_since"].tolist() == [4, 82, 122, 30, 7, 8]
    assert plan["next_action"].astype(str).tolist() == [
        "thank_you",  # day 4: thank-you due by day 7
        "cross_sell",  # day 82: three-month cross-sell due on day 90
        "churn_watch",  # day 122: past three months
        "satisfaction_check",  # day 30: due today
        "thank_you",  # day 7: last day of the thank-you window
        "satisfaction_check",  # day 8
    ]
    assert plan["due_date"].tolist() == list(
        pd.to_datetime(["2024-04-04", "2024-04-09", "2024-04-01", "2024-04-01", "2024-04-01", "2024-04-23"])
    )
    assert plan["days_until_due"].tolist() == [3, 8, 0, 0, 0, 22]


def test_contact_plan_on_simulated_data_matches_recency():
    from crmlab.value import rfm

    orders = company(1).orders
    plan = contact_plan(orders, as_of="2025-06-01")
    r = rfm(orders, as_of="2025-06-01")
    assert plan.index.equals(r.index) and (plan["days_since"] == r["recency"]).all()
    expect = pd.cut(r["recency"], [0, 7, 30, 90, np.inf], labels=["thank_you", "satisfaction_check", "cross_sell", "churn_watch"])
    assert (plan["next_action"].astype(str) == expect.astype(str)).all()
    assert (plan["days_until_due"] >= 0).all()


# ---------------------------------------------------------------- CLV


def test_yearly_retention_hand_worked():
    o = pd.DataFrame(
        {
            "customer_id": [1, 2, 1, 3],
            "order_date": ["2023-01-05", "2023-02-01", "2024-03-01", "2024-04-01"],
            "amount": [10.0, 10.0, 10.0, 10.0],
        }
    )
    # years: [2024-01-05, 2025-01-04) and [2023-01-05, 2024-01-05); 1 of 2 retained
    assert yearly_retention(o, as_of="2025-01-04") == 0.5
    with pytest.raises(ParameterError, match="two whole years"):
        yearly_retention(o, as_of="2025-01-03")


def test_clv_hand_worked():
    o = pd.DataFrame(
        {
            "customer_id": [1, 1, 2, 3],
            "order_date": ["2024-06-01", "2023-06-01", "2022-06-01", "2024-12-31"],
            "amount": [100.0, 999.0, 50.0, 40.0],
        }
    )
    t = clv(o, as_of="2025-01-01", retention=0.5, discount_rate=0.1, horizon_years=3, margin=0.3)
    multiplier = 0.5 / 1.1 + 0.25 / 1.1**2 + 0.125 / 1.1**3
    assert t["multiplier"].iloc[0] == pytest.approx(multiplier)
    assert t["yearly_value"].tolist() == [100.0, 0.0, 40.0]  # only the last 365 days count
    np.testing.assert_allclose(t["clv"], [100 * 0.3 * multiplier, 0.0, 40 * 0.3 * multiplier])


def test_clv_estimates_retention_independently_recomputed():
    orders = company(1).orders
    as_of = pd.Timestamp("2026-01-01")
    o = orders[(orders["order_date"] < as_of) & ~orders["returned"]]  # purchases: returned orders are none
    year = (as_of - o["order_date"]).dt.days.sub(1) // 365
    active = [set(o.loc[year == k, "customer_id"]) for k in range(3)]
    expect = (len(active[2] & active[1]) + len(active[1] & active[0])) / (len(active[2]) + len(active[1]))
    assert yearly_retention(orders) == pytest.approx(expect)
    t = clv(orders, margin=0.25, discount_rate=0.05, horizon_years=4)
    np.testing.assert_allclose(t["retention"], expect, rtol=1e-12)
    last_year = o[o["order_date"] >= as_of - pd.Timedelta(days=365)].groupby("customer_id")["amount"].sum()
    np.testing.assert_allclose(t["yearly_value"], last_year.reindex(t.index, fill_value=0.0), rtol=1e-12)


def test_clv_ranks_customers_like_the_truth():
    t = clv(crmlab.load("orders"))
    truth = crmlab.load("truth_customers").set_index("customer_id")["expected_value_12m"]
    rho = t["clv"].corr(truth.reindex(t.index), method="spearman")
    assert rho > 0.5, rho


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"margin": 1.5}, ParameterError, "margin"),
        ({"retention": -0.1}, ParameterError, "retention"),
        ({"discount_rate": "10%"}, ParameterTypeError, "discount_rate"),
        ({"horizon_years": 0}, ParameterError, "horizon_years"),
        ({"horizon_years": 2.5}, ParameterTypeError, "horizon_years"),
    ],
)
def test_clv_bad_parameters(kwargs, error, match):
    orders = pd.DataFrame({"customer_id": [1], "order_date": ["2024-01-01"], "amount": [1.0]})
    with pytest.raises(error, match=match):
        clv(orders, **kwargs)


# ---------------------------------------------------------------- share of wallet


def test_share_of_wallet():
    assert share_of_wallet(300, 1200) == 0.25
    ours = pd.Series({"a": 50.0, "b": 0.0, "c": 5.0})
    total = pd.Series({"c": 0.0 + 5.0, "b": 10.0, "a": 200.0})
    got = share_of_wallet(ours, total)
    assert got.index.tolist() == ["a", "b", "c"] and got.tolist() == [0.25, 0.0, 1.0]
    assert share_of_wallet([1, "2"], [4, 8]).tolist() == [0.25, 0.25]
    assert np.isnan(share_of_wallet(0, 0))  # nothing spent in the category: undefined
    assert np.isnan(share_of_wallet(pd.Series([1.0, np.nan]), pd.Series([2.0, 3.0])).iloc[1])
    assert share_of_wallet(pd.Series([1.0, 3.0]), 4).tolist() == [0.25, 0.75]


@pytest.mark.parametrize(
    "ours, total, error, match",
    [
        (-1, 5, ParameterError, "spend_with_us"),
        (6, 5, ParameterError, "cannot exceed"),
        (pd.Series({"a": 6.0}), pd.Series({"a": 5.0}), ParameterError, "'a'"),
        (pd.Series({"a": 1.0}), pd.Series({"b": 5.0}), ParameterError, "same customers"),
        ([1, 2], [3], ParameterError, "same length"),
        (True, 5, ParameterTypeError, "spend_with_us"),
        (1, "5", ParameterTypeError, "total_category_spend"),
        (["x"], [5], ParameterError, "numbers"),
        (1, np.inf, ParameterError, "infinite"),
    ],
)
def test_share_of_wallet_bad_input(ours, total, error, match):
    with pytest.raises(error, match=match):
        share_of_wallet(ours, total)


# ---------------------------------------------------------------- campaign response by RFM fifth


def _campaign_log():
    # customer k (1 … 5) buys k times, 10·k each, on Jan 1 … Jan k: every score is k
    rows = [(k, f"2024-01-0{j}", 10.0 * k) for k in range(1, 6) for j in range(1, k + 1)]
    rows.append((1, "2024-02-01", 500.0))  # on the campaign day: not yet known
    orders = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])
    campaigns = pd.DataFrame(
        {
            "campaign_id": [1] * 6,
            "campaign_date": ["2024-02-01"] * 6,
            "customer_id": [1, 2, 3, 4, 5, 6],  # customer 6 never bought: no score
            "responded": [False, False, False, True, True, True],
        }
    )
    return orders, campaigns


def test_response_by_fifth_hand_worked():
    orders, campaigns = _campaign_log()
    t = response_by_rfm_fifth(orders, campaigns)
    assert t.index.tolist() == [1, 2, 3, 4, 5]
    assert t["contacted"].tolist() == [1, 1, 1, 1, 1]  # customer 6 left out
    assert t["responses"].tolist() == [0, 0, 0, 1, 1]
    assert t["response_rate"].tolist() == [0.0, 0.0, 0.0, 1.0, 1.0]
    assert np.isnan(t.loc[4, "ratio_to_next"]) and t.loc[5, "ratio_to_next"] == 1.0
    split = response_by_rfm_fifth(orders, campaigns, by_campaign=True, groups=2)
    assert split.index.names == ["campaign", "group"]
    # groups ceil(2·k/5): customers 1–2 → 1, 3–5 → 2
    assert split["contacted"].tolist() == [2, 3] and split["responses"].tolist() == [0, 2]


def test_response_by_fifth_without_campaign_ids():
    orders, campaigns = _campaign_log()
    t = response_by_rfm_fifth(orders, campaigns.drop(columns="campaign_id"), campaign=None)
    assert t["responses"].tolist() == [0, 0, 0, 1, 1]


def test_response_by_fifth_recomputed_for_one_campaign():
    data = company(1)
    orders, campaigns = data.orders, data.campaigns
    one = campaigns[campaigns["campaign_id"] == 4]
    day = one["campaign_date"].iloc[0]
    o = orders[(orders["order_date"] < day) & ~orders["returned"]]  # purchases: returned orders are none
    g = o.groupby("customer_id")
    table = pd.DataFrame(
        {"r": -(day - g["order_date"].max()).dt.days, "f": g.size(), "m": g["amount"].sum().round(6)}
    )
    n = len(table)

    def score(v, k=5):
        return -(-k * v.rank(method="min").astype(int) // n)

    total = score(table["r"]) + score(table["f"]) + score(table["m"])
    group = score(total)
    c = one.assign(group=one["customer_id"].map(group)).dropna(subset=["group"])
    expect = c.groupby("group")["responded"].agg(["size", "sum"])
    got = response_by_rfm_fifth(orders, one)
    assert got["contacted"].tolist() == expect["size"].tolist()
    assert got["responses"].tolist() == expect["sum"].tolist()


def test_best_fifth_answers_about_three_times_as_often_as_the_second():
    t = response_by_rfm_fifth(crmlab.load("orders"), crmlab.load("campaigns"))
    assert t["response_rate"].is_monotonic_increasing
    assert 2.0 <= t.loc[5, "ratio_to_next"] <= 4.5, t


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"groups": 1}, ParameterError, "groups"),
        ({"bins": 11}, ParameterError, "bins"),
        ({"by_campaign": 1}, ParameterTypeError, "by_campaign"),
        ({"responded": "answer"}, ColumnError, "answer"),
    ],
)
def test_response_by_fifth_bad_input(kwargs, error, match):
    orders, campaigns = _campaign_log()
    with pytest.raises(error, match=match):
        response_by_rfm_fifth(orders, campaigns, **kwargs)
    with pytest.raises(ColumnError, match="responded"):
        response_by_rfm_fifth(orders, campaigns.assign(responded="maybe"))
