"""Rule-based segments of the courseware: one segment per customer, from observable data.

Each function returns a DataFrame indexed by customer id with a ``segment`` column (stable
English code, see :func:`crmlab.segment.scheme_table` for the scheme), a translated ``label``
column and the numbers the rule used, so a student can check every assignment by hand.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._checks import _show, check_days, check_float, check_int
from .._frames import check_ids, check_frame, require_columns
from ..errors import ColumnError, ParameterTypeError
from ..i18n import N_, _
from ..purchases import AMOUNT, RETURNED, read_orders
from ._ids import ordered_ids
from .schemes import labels_of

__all__ = [
    "value_segments",
    "marketing_type",
    "management_segments",
    "time_segments",
    "stage_segments",
]


def _finish(frame: pd.DataFrame, scheme: str) -> pd.DataFrame:
    names = labels_of(scheme)
    out = frame.copy()
    out["label"] = out["segment"].map(names)
    return out


def value_segments(
    orders: object,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Segments by value: VIP, major, ordinary, small (VIP客户, 主要客户, 普通客户, 小客户).

    A thin wrapper of :func:`crmlab.value.abc` with the course's tiers (top 1 %, next 4 %,
    next 15 %, remaining 80 % of customers by net spend before ``as_of``); see that function
    for the ranking, boundary (ceil) and tie rules and for which customers are left out.

    Returns
    -------
    DataFrame
        Indexed by customer id, most valuable first; columns ``value`` (net spend), ``rank``,
        ``segment`` (``"vip"``, ``"major"``, ``"ordinary"``, ``"small"``) and ``label``.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": range(1, 101), "order_date": "2024-01-01",
    ...                        "amount": range(100, 0, -1)})
    >>> value_segments(orders)["segment"].value_counts().to_dict()
    {'small': 80, 'ordinary': 15, 'major': 4, 'vip': 1}
    """
    from ..value.abc import abc_table

    table = abc_table(orders, customer=customer, date=date, amount=amount, as_of=as_of, returned=returned,
                      param="orders")
    out = table[["value", "rank"]].copy()
    out["segment"] = table["tier"].astype(str).to_numpy()
    return _finish(out, "value")


def _column(features: pd.DataFrame, name: str, what: str) -> pd.Series:
    require_columns(features, "features", {name: what})
    values = features[name]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise ColumnError(
            _("Column {column!r} of `features` must hold numbers ({what}).").format(column=name, what=_(what))
        )
    return values.astype("float64")


