"""The one purchase rule (crmlab.purchases): hand-worked examples, its warnings and its errors,
and every reader of the order log agreeing on who the buyers are."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from crmlab import lifecycle, loyalty, satisfaction, segment, value
from crmlab.errors import ColumnError, DataWarning, ParameterError, ParameterTypeError
from crmlab.purchases import purchases, read_orders
from tests.conftest import company

# 1: two purchases on one day (30 + 30) and a refund row (−5): 2 purchases, 1 purchase day, net 55
# 2: its only order was returned: no buyer      3: its only order is 0: no buyer
# 4: a missing returned flag counts as not returned: one purchase of 15
LOG = pd.DataFrame(
    {
        "customer_id": [1, 1, 1, 2, 3, 4],
        "order_date": ["2024-01-05", "2024-01-05 18:30", "2024-02-01", "2024-01-09", "2024-01-10", "2024-01-11"],
        "amount": [30.0, 30.0, -5.0, 20.0, 0.0, 15.0],
        "returned": [False, False, False, True, False, None],
    }
)
AS_OF = "2024-03-01"
NON_BUYERS = "2 of the 4 customers of `orders` have no purchase before `as_of`"


def quiet(call, *args, **kwargs):
    """The result of a call that must not warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        return call(*args, **kwargs)


