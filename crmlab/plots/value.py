"""Pictures of customer value: the Pareto curve, the value pyramid, RFM heat maps, segment sizes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show, check_choice, check_float
from .._frames import check_frame, require_columns
from ..errors import ParameterTypeError
from ..i18n import N_, _, label
from ._base import _cell_text_colour, _update_heatmap, finish, get_axes

__all__ = ["plot_pareto", "plot_abc_pyramid", "plot_rfm_heatmap", "plot_rfm_segments"]


def _percent_axis(axis) -> None:
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(1.0, decimals=0))


def plot_pareto(pareto_table: pd.DataFrame, share: float = 0.2, *, ax=None):
    """The Pareto (concentration) curve: share of revenue brought by the top x % of customers.

    Parameters
    ----------
    pareto_table : DataFrame
        Output of :func:`crmlab.value.pareto`.
    share : float
        Customer share to mark (0.2 marks the 80/20 rule's top 20 % and its revenue share).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(pareto_table, "pareto_table")
    require_columns(
        pareto_table,
        "pareto_table",
        {"cum_customer_share": N_("from pareto()"), "cum_revenue_share": N_("from pareto()")},
    )
    share = check_float("share", share, low=0.0, high=1.0)
    ax = get_axes(ax)
    x = np.concatenate([[0.0], pareto_table["cum_customer_share"].to_numpy(dtype=float)])
    y = np.concatenate([[0.0], pareto_table["cum_revenue_share"].to_numpy(dtype=float)])
    ax.plot(x, y, color="C0", lw=2, label=_("Customers, most valuable first"))
    ax.plot([0, 1], [0, 1], color="grey", ls="--", lw=1, label=_("Everyone spends the same"))
    if 0 < share < 1:
        at = float(np.interp(share, x, y))
        ax.plot([share, share, 0], [0, at, at], color="C3", lw=1, ls=":")
        ax.scatter([share], [at], color="C3", zorder=3)
        ax.annotate(
            _("top {customers:.0%} of customers: {revenue:.0%} of revenue").format(customers=share, revenue=at),
            xy=(share, at),
            xytext=(share + 0.05, max(at - 0.15, 0.05)),
            arrowprops={"arrowstyle": "->", "color": "C3"},
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    _percent_axis(ax.xaxis)
    _percent_axis(ax.yaxis)
    ax.legend(loc="lower right")
    return finish(ax, _("Pareto curve of customer value"), _("Share of customers"), _("Share of revenue"))


def plot_abc_pyramid(summary: pd.DataFrame, *, ax=None):
    """The value pyramid: each tier's share of customers (left) against its share of revenue (right).

    Parameters
    ----------
    summary : DataFrame
        Output of :func:`crmlab.value.abc_summary` (index = tiers, most valuable first).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(summary, "summary")
    require_columns(
        summary, "summary", {"customer_share": N_("from abc_summary()"), "revenue_share": N_("from abc_summary()")}
    )
    ax = get_axes(ax)
    tiers = [label(t, "tier") for t in summary.index]
    y = np.arange(len(tiers))[::-1]  # most valuable tier on top
    cust = summary["customer_share"].to_numpy(dtype=float)
    rev = summary["revenue_share"].to_numpy(dtype=float)
    ax.barh(y, -cust, color="C0", label=_("Share of customers"))
    ax.barh(y, rev, color="C1", label=_("Share of revenue"))
    for yi, c, r in zip(y, cust, rev):
        ax.text(-c - 0.01, yi, f"{c:.0%}", va="center", ha="right")
        ax.text(r + 0.01, yi, f"{r:.0%}", va="center", ha="left")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, tiers)
    lim = max(cust.max(initial=0), rev.max(initial=0)) * 1.25 + 0.05
    ax.set_xlim(-lim, lim)
    ticks = ax.get_xticks()
    ax.set_xticks(ticks, [f"{abs(t):.0%}" for t in ticks])
    ax.set_xlim(-lim, lim)
    ax.legend(loc="upper left")
    return finish(ax, _("Value pyramid"), _("Customers ← share → revenue"), None)


def plot_rfm_heatmap(scores: pd.DataFrame, value: str = "monetary", stat: str = "mean", *, ax=None):
    """Heat map over the R score (rows, best on top) × F score (columns), drawn with
    ``seaborn.heatmap``; each cell is written in it (up to 7 score levels: with more, the cells
    are too small for their numbers, and the colour bar reads them).

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`crmlab.value.rfm_scores`.
    value : str
        Column summarised in each cell (default ``"monetary"``); ignored for ``stat="count"``.
    stat : {"mean", "count"}
        Mean of ``value`` in each cell, or the number of customers.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    import seaborn as sns

    grid = _rfm_grid(scores, value, stat)
    ax = get_axes(ax)
    bar_text = _("Customers") if stat == "count" else _("Mean {value}").format(value=label(value, "column"))
    sns.heatmap(grid, annot=_written(grid), fmt=",.0f", cmap="YlGnBu", annot_kws={"fontsize": 8},
                cbar_kws={"label": bar_text}, ax=ax)
    ax.tick_params(axis="both", labelrotation=0)
    title = _("Customers by R and F score") if stat == "count" else _("Mean value by R and F score")
    return finish(ax, title, _("F score (frequency)"), _("R score (recency)"))


#: Up to this many score levels each cell of the R × F heat map is written in it; with more,
#: the cells are too small for their numbers and the colour bar reads them.
WRITTEN_LEVELS = 7


def _written(grid: pd.DataFrame) -> bool:
    return max(grid.shape) <= WRITTEN_LEVELS


def _rfm_grid(scores: pd.DataFrame, value: str = "monetary", stat: str = "mean") -> pd.DataFrame:
    """What :func:`plot_rfm_heatmap` draws: the R × F table (index R score, best on the top
    row; columns F score; NaN for an empty cell)."""
    check_frame(scores, "scores")
    check_choice("stat", stat, ("mean", "count"))
    needed = {"r_score": N_("from rfm_scores()"), "f_score": N_("from rfm_scores()")}
    if stat == "mean":
        if not isinstance(value, str):
            raise ParameterTypeError(
                _("`{name}` must be a column name (str), but {got} was passed.").format(name="value", got=_show(value))
            )
        needed[value] = N_("numbers to average")
    require_columns(scores, "scores", needed)
    r = scores["r_score"].to_numpy(dtype=np.int64)
    f = scores["f_score"].to_numpy(dtype=np.int64)
    bins = int(max(r.max(), f.max()))
    frame = pd.DataFrame({"r": r, "f": f})
    if stat == "mean":
        frame["v"] = pd.to_numeric(scores[value], errors="coerce").to_numpy(dtype=float)
        grid = frame.groupby(["r", "f"])["v"].mean().unstack("f")
    else:
        grid = frame.groupby(["r", "f"]).size().unstack("f").astype(float)
    return grid.reindex(index=range(bins, 0, -1), columns=range(1, bins + 1))


def _update_rfm_heatmap(ax, scores: pd.DataFrame, value: str = "monetary", stat: str = "mean") -> list | bool:
    """New values for a :func:`plot_rfm_heatmap` picture: the artists changed (see
    :func:`_update_heatmap`); True when another number of score levels, or other empty cells,
    needed new cells (the axes, titles and colour bar are kept); False if the axes hold
    something else."""
    grid = _rfm_grid(scores, value, stat)
    changed = _update_heatmap(ax, grid, annot=_written(grid), fmt=",.0f")
    if changed is not False:
        return changed
    return _new_rfm_cells(ax, grid)


def _new_rfm_cells(ax, grid: pd.DataFrame) -> bool:
    """Replace the cells and texts of a :func:`plot_rfm_heatmap` picture with those of ``grid``
    (any number of score levels), exactly as ``seaborn.heatmap`` draws them there, without
    drawing anything else again (seaborn draws the whole figure once on its own to place the
    tick labels, which doubles the cost of an explorer's update)."""
    from matplotlib.collections import QuadMesh

    meshes = [c for c in ax.collections if isinstance(c, QuadMesh)]
    colorbar = getattr(meshes[0], "colorbar", None) if len(meshes) == 1 else None
    if colorbar is None or not ax.yaxis_inverted() or len(ax.collections) != 1:
        return False
    old = meshes[0]
    data = np.ma.masked_invalid(grid.to_numpy(dtype=float))
    shown = data.filled(np.nan)
    old.callbacks.disconnect(old.colorbar_cid)
    old.remove()
    for text in list(ax.texts):
        text.remove()
    # seaborn.heatmap's cells: no edges (linewidths=0, edgecolor white), the cells' colour limits
    mesh = ax.pcolormesh(data, cmap=old.get_cmap(), vmin=np.nanmin(shown), vmax=np.nanmax(shown),
                         linewidths=0, edgecolor="white")
    rows, cols = data.shape
    ax.set(xlim=(0, cols), ylim=(0, rows))
    ax.invert_yaxis()
    colorbar.update_normal(mesh)
    mesh.colorbar = colorbar
    mesh.colorbar_cid = mesh.callbacks.connect("changed", colorbar.update_normal)
    ax.set(xticks=np.arange(cols) + 0.5, yticks=np.arange(rows) + 0.5)
    ax.set_xticklabels([str(c) for c in grid.columns])
    ax.set_yticklabels([str(r) for r in grid.index], va="center")
    ax.tick_params(axis="both", labelrotation=0)
    if not _written(grid):
        return True
    mesh.update_scalarmappable()
    colours = mesh.get_facecolors()
    for i, j in zip(*np.nonzero(~np.ma.getmaskarray(data))):
        ax.text(j + 0.5, i + 0.5, f"{data[i, j]:,.0f}", color=_cell_text_colour(colours[i * cols + j]),
                ha="center", va="center", fontsize=8)
    return True


def plot_rfm_segments(segments: pd.DataFrame, *, ax=None):
    """Customers in each RFM segment (``seaborn.barplot``, first segment on top, with their share).

    Parameters
    ----------
    segments : DataFrame
        Output of :func:`crmlab.value.rfm_segments` (a categorical ``segment`` column).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(segments, "segments")
    require_columns(segments, "segments", {"segment": N_("from rfm_segments()")})
    counts = segments["segment"].value_counts(sort=False)
    if isinstance(segments["segment"].dtype, pd.CategoricalDtype):
        counts = counts.reindex(segments["segment"].cat.categories, fill_value=0)
    import seaborn as sns

    total = counts.sum()
    ax = get_axes(ax)
    names = [label(s, "rfm_segment") for s in counts.index]
    sns.barplot(x=counts.to_numpy(), y=names, order=names, color="C0", saturation=1, errorbar=None, ax=ax)
    ax.bar_label(ax.containers[0], labels=[f" {n:,} ({n / total:.0%})" for n in counts], fontsize=8)
    ax.set_xlim(0, counts.max() * 1.3 if total else 1)
    return finish(ax, _("Customers per RFM segment"), _("Customers"), "")
