"""Small vectorised helpers for ragged (grouped) arrays."""

from __future__ import annotations

import numpy as np


def group_starts(counts: np.ndarray) -> np.ndarray:
    """Start offset of each group in a flat array laid out group after group."""
    starts = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    return starts


def group_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Cumulative sum of ``values`` restarted at every group."""
    total = np.cumsum(values)
    starts = group_starts(counts)
    before = np.where(starts > 0, total[np.maximum(starts - 1, 0)], 0.0)
    return total - np.repeat(before, counts)


def rank_in_group(counts: np.ndarray) -> np.ndarray:
    """0, 1, 2 … within each group."""
    return np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(group_starts(counts), counts)


def pick(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category per row of a (n, k) probability matrix (rows need not be normalised)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None] * cum[:, -1:]
    return (u > cum).sum(axis=1)


def pick_by_group(rng: np.random.Generator, table: np.ndarray, group: np.ndarray) -> np.ndarray:
    """One category per row, row ``i`` drawn from the probabilities ``table[group[i]]``.

    The same draw as :func:`pick` on ``table[group]``, without building that (n, k) matrix.
    """
    cum = np.cumsum(table, axis=1)
    cum = cum / cum[:, -1:]
    k = table.shape[1]
    # Row g's cumulative probabilities, shifted to [g, g + 1): one sorted lookup table.
    flat = (cum + np.arange(len(table))[:, None]).ravel()
    u = rng.random(len(group))
    found = np.searchsorted(flat, group + u, side="right") - group * k
    return np.minimum(found, k - 1)


NO_DAY = np.iinfo(np.int64).min


def as_dates(days: np.ndarray) -> np.ndarray:
    """Day numbers (days since 1970-01-01; ``NO_DAY`` for missing) as ``datetime64[s]``."""
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[s]")


def labels(codes: np.ndarray, names: tuple[str, ...]):
    """Integer codes as a categorical of ``names`` (in that order)."""
    import pandas as pd

    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=list(names))
