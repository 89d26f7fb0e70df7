"""Exercise 05 — customer lifecycle and churn (lesson 05): the churn rate, lifecycle stages, cohort
retention, churn by tier, complaints and churn, Kaplan–Meier survival and the development funnel."""

from __future__ import annotations

from ...i18n import N_, NP_
from ..compare import calls, choice, chosen, frame, known_mistakes, number, series
from ..feedback import Outcome, incorrect
from ..options import Option
from ..spec import ExerciseSpec, Question, Wrong

SETUP = """\
customers = ex.data.customers
orders = ex.data.orders
complaints = ex.data.complaints
as_of = ex.as_of
"""

THRESHOLD_DAYS = 180
STAGE_NAMES = ("establishment", "development", "maintenance", "recovery", "lapsed")
#: The day of the survival question: the share of relationships lasting longer than this.
SURVIVAL_DAY = 365


# In this exercise a returned order still counts as a purchase (its notebook says so): the references
# read the orders with returned=None.


# -- q1: churn rate ---------------------------------------------------------------------------------
def _flags(ex):
    import crmlab.lifecycle as lc

    return lc.churn_flags(ex.data.orders, threshold_days=THRESHOLD_DAYS, as_of=ex.as_of, returned=None)


def _churn_rate(ex) -> float:
    return float(_flags(ex)["churned"].mean())


def _churn_all_customers(ex) -> float:
    """Known mistake: the churned buyers divided by every registered customer."""
    return float(_flags(ex)["churned"].sum() / len(ex.data.customers))


def _active_share(ex) -> float:
    """Known mistake: the share of buyers still active."""
    return 1 - _churn_rate(ex)


# -- q2: lifecycle stages -------------------------------------------------------------------------
def _stages(ex):
    import crmlab.lifecycle as lc

    return lc.lifecycle_stage(ex.data.orders, as_of=ex.as_of, returned=None)[["customer_id", "stage"]]


def _compare_stages():
    import pandas as pd

    base = frame(key="customer_id", columns=["stage"], unit=NP_("row unit", "customer"), atol=0)

    def compare(answer, expected, ex=None):
        fb = base(answer, expected, ex)
        if fb.outcome is not Outcome.INCORRECT or fb.key != "wrong_column_values":
            return fb
        given = answer["stage"] if isinstance(answer, pd.DataFrame) and "stage" in answer.columns else None
        if given is None:
            return fb
        values = given.astype("object")
        odd = values[values.notna() & ~values.isin(STAGE_NAMES)]
        if len(odd):
            return incorrect("ex05_stage_labels", example=repr(str(odd.iloc[0]))[:40])
        if not (values == "recovery").any() and (expected["stage"].astype("object") == "recovery").any():
            return incorrect("ex05_no_recovery")
        return fb

    return compare


# -- q3: cohort retention -----------------------------------------------------------------------------
def _retention(ex):
    import crmlab.lifecycle as lc

    return lc.cohort_retention(ex.data.orders, as_of=ex.as_of, returned=None)


def _compare_retention():
    """Key-aligned comparison in which an empty cell (NaN) and 0 are the same: months nobody of
    the cohort bought in may be missing from a pivot, and months after the data ends are NaN."""
    import numpy as np
    import pandas as pd

    base = frame(key="cohort", unit=NP_("row unit", "cohort"), rtol=1e-6, atol=1e-9)

    def compare(answer, expected, ex=None):
        if isinstance(answer, pd.DataFrame):
            has_key = "cohort" in answer.columns or "cohort" in answer.index.names
            missing = [c for c in expected.columns if c not in answer.columns]
            if has_key and missing:
                return incorrect("ex05_period_columns", missing=len(missing))
            try:
                numeric = answer.select_dtypes("number").columns
                answer = answer.fillna({c: 0 for c in numeric})
            except (TypeError, ValueError):
                pass
        fb = base(answer, expected.fillna(0), ex)
        if (
            fb.outcome is Outcome.INCORRECT
            and fb.key == "wrong_column_values"
            and isinstance(answer, pd.DataFrame)
            and 0 in answer.columns
        ):
            first = pd.to_numeric(answer[0], errors="coerce").to_numpy(dtype=float)
            first = first[~np.isnan(first)]
            if len(first) and first.min() >= 1 and first.max() > 1:
                return incorrect("ex05_retention_counts")
        return fb

    return compare


