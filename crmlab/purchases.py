"""What a purchase is: the one definition behind every crmlab function that reads an order log.

RFM and ABC tiers, Pareto and CLV, lifecycle stages, cohorts, survival and churn, next-purchase
predictions, loyalty measures, satisfaction indicators, segments and the capstone explorers all
read the order log through :func:`read_orders`, so they agree on who bought, when and for how
much. :func:`purchases` shows the result of that reading as a table.

The rule
--------
**Reading the log.** One row is one order (or, with ``order=``, one order line: lines with the
same customer and order id form one order, dated on its earliest line's day, its amount the sum
of its lines). A row is read when it has a customer id, a date and — when amounts are used — an
amount. Rows missing any of them are left out, with a :class:`~crmlab.errors.DataWarning` saying
how many and why. Only rows dated before ``as_of`` count ("today"; the default is the day after
the last date of the log). The shared reading rules of the columns (year-first dates, one kind
of customer id, …) are those of :func:`crmlab._frames.date_column` and :func:`read_orders`.

**A purchase** is a read order that

* was **not returned** — a row flagged True in the ``returned`` column is no purchase and adds
  nothing to spend (the money went back); a missing flag counts as not returned; and
* has an **amount > 0** (when amounts are used). A zero amount is no purchase and adds nothing.
  A negative amount (a refund or correction row, the way many real logs record returns) is no
  purchase either, but it is **subtracted from spend**: a customer's monetary value is their
  *net* spend, the sum of all amounts of their read rows (returned rows counting 0). Net spend can
  be ≤ 0; where a value must be ≥ 0 (ABC tiers, Pareto, Gini) it counts as 0.

**Counting.** Every purchase counts once: ``frequency`` and ``orders`` count purchases, even
several on one day. Several purchases on one calendar day make one **purchase day**: rhythms —
gaps between purchases, repeat purchases, "bought again" — are counted in purchase days, and
time is counted in whole calendar days (the time of day is ignored; a purchase the day before
``as_of`` has recency 1).

**Buyers.** A customer with at least one purchase before ``as_of`` is a *buyer*. Tables with one
row per customer list the buyers only: a customer whose every order was returned, zero or a
refund is left out, and a :class:`~crmlab.errors.DataWarning` says how many were.

**Columns.** ``customer``, ``date``, ``amount`` and ``returned`` name the columns; the defaults are
those of the simulated ``orders`` table. The default ``amount`` (where a function does not need
money) and the default ``returned`` are used when the log has such a column and skipped when it
does not; a column you name yourself must exist. ``returned=None`` counts returned orders as
purchases; ``amount=None`` counts every read order as a purchase whatever its amount.

Examples
--------
>>> import pandas as pd
>>> from crmlab.purchases import purchases
>>> log = pd.DataFrame({"customer_id": [1, 1, 1, 2], "amount": [30.0, 30.0, -5.0, 20.0],
...                     "order_date": ["2024-01-05", "2024-01-05", "2024-02-01", "2024-01-09"],
...                     "returned": [False, False, False, True]})
>>> purchases(log, as_of="2024-03-01")["customer_id"].tolist()
[1, 1]
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pandas as pd

from ._checks import _show, check_column_name
from ._frames import (
    IfPresent,
    check_frame,
    date_column,
    id_values,
    is_if_present,
    numeric_column,
    require_columns,
    resolve_as_of,
    warn_data,
)
from .errors import ColumnError, ParameterError, ParameterTypeError
from .i18n import N_, _, ngettext

__all__ = ["purchases", "read_orders", "OrderLog", "AMOUNT", "RETURNED"]


#: Default ``amount`` of functions that do not need money: used if the log has it.
AMOUNT = IfPresent("amount")
#: Default ``returned`` of every function: the returned flags, used if the log has them.
RETURNED = IfPresent("returned")


@dataclasses.dataclass(frozen=True)
class OrderLog:
    """An order log read under the purchase rule: arrays with one entry per read order.

    Row ``i`` belongs to customer ``ids[codes[i]]``; ``ids`` holds every customer with a read
    order (buyers and non-buyers), ascending.
    """

    codes: np.ndarray  # int64, customer code of each order, 0 … n − 1
    ids: pd.Index  # customer id of each code, ascending, named like the customer column
    day: np.ndarray  # int64, calendar day of each order (days since 1970-01-01)
    amount: np.ndarray | None  # float64 amount of each order (returned orders 0); None without amounts
    returned: np.ndarray | None  # bool, order returned; None without a returned column
    rows: np.ndarray | None  # int64 position of each order in the caller's frame (None when grouped)
    as_of: pd.Timestamp
    customer: str
    param: str = "orders"  # the user's name of the log, for messages

    @property
    def n(self) -> int:
        """Number of customers (with any read order)."""
        return len(self.ids)

    @property
    def as_of_day(self) -> int:
        return int(np.datetime64(self.as_of.normalize().to_datetime64(), "D").astype(np.int64))

    @functools.cached_property
    def purchase(self) -> np.ndarray:
        """Whether each order is a purchase (not returned, amount > 0)."""
        if self.amount is not None:
            return self.amount > 0  # returned orders already count 0
        if self.returned is not None:
            return ~self.returned
        return np.ones(len(self.codes), dtype=bool)

    @functools.cached_property
    def all_purchases(self) -> bool:
        return bool(self.purchase.all())

    def buyer_mask(self) -> np.ndarray:
        """Per customer code: has at least one purchase."""
        codes = self.codes if self.all_purchases else self.codes[self.purchase]
        return np.bincount(codes, minlength=self.n) > 0

    def buyers(self, param: str | None = None, *, warn: bool = True) -> tuple[np.ndarray, np.ndarray, pd.Index]:
        """``(codes, days, ids)`` of the purchases only, recoded to the buyers (0 … buyers − 1).

        Raises a :class:`ParameterError` when there is no purchase at all. With ``warn``, the
        customers left out for having no purchase are counted in a
        :class:`~crmlab.errors.DataWarning` (see :meth:`warn_non_buyers`).
        """
        param = self.param if param is None else param
        buy = self.purchase
        if self.all_purchases:
            codes, day = self.codes, self.day
        else:
            codes, day = self.codes[buy], self.day[buy]
        if len(codes) == 0:
            raise no_purchase_error(param)
        present = np.bincount(codes, minlength=self.n) > 0
        if present.all():
            return codes, day, self.ids
        if warn:
            self.warn_non_buyers(param)
        remap = np.cumsum(present, dtype=np.int64) - 1
        return remap[codes], day, self.ids[present]

    def warn_non_buyers(self, param: str | None = None) -> int:
        """Warn (once per log) that customers with orders but no purchase are left out; their number.

        A function whose result has one row per buyer (or is computed over the buyers) calls it,
        so that a customer who is missing from the result is never missing without a word. No
        buyer at all is a :class:`ParameterError`.
        """
        param = self.param if param is None else param
        n_out = int(self.n - np.count_nonzero(self.buyer_mask()))
        if n_out == self.n:
            raise no_purchase_error(param)
        if n_out and not self.__dict__.get("_warned_non_buyers", False):
            self.__dict__["_warned_non_buyers"] = True
            warn_data(
                ngettext(
                    "{n:,} of the {total:,} customers of `{name}` has no purchase before `as_of`: each of their "
                    "orders was returned or has an amount ≤ 0 (see crmlab.purchases). It is left out.",
                    "{n:,} of the {total:,} customers of `{name}` have no purchase before `as_of`: each of their "
                    "orders was returned or has an amount ≤ 0 (see crmlab.purchases). They are left out.",
                    n_out,
                ).format(n=n_out, total=self.n, name=param)
            )
        return n_out

    def column(self, frame: pd.DataFrame, col: str) -> np.ndarray:
        """Values of ``frame[col]`` aligned with the orders (rows must not be grouped)."""
        return frame[col].to_numpy()[self.rows]


def no_purchase_error(param: str) -> ParameterError:
    return ParameterError(
        _(
            "`{name}` has no purchase before `as_of`: every order is returned, has an amount ≤ 0, or is dated "
            "on or after `as_of`."
        ).format(name=param)
    )


# ------------------------------------------------------------------------------------------
# Customer ids
# ------------------------------------------------------------------------------------------


def customer_codes(arr: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Integer codes 0 … n − 1 of ids (no missing values) and the id of each code, ascending."""
    if arr.dtype.kind in "iu" and len(arr):
        lo, hi = int(arr.min()), int(arr.max())
        if hi - lo < 4 * len(arr) + 1_000_000:  # dense ids: no hashing, codes in id order for free
            offset = (arr - lo).astype(np.intp, copy=False)
            present = np.bincount(offset, minlength=hi - lo + 1) > 0
            remap = np.cumsum(present, dtype=np.int64) - 1
            ids = pd.Index(np.flatnonzero(present).astype(arr.dtype) + arr.dtype.type(lo))
            return remap[offset], ids
    if arr.dtype == object:
        arr = pd.array(arr, dtype="str") if len(arr) else arr
    codes, uniques = pd.factorize(arr, sort=True)
    return np.asarray(codes, dtype=np.int64), pd.Index(uniques)


