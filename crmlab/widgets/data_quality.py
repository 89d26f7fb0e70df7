"""Lesson 01 explorer: how the match threshold trades precision against recall (查重 / 匹配).

The slow step — standardising the archive and scoring the candidate pairs with
:func:`crmlab.profile.score_pairs` — runs once, with every blocking key, in
:func:`data_quality_scores`. Each move of a control then only

* keeps the pairs that share one of the chosen blocking keys (the ``blocks`` column),
* cuts them at the threshold (:func:`crmlab.profile.matches`),
* measures the cut against the truth (:func:`crmlab.profile.match_quality`,
  :func:`crmlab.profile.threshold_curve`) and counts the records a merge would remove
  (:func:`crmlab.profile.cluster_duplicates`).

Keeping the pairs of some keys gives exactly the pairs :func:`score_pairs` finds with those
keys alone: a pair's score does not depend on how it was found.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .._checks import _show, check_float
from .._frames import check_frame, require_columns
from ..errors import ParameterError, ParameterTypeError
from ..i18n import N_, _, label
from ..profile import (
    BLOCKING_KEYS,
    DEFAULT_BLOCKING,
    DEFAULT_THRESHOLD,
    cluster_duplicates,
    match_quality,
    matches,
    score_pairs,
    threshold_curve,
)
from ._base import Explorer, Picture

LESSON = "01"
__all__ = ["data_quality_explorer", "data_quality_update", "data_quality_scores"]

#: Thresholds of the curve (the current threshold is added).
CURVE_THRESHOLDS = tuple(float(t) for t in range(0, 101, 5))


def data_quality_scores(archive: pd.DataFrame, *, locale: str | None = None) -> pd.DataFrame:
    """Score the candidate pairs of ``archive`` once, blocking on every key of
    :data:`crmlab.profile.BLOCKING_KEYS` (the expensive step; about half a second on the
    bundled archive). The result feeds :func:`data_quality_update`."""
    return score_pairs(archive, blocking=BLOCKING_KEYS, locale=locale)


def _check_keys(blocking) -> tuple[str, ...] | None:
    if blocking is None:
        return None
    if isinstance(blocking, str):
        blocking = (blocking,)
    try:
        keys = tuple(blocking)
    except TypeError:
        raise ParameterTypeError(
            _("`{name}` must be a list of key names, but {got} was passed.").format(name="blocking", got=_show(blocking))
        ) from None
    if not keys:
        raise ParameterError(
            _("Choose at least one blocking key: without one no pair of records is compared.")
        )
    for key in keys:
        if key not in BLOCKING_KEYS:
            raise ParameterError(
                _("The value for `{name}` must be among {choices}, but {got} was passed.").format(
                    name="blocking", choices=list(BLOCKING_KEYS), got=repr(key)
                )
            )
    return keys


def _keep_blocks(scored: pd.DataFrame, keys: tuple[str, ...] | None) -> pd.DataFrame:
    """The pairs that share at least one of ``keys`` (all pairs when ``keys`` is None)."""
    if keys is None:
        return scored
    require_columns(scored, "scored", {"blocks": N_("from score_pairs()")})
    shared = scored["blocks"].astype("str").str.split("+")
    wanted = set(keys)
    keep = shared.map(lambda ks: bool(wanted.intersection(ks)) if isinstance(ks, list) else False)
    return scored[keep.to_numpy(dtype=bool)].reset_index(drop=True)


def data_quality_update(scored: pd.DataFrame, truth: pd.DataFrame,
                        threshold: float = DEFAULT_THRESHOLD, blocking=None) -> dict:
    """Everything the de-duplication explorer shows, for one threshold and set of keys.

    Parameters
    ----------
    scored : pandas.DataFrame
        Output of :func:`crmlab.profile.score_pairs` (e.g. :func:`data_quality_scores`).
    truth : pandas.DataFrame
        ``record_id`` → ``customer_id``, e.g. ``crmlab.load("truth_archive")``.
    threshold : float
        Cut-off of the combined score, 0–100 (default
        :data:`crmlab.profile.DEFAULT_THRESHOLD`).
    blocking : sequence of str or None
        Keep only the pairs sharing one of these keys (needs the ``blocks`` column);
        None keeps every pair of ``scored``.

    Returns
    -------
    dict
        ``threshold``, ``blocking``, ``candidates`` (pairs compared), ``matched`` (pairs with
        score ≥ threshold, the duplicates found), ``precision``, ``recall``, ``f1``, ``tp``,
        ``fp``, ``fn``, ``true_pairs``, ``records_merged`` (records a merge of the matched
        pairs removes: records in matched pairs − persons they form), ``quality`` (the row of
        :func:`match_quality`), ``curve`` (:func:`threshold_curve` at 0, 5 … 100 and the
        threshold), ``summary`` (HTML), ``table`` and ``plot`` (draws the curve on an axes).
    """
    frame = check_frame(scored, "scored", allow_empty=True)
    require_columns(frame, "scored", {c: N_("from score_pairs()")
                                      for c in ("record_id_1", "record_id_2", "score")})
    t = check_float("threshold", threshold, low=0.0, high=100.0)
    keys = _check_keys(blocking)
    pairs = _keep_blocks(frame, keys)
    cut = matches(pairs, t)
    quality = match_quality(cut, truth)
    q = quality.iloc[0]
    matched = cut[cut["is_match"].to_numpy(dtype=bool)]
    clusters = cluster_duplicates(matched) if len(matched) else None
    merged = 0 if clusters is None else int(len(clusters) - clusters["person_key"].nunique())
    curve = threshold_curve(pairs, truth, sorted({*CURVE_THRESHOLDS, t}))

    def pct(x) -> str:
        return "–" if pd.isna(x) else f"{100 * float(x):.1f} %"

    summary = _(
        "Threshold <b>{t:g}</b>: <b>{m:,}</b> of {c:,} candidate pairs matched as duplicates — "
        "precision <b>{p}</b> (matches that are right), recall <b>{r}</b> (true duplicate "
        "pairs found). Merging them removes <b>{g:,}</b> records."
    ).format(t=t, m=int(q["predicted_pairs"]), c=len(pairs), p=pct(q["precision"]),
             r=pct(q["recall"]), g=merged)
    table = pd.DataFrame({
        _("pairs"): [len(pairs), int(q["predicted_pairs"]), int(q["tp"]), int(q["fp"]),
                     int(q["fn"]), int(q["true_pairs"])],
    }, index=[_("candidate pairs (compared)"), _("matched (score ≥ threshold)"),
              _("right matches (true positives)"), _("false matches (false positives)"),
              _("missed duplicates (false negatives)"), _("true duplicate pairs")])

    from ..plots.profile import _match_quality_kind, _update_match_quality, plot_match_quality

    plot = Picture(
        lambda ax: plot_match_quality(curve, t, ax=ax),
        lambda ax: _update_match_quality(ax, curve, t),
        _match_quality_kind(curve, t),
    )

    return {
        "threshold": t,
        "blocking": keys,
        "candidates": int(len(pairs)),
        "matched": int(q["predicted_pairs"]),
        "precision": float(q["precision"]),
        "recall": float(q["recall"]),
        "f1": float(q["f1"]),
        "tp": int(q["tp"]),
        "fp": int(q["fp"]),
        "fn": int(q["fn"]),
        "true_pairs": int(q["true_pairs"]),
        "records_merged": merged,
        "quality": quality,
        "curve": curve,
        "summary": summary,
        "table": table,
        "plot": plot,
    }


def data_quality_explorer(data: Mapping | None = None, *, locale: str = "en_US",
                          threshold: float = DEFAULT_THRESHOLD) -> Explorer:
    """Slide the match threshold and choose the blocking keys; see the duplicates found,
    precision and recall against the truth and the threshold curve.

    Parameters
    ----------
    data : mapping, optional
        With tables ``archive`` and ``truth_archive`` (e.g. ``crmlab.load_all()``);
        default the bundled tables of ``locale``.
    locale : str, default "en_US"
        Bundled data to load when ``data`` is None.
    threshold : float
        Starting threshold (default :data:`crmlab.profile.DEFAULT_THRESHOLD`).
    """
    import ipywidgets as w

    if data is None:
        from ..data import load

        archive, truth = load("archive", locale), load("truth_archive", locale)
    else:
        if not isinstance(data, Mapping) or "archive" not in data or "truth_archive" not in data:
            raise ParameterTypeError(
                _("`{name}` must hold the tables 'archive' and 'truth_archive' (e.g. crmlab.load_all()), "
                  "but {got} was passed.").format(name="data", got=_show(data))
            )
        archive, truth = data["archive"], data["truth_archive"]
    scored = data_quality_scores(archive, locale=None if data is not None else locale)

    def make_controls() -> dict:
        return {
            "threshold": w.FloatSlider(value=check_float("threshold", threshold, low=0.0, high=100.0),
                                       min=0.0, max=100.0, step=1.0, description=_("Threshold"),
                                       continuous_update=False,
                                       style={"description_width": "initial"}),
            "blocking": w.SelectMultiple(options=[(label(k, "blocking_key"), k) for k in BLOCKING_KEYS],
                                         value=tuple(DEFAULT_BLOCKING), rows=len(BLOCKING_KEYS),
                                         description=_("Blocking keys"),
                                         style={"description_width": "initial"}),
        }

    controls = make_controls()

    def compute(threshold: float, blocking) -> dict:
        return data_quality_update(scored, truth, threshold, blocking)

    view = Explorer(N_("Finding duplicate records"), controls, compute, relabel=make_controls)
    view.scored = scored
    return view
