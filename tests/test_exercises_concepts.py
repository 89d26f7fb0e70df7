"""The questions that practise the courseware's remaining gradable concepts: each reference equals
a recomputation done here by hand (on a small frame whose answer is worked out in the comments, or
on a student's real data), and a typical wrong answer gets the message written for it.

Buying-centre coverage (01 q6), the direct-mail fifths (02 q2), the contact plan (02 q3), ABC tiers
(02 q4), the Gini coefficient (02 q6), a basket rule (02 q7), the loyalty × credit cross-
classification (03 q5), Kotler's matrix (04 q7), Kaplan–Meier (05 q6), the development funnel
(05 q7) and the loyalty matrix (07 q7)."""

from __future__ import annotations

import functools
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from crmlab.exercises.bank import ex01, ex02, ex03, ex04, ex05, ex07, get
from crmlab.exercises.session import Exercise


def fake(as_of="2025-01-01", **tables):
    """What a reference sees: ``ex.data.<table>`` and ``ex.as_of``."""
    return SimpleNamespace(data=SimpleNamespace(**tables), as_of=pd.Timestamp(as_of), order_seed=None)


def check(question, answer, ex):
    """The feedback of ``question``'s comparator on ``answer`` against its reference on ``ex``."""
    return question.compare(answer, question.reference(ex), ex)


@functools.lru_cache(maxsize=None)
def session(ex_id: str, student: str = "t-concepts") -> Exercise:
    return Exercise(get(ex_id), student)


def orders_frame(rows, as_of=None):
    """Orders from (customer, date, amount, returned) rows."""
    o = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "returned"])
    o.insert(0, "order_id", range(1, len(o) + 1))
    o["order_date"] = pd.to_datetime(o["order_date"]).astype("datetime64[s]")
    return o


# -- 01 q6: buying-centre coverage ------------------------------------------------------------------------
def test_coverage_counts_accounts_not_contacts():
    accounts = pd.DataFrame({"account_id": [1, 2, 3, 4]})
    contacts = pd.DataFrame({"account_id": [1, 1, 1, 2, 2, 3],
                             "role": ["buyer", "decider", "user", "buyer", "buyer", "decider"]})
    ex = fake(accounts=accounts, contacts=contacts)
    got = ex01._coverage(ex)
    # four accounts (account 4 has no contact and still counts); account 2's two buyers count once
    assert got.to_dict() == {"user": 0.25, "influencer": 0.0, "decider": 0.5, "approver": 0.0, "buyer": 0.5,
                             "gatekeeper": 0.0}
    q = get("01").question("q6")
    per_contact = contacts.groupby("role")["account_id"].nunique() / len(contacts)
    assert check(q, per_contact.reindex(got.index, fill_value=0.0), ex).key == "ex01_share_of_contacts"
    assert check(q, got * 4, ex).key == "ex01_role_counts"


# -- 02 q2: the direct-mail fifths ---------------------------------------------------------------------------
def _fifths_by_hand(orders, campaigns) -> pd.Series:
    """Response rate per RFM fifth, every contact scored as of its campaign's first day."""
    kept = orders[~orders["returned"]]
    rows = []
    for _campaign, contacts in campaigns.groupby("campaign_id"):
        day = contacts["campaign_date"].min().normalize()
        before = kept[kept["order_date"] < day]
        rfm = before.groupby("customer_id").agg(last=("order_date", "max"), f=("order_id", "size"), m=("amount", "sum"))
        r = (day - rfm["last"]).dt.days

        def score(v):
            return np.ceil(5 * v.rank(method="min", pct=True))

        total = score(-r) + score(rfm["f"]) + score(rfm["m"])
        group = score(total)
        scored = contacts.assign(group=contacts["customer_id"].map(group)).dropna(subset=["group"])
        rows.append(scored[["group", "responded"]])
    both = pd.concat(rows)
    return both.groupby("group")["responded"].mean()


