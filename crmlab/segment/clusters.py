"""k-means segmentation (聚类细分): standardise, cluster, choose k.

scikit-learn is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._checks import _show, check_int
from .._frames import check_frame, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _, ngettext
from .features import default_columns

__all__ = [
    "kmeans_segments",
    "choose_k",
    "segment_silhouette",
    "pca_map",
    "DEFAULT_N_INIT",
    "SILHOUETTE_SAMPLE",
]

#: k-means restarts by default: few, so the segmentation explorer answers fast.
DEFAULT_N_INIT = 4
#: Silhouettes are computed on a fixed random sample of at most this many customers.
SILHOUETTE_SAMPLE = 2000
#: Up to this many customers, k-means and silhouettes run on one thread (see ``_threads``).
SINGLE_THREAD_ROWS = 200_000


def _threads(n_rows: int):
    """One compute thread for small data: on a few thousand rows the OpenMP/BLAS thread start-up
    costs more than it saves, and on a busy machine (a shared classroom server) spinning threads
    can make a 20 ms fit take seconds. The limit is lifted when the block ends."""
    import contextlib

    if n_rows > SINGLE_THREAD_ROWS:
        return contextlib.nullcontext()
    return _thread_pools().limit(limits=1)


@functools.lru_cache(maxsize=1)
def _thread_pools():
    """The process's OpenMP/BLAS thread pools, found once (looking for them takes a few ms)
    after scikit-learn's k-means has loaded its OpenMP library."""
    import importlib

    from threadpoolctl import ThreadpoolController

    importlib.import_module("sklearn.cluster")  # loads the OpenMP runtime the pools include

    return ThreadpoolController()


def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name=name, got=_show(value))
        )
    return bool(value)


def feature_matrix(features: object, columns: object = None) -> tuple[np.ndarray, list[str]]:
    """The float matrix of the chosen ``columns`` of ``features`` (checked), and the column list.

    ``columns=None`` means :func:`crmlab.segment.default_columns`. Every chosen column must
    exist, hold numbers (not booleans) and have no missing or infinite value.
    """
    features = check_frame(features, "features")
    if columns is None:
        columns = default_columns(features)
        if not columns:
            raise ColumnError(
                _(
                    "`features` has none of the default segmentation columns (discount_share, channel_*, "
                    "category_*, log_mean_basket, log_frequency); pass `columns`."
                )
            )
    elif isinstance(columns, str) or not isinstance(columns, Iterable):
        raise ParameterTypeError(
            _("`{name}` must be a list of column names, but {got} was passed.").format(name="columns", got=_show(columns))
        )
    columns = list(columns)
    if not columns:
        raise ParameterError(_("`columns` is empty: choose at least one feature."))
    for col in columns:
        if not isinstance(col, str):
            raise ParameterTypeError(
                _("`columns` must hold column names (str), but it holds {got}.").format(got=_show(col))
            )
    if len(set(columns)) < len(columns):
        raise ParameterError(_("`columns` names a column twice: {columns}.").format(columns=columns))
    require_columns(features, "features", {c: N_("a numeric feature") for c in columns})
    blocks = []
    for col in columns:
        values = features[col]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            raise ColumnError(
                _("Column {column!r} of `features` must hold numbers, but it has dtype {dtype}.").format(
                    column=col, dtype=values.dtype
                )
            )
        arr = values.to_numpy(dtype="float64", na_value=np.nan)
        bad = ~np.isfinite(arr)
        if bad.any():
            raise ColumnError(
                ngettext(
                    "Column {column!r} of `features` has {n:,} missing or infinite value; k-means needs a "
                    "value for every customer. Drop that row first "
                    "(features.dropna(subset=[{column!r}])) or leave the column out.",
                    "Column {column!r} of `features` has {n:,} missing or infinite values; k-means needs a "
                    "value for every customer. Drop those rows first "
                    "(features.dropna(subset=[{column!r}])) or leave the column out.",
                    int(bad.sum()),
                ).format(column=col, n=int(bad.sum()))
            )
        blocks.append(arr)
    return np.column_stack(blocks), columns


