"""Every table and column of the simulated company: type, unit and meaning.

This is the single source of truth for dtypes (generation, saving and loading agree through
it) and for the column tables of the data card (``datasets/README.md``).

Types: ``int`` (int64), ``Int`` (nullable Int64), ``float`` (float64), ``bool``, ``date``
(datetime64[s] at midnight), ``str`` (pandas string), ``cat`` (categorical with the listed
values, in that order).

The "about" texts and column descriptions are English, marked for translation (``N_``) so that
a translated data card can be rendered from them with ``crmlab.i18n._(text)``.
"""

from __future__ import annotations

from ..i18n import N_
from .config import (
    ACQUISITION_CHANNELS,
    ATTRIBUTES,
    CAMPAIGN_CHANNELS,
    CATEGORIES,
    COMPLAINT_CATEGORIES,
    COMPLAINT_CHANNELS,
    COMPLAINT_STEPS,
    ORDER_CHANNELS,
    PERSONAS,
    RESOLUTIONS,
    STAGES,
    SURVEY_METHODS,
    TIERS,
)
from .lines import PRODUCTS
from .population import EDUCATION, MARITAL, OCCUPATION

Column = tuple[str, object, str]  # name, type, description

#: Descriptions of the survey's attribute columns (expectation, perceived performance,
#: importance), written out whole so that each is one message to translate.
_ATTRIBUTE_TEXT = {
    "quality": (
        N_("Expectation of product quality before buying (1–10)."),
        N_("Perceived performance on product quality (1–10)."),
        N_("Importance of product quality to the respondent (1–10)."),
    ),
    "service": (
        N_("Expectation of service (staff, attention) before buying (1–10)."),
        N_("Perceived performance on service (staff, attention) (1–10)."),
        N_("Importance of service (staff, attention) to the respondent (1–10)."),
    ),
    "delivery": (
        N_("Expectation of delivery speed and reliability before buying (1–10)."),
        N_("Perceived performance on delivery speed and reliability (1–10)."),
        N_("Importance of delivery speed and reliability to the respondent (1–10)."),
    ),
    "price": (
        N_("Expectation of price / value for money before buying (1–10)."),
        N_("Perceived performance on price / value for money (1–10)."),
        N_("Importance of price / value for money to the respondent (1–10)."),
    ),
    "after_sales": (
        N_("Expectation of after-sales service before buying (1–10)."),
        N_("Perceived performance on after-sales service (1–10)."),
        N_("Importance of after-sales service to the respondent (1–10)."),
    ),
}

