"""Cohort retention tables: hand-worked logs, an independent recomputation, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.lifecycle import cohort_counts, cohort_retention
from tests.conftest import company


def _log(rows):
    return pd.DataFrame(rows, columns=["customer_id", "order_date"]).assign(
        order_date=lambda f: pd.to_datetime(f["order_date"])
    )


# A: Jan, Jan, Mar; B: Jan 31, Feb 1; C: Feb, Apr.  as_of defaults to 2024-04-11.
HAND = _log(
    [
        ("A", "2024-01-05"),
        ("A", "2024-01-20"),
        ("B", "2024-01-31"),
        ("B", "2024-02-01"),
        ("C", "2024-02-15"),
        ("A", "2024-03-02"),
        ("C", "2024-04-10"),
    ]
)


def test_hand_worked_monthly_table():
    out = cohort_retention(HAND)
    # Jan cohort {A, B}: Feb B, Mar A, Apr nobody.  Feb cohort {C}: Mar nobody, Apr C, May unseen.
    expected = pd.DataFrame(
        [[1.0, 0.5, 0.5, 0.0], [1.0, 0.0, 1.0, np.nan]],
        index=pd.PeriodIndex(["2024-01", "2024-02"], freq="M", name="cohort"),
        columns=pd.RangeIndex(4, name="period"),
    )
    pd.testing.assert_frame_equal(out, expected)
    counts = cohort_counts(HAND)
    assert counts.dtypes.eq("Int64").all()
    assert counts.iloc[0].tolist() == [2, 1, 1, 0]
    assert counts.iloc[1, :3].tolist() == [1, 0, 1] and counts.iloc[1, 3] is pd.NA


def test_as_of_cuts_orders_and_columns():
    out = cohort_retention(HAND, as_of="2024-04-01")  # April's order is not seen yet
    assert out.columns.tolist() == [0, 1, 2]
    assert out.loc[pd.Period("2024-01", "M")].tolist() == [1.0, 0.5, 0.5]
    assert out.loc[pd.Period("2024-02", "M"), 1] == 0.0
    assert np.isnan(out.loc[pd.Period("2024-02", "M"), 2])


def test_as_of_after_the_data_adds_observed_empty_periods():
    out = cohort_retention(HAND, as_of="2024-06-15")  # May and June observed, nobody bought
    assert out.shape == (2, 6)
    assert out.iloc[0, 4:].tolist() == [0.0, 0.0]
    assert out.iloc[1, 4] == 0.0 and np.isnan(out.iloc[1, 5])


def test_weeks_run_monday_to_sunday():
    log = _log([(1, "2024-01-01"), (1, "2024-01-07"), (1, "2024-01-08"), (2, "2024-01-07")])
    out = cohort_retention(log, period="W")  # 2024-01-01 is a Monday
    assert out.index[0] == pd.Period("2024-01-01", freq="W")
    assert out.index.name == "cohort"
    assert out.iloc[0].tolist() == [1.0, 0.5]


def test_quarters_years_and_days():
    quarters = cohort_retention(HAND, period="Q")  # A, B, C all start in Q1; only C buys in Q2
    assert quarters.index.tolist() == [pd.Period("2024Q1", "Q")]
    assert quarters.iloc[0].tolist() == pytest.approx([1.0, 1 / 3])
    years = cohort_retention(HAND, period="Y")
    assert years.shape == (1, 1) and years.index[0] == pd.Period("2024", "Y")
    days = cohort_retention(HAND, period="D")
    assert len(days) == 3  # cohorts 2024-01-05 (A), 2024-01-31 (B), 2024-02-15 (C)
    assert days.shape[1] == (pd.Timestamp("2024-04-10") - pd.Timestamp("2024-01-05")).days + 1
    a = days.loc[pd.Period("2024-01-05", "D")]
    assert a[15] == 1.0 and a[57] == 1.0 and a[1] == 0.0  # A again on Jan 20 and Mar 2
    b = days.loc[pd.Period("2024-01-31", "D")]
    assert b[1] == 1.0 and np.isnan(b[71])  # 2024-04-11 is as_of: not observed


def test_string_dates_missing_rows_and_same_period_repeats():
    log = pd.DataFrame(
        {
            "cid": [1, 1, 1, None, 2, 2],
            "day": ["2024-01-01", "2024-01-02", "2024-02-03", "2024-02-01", None, "2024-02-10"],
        }
    )
    out = cohort_retention(log, customer="cid", date="day")
    assert out.iloc[0].tolist() == [1.0, 1.0]  # customer 1 counted once in January
    assert out.index.tolist() == [pd.Period("2024-01", "M"), pd.Period("2024-02", "M")]
    assert out.iloc[1, 0] == 1.0 and np.isnan(out.iloc[1, 1])


def test_input_is_not_modified():
    before = HAND.copy(deep=True)
    cohort_retention(HAND, period="W")
    pd.testing.assert_frame_equal(HAND, before)


def _plain_cohorts(orders: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Written differently: pandas periods, a groupby and a pivot (purchases: orders not returned)."""
    o = orders[(orders["order_date"] < as_of) & ~orders["returned"]]
    month = o["order_date"].dt.to_period("M")
    frame = pd.DataFrame({"c": o["customer_id"].to_numpy(), "m": month.to_numpy()})
    cohort = frame.groupby("c")["m"].min().rename("cohort")
    frame = frame.join(cohort, on="c").drop_duplicates(["c", "m"])
    frame["k"] = [(m - c).n for m, c in zip(frame["m"], frame["cohort"])]
    active = frame.groupby(["cohort", "k"]).size().unstack(fill_value=0)
    size = cohort.value_counts()
    table = active.div(size.reindex(active.index), axis=0)
    last = (as_of - pd.Timedelta(days=1)).to_period("M")
    for c in table.index:
        for k in table.columns:
            if c + k > last:
                table.loc[c, k] = np.nan
    return table