def marketing_type(
    features: pd.DataFrame,
    *,
    discount_share: float = 0.30,
    app_share: float = 0.35,
    personal_share: float = 0.45,
    phone_share: float = 0.15,
    app_channel: str = "app",
    phone_channel: str = "phone",
    personal_categories: Iterable[str] = ("electronics", "apparel", "beauty"),
    use_surveys: bool = True,
) -> pd.DataFrame:
    """Marketing type from observable data: economic, ethical, personalising, convenience.

    The courseware's marketing types (经济型, 道德型, 个性化, 方便型客户) describe what a customer
    values. This is a **teaching heuristic** that reads them off behaviour (and off survey
    answers where a customer answered one) — a stand-in for asking every customer, not a law:
    measure how well it agrees with what is known (on the simulated data, with
    ``truth_customers.persona`` via :func:`crmlab.segment.persona_agreement`).

    Rules, on the columns of :func:`crmlab.segment.segmentation_features` (smoothed shares):

    1. **Survey** (if ``use_surveys`` and the customer has all of ``expect_price``,
       ``expect_quality``, ``expect_after_sales``, ``expect_service``, ``expect_delivery``):
       the type whose expectation is highest — price → economic; the mean of quality and
       after-sales → ethical; service → personalising; delivery → convenience — provided that
       maximum is unique. A tie falls through to the behaviour rules.
    2. **Behaviour**, first match: ``discount_share`` ≥ ``discount_share`` → economic (buys on
       price); else ``channel_<app_channel>`` ≥ ``app_share`` → convenience (pays for
       convenience); else the summed ``category_<c>`` shares of ``personal_categories`` ≥
       ``personal_share``, or ``channel_<phone_channel>`` ≥ ``phone_share`` → personalising
       (wants things that express them, and conversation); else → ethical.

    Thresholds compare with ≥. Missing behaviour columns for the app/phone channel or the
    personal categories are an error; a category absent from ``features`` counts as 0 if at
    least one of ``personal_categories`` is present.

    Returns
    -------
    DataFrame
        Same index as ``features``; columns ``segment``, ``label``, ``basis`` (``"survey"`` or
        ``"behaviour"``), and the evidence: ``discount_share``, ``app_share``,
        ``personal_share``, ``phone_share``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"discount_share": [0.5, 0.1, 0.1, 0.1], "channel_app": [0.1, 0.6, 0.1, 0.1],
    ...     "channel_phone": [0.0, 0.0, 0.3, 0.0], "category_beauty": [0.1, 0.1, 0.1, 0.1]})
    >>> marketing_type(f)["segment"].tolist()
    ['economic', 'convenience', 'personalising', 'ethical']
    """
    check_frame(features, "features", allow_empty=True)
    limits = {
        "discount_share": check_float("discount_share", discount_share, low=0.0, high=1.0),
        "app_share": check_float("app_share", app_share, low=0.0, high=1.0),
        "personal_share": check_float("personal_share", personal_share, low=0.0, high=1.0),
        "phone_share": check_float("phone_share", phone_share, low=0.0, high=1.0),
    }
    for name, value in (("app_channel", app_channel), ("phone_channel", phone_channel)):
        if not isinstance(value, str):
            raise ParameterTypeError(
                _("`{name}` must be a channel code (str), but {got} was passed.").format(name=name, got=_show(value))
            )
    if isinstance(personal_categories, str) or not isinstance(personal_categories, Iterable):
        raise ParameterTypeError(
            _("`personal_categories` must be a list of category codes, but {got} was passed.").format(
                got=_show(personal_categories)
            )
        )
    personal_categories = list(personal_categories)
    if not personal_categories or not all(isinstance(c, str) for c in personal_categories):
        raise ParameterTypeError(_("`personal_categories` must be a non-empty list of category codes (str)."))
    if not isinstance(use_surveys, bool):
        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name="use_surveys", got=_show(use_surveys))
        )

    disc = _column(features, "discount_share", N_("share of orders on discount"))
    app = _column(features, f"channel_{app_channel}", N_("share of orders through the app"))
    phone = _column(features, f"channel_{phone_channel}", N_("share of orders by phone"))
    present = [f"category_{c}" for c in personal_categories if f"category_{c}" in features.columns]
    if not present:
        require_columns(features, "features", {f"category_{personal_categories[0]}": N_("a category share")})
    personal = sum(_column(features, c, N_("a category share")) for c in present)

    segment = np.full(len(features), "ethical", dtype=object)
    personalising = (personal >= limits["personal_share"]).to_numpy() | (phone >= limits["phone_share"]).to_numpy()
    segment[personalising] = "personalising"
    segment[(app >= limits["app_share"]).to_numpy()] = "convenience"
    segment[(disc >= limits["discount_share"]).to_numpy()] = "economic"
    basis = np.full(len(features), "behaviour", dtype=object)

    expect = ("expect_price", "expect_quality", "expect_after_sales", "expect_service", "expect_delivery")
    if use_surveys and all(c in features.columns for c in expect):
        e = {c: _column(features, c, N_("a survey expectation")).to_numpy() for c in expect}
        ethical = (e["expect_quality"] + e["expect_after_sales"]) / 2
        scores = np.column_stack([e["expect_price"], ethical, e["expect_service"], e["expect_delivery"]])
        answered = ~np.isnan(scores).any(axis=1)
        best = np.nanmax(np.where(answered[:, None], scores, 0.0), axis=1)
        unique = (scores == best[:, None]).sum(axis=1) == 1
        use = answered & unique
        types = np.array(["economic", "ethical", "personalising", "convenience"], dtype=object)
        segment[use] = types[np.argmax(np.where(answered[:, None], scores, 0.0), axis=1)][use]
        basis[use] = "survey"

    out = pd.DataFrame({"segment": segment, "basis": basis}, index=features.index)
    out = _finish(out, "marketing_type")[["segment", "label", "basis"]]
    out["discount_share"] = disc.to_numpy()
    out["app_share"] = app.to_numpy()
    out["personal_share"] = np.asarray(personal, dtype="float64") if len(present) else 0.0
    out["phone_share"] = phone.to_numpy()
    return out


