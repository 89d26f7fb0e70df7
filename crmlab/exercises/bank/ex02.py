"""Exercise 02 — customer value (lesson 02): the RFM table, the direct-mail fifths, the contact
rule, ABC tiers, the Pareto curve, the Gini coefficient and a basket rule."""

from __future__ import annotations

from ...i18n import N_, NP_
from ..compare import calls, choice, chosen, known_mistakes, number, series, frame
from ..options import Option
from ..spec import ExerciseSpec, Question, Wrong

SETUP = """\
orders = ex.data.orders
lines = ex.data.order_lines
campaigns = ex.data.campaigns
as_of = ex.as_of
"""

RFM_COLUMNS = ["recency", "frequency", "monetary"]

#: The contact rule's due days after the last purchase, and the action after the last one.
CONTACT_DUE = {"thank_you": 7, "satisfaction_check": 30, "cross_sell": 90}
AFTER_LAST = "churn_watch"

#: The ABC tiers: name → cumulative share of customers (most valuable first), in percent.
ABC_LIMITS = {"vip": 1, "major": 5, "ordinary": 20}

#: The basket rule of question 7: antecedent → consequent.
RULE = ("snacks", "rice")


def _kept(orders):
    """The purchases: orders that were not returned."""
    return orders[~orders["returned"].astype(bool)]


# -- q1: the RFM table ---------------------------------------------------------------------------
def _rfm(ex, returned: str | None = "returned"):
    import crmlab

    return crmlab.value.rfm(ex.data.orders, as_of=ex.as_of, returned=returned)


def _rfm_table(ex):
    return _rfm(ex)[RFM_COLUMNS]


def _rfm_with_returns(ex):
    return _rfm(ex, returned=None)[RFM_COLUMNS]


def _rfm_recency_shift(days: int):
    def reference(ex):
        t = _rfm_table(ex).copy()
        t["recency"] = t["recency"] + days
        return t

    return reference


def _recency_timedelta(answer, ex):
    import pandas as pd

    if isinstance(answer, pd.DataFrame) and "recency" in answer.columns:
        if pd.api.types.is_timedelta64_dtype(answer["recency"].dtype):
            return "ex02_recency_timedelta"
    return None


# -- q2: the direct-mail fifths ------------------------------------------------------------------
MAIL_OPTIONS = (
    Option("less_often", N_("Less often than the second fifth (a ratio below 1): the claim is the wrong way "
                            "round.")),
    Option("about_same", N_("About as often (a ratio from 1 to 1.8): RFM hardly tells the two fifths apart.")),
    Option("ten_times", N_("Six times as often or more (a ratio of 6 or above): the claim sells RFM short.")),
    Option("about_three", N_("Two to six times as often (a ratio from 1.8 to 6): the claim roughly holds.")),
)


def _mail_ratio(ex) -> float:
    """Response rate of the best RFM fifth (group 5) / that of the second (group 4)."""
    import crmlab

    fifths = crmlab.value.response_by_rfm_fifth(ex.data.orders, ex.data.campaigns, returned="returned")
    return float(fifths.loc[5, "response_rate"] / fifths.loc[4, "response_rate"])


def _mail_claim(ex) -> str:
    ratio = _mail_ratio(ex)
    if ratio < 1:
        return "less_often"
    if ratio < 1.8:
        return "about_same"
    if ratio < 6:
        return "about_three"
    return "ten_times"


# -- q3: the contact rule ------------------------------------------------------------------------
def _next_actions(orders, as_of, *, returns: bool = False, shift: int = 0, inclusive: bool = True):
    """Each buyer's next contact by the rule, computed here with pandas (for known mistakes):
    ``returns`` keeps returned orders, ``shift`` moves every day count, ``inclusive=False``
    gives a due day to the next step."""
    import numpy as np
    import pandas as pd

    kept = orders if returns else _kept(orders)
    last = kept[kept["order_date"] < as_of].groupby("customer_id")["order_date"].max()
    days = (as_of - last).dt.days + shift
    dues = list(CONTACT_DUE.values())
    within = [days <= d if inclusive else days < d for d in dues]
    return pd.Series(np.select(within, list(CONTACT_DUE), AFTER_LAST), index=last.index)


def _contact_plan(orders, as_of):
    import crmlab

    return crmlab.value.contact_plan(orders, as_of=as_of, returned="returned")["next_action"].astype(str)