def test_mail_ratio_is_the_best_fifth_over_the_second():
    ex = session("02")
    data = ex._reference.data
    rates = _fifths_by_hand(data.orders, data.campaigns)
    ratio = rates[5.0] / rates[4.0]
    assert math.isclose(ex02._mail_ratio(ex._reference), ratio, rel_tol=1e-9)
    assert ex02._mail_claim(ex._reference) == "about_three" and 1.8 <= ratio < 6
    q = ex.spec.question("q2")
    assert ex.q2.evaluate(ex.q2.letter("ten_times")).key == "ex02_worst_fifth"  # best over worst: ~20–100×
    assert rates[5.0] / rates[1.0] >= 6 and rates[4.0] / rates[5.0] < 1
    assert ex.q2.evaluate(ex.q2.letter("less_often")).key == "ex02_fifth_direction"
    assert q.reference(ex._reference) == "about_three"


# -- 02 q3: the contact plan ---------------------------------------------------------------------------------
def test_next_contact_on_every_due_day():
    orders, as_of = ex02._edge_orders()
    got = ex02._contact_plan(orders, as_of)
    assert got.to_dict() == {
        101: "thank_you", 102: "thank_you",              # 1 and 7 days: a due day is still due
        103: "satisfaction_check",                       # 8 days (its later order was returned)
        104: "satisfaction_check", 105: "cross_sell",    # 30 and 31
        106: "cross_sell", 107: "churn_watch",           # 90 and 91
        108: "churn_watch",                              # 400
    }                                                    # 109 only returned orders: no purchase, no row
    assert ex02._next_actions(orders, as_of).to_dict() == got.to_dict()


def test_next_contact_slips_are_named():
    ex = session("02")
    q = ex.spec.question("q3")

    def due_day_excluded(orders, as_of):
        kept = orders[~orders["returned"]]
        days = (as_of - kept.groupby("customer_id")["order_date"].max()).dt.days
        return pd.Series(np.select([days < 7, days < 30, days < 90], ["thank_you", "satisfaction_check", "cross_sell"],
                                   "churn_watch"), index=days.index)

    assert ex.q3.evaluate(due_day_excluded).key == "ex02_contact_due_day"
    # (counting one day too many is the same slip: d + 1 ≤ 7 exactly when d < 7)

    def right_on_own_data_only(orders, as_of):  # counts one day too few except on the student's log
        kept = orders[~orders["returned"]]
        days = (as_of - kept.groupby("customer_id")["order_date"].max()).dt.days - (as_of != ex.as_of)
        return pd.Series(np.select([days <= 7, days <= 30, days <= 90], ["thank_you", "satisfaction_check", "cross_sell"],
                                   "churn_watch"), index=days.index)

    assert ex.q3.evaluate(right_on_own_data_only).key == "ex02_days_off_by_one"  # caught by the second call
    assert q.compare is ex02._contact_calls


# -- 02 q4: ABC tiers -------------------------------------------------------------------------------------------
def test_abc_tiers_by_hand():
    # 20 buyers spending 200, 190, …, 10 — except that buyers 4 and 5 tie at 170; buyer 21 only returned.
    spend = {c: 210 - 10 * c for c in range(1, 21)}
    spend[5] = spend[4]
    rows = [(c, "2024-05-01", float(v), False) for c, v in spend.items()]
    rows += [(1, "2024-06-01", 500.0, True), (21, "2024-06-01", 900.0, True)]
    ex = fake(orders=orders_frame(rows))
    got = ex02._tiers(ex)
    # N = 20: VIP ranks ≤ ceil(0.2) = 1; major ≤ ceil(1.0) = 1 (none); ordinary ≤ ceil(4.0) = 4, and the tie
    # at ranks 4–5 goes wholly to ordinary (both have rank 4); the rest small. Returned orders count for nothing.
    want = {1: "vip", 2: "ordinary", 3: "ordinary", 4: "ordinary", 5: "ordinary"} | {c: "small" for c in range(6, 21)}
    assert got.to_dict() == want
    assert ex02._tiers_variant(ex).to_dict() == want
    q = get("02").question("q4")
    assert check(q, ex02._tiers_variant(ex, floor=True), ex).key == "ex02_abc_floor"      # floor(0.2) = 0: no VIP
    cumulative = ex02._tiers_variant(ex, limits={"vip": 1, "major": 4, "ordinary": 15})
    assert check(q, cumulative, ex).key == "ex02_abc_cumulative"


