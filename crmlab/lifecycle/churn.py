"""Who has churned (客户流失): days since the last purchase against a threshold, and churn rates
by customer group (the courseware's churn-rate distribution chart, 流失率分布图)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_days, check_choice, check_int
from .._frames import check_frame, require_columns
from ..errors import ColumnError
from ..i18n import N_, _
from ..purchases import AMOUNT, RETURNED
from ._history import check_grouping, as_timestamps, check_column_name, check_positive, group_codes, group_labels, history

__all__ = ["churn_flags", "churn_rate", "RULES"]

#: Churn rules of :func:`churn_flags`.
RULES = ("fixed", "adaptive")


def churn_flags(
    orders: object,
    *,
    threshold_days: int = 180,
    as_of: object = None,
    rule: str = "fixed",
    k: float = 3.0,
    min_purchases: int = 3,
    min_days: int = 30,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Flag each customer as churned (流失) when they have been inactive too long.

    **Days since last purchase** = ``as_of`` − the calendar day of the customer's last
    purchase, in days (a purchase on the day before ``as_of`` is 1 day old). A customer is
    **churned** when this is ``>=`` their threshold:

    * ``rule="fixed"``: the same ``threshold_days`` for everybody (default 180 days);
    * ``rule="adaptive"``: the customer's own rhythm — ``k`` × their mean gap between purchase
      days, but at least ``min_days`` — for customers with at least ``min_purchases``
      purchase days; the others (too few purchases to know their rhythm) get
      ``threshold_days``.

    The **mean gap** is (last − first purchase day) / (purchase days − 1); several orders on
    one day make one purchase day. Churn here is *observed inactivity*: a customer flagged
    today may still come back, and one who has really left is only flagged once the threshold
    has passed.

    Parameters
    ----------
    orders : DataFrame
        Order log, one row per order, read by the purchase rule of :mod:`crmlab.purchases`
        (returned, zero and refund orders are no purchase; rows on or after ``as_of`` are
        ignored).
    threshold_days : int
        Fixed inactivity threshold in days (≥ 1).
    as_of : date-like, optional
        Analysis date. Default: the day after the last order.
    rule : {"fixed", "adaptive"}
    k : float
        Multiple of the own mean gap for the adaptive rule (> 0).
    min_purchases : int
        Purchase days needed (≥ 2) before the adaptive rule uses the customer's own rhythm.
    min_days : int
        Smallest adaptive threshold, in days (≥ 1).
    customer, date : str
        Column names in ``orders``.
    amount, returned : str or None, default "amount" and "returned"
        Columns of the amounts and the returned flags, used when the log has them: by the
        purchase rule of :mod:`crmlab.purchases` a purchase is an order that was not returned and
        has an amount > 0. ``None`` ignores the column (``amount=None``: every order counts
        whatever its amount; ``returned=None``: returned orders count).

    Returns
    -------
    DataFrame
        One row per customer with a purchase, sorted by customer id: ``customer`` (the id
        column, under its own name), ``first_purchase``, ``last_purchase`` (dates), ``orders``
        (order rows), ``purchase_days``, ``mean_gap`` (days, NaN with one purchase day),
        ``days_since_last`` (int), ``threshold_days`` (the threshold applied, float) and
        ``churned`` (bool).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": [1, 1, 2],
    ...                     "order_date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-01-10"])})
    >>> churn_flags(log, as_of="2024-08-01")[["customer_id", "days_since_last", "churned"]].values.tolist()
    [[1, 61, False], [2, 204, True]]
    """
    check_days("threshold_days", threshold_days)
    check_choice("rule", rule, RULES)
    k = check_positive("k", k)
    check_int("min_purchases", min_purchases, low=2)
    check_days("min_days", min_days)
    hist = history(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    s = hist.summary()
    since = hist.as_of_day - s["last_day"].to_numpy()
    threshold = np.full(hist.n, float(threshold_days))
    if rule == "adaptive":
        own = s["purchase_days"].to_numpy() >= min_purchases
        threshold = np.where(own, np.maximum(k * s["mean_gap"].to_numpy(), float(min_days)), threshold)
    return pd.DataFrame(
        {
            customer: hist.ids,
            "first_purchase": as_timestamps(s["first_day"].to_numpy()),
            "last_purchase": as_timestamps(s["last_day"].to_numpy()),
            "orders": s["orders"].to_numpy(),
            "purchase_days": s["purchase_days"].to_numpy(),
            "mean_gap": s["mean_gap"].to_numpy(),
            "days_since_last": since,
            "threshold_days": threshold,
            "churned": since >= threshold,
        }
    )


def _flag_values(flags: pd.DataFrame, col: str) -> np.ndarray:
    values = flags[col]
    if pd.api.types.is_bool_dtype(values) and not values.isna().any():
        return values.to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        num = values.to_numpy(dtype=float, na_value=np.nan)
        if np.isin(num, (0.0, 1.0)).all():
            return num == 1.0
    raise ColumnError(
        _(
            "Column {column!r} of `flags` must hold True/False (or 1/0) for every customer, but it holds "
            "{dtype} values such as {got!r}."
        ).format(column=col, dtype=values.dtype, got=values.iloc[0])
    )


def churn_rate(
    flags: object,
    by: str | None = None,
    *,
    groups: object = None,
    customer: str = "customer_id",
    churned: str = "churned",
) -> pd.DataFrame:
    """Churn rate (流失率) overall or by customer group: the churn-rate distribution table.

    **Churn rate** of a group = churned customers / customers in the group (both counted in
    ``flags``, one row per customer). Tracking it by group shows where the firm loses
    customers (by acquisition channel, membership tier, persona …).

    Parameters
    ----------
    flags : DataFrame
        One row per customer with a churn flag, e.g. the result of :func:`churn_flags`.
    by : str, optional
        Group column: taken from ``flags`` if it has it, else from ``groups``. ``None``: one
        overall row (group ``"all"``).
    groups : DataFrame, optional
        Table with columns ``customer`` and ``by`` (one row per customer), e.g. the
        ``customers`` table; customers of ``flags`` missing from it are left out.
    customer : str
        Customer id column (in ``flags`` and ``groups``).
    churned : str
        Flag column of ``flags`` (bool, or 0/1 numbers; missing values are an error).

    Returns
    -------
    DataFrame
        One row per group (in the group's category order, else sorted; groups without
        customers are left out): the group column (named ``by``, or ``"group"``),
        ``customers``, ``churned`` (count), ``churn_rate`` (0–1) and ``relative_rate`` (the
        group's rate / the overall rate of the customers shown; NaN if that is 0).

    Examples
    --------
    >>> import pandas as pd
    >>> flags = pd.DataFrame({"customer_id": [1, 2, 3, 4], "churned": [True, False, True, True],
    ...                       "tier": ["gold", "gold", "none", "none"]})
    >>> churn_rate(flags, "tier")["churn_rate"].tolist()
    [0.5, 1.0]
    """
    flags = check_frame(flags, "flags")
    check_column_name("customer", customer)
    check_column_name("churned", churned)
    require_columns(flags, "flags", {churned: N_("churn flags (True/False)")})
    flag = _flag_values(flags, churned)
    check_grouping(by, groups, customer, flags, "flags")
    if by is None:
        label = pd.Series(["all"] * len(flags))
        name = "group"
    else:
        if by not in flags.columns:
            require_columns(flags, "flags", {customer: N_("customer ids")})
        ids = flags[customer].to_numpy() if customer in flags.columns else np.arange(len(flags))
        label = group_labels(ids, by, groups, customer=customer, frame=flags)
        name = by
    gcode, names = group_codes(label)
    ok = gcode >= 0
    size = np.bincount(gcode[ok], minlength=len(names))
    hits = np.bincount(gcode[ok], weights=flag[ok].astype(float), minlength=len(names))
    keep = size > 0
    total_rate = hits.sum() / size.sum() if size.sum() else np.nan
    out = pd.DataFrame(
        {
            name: names[keep],
            "customers": size[keep].astype(np.int64),
            "churned": hits[keep].astype(np.int64),
        }
    )
    out["churn_rate"] = out["churned"] / out["customers"]
    out["relative_rate"] = out["churn_rate"] / total_rate if total_rate else np.nan
    if isinstance(label.dtype, pd.CategoricalDtype):
        out[name] = pd.Categorical(out[name], categories=label.cat.categories)
    return out