TABLES: dict[str, dict] = {
    "customers": {
        "about": N_("One row per individual customer: the clean master record (客户档案)."),
        "columns": [
            ("customer_id", "int", N_("Customer key, 1 … N.")),
            ("name", "str", N_("Full name.")),
            ("gender", ("cat", ("F", "M")), N_("F or M.")),
            ("birth_date", "date", N_("Date of birth.")),
            ("phone", "str", N_("Mobile phone, canonical format of the locale.")),
            ("email", "str", N_("E-mail address.")),
            ("province", "str", N_("Province (zh_CN) or state (en_US), official full name.")),
            ("city", "str", N_("City; always lies in `province`.")),
            ("address", "str", N_("Street-level address.")),
            ("postcode", "str", N_("Postal code (6 digits zh_CN, ZIP en_US).")),
            ("id_number", "str", N_("zh_CN: 18-digit resident ID (agrees with birth date and gender); en_US: masked SSN.")),
            ("education", ("cat", EDUCATION), N_("Highest education.")),
            ("occupation", ("cat", OCCUPATION), N_("Occupation.")),
            ("marital_status", ("cat", MARITAL), N_("Marital status.")),
            ("household_size", "int", N_("People in the household (1 …).")),
            ("income", "float", N_("Yearly personal income, currency units.")),
            ("signup_date", "date", N_("Date the customer was first registered (can precede the window).")),
            ("acquisition_channel", ("cat", ACQUISITION_CHANNELS), N_("How the customer was acquired.")),
            ("membership_tier", ("cat", TIERS), N_("Loyalty-programme tier at the end of the window: none (not a member), silver, gold (≥ 600 spent in the last 365 days), platinum (≥ 1,500).")),
        ],
    },
    "orders": {
        "about": N_("One row per order in the window, sorted by date (several orders a day are possible)."),
        "columns": [
            ("order_id", "int", N_("Order key, in date order.")),
            ("customer_id", "int", N_("Who ordered (customers.customer_id).")),
            ("order_date", "date", N_("Day of the order.")),
            ("amount", "float", N_("Amount paid, currency units, after discount (2 decimals, > 0). Returned orders keep their amount; see `returned`.")),
            ("channel", ("cat", ORDER_CHANNELS), N_("Sales channel.")),
            ("category", ("cat", CATEGORIES), N_("Product category.")),
            ("quantity", "int", N_("Items in the order (≥ 1).")),
            ("discount", "float", N_("Discount applied, as a share of the price (0, 0.05, 0.1, 0.2 or 0.3).")),
            ("returned", "bool", N_("The goods were returned (the amount was refunded).")),
        ],
    },
    "order_lines": {
        "about": N_("One row per product in an order (its lines): what was bought together, for basket analysis (购物篮分析)."),
        "columns": [
            ("order_id", "int", N_("The order (orders.order_id); every order has at least one line.")),
            ("line", "int", N_("Line number within the order, 1, 2 …; line 1 is a product of the order's `category`.")),
            ("product", ("cat", PRODUCTS), N_("Product.")),
            ("category", ("cat", CATEGORIES), N_("The product's category.")),
            ("quantity", "int", N_("Items of the product (≥ 1); the lines of an order add up to its `quantity`.")),
            ("amount", "float", N_("The line's share of the order's amount, currency units; the lines of an order add up to its `amount`.")),
        ],
    },
    "surveys": {
        "about": N_("One row per satisfaction-survey response (at most one per customer). Scales: 1–10 unless stated."),
        "columns": [
            ("survey_id", "int", N_("Response key, in date order.")),
            ("customer_id", "int", N_("Respondent.")),
            ("survey_date", "date", N_("Day answered.")),
            ("method", ("cat", SURVEY_METHODS), N_("How the survey was run.")),
            *[(f"expect_{a}", "int", _ATTRIBUTE_TEXT[a][0]) for a in ATTRIBUTES],
            *[(f"perform_{a}", "int", _ATTRIBUTE_TEXT[a][1]) for a in ATTRIBUTES],
            *[(f"importance_{a}", "int", _ATTRIBUTE_TEXT[a][2]) for a in ATTRIBUTES],
            ("satisfaction_overall", "int", N_("Overall satisfaction (1–10).")),
            ("satisfaction_vs_expectation", "int", N_("Satisfaction compared with expectations (1–10).")),
            ("satisfaction_vs_ideal", "int", N_("Closeness to an ideal supplier (1–10).")),
            ("product_satisfaction", "int", N_("Satisfaction with the products (1–10).")),
            ("service_satisfaction", "int", N_("Satisfaction with the service (1–10).")),
            ("recommend", "int", N_("Likelihood to recommend (0–10): the NPS question.")),
            ("repurchase_intention", "int", N_("Intention to buy again (1–10).")),
            ("price_sensitivity", "int", N_("Would switch for a lower price (1–10, 10 = very price sensitive).")),
            ("competitor_attitude", "int", N_("Interest in competitors' offers (1–10, 10 = very open to competitors).")),
            ("defect_tolerance", "int", N_("Would forgive a quality problem (1–10, 10 = very tolerant).")),
            ("choice_minutes", "float", N_("Minutes the respondent says they spend choosing a purchase.")),
        ],
    },
    "complaints": {
        "about": N_("One row per complaint (投诉)."),
        "columns": [
            ("complaint_id", "int", N_("Complaint key.")),
            ("customer_id", "int", N_("Who complained.")),
            ("opened_date", "date", N_("Day the complaint was made.")),
            ("resolved_date", "date", N_("Day the fix was carried out (missing if rejected or not resolved by the end).")),
            ("category", ("cat", COMPLAINT_CATEGORIES), N_("What the complaint is about.")),
            ("channel", ("cat", COMPLAINT_CHANNELS), N_("How it reached the firm.")),
            ("severity", ("cat", ("low", "medium", "high")), N_("Severity.")),
            ("valid", "bool", N_("Judged valid in the second handling step.")),
            ("resolution", ("cat", RESOLUTIONS), N_("Outcome: the remedy, `rejected` (judged invalid) or `unresolved`.")),
            ("resolution_satisfaction", "Int", N_("Customer's satisfaction with the handling (1–10); missing if not asked or not answered.")),
            ("steps_completed", "int", N_("Handling steps completed by the end (0–8); see complaint_steps.")),
        ],
    },
    "complaint_steps": {
        # the eight steps of crmlab.simulate.config.COMPLAINT_STEPS, in order (a test checks it)
        "about": N_(
            "One row per completed handling step of a complaint: record → judge_validity → route → "
            "analyse_cause → propose_fix → approve → carry_out → review."
        ),
        "columns": [
            ("complaint_id", "int", N_("Complaint (complaints.complaint_id).")),
            ("step_no", "int", N_("1 … 8, in process order.")),
            ("step", ("cat", COMPLAINT_STEPS), N_("Step name.")),
            ("completed_date", "date", N_("Day the step was completed.")),
        ],
    },
    "campaigns": {
        "about": N_("One row per customer contacted in a direct-marketing campaign."),
        "columns": [
            ("contact_id", "int", N_("Contact key.")),
            ("campaign_id", "int", N_("Campaign number (1, 2 …), one every 120 days.")),
            ("campaign_date", "date", N_("Day the campaign was sent.")),
            ("channel", ("cat", CAMPAIGN_CHANNELS), N_("Medium.")),
            ("customer_id", "int", N_("Contacted customer.")),
            ("responded", "bool", N_("Bought in response within 30 days.")),
            ("response_date", "date", N_("Day of the response purchase (missing if none).")),
            ("response_amount", "float", N_("Value of the response purchase, currency units (0 if none). Not repeated in orders.")),
        ],
    },
}