# -- 02 q6: the Gini coefficient --------------------------------------------------------------------------------
def test_gini_by_hand():
    # spends 1, 2, 3, 4 (customer 4's returned order left out): G = (−3·1 − 1·2 + 1·3 + 3·4) / (4 · 10) = 0.25
    rows = [(1, "2024-01-02", 1.0, False), (2, "2024-01-02", 2.0, False), (3, "2024-01-02", 3.0, False),
            (4, "2024-01-02", 4.0, False), (4, "2024-02-02", 40.0, True)]
    ex = fake(orders=orders_frame(rows))
    assert math.isclose(ex02._gini(ex), 0.25)
    q = get("02").question("q6")
    assert check(q, -0.25, ex).key == "ex02_gini_order"
    assert check(q, 0.25 * 4 / 3, ex).key == "ex02_gini_corrected"
    # with the return: spends 1, 2, 3, 44 → (−3 − 2 + 3 + 132) / (4 · 50) = 0.65
    assert check(q, 0.65, ex).key == "ex02_returns_counted"


# -- 02 q7: a basket rule -------------------------------------------------------------------------------------------
def test_basket_rule_by_hand():
    baskets = {1: ["snacks", "rice"], 2: ["snacks"], 3: ["rice", "milk"], 4: ["snacks", "rice"], 5: ["milk"],
               6: ["snacks", "rice", "beer"], 7: ["rice"], 8: ["milk"]}
    lines = pd.DataFrame([(o, p) for o, ps in baskets.items() for p in ps], columns=["order_id", "product"])
    orders = pd.DataFrame({"order_id": list(baskets), "customer_id": list(baskets), "order_date": "2024-01-01",
                           "amount": 10.0, "returned": [o == 4 for o in baskets]})
    ex = fake(orders=orders, order_lines=lines)
    got = ex02._rule(ex)
    # order 4 returned: N = 7 baskets; snacks in 1, 2, 6 (3); rice in 1, 3, 6, 7 (4); both in 1, 6 (2)
    assert np.allclose(got[["support", "confidence", "lift"]].to_numpy(), [2 / 7, 2 / 3, (2 / 3) / (4 / 7)])
    q = get("02").question("q7")
    reverse = pd.Series({"support": 2 / 7, "confidence": 2 / 4, "lift": (2 / 4) / (4 / 7)})
    assert check(q, reverse, ex).key == "ex02_confidence_direction"
    wrong_base = pd.Series({"support": 2 / 7, "confidence": 2 / 3, "lift": (2 / 3) / (3 / 7)})
    assert check(q, wrong_base, ex).key == "ex02_lift_base"
    # with order 4: N = 8, snacks 4, rice 5, both 3
    kept = pd.Series({"support": 3 / 8, "confidence": 3 / 4, "lift": (3 / 4) / (5 / 8)})
    assert check(q, kept, ex).key == "ex02_returns_counted"


def test_basket_rule_on_real_data_matches_the_basket_table():
    ex = session("02")
    data = ex._reference.data
    table = pd.crosstab(data.order_lines["order_id"], data.order_lines["product"]).gt(0)
    table = table[~table.index.isin(data.orders.loc[data.orders["returned"], "order_id"])]
    a, b = table["snacks"], table["rice"]
    both = (a & b).mean()
    want = [both, (a & b).sum() / a.sum(), ((a & b).sum() / a.sum()) / b.mean()]
    assert np.allclose(ex02._rule(ex._reference).to_numpy(dtype=float), want)


