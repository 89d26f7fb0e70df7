"""Who the customers are: personas, demographics and the latent traits that drive behaviour.

The causal story (also told in ``datasets/README.md``):

* Each customer has a **persona** (the courseware's marketing types): *economic* customers buy on
  price, *ethical* customers value quality and the firm's conduct, *personalising* customers
  want recognition and conversation, *convenience* customers pay for speed and service.
* The persona sets **expectations** E for five attributes (quality, service, delivery, price,
  after-sales) and how **important** each attribute is. The firm delivers a fixed level on each
  attribute; each customer **perceives** it with individual noise, P.
* Base satisfaction is ``7.3 + 0.9 · Σ w_a (P_a − E_a)`` on a 1–10 scale (expectation–
  disconfirmation), before any complaint.
* **Loyalty** is a steep logistic function of satisfaction, ``1 / (1 + exp(−1.6 (S − 8.2)))``:
  below about 7 extra satisfaction buys almost no loyalty (the satisfaction trap); only highly
  satisfied customers are markedly loyal.
* Loyalty raises the purchase rate and lowers the churn hazard; complaints (see
  :mod:`.service`) move satisfaction and can trigger churn.

All numbers come from named streams keyed by (seed, block), never from the locale, so every
locale sees the same numbers.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ._arrays import pick_by_group
from ._rng import stream
from .config import ACQUISITION_CHANNELS, ATTRIBUTES, PERSONAS, SimConfig

PERSONA_SHARE = np.array([0.35, 0.15, 0.22, 0.28])

#: Expected level (1–10) of each attribute, by persona (rows) × attribute (columns).
EXPECTATION = np.array(
    [
        # quality service delivery price after_sales
        [6.0, 5.2, 6.0, 8.6, 5.2],  # economic
        [8.6, 6.6, 6.0, 6.0, 7.6],  # ethical
        [7.0, 8.6, 6.6, 5.6, 7.4],  # personalising
        [6.6, 7.0, 8.6, 5.6, 6.0],  # convenience
    ]
)
#: Importance weights (sum to 1 per persona).
IMPORTANCE = np.array(
    [
        [0.20, 0.10, 0.15, 0.45, 0.10],
        [0.35, 0.15, 0.10, 0.10, 0.30],
        [0.20, 0.40, 0.10, 0.10, 0.20],
        [0.15, 0.20, 0.45, 0.05, 0.15],
    ]
)
#: What the firm delivers on each attribute, on the same 1–10 scale.
FIRM_LEVEL = np.array([7.6, 7.1, 7.3, 6.8, 6.5])

#: Orders per year of an average customer of each persona while active.
PURCHASE_RATE = np.array([8.0, 6.0, 7.0, 12.0])
#: Regularity of purchase gaps (gamma shape): 1 is memoryless, larger is more regular.
RHYTHM = np.array([1.3, 2.0, 1.6, 3.0])
#: Median basket (currency units) by persona.
BASKET = np.array([38.0, 85.0, 110.0, 62.0])
#: Yearly churn hazard of a customer with zero loyalty, by persona.
HAZARD = np.array([0.70, 0.40, 0.50, 0.55])

ACQUISITION_SHARE = np.array(
    [
        # search social referral store marketplace direct_mail
        [0.25, 0.15, 0.05, 0.10, 0.40, 0.05],
        [0.15, 0.10, 0.35, 0.25, 0.05, 0.10],
        [0.10, 0.25, 0.25, 0.30, 0.05, 0.05],
        [0.35, 0.20, 0.10, 0.05, 0.25, 0.05],
    ]
)
assert ACQUISITION_SHARE.shape[1] == len(ACQUISITION_CHANNELS)
assert EXPECTATION.shape == (len(PERSONAS), len(ATTRIBUTES))

EDUCATION = ("secondary", "vocational", "bachelor", "master", "doctorate")
OCCUPATION = ("employee", "manager", "professional", "self_employed", "student", "retired", "other")
MARITAL = ("single", "married", "divorced", "widowed")


def _poisson_cdf(mean: float, k: int = 15) -> np.ndarray:
    terms = [np.exp(-mean)]
    for i in range(1, k):
        terms.append(terms[-1] * mean / i)
    return np.cumsum(terms)


#: Cumulative Poisson probabilities for the extra household members of couples and singles.
_POISSON_09, _POISSON_04 = _poisson_cdf(0.9), _poisson_cdf(0.4)


def loyalty_of(satisfaction: np.ndarray) -> np.ndarray:
    """True attitudinal loyalty (0–1) as a function of satisfaction (1–10)."""
    return 1.0 / (1.0 + np.exp(-1.6 * (satisfaction - 8.2)))


@dataclasses.dataclass
class Population:
    """Arrays describing one block of customers (index = position in the block)."""

    customer_id: np.ndarray
    persona: np.ndarray  # int codes into PERSONAS
    gender: np.ndarray  # "F"/"M"
    birth_day: np.ndarray  # int days since epoch
    signup_day: np.ndarray
    first_day: np.ndarray  # first purchase
    acquisition: np.ndarray  # int codes
    education: np.ndarray
    occupation: np.ndarray
    marital: np.ndarray
    household: np.ndarray
    income: np.ndarray
    expect: np.ndarray  # (n, 5)
    perform: np.ndarray  # (n, 5)
    weight: np.ndarray  # (n, 5) importance, rows sum to 1
    sat_base: np.ndarray
    rate: np.ndarray  # orders per year at loyalty 0.5
    rhythm: np.ndarray  # gamma shape of gaps
    basket: np.ndarray  # median basket
    hazard: np.ndarray  # yearly churn hazard
    churn_day: np.ndarray  # potential churn (before complaint triggers)

    @property
    def n(self) -> int:
        return len(self.customer_id)


def draw(cfg: SimConfig, block: int) -> Population:
    """Draw the population of ``block`` under ``cfg``."""
    first_id, n = cfg.block_bounds(block)
    start = int(cfg.start64.astype("int64"))
    end = int(cfg.end64.astype("int64"))
    window = end - start

    rng = stream(cfg.seed, "population.core", block)
    persona = rng.choice(len(PERSONAS), size=n, p=PERSONA_SHARE)
    gender = np.where(rng.random(n) < 0.52, "F", "M")
    age_years = np.clip(rng.normal(41, 13, n), 18, 82)
    birth_day = end - (age_years * 365.25).astype(np.int64) - rng.integers(0, 365, n)

    # A third of the customers were already with the firm when the window opens.
    existing = rng.random(n) < 0.35
    signup = np.where(
        existing,
        start - rng.integers(30, 5 * 365, n),
        # New customers arrive at a rate that grows by half over the window.
        start + (np.sqrt(rng.random(n) * 0.8 + 0.01) / np.sqrt(0.81) * window).astype(np.int64),
    )
    signup = np.minimum(signup, end - 1)
    first_day = np.where(existing, start + rng.integers(0, 60, n), signup + rng.integers(0, 8, n))
    first_day = np.minimum(first_day, end)

    acquisition = pick_by_group(rng, ACQUISITION_SHARE, persona)

    demo = stream(cfg.seed, "population.demographics", block)
    edu_p = np.array([0.25, 0.22, 0.38, 0.12, 0.03])
    education = demo.choice(len(EDUCATION), size=n, p=edu_p)
    retired = age_years >= 62
    student = age_years < 24
    occupation = demo.choice(len(OCCUPATION), size=n, p=[0.42, 0.12, 0.2, 0.12, 0.04, 0.04, 0.06])
    occupation = np.where(retired & (demo.random(n) < 0.8), OCCUPATION.index("retired"), occupation)
    occupation = np.where(student & (demo.random(n) < 0.6), OCCUPATION.index("student"), occupation)
    married_p = np.clip((age_years - 22) / 20, 0.05, 0.75)
    u = demo.random(n)
    marital = np.where(u < married_p, 1, 0)
    marital = np.where((age_years > 35) & (demo.random(n) < 0.08), 2, marital)
    marital = np.where((age_years > 65) & (demo.random(n) < 0.15), 3, marital)
    extra = np.where(marital == 1, _POISSON_09.searchsorted(demo.random(n), side="right"), 0)
    extra = np.where(marital == 1, extra, _POISSON_04.searchsorted(demo.random(n), side="right"))
    household = np.where(marital == 1, 2, 1) + extra
    income = np.round(
        np.exp(demo.normal(np.log(42000) + 0.15 * education, 0.45, n)) * (0.6 + 0.4 * ~retired), -2
    )

    exp_rng = stream(cfg.seed, "population.experience", block)
    # One draw of standard normals (float32 is plenty for 1–10 ratings and twice as fast).
    z = exp_rng.standard_normal((3, n, 5), dtype=np.float32)
    expect = np.clip(EXPECTATION[persona] + 0.8 * z[0], 1, 10)
    shock = exp_rng.normal(0, 0.6, (n, 1))
    perform = np.clip(FIRM_LEVEL + shock + z[1], 1, 10)
    weight = IMPORTANCE[persona] * np.exp(0.22 * z[2])
    weight /= weight.sum(axis=1, keepdims=True)
    sat_base = np.clip(
        7.3 + 0.9 * (weight * (perform - expect)).sum(axis=1) + exp_rng.normal(0, 0.5, n),
        1,
        10,
    )

    beh = stream(cfg.seed, "population.behaviour", block)
    rate = PURCHASE_RATE[persona] * beh.gamma(1.1, 1 / 1.1, n) * (0.85 + 0.1 * (household - 2).clip(-1, 3))
    rate = np.clip(rate, 0.3, 60.0)
    rhythm = RHYTHM[persona] * beh.gamma(8, 1 / 8, n)
    basket = BASKET[persona] * np.exp(beh.normal(0, 0.75, n)) * (1 + 0.08 * (household - 2).clip(-1, 4))
    hazard = HAZARD[persona] * np.exp(-2.4 * loyalty_of(sat_base)) * beh.gamma(4, 1 / 4, n)
    # Churn is memoryless: customers present at the window's start are survivors, and their
    # remaining lifetime starts there.
    life = beh.exponential(1.0, n) / hazard * 365.25
    churn_day = np.maximum(first_day, start) + life.astype(np.int64) + 1

    return Population(
        customer_id=np.arange(first_id, first_id + n, dtype=np.int64),
        persona=persona,
        gender=gender,
        birth_day=birth_day.astype(np.int64),
        signup_day=signup.astype(np.int64),
        first_day=first_day.astype(np.int64),
        acquisition=acquisition,
        education=education,
        occupation=occupation,
        marital=marital,
        household=household.astype(np.int64),
        income=income,
        expect=expect,
        perform=perform,
        weight=weight,
        sat_base=sat_base,
        rate=rate,
        rhythm=rhythm,
        basket=basket,
        hazard=hazard,
        churn_day=churn_day.astype(np.int64),
    )
