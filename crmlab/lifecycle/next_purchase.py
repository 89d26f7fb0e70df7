"""When will each customer buy next? The rice-shop idea (王永庆卖大米): a shopkeeper who notes
how long a family's rice lasts knows when to bring the next bag. Here each customer's own
typical gap between purchases plays the role of the rice bag."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_int
from .._frames import check_ids, check_frame, date_column, require_columns
from ..errors import ParameterError
from ..i18n import N_, _
from ..purchases import AMOUNT, RETURNED
from ._history import as_timestamps, check_column_name, check_typical, day_numbers, history

__all__ = ["next_purchase", "evaluate_next_purchase"]


def next_purchase(
    orders: object,
    *,
    min_purchases: int = 3,
    typical: str = "mean",
    as_of: object = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = AMOUNT,
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """Predict each customer's next purchase date from their own purchase rhythm.

    * **Typical gap** = the mean (``typical="mean"``, default) or median of the customer's
      gaps between consecutive purchase days, in days. Several orders on one day are one
      purchase day. Customers with fewer than ``min_purchases`` purchase days (default 3, i.e.
      at least 2 gaps) get no personal prediction (NaN/NaT): their rhythm is unknown.
    * **Expected date** = last purchase day + typical gap (rounded to whole days, halves up):
      when the next bag of rice is due.
    * **Due in (days)** = expected date − ``as_of`` (negative = that many days overdue);
      **overdue** = expected date before ``as_of``.
    * **Predicted date** = last purchase day + *k* × typical gap (rounded), with *k* ≥ 1 the
      smallest whole number that puts it on or after ``as_of``: a customer who skipped a cycle
      is expected one rhythm later, not in the past (``missed_cycles`` = *k* − 1).
    * **Baseline date**, the naive benchmark: the same rule with the *global* mean gap (mean of
      all gaps of all customers) instead of the customer's own; given for every customer, so
      the personal rhythm can be checked against it with :func:`evaluate_next_purchase`.

    Parameters
    ----------
    orders : DataFrame
        Order log, read by the purchase rule of :mod:`crmlab.purchases` (returned, zero and
        refund orders are no purchase; rows on or after ``as_of`` are ignored).
    min_purchases : int
        Purchase days needed for a personal prediction (≥ 2).
    typical : {"mean", "median"}
    as_of : date-like, optional
        Default: the day after the last order.
    customer, date : str
        Column names.
    amount, returned : str or None, default "amount" and "returned"
        Columns of the amounts and the returned flags, used when the log has them: by the
        purchase rule of :mod:`crmlab.purchases` a purchase is an order that was not returned and
        has an amount > 0. ``None`` ignores the column (``amount=None``: every order counts
        whatever its amount; ``returned=None``: returned orders count).

    Returns
    -------
    DataFrame
        One row per customer with a purchase, sorted by id: ``customer`` (the id column),
        ``last_purchase``, ``purchase_days``, ``typical_gap`` (days), ``expected_date``,
        ``due_in_days`` (float, NaN without a prediction), ``overdue`` (bool, False without
        a prediction), ``missed_cycles`` (float), ``predicted_date`` and ``baseline_date``.
        ``attrs["as_of"]`` holds the analysis date.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": [1, 1, 1],
    ...                     "order_date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-31"])})
    >>> out = next_purchase(log, as_of="2024-02-05")
    >>> float(out.loc[0, "typical_gap"]), str(out.loc[0, "expected_date"].date()), int(out.loc[0, "due_in_days"])
    (15.0, '2024-02-15', 10)
    >>> str(next_purchase(log, as_of="2024-02-20").loc[0, "predicted_date"].date())  # one cycle missed
    '2024-03-01'

    """
    check_int("min_purchases", min_purchases, low=2)
    typical = check_typical(typical)
    hist = history(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of)
    s = hist.summary()
    gaps, _owner = hist.gaps()
    if len(gaps) == 0:
        raise ParameterError(
            _(
                "`orders` has no customer with purchases on two different days, so no gap between "
                "purchases can be measured."
            )
        )
    own = s["median_gap" if typical == "median" else "mean_gap"].to_numpy()
    own = np.where(s["purchase_days"].to_numpy() >= min_purchases, own, np.nan)
    last = s["last_day"].to_numpy().astype(float)
    expected = last + np.floor(own + 0.5)
    due = expected - hist.as_of_day
    predicted, cycles = _roll_forward(last, own, hist.as_of_day)
    baseline, _cycles = _roll_forward(last, np.full(hist.n, gaps.mean()), hist.as_of_day)
    out = pd.DataFrame(
        {
            customer: hist.ids,
            "last_purchase": as_timestamps(last),
            "purchase_days": s["purchase_days"].to_numpy(),
            "typical_gap": own,
            "expected_date": as_timestamps(expected),
            "due_in_days": due,
            "overdue": np.nan_to_num(due, nan=0.0) < 0,
            "missed_cycles": cycles,
            "predicted_date": as_timestamps(predicted),
            "baseline_date": as_timestamps(baseline),
        }
    )
    out.attrs["as_of"] = hist.as_of  # the analysis date the predictions are made on
    return out


def _roll_forward(last: np.ndarray, gap: np.ndarray, as_of_day: int) -> tuple[np.ndarray, np.ndarray]:
    """Day of last + k × gap (rounded, halves up) with the smallest k ≥ 1 landing on/after as_of."""
    with np.errstate(invalid="ignore", divide="ignore"):
        k = np.maximum(np.ceil((as_of_day - last) / gap), 1.0)
        k = np.where(gap > 0, k, 1.0)  # a zero gap cannot happen (purchase days differ); be safe
        day = last + np.floor(k * gap + 0.5)
        # Rounding can leave the day just before as_of only if k·gap < as_of − last, which the
        # ceiling rules out; keep the guarantee explicit anyway.
        day = np.where(day < as_of_day, day + np.ceil(gap), day)
    return day, k - 1


def evaluate_next_purchase(
    predictions: object,
    truth: object,
    *,
    customer: str = "customer_id",
    predicted: str = "predicted_date",
    baseline: str = "baseline_date",
    actual: str = "next_purchase_date",
) -> pd.DataFrame:
    """Mean absolute error (days) of the predicted next purchase dates, against a baseline.

    Customers are scored when they have a prediction (``predicted`` not missing) and a true
    next purchase date (``actual`` not missing — in ``truth_customers`` it is missing for
    customers who churned or did not buy within a year). **Error** = |predicted − actual| in
    calendar days. The baseline column is scored on the *same* customers.

    Parameters
    ----------
    predictions : DataFrame
        Result of :func:`next_purchase` (columns ``customer``, ``predicted``, ``baseline``).
    truth : DataFrame
        Columns ``customer`` and ``actual``, e.g. ``truth_customers``.
    customer, predicted, baseline, actual : str
        Column names.

    Returns
    -------
    DataFrame
        Two rows, ``method`` = ``"personal_rhythm"`` and ``"global_mean_gap"``, with
        ``customers`` (scored), ``mae_days``, ``median_abs_error_days`` and
        ``within_7_days`` (share of errors ≤ 7 days).

    Examples
    --------
    >>> import pandas as pd
    >>> pred = pd.DataFrame({"customer_id": [1, 2],
    ...                      "predicted_date": pd.to_datetime(["2024-02-10", "2024-03-01"]),
    ...                      "baseline_date": pd.to_datetime(["2024-02-20", "2024-03-21"])})
    >>> tru = pd.DataFrame({"customer_id": [1, 2],
    ...                     "next_purchase_date": pd.to_datetime(["2024-02-12", "2024-03-05"])})
    >>> evaluate_next_purchase(pred, tru)["mae_days"].tolist()
    [3.0, 12.0]
    """
    predictions = check_frame(predictions, "predictions")
    truth = check_frame(truth, "truth")
    for name, value in (("customer", customer), ("predicted", predicted), ("baseline", baseline), ("actual", actual)):
        check_column_name(name, value)
    require_columns(
        predictions, "predictions",
        {customer: N_("customer ids"), predicted: N_("predicted dates"), baseline: N_("baseline dates")},
    )
    require_columns(truth, "truth", {customer: N_("customer ids"), actual: N_("actual next purchase dates")})
    check_ids(predictions[customer], "predictions", customer)
    check_ids(truth[customer], "truth", customer)
    if truth[customer].duplicated().any():
        raise ParameterError(
            _("`{name}` must have one row per customer, but column {column!r} has duplicates.").format(
                name="truth", column=customer
            )
        )
    pred = pd.DataFrame(
        {
            "customer": predictions[customer].to_numpy(),
            "pred": date_column(predictions, "predictions", predicted).to_numpy(),
            "base": date_column(predictions, "predictions", baseline).to_numpy(),
        }
    )
    act = pd.DataFrame({"customer": truth[customer].to_numpy(), "actual": date_column(truth, "truth", actual).to_numpy()})
    both = pred.merge(act, on="customer", how="inner").dropna()
    if len(both) == 0:
        raise ParameterError(
            _("No customer has both a prediction and a true next purchase date: nothing to score.")
        )
    real = day_numbers(both["actual"].to_numpy())
    rows = []
    for method, col in (("personal_rhythm", "pred"), ("global_mean_gap", "base")):
        err = np.abs(day_numbers(both[col].to_numpy()) - real).astype(float)
        rows.append(
            {
                "method": method,
                "customers": len(err),
                "mae_days": float(err.mean()),
                "median_abs_error_days": float(np.median(err)),
                "within_7_days": float((err <= 7).mean()),
            }
        )
    return pd.DataFrame(rows)
