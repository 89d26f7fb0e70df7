"""Basket analysis: order lines with planted pairs, and support / confidence / lift that find them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.basket import association_rules, baskets, item_support, rules_against_truth
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.simulate import lines as L


@pytest.fixture(scope="module")
def company():
    """The bundled course data's orders, order lines and basket truth."""
    return crmlab.load("orders"), crmlab.load("order_lines"), crmlab.load("truth_baskets")


# -- the order lines ------------------------------------------------------------------------------
def test_lines_add_up_to_their_order(company):
    orders, lines, _truth = company
    by_order = lines.groupby("order_id").agg(amount=("amount", "sum"), quantity=("quantity", "sum"), n=("line", "size"))
    o = orders.set_index("order_id")
    assert (by_order.index == o.index).all()  # every order has lines, no line without an order
    assert np.allclose(by_order["amount"].to_numpy(), o["amount"].to_numpy(), atol=1e-9)
    assert (by_order["quantity"].to_numpy() == o["quantity"].to_numpy()).all()
    assert by_order["n"].max() <= L.MAX_LINES
    assert (lines["amount"] > 0).all() and (lines["quantity"] >= 1).all()


def test_each_line_is_a_distinct_product_and_the_first_is_of_the_orders_category(company):
    orders, lines, _truth = company
    assert not lines.duplicated(["order_id", "product"]).any()
    assert (lines.groupby("order_id")["line"].apply(lambda s: list(s) == list(range(1, len(s) + 1)))).all()
    first = lines[lines["line"] == 1].set_index("order_id")
    assert (first["category"].astype(str) == orders.set_index("order_id")["category"].astype(str)).all()
    assert (lines["product"].astype(str).map(L.PRODUCT_CATEGORY) == lines["category"].astype(str)).all()


def test_lines_are_deterministic_and_use_their_own_stream(company):
    orders, lines, truth = company
    pd.testing.assert_frame_equal(L.order_lines(0, 0, orders), lines, check_dtype=False)
    assert not L.order_lines(1, 0, orders)["product"].equals(lines["product"])
    pd.testing.assert_frame_equal(L.truth_table(L.pair_counts(lines, orders)), truth, check_dtype=False)


@pytest.mark.slow
def test_the_truth_sums_over_blocks_like_one_pass():
    """Generated in two blocks of customers, the planted pairs' lift is that of the whole data."""
    from crmlab.simulate.config import BLOCK_SIZE

    data = crmlab.generate(customers=BLOCK_SIZE + 2000, seed=3, accounts=20)
    whole = L.truth_table(L.pair_counts(data.order_lines, data.orders))
    pd.testing.assert_frame_equal(data.truth_baskets, whole, check_dtype=False)
    assert data.order_lines["order_id"].is_monotonic_increasing  # ids continue across blocks
    assert set(data.order_lines["order_id"]) == set(data.orders["order_id"])


# -- support, confidence, lift --------------------------------------------------------------------
HAND = pd.DataFrame(
    {"order_id": [1, 1, 2, 2, 3, 4, 5, 5], "product": ["beer", "diapers", "beer", "diapers", "beer", "milk", "milk", "beer"]}
)


def test_a_hand_worked_example():
    # 5 baskets: beer in 4, diapers in 2, milk in 2; beer+diapers in 2, beer+milk in 1
    rules = association_rules(HAND, min_support=0.0, min_confidence=0.0).set_index(["antecedent", "consequent"])
    assert rules.loc[("diapers", "beer"), "support"] == pytest.approx(2 / 5)
    assert rules.loc[("diapers", "beer"), "confidence"] == pytest.approx(1.0)
    assert rules.loc[("beer", "diapers"), "confidence"] == pytest.approx(2 / 4)
    assert rules.loc[("beer", "diapers"), "lift"] == pytest.approx((2 / 4) / (2 / 5))
    assert rules.loc[("milk", "beer"), "lift"] == pytest.approx((1 / 2) / (4 / 5))
    assert ("diapers", "milk") not in rules.index  # never together
    support = item_support(HAND).set_index("item")
    assert support.loc["beer", "baskets"] == 4 and support.loc["beer", "support"] == pytest.approx(0.8)


def test_rules_agree_with_the_basket_table(company):
    """An independent recomputation from the True/False basket table."""
    orders, lines, _truth = company
    table = baskets(lines, orders)
    rules = association_rules(lines, orders, min_support=0.004, min_confidence=0.05)
    assert len(rules) > 0
    for row in rules.head(20).itertuples():
        a, b = table[row.antecedent], table[row.consequent]
        assert row.support == pytest.approx((a & b).mean())
        assert row.confidence == pytest.approx((a & b).sum() / a.sum())
        assert row.lift == pytest.approx((a & b).mean() / (a.mean() * b.mean()))
    assert (rules["support"] >= 0.004).all() and (rules["confidence"] >= 0.05).all()
    # lift is symmetric; confidence is not
    both = rules.merge(rules, left_on=["antecedent", "consequent"], right_on=["consequent", "antecedent"])
    assert np.allclose(both["lift_x"], both["lift_y"])


