"""Property-based tests of crmlab.loyalty: random and malformed input.

Only crmlab errors may come out, inputs come back unchanged, and on well-formed random data
the results keep their invariants (every customer in exactly one class, shares sum to 1 …).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames, range_indexes

from crmlab import loyalty as L
from crmlab.errors import CrmlabError, ParameterError
from tests.test_satisfaction_properties import corrupt

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MESSY = st.one_of(
    st.integers(-3, 13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.sampled_from(["7", "ten", ""]),
)
IDS = st.one_of(st.integers(1, 5), st.none(), st.just("c9"))
DATES = st.one_of(
    st.dates(min_value=pd.Timestamp("2023-01-01").date(), max_value=pd.Timestamp("2025-12-31").date()).map(pd.Timestamp),
    st.sampled_from(["2024-03-01", "not a date", None]),
)
SURVEY_ITEMS = ["repurchase_intention", "competitor_attitude", "price_sensitivity", "defect_tolerance",
                "choice_minutes", "satisfaction_overall", "product_satisfaction", "service_satisfaction"]


def call(func, *frames, **kwargs):
    copies = [f.copy(deep=True) if isinstance(f, pd.DataFrame) else f for f in frames]
    try:
        result = func(*frames, **kwargs)
    except CrmlabError:
        result = None
    for before, after in zip(copies, frames):
        if isinstance(before, pd.DataFrame):
            pd.testing.assert_frame_equal(before, after)
    return result


MESSY_ORDERS = data_frames(
    [
        column("customer_id", elements=IDS),
        column("order_date", elements=DATES),
        column("amount", elements=MESSY),
        column("returned", elements=st.one_of(st.booleans(), st.none(), st.just("maybe"))),
    ],
    index=range_indexes(min_size=0, max_size=10),
)
MESSY_SURVEYS = data_frames(
    [column("customer_id", elements=IDS), column("survey_date", elements=DATES)]
    + [column(c, elements=MESSY, dtype=object) for c in SURVEY_ITEMS],
    index=range_indexes(min_size=0, max_size=8),
)


@SETTINGS
@given(MESSY_ORDERS, MESSY_SURVEYS)
def test_loyalty_functions_on_messy_input(orders, surveys):
    _run_all(orders, surveys)


def _run_all(orders, surveys):
    call(L.loyalty_measures, orders, surveys)
    call(L.loyalty_matrix, surveys)
    call(L.dick_basu_from_data, surveys, orders)
    call(L.loyalty_types, orders, surveys)
    call(L.satisfaction_trap, surveys, "satisfaction_overall", "repeat_purchases", orders=orders)
    programme = call(L.points_programme, orders)
    if programme is not None:
        call(L.points_summary, programme)


@SETTINGS
@given(
    st.lists(st.one_of(st.integers(-5, 20), st.floats(allow_nan=True), st.text(max_size=2), st.none()), max_size=8),
    st.lists(st.one_of(st.integers(0, 30), st.floats(allow_nan=True), st.none()), max_size=8),
)
def test_dick_basu_on_messy_lists(attitude, patronage):
    try:
        out = L.dick_basu(attitude, patronage)
    except CrmlabError:
        return
    known = out["relative_attitude"].notna() & out["repeat_patronage"].notna()
    assert (out["loyalty"].notna() == known).all()


CLEAN_ORDERS = st.lists(
    st.tuples(st.integers(1, 8), st.integers(0, 900), st.floats(0.5, 900), st.booleans()), min_size=1, max_size=30
).map(
    lambda rows: pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": [pd.Timestamp("2023-01-01") + pd.Timedelta(days=r[1]) for r in rows],
            "amount": [round(r[2], 2) for r in rows],
            "returned": [r[3] for r in rows],
        }
    )
)
CLEAN_SURVEYS = st.lists(
    st.tuples(*[st.integers(1, 10)] * 7, st.floats(0, 90)), min_size=1, max_size=8
).map(
    lambda rows: pd.DataFrame(
        {
            "customer_id": np.arange(1, len(rows) + 1),
            **{c: [r[k] for r in rows] for k, c in enumerate(SURVEY_ITEMS[:4] + SURVEY_ITEMS[5:])},
            "choice_minutes": [r[7] for r in rows],
        }
    )
)


@SETTINGS
@given(CLEAN_ORDERS, CLEAN_SURVEYS)
def test_loyalty_invariants_on_clean_random_input(orders, surveys):
    buyers = set(orders.loc[~orders["returned"], "customer_id"])  # a returned order is no purchase
    if not buyers:
        with pytest.raises(ParameterError, match="`orders` has no purchase"):
            L.loyalty_measures(orders, surveys)
        with pytest.raises(ParameterError, match="`orders` has no purchase"):
            L.points_programme(orders)
        return
    m = L.loyalty_measures(orders, surveys)
    assert m.index.is_unique and set(m.index) == buyers
    assert (m["repeat_purchases"] >= 0).all() and (m["purchase_days"] <= m["orders"]).all()
    complete = m["loyalty_index"].dropna()
    assert abs(complete.sum()) < 1e-6
    matrix = L.loyalty_matrix(surveys)
    assert matrix["n"].sum() == len(surveys)
    assert matrix["share"].sum() == pytest.approx(1)
    both = set(surveys["customer_id"]) & buyers
    if both:
        db = L.dick_basu_from_data(surveys, orders)
        assert len(db) == len(both) and db["loyalty"].notna().all()
        types = L.loyalty_types(orders, surveys)
        assert types["loyalty_type"].notna().all() and len(types) == len(both)
    p = L.points_programme(orders)
    assert (p["points"] <= p["spend"] + 1e-9).all()
    assert (p["reward_500"] >= p["reward_1000"]).all()
    assert (p["rewards"] == p["reward_500"] + p["reward_1000"] + p["reward_1500"]).all()
    summary = L.points_summary(p)
    assert summary.loc["total", "cost"] == pytest.approx(p["reward_cost"].sum())
    # replaying the programme on the orders in another row order changes nothing
    shuffled = L.points_programme(orders.iloc[::-1])
    pd.testing.assert_frame_equal(p, shuffled)


@SETTINGS
@given(st.lists(st.tuples(st.integers(1, 10), st.floats(1, 10)), min_size=3, max_size=40))
def test_trap_and_curve_invariants(rows):
    s = pd.DataFrame({"satisfaction_overall": [r[0] for r in rows], "repurchase_intention": [r[1] for r in rows]})
    c = L.satisfaction_loyalty_curve(s)
    assert c["n"].sum() == len(s)
    assert c.index.is_monotonic_increasing
    assert ((c["mean_loyalty"] >= 1) & (c["mean_loyalty"] <= 10)).all()
    t = L.satisfaction_trap(s)
    diff = t.loc["top", "slope"] - t.loc["middle", "slope"]
    assert np.isnan(diff) or t.loc["top_minus_middle", "slope"] == pytest.approx(diff)


@SETTINGS
@given(CLEAN_ORDERS, CLEAN_SURVEYS, st.sampled_from(["orders", "surveys"]), st.data())
def test_loyalty_functions_on_damaged_input(orders, surveys, which, data):
    surveys = surveys.assign(survey_date=pd.Timestamp("2024-01-01"))
    if which == "orders":
        orders = data.draw(corrupt(st.just(orders)))
    else:
        surveys = data.draw(corrupt(st.just(surveys)))
    _run_all(orders, surveys)

