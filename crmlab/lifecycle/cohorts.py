"""Cohort retention (同期群留存): of the customers who first bought in a period, how many buy again
1, 2, 3 … periods later.

The computation is fully vectorised (integer period codes, a bitmap of active
customer-periods and one ``bincount``), so it runs on millions of orders in a fraction of a
second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_choice
from ..errors import ParameterError
from ..i18n import _
from ..purchases import AMOUNT, RETURNED, read_orders
from ._history import check_column_name, day_numbers

__all__ = ["cohort_retention", "cohort_counts", "PERIODS"]

#: Period codes accepted by ``period``: day, week (Monday–Sunday), month, quarter, year.
PERIODS = ("D", "W", "M", "Q", "Y")
#: Largest cohort table (cohorts × periods) and bitmap (customers × periods) we build.
_MAX_CELLS = 20_000_000
_MAX_BITMAP = 400_000_000


def _period_codes(dates: np.ndarray, period: str) -> np.ndarray:
    """Integer code of the period of each datetime64 value (pandas Period ordinals)."""
    if period in ("M", "Q"):
        months = dates.astype("datetime64[M]").astype(np.int64)
        return months if period == "M" else months // 3
    if period == "Y":
        return dates.astype("datetime64[Y]").astype(np.int64)
    days = day_numbers(dates)
    if period == "D":
        return days
    return (days + 3) // 7  # 1970-01-01 is a Thursday: weeks run Monday … Sunday


def _period_index(codes: np.ndarray, period: str) -> pd.PeriodIndex:
    if period == "W":
        mondays = (codes * 7 - 3).astype("datetime64[D]")
        return pd.PeriodIndex(pd.DatetimeIndex(mondays), freq="W", name="cohort")
    return pd.PeriodIndex.from_ordinals(codes, freq=period).rename("cohort")


def _cohort_table(orders, customer, date, period, as_of, amount, returned):
    check_column_name("customer", customer)
    check_column_name("date", date)
    check_choice("period", period, PERIODS)
    log = read_orders(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    cust, days, ids = log.buyers()
    n_cust = len(ids)
    per = _period_codes(days.astype("datetime64[D]"), period)
    last_day = np.array([log.as_of_day - 1]).astype("datetime64[D]")
    last = int(_period_codes(last_day, period)[0])  # last period with at least one observed day

    low = int(per.min())
    rel = per - low
    span = last - low + 1
    first = np.full(n_cust, np.iinfo(np.int64).max)
    np.minimum.at(first, cust, rel)
    present = first < np.iinfo(np.int64).max
    cohort_rel, cohort_pos = np.unique(first[present], return_inverse=True)
    n_cohorts = len(cohort_rel)
    if n_cohorts * span > _MAX_CELLS or n_cust * span > _MAX_BITMAP:
        raise ParameterError(
            _(
                "The cohort table for `period`={period!r} would have {n_cohorts:,} cohorts × {span:,} "
                "periods: too large. Choose a longer `period` (e.g. 'M' or 'Q') or a shorter date range."
            ).format(period=period, n_cohorts=n_cohorts, span=span)
        )
    cohort_of = np.full(n_cust, -1, dtype=np.int64)
    cohort_of[present] = cohort_pos

    active = np.zeros(n_cust * span, dtype=bool)
    active[cust * span + rel] = True
    key = np.flatnonzero(active)
    who, when = np.divmod(key, span)
    coh = cohort_of[who]
    offset = when - cohort_rel[coh]
    counts = np.bincount(coh * span + offset, minlength=n_cohorts * span).reshape(n_cohorts, span)
    # Cells after the last observed period are unknown.
    observed = np.arange(span)[None, :] <= (span - 1 - cohort_rel)[:, None]
    index = _period_index(cohort_rel + low, period)
    columns = pd.RangeIndex(span, name="period")
    return counts, observed, index, columns


def cohort_counts(
    orders: object,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    period: str = "M",
    as_of: object = None,
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Number of each cohort's customers who buy in each period since their first purchase.

    The counts behind :func:`cohort_retention` (same rules, same shape); column 0 is the
    cohort's size. Values are nullable integers (``Int64``), ``<NA>`` where the period lies
    after ``as_of``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": [1, 1, 2],
    ...                     "order_date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-01-20"])})
    >>> cohort_counts(log).iloc[0].tolist()
    [2, 1]
    """
    counts, observed, index, columns = _cohort_table(orders, customer, date, period, as_of, amount, returned)
    values = np.ascontiguousarray(counts.T.astype(np.int64))
    missing = np.ascontiguousarray(~observed.T)
    frame = pd.DataFrame(
        {k: pd.arrays.IntegerArray(values[k], missing[k]) for k in range(counts.shape[1])}, index=index
    )
    frame.columns = columns
    return frame


def cohort_retention(
    orders: object,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    period: str = "M",
    as_of: object = None,
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Cohort retention table (同期群留存表): the share of each cohort that buys k periods later.

    A customer's **cohort** is the period (calendar month by default) of their first purchase in
    the log. Cell (cohort *c*, period *k*) is the share of the cohort's customers with at least
    one purchase in period *c + k* — whatever they did in between (a customer who skips a month
    and comes back counts again: this is *period* retention, not *unbroken* retention).

    Parameters
    ----------
    orders : DataFrame
        The order log, one row per order, read by the purchase rule of :mod:`crmlab.purchases`:
        a purchase is an order that was not returned and has an amount > 0 (returned, zero and
        refund orders count neither for the cohort nor as coming back).
    customer, date : str
        Columns holding the customer id and the order date (datetimes or year-first date text).
    period : {"M", "W", "Q", "Y", "D"}
        Calendar period: month (default), week (Monday–Sunday), quarter, year or day.
    as_of : date-like, optional
        Analysis date; orders on or after it are ignored. Default: the day after the last order.
    amount, returned : str or None, default "amount" and "returned"
        Columns of the amounts and returned flags, used when the log has them (``None``: the
        column is ignored).

    Returns
    -------
    DataFrame
        Index: the cohorts with at least one customer, a ``PeriodIndex`` named ``"cohort"``, in
        time order. Columns: ``0, 1, 2 …`` periods since the first purchase (named
        ``"period"``), up to the period of the day before ``as_of`` for the oldest cohort.
        Values: shares in [0, 1]; column 0 is always 1.0. A cell whose period begins on or after
        ``as_of`` is NaN (not yet observed). The period holding the day before ``as_of`` is
        included even if ``as_of`` falls inside it, so its share may be low because the period
        is only partly observed.

    Notes
    -----
    Rows with a missing customer id, date or amount are left out (with a
    :class:`~crmlab.errors.DataWarning`); a customer who buys several times in one period counts
    once there. Raises :class:`~crmlab.errors.ParameterError` if no purchase remains, or if the table would be enormous (a daily table over centuries).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": [1, 1, 2, 3],
    ...                     "order_date": pd.to_datetime(["2024-01-05", "2024-03-01",
    ...                                                   "2024-01-20", "2024-02-10"])})
    >>> cohort_retention(log).round(2).to_dict("list")
    {0: [1.0, 1.0], 1: [0.0, 0.0], 2: [0.5, nan]}
    """
    counts, observed, index, columns = _cohort_table(orders, customer, date, period, as_of, amount, returned)
    share = counts / counts[:, :1]
    share[~observed] = np.nan
    return pd.DataFrame(share, index=index, columns=columns)
