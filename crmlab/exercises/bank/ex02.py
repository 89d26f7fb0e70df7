"""Exercise 02 — customer value: RFM, the 80/20 rule and lifetime value (lesson 02)."""

from __future__ import annotations

from ...i18n import N_, NP_
from ..compare import calls, choice, frame, known_mistakes, number
from ..spec import ExerciseSpec, Question, Wrong

SETUP = """\
orders = ex.data.orders
as_of = ex.as_of
"""

#: Keys of answers of the wrong kind: no diagnosis of the values is tried for them.

RFM_COLUMNS = ["recency", "frequency", "monetary"]
SCORE_COLUMNS = ["r_score", "f_score", "m_score"]

# The CLV question's parameters (stated in the question text).
MARGIN = 0.3
RETENTION = 0.65
DISCOUNT = 0.1
HORIZON = 5


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


# -- q2: RFM scores --------------------------------------------------------------------------------
def _scores(ex, bins: int = 5):
    import crmlab

    return crmlab.value.rfm_scores(_rfm(ex), bins=bins)[SCORE_COLUMNS]


def _scores_recency_reversed(bins: int):
    """The scores with R counted the wrong way (long ago = high)."""

    def reference(ex):
        import crmlab

        t = _rfm(ex).copy()
        t["recency"] = -t["recency"]
        return crmlab.value.rfm_scores(t, bins=bins)[SCORE_COLUMNS]

    return reference


def _score_call(bins: int):
    """Call ``score_rfm(rfm, bins)`` and compare with the scores of ``bins`` levels."""
    return calls(
        lambda ex: {"rfm": _rfm(ex), "k": bins},
        known_mistakes(
            frame(key="customer_id", columns=SCORE_COLUMNS, unit=NP_("row unit", "customer"), atol=0),
            ((_scores_recency_reversed(bins), "ex02_recency_direction"),),
            before=_ties_split,
        ),
        call=f"score_rfm(rfm, {bins})",
    )


def _score_calls(answer, expected, ex=None):
    """Two calls: k = 5 (the classic quintiles, the reference), then k = 10 — more score
    boundaries, so that a rank other than ``method='min'`` or an ignored ``k`` shows on any data."""
    fb = _score_call(5)(answer, expected, ex)
    if not fb.correct:
        return fb
    return _score_call(10)(answer, _scores(ex, bins=10), ex)


_score_calls.argument_sets = lambda ex: _score_call(5).argument_sets(ex) + _score_call(10).argument_sets(ex)


def _ties_split(answer, ex):
    """Key ``ex02_ties_split`` (with the column) if customers with equal values got different scores."""
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        return None
    got = answer.set_index("customer_id") if "customer_id" in answer.columns else answer
    rfm = _rfm(ex)
    for column, score in zip(RFM_COLUMNS, SCORE_COLUMNS):
        if score not in got.columns:
            continue
        values = got[score].reindex(rfm.index)
        if values.groupby(rfm[column].to_numpy()).nunique().gt(1).any():
            return "ex02_ties_split"
    return None


# -- q3, q4: concentration -------------------------------------------------------------------------
def _top20(ex) -> float:
    import crmlab

    return crmlab.value.top_share(ex.data.orders, 0.2, as_of=ex.as_of, returned="returned")


def _top20_with_returns(ex) -> float:
    import crmlab

    return crmlab.value.top_share(ex.data.orders, 0.2, as_of=ex.as_of, returned=None)  # returned orders counted


def _half_revenue_letter(ex) -> str:
    """The share of customers (most valuable first) that brings half of the revenue, as a letter."""
    import crmlab

    curve = crmlab.value.pareto(ex.data.orders, as_of=ex.as_of, returned="returned")
    share = float(curve.loc[curve["cum_revenue_share"] >= 0.5, "cum_customer_share"].iloc[0])
    if share < 0.025:
        return "A"
    if share < 0.15:
        return "B"
    if share < 0.35:
        return "C"
    return "D"


# -- q5: strategy for a segment --------------------------------------------------------------------
def _strategy_letter(ex) -> str:
    """B — win back — for customers who used to buy often and much but have stopped: a concept of
    the lesson, the same for every company (the segment map calls R = 1, F = M = 5 "cannot lose")."""
    import pandas as pd

    import crmlab

    cell = pd.DataFrame({"r_score": [1], "f_score": [5], "m_score": [5]})
    segment = str(crmlab.value.rfm_segments(cell)["segment"].iloc[0])
    return "B" if segment == "cannot_lose" else "?"


