"""An ACSI-style satisfaction index (客户满意度指数) on a 0–100 scale.

The American Customer Satisfaction Index combines three 1–10 items — overall satisfaction,
satisfaction against expectations and against an ideal supplier — rescaled to 0–100. The real
ACSI estimates the weights with a structural model; here they are equal unless given.
"""

from __future__ import annotations

import pandas as pd

from .._frames import check_frame
from ._common import check_items, check_scale, check_weights, group_keys, rating

__all__ = ["acsi_index", "acsi_scores", "ACSI_ITEMS"]

#: The three ACSI items of the simulated survey.
ACSI_ITEMS = ("satisfaction_overall", "satisfaction_vs_expectation", "satisfaction_vs_ideal")


def _prepare(surveys, items, weights, scale):
    check_frame(surveys, "surveys")
    items = check_items("items", items)
    w = check_weights(weights, items)
    low, high = check_scale("scale", scale)
    values = pd.DataFrame({i: rating(surveys, "surveys", i, low, high).to_numpy() for i in items}, index=surveys.index)
    return items, w, low, high, values


def acsi_scores(
    surveys: pd.DataFrame,
    items: object = ACSI_ITEMS,
    weights: object = None,
    *,
    scale: tuple[float, float] = (1, 10),
) -> pd.Series:
    """Each respondent's index: ``Σ wᵢ (xᵢ − 1) / 9 × 100`` over the items (0–100).

    Parameters
    ----------
    surveys : DataFrame
        One row per response, with the item columns.
    items : list of str
        Item columns, each rated on ``scale``.
    weights : list of float or dict, optional
        One non-negative weight per item, summing to 1; equal weights by default.
    scale : (low, high), default (1, 10)
        The items' scale; in general an item contributes ``(x − low) / (high − low) × 100``.

    Returns
    -------
    Series ``acsi`` (float, 0–100), aligned with ``surveys``' index. A respondent missing any
    item gets NaN (weights are not re-spread over the items answered).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [10, 1], "b": [7, 4]})
    >>> acsi_scores(s, items=["a", "b"]).tolist()   # (9/9·100 + 6/9·100)/2, (0 + 3/9·100)/2
    [83.33333333333333, 16.666666666666664]
    """
    _items, w, low, high, raw = _prepare(surveys, items, weights, scale)
    score = ((raw.to_numpy() - low) / (high - low) * 100.0) @ w  # NaN propagates: a missing item gives NaN
    return pd.Series(score, index=surveys.index, name="acsi")


def acsi_index(
    surveys: pd.DataFrame,
    items: object = ACSI_ITEMS,
    weights: object = None,
    *,
    by: object = None,
    scale: tuple[float, float] = (1, 10),
) -> pd.DataFrame:
    """The ACSI-style index of a group: ``Σ wᵢ (x̄ᵢ − 1) / 9 × 100`` (0–100).

    ``x̄ᵢ`` is the mean of item *i* over the respondents who answered it, so with missing
    answers the index can differ from the mean of :func:`acsi_scores` (which needs every item);
    with complete answers the two agree.

    Parameters
    ----------
    surveys, items, weights, scale
        As in :func:`acsi_scores`.
    by : str or list of str, optional
        Column(s) to group by (e.g. ``"method"``); rows with a missing group are left out.
        Categorical groups appear in category order, only those observed.

    Returns
    -------
    DataFrame
        One row per group (index named after ``by``; without ``by`` a single row ``"all"`` in an
        index named ``group``): ``n`` (responses in the group), ``mean_<item>`` for each item
        (on its own scale) and ``acsi`` (0–100; NaN if an item has no answer in the group).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [10, 1], "b": [7, 4]})
    >>> float(acsi_index(s, items=["a", "b"], weights=[0.75, 0.25])["acsi"].iloc[0])
    50.0
    """
    items, w, low, high, raw = _prepare(surveys, items, weights, scale)
    keys = group_keys(surveys, "surveys", by)
    raw.columns = [f"mean_{i}" for i in items]
    if keys is None:
        means = raw.mean().to_frame().T
        means.index = pd.Index(["all"], name="group")
        n = pd.Series([len(surveys)], index=means.index)
    else:
        grouped = raw.groupby([surveys[k] for k in keys], observed=True, dropna=True, sort=True)
        means = grouped.mean()
        n = grouped.size()
    scaled_means = (means.to_numpy() - low) / (high - low) * 100.0
    out = means.copy()
    out.insert(0, "n", n.astype("int64").to_numpy())
    out["acsi"] = scaled_means @ w
    return out
