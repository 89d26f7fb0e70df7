"""Order lines: which products each order holds — the data of basket analysis (啤酒+尿布).

Every order of ``orders`` is split into lines, one per distinct product:

* the order's first line is a product of the order's ``category`` (drawn by popularity);
* an order of ``quantity`` q has min(q, 4) line slots; each further slot holds, with the pair's
  partner probability, the *planted partner* of the first product (beer → diapers, printer →
  ink cartridges …), otherwise a product drawn from the whole range by popularity — so apart from
  the planted pairs, products fall into baskets independently (lift ≈ 1);
* a product drawn twice becomes one line with a larger quantity; items beyond the slots go to
  the first line; the order's ``amount`` is shared among its lines by quantity × list price,
  to the cent, so the lines of an order add up to its amount exactly.

The planted pairs and their lift as measured on the purchases (orders not returned) are the
hidden truth ``truth_baskets``. Lines draw from their own random stream: adding them changed no
other number of the simulation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._arrays import group_starts, labels
from ._rng import stream
from .config import CATEGORIES

__all__ = ["PRODUCTS", "PRODUCT_CATEGORY", "PLANTED_PAIRS", "MAX_LINES", "order_lines", "pair_counts", "truth_table"]

#: Product code → (category, list price relative to its category's mean, popularity weight).
_CATALOGUE = {
    "rice": ("groceries", 1.2, 9.0),
    "cooking_oil": ("groceries", 1.3, 6.0),
    "beer": ("groceries", 0.9, 7.0),
    "snacks": ("groceries", 0.6, 8.0),
    "tea": ("groceries", 1.1, 5.0),
    "milk": ("groceries", 0.7, 8.0),
    "diapers": ("household", 1.4, 5.0),
    "detergent": ("household", 0.9, 7.0),
    "paper_towels": ("household", 0.6, 8.0),
    "toothpaste": ("household", 0.5, 6.0),
    "phone": ("electronics", 3.0, 2.0),
    "phone_case": ("electronics", 0.3, 3.0),
    "printer": ("electronics", 1.8, 1.5),
    "ink_cartridge": ("electronics", 0.4, 3.0),
    "headphones": ("electronics", 0.8, 3.0),
    "shirt": ("apparel", 1.0, 5.0),
    "trousers": ("apparel", 1.2, 4.0),
    "shoes": ("apparel", 1.6, 4.0),
    "socks": ("apparel", 0.3, 5.0),
    "shampoo": ("beauty", 0.8, 5.0),
    "conditioner": ("beauty", 0.8, 3.0),
    "face_cream": ("beauty", 1.5, 4.0),
    "lipstick": ("beauty", 1.0, 3.0),
    "bedding": ("home", 1.5, 3.0),
    "cookware": ("home", 1.2, 3.0),
    "lamp": ("home", 0.8, 3.0),
    "storage_box": ("home", 0.5, 4.0),
}
#: Product codes, in catalogue order.
PRODUCTS = tuple(_CATALOGUE)
#: Category of each product.
PRODUCT_CATEGORY = {p: c for p, (c, _price, _pop) in _CATALOGUE.items()}
#: The planted associations: (product, partner, probability that a further line of an order
#: whose first product is ``product`` holds ``partner``). Each pair works both ways.
PLANTED_PAIRS = (
    ("beer", "diapers", 0.35),
    ("printer", "ink_cartridge", 0.55),
    ("phone", "phone_case", 0.50),
    ("shampoo", "conditioner", 0.45),
    ("rice", "cooking_oil", 0.30),
    ("shoes", "socks", 0.35),
)
#: Most lines an order has (further items raise the first line's quantity).
MAX_LINES = 4

_INDEX = {p: i for i, p in enumerate(PRODUCTS)}
_CAT_OF = np.array([CATEGORIES.index(PRODUCT_CATEGORY[p]) for p in PRODUCTS])
_PRICE = np.array([_CATALOGUE[p][1] for p in PRODUCTS])
_POP = np.array([_CATALOGUE[p][2] for p in PRODUCTS])
_PARTNER = np.full(len(PRODUCTS), -1)
_PARTNER_P = np.zeros(len(PRODUCTS))
for _a, _b, _p in PLANTED_PAIRS:
    _PARTNER[_INDEX[_a]], _PARTNER[_INDEX[_b]] = _INDEX[_b], _INDEX[_a]
    _PARTNER_P[_INDEX[_a]] = _PARTNER_P[_INDEX[_b]] = _p


def _pick(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    cum = np.cumsum(weights) / weights.sum()
    return np.minimum(np.searchsorted(cum, rng.random(size), side="right"), len(weights) - 1)


def _first_products(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    """A product of each order's category, by popularity within the category."""
    out = np.empty(len(category), dtype=np.int64)
    for c in range(len(CATEGORIES)):
        rows = np.flatnonzero(category == c)
        members = np.flatnonzero(_CAT_OF == c)
        out[rows] = members[_pick(rng, _POP[members], len(rows))]
    return out


