"""Exercise 03 — credit management (lesson 03): collection rate, overdue days, ageing, the 5C,
credit grades and their policy."""

from __future__ import annotations


from ...i18n import N_, NP_
from ..compare import calls, choice, frame, known_mistakes, number, series
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


def _at_risk(ex):
    from crmlab import credit

    return credit.receivables_at_risk(ex.data.invoices, _grades(ex), as_of=ex.as_of)


def _share_cd(ex) -> float:
    risk = _at_risk(ex)
    return float(risk.loc[["C", "D"], "over_90"].sum() / risk["over_90"].sum())


def _share_cd_of_open(ex) -> float:
    risk = _at_risk(ex)
    return float(risk.loc[["C", "D"], "open_receivables"].sum() / risk["open_receivables"].sum())


def _share_d_only(ex) -> float:
    risk = _at_risk(ex)
    return float(risk.loc["D", "over_90"] / risk["over_90"].sum())


#: Option letter of each policy code in question 6 (the options are shuffled on purpose).
_POLICY_LETTER = {"cash_on_delivery": "A", "phase_out": "B", "credit_line": "C", "pay_before_goods": "D"}


def _policy_of_c(ex) -> str:
    from crmlab import credit

    return _POLICY_LETTER[credit.grade_policy().loc["C", "policy"]]


#: Option letter of each score in question 7.
_SCORE_LETTER = {"capital": "A", "payment": "B", "character": "C", "conditions": "D"}


def _widest_gap(ex) -> str:
    """The score whose grade-A mean exceeds its grade-D mean the most, as an option letter
    ("?" if it is none of the options: the simulated company would have changed)."""
    from crmlab import credit

    scores = credit.five_c(ex.data.accounts, _collection(ex))
    grades = credit.credit_grades(scores)["grade"].astype("object")
    means = scores.drop(columns="total").groupby(grades.to_numpy()).mean()
    gap = means.loc["A"] - means.loc["D"]
    return _SCORE_LETTER.get(str(gap.idxmax()), "?")


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
    "ex03_all_open": N_(
        "You took the share of all open receivables. The question asks only about the money more "
        "than 90 days past due (`days_over_90`)."
    ),
    "ex03_only_d": N_(
        "You counted grade D only. Grade C accounts also pay before goods: add their part too."
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
            kind="value",
            title=N_("Bad-debt risk: the share of the money over 90 days past due owed by grade C and D accounts"),
            answer="share_cd",
            solution=(
                "scores = credit.five_c(accounts, credit.collection(invoices, as_of=as_of))\n"
                "grades = credit.credit_grades(scores)\n"
                "table = credit.ageing(invoices, as_of=as_of).join(grades['grade'])\n"
                "over_90 = table['days_over_90']\n"
                "share_cd = over_90[table['grade'].isin(['C', 'D'])].sum() / over_90.sum()"
            ),
            reference=_share_cd,
            compare=known_mistakes(
                number(rtol=1e-6),
                ((_share_cd_of_open, "ex03_all_open"), (_share_d_only, "ex03_only_d")),
            ),
            hints=(
                N_("Three steps: score and grade the accounts (the lesson's `credit.five_c` with the payment "
                   "record, then `credit.credit_grades`), age the receivables, and put the two side by side."),
                N_("`credit.ageing(invoices, as_of=as_of)` has a `days_over_90` column per account; `.join` the "
                   "`grade` column of the grades table, keep the rows graded C or D (`.isin`), and divide their "
                   "sum by the sum over all accounts."),
                N_("The payment record is `credit.collection(invoices, as_of=as_of)`; give it with "
                   "`accounts` to `credit.five_c`, and the scores to `credit.credit_grades`. Join "
                   "the `grade` column to the ageing table, then divide the `days_over_90` money of "
                   "grades C and D by all of it."),
            ),
            wrong=(
                Wrong(
                    "grades = credit.credit_grades(credit.five_c(accounts, credit.collection(invoices, as_of=as_of)))\n"
                    "table = credit.ageing(invoices, as_of=as_of).join(grades['grade'])\n"
                    "share_cd = table.loc[table['grade'].isin(['C', 'D']), 'total'].sum() / table['total'].sum()",
                    "ex03_all_open",
                ),
                Wrong(
                    "grades = credit.credit_grades(credit.five_c(accounts, credit.collection(invoices, as_of=as_of)))\n"
                    "table = credit.ageing(invoices, as_of=as_of).join(grades['grade'])\n"
                    "share_cd = table.loc[table['grade'] == 'D', 'days_over_90'].sum() / table['days_over_90'].sum()",
                    "ex03_only_d",
                ),
                Wrong(
                    "grades = credit.credit_grades(credit.five_c(accounts, credit.collection(invoices, as_of=as_of)))\n"
                    "table = credit.ageing(invoices, as_of=as_of).join(grades['grade'])\n"
                    "over_90 = table['days_over_90']\n"
                    "share_cd = 100 * over_90[table['grade'].isin(['C', 'D'])].sum() / over_90.sum()",
                    "percent_vs_fraction",
                ),
            ),
            wrong_type="share_cd = credit.ageing(invoices, as_of=as_of)['days_over_90']",
        ),
        Question(
            name="q6",
            kind="choice",
            title=N_("Credit policy: what terms does a grade-C account get?"),
            answer="policy",
            # Translators: a comment in the code of a solution, shown by ex.q6.solution().
            solution='policy = "D"  # ' + N_("grade C: pay before goods (现款后货)"),
            reference=_policy_of_c,
            compare=choice("ABCD"),
            hints=(
                N_("Each grade carries its own terms of trade; `credit.grade_policy()` lists them."),
                N_("Only grade A gets credit; B pays on delivery; C and D both pay first — and what is added for D "
                   "only?"),
            ),
            wrong=(Wrong('policy = "C"', "wrong_choice"), Wrong('policy = "B"', "wrong_choice")),
            wrong_type="policy = 3",
        ),
        Question(
            name="q7",
            kind="picture",
            title=N_("Read the 5C profile by grade: which score separates grade A from grade D most?"),
            answer="separates",
            # Translators: a comment in the code of a solution, shown by ex.q7.solution().
            solution='separates = "B"  # ' + N_("the payment record: far apart in A and D; the five Cs much less"),
            reference=_widest_gap,
            compare=choice("ABCD"),
            hints=(
                N_("For each score, compare the height of the grade-A bar with the grade-D bar."),
                N_("The payment record weighs half of the total score; look at how far apart its A and D bars "
                   "are compared with the five Cs."),
            ),
            wrong=(Wrong('separates = "A"', "wrong_choice"), Wrong('separates = "D"', "wrong_choice")),
            wrong_type="separates = ['B']",
        ),
    ),
)
