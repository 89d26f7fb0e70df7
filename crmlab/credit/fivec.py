"""The 5C of credit (信用5C) scored 0–100 from an account's credit file and payment record.

Each C is a transparent scorecard: a fixed formula of observable ratios, so an account's score
does not move when other accounts are added (except capacity, which compares with the median
of the account's industry among the accounts scored). A typical account scores about 60 on each
C; excellent ones approach 100.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import check_ids, check_frame, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _
from ._invoices import finite_column

__all__ = ["five_c", "COMPONENTS", "DEFAULT_WEIGHTS", "HISTORY_WEIGHTS", "FIVE_C_COLUMNS"]

#: The five Cs, in the courseware's order: 品格, 能力, 资本, 担保品, 企业情况.
COMPONENTS = ("character", "capacity", "capital", "collateral", "conditions")

#: Default weights of the 5C total (no payment record): character and capital weigh most.
DEFAULT_WEIGHTS = MappingProxyType(
    {"character": 0.25, "capacity": 0.20, "capital": 0.25, "collateral": 0.10, "conditions": 0.20}
)

#: Default weights when a payment record is given: the payment history (回款率 and overdue
#: days, the courseware's main basis of evaluation) weighs half, the 5C the other half.
HISTORY_WEIGHTS = MappingProxyType({"payment": 0.5, **{k: v / 2 for k, v in DEFAULT_WEIGHTS.items()}})

#: Columns of the accounts table the scores read (role → default column name).
FIVE_C_COLUMNS = {
    "management_rating": "management_rating",
    "years_trading": "years_trading",
    "annual_revenue": "annual_revenue",
    "employees": "employees",
    "industry": "industry",
    "equity": "equity",
    "total_debt": "total_debt",
    "collateral_value": "collateral_value",
    "industry_outlook": "industry_outlook",
}

_NEEDED_FROM_COLLECTION = ("monthly_volume", "collection_rate", "avg_overdue_days")

#: Full marks for collateral: worth half the yearly invoiced volume (six months of invoices),
#: or, without a payment record, 15 % of the account's annual revenue.
COLLATERAL_FULL_VOLUME = 0.5
COLLATERAL_FULL_REVENUE = 0.15


def _check_weights(weights: object, allowed: tuple[str, ...], with_history: bool) -> dict[str, float]:
    if weights is None:
        return dict(HISTORY_WEIGHTS if with_history else DEFAULT_WEIGHTS)
    if isinstance(weights, pd.Series):
        weights = weights.to_dict()
    if not isinstance(weights, Mapping):
        raise ParameterTypeError(
            _("`weights` must be a dict such as {example}, but {got} of type {type} was passed.").format(
                example=dict(DEFAULT_WEIGHTS), got=_show(weights), type=type(weights).__name__
            )
        )
    out: dict[str, float] = {}
    for key, value in weights.items():
        if key == "payment" and not with_history:
            raise ParameterError(
                _(
                    "`weights` gives a weight to 'payment', but no `collection` was passed: the payment "
                    "score needs the payment record (pass collection=collection(invoices))."
                )
            )
        if key not in allowed:
            raise ParameterError(
                _("`weights` keys must be among {names}, but {got} was passed.").format(
                    names=list(allowed), got=_show(key)
                )
            )
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ParameterTypeError(
                _("`weights[{key!r}]` must be a number, but {got} of type {type} was passed.").format(
                    key=key, got=_show(value), type=type(value).__name__
                )
            )
        value = float(value)
        if not np.isfinite(value) or value < 0:
            raise ParameterError(
                _("`weights[{key!r}]` must be a finite number ≥ 0, but {got} was passed.").format(key=key, got=value)
            )
        out[key] = value
    total = sum(out.values())
    if abs(total - 1.0) > 1e-6:
        raise ParameterError(
            _("`weights` must sum to 1, but they sum to {total:.6g} ({out}).").format(total=total, out=out)
        )
    return out


def _collection_frame(collection: object, account: str) -> pd.DataFrame:
    frame = check_frame(collection, "collection", allow_empty=True)
    if account in frame.columns:
        frame = frame.set_index(account)
    require_columns(frame, "collection", {c: N_("the output of crmlab.credit.collection()")
                                          for c in _NEEDED_FROM_COLLECTION})
    out = pd.DataFrame({c: finite_column(frame, "collection", c) for c in _NEEDED_FROM_COLLECTION},
                       index=frame.index)
    if out.index.has_duplicates:
        raise ColumnError(
            _("`collection` must have one row per account, but account {got} appears more than once.").format(
                got=_show(out.index[out.index.duplicated()][0])
            )
        )
    return out


def five_c(
    accounts: pd.DataFrame,
    collection: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    *,
    account: str = "account_id",
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Score each account's 5C 0–100 and combine them into a weighted total.

    Parameters
    ----------
    accounts : pandas.DataFrame
        The credit file, one row per account, e.g. ``crmlab.load("accounts")``.
    collection : pandas.DataFrame, optional
        The payment record, ``crmlab.credit.collection(invoices)`` (indexed by account id, or
        with an ``account`` column). With it, collateral is judged against the yearly invoiced
        volume and a ``payment`` score is added — the courseware's main basis of evaluation.
    weights : dict, optional
        Weight of each score in the total: keys among :data:`COMPONENTS` and, with
        ``collection``, ``"payment"``; numbers ≥ 0 summing to 1 (a missing key weighs 0).
        Default :data:`DEFAULT_WEIGHTS` (character .25, capacity .20, capital .25, collateral
        .10, conditions .20) or, with ``collection``, :data:`HISTORY_WEIGHTS` (payment .50 and
        half of each of those).
    account : str, default "account_id"
        Column of account ids in ``accounts`` (unique).
    columns : dict, optional
        Other names of the columns read, e.g. ``{"equity": "net_assets"}``; keys are those of
        :data:`FIVE_C_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        Indexed by account id (in the order of ``accounts``), columns ``character``,
        ``capacity``, ``capital``, ``collateral``, ``conditions``, [``payment``], ``total`` —
        all 0–100, higher is more creditworthy:

        * character 品格 = ``0.6 × 20 × management_rating + 0.4 × 100 × min(ln(1 + Y) /
          ln 21, 1)``, ``Y`` = years_trading: a 1–5 rating gives 20–100 points; 20 or more
          years of trading earns the full 100 (on a log scale, so early years count most).
        * capacity 能力 = ``60 + 40 × log2(r)`` clipped to 0–100, ``r`` = revenue per employee
          (annual_revenue / employees) ÷ the median of the account's industry among the
          accounts scored (all accounts if the industry is missing): the industry median scores
          60, twice it 100, half of it 20.
        * capital 资本 = ``100 × e / 0.7`` clipped to 0–100, ``e = equity / (equity +
          total_debt)`` the equity ratio: 70 % or more earns 100; negative equity scores 0.
        * collateral 担保品 = ``100 × min(c / (0.5 × V), 1)``, ``c`` = collateral_value and
          ``V`` = yearly invoiced volume (12 × ``monthly_volume`` of ``collection``): collateral
          worth six months of invoices earns 100, none scores 0; without ``collection``,
          ``100 × min(c / (0.15 × annual_revenue), 1)``. With no volume, any collateral scores
          100.
        * conditions 企业情况 = ``20 × industry_outlook`` (1–5 → 20–100).
        * payment (with ``collection``) = mean of ``100 × clip((rate − 0.5) / 0.5, 0, 1)`` on
          the collection rate (100 % → 100, 75 % → 50, ≤ 50 % → 0) and ``100 / (1 + d / 15)``
          on the average overdue days ``d`` (0 days → 100, 15 → 50, 45 → 25).
        * total = Σ wᵢ × scoreᵢ / Σ wᵢ over the scores the account has: a missing score (a
          missing or unusable input value, or no invoice due yet for ``payment``) drops out and
          the other weights are rescaled — a new account is judged on its 5C alone. NaN if no
          weighted score is available.

    Notes
    -----
    Rows with a missing account id are dropped; account ids must be unique. Values are used as
    given: a rating outside 1–5 or a ratio beyond the anchors is clipped to 0–100; employees
    ≤ 0, negative years_trading or collateral_value, and equity + total_debt ≤ 0 are unusable
    (that C is missing). Accounts of ``collection`` absent from ``accounts`` are ignored.
    To re-grade with other thresholds, keep this table and call
    :func:`crmlab.credit.credit_grades` again: only the cut changes.

    Examples
    --------
    >>> import pandas as pd
    >>> acc = pd.DataFrame({"account_id": [1], "management_rating": [3], "years_trading": [20.0],
    ...     "annual_revenue": [1e6], "employees": [10], "industry": ["food"], "equity": [35.0],
    ...     "total_debt": [65.0], "collateral_value": [15e3], "industry_outlook": [4]})
    >>> five_c(acc).loc[1].round(1).tolist()
    [76.0, 60.0, 50.0, 10.0, 80.0, 60.5]
    """
    frame = check_frame(accounts, "accounts")
    names = dict(FIVE_C_COLUMNS)
    if columns is not None:
        if not isinstance(columns, Mapping):
            raise ParameterTypeError(
                _("`columns` must be a dict such as {{'equity': 'net_assets'}}, but {got} was passed.").format(
                    got=_show(columns)
                )
            )
        for key, col in columns.items():
            if key not in FIVE_C_COLUMNS:
                raise ParameterError(
                    _("`columns` keys must be among {names}, but {got} was passed.").format(
                        names=list(FIVE_C_COLUMNS), got=_show(key)
                    )
                )
            if not isinstance(col, str):
                raise ParameterTypeError(
                    _("`columns[{key!r}]` must be a column name (str), but {got} was passed.").format(
                        key=key, got=_show(col)
                    )
                )
            names[key] = col
    if not isinstance(account, str):
        raise ParameterTypeError(
            _("`{name}` must be a column name (str), but {got} was passed.").format(name="account", got=_show(account))
        )
    require_columns(
        frame,
        "accounts",
        {account: N_("account ids"), **{c: _("the 5C input {role!r}").format(role=r) for r, c in names.items()}},
    )
    with_history = collection is not None
    allowed = (*COMPONENTS, "payment") if with_history else COMPONENTS
    w = _check_weights(weights, allowed, with_history)

    check_ids(frame[account], "accounts", account)
    ids = frame[account]
    keep = ids.notna().to_numpy()
    if not keep.any():
        raise ParameterError(
            _("`accounts` has no row with an account id in column {account!r}.").format(account=account)
        )
    frame = frame[keep]
    index = pd.Index(frame[account].to_numpy(), name=account)
    if index.has_duplicates:
        raise ColumnError(
            _(
                "Column {account!r} of `accounts` must hold unique account ids, but {got} appears more "
                "than once."
            ).format(account=account, got=_show(index[index.duplicated()][0]))
        )
    num = {r: finite_column(frame, "accounts", c).to_numpy() for r, c in names.items() if r != "industry"}

    with np.errstate(divide="ignore", invalid="ignore"):
        years = np.where(num["years_trading"] >= 0, num["years_trading"], np.nan)
        years_pts = np.minimum(np.log1p(years) / np.log(21.0), 1.0)
        character = 0.6 * 20.0 * num["management_rating"] + 0.4 * 100.0 * years_pts

        emp = np.where(num["employees"] > 0, num["employees"], np.nan)
        revenue = np.where(num["annual_revenue"] >= 0, num["annual_revenue"], np.nan)
        rpe = pd.Series(revenue / emp, index=range(len(emp)))
        industry = frame[names["industry"]].astype("object").where(frame[names["industry"]].notna(), None)
        valid = rpe.where(rpe > 0)
        overall = valid.median()
        med = valid.groupby(industry.to_numpy(), dropna=True, sort=False).median()
        norm = pd.Series(industry.to_numpy()).map(med).astype("float64").fillna(overall).to_numpy()
        ratio = rpe.to_numpy() / np.where(norm > 0, norm, np.nan)
        capacity = 60.0 + 40.0 * np.log2(ratio)  # ratio 0 → −inf → clipped to 0

        assets = num["equity"] + num["total_debt"]
        equity_ratio = num["equity"] / np.where(assets > 0, assets, np.nan)
        capital = 100.0 * equity_ratio / 0.7

        coll = np.where(num["collateral_value"] >= 0, num["collateral_value"], np.nan)
        record = None
        if with_history:
            record = _collection_frame(collection, account).reindex(index)
            if record["collection_rate"].isna().all() and record["monthly_volume"].isna().all():
                raise ParameterError(
                    _("`collection` shares no account with `accounts` (compare their account ids).")
                )
            base = COLLATERAL_FULL_VOLUME * 12.0 * np.maximum(record["monthly_volume"].to_numpy(), 0.0)
        else:
            base = COLLATERAL_FULL_REVENUE * revenue
        coverage = np.where(base > 0, coll / np.where(base > 0, base, 1.0), np.where(coll > 0, np.inf, 0.0))
        coverage = np.where(np.isnan(coll) | np.isnan(base), np.nan, coverage)
        collateral = 100.0 * np.minimum(coverage, 1.0)

        conditions = 20.0 * num["industry_outlook"]

        scores = {
            "character": character,
            "capacity": capacity,
            "capital": capital,
            "collateral": collateral,
            "conditions": conditions,
        }
        if record is not None:
            rate = record["collection_rate"].to_numpy()
            od = np.maximum(record["avg_overdue_days"].to_numpy(), 0.0)
            rate_pts = 100.0 * np.clip((rate - 0.5) / 0.5, 0.0, 1.0)
            od_pts = 100.0 / (1.0 + od / 15.0)
            scores["payment"] = 0.5 * rate_pts + 0.5 * od_pts

    out = pd.DataFrame({k: np.clip(v, 0.0, 100.0) for k, v in scores.items()}, index=index)
    weighted = np.zeros(len(out))
    weight_sum = np.zeros(len(out))
    for key, wk in w.items():
        if wk == 0:
            continue
        s = out[key].to_numpy()
        ok = ~np.isnan(s)
        weighted += np.where(ok, wk * np.nan_to_num(s), 0.0)
        weight_sum += np.where(ok, wk, 0.0)
    out["total"] = np.where(weight_sum > 0, weighted / np.where(weight_sum > 0, weight_sum, 1.0), np.nan)
    return out
