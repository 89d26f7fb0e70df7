"""Credit grades A–D (信用等级) from a score, the policy of each grade, and what each grade owes.

Grading is a cut of a score computed once (:func:`crmlab.credit.five_c`), so moving the
thresholds — as a credit-policy explorer does — costs a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd

from .._checks import _show, check_float, check_int
from .._frames import check_ids, check_frame, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _, ngettext
from ._invoices import DAYS_PER_MONTH, clean_invoices, finite_column, with_rules

__all__ = [
    "GRADES",
    "GRADE_POLICY",
    "DEFAULT_THRESHOLDS",
    "credit_grades",
    "grade_policy",
    "credit_line",
    "receivables_at_risk",
    "collection_by_grade",
]

GRADES = ("A", "B", "C", "D")
DEFAULT_THRESHOLDS = (75.0, 60.0, 45.0)

#: Policy code of each grade (the courseware's credit policy).
GRADE_POLICY = MappingProxyType(
    {"A": "credit_line", "B": "cash_on_delivery", "C": "pay_before_goods", "D": "phase_out"}
)

_POLICY_TERMS = {
    "credit_line": N_("Credit line and a grace period"),
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    "cash_on_delivery": N_("Cash on delivery (现款现货)"),
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    "pay_before_goods": N_("Pay before goods (现款后货)"),
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    "phase_out": N_("Pay before goods and phase out (逐步淘汰)"),
}

_POLICY_TEXT = {
    "credit_line": N_(
        "Best customers: sell on credit up to a credit line, with a grace period after the due "
        "date; review the line when the volume changes."
    ),
    "cash_on_delivery": N_(
        "Reliable but not proven: no credit; the customer pays in cash when the goods are "
        "delivered."
    ),
    "pay_before_goods": N_("Risky: the customer pays first, goods are shipped after payment."),
    "phase_out": N_(
        "Poor credit: pay before goods only, and reduce business with the customer step by step."
    ),
}


def _grade_dtype() -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(GRADES), ordered=True)


def _check_thresholds(thresholds: object) -> tuple[float, float, float]:
    if isinstance(thresholds, (str, bytes)) or not isinstance(thresholds, Sequence | np.ndarray):
        raise ParameterTypeError(
            _("`thresholds` must be three numbers such as (75, 60, 45), but {got} was passed.").format(
                got=_show(thresholds)
            )
        )
    values = list(thresholds)
    if len(values) != 3:
        raise ParameterError(
            ngettext(
                "`thresholds` must hold three numbers (lowest scores of A, B and C), but {n} was passed: {got}.",
                "`thresholds` must hold three numbers (lowest scores of A, B and C), but {n} were passed: {got}.",
                len(values),
            ).format(n=len(values), got=_show(thresholds))
        )
    out = tuple(check_float("thresholds", v) for v in values)
    if not out[0] > out[1] > out[2]:
        raise ParameterError(
            _("`thresholds` must decrease strictly (A above B above C), but {got} was passed.").format(got=out)
        )
    return out  # type: ignore[return-value]


def credit_grades(
    scores: pd.DataFrame | pd.Series,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    column: str = "total",
) -> pd.DataFrame:
    """Grade each account A–D by its credit score and give the grade's policy.

    Parameters
    ----------
    scores : pandas.DataFrame or pandas.Series
        Scores indexed by account, e.g. :func:`crmlab.credit.five_c`'s table; a Series is used
        as the score itself.
    thresholds : three numbers, default (75, 60, 45)
        Lowest score of grades A, B and C, strictly decreasing.
    column : str, default "total"
        Column of ``scores`` to grade (ignored for a Series).

    Returns
    -------
    pandas.DataFrame
        Same index as ``scores``; columns ``score``, ``grade`` (ordered categorical A < B < C <
        D) and ``policy`` (code, see :func:`grade_policy`). A if score ≥ thresholds[0], B if ≥
        thresholds[1], C if ≥ thresholds[2], else D — a score equal to a threshold gets the
        better grade. A missing score gets no grade (NaN): such an account needs a credit
        investigation first.

        The courseware's policy (信用政策): A — a credit line and a grace period;
        B — cash on delivery (现款现货); C — pay before goods (现款后货);
        D — pay before goods and phase out (逐步淘汰).

    Examples
    --------
    >>> import pandas as pd
    >>> g = credit_grades(pd.Series([80, 75, 74.9, 50, 10]))
    >>> g["grade"].tolist()
    ['A', 'A', 'B', 'C', 'D']
    """
    if isinstance(scores, pd.Series):
        raw = scores
        name = "scores"
    else:
        frame = check_frame(scores, "scores", allow_empty=True)
        if not isinstance(column, str):
            raise ParameterTypeError(
                _("`{name}` must be a column name (str), but {got} was passed.").format(name="column", got=_show(column))
            )
        require_columns(frame, "scores", {column: N_("credit scores")})
        raw = frame[column]
        name = column
    values = finite_column(raw.to_frame(name), "scores", name).to_numpy()
    a, b, c = _check_thresholds(thresholds)
    codes = np.select([values >= a, values >= b, values >= c], [0, 1, 2], 3)
    codes = np.where(np.isnan(values), -1, codes)
    grade = pd.Categorical.from_codes(codes, dtype=_grade_dtype())
    policy_codes = np.array([GRADE_POLICY[g] for g in GRADES] + [None], dtype=object)
    policy = policy_codes[codes]  # code −1 picks the trailing None
    return pd.DataFrame(
        {"score": values, "grade": grade, "policy": pd.array(policy, dtype="str")},
        index=raw.index,
    )


def grade_policy() -> pd.DataFrame:
    """The courseware's credit policy for each grade, as a table to show students.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``grade`` (A–D); columns ``policy`` (stable English code), ``terms`` and
        ``description`` (display text in the current language, :mod:`crmlab.i18n`).

    Examples
    --------
    >>> grade_policy().loc["B", "policy"]
    'cash_on_delivery'
    """
    codes = [GRADE_POLICY[g] for g in GRADES]
    return pd.DataFrame(
        {
            "policy": codes,
            "terms": [_(_POLICY_TERMS[c]) for c in codes],
            "description": [_(_POLICY_TEXT[c]) for c in codes],
        },
        index=pd.Index(list(GRADES), name="grade"),
    )


def _grade_series(grades: object, param: str = "grades") -> pd.Series:
    """Grades A–D indexed by account from :func:`credit_grades`' table or a Series."""
    if isinstance(grades, pd.DataFrame):
        check_frame(grades, param, allow_empty=True)
        require_columns(grades, param, {"grade": N_("credit grades A–D (from credit_grades)")})
        series = grades["grade"]
    elif isinstance(grades, pd.Series):
        series = grades
    else:
        raise ParameterTypeError(
            _(
                "`{name}` must be the DataFrame of credit_grades() or a Series of grades A–D, but {type} "
                "was passed."
            ).format(name=param, type=type(grades).__name__)
        )
    values = series.astype("object").where(series.notna(), None)
    bad = values.notna() & ~values.isin(GRADES)
    if bad.any():
        raise ColumnError(
            _("`{name}` must hold grades 'A', 'B', 'C' or 'D', but it holds {got}.").format(
                name=param, got=_show(values[bad].iloc[0])
            )
        )
    if series.index.has_duplicates:
        raise ColumnError(
            _("`{name}` must have one row per account, but account {got} appears more than once.").format(
                name=param, got=_show(series.index[series.index.duplicated()][0])
            )
        )
    return pd.Series(pd.Categorical(values, dtype=_grade_dtype()), index=series.index, name="grade")


