"""Explorer of lesson 02's basket analysis (购物篮分析): what sells together.

* :func:`basket_explorer` — move the minimum support and minimum confidence: the rules found,
  how many of the planted pairs they recover and how many of them are chance.

:func:`basket_update` computes everything shown from the rules of every pair (computed once,
with no minimum), so a move of a slider only filters a small table.
"""

from __future__ import annotations

import pandas as pd

from ..basket import association_rules, rules_against_truth
from ..i18n import _, label
from ._base import Picture

LESSON = "02"

__all__ = ["basket_explorer", "basket_update"]

#: Rules listed in the explorer's table.
RULES_SHOWN = 12


def basket_update(all_rules: pd.DataFrame, truth: pd.DataFrame, min_support: float = 0.005, min_confidence: float = 0.1) -> dict:
    """Everything :func:`basket_explorer` shows, for the two minimums.

    Parameters
    ----------
    all_rules : DataFrame
        :func:`crmlab.basket.association_rules` with ``min_support=0, min_confidence=0``
        (every pair seen together), computed once.
    truth : DataFrame
        The hidden ``truth_baskets`` table.
    min_support, min_confidence : float
        Minimums as fractions (0–1).

    Returns
    -------
    dict
        ``rules`` (the rules reaching both minimums, highest lift first), ``quality``
        (:func:`crmlab.basket.rules_against_truth`), ``summary`` (HTML), ``table`` and ``plot``.
    """
    from .._checks import check_float

    min_support = check_float("min_support", min_support, low=0.0, high=1.0)
    min_confidence = check_float("min_confidence", min_confidence, low=0.0, high=1.0)
    keep = (all_rules["support"] >= min_support) & (all_rules["confidence"] >= min_confidence)
    rules = all_rules[keep].reset_index(drop=True)
    quality = rules_against_truth(rules, truth)
    chance = quality["rules"] - quality["rules_planted"]
    summary = _(
        "{rules:,} rule(s) reach support ≥ {support:.1%} and confidence ≥ {confidence:.0%}: they recover "
        "<b>{found} of the {planted}</b> planted pairs; {chance:,} of the rules are chance (no planted pair)."
    ).format(
        rules=quality["rules"], support=min_support, confidence=min_confidence,
        found=quality["pairs_found"], planted=quality["pairs_planted"], chance=chance,
    )
    shown = rules.head(RULES_SHOWN).copy()
    shown["antecedent"] = [label(v, "product") for v in shown["antecedent"]]
    shown["consequent"] = [label(v, "product") for v in shown["consequent"]]
    shown = shown.rename(
        columns={
            "antecedent": _("if the basket holds"),
            "consequent": _("it also holds"),
            "baskets": _("baskets"),
            "support": _("support"),
            "confidence": _("confidence"),
            "lift": _("lift"),
        }
    )

    def plot(ax):
        from ..plots.basket import plot_rules

        return plot_rules(rules, truth, frame=all_rules, ax=ax)

    def update(ax):
        from ..plots.basket import _update_rules

        return _update_rules(ax, rules, truth, all_rules)

    return {"rules": rules, "quality": quality, "summary": summary, "table": shown,
            "plot": Picture(plot, update, ("rules", id(all_rules), id(truth)))}


def basket_explorer(data=None):
    """Basket explorer: minimum support and confidence → the rules found, against the planted pairs.

    Parameters
    ----------
    data : Dataset or dict, optional
        Tables ``order_lines``, ``orders`` and ``truth_baskets``; default the bundled course data.
    """
    import ipywidgets as w

    from ._base import Explorer

    if data is None:
        from ..data import load

        lines, orders, truth = load("order_lines"), load("orders"), load("truth_baskets")
    else:
        lines, orders, truth = data["order_lines"], data["orders"], data["truth_baskets"]
    all_rules = association_rules(lines, orders, min_support=0.0, min_confidence=0.0)
    style = {"description_width": "initial"}
    controls = {
        "min_support": w.FloatSlider(
            value=0.005, min=0.0005, max=0.03, step=0.0005, readout_format=".2%",
            description=_("Minimum support"), style=style, continuous_update=False,
        ),
        "min_confidence": w.FloatSlider(
            value=0.10, min=0.0, max=0.6, step=0.02, readout_format=".0%",
            description=_("Minimum confidence"), style=style, continuous_update=False,
        ),
    }
    return Explorer(
        _("What sells together: basket analysis"),
        controls,
        lambda min_support, min_confidence: basket_update(all_rules, truth, min_support, min_confidence),
    )
