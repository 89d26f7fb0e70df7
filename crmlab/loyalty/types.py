"""The courseware's five loyalty types (客户忠诚类型) by attachment × repeat purchase.

The courseware characterises them as:

=============  =====================  ============  ===============
type           中文                    attachment    repeat purchase
=============  =====================  ============  ===============
monopoly       垄断忠诚                low           high
inertia        惰性忠诚                low           high
price          价格忠诚                low           low
incentive      激励忠诚                low           high
super_value    超值忠诚                high          high
=============  =====================  ============  ===============

Three types share "low attachment, high repeat purchase"; the courseware tells them apart by
their *reason* (no alternative, habit, rewards), which no survey column records directly.
:func:`loyalty_types` therefore uses a **teaching simplification** — an operational rule, not
a validated instrument — that separates them with two survey items.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_float
from .._frames import SURVEY_DATE
from ..errors import ParameterError
from ..i18n import _
from ..purchases import AMOUNT, RETURNED
from ._common import common, purchase_history, survey_answers

__all__ = ["loyalty_types", "LOYALTY_TYPES"]

#: Type codes, in the courseware's order, plus the cell the five do not cover.
LOYALTY_TYPES = ("monopoly", "inertia", "price", "incentive", "super_value", "unclassified")


def loyalty_types(
    orders: pd.DataFrame,
    surveys: pd.DataFrame,
    *,
    attachment_threshold: float | None = None,
    repeat_threshold: float | None = None,
    price_threshold: float = 7,
    competitor_threshold: float = 7,
    intention: str = "repurchase_intention",
    competitor: str = "competitor_attitude",
    price_sensitivity: str = "price_sensitivity",
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
    as_of: object = None,
    survey_date: str | None = SURVEY_DATE,
) -> pd.DataFrame:
    """Assign each respondent one of the courseware's five loyalty types (a teaching rule).

    * ``attachment`` (依恋) = ``(intention + (11 − competitor)) / 2`` (1–10), as in
      :func:`relative_attitude`; ``repeat_purchases`` = purchase days − 1 from ``orders``.
      Each is *high* when strictly above its threshold (default: the median over the
      respondents classified).
    * high attachment, high repeat → ``super_value`` (超值忠诚);
    * low attachment, low repeat → ``price`` (价格忠诚);
    * low attachment, high repeat → one of three, checked in this order:
      ``incentive`` (激励忠诚) if ``price_sensitivity ≥ price_threshold`` (buys for the deals
      and rewards); else ``monopoly`` (垄断忠诚) if ``competitor ≥ competitor_threshold``
      (would look elsewhere, yet keeps buying: captive); else ``inertia`` (惰性忠诚, habit);
    * high attachment, low repeat → ``unclassified`` — not one of the five (Dick & Basu call it
      latent loyalty).

    Respondents without a purchase (rule of :mod:`crmlab.purchases`) are left out; a respondent missing any item gets a missing type.
    In a market with real alternatives (such as the simulated one) "monopoly" only stands for
    *captive-like* behaviour.

    Parameters
    ----------
    orders, surveys : DataFrame
        Order log and survey responses (latest response per customer).
    attachment_threshold, repeat_threshold : float, optional
        Cut-offs (default medians); high = strictly above.
    price_threshold, competitor_threshold : float, default 7
        1–10 levels from which a respondent counts as price sensitive / open to competitors.
    intention, competitor, price_sensitivity, customer, date, survey_date : str
        Column names.
    amount, returned : str or None, default "amount" and "returned"
        Order columns of the amounts and returned flags, used when the log has them.
    as_of : date, optional
        Only orders before it count.

    Returns
    -------
    DataFrame
        Indexed by customer id: ``attachment``, ``repeat_purchases``, ``price_sensitivity``,
        ``competitor_attitude``, ``attachment_high``, ``repeat_high`` (nullable booleans),
        ``loyalty_type`` (categorical, codes of ``LOYALTY_TYPES``), ``attachment_threshold``,
        ``repeat_threshold``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "repurchase_intention": [9, 2, 2, 2, 2],
    ...                   "competitor_attitude": [2, 9, 5, 9, 5], "price_sensitivity": [3, 3, 9, 3, 3]})
    >>> o = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3, 4, 4, 5, 5], "amount": [1.0] * 9,
    ...                   "order_date": ["2024-01-01", "2024-02-01"] * 4 + ["2024-01-01"]})
    >>> loyalty_types(o, s, attachment_threshold=5, repeat_threshold=0)["loyalty_type"].tolist()
    ['super_value', 'price', 'incentive', 'monopoly', 'inertia']
    """
    price_cut = check_float("price_threshold", price_threshold, low=1, high=10)
    comp_cut = check_float("competitor_threshold", competitor_threshold, low=1, high=10)
    answers = survey_answers(
        surveys,
        {intention: (1, 10), competitor: (1, 10), price_sensitivity: (1, 10)},
        customer=customer,
        survey_date=survey_date,
    )
    history, _as_of = purchase_history(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    li, ri = common(answers.index, history.index)
    if not len(li):
        raise ParameterError(
            _("No survey respondent has an order: `surveys` and `orders` share no customer id.")
        )
    answers = answers.iloc[li]
    both = answers.index
    att = ((answers[intention] + (11 - answers[competitor])) / 2).to_numpy()
    rep = history["repeat_purchases"].to_numpy("float64")[ri]
    price = answers[price_sensitivity].to_numpy()
    comp = answers[competitor].to_numpy()
    a_cut = _cut("attachment_threshold", attachment_threshold, att)
    r_cut = _cut("repeat_threshold", repeat_threshold, rep)
    ah, rh = att > a_cut, rep > r_cut
    low_high = ~ah & rh
    code = np.select(
        [
            ah & rh,
            ~ah & ~rh,
            low_high & (price >= price_cut),
            low_high & (comp >= comp_cut),
            low_high,
        ],
        [4, 2, 3, 0, 1],
        5,
    )
    known = ~(np.isnan(att) | np.isnan(price) | np.isnan(comp))
    code = np.where(known, code, -1)
    a_high = pd.array(ah, dtype="boolean")
    a_high[np.isnan(att)] = pd.NA
    return pd.DataFrame(
        {
            "attachment": att,
            "repeat_purchases": rep,
            "price_sensitivity": price,
            "competitor_attitude": comp,
            "attachment_high": a_high,
            "repeat_high": pd.array(rh, dtype="boolean"),
            "loyalty_type": pd.Categorical.from_codes(code, categories=list(LOYALTY_TYPES)),
            "attachment_threshold": a_cut,
            "repeat_threshold": r_cut,
        },
        index=both,
    )


def _cut(name: str, value: object, data: np.ndarray) -> float:
    if value is None:
        present = data[~np.isnan(data)]
        if not len(present):
            raise ParameterError(
                _("Cannot take the median for `{name}`: there is no value to classify.").format(name=name)
            )
        return float(np.median(present))
    return check_float(name, value)
