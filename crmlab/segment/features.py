"""Behavioural features for data-driven segmentation (客户细分): one row per customer.

An analyst segments customers on what they *do* — how much, how often, how recently, on
discount or not, through which channel, what they buy — and, where a survey asked, on what
they *expect*. :func:`segmentation_features` turns an order log (and optionally survey answers)
into such a table; :func:`feature_notes` says what each column means and whether to cluster on
it; :func:`default_columns` is the documented default choice for k-means.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._checks import _show, check_float
from .._frames import SURVEY_DATE, check_ids, check_frame, date_column, numeric_column, optional_column, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _, label
from ..purchases import RETURNED, read_orders

__all__ = ["segmentation_features", "feature_notes", "default_columns", "NEEDS_FEATURES"]

#: The fixed (not per-value) behavioural columns, in output order.
_BASE = (
    "recency_days",
    "frequency",
    "monetary",
    "mean_basket",
    "log_recency",
    "log_frequency",
    "log_monetary",
    "log_mean_basket",
)

#: Columns of the default k-means feature set besides every ``channel_*`` and ``category_*``.
NEEDS_FEATURES = ("discount_share", "log_mean_basket", "log_frequency")

_NOTES = {
    "recency_days": (N_("Days from the last purchase to the analysis date (calendar days, ≥ 1)"), N_("days"), False),
    "frequency": (N_("Number of purchases"), N_("orders"), False),
    "monetary": (N_("Net spend: amounts of all orders, returned ones counting 0"), N_("currency"), False),
    "mean_basket": (N_("Mean net spend per purchase (monetary / frequency)"), N_("currency"), False),
    "log_recency": (N_("ln(recency_days)"), N_("log days"), True),
    "log_frequency": (N_("ln(frequency)"), N_("log orders"), True),
    "log_monetary": (N_("ln(1 + monetary), monetary below 0 counted as 0"), N_("log currency"), True),
    "log_mean_basket": (N_("ln(1 + mean_basket), mean basket below 0 counted as 0"), N_("log currency"), True),
    "discount_share": (N_("Share of purchases bought on discount (smoothed)"), N_("share 0–1"), True),
}


def _as_orders(data: object) -> tuple[pd.DataFrame, object]:
    """The orders frame and the dataset's surveys (or None) from a DataFrame or a Dataset."""
    if isinstance(data, pd.DataFrame):
        return data, None
    if isinstance(data, Mapping):
        if "orders" not in data:
            raise ParameterError(
                _(
                    "`data` must be an orders DataFrame or a dataset with an 'orders' table, but its "
                    "tables are {names}."
                ).format(names=list(data))
            )
        return data["orders"], (data["surveys"] if "surveys" in data else None)
    raise ParameterTypeError(
        _("`data` must be an orders DataFrame or a crmlab Dataset, but {type} was passed.").format(
            type=type(data).__name__
        )
    )


def _shares(
    owners: pd.Series, values: pd.Series, index: pd.Index, prefix: str, prior: float, every_level: bool = False
) -> pd.DataFrame:
    """Smoothed share of each value per customer: (count + prior·p) / (n + prior).

    Columns: the values seen (a categorical's categories in order; all of them if
    ``every_level``), else sorted as text."""
    present = values.notna()
    owners, values = owners[present], values[present]
    if isinstance(values.dtype, pd.CategoricalDtype):
        levels = [c for c in values.cat.categories if every_level or (values == c).any()]
    else:
        values = values.astype(str)
        levels = sorted(values.unique())
    values = values.astype(str)
    levels = [str(v) for v in levels]
    counts = (
        pd.crosstab(owners.to_numpy(), values.to_numpy())
        .reindex(index=index, columns=levels, fill_value=0)
        .astype("float64")
    )
    n = counts.sum(axis=1)
    overall = counts.sum(axis=0) / max(n.sum(), 1.0)
    if prior > 0:
        shares = (counts + prior * overall).div(n + prior, axis=0)
    else:
        shares = counts.div(n.where(n > 0), axis=0)
    shares.columns = [f"{prefix}_{v}" for v in levels]
    shares.columns.name = None
    return shares


