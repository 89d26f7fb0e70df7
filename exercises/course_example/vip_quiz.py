"""VIP quiz — an exercise an instructor wrote in their own course folder.

Everything a question needs is here: the data (``customers``), the setup cell's names, and for
each question its title, hints, one solution, the reference computed from the student's data,
the comparator and this exercise's own messages. Texts are marked with ``N_`` so that
``pybabel extract`` finds them; their translations go in ``locales/``.
"""

from pathlib import Path

from crmlab.exercises.compare import calls, choice, frame, known_mistakes, number
from crmlab.exercises.spec import ExerciseSpec, Question
from crmlab.i18n import N_

SETUP = """\
orders = ex.data.orders
as_of = ex.as_of
"""

CHANNELS = {"store": "A", "web": "B", "app": "C", "phone": "D"}


# -- references: computed from the student's own data on every check ---------------------------
def recent_revenue(ex, keep_returns=False):
    """Revenue of the 90 days before `as_of`, returned orders left out."""
    import pandas as pd

    orders = ex.data.orders
    recent = orders[orders["order_date"] >= ex.as_of - pd.Timedelta(days=90)]
    if not keep_returns:
        recent = recent[~recent["returned"]]
    return float(recent["amount"].sum())


def spend_table(ex):
    """One row per buying customer: kept orders and their total amount."""
    kept = ex.data.orders[~ex.data.orders["returned"]]
    table = kept.groupby("customer_id").agg(orders=("order_id", "size"), spend=("amount", "sum"))
    return table.reset_index()


def top_channel(ex):
    kept = ex.data.orders[~ex.data.orders["returned"]]
    revenue = kept.groupby("channel", observed=True)["amount"].sum()
    return CHANNELS[str(revenue.idxmax())]


EXERCISE = ExerciseSpec(
    id="vip_quiz",
    title=N_("VIP quiz: recent revenue and the best customers"),
    notebook="vip_quiz.ipynb",
    setup=SETUP,
    customers=800,
    messages={
        "vip_quiz_returns_kept": N_(
            "Your total counts returned orders: leave out the rows where `returned` is True, they brought no money."
        ),
    },
    locales=str(Path(__file__).parent / "locales"),
    questions=(
        Question(
            name="q1",
            kind="value",
            title=N_("Revenue of the last 90 days before as_of"),
            answer="recent",
            solution=(
                "kept = orders[~orders['returned'] & (orders['order_date'] >= as_of - pd.Timedelta(days=90))]\n"
                "recent = kept['amount'].sum()"
            ),
            reference=recent_revenue,
            compare=known_mistakes(
                number(rtol=1e-6),
                [(lambda ex: recent_revenue(ex, keep_returns=True), "vip_quiz_returns_kept")],
            ),
            hints=(
                N_("Keep the orders dated on or after `as_of - pd.Timedelta(days=90)`."),
                N_("Leave out returned orders, then add up `amount`."),
            ),
        ),
        Question(
            name="q2",
            kind="function",
            title=N_("Write spend_table(orders): each customer's kept orders and spend"),
            answer="spend_table",
            solution=(
                "def spend_table(orders):\n"
                "    kept = orders[~orders['returned']]\n"
                "    table = kept.groupby('customer_id').agg(orders=('order_id', 'size'), spend=('amount', 'sum'))\n"
                "    return table.reset_index()"
            ),
            reference=spend_table,
            compare=calls(
                lambda ex: {"orders": ex.data.orders},
                frame(key="customer_id", columns=["orders", "spend"], unit="customer"),
                call="spend_table(orders)",
            ),
            hints=(
                N_("Leave out returned orders first; then one row per `customer_id`."),
                N_("`groupby('customer_id').agg(orders=('order_id', 'size'), spend=('amount', 'sum'))`."),
            ),
        ),
        Question(
            name="q3",
            kind="choice",
            title=N_("Which channel brings the most revenue? A store, B web, C app, D phone"),
            answer="best_channel",
            solution=(
                "kept = orders[~orders['returned']]\n"
                "revenue = kept.groupby('channel', observed=True)['amount'].sum()\n"
                "best_channel = {'store': 'A', 'web': 'B', 'app': 'C', 'phone': 'D'}[revenue.idxmax()]"
            ),
            reference=top_channel,
            compare=choice("ABCD"),
            hints=(
                N_("Add up the amounts of kept orders per channel."),
                N_("`idxmax()` names the largest; turn it into its letter."),
            ),
        ),
    ),
)
