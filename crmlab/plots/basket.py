"""Pictures of basket analysis: the rules by support and confidence, coloured by lift."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import check_frame, require_columns
from ..i18n import _, label
from ._base import finish, get_axes

__all__ = ["plot_rules"]


def _pairs(truth: pd.DataFrame | None) -> set[frozenset]:
    if truth is None:
        return set()
    check_frame(truth, "truth")
    require_columns(truth, "truth", {"product": _("the truth_baskets table"), "partner": _("the truth_baskets table")})
    return {frozenset((str(a), str(b))) for a, b in zip(truth["product"], truth["partner"])}


def plot_rules(rules: pd.DataFrame, truth: pd.DataFrame | None = None, *, top: int = 4, ax=None):
    """Each rule A → B as a point: support across, confidence up, colour the lift.

    Parameters
    ----------
    rules : DataFrame
        Output of :func:`crmlab.basket.association_rules`.
    truth : DataFrame, optional
        The hidden ``truth_baskets`` table: planted pairs are ringed.
    top : int, default 4
        Rules with the highest lift that are named on the picture.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(rules, "rules", allow_empty=True)
    require_columns(
        rules,
        "rules",
        {c: _("from association_rules()") for c in ("antecedent", "consequent", "support", "confidence", "lift")},
    )
    planted = _pairs(truth)
    ax = get_axes(ax)
    kind = "product"
    if len(rules):
        lift = rules["lift"].to_numpy(dtype=float)
        points = ax.scatter(
            rules["support"].to_numpy(dtype=float) * 100,
            rules["confidence"].to_numpy(dtype=float) * 100,
            c=lift, cmap="viridis", vmin=min(1.0, lift.min()), vmax=max(lift.max(), 2.0), s=28, zorder=2,
        )
        colorbar = ax.figure.colorbar(points, ax=ax)
        colorbar.set_label(_("Lift"))
        ringed = np.array([frozenset((str(a), str(b))) in planted for a, b in zip(rules["antecedent"], rules["consequent"])])
        if ringed.any():
            ax.scatter(
                rules["support"].to_numpy(dtype=float)[ringed] * 100,
                rules["confidence"].to_numpy(dtype=float)[ringed] * 100,
                s=110, facecolors="none", edgecolors="C3", linewidths=1.4, zorder=3, label=_("Planted pair (hidden truth)"),
            )
            ax.legend(loc="lower right", fontsize="small")
        shown: set[frozenset] = set()
        for row in rules.itertuples():
            pair = frozenset((str(row.antecedent), str(row.consequent)))
            if len(shown) >= top or pair in shown:
                continue
            offset = (6, 8 - 14 * (len(shown) % 2))  # alternate above and below: neighbours stay legible
            shown.add(pair)
            ax.annotate(
                _("{a} → {b}").format(a=label(row.antecedent, kind), b=label(row.consequent, kind)),
                (row.support * 100, row.confidence * 100), textcoords="offset points", xytext=offset,
                fontsize="x-small", arrowprops={"arrowstyle": "-", "color": "grey", "lw": 0.5},
            )
    else:
        ax.text(0.5, 0.5, _("No rule reaches both minimums"), transform=ax.transAxes, ha="center", va="center", color="grey")
    top_x = float(rules["support"].max()) * 100 if len(rules) else 1.0
    top_y = float(rules["confidence"].max()) * 100 if len(rules) else 100.0
    ax.set_xlim(0, top_x * 1.35 + 0.05)
    ax.set_ylim(0, min(100.0, top_y * 1.3 + 5))
    return finish(ax, _("Rules found: support, confidence and lift"), _("Support (% of baskets)"), _("Confidence (%)"))