def credit_line(
    grades: pd.DataFrame | pd.Series,
    collection: pd.DataFrame,
    accounts: pd.DataFrame | None = None,
    *,
    terms_days: int = 30,
    grace_days: int = 30,
    round_to: float = 1000,
    account: str = "account_id",
    terms: str = "payment_terms_days",
) -> pd.DataFrame:
    """A suggested credit line (信用额度) for each grade-A account.

    Parameters
    ----------
    grades : pandas.DataFrame or pandas.Series
        :func:`credit_grades`' table or a Series of grades, indexed by account.
    collection : pandas.DataFrame
        :func:`crmlab.credit.collection`'s table (its ``monthly_volume``).
    accounts : pandas.DataFrame, optional
        Credit file with each account's payment terms in column ``terms`` (days); without it
        every account gets ``terms_days``.
    terms_days : int, default 30
        Payment terms (days) when ``accounts`` is not given or an account's terms are missing.
    grace_days : int, default 30
        Grace period after the due date (days) granted to grade A.
    round_to : float, default 1000
        The line is rounded *up* to a multiple of this (0: not rounded).
    account, terms : str
        Column names in ``accounts``.

    Returns
    -------
    pandas.DataFrame
        Indexed by the accounts of ``grades``; columns ``grade``, ``monthly_volume``,
        ``terms_days`` and ``credit_line``:

        ``credit_line = monthly_volume × (terms_days + grace_days) / 30.4375`` for grade A —
        enough for the invoices an account buying monthly has open at once when it pays at the
        end of terms plus grace — and 0 for grades B–D (no credit). NaN for an A account with no
        volume known or an ungraded account.

    Examples
    --------
    >>> import pandas as pd
    >>> col = pd.DataFrame({"monthly_volume": [10_000.0, 10_000.0]}, index=[1, 2])
    >>> credit_line(pd.Series(["A", "B"], index=[1, 2]), col)["credit_line"].tolist()
    [20000.0, 0.0]
    """
    g = _grade_series(grades)
    frame = check_frame(collection, "collection", allow_empty=True)
    if account in frame.columns:
        frame = frame.set_index(account)
    require_columns(frame, "collection", {"monthly_volume": N_("the output of crmlab.credit.collection()")})
    volume = finite_column(frame, "collection", "monthly_volume")
    if volume.index.has_duplicates:
        raise ColumnError(_("`collection` must have one row per account, but an account appears twice."))
    terms_days = check_int("terms_days", terms_days, low=0, high=3650)
    grace_days = check_int("grace_days", grace_days, low=0, high=3650)
    round_to = check_float("round_to", round_to, low=0)
    days = pd.Series(float(terms_days), index=g.index)
    if accounts is not None:
        acc = check_frame(accounts, "accounts")
        require_columns(acc, "accounts", {account: N_("account ids"), terms: N_("payment terms in days")})
        check_ids(acc[account], "accounts", account)
        acc = acc[acc[account].notna()]
        per = pd.Series(finite_column(acc, "accounts", terms).to_numpy(), index=acc[account].to_numpy())
        per = per[~per.index.duplicated()]
        days = per.reindex(g.index).fillna(float(terms_days))
    vol = volume.reindex(g.index)
    line = vol.to_numpy() * (days.to_numpy() + grace_days) / DAYS_PER_MONTH
    if round_to > 0:
        line = np.ceil(np.round(line / round_to, 9)) * round_to
    is_a = (g == "A").to_numpy()
    line = np.where(g.isna().to_numpy(), np.nan, np.where(is_a, line, 0.0))
    return pd.DataFrame(
        {"grade": g, "monthly_volume": vol.to_numpy(), "terms_days": days.to_numpy(), "credit_line": line},
        index=g.index,
    )


