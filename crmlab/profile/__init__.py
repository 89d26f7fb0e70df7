"""Customer archive and profiling (客户档案 / 识别客户).

Know who the customers are, and keep one clean record per person:

* :func:`completeness` — filled and missing values per field (资料完整度);
* :func:`profile_summary`, :func:`age`, :func:`age_band`, :func:`age_pyramid` — who the
  customers are: demographics, geography, acquisition channels;
* :func:`standardize` and the ``standardize_*`` functions — one spelling per value
  (地址标准化 and the other fields);
* :func:`score_pairs`, :func:`matches`, :func:`find_duplicates`, :func:`cluster_duplicates`,
  :func:`exact_duplicates` — de-duplication (查重) and matching (匹配);
* :func:`match_quality`, :func:`threshold_curve` — how good the matching is;
* :func:`golden_records` — one merged record per person (合并, 删除重复);
* :func:`buying_centre`, :func:`role_coverage`, :func:`role_descriptions` — the buying
  centre of business customers (使用者 影响者 决策者 批准者 购买者 把关者);
* :func:`profile_fields`, :func:`data_sources` — reference tables of the lesson.

Heavy libraries (rapidfuzz, scipy) load only when a function needs them.
"""

from __future__ import annotations

from .completeness import completeness, is_missing
from .duplicates import (
    BLOCKING_KEYS,
    COMPARED_FIELDS,
    DEFAULT_BLOCKING,
    DEFAULT_THRESHOLD,
    DEFAULT_WEIGHTS,
    cluster_duplicates,
    exact_duplicates,
    find_duplicates,
    matches,
    score_pairs,
)
from .golden import golden_records
from .quality import match_quality, threshold_curve
from .reference import data_sources, profile_fields
from .roles import ROLES, buying_centre, role_coverage, role_descriptions
from .standardize import (
    STANDARD_FIELDS,
    standardize,
    standardize_address,
    standardize_birth_date,
    standardize_city,
    standardize_email,
    standardize_gender,
    standardize_name,
    standardize_phone,
    standardize_postcode,
    standardize_province,
)
from .summary import AGE_BANDS, age, age_band, age_pyramid, profile_summary

__all__ = [
    "completeness", "is_missing",
    "age", "age_band", "age_pyramid", "profile_summary", "AGE_BANDS",
    "standardize", "standardize_phone", "standardize_email", "standardize_province",
    "standardize_city", "standardize_address", "standardize_name", "standardize_gender",
    "standardize_birth_date", "standardize_postcode", "STANDARD_FIELDS",
    "score_pairs", "matches", "find_duplicates", "cluster_duplicates", "exact_duplicates",
    "BLOCKING_KEYS", "DEFAULT_BLOCKING", "DEFAULT_WEIGHTS", "DEFAULT_THRESHOLD",
    "COMPARED_FIELDS",
    "match_quality", "threshold_curve",
    "golden_records",
    "buying_centre", "role_coverage", "role_descriptions", "ROLES",
    "profile_fields", "data_sources",
]

from .._api import check_arguments as _check_arguments

_check_arguments(globals(), __all__)  # `str` parameters (column names, choices) checked at the door
