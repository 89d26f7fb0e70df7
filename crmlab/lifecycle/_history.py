"""Purchase histories: the shared first step of every lifecycle function.

The order log is read by the one purchase rule of :mod:`crmlab.purchases`: a purchase is an order
with a customer id and a date before ``as_of`` that was not returned and (when the log has
amounts) has an amount > 0. Rows missing an id, a date or an amount are left out with a
:class:`~crmlab.errors.DataWarning`; customers without a purchase are not in the history.

Time is counted in whole **calendar days**: a date's time of day is ignored, several purchases
on the same day make one *purchase day*, and "days since" is the difference of calendar dates
(a purchase the day before ``as_of`` is 1 day old).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .._checks import check_choice, check_column_name as _check_column_name, check_float
from .._frames import check_ids, check_frame, require_columns
from ..errors import ColumnError, ParameterError
from ..i18n import N_, _
from ..purchases import AMOUNT, RETURNED, OrderLog, read_orders


def day_numbers(values) -> np.ndarray:
    """Calendar-day numbers (days since 1970-01-01) of datetime64 values."""
    values = np.asarray(values)
    if values.dtype.kind != "M":
        values = values.astype("datetime64[ns]")
    return values.astype("datetime64[D]").astype(np.int64)


def as_timestamps(days: np.ndarray) -> np.ndarray:
    """Day numbers back to ``datetime64[s]`` (missing stays NaT)."""
    days = np.asarray(days, dtype=np.float64)
    out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[s]")
    ok = ~np.isnan(days)
    out[ok] = days[ok].astype(np.int64).astype("datetime64[D]").astype("datetime64[s]")
    return out


def check_column_name(param: str, value: object, *, optional: bool = False) -> None:
    _check_column_name(param, value, optional=optional)


@dataclasses.dataclass
class History:
    """Purchase days of every customer, sorted by customer then day (one row per purchase day)."""

    ids: np.ndarray  # customer id of each customer (sorted when the ids can be sorted)
    owner: np.ndarray  # customer position of each purchase day
    day: np.ndarray  # day number of each purchase day
    orders: np.ndarray  # purchase rows per customer
    as_of: pd.Timestamp
    as_of_day: int

    @property
    def n(self) -> int:
        return len(self.ids)

    def summary(self) -> pd.DataFrame:
        """Per customer: first/last day, orders, purchase days, mean and median gap (days)."""
        owner, day = self.owner, self.day
        n_days = np.bincount(owner, minlength=self.n)
        ends = np.cumsum(n_days)
        starts = ends - n_days
        first = day[starts]
        last = day[ends - 1]
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_gap = np.where(n_days > 1, (last - first) / np.maximum(n_days - 1, 1), np.nan)
        gaps, gap_owner = self.gaps()
        median_gap = np.full(self.n, np.nan)
        if len(gaps):
            med = pd.Series(gaps).groupby(gap_owner).median()
            median_gap[med.index.to_numpy()] = med.to_numpy()
        return pd.DataFrame(
            {
                "first_day": first,
                "last_day": last,
                "orders": self.orders,
                "purchase_days": n_days,
                "mean_gap": mean_gap,
                "median_gap": median_gap,
            }
        )

    def gaps(self) -> tuple[np.ndarray, np.ndarray]:
        """Days between consecutive purchase days of the same customer, and whose they are."""
        same = self.owner[1:] == self.owner[:-1]
        return (self.day[1:] - self.day[:-1])[same].astype(np.float64), self.owner[1:][same]


def sorted_ids(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, ids)``: factorised customer ids, sorted if they can be compared."""
    try:
        codes, ids = pd.factorize(values, sort=True)
    except TypeError:  # mixed, incomparable ids: keep first-appearance order
        codes, ids = pd.factorize(values, sort=False)
    return np.asarray(codes, dtype=np.int64), np.asarray(ids)


