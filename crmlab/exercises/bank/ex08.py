"""Exercise 08 — the capstone (lesson 08).

The rice shop (王永庆卖大米): each customer's mean interval between purchases, the expected days
until their next purchase and who is due in the coming month; recommendations per segment with
the lesson's first-match rule; the A–E churn case; and the picture of customers and revenue
behind each recommended action.

Throughout, a *purchase* is an order that was not returned, and several orders on one calendar
day are one purchase (a *purchase day*).
"""

from __future__ import annotations

import numpy as np

from ...i18n import N_, NP_
from ..compare import calls, choice, chosen, frame, known_mistakes, number, series
from ..options import Option
from ..spec import ExerciseSpec, Question, Wrong

SETUP = """\
customers = ex.data.customers
orders = ex.data.orders
as_of = ex.as_of
from crmlab.widgets import capstone
review = capstone.customer_review(ex.data)
"""

#: The due window of q3: expected next purchase within this many days from ``as_of``.
DUE_DAYS = 30


def _kept(orders):
    """The purchases: orders that were not returned."""
    return orders[~orders["returned"].astype(bool)]


# -- the rice shop -------------------------------------------------------------------------------------
def _rhythm(ex, *, returns=False):
    """Per customer with ≥ 2 purchase days (index customer_id): ``mean_interval``,
    ``days_since_last`` and ``days_until`` — from the lesson's next_purchase and RFM recency."""
    import pandas as pd

    import crmlab

    source = ex.data.orders if returns else _kept(ex.data.orders)
    returned = None if returns else "returned"  # the known mistake counts returned orders as purchases
    pred = crmlab.lifecycle.next_purchase(source, min_purchases=2, as_of=ex.as_of, returned=returned)
    pred = pred.set_index("customer_id")
    gap = pred["typical_gap"].dropna()
    recency = crmlab.value.rfm(source, as_of=ex.as_of, returned=returned)["recency"].reindex(gap.index)
    return pd.DataFrame(
        {"mean_interval": gap, "days_since_last": recency, "days_until": gap - recency}, index=gap.index
    )


def _mean_interval(ex):
    return _rhythm(ex)["mean_interval"].rename("mean_interval")


def _mean_interval_same_day(ex):
    """The gaps measured between consecutive orders, same-day orders included (gaps of 0)."""
    o = _kept(ex.data.orders).sort_values(["customer_id", "order_date"], kind="stable")
    gaps = o.groupby("customer_id")["order_date"].diff().dt.days
    return gaps.groupby(o["customer_id"]).mean().dropna()


def _mean_interval_returns(ex):
    return _rhythm(ex, returns=True)["mean_interval"]


def _next_buy(ex):
    return _rhythm(ex)


def _next_buy_last_day(ex):
    """Days counted to the last day of the data instead of ``as_of``."""
    r = _rhythm(ex)
    return r.assign(days_since_last=r["days_since_last"] - 1, days_until=r["days_until"] + 1)


def _n_due(ex, *, overdue=False, returns=False) -> int:
    until = _rhythm(ex, returns=returns)["days_until"]
    due = (until < DUE_DAYS) if overdue else ((until >= 0) & (until < DUE_DAYS))
    return int(due.sum())


# -- recommendations per segment ---------------------------------------------------------------------
def _actions(ex):
    from crmlab.widgets import capstone

    return capstone.recommend_actions(_review(ex))[["customer_id", "action"]]


def _review(ex):
    from crmlab.widgets import capstone

    return capstone.customer_review(ex.data)


def _actions_variant(ex, *, tier_first=False, small_exception=True):
    """The rule with a known mistake: top tiers checked before risk, or small customers not exempted."""
    import pandas as pd

    r = _review(ex)
    tier, seg, risk, sat = (r[c].astype("object") for c in ("tier", "segment", "churn_risk", "satisfaction"))
    small = (tier == "small") if small_exception else pd.Series(False, index=r.index)
    gone = risk == "gone"
    trouble = (risk == "high") | (sat == "low")
    top = tier.isin(["vip", "major"])
    nurture = (tier == "small") & seg.isin(["new_customers", "promising", "potential_loyalists"])
    rules = [
        (gone & ~small, "win_back"),
        (gone & small, "minimal_service"),
        (trouble & ~small, "retain"),
        (trouble & small, "minimal_service"),
        (top, "keep_close"),
        (tier == "ordinary", "develop"),
        (nurture, "develop"),
    ]
    if tier_first:
        rules = [rules[4]] + rules[:4] + rules[5:]
    action = np.select([c for c, _ in rules], [a for _, a in rules], "minimal_service")
    return pd.DataFrame({"customer_id": r["customer_id"], "action": action})


