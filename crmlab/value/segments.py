"""Named RFM segments: a map from every R × F × M score cell to exactly one segment.

The default map is drawn on a 5 × 5 grid of the recency score R and the *FM score*
``FM = ceil((F + M) / 2)`` (the mean of the frequency and monetary scores, rounded up), so
each of the 125 R×F×M cells falls in exactly one of eleven segments and every segment is
reachable (popular tutorial tables use first-match rules that leave cells unassigned and
segments unreachable)::

    R \\ FM   1                2                    3                    4          5
    5        new_customers    potential_loyalists  potential_loyalists  champions  champions
    4        promising        potential_loyalists  potential_loyalists  champions  champions
    3        about_to_sleep   about_to_sleep       need_attention       loyal      loyal
    2        hibernating      hibernating          at_risk              at_risk    cannot_lose
    1        lost             lost                 at_risk              at_risk    cannot_lose
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._checks import _show, check_int
from .._frames import check_frame, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _, label, ngettext

__all__ = ["DEFAULT_SEGMENT_MAP", "rfm_segments", "segment_map_table", "segment_guide"]

#: Default segment map (for 5 score levels): segment → rule on R and FM = ceil((F + M) / 2).
#: A rule maps "r", "f", "m" and/or "fm" to a score or an inclusive (low, high) range.
DEFAULT_SEGMENT_MAP: dict[str, dict[str, object]] = {
    "champions": {"r": (4, 5), "fm": (4, 5)},
    "loyal": {"r": 3, "fm": (4, 5)},
    "potential_loyalists": {"r": (4, 5), "fm": (2, 3)},
    "new_customers": {"r": 5, "fm": 1},
    "promising": {"r": 4, "fm": 1},
    "need_attention": {"r": 3, "fm": 3},
    "about_to_sleep": {"r": 3, "fm": (1, 2)},
    "at_risk": {"r": (1, 2), "fm": (3, 4)},
    "cannot_lose": {"r": (1, 2), "fm": 5},
    "hibernating": {"r": 2, "fm": (1, 2)},
    "lost": {"r": 1, "fm": (1, 2)},
}

_DESCRIPTIONS = {
    "champions": N_("Bought recently, buy often and spend the most. Reward them; ask for reviews and referrals."),
    "loyal": N_("Spend a lot and buy often, but not as recently as champions. Offer loyalty rewards and upgrades."),
    "potential_loyalists": N_("Recent customers with average frequency and spend. Offer membership and recommendations."),
    "new_customers": N_("Bought very recently, once and not much. Welcome them and help them get started."),
    "promising": N_("Recent but low frequency and spend. Build awareness with offers and free trials."),
    "need_attention": N_("Average recency, frequency and spend. Make limited-time offers based on their history."),
    "about_to_sleep": N_("Below-average recency and low value. Reconnect with popular products and discounts."),
    "at_risk": N_("Used to buy fairly often and spend well, but long ago. Send personal messages to win them back."),
    "cannot_lose": N_("Were among the best customers but have not bought for a long time. Win them back; talk to them."),
    "hibernating": N_("Last bought long ago, little and rarely. Offer relevant products; do not over-invest."),
    "lost": N_("Lowest recency, frequency and spend. Try a win-back campaign, otherwise let go."),
}

_KEYS = ("r", "f", "m", "fm")


def _range(value: object, key: str, segment: str, bins: int) -> tuple[int, int]:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        low = high = int(value)
    elif isinstance(value, (tuple, list)) and len(value) == 2 and all(
        isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value
    ):
        low, high = int(value[0]), int(value[1])
    else:
        raise ParameterTypeError(
            _(
                "`segment_map[{segment!r}]`, key {key!r}, must be a score or a (low, high) pair of scores, "
                "but {got} was passed."
            ).format(segment=segment, key=key, got=_show(value))
        )
    if not 1 <= low <= high <= bins:
        raise ParameterError(
            _(
                "`segment_map[{segment!r}]`, key {key!r}, must lie within 1 … {bins} with low ≤ high, "
                "but {got} was passed."
            ).format(segment=segment, key=key, bins=bins, got=_show(value))
        )
    return low, high


def _rules(segment_map: object, bins: int) -> list[tuple[str, list[dict[str, tuple[int, int]]]]]:
    if not isinstance(segment_map, Mapping) or len(segment_map) == 0:
        raise ParameterTypeError(
            _(
                "`segment_map` must be a non-empty dict {{segment name: rule or list of rules}}, but {got} "
                "was passed."
            ).format(got=_show(segment_map))
        )
    parsed = []
    for name, rules in segment_map.items():
        if not isinstance(name, str) or not name:
            raise ParameterTypeError(
                _("`segment_map` keys must be segment names (str), but {got} was passed.").format(
                    got=_show(name)
                )
            )
        rule_list = [rules] if isinstance(rules, Mapping) else rules
        if not isinstance(rule_list, (list, tuple)) or not rule_list or not all(isinstance(r, Mapping) for r in rule_list):
            raise ParameterTypeError(
                _(
                    "`segment_map[{name!r}]` must be a rule such as {{'r': (4, 5), 'fm': 5}} or a list of "
                    "rules, but {got} was passed."
                ).format(name=name, got=_show(rules))
            )
        out = []
        for rule in rule_list:
            unknown = [k for k in rule if k not in _KEYS]
            if unknown:
                raise ParameterError(
                    _("`segment_map[{name!r}]` has unknown key(s) {unknown}; a rule may use {names}.").format(
                        name=name, unknown=unknown, names=list(_KEYS)
                    )
                )
            out.append({k: _range(rule[k], k, name, bins) for k in rule})
        parsed.append((name, out))
    return parsed


def _cell_table(segment_map: object, bins: int) -> tuple[list[str], np.ndarray]:
    """Segment names and an array ``[r, f, m] → segment index`` (index 0 unused), validated."""
    if segment_map is None:
        if bins != 5:
            raise ParameterError(
                _(
                    "The default segment map is for 5 score levels, but `bins` is {bins}; pass your own "
                    "`segment_map` for other numbers of levels."
                ).format(bins=bins)
            )
        segment_map = DEFAULT_SEGMENT_MAP
    parsed = _rules(segment_map, bins)
    names = [name for name, _r in parsed]
    hits: dict[tuple[int, int, int], list[str]] = {}
    for r, f, m in itertools.product(range(1, bins + 1), repeat=3):
        fm = (f + m + 1) // 2
        score = {"r": r, "f": f, "m": m, "fm": fm}
        for name, rules in parsed:
            if any(all(lo <= score[k] <= hi for k, (lo, hi) in rule.items()) for rule in rules):
                hits.setdefault((r, f, m), []).append(name)
    cells = list(itertools.product(range(1, bins + 1), repeat=3))
    missing = [c for c in cells if c not in hits]
    double = [c for c in cells if len(hits.get(c, ())) > 1]
    problems = []
    if missing:
        shown = ", ".join("R{}F{}M{}".format(*c) for c in missing[:10]) + (" …" if len(missing) > 10 else "")
        problems.append(
            ngettext("{n:,} cell is in no segment: {cells}.", "{n:,} cells are in no segment: {cells}.", len(missing)).format(
                n=len(missing), cells=shown
            )
        )
    if double:
        shown = ", ".join("R{}F{}M{} ({})".format(*c, " & ".join(hits[c])) for c in double[:10])
        shown += " …" if len(double) > 10 else ""
        problems.append(
            ngettext(
                "{n:,} cell is in more than one segment: {cells}.",
                "{n:,} cells are in more than one segment: {cells}.",
                len(double),
            ).format(n=len(double), cells=shown)
        )
    if problems:
        raise ParameterError(
            " ".join(
                [
                    _("`segment_map` must put each of the {n:,} R×F×M cells in exactly one segment.").format(
                        n=bins**3
                    ),
                    *problems,
                ]
            )
        )
    table = np.zeros((bins + 1,) * 3, dtype=np.int64)
    for (r, f, m), found in hits.items():
        table[r, f, m] = names.index(found[0])
    return names, table


def _score_column(scores: pd.DataFrame, col: str, bins: int) -> np.ndarray:
    values = scores[col]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise ColumnError(
            _("Column {column!r} of `scores` must hold whole-number scores, but it has dtype {dtype}.").format(
                column=col, dtype=values.dtype
            )
        )
    arr = values.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isin(arr, np.arange(1, bins + 1))
    if bad.any():
        raise ColumnError(
            _(
                "Column {column!r} of `scores` must hold scores 1 … {bins} (`bins`={bins}), but it holds "
                "{got}."
            ).format(column=col, bins=bins, got=_show(values[bad].iloc[0]))
        )
    return arr.astype(np.int64)


def rfm_segments(scores: pd.DataFrame, segment_map: Mapping | None = None, *, bins: int = 5) -> pd.DataFrame:
    """Name each customer's RFM segment (客户细分) from their R, F and M scores.

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`rfm_scores` (columns ``r_score``, ``f_score``, ``m_score`` holding
        whole numbers 1 … ``bins``).
    segment_map : dict, optional
        ``{segment: rule}`` or ``{segment: [rule, …]}``; a rule is a dict whose keys ``"r"``,
        ``"f"``, ``"m"`` and ``"fm"`` (``ceil((F + M) / 2)``) each give a score or an
        inclusive ``(low, high)`` range (a missing key means any score); a cell belongs to a
        segment when it satisfies all keys of one of its rules. The map must put each of the
        ``bins³`` cells in exactly one segment (a :class:`ParameterError` names the cells
        left out or covered twice). Default: :data:`DEFAULT_SEGMENT_MAP` (11 segments on R ×
        FM, for ``bins=5``; see :func:`segment_map_table`).
    bins : int
        Number of score levels used to make ``scores`` (2 … 10).

    Returns
    -------
    DataFrame
        ``scores`` (a copy) with a categorical column ``segment`` holding segment codes, its
        categories in the map's order. Display names: :func:`crmlab.i18n.label`.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"r_score": [5, 1], "f_score": [5, 1], "m_score": [4, 2]})
    >>> rfm_segments(s)["segment"].tolist()
    ['champions', 'lost']
    """
    check_frame(scores, "scores", allow_empty=True)
    bins = check_int("bins", bins, low=2, high=10)
    names, table = _cell_table(segment_map, bins)
    require_columns(scores, "scores", {c: N_("scores 1 … bins") for c in ("r_score", "f_score", "m_score")})
    r, f, m = (_score_column(scores, c, bins) for c in ("r_score", "f_score", "m_score"))
    out = scores.copy()
    out["segment"] = pd.Categorical.from_codes(table[r, f, m], categories=names)
    return out


def segment_map_table(segment_map: Mapping | None = None, *, bins: int = 5, display: bool = False) -> pd.DataFrame:
    """The segment map as a grid: R score (rows, best first) × FM score (columns).

    ``FM = ceil((F + M) / 2)``. A grid cell whose R×F×M cells fall in several segments (possible
    only in a custom map that uses ``f``/``m`` separately) lists them joined by " / ".

    Parameters
    ----------
    segment_map : dict, optional
        As in :func:`rfm_segments`; default :data:`DEFAULT_SEGMENT_MAP`.
    bins : int
        Number of score levels (2 … 10).
    display : bool
        Show translated display names instead of segment codes.

    Returns
    -------
    DataFrame
        ``bins × bins`` table of segment codes; index ``r_score`` (bins … 1), columns
        ``fm_score`` (1 … bins).

    Examples
    --------
    >>> segment_map_table().loc[5, 5]
    'champions'
    """
    bins = check_int("bins", bins, low=2, high=10)
    if not isinstance(display, bool):
        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name="display", got=_show(display))
        )
    names, table = _cell_table(segment_map, bins)
    show = (lambda code: label(code, "rfm_segment")) if display else (lambda code: code)
    grid = {}
    for r in range(bins, 0, -1):
        row = {}
        for fm in range(1, bins + 1):
            found = []
            for f, m in itertools.product(range(1, bins + 1), repeat=2):
                if (f + m + 1) // 2 == fm:
                    name = names[table[r, f, m]]
                    if name not in found:
                        found.append(name)
            row[fm] = " / ".join(show(n) for n in found)
        grid[r] = row
    out = pd.DataFrame.from_dict(grid, orient="index")
    out.index.name = "r_score"
    out.columns.name = "fm_score"
    return out


def segment_guide(segment_map: Mapping | None = None, *, bins: int = 5) -> pd.DataFrame:
    """One row per segment: its display name, its share of the R×F×M cells and what it means.

    Returns
    -------
    DataFrame
        Index ``segment`` (codes, in map order); columns ``name`` (translated display name),
        ``cells`` (how many of the ``bins³`` cells it holds), ``description`` (translated;
        empty for segments of a custom map that crmlab does not know).

    Examples
    --------
    >>> int(segment_guide()["cells"].sum())
    125
    """
    bins = check_int("bins", bins, low=2, high=10)
    names, table = _cell_table(segment_map, bins)
    counts = np.bincount(table[1:, 1:, 1:].ravel(), minlength=len(names))
    out = pd.DataFrame(
        {
            "name": [label(n, "rfm_segment") for n in names],
            "cells": counts.astype(np.int64),
            "description": [_(_DESCRIPTIONS[n]) if n in _DESCRIPTIONS else "" for n in names],
        },
        index=pd.Index(names, name="segment"),
    )
    return out
