"""Customer value and differentiation (客户价值 / 客户差异化分析).

* :func:`rfm`, :func:`rfm_scores`, :func:`rfm_segments` — recency, frequency, monetary value,
  their 1 … k scores and named segments (:func:`segment_map_table`, :func:`segment_guide`).
* :func:`pareto`, :func:`gini`, :func:`top_share`, :func:`top_vs_next` — how concentrated value
  is (the 80/20 rule).
* :func:`abc`, :func:`abc_summary` — the value pyramid (VIP / major / ordinary / small);
  :func:`service_policy`, :func:`visit_frequency` — how to serve each tier;
  :func:`contact_rules`, :func:`contact_plan` — the contact-frequency rule.
* :func:`clv`, :func:`yearly_retention` — lifetime value by margin × retention.
* :func:`share_of_wallet` — share of customer (客户份额).
* :func:`response_by_rfm_fifth` — campaign response by RFM group.

Every transaction-based function takes the order log and column names (defaults: the simulated
``orders`` table) and an ``as_of`` date; a *purchase* is always an order with amount > 0.

Examples
--------
>>> import crmlab
>>> from crmlab import value
>>> table = value.rfm_segments(value.rfm_scores(value.rfm(crmlab.load("orders"))))
"""

from __future__ import annotations

from .abc import ABC_CLASS, DEFAULT_TIERS, abc, abc_summary
from .clv import clv, yearly_retention
from .pareto import gini, pareto, top_share, top_vs_next
from .policy import contact_plan, contact_rules, service_policy, visit_frequency
from .response import response_by_rfm_fifth
from .rfm import rfm, rfm_scores
from .segments import DEFAULT_SEGMENT_MAP, rfm_segments, segment_guide, segment_map_table
from .wallet import share_of_wallet

__all__ = [
    "rfm",
    "rfm_scores",
    "rfm_segments",
    "segment_map_table",
    "segment_guide",
    "DEFAULT_SEGMENT_MAP",
    "pareto",
    "gini",
    "top_share",
    "top_vs_next",
    "abc",
    "abc_summary",
    "DEFAULT_TIERS",
    "ABC_CLASS",
    "service_policy",
    "visit_frequency",
    "contact_rules",
    "contact_plan",
    "clv",
    "yearly_retention",
    "share_of_wallet",
    "response_by_rfm_fifth",
]

from .._api import check_arguments as _check_arguments

_check_arguments(globals(), __all__)  # `str` parameters (column names, choices) checked at the door