# -- q6: customer lifetime value -------------------------------------------------------------------
def _clv(ex, **changes) -> float:
    import crmlab

    params = {"margin": MARGIN, "retention": RETENTION, "discount_rate": DISCOUNT, "horizon_years": HORIZON,
              "returned": "returned"}
    params.update(changes)
    return float(crmlab.value.clv(ex.data.orders, as_of=ex.as_of, **params)["clv"].sum())


def _clv_total(ex) -> float:
    return _clv(ex)


def _clv_from_year_0(ex) -> float:
    import numpy as np

    t = np.arange(1, HORIZON + 1)
    factor = (RETENTION / (1 + DISCOUNT)) ** (t - 1)
    return _clv(ex) * float(factor.sum() / ((RETENTION / (1 + DISCOUNT)) ** t).sum())


def _clv_whole_history(ex) -> float:
    import numpy as np

    t = np.arange(1, HORIZON + 1)
    multiplier = float(((RETENTION / (1 + DISCOUNT)) ** t).sum())
    return float(_rfm(ex)["monetary"].clip(lower=0).sum()) * MARGIN * multiplier


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
    "ex02_recency_direction": N_(
        "Your R scores run the wrong way: a smaller recency is better, so the most recent "
        "customers must get the highest R score."
    ),
    "ex02_ties_split": N_(
        "Some customers with equal values got different scores. Tied customers must share a "
        "score: rank with `method='min'`."
    ),
    "ex02_clv_no_margin": N_(
        "Your total looks like revenue, not profit: multiply each customer's yearly value by the "
        "margin."
    ),
    "ex02_clv_no_discount": N_(
        "Your total is not discounted: divide the amount of year t by (1 + d) to the power t."
    ),
    "ex02_clv_from_year_0": N_(
        "Your sum seems to start at t = 0 (this year); the first year counted is t = 1, next "
        "year."
    ),
    "ex02_clv_whole_history": N_(
        "Your yearly value covers more than the last 365 days: keep only the orders dated on or "
        "after `as_of − 365 days`."
    ),
}


