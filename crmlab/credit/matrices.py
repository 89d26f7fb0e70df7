"""Cross-classifications of business accounts: loyalty × credit grade, loyalty × size, and all three.

Each cell carries a short suggested strategy (a stable English code; display text from
:func:`matrix_strategies`). The courseware names these classifications; the strategies are the
kit's suggestions in its spirit: credit decides the terms, loyalty and size decide how much to
invest in the relationship.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show, check_choice
from .._frames import check_ids, check_frame, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _
from ._invoices import check_column_names, finite_column
from .grades import GRADE_POLICY, GRADES, _grade_series

__all__ = [
    "LOYALTY_LEVELS",
    "SIZE_BANDS",
    "size_bands",
    "loyalty_credit_matrix",
    "loyalty_size_matrix",
    "loyalty_size_credit_table",
    "matrix_strategies",
]

LOYALTY_LEVELS = ("high", "medium", "low")
SIZE_BANDS = ("small", "medium", "large")
VALUES = ("accounts", "share", "row_share", "strategy")

#: Suggested strategy of each loyalty × grade cell.
LOYALTY_CREDIT_STRATEGY = {
    ("high", "A"): "strategic_partner",
    ("high", "B"): "reward_loyalty",
    ("high", "C"): "keep_pay_first",
    ("high", "D"): "phase_out",
    ("medium", "A"): "win_share",
    ("medium", "B"): "develop",
    ("medium", "C"): "pay_first",
    ("medium", "D"): "phase_out",
    ("low", "A"): "win_share",
    ("low", "B"): "develop",
    ("low", "C"): "pay_first",
    ("low", "D"): "phase_out",
}

#: Suggested strategy of each loyalty × size cell.
LOYALTY_SIZE_STRATEGY = {
    ("high", "large"): "key_account",
    ("high", "medium"): "nurture",
    ("high", "small"): "serve_efficiently",
    ("medium", "large"): "grow_share",
    ("medium", "medium"): "develop",
    ("medium", "small"): "minimal_service",
    ("low", "large"): "grow_share",
    ("low", "medium"): "develop",
    ("low", "small"): "minimal_service",
}

_STRATEGY_TEXT = {
    "strategic_partner": N_("Core partner: credit line, priority supply and service; deepen the relationship."),
    "reward_loyalty": N_("Loyal and reliable: cash on delivery now, credit after a sustained good payment record."),
    "keep_pay_first": N_("Loyal but risky: keep the business on pay-before-goods terms and help the customer improve."),
    "win_share": N_("Creditworthy but buys much elsewhere: offer credit terms to win a bigger share of its purchases."),
    "develop": N_("Build the relationship step by step and watch how it pays."),
    "pay_first": N_("Pay before goods; limit the effort spent."),
    "phase_out": N_("Pay before goods and reduce the business step by step."),
    # Translators: 大客户 is the course's term for a key account.
    "key_account": N_("Key account (大客户): a dedicated manager, regular visits, tailored offers."),
    "nurture": N_("Loyal mid-sized customer: grow it with cross-selling and good service."),
    "serve_efficiently": N_("Loyal small customer: serve at low cost (phone, online) and keep it satisfied."),
    "grow_share": N_("Large customer buying much elsewhere: win a bigger share of its purchases."),
    "minimal_service": N_("Small and not loyal: standard service at minimal cost."),
}


def matrix_strategies() -> pd.DataFrame:
    """Display text of every strategy code used in the cross-classifications.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``strategy`` (stable English code); column ``description`` in the current
        language (:mod:`crmlab.i18n`).

    Examples
    --------
    >>> "phase_out" in matrix_strategies().index
    True
    """
    codes = list(_STRATEGY_TEXT)
    return pd.DataFrame(
        {"description": [_(_STRATEGY_TEXT[c]) for c in codes]},
        index=pd.Index(codes, name="strategy"),
    )


def size_bands(size: pd.Series) -> pd.Series:
    """Terciles of a size measure: ``"small"``, ``"medium"``, ``"large"`` (规模).

    Parameters
    ----------
    size : pandas.Series
        Size of each account, e.g. annual revenue or invoiced volume (numbers).

    Returns
    -------
    pandas.Series
        Same index; the band of each value. With ``n`` non-missing values ranked 1…n from the
        smallest (ties share the lowest rank of their group, ``method="min"``), rank ``r`` falls
        in band ``ceil(3 r / n)``: 1 small, 2 medium, 3 large — equal values always share a
        band, and the bands are as equal in size as ties allow. Missing values get no band.

    Examples
    --------
    >>> import pandas as pd
    >>> size_bands(pd.Series([5, 1, 3, 3, 9, 7])).tolist()
    ['medium', 'small', 'small', 'small', 'large', 'large']
    """
    if not isinstance(size, pd.Series):
        raise ParameterTypeError(
            _("`size` must be a pandas Series of sizes, but {type} was passed.").format(
                type=type(size).__name__
            )
        )
    values = finite_column(size.to_frame("size"), "size", "size")
    n = int(values.notna().sum())
    rank = values.rank(method="min").to_numpy()
    band = np.ceil(3.0 * rank / max(n, 1)).clip(1, 3)
    labels = np.array([None, *SIZE_BANDS], dtype=object)
    out = labels[np.where(np.isnan(band), 0, band).astype(np.int64)]
    return pd.Series(pd.array(out, dtype="str"), index=size.index, name="size")


def _loyalty(accounts: object, loyalty: str, account: str) -> pd.Series:
    check_column_names(loyalty=loyalty, account=account)
    frame = check_frame(accounts, "accounts")
    require_columns(frame, "accounts", {account: N_("account ids"), loyalty: N_("loyalty levels high/medium/low")})
    check_ids(frame[account], "accounts", account)
    frame = frame[frame[account].notna()]
    ids = pd.Index(frame[account].to_numpy())
    if ids.has_duplicates:
        raise ColumnError(
            _(
                "Column {account!r} of `accounts` must hold unique account ids, but {got} appears more "
                "than once."
            ).format(account=account, got=_show(ids[ids.duplicated()][0]))
        )
    values = frame[loyalty].astype("object")
    values = values.where(values.notna(), None)
    bad = values.notna() & ~values.isin(LOYALTY_LEVELS)
    if bad.any():
        raise ColumnError(
            _("Column {loyalty!r} of `accounts` must hold 'high', 'medium' or 'low', but it holds {got}.").format(
                loyalty=loyalty, got=_show(values[bad].iloc[0])
            )
        )
    return pd.Series(values.to_numpy(), index=ids, name="loyalty")


def _size(accounts: pd.DataFrame, size: object, account: str, ids: pd.Index) -> pd.Series:
    """Size band per account from a column of ``accounts`` or a Series indexed by account."""
    if isinstance(size, str):
        require_columns(accounts, "accounts", {size: N_("a size measure (numbers)")})
        frame = accounts[accounts[account].notna()]
        series = pd.Series(finite_column(frame, "accounts", size).to_numpy(), index=ids)
    elif isinstance(size, pd.Series):
        if size.index.has_duplicates:
            raise ColumnError(_("`size` must have one value per account, but an account appears twice."))
        series = size.reindex(ids)
    else:
        raise ParameterTypeError(
            _(
                "`size` must be a column name of `accounts` or a Series indexed by account, but {got} of "
                "type {type} was passed."
            ).format(got=_show(size), type=type(size).__name__)
        )
    return size_bands(series)


def _matrix(cells: pd.DataFrame, rows: str, cols: str, col_levels: tuple, strategy: dict, values: str) -> pd.DataFrame:
    check_choice("values", values, VALUES)
    cells = cells.dropna(subset=[rows, cols])
    if len(cells) == 0:
        raise ParameterError(
            _("No account has both a `{rows}` value and a `{cols}` value: check that the account ids match.").format(
                rows=rows, cols=cols
            )
        )
    counts = pd.crosstab(cells[rows], cells[cols]).reindex(
        index=list(LOYALTY_LEVELS), columns=list(col_levels), fill_value=0
    )
    counts = counts.astype("int64")
    if values == "accounts":
        out = counts
    elif values == "share":
        out = counts / counts.to_numpy().sum()
    elif values == "row_share":
        totals = counts.sum(axis=1)
        out = counts.div(totals.where(totals > 0), axis=0)
    else:
        out = pd.DataFrame(
            [[strategy[(r, c)] for c in col_levels] for r in LOYALTY_LEVELS],
            index=list(LOYALTY_LEVELS),
            columns=list(col_levels),
        )
    out.index = pd.Index(list(LOYALTY_LEVELS), name="loyalty")
    out.columns = pd.Index(list(col_levels), name=cols)
    return out


def loyalty_credit_matrix(
    accounts: pd.DataFrame,
    grades: pd.DataFrame | pd.Series,
    *,
    values: str = "accounts",
    loyalty: str = "loyalty",
    account: str = "account_id",
) -> pd.DataFrame:
    """Loyalty × credit grade (忠诚度 × 信用等级): how many accounts fall in each cell.

    Parameters
    ----------
    accounts : pandas.DataFrame
        One row per account with its loyalty level ("high", "medium", "low").
    grades : pandas.DataFrame or pandas.Series
        :func:`crmlab.credit.credit_grades`' table or a Series of grades A–D, by account id.
    values : {"accounts", "share", "row_share", "strategy"}
        What the cells hold: the number of accounts; their share of all accounts counted (cells
        sum to 1); the share within the loyalty level (rows sum to 1; NaN for an empty row); or
        the suggested strategy code (:func:`matrix_strategies`).
    loyalty, account : str
        Column names in ``accounts``.

    Returns
    -------
    pandas.DataFrame
        Rows ``loyalty`` high, medium, low; columns ``grade`` A–D (every cell present). Accounts
        without a loyalty level or a grade (ids missing from ``grades``) are not counted.

    Examples
    --------
    >>> import pandas as pd
    >>> acc = pd.DataFrame({"account_id": [1, 2, 3], "loyalty": ["high", "high", "low"]})
    >>> m = loyalty_credit_matrix(acc, pd.Series(["A", "B", "A"], index=[1, 2, 3]))
    >>> m.loc["high"].tolist()
    [1, 1, 0, 0]
    """
    loy = _loyalty(accounts, loyalty, account)
    g = _grade_series(grades).astype("object").reindex(loy.index)
    cells = pd.DataFrame({"loyalty": loy.to_numpy(), "grade": g.to_numpy()})
    return _matrix(cells, "loyalty", "grade", GRADES, LOYALTY_CREDIT_STRATEGY, values)


def loyalty_size_matrix(
    accounts: pd.DataFrame,
    size: str | pd.Series = "annual_revenue",
    *,
    values: str = "accounts",
    loyalty: str = "loyalty",
    account: str = "account_id",
) -> pd.DataFrame:
    """Loyalty × size (忠诚度 × 规模): accounts per loyalty level and size tercile.

    Parameters
    ----------
    accounts : pandas.DataFrame
        One row per account with its loyalty level ("high", "medium", "low").
    size : str or pandas.Series, default "annual_revenue"
        A numeric column of ``accounts``, or a Series indexed by account id (e.g.
        ``collection(invoices)["monthly_volume"]`` for the volume bought from us). Cut into
        terciles small / medium / large by :func:`size_bands` over the accounts of ``accounts``.
    values : {"accounts", "share", "row_share", "strategy"}
        As in :func:`loyalty_credit_matrix`.
    loyalty, account : str
        Column names in ``accounts``.

    Returns
    -------
    pandas.DataFrame
        Rows ``loyalty`` high, medium, low; columns ``size`` small, medium, large. Accounts
        without a loyalty level or a size are not counted.

    Examples
    --------
    >>> import pandas as pd
    >>> acc = pd.DataFrame({"account_id": [1, 2, 3], "loyalty": ["high", "low", "low"],
    ...     "annual_revenue": [9.0, 1.0, 5.0]})
    >>> loyalty_size_matrix(acc).loc["low"].tolist()
    [1, 1, 0]
    """
    loy = _loyalty(accounts, loyalty, account)
    band = _size(accounts, size, account, loy.index)
    cells = pd.DataFrame({"loyalty": loy.to_numpy(), "size": band.astype("object").to_numpy()})
    cells["size"] = cells["size"].where(cells["size"].notna(), None)
    return _matrix(cells, "loyalty", "size", SIZE_BANDS, LOYALTY_SIZE_STRATEGY, values)


def loyalty_size_credit_table(
    accounts: pd.DataFrame,
    grades: pd.DataFrame | pd.Series,
    size: str | pd.Series = "annual_revenue",
    *,
    loyalty: str = "loyalty",
    account: str = "account_id",
) -> pd.DataFrame:
    """Loyalty × size × credit grade: the three-way classification, one row per cell.

    Parameters
    ----------
    accounts : pandas.DataFrame
        One row per account with its loyalty level.
    grades : pandas.DataFrame or pandas.Series
        Grades A–D by account id.
    size : str or pandas.Series, default "annual_revenue"
        Size measure, as in :func:`loyalty_size_matrix` (terciles).
    loyalty, account : str
        Column names in ``accounts``.

    Returns
    -------
    pandas.DataFrame
        36 rows (3 loyalty levels × 3 size bands × 4 grades, every cell present, in that
        order); columns ``loyalty``, ``size``, ``grade``, ``accounts``, ``share`` (of all
        accounts counted; sums to 1), ``policy`` (the grade's credit terms,
        :func:`crmlab.credit.grade_policy`) and ``strategy``: for grades C and D credit
        decides (the loyalty × credit strategy: pay first, phase out …); for A and B the
        loyalty × size strategy (key account, grow share …). Accounts lacking a loyalty level,
        a size or a grade are not counted.

    Examples
    --------
    >>> import pandas as pd
    >>> acc = pd.DataFrame({"account_id": [1, 2, 3], "loyalty": ["high", "low", "low"],
    ...     "annual_revenue": [9.0, 1.0, 5.0]})
    >>> t = loyalty_size_credit_table(acc, pd.Series(["A", "D", "B"], index=[1, 2, 3]))
    >>> t.loc[t["accounts"] > 0, ["loyalty", "size", "grade", "strategy"]].values.tolist()
    [['high', 'large', 'A', 'key_account'], ['low', 'small', 'D', 'phase_out'], ['low', 'medium', 'B', 'develop']]
    """
    loy = _loyalty(accounts, loyalty, account)
    band = _size(accounts, size, account, loy.index).astype("object")
    g = _grade_series(grades).astype("object").reindex(loy.index)
    cells = pd.DataFrame({"loyalty": loy.to_numpy(), "size": band.to_numpy(), "grade": g.to_numpy()})
    cells = cells.dropna()
    if len(cells) == 0:
        raise ParameterError(
            _("No account has a loyalty level, a size and a grade: check that the account ids match.")
        )
    counts = cells.groupby(["loyalty", "size", "grade"], sort=False).size()
    rows = [(lv, sb, gr) for lv in LOYALTY_LEVELS for sb in SIZE_BANDS for gr in GRADES]
    n = counts.reindex(pd.MultiIndex.from_tuples(rows), fill_value=0).to_numpy().astype(np.int64)
    strategy = [
        LOYALTY_CREDIT_STRATEGY[(lv, gr)] if gr in ("C", "D") else LOYALTY_SIZE_STRATEGY[(lv, sb)]
        for lv, sb, gr in rows
    ]
    return pd.DataFrame(
        {
            "loyalty": pd.array([r[0] for r in rows], dtype="str"),
            "size": pd.array([r[1] for r in rows], dtype="str"),
            "grade": pd.array([r[2] for r in rows], dtype="str"),
            "accounts": n,
            "share": n / n.sum(),
            "policy": pd.array([GRADE_POLICY[r[2]] for r in rows], dtype="str"),
            "strategy": pd.array(strategy, dtype="str"),
        }
    )
