"""Property-based tests: any order log, however messy, gives a clear crmlab error or a sound
result, and the caller's frames come back unchanged."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import pandas as hpd

from crmlab.errors import CrmlabError
from crmlab.lifecycle import (
    churn_dataset,
    churn_flags,
    churn_rate,
    churn_signals,
    cohort_counts,
    cohort_retention,
    development_funnel,
    kaplan_meier,
    lifecycle_stage,
    next_purchase,
    stage_mix,
    survival_curve,
)

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2024, 12, 31))
_ids = st.one_of(st.integers(1, 6), st.sampled_from(["a", "b", "c"]), st.none(), st.just(float("nan")))
_dates = st.one_of(
    _days.map(pd.Timestamp),
    _days.map(lambda d: d.isoformat()),
    st.none(),
    st.sampled_from(["yesterday", "", "2024-13-01"]),
    st.integers(0, 10),
)
_amounts = st.one_of(
    st.floats(-100, 1000), st.just(float("nan")), st.none(), st.sampled_from(["12.5", "abc", "0"]), st.booleans()
)


@st.composite
def order_logs(draw) -> pd.DataFrame:
    """Either a clean, typed log or a messy object-typed one."""
    n = draw(st.integers(0, 25))
    if draw(st.booleans()):
        ids = draw(st.lists(st.integers(1, 6), min_size=n, max_size=n))
        days = draw(st.lists(_days, min_size=n, max_size=n))
        amounts = draw(st.lists(st.floats(0.5, 500), min_size=n, max_size=n))
        frame = pd.DataFrame(
            {"customer_id": ids, "order_date": pd.to_datetime(pd.Series(days, dtype="object")), "amount": amounts}
        )
        if n and draw(st.booleans()):
            frame = pd.concat([frame, frame.iloc[:2]], ignore_index=True)  # duplicate rows
        return frame
    return draw(
        hpd.data_frames(
            [
                hpd.column("customer_id", elements=_ids, dtype=object),
                hpd.column("order_date", elements=_dates, dtype=object),
                hpd.column("amount", elements=_amounts, dtype=object),
            ],
            index=hpd.range_indexes(min_size=0, max_size=12),
        )
    )


def _call(fn, frame, *args, **kw):
    before = frame.copy(deep=True)
    try:
        out = fn(frame, *args, **kw)
    except CrmlabError:
        out = None
    pd.testing.assert_frame_equal(frame, before)
    return out


@SETTINGS
@given(order_logs(), st.sampled_from(["M", "W", "Q", "Y", "D"]))
def test_cohorts_on_any_log(frame, period):
    out = _call(cohort_retention, frame, period=period)
    if out is not None:
        assert (out[0] == 1.0).all()
        values = out.to_numpy()
        assert np.all(np.isnan(values) | ((values >= 0) & (values <= 1)))
        counts = _call(cohort_counts, frame, period=period)
        assert counts.shape == out.shape


@SETTINGS
@given(order_logs(), st.sampled_from(["fixed", "adaptive"]), st.sampled_from([None, "amount"]))
def test_churn_flags_and_stages_on_any_log(frame, rule, amount):
    flags = _call(churn_flags, frame, rule=rule, amount=amount, threshold_days=30)
    if flags is not None:
        assert flags["customer_id"].is_unique
        assert (flags["days_since_last"] >= 1).all()
        assert (flags["churned"] == (flags["days_since_last"] >= flags["threshold_days"])).all()
        rates = churn_rate(flags)
        assert 0 <= rates["churn_rate"].iloc[0] <= 1
    stages = _call(lifecycle_stage, frame, amount=amount)
    if stages is not None:
        mix = stage_mix(stages)
        assert mix["share"].sum() == np.float64(1.0) or abs(mix["share"].sum() - 1) < 1e-9
        assert mix["customers"].sum() == len(stages)


@SETTINGS
@given(order_logs())
def test_survival_next_purchase_funnel_on_any_log(frame):
    curve = _call(survival_curve, frame, threshold_days=20)
    if curve is not None:
        assert (np.diff(curve["survival"].to_numpy()) <= 1e-12).all()
        assert curve["survival"].between(0, 1).all()
    pred = _call(next_purchase, frame, min_purchases=2)
    if pred is not None:
        ok = pred["predicted_date"].notna()
        assert (pred.loc[ok, "predicted_date"] > pred.loc[ok, "last_purchase"]).all()
    funnel = _call(development_funnel, frame, client_orders=1)
    if funnel is not None:
        ladder = funnel[funnel["stage"] != "lapsed"]["customers"].to_numpy()
        assert (np.diff(ladder) <= 0).all()


@SETTINGS
@given(order_logs(), st.integers(1, 400))
def test_dataset_and_signals_on_any_log(frame, horizon):
    before = frame.copy(deep=True)
    for fn, kw in ((churn_dataset, {"horizon": horizon}), (churn_signals, {})):
        try:
            out = fn({"orders": frame}, **kw)
        except CrmlabError:
            out = None
        pd.testing.assert_frame_equal(frame, before)
        if out is not None and fn is churn_signals:
            assert out["main_signal"].notna().all()


@SETTINGS
@given(
    hpd.data_frames(
        [
            hpd.column("customer_id", elements=st.one_of(st.integers(1, 5), st.none()), dtype=object),
            hpd.column("churned", elements=st.one_of(st.booleans(), st.none(), st.sampled_from([0, 1, 2, "yes"])), dtype=object),
            hpd.column("stage", elements=st.sampled_from(["lapsed", "recovery", "churned", "nope", None]), dtype=object),
            hpd.column("g", elements=st.one_of(st.sampled_from(["x", "y"]), st.none(), st.integers(0, 2)), dtype=object),
        ],
        index=hpd.range_indexes(min_size=0, max_size=10),
    )
)
def test_group_tables_on_any_frame(frame):
    rates = _call(churn_rate, frame, "g")
    if rates is not None and len(rates):
        assert rates["churn_rate"].between(0, 1).all()
    mix = _call(stage_mix, frame, "g")
    if mix is not None and len(mix):
        assert (mix.groupby("g")["share"].sum().sub(1).abs() < 1e-9).all()


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 30), st.booleans(), st.sampled_from(["a", "b"])), min_size=1, max_size=30))
def test_kaplan_meier_properties(rows):
    t, e, g = map(list, zip(*rows))
    out = kaplan_meier(t, e, g)
    for _, part in out.groupby("group"):
        s = part["survival"].to_numpy()
        assert s[0] == 1.0 and (np.diff(s) <= 1e-12).all() and (s >= 0).all()
        assert part["events"].sum() + part["censored"].sum() == part["at_risk"].iloc[0]
