"""Checking and cleaning the DataFrames users pass in.

Every public analytics function starts here, so that bad input always gets the same clear
errors (naming the parameter or column, what was expected and what came) and messy real logs
always follow the same stated rules. Nothing here modifies the caller's frame.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ._checks import _show, check_date
from .errors import ColumnError, ParameterError, ParameterTypeError
from .i18n import _, ngettext


class IfPresent(str):
    """A default column name used when the table has the column and skipped when it has not.

    ``returned="returned"`` as a default reads the returned flags of a log that has them; the
    same name passed by the user must exist. ``repr`` and ``==`` are those of the plain string.
    """

    __slots__ = ()


def is_if_present(value: object) -> bool:
    """Whether ``value`` is a default column name used only if present (:class:`IfPresent`)."""
    return isinstance(value, IfPresent)


def optional_column(frame: pd.DataFrame, value: object) -> str | None:
    """The column an optional parameter names: None when it is None, or a default absent from
    ``frame``; else the name (which must then exist — checked by the caller)."""
    if value is None or (is_if_present(value) and value not in frame.columns):
        return None
    return str(value)


#: Default ``survey_date`` of the survey readers: used if the table has it.
SURVEY_DATE = IfPresent("survey_date")


def check_frame(frame: object, param: str, *, allow_empty: bool = False) -> pd.DataFrame:
    """``frame`` must be a DataFrame with one header row of distinct column names (and non-empty
    unless ``allow_empty``)."""
    if not isinstance(frame, pd.DataFrame):
        raise ParameterTypeError(
            _("`{name}` must be a pandas DataFrame, but {type} was passed.").format(
                name=param, type=type(frame).__name__
            )
        )
    if isinstance(frame.columns, pd.MultiIndex):
        raise ColumnError(
            _(
                "`{name}` has {levels} header rows (MultiIndex columns such as {got}); flatten them to one "
                "name per column first, e.g. `{name}.columns = ['_'.join(map(str, c)) for c in {name}.columns]`."
            ).format(name=param, levels=frame.columns.nlevels, got=_show(frame.columns[0]) if len(frame.columns) else "()")
        )
    if frame.columns.has_duplicates:
        dups = list(dict.fromkeys(frame.columns[frame.columns.duplicated()]))
        raise ColumnError(
            ngettext(
                "`{name}` has {n} column name used more than once ({columns}); rename or drop the copies "
                "first, e.g. `{name}.loc[:, ~{name}.columns.duplicated()]`.",
                "`{name}` has {n} column names used more than once ({columns}); rename or drop the copies "
                "first, e.g. `{name}.loc[:, ~{name}.columns.duplicated()]`.",
                len(dups),
            ).format(name=param, n=len(dups), columns=", ".join(map(repr, dups[:5])))
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


def id_values(values: pd.Series, param: str, col: str) -> tuple[np.ndarray, np.ndarray]:
    """The ids of a column as one array of one kind, and a mask of the missing ones.

    Ids must all be numbers or all be text: a column mixing them (``1`` and ``"1"``) would count
    one customer twice and is an error, as are True/False ids. Numbers that are whole (also when
    stored as floats because of gaps) become int64.
    """
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        values = pd.Series(values.to_numpy(dtype=object, na_value=None), index=values.index, dtype=object)
        dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise _ids_error(param, col, [True])
    if pd.api.types.is_numeric_dtype(dtype):
        arr = values.to_numpy(dtype=np.float64, na_value=np.nan) if values.hasnans or dtype.kind not in "iu" else values.to_numpy()
        return _whole_numbers(arr)
    if pd.api.types.is_string_dtype(dtype) and not dtype == object:
        missing = values.isna().to_numpy()
        return values.to_numpy(dtype=object, na_value=None), missing
    kind = pd.api.types.infer_dtype(values, skipna=True)
    missing = values.isna().to_numpy()
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):
        arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        if kind == "integer" and not missing.any():
            arr = values.to_numpy(dtype=np.int64)
        return _whole_numbers(arr)
    if kind in ("string", "empty"):
        return values.to_numpy(dtype=object), missing
    present = values[~missing]
    raise _ids_error(param, col, list(pd.unique(present.map(type)).tolist()), present)


def _whole_numbers(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if arr.dtype.kind in "iu":
        return arr, np.zeros(len(arr), dtype=bool)
    missing = np.isnan(arr)
    if missing.any():
        present = arr[~missing]
    else:
        present = arr
    if len(present) and np.all(np.mod(present, 1) == 0) and np.abs(present).max() < 2**53:
        out = np.zeros(len(arr), dtype=np.int64)
        out[~missing] = present.astype(np.int64)
        return out, missing
    return arr, missing


def _ids_error(param: str, col: str, kinds: list, present: pd.Series | None = None) -> ColumnError:
    if kinds == [True]:
        return ColumnError(
            _("Column {column!r} of `{name}` must hold ids (numbers or text), but it holds True/False.").format(
                column=col, name=param
            )
        )
    examples = []
    if present is not None:
        seen = set()
        for v in present:
            if type(v) not in seen:
                seen.add(type(v))
                examples.append(v)
            if len(examples) == 2:
                break
    return ColumnError(
        _(
            "Column {column!r} of `{name}` mixes ids of different types ({examples}): 1 and '1' would count as "
            "two customers. Convert the column to one type first, e.g. {name}[{column!r}].astype(str)."
        ).format(column=col, name=param, examples=" and ".join(_show(v) for v in examples))
    )


def check_ids(values: pd.Series, param: str, col: str) -> None:
    """Ids must all be numbers or all be text (not True/False): see :func:`id_values`."""
    id_values(values, param, col)


_OFFSET = re.compile(r"(Z|[+-]\d\d(?::?\d\d)?)$")
_DAY_OR_MONTH_FIRST = re.compile(r"^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")


def date_column(frame: pd.DataFrame, param: str, col: str) -> pd.Series:
    """Column ``col`` as datetime64; date strings are read by one rule, anything else is an error.

    * datetime columns are taken as they are; a time zone is dropped (local wall time is kept);
    * text must be ISO 8601, year first (``2024-04-13``, ``2024-04-13 09:30``,
      ``2024-04-13T09:30+08:00``, ``2024/04/13``), every value read the same way. Day-first or
      month-first text (``13/04/2024``, ``03/04/2024``) is an error, never guessed row by row:
      convert it first with an explicit format, e.g. ``pd.to_datetime(col, format="%d/%m/%Y")``;
    * text mixing time-zone offsets (``+01:00`` and ``+05:00``, or an offset and none) is an error:
      convert it first, e.g. ``pd.to_datetime(col, utc=True)``;
    * numbers and True/False are an error; missing values stay missing.
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
    try:
        parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
    except (ValueError, TypeError) as exc:
        if "timezone" not in str(exc).lower() and "tz" not in str(exc).lower():
            raise ColumnError(
                _("Column {column!r} of `{name}` must hold dates such as '2024-01-31', but it holds {got}.").format(
                    column=col, name=param, got=_show(values.dropna().iloc[0] if values.notna().any() else None)
                )
            ) from None
        raise ColumnError(_mixed_zones_message(values, param, col)) from None
    bad = parsed.isna() & values.notna()
    if bad.any():
        example = values[bad].iloc[0]
        n_bad = int(bad.sum())
        if isinstance(example, str) and _DAY_OR_MONTH_FIRST.match(example):
            raise ColumnError(
                ngettext(
                    "Column {column!r} of `{name}` holds dates such as {got} ({n:,} value) that are not year "
                    "first: they could be day first (13/04) or month first (04/13), and crmlab does not guess. "
                    "Convert the column with its format first, e.g. pd.to_datetime({name}[{column!r}], "
                    "format='%d/%m/%Y').",
                    "Column {column!r} of `{name}` holds dates such as {got} ({n:,} values) that are not year "
                    "first: they could be day first (13/04) or month first (04/13), and crmlab does not guess. "
                    "Convert the column with its format first, e.g. pd.to_datetime({name}[{column!r}], "
                    "format='%d/%m/%Y').",
                    n_bad,
                ).format(column=col, name=param, got=_show(example), n=n_bad)
            )
        raise ColumnError(
            ngettext(
                "Column {column!r} of `{name}` must hold dates such as '2024-01-31', but it holds "
                "{got} ({n:,} value cannot be read as a date).",
                "Column {column!r} of `{name}` must hold dates such as '2024-01-31', but it holds "
                "{got} ({n:,} values cannot be read as dates).",
                n_bad,
            ).format(column=col, name=param, got=_show(example), n=n_bad)
        )
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return parsed


