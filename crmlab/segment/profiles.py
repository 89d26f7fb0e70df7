"""Profiles of segments (细分画像): what is typical of each cluster, and how big it is."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._checks import _show, check_choice
from .._frames import check_frame, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _
from .clusters import _labels_for

__all__ = ["cluster_profiles", "profile_table", "snake_data", "segment_sizes"]

_PROFILE_COLUMNS = ("cluster", "size", "share", "feature", "mean", "overall_mean", "relative", "z")


def _sorted_unique(values: np.ndarray) -> list:
    unique = list(pd.unique(values))
    try:
        return sorted(unique)
    except TypeError:
        return sorted(unique, key=str)


def _is_number(dtype) -> bool:
    """Whether a column of this dtype holds numbers (booleans do not count)."""
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def cluster_profiles(features: pd.DataFrame, labels: object, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Profile of every cluster: its size and the mean of each feature, absolute and relative.

    Parameters
    ----------
    features : DataFrame
        One row per customer.
    labels : Series or array-like
        Cluster (or any segment) of each customer: a Series is aligned on ``features``' index
        (every customer needs one), anything else is taken in row order.
    columns : list of str, optional
        Features to profile; default every numeric (non-boolean) column of ``features`` —
        including those not clustered on, which often explain a cluster best.

    Returns
    -------
    DataFrame
        Long format, one row per cluster × feature (clusters sorted, features in order):

        * ``cluster``; ``size`` — customers in it; ``share`` — size / all customers;
        * ``feature``; ``mean`` — the cluster's mean of the feature; ``overall_mean`` — the mean
          over all customers;
        * ``relative`` — relative importance ``mean / overall_mean − 1`` (+0.5: 50 % above
          average); NaN when the overall mean is 0. Read it on positive, raw-unit features
          (frequency, monetary, shares); on log features prefer ``z``;
        * ``z`` — ``(mean − overall_mean) / overall standard deviation`` (ddof = 0): the
          cluster's mean of the standardised feature, the value a snake plot shows; 0 for a
          constant feature.

        Means skip missing values (e.g. the survey expectations of customers never surveyed).
        Use :func:`profile_table` for one row per cluster.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"spend": [20.0, 20.0, 100.0, 100.0]})
    >>> p = cluster_profiles(f, [0, 0, 1, 1])
    >>> p[["cluster", "size", "mean", "overall_mean", "relative", "z"]]
       cluster  size   mean  overall_mean  relative    z
    0        0     2   20.0          60.0 -0.666667 -1.0
    1        1     2  100.0          60.0  0.666667  1.0
    """
    features = check_frame(features, "features")
    lab = _labels_for(features, labels)
    dtypes = features.dtypes
    if columns is None:
        columns = [c for c, dtype in dtypes.items() if _is_number(dtype)]
        if not columns:
            raise ColumnError(_("`features` has no numeric column to profile."))
    elif isinstance(columns, str) or not isinstance(columns, Iterable):
        raise ParameterTypeError(
            _("`{name}` must be a list of column names, but {got} was passed.").format(name="columns", got=_show(columns))
        )
    else:
        columns = list(columns)
        if not columns:
            raise ParameterError(_("`columns` is empty: choose at least one feature."))
        require_columns(features, "features", {c: N_("a numeric feature") for c in columns})
        for c in columns:
            if not _is_number(dtypes[c]):
                raise ColumnError(
                    _("Column {column!r} of `features` must hold numbers, but it has dtype {dtype}.").format(
                        column=c, dtype=dtypes[c]
                    )
                )
    matrix = np.array(features[columns].to_numpy(dtype="float64", na_value=np.nan), copy=True)
    matrix[np.isinf(matrix)] = np.nan  # an infinite value is no value
    values = pd.DataFrame(matrix, columns=pd.RangeIndex(len(columns)))
    clusters = _sorted_unique(lab)
    codes = pd.Categorical(lab, categories=clusters)
    means = values.groupby(codes, observed=False).mean()
    sizes = np.bincount(codes.codes, minlength=len(clusters))
    overall = values.mean()
    std = values.std(ddof=0)
    k, m = len(clusters), len(columns)
    mean = means.to_numpy(dtype="float64")
    om = np.broadcast_to(overall.to_numpy(dtype="float64"), (k, m))
    sd = np.broadcast_to(std.to_numpy(dtype="float64"), (k, m))
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where((om != 0) & ~np.isnan(om), mean / om - 1, np.nan)
        z = np.where(sd == 0, 0.0, (mean - om) / sd)
    out = pd.DataFrame(
        {
            "cluster": np.repeat(np.array(clusters, dtype=object), m),
            "size": np.repeat(sizes.astype("int64"), m),
            "share": np.repeat(sizes / len(lab), m),
            "feature": np.tile(np.array([str(c) for c in columns], dtype=object), k),
            "mean": mean.ravel(),
            "overall_mean": om.ravel(),
            "relative": relative.ravel(),
            "z": z.ravel(),
        }
    )
    if pd.api.types.is_integer_dtype(pd.Series(clusters)):
        out["cluster"] = out["cluster"].astype("int64")
    else:
        out["cluster"] = out["cluster"].astype(object)
    return out


