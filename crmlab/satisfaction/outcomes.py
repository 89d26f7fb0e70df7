"""What customers do after a complaint (投诉后的行为): handled well, they stay; badly, they leave.

The courseware's churn-process model: use → after-sales service → complaint → contact the
company → handled satisfactorily (loyal) or not (churned). Here the observable sign of
staying is buying again after the complaint was dealt with.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_days, check_float
from .._frames import check_ids, check_frame, date_column, require_columns
from ..errors import ColumnError, ParameterError
from ..i18n import N_, _
from ..purchases import RETURNED
from ._common import check_name, purchase_rows, rating

__all__ = ["complaint_outcomes", "post_purchase_behaviour", "HANDLING_CLASSES", "SATISFACTION_CLASSES"]

#: Classes of complaint handling by the customer's satisfaction with it.
HANDLING_CLASSES = ("well_handled", "fairly_handled", "badly_handled", "not_rated")


def complaint_outcomes(
    complaints: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    window_days: int = 180,
    good: float = 8,
    bad: float = 4,
    by: str = "handling",
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    returned: str | None = RETURNED,
    opened: str = "opened_date",
    resolved: str = "resolved_date",
    satisfaction: str = "resolution_satisfaction",
    as_of: object = None,
) -> pd.DataFrame:
    """Did the complainant buy again after the complaint? Compared by how well it was handled.

    Each complaint has a reference day: its ``resolved`` date when present, else its ``opened``
    date (rejected or unresolved complaints). The customer *came back* if they bought (a purchase by the
    rule of :mod:`crmlab.purchases`: an order not returned, amount > 0) on a day
    after the reference day and at most ``window_days`` days after it. Only complaints whose
    whole window lies before ``as_of`` are counted (the others are censored and reported in
    ``censored``). A customer with several complaints counts once per complaint.

    Handling classes (``by="handling"``), from the 1–10 ``satisfaction`` with the handling:
    ``well_handled`` (≥ ``good``), ``fairly_handled`` (between), ``badly_handled``
    (≤ ``bad``), ``not_rated`` (missing).

    Parameters
    ----------
    complaints : DataFrame
        One row per complaint: ``customer``, ``opened``, ``resolved`` (may be missing),
        ``satisfaction`` (1–10, may be missing) and the ``by`` column.
    orders : DataFrame
        Order log (shared transaction rules; only orders before ``as_of``).
    window_days : int, default 180
        Length of the follow-up window, days.
    good, bad : float, default 8 and 4
        Class boundaries on the 1–10 satisfaction scale (``bad < good``).
    by : str, default "handling"
        ``"handling"`` for the classes above, or a column of ``complaints`` (e.g.
        ``"resolution"``, ``"severity"``); complaints with a missing group are left out.
    customer, date, amount, opened, resolved, satisfaction : str
        Column names.
    returned : str or None, default "returned"
        Column of the orders' returned flags, used when ``orders`` has it (``None``: ignored).
    as_of : date, optional
        End of observation (default: the day after the last order).

    Returns
    -------
    DataFrame
        One row per class (index named ``by``): ``complaints`` (with a full window),
        ``censored`` (window not yet over), ``customers`` (distinct), ``came_back_rate``
        (share of the complaints, 0–1), ``mean_orders_after`` (purchases in the window per
        complaint), ``mean_resolution_satisfaction`` (over rated complaints).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"customer_id": [1, 2], "opened_date": ["2024-01-01", "2024-01-01"],
    ...                   "resolved_date": ["2024-01-10", None], "resolution_satisfaction": [9, 2]})
    >>> o = pd.DataFrame({"customer_id": [1, 2, 1], "amount": [5.0, 5.0, 5.0],
    ...                   "order_date": ["2024-02-01", "2023-12-01", "2025-01-01"]})
    >>> complaint_outcomes(c, o, window_days=90)["came_back_rate"].tolist()
    [1.0, nan, 0.0, nan]
    """
    window = check_days("window_days", window_days)
    good = check_float("good", good)
    bad = check_float("bad", bad)
    if not bad < good:
        raise ParameterError(
            _("`bad` must be below `good`, but bad={bad} and good={good} were passed.").format(
                bad=bad, good=good
            )
        )
    check_name("by", by)
    check_frame(complaints, "complaints")
    for name, col in (("customer", customer), ("opened", opened), ("resolved", resolved), ("satisfaction", satisfaction)):
        check_name(name, col)
    require_columns(
        complaints,
        "complaints",
        {customer: N_("who complained"), opened: N_("the day the complaint was made"),
         resolved: N_("the day it was resolved (may be missing)"), satisfaction: N_("satisfaction with the handling (1–10)")},
    )
    clean, as_of_ts = purchase_rows(orders, "orders", customer=customer, date=date, amount=amount, returned=returned,
                                    as_of=as_of)
    check_ids(complaints[customer], "complaints", customer)
    sat = rating(complaints, "complaints", satisfaction, 1, 10)
    if by == "handling":
        group = pd.Categorical(
            np.select(
                [sat >= good, sat <= bad, sat.notna()],
                ["well_handled", "badly_handled", "fairly_handled"],
                "not_rated",
            ),
            categories=list(HANDLING_CLASSES),
        )
    else:
        require_columns(complaints, "complaints", {by: N_("the groups to compare")})
        group = complaints[by].array
    closed = date_column(complaints, "complaints", resolved)
    opened_at = date_column(complaints, "complaints", opened)
    # the reference day: resolution, else opening (one datetime unit, so filling is exact)
    ref = closed.astype("datetime64[ns]").fillna(opened_at.astype("datetime64[ns]"))
    frame = pd.DataFrame(
        {
            "row": np.arange(len(complaints)),
            "customer": complaints[customer].to_numpy(),
            "ref": ref.dt.normalize().to_numpy(),
            "sat": sat.to_numpy(),
            "group": group,
        }
    ).dropna(subset=["customer", "ref"])
    frame = frame[frame["group"].notna()]
    end = frame["ref"] + pd.Timedelta(days=window)
    full = end < as_of_ts
    day = clean["date"].dt.normalize()
    try:
        pairs = frame.loc[full, ["row", "customer", "ref"]].merge(
            pd.DataFrame({"customer": clean["customer"].to_numpy(), "day": day.to_numpy()}), on="customer"
        )
    except (ValueError, TypeError):
        raise ColumnError(
            _(
                "The customer ids of `complaints` ({complaints_dtype}) and `orders` ({orders_dtype}) are of "
                "different types; convert one to match the other."
            ).format(complaints_dtype=complaints[customer].dtype, orders_dtype=orders[customer].dtype)
        ) from None
    inside = (pairs["day"] > pairs["ref"]) & (pairs["day"] <= pairs["ref"] + pd.Timedelta(days=window))
    n_after = pairs[inside].groupby("row").size()
    frame["orders_after"] = frame["row"].map(n_after).fillna(0).astype("int64")
    frame["came_back"] = frame["orders_after"] > 0
    frame["full"] = full
    counted = frame[frame["full"]]
    g = counted.groupby("group", observed=False, sort=True)
    out = pd.DataFrame(
        {
            "complaints": g.size().astype("int64"),
            "censored": frame[~frame["full"]].groupby("group", observed=False, sort=True).size(),
            "customers": g["customer"].nunique(),
            "came_back_rate": g["came_back"].mean(),
            "mean_orders_after": g["orders_after"].mean(),
            "mean_resolution_satisfaction": g["sat"].mean(),
        }
    )
    out["censored"] = out["censored"].fillna(0).astype("int64")
    out["customers"] = out["customers"].fillna(0).astype("int64")
    out.index.name = by
    if by != "handling":
        seen = pd.Index(pd.unique(frame["group"]))
        out = out[out.index.isin(seen)]
    return out


#: Satisfaction classes of :func:`post_purchase_behaviour`.
SATISFACTION_CLASSES = ("satisfied", "neutral", "dissatisfied")


def post_purchase_behaviour(
    surveys: pd.DataFrame,
    orders: pd.DataFrame,
    complaints: pd.DataFrame | None = None,
    *,
    window_days: int = 180,
    satisfied: float = 8,
    dissatisfied: float = 5,
    satisfaction: str = "satisfaction_overall",
    recommend: str = "recommend",
    survey_date: str = "survey_date",
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    returned: str | None = RETURNED,
    complaint_date: str = "opened_date",
    as_of: object = None,
) -> pd.DataFrame:
    """The courseware's post-purchase behaviour (购后行为), by satisfaction class.

    Satisfied customers tell others — or not; dissatisfied customers act — privately (stop
    buying, warn others) or publicly (complain to the company) — or not. Per respondent, over
    the ``window_days`` days after the survey day:

    * ``tells_others`` — recommend ≥ 9 (would spread good word of mouth);
    * ``warns_others`` — recommend ≤ 6 (would spread bad word of mouth);
    * ``complained`` — opened a complaint in the window (public action towards the company;
      needs ``complaints``);
    * ``stopped_buying`` — no purchase (rule of :mod:`crmlab.purchases`) in the window (private
      action).

    Classes from the 1–10 ``satisfaction``: ``satisfied`` (≥ ``satisfied``), ``dissatisfied``
    (≤ ``dissatisfied``), ``neutral`` between. Only respondents whose window ends before
    ``as_of`` are counted; a customer's latest response is used; respondents missing the
    satisfaction, recommendation or survey date are left out.

    Parameters
    ----------
    surveys, orders : DataFrame
        Survey responses and order log (shared transaction rules).
    complaints : DataFrame, optional
        Complaints with ``customer`` and ``complaint_date``; without it ``share_complained`` is NaN.
    window_days : int, default 180
    satisfied, dissatisfied : float, default 8 and 5
        Class boundaries (``dissatisfied < satisfied``).
    satisfaction, recommend, survey_date, customer, date, amount, complaint_date : str
        Column names.
    returned : str or None, default "returned"
        Column of the orders' returned flags, used when ``orders`` has it (``None``: ignored).
    as_of : date, optional
        End of observation (default: the day after the last order).

    Returns
    -------
    DataFrame
        Index ``satisfaction_class`` (satisfied, neutral, dissatisfied): ``respondents``,
        ``share_tells_others``, ``share_warns_others``, ``share_complained``,
        ``share_stopped_buying`` (shares 0–1 of the respondents; NaN when there are none).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"customer_id": [1, 2], "survey_date": ["2024-01-01"] * 2,
    ...                   "satisfaction_overall": [9, 3], "recommend": [10, 2]})
    >>> o = pd.DataFrame({"customer_id": [1, 2, 1], "amount": [5.0] * 3,
    ...                   "order_date": ["2024-02-01", "2023-12-01", "2025-01-01"]})
    >>> post_purchase_behaviour(s, o, window_days=90)["share_stopped_buying"].tolist()
    [0.0, nan, 1.0]
    """
    from ..loyalty._common import survey_answers

    window = check_days("window_days", window_days)
    hi = check_float("satisfied", satisfied)
    lo = check_float("dissatisfied", dissatisfied)
    if not lo < hi:
        raise ParameterError(
            _(
                "`dissatisfied` must be below `satisfied`, but dissatisfied={dissatisfied} and "
                "satisfied={satisfied} were passed."
            ).format(dissatisfied=lo, satisfied=hi)
        )
    check_name("survey_date", survey_date)
    check_frame(surveys, "surveys")
    require_columns(surveys, "surveys", {survey_date: N_("the day each survey was answered")})
    answers = survey_answers(
        surveys, {satisfaction: (1, 10), recommend: (0, 10)}, customer=customer, survey_date=survey_date, keep_date=True
    )
    clean, as_of_ts = purchase_rows(orders, "orders", customer=customer, date=date, amount=amount, returned=returned,
                                    as_of=as_of)
    frame = answers.rename(columns={"survey_day": "day"}).dropna()
    frame["day"] = frame["day"].dt.normalize()
    frame = frame[frame["day"] + pd.Timedelta(days=window) < as_of_ts]
    sat = frame[satisfaction]
    frame["cls"] = pd.Categorical(
        np.select([sat >= hi, sat <= lo], ["satisfied", "dissatisfied"], "neutral"), categories=list(SATISFACTION_CLASSES)
    )
    start = frame["day"]
    end = start + pd.Timedelta(days=window)

    def any_event(ids: pd.Series, days: pd.Series) -> np.ndarray:
        events = pd.DataFrame({"c": ids.to_numpy(), "d": days.dt.normalize().to_numpy()}).dropna()
        events = events[events["c"].isin(frame.index)]
        hit = np.zeros(len(frame), dtype=bool)
        if events.empty:
            return hit
        pos = pd.Index(frame.index).get_indexer(events["c"])
        ok = pos >= 0
        d = events["d"].to_numpy()[ok]
        p = pos[ok]
        inside = (d > start.to_numpy()[p]) & (d <= end.to_numpy()[p])
        hit[np.unique(p[inside])] = True
        return hit

    frame["bought"] = any_event(clean["customer"], clean["date"])
    if complaints is not None:
        check_frame(complaints, "complaints", allow_empty=True)
        check_name("complaint_date", complaint_date)
        require_columns(complaints, "complaints", {customer: N_("who complained"), complaint_date: N_("the day of the complaint")})
        check_ids(complaints[customer], "complaints", customer)
        frame["complained"] = any_event(complaints[customer], date_column(complaints, "complaints", complaint_date))
    else:
        frame["complained"] = np.nan
    g = frame.groupby("cls", observed=False)
    out = pd.DataFrame(
        {
            "respondents": g.size().astype("int64"),
            "share_tells_others": g[recommend].apply(lambda x: (x >= 9).mean() if len(x) else np.nan),
            "share_warns_others": g[recommend].apply(lambda x: (x <= 6).mean() if len(x) else np.nan),
            "share_complained": g["complained"].mean(),
            "share_stopped_buying": g["bought"].apply(lambda x: 1 - x.mean() if len(x) else np.nan),
        }
    )
    out.index.name = "satisfaction_class"
    return out
