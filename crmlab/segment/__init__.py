"""Customer segmentation (客户分类 / 客户细分).

* The courseware's schemes as reference tables (:func:`scheme_table`) and, where data allows,
  as rules that put each customer in a segment: by value (:func:`value_segments`), by marketing
  type (:func:`marketing_type`), by management (:func:`management_segments`), by time
  (:func:`time_segments`) and by transaction stage (:func:`stage_segments`).
* Kotler's relationship levels and the customer-count × margin matrix (:func:`kotler_level`,
  :func:`kotler_matrix`).
* Data-driven segmentation: behavioural features (:func:`segmentation_features`), k-means
  (:func:`kmeans_segments`), choosing k (:func:`choose_k`), profiles and names
  (:func:`cluster_profiles`, :func:`name_clusters`), agreement with what is known
  (:func:`persona_agreement`), and everything the explorer shows (:func:`segment_update`).

Pictures are in :mod:`crmlab.plots.segment`.
"""

from __future__ import annotations

from .agreement import Agreement, persona_agreement
from .clusters import (
    DEFAULT_N_INIT,
    SILHOUETTE_SAMPLE,
    choose_k,
    kmeans_segments,
    pca_map,
    segment_silhouette,
)
from .explorer import segment_update
from .features import NEEDS_FEATURES, default_columns, feature_notes, segmentation_features
from .kotler import LEVELS, kotler_level, kotler_matrix
from .naming import NAMING_RULES, name_clusters
from .profiles import cluster_profiles, profile_table, segment_sizes, snake_data
from .rules import management_segments, marketing_type, stage_segments, time_segments, value_segments
from .schemes import SCHEMES, scheme_table

__all__ = [
    "SCHEMES",
    "scheme_table",
    "value_segments",
    "marketing_type",
    "management_segments",
    "time_segments",
    "stage_segments",
    "LEVELS",
    "kotler_level",
    "kotler_matrix",
    "NEEDS_FEATURES",
    "segmentation_features",
    "feature_notes",
    "default_columns",
    "DEFAULT_N_INIT",
    "SILHOUETTE_SAMPLE",
    "kmeans_segments",
    "choose_k",
    "segment_silhouette",
    "pca_map",
    "cluster_profiles",
    "profile_table",
    "snake_data",
    "segment_sizes",
    "NAMING_RULES",
    "name_clusters",
    "Agreement",
    "persona_agreement",
    "segment_update",
]

from .._api import check_arguments as _check_arguments

_check_arguments(globals(), __all__)  # `str` parameters (column names, choices) checked at the door
