"""Pictures of the segmentation lesson (客户分类 / 客户细分).

Each function draws the result of a :mod:`crmlab.segment` function and returns the axes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import check_frame, require_columns
from ..errors import ParameterError, ParameterTypeError
from ..i18n import N_, _, label
from ._base import check_kind, finish, get_axes

__all__ = ["plot_elbow", "plot_segment_sizes", "plot_snake", "plot_cluster_scatter", "plot_kotler_matrix"]


def _names(names: pd.DataFrame | None) -> dict:
    """{cluster: display name} from :func:`crmlab.segment.name_clusters` (or nothing): the
    name of its ``code`` in the current language, else its ``label``."""
    if names is None:
        return {}
    check_frame(names, "names")
    require_columns(names, "names", {"cluster": N_("cluster numbers"), "label": N_("display names")})
    codes = names["code"] if "code" in names.columns else [None] * len(names)
    return {c: _cluster_name(code, text) for c, code, text in zip(names["cluster"], codes, names["label"], strict=True)}


def _cluster_name(code: object, fallback: object) -> str:
    """Display name of a cluster-name code of :func:`crmlab.segment.name_clusters`
    (``"bargain_hunters"``, ``"web_shoppers"``, ``"apparel_fans"`` …); ``fallback`` for a code
    it does not know."""
    from ..vocabulary import CODES

    code = "" if code is None or pd.isna(code) else str(code)
    if code in CODES["cluster_name"]:
        return label(code, "cluster_name")
    if code.endswith("_shoppers"):
        channel = label(code[: -len("_shoppers")], "order_channel")
        return _("{channel} shoppers").format(channel=channel[:1].upper() + channel[1:])
    if code.endswith("_fans"):
        category = label(code[: -len("_fans")], "category")
        return _("{category} fans").format(category=category[:1].upper() + category[1:])
    return str(fallback)


def _cluster_text(cluster: object, names: dict, kind: str | None = None) -> str:
    """"Cluster 2", or a segment's display name; with the cluster's name after a colon if known."""
    base = _("Cluster {n}").format(n=cluster) if isinstance(cluster, (int, np.integer)) else label(cluster, kind)
    return f"{base}: {names[cluster]}" if cluster in names else base


def plot_elbow(choice: pd.DataFrame, ax=None):
    """Inertia (elbow) and silhouette against the number of clusters k.

    Parameters
    ----------
    choice : DataFrame
        The result of :func:`crmlab.segment.choose_k` (index ``k``; ``inertia``, ``silhouette``).
    ax : matplotlib Axes, optional
        Inertia is drawn on it; the silhouette on a twin axis at the right.

    Returns
    -------
    matplotlib Axes
        The inertia axes.
    """
    check_frame(choice, "choice")
    require_columns(choice, "choice", {"inertia": N_("from choose_k()"), "silhouette": N_("from choose_k()")})
    ax = get_axes(ax)
    ks = np.asarray(choice.index, dtype=float)
    first = ax.plot(ks, choice["inertia"].to_numpy(), marker="o", color="#264653", label=_("Inertia"))
    right = ax.twinx()
    second = right.plot(ks, choice["silhouette"].to_numpy(), marker="s", color="#e76f51", label=_("Silhouette"))
    right.set_ylabel(_("Mean silhouette"))
    ax.set_xticks(ks)
    lines = first + second
    ax.legend(lines, [line.get_label() for line in lines], loc="upper center", fontsize="small")
    return finish(
        ax,
        _("Choosing k: elbow and silhouette"),
        _("Number of clusters k"),
        _("Inertia (within-cluster sum of squares)"),
    )


def plot_segment_sizes(sizes: pd.DataFrame, names: pd.DataFrame | None = None, ax=None, *, kind: str | None = None):
    """Horizontal bars (``seaborn.barplot``): share of customers in each segment, with counts.

    Parameters
    ----------
    sizes : DataFrame
        :func:`crmlab.segment.segment_sizes` (columns ``segment``, ``size``, ``share``) or
        :func:`~crmlab.segment.cluster_profiles` (columns ``cluster``, ``size``, ``share``).
    names : DataFrame, optional
        :func:`crmlab.segment.name_clusters`, to show cluster names.
    ax : matplotlib Axes, optional
    kind : str, optional
        What the segment codes are, for their display names (a key of
        :data:`crmlab.vocabulary.CODES`: ``"tier"`` for :func:`~crmlab.segment.value_segments`,
        ``"marketing_type"``, ``"management_segment"``, ``"time_segment"``,
        ``"transaction_stage"`` …). Without it, a code is named only if no other kind has it.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (``ax`` if given).
    """
    kind = check_kind(kind)
    check_frame(sizes, "sizes")
    key = "segment" if "segment" in sizes.columns else "cluster"
    require_columns(
        sizes, "sizes", {key: N_("segments"), "size": N_("customers per segment"), "share": N_("share of customers")}
    )
    import seaborn as sns

    table = sizes.drop_duplicates(key)
    shown = _names(names)
    ax = get_axes(ax)
    shares = table["share"].to_numpy(dtype=float) * 100
    segments = [_cluster_text(c, shown, kind) for c in table[key]]
    sns.barplot(x=shares, y=segments, order=segments, color="#2a9d8f", saturation=1, errorbar=None, ax=ax)
    ax.bar_label(ax.containers[0], labels=[f" {int(n):,}" for n in table["size"]], fontsize="small")
    ax.set_xlim(0, max(shares.max() * 1.2, 1))
    return finish(ax, _("Segment sizes"), _("% of customers"), "")


_ZERO_LINE = {"color": "#888888", "linewidth": 0.8}


def plot_snake(snake: pd.DataFrame, names: pd.DataFrame | None = None, ax=None, *, clustered=None, legend: bool = True):
    """Snake plot: each cluster's mean of every standardised feature, one line per cluster.

    Parameters
    ----------
    snake : DataFrame
        :func:`crmlab.segment.snake_data` (columns ``cluster``, ``feature``, ``z``); the output
        of :func:`~crmlab.segment.cluster_profiles` works too.
    names : DataFrame, optional
        :func:`crmlab.segment.name_clusters`, to name the lines.
    ax : matplotlib Axes, optional
    clustered : list of str, optional
        The features the clusters were formed on, when ``snake`` shows more: the others are
        shaded (a difference there was found, not built in by the clustering).
    legend : bool, default True
        Name the lines in a legend beside the axes. False leaves it out (a table beside the
        picture names the clusters by colour); the shading is then explained under the axis.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (``ax`` if given).
    """
    features, clusters = _snake_parts(snake, names)
    unclustered = _unclustered(features, clustered)
    ax = get_axes(ax, figsize=(max(6.4, 0.55 * len(features) + 2), 4.2))
    x = np.arange(len(features))
    lines = [ax.plot(x, z, marker="o", label=text)[0] for text, z in clusters]
    spans = _shade(ax, unclustered)
    ax.axhline(0, **_ZERO_LINE)
    ax.set_xticks(x, [_feature_text(f) for f in features], rotation=45, ha="right")
    ax.set_xlim(-0.5, len(features) - 0.5)
    ax.set_ylim(*_snake_limits(clusters))
    if legend:
        _legend(ax, lines + spans[:1])
    note = None if legend or clustered is None else _("shaded: features not clustered on")
    return finish(ax, _("Snake plot of the clusters"), note, _("Standardised mean (z)"))


def _legend(ax, handles: list):
    """The snake plot's legend, beside the axes (over the lines it would hide some)."""
    return ax.legend(handles=handles, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)


