"""Reference tables of the lesson: what a customer profile holds and where the data comes from."""

from __future__ import annotations

import pandas as pd

from .._checks import check_choice
from ..i18n import _

__all__ = ["profile_fields", "data_sources", "PROFILE_GROUPS"]

#: Field groups of a profile, by kind of customer.
PROFILE_GROUPS = {
    "individual": ("basic", "education", "family", "social", "career", "lifestyle",
                   "personality"),
    "enterprise": ("basic", "traits", "business_status", "trading_status", "credit"),
}

_GROUP_ZH = {
    ("individual", "basic"): "基本资料", ("individual", "education"): "教育背景",
    ("individual", "family"): "家庭情况", ("individual", "social"): "社会关系",
    ("individual", "career"): "事业状况", ("individual", "lifestyle"): "生活方式",
    ("individual", "personality"): "个性", ("enterprise", "basic"): "基础资料",
    ("enterprise", "traits"): "客户特征", ("enterprise", "business_status"): "业务状况",
    ("enterprise", "trading_status"): "交易现状", ("enterprise", "credit"): "信用状况",
}


def _group_names() -> dict[str, str]:
    return {
        "basic": _("Basic data"), "education": _("Education"), "family": _("Family"),
        "social": _("Social life"), "career": _("Career"), "lifestyle": _("Lifestyle"),
        "personality": _("Personality"), "traits": _("Customer traits"),
        "business_status": _("Business status"), "trading_status": _("Trading status"),
        "credit": _("Credit"),
    }


def _fields() -> tuple:
    """(kind, group, field code, translated description, crmlab column or "")."""
    return (
        ("individual", "basic", "name", _("Full name."), "customers.name"),
        ("individual", "basic", "gender", _("Gender."), "customers.gender"),
        ("individual", "basic", "birth_date", _("Date of birth (gives the age)."), "customers.birth_date"),
        ("individual", "basic", "id_number", _("Identity number."), "customers.id_number"),
        ("individual", "basic", "contact", _("Phone number and e-mail address."), "customers.phone, customers.email"),
        ("individual", "basic", "address", _("Home address: province, city, street, postcode."),
         "customers.province, customers.city, customers.address, customers.postcode"),
        ("individual", "education", "education", _("Highest education."), "customers.education"),
        ("individual", "education", "school", _("Schools attended and field of study."), ""),
        ("individual", "family", "marital_status", _("Marital status."), "customers.marital_status"),
        ("individual", "family", "household_size", _("People in the household."), "customers.household_size"),
        ("individual", "family", "family_dates", _("Children, spouse, family birthdays and anniversaries."), ""),
        ("individual", "social", "memberships", _("Clubs, associations, social circle."), ""),
        ("individual", "social", "social_media", _("Social-media accounts and who influences them."), ""),
        ("individual", "career", "occupation", _("Occupation."), "customers.occupation"),
        ("individual", "career", "income", _("Yearly income."), "customers.income"),
        ("individual", "career", "employer", _("Employer, position, career plans."), ""),
        ("individual", "lifestyle", "hobbies", _("Hobbies, sports, leisure and holidays."), ""),
        ("individual", "lifestyle", "buying_habits", _("Where, when and how the customer buys."),
         "orders.channel, customers.acquisition_channel"),
        ("individual", "personality", "traits", _("Character, values, attitude to risk and to us."),
         ""),
        ("enterprise", "basic", "company", _("Company name, legal form, registered office."),
         "accounts.company, accounts.province, accounts.city"),
        ("enterprise", "basic", "founded", _("Founding date, owners, history."), "accounts.years_trading"),
        ("enterprise", "basic", "contacts", _("The people we deal with and their roles."), "contacts.name, contacts.role"),
        ("enterprise", "traits", "region", _("Region served (区域)."), "accounts.province"),
        ("enterprise", "traits", "sales_capacity", _("Sales capacity (销售能力): size and revenue."),
         "accounts.employees, accounts.annual_revenue"),
        ("enterprise", "traits", "potential", _("Development potential (发展潜力)."), "accounts.industry_outlook"),
        ("enterprise", "business_status", "management", _("Management quality and staff."), "accounts.management_rating"),
        ("enterprise", "business_status", "finances", _("Equity, debt and profitability."),
         "accounts.equity, accounts.total_debt"),
        ("enterprise", "trading_status", "relationship", _("Customer since, type of account, share of its purchases."),
         "accounts.since, accounts.account_type, accounts.loyalty"),
        ("enterprise", "trading_status", "orders", _("Orders, amounts, frequency, disputes."), "invoices.amount"),
        ("enterprise", "credit", "payments", _("Payment terms and payment record."),
         "accounts.payment_terms_days, invoices.paid_date"),
        ("enterprise", "credit", "collateral", _("Collateral pledged."), "accounts.collateral_value"),
    )


