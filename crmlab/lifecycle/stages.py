"""Lifecycle stages (客户生命周期阶段) from purchase history: establishment (建立期), development
(发展期), maintenance (维持期), recovery (恢复期), and lapsed (停止购买).

The courseware's stages describe the relationship, which a firm cannot see directly; here
each stage gets an observable, parameterised rule on the order log (and optionally the
complaints table). The simulator's hidden stage (``truth_customers.lifecycle_stage``) uses the
true churn and tenure, so the two agree only in part; :func:`stage_agreement` measures how far.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_days, check_int
from .._frames import check_ids, check_frame, require_columns
from ..errors import ParameterError
from ..i18n import N_, _
from ..purchases import AMOUNT, RETURNED
from ._history import check_grouping, as_timestamps, check_column_name, check_positive, group_codes, group_labels, history
from ._tables import complaint_table

__all__ = ["lifecycle_stage", "stage_mix", "stage_agreement", "stage_confusion", "STAGES"]

#: Stage codes, in lifecycle order. Display text: ``crmlab.i18n.label(code)``.
STAGES = ("establishment", "development", "maintenance", "recovery", "lapsed")
#: The simulator's name for lapsed customers.
_TRUTH_NAMES = {"churned": "lapsed"}


def lifecycle_stage(
    orders: object,
    *,
    as_of: object = None,
    lapse_days: int = 180,
    slip_factor: float = 3.0,
    min_purchases: int = 3,
    establishment_days: int = 180,
    development_days: int = 540,
    complaints: object = None,
    complaint_days: int = 180,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Each customer's lifecycle stage on ``as_of``, from their purchase history.

    With **tenure** = days from the first purchase to ``as_of``, **days since last** = days from
    the last purchase to ``as_of`` (calendar days) and **mean gap** = (last − first purchase
    day) / (purchase days − 1), the first rule that holds gives the stage:

    1. ``lapsed`` (停止购买): days since last ``>= lapse_days`` (default 180).
    2. ``recovery`` (恢复期): the customer has at least ``min_purchases`` purchase days and days
       since last ``> slip_factor`` × mean gap — they are well behind their own rhythm, the
       relationship needs repair (product recall, crisis handling and compensation — or end it). If ``complaints`` is given, a
       customer with a badly handled complaint (rejected, unresolved or rated ≤ 4, see
       :mod:`crmlab.lifecycle._tables`) opened in the last ``complaint_days`` days is also in
       recovery.
    3. ``establishment`` (建立期): tenure ``< establishment_days`` (default 180).
    4. ``development`` (发展期): tenure ``< development_days`` (default 540).
    5. ``maintenance`` (维持期): everyone else.

    Parameters
    ----------
    orders : DataFrame
        Order log, read by the purchase rule of :mod:`crmlab.purchases` (returned, zero and
        refund orders are no purchase; rows on or after ``as_of`` are ignored; several
        purchases on one day are one purchase day).
    as_of : date-like, optional
        Analysis date. Default: the day after the last order.
    lapse_days, establishment_days, development_days, complaint_days : int
        Thresholds in days (≥ 1; ``development_days`` must exceed ``establishment_days``).
    slip_factor : float
        How many own mean gaps of silence put a customer in recovery (> 0).
    min_purchases : int
        Purchase days (≥ 2) needed before the customer's own rhythm is trusted.
    complaints : DataFrame, optional
        Complaints table with columns ``customer``, ``opened_date``, ``resolution`` and
        optionally ``resolution_satisfaction`` (the simulated schema).
    customer, date : str
        Column names in ``orders`` (``customer`` also names the id column of ``complaints``).
    amount, returned : str or None, default "amount" and "returned"
        Columns of the amounts and the returned flags, used when the log has them: by the
        purchase rule of :mod:`crmlab.purchases` a purchase is an order that was not returned and
        has an amount > 0. ``None`` ignores the column (``amount=None``: every order counts
        whatever its amount; ``returned=None``: returned orders count).

    Returns
    -------
    DataFrame
        One row per customer with a purchase, sorted by id: ``customer`` (the id column),
        ``first_purchase``, ``last_purchase``, ``purchase_days``, ``mean_gap`` (days),
        ``tenure_days``, ``days_since_last`` and ``stage`` (categorical of :data:`STAGES`).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": [1, 2, 2, 2, 3],
    ...                     "order_date": pd.to_datetime(["2024-05-01", "2023-01-01", "2023-01-11",
    ...                                                   "2023-01-21", "2023-06-01"])})
    >>> lifecycle_stage(log, as_of="2024-06-01")["stage"].tolist()
    ['establishment', 'lapsed', 'lapsed']
    """
    check_days("lapse_days", lapse_days)
    slip_factor = check_positive("slip_factor", slip_factor)
    check_int("min_purchases", min_purchases, low=2)
    check_days("establishment_days", establishment_days)
    check_days("development_days", development_days)
    check_days("complaint_days", complaint_days)
    if development_days <= establishment_days:
        raise ParameterError(
            _(
                "`development_days` must be greater than `establishment_days` ({establishment}), but "
                "{got} was passed."
            ).format(establishment=establishment_days, got=development_days)
        )
    hist = history(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    s = hist.summary()
    tenure = hist.as_of_day - s["first_day"].to_numpy()
    since = hist.as_of_day - s["last_day"].to_numpy()
    mean_gap = s["mean_gap"].to_numpy()
    slipping = (s["purchase_days"].to_numpy() >= min_purchases) & (since > slip_factor * np.nan_to_num(mean_gap, nan=np.inf))
    if complaints is not None:
        table = complaint_table(complaints, customer=customer, as_of_day=hist.as_of_day)
        recent = table[table["bad"] & (table["day"] >= hist.as_of_day - complaint_days)]
        slipping |= pd.Index(hist.ids).isin(recent["customer"].to_numpy())
    code = np.select(
        [since >= lapse_days, slipping, tenure < establishment_days, tenure < development_days],
        [4, 3, 0, 1],
        default=2,
    )
    return pd.DataFrame(
        {
            customer: hist.ids,
            "first_purchase": as_timestamps(s["first_day"].to_numpy()),
            "last_purchase": as_timestamps(s["last_day"].to_numpy()),
            "purchase_days": s["purchase_days"].to_numpy(),
            "mean_gap": mean_gap,
            "tenure_days": tenure,
            "days_since_last": since,
            "stage": pd.Categorical.from_codes(code, categories=list(STAGES)),
        }
    )


def _stage_codes(frame: pd.DataFrame, col: str, param: str) -> pd.Series:
    values = frame[col].astype("object")
    values = values.map(lambda v: _TRUTH_NAMES.get(v, v) if isinstance(v, str) else v)
    bad = values.notna() & ~values.isin(STAGES)
    if bad.any():
        from ..errors import ColumnError

        raise ColumnError(
            _(
                "Column {column!r} of `{name}` must hold lifecycle stages {names} (or 'churned'), but it "
                "holds {got!r}."
            ).format(column=col, name=param, names=list(STAGES), got=values[bad].iloc[0])
        )
    return values


def stage_mix(
    stages: object,
    by: str | None = None,
    *,
    groups: object = None,
    stage: str = "stage",
    customer: str = "customer_id",
) -> pd.DataFrame:
    """How many customers are in each lifecycle stage (overall or by group).

    Parameters
    ----------
    stages : DataFrame
        One row per customer with a stage column, e.g. :func:`lifecycle_stage`'s result or
        ``truth_customers`` with ``stage="lifecycle_stage"`` (its ``"churned"`` is read as
        ``"lapsed"``). Rows with a missing stage are left out.
    by : str, optional
        Group column, from ``stages`` or else from ``groups`` (columns ``customer`` and ``by``).
    stage, customer : str
        Column names.

    Returns
    -------
    DataFrame
        Columns: the group (named ``by``, or ``"group"`` = ``"all"``), ``stage`` (categorical of
        :data:`STAGES`, every stage listed even when empty), ``customers`` and ``share`` (of the
        group's customers; shares of a group sum to 1).

    Examples
    --------
    >>> import pandas as pd
    >>> st = pd.DataFrame({"customer_id": [1, 2, 3, 4],
    ...                    "stage": ["lapsed", "maintenance", "lapsed", "development"]})
    >>> stage_mix(st).set_index("stage")["share"].to_dict()["lapsed"]
    0.5
    """
    stages = check_frame(stages, "stages")
    check_column_name("stage", stage)
    require_columns(stages, "stages", {stage: N_("lifecycle stages")})
    codes = _stage_codes(stages, stage, "stages")
    check_grouping(by, groups, customer, stages, "stages")
    if by is None:
        label, name = pd.Series(["all"] * len(stages)), "group"
    else:
        if by not in stages.columns:
            require_columns(stages, "stages", {customer: N_("customer ids")})
        ids = stages[customer].to_numpy() if customer in stages.columns else np.arange(len(stages))
        label, name = group_labels(ids, by, groups, customer=customer, frame=stages, frame_param="stages"), by
    stage_code = pd.Index(list(STAGES)).get_indexer(codes.to_numpy())
    gcode, names = group_codes(label)
    ok = (gcode >= 0) & (stage_code >= 0)
    k = len(STAGES)
    counts = np.bincount(gcode[ok] * k + stage_code[ok], minlength=len(names) * k).reshape(len(names), k)
    keep = counts.sum(axis=1) > 0
    counts, names = counts[keep], names[keep]
    long = pd.DataFrame(
        {
            name: names.repeat(k),
            "stage": pd.Categorical(np.tile(list(STAGES), len(names)), categories=list(STAGES)),
            "customers": counts.ravel().astype(np.int64),
        }
    )
    if isinstance(label.dtype, pd.CategoricalDtype):
        long[name] = pd.Categorical(long[name], categories=label.cat.categories)
    total = np.repeat(counts.sum(axis=1), k)
    long["share"] = long["customers"] / total
    return long.reset_index(drop=True)


def _joined(stages, truth, customer, stage, truth_stage):
    stages = check_frame(stages, "stages")
    truth = check_frame(truth, "truth")
    require_columns(stages, "stages", {customer: N_("customer ids"), stage: N_("observed stages")})
    require_columns(truth, "truth", {customer: N_("customer ids"), truth_stage: N_("true stages")})
    check_ids(stages[customer], "stages", customer)
    check_ids(truth[customer], "truth", customer)
    a = pd.DataFrame({"customer": stages[customer].to_numpy(), "observed": _stage_codes(stages, stage, "stages").to_numpy()})
    b = pd.DataFrame({"customer": truth[customer].to_numpy(), "truth": _stage_codes(truth, truth_stage, "truth").to_numpy()})
    for frame, param in ((a, "stages"), (b, "truth")):
        if frame["customer"].duplicated().any():
            raise ParameterError(
                _("`{name}` must have one row per customer, but column {column!r} has duplicates.").format(
                    name=param, column=customer
                )
            )
    both = a.merge(b, on="customer", how="inner").dropna()
    if len(both) == 0:
        raise ParameterError(_("`stages` and `truth` have no customer (with a stage) in common."))
    return both


def stage_confusion(
    stages: object,
    truth: object,
    *,
    customer: str = "customer_id",
    stage: str = "stage",
    truth_stage: str = "lifecycle_stage",
) -> pd.DataFrame:
    """Cross-table of true stage (rows, ``"truth"``) × observed stage (columns, ``"observed"``).

    Only customers present in both frames are counted; the truth's ``"churned"`` is read as
    ``"lapsed"``. Every stage of :data:`STAGES` appears as a row and a column.

    Examples
    --------
    >>> import pandas as pd
    >>> obs = pd.DataFrame({"customer_id": [1, 2], "stage": ["lapsed", "development"]})
    >>> tru = pd.DataFrame({"customer_id": [1, 2], "lifecycle_stage": ["churned", "maintenance"]})
    >>> int(stage_confusion(obs, tru).loc["lapsed", "lapsed"])
    1
    """
    both = _joined(stages, truth, customer, stage, truth_stage)
    table = pd.crosstab(
        pd.Categorical(both["truth"], categories=list(STAGES)),
        pd.Categorical(both["observed"], categories=list(STAGES)),
        dropna=False,
    )
    table.index.name, table.columns.name = "truth", "observed"
    table.index = pd.Index(list(table.index.astype(str)), name="truth")
    table.columns = pd.Index(list(table.columns.astype(str)), name="observed")
    return table.astype(np.int64)


def stage_agreement(
    stages: object,
    truth: object,
    *,
    customer: str = "customer_id",
    stage: str = "stage",
    truth_stage: str = "lifecycle_stage",
) -> pd.DataFrame:
    """How often the observed stage equals the true one, per true stage and overall.

    Returns
    -------
    DataFrame
        One row per stage of :data:`STAGES` and a last row ``"all"``: ``stage``, ``customers``
        (with that true stage, both frames), ``agree`` (also observed in it) and ``agreement`` =
        agree / customers (the recall of the stage; NaN for an empty stage). The ``"all"`` row's
        agreement is the overall accuracy. Also ``observed`` = customers observed in the stage
        and ``precision`` = agree / observed.

    Examples
    --------
    >>> import pandas as pd
    >>> obs = pd.DataFrame({"customer_id": [1, 2], "stage": ["lapsed", "development"]})
    >>> tru = pd.DataFrame({"customer_id": [1, 2], "lifecycle_stage": ["churned", "maintenance"]})
    >>> float(stage_agreement(obs, tru).set_index("stage").loc["all", "agreement"])
    0.5
    """
    table = stage_confusion(stages, truth, customer=customer, stage=stage, truth_stage=truth_stage)
    values = table.to_numpy()
    agree = np.diag(values)
    customers = values.sum(axis=1)
    observed = values.sum(axis=0)
    out = pd.DataFrame(
        {
            "stage": [*STAGES, "all"],
            "customers": [*customers, customers.sum()],
            "observed": [*observed, observed.sum()],
            "agree": [*agree, agree.sum()],
        }
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        out["agreement"] = np.where(out["customers"] > 0, out["agree"] / out["customers"].replace(0, 1), np.nan)
        out["precision"] = np.where(out["observed"] > 0, out["agree"] / out["observed"].replace(0, 1), np.nan)
    return out
