"""Customer satisfaction and complaints (客户满意 / 投诉管理).

Expectation–disconfirmation, an ACSI-style index, NPS, importance–performance analysis, the
courseware's satisfaction indicators, the complaint-handling funnel and times, and what
customers do after a complaint. Pictures: :mod:`crmlab.plots.satisfaction`.
"""

from __future__ import annotations

from .acsi import ACSI_ITEMS, acsi_index, acsi_scores
from .complaints import COMPLAINT_STEPS, complaint_funnel, handling_times
from .expectation import OUTCOMES, disconfirmation, disconfirmation_summary
from .kpis import indicators
from .ipa import QUADRANTS, importance_performance
from .promoters import NPS_CLASSES, nps
from .outcomes import HANDLING_CLASSES, SATISFACTION_CLASSES, complaint_outcomes, post_purchase_behaviour

__all__ = [
    "disconfirmation",
    "disconfirmation_summary",
    "acsi_index",
    "acsi_scores",
    "nps",
    "importance_performance",
    "indicators",
    "complaint_funnel",
    "handling_times",
    "complaint_outcomes",
    "post_purchase_behaviour",
    "ACSI_ITEMS",
    "COMPLAINT_STEPS",
    "HANDLING_CLASSES",
    "NPS_CLASSES",
    "OUTCOMES",
    "QUADRANTS",
    "SATISFACTION_CLASSES",
]

from .._api import check_arguments as _check_arguments

_check_arguments(globals(), __all__)  # `str` parameters (column names, choices) checked at the door