def _edge_orders():
    """A small order log whose buyers sit on and around each due day (the check's second call),
    and its ``as_of``."""
    import pandas as pd

    as_of = pd.Timestamp("2025-03-01")
    days = {101: 1, 102: 7, 103: 8, 104: 30, 105: 31, 106: 90, 107: 91, 108: 400}
    rows = [(c, as_of - pd.Timedelta(days=d), 20.0 + c % 7, False) for c, d in days.items()]
    rows += [(102, as_of - pd.Timedelta(days=200), 35.0, False),   # an earlier purchase: the last one counts
             (103, as_of - pd.Timedelta(days=2), 18.0, True),      # a later return: no purchase
             (109, as_of - pd.Timedelta(days=5), 42.0, True)]      # returned only: no purchase at all
    orders = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "returned"])
    orders.insert(0, "order_id", range(1, len(orders) + 1))
    orders["order_date"] = orders["order_date"].astype("datetime64[s]")
    return orders.sort_values(["order_date", "order_id"], ignore_index=True), as_of


def _contact_call(arguments, data):
    """Call ``next_contact(orders, as_of)`` with ``arguments(ex)`` and compare with the plan of
    the data ``data(ex)`` gives (orders, as_of), diagnosing the rule's typical slips."""
    comparator = known_mistakes(
        series(unit=NP_("row unit", "customer"), index="customer_id"),
        (
            (lambda ex: _next_actions(*data(ex), returns=True), "ex02_returns_counted"),
            (lambda ex: _next_actions(*data(ex), inclusive=False), "ex02_contact_due_day"),
            (lambda ex: _next_actions(*data(ex), shift=-1), "ex02_days_off_by_one"),
        ),
    )
    return calls(arguments, comparator, call="next_contact(orders, as_of)")


def _contact_calls(answer, expected, ex=None):
    """Two calls: on the student's own orders (the reference), then on a small log whose buyers
    sit on and around every due day, so that each boundary of the rule is tried."""
    own = _contact_call(lambda ex: {"orders": ex.data.orders, "as_of": ex.as_of}, lambda ex: (ex.data.orders, ex.as_of))
    fb = own(answer, expected, ex)
    if not fb.correct:
        return fb
    edge = _contact_call(lambda ex: dict(zip(("orders", "as_of"), _edge_orders())), lambda ex: _edge_orders())
    return edge(answer, _contact_plan(*_edge_orders()), ex)


_contact_calls.argument_sets = lambda ex: [
    {"orders": ex.data.orders, "as_of": ex.as_of},
    dict(zip(("orders", "as_of"), _edge_orders())),
]


def _contacts(ex):
    return _contact_plan(ex.data.orders, ex.as_of)


# -- q4: ABC tiers ------------------------------------------------------------------------------
def _tiers(ex):
    import crmlab

    return crmlab.value.abc(ex.data.orders, as_of=ex.as_of, returned="returned")["tier"].astype(str)


def _tiers_variant(ex, *, returns: bool = False, limits=None, floor: bool = False):
    """The tiers computed here with pandas, for known mistakes: ``returns`` counts returned
    orders, ``limits`` replaces the cumulative percentages, ``floor`` rounds the limits down."""
    import numpy as np
    import pandas as pd

    orders = ex.data.orders if returns else _kept(ex.data.orders)
    spend = orders.groupby("customer_id")["amount"].sum()
    n = len(spend)
    rank = spend.rank(method="min", ascending=False)
    cuts = [(np.floor if floor else np.ceil)(n * p / 100) for p in (limits or ABC_LIMITS).values()]
    return pd.Series(np.select([rank <= c for c in cuts], list(ABC_LIMITS), "small"), index=spend.index)


# -- q5: reading the Pareto curve ---------------------------------------------------------------
HALF_OPTIONS = (
    Option("one_percent", N_("roughly 1 customer in 100")),
    Option("five_to_ten", N_("about 5 to 10 %")),
    Option("one_fifth", N_("about one fifth (20 %)")),
    Option("one_half", N_("about half (50 %)")),
)


def _half_revenue(ex) -> str:
    """The share of customers (most valuable first) that brings half of the revenue, as an option."""
    import crmlab

    curve = crmlab.value.pareto(ex.data.orders, as_of=ex.as_of, returned="returned")
    share = float(curve.loc[curve["cum_revenue_share"] >= 0.5, "cum_customer_share"].iloc[0])
    if share < 0.025:
        return "one_percent"
    if share < 0.15:
        return "five_to_ten"
    if share < 0.35:
        return "one_fifth"
    return "one_half"


