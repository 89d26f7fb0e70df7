"""Cleaning an invoice log and deriving, per invoice, what the credit functions count.

Every credit function that reads invoices goes through :func:`clean_invoices`, so they all
follow the same rules (stated once here and repeated in the public docstrings):

* rows with a missing account id, invoice date, due date or amount are dropped;
* invoices with an amount ≤ 0 (credit notes, corrections) are dropped;
* dates may be datetimes or date strings; the time of day is ignored (days are calendar days,
  counted between midnights);
* ``as_of`` defaults to the day after the latest invoice date or payment date; invoices dated
  on or after ``as_of`` are dropped (not yet issued);
* a payment counts only if its ``paid_date`` is present and before ``as_of``; a payment amount
  without a date is ignored (treated as unpaid);
* a missing ``paid_amount`` next to a payment date means paid in full; with
  ``paid_amount=None`` the log has no amount column and every dated payment is in full;
* a paid amount above the invoiced amount counts as the invoiced amount (an overpayment is not
  credited to other invoices); a negative paid amount is an error;
* an invoice is *settled* when the amount paid by ``as_of`` covers its amount (to the cent);
  a partly paid invoice stays open;
* each row is one invoice (duplicated rows count twice: drop duplicates first if your log
  repeats rows).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import check_ids, check_frame, date_column, numeric_column, require_columns, resolve_as_of
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _, ngettext

#: Days in an average month (365.25 / 12), used to turn days into months.
DAYS_PER_MONTH = 30.4375


RULES = """Invoice rules (shared by every credit function): rows with a missing account id, invoice
    date, due date or amount are dropped, and so are invoices with an amount ≤ 0 (credit notes).
    The time of day is ignored: days are calendar days. Invoices dated on or after ``as_of`` are
    dropped. A payment counts only if its ``paid_date`` is before ``as_of`` (a paid amount with
    no date is ignored); a missing paid amount next to a payment date means paid in full; a paid
    amount above the invoiced amount counts as the invoiced amount; negative paid amounts are an
    error. An invoice is *settled* when the amount paid by ``as_of`` covers it (to the cent); a
    partly paid invoice stays open. Each row is one invoice (drop duplicated rows first).
"""


def with_rules(func):
    """Put the shared invoice rules into ``func``'s docstring (at ``{rules}``)."""
    if func.__doc__:
        func.__doc__ = func.__doc__.replace("{rules}", RULES.strip())
    return func


def finite_column(frame: pd.DataFrame, param: str, col: str) -> pd.Series:
    """Column ``col`` as float64 (see :func:`numeric_column`); ±inf is an error."""
    values = numeric_column(frame, param, col)
    bad = np.isinf(values.to_numpy())
    if bad.any():
        raise ColumnError(
            ngettext(
                "Column {column!r} of `{name}` must hold finite numbers, but it holds {got} ({n:,} infinite value).",
                "Column {column!r} of `{name}` must hold finite numbers, but it holds {got} ({n:,} infinite values).",
                int(bad.sum()),
            ).format(column=col, name=param, got=values[bad].iloc[0], n=int(bad.sum()))
        )
    return values


def check_column_names(**names: object) -> None:
    """Column-name parameters must be strings naming different columns."""
    used: dict[str, str] = {}
    for param, col in names.items():
        if col is None:
            continue
        if not isinstance(col, str):
            raise ParameterTypeError(
                _("`{name}` must be a column name (str), but {got} of type {type} was passed.").format(
                    name=param, got=_show(col), type=type(col).__name__
                )
            )
        if col in used:
            raise ParameterError(
                _("`{other}` and `{name}` must name different columns, but both are {column!r}.").format(
                    other=used[col], name=param, column=col
                )
            )
        used[col] = param