# -- the A–E churn case -----------------------------------------------------------------------------------
CASE_OPTIONS = (
    Option("salesman_and_payment", N_("the salesman who left (case C), and the payment-terms dispute (case D)")),
    Option("reorg_and_salesman", N_("the customer's re-organisation (case B), and the salesman who left "
                                    "(case C)")),
    Option("quality_and_request", N_("quality problems and poor repairs (case A), and the unmet product "
                                     "request (case E)")),
    Option("payment_and_request", N_("the payment-terms dispute (case D), and the unmet product request "
                                     "(case E)")),
)


def _invisible_causes(ex) -> str:
    """The two causes the company's tables cannot show: a re-organisation at the customer and a
    departed salesman. The accounts table records only today's sales rep, so a change of rep
    leaves no trace; nothing records a customer's internal changes."""
    accounts = ex.data.accounts
    rep_history = [c for c in accounts.columns if c != "sales_rep" and "rep" in str(c).split("_")]
    return "reorg_and_salesman" if "sales_rep" in accounts.columns and not rep_history else "?"


# -- picture: customers and revenue per action ---------------------------------------------------------------
ACTION_OPTIONS = (
    Option("keep_close", N_("keep close")),
    Option("retain", N_("retain")),
    Option("minimal_service", N_("minimal service")),
    Option("win_back", N_("win back")),
)


def _revenue_heavy_action(ex) -> str:
    from crmlab.widgets import capstone

    a = capstone.recommend_actions(_review(ex))
    g = a.groupby("action", observed=True)["value"].agg(["size", "sum"])
    ratio = (g["sum"] / g["sum"].sum()) / (g["size"] / g["size"].sum())
    ratio = ratio[ratio.index.isin([o.key for o in ACTION_OPTIONS])]
    return str(ratio.idxmax())


_MEAN_INTERVAL = (
    "def mean_interval(orders):\n"
    "    purchases = orders[~orders['returned']]\n"
    "    days = (pd.DataFrame({'customer_id': purchases['customer_id'],\n"
    "                          'day': purchases['order_date'].dt.normalize()})\n"
    "            .drop_duplicates().sort_values(['customer_id', 'day']))\n"
    "    gaps = days.groupby('customer_id')['day'].diff().dt.days\n"
    "    return gaps.groupby(days['customer_id']).mean().dropna()"
)

_NEXT_BUY = (
    "purchases = orders[~orders['returned']]\n"
    "days = (pd.DataFrame({'customer_id': purchases['customer_id'],\n"
    "                      'day': purchases['order_date'].dt.normalize()})\n"
    "        .drop_duplicates().sort_values(['customer_id', 'day']))\n"
    "gaps = days.groupby('customer_id')['day'].diff().dt.days\n"
    "next_buy = pd.DataFrame({'mean_interval': gaps.groupby(days['customer_id']).mean().dropna()})\n"
    "last_day = days.groupby('customer_id')['day'].max()\n"
    "next_buy['days_since_last'] = (as_of - last_day.reindex(next_buy.index)).dt.days\n"
    "next_buy['days_until'] = next_buy['mean_interval'] - next_buy['days_since_last']"
)

_ACTIONS = (
    "tier, segment = review['tier'], review['segment']\n"
    "risk, satisfaction = review['churn_risk'], review['satisfaction']\n"
    "small = tier == 'small'\n"
    "trouble = (risk == 'high') | (satisfaction == 'low')\n"
    "rules = [(risk == 'gone') & ~small, (risk == 'gone') & small, trouble & ~small, trouble & small,\n"
    "         tier.isin(['vip', 'major']), tier == 'ordinary',\n"
    "         small & segment.isin(['new_customers', 'promising', 'potential_loyalists'])]\n"
    "choices = ['win_back', 'minimal_service', 'retain', 'minimal_service', 'keep_close', 'develop', 'develop']\n"
    "actions = pd.DataFrame({'customer_id': review['customer_id'],\n"
    "                        'action': np.select(rules, choices, 'minimal_service')})"
)


