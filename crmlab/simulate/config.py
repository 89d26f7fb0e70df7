"""Parameters of a simulation run and the vocabulary the model uses.

Codes in the data (personas, channels, categories …) are stable English identifiers so that
code written for one locale runs on every locale; their display labels live in
:mod:`crmlab.i18n`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from .._checks import check_choice, check_date, check_int
from ..errors import ParameterError
from ..i18n import _

LOCALES = ("en_US", "zh_CN")

#: Customers simulated per block: the unit of streaming and of random-stream keys.
BLOCK_SIZE = 50_000
MAX_CUSTOMERS = 10_000_000

PERSONAS = ("economic", "ethical", "personalising", "convenience")
ATTRIBUTES = ("quality", "service", "delivery", "price", "after_sales")
ORDER_CHANNELS = ("store", "web", "app", "phone")
CATEGORIES = ("groceries", "household", "electronics", "apparel", "beauty", "home")
ACQUISITION_CHANNELS = ("search", "social", "referral", "store", "marketplace", "direct_mail")
TIERS = ("none", "silver", "gold", "platinum")
STAGES = ("establishment", "development", "maintenance", "recovery", "churned")
COMPLAINT_CATEGORIES = ("product_quality", "staff_attitude", "delivery", "billing", "after_sales")
COMPLAINT_CHANNELS = ("phone", "email", "app", "store", "social_media")
COMPLAINT_STEPS = (
    "record",
    "judge_validity",
    "route",
    "analyse_cause",
    "propose_fix",
    "approve",
    "carry_out",
    "review",
)
RESOLUTIONS = ("refund", "replacement", "repair", "apology", "compensation", "rejected", "unresolved")
SURVEY_METHODS = ("on_site", "phone", "mail", "online")
CAMPAIGN_CHANNELS = ("direct_mail", "email", "sms")


#: Default number of business accounts: one per this many customers …
CUSTOMERS_PER_ACCOUNT = 25
#: … but at least this many.
MIN_ACCOUNTS = 20


@dataclasses.dataclass(frozen=True)
class SimConfig:
    """Validated parameters of one simulation run (see :func:`crmlab.generate`).

    Its defaults are *the* defaults of the simulation — of :func:`crmlab.generate`,
    :func:`make_config`, ``crmlab generate`` and the bundled data (:data:`DEFAULTS`).
    """

    customers: int = 5000
    seed: int = 0
    locale: str = "en_US"
    start: dt.date = dt.date(2023, 1, 1)
    end: dt.date = dt.date(2025, 12, 31)
    accounts: int | None = None

    @property
    def n_accounts(self) -> int:
        return self.accounts if self.accounts is not None else max(MIN_ACCOUNTS, self.customers // CUSTOMERS_PER_ACCOUNT)

    @property
    def start64(self):
        import numpy as np

        return np.datetime64(self.start, "D")

    @property
    def end64(self):
        import numpy as np

        return np.datetime64(self.end, "D")

    @property
    def n_blocks(self) -> int:
        return -(-self.customers // BLOCK_SIZE)

    def block_bounds(self, block: int) -> tuple[int, int]:
        """First customer id and number of customers of ``block``."""
        first = block * BLOCK_SIZE
        return first + 1, min(BLOCK_SIZE, self.customers - first)

    def as_dict(self) -> dict:
        return {
            "customers": self.customers,
            "seed": self.seed,
            "locale": self.locale,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "accounts": self.n_accounts,
        }


#: The simulation's defaults: the one place they are written.
DEFAULTS = SimConfig()


def fill_defaults(text: str | None) -> str | None:
    """``text`` with the defaults of :data:`DEFAULTS` in place of ``{customers}``, ``{seed}``,
    ``{locale}``, ``{start}``, ``{end}``, ``{per_account}`` and ``{min_accounts}`` (for
    docstrings, so that they say what the code does)."""
    if text is None:  # docstrings are None under python -OO
        return None
    fields = {
        "customers": f"{DEFAULTS.customers:,}" if "{customers:," in text else str(DEFAULTS.customers),
        "seed": str(DEFAULTS.seed),
        "locale": DEFAULTS.locale,
        "start": DEFAULTS.start.isoformat(),
        "end": DEFAULTS.end.isoformat(),
        "per_account": str(CUSTOMERS_PER_ACCOUNT),
        "min_accounts": str(MIN_ACCOUNTS),
    }
    for key, value in fields.items():
        text = text.replace("{" + key + ":,}", value).replace("{" + key + "}", value)
    return text


def make_config(
    customers: object = DEFAULTS.customers,
    seed: object = DEFAULTS.seed,
    locale: object = DEFAULTS.locale,
    start: object = DEFAULTS.start.isoformat(),
    end: object = DEFAULTS.end.isoformat(),
    accounts: object = DEFAULTS.accounts,
) -> SimConfig:
    """Check every parameter and return a :class:`SimConfig` (defaults: :data:`DEFAULTS`)."""
    customers = check_int("customers", customers, low=1, high=MAX_CUSTOMERS)
    seed = check_int("seed", seed, low=0, high=2**63 - 1)
    check_choice("locale", locale, LOCALES)
    start_d = check_date("start", start)
    end_d = check_date("end", end)
    days = (end_d - start_d).days
    if days < 365:
        raise ParameterError(
            _(
                "`end` must be at least 365 days after `start` ({start}), but {end} was passed ({days:,} "
                "days)."
            ).format(start=start_d, end=end_d, days=days)
        )
    if days > 20 * 366:
        raise ParameterError(
            _("`end` must be at most 20 years after `start` ({start}), but {end} was passed.").format(
                start=start_d, end=end_d
            )
        )
    if accounts is not None:
        accounts = check_int("accounts", accounts, low=1, high=MAX_CUSTOMERS // 10)
    return SimConfig(customers, seed, str(locale), start_d, end_d, accounts)