# -- 03 q5: loyalty × credit grade ---------------------------------------------------------------------------------
def test_loyalty_credit_by_hand():
    accounts = pd.DataFrame({"account_id": [1, 2, 3, 4, 5], "loyalty": ["high", "high", "low", "medium", "low"]})
    grades = pd.Series(["A", "C", "C", "D", "C"], index=[1, 2, 3, 4, 5])
    got = ex03._loyalty_credit(fake(accounts=accounts), grades=grades)
    assert got.loc["high"].tolist() == [1, 0, 1, 0]
    assert got.loc["medium"].tolist() == [0, 0, 0, 1]
    assert got.loc["low"].tolist() == [0, 0, 2, 0]


def test_loyalty_credit_on_real_data_and_its_slips():
    ex = session("03")
    ref = ex._reference
    grades = ex03._grades(ref)["grade"]
    loyalty = ref.data.accounts.set_index("account_id")["loyalty"]
    want = pd.crosstab(loyalty, grades.reindex(loyalty.index).astype(str))
    got = ex03._loyalty_credit(ref)
    assert (got.loc[want.index, want.columns].to_numpy() == want.to_numpy()).all()
    assert ex.q5.evaluate(want).correct
    assert ex.q5.evaluate(want / want.to_numpy().sum()).key == "ex03_shares_not_counts"
    assert ex.q5.evaluate(want.T).key == "ex03_matrix_transposed"


# -- 04 q7: Kotler's matrix --------------------------------------------------------------------------------------
def test_kotler_levels_on_every_band_limit():
    got = ex04._levels(ex04._edge_segments())
    # rows: customers 99, 100, 999, 1000 (few, medium, medium, many) × margin 99.99, 100, 499.99, 500
    # (low, medium, medium, high); Kotler: many+low basic … few+high partnership, one step per band
    few = ["accountable", "proactive", "proactive", "partnership"]
    medium = ["reactive", "accountable", "accountable", "proactive"]
    many = ["basic", "reactive", "reactive", "accountable"]
    assert got.tolist() == few + medium + medium + many


def test_kotler_on_the_value_segments():
    ex = session("04")
    table = ex04._value_segments(ex._reference)
    assert set(table.index) == {"vip", "major", "ordinary", "small"}
    assert ex04._kotler(ex._reference).to_dict() == {"major": "proactive", "ordinary": "accountable",
                                                     "small": "basic", "vip": "partnership"}

    def inclusive(segments):
        c = np.select([segments["customers"] <= 100, segments["customers"] <= 1000], ["few", "medium"], "many")
        m = np.select([segments["margin"] <= 100, segments["margin"] <= 500], ["low", "medium"], "high")
        from crmlab import segment as seg

        return pd.Series([seg.kotler_level(a, b) for a, b in zip(c, m)], index=segments.index)

    assert ex.q7.evaluate(inclusive).key == "ex04_kotler_bands"  # right on the value segments, wrong at 100


# -- 05 q6: Kaplan–Meier --------------------------------------------------------------------------------------------
def test_kaplan_meier_by_hand():
    day = pd.Timestamp("2023-01-01")
    at = lambda n: day + pd.Timedelta(days=n)  # noqa: E731
    rows = [
        (1, at(0), 10.0, False),                          # ends 180 days on: duration 180, an ending
        (2, at(0), 10.0, False), (2, at(200), 10.0, False),  # ends at 380
        (3, at(425), 10.0, False), (3, at(639), 10.0, False),  # still active: censored at 731 − 425 = 306
        (4, at(151), 10.0, False), (4, at(251), 10.0, False),  # ends at 100 + 180 = 280
        (5, at(578), 10.0, False),                        # still active: censored at 731 − 578 = 153
    ]
    ex = fake(as_of=at(731), orders=orders_frame(rows))
    # endings up to 365: day 180 with 4 at risk (not 5: 153 < 180), day 280 with 3 → S = 3/4 · 2/3 = 0.5
    assert math.isclose(ex05._survival(ex), 0.5)
    q = get("05").question("q6")
    assert check(q, 1 / 5, ex).key == "ex05_censored_as_lost"   # only customer 2 lasts over 365 of all five
    assert check(q, 1 / 3, ex).key == "ex05_censored_dropped"   # of the three whose fate at 365 is known


