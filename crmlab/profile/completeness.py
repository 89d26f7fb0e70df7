"""How complete is the archive? Filled and missing values per field (资料完整度)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import check_frame, require_columns
from ..errors import ColumnError, ParameterTypeError
from ..i18n import N_, _

__all__ = ["completeness", "is_missing"]


def is_missing(values: pd.Series) -> pd.Series:
    """True where a value counts as missing: NA (``None``, ``NaN``, ``NaT``, ``pd.NA``) or a
    string that is empty or only whitespace. Every other value (0, False, "n/a" …) is filled.

    Examples
    --------
    >>> is_missing(pd.Series(["a", " ", None, 0])).tolist()
    [False, True, True, False]
    """
    missing = values.isna().to_numpy(dtype=bool, na_value=True).copy()
    if pd.api.types.is_string_dtype(values.dtype) or values.dtype == object:
        obj = values.to_numpy(dtype=object, na_value=None)
        blank = np.fromiter(
            (isinstance(v, str) and not v.strip() for v in obj), dtype=bool, count=len(obj)
        )
        missing |= blank
    return pd.Series(missing, index=values.index)


def _columns(frame: pd.DataFrame, columns, skip=()) -> list:
    if columns is None:
        return [c for c in frame.columns if c not in skip]
    if isinstance(columns, (str, int)):
        columns = [columns]
    try:
        columns = list(columns)
    except TypeError:
        raise ParameterTypeError(
            _("`columns` must be a list of column names or None, but {got} was passed.").format(
                got=_show(columns)
            )
        ) from None
    require_columns(frame, "frame", {c: N_("a field to check") for c in columns})
    return columns


def completeness(frame, columns=None, *, by=None) -> pd.DataFrame:
    """Filled and missing values per field, worst first.

    A value is missing when it is NA or an empty/whitespace-only string (see
    :func:`is_missing`). ``completeness`` = filled / rows (NaN when there are no rows).

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table, e.g. ``crmlab.load("archive")``. Not modified.
    columns : list of str, optional
        Fields to check; default every column (except ``by``).
    by : str, optional
        A column to group by (e.g. ``"source"``): one row per group and field; missing group
        values form their own group (NA).

    Returns
    -------
    pandas.DataFrame
        Columns ``[by,] field, filled, missing, rows, completeness``. Without ``by`` sorted by
        completeness (lowest first), ties by the column order of ``frame``; with ``by``
        sorted by group, then the same way within each group. RangeIndex.

    Examples
    --------
    >>> df = pd.DataFrame({"a": ["x", "", None, "y"], "b": [1, 2, 3, None]})
    >>> completeness(df)[["field", "filled", "completeness"]].values.tolist()
    [['a', 2, 0.5], ['b', 3, 0.75]]
    """
    frame = check_frame(frame, "frame", allow_empty=True)
    if by is not None:
        if not isinstance(by, str):
            raise ParameterTypeError(
                _("`{name}` must be a column name (str), but {got} was passed.").format(name="by", got=_show(by))
            )
        require_columns(frame, "frame", {by: N_("groups to compare")})
    cols = _columns(frame, columns, skip=() if by is None else (by,))
    if frame.columns.duplicated().any():
        dup = list(frame.columns[frame.columns.duplicated()])
        raise ColumnError(_("`frame` has duplicate column names {dup}; rename them first.").format(dup=dup))
    order = {c: i for i, c in enumerate(cols)}
    flags = pd.DataFrame({str(i): is_missing(frame[c]).to_numpy() for i, c in enumerate(cols)},
                         index=frame.index)
    if by is None:
        missing = flags.sum().to_numpy(dtype=np.int64)
        rows = len(frame)
        out = pd.DataFrame({"field": cols, "filled": rows - missing, "missing": missing,
                            "rows": rows})
    else:
        groups = frame[by].astype(object).where(frame[by].notna(), None)
        flags[by] = groups.to_numpy()
        grouped = flags.groupby(by, dropna=False, sort=False)
        miss = grouped.sum()
        size = grouped.size()
        miss.columns = cols
        out = miss.stack(future_stack=True).rename("missing").reset_index()
        out.columns = [by, "field", "missing"]
        out["rows"] = size.reindex(out[by]).to_numpy()
        out["missing"] = out["missing"].astype(np.int64)
        out["filled"] = out["rows"] - out["missing"]
        out = out[[by, "field", "filled", "missing", "rows"]]
    out["completeness"] = out["filled"] / out["rows"].where(out["rows"] > 0)
    out["_order"] = out["field"].map(order)
    sort = ["completeness", "_order"]
    if by is not None:
        out["_group"] = _group_rank(out[by])
        sort = ["_group", *sort]
    out = out.sort_values(sort, kind="stable", na_position="last")
    return out.drop(columns=["_order", "_group"], errors="ignore").reset_index(drop=True)


def _group_rank(groups: pd.Series) -> np.ndarray:
    """Rank of each group value: sorted order if the values can be sorted, else order of
    first appearance; missing groups last."""
    codes, uniques = pd.factorize(groups.astype(object), use_na_sentinel=True)
    values = list(uniques)
    try:
        order = sorted(range(len(values)), key=lambda k: values[k])
    except TypeError:
        order = list(range(len(values)))
    rank = np.empty(len(values) + 1, dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(values))
    rank[-1] = len(values)  # code -1: missing
    return rank[codes]
