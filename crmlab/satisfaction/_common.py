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
from .._frames import numeric_column, require_columns
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
    frame: pd.DataFrame, param: str, attributes: object, prefixes: dict[str, str]
) -> list[str]:
    """The attributes to analyse: those given, or every ``a`` whose ``prefix + a`` columns all exist.

    ``prefixes`` maps each prefix parameter's name (e.g. ``"expect_prefix"``) to its value.

    With ``attributes=None`` the attributes are found from the columns starting with the first
    prefix, in column order; an attribute lacking one of the other columns is skipped.
    """
    for name, p in prefixes.items():  # the user's parameter → the prefix passed
        check_name(name, p)
    prefixes = tuple(prefixes.values())
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
    """Ids must be numbers or text of one kind — not True/False, not 1 mixed with "1"."""
    from .._frames import check_ids as _check_ids

    _check_ids(values, param, col)


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


def purchase_rows(
    frame: object,
    param: str = "orders",
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = "amount",
    returned: str | None = "returned",
    as_of: object = None,
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """The purchases of an order log (rule of :mod:`crmlab.purchases`) as a frame with columns
    ``customer`` and ``date`` (the calendar day), and the ``as_of`` date."""
    from ..purchases import read_orders

    log = read_orders(frame, param=param, customer=customer, date=date, amount=amount, returned=returned,
                      as_of=as_of)
    buy = log.purchase
    out = pd.DataFrame(
        {
            "customer": log.ids.to_numpy()[log.codes[buy]],
            "date": log.day[buy].astype("datetime64[D]").astype("datetime64[s]"),
        }
    )
    return out, log.as_of
