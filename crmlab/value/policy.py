"""Serving customers by value: the ABC service policy, the visit-frequency matrix and the
contact-frequency rule (客户接触频率规则) of the course.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show
from ..errors import ParameterTypeError
from ..i18n import N_, _
from ..purchases import RETURNED
from ._log import days_to_dates, purchase_log, totals
from .abc import ABC_CLASS, DEFAULT_TIERS

__all__ = ["service_policy", "visit_frequency", "contact_rules", "contact_plan"]

_POLICY = {
    "vip": N_(
        "Watch their business, finances and staff changes closely; send a dedicated person to "
        "visit them; offer sales discounts; handle their complaints first."
    ),
    "major": N_(
        "Visited by sales reps. Usually loyal: if their business does not grow, offer more "
        "service and find out whether, and why, they are drifting away."
    ),
    "ordinary": N_(
        "Strategic promotions; develop those who can grow into major customers. Service "
        "time can be halved, but keep in touch and let them know help is there when they need it."
    ),
    "small": N_("Low loyalty, late payment, few orders yet many demands: give minimal service."),
}

ROLES = ("sales_rep", "sales_manager", "marketing_director", "general_manager")

# class, role, contact, per-month low, per-month high, text (translated when shown), from the courseware
_VISITS: list[tuple[str, str, str, float, float, str, bool]] = [
    ("A", "sales_rep", "visit", 3, 3, N_("visit 3×/month"), True),
    ("A", "sales_rep", "call", 2, 3, N_("call 2–3×/month"), True),
    ("A", "sales_manager", "visit", 1 / 2, 1, N_("visit every 1–2 months"), True),
    ("A", "marketing_director", "visit", 1 / 6, 1 / 6, N_("visit every 6 months"), True),
    ("A", "general_manager", "visit", 1 / 12, 1 / 12, N_("visit once a year"), True),
    ("B", "sales_rep", "visit", 2, 2, N_("visit 2×/month"), True),
    ("B", "sales_rep", "call", 1, 2, N_("call 1–2×/month"), True),
    ("B", "sales_manager", "visit", 1 / 3, 1 / 2, N_("visit every 2–3 months"), True),
    ("B", "marketing_director", "visit", 1 / 12, 1 / 6, N_("visit every 6–12 months"), True),
    ("B", "general_manager", "visit", np.nan, np.nan, N_("visit when needed"), True),
    ("C", "sales_rep", "visit", 1, 1, N_("visit 1×/month"), True),
    ("C", "sales_rep", "call", 1, 1, N_("call 1×/month"), True),
    ("C", "sales_manager", "visit", np.nan, np.nan, N_("visit when needed"), False),
    ("C", "marketing_director", "visit", 0, 0, N_("no scheduled contact"), False),
    ("C", "general_manager", "visit", 0, 0, N_("no scheduled contact"), False),
]

#: The contact-frequency rule: action → (first day, last day) after the last purchase.
CONTACT_RULES: dict[str, tuple[int, int]] = {
    "thank_you": (3, 7),
    "satisfaction_check": (30, 30),
    "cross_sell": (90, 90),
}

_CONTACT_TEXT = {
    "thank_you": N_(
        "Thank-you call or e-mail within 3 days to a week of the purchase; ask whether they "
        "have any problem using the product."
    ),
    "satisfaction_check": N_("One month after the purchase, ask whether they are satisfied."),
    "cross_sell": N_(
        "Three months after the purchase, offer a cross-sell suggestion and start watching "
        "for churn."
    ),
    "churn_watch": N_("More than three months without a purchase: watch for churn and try to win them back."),
}


def service_policy() -> pd.DataFrame:
    """The course's ABC service policy (ABC管理法): how to serve each value tier.

    Returns
    -------
    DataFrame
        Index ``tier`` (vip, major, ordinary, small — the tiers of :func:`abc`); columns
        ``share`` (share of customers), ``abc_class`` (the A/B/C class of
        :func:`visit_frequency`: VIP and major are A, ordinary B, small C — crmlab's reading of
        the course) and ``policy`` (translated text, from the courseware).

    Examples
    --------
    >>> service_policy().loc["vip", "abc_class"]
    'A'
    """
    tiers = list(DEFAULT_TIERS)
    return pd.DataFrame(
        {
            "share": [DEFAULT_TIERS[t] for t in tiers],
            "abc_class": [ABC_CLASS[t] for t in tiers],
            "policy": [_(_POLICY[t]) for t in tiers],
        },
        index=pd.Index(tiers, name="tier"),
    )


def visit_frequency(long: bool = False) -> pd.DataFrame:
    """The course's visit-frequency matrix: who contacts A, B and C customers, how often.

    From the courseware: every cell of classes A and B (B's general manager: "when needed") and
    the sales rep of class C (visit and call once a month). crmlab filled the rest, following
    the course's "minimal service for small customers": C's sales manager visits when needed;
    C's marketing director and general manager have no scheduled contact.

    Parameters
    ----------
    long : bool
        False: the matrix (class × role) of translated texts. True: one row per class, role and
        kind of contact with numbers.

    Returns
    -------
    DataFrame
        ``long=False``: index ``abc_class`` (A, B, C), columns ``sales_rep``,
        ``sales_manager``, ``marketing_director``, ``general_manager`` (role codes; display
        names via :func:`crmlab.i18n.label`), cells like "visit 3×/month; call 2–3×/month".
        ``long=True``: RangeIndex; columns ``abc_class``, ``role``, ``contact`` ("visit" or
        "call"), ``per_month_low``, ``per_month_high`` (contacts per month; NaN = when needed,
        0 = none), ``text`` (translated) and ``courseware`` (True if the courseware gives it).

    Examples
    --------
    >>> visit_frequency().loc["A", "sales_rep"]
    'visit 3×/month; call 2–3×/month'
    """
    if not isinstance(long, bool):
        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name="long", got=_show(long))
        )
    rows = pd.DataFrame(
        _VISITS, columns=["abc_class", "role", "contact", "per_month_low", "per_month_high", "text", "courseware"]
    )
    rows["text"] = [_(t) for t in rows["text"]]
    if long:
        return rows
    wide = rows.groupby(["abc_class", "role"], sort=False)["text"].agg("; ".join).unstack("role")
    return wide[list(ROLES)].rename_axis(columns=None)


def contact_rules() -> pd.DataFrame:
    """The contact-frequency rule of the course, as a table.

    Returns
    -------
    DataFrame
        Index ``action`` (thank_you, satisfaction_check, cross_sell, churn_watch); columns
        ``from_day`` and ``due_day`` (days after the last purchase; churn_watch: from day 91,
        no deadline) and ``text`` (translated).

    Examples
    --------
    >>> contact_rules().loc["satisfaction_check", "due_day"]
    np.int64(30)
    """
    actions = [*CONTACT_RULES, "churn_watch"]
    return pd.DataFrame(
        {
            "from_day": pd.array([CONTACT_RULES[a][0] for a in CONTACT_RULES] + [91], dtype="Int64"),
            "due_day": pd.array([CONTACT_RULES[a][1] for a in CONTACT_RULES] + [None], dtype="Int64"),
            "text": [_(_CONTACT_TEXT[a]) for a in actions],
        },
        index=pd.Index(actions, name="action"),
    )


def contact_plan(
    orders: pd.DataFrame,
    *,
    as_of: object = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Each customer's next contact under the course's contact-frequency rule.

    The rule, counted from the day of the customer's last purchase L: a thank-you call or
    e-mail within 3 days to a week (due L + 7); a satisfaction check after one month
    (L + 30); a cross-sell offer after three months (L + 90), when churn watch begins. The
    next action is the first whose due day is on or after ``as_of`` (the analysis day);
    after day 90 it is ``churn_watch``, due now. crmlab cannot see which contacts were made:
    the plan says where in the rhythm each customer is.

    Parameters
    ----------
    orders : DataFrame
        Transaction log; a purchase is an order with amount > 0 (as in :func:`rfm`).
    as_of : date-like, optional
        The analysis day; default the day after the last transaction.
    customer, date, amount, returned
        Column names, as in :func:`crmlab.value.rfm`.

    Returns
    -------
    DataFrame
        One row per customer with a purchase before ``as_of``, indexed by customer id;
        columns ``last_purchase``, ``days_since`` (= RFM recency, ≥ 1), ``next_action``
        (categorical code: thank_you, satisfaction_check, cross_sell, churn_watch),
        ``due_date`` and ``days_until_due`` (0 = due today).

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"customer_id": [1, 2], "order_date": ["2024-03-28", "2024-01-10"],
    ...                   "amount": [10.0, 20.0]})
    >>> contact_plan(o, as_of="2024-04-01")["next_action"].tolist()
    ['thank_you', 'cross_sell']
    """
    log = purchase_log(orders, customer=customer, date=date, amount=amount, as_of=as_of, returned=returned)
    t = totals(log)
    keep = t.purchases > 0
    log.warn_non_buyers()
    last = t.last_day[keep]
    since = log.as_of_day - last
    dues = np.array([v[1] for v in CONTACT_RULES.values()], dtype=np.int64)
    action = np.searchsorted(dues, since, side="left")  # first rule with due day ≥ days since
    due_offset = np.where(action < len(dues), dues[np.minimum(action, len(dues) - 1)], since)
    return pd.DataFrame(
        {
            "last_purchase": days_to_dates(last),
            "days_since": since,
            "next_action": pd.Categorical.from_codes(action, categories=[*CONTACT_RULES, "churn_watch"]),
            "due_date": days_to_dates(last + due_offset),
            "days_until_due": due_offset - since,
        },
        index=log.ids[keep],
    )
