"""Purchase logs: the shared preparation behind every customer-value measure.

An order log (the simulated ``orders`` table or any real log) is read once, by the purchase rule
of :mod:`crmlab.purchases`, into integer arrays — a customer code per order, a calendar-day number
per order, an amount per order (returned orders 0) — so that every measure is a handful of
vectorised numpy passes (``bincount``, ``ufunc.at``) instead of a sorted pandas groupby.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from math import ceil

import numpy as np
import pandas as pd

from .._checks import _show, check_choice
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import _, ngettext
from ..purchases import RETURNED, OrderLog, no_purchase_error, read_orders


DATA_DOC = """data : DataFrame or Series
        An order log (one row per order, read by the purchase rule of :mod:`crmlab.purchases`:
        a customer's value is their net spend before ``as_of``, returned orders count 0,
        customers without a purchase are left out, a negative net spend counts as 0)
        or one value per customer (a Series indexed by customer id, values ≥ 0, none missing).
    customer, date, amount, as_of, returned
        Column names and analysis date for an order log, as in :func:`crmlab.value.rfm`.
        With a Series only ``customer`` (the name of its index, when it has none) may be
        given; the others are an error."""


def fill_doc(func):
    if func.__doc__:  # None under python -OO
        func.__doc__ = func.__doc__.replace("{data}", DATA_DOC)
    return func


#: The log every value measure reads (see :mod:`crmlab.purchases`).
PurchaseLog = OrderLog


def days_to_dates(days: np.ndarray) -> np.ndarray:
    """Day numbers (days since 1970-01-01) → ``datetime64[s]`` at midnight."""
    return days.astype("datetime64[D]").astype("datetime64[s]")


def ceil_count(share: float, n: int) -> int:
    """``ceil(share × n)`` computed on the decimal value of ``share``.

    ``0.07 × 100`` is 7.000000000000001 in floating point, whose ceiling is 8; here it is 7.
    """
    return int(ceil(Fraction(repr(float(share))) * n))


def bool_column(frame: pd.DataFrame, param: str, col: str, passed_as: str) -> pd.Series:
    """Column ``col`` as a nullable boolean Series: True/False (any dtype holding only booleans and
    missing values) or 1/0 numbers are accepted; anything else is a :class:`ColumnError`."""
    values = frame[col]
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean")
    present = values.dropna()
    if pd.api.types.is_numeric_dtype(values):
        bad = ~present.isin([0, 1])
        if not bad.any():
            return values.astype("Float64").eq(1).astype("boolean")
    elif len(present) == 0 or pd.api.types.infer_dtype(present, skipna=True) == "boolean":
        return values.astype("boolean")
    else:
        bad = ~present.map(lambda x: isinstance(x, (bool, np.bool_)))
    example = present[bad].iloc[0]
    raise ColumnError(
        _(
            "Column {column!r} of `{name}` (passed as `{passed_as}`) must hold True/False (or 1/0), but it "
            "holds {got}."
        ).format(column=col, name=param, passed_as=passed_as, got=_show(example))
    )


def purchase_log(
    orders: object,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    order: str | None = None,
    returned: str | None = RETURNED,
    param: str = "orders",
) -> PurchaseLog:
    """Read an order log by the rule of :mod:`crmlab.purchases` (amounts required)."""
    return read_orders(
        orders, param=param, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of,
        order=order, amount_required=True,
    )


MONEY_DECIMALS = 6


def money_sum(codes: np.ndarray, amount: np.ndarray, n: int) -> np.ndarray:
    """Sum of ``amount`` per code, rounded to :data:`MONEY_DECIMALS` decimals.

    Floating-point sums depend on the order of the terms (10.1 + 20.2 ≠ 20.2 + 10.1 in the last
    bit); rounding to a millionth of a currency unit makes totals that are equal to the cent
    exactly equal, so they tie in ranks and tiers.
    """
    return np.round(np.bincount(codes, weights=amount, minlength=n), MONEY_DECIMALS) + 0.0


@dataclasses.dataclass(frozen=True)
class Totals:
    """Per-customer totals of a log (arrays indexed by customer code)."""

    purchases: np.ndarray  # int64, orders (or days) with amount > 0
    monetary: np.ndarray  # float64, net sum of all amounts
    first_day: np.ndarray  # int64, first purchase day (meaningless where purchases == 0)
    last_day: np.ndarray  # int64, last purchase day


def totals(log: PurchaseLog, *, frequency: str = "orders", dates: bool = True) -> Totals:
    """Frequency, monetary and (if ``dates``) first/last purchase day per customer code."""
    n = log.n
    buy = log.amount > 0
    all_buy = bool(buy.all())  # the usual case: no mask copies needed
    codes_b = log.codes if all_buy else log.codes[buy]
    if frequency == "orders":
        purchases = np.bincount(codes_b, minlength=n)
    else:  # distinct purchase days
        day_b = log.day if all_buy else log.day[buy]
        span = np.int64(day_b.max() - day_b.min() + 1) if len(day_b) else np.int64(1)
        pairs = pd.unique(codes_b * span + (day_b - (day_b.min() if len(day_b) else 0)))
        purchases = np.bincount(pairs // span, minlength=n)
    monetary = money_sum(log.codes, log.amount, n)
    if dates:
        day_b = log.day if all_buy else log.day[buy]
        last = np.full(n, np.iinfo(np.int64).min)
        np.maximum.at(last, codes_b, day_b)
        first = np.full(n, np.iinfo(np.int64).max)
        np.minimum.at(first, codes_b, day_b)
    else:
        last = first = np.empty(0, dtype=np.int64)
    return Totals(purchases=purchases.astype(np.int64), monetary=monetary, first_day=first, last_day=last)


def check_frequency(frequency: object) -> str:
    return str(check_choice("frequency", frequency, ("orders", "days")))


def customer_values(
    data: object,
    *,
    param: str = "data",
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    returned: str | None = RETURNED,
) -> pd.Series:
    """One non-negative value per customer from an order log or a Series of values.

    * A :class:`pandas.Series` is taken as one value per customer (its index the customer ids):
      values must be numbers ≥ 0 (strings of numbers are read), none missing, ids unique.
    * A DataFrame is taken as an order log: a customer's value is their net spend before
      ``as_of`` (the ``monetary`` of :func:`crmlab.value.rfm`); customers with no purchase
      (no row with amount > 0) are left out, and a negative net spend counts as 0.
    """
    if isinstance(data, pd.Series):
        given = {"date": date != "order_date", "amount": amount != "amount", "as_of": as_of is not None,
                 "returned": returned is not RETURNED}
        for name, passed in given.items():
            if passed:
                raise ParameterError(
                    _(
                        "`{name}` has no effect when `{data}` is one value per customer (a Series): it applies "
                        "to an order log. Leave it out, or pass the order log."
                    ).format(name=name, data=param)
                )
        values = data
        if pd.api.types.is_bool_dtype(values):
            raise ParameterTypeError(
                _("`{name}` must hold numbers (one value per customer), but it holds booleans.").format(
                    name=param
                )
            )
        if not pd.api.types.is_numeric_dtype(values):
            converted = pd.to_numeric(values, errors="coerce")
            bad = converted.isna() & values.notna()
            if bad.any():
                raise ParameterError(
                    _("`{name}` must hold numbers (one value per customer), but it holds {got}.").format(
                        name=param, got=_show(values[bad].iloc[0])
                    )
                )
            values = converted
        values = values.astype("float64")
        if len(values) == 0:
            raise ParameterError(_("`{name}` is empty: it needs at least one customer.").format(name=param))
        if values.isna().any():
            raise ParameterError(
                ngettext(
                    "`{name}` has {n:,} missing value (customer {customer}); fill or drop it first.",
                    "`{name}` has {n:,} missing values (e.g. customer {customer}); fill or drop them first.",
                    int(values.isna().sum()),
                ).format(name=param, n=int(values.isna().sum()), customer=_show(values.index[values.isna()][0]))
            )
        if not np.isfinite(values.to_numpy()).all():
            raise ParameterError(
                _("`{name}` holds infinite values; every value must be a finite number.").format(name=param)
            )
        if (values < 0).any():
            raise ParameterError(
                _("`{name}` must hold values ≥ 0, but customer {customer} has {value}.").format(
                    name=param, customer=_show(values.index[values < 0][0]), value=values[values < 0].iloc[0]
                )
            )
        if not values.index.is_unique:
            dup = values.index[values.index.duplicated()][0]
            raise ParameterError(
                _("`{name}` has customer {customer} more than once; give one value per customer.").format(
                    name=param, customer=_show(dup)
                )
            )
        name = values.index.name if values.index.name is not None else customer
        try:
            values = values.sort_index(kind="stable")
        except TypeError:  # ids of incomparable types: keep the given order
            pass
        return pd.Series(values.to_numpy(), index=values.index.rename(name), name="value")
    if not isinstance(data, pd.DataFrame):
        raise ParameterTypeError(
            _(
                "`{name}` must be an order log (DataFrame) or one value per customer (Series), but {type} "
                "was passed."
            ).format(name=param, type=type(data).__name__)
        )
    log = purchase_log(data, customer=customer, date=date, amount=amount, as_of=as_of, returned=returned, param=param)
    t = totals(log, dates=False)
    keep = t.purchases > 0
    if not keep.any():
        raise no_purchase_error(param)
    log.warn_non_buyers()
    return pd.Series(np.maximum(t.monetary[keep], 0.0), index=log.ids[keep], name="value")


def descending_order(values: np.ndarray) -> np.ndarray:
    """Positions sorting by value (highest first); ties keep their stored order (ascending id)."""
    return np.argsort(-values, kind="stable")
