"""Predicting churn (流失预测) honestly: features from what was known before a cutoff date,
labels from what happened after it, evaluation on customers the model never saw."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .._checks import check_choice, check_date, check_days, check_float, check_int
from .._frames import check_ids, check_frame, date_column
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _
from ..purchases import RETURNED, OrderLog, read_orders
from ._history import check_column_name, day_numbers
from ._tables import complaint_table, dataset_table, latest_surveys

__all__ = ["churn_dataset", "churn_model", "ChurnModel", "CHURN_FEATURES", "MODELS", "LABELS"]

MODELS = ("logistic", "gradient_boosting")
LABELS = ("inactive", "truth")

#: Features of :func:`churn_dataset` (all measured strictly before the cutoff; days are calendar
#: days before the cutoff). The descriptions are English, marked for translation: show one in the
#: current language with ``crmlab.i18n._(text)``.
CHURN_FEATURES = {
    "recency_days": N_("days since the last purchase"),
    "tenure_days": N_("days since the first purchase"),
    "purchase_days": N_("days with at least one purchase"),
    "orders_90d": N_("purchases in the last 90 days"),
    "orders_365d": N_("purchases in the last 365 days"),
    "trend_180d": N_("purchases in the last 180 days minus purchases in the 180 days before"),
    "mean_gap": N_("mean days between purchase days (missing with one purchase day)"),
    "recency_ratio": N_("recency / mean gap: how far behind the own rhythm (missing with one purchase day)"),
    "mean_amount": N_("mean amount of a purchase"),
    "spend_365d": N_("net amount spent in the last 365 days (returns count 0, refunds subtract)"),
    "return_rate": N_("share of orders returned, of all orders (if the orders have `returned`)"),
    "discount_share": N_("share of orders bought on discount, of all orders (if the orders have `discount`)"),
    "complaints": N_("complaints opened"),
    "bad_complaints": N_("badly handled complaints (rejected, unresolved or rated <= 4)"),
    "bad_complaints_180d": N_("badly handled complaints opened in the last 180 days"),
    "surveyed": N_("answered a survey (1/0)"),
    "satisfaction_overall": N_("latest survey: overall satisfaction (missing if never surveyed)"),
    "recommend": N_("latest survey: likelihood to recommend"),
    "repurchase_intention": N_("latest survey: intention to buy again"),
    "price_sensitivity": N_("latest survey: price sensitivity"),
    "competitor_attitude": N_("latest survey: openness to competitors"),
    "campaign_responses": N_("campaign purchases made before the cutoff"),
    "acquisition_<channel>": N_("1 if acquired through <channel> (one column per channel)"),
}
_SURVEY_ITEMS = ("satisfaction_overall", "recommend", "repurchase_intention", "price_sensitivity", "competitor_attitude")


def churn_dataset(
    data: object,
    *,
    cutoff: object = None,
    horizon: int = 180,
    label: str = "inactive",
    active_days: int | None = 180,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    returned: str | None = RETURNED,
) -> pd.DataFrame:
    """A churn-prediction table: features known before ``cutoff``, the label after it.

    **Who is in it**: customers with a purchase before ``cutoff``, and — with ``active_days``
    (default 180) — only those who bought in the ``active_days`` days before it: the
    customers the firm still counts as active, whose churn it wants to foresee. Use
    ``active_days=None`` to keep everyone (the task then gets easy: long-gone customers stay gone).

    **Label** ``churned``:

    * ``label="inactive"`` (default, observable): no purchase in the ``horizon`` days from the
      cutoff, [cutoff, cutoff + horizon).

    A purchase follows the one rule of :mod:`crmlab.purchases`: an order that was not returned,
    with an amount > 0.
    * ``label="truth"`` (simulated data only): ``truth_customers`` says the customer churned
      before cutoff + horizon.

    **Features**: see :data:`CHURN_FEATURES` — purchase history, complaints, latest survey
    answers, campaign responses and acquisition channel, each from rows dated before the
    cutoff only. The membership tier is *not* used: it is measured at the end of the data
    (after the cutoff) and would leak the future. Features whose table is missing from
    ``data`` are left out; survey items are missing for customers never surveyed.

    Parameters
    ----------
    data : Dataset or dict of DataFrames
        Needs ``orders``; uses ``complaints``, ``surveys``, ``campaigns``, ``customers`` when
        present; ``truth_customers`` for ``label="truth"``.
    cutoff : date-like, optional
        Default: the day after the last order minus ``horizon`` days. cutoff + horizon must not
        pass the day after the last order (the outcome must be fully observed).
    horizon : int
        Days after the cutoff in which the outcome is observed (≥ 1).
    label : {"inactive", "truth"}
    active_days : int or None
    customer, date, amount : str
        Column names of ``orders`` (``customer`` also in the other tables).
    returned : str or None, default "returned"
        Column of returned flags, used when the orders have it (``None``: ignored).

    Returns
    -------
    DataFrame
        Index: customer id (named ``customer``), sorted; feature columns (floats); last column
        ``churned`` (bool).

    Examples
    --------
    >>> import crmlab
    >>> ds = churn_dataset(crmlab.load_all())                       # doctest: +SKIP
    >>> ds["churned"].mean()                                              # doctest: +SKIP
    """
    check_days("horizon", horizon)
    check_choice("label", label, LABELS)
    if active_days is not None:
        check_days("active_days", active_days)
    for name, value in (("customer", customer), ("date", date), ("amount", amount)):
        check_column_name(name, value)
    orders = dataset_table(data, "orders")
    log = read_orders(orders, param="data['orders']", customer=customer, date=date, amount=amount,
                      returned=returned, amount_required=True)
    end = log.as_of
    cut = end - pd.Timedelta(days=horizon) if cutoff is None else pd.Timestamp(check_date("cutoff", cutoff))
    if cut + pd.Timedelta(days=horizon) > end:
        raise ParameterError(
            _(
                "`cutoff` + `horizon` ({outcome_end}) must not pass the end of the orders ({end}, the day after "
                "the last order): the outcome would not be fully observed. Choose an earlier `cutoff` or a "
                "shorter `horizon`."
            ).format(outcome_end=(cut + pd.Timedelta(days=horizon)).date(), end=end.date())
        )
    cut_day = int(day_numbers(np.array([cut.to_datetime64()]))[0])
    buy = log.purchase
    before_all = log.day < cut_day
    before = before_all & buy
    if not before.any():
        raise ParameterError(
            _("`data['orders']` has no purchase before the cutoff {cutoff}.").format(cutoff=cut.date())
        )
    present = np.bincount(log.codes[before], minlength=log.n) > 0
    remap = np.cumsum(present, dtype=np.int64) - 1
    ids = log.ids[present]
    n = len(ids)
    codes = remap[log.codes[before]]
    d = log.day[before]
    amt = log.amount[before]
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, codes, d)
    np.maximum.at(last, codes, d)
    pairs = np.unique(codes * (int(d.max() - d.min()) + 1) + (d - d.min()))
    n_days = np.bincount(pairs // (int(d.max() - d.min()) + 1), minlength=n)
    every = before_all & present[log.codes]  # every order (returned ones too) of these customers
    every_codes = remap[log.codes[every]]
    every_age = cut_day - log.day[every]
    spend_365 = np.bincount(every_codes[every_age <= 365], weights=log.amount[every][every_age <= 365], minlength=n)

    def count(mask, weights=None):
        return np.bincount(codes[mask], weights=None if weights is None else weights[mask], minlength=n).astype(float)

    age = cut_day - d
    recency = (cut_day - last).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_gap = np.where(n_days > 1, (last - first) / np.maximum(n_days - 1, 1), np.nan)
        feats = {
            "recency_days": recency,
            "tenure_days": (cut_day - first).astype(float),
            "purchase_days": n_days.astype(float),
            "orders_90d": count(age <= 90),
            "orders_365d": count(age <= 365),
            "trend_180d": count(age <= 180) - count((age > 180) & (age <= 360)),
            "mean_gap": mean_gap,
            "recency_ratio": recency / mean_gap,
            "mean_amount": count(np.ones(len(d), bool), amt) / np.bincount(codes, minlength=n),
            "spend_365d": spend_365 + 0.0,
        }
    index = pd.Index(ids, name=customer)
    feats.update(_order_extras(orders, log, every, every_codes, n))

    complaints = dataset_table(data, "complaints", required=False)
    if complaints is not None:
        table = complaint_table(complaints, customer=customer, as_of_day=cut_day, param="data['complaints']")
        pos = index.get_indexer(table["customer"].to_numpy())
        known = pos >= 0
        pos, bad, cday = pos[known], table["bad"].to_numpy()[known], table["day"].to_numpy()[known]
        feats["complaints"] = np.bincount(pos, minlength=n).astype(float)
        feats["bad_complaints"] = np.bincount(pos[bad], minlength=n).astype(float)
        feats["bad_complaints_180d"] = np.bincount(pos[bad & (cday >= cut_day - 180)], minlength=n).astype(float)

    surveys = dataset_table(data, "surveys", required=False)
    if surveys is not None:
        answers = latest_surveys(surveys, customer=customer, as_of_day=cut_day, columns=_SURVEY_ITEMS,
                                 param="data['surveys']")
        feats["surveyed"] = index.isin(answers.index).astype(float)
        for item in answers.columns:
            feats[item] = answers[item].reindex(index).to_numpy(dtype=float)

    campaigns = dataset_table(data, "campaigns", required=False)
    if campaigns is not None and {"response_date", customer} <= set(campaigns.columns):
        resp = date_column(campaigns, "data['campaigns']", "response_date")
        check_ids(campaigns[customer], "data['campaigns']", customer)
        ok = resp.notna().to_numpy()
        rday = day_numbers(resp.to_numpy()[ok])
        who = campaigns[customer].to_numpy()[ok][rday < cut_day]
        pos = index.get_indexer(who)
        feats["campaign_responses"] = np.bincount(pos[pos >= 0], minlength=n).astype(float)

    people = dataset_table(data, "customers", required=False)
    if people is not None and {"acquisition_channel", customer} <= set(people.columns):
        check_ids(people[customer], "data['customers']", customer)
        channel = people.drop_duplicates(customer).set_index(customer)["acquisition_channel"]
        values = channel.reindex(index)
        levels = (
            list(values.cat.categories)
            if isinstance(values.dtype, pd.CategoricalDtype)
            else sorted(str(v) for v in pd.unique(values.dropna()))
        )
        for level in levels:
            feats[f"acquisition_{level}"] = (values.astype("object") == level).to_numpy(dtype=float)

    out = pd.DataFrame(feats, index=index)

    if label == "inactive":
        after = (log.day >= cut_day) & (log.day < cut_day + horizon) & buy
        came_back = np.zeros(n, dtype=bool)
        came_back[remap[log.codes[after & present[log.codes]]]] = True
        churned = ~came_back
    else:
        truth = dataset_table(data, "truth_customers")
        if not {customer, "churned", "churn_date"} <= set(truth.columns):
            raise ColumnError(
                _("`data['truth_customers']` needs columns {columns} for `label='truth'`.").format(
                    columns=[customer, "churned", "churn_date"]
                )
            )
        check_ids(truth[customer], "data['truth_customers']", customer)
        cdate = date_column(truth, "data['truth_customers']", "churn_date")
        gone = truth["churned"].astype(bool).to_numpy() & (cdate < cut + pd.Timedelta(days=horizon)).to_numpy()
        churned = pd.Series(gone, index=truth[customer].to_numpy()).groupby(level=0).any().reindex(index, fill_value=False).to_numpy()
    out["churned"] = np.asarray(churned, dtype=bool)
    if active_days is not None:
        out = out[out["recency_days"] <= active_days]
        if len(out) == 0:
            raise ParameterError(
                _(
                    "No customer bought in the {days} days before the cutoff {cutoff}; increase "
                    "`active_days` or pass None."
                ).format(days=active_days, cutoff=cut.date())
            )
    return out


def _order_extras(orders: pd.DataFrame, log: OrderLog, every: np.ndarray, codes: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """Return rate and discount share over every order before the cutoff (returned ones too), from
    the log's returned flags and an optional ``discount`` column."""
    out: dict[str, np.ndarray] = {}
    total = np.bincount(codes, minlength=n).astype(float)
    if log.returned is not None:
        out["return_rate"] = np.bincount(codes, weights=log.returned[every].astype(float), minlength=n) / total
    if "discount" in orders.columns and log.rows is not None:
        disc = pd.to_numeric(orders["discount"], errors="coerce").fillna(0).to_numpy()[log.rows][every] > 0
        out["discount_share"] = np.bincount(codes, weights=disc.astype(float), minlength=n) / total
    return out


