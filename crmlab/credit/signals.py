"""When to look at a customer's credit again: signals in the invoice log, and the triggers.

The courseware lists signals of changing credit — payments, purchasing, business, staff and
owner changes. The first two show in an invoice log and are computed here; the others come from
the sales force and the news, not from data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_float, check_int
from ..i18n import N_, _
from ._invoices import clean_invoices, sort_index, with_rules

__all__ = ["credit_signals", "review_triggers", "PURCHASING_CODES"]

#: Codes of the ``purchasing`` column of :func:`credit_signals`.
PURCHASING_CODES = ("surge", "drop", "stable", "new", "inactive")


@with_rules
def credit_signals(
    invoices: pd.DataFrame,
    as_of: object = None,
    *,
    recent_days: int = 90,
    baseline_days: int = 365,
    cap_days: int = 30,
    slowing_days: float = 10.0,
    surge: float = 1.5,
    drop: float = 0.5,
    min_invoices: int = 2,
    account: str = "account_id",
    invoice_date: str = "invoice_date",
    due_date: str = "due_date",
    amount: str = "amount",
    paid_date: str = "paid_date",
    paid_amount: str | None = "paid_amount",
) -> pd.DataFrame:
    """Signals of changing credit (信用变化信号) per account: slower payments, purchasing swings.

    Parameters
    ----------
    invoices : pandas.DataFrame
        One row per invoice, e.g. ``crmlab.load("invoices")``.
    as_of : date or str, optional
        Day of the check. Default: the day after the latest invoice or payment date.
    recent_days : int, default 90
        Length of the recent window (days).
    baseline_days : int, default 365
        Length of the earlier window it is compared with (days), just before the recent one.
    cap_days : int, default 30
        Late days are counted up to this many days after the due date (see below).
    slowing_days : float, default 10
        Payments are *slowing* when the recent late days exceed the earlier ones by at least this.
    surge, drop : float, default 1.5 and 0.5
        Purchasing *surges* when recent / earlier volume ≥ ``surge``, *drops* when ≤ ``drop``.
    min_invoices : int, default 2
        Fewest due invoices in each window for the payment comparison.
    account, invoice_date, due_date, amount, paid_date, paid_amount : str
        Column names, as in :func:`crmlab.credit.collection`.

    Returns
    -------
    pandas.DataFrame
        One row per account with an invoice before ``as_of``, indexed by account id. Columns:

        **Payments** — an invoice's *late days* are the days from its due date to its full
        payment, capped at ``cap_days`` (early or on time: 0; not settled within ``cap_days``:
        ``cap_days``). The cap lets recent invoices, which have had less time to run late, be
        compared fairly: only invoices due at least ``cap_days`` before ``as_of`` are used, so
        every one of them has been watched for ``cap_days``.

        * ``recent_late_days`` – mean late days of invoices due in
          ``[as_of − cap_days − recent_days, as_of − cap_days)``;
        * ``earlier_late_days`` – the same for the ``baseline_days`` before that;
        * ``payments_slowing`` – ``recent − earlier ≥ slowing_days``, each window holding at
          least ``min_invoices`` invoices (else the means may be NaN and the flag is False).

        **Purchasing** — volume is the amount invoiced per 30 days:

        * ``recent_volume`` – over ``[as_of − recent_days, as_of)``;
        * ``earlier_volume`` – over the ``baseline_days`` before it, counted from the account's
          first invoice if that is later;
        * ``volume_ratio`` – ``recent_volume / earlier_volume`` (inf if the earlier volume is 0
          and the recent one is not; NaN if both are 0 or there is no earlier window);
        * ``purchasing`` – ``"new"`` (first invoice within the recent window), ``"surge"``
          (ratio ≥ ``surge``), ``"drop"`` (ratio ≤ ``drop``, including buying nothing lately),
          ``"inactive"`` (nothing invoiced in either window), else ``"stable"``.

        * ``review`` – True if payments are slowing or purchasing surges or drops.

    Notes
    -----
    {rules}

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.date_range("2024-01-01", periods=12, freq="MS")
    >>> inv = pd.DataFrame({"account_id": 1, "invoice_date": months,
    ...     "due_date": months + pd.Timedelta(days=30), "amount": 100.0,
    ...     "paid_date": months + pd.Timedelta(days=30), "paid_amount": 100.0})
    >>> s = credit_signals(inv, as_of="2025-01-01")
    >>> s.loc[1, "purchasing"], bool(s.loc[1, "review"])
    ('stable', False)
    """
    recent_days = check_int("recent_days", recent_days, low=1, high=36_500)
    baseline_days = check_int("baseline_days", baseline_days, low=1, high=36_500)
    cap_days = check_int("cap_days", cap_days, low=0, high=36_500)
    slowing_days = check_float("slowing_days", slowing_days, low=0)
    surge = check_float("surge", surge, low=1)
    drop = check_float("drop", drop, low=0, high=1)
    min_invoices = check_int("min_invoices", min_invoices, low=1)
    inv, as_of_ts = clean_invoices(
        invoices,
        as_of=as_of,
        account=account,
        invoice_date=invoice_date,
        due_date=due_date,
        amount=amount,
        paid_date=paid_date,
        paid_amount=paid_amount,
    )
    day = pd.Timedelta(days=1)
    # payments: late days capped at cap_days, for invoices due at least cap_days ago
    pay_end = as_of_ts - cap_days * day
    pay_mid = pay_end - recent_days * day
    pay_start = pay_mid - baseline_days * day
    late_full = (inv["paid_day"] - inv["due_day"]).dt.days.astype("float64").clip(lower=0)
    late = np.where(inv["settled"].to_numpy(), np.minimum(late_full.to_numpy(), cap_days), float(cap_days))
    due = inv["due_day"]
    in_recent = ((due >= pay_mid) & (due < pay_end)).to_numpy()
    in_earlier = ((due >= pay_start) & (due < pay_mid)).to_numpy()
    # purchasing: amounts per window
    buy_mid = as_of_ts - recent_days * day
    buy_start = buy_mid - baseline_days * day
    day_ = inv["invoice_day"]
    work = pd.DataFrame(
        {
            "account": inv["account"],
            "first": day_,
            "rl_sum": np.where(in_recent, late, 0.0),
            "rl_n": in_recent.astype(np.int64),
            "el_sum": np.where(in_earlier, late, 0.0),
            "el_n": in_earlier.astype(np.int64),
            "rv": np.where(day_ >= buy_mid, inv["amount"], 0.0),
            "ev": np.where((day_ >= buy_start) & (day_ < buy_mid), inv["amount"], 0.0),
        }
    )
    g = work.groupby("account", sort=False)
    agg = g[["rl_sum", "rl_n", "el_sum", "el_n", "rv", "ev"]].sum()
    first = g["first"].min()
    with np.errstate(divide="ignore", invalid="ignore"):
        recent_late = agg["rl_sum"] / agg["rl_n"].where(agg["rl_n"] > 0)
        earlier_late = agg["el_sum"] / agg["el_n"].where(agg["el_n"] > 0)
        enough = (agg["rl_n"] >= min_invoices) & (agg["el_n"] >= min_invoices)
        slowing = enough & ((recent_late - earlier_late) >= slowing_days)
        earlier_from = np.maximum(first, buy_start)
        earlier_span = (buy_mid - earlier_from).dt.days.astype("float64")
        is_new = (first >= buy_mid).to_numpy()
        recent_volume = agg["rv"] / recent_days * 30.0
        earlier_volume = (agg["ev"] / earlier_span.where(earlier_span > 0) * 30.0).where(~is_new)
        rv, ev = recent_volume.to_numpy(), earlier_volume.to_numpy()
        ratio = np.where(ev > 0, rv / np.where(ev > 0, ev, 1.0), np.where(rv > 0, np.inf, np.nan))
        ratio = np.where(np.isnan(ev), np.nan, ratio)
    purchasing = np.select(
        [is_new, (rv == 0) & (ev == 0), ratio >= surge, ratio <= drop],
        ["new", "inactive", "surge", "drop"],
        "stable",
    )
    out = pd.DataFrame(
        {
            "recent_late_days": recent_late,
            "earlier_late_days": earlier_late,
            "payments_slowing": slowing.astype(bool),
            "recent_volume": recent_volume.round(2),
            "earlier_volume": earlier_volume.round(2),
            "volume_ratio": ratio,
            "purchasing": pd.array(purchasing, dtype="str"),
        },
        index=agg.index,
    )
    out["review"] = out["payments_slowing"] | out["purchasing"].isin(["surge", "drop"])
    out.index.name = account
    return sort_index(out)


_TRIGGERS = (
    (
        "first_deal",
        N_("A new customer's first deal"),
        N_("Customers with no earlier invoice (credit_signals: purchasing == 'new')."),
    ),
    (
        "order_change",
        N_("Orders surge or drop suddenly"),
        N_("credit_signals: purchasing == 'surge' or 'drop'."),
    ),
    (
        "credit_request",
        N_("The customer asks for credit or a higher credit line"),
        N_("A sales request; compare with credit_line()."),
    ),
    (
        "stale_data",
        N_("The credit data is more than a year old"),
        N_("Date of the last credit review in the customer file."),
    ),
    (
        "payment_change",
        N_("The customer changes how it pays (payment method or habits)"),
        N_("credit_signals: payments_slowing; changes of payment method reported by sales."),
    ),
    (
        "rumour",
        # Translators: the Chinese in parentheses is the course's term: use it instead.
        N_("Word goes round that the customer's business is in trouble (流传客户经营形势不好)"),
        N_("Reports from sales reps, other suppliers, the trade press; check before the invoices show it."),
    ),
    (
        "other_anomaly",
        N_("Other anomalies: changes in business, staff or owner"),
        N_("Reports from sales reps, the press and credit agencies."),
    ),
)


def review_triggers() -> pd.DataFrame:
    """The courseware's occasions for a credit investigation (信用调查的时机).

    Returns
    -------
    pandas.DataFrame
        One row per trigger: ``trigger`` (stable English code: ``first_deal``,
        ``order_change``, ``credit_request``, ``stale_data``, ``payment_change``, ``rumour``,
        ``other_anomaly``), ``description`` and ``how_to_detect`` (display text in the current
        language, :mod:`crmlab.i18n`).

    Examples
    --------
    >>> review_triggers()["trigger"].tolist()[:2]
    ['first_deal', 'order_change']
    """
    return pd.DataFrame(
        {
            "trigger": [t[0] for t in _TRIGGERS],
            "description": [_(t[1]) for t in _TRIGGERS],
            "how_to_detect": [_(t[2]) for t in _TRIGGERS],
        }
    )
