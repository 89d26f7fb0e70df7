"""Exercise 03 — credit management (lesson 03): collection rate, overdue days, ageing, the 5C,
credit grades and their policy."""

from __future__ import annotations


from ...i18n import N_, NP_
from ..compare import calls, choice, chosen, frame, known_mistakes, number, series
from ..options import Option
from ..spec import ExerciseSpec, Question, Wrong

SETUP = """\
from crmlab import credit, plots
accounts = ex.data.accounts
invoices = ex.data.invoices
as_of = ex.as_of
"""

AGEING_COLUMNS = ["current", "days_1_30", "days_31_60", "days_61_90", "days_over_90", "total"]


# -- diagnosing typical slips on a single number ------------------------------------------------
# -- references -----------------------------------------------------------------------------------
def _collection(ex):
    from crmlab import credit

    return credit.collection(ex.data.invoices, as_of=ex.as_of)


def _collection_rate(ex) -> float:
    col = _collection(ex)
    return float(col["amount_paid"].sum() / col["amount_due"].sum())


def _rate_all_invoices(ex) -> float:
    inv = ex.data.invoices
    return float(inv["paid_amount"].sum() / inv["amount"].sum())


def _unpaid_share(ex) -> float:
    return 1.0 - _collection_rate(ex)


def _avg_overdue(ex):
    return _collection(ex)["avg_overdue_days"].dropna()


def _ageing(ex):
    from crmlab import credit

    return credit.ageing(ex.data.invoices, as_of=ex.as_of)


def _capital(ex):
    from crmlab import credit

    return credit.five_c(ex.data.accounts)["capital"]


def _grades(ex):
    from crmlab import credit

    return credit.credit_grades(credit.five_c(ex.data.accounts, _collection(ex)))


def _loyalty_credit(ex, grades=None, values: str = "accounts"):
    """Loyalty × credit grade: the number of accounts in each cell (crmlab's matrix)."""
    from crmlab import credit

    return credit.loyalty_credit_matrix(ex.data.accounts, _grades(ex) if grades is None else grades, values=values)


def _loyalty_credit_without_payment(ex):
    """Known mistake: the grades of the five Cs alone, without the payment record."""
    from crmlab import credit

    return _loyalty_credit(ex, grades=credit.credit_grades(credit.five_c(ex.data.accounts)))


def _transposed(answer, ex):
    """Key ``ex03_matrix_transposed`` for a table with the grades in the rows."""
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        return None
    rows = {str(v) for v in answer.index} | ({str(v) for v in answer["grade"]} if "grade" in answer.columns else set())
    if {"A", "B", "C", "D"} <= rows and {"high", "medium", "low"} & {str(c) for c in answer.columns}:
        return "ex03_matrix_transposed"
    return None


def _compare_matrix():
    base = known_mistakes(
        frame(key="loyalty", columns=list("ABCD"), unit=NP_("row unit", "loyalty level"), atol=0),
        (
            (_loyalty_credit_without_payment, "ex03_grades_without_payment"),
            (lambda ex: _loyalty_credit(ex, values="share"), "ex03_shares_not_counts"),
            (lambda ex: _loyalty_credit(ex, values="row_share"), "ex03_shares_not_counts"),
        ),
    )

    def compare(answer, expected, ex=None):
        fb = base(answer, expected, ex)
        if not fb.correct and fb.key in ("missing_columns", "wrong_length", "missing_keys", "extra_keys"):
            key = _transposed(answer, ex)
            if key is not None:
                from ..feedback import incorrect

                return incorrect(key)
        return fb

    return compare


#: Question 6's options: the terms of the four grades (the keys are the policy codes).
POLICY_OPTIONS = (
    Option("pay_before_goods", N_("Ask for payment first and ship once the money is in (现款后货).")),
    Option("cash_on_delivery", N_("Ship now and collect the full price on delivery (现款现货).")),
    Option("phase_out", N_("Ask for payment first and cut the business step by step (逐步淘汰).")),
    Option("credit_line", N_("Grant the 30 days within a credit line and a grace period (信用额度).")),
)


def _policy_of_c(ex) -> str:
    from crmlab import credit

    return str(credit.grade_policy().loc["C", "policy"])


#: Question 7's options: the scores of the 5C profile.
SCORE_OPTIONS = (
    Option("character", N_("Character (品格), the management rating")),
    Option("conditions", N_("Conditions (企业情况), the industry outlook")),
    Option("capital", N_("Capital (资本), the equity ratio")),
    Option("payment", N_("The payment record (回款): collections and overdue days")),
)


