"""Credit management (客户信用管理): collection, the 5C, credit grades and policy.

A lesson's path through it::

    from crmlab import credit
    invoices, accounts = crmlab.load("invoices"), crmlab.load("accounts")
    col = credit.collection(invoices)                 # 回款率, overdue days, receivables
    scores = credit.five_c(accounts, col)             # the 5C + payment record, 0–100
    grades = credit.credit_grades(scores)             # A–D and the policy of each grade
    credit.receivables_at_risk(invoices, grades)      # what each grade owes us

Scores are computed once; re-grading with other thresholds is only a cut.
"""

from .fivec import COMPONENTS, DEFAULT_WEIGHTS, HISTORY_WEIGHTS, five_c
from .grades import (
    DEFAULT_THRESHOLDS,
    GRADES,
    collection_by_grade,
    credit_grades,
    credit_line,
    grade_policy,
    receivables_at_risk,
)
from .matrices import (
    loyalty_credit_matrix,
    loyalty_size_credit_table,
    loyalty_size_matrix,
    matrix_strategies,
    size_bands,
)
from .payments import AGEING_BUCKETS, ageing, collection
from .signals import credit_signals, review_triggers

__all__ = [
    "collection",
    "ageing",
    "five_c",
    "credit_grades",
    "grade_policy",
    "credit_line",
    "receivables_at_risk",
    "collection_by_grade",
    "credit_signals",
    "review_triggers",
    "loyalty_credit_matrix",
    "loyalty_size_matrix",
    "loyalty_size_credit_table",
    "size_bands",
    "matrix_strategies",
    "AGEING_BUCKETS",
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "HISTORY_WEIGHTS",
    "DEFAULT_THRESHOLDS",
    "GRADES",
]

from .._api import check_arguments as _check_arguments

_check_arguments(globals(), __all__)  # `str` parameters (column names, choices) checked at the door
