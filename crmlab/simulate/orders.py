"""Purchases: when customers buy, what and how much.

* While active (from the first purchase until churn) a customer buys with gaps drawn from a
  gamma distribution whose mean is ``365 / rate`` days. The shape ("rhythm") makes some
  customers regular — the rice-shop idea: their next purchase can be predicted from their own
  rhythm. Loyalty multiplies the rate by ``0.55 + 0.9 × loyalty``.
* Customers who were already active when the window opens make their first in-window purchase
  a fraction of a gap after the start.
* The amount of an order is ``quantity × unit price × (1 − discount)``; the unit price scales
  with the customer's basket (log-normal across customers, so spend is heavy-tailed) and the
  category. Economic customers buy on discount far more often. Poor perceived quality raises the
  chance that an order is returned.
* Orders are simulated up to a year past the end of the window; those after the end are
  hidden and only used for the truth (next purchase date, realised future value).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ._arrays import as_dates, group_cumsum, group_starts, labels, pick_by_group
from ._rng import stream
from .config import CATEGORIES, ORDER_CHANNELS, SimConfig
from .population import Population

#: Category preference by persona (rows) × category (groceries … home).
CATEGORY_SHARE = np.array(
    [
        [0.40, 0.25, 0.08, 0.12, 0.07, 0.08],
        [0.30, 0.15, 0.10, 0.15, 0.10, 0.20],
        [0.15, 0.10, 0.20, 0.25, 0.20, 0.10],
        [0.35, 0.25, 0.15, 0.10, 0.05, 0.10],
    ]
)
#: Unit-price multiplier of each category relative to the customer's basket.
CATEGORY_PRICE = np.array([0.55, 0.7, 2.6, 1.1, 0.8, 1.6])
CHANNEL_SHARE = np.array(
    [
        [0.30, 0.45, 0.20, 0.05],
        [0.55, 0.25, 0.10, 0.10],
        [0.50, 0.20, 0.15, 0.15],
        [0.10, 0.35, 0.50, 0.05],
    ]
)
DISCOUNT_P = np.array([0.45, 0.10, 0.12, 0.12])
DISCOUNTS = np.array([0.05, 0.10, 0.20, 0.30])
MEAN_QUANTITY = 1.7
UNIT_NOISE_MEAN = float(np.exp(0.35**2 / 2))


#: Extra items beyond the first are Poisson(MEAN_QUANTITY − 1); cumulative probabilities of 0, 1, ….
_QUANTITY_CDF = np.cumsum(
    [np.exp(-(MEAN_QUANTITY - 1)) * (MEAN_QUANTITY - 1) ** k / np.prod(np.arange(1, k + 1)) for k in range(12)]
)


def _date_order(day: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Positions sorted by (day, owner): two stable radix sorts on 16-bit keys when they fit."""
    if day.size and day.min() >= 0 and day.max() < 65536 and owner.max() < 65536:
        by_owner = np.argsort(owner.astype(np.uint16), kind="stable")
        return by_owner[np.argsort(day.astype(np.uint16)[by_owner], kind="stable")]
    return np.lexsort((owner, day))


def loyalty_rate_factor(loyalty: np.ndarray) -> np.ndarray:
    return 0.55 + 0.9 * loyalty


def mean_order_value(pop: Population) -> np.ndarray:
    """Expected amount of one order of each customer (exact under the model)."""
    cat = (CATEGORY_SHARE[pop.persona] * CATEGORY_PRICE).sum(axis=1)
    disc = 1 - DISCOUNT_P[pop.persona] * DISCOUNTS.mean()
    return pop.basket / MEAN_QUANTITY * cat * UNIT_NOISE_MEAN * MEAN_QUANTITY * disc


