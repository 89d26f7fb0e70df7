"""The placeholder ``____`` that marks where an answer goes in a starter cell."""

from __future__ import annotations


class Placeholder:
    """The blank a student replaces with an answer.

    There is exactly one: ``crmlab.exercises.____``. A check that receives it (or a function that
    returns it) reports "not attempted" instead of "incorrect".
    """

    _instance: Placeholder | None = None

    def __new__(cls) -> Placeholder:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self):
        return (Placeholder, ())


#: Put your answer here.
____ = Placeholder()


def is_placeholder(value: object) -> bool:
    """True if ``value`` is the untouched placeholder."""
    return isinstance(value, Placeholder)