def sort_index(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` sorted by its index when the ids can be compared (mixed types stay as found)."""
    try:
        return frame.sort_index()
    except TypeError:
        return frame


def clean_invoices(
    invoices: object,
    *,
    as_of: object = None,
    account: str = "account_id",
    invoice_date: str = "invoice_date",
    due_date: str = "due_date",
    amount: str = "amount",
    paid_date: str = "paid_date",
    paid_amount: str | None = "paid_amount",
    param: str = "invoices",
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """The usable invoices with per-invoice measures, and the resolved ``as_of``.

    Returns a frame with columns ``account``, ``invoice_day``, ``due_day``, ``amount``,
    ``paid`` (amount paid by ``as_of``, capped at ``amount``), ``paid_day`` (NaT unless a
    payment counts), ``settled`` (bool), ``open`` (``amount − paid``), ``days_past_due``
    (``as_of − due_day`` in days; ≤ 0 when not yet due), ``is_due`` (``due_day < as_of``) and
    ``overdue_days`` (for due invoices: settled → ``max(paid_day − due_day, 0)``, else
    ``as_of − due_day``; NaN for invoices not yet due).
    """
    check_column_names(
        account=account,
        invoice_date=invoice_date,
        due_date=due_date,
        amount=amount,
        paid_date=paid_date,
        paid_amount=paid_amount,
    )
    frame = check_frame(invoices, param)
    needed = {
        account: N_("account ids"),
        invoice_date: N_("invoice dates"),
        due_date: N_("due dates"),
        amount: N_("invoiced amounts"),
        paid_date: N_("payment dates (missing when unpaid)"),
    }
    if paid_amount is not None:
        needed[paid_amount] = N_("amounts paid")
    require_columns(frame, param, needed)

    check_ids(frame[account], param, account)
    acc = frame[account]
    inv_day = date_column(frame, param, invoice_date).dt.normalize()
    due_day = date_column(frame, param, due_date).dt.normalize()
    amt = finite_column(frame, param, amount)
    pay_day = date_column(frame, param, paid_date).dt.normalize()
    if paid_amount is not None:
        paid = finite_column(frame, param, paid_amount)
        if (paid < 0).any():
            raise ColumnError(
                _(
                    "Column {column!r} of `{name}` must not be negative (amounts paid), but it holds "
                    "{got}. Record refunds and credit notes separately."
                ).format(column=paid_amount, name=param, got=paid[paid < 0].iloc[0])
            )
    else:
        paid = pd.Series(np.nan, index=frame.index)

    keep = (acc.notna() & inv_day.notna() & due_day.notna() & amt.notna() & (amt > 0)).to_numpy()
    if not keep.any():
        raise ParameterError(
            _(
                "`{name}` has no usable invoice: every row lacks an account id, an invoice date, a due "
                "date or a positive amount."
            ).format(name=param)
        )
    out = pd.DataFrame(
        {
            "account": acc.to_numpy()[keep],
            "invoice_day": inv_day.to_numpy()[keep],
            "due_day": due_day.to_numpy()[keep],
            "amount": amt.to_numpy()[keep],
            "pay_day": pay_day.to_numpy()[keep],
            "paid_raw": paid.to_numpy()[keep],
        }
    )
    as_of_ts = resolve_as_of(as_of, pd.concat([out["invoice_day"], out["pay_day"]]), "as_of")
    as_of_ts = as_of_ts.normalize()
    out = out[out["invoice_day"] < as_of_ts].reset_index(drop=True)
    if len(out) == 0:
        raise ParameterError(
            _("`{name}` has no invoice dated before `as_of` ({as_of}); its first invoice is dated {first}.").format(
                name=param, as_of=as_of_ts.date(), first=inv_day[keep].min().date()
            )
        )

    counts = out["pay_day"].notna() & (out["pay_day"] < as_of_ts)
    raw = out["paid_raw"].fillna(out["amount"])  # a dated payment with no amount: in full
    paid_by = np.where(counts, np.minimum(raw, out["amount"]), 0.0)
    settled = counts.to_numpy() & (paid_by >= out["amount"].to_numpy() - 0.005)
    out["paid"] = paid_by
    out["paid_day"] = out["pay_day"].where(counts)
    out["settled"] = settled
    out["open"] = np.round(out["amount"].to_numpy() - paid_by, 2)
    out.loc[settled, "open"] = 0.0
    days_past_due = (as_of_ts - out["due_day"]).dt.days.astype("float64")
    out["days_past_due"] = days_past_due
    is_due = (out["due_day"] < as_of_ts).to_numpy()
    out["is_due"] = is_due
    late_paid = (out["paid_day"] - out["due_day"]).dt.days.astype("float64").clip(lower=0)
    overdue = np.where(settled, late_paid, days_past_due)
    out["overdue_days"] = np.where(is_due, overdue, np.nan)
    return out.drop(columns=["pay_day", "paid_raw"]), as_of_ts
