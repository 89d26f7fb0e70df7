"""Ordering customer ids: sorted when they compare, else in order of first appearance."""

from __future__ import annotations

import pandas as pd


def ordered_ids(values: object) -> list:
    """Unique non-missing ids of ``values``, sorted; ids of mixed, incomparable types (e.g. 1
    and "A") keep the order in which they first appear."""
    unique = [v for v in pd.unique(pd.Series(values, dtype=object).dropna())]
    try:
        return sorted(unique)
    except TypeError:
        return unique
