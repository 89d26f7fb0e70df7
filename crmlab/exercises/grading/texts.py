"""The grader's own texts: the feedback file's headings, the explanation of each status, and the
messages only the grader gives. Marked for translation here and translated when a feedback file
is written (:func:`text`), so a feedback file can be written in any language crmlab speaks.
"""

from __future__ import annotations

import string

from ...i18n import N_

#: Key → English text (``str.format`` fields in braces).
TEXTS: dict[str, str] = {
    "grading:title": N_("Feedback · exercise {exercise} · {title}"),
    "grading:student": N_("Student: {student}"),
    "grading:file": N_("Submission: {file} (SHA-256 {sha}…)"),
    "grading:graded_at": N_("Graded: {time}"),
    "grading:status": N_("Status: {status} — {explanation}"),
    "grading:score": N_("Score: {total} of {max_points} points"),
    "grading:column:question": N_("Question"),
    "grading:column:points": N_("Points"),
    "grading:column:outcome": N_("Outcome"),
    "grading:column:feedback": N_("Feedback"),
    "grading:status:graded": N_("your notebook ran to the end."),
    "grading:status:timeout": N_(
        "your notebook was stopped after {timeout} seconds (an endless loop, or far too slow). Questions checked "
        "before that keep their result."
    ),
    "grading:status:memory": N_(
        "your notebook was stopped: it needed more memory than the {memory_mb} MB allowed. Questions checked before "
        "that keep their result."
    ),
    "grading:status:crashed": N_(
        "the Python process running your notebook stopped unexpectedly. Questions checked before that keep their "
        "result."
    ),
    "grading:status:empty": N_("the file you submitted is empty."),
    "grading:status:not_a_notebook": N_("the file you submitted is not a Jupyter notebook (.ipynb)."),
    "grading:status:corrupt": N_(
        "the notebook you submitted is damaged and cannot be read. Open it in Jupyter, save it, and submit it again."
    ),
    "grading:status:too_large": N_("the file you submitted is too large to be graded."),
    "grading:status:no_exercise": N_(
        "the notebook you submitted is not an exercise notebook of the kit (start from the exercise notebook you "
        "were given)."
    ),
    "grading:status:wrong_exercise": N_("you submitted exercise {found}, but exercise {exercise} was graded."),
    "grading:status:link": N_(
        "what you submitted is a symbolic link, not a notebook; the grader does not follow links. Submit the "
        "notebook file itself."
    ),
    "grading:status:unreadable": N_("the grader could not read the file you submitted."),
    "grading:question_not_run": N_("Not graded: the notebook could not be run."),
    "grading:never_checked": N_(
        "Never checked: the cell with `ex.{question}.check(...)` did not run (removed, or not reached)."
    ),
    "grading:cell_errors": N_(
        "{count} cell(s) raised an error (cell number and error: {cells}). The cells after them still ran."
    ),
    "grading:fresh_data": N_(
        "Your notebook was run again on fresh data made for grading: answers computed by your code count, numbers "
        "typed in do not."
    ),
    "grading:unreadable_answer": N_(
        "Your answer could not be read by the grader: pass a plain value (a number, a text, a list, a Series or a "
        "DataFrame of ordinary columns)."
    ),
    "grading:function_not_run": N_(
        "Your function's results on the grading data were not all recorded (the notebook stopped, or the check was "
        "changed)."
    ),
}


class _Blank:
    """Stands for a value a message would quote but the grader did not record."""

    def __format__(self, spec: str) -> str:
        return "…"


class _Formatter(string.Formatter):
    def get_value(self, key, args, kwargs):
        return kwargs.get(key, _Blank()) if isinstance(key, str) else _Blank()

    def get_field(self, field_name, args, kwargs):
        return self.get_value(field_name, args, kwargs), field_name


def fill(template: str, **params: object) -> str:
    """``template`` (already translated) with ``params`` filled in; a value that is missing or
    does not fit its field shows as "…", never an error."""
    attempts = (
        lambda: template.format(**params),
        lambda: _Formatter().format(template, **params),
        lambda: _Formatter().format(template),
    )
    for attempt in attempts:
        try:
            return attempt()
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            continue
    return template


def text(key: str, **params: object) -> str:
    """The grader's text ``key`` in the current language, with ``params`` filled in."""
    from ...i18n import _

    return fill(_(TEXTS[key]), **params)
