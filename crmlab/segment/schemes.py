"""The courseware's segmentation schemes (客户分类方法) as reference tables.

Each scheme is a list of segments with a stable English code, a display label and a short
description; schemes the kit can compute from data also state the kit's rule. Labels and
descriptions are translated when the table is built (:func:`scheme_table`), so they follow
:func:`crmlab.i18n.set_language`.
"""

from __future__ import annotations

import pandas as pd

from .._checks import check_choice
from ..i18n import N_, NP_, _, pgettext

__all__ = ["SCHEMES", "scheme_table"]

# code, English label (context "segment scheme: <scheme>"), English description, English rule of the kit
# ("" = reference only); translated when the table is built
_TABLES: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "value": (
        (
            "vip",
            NP_("segment scheme: value", "VIP"),
            N_("The top 1% of customers by spend: watched closely, dedicated visits, discounts, complaints handled first."),
            N_("Top 1% of customers by spend (ABC tiers)."),
        ),
        (
            "major",
            NP_("segment scheme: value", "Major"),
            N_("The next 4% (top 5% together): regular visits by sales representatives."),
            N_("Next 4% (cumulative 5%)."),
        ),
        (
            "ordinary",
            NP_("segment scheme: value", "Ordinary"),
            N_("The next 15% (top 20% together): promotions, helped to grow into major customers."),
            N_("Next 15% (cumulative 20%)."),
        ),
        ("small", NP_("segment scheme: value", "Small"), N_("The remaining 80%: standard, low-cost service."), N_("The remaining 80%.")),
    ),
    "marketing_type": (
        (
            "economic",
            NP_("segment scheme: marketing_type", "Economic"),
            N_("Cares about price only."),
            N_("At least 30% of orders on discount; or, if surveyed, price is the highest expectation."),
        ),
        (
            "ethical",
            NP_("segment scheme: marketing_type", "Ethical"),
            N_("Prefers firms that do good for society (good corporate citizens); values quality and after-sales care."),
            N_("None of the other rules applies; or, if surveyed, quality and after-sales are the highest expectations."),
        ),
        (
            "personalising",
            NP_("segment scheme: marketing_type", "Personalising"),
            N_("Wants recognition and conversation, a personal relationship."),
            N_("At least 45% of orders in personal categories (electronics, apparel, beauty) or at least 15% "
            "by phone; or, if surveyed, service is the highest expectation."),
        ),
        (
            "convenience",
            NP_("segment scheme: marketing_type", "Convenience"),
            N_("Pays extra for convenient service, such as home delivery."),
            N_("At least 35% of orders through the app; or, if surveyed, delivery is the highest expectation."),
        ),
    ),
    "management": (
        (
            "key",
            NP_("segment scheme: management", "Key"),
            N_("The most valuable customers; they also want social benefits, such as a customer club."),
            N_("Top 20% by spend in the last 12 months."),
        ),
        (
            "potential",
            NP_("segment scheme: management", "Potential"),
            N_("Growing customers who want added value and may become strategic partners."),
            N_("Spend in the last 12 months at least 1.2 × the 12 months before (new customers included)."),
        ),
        ("regular", NP_("segment scheme: management", "Regular"), N_("Steady customers who weigh mainly financial benefits."), N_("Everyone else.")),
        (
            "temporary",
            NP_("segment scheme: management", "Temporary"),
            N_("Occasional customers who order once or twice a year."),
            N_("At most 2 orders in the last 12 months."),
        ),
    ),
    "relationship": (
        ("consumer", NP_("segment scheme: relationship", "Consumer customers"), N_("Individuals who buy for their own use."), ""),
        ("intermediate", NP_("segment scheme: relationship", "Intermediate customers"), N_("Distributors, agents, wholesalers and retailers who resell."), ""),
        ("institutional", NP_("segment scheme: relationship", "Institutional customers"), N_("Government bodies and organisations that buy for their work."), ""),
        ("internal", NP_("segment scheme: relationship", "Internal customers"), N_("Staff and departments of the firm served by other departments."), ""),
    ),
    "product_responsibility": (
        ("retail_consumers", NP_("segment scheme: product_responsibility", "Retail consumers"), N_("Individuals buying in shops or online."), ""),
        ("business_customers", NP_("segment scheme: product_responsibility", "Business customers"), N_("Companies buying for their own use."), ""),
        ("agents", NP_("segment scheme: product_responsibility", "Agents"), N_("Resellers and agents who carry the products."), ""),
        ("internal", NP_("segment scheme: product_responsibility", "Internal"), N_("Departments of the firm itself."), ""),
    ),
    "nature": (
        ("government_nonprofit", NP_("segment scheme: nature", "Government and non-profit"), N_("Public bodies and non-profit organisations."), ""),
        ("special_companies", NP_("segment scheme: nature", "Special companies"), N_("Companies with a special tie, such as suppliers."), ""),
        ("ordinary_companies", NP_("segment scheme: nature", "Ordinary companies"), N_("Other business customers."), ""),
        ("partners_individuals", NP_("segment scheme: nature", "Partners and individuals"), N_("Trading partners and individual customers."), ""),
    ),
    "transaction_stage": (
        ("past", NP_("segment scheme: transaction_stage", "Past"), N_("Bought before, but not recently."), N_("Has orders, none in the last 12 months.")),
        ("current", NP_("segment scheme: transaction_stage", "Current"), N_("Buying now."), N_("At least one order in the last 12 months.")),
        ("future", NP_("segment scheme: transaction_stage", "Future"), N_("Expected to buy: known but not yet a buyer."), N_("Registered, no order yet.")),
    ),
    "time": (
        ("old", NP_("segment scheme: time", "Old"), N_("Long-standing customers."), N_("First order more than 12 months ago.")),
        ("new", NP_("segment scheme: time", "New"), N_("Recently won customers."), N_("First order within the last 12 months.")),
        ("future", NP_("segment scheme: time", "Future"), N_("Prospects the firm aims to win."), N_("Registered, no order yet.")),
    ),
    "reaction": (
        ("compliant", NP_("segment scheme: reaction", "Compliant"), N_("The firm gives in to whatever the customer demands, whatever it costs."), ""),
        ("caring", NP_("segment scheme: reaction", "Caring"), N_("The firm looks after the customer beyond the sale and anticipates needs."), ""),
        ("adaptive", NP_("segment scheme: reaction", "Adaptive"), N_("The firm adjusts its offer as the customer's needs change."), ""),
        ("cold", NP_("segment scheme: reaction", "Cold"), N_("The firm is indifferent: it sells and pays no further attention."), ""),
    ),
    "bonds": (
        ("financial", NP_("segment scheme: bonds", "Financial"), N_("Price incentives: discounts, points, rebates. Easy for competitors to copy."), ""),
        ("social", NP_("segment scheme: bonds", "Social"), N_("Personal ties: recognition, regular contact, customer clubs. Harder to copy."), ""),
        (
            "structural",
            NP_("segment scheme: bonds", "Structural"),
            N_("Solutions built into the customer's way of working: shared systems, custom services. Hardest to copy."),
            "",
        ),
    ),
    "kotler_levels": (
        ("basic", NP_("segment scheme: kotler_levels", "Basic"), N_("Sells the product and does not contact the customer again."), ""),
        (
            "reactive",
            NP_("segment scheme: kotler_levels", "Reactive"),
            N_("Sells the product and encourages the customer to call with questions or complaints."),
            "",
        ),
        (
            "accountable",
            NP_("segment scheme: kotler_levels", "Accountable"),
            N_("Calls the customer soon after the sale to check the product met expectations and to ask for suggestions."),
            "",
        ),
        ("proactive", NP_("segment scheme: kotler_levels", "Proactive"), N_("Contacts the customer from time to time with improved uses or new products."), ""),
        (
            "partnership",
            NP_("segment scheme: kotler_levels", "Partnership"),
            N_("Works continuously with the customer to find ways to deliver better value."),
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
        {"code": code, "label": pgettext(_context(name), text), "description": _(about), "rule": _(rule) if rule else ""}
        for code, text, about, rule in _TABLES[name]
    ]
    return pd.DataFrame(rows, columns=["code", "label", "description", "rule"])


def labels_of(name: str) -> dict[str, str]:
    """``{code: translated label}`` of a scheme (for the functions that assign segments)."""
    return {code: pgettext(_context(name), text) for code, text, _about, _rule in _TABLES[name]}


def _context(name: str) -> str:
    """The translation context of a scheme's labels: the same word names different segments."""
    return f"segment scheme: {name}"
