"""Lesson 03 credit-policy explorer: known answers, agreement with crmlab.credit, wiring, speed."""

from __future__ import annotations

import time

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import crmlab
from crmlab import credit
from crmlab.errors import ParameterError
from crmlab.widgets.credit import credit_policy_explorer, credit_policy_scores, credit_policy_update

# ---------------------------------------------------------------- a tiny, hand-worked ledger
# Four accounts, one invoice each. As of 2025-06-02 (day after the last invoice):
#   1 paid 100 of 100 before the due date      → nothing open
#   2 paid 100 of 200, due 2025-01-31          → 100 open, 122 days past due
#   3 paid nothing of 300, due 2025-01-31      → 300 open, 122 days past due
#   4 invoiced 400 on 2025-06-01, not yet due  → 400 open, nothing due yet
TINY_INVOICES = pd.DataFrame(
    {
        "account_id": [1, 2, 3, 4],
        "invoice_date": pd.to_datetime(["2025-01-01"] * 3 + ["2025-06-01"]),
        "due_date": pd.to_datetime(["2025-01-31"] * 3 + ["2025-07-01"]),
        "amount": [100.0, 200.0, 300.0, 400.0],
        "paid_date": pd.to_datetime(["2025-01-20", "2025-02-10", None, None]),
        "paid_amount": [100.0, 100.0, 0.0, 0.0],
    }
)
TINY_SCORES = pd.DataFrame({"total": [80.0, 65.0, 50.0, 10.0]}, index=pd.Index([1, 2, 3, 4], name="account_id"))


def test_tiny_ledger_default_cut_offs():
    r = credit_policy_update(TINY_SCORES, TINY_INVOICES)
    assert r["grades"]["grade"].astype(str).tolist() == ["A", "B", "C", "D"]
    assert r["mix"].tolist() == [1, 1, 1, 1]
    assert r["receivables"]["open_receivables"].tolist() == [0.0, 100.0, 300.0, 400.0]
    assert r["receivables"]["over_90"].tolist() == [0.0, 100.0, 300.0, 0.0]
    rate = r["by_grade"]["collection_rate"]
    assert rate.iloc[:3].tolist() == [1.0, 0.5, 0.0] and np.isnan(rate["D"])
    assert "C and D owe 88%" in r["summary"]
    assert r["kappa"] is None
    assert r["table"].shape == (4, 5)


def test_tiny_ledger_raising_the_a_cut_off_moves_account_1_to_b():
    r = credit_policy_update(TINY_SCORES, TINY_INVOICES, (85, 60, 45))
    assert r["mix"].tolist() == [0, 2, 1, 1]
    assert r["by_grade"].loc["B", "collection_rate"] == pytest.approx(200 / 300)
    assert r["receivables"].loc["B", "open_receivables"] == 100.0


def test_tiny_ledger_kappa_against_a_truth():
    perfect = pd.Series(["A", "B", "C", "D"], index=[1, 2, 3, 4])
    assert credit_policy_update(TINY_SCORES, TINY_INVOICES, truth=perfect)["kappa"] == pytest.approx(1.0)
    assert "kappa 1.00" in credit_policy_update(TINY_SCORES, TINY_INVOICES, truth=perfect)["summary"]


@pytest.mark.parametrize("bad", [(60, 60, 45), (50, 60, 45), (75, 40, 45), (75, 60)])
def test_cut_offs_out_of_order_are_explained(bad):
    with pytest.raises(ParameterError, match="cut-off"):
        credit_policy_update(TINY_SCORES, TINY_INVOICES, bad)


# ---------------------------------------------------------------- the bundled company
@pytest.fixture(scope="module")
def bundled():
    data = {name: crmlab.load(name) for name in ("accounts", "invoices", "truth_accounts")}
    col = credit.collection(data["invoices"])
    return data, col, credit_policy_scores(data["accounts"], col)