@dataclasses.dataclass
class ChurnModel:
    """A fitted churn model and how well it did on held-out customers.

    Attributes
    ----------
    pipeline : sklearn Pipeline
        Imputer (median) → scaler → classifier, fitted on the training customers;
        ``pipeline.predict_proba(features)[:, 1]`` is the churn probability.
    evaluation : DataFrame
        ``metric``, ``value`` on the held-out customers (see :func:`churn_model`).
    importance : DataFrame
        ``feature``, ``importance`` (and ``odds_ratio`` for the logistic model), largest first.
    test : DataFrame
        Held-out customers (features' index): ``churned`` (true label), ``probability``,
        ``predicted``.
    """

    pipeline: object
    evaluation: pd.DataFrame
    importance: pd.DataFrame
    test: pd.DataFrame

    def metric(self, name: str) -> float:
        """One evaluation figure, e.g. ``result.metric("roc_auc")``."""
        check_choice("name", name, list(self.evaluation["metric"]))
        return float(self.evaluation.set_index("metric").loc[name, "value"])


def _feature_matrix(features: object) -> pd.DataFrame:
    features = check_frame(features, "features")
    if features.shape[1] == 0:
        raise ParameterError(_("`features` has no columns."))
    if features.index.has_duplicates:
        raise ParameterError(
            _(
                "`features` must have one row per customer (its index has duplicates), so that the "
                "train/test split keeps each customer on one side."
            )
        )
    cols = {}
    for col in features.columns:
        values = features[col]
        if pd.api.types.is_bool_dtype(values):
            cols[col] = values.astype("float64")
        elif pd.api.types.is_numeric_dtype(values):
            cols[col] = values.astype("float64")
        else:
            raise ColumnError(
                _(
                    "Column {column!r} of `features` must hold numbers (one-hot encode categories first), "
                    "but it has dtype {dtype}."
                ).format(column=col, dtype=values.dtype)
            )
    matrix = pd.DataFrame(cols, index=features.index)
    if np.isinf(matrix.to_numpy()).any():
        raise ColumnError(_("`features` holds infinite values; replace them (e.g. with NaN) first."))
    return matrix