# -- q4: churn rate by membership tier (picture) -----------------------------------------------------
TIER_OPTIONS = (
    Option("gap_causal", N_("Gold and platinum churn far less, which proves that moving any customer up to "
                            "gold would cut their churn.")),
    Option("no_difference", N_("All four tiers churn at about the overall rate: membership makes no "
                               "difference.")),
    Option("gap_not_causal", N_("Gold and platinum churn far less; but the tier needs recent spending, so "
                                "this is no proof the programme works.")),
    Option("platinum_most", N_("Platinum members churn the most: the best customers are the likeliest to "
                               "leave.")),
)


def _tier_reading(ex) -> str:
    import crmlab.lifecycle as lc

    rates = lc.churn_rate(_flags(ex), "membership_tier", groups=ex.data.customers)
    r = rates.set_index(rates["membership_tier"].astype(str))["churn_rate"]
    if max(r["gold"], r["platinum"]) < 0.5 * min(r["none"], r["silver"]):
        return "gap_not_causal"
    if r.max() - r.min() < 0.05:
        return "no_difference"
    if r.idxmax() == "platinum":
        return "platinum_most"
    return "?"  # none of the pictures described: the simulation has changed


# -- q5: badly handled complaints and churn --------------------------------------------------------
COMPLAINT_OPTIONS = (
    Option("less", N_("They churn less often: customers who complain are attached to the firm, however it "
                      "went.")),
    Option("more", N_("They churn more often: handling complaints well is a counter-measure against "
                      "churn.")),
    Option("discourage", N_("They churn more often, so complaints cause churn: the firm should make "
                            "complaining harder.")),
    Option("equal", N_("Both groups churn at the same rate: complaint handling has nothing to do with "
                       "churn.")),
)


def _complaint_effect(ex) -> str:
    c = ex.data.complaints
    bad = c["resolution"].astype("object").isin(["rejected", "unresolved"]).to_numpy() | (
        c["resolution_satisfaction"].astype("float64").fillna(99).to_numpy() <= 4
    )
    flags = _flags(ex)
    had_bad = flags["customer_id"].isin(c.loc[bad, "customer_id"])
    with_bad = flags.loc[had_bad, "churned"].mean()
    others = flags.loc[~had_bad, "churned"].mean()
    if with_bad > others:
        return "more"
    if with_bad < others:
        return "less"
    return "equal"


# -- q6: Kaplan–Meier survival ---------------------------------------------------------------------
def _days(n: int):
    import pandas as pd

    return pd.Timedelta(days=n)


def _relationships(ex, *, threshold: int = THRESHOLD_DAYS):
    """Each buyer's duration (days) and whether the relationship ended (for known mistakes)."""
    orders, as_of = ex.data.orders, ex.as_of
    per = orders.groupby("customer_id")["order_date"].agg(["min", "max"])
    end = per["max"] + _days(threshold)
    ended = end <= as_of
    return (end.where(ended, as_of) - per["min"]).dt.days, ended


def _survival(ex) -> float:
    """S(365): the Kaplan–Meier share of relationships lasting longer than 365 days (crmlab)."""
    import crmlab.lifecycle as lc

    curve = lc.survival_curve(ex.data.orders, threshold_days=THRESHOLD_DAYS, as_of=ex.as_of, returned=None)
    return float(curve.loc[curve["day"] <= SURVIVAL_DAY, "survival"].iloc[-1])


def _survival_censored_as_lost(ex) -> float:
    duration, _ended = _relationships(ex)
    return float((duration > SURVIVAL_DAY).mean())


def _survival_censored_dropped(ex) -> float:
    duration, ended = _relationships(ex)
    known = ended | (duration > SURVIVAL_DAY)
    return float((duration[known] > SURVIVAL_DAY).mean())


