"""Support, confidence and lift of pair rules A → B over purchases."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_choice, check_float
from .._frames import check_frame, require_columns
from ..errors import ColumnError
from ..i18n import _

__all__ = ["baskets", "item_support", "association_rules", "rules_against_truth"]

ITEMS = ("product", "category")
RULE_COLUMNS = ["antecedent", "consequent", "baskets", "support", "confidence", "lift"]


def _basket_items(lines: pd.DataFrame, orders: pd.DataFrame | None, item: str) -> pd.DataFrame:
    """Distinct (order_id, item) of the purchases: with ``orders``, the lines of the orders that are
    purchases by the rule of :mod:`crmlab.purchases` (not returned, amount > 0)."""
    check_frame(lines, "lines")
    check_choice("item", item, ITEMS)
    require_columns(lines, "lines", {"order_id": _("the order of each line"), item: _("what the line holds")})
    part = lines[["order_id", item]]
    if part["order_id"].isna().any() or part[item].isna().any():
        raise ColumnError(
            _("Columns `order_id` and `{item}` of `lines` must not be missing, but {n:,} row(s) have a missing value.").format(
                item=item, n=int(part.isna().any(axis=1).sum())
            )
        )
    if orders is not None:
        from ..purchases import read_orders

        check_frame(orders, "orders")
        require_columns(orders, "orders", {"order_id": _("the order's key")})
        log = read_orders(orders)
        bought = log.column(orders, "order_id")[log.purchase]
        part = part[part["order_id"].isin(bought)]
    part = part.assign(**{item: part[item].astype(str)})
    return part.drop_duplicates(ignore_index=True)


def baskets(lines: pd.DataFrame, orders: pd.DataFrame | None = None, *, item: str = "product") -> pd.DataFrame:
    """The basket table: one row per purchase, one True/False column per item.

    Parameters
    ----------
    lines : DataFrame
        Order lines with ``order_id`` and the ``item`` column (the ``order_lines`` table).
    orders : DataFrame, optional
        The ``orders`` table (``order_id``, ``customer_id``, ``order_date``, ``amount`` and
        optionally ``returned``): when given, only the lines of orders that are purchases by the
        rule of :mod:`crmlab.purchases` are baskets — returned, zero and refund orders are left
        out, and so are lines whose order is not in ``orders``.
    item : {"product", "category"}
        What an item is.

    Returns
    -------
    DataFrame
        Index ``order_id`` (sorted), columns the items (sorted), True where the basket holds it.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({"order_id": [1, 1, 2], "product": ["beer", "diapers", "beer"]})
    >>> baskets(lines)  # doctest: +NORMALIZE_WHITESPACE
              beer  diapers
    order_id
    1         True     True
    2         True    False
    """
    part = _basket_items(lines, orders, item)
    table = pd.crosstab(part["order_id"], part[item]).gt(0)
    table.columns.name = None
    return table


def item_support(lines: pd.DataFrame, orders: pd.DataFrame | None = None, *, item: str = "product") -> pd.DataFrame:
    """How many baskets hold each item, and the share of all baskets (its support).

    Returns
    -------
    DataFrame
        ``item``, ``baskets`` (count) and ``support`` (0–1), most frequent first (ties by name).

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({"order_id": [1, 1, 2, 3], "product": ["beer", "diapers", "beer", "milk"]})
    >>> item_support(lines)
          item  baskets   support
    0     beer        2  0.666667
    1  diapers        1  0.333333
    2     milk        1  0.333333
    """
    part = _basket_items(lines, orders, item)
    n = part["order_id"].nunique()
    counts = part[item].value_counts()
    out = pd.DataFrame({"item": counts.index.astype(str), "baskets": counts.to_numpy(dtype=np.int64)})
    out["support"] = out["baskets"] / n if n else np.nan
    return out.sort_values(["baskets", "item"], ascending=[False, True], ignore_index=True)


def association_rules(
    lines: pd.DataFrame,
    orders: pd.DataFrame | None = None,
    *,
    min_support: float = 0.005,
    min_confidence: float = 0.1,
    item: str = "product",
) -> pd.DataFrame:
    """Every pair rule A → B whose support and confidence reach the minimums.

    Parameters
    ----------
    lines : DataFrame
        Order lines with ``order_id`` and the ``item`` column.
    orders : DataFrame, optional
        The ``orders`` table, to keep only the lines of purchases (see :func:`baskets`).
    min_support : float, default 0.005
        Least share of baskets that hold both A and B (0–1).
    min_confidence : float, default 0.1
        Least share of the baskets with A that also hold B (0–1).
    item : {"product", "category"}

    Returns
    -------
    DataFrame
        ``antecedent`` (A), ``consequent`` (B), ``baskets`` (how many hold both), ``support``,
        ``confidence`` and ``lift`` (see the module's definitions), highest lift first (ties by
        support, then names). Both A → B and B → A appear when both reach the minimums.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({"order_id": [1, 1, 2, 2, 3, 4],
    ...                       "product": ["beer", "diapers", "beer", "diapers", "beer", "milk"]})
    >>> association_rules(lines, min_support=0.4, min_confidence=0.5)
      antecedent consequent  baskets  support  confidence      lift
    0       beer    diapers        2      0.5    0.666667  1.333333
    1    diapers       beer        2      0.5    1.000000  1.333333
    """
    min_support = check_float("min_support", min_support, low=0.0, high=1.0)
    min_confidence = check_float("min_confidence", min_confidence, low=0.0, high=1.0)
    part = _basket_items(lines, orders, item)
    n = part["order_id"].nunique()
    if n == 0:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in RULE_COLUMNS[3:] else "object") for c in RULE_COLUMNS})
    single = part[item].value_counts()
    # only items frequent enough can be in a frequent pair (the Apriori principle)
    frequent = single[single / n >= min_support].index
    part = part[part[item].isin(frequent)]
    pairs = part.merge(part, on="order_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs[f"{item}_a"] != pairs[f"{item}_b"]]
    both = pairs.groupby([f"{item}_a", f"{item}_b"], observed=True).size().rename("baskets").reset_index()
    both.columns = ["antecedent", "consequent", "baskets"]
    both["support"] = both["baskets"] / n
    both["confidence"] = both["baskets"] / both["antecedent"].map(single).to_numpy(dtype=float)
    both["lift"] = both["confidence"] / (both["consequent"].map(single).to_numpy(dtype=float) / n)
    keep = (both["support"] >= min_support) & (both["confidence"] >= min_confidence)
    out = both[keep].sort_values(
        ["lift", "support", "antecedent", "consequent"], ascending=[False, False, True, True], ignore_index=True
    )
    out["baskets"] = out["baskets"].astype(np.int64)
    return out[RULE_COLUMNS]


def rules_against_truth(rules: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    """How many planted pairs the rules found, and how many rules are planted pairs.

    Parameters
    ----------
    rules : DataFrame
        Output of :func:`association_rules` (``antecedent``, ``consequent``).
    truth : DataFrame
        The hidden ``truth_baskets`` table (``product``, ``partner``).

    Returns
    -------
    dict
        ``pairs_found`` (planted pairs with a rule either way), ``pairs_planted``, ``rules``
        (number of rules), ``rules_planted`` (rules that are a planted pair either way),
        ``recall`` (pairs_found / pairs_planted) and ``precision`` (rules_planted / rules; NaN
        with no rule).
    """
    check_frame(rules, "rules", allow_empty=True)
    check_frame(truth, "truth")
    require_columns(rules, "rules", {"antecedent": _("from association_rules()"), "consequent": _("from association_rules()")})
    require_columns(truth, "truth", {"product": _("the truth_baskets table"), "partner": _("the truth_baskets table")})
    planted = {frozenset((str(a), str(b))) for a, b in zip(truth["product"], truth["partner"])}
    found = [frozenset((str(a), str(b))) for a, b in zip(rules["antecedent"], rules["consequent"])]
    hits = [f for f in found if f in planted]
    return {
        "pairs_found": len(set(hits)),
        "pairs_planted": len(planted),
        "rules": len(found),
        "rules_planted": len(hits),
        "recall": len(set(hits)) / len(planted) if planted else float("nan"),
        "precision": len(hits) / len(found) if found else float("nan"),
    }
