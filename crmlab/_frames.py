"""Checking and cleaning the DataFrames users pass in.

Every public analytics function starts here, so that bad input always gets the same clear
errors (naming the parameter or column, what was expected and what came) and messy real logs
always follow the same stated rules. Nothing here modifies the caller's frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._checks import _show, check_date
from .errors import ColumnError, ParameterError, ParameterTypeError
from .i18n import N_, _, ngettext


def check_frame(frame: object, param: str, *, allow_empty: bool = False) -> pd.DataFrame:
    """``frame`` must be a DataFrame (and non-empty unless ``allow_empty``)."""
    if not isinstance(frame, pd.DataFrame):
        raise ParameterTypeError(
            _("`{name}` must be a pandas DataFrame, but {type} was passed.").format(
                name=param, type=type(frame).__name__
            )
        )
    if not allow_empty and len(frame) == 0:
        raise ParameterError(_("`{name}` is empty: it needs at least one row.").format(name=param))
    return frame


def require_columns(frame: pd.DataFrame, param: str, columns: dict[str, str]) -> None:
    """Each key of ``columns`` must be a column of ``frame``; values say what it should hold."""
    for col, what in columns.items():
        if not isinstance(col, str) and not isinstance(col, int):
            raise ParameterTypeError(_("Column names must be strings, but {got} was passed.").format(got=_show(col)))
        if col not in frame.columns:
            shown = list(map(str, frame.columns))
            if len(shown) > 12:
                shown = shown[:12] + ["…"]
            raise ColumnError(
                # Translators: {what} says what the column holds, e.g. "customer ids".
                _(
                    "`{name}` needs a column {column!r} ({what}), but its columns are {columns}. "
                    "If the column has another name, pass that name to the matching parameter."
                ).format(name=param, column=col, what=_(what) if what else what, columns=shown)
            )


def numeric_column(frame: pd.DataFrame, param: str, col: str) -> pd.Series:
    """Column ``col`` as float64; strings of numbers are accepted, anything else is an error."""
    values = frame[col]
    if pd.api.types.is_bool_dtype(values):
        raise ColumnError(
            _("Column {column!r} of `{name}` must hold numbers, but it holds booleans.").format(column=col, name=param)
        )
    if pd.api.types.is_numeric_dtype(values):
        converted = values.astype("float64")
    else:
        converted = pd.to_numeric(values, errors="coerce")
        bad = converted.isna() & values.notna()
        if bad.any():
            example = values[bad].iloc[0]
            raise ColumnError(
                ngettext(
                    "Column {column!r} of `{name}` must hold numbers, but it holds {got} "
                    "({n:,} value is not a number).",
                    "Column {column!r} of `{name}` must hold numbers, but it holds {got} "
                    "({n:,} values are not numbers).",
                    int(bad.sum()),
                ).format(column=col, name=param, got=_show(example), n=int(bad.sum()))
            )
        converted = converted.astype("float64")
    infinite = np.isinf(converted.to_numpy())
    if infinite.any():
        raise ColumnError(
            ngettext(
                "Column {column!r} of `{name}` must hold finite numbers, but {n:,} value is infinite.",
                "Column {column!r} of `{name}` must hold finite numbers, but {n:,} values are infinite.",
                int(infinite.sum()),
            ).format(column=col, name=param, n=int(infinite.sum()))
        )
    return converted


def date_column(frame: pd.DataFrame, param: str, col: str) -> pd.Series:
    """Column ``col`` as datetime64; ISO strings are parsed, anything unparseable is an error.

    Time zones are dropped (local wall time is kept); missing values stay missing.
    """
    values = frame[col]
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise ColumnError(
            _("Column {column!r} of `{name}` must hold dates, but it holds numbers (e.g. {got}).").format(
                column=col, name=param, got=_show(values.dropna().iloc[0] if values.notna().any() else None)
            )
        )
    parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    bad = parsed.isna() & values.notna()
    if bad.any():
        example = values[bad].iloc[0]
        raise ColumnError(
            ngettext(
                "Column {column!r} of `{name}` must hold dates such as '2024-01-31', but it holds "
                "{got} ({n:,} value cannot be read as a date).",
                "Column {column!r} of `{name}` must hold dates such as '2024-01-31', but it holds "
                "{got} ({n:,} values cannot be read as dates).",
                int(bad.sum()),
            ).format(column=col, name=param, got=_show(example), n=int(bad.sum()))
        )
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return parsed


def resolve_as_of(as_of: object, dates: pd.Series, param: str = "as_of") -> pd.Timestamp:
    """The analysis date: ``as_of`` if given, else the day after the last date in ``dates``."""
    if as_of is None:
        last = dates.max()
        if pd.isna(last):
            raise ParameterError(_("Cannot choose a default `{name}`: there are no dates.").format(name=param))
        return pd.Timestamp(last).normalize() + pd.Timedelta(days=1)
    return pd.Timestamp(check_date(param, as_of))


def transactions(
    frame: object,
    param: str = "orders",
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = "amount",
    as_of: object = None,
    extra: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """A clean ``(customer, date, amount)`` frame from a transaction log, and the ``as_of`` date.

    Rules, shared by every transaction-based function:

    * rows with a missing customer id, date or amount are dropped;
    * dates may be datetimes or date strings (unparseable strings are an error);
      the time of day is kept (a "day" is a calendar day where a function counts days);
    * rows dated on or after ``as_of`` are dropped (``as_of`` defaults to the day after the
      last transaction, so by default nothing is dropped);
    * amounts may be zero or negative (returns); each function says how it treats them.

    ``extra`` names further columns to carry through unchanged, dtype included (aligned with
    the kept rows); their missing values do not drop a row.

    Returns
    -------
    (DataFrame, Timestamp)
        Columns ``customer``, ``date`` and (if ``amount`` is given) ``amount``, then the
        ``extra`` columns under their own names, in the input's row order; and the resolved
        ``as_of``. Raises :class:`ParameterError` if no usable
        row remains.
    """
    frame = check_frame(frame, param)
    needed = {customer: N_("customer ids"), date: N_("transaction dates")}
    if amount is not None:
        needed[amount] = N_("transaction amounts")
    require_columns(frame, param, needed)
    if len({customer, date, amount} - {None}) < len(needed):
        raise ParameterError(
            _(
                "`customer`, `date` and `amount` must name different columns, but got {customer!r}, "
                "{date!r}, {amount!r}."
            ).format(customer=customer, date=date, amount=amount)
        )
    out = pd.DataFrame({"customer": frame[customer].to_numpy(), "date": date_column(frame, param, date).to_numpy()})
    if amount is not None:
        out["amount"] = numeric_column(frame, param, amount).to_numpy()
    required = list(out.columns)
    if extra:
        require_columns(frame, param, {col: N_("a column to carry through") for col in extra})
        for col in extra:
            if col in out.columns:
                raise ParameterError(
                    _("`extra` column {column!r} clashes with a column of the result.").format(column=col)
                )
            out[col] = frame[col].array  # by position, keeping the column's dtype
    out = out.dropna(subset=required)
    if len(out) == 0:
        raise ParameterError(
            _("`{name}` has no row with a customer id, a date and an amount all present.").format(name=param)
        )
    as_of_ts = resolve_as_of(as_of, out["date"])
    first = out["date"].min()
    out = out[out["date"] < as_of_ts]
    if len(out) == 0:
        raise ParameterError(
            _("`{name}` has no transaction before `as_of` ({as_of}); its first is {first}.").format(
                name=param, as_of=as_of_ts.date(), first=first.date()
            )
        )
    return out.reset_index(drop=True), as_of_ts