# -- q6: the Gini coefficient --------------------------------------------------------------------
def _gini(ex, returned: str | None = "returned") -> float:
    import crmlab

    return float(crmlab.value.gini(ex.data.orders, as_of=ex.as_of, returned=returned))


def _gini_of_orders(ex) -> float:
    """Known mistake: the coefficient of the order amounts, not of the customers' spend."""
    import numpy as np

    x = np.sort(_kept(ex.data.orders)["amount"].to_numpy())
    n = len(x)
    i = np.arange(1, n + 1)
    return float(((2 * i - n - 1) * x).sum() / (n * x.sum()))


def _gini_corrected(ex) -> float:
    n = _kept(ex.data.orders)["customer_id"].nunique()
    return _gini(ex) * n / (n - 1)


# -- q7: a basket rule ---------------------------------------------------------------------------
def _rule(ex, *, returns: bool = False):
    """Support, confidence and lift of snacks → rice, by crmlab (returned orders left out)."""
    import pandas as pd

    from crmlab import basket

    rules = basket.association_rules(ex.data.order_lines, None if returns else ex.data.orders,
                                     min_support=0.0, min_confidence=0.0)
    row = rules.set_index(["antecedent", "consequent"]).loc[RULE]
    return pd.Series({"support": row["support"], "confidence": row["confidence"], "lift": row["lift"]})


def _rule_variant(ex, *, reverse_confidence: bool = False, lift_base: str = "consequent"):
    """Known mistakes: the confidence of the reverse rule (rice → snacks), or the lift divided by
    the support of the wrong product."""
    import pandas as pd

    from crmlab import basket

    table = basket.baskets(ex.data.order_lines, ex.data.orders)
    a, b = table[RULE[0]], table[RULE[1]]
    both = float((a & b).mean())
    confidence = both / float(b.mean() if reverse_confidence else a.mean())
    base = float((a if lift_base == "antecedent" else b).mean())
    return pd.Series({"support": both, "confidence": confidence, "lift": confidence / base})


#: This exercise's own messages: the diagnoses of its typical slips (key → English text).
MESSAGES = {
    "ex02_returns_counted": N_(
        "Your result counts the returned orders. Leave out every order with `returned == True` "
        "(it is no purchase and brings no money), then compute again."
    ),
    "ex02_recency_off_by_one": N_(
        "Your recency is one day off for every customer. Count the days from the last purchase "
        "to `as_of` (a purchase on the day before `as_of` has recency 1)."
    ),
    "ex02_recency_timedelta": N_(
        "Column `recency` holds time spans (Timedelta); turn them into whole days with "
        "`.dt.days`."
    ),
    "ex02_worst_fifth": N_(
        "That is the best fifth against the worst one. The claim compares the best fifth (group 5) "
        "with the second-best (group 4)."
    ),
    "ex02_fifth_direction": N_(
        "The groups run from 1 (worst) to 5 (best): divide the response rate of group 5 by that of "
        "group 4, not the other way round."
    ),
    "ex02_contact_due_day": N_(
        "On a due day the action is still due: a customer who bought 7 days ago still gets the "
        "thank-you, 30 days ago the satisfaction check, 90 days ago the cross-sell offer. (If your "
        "limits are right, your day counts are one too many: a purchase on the day before `as_of` "
        "was 1 day ago.)"
    ),
    "ex02_days_off_by_one": N_(
        "Your day counts seem one day short: count the days from the last purchase to `as_of` (a "
        "purchase on the day before `as_of` was 1 day ago)."
    ),
    "ex02_abc_cumulative": N_(
        "The tier sizes 1 %, 4 %, 15 % and 80 % add up: the VIPs are the top 1 %, the major "
        "customers the rest of the top 5 %, the ordinary ones the rest of the top 20 %. Compare "
        "each rank with the cumulative limits."
    ),
    "ex02_abc_floor": N_(
        "Round the tier limits up (ceil): with N customers the VIP tier holds the first "
        "ceil(N × 1 / 100) ranks, even when N × 1 / 100 is not a whole number."
    ),
    "ex02_half_is_top20": N_(
        "The marked point is the top 20 %, and they bring much more than half of the revenue. "
        "Start at 50 % on the revenue axis and read where the curve reaches it."
    ),
    "ex02_half_diagonal": N_(
        "Half of the customers would bring half of the revenue only if everyone spent the same "
        "(the diagonal). Read where the curve, not the diagonal, reaches 50 %."
    ),
    "ex02_gini_order": N_(
        "Sort the spend from the smallest to the largest before weighting it: with the largest "
        "first, the sum changes sign."
    ),
    "ex02_gini_orders": N_(
        "Your coefficient measures orders. The question is about customers: add up each "
        "customer's spend first, then measure how unequal those totals are."
    ),
    "ex02_gini_corrected": N_(
        "Your coefficient carries the small-sample correction n / (n − 1); the question's formula "
        "has none."
    ),
    "ex02_confidence_direction": N_(
        "The confidence of snacks → rice is the share of the baskets with snacks that also hold "
        "rice: divide by the number of baskets with snacks."
    ),
    "ex02_lift_base": N_(
        "Lift compares the confidence with how often rice is bought anyway: divide it by the "
        "support of rice, the product on the right of the rule."
    ),
}


