"""Pictures of credit management: grade mix, 5C profiles, collection, ageing, loyalty × credit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import check_frame, require_columns
from ..errors import ParameterError
from ..i18n import N_, _, label
from ._base import finish, get_axes, round_up

__all__ = [
    "plot_grade_mix",
    "plot_five_c",
    "plot_collection_by_grade",
    "plot_ageing",
    "plot_loyalty_credit",
]

GRADE_COLORS = {"A": "#1a9850", "B": "#91cf60", "C": "#fc8d59", "D": "#d73027", "ungraded": "#999999"}


def _grade_label(code: object) -> str:
    return label(code, "grade")


def plot_grade_mix(receivables: pd.DataFrame, ax=None):
    """Share of accounts and share of open receivables in each credit grade.

    Parameters
    ----------
    receivables : pandas.DataFrame
        :func:`crmlab.credit.receivables_at_risk`'s table (index grade; columns ``accounts``
        and ``open_receivables``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    frame, acc_share, rec_share, top = _grade_mix_parts(receivables)
    ax = get_axes(ax)
    x = np.arange(len(frame))
    width = 0.4
    colors = [GRADE_COLORS.get(str(g), "#777777") for g in frame.index]
    ax.bar(x - width / 2, acc_share, width, color=colors, alpha=0.55, label=_("Accounts"))
    ax.bar(x + width / 2, rec_share, width, color=colors, edgecolor="black",
           hatch="//", label=_("Open receivables"))
    for xi, (a, r) in enumerate(zip(acc_share, rec_share)):
        for dx, v in ((-width / 2, a), (width / 2, r)):
            if np.isfinite(v):
                ax.annotate(f"{v:.0%}", (xi + dx, v), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [_grade_label(g) for g in frame.index])
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(_percent())
    ax.legend(frameon=False)
    return finish(ax, _("Accounts and open receivables by credit grade"), _("Credit grade"), _("Share"))


def _grade_mix_parts(receivables: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, float]:
    """What :func:`plot_grade_mix` draws: the table, each grade's share of the accounts and of
    the open receivables, and the top of the y axis (room for the texts, in steps of 5 points)."""
    frame = check_frame(receivables, "receivables")
    require_columns(frame, "receivables", {"accounts": N_("accounts per grade"),
                                           "open_receivables": N_("open receivables per grade")})
    n = frame["accounts"].astype("float64")
    money = frame["open_receivables"].astype("float64")
    acc_share = (n / n.sum() if n.sum() > 0 else n * np.nan).to_numpy()
    rec_share = (money / money.sum() if money.sum() > 0 else money * np.nan).to_numpy()
    highest = float(np.nanmax(np.r_[acc_share, rec_share, 0.0]))
    return frame, acc_share, rec_share, max(round_up(highest * 1.12, 0.05), 0.05)


def _update_grade_mix(ax, receivables: pd.DataFrame) -> list | bool:
    """New shares on a :func:`plot_grade_mix` picture of the same grades: the artists changed
    (bars, their texts and the y axis), or False if the axes hold something else."""
    from matplotlib.text import Annotation

    frame, acc_share, rec_share, top = _grade_mix_parts(receivables)
    notes = [t for t in ax.texts if isinstance(t, Annotation)]
    values = [v for pair in zip(acc_share, rec_share) for v in pair]
    if (
        len(ax.containers) != 2
        or any(len(c) != len(frame) for c in ax.containers)
        or len(notes) != len(ax.texts)
        or len(notes) != sum(np.isfinite(v) for v in values)
    ):
        return False
    for bar, v in zip(ax.containers[0], acc_share):
        bar.set_height(v)
    for bar, v in zip(ax.containers[1], rec_share):
        bar.set_height(v)
    for note, v in zip(notes, [v for v in values if np.isfinite(v)]):  # written in the same order
        note.set_text(f"{v:.0%}")
        note.xy = (note.xy[0], v)
    ax.set_ylim(0, top)
    return [*ax.containers[0], *ax.containers[1], *notes, ax.yaxis]


def _percent():
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)


