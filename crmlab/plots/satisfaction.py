"""Pictures of the satisfaction and complaints lesson (客户满意 / 投诉管理).

Each function draws the result of a :mod:`crmlab.satisfaction` function and returns the axes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import check_frame, require_columns
from ..i18n import N_, _, label
from ._base import check_kind, finish, get_axes

__all__ = [
    "plot_disconfirmation",
    "plot_ipa",
    "plot_nps",
    "plot_complaint_funnel",
    "plot_handling_times",
]

_GOOD, _NEUTRAL, _BAD = "#2a9d8f", "#b8b8b8", "#e76f51"


def plot_disconfirmation(summary: pd.DataFrame, ax=None):
    """Stacked bars: share of dissatisfied / satisfied / delighted responses per attribute.

    Parameters
    ----------
    summary : DataFrame
        The result of :func:`crmlab.satisfaction.disconfirmation_summary` (or of
        :func:`~crmlab.satisfaction.disconfirmation`, which is summarised first).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(summary, "summary")
    if "share_delighted" not in summary.columns and {"attribute", "outcome"} <= set(summary.columns):
        shares = pd.crosstab(summary["attribute"], summary["outcome"], normalize="index")
        summary = pd.DataFrame({f"share_{c}": shares.get(c, 0.0) for c in ("delighted", "satisfied", "dissatisfied")})
    require_columns(
        summary,
        "summary",
        {c: N_("outcome shares") for c in ("share_dissatisfied", "share_satisfied", "share_delighted")},
    )
    ax = get_axes(ax)
    names = [label(a, "attribute") for a in summary.index]
    y = np.arange(len(summary))
    for (code, color), (left, width) in zip(_OUTCOME_COLOURS, _stacked(summary)):
        ax.barh(y, width, left=left, color=color, label=label(code, "outcome"))
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.legend(loc="lower right", fontsize="small")
    return finish(ax, _("Performance against expectation (P / E)"), _("% of responses"), None)


_OUTCOME_COLOURS = (("dissatisfied", _BAD), ("satisfied", _NEUTRAL), ("delighted", _GOOD))


def _stacked(summary: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray]]:
    """(left, width) of each outcome's bars in :func:`plot_disconfirmation`, in percent."""
    left = np.zeros(len(summary))
    out = []
    for code, _colour in _OUTCOME_COLOURS:
        width = summary[f"share_{code}"].fillna(0).to_numpy() * 100
        out.append((left.copy(), width))
        left = left + width
    return out


def _update_disconfirmation(ax, summary: pd.DataFrame) -> list | bool:
    """New shares (and row names) on a :func:`plot_disconfirmation` picture with as many rows:
    the bars and the y axis changed, or False if the axes hold something else."""
    parts = _stacked(summary)
    if len(ax.containers) != len(parts) or any(len(c) != len(summary) for c in ax.containers):
        return False
    for container, (left, width) in zip(ax.containers, parts):
        for bar, x0, w in zip(container, left, width):
            bar.set_x(x0)
            bar.set_width(w)
    ax.set_yticks(np.arange(len(summary)), [label(a, "attribute") for a in summary.index])
    return [*(bar for container in ax.containers for bar in container), ax.yaxis]


