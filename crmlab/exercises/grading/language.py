"""The language of a submission, as the grader reads it.

A translated exercise notebook declares its language in its metadata
(``{"crmlab": {"language": "zh_CN", …}}``, written by :mod:`crmlab.i18n.notebooks`); the kit's
English notebooks declare none. The grader reads it in its own process, from the bytes it read
(:mod:`~crmlab.exercises.grading.submission`), before the notebook runs, and uses it for two
things only:

* the student's feedback file is written in that language (the grader's own texts and the
  message catalogues, translated; :mod:`~crmlab.exercises.grading.feedback_file`);
* the grading data is made in the locale that goes with it (Chinese names and places for a
  Chinese notebook, :func:`crmlab.exercises.session.data_locale`), the one the student worked
  on; the grader tells the grading process which (:mod:`~crmlab.exercises.grading.task`) and
  computes its references on the same data.

The value is only ever *compared* with the languages crmlab speaks: anything else — a language
crmlab has no catalogue for, a long or hostile text, a number, a list — means English. So a
notebook cannot make the grader write anything but the grader's own texts, and its language
cannot change a number of the grading data (only names, addresses and phone numbers depend on the
locale). What the notebook does when it runs (``crmlab.set_language``) changes neither.

The gradebook is the instructor's: its columns stay codes (statuses, points) and its ``detail``
column is written in the grader's language (the language ``crmlab grade`` runs in).
"""

from __future__ import annotations

from ...i18n import SOURCE_LANGUAGE, languages, normalize_language

#: Longest language setting read from a notebook.
MAX_LENGTH = 32


def of_notebook(nb: object) -> str:
    """The language of notebook ``nb`` (its metadata ``crmlab.language``): one crmlab speaks,
    else English (:data:`~crmlab.i18n.SOURCE_LANGUAGE`)."""
    try:
        meta = nb.get("metadata", {}).get("crmlab", {})  # type: ignore[union-attr]
        value = meta.get("language") if isinstance(meta, dict) else None
    except AttributeError:
        return SOURCE_LANGUAGE
    return known(value)


def known(value: object) -> str:
    """``value`` as a language crmlab speaks (``"zh-CN"`` → ``"zh_CN"``), else English."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_LENGTH or not value.isprintable():
        return SOURCE_LANGUAGE
    chosen = normalize_language(value)
    return chosen if chosen is not None and chosen in languages() else SOURCE_LANGUAGE