# ------------------------------------------------------------------------------------------
# Flags
# ------------------------------------------------------------------------------------------

_FLAG_TEXT = {"true": True, "false": False}


def returned_flags(frame: pd.DataFrame, param: str, col: str) -> np.ndarray:
    """Column ``col`` as True/False per row (missing = not returned).

    Accepted: booleans, 1/0 numbers and the texts "True"/"False" (any case); anything else is a
    :class:`ColumnError`.
    """
    values = frame[col]
    if pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=bool, na_value=False)
    if pd.api.types.is_numeric_dtype(values):
        num = values.to_numpy(dtype=np.float64, na_value=np.nan)
        ok = np.isnan(num) | (num == 0) | (num == 1)
        if ok.all():
            return num == 1
        bad = values[~ok]
    else:
        mapped = values.map(_flag, na_action="ignore")
        bad_mask = mapped.isna() & values.notna()
        if not bad_mask.any():
            return mapped.to_numpy(dtype=object, na_value=False).astype(bool)
        bad = values[bad_mask]
    n_bad = len(bad)
    raise ColumnError(
        ngettext(
            "Column {column!r} of `{name}` (passed as `returned`) must hold True/False (or 1/0), but it holds "
            "{got} ({n:,} value is not True/False).",
            "Column {column!r} of `{name}` (passed as `returned`) must hold True/False (or 1/0), but it holds "
            "{got} ({n:,} values are not True/False).",
            n_bad,
        ).format(column=col, name=param, got=_show(bad.iloc[0]), n=n_bad)
    )


