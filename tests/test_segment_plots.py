"""Pictures of the segmentation lesson: each draws on the given axes and labels it."""

from __future__ import annotations

import functools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import crmlab.plots  # noqa: E402
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError  # noqa: E402
from crmlab.plots.segment import (  # noqa: E402
    plot_cluster_scatter,
    plot_elbow,
    plot_kotler_matrix,
    plot_segment_sizes,
    plot_snake,
)
from crmlab.segment import choose_k, kotler_matrix, pca_map, segment_update, snake_data  # noqa: E402


@functools.lru_cache(maxsize=None)
def small():
    rng = np.random.default_rng(1)
    x = np.vstack([c + rng.normal(0, 0.3, (20, 2)) for c in ([0, 0], [4, 0], [0, 4])])
    return pd.DataFrame(x, columns=["discount_share", "channel_app"])


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_plots_are_found_through_crmlab_plots():
    assert crmlab.plots.plot_snake is plot_snake and crmlab.plots.plot_kotler_matrix is plot_kotler_matrix


def test_plot_elbow():
    fig, ax = plt.subplots()
    out = plot_elbow(choose_k(small(), [2, 3, 4], ["discount_share", "channel_app"]), ax=ax)
    assert out is ax and ax.get_title() == "Choosing k: elbow and silhouette"
    assert list(ax.lines[0].get_xdata()) == [2, 3, 4]
    assert len(fig.axes) == 2  # the silhouette twin axis
    with pytest.raises(ColumnError, match="silhouette"):
        plot_elbow(pd.DataFrame({"inertia": [1.0]}))


def test_snake_plot_shades_the_features_not_clustered_on():
    f = small().assign(channel_web=lambda d: d["channel_app"] * 0.5 + 1.0, log_frequency=np.arange(60) % 7)
    result = segment_update(f, 3, ["discount_share", "channel_app"])
    snake = snake_data(result["profiles"])  # every feature, clustered on or not
    features = list(dict.fromkeys(snake["feature"]))
    assert features == ["discount_share", "channel_app", "channel_web", "log_frequency"]
    ax = plot_snake(snake, result["names"], clustered=["discount_share", "channel_app"])
    bands = [p for p in ax.patches if p.get_gid() == "crmlab-not-clustered"]
    middles = sorted(round(p.get_x() + p.get_width() / 2) for p in bands)
    assert middles == [2, 3]
    assert ax.get_xlim() == (-0.5, len(features) - 0.5)  # the bands fill the axes, the limits stay
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(texts) == 3 + 1 and texts[-1] == "not clustered on"
    ax = plot_snake(snake, result["names"], clustered=["discount_share"], legend=False)
    assert len([p for p in ax.patches if p.get_gid() == "crmlab-not-clustered"]) == 3
    assert ax.get_legend() is None and ax.get_xlabel() == "shaded: features not clustered on"
    ax = plot_snake(result["snake"], result["names"])  # nothing to shade
    assert not [p for p in ax.patches if p.get_gid() == "crmlab-not-clustered"]
    assert len(ax.get_legend().get_texts()) == 3 and ax.get_xlabel() == ""
    with pytest.raises(ParameterTypeError, match="clustered"):
        plot_snake(snake, clustered="discount_share")
    plt.close("all")


def test_plot_sizes_snake_and_scatter():
    result = segment_update(small(), 3, ["discount_share", "channel_app"])
    ax = plot_segment_sizes(result["sizes"], names=result["names"])
    assert len(ax.patches) == 3 and ax.get_xlabel() == "% of customers"
    assert [round(p.get_width()) for p in ax.patches] == [33, 33, 33]
    ax = plot_snake(result["snake"], names=result["names"])
    assert len(ax.lines) == 3 + 1  # a line per cluster and the zero line
    assert ax.get_ylabel() == "Standardised mean (z)"
    ax = plot_cluster_scatter(small(), result["labels"], columns=["discount_share", "channel_app"])
    (points,) = ax.collections  # every customer, coloured by cluster
    assert "Principal component 1" in ax.get_xlabel()
    coords = pca_map(small(), ["discount_share", "channel_app"])
    np.testing.assert_allclose(points.get_offsets(), coords[["pc1", "pc2"]].to_numpy())
    colours = {tuple(c) for c in points.get_facecolors()}
    assert len(colours) == 3
    by_cluster = pd.Series([tuple(c) for c in points.get_facecolors()]).groupby(np.asarray(result["labels"])).nunique()
    assert by_cluster.tolist() == [1, 1, 1]  # one colour per cluster
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Cluster 0", "Cluster 1", "Cluster 2"]
    ax = plot_cluster_scatter(small(), result["labels"], x="discount_share", y="channel_app", sample=10)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 10
    with pytest.raises(ParameterError, match="`x` and `y`"):
        plot_cluster_scatter(small(), result["labels"], x="discount_share")


def test_plot_kotler_matrix():
    ax = plot_kotler_matrix()
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 9 and texts[0] == "basic" and texts[-1] == "partnership"
    from crmlab.segment.kotler import LEVELS

    ranks = [[LEVELS.index(level) for level in row] for row in kotler_matrix().to_numpy()]
    np.testing.assert_array_equal(ax.collections[0].get_array(), ranks)  # colour = the level's rank
    assert ax.get_ylabel() == "Number of customers"
    with pytest.raises(ParameterError, match="matrix"):
        plot_kotler_matrix(kotler_matrix(labels=True))
