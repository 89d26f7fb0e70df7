"""Dick & Basu (1994): relative attitude × repeat patronage → four kinds of loyalty.

* ``true`` (忠诚) — strong attitude, buys again and again;
* ``latent`` (潜在忠诚) — strong attitude, few repeat purchases (held back by price, access …);
* ``spurious`` (虚假忠诚) — weak attitude but repeat buying (habit, no alternative, deals);
* ``none`` (不忠诚) — weak attitude, little repeat buying.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._checks import _show, check_float
from .._frames import numeric_column
from .._frames import SURVEY_DATE
from ..errors import ParameterError, ParameterTypeError
from ..i18n import _
from ..satisfaction._common import check_name
from ..purchases import AMOUNT, RETURNED
from ._common import common, purchase_history, survey_answers

__all__ = ["dick_basu", "dick_basu_from_data", "relative_attitude", "DICK_BASU"]

#: (attitude high?, patronage high?) → loyalty code.
DICK_BASU = {
    (True, True): "true",
    (True, False): "latent",
    (False, True): "spurious",
    (False, False): "none",
}
_ORDER = ["true", "latent", "spurious", "none"]


def _as_series(name: str, values: object) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values
    elif isinstance(values, (str, bytes, dict, pd.DataFrame)) or not isinstance(values, Iterable):
        raise ParameterTypeError(
            _("`{name}` must be a Series, list or array of numbers, but {got} was passed.").format(
                name=name, got=_show(values)
            )
        )
    else:
        series = pd.Series(list(values), dtype=object)
    frame = pd.DataFrame({name: series.to_numpy()})
    return pd.Series(numeric_column(frame, name, name).to_numpy(), index=series.index, name=name)


def _threshold(name: str, value: object, data: pd.Series) -> float:
    if value is None:
        present = data.dropna()
        if not len(present):
            raise ParameterError(
                _("Cannot take the median for `{name}`: there is no value to classify.").format(name=name)
            )
        return float(present.median())
    return check_float(name, value)


def dick_basu(
    relative_attitude: object,
    repeat_patronage: object,
    *,
    attitude_threshold: float | None = None,
    patronage_threshold: float | None = None,
) -> pd.DataFrame:
    """Classify customers into Dick & Basu's four loyalty kinds.

    A value is *high* when it is strictly above its threshold (values equal to the threshold
    are low), so with the default median split at most half of the distinct-valued customers
    are high, and a variable whose median is also its minimum still separates the rest.

    Parameters
    ----------
    relative_attitude, repeat_patronage : Series, list or array of numbers
        One value per customer, same length (taken by position). Missing values give a missing
        class.
    attitude_threshold, patronage_threshold : float, optional
        Cut-offs; default: the median of the non-missing values.

    Returns
    -------
    DataFrame
        Index: that of ``relative_attitude`` if it is a Series, else 0 … n − 1. Columns
        ``relative_attitude``, ``repeat_patronage``, ``attitude_high``, ``patronage_high``
        (nullable booleans), ``loyalty`` (categorical: true, latent, spurious, none),
        ``attitude_threshold``, ``patronage_threshold`` (the cut-offs used).

    Examples
    --------
    >>> dick_basu([9, 8, 2, 1], [10, 0, 12, 1], attitude_threshold=5, patronage_threshold=5)["loyalty"].tolist()
    ['true', 'latent', 'spurious', 'none']
    """
    att = _as_series("relative_attitude", relative_attitude)
    pat = _as_series("repeat_patronage", repeat_patronage)
    if len(att) != len(pat):
        raise ParameterError(
            _(
                "`relative_attitude` and `repeat_patronage` must have the same length, but have {attitude:,} "
                "and {patronage:,} values."
            ).format(attitude=len(att), patronage=len(pat))
        )
    if len(att) == 0:
        raise ParameterError(_("`relative_attitude` is empty: there is no customer to classify."))
    a_cut = _threshold("attitude_threshold", attitude_threshold, att)
    p_cut = _threshold("patronage_threshold", patronage_threshold, pat)
    a, p = att.to_numpy(), pat.to_numpy()
    known = ~(np.isnan(a) | np.isnan(p))
    ah, ph = a > a_cut, p > p_cut
    codes = np.where(ah & ph, 0, np.where(ah, 1, np.where(ph, 2, 3)))
    codes = np.where(known, codes, -1)
    a_high = pd.array(ah, dtype="boolean")
    p_high = pd.array(ph, dtype="boolean")
    a_high[np.isnan(a)] = pd.NA
    p_high[np.isnan(p)] = pd.NA
    return pd.DataFrame(
        {
            "relative_attitude": a,
            "repeat_patronage": p,
            "attitude_high": a_high,
            "patronage_high": p_high,
            "loyalty": pd.Categorical.from_codes(codes, categories=_ORDER),
            "attitude_threshold": a_cut,
            "patronage_threshold": p_cut,
        },
        index=att.index,
    )


def relative_attitude(
    surveys: pd.DataFrame,
    *,
    intention: str = "repurchase_intention",
    competitor: str = "competitor_attitude",
    customer: str = "customer_id",
    survey_date: str | None = SURVEY_DATE,
) -> pd.Series:
    """Attitude towards the firm relative to rivals, per respondent (1–10).

    ``(intention + (11 − competitor)) / 2``: the mean of the intention to buy again and the
    reversed interest in competitors' offers (both 1–10). Latest response per customer.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"customer_id": [1], "repurchase_intention": [8], "competitor_attitude": [3]})
    >>> relative_attitude(s).tolist()
    [8.0]
    """
    check_name("intention", intention)
    check_name("competitor", competitor)
    answers = survey_answers(
        surveys, {intention: (1, 10), competitor: (1, 10)}, customer=customer, survey_date=survey_date
    )
    return ((answers[intention] + (11 - answers[competitor])) / 2).rename("relative_attitude")


def dick_basu_from_data(
    surveys: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    intention: str = "repurchase_intention",
    competitor: str = "competitor_attitude",
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
    as_of: object = None,
    survey_date: str | None = SURVEY_DATE,
    attitude_threshold: float | None = None,
    patronage_threshold: float | None = None,
) -> pd.DataFrame:
    """Dick & Basu's classes for survey respondents, attitude from the survey, patronage from orders.

    Relative attitude: :func:`relative_attitude` (mean of repurchase intention and reversed
    competitor interest, 1–10). Repeat patronage: repeat purchases (purchase days − 1) before
    ``as_of`` (see :func:`loyalty_measures`). Respondents without a purchase (rule of :mod:`crmlab.purchases`) are left out.
    Thresholds default to the medians over the respondents kept; high = strictly above.

    Returns
    -------
    DataFrame
        As :func:`dick_basu`, indexed by customer id.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"customer_id": [1, 2], "repurchase_intention": [9, 2],
    ...                   "competitor_attitude": [2, 9]})
    >>> o = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [1.0] * 3,
    ...                   "order_date": ["2024-01-01", "2024-02-01", "2024-01-01"]})
    >>> dick_basu_from_data(s, o)["loyalty"].tolist()
    ['true', 'none']
    """
    att = relative_attitude(surveys, intention=intention, competitor=competitor, customer=customer, survey_date=survey_date)
    history, _as_of = purchase_history(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    li, ri = common(att.index, history.index)
    if not len(li):
        raise ParameterError(
            _("No survey respondent has an order: `surveys` and `orders` share no customer id.")
        )
    return dick_basu(
        att.iloc[li],
        pd.Series(history["repeat_purchases"].to_numpy("float64")[ri], index=att.index[li]),
        attitude_threshold=attitude_threshold,
        patronage_threshold=patronage_threshold,
    )