def history(
    orders: object,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
    as_of: object = None,
    param: str = "orders",
    log: OrderLog | None = None,
    warn: bool = True,
) -> History:
    """Purchase days of every buyer (see the module docstring for the rules).

    ``log`` (optional): the order log already read, so that a function reading it for other
    measures too reads it once. ``warn``: count the customers left out for having no purchase in
    a :class:`~crmlab.errors.DataWarning` (a function whose result does not leave them out, such
    as a funnel, passes False).
    """
    if log is None:
        log = read_orders(orders, param=param, customer=customer, date=date, amount=amount, returned=returned,
                          as_of=as_of)
    codes, day, ids = log.buyers(param, warn=warn)
    orders_per = np.bincount(codes, minlength=len(ids))
    order = np.lexsort((day, codes))
    codes, day = codes[order], day[order]
    keep = np.ones(len(codes), dtype=bool)
    keep[1:] = (codes[1:] != codes[:-1]) | (day[1:] != day[:-1])
    return History(
        ids=ids.to_numpy(),
        owner=codes[keep],
        day=day[keep],
        orders=orders_per,
        as_of=log.as_of,
        as_of_day=log.as_of_day,
    )


def check_grouping(by: object, groups: object, customer: object, frame: pd.DataFrame, frame_param: str) -> None:
    """``groups`` and ``customer`` serve only to look groups up: passed when they cannot, an error."""
    passed = {"groups": groups is not None, "customer": customer != "customer_id"}
    if by is None:
        for name, given in passed.items():
            if given:
                raise ParameterError(
                    _(
                        "`{name}` has no effect without `by`: it only serves to look up the group of each "
                        "customer. Pass `by`, or leave `{name}` out."
                    ).format(name=name)
                )
    elif isinstance(by, str) and by in frame.columns:
        for name, given in passed.items():
            if given:
                raise ParameterError(
                    _(
                        "`{name}` has no effect when `by` names a column of `{frame}` ({by!r}): the groups are "
                        "read from there. Leave `{name}` out."
                    ).format(name=name, frame=frame_param, by=by)
                )


def group_labels(
    ids: np.ndarray,
    by: object,
    groups: object,
    *,
    customer: str = "customer_id",
    frame: pd.DataFrame | None = None,
    frame_param: str = "flags",
) -> pd.Series | None:
    """The group of each customer in ``ids`` (missing where unknown), or ``None`` if ``by`` is None.

    The group comes from column ``by`` of ``frame`` (rows aligned with ``ids``) if it has one,
    else from ``groups``: a DataFrame with columns ``customer`` and ``by`` (one row per
    customer; a customer listed twice is an error).
    """
    if by is None:
        return None
    check_column_name("by", by)
    if frame is not None and by in frame.columns:
        return frame[by].reset_index(drop=True)
    if groups is None:
        raise ColumnError(
            _(
                "`{name}` has no column {by!r} for `by`; pass `groups=` a DataFrame with columns "
                "{customer!r} and {by!r} (e.g. the customers table)."
            ).format(name=frame_param, by=by, customer=customer)
        )
    groups = check_frame(groups, "groups")
    require_columns(groups, "groups", {customer: N_("customer ids"), by: N_("the group of each customer")})
    check_ids(groups[customer], "groups", customer)
    keys = groups[customer]
    if keys.duplicated().any():
        dup = keys[keys.duplicated()].iloc[0]
        raise ParameterError(
            _(
                "`groups` must have one row per customer, but customer {customer!r} appears more than once "
                "in column {column!r}."
            ).format(customer=dup, column=customer)
        )
    mapped = pd.Series(groups[by].array, index=pd.Index(keys.to_numpy())).reindex(pd.Index(ids))
    return mapped.reset_index(drop=True)


def group_codes(labels: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer code of each label (−1 where missing) and the groups in display order.

    Categorical labels keep their category order (unused categories are left out); other
    labels are sorted when they can be compared, else kept in order of first appearance.
    """
    values = labels.array
    if isinstance(labels.dtype, pd.CategoricalDtype):
        codes = np.asarray(labels.cat.codes, dtype=np.int64)
        used = np.unique(codes[codes >= 0])
        remap = np.full(len(labels.cat.categories) + 1, -1, dtype=np.int64)
        remap[used] = np.arange(len(used))
        return remap[codes], pd.Index(labels.cat.categories[used])
    try:
        codes, uniques = pd.factorize(values, sort=True)
    except TypeError:  # incomparable labels (e.g. numbers and strings)
        codes, uniques = pd.factorize(values, sort=False)
    return np.asarray(codes, dtype=np.int64), pd.Index(uniques)


def check_positive(name: str, value: object) -> float:
    """``value`` as a float that is > 0 (and finite)."""
    value = check_float(name, value)
    if value <= 0:
        raise ParameterError(
            _("`{name}` must be greater than 0, but {got} was passed.").format(name=name, got=value)
        )
    return value


def check_typical(typical: object) -> str:
    return str(check_choice("typical", typical, ("mean", "median")))
