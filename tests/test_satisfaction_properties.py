"""Property-based tests of crmlab.satisfaction: random and malformed input.

Only crmlab errors may come out, inputs come back unchanged, and on well-formed random data
the results keep their invariants.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames, range_indexes

from crmlab import satisfaction as S
from crmlab.errors import CrmlabError, ParameterError

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MESSY = st.one_of(
    st.integers(-3, 13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.sampled_from(["7", " 8", "ten", "", "2024-01-05"]),
)
RATING = st.one_of(st.integers(1, 10), st.just(np.nan))
DATES = st.one_of(
    st.dates(min_value=pd.Timestamp("2023-01-01").date(), max_value=pd.Timestamp("2025-12-31").date()).map(pd.Timestamp),
    st.sampled_from(["2024-03-01", "not a date", None]),
)
STEP_NAMES = st.sampled_from(list(S.COMPLAINT_STEPS) + ["escalate", None])


@st.composite
def corrupt(draw, clean):
    """A well-formed frame from ``clean`` damaged in one of the ways real files are damaged."""
    frame = draw(clean)
    kind = draw(
        st.sampled_from(["none", "nan", "bad_value", "as_text", "as_bool", "duplicate", "drop", "empty", "same_index"])
    )
    if kind == "none" or frame.empty:
        return frame
    col = draw(st.sampled_from(list(frame.columns)))
    row = draw(st.integers(0, len(frame) - 1))
    out = frame.copy()
    if kind == "nan":
        out[col] = out[col].astype(object)
        out.iloc[row, out.columns.get_loc(col)] = None
    elif kind == "bad_value":
        out[col] = out[col].astype(object)
        out.iloc[row, out.columns.get_loc(col)] = draw(MESSY)
    elif kind == "as_text":
        out[col] = out[col].astype(str)
    elif kind == "as_bool":
        out[col] = out[col].notna() & (row % 2 == 0)
    elif kind == "duplicate":
        out = pd.concat([out, out.iloc[: row + 1]], ignore_index=True)
    elif kind == "same_index":
        out.index = [7] * len(out)
    elif kind == "drop":
        out = out.drop(columns=col)
    else:
        out = out.iloc[:0]
    return out


def messy_frame(columns, dtype=object, elements=MESSY, max_rows=8):
    return data_frames(
        [column(c, elements=elements, dtype=dtype) for c in columns], index=range_indexes(min_size=0, max_size=max_rows)
    )


def call(func, *frames, **kwargs):
    """Run ``func``; only crmlab errors may escape; the frames must come back unchanged."""
    copies = [f.copy(deep=True) if isinstance(f, pd.DataFrame) else f for f in frames]
    try:
        result = func(*frames, **kwargs)
    except CrmlabError:
        result = None
    for before, after in zip(copies, frames):
        if isinstance(before, pd.DataFrame):
            pd.testing.assert_frame_equal(before, after)
    return result


SURVEY_COLS = ["survey_id", "expect_quality", "perform_quality", "importance_quality", "expect_price",
               "perform_price", "importance_price", "satisfaction_overall", "satisfaction_vs_expectation",
               "satisfaction_vs_ideal", "recommend", "method"]


CLEAN_SURVEYS = data_frames(
    [column(c, elements=RATING, dtype=float) for c in SURVEY_COLS if c not in ("survey_id", "method", "recommend")]
    + [column("recommend", elements=st.integers(0, 10)), column("method", elements=st.sampled_from(["a", "b"]))],
    index=range_indexes(min_size=1, max_size=8),
)


@SETTINGS
@given(st.one_of(messy_frame(SURVEY_COLS), corrupt(CLEAN_SURVEYS.map(lambda f: f.assign(survey_id=np.arange(len(f)))))))
def test_survey_functions_on_messy_input(frame):
    call(S.disconfirmation_summary, frame)  # runs disconfirmation too
    call(S.acsi_index, frame, by="method")
    call(S.acsi_scores, frame)
    call(S.nps, frame, by="method")
    call(S.importance_performance, frame, crosshair="midpoint")


@SETTINGS
@given(CLEAN_SURVEYS)
def test_survey_invariants_on_clean_random_input(frame):
    frame = frame.assign(survey_id=np.arange(len(frame)))
    d = S.disconfirmation(frame)
    assert set(d["outcome"].astype(str)) <= set(S.OUTCOMES)
    assert ((d["ratio"] > 0) & np.isfinite(d["ratio"])).all()
    summary = S.disconfirmation_summary(frame)
    filled = summary[summary["n"] > 0]
    assert np.allclose(filled[["share_delighted", "share_satisfied", "share_dissatisfied"]].sum(axis=1), 1)
    scores = S.acsi_scores(frame)
    assert ((scores.dropna() >= 0) & (scores.dropna() <= 100)).all()
    index = S.acsi_index(frame)["acsi"].iloc[0]
    assert np.isnan(index) or 0 <= index <= 100
    n = S.nps(frame, by="method")
    assert n["n"].sum() == len(frame)
    assert ((n["nps"] >= -100) & (n["nps"] <= 100)).all()
    assert (n["promoters"] + n["passives"] + n["detractors"] == n["n"]).all()
    ipa = call(S.importance_performance, frame)
    if ipa is not None:
        assert set(ipa["quadrant"]) <= set(S.QUADRANTS.values())


@SETTINGS
@given(st.lists(st.integers(0, 10), min_size=1, max_size=40))
def test_nps_matches_definition(scores):
    a = np.array(scores)
    got = S.nps(scores)["nps"].iloc[0]
    assert got == pytest.approx((np.sum(a >= 9) - np.sum(a <= 6)) / len(a) * 100)
    # duplicating every answer changes nothing
    assert S.nps(scores + scores)["nps"].iloc[0] == pytest.approx(got)


LOG_ROWS = st.lists(st.tuples(st.integers(1, 6), st.integers(1, 8), st.integers(0, 5), st.integers(1, 10)), min_size=1, max_size=20)


def complaint_log(rows):
    """Well-formed complaints and steps: each complaint completes a prefix of the steps in time order."""
    complaints, steps = [], []
    seen = set()
    for cid, done, gap, sat in rows:
        if cid in seen:
            continue
        seen.add(cid)
        opened = pd.Timestamp("2024-01-01") + pd.Timedelta(days=cid)
        complaints.append(
            {
                "complaint_id": cid,
                "customer_id": cid % 3 + 1,
                "opened_date": opened,
                "resolved_date": opened + pd.Timedelta(days=gap * 7) if done >= 7 else pd.NaT,
                "severity": "high" if cid % 2 else "low",
                "resolution_satisfaction": sat,
            }
        )
        for k in range(done):
            steps.append({"complaint_id": cid, "step": S.COMPLAINT_STEPS[k], "completed_date": opened + pd.Timedelta(days=gap * (k + 1))})
    return pd.DataFrame(complaints), pd.DataFrame(steps, columns=["complaint_id", "step", "completed_date"])


MESSY_COMPLAINTS = st.tuples(
    messy_frame(["complaint_id", "severity"], elements=st.one_of(st.integers(1, 4), st.none(), st.just("x"))),
    data_frames(
        [
            column("complaint_id", elements=st.one_of(st.integers(1, 4), st.none(), st.just("x"))),
            column("step", elements=STEP_NAMES),
            column("completed_date", elements=DATES),
        ],
        index=range_indexes(min_size=0, max_size=10),
    ),
    messy_frame(["opened_date"], elements=DATES),
).map(lambda t: (t[0].assign(opened_date=t[2]["opened_date"].reindex(t[0].index).to_numpy()), t[1]))


@st.composite
def damaged_log(draw):
    c, s = complaint_log(draw(LOG_ROWS))
    if draw(st.booleans()):
        return draw(corrupt(st.just(c))), s
    return c, draw(corrupt(st.just(s)))


@SETTINGS
@given(st.one_of(MESSY_COMPLAINTS, damaged_log()))
def test_complaint_functions_on_messy_input(log):
    complaints, steps = log
    call(S.complaint_funnel, complaints, steps, by="severity")
    call(S.handling_times, steps)
    call(S.handling_times, steps, complaints, by="severity")


@SETTINGS
@given(LOG_ROWS)
def test_funnel_and_times_invariants(rows):
    """Random well-formed logs (each complaint completes a prefix of the steps, dates increasing)."""
    c, s = complaint_log(rows)
    f = S.complaint_funnel(c, s)
    assert f["reached"].iloc[0] == len(c)
    assert (np.diff(f["reached"]) <= 0).all()
    assert (f["lost"] >= 0).all()
    assert ((f["share_of_opened"] >= 0) & (f["share_of_opened"] <= 1)).all()
    assert f["reached"].sum() == len(s)
    t = S.handling_times(s, c)
    steps_only = t[~t["stage"].isin(["to_resolution", "end_to_end"])]
    assert steps_only["n"].tolist() == f["reached"].tolist()
    assert (t["mean_days"].dropna() >= 0).all()
    assert (t["p90_days"].dropna() >= t["median_days"].dropna() - 1e-9).all()
    by = S.complaint_funnel(c, s, by="severity")
    assert by.groupby("step_no")["reached"].sum().tolist() == f["reached"].tolist()


@SETTINGS
@given(
    data_frames(
        [
            column("customer_id", elements=st.one_of(st.integers(1, 4), st.none())),
            column("order_date", elements=DATES),
            column("amount", elements=MESSY),
            column("returned", elements=st.one_of(st.booleans(), st.none(), st.just("maybe"), st.integers(0, 2))),
        ],
        index=range_indexes(min_size=0, max_size=10),
    ),
    data_frames(
        [
            column("customer_id", elements=st.one_of(st.integers(1, 4), st.none())),
            column("opened_date", elements=DATES),
            column("resolved_date", elements=DATES),
            column("resolution_satisfaction", elements=MESSY),
        ],
        index=range_indexes(min_size=0, max_size=6),
    ),
    messy_frame(["recommend"]),
)
def test_indicators_and_outcomes_on_fully_messy_input(orders, complaints, surveys):
    call(S.indicators, orders, complaints, surveys)
    call(S.indicators, orders, returned=None, as_of="2024-06-01")
    doubled = pd.concat([orders, orders], ignore_index=True)  # duplicate rows
    call(S.complaint_outcomes, complaints, doubled, window_days=30)


@SETTINGS
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(0, 700), st.booleans()), min_size=1, max_size=30))
def test_indicator_invariants(rows):
    orders = pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": [pd.Timestamp("2023-01-01") + pd.Timedelta(days=r[1]) for r in rows],
            "amount": [10.0] * len(rows),
            "returned": [r[2] for r in rows],
        }
    )
    kept = orders[~orders["returned"]]  # the purchases: a returned order is none
    if kept.empty:
        with pytest.raises(ParameterError, match="`orders` has no purchase"):
            S.indicators(orders)
        return
    v = S.indicators(orders).set_index("indicator")["value"]
    assert 0 <= v["repeat_purchase_rate"] <= 100
    assert 0 <= v["product_return_rate"] <= 100
    assert v["product_return_amount_rate"] == pytest.approx(v["product_return_rate"])  # equal amounts
    days = kept.groupby("customer_id")["order_date"].nunique()
    assert v["repeat_purchase_rate"] == pytest.approx((days > 1).mean() * 100)


ORDER_ROWS = st.lists(st.tuples(st.integers(1, 5), st.integers(0, 700), st.booleans()), min_size=1, max_size=20)


def order_log(rows):
    return pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": [pd.Timestamp("2023-06-01") + pd.Timedelta(days=r[1]) for r in rows],
            "amount": [10.0 + r[1] % 7 for r in rows],
            "returned": [r[2] for r in rows],
        }
    )


@SETTINGS
@given(ORDER_ROWS, LOG_ROWS, st.sampled_from(["orders", "complaints"]), st.data())
def test_indicators_and_outcomes_on_damaged_input(order_rows, log_rows, which, data):
    orders = order_log(order_rows)
    complaints, _steps = complaint_log(log_rows)
    if which == "orders":
        orders = data.draw(corrupt(st.just(orders)))
    else:
        complaints = data.draw(corrupt(st.just(complaints)))
    surveys = pd.DataFrame(
        {
            "customer_id": [r[0] % 5 + 1 for r in log_rows],
            "survey_date": pd.Timestamp("2023-06-01"),
            "recommend": [r[3] for r in log_rows],
            "satisfaction_overall": [r[3] for r in log_rows],
        }
    )
    call(S.indicators, orders, complaints, surveys)
    call(S.complaint_outcomes, complaints, orders, window_days=30)
    out = call(S.post_purchase_behaviour, surveys, orders, complaints, window_days=30)
    if out is not None:
        assert out["respondents"].sum() <= surveys["customer_id"].nunique()
        shares = out[["share_tells_others", "share_stopped_buying"]].stack().dropna()
        assert ((shares >= 0) & (shares <= 1)).all()

