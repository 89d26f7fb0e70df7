"""Why customers leave (客户流失原因): signals of churn causes read from the tables.

The courseware lists subjective causes (product quality, service attitude, staff, image) and
objective ones (the customer's own situation, competitors' lures, price). The tables show
traces of several of them; :func:`churn_signals` collects the traces per customer and names
the most pressing one with simple, stated rules — a starting point for a conversation with
the customer, not a verdict.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_days
from ..errors import ParameterError, ParameterTypeError
from .._frames import check_frame, require_columns
from ..i18n import N_, _
from ..purchases import AMOUNT, RETURNED, OrderLog, read_orders
from ._history import check_grouping, check_column_name, group_codes, group_labels, history
from ._tables import complaint_table, dataset_table, latest_surveys

__all__ = ["churn_signals", "churn_signal_summary", "SIGNALS"]

#: Signal codes in priority order (the first that applies is the ``main_signal``), then the
#: code for a customer with none. Display text: ``crmlab.i18n.label(code)``.
SIGNALS = (
    "badly_handled_complaint",
    "quality_problem",
    "service_problem",
    "billing_dispute",
    "product_gap",
    "price_sensitive",
    "competitor_lure",
    "frequency_decline",
    "no_signal",
)
_QUALITY = ("product_quality", "after_sales")
_SERVICE = ("staff_attitude", "delivery")
_BILLING = ("billing",)
_SURVEY = (
    "satisfaction_overall",
    "product_satisfaction",
    "service_satisfaction",
    "price_sensitivity",
    "competitor_attitude",
    "recommend",
)
_ATTRIBUTES = ("quality", "service", "delivery", "price", "after_sales")


def churn_signals(
    data: object,
    customers: object = None,
    *,
    as_of: object = None,
    lookback_days: int = 365,
    recent_days: int = 180,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Per customer, the traces in the data of why they might leave (or have left).

    Measures (complaints within the ``lookback_days`` days before ``as_of``; the latest survey
    answered before ``as_of``, whenever it was; orders before ``as_of``):

    * ``complaints``, ``bad_complaints`` (rejected, unresolved or handling rated ≤ 4) and one
      ``complaints_<category>`` count per complaint category present in the table;
    * ``orders_recent`` / ``orders_previous``: purchases (by the rule of
      :mod:`crmlab.purchases`: orders not returned, amount > 0) in the last ``recent_days``
      days and in the ``recent_days`` days before those; ``days_since_last``; ``mean_gap``
      (days between purchase days); ``return_rate`` and ``discount_share`` of all orders,
      returned ones included (if the log has returned flags / a ``discount`` column);
    * survey items (missing if never surveyed): overall, product and service satisfaction,
      price sensitivity, openness to competitors, recommend; ``worst_attribute`` (where
      perceived performance falls furthest below expectation) and ``worst_gap`` (P − E there).

    Signals (each True/False), in priority order:

    * ``badly_handled_complaint``: at least one badly handled complaint;
    * ``quality_problem``: a ``product_quality`` or ``after_sales`` complaint, or a return
      rate ≥ 0.25 over at least 4 orders (returned ones included);
    * ``service_problem``: a ``staff_attitude`` or ``delivery`` complaint, or service
      satisfaction ≤ 4;
    * ``billing_dispute``: a ``billing`` complaint (payment terms, invoices);
    * ``product_gap``: product satisfaction ≤ 4 (needs not met);
    * ``price_sensitive``: price sensitivity ≥ 8, or ≥ half of at least 4 orders (returned ones
      included) on discount;
    * ``competitor_lure``: openness to competitors ≥ 8;
    * ``frequency_decline``: ``orders_previous`` ≥ 2 and ``orders_recent`` < half of it, or
      (with ≥ 3 purchase days) days since last > 3 × mean gap.

    ``main_signal`` is the first signal that applies, else ``"no_signal"``; ``signals`` lists
    all that apply, joined by ``", "``.

    Parameters
    ----------
    data : Dataset or dict of DataFrames
        Needs ``orders``; uses ``complaints`` and ``surveys`` when present.
    customers : list-like of ids, optional
        Customers to diagnose (in that order, each once; ids without a purchase get zero
        counts). Default: every customer with a purchase, sorted by id.
    as_of : date-like, optional
        Default: the day after the last order.
    lookback_days, recent_days : int
    customer, date : str
        Column names (``customer`` in every table).
    amount, returned : str or None, default "amount" and "returned"
        Columns of the order amounts and returned flags, used when the orders have them
        (``None``: the column is ignored).

    Returns
    -------
    DataFrame
        One row per customer (RangeIndex): ``customer``, the measures, one bool column per
        signal, ``main_signal`` (code of :data:`SIGNALS`) and ``signals``.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2],
    ...                        "order_date": pd.to_datetime(["2024-01-01", "2024-05-01", "2024-05-02"])})
    >>> complaints = pd.DataFrame({"customer_id": [1], "opened_date": pd.to_datetime(["2024-04-01"]),
    ...                            "category": ["billing"], "resolution": ["rejected"]})
    >>> churn_signals({"orders": orders, "complaints": complaints})["main_signal"].tolist()
    ['badly_handled_complaint', 'no_signal']
    """
    check_days("lookback_days", lookback_days)
    check_days("recent_days", recent_days)
    check_column_name("customer", customer)
    check_column_name("date", date)
    orders = dataset_table(data, "orders")
    log = read_orders(orders, param="data['orders']", customer=customer, date=date, amount=amount,
                      returned=returned, as_of=as_of)
    # with `customers`, one without a purchase gets zero counts: not left out, so no warning
    hist = history(orders, log=log, param="data['orders']", warn=customers is None)
    s = hist.summary()
    if customers is None:
        ids = pd.Index(hist.ids)
    else:
        if isinstance(customers, (str, bytes, pd.DataFrame)) or not hasattr(customers, "__iter__"):
            raise ParameterTypeError(
                _("`customers` must be a list of customer ids, but {type} was passed.").format(
                    type=type(customers).__name__
                )
            )
        ids = pd.Index(list(customers))
        if ids.has_duplicates:
            raise ParameterError(
                _("`customers` must list each customer once, but {got!r} appears more than once.").format(
                    got=ids[ids.duplicated()][0]
                )
            )
    pos = pd.Index(hist.ids).get_indexer(ids)
    has = pos >= 0
    n = len(ids)
    as_of_day = hist.as_of_day

    def per_customer(values: np.ndarray, fill: float) -> np.ndarray:
        out = np.full(n, fill, dtype=float)
        out[has] = values[pos[has]]
        return out

    out = pd.DataFrame({customer: ids.to_numpy()})

    # Purchases: recent activity and rhythm (before ``as_of``).
    pcodes, pdays, pids = log.buyers("data['orders']", warn=False)  # warned (or not) by `history` above
    age = as_of_day - pdays
    who = ids.get_indexer(pids)[pcodes]
    known = who >= 0
    out["orders_recent"] = np.bincount(who[known & (age <= recent_days)], minlength=n)
    out["orders_previous"] = np.bincount(who[known & (age > recent_days) & (age <= 2 * recent_days)], minlength=n)
    out["days_since_last"] = per_customer((as_of_day - s["last_day"].to_numpy()).astype(float), np.nan)
    out["mean_gap"] = per_customer(s["mean_gap"].to_numpy(), np.nan)
    purchase_days = per_customer(s["purchase_days"].to_numpy().astype(float), 0.0)

    extras, n_orders = _order_extras(orders, log, ids)
    out = out.assign(**extras)

    # Complaints in the look-back window.
    complaints = dataset_table(data, "complaints", required=False)
    out["complaints"] = 0
    out["bad_complaints"] = 0
    cats: set = set()
    if complaints is not None:
        table = complaint_table(complaints, customer=customer, as_of_day=as_of_day, param="data['complaints']")
        table = table[table["day"] >= as_of_day - lookback_days]
        cpos = ids.get_indexer(table["customer"].to_numpy())
        ok = cpos >= 0
        table, cpos = table[ok], cpos[ok]
        out["complaints"] = np.bincount(cpos, minlength=n)
        out["bad_complaints"] = np.bincount(cpos[table["bad"].to_numpy()], minlength=n)
        column = complaints["category"] if "category" in complaints.columns else None
        levels = (
            list(column.cat.categories)
            if column is not None and isinstance(column.dtype, pd.CategoricalDtype)
            else sorted({str(c) for c in table["category"].dropna()})
        )
        for level in levels:
            hit = (table["category"].astype("object") == level).to_numpy()
            out[f"complaints_{level}"] = np.bincount(cpos[hit], minlength=n)
        cats = set(levels)

    def cat_count(names) -> np.ndarray:
        total = np.zeros(n)
        for name in names:
            if name in cats:
                total += out[f"complaints_{name}"].to_numpy()
        return total

    # Latest survey.
    surveys = dataset_table(data, "surveys", required=False)
    items = {c: np.full(n, np.nan) for c in _SURVEY}
    worst_attr = np.full(n, None, dtype=object)
    worst_gap = np.full(n, np.nan)
    if surveys is not None:
        wanted = _SURVEY + tuple(f"{k}_{a}" for k in ("expect", "perform") for a in _ATTRIBUTES)
        answers = latest_surveys(surveys, customer=customer, as_of_day=as_of_day, columns=wanted,
                                 param="data['surveys']").reindex(ids)
        for c in _SURVEY:
            if c in answers.columns:
                items[c] = answers[c].to_numpy(dtype=float)
        pairs = [a for a in _ATTRIBUTES if f"expect_{a}" in answers.columns and f"perform_{a}" in answers.columns]
        if pairs:
            gaps = np.column_stack([answers[f"perform_{a}"].to_numpy(float) - answers[f"expect_{a}"].to_numpy(float) for a in pairs])
            answered = ~np.isnan(gaps).all(axis=1)
            filled = np.where(np.isnan(gaps), np.inf, gaps)
            idx = filled.argmin(axis=1)
            worst_gap = np.where(answered, filled[np.arange(n), idx], np.nan)
            worst_attr = np.where(answered, np.array(pairs, dtype=object)[idx], None)
    for c in _SURVEY:
        out[c] = items[c]
    out["worst_attribute"] = pd.array(worst_attr, dtype="str")
    out["worst_gap"] = worst_gap

    def at_most(values, limit):
        return np.nan_to_num(values, nan=np.inf) <= limit

    def at_least(values, limit):
        return np.nan_to_num(values, nan=-np.inf) >= limit

    ret = out["return_rate"].to_numpy() if "return_rate" in out else np.full(n, np.nan)
    disc = out["discount_share"].to_numpy() if "discount_share" in out else np.full(n, np.nan)
    recent = out["orders_recent"].to_numpy()
    previous = out["orders_previous"].to_numpy()
    since = out["days_since_last"].to_numpy()
    gap = out["mean_gap"].to_numpy()
    flags = {
        "badly_handled_complaint": out["bad_complaints"].to_numpy() > 0,
        "quality_problem": (cat_count(_QUALITY) > 0) | ((n_orders >= 4) & at_least(ret, 0.25)),
        "service_problem": (cat_count(_SERVICE) > 0) | at_most(items["service_satisfaction"], 4),
        "billing_dispute": cat_count(_BILLING) > 0,
        "product_gap": at_most(items["product_satisfaction"], 4),
        "price_sensitive": at_least(items["price_sensitivity"], 8) | ((n_orders >= 4) & at_least(disc, 0.5)),
        "competitor_lure": at_least(items["competitor_attitude"], 8),
        "frequency_decline": ((previous >= 2) & (recent < previous / 2))
        | ((purchase_days >= 3) & (np.nan_to_num(since, nan=0) > 3 * np.nan_to_num(gap, nan=np.inf))),
    }
    for code, flag in flags.items():
        out[code] = np.asarray(flag, dtype=bool)
    matrix = np.column_stack([flags[c] for c in SIGNALS[:-1]])
    first = np.where(matrix.any(axis=1), matrix.argmax(axis=1), len(SIGNALS) - 1)
    out["main_signal"] = pd.Categorical.from_codes(first, categories=list(SIGNALS))
    names = np.array(SIGNALS[:-1], dtype=object)
    out["signals"] = pd.array([", ".join(names[row]) for row in matrix], dtype="str")
    return out


