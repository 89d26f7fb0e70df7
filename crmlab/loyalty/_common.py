"""Per-customer building blocks shared by the loyalty functions.

* :func:`purchase_history` — purchases, purchase days and repeat purchases per buyer, under the
  one purchase rule of :mod:`crmlab.purchases`.
* :func:`survey_answers` — one survey response per customer (the latest), rating columns checked.
* :func:`common` — positions of the customers two per-customer tables share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import SURVEY_DATE, check_frame, date_column, numeric_column, optional_column, require_columns
from ..errors import ColumnError
from ..i18n import N_, _
from ..purchases import AMOUNT, RETURNED, read_orders
from ..satisfaction._common import check_ids, check_name, rating

#: Items whose scale is 1–10 in the simulated survey.
TEN_POINT = ("repurchase_intention", "price_sensitivity", "competitor_attitude", "defect_tolerance")


def purchase_history(
    orders: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
    as_of: object = None,
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """Per buyer: ``orders`` (purchases), ``purchase_days``, ``repeat_purchases``, ``first_purchase``.

    Purchases follow the rule of :mod:`crmlab.purchases` (not returned, amount > 0).
    ``purchase_days`` counts distinct calendar days with a purchase (two on one day are one
    purchase occasion); ``repeat_purchases = purchase_days − 1`` (occasions after the first).
    Index: the customer ids (named ``customer``), sorted.
    """
    log = read_orders(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    codes, day, ids = log.buyers()
    n = len(ids)
    span = int(day.max() - day.min()) + 1
    pairs = np.unique(codes * span + (day - day.min()))
    n_days = np.bincount(pairs // span, minlength=n)
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, codes, day)
    out = pd.DataFrame(
        {
            "orders": np.bincount(codes, minlength=n).astype("int64"),
            "purchase_days": n_days.astype("int64"),
            "first_purchase": first.astype("datetime64[D]").astype("datetime64[s]"),
        },
        index=ids.rename(customer),
    )
    out["repeat_purchases"] = out["purchase_days"] - 1
    return out, log.as_of


def survey_answers(
    surveys: pd.DataFrame,
    columns: dict[str, tuple[float, float] | None],
    *,
    customer: str = "customer_id",
    survey_date: str | None = SURVEY_DATE,
    keep_date: bool = False,
) -> pd.DataFrame:
    """One row per respondent with the requested answer columns (float).

    With ``keep_date`` the chosen response's date is kept in a column ``survey_day``.

    ``columns`` maps a column to its rating scale ``(low, high)`` (values outside are an error)
    or to ``None`` for a non-negative quantity (e.g. minutes). A respondent with several
    responses keeps the latest by ``survey_date`` (the default ``"survey_date"`` is used if the
    table has it, a name you pass must exist; ties and no date: the last row). Rows without a customer id are dropped. Index: customer ids, sorted.
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
    survey_date = optional_column(surveys, survey_date)
    if survey_date is not None:
        require_columns(surveys, "surveys", {survey_date: N_("the day each survey was answered")})
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

