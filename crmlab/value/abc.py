"""ABC classification of customers by value (ABC分类法): the value pyramid.

The course's tiers: VIP customers (VIP客户) the top 1 %, major customers (主要客户) the next 4 %
(top 5 % together), ordinary customers (普通客户) the next 15 % (top 20 %), small customers
(小客户) the remaining 80 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from math import ceil

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import check_frame, numeric_column, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _
from ..purchases import RETURNED
from ._log import customer_values, descending_order, fill_doc

__all__ = ["DEFAULT_TIERS", "ABC_CLASS", "abc", "abc_summary"]

#: The course's tiers: name → share of customers, most valuable first.
DEFAULT_TIERS: dict[str, float] = {"vip": 0.01, "major": 0.04, "ordinary": 0.15, "small": 0.80}

#: Which class of the course's A/B/C service matrix each default tier gets (crmlab's reading:
#: A = the key customers, VIP and major, the top 5 %; B = ordinary; C = small).
ABC_CLASS: dict[str, str] = {"vip": "A", "major": "A", "ordinary": "B", "small": "C"}


def _check_tiers(tiers: object) -> tuple[list[str], list[Fraction]]:
    if not isinstance(tiers, Mapping) or len(tiers) == 0:
        raise ParameterTypeError(
            _("`tiers` must be a non-empty dict {{tier name: share of customers}}, but {got} was passed.").format(
                got=_show(tiers)
            )
        )
    names, shares = [], []
    for name, share in tiers.items():
        if not isinstance(name, str) or not name:
            raise ParameterTypeError(
                _("`tiers` keys must be tier names (str), but {got} was passed.").format(got=_show(name))
            )
        if isinstance(share, bool) or not isinstance(share, (int, float, np.integer, np.floating)):
            raise ParameterTypeError(
                _("`tiers[{name!r}]` must be a share of customers (a number), but {got} was passed.").format(
                    name=name, got=_show(share)
                )
            )
        if not 0 < float(share) <= 1:
            raise ParameterError(
                _("`tiers[{name!r}]` must be a share of customers in (0, 1], but {share} was passed.").format(
                    name=name, share=share
                )
            )
        names.append(name)
        shares.append(Fraction(repr(float(share))))
    total = sum(shares)
    if abs(float(total) - 1) > 1e-9:
        raise ParameterError(
            _("The shares in `tiers` must add up to 1, but they add up to {total:g}.").format(
                total=float(total)
            )
        )
    return names, shares


def abc(
    data,
    tiers: Mapping[str, float] | None = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Put every customer in a value tier (VIP / major / ordinary / small by default).

    Customers are ranked by value, highest first. With cumulative shares ``c₁ < c₂ < … = 1``
    of the tiers (0.01, 0.05, 0.20, 1 by default) and N customers, tier i holds ranks
    ``ceil(cᵢ₋₁·N) + 1 … ceil(cᵢ·N)`` (``ceil`` on the decimal shares: 0.05 × 1,000 is exactly
    50). **Ties:** customers with equal value always share a tier — a tie group that straddles
    a boundary goes wholly to the higher tier (each customer is placed by the best rank of its
    tie group), so a higher tier can hold a few more customers than ``ceil(cᵢ·N)`` and a lower
    one fewer.

    Parameters
    ----------
    {data}
    tiers : dict, optional
        ``{tier name: share of customers}``, most valuable tier first; shares in (0, 1]
        adding up to 1. Default :data:`DEFAULT_TIERS` (vip 0.01, major 0.04, ordinary 0.15,
        small 0.80).

    Returns
    -------
    DataFrame
        One row per customer, most valuable first, indexed by customer id; columns ``value``,
        ``rank`` (1 = most valuable; tied customers share their best rank) and ``tier``
        (ordered categorical, tiers in the given order, most valuable first). Use
        :func:`abc_summary` for the pyramid and ``ABC_CLASS`` for the A/B/C service class.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.Series([500.0, 300.0, 100.0, 80.0, 20.0], index=[1, 2, 3, 4, 5])
    >>> abc(v, {{"a": 0.2, "b": 0.4, "c": 0.4}})["tier"].tolist()
    ['a', 'b', 'b', 'c', 'c']
    """
    return abc_table(data, tiers, customer=customer, date=date, amount=amount, as_of=as_of, returned=returned)


