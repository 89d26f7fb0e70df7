"""Checks shared by the satisfaction functions: rating-scale columns, attribute lists, weights.

These wrap :mod:`crmlab._frames` / :mod:`crmlab._checks` for survey data: a rating column must
hold numbers (strings of numbers are accepted) inside its scale; missing answers stay missing.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import check_frame, date_column, numeric_column, require_columns, transactions
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _, ngettext

#: The five attributes of the simulated surveys, in order.
ATTRIBUTES = ("quality", "service", "delivery", "price", "after_sales")

#: Added to tolerance comparisons so that a ratio such as 21/20 (stored as 1.0500000000000000444)
#: counts as exactly 5 % away from 1.
EPS = 1e-9


def check_scale(name: str, scale: object) -> tuple[float, float]:
    """``scale`` must be a pair ``(low, high)`` of finite numbers with ``low < high``."""
    if (
        not isinstance(scale, (tuple, list))
        or len(scale) != 2
        or not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in scale)
    ):
        raise ParameterTypeError(
            _("`{name}` must be a pair of numbers (low, high) such as (1, 10), but {got} was passed.").format(
                name=name, got=_show(scale)
            )
        )
    low, high = float(scale[0]), float(scale[1])
    if not (np.isfinite(low) and np.isfinite(high)) or low >= high:
        raise ParameterError(
            _("`{name}` must be (low, high) with low < high, but {got} was passed.").format(
                name=name, got=_show(scale)
            )
        )
    return low, high


def check_name(name: str, value: object) -> str:
    """A column name or prefix parameter must be a string."""
    if not isinstance(value, str):
        raise ParameterTypeError(
            _("`{name}` must be a column name (str), but {got} was passed.").format(
                name=name, got=_show(value)
            )
        )
    return value


def rating(frame: pd.DataFrame, param: str, col: str, low: float, high: float) -> pd.Series:
    """Column ``col`` as float64, every present value within ``[low, high]`` (missing stays NaN)."""
    require_columns(frame, param, {col: _("ratings from {low:g} to {high:g}").format(low=low, high=high)})
    values = numeric_column(frame, param, col)
    present = values.dropna()
    bad = present[(present < low) | (present > high) | ~np.isfinite(present)]
    if len(bad):
        raise ColumnError(
            ngettext(
                "Column {column!r} of `{name}` must hold ratings from {low:g} to {high:g}, but it holds "
                "{got:g} ({n:,} value outside the scale).",
                "Column {column!r} of `{name}` must hold ratings from {low:g} to {high:g}, but it holds "
                "{got:g} ({n:,} values outside the scale).",
                len(bad),
            ).format(column=col, name=param, low=low, high=high, got=bad.iloc[0], n=len(bad))
        )
    return values


def check_items(name: str, items: object) -> list[str]:
    """A non-empty list of distinct column names (a single string is one item)."""
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, Iterable) or isinstance(items, (bytes, dict)):
        raise ParameterTypeError(
            _("`{name}` must be a list of column names, but {got} was passed.").format(
                name=name, got=_show(items)
            )
        )
    items = list(items)
    if not items:
        raise ParameterError(_("`{name}` must name at least one column, but it is empty.").format(name=name))
    for item in items:
        check_name(name, item)
    if len(set(items)) != len(items):
        raise ParameterError(
            _("`{name}` must not repeat a name, but {got} was passed.").format(name=name, got=items)
        )
    return items


def resolve_attributes(
    frame: pd.DataFrame, param: str, attributes: object, prefixes: tuple[str, ...]
) -> list[str]:
    """The attributes to analyse: those given, or every ``a`` whose ``prefix + a`` columns all exist.

    With ``attributes=None`` the attributes are found from the columns starting with the first
    prefix, in column order; an attribute lacking one of the other columns is skipped.
    """
    for p in prefixes:
        check_name("prefix", p)
    if attributes is None:
        first = prefixes[0]
        found = [
            str(c)[len(first):]
            for c in frame.columns
            if isinstance(c, str) and c.startswith(first) and len(c) > len(first)
        ]
        found = [a for a in found if all(p + a in frame.columns for p in prefixes)]
        if not found:
            wanted = " and ".join(repr(p + "<attribute>") for p in prefixes)
            raise ColumnError(
                _(
                    "`{name}` has no attribute columns: expected pairs named {wanted} (e.g. {example!r}), "
                    "but its columns are {columns}."
                ).format(
                    name=param, wanted=wanted, example=prefixes[0] + "quality", columns=list(map(str, frame.columns))[:12]
                )
            )
        return found
    attributes = check_items("attributes", attributes)
    for a in attributes:
        require_columns(
            frame,
            param,
            {
                p + a: _("the `{prefix}` rating of attribute {attribute!r}").format(prefix=p.rstrip("_"), attribute=a)
                for p in prefixes
            },
        )
    return attributes


def check_weights(weights: object, items: list[str]) -> np.ndarray:
    """Weights for ``items``: equal when ``None``; else non-negative, one per item, summing to 1.

    A mapping ``{item: weight}`` must name exactly the items; a sequence is taken in item order.
    """
    k = len(items)
    if weights is None:
        return np.full(k, 1.0 / k)
    if isinstance(weights, dict):
        if set(weights) != set(items):
            raise ParameterError(
                _("`weights` must give a weight for exactly the items {items}, but it has keys {names}.").format(
                    items=items, names=list(weights)
                )
            )
        values = [weights[i] for i in items]
    elif isinstance(weights, (str, bytes)) or not isinstance(weights, Iterable):
        raise ParameterTypeError(
            _("`weights` must be a list of numbers or a dict {{item: weight}}, but {got} was passed.").format(
                got=_show(weights)
            )
        )
    else:
        values = list(weights)
        if len(values) != k:
            raise ParameterError(
                _("`weights` must have one weight per item ({items}), but {n} were passed.").format(
                    items=k, n=len(values)
                )
            )
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise ParameterTypeError(
                _("`weights` must hold numbers, but {got} was passed.").format(got=_show(v))
            )
    w = np.asarray(values, dtype="float64")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ParameterError(
            _("`weights` must be finite and non-negative, but {got} was passed.").format(got=list(w))
        )
    if abs(w.sum() - 1.0) > 1e-6:
        raise ParameterError(_("`weights` must sum to 1, but they sum to {total:g}.").format(total=w.sum()))
    return w


def group_keys(frame: pd.DataFrame, param: str, by: object) -> list[str] | None:
    """``by`` as a list of column names of ``frame`` (``None`` stays ``None``)."""
    if by is None:
        return None
    by = check_items("by", by)
    require_columns(frame, param, {b: N_("the groups to compare") for b in by})
    for b in by:
        check_sortable(frame[b], param, b)
    return by


def check_ids(values: pd.Series, param: str, col: str) -> None:
    """Ids must be numbers or text of one kind — not True/False (which pandas would match to 1/0)."""
    if pd.api.types.is_bool_dtype(values) or (
        values.dtype == object and any(isinstance(v, (bool, np.bool_)) for v in values)
    ):
        raise ColumnError(
            _("Column {column!r} of `{name}` must hold ids (numbers or text), but it holds True/False.").format(
                column=col, name=param
            )
        )
    check_sortable(values, param, col)


def check_sortable(values: pd.Series, param: str, col: str) -> None:
    """Ids or group labels must be comparable with each other (not e.g. numbers mixed with text)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return
    try:
        np.sort(pd.unique(values.dropna()))
    except TypeError:
        kinds = sorted({type(v).__name__ for v in values.dropna()})
        raise ColumnError(
            _(
                "Column {column!r} of `{name}` mixes values of different types ({types}); ids and group "
                "labels must all be numbers or all be text."
            ).format(column=col, name=param, types=", ".join(kinds))
        ) from None