def _label_vector(labels: object, index: pd.Index) -> np.ndarray:
    if isinstance(labels, pd.DataFrame):
        raise ParameterTypeError(_("`labels` must be one column (a Series or array), not a DataFrame."))
    if isinstance(labels, pd.Series):
        if len(labels) == len(index) and not labels.index.equals(index) and not isinstance(labels.index, pd.RangeIndex):
            raise ParameterError(
                _("`labels` must have the same index as `features` (one label per customer).")
            )
        values = labels.to_numpy()
    else:
        try:
            values = np.asarray(labels)
        except Exception:  # noqa: BLE001
            raise ParameterTypeError(
                _("`labels` must be array-like, but {type} was passed.").format(type=type(labels).__name__)
            ) from None
    if values.ndim != 1 or len(values) != len(index):
        raise ParameterError(
            _("`labels` must have one value per row of `features` ({n:,}), but has shape {shape}.").format(
                n=len(index), shape=values.shape
            )
        )
    if values.dtype == bool:
        return values
    try:
        num = pd.to_numeric(pd.Series(values), errors="raise").to_numpy(dtype=float)
    except (ValueError, TypeError):
        raise ParameterError(_("`labels` must be True/False or 1/0 for every customer.")) from None
    if np.isnan(num).any() or not np.isin(num, (0.0, 1.0)).all():
        raise ParameterError(_("`labels` must be True/False or 1/0 for every customer (no missing values)."))
    return num == 1.0