def test_returned_orders_are_no_purchases(company):
    orders, lines, _truth = company
    returned = set(orders.loc[orders["returned"], "order_id"])
    assert returned
    assert set(baskets(lines, orders).index).isdisjoint(returned)
    assert len(baskets(lines)) == orders["order_id"].nunique()


def test_the_planted_pairs_stand_out(company):
    orders, lines, truth = company
    rules = association_rules(lines, orders)
    assert rules_against_truth(rules, truth) == {
        "pairs_found": 6, "pairs_planted": 6, "rules": 12, "rules_planted": 12, "recall": 1.0, "precision": 1.0,
    }
    # the truth's lift is the lift of the data
    found = rules.set_index(["antecedent", "consequent"])["lift"]
    for row in truth.itertuples():
        assert found[(row.product, row.partner)] == pytest.approx(row.lift, rel=1e-3)
    assert (truth["lift"] > 2).all()
    # a low minimum support lets chance pairs in: precision falls, recall stays
    loose = rules_against_truth(association_rules(lines, orders, min_support=0.0005, min_confidence=0.02), truth)
    assert loose["recall"] == 1.0 and loose["precision"] < 0.2


def test_categories_as_items(company):
    orders, lines, _truth = company
    rules = association_rules(lines, orders, item="category", min_support=0.01, min_confidence=0.05)
    assert set(rules["antecedent"]) <= set(crmlab.simulate.config.CATEGORIES)


def test_inputs_are_not_changed(company):
    orders, lines, _truth = company
    before_l, before_o = lines.copy(), orders.copy()
    association_rules(lines, orders)
    baskets(lines, orders)
    pd.testing.assert_frame_equal(lines, before_l)
    pd.testing.assert_frame_equal(orders, before_o)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"lines": "x"}, ParameterTypeError, "`lines` must be a pandas DataFrame"),
        ({"lines": HAND.rename(columns={"product": "item"})}, ColumnError, "`lines` needs a column 'product'"),
        ({"min_support": 1.5}, ParameterError, "`min_support` must be between"),
        ({"min_confidence": "high"}, ParameterTypeError, "`min_confidence` must be a number"),
        ({"item": "brand"}, ParameterError, "`item` must be one of"),
        ({"lines": HAND.assign(order_id=[1, None, 2, 2, 3, 4, 5, 5])}, ColumnError, "must not be missing"),
        ({"orders": HAND}, ColumnError, "`orders` needs a column 'customer_id'"),
    ],
)
def test_bad_input_gets_a_clear_error(kwargs, error, match):
    args = {"lines": HAND, **kwargs}
    with pytest.raises(error, match=match):
        association_rules(**args)


def test_rules_against_truth_counts_pairs_either_way():
    truth = pd.DataFrame({"product": ["beer", "printer"], "partner": ["diapers", "ink_cartridge"]})
    rules = pd.DataFrame({"antecedent": ["diapers", "beer", "milk"], "consequent": ["beer", "diapers", "bread"]})
    assert rules_against_truth(rules, truth) == {
        "pairs_found": 1, "pairs_planted": 2, "rules": 3, "rules_planted": 2, "recall": 0.5, "precision": 2 / 3,
    }
    empty = rules_against_truth(rules.iloc[:0], truth)
    assert empty["recall"] == 0 and np.isnan(empty["precision"])


# -- the picture and the explorer -------------------------------------------------------------------
def test_plot_rules_draws_every_rule_and_rings_the_planted_pairs(company):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from crmlab.plots import plot_rules

    orders, lines, truth = company
    rules = association_rules(lines, orders, min_support=0.002, min_confidence=0.05)
    fig, ax = plt.subplots()
    assert plot_rules(rules, truth, ax=ax) is ax
    points, rings = ax.collections[0], ax.collections[1]
    assert len(points.get_offsets()) == len(rules)
    assert len(rings.get_offsets()) == 12  # both directions of the six planted pairs
    assert ax.get_title() == "Rules found: support, confidence and lift"
    plt.close(fig)
    empty = plot_rules(rules.iloc[:0])
    assert "No rule" in empty.texts[0].get_text()
    plt.close(empty.figure)


def test_basket_update_filters_the_rules_and_scores_them(company):
    from crmlab.widgets.basket import basket_update

    orders, lines, truth = company
    all_rules = association_rules(lines, orders, min_support=0.0, min_confidence=0.0)
    tight = basket_update(all_rules, truth, 0.005, 0.1)
    pd.testing.assert_frame_equal(tight["rules"], association_rules(lines, orders, min_support=0.005, min_confidence=0.1))
    assert tight["quality"]["recall"] == 1.0 and tight["quality"]["precision"] == 1.0
    loose = basket_update(all_rules, truth, 0.001, 0.02)
    assert loose["quality"]["rules"] > 100 and loose["quality"]["pairs_found"] == 6
    assert "6 of the 6" in loose["summary"]
    with pytest.raises(ParameterError, match="`min_support`"):
        basket_update(all_rules, truth, 2.0, 0.1)
