"""Satisfaction survey responses.

About a third of the customers answer one survey at a random date during their active life
(more loyal customers answer a little more often). Answers are noisy readings of the latent
model at that date: expectation and perceived performance per attribute, importance, three
overall-satisfaction items (overall, against expectation, against an ideal — the ACSI triple),
product and service satisfaction, likelihood to recommend (0–10), repurchase intention, and the
courseware's loyalty-attitude items.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._arrays import as_dates, labels
from ._rng import stream
from .config import ATTRIBUTES, SURVEY_METHODS, SimConfig
from .population import Population, loyalty_of
from .service import ServiceOutcome, satisfaction_at

#: Typical price sensitivity (1–10) by persona.
PRICE_SENSITIVITY = np.array([8.0, 4.5, 4.0, 5.0])


def _scale(values: np.ndarray, low: int, high: int) -> np.ndarray:
    return np.clip(np.round(values), low, high).astype(np.int64)


def simulate(
    cfg: SimConfig, block: int, pop: Population, svc: ServiceOutcome, first_id: int
) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the survey table and, per customer, the day they answered (``-1`` if never)."""
    rng = stream(cfg.seed, "surveys", block)
    end = int(cfg.end64.astype("int64"))
    n = pop.n
    lo = pop.first_day + 14
    hi = np.minimum(svc.churn_day - 1, end)
    eligible = hi > lo
    answers = eligible & (rng.random(n) < 0.25 + 0.25 * loyalty_of(pop.sat_base))
    day_all = lo + (rng.random(n) * np.maximum(hi - lo, 0)).astype(np.int64)
    survey_day = np.where(answers, day_all, -1)
    sat = satisfaction_at(pop, svc, day_all)
    loy = loyalty_of(sat)

    who = np.flatnonzero(answers)
    who = who[np.argsort(day_all[who], kind="stable")]
    k = len(who)
    noise = rng.normal(0, 0.7, (n, 3 * len(ATTRIBUTES)))
    cols: dict[str, object] = {
        "survey_id": first_id + np.arange(k, dtype=np.int64),
        "customer_id": pop.customer_id[who],
        "survey_date": as_dates(day_all[who]),
        "method": labels(rng.choice(len(SURVEY_METHODS), size=n, p=[0.2, 0.2, 0.1, 0.5])[who], SURVEY_METHODS),
    }
    for j, a in enumerate(ATTRIBUTES):
        cols[f"expect_{a}"] = _scale(pop.expect[who, j] + noise[who, j], 1, 10)
    for j, a in enumerate(ATTRIBUTES):
        cols[f"perform_{a}"] = _scale(pop.perform[who, j] + noise[who, 5 + j], 1, 10)
    for j, a in enumerate(ATTRIBUTES):
        cols[f"importance_{a}"] = _scale(3 + 20 * pop.weight[who, j] + noise[who, 10 + j], 1, 10)

    s = sat[who]
    l = loy[who]
    item = rng.normal(0, 0.6, (n, 3))[who]
    cols["satisfaction_overall"] = _scale(s + item[:, 0], 1, 10)
    cols["satisfaction_vs_expectation"] = _scale(s - 0.3 + item[:, 1], 1, 10)
    cols["satisfaction_vs_ideal"] = _scale(s - 0.8 + item[:, 2], 1, 10)
    product = (pop.weight[:, [0, 3]] * (pop.perform - pop.expect)[:, [0, 3]]).sum(axis=1)
    service = (pop.weight[:, [1, 2, 4]] * (pop.perform - pop.expect)[:, [1, 2, 4]]).sum(axis=1)
    extra = rng.normal(0, 0.7, (n, 8))[who]
    cols["product_satisfaction"] = _scale(s + 1.2 * product[who] + extra[:, 0], 1, 10)
    cols["service_satisfaction"] = _scale(s + 1.2 * service[who] + extra[:, 1], 1, 10)
    cols["recommend"] = _scale(1.15 * s - 1.3 + 1.3 * extra[:, 2], 0, 10)
    cols["repurchase_intention"] = _scale(3.0 + 7.0 * l + 1.2 * extra[:, 3], 1, 10)
    persona = pop.persona[who]
    cols["price_sensitivity"] = _scale(PRICE_SENSITIVITY[persona] + 3.0 * (0.5 - l) + 1.4 * extra[:, 4], 1, 10)
    cols["competitor_attitude"] = _scale(6.5 - 4.5 * l + 1.6 * extra[:, 5], 1, 10)
    cols["defect_tolerance"] = _scale(3.0 + 5.0 * l + 1.6 * extra[:, 6], 1, 10)
    cols["choice_minutes"] = np.round(np.exp(np.log(25) - 1.1 * l + 0.55 * extra[:, 7]), 1)
    return pd.DataFrame(cols), survey_day
