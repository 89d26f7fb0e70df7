"""Collection (回款) and receivables per account: what the invoice log says about payment.

The collection rate (回款率) is the courseware's main basis of credit evaluation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._invoices import DAYS_PER_MONTH, clean_invoices, sort_index, with_rules

__all__ = ["collection", "ageing", "AGEING_BUCKETS"]

#: Ageing buckets of open receivables (codes): not yet due, then days past due.
AGEING_BUCKETS = ("current", "days_1_30", "days_31_60", "days_61_90", "days_over_90")

@with_rules
def collection(
    invoices: pd.DataFrame,
    *,
    as_of: object = None,
    account: str = "account_id",
    invoice_date: str = "invoice_date",
    due_date: str = "due_date",
    amount: str = "amount",
    paid_date: str = "paid_date",
    paid_amount: str | None = "paid_amount",
) -> pd.DataFrame:
    """Collection rate (回款率), overdue days and receivables of each account.

    Parameters
    ----------
    invoices : pandas.DataFrame
        One row per invoice, e.g. ``crmlab.load("invoices")``.
    as_of : date or str, optional
        Day of the analysis. Default: the day after the latest invoice or payment date.
    account, invoice_date, due_date, amount, paid_date : str
        Column names (defaults match the simulated ``invoices`` table).
    paid_amount : str or None, default "paid_amount"
        Column of amounts paid; ``None`` if the log only records payment dates (then every
        dated payment is in full).

    Returns
    -------
    pandas.DataFrame
        One row per account with an invoice before ``as_of``, indexed by account id (index
        named like ``account``), sorted by id:

        * ``invoices`` – invoices dated before ``as_of``; ``invoiced`` – their total amount.
        * ``monthly_volume`` – average invoiced amount per month over the last 365 days:
          the amount invoiced in ``[as_of − 365 days, as_of)`` divided by the months the
          account was active in that year, ``min(max(days since its first invoice, 30.4375),
          365) / 30.4375`` (so a new account's volume is not diluted).
        * ``due_invoices``, ``amount_due`` – invoices whose due date is before ``as_of`` (due by
          ``as_of``) and their total amount.
        * ``amount_paid`` – paid by ``as_of`` on those due invoices (partial payments count by
          their amount).
        * ``collection_rate`` – 回款率 = ``amount_paid / amount_due`` (0–1); NaN when nothing is
          due yet. Payments on invoices not yet due are not part of it.
        * ``avg_overdue_days``, ``max_overdue_days`` – over the due invoices, each counted once
          (not weighted by amount): a settled invoice is overdue ``paid_date − due_date`` days,
          early or on-time payments count as 0; an unpaid or partly paid invoice is overdue
          ``as_of − due_date`` days (still running). NaN when nothing is due.
        * ``overdue_invoices`` – due invoices with overdue days > 0.
        * ``open_receivables`` – unpaid balance (amount − paid) of all invoices before ``as_of``;
          ``past_due`` – the part of it on due invoices.

    Notes
    -----
    {rules}

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"account_id": [1, 1], "invoice_date": ["2025-01-01", "2025-02-01"],
    ...     "due_date": ["2025-01-31", "2025-03-03"], "amount": [100.0, 100.0],
    ...     "paid_date": ["2025-02-10", None], "paid_amount": [100.0, 0.0]})
    >>> c = collection(inv, as_of="2025-03-13")
    >>> c.loc[1, ["collection_rate", "avg_overdue_days", "max_overdue_days"]].tolist()
    [0.5, 10.0, 10.0]
    """
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
    due = inv["is_due"].to_numpy()
    year_start = as_of_ts - pd.Timedelta(days=365)
    work = pd.DataFrame(
        {
            "account": inv["account"],
            "amount": inv["amount"],
            "recent": np.where(inv["invoice_day"] >= year_start, inv["amount"], 0.0),
            "first": inv["invoice_day"],
            "due_n": due.astype(np.int64),
            "due_amt": np.where(due, inv["amount"], 0.0),
            "due_paid": np.where(due, inv["paid"], 0.0),
            "od": inv["overdue_days"],
            "od_n": (inv["overdue_days"] > 0).astype(np.int64),
            "open": inv["open"],
            "past_due": np.where(due, inv["open"], 0.0),
        }
    )
    g = work.groupby("account", sort=False)
    out = pd.DataFrame(
        {
            "invoices": g["amount"].size(),
            "invoiced": g["amount"].sum(),
            "recent": g["recent"].sum(),
            "first": g["first"].min(),
            "due_invoices": g["due_n"].sum(),
            "amount_due": g["due_amt"].sum(),
            "amount_paid": g["due_paid"].sum(),
            "avg_overdue_days": g["od"].mean(),
            "max_overdue_days": g["od"].max(),
            "overdue_invoices": g["od_n"].sum(),
            "open_receivables": g["open"].sum(),
            "past_due": g["past_due"].sum(),
        }
    )
    active = (as_of_ts - out["first"]).dt.days.astype("float64").clip(lower=DAYS_PER_MONTH, upper=365)
    monthly = out["recent"] / (active / DAYS_PER_MONTH)
    rate = out["amount_paid"] / out["amount_due"].where(out["amount_due"] > 0)
    result = pd.DataFrame(
        {
            "invoices": out["invoices"].astype("int64"),
            "invoiced": out["invoiced"].round(2),
            "monthly_volume": monthly.round(2),
            "due_invoices": out["due_invoices"].astype("int64"),
            "amount_due": out["amount_due"].round(2),
            "amount_paid": out["amount_paid"].round(2),
            "collection_rate": rate.clip(upper=1.0),
            "avg_overdue_days": out["avg_overdue_days"],
            "max_overdue_days": out["max_overdue_days"],
            "overdue_invoices": out["overdue_invoices"].astype("int64"),
            "open_receivables": out["open_receivables"].round(2),
            "past_due": out["past_due"].round(2),
        }
    )
    result.index.name = account
    return sort_index(result)


@with_rules
def ageing(
    invoices: pd.DataFrame,
    *,
    as_of: object = None,
    account: str = "account_id",
    invoice_date: str = "invoice_date",
    due_date: str = "due_date",
    amount: str = "amount",
    paid_date: str = "paid_date",
    paid_amount: str | None = "paid_amount",
) -> pd.DataFrame:
    """Ageing of open receivables (应收账款账龄): open balances by days past due, per account.

    Parameters
    ----------
    invoices : pandas.DataFrame
        One row per invoice, e.g. ``crmlab.load("invoices")``.
    as_of : date or str, optional
        Day of the analysis. Default: the day after the latest invoice or payment date.
    account, invoice_date, due_date, amount, paid_date, paid_amount : str
        Column names, as in :func:`collection`.

    Returns
    -------
    pandas.DataFrame
        One row per account with an invoice before ``as_of`` (fully paid accounts show zeros),
        indexed by account id, columns :data:`AGEING_BUCKETS` and ``total``. An invoice's open
        balance (amount − paid by ``as_of``) falls in ``current`` if its due date is on or after
        ``as_of`` (not yet due), else by its days past due ``d = as_of − due_date``:
        ``days_1_30`` (1 ≤ d ≤ 30), ``days_31_60``, ``days_61_90``, ``days_over_90`` (d > 90).
        ``total`` equals :func:`collection`'s ``open_receivables``. Display names of the codes:
        :func:`crmlab.i18n.label` or the plots.

    Notes
    -----
    {rules}

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"account_id": [1, 1], "invoice_date": ["2025-01-01", "2025-03-01"],
    ...     "due_date": ["2025-01-31", "2025-03-31"], "amount": [100.0, 50.0],
    ...     "paid_date": [None, None], "paid_amount": [0.0, 0.0]})
    >>> ageing(inv, as_of="2025-03-15").loc[1].tolist()
    [50.0, 0.0, 100.0, 0.0, 0.0, 150.0]
    """
    inv, _as_of = clean_invoices(
        invoices,
        as_of=as_of,
        account=account,
        invoice_date=invoice_date,
        due_date=due_date,
        amount=amount,
        paid_date=paid_date,
        paid_amount=paid_amount,
    )
    result = _ageing_table(inv)
    result.index.name = account
    return sort_index(result)


def _ageing_table(inv: pd.DataFrame) -> pd.DataFrame:
    """Open balance by ageing bucket per account from a :func:`clean_invoices` frame."""
    d = inv["days_past_due"].to_numpy()
    bucket = np.select([d <= 0, d <= 30, d <= 60, d <= 90], [0, 1, 2, 3], 4)
    work = pd.DataFrame({"account": inv["account"], "open": inv["open"]})
    for k, code in enumerate(AGEING_BUCKETS):
        work[code] = np.where(bucket == k, inv["open"], 0.0)
    out = work.groupby("account", sort=False)[[*AGEING_BUCKETS, "open"]].sum().round(2)
    return out.rename(columns={"open": "total"})