def _scaled(x: np.ndarray, scale: bool) -> np.ndarray:
    if not scale:
        return x
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(x)


def _check_k(k: object, x: np.ndarray, name: str = "k", cache: dict | None = None) -> int:
    """``k`` must be 1 … rows, and at most the number of distinct rows of ``x``."""
    k = check_int(name, k, low=1, high=len(x))
    if k == 1:
        return k
    cache = {} if cache is None else cache
    if "widest" not in cache:  # one column alone with ≥ k values settles it cheaply
        cache["widest"] = max(len(np.unique(x[:, j])) for j in range(x.shape[1]))
    if k <= cache["widest"]:
        return k
    if "rows" not in cache:
        cache["rows"] = len(np.unique(x, axis=0))
    if k > cache["rows"]:
        raise ParameterError(
            _(
                "`{name}` must be at most the number of distinct customers' feature rows ({rows}), but "
                "{k} was passed: k-means cannot find more clusters than distinct points."
            ).format(name=name, rows=cache["rows"], k=k)
        )
    return k


def _relabel(labels: np.ndarray, k: int) -> np.ndarray:
    """Old → new cluster number: largest cluster 0; equal sizes by first appearance."""
    sizes = np.bincount(labels, minlength=k)
    first = np.full(k, len(labels))
    seen, pos = np.unique(labels, return_index=True)
    first[seen] = pos
    order = np.lexsort((first, -sizes))  # new position i holds old label order[i]
    mapping = np.empty(k, dtype=np.int64)
    mapping[order] = np.arange(k)
    return mapping


def _fit(x_df: pd.DataFrame, k: int, random_state: int, scale: bool, n_init: int):
    from sklearn.cluster import KMeans
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    model = KMeans(n_clusters=k, n_init=n_init, random_state=random_state)
    pipe = Pipeline([("scale", StandardScaler() if scale else "passthrough"), ("kmeans", model)])
    pipe.fit(x_df)
    mapping = _relabel(model.labels_, k)
    inverse = np.argsort(mapping)
    model.cluster_centers_ = model.cluster_centers_[inverse]
    model.labels_ = mapping[model.labels_].astype(np.int32)
    return pipe


def kmeans_segments(
    features: pd.DataFrame,
    k: int,
    columns: Iterable[str] | None = None,
    *,
    random_state: int = 0,
    scale: bool = True,
    n_init: int = DEFAULT_N_INIT,
):
    """k-means clusters of customers (聚类): standardise the features, then k-means.

    Parameters
    ----------
    features : DataFrame
        One row per customer (e.g. :func:`crmlab.segment.segmentation_features`); its index
        labels the result.
    k : int
        Number of clusters, 1 … the number of distinct feature rows.
    columns : list of str, optional
        Features to cluster on; default :func:`crmlab.segment.default_columns`. They must be
        numeric with no missing value (drop or fill missing survey answers first).
    random_state : int, default 0
        Seed of k-means' random starts: the same seed gives the same clusters.
    scale : bool, default True
        Standardise each column (z-score: minus its mean, divided by its standard deviation
        with ddof = 0; a constant column becomes 0) so that every feature weighs the same
        whatever its unit. False clusters the raw values.
    n_init : int, default 4
        Number of k-means++ starts; the one with the lowest inertia wins. Kept small so the
        segmentation explorer answers quickly; raise it for a final model.

    Returns
    -------
    labels : Series
        Cluster number (int64) of each customer, index of ``features``, name ``"cluster"``.
        Clusters are numbered by size: 0 is the largest (equal sizes: the one whose first
        customer comes first in ``features``), so numbers do not depend on k-means' arbitrary
        order.
    pipeline : sklearn.pipeline.Pipeline
        The fitted ``StandardScaler`` (or passthrough) + ``KMeans``; ``pipeline.predict(new
        [columns])`` assigns new customers with the same numbering, and
        ``pipeline[-1].inertia_`` is the within-cluster sum of squares (in the scaled space).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"x": [0.0, 0.1, 0.2, 5.0, 5.1]}, index=[11, 12, 13, 14, 15])
    >>> labels, model = kmeans_segments(f, 2, ["x"])
    >>> labels.tolist()
    [0, 0, 0, 1, 1]
    """
    x, columns = feature_matrix(features, columns)
    with _threads(len(x)):
        return _kmeans(features, x, columns, k, random_state, scale, n_init)