def _flag(value: object) -> object:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return {1: True, 0: False}.get(value)
    if isinstance(value, str):
        return _FLAG_TEXT.get(value.strip().lower())
    return None


# ------------------------------------------------------------------------------------------
# Reading the log
# ------------------------------------------------------------------------------------------


def _resolve_column(frame: pd.DataFrame, param: str, name: str, value: object) -> str | None:
    """The column an ``amount``/``returned`` parameter names: a default absent from ``frame`` is None."""
    value = check_column_name(name, value, optional=True)
    if value is None:
        return None
    if is_if_present(value) and value not in frame.columns:
        return None
    return str(value)


def read_orders(
    orders: object,
    *,
    param: str = "orders",
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = "amount",
    returned: str | None = RETURNED,
    as_of: object = None,
    order: str | None = None,
    amount_required: bool = False,
) -> OrderLog:
    """Read an order log under the purchase rule of this module (see its docstring).

    Parameters
    ----------
    orders : DataFrame
        The order log.
    param : str
        How the log is named in messages (the user's parameter, e.g. ``"orders"`` or
        ``"data['orders']"``).
    customer, date : str
        Columns of the customer id and the order date.
    amount : str or None
        Column of the amounts; :data:`AMOUNT` uses ``"amount"`` if present; None: no amounts.
    returned : str or None
        Column of returned flags; :data:`RETURNED` uses ``"returned"`` if present; None: none.
    as_of : date-like, optional
        Only orders dated before it are read; default the day after the log's last date.
    order : str, optional
        Column of order ids: rows with the same customer and order id are one order.

    amount_required : bool
        ``amount`` must name a column (None is an error): the caller measures money.

    Returns
    -------
    OrderLog
        Warns (:class:`~crmlab.errors.DataWarning`) when rows are left out for missing values,
        and when the default ``as_of`` lies far beyond the bulk of the dates.
    """
    frame = check_frame(orders, param)
    check_column_name("customer", customer)
    check_column_name("date", date)
    check_column_name("order", order, optional=True)
    if amount_required:
        check_column_name("amount", amount)
    amount_col = _resolve_column(frame, param, "amount", amount)
    returned_col = _resolve_column(frame, param, "returned", returned)
    needed = {customer: N_("customer ids"), date: N_("order dates")}
    if amount_col is not None:
        needed[amount_col] = N_("order amounts")
    if order is not None:
        needed[order] = N_("order ids")
    if returned_col is not None:
        needed[returned_col] = N_("True/False: the order was returned")
    require_columns(frame, param, needed)
    names = [customer, date, *(c for c in (amount_col, order, returned_col) if c is not None)]
    if len(set(names)) < len(names):
        raise ParameterError(
            _(
                "`customer`, `date`, `amount`, `order` and `returned` must name different columns, but got "
                "{names}."
            ).format(names=names)
        )

    ids, missing_id = id_values(frame[customer], param, customer)
    when = date_column(frame, param, date)
    dates = when.to_numpy()
    missing_date = np.isnat(dates)
    amounts = None
    missing_amount = None
    if amount_col is not None:
        amounts = numeric_column(frame, param, amount_col).to_numpy()
        missing_amount = np.isnan(amounts)
    missing_order = frame[order].isna().to_numpy() if order is not None else None
    drop = missing_id | missing_date
    if missing_amount is not None:
        drop = drop | missing_amount
    if missing_order is not None:
        drop = drop | missing_order
    n_total = len(frame)
    n_drop = int(drop.sum())
    if n_drop:
        _warn_dropped(param, n_total, n_drop, missing_id, missing_date, missing_amount, missing_order,
                      customer, date, amount_col, order)
        keep = ~drop
        rows = np.flatnonzero(keep)
        if len(rows) == 0:
            raise ParameterError(
                _("`{name}` has no row with a customer id, a date and an amount all present.").format(name=param)
            )
        ids, dates = ids[keep], dates[keep]
        if amounts is not None:
            amounts = amounts[keep]
    else:
        rows = None
    day = dates.astype("datetime64[D]").view(np.int64)

    flags = None
    if returned_col is not None:
        flags = returned_flags(frame, param, returned_col)
        if rows is not None:
            flags = flags[rows]
        if amounts is not None and flags.any():
            amounts = np.where(flags, 0.0, amounts)

    as_of_ts = resolve_as_of(as_of, day, "as_of", param)
    as_of_day = int(np.datetime64(as_of_ts.to_datetime64(), "D").astype(np.int64))
    before = day < as_of_day
    if not before.all():
        if not before.any():
            raise ParameterError(
                _("`{name}` has no order before `as_of` ({as_of}); its first is {first}.").format(
                    name=param, as_of=as_of_ts.date(), first=np.datetime64(int(day.min()), "D")
                )
            )
        rows = np.flatnonzero(before) if rows is None else rows[before]
        ids, day = ids[before], day[before]
        if amounts is not None:
            amounts = amounts[before]
        if flags is not None:
            flags = flags[before]
    if rows is None:
        rows = np.arange(len(day), dtype=np.int64)

    codes, id_index = customer_codes(ids)
    id_index = id_index.rename(customer)
    if order is not None:
        codes, day, amounts, flags = _group_orders(frame[order].to_numpy()[rows], codes, day, amounts, flags)
        rows = None
    return OrderLog(
        codes=codes, ids=id_index, day=day, amount=amounts, returned=flags, rows=rows, as_of=as_of_ts, customer=customer,
        param=param,
    )


