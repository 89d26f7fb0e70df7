"""RFM: recency, frequency and monetary value of each customer, and their 1 … k scores.

RFM (最近一次消费 recency, 消费频率 frequency, 消费金额 monetary) — "the three most important
elements of a customer database" in the course.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_int
from .._frames import check_frame, numeric_column, require_columns
from ..errors import ColumnError
from ..i18n import N_, ngettext
from ..purchases import RETURNED
from ._log import PurchaseLog, check_frequency, days_to_dates, purchase_log, totals

__all__ = ["rfm", "rfm_scores"]


def rfm(
    orders: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    frequency: str = "orders",
    order: str | None = None,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Recency, frequency and monetary value (RFM) of every customer who has bought.

    Parameters
    ----------
    orders : DataFrame
        A transaction log, one row per order (or per order line when ``order`` is given).
    customer, date, amount : str
        Column names of the customer id, the transaction date (datetime or ISO date strings)
        and the amount (currency units; negative = refund).
    as_of : date-like, optional
        The analysis date ("today"). Only rows dated strictly before it are used. Default:
        the day after the last transaction.
    frequency : {"orders", "days"}
        What ``frequency`` counts: orders with amount > 0, or distinct calendar days with at
        least one such order.
    order : str, optional
        Column of order ids. Rows with the same customer and order id form one order (its
        amount is the sum of its rows, its day its earliest row's day). Without it every row
        is one order.
    returned : str or None, default "returned"
        Column of True/False flags of returned (refunded) orders, used when the log has it. A
        flagged row counts as amount 0: it is no purchase and adds nothing to ``monetary``.
        ``None`` counts returned orders as ordinary orders.

    Returns
    -------
    DataFrame
        One row per customer with at least one purchase before ``as_of``, indexed by customer
        id (index name = ``customer``, ascending), with columns

        * ``recency`` — whole calendar days from the day of the last purchase to ``as_of``
          (a purchase the day before ``as_of`` has recency 1; times of day are ignored);
        * ``frequency`` — number of purchases: orders with amount > 0, or (``frequency="days"``)
          distinct calendar days with such an order;
        * ``monetary`` — net spend: the sum of *all* amounts before ``as_of``, so returns and
          negative rows reduce it (it can be ≤ 0 when everything was refunded); rounded to
          6 decimals so that totals equal to the cent are exactly equal (and tie in scores);
        * ``first_purchase``, ``last_purchase`` — the calendar days of the first and last
          purchase (midnight).

        A *purchase* follows the one rule of :mod:`crmlab.purchases`: an order that was not
        returned, with amount > 0. Returned orders, zero-amount orders and refunds are not
        purchases: they do not count in ``frequency``, ``recency``, ``first_purchase`` or
        ``last_purchase``. Customers with no purchase at all (only returned, zero or negative
        rows) are left out, and rows with a missing customer, date or amount too: a
        :class:`~crmlab.errors.DataWarning` says how many of each.

    Raises
    ------
    ColumnError
        A named column is missing or holds unusable values.
    ParameterError
        ``frequency`` is not "orders"/"days", ``as_of`` is not a date, or no usable row remains.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2],
    ...                        "order_date": ["2024-01-01", "2024-01-10", "2024-01-05"],
    ...                        "amount": [10.0, 30.0, 5.0]})
    >>> t = rfm(orders, as_of="2024-01-11")
    >>> t["recency"].tolist(), t["frequency"].tolist(), t["monetary"].tolist()
    ([1, 6], [2, 1], [40.0, 5.0])
    """
    frequency = check_frequency(frequency)
    log = purchase_log(orders, customer=customer, date=date, amount=amount, as_of=as_of, order=order, returned=returned)
    table = rfm_from_log(log, frequency)
    log.warn_non_buyers()
    return table


