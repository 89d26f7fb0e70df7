"""The message catalogue of the exercises: every text a student sees when checking an answer.

Checks never write sentences: they return a :class:`~crmlab.exercises.feedback.Feedback` that
names a key of :data:`MESSAGES` and the values to fill in. The text is looked up here and passed
through :func:`crmlab.i18n._`, so a translation catalogue (``crmlab/locales/<lang>.json``) can
translate every message without touching a check. Messages diagnose; they never show the
expected answer.
"""

from __future__ import annotations

from ..i18n import _

#: Message key → English text (``str.format`` fields in braces).
MESSAGES: dict[str, str] = {
    # -- outcomes and the exercise session --------------------------------------------------
    "correct": "Correct!",
    "not_attempted": "Not attempted yet: replace ____ with your answer, then run the cell again.",
    "not_attempted_function": "Not attempted yet: your function still returns ____. Write its body, then run the cell again.",
    "outcome:correct": "correct",
    "outcome:incorrect": "incorrect",
    "outcome:not_attempted": "not attempted",
    "heading:correct": "✓ Correct",
    "heading:incorrect": "✗ Not yet",
    "heading:not_attempted": "… Not attempted",
    "welcome": "Exercise {exercise} · {title}. Your data: {customers:,} customers, made for {who}. Questions: {questions}.",
    "welcome_who_student": "student {student}",
    "welcome_who_self": "you (no student id: everyone without one gets this same data)",
    "welcome_grading": "Exercise {exercise} · {title}. Grading run: the data was made afresh for grading.",
    "hint_heading": "Hint {n} of {total}",
    "no_more_hints": "There are only {total} hints for this question; here is the last one.",
    "hint_number": "`n` must be a hint number from 1 to {total}, but {got} was passed.",
    "solution_heading": "One solution",
    "solution_note": "Other correct solutions exist; the check compares results, not code.",
    "progress_heading": "Progress on exercise {exercise}: {correct} of {total} correct",
    "progress_column:question": "question",
    "progress_column:title": "title",
    "progress_column:outcome": "outcome",
    "progress_column:checks": "checks",
    "progress_column:hints": "hints seen",
    "progress_column:solution": "solution seen",
    "yes": "yes",
    "no": "no",
    "could_not_check": "Your answer could not be checked ({error}). Check its type and try again.",
    # -- wrong type or shape -----------------------------------------------------------------
    "wrong_type": "Expected {expected}, but your answer is {got}.",
    "forgot_return": "Your function returned None: did you forget to `return` the result?",
    "answer_is_none": "Your answer is None. Did you assign the result of a function that returns nothing (e.g. an in-place method or `print`)?",
    "not_callable": "Expected a function (write `def name(...):` and pass its name, without parentheses), but your answer is {got}.",
    "function_raised": "Your function raised {error_type} when called with {call}: {error}",
    "function_mutated": "Your function changed its input `{argument}`. Work on a copy (e.g. `df = df.copy()`) or build a new frame instead.",
    "nan_answer": "Your answer is NaN (not a number). A division by zero or a missing value may have crept in.",
    "infinite_answer": "Your answer is infinite. A division by zero may have crept in.",
    "missing_columns": "Your table lacks the column(s) {columns}.",
    "unexpected_columns": "Your table has column(s) that were not asked for: {columns}. Keep exactly {expected}.",
    "wrong_length": "Your answer has {got:,} rows, but it should have one row per {unit}.",
    "wrong_length_items": "Your answer has {got:,} items, but it should have one per {unit}.",
    "duplicate_keys": "{what} should appear once each, but {count:,} of them appear more than once.",
    "missing_keys": "{count:,} {what} that should be in your answer are missing (e.g. {example}).",
    "extra_keys": "Your answer contains {count:,} {what} that should not be there (e.g. {example}).",
    "wrong_index": "Your answer should be indexed by {index}; its index is {got}.",
    "not_sorted": "The rows are not in the asked order ({order}).",
    # -- wrong values ------------------------------------------------------------------------
    "wrong_value": "Not quite: your answer is not the expected value.",
    "wrong_sign": "The size looks right but the sign is wrong.",
    "off_by_factor": "Your answer is about {factor} times too {direction}. Check the units (percent or fraction? thousands?).",
    "percent_vs_fraction": "Your answer looks like a {got_kind} where a {expected_kind} was asked for (a factor of 100).",
    "close_not_within": "Close, but not within the tolerance ({tolerance}). Did you round too early, or use a slightly different definition?",
    "wrong_column_values": "Column `{column}` differs from the expected values in {count:,} of {total:,} rows.",
    "wrong_column_dtype": "Column `{column}` should hold {expected}, but it holds {got}.",
    "wrong_values_count": "{count:,} of {total:,} values differ from the expected ones.",
    "wrong_choice": "Not this one. Look at the picture or the table again.",
    "not_a_choice": "{got} is not one of the choices {choices}.",
    "wrong_set": "Your selection is not right: {missing:,} expected items are missing and {extra:,} are extra.",
    "wrong_boolean": "Expected True or False, but your answer is {got}.",
    # -- describing a student's value (used inside other messages) ----------------------------
    "kind:number": "a number",
    "kind:integer": "a whole number",
    "kind:text": "a text (str)",
    "kind:dataframe": "a DataFrame",
    "kind:series": "a Series",
    "kind:function": "a function",
    "kind:boolean": "True or False",
    "kind:choice": "one of the letters {choices}",
    "kind:collection": "a list or set of values",
    "kind:percent": "percentage (0–100)",
    "kind:fraction": "fraction (0–1)",
    "direction:large": "large",
    "direction:small": "small",
    "describe:none": "None",
    "describe:dataframe": "a DataFrame with {rows:,} rows and columns {columns}",
    "describe:series": "a Series of {rows:,} values",
    "describe:text": "the text {text}",
    "describe:boolean": "the boolean {value}",
    "describe:number": "the number {value}",
    "describe:sequence": "a {type} of {n:,} items",
    "describe:function": "a function",
    "describe:other": "an object of type {type}",
    # -- exercise 01 ---------------------------------------------------------------------------
    # -- exercise 02 ---------------------------------------------------------------------------
    # -- exercise 03 ---------------------------------------------------------------------------
    # -- exercise 04 ---------------------------------------------------------------------------
    # -- exercise 05 ---------------------------------------------------------------------------
    # -- exercise 06 ---------------------------------------------------------------------------
    # -- exercise 07 ---------------------------------------------------------------------------
    # -- exercise 08 ---------------------------------------------------------------------------
}


def message(key: str, **params: object) -> str:
    """The text of message ``key`` in the current language, with ``params`` filled in."""
    try:
        template = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in crmlab.exercises.messages.MESSAGES") from None
    return _(template).format(**params)
