"""The courseware's segmentation schemes (客户分类方法) as reference tables.

Each scheme is a list of segments with a stable English code, a display label and a short
description; schemes the kit can compute from data also state the kit's rule. Labels and
descriptions are translated when the table is built (:func:`scheme_table`), so they follow
:func:`crmlab.i18n.set_language`.
"""

from __future__ import annotations

import pandas as pd

from .._checks import check_choice
from ..i18n import _

__all__ = ["SCHEMES", "scheme_table"]

# code, English label, English description, English rule of the kit ("" = reference only)
_TABLES: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "value": (
        (
            "vip",
            "VIP",
            "The top 1% of customers by spend: watched closely, dedicated visits, discounts, complaints handled first.",
            "Top 1% of customers by spend (ABC tiers).",
        ),
        (
            "major",
            "Major",
            "The next 4% (top 5% together): regular visits by sales representatives.",
            "Next 4% (cumulative 5%).",
        ),
        (
            "ordinary",
            "Ordinary",
            "The next 15% (top 20% together): promotions, helped to grow into major customers.",
            "Next 15% (cumulative 20%).",
        ),
        ("small", "Small", "The remaining 80%: standard, low-cost service.", "The remaining 80%."),
    ),
    "marketing_type": (
        (
            "economic",
            "Economic",
            "Cares about price only.",
            "At least 30% of orders on discount; or, if surveyed, price is the highest expectation.",
        ),
        (
            "ethical",
            "Ethical",
            "Prefers firms that behave as good citizens; values quality and after-sales care.",
            "None of the other rules applies; or, if surveyed, quality and after-sales are the highest expectations.",
        ),
        (
            "personalising",
            "Personalising",
            "Wants recognition and conversation, a personal relationship.",
            "At least 45% of orders in personal categories (electronics, apparel, beauty) or at least 15% "
            "by phone; or, if surveyed, service is the highest expectation.",
        ),
        (
            "convenience",
            "Convenience",
            "Pays extra for convenient service, such as home delivery.",
            "At least 35% of orders through the app; or, if surveyed, delivery is the highest expectation.",
        ),
    ),
    "management": (
        (
            "key",
            "Key",
            "The most valuable customers; they also want social benefits, such as a customer club.",
            "Top 20% by spend in the last 12 months.",
        ),
        (
            "potential",
            "Potential",
            "Growing customers who want added value and may become strategic partners.",
            "Spend in the last 12 months at least 1.2 × the 12 months before (new customers included).",
        ),
        ("regular", "Regular", "Steady customers who weigh mainly financial benefits.", "Everyone else."),
        (
            "temporary",
            "Temporary",
            "Occasional customers who order once or twice a year.",
            "At most 2 orders in the last 12 months.",
        ),
    ),
    "relationship": (
        ("consumer", "Consumer", "Individuals who buy for their own use.", ""),
        ("intermediate", "Intermediate", "Distributors, agents, wholesalers and retailers who resell.", ""),
        ("institutional", "Institutional", "Government bodies and organisations that buy for their work.", ""),
        ("internal", "Internal", "Staff and departments of the firm served by other departments.", ""),
    ),
    "product_responsibility": (
        ("retail_consumers", "Retail consumers", "Individuals buying in shops or online.", ""),
        ("business_customers", "Business customers", "Companies buying for their own use.", ""),
        ("agents", "Agents", "Resellers and agents who carry the products.", ""),
        ("internal", "Internal", "Departments of the firm itself.", ""),
    ),
    "nature": (
        ("government_nonprofit", "Government and non-profit", "Public bodies and non-profit organisations.", ""),
        ("special_companies", "Special companies", "Companies with a special tie, such as suppliers.", ""),
        ("ordinary_companies", "Ordinary companies", "Other business customers.", ""),
        ("partners_individuals", "Partners and individuals", "Trading partners and individual customers.", ""),
    ),
    "transaction_stage": (
        ("past", "Past", "Bought before, but not recently.", "Has orders, none in the last 12 months."),
        ("current", "Current", "Buying now.", "At least one order in the last 12 months."),
        ("future", "Future", "Expected to buy: known but not yet a buyer.", "Registered, no order yet."),
    ),
    "time": (
        ("old", "Old", "Long-standing customers.", "First order more than 12 months ago."),
        ("new", "New", "Recently won customers.", "First order within the last 12 months."),
        ("future", "Future", "Prospects the firm aims to win.", "Registered, no order yet."),
    ),
    "reaction": (
        ("compliant", "Compliant", "The firm gives in to whatever the customer demands, whatever it costs.", ""),
        ("caring", "Caring", "The firm looks after the customer beyond the sale and anticipates needs.", ""),
        ("adaptive", "Adaptive", "The firm adjusts its offer as the customer's needs change.", ""),
        ("cold", "Cold", "The firm is indifferent: it sells and pays no further attention.", ""),
    ),
    "bonds": (
        ("financial", "Financial", "Price incentives: discounts, points, rebates. Easy for competitors to copy.", ""),
        ("social", "Social", "Personal ties: recognition, regular contact, customer clubs. Harder to copy.", ""),
        (
            "structural",
            "Structural",
            "Solutions built into the customer's way of working: shared systems, custom services. Hardest to copy.",
            "",
        ),
    ),
    "kotler_levels": (
        ("basic", "Basic", "Sells the product and does not contact the customer again.", ""),
        (
            "reactive",
            "Reactive",
            "Sells the product and encourages the customer to call with questions or complaints.",
            "",
        ),
        (
            "accountable",
            "Accountable",
            "Calls the customer soon after the sale to check the product met expectations and to ask for suggestions.",
            "",
        ),
        ("proactive", "Proactive", "Contacts the customer from time to time with improved uses or new products.", ""),
        (
            "partnership",
            "Partnership",
            "Works continuously with the customer to find ways to deliver better value.",
            "",
        ),
    ),
}

