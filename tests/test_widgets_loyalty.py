"""Loyalty-matrix explorer (lesson 07): known answers, wiring, errors shown, speed measured."""

from __future__ import annotations

import time

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import crmlab
from crmlab import loyalty
from crmlab.widgets import lesson_explorers
from crmlab.widgets.loyalty import loyalty_matrix_explorer, loyalty_matrix_update


@pytest.fixture(scope="module")
def data():
    return {name: crmlab.load(name) for name in ("surveys", "truth_customers")}


def _tiny():
    # customers 1–4 one per cell at threshold 8; 5 is loyal too; 6 lacks a service rating
    surveys = pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 4, 5, 6],
            "product_satisfaction": [9, 3, 9, 3, 8, 9],
            "service_satisfaction": [9, 9, 3, 3, 10, np.nan],
        }
    )
    truth = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5, 6, 7], "churned": [False, True, True, True, True, True, False]})
    return surveys, truth


def test_tiny_known_answer():
    surveys, truth = _tiny()
    r = loyalty_matrix_update(surveys, truth, 8)
    assert r["matrix"]["n"].tolist() == [2, 1, 1, 1]
    assert r["matrix"]["share"].tolist() == [0.4, 0.2, 0.2, 0.2]
    assert r["churn_by_cell"].tolist() == [0.5, 1.0, 1.0, 1.0]
    assert r["overall_churn"] == pytest.approx(4 / 5)  # customer 6 (unclassified) and 7 (no survey) left out
    assert r["table"].shape == (4, 3)
    assert "80%" in r["summary"]


def test_tiny_threshold_moves_customers_between_cells():
    surveys, truth = _tiny()
    r = loyalty_matrix_update(surveys, truth, 10)  # only customer 5's service rating (10) is satisfied
    assert r["matrix"]["n"].tolist() == [0, 1, 0, 4]
    assert np.isnan(r["churn_by_cell"]["loyal"])  # an empty cell has no churn rate
    assert r["churn_by_cell"]["hopeful"] == 1.0
    assert r["churn_by_cell"]["destructive"] == 0.75
    assert "–" in r["summary"]  # the empty loyal cell's churn is shown as a dash


def test_agrees_with_the_analytics_on_the_bundled_data(data):
    surveys, truth = data["surveys"], data["truth_customers"]
    for threshold in (6, 8, 9):
        r = loyalty_matrix_update(surveys, truth, threshold)
        pd.testing.assert_frame_equal(r["matrix"], loyalty.loyalty_matrix(surveys, threshold=threshold))
        cells = loyalty.loyalty_matrix_cells(surveys, threshold=threshold)
        merged = pd.DataFrame({"customer_id": surveys["customer_id"], "cell": cells["cell"].astype(str)}).merge(
            truth[["customer_id", "churned"]], on="customer_id"
        )
        expected = merged.groupby("cell")["churned"].mean().reindex(r["churn_by_cell"].index)
        np.testing.assert_allclose(r["churn_by_cell"].to_numpy(), expected.to_numpy())
        assert int(r["churn"]["customers"].sum()) == len(surveys)
    # the courseware's claim on the company's data: loyal customers churn least, destructive most
    r = loyalty_matrix_update(surveys, truth, 8)
    c = r["churn_by_cell"]
    assert c["loyal"] < min(c["hopeful"], c["easily_poached"]) and c["destructive"] > max(c["hopeful"], c["easily_poached"])


def test_other_rating_columns(data):
    r = loyalty_matrix_update(data["surveys"], data["truth_customers"], 7, product="perform_quality", service="perform_service")
    expected = loyalty.loyalty_matrix(data["surveys"], "perform_quality", "perform_service", 7)
    pd.testing.assert_frame_equal(r["matrix"], expected)


def test_same_column_twice_is_an_error():
    surveys, truth = _tiny()
    with pytest.raises(crmlab.errors.ParameterError, match="same rating"):
        loyalty_matrix_update(surveys, truth, 8, product="product_satisfaction", service="product_satisfaction")


def test_explorer_is_registered():
    assert "loyalty_matrix_explorer" in lesson_explorers()["07"]


def test_wiring(data):
    view = loyalty_matrix_explorer(data)
    assert view.result["threshold"] == 8.0
    before = view.result["matrix"]["n"].tolist()
    view.controls["threshold"].value = 6
    assert view.result["threshold"] == 6.0
    assert view.result["matrix"]["n"]["loyal"] > before[0]
    assert "6 or more" in view.summary.value and "<tr" in view.table.value
    view.controls["product"].value = "perform_quality"
    pd.testing.assert_frame_equal(
        view.result["matrix"], loyalty.loyalty_matrix(data["surveys"], "perform_quality", "service_satisfaction", 6)
    )
    view.controls["service"].value = "perform_after_sales"
    pd.testing.assert_frame_equal(
        view.result["matrix"], loyalty.loyalty_matrix(data["surveys"], "perform_quality", "perform_after_sales", 6)
    )
    assert view.error.value == ""
    assert len(view.timings) == 4


def test_bad_combination_shows_an_error_and_keeps_the_last_view(data):
    view = loyalty_matrix_explorer(data)
    last = view.result
    view.controls["service"].value = "product_satisfaction"  # same as the product column
    assert "same rating (satisfaction with the products)" in view.error.value
    assert view.result is last
    view.controls["service"].value = "perform_service"
    assert view.error.value == "" and view.result is not last


def test_update_speed(data):
    surveys, truth = data["surveys"], data["truth_customers"][["customer_id", "churned"]]
    times = []
    for i in range(20):
        start = time.perf_counter()
        loyalty_matrix_update(surveys, truth, 2 + i % 9)
        times.append(time.perf_counter() - start)
    print(f"loyalty_matrix_update p95 over 20 moves: {np.percentile(times, 95) * 1000:.1f} ms")