def _check_profiles(profiles: object) -> pd.DataFrame:
    profiles = check_frame(profiles, "profiles")
    require_columns(profiles, "profiles", {c: N_("from cluster_profiles()") for c in _PROFILE_COLUMNS})
    return profiles


def profile_table(profiles: pd.DataFrame, value: str = "mean") -> pd.DataFrame:
    """One row per cluster: ``size``, ``share`` and one column per feature.

    Parameters
    ----------
    profiles : DataFrame
        Output of :func:`cluster_profiles`.
    value : {"mean", "relative", "z"}
        Which number fills the feature columns.

    Examples
    --------
    >>> import pandas as pd
    >>> p = cluster_profiles(pd.DataFrame({"spend": [10.0, 30.0, 100.0]}), ["a", "a", "b"])
    >>> profile_table(p)  # doctest: +NORMALIZE_WHITESPACE
             size     share  spend
    cluster
    a           2  0.666667   20.0
    b           1  0.333333  100.0
    """
    profiles = _check_profiles(profiles)
    check_choice("value", value, ["mean", "relative", "z"])
    clusters = list(dict.fromkeys(profiles["cluster"]))
    features = list(dict.fromkeys(profiles["feature"]))
    wide = profiles.pivot(index="cluster", columns="feature", values=value).reindex(index=clusters, columns=features)
    sizes = profiles.drop_duplicates("cluster").set_index("cluster")[["size", "share"]].reindex(clusters)
    out = pd.concat([sizes, wide], axis=1)
    out.index.name = "cluster"
    out.columns.name = None
    return out


def _wide_means(profiles: pd.DataFrame) -> pd.DataFrame:
    """:func:`profile_table` of the means of a :func:`cluster_profiles` result, read from its
    layout (one block of rows per cluster, the features in the same order in each) instead of
    pivoting: the segmentation explorer's table at every move."""
    features = list(dict.fromkeys(profiles["feature"]))
    m = len(features)
    firsts = profiles.iloc[::m]
    index = pd.Index(list(firsts["cluster"]), name="cluster")
    sizes = pd.DataFrame({"size": firsts["size"].to_numpy(), "share": firsts["share"].to_numpy()}, index=index)
    means = pd.DataFrame(profiles["mean"].to_numpy().reshape(-1, m), index=index, columns=features)
    return pd.concat([sizes, means], axis=1)  # a feature may be called "size" or "share" too


def snake_data(profiles: pd.DataFrame) -> pd.DataFrame:
    """Data of a snake plot: each cluster's mean of each standardised feature.

    Returns
    -------
    DataFrame
        Columns ``cluster``, ``feature``, ``z`` (see :func:`cluster_profiles`), clusters and
        features in the order of ``profiles``; one line per cluster across the features.

    Examples
    --------
    >>> import pandas as pd
    >>> p = cluster_profiles(pd.DataFrame({"a": [0.0, 2.0], "b": [1.0, 1.0]}), [0, 1])
    >>> snake_data(p)["z"].tolist()
    [-1.0, 0.0, 1.0, 0.0]
    """
    profiles = _check_profiles(profiles)
    return profiles[["cluster", "feature", "z"]].reset_index(drop=True)


def segment_sizes(labels: object) -> pd.DataFrame:
    """Customers in each segment: ``segment``, ``size`` and ``share`` (size / all labelled).

    Parameters
    ----------
    labels : Series or array-like
        One segment per customer (e.g. the ``labels`` of :func:`kmeans_segments`, or the
        ``segment`` column of a rule-based scheme). Missing labels are not counted.

    Returns
    -------
    DataFrame
        One row per segment, sorted by segment (a categorical keeps its category order, empty
        categories included with size 0).

    Examples
    --------
    >>> segment_sizes(["b", "a", "b", "b"])
      segment  size  share
    0       a     1   0.25
    1       b     3   0.75
    """
    if isinstance(labels, pd.Series):
        values = labels
    elif isinstance(labels, (str, bytes)) or not isinstance(labels, Iterable):
        raise ParameterTypeError(
            _("`labels` must be a Series or a list of labels, but {got} was passed.").format(
                got=_show(labels)
            )
        )
    else:
        values = pd.Series(list(labels))
    values = values.dropna()
    if len(values) == 0:
        raise ParameterError(_("`labels` holds no label: there is nothing to count."))
    if isinstance(values.dtype, pd.CategoricalDtype):
        order = list(values.cat.categories)
    else:
        order = _sorted_unique(values.to_numpy())
    counts = values.value_counts(sort=False).reindex(order, fill_value=0)
    out = pd.DataFrame({"segment": order, "size": counts.to_numpy().astype("int64")})
    out["share"] = out["size"] / out["size"].sum()
    return out