def _mixed_zones_message(values: pd.Series, param: str, col: str) -> str:
    """The error message for a text date column whose values carry different time zones."""
    seen: dict[str, object] = {}
    for value in values.dropna():
        match = _OFFSET.search(value.strip()) if isinstance(value, str) else None
        zone = match.group(1) if match else (str(getattr(value, "tzinfo", None)) if not isinstance(value, str) else "")
        seen.setdefault(zone, value)
        if len(seen) >= 2:
            break
    examples = " and ".join(_show(v) for v in list(seen.values())[:2])
    return _(
        "Column {column!r} of `{name}` mixes time zones ({examples}), so its dates cannot be compared as "
        "they are. Convert the column to one zone first, e.g. pd.to_datetime({name}[{column!r}], utc=True)."
    ).format(column=col, name=param, examples=examples or "?")


def warn_data(message: str) -> None:
    """Issue a :class:`~crmlab.errors.DataWarning` pointing at the caller's code (outside crmlab)."""
    import sys
    import warnings

    from .errors import DataWarning, already_shown

    if already_shown(message):
        return
    level = 2
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("crmlab."):
        frame = frame.f_back
        level += 1
    warnings.warn(message, DataWarning, stacklevel=level)


#: The default ``as_of`` is questioned when fewer than this share of the rows lie in its last year.
FAR_SHARE = 0.01