def segmentation_features(
    data: object,
    surveys: pd.DataFrame | None = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    returned: str | None = RETURNED,
    channel: str | None = "channel",
    category: str | None = "category",
    discount: str | None = "discount",
    survey_date: str | None = SURVEY_DATE,
    as_of: object = None,
    prior_orders: float = 2.0,
) -> pd.DataFrame:
    """Behavioural segmentation features, one row per customer (客户细分的行为变量).

    Parameters
    ----------
    data : DataFrame or Dataset
        An order log (one row per order), or a crmlab Dataset: then its ``orders`` table is used
        and, if ``surveys`` is None, its ``surveys`` table too.
    surveys : DataFrame, optional
        Survey answers with a ``customer`` column and ``expect_*`` columns (expectation of each
        attribute, 1–10). Each ``expect_*`` column becomes a feature (a customer's mean answer;
        missing — NaN — for customers who never answered). Answers dated on or after ``as_of``
        (column ``survey_date``, if present) are ignored.
    customer, date, amount : str
        Columns of the order log.
    returned : str or None, default "returned"
        Column of returned flags, used when the log has it (``None``: ignored).
    channel, category, discount : str or None
        Optional columns; None skips the features built from them.
    survey_date : str or None, default "survey_date"
        Date column of ``surveys`` (the default is used if ``surveys`` has it; a name you pass
        must exist; None: no date).
    as_of : date-like, optional
        Analysis date; default the day after the last order. Only orders before it count.
    prior_orders : float, default 2
        Smoothing strength of every share (discount, channel, category), in orders: a share is
        ``(count + prior_orders × overall share) / (orders + prior_orders)``. A customer with one
        order would otherwise have shares of exactly 0 or 1; smoothing pulls customers with few
        orders towards the average mix. 0 gives raw shares.

    Returns
    -------
    DataFrame
        Index: customer id (named like ``customer``), sorted (ids of mixed types that cannot be
        compared keep their first-appearance order); one row per customer with at least
        one purchase before ``as_of`` (the rule of :mod:`crmlab.purchases`: an order not
        returned, with an amount > 0). Columns:

        * ``recency_days`` — calendar days from the last purchase's day to ``as_of`` (≥ 1);
          ``frequency`` — number of purchases (several on one day count separately);
          ``monetary`` — net spend, the sum of ``amount`` over all orders (returned orders count 0,
          negative refund rows subtract); ``mean_basket`` — monetary / frequency. These raw
          columns are for reading profiles.
        * ``log_recency`` = ln(recency_days), ``log_frequency`` = ln(frequency),
          ``log_monetary`` = ln(1 + max(monetary, 0)), ``log_mean_basket`` =
          ln(1 + max(mean_basket, 0)) — the versions to cluster on (the raw ones are very skewed).
        * ``discount_share`` — smoothed share of purchases with ``discount`` > 0.
        * ``channel_<value>`` — smoothed share of purchases through each channel (they sum to 1).
        * ``category_<value>`` — smoothed share of purchases in each product category (sum to 1).
        * ``expect_<attribute>`` — survey expectation (1–10), NaN if the customer never answered.

        Rows with a missing customer, date or amount are left out with a
        :class:`~crmlab.errors.DataWarning`; a missing channel, category or discount leaves that
        purchase out of that share only (a customer with none left gets the overall share, or NaN
        when ``prior_orders`` is 0). Negative discounts are an error. Every clustering column
        should be standardised before k-means (units differ): see :func:`feature_notes`.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2], "order_date": ["2024-01-01",
    ...     "2024-01-10", "2024-01-05"], "amount": [10.0, 30.0, 5.0], "channel": ["web", "web",
    ...     "store"], "discount": [0.0, 0.1, 0.0]})
    >>> f = segmentation_features(orders, category=None, prior_orders=0)
    >>> f[["recency_days", "frequency", "monetary", "discount_share", "channel_web"]]  # doctest: +NORMALIZE_WHITESPACE
                 recency_days  frequency  monetary  discount_share  channel_web
    customer_id
    1                       1          2      40.0             0.5          1.0
    2                       6          1       5.0             0.0          0.0
    """
    orders, dataset_surveys = _as_orders(data)
    name = "data" if isinstance(data, pd.DataFrame) else "data['orders']"  # the user's name for the log
    surveys_name = "surveys"
    if surveys is None and dataset_surveys is not None:
        surveys, surveys_name = dataset_surveys, "data['surveys']"
    prior = check_float("prior_orders", prior_orders, low=0.0)
    orders = check_frame(orders, name)
    optional = (("channel", channel), ("category", category), ("discount", discount))
    extra = {name: col for name, col in optional if col is not None}
    for key, col in extra.items():
        if not isinstance(col, str):
            raise ParameterTypeError(
                _("`{name}` must be a column name (str) or None, but {got} was passed.").format(name=key, got=_show(col))
            )
    require_columns(orders, name, {col: _("the `{name}` of each order").format(name=key) for key, col in extra.items()})
    if len(set(extra.values()) | {customer, date, amount}) < len(extra) + 3:
        raise ParameterError(
            _(
                "`customer`, `date`, `amount`, `channel`, `category` and `discount` must name different "
                "columns."
            )
        )
    if discount is not None:  # every discount must be a number, kept row or not
        orders = orders.assign(**{discount: numeric_column(orders, name, discount)})
    log = read_orders(orders, param=name, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of,
                      amount_required=True)
    as_of_ts = log.as_of
    codes, day, ids = log.buyers()
    buyer = log.buyer_mask()
    n = len(ids)
    rows = log.rows[log.purchase]  # input rows of the purchases, aligned with ``codes``
    last = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last, codes, day)
    monetary = np.round(np.bincount(log.codes, weights=log.amount, minlength=log.n), 6)[buyer] + 0.0
    index = pd.Index(ids.to_numpy(), name=customer)
    out = pd.DataFrame(
        {
            "recency_days": (log.as_of_day - last).astype("int64"),
            "frequency": np.bincount(codes, minlength=n).astype("int64"),
            "monetary": monetary,
        },
        index=index,
    )
    owners = pd.Series(codes)
    clean = {col: orders[col].iloc[rows].reset_index(drop=True) for col in extra.values()}
    out["mean_basket"] = out["monetary"] / out["frequency"]
    out["log_recency"] = np.log(out["recency_days"].clip(lower=1).astype("float64"))
    out["log_frequency"] = np.log(out["frequency"].astype("float64"))
    out["log_monetary"] = np.log1p(out["monetary"].clip(lower=0))
    out["log_mean_basket"] = np.log1p(out["mean_basket"].clip(lower=0))

    parts = [out]
    if discount is not None:
        rate = clean[discount]
        if (rate < 0).any():
            raise ColumnError(
                _("Column {column!r} of `{name}` must hold discounts ≥ 0, but it holds {got!r}.").format(
                    column=discount, name=name, got=rate[rate < 0].iloc[0]
                )
            )
        flag = pd.Series(np.where(rate.isna(), None, np.where(rate > 0, "yes", "no")), dtype=object)
        flag = pd.Series(pd.Categorical(flag, categories=["no", "yes"]))
        share = _shares(owners, flag, pd.RangeIndex(n), "discount", prior, every_level=True).set_axis(index)
        parts.append(share[["discount_yes"]].rename(columns={"discount_yes": "discount_share"}))
    for key, prefix in (("channel", "channel"), ("category", "category")):
        col = extra.get(key)
        if col is None:
            continue
        values = clean[col]
        parts.append(_shares(owners, values, pd.RangeIndex(n), prefix, prior).set_axis(index))
    if surveys is not None:
        parts.append(_survey_expectations(surveys, index, customer, survey_date, as_of_ts, surveys_name))
    return pd.concat(parts, axis=1)


