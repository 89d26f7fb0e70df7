"""Exercise 01 — the customer archive and profiling (lesson 01)."""

from __future__ import annotations

from ..compare import calls, frame, number
from ..spec import ExerciseSpec, Question, Wrong

SETUP = """\
customers = ex.data.customers
orders = ex.data.orders
archive = ex.data.archive
as_of = ex.as_of
"""


def _buyers(ex) -> int:
    return int(ex.data.orders["customer_id"].dropna().nunique())


def _age_table(ex):
    import pandas as pd

    c = ex.data.customers
    birth = pd.to_datetime(c["birth_date"])
    years = ex.as_of.year - birth.dt.year
    before_birthday = (ex.as_of.month < birth.dt.month) | (
        (ex.as_of.month == birth.dt.month) & (ex.as_of.day < birth.dt.day)
    )
    return pd.DataFrame({"customer_id": c["customer_id"], "age": years - before_birthday.astype(int)})


EXERCISE = ExerciseSpec(
    id="01",
    title="The customer archive and profiling",
    notebook="01_customer_archive.ipynb",
    setup=SETUP,
    questions=(
        Question(
            name="q1",
            kind="value",
            title="How many different customers placed at least one order?",
            answer="n_buyers",
            solution="n_buyers = orders['customer_id'].nunique()",
            reference=_buyers,
            compare=number(integer=True, rtol=0, atol=0.5),
            hints=(
                "Each order row names its customer in `customer_id`; count the distinct ones.",
                "`Series.nunique()` counts distinct values.",
                "`orders['customer_id'].nunique()`",
            ),
            wrong=(Wrong("n_buyers = len(orders)", "wrong_value"), Wrong("n_buyers = len(customers)")),
            wrong_type="n_buyers = orders['customer_id'].unique()",
        ),
        Question(
            name="q2",
            kind="function",
            title="Write age_on(customers, as_of): each customer's age in whole years on the analysis date",
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
                frame(key="customer_id", columns=["age"], unit="customer", atol=0),
                call="age_on(customers, as_of)",
            ),
            hints=(
                "Age is the number of birthdays already passed on `as_of`: the difference of years, "
                "minus one if this year's birthday is still to come.",
                "Parse `birth_date` with `pd.to_datetime`; compare month and day with those of `as_of`.",
                "`years = as_of.year - birth.dt.year`, then subtract 1 where (month, day) of the birthday "
                "is after (month, day) of `as_of`; return a frame with `customer_id` and `age`.",
            ),
            wrong=(
                Wrong(
                    "def age_on(customers, as_of):\n"
                    "    birth = pd.to_datetime(customers['birth_date'])\n"
                    "    return pd.DataFrame({'customer_id': customers['customer_id'], 'age': as_of.year - birth.dt.year})",
                    "wrong_column_values",
                ),
                Wrong(
                    "def age_on(customers, as_of):\n"
                    "    birth = pd.to_datetime(customers['birth_date'])\n"
                    "    pd.DataFrame({'customer_id': customers['customer_id'], 'age': as_of.year - birth.dt.year})",
                    "forgot_return",
                ),
            ),
            wrong_type="age_on = 42",
        ),
    ),
)
