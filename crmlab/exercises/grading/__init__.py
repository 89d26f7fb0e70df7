"""Grading a class's exercise notebooks: ``crmlab grade SUBMISSIONS... --out gradebook.csv``.

Each notebook runs in its own sandboxed process (:mod:`.sandbox` says what that protects against
and what not), on a copy, with a fresh grading seed so that its data differs from what the
student saw: answers computed by code pass, numbers typed in fail. The result is one gradebook
row per submission (:mod:`.gradebook`) and one feedback file per student (:mod:`.feedback_file`).

Modules
-------
run
    :func:`grade`, the whole run.
collect, submission
    Finding the submitted files; reading and classifying one.
child, runner, output
    The grading process: started and watched by ``child``, running the cells in ``runner``.
sandbox, landlock, audit, limits
    The protection layers.
scoring, statuses
    Points from the check events; the status of a submission.
gradebook, feedback_file
    The outputs.
command
    The ``crmlab grade`` command line.
"""

from __future__ import annotations

from ..._lazy import lazy_attributes

_LAZY = {
    "grade": ("crmlab.exercises.grading.run", "grade"),
    "Report": ("crmlab.exercises.grading.run", "Report"),
    "Result": ("crmlab.exercises.grading.run", "Result"),
    "Limits": ("crmlab.exercises.grading.child", "Limits"),
    "Sandbox": ("crmlab.exercises.grading.sandbox", "Sandbox"),
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _LAZY)