def _purchase_days(
    rng: np.random.Generator, begin: np.ndarray, stop: np.ndarray, mean_gap: np.ndarray, shape: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Purchase days of every customer: a renewal process with gamma gaps from ``begin`` to ``stop``.

    Gaps are drawn in rounds: each round gives every still-active customer enough gaps to
    reach ``stop`` with high probability; the few who still fall short get another round.
    Returns (customer position, day) pairs, grouped by round.
    """
    owners, days = [], []
    pending = np.flatnonzero(stop > begin)
    cursor = begin.copy()
    first_round = True
    while pending.size:
        remaining = (stop - cursor)[pending] / mean_gap[pending]
        k = shape[pending]
        slots = np.ceil(remaining + 2.5 * np.sqrt(remaining / k + 1) + 1).astype(np.int64)
        who = np.repeat(pending, slots)
        gaps = rng.gamma(np.repeat(k, slots), 1.0) * np.repeat(mean_gap[pending] / k, slots)
        if first_round:
            gaps[group_starts(slots)] = 0.0  # the first purchase happens at ``begin``
        t = np.repeat(cursor[pending], slots) + group_cumsum(gaps, slots)
        inside = t < stop[who]
        owners.append(who[inside])
        days.append(np.floor(t[inside]).astype(np.int64))
        last = t[np.cumsum(slots) - 1]
        short = last < stop[pending]
        cursor[pending[short]] = last[short]
        pending = pending[short]
        first_round = False
    return np.concatenate(owners), np.concatenate(days)


@dataclasses.dataclass
class Purchases:
    orders: pd.DataFrame  # orders up to the window's end
    owner: np.ndarray  # position in block of each visible order
    day: np.ndarray
    amount: np.ndarray
    next_day: np.ndarray  # per customer: first purchase after the end (NO_DAY if none)
    future_value: np.ndarray  # per customer: spend in the 365 days after the end
    effective_rate: np.ndarray


def simulate(
    cfg: SimConfig, block: int, pop: Population, loyalty: np.ndarray, churn_day: np.ndarray, first_id: int
) -> Purchases:
    """Draw every purchase of one block."""
    rng = stream(cfg.seed, "orders.timing", block)
    start = int(cfg.start64.astype("int64"))
    end = int(cfg.end64.astype("int64"))
    horizon = end + 365
    rate = pop.rate * loyalty_rate_factor(loyalty)
    mean_gap = 365.25 / rate
    begin = pop.first_day.astype(np.float64)
    existing = pop.signup_day < start
    # Stationary start for customers already active at the window's start.
    begin = np.where(existing, start + rng.random(pop.n) * mean_gap, begin)
    stop = np.minimum(churn_day, horizon + 1).astype(np.float64)
    owner, day = _purchase_days(rng, begin, stop, mean_gap, pop.rhythm)

    # What was bought.
    what = stream(cfg.seed, "orders.basket", block)
    m = len(owner)
    persona = pop.persona[owner]
    category = pick_by_group(what, CATEGORY_SHARE, persona)
    channel = pick_by_group(what, CHANNEL_SHARE, persona)
    quantity = 1 + np.searchsorted(_QUANTITY_CDF, what.random(m), side="right")
    unit = pop.basket[owner] / MEAN_QUANTITY * CATEGORY_PRICE[category] * np.exp(what.normal(0, 0.35, m))
    discounted = what.random(m) < DISCOUNT_P[persona]
    discount = np.where(discounted, DISCOUNTS[what.integers(0, len(DISCOUNTS), m)], 0.0)
    amount = np.round(quantity * unit * (1 - discount), 2)
    amount = np.maximum(amount, 0.5)
    quality_gap = np.maximum(pop.expect[owner, 0] - pop.perform[owner, 0], 0)
    p_return = 0.02 + 0.03 * quality_gap + 0.04 * (category == CATEGORIES.index("apparel"))
    returned = what.random(m) < p_return

    visible = day <= end
    future = ~visible
    next_day = np.full(pop.n, np.iinfo(np.int64).max)
    np.minimum.at(next_day, owner[future], day[future])
    next_day[next_day == np.iinfo(np.int64).max] = np.iinfo(np.int64).min
    future_value = np.bincount(
        owner[future], weights=amount[future] * ~returned[future], minlength=pop.n
    )

    # Visible orders, in date order (ties by customer) as a real order log would be.
    sel = np.flatnonzero(visible)
    sel = sel[_date_order(day[sel] - start, owner[sel])]
    o_owner, o_day = owner[sel], day[sel]
    orders = pd.DataFrame(
        {
            "order_id": first_id + np.arange(len(sel), dtype=np.int64),
            "customer_id": pop.customer_id[o_owner],
            "order_date": as_dates(o_day),
            "amount": amount[sel],
            "channel": labels(channel[sel], ORDER_CHANNELS),
            "category": labels(category[sel], CATEGORIES),
            "quantity": quantity[sel].astype(np.int64),
            "discount": discount[sel],
            "returned": returned[sel],
        }
    )
    return Purchases(
        orders=orders,
        owner=o_owner,
        day=o_day,
        amount=amount[sel],
        next_day=next_day,
        future_value=np.round(future_value, 2),
        effective_rate=rate,
    )
