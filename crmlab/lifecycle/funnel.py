"""The customer development process (客户开发过程) as a funnel: suspect → prospect → first-time
buyer → repeat customer → client → member → advocate → partner, or lapsed (停止购买)."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .._checks import _show, check_days, check_int
from .._frames import check_ids, check_frame, require_columns
from ..errors import ParameterError, ParameterTypeError
from ..i18n import N_, _
from ..purchases import AMOUNT, RETURNED, read_orders
from ._history import check_column_name, history
from ._tables import latest_surveys

__all__ = ["development_funnel", "FUNNEL_STAGES"]

#: Funnel steps, top to bottom, then the side exit ``lapsed``.
FUNNEL_STAGES = (
    "suspect",
    "prospect",
    "first_time_buyer",
    "repeat_customer",
    "client",
    "member",
    "advocate",
    "partner",
    "lapsed",
)


def _count_or_ids(param: str, value: object) -> tuple[int, set | None]:
    """A number of people, or a collection of ids (then also returned as a set)."""
    if isinstance(value, bool):
        raise ParameterTypeError(
            _("`{name}` must be a number of people or a list of ids, but True/False was passed.").format(
                name=param
            )
        )
    if isinstance(value, numbers.Integral):
        return check_int(param, value, low=0), None
    if isinstance(value, pd.DataFrame):
        raise ParameterTypeError(
            _(
                "`{name}` must be a number of people or a list/Series of ids, but a DataFrame was passed; "
                "pass one of its columns."
            ).format(name=param)
        )
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise ParameterTypeError(
            _("`{name}` must be a number of people or a list of ids, but {type} was passed.").format(
                name=param, type=type(value).__name__
            )
        )
    ids = {v for v in value if not pd.isna(v)}
    return len(ids), ids


def development_funnel(
    orders: object,
    customers: object = None,
    surveys: object = None,
    *,
    suspects: object = None,
    prospects: object = None,
    partners: object = None,
    client_orders: int = 4,
    client_days: int = 365,
    advocate_score: int = 9,
    lapse_days: int = 180,
    nested: bool = True,
    as_of: object = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
    tier: str = "membership_tier",
    non_member: str = "none",
    recommend: str = "recommend",
) -> pd.DataFrame:
    """Count the customers at each step of the customer development process (客户开发过程).

    Step definitions (each reachable from the simulated tables; a step is left out when the
    data for it is not given):

    * ``suspect`` (可能的客户): everybody who might buy — pass ``suspects`` as a number (e.g.
      the size of the target market) or a list of ids.
    * ``prospect`` (潜在客户): people who showed interest — ``prospects`` (number or ids);
      default: the rows of ``customers`` (registered customers), if given.
    * ``first_time_buyer`` (初次购买者): at least one purchase before ``as_of``.
    * ``repeat_customer`` (重复购买者): purchases on at least 2 different days.
    * ``client`` (客户): at least ``client_orders`` purchases in the ``client_days``
      days before ``as_of`` — buys regularly.
    * ``member`` (会员): ``customers[tier]`` is not ``non_member`` (needs ``customers``).
    * ``advocate`` (拥护者): latest survey answer before ``as_of`` has
      ``recommend >= advocate_score`` (NPS promoters, needs ``surveys``). Only surveyed
      customers can qualify, so this step undercounts.
    * ``partner`` (合作伙伴): ids in ``partners`` (the data has no such field; row left out
      unless given).
    * ``lapsed`` (停止购买): a side exit, not a step — buyers with no order in the last
      ``lapse_days`` days.

    A purchase follows the one rule of :mod:`crmlab.purchases`: an order that was not returned,
    with an amount > 0 (when the log has amounts).

    With ``nested=True`` (default) the ladder is cumulative from ``first_time_buyer`` down: a
    customer counts at a step only if they also meet every customer-level step above it
    (a member who is not a client is not counted as a member), so counts never rise. With
    ``nested=False`` each step is counted on its own. ``suspect`` and ``prospect`` are always
    counted as given.

    Parameters
    ----------
    orders : DataFrame
        Order log (read by the purchase rule of :mod:`crmlab.purchases`; rows on/after ``as_of``
        ignored).
    customers, surveys : DataFrame, optional
        The customers table (ids, ``tier``) and the survey table (ids, ``survey_date``,
        ``recommend``).
    suspects, prospects, partners : int or list-like of ids, optional
    client_orders, client_days, advocate_score, lapse_days : int
    nested : bool
    as_of : date-like, optional
        Default: the day after the last order.
    customer, date, tier, non_member, recommend : str
        Column names / the tier value meaning "not a member".
    amount, returned : str or None, default "amount" and "returned"
        Columns of the amounts and returned flags, used when the log has them (``None``: the
        column is ignored).

    Returns
    -------
    DataFrame
        One row per step shown, in funnel order: ``stage`` (code of :data:`FUNNEL_STAGES`),
        ``customers``, ``share_of_previous`` (customers / the row above; NaN for the first row),
        ``share_of_first`` (customers / the first row) and ``rule`` (the definition, translated).
        For ``lapsed``, ``share_of_previous`` is relative to all buyers (``first_time_buyer``
        counted without nesting), the pool customers lapse from.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": [1, 1, 2],
    ...                     "order_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])})
    >>> development_funnel(log, prospects=4, client_orders=2)[["stage", "customers"]].values.tolist()
    [['prospect', 4], ['first_time_buyer', 2], ['repeat_customer', 1], ['client', 1], ['lapsed', 0]]
    """
    check_days("client_days", client_days)
    check_days("lapse_days", lapse_days)
    check_int("client_orders", client_orders, low=1)
    check_int("advocate_score", advocate_score, low=0, high=10)
    if not isinstance(nested, bool):
        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name="nested", got=_show(nested))
        )
    for name, value in (("tier", tier), ("recommend", recommend), ("non_member", non_member)):
        check_column_name(name, value)

    check_column_name("customer", customer)
    check_column_name("date", date)
    unused = (
        ("tier", customers is None and tier != "membership_tier", "customers"),
        ("non_member", customers is None and non_member != "none", "customers"),
        ("recommend", surveys is None and recommend != "recommend", "surveys"),
        ("advocate_score", surveys is None and advocate_score != 9, "surveys"),
    )
    for name, passed, table in unused:
        if passed:
            raise ParameterError(
                _("`{name}` has no effect without `{table}`: pass `{table}` too, or leave `{name}` out.").format(
                    name=name, table=table
                )
            )
    log = read_orders(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    hist = history(orders, log=log, warn=False)  # a customer without a purchase stays a prospect
    summary = hist.summary()
    ids = pd.Index(hist.ids)
    # Purchases (not purchase days) in the last ``client_days`` days.
    codes, days, _ids = log.buyers(warn=False)  # a customer without a purchase is no buyer: not left out
    recent = np.bincount(codes[days >= hist.as_of_day - client_days], minlength=len(ids))

    steps: list[tuple[str, np.ndarray | int, str]] = []
    if suspects is not None:
        steps.append(("suspect", _count_or_ids("suspects", suspects)[0], _("people who might buy (given)")))
    if prospects is None and customers is not None:
        customers = check_frame(customers, "customers")
        require_columns(customers, "customers", {customer: N_("customer ids")})
        check_ids(customers[customer], "customers", customer)
        prospects = customers[customer]
    if prospects is not None:
        steps.append(("prospect", _count_or_ids("prospects", prospects)[0], _("registered or interested people")))

    buyer = np.ones(hist.n, dtype=bool)
    repeat = summary["purchase_days"].to_numpy() >= 2
    client = recent >= client_orders
    ladder = [
        ("first_time_buyer", buyer, _("at least one purchase")),
        ("repeat_customer", repeat, _("purchases on 2 or more days")),
        ("client", client, _("{orders}+ purchases in the last {days} days").format(orders=client_orders, days=client_days)),
    ]
    if customers is not None:
        customers = check_frame(customers, "customers")
        require_columns(customers, "customers", {customer: N_("customer ids"), tier: N_("membership tiers")})
        tiers = customers.drop_duplicates(customer).set_index(customer)[tier].astype("object")
        if not (tiers == non_member).any():
            raise ParameterError(
                _(
                    "`non_member` is {got!r}, but no customer has that value in column {column!r} of `customers` "
                    "(its values are {values}): pass the value that means \"not a member\"."
                ).format(got=non_member, column=tier, values=sorted(map(str, tiers.dropna().unique()))[:8])
            )
        tier_of = tiers.reindex(ids)
        member = (tier_of.notna() & (tier_of != non_member)).to_numpy()
        ladder.append(("member", member, _("membership tier is not '{none}'").format(none=non_member)))
    if surveys is not None:
        answers = latest_surveys(surveys, customer=customer, as_of_day=hist.as_of_day, columns=(recommend,))
        if recommend not in answers.columns:
            require_columns(surveys, "surveys", {recommend: N_("likelihood to recommend (0–10)")})
        score = answers[recommend].reindex(ids).to_numpy()
        advocate = np.nan_to_num(score, nan=-1.0) >= advocate_score
        ladder.append(("advocate", advocate, _("recommend score {score}+ in the latest survey").format(score=advocate_score)))
    if partners is not None:
        partner_ids = _count_or_ids("partners", partners)[1]
        if partner_ids is None:
            raise ParameterTypeError(_("`partners` must be a list of customer ids, not a number."))
        ladder.append(("partner", ids.isin(list(partner_ids)), _("listed as partners")))

    reached = np.ones(hist.n, dtype=bool)
    for code, mask, rule in ladder:
        reached = reached & mask if nested else mask
        steps.append((code, int(reached.sum()), rule))

    rows = pd.DataFrame(steps, columns=["stage", "customers", "rule"])
    rows["customers"] = rows["customers"].astype(np.int64)
    counts = rows["customers"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        prev = np.concatenate([[np.nan], counts[:-1]])
        rows["share_of_previous"] = np.where(prev > 0, counts / np.where(prev > 0, prev, 1), np.nan)
        rows["share_of_first"] = counts / counts[0] if counts[0] > 0 else np.nan
    lapsed = int((hist.as_of_day - summary["last_day"].to_numpy() >= lapse_days).sum())
    of_first = lapsed / counts[0] if counts[0] > 0 else np.nan
    rows.loc[len(rows)] = [
        "lapsed", lapsed, _("no purchase in the last {days} days").format(days=lapse_days), lapsed / hist.n, of_first
    ]
    rows["customers"] = rows["customers"].astype(np.int64)
    return rows[["stage", "customers", "share_of_previous", "share_of_first", "rule"]]
