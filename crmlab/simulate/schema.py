"""Every table and column of the simulated company: type, unit and meaning.

This is the single source of truth for dtypes (generation, saving and loading agree through
it) and for the column tables of the data card (``datasets/README.md``).

Types: ``int`` (int64), ``Int`` (nullable Int64), ``float`` (float64), ``bool``, ``date``
(datetime64[s] at midnight), ``str`` (pandas string), ``cat`` (categorical with the listed
values, in that order).
"""

from __future__ import annotations

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
from .population import EDUCATION, MARITAL, OCCUPATION

Column = tuple[str, object, str]  # name, type, description

_ATTR = {
    "quality": "product quality",
    "service": "service (staff, attention)",
    "delivery": "delivery speed and reliability",
    "price": "price / value for money",
    "after_sales": "after-sales service",
}

TABLES: dict[str, dict] = {
    "customers": {
        "about": "One row per individual customer: the clean master record (客户档案).",
        "columns": [
            ("customer_id", "int", "Customer key, 1 … N."),
            ("name", "str", "Full name."),
            ("gender", ("cat", ("F", "M")), "F or M."),
            ("birth_date", "date", "Date of birth."),
            ("phone", "str", "Mobile phone, canonical format of the locale."),
            ("email", "str", "E-mail address."),
            ("province", "str", "Province (zh_CN) or state (en_US), official full name."),
            ("city", "str", "City; always lies in `province`."),
            ("address", "str", "Street-level address."),
            ("postcode", "str", "Postal code (6 digits zh_CN, ZIP en_US)."),
            ("id_number", "str", "zh_CN: 18-digit resident ID (agrees with birth date and gender); en_US: masked SSN."),
            ("education", ("cat", EDUCATION), "Highest education."),
            ("occupation", ("cat", OCCUPATION), "Occupation."),
            ("marital_status", ("cat", MARITAL), "Marital status."),
            ("household_size", "int", "People in the household (1 …)."),
            ("income", "float", "Yearly personal income, currency units."),
            ("signup_date", "date", "Date the customer was first registered (can precede the window)."),
            ("acquisition_channel", ("cat", ACQUISITION_CHANNELS), "How the customer was acquired."),
            ("membership_tier", ("cat", TIERS), "Loyalty-programme tier at the end of the window: none (not a member), silver, gold (≥ 600 spent in the last 365 days), platinum (≥ 1,500)."),
        ],
    },
    "orders": {
        "about": "One row per order in the window, sorted by date (several orders a day are possible).",
        "columns": [
            ("order_id", "int", "Order key, in date order."),
            ("customer_id", "int", "Who ordered (customers.customer_id)."),
            ("order_date", "date", "Day of the order."),
            ("amount", "float", "Amount paid, currency units, after discount (2 decimals, > 0). Returned orders keep their amount; see `returned`."),
            ("channel", ("cat", ORDER_CHANNELS), "Sales channel."),
            ("category", ("cat", CATEGORIES), "Product category."),
            ("quantity", "int", "Items in the order (≥ 1)."),
            ("discount", "float", "Discount rate applied (0, 0.05, 0.1, 0.2 or 0.3)."),
            ("returned", "bool", "The goods were returned (the amount was refunded)."),
        ],
    },
    "surveys": {
        "about": "One row per satisfaction-survey response (at most one per customer). Scales: 1–10 unless stated.",
        "columns": [
            ("survey_id", "int", "Response key, in date order."),
            ("customer_id", "int", "Respondent."),
            ("survey_date", "date", "Day answered."),
            ("method", ("cat", SURVEY_METHODS), "How the survey was run."),
            *[(f"expect_{a}", "int", f"Expectation of {_ATTR[a]} before buying (1–10).") for a in ATTRIBUTES],
            *[(f"perform_{a}", "int", f"Perceived performance on {_ATTR[a]} (1–10).") for a in ATTRIBUTES],
            *[(f"importance_{a}", "int", f"Importance of {_ATTR[a]} to the respondent (1–10).") for a in ATTRIBUTES],
            ("satisfaction_overall", "int", "Overall satisfaction (1–10)."),
            ("satisfaction_vs_expectation", "int", "Satisfaction compared with expectations (1–10)."),
            ("satisfaction_vs_ideal", "int", "Closeness to an ideal supplier (1–10)."),
            ("product_satisfaction", "int", "Satisfaction with the products (1–10)."),
            ("service_satisfaction", "int", "Satisfaction with the service (1–10)."),
            ("recommend", "int", "Likelihood to recommend (0–10): the NPS question."),
            ("repurchase_intention", "int", "Intention to buy again (1–10)."),
            ("price_sensitivity", "int", "Would switch for a lower price (1–10, 10 = very price sensitive)."),
            ("competitor_attitude", "int", "Interest in competitors' offers (1–10, 10 = very open to competitors)."),
            ("defect_tolerance", "int", "Would forgive a quality problem (1–10, 10 = very tolerant)."),
            ("choice_minutes", "float", "Minutes the respondent says they spend choosing a purchase."),
        ],
    },
    "complaints": {
        "about": "One row per complaint (投诉).",
        "columns": [
            ("complaint_id", "int", "Complaint key."),
            ("customer_id", "int", "Who complained."),
            ("opened_date", "date", "Day the complaint was made."),
            ("resolved_date", "date", "Day the fix was carried out (missing if rejected or not resolved by the end)."),
            ("category", ("cat", COMPLAINT_CATEGORIES), "What the complaint is about."),
            ("channel", ("cat", COMPLAINT_CHANNELS), "How it reached the firm."),
            ("severity", ("cat", ("low", "medium", "high")), "Severity."),
            ("valid", "bool", "Judged valid in the second handling step."),
            ("resolution", ("cat", RESOLUTIONS), "Outcome: the remedy, `rejected` (judged invalid) or `unresolved`."),
            ("resolution_satisfaction", "Int", "Customer's satisfaction with the handling (1–10); missing if not asked or not answered."),
            ("steps_completed", "int", "Handling steps completed by the end (0–8); see complaint_steps."),
        ],
    },
    "complaint_steps": {
        "about": "One row per completed handling step of a complaint: " + " → ".join(COMPLAINT_STEPS) + ".",
        "columns": [
            ("complaint_id", "int", "Complaint (complaints.complaint_id)."),
            ("step_no", "int", "1 … 8, in process order."),
            ("step", ("cat", COMPLAINT_STEPS), "Step name."),
            ("completed_date", "date", "Day the step was completed."),
        ],
    },
    "campaigns": {
        "about": "One row per customer contacted in a direct-marketing campaign.",
        "columns": [
            ("contact_id", "int", "Contact key."),
            ("campaign_id", "int", "Campaign number (1, 2 …), one every 120 days."),
            ("campaign_date", "date", "Day the campaign was sent."),
            ("channel", ("cat", CAMPAIGN_CHANNELS), "Medium."),
            ("customer_id", "int", "Contacted customer."),
            ("responded", "bool", "Bought in response within 30 days."),
            ("response_date", "date", "Day of the response purchase (missing if none)."),
            ("response_amount", "float", "Value of the response purchase, currency units (0 if none). Not repeated in orders."),
        ],
    },
}