def _sources() -> tuple:
    """(code, origin, kind, translated examples, archive source)."""
    return (
        ("point_of_sale", "internal", "primary",
         _("Till receipts, loyalty-card scans and forms filled in at the shop."), "store"),
        ("webshop", "internal", "primary", _("Online registrations, orders and account settings."), "webshop"),
        ("phone", "internal", "primary", _("Calls to and from the service line and telesales."), "call_centre"),
        ("events", "internal", "primary", _("Trade shows, promotions, member events."), "event"),
        ("surveys", "internal", "primary", _("Questionnaires on site, by phone, by mail or online."), "survey"),
        ("interviews", "internal", "primary", _("Sales visits and in-depth interviews."), ""),
        ("transaction_records", "internal", "primary",
         _("Order history, invoices, payments, complaints and returns."), ""),
        ("purchase_lists", "external", "secondary", _("Address and contact lists bought or rented."), ""),
        ("market_research", "external", "secondary",
         _("Reports of research firms, trade associations and statistics offices."), ""),
        ("public_records", "external", "secondary",
         _("Business registers, credit agencies, press and websites."), ""),
    )


def profile_fields(kind: str | None = None) -> pd.DataFrame:
    """What a customer profile (客户档案) records, by group.

    Individual customers: basic data, education, family, social life, career, lifestyle,
    personality. Business customers: basic data, customer traits (区域 region, 销售能力
    sales capacity, 发展潜力 development potential), business status, trading status, credit.

    Parameters
    ----------
    kind : {"individual", "enterprise"} or None
        One kind, or both (default).

    Returns
    -------
    pandas.DataFrame
        Columns ``kind``, ``group`` (code), ``group_zh`` (course term), ``group_name`` and
        ``description`` (translated), ``field`` (code) and ``column`` (where the simulated
        data holds it, "table.column"; empty when it does not).

    Examples
    --------
    >>> profile_fields("enterprise")["group"].unique().tolist()
    ['basic', 'traits', 'business_status', 'trading_status', 'credit']
    """
    if kind is not None:
        check_choice("kind", kind, list(PROFILE_GROUPS))
    groups = _group_names()
    rows = [
        (k, g, _GROUP_ZH[(k, g)], groups[g], f, d, c)
        for k, g, f, d, c in _fields()
        if kind is None or k == kind
    ]
    cols = ["kind", "group", "group_zh", "group_name", "field", "description", "column"]
    return pd.DataFrame(rows, columns=cols).astype("str")


def data_sources() -> pd.DataFrame:
    """Where customer data comes from: internal or external, primary or secondary.

    *Internal* data arise inside the firm, *external* data are obtained from outside.
    *Primary* (first-hand, 一手资料) data are collected by the firm directly from the
    customer; *secondary* (second-hand, 二手资料) data were compiled by someone else for
    another purpose.

    Returns
    -------
    pandas.DataFrame
        Columns ``source`` (code), ``name`` and ``examples`` (translated), ``origin``
        ("internal"/"external"), ``kind`` ("primary"/"secondary") and ``archive_source``
        (the value of ``archive.source`` for records from this channel, else empty).

    Examples
    --------
    >>> data_sources().query("origin == 'external'")["source"].tolist()
    ['purchase_lists', 'market_research', 'public_records']
    """
    names = {
        "point_of_sale": _("Point of sale"), "webshop": _("Webshop"), "phone": _("Phone"),
        "events": _("Events"), "surveys": _("Surveys"), "interviews": _("Interviews"),
        "transaction_records": _("Transaction records"),
        "purchase_lists": _("Purchased lists"), "market_research": _("Market research"),
        "public_records": _("Public records"),
    }
    rows = [(code, names[code], origin, kind, examples, archive)
            for code, origin, kind, examples, archive in _sources()]
    cols = ["source", "name", "origin", "kind", "examples", "archive_source"]
    return pd.DataFrame(rows, columns=cols).astype("str")
