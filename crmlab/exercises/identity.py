"""Who the student is: the id that seeds a student's data and names their gradebook row.

:func:`student_id` takes, in this order:

1. the ``student`` given to :func:`crmlab.exercises.start` (not None);
2. the hub's user name, ``$JUPYTERHUB_USER``: JupyterHub sets it inside each user's server, so
   an exercise notebook handed out with ``student=None`` needs no editing on a hub;
3. a configured id, ``$CRMLAB_STUDENT`` (set by a classroom's environment where there is no hub,
   or where the hub's user names are not the ids the class uses);
4. none: the student works on the data every self-learner gets.

In a grading run (``$CRMLAB_GRADING_SEED`` is set) only the explicit argument counts: the
grader's own environment may be a hub server (the instructor's), whose user is not the
student's; the gradebook then names the student after the submission's file, which
``crmlab collect`` names after the user.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..errors import ParameterError
from ..i18n import _

__all__ = ["HUB_USER_ENV", "STUDENT_ENV", "GRADING_ENV", "student_id", "source", "resolve_student"]

HUB_USER_ENV = "JUPYTERHUB_USER"
STUDENT_ENV = "CRMLAB_STUDENT"
GRADING_ENV = "CRMLAB_GRADING_SEED"


def source(student: object = None, environ: dict | None = None) -> tuple[object, str]:
    """``(id, where it came from)``: where is ``"argument"``, ``"hub"`` (``$JUPYTERHUB_USER``),
    ``"configured"`` (``$CRMLAB_STUDENT``) or ``"none"``. The id is not validated here."""
    env = os.environ if environ is None else environ
    if student is not None:
        return student, "argument"
    if env.get(GRADING_ENV):
        return None, "none"
    hub = env.get(HUB_USER_ENV, "").strip()
    if hub:
        return hub, "hub"
    configured = env.get(STUDENT_ENV, "").strip()
    if configured:
        return configured, "configured"
    return None, "none"


def student_id(student: object = None, environ: dict | None = None) -> object:
    """The student id in the order above (None if there is none)."""
    return source(student, environ)[0]


def resolve_student(student: object, exercise: str, check: Callable[[object], str | None]) -> str | None:
    """The student id of :func:`crmlab.exercises.start`: :func:`source`'s, validated by ``check``.

    An invalid id from the environment is an error that names the variable it came from (the
    student did not type it)."""
    found, origin = source(student)
    try:
        return check(found)
    except ParameterError:
        if origin == "argument":
            raise
    variable = HUB_USER_ENV if origin == "hub" else STUDENT_ENV
    raise ParameterError(
        _(
            "The name {got} in `{variable}` cannot be a student id (1–64 letters, digits or . _ - + @). "
            "Give your id instead: `crmlab.exercises.start(\"{exercise}\", student=\"s2025001\")`."
        ).format(got=repr(found), variable=variable, exercise=exercise)
    ) from None
