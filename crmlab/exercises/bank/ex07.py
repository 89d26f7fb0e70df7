"""Exercise 07 — customer loyalty (lesson 07).

Repeat-purchase rate, Dick & Basu's four kinds of loyalty (relative attitude × repeat
patronage), a points programme with reward tiers, share of wallet, a loyalty strategy, the
satisfaction-trap picture (satisfaction is not loyalty) and the loyalty matrix (product × service
satisfaction).

Throughout, a *purchase* is an order that was not returned, and several orders on one calendar
day are one purchase occasion (a *purchase day*).
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
surveys = ex.data.surveys
as_of = ex.as_of
"""

#: The milestones of the courseware's points programme (points, one per whole yuan).
MILESTONES = (500, 1000, 1500)
#: The market study's estimate of a household's yearly spending in our categories.
INCOME_SHARE = 0.05


def _kept(orders):
    """The purchases: orders that were not returned."""
    return orders[~orders["returned"].astype(bool)]


# -- q1 repeat-purchase rate -----------------------------------------------------------------------
def _repeat_rate(ex, *, returned="returned", frequency="days", denominator=None) -> float:
    import crmlab

    r = crmlab.value.rfm(ex.data.orders, as_of=ex.as_of, frequency=frequency, returned=returned)
    repeaters = int((r["frequency"] >= 2).sum())
    return repeaters / (len(r) if denominator is None else denominator)


# -- q2 Dick & Basu ----------------------------------------------------------------------------------
def _dick_basu(ex):
    import crmlab

    return crmlab.loyalty.dick_basu_from_data(ex.data.surveys, _kept(ex.data.orders), as_of=ex.as_of)[
        ["relative_attitude", "repeat_patronage", "loyalty"]
    ]


def _dick_basu_returns_counted(ex):
    import crmlab

    return crmlab.loyalty.dick_basu_from_data(ex.data.surveys, ex.data.orders, as_of=ex.as_of, returned=None)


def _dick_basu_orders_counted(ex):
    import pandas as pd

    import crmlab

    att = crmlab.loyalty.relative_attitude(ex.data.surveys)
    n_orders = _kept(ex.data.orders).groupby("customer_id").size()
    both = att.index.intersection(n_orders.index)
    return crmlab.loyalty.dick_basu(att.reindex(both), pd.Series(n_orders.reindex(both).to_numpy() - 1.0, index=both))


def _dick_basu_ties_high(attitude: bool, patronage: bool):
    """The classes when a value equal to the median counts as high (``>=`` instead of ``>``)."""

    def make(ex):
        import crmlab

        ref = _dick_basu(ex)
        a_cut = float(ref["relative_attitude"].median())
        p_cut = float(ref["repeat_patronage"].median())
        return crmlab.loyalty.dick_basu(
            ref["relative_attitude"],
            ref["repeat_patronage"],
            attitude_threshold=a_cut - 1e-9 if attitude else a_cut,
            patronage_threshold=p_cut - 1e-9 if patronage else p_cut,
        )

    return make


# -- q3 points programme -------------------------------------------------------------------------------
def _points(ex):
    import pandas as pd

    import crmlab

    p = crmlab.loyalty.points_programme(ex.data.orders, 1, MILESTONES, as_of=ex.as_of)[["points", "highest_reward"]]
    # every customer with an order: one whose orders were all returned earned 0 points (the programme
    # itself lists the buyers only)
    ordered = pd.Index(np.sort(ex.data.orders["customer_id"].unique()), name=p.index.name)
    return p.reindex(ordered, fill_value=0).astype(p.dtypes.to_dict())


def _highest(points):
    return np.select([points >= m for m in MILESTONES[::-1]], list(MILESTONES[::-1]), 0)


def _points_floor_total(ex):
    import pandas as pd

    o = ex.data.orders
    spend = o["amount"].where(~o["returned"], 0).groupby(o["customer_id"]).sum()
    points = np.floor(spend)
    return pd.DataFrame({"points": points, "highest_reward": _highest(points)})


def _points_returns_counted(ex):
    import pandas as pd

    o = ex.data.orders
    points = np.floor(o["amount"]).groupby(o["customer_id"]).sum()
    return pd.DataFrame({"points": points, "highest_reward": _highest(points)})


