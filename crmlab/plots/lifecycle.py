"""Pictures of the customer lifecycle and churn (客户生命周期 / 客户流失).

Each function draws the table a :mod:`crmlab.lifecycle` function returns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import check_frame, require_columns
from ..errors import ParameterError
from ..i18n import N_, _, label
from ._base import check_kind, finish, get_axes, round_up

__all__ = [
    "plot_cohort_heatmap",
    "plot_cohort_curves",
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


def plot_cohort_curves(retention: pd.DataFrame, cohort: object = None, *, ax=None):
    """Every cohort's retention curve in light grey, one cohort's (or their mean) highlighted.

    Parameters
    ----------
    retention : DataFrame
        :func:`crmlab.lifecycle.cohort_retention`: one row per cohort, one column per period
        since the first purchase, the share of the cohort buying in that period (NaN: not
        observed yet).
    cohort : optional
        The cohort to highlight (a row label of ``retention``, compared as text: ``"2024-03"``
        finds the period 2024-03). None highlights the mean curve: for each period, the mean
        share over the cohorts observed in it.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (``ax`` if given). Against the grey curves of every other cohort, a
        cohort that keeps its customers better (or worse) stands out.
    """
    from matplotlib.collections import LineCollection

    periods, grey, highlight, title = _cohort_curve_parts(retention, cohort)
    ax = get_axes(ax, figsize=(7.0, 4.2))
    ax.add_collection(LineCollection(grey, colors="#c6c6c6", linewidths=0.8, zorder=1))
    ax.plot(highlight.index.to_numpy(dtype=float), highlight.to_numpy(dtype=float), marker="o", color="#2171b5", zorder=2)
    ax.set_xlim(*_cohort_periods(periods))  # every cohort on the same axis: curves compare, the ticks stay
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(_percent_formatter())
    return finish(ax, title, _("Periods since first purchase (grey: every cohort)"), _("Share of the cohort buying"))


def _cohort_curve_parts(retention: pd.DataFrame, cohort: object) -> tuple:
    """What :func:`plot_cohort_curves` draws: the periods, every cohort's curve (points without
    the unobserved periods), the highlighted curve and the title."""
    table = check_frame(retention, "retention")
    try:
        periods = np.asarray(table.columns, dtype=float)
        values = table.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(
            _("`retention` must be a cohort retention table (cohort_retention()): shares by cohort and period.")
        ) from None
    grey = [np.column_stack([periods[~np.isnan(row)], row[~np.isnan(row)]]) for row in values]
    if cohort is None:
        observed = ~np.isnan(values).all(axis=0) if len(values) else np.zeros(len(periods), dtype=bool)
        highlight = pd.Series(np.nanmean(values[:, observed], axis=0), index=periods[observed])
        title = _("Mean retention of the cohorts")
    else:
        rows = [i for i, c in enumerate(table.index) if str(c) == str(cohort)]
        if not rows:
            raise ParameterError(
                _("`cohort` must be one of the cohorts of `retention` (e.g. {first}), but {got} was passed.").format(
                    first=_show(str(table.index[0])) if len(table.index) else "—", got=_show(cohort)
                )
            )
        row = values[rows[0]]
        highlight = pd.Series(row[~np.isnan(row)], index=periods[~np.isnan(row)])
        title = _("Retention of cohort {c}").format(c=cohort)
    return periods, grey, highlight, title


def _cohort_periods(periods: np.ndarray) -> tuple[float, float]:
    if len(periods) == 0:
        return (-0.5, 0.5)
    return float(periods.min()) - 0.5, float(periods.max()) + 0.5


def _cohort_curves_kind(retention: pd.DataFrame) -> tuple:
    """What must be the same for :func:`_update_cohort_curves` to reuse a picture: the table."""
    import hashlib

    values = np.ascontiguousarray(retention.to_numpy(dtype=float))
    digest = hashlib.blake2b(values.tobytes(), digest_size=16).hexdigest()
    return ("cohort_curves", tuple(map(str, retention.index)), tuple(map(str, retention.columns)), digest)


def _update_cohort_curves(ax, retention: pd.DataFrame, cohort: object = None) -> list | bool:
    """Highlight another cohort (or the mean) in a :func:`plot_cohort_curves` picture of the same
    table: the highlighted line and the title change; the artists changed, or False if the axes
    hold something else."""
    if len(ax.lines) != 1 or len(ax.collections) != 1:
        return False
    _periods, _grey, highlight, title = _cohort_curve_parts(retention, cohort)
    line = ax.lines[0]
    line.set_data(highlight.index.to_numpy(dtype=float), highlight.to_numpy(dtype=float))
    ax.set_title(title)
    return [line, ax.title]


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


def _update_churn_rate(ax, rates: pd.DataFrame, kind: str | None = None, *, regroup: bool = False) -> list | bool:
    """Give the bars and the overall line of a :func:`plot_churn_rate` chart of the same groups
    (the same tick labels) new values; the artists changed, or False if the axes hold
    something else. With ``regroup``, a chart of other groups is redrawn in place too: new bars
    in the style of the old ones, new ticks and axis label; the x axis is then counted among the
    artists changed at every update, whether the groups changed or not (an explorer keeps the
    rest of its figure from the last drawing, which stays valid when every update changes the
    same artists)."""
    names, heights, overall, top = _churn_rate_parts(rates, kind)
    bars = ax.containers[0] if len(ax.containers) == 1 else None
    lines = [line for line in ax.lines if line.get_label() == _("Overall churn rate")]
    if bars is None or len(bars) == 0 or len(lines) != (overall is not None):
        return False
    same = len(bars) == len(heights) and [t.get_text() for t in ax.get_xticklabels()] == names
    if not same and not regroup:
        return False
    changed = [ax.yaxis]  # the y axis follows the highest rate
    if same:
        for bar, height in zip(bars, heights):
            bar.set_height(height)
    else:
        first = bars[0]
        style = {
            "facecolor": first.get_facecolor(),
            "edgecolor": first.get_edgecolor(),
            "linewidth": first.get_linewidth(),
            "zorder": first.get_zorder(),
        }
        bars.remove()
        x = np.arange(len(heights))
        bars = ax.bar(x - 0.4, heights, width=0.8, align="edge", **style)  # as seaborn.barplot places them
        many = len(names) > 4
        ax.set_xticks(x, names, rotation=30 if many else 0, ha="right" if many else "center")
        ax.set_xlim(-0.5, len(names) - 0.5, auto=None)  # as seaborn.barplot sets it
        group_col = rates.columns[0]
        ax.set_xlabel(label(group_col, "column") if group_col != "group" else "")
    if regroup:
        changed.append(ax.xaxis)
    if lines:
        lines[0].set_ydata([overall, overall])
    ax.set_ylim(0, top)
    return [*bars, *lines, *changed]


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