def _kmeans(features, x, columns, k, random_state, scale, n_init):
    """:func:`kmeans_segments` on the checked matrix ``x`` of ``columns``."""
    k = _check_k(k, x)
    random_state = check_int("random_state", random_state, low=0, high=2**32 - 1)
    n_init = check_int("n_init", n_init, low=1, high=1000)
    scale = _check_bool("scale", scale)
    pipe = _fit(pd.DataFrame(x, columns=columns), k, random_state, scale, n_init)
    labels = pd.Series(pipe[-1].labels_.astype(np.int64), index=features.index, name="cluster")
    return labels, pipe


def _sample(n: int, size: int, random_state: int) -> np.ndarray:
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(random_state).choice(n, size=size, replace=False))


def _silhouette(x_scaled: np.ndarray, labels: np.ndarray, rows: np.ndarray) -> float:
    sample_labels = labels[rows]
    n_labels = len(np.unique(sample_labels))
    if n_labels < 2 or n_labels > len(rows) - 1:
        return float("nan")
    return _mean_silhouette(x_scaled[rows], sample_labels)


def _mean_silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette of ``labels`` over ``points``, as ``sklearn.metrics.silhouette_score``
    computes it: ``a`` = mean Euclidean distance to the other members of one's cluster, ``b`` =
    the smallest mean distance to the members of another cluster, ``s = (b − a) / max(a, b)``,
    0 for the only member of a cluster."""
    _names, codes = np.unique(labels, return_inverse=True)
    n, m = len(codes), int(codes.max()) + 1
    members = np.zeros((n, m))
    members[np.arange(n), codes] = 1.0
    # row i, column c: the distances from i to the members of c (the distances are symmetric, and
    # the product in this order is the faster one)
    sums = (members.T @ _distances(points)).T
    counts = members.sum(axis=0)
    own = counts[codes]
    with np.errstate(divide="ignore", invalid="ignore"):
        a = sums[np.arange(n), codes] / (own - 1)
        means = sums / counts
        means[np.arange(n), codes] = np.inf
        b = means.min(axis=1)
        s = (b - a) / np.maximum(a, b)
    return float(np.mean(np.nan_to_num(np.where(own > 1, s, 0.0))))


# The distances within the last silhouette sample (2,000² numbers, 32 MB, on the bundled data):
# the segmentation explorer asks for the silhouette of k = 2 … 10 clusters of the same customers
# on the same features, and measuring the distances is most of that work.
_LAST_DISTANCES: dict = {}


def _distances(points: np.ndarray, block: int = 64) -> np.ndarray:
    """Euclidean distances between the rows of ``points``, measured as scikit-learn measures
    them (|p − q|² = |p|² + |q|² − 2 p·q, zero from a point to itself), remembered for the
    same points. ``block`` rows at a time: the blocks stay in the processor's cache, which is
    several times faster than whole-matrix operations."""
    import hashlib

    points = np.ascontiguousarray(points, dtype=float)
    key = (points.shape, hashlib.blake2b(points.tobytes(), digest_size=16).digest())
    if _LAST_DISTANCES.get("key") == key:
        return _LAST_DISTANCES["distances"]
    _LAST_DISTANCES.clear()
    n = len(points)
    norms = np.einsum("ij,ij->i", points, points)
    out = np.empty((n, n))
    for start in range(0, n, block):
        stop = min(start + block, n)
        squared = out[start:stop]
        np.matmul(points[start:stop], points.T, out=squared)
        squared *= -2
        squared += norms[start:stop, None]
        squared += norms[None, :]
        np.maximum(squared, 0, out=squared)
        squared[np.arange(stop - start), np.arange(start, stop)] = 0
        np.sqrt(squared, out=squared)
    _LAST_DISTANCES.update(key=key, distances=out)
    return out


def segment_silhouette(
    features: pd.DataFrame,
    labels: object,
    columns: Iterable[str] | None = None,
    *,
    scale: bool = True,
    sample_size: int = SILHOUETTE_SAMPLE,
    random_state: int = 0,
) -> float:
    """Mean silhouette of a segmentation (轮廓系数): how well separated the clusters are.

    For a customer, ``s = (b − a) / max(a, b)`` with ``a`` the mean Euclidean distance to the
    other members of its cluster and ``b`` the mean distance to the members of the nearest
    other cluster; ``s`` runs from −1 (wrong cluster) through 0 (on a border) to 1 (well inside
    its cluster). Distances are taken in the space k-means used: the ``columns`` standardised
    if ``scale``.

    For speed the mean is taken over a fixed random sample of ``sample_size`` customers
    (drawn without replacement with ``numpy.random.default_rng(random_state)``; all customers
    if there are fewer), distances measured within the sample. NaN if the sample holds fewer
    than 2 clusters or every customer of the sample is its own cluster.

    Parameters
    ----------
    labels : Series or array-like
        One label per row of ``features``: a Series is aligned on ``features``' index (every
        customer needs a label), anything else is taken in row order.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"x": [0.0, 0.0, 10.0, 10.0]})
    >>> segment_silhouette(f, [0, 0, 1, 1], ["x"])
    1.0
    """
    x, columns = feature_matrix(features, columns)
    lab = _labels_for(features, labels)
    scale = _check_bool("scale", scale)
    size = check_int("sample_size", sample_size, low=2)
    random_state = check_int("random_state", random_state, low=0, high=2**32 - 1)
    codes = pd.factorize(lab)[0]
    with _threads(len(x)):
        return _silhouette(_scaled(x, scale), codes, _sample(len(x), size, random_state))


def _labels_for(features: pd.DataFrame, labels: object) -> np.ndarray:
    """Labels as an array in ``features``' row order (no label may be missing)."""
    if isinstance(labels, pd.Series):
        if not labels.index.is_unique:
            raise ParameterError(_("`labels` has a repeated index: give one label per customer."))
        missing = features.index.difference(labels.index)
        if len(missing):
            raise ParameterError(
                ngettext(
                    "`labels` has no label for {n:,} customer of `features` ({customer}).",
                    "`labels` has no label for {n:,} customers of `features` (e.g. {customer}).",
                    len(missing),
                ).format(n=len(missing), customer=_show(missing[0]))
            )
        values = labels.reindex(features.index)
    else:
        if isinstance(labels, (str, bytes)) or not isinstance(labels, Iterable):
            raise ParameterTypeError(
                _("`labels` must be a Series or a list of labels, but {got} was passed.").format(
                    got=_show(labels)
                )
            )
        values = pd.Series(list(labels))
        if len(values) != len(features):
            raise ParameterError(
                _("`labels` must have one label per row of `features` ({n:,}), but it has {got:,}.").format(
                    n=len(features), got=len(values)
                )
            )
    if values.isna().any():
        raise ParameterError(_("`labels` has missing values: every customer needs a cluster."))
    return values.to_numpy()


