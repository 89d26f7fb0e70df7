"""Credit-policy explorer (lesson 03, 客户信用管理): move the grade cut-offs, see who owes what.

The 5C scores are computed once per toggle state — with and without the payment record
(回款率 and overdue days) — and cached; moving a threshold only re-cuts them into grades A–D
and re-aggregates receivables and collection by grade::

    crmlab.widgets.credit_policy_explorer()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import credit
from ..errors import ParameterError
from ..i18n import N_, _
from ._base import Explorer, Picture

LESSON = "03"

__all__ = ["credit_policy_explorer", "credit_policy_update", "credit_policy_scores"]


def credit_policy_scores(accounts: pd.DataFrame, collection: pd.DataFrame) -> dict[bool, pd.DataFrame]:
    """The two score tables the explorer switches between (computed once each).

    Returns
    -------
    dict
        ``{False: five_c(accounts), True: five_c(accounts, collection)}`` — the 5C alone, and
        the 5C with the payment record (weights :data:`crmlab.credit.HISTORY_WEIGHTS`).
    """
    return {False: credit.five_c(accounts), True: credit.five_c(accounts, collection)}


def _check_order(thresholds: Sequence[float]) -> tuple[float, float, float]:
    values = tuple(float(v) for v in thresholds)
    if len(values) != 3:
        raise ParameterError(_("Give three cut-offs: the lowest score of grades A, B and C."))
    a, b, c = values
    if not a > b > c:
        raise ParameterError(
            _("The cut-offs must decrease: A ({a:g}) above B ({b:g}) above C ({c:g}). "
              "Move a slider so that A > B > C.").format(a=a, b=b, c=c)
        )
    return values


def credit_policy_update(
    scores: pd.DataFrame,
    receivables: pd.DataFrame,
    thresholds: Sequence[float] = credit.DEFAULT_THRESHOLDS,
    *,
    collection: pd.DataFrame | None = None,
    truth: pd.Series | None = None,
    at_risk=None,
) -> dict:
    """Everything the credit-policy explorer shows, for one set of grade cut-offs.

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`crmlab.credit.five_c`'s table (column ``total``), indexed by account id —
        computed once outside this function.
    receivables : pandas.DataFrame
        The invoice log (``crmlab.load("invoices")``): the receivables each account owes.
    thresholds : three numbers, default (75, 60, 45)
        Lowest score of grades A, B and C; must decrease strictly (else a
        :class:`~crmlab.errors.ParameterError` explains the order).
    collection : pandas.DataFrame, optional
        :func:`crmlab.credit.collection` of ``receivables``; computed here when not given
        (pass it in to keep the update fast).
    truth : pandas.Series, optional
        The true grade of each account (``truth_accounts``, indexed by account id): adds
        Cohen's kappa between the grades and the truth.
    at_risk : callable, optional
        ``at_risk(grades)`` gives :func:`crmlab.credit.receivables_at_risk` of ``receivables``
        for the grades; the explorer passes one that reads the invoice log once, not at every
        move of a slider.

    Returns
    -------
    dict
        ``grades`` (:func:`crmlab.credit.credit_grades`), ``mix`` (accounts per grade, A–D),
        ``receivables`` (:func:`crmlab.credit.receivables_at_risk`), ``by_grade``
        (:func:`crmlab.credit.collection_by_grade`), ``kappa`` (float or None), and for the
        display ``table`` (one row per grade), ``summary`` (HTML) and ``plot`` (draws
        :func:`crmlab.plots.plot_grade_mix`).
    """
    from .. import plots
    from ..plots.credit import _update_grade_mix

    thresholds = _check_order(thresholds)
    if collection is None:
        collection = credit.collection(receivables)
    grades = credit.credit_grades(scores, thresholds)
    mix = grades["grade"].value_counts().reindex(list(credit.GRADES), fill_value=0)
    mix.index.name = "grade"
    risk = at_risk(grades) if at_risk is not None else credit.receivables_at_risk(receivables, grades)
    by_grade = credit.collection_by_grade(collection, grades)
    kappa = None
    if truth is not None:
        from sklearn.metrics import cohen_kappa_score

        pair = pd.DataFrame({"g": grades["grade"].astype("object"),
                             "t": truth.astype("object").reindex(grades.index)}).dropna()
        kappa = float(cohen_kappa_score(pair["t"], pair["g"])) if len(pair) else None

    table = pd.DataFrame(
        {
            _("Accounts"): mix.to_numpy(),
            _("Share of accounts"): (mix / max(int(mix.sum()), 1)).round(3).to_numpy(),
            _("Open receivables"): risk["open_receivables"].reindex(mix.index).to_numpy(),
            _("Over 90 days"): risk["over_90"].reindex(mix.index).to_numpy(),
            _("Collection rate"): by_grade["collection_rate"].round(3).to_numpy(),
        },
        index=pd.Index([_("Grade {grade}").format(grade=g) for g in mix.index], name=_("Credit grade")),
    )
    total_open = float(risk["open_receivables"].sum())
    cd_share = float(risk.loc[["C", "D"], "open_receivables"].sum()) / total_open if total_open > 0 else np.nan
    parts = " · ".join(f"{g} {int(n)}" for g, n in mix.items())
    summary = _("Grade mix: {parts}. Grades C and D owe {share:.0%} of the open receivables.").format(
        parts=parts, share=cd_share)
    if kappa is not None:
        summary += " " + _("Agreement with the true grade: Cohen's kappa {kappa:.2f}.").format(kappa=kappa)
    return {
        "thresholds": thresholds,
        "grades": grades,
        "mix": mix,
        "receivables": risk,
        "by_grade": by_grade,
        "kappa": kappa,
        "table": table,
        "summary": f"<p>{summary}</p>",
        "plot": Picture(lambda ax: plots.plot_grade_mix(risk, ax=ax),
                        lambda ax: _update_grade_mix(ax, risk), ("grade_mix", tuple(map(str, risk.index)))),
    }


def credit_policy_explorer(
    data: Mapping[str, pd.DataFrame] | None = None,
    thresholds: Sequence[float] = credit.DEFAULT_THRESHOLDS,
    history: bool = True,
) -> Explorer:
    """Explore the credit policy: three grade cut-offs and "include payment history".

    Parameters
    ----------
    data : mapping of tables, optional
        Needs ``accounts`` and ``invoices`` (``truth_accounts`` optional: then the summary
        gives Cohen's kappa against the true grade). Default: the bundled company.
    thresholds : three numbers, default (75, 60, 45)
        Starting cut-offs of grades A, B, C.
    history : bool, default True
        Start with the payment record included in the score.

    Returns
    -------
    Explorer
        Shows the grade mix, the receivables each grade owes and the collection rate by grade.
    """
    import ipywidgets as w

    from ..credit._invoices import clean_invoices
    from ..credit.grades import _grade_series, _receivables_by_grade

    if data is None:
        import crmlab

        data = {name: crmlab.load(name) for name in ("accounts", "invoices", "truth_accounts")}
    accounts, invoices = data["accounts"], data["invoices"]
    truth = None
    if "truth_accounts" in data:
        truth = data["truth_accounts"].set_index("account_id")["true_grade"]
    collection = credit.collection(invoices)
    cache = credit_policy_scores(accounts, collection)  # both toggle states, once
    cleaned, _as_of = clean_invoices(invoices)  # once: receivables_at_risk would read them at every move

    def at_risk(grades: pd.DataFrame) -> pd.DataFrame:
        return _receivables_by_grade(cleaned, _grade_series(grades))

    a, b, c = (float(v) for v in thresholds)
    style = {"description_width": "initial"}

    def slider(value: float, text: str) -> w.FloatSlider:
        return w.FloatSlider(value=value, min=0, max=100, step=1, description=text,
                             continuous_update=False, style=style)

    def make_controls() -> dict:
        return {
            "a": slider(a, _("A from score")),
            "b": slider(b, _("B from score")),
            "c": slider(c, _("C from score")),
            "history": w.Checkbox(value=bool(history), description=_("Include payment history"),
                                  style=style),
        }

    controls = make_controls()

    def compute(a: float, b: float, c: float, history: bool) -> dict:
        return credit_policy_update(cache[bool(history)], invoices, (a, b, c),
                                    collection=collection, truth=truth, at_risk=at_risk)

    return Explorer(N_("Credit policy: grade cut-offs"), controls, compute, relabel=make_controls)
