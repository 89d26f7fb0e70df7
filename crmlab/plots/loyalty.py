"""Pictures of the loyalty lesson (客户忠诚).

Each function draws the result of a :mod:`crmlab.loyalty` function and returns the axes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import check_frame, require_columns
from ..i18n import N_, _, label
from ._base import _update_heatmap, finish, get_axes

__all__ = ["plot_loyalty_matrix", "plot_satisfaction_loyalty", "plot_dick_basu"]

#: Colour of each Dick & Basu class (display names: ``label(code, "dick_basu")``).
_CELL_COLORS = {"true": "#2a9d8f", "latent": "#8ab17d", "spurious": "#f4a261", "none": "#e76f51"}


def plot_loyalty_matrix(matrix: pd.DataFrame, ax=None):
    """The 2 × 2 loyalty matrix: product satisfaction across, service satisfaction up, drawn
    with ``seaborn.heatmap``.

    Each cell shows its name, the count and the share of respondents; colour = share.

    Parameters
    ----------
    matrix : DataFrame
        The result of :func:`crmlab.loyalty.loyalty_matrix`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    import seaborn as sns

    shares, texts, title = _loyalty_matrix_parts(matrix)
    ax = get_axes(ax, figsize=(5.2, 4.6))
    # Translators: the two levels of satisfaction on both axes of the loyalty matrix
    levels = [_("Satisfied"), _("Not satisfied")]
    table = pd.DataFrame(shares, index=levels, columns=levels[::-1])  # service satisfied on top
    sns.heatmap(table, annot=texts, fmt="", cmap="Blues", vmin=0, vmax=_loyalty_top(shares), cbar=False,
                square=True, annot_kws={"fontsize": "small"}, ax=ax)
    ax.tick_params(axis="both", labelrotation=0)
    return finish(ax, title, _("Satisfaction with the product"), _("Satisfaction with the service"))


def _loyalty_top(shares: np.ndarray) -> float:
    """The share drawn in the darkest blue: well above the largest, so every cell stays light."""
    return max(float(shares.max()) * 1.6, 1e-9)


def _loyalty_matrix_parts(matrix: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, str]:
    """What :func:`plot_loyalty_matrix` draws: the 2 × 2 grid of shares as shown (service
    satisfied = top row, product satisfied = right column), each cell's text, and the title."""
    check_frame(matrix, "matrix")
    require_columns(
        matrix,
        "matrix",
        {c: N_("loyalty-matrix results") for c in ("product_satisfied", "service_satisfied", "n", "share")},
    )
    shares = np.zeros((2, 2))
    texts = np.full((2, 2), "", dtype=object)
    for cell, row in matrix.iterrows():
        i, j = 1 - int(bool(row["service_satisfied"])), int(bool(row["product_satisfied"]))
        share = 0.0 if pd.isna(row["share"]) else float(row["share"])
        shares[i, j] = share
        texts[i, j] = f"{label(cell, 'loyalty_cell')}\n{int(row['n']):,}\n{share:.0%}"
    threshold = matrix["threshold"].iloc[0] if "threshold" in matrix.columns else None
    title = _("Loyalty matrix") if threshold is None else _("Loyalty matrix (satisfied = {t:g} or more)").format(t=threshold)
    return shares, texts, title


def _update_loyalty_matrix(ax, matrix: pd.DataFrame) -> list | bool:
    """Give a :func:`plot_loyalty_matrix` picture new counts and shares (same four cells);
    the artists changed, or False if the axes hold something else."""
    shares, texts, title = _loyalty_matrix_parts(matrix)
    changed = _update_heatmap(ax, shares, annot=texts, fmt="", vmin=0, vmax=_loyalty_top(shares))
    if changed is False:
        return False
    ax.set_title(title)
    return [*changed, ax.title]


