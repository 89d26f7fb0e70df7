"""Lesson 08, the capstone: recommendations per segment, the A–E churn case and the rice shop.

Three pieces of the capstone live here, each a pure function built on the analytics packages:

* :func:`customer_review` — one row per customer joining value tier (:func:`crmlab.value.abc`),
  RFM segment (:func:`crmlab.value.rfm_segments`), lifecycle stage
  (:func:`crmlab.lifecycle.lifecycle_stage`), churn signals
  (:func:`crmlab.lifecycle.churn_signals`) and the latest survey satisfaction;
  :func:`recommend_actions` turns each row into an action (retain / develop / win back …) with
  its reason in plain words, and :func:`recommendation_table` sums them up per group.
  (The rule is a *policy* and would sit naturally beside :func:`crmlab.value.service_policy`;
  it lives here because the lesson may not change the analytics packages.)
* :func:`churn_cases` — the A–E churn case: one real customer or business account per cause,
  with what the data can and cannot show.
* :func:`next_purchase_update` / :func:`next_purchase_explorer` — the rice shop (王永庆卖大米):
  who is due to buy within N days, and how accurate the personal rhythm is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_days, check_int
from ..errors import ParameterError
from ..i18n import N_, _, label, ngettext
from ._base import Explorer, Picture

LESSON = "08"

__all__ = [
    "next_purchase_explorer",
    "next_purchase_update",
    "purchase_history",
    "plot_next_purchase_errors",
    "customer_review",
    "recommend_actions",
    "recommendation_table",
    "plot_recommendations",
    "churn_cases",
    "ACTIONS",
    "CHURN_RISKS",
    "SATISFACTION_BANDS",
]

#: Action codes, most urgent first. Display text: ``crmlab.i18n.label(code, "action")``.
ACTIONS = ("win_back", "retain", "keep_close", "develop", "minimal_service")
#: Churn-risk levels of :func:`customer_review`, highest first.
CHURN_RISKS = ("gone", "high", "watch", "low")
#: Satisfaction bands of :func:`customer_review` (latest survey, 1–10 scale).
SATISFACTION_BANDS = ("low", "medium", "high", "unknown")

_TOP_TIERS = ("vip", "major")
_NURTURE = ("new_customers", "promising", "potential_loyalists")
_HIGH_RISK_SIGNALS = ("badly_handled_complaint", "frequency_decline")

#: The reason given with each action (translated when shown).
_REASONS = {
    "win_back_valuable": N_("Worth a lot but stopped buying: call in person, ask why, make a targeted offer."),
    "let_go": N_("Small and already gone: one low-cost automatic reminder at most."),
    "retain_valuable": N_(
        "Worth keeping and showing signs of leaving (a bad complaint, fewer orders or low "
        "satisfaction): fix the problem now, with personal contact."
    ),
    "small_at_risk": N_("Small value with a problem: handle any complaint by the standard process, no special effort."),
    "keep_close_delighted": N_(
        "Top customers and delighted: recognise them (priority service, membership benefits) and keep them close."
    ),
    "keep_close_trap": N_(
        "Top customers, not (known to be) delighted: merely satisfied customers are not yet "
        "loyal (the satisfaction trap) — ask what would delight them."
    ),
    "develop_ordinary": N_("Buying steadily with room to grow: cross-sell and up-sell to move them up a tier."),
    "develop_new": N_("Small but new or promising: welcome and nurture them — some small customers become big."),
    "minimal_service": N_("Small, steady, low value: efficient standard service and self-service channels."),
}

#: The cause of each case of the A–E churn story (translated when shown).
_CAUSES = {
    "A": N_("quality / repairs"),
    "B": N_("re-organisation"),
    "C": N_("salesman left"),
    "D": N_("payment-terms dispute"),
    "E": N_("unmet product request"),
}


# --------------------------------------------------------------------------------------------
# Recommendations per segment
# --------------------------------------------------------------------------------------------


def customer_review(data: object, needs: pd.Series | None = None) -> pd.DataFrame:
    """One row per buying customer: value, RFM segment, lifecycle, churn risk and satisfaction.

    Columns: ``customer_id``, ``value`` (spend, :func:`crmlab.value.abc`), ``tier`` (vip /
    major / ordinary / small), ``segment`` (RFM segment code), ``stage`` (from
    :func:`crmlab.lifecycle.lifecycle_stage`, complaints included), ``main_signal`` (from
    :func:`crmlab.lifecycle.churn_signals`), ``satisfaction_score`` (latest survey's overall
    satisfaction, NaN if never surveyed), and the two derived columns:

    * ``churn_risk``: **gone** if the stage is *lapsed* (no purchase for 180 days, or three
      typical gaps); **high** if the stage is *recovery* or the main signal is a badly handled
      complaint or a frequency decline; **watch** for any other signal; **low** otherwise.
    * ``satisfaction``: **low** (≤ 6), **medium** (7–8), **high** (9–10) or **unknown**.

    ``needs`` (optional): a needs-based segment name per customer id (e.g. named k-means
    clusters), added as column ``needs``.
    """
    from .. import lifecycle, value

    orders = data["orders"]
    tiers = value.abc(orders)
    segments = value.rfm_segments(value.rfm_scores(value.rfm(orders)))
    stages = lifecycle.lifecycle_stage(orders, complaints=data["complaints"]).set_index("customer_id")
    signals = lifecycle.churn_signals(data).set_index("customer_id")
    ids = tiers.index.sort_values()
    out = pd.DataFrame(
        {
            "customer_id": ids.to_numpy(),
            "value": tiers["value"].reindex(ids).to_numpy(),
            "tier": tiers["tier"].reindex(ids).to_numpy(),
            "segment": segments["segment"].reindex(ids).to_numpy(),
            "stage": stages["stage"].reindex(ids).to_numpy(),
            "main_signal": signals["main_signal"].reindex(ids).to_numpy(),
            "satisfaction_score": signals["satisfaction_overall"].reindex(ids).to_numpy(dtype=float),
        }
    )
    for col, frame in (("tier", tiers), ("segment", segments), ("stage", stages), ("main_signal", signals)):
        out[col] = pd.Categorical(out[col], categories=frame[col].cat.categories)
    stage = out["stage"].astype("object").to_numpy()
    signal = out["main_signal"].astype("object").to_numpy()
    risk = np.where(
        stage == "lapsed",
        "gone",
        np.where(
            (stage == "recovery") | np.isin(signal, _HIGH_RISK_SIGNALS),
            "high",
            np.where(signal != "no_signal", "watch", "low"),
        ),
    )
    out["churn_risk"] = pd.Categorical(risk, categories=list(CHURN_RISKS))
    score = out["satisfaction_score"].to_numpy()
    band = np.select([score <= 6, score <= 8, score <= 10], ["low", "medium", "high"], default="unknown")
    out["satisfaction"] = pd.Categorical(band, categories=list(SATISFACTION_BANDS))
    if needs is not None:
        out["needs"] = pd.Series(needs).reindex(ids).to_numpy()
    return out


def recommend_actions(review: pd.DataFrame) -> pd.DataFrame:
    """A recommended action and its reason for every customer (first matching rule wins).

    ==== ====================================================== ===================
    rule when                                                   action
    ==== ====================================================== ===================
    1    churn risk *gone*, tier vip / major / ordinary          ``win_back``
    2    churn risk *gone*, tier small                           ``minimal_service``
    3    risk *high* or satisfaction *low*, tier not small       ``retain``
    4    risk *high* or satisfaction *low*, tier small           ``minimal_service``
    5    tier vip / major                                        ``keep_close``
    6    tier ordinary                                           ``develop``
    7    tier small, RFM new / promising / potential loyalist    ``develop``
    8    everyone else (small, steady)                           ``minimal_service``
    ==== ====================================================== ===================

    Parameters
    ----------
    review : DataFrame
        Columns ``tier``, ``segment``, ``churn_risk`` and ``satisfaction`` with the codes of
        :func:`customer_review`.

    Returns
    -------
    DataFrame
        ``review`` (a copy) with ``action`` (categorical of :data:`ACTIONS`), ``rule`` (1–8)
        and ``reason`` (plain words, translated).

    Examples
    --------
    >>> r = pd.DataFrame({"tier": ["vip", "small", "ordinary"], "segment": ["lost", "promising", "loyal"],
    ...                   "churn_risk": ["gone", "low", "low"], "satisfaction": ["unknown", "high", "medium"]})
    >>> recommend_actions(r)["action"].tolist()
    ['win_back', 'develop', 'develop']
    """
    from .._frames import check_frame, require_columns

    review = check_frame(review, "review")
    require_columns(
        review, "review",
        {"tier": N_("value tier"), "segment": N_("RFM segment"), "churn_risk": N_("churn risk"),
         "satisfaction": N_("satisfaction band")},
    )
    tier = review["tier"].astype("object").to_numpy()
    seg = review["segment"].astype("object").to_numpy()
    risk = review["churn_risk"].astype("object").to_numpy()
    sat = review["satisfaction"].astype("object").to_numpy()
    small = tier == "small"
    top = np.isin(tier, _TOP_TIERS)
    trouble = (risk == "high") | (sat == "low")
    conditions = [
        (risk == "gone") & ~small,
        (risk == "gone") & small,
        trouble & ~small,
        trouble & small,
        top,
        tier == "ordinary",
        small & np.isin(seg, _NURTURE),
    ]
    rule = np.select(conditions, range(1, 8), default=8)
    actions = np.array(["", "win_back", "minimal_service", "retain", "minimal_service", "keep_close",
                        "develop", "develop", "minimal_service"], dtype=object)
    reasons = np.array(["", "win_back_valuable", "let_go", "retain_valuable", "small_at_risk", "keep_close_trap",
                        "develop_ordinary", "develop_new", "minimal_service"], dtype=object)
    reason_key = reasons[rule]
    reason_key = np.where((rule == 5) & (sat == "high"), "keep_close_delighted", reason_key)
    out = review.copy()
    out["action"] = pd.Categorical(actions[rule], categories=list(ACTIONS))
    out["rule"] = rule
    out["reason"] = pd.array([_(_REASONS[k]) for k in reason_key], dtype="str")
    return out


def recommendation_table(actions: pd.DataFrame, by=("tier", "churn_risk", "satisfaction"), truth=None,
                         min_customers: int = 1) -> pd.DataFrame:
    """Customers, revenue share and the action of each group of :func:`recommend_actions`.

    Groups are the combinations of ``by`` plus ``action``; ``reason`` is the group's reason
    (empty when it varies inside the group, i.e. ``by`` leaves out a column the rule uses); at
    least ``min_customers`` customers, sorted by revenue. With ``truth`` (``truth_customers``)
    two checking columns are added: ``truly_churned`` (share of the group that really churned)
    and ``future_value`` (their actual spend in the next 12 months) — checks, not inputs.
    """
    by = list(by) if not isinstance(by, str) else [by]
    frame = actions.copy()
    if truth is not None:
        t = truth.set_index("customer_id")
        frame["_churned"] = t["churned"].reindex(frame["customer_id"]).to_numpy(dtype=float)
        frame["_future"] = t["future_value_12m"].reindex(frame["customer_id"]).to_numpy(dtype=float)
    keys = [*by, *[k for k in ("action",) if k not in by]]
    agg = {"customers": ("customer_id", "size"), "revenue": ("value", "sum"),
           "reason": ("reason", lambda r: r.iloc[0] if r.nunique() == 1 else "")}
    if truth is not None:
        agg |= {"truly_churned": ("_churned", "mean"), "future_value": ("_future", "sum")}
    table = frame.groupby(keys, observed=True, sort=False).agg(**agg).reset_index()
    table.insert(len(keys) + 2, "revenue_share", table["revenue"] / frame["value"].sum())
    table = table[[c for c in table.columns if c != "reason"] + ["reason"]]
    table = table[table["customers"] >= min_customers]
    return table.sort_values("revenue", ascending=False, kind="stable").reset_index(drop=True)


def plot_recommendations(actions: pd.DataFrame, ax=None):
    """Share of customers and share of revenue behind each recommended action (bars)."""
    from ..plots._base import finish, get_axes

    ax = get_axes(ax)
    counts = actions.groupby("action", observed=False)["value"].agg(["size", "sum"]).reindex(list(ACTIONS))
    cust = counts["size"] / counts["size"].sum()
    rev = counts["sum"] / counts["sum"].sum()
    y = np.arange(len(ACTIONS))[::-1]
    ax.barh(y + 0.2, cust.to_numpy(), height=0.4, color="C0", label=_("Share of customers"))
    ax.barh(y - 0.2, rev.to_numpy(), height=0.4, color="C1", label=_("Share of revenue"))
    ax.set_yticks(y, [label(a, "action") for a in ACTIONS])
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.legend(loc="lower right", fontsize=8)
    return finish(ax, _("Recommended action: customers and revenue"), _("Share"), None)


# --------------------------------------------------------------------------------------------
# The A–E churn case
# --------------------------------------------------------------------------------------------


def churn_cases(signals: pd.DataFrame, value: pd.Series, account_signals: pd.DataFrame,
                collection: pd.DataFrame) -> pd.DataFrame:
    """Pick one real case per cause of the courseware's A–E churn story, and say what shows.

    * **A — quality / repairs**: the most valuable customer whose main signal is
      ``quality_problem`` (a product-quality or after-sales complaint, or many returns).
    * **B — the customer re-organised**: the most valuable customer whose *only* signal is a
      frequency decline from at least 2 orders in the half-year before the last one — orders
      fell with no complaint or survey trace. The data shows *when*
      they slipped, never *why*: a re-organisation is invisible in our tables.
    * **C — the salesman left**: the business account with the largest drop in purchasing
      (``credit_signals`` ``purchasing == "drop"``, biggest earlier volume), with its late
      days before and after. Accounts carry only today's ``sales_rep``: rep changes are not recorded.
    * **D — payment-terms dispute**: the account with the most past-due receivables that is
      still buying (invoices, ``collection``); individual customers' ``billing`` complaints
      are counted in ``signals`` too.
    * **E — unmet product request**: the most valuable customer whose main signal is
      ``product_gap`` (product satisfaction ≤ 4 in the latest survey).

    Parameters
    ----------
    signals : DataFrame
        :func:`crmlab.lifecycle.churn_signals` of the individual customers.
    value : Series
        Spend per customer id (e.g. ``crmlab.value.abc(orders)["value"]``), to choose the
        most valuable case.
    account_signals, collection : DataFrame
        :func:`crmlab.credit.credit_signals` and :func:`crmlab.credit.collection` of the
        invoices (indexed by account id).

    Returns
    -------
    DataFrame
        Five rows, ``case`` A–E: ``cause``, ``kind`` (customer / account), ``id``, ``evidence``
        (what the data shows for that case) and ``cannot_show`` (what it cannot).
    """
    s = signals.set_index(signals.columns[0])
    spend = pd.Series(value).reindex(s.index).fillna(0.0)

    def best(mask) -> object:
        pool = spend[np.asarray(mask, dtype=bool)]
        if pool.empty:
            raise ParameterError(_("No customer shows the signal needed for this case."))
        return pool.sort_values(ascending=False, kind="stable").index[0]

    a = best(s["main_signal"] == "quality_problem")
    b = best((s["signals"] == "frequency_decline") & (s["orders_previous"] >= 2))
    e = best(s["main_signal"] == "product_gap")
    acc = account_signals
    drop = acc[acc["purchasing"] == "drop"]
    if drop.empty:
        raise ParameterError(_("No business account shows a drop in purchasing."))
    c = drop["earlier_volume"].sort_values(ascending=False, kind="stable").index[0]
    buying = collection.index.intersection(acc.index[acc["purchasing"] != "drop"])
    d = collection.loc[buying, "past_due"].sort_values(ascending=False, kind="stable").index[0]
    ra, rb, re_ = s.loc[a], s.loc[b], s.loc[e]
    quality = int(ra["complaints_product_quality"] + ra["complaints_after_sales"])
    overdue = int(collection.loc[d, "overdue_invoices"])
    rows = [
        ("A", _(_CAUSES["A"]), "customer", a,
         ngettext("{q} quality or after-sales complaint, return rate {r:.0%}; other signals: {s}",
                  "{q} quality or after-sales complaints, return rate {r:.0%}; other signals: {s}", quality).format(
             q=quality, r=float(np.nan_to_num(ra["return_rate"])), s=_signal_names(ra["signals"])),
         _("Whether the repairs themselves were poor, or the product simply failed.")),
        ("B", _(_CAUSES["B"]), "customer", b,
         _("Orders {p} → {n} in the last two half-years, {d:.0f} days since the last (typical gap {g:.0f}); "
           "no complaint, no survey trace").format(p=int(rb["orders_previous"]), n=int(rb["orders_recent"]),
                                                    d=rb["days_since_last"], g=rb["mean_gap"]),
         _("Why they slipped: a change inside the customer leaves no trace in our tables.")),
        ("C", _(_CAUSES["C"]), "account", c,
         _("Invoiced volume fell from {e:,.0f} to {r:,.0f} (last 90 days vs before); late days {a:.0f} → {b}").format(
             e=drop.loc[c, "earlier_volume"], r=drop.loc[c, "recent_volume"], a=drop.loc[c, "earlier_late_days"],
             b="–" if pd.isna(drop.loc[c, "recent_late_days"]) else f"{drop.loc[c, 'recent_late_days']:.0f}"),
         _("Who served the account before: only today's sales rep is recorded, so a departed salesman "
           "cannot be told apart from money trouble.")),
        ("D", _(_CAUSES["D"]), "account", d,
         ngettext("Past due {p:,.0f}, collection rate {c:.0%}, {o} overdue invoice, still buying",
                  "Past due {p:,.0f}, collection rate {c:.0%}, {o} overdue invoices, still buying", overdue).format(
             p=collection.loc[d, "past_due"], c=collection.loc[d, "collection_rate"], o=overdue),
         _("Whether late payment is a dispute over terms or a lack of money; the invoices do not say.")),
        ("E", _(_CAUSES["E"]), "customer", e,
         _("Product satisfaction {p:.0f}/10, worst gap on {w} ({g:+.0f}); other signals: {s}").format(
             p=re_["product_satisfaction"], w=label(re_["worst_attribute"], "attribute"), g=re_["worst_gap"],
             s=_signal_names(re_["signals"])),
         _("Which product they asked for: requests are not recorded, only dissatisfaction.")),
    ]
    return pd.DataFrame(rows, columns=["case", "cause", "kind", "id", "evidence", "cannot_show"])


def _signal_names(signals: object) -> str:
    """The display names of a ``signals`` cell of :func:`crmlab.lifecycle.churn_signals`."""
    codes = [c.strip() for c in str(signals).split(",") if c.strip()]
    return ", ".join(label(c, "signal") for c in codes) if codes else label("no_signal", "signal")


# --------------------------------------------------------------------------------------------
# The rice shop: next purchase
# --------------------------------------------------------------------------------------------


def purchase_history(orders: pd.DataFrame) -> pd.DataFrame:
    """Every customer's rhythm, computed once: :func:`crmlab.lifecycle.next_purchase` with the
    lowest threshold (2 purchase days), so any higher ``min_purchases`` is only a filter."""
    from ..lifecycle import next_purchase

    hist = next_purchase(orders, min_purchases=2)  # attrs["as_of"]: the log's analysis date
    return hist


def next_purchase_update(history: pd.DataFrame, truth: pd.DataFrame, min_purchases: int = 3,
                         due_days: int = 7, as_of=None) -> dict:
    """Who is due within ``due_days`` days, and how accurate the personal rhythm is.

    ``history`` is :func:`purchase_history` (computed once). Customers with fewer than
    ``min_purchases`` purchase days lose their personal prediction, exactly as in
    ``next_purchase(orders, min_purchases=...)``; the accuracy is
    :func:`crmlab.lifecycle.evaluate_next_purchase` against ``truth`` (``truth_customers``).
    A customer is **due** when the predicted date falls in ``[as_of, as_of + due_days)``;
    ``hit_rate`` is the share of them who truly bought in that window (``truth`` as a check),
    ``hit_rate_on_rhythm`` the same for the ``n_on_rhythm`` due customers who missed no cycle
    (listed first: a family that skipped several bags may have found another shop).

    Returns a dict: ``predictions`` (the filtered history), ``accuracy`` (the evaluation
    table), ``due`` (the due customers), ``n_due``, ``hit_rate``, ``n_on_rhythm``,
    ``hit_rate_on_rhythm``, ``errors`` (signed errors in
    days, columns ``personal_rhythm`` and ``global_mean_gap``), ``summary`` (HTML), ``table``
    and ``plot``.
    """
    from ..lifecycle import evaluate_next_purchase

    min_purchases = check_int("min_purchases", min_purchases, low=2)
    due_days = check_days("due_days", due_days)
    as_of = pd.Timestamp(history.attrs["as_of"] if as_of is None else as_of)
    pred = history.copy()
    unknown = pred["purchase_days"].to_numpy() < min_purchases
    for col in ("typical_gap", "due_in_days", "missed_cycles"):
        pred.loc[unknown, col] = np.nan
    for col in ("expected_date", "predicted_date"):
        pred.loc[unknown, col] = pd.NaT
    pred.loc[unknown, "overdue"] = False
    if not (~unknown).any():
        raise ParameterError(
            _("No customer has {m} purchase days or more: lower the minimum number of purchases.").format(m=min_purchases)
        )
    accuracy = evaluate_next_purchase(pred, truth)
    actual = pd.to_datetime(truth.set_index("customer_id")["next_purchase_date"]).reindex(pred["customer_id"]).to_numpy()
    scored = ~pd.isna(actual) & ~pd.isna(pred["predicted_date"].to_numpy())
    errors = pd.DataFrame(
        {
            "personal_rhythm": (pred["predicted_date"].to_numpy()[scored] - actual[scored]) / np.timedelta64(1, "D"),
            "global_mean_gap": (pred["baseline_date"].to_numpy()[scored] - actual[scored]) / np.timedelta64(1, "D"),
        }
    )
    end = as_of + pd.Timedelta(days=due_days)
    is_due = ((pred["predicted_date"] >= as_of) & (pred["predicted_date"] < end)).to_numpy()
    due = pred.loc[is_due, ["customer_id", "last_purchase", "purchase_days", "typical_gap", "missed_cycles",
                            "predicted_date"]]
    due = due.sort_values(["missed_cycles", "predicted_date", "customer_id"], kind="stable")
    due_actual = pd.Series(actual, index=pred["customer_id"].to_numpy()).reindex(due["customer_id"]).to_numpy()
    hit = (~pd.isna(due_actual)) & (due_actual < np.datetime64(end))
    on = due["missed_cycles"].to_numpy() == 0
    hit_rate = float(hit.mean()) if len(due) else float("nan")
    hit_on = float(hit[on].mean()) if on.any() else float("nan")
    due = due.reset_index(drop=True)
    acc = accuracy.set_index("method")
    summary = ngettext(
        "<b>{n}</b> customer due within {d} days (from {a}); {h} of them really bought in that window "
        "({o} on rhythm — no missed cycle — of whom {ho} bought). "
        "Mean error: personal rhythm <b>{p:.1f}</b> days vs global gap {g:.1f} days ({c} customers scored).",
        "<b>{n}</b> customers due within {d} days (from {a}); {h} of them really bought in that window "
        "({o} on rhythm — no missed cycle — of whom {ho} bought). "
        "Mean error: personal rhythm <b>{p:.1f}</b> days vs global gap {g:.1f} days ({c} customers scored).",
        len(due),
    ).format(o=int(on.sum()), ho="–" if not on.any() else f"{hit_on:.0%}", n=len(due), d=due_days, a=as_of.date(), h="–" if len(due) == 0 else f"{hit_rate:.0%}",
             p=acc.loc["personal_rhythm", "mae_days"], g=acc.loc["global_mean_gap", "mae_days"],
             c=int(acc.loc["personal_rhythm", "customers"]))
    result = {
        "predictions": pred,
        "accuracy": accuracy,
        "due": due,
        "n_due": len(due),
        "hit_rate": hit_rate,
        "n_on_rhythm": int(on.sum()),
        "hit_rate_on_rhythm": hit_on,
        "errors": errors,
        "summary": summary,
        "table": due.assign(last_purchase=due["last_purchase"].dt.date, predicted_date=due["predicted_date"].dt.date)
        .rename(columns=lambda c: label(c, "column")),
    }
    result["plot"] = Picture(lambda ax: plot_next_purchase_errors(result, ax=ax),
                             lambda ax: _update_next_purchase_errors(ax, result), "next_purchase_errors")
    return result


_ERROR_SERIES = (("global_mean_gap", "C7"), ("personal_rhythm", "C0"))


def _error_bins(clip: float) -> np.ndarray:
    """The 40 bins of the error histogram, from −clip to clip days."""
    return np.linspace(-clip, clip, 41)


def _clipped_errors(result: dict, col: str, clip: float) -> np.ndarray:
    """One series of prediction errors, with the tails piled into the outer bins."""
    return np.clip(result["errors"][col].to_numpy(), -clip, clip)


def plot_next_purchase_errors(result: dict, ax=None, clip: float = 120.0):
    """Histogram of prediction errors (predicted − actual, days): personal rhythm vs global gap."""
    from ..plots._base import finish, get_axes

    ax = get_axes(ax)
    for col, color in _ERROR_SERIES:
        ax.hist(_clipped_errors(result, col, clip), bins=_error_bins(clip), alpha=0.6, color=color,
                label=label(col, "prediction_method"))
    ax.axvline(0, color="black", lw=0.8)
    ax.legend(fontsize=8)
    return finish(ax, _("Next purchase: prediction errors"), _("Predicted − actual (days)"), _("Customers"))


def _update_next_purchase_errors(ax, result: dict, clip: float = 120.0) -> list | bool:
    """New bar heights for a :func:`plot_next_purchase_errors` histogram (same bins): the bars
    and the y axis (it follows the highest bar) changed; False if the axes hold something else."""
    bins = _error_bins(clip)
    if len(ax.containers) != len(_ERROR_SERIES) or any(len(bars) != len(bins) - 1 for bars in ax.containers):
        return False
    changed = False
    for bars, (col, _color) in zip(ax.containers, _ERROR_SERIES):
        counts, _edges = np.histogram(_clipped_errors(result, col, clip), bins=bins)
        for bar, count in zip(bars, counts):
            if bar.get_height() != count:
                bar.set_height(count)
                changed = True
    if not changed:  # the same customers (another due window): the picture is as it was
        return []
    ax.relim()
    ax.autoscale_view(scalex=False)
    return [*(bar for bars in ax.containers for bar in bars), ax.yaxis]


def next_purchase_explorer(data=None, min_purchases: int = 3, due_days: int = 7) -> Explorer:
    """The rice-shop explorer: minimum purchases and a due window → who is due, and accuracy."""
    import ipywidgets as w

    if data is None:
        from .. import load

        orders, truth = load("orders"), load("truth_customers")
    else:
        orders, truth = data["orders"], data["truth_customers"]
    history = purchase_history(orders)
    style = {"description_width": "initial"}

    def make_controls() -> dict:
        return {
            "min_purchases": w.IntSlider(value=min_purchases, min=2, max=int(history["purchase_days"].max()) + 5, description=_("Minimum purchases"), style=style),
            "due_days": w.IntSlider(value=due_days, min=1, max=60, description=_("Due within (days)"), style=style),
        }

    controls = make_controls()

    def compute(min_purchases, due_days):
        return next_purchase_update(history, truth, min_purchases, due_days)

    return Explorer(N_("The rice shop: who buys next?"), controls, compute, relabel=make_controls)
