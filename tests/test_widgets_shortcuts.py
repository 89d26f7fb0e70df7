"""Explorers take shortcuts to answer quickly — the invoice log read once, the survey's part
remembered while only one customer's E or P moves, segmentations remembered when a student
goes back to a k — and must show exactly what their public update functions compute afresh."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import crmlab
from crmlab import credit
from crmlab.widgets.credit import credit_policy_explorer, credit_policy_update
from crmlab.widgets.satisfaction import satisfaction_explorer, satisfaction_update, survey_frame
from crmlab.widgets.segmentation import segmentation_explorer, segmentation_update


@pytest.fixture(scope="module")
def tables():
    return crmlab.load_all()


def _same_frames(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_credit_explorer_equals_a_fresh_update(tables):
    view = credit_policy_explorer(tables)
    invoices = tables["invoices"]
    collection = credit.collection(invoices)
    scores = credit.five_c(tables["accounts"], collection)
    truth = tables["truth_accounts"].set_index("account_id")["true_grade"]
    for a, b, c in [(80, 60, 45), (70, 55, 30), (90, 70, 50)]:
        view.controls["a"].value, view.controls["b"].value, view.controls["c"].value = a, b, c
        fresh = credit_policy_update(scores, invoices, (a, b, c), collection=collection, truth=truth)
        shown = view.result
        _same_frames(shown["receivables"], fresh["receivables"])
        _same_frames(shown["receivables"], credit.receivables_at_risk(invoices, fresh["grades"]))
        _same_frames(shown["table"], fresh["table"])
        assert shown["summary"] == fresh["summary"] and shown["kappa"] == fresh["kappa"]


def test_satisfaction_explorer_equals_a_fresh_update(tables):
    view = satisfaction_explorer(tables)
    frame = survey_frame(tables["surveys"], tables["truth_customers"])
    moves = [("delta", 1.5), ("expectation", 4.0), ("performance", 9.0), ("tolerance", 0.2),
             ("expectation", 8.0), ("delta", -2.0), ("attribute", "quality"), ("delta", 1.5)]
    for name, value in moves:
        view.controls[name].value = value
        fresh = satisfaction_update(frame, **view.values())
        shown = view.result
        assert shown["summary"] == fresh["summary"]
        _same_frames(shown["table"], fresh["table"])
        pd.testing.assert_series_equal(shown["after"], fresh["after"])
        _same_frames(shown["ipa_after"], fresh["ipa_after"])
        assert shown["nps_after"] == fresh["nps_after"]


def test_segmentation_explorer_equals_a_fresh_update_when_going_back(tables):
    view = segmentation_explorer(tables)
    features = crmlab.segment.segmentation_features(tables)
    truth = tables["truth_customers"]
    for k in (5, 3, 5, 4):  # 5 and 4 come back: remembered
        view.controls["k"].value = k
        fresh = segmentation_update(features, k, view.controls["columns"].value, truth)
        shown = view.result
        pd.testing.assert_series_equal(shown["labels"], fresh["labels"])
        assert shown["silhouette"] == fresh["silhouette"] and shown["ari"] == fresh["ari"]
        assert shown["summary"] == fresh["summary"]
        _same_frames(shown["table"], fresh["table"])
    from crmlab import i18n

    before = i18n._state["language"]
    crmlab.set_language("zh_CN")  # the names are remembered per language
    try:
        view.controls["k"].value = 5
        fresh = segmentation_update(features, 5, view.controls["columns"].value, truth)
        assert view.result["summary"] == fresh["summary"]
        _same_frames(view.result["table"], fresh["table"])
        assert not np.array_equal(view.result["table"].columns, ["Name", "Customers", "Share"])
    finally:
        crmlab.set_language(before)