#: This exercise's own messages: the diagnoses of its typical slips (key → English text).
MESSAGES = {
    "ex08_same_day": N_(
        "Several orders on one calendar day are one purchase: keep one row per customer and day "
        "before measuring the gaps (a gap of 0 days is no interval)."
    ),
    "ex08_returns_counted": N_(
        "Returned orders seem to count as purchases. Here a returned order is no purchase: leave "
        "out the rows where `returned` is True."
    ),
    "ex08_as_of": N_(
        "Your day counts are one day off: count from the last purchase day to `as_of` (the day "
        "after the data ends), not to the last day of the data."
    ),
    "ex08_overdue_included": N_(
        "Customers whose expected day has already passed (days until below 0) are overdue, not "
        "due: keep only 0 ≤ days until < 30."
    ),
    "ex08_rule_order": N_(
        "Try the rules in the order given; the first that matches wins. A VIP or major customer "
        "who is gone or at risk is won back or retained, not kept close."
    ),
    "ex08_complaints_trace": N_(
        "Quality problems and repairs leave complaints and returns in the tables. Look for causes that "
        "no table records."
    ),
    "ex08_invoices_trace": N_(
        "A payment-terms dispute leaves traces in the invoices: late and partial payments."
    ),
    "ex08_largest_bar": N_(
        "Divide each revenue bar by its customer bar: the longest revenue bar is not always the largest "
        "multiple."
    ),
    "ex08_small_exception": N_(
        "Small customers who are gone or at risk get minimal service, not win back or retain."
    ),
}


