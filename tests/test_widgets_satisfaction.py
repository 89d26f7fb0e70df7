"""Lesson 06 explorer: one customer's P / E verdict, and the respondents if performance rose by Δ."""

from __future__ import annotations

import time

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import crmlab
from crmlab.errors import ColumnError, ParameterError
from crmlab.satisfaction import disconfirmation_summary, importance_performance, nps
from crmlab.widgets.satisfaction import satisfaction_explorer, satisfaction_update, survey_frame


@pytest.fixture
def tiny() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 4],
            "persona": ["economic", "ethical", "economic", "ethical"],
            "expect_price": [8, 5, 4, 10],
            "perform_price": [6, 5, 6, 9],
            "importance_price": [8, 2, 5, 5],
            "expect_quality": [5, 5, 5, 5],
            "perform_quality": [7, 7, 7, 7],
            "importance_quality": [2, 8, 5, 5],
            "recommend": [9, 6, 7, 8],
        }
    )


@pytest.fixture(scope="module")
def bundled():
    return {"surveys": crmlab.load("surveys"), "truth_customers": crmlab.load("truth_customers")}


def test_hand_worked_shares_nps_and_quadrants(tiny):
    r = satisfaction_update(tiny, "price", 0.0, 0.05)
    # P/E = 0.75, 1, 1.5, 0.9
    assert r["before"]["share_dissatisfied"] == pytest.approx(0.5)
    assert r["before"]["share_satisfied"] == pytest.approx(0.25)
    assert r["before"]["share_delighted"] == pytest.approx(0.25)
    assert r["nps_before"] == pytest.approx(0.0) and r["nps_after"] == pytest.approx(0.0)
    # importance 5 and 5 → cross-hair 5 (on it = high); performance 6.5 vs 7 → cross-hair 6.75
    assert r["quadrant_before"] == "concentrate_here"

    r = satisfaction_update(tiny, "price", 1.0, 0.05)
    # P = 7, 6, 7, 10 → P/E = 0.875, 1.2, 1.75, 1.0
    assert r["after"][["share_delighted", "share_satisfied", "share_dissatisfied"]].tolist() == pytest.approx(
        [0.5, 0.25, 0.25]
    )
    # recommend + 0.9 × w × 1 with w = 0.8, 0.2, 0.5, 0.5 → 9.72, 6.18, 7.45, 8.45: 1 promoter, 0 detractors
    assert r["nps_after"] == pytest.approx(25.0)
    # price performance 7.5 > cross-hair 7.25
    assert r["quadrant_after"] == "keep_up_the_good_work"
    assert r["ipa_after"].loc["quality", "quadrant"] == "concentrate_here"
    assert r["n"] == 4


def test_shift_is_kept_on_the_scale_and_slope_zero_keeps_nps(tiny):
    r = satisfaction_update(tiny, "price", 3.0, 0.05, nps_slope=0.0)
    # P = 9, 8, 9, 10 (12 clipped) → P/E = 1.125, 1.6, 2.25, 1.0
    assert r["after"]["share_satisfied"] == pytest.approx(0.25)
    assert r["after"]["share_delighted"] == pytest.approx(0.75)
    assert r["after"]["mean_performance"] == pytest.approx(9.0)
    assert r["nps_after"] == pytest.approx(r["nps_before"])


def test_one_customer_and_tolerance(tiny):
    r = satisfaction_update(tiny, "price", expectation=8, performance=6)
    assert r["customer"]["outcome"] == "dissatisfied" and r["customer"]["ratio"] == pytest.approx(0.75)
    assert satisfaction_update(tiny, "price", expectation=7, performance=7)["customer"]["outcome"] == "satisfied"
    assert satisfaction_update(tiny, "price", expectation=5, performance=7)["customer"]["outcome"] == "delighted"
    r = satisfaction_update(tiny, "price", tolerance=0.2, expectation=10, performance=9)
    assert r["customer"]["outcome"] == "satisfied"
    # the wider band also moves respondents: 0.9 is now satisfied
    assert r["before"]["share_satisfied"] == pytest.approx(0.5)


