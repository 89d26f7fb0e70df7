"""Reference tables of the lesson: what a customer profile holds and where the data comes from."""

from __future__ import annotations

import pandas as pd

from .._checks import check_choice
from ..i18n import N_, _

__all__ = ["profile_fields", "data_sources", "PROFILE_GROUPS"]

#: Field groups of a profile, by kind of customer.
PROFILE_GROUPS = {
    "individual": ("basic", "education", "family", "social", "career", "lifestyle",
                   "personality"),
    "enterprise": ("basic", "traits", "business_status", "trading_status", "credit"),
}

#: Display name of each field group, by kind of customer; the course's Chinese term follows in
#: parentheses (it is the whole of the Chinese translation).
_GROUP_NAMES = {
    # Translators: a group of fields of an individual customer's profile; the course's term is in parentheses.
    ("individual", "basic"): N_("Basic data (基本资料)"),
    ("individual", "education"): N_("Education (教育情况)"),
    ("individual", "family"): N_("Family (家庭情况)"),
    ("individual", "social"): N_("Social life (人际情况)"),
    ("individual", "career"): N_("Career (事业情况)"),
    ("individual", "lifestyle"): N_("Lifestyle (生活情况)"),
    ("individual", "personality"): N_("Personality (个性)"),
    # Translators: a group of fields of a business customer's profile; the course's term is in parentheses.
    ("enterprise", "basic"): N_("Basic company data (基础资料)"),
    ("enterprise", "traits"): N_("Customer traits (客户特征)"),
    ("enterprise", "business_status"): N_("Business status (业务状况)"),
    ("enterprise", "trading_status"): N_("Trading status (交易现状)"),
    ("enterprise", "credit"): N_("Credit (信用状况)"),
}

#: (kind, group, field code, description, crmlab column or "").
_FIELDS = (
    ("individual", "basic", "name", N_("Full name."), "customers.name"),
    ("individual", "basic", "gender", N_("Gender."), "customers.gender"),
    ("individual", "basic", "birth_date", N_("Date of birth (gives the age)."), "customers.birth_date"),
    ("individual", "basic", "id_number", N_("Identity number."), "customers.id_number"),
    ("individual", "basic", "contact", N_("Phone number and e-mail address."), "customers.phone, customers.email"),
    ("individual", "basic", "address", N_("Home address: province, city, street, postcode."),
     "customers.province, customers.city, customers.address, customers.postcode"),
    ("individual", "education", "education", N_("Highest education."), "customers.education"),
    ("individual", "education", "school", N_("Schools attended and field of study."), ""),
    ("individual", "family", "marital_status", N_("Marital status."), "customers.marital_status"),
    ("individual", "family", "household_size", N_("People in the household."), "customers.household_size"),
    ("individual", "family", "family_dates", N_("Children, spouse, family birthdays and anniversaries."), ""),
    ("individual", "social", "memberships", N_("Clubs, associations, social circle."), ""),
    ("individual", "social", "social_media", N_("Social-media accounts and who influences them."), ""),
    ("individual", "career", "occupation", N_("Occupation."), "customers.occupation"),
    ("individual", "career", "income", N_("Yearly income."), "customers.income"),
    ("individual", "career", "employer", N_("Employer, position, career plans."), ""),
    ("individual", "lifestyle", "hobbies", N_("Hobbies, sports, leisure and holidays."), ""),
    ("individual", "lifestyle", "buying_habits", N_("Where, when and how the customer buys."),
     "orders.channel, customers.acquisition_channel"),
    ("individual", "personality", "traits", N_("Character, values, attitude to risk and to us."),
     ""),
    ("enterprise", "basic", "company", N_("Company name, legal form, registered office."),
     "accounts.company, accounts.province, accounts.city"),
    ("enterprise", "basic", "founded", N_("Founding date, owners, history."), "accounts.years_trading"),
    ("enterprise", "basic", "contacts", N_("The people we deal with and their roles."), "contacts.name, contacts.role"),
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    ("enterprise", "traits", "region", N_("Region served (区域)."), "accounts.province"),
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    ("enterprise", "traits", "sales_capacity", N_("Sales capacity (销售能力): size and revenue."),
     "accounts.employees, accounts.annual_revenue"),
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    ("enterprise", "traits", "potential", N_("Development potential (发展潜力)."), "accounts.industry_outlook"),
    ("enterprise", "business_status", "management", N_("Management quality and staff."), "accounts.management_rating"),
    ("enterprise", "business_status", "finances", N_("Equity, debt and profitability."),
     "accounts.equity, accounts.total_debt"),
    ("enterprise", "trading_status", "relationship", N_("Customer since, type of account, share of its purchases."),
     "accounts.since, accounts.account_type, accounts.loyalty"),
    ("enterprise", "trading_status", "orders", N_("Orders, amounts, frequency, disputes."), "invoices.amount"),
    ("enterprise", "credit", "payments", N_("Payment terms and payment record."),
     "accounts.payment_terms_days, invoices.paid_date"),
    ("enterprise", "credit", "collateral", N_("Collateral pledged."), "accounts.collateral_value"),
)

