"""Importance–performance analysis (重要性–绩效分析, Martilla & James 1977)."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .._checks import _show, check_choice
from .._frames import check_frame
from ..errors import ParameterError
from ..i18n import _
from ._common import EPS, check_scale, rating, resolve_attributes

__all__ = ["importance_performance", "QUADRANTS"]

#: Quadrant codes: (importance high?, performance high?) → code.
QUADRANTS = {
    (True, False): "concentrate_here",
    (True, True): "keep_up_the_good_work",
    (False, False): "low_priority",
    (False, True): "possible_overkill",
}


def importance_performance(
    surveys: pd.DataFrame,
    attributes: object = None,
    crosshair: object = "mean",
    *,
    importance_prefix: str = "importance_",
    perform_prefix: str = "perform_",
    scale: tuple[float, float] = (1, 10),
) -> pd.DataFrame:
    """Mean importance and mean performance per attribute, and the IPA quadrant of each.

    The cross-hairs split the grid into four quadrants:

    * ``concentrate_here`` — important, performing below the cross-hair (fix first);
    * ``keep_up_the_good_work`` — important and performing well;
    * ``low_priority`` — unimportant and performing below the cross-hair;
    * ``possible_overkill`` — unimportant but performing well (resources could move).

    An attribute exactly on a cross-hair counts as high on that axis.

    Parameters
    ----------
    surveys : DataFrame
        One row per response with ``importance_prefix + a`` and ``perform_prefix + a``.
    attributes : list of str, optional
        Default: every attribute having both columns, in column order.
    crosshair : {"mean", "midpoint"} or (importance, performance)
        ``"mean"`` (default): each cross-hair is the mean of the attribute means (data-centred);
        ``"midpoint"``: the middle of ``scale`` (5.5 on 1–10) on both axes; or two numbers.
    importance_prefix, perform_prefix : str
        Column-name prefixes.
    scale : (low, high), default (1, 10)
        Rating scale; a rating outside it is an error.

    Returns
    -------
    DataFrame
        Indexed by ``attribute`` (analysis order): ``n_importance`` and ``n_performance``
        (answers present — each mean uses its own answers), ``importance``, ``performance``
        (means), ``quadrant`` (code), ``importance_crosshair``, ``performance_crosshair`` (the
        cross-hairs used, the same on every row). Raises if an attribute has no answer.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"importance_a": [9, 7], "perform_a": [4, 6],
    ...                   "importance_b": [3, 3], "perform_b": [8, 8]})
    >>> importance_performance(s)["quadrant"].tolist()   # cross-hairs (8+3)/2 = 5.5 and (5+8)/2 = 6.5
    ['concentrate_here', 'possible_overkill']
    """
    check_frame(surveys, "surveys")
    low, high = check_scale("scale", scale)
    attrs = resolve_attributes(surveys, "surveys", attributes, {"importance_prefix": importance_prefix, "perform_prefix": perform_prefix})
    rows = []
    for a in attrs:
        imp = rating(surveys, "surveys", importance_prefix + a, low, high)
        perf = rating(surveys, "surveys", perform_prefix + a, low, high)
        if imp.notna().sum() == 0 or perf.notna().sum() == 0:
            raise ParameterError(
                _(
                    "Attribute {attribute!r} has no importance or no performance answer in `surveys`: leave it "
                    "out of `attributes`."
                ).format(attribute=a)
            )
        rows.append((a, int(imp.notna().sum()), int(perf.notna().sum()), imp.mean(), perf.mean()))
    out = pd.DataFrame(rows, columns=["attribute", "n_importance", "n_performance", "importance", "performance"])
    out = out.set_index("attribute")
    if isinstance(crosshair, str):
        check_choice("crosshair", crosshair, ["mean", "midpoint"])
        if crosshair == "mean":
            ci, cp = float(out["importance"].mean()), float(out["performance"].mean())
        else:
            ci = cp = (low + high) / 2
    elif (
        isinstance(crosshair, (tuple, list))
        and len(crosshair) == 2
        and all(isinstance(v, numbers.Real) and not isinstance(v, bool) and np.isfinite(v) for v in crosshair)
    ):
        ci, cp = float(crosshair[0]), float(crosshair[1])
    else:
        raise ParameterError(
            _(
                "The value for `crosshair` must be 'mean', 'midpoint' or two numbers (importance, "
                "performance), but {got} was passed."
            ).format(got=_show(crosshair))
        )
    # EPS: a mean equal to the cross-hair up to rounding (e.g. three equal means) counts as on it.
    hi_imp = out["importance"] >= ci - EPS
    hi_perf = out["performance"] >= cp - EPS
    out["quadrant"] = [QUADRANTS[(bool(i), bool(p))] for i, p in zip(hi_imp, hi_perf)]
    out["importance_crosshair"] = ci
    out["performance_crosshair"] = cp
    return out
