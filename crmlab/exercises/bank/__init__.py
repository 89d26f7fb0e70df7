"""The exercises, one module per lesson (``ex01`` … ``ex08``), each defining ``EXERCISE``."""

from __future__ import annotations

import importlib

from ...errors import ParameterError, ParameterTypeError
from ..messages import message

#: Exercise id → module holding its ``EXERCISE``.
MODULES = {f"{n:02d}": f"crmlab.exercises.bank.ex{n:02d}" for n in range(1, 9)}


def available() -> list[str]:
    """Ids of the exercises that exist in this version of the kit."""
    out = []
    for ex_id, module in MODULES.items():
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        out.append(ex_id)
    return out


def get(exercise: object):
    """The :class:`~crmlab.exercises.spec.ExerciseSpec` of ``exercise`` ("02", 2 or "2")."""
    if isinstance(exercise, bool) or not isinstance(exercise, (str, int)):
        raise ParameterTypeError(message("error:exercise_type", got=repr(exercise), type=type(exercise).__name__))
    key = str(exercise).strip()
    if key.isdigit():
        key = f"{int(key):02d}"
    ids = available()
    if key not in ids:
        raise ParameterError(message("error:exercise_value", choices=ids, got=repr(exercise)))
    return importlib.import_module(MODULES[key]).EXERCISE
