"""Suggest names for clusters from their profiles (给细分命名).

Naming is the analyst's job; this helper only proposes a name from the feature that sets a
cluster most apart, so students can compare their reading of a profile with a simple rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_float
from ..i18n import N_, _, label
from .profiles import _check_profiles

__all__ = ["name_clusters", "NAMING_RULES"]

#: (feature, direction, code, English label, translated when shown) — direction +1: the cluster is
#: high on it.
NAMING_RULES: tuple[tuple[str, int, str, str], ...] = (
    ("discount_share", +1, "bargain_hunters", N_("Bargain hunters")),
    ("log_mean_basket", +1, "big_baskets", N_("Big-basket buyers")),
    ("log_mean_basket", -1, "small_baskets", N_("Small-basket buyers")),
    ("log_frequency", +1, "frequent_buyers", N_("Frequent buyers")),
    ("log_frequency", -1, "occasional_buyers", N_("Occasional buyers")),
    ("log_recency", +1, "lapsing", N_("Lapsing customers")),
    ("log_recency", -1, "recently_active", N_("Recently active")),
    ("log_monetary", +1, "high_value", N_("High-value customers")),
    ("log_monetary", -1, "low_value", N_("Low-value customers")),
    ("expect_price", +1, "price_focused", N_("Price-focused")),
    ("expect_quality", +1, "quality_seekers", N_("Quality seekers")),
    ("expect_after_sales", +1, "after_sales_seekers", N_("After-sales seekers")),
    ("expect_service", +1, "attention_seekers", N_("Attention seekers")),
    ("expect_delivery", +1, "speed_seekers", N_("Speed seekers")),
)


def _upper_first(text: str) -> str:
    """``text`` with its first letter upper-case and the rest as it is ("APP" stays "APP")."""
    return text[:1].upper() + text[1:]


def _candidates(feature: str) -> list[tuple[int, str, str]]:
    """(direction, code, translated label) of every rule for ``feature``."""
    found = [(d, code, _(text)) for f, d, code, text in NAMING_RULES if f == feature]
    if feature.startswith("channel_"):
        value = feature[len("channel_") :]
        found.append((+1, f"{value}_shoppers", _("{channel} shoppers").format(channel=_upper_first(label(value, "order_channel")))))
    elif feature.startswith("category_"):
        value = feature[len("category_") :]
        found.append((+1, f"{value}_fans", _("{category} fans").format(category=_upper_first(label(value, "category")))))
    return found


def name_clusters(profiles: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Suggest a name for each cluster from its profile.

    Rule: every feature of the profile with a naming rule (:data:`NAMING_RULES`; plus, for
    every ``channel_<c>`` "<c> shoppers" and every ``category_<c>`` "<c> fans", when high)
    is a candidate for a cluster if the cluster's ``z`` (its standardised mean, see
    :func:`cluster_profiles`) is at least ``threshold`` in the rule's direction. Candidates
    are taken strongest first (largest ``|z|``; ties in cluster order, then feature order):
    a candidate names its cluster if the cluster has no name yet and no other cluster has
    that name. A cluster with no candidate left is ``"average"`` ("Average customers").

    Parameters
    ----------
    profiles : DataFrame
        Output of :func:`cluster_profiles`.
    threshold : float, default 0.5
        Minimum distance from the average, in standard deviations.

    Returns
    -------
    DataFrame
        One row per cluster (in the order of ``profiles``): ``cluster``, ``code`` (stable
        English identifier, e.g. ``"bargain_hunters"``), ``label`` (translated), ``driver``
        (the feature behind the name; empty for "average"), ``z`` (its standardised mean), and
        ``also_code`` / ``also_label`` — the cluster's strongest other candidate, even if another
        cluster took that name (empty if none): a second word for the description.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.segment import cluster_profiles
    >>> f = pd.DataFrame({"discount_share": [0.9, 0.8, 0.1, 0.0], "channel_app": [0.1, 0.2, 0.9, 0.9]})
    >>> name_clusters(cluster_profiles(f, [0, 0, 1, 1]))["code"].tolist()
    ['bargain_hunters', 'app_shoppers']
    """
    profiles = _check_profiles(profiles)
    limit = check_float("threshold", threshold, low=0.0)
    clusters = list(dict.fromkeys(profiles["cluster"]))
    position = {c: i for i, c in enumerate(clusters)}
    candidates = []
    for order, row in enumerate(profiles[["cluster", "feature", "z"]].itertuples(index=False)):
        z = float(row.z) if pd.notna(row.z) else np.nan
        if np.isnan(z):
            continue
        for direction, code, text in _candidates(str(row.feature)):
            if direction * z >= limit:
                candidates.append((-abs(z), position[row.cluster], order, row.cluster, code, text, str(row.feature), z))
    candidates.sort(key=lambda c: c[:3])
    named: dict[object, tuple] = {}
    used: set[str] = set()
    for _s, _p, _o, cluster, code, text, feature, z in candidates:
        if cluster in named or code in used:
            continue
        named[cluster] = (code, text, feature, z)
        used.add(code)
    rows = []
    for cluster in clusters:
        code, text, feature, z = named.get(cluster, ("average", _("Average customers"), "", np.nan))
        others = [c for c in candidates if c[3] == cluster and c[4] != code]
        also_code, also_label = (others[0][4], others[0][5]) if others else ("", "")
        rows.append(
            {
                "cluster": cluster,
                "code": code,
                "label": text,
                "driver": feature,
                "z": z,
                "also_code": also_code,
                "also_label": also_label,
            }
        )
    return pd.DataFrame(rows, columns=["cluster", "code", "label", "driver", "z", "also_code", "also_label"])
