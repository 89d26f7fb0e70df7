"""Customer lifetime value (客户终身价值) by a transparent margin × retention formula."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_float, check_int
from ..errors import ParameterError
from ..i18n import _, ngettext
from ..purchases import RETURNED
from ._log import PurchaseLog, money_sum, purchase_log, totals

__all__ = ["clv", "yearly_retention"]

YEAR_DAYS = 365


def _retention(log: PurchaseLog) -> tuple[float, int]:
    """Pooled year-to-year retention of a log, and the number of year pairs it used."""
    buy = log.amount > 0
    day = log.day[buy]
    codes = log.codes[buy]
    first = int(log.day.min())
    # year k = days [as_of − 365(k+1), as_of − 365k); only years wholly inside the log
    years = (log.as_of_day - first) // YEAR_DAYS
    if years < 2:
        raise ParameterError(
            ngettext(
                "Estimating retention needs at least two whole years (2 × {year} days) of history "
                "before `as_of`, but the log covers {n:,} day; pass `retention=`.",
                "Estimating retention needs at least two whole years (2 × {year} days) of history "
                "before `as_of`, but the log covers {n:,} days; pass `retention=`.",
                int(log.as_of_day - first),
            ).format(year=YEAR_DAYS, n=int(log.as_of_day - first))
        )
    k = (log.as_of_day - 1 - day) // YEAR_DAYS
    inside = k < years
    active = np.zeros((log.n, years), dtype=bool)
    active[codes[inside], k[inside]] = True
    before = active[:, 1:]  # year k + 1 (earlier)
    after = active[:, :-1]  # year k (the next one)
    base = int(before.sum())
    if base == 0:
        raise ParameterError(
            _("No customer bought in the earlier years, so retention cannot be estimated; pass `retention=`.")
        )
    return float((before & after).sum() / base), years - 1


def yearly_retention(
    orders: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    returned: str | None = RETURNED,
) -> float:
    """Share of customers active in one year who are active again the next year (客户保持率).

    Years are counted back from ``as_of`` in blocks of 365 days (year 0 = the 365 days before
    ``as_of``, year 1 the 365 before that, …); only years that lie wholly after the first
    transaction of the log are used. A customer is *active* in a year if they made a purchase
    (an order with amount > 0) in it. Over every pair of consecutive years the result pools

        retention = Σ (customers active in both years) / Σ (customers active in the earlier year).

    Parameters
    ----------
    orders : DataFrame
        Transaction log (at least two whole years before ``as_of``).
    customer, date, amount, as_of, returned
        As in :func:`crmlab.value.rfm`.

    Returns
    -------
    float
        Retention rate in [0, 1].

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"customer_id": [1, 2, 1, 3],
    ...                   "order_date": ["2023-01-05", "2023-02-01", "2024-03-01", "2024-04-01"],
    ...                   "amount": [10.0, 10.0, 10.0, 10.0]})
    >>> yearly_retention(o, as_of="2025-01-04")
    0.5
    """
    log = purchase_log(orders, customer=customer, date=date, amount=amount, as_of=as_of, returned=returned)
    return _retention(log)[0]


def clv(
    orders: pd.DataFrame,
    *,
    margin: float = 0.3,
    retention: float | None = None,
    discount_rate: float = 0.1,
    horizon_years: int = 5,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Customer lifetime value: yearly value × margin × discounted survival over a horizon.

    For each customer,

        clv = yearly_value × margin × Σ_{{t=1..H}} rᵗ / (1 + d)ᵗ

    where ``yearly_value`` is the customer's net spend in the 365 days before ``as_of`` (a
    negative net spend counts as 0, so a customer silent for a year is worth 0), ``r`` the
    yearly retention, ``d`` the discount rate and ``H`` the horizon: next year's margin
    counts if the customer is retained once (probability r), discounted by one year, and so
    on. Every customer shares the same ``r``; the ranking of customers is the ranking of their
    last year's spend.

    Parameters
    ----------
    orders : DataFrame
        Transaction log.
    margin : float
        Profit margin on revenue, 0 … 1.
    retention : float, optional
        Yearly retention rate, 0 … 1. Default: estimated from ``orders`` by
        :func:`yearly_retention` (needs two whole years of history).
    discount_rate : float
        Yearly discount rate, 0 … 1.
    horizon_years : int
        Years counted, 1 … 100.
    customer, date, amount, as_of, returned
        As in :func:`crmlab.value.rfm`.

    Returns
    -------
    DataFrame
        One row per customer with a purchase before ``as_of``, indexed by customer id;
        columns ``yearly_value``, ``retention``, ``multiplier`` (Σ rᵗ/(1+d)ᵗ) and ``clv``
        (currency units).

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"customer_id": [1, 2], "order_date": ["2024-06-01", "2022-06-01"],
    ...                   "amount": [100.0, 50.0]})
    >>> clv(o, as_of="2025-01-01", retention=0.5, discount_rate=0.0, horizon_years=2)["clv"].tolist()
    [22.5, 0.0]
    """
    margin = check_float("margin", margin, low=0.0, high=1.0)
    discount_rate = check_float("discount_rate", discount_rate, low=0.0, high=1.0)
    horizon_years = check_int("horizon_years", horizon_years, low=1, high=100)
    if retention is not None:
        retention = check_float("retention", retention, low=0.0, high=1.0)
    log = purchase_log(orders, customer=customer, date=date, amount=amount, as_of=as_of, returned=returned)
    if retention is None:
        retention = _retention(log)[0]
    t = totals(log, dates=False)
    recent = log.day >= log.as_of_day - YEAR_DAYS
    yearly = money_sum(log.codes[recent], log.amount[recent], log.n)
    keep = t.purchases > 0
    log.warn_non_buyers()
    steps = np.arange(1, horizon_years + 1)
    multiplier = float(np.sum(retention**steps / (1 + discount_rate) ** steps))
    value = np.maximum(yearly[keep], 0.0)
    return pd.DataFrame(
        {
            "yearly_value": value,
            "retention": retention,
            "multiplier": multiplier,
            "clv": value * margin * multiplier,
        },
        index=log.ids[keep],
    )


if clv.__doc__:
    clv.__doc__ = clv.__doc__.replace("{{", "{").replace("}}", "}")