@with_rules
def receivables_at_risk(
    invoices: pd.DataFrame,
    grades: pd.DataFrame | pd.Series,
    as_of: object = None,
    *,
    account: str = "account_id",
    invoice_date: str = "invoice_date",
    due_date: str = "due_date",
    amount: str = "amount",
    paid_date: str = "paid_date",
    paid_amount: str | None = "paid_amount",
) -> pd.DataFrame:
    """Open receivables (应收账款) by credit grade: how much money each grade owes us.

    Parameters
    ----------
    invoices : pandas.DataFrame
        One row per invoice, e.g. ``crmlab.load("invoices")``.
    grades : pandas.DataFrame or pandas.Series
        :func:`credit_grades`' table or a Series of grades A–D, indexed by account id.
    as_of : date or str, optional
        Day of the analysis. Default: the day after the latest invoice or payment date.
    account, invoice_date, due_date, amount, paid_date, paid_amount : str
        Column names, as in :func:`crmlab.credit.collection`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``grade``: rows A, B, C, D (always) and ``ungraded`` (only if some account
        with invoices has no grade). Columns:

        * ``accounts`` – accounts in the grade (for ``ungraded``: accounts with invoices but no
          grade);
        * ``open_receivables`` – unpaid balance of their invoices dated before ``as_of``;
        * ``past_due`` – the part on invoices due before ``as_of``;
        * ``over_90`` – the part more than 90 days past due;
        * ``share_of_open`` – ``open_receivables`` / all open receivables (the rows sum to 1;
          NaN if nothing is open).

    Notes
    -----
    {rules}

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"account_id": [1, 2], "invoice_date": ["2025-01-01"] * 2,
    ...     "due_date": ["2025-01-31"] * 2, "amount": [100.0, 300.0],
    ...     "paid_date": [None, None], "paid_amount": [0.0, 0.0]})
    >>> r = receivables_at_risk(inv, pd.Series(["A", "D"], index=[1, 2]), as_of="2025-03-01")
    >>> r["share_of_open"].tolist()
    [0.25, 0.0, 0.0, 0.75]
    """
    g = _grade_series(grades)
    inv, _as_of = clean_invoices(
        invoices,
        as_of=as_of,
        account=account,
        invoice_date=invoice_date,
        due_date=due_date,
        amount=amount,
        paid_date=paid_date,
        paid_amount=paid_amount,
    )
    return _receivables_by_grade(inv, g)