# -- 05 q7: the development funnel -----------------------------------------------------------------------------------
def test_funnel_by_hand():
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5, 6],
                              "membership_tier": ["gold", "none", "none", "none", "silver", "gold"]})
    rows = [
        (1, "2024-06-01", 10.0, False), (1, "2024-06-01", 10.0, False), (1, "2024-09-01", 10.0, False),
        (1, "2024-12-01", 10.0, False),                        # 4 orders in the year, on 3 days, gold: a member
        (2, "2024-01-10", 10.0, False),                        # one order, 357 days ago: lapsed
        (3, "2024-11-01", 10.0, False), (3, "2024-11-01", 10.0, False),  # two orders, one day: no repeat
        (4, "2024-02-01", 10.0, False), (4, "2024-04-01", 10.0, False), (4, "2024-06-01", 10.0, False),
        (4, "2024-08-01", 10.0, False), (4, "2024-10-01", 10.0, False),  # a client, not a member
        (5, "2022-03-01", 10.0, False), (5, "2022-05-01", 10.0, False),  # repeat long ago, silver: lapsed
    ]                                                          # customer 6 never ordered: a prospect only
    ex = fake(as_of="2025-01-01", customers=customers, orders=orders_frame(rows))
    got = ex05._funnel(ex)
    assert got.to_dict() == {"prospect": 6, "first_time_buyer": 5, "repeat_customer": 3, "client": 2, "member": 1,
                             "lapsed": 2}
    q = get("05").question("q7")
    flat = got.copy()
    flat["member"] = 2  # customers 1 and 5 have a tier; 5 is no client
    assert check(q, flat, ex).key == "ex05_funnel_not_nested"
    by_orders = got.copy()
    by_orders["repeat_customer"] = 4  # customer 3's two orders on one day
    assert check(q, by_orders, ex).key == "ex05_repeat_days"


# -- 07 q7: the loyalty matrix ------------------------------------------------------------------------------------------
def test_loyalty_matrix_by_hand():
    surveys = pd.DataFrame({"product_satisfaction": [8, 9, 3, 8, 2, 7, 10, 8],
                            "service_satisfaction": [8, 2, 9, 7, 1, 7, 10, 9]})
    ex = fake(surveys=surveys)
    got = ex07._matrix(ex)
    # (8, 8) (10, 10) (8, 9) loyal; (3, 9) hopeful; (9, 2) (8, 7) easily poached; (2, 1) (7, 7) destructive
    assert got.to_dict() == {"loyal": 3 / 8, "hopeful": 1 / 8, "easily_poached": 2 / 8, "destructive": 2 / 8}
    q = get("07").question("q7")
    strict = pd.Series({"loyal": 1 / 8, "hopeful": 2 / 8, "easily_poached": 1 / 8, "destructive": 4 / 8})
    assert check(q, strict, ex).key == "ex07_matrix_threshold"   # an 8 read as not satisfied
    swapped = got.rename({"hopeful": "easily_poached", "easily_poached": "hopeful"})
    assert check(q, swapped, ex).key == "ex07_matrix_swapped"
    assert check(q, got * 8, ex).key == "ex07_matrix_counts"


@pytest.mark.parametrize("ex_id,name", [("01", "q6"), ("02", "q2"), ("02", "q3"), ("02", "q4"), ("02", "q6"), ("02", "q7"),
                                        ("03", "q5"), ("04", "q7"), ("05", "q6"), ("05", "q7"), ("07", "q7")])
def test_each_new_question_is_in_its_lessons_exercise_with_hints_and_messages(ex_id, name):
    spec = get(ex_id)
    q = spec.question(name)
    assert len(spec.questions) <= 7
    assert len(q.hints) >= 2 and q.wrong and q.wrong_type
    assert any(w.key and w.key.startswith(f"ex{ex_id}_") for w in q.wrong), "a typical slip has its own message"
