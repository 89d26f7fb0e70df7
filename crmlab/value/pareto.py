"""Concentration of customer value: the Pareto (80/20) curve, the Gini coefficient, top shares.

Every function accepts either an order log (a DataFrame: each customer's value is their net
spend, see :func:`crmlab.value.rfm`) or one value per customer (a Series indexed by customer
id); the rules for both are those of ``customer_values`` in :mod:`crmlab.value._log`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_float, check_int
from ..errors import ParameterError
from ..i18n import _
from ..purchases import RETURNED
from ._log import ceil_count, customer_values, descending_order, fill_doc as _doc

__all__ = ["pareto", "gini", "top_share", "top_vs_next"]

def _values(data, customer, date, amount, as_of, returned) -> pd.Series:
    values = customer_values(data, customer=customer, date=date, amount=amount, as_of=as_of, returned=returned)
    if values.sum() <= 0:
        raise ParameterError(_("`data` has no positive value: shares of a total of 0 are undefined."))
    return values


def pareto(
    data,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Customers from the most to the least valuable, with cumulative shares (the Pareto curve).

    Plotting ``cum_revenue_share`` against ``cum_customer_share`` gives the concentration
    (Lorenz) curve of the 80/20 rule (二八定律): "the top x % of customers bring y % of revenue".

    Parameters
    ----------
    {data}

    Returns
    -------
    DataFrame
        RangeIndex, one row per customer, highest value first (ties: ascending customer id);
        columns: the customer id (named ``customer``, or the Series' index name), ``value``,
        ``rank`` (1 = most valuable; tied customers get consecutive ranks in id order),
        ``revenue_share`` (value / total), ``cum_customer_share`` (rank / N) and
        ``cum_revenue_share`` (share of the total brought by customers ranked 1 … rank; the
        last row is 1).

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.Series([10.0, 60.0, 30.0], index=pd.Index([1, 2, 3], name="customer_id"))
    >>> pareto(v)[["customer_id", "cum_customer_share", "cum_revenue_share"]].round(2)
       customer_id  cum_customer_share  cum_revenue_share
    0            2                0.33                0.6
    1            3                0.67                0.9
    2            1                1.00                1.0
    """
    values = _values(data, customer, date, amount, as_of, returned)
    v = values.to_numpy()
    order = descending_order(v)
    v = v[order]
    n = len(v)
    total = v.sum()
    cum = np.cumsum(v) / total
    cum[-1] = 1.0
    rank = np.arange(1, n + 1, dtype=np.int64)
    return pd.DataFrame(
        {
            values.index.name: values.index[order],
            "value": v,
            "rank": rank,
            "revenue_share": v / total,
            "cum_customer_share": rank / n,
            "cum_revenue_share": cum,
        }
    )


_doc(pareto)


def gini(
    data,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    returned: str | None = RETURNED,
) -> float:
    """Gini coefficient of customer value: 0 = everyone spends the same, → 1 = one customer spends all.

    ``G = Σᵢ (2i − n − 1) xᵢ / (n Σ xᵢ)`` over the values sorted ascending (i = 1 … n): twice
    the area between the diagonal and the Lorenz curve. Its largest value is (n − 1)/n (no
    small-sample correction).

    Parameters
    ----------
    {data}

    Returns
    -------
    float

    Examples
    --------
    >>> import pandas as pd
    >>> gini(pd.Series([0.0, 0.0, 0.0, 4.0]))
    0.75
    """
    v = np.sort(_values(data, customer, date, amount, as_of, returned).to_numpy())
    n = len(v)
    i = np.arange(1, n + 1, dtype=np.float64)
    # ≥ 0 by construction (values sorted ascending); max() drops a rounding error of equal values
    return max(float(np.sum((2 * i - n - 1) * v) / (n * v.sum())), 0.0)


_doc(gini)


def top_share(
    data,
    share: float = 0.2,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    returned: str | None = RETURNED,
) -> float:
    """Share of total value brought by the top ``share`` of customers (the 80/20 rule: share=0.2).

    The top group is the ``k = ceil(share × N)`` most valuable customers (N = customers with a
    value; ``ceil`` on the decimal value of ``share``, so 0.2 × 5,000 is exactly 1,000). Which
    of several tied customers is "in" does not change the result.

    Parameters
    ----------
    {data}
    share : float
        Fraction of customers, 0 < share ≤ 1.

    Returns
    -------
    float
        Σ top-k values / Σ all values, in [share, 1] up to ties.

    Examples
    --------
    >>> import pandas as pd
    >>> top_share(pd.Series([50.0, 20.0, 10.0, 10.0, 10.0]), share=0.2)
    0.5
    """
    share = check_float("share", share, low=0.0, high=1.0)
    if share == 0:
        raise ParameterError(
            _("`share` must be greater than 0 (a fraction of customers), but 0.0 was passed.")
        )
    v = _values(data, customer, date, amount, as_of, returned).to_numpy()
    k = max(1, ceil_count(share, len(v)))
    top = np.partition(v, len(v) - k)[len(v) - k :] if k < len(v) else v
    return float(top.sum() / v.sum())


_doc(top_share)


def top_vs_next(
    data,
    top: int = 10,
    next: int | None = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    returned: str | None = RETURNED,
) -> float:
    """How many times more the top customers spend, on average, than the next tier.

    The course's claim: "the top-10 customers spend at least 2× the next tier". Customers are
    ranked by value (highest first); the top tier is ranks 1 … ``top``, the next tier ranks
    ``top + 1`` … ``top + next``. The result is mean value of the top tier / mean value of the
    next tier (so tiers of different sizes compare fairly).

    Parameters
    ----------
    {data}
    top : int
        Size of the top tier (≥ 1).
    next : int, optional
        Size of the next tier (≥ 1); default ``top`` (ranks 11–20 for the top 10). Pass e.g.
        ``abc`` VIP count − 10 to compare with the rest of the VIP tier.

    Returns
    -------
    float
        The ratio of the two means (``inf`` if the next tier's values are all 0).

    Examples
    --------
    >>> import pandas as pd
    >>> top_vs_next(pd.Series([100.0, 80.0, 30.0, 20.0, 5.0]), top=2)
    3.6
    """
    top = check_int("top", top, low=1)
    next = top if next is None else check_int("next", next, low=1)
    v = _values(data, customer, date, amount, as_of, returned).to_numpy()
    if top + next > len(v):
        raise ParameterError(
            _("`top` + `next` ({top} + {next}) must not exceed the number of customers ({n}).").format(
                top=top, next=next, n=len(v)
            )
        )
    v = np.sort(v)[::-1]
    mean_next = v[top : top + next].mean()
    mean_top = v[:top].mean()
    return float(mean_top / mean_next) if mean_next > 0 else float("inf")


_doc(top_vs_next)
