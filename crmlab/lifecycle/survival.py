"""Customer survival (客户保持) curves: the Kaplan–Meier estimate of the share of customers
still active t days after their first purchase, with customers still active at ``as_of``
counted correctly (censored) rather than dropped or counted as lost."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_days
from ..i18n import _
from ..purchases import AMOUNT, RETURNED
from ._history import group_codes, group_labels, history

__all__ = ["survival_curve", "kaplan_meier"]


def kaplan_meier(durations: object, events: object, groups: object = None) -> pd.DataFrame:
    """Kaplan–Meier survival table from durations and event flags (plain numpy).

    At each distinct duration *t* (in the data's unit) with *n* subjects still at risk (duration
    ``>= t``) and *d* events at *t*: S(t) = Π over times ≤ t of (1 − d / n). Subjects censored at
    *t* are still at risk at *t* (events are taken to come first). ``std_err`` is Greenwood's
    standard error S(t)·sqrt(Σ d / (n (n − d))) (NaN once S reaches 0).

    Parameters
    ----------
    durations : array-like of numbers ≥ 0
    events : array-like of bool
        True = the event happened at the duration; False = censored (still alive then).
    groups : array-like, optional
        Group of each subject; one curve per group (missing groups are left out).

    Returns
    -------
    DataFrame
        Columns ``group`` (``"all"`` without groups), ``day`` (0, then each distinct
        duration), ``at_risk``, ``events``, ``censored``, ``survival``, ``std_err``.

    Examples
    --------
    >>> kaplan_meier([1, 2, 2, 3], [True, True, False, True])["survival"].round(3).tolist()
    [1.0, 0.75, 0.5, 0.0]
    """
    from ..errors import ParameterError

    try:
        t = np.asarray(durations, dtype=float)
        e = np.asarray(events, dtype=bool)
    except (TypeError, ValueError):
        raise ParameterError(_("`durations` must be numbers and `events` True/False values.")) from None
    labels = pd.Series(["all"] * len(t)) if groups is None else pd.Series(groups).reset_index(drop=True)
    if not (t.ndim == e.ndim == 1 and len(t) == len(e) == len(labels)):
        raise ParameterError(
            _("`durations`, `events` and `groups` must be one-dimensional and of the same length.")
        )
    if np.isnan(t).any() or (t < 0).any():
        raise ParameterError(_("`durations` must be numbers >= 0 (no missing values)."))
    gcode, names = group_codes(labels)
    keep = gcode >= 0
    gc, t, e = gcode[keep], t[keep], e[keep]
    order = np.lexsort((t, gc))
    gc, t, e = gc[order], t[order], e[order]
    # One block per distinct (group, duration).
    new = np.ones(len(t), dtype=bool)
    new[1:] = (gc[1:] != gc[:-1]) | (t[1:] != t[:-1])
    block = np.cumsum(new) - 1
    n_block = np.bincount(block)
    d_block = np.bincount(block, weights=e.astype(float)).astype(np.int64)
    b_group, b_day = gc[new], t[new]
    size = np.bincount(gc, minlength=len(names))
    before = np.cumsum(n_block) - n_block  # subjects in earlier blocks, all groups
    first_block = np.searchsorted(b_group, np.arange(len(names)))
    at_risk = size[b_group] - (before - before[first_block[b_group]])
    factor = 1.0 - d_block / at_risk
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(at_risk > d_block, d_block / (at_risk * (at_risk - d_block)), np.nan)
    survival = np.empty(len(factor))
    green = np.empty(len(factor))
    bounds = np.append(first_block, len(factor))
    for g in range(len(names)):  # one short cumulative product per group
        lo, hi = bounds[g], bounds[g + 1]
        survival[lo:hi] = np.cumprod(factor[lo:hi])
        green[lo:hi] = np.cumsum(term[lo:hi])  # NaN once a group has lost everybody
    std_err = np.where(survival > 0, survival * np.sqrt(green), np.nan)

    used = np.flatnonzero(size > 0)
    # Starting row (day 0, everyone at risk) of each group, then its blocks.
    rows_group = np.concatenate([used, b_group])
    rows_day = np.concatenate([np.zeros(len(used)), b_day])
    rank = np.concatenate([np.zeros(len(used)), np.ones(len(b_group))])
    sort = np.lexsort((rank, rows_day, rows_group))
    out = pd.DataFrame(
        {
            "group": names.take(rows_group[sort]),
            "day": rows_day[sort],
            "at_risk": np.concatenate([size[used], at_risk])[sort].astype(np.int64),
            "events": np.concatenate([np.zeros(len(used), np.int64), d_block])[sort],
            "censored": np.concatenate([np.zeros(len(used), np.int64), n_block - d_block])[sort],
            "survival": np.concatenate([np.ones(len(used)), survival])[sort],
            "std_err": np.concatenate([np.zeros(len(used)), std_err])[sort],
        }
    )
    if isinstance(labels.dtype, pd.CategoricalDtype):
        out["group"] = pd.Categorical(out["group"], categories=labels.cat.categories)
    return out


def survival_curve(
    orders: object,
    *,
    threshold_days: int = 180,
    by: str | None = None,
    groups: object = None,
    as_of: object = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Kaplan–Meier retention curve of customers, overall or by group.

    Each customer's clock starts at their first purchase. The relationship is taken to **end**
    ``threshold_days`` after the last purchase — the day the inactivity rule of
    :func:`~crmlab.lifecycle.churn_flags` (fixed rule) would call the customer churned. If that
    day is on or before ``as_of`` the customer is an *event* at duration (last − first purchase
    day + ``threshold_days``); otherwise they are still alive and *censored* at
    (``as_of`` − first purchase day). Durations are in calendar days. ``survival`` at day *t* is
    the estimated share of customers whose relationship lasts longer than *t* days; note it is 1
    up to ``threshold_days`` by construction (nobody can be declared lost sooner).

    The clock starts at the first purchase *in the log*. A customer who was already buying before
    the log starts enters it part-way through their relationship (left truncation): their
    duration is counted too short, and the curve mixes newcomers with long-standing customers.
    Compare groups that enter alike (e.g. customers who signed up inside the window, by
    ``signup_date``), as lesson 05 does.

    Parameters
    ----------
    orders : DataFrame
        Order log, read by the purchase rule of :mod:`crmlab.purchases` (returned, zero and
        refund orders are no purchase; rows on or after ``as_of`` are ignored).
    threshold_days : int
        Inactivity that ends a relationship (≥ 1).
    by : str, optional
        Group column, looked up in ``groups`` (columns ``customer`` and ``by``, one row per
        customer, e.g. the customers table). Customers without a group are left out.
    groups : DataFrame, optional
    as_of : date-like, optional
        Default: the day after the last order.
    customer, date : str
        Column names.
    amount, returned : str or None, default "amount" and "returned"
        Columns of the amounts and the returned flags, used when the log has them: by the
        purchase rule of :mod:`crmlab.purchases` a purchase is an order that was not returned and
        has an amount > 0. ``None`` ignores the column (``amount=None``: every order counts
        whatever its amount; ``returned=None``: returned orders count).

    Returns
    -------
    DataFrame
        Tidy Kaplan–Meier table, see :func:`kaplan_meier`: ``group`` (the group value, or
        ``"all"``), ``day``, ``at_risk``, ``events``, ``censored``, ``survival``, ``std_err``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": [1, 2, 2],
    ...                     "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-09-01"])})
    >>> survival_curve(log, threshold_days=100, as_of="2024-12-01")[["day", "survival"]].values.tolist()
    [[0.0, 1.0], [100.0, 0.5], [335.0, 0.5]]
    """
    check_days("threshold_days", threshold_days)
    hist = history(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    s = hist.summary()
    first = s["first_day"].to_numpy()
    end = s["last_day"].to_numpy() + threshold_days
    event = end <= hist.as_of_day
    duration = np.where(event, end, hist.as_of_day) - first
    label = group_labels(hist.ids, by, groups, customer=customer, frame=None, frame_param="orders")
    return kaplan_meier(duration, event, label)
