"""What a check concludes: an outcome and a message key from the catalogues."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .messages import known, message


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
        Key of the message: of the core catalogue :data:`crmlab.exercises.messages.CORE`, or
        ``exNN_…`` of exercise NN's own ``messages``.
    params : dict
        Values filled into the message. They describe the student's answer, never the expected one.
    """

    outcome: Outcome
    key: str
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        if not known(self.key):
            raise KeyError(f"no message {self.key!r} in the exercise catalogues")  # i18n: internal

    @property
    def text(self) -> str:
        """The message in the current language."""
        return message(self.key, **self.params)

    @property
    def correct(self) -> bool:
        return self.outcome is Outcome.CORRECT

    def __str__(self) -> str:
        from ..i18n import _

        # Translators: a check's outcome ("correct", "incorrect" …) and its message.
        return _("{outcome}: {message}").format(outcome=message("outcome:" + self.outcome.value), message=self.text)


CORRECT = Feedback(Outcome.CORRECT, "correct")
NOT_ATTEMPTED = Feedback(Outcome.NOT_ATTEMPTED, "not_attempted")


def incorrect(key: str, **params: object) -> Feedback:
    """An incorrect outcome with message ``key``."""
    return Feedback(Outcome.INCORRECT, key, params)
