"""How well a segmentation agrees with what is known (here: the simulated personas)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import check_ids, check_frame, require_columns
from ..errors import ParameterError, ParameterTypeError
from ..i18n import N_, _

__all__ = ["Agreement", "persona_agreement"]


class Agreement(NamedTuple):
    """Result of :func:`persona_agreement` (unpacks as ``ari, crosstab, n, match_share``)."""

    ari: float
    crosstab: pd.DataFrame
    n: int
    match_share: float


def _as_series(labels: object) -> pd.Series:
    if isinstance(labels, pd.DataFrame):
        require_columns(labels, "labels", {"segment": N_("the segment of each customer")})
        labels = labels["segment"]
    if not isinstance(labels, pd.Series):
        raise ParameterTypeError(
            _(
                "`labels` must be a Series indexed by customer id (or a DataFrame with a 'segment' "
                "column), but {type} was passed."
            ).format(type=type(labels).__name__)
        )
    if not labels.index.is_unique:
        raise ParameterError(
            _("`labels` has a repeated customer id in its index: give one label per customer.")
        )
    return labels


def _known_personas(truth: object, *, customer: str = "customer_id", persona: str = "persona") -> pd.Series:
    """``truth`` as :func:`persona_agreement` reads it: a Series of personas indexed by
    customer id (checked: one per customer). The segmentation explorer converts once, not
    at every segmentation it compares."""
    if isinstance(truth, pd.Series):
        if not truth.index.is_unique:
            raise ParameterError(_("`truth` has a repeated customer id in its index."))
        return truth
    truth = check_frame(truth, "truth")
    require_columns(truth, "truth", {customer: N_("customer ids"), persona: N_("the known persona")})
    check_ids(truth[customer], "truth", customer)
    if truth[customer].duplicated().any():
        raise ParameterError(
            _("Column {column!r} of `truth` repeats customer {customer}: give one row per customer.").format(
                column=customer, customer=_show(truth[customer][truth[customer].duplicated()].iloc[0])
            )
        )
    return pd.Series(truth[persona].to_numpy(), index=truth[customer].to_numpy())


def persona_agreement(
    labels: object, truth: object, *, customer: str = "customer_id", persona: str = "persona"
) -> Agreement:
    """Agreement between segments and the true personas (or any other known grouping).

    Parameters
    ----------
    labels : Series or DataFrame
        Segment of each customer, indexed by customer id (e.g. the ``labels`` of
        :func:`kmeans_segments`, or the output of :func:`marketing_type`, whose ``segment``
        column is used).
    truth : DataFrame or Series
        ``truth_customers`` (columns ``customer`` and ``persona``), or a Series of personas
        indexed by customer id.

    Returns
    -------
    Agreement
        ``ari`` — the adjusted Rand index (调整兰德指数) over the customers present in both,
        with a label and a persona: 1 = the same partition (whatever the names), about 0 = no
        better than chance (it can be negative); ``crosstab`` — customers per segment (rows,
        sorted) × persona (columns; a categorical keeps its category order); ``n`` — customers
        compared; ``match_share`` — share of them whose label *is* their persona (meaningful
        when the labels are persona codes, as from :func:`marketing_type`; NaN when no label is
        a persona code).

    Examples
    --------
    >>> import pandas as pd
    >>> truth = pd.DataFrame({"customer_id": [1, 2, 3, 4], "persona": ["a", "a", "b", "b"]})
    >>> persona_agreement(pd.Series([0, 0, 1, 1], index=[1, 2, 3, 4]), truth).ari
    1.0
    """
    labels = _as_series(labels)
    known = _known_personas(truth, customer=customer, persona=persona)
    where = known.index.get_indexer(labels.index)  # the customers of `labels` in `truth` (−1: absent)
    found = where >= 0
    seg = labels.to_numpy()[found]
    per = known.to_numpy()[where[found]]
    both = ~(pd.isna(seg) | pd.isna(per))  # a label and a persona
    seg, per = seg[both], per[both]
    if len(seg) == 0:
        raise ParameterError(
            _(
                "`labels` and `truth` share no customer id with both a label and a persona; check that "
                "both are indexed by the same ids."
            )
        )
    seg_codes, seg_values = pd.factorize(seg, sort=False)
    per_codes, per_values = pd.factorize(per, sort=False)
    counts = np.zeros((len(seg_values), len(per_values)), dtype=np.int64)
    np.add.at(counts, (seg_codes, per_codes), 1)
    ari = _adjusted_rand(counts)
    table = pd.DataFrame(
        counts, index=pd.Index(seg_values, name="segment"), columns=pd.Index(per_values, name="persona")
    )
    if isinstance(known.dtype, pd.CategoricalDtype):
        per_order = [c for c in known.cat.categories if c in set(per_values)]
    else:
        per_order = sorted(per_values, key=str)
    try:
        seg_order = sorted(seg_values)
    except TypeError:
        seg_order = sorted(seg_values, key=str)
    table = table.reindex(index=seg_order, columns=per_order)
    table.index.name, table.columns.name = "segment", "persona"
    seg_text = {str(v) for v in seg_values}
    per_text = {str(v) for v in per_values}
    if seg_text & per_text:
        same = pd.Series(seg).astype(str).to_numpy() == pd.Series(per).astype(str).to_numpy()
        match = float(np.mean(same))
    else:
        match = float("nan")
    return Agreement(ari=ari, crosstab=table, n=int(len(seg)), match_share=match)


def _adjusted_rand(counts: np.ndarray) -> float:
    """The adjusted Rand index of two partitions from their contingency table (``counts[i, j]``:
    items in group i of one and group j of the other), computed as
    ``sklearn.metrics.adjusted_rand_score`` computes it: from the pair confusion matrix (pairs of
    items together in both, in one only, in neither), in exact integers, then
    ``2 (tp·tn − fn·fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn))``; 1.0 when the partitions
    are the same."""
    n = int(counts.sum())
    squares = int((counts.astype(object) ** 2).sum())
    rows = sum(int(v) ** 2 for v in counts.sum(axis=1))
    columns = sum(int(v) ** 2 for v in counts.sum(axis=0))
    tp = squares - n
    fp = rows - squares  # together in the first partition only (the rows of `counts`)
    fn = columns - squares
    tn = n * n - fp - fn - squares
    if fn == 0 and fp == 0:
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
