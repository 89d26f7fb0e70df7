"""Expectation–disconfirmation (期望-实绩): perceived performance P against expectation E.

The courseware defines satisfaction as the ratio P / E: above 1 the customer is delighted,
equal to 1 satisfied, below 1 dissatisfied. The gap P − E is the usual research form.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_float
from .._frames import check_frame, require_columns
from ..errors import ParameterError
from ..i18n import N_, _
from ._common import EPS, check_name, check_scale, rating, resolve_attributes

__all__ = ["disconfirmation", "disconfirmation_summary", "OUTCOMES"]

#: Outcome codes, best first.
OUTCOMES = ("delighted", "satisfied", "dissatisfied")


def disconfirmation(
    surveys: pd.DataFrame,
    attributes: object = None,
    *,
    tolerance: float = 0.05,
    expect_prefix: str = "expect_",
    perform_prefix: str = "perform_",
    id: str | None = "survey_id",
    scale: tuple[float, float] = (1, 10),
) -> pd.DataFrame:
    """Perceived performance against expectation, per response and attribute.

    For response *r* and attribute *a* with expectation ``E = expect_a`` and perceived
    performance ``P = perform_a``:

    * ``gap = P − E`` (scale points; positive = better than expected);
    * ``ratio = P / E`` — the courseware's satisfaction ratio (客户满意 = 感知 / 期望);
    * ``outcome``: ``"satisfied"`` when ``|P/E − 1| ≤ tolerance`` (boundary included),
      else ``"delighted"`` when ``P/E > 1``, else ``"dissatisfied"``. With the default 5 %
      tolerance on whole-number 1–10 ratings only ``P = E`` counts as satisfied.

    Parameters
    ----------
    surveys : DataFrame
        One row per response with columns ``expect_prefix + a`` and ``perform_prefix + a``.
    attributes : list of str, optional
        Attribute names (``["quality", "price"]``). Default: every attribute having both
        columns, in column order.
    tolerance : float, default 0.05
        Relative band around a ratio of 1 that counts as "satisfied" (0 ≤ tolerance < 1).
    expect_prefix, perform_prefix : str
        Column-name prefixes of expectations and performances.
    id : str or None, default "survey_id"
        Column identifying a response, copied to the result. ``None``: the response's row
        position (0, 1, …) is reported in a column ``"response"``.
    scale : (low, high), default (1, 10)
        Rating scale; ``low`` must be positive so that the ratio is defined. A rating outside
        the scale is an error.

    Returns
    -------
    DataFrame
        One row per response × attribute with both ratings present (a missing E or P gives no
        row), in response order then attribute order: the id column, ``attribute``
        (categorical, in analysis order), ``expectation``, ``performance``, ``gap``, ``ratio``,
        ``outcome`` (categorical: delighted, satisfied, dissatisfied).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"survey_id": [1, 2], "expect_quality": [8, 5], "perform_quality": [6, 5]})
    >>> disconfirmation(s)[["gap", "ratio", "outcome"]].values.tolist()
    [[-2.0, 0.75, 'dissatisfied'], [0.0, 1.0, 'satisfied']]
    """
    check_frame(surveys, "surveys")
    tol = check_float("tolerance", tolerance, low=0.0)
    if tol >= 1:
        raise ParameterError(
            _("`tolerance` must be below 1 (a relative band), but {got} was passed.").format(got=tol)
        )
    low, high = check_scale("scale", scale)
    if low <= 0:
        raise ParameterError(
            _("`scale` must start above 0 so that the ratio P / E is defined, but {got!r} was passed.").format(
                got=scale
            )
        )
    attrs = resolve_attributes(surveys, "surveys", attributes, {"expect_prefix": expect_prefix, "perform_prefix": perform_prefix})
    if id is None:
        ids = pd.Series(np.arange(len(surveys)), name="response")
    else:
        check_name("id", id)
        require_columns(surveys, "surveys", {id: N_("response ids")})
        ids = pd.Series(surveys[id].to_numpy(), name=id)
    id_name = ids.name
    parts = []
    for j, a in enumerate(attrs):
        e = rating(surveys, "surveys", expect_prefix + a, low, high).to_numpy()
        p = rating(surveys, "surveys", perform_prefix + a, low, high).to_numpy()
        parts.append(
            pd.DataFrame(
                {"_row": np.arange(len(surveys)), "_a": j, id_name: ids.to_numpy(), "expectation": e, "performance": p}
            )
        )
    out = pd.concat(parts, ignore_index=True).dropna(subset=["expectation", "performance"])
    out = out.sort_values(["_row", "_a"], kind="stable")
    out["attribute"] = pd.Categorical.from_codes(out["_a"].to_numpy(), categories=attrs)
    out["gap"] = out["performance"] - out["expectation"]
    out["ratio"] = out["performance"] / out["expectation"]
    out["outcome"] = classify_ratio(out["ratio"].to_numpy(), tol)
    cols = [id_name, "attribute", "expectation", "performance", "gap", "ratio", "outcome"]
    return out[cols].reset_index(drop=True)


def classify_ratio(ratio: np.ndarray, tolerance: float) -> pd.Categorical:
    """Outcome codes of P/E ratios (see :func:`disconfirmation`)."""
    codes = np.where(
        np.abs(ratio - 1.0) <= tolerance + EPS, 1, np.where(ratio > 1.0, 0, 2)
    )
    return pd.Categorical.from_codes(codes, categories=list(OUTCOMES))


def disconfirmation_summary(
    surveys: pd.DataFrame,
    attributes: object = None,
    *,
    tolerance: float = 0.05,
    expect_prefix: str = "expect_",
    perform_prefix: str = "perform_",
    scale: tuple[float, float] = (1, 10),
) -> pd.DataFrame:
    """Disconfirmation per attribute: mean expectation, performance, gap, ratio and outcome shares.

    Uses the pairs of :func:`disconfirmation` (same parameters and rules).

    Returns
    -------
    DataFrame
        Indexed by ``attribute`` (analysis order): ``n`` (responses with both ratings),
        ``mean_expectation``, ``mean_performance``, ``mean_gap`` (mean of P − E),
        ``mean_ratio`` (mean of the individual P / E — not the ratio of the means),
        ``share_delighted``, ``share_satisfied``, ``share_dissatisfied`` (shares of the ``n``
        responses; they sum to 1). An attribute with no complete pair has ``n = 0`` and NaN
        elsewhere.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"expect_price": [8, 5, 4], "perform_price": [6, 5, 6]})
    >>> disconfirmation_summary(s)[["mean_gap", "share_delighted"]].round(3).values.tolist()
    [[0.0, 0.333]]
    """
    pairs = disconfirmation(
        surveys,
        attributes,
        tolerance=tolerance,
        expect_prefix=expect_prefix,
        perform_prefix=perform_prefix,
        id=None,
        scale=scale,
    )
    g = pairs.groupby("attribute", observed=False)
    out = pd.DataFrame(
        {
            "n": g.size().astype("int64"),
            "mean_expectation": g["expectation"].mean(),
            "mean_performance": g["performance"].mean(),
            "mean_gap": g["gap"].mean(),
            "mean_ratio": g["ratio"].mean(),
        }
    )
    counts = pairs.groupby(["attribute", "outcome"], observed=False).size().unstack("outcome")
    n = out["n"].where(out["n"] > 0)
    for code in OUTCOMES:
        out[f"share_{code}"] = (counts[code].reindex(out.index).astype("float64") / n).to_numpy()
    out.index = pd.Index([str(a) for a in out.index], name="attribute")
    return out
