"""Lifecycle stages, their mix and agreement with the truth; the development funnel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.lifecycle import (
    STAGES,
    development_funnel,
    lifecycle_stage,
    stage_agreement,
    stage_confusion,
    stage_mix,
)

AS_OF = "2024-07-01"
ROWS = [
    ("E", "2024-05-01"), ("E", "2024-06-20"),                     # tenure 61 → establishment
    ("D", "2023-09-01"), ("D", "2024-01-01"), ("D", "2024-06-15"),  # tenure 304 → development
    ("M", "2022-01-01"), ("M", "2023-01-01"), ("M", "2024-06-01"),  # tenure 912 → maintenance
    ("R", "2024-01-01"), ("R", "2024-01-11"), ("R", "2024-01-21"), ("R", "2024-02-01"),  # 151 days silent, gap 10.3
    ("L", "2023-12-01"),                                            # 213 days silent → lapsed
    ("C", "2024-06-01"),                                            # new; a badly handled complaint
    ("G", "2024-06-01"),                                            # new; a well handled complaint
]
LOG = pd.DataFrame(ROWS, columns=["customer_id", "order_date"]).assign(order_date=lambda f: pd.to_datetime(f["order_date"]))
COMPLAINTS = pd.DataFrame(
    {
        "customer_id": ["C", "G", "M"],
        "opened_date": pd.to_datetime(["2024-06-10", "2024-06-10", "2023-06-01"]),
        "resolution": ["refund", "refund", "rejected"],
        "resolution_satisfaction": pd.array([3, 9, pd.NA], dtype="Int64"),
    }
)


def _stages(**kw) -> dict[str, str]:
    out = lifecycle_stage(LOG, as_of=AS_OF, **kw)
    return dict(zip(out["customer_id"], out["stage"].astype(str)))


def test_every_stage_by_hand():
    got = _stages()
    assert got == {
        "C": "establishment", "D": "development", "E": "establishment", "G": "establishment",
        "L": "lapsed", "M": "maintenance", "R": "recovery",
    }
    out = lifecycle_stage(LOG, as_of=AS_OF).set_index("customer_id")
    assert out.loc["R", "days_since_last"] == 151 and out.loc["R", "mean_gap"] == pytest.approx(31 / 3)
    assert out.loc["D", "tenure_days"] == 304 and out.loc["M", "tenure_days"] == 912
    assert list(out["stage"].cat.categories) == list(STAGES)


def test_complaints_put_customers_in_recovery():
    got = _stages(complaints=COMPLAINTS)
    assert got["C"] == "recovery"  # rated 3 within 180 days
    assert got["G"] == "establishment"  # rated 9
    assert got["M"] == "maintenance"  # rejected, but 396 days ago
    assert _stages(complaints=COMPLAINTS, complaint_days=400)["M"] == "recovery"


def test_thresholds_and_boundaries():
    # lapse at ≥ lapse_days: R has been silent 151 days
    assert _stages(lapse_days=151)["R"] == "lapsed"
    assert _stages(lapse_days=152)["R"] == "recovery"
    # slip: 151 > f × 10.33 ⇔ f < 14.6
    assert _stages(slip_factor=15)["R"] == "development"  # tenure 182 days
    # tenure exactly establishment_days is development (the rule is "<")
    assert _stages(establishment_days=61)["E"] == "development"
    assert _stages(establishment_days=62)["E"] == "establishment"
    assert _stages(development_days=912)["M"] == "maintenance"
    assert _stages(development_days=913)["M"] == "development"
    # min_purchases: R has 4 purchase days
    assert _stages(min_purchases=5)["R"] == "development"


def test_stage_mix_and_agreement_by_hand():
    stages = lifecycle_stage(LOG, as_of=AS_OF)
    mix = stage_mix(stages)
    assert mix["stage"].astype(str).tolist() == list(STAGES)
    assert mix["customers"].tolist() == [3, 1, 1, 1, 1]
    assert mix["share"].sum() == pytest.approx(1.0)
    groups = pd.DataFrame({"customer_id": list("CDEGLMR"), "g": ["a", "a", "a", "b", "b", "b", "b"]})
    by = stage_mix(stages, "g", groups=groups)
    assert by.groupby("g")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    assert by.set_index(["g", "stage"]).loc[("a", "establishment"), "customers"] == 2

    truth = pd.DataFrame(
        {"customer_id": list("CDEGLMRX"),
         "lifecycle_stage": ["recovery", "development", "establishment", "establishment", "churned",
                             "churned", "recovery", "maintenance"]}
    )
    table = stage_confusion(stages, truth)
    assert table.to_numpy().sum() == 7  # X has no observed stage
    assert table.loc["lapsed", "lapsed"] == 1 and table.loc["lapsed", "maintenance"] == 1
    agree = stage_agreement(stages, truth).set_index("stage")
    assert agree.loc["all", "agreement"] == pytest.approx(5 / 7)
    assert agree.loc["recovery", "customers"] == 2 and agree.loc["recovery", "agreement"] == 0.5
    assert agree.loc["establishment", "precision"] == pytest.approx(2 / 3)
    assert np.isnan(agree.loc["maintenance", "agreement"])  # nobody truly in maintenance here


def test_agreement_with_the_simulators_stage(data):
    stages = lifecycle_stage(data.orders)
    agree = stage_agreement(stages, data.truth_customers).set_index("stage")
    assert agree.loc["all", "agreement"] >= 0.78
    assert agree.loc["establishment", "agreement"] >= 0.9
    assert agree.loc["lapsed", "agreement"] >= 0.8
    # recomputed: the share of customers whose stage equals the truth's (churned read as lapsed)
    truth = data.truth_customers.set_index("customer_id")["lifecycle_stage"].astype(str).replace("churned", "lapsed")
    same = (stages.set_index("customer_id")["stage"].astype(str) == truth.reindex(stages["customer_id"]).to_numpy())
    assert agree.loc["all", "agreement"] == pytest.approx(same.mean())
    with_complaints = lifecycle_stage(data.orders, complaints=data.complaints)
    better = stage_agreement(with_complaints, data.truth_customers).set_index("stage")
    assert better.loc["recovery", "agreement"] > agree.loc["recovery", "agreement"]
    mix = stage_mix(stages)
    assert mix["customers"].sum() == data.orders.loc[~data.orders["returned"], "customer_id"].nunique()  # buyers


FUNNEL_ORDERS = pd.DataFrame(
    {
        "customer_id": [1, 1, 1, 1, 2, 2, 3, 4, 4, 4, 4, 4],
        "order_date": pd.to_datetime(
            ["2024-03-01", "2024-06-01", "2024-06-01", "2024-12-01", "2024-11-01", "2024-12-01", "2024-12-15",
             "2022-01-01", "2022-01-02", "2022-01-03", "2022-01-04", "2022-01-05"]
        ),
    }
)
CUSTOMERS = pd.DataFrame(
    {"customer_id": [1, 2, 3, 4, 5, 6], "membership_tier": ["gold", "silver", "none", "gold", "none", "none"]}
)
SURVEYS = pd.DataFrame(
    {
        "customer_id": [1, 2, 3, 4, 4, 5],
        "survey_date": pd.to_datetime(["2024-05-01", "2024-05-01", "2024-12-20", "2022-01-02", "2022-06-01", "2024-01-01"]),
        "recommend": [10, 9, 10, 10, 3, 10],
    }
)


def test_funnel_by_hand():
    out = development_funnel(
        FUNNEL_ORDERS, CUSTOMERS, SURVEYS, suspects=10, partners=[1, 2], as_of="2024-12-31"
    )
    assert out["stage"].tolist() == [
        "suspect", "prospect", "first_time_buyer", "repeat_customer", "client", "member", "advocate",
        "partner", "lapsed",
    ]
    assert out["customers"].tolist() == [10, 6, 4, 3, 1, 1, 1, 1, 1]
    assert out["share_of_previous"].tolist()[1:5] == pytest.approx([0.6, 4 / 6, 3 / 4, 1 / 3])
    assert np.isnan(out["share_of_previous"].iloc[0])
    assert out["share_of_first"].iloc[3] == pytest.approx(0.3)
    assert out["share_of_previous"].iloc[-1] == pytest.approx(1 / 4)  # lapsed of all buyers
    assert out["share_of_first"].iloc[-1] == pytest.approx(1 / 10)
    flat = development_funnel(FUNNEL_ORDERS, CUSTOMERS, SURVEYS, partners=[1, 2], nested=False, as_of="2024-12-31")
    assert flat.set_index("stage")["customers"].to_dict() == {
        "prospect": 6, "first_time_buyer": 4, "repeat_customer": 3, "client": 1, "member": 3,
        "advocate": 3, "partner": 2, "lapsed": 1,
    }
    # client threshold: customer 2 has 2 orders in the year
    assert development_funnel(FUNNEL_ORDERS, client_orders=2, as_of="2024-12-31").set_index("stage").loc["client", "customers"] == 2
    assert out["rule"].map(type).eq(str).all()


def test_funnel_on_simulated_data(data):
    out = development_funnel(data.orders, data.customers, data.surveys).set_index("stage")
    o = data.orders[~data.orders["returned"]]  # the purchases: a returned order is none
    assert out.loc["prospect", "customers"] == len(data.customers)
    assert out.loc["first_time_buyer", "customers"] == o["customer_id"].nunique()
    days = o.groupby("customer_id")["order_date"].nunique()
    assert out.loc["repeat_customer", "customers"] == int((days >= 2).sum())
    ladder = out.drop(index="lapsed")["customers"].to_numpy()
    assert (np.diff(ladder) <= 0).all()
    last = o.groupby("customer_id")["order_date"].max()
    assert out.loc["lapsed", "customers"] == int(((pd.Timestamp("2026-01-01") - last).dt.days >= 180).sum())


def test_inputs_not_modified():
    before = [f.copy(deep=True) for f in (LOG, COMPLAINTS, FUNNEL_ORDERS, CUSTOMERS, SURVEYS)]
    lifecycle_stage(LOG, complaints=COMPLAINTS)
    development_funnel(FUNNEL_ORDERS, CUSTOMERS, SURVEYS, suspects=10)
    for a, b in zip((LOG, COMPLAINTS, FUNNEL_ORDERS, CUSTOMERS, SURVEYS), before):
        pd.testing.assert_frame_equal(a, b)


def test_bad_input():
    with pytest.raises(ParameterError, match="`development_days`"):
        lifecycle_stage(LOG, establishment_days=300, development_days=200)
    with pytest.raises(ParameterError, match="`slip_factor`"):
        lifecycle_stage(LOG, slip_factor=-1)
    with pytest.raises(ParameterTypeError, match="`lapse_days`"):
        lifecycle_stage(LOG, lapse_days="180")
    with pytest.raises(ColumnError, match="'resolution'"):
        lifecycle_stage(LOG, complaints=COMPLAINTS.drop(columns="resolution"))
    with pytest.raises(ColumnError, match="'stage'"):
        stage_mix(pd.DataFrame({"customer_id": [1], "stage": ["dormant"]}))
    with pytest.raises(ParameterError, match="in common"):
        stage_agreement(lifecycle_stage(LOG), pd.DataFrame({"customer_id": ["Z"], "lifecycle_stage": ["churned"]}))
    with pytest.raises(ParameterError, match="one row per customer"):
        stage_agreement(lifecycle_stage(LOG), pd.DataFrame({"customer_id": ["E", "E"], "lifecycle_stage": ["churned"] * 2}))
    with pytest.raises(ParameterTypeError, match="`suspects`"):
        development_funnel(FUNNEL_ORDERS, suspects="many")
    with pytest.raises(ParameterError, match="`suspects`"):
        development_funnel(FUNNEL_ORDERS, suspects=-1)
    with pytest.raises(ParameterError, match="`advocate_score`"):
        development_funnel(FUNNEL_ORDERS, advocate_score=11)
    with pytest.raises(ColumnError, match="'membership_tier'"):
        development_funnel(FUNNEL_ORDERS, CUSTOMERS.drop(columns="membership_tier"))
    with pytest.raises(ColumnError, match="'recommend'"):
        development_funnel(FUNNEL_ORDERS, surveys=SURVEYS.drop(columns="recommend"))
    with pytest.raises(ParameterTypeError, match="`nested`"):
        development_funnel(FUNNEL_ORDERS, nested="yes")