def _receivables_by_grade(inv: pd.DataFrame, g: pd.Series) -> pd.DataFrame:
    d = inv["days_past_due"].to_numpy()
    per = pd.DataFrame(
        {
            "account": inv["account"],
            "open_receivables": inv["open"],
            "past_due": np.where(d > 0, inv["open"], 0.0),
            "over_90": np.where(d > 90, inv["open"], 0.0),
        }
    ).groupby("account", sort=False).sum()
    grade_of = g.astype("object").reindex(per.index)
    label = grade_of.where(grade_of.notna(), "ungraded").to_numpy()
    sums = per.groupby(label, sort=False).sum()
    counts = g.value_counts().reindex(list(GRADES), fill_value=0)
    rows = list(GRADES) + (["ungraded"] if "ungraded" in sums.index else [])
    out = sums.reindex(rows, fill_value=0.0)
    n = [int(counts[r]) if r in GRADES else int((label == "ungraded").sum()) for r in rows]
    out.insert(0, "accounts", np.asarray(n, dtype=np.int64))
    total = out["open_receivables"].sum()
    out["share_of_open"] = out["open_receivables"] / total if total > 0 else np.nan
    out[["open_receivables", "past_due", "over_90"]] = out[["open_receivables", "past_due", "over_90"]].round(2)
    out.index = pd.Index(rows, name="grade")
    return out


def collection_by_grade(collection: pd.DataFrame, grades: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """Collection rate (回款率), overdue days and receivables of each credit grade.

    Parameters
    ----------
    collection : pandas.DataFrame
        :func:`crmlab.credit.collection`'s table, indexed by account id.
    grades : pandas.DataFrame or pandas.Series
        Grades A–D indexed by account id (:func:`credit_grades`, or e.g. a true grade).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``grade`` (A–D, always all four); columns ``accounts`` (graded accounts
        found in ``collection``), ``amount_due``, ``amount_paid``, ``collection_rate`` (pooled:
        Σ paid / Σ due over the grade's accounts, so big accounts weigh more; NaN if nothing is
        due), ``avg_overdue_days`` (mean of the accounts' average overdue days, each account
        counted once), ``open_receivables`` and ``past_due``. Accounts without a grade are left
        out.

    Examples
    --------
    >>> import pandas as pd
    >>> col = pd.DataFrame({"amount_due": [100.0, 300.0], "amount_paid": [100.0, 150.0],
    ...     "avg_overdue_days": [0.0, 30.0], "open_receivables": [0.0, 150.0],
    ...     "past_due": [0.0, 150.0]}, index=[1, 2])
    >>> collection_by_grade(col, pd.Series(["A", "A"], index=[1, 2])).loc["A", "collection_rate"]
    np.float64(0.625)
    """
    g = _grade_series(grades)
    frame = check_frame(collection, "collection", allow_empty=True)
    cols = ("amount_due", "amount_paid", "avg_overdue_days", "open_receivables", "past_due")
    require_columns(frame, "collection", {c: N_("the output of crmlab.credit.collection()") for c in cols})
    if frame.index.has_duplicates:
        raise ColumnError(_("`collection` must have one row per account, but an account appears twice."))
    num = pd.DataFrame({c: finite_column(frame, "collection", c) for c in cols}, index=frame.index)
    grade_of = g.reindex(num.index)
    num = num[grade_of.notna().to_numpy()]
    grp = num.groupby(grade_of[grade_of.notna()].astype("object").to_numpy(), sort=False)
    sums = grp[["amount_due", "amount_paid", "open_receivables", "past_due"]].sum()
    out = pd.DataFrame(index=pd.Index(list(GRADES), name="grade"))
    out["accounts"] = grp.size().reindex(list(GRADES), fill_value=0).astype("int64").to_numpy()
    for c in ("amount_due", "amount_paid"):
        out[c] = sums[c].reindex(list(GRADES), fill_value=0.0).to_numpy()
    due = out["amount_due"].where(out["amount_due"] > 0)
    out["collection_rate"] = out["amount_paid"] / due
    out["avg_overdue_days"] = grp["avg_overdue_days"].mean().reindex(list(GRADES)).to_numpy()
    for c in ("open_receivables", "past_due"):
        out[c] = sums[c].reindex(list(GRADES), fill_value=0.0).to_numpy()
    return out