def resolve_as_of(as_of: object, dates: object, param: str = "as_of", table: str = "orders") -> pd.Timestamp:
    """The analysis date: ``as_of`` if given, else the day after the last date in ``dates``.

    ``dates`` is a datetime Series or an array of day numbers (days since 1970-01-01). The
    default is questioned with a :class:`~crmlab.errors.DataWarning` when only one date, or fewer
    than 1 % of the dates, lie in the year before it while older ones exist — one far-future date
    (a typo such as 2099) would otherwise move "today" for everyone without a word.
    """
    if as_of is not None:
        return pd.Timestamp(check_date(param, as_of))
    if isinstance(dates, pd.Series):
        values = dates.dropna().to_numpy()
        day = values.astype("datetime64[D]").view(np.int64) if len(values) else np.empty(0, dtype=np.int64)
    else:
        day = np.asarray(dates, dtype=np.int64)
    if len(day) == 0:
        raise ParameterError(_("Cannot choose a default `{name}`: there are no dates.").format(name=param))
    last = int(day.max())
    default = pd.Timestamp(np.datetime64(last + 1, "D"))
    recent = day > last - 365
    n_recent = int(np.count_nonzero(recent))
    if n_recent < len(day) and (n_recent == 1 or n_recent < FAR_SHARE * len(day)):
        bulk = np.datetime64(int(day[~recent].max()), "D")
        warn_data(
            ngettext(
                "The default `{param}` ({as_of}) is the day after the last date of `{name}`, but only {n:,} of its "
                "{total:,} dates lies in the year before it; the others end on {bulk}. Recency, churn and stages "
                "are measured from `{param}`: check the late date or pass `{param}` yourself.",
                "The default `{param}` ({as_of}) is the day after the last date of `{name}`, but only {n:,} of its "
                "{total:,} dates lie in the year before it; the others end on {bulk}. Recency, churn and stages "
                "are measured from `{param}`: check the late dates or pass `{param}` yourself.",
                n_recent,
            ).format(param=param, as_of=default.date(), name=table, n=n_recent, total=len(day), bulk=bulk)
        )
    return default