def _points_buyers_only(ex):
    ref = _points(ex)
    return ref[ref.index.isin(_kept(ex.data.orders)["customer_id"])]


# -- q4 share of wallet ---------------------------------------------------------------------------------
def _share_of_wallet(ex, *, returned="returned", year_only=True, cap=True) -> float:
    import pandas as pd

    import crmlab

    o = ex.data.orders
    if year_only:
        o = o[o["order_date"] >= pd.Timestamp("2025-01-01")]
    if returned == "zero":  # a known mistake: customers whose 2025 orders were all returned kept, with share 0
        spend = o["amount"].where(~o["returned"], 0).groupby(o["customer_id"]).sum()
        estimate = INCOME_SHARE * ex.data.customers.set_index("customer_id")["income"].reindex(spend.index)
        return float((spend / np.maximum(estimate, spend)).mean())
    spend = crmlab.value.rfm(o, as_of=pd.Timestamp("2026-01-01"), returned=returned)["monetary"]
    estimate = INCOME_SHARE * ex.data.customers.set_index("customer_id")["income"].reindex(spend.index)
    if not cap:
        return float((spend / estimate).mean())
    return float(crmlab.value.share_of_wallet(spend, np.maximum(estimate, spend)).mean())


# -- q5 Dick & Basu strategy --------------------------------------------------------------------------------
STRATEGY_OPTIONS = (
    Option("true", N_("True loyalty: reward them with bonus points so that they stay as they are.")),
    Option("spurious", N_("Spurious loyalty: give them a real reason to stay before a rival does.")),
    Option("none", N_("No loyalty: give minimal service; they are not worth the effort yet.")),
    Option("latent", N_("Latent loyalty: find and remove what holds their buying back.")),
)


def _strategy(ex) -> str:
    """The described customer (relative attitude 9, one purchase day) classified against the
    student's own medians: the option naming that kind of loyalty."""
    import pandas as pd

    import crmlab

    ref = _dick_basu(ex)
    kind = crmlab.loyalty.dick_basu(
        pd.Series([9.0]),
        pd.Series([0.0]),
        attitude_threshold=float(ref["relative_attitude"].median()),
        patronage_threshold=float(ref["repeat_patronage"].median()),
    )["loyalty"].iloc[0]
    return str(kind)


# -- q6 picture: the satisfaction trap ---------------------------------------------------------------
#: The satisfaction bands of the lesson's trap picture.
MIDDLE, TOP = (4, 7), (8, 10)
#: Slopes (points of intention per point of satisfaction) closer than this count as "the same".
SLOPE_GAP = 0.25

TRAP_OPTIONS = (
    Option("unrelated", N_("Intention hardly moves with satisfaction in either band: the two are unrelated, "
                           "so the firm can stop measuring satisfaction.")),
    Option("same_everywhere", N_("Each extra point of satisfaction buys about the same intention anywhere "
                                 "on the scale: every point is worth the same.")),
    Option("trap", N_("A point buys far less intention in the middle band than at the top: the merely "
                      "satisfied sit in the trap; delight them.")),
    Option("levels_off", N_("Intention levels off at the top: beyond 8, more satisfaction adds little, so "
                            "\"satisfied enough\" will do.")),
)


def _trap_picture(ex) -> str:
    """The statement the student's trap picture shows, from the slopes written on it: the trap
    when the top band is clearly steeper than the middle one, levelling off when it is clearly
    flatter, unrelated when both are flat, the same everywhere when they are about equal."""
    import crmlab

    trap = crmlab.loyalty.satisfaction_trap(ex.data.surveys, middle=MIDDLE, top=TOP)
    middle, top = float(trap.loc["middle", "slope"]), float(trap.loc["top", "slope"])
    if not (np.isfinite(middle) and np.isfinite(top)):
        return "?"  # no slope to read: the simulation has changed
    if max(abs(middle), abs(top)) < SLOPE_GAP:
        return "unrelated"
    if top - middle > SLOPE_GAP:
        return "trap"
    if middle - top > SLOPE_GAP:
        return "levels_off"
    return "same_everywhere"


# -- q7 the loyalty matrix ----------------------------------------------------------------------------
def _matrix(ex, **options):
    import crmlab

    return crmlab.loyalty.loyalty_matrix(ex.data.surveys, threshold=8, **options)["share"].rename_axis(None)


