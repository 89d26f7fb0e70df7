"""Basket analysis (购物篮分析): which products are bought together — the beer-and-diapers story.

A *basket* is one purchase: the distinct items of one order that was not returned. For two items
A and B, with N baskets:

- support(A) = baskets containing A / N; support(A → B) = baskets containing both / N;
- confidence(A → B) = support(A → B) / support(A): of the baskets with A, the share that also
  hold B;
- lift(A → B) = confidence(A → B) / support(B): how much more often B is in a basket with A
  than in baskets in general. Lift 1 means independence; above 1, A and B go together.

::

    rules = crmlab.basket.association_rules(lines, orders, min_support=0.005, min_confidence=0.2)
"""

from __future__ import annotations

from .rules import association_rules, baskets, item_support, rules_against_truth

__all__ = ["baskets", "item_support", "association_rules", "rules_against_truth"]

from .._api import check_arguments as _check_arguments

_check_arguments(globals(), __all__)  # `str` parameters (column names, choices) checked at the door
