"""How good is the de-duplication? Pairwise precision and recall against the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show, check_float
from .._frames import check_ids, check_frame, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _

__all__ = ["match_quality", "threshold_curve", "QUALITY_COLUMNS"]

#: Columns of :func:`match_quality` (and of each row of :func:`threshold_curve`).
QUALITY_COLUMNS = ("precision", "recall", "f1", "tp", "fp", "fn", "predicted_pairs",
                   "true_pairs")


def _truth_map(truth, id_col: str, person: str) -> pd.Series:
    frame = check_frame(truth, "truth", allow_empty=True)
    require_columns(frame, "truth", {id_col: N_("record ids"), person: N_("the person behind each record")})
    ids, people = frame[id_col], frame[person]
    check_ids(people, "truth", person)
    if ids.isna().any() or people.isna().any():
        raise ColumnError(
            _("Columns {id!r} and {person!r} of `truth` must not be missing.").format(id=id_col, person=person)
        )
    if ids.duplicated().any():
        raise ColumnError(
            _("Column {column!r} of `{name}` must be unique, but {got} occurs more than once.").format(
                column=id_col, name="truth", got=_show(ids[ids.duplicated()].iloc[0])
            )
        )
    return pd.Series(people.to_numpy(dtype=object), index=pd.Index(ids.to_numpy(dtype=object)))


def _pairs_count(sizes: np.ndarray) -> int:
    sizes = np.asarray(sizes, dtype=np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def _row(tp: int, predicted: int, true: int) -> dict:
    fp, fn = predicted - tp, true - tp
    precision = tp / predicted if predicted else np.nan
    recall = tp / true if true else np.nan
    if np.isnan(precision) or np.isnan(recall):
        f1 = np.nan
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "predicted_pairs": predicted, "true_pairs": true}


def _frame(rows: list[dict], extra: dict | None = None) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=list(QUALITY_COLUMNS))
    for col in ("tp", "fp", "fn", "predicted_pairs", "true_pairs"):
        out[col] = out[col].astype(np.int64)
    for col in ("precision", "recall", "f1"):
        out[col] = out[col].astype("float64")
    if extra:
        for k, v in extra.items():
            out.insert(0, k, v)
    return out


def _pair_truth(frame: pd.DataFrame, people: pd.Series) -> np.ndarray:
    """True where both records of a pair belong to the same person of the truth."""
    a = people.reindex(frame["record_id_1"].to_numpy(dtype=object)).to_numpy(dtype=object)
    b = people.reindex(frame["record_id_2"].to_numpy(dtype=object)).to_numpy(dtype=object)
    known = pd.notna(a) & pd.notna(b)
    same = np.zeros(len(frame), dtype=bool)
    same[known] = a[known] == b[known]
    return same


def _unique_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """Each unordered pair once; a record paired with itself is dropped."""
    a = frame["record_id_1"].to_numpy(dtype=object)
    b = frame["record_id_2"].to_numpy(dtype=object)
    if pd.isna(a).any() or pd.isna(b).any():
        raise ColumnError(_("Columns 'record_id_1' and 'record_id_2' must not be missing."))
    try:
        swap = np.asarray(b < a, dtype=bool)
    except TypeError:
        swap = np.array([str(y) < str(x) for x, y in zip(a, b)], dtype=bool)
    lo, hi = np.where(swap, b, a), np.where(swap, a, b)
    keep = np.array([x != y for x, y in zip(lo, hi)], dtype=bool)
    out = pd.DataFrame({"record_id_1": lo[keep], "record_id_2": hi[keep]})
    rest = frame.loc[keep].drop(columns=["record_id_1", "record_id_2"]).reset_index(drop=True)
    out = pd.concat([out, rest], axis=1)
    key = out["record_id_1"].astype(str) + "\x1f" + out["record_id_2"].astype(str)
    return out[~key.duplicated()].reset_index(drop=True)


def match_quality(result, truth, *, id: str = "record_id",  # noqa: A002
                  person: str = "customer_id") -> pd.DataFrame:
    """Pairwise precision, recall and F1 of a de-duplication against the truth.

    A *true pair* is two records of the same person in ``truth``; there are Σ k(k−1)/2 of
    them (k = records per person). A *predicted pair* depends on ``result``:

    * **pairs** (columns ``record_id_1``, ``record_id_2``; e.g. :func:`find_duplicates`):
      the rows with ``is_match`` True (every row when there is no ``is_match``), each
      unordered pair counted once;
    * **clusters** (columns ``record_id``, ``person_key``; :func:`cluster_duplicates`):
      every two records with the same ``person_key`` (so transitive links count).

    ``tp`` = predicted pairs that are true pairs, ``fp`` = predicted − tp (including pairs
    with a record unknown to ``truth``), ``fn`` = true pairs − tp, precision = tp /
    predicted, recall = tp / true pairs (over *all* records of ``truth``), F1 their harmonic
    mean. Precision is NaN with no predicted pair, recall with no true pair.

    Parameters
    ----------
    result : pandas.DataFrame
        Pairs or clusters, as above. Not modified.
    truth : pandas.DataFrame
        ``id`` → ``person``, e.g. ``crmlab.load("truth_archive")``.
    id, person : str
        Columns of ``truth``.

    Returns
    -------
    pandas.DataFrame
        One row: ``precision, recall, f1, tp, fp, fn, predicted_pairs, true_pairs``.

    Examples
    --------
    >>> truth = pd.DataFrame({"record_id": [1, 2, 3, 4], "customer_id": [7, 7, 7, 8]})
    >>> pairs = pd.DataFrame({"record_id_1": [1, 3], "record_id_2": [2, 4]})
    >>> match_quality(pairs, truth)[["tp", "fp", "fn"]].values.tolist()
    [[1, 1, 2]]
    """
    frame = check_frame(result, "result", allow_empty=True)
    for name, col in (("id", id), ("person", person)):
        if not isinstance(col, str):
            raise ParameterTypeError(
                _("`{name}` must be a column name (str), but {got} was passed.").format(
                    name=name, got=_show(col)
                )
            )
    people = _truth_map(truth, id, person)
    true = _pairs_count(people.value_counts().to_numpy())
    if {"record_id_1", "record_id_2"} <= set(frame.columns):
        if "is_match" in frame.columns:
            flag = frame["is_match"]
            if not pd.api.types.is_bool_dtype(flag.dtype) or flag.isna().any():
                raise ColumnError(_("Column 'is_match' of `result` must hold True/False."))
            frame = frame[flag.to_numpy(dtype=bool)]
        pairs = _unique_pairs(frame[["record_id_1", "record_id_2"]])
        tp = int(_pair_truth(pairs, people).sum())
        return _frame([_row(tp, len(pairs), true)])
    if {"record_id", "person_key"} <= set(frame.columns):
        clusters = frame[["record_id", "person_key"]]
        if clusters.isna().any().any():
            raise ColumnError(_("Columns 'record_id' and 'person_key' of `result` must not be missing."))
        if clusters["record_id"].duplicated().any():
            raise ColumnError(_("Column 'record_id' of `result` must list each record once."))
        keys = clusters["person_key"].astype(object).astype(str).to_numpy()
        predicted = _pairs_count(pd.Series(keys).value_counts().to_numpy())
        who = people.reindex(clusters["record_id"].to_numpy(dtype=object))
        known = who.notna().to_numpy()
        both = pd.DataFrame({"k": keys[known], "p": who.to_numpy(dtype=object)[known].astype(str)})
        tp = _pairs_count(both.groupby(["k", "p"]).size().to_numpy()) if len(both) else 0
        return _frame([_row(tp, predicted, true)])
    raise ColumnError(
        _(
            "`result` must be pairs (columns 'record_id_1', 'record_id_2'[, 'is_match']) or clusters "
            "(columns 'record_id', 'person_key'), but its columns are {columns}."
        ).format(columns=list(map(str, frame.columns))[:12])
    )


def threshold_curve(scored, truth, thresholds=None, *, clustered: bool = False,
                    id: str = "record_id", person: str = "customer_id",  # noqa: A002
                    **score_options) -> pd.DataFrame:
    """Precision and recall of the duplicate pairs at each threshold.

    ``scored`` is the output of :func:`crmlab.profile.score_pairs` (scored once, then every
    threshold is a cheap cut), or a raw archive, which is scored first with
    ``score_options`` (``blocking``, ``locale``, ``weights``, ``max_block``).
    At threshold t the predicted pairs are those with ``score ≥ t``; the measures are those of
    :func:`match_quality`. With ``clustered=True`` the matched pairs are first closed
    transitively (:func:`crmlab.profile.cluster_duplicates`), which is what a merge does.

    Parameters
    ----------
    scored : pandas.DataFrame
        Scored pairs (or a raw archive).
    truth : pandas.DataFrame
        ``id`` → ``person``, e.g. ``crmlab.load("truth_archive")``.
    thresholds : sequence of float, optional
        Cut-offs 0–100; default 0, 5, …, 100.
    clustered : bool, default False
        Evaluate the clusters instead of the pairs.

    Returns
    -------
    pandas.DataFrame
        One row per threshold (ascending): ``threshold`` then the columns of
        :func:`match_quality`.

    Examples
    --------
    >>> truth = pd.DataFrame({"record_id": [1, 2, 3], "customer_id": [7, 7, 8]})
    >>> s = pd.DataFrame({"record_id_1": [1, 2], "record_id_2": [2, 3], "score": [90.0, 60.0]})
    >>> threshold_curve(s, truth, [50, 80])[["threshold", "precision", "recall"]].values.tolist()
    [[50.0, 0.5, 1.0], [80.0, 1.0, 1.0]]
    """
    from .duplicates import cluster_duplicates, matches, score_pairs

    frame = check_frame(scored, "scored", allow_empty=True)
    if not {"record_id_1", "record_id_2", "score"} <= set(frame.columns):
        frame = score_pairs(frame, **score_options)
    elif score_options:
        raise ParameterError(
            _("`scored` is already scored: the options {options} would be ignored.").format(options=sorted(score_options))
        )
    if thresholds is None:
        thresholds = np.arange(0, 101, 5, dtype=float)
    if isinstance(thresholds, (str, bytes)) or np.ndim(thresholds) == 0:
        raise ParameterTypeError(
            _("`thresholds` must be a list of numbers, but {got} was passed.").format(got=_show(thresholds))
        )
    ths = sorted({check_float("thresholds", t, low=0.0, high=100.0) for t in thresholds})
    if not ths:
        raise ParameterError(_("`thresholds` is empty: give at least one threshold."))
    if not isinstance(clustered, (bool, np.bool_)):
        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name="clustered", got=_show(clustered))
        )
    people = _truth_map(truth, id, person)
    true = _pairs_count(people.value_counts().to_numpy())
    score = pd.to_numeric(frame["score"], errors="coerce")
    if (score.isna() & frame["score"].notna()).any():
        raise ColumnError(_("Column 'score' of `scored` must hold numbers (from score_pairs)."))
    rows = []
    if clustered:
        for t in ths:
            clusters = cluster_duplicates(matches(frame, t))
            q = match_quality(clusters, truth, id=id, person=person) if len(clusters) else None
            rows.append(q.iloc[0].to_dict() if q is not None else _row(0, 0, true))
    else:
        # a pair listed twice counts once, with its best score
        listed = pd.DataFrame({"record_id_1": frame["record_id_1"].to_numpy(dtype=object),
                               "record_id_2": frame["record_id_2"].to_numpy(dtype=object),
                               "score": score.to_numpy(dtype=float)})
        listed = listed.sort_values("score", ascending=False, na_position="last", kind="stable")
        pairs = _unique_pairs(listed.reset_index(drop=True))
        s = pairs["score"].to_numpy(dtype=float)
        same = _pair_truth(pairs, people)
        s = np.where(np.isnan(s), -np.inf, s)
        order = np.argsort(-s, kind="stable")
        s_sorted, same_sorted = s[order], same[order]
        cum_tp = np.concatenate([[0], np.cumsum(same_sorted)])
        for t in ths:
            k = int(np.searchsorted(-s_sorted, -t, side="right"))  # pairs with score >= t
            rows.append(_row(int(cum_tp[k]), k, true))
    return _frame(rows, {"threshold": np.asarray(ths, dtype=float)})
