"""Shared text helpers of :mod:`crmlab.profile` (private).

Every public function of the package reads string columns through :func:`text`, so that the
same rules hold everywhere: missing values (``None``, ``NaN``, ``NaT``, ``pd.NA``) stay
missing, non-string values are written with ``str()`` (whole floats without ``.0``), and the
result is a pandas ``str`` Series with the input's index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ParameterError, ParameterTypeError
from ..i18n import _

#: Locales the standardisation rules know.
LOCALES = ("en_US", "zh_CN")

_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"


def text(values: pd.Series) -> pd.Series:
    """``values`` as a ``str`` Series (missing stays missing; see the module docstring)."""
    if isinstance(values.dtype, pd.StringDtype) or values.dtype == "str":
        return values.astype("str")
    if pd.api.types.is_bool_dtype(values.dtype):
        obj = values.astype(object)
        return obj.map(lambda v: None if pd.isna(v) else str(v)).astype("str")
    if pd.api.types.is_float_dtype(values.dtype):
        arr = values.to_numpy(dtype="float64", na_value=np.nan)
        whole = np.isfinite(arr) & (np.floor(arr) == arr) & (np.abs(arr) < 1e18)
        out = np.where(whole, np.char.mod("%d", np.where(whole, arr, 0).astype(np.int64)),
                       arr.astype(str)).astype(object)
        out[np.isnan(arr)] = None
        return pd.Series(out, index=values.index, dtype="str")
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.dt.strftime("%Y-%m-%d").astype("str")
    obj = values.astype(object)
    missing = pd.isna(obj).to_numpy()
    out = np.array([None if miss else (v if isinstance(v, str) else _str(v))
                    for v, miss in zip(obj.to_numpy(), missing)], dtype=object)
    return pd.Series(out, index=values.index, dtype="str")


def _str(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def check_series(values: object, param: str) -> pd.Series:
    """``values`` as a Series (lists, arrays and Index are accepted; a DataFrame is not)."""
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, pd.DataFrame):
        raise ParameterTypeError(
            _("`{name}` must be one column (a pandas Series), but a DataFrame was passed.").format(name=param)
        )
    if isinstance(values, (pd.Index, np.ndarray, list, tuple)):
        arr = np.asarray(values, dtype=object)
        if arr.ndim != 1:
            raise ParameterTypeError(
                _("`{name}` must be one-dimensional, but an array of shape {shape} was passed.").format(
                    name=param, shape=arr.shape
                )
            )
        return pd.Series(arr, dtype=object)
    raise ParameterTypeError(
        _("`{name}` must be a pandas Series (or a list), but {type} was passed.").format(
            name=param, type=type(values).__name__
        )
    )


def check_locale(locale: object, *, allow_none: bool = False) -> str | None:
    """``locale`` must be one of :data:`LOCALES` (or ``None`` where allowed)."""
    if locale is None and allow_none:
        return None
    choices = list(LOCALES) + ([None] if allow_none else [])
    if not isinstance(locale, str) or locale not in LOCALES:
        raise ParameterError(
            _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name="locale", choices=choices, got=repr(locale)
            )
        )
    return locale


def guess_locale(frame: pd.DataFrame, columns=("name", "province", "city", "address")) -> str:
    """``"zh_CN"`` if at least half the non-missing values of ``columns`` contain a CJK
    character, else ``"en_US"`` (also when there is no such value)."""
    hits = total = 0
    for col in columns:
        if col in frame.columns:
            s = text(frame[col]).dropna()
            total += len(s)
            hits += int(s.str.contains(_CJK, regex=True).sum())
    return "zh_CN" if total and hits * 2 >= total else "en_US"