def _widest_gap(ex) -> str:
    """The score whose grade-A mean exceeds its grade-D mean the most, as an option key
    ("?" if it is none of the options: the simulated company would have changed)."""
    from crmlab import credit

    scores = credit.five_c(ex.data.accounts, _collection(ex))
    grades = credit.credit_grades(scores)["grade"].astype("object")
    means = scores.drop(columns="total").groupby(grades.to_numpy()).mean()
    gap = means.loc["A"] - means.loc["D"]
    best = str(gap.idxmax())
    return best if best in {o.key for o in SCORE_OPTIONS} else "?"


# -- the exercise ---------------------------------------------------------------------------------
#: This exercise's own messages: the diagnoses of its typical slips (key → English text).
MESSAGES = {
    "ex03_counted_not_due": N_(
        "Your rate also counts invoices that are not yet due. The collection rate (回款率) looks "
        "only at money that has fallen due: invoices whose `due_date` is before `as_of`."
    ),
    "ex03_unpaid_share": N_(
        "That is the share still unpaid. The collection rate is the share of the money due that "
        "has been paid."
    ),
    "ex03_grades_without_payment": N_(
        "Your grades leave out the payment record. Score the accounts with their collection "
        "record (`credit.collection(invoices, as_of=as_of)` given to `credit.five_c`), then grade "
        "them."
    ),
    "ex03_shares_not_counts": N_(
        "Your cells hold shares; the question asks for the number of accounts in each cell."
    ),
    "ex03_matrix_transposed": N_(
        "Your table has the grades in the rows. Put the loyalty levels in the rows and the grades "
        "A, B, C, D in the columns."
    ),
    "ex03_grade_b_terms": N_(
        "Cash on delivery is the term of grade B. A grade-C account pays before the goods leave."
    ),
    "ex03_credit_for_a": N_("Only grade A gets a credit line and a grace period."),
    "ex03_phase_out_d": N_(
        "Cutting the business is for grade D. Grade C also pays first, but the business goes on."
    ),
    "ex03_gap_not_height": N_(
        "Compare, for each score, the gap between the grade-A bar and the grade-D bar, not how "
        "high the bars are."
    ),
}