def _matrix_at(ex, threshold: float):
    """The shares with another threshold (8.5: a rating of 8 read as not satisfied, ``> 8``)."""
    import crmlab

    return crmlab.loyalty.loyalty_matrix(ex.data.surveys, threshold=threshold)["share"].rename_axis(None)


def _matrix_swapped(ex):
    """Known mistake: the two mixed cells the other way round."""
    ref = _matrix(ex)
    return ref.rename({"hopeful": "easily_poached", "easily_poached": "hopeful"})


def _matrix_counts(ex):
    import crmlab

    return crmlab.loyalty.loyalty_matrix(ex.data.surveys, threshold=8)["n"].astype("float64").rename_axis(None)


#: This exercise's own messages: the diagnoses of its typical slips (key → English text).
MESSAGES = {
    "ex07_returns_counted": N_(
        "Returned orders seem to count in your answer. Here a returned order is no purchase (and "
        "earns no points): leave out the rows where `returned` is True."
    ),
    "ex07_same_day": N_(
        "Your answer counts orders, not purchase days: several orders on the same calendar day "
        "are one purchase occasion. Count distinct days."
    ),
    "ex07_denominator": N_(
        "Check the denominator: the rate is over the customers with at least one purchase, not "
        "over every customer in the `customers` table."
    ),
    "ex07_median_tie": N_(
        "Check the cut-offs: a value equal to the median counts as low (high means strictly "
        "above the median)."
    ),
    "ex07_floor_total": N_(
        "Round down order by order (each order earns its own whole yuan), not once on the "
        "customer's total."
    ),
    "ex07_dropped_customers": N_(
        "Customers whose orders were all returned are missing: they did order, so they belong in "
        "the table with 0 points."
    ),
    "ex07_no_cap": N_(
        "Where a customer spent more with us than the estimate, the category spend is at least "
        "what they spent with us: their share is 1, never above."
    ),
    "ex07_period": N_("Only 2025 counts: keep the orders dated in 2025."),
    "ex07_attitude_patronage_swapped": N_(
        "Spurious loyalty is frequent buying with a weak attitude; this customer is the other way "
        "round: a strong attitude, hardly any buying."
    ),
    "ex07_true_needs_both": N_(
        "True loyalty needs both a strong attitude and frequent repeat buying; this customer bought "
        "on a single day."
    ),
    "ex07_trap_direction": N_(
        "Read which band has the steeper slope: the middle (4–7) or the top (8–10)? The levelling-off "
        "story needs the top band to be the flatter one."
    ),
    "ex07_matrix_threshold": N_(
        "Satisfied means a rating of 8 or more: a rating of exactly 8 counts as satisfied."
    ),
    "ex07_matrix_swapped": N_(
        "The two mixed cells are the other way round: liking the product but not the service makes a "
        "customer easy to poach (a rival can sell the same product with better service); liking the "
        "service but not the product leaves them still hopeful."
    ),
    "ex07_matrix_counts": N_(
        "These are numbers of responses; divide by the number of responses to get shares (0–1)."
    ),
    "ex07_no_purchase_kept": N_(
        "Customers whose 2025 orders were all returned made no purchase in 2025: leave them out "
        "of the mean instead of counting a share of 0."
    ),
}


