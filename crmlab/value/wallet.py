"""Share of wallet (客户份额): how much of a customer's spending in the category comes to us."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .._checks import _show
from ..errors import ParameterError, ParameterTypeError
from ..i18n import _, ngettext

__all__ = ["share_of_wallet"]


def _as_series(value: object, param: str) -> pd.Series | float:
    if isinstance(value, bool) or isinstance(value, np.bool_):
        raise ParameterTypeError(
            _("`{name}` must be a number or a Series of numbers, but a boolean was passed.").format(
                name=param
            )
        )
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, pd.DataFrame):
        raise ParameterTypeError(
            _("`{name}` must be a number or a Series (one value per customer), but a DataFrame was passed.").format(
                name=param
            )
        )
    if isinstance(value, pd.Series):
        series = value
    elif isinstance(value, (list, tuple, np.ndarray, pd.Index)):
        series = pd.Series(np.asarray(value, dtype=object) if not isinstance(value, np.ndarray) else value)
    else:
        raise ParameterTypeError(
            _("`{name}` must be a number, a Series or a list of numbers, but {type} was passed.").format(
                name=param, type=type(value).__name__
            )
        )
    if pd.api.types.is_bool_dtype(series):
        raise ParameterTypeError(_("`{name}` must hold numbers, but it holds booleans.").format(name=param))
    converted = pd.to_numeric(series, errors="coerce")
    bad = converted.isna() & series.notna()
    if bad.any():
        raise ParameterError(
            _("`{name}` must hold numbers, but it holds {got}.").format(
                name=param, got=_show(series[bad].iloc[0])
            )
        )
    return converted.astype("float64")


def share_of_wallet(spend_with_us: object, total_category_spend: object) -> pd.Series | float:
    """Share of wallet: a customer's spend with us / their total spend in the category.

    Parameters
    ----------
    spend_with_us : number, Series or list
        What each customer spent with us in a period (currency units, ≥ 0).
    total_category_spend : number, Series or list
        What each customer spent in the whole category in the same period, with us and with
        competitors (≥ ``spend_with_us``). Two Series must hold the same customers (index
        labels, any order); two lists the same length.

    Returns
    -------
    float or Series
        A float for two numbers; otherwise a Series ``share_of_wallet`` (in [0, 1]) with the
        index of ``spend_with_us`` (a list gives a RangeIndex). Missing inputs give a missing
        share; a customer with a total of 0 (and so spend 0) has an undefined (NaN) share.

    Raises
    ------
    ParameterError
        A negative amount, spend with us above the category total (the customers are named),
        different customers or lengths.

    Examples
    --------
    >>> share_of_wallet(300, 1200)
    0.25
    >>> import pandas as pd
    >>> share_of_wallet(pd.Series({"a": 50.0, "b": 0.0}), pd.Series({"b": 10.0, "a": 200.0})).tolist()
    [0.25, 0.0]
    """
    ours = _as_series(spend_with_us, "spend_with_us")
    total = _as_series(total_category_spend, "total_category_spend")
    scalar = isinstance(ours, float) and isinstance(total, float)
    if isinstance(ours, pd.Series) and isinstance(total, pd.Series):
        if isinstance(spend_with_us, pd.Series) and isinstance(total_category_spend, pd.Series):
            if not ours.index.is_unique or not total.index.is_unique:
                raise ParameterError(
                    _(
                        "`spend_with_us` and `total_category_spend` must have one value per customer "
                        "(unique index labels)."
                    )
                )
            missing = ours.index.difference(total.index)
            extra = total.index.difference(ours.index)
            if len(missing) or len(extra):
                which = missing if len(missing) else extra
                where = "total_category_spend" if len(missing) else "spend_with_us"
                raise ParameterError(
                    ngettext(
                        "`spend_with_us` and `total_category_spend` must hold the same customers, but "
                        "{n:,} customer is missing from `{name}`: {customer}.",
                        "`spend_with_us` and `total_category_spend` must hold the same customers, but "
                        "{n:,} customers are missing from `{name}`, e.g. {customer}.",
                        len(which),
                    ).format(n=len(which), name=where, customer=_show(which[0]))
                )
            total = total.reindex(ours.index)
        else:
            if len(ours) != len(total):
                raise ParameterError(
                    _(
                        "`spend_with_us` and `total_category_spend` must have the same length, but have "
                        "{ours:,} and {total:,}."
                    ).format(ours=len(ours), total=len(total))
                )
            total = pd.Series(total.to_numpy(), index=ours.index)
    elif isinstance(total, pd.Series):
        ours = pd.Series(ours, index=total.index)
    elif isinstance(ours, pd.Series):
        total = pd.Series(total, index=ours.index)
    o = np.atleast_1d(np.asarray(ours, dtype=float))
    t = np.atleast_1d(np.asarray(total, dtype=float))
    for arr, name in ((o, "spend_with_us"), (t, "total_category_spend")):
        if np.isinf(arr).any():
            raise ParameterError(
                _("`{name}` holds infinite values; amounts must be finite.").format(name=name)
            )
        if (arr < 0).any():
            raise ParameterError(
                _("`{name}` must hold amounts ≥ 0, but it holds {got:g}.").format(
                    name=name, got=arr[arr < 0][0]
                )
            )
    over = o > t * (1 + 1e-9) + 1e-9
    if over.any():
        if scalar:
            message = _(
                "`spend_with_us` cannot exceed `total_category_spend` (the category total includes our "
                "sales): {ours:g} > {total:g}."
            )
        else:
            message = ngettext(
                "`spend_with_us` cannot exceed `total_category_spend` (the category total includes our "
                "sales) for {n:,} customer, {customer}: {ours:g} > {total:g}.",
                "`spend_with_us` cannot exceed `total_category_spend` (the category total includes our "
                "sales) for {n:,} customers, e.g. {customer}: {ours:g} > {total:g}.",
                int(over.sum()),
            )
        raise ParameterError(
            message.format(
                n=int(over.sum()), customer=_show(ours.index[over][0]) if not scalar else "", ours=o[over][0], total=t[over][0]
            )
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(t > 0, np.minimum(o / np.where(t > 0, t, 1.0), 1.0), np.nan)
    share = np.where(np.isnan(o) | np.isnan(t), np.nan, share)
    if scalar:
        return float(share[0])
    return pd.Series(share, index=ours.index, name="share_of_wallet")