#: (code, origin, kind, examples, archive source).
_SOURCES = (
    ("point_of_sale", "internal", "primary",
     N_("Till receipts, loyalty-card scans and forms filled in at the shop."), "store"),
    ("webshop", "internal", "primary", N_("Online registrations, orders and account settings."), "webshop"),
    ("phone", "internal", "primary", N_("Calls to and from the service line and telesales."), "call_centre"),
    ("events", "internal", "primary", N_("Trade shows, promotions, member events."), "event"),
    ("surveys", "internal", "primary", N_("Questionnaires on site, by phone, by mail or online."), "survey"),
    ("interviews", "internal", "primary", N_("Sales visits and in-depth interviews."), ""),
    ("transaction_records", "internal", "primary",
     N_("Order history, invoices, payments, complaints and returns."), ""),
    ("purchase_lists", "external", "secondary", N_("Address and contact lists bought or rented."), ""),
    ("market_research", "external", "secondary",
     N_("Reports of research firms, trade associations and statistics offices."), ""),
    ("public_records", "external", "secondary",
     N_("Business registers, credit agencies, press and websites."), ""),
)

#: Display name of each data source.
_SOURCE_NAMES = {
    "point_of_sale": N_("Point of sale"),
    "webshop": N_("Webshop"),
    "phone": N_("Phone"),
    "events": N_("Events"),
    "surveys": N_("Surveys"),
    "interviews": N_("Interviews"),
    "transaction_records": N_("Transaction records"),
    "purchase_lists": N_("Purchased lists"),
    "market_research": N_("Market research"),
    "public_records": N_("Public records"),
}


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
        Columns ``kind``, ``group`` (code), ``group_name`` (translated; in English with the
        course's Chinese term in parentheses) and ``description`` (translated), ``field``
        (code) and ``column`` (where the simulated data holds it, "table.column"; empty when
        it does not).

    Examples
    --------
    >>> profile_fields("enterprise")["group"].unique().tolist()
    ['basic', 'traits', 'business_status', 'trading_status', 'credit']
    """
    if kind is not None:
        check_choice("kind", kind, list(PROFILE_GROUPS))
    rows = [
        (k, g, _(_GROUP_NAMES[(k, g)]), f, _(d), c)
        for k, g, f, d, c in _FIELDS
        if kind is None or k == kind
    ]
    cols = ["kind", "group", "group_name", "field", "description", "column"]
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
    rows = [(code, _(_SOURCE_NAMES[code]), origin, kind, _(examples), archive)
            for code, origin, kind, examples, archive in _SOURCES]
    cols = ["source", "name", "origin", "kind", "examples", "archive_source"]
    return pd.DataFrame(rows, columns=cols).astype("str")