def management_segments(
    orders: object,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: object = None,
    returned: str | None = RETURNED,
    window_days: int = 365,
    key_share: float = 0.20,
    growth: float = 0.20,
    max_temporary_orders: int = 2,
) -> pd.DataFrame:
    """Segments by management: key, potential, regular, temporary (关键, 潜力, 常规, 临时客户).

    With ``recent`` = the ``window_days`` days before ``as_of`` and ``before`` = the
    ``window_days`` days before that, per customer with a purchase before ``as_of`` (the rule
    of :mod:`crmlab.purchases`: an order not returned, amount > 0):

    * ``spend_recent`` / ``spend_before`` — net spend in each window (returned orders count 0,
      refund rows subtract); ``orders_recent`` — purchases in the recent window.
    * **key** — ``spend_recent`` > 0 and at least the ``ceil(key_share × N)``-th largest
      ``spend_recent`` (N = the customers analysed); ties at the boundary are all key;
    * else **temporary** — at most ``max_temporary_orders`` purchases in the recent window
      (the courseware: "orders once or twice a year"), including customers with none;
    * else **potential** — ``spend_recent`` ≥ (1 + ``growth``) × ``spend_before`` (new
      customers, with nothing before, count as growing);
    * else **regular**.

    Returns
    -------
    DataFrame
        Indexed by customer id (sorted); columns ``segment``, ``label``, ``spend_recent``,
        ``spend_before``, ``orders_recent``.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 2, 2, 3, 3, 3, 3, 3, 4],
    ...     "order_date": ["2024-06-01"] * 4 + ["2023-03-01", "2024-05-01", "2024-06-01",
    ...                    "2024-07-01", "2024-08-01", "2023-02-01"],
    ...     "amount": [500.0, 10, 10, 10, 100, 20, 20, 20, 20, 50]})
    >>> management_segments(orders, as_of="2024-12-31", key_share=0.25)["segment"].tolist()
    ['key', 'potential', 'regular', 'temporary']
    """
    window = check_days("window_days", window_days)
    share = check_float("key_share", key_share, low=0.0, high=1.0)
    grow = check_float("growth", growth, low=0.0)
    max_temp = check_int("max_temporary_orders", max_temporary_orders, low=0)
    log = read_orders(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of,
                      amount_required=True)
    log.buyers("orders")  # an error when there is no purchase at all
    buyer = log.buyer_mask()
    age = log.as_of_day - log.day
    recent = age <= window
    before = (age > window) & (age <= 2 * window)
    n = log.n
    spend_recent = np.round(np.bincount(log.codes[recent], weights=log.amount[recent], minlength=n), 6) + 0.0
    spend_before = np.round(np.bincount(log.codes[before], weights=log.amount[before], minlength=n), 6) + 0.0
    orders_recent = np.bincount(log.codes[recent & log.purchase], minlength=n)
    out = pd.DataFrame(
        {
            "spend_recent": spend_recent[buyer],
            "spend_before": spend_before[buyer],
            "orders_recent": orders_recent[buyer].astype("int64"),
        },
        index=log.ids[buyer].rename(customer),
    )
    n_key = int(np.ceil(round(share * len(out), 9)))
    segment = np.full(len(out), "regular", dtype=object)
    spend = out["spend_recent"].to_numpy()
    growing = spend >= (1 + grow) * out["spend_before"].to_numpy()
    segment[growing] = "potential"
    segment[out["orders_recent"].to_numpy() <= max_temp] = "temporary"
    if n_key > 0:
        threshold = np.sort(spend)[::-1][n_key - 1]
        segment[(spend >= threshold) & (spend > 0)] = "key"
    out.insert(0, "segment", segment)
    out = _finish(out, "management")
    return out[["segment", "label", "spend_recent", "spend_before", "orders_recent"]]


