"""Net Promoter Score (净推荐值): promoters minus detractors on the 0–10 "would you recommend" item."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .._checks import _show
from .._frames import check_frame
from ..errors import ParameterError, ParameterTypeError
from ..i18n import _
from ._common import check_name, group_keys, rating

__all__ = ["nps", "NPS_CLASSES"]

#: Classes of a 0–10 answer: promoter (9–10), passive (7–8), detractor (0–6).
NPS_CLASSES = ("promoter", "passive", "detractor")


def nps(scores: object, column: str = "recommend", by: object = None) -> pd.DataFrame:
    """Net Promoter Score: % promoters − % detractors, from −100 to 100.

    A promoter answers 9 or 10, a detractor 0 to 6, a passive 7 or 8. Non-whole answers are
    classed by the same inequalities (score ≥ 9 promoter, score ≤ 6 detractor, else passive).
    Missing answers are left out of every count; an answer outside 0–10 is an error.

    Parameters
    ----------
    scores : DataFrame, Series, list or array
        The answers: a DataFrame's ``column``, or the values themselves.
    column : str, default "recommend"
        The 0–10 column when ``scores`` is a DataFrame.
    by : str or list of str, optional
        Group column(s) of the DataFrame; rows with a missing group are left out.

    Returns
    -------
    DataFrame
        One row per group (without ``by``: a single row ``"all"`` in an index named ``group``):
        ``n`` (answers), ``promoters``, ``passives``, ``detractors`` (counts),
        ``pct_promoters``, ``pct_passives``, ``pct_detractors`` (percent of ``n``, summing to 100)
        and ``nps`` (``pct_promoters − pct_detractors``; NaN when ``n = 0``).

    Examples
    --------
    >>> float(nps([10, 9, 8, 6, 0])["nps"].iloc[0])   # (2 − 2) / 5 × 100
    0.0
    """
    if isinstance(scores, pd.DataFrame):
        check_frame(scores, "scores", allow_empty=True)
        check_name("column", column)
        values = rating(scores, "scores", column, 0, 10)
        keys = group_keys(scores, "scores", by)
    else:
        if by is not None:
            raise ParameterError(_("`by` needs `scores` to be a DataFrame holding the group column(s)."))
        if isinstance(scores, (str, bytes, dict)) or not isinstance(scores, Iterable):
            raise ParameterTypeError(
                _("`scores` must be a DataFrame, a Series or a list of 0–10 answers, but {got} was passed.").format(
                    got=_show(scores)
                )
            )
        series = pd.Series(scores if isinstance(scores, pd.Series) else list(scores), dtype=object)
        frame = pd.DataFrame({"score": series.to_numpy()})
        values = rating(frame, "scores", "score", 0, 10)
        keys = None
    frame = pd.DataFrame(
        {
            "promoters": (values >= 9).astype("int64"),
            "passives": ((values > 6) & (values < 9)).astype("int64"),
            "detractors": (values <= 6).astype("int64"),
            "n": values.notna().astype("int64"),
        },
        index=values.index,
    )
    if keys is None:
        counts = frame.sum().to_frame().T
        counts.index = pd.Index(["all"], name="group")
    else:
        counts = frame.groupby([scores[k] for k in keys], observed=True, dropna=True, sort=True).sum()
    out = counts[["n", "promoters", "passives", "detractors"]].astype("int64")
    n = out["n"].where(out["n"] > 0).astype("float64")
    for col in ("promoters", "passives", "detractors"):
        out[f"pct_{col}"] = out[col] / n * 100.0
    out["nps"] = out["pct_promoters"] - out["pct_detractors"]
    return out
