"""Graded exercises: instant checks on each student's own data.

In an exercise notebook::

    import crmlab
    from crmlab.exercises import ____
    ex = crmlab.exercises.start("02", student="s2025001")   # your own data
    ex.q1.check(answer)     # correct / incorrect (with a diagnosis) / not attempted
    ex.q1.hint()            # ex.q1.hint(2) says more
    ex.q1.solution()
    ex.progress()

Instructors: ``crmlab release`` makes the student notebooks, ``crmlab grade`` grades a class.
"""

from __future__ import annotations

from .._lazy import lazy_attributes

from ._placeholder import ____, is_placeholder

_LAZY = {
    "start": ("crmlab.exercises.session", "start"),
    "Exercise": ("crmlab.exercises.session", "Exercise"),
    "available": ("crmlab.exercises.bank", "available"),
    "Outcome": ("crmlab.exercises.feedback", "Outcome"),
    "Feedback": ("crmlab.exercises.feedback", "Feedback"),
}

__all__ = ["____", "is_placeholder", *_LAZY]


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _LAZY)