def _survey_expectations(
    surveys: object, index: pd.Index, customer: str, survey_date: str | None, as_of: pd.Timestamp,
    param: str = "surveys",
) -> pd.DataFrame:
    surveys = check_frame(surveys, param, allow_empty=True)
    require_columns(surveys, param, {customer: N_("customer ids")})
    cols = [c for c in surveys.columns if isinstance(c, str) and c.startswith("expect_")]
    if not cols:
        raise ColumnError(
            _(
                "`{name}` needs at least one expectation column named 'expect_<attribute>', but its "
                "columns are {columns}."
            ).format(name=param, columns=list(map(str, surveys.columns))[:12])
        )
    check_ids(surveys[customer], param, customer)
    values = pd.DataFrame({c: numeric_column(surveys, param, c) for c in cols})
    values[customer] = surveys[customer].to_numpy()
    survey_date = optional_column(surveys, survey_date)
    if survey_date is not None:
        require_columns(surveys, param, {survey_date: N_("the day each survey was answered")})
        when = date_column(surveys, param, survey_date)
        values = values[(when < as_of).to_numpy()]
    values = values[values[customer].notna()]
    means = values.groupby(customer).mean()
    return means.reindex(index)[cols]


def default_columns(features: pd.DataFrame) -> list[str]:
    """The documented default k-means features present in ``features``.

    The default is a *needs* segmentation: ``discount_share``, every ``channel_*`` share,
    every ``category_*`` share, ``log_mean_basket`` and ``log_frequency`` — how customers buy
    rather than how much they are worth (value is segmented by the ABC scheme). Recency and
    monetary value are left out: adding them splits customers by value and lifecycle instead of
    by needs (try it in the explorer). Survey expectations are left out because most customers
    never answered.

    Examples
    --------
    >>> import pandas as pd
    >>> default_columns(pd.DataFrame(columns=["log_recency", "discount_share", "channel_web"]))
    ['discount_share', 'channel_web']
    """
    check_frame(features, "features", allow_empty=True)
    cols = [c for c in features.columns if isinstance(c, str)]
    chosen = [c for c in cols if c == "discount_share"]
    chosen += [c for c in cols if c.startswith("channel_")]
    chosen += [c for c in cols if c.startswith("category_")]
    chosen += [c for c in ("log_mean_basket", "log_frequency") if c in cols]
    return chosen