TRUTH: dict[str, dict] = {
    "truth_customers": {
        "about": N_("Hidden truth about each customer, for checking methods — not for use in analyses."),
        "columns": [
            ("customer_id", "int", N_("Customer.")),
            ("persona", ("cat", PERSONAS), N_("Marketing type: economic, ethical, personalising or convenience.")),
            ("satisfaction", "float", N_("Latent satisfaction at the end of the window (1–10).")),
            ("loyalty", "float", N_("Latent attitudinal loyalty at the end (0–1).")),
            ("churned", "bool", N_("Stopped buying for good by the end.")),
            ("churn_date", "date", N_("Day the relationship ended (missing if not churned).")),
            ("lifecycle_stage", ("cat", STAGES), N_("Stage at the end (see the data card for the rule).")),
            ("purchase_rate", "float", N_("Orders per year while active.")),
            ("purchase_rhythm", "float", N_("Regularity of gaps between orders (gamma shape; 1 = random, higher = more regular).")),
            ("mean_order_value", "float", N_("Expected amount of one order, currency units.")),
            ("next_purchase_date", "date", N_("First order after the end (missing if none within a year or churned).")),
            ("expected_value_12m", "float", N_("Expected spend in the 12 months after the end under the model.")),
            ("future_value_12m", "float", N_("Spend actually simulated in the 12 months after the end (returns excluded).")),
        ],
    },
    "truth_baskets": {
        "about": N_("Hidden truth of basket analysis: the product pairs planted to be bought together, and how strongly."),
        "columns": [
            ("product", ("cat", PRODUCTS), N_("First product of the pair.")),
            ("partner", ("cat", PRODUCTS), N_("The product planted to go with it (the pair works both ways).")),
            ("partner_probability", "float", N_("Chance that a further line of an order starting with `product` holds `partner` (and vice versa).")),
            ("support", "float", N_("Share of purchases (orders not returned) holding both, measured on the data.")),
            ("lift", "float", N_("Lift of the pair on the purchases: P(both) / (P(product) × P(partner)), measured on the data.")),
        ],
    },
}


def dtype_of(spec: object) -> str:
    """The pandas dtype name for a column type spec."""
    if isinstance(spec, tuple):
        return "category"
    return {
        "int": "int64",
        "Int": "Int64",
        "float": "float64",
        "bool": "bool",
        "date": "datetime64[s]",
        "str": "str",
    }[spec]


def all_tables() -> dict[str, dict]:
    """Every table's schema, including those owned by the identity, archive and accounts modules."""
    from .accounts import SCHEMA as ACCOUNTS_SCHEMA
    from .archive import SCHEMA as ARCHIVE_SCHEMA

    merged = {**TABLES, **ARCHIVE_SCHEMA, **ACCOUNTS_SCHEMA, **TRUTH}
    visible = [t for t in merged if not t.startswith("truth")]
    truth = ["truth_customers", "truth_archive", "truth_accounts", "truth_baskets"]
    truth += [t for t in merged if t.startswith("truth") and t not in truth]
    return {t: merged[t] for t in visible + truth}


def conform(name: str, frame):
    """Return ``frame`` with exactly the schema's columns, order and dtypes."""
    import pandas as pd

    spec = all_tables()[name]["columns"]
    out = {}
    for col, kind, _ in spec:
        values = frame[col]
        if isinstance(kind, tuple):
            out[col] = pd.Categorical(values, categories=list(kind[1]))
        elif kind == "date":
            out[col] = pd.to_datetime(values).astype("datetime64[s]")
        else:
            out[col] = values.astype(dtype_of(kind)) if hasattr(values, "astype") else pd.array(values, dtype=dtype_of(kind))
    return pd.DataFrame(out)


def markdown(name: str) -> str:
    """The data card's column table of one table (Markdown)."""
    spec = all_tables()[name]
    lines = [f"### `{name}`", "", spec["about"], "", "| column | type | meaning |", "|---|---|---|"]
    for col, kind, text in spec["columns"]:
        shown = "category: " + ", ".join(f"`{v}`" for v in kind[1]) if isinstance(kind, tuple) else kind
        lines.append(f"| `{col}` | {shown} | {text} |")
    return "\n".join(lines)
