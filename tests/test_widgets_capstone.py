"""Lesson 08 (capstone): recommendations, the A–E cases and the rice-shop explorer."""

from __future__ import annotations

import time

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import crmlab
from crmlab import credit, lifecycle, value
from crmlab.widgets import capstone as cap


@pytest.fixture(scope="module")
def data():
    return crmlab.load_all()


@pytest.fixture(scope="module")
def history(data):
    return cap.purchase_history(data["orders"])


def _tiny():
    orders = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 2, 2, 2, 2, 3],
            "order_date": pd.to_datetime(
                ["2024-01-01", "2024-01-11", "2024-01-21", "2024-01-01", "2024-01-05", "2024-01-09", "2024-01-13",
                 "2024-01-20"]
            ),
        }
    )
    truth = pd.DataFrame({"customer_id": [1, 2, 3],
                          "next_purchase_date": pd.to_datetime(["2024-02-01", "2024-01-25", pd.NaT])})
    return orders, truth


def test_update_hand_worked():
    orders, truth = _tiny()
    hist = cap.purchase_history(orders)  # as_of = 2024-01-22
    r = cap.next_purchase_update(hist, truth, min_purchases=3, due_days=3)
    # customer 1: gap 10 → 2024-01-31; customer 2: gap 4 → 2024-01-17, rolled to 2024-01-25
    pred = r["predictions"].set_index("customer_id")["predicted_date"]
    assert pred[1] == pd.Timestamp("2024-01-31") and pred[2] == pd.Timestamp("2024-01-25")
    assert pd.isna(pred[3])
    assert r["accuracy"].set_index("method").loc["personal_rhythm", "mae_days"] == 0.5  # errors 1 and 0
    assert r["due"]["customer_id"].tolist() == [] and r["n_due"] == 0
    r = cap.next_purchase_update(hist, truth, min_purchases=3, due_days=4)
    assert r["due"]["customer_id"].tolist() == [2] and r["hit_rate"] == 1.0
    assert r["hit_rate_on_rhythm"] != r["hit_rate_on_rhythm"]  # customer 2 missed a cycle: NaN
    assert sorted(r["errors"]["personal_rhythm"].tolist()) == [-1.0, 0.0]
    # min_purchases=4 leaves only customer 2 (four purchase days)
    r = cap.next_purchase_update(hist, truth, min_purchases=4, due_days=4)
    assert int(r["accuracy"]["customers"].iloc[0]) == 1


def test_update_agrees_with_lifecycle(data, history):
    for m in (2, 3, 6):
        ref = lifecycle.evaluate_next_purchase(lifecycle.next_purchase(data["orders"], min_purchases=m),
                                               data["truth_customers"])
        got = cap.next_purchase_update(history, data["truth_customers"], m, 7)
        pd.testing.assert_frame_equal(got["accuracy"], ref)
    pred = lifecycle.next_purchase(data["orders"], min_purchases=3)
    due = pred[(pred["predicted_date"] >= "2026-01-01") & (pred["predicted_date"] < "2026-01-08")]
    got = cap.next_purchase_update(history, data["truth_customers"], 3, 7)
    assert sorted(got["due"]["customer_id"]) == sorted(due["customer_id"])


def test_bad_parameters_raise_crmlab_errors(history, data):
    from crmlab.errors import CrmlabError

    with pytest.raises(CrmlabError):
        cap.next_purchase_update(history, data["truth_customers"], 1, 7)
    with pytest.raises(CrmlabError):
        cap.next_purchase_update(history, data["truth_customers"], 500, 7)


def test_explorer_wiring_and_errors(data):
    view = cap.next_purchase_explorer(data)
    c = view.controls
    n7 = view.result["n_due"]
    c["due_days"].value = 30
    assert view.result["n_due"] > n7
    scored = int(view.result["accuracy"]["customers"].iloc[0])
    c["min_purchases"].value = 8
    assert int(view.result["accuracy"]["customers"].iloc[0]) < scored
    assert "customers due within 30 days" in view.summary.value
    c["min_purchases"].value = c["min_purchases"].max  # nobody buys that often: shown, not raised
    assert view.error.value != "" and int(view.result["accuracy"]["customers"].iloc[0]) < scored
    c["min_purchases"].value = 3
    assert view.error.value == ""


def test_update_speed(data, history):
    times = []
    for i in range(20):
        start = time.perf_counter()
        cap.next_purchase_update(history, data["truth_customers"], 2 + i % 10, 1 + 3 * i)
        times.append(time.perf_counter() - start)
    print(f"next_purchase_update p95: {np.percentile(times, 95) * 1000:.1f} ms")


def test_recommend_actions_rules():
    r = pd.DataFrame(
        {
            "tier": ["vip", "small", "major", "small", "vip", "vip", "ordinary", "small", "small"],
            "segment": ["lost", "lost", "loyal", "champions", "champions", "champions", "loyal", "promising", "loyal"],
            "churn_risk": ["gone", "gone", "high", "high", "low", "low", "watch", "low", "low"],
            "satisfaction": ["unknown", "unknown", "high", "low", "high", "medium", "medium", "unknown", "high"],
        }
    )
    out = cap.recommend_actions(r)
    assert out["rule"].tolist() == [1, 2, 3, 4, 5, 5, 6, 7, 8]
    assert out["action"].tolist() == ["win_back", "minimal_service", "retain", "minimal_service", "keep_close",
                                      "keep_close", "develop", "develop", "minimal_service"]
    assert out["reason"].iloc[4] != out["reason"].iloc[5]  # delighted vs satisfaction trap


def test_review_and_table_on_bundled_data(data):
    review = cap.customer_review(data)
    assert len(review) == len(value.abc(data["orders"]))
    stages = lifecycle.lifecycle_stage(data["orders"], complaints=data["complaints"])
    assert (review["churn_risk"] == "gone").sum() == (stages["stage"] == "lapsed").sum()
    acts = cap.recommend_actions(review)
    table = cap.recommendation_table(acts, truth=data["truth_customers"])
    assert table["customers"].sum() == len(acts)
    assert abs(table["revenue_share"].sum() - 1) < 1e-9
    by_action = cap.recommendation_table(acts, by="action", truth=data["truth_customers"]).set_index("action")
    assert by_action.loc["win_back", "truly_churned"] > by_action.loc["keep_close", "truly_churned"]
    ax = cap.plot_recommendations(acts)
    assert ax.get_title()


def test_churn_cases(data):
    sig = lifecycle.churn_signals(data)
    cases = cap.churn_cases(sig, value.abc(data["orders"])["value"], credit.credit_signals(data["invoices"]),
                            credit.collection(data["invoices"]))
    assert cases["case"].tolist() == list("ABCDE")
    s = sig.set_index("customer_id")
    assert s.loc[cases.loc[0, "id"], "main_signal"] == "quality_problem"
    assert s.loc[cases.loc[1, "id"], "signals"] == "frequency_decline"
    assert s.loc[cases.loc[4, "id"], "main_signal"] == "product_gap"
    assert cases["kind"].tolist() == ["customer", "customer", "account", "account", "customer"]