def choose_k(
    features: pd.DataFrame,
    ks: Iterable[int] = range(2, 11),
    columns: Iterable[str] | None = None,
    *,
    random_state: int = 0,
    scale: bool = True,
    n_init: int = DEFAULT_N_INIT,
    sample_size: int = SILHOUETTE_SAMPLE,
) -> pd.DataFrame:
    """Help choose the number of clusters: the elbow (inertia) and the silhouette for each k.

    For each k, :func:`kmeans_segments` is fitted with the same ``columns``, ``scale``,
    ``random_state`` and ``n_init``.

    Returns
    -------
    DataFrame
        Index ``k`` (sorted, duplicates removed); columns ``inertia`` — the within-cluster sum
        of squared distances to the cluster centres over all customers, in the (scaled) space
        clustered; it always falls as k grows, and the "elbow" where it stops falling fast is a
        candidate k — and ``silhouette`` — the mean silhouette (see
        :func:`segment_silhouette`) on one fixed random sample of at most ``sample_size``
        customers, the same sample for every k; higher is better; NaN for k = 1.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"x": [0.0, 0.1, 5.0, 5.1, 10.0, 10.1]})
    >>> choose_k(f, [2, 3], ["x"])["silhouette"].idxmax()
    3
    """
    x, columns = feature_matrix(features, columns)
    if isinstance(ks, (str, bytes)) or not isinstance(ks, Iterable):
        raise ParameterTypeError(
            _("`ks` must be a list of whole numbers, but {got} was passed.").format(got=_show(ks))
        )
    cache: dict = {}
    ks = sorted({_check_k(k, x, "ks", cache) for k in ks})
    if not ks:
        raise ParameterError(_("`ks` is empty: give at least one number of clusters."))
    random_state = check_int("random_state", random_state, low=0, high=2**32 - 1)
    n_init = check_int("n_init", n_init, low=1, high=1000)
    scale = _check_bool("scale", scale)
    size = check_int("sample_size", sample_size, low=2)
    x_df = pd.DataFrame(x, columns=columns)
    xs = _scaled(x, scale)
    rows = _sample(len(x), size, random_state)
    out = []
    with _threads(len(x)):
        for k in ks:
            model = _fit(x_df, k, random_state, scale, n_init)[-1]
            out.append({"k": k, "inertia": float(model.inertia_), "silhouette": _silhouette(xs, model.labels_, rows)})
    return pd.DataFrame(out).set_index("k")