def _survival_without_threshold(ex) -> float:
    """Known mistake: the relationship taken to end on the last purchase day."""
    import crmlab.lifecycle as lc

    orders, as_of = ex.data.orders, ex.as_of
    per = orders.groupby("customer_id")["order_date"].agg(["min", "max"])
    ended = per["max"] + _days(THRESHOLD_DAYS) <= as_of
    duration = (per["max"].where(ended, as_of) - per["min"]).dt.days
    curve = lc.kaplan_meier(duration.to_numpy(), ended.to_numpy())
    return float(curve.loc[curve["day"] <= SURVIVAL_DAY, "survival"].iloc[-1])


# -- q7: the development funnel --------------------------------------------------------------------
def _funnel(ex, *, nested: bool = True):
    import crmlab.lifecycle as lc

    f = lc.development_funnel(ex.data.orders, ex.data.customers, as_of=ex.as_of, nested=nested, returned=None)
    return f.set_index("stage")["customers"].rename_axis(None)


def _funnel_repeat_orders(ex):
    """Known mistake: repeat customers counted by orders, not by purchase days."""
    import numpy as np

    ref = _funnel(ex).copy()
    orders = ex.data.orders
    n_orders = orders.groupby("customer_id").size()
    days = orders.assign(day=orders["order_date"].dt.normalize()).groupby("customer_id")["day"].nunique()
    repeat_by_orders = n_orders >= 2
    ref["repeat_customer"] = int(repeat_by_orders.sum())
    extra = repeat_by_orders & (days < 2)
    return ref if bool(np.any(extra)) else ref * np.nan


#: This exercise's own messages: the diagnoses of its typical slips (key → English text).
MESSAGES = {
    "ex05_all_customers": N_(
        "You divided by every registered customer. The churn rate is a share of the buyers: the "
        "customers with at least one order."
    ),
    "ex05_active_share": N_(
        "This looks like the share of buyers who are still active. The churn rate is the share "
        "flagged as churned (silent for at least 180 days)."
    ),
    "ex05_stage_labels": N_(
        "Column `stage` holds {example}, which is not one of the stage names `establishment`, "
        "`development`, `maintenance`, `recovery`, `lapsed`."
    ),
    "ex05_no_recovery": N_(
        "No customer is in `recovery`. Apply the rhythm rule (at least 3 purchase days and a "
        "silence longer than 3 × the customer's own mean gap) after the lapsed rule and before "
        "the tenure rules."
    ),
    "ex05_retention_counts": N_(
        "Your table holds numbers of customers. Divide each row by its cohort's size (column 0) "
        "to get shares from 0 to 1."
    ),
    "ex05_period_columns": N_(
        "Your table should have one column per whole number of months since the cohort month (0, "
        "1, 2 … as numbers, not text); {missing:,} of these columns are missing."
    ),
    "ex05_tier_causal": N_(
        "The chart compares groups; it cannot say what would happen to a customer moved into another "
        "tier. How is the tier at the end of 2025 decided, and who can still hold it?"
    ),
    "ex05_groups_swapped": N_(
        "Check which group is which: the first is the buyers with at least one badly handled "
        "complaint, the second all the other buyers."
    ),
    "ex05_complaints_gold": N_(
        "The comparison is between badly handled complaints and everything else: it is the handling "
        "that goes with churn, not the complaint. A complaint shows what to fix."
    ),
    "ex05_censored_as_lost": N_(
        "You counted customers still active today as lost. A customer whose clock has run for less "
        "than 365 days is censored: they count among those at risk until their last day seen, and "
        "never as an ending."
    ),
    "ex05_censored_dropped": N_(
        "You left out the customers still active today whose clock has run for less than 365 days. "
        "Kaplan–Meier keeps them: they count among those at risk until their last day seen."
    ),
    "ex05_no_threshold": N_(
        "A relationship ends 180 days after the last purchase — the day the churn rule would call the "
        "customer lost — not on the last purchase day."
    ),
    "ex05_funnel_not_nested": N_(
        "Each step counts only the customers who also passed every step above it: a member who is not "
        "a client is not counted as a member, so the counts never rise down the funnel."
    ),
    "ex05_repeat_days": N_(
        "A repeat customer bought on at least two different days; two orders on the same day are one "
        "purchase occasion."
    ),
}