def warned(match: str, call, *args, **kwargs):
    """The result of a call, which must give a DataWarning matching ``match`` (and say it once)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call(*args, **kwargs)
    texts = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    assert sum(bool(re.search(match, t)) for t in texts) == 1, texts
    return result


# ---------------------------------------------------------------------------- the rule by hand


def test_the_rule_by_hand():
    every = purchases(LOG, as_of=AS_OF, every_order=True)
    assert every["purchase"].tolist() == [True, True, False, False, False, True]
    assert every["returned"].tolist() == [False, False, False, True, False, False]
    assert every["amount"].tolist() == [30.0, 30.0, -5.0, 0.0, 0.0, 15.0]  # a returned order adds nothing
    assert every["day"].tolist() == pd.to_datetime(
        ["2024-01-05", "2024-01-05", "2024-02-01", "2024-01-09", "2024-01-10", "2024-01-11"]
    ).tolist()  # the calendar day: the time of day is dropped
    only = purchases(LOG, as_of=AS_OF)
    assert only["customer_id"].tolist() == [1, 1, 4]
    assert only.attrs["as_of"] == pd.Timestamp(AS_OF)


def test_rfm_under_the_rule_by_hand():
    t = warned(NON_BUYERS, value.rfm, LOG, as_of=AS_OF)
    assert t.index.tolist() == [1, 4]
    # 1: 2 purchases, net 30 + 30 − 5 = 55, last purchase Jan 5 → Mar 1 2024 = 26 + 29 + 1 = 56 days
    assert t.loc[1].tolist()[:3] == [56, 2, 55.0] and t.loc[4].tolist()[:3] == [50, 1, 15.0]
    assert warned(NON_BUYERS, value.rfm, LOG, as_of=AS_OF, frequency="days").loc[1, "frequency"] == 1  # one day
    # returned=None: 2's returned order is a purchase again; 3's zero still is not
    counted = warned("1 of the 4 customers of `orders` has no purchase", value.rfm, LOG, as_of=AS_OF, returned=None)
    assert counted.index.tolist() == [1, 2, 4] and counted.loc[2, "monetary"] == 20.0


def test_lifecycle_and_loyalty_read_the_same_purchases():
    flags = warned(NON_BUYERS, lifecycle.churn_flags, LOG, as_of=AS_OF)
    assert flags["customer_id"].tolist() == [1, 4]
    assert flags["orders"].tolist() == [2, 1] and flags["purchase_days"].tolist() == [1, 1]
    surveys = pd.DataFrame({"customer_id": [1, 2, 4], "choice_minutes": [5.0, 6.0, 7.0], "price_sensitivity": [3, 4, 5],
                            "competitor_attitude": [4, 4, 4], "defect_tolerance": [6, 6, 6]})
    m = warned(NON_BUYERS, loyalty.loyalty_measures, LOG, surveys, as_of=AS_OF)
    assert m.index.tolist() == [1, 4] and m["orders"].tolist() == [2, 1] and m["repeat_purchases"].tolist() == [0, 0]
    # amount=None: every order counts whatever its amount, but a returned one still does not
    every = warned("1 of the 4 customers", lifecycle.churn_flags, LOG, as_of=AS_OF, amount=None)
    assert every["customer_id"].tolist() == [1, 3, 4] and every["orders"].tolist() == [3, 1, 1]


def test_a_funnel_does_not_leave_non_buyers_out_so_it_does_not_warn():
    out = quiet(lifecycle.development_funnel, LOG, prospects=4, as_of=AS_OF).set_index("stage")
    assert out.loc["prospect", "customers"] == 4 and out.loc["first_time_buyer", "customers"] == 2


def test_lines_of_one_order_are_one_order():
    lines = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 2, 2],
            "order_id": [10, 10, 11, 20, 20],
            "order_date": ["2024-01-02", "2024-01-01", "2024-01-05", "2024-01-03", "2024-01-03"],
            "amount": [5.0, 7.0, 3.0, 4.0, 6.0],
            "returned": [False, False, False, True, False],  # order 20 is returned only when all its lines are
        }
    )
    t = quiet(value.rfm, lines, order="order_id", as_of="2024-02-01")
    # order 10 = 12 on its earliest day (Jan 1); order 11 = 3; order 20 = 0 + 6 (one line returned)
    assert t["frequency"].tolist() == [2, 1] and t["monetary"].tolist() == [15.0, 6.0]
    assert t.loc[1, "first_purchase"] == pd.Timestamp("2024-01-01")


def test_returned_flags_as_text_or_numbers():
    text = LOG.assign(returned=["false", "False", "FALSE", "true", "False", None])
    numbers = LOG.assign(returned=[0, 0, 0, 1, 0, np.nan])
    expect = purchases(LOG, as_of=AS_OF, every_order=True)["purchase"].tolist()
    for log in (text, numbers):
        assert purchases(log, as_of=AS_OF, every_order=True)["purchase"].tolist() == expect


def test_the_default_columns_are_used_only_when_present():
    bare = LOG.drop(columns="returned")
    t = warned("1 of the 4 customers", value.rfm, bare, as_of=AS_OF)  # only 3 (the zero) is no buyer now
    assert t.index.tolist() == [1, 2, 4]
    with pytest.raises(ColumnError, match="`orders` needs a column 'flag'"):
        value.rfm(bare, returned="flag")
    # lifecycle functions do not need money: without an amount column every order is a purchase
    flags = quiet(lifecycle.churn_flags, bare.drop(columns="amount"), as_of=AS_OF)
    assert flags["customer_id"].tolist() == [1, 2, 3, 4]


def test_every_reader_finds_the_same_buyers_in_the_simulated_company():
    data = company(4, customers=600)
    o = data.orders
    buyers = np.sort(o.loc[~o["returned"], "customer_id"].unique())
    assert len(buyers) < o["customer_id"].nunique()  # some customers returned everything
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        found = {
            "rfm": value.rfm(o).index,
            "abc": value.abc(o).index,
            "pareto": value.pareto(o)["customer_id"],
            "clv": value.clv(o).index,
            "contact_plan": value.contact_plan(o).index,
            "lifecycle_stage": lifecycle.lifecycle_stage(o)["customer_id"],
            "churn_flags": lifecycle.churn_flags(o)["customer_id"],
            "next_purchase": lifecycle.next_purchase(o)["customer_id"],
            "churn_signals": lifecycle.churn_signals(data)["customer_id"],
            "loyalty_measures": loyalty.loyalty_measures(o, data.surveys).index,
            "points_programme": loyalty.points_programme(o).index,
            "segmentation_features": segment.segmentation_features(o).index,
            "value_segments": segment.value_segments(o).index,
            "management_segments": segment.management_segments(o).index,
        }
        cohorts = lifecycle.cohort_counts(o)[0].sum()
        funnel = lifecycle.development_funnel(o).set_index("stage").loc["first_time_buyer", "customers"]
        complaints = satisfaction.indicators(o, data.complaints).set_index("indicator")
    for name, ids in found.items():
        assert np.array_equal(np.sort(np.asarray(ids)), buyers), name
    assert cohorts == funnel == len(buyers)
    n_complaints = int((data.complaints["opened_date"] < o["order_date"].max() + pd.Timedelta(days=1)).sum())
    assert complaints.loc["complaints_per_100_customers", "value"] == pytest.approx(100 * n_complaints / len(buyers))


# ---------------------------------------------------------------------------- honest warnings


def test_rows_left_out_are_counted_by_cause():
    messy = LOG.assign(
        customer_id=[1, None, 1, 2, 3, 4],
        order_date=["2024-01-05", "2024-01-05", None, "2024-01-09", "2024-01-10", "2024-01-11"],
        amount=[30.0, 30.0, -5.0, np.nan, 0.0, 15.0],
    )
    t = warned(
        r"^3 of the 6 rows of `orders` were left out\. Rows without a customer id \(column 'customer_id'\): 1\. "
        r"Rows without a date \(column 'order_date'\): 1\. Rows without an amount \(column 'amount'\): 1\.$",
        value.rfm, messy, as_of=AS_OF,
    )
    assert t.index.tolist() == [1, 4] and t.loc[1, "monetary"] == 30.0


def test_one_order_in_2099_is_questioned_not_followed_silently():
    o = company(5, customers=300).orders
    late = pd.concat([o, o.iloc[[0]].assign(order_date=pd.Timestamp("2099-01-01"))], ignore_index=True)
    message = (
        rf"^The default `as_of` \(2099-01-02\) is the day after the last date of `orders`, but only 1 of its "
        rf"{len(late):,} dates lies in the year before it; the others end on {o['order_date'].max().date()}\."
    )
    t = warned(message, value.rfm, late)
    assert t["recency"].median() > 25_000  # the default moved: the warning says so
    # passing as_of is the way out, and then nothing is questioned
    fixed = quiet(value.rfm, late, as_of="2026-01-01", returned=None)
    assert fixed["recency"].median() == value.rfm(o, as_of="2026-01-01", returned=None)["recency"].median()
    # a lone late date in a small log is questioned too
    small = pd.DataFrame({"customer_id": [1, 2, 3], "order_date": ["2024-01-01", "2024-02-01", "2099-01-01"],
                          "amount": [1.0, 1.0, 1.0]})
    warned(r"only 1 of its 3 dates lies in the year before it", lifecycle.churn_flags, small)


# ---------------------------------------------------------------------------- clear errors


@pytest.mark.parametrize(
    "dates, shown",
    [(["13/04/2024", "14/04/2024", "15/04/2024", "16/04/2024", "17/04/2024", "18/04/2024"], "'13/04/2024'"),
     (["03/04/2024", "03/04/2024", "03/04/2024", "03/04/2024", "03/04/2024", "03/04/2024"], "'03/04/2024'"),
     (["2024-01-05", "2024-01-05", "2024-02-01", "2024-01-09", "13/01/2024", "2024-01-11"], "'13/01/2024'")],
)
def test_day_first_dates_are_never_guessed(dates, shown):
    with pytest.raises(ColumnError) as info:
        value.rfm(LOG.assign(order_date=dates), as_of=AS_OF)
    message = str(info.value)
    assert message.startswith("Column 'order_date' of `orders` holds dates such as " + shown)
    assert "format='%d/%m/%Y'" in message


def test_mixed_time_zone_offsets_are_an_error_one_zone_is_read():
    zones = ["2024-01-05T10:00+01:00", "2024-01-05T10:00+05:00"] + LOG["order_date"].tolist()[2:]
    with pytest.raises(ColumnError, match=r"^Column 'order_date' of `orders` mixes time zones"):
        lifecycle.churn_flags(LOG.assign(order_date=zones), as_of=AS_OF)
    one = LOG.assign(order_date=[d + "T23:30+08:00" if len(d) == 10 else d.replace(" ", "T") + "+08:00"
                                 for d in LOG["order_date"]])
    assert purchases(one, as_of=AS_OF)["day"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-05", "2024-01-05", "2024-01-11"]


def test_ids_1_and_text_1_are_one_error_not_two_customers():
    mixed = LOG.assign(customer_id=pd.Series([1, "1", 1, 2, 3, 4], dtype=object))
    with pytest.raises(ColumnError, match=r"^Column 'customer_id' of `orders` mixes ids of different types \(1 and '1'\)"):
        value.rfm(mixed, as_of=AS_OF)
    with pytest.raises(ColumnError, match=r"^Column 'customer_id' of `data` mixes ids"):
        value.abc(mixed, as_of=AS_OF)
    with pytest.raises(ColumnError, match="True/False"):
        value.rfm(LOG.assign(customer_id=[True, True, True, False, False, False]), as_of=AS_OF)


def test_tables_with_two_header_rows_or_repeated_names():
    doubled = pd.concat([LOG, LOG[["amount"]]], axis=1)
    with pytest.raises(ColumnError, match=r"^`orders` has 1 column name used more than once \('amount'\)"):
        lifecycle.lifecycle_stage(doubled)
    multi = LOG.copy()
    multi.columns = pd.MultiIndex.from_tuples([(c, "x") for c in LOG.columns])
    with pytest.raises(ColumnError, match=r"^`orders` has 2 header rows"):
        value.rfm(multi)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: value.rfm(LOG, as_of=pd.NaT), ParameterError, "`as_of` must be a date"),
        (lambda: value.rfm(LOG, as_of=np.datetime64("NaT")), ParameterError, "`as_of` must be a date"),
        (lambda: value.rfm(LOG, customer=["customer_id"]), ParameterTypeError, "`customer` must be a str"),
        (lambda: lifecycle.churn_flags(LOG, date={"order_date": 1}), ParameterTypeError, "`date` must be a str"),
        (lambda: value.rfm(LOG, amount=None), ParameterTypeError, "`amount` must be a str"),
        (lambda: lifecycle.churn_flags(LOG, threshold_days=10**18), ParameterError, "`threshold_days` must be between 1 and 36,600"),
        (lambda: satisfaction.complaint_outcomes(pd.DataFrame(), LOG, window_days=10**18), ParameterError, "`window_days`"),
        (lambda: purchases(LOG, every_order="yes"), ParameterTypeError, "`every_order` must be True or False"),
        (lambda: purchases(LOG.assign(returned=["no"] * 6)), ColumnError, "Column 'returned' of `orders` (passed as `returned`)"),
        (lambda: purchases(LOG, customer="amount", amount="amount"), ParameterError, "must name different columns"),
        (lambda: purchases(LOG.assign(order_date="2025-01-01"), as_of=AS_OF), ParameterError, "`orders` has no order before `as_of`"),
        (lambda: value.rfm(LOG.assign(returned=True)), ParameterError, "`orders` has no purchase before `as_of`"),
        (lambda: value.contact_plan(LOG.assign(returned=True)), ParameterError, "`orders` has no purchase before `as_of`"),
        (lambda: value.clv(LOG.assign(returned=True), retention=0.5), ParameterError, "`orders` has no purchase"),
        (lambda: value.abc(LOG.assign(amount=0.0)), ParameterError, "`data` has no purchase before `as_of`"),
    ],
)
def test_bad_input_names_the_users_parameter(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: loyalty.satisfaction_trap(pd.DataFrame({"satisfaction_overall": [2, 5, 9], "repurchase_intention": [2, 5, 9]}),
                                           as_of="2024-01-01"), "as_of"),
        (lambda: loyalty.satisfaction_loyalty_curve(pd.DataFrame({"satisfaction_overall": [2, 5, 9], "repurchase_intention": [2, 5, 9]}),
                                                    returned=None), "returned"),
        (lambda: lifecycle.stage_mix(pd.DataFrame({"customer_id": [1], "stage": ["lapsed"]}), customer="id"), "customer"),
        (lambda: value.pareto(pd.Series([3.0, 1.0], index=[1, 2]), as_of="2024-01-01"), "as_of"),
    ],
)
def test_a_keyword_that_would_be_ignored_is_an_error(call, name):
    with pytest.raises(ParameterError, match=rf"^`{name}` has no effect"):
        call()


def test_read_orders_keeps_the_callers_name_of_the_log():
    log = read_orders(LOG, param="data['orders']", as_of=AS_OF)
    assert log.param == "data['orders']" and log.n == 4
    with pytest.raises(ParameterError, match=r"^`data\['orders'\]` has no purchase"):
        read_orders(LOG.assign(returned=True), param="data['orders']").buyers()


def test_a_warning_is_shown_once_per_session_unless_every_one_is_asked_for():
    # 7 customers, 3 of whom returned everything: a message no other test shows
    log = pd.DataFrame({"customer_id": range(1, 8), "order_date": "2024-01-01", "amount": 5.0,
                        "returned": [True, True, True, False, False, False, False]})
    message = "3 of the 7 customers of `orders` have no purchase before `as_of`"
    with warnings.catch_warnings(record=True) as caught:
        warnings.filterwarnings("once", category=DataWarning)  # crmlab's default (pytest puts "always" first)
        for _ in range(3):
            value.rfm(log, as_of="2024-02-01")
            # an import that changes the filters (most do) makes Python's own "once" forget
            warnings.filterwarnings("ignore", message="nothing crmlab says", append=True)
    assert sum(message in str(w.message) for w in caught) == 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        for _ in range(2):
            value.rfm(log, as_of="2024-02-01")
    assert sum(message in str(w.message) for w in caught) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        with pytest.raises(DataWarning, match=message):
            value.rfm(log, as_of="2024-02-01")


def test_a_filter_set_before_importing_crmlab_still_decides():
    import os
    import subprocess
    import sys

    code = (
        "import warnings; warnings.simplefilter('ignore')\n"
        "import pandas as pd; from crmlab import value\n"
        "log = pd.DataFrame({'customer_id': [1, 2], 'order_date': ['2024-01-01'] * 2, 'amount': [5.0, 0.0]})\n"
        "print(len(value.rfm(log)))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout == "1\n" and out.stderr == ""
    shown = subprocess.run([sys.executable, "-c", code.replace("warnings.simplefilter('ignore')", "pass")],
                           capture_output=True, text=True, env=env, check=True)
    assert "DataWarning: 1 of the 2 customers of `orders` has no purchase" in shown.stderr
