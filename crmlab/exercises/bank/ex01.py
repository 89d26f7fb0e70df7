"""Exercise 01 — the customer archive and profiling (lesson 01)."""

from __future__ import annotations

from ...i18n import N_, NP_
from ..compare import calls, choice, chosen, frame, known_mistakes, number, series
from ..options import Option
from ..spec import ExerciseSpec, Question, Wrong

SETUP = """\
customers = ex.data.customers
orders = ex.data.orders
archive = ex.data.archive
accounts = ex.data.accounts
contacts = ex.data.contacts
as_of = ex.as_of
"""

#: Keys of answers of the wrong kind: no diagnosis of the values is tried for them.


# -- q1: distinct buyers -------------------------------------------------------------------------
def _buyers(ex) -> int:
    return len(set(ex.data.orders["customer_id"].dropna().tolist()))


def _orders_count(ex) -> int:
    return int(len(ex.data.orders))


def _customers_count(ex) -> int:
    return int(len(ex.data.customers))


def _buyers_without_returns(ex) -> int:
    o = ex.data.orders
    return int(o.loc[~o["returned"], "customer_id"].nunique())


# -- q2: age on a date ---------------------------------------------------------------------------
def _age_table(ex):
    import pandas as pd

    import crmlab

    c = ex.data.customers
    return pd.DataFrame({"customer_id": c["customer_id"], "age": crmlab.profile.age(c["birth_date"], ex.as_of)})


def _age_no_birthday(ex):
    import pandas as pd

    c = ex.data.customers
    years = ex.as_of.year - pd.to_datetime(c["birth_date"]).dt.year
    return pd.DataFrame({"customer_id": c["customer_id"], "age": years})


def _age_from_days(days_per_year: float):
    def reference(ex):
        import numpy as np
        import pandas as pd

        c = ex.data.customers
        days = (ex.as_of - pd.to_datetime(c["birth_date"])).dt.days
        return pd.DataFrame({"customer_id": c["customer_id"], "age": np.floor(days / days_per_year)})

    return reference


# -- q3: missing values per field ------------------------------------------------------------------
def _completeness(ex):
    import crmlab

    return crmlab.profile.completeness(ex.data.archive).set_index("field")


def _missing_share(ex):
    t = _completeness(ex)
    return (t["missing"] / t["rows"]).rename_axis(None)


def _filled_share(ex):
    return _completeness(ex)["completeness"].rename_axis(None)


def _missing_count(ex):
    return _completeness(ex)["missing"].astype("float64").rename_axis(None)


# -- q4: the matching threshold ------------------------------------------------------------------
THRESHOLD_OPTIONS = (
    Option("lower_threshold", N_("Lower it (say to 50): more true duplicates are found, so fewer people get "
                                 "two letters.")),
    Option("exact_match", N_("Match only on exact name, birth date, phone and e-mail: it never merges "
                             "strangers and misses few duplicates.")),
    Option("raise_threshold", N_("Raise it (say to 90): surer merges, more duplicates missed; pairs just "
                                 "below it go to a person.")),
    Option("keep_70", N_("Keep 70 whatever the business: the threshold moves recall but leaves precision "
                         "where it is.")),
)


def _threshold_choice(ex) -> str:
    """Raise the threshold — a higher threshold trades recall for precision — checked on this
    archive (and exact matching misses most duplicates)."""
    import crmlab

    profile = crmlab.profile
    scored = profile.score_pairs(ex.data.archive)
    curve = profile.threshold_curve(scored, ex.data.truth_archive, thresholds=[70, 90]).set_index("threshold")
    low, high = curve.loc[70], curve.loc[90]
    exact = profile.match_quality(profile.exact_duplicates(ex.data.archive), ex.data.truth_archive)
    if high["precision"] >= low["precision"] and high["recall"] < low["recall"] and float(exact["recall"].iloc[0]) < 0.5:
        return "raise_threshold"
    return "?"  # the simulated archive no longer shows the trade-off


# -- q5: the acquisition channels ------------------------------------------------------------------
CHANNEL_OPTIONS = (
    Option("two_fifths", N_("Search and marketplace lead, with about a fifth of the customers each.")),
    Option("store_largest", N_("The physical store brings more customers than any other channel.")),
    Option("two_over_half", N_("Search and marketplace together bring over half of all the customers.")),
    Option("mail_over_social", N_("Direct mail brings more customers than social media does.")),
)