def rfm_from_log(log: PurchaseLog, frequency: str = "orders") -> pd.DataFrame:
    """The :func:`rfm` table of an already prepared log."""
    t = totals(log, frequency=frequency)
    keep = t.purchases > 0
    last = t.last_day[keep]
    return pd.DataFrame(
        {
            "recency": log.as_of_day - last,
            "frequency": t.purchases[keep],
            "monetary": t.monetary[keep],
            "first_purchase": days_to_dates(t.first_day[keep]),
            "last_purchase": days_to_dates(last),
        },
        index=log.ids[keep],
    )


def _scores(values: np.ndarray, bins: int) -> np.ndarray:
    """``ceil(bins × rank / n)`` with ties given their lowest rank, in exact integer arithmetic."""
    n = len(values)
    rank = pd.Series(values).rank(method="min").to_numpy(dtype=np.int64)
    return -((-bins * rank) // n)


def rfm_scores(rfm_table: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """Score recency, frequency and monetary value 1 … ``bins`` (higher = better).

    Each measure is scored by its quantile rank among the customers of ``rfm_table``:
    ``score = ceil(bins × rank / n)``, where ``rank`` is the rank from the worst value (1) to
    the best (n) and tied values all get the *lowest* rank of their group (``method="min"``).
    So equal values always get equal scores, and a score may stay empty when many customers
    tie (e.g. when 40 % bought once, all of them score F = 1 and F = 2 is skipped). Better
    means: lower ``recency`` (more recent), higher ``frequency``, higher ``monetary``.

    Parameters
    ----------
    rfm_table : DataFrame
        Output of :func:`rfm` (any frame with numeric columns ``recency``, ``frequency``,
        ``monetary``, none missing).
    bins : int
        Number of score levels, 2 … 10 (5 gives the classic quintiles).

    Returns
    -------
    DataFrame
        ``rfm_table`` (a copy) with columns ``r_score``, ``f_score``, ``m_score`` (1 … bins),
        ``rfm_cell`` (the three scores as text: "545"; for ``bins=10`` joined by "-",
        "10-4-5", so that cells stay unambiguous) and ``rfm_score`` (their sum).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"recency": [1, 5, 5, 30], "frequency": [4, 2, 1, 1],
    ...                   "monetary": [90.0, 40.0, 20.0, 10.0]})
    >>> rfm_scores(t, bins=2)[["r_score", "f_score", "m_score", "rfm_cell"]]
       r_score  f_score  m_score rfm_cell
    0        2        2        2      222
    1        1        2        2      122
    2        1        1        1      111
    3        1        1        1      111
    """
    check_frame(rfm_table, "rfm_table")
    bins = check_int("bins", bins, low=2, high=10)
    require_columns(
        rfm_table,
        "rfm_table",
        {"recency": N_("days since the last purchase"), "frequency": N_("number of purchases"), "monetary": N_("net spend")},
    )
    cols = {}
    for col in ("recency", "frequency", "monetary"):
        values = numeric_column(rfm_table, "rfm_table", col)
        if values.isna().any():
            raise ColumnError(
                ngettext(
                    "Column {column!r} of `rfm_table` has {n:,} missing value; every customer needs a value "
                    "to be scored.",
                    "Column {column!r} of `rfm_table` has {n:,} missing values; every customer needs a value "
                    "to be scored.",
                    int(values.isna().sum()),
                ).format(column=col, n=int(values.isna().sum()))
            )
        cols[col] = values.to_numpy()
    r = _scores(-cols["recency"], bins)
    f = _scores(cols["frequency"], bins)
    m = _scores(cols["monetary"], bins)
    out = rfm_table.copy()
    out["r_score"] = r
    out["f_score"] = f
    out["m_score"] = m
    if bins < 10:
        cell = pd.Series(r * 100 + f * 10 + m, index=out.index).astype("str")
    else:
        cell = pd.Series(r, index=out.index).astype("str") + "-" + pd.Series(f, index=out.index).astype("str")
        cell = cell + "-" + pd.Series(m, index=out.index).astype("str")
    out["rfm_cell"] = cell
    out["rfm_score"] = r + f + m
    return out
