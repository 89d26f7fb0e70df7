"""The courseware's loyalty measures (客户忠诚度的测量) per customer, and a combined index."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import SURVEY_DATE
from ..purchases import AMOUNT, RETURNED
from ._common import common, purchase_history, survey_answers

__all__ = ["loyalty_measures", "MEASURES"]

#: The five measures and their direction: +1 when a higher value means more loyal.
MEASURES = {
    "repeat_purchases": +1,
    "choice_minutes": -1,
    "price_sensitivity": -1,
    "competitor_attitude": -1,
    "defect_tolerance": +1,
}


def loyalty_measures(
    orders: pd.DataFrame,
    surveys: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
    as_of: object = None,
    choice_minutes: str = "choice_minutes",
    price_sensitivity: str = "price_sensitivity",
    competitor_attitude: str = "competitor_attitude",
    defect_tolerance: str = "defect_tolerance",
    survey_date: str | None = SURVEY_DATE,
) -> pd.DataFrame:
    """Per customer: the five loyalty measures of the courseware and a standardised index.

    Loyal customers buy often, choose fast, care less about price, ignore competitors and
    forgive defects. The measures:

    * ``repeat_purchases`` (重复购买次数) — purchase days − 1 from ``orders`` (distinct calendar
      days with a purchase before ``as_of``; same-day purchases are one purchase day);
    * ``choice_minutes`` (挑选时间) — minutes spent choosing (survey, ≥ 0);
    * ``price_sensitivity`` (价格敏感度) — 1–10, 10 = very price sensitive (survey);
    * ``competitor_attitude`` (对竞争产品的态度) — 1–10, 10 = very open to competitors (survey);
    * ``defect_tolerance`` (对质量问题的承受能力) — 1–10, 10 = very tolerant (survey).

    ``loyalty_index`` is the mean of the five standardised measures, each oriented so that
    higher = more loyal: ``+z(log(1 + repeat_purchases))``, ``−z(log(1 + choice_minutes))``,
    ``−z(price_sensitivity)``, ``−z(competitor_attitude)``, ``+z(defect_tolerance)``, where
    ``z(x) = (x − mean) / sd`` (population sd) over the customers who have all five measures.
    The logs tame the long right tails of counts and minutes. A measure that is constant there
    carries no information and contributes 0. The index is relative to the customers analysed
    (mean 0): it ranks customers, it is not an absolute level.

    Parameters
    ----------
    orders : DataFrame
        Order log, read by the purchase rule of :mod:`crmlab.purchases` (a purchase is an order
        not returned, with an amount > 0; rows missing a customer, date or amount are left out
        with a warning).
    surveys : DataFrame
        Survey responses; a respondent with several keeps the latest (by ``survey_date``).
    customer, date : str
        Order columns (``customer`` is also the respondent column of ``surveys``).
    amount, returned : str or None, default "amount" and "returned"
        Columns of the amounts and returned flags, used when the log has them (``None``: the
        column is ignored).
    as_of : date, optional
        Only orders before it count (default: the day after the last order).
    choice_minutes, price_sensitivity, competitor_attitude, defect_tolerance, survey_date : str
        Survey columns.

    Returns
    -------
    DataFrame
        One row per customer with a purchase (index: customer id, sorted): ``orders``
        (purchases), ``purchase_days``, ``repeat_purchases``, the four survey measures (NaN for
        non-respondents), ``loyalty_index`` (NaN unless all five measures are present).
        Respondents without a purchase are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"customer_id": [1, 1, 1, 2], "amount": [1.0] * 4,
    ...                   "order_date": ["2024-01-01", "2024-01-01", "2024-03-01", "2024-02-01"]})
    >>> s = pd.DataFrame({"customer_id": [1, 2], "choice_minutes": [5.0, 30.0],
    ...                   "price_sensitivity": [2, 8], "competitor_attitude": [3, 9],
    ...                   "defect_tolerance": [8, 2]})
    >>> m = loyalty_measures(o, s)
    >>> m["repeat_purchases"].tolist(), (m["loyalty_index"] > 0).tolist()
    ([1, 0], [True, False])
    """
    history, _as_of = purchase_history(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    columns = {
        choice_minutes: None,
        price_sensitivity: (1, 10),
        competitor_attitude: (1, 10),
        defect_tolerance: (1, 10),
    }
    answers = survey_answers(surveys, columns, customer=customer, survey_date=survey_date)
    answers = answers.rename(
        columns={
            choice_minutes: "choice_minutes",
            price_sensitivity: "price_sensitivity",
            competitor_attitude: "competitor_attitude",
            defect_tolerance: "defect_tolerance",
        }
    )
    out = history[["orders", "purchase_days", "repeat_purchases"]].copy()
    hi, ai = common(history.index, answers.index)
    for col in ("choice_minutes", "price_sensitivity", "competitor_attitude", "defect_tolerance"):
        values = np.full(len(out), np.nan)
        values[hi] = answers[col].to_numpy("float64")[ai]
        out[col] = values
    out["loyalty_index"] = loyalty_index(out)
    return out


def loyalty_index(measures: pd.DataFrame) -> pd.Series:
    """The combined index of :func:`loyalty_measures` from its five measure columns."""
    complete = measures[list(MEASURES)].notna().all(axis=1)
    transformed = pd.DataFrame(
        {
            "repeat_purchases": np.log1p(measures["repeat_purchases"].astype("float64")),
            "choice_minutes": np.log1p(measures["choice_minutes"].astype("float64")),
            "price_sensitivity": measures["price_sensitivity"].astype("float64"),
            "competitor_attitude": measures["competitor_attitude"].astype("float64"),
            "defect_tolerance": measures["defect_tolerance"].astype("float64"),
        },
        index=measures.index,
    )[complete]
    total = pd.Series(0.0, index=transformed.index)
    for col, sign in MEASURES.items():
        x = transformed[col]
        # a constant measure carries no information (compare values: its computed sd can be a
        # rounding residue such as 1e-17 rather than exactly 0)
        if len(x) and x.max() > x.min():
            total += sign * (x - x.mean()) / x.std(ddof=0)
    index = total / len(MEASURES)
    return index.reindex(measures.index)