EXERCISE = ExerciseSpec(
    id="02",
    title=N_("Customer value: RFM, ABC tiers, concentration and baskets"),
    notebook="02_customer_value.ipynb",
    messages=MESSAGES,
    setup=SETUP,
    questions=(
        Question(
            name="q1",
            kind="table",
            title=N_("Build the RFM table: recency, frequency and monetary value of every customer"),
            answer="rfm",
            solution=(
                "kept = orders.loc[~orders['returned']]\n"
                "rfm = kept.groupby('customer_id').agg(last_order=('order_date', 'max'),\n"
                "                                      frequency=('order_id', 'count'),\n"
                "                                      monetary=('amount', 'sum'))\n"
                "rfm['recency'] = (as_of - rfm['last_order']).dt.days"
            ),
            reference=_rfm_table,
            compare=known_mistakes(
                frame(key="customer_id", columns=RFM_COLUMNS, unit=NP_("row unit", "customer"), rtol=1e-6, atol=1e-6),
                (
                    (_rfm_with_returns, "ex02_returns_counted"),
                    (_rfm_recency_shift(-1), "ex02_recency_off_by_one"),
                    (_rfm_recency_shift(1), "ex02_recency_off_by_one"),
                ),
                before=_recency_timedelta,
            ),
            hints=(
                N_("First drop the returned orders; then one row per customer: `groupby('customer_id')`. "
                   "Recency needs the date of the last order, frequency the number of orders, monetary "
                   "the sum of the amounts."),
                N_("Named aggregation, `.agg(new_name=(column, function), …)`, makes several "
                   "columns at once: the latest `order_date`, the count of `order_id`, the sum of "
                   "`amount`. Subtracting dates gives time spans; `.dt.days` turns them into whole "
                   "days."),
                N_("Filter with the negated flag (`~orders['returned']`), group what is left by "
                   "customer as above, then add the column `recency`: the whole days from each "
                   "customer's last order to `as_of`."),
            ),
            wrong=(
                Wrong(
                    "rfm = orders.groupby('customer_id').agg(last_order=('order_date', 'max'),\n"
                    "    frequency=('order_id', 'count'), monetary=('amount', 'sum'))\n"
                    "rfm['recency'] = (as_of - rfm['last_order']).dt.days",
                    "ex02_returns_counted",
                ),
                Wrong(
                    "kept = orders.loc[~orders['returned']]\n"
                    "rfm = kept.groupby('customer_id').agg(last_order=('order_date', 'max'),\n"
                    "    frequency=('order_id', 'count'), monetary=('amount', 'sum'))\n"
                    "rfm['recency'] = (orders['order_date'].max() - rfm['last_order']).dt.days",
                    "ex02_recency_off_by_one",
                ),
                Wrong(
                    "kept = orders.loc[~orders['returned']]\n"
                    "rfm = kept.groupby('customer_id').agg(last_order=('order_date', 'max'),\n"
                    "    frequency=('order_id', 'count'), monetary=('amount', 'sum'))\n"
                    "rfm['recency'] = as_of - rfm['last_order']",
                    "ex02_recency_timedelta",
                ),
                Wrong(
                    "kept = orders.loc[~orders['returned']]\n"
                    "rfm = kept.groupby('customer_id').agg(last_order=('order_date', 'max'),\n"
                    "    frequency=('order_id', 'count'), monetary=('amount', 'mean'))\n"
                    "rfm['recency'] = (as_of - rfm['last_order']).dt.days",
                    "wrong_column_values",
                ),
            ),
            wrong_type="rfm = orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum()",
        ),
        Question(
            name="q2",
            kind="choice",
            title=N_("Direct mail: how much more often does the best RFM fifth respond than the second?"),
            answer="mail_claim",
            solution=(
                "fifths = crmlab.value.response_by_rfm_fifth(orders, campaigns, returned='returned')\n"
                "ratio = fifths.loc[5, 'response_rate'] / fifths.loc[4, 'response_rate']\n"
                "print(round(ratio, 2))\n"
                "mail_claim = ex.q2.letter('about_three')"
            ),
            reference=_mail_claim,
            compare=known_mistakes(
                choice(MAIL_OPTIONS),
                chosen({"ten_times": "ex02_worst_fifth", "less_often": "ex02_fifth_direction"}),
            ),
            hints=(
                N_("The lesson's `crmlab.value.response_by_rfm_fifth` scores every mailed customer on the "
                   "campaign day and gives each fifth's response rate; tell it to leave out returned "
                   "orders. Group 5 is the best fifth."),
                N_("Divide the response rate of the best fifth (group 5) by that of the second-best "
                   "(group 4), then find the option whose range holds your ratio."),
            ),
            options=MAIL_OPTIONS,
            wrong=(
                Wrong("mail_claim = ex.q2.letter('ten_times')", "ex02_worst_fifth"),
                Wrong("mail_claim = ex.q2.letter('less_often')", "ex02_fifth_direction"),
                Wrong("mail_claim = ex.q2.letter('about_same')", "wrong_choice"),
            ),
            wrong_type="mail_claim = 3.1",
        ),
        Question(
            name="q3",
            kind="function",
            title=N_("Write next_contact(orders, as_of): each buyer's next contact by the contact-frequency rule"),
            answer="next_contact",
            solution=(
                "def next_contact(orders, as_of):\n"
                "    kept = orders[~orders['returned'] & (orders['order_date'] < as_of)]\n"
                "    days = (as_of - kept.groupby('customer_id')['order_date'].max()).dt.days\n"
                "    action = np.select([days <= 7, days <= 30, days <= 90],\n"
                "                       ['thank_you', 'satisfaction_check', 'cross_sell'], 'churn_watch')\n"
                "    return pd.Series(action, index=days.index)"
            ),
            reference=_contacts,
            compare=_contact_calls,
            hints=(
                N_("Work per buyer: find the day of each customer's last purchase (returned orders are no "
                   "purchase) and count the whole days from it to `as_of`. That one number decides the "
                   "next contact."),
                N_("A due day still belongs to its step: up to 7 days → `'thank_you'`, up to 30 → "
                   "`'satisfaction_check'`, up to 90 → `'cross_sell'`, more → `'churn_watch'`. "
                   "`np.select` tries conditions in order and takes the first that holds."),
                N_("Return a Series of the action codes indexed by `customer_id`, one per customer "
                   "with at least one purchase before `as_of`; do not change `orders`."),
            ),
            wrong=(
                Wrong(
                    "def next_contact(orders, as_of):\n"
                    "    days = (as_of - orders.groupby('customer_id')['order_date'].max()).dt.days\n"
                    "    action = np.select([days <= 7, days <= 30, days <= 90],\n"
                    "                       ['thank_you', 'satisfaction_check', 'cross_sell'], 'churn_watch')\n"
                    "    return pd.Series(action, index=days.index)",
                    "ex02_returns_counted",
                ),
                Wrong(
                    "def next_contact(orders, as_of):\n"
                    "    kept = orders[~orders['returned']]\n"
                    "    days = (as_of - kept.groupby('customer_id')['order_date'].max()).dt.days\n"
                    "    action = np.select([days < 7, days < 30, days < 90],\n"
                    "                       ['thank_you', 'satisfaction_check', 'cross_sell'], 'churn_watch')\n"
                    "    return pd.Series(action, index=days.index)",
                    "ex02_contact_due_day",
                ),
                Wrong(
                    "def next_contact(orders, as_of):\n"
                    "    kept = orders[~orders['returned']]\n"
                    "    last = kept.groupby('customer_id')['order_date'].max()\n"
                    "    days = (orders['order_date'].max() - last).dt.days\n"
                    "    action = np.select([days <= 7, days <= 30, days <= 90],\n"
                    "                       ['thank_you', 'satisfaction_check', 'cross_sell'], 'churn_watch')\n"
                    "    return pd.Series(action, index=days.index)",
                    "ex02_days_off_by_one",
                ),
                Wrong(
                    "def next_contact(orders, as_of):\n"
                    "    kept = orders[~orders['returned']]\n"
                    "    days = (as_of - kept.groupby('customer_id')['order_date'].max()).dt.days\n"
                    "    action = np.select([days <= 7, days <= 30, days <= 90],\n"
                    "                       ['thank_you', 'satisfaction_check', 'cross_sell'], 'churn_watch')\n"
                    "    pd.Series(action, index=days.index)",
                    "forgot_return",
                ),
                Wrong(
                    "def next_contact(orders, as_of):\n"
                    "    orders['kept'] = ~orders['returned']\n"
                    "    days = (as_of - orders[orders['kept']].groupby('customer_id')['order_date'].max()).dt.days\n"
                    "    action = np.select([days <= 7, days <= 30, days <= 90],\n"
                    "                       ['thank_you', 'satisfaction_check', 'cross_sell'], 'churn_watch')\n"
                    "    return pd.Series(action, index=days.index)",
                    "function_mutated",
                ),
            ),
            wrong_type="next_contact = 'thank_you'",
        ),
        Question(
            name="q4",
            kind="table",
            title=N_("ABC tiers: put every buyer in the VIP, major, ordinary or small tier by spend"),
            answer="tiers",
            solution=(
                "spend = orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum()\n"
                "n = len(spend)\n"
                "rank = spend.rank(method='min', ascending=False)\n"
                "tiers = pd.Series(np.select([rank <= np.ceil(n * 1 / 100), rank <= np.ceil(n * 5 / 100),\n"
                "                             rank <= np.ceil(n * 20 / 100)],\n"
                "                            ['vip', 'major', 'ordinary'], 'small'), index=spend.index)"
            ),
            reference=_tiers,
            compare=known_mistakes(
                series(unit=NP_("row unit", "customer"), index="customer_id"),
                (
                    (lambda ex: _tiers_variant(ex, returns=True), "ex02_returns_counted"),
                    (lambda ex: _tiers_variant(ex, limits={"vip": 1, "major": 4, "ordinary": 15}), "ex02_abc_cumulative"),
                    (lambda ex: _tiers_variant(ex, floor=True), "ex02_abc_floor"),
                ),
            ),
            hints=(
                N_("Rank the buyers by spend, the largest first (returned orders left out). The tiers are "
                   "cut at cumulative shares of the N buyers: the top 1 % are VIP, the rest of the top 5 % "
                   "major, the rest of the top 20 % ordinary, everyone else small."),
                N_("`rank(method='min', ascending=False)` gives rank 1 to the largest spender and keeps "
                   "equal spenders together (the best rank of their group). The limits are whole "
                   "numbers of customers: round N × 1 / 100, N × 5 / 100 and N × 20 / 100 up."),
                N_("Compare each rank with the three limits, most valuable tier first (`np.select` "
                   "takes the first condition that holds), and return a Series of the tier codes "
                   "`'vip'`, `'major'`, `'ordinary'`, `'small'` indexed by `customer_id`."),
            ),
            wrong=(
                Wrong(
                    "spend = orders.groupby('customer_id')['amount'].sum()\n"
                    "n = len(spend)\n"
                    "rank = spend.rank(method='min', ascending=False)\n"
                    "tiers = pd.Series(np.select([rank <= np.ceil(n / 100), rank <= np.ceil(n * 5 / 100),\n"
                    "    rank <= np.ceil(n * 20 / 100)], ['vip', 'major', 'ordinary'], 'small'), index=spend.index)",
                    "ex02_returns_counted",
                ),
                Wrong(
                    "spend = orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum()\n"
                    "n = len(spend)\n"
                    "rank = spend.rank(method='min', ascending=False)\n"
                    "tiers = pd.Series(np.select([rank <= np.ceil(n / 100), rank <= np.ceil(n * 4 / 100),\n"
                    "    rank <= np.ceil(n * 15 / 100)], ['vip', 'major', 'ordinary'], 'small'), index=spend.index)",
                    "ex02_abc_cumulative",
                ),
                Wrong(
                    "spend = orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum()\n"
                    "n = len(spend)\n"
                    "rank = spend.rank(method='min', ascending=False)\n"
                    "tiers = pd.Series(np.select([rank <= n // 100, rank <= n * 5 // 100, rank <= n * 20 // 100],\n"
                    "    ['vip', 'major', 'ordinary'], 'small'), index=spend.index)",
                    "ex02_abc_floor",
                ),
                Wrong(
                    "spend = orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum()\n"
                    "n = len(spend)\n"
                    "rank = spend.rank(method='min')\n"
                    "tiers = pd.Series(np.select([rank <= np.ceil(n / 100), rank <= np.ceil(n * 5 / 100),\n"
                    "    rank <= np.ceil(n * 20 / 100)], ['vip', 'major', 'ordinary'], 'small'), index=spend.index)",
                    "wrong_values_count",
                ),
            ),
            wrong_type="tiers = ['vip', 'major', 'ordinary', 'small']",
        ),
        Question(
            name="q5",
            kind="picture",
            title=N_("Read the Pareto curve: which share of customers brings half of the revenue?"),
            answer="half_revenue",
            solution="half_revenue = ex.q5.letter('five_to_ten')",
            reference=_half_revenue,
            compare=known_mistakes(
                choice(HALF_OPTIONS),
                chosen({"one_fifth": "ex02_half_is_top20", "one_half": "ex02_half_diagonal"}),
            ),
            hints=(
                N_("Find 50 % on the vertical axis (share of revenue), go right until you meet the curve, "
                   "then down to the horizontal axis (share of customers)."),
                N_("The marked point says what the top 20 % bring. Half of the revenue is less than that, "
                   "so it is brought by fewer customers than 20 %: how many fewer?"),
            ),
            options=HALF_OPTIONS,
            wrong=(
                Wrong("half_revenue = ex.q5.letter('one_fifth')", "ex02_half_is_top20"),
                Wrong("half_revenue = ex.q5.letter('one_half')", "ex02_half_diagonal"),
                Wrong("half_revenue = ex.q5.letter('one_percent')", "wrong_choice"),
            ),
            wrong_type="half_revenue = 0.07",
        ),
        Question(
            name="q6",
            kind="value",
            title=N_("The Gini coefficient of the customers' spend"),
            answer="gini",
            solution=(
                "spend = np.sort(orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum().to_numpy())\n"
                "n = len(spend)\n"
                "i = np.arange(1, n + 1)\n"
                "gini = ((2 * i - n - 1) * spend).sum() / (n * spend.sum())"
            ),
            reference=_gini,
            compare=known_mistakes(
                number(rtol=1e-6),
                (
                    (lambda ex: -_gini(ex), "ex02_gini_order"),
                    (lambda ex: _gini(ex, returned=None), "ex02_returns_counted"),
                    (_gini_of_orders, "ex02_gini_orders"),
                    (_gini_corrected, "ex02_gini_corrected"),
                ),
            ),
            hints=(
                N_("One value per customer: their spend, returned orders left out. Sort the values from "
                   "the smallest to the largest and number them i = 1 … n; the formula weights each value "
                   "by 2i − n − 1."),
                N_("`np.sort` sorts ascending and `np.arange` numbers the positions 1 … n; multiply the "
                   "weights by the sorted values, add them up and divide by n × (the total spend)."),
            ),
            wrong=(
                Wrong(
                    "spend = np.sort(orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum().to_numpy())[::-1]\n"
                    "n = len(spend)\n"
                    "i = np.arange(1, n + 1)\n"
                    "gini = ((2 * i - n - 1) * spend).sum() / (n * spend.sum())",
                    "ex02_gini_order",
                ),
                Wrong(
                    "spend = np.sort(orders.groupby('customer_id')['amount'].sum().to_numpy())\n"
                    "n = len(spend)\n"
                    "i = np.arange(1, n + 1)\n"
                    "gini = ((2 * i - n - 1) * spend).sum() / (n * spend.sum())",
                    "ex02_returns_counted",
                ),
                Wrong(
                    "x = np.sort(orders.loc[~orders['returned'], 'amount'].to_numpy())\n"
                    "n = len(x)\n"
                    "i = np.arange(1, n + 1)\n"
                    "gini = ((2 * i - n - 1) * x).sum() / (n * x.sum())",
                    "ex02_gini_orders",
                ),
                Wrong(
                    "spend = np.sort(orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum().to_numpy())\n"
                    "n = len(spend)\n"
                    "i = np.arange(1, n + 1)\n"
                    "gini = ((2 * i - n - 1) * spend).sum() / ((n - 1) * spend.sum())",
                    "ex02_gini_corrected",
                ),
            ),
            wrong_type="gini = orders.groupby('customer_id')['amount'].sum().sort_values()",
        ),
        Question(
            name="q7",
            kind="table",
            title=N_("Basket analysis: support, confidence and lift of the rule snacks → rice"),
            answer="snacks_rice",
            solution=(
                "bought = orders.loc[~orders['returned'], 'order_id']\n"
                "baskets = pd.crosstab(lines['order_id'], lines['product']).gt(0).loc[lambda t: t.index.isin(bought)]\n"
                "snacks, rice = baskets['snacks'], baskets['rice']\n"
                "support = (snacks & rice).mean()\n"
                "confidence = (snacks & rice).sum() / snacks.sum()\n"
                "snacks_rice = pd.Series({'support': support, 'confidence': confidence,\n"
                "                         'lift': confidence / rice.mean()})"
            ),
            reference=_rule,
            compare=known_mistakes(
                series(unit=NP_("row unit", "measure"), index=N_("the measures support, confidence and lift")),
                (
                    (lambda ex: _rule(ex, returns=True), "ex02_returns_counted"),
                    (lambda ex: _rule_variant(ex, reverse_confidence=True), "ex02_confidence_direction"),
                    (lambda ex: _rule_variant(ex, lift_base="antecedent"), "ex02_lift_base"),
                ),
            ),
            hints=(
                N_("A basket is one purchase: the products of one order that was not returned. Make a "
                   "True/False table with one row per basket and one column per product; the share of "
                   "True in a column is that product's support."),
                N_("`pd.crosstab` of the order ids against the products counts each product per order; "
                   "`.gt(0)` turns the counts into True/False. Keep only the rows of orders that were not "
                   "returned."),
                N_("Support: the share of baskets with both products. Confidence of snacks → rice: of the "
                   "baskets with snacks, the share that also hold rice. Lift: that confidence divided by "
                   "the support of rice. Return the three as a Series labelled `support`, `confidence`, "
                   "`lift`."),
            ),
            wrong=(
                Wrong(
                    "baskets = pd.crosstab(lines['order_id'], lines['product']).gt(0)\n"
                    "snacks, rice = baskets['snacks'], baskets['rice']\n"
                    "confidence = (snacks & rice).sum() / snacks.sum()\n"
                    "snacks_rice = pd.Series({'support': (snacks & rice).mean(), 'confidence': confidence,\n"
                    "                         'lift': confidence / rice.mean()})",
                    "ex02_returns_counted",
                ),
                Wrong(
                    "bought = orders.loc[~orders['returned'], 'order_id']\n"
                    "baskets = pd.crosstab(lines['order_id'], lines['product']).gt(0).loc[lambda t: t.index.isin(bought)]\n"
                    "snacks, rice = baskets['snacks'], baskets['rice']\n"
                    "confidence = (snacks & rice).sum() / rice.sum()\n"
                    "snacks_rice = pd.Series({'support': (snacks & rice).mean(), 'confidence': confidence,\n"
                    "                         'lift': confidence / rice.mean()})",
                    "ex02_confidence_direction",
                ),
                Wrong(
                    "bought = orders.loc[~orders['returned'], 'order_id']\n"
                    "baskets = pd.crosstab(lines['order_id'], lines['product']).gt(0).loc[lambda t: t.index.isin(bought)]\n"
                    "snacks, rice = baskets['snacks'], baskets['rice']\n"
                    "confidence = (snacks & rice).sum() / snacks.sum()\n"
                    "snacks_rice = pd.Series({'support': (snacks & rice).mean(), 'confidence': confidence,\n"
                    "                         'lift': confidence / snacks.mean()})",
                    "ex02_lift_base",
                ),
                Wrong(
                    "bought = orders.loc[~orders['returned'], 'order_id']\n"
                    "baskets = pd.crosstab(lines['order_id'], lines['product']).gt(0).loc[lambda t: t.index.isin(bought)]\n"
                    "snacks, rice = baskets['snacks'], baskets['rice']\n"
                    "snacks_rice = pd.Series({'support': (snacks & rice).mean(),\n"
                    "                         'confidence': (snacks & rice).sum() / snacks.sum()})",
                    "wrong_length",
                ),
            ),
            wrong_type=(
                "baskets = pd.crosstab(lines['order_id'], lines['product']).gt(0)\n"
                "snacks_rice = (baskets['snacks'] & baskets['rice']).mean()"
            ),
        ),
    ),
)