def test_scores_cache_holds_both_toggle_states(bundled):
    data, col, scores = bundled
    pd.testing.assert_frame_equal(scores[False], credit.five_c(data["accounts"]))
    pd.testing.assert_frame_equal(scores[True], credit.five_c(data["accounts"], col))
    assert "payment" in scores[True] and "payment" not in scores[False]


@pytest.mark.parametrize("history", [False, True])
def test_agrees_with_the_credit_functions(bundled, history):
    from sklearn.metrics import cohen_kappa_score

    data, col, scores = bundled
    truth = data["truth_accounts"].set_index("account_id")["true_grade"]
    cuts = (70, 55, 40)
    r = credit_policy_update(scores[history], data["invoices"], cuts, collection=col, truth=truth)
    grades = credit.credit_grades(scores[history], cuts)
    assert r["mix"].tolist() == grades["grade"].value_counts().reindex(list("ABCD")).tolist()
    pd.testing.assert_frame_equal(r["receivables"], credit.receivables_at_risk(data["invoices"], grades))
    pd.testing.assert_frame_equal(r["by_grade"], credit.collection_by_grade(col, grades))
    expected = cohen_kappa_score(truth.astype(str), grades["grade"].astype(str).reindex(truth.index))
    assert r["kappa"] == pytest.approx(expected)
    # without passing the collection table in, the same answer (computed inside)
    again = credit_policy_update(scores[history], data["invoices"], cuts, truth=truth)
    pd.testing.assert_frame_equal(again["by_grade"], r["by_grade"])


def test_payment_history_agrees_better_with_the_truth(bundled):
    data, col, scores = bundled
    truth = data["truth_accounts"].set_index("account_id")["true_grade"]
    with_history = credit_policy_update(scores[True], data["invoices"], collection=col, truth=truth)
    five_c_only = credit_policy_update(scores[False], data["invoices"], collection=col, truth=truth)
    assert with_history["kappa"] > five_c_only["kappa"]
    # the 5C alone grades cautiously at the default cut-offs: few A, many C
    assert five_c_only["mix"]["A"] < with_history["mix"]["A"]


# ---------------------------------------------------------------- the widgets
@pytest.fixture()
def explorer(bundled):
    data, _, _ = bundled
    return credit_policy_explorer(data)


def test_each_control_drives_the_result(explorer):
    c = explorer.controls
    assert explorer.result["thresholds"] == (75.0, 60.0, 45.0)
    first_a = explorer.result["mix"]["A"]
    c["a"].value = 65
    assert explorer.result["thresholds"][0] == 65.0 and explorer.result["mix"]["A"] > first_a
    d_before = explorer.result["mix"]["D"]
    c["c"].value = 50
    assert explorer.result["mix"]["D"] > d_before
    c["b"].value = 55
    assert explorer.result["thresholds"] == (65.0, 55.0, 50.0)
    kappa_history = explorer.result["kappa"]
    c["history"].value = False
    assert explorer.result["kappa"] != kappa_history
    assert "Grade mix" in explorer.summary.value and "<tr" in explorer.table.value


def test_an_invalid_order_shows_a_message_and_keeps_the_last_view(explorer):
    before = explorer.result
    explorer.controls["b"].value = 80  # B above A
    assert "must decrease" in explorer.error.value
    assert explorer.result is before
    explorer.controls["b"].value = 60
    assert explorer.error.value == "" and explorer.result is not before


def test_update_speed(bundled):
    data, col, scores = bundled
    truth = data["truth_accounts"].set_index("account_id")["true_grade"]
    times = []
    for i in range(20):
        cuts = (80 - i, 62 - i / 2, 45 - i / 4)
        start = time.perf_counter()
        credit_policy_update(scores[i % 2 == 0], data["invoices"], cuts, collection=col, truth=truth)
        times.append(time.perf_counter() - start)
    print(f"credit_policy_update p95 over 20 moves: {np.percentile(times, 95) * 1000:.1f} ms")
