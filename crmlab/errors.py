"""Errors raised by crmlab.

Every error a user can trigger with bad input is one of these classes. They subclass the
built-in ``ValueError`` / ``TypeError`` so that ordinary ``except ValueError`` code keeps
working, and their messages name the parameter (or column), what was expected and what came.
"""

from __future__ import annotations

import warnings as _warnings

__all__ = ["CrmlabError", "ParameterError", "ParameterTypeError", "ColumnError", "DataWarning"]


class CrmlabError(Exception):
    """Base class of every error crmlab raises on purpose."""


class ParameterError(CrmlabError, ValueError):
    """A parameter has the right type but an unusable value."""


class ParameterTypeError(CrmlabError, TypeError):
    """A parameter has the wrong type."""


class ColumnError(ParameterError, KeyError):
    """A DataFrame lacks a column the function needs, or the column has unusable values."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class DataWarning(UserWarning):
    """The data could be used, but not as given: rows were left out or a default was questionable.

    The message says how many rows (or customers) are concerned and why. Each message is shown
    once per session (a lesson that reads the same log in many cells says it once); turn the
    warnings into errors with ``warnings.simplefilter("error", crmlab.errors.DataWarning)``, or
    see every one with ``warnings.simplefilter("always", crmlab.errors.DataWarning)``.
    """


# The same message for the same data, once: not again in every cell that reads that log. Appended, so
# that a filter the user set before importing crmlab (e.g. "ignore") still comes first.
_warnings.filterwarnings("once", category=DataWarning, append=True)
_ONCE = ("once", None, DataWarning, None, 0)
_SHOWN: set[str] = set()


def already_shown(message: str) -> bool:
    """Whether ``message`` was shown before and crmlab's "once" filter is the one that applies.

    Python's own "once" forgets what it showed whenever any library changes the warning filters
    (most imports do), so crmlab remembers its messages itself. Any other filter the user (or a
    test) puts first — "always", "error", "ignore" — is followed as it is.
    """
    for entry in _warnings.filters:
        action, msg, category, module, _lineno = entry
        if module is not None or not issubclass(DataWarning, category) or (msg is not None and not msg.match(message)):
            continue
        if entry != _ONCE:
            return False
        if message in _SHOWN:
            return True
        _SHOWN.add(message)
        return False
    return False
