"""Display names of the codes in the data and in analysis results.

Codes (``"web"``, ``"gold"``, ``"after_sales"``) are stable English identifiers in every
language, so the same code runs on every locale and in every language. What a student *reads*
— a legend, a tick label, a widget option — is the code's display name, marked here with
``NP_(kind, name)`` and translated with ``pgettext(kind, name)`` by :func:`crmlab.i18n.label`.
The kind is the translation context: the same code can mean different things in different
places (a membership tier ``"none"`` is not Dick & Basu's ``"none"``).

Each kind lists every code its source defines; ``tests/test_vocabulary.py`` checks that against
the tuples the simulation and the analyses use.
"""

from __future__ import annotations

from .i18n import NP_

__all__ = ["CODES", "lookup"]

#: kind → {code: English display name}. The kind is usually the column's name.
CODES: dict[str, dict[str, str]] = {
    # -- customers -----------------------------------------------------------------------------
    "gender": {"F": NP_("gender", "female"), "M": NP_("gender", "male")},
    "education": {
        "secondary": NP_("education", "secondary school"),
        "vocational": NP_("education", "vocational college"),
        "bachelor": NP_("education", "bachelor's degree"),
        "master": NP_("education", "master's degree"),
        "doctorate": NP_("education", "doctorate"),
    },
    "occupation": {
        "employee": NP_("occupation", "employee"),
        "manager": NP_("occupation", "manager"),
        "professional": NP_("occupation", "professional"),
        "self_employed": NP_("occupation", "self-employed"),
        "student": NP_("occupation", "student"),
        "retired": NP_("occupation", "retired"),
        "other": NP_("occupation", "other"),
    },
    "marital_status": {
        "single": NP_("marital_status", "single"),
        "married": NP_("marital_status", "married"),
        "divorced": NP_("marital_status", "divorced"),
        "widowed": NP_("marital_status", "widowed"),
    },
    "acquisition_channel": {
        "search": NP_("acquisition_channel", "search engine"),
        "social": NP_("acquisition_channel", "social media"),
        "referral": NP_("acquisition_channel", "referral"),
        "store": NP_("acquisition_channel", "store"),
        "marketplace": NP_("acquisition_channel", "marketplace"),
        "direct_mail": NP_("acquisition_channel", "direct mail"),
    },
    "membership_tier": {
        "none": NP_("membership_tier", "not a member"),
        "silver": NP_("membership_tier", "silver"),
        "gold": NP_("membership_tier", "gold"),
        "platinum": NP_("membership_tier", "platinum"),
    },
    "persona": {
        "economic": NP_("persona", "economic"),
        "ethical": NP_("persona", "ethical"),
        "personalising": NP_("persona", "personalising"),
        "convenience": NP_("persona", "convenience"),
    },
    # -- orders --------------------------------------------------------------------------------
    "order_channel": {
        "store": NP_("order_channel", "store"),
        "web": NP_("order_channel", "web shop"),
        "app": NP_("order_channel", "app"),
        "phone": NP_("order_channel", "phone"),
    },
    "category": {
        "groceries": NP_("category", "groceries"),
        "household": NP_("category", "household goods"),
        "electronics": NP_("category", "electronics"),
        "apparel": NP_("category", "apparel"),
        "beauty": NP_("category", "beauty"),
        "home": NP_("category", "home and living"),
    },
    "product": {
        "rice": NP_("product", "rice"),
        "cooking_oil": NP_("product", "cooking oil"),
        "beer": NP_("product", "beer"),
        "snacks": NP_("product", "snacks"),
        "tea": NP_("product", "tea"),
        "milk": NP_("product", "milk"),
        "diapers": NP_("product", "diapers"),
        "detergent": NP_("product", "detergent"),
        "paper_towels": NP_("product", "paper towels"),
        "toothpaste": NP_("product", "toothpaste"),
        "phone": NP_("product", "mobile phone"),
        "phone_case": NP_("product", "phone case"),
        "printer": NP_("product", "printer"),
        "ink_cartridge": NP_("product", "ink cartridge"),
        "headphones": NP_("product", "headphones"),
        "shirt": NP_("product", "shirt"),
        "trousers": NP_("product", "trousers"),
        "shoes": NP_("product", "shoes"),
        "socks": NP_("product", "socks"),
        "shampoo": NP_("product", "shampoo"),
        "conditioner": NP_("product", "conditioner"),
        "face_cream": NP_("product", "face cream"),
        "lipstick": NP_("product", "lipstick"),
        "bedding": NP_("product", "bedding"),
        "cookware": NP_("product", "cookware"),
        "lamp": NP_("product", "lamp"),
        "storage_box": NP_("product", "storage box"),
    },
    # -- surveys and complaints ----------------------------------------------------------------
    "attribute": {
        "quality": NP_("attribute", "product quality"),
        "service": NP_("attribute", "service"),
        "delivery": NP_("attribute", "delivery"),
        "price": NP_("attribute", "price"),
        "after_sales": NP_("attribute", "after-sales service"),
    },
    "survey_method": {
        "on_site": NP_("survey_method", "on-site questionnaire"),
        "phone": NP_("survey_method", "phone interview"),
        "mail": NP_("survey_method", "mail questionnaire"),
        "online": NP_("survey_method", "online survey"),
    },
    "complaint_category": {
        "product_quality": NP_("complaint_category", "product quality"),
        "staff_attitude": NP_("complaint_category", "staff attitude"),
        "delivery": NP_("complaint_category", "delivery"),
        "billing": NP_("complaint_category", "billing"),
        "after_sales": NP_("complaint_category", "after-sales service"),
    },
    "complaint_channel": {
        "phone": NP_("complaint_channel", "phone"),
        "email": NP_("complaint_channel", "e-mail"),
        "app": NP_("complaint_channel", "app"),
        "store": NP_("complaint_channel", "store"),
        "social_media": NP_("complaint_channel", "social media"),
    },
    "severity": {
        "low": NP_("severity", "low"),
        "medium": NP_("severity", "medium"),
        "high": NP_("severity", "high"),
    },
    "resolution": {
        "refund": NP_("resolution", "refund"),
        "replacement": NP_("resolution", "replacement"),
        "repair": NP_("resolution", "repair"),
        "apology": NP_("resolution", "apology"),
        "compensation": NP_("resolution", "compensation"),
        "rejected": NP_("resolution", "rejected"),
        "unresolved": NP_("resolution", "unresolved"),
    },
    "complaint_step": {
        "record": NP_("complaint_step", "record the complaint"),
        "judge_validity": NP_("complaint_step", "judge its validity"),
        "route": NP_("complaint_step", "route to the department"),
        "analyse_cause": NP_("complaint_step", "analyse the cause"),
        "propose_fix": NP_("complaint_step", "propose a fix"),
        "approve": NP_("complaint_step", "approve the fix"),
        "carry_out": NP_("complaint_step", "carry out the fix"),
        "review": NP_("complaint_step", "review"),
    },
    "campaign_channel": {
        "direct_mail": NP_("campaign_channel", "direct mail"),
        "email": NP_("campaign_channel", "e-mail"),
        "sms": NP_("campaign_channel", "SMS"),
    },
    # -- the raw archive -----------------------------------------------------------------------
    "source": {
        "store": NP_("source", "store"),
        "webshop": NP_("source", "web shop"),
        "call_centre": NP_("source", "call centre"),
        "event": NP_("source", "event"),
        "survey": NP_("source", "survey"),
    },
    # -- business accounts ---------------------------------------------------------------------
    "account_type": {
        "distributor": NP_("account_type", "distributor"),
        "agent": NP_("account_type", "agent"),
        "wholesaler": NP_("account_type", "wholesaler"),
        "retailer": NP_("account_type", "retailer"),
    },
    "industry": {
        "electronics": NP_("industry", "electronics"),
        "building_materials": NP_("industry", "building materials"),
        "food": NP_("industry", "food"),
        "textiles": NP_("industry", "textiles"),
        "machinery": NP_("industry", "machinery"),
    },
    "loyalty": {
        "high": NP_("loyalty", "high loyalty"),
        "medium": NP_("loyalty", "medium loyalty"),
        "low": NP_("loyalty", "low loyalty"),
    },
    "role": {
        "user": NP_("role", "user"),
        "influencer": NP_("role", "influencer"),
        "decider": NP_("role", "decider"),
        "approver": NP_("role", "approver"),
        "buyer": NP_("role", "buyer"),
        "gatekeeper": NP_("role", "gatekeeper"),
    },
}


def lookup(code: str, kind: str | None = None) -> tuple[str, str] | None:
    """``(context, English name)`` of ``code``, or None if no kind names it.

    With a ``kind``, only that kind is searched (falling back to a kind-less search when the
    kind is unknown or lacks the code). Without one, the code's name is returned when every kind
    that has the code names it alike; an ambiguous code gives None.
    """
    if kind is not None:
        names = CODES.get(kind)
        if names is not None and code in names:
            return kind, names[code]
    found = [(k, names[code]) for k, names in CODES.items() if code in names]
    if not found or len({name for _kind, name in found}) > 1:
        return None
    return found[0]
