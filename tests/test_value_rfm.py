"""RFM, RFM scores and named segments: hand-worked examples, recomputation, errors."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.value import (
    DEFAULT_SEGMENT_MAP,
    rfm,
    rfm_scores,
    rfm_segments,
    segment_guide,
    segment_map_table,
)
from tests.conftest import company


def _log():
    # c1: three purchases on two days and a refund; c2: a zero-amount row and one purchase;
    # c3: only a refund (no purchase: left out).
    return pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 1, 2, 2, 3],
            "order_date": pd.to_datetime(
                ["2024-01-01", "2024-01-10", "2024-01-10", "2024-01-12", "2024-01-05", "2024-01-08", "2024-01-03"]
            ),
            "amount": [10.0, 30.0, 5.0, -5.0, 0.0, 20.0, -10.0],
        }
    )


# ---------------------------------------------------------------- rfm: hand-worked


def test_rfm_hand_worked():
    log = _log()
    before = log.copy(deep=True)
    t = rfm(log, as_of="2024-01-15")
    pd.testing.assert_frame_equal(log, before)
    assert t.index.name == "customer_id" and t.index.tolist() == [1, 2]
    # c1: last purchase 01-10 → 5 days to 01-15; 3 purchases; 10 + 30 + 5 − 5 = 40
    assert t.loc[1, "recency"] == 5 and t.loc[1, "frequency"] == 3 and t.loc[1, "monetary"] == 40.0
    assert t.loc[1, "first_purchase"] == pd.Timestamp("2024-01-01")
    assert t.loc[1, "last_purchase"] == pd.Timestamp("2024-01-10")  # the refund is no purchase
    # c2: the zero row is no purchase
    assert t.loc[2, "recency"] == 7 and t.loc[2, "frequency"] == 1 and t.loc[2, "monetary"] == 20.0
    assert t.loc[2, "first_purchase"] == pd.Timestamp("2024-01-08")
    assert list(t.columns) == ["recency", "frequency", "monetary", "first_purchase", "last_purchase"]


def test_rfm_frequency_days_counts_distinct_purchase_days():
    t = rfm(_log(), as_of="2024-01-15", frequency="days")
    assert t.loc[1, "frequency"] == 2  # 01-01 and 01-10
    assert t.loc[2, "frequency"] == 1


def test_rfm_default_as_of_is_the_day_after_the_last_row():
    t = rfm(_log())  # last row 2024-01-12 → as_of 2024-01-13
    assert t.loc[1, "recency"] == 3


def test_rfm_recency_counts_calendar_days_and_as_of_is_exclusive():
    log = pd.DataFrame(
        {
            "customer_id": [1, 2, 2],
            "order_date": pd.to_datetime(["2024-01-14 23:30", "2024-01-14 00:10", "2024-01-15 08:00"]),
            "amount": [1.0, 1.0, 99.0],
        }
    )
    t = rfm(log, as_of="2024-01-15")
    assert t["recency"].tolist() == [1, 1]  # the day before as_of, whatever the hour
    assert t.loc[2, "monetary"] == 1.0  # the row on the as_of day is not counted


def test_rfm_order_ids_group_lines_into_orders():
    log = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 1, 2],
            "order_id": ["A", "A", "B", "C", "A"],
            "order_date": ["2024-01-02", "2024-01-01", "2024-01-10", "2024-01-11", "2024-01-03"],
            "amount": [10.0, 5.0, 30.0, -8.0, 7.0],
        }
    )
    t = rfm(log, as_of="2024-01-20", order="order_id")
    # c1: order A (15, earliest line 01-01), order B (30); order C (−8) is no purchase
    assert t.loc[1, "frequency"] == 2 and t.loc[1, "monetary"] == 37.0
    assert t.loc[1, "first_purchase"] == pd.Timestamp("2024-01-01")
    assert t.loc[1, "recency"] == 10
    assert t.loc[2, "frequency"] == 1  # the same order id with another customer is another order
    # without order ids every row is an order
    assert rfm(log, as_of="2024-01-20").loc[1, "frequency"] == 3


def test_rfm_returned_rows_count_zero():
    log = _log().assign(returned=[False, True, False, False, False, False, False])
    t = rfm(log, as_of="2024-01-15", returned="returned")
    assert t.loc[1, "frequency"] == 2 and t.loc[1, "monetary"] == 10.0
    assert t.loc[1, "last_purchase"] == pd.Timestamp("2024-01-10")  # the 5.0 order that day stays
    # flags read from a file with gaps (object True/False/None) or as 1/0 numbers; missing = not returned
    for flags in ([False, True, None, False, None, False, False], [0, 1, 0, 0, 0, 0, np.nan]):
        other = rfm(_log().assign(returned=pd.Series(flags, dtype=object if None in flags else float)),
                    as_of="2024-01-15", returned="returned")
        pd.testing.assert_frame_equal(other, t)


def test_rfm_messy_log_rules():
    log = pd.DataFrame(
        {
            "customer_id": [1.0, 1.0, np.nan, 2.0, 2.0],
            "order_date": ["2024-01-01", None, "2024-01-02", "2024-01-03", "2024-01-04"],
            "amount": ["10", "5", "7", None, "2.5"],
        }
    )
    t = rfm(log, as_of="2024-01-05")
    assert t.index.dtype == np.int64 and t.index.tolist() == [1, 2]  # whole-number float ids → ints
    assert t.loc[1, "frequency"] == 1 and t.loc[2, "monetary"] == 2.5


def test_rfm_string_ids_are_sorted():
    log = pd.DataFrame({"cid": ["b", "a", "b"], "day": ["2024-01-01"] * 3, "amt": [1.0, 2.0, 3.0]})
    t = rfm(log, customer="cid", date="day", amount="amt")
    assert t.index.tolist() == ["a", "b"] and t.index.name == "cid"
    assert t.loc["b", "monetary"] == 4.0


def test_rfm_keeps_the_integer_type_of_ids():
    big = np.array([2**63 + 5, 2**63 + 1], dtype=np.uint64)
    log = pd.DataFrame({"customer_id": big, "order_date": ["2024-01-01"] * 2, "amount": [1.0, 2.0]})
    assert rfm(log).index.tolist() == [2**63 + 1, 2**63 + 5]
    log = pd.DataFrame(
        {"customer_id": pd.array([7, None, -3], dtype="Int64"), "order_date": ["2024-01-01"] * 3, "amount": [1.0] * 3}
    )
    t = rfm(log)
    assert t.index.tolist() == [-3, 7] and t.index.dtype == np.int64


def test_rfm_money_totals_equal_to_the_cent_are_equal():
    log = pd.DataFrame(
        {"customer_id": [1, 1, 1, 2, 2, 2], "order_date": ["2024-01-01"] * 6, "amount": [0.1, 0.2, 0.3, 0.3, 0.2, 0.1]}
    )
    t = rfm(log)
    assert t.loc[1, "monetary"] == t.loc[2, "monetary"] == 0.6


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"date": "when"}, ColumnError, "when"),
        ({"frequency": "weeks"}, ParameterError, "frequency"),
        ({"as_of": "yesterday"}, ParameterError, "as_of"),
        ({"as_of": "2020-01-01"}, ParameterError, "as_of"),
        ({"customer": 3}, ParameterTypeError, "customer"),
        ({"order": "order_no"}, ColumnError, "order_no"),
        ({"returned": "amount"}, ParameterError, "different columns"),
    ],
)
def test_rfm_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        rfm(_log(), **kwargs)


def test_rfm_bad_frames():
    with pytest.raises(ParameterTypeError, match="orders"):
        rfm([1, 2, 3])
    with pytest.raises(ParameterError, match="empty"):
        rfm(_log().iloc[:0])
    with pytest.raises(ColumnError, match="amount"):
        rfm(_log().assign(amount=["x"] * 7))
    with pytest.raises(ColumnError, match="returned"):
        rfm(_log().assign(flag=["yes"] * 7), returned="flag")


def test_rfm_matches_plain_pandas_on_simulated_data():
    orders = company(1).orders
    as_of = pd.Timestamp("2025-07-01")
    t = rfm(orders, as_of="2025-07-01")
    # the purchase rule by hand: a returned order is no purchase and adds nothing to spend
    o = orders[orders["order_date"] < as_of]
    kept = o[~o["returned"]]
    assert (kept["amount"] > 0).all()  # the simulated log has no zero or refund rows
    g = kept.groupby("customer_id")
    expect = pd.DataFrame(
        {
            "recency": (as_of - g["order_date"].max()).dt.days,
            "frequency": g.size(),
            "monetary": g["amount"].sum(),
        }
    )
    assert len(expect) < o["customer_id"].nunique()  # some customers returned every order: no buyers
    assert t.index.equals(expect.index)
    assert (t["recency"] == expect["recency"]).all() and (t["frequency"] == expect["frequency"]).all()
    np.testing.assert_allclose(t["monetary"], expect["monetary"], rtol=1e-12)
    assert (t["first_purchase"] == g["order_date"].min()).all()
    # distinct days
    days = g["order_date"].nunique()
    assert (rfm(orders, as_of="2025-07-01", frequency="days")["frequency"] == days).all()
    # returned=None: every order counts, returned ones too
    every = rfm(orders, as_of="2025-07-01", returned=None)
    all_orders = o.groupby("customer_id")
    assert every.index.equals(pd.Index(sorted(o["customer_id"].unique()), name="customer_id"))
    assert (every["frequency"] == all_orders.size()).all()
    np.testing.assert_allclose(every["monetary"], all_orders["amount"].sum(), rtol=1e-12)


# ---------------------------------------------------------------- scores


def test_scores_hand_worked():
    t = pd.DataFrame({"recency": [1, 5, 5, 30], "frequency": [4, 2, 1, 1], "monetary": [90.0, 40.0, 20.0, 10.0]})
    s = rfm_scores(t, bins=2)
    # ranks worst→best with ties at their lowest rank; score = ceil(2 × rank / 4)
    assert s["r_score"].tolist() == [2, 1, 1, 1]  # recency ranks 4, 2, 2, 1
    assert s["f_score"].tolist() == [2, 2, 1, 1]  # frequency ranks 4, 3, 1, 1
    assert s["m_score"].tolist() == [2, 2, 1, 1]
    assert s["rfm_cell"].tolist() == ["222", "122", "111", "111"]
    assert s["rfm_score"].tolist() == [6, 5, 3, 3]
    assert list(t.columns) == ["recency", "frequency", "monetary"]  # input untouched


def test_scores_quintiles_of_ten_distinct_values():
    t = pd.DataFrame({"recency": range(10, 0, -1), "frequency": range(1, 11), "monetary": np.arange(1.0, 11.0)})
    s = rfm_scores(t)
    assert s["m_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert s["r_score"].tolist() == s["m_score"].tolist()  # lower recency is better


def test_scores_ties_share_the_lowest_score():
    t = pd.DataFrame({"recency": [3] * 6, "frequency": [1, 1, 1, 1, 2, 9], "monetary": [5.0] * 6})
    s = rfm_scores(t, bins=3)
    assert set(s["r_score"]) == {1} and set(s["m_score"]) == {1}
    # frequency ranks 1,1,1,1,5,6 → ceil(3·1/6)=1, ceil(3·5/6)=3, 3 — score 2 stays empty
    assert s["f_score"].tolist() == [1, 1, 1, 1, 3, 3]


def test_scores_ten_bins_cells_are_unambiguous():
    t = pd.DataFrame({"recency": range(20, 0, -1), "frequency": range(1, 21), "monetary": np.arange(1.0, 21.0)})
    s = rfm_scores(t, bins=10)
    assert s["rfm_cell"].iloc[-1] == "10-10-10" and s["rfm_cell"].iloc[0] == "1-1-1"
    assert s["r_score"].between(1, 10).all()


@pytest.mark.parametrize("bins", [2, 3, 5, 7, 10])
def test_scores_recomputed_on_simulated_data(bins):
    t = rfm(company(1).orders)
    s = rfm_scores(t, bins=bins)
    n = len(t)
    for col, score, sign in (("recency", "r_score", -1), ("frequency", "f_score", 1), ("monetary", "m_score", 1)):
        v = sign * t[col].to_numpy(dtype=float)
        below = np.searchsorted(np.sort(v), v, side="left")  # customers strictly worse
        expect = -(-bins * (below + 1) // n)
        assert np.array_equal(s[score].to_numpy(), expect), col
        assert s[score].between(1, bins).all()
        # equal values, equal scores; better values, scores at least as high
        assert (s.groupby(t[col])[score].nunique() == 1).all()
        order = np.argsort(v, kind="stable")
        assert (np.diff(s[score].to_numpy()[order]) >= 0).all()
    assert (s["rfm_score"] == s["r_score"] + s["f_score"] + s["m_score"]).all()


def test_monetary_scores_are_near_equal_quintiles():
    s = rfm_scores(rfm(crmlab.load("orders")))
    counts = s["m_score"].value_counts()
    assert (abs(counts - len(s) / 5) <= 2).all()


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"bins": 1}, ParameterError, "bins"),
        ({"bins": 11}, ParameterError, "bins"),
        ({"bins": "5"}, ParameterTypeError, "bins"),
        ({"bins": 5.0}, ParameterTypeError, "bins"),
    ],
)
def test_scores_bad_bins(kwargs, error, match):
    with pytest.raises(error, match=match):
        rfm_scores(rfm(_log()), **kwargs)


def test_scores_bad_tables():
    t = rfm(_log())
    with pytest.raises(ColumnError, match="recency"):
        rfm_scores(t.drop(columns="recency"))
    with pytest.raises(ColumnError, match="frequency"):
        rfm_scores(t.assign(frequency=[1.0, np.nan]))
    with pytest.raises(ParameterError, match="rfm_table"):
        rfm_scores(t.iloc[:0])
    with pytest.raises(ParameterTypeError, match="rfm_table"):
        rfm_scores(t.to_dict())


# ---------------------------------------------------------------- segments


def _all_cells(bins=5):
    cells = list(itertools.product(range(1, bins + 1), repeat=3))
    return pd.DataFrame(cells, columns=["r_score", "f_score", "m_score"])


def test_default_map_puts_every_cell_in_one_reachable_segment():
    s = rfm_segments(_all_cells())
    assert s["segment"].notna().all() and len(s) == 125
    counts = s["segment"].value_counts()
    assert set(counts.index) == set(DEFAULT_SEGMENT_MAP) and (counts > 0).all()
    guide = segment_guide()
    assert guide["cells"].sum() == 125 and (guide["cells"] > 0).all()
    assert (guide["cells"] == counts.reindex(guide.index)).all()
    assert (guide["description"].str.len() > 0).all()


@pytest.mark.parametrize(
    "cell, segment",
    [
        ((5, 5, 5), "champions"),
        ((4, 4, 3), "champions"),  # FM = ceil(7/2) = 4
        ((5, 1, 1), "new_customers"),
        ((5, 1, 2), "potential_loyalists"),  # FM = 2
        ((4, 1, 1), "promising"),
        ((3, 5, 4), "loyal"),
        ((3, 3, 3), "need_attention"),
        ((3, 2, 1), "about_to_sleep"),
        ((2, 3, 3), "at_risk"),
        ((1, 5, 5), "cannot_lose"),
        ((2, 1, 1), "hibernating"),
        ((1, 2, 1), "lost"),
    ],
)
def test_default_map_cells(cell, segment):
    frame = pd.DataFrame([cell], columns=["r_score", "f_score", "m_score"])
    assert rfm_segments(frame)["segment"].iloc[0] == segment


def test_segment_map_table():
    table = segment_map_table()
    assert table.shape == (5, 5) and table.index.tolist() == [5, 4, 3, 2, 1]
    assert table.loc[5, 1] == "new_customers" and table.loc[1, 5] == "cannot_lose"
    assert table.loc[3, 3] == "need_attention"
    shown = segment_map_table(display=True)
    assert shown.loc[5, 1] == "new customers"


def test_custom_map_is_validated_naming_the_cells():
    gap = {k: v for k, v in DEFAULT_SEGMENT_MAP.items() if k != "lost"}
    with pytest.raises(ParameterError, match=r"no segment: R1F1M1"):
        rfm_segments(_all_cells(), gap)
    overlap = {**DEFAULT_SEGMENT_MAP, "everyone_recent": {"r": 5}}
    with pytest.raises(ParameterError, match=r"more than one segment: R5F1M1 \(new_customers & everyone_recent\)"):
        rfm_segments(_all_cells(), overlap)
    with pytest.raises(ParameterError, match="unknown key"):
        rfm_segments(_all_cells(), {"all": {"x": 1}})
    with pytest.raises(ParameterError, match="1 … 5"):
        rfm_segments(_all_cells(), {"all": {"r": (0, 5)}})
    with pytest.raises(ParameterTypeError, match="segment_map"):
        rfm_segments(_all_cells(), ["champions"])
    with pytest.raises(ParameterTypeError, match="segment_map"):
        rfm_segments(_all_cells(), {"all": "everything"})


def test_custom_map_with_three_levels_and_separate_f_m():
    custom = {
        "top": {"r": 3, "f": (2, 3)},
        "top_once": {"r": 3, "f": 1},
        "rest": [{"r": (1, 2)}],
    }
    s = rfm_segments(_all_cells(3), custom, bins=3)
    assert s["segment"].cat.categories.tolist() == ["top", "top_once", "rest"]
    assert (s["segment"] == "rest").sum() == 18
    table = segment_map_table(custom, bins=3)
    assert table.loc[3, 2] == "top_once / top"  # FM 2 holds F 1 (top_once) and F 2–3 (top)
    with pytest.raises(ParameterError, match="bins"):
        rfm_segments(_all_cells(3), bins=3)  # the default map is for 5 levels


def test_segments_bad_scores():
    with pytest.raises(ColumnError, match="r_score"):
        rfm_segments(_all_cells().assign(r_score=6))
    with pytest.raises(ColumnError, match="m_score"):
        rfm_segments(_all_cells().drop(columns="m_score"))
    with pytest.raises(ColumnError, match="f_score"):
        rfm_segments(_all_cells().assign(f_score="5"))


def test_segments_on_bundled_data_partition_customers():
    s = rfm_segments(rfm_scores(rfm(crmlab.load("orders"))))
    assert s["segment"].notna().all()
    # recompute from the grid with plain Python
    table = segment_map_table()
    fm = (s["f_score"] + s["m_score"] + 1) // 2
    expect = [table.loc[r, f] for r, f in zip(s["r_score"], fm)]
    assert s["segment"].astype(str).tolist() == expect
    # champions bought more recently and spent more than the lost, on average
    mean = s.groupby("segment", observed=True)[["recency", "monetary"]].mean()
    assert mean.loc["champions", "recency"] < mean.loc["lost", "recency"]
    assert mean.loc["champions", "monetary"] > 5 * mean.loc["lost", "monetary"]