#: The band behind a feature the clusters were not formed on.
_SHADE = {"color": "#000000", "alpha": 0.07, "linewidth": 0, "zorder": 0, "gid": "crmlab-not-clustered"}


def _unclustered(features: list, clustered) -> list[int]:
    """Positions of the ``features`` not among ``clustered`` (none when ``clustered`` is None)."""
    if clustered is None:
        return []
    if isinstance(clustered, str) or not isinstance(clustered, Iterable):
        raise ParameterTypeError(
            _("`{name}` must be a list of column names, but {got} was passed.").format(
                name="clustered", got=_show(clustered)
            )
        )
    chosen = {str(c) for c in clustered}
    return [i for i, f in enumerate(features) if str(f) not in chosen]


def _shade(ax, positions: list[int]) -> list:
    """A light band behind each feature position in ``positions``; the first one labelled for
    the legend."""
    spans = []
    for n, i in enumerate(positions):
        text = _("not clustered on") if n == 0 else "_nolegend_"
        spans.append(ax.axvspan(i - 0.5, i + 0.5, label=text, **_SHADE))
    return spans


def _snake_limits(clusters: list[tuple[str, np.ndarray]]) -> tuple[float, float]:
    """The y range of a snake plot: −2 to 3 standard deviations, widened in whole steps when a
    value (with a margin of 0.2) falls outside. Cluster means rarely leave that band, so the
    scale stays the same from one number of clusters to the next and the pictures compare."""
    values = np.concatenate([np.asarray(z, dtype=float) for _text, z in clusters] + [np.zeros(1)])
    values = values[np.isfinite(values)]
    lo, hi = float(values.min()) - 0.2, float(values.max()) + 0.2
    return float(min(-2.0, np.floor(lo))), float(max(3.0, np.ceil(hi)))