def churn_model(
    features: object,
    labels: object,
    *,
    model: str = "logistic",
    test_size: float = 0.3,
    threshold: float = 0.5,
    random_state: int = 0,
) -> ChurnModel:
    """Fit a churn classifier and evaluate it on held-out customers.

    The customers (rows) are split once into training and test sets, stratified by the label
    (same churn share in both) with a fixed ``random_state``; each customer is in exactly one
    set. The pipeline — median imputation of missing values → standardisation → classifier —
    is fitted on the training customers only.

    Evaluation on the test customers (``evaluation``, one row per metric):

    * ``roc_auc``: the chance that a random churner gets a higher score than a random
      non-churner (0.5 = guessing, 1 = perfect);
    * ``average_precision``: area under the precision–recall curve (compare with the base rate);
    * ``base_rate``: share of churners among the test customers;
    * ``precision`` / ``recall`` / ``accuracy`` of "churn" predicted when probability
      ``>= threshold``; ``accuracy_majority``: accuracy of always predicting the commoner class;
    * ``top_decile_lift``: churn share among the 10 % highest scores / base rate;
    * ``n_train``, ``n_test``, ``threshold``.

    Parameters
    ----------
    features : DataFrame
        One row per customer, numeric (or bool) columns; NaN allowed (imputed by the median).
        E.g. :func:`churn_dataset` without its ``churned`` column.
    labels : Series or array of bool/0-1
        Churned or not, one per row (a Series must share ``features``' index).
    model : {"logistic", "gradient_boosting"}
        Logistic regression (coefficients readable as effects) or gradient-boosted trees.
    test_size : float
        Share of customers held out (0.1–0.9).
    threshold : float
        Probability at or above which a customer is predicted to churn (0–1).
    random_state : int

    Returns
    -------
    ChurnModel
        ``pipeline``, ``evaluation``, ``importance`` and ``test`` (see :class:`ChurnModel`).
        Importance: for the logistic model the coefficient per standard deviation of the
        feature (positive = raises churn) and its odds ratio; for gradient boosting the
        impurity-based importance (sums to 1). Sorted by absolute size.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> x = pd.DataFrame({"recency_days": rng.integers(1, 365, 400)})
    >>> y = rng.random(400) < x["recency_days"] / 365
    >>> round(churn_model(x, y).metric("roc_auc"), 1) > 0.6
    True
    """
    check_choice("model", model, MODELS)
    test_size = check_float("test_size", test_size, low=0.1, high=0.9)
    threshold = check_float("threshold", threshold, low=0.0, high=1.0)
    check_int("random_state", random_state, low=0, high=2**32 - 1)
    x = _feature_matrix(features)
    y = _label_vector(labels, x.index)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    n_test = int(np.ceil(test_size * len(y)))
    if min(n_pos, n_neg) < 5 or n_test < 4 or len(y) - n_test < 4:
        raise ParameterError(
            _(
                "`labels` needs at least 5 churners and 5 non-churners and enough rows to hold out "
                "{test_size:.0%}, but has {churners:,} churners and {others:,} non-churners."
            ).format(test_size=test_size, churners=n_pos, others=n_neg)
        )

    from sklearn.base import clone
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score, roc_auc_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    positions = np.arange(len(y))
    train, test = train_test_split(positions, test_size=test_size, stratify=y, random_state=random_state)
    if model == "logistic":
        clf = LogisticRegression(max_iter=2000)
    else:
        clf = GradientBoostingClassifier(random_state=random_state)
    pipe = Pipeline(
        [
            ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
            ("scale", StandardScaler()),
            ("model", clone(clf)),
        ]
    )
    pipe.fit(x.iloc[train], y[train])
    prob = pipe.predict_proba(x.iloc[test])[:, 1]
    yt = y[test]
    pred = prob >= threshold
    base = float(yt.mean())
    top = max(1, int(np.ceil(0.1 * len(yt))))
    best = np.argsort(-prob, kind="stable")[:top]
    metrics = {
        "roc_auc": roc_auc_score(yt, prob),
        "average_precision": average_precision_score(yt, prob),
        "base_rate": base,
        "precision": float(yt[pred].mean()) if pred.any() else np.nan,
        "recall": float(pred[yt].mean()),
        "accuracy": float((pred == yt).mean()),
        "accuracy_majority": max(base, 1 - base),
        "top_decile_lift": float(yt[best].mean() / base),
        "n_train": float(len(train)),
        "n_test": float(len(test)),
        "threshold": threshold,
    }
    evaluation = pd.DataFrame({"metric": list(metrics), "value": [float(v) for v in metrics.values()]})

    fitted = pipe.named_steps["model"]
    names = [str(c) for c in x.columns]
    if model == "logistic":
        coef = fitted.coef_[0]
        importance = pd.DataFrame({"feature": names, "importance": coef, "odds_ratio": np.exp(coef)})
    else:
        importance = pd.DataFrame({"feature": names, "importance": fitted.feature_importances_})
    importance = importance.iloc[np.argsort(-np.abs(importance["importance"].to_numpy()), kind="stable")]
    test_frame = pd.DataFrame(
        {"churned": yt, "probability": prob, "predicted": pred}, index=x.index[test]
    ).sort_index()
    return ChurnModel(pipeline=pipe, evaluation=evaluation, importance=importance.reset_index(drop=True), test=test_frame)
