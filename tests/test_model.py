"""The simulation keeps the model's promises, on several seeds.

Each test recomputes its figure independently from the visible tables (and, where the promise
is about the truth, from the truth tables) with plain pandas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _spend(data) -> pd.Series:
    return data.orders.groupby("customer_id")["amount"].sum().sort_values(ascending=False)


def test_revenue_is_heavy_tailed(data):
    spend = _spend(data)
    top = int(np.ceil(0.2 * len(spend)))
    share = spend.iloc[:top].sum() / spend.sum()
    assert 0.68 <= share <= 0.82, share


def test_every_order_belongs_to_a_customer_and_lies_in_the_window(data):
    o = data.orders
    assert o["customer_id"].isin(data.customers["customer_id"]).all()
    assert o["order_date"].min() >= pd.Timestamp("2023-01-01")
    assert o["order_date"].max() <= pd.Timestamp("2025-12-31")
    assert (o["amount"] > 0).all()
    assert o["order_id"].is_unique and o["order_date"].is_monotonic_increasing
    # no customer orders before signing up or after churning
    c = data.customers.set_index("customer_id")
    assert (o["order_date"].to_numpy() >= c.loc[o["customer_id"], "signup_date"].to_numpy()).all()
    t = data.truth_customers.set_index("customer_id")
    churn = t.loc[o["customer_id"], "churn_date"].to_numpy()
    after = ~pd.isna(churn) & (o["order_date"].to_numpy() >= churn)
    assert not after.any()


def test_personas_differ_as_the_courseware_says(data):
    persona = data.truth_customers.set_index("customer_id")["persona"]
    o = data.orders.assign(persona=persona.loc[data.orders["customer_id"]].to_numpy())
    discount_share = o.groupby("persona", observed=True)["discount"].apply(lambda d: (d > 0).mean())
    assert discount_share["economic"] > 2 * discount_share.drop("economic").max()
    basket = o.groupby("persona", observed=True)["amount"].median()
    assert basket["economic"] < basket.drop("economic").min()
    app = o.groupby("persona", observed=True)["channel"].apply(lambda c: (c == "app").mean())
    assert app["convenience"] == app.max()
    s = data.surveys.assign(persona=persona.loc[data.surveys["customer_id"]].to_numpy())
    price = s.groupby("persona", observed=True)["price_sensitivity"].mean()
    assert price["economic"] == price.max() and price["economic"] - price.drop("economic").max() > 1.5
    expect = s.groupby("persona", observed=True)
    assert expect["expect_delivery"].mean().idxmax() == "convenience"
    assert expect["expect_service"].mean().idxmax() == "personalising"
    assert expect["expect_quality"].mean().idxmax() == "ethical"


def test_experience_against_expectation_drives_satisfaction(data):
    s = data.surveys
    attrs = ["quality", "service", "delivery", "price", "after_sales"]
    gap = sum(s[f"perform_{a}"] - s[f"expect_{a}"] for a in attrs)
    assert gap.corr(s["satisfaction_overall"]) > 0.4


def test_satisfaction_trap_loyalty_rises_only_at_the_top(data):
    s = data.surveys
    by = s.groupby(s["satisfaction_overall"].clip(4, 10))["repurchase_intention"].mean()
    low_band = by.loc[7] - by.loc[5]  # more satisfaction in the middle band …
    top_band = by.loc[10] - by.loc[8]  # … buys far less loyalty than at the top
    assert top_band > 2 * low_band and top_band > 1.5


def test_satisfaction_loyalty_and_churn_point_the_same_way(data):
    s = data.surveys.merge(data.truth_customers, on="customer_id")
    high = s["satisfaction_overall"] >= 9
    low = s["satisfaction_overall"] <= 6
    assert s.loc[high, "churned"].mean() < 0.7 * s.loc[low, "churned"].mean()
    assert s["recommend"].corr(s["satisfaction_overall"]) > 0.6
    assert s["competitor_attitude"].corr(s["satisfaction_overall"]) < -0.2
    # loyal customers buy more often
    t = data.truth_customers
    assert t.loc[t["loyalty"] > 0.6, "purchase_rate"].median() > t.loc[t["loyalty"] < 0.2, "purchase_rate"].median()


def test_badly_handled_complaints_hurt_satisfaction_and_retention(data):
    c = data.complaints
    bad = c[(c["resolution"].isin(["rejected", "unresolved"])) | (c["resolution_satisfaction"] <= 4)]
    good = c[c["resolution_satisfaction"] >= 8]
    t = data.truth_customers.set_index("customer_id")
    only_good = good["customer_id"][~good["customer_id"].isin(bad["customer_id"])].unique()
    assert t.loc[bad["customer_id"].unique(), "churned"].mean() > t.loc[only_good, "churned"].mean() + 0.1
    # slow handling makes customers less happy with the resolution
    days = (c["resolved_date"] - c["opened_date"]).dt.days
    assert days.corr(c["resolution_satisfaction"].astype(float)) < -0.1


def test_complaint_steps_follow_the_process(data):
    st = data.complaint_steps
    c = data.complaints.set_index("complaint_id")
    counts = st.groupby("complaint_id").size()
    assert (counts == c.loc[counts.index, "steps_completed"]).all()
    # step numbers run 1, 2, … without gaps and dates never go backwards
    assert (st.groupby("complaint_id")["step_no"].apply(lambda s: list(s) == list(range(1, len(s) + 1)))).all()
    assert (st.groupby("complaint_id")["completed_date"].apply(lambda d: d.is_monotonic_increasing)).all()
    # rejected complaints stop after judging validity
    rejected = c.index[c["resolution"] == "rejected"]
    assert (c.loc[rejected, "steps_completed"] == 2).all() and not c.loc[rejected, "valid"].any()


def test_campaign_response_rises_with_rfm(data):
    o = data.orders
    rates = []
    for _, g in data.campaigns.groupby("campaign_id"):
        day = g["campaign_date"].iloc[0]
        hist = o[o["order_date"] < day].groupby("customer_id")
        r = pd.DataFrame(
            {
                "recency": (day - hist["order_date"].max()).dt.days,
                "frequency": hist.size(),
                "monetary": hist["amount"].sum(),
            }
        )
        g = g.join(r, on="customer_id")
        g = g.fillna({"recency": 10_000, "frequency": 0, "monetary": 0})
        score = (
            g["recency"].rank(ascending=False, method="min")
            + g["frequency"].rank(method="min")
            + g["monetary"].rank(method="min")
        )
        g["fifth"] = pd.qcut(score.rank(method="first"), 5, labels=False)  # 4 = best
        rates.append(g.groupby("fifth")["responded"].agg(["sum", "count"]))
    total = sum(rates)
    rate = total["sum"] / total["count"]
    # the top three fifths are ordered; the bottom two sit at the floor (lapsed customers)
    assert rate[4] > rate[3] > rate[2] > max(rate[0], rate[1])
    assert 2.0 <= rate[4] / rate[3] <= 4.5, rate[4] / rate[3]


def test_regular_customers_are_predictable(data):
    """The rice-shop idea: next purchase ≈ last purchase + the customer's own mean gap."""
    o = data.orders
    t = data.truth_customers.set_index("customer_id")
    g = o.groupby("customer_id")["order_date"]
    stats = pd.DataFrame({"last": g.max(), "n": g.size(), "span": (g.max() - g.min()).dt.days})
    stats = stats[(stats["n"] >= 6)].join(t[["next_purchase_date", "purchase_rhythm"]])
    stats = stats.dropna(subset=["next_purchase_date"])
    predicted = stats["last"] + pd.to_timedelta(stats["span"] / (stats["n"] - 1), unit="D")
    error = (stats["next_purchase_date"] - predicted).dt.days.abs()
    regular = stats["purchase_rhythm"] >= stats["purchase_rhythm"].median()
    mean_gap = stats["span"] / (stats["n"] - 1)
    assert (error[regular] / mean_gap[regular]).median() < (error[~regular] / mean_gap[~regular]).median()


def test_truth_stages_follow_their_rule(data):
    t = data.truth_customers
    assert (t["churned"] == (t["lifecycle_stage"] == "churned")).all()
    assert t["churned"].eq(t["churn_date"].notna()).all()
    assert (t.loc[t["churned"], "expected_value_12m"] == 0).all()
    alive = t[~t["churned"]]
    assert alive["expected_value_12m"].corr(alive["future_value_12m"]) > 0.5


def test_membership_tier_matches_last_year_spend(data):
    o = data.orders
    recent = o[(o["order_date"] > pd.Timestamp("2024-12-31")) & ~o["returned"]]
    spend = recent.groupby("customer_id")["amount"].sum()
    c = data.customers.set_index("customer_id")
    members = c[c["membership_tier"] != "none"]
    s = spend.reindex(members.index, fill_value=0)
    expected = np.where(s >= 1500, "platinum", np.where(s >= 600, "gold", "silver"))
    assert (members["membership_tier"].astype(str).to_numpy() == expected).all()