def _snake_parts(snake: pd.DataFrame, names: pd.DataFrame | None) -> tuple[list, list[tuple[str, np.ndarray]]]:
    """What :func:`plot_snake` draws: the features (x axis) and, per cluster, its line's label
    and values."""
    check_frame(snake, "snake")
    require_columns(
        snake, "snake", {"cluster": N_("clusters"), "feature": N_("features"), "z": N_("standardised means")}
    )
    shown = _names(names)
    features = list(dict.fromkeys(snake["feature"]))
    clusters = [
        (_cluster_text(cluster, shown), part.set_index("feature")["z"].reindex(features).to_numpy(dtype=float))
        for cluster, part in snake.groupby("cluster", sort=False, observed=True)
    ]
    return features, clusters


def _update_snake(ax, snake: pd.DataFrame, names: pd.DataFrame | None = None, *, clustered=None) -> list | bool:
    """Redraw a :func:`plot_snake` picture in place for other clusters or features: the lines,
    ticks and texts already there are reused, lines are added or removed as the number of
    clusters changes, the shading and the legend (if there is one) are made again. Returns the
    artists changed (the lines, the shading, the zero line, the legend and the y axis; the x
    axis when the features changed), or False if the axes hold something else."""
    features, clusters = _snake_parts(snake, names)
    unclustered = _unclustered(features, clustered)
    lines = [line for line in ax.lines if line.get_marker() == "o"]
    zero = [line for line in ax.lines if line.get_marker() != "o"]
    if len(zero) != 1:  # the cluster lines and the zero line
        return False
    x = np.arange(len(features))
    kept = []
    for i, (text, z) in enumerate(clusters):
        if i < len(lines):
            lines[i].set_data(x, z)
            lines[i].set_label(text)
            kept.append(lines[i])
        else:
            kept.extend(ax.plot(x, z, marker="o", label=text, color=f"C{i % 10}"))
    for line in lines[len(clusters):]:
        line.remove()
    for patch in [p for p in ax.patches if p.get_gid() == _SHADE["gid"]]:
        patch.remove()
    spans = _shade(ax, unclustered)
    zero[0].remove()  # drawn again, over the lines, as plot_snake does
    zero_line = ax.axhline(0, **_ZERO_LINE)
    ticks = [_feature_text(f) for f in features]
    new_features = [t.get_text() for t in ax.get_xticklabels()] != ticks or len(ax.get_xticks()) != len(x)
    if new_features:
        ax.set_xticks(x, ticks, rotation=45, ha="right")
        ax.set_xlim(-0.5, len(features) - 0.5)
    ax.set_ylim(*_snake_limits(clusters))
    legend = [] if ax.get_legend() is None else [_legend(ax, kept + spans[:1])]
    # the x axis is drawn again only when the features change (the explorer keeps them all);
    # the y axis (a few short numbers) always, so a band widened for one k and narrowed for
    # the next does not call for a whole new drawing
    axes = [ax.xaxis] if new_features else []
    return [*spans, *kept, zero_line, *legend, *axes, ax.yaxis]


def _feature_text(feature: str) -> str:
    """Display name of a segmentation feature (a column of :func:`crmlab.segment.segmentation_features`)."""
    if feature.startswith("channel_"):
        return _("channel: {channel}").format(channel=label(feature[len("channel_") :], "order_channel"))
    if feature.startswith("category_"):
        return _("category: {category}").format(category=label(feature[len("category_") :], "category"))
    if feature.startswith("expect_"):
        return _("expectation: {attribute}").format(attribute=label(feature[len("expect_") :], "attribute"))
    return label(feature, "column")