def abc_table(data, tiers=None, *, customer="customer_id", date="order_date", amount="amount", as_of=None,
              returned=RETURNED, param: str = "data") -> pd.DataFrame:
    """:func:`abc`, with ``param`` the user's name of ``data`` in messages (for wrappers)."""
    names, shares = _check_tiers(DEFAULT_TIERS if tiers is None else tiers)
    values = customer_values(data, param=param, customer=customer, date=date, amount=amount, as_of=as_of,
                             returned=returned)
    v = values.to_numpy()
    n = len(v)
    order = descending_order(v)
    sorted_v = v[order]
    # best rank of each tie group: position of the first equal value in the sorted array, + 1
    new_group = np.empty(n, dtype=bool)
    new_group[0] = True
    new_group[1:] = sorted_v[1:] != sorted_v[:-1]
    rank = np.maximum.accumulate(np.where(new_group, np.arange(1, n + 1), 0))
    cum = np.cumsum(shares)
    bounds = np.array([int(ceil(c * n)) for c in cum], dtype=np.int64)
    bounds[-1] = n
    tier = np.searchsorted(bounds, rank, side="left")
    out = pd.DataFrame(
        {
            "value": sorted_v,
            "rank": rank.astype(np.int64),
            "tier": pd.Categorical.from_codes(tier, categories=names, ordered=True),
        },
        index=values.index[order],
    )
    return out


fill_doc(abc)
if abc.__doc__:
    abc.__doc__ = abc.__doc__.replace("{{", "{").replace("}}", "}")


def abc_summary(abc_table: pd.DataFrame) -> pd.DataFrame:
    """The value pyramid: customers and revenue of each tier.

    Parameters
    ----------
    abc_table : DataFrame
        Output of :func:`abc` (columns ``value`` and categorical ``tier``).

    Returns
    -------
    DataFrame
        Index ``tier`` (every tier, most valuable first, empty ones included); columns
        ``customers``, ``customer_share``, ``revenue`` (sum of value), ``revenue_share``
        (revenue / total), ``cum_customer_share``, ``cum_revenue_share``, ``mean_value``
        (revenue per customer; NaN for an empty tier) and ``min_value`` (the tier's lowest
        value, NaN if empty).

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.Series([500.0, 300.0, 100.0, 80.0, 20.0], index=[1, 2, 3, 4, 5])
    >>> abc_summary(abc(v, {"a": 0.2, "b": 0.4, "c": 0.4}))["revenue_share"].tolist()
    [0.5, 0.4, 0.1]
    """
    check_frame(abc_table, "abc_table")
    require_columns(abc_table, "abc_table", {"value": N_("customer values"), "tier": N_("tiers from abc()")})
    tier = abc_table["tier"]
    if not isinstance(tier.dtype, pd.CategoricalDtype):
        raise ColumnError(_("Column 'tier' of `abc_table` must be categorical (as abc() returns it)."))
    if tier.isna().any():
        raise ColumnError(_("Column 'tier' of `abc_table` has missing values; every customer needs a tier."))
    value = numeric_column(abc_table, "abc_table", "value")
    if value.isna().any():
        raise ColumnError(_("Column 'value' of `abc_table` has missing values."))
    frame = pd.DataFrame({"tier": tier.array, "value": value.to_numpy()})
    g = frame.groupby("tier", observed=False)["value"]
    out = pd.DataFrame({"customers": g.size().astype(np.int64), "revenue": g.sum()})
    total_n, total_v = out["customers"].sum(), out["revenue"].sum()
    if total_v <= 0:
        raise ParameterError(_("The values in `abc_table` add up to 0: revenue shares are undefined."))
    out["customer_share"] = out["customers"] / total_n
    out["revenue_share"] = out["revenue"] / total_v
    out["cum_customer_share"] = out["customer_share"].cumsum()
    out["cum_revenue_share"] = out["revenue_share"].cumsum()
    out["mean_value"] = out["revenue"] / out["customers"].where(out["customers"] > 0)
    out["min_value"] = g.min()
    out.index.name = "tier"
    return out[
        ["customers", "customer_share", "revenue", "revenue_share", "cum_customer_share", "cum_revenue_share", "mean_value", "min_value"]
    ]