EXERCISE = ExerciseSpec(
    id="05",
    title=N_("Customer lifecycle and churn"),
    notebook="05_lifecycle_churn.ipynb",
    messages=MESSAGES,
    setup=SETUP,
    questions=(
        Question(
            name="q1",
            kind="value",
            title=N_("Churn rate: the share of buyers silent for at least 180 days on the analysis date"),
            answer="churn_rate",
            solution=(
                "last = orders.groupby('customer_id')['order_date'].max()\n"
                "days_since = (as_of - last).dt.days\n"
                "churn_rate = (days_since >= 180).mean()"
            ),
            reference=_churn_rate,
            compare=known_mistakes(
                number(rtol=1e-6),
                ((_churn_all_customers, "ex05_all_customers"), (_active_share, "ex05_active_share")),
            ),
            hints=(
                N_("Work per customer, not per order: find each buyer's last order date, then count how "
                   "many days lie between it and `as_of`."),
                N_("Group by `customer_id` and take the latest `order_date`; subtracting it from "
                   "`as_of` gives time spans, and `.dt.days` whole days. Churned means at least 180 "
                   "days."),
                N_("Compare the days with 180 to get one True/False per buyer; the mean of a "
                   "True/False Series is the share of True."),
            ),
            wrong=(
                Wrong(
                    "last = orders.groupby('customer_id')['order_date'].max()\n"
                    "churn_rate = 100 * ((as_of - last).dt.days >= 180).mean()",
                    "percent_vs_fraction",
                ),
                Wrong(
                    "last = orders.groupby('customer_id')['order_date'].max()\n"
                    "churn_rate = ((as_of - last).dt.days >= 180).sum() / len(customers)",
                    "ex05_all_customers",
                ),
                Wrong(
                    "last = orders.groupby('customer_id')['order_date'].max()\n"
                    "churn_rate = ((as_of - last).dt.days < 180).mean()",
                    "ex05_active_share",
                ),
                Wrong("churn_rate = ((as_of - orders['order_date']).dt.days >= 180).mean()", "wrong_value"),
            ),
            wrong_type=(
                "last = orders.groupby('customer_id')['order_date'].max()\n"
                "churn_rate = (as_of - last).dt.days >= 180"
            ),
        ),
        Question(
            name="q2",
            kind="function",
            title=N_("Write lifecycle_stages(orders, as_of): each buyer's lifecycle stage by the lesson's rules"),
            answer="lifecycle_stages",
            solution=(
                "def lifecycle_stages(orders, as_of):\n"
                "    days = orders[['customer_id', 'order_date']].drop_duplicates()\n"
                "    per = days.groupby('customer_id')['order_date'].agg(['min', 'max', 'count'])\n"
                "    tenure = (as_of - per['min']).dt.days\n"
                "    since = (as_of - per['max']).dt.days\n"
                "    mean_gap = (per['max'] - per['min']).dt.days / (per['count'] - 1)\n"
                "    stage = np.select(\n"
                "        [since >= 180, (per['count'] >= 3) & (since > 3 * mean_gap), tenure < 180, tenure < 540],\n"
                "        ['lapsed', 'recovery', 'establishment', 'development'],\n"
                "        default='maintenance')\n"
                "    return pd.DataFrame({'customer_id': per.index, 'stage': stage})"
            ),
            reference=_stages,
            compare=calls(
                lambda ex: {"orders": ex.data.orders, "as_of": ex.as_of},
                _compare_stages(),
                call="lifecycle_stages(orders, as_of)",
            ),
            hints=(
                N_("First summarise each customer: first and last purchase day and the number of distinct "
                   "purchase days. Then apply the five rules in the given order: the first rule that holds wins."),
                N_("Drop duplicate (customer, day) pairs before counting purchase days. Tenure and silence are "
                   "`(as_of - date).dt.days`; mean gap = (last − first).days / (purchase days − 1)."),
                N_("`np.select(conditions, choices, default=…)` tries the conditions in order: "
                   "`'lapsed'` (silent for 180 days or more), then `'recovery'` (3 purchase days or more "
                   "and a silence longer than 3 mean gaps), then `'establishment'` (tenure under 180 "
                   "days) and `'development'` (under 540); `'maintenance'` is the default."),
            ),
            wrong=(
                Wrong(
                    "def lifecycle_stages(orders, as_of):\n"
                    "    per = orders.groupby('customer_id')['order_date'].agg(['min', 'max'])\n"
                    "    tenure = (as_of - per['min']).dt.days\n"
                    "    since = (as_of - per['max']).dt.days\n"
                    "    stage = np.select([since >= 180, tenure < 180, tenure < 540],\n"
                    "                      ['lapsed', 'establishment', 'development'], default='maintenance')\n"
                    "    return pd.DataFrame({'customer_id': per.index, 'stage': stage})",
                    "ex05_no_recovery",
                ),
                Wrong(
                    "def lifecycle_stages(orders, as_of):\n"
                    "    orders['since'] = (as_of - orders['order_date']).dt.days\n"
                    "    days = orders[['customer_id', 'order_date']].drop_duplicates()\n"
                    "    per = days.groupby('customer_id')['order_date'].agg(['min', 'max', 'count'])\n"
                    "    tenure = (as_of - per['min']).dt.days\n"
                    "    since = (as_of - per['max']).dt.days\n"
                    "    mean_gap = (per['max'] - per['min']).dt.days / (per['count'] - 1)\n"
                    "    stage = np.select(\n"
                    "        [since >= 180, (per['count'] >= 3) & (since > 3 * mean_gap), tenure < 180, tenure < 540],\n"
                    "        ['lapsed', 'recovery', 'establishment', 'development'], default='maintenance')\n"
                    "    return pd.DataFrame({'customer_id': per.index, 'stage': stage})",
                    "function_mutated",
                ),
                Wrong(
                    "def lifecycle_stages(orders, as_of):\n"
                    "    per = orders.groupby('customer_id')['order_date'].agg(['min', 'max'])\n"
                    "    since = (as_of - per['max']).dt.days\n"
                    "    stage = np.where(since >= 180, 'churned', 'active')\n"
                    "    return pd.DataFrame({'customer_id': per.index, 'stage': stage})",
                    "ex05_stage_labels",
                ),
                Wrong(
                    "def lifecycle_stages(orders, as_of):\n"
                    "    per = orders.groupby('customer_id')['order_date'].agg(['min', 'max'])\n"
                    "    stage = np.where((as_of - per['max']).dt.days >= 180, 'lapsed', 'maintenance')\n"
                    "    pd.DataFrame({'customer_id': per.index, 'stage': stage})",
                    "forgot_return",
                ),
            ),
            wrong_type="lifecycle_stages = 'maintenance'",
        ),
        Question(
            name="q3",
            kind="table",
            title=N_("Build the monthly cohort retention table (share of each cohort buying k months after its first month)"),
            answer="retention",
            solution=(
                "first_month = orders.groupby('customer_id')['order_date'].transform('min').dt.to_period('M')\n"
                "month = orders['order_date'].dt.to_period('M')\n"
                "active = pd.DataFrame({\n"
                "    'customer_id': orders['customer_id'],\n"
                "    'cohort': first_month,\n"
                "    'period': (month.dt.year - first_month.dt.year) * 12 + (month.dt.month - first_month.dt.month)})\n"
                "counts = active.groupby(['cohort', 'period'])['customer_id'].nunique().unstack()\n"
                "retention = counts.div(counts[0], axis=0)"
            ),
            reference=_retention,
            compare=_compare_retention(),
            hints=(
                N_("Give every order two labels: the customer's cohort (the month of their first order) and "
                   "how many months after that month the order falls. Then count distinct customers per "
                   "(cohort, months after) and divide each row by its cohort's size."),
                N_("`transform('min')` on the order dates grouped by `customer_id` puts each "
                   "customer's first order date on every order row; `.dt.to_period('M')` turns a "
                   "date into its month. Months apart = 12 × (difference of years) + (difference of "
                   "months)."),
                N_("Count the distinct customers per (cohort, months after) pair and `unstack()` "
                   "the months into columns; then divide every row by its column 0 (the cohort's "
                   "size) with `div(…, axis=0)`."),
            ),
            wrong=(
                Wrong(
                    "first_month = orders.groupby('customer_id')['order_date'].transform('min').dt.to_period('M')\n"
                    "month = orders['order_date'].dt.to_period('M')\n"
                    "active = pd.DataFrame({'customer_id': orders['customer_id'], 'cohort': first_month,\n"
                    "    'period': (month.dt.year - first_month.dt.year) * 12 + (month.dt.month - first_month.dt.month)})\n"
                    "retention = active.groupby(['cohort', 'period'])['customer_id'].nunique().unstack()",
                    "ex05_retention_counts",
                ),
                Wrong(
                    "first_month = orders.groupby('customer_id')['order_date'].transform('min').dt.to_period('M')\n"
                    "month = orders['order_date'].dt.to_period('M')\n"
                    "active = pd.DataFrame({'customer_id': orders['customer_id'], 'cohort': first_month,\n"
                    "    'period': (month.dt.year - first_month.dt.year) * 12 + (month.dt.month - first_month.dt.month)})\n"
                    "counts = active.groupby(['cohort', 'period'])['customer_id'].nunique().unstack()\n"
                    "retention = 100 * counts.div(counts[0], axis=0)",
                    "percent_vs_fraction",
                ),
                Wrong(
                    "first_month = orders.groupby('customer_id')['order_date'].transform('min').dt.to_period('M')\n"
                    "month = orders['order_date'].dt.to_period('M')\n"
                    "active = pd.DataFrame({'customer_id': orders['customer_id'], 'cohort': first_month,\n"
                    "    'period': (month.dt.year - first_month.dt.year) * 12 + (month.dt.month - first_month.dt.month)})\n"
                    "counts = active.groupby(['cohort', 'period']).size().unstack()\n"
                    "retention = counts.div(counts[0], axis=0)",
                    "wrong_column_values",
                ),
                Wrong(
                    "first_month = orders.groupby('customer_id')['order_date'].transform('min').dt.to_period('M')\n"
                    "month = orders['order_date'].dt.to_period('M')\n"
                    "active = pd.DataFrame({'customer_id': orders['customer_id'], 'cohort': first_month,\n"
                    "    'period': (month.dt.year - first_month.dt.year) * 12 + (month.dt.month - first_month.dt.month)})\n"
                    "counts = active.groupby(['cohort', 'period'])['customer_id'].nunique().unstack()\n"
                    "retention = counts.div(counts[0], axis=0)\n"
                    "retention.columns = [f'month_{k}' for k in retention.columns]",
                    "ex05_period_columns",
                ),
            ),
            wrong_type=(
                "first_month = orders.groupby('customer_id')['order_date'].transform('min').dt.to_period('M')\n"
                "retention = first_month.value_counts()"
            ),
        ),
        Question(
            name="q4",
            kind="picture",
            title=N_("Read the churn-rate distribution chart by membership tier"),
            answer="tier_reading",
            solution="tier_reading = ex.q4.letter('gap_not_causal')",
            reference=_tier_reading,
            compare=known_mistakes(choice(TIER_OPTIONS), chosen({"gap_causal": "ex05_tier_causal"})),
            hints=(
                N_("Compare the height of each bar with the dashed line (the overall churn rate): which tiers "
                   "lie far below it?"),
                N_("Then remember how the tier is defined: it is the tier at the end of 2025, and gold needs "
                   "at least 600 currency units spent in the last 365 days. Can a customer who stopped buying a year ago still "
                   "be gold?"),
            ),
            options=TIER_OPTIONS,
            wrong=(
                Wrong("tier_reading = ex.q4.letter('gap_causal')", "ex05_tier_causal"),
                Wrong("tier_reading = ex.q4.letter('no_difference')", "wrong_choice"),
            ),
            wrong_type="tier_reading = 3",
        ),
        Question(
            name="q5",
            kind="choice",
            title=N_("Do buyers with a badly handled complaint churn more often than the other buyers?"),
            answer="complaint_effect",
            solution=(
                "last = orders.groupby('customer_id')['order_date'].max()\n"
                "churned = (as_of - last).dt.days >= 180\n"
                "bad = (complaints['resolution'].isin(['rejected', 'unresolved'])\n"
                "       | (complaints['resolution_satisfaction'] <= 4).fillna(False))\n"
                "had_bad = churned.index.isin(complaints.loc[bad, 'customer_id'])\n"
                "print(churned[had_bad].mean(), churned[~had_bad].mean())\n"
                "complaint_effect = ex.q5.letter('more')"
            ),
            reference=_complaint_effect,
            compare=known_mistakes(
                choice(COMPLAINT_OPTIONS),
                chosen({"less": "ex05_groups_swapped", "discourage": "ex05_complaints_gold"}),
            ),
            hints=(
                N_("Reuse the churn flags of question 1 (one True/False per buyer, indexed by customer_id), "
                   "then split the buyers into two groups by whether they appear among the badly handled complaints."),
                N_("A missing `resolution_satisfaction` makes `<= 4` give <NA>: use `.fillna(False)` before "
                   "combining with `|`. `churned.index.isin(ids)` marks the buyers of the first group; compare "
                   "the mean of the flags in each group."),
            ),
            options=COMPLAINT_OPTIONS,
            wrong=(
                Wrong("complaint_effect = ex.q5.letter('less')", "ex05_groups_swapped"),
                Wrong("complaint_effect = ex.q5.letter('discourage')", "ex05_complaints_gold"),
                Wrong("complaint_effect = ex.q5.letter('equal')", "wrong_choice"),
            ),
            wrong_type="complaint_effect = True",
        ),
        Question(
            name="q6",
            kind="value",
            title=N_("Kaplan–Meier: the share of customer relationships that last longer than 365 days"),
            answer="survival_365",
            solution=(
                "per = orders.groupby('customer_id')['order_date'].agg(['min', 'max'])\n"
                "end = per['max'] + pd.Timedelta(days=180)\n"
                "ended = end <= as_of\n"
                "duration = (end.where(ended, as_of) - per['min']).dt.days\n"
                "times = np.sort(duration[ended & (duration <= 365)].unique())\n"
                "at_risk = np.array([(duration >= t).sum() for t in times])\n"
                "endings = np.array([(ended & (duration == t)).sum() for t in times])\n"
                "survival_365 = np.prod(1 - endings / at_risk)"
            ),
            reference=_survival,
            compare=known_mistakes(
                number(rtol=1e-6),
                (
                    (_survival_censored_as_lost, "ex05_censored_as_lost"),
                    (_survival_censored_dropped, "ex05_censored_dropped"),
                    (_survival_without_threshold, "ex05_no_threshold"),
                ),
            ),
            hints=(
                N_("First one duration per buyer: the clock starts at the first purchase; the relationship ends "
                   "180 days after the last purchase if that day is on or before `as_of` (an ending), otherwise "
                   "the customer is still active and is followed until `as_of` (censored)."),
                N_("At each distinct duration t up to 365 with at least one ending: n = the customers whose "
                   "duration is at least t (still at risk), d = the endings at exactly t. Survival is the "
                   "product of (1 − d / n) over those t."),
                N_("The smallest and largest `order_date` of each customer are the first and last purchase; "
                   "`Series.where(cond, other)` picks the end or `as_of` per row. Or give the durations and "
                   "the ending flags to the lesson's `crmlab.lifecycle.kaplan_meier` and read the curve at "
                   "day 365."),
            ),
            wrong=(
                Wrong(
                    "per = orders.groupby('customer_id')['order_date'].agg(['min', 'max'])\n"
                    "end = per['max'] + pd.Timedelta(days=180)\n"
                    "duration = (end.where(end <= as_of, as_of) - per['min']).dt.days\n"
                    "survival_365 = (duration > 365).mean()",
                    "ex05_censored_as_lost",
                ),
                Wrong(
                    "per = orders.groupby('customer_id')['order_date'].agg(['min', 'max'])\n"
                    "end = per['max'] + pd.Timedelta(days=180)\n"
                    "ended = end <= as_of\n"
                    "duration = (end.where(ended, as_of) - per['min']).dt.days\n"
                    "known = ended | (duration > 365)\n"
                    "survival_365 = (duration[known] > 365).mean()",
                    "ex05_censored_dropped",
                ),
                Wrong(
                    "per = orders.groupby('customer_id')['order_date'].agg(['min', 'max'])\n"
                    "ended = per['max'] + pd.Timedelta(days=180) <= as_of\n"
                    "duration = (per['max'].where(ended, as_of) - per['min']).dt.days\n"
                    "curve = crmlab.lifecycle.kaplan_meier(duration, ended)\n"
                    "survival_365 = curve.loc[curve['day'] <= 365, 'survival'].iloc[-1]",
                    "ex05_no_threshold",
                ),
            ),
            wrong_type=(
                "curve = crmlab.lifecycle.survival_curve(orders, threshold_days=180, as_of=as_of)\n"
                "survival_365 = curve['survival']"
            ),
        ),
        Question(
            name="q7",
            kind="table",
            title=N_("The customer development funnel: how many customers reach each step"),
            answer="funnel",
            solution=(
                "by = orders['customer_id']\n"
                "per = pd.DataFrame({'days': orders['order_date'].dt.normalize().groupby(by).nunique(),\n"
                "                    'recent': (orders['order_date'] >= as_of - pd.Timedelta(days=365)).groupby(by).sum(),\n"
                "                    'last': orders['order_date'].groupby(by).max()})\n"
                "tier = customers.set_index('customer_id')['membership_tier'].reindex(per.index)\n"
                "repeat = per['days'] >= 2\n"
                "client = repeat & (per['recent'] >= 4)\n"
                "member = client & (tier != 'none')\n"
                "funnel = pd.Series({'prospect': len(customers), 'first_time_buyer': len(per),\n"
                "                    'repeat_customer': repeat.sum(), 'client': client.sum(), 'member': member.sum(),\n"
                "                    'lapsed': ((as_of - per['last']).dt.days >= 180).sum()})"
            ),
            reference=_funnel,
            compare=known_mistakes(
                series(unit=NP_("row unit", "step of the funnel"), index=N_("the step codes")),
                (
                    (lambda ex: _funnel(ex, nested=False), "ex05_funnel_not_nested"),
                    (_funnel_repeat_orders, "ex05_repeat_days"),
                ),
            ),
            hints=(
                N_("Summarise each buyer first: on how many different days they ordered, how many orders "
                   "they placed in the 365 days before `as_of`, and their last order date. Each step of the "
                   "ladder is then a True/False per buyer."),
                N_("Nest the steps: a client must also be a repeat customer, a member must also be a client "
                   "(combine the conditions with `&`). Prospects are all registered customers; `lapsed` is a "
                   "side exit counted over all buyers."),
                N_("Return a Series indexed by the step codes `prospect`, `first_time_buyer`, "
                   "`repeat_customer`, `client`, `member`, `lapsed`, holding the numbers of customers."),
            ),
            wrong=(
                Wrong(
                    "by = orders['customer_id']\n"
                    "per = pd.DataFrame({'days': orders['order_date'].dt.normalize().groupby(by).nunique(),\n"
                    "    'recent': (orders['order_date'] >= as_of - pd.Timedelta(days=365)).groupby(by).sum(),\n"
                    "    'last': orders['order_date'].groupby(by).max()})\n"
                    "tier = customers.set_index('customer_id')['membership_tier'].reindex(per.index)\n"
                    "funnel = pd.Series({'prospect': len(customers), 'first_time_buyer': len(per),\n"
                    "                    'repeat_customer': (per['days'] >= 2).sum(), 'client': (per['recent'] >= 4).sum(),\n"
                    "                    'member': (tier != 'none').sum(),\n"
                    "                    'lapsed': ((as_of - per['last']).dt.days >= 180).sum()})",
                    "ex05_funnel_not_nested",
                ),
                Wrong(
                    "by = orders['customer_id']\n"
                    "per = pd.DataFrame({'days': orders['order_date'].dt.normalize().groupby(by).nunique(),\n"
                    "    'recent': (orders['order_date'] >= as_of - pd.Timedelta(days=365)).groupby(by).sum(),\n"
                    "    'last': orders['order_date'].groupby(by).max()})\n"
                    "funnel = pd.Series({'prospect': len(customers), 'first_time_buyer': len(per),\n"
                    "                    'repeat_customer': (per['days'] >= 2).sum(),\n"
                    "                    'lapsed': ((as_of - per['last']).dt.days >= 180).sum()})",
                    "wrong_length",
                ),
            ),
            wrong_type="funnel = len(customers)",
        ),
    ),
)
