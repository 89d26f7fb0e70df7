"""One block of customers, simulated end to end.

A block is the unit of streaming: its numbers depend only on (seed, block number) and the run's
window, so a million customers can be written block by block with bounded memory. Running ids
(orders, surveys, complaints, campaign contacts, archive records) continue from the previous
block through :class:`Counters`.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pandas as pd

from . import campaigns, lines, orders, service, surveys
from ._arrays import NO_DAY, as_dates, labels
from ._rng import stream
from .config import ACQUISITION_CHANNELS, PERSONAS, STAGES, TIERS, SimConfig
from .population import EDUCATION, MARITAL, OCCUPATION, draw, loyalty_of

#: Share of each persona that joins the membership programme.
JOIN_SHARE = np.array([0.45, 0.6, 0.8, 0.6])
#: Spend in the last 365 days that earns the gold and platinum tiers.
GOLD, PLATINUM = 600.0, 1500.0


@dataclasses.dataclass
class Counters:
    """Next free id of each running sequence."""

    order: int = 1
    survey: int = 1
    complaint: int = 1
    contact: int = 1
    record: int = 1

    def advance(self, tables: dict[str, pd.DataFrame]) -> None:
        self.order += len(tables["orders"])
        self.survey += len(tables["surveys"])
        self.complaint += len(tables["complaints"])
        self.contact += len(tables["campaigns"])
        self.record += len(tables["archive"])


class _Clock:
    """Adds the seconds spent in each stage to ``timer`` (a dict), if one is given."""

    def __init__(self, timer: dict[str, float] | None):
        self.timer = timer
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timer is not None:
            self.timer[stage] = self.timer.get(stage, 0.0) + now - self.last
        self.last = now


def customer_table(cfg: SimConfig, block: int, pop, tier: np.ndarray) -> pd.DataFrame:
    """The visible ``customers`` table of a block: identities plus profile fields."""
    from . import identity

    people = identity.people(
        stream(cfg.seed, "identity", block), cfg.locale, pop.gender, pop.birth_day.astype("datetime64[D]")
    )
    return pd.DataFrame(
        {
            "customer_id": pop.customer_id,
            "name": people["name"],
            "gender": labels((pop.gender == "M").astype(np.int64), ("F", "M")),
            "birth_date": as_dates(pop.birth_day),
            **{col: people[col] for col in ("phone", "email", "province", "city", "address", "postcode", "id_number")},
            "education": labels(pop.education, EDUCATION),
            "occupation": labels(pop.occupation, OCCUPATION),
            "marital_status": labels(pop.marital, MARITAL),
            "household_size": pop.household,
            "income": pop.income,
            "signup_date": as_dates(pop.signup_day),
            "acquisition_channel": labels(pop.acquisition, ACQUISITION_CHANNELS),
            "membership_tier": labels(tier, TIERS),
        }
    )


def simulate_block(
    cfg: SimConfig, block: int, ids: Counters, timer: dict[str, float] | None = None
) -> dict[str, pd.DataFrame]:
    """Every customer-side table of ``block``; ids start from ``ids`` (which is not changed).

    ``timer``, if given, receives the seconds spent per stage (for benchmarks).
    """
    from . import archive as archive_mod

    clock = _Clock(timer)
    end = int(cfg.end64.astype("int64"))
    pop = draw(cfg, block)
    clock.lap("customers")
    svc = service.simulate(cfg, block, pop, ids.complaint)
    sat_final = service.satisfaction_at(pop, svc, np.full(pop.n, end))
    loyalty = loyalty_of(sat_final)
    clock.lap("complaints")
    buys = orders.simulate(cfg, block, pop, loyalty, svc.churn_day, ids.order)
    clock.lap("orders")
    basket = lines.order_lines(cfg.seed, block, buys.orders)
    clock.lap("order_lines")
    survey_table, _ = surveys.simulate(cfg, block, pop, svc, ids.survey)
    clock.lap("surveys")
    contacts = campaigns.simulate(cfg, block, pop, svc.churn_day, buys.owner, buys.day, ids.contact)
    clock.lap("campaigns")

    # Membership tier from the last year's spend (returns excluded).
    recent = buys.day > end - 365
    kept = ~buys.orders["returned"].to_numpy()
    spend = np.bincount(buys.owner[recent & kept], weights=buys.amount[recent & kept], minlength=pop.n)
    joined = stream(cfg.seed, "membership", block).random(pop.n) < JOIN_SHARE[pop.persona]
    tier = np.where(~joined, 0, np.where(spend >= PLATINUM, 3, np.where(spend >= GOLD, 2, 1)))

    customers = customer_table(cfg, block, pop, tier)
    clock.lap("customers")

    archive, truth_archive = archive_mod.archive(
        stream(cfg.seed, "archive", block), cfg.locale, customers, first_record_id=ids.record,
        end=cfg.end64,
    )
    clock.lap("archive")

    churned = svc.churn_day <= end
    tenure = end - pop.first_day
    recovering = ~churned & (svc.bad_day > end - 180)
    stage = np.select(
        [churned, recovering, tenure < 180, tenure < 540],
        [STAGES.index(s) for s in ("churned", "recovery", "establishment", "development")],
        default=STAGES.index("maintenance"),
    )
    hazard_final = pop.hazard * np.exp(-2.4 * (loyalty - loyalty_of(pop.sat_base)))
    mov = orders.mean_order_value(pop)
    survive = (1 - np.exp(-hazard_final)) / hazard_final
    expected = np.where(churned, 0.0, buys.effective_rate * mov * survive)
    truth = pd.DataFrame(
        {
            "customer_id": pop.customer_id,
            "persona": labels(pop.persona, PERSONAS),
            "satisfaction": np.round(sat_final, 3),
            "loyalty": np.round(loyalty, 4),
            "churned": churned,
            "churn_date": as_dates(np.where(churned, svc.churn_day, NO_DAY)),
            "lifecycle_stage": labels(stage, STAGES),
            "purchase_rate": np.round(buys.effective_rate, 4),
            "purchase_rhythm": np.round(pop.rhythm, 4),
            "mean_order_value": np.round(mov, 2),
            "next_purchase_date": as_dates(buys.next_day),
            "expected_value_12m": np.round(expected, 2),
            "future_value_12m": buys.future_value,
        }
    )
    clock.lap("truth")
    return {
        "customers": customers,
        "orders": buys.orders,
        "order_lines": basket,
        "surveys": survey_table,
        "complaints": svc.complaints,
        "complaint_steps": svc.steps,
        "campaigns": contacts,
        "archive": archive,
        "truth_customers": truth,
        "truth_archive": truth_archive,
    }