def _first_last(
    orders: object, customers: object, customer: str, date: str, as_of: object, amount: object, returned: object
) -> tuple[pd.DataFrame, pd.Timestamp]:
    log = read_orders(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    codes, day, ids = log.buyers(warn=customers is None)  # with a register, they are future customers
    first = np.full(len(ids), np.iinfo(np.int64).max)
    last = np.full(len(ids), np.iinfo(np.int64).min)
    np.minimum.at(first, codes, day)
    np.maximum.at(last, codes, day)
    known = pd.DataFrame(
        {"first_order": first.astype("datetime64[D]").astype("datetime64[ns]"),
         "last_order": last.astype("datetime64[D]").astype("datetime64[ns]")},
        index=ids,
    )
    if customers is not None:
        customers = check_frame(customers, "customers", allow_empty=True)
        require_columns(customers, "customers", {customer: N_("customer ids")})
        check_ids(customers[customer], "customers", customer)
        seen = set(known.index)
        extra = [c for c in ordered_ids(customers[customer]) if c not in seen]
        prospects = pd.DataFrame(index=pd.Index(extra, dtype=object), columns=known.columns, dtype="datetime64[ns]")
        known = pd.concat([known, prospects])
    known = known.reindex(ordered_ids(known.index))
    known.index.name = customer
    return known, log.as_of


def time_segments(
    orders: object,
    customers: pd.DataFrame | None = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    as_of: object = None,
    new_days: int = 365,
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Segments by time: old, new, future customers (老客户, 新客户, 未来客户).

    * **new** — first order within the ``new_days`` days before ``as_of``
      (``first_order`` ≥ ``as_of`` − ``new_days``);
    * **old** — first order earlier;
    * **future** — in ``customers`` (the register, e.g. the ``customers`` table) but no purchase
      before ``as_of``: a prospect. Without ``customers`` there are no future customers.

    ``first_order`` is the first *purchase* (rule of :mod:`crmlab.purchases`: an order not
    returned, with an amount > 0 when the log has amounts); orders on or after ``as_of`` are
    ignored; rows with a missing id, date or amount are left out with a warning.

    Returns
    -------
    DataFrame
        Indexed by customer id (sorted); columns ``segment``, ``label``, ``first_order``.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": [1, 2], "order_date": ["2022-05-01", "2024-05-01"]})
    >>> time_segments(orders, pd.DataFrame({"customer_id": [1, 2, 3]}), as_of="2024-12-31")["segment"].tolist()
    ['old', 'new', 'future']
    """
    days = check_days("new_days", new_days)
    known, as_of_ts = _first_last(orders, customers, customer, date, as_of, amount, returned)
    first = known["first_order"]
    segment = np.where(first.isna(), "future", np.where(first >= as_of_ts - pd.Timedelta(days=days), "new", "old"))
    out = pd.DataFrame({"segment": segment}, index=known.index)
    out = _finish(out, "time")
    out["first_order"] = first
    return out


def stage_segments(
    orders: object,
    customers: pd.DataFrame | None = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    as_of: object = None,
    active_days: int = 365,
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Segments by transaction stage: past, current, future (有过交易, 正在交易, 未来交易).

    * **current** — a purchase within the ``active_days`` days before ``as_of``
      (``last_order`` ≥ ``as_of`` − ``active_days``);
    * **past** — has purchases, none that recent;
    * **future** — in ``customers`` but no purchase before ``as_of``.

    Purchases follow the rule of :mod:`crmlab.purchases` (an order not returned, with an amount
    > 0 when the log has amounts).

    Returns
    -------
    DataFrame
        Indexed by customer id (sorted); columns ``segment``, ``label``, ``last_order``.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": [1, 2], "order_date": ["2022-05-01", "2024-05-01"]})
    >>> stage_segments(orders, pd.DataFrame({"customer_id": [1, 2, 3]}), as_of="2024-12-31")["segment"].tolist()
    ['past', 'current', 'future']
    """
    days = check_days("active_days", active_days)
    known, as_of_ts = _first_last(orders, customers, customer, date, as_of, amount, returned)
    last = known["last_order"]
    segment = np.where(last.isna(), "future", np.where(last >= as_of_ts - pd.Timedelta(days=days), "current", "past"))
    out = pd.DataFrame({"segment": segment}, index=known.index)
    out = _finish(out, "transaction_stage")
    out["last_order"] = last
    return out
