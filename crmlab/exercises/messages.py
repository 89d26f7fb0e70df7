"""The core message catalogue of the exercises: the texts every exercise shares.

Checks never write sentences: they return a :class:`~crmlab.exercises.feedback.Feedback` that
names a message key and the values to fill in. :data:`CORE` holds the messages shared by all
exercises (outcomes, the session, wrong type, shape or value, descriptions of an answer, the
grader's feedback); a message about one exercise's typical slip (key ``exNN_…``) is declared with
that exercise, in ``ExerciseSpec.messages`` of :mod:`crmlab.exercises.bank.exNN`. Every text is
marked ``N_("…")`` where it is written and translated by :func:`message` when it is shown.
Messages diagnose; they never show the expected answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from ..i18n import N_, _

__all__ = ["CORE", "MESSAGES", "message", "template", "known", "register"]

#: Message key → English text, shared by every exercise (``str.format`` fields in braces).
CORE: dict[str, str] = {
    # -- outcomes and the exercise session --------------------------------------------------
    "correct": N_("Your answer matches the one computed from your data."),
    "not_attempted": N_("Not attempted yet: replace ____ with your answer, then run the cell again."),
    "not_attempted_function": N_("Not attempted yet: your function still returns ____. Write its body, then run the cell again."),
    # Translators: the outcome of a check, in the progress table and the feedback file.
    "outcome:correct": N_("correct"),
    "outcome:incorrect": N_("incorrect"),
    "outcome:not_attempted": N_("not attempted"),
    "heading:correct": N_("✓ Correct"),
    "heading:incorrect": N_("✗ Not yet"),
    "heading:not_attempted": N_("… Not attempted"),
    # Translators: {title} is the exercise's title; {questions} lists the question names (q1, q2 …).
    "welcome": N_("Exercise {exercise} · {title}. Your data: {customers:,} customers, made for student {student}. Questions: {questions}."),
    "welcome_self": N_("Exercise {exercise} · {title}. Your data: {customers:,} customers, made for you (no student id: everyone without one gets this same data). Questions: {questions}."),
    "welcome_grading": N_("Exercise {exercise} · {title}. Grading run: the data was made afresh for grading."),
    "hint_heading": N_("Hint {n} of {total}"),
    "no_more_hints": N_("There are only {total} hints for this question; here is the last one."),
    "hint_number": N_("`n` must be a hint number from 1 to {total}, but {got} was passed."),
    "solution_heading": N_("One solution"),
    # Translators: heading of the options of a choice question, which every student sees in an order of their own.
    "options_heading": N_("Options (in your own order: answer with the letter shown here)"),
    "error:no_options": N_("Question {question} is not a choice question: it has no options."),
    "error:no_option": N_("Question {question} has no option {got}; its options are {choices}."),
    "solution_note": N_("Other correct solutions exist; the check compares results, not code."),
    "progress_heading": N_("Progress on exercise {exercise}: {correct} of {total} correct"),
    # Translators: column headings of the table ex.progress() shows.
    "progress_column:question": N_("question"),
    "progress_column:title": N_("title"),
    "progress_column:outcome": N_("outcome"),
    "progress_column:checks": N_("checks"),
    "progress_column:hints": N_("hints seen"),
    "progress_column:solution": N_("solution seen"),
    # Translators: a cell of the progress table's column "solution seen".
    "yes": N_("yes"),
    "no": N_("no"),
    "no_answer_passed": N_("Nothing was passed to check: write `ex.{question}.check({answer})`."),
    "error:student_type": N_("`student` must be your student id as text (e.g. \"s2025001\"), but {got} of type `{type}` was passed."),
    "error:student_value": N_("`student` must be 1–64 letters, digits or . _ - + @ (no spaces), but {got} was passed."),
    "error:exercise_type": N_("`exercise` must be an exercise number such as \"02\", but {got} of type `{type}` was passed."),
    "error:exercise_value": N_("The value for `exercise` must be one of {choices}, but {got} was passed."),
    "error:no_question": N_("Exercise {exercise} has no {name}; its questions are {questions} (the tables are in ex.data)."),
    "could_not_check": N_("Your answer could not be checked ({error}). Check its type and try again."),
    # -- wrong type or shape -----------------------------------------------------------------
    "wrong_type": N_("Expected {expected}, but your answer is {got}."),
    "forgot_return": N_("Your function returned None: did you forget to `return` the result?"),
    "answer_is_none": N_("Your answer is None. Did you assign the result of a function that returns nothing (e.g. an in-place method or `print`)?"),
    "not_callable": N_("Expected a function (write `def name(...):` and pass its name, without parentheses), but your answer is {got}."),
    "function_raised": N_("Your function raised {error_type} when called with {call}: {error}"),
    "function_mutated": N_("Your function changed its input `{argument}`. Work on a copy (e.g. `df = df.copy()`) or build a new frame instead."),
    "nan_answer": N_("Your answer is NaN (not a number). A division by zero or a missing value may have crept in."),
    "infinite_answer": N_("Your answer is infinite. A division by zero may have crept in."),
    "missing_columns": N_("Your table lacks the column(s) {columns}."),
    "unexpected_columns": N_("Your table has column(s) that were not asked for: {columns}. Keep exactly {expected}."),
    # Translators: {unit} is what one row stands for, e.g. "customer" or "account".
    "wrong_length": N_("Your answer has {got:,} rows, but it should have one row per {unit}."),
    "wrong_length_items": N_("Your answer has {got:,} items, but it should have one per {unit}."),
    "duplicate_keys": N_("{what} should appear once each, but {count:,} of them appear more than once."),
    "missing_keys": N_("{count:,} {what} that should be in your answer are missing (e.g. {example})."),
    "extra_keys": N_("Your answer contains {count:,} {what} that should not be there (e.g. {example})."),
    "wrong_index": N_("Your answer should be indexed by {index}; its index is {got}."),
    "not_sorted": N_("The rows are not in the asked order ({order})."),
    # -- wrong values ------------------------------------------------------------------------
    "wrong_value": N_("Not quite: your answer is not the expected value."),
    "wrong_sign": N_("The size looks right but the sign is wrong."),
    # Translators: {factor} is 10, 1,000 or 1,000,000; {direction} is the word "large" or "small" below.
    "off_by_factor": N_("Your answer is about {factor} times too {direction}. Check the units (percent or fraction? thousands?)."),
    # Translators: {got_kind} and {expected_kind} are "percentage (0–100)" and "fraction (0–1)" below.
    "percent_vs_fraction": N_("Your answer looks like a {got_kind} where a {expected_kind} was asked for (a factor of 100)."),
    # Translators: {tolerance} is a number, or "<number> relative".
    "close_not_within": N_("Close, but not within the tolerance ({tolerance}). Did you round too early, or use a slightly different definition?"),
    "wrong_column_values": N_("Column `{column}` differs from the expected values in {count:,} of {total:,} rows."),
    "wrong_column_dtype": N_("Column `{column}` should hold {expected}, but it holds {got}."),
    "wrong_values_count": N_("{count:,} of {total:,} values differ from the expected ones."),
    "wrong_choice": N_("Not this one. Look at the picture or the table again."),
    "not_a_choice": N_("{got} is not one of the choices {choices}."),
    "wrong_set": N_("Your selection is not right: {missing:,} expected items are missing and {extra:,} are extra."),
    "wrong_boolean": N_("Expected True or False, but your answer is {got}."),
    # -- describing a student's value (used inside other messages) ----------------------------
    # Translators: what an answer is or should be, shown inside "Expected {expected}, but your answer is {got}."
    "kind:number": N_("a number"),
    "kind:integer": N_("a whole number"),
    "kind:text": N_("a text (str)"),
    "kind:dataframe": N_("a DataFrame"),
    "kind:series": N_("a Series"),
    "kind:function": N_("a function"),
    "kind:boolean": N_("True or False"),
    "kind:dates": N_("dates"),
    "kind:durations": N_("time spans (Timedelta; take `.dt.days` for whole days)"),
    "kind:choice": N_("one of the letters {choices}"),
    "kind:collection": N_("a list or set of values"),
    "kind:percent": N_("percentage (0–100)"),
    "kind:fraction": N_("fraction (0–1)"),
    # Translators: the end of "Your answer is about {factor} times too {direction}."
    "direction:large": N_("large"),
    "direction:small": N_("small"),
    # Translators: descriptions of a student's answer, shown inside other messages (the {got} of "Expected {expected}, but your answer is {got}.").
    "describe:none": N_("None"),
    "describe:dataframe": N_("a DataFrame with {rows:,} rows and columns {columns}"),
    "describe:series": N_("a Series of {rows:,} values"),
    "describe:text": N_("the text {text}"),
    "describe:boolean": N_("the boolean `{value}`"),
    "describe:number": N_("the number {value}"),
    "describe:sequence": N_("a `{type}` of {n:,} items"),
    "describe:function": N_("a function"),
    "describe:other": N_("an object of type `{type}`"),
}


#: An exercise's own message: ``ex`` + the exercise id + ``_`` (``"ex02_returns_counted"``).
EXERCISE_KEY = re.compile(r"^ex(?P<exercise>\d{2})_\w+$")


#: Messages of the exercises created so far (kit or instructor), key → English text.
_REGISTERED: dict[str, str] = {}


def register(spec) -> None:
    """Make the ``messages`` of exercise ``spec`` findable by key (called when it is created).

    A key may not be one of :data:`CORE`; a key ``exNN_…`` belongs to exercise NN; a key used by
    another exercise must have the same text.
    """
    from ..errors import ParameterError, ParameterTypeError

    for key, text in spec.messages.items():
        if not isinstance(key, str) or not isinstance(text, str):
            raise ParameterTypeError(
                _("Exercise {exercise}: `messages` must map message keys to texts.").format(exercise=spec.id)
            )
        found = EXERCISE_KEY.match(key)
        taken = key in CORE or (found is not None and found.group("exercise") != spec.id)
        if taken or _REGISTERED.get(key, text) != text:
            raise ParameterError(
                _("Exercise {exercise}: the message key {key} is already used; choose another one (e.g. starting "
                  "with the exercise id).").format(exercise=spec.id, key=repr(key))
            )
    _REGISTERED.update(spec.messages)


def template(key: str) -> str:
    """The English text of message ``key``: from :data:`CORE`, or from the ``messages`` of the
    exercise that declares it (for a key ``exNN_…``, the kit's exercise NN).

    Raises
    ------
    KeyError
        If no catalogue has ``key``.
    """
    if isinstance(key, str):
        if key in CORE:
            return CORE[key]
        found = EXERCISE_KEY.match(key)
        if key not in _REGISTERED and found is not None:
            from .bank import MODULES

            module = MODULES.get(found.group("exercise"))
            if module is not None:
                import importlib

                try:
                    importlib.import_module(module)  # creating its EXERCISE registers its messages
                except ModuleNotFoundError:
                    pass
        if key in _REGISTERED:
            return _REGISTERED[key]
    raise KeyError(f"no message {key!r} in the exercise catalogues")  # i18n: internal


def known(key: object) -> bool:
    """Whether ``key`` names a message (of :data:`CORE` or of an exercise)."""
    try:
        template(key)  # type: ignore[arg-type]
    except KeyError:
        return False
    return True


def message(key: str, **params: object) -> str:
    """The text of message ``key`` in the current language, with ``params`` filled in."""
    return _(template(key)).format(**params)


class _Every(Mapping):
    """Read-only view of every message: :data:`CORE` and each exercise's own, found by key."""

    def __getitem__(self, key: str) -> str:
        return template(key)

    def __contains__(self, key: object) -> bool:
        return known(key)

    def __iter__(self) -> Iterator[str]:
        from .bank import available, get

        yield from CORE
        for exercise in available():
            get(exercise)  # registers its messages
        yield from _REGISTERED

    def __len__(self) -> int:
        return sum(1 for _key in self)

    def __repr__(self) -> str:
        return "<every exercise message: the core catalogue and each exercise's own>"


#: Every message key a check can give (the core catalogue's and each exercise's), as a read-only
#: mapping key → English text; ``message(key)`` shows one translated.
MESSAGES: Mapping[str, str] = _Every()
