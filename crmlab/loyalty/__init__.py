"""Customer loyalty (客户忠诚).

The courseware's loyalty measures and a combined index, the product × service loyalty matrix,
Dick & Basu's four kinds of loyalty, the courseware's five loyalty types, the satisfaction–
loyalty curve and the satisfaction trap, and a points programme replayed on the order history.
Pictures: :mod:`crmlab.plots.loyalty`.
"""

from __future__ import annotations

from .attitude import DICK_BASU, dick_basu, dick_basu_from_data, relative_attitude
from .matrix import MATRIX_CELLS, loyalty_matrix, loyalty_matrix_cells
from .measures import MEASURES, loyalty_measures
from .points import points_programme, points_summary
from .trap import OBSERVED_LOYALTY, satisfaction_loyalty_curve, satisfaction_trap
from .types import LOYALTY_TYPES, loyalty_types

__all__ = [
    "loyalty_measures",
    "loyalty_matrix",
    "loyalty_matrix_cells",
    "dick_basu",
    "dick_basu_from_data",
    "relative_attitude",
    "loyalty_types",
    "satisfaction_loyalty_curve",
    "satisfaction_trap",
    "points_programme",
    "points_summary",
    "DICK_BASU",
    "LOYALTY_TYPES",
    "MATRIX_CELLS",
    "MEASURES",
    "OBSERVED_LOYALTY",
]

from .._api import check_arguments as _check_arguments

_check_arguments(globals(), __all__)  # `str` parameters (column names, choices) checked at the door
