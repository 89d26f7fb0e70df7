"""The courseware's satisfaction indicators (客户满意度的衡量指标), as far as data can give them.

The courseware lists reputation (美誉度), asking for the product by name (指名度), return rate (回头率), complaint
rate (抱怨率) and sales power (销售力). In the courseware 回头率 is the share of customers who
*come back* to buy again — not the rate of goods sent back, which is reported separately here
as the product-return (退货) rate so that the two are never confused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import check_ids, check_frame, date_column, numeric_column, require_columns
from ..i18n import N_, _
from ..purchases import RETURNED, read_orders
from ._common import check_name, rating

__all__ = ["indicators"]


def _row(code, name, value, unit, definition, computable=True):
    return {
        "indicator": code,
        "name": _(name),
        "value": float(value) if value is not None else np.nan,
        "unit": _(unit),
        "definition": _(definition),
        "computable": bool(computable),
    }


def indicators(
    orders: pd.DataFrame,
    complaints: pd.DataFrame | None = None,
    surveys: pd.DataFrame | None = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    returned: str | None = RETURNED,
    complaint_date: str = "opened_date",
    recommend: str = "recommend",
    as_of: object = None,
) -> pd.DataFrame:
    """The satisfaction indicators computable from orders, complaints and surveys.

    Orders are read by the purchase rule of :mod:`crmlab.purchases` (rows missing a customer,
    date or amount are left out with a warning; only orders before ``as_of`` count; a purchase
    is an order not returned, with an amount > 0). The customer base is every customer with at
    least one purchase.

    Indicators (code — definition):

    * ``repeat_purchase_rate`` (回头率) — share of customers who bought on at least two
      different calendar days (came back at least once), in percent.
    * ``product_return_rate`` (退货率, not 回头率) — percent of all orders flagged ``returned``;
      ``product_return_amount_rate`` — percent of the order amount in returned orders.
      Need the ``returned`` column (True/False; a missing flag counts as not returned).
    * ``complaints_per_100_customers`` (抱怨率) — complaints opened before ``as_of`` per 100
      customers of the base (every complaint counts, also one from a customer outside the base);
      ``complaints_per_1000_orders`` — per 1,000 orders (all orders, returned ones too);
      ``complaining_customers_rate`` —
      percent of the base with at least one complaint.
    * ``reputation_promoter_rate`` (美誉度, proxy) — percent of survey respondents answering 9–10
      to "would you recommend"; ``reputation_nps`` — the NPS (see :func:`nps`).
    * ``asked_by_name`` (指名度) — the share of customers who ask for the firm's product by name
      when they buy. A firm measures it with one question in its own survey ("did you ask for our
      product by name?"); the simulated survey does not ask it, so here it is not computable.
    * ``sales_power_growth`` (销售力, proxy) — percent change of net sales (returned orders count
      0, refunds subtract) in the last 365 days before ``as_of`` over the 365 days before that
      (NaN with less than two years of history). The true indicator (sell-through against the market) is not computable.

    Parameters
    ----------
    orders : DataFrame
        Order log (``customer``, ``date``, ``amount``, optionally ``returned``).
    complaints : DataFrame, optional
        One row per complaint with ``complaint_date``; without it the complaint rows are NaN.
    surveys : DataFrame, optional
        Responses with the 0–10 ``recommend`` column; without it the reputation rows are NaN.
    customer, date, amount, returned, complaint_date, recommend : str
        Column names (``returned``: used when ``orders`` has the column; ``returned=None`` or
        no such column: the product-return rows are not computable).
    as_of : date, optional
        Analysis date (default: the day after the last order).

    Returns
    -------
    DataFrame
        One row per indicator: ``indicator`` (code), ``name`` and ``definition`` (display text),
        ``value`` (float, NaN when not computable from what was passed), ``unit``,
        ``computable`` (False when the inputs cannot give it).

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [10.0, 20.0, 30.0],
    ...                   "order_date": ["2024-01-01", "2024-02-01", "2024-01-05"],
    ...                   "returned": [False, True, False]})
    >>> t = indicators(o).set_index("indicator")["value"]
    >>> float(t["repeat_purchase_rate"]), round(float(t["product_return_rate"]), 2)
    (0.0, 33.33)

    Customer 1's second order went back, so it is no purchase: nobody came back.
    """
    log = read_orders(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of,
                      amount_required=True)
    as_of_ts = log.as_of
    codes, days, buyer_ids = log.buyers()
    n_customers = len(buyer_ids)
    n_orders = len(log.codes)
    span = int(days.max() - days.min()) + 1
    n_days = np.bincount(np.unique(codes * span + (days - days.min())) // span, minlength=n_customers)
    rows = [
        _row(
            "repeat_purchase_rate",
            # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
            N_("Repeat-purchase rate (回头率)"),
            (n_days >= 2).mean() * 100.0,
            N_("% of customers"),
            N_("Share of customers who bought on at least two different days."),
        )
    ]

    # Product returns (退货), a different thing from 回头率.
    if log.returned is not None:
        is_returned = log.returned
        raw = numeric_column(orders, "orders", amount).to_numpy()[log.rows]
        rate = is_returned.mean() * 100.0
        total = raw.sum()
        amount_rate = raw[is_returned].sum() / total * 100.0 if total != 0 else np.nan
        ok = True
    else:
        rate = amount_rate = np.nan
        ok = False
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    rows.append(_row("product_return_rate", N_("Product-return rate (退货率)"), rate, N_("% of orders"),
                     N_("Share of orders whose goods were sent back (not the repeat-purchase rate)."), ok))
    rows.append(_row("product_return_amount_rate", N_("Returned amount"), amount_rate, N_("% of amount"),
                     N_("Share of the order amount in returned orders."), ok))

    # Complaints (抱怨率).
    if complaints is not None:
        check_frame(complaints, "complaints", allow_empty=True)
        check_name("complaint_date", complaint_date)
        require_columns(complaints, "complaints", {complaint_date: N_("the day each complaint was made"),
                                                   customer: N_("who complained")})
        check_ids(complaints[customer], "complaints", customer)
        opened = date_column(complaints, "complaints", complaint_date)
        in_window = (opened < as_of_ts).to_numpy()
        who = complaints[customer].to_numpy()[in_window]
        n_complaints = int(in_window.sum())
        per_customer = n_complaints / n_customers * 100.0
        per_order = n_complaints / n_orders * 1000.0
        complaining = buyer_ids.isin(pd.Series(who).dropna()).mean() * 100.0
        ok = True
    else:
        per_customer = per_order = complaining = np.nan
        ok = False
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    rows.append(_row("complaints_per_100_customers", N_("Complaint rate (抱怨率)"), per_customer,
                     N_("complaints per 100 customers"), N_("Complaints opened before the analysis date per 100 customers with a purchase."), ok))
    rows.append(_row("complaints_per_1000_orders", N_("Complaints per 1,000 orders"), per_order,
                     N_("complaints per 1,000 orders"), N_("Complaints opened before the analysis date per 1,000 orders."), ok))
    rows.append(_row("complaining_customers_rate", N_("Customers who complained"), complaining,
                     N_("% of customers"), N_("Share of customers with a purchase who complained at least once."), ok))

    # Reputation (美誉度) proxies from the recommend question.
    if surveys is not None:
        check_frame(surveys, "surveys", allow_empty=True)
        rec = rating(surveys, "surveys", check_name("recommend", recommend), 0, 10).dropna()
        promoters = (rec >= 9).mean() * 100.0 if len(rec) else np.nan
        nps_value = promoters - (rec <= 6).mean() * 100.0 if len(rec) else np.nan
        ok = True
    else:
        promoters = nps_value = np.nan
        ok = False
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    rows.append(_row("reputation_promoter_rate", N_("Reputation (美誉度), proxy: promoters"), promoters,
                     N_("% of respondents"), N_("Share of respondents answering 9 or 10 to 'would you recommend us?'."), ok))
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    rows.append(_row("reputation_nps", N_("Reputation (美誉度), proxy: NPS"), nps_value, N_("points (−100…100)"),
                     N_("Percent promoters (9–10) minus percent detractors (0–6)."), ok))
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    rows.append(_row("asked_by_name", N_("Asking for the product by name (指名度)"), None, "—",
                     N_("Not computable here: our survey does not ask whether customers asked for the product by name."), False))

    # Sales power (销售力) proxy: growth of order amount.
    age = log.as_of_day - log.day
    last = log.amount[age <= 365].sum()
    prev = log.amount[(age > 365) & (age <= 730)].sum()
    has_two_years = bool(age.max() > 365)
    growth = (last / prev - 1.0) * 100.0 if has_two_years and prev > 0 else np.nan
    # Translators: the Chinese in parentheses is the course's term for the English before it: use it instead.
    rows.append(_row("sales_power_growth", N_("Sales power (销售力), proxy: sales growth"), growth,
                     N_("% change over the previous 365 days"),
                     N_("Order amount in the last 365 days against the 365 days before; the market-based indicator is not computable."),
                     bool(has_two_years and prev > 0)))
    return pd.DataFrame(rows)