def pca_map(features: pd.DataFrame, columns: Iterable[str] | None = None, *, scale: bool = True) -> pd.DataFrame:
    """Two principal components of the clustering features: a 2-D map of the customers.

    The ``columns`` (default :func:`crmlab.segment.default_columns`) are standardised (if
    ``scale``) and projected on their first two principal components (主成分).

    Returns
    -------
    DataFrame
        Index of ``features``; columns ``pc1`` and ``pc2``. ``attrs["explained"]`` holds the
        share of the total variance each component explains, ``attrs["columns"]`` the columns.
        With a single column, ``pc2`` is 0.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"a": [0.0, 1.0, 2.0], "b": [0.0, 1.0, 2.0]})
    >>> round(pca_map(f, ["a", "b"]).attrs["explained"][0], 6)
    1.0
    """
    x, columns = feature_matrix(features, columns)
    scale = _check_bool("scale", scale)
    xs = _scaled(x, scale)
    from sklearn.decomposition import PCA

    n = min(2, xs.shape[1], len(xs))
    with _threads(len(xs)):
        pca = PCA(n_components=n, svd_solver="full").fit(xs)
    coords = pca.transform(xs)
    explained = [float(v) for v in np.nan_to_num(pca.explained_variance_ratio_)]
    while coords.shape[1] < 2:
        coords = np.column_stack([coords, np.zeros(len(coords))])
        explained.append(0.0)
    out = pd.DataFrame(coords[:, :2], index=features.index, columns=["pc1", "pc2"])
    out.attrs["explained"] = explained
    out.attrs["columns"] = columns
    return out