EXERCISE = ExerciseSpec(
    id="02",
    title=N_("Customer value: RFM, the 80/20 rule and lifetime value"),
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
            kind="function",
            title=N_("Write score_rfm(rfm, k): RFM scores 1 … k, tied customers kept together"),
            answer="score_rfm",
            solution=(
                "def score_rfm(rfm, k):\n"
                "    def score(values):\n"
                "        return np.ceil(k * values.rank(method='min', pct=True)).astype(int)\n"
                "    return pd.DataFrame({'r_score': score(-rfm['recency']),\n"
                "                         'f_score': score(rfm['frequency']),\n"
                "                         'm_score': score(rfm['monetary'])})"
            ),
            reference=_scores,
            compare=_score_calls,
            hints=(
                N_("Score each measure the same way: its percentile rank (from worst to best), times k, "
                   "rounded up. For recency, smaller is better: rank `-rfm['recency']`."),
                N_("`values.rank(method='min', pct=True)` gives tied customers the lowest rank of their "
                   "group, as a share of the customers; `np.ceil(k * …)` turns it into 1 … k."),
                N_("Write a small helper that scores one Series (its rank share times k, rounded "
                   "up, as whole numbers) and call it three times — on the negated recency, on "
                   "frequency and on monetary — to build a new DataFrame of `r_score`, `f_score` "
                   "and `m_score` (it keeps the customer index)."),
            ),
            wrong=(
                Wrong(
                    "def score_rfm(rfm, k):\n"
                    "    s = lambda v: np.ceil(k * v.rank(method='min', pct=True)).astype(int)\n"
                    "    return pd.DataFrame({'r_score': s(rfm['recency']), 'f_score': s(rfm['frequency']),\n"
                    "                         'm_score': s(rfm['monetary'])})",
                    "ex02_recency_direction",
                ),
                Wrong(
                    "def score_rfm(rfm, k):\n"
                    "    s = lambda v: np.ceil(5 * v.rank(method='min', pct=True)).astype(int)\n"
                    "    return pd.DataFrame({'r_score': s(-rfm['recency']), 'f_score': s(rfm['frequency']),\n"
                    "                         'm_score': s(rfm['monetary'])})",
                    "wrong_column_values",
                ),
                Wrong(
                    "def score_rfm(rfm, k):\n"
                    "    s = lambda v: np.ceil(k * v.rank(method='first', pct=True)).astype(int)\n"
                    "    return pd.DataFrame({'r_score': s(-rfm['recency']), 'f_score': s(rfm['frequency']),\n"
                    "                         'm_score': s(rfm['monetary'])})",
                    "ex02_ties_split",
                ),
                Wrong(
                    "def score_rfm(rfm, k):\n"
                    "    s = lambda v: np.ceil(k * v.rank(pct=True)).astype(int)\n"
                    "    return pd.DataFrame({'r_score': s(-rfm['recency']), 'f_score': s(rfm['frequency']),\n"
                    "                         'm_score': s(rfm['monetary'])})",
                    "wrong_column_values",
                ),
                Wrong(
                    "def score_rfm(rfm, k):\n"
                    "    return pd.DataFrame({'r_score': pd.qcut(-rfm['recency'], k, labels=False) + 1,\n"
                    "                         'f_score': pd.qcut(rfm['frequency'], k, labels=False) + 1,\n"
                    "                         'm_score': pd.qcut(rfm['monetary'], k, labels=False) + 1})",
                    "function_raised",
                ),
                Wrong(
                    "def score_rfm(rfm, k):\n"
                    "    rfm['r_score'] = np.ceil(k * (-rfm['recency']).rank(method='min', pct=True)).astype(int)\n"
                    "    rfm['f_score'] = np.ceil(k * rfm['frequency'].rank(method='min', pct=True)).astype(int)\n"
                    "    rfm['m_score'] = np.ceil(k * rfm['monetary'].rank(method='min', pct=True)).astype(int)\n"
                    "    return rfm",
                    "function_mutated",
                ),
            ),
            wrong_type="score_rfm = 'r_score, f_score, m_score'",
        ),
        Question(
            name="q3",
            kind="value",
            title=N_("What share of revenue do the top 20 % of customers bring?"),
            answer="top20_share",
            solution=(
                "spend = orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum()\n"
                "k = int(np.ceil(0.2 * len(spend)))\n"
                "top20_share = spend.sort_values(ascending=False).iloc[:k].sum() / spend.sum()"
            ),
            reference=_top20,
            compare=known_mistakes(number(rtol=1e-6), ((_top20_with_returns, "ex02_returns_counted"),)),
            hints=(
                N_("Compute each customer's net spend (returned orders left out), sort from the largest, "
                   "keep the first k = ceil(0.2 × N) customers and compare their spend with the total."),
                N_("Group the kept orders by `customer_id` and sum `amount`; k is ceil(0.2 × N) for "
                   "N customers, as a whole number; after sorting from the largest, `.iloc[:k]` "
                   "keeps the top k. Divide their sum by the total."),
            ),
            wrong=(
                Wrong(
                    "spend = orders.groupby('customer_id')['amount'].sum()\n"
                    "k = int(np.ceil(0.2 * len(spend)))\n"
                    "top20_share = spend.sort_values(ascending=False).iloc[:k].sum() / spend.sum()",
                    "ex02_returns_counted",
                ),
                Wrong(
                    "spend = orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum()\n"
                    "k = int(np.ceil(0.2 * len(spend)))\n"
                    "top20_share = 100 * spend.sort_values(ascending=False).iloc[:k].sum() / spend.sum()",
                    "percent_vs_fraction",
                ),
                Wrong(
                    "spend = orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum()\n"
                    "k = int(np.ceil(0.2 * len(spend)))\n"
                    "top20_share = spend.sort_values().iloc[:k].sum() / spend.sum()",
                    "wrong_value",
                ),
            ),
            wrong_type=(
                "spend = orders.loc[~orders['returned']].groupby('customer_id')['amount'].sum()\n"
                "top20_share = spend / spend.sum()"
            ),
        ),
        Question(
            name="q4",
            kind="picture",
            title=N_("Read the Pareto curve: which share of customers brings half of the revenue?"),
            answer="half_revenue",
            solution="half_revenue = 'B'",
            reference=_half_revenue_letter,
            compare=choice("ABCD"),
            hints=(
                N_("Find 50 % on the vertical axis (share of revenue), go right until you meet the curve, "
                   "then down to the horizontal axis (share of customers)."),
                N_("The marked point says what the top 20 % bring. Half of the revenue is less than that, "
                   "so it is brought by fewer customers than 20 %: how many fewer?"),
            ),
            wrong=(
                Wrong("half_revenue = 'C'", "wrong_choice"),
                Wrong("half_revenue = 'D'", "wrong_choice"),
            ),
            wrong_type="half_revenue = 0.07",
        ),
        Question(
            name="q5",
            kind="choice",
            title=N_("How should the firm treat customers who used to buy often and much but have stopped?"),
            answer="strategy",
            solution="strategy = 'B'",
            reference=_strategy_letter,
            compare=choice("ABCD"),
            hints=(
                N_("R = 1 says they have not bought for a long time; F = 5 and M = 5 say they used to be "
                   "among the best. Are they worth an effort, and what kind of effort?"),
                N_("`crmlab.value.segment_guide()` describes every segment; this cell is the one the "
                   "segment map calls \"cannot lose\"."),
            ),
            wrong=(
                Wrong("strategy = 'C'", "wrong_choice"),
                Wrong("strategy = 'D'", "wrong_choice"),
            ),
            wrong_type="strategy = True",
        ),
        Question(
            name="q6",
            kind="value",
            title=N_("The total customer lifetime value of the customer base"),
            answer="clv_total",
            solution=(
                "start = as_of - pd.Timedelta(days=365)\n"
                "last_year = orders.loc[~orders['returned'] & (orders['order_date'] >= start)]\n"
                "yearly = last_year.groupby('customer_id')['amount'].sum()\n"
                "t = np.arange(1, 6)\n"
                "multiplier = (0.65 ** t / 1.1 ** t).sum()\n"
                "clv_total = (yearly * 0.3 * multiplier).sum()"
            ),
            reference=_clv_total,
            compare=known_mistakes(
                number(rtol=1e-6),
                (
                    (lambda ex: _clv(ex, margin=1.0), "ex02_clv_no_margin"),
                    (lambda ex: _clv(ex, discount_rate=0.0), "ex02_clv_no_discount"),
                    (_clv_from_year_0, "ex02_clv_from_year_0"),
                    (_clv_whole_history, "ex02_clv_whole_history"),
                    (lambda ex: _clv(ex, returned=None), "ex02_returns_counted"),
                ),
            ),
            hints=(
                N_("Two parts: each customer's yearly value V (net spend in the 365 days before `as_of`, "
                   "returned orders left out), and one multiplier Σ rᵗ / (1 + d)ᵗ for t = 1 … 5 that is "
                   "the same for everyone."),
                N_("Keep the orders of the 365 days before `as_of` (`pd.Timedelta(days=365)`) that "
                   "were not returned and sum `amount` per customer. For the multiplier, "
                   "`np.arange` gives the years t = 1 … 5 as an array: sum rᵗ / (1 + d)ᵗ over it "
                   "with r = 0.65 and d = 0.1."),
                N_("Each customer's lifetime value is V × margin × multiplier, the margin 0.3 "
                   "turning revenue into profit; the answer is the sum over all customers."),
            ),
            wrong=(
                Wrong(
                    "start = as_of - pd.Timedelta(days=365)\n"
                    "last_year = orders.loc[~orders['returned'] & (orders['order_date'] >= start)]\n"
                    "t = np.arange(1, 6)\n"
                    "clv_total = last_year['amount'].sum() * (0.65 ** t / 1.1 ** t).sum()",
                    "ex02_clv_no_margin",
                ),
                Wrong(
                    "start = as_of - pd.Timedelta(days=365)\n"
                    "last_year = orders.loc[~orders['returned'] & (orders['order_date'] >= start)]\n"
                    "t = np.arange(1, 6)\n"
                    "clv_total = last_year['amount'].sum() * 0.3 * (0.65 ** t).sum()",
                    "ex02_clv_no_discount",
                ),
                Wrong(
                    "start = as_of - pd.Timedelta(days=365)\n"
                    "last_year = orders.loc[~orders['returned'] & (orders['order_date'] >= start)]\n"
                    "t = np.arange(0, 5)\n"
                    "clv_total = last_year['amount'].sum() * 0.3 * (0.65 ** t / 1.1 ** t).sum()",
                    "ex02_clv_from_year_0",
                ),
                Wrong(
                    "t = np.arange(1, 6)\n"
                    "clv_total = orders.loc[~orders['returned'], 'amount'].sum() * 0.3 * (0.65 ** t / 1.1 ** t).sum()",
                    "ex02_clv_whole_history",
                ),
                Wrong(
                    "start = as_of - pd.Timedelta(days=365)\n"
                    "last_year = orders.loc[orders['order_date'] >= start]\n"
                    "t = np.arange(1, 6)\n"
                    "clv_total = last_year['amount'].sum() * 0.3 * (0.65 ** t / 1.1 ** t).sum()",
                    "ex02_returns_counted",
                ),
            ),
            wrong_type=(
                "start = as_of - pd.Timedelta(days=365)\n"
                "last_year = orders.loc[~orders['returned'] & (orders['order_date'] >= start)]\n"
                "clv_total = last_year.groupby('customer_id')['amount'].sum() * 0.3"
            ),
        ),
    ),
)
