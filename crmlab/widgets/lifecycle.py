"""Lesson 05 explorer: who counts as churned (客户流失) depends on the inactivity threshold.

:func:`lifecycle_update` is the pure function behind :func:`lifecycle_explorer`: from each
customer's purchase history (computed once by :func:`lifecycle_history`), an inactivity
threshold, a grouping column and a cohort it returns the churn rate by group — observed with
the threshold and, for checking, the simulator's hidden truth — how often the two agree, and
the cohort retention table (or the picked cohort's row), drawn as every cohort's retention curve
with the picked cohort's (or the mean) highlighted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_choice, check_int
from .._frames import check_frame, require_columns
from ..errors import ParameterError
from ..i18n import N_, _, label
from ..lifecycle import churn_flags, churn_rate, cohort_retention
from ._base import Picture

LESSON = "05"

__all__ = ["lifecycle_explorer", "lifecycle_update", "lifecycle_history", "GROUP_COLUMNS"]

#: Columns of the customers table offered in the group-by dropdown.
GROUP_COLUMNS = (
    "acquisition_channel",
    "membership_tier",
    "gender",
    "occupation",
    "education",
    "marital_status",
)
ALL = "all"


def lifecycle_history(orders: object, *, as_of: object = None) -> pd.DataFrame:
    """Each customer's purchase history, computed once for :func:`lifecycle_update`.

    The result of :func:`crmlab.lifecycle.churn_flags` (``customer_id``, ``first_purchase``,
    ``last_purchase``, ``days_since_last`` …) plus ``tenure_days`` (days from the first
    purchase to ``as_of``) and ``cohort`` (month of the first purchase, e.g. ``"2024-03"``).
    """
    flags = churn_flags(orders, as_of=as_of)
    first = flags["first_purchase"]
    since_first = (flags["last_purchase"] - first).dt.days.to_numpy()
    flags["tenure_days"] = flags["days_since_last"].to_numpy() + since_first
    flags["cohort"] = first.dt.strftime("%Y-%m")
    return flags


def lifecycle_update(
    last_purchase_table: pd.DataFrame,
    groups: pd.DataFrame,
    truth: pd.DataFrame,
    threshold: int = 180,
    by: str = "acquisition_channel",
    *,
    cohort: str = ALL,
    retention: pd.DataFrame | None = None,
    customer: str = "customer_id",
) -> dict:
    """Churn flags and churn rate by group for one inactivity threshold, against the truth.

    A customer is **flagged** as churned when ``days_since_last >= threshold`` (the fixed rule
    of :func:`crmlab.lifecycle.churn_flags`). With ``cohort`` (a first-purchase month such as
    ``"2024-03"``) only that cohort's customers are counted. A cohort whose customers all
    bought for the first time fewer than ``threshold`` days before the end cannot have anyone
    flagged yet: that combination raises :class:`~crmlab.errors.ParameterError`.

    Parameters
    ----------
    last_purchase_table : DataFrame
        One row per customer with ``customer``, ``days_since_last`` and, for cohorts,
        ``cohort`` and ``tenure_days`` (see :func:`lifecycle_history`).
    groups : DataFrame
        One row per customer with ``customer`` and the ``by`` column (the customers table).
    truth : DataFrame
        ``customer`` and ``churned`` (bool): the hidden truth, used only to check the flags.
    threshold : int
        Days without a purchase after which a customer is flagged (≥ 1).
    by : str
        Group column of ``groups``.
    cohort : str
        ``"all"`` or a cohort label of ``last_purchase_table["cohort"]``.
    retention : DataFrame, optional
        :func:`crmlab.lifecycle.cohort_retention` of the orders, computed once.

    Returns
    -------
    dict
        ``flags`` (customer, days_since_last, churned, true_churned), ``rates`` (one row per
        group: customers, flagged, churn_rate, true_churn_rate, difference), ``observed`` (the
        :func:`churn_rate` table of the flags), ``agreement`` (share of customers whose flag
        equals the truth), ``false_alarms`` (flagged but not churned), ``missed`` (churned but
        not flagged), ``churn_rate`` and ``true_churn_rate`` (overall), ``retention`` (the
        table, or the cohort's row as a Series, or None), ``summary`` (HTML), ``table``,
        ``plot`` (the churn rate by group) and ``plot_retention`` (every cohort's retention curve
        in grey, the picked cohort's — or, for ``"all"``, their mean — highlighted: see
        :func:`crmlab.plots.plot_cohort_curves`), callables drawing on an axes.
    """
    threshold = check_int("threshold", threshold, low=1)
    table = check_frame(last_purchase_table, "last_purchase_table")
    require_columns(
        table, "last_purchase_table", {customer: N_("customer ids"), "days_since_last": N_("days since the last purchase")}
    )
    groups = check_frame(groups, "groups")
    require_columns(groups, "groups", {customer: N_("customer ids"), by: N_("the group of each customer")})
    truth = check_frame(truth, "truth")
    require_columns(truth, "truth", {customer: N_("customer ids"), "churned": N_("true churn (True/False)")})

    if cohort != ALL:
        require_columns(
            table,
            "last_purchase_table",
            {"cohort": N_("first-purchase month"), "tenure_days": N_("days since the first purchase")},
        )
        check_choice("cohort", cohort, [ALL, *pd.unique(table["cohort"])])
        table = table[table["cohort"].to_numpy() == cohort]
        oldest = int(table["tenure_days"].max())
        if oldest < threshold:
            raise ParameterError(
                _("Cohort {c} first bought at most {d} days before the end of the data: nobody in it "
                  "can have been inactive for {t} days yet. Pick an older cohort or a shorter threshold.")
                .format(c=cohort, d=oldest, t=threshold)
            )

    ids = table[customer].to_numpy()
    flagged = table["days_since_last"].to_numpy() >= threshold
    true = truth.drop_duplicates(customer).set_index(customer)["churned"].reindex(ids)
    true = true.fillna(False).to_numpy(dtype=bool)
    flags = pd.DataFrame({customer: ids, "days_since_last": table["days_since_last"].to_numpy(),
                          "churned": flagged, "true_churned": true})

    observed = churn_rate(flags, by, groups=groups, customer=customer)
    hidden = churn_rate(flags, by, groups=groups, customer=customer, churned="true_churned")
    rates = pd.DataFrame(
        {
            by: observed[by],
            "customers": observed["customers"],
            "flagged": observed["churned"],
            "churn_rate": observed["churn_rate"],
            "true_churn_rate": hidden["churn_rate"].to_numpy(),
        }
    )
    rates["difference"] = rates["churn_rate"] - rates["true_churn_rate"]

    n = len(flags)
    agreement = float((flagged == true).mean()) if n else np.nan
    false_alarms = int((flagged & ~true).sum())
    missed = int((~flagged & true).sum())
    rate, true_rate = float(flagged.mean()), float(true.mean())

    picked = None
    if retention is not None:
        picked = retention if cohort == ALL else retention.loc[[c for c in retention.index if str(c) == cohort]].iloc[0]

    who = _("all customers") if cohort == ALL else _("cohort {c}").format(c=cohort)
    summary = _(
        "<b>{n:,}</b> customers ({who}); inactive ≥ <b>{t}</b> days: churn rate <b>{r:.1%}</b> "
        "(truth {tr:.1%}). Flags agree with the truth for <b>{a:.1%}</b>: {fa:,} flagged but still "
        "active, {m:,} churned but not flagged yet."
    ).format(n=n, who=who, t=threshold, r=rate, tr=true_rate, a=agreement, fa=false_alarms, m=missed)

    from ..plots._base import round_up
    from ..plots.lifecycle import _update_churn_rate

    true_rates = rates["true_churn_rate"].to_numpy(dtype=float)
    # a limit that moves in steps of 10 points: the picture keeps its ticks while the threshold moves
    top = round_up(float(np.nanmax(np.r_[true_rates, rates["churn_rate"].to_numpy(dtype=float), 0.05])) * 1.15, 0.1)

    def plot(ax):
        from ..plots import plot_churn_rate

        plot_churn_rate(observed, ax=ax)
        ax.plot(np.arange(len(rates)), true_rates, "D", color="black", label=_("True churn rate"))
        ax.set_ylim(0, top)
        ax.legend(loc="upper right", fontsize=8)
        return ax

    def update_plot(ax) -> list | bool:
        truth_lines = [line for line in ax.lines if line.get_label() == _("True churn rate")]
        changed = _update_churn_rate(ax, observed, regroup=True) if len(truth_lines) == 1 else False
        if changed is False:
            return False
        regrouped = len(truth_lines[0].get_xdata()) != len(rates)
        truth_lines[0].set_data(np.arange(len(rates)), true_rates)
        if regrouped:  # other groups: the x range fits them, as when the diamonds are drawn
            ax.relim()
            ax.autoscale_view(scaley=False)
        ax.set_ylim(0, top)
        # the x axis is among the artists changed at every move (regroup=True): all three controls
        # change the same artists, so the rest of the figure kept from the last drawing stays valid
        return [*changed, truth_lines[0]]

    highlighted = None if cohort == ALL else cohort

    def plot_retention(ax):
        if retention is None:
            return ax
        from ..plots.lifecycle import plot_cohort_curves

        return plot_cohort_curves(retention, highlighted, ax=ax)

    def update_retention(ax) -> list | bool:
        from ..plots.lifecycle import _update_cohort_curves

        return _update_cohort_curves(ax, retention, highlighted)

    if retention is None:
        retention_kind = None
    else:
        from ..plots.lifecycle import _cohort_curves_kind

        retention_kind = _cohort_curves_kind(retention)

    shown = rates.copy()
    shown[by] = [label(g, by) for g in shown[by].astype(str)]
    shown = shown.set_index(by).rename_axis(label(by, "column")).rename(
        columns={
            "customers": _("Customers"),
            "flagged": _("Flagged as churned"),
            "churn_rate": _("Churn rate"),
            "true_churn_rate": _("True churn rate"),
            "difference": _("Difference"),
        }
    )
    return {
        "threshold": threshold,
        "by": by,
        "cohort": cohort,
        "flags": flags,
        "observed": observed,
        "rates": rates,
        "agreement": agreement,
        "false_alarms": false_alarms,
        "missed": missed,
        "churn_rate": rate,
        "true_churn_rate": true_rate,
        "retention": picked,
        "summary": summary,
        "table": shown,
        "plot": Picture(plot, update_plot, ("with_truth", "churn_rate")),  # any grouping: redrawn in place
        "plot_retention": Picture(plot_retention, update_retention, retention_kind),
    }


def _show(result: dict, view) -> None:
    """Summary, table, and a figure with the churn-rate chart beside the retention picture."""
    from ._base import draw, show_default

    show_default({k: v for k, v in result.items() if k != "plot"}, view)
    draw(view, result["plot"], result["plot_retention"], figsize=(11.5, 4.0))


def lifecycle_explorer(data=None, *, threshold: int = 180, by: str = "acquisition_channel"):
    """Explore churn flags by inactivity threshold, customer group and cohort.

    Controls: the inactivity threshold (days), the group-by column (acquisition channel,
    membership tier …) and a cohort (first-purchase month, or all customers). Shows the
    churn rate by group against the hidden truth, how often the flags agree with it, and the
    retention curves of the cohorts, the picked one (or their mean) highlighted.

    Parameters
    ----------
    data : Dataset or dict of DataFrames, optional
        Needs ``orders``, ``customers`` and ``truth_customers``; default: the bundled data.
    threshold, by :
        Starting values of the controls.
    """
    import ipywidgets as w

    from ..data import load
    from ._base import Explorer

    if data is None:
        data = {name: load(name) for name in ("orders", "customers", "truth_customers")}
    orders, customers, truth = data["orders"], data["customers"], data["truth_customers"]
    history = lifecycle_history(orders)
    retention = cohort_retention(orders)
    retention.index = retention.index.astype(str)
    options = [c for c in GROUP_COLUMNS if c in customers.columns]
    check_choice("by", by, options)
    cohorts = sorted(pd.unique(history["cohort"]))
    style = {"description_width": "initial"}

    def make_controls() -> dict:
        return {
            "threshold": w.IntSlider(value=threshold, min=30, max=720, step=30, description=_("Inactive for (days)"),
                                     continuous_update=False, style=style),
            "by": w.Dropdown(options=[(label(c, "column"), c) for c in options], value=by, description=_("Group by"),
                             style=style),
            "cohort": w.Dropdown(options=[(_("all customers"), ALL), *[(c, c) for c in cohorts]], value=ALL,
                                 description=_("Cohort (first purchase)"), style=style),
        }

    controls = make_controls()

    def compute(threshold, by, cohort):
        return lifecycle_update(history, customers, truth, threshold, by, cohort=cohort, retention=retention)

    return Explorer(
        N_("Who has churned? Inactivity threshold, groups and cohorts"),
        controls,
        compute,
        show=_show,
        relabel=make_controls,
    )
