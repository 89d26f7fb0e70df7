"""Per-customer building blocks shared by the loyalty functions.

* :func:`purchase_history` — orders, purchase days and repeat purchases per customer, under the
  shared transaction rules of :func:`crmlab._frames.transactions`.
* :func:`survey_answers` — one survey response per customer (the latest), rating columns checked.
* :func:`common` — positions of the customers two per-customer tables share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import check_frame, date_column, numeric_column, require_columns
from ..errors import ColumnError
from ..i18n import N_, _
from ..satisfaction._common import check_ids, check_name, order_rows, rating

#: Items whose scale is 1–10 in the simulated survey.
TEN_POINT = ("repurchase_intention", "price_sensitivity", "competitor_attitude", "defect_tolerance")


def purchase_history(
    orders: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = "amount",
    as_of: object = None,
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """Per customer: ``orders``, ``purchase_days``, ``repeat_purchases``, ``first_purchase``.

    ``purchase_days`` counts distinct calendar days with an order (two orders on one day are one
    purchase occasion); ``repeat_purchases = purchase_days − 1`` (occasions after the first).
    Index: the customer ids (named ``customer``), sorted.
    """
    for name, col in (("customer", customer), ("date", date)):
        check_name(name, col)
    if amount is not None:
        check_name("amount", amount)
    clean, as_of_ts = order_rows(orders, "orders", customer=customer, date=date, amount=amount, as_of=as_of)
    check_ids(clean["customer"], "orders", customer)
    clean = clean.assign(day=clean["date"].dt.normalize())
    g = clean.groupby("customer", sort=True)
    out = pd.DataFrame(
        {
            "orders": g.size().astype("int64"),
            "purchase_days": g["day"].nunique().astype("int64"),
            "first_purchase": g["day"].min(),
        }
    )
    out["repeat_purchases"] = out["purchase_days"] - 1
    out.index.name = customer
    return out, as_of_ts


def survey_answers(
    surveys: pd.DataFrame,
    columns: dict[str, tuple[float, float] | None],
    *,
    customer: str = "customer_id",
    survey_date: str | None = "survey_date",
    keep_date: bool = False,
) -> pd.DataFrame:
    """One row per respondent with the requested answer columns (float).

    With ``keep_date`` the chosen response's date is kept in a column ``survey_day``.

    ``columns`` maps a column to its rating scale ``(low, high)`` (values outside are an error)
    or to ``None`` for a non-negative quantity (e.g. minutes). A respondent with several
    responses keeps the latest by ``survey_date`` (if that column exists; ties and no date:
    the last row). Rows without a customer id are dropped. Index: customer ids, sorted.
    """
    check_frame(surveys, "surveys")
    check_name("customer", customer)
    require_columns(surveys, "surveys", {customer: N_("respondent (customer) ids")})
    check_ids(surveys[customer], "surveys", customer)
    data = {}
    for col, scale in columns.items():
        check_name("column", col)
        if scale is None:
            require_columns(surveys, "surveys", {col: N_("a non-negative quantity")})
            values = numeric_column(surveys, "surveys", col)
            bad = values[(values < 0) | np.isinf(values)]
            if len(bad):
                raise ColumnError(
                    _(
                        "Column {column!r} of `surveys` must hold non-negative numbers, but it holds "
                        "{got:g}."
                    ).format(column=col, got=bad.iloc[0])
                )
        else:
            values = rating(surveys, "surveys", col, *scale)
        data[col] = values.to_numpy()
    frame = pd.DataFrame(data)
    frame.insert(0, "_customer", surveys[customer].to_numpy())
    if survey_date is not None and survey_date in surveys.columns:
        frame["_date"] = date_column(surveys, "surveys", survey_date).to_numpy()
    else:
        frame["_date"] = pd.NaT
    frame["_row"] = np.arange(len(frame))
    frame = frame.dropna(subset=["_customer"])
    frame = frame.sort_values(["_date", "_row"], kind="stable", na_position="first")
    frame = frame.drop_duplicates("_customer", keep="last").set_index("_customer").sort_index()
    frame.index.name = customer
    if keep_date:
        return frame.drop(columns=["_row"]).rename(columns={"_date": "survey_day"})
    return frame.drop(columns=["_date", "_row"])


def common(left: pd.Index, right: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``(in left, in right)`` of the ids both indexes hold, in ``left``'s order.

    A positional lookup (``right`` must be unique), so ids stored with different dtypes (1 and
    1.0) still match and ids of different kinds (1 and "1") simply do not, without errors.
    """
    pos = right.get_indexer(left)
    keep = pos >= 0
    return np.flatnonzero(keep), pos[keep]