def _channel_reading(ex) -> str:
    """The one statement the acquisition-channel picture of this company supports ("?" if
    none, or more than one, holds: the simulation would have changed)."""
    import crmlab

    summary = crmlab.profile.profile_summary(ex.data.customers, as_of=ex.as_of)
    shares = summary.loc[summary["variable"] == "acquisition_channel"].set_index("category")["share"]
    shares = shares.drop("missing", errors="ignore").sort_values(ascending=False)
    top = set(shares.index[:2])
    holds = {
        "two_fifths": top == {"search", "marketplace"} and 0.15 <= shares.iloc[1] <= shares.iloc[0] <= 0.3,
        "store_largest": shares.index[0] == "store",
        "two_over_half": float(shares.get("search", 0) + shares.get("marketplace", 0)) > 0.5,
        "mail_over_social": float(shares.get("direct_mail", 0)) > float(shares.get("social", 0)),
    }
    true = [key for key, ok in holds.items() if ok]
    return true[0] if len(true) == 1 else "?"


# -- q6: buying-centre coverage --------------------------------------------------------------------
def _coverage(ex):
    import crmlab

    centre = crmlab.profile.buying_centre(ex.data.contacts, ex.data.accounts)
    return crmlab.profile.role_coverage(centre).set_index("role")["share"].rename_axis(None)


def _coverage_of_contacts(ex):
    """Known mistake: the accounts with each role divided by the number of contacts."""
    t = _coverage(ex)
    return t * len(ex.data.accounts) / len(ex.data.contacts)


def _roles_of_contacts(ex):
    """Known mistake: each role's share of the contacts (a contact counted, not an account)."""
    shares = ex.data.contacts["role"].value_counts(normalize=True)
    return shares.reindex(_coverage(ex).index, fill_value=0.0)


def _coverage_counts(ex):
    """Known mistake: the number of accounts with each role, not their share."""
    return _coverage(ex) * len(ex.data.accounts)


#: This exercise's own messages: the diagnoses of its typical slips (key → English text).
MESSAGES = {
    "ex01_counted_orders": N_(
        "That is the number of orders (rows of `orders`), not of customers: count each customer "
        "once."
    ),
    "ex01_counted_all_customers": N_(
        "That is the number of customers in the `customers` table, including those who never "
        "ordered. Count the distinct customer ids in `orders`."
    ),
    "ex01_dropped_returns": N_(
        "You left out the customers whose orders were all returned. A returned order was still "
        "placed: count it too."
    ),
    "ex01_age_birthday": N_(
        "Your ages ignore whether this year's birthday has come yet on `as_of`: subtract 1 where "
        "the birthday (month, day) falls after the (month, day) of `as_of`."
    ),
    "ex01_age_from_days": N_(
        "Dividing a number of days by 365 (or 365.25) goes wrong near birthdays because of leap "
        "years. Compare years, then months and days, instead."
    ),
    "ex01_filled_not_missing": N_(
        "These look like the shares of filled values; the question asks for the shares of "
        "missing ones."
    ),
    "ex01_counts_not_shares": N_(
        "These are numbers of missing values; divide by the number of records to get shares "
        "(0–1)."
    ),
    "ex01_recall_first": N_(
        "That finds more duplicates, but for a bank the costly mistake is merging two different "
        "people. Which measure counts that mistake, and which way must the threshold move to "
        "make it rarer?"
    ),
    "ex01_exact_misses": N_(
        "Exact matching never merges strangers, but look at how many true duplicates it finds when "
        "names, phones and addresses are written differently (the lesson measured it)."
    ),
    "ex01_precision_moves": N_(
        "Look at the precision curve in the picture: does it stay flat when the threshold moves?"
    ),
    "ex01_channels_added": N_(
        "Read the two longest bars on the axis and add them up: do they really reach one half?"
    ),
    "ex01_share_of_contacts": N_(
        "You divided by the number of contacts. The coverage of a role is a share of the accounts: "
        "divide by the number of accounts in `accounts`."
    ),
    "ex01_role_counts": N_(
        "These are numbers of accounts; divide by the number of accounts to get shares (0–1)."
    ),
}