#: Names of the schemes :func:`scheme_table` knows.
SCHEMES = tuple(_TABLES)


def scheme_table(name: str) -> pd.DataFrame:
    """The reference table of one segmentation scheme of the course.

    Parameters
    ----------
    name : str
        One of :data:`SCHEMES`:

        * ``"value"`` — by value: VIP / major / ordinary / small (VIP 大客户, 主要客户, 普通客户,
          小客户), the ABC pyramid;
        * ``"marketing_type"`` — economic, ethical, personalising, convenience
          (经济型, 道德型, 个性化, 方便型);
        * ``"management"`` — key, potential, regular, temporary (关键, 潜力, 常规, 临时客户);
        * ``"relationship"`` — consumer, intermediate, institutional, internal;
        * ``"product_responsibility"`` — retail consumers, business customers, agents, internal;
        * ``"nature"`` — government/non-profit, special companies, ordinary companies,
          partners and individuals (按客户的性质);
        * ``"transaction_stage"`` — past, current, future (按交易的过程);
        * ``"time"`` — old, new, future (老客户, 新客户, 未来客户);
        * ``"reaction"`` — the company's reaction types: compliant, caring, adaptive, cold
          (屈从型, 关怀型, 适应型, 冷漠型);
        * ``"bonds"`` — the three relationship bonds: financial, social, structural
          (财务层次, 社交层次, 结构层次);
        * ``"kotler_levels"`` — Kotler's five relationship levels, lowest first: basic,
          reactive, accountable, proactive, partnership (基本型, 被动型, 负责型, 能动型, 伙伴型).

    Returns
    -------
    DataFrame
        Columns ``code`` (stable English identifier), ``label`` and ``description``
        (translated), ``rule`` (translated; how the kit computes the segment from data, with its
        default parameters; empty when the scheme is a reference only). RangeIndex, in the
        course's order.

    Examples
    --------
    >>> scheme_table("bonds")["code"].tolist()
    ['financial', 'social', 'structural']
    """
    check_choice("name", name, SCHEMES)
    rows = [
        {"code": code, "label": _(text), "description": _(about), "rule": _(rule) if rule else ""}
        for code, text, about, rule in _TABLES[name]
    ]
    return pd.DataFrame(rows, columns=["code", "label", "description", "rule"])


def labels_of(name: str) -> dict[str, str]:
    """``{code: translated label}`` of a scheme (for the functions that assign segments)."""
    return {code: _(text) for code, text, _about, _rule in _TABLES[name]}
