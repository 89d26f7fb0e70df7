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


def plot_rules(rules: pd.DataFrame, truth: pd.DataFrame | None = None, *, top: int = 4, frame: pd.DataFrame | None = None, ax=None):
    """Each rule A → B as a point: support across, confidence up, colour the lift.

    Parameters
    ----------
    rules : DataFrame
        Output of :func:`crmlab.basket.association_rules`.
    truth : DataFrame, optional
        The hidden ``truth_baskets`` table: planted pairs are ringed.
    top : int, default 4
        Rules with the highest lift that are named on the picture.
    frame : DataFrame, optional
        Every rule considered (:func:`crmlab.basket.association_rules` with both minimums at
        0), of which ``rules`` are the ones kept: the axes and the lift colours then span
        all of them, so pictures for different minimums compare, and the rules left out are
        drawn as faint grey points.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    parts = _rules_parts(rules, truth, frame)
    ax = get_axes(ax)
    if parts["frame"] is not None:
        ax.scatter(parts["frame"][:, 0], parts["frame"][:, 1], s=10, color="0.82", zorder=1,
                   label=_("Below the minimums"))
    if len(rules) or parts["frame"] is not None:
        points = ax.scatter(parts["xy"][:, 0], parts["xy"][:, 1], c=parts["lift"], cmap="viridis",
                            vmin=parts["lift_range"][0], vmax=parts["lift_range"][1], s=28, zorder=2)
        colorbar = ax.figure.colorbar(points, ax=ax)
        colorbar.set_label(_("Lift"))
        if parts["planted"]:
            ax.scatter(parts["rings"][:, 0], parts["rings"][:, 1], s=110, facecolors="none", edgecolors="C3",
                       linewidths=1.4, zorder=3, label=_("Planted pair (hidden truth)"))
        if parts["planted"] or parts["frame"] is not None:
            ax.legend(loc="lower right", fontsize="small")
        for text, xy, offset in _rule_names(rules, top):
            _name_rule(ax, text, xy, offset)
    if not len(rules) or parts["frame"] is not None:  # with a frame, shown when the minimums leave no rule
        ax.text(0.5, 0.5, _("No rule reaches both minimums"), transform=ax.transAxes, ha="center", va="center",
                color="grey", visible=not len(rules))
    ax.set_xlim(0, parts["limits"][0])
    ax.set_ylim(0, parts["limits"][1])
    return finish(ax, _("Rules found: support, confidence and lift"), _("Support (% of baskets)"), _("Confidence (%)"))


def _rules_parts(rules: pd.DataFrame, truth: pd.DataFrame | None, frame: pd.DataFrame | None) -> dict:
    """What :func:`plot_rules` draws: the rules' points (support and confidence in %), their
    lift, the ringed points, the grey points of ``frame``, the colour range and the axis limits."""
    columns = {c: _("from association_rules()") for c in ("antecedent", "consequent", "support", "confidence", "lift")}
    check_frame(rules, "rules", allow_empty=True)
    require_columns(rules, "rules", columns)
    if frame is not None:
        check_frame(frame, "frame", allow_empty=True)
        require_columns(frame, "frame", columns)
    planted = _pairs(truth)

    def points(table: pd.DataFrame) -> np.ndarray:
        return np.column_stack(
            [table["support"].to_numpy(dtype=float) * 100, table["confidence"].to_numpy(dtype=float) * 100]
        ).reshape(-1, 2)

    xy = points(rules)
    lift = rules["lift"].to_numpy(dtype=float)
    ringed = np.array(
        [frozenset((str(a), str(b))) in planted for a, b in zip(rules["antecedent"], rules["consequent"])], dtype=bool
    )
    spread = frame if frame is not None and len(frame) else rules
    every_lift = spread["lift"].to_numpy(dtype=float)
    lift_range = (min(1.0, every_lift.min()), max(every_lift.max(), 2.0)) if len(every_lift) else (1.0, 2.0)
    top_x = float(spread["support"].max()) * 100 if len(spread) else 1.0
    top_y = float(spread["confidence"].max()) * 100 if len(spread) else 100.0
    return {
        "xy": xy,
        "lift": lift,
        "rings": xy[ringed],
        "planted": bool(planted) if frame is not None else bool(ringed.any()),
        "frame": None if frame is None else points(frame),
        "lift_range": lift_range,
        "limits": (top_x * 1.35 + 0.05, min(100.0, top_y * 1.3 + 5)),
    }


def _rule_names(rules: pd.DataFrame, top: int) -> list[tuple[str, tuple[float, float], tuple[int, int]]]:
    """The ``top`` rules named on the picture (highest lift first, one per pair of products):
    their text, point and offset (alternately above and below, so neighbours stay legible)."""
    out = []
    shown: set[frozenset] = set()
    for row in rules.sort_values("lift", ascending=False, kind="stable").itertuples():
        pair = frozenset((str(row.antecedent), str(row.consequent)))
        if len(shown) >= top or pair in shown:
            continue
        offset = (6, 8 - 14 * (len(shown) % 2))
        shown.add(pair)
        text = _("{a} → {b}").format(a=label(row.antecedent, "product"), b=label(row.consequent, "product"))
        out.append((text, (row.support * 100, row.confidence * 100), offset))
    return out


def _name_rule(ax, text: str, xy: tuple[float, float], offset: tuple[int, int]):
    """Write a rule's name beside its point, joined to it by a thin grey line."""
    return ax.annotate(text, xy, textcoords="offset points", xytext=offset, fontsize="x-small",
                       arrowprops={"arrowstyle": "-", "color": "grey", "lw": 0.5})


def _update_rules(ax, rules: pd.DataFrame, truth: pd.DataFrame | None, frame: pd.DataFrame, top: int = 4) -> list | bool:
    """New rules on a :func:`plot_rules` picture drawn with the same ``frame`` and ``truth``:
    the artists changed (points, rings, names, the "no rule" note); False if the axes hold
    something else."""
    from matplotlib.text import Annotation

    parts = _rules_parts(rules, truth, frame)
    names = _rule_names(rules, top)
    notes = [t for t in ax.texts if isinstance(t, Annotation)]
    nothing = [t for t in ax.texts if not isinstance(t, Annotation)]  # "no rule reaches both minimums"
    expected = 2 + (1 if parts["planted"] else 0)  # grey points, coloured points, rings
    if len(ax.collections) != expected or len(nothing) != 1:
        return False
    nothing[0].set_visible(not len(rules))
    points = ax.collections[1]
    points.set_offsets(parts["xy"])
    points.set_array(parts["lift"])
    changed = [nothing[0], points]
    if parts["planted"]:
        ax.collections[2].set_offsets(parts["rings"])
        changed.append(ax.collections[2])
    for note in notes[len(names):]:
        note.remove()
    for n, (text, xy, offset) in enumerate(names):
        if n < len(notes):
            note = notes[n]
            note.set_text(text)
            note.xy = xy
            note.set_position(offset)
        else:
            note = _name_rule(ax, text, xy, offset)
        changed.append(note)
    return changed
