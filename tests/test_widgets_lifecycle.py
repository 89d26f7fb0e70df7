"""Lesson 05 explorer: churn flags by inactivity threshold, group and cohort, against the truth."""

from __future__ import annotations

import time

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import crmlab
from crmlab.errors import CrmlabError, ParameterError
from crmlab.lifecycle import churn_flags, churn_rate, cohort_retention
from crmlab.widgets import lesson_explorers
from crmlab.widgets.lifecycle import lifecycle_explorer, lifecycle_history, lifecycle_update


@pytest.fixture(scope="module")
def data():
    return {name: crmlab.load(name) for name in ("orders", "customers", "truth_customers")}


@pytest.fixture(scope="module")
def history(data):
    return lifecycle_history(data["orders"])


@pytest.fixture(scope="module")
def explorer(data):
    return lifecycle_explorer(data)


def _tiny():
    orders = pd.DataFrame(
        {
            "customer_id": [1, 1, 2, 3, 3, 4],
            "order_date": pd.to_datetime(
                ["2024-01-01", "2024-06-20", "2024-01-15", "2024-02-01", "2024-03-01", "2024-06-01"]
            ),
        }
    )
    groups = pd.DataFrame({"customer_id": [1, 2, 3, 4], "tier": ["gold", "gold", "none", "none"]})
    truth = pd.DataFrame({"customer_id": [1, 2, 3, 4], "churned": [False, True, False, False]})
    return orders, groups, truth


def test_hand_worked_tiny_example():
    orders, groups, truth = _tiny()
    hist = lifecycle_history(orders, as_of="2024-07-01")
    # Days since last purchase on 2024-07-01: 11, 168, 122, 30.
    assert hist["days_since_last"].tolist() == [11, 168, 122, 30]
    assert hist["cohort"].tolist() == ["2024-01", "2024-01", "2024-02", "2024-06"]
    assert hist["tenure_days"].tolist() == [182, 168, 151, 30]
    out = lifecycle_update(hist, groups, truth, 100, "tier")
    assert out["flags"]["churned"].tolist() == [False, True, True, False]
    rates = out["rates"].set_index("tier")
    assert rates["churn_rate"].to_dict() == {"gold": 0.5, "none": 0.5}
    assert rates["true_churn_rate"].to_dict() == {"gold": 0.5, "none": 0.0}
    assert out["agreement"] == 0.75 and out["false_alarms"] == 1 and out["missed"] == 0
    # A longer threshold flags only customer 2, who did churn: full agreement.
    out = lifecycle_update(hist, groups, truth, 150, "tier")
    assert out["flags"]["churned"].tolist() == [False, True, False, False]
    assert out["agreement"] == 1.0
    # Cohort 2024-01 holds customers 1 and 2.
    out = lifecycle_update(hist, groups, truth, 100, "tier", cohort="2024-01")
    assert out["flags"]["customer_id"].tolist() == [1, 2]
    assert out["rates"]["customers"].tolist() == [2]


def test_a_cohort_too_young_for_the_threshold_is_an_error():
    orders, groups, truth = _tiny()
    hist = lifecycle_history(orders, as_of="2024-07-01")
    with pytest.raises(ParameterError, match="2024-06"):
        lifecycle_update(hist, groups, truth, 60, "tier", cohort="2024-06")
    with pytest.raises(ParameterError):
        lifecycle_update(hist, groups, truth, 0, "tier")
    with pytest.raises(CrmlabError):
        lifecycle_update(hist, groups, truth, 60, "no_such_column")


def test_agrees_with_the_analytics_functions_on_the_bundled_data(data, history):
    orders, customers, truth = data["orders"], data["customers"], data["truth_customers"]
    for threshold, by in ((90, "acquisition_channel"), (180, "membership_tier"), (365, "gender")):
        out = lifecycle_update(history, customers, truth, threshold, by)
        flags = churn_flags(orders, threshold_days=threshold)
        assert out["flags"]["churned"].tolist() == flags["churned"].tolist()
        expected = churn_rate(flags, by, groups=customers)
        np.testing.assert_allclose(out["rates"]["churn_rate"], expected["churn_rate"])
        assert out["rates"]["customers"].tolist() == expected["customers"].tolist()
        true = truth.set_index("customer_id")["churned"].reindex(flags["customer_id"]).to_numpy()
        assert out["agreement"] == pytest.approx((flags["churned"].to_numpy() == true).mean())


def test_retention_comes_from_cohort_retention(data, history):
    retention = cohort_retention(data["orders"])
    retention.index = retention.index.astype(str)
    out = lifecycle_update(history, data["customers"], data["truth_customers"], 180, "gender", retention=retention)
    assert out["retention"] is retention
    out = lifecycle_update(history, data["customers"], data["truth_customers"], 180, "gender",
                           cohort="2024-03", retention=retention)
    pd.testing.assert_series_equal(out["retention"], retention.loc["2024-03"])
    assert (out["flags"]["customer_id"].isin(history.loc[history["cohort"] == "2024-03", "customer_id"])).all()


def test_wiring(explorer):
    assert lesson_explorers()["05"] == ["lifecycle_explorer"]
    first = explorer.result
    assert first["threshold"] == 180 and first["by"] == "acquisition_channel"
    explorer.controls["threshold"].value = 360
    assert explorer.result["threshold"] == 360
    assert explorer.result["churn_rate"] < first["churn_rate"]  # a longer threshold flags fewer
    explorer.controls["by"].value = "membership_tier"
    assert list(explorer.result["rates"]["membership_tier"].astype(str)) == ["none", "silver", "gold", "platinum"]
    assert "platinum" in explorer.table.value
    explorer.controls["threshold"].value = 180
    explorer.controls["cohort"].value = "2024-01"
    assert explorer.result["cohort"] == "2024-01"
    assert isinstance(explorer.result["retention"], pd.Series)
    assert "2024-01" in explorer.summary.value
    explorer.controls["cohort"].value = "all"
    assert isinstance(explorer.result["retention"], pd.DataFrame)


def test_a_bad_combination_shows_an_error_and_keeps_the_last_view(explorer):
    explorer.controls["threshold"].value = 180
    explorer.controls["cohort"].value = "all"
    before = explorer.result
    explorer.controls["cohort"].value = "2025-12"  # first bought < 180 days before the end
    assert "2025-12" in explorer.error.value
    assert explorer.result is before
    explorer.controls["threshold"].value = 30
    assert explorer.error.value == "" and explorer.result["cohort"] == "2025-12"
    explorer.controls["cohort"].value = "all"


def test_update_speed(data, history):
    retention = cohort_retention(data["orders"])
    retention.index = retention.index.astype(str)
    moves = [(t, by, c) for t, by, c in zip(
        range(30, 630, 30),
        ["acquisition_channel", "membership_tier", "gender", "occupation", "education"] * 4,
        ["all", "2023-01", "2024-06", "all", "2023-07"] * 4,
    )]
    times = []
    for t, by, c in moves:
        start = time.perf_counter()
        lifecycle_update(history, data["customers"], data["truth_customers"], t, by, cohort=c, retention=retention)
        times.append(time.perf_counter() - start)
    print(f"\nlifecycle_update p95 over {len(times)} moves: {np.percentile(times, 95) * 1000:.1f} ms")
