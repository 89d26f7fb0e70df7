"""Argument checks shared by every public function.

Each check returns the cleaned value or raises a :mod:`crmlab.errors` exception whose message
names the parameter, what was expected and what was passed.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Iterable

from .errors import ParameterError, ParameterTypeError


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_int(name: str, value: object, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an ``int`` if it is a whole number within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ParameterTypeError(
            f"`{name}` must be a whole number (int), but {_show(value)} of type "
            f"{type(value).__name__} was passed."
        )
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else f"{low:,}"
        hi = "inf" if high is None else f"{high:,}"
        raise ParameterError(f"`{name}` must be between {lo} and {hi}, but {value:,} was passed.")
    return value


def check_float(
    name: str, value: object, *, low: float | None = None, high: float | None = None
) -> float:
    """Return ``value`` as a ``float`` if it is a finite real number within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(
            f"`{name}` must be a number, but {_show(value)} of type {type(value).__name__} was passed."
        )
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise ParameterError(f"`{name}` must be a finite number, but {value} was passed.")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ParameterError(f"`{name}` must be between {low} and {high}, but {value} was passed.")
    return value


def check_choice(name: str, value: object, choices: Iterable[object]) -> object:
    """Return ``value`` if it is one of ``choices``."""
    choices = list(choices)
    try:
        ok = value in choices
    except TypeError:  # unhashable or incomparable
        ok = False
    if not ok:
        raise ParameterError(
            f"The value for `{name}` must be one of {choices}, but {_show(value)} was passed."
        )
    return value


def check_date(name: str, value: object) -> _dt.date:
    """Return ``value`` as a :class:`datetime.date`.

    Accepts a ``datetime.date``/``datetime.datetime``, a pandas/numpy timestamp, or an ISO
    string ``"YYYY-MM-DD"``.
    """
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ParameterError(
                f"`{name}` must be a date such as '2024-01-31', but {_show(value)} was passed."
            ) from None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    to_pydatetime = getattr(value, "to_pydatetime", None)
    if callable(to_pydatetime):
        return to_pydatetime().date()
    if type(value).__name__ == "datetime64":
        import numpy as np

        return _dt.date.fromisoformat(str(np.datetime_as_string(value, unit="D")))
    raise ParameterTypeError(
        f"`{name}` must be a date (datetime.date or 'YYYY-MM-DD'), but {_show(value)} of type "
        f"{type(value).__name__} was passed."
    )