EXERCISE = ExerciseSpec(
    id="07",
    title=N_("Customer loyalty"),
    notebook="07_loyalty.ipynb",
    messages=MESSAGES,
    setup=SETUP,
    questions=(
        Question(
            name="q1",
            kind="value",
            title=N_("Repeat-purchase rate: the share of buying customers who bought on two or more different days"),
            answer="repeat_rate",
            solution=(
                "purchases = orders[~orders['returned']]\n"
                "purchase_days = (purchases.assign(day=purchases['order_date'].dt.normalize())\n"
                "                 .groupby('customer_id')['day'].nunique())\n"
                "repeat_rate = (purchase_days >= 2).mean()"
            ),
            reference=_repeat_rate,
            compare=known_mistakes(
                number(rtol=1e-6),
                (
                    (lambda ex: _repeat_rate(ex, returned=None), "ex07_returns_counted"),
                    (lambda ex: _repeat_rate(ex, frequency="orders"), "ex07_same_day"),
                    (lambda ex: _repeat_rate(ex, denominator=len(ex.data.customers)), "ex07_denominator"),
                ),
            ),
            hints=(
                N_("First keep the purchases (orders not returned), then count for each customer the "
                   "distinct calendar days on which they bought; the rate is the share of those customers "
                   "with two days or more."),
                N_("Filter out the returned orders, put each order's calendar day in a column "
                   "(`.dt.normalize()` drops the time), group by `customer_id` and count the "
                   "distinct days with `.nunique()`. The mean of a True/False Series is already a "
                   "fraction."),
            ),
            wrong=(
                Wrong(
                    "purchase_days = orders.groupby('customer_id')['order_date'].nunique()\n"
                    "repeat_rate = (purchase_days >= 2).mean()",
                    "ex07_returns_counted",
                ),
                Wrong(
                    "n_orders = orders[~orders['returned']].groupby('customer_id').size()\n"
                    "repeat_rate = (n_orders >= 2).mean()",
                    "ex07_same_day",
                ),
                Wrong(
                    "purchase_days = orders[~orders['returned']].groupby('customer_id')['order_date'].nunique()\n"
                    "repeat_rate = 100 * (purchase_days >= 2).mean()",
                    "percent_vs_fraction",
                ),
                Wrong(
                    "purchase_days = orders[~orders['returned']].groupby('customer_id')['order_date'].nunique()\n"
                    "repeat_rate = (purchase_days >= 2).sum() / len(customers)",
                    "ex07_denominator",
                ),
            ),
            wrong_type=(
                "purchase_days = orders[~orders['returned']].groupby('customer_id')['order_date'].nunique()\n"
                "repeat_rate = purchase_days >= 2"
            ),
        ),
        Question(
            name="q2",
            kind="table",
            title=N_("Dick & Basu: classify the survey respondents by relative attitude and repeat patronage"),
            answer="classes",
            solution=(
                "latest = (surveys.sort_values('survey_date', kind='stable')\n"
                "          .drop_duplicates('customer_id', keep='last').set_index('customer_id'))\n"
                "attitude = (latest['repurchase_intention'] + 11 - latest['competitor_attitude']) / 2\n"
                "purchases = orders[~orders['returned']]\n"
                "purchase_days = (purchases.assign(day=purchases['order_date'].dt.normalize())\n"
                "                 .groupby('customer_id')['day'].nunique())\n"
                "classes = pd.DataFrame({'relative_attitude': attitude,\n"
                "                        'repeat_patronage': purchase_days - 1}).dropna()\n"
                "high_att = classes['relative_attitude'] > classes['relative_attitude'].median()\n"
                "high_pat = classes['repeat_patronage'] > classes['repeat_patronage'].median()\n"
                "classes['loyalty'] = np.select([high_att & high_pat, high_att, high_pat],\n"
                "                               ['true', 'latent', 'spurious'], 'none')"
            ),
            reference=_dick_basu,
            compare=known_mistakes(
                frame(
                    key="customer_id",
                    columns=["relative_attitude", "repeat_patronage", "loyalty"],
                    unit=NP_("row unit", "respondent with a purchase"),
                ),
                (
                    (_dick_basu_returns_counted, "ex07_returns_counted"),
                    (_dick_basu_orders_counted, "ex07_same_day"),
                    (_dick_basu_ties_high(True, True), "ex07_median_tie"),
                    (_dick_basu_ties_high(True, False), "ex07_median_tie"),
                    (_dick_basu_ties_high(False, True), "ex07_median_tie"),
                ),
            ),
            hints=(
                N_("Build one row per respondent who has at least one purchase: the attitude from their "
                   "latest survey answer, the patronage from the order log. Then cut each at its median "
                   "over exactly these rows."),
                N_("Index both pieces by `customer_id` and put them in one `pd.DataFrame({...})`; "
                   "`.dropna()` keeps the customers who have both. High = strictly above the median "
                   "(`>`); `np.select` with the conditions high attitude and high patronage, high "
                   "attitude only, high patronage only names the kinds 'true', 'latent' and "
                   "'spurious' (default 'none')."),
            ),
            wrong=(
                Wrong(
                    "latest = surveys.drop_duplicates('customer_id', keep='last').set_index('customer_id')\n"
                    "attitude = (latest['repurchase_intention'] + 11 - latest['competitor_attitude']) / 2\n"
                    "purchase_days = orders.assign(day=orders['order_date'].dt.normalize()).groupby('customer_id')['day'].nunique()\n"
                    "classes = pd.DataFrame({'relative_attitude': attitude, 'repeat_patronage': purchase_days - 1}).dropna()\n"
                    "high_att = classes['relative_attitude'] > classes['relative_attitude'].median()\n"
                    "high_pat = classes['repeat_patronage'] > classes['repeat_patronage'].median()\n"
                    "classes['loyalty'] = np.select([high_att & high_pat, high_att, high_pat], ['true', 'latent', 'spurious'], 'none')",
                    "ex07_returns_counted",
                ),
                Wrong(
                    "latest = surveys.drop_duplicates('customer_id', keep='last').set_index('customer_id')\n"
                    "attitude = (latest['repurchase_intention'] + 11 - latest['competitor_attitude']) / 2\n"
                    "n_orders = orders[~orders['returned']].groupby('customer_id').size()\n"
                    "classes = pd.DataFrame({'relative_attitude': attitude, 'repeat_patronage': n_orders - 1}).dropna()\n"
                    "high_att = classes['relative_attitude'] > classes['relative_attitude'].median()\n"
                    "high_pat = classes['repeat_patronage'] > classes['repeat_patronage'].median()\n"
                    "classes['loyalty'] = np.select([high_att & high_pat, high_att, high_pat], ['true', 'latent', 'spurious'], 'none')",
                    "ex07_same_day",
                ),
                Wrong(
                    "latest = surveys.drop_duplicates('customer_id', keep='last').set_index('customer_id')\n"
                    "attitude = (latest['repurchase_intention'] + 11 - latest['competitor_attitude']) / 2\n"
                    "kept = orders[~orders['returned']]\n"
                    "purchase_days = kept.assign(day=kept['order_date'].dt.normalize()).groupby('customer_id')['day'].nunique()\n"
                    "classes = pd.DataFrame({'relative_attitude': attitude, 'repeat_patronage': purchase_days - 1}).dropna()\n"
                    "high_att = classes['relative_attitude'] >= classes['relative_attitude'].median()\n"
                    "high_pat = classes['repeat_patronage'] >= classes['repeat_patronage'].median()\n"
                    "classes['loyalty'] = np.select([high_att & high_pat, high_att, high_pat], ['true', 'latent', 'spurious'], 'none')",
                    "ex07_median_tie",
                ),
                Wrong(
                    "latest = surveys.drop_duplicates('customer_id', keep='last').set_index('customer_id')\n"
                    "attitude = (latest['repurchase_intention'] + latest['competitor_attitude']) / 2\n"
                    "kept = orders[~orders['returned']]\n"
                    "purchase_days = kept.assign(day=kept['order_date'].dt.normalize()).groupby('customer_id')['day'].nunique()\n"
                    "classes = pd.DataFrame({'relative_attitude': attitude, 'repeat_patronage': purchase_days - 1}).dropna()\n"
                    "high_att = classes['relative_attitude'] > classes['relative_attitude'].median()\n"
                    "high_pat = classes['repeat_patronage'] > classes['repeat_patronage'].median()\n"
                    "classes['loyalty'] = np.select([high_att & high_pat, high_att, high_pat], ['true', 'latent', 'spurious'], 'none')",
                    "wrong_column_values",
                ),
            ),
            wrong_type=(
                "latest = surveys.drop_duplicates('customer_id', keep='last').set_index('customer_id')\n"
                "classes = (latest['repurchase_intention'] + 11 - latest['competitor_attitude']) / 2"
            ),
        ),
        Question(
            name="q3",
            kind="function",
            title=N_("Write points_table(orders): each customer's points and highest reward reached in the points programme"),
            answer="points_table",
            solution=(
                "def points_table(orders):\n"
                "    earned = np.floor(orders['amount']).where(~orders['returned'], 0)\n"
                "    points = earned.groupby(orders['customer_id']).sum()\n"
                "    highest = np.select([points >= 1500, points >= 1000, points >= 500], [1500, 1000, 500], 0)\n"
                "    return pd.DataFrame({'customer_id': points.index, 'points': points.to_numpy(),\n"
                "                         'highest_reward': highest})"
            ),
            reference=_points,
            compare=calls(
                lambda ex: {"orders": ex.data.orders},
                known_mistakes(
                    frame(key="customer_id", columns=["points", "highest_reward"], unit=NP_("row unit", "customer with an order")),
                    (
                        (_points_buyers_only, "ex07_dropped_customers"),
                        (_points_returns_counted, "ex07_returns_counted"),
                        (_points_floor_total, "ex07_floor_total"),
                    ),
                ),
                call="points_table(orders)",
            ),
            hints=(
                N_("Give every order its points first (its amount rounded down to whole yuan, or 0 if it was "
                   "returned), then add them up per customer; the reward is the largest milestone the total "
                   "has reached."),
                N_("`np.floor` rounds each amount down, and `.where` on the `returned` flag gives "
                   "returned orders 0 points. Sum the points per customer with `groupby`, then let "
                   "`np.select` pick the largest milestone reached (1500, 1000 or 500, else 0), "
                   "testing the largest first."),
            ),
            wrong=(
                Wrong(
                    "def points_table(orders):\n"
                    "    kept = orders[~orders['returned']]\n"
                    "    points = np.floor(kept['amount']).groupby(kept['customer_id']).sum()\n"
                    "    highest = np.select([points >= 1500, points >= 1000, points >= 500], [1500, 1000, 500], 0)\n"
                    "    return pd.DataFrame({'customer_id': points.index, 'points': points.to_numpy(), 'highest_reward': highest})",
                    "ex07_dropped_customers",
                ),
                Wrong(
                    "def points_table(orders):\n"
                    "    points = np.floor(orders['amount']).groupby(orders['customer_id']).sum()\n"
                    "    highest = np.select([points >= 1500, points >= 1000, points >= 500], [1500, 1000, 500], 0)\n"
                    "    return pd.DataFrame({'customer_id': points.index, 'points': points.to_numpy(), 'highest_reward': highest})",
                    "ex07_returns_counted",
                ),
                Wrong(
                    "def points_table(orders):\n"
                    "    spend = orders['amount'].where(~orders['returned'], 0).groupby(orders['customer_id']).sum()\n"
                    "    points = np.floor(spend)\n"
                    "    highest = np.select([points >= 1500, points >= 1000, points >= 500], [1500, 1000, 500], 0)\n"
                    "    return pd.DataFrame({'customer_id': points.index, 'points': points.to_numpy(), 'highest_reward': highest})",
                    "ex07_floor_total",
                ),
                Wrong(
                    "def points_table(orders):\n"
                    "    orders['points'] = np.floor(orders['amount']).where(~orders['returned'], 0)\n"
                    "    points = orders.groupby('customer_id')['points'].sum()\n"
                    "    highest = np.select([points >= 1500, points >= 1000, points >= 500], [1500, 1000, 500], 0)\n"
                    "    return pd.DataFrame({'customer_id': points.index, 'points': points.to_numpy(), 'highest_reward': highest})",
                    "function_mutated",
                ),
                Wrong(
                    "def points_table(orders):\n"
                    "    earned = np.floor(orders['amount']).where(~orders['returned'], 0)\n"
                    "    points = earned.groupby(orders['customer_id']).sum()\n"
                    "    pd.DataFrame({'customer_id': points.index, 'points': points.to_numpy()})",
                    "forgot_return",
                ),
            ),
            wrong_type="points_table = crmlab.loyalty.points_programme(orders)",
        ),
        Question(
            name="q4",
            kind="value",
            title=N_("Share of wallet in 2025: the mean share of their category spending that customers spent with us"),
            answer="mean_sow",
            solution=(
                "in_2025 = orders[(orders['order_date'].dt.year == 2025) & ~orders['returned']]\n"
                "spend = in_2025.groupby('customer_id')['amount'].sum()\n"
                "estimate = 0.05 * customers.set_index('customer_id')['income'].reindex(spend.index)\n"
                "category_spend = np.maximum(estimate, spend)\n"
                "mean_sow = (spend / category_spend).mean()"
            ),
            reference=_share_of_wallet,
            compare=known_mistakes(
                number(rtol=1e-6),
                (
                    (lambda ex: _share_of_wallet(ex, cap=False), "ex07_no_cap"),
                    (lambda ex: _share_of_wallet(ex, returned=None), "ex07_returns_counted"),
                    (lambda ex: _share_of_wallet(ex, year_only=False), "ex07_period"),
                    (lambda ex: _share_of_wallet(ex, returned="zero"), "ex07_no_purchase_kept"),
                ),
            ),
            hints=(
                N_("Per customer: what they spent with us in 2025 (purchases only), and the study's estimate "
                   "of their category spending; the share is the first divided by the larger of the two. "
                   "Average the shares over the customers who bought in 2025."),
                N_("Filter the 2025 orders (`.dt.year`) that were not returned and sum `amount` by "
                   "`customer_id`; the estimate is 0.05 × `income`, aligned on the same customers "
                   "(index `customers` by `customer_id`, then `reindex` like the spend); "
                   "`np.maximum` of the two is the category spend."),
            ),
            wrong=(
                Wrong(
                    "in_2025 = orders[(orders['order_date'].dt.year == 2025) & ~orders['returned']]\n"
                    "spend = in_2025.groupby('customer_id')['amount'].sum()\n"
                    "estimate = 0.05 * customers.set_index('customer_id')['income'].reindex(spend.index)\n"
                    "mean_sow = (spend / estimate).mean()",
                    "ex07_no_cap",
                ),
                Wrong(
                    "in_2025 = orders[orders['order_date'].dt.year == 2025]\n"
                    "spend = in_2025.groupby('customer_id')['amount'].sum()\n"
                    "estimate = 0.05 * customers.set_index('customer_id')['income'].reindex(spend.index)\n"
                    "mean_sow = (spend / np.maximum(estimate, spend)).mean()",
                    "ex07_returns_counted",
                ),
                Wrong(
                    "kept = orders[~orders['returned']]\n"
                    "spend = kept.groupby('customer_id')['amount'].sum()\n"
                    "estimate = 0.05 * customers.set_index('customer_id')['income'].reindex(spend.index)\n"
                    "mean_sow = (spend / np.maximum(estimate, spend)).mean()",
                    "ex07_period",
                ),
                Wrong(
                    "in_2025 = orders[(orders['order_date'].dt.year == 2025) & ~orders['returned']]\n"
                    "spend = in_2025.groupby('customer_id')['amount'].sum()\n"
                    "estimate = 0.05 * customers.set_index('customer_id')['income'].reindex(spend.index)\n"
                    "mean_sow = 100 * (spend / np.maximum(estimate, spend)).mean()",
                    "percent_vs_fraction",
                ),
                Wrong(
                    "in_2025 = orders[orders['order_date'].dt.year == 2025]\n"
                    "spend = in_2025['amount'].where(~in_2025['returned'], 0).groupby(in_2025['customer_id']).sum()\n"
                    "estimate = 0.05 * customers.set_index('customer_id')['income'].reindex(spend.index)\n"
                    "mean_sow = (spend / np.maximum(estimate, spend)).mean()",
                    "ex07_no_purchase_kept",
                ),
            ),
            wrong_type=(
                "in_2025 = orders[(orders['order_date'].dt.year == 2025) & ~orders['returned']]\n"
                "spend = in_2025.groupby('customer_id')['amount'].sum()\n"
                "estimate = 0.05 * customers.set_index('customer_id')['income'].reindex(spend.index)\n"
                "mean_sow = spend / np.maximum(estimate, spend)"
            ),
        ),
        Question(
            name="q5",
            kind="choice",
            title=N_("Dick & Basu: which kind of loyalty is a customer who likes us but hardly buys, and what comes first?"),
            answer="strategy",
            solution="strategy = ex.q5.letter('latent')",
            reference=_strategy,
            compare=known_mistakes(
                choice(STRATEGY_OPTIONS),
                chosen({"spurious": "ex07_attitude_patronage_swapped", "true": "ex07_true_needs_both"}),
            ),
            hints=(
                N_("Place the customer on the two axes: is the attitude high or low, is the repeat "
                   "patronage high or low? Then ask what is missing for true loyalty."),
                N_("Strong attitude with few purchases is the kind the lesson calls the cheapest to grow: "
                   "the liking is there, something holds the buying back."),
            ),
            options=STRATEGY_OPTIONS,
            wrong=(
                Wrong("strategy = ex.q5.letter('spurious')", "ex07_attitude_patronage_swapped"),
                Wrong("strategy = ex.q5.letter('true')", "ex07_true_needs_both"),
                Wrong("strategy = 'E'", "not_a_choice"),
            ),
            wrong_type="strategy = 2",
        ),
        Question(
            name="q6",
            kind="picture",
            title=N_("Read the satisfaction–loyalty curve: where does more satisfaction buy loyalty, and what follows?"),
            answer="reading",
            solution="reading = ex.q6.letter('trap')",
            reference=_trap_picture,
            compare=known_mistakes(choice(TRAP_OPTIONS), chosen({"levels_off": "ex07_trap_direction"})),
            hints=(
                N_("Read the two slopes written in the shaded bands: how many points of intention does one "
                   "more point of satisfaction buy in the middle of the scale (4–7), and how many at the "
                   "top (8–10)?"),
                N_("Compare the slopes: if the top band is much steeper, raising a customer from 5 to 7 buys "
                   "far less loyalty than raising one from 8 to 10. The lesson has a name for that pattern; "
                   "which statement uses it, and what does it tell the firm to aim for?"),
            ),
            options=TRAP_OPTIONS,
            wrong=(
                Wrong("reading = ex.q6.letter('levels_off')", "ex07_trap_direction"),
                Wrong("reading = ex.q6.letter('same_everywhere')", "wrong_choice"),
                Wrong("reading = ex.q6.letter('unrelated')", "wrong_choice"),
                Wrong("reading = 'E'", "not_a_choice"),
            ),
            wrong_type="reading = ['B']",
        ),
        Question(
            name="q7",
            kind="table",
            title=N_("The loyalty matrix: the share of survey responses in each cell"),
            answer="matrix",
            solution=(
                "product = surveys['product_satisfaction'] >= 8\n"
                "service = surveys['service_satisfaction'] >= 8\n"
                "cell = np.select([product & service, service, product], ['loyal', 'hopeful', 'easily_poached'],\n"
                "                 'destructive')\n"
                "matrix = pd.Series(cell).value_counts(normalize=True)"
            ),
            reference=_matrix,
            compare=known_mistakes(
                series(unit=NP_("row unit", "cell of the matrix"), index=N_("the cell codes")),
                (
                    (lambda ex: _matrix_at(ex, 8.5), "ex07_matrix_threshold"),
                    (_matrix_swapped, "ex07_matrix_swapped"),
                    (_matrix_counts, "ex07_matrix_counts"),
                ),
            ),
            hints=(
                N_("Mark each response twice: satisfied with the product (a rating of 8 or more), satisfied "
                   "with the service (8 or more). The two marks together place it in one of four cells."),
                N_("Both satisfied → `'loyal'`; the service only → `'hopeful'`; the product only → "
                   "`'easily_poached'`; neither → `'destructive'`. `np.select` takes the first condition "
                   "that holds, so put the cell needing both marks first."),
                N_("Count the responses in each cell and divide by the number of responses "
                   "(`value_counts(normalize=True)` does both): a Series indexed by the four cell codes."),
            ),
            wrong=(
                Wrong(
                    "product = surveys['product_satisfaction'] > 8\n"
                    "service = surveys['service_satisfaction'] > 8\n"
                    "cell = np.select([product & service, service, product], ['loyal', 'hopeful', 'easily_poached'],\n"
                    "                 'destructive')\n"
                    "matrix = pd.Series(cell).value_counts(normalize=True)",
                    "ex07_matrix_threshold",
                ),
                Wrong(
                    "product = surveys['product_satisfaction'] >= 8\n"
                    "service = surveys['service_satisfaction'] >= 8\n"
                    "cell = np.select([product & service, product, service], ['loyal', 'hopeful', 'easily_poached'],\n"
                    "                 'destructive')\n"
                    "matrix = pd.Series(cell).value_counts(normalize=True)",
                    "ex07_matrix_swapped",
                ),
                Wrong(
                    "product = surveys['product_satisfaction'] >= 8\n"
                    "service = surveys['service_satisfaction'] >= 8\n"
                    "cell = np.select([product & service, service, product], ['loyal', 'hopeful', 'easily_poached'],\n"
                    "                 'destructive')\n"
                    "matrix = pd.Series(cell).value_counts()",
                    "ex07_matrix_counts",
                ),
            ),
            wrong_type=(
                "matrix = np.select([surveys['product_satisfaction'] >= 8], ['satisfied'], 'not satisfied')"
            ),
        ),
    ),
)