TRUTH: dict[str, dict] = {
    "truth_customers": {
        "about": "Hidden truth about each customer, for checking methods — not for use in analyses.",
        "columns": [
            ("customer_id", "int", "Customer."),
            ("persona", ("cat", PERSONAS), "Marketing type: economic, ethical, personalising or convenience."),
            ("satisfaction", "float", "Latent satisfaction at the end of the window (1–10)."),
            ("loyalty", "float", "Latent attitudinal loyalty at the end (0–1)."),
            ("churned", "bool", "Stopped buying for good by the end."),
            ("churn_date", "date", "Day the relationship ended (missing if not churned)."),
            ("lifecycle_stage", ("cat", STAGES), "Stage at the end (see the data card for the rule)."),
            ("purchase_rate", "float", "Orders per year while active."),
            ("purchase_rhythm", "float", "Regularity of gaps between orders (gamma shape; 1 = random, higher = more regular)."),
            ("mean_order_value", "float", "Expected amount of one order, currency units."),
            ("next_purchase_date", "date", "First order after the end (missing if none within a year or churned)."),
            ("expected_value_12m", "float", "Expected spend in the 12 months after the end under the model."),
            ("future_value_12m", "float", "Spend actually simulated in the 12 months after the end (returns excluded)."),
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
    truth = ["truth_customers", "truth_archive", "truth_accounts"]
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