def plot_ipa(ipa: pd.DataFrame, ax=None):
    """Importance–performance grid: attributes as labelled points, cross-hairs and quadrant names.

    Parameters
    ----------
    ipa : DataFrame
        The result of :func:`crmlab.satisfaction.importance_performance`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(ipa, "ipa")
    require_columns(
        ipa,
        "ipa",
        {c: N_("IPA results") for c in ("importance", "performance", "importance_crosshair", "performance_crosshair")},
    )
    ax = get_axes(ax)
    x, y = ipa["performance"].to_numpy(), ipa["importance"].to_numpy()
    cx, cy = float(ipa["performance_crosshair"].iloc[0]), float(ipa["importance_crosshair"].iloc[0])
    ax.scatter(x, y, color="C0", zorder=3)
    for name, xi, yi in zip(ipa.index, x, y):
        ax.annotate(label(name, "attribute"), (xi, yi), textcoords="offset points", xytext=(5, 4), fontsize="small")
    span_x = max(np.ptp(np.append(x, cx)), 0.5)
    span_y = max(np.ptp(np.append(y, cy)), 0.5)
    ax.set_xlim(min(x.min(), cx) - 0.3 * span_x, max(x.max(), cx) + 0.3 * span_x)
    ax.set_ylim(min(y.min(), cy) - 0.3 * span_y, max(y.max(), cy) + 0.3 * span_y)
    ax.axvline(cx, color="grey", lw=1, ls="--")
    ax.axhline(cy, color="grey", lw=1, ls="--")
    corners = {
        "concentrate_here": (0.02, 0.98, "left", "top"),
        "keep_up_the_good_work": (0.98, 0.98, "right", "top"),
        "low_priority": (0.02, 0.02, "left", "bottom"),
        "possible_overkill": (0.98, 0.02, "right", "bottom"),
    }
    for code, (px, py, ha, va) in corners.items():
        ax.text(px, py, label(code, "quadrant"), transform=ax.transAxes, ha=ha, va=va, fontsize="small", color="grey")
    return finish(ax, _("Importance–performance analysis"), _("Mean performance"), _("Mean importance"))


def plot_nps(result: pd.DataFrame, ax=None, *, kind: str | None = None):
    """Stacked bars of detractors, passives and promoters per group, with the NPS written beside.

    Parameters
    ----------
    result : DataFrame
        The result of :func:`crmlab.satisfaction.nps`.
    ax : matplotlib Axes, optional
    kind : str, optional
        What the groups are, for their display names (a key of :data:`crmlab.vocabulary.CODES`);
        default the name of ``result``'s index (the ``by`` column, or ``"group"``).

    Returns
    -------
    matplotlib Axes
    """
    kind = check_kind(kind)
    check_frame(result, "result")
    require_columns(
        result, "result", {c: N_("NPS results") for c in ("pct_promoters", "pct_passives", "pct_detractors", "nps")}
    )
    ax = get_axes(ax)
    y = np.arange(len(result))
    left = np.zeros(len(result))
    for code, color in (("detractor", _BAD), ("passive", _NEUTRAL), ("promoter", _GOOD)):
        width = result[f"pct_{code}s"].fillna(0).to_numpy()
        ax.barh(y, width, left=left, color=color, label=label(code, "nps_class"))
        left += width
    for yi, value in zip(y, result["nps"]):
        text = "—" if pd.isna(value) else f"{value:+.0f}"
        ax.text(101, yi, _("NPS {value}").format(value=text), va="center", fontsize="small")
    ax.set_yticks(y, [label(g, kind or result.index.name) for g in result.index])
    ax.invert_yaxis()
    ax.set_xlim(0, 118)
    ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.12), ncol=3, fontsize="small", frameon=False)
    return finish(ax, _("Net Promoter Score"), _("% of answers"), None)


_FUNNEL_COLS = {"step_no", "step", "opened", "reached", "lost", "share_of_opened", "share_of_previous"}


def plot_complaint_funnel(funnel: pd.DataFrame, ax=None):
    """Complaints reaching each handling step: bars (one group) or share-of-opened lines (groups).

    Parameters
    ----------
    funnel : DataFrame
        The result of :func:`crmlab.satisfaction.complaint_funnel`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(funnel, "funnel")
    require_columns(
        funnel, "funnel", {c: N_("funnel results") for c in ("step_no", "step", "reached", "share_of_opened")}
    )
    ax = get_axes(ax)
    groups = [c for c in funnel.columns if c not in _FUNNEL_COLS]
    if not groups:
        y = np.arange(len(funnel))
        ax.barh(y, funnel["reached"].to_numpy(), color="C0")
        for yi, n, share in zip(y, funnel["reached"], funnel["share_of_opened"]):
            ax.text(n, yi, f" {n:,} ({share:.0%})", va="center", fontsize="small")
        ax.set_yticks(y, [label(s, "complaint_step") for s in funnel["step"]])
        ax.invert_yaxis()
        ax.set_xlim(0, funnel["reached"].max() * 1.25 if funnel["reached"].max() > 0 else 1)
        return finish(ax, _("Complaint-handling funnel"), _("Complaints reaching the step"), None)
    for key, part in funnel.groupby(groups, observed=True, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        name = " / ".join(_group_text(k, col) for k, col in zip(key, groups))
        ax.plot(part["step_no"], part["share_of_opened"] * 100, marker="o", label=name)
    steps = funnel.drop_duplicates("step_no").sort_values("step_no")
    ax.set_xticks(steps["step_no"], [label(s, "complaint_step") for s in steps["step"]], rotation=35, ha="right")
    ax.set_ylim(0, 105)
    ax.legend(fontsize="small")
    return finish(ax, _("Complaint-handling funnel"), None, _("% of complaints opened"))


def _group_text(code: object, column: str) -> str:
    """Display name of a group value of column ``column`` of the complaints table."""
    kinds = {"category": "complaint_category", "channel": "complaint_channel"}
    return label(code, kinds.get(column, column))


def plot_handling_times(times: pd.DataFrame, ax=None):
    """Median days per handling step (``seaborn.barplot``) with the 90th percentile (ticks).

    Parameters
    ----------
    times : DataFrame
        The result of :func:`crmlab.satisfaction.handling_times`. The totals
        (``to_resolution``, ``end_to_end``) are written in the title area, not drawn as bars;
        with groups, bars are grouped.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(times, "times")
    require_columns(times, "times", {c: N_("handling-time results") for c in ("stage", "median_days", "p90_days")})
    import seaborn as sns

    ax = get_axes(ax)
    stage = times["stage"].astype(str)
    totals = times[stage.isin(["to_resolution", "end_to_end"])]
    steps = times[~stage.isin(["to_resolution", "end_to_end"])]
    groups = [c for c in times.columns if c not in {"stage", "n", "mean_days", "median_days", "p90_days"}]
    order = list(dict.fromkeys(steps["stage"].astype(str)))
    names = {code: label(code, "complaint_step") for code in order}
    data = pd.DataFrame({"step": steps["stage"].astype(str).map(names).to_numpy(),
                         "median_days": steps["median_days"].to_numpy(dtype=float),
                         "p90_days": steps["p90_days"].to_numpy(dtype=float)})
    common = {"data": data, "x": "step", "y": "median_days", "order": list(names.values()), "gap": 0.1,
              "saturation": 1, "errorbar": None, "ax": ax}
    if groups:
        keys = zip(*(steps[col] for col in groups))
        data["group"] = [" / ".join(_group_text(k, col) for k, col in zip(key, groups)) for key in keys]
        levels = list(dict.fromkeys(data["group"]))
        sns.barplot(hue="group", hue_order=levels, palette=[f"C{i % 10}" for i in range(len(levels))], **common)
    else:
        levels = [None]
        sns.barplot(color="C0", label=_("Median"), **common)
    # the 90th percentile as a tick over each bar (the bars of a group are in the steps' order)
    for level, bars in zip(levels, ax.containers):
        part = data if level is None else data[data["group"] == level]
        p90 = part.set_index("step")["p90_days"]
        centres = [bar.get_x() + bar.get_width() / 2 for bar in bars]
        tops = [p90[common["order"][round(x)]] for x in centres]
        ax.scatter(centres, tops, marker="_", s=200, color="black", zorder=3)
    ax.scatter([], [], marker="_", s=200, color="black", label=_("90th percentile"))
    ax.set_xticks(range(len(order)), list(names.values()), rotation=35, ha="right")
    ax.legend(fontsize="small")
    if len(totals) and not groups:
        t = totals.set_index(totals["stage"].astype(str))
        if "to_resolution" in t.index:
            ax.text(
                0.01, 0.98,
                _("Median time to resolution: {days:.0f} days").format(days=t.loc["to_resolution", "median_days"]),
                transform=ax.transAxes, va="top", fontsize="small",
            )
    return finish(ax, _("Complaint handling times"), "", _("Days"))
