"""Pictures of the customer lifecycle and churn (客户生命周期 / 客户流失).

Each function draws the table a :mod:`crmlab.lifecycle` function returns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import check_frame, require_columns
from ..i18n import N_, _, label
from ._base import _update_heatmap, check_kind, finish, get_axes, round_up

__all__ = [
    "plot_cohort_heatmap",
    "plot_development_funnel",
    "plot_churn_rate",
    "plot_survival",
    "plot_stage_mix",
]

_STAGE_COLOURS = {
    "establishment": "#9ecae1",
    "development": "#4292c6",
    "maintenance": "#08519c",
    "recovery": "#fd8d3c",
    "lapsed": "#bdbdbd",
}


def plot_cohort_heatmap(retention: pd.DataFrame, *, annotate: bool | None = None, ax=None):
    """Heat map of a cohort retention table (:func:`crmlab.lifecycle.cohort_retention`), drawn
    with ``seaborn.heatmap``.

    Rows are cohorts (oldest on top), columns periods since the first purchase; the colour is
    the share of the cohort buying in that period; unobserved cells stay blank. ``annotate``
    writes the percentages in the cells (default: only when the table has at most 24 × 24 cells).
    At most about a dozen cohorts and periods are labelled on the axes (every 3rd of 36 …).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (``ax`` if given).
    """
    import seaborn as sns

    retention = check_frame(retention, "retention")
    table = retention.astype(float).rename(index=str, columns=str)
    rows, cols = table.shape
    if annotate is None:
        annotate = rows <= 24 and cols <= 24
    ax = get_axes(ax, figsize=(8.0, 5.0))
    sns.heatmap(table, vmin=0.0, vmax=1.0, cmap="Blues", annot=bool(annotate), fmt=".0%", annot_kws={"fontsize": 7},
                xticklabels=_tick_step(cols), yticklabels=_tick_step(rows),
                cbar_kws={"label": _("Share of the cohort buying"), "format": _percent_formatter()}, ax=ax)
    ax.tick_params(axis="both", labelrotation=0)
    return finish(ax, _("Cohort retention"), _("Periods since first purchase"), _("Cohort (first purchase)"))


def _tick_step(n: int, most: int = 12) -> int:
    """Label every ``step``-th of ``n`` rows or columns, so that at most ``most`` are labelled."""
    return max(1, -(-n // most))


def _update_cohort_heatmap(ax, retention: pd.DataFrame) -> list | bool:
    """Put new values of the same table shape (same cohorts and periods) into a heat map drawn
    by :func:`plot_cohort_heatmap` without annotations; the artists changed, or False if the
    axes hold something else."""
    return _update_heatmap(ax, retention.to_numpy(dtype=float), vmin=0.0, vmax=1.0)


def plot_development_funnel(funnel: pd.DataFrame, *, ax=None):
    """The customer development process as a funnel (:func:`crmlab.lifecycle.development_funnel`).

    One centred bar per step, widest on top, labelled with the count and the share of the step
    above; ``lapsed`` (a side exit, not a step) is drawn in grey at the bottom.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (``ax`` if given).
    """
    funnel = check_frame(funnel, "funnel")
    require_columns(funnel, "funnel", {"stage": N_("funnel stages"), "customers": N_("counts")})
    ax = get_axes(ax, figsize=(7.0, 4.8))
    stages = funnel["stage"].astype(str).tolist()
    counts = funnel["customers"].to_numpy(dtype=float)
    prev = funnel["share_of_previous"].to_numpy(dtype=float) if "share_of_previous" in funnel else np.full(len(counts), np.nan)
    y = np.arange(len(stages))[::-1]
    colours = ["#bdbdbd" if s == "lapsed" else "#2171b5" for s in stages]
    ax.barh(y, counts, left=-counts / 2, color=colours, height=0.75)
    top = counts.max() if len(counts) else 1.0
    for yi, c, share in zip(y, counts, prev):
        text = f"{int(c):,}" + ("" if np.isnan(share) else f"  ({share:.0%})")
        ax.text(top / 2 + top * 0.02, yi, text, va="center", fontsize=8)
    ax.set_yticks(y)
    ax.set_yticklabels([label(s, "funnel_stage") for s in stages])
    ax.set_xticks([])
    ax.set_xlim(-top / 2 * 1.05, top / 2 * 1.6)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return finish(ax, _("Customer development funnel"), _("Customers (share of the step above)"), None)


def plot_churn_rate(rates: pd.DataFrame, *, kind: str | None = None, ax=None):
    """Churn rate by customer group (:func:`crmlab.lifecycle.churn_rate`) — the courseware's
    churn-rate distribution chart, a ``seaborn.barplot`` — with the overall rate as a dashed line.

    Parameters
    ----------
    rates : DataFrame
        Output of :func:`crmlab.lifecycle.churn_rate` (its first column is the group).
    kind : str, optional
        What the groups are, for their display names (a key of :data:`crmlab.vocabulary.CODES`);
        default the group column's name (``"acquisition_channel"`` …).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (``ax`` if given).
    """
    kind = check_kind(kind)
    import seaborn as sns

    names, heights, overall, top = _churn_rate_parts(rates, kind)
    group_col = rates.columns[0]
    ax = get_axes(ax)
    sns.barplot(x=names, y=heights, order=names, color="#cb181d", alpha=0.8, saturation=1, errorbar=None, ax=ax)
    if overall is not None:
        ax.axhline(overall, color="black", linestyle="--", linewidth=1, label=_("Overall churn rate"))
        ax.legend(loc="upper right", fontsize=8)
    many = len(names) > 4
    ax.set_xticks(range(len(names)), names, rotation=30 if many else 0, ha="right" if many else "center")
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(_percent_formatter())
    xlabel = label(group_col, "column") if group_col != "group" else ""
    return finish(ax, _("Churn rate by customer group"), xlabel, _("Churn rate"))


def _churn_rate_parts(
    rates: pd.DataFrame, kind: str | None = None
) -> tuple[list[str], np.ndarray, float | None, float]:
    """What :func:`plot_churn_rate` draws: group names, bar heights, overall rate (None without
    customers) and the top of the y axis."""
    rates = check_frame(rates, "rates")
    require_columns(
        rates,
        "rates",
        {"churn_rate": N_("churn rates"), "customers": N_("group sizes"), "churned": N_("churned counts")},
    )
    kind = kind or str(rates.columns[0])
    names = [label(g, kind) for g in rates[rates.columns[0]].astype(str)]
    heights = np.nan_to_num(rates["churn_rate"].to_numpy(dtype=float), nan=0.0)  # a group without customers: no bar
    total = rates["customers"].sum()
    overall = float(rates["churned"].sum() / total) if total > 0 else None
    highest = float(np.nanmax(heights, initial=0.0))
    return names, heights, overall, max(round_up(highest * 1.15, 0.05), 0.05)


def _churn_rate_kind(rates: pd.DataFrame) -> tuple:
    """What fixes the layout of :func:`plot_churn_rate`: the group column and the group names."""
    return ("churn_rate", str(rates.columns[0]), tuple(rates[rates.columns[0]].astype(str)))


def _update_churn_rate(ax, rates: pd.DataFrame, kind: str | None = None) -> list | bool:
    """Give the bars and the overall line of a :func:`plot_churn_rate` chart of the same groups
    (see :func:`_churn_rate_kind`) new values; the artists changed, or False if the axes hold
    something else."""
    names, heights, overall, top = _churn_rate_parts(rates, kind)
    bars = ax.containers[0] if len(ax.containers) == 1 else None
    lines = [line for line in ax.lines if line.get_label() == _("Overall churn rate")]
    if bars is None or len(bars) != len(heights) or len(lines) != (overall is not None):
        return False
    for bar, height in zip(bars, heights):
        bar.set_height(height)
    if lines:
        lines[0].set_ydata([overall, overall])
    ax.set_ylim(0, top)
    return [*bars, *lines, ax.yaxis]  # the y axis follows the highest rate


def plot_survival(curve: pd.DataFrame, *, band: bool = False, kind: str | None = None, ax=None):
    """Kaplan–Meier retention curves, one step line per group
    (:func:`crmlab.lifecycle.survival_curve`); ``band`` adds ±1.96 standard errors.

    Parameters
    ----------
    curve : DataFrame
        Output of :func:`crmlab.lifecycle.survival_curve` or :func:`~crmlab.lifecycle.kaplan_meier`.
    band : bool, default False
        Shade ±1.96 standard errors around each curve.
    kind : str, optional
        What the groups are, for their display names (a key of :data:`crmlab.vocabulary.CODES`,
        usually the ``by`` column of ``survival_curve``, e.g. ``"membership_tier"``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (``ax`` if given).
    """
    kind = check_kind(kind)
    curve = check_frame(curve, "curve")
    require_columns(curve, "curve", {"group": N_("groups"), "day": N_("days"), "survival": N_("survival shares")})
    ax = get_axes(ax)
    for group, part in curve.groupby("group", sort=False, observed=True):
        part = part.sort_values("day", kind="stable")
        ax.step(part["day"], part["survival"], where="post", label=label(group, kind))
        if band and "std_err" in part:
            se = part["std_err"].fillna(0).to_numpy(dtype=float)
            s = part["survival"].to_numpy(dtype=float)
            ax.fill_between(part["day"], np.clip(s - 1.96 * se, 0, 1), np.clip(s + 1.96 * se, 0, 1), step="post", alpha=0.15)
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(_percent_formatter())
    if curve["group"].nunique() > 1:
        ax.legend(fontsize=8)
    return finish(ax, _("Customer retention (Kaplan–Meier)"), _("Days since first purchase"), _("Share still active"))


def plot_stage_mix(mix: pd.DataFrame, *, kind: str | None = None, ax=None):
    """Lifecycle stage mix (:func:`crmlab.lifecycle.stage_mix`) as one stacked horizontal bar
    per group, stages in lifecycle order.

    Parameters
    ----------
    mix : DataFrame
        Output of :func:`crmlab.lifecycle.stage_mix` (its first column is the group).
    kind : str, optional
        What the groups are, for their display names (a key of :data:`crmlab.vocabulary.CODES`);
        default the group column's name.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (``ax`` if given).
    """
    kind = check_kind(kind)
    mix = check_frame(mix, "mix")
    require_columns(mix, "mix", {"stage": N_("lifecycle stages"), "share": N_("shares")})
    group_col = mix.columns[0]
    table = mix.pivot_table(index=group_col, columns="stage", values="share", aggfunc="sum", observed=False, sort=False).fillna(0.0)
    order = [s for s in _STAGE_COLOURS if s in table.columns] + [s for s in table.columns if s not in _STAGE_COLOURS]
    table = table[order]
    ax = get_axes(ax, figsize=(7.0, 1.6 + 0.5 * len(table)))
    left = np.zeros(len(table))
    y = np.arange(len(table))[::-1]
    for stage in order:
        width = table[stage].to_numpy(dtype=float)
        ax.barh(y, width, left=left, color=_STAGE_COLOURS.get(str(stage)), label=label(stage, "stage"), height=0.6)
        for yi, l, w in zip(y, left, width):
            if w >= 0.06:
                ax.text(l + w / 2, yi, f"{w:.0%}", ha="center", va="center", fontsize=7)
        left = left + width
    ax.set_yticks(y)
    ax.set_yticklabels([label(g, kind or str(group_col)) for g in table.index.astype(str)])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(_percent_formatter())
    ax.legend(ncol=min(5, len(order)), fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    return finish(ax, _("Lifecycle stage mix"), _("Share of customers"), None)


def _percent_formatter():
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1.0, decimals=0)
