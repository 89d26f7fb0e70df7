"""Reading the complaint and survey tables the lifecycle functions use besides orders.

Both follow the simulated schema (``crmlab.simulate.schema``); a real table needs the same
column names (the customer id column is named by the caller's ``customer``).

A complaint is **badly handled** (处理不满意) when its ``resolution`` is ``"rejected"`` or
``"unresolved"``, or the customer rated the handling ``resolution_satisfaction <= 4`` — the
simulator's rule for the complaints that lower satisfaction and can trigger churn. A resolved
complaint whose rating is missing is not counted as badly handled (we cannot tell).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import check_ids, check_frame, date_column, numeric_column, require_columns
from ..i18n import N_, _
from ._history import day_numbers

BAD_RESOLUTIONS = ("rejected", "unresolved")
BAD_RATING = 4


def dataset_table(data: object, name: str, *, required: bool = True) -> pd.DataFrame | None:
    """Table ``name`` of a Dataset or a dict of DataFrames (``None`` if absent and optional)."""
    from ..errors import ParameterError, ParameterTypeError

    if not hasattr(data, "__getitem__") or isinstance(data, (pd.DataFrame, str, bytes)):
        raise ParameterTypeError(
            _(
                "`data` must be a crmlab Dataset or a dict of DataFrames (e.g. {{'orders': …, "
                "'complaints': …}}), but {type} was passed."
            ).format(type=type(data).__name__)
        )
    keys = list(data.keys()) if hasattr(data, "keys") else []
    if name not in keys:
        if required:
            raise ParameterError(
                _("`data` needs a table {name!r}, but it has {keys}.").format(name=name, keys=keys)
            )
        return None
    return check_frame(data[name], f"data[{name!r}]", allow_empty=True)


def complaint_table(
    complaints: object, *, customer: str, as_of_day: int, param: str = "complaints"
) -> pd.DataFrame:
    """Complaints opened before ``as_of``: columns customer, day (opened), category, bad."""
    complaints = check_frame(complaints, param, allow_empty=True)
    require_columns(
        complaints,
        param,
        {customer: N_("customer ids"), "opened_date": N_("the day each complaint was made"),
         "resolution": N_("the outcome (e.g. 'refund', 'rejected', 'unresolved')")},
    )
    check_ids(complaints[customer], param, customer)
    opened = date_column(complaints, param, "opened_date")
    resolution = complaints["resolution"].astype("object").to_numpy()
    bad = np.isin(resolution, BAD_RESOLUTIONS)
    if "resolution_satisfaction" in complaints.columns:
        rating = numeric_column(complaints, param, "resolution_satisfaction").to_numpy()
        bad |= np.nan_to_num(rating, nan=np.inf) <= BAD_RATING
    category = (
        complaints["category"].astype("object").to_numpy()
        if "category" in complaints.columns
        else np.full(len(complaints), None, dtype=object)
    )
    out = pd.DataFrame(
        {
            "customer": complaints[customer].to_numpy(),
            "opened": opened.to_numpy(),
            "category": category,
            "bad": bad,
        }
    )
    out = out[out["customer"].notna() & out["opened"].notna()]
    out = out.assign(day=day_numbers(out["opened"].to_numpy())).drop(columns="opened")
    return out[out["day"] < as_of_day].reset_index(drop=True)


def latest_surveys(
    surveys: object, *, customer: str, as_of_day: int, columns: tuple[str, ...], param: str = "surveys"
) -> pd.DataFrame:
    """Each customer's latest survey answered before ``as_of``: index customer, the ``columns``
    that exist in the table (as floats)."""
    surveys = check_frame(surveys, param, allow_empty=True)
    require_columns(surveys, param, {customer: N_("customer ids"), "survey_date": N_("the day answered")})
    check_ids(surveys[customer], param, customer)
    day = date_column(surveys, param, "survey_date")
    keep = [c for c in columns if c in surveys.columns]
    frame = pd.DataFrame({c: numeric_column(surveys, param, c).to_numpy() for c in keep})
    frame.insert(0, "customer", surveys[customer].to_numpy())
    frame.insert(1, "day", day.to_numpy())
    frame = frame[frame["customer"].notna() & frame["day"].notna()]
    frame = frame[day_numbers(frame["day"].to_numpy()) < as_of_day]
    frame = frame.sort_values("day", kind="stable").drop_duplicates("customer", keep="last")
    return frame.drop(columns="day").set_index("customer")