def plot_five_c(scores: pd.DataFrame, grades: pd.DataFrame | pd.Series, ax=None):
    """Average 5C profile of each credit grade (grouped bars, 0–100): ``seaborn.barplot`` of
    every account's scores, averaged by grade.

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`crmlab.credit.five_c`'s table, indexed by account.
    grades : pandas.DataFrame or pandas.Series
        Grades A–D by account (:func:`crmlab.credit.credit_grades`).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    from ..credit.fivec import COMPONENTS
    from ..credit.grades import GRADES, _grade_series

    frame = check_frame(scores, "scores")
    comps = [c for c in (*COMPONENTS, "payment") if c in frame.columns]
    if not comps:
        raise ParameterError(
            _(
                "`{name}` must hold 5C columns such as {examples} (from five_c()), but its columns are {columns}."
            ).format(name="scores", examples=list(COMPONENTS), columns=list(map(str, frame.columns)))
        )
    import seaborn as sns

    g = _grade_series(grades).astype("object").reindex(frame.index)
    # one row per account and score: seaborn averages each grade's scores (its default estimator)
    long = frame[comps].assign(grade=g.to_numpy()).dropna(subset=["grade"])
    long = long.melt(id_vars="grade", var_name="component", value_name="score")
    names = {c: label(c, "five_c") for c in comps}
    shown = {grade: _("Grade {grade}").format(grade=grade) for grade in GRADES}
    long["component"] = long["component"].map(names)
    long["grade"] = long["grade"].map(shown)
    ax = get_axes(ax, figsize=(7.5, 4.2))
    sns.barplot(data=long, x="component", y="score", hue="grade", order=list(names.values()),
                hue_order=list(shown.values()), palette={shown[k]: GRADE_COLORS[k] for k in GRADES},
                errorbar=None, saturation=1, ax=ax)
    ax.set_xticks(ax.get_xticks(), list(names.values()), rotation=20, ha="right")
    ax.set_ylim(0, 100)
    sns.move_legend(ax, "best", title=None, frameon=False, ncols=4, fontsize=8)
    return finish(ax, _("5C profile by credit grade"), "", _("Average score (0–100)"))


def plot_collection_by_grade(by_grade: pd.DataFrame, ax=None):
    """Collection rate (回款率) of each credit grade, with its average overdue days.

    Parameters
    ----------
    by_grade : pandas.DataFrame
        :func:`crmlab.credit.collection_by_grade`'s table (index grade; columns
        ``collection_rate`` and ``avg_overdue_days``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    frame = check_frame(by_grade, "by_grade")
    require_columns(frame, "by_grade", {"collection_rate": N_("collection rate per grade"),
                                        "avg_overdue_days": N_("average overdue days per grade")})
    ax = get_axes(ax)
    rate = frame["collection_rate"].astype("float64").to_numpy()
    days = frame["avg_overdue_days"].astype("float64").to_numpy()
    x = np.arange(len(frame))
    ax.bar(x, rate, color=[GRADE_COLORS.get(str(g), "#777777") for g in frame.index])
    for xi, (r, d) in enumerate(zip(rate, days)):
        if np.isfinite(r):
            text = f"{r:.1%}"
            if np.isfinite(d):
                text += "\n" + _("{days:.0f} days overdue").format(days=d)
            ax.annotate(text, (xi, r), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [_grade_label(g) for g in frame.index])
    ax.set_ylim(0, 1.15)
    ax.yaxis.set_major_formatter(_percent())
    return finish(ax, _("Collection rate by credit grade"), _("Credit grade"), _("Collection rate"))


def plot_ageing(ageing: pd.DataFrame, grades: pd.DataFrame | pd.Series | None = None, ax=None):
    """Open receivables by age (账龄): not yet due, 1–30, 31–60, 61–90, over 90 days past due.

    Parameters
    ----------
    ageing : pandas.DataFrame
        :func:`crmlab.credit.ageing`'s table (one row per account, one column per bucket).
    grades : pandas.DataFrame or pandas.Series, optional
        Grades by account: bars are then stacked by grade.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    from ..credit.payments import AGEING_BUCKETS

    frame = check_frame(ageing, "ageing")
    require_columns(frame, "ageing", {b: N_("open balance in this ageing bucket (from ageing())")
                                      for b in AGEING_BUCKETS})
    ax = get_axes(ax)
    buckets = list(AGEING_BUCKETS)
    x = np.arange(len(buckets))
    if grades is None:
        ax.bar(x, frame[buckets].sum().to_numpy(dtype=float), color="#4575b4")
    else:
        from ..credit.grades import GRADES, _grade_series

        g = _grade_series(grades).astype("object").reindex(frame.index)
        key = g.where(g.notna(), "ungraded").to_numpy()
        sums = frame[buckets].groupby(key, sort=False).sum()
        bottom = np.zeros(len(buckets))
        for grade in [*GRADES, "ungraded"]:
            if grade not in sums.index:
                continue
            v = sums.loc[grade].to_numpy(dtype=float)
            ax.bar(x, v, bottom=bottom, color=GRADE_COLORS[grade],
                   label=_("Grade {grade}").format(grade=label(grade, "grade")) if grade != "ungraded"
                   else label(grade, "grade"))
            bottom += v
        ax.legend(frameon=False, fontsize=8)
    ax.set_xticks(x, [label(b, "ageing_bucket") for b in buckets])
    return finish(ax, _("Ageing of open receivables"), _("Days past due"), _("Open receivables"))


def plot_loyalty_credit(matrix: pd.DataFrame, ax=None):
    """Heat map of a loyalty × grade (or loyalty × size) matrix of account counts, drawn with
    ``seaborn.heatmap``.

    Parameters
    ----------
    matrix : pandas.DataFrame
        :func:`crmlab.credit.loyalty_credit_matrix` or :func:`crmlab.credit.loyalty_size_matrix`
        with numeric cells (``values="accounts"``, ``"share"`` or ``"row_share"``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    frame = check_frame(matrix, "matrix")
    try:
        values = frame.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(
            _("`{name}` must hold numbers (values='accounts', 'share' or 'row_share'), not strategy codes.").format(
                name="matrix"
            )
        ) from None
    import seaborn as sns

    ax = get_axes(ax)
    is_count = bool(np.all(np.isnan(values) | (values == np.round(values)))) and np.nanmax(values, initial=0) > 1
    col_name = frame.columns.name or ""
    table = pd.DataFrame(
        values,
        index=[label(r, frame.index.name or "loyalty") for r in frame.index],
        columns=[label(c, col_name or "grade") for c in frame.columns],
    )
    sns.heatmap(table, annot=True, fmt=".0f" if is_count else ".0%", cmap="Blues", cbar=False, ax=ax)
    ax.tick_params(axis="both", labelrotation=0)
    xlabel = _("Credit grade") if col_name == "grade" else (_("Size") if col_name == "size" else None)
    title = _("Loyalty and credit") if col_name != "size" else _("Loyalty and size")
    return finish(ax, title, xlabel, _("Loyalty"))
