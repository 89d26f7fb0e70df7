"""Property-based tests: random and malformed logs give a result that keeps its invariants, or a
crmlab error — never another exception — and the input frames come back unchanged."""

from __future__ import annotations

import copy
import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames, range_indexes

from crmlab.errors import CrmlabError
from crmlab.value import abc, abc_summary, gini, pareto, rfm, rfm_scores, rfm_segments, top_share

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_dates = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 12, 31))
_ids = st.one_of(
    st.integers(1, 6),
    st.integers(-(2**40), 2**40),
    st.sampled_from(["a", "b", "c"]),
    st.floats(min_value=-10, max_value=10),
    st.just(float("nan")),
    st.none(),
)
_date_values = st.one_of(
    _dates,
    _dates.map(lambda d: d.strftime("%Y-%m-%d")),
    st.sampled_from(["not a date", "2024-02-30", ""]),
    st.none(),
)
_amounts = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-100, 1000),
    st.sampled_from(["12.5", "abc", ""]),
    st.none(),
)


def _logs(messy: bool):
    if messy:
        cols = [
            column("customer_id", elements=_ids, dtype=object),
            column("order_date", elements=_date_values, dtype=object),
            column("amount", elements=_amounts, dtype=object),
            column("returned", elements=st.one_of(st.booleans(), st.none(), st.just("x")), dtype=object),
        ]
    else:
        cols = [
            column("customer_id", elements=st.integers(1, 8)),
            column("order_date", elements=_dates.map(pd.Timestamp), dtype="datetime64[ns]"),
            column("amount", elements=st.floats(min_value=-50, max_value=500).map(lambda x: round(x, 2))),
            column("returned", elements=st.booleans()),
        ]
    return data_frames(cols, index=range_indexes(min_size=0, max_size=30))


def _check_rfm(t: pd.DataFrame) -> None:
    assert (t["recency"] >= 1).all() and (t["frequency"] >= 1).all()
    assert (t["first_purchase"] <= t["last_purchase"]).all()
    assert t.index.is_unique


def _check_scores(t: pd.DataFrame, s: pd.DataFrame, bins: int) -> None:
    for col, score in (("recency", "r_score"), ("frequency", "f_score"), ("monetary", "m_score")):
        assert s[score].between(1, bins).all()
        assert (s.groupby(t[col].to_numpy())[score].nunique() == 1).all()  # ties, equal scores
    better = s["monetary"].to_numpy()[:, None] > s["monetary"].to_numpy()[None, :]
    assert not (better & (s["m_score"].to_numpy()[:, None] < s["m_score"].to_numpy()[None, :])).any()


def _run(frame: pd.DataFrame, bins: int, returned: bool, frequency: str) -> None:
    before = copy.deepcopy(frame)
    kwargs = {"returned": "returned"} if returned else {}
    try:
        t = rfm(frame, frequency=frequency, **kwargs)
        _check_rfm(t)
        s = rfm_scores(t, bins=bins)
        _check_scores(t, s, bins)
        if bins == 5:
            seg = rfm_segments(s)
            assert seg["segment"].notna().all()
    except CrmlabError:
        pass
    try:
        a = abc(frame, **kwargs)
        assert a.index.is_unique and a["tier"].notna().all()
        assert (np.diff(a["value"].to_numpy()) <= 0).all()
        summary = abc_summary(a)
        assert summary["customers"].sum() == len(a)
        assert abs(summary["revenue_share"].sum() - 1) < 1e-9
    except CrmlabError:
        pass
    try:
        p = pareto(frame, **kwargs)
        assert abs(p["cum_revenue_share"].iloc[-1] - 1) < 1e-12
        assert (np.diff(p["cum_revenue_share"].to_numpy()) >= -1e-12).all()
        g = gini(frame, **kwargs)
        assert 0 <= g < 1
        share = top_share(frame, 0.2, **kwargs)
        assert 0.2 - 1e-9 <= share or len(p) < 5
        assert share <= 1 + 1e-12
    except CrmlabError:
        pass
    pd.testing.assert_frame_equal(frame, before)


@SETTINGS
@given(_logs(messy=True), st.integers(2, 10), st.booleans(), st.sampled_from(["orders", "days"]))
def test_messy_logs_give_results_or_crmlab_errors(frame, bins, returned, frequency):
    _run(frame, bins, returned, frequency)


@SETTINGS
@given(_logs(messy=False), st.integers(2, 10), st.booleans(), st.sampled_from(["orders", "days"]))
def test_clean_logs_keep_their_invariants(frame, bins, returned, frequency):
    _run(frame, bins, returned, frequency)


@SETTINGS
@given(
    st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=60),
    st.floats(min_value=0.001, max_value=1.0),
)
def test_value_series_properties(values, share):
    series = pd.Series(values, index=pd.RangeIndex(1, len(values) + 1, name="customer_id"))
    before = series.copy()
    try:
        p = pareto(series)
    except CrmlabError:
        assert sum(values) == 0
        return
    assert len(p) == len(values) and p["customer_id"].is_unique
    assert (np.diff(p["value"].to_numpy()) <= 0).all()
    s = top_share(series, share)
    k = int(np.ceil(round(share * len(values), 9)))
    expect = np.sort(values)[::-1][:k].sum() / sum(values)
    assert abs(s - expect) <= 1e-9
    tiers = abc(series)
    # equal values always share a tier; a higher value never gets a lower tier
    codes = tiers["tier"].cat.codes.to_numpy()
    v = tiers["value"].to_numpy()
    assert (np.diff(codes) >= 0).all()
    assert all(len(set(codes[v == x])) == 1 for x in np.unique(v))
    pd.testing.assert_series_equal(series, before)


@SETTINGS
@given(
    data_frames(
        [
            column("recency", elements=st.one_of(st.integers(-5, 400), st.none(), st.just("x")), dtype=object),
            column("frequency", elements=st.integers(0, 20)),
            column("monetary", elements=st.floats(allow_nan=True, allow_infinity=True)),
        ],
        index=range_indexes(min_size=0, max_size=25),
    ),
    st.integers(-1, 12),
)
def test_scores_of_arbitrary_tables(table, bins):
    before = copy.deepcopy(table)
    try:
        s = rfm_scores(table, bins=bins)
        assert s[["r_score", "f_score", "m_score"]].apply(lambda c: c.between(1, bins)).all().all()
    except CrmlabError:
        pass
    pd.testing.assert_frame_equal(table, before)
