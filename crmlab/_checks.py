"""Argument checks shared by every public function.

Each check returns the cleaned value or raises a :mod:`crmlab.errors` exception whose message
names the parameter, what was expected and what was passed.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Iterable

from .errors import ParameterError, ParameterTypeError
from .i18n import _


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_int(name: str, value: object, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an ``int`` if it is a whole number within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ParameterTypeError(
            _("`{name}` must be a whole number (int), but {got} of type {type} was passed.").format(
                name=name, got=_show(value), type=type(value).__name__
            )
        )
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else f"{low:,}"
        hi = "inf" if high is None else f"{high:,}"
        raise ParameterError(
            _("`{name}` must be between {low} and {high}, but {got} was passed.").format(
                name=name, low=lo, high=hi, got=f"{value:,}"
            )
        )
    return value


def check_float(
    name: str, value: object, *, low: float | None = None, high: float | None = None
) -> float:
    """Return ``value`` as a ``float`` if it is a finite real number within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(
            _("`{name}` must be a number, but {got} of type {type} was passed.").format(
                name=name, got=_show(value), type=type(value).__name__
            )
        )
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise ParameterError(
            _("`{name}` must be a finite number, but {got} was passed.").format(name=name, got=value)
        )
    if (low is not None and value < low) or (high is not None and value > high):
        raise ParameterError(
            _("`{name}` must be between {low} and {high}, but {got} was passed.").format(
                name=name, low=low, high=high, got=value
            )
        )
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
            _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name=name, choices=choices, got=_show(value)
            )
        )
    return value


def _is_missing_date(value: object) -> bool:
    """``NaT`` (pandas or numpy) or a float NaN: a date that is not there."""
    if value is None or isinstance(value, str):
        return False
    if type(value).__name__ in ("NaTType", "float") or type(value).__name__ == "datetime64":
        return value != value  # NaT and NaN are the only values unequal to themselves
    return False


def check_date(name: str, value: object) -> _dt.date:
    """Return ``value`` as a :class:`datetime.date`.

    Accepts a ``datetime.date``/``datetime.datetime``, a pandas/numpy timestamp, or an ISO
    string ``"YYYY-MM-DD"``. ``NaT`` and NaN are an error (pass ``None`` for "the default").
    """
    if _is_missing_date(value):
        raise ParameterError(
            _("`{name}` must be a date such as '2024-01-31', but {got} was passed.").format(
                name=name, got=_show(value)
            )
        )
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ParameterError(
                _("`{name}` must be a date such as '2024-01-31', but {got} was passed.").format(
                    name=name, got=_show(value)
                )
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
        _("`{name}` must be a date (datetime.date or 'YYYY-MM-DD'), but {got} of type {type} was passed.").format(
            name=name, got=_show(value), type=type(value).__name__
        )
    )


#: Longest window, threshold or horizon a ``*_days`` parameter may have: 100 years.
MAX_DAYS = 36_600


def check_days(name: str, value: object, *, low: int = 1) -> int:
    """A number of days (a window, threshold or horizon): a whole number from ``low`` to 100 years."""
    return check_int(name, value, low=low, high=MAX_DAYS)


def check_column_name(name: str, value: object, *, optional: bool = False) -> str | None:
    """A parameter naming a column must be a string (or ``None`` when ``optional``)."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        if optional:
            message = _("`{name}` must be a column name (str) or None, but {got} of type {type} was passed.")
        else:
            message = _("`{name}` must be a column name (str), but {got} of type {type} was passed.")
        raise ParameterTypeError(message.format(name=name, got=_show(value), type=type(value).__name__))
    return value