def plot_satisfaction_loyalty(curve: pd.DataFrame, trap: pd.DataFrame | None = None, ax=None, *, min_n: int = 10):
    """Mean loyalty per satisfaction level with its confidence band — the satisfaction-trap curve.

    Parameters
    ----------
    curve : DataFrame
        The result of :func:`crmlab.loyalty.satisfaction_loyalty_curve`.
    trap : DataFrame, optional
        The result of :func:`crmlab.loyalty.satisfaction_trap`: its middle and top bands are
        shaded and their fitted slopes written on the picture.
    ax : matplotlib Axes, optional
    min_n : int, default 10
        Levels with fewer respondents are drawn as open circles without a band (their
        intervals are too wide to read).

    Returns
    -------
    matplotlib Axes
    """
    check_frame(curve, "curve")
    require_columns(curve, "curve", {c: N_("curve results") for c in ("mean_loyalty", "ci_low", "ci_high")})
    ax = get_axes(ax)
    x = np.asarray(curve.index, dtype="float64")
    n = curve["n"].to_numpy() if "n" in curve.columns else np.full(len(curve), min_n)
    big = n >= min_n
    ax.fill_between(
        x[big], curve["ci_low"].to_numpy()[big], curve["ci_high"].to_numpy()[big],
        color="C0", alpha=0.2, label=_("95% interval"),
    )
    ax.plot(x, curve["mean_loyalty"], color="C0", lw=1.5)
    ax.plot(x[big], curve["mean_loyalty"].to_numpy()[big], "o", color="C0", label=_("Mean loyalty"))
    if (~big).any():
        ax.plot(
            x[~big], curve["mean_loyalty"].to_numpy()[~big], "o", mfc="white", color="C0",
            label=_("Fewer than {n} answers").format(n=min_n),
        )
    if trap is not None:
        check_frame(trap, "trap")
        require_columns(trap, "trap", {c: N_("trap results") for c in ("low", "high", "slope")})
        for band, color in (("middle", "grey"), ("top", "C2")):
            if band not in trap.index:
                continue
            row = trap.loc[band]
            ax.axvspan(row["low"] - 0.5, row["high"] + 0.5, color=color, alpha=0.08)
            ax.text(
                (row["low"] + row["high"]) / 2, 0.02,
                _("slope {slope:.2f} per point").format(slope=row["slope"]),
                transform=ax.get_xaxis_transform(), ha="center", fontsize="small", color=color,
            )
    ax.legend(fontsize="small", loc="upper left")
    return finish(ax, _("Satisfaction and loyalty: the satisfaction trap"), _("Satisfaction"), _("Loyalty"))


def plot_dick_basu(result: pd.DataFrame, ax=None, *, max_points: int = 3000, seed: int = 0):
    """Relative attitude × repeat patronage, customers coloured by their Dick & Basu class.

    Points are jittered slightly (ratings and counts are whole numbers); the dashed lines are
    the thresholds; the legend gives each class's count. At most ``max_points`` customers are
    drawn (a fixed random sample), the counts always cover everyone.

    Parameters
    ----------
    result : DataFrame
        The result of :func:`crmlab.loyalty.dick_basu` or :func:`~crmlab.loyalty.dick_basu_from_data`.
    ax : matplotlib Axes, optional
    max_points : int, default 3000
    seed : int, default 0
        Seed of the jitter and the sample.

    Returns
    -------
    matplotlib Axes
    """
    check_frame(result, "result")
    require_columns(
        result,
        "result",
        {c: N_("Dick & Basu results") for c in ("relative_attitude", "repeat_patronage", "loyalty",
                                                 "attitude_threshold", "patronage_threshold")},
    )
    ax = get_axes(ax)
    rng = np.random.default_rng(seed)
    shown = result if len(result) <= max_points else result.sample(max_points, random_state=seed)
    counts = result["loyalty"].value_counts()
    for code, color in _CELL_COLORS.items():
        part = shown[shown["loyalty"] == code]
        x = part["relative_attitude"].to_numpy() + rng.uniform(-0.15, 0.15, len(part))
        y = part["repeat_patronage"].to_numpy() + rng.uniform(-0.15, 0.15, len(part))
        name = f"{label(code, 'dick_basu')} ({int(counts.get(code, 0)):,})"
        ax.scatter(x, y, s=8, alpha=0.5, color=color, label=name)
    ax.axvline(float(result["attitude_threshold"].iloc[0]), color="grey", ls="--", lw=1)
    ax.axhline(float(result["patronage_threshold"].iloc[0]), color="grey", ls="--", lw=1)
    top = result["repeat_patronage"].max()
    if pd.notna(top) and top > 30:
        from matplotlib.ticker import FixedLocator, ScalarFormatter

        ax.set_yscale("symlog", linthresh=5, linscale=0.6)
        ticks = [t for t in (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if t <= top * 1.2]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_major_formatter(ScalarFormatter())
        ax.set_ylim(bottom=-0.5)
    ax.legend(fontsize="small", markerscale=2)
    return finish(ax, _("Dick & Basu: attitude and repeat patronage"), _("Relative attitude"), _("Repeat patronage"))
