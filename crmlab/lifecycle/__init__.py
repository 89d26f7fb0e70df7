"""Customer lifecycle and churn (客户生命周期 / 客户流失).

* :func:`lifecycle_stage` — establishment (建立期), development (发展期), maintenance (维持期),
  recovery (恢复期) or lapsed, from purchase history; :func:`stage_mix`,
  :func:`stage_agreement`, :func:`stage_confusion` to summarise and check them.
* :func:`development_funnel` — suspect → prospect → first-time buyer → repeat customer →
  client → member → advocate → partner (客户开发过程).
* :func:`cohort_retention`, :func:`cohort_counts` — cohort retention tables (同期群).
* :func:`churn_flags`, :func:`churn_rate` — who churned, churn rate by group (流失率分布).
* :func:`survival_curve`, :func:`kaplan_meier` — Kaplan–Meier retention curves.
* :func:`churn_dataset`, :func:`churn_model` — predicting churn on held-out customers.
* :func:`next_purchase`, :func:`evaluate_next_purchase` — the rice-shop idea (王永庆卖大米).
* :func:`churn_signals`, :func:`churn_signal_summary` — traces of churn causes (流失原因).

Pictures: :mod:`crmlab.plots.lifecycle`.
"""

from __future__ import annotations

from .churn import churn_flags, churn_rate
from .cohorts import cohort_counts, cohort_retention
from .funnel import FUNNEL_STAGES, development_funnel
from .model import CHURN_FEATURES, ChurnModel, churn_dataset, churn_model
from .next_purchase import evaluate_next_purchase, next_purchase
from .signals import SIGNALS, churn_signal_summary, churn_signals
from .stages import STAGES, lifecycle_stage, stage_agreement, stage_confusion, stage_mix
from .survival import kaplan_meier, survival_curve

__all__ = [
    "lifecycle_stage",
    "stage_mix",
    "stage_agreement",
    "stage_confusion",
    "STAGES",
    "development_funnel",
    "FUNNEL_STAGES",
    "cohort_retention",
    "cohort_counts",
    "churn_flags",
    "churn_rate",
    "survival_curve",
    "kaplan_meier",
    "churn_dataset",
    "churn_model",
    "ChurnModel",
    "CHURN_FEATURES",
    "next_purchase",
    "evaluate_next_purchase",
    "churn_signals",
    "churn_signal_summary",
    "SIGNALS",
]

from .._api import check_arguments as _check_arguments

_check_arguments(globals(), __all__)  # `str` parameters (column names, choices) checked at the door