def plot_cluster_scatter(
    features: pd.DataFrame,
    labels: object,
    x: str | None = None,
    y: str | None = None,
    columns: list[str] | None = None,
    names: pd.DataFrame | None = None,
    sample: int = 3000,
    random_state: int = 0,
    ax=None,
    *,
    kind: str | None = None,
):
    """Customers as points coloured by cluster (``seaborn.scatterplot``): on two chosen features,
    or on a PCA map.

    Parameters
    ----------
    features : DataFrame
        One row per customer.
    labels : Series or array-like
        Cluster of each customer (as :func:`crmlab.segment.cluster_profiles` takes them).
    x, y : str, optional
        Two feature columns to plot. If both are None, the first two principal components of
        ``columns`` (:func:`crmlab.segment.pca_map`) are plotted.
    columns : list of str, optional
        Features of the PCA map (default :func:`crmlab.segment.default_columns`).
    names : DataFrame, optional
        :func:`crmlab.segment.name_clusters`.
    sample : int, default 3000
        At most this many customers are drawn (a fixed random sample), to keep the picture
        readable.
    ax : matplotlib Axes, optional
    kind : str, optional
        What the labels are when they are segment codes rather than cluster numbers (a key of
        :data:`crmlab.vocabulary.CODES`, e.g. ``"marketing_type"``), for their display names.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (``ax`` if given).
    """
    kind = check_kind(kind)
    from .._checks import check_int
    from ..segment.clusters import _labels_for, feature_matrix, pca_map

    check_frame(features, "features")
    lab = _labels_for(features, labels)
    size = check_int("sample", sample, low=1)
    seed = check_int("random_state", random_state, low=0, high=2**32 - 1)
    if (x is None) != (y is None):
        raise ParameterError(_("Give both `x` and `y` (two feature columns), or neither for a PCA map."))
    if x is None:
        coords = pca_map(features, columns)
        xs, ys = coords["pc1"].to_numpy(), coords["pc2"].to_numpy()
        explained = coords.attrs["explained"]
        xlabel = _("Principal component 1 ({share:.0%} of variance)").format(share=explained[0])
        ylabel = _("Principal component 2 ({share:.0%} of variance)").format(share=explained[1])
    else:
        matrix, _cols = feature_matrix(features, [x, y])
        xs, ys = matrix[:, 0], matrix[:, 1]
        xlabel, ylabel = _feature_text(x), _feature_text(y)
    rows = np.arange(len(xs))
    if len(rows) > size:
        rows = np.sort(np.random.default_rng(seed).choice(len(rows), size=size, replace=False))
    shown = _names(names)
    ax = get_axes(ax)
    values = pd.Series(lab)
    clusters = list(pd.unique(values))
    try:
        clusters = sorted(clusters)
    except TypeError:
        clusters = sorted(clusters, key=str)
    import seaborn as sns

    texts = {cluster: _cluster_text(cluster, shown, kind) for cluster in clusters}
    sns.scatterplot(x=xs[rows], y=ys[rows], hue=values.iloc[rows].map(texts).to_numpy(),
                    hue_order=list(texts.values()), palette=[f"C{i % 10}" for i in range(len(texts))],
                    s=8, alpha=0.6, linewidth=0, ax=ax)
    sns.move_legend(ax, "best", fontsize="small", markerscale=2)
    return finish(ax, _("Customers by cluster"), xlabel, ylabel)


def plot_kotler_matrix(matrix: pd.DataFrame | None = None, ax=None):
    """Kotler's matrix: number of customers × margin → relationship level, as a coloured grid
    (``seaborn.heatmap`` of the levels' ranks, each cell named).

    Parameters
    ----------
    matrix : DataFrame, optional
        :func:`crmlab.segment.kotler_matrix` (level codes); default that matrix.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (``ax`` if given).
    """
    from ..segment.kotler import LEVELS, kotler_matrix

    if matrix is None:
        matrix = kotler_matrix()
    check_frame(matrix, "matrix")
    bad = [v for v in matrix.to_numpy().ravel() if v not in LEVELS]
    if bad:
        raise ParameterError(
            _("`{name}` must hold level codes {codes}, but it holds {got}.").format(
                name="matrix", codes=list(LEVELS), got=repr(bad[0])
            )
        )
    import seaborn as sns

    rank = pd.DataFrame(
        np.vectorize(LEVELS.index)(matrix.to_numpy()),
        index=[label(r, "n_customers") for r in matrix.index],
        columns=[label(c, "margin") for c in matrix.columns],
    )
    names = matrix.map(lambda level: label(level, "kotler_level")).to_numpy()
    ax = get_axes(ax, figsize=(5.6, 4.2))
    sns.heatmap(rank, annot=names, fmt="", cmap="YlGnBu", vmin=-1, vmax=len(LEVELS), cbar=False, ax=ax)
    ax.tick_params(axis="both", labelrotation=0)
    return finish(ax, _("Kotler's relationship levels"), _("Margin"), _("Number of customers"))