EXERCISE = ExerciseSpec(
    id="08",
    title=N_("Capstone: from the customer base to actions"),
    notebook="08_capstone.ipynb",
    messages=MESSAGES,
    setup=SETUP,
    questions=(
        Question(
            name="q1",
            kind="function",
            title=N_("Write mean_interval(orders): each customer's mean number of days between purchase days"),
            answer="mean_interval",
            solution=_MEAN_INTERVAL,
            reference=_mean_interval,
            compare=calls(
                lambda ex: {"orders": ex.data.orders},
                known_mistakes(
                    series(unit=NP_("row unit", "customer with two or more purchase days"), index="customer_id"),
                    (
                        (_mean_interval_same_day, "ex08_same_day"),
                        (_mean_interval_returns, "ex08_returns_counted"),
                    ),
                ),
                call="mean_interval(orders)",
            ),
            hints=(
                N_("Reduce the log to one row per customer and purchase day (returned orders left out), "
                   "sort by day, and take the differences between consecutive days of the same customer."),
                N_("`drop_duplicates()` on (`customer_id`, normalised `order_date`) and sort by "
                   "customer and day; `.diff()` within each customer's group gives the gaps "
                   "(`.dt.days` for whole days); average them per customer and `dropna()` the "
                   "customers with a single purchase day (they have no gap)."),
            ),
            wrong=(
                Wrong(
                    "def mean_interval(orders):\n"
                    "    kept = orders[~orders['returned']].sort_values(['customer_id', 'order_date'])\n"
                    "    gaps = kept.groupby('customer_id')['order_date'].diff().dt.days\n"
                    "    return gaps.groupby(kept['customer_id']).mean().dropna()",
                    "ex08_same_day",
                ),
                Wrong(
                    "def mean_interval(orders):\n"
                    "    days = (pd.DataFrame({'customer_id': orders['customer_id'], 'day': orders['order_date'].dt.normalize()})\n"
                    "            .drop_duplicates().sort_values(['customer_id', 'day']))\n"
                    "    gaps = days.groupby('customer_id')['day'].diff().dt.days\n"
                    "    return gaps.groupby(days['customer_id']).mean().dropna()",
                    "ex08_returns_counted",
                ),
                Wrong(
                    "def mean_interval(orders):\n"
                    "    purchases = orders[~orders['returned']]\n"
                    "    days = (pd.DataFrame({'customer_id': purchases['customer_id'], 'day': purchases['order_date'].dt.normalize()})\n"
                    "            .drop_duplicates().sort_values(['customer_id', 'day']))\n"
                    "    gaps = days.groupby('customer_id')['day'].diff().dt.days\n"
                    "    return gaps.groupby(days['customer_id']).mean()",
                    "wrong_length",
                ),
                Wrong(
                    "def mean_interval(orders):\n"
                    "    purchases = orders[~orders['returned']]\n"
                    "    days = purchases.assign(day=purchases['order_date'].dt.normalize()).drop_duplicates(['customer_id', 'day'])\n"
                    "    gaps = days.sort_values('day').groupby('customer_id')['day'].diff().dt.days\n"
                    "    gaps.groupby(days['customer_id']).mean().dropna()",
                    "forgot_return",
                ),
            ),
            wrong_type="mean_interval = 30.0",
        ),
        Question(
            name="q2",
            kind="table",
            title=N_("The rice shop: days since the last purchase and expected days until the next one"),
            answer="next_buy",
            solution=_NEXT_BUY,
            reference=_next_buy,
            compare=known_mistakes(
                frame(
                    key="customer_id",
                    columns=["mean_interval", "days_since_last", "days_until"],
                    unit=NP_("row unit", "customer with two or more purchase days"),
                ),
                ((_next_buy_last_day, "ex08_as_of"),),
            ),
            hints=(
                N_("Start from each customer's mean interval (question 1) and add a column saying how long ago "
                   "they last bought; the next purchase is expected one mean interval after the last one."),
                N_("`days_since_last = (as_of - last purchase day).dt.days`; "
                   "`days_until = mean_interval - days_since_last` (negative when the expected day has "
                   "passed). Index the table by `customer_id` (or give it that column)."),
            ),
            wrong=(
                Wrong(
                    _NEXT_BUY.replace("(as_of - last_day", "(as_of - pd.Timedelta(days=1) - last_day"),
                    "ex08_as_of",
                ),
                Wrong(
                    _NEXT_BUY.replace(
                        "next_buy['mean_interval'] - next_buy['days_since_last']",
                        "next_buy['days_since_last'] - next_buy['mean_interval']",
                    ),
                    "wrong_sign",
                ),
                Wrong(
                    _NEXT_BUY.replace(
                        "last_day = days.groupby('customer_id')['day'].max()",
                        "last_day = orders.groupby('customer_id')['order_date'].max()",
                    ),
                    "wrong_column_values",
                ),
            ),
            wrong_type=_NEXT_BUY + "\nnext_buy = next_buy['days_until']",
        ),
        Question(
            name="q3",
            kind="value",
            title=N_("Who is due? The number of customers expected to buy again within the next 30 days"),
            answer="n_due",
            solution=(
                "purchases = orders[~orders['returned']]\n"
                "days = (purchases.assign(day=purchases['order_date'].dt.normalize())\n"
                "        .groupby('customer_id')['day'].agg(['min', 'max', 'nunique']))\n"
                "rhythm = days[days['nunique'] >= 2]\n"
                "mean_gap = (rhythm['max'] - rhythm['min']).dt.days / (rhythm['nunique'] - 1)\n"
                "days_until = mean_gap - (as_of - rhythm['max']).dt.days\n"
                "n_due = int(((days_until >= 0) & (days_until < 30)).sum())"
            ),
            reference=_n_due,
            compare=known_mistakes(
                number(integer=True, rtol=0, atol=0.5),
                (
                    (lambda ex: _n_due(ex, overdue=True), "ex08_overdue_included"),
                    (lambda ex: _n_due(ex, returns=True), "ex08_returns_counted"),
                ),
            ),
            hints=(
                N_("You need each rhythm customer's expected days until the next purchase (question 2); "
                   "count those whose expected day is today or within the 30 days after it."),
                N_("Keep `0 <= days_until < 30`: a negative value is a customer who is already overdue. "
                   "(Shortcut: the mean of the gaps equals (last day − first day) / (purchase days − 1).)"),
            ),
            wrong=(
                Wrong(
                    _NEXT_BUY + "\nn_due = int((next_buy['days_until'] < 30).sum())",
                    "ex08_overdue_included",
                ),
                Wrong(
                    _NEXT_BUY.replace("purchases = orders[~orders['returned']]", "purchases = orders")
                    + "\nn_due = int(((next_buy['days_until'] >= 0) & (next_buy['days_until'] < 30)).sum())",
                    "ex08_returns_counted",
                ),
            ),
            wrong_type=_NEXT_BUY + "\nn_due = next_buy['days_until'].between(0, 29)",
        ),
        Question(
            name="q4",
            kind="table",
            title=N_("Recommendations per segment: each customer's action by the lesson's first-match rule"),
            answer="actions",
            solution=_ACTIONS,
            reference=_actions,
            compare=known_mistakes(
                frame(key="customer_id", columns=["action"], unit=NP_("row unit", "customer in `review`")),
                (
                    (lambda ex: _actions_variant(ex, tier_first=True), "ex08_rule_order"),
                    (lambda ex: _actions_variant(ex, small_exception=False), "ex08_small_exception"),
                ),
            ),
            hints=(
                N_("Write each rule as a True/False Series over the rows of `review`, in the order of the "
                   "table; the first rule that is True for a customer gives the action."),
                N_("`np.select(conditions, choices, default)` takes the first True condition for each row. "
                   "Gone and small, or at risk and small, give `minimal_service`."),
            ),
            wrong=(
                Wrong(
                    _ACTIONS.replace(
                        "rules = [(risk == 'gone') & ~small, (risk == 'gone') & small, trouble & ~small, trouble & small,\n"
                        "         tier.isin(['vip', 'major']), tier == 'ordinary',",
                        "rules = [tier.isin(['vip', 'major']), (risk == 'gone') & ~small, (risk == 'gone') & small,\n"
                        "         trouble & ~small, trouble & small, tier == 'ordinary',",
                    ).replace(
                        "choices = ['win_back', 'minimal_service', 'retain', 'minimal_service', 'keep_close',",
                        "choices = ['keep_close', 'win_back', 'minimal_service', 'retain', 'minimal_service',",
                    ),
                    "ex08_rule_order",
                ),
                Wrong(
                    "tier, segment = review['tier'], review['segment']\n"
                    "risk, satisfaction = review['churn_risk'], review['satisfaction']\n"
                    "rules = [risk == 'gone', (risk == 'high') | (satisfaction == 'low'), tier.isin(['vip', 'major']),\n"
                    "         tier == 'ordinary', (tier == 'small') & segment.isin(['new_customers', 'promising', 'potential_loyalists'])]\n"
                    "choices = ['win_back', 'retain', 'keep_close', 'develop', 'develop']\n"
                    "actions = pd.DataFrame({'customer_id': review['customer_id'], 'action': np.select(rules, choices, 'minimal_service')})",
                    "ex08_small_exception",
                ),
            ),
            wrong_type=_ACTIONS + "\nactions = actions['action'].tolist()",
        ),
        Question(
            name="q5",
            kind="choice",
            title=N_("The A–E churn case: which two causes leave almost no trace in the company's tables?"),
            answer="invisible",
            solution="invisible = ex.q5.letter('reorg_and_salesman')",
            reference=_invisible_causes,
            compare=known_mistakes(
                choice(CASE_OPTIONS),
                chosen({"quality_and_request": "ex08_complaints_trace", "salesman_and_payment": "ex08_invoices_trace",
                        "payment_and_request": "ex08_invoices_trace"}),
            ),
            hints=(
                N_("For each cause, name the table where it would show: complaints and returns, survey "
                   "answers, invoices and payments … Which causes have no such table?"),
                N_("Orders show *when* a customer slipped, never *why*; and the `accounts` table keeps only "
                   "today's sales rep."),
            ),
            options=CASE_OPTIONS,
            wrong=(
                Wrong("invisible = ex.q5.letter('payment_and_request')", "ex08_invoices_trace"),
                Wrong("invisible = ex.q5.letter('quality_and_request')", "ex08_complaints_trace"),
                Wrong("invisible = 'BC'", "not_a_choice"),
            ),
            wrong_type="invisible = ('B', 'C')",
        ),
        Question(
            name="q6",
            kind="picture",
            title=N_("Read the picture: for which action is the share of revenue the largest multiple of the share of customers?"),
            answer="heavy",
            solution="heavy = ex.q6.letter('keep_close')",
            reference=_revenue_heavy_action,
            compare=known_mistakes(choice(ACTION_OPTIONS), chosen({"minimal_service": "ex08_largest_bar"})),
            hints=(
                N_("For each action divide the length of its revenue bar by the length of its customer bar."),
                N_("An action with a short customer bar and a long revenue bar has the largest ratio: few "
                   "customers carrying a large part of the revenue. Compare the ratios, not the bar lengths."),
            ),
            options=ACTION_OPTIONS,
            wrong=(
                Wrong("heavy = ex.q6.letter('minimal_service')", "ex08_largest_bar"),
                Wrong("heavy = ex.q6.letter('win_back')", "wrong_choice"),
            ),
            wrong_type="heavy = 3",
        ),
    ),
)