EXERCISE = ExerciseSpec(
    id="01",
    title=N_("The customer archive and profiling"),
    notebook="01_customer_archive.ipynb",
    messages=MESSAGES,
    setup=SETUP,
    questions=(
        Question(
            name="q1",
            kind="value",
            title=N_("How many different customers placed at least one order?"),
            answer="n_buyers",
            solution="n_buyers = orders['customer_id'].nunique()",
            reference=_buyers,
            compare=known_mistakes(
                number(integer=True, rtol=0, atol=0.5),
                (
                    (_orders_count, "ex01_counted_orders"),
                    (_customers_count, "ex01_counted_all_customers"),
                    (_buyers_without_returns, "ex01_dropped_returns"),
                ),
            ),
            hints=(
                N_("Each order row names its customer in `customer_id`; a customer with many orders "
                   "appears many times. Count the distinct ones."),
                N_("`Series.nunique()` counts distinct values. Returned orders were still placed: keep them."),
                N_("Select the `customer_id` column of `orders` and count its distinct values: one "
                   "method call does it."),
            ),
            wrong=(
                Wrong("n_buyers = len(orders)", "ex01_counted_orders"),
                Wrong("n_buyers = len(customers)", "ex01_counted_all_customers"),
                Wrong("n_buyers = orders.loc[~orders['returned'], 'customer_id'].nunique()", "ex01_dropped_returns"),
            ),
            wrong_type="n_buyers = orders['customer_id'].unique()",
        ),
        Question(
            name="q2",
            kind="function",
            title=N_("Write age_on(customers, as_of): each customer's age in whole years on the analysis date"),
            answer="age_on",
            solution=(
                "def age_on(customers, as_of):\n"
                "    birth = pd.to_datetime(customers['birth_date'])\n"
                "    years = as_of.year - birth.dt.year\n"
                "    before_birthday = (as_of.month < birth.dt.month) | (\n"
                "        (as_of.month == birth.dt.month) & (as_of.day < birth.dt.day))\n"
                "    return pd.DataFrame({'customer_id': customers['customer_id'],\n"
                "                         'age': years - before_birthday.astype(int)})"
            ),
            reference=_age_table,
            compare=calls(
                lambda ex: {"customers": ex.data.customers, "as_of": ex.as_of},
                known_mistakes(
                    frame(key="customer_id", columns=["age"], unit=NP_("row unit", "customer"), atol=0),
                    (
                        (_age_no_birthday, "ex01_age_birthday"),
                        (_age_from_days(365), "ex01_age_from_days"),
                        (_age_from_days(365.25), "ex01_age_from_days"),
                    ),
                ),
                call="age_on(customers, as_of)",
            ),
            hints=(
                N_("Age is the number of birthdays already passed on `as_of`: the difference of years, "
                   "minus one if this year's birthday is still to come."),
                N_("Parse `birth_date` with `pd.to_datetime`; compare month and day with those of `as_of`. "
                   "Dividing a number of days by 365 goes wrong near birthdays (leap years)."),
                N_("Take the difference of the years (`.dt.year` of the birth dates), then subtract "
                   "1 for the customers whose birthday (month, day) comes after the (month, day) of "
                   "`as_of`; return a frame with `customer_id` and `age`."),
            ),
            wrong=(
                Wrong(
                    "def age_on(customers, as_of):\n"
                    "    birth = pd.to_datetime(customers['birth_date'])\n"
                    "    return pd.DataFrame({'customer_id': customers['customer_id'], 'age': as_of.year - birth.dt.year})",
                    "ex01_age_birthday",
                ),
                Wrong(
                    "def age_on(customers, as_of):\n"
                    "    days = (as_of - pd.to_datetime(customers['birth_date'])).dt.days\n"
                    "    return pd.DataFrame({'customer_id': customers['customer_id'], 'age': days // 365})",
                    "ex01_age_from_days",
                ),
                Wrong(
                    "def age_on(customers, as_of):\n"
                    "    birth = pd.to_datetime(customers['birth_date'])\n"
                    "    pd.DataFrame({'customer_id': customers['customer_id'], 'age': as_of.year - birth.dt.year})",
                    "forgot_return",
                ),
                Wrong(
                    "def age_on(customers, as_of):\n"
                    "    customers['age'] = (as_of - pd.to_datetime(customers['birth_date'])).dt.days // 365\n"
                    "    return customers",
                    "function_mutated",
                ),
            ),
            wrong_type="age_on = 42",
        ),
        Question(
            name="q3",
            kind="table",
            title=N_("The share of missing values in each field of the raw archive"),
            answer="missing_share",
            solution="missing_share = archive.isna().mean()",
            reference=_missing_share,
            compare=known_mistakes(
                series(unit=NP_("row unit", "field of the archive"), index=N_("field name")),
                ((_filled_share, "ex01_filled_not_missing"), (_missing_count, "ex01_counts_not_shares")),
            ),
            hints=(
                N_("`archive.isna()` is a table of True/False: True where a value is missing."),
                N_("The mean of True/False values is the share of True. Take it per column."),
                N_("Chain the two steps: mark the missing values with `isna()`, then take the mean "
                   "of each column. The result has one value per column, indexed by the column "
                   "names."),
            ),
            wrong=(
                Wrong("missing_share = archive.isna().sum()", "ex01_counts_not_shares"),
                Wrong("missing_share = archive.notna().mean()", "ex01_filled_not_missing"),
                Wrong("missing_share = archive.isna().mean() * 100", "percent_vs_fraction"),
                Wrong("missing_share = archive.isna().mean(axis=1)", "wrong_length"),
            ),
            wrong_type="missing_share = float(archive.isna().mean().mean())",
        ),
        Question(
            name="q4",
            kind="choice",
            title=N_("Where should a bank put its duplicate-matching threshold?"),
            answer="threshold_choice",
            solution="threshold_choice = ex.q4.letter('raise_threshold')",
            reference=_threshold_choice,
            compare=known_mistakes(
                choice(THRESHOLD_OPTIONS),
                chosen({"lower_threshold": "ex01_recall_first", "exact_match": "ex01_exact_misses",
                        "keep_70": "ex01_precision_moves"}),
            ),
            hints=(
                N_("Which mistake is expensive for a bank: merging two different people, or missing a "
                   "duplicate? Which of precision and recall measures that mistake?"),
                N_("A higher threshold calls fewer pairs duplicates: the pairs it still calls are surer "
                   "(precision up), but more true duplicates are missed (recall down). Look at the lesson's "
                   "precision–recall picture."),
            ),
            options=THRESHOLD_OPTIONS,
            wrong=(
                Wrong("threshold_choice = ex.q4.letter('lower_threshold')", "ex01_recall_first"),
                Wrong("threshold_choice = ex.q4.letter('exact_match')", "ex01_exact_misses"),
                Wrong("threshold_choice = ex.q4.letter('keep_70')", "ex01_precision_moves"),
                Wrong("threshold_choice = 'E'", "not_a_choice"),
            ),
            wrong_type="threshold_choice = 90",
        ),
        Question(
            name="q5",
            kind="picture",
            title=N_("Read the acquisition channels of the customer profile"),
            answer="channel_reading",
            solution="channel_reading = ex.q5.letter('two_fifths')",
            reference=_channel_reading,
            compare=known_mistakes(choice(CHANNEL_OPTIONS), chosen({"two_over_half": "ex01_channels_added"})),
            hints=(
                N_("Each bar is one channel's share of all customers; the longest bars are the largest channels."),
                N_("Read the two longest bars and their lengths on the axis; then check each statement."),
            ),
            options=CHANNEL_OPTIONS,
            wrong=(
                Wrong("channel_reading = ex.q5.letter('two_over_half')", "ex01_channels_added"),
                Wrong("channel_reading = ex.q5.letter('mail_over_social')", "wrong_choice"),
                Wrong("channel_reading = ex.q5.letter('store_largest')", "wrong_choice"),
            ),
            wrong_type="channel_reading = ['search', 'marketplace']",
        ),
        Question(
            name="q6",
            kind="table",
            title=N_("Buying-centre coverage: the share of business accounts with a contact in each role"),
            answer="coverage",
            solution="coverage = contacts.groupby('role')['account_id'].nunique() / accounts['account_id'].nunique()",
            reference=_coverage,
            compare=known_mistakes(
                series(unit=NP_("row unit", "buying-centre role"), index=N_("role")),
                (
                    (_coverage_of_contacts, "ex01_share_of_contacts"),
                    (_roles_of_contacts, "ex01_share_of_contacts"),
                    (_coverage_counts, "ex01_role_counts"),
                ),
            ),
            hints=(
                N_("Each row of `contacts` is one person at one business account, with their buying-centre "
                   "role in `role`. For each role, count the accounts that have at least one contact in it."),
                N_("Per role, count the distinct `account_id` values (an account with two users counts "
                   "once), then divide by the number of accounts in `accounts` — not by the number of "
                   "contacts."),
                N_("The result has one share (0–1) per role — user, influencer, decider, approver, buyer, "
                   "gatekeeper — indexed by the role codes."),
            ),
            wrong=(
                Wrong("coverage = contacts.groupby('role')['account_id'].nunique() / len(contacts)",
                      "ex01_share_of_contacts"),
                Wrong("coverage = contacts['role'].value_counts(normalize=True)", "ex01_share_of_contacts"),
                Wrong("coverage = contacts.groupby('role')['account_id'].nunique()", "ex01_role_counts"),
                Wrong("coverage = 100 * contacts.groupby('role')['account_id'].nunique() / len(accounts)",
                      "percent_vs_fraction"),
                Wrong("coverage = contacts.groupby('role')['account_id'].nunique().drop('user') / len(accounts)",
                      "wrong_length"),
            ),
            wrong_type="coverage = contacts.groupby('role')['account_id'].nunique().mean() / len(accounts)",
        ),
    ),
)
