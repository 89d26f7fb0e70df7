"""Credit management on random and malformed input: only crmlab errors, inputs never modified."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import pandas as hpd

from crmlab import credit
from crmlab.errors import CrmlabError

DATES = ["2024-01-01", "2024-02-15", "2024-06-30", "2024-12-31", "2025-03-01"]
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

clean_invoices = hpd.data_frames(
    columns=[
        hpd.column("account_id", elements=st.sampled_from([1, 2, 3, 4, None])),
        hpd.column("invoice_date", elements=st.sampled_from([*DATES, None])),
        hpd.column("due_date", elements=st.sampled_from([*DATES, None])),
        hpd.column("amount", elements=st.one_of(st.floats(0.01, 1000), st.floats(0.01, 1000),
                                                st.floats(-10, 1000), st.just(float("nan")))),
        hpd.column("paid_date", elements=st.sampled_from([*DATES, None, None])),
        hpd.column("paid_amount", elements=st.one_of(st.floats(0, 1200), st.sampled_from([0.0, 100.0, float("nan")]))),
    ],
    index=hpd.range_indexes(min_size=0, max_size=12),
)

messy_invoices = hpd.data_frames(
    columns=[
        hpd.column("account_id", elements=st.one_of(st.integers(1, 4), st.none(), st.text(max_size=2))),
        hpd.column("invoice_date", elements=st.one_of(st.sampled_from([*DATES, "bad"]), st.none(), st.integers(0, 5))),
        hpd.column("due_date", elements=st.one_of(st.sampled_from(DATES), st.none())),
        hpd.column("amount", elements=st.one_of(st.floats(), st.just("x"), st.booleans())),
        hpd.column("paid_date", elements=st.one_of(st.sampled_from([*DATES, "2024-13-45"]), st.none())),
        hpd.column("paid_amount", elements=st.one_of(st.floats(-5, 1200), st.text(max_size=1))),
    ],
    index=hpd.range_indexes(min_size=0, max_size=10),
)

good_as_of = st.sampled_from([None, "2024-06-01", "2025-01-01", "2025-06-01"])
bad_as_of = st.one_of(st.sampled_from(["2023-01-01", "soon"]), st.integers())


def _call(func, frame, *args, **kwargs):
    """Run ``func``; a crmlab error is fine, anything else fails; the frame must come back unchanged."""
    before = frame.copy(deep=True)
    try:
        out = func(frame, *args, **kwargs)
    except CrmlabError:
        out = None
    pd.testing.assert_frame_equal(frame, before)
    return out


def _check_collection(c: pd.DataFrame) -> None:
    rate = c["collection_rate"].dropna()
    assert ((rate >= 0) & (rate <= 1)).all()
    assert (c["open_receivables"] >= 0).all() and (c["past_due"] <= c["open_receivables"] + 0.01).all()
    assert (c["due_invoices"] <= c["invoices"]).all() and (c["overdue_invoices"] <= c["due_invoices"]).all()
    od = c[["avg_overdue_days", "max_overdue_days"]].dropna()
    assert (od["avg_overdue_days"] <= od["max_overdue_days"] + 1e-9).all() and (od >= 0).all().all()
    assert c["collection_rate"].isna().tolist() == (c["due_invoices"] == 0).tolist()


@SETTINGS
@given(st.one_of(st.tuples(clean_invoices, good_as_of), st.tuples(messy_invoices, st.one_of(good_as_of, bad_as_of))))
def test_collection_and_ageing_never_crash(case):
    frame, as_of = case
    c = _call(credit.collection, frame, as_of=as_of)
    a = _call(credit.ageing, frame, as_of=as_of)
    assert (c is None) == (a is None)
    if c is not None:
        _check_collection(c)
        np.testing.assert_allclose(a["total"].to_numpy(), c["open_receivables"].to_numpy(), atol=0.05)
        np.testing.assert_allclose(a.drop(columns="total").sum(axis=1), a["total"], atol=0.05)


@SETTINGS
@given(clean_invoices, st.lists(st.sampled_from(["A", "B", "C", "D", None]), min_size=4, max_size=4))
def test_receivables_at_risk_and_signals(frame, grade_list):
    grades = pd.Series(grade_list, index=[1, 2, 3, 4])
    r = _call(credit.receivables_at_risk, frame, grades, "2025-01-01")
    if r is not None:
        assert r.index.tolist()[:4] == list("ABCD")
        assert (r["open_receivables"] >= 0).all()
        share = r["share_of_open"]
        assert share.isna().all() or share.sum() == pytest.approx(1.0)
    s = _call(credit.credit_signals, frame, "2025-01-01", recent_days=60, baseline_days=200)
    if s is not None:
        assert set(s["purchasing"]) <= set(("surge", "drop", "stable", "new", "inactive"))
        assert s["review"].dtype == bool


number = st.one_of(st.floats(-1e7, 1e7), st.just(float("nan")), st.integers(-5, 50))
accounts_frames = hpd.data_frames(
    columns=[
        hpd.column("account_id", elements=st.one_of(st.integers(1, 8), st.none()), unique=True),
        hpd.column("management_rating", elements=st.one_of(number, number, st.just("good"))),
        hpd.column("years_trading", elements=number),
        hpd.column("annual_revenue", elements=number),
        hpd.column("employees", elements=number),
        hpd.column("industry", elements=st.one_of(st.sampled_from(["food", "textiles"]), st.none(), st.integers(0, 2))),
        hpd.column("equity", elements=number),
        hpd.column("total_debt", elements=number),
        hpd.column("collateral_value", elements=number),
        hpd.column("industry_outlook", elements=st.one_of(number, st.just(float("inf")))),
        hpd.column("loyalty", elements=st.sampled_from(["high", "medium", "low", "high", None, "x"])),
    ],
    index=hpd.range_indexes(min_size=0, max_size=8),
)


@SETTINGS
@given(accounts_frames, st.booleans())
def test_five_c_grades_and_matrices_never_crash(frame, with_history):
    col = None
    if with_history:
        col = pd.DataFrame(
            {"monthly_volume": [100.0, 0.0, np.nan], "collection_rate": [0.9, np.nan, 0.2],
             "avg_overdue_days": [3.0, np.nan, 200.0]},
            index=pd.Index([1, 2, 3], name="account_id"),
        )
    s = _call(credit.five_c, frame, col)
    if s is None:
        return
    assert s.index.is_unique
    finite = s.to_numpy(dtype=float)
    finite = finite[~np.isnan(finite)]
    assert ((finite >= 0) & (finite <= 100)).all()
    g = credit.credit_grades(s)
    assert g.index.equals(s.index)
    assert (g["grade"].isna() == s["total"].isna()).all()
    for values in ("row_share", "strategy"):
        m = _call(credit.loyalty_credit_matrix, frame, g, values=values)
        if m is not None:
            assert m.shape == (3, 4)
    t = _call(credit.loyalty_size_credit_table, frame, g)
    if t is not None:
        assert len(t) == 36 and t["share"].sum() == pytest.approx(1.0)


@SETTINGS
@given(st.lists(st.one_of(st.floats(), st.integers(-1000, 1000), st.none(), st.text(max_size=2)), max_size=10),
       st.lists(st.one_of(st.floats(-200, 200), st.integers(-200, 200), st.text(max_size=1)), max_size=4))
def test_credit_grades_on_anything(values, thresholds):
    series = pd.Series(values, dtype=object)
    before = series.copy(deep=True)
    try:
        g = credit.credit_grades(series.to_frame("total"), thresholds=tuple(thresholds))
    except CrmlabError:
        g = None
    pd.testing.assert_series_equal(series, before)
    if g is not None:
        a, b, c = (float(t) for t in thresholds)
        score = g["score"].to_numpy()
        grade = g["grade"].astype("object")
        assert ((grade == "A") == (score >= a)).all()
        assert ((grade == "D") == (score < c)).all()


@SETTINGS
@given(st.lists(st.one_of(st.floats(allow_infinity=False), st.none()), max_size=12))
def test_size_bands_tie_rule(values):
    series = pd.Series(values, dtype="float64")
    bands = credit.size_bands(series)
    order = {"small": 0, "medium": 1, "large": 2}
    known = series.notna()
    assert (bands[~known].isna()).all()
    codes = bands[known].map(order)
    vals = series[known]
    for i in vals.index:
        for j in vals.index:
            if vals[i] == vals[j]:
                assert codes[i] == codes[j]
            elif vals[i] < vals[j]:
                assert codes[i] <= codes[j]
