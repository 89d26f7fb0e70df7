"""Complaints and how the firm handles them.

* A customer complains at a yearly rate ``0.02 + 0.06 × shortfall``, where the shortfall is
  the total by which perceived performance falls short of expectation over the five attributes.
  The complaint's category is the attribute that disappoints most (with some noise); a bigger
  shortfall makes it more severe.
* Each complaint goes through the courseware's handling process: record → judge validity →
  route → analyse cause → propose a fix → approve → carry out → review. About one in eight is
  judged invalid and rejected; valid ones can stall at any step and stay unresolved.
* The customer's satisfaction with the resolution falls with the days it took and with
  severity. A well-handled complaint (resolution satisfaction ≥ 8) lifts satisfaction slightly
  (service recovery); a badly handled one (≤ 4, rejected or unresolved) lowers it by 1.2 points
  and triggers churn with probability 0.45 (0.65 when severe) within about a month.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ._arrays import NO_DAY, as_dates, labels, pick, rank_in_group
from ._rng import stream
from .config import (
    COMPLAINT_CATEGORIES,
    COMPLAINT_CHANNELS,
    COMPLAINT_STEPS,
    RESOLUTIONS,
    SimConfig,
)
from .population import Population

_CATEGORY_CHANNEL = np.array([0.35, 0.20, 0.20, 0.15, 0.10])
#: Mean days each step takes (record … review).
_STEP_DAYS = np.array([0.2, 1.0, 1.0, 3.0, 2.0, 2.0, 4.0, 3.0])
#: Resolutions offered for a valid complaint, by category (refund, replacement, repair, apology,
#: compensation).
_RESOLUTION_BY_CATEGORY = np.array(
    [
        [0.30, 0.40, 0.30, 0.00, 0.00],  # product_quality
        [0.00, 0.00, 0.00, 0.70, 0.30],  # staff_attitude
        [0.30, 0.00, 0.00, 0.30, 0.40],  # delivery
        [0.70, 0.00, 0.00, 0.00, 0.30],  # billing
        [0.10, 0.30, 0.60, 0.00, 0.00],  # after_sales
    ]
)
EFFECT_GOOD, EFFECT_FAIR, EFFECT_BAD = 0.25, -0.3, -1.2


@dataclasses.dataclass
class ServiceOutcome:
    complaints: pd.DataFrame
    steps: pd.DataFrame
    churn_day: np.ndarray  # per customer, after complaint-triggered churn
    effect_owner: np.ndarray  # position in block of each satisfaction effect
    effect_day: np.ndarray
    effect: np.ndarray
    bad_day: np.ndarray  # per customer: day of the last badly handled complaint (or -inf)


def simulate(cfg: SimConfig, block: int, pop: Population, first_id: int) -> ServiceOutcome:
    """Draw the complaints of one block and their consequences."""
    rng = stream(cfg.seed, "service", block)
    end = int(cfg.end64.astype("int64"))
    n = pop.n
    gap = np.maximum(pop.expect - pop.perform, 0.0)
    shortfall = gap.sum(axis=1)
    active_end = np.minimum(pop.churn_day, end + 1)
    span = np.maximum(active_end - pop.first_day, 0)
    rate = 0.02 + 0.06 * shortfall
    counts = rng.poisson(rate * span / 365.25)
    owner = np.repeat(np.arange(n), counts)
    opened = pop.first_day[owner] + (rng.random(len(owner)) * span[owner]).astype(np.int64)
    order = np.lexsort((opened, owner))
    owner, opened = owner[order], opened[order]
    m = len(owner)

    category = pick(rng, gap[owner] + 0.15)
    severity_score = gap[owner, category] + rng.normal(0, 1.0, m)
    severity = np.where(severity_score > 2.2, 2, np.where(severity_score > 0.8, 1, 0))
    channel = rng.choice(len(_CATEGORY_CHANNEL), size=m, p=_CATEGORY_CHANNEL)
    valid = rng.random(m) < np.where(severity == 2, 0.95, 0.86)

    # Step completion: day offsets from opening.
    speed = rng.gamma(3.0, 1 / 3.0, m) * (1 + 0.3 * severity)
    durations = rng.gamma(1.5, 1 / 1.5, (m, len(COMPLAINT_STEPS))) * _STEP_DAYS * speed[:, None]
    done_day = opened[:, None] + np.floor(np.cumsum(durations, axis=1)).astype(np.int64)
    stall = rng.random((m, len(COMPLAINT_STEPS))) < 0.016
    stall[:, :2] = False
    reached = np.cumprod(~stall, axis=1).astype(bool)
    reached[~valid, 2:] = False
    reached &= done_day <= end
    steps_done = reached.sum(axis=1)

    carry_out = COMPLAINT_STEPS.index("carry_out")
    resolved = reached[:, carry_out]
    rejected = ~valid & reached[:, 1]
    closed_day = np.where(resolved, done_day[:, carry_out], np.where(rejected, done_day[:, 1], -1))
    days_taken = np.where(closed_day >= 0, closed_day - opened, 0)
    res_latent = np.where(
        resolved,
        8.8 - 0.12 * days_taken - 0.8 * (severity == 2) + rng.normal(0, 1.4, m),
        np.where(rejected, 3.0 + rng.normal(0, 1.5, m), np.nan),
    )
    res_sat = np.clip(np.round(res_latent), 1, 10)
    answered = rng.random(m) < 0.9

    kind = pick(rng, _RESOLUTION_BY_CATEGORY[category])
    resolution = np.where(resolved, kind, np.where(rejected, 5, 6))

    # Consequences for satisfaction and churn.
    good = resolved & (res_sat >= 8)
    bad = ~good & ~(resolved & (res_sat >= 5))
    effect = np.where(good, EFFECT_GOOD, np.where(bad, EFFECT_BAD, EFFECT_FAIR))
    effect_day = np.where(closed_day >= 0, closed_day, opened + 30)
    trigger = bad & (rng.random(m) < np.where(severity == 2, 0.65, 0.45))
    trigger_day = np.where(trigger, effect_day + 1 + rng.exponential(30.0, m).astype(np.int64), np.iinfo(np.int64).max)
    churn_day = pop.churn_day.copy()
    np.minimum.at(churn_day, owner, trigger_day)
    keep = opened < churn_day[owner]

    bad_day = np.full(n, NO_DAY)
    np.maximum.at(bad_day, owner[keep & bad], effect_day[keep & bad])

    ids = first_id + np.arange(int(keep.sum()), dtype=np.int64)
    k_owner = owner[keep]

    complaints = pd.DataFrame(
        {
            "complaint_id": ids,
            "customer_id": pop.customer_id[k_owner],
            "opened_date": as_dates(opened[keep]),
            "resolved_date": as_dates(np.where(resolved, done_day[:, carry_out], NO_DAY)[keep]),
            "category": _codes(category[keep], "complaint_category"),
            "channel": _codes(channel[keep], "complaint_channel"),
            "severity": _codes(severity[keep], "severity"),
            "valid": valid[keep],
            "resolution": _codes(resolution[keep], "resolution"),
            "resolution_satisfaction": pd.array(
                np.where(answered & ~np.isnan(res_sat), res_sat, np.nan)[keep], dtype="Int64"
            ),
            "steps_completed": steps_done[keep].astype(np.int64),
        }
    )

    k_reached = reached[keep]
    per = k_reached.sum(axis=1)
    step_no = rank_in_group(per)
    rows = np.repeat(np.arange(len(ids)), per)
    steps = pd.DataFrame(
        {
            "complaint_id": ids[rows],
            "step_no": (step_no + 1).astype(np.int64),
            "step": _codes(step_no, "step"),
            "completed_date": as_dates(done_day[keep][rows, step_no]),
        }
    )
    return ServiceOutcome(
        complaints=complaints,
        steps=steps,
        churn_day=churn_day,
        effect_owner=k_owner,
        effect_day=effect_day[keep],
        effect=effect[keep],
        bad_day=bad_day,
    )


def satisfaction_at(pop: Population, svc: ServiceOutcome, day: np.ndarray) -> np.ndarray:
    """Each customer's satisfaction on ``day`` (per customer): base plus complaint effects so far."""
    counted = svc.effect_day <= day[svc.effect_owner]
    shift = np.bincount(svc.effect_owner[counted], weights=svc.effect[counted], minlength=pop.n)
    return np.clip(pop.sat_base + shift, 1, 10)


_LABELS = {
    "complaint_category": COMPLAINT_CATEGORIES,
    "complaint_channel": COMPLAINT_CHANNELS,
    "severity": ("low", "medium", "high"),
    "resolution": RESOLUTIONS,
    "step": COMPLAINT_STEPS,
}


def _codes(codes: np.ndarray, kind: str) -> pd.Categorical:
    return labels(codes, _LABELS[kind])
