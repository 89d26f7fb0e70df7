"""The complaint-handling process (投诉处理流程) as a funnel, and how long each step takes.

The courseware's process: record → judge validity → route to the department → analyse the
cause → propose a fix → approve → carry it out → review.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import check_frame, date_column, require_columns
from ..errors import ColumnError, ParameterError
from ..i18n import N_, _, ngettext
from ._common import check_items, check_name, check_sortable, group_keys

__all__ = ["complaint_funnel", "handling_times", "COMPLAINT_STEPS"]

# The courseware's handling steps, in process order (the same codes as the simulated data).
from ..simulate.config import COMPLAINT_STEPS  # noqa: E402


def _steps_frame(complaint_steps, id, step, steps, date=None):
    """Clean (id, step code, step position[, date]) rows; unknown step names are an error."""
    check_frame(complaint_steps, "complaint_steps", allow_empty=True)
    check_name("id", id)
    check_name("step", step)
    need = {id: N_("complaint ids"), step: N_("step names")}
    if date is not None:
        check_name("date", date)
        need[date] = N_("the day each step was completed")
    require_columns(complaint_steps, "complaint_steps", need)
    names = complaint_steps[step].astype(object)
    known = names.isna() | names.isin(steps)
    if not known.all():
        raise ColumnError(
            _(
                "Column {column!r} of `complaint_steps` holds {got!r}, which is not one of the steps "
                "{steps}; pass the process's own step names, in order, as `steps`."
            ).format(column=step, got=names[~known].iloc[0], steps=list(steps))
        )
    out = pd.DataFrame(
        {
            "id": complaint_steps[id].to_numpy(),
            "step": names.to_numpy(),
        }
    )
    if date is not None:
        out["date"] = date_column(complaint_steps, "complaint_steps", date).to_numpy()
    out = out.dropna()
    check_sortable(out["id"], "complaint_steps", id)
    out["pos"] = out["step"].map({s: i for i, s in enumerate(steps)}).astype("int64")
    return out


def _complaint_ids(complaints, id, by):
    check_frame(complaints, "complaints", allow_empty=True)
    require_columns(complaints, "complaints", {id: N_("complaint ids")})
    keys = group_keys(complaints, "complaints", by)
    ids = complaints[id]
    if ids.isna().any():
        raise ColumnError(
            ngettext(
                "Column {column!r} of `complaints` has {n:,} missing id.",
                "Column {column!r} of `complaints` has {n:,} missing ids.",
                int(ids.isna().sum()),
            ).format(column=id, n=int(ids.isna().sum()))
        )
    if ids.duplicated().any():
        raise ColumnError(
            _(
                "Column {column!r} of `complaints` must identify each complaint once, but {got!r} appears "
                "more than once."
            ).format(column=id, got=ids[ids.duplicated()].iloc[0])
        )
    check_sortable(ids, "complaints", id)
    return keys


def _positions(complaints: pd.DataFrame, id: str, ids: pd.Series) -> pd.Series:
    """Row position in ``complaints`` of each id in ``ids`` (NaN when absent).

    A lookup rather than a merge, so that ids of different dtypes (1 and 1.0) still match and
    text ids never meet numeric ids in a merge.
    """
    lookup = pd.Series(np.arange(len(complaints)), index=complaints[id].to_numpy())
    return ids.map(lookup)


def complaint_funnel(
    complaints: pd.DataFrame,
    complaint_steps: pd.DataFrame,
    *,
    steps: object = COMPLAINT_STEPS,
    id: str = "complaint_id",
    step: str = "step",
    by: object = None,
) -> pd.DataFrame:
    """How many complaints reach each handling step.

    A complaint *reaches* a step when ``complaint_steps`` has a row for it at that step
    (duplicate rows count once). Every complaint in ``complaints`` counts as opened; step rows of
    complaints absent from ``complaints`` are ignored; a step name outside ``steps`` is an error.
    A complaint that skipped a step (reached step k but not k − 1) is counted where it appears,
    so ``share_of_previous`` can exceed 1 in such logs.

    Parameters
    ----------
    complaints : DataFrame
        One row per complaint (``id`` unique); holds the ``by`` columns if any.
    complaint_steps : DataFrame
        One row per completed step: ``id`` and ``step``.
    steps : list of str
        Step names in process order (default: the courseware's eight steps).
    id, step : str
        Column names.
    by : str or list of str, optional
        Column(s) of ``complaints`` to split the funnel by (e.g. ``"category"``, ``"severity"``);
        complaints with a missing group are left out.

    Returns
    -------
    DataFrame
        One row per (group and) step, in process order: (the ``by`` columns), ``step_no`` (1 …),
        ``step``, ``opened`` (complaints in the group), ``reached``, ``lost`` (previous step's
        count − reached; for step 1: opened − reached), ``share_of_opened`` (reached / opened)
        and ``share_of_previous`` (reached / previous step's reached; for step 1, / opened).
        Shares are NaN when the denominator is 0.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"complaint_id": [1, 2]})
    >>> s = pd.DataFrame({"complaint_id": [1, 1, 2], "step": ["record", "judge_validity", "record"]})
    >>> complaint_funnel(c, s, steps=["record", "judge_validity"])["share_of_previous"].tolist()
    [1.0, 0.5]
    """
    steps = check_items("steps", steps)
    keys = _complaint_ids(complaints, id, by)
    rows = _steps_frame(complaint_steps, id, step, steps).drop_duplicates(["id", "pos"])
    where = _positions(complaints, id, rows["id"])
    rows = rows[where.notna()]
    where = where.dropna().astype("int64").to_numpy()
    if keys is None:
        groups = pd.DataFrame({"_g": np.zeros(len(complaints), dtype="int64")})
        gcols = ["_g"]
    else:
        groups = complaints[keys].reset_index(drop=True)
        gcols = keys
    opened = groups.groupby(gcols, observed=True, dropna=True, sort=True).size().rename("opened")
    reach = groups.iloc[where].reset_index(drop=True).assign(pos=rows["pos"].to_numpy())
    counts = reach.groupby([*gcols, "pos"], observed=True, dropna=True).size()
    parts = []
    for g, n_open in opened.items():
        key = g if isinstance(g, tuple) else (g,)
        got = np.array([counts.get((*key, p), 0) for p in range(len(steps))], dtype="int64")
        prev = np.concatenate([[n_open], got[:-1]]).astype("int64")
        part = pd.DataFrame(
            {
                "step_no": np.arange(1, len(steps) + 1, dtype="int64"),
                "step": steps,
                "opened": int(n_open),
                "reached": got,
                "lost": prev - got,
                "share_of_opened": got / n_open if n_open else np.nan,
                "share_of_previous": np.divide(got, prev, out=np.full(len(steps), np.nan), where=prev > 0),
            }
        )
        if keys is not None:
            for k, v in zip(keys, key):
                part.insert(keys.index(k), k, v)
        parts.append(part)
    if not parts:
        raise ParameterError(_("`complaints` has no complaint (with a group) to build a funnel from."))
    return pd.concat(parts, ignore_index=True)


def handling_times(
    complaint_steps: pd.DataFrame,
    complaints: pd.DataFrame | None = None,
    *,
    steps: object = COMPLAINT_STEPS,
    resolution_step: str = "carry_out",
    id: str = "complaint_id",
    step: str = "step",
    date: str = "completed_date",
    opened: str = "opened_date",
    by: object = None,
) -> pd.DataFrame:
    """Days each handling step takes, and the total time to resolution.

    The duration of step *k* of a complaint is the time from the completion of step *k − 1* to
    the completion of step *k* (in days, fractional if the dates carry times; same-day = 0).
    For the first step it runs from the day the complaint was opened (needs ``complaints``).
    A step whose previous step is missing for that complaint has no duration. The time to
    resolution is from opening to the completion of ``resolution_step`` (the fix carried out),
    the end-to-end time from opening to the last step of ``steps``; complaints that never got
    there are not in those rows (they are censored: see :func:`complaint_funnel` for how many).
    Duplicate rows of a (complaint, step) keep the earliest date. A step completed before its
    previous step (or before opening) is an error in the log and raises.

    Parameters
    ----------
    complaint_steps : DataFrame
        One row per completed step: ``id``, ``step``, ``date``.
    complaints : DataFrame, optional
        One row per complaint with ``id`` and ``opened`` (and the ``by`` columns). Without it
        the first step and the totals cannot be timed and are left out.
    steps : list of str
        Step names in process order.
    resolution_step : str, default "carry_out"
        The step at which a complaint counts as resolved (one of ``steps``).
    id, step, date, opened : str
        Column names.
    by : str or list of str, optional
        Column(s) of ``complaints`` (e.g. ``"category"``, ``"severity"``).

    Returns
    -------
    DataFrame
        One row per (group and) stage: (``by`` columns), ``stage`` (a step name, then
        ``"to_resolution"`` and ``"end_to_end"``), ``n`` (complaints timed), ``mean_days``,
        ``median_days``, ``p90_days`` (90th percentile, linear interpolation).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"complaint_id": [1], "opened_date": ["2024-01-01"]})
    >>> s = pd.DataFrame({"complaint_id": [1, 1], "step": ["record", "fix"],
    ...                   "completed_date": ["2024-01-02", "2024-01-05"]})
    >>> handling_times(s, c, steps=["record", "fix"], resolution_step="fix")["median_days"].tolist()
    [1.0, 3.0, 4.0, 4.0]
    """
    steps = check_items("steps", steps)
    check_name("resolution_step", resolution_step)
    if resolution_step not in steps:
        raise ParameterError(
            _("`resolution_step` must be one of the steps {steps}, but {got!r} was passed.").format(
                steps=steps, got=resolution_step
            )
        )
    rows = _steps_frame(complaint_steps, id, step, steps, date)
    rows = rows.sort_values(["id", "pos", "date"], kind="stable").drop_duplicates(["id", "pos"])
    keys = None
    if complaints is not None:
        keys = _complaint_ids(complaints, id, by)
        check_name("opened", opened)
        require_columns(complaints, "complaints", {opened: N_("the day each complaint was opened")})
        start = pd.DataFrame(
            {"id": complaints[id].to_numpy(), "date": date_column(complaints, "complaints", opened).to_numpy()}
        ).dropna()
        start["pos"] = -1
        start["step"] = None
        rows = rows[rows["id"].isin(complaints[id])]
        rows = pd.concat([start[rows.columns], rows], ignore_index=True)
    elif by is not None:
        raise ParameterError(_("`by` needs `complaints` (the groups are columns of the complaints table)."))
    rows = rows.sort_values(["id", "pos"], kind="stable").reset_index(drop=True)
    same = rows["id"].eq(rows["id"].shift())
    prev_pos = rows["pos"].shift()
    days = (rows["date"] - rows["date"].shift()).dt.total_seconds() / 86400.0
    ok = same & prev_pos.eq(rows["pos"] - 1)
    negative = same & (days < 0)
    if negative.any():
        bad = rows[negative].iloc[0]
        raise ColumnError(
            ngettext(
                "Column {column!r} of `complaint_steps`: complaint {complaint!r} completed step {step!r} "
                "before its previous step (or before it was opened); {n:,} step goes back in time.",
                "Column {column!r} of `complaint_steps`: complaint {complaint!r} completed step {step!r} "
                "before its previous step (or before it was opened); {n:,} steps go back in time.",
                int(negative.sum()),
            ).format(column=date, complaint=bad["id"], step=bad["step"], n=int(negative.sum()))
        )
    timed = rows.loc[ok & (rows["pos"] >= 0), ["id", "pos"]].assign(days=days[ok & (rows["pos"] >= 0)])
    timed["stage"] = timed["pos"].map(dict(enumerate(steps)))
    parts = [timed[["id", "stage", "days"]]]
    if complaints is not None:
        first = rows[rows["pos"] == -1].set_index("id")["date"]
        for stage, pos in (("to_resolution", steps.index(resolution_step)), ("end_to_end", len(steps) - 1)):
            done = rows[rows["pos"] == pos].set_index("id")["date"]
            both = done.index.intersection(first.index)
            total = (done.loc[both] - first.loc[both]).dt.total_seconds() / 86400.0
            parts.append(pd.DataFrame({"id": both.to_numpy(), "stage": stage, "days": total.to_numpy()}))
    allrows = pd.concat(parts, ignore_index=True)
    order = [*steps, "to_resolution", "end_to_end"] if complaints is not None else list(steps)
    allrows["stage"] = pd.Categorical(allrows["stage"], categories=order)
    if keys is not None:
        where = _positions(complaints, id, allrows["id"])
        allrows = allrows[where.notna().to_numpy()]
        where = where.dropna().astype("int64").to_numpy()
        groups = complaints[keys].reset_index(drop=True).iloc[where].reset_index(drop=True)
        allrows = pd.concat([allrows.reset_index(drop=True), groups], axis=1)
        allrows = allrows.dropna(subset=keys)
        gcols = [*keys, "stage"]
    else:
        gcols = ["stage"]
    g = allrows.groupby(gcols, observed=False, dropna=True, sort=True)["days"]
    out = pd.DataFrame(
        {
            "n": g.size().astype("int64"),
            "mean_days": g.mean(),
            "median_days": g.median(),
            "p90_days": g.quantile(0.9),  # linear interpolation
        }
    ).reset_index()
    if keys is not None:
        present = allrows[keys].drop_duplicates()
        out = out.merge(present, on=keys)
    return out