def order_lines(seed: int, block: int, orders: pd.DataFrame) -> pd.DataFrame:
    """The lines of ``orders`` (one block's orders table), in order and line order.

    Returns
    -------
    DataFrame
        ``order_id``, ``line`` (1, 2 … within the order), ``product`` (categorical of
        :data:`PRODUCTS`), ``category`` (the product's), ``quantity`` (≥ 1) and ``amount`` (the
        line's share of the order's amount; the lines of an order add up to it exactly).
    """
    rng = stream(seed, "order_lines", block)
    n = len(orders)
    category = orders["category"].cat.codes.to_numpy(dtype=np.int64)
    quantity = orders["quantity"].to_numpy(dtype=np.int64)
    amount_cents = np.round(orders["amount"].to_numpy(dtype=float) * 100).astype(np.int64)

    first = _first_products(rng, category)
    slots = np.minimum(quantity, MAX_LINES)
    order_pos = np.repeat(np.arange(n), slots)
    slot = np.arange(len(order_pos)) - np.repeat(group_starts(slots), slots)
    head = np.repeat(first, slots)
    partner_wanted = rng.random(len(order_pos)) < _PARTNER_P[head]
    random_product = _pick(rng, _POP, len(order_pos))
    product = np.where(slot == 0, head, np.where(partner_wanted & (_PARTNER[head] >= 0), _PARTNER[head], random_product))
    qty = np.ones(len(order_pos), dtype=np.int64)
    qty[slot == 0] += quantity - slots  # items beyond the slots go to the first line

    # one line per (order, product): merge repeats, keeping the first occurrence's place
    key = order_pos * len(PRODUCTS) + product
    uniq, first_at, inverse = np.unique(key, return_index=True, return_inverse=True)
    merged_qty = np.bincount(inverse, weights=qty).astype(np.int64)
    keep = np.sort(first_at)  # positions of the first occurrences, in order then slot order
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[np.argsort(first_at)] = np.arange(len(uniq))
    line_qty = np.empty(len(uniq), dtype=np.int64)
    line_qty[rank] = merged_qty
    l_order, l_product = order_pos[keep], product[keep]

    # share each order's amount by quantity × list price, to the cent; remainders to line 1
    weight = line_qty * _PRICE[l_product]
    per_order = np.bincount(l_order, weights=weight, minlength=n)
    cents = np.floor(amount_cents[l_order] * weight / per_order[l_order]).astype(np.int64)
    counts = np.bincount(l_order, minlength=n)
    starts = group_starts(counts)
    cents[starts[counts > 0]] += amount_cents[counts > 0] - np.bincount(l_order, weights=cents, minlength=n)[counts > 0].astype(np.int64)
    line_no = np.arange(len(l_order)) - np.repeat(starts, counts) + 1

    return pd.DataFrame(
        {
            "order_id": orders["order_id"].to_numpy(dtype=np.int64)[l_order],
            "line": line_no.astype(np.int64),
            "product": labels(l_product, PRODUCTS),
            "category": labels(_CAT_OF[l_product], CATEGORIES),
            "quantity": line_qty,
            "amount": cents / 100.0,
        }
    )


def pair_counts(lines: pd.DataFrame, orders: pd.DataFrame) -> np.ndarray:
    """Counts behind the planted pairs' lift, on purchases (orders not returned).

    Returns ``[purchases, then for each planted pair: orders with a, with b, with both]`` so
    that counts of several blocks add up.
    """
    kept = orders.loc[~orders["returned"].to_numpy(dtype=bool), "order_id"].to_numpy()
    part = lines[np.isin(lines["order_id"].to_numpy(), kept)]
    codes = part["product"].cat.codes.to_numpy()
    order = part["order_id"].to_numpy()
    out = [len(kept)]
    for a, b, _p in PLANTED_PAIRS:
        with_a = set(order[codes == _INDEX[a]].tolist())
        with_b = set(order[codes == _INDEX[b]].tolist())
        out += [len(with_a), len(with_b), len(with_a & with_b)]
    return np.array(out, dtype=np.int64)


def truth_table(counts: np.ndarray) -> pd.DataFrame:
    """The hidden truth of the planted pairs from the summed :func:`pair_counts`.

    ``lift = P(a and b) / (P(a) P(b))`` over purchases, as measured on the data.
    """
    total = max(int(counts[0]), 1)
    rows = []
    for k, (a, b, p) in enumerate(PLANTED_PAIRS):
        n_a, n_b, n_ab = (int(x) for x in counts[1 + 3 * k : 4 + 3 * k])
        lift = n_ab * total / (n_a * n_b) if n_a and n_b else float("nan")
        rows.append(
            {
                "product": a,
                "partner": b,
                "partner_probability": p,
                "support": round(n_ab / total, 6),
                "lift": round(lift, 4),
            }
        )
    out = pd.DataFrame(rows)
    out["product"] = pd.Categorical(out["product"], categories=list(PRODUCTS))
    out["partner"] = pd.Categorical(out["partner"], categories=list(PRODUCTS))
    return out