def _group_orders(order_ids, codes, day, amounts, flags):
    """Rows with the same customer and order id become one order (first day, summed amount)."""
    order_codes, uniques = pd.factorize(order_ids)
    pair = codes * np.int64(max(len(uniques), 1)) + order_codes
    group, pairs = pd.factorize(pair)
    k = len(pairs)
    first_day = np.full(k, np.iinfo(np.int64).max)
    np.minimum.at(first_day, group, day)
    owner = np.empty(k, dtype=np.int64)
    owner[group] = codes
    amt = np.bincount(group, weights=amounts, minlength=k) if amounts is not None else None
    ret = None
    if flags is not None:  # an order is returned when all its lines are
        kept_lines = np.bincount(group, weights=(~flags).astype(np.float64), minlength=k)
        ret = kept_lines == 0
    return owner, first_day, amt, ret


def _warn_dropped(param, n_total, n_drop, missing_id, missing_date, missing_amount, missing_order,
                  customer, date, amount, order) -> None:
    parts = [
        ngettext(
            "{n:,} of the {total:,} rows of `{name}` was left out.",
            "{n:,} of the {total:,} rows of `{name}` were left out.",
            n_drop,
        ).format(n=n_drop, total=n_total, name=param)
    ]
    causes = (
        (missing_id, customer, N_("Rows without a customer id (column {column!r}): {n:,}.")),
        (missing_date, date, N_("Rows without a date (column {column!r}): {n:,}.")),
        (missing_amount, amount, N_("Rows without an amount (column {column!r}): {n:,}.")),
        (missing_order, order, N_("Rows without an order id (column {column!r}): {n:,}.")),
    )
    for mask, column, message in causes:
        n = int(mask.sum()) if mask is not None else 0
        if n:
            parts.append(_(message).format(column=column, n=n))
    warn_data(" ".join(parts))