_BAD = object()
_FLAGS = {True: True, False: False, "true": True, "false": False, "True": True, "False": False}


def _flag(value: object) -> object:
    """One returned flag: True/False (also 1/0 and the strings "true"/"false"), NA, or ``_BAD``."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value is pd.NaT:
        return pd.NA
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return {1: True, 0: False}.get(value, _BAD)
    if isinstance(value, str):
        return _FLAGS.get(value.strip(), _BAD)
    return _BAD


def returned_flags(orders: pd.DataFrame, col: str) -> pd.Series:
    """The returned flags as a nullable boolean; anything but True/False/1/0/missing is an error."""
    values = orders[col]
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean")
    mapped = [_flag(v) for v in values.astype(object)]
    bad = [v is _BAD for v in mapped]
    if any(bad):
        example = values[np.asarray(bad)].iloc[0]
        raise ColumnError(
            ngettext(
                "Column {column!r} of `orders` must hold True/False, but it holds {got!r} ({n:,} value "
                "is not True/False).",
                "Column {column!r} of `orders` must hold True/False, but it holds {got!r} ({n:,} values "
                "are not True/False).",
                int(sum(bad)),
            ).format(column=col, got=example, n=int(sum(bad)))
        )
    return pd.Series(mapped, index=values.index, dtype="boolean")


def order_rows(
    frame: object,
    param: str = "orders",
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = "amount",
    as_of: object = None,
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """:func:`crmlab._frames.transactions`, with the date column parsed first.

    Same rules and result. Parsing first means a date column mixing text and timestamps is
    read (or reported) by :func:`date_column`, instead of reaching ``transactions``' error
    message, which takes the minimum of the raw column and fails on such mixtures.
    """
    check_frame(frame, param)
    for name, col in (("customer", customer), ("date", date)):
        check_name(name, col)
    if amount is not None:
        check_name("amount", amount)
    require_columns(frame, param, {date: N_("transaction dates")})
    if not pd.api.types.is_datetime64_any_dtype(frame[date]):
        frame = frame.assign(**{date: date_column(frame, param, date)})
    return transactions(frame, param, customer=customer, date=date, amount=amount, as_of=as_of)