def _order_extras(orders: pd.DataFrame, log: OrderLog, ids: pd.Index) -> tuple[dict, np.ndarray]:
    """Return rate and discount share per customer over all their orders (returned ones included),
    from the log's returned flags and an optional ``discount`` column; and the number of orders."""
    out: dict[str, np.ndarray] = {}
    who = ids.get_indexer(log.ids)[log.codes]
    keep = who >= 0
    who = who[keep]
    total = np.bincount(who, minlength=len(ids)).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        if log.returned is not None:
            flag = log.returned[keep]
            out["return_rate"] = np.where(total > 0, np.bincount(who, weights=flag.astype(float), minlength=len(ids)) / total, np.nan)
        if "discount" in orders.columns and log.rows is not None:
            values = pd.to_numeric(orders["discount"], errors="coerce").fillna(0).to_numpy(dtype=float)[log.rows][keep] > 0
            out["discount_share"] = np.where(total > 0, np.bincount(who, weights=values.astype(float), minlength=len(ids)) / total, np.nan)
    return out, total


def churn_signal_summary(
    signals: object,
    by: str | None = None,
    *,
    groups: object = None,
    customer: str = "customer_id",
) -> pd.DataFrame:
    """Share of customers showing each churn signal, overall or by group.

    Parameters
    ----------
    signals : DataFrame
        Result of :func:`churn_signals` (one bool column per signal).
    by : str, optional
        Group column, from ``signals`` or else from ``groups`` (columns ``customer`` and ``by``).

    Returns
    -------
    DataFrame
        One row per group (``"all"`` without ``by``) and signal: the group column (named
        ``by`` or ``"group"``), ``signal`` (code), ``customers`` (in the group), ``share_with``
        (share of them showing the signal) and ``share_main`` (share for whom it is the main one).

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": [1, 2], "order_date": pd.to_datetime(["2024-01-01", "2024-05-01"])})
    >>> s = churn_signals({"orders": orders})
    >>> float(churn_signal_summary(s).set_index("signal").loc["no_signal", "share_main"])
    1.0
    """
    signals = check_frame(signals, "signals")
    require_columns(signals, "signals", {c: N_("a churn signal (True/False)") for c in SIGNALS[:-1]})
    require_columns(signals, "signals", {"main_signal": N_("the main churn signal")})
    check_grouping(by, groups, customer, signals, "signals")
    if by is None:
        label, name = pd.Series(["all"] * len(signals)), "group"
    else:
        if by not in signals.columns:
            require_columns(signals, "signals", {customer: N_("customer ids")})
        ids = signals[customer].to_numpy() if customer in signals.columns else np.arange(len(signals))
        label, name = group_labels(ids, by, groups, customer=customer, frame=signals, frame_param="signals"), by
    main = signals["main_signal"].astype("object").to_numpy()
    gcode, names = group_codes(label)
    ok = gcode >= 0
    size = np.bincount(gcode[ok], minlength=len(names))
    keep = size > 0
    rows = []
    for code in SIGNALS:
        with_flag = _bool_values(signals, code) if code != "no_signal" else main == "no_signal"
        w = np.bincount(gcode[ok], weights=with_flag[ok].astype(float), minlength=len(names))
        m = np.bincount(gcode[ok], weights=(main == code)[ok].astype(float), minlength=len(names))
        for i in np.flatnonzero(keep):
            rows.append({name: names[i], "signal": code, "customers": int(size[i]),
                         "share_with": w[i] / size[i], "share_main": m[i] / size[i]})
    out = pd.DataFrame(rows, columns=[name, "signal", "customers", "share_with", "share_main"])
    if isinstance(label.dtype, pd.CategoricalDtype):
        out[name] = pd.Categorical(out[name], categories=label.cat.categories)
    return out


def _bool_values(frame: pd.DataFrame, col: str) -> np.ndarray:
    from ..errors import ColumnError

    values = frame[col]
    if pd.api.types.is_bool_dtype(values) and not values.isna().any():
        return values.to_numpy(dtype=bool)
    raise ColumnError(
        _("Column {column!r} of `signals` must hold True/False, but it has dtype {dtype}.").format(
            column=col, dtype=values.dtype
        )
    )
