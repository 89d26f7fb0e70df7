"""What a check concludes: an outcome and a message key from the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .messages import MESSAGES, message


class Outcome(str, Enum):
    """The three outcomes of a check."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not_attempted"


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer.

    Parameters
    ----------
    outcome : Outcome
    key : str
        Key of the message in :data:`crmlab.exercises.messages.MESSAGES`.
    params : dict
        Values filled into the message. They describe the student's answer, never the expected one.
    """

    outcome: Outcome
    key: str
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.key not in MESSAGES:
            raise KeyError(f"no message {self.key!r} in crmlab.exercises.messages.MESSAGES")

    @property
    def text(self) -> str:
        """The message in the current language."""
        return message(self.key, **self.params)

    @property
    def correct(self) -> bool:
        return self.outcome is Outcome.CORRECT

    def __str__(self) -> str:
        return f"{message('outcome:' + self.outcome.value)}: {self.text}"


CORRECT = Feedback(Outcome.CORRECT, "correct")
NOT_ATTEMPTED = Feedback(Outcome.NOT_ATTEMPTED, "not_attempted")


def incorrect(key: str, **params: object) -> Feedback:
    """An incorrect outcome with message ``key``."""
    return Feedback(Outcome.INCORRECT, key, params)
