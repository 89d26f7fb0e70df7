"""Satisfaction ≠ loyalty: the satisfaction–loyalty curve and the satisfaction trap (满意陷阱).

Loyalty needs satisfaction, but within the broad "satisfied enough" band more satisfaction buys
little more loyalty; only the highly satisfied become markedly loyal. :func:`satisfaction_trap`
puts a number on it: the slope of loyalty on satisfaction in a middle band against the top band.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .._checks import _show, check_float
from .._frames import check_frame, numeric_column, require_columns
from .._frames import SURVEY_DATE
from ..errors import ParameterError, ParameterTypeError
from ..i18n import N_, _
from ..satisfaction._common import check_name, check_scale, rating
from ..purchases import AMOUNT, RETURNED
from ._common import common, purchase_history, survey_answers

__all__ = ["satisfaction_loyalty_curve", "satisfaction_trap", "OBSERVED_LOYALTY"]

#: Loyalty measures computed from ``orders`` instead of read from the survey.
OBSERVED_LOYALTY = ("repeat_purchases", "repeat_purchaser")


def _pairs(surveys, satisfaction, loyalty, orders, customer, date, amount, returned, as_of, survey_date, scale):
    """(satisfaction, loyalty) per respondent, both present."""
    check_frame(surveys, "surveys")
    check_name("satisfaction", satisfaction)
    check_name("loyalty", loyalty)
    low, high = check_scale("scale", scale)
    if orders is None:
        unused = {"customer": customer != "customer_id", "date": date != "order_date", "amount": amount is not AMOUNT,
                  "returned": returned is not RETURNED, "as_of": as_of is not None, "survey_date": survey_date != "survey_date"}
        for name, passed in unused.items():
            if passed:
                raise ParameterError(
                    _(
                        "`{name}` has no effect without `orders`: it serves the observed loyalty computed from "
                        "the order log. Pass `orders` too, or leave `{name}` out."
                    ).format(name=name)
                )
        if loyalty in OBSERVED_LOYALTY and loyalty not in surveys.columns:
            raise ParameterError(
                _("`loyalty={loyalty!r}` is computed from the order history: pass `orders` too.").format(
                    loyalty=loyalty
                )
            )
        sat = rating(surveys, "surveys", satisfaction, low, high)
        require_columns(surveys, "surveys", {loyalty: N_("the loyalty measure (numbers)")})
        loy = numeric_column(surveys, "surveys", loyalty)
        frame = pd.DataFrame({"satisfaction": sat.to_numpy(), "loyalty": loy.to_numpy()})
    else:
        if loyalty not in OBSERVED_LOYALTY:
            raise ParameterError(
                _(
                    "With `orders`, `loyalty` must be one of {names} (observed repeat buying), but "
                    "{got!r} was passed; leave `orders` out to use a survey column."
                ).format(names=list(OBSERVED_LOYALTY), got=loyalty)
            )
        answers = survey_answers(surveys, {satisfaction: (low, high)}, customer=customer, survey_date=survey_date)
        history, _as_of = purchase_history(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
        li, ri = common(answers.index, history.index)
        repeat = history["repeat_purchases"].to_numpy("float64")[ri]
        loy = repeat if loyalty == "repeat_purchases" else (repeat > 0).astype("float64")
        frame = pd.DataFrame({"satisfaction": answers[satisfaction].to_numpy()[li], "loyalty": loy})
    frame = frame.dropna()
    if frame.empty:
        raise ParameterError(_("No respondent has both a satisfaction and a loyalty value."))
    return frame


def _confidence(confidence: object) -> float:
    value = check_float("confidence", confidence)
    if not 0 < value < 1:
        raise ParameterError(
            _("`confidence` must be between 0 and 1 (e.g. 0.95), but {got} was passed.").format(got=value)
        )
    return value


def satisfaction_loyalty_curve(
    surveys: pd.DataFrame,
    satisfaction: str = "satisfaction_overall",
    loyalty: str = "repurchase_intention",
    *,
    orders: pd.DataFrame | None = None,
    confidence: float = 0.95,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
    as_of: object = None,
    survey_date: str | None = SURVEY_DATE,
    scale: tuple[float, float] = (1, 10),
) -> pd.DataFrame:
    """Mean loyalty at each satisfaction level, with a confidence interval.

    Parameters
    ----------
    surveys : DataFrame
        Survey responses.
    satisfaction : str, default "satisfaction_overall"
        Rating column (on ``scale``); each distinct value is a level (round averaged scores first).
    loyalty : str, default "repurchase_intention"
        Without ``orders``: a numeric survey column (stated loyalty). With ``orders``: observed
        loyalty, ``"repeat_purchases"`` (purchase days − 1) or ``"repeat_purchaser"`` (1 if the
        customer bought on at least two days, else 0), computed per respondent (latest response;
        respondents without a purchase left out).
    orders : DataFrame, optional
        Order log, for observed loyalty.
    confidence : float, default 0.95
        Level of the t-interval ``mean ± t(n − 1) · sd / √n`` (NaN when n < 2).
    customer, date, amount, returned, as_of, survey_date : see :func:`loyalty_measures`.
        They serve ``orders`` only: passing one without ``orders`` is an error.
    scale : (low, high), default (1, 10)
        Satisfaction scale.

    Returns
    -------
    DataFrame
        One row per satisfaction level, ascending (index named ``satisfaction``): ``n``,
        ``mean_loyalty``, ``sd`` (sample), ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"satisfaction_overall": [7, 7, 9], "repurchase_intention": [4, 6, 9]})
    >>> satisfaction_loyalty_curve(s)["mean_loyalty"].tolist()
    [5.0, 9.0]
    """
    from scipy import stats

    level = _confidence(confidence)
    frame = _pairs(surveys, satisfaction, loyalty, orders, customer, date, amount, returned, as_of, survey_date, scale)
    g = frame.groupby("satisfaction", sort=True)["loyalty"]
    out = pd.DataFrame({"n": g.size().astype("int64"), "mean_loyalty": g.mean(), "sd": g.std(ddof=1)})
    n = out["n"].to_numpy().astype("float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(n >= 2, stats.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1)), np.nan)
        half = t * out["sd"].to_numpy() / np.sqrt(n)
    out["ci_low"] = out["mean_loyalty"] - half
    out["ci_high"] = out["mean_loyalty"] + half
    out.index.name = "satisfaction"
    return out


def _band(name: str, band: object, low: float, high: float) -> tuple[float, float]:
    if (
        not isinstance(band, (tuple, list))
        or len(band) != 2
        or not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in band)
    ):
        raise ParameterTypeError(
            _("`{name}` must be a pair of satisfaction levels (from, to), but {got} was passed.").format(
                name=name, got=_show(band)
            )
        )
    a, b = float(band[0]), float(band[1])
    if not (low <= a < b <= high):
        raise ParameterError(
            _("`{name}` must be (from, to) with {low:g} ≤ from < to ≤ {high:g}, but {got} was passed.").format(
                name=name, low=low, high=high, got=_show(band)
            )
        )
    return a, b


def _slope(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """OLS slope of y on x (NaN when x has < 2 levels) and its standard error (NaN when n < 3)."""
    n = len(x)
    if n < 2 or np.unique(x).size < 2:
        return np.nan, np.nan
    xc = x - x.mean()
    sxx = float(xc @ xc)
    b = float(xc @ (y - y.mean())) / sxx
    if n < 3:
        return b, np.nan
    resid = y - y.mean() - b * xc
    s2 = float(resid @ resid) / (n - 2)
    return b, float(np.sqrt(s2 / sxx))


def satisfaction_trap(
    surveys: pd.DataFrame,
    satisfaction: str = "satisfaction_overall",
    loyalty: str = "repurchase_intention",
    *,
    middle: tuple[float, float] = (4, 7),
    top: tuple[float, float] = (8, 10),
    orders: pd.DataFrame | None = None,
    confidence: float = 0.95,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
    as_of: object = None,
    survey_date: str | None = SURVEY_DATE,
    scale: tuple[float, float] = (1, 10),
) -> pd.DataFrame:
    """How much loyalty one more point of satisfaction buys, in the middle band and at the top.

    In each band (inclusive ``from ≤ satisfaction ≤ to``) the slope is the ordinary
    least-squares slope of loyalty on satisfaction over the respondents in the band (loyalty
    units per satisfaction point), with its standard error and a t-interval (n − 2 degrees of
    freedom). The third row is the difference top − middle, with standard error
    ``√(se_top² + se_middle²)`` and a normal interval. A trap shows as a flat middle slope and a
    much steeper top slope; ``ratio_to_middle`` is slope / middle slope.

    Parameters
    ----------
    surveys, satisfaction, loyalty, orders, confidence, customer, date, amount, returned,
    as_of, survey_date, scale
        As in :func:`satisfaction_loyalty_curve`.
    middle, top : (from, to), default (4, 7) and (8, 10)
        The two bands of satisfaction levels; they must not overlap.

    Returns
    -------
    DataFrame
        Index ``band``: ``middle``, ``top``, ``top_minus_middle``; columns ``low``, ``high``,
        ``n``, ``mean_loyalty``, ``slope``, ``slope_se``, ``ci_low``, ``ci_high``,
        ``ratio_to_middle``. A band with fewer than two satisfaction levels has a NaN slope;
        with fewer than three respondents the slope has no standard error or interval.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"satisfaction_overall": [4, 5, 6, 7, 8, 9, 10],
    ...                   "repurchase_intention": [3, 3, 3, 3, 5, 7, 9]})
    >>> satisfaction_trap(s)["slope"].round(6).tolist()
    [0.0, 2.0, 2.0]
    """
    from scipy import stats

    level = _confidence(confidence)
    low, high = check_scale("scale", scale)
    m_lo, m_hi = _band("middle", middle, low, high)
    t_lo, t_hi = _band("top", top, low, high)
    if not (m_hi < t_lo or t_hi < m_lo):
        raise ParameterError(
            _("`middle` {middle!r} and `top` {top!r} must not overlap.").format(middle=middle, top=top)
        )
    frame = _pairs(surveys, satisfaction, loyalty, orders, customer, date, amount, returned, as_of, survey_date, scale)
    rows = {}
    for band, (a, b) in (("middle", (m_lo, m_hi)), ("top", (t_lo, t_hi))):
        part = frame[(frame["satisfaction"] >= a) & (frame["satisfaction"] <= b)]
        slope, se = _slope(part["satisfaction"].to_numpy(), part["loyalty"].to_numpy())
        n = len(part)
        t = stats.t.ppf(0.5 + level / 2, n - 2) if n >= 3 else np.nan
        rows[band] = {
            "low": a,
            "high": b,
            "n": n,
            "mean_loyalty": float(part["loyalty"].mean()) if n else np.nan,
            "slope": slope,
            "slope_se": se,
            "ci_low": slope - t * se,
            "ci_high": slope + t * se,
        }
    diff = rows["top"]["slope"] - rows["middle"]["slope"]
    diff_se = float(np.hypot(rows["top"]["slope_se"], rows["middle"]["slope_se"]))
    z = stats.norm.ppf(0.5 + level / 2)
    rows["top_minus_middle"] = {
        "low": np.nan,
        "high": np.nan,
        "n": rows["top"]["n"] + rows["middle"]["n"],
        "mean_loyalty": rows["top"]["mean_loyalty"] - rows["middle"]["mean_loyalty"],
        "slope": diff,
        "slope_se": diff_se,
        "ci_low": diff - z * diff_se,
        "ci_high": diff + z * diff_se,
    }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "band"
    out["n"] = out["n"].astype("int64")
    mid = rows["middle"]["slope"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ratio_to_middle"] = out["slope"] / mid if mid != 0 else np.nan
    out.loc["top_minus_middle", "ratio_to_middle"] = np.nan
    return out
