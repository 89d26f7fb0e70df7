"""Checks every public analytics function gets at its door.

:func:`check_arguments` wraps the public functions of a package so that a parameter annotated
``str`` (a column name or one of a few documented choices) that receives something else — a
list, a dict, a number — is a :class:`~crmlab.errors.ParameterTypeError` naming that parameter,
before pandas can fail on it with ``TypeError: unhashable type: 'list'``. ``str | None``
parameters also accept ``None``. The wrapped function keeps its name, docstring and signature.
"""

from __future__ import annotations

import functools
import inspect

from ._checks import _show
from .errors import ParameterTypeError
from .i18n import _

_REQUIRED = {"str", "<class 'str'>"}
_OPTIONAL = {"str | None", "None | str", "Optional[str]", "typing.Optional[str]"}


def _text_parameters(func) -> dict[str, bool]:
    """Parameters annotated ``str`` (→ False) or ``str | None`` (→ True: None allowed)."""
    out = {}
    for p in inspect.signature(func).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        text = p.annotation if isinstance(p.annotation, str) else repr(p.annotation)
        text = text.replace("'", "").strip()
        if text in _REQUIRED:
            out[p.name] = False
        elif text in _OPTIONAL:
            out[p.name] = True
    return out


def checked(func):
    """``func`` with its ``str`` parameters checked (see the module docstring)."""
    params = _text_parameters(func)
    if not params:
        return func
    sig = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            bound = sig.bind_partial(*args, **kwargs)
        except TypeError:  # wrong call: let Python say so
            return func(*args, **kwargs)
        for name, optional in params.items():
            if name not in bound.arguments:
                continue
            value = bound.arguments[name]
            if isinstance(value, str) or (optional and value is None):
                continue
            if optional:
                message = _("`{name}` must be a str (a column name or a documented choice) or None, but {got} of type {type} was passed.")
            else:
                message = _("`{name}` must be a str (a column name or a documented choice), but {got} of type {type} was passed.")
            raise ParameterTypeError(message.format(name=name, got=_show(value), type=type(value).__name__))
        return func(*args, **kwargs)

    wrapper.__crmlab_checked__ = True
    return wrapper


def check_arguments(namespace: dict, names) -> None:
    """Replace each public function ``namespace[name]`` by its :func:`checked` version."""
    for name in names:
        obj = namespace.get(name)
        if inspect.isfunction(obj) and not getattr(obj, "__crmlab_checked__", False):
            namespace[name] = checked(obj)
