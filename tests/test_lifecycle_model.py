"""Churn dataset and model, next-purchase prediction, churn-cause signals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.lifecycle import (
    SIGNALS,
    churn_dataset,
    churn_model,
    churn_signal_summary,
    churn_signals,
    evaluate_next_purchase,
    next_purchase,
)
from tests.conftest import SEEDS, company


def _tiny() -> dict[str, pd.DataFrame]:
    orders = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 2, 3, 1, 4],
            "order_date": pd.to_datetime(
                ["2024-01-01", "2024-02-01", "2024-03-01", "2024-03-15", "2023-01-01", "2024-05-10", "2024-07-01"]
            ),
            "amount": [10.0, 20.0, 30.0, 40.0, 5.0, 50.0, 60.0],
            "returned": [False, False, True, False, False, True, False],
            "discount": [0.0, 0.0, 0.1, 0.0, 0.0, 0.2, 0.0],
        }
    )
    complaints = pd.DataFrame(
        {
            "customer_id": [2, 1],
            "opened_date": pd.to_datetime(["2024-03-20", "2024-04-15"]),  # the second is after the cutoff
            "category": ["billing", "delivery"],
            "resolution": ["rejected", "rejected"],
            "resolution_satisfaction": pd.array([pd.NA, pd.NA], dtype="Int64"),
        }
    )
    surveys = pd.DataFrame(
        {
            "customer_id": [1, 2],
            "survey_date": pd.to_datetime(["2024-02-01", "2024-04-10"]),
            "satisfaction_overall": [8, 2],
            "recommend": [9, 0],
        }
    )
    campaigns = pd.DataFrame(
        {"customer_id": [1, 2], "response_date": pd.to_datetime(["2024-02-15", "2024-04-05"])}
    )
    customers = pd.DataFrame(
        {"customer_id": [1, 2, 3, 4], "acquisition_channel": pd.Categorical(["web", "store", "web", "web"], ["store", "web"])}
    )
    return {"orders": orders, "complaints": complaints, "surveys": surveys, "campaigns": campaigns, "customers": customers}


def test_churn_dataset_by_hand():
    ds = churn_dataset(_tiny(), cutoff="2024-04-01", horizon=60)
    assert ds.index.tolist() == [1, 2]  # 3 silent for 456 days (> active_days), 4 not yet a buyer
    assert ds.index.name == "customer_id"
    one, two = ds.loc[1], ds.loc[2]
    # customer 1's Mar 1 order was returned: no purchase, so the last purchase is Feb 1
    assert one["recency_days"] == 60 and one["tenure_days"] == 91 and one["purchase_days"] == 2
    assert one["orders_90d"] == 1 and one["orders_365d"] == 2 and one["trend_180d"] == 2
    assert one["mean_gap"] == 31 and one["recency_ratio"] == pytest.approx(60 / 31)
    assert one["mean_amount"] == 15 and one["spend_365d"] == 30  # net spend: the returned 30 counts 0
    assert one["return_rate"] == pytest.approx(1 / 3) and one["discount_share"] == pytest.approx(1 / 3)
    assert one["complaints"] == 0  # opened after the cutoff
    assert two["complaints"] == 1 and two["bad_complaints"] == 1 and two["bad_complaints_180d"] == 1
    assert one["surveyed"] == 1 and one["satisfaction_overall"] == 8 and one["recommend"] == 9
    assert two["surveyed"] == 0 and np.isnan(two["recommend"])  # answered after the cutoff
    assert one["campaign_responses"] == 1 and two["campaign_responses"] == 0
    assert one["acquisition_web"] == 1 and two["acquisition_store"] == 1
    # 1's only order in [Apr 1, May 31) — May 10 — was returned: no purchase, so 1 counts as churned
    assert ds["churned"].tolist() == [True, True]
    kept = churn_dataset(_tiny(), cutoff="2024-04-01", horizon=60, returned=None)  # returned orders count
    assert kept["churned"].tolist() == [False, True]
    assert ds.columns[-1] == "churned" and ds["churned"].dtype == bool
    everyone = churn_dataset(_tiny(), cutoff="2024-04-01", horizon=60, active_days=None)
    assert everyone.index.tolist() == [1, 2, 3] and everyone.loc[3, "churned"]
    only_orders = churn_dataset({"orders": _tiny()["orders"]}, cutoff="2024-04-01", horizon=60)
    assert "complaints" not in only_orders.columns and "surveyed" not in only_orders.columns


def test_churn_dataset_uses_nothing_after_the_cutoff():
    data = company(0)
    cutoff = pd.Timestamp("2025-06-01")
    full = churn_dataset(data, cutoff=cutoff, horizon=180)
    cut = {
        "orders": data.orders[data.orders["order_date"] < cutoff],
        "complaints": data.complaints[data.complaints["opened_date"] < cutoff],
        "surveys": data.surveys[data.surveys["survey_date"] < cutoff],
        "campaigns": data.campaigns,
        "customers": data.customers,
    }
    # the outcome window needs orders after the cutoff: keep one late order so the horizon fits
    late = data.orders[data.orders["order_date"] >= cutoff].tail(1)
    cut["orders"] = pd.concat([cut["orders"], late])
    past = churn_dataset(cut, cutoff=cutoff, horizon=180)
    features = full.columns.drop("churned")
    pd.testing.assert_frame_equal(full[features], past[features])
    # labels recomputed: no purchase (an order kept) in [cutoff, cutoff + 180 days)
    o = data.orders[~data.orders["returned"]]
    window = o[(o["order_date"] >= cutoff) & (o["order_date"] < cutoff + pd.Timedelta(days=180))]
    assert (full["churned"] == ~full.index.isin(window["customer_id"])).all()


def test_churn_model_by_hand():
    rng = np.random.default_rng(1)
    x = pd.DataFrame({"recency_days": rng.uniform(0, 100, 200), "noise": rng.normal(size=200)})
    y = x["recency_days"] > 50
    result = churn_model(x, y)
    assert result.metric("roc_auc") == pytest.approx(1.0)
    imp = result.importance.set_index("feature")
    assert imp.index[0] == "recency_days" and imp.loc["recency_days", "importance"] > 0
    assert imp.loc["recency_days", "odds_ratio"] == pytest.approx(np.exp(imp.loc["recency_days", "importance"]))
    assert len(result.test) == 60 and result.metric("n_train") == 140
    assert result.metric("base_rate") == pytest.approx(result.test["churned"].mean())
    assert result.test.index.is_unique and result.test.index.isin(x.index).all()
    boosted = churn_model(x, y, model="gradient_boosting")
    assert boosted.importance["importance"].sum() == pytest.approx(1.0)
    assert boosted.importance["feature"].iloc[0] == "recency_days"


def test_churn_model_beats_the_base_rate_on_held_out_customers():
    aucs = []
    for seed in SEEDS:
        ds = churn_dataset(company(seed))
        result = churn_model(ds.drop(columns="churned"), ds["churned"])
        aucs.append(result.metric("roc_auc"))
        assert result.metric("roc_auc") >= 0.65
        assert result.metric("top_decile_lift") >= 1.5
        assert result.metric("average_precision") > result.metric("base_rate") + 0.1
        # held-out customers are not training customers, and the split is stratified
        test_ids = result.test.index
        assert test_ids.is_unique and len(test_ids) == result.metric("n_test")
        assert abs(result.test["churned"].mean() - ds["churned"].mean()) < 0.02
        # recomputed AUC (Mann–Whitney) on the returned test scores
        t = result.test
        pos, neg = t.loc[t["churned"], "probability"].to_numpy(), t.loc[~t["churned"], "probability"].to_numpy()
        auc = ((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()) / (len(pos) * len(neg))
        assert auc == pytest.approx(result.metric("roc_auc"))
    assert np.mean(aucs) >= 0.7, aucs


def test_truth_labels():
    ds = churn_dataset(company(0), label="truth")
    truth = company(0).truth_customers.set_index("customer_id")
    end = pd.Timestamp("2026-01-01")
    gone = truth["churned"] & (truth["churn_date"] < end)
    assert (ds["churned"] == gone.reindex(ds.index).to_numpy()).all()
    assert churn_model(ds.drop(columns="churned"), ds["churned"]).metric("roc_auc") > 0.55


def test_next_purchase_by_hand():
    log = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 1, 1, 2, 2, 3],
            "order_date": pd.to_datetime(
                ["2024-01-01", "2024-01-11", "2024-01-11", "2024-01-31", "2024-03-31", "2024-03-01", "2024-03-21", "2024-03-30"]
            ),
        }
    )
    out = next_purchase(log, as_of="2024-04-10").set_index("customer_id")
    # 1: gaps 10, 20, 60 (the same-day order is one purchase day) → mean 30, median 20
    assert out.loc[1, "typical_gap"] == 30 and out.loc[1, "purchase_days"] == 4
    assert out.loc[1, "expected_date"] == pd.Timestamp("2024-04-30") and out.loc[1, "due_in_days"] == 20
    assert not out.loc[1, "overdue"] and out.loc[1, "predicted_date"] == pd.Timestamp("2024-04-30")
    # 2 and 3 have fewer than 3 purchase days: no personal prediction
    assert np.isnan(out.loc[2, "typical_gap"]) and pd.isna(out.loc[2, "predicted_date"]) and not out.loc[2, "overdue"]
    # baseline: global mean gap (10 + 20 + 60 + 20) / 4 = 27.5 → 28 days, rolled past as_of
    assert out.loc[3, "baseline_date"] == pd.Timestamp("2024-03-30") + pd.Timedelta(days=28)
    assert out.loc[2, "baseline_date"] == pd.Timestamp("2024-03-21") + pd.Timedelta(days=28)
    med = next_purchase(log, as_of="2024-04-10", typical="median").set_index("customer_id")
    assert med.loc[1, "typical_gap"] == 20 and med.loc[1, "expected_date"] == pd.Timestamp("2024-04-20")
    two = next_purchase(log, as_of="2024-04-10", min_purchases=2).set_index("customer_id")
    # 2: one gap of 20 → due 2024-04-10, exactly as_of: not overdue, predicted that day
    assert two.loc[2, "due_in_days"] == 0 and not two.loc[2, "overdue"]
    late = next_purchase(log, as_of="2024-06-15", typical="median").set_index("customer_id")
    # 1: expected Apr 20 is 56 days overdue; rolled by whole 20-day cycles to Jun 19 (3 missed)
    assert late.loc[1, "overdue"] and late.loc[1, "due_in_days"] == -56
    assert late.loc[1, "missed_cycles"] == 3 and late.loc[1, "predicted_date"] == pd.Timestamp("2024-06-19")


def test_evaluate_next_purchase_by_hand():
    pred = pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 4],
            "predicted_date": pd.to_datetime(["2024-02-10", "2024-03-01", None, "2024-03-01"]),
            "baseline_date": pd.to_datetime(["2024-02-20", "2024-03-21", "2024-03-01", "2024-03-01"]),
        }
    )
    truth = pd.DataFrame(
        {"customer_id": [1, 2, 3, 4], "next_purchase_date": pd.to_datetime(["2024-02-12", "2024-03-05", "2024-03-02", None])}
    )
    out = evaluate_next_purchase(pred, truth).set_index("method")
    assert out["customers"].tolist() == [2, 2]  # 3 has no prediction, 4 no true date
    assert out.loc["personal_rhythm", "mae_days"] == 3.0 and out.loc["global_mean_gap", "mae_days"] == 12.0
    assert out.loc["personal_rhythm", "within_7_days"] == 1.0 and out.loc["global_mean_gap", "within_7_days"] == 0.0  # errors 8 and 16


def test_personal_rhythm_beats_the_global_gap(data):
    pred = next_purchase(data.orders)
    result = evaluate_next_purchase(pred, data.truth_customers).set_index("method")
    assert result.loc["personal_rhythm", "mae_days"] < result.loc["global_mean_gap", "mae_days"] - 2
    assert result.loc["personal_rhythm", "customers"] > 1000
    # recomputed MAE with plain pandas
    truth = data.truth_customers.set_index("customer_id")["next_purchase_date"]
    p = pred.set_index("customer_id")["predicted_date"]
    both = pd.concat([p, truth.reindex(p.index)], axis=1, keys=["p", "t"]).dropna()
    assert (both["p"] - both["t"]).abs().dt.days.mean() == pytest.approx(result.loc["personal_rhythm", "mae_days"])
    assert (pred["predicted_date"].dropna() >= pd.Timestamp("2026-01-01")).all()


def test_churn_signals_by_hand():
    data = _tiny()
    data["surveys"] = pd.DataFrame(
        {
            "customer_id": [1, 2],
            "survey_date": pd.to_datetime(["2024-02-01", "2024-03-01"]),
            "price_sensitivity": [9, 3],
            "product_satisfaction": [7, 3],
            "expect_quality": [8, 5],
            "perform_quality": [6, 5],
            "expect_price": [6, 5],
            "perform_price": [5, 6],
        }
    )
    out = churn_signals(data, customers=[1, 2, 99], as_of="2024-04-01").set_index("customer_id")
    # purchases only: customer 1's returned Mar 1 order is none (but counts in the return rate)
    assert out.loc[1, "orders_recent"] == 2 and out.loc[1, "orders_previous"] == 0
    assert out.loc[1, "return_rate"] == pytest.approx(1 / 3) and out.loc[1, "discount_share"] == pytest.approx(1 / 3)
    assert out.loc[1, "price_sensitive"] and not out.loc[1, "badly_handled_complaint"]
    assert out.loc[1, "main_signal"] == "price_sensitive"
    assert out.loc[1, "worst_attribute"] == "quality" and out.loc[1, "worst_gap"] == -2
    assert out.loc[2, "complaints_billing"] == 1 and out.loc[2, "bad_complaints"] == 1
    assert out.loc[2, "signals"] == "badly_handled_complaint, billing_dispute, product_gap"
    assert out.loc[2, "main_signal"] == "badly_handled_complaint"
    assert out.loc[99, "main_signal"] == "no_signal" and out.loc[99, "orders_recent"] == 0
    summary = churn_signal_summary(out.reset_index()).set_index("signal")
    assert summary.loc["price_sensitive", "share_with"] == pytest.approx(1 / 3)
    assert summary.loc["no_signal", "share_main"] == pytest.approx(1 / 3)
    assert set(summary.index) == set(SIGNALS)


def test_churn_signals_point_at_churners(data):
    signals = churn_signals(data)
    buyers = data.orders.loc[~data.orders["returned"], "customer_id"].nunique()  # a kept order at least
    assert signals["customer_id"].is_unique and len(signals) == buyers
    churned = data.truth_customers.set_index("customer_id")["churned"].reindex(signals["customer_id"]).to_numpy()
    main = signals["main_signal"].astype(str).to_numpy()
    assert churned[main == "frequency_decline"].mean() > churned[main == "no_signal"].mean() + 0.3
    assert churned[signals["badly_handled_complaint"].to_numpy()].mean() > churned.mean()
    # recomputed: badly handled complaints in the last 365 days
    c = data.complaints
    recent = c[c["opened_date"] >= pd.Timestamp("2026-01-01") - pd.Timedelta(days=365)]
    bad = recent["resolution"].isin(["rejected", "unresolved"]) | (recent["resolution_satisfaction"] <= 4).fillna(False)
    expected = recent[bad.to_numpy()].groupby("customer_id").size()
    got = signals.set_index("customer_id")["bad_complaints"]
    assert got[got > 0].sort_index().to_dict() == expected[expected.index.isin(got.index)].sort_index().to_dict()


def test_inputs_not_modified():
    data = _tiny()
    before = {k: v.copy(deep=True) for k, v in data.items()}
    churn_dataset(data, cutoff="2024-04-01", horizon=60)
    churn_signals(data)
    next_purchase(data["orders"], min_purchases=2)
    for k in data:
        pd.testing.assert_frame_equal(data[k], before[k])


def test_bad_input():
    data = _tiny()
    with pytest.raises(ParameterError, match="`cutoff`"):
        churn_dataset(data, cutoff="2024-06-01", horizon=60)
    with pytest.raises(ParameterError, match="'orders'"):
        churn_dataset({"customers": data["customers"]})
    with pytest.raises(ParameterTypeError, match="`data`"):
        churn_dataset(data["orders"])
    with pytest.raises(ParameterError, match="`label`"):
        churn_dataset(data, label="guess")
    with pytest.raises(ParameterError, match="truth_customers"):
        churn_dataset(data, cutoff="2024-04-01", horizon=60, label="truth")
    x = pd.DataFrame({"a": np.arange(40.0)})
    y = np.arange(40) % 2 == 0
    with pytest.raises(ColumnError, match="'channel'"):
        churn_model(x.assign(channel="web"), y)
    with pytest.raises(ParameterError, match="`labels`"):
        churn_model(x, y[:-1])
    with pytest.raises(ParameterError, match="`labels`"):
        churn_model(x, np.where(y, "yes", "no"))
    with pytest.raises(ParameterError, match="churners"):
        churn_model(x, np.zeros(40, dtype=bool))
    with pytest.raises(ParameterError, match="`model`"):
        churn_model(x, y, model="forest")
    with pytest.raises(ParameterError, match="`test_size`"):
        churn_model(x, y, test_size=0.95)
    with pytest.raises(ParameterError, match="one row per customer"):
        churn_model(x.set_index(np.zeros(40)), y)
    with pytest.raises(ParameterError, match="`min_purchases`"):
        next_purchase(data["orders"], min_purchases=1)
    with pytest.raises(ParameterError, match="`typical`"):
        next_purchase(data["orders"], typical="mode")
    with pytest.raises(ParameterError, match="two different days"):
        next_purchase(pd.DataFrame({"customer_id": [1, 2], "order_date": pd.to_datetime(["2024-01-01"] * 2)}))
    with pytest.raises(ColumnError, match="'next_purchase_date'"):
        evaluate_next_purchase(next_purchase(data["orders"]), data["customers"])
    with pytest.raises(ParameterTypeError, match="`customers`"):
        churn_signals(data, customers=5)


def test_bundled_data_figures():
    """The figures the lesson quotes, on the bundled course data."""
    data = crmlab.load_all()
    ds = churn_dataset(data)
    assert churn_model(ds.drop(columns="churned"), ds["churned"]).metric("roc_auc") >= 0.7


def test_the_rice_shop_reads_the_analysis_date_of_the_purchase_log():
    from crmlab.widgets.capstone import purchase_history

    # customer 2's last order (Mar 10) was returned: it is no purchase, but it is in the log, so the
    # analysis date is the day after it, as for every crmlab function
    log = pd.DataFrame({"customer_id": [1, 1, 2], "order_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-10"]),
                        "amount": [5.0, 5.0, 5.0], "returned": [False, False, True]})
    assert next_purchase(log, min_purchases=2).attrs["as_of"] == pd.Timestamp("2024-03-11")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert purchase_history(log).attrs["as_of"] == pd.Timestamp("2024-03-11")