EXERCISE = ExerciseSpec(
    id="03",
    title=N_("Credit management"),
    notebook="03_credit_management.ipynb",
    messages=MESSAGES,
    setup=SETUP,
    customers=2000,
    generate={"accounts": 200},
    questions=(
        Question(
            name="q1",
            kind="value",
            title=N_("The collection rate: the share of the money fallen due that has been paid"),
            answer="collection_rate",
            solution=(
                "due = invoices[invoices['due_date'] < as_of]\n"
                "collection_rate = due['paid_amount'].sum() / due['amount'].sum()"
            ),
            reference=_collection_rate,
            compare=known_mistakes(
                number(rtol=1e-6),
                ((_rate_all_invoices, "ex03_counted_not_due"), (_unpaid_share, "ex03_unpaid_share")),
            ),
            hints=(
                N_("Only invoices that have fallen due count: keep the rows whose `due_date` is before `as_of`."),
                N_("On those rows, divide the total of `paid_amount` by the total of `amount` (a fraction 0–1)."),
                N_("Build the mask `invoices['due_date'] < as_of` and keep the rows where it is "
                   "True; then divide the sum of their `paid_amount` by the sum of their `amount`."),
            ),
            wrong=(
                Wrong("collection_rate = invoices['paid_amount'].sum() / invoices['amount'].sum()", "ex03_counted_not_due"),
                Wrong(
                    "due = invoices[invoices['due_date'] < as_of]\n"
                    "collection_rate = 100 * due['paid_amount'].sum() / due['amount'].sum()",
                    "percent_vs_fraction",
                ),
                Wrong(
                    "due = invoices[invoices['due_date'] < as_of]\n"
                    "collection_rate = 1 - due['paid_amount'].sum() / due['amount'].sum()",
                    "ex03_unpaid_share",
                ),
            ),
            wrong_type="collection_rate = invoices['paid_amount'] / invoices['amount']",
        ),
        Question(
            name="q2",
            kind="function",
            title=N_("Write avg_overdue_days(invoices, as_of): each account's average overdue days"),
            answer="avg_overdue_days",
            solution=(
                "def avg_overdue_days(invoices, as_of):\n"
                "    due = invoices[invoices['due_date'] < as_of]\n"
                "    settled = due['paid_amount'] >= due['amount']\n"
                "    late = (due['paid_date'] - due['due_date']).dt.days.clip(lower=0)\n"
                "    running = (as_of - due['due_date']).dt.days\n"
                "    days = late.where(settled, running)\n"
                "    return days.groupby(due['account_id']).mean()"
            ),
            reference=_avg_overdue,
            compare=calls(
                lambda ex: {"invoices": ex.data.invoices, "as_of": ex.as_of},
                series(unit=NP_("row unit", "account"), index="account_id", rtol=1e-6),
                call="avg_overdue_days(invoices, as_of)",
            ),
            hints=(
                N_("Work on the invoices that have fallen due (`due_date` before `as_of`). A paid-in-full "
                   "invoice is overdue from its due date to its payment date (an early payment counts 0); an "
                   "unpaid or partly paid one is still running: from its due date to `as_of`."),
                N_("Paid in full means `paid_amount >= amount`. `(a - b).dt.days` turns two date columns into "
                   "whole days; `.clip(lower=0)` turns early payments into 0; `s.where(cond, other)` picks "
                   "per row."),
                N_("Build two day counts on the due invoices — payment date minus due date (clipped "
                   "at 0) and `as_of` minus due date — choose per row with `where(settled, …)`, "
                   "then average them per `account_id` with `groupby`."),
            ),
            wrong=(
                Wrong(
                    "def avg_overdue_days(invoices, as_of):\n"
                    "    due = invoices[invoices['due_date'] < as_of]\n"
                    "    late = (due['paid_date'] - due['due_date']).dt.days\n"
                    "    days = late.where(due['paid_amount'] >= due['amount'], (as_of - due['due_date']).dt.days)\n"
                    "    return days.groupby(due['account_id']).mean()",
                    "wrong_values_count",
                ),
                Wrong(
                    "def avg_overdue_days(invoices, as_of):\n"
                    "    due = invoices[invoices['due_date'] < as_of]\n"
                    "    late = (due['paid_date'] - due['due_date']).dt.days.clip(lower=0)\n"
                    "    days = late.where(due['paid_date'].notna(), (as_of - due['due_date']).dt.days)\n"
                    "    return days.groupby(due['account_id']).mean()",
                    "wrong_values_count",
                ),
                Wrong(
                    "def avg_overdue_days(invoices, as_of):\n"
                    "    invoices['days'] = (as_of - invoices['due_date']).dt.days\n"
                    "    late = (invoices['paid_date'] - invoices['due_date']).dt.days.clip(lower=0)\n"
                    "    settled = invoices['paid_amount'] >= invoices['amount']\n"
                    "    invoices.loc[settled, 'days'] = late[settled]\n"
                    "    due = invoices[invoices['due_date'] < as_of]\n"
                    "    return due.groupby('account_id')['days'].mean()",
                    "function_mutated",
                ),
                Wrong(
                    "def avg_overdue_days(invoices, as_of):\n"
                    "    due = invoices[invoices['due_date'] < as_of]\n"
                    "    days = (as_of - due['due_date']).dt.days\n"
                    "    days.groupby(due['account_id']).mean()",
                    "forgot_return",
                ),
            ),
            wrong_type="avg_overdue_days = 12.5",
        ),
        Question(
            name="q3",
            kind="table",
            title=N_("The ageing of receivables: each account's open balance by days past due"),
            answer="ageing",
            solution=(
                "days = (as_of - invoices['due_date']).dt.days\n"
                "bucket = np.select([days <= 0, days <= 30, days <= 60, days <= 90],\n"
                "                   ['current', 'days_1_30', 'days_31_60', 'days_61_90'], 'days_over_90')\n"
                "open_invoices = invoices.assign(open=invoices['amount'] - invoices['paid_amount'], bucket=bucket)\n"
                "ageing = open_invoices.pivot_table(index='account_id', columns='bucket', values='open',\n"
                "                                   aggfunc='sum', fill_value=0)\n"
                "ageing['total'] = ageing.sum(axis=1)"
            ),
            reference=_ageing,
            compare=frame(key="account_id", columns=AGEING_COLUMNS, unit=NP_("row unit", "account"), rtol=1e-6, atol=0.05),
            hints=(
                N_("An invoice's open balance is `amount - paid_amount`. Its days past due are the whole days "
                   "from `due_date` to `as_of`; zero or fewer means not yet due (`current`)."),
                N_("Label each invoice with its bucket (`np.select` or `pd.cut` on the days past due), then sum "
                   "the open balance per account and bucket with `pivot_table(..., fill_value=0)`; add `total`."),
                N_("Days past due are the whole days of `as_of` minus `due_date`; the bucket limits "
                   "are 0, 30, 60 and 90 days (`np.select` takes the first condition that holds). "
                   "In `pivot_table`, the accounts are the rows, the buckets the columns and the "
                   "open balances the summed values; `total` is the sum across each row."),
            ),
            wrong=(
                Wrong(
                    "days = (as_of - invoices['due_date']).dt.days\n"
                    "bucket = np.select([days <= 0, days <= 30, days <= 60, days <= 90],\n"
                    "                   ['current', 'days_1_30', 'days_31_60', 'days_61_90'], 'days_over_90')\n"
                    "ageing = invoices.assign(bucket=bucket).pivot_table(index='account_id', columns='bucket',\n"
                    "    values='amount', aggfunc='sum', fill_value=0)\n"
                    "ageing['total'] = ageing.sum(axis=1)",
                    "wrong_column_values",
                ),
                Wrong(
                    "days = (as_of - invoices['invoice_date']).dt.days\n"
                    "bucket = np.select([days <= 0, days <= 30, days <= 60, days <= 90],\n"
                    "                   ['current', 'days_1_30', 'days_31_60', 'days_61_90'], 'days_over_90')\n"
                    "ageing = invoices.assign(open=invoices['amount'] - invoices['paid_amount'], bucket=bucket)"
                    ".pivot_table(\n"
                    "    index='account_id', columns='bucket', values='open', aggfunc='sum', fill_value=0)\n"
                    "ageing = ageing.reindex(columns=['current', 'days_1_30', 'days_31_60', 'days_61_90', "
                    "'days_over_90'], fill_value=0)\n"
                    "ageing['total'] = ageing.sum(axis=1)",
                    "wrong_column_values",
                ),
            ),
            wrong_type="ageing = (invoices['amount'] - invoices['paid_amount']).sum()",
        ),
        Question(
            name="q4",
            kind="table",
            title=N_("The capital score (资本) of the 5C for every account"),
            answer="capital",
            solution=(
                "acc = accounts.set_index('account_id')\n"
                "equity_ratio = acc['equity'] / (acc['equity'] + acc['total_debt'])\n"
                "capital = (100 * equity_ratio / 0.7).clip(0, 100)"
            ),
            reference=_capital,
            compare=series(unit=NP_("row unit", "account"), index="account_id", rtol=1e-6, atol=1e-9),
            hints=(
                N_("Capital is the financial cushion: the equity ratio is equity divided by total assets, and "
                   "assets are equity plus debt."),
                N_("Scale the ratio so that 70 % earns 100 points (`100 * ratio / 0.7`), then cap the score to "
                   "0–100 with `.clip`. Index the result by `account_id`."),
                N_("Index `accounts` by `account_id` first, so that the score keeps the account "
                   "ids; compute the ratio from the columns `equity` and `total_debt`, then scale "
                   "it and clip it."),
            ),
            wrong=(
                Wrong(
                    "acc = accounts.set_index('account_id')\n"
                    "capital = 100 * acc['equity'] / (acc['equity'] + acc['total_debt']) / 0.7",
                    "wrong_values_count",
                ),
                Wrong(
                    "acc = accounts.set_index('account_id')\n"
                    "capital = (100 * acc['total_debt'] / (acc['equity'] + acc['total_debt']) / 0.7).clip(0, 100)",
                    "wrong_values_count",
                ),
                Wrong(
                    "equity_ratio = accounts['equity'] / (accounts['equity'] + accounts['total_debt'])\n"
                    "capital = (100 * equity_ratio / 0.7).clip(0, 100)",
                    "wrong_index",
                ),
            ),
            wrong_type="capital = accounts[['account_id', 'equity', 'total_debt']]",
        ),
        Question(
            name="q5",
            kind="table",
            title=N_("Cross-classification: the accounts by loyalty and credit grade"),
            answer="loyalty_credit",
            solution=(
                "scores = credit.five_c(accounts, credit.collection(invoices, as_of=as_of))\n"
                "grades = credit.credit_grades(scores)\n"
                "loyalty = accounts.set_index('account_id')['loyalty']\n"
                "loyalty_credit = pd.crosstab(loyalty, grades['grade'].reindex(loyalty.index))"
            ),
            reference=_loyalty_credit,
            compare=_compare_matrix(),
            hints=(
                N_("Two steps: grade the accounts as the lesson does (the lesson's `credit.five_c` with the "
                   "payment record, then `credit.credit_grades`), then count the accounts in each pair of "
                   "loyalty level and grade."),
                N_("The grades table is indexed by `account_id`; put the `loyalty` column of `accounts` on "
                   "the same index, so that each account's loyalty meets its grade. `pd.crosstab(rows, "
                   "columns)` counts the pairs."),
                N_("The payment record is `credit.collection(invoices, as_of=as_of)`; give it with "
                   "`accounts` to `credit.five_c`, and the scores to `credit.credit_grades`. The loyalty "
                   "levels go in the rows, the grades in the columns."),
            ),
            wrong=(
                Wrong(
                    "grades = credit.credit_grades(credit.five_c(accounts))\n"
                    "loyalty = accounts.set_index('account_id')['loyalty']\n"
                    "loyalty_credit = pd.crosstab(loyalty, grades['grade'].reindex(loyalty.index))",
                    "ex03_grades_without_payment",
                ),
                Wrong(
                    "grades = credit.credit_grades(credit.five_c(accounts, credit.collection(invoices, as_of=as_of)))\n"
                    "loyalty = accounts.set_index('account_id')['loyalty']\n"
                    "loyalty_credit = pd.crosstab(loyalty, grades['grade'].reindex(loyalty.index), normalize=True)",
                    "ex03_shares_not_counts",
                ),
                Wrong(
                    "grades = credit.credit_grades(credit.five_c(accounts, credit.collection(invoices, as_of=as_of)))\n"
                    "loyalty = accounts.set_index('account_id')['loyalty']\n"
                    "loyalty_credit = pd.crosstab(grades['grade'].reindex(loyalty.index), loyalty)",
                    "ex03_matrix_transposed",
                ),
            ),
            wrong_type="loyalty_credit = accounts['loyalty'].value_counts()",
        ),
        Question(
            name="q6",
            kind="choice",
            title=N_("Credit policy: what terms does a grade-C account get?"),
            answer="policy",
            # Translators: a comment in the code of a solution, shown by ex.q6.solution().
            solution="policy = ex.q6.letter('pay_before_goods')  # " + N_("grade C: pay before goods (现款后货)"),
            reference=_policy_of_c,
            compare=known_mistakes(
                choice(POLICY_OPTIONS),
                chosen({"cash_on_delivery": "ex03_grade_b_terms", "credit_line": "ex03_credit_for_a",
                        "phase_out": "ex03_phase_out_d"}),
            ),
            hints=(
                N_("Each grade carries its own terms of trade; `credit.grade_policy()` lists them."),
                N_("Only grade A gets credit; B pays on delivery; C and D both pay first — and what is added for D "
                   "only?"),
            ),
            options=POLICY_OPTIONS,
            wrong=(
                Wrong("policy = ex.q6.letter('cash_on_delivery')", "ex03_grade_b_terms"),
                Wrong("policy = ex.q6.letter('phase_out')", "ex03_phase_out_d"),
                Wrong("policy = ex.q6.letter('credit_line')", "ex03_credit_for_a"),
            ),
            wrong_type="policy = 3",
        ),
        Question(
            name="q7",
            kind="picture",
            title=N_("Read the 5C profile by grade: which score separates grade A from grade D most?"),
            answer="separates",
            # Translators: a comment in the code of a solution, shown by ex.q7.solution().
            solution="separates = ex.q7.letter('payment')  # " + N_("the payment record: far apart in A and D; the five Cs much less"),
            reference=_widest_gap,
            compare=known_mistakes(
                choice(SCORE_OPTIONS),
                chosen({"capital": "ex03_gap_not_height", "character": "ex03_gap_not_height",
                        "conditions": "ex03_gap_not_height"}),
            ),
            hints=(
                N_("For each score, compare the height of the grade-A bar with the grade-D bar."),
                N_("The payment record weighs half of the total score; look at how far apart its A and D bars "
                   "are compared with the five Cs."),
            ),
            options=SCORE_OPTIONS,
            wrong=(
                Wrong("separates = ex.q7.letter('capital')", "ex03_gap_not_height"),
                Wrong("separates = ex.q7.letter('conditions')", "ex03_gap_not_height"),
            ),
            wrong_type="separates = ['payment']",
        ),
    ),
)
