"""Kotler's five levels of customer relationship and the matrix that picks one (客户关系的类型).

How much relationship a firm should invest in depends on how many customers it has and how
much profit (margin) each brings: many customers with low margins call for a basic
relationship, few customers with high margins for a partnership.
"""

from __future__ import annotations

import pandas as pd

from .._checks import _show, check_choice
from ..i18n import _
from .schemes import labels_of

__all__ = ["LEVELS", "kotler_level", "kotler_matrix"]

#: Kotler's relationship levels, lowest first.
LEVELS = ("basic", "reactive", "accountable", "proactive", "partnership")
_COUNTS = ("many", "medium", "few")
_MARGINS = ("low", "medium", "high")
_GRID = {
    "many": ("basic", "reactive", "accountable"),
    "medium": ("reactive", "accountable", "proactive"),
    "few": ("accountable", "proactive", "partnership"),
}


def kotler_level(n_customers: str, margin: str) -> str:
    """The relationship level Kotler recommends for a number of customers and a margin.

    Parameters
    ----------
    n_customers : {"many", "medium", "few"}
        How many customers the firm (or product line) has.
    margin : {"low", "medium", "high"}
        Profit margin per customer.

    Returns
    -------
    str
        One of :data:`LEVELS`. Each step to fewer customers or to a higher margin raises the
        level by one. For many customers with a low margin Kotler writes "basic or reactive";
        the kit returns ``"basic"``, the cheaper of the two.

    Examples
    --------
    >>> kotler_level("many", "low"), kotler_level("medium", "medium"), kotler_level("few", "high")
    ('basic', 'accountable', 'partnership')
    """
    check_choice("n_customers", n_customers, _COUNTS)
    check_choice("margin", margin, _MARGINS)
    return _GRID[n_customers][_MARGINS.index(margin)]


def kotler_matrix(labels: bool = False) -> pd.DataFrame:
    """Kotler's 3 × 3 matrix: number of customers × margin → relationship level.

    Parameters
    ----------
    labels : bool, default False
        False: cells hold level codes (``"basic"`` …). True: translated display labels.

    Returns
    -------
    DataFrame
        Index ``n_customers`` = many, medium, few (rows); columns ``margin`` = low, medium,
        high; values as :func:`kotler_level`.

    Examples
    --------
    >>> kotler_matrix().loc["few"].tolist()
    ['accountable', 'proactive', 'partnership']
    """
    if not isinstance(labels, bool):
        from ..errors import ParameterTypeError

        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name="labels", got=_show(labels))
        )
    shown = labels_of("kotler_levels") if labels else {code: code for code in LEVELS}
    table = pd.DataFrame(
        [[shown[level] for level in _GRID[row]] for row in _COUNTS],
        index=pd.Index(list(_COUNTS), name="n_customers"),
        columns=pd.Index(list(_MARGINS), name="margin"),
    )
    return table
