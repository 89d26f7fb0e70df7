"""Churn flags, churn rates by group and Kaplan–Meier survival curves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.lifecycle import churn_flags, churn_rate, kaplan_meier, survival_curve

# 1: three purchase days 30 days apart; 2: two orders on one day; 3: two purchase days 20 apart.
LOG = pd.DataFrame(
    {
        "customer_id": [1, 2, 1, 2, 1, 3, 3],
        "order_date": pd.to_datetime(
            ["2024-01-01", "2024-01-01", "2024-01-31", "2024-01-01", "2024-03-01", "2024-05-01", "2024-05-21"]
        ),
        "amount": [10.0, 5.0, 20.0, -5.0, 30.0, 8.0, 9.0],
    }
)
AS_OF = "2024-06-01"


def test_fixed_rule_by_hand():
    out = churn_flags(LOG, threshold_days=100, as_of=AS_OF)
    assert out["customer_id"].tolist() == [1, 2, 3]
    # Mar 1 → Jun 1 = 92 days; Jan 1 → 152; May 21 → 11.
    assert out["days_since_last"].tolist() == [92, 152, 11]
    assert out["churned"].tolist() == [False, True, False]
    # customer 2's −5 row is a refund: no purchase (the purchase rule), so 1 order, not 2
    assert out["orders"].tolist() == [3, 1, 2]
    assert out["purchase_days"].tolist() == [3, 1, 2]
    # amount=None: every order counts whatever its amount
    assert churn_flags(LOG, threshold_days=100, as_of=AS_OF, amount=None)["orders"].tolist() == [3, 2, 2]
    assert out["mean_gap"].iloc[0] == 30.0 and np.isnan(out["mean_gap"].iloc[1]) and out["mean_gap"].iloc[2] == 20.0
    assert out["first_purchase"].iloc[2] == pd.Timestamp("2024-05-01")
    assert out["last_purchase"].iloc[0] == pd.Timestamp("2024-03-01")
    # the boundary is inclusive: exactly 92 days of silence at a 92-day threshold is churn
    assert churn_flags(LOG, threshold_days=92, as_of=AS_OF)["churned"].iloc[0]


def test_adaptive_rule_by_hand():
    out = churn_flags(LOG, rule="adaptive", as_of=AS_OF)  # k=3, min_purchases=3, min_days=30
    # 1: threshold max(3 × 30, 30) = 90 → 92 days: churned; 2 and 3: too few days → 180.
    assert out["threshold_days"].tolist() == [90.0, 180.0, 180.0]
    assert out["churned"].tolist() == [True, False, False]
    out = churn_flags(LOG, rule="adaptive", k=0.5, min_purchases=2, min_days=5, as_of=AS_OF)
    # 3: max(0.5 × 20, 5) = 10 ≤ 11 days → churned; 1: max(15, 5) = 15 → churned.
    assert out["threshold_days"].tolist() == [15.0, 180.0, 10.0]
    assert out["churned"].tolist() == [True, False, True]


def test_amount_column_drops_refund_rows_and_default_as_of():
    out = churn_flags(LOG, amount="amount", as_of=AS_OF)
    assert out["orders"].tolist() == [3, 1, 2]  # customer 2's −5 row is not a purchase
    default = churn_flags(LOG)  # as_of = the day after the last order, 2024-05-22
    assert default["days_since_last"].tolist() == [82, 142, 1]


def test_churn_rate_by_hand():
    flags = pd.DataFrame(
        {"customer_id": [1, 2, 3, 4, 5], "churned": [True, False, True, True, False]}
    )
    groups = pd.DataFrame(
        {"customer_id": [5, 4, 3, 2, 1, 9], "tier": pd.Categorical(["gold", "none", "none", "gold", "gold", "none"], ["none", "gold", "vip"])}
    )
    out = churn_rate(flags, "tier", groups=groups)
    assert out["tier"].tolist() == ["none", "gold"]  # category order; unused 'vip' left out
    assert out["customers"].tolist() == [2, 3]
    assert out["churned"].tolist() == [2, 1]
    assert out["churn_rate"].tolist() == pytest.approx([1.0, 1 / 3])
    assert out["relative_rate"].tolist() == pytest.approx([1.0 / 0.6, (1 / 3) / 0.6])
    overall = churn_rate(flags)
    assert overall["group"].tolist() == ["all"] and overall["churn_rate"].iloc[0] == pytest.approx(0.6)
    numeric = churn_rate(flags.assign(churned=flags["churned"].astype(int), g=list("aabbb")), "g")
    assert numeric["churn_rate"].tolist() == pytest.approx([0.5, 2 / 3])


def test_churn_rate_leaves_out_customers_without_a_group():
    flags = pd.DataFrame({"customer_id": [1, 2, 3], "churned": [True, False, True]})
    out = churn_rate(flags, "g", groups=pd.DataFrame({"customer_id": [1, 2], "g": ["x", "x"]}))
    assert out["customers"].tolist() == [2]


def test_kaplan_meier_by_hand():
    # times 2, 3+, 3, 5, 8+  (+ = censored)
    out = kaplan_meier([2, 3, 3, 5, 8], [True, False, True, True, False])
    assert out["day"].tolist() == [0, 2, 3, 5, 8]
    assert out["at_risk"].tolist() == [5, 5, 4, 2, 1]
    assert out["events"].tolist() == [0, 1, 1, 1, 0]
    assert out["censored"].tolist() == [0, 0, 1, 0, 1]
    s = [1.0, 4 / 5, 4 / 5 * 3 / 4, 4 / 5 * 3 / 4 * 1 / 2, 4 / 5 * 3 / 4 * 1 / 2]
    assert out["survival"].tolist() == pytest.approx(s)
    # Greenwood at t=3: S² (1/(5·4) + 1/(4·3))
    assert out["std_err"].iloc[2] == pytest.approx(s[2] * np.sqrt(1 / 20 + 1 / 12))
    grouped = kaplan_meier([1, 2, 1], [True, True, False], ["a", "b", "a"])
    assert grouped.groupby("group")["survival"].last().to_dict() == {"a": 0.5, "b": 0.0}


def test_survival_curve_by_hand():
    log = pd.DataFrame(
        {"customer_id": [1, 2, 2, 3], "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-09-01", "2024-06-01"])}
    )
    groups = pd.DataFrame({"customer_id": [1, 2, 3], "g": ["x", "x", "y"]})
    out = survival_curve(log, threshold_days=100, as_of="2024-12-01", by="g", groups=groups)
    x = out[out["group"] == "x"]
    # 1: lost 100 days after Jan 1 (event at 100); 2: Sep 1 + 100 > Dec 1 → censored at 335.
    assert x["day"].tolist() == [0, 100, 335]
    assert x["survival"].tolist() == [1.0, 0.5, 0.5]
    y = out[out["group"] == "y"]
    # 3: Jun 1 + 100 = Sep 9 ≤ Dec 1 → event at 100
    assert y["day"].tolist() == [0, 100] and y["survival"].tolist() == [1.0, 0.0]


def _plain_km(duration: np.ndarray, event: np.ndarray) -> dict[float, float]:
    s, out = 1.0, {}
    for t in np.unique(duration):
        at_risk = (duration >= t).sum()
        d = ((duration == t) & event).sum()
        s *= 1 - d / at_risk
        out[float(t)] = s
    return out


def test_survival_matches_flags_and_a_plain_loop(data):
    flags = churn_flags(data.orders, threshold_days=180)
    curve = survival_curve(data.orders, threshold_days=180)
    assert curve["events"].sum() == flags["churned"].sum()
    assert curve["at_risk"].iloc[0] == len(flags)
    as_of = pd.Timestamp("2026-01-01")
    first = flags["first_purchase"]
    end = flags["last_purchase"] + pd.Timedelta(days=180)
    duration = np.where(flags["churned"], (end - first).dt.days, (as_of - first).dt.days)
    expected = _plain_km(duration.astype(float), flags["churned"].to_numpy())
    got = curve.iloc[1:].set_index("day")["survival"]
    assert got.to_dict() == pytest.approx(expected)
    assert (np.diff(curve["survival"]) <= 1e-12).all()


def test_flags_agree_with_the_true_churn_well_above_chance(data):
    truth = data.truth_customers.set_index("customer_id")["churned"]
    for rule in ("fixed", "adaptive"):
        flags = churn_flags(data.orders, rule=rule).set_index("customer_id")["churned"]
        t = truth.reindex(flags.index).to_numpy()
        f = flags.to_numpy()
        accuracy = (f == t).mean()
        chance = f.mean() * t.mean() + (1 - f.mean()) * (1 - t.mean())
        kappa = (accuracy - chance) / (1 - chance)
        assert accuracy >= 0.8 and kappa >= 0.6, (rule, accuracy, kappa)


def test_churn_rate_by_persona_recomputed(data):
    flags = churn_flags(data.orders)
    out = churn_rate(flags, "persona", groups=data.truth_customers)
    persona = data.truth_customers.set_index("customer_id")["persona"].astype(str)
    expected = flags["churned"].groupby(persona.reindex(flags["customer_id"]).to_numpy()).mean()
    got = out.set_index(out["persona"].astype(str))["churn_rate"]
    assert got.sort_index().to_numpy() == pytest.approx(expected.sort_index().to_numpy())
    assert out["customers"].sum() == len(flags)


def test_inputs_are_not_modified():
    before = LOG.copy(deep=True)
    churn_flags(LOG, rule="adaptive", amount="amount")
    survival_curve(LOG)
    pd.testing.assert_frame_equal(LOG, before)


def test_bad_input():
    with pytest.raises(ParameterError, match="`threshold_days`"):
        churn_flags(LOG, threshold_days=0)
    with pytest.raises(ParameterTypeError, match="`threshold_days`"):
        churn_flags(LOG, threshold_days=1.5)
    with pytest.raises(ParameterError, match="`rule`"):
        churn_flags(LOG, rule="smart")
    with pytest.raises(ParameterError, match="`k`"):
        churn_flags(LOG, rule="adaptive", k=0)
    with pytest.raises(ParameterError, match="`min_purchases`"):
        churn_flags(LOG, min_purchases=1)
    with pytest.raises(ColumnError, match="'amount'"):
        churn_flags(LOG.drop(columns="amount"), amount="amount")
    with pytest.raises(ParameterError, match="`orders` has no purchase .*amount ≤ 0"):
        churn_flags(LOG.assign(amount=0.0), amount="amount")
    flags = pd.DataFrame({"customer_id": [1, 2], "churned": ["yes", "no"]})
    with pytest.raises(ColumnError, match="'churned'"):
        churn_rate(flags)
    with pytest.raises(ColumnError, match="'churned'"):
        churn_rate(pd.DataFrame({"customer_id": [1, 2], "churned": [True, None]}))
    with pytest.raises(ColumnError, match="'tier'"):
        churn_rate(pd.DataFrame({"customer_id": [1], "churned": [True]}), "tier")
    with pytest.raises(ParameterError, match="one row per customer"):
        churn_rate(
            pd.DataFrame({"customer_id": [1], "churned": [True]}),
            "g",
            groups=pd.DataFrame({"customer_id": [1, 1], "g": ["a", "b"]}),
        )
    with pytest.raises(ParameterError, match="`durations`"):
        kaplan_meier([1, -2], [True, True])
    with pytest.raises(ColumnError, match="for `by`"):
        survival_curve(LOG, by="persona")
