"""Direct-marketing campaigns and who answers them.

Every 120 days from eight months into the window the firm sends a campaign (by turns direct
mail, e-mail, SMS) to a random 35 % of the customers who signed up at least 30 days earlier —
churned ones included, since the firm cannot see churn. Whether a contacted customer responds
depends on their real engagement on the campaign date: customers who bought recently and often
respond far more (the courseware's claim that the best RFM fifth responds about three times as
often as the second fifth); a churned customer almost never responds. A response is a purchase
of about one basket within 30 days; it is recorded here, not in ``orders``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._arrays import as_dates, labels
from ._rng import stream
from .config import CAMPAIGN_CHANNELS, SimConfig
from .population import Population

CONTACT_SHARE = 0.35


def campaign_days(cfg: SimConfig) -> np.ndarray:
    start = int(cfg.start64.astype("int64"))
    end = int(cfg.end64.astype("int64"))
    return np.arange(start + 240, end - 30, 120, dtype=np.int64)


def response_probability(recency: np.ndarray, frequency: np.ndarray, alive: np.ndarray) -> np.ndarray:
    """Chance of responding given days since the last purchase and purchases in the last year."""
    engaged = 0.5 * np.exp(-recency / 30.0) * (1 - np.exp(-frequency / 6.0)) ** 1.3
    return np.where(alive, 0.008 + engaged, 0.002)


def simulate(
    cfg: SimConfig,
    block: int,
    pop: Population,
    churn_day: np.ndarray,
    order_owner: np.ndarray,
    order_day: np.ndarray,
    first_id: int,
) -> pd.DataFrame:
    """Contacts and responses of every campaign for one block (ids from ``first_id``)."""
    rng = stream(cfg.seed, "campaigns", block)
    days = campaign_days(cfg)
    # Orders sorted by (customer, day) make per-customer history look-ups a searchsorted away.
    key_stride = np.int64(1 << 20)
    keys = np.sort(order_owner.astype(np.int64) * key_stride + (order_day - int(cfg.start64.astype("int64")) + 1000))
    frames = []
    next_id = first_id
    for c, day in enumerate(days):
        eligible = pop.signup_day <= day - 30
        contacted = np.flatnonzero(eligible & (rng.random(pop.n) < CONTACT_SHARE))
        base = contacted.astype(np.int64) * key_stride
        rel = day - int(cfg.start64.astype("int64")) + 1000
        upto = np.searchsorted(keys, base + rel)  # orders strictly before the campaign day
        since_year = np.searchsorted(keys, base + rel - 365)
        first = np.searchsorted(keys, base)
        frequency = upto - since_year
        has = upto > first
        last = np.where(has, keys[np.maximum(upto - 1, 0)] - base, 0)
        recency = np.where(has, rel - last, day - pop.first_day[contacted] + 365)
        alive = churn_day[contacted] > day
        p = response_probability(recency.astype(float), frequency.astype(float), alive)
        responded = rng.random(len(contacted)) < p
        lag = rng.integers(1, 31, len(contacted))
        value = np.round(pop.basket[contacted] * np.exp(rng.normal(0, 0.4, len(contacted))), 2)
        k = len(contacted)
        frames.append(
            pd.DataFrame(
                {
                    "contact_id": next_id + np.arange(k, dtype=np.int64),
                    "campaign_id": np.full(k, c + 1, dtype=np.int64),
                    "campaign_date": as_dates(np.full(k, day)),
                    "channel": labels(np.full(k, c % len(CAMPAIGN_CHANNELS)), CAMPAIGN_CHANNELS),
                    "customer_id": pop.customer_id[contacted],
                    "responded": responded,
                    "response_date": as_dates(np.where(responded, day + lag, np.iinfo(np.int64).min)),
                    "response_amount": np.where(responded, value, 0.0),
                }
            )
        )
        next_id += k
    return pd.concat(frames, ignore_index=True)