# ------------------------------------------------------------------------------------------
# The public face
# ------------------------------------------------------------------------------------------


def purchases(
    orders: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
    order: str | None = None,
    as_of: object = None,
    every_order: bool = False,
) -> pd.DataFrame:
    """The purchases of an order log, read by the rule every crmlab function uses.

    Parameters
    ----------
    orders : DataFrame
        An order log (one row per order, or per order line with ``order``).
    customer, date : str
        Columns of the customer id and the order date (datetimes or year-first date text).
    amount : str or None, default "amount"
        Column of the amounts (used if the log has it); ``None``: every order counts whatever
        its amount.
    returned : str or None, default "returned"
        Column of True/False returned flags (used if the log has it); ``None``: no order is
        returned.
    order : str, optional
        Column of order ids; lines with the same customer and order id are one order.
    as_of : date-like, optional
        Only orders dated before it count. Default: the day after the last date.
    every_order : bool, default False
        Also list the orders that are no purchase (returned, zero, refunds), with a column
        ``purchase`` saying which are.

    Returns
    -------
    DataFrame
        One row per purchase (or per read order), in the log's order: the customer id (named
        like ``customer``), ``day`` (the calendar day, midnight), ``amount`` (when amounts are
        used; returned orders 0) and, with ``every_order``, ``returned`` and ``purchase``.
        ``attrs["as_of"]`` holds the analysis date.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [30.0, -5.0, 20.0],
    ...                     "order_date": ["2024-01-05", "2024-02-01", "2024-01-09"],
    ...                     "returned": [False, False, True]})
    >>> purchases(log, every_order=True)[["customer_id", "amount", "purchase"]].values.tolist()
    [[1, 30.0, True], [1, -5.0, False], [2, 0.0, False]]
    """
    if not isinstance(every_order, bool):
        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name="every_order", got=_show(every_order))
        )
    log = read_orders(
        orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of, order=order
    )
    keep = slice(None) if every_order else log.purchase
    out = pd.DataFrame({customer: log.ids.to_numpy()[log.codes[keep]]})
    out["day"] = log.day[keep].astype("datetime64[D]").astype("datetime64[s]")
    if log.amount is not None:
        out["amount"] = log.amount[keep]
    if every_order:
        out["returned"] = log.returned if log.returned is not None else np.zeros(len(log.codes), dtype=bool)
        out["purchase"] = log.purchase
    out.attrs["as_of"] = log.as_of
    return out