def feature_notes(features: pd.DataFrame) -> pd.DataFrame:
    """What each column of :func:`segmentation_features` means and how to use it.

    Returns
    -------
    DataFrame
        One row per column of ``features`` (in order): ``feature``; ``meaning`` (translated);
        ``unit``; ``cluster_on`` — True for the columns meant for clustering (the log, share
        and survey columns), False for the raw, skewed columns kept for reading profiles;
        ``scale`` — True where the column must be standardised (z-scored) before k-means,
        which is every clustering column, because their units differ; ``default`` — in
        :func:`default_columns`. Unknown columns get an empty meaning and ``cluster_on`` False.

    Examples
    --------
    >>> import pandas as pd
    >>> feature_notes(pd.DataFrame(columns=["frequency", "channel_web"]))[["feature", "cluster_on"]]
           feature  cluster_on
    0    frequency       False
    1  channel_web        True
    """
    check_frame(features, "features", allow_empty=True)
    default = set(default_columns(features))
    rows = []
    for col in features.columns:
        name = str(col)
        if name in _NOTES:
            meaning, unit, cluster = _NOTES[name]
            meaning = _(meaning)
        elif name.startswith("channel_"):
            meaning = _("Share of purchases through channel {channel} (smoothed)").format(channel=label(name[8:], "order_channel"))
            unit, cluster = N_("share 0–1"), True
        elif name.startswith("category_"):
            meaning = _("Share of purchases in category {category} (smoothed)").format(category=label(name[9:], "category"))
            unit, cluster = N_("share 0–1"), True
        elif name.startswith("expect_"):
            meaning = _("Survey expectation of {attribute} (missing if not surveyed)").format(attribute=label(name[7:], "attribute"))
            unit, cluster = "1–10", True
        else:
            meaning, unit, cluster = "", "", False
        rows.append(
            {
                "feature": name,
                "meaning": meaning,
                "unit": _(unit) if unit else "",
                "cluster_on": cluster,
                "scale": cluster,
                "default": name in default,
            }
        )
    return pd.DataFrame(rows, columns=["feature", "meaning", "unit", "cluster_on", "scale", "default"])