@pytest.mark.parametrize("as_of", [None, "2024-07-15"])
def test_matches_an_independent_recomputation(as_of):
    orders = company(0).orders
    out = cohort_retention(orders, as_of=as_of)
    cut = pd.Timestamp("2026-01-01") if as_of is None else pd.Timestamp(as_of)
    expected = _plain_cohorts(orders, cut)
    assert out.index.tolist() == expected.index.tolist()
    np.testing.assert_allclose(out.to_numpy(), expected.reindex(columns=out.columns).to_numpy(), equal_nan=True)
    assert (out[0] == 1.0).all()
    # counts: column 0 adds up to every customer with a purchase (an order kept) before the cut
    counts = cohort_counts(orders, as_of=as_of)
    kept = (orders["order_date"] < cut) & ~orders["returned"]
    assert int(counts[0].sum()) == orders.loc[kept, "customer_id"].nunique()


def test_shuffled_rows_and_string_ids_give_the_same_table():
    orders = company(1).orders
    shuffled = orders.sample(frac=1.0, random_state=3).assign(customer_id=lambda f: "c" + f["customer_id"].astype(str))
    pd.testing.assert_frame_equal(cohort_retention(shuffled, period="Q"), cohort_retention(orders, period="Q"))


def test_bad_input():
    with pytest.raises(ParameterTypeError, match="`orders`"):
        cohort_retention([1, 2, 3])
    with pytest.raises(ParameterError, match="`orders` is empty"):
        cohort_retention(HAND.iloc[:0])
    with pytest.raises(ColumnError, match="'customer'"):
        cohort_retention(HAND, customer="customer")
    with pytest.raises(ParameterError, match="`period`"):
        cohort_retention(HAND, period="month")
    with pytest.raises(ParameterError, match="`as_of`"):
        cohort_retention(HAND, as_of="2023-01-01")
    with pytest.raises(ParameterError, match="`as_of`"):
        cohort_retention(HAND, as_of="not a date")
    with pytest.raises(ColumnError, match="'order_date'"):
        cohort_retention(HAND.assign(order_date=["x"] * len(HAND)))
    with pytest.raises(ParameterTypeError, match="`customer`"):
        cohort_retention(HAND, customer=3.5)
    many = pd.DataFrame(
        {"customer_id": range(300), "order_date": pd.date_range("1800-01-01", periods=300, freq="240D")}
    )
    with pytest.raises(ParameterError, match="too large"):
        cohort_retention(many, period="D")
    assert cohort_retention(many, period="Y").shape[0] == 197  # fine with a longer period
