"""Business customers (distributors, agents, wholesalers, retailers) for the credit lesson.

The firm sells to business accounts on credit. Each account is described by observable
"5C" indicators; its hidden creditworthiness drives how it pays its invoices.

Causal story (also told in the data card)
-----------------------------------------
1. **Firm profile.** Account type sets the size: ``z = TYPE_SIZE[type] + 0.25 (ln Y − ln 9)
   + N(0, 1)`` where ``Y`` is ``years_trading``; ``employees = round(exp(3.2 + z))``.
   Revenue per employee is the industry norm times ``exp(0.35 κ)`` with ``κ ~ N(0, 1)``
   (capacity); ``annual_revenue = employees × revenue per employee`` (log-normal, heavy
   tail). Total assets are ``revenue × LN(ln 0.6, 0.3²)``; the equity ratio is
   ``sigmoid(−0.3 + N(0, 1))`` and splits assets into ``equity`` and ``total_debt``.
   ``management_rating = clip(round(3 + 0.3 (ln Y − ln 9) + N(0, 1)), 1, 5)``;
   ``industry_outlook = clip(round(INDUSTRY_OUTLOOK[industry] + N(0, 0.7²)), 1, 5)`` with
   industry bases electronics 3.6, building_materials 2.2, food 3.8, textiles 2.6,
   machinery 3.0. Terms are 60 days with probability ``sigmoid(−0.6 + 0.8 z)`` (bigger
   accounts), else 30; the sales rep is drawn uniformly from the team.
2. **Relationship.** The relationship length ``L`` (years, at ``end``) is
   ``LN(ln 3, 0.9²)`` clipped to 45 days … 30 years, ``since = end − L`` and
   ``years_trading = L + min(LN(ln 5, 0.8²), 60)`` rounded up to 0.1 year.
   The share of the account's purchases placed with us is
   ``sigmoid(−1.0 + 0.8 ln L + N(0, 0.8²))``; ``loyalty`` is "high" (share ≥ 0.6),
   "medium" (≥ 0.35) or "low". Expected annual invoiced volume is
   ``V = 0.6 × annual_revenue × share``.
3. **Collateral.** With probability ``sigmoid(−0.4 + 0.5 z)`` the account pledged
   collateral worth ``V × LN(ln 0.35, 0.8²)``; otherwise ``collateral_value = 0`` (about
   60 % of accounts).
4. **The 5C and the latent risk.** Each C is standardised (mean 0, sd ≈ 1, higher is
   better) from the observable columns with fixed population constants (so a block's values
   never depend on the other accounts in it):

   * character  ``C1 = (0.6 (management_rating − 3) + 0.4 (ln Y − ln 9) / 0.8 − 0.023) / 0.734``
   * capacity   ``C2 = ln(annual_revenue / employees / INDUSTRY_RPE[industry]) / 0.35``
   * capital    ``C3 = logit(equity / (equity + total_debt)) + 0.3``
   * collateral ``C4 = (sqrt(min(collateral_value / V, 1)) − 0.254) / 0.334``
   * conditions ``C5 = (industry_outlook − 3.085) / 0.957``

   ``S = 0.25 C1 + 0.20 C2 + 0.25 C3 + 0.10 C4 + 0.20 C5 + N(0, 0.30²)`` is the latent
   creditworthiness (sd ≈ 0.55) and ``risk_score = sigmoid(−0.46 − 2.2 S)`` (0–1, higher is
   riskier). ``true_grade`` is A if risk < 0.25, B if < 0.5, C if < 0.75, else D (mix about
   30 / 35 / 25 / 10 %). The one-year default probability is
   ``default_probability = sigmoid(−6.0 + 6.5 risk)`` (mean 0.7 % for A, 3 % for B, 13 % for C,
   36 % for D).
5. **Default.** Time to default is exponential with yearly hazard ``−ln(1 − PD)`` counted
   from the first day the account is active in the window, ``max(start, since)``;
   ``defaulted`` if it falls on or before ``end`` (over 2023–2025 about 2 % of A, 7 % of B,
   26 % of C and 55 % of D accounts). The firm keeps invoicing a defaulted account for 30
   days after ``default_date``; the account pays nothing after it.
6. **Invoices and payments.** Roughly monthly invoices (every 30.44 days ± 3) from
   ``max(start, since)`` (first one within 30 days), ``amount = V / 12 × LN(−0.045, 0.3²)``,
   ``due_date = invoice_date + payment_terms_days``. Days paid after the due date are
   ``round(Gamma(1.2, mean = (1 + 55 risk²) × h)) − E`` where ``h ~ LN(0, 0.3²)`` is the
   account's habit and ``E ~ U{1..10}`` early days with probability ``0.5 (1 − risk)``
   (never before the invoice date). An invoice is
   never paid with probability ``0.003 + 0.25 risk³`` and only partly paid (20–90 %) with
   probability ``0.25 risk⁴``. Payments falling after ``end`` (or after ``default_date``)
   are not recorded: ``paid_date`` is NaT and ``paid_amount`` 0.
7. **Contacts.** ``3 + Binomial(4, sigmoid(0.9 (z − 0.3)))`` people per account: a buyer, a
   decider, then user, influencer, approver and gatekeeper in random order (a 7th contact is
   another user or influencer), listed in random order; gender F with probability 0.45.

Hence the collection rate (paid / invoiced amount over invoices due by ``end``) falls and the
average overdue days rise with the true risk, and a 5C score built from the observable columns
ranks accounts by risk far above chance.

Streams and ids
---------------
Numbers come from ``stream(seed, "accounts.firm" | "accounts.risk" | "accounts.contacts" |
"accounts.invoices", block)``; identity strings (company, place, person names, phones, e-mails)
from ``stream(seed, "accounts.identity", block)``. The sales team is a pool of
:data:`N_SALES_REPS` people shared by all blocks: genders from
``stream(seed, "accounts.sales_reps", 0)``, names from
``stream(seed, "accounts.sales_reps.identity", 0)``. Switching locale therefore changes only
the identity strings (``company``, ``province``, ``city``, ``sales_rep``, contact ``name``,
``phone``, ``email``); job titles and all codes are English in every locale.

``account_id`` runs ``first_id … first_id + n − 1``; ``contact_id = account_id × 10 + k``
(k = 1…7) and ``invoice_id = account_id × 1000 + s`` (s = 1, 2, … the invoice's sequence
number; at most 999 invoices per account, which the 79-year window limit guarantees), so
ids are unique across blocks without knowing other blocks' sizes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_choice, check_date, check_int
from ..errors import ParameterError
from ..i18n import N_, _
from ._arrays import NO_DAY, as_dates, rank_in_group
from ._rng import stream
from .config import DEFAULTS, LOCALES, fill_defaults

__all__ = ["accounts_block", "SCHEMA", "ACCOUNT_TYPES", "INDUSTRIES", "ROLES", "GRADES", "LOYALTY"]

ACCOUNT_TYPES = ("distributor", "agent", "wholesaler", "retailer")
TYPE_SHARE = np.array([0.20, 0.15, 0.25, 0.40])
#: Mean of the log-size driver z by account type.
TYPE_SIZE = np.array([0.8, -0.2, 0.3, -0.5])

INDUSTRIES = ("electronics", "building_materials", "food", "textiles", "machinery")
INDUSTRY_SHARE = np.array([0.22, 0.20, 0.22, 0.16, 0.20])
#: Base industry outlook (conditions, 1–5 scale); accounts see it with noise.
INDUSTRY_OUTLOOK = np.array([3.6, 2.2, 3.8, 2.6, 3.0])
#: Norm of annual revenue per employee (currency units) by industry.
INDUSTRY_RPE = np.array([1.2e6, 0.9e6, 0.8e6, 0.6e6, 1.0e6])

LOYALTY = ("high", "medium", "low")
ROLES = ("user", "influencer", "decider", "approver", "buyer", "gatekeeper")
TITLES = {
    "user": ("Warehouse Manager", "Store Manager", "Sales Supervisor", "Technician"),
    "influencer": ("Product Engineer", "Quality Manager", "Marketing Manager", "Consultant"),
    "decider": ("General Manager", "Owner", "Managing Director"),
    "approver": ("Finance Director", "Chief Financial Officer", "Deputy General Manager"),
    "buyer": ("Purchasing Manager", "Procurement Officer", "Buyer"),
    "gatekeeper": ("Office Manager", "Receptionist", "Executive Assistant"),
}

GRADES = ("A", "B", "C", "D")
#: Upper risk_score bounds of grades A, B, C (D above).
GRADE_THRESHOLDS = (0.25, 0.50, 0.75)
#: Weights of character, capacity, capital, collateral, conditions in the latent index.
FIVE_C_WEIGHTS = np.array([0.25, 0.20, 0.25, 0.10, 0.20])
LATENT_NOISE = 0.30
# Population constants standardising the 5C (calibrated once on 200,000 simulated accounts).
_CHAR_MEAN, _CHAR_SD = 0.023, 0.734
_COLL_MEAN, _COLL_SD = 0.254, 0.334
_COND_MEAN, _COND_SD = 3.085, 0.957
#: risk_score = sigmoid(RISK_A − RISK_K · S).
RISK_A, RISK_K = -0.46, 2.2

N_SALES_REPS = 12
INVOICE_INTERVAL = 30.44
DEFAULT_GRACE_DAYS = 30
_MAX_WINDOW_DAYS = 29_000  # keeps invoices per account below 1000
_MAX_ACCOUNT_ID = 9_000_000_000_000_000 // 1000


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _days(value: object, name: str) -> int:
    return int(np.datetime64(check_date(name, value), "D").astype(np.int64))


def _to_dt(days: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """Day numbers as ``datetime64[s]``; NaT where ``valid`` is False."""
    return as_dates(days if valid is None else np.where(valid, days, NO_DAY))


def _five_c(
    management_rating: np.ndarray,
    years_trading: np.ndarray,
    revenue_per_employee_ratio: np.ndarray,
    equity_ratio: np.ndarray,
    coverage: np.ndarray,
    outlook: np.ndarray,
) -> np.ndarray:
    """The five standardised C components (n, 5), higher is more creditworthy."""
    char = 0.6 * (management_rating - 3.0) + 0.4 * (np.log(years_trading) - np.log(9.0)) / 0.8
    er = np.clip(equity_ratio, 1e-4, 1 - 1e-4)
    return np.column_stack(
        [
            (char - _CHAR_MEAN) / _CHAR_SD,
            np.log(revenue_per_employee_ratio) / 0.35,
            (np.log(er / (1 - er)) + 0.3) / 1.0,
            (np.sqrt(np.clip(coverage, 0.0, 1.0)) - _COLL_MEAN) / _COLL_SD,
            (outlook - _COND_MEAN) / _COND_SD,
        ]
    )


def _sales_team(seed: int, locale: str) -> np.ndarray:
    """Names of the sales reps (the same pool for every block of a run)."""
    from . import identity

    gender = np.where(stream(seed, "accounts.sales_reps", 0).random(N_SALES_REPS) < 0.45, "F", "M")
    names = identity.person_names(stream(seed, "accounts.sales_reps.identity", 0), locale, gender)
    return np.asarray(names, dtype=object)


def accounts_block(
    seed: int,
    locale: str,
    block: int,
    first_id: int,
    n: int,
    start: np.datetime64 = DEFAULTS.start64,
    end: np.datetime64 = DEFAULTS.end64,
) -> dict[str, pd.DataFrame]:
    """Simulate one block of business accounts, their contacts, invoices and hidden truth.

    Parameters
    ----------
    seed : int
        Seed of the run (≥ 0).
    locale : str
        One of :data:`crmlab.simulate.config.LOCALES`; changes only identity strings
        (company, province, city, contact names, phones, e-mails, sales_rep).
    block : int
        Block number (≥ 0); a block's numbers depend only on (seed, block, n).
    first_id : int
        ``account_id`` of the first account (≥ 0).
    n : int
        Number of accounts (≥ 1).
    start, end : numpy.datetime64, datetime.date or str, optional
        Observation window (default {start} … {end}); ``end`` must be after ``start``.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``"accounts"`` (one row per account):

        * ``account_id`` (int64) – key, ``first_id … first_id + n − 1``.
        * ``company`` (str) – company name.
        * ``account_type`` (str) – "distributor", "agent", "wholesaler" or "retailer".
        * ``industry`` (str) – "electronics", "building_materials", "food", "textiles" or
          "machinery".
        * ``province``, ``city`` (str) – where the company is registered.
        * ``since`` (datetime64) – day the relationship with us started (may precede ``start``).
        * ``years_trading`` (float64) – years the company has existed at ``end`` (one decimal),
          at least the relationship length (character).
        * ``employees`` (int64) – head count (size).
        * ``annual_revenue`` (float64) – yearly sales, currency units; heavy-tailed (capacity).
        * ``equity`` (float64) – shareholders' equity, currency units (capital).
        * ``total_debt`` (float64) – liabilities, currency units (capital).
        * ``collateral_value`` (float64) – value of pledged collateral, currency units; 0 for
          the majority (collateral).
        * ``industry_outlook`` (int64) – 1–5, 5 best: outlook of the account's industry as
          assessed for this account (conditions).
        * ``management_rating`` (int64) – 1–5, 5 best: reputation of owner/management
          (character).
        * ``payment_terms_days`` (int64) – 30 or 60 days of credit granted per invoice.
        * ``loyalty`` (str) – "high", "medium" or "low": the share of the account's purchases
          placed with us (≥ 60 %, 35–60 %, < 35 %); grows with relationship length.
        * ``sales_rep`` (str) – name of the account manager.

        ``"contacts"`` (3–7 per account, bigger accounts have more):

        * ``contact_id`` (int64) – ``account_id × 10 + k``, k = 1…7.
        * ``account_id`` (int64) – the account.
        * ``name`` (str), ``gender`` (str, "F"/"M"), ``title`` (str, English job title).
        * ``role`` (str) – buying-centre role: "user", "influencer", "decider", "approver",
          "buyer" or "gatekeeper"; every account has a buyer and a decider.
        * ``phone``, ``email`` (str).

        ``"invoices"`` (roughly monthly per account, from ``max(start, since)`` up to ``end``):

        * ``invoice_id`` (int64) – ``account_id × 1000 + sequence`` (sequence 1, 2, …).
        * ``account_id`` (int64).
        * ``invoice_date`` (datetime64) – day the goods were invoiced.
        * ``due_date`` (datetime64) – ``invoice_date + payment_terms_days``.
        * ``amount`` (float64) – invoiced amount, currency units, 2 decimals.
        * ``paid_date`` (datetime64) – day of payment; NaT if not paid by ``end``.
        * ``paid_amount`` (float64) – amount paid, currency units; 0 when unpaid, below
          ``amount`` for partial payments.

        ``"truth_accounts"`` (hidden ground truth, one row per account):

        * ``account_id`` (int64).
        * ``risk_score`` (float64) – latent credit risk, 0–1, higher is riskier.
        * ``default_probability`` (float64) – one-year probability of default, 0–1.
        * ``true_grade`` (str) – "A" (risk < 0.25), "B" (< 0.5), "C" (< 0.75) or "D".
        * ``defaulted`` (bool) – the account defaulted on or before ``end``.
        * ``default_date`` (datetime64) – day of default; NaT if none.

    Raises
    ------
    crmlab.errors.ParameterError
        If a value is out of range (e.g. ``n=0``, an unknown ``locale``, ``end`` ≤ ``start``).
    crmlab.errors.ParameterTypeError
        If a number has the wrong type (e.g. ``n="5"``).
    """
    seed = check_int("seed", seed, low=0, high=2**63 - 1)
    check_choice("locale", locale, LOCALES)
    block = check_int("block", block, low=0, high=2**31 - 1)
    first_id = check_int("first_id", first_id, low=0, high=_MAX_ACCOUNT_ID)
    n = check_int("n", n, low=1, high=_MAX_ACCOUNT_ID - first_id + 1)
    t0, t1 = _days(start, "start"), _days(end, "end")
    if t1 - t0 < 60:
        raise ParameterError(
            _(
                "`end` must be at least 60 days after `start`, but start={start!s} and end={end!s} were "
                "passed."
            ).format(start=start, end=end)
        )
    if t1 - t0 > _MAX_WINDOW_DAYS:
        raise ParameterError(
            _(
                "`end` must be at most {most:,} days after `start`, but {days:,} days were passed."
            ).format(most=_MAX_WINDOW_DAYS, days=t1 - t0)
        )

    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    firm = stream(seed, "accounts.firm", block)

    # --- firm profile --------------------------------------------------------------------
    atype = np.searchsorted(np.cumsum(TYPE_SHARE), firm.random(n) * TYPE_SHARE.sum(), "right")
    ind = np.searchsorted(np.cumsum(INDUSTRY_SHARE), firm.random(n) * INDUSTRY_SHARE.sum(), "right")
    rel_years = np.clip(np.exp(np.log(3.0) + 0.9 * firm.standard_normal(n)), 0.0, 30.0)
    rel_days = np.maximum(np.rint(rel_years * 365.25).astype(np.int64), 45)
    since = t1 - rel_days
    rel_years = rel_days / 365.25
    extra_years = np.minimum(np.exp(np.log(5.0) + 0.8 * firm.standard_normal(n)), 60.0)
    years_trading = np.ceil((rel_years + extra_years) * 10)
    years_trading = years_trading / 10.0
    z = TYPE_SIZE[atype] + 0.25 * (np.log(years_trading) - np.log(9.0)) + firm.standard_normal(n)
    employees = np.clip(np.rint(np.exp(3.2 + z)), 2, 50_000).astype(np.int64)
    kappa = firm.standard_normal(n)
    annual_revenue = np.round(employees * INDUSTRY_RPE[ind] * np.exp(0.35 * kappa), 0)
    assets = annual_revenue * np.exp(np.log(0.6) + 0.3 * firm.standard_normal(n))
    equity_ratio = _sigmoid(-0.3 + firm.standard_normal(n))
    equity = np.round(assets * equity_ratio, 0)
    total_debt = np.round(assets, 0) - equity
    share = _sigmoid(-1.0 + 0.8 * np.log(rel_years) + 0.8 * firm.standard_normal(n))
    volume = 0.6 * annual_revenue * share  # expected yearly invoiced amount
    has_coll = firm.random(n) < _sigmoid(-0.4 + 0.5 * z)
    coll_draw = np.exp(np.log(0.35) + 0.8 * firm.standard_normal(n))
    collateral_value = np.where(has_coll, np.round(volume * coll_draw, 0), 0.0)
    outlook = np.clip(np.rint(INDUSTRY_OUTLOOK[ind] + 0.7 * firm.standard_normal(n)), 1, 5)
    outlook = outlook.astype(np.int64)
    management = np.clip(
        np.rint(3.0 + 0.3 * (np.log(years_trading) - np.log(9.0)) + 1.0 * firm.standard_normal(n)),
        1,
        5,
    ).astype(np.int64)
    terms = np.where(firm.random(n) < _sigmoid(-0.6 + 0.8 * z), 60, 30).astype(np.int64)
    loyalty = np.where(share >= 0.6, "high", np.where(share >= 0.35, "medium", "low"))
    rep_idx = firm.integers(0, N_SALES_REPS, n)

    # --- latent risk and default ------------------------------------------------------
    risk_rng = stream(seed, "accounts.risk", block)
    five_c = _five_c(
        management.astype(float),
        years_trading,
        annual_revenue / employees / INDUSTRY_RPE[ind],
        equity / np.maximum(equity + total_debt, 1.0),
        collateral_value / np.maximum(volume, 1.0),
        outlook.astype(float),
    )
    latent = five_c @ FIVE_C_WEIGHTS + LATENT_NOISE * risk_rng.standard_normal(n)
    risk = _sigmoid(RISK_A - RISK_K * latent)
    pd1 = _sigmoid(-6.0 + 6.5 * risk)
    grade = np.searchsorted(np.asarray(GRADE_THRESHOLDS), risk, side="right")
    active = np.maximum(since, t0)
    t_default = risk_rng.exponential(1.0, n) / -np.log1p(-pd1)  # years
    default_day = active + np.floor(t_default * 365.25).astype(np.int64)
    defaulted = default_day <= t1
    default_day = np.where(defaulted, default_day, t1 + 10**6)
    habit = np.exp(0.3 * risk_rng.standard_normal(n))

    # --- invoices --------------------------------------------------------------------------
    inv = stream(seed, "accounts.invoices", block)
    first = active + inv.integers(0, 30, n)
    limit = np.minimum(t1, default_day + DEFAULT_GRACE_DAYS)
    counts = np.floor((limit - first + 3) / INVOICE_INTERVAL).astype(np.int64) + 1
    counts = np.clip(counts, 1, 999)
    total = int(counts.sum())
    a = np.repeat(np.arange(n), counts)
    seq = rank_in_group(counts)
    jitter = inv.integers(-3, 4, total)
    jitter[seq == 0] = 0
    inv_day = first[a] + np.rint(seq * INVOICE_INTERVAL).astype(np.int64) + jitter
    size = inv.lognormal(-0.045, 0.3, total)
    late = inv.gamma(1.2, 1.0, total) * ((1.0 + 55.0 * risk**2) * habit / 1.2)[a]
    early = np.where(inv.random(total) < (0.5 * (1.0 - risk))[a], inv.integers(1, 11, total), 0)
    u = inv.random(total)
    frac = inv.uniform(0.2, 0.9, total)
    keep = inv_day <= limit[a]
    a, seq, inv_day, size, late, early, u, frac = (
        x[keep] for x in (a, seq, inv_day, size, late, early, u, frac)
    )
    r = risk[a]
    due_day = inv_day + terms[a]
    amount = np.maximum(np.round(volume[a] / 12.0 * size, 2), 10.0)
    delay = np.maximum(np.rint(late).astype(np.int64) - early, -terms[a])
    pay_day = due_day + delay
    p_never = 0.003 + 0.25 * r**3
    never = u < p_never
    partial = (u >= p_never) & (u < p_never + 0.25 * r**4)
    paid = ~never & (pay_day <= t1) & (pay_day <= default_day[a])
    paid_amount = np.where(paid, np.where(partial, np.round(amount * frac, 2), amount), 0.0)

    # --- contacts -----------------------------------------------------------------------
    con = stream(seed, "accounts.contacts", block)
    n_con = 3 + con.binomial(4, _sigmoid(0.9 * (z - 0.3)))
    ca = np.repeat(np.arange(n), n_con)
    k = rank_in_group(n_con)
    others = np.argsort(con.random((n, 4)), axis=1)  # order of user/influencer/approver/gatekeeper
    other_roles = np.array([0, 1, 3, 5])  # indices into ROLES
    extra = np.where(con.random(len(ca)) < 0.6, 0, 1)  # 7th contact: another user or influencer
    role = np.where(
        k == 0,
        4,
        np.where(k == 1, 2, np.where(k < 6, other_roles[others[ca, np.minimum(k - 2, 3)]], extra)),
    )
    # shuffle contact order within the account so the buyer is not always first
    order = np.lexsort((con.random(len(ca)), ca))
    role = role[order]
    gender = np.where(con.random(len(ca)) < 0.45, "F", "M")
    title_pick = con.random(len(ca))
    title = np.empty(len(ca), dtype=object)
    roles_arr = np.asarray(ROLES)
    for j, name in enumerate(ROLES):
        m = role == j
        options = np.asarray(TITLES[name], dtype=object)
        title[m] = options[(title_pick[m] * len(options)).astype(np.int64)]
    contact_id = ids[ca] * 10 + k + 1

    # --- identity strings (separate stream: only these change with the locale) -----------------
    from . import identity

    idr = stream(seed, "accounts.identity", block)
    places = identity.places(idr, locale, n)
    province = np.asarray(places["province"], dtype=object)
    city = np.asarray(places["city"], dtype=object)
    company = np.asarray(identity.companies(idr, locale, city, np.asarray(INDUSTRIES)[ind]),
                         dtype=object)
    names = np.asarray(identity.person_names(idr, locale, gender), dtype=object)
    phone = np.asarray(identity.phones(idr, locale, len(ca)), dtype=object)
    email = _emails(idr, locale, names, phone, company, ca)
    reps = _sales_team(seed, locale)

    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "company": pd.array(company, dtype="str"),
            "account_type": pd.array(np.asarray(ACCOUNT_TYPES)[atype], dtype="str"),
            "industry": pd.array(np.asarray(INDUSTRIES)[ind], dtype="str"),
            "province": pd.array(province, dtype="str"),
            "city": pd.array(city, dtype="str"),
            "since": _to_dt(since),
            "years_trading": years_trading,
            "employees": employees,
            "annual_revenue": annual_revenue,
            "equity": equity,
            "total_debt": total_debt,
            "collateral_value": collateral_value,
            "industry_outlook": outlook,
            "management_rating": management,
            "payment_terms_days": terms,
            "loyalty": pd.array(loyalty, dtype="str"),
            "sales_rep": pd.array(reps[rep_idx], dtype="str"),
        }
    )
    contacts = pd.DataFrame(
        {
            "contact_id": contact_id,
            "account_id": ids[ca],
            "name": pd.array(names, dtype="str"),
            "gender": pd.array(gender, dtype="str"),
            "title": pd.array(title, dtype="str"),
            "role": pd.array(roles_arr[role], dtype="str"),
            "phone": pd.array(phone, dtype="str"),
            "email": pd.array(email, dtype="str"),
        }
    )
    invoices = pd.DataFrame(
        {
            "invoice_id": ids[a] * 1000 + seq + 1,
            "account_id": ids[a],
            "invoice_date": _to_dt(inv_day),
            "due_date": _to_dt(due_day),
            "amount": amount,
            "paid_date": _to_dt(pay_day, paid),
            "paid_amount": paid_amount,
        }
    )
    truth = pd.DataFrame(
        {
            "account_id": ids,
            "risk_score": risk,
            "default_probability": pd1,
            "true_grade": pd.array(np.asarray(GRADES)[grade], dtype="str"),
            "defaulted": defaulted,
            "default_date": _to_dt(default_day, defaulted),
        }
    )
    return {"accounts": accounts, "contacts": contacts, "invoices": invoices, "truth_accounts": truth}


def _ascii_fold(values: np.ndarray) -> pd.Series:
    """Lower-case ASCII version of ``values`` (accents dropped; other scripts removed later)."""
    s = pd.Series(values, dtype="str").str.lower()
    odd = ~np.fromiter((v.isascii() for v in s.to_numpy(dtype=object)), bool, len(s))
    if odd.any():
        s[odd] = s[odd].str.normalize("NFKD")
    return s


def _emails(
    rng: np.random.Generator,
    locale: str,
    names: np.ndarray,
    phone: np.ndarray,
    company: np.ndarray,
    owner: np.ndarray,
) -> np.ndarray:
    """Work e-mail addresses of contacts.

    ``first.last@companydomain.com`` (domain from the first two words of the company name) when
    both the name and the company are in Latin script; otherwise, as is common for Chinese
    firms, a personal address from :func:`crmlab.simulate.identity.emails` (QQ, 163.com …).
    ``owner`` maps each contact to its row in ``company``.
    """
    from . import identity

    personal = np.asarray(identity.emails(rng, locale, names, phone), dtype=object)
    if locale == "zh_CN":
        return personal
    local = (
        _ascii_fold(names)
        .str.replace(r"[^a-z ]", "", regex=True)
        .str.strip()
        .str.replace(r"\s+", ".", regex=True)
    )
    dom = (
        _ascii_fold(company)
        .str.replace(r"[^a-z0-9 ]", "", regex=True)
        .str.strip()
        .str.replace(r"^(\S+)\s*(\S*).*$", r"\1\2", regex=True)
    )
    latin = (local.str.len() >= 2).to_numpy() & (dom.str.len() >= 3).to_numpy()[owner]
    work = local.to_numpy(dtype=object) + "@" + dom.to_numpy(dtype=object)[owner] + ".com"
    return np.where(latin, work, personal)


#: Tables of this module for :mod:`crmlab.simulate.schema` (name, type, description).
SCHEMA: dict[str, dict] = {
    "accounts": {
        "about": N_(
            "One row per business account (distributor, agent, wholesaler, retailer) buying on "
            "credit: the 5C credit file (品格 character, 能力 capacity, 资本 capital, 担保品 "
            "collateral, 企业情况 conditions)."
        ),
        "columns": [
            ("account_id", "int", N_("Account key.")),
            ("company", "str", N_("Company name.")),
            ("account_type", ("cat", ACCOUNT_TYPES), N_("Kind of business customer.")),
            ("industry", ("cat", INDUSTRIES), N_("Industry the account trades in.")),
            ("province", "str", N_("Province (zh_CN) or state (en_US) of the registered office.")),
            ("city", "str", N_("City of the registered office; lies in `province`.")),
            ("since", "date", N_("Day the relationship with us started (can precede the window).")),
            ("years_trading", "float", N_("Years the company has existed at the end of the window (≥ the relationship length). Character.")),
            ("employees", "int", N_("Head count. Size.")),
            ("annual_revenue", "float", N_("Yearly sales, currency units (heavy-tailed). Capacity: revenue per employee against the industry norm.")),
            ("equity", "float", N_("Shareholders' equity, currency units. Capital: equity / (equity + total_debt).")),
            ("total_debt", "float", N_("Total liabilities, currency units. Capital.")),
            ("collateral_value", "float", N_("Value of collateral pledged to us, currency units; 0 when none (most accounts). Collateral.")),
            ("industry_outlook", "int", N_("Outlook of the account's industry as assessed for this account, 1–5 (5 best). Conditions.")),
            ("management_rating", "int", N_("Standing and integrity of owner/management, 1–5 (5 best). Character.")),
            ("payment_terms_days", "int", N_("Credit period granted per invoice, days (30 or 60).")),
            ("loyalty", ("cat", LOYALTY), N_("Share of the account's purchases placed with us: high ≥ 60 %, medium 35–60 %, low < 35 %. Grows with relationship length.")),
            ("sales_rep", "str", N_("Name of the account manager.")),
        ],
    },
    "contacts": {
        "about": N_(
            "People at each account (3–7) and their buying-centre role: user 使用者, influencer "
            "影响者, decider 决策者, approver 批准者, buyer 购买者, gatekeeper 把关者."
        ),
        "columns": [
            ("contact_id", "int", N_("Contact key: account_id × 10 + k (k = 1 … 7).")),
            ("account_id", "int", N_("Account (accounts.account_id).")),
            ("name", "str", N_("Full name.")),
            ("gender", ("cat", ("F", "M")), N_("F or M.")),
            ("title", "str", N_("Job title (English).")),
            ("role", ("cat", ROLES), N_("Buying-centre role; every account has at least a buyer and a decider, bigger accounts fill more roles.")),
            ("phone", "str", N_("Phone number.")),
            ("email", "str", N_("E-mail address.")),
        ],
    },
    "invoices": {
        "about": N_("One row per invoice to an account (about monthly) and its payment up to the end of the window."),
        "columns": [
            ("invoice_id", "int", N_("Invoice key: account_id × 1000 + sequence number (1, 2 …).")),
            ("account_id", "int", N_("Invoiced account.")),
            ("invoice_date", "date", N_("Day the goods were invoiced.")),
            ("due_date", "date", N_("invoice_date + payment_terms_days.")),
            ("amount", "float", N_("Invoiced amount, currency units (2 decimals).")),
            ("paid_date", "date", N_("Day of payment (missing if not paid by the end of the window).")),
            ("paid_amount", "float", N_("Amount paid, currency units: 0 if unpaid, below `amount` for partial payments.")),
        ],
    },
    "truth_accounts": {
        "about": N_("Hidden credit truth about each account, for checking methods — not for use in analyses."),
        "columns": [
            ("account_id", "int", N_("Account.")),
            ("risk_score", "float", N_("Latent credit risk, 0–1 (higher is riskier), from the 5C plus noise.")),
            ("default_probability", "float", N_("One-year probability of default, 0–1.")),
            ("true_grade", ("cat", GRADES), N_("A (risk < 0.25), B (< 0.5), C (< 0.75) or D.")),
            ("defaulted", "bool", N_("Defaulted on or before the end of the window (stops paying).")),
            ("default_date", "date", N_("Day of default (missing if none).")),
        ],
    },
}


accounts_block.__doc__ = fill_defaults(accounts_block.__doc__)