def test_groups_filter_respondents(tiny):
    r = satisfaction_update(tiny, "price", groups=["economic"])
    assert r["n"] == 2
    with pytest.raises(ParameterError):
        satisfaction_update(tiny, "price", groups=[])
    with pytest.raises(ColumnError):
        satisfaction_update(tiny, "speed")


def test_agrees_with_the_analytics_on_the_bundled_data(bundled):
    surveys = bundled["surveys"]
    frame = survey_frame(surveys, bundled["truth_customers"])
    r = satisfaction_update(frame, "price", 0.0, 0.05)
    expected = disconfirmation_summary(surveys).loc["price"]
    assert r["before"]["share_dissatisfied"] == pytest.approx(expected["share_dissatisfied"])
    assert r["nps_before"] == pytest.approx(float(nps(surveys)["nps"].iloc[0]))
    assert r["nps_after"] == pytest.approx(r["nps_before"])
    pd.testing.assert_frame_equal(r["ipa_before"], importance_performance(surveys))

    r = satisfaction_update(frame, "service", 1.5, 0.1)
    shifted = surveys.assign(perform_service=(surveys["perform_service"] + 1.5).clip(1, 10))
    want = disconfirmation_summary(shifted, ["service"], tolerance=0.1).loc["service"]
    assert r["after"]["share_delighted"] == pytest.approx(want["share_delighted"])
    assert r["ipa_after"].loc["service", "performance"] == pytest.approx(shifted["perform_service"].mean())


def test_better_performance_never_adds_dissatisfied_and_price_matters_to_economic(bundled):
    frame = survey_frame(bundled["surveys"], bundled["truth_customers"])
    shares = [satisfaction_update(frame, "price", d)["after"]["share_dissatisfied"] for d in (-2, -1, 0, 1, 2)]
    assert all(a >= b for a, b in zip(shares, shares[1:]))
    npss = [satisfaction_update(frame, "price", d)["nps_after"] for d in (0, 1, 2)]
    assert npss[0] <= npss[1] <= npss[2]
    assert satisfaction_update(frame, "price", groups=["economic"])["quadrant_before"] == "concentrate_here"


def test_wiring(bundled):
    ex = satisfaction_explorer(bundled)
    c = ex.controls
    base = ex.result
    assert base["n"] == len(bundled["surveys"])

    c["delta"].value = 2.0
    assert ex.result["after"]["share_dissatisfied"] < base["after"]["share_dissatisfied"]
    c["attribute"].value = "quality"
    assert ex.result["ipa_after"].loc["quality", "performance"] > base["ipa_after"].loc["quality", "performance"]
    c["expectation"].value = 9.0
    assert ex.result["customer"]["outcome"] == "dissatisfied"
    c["performance"].value = 9.5  # 9.5 / 9 ≈ 1.056: just outside the 5 % band
    assert ex.result["customer"]["outcome"] == "delighted"
    c["tolerance"].value = 0.1
    assert ex.result["customer"]["outcome"] == "satisfied"
    c["picture"].value = "ipa"
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert ex.result["plot"](ax).get_xlabel() == "Mean performance"  # the IPA grid
    plt.close(fig)
    c["groups"].value = ("economic",)
    assert ex.result["n"] < base["n"]
    assert "IPA" in ex.table.value and ex.summary.value.startswith("One customer")


def test_an_empty_selection_shows_an_error_and_keeps_the_last_result(bundled):
    ex = satisfaction_explorer(bundled)
    last = ex.result
    ex.controls["groups"].value = ()
    assert "at least one group" in ex.error.value
    assert ex.result is last
    ex.controls["groups"].value = ("economic", "ethical")
    assert ex.error.value == "" and ex.result["n"] < last["n"]


def test_factory_rejects_an_unknown_attribute(bundled):
    with pytest.raises(ParameterError):
        satisfaction_explorer(bundled, attribute="speed")


def test_update_speed(bundled):
    frame = survey_frame(bundled["surveys"], bundled["truth_customers"])
    times = []
    for i in range(20):
        start = time.perf_counter()
        satisfaction_update(frame, ["price", "quality", "service", "delivery"][i % 4], (i % 7) - 3, 0.01 * (i % 10))
        times.append(time.perf_counter() - start)
    print(f"satisfaction_update p95: {np.percentile(times, 95) * 1000:.1f} ms over {len(times)} moves")
