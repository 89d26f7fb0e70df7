"""Explorers of lesson 02, customer value (客户价值): RFM segments and the ABC value pyramid.

* :func:`rfm_explorer` — pick the number of score levels and a named RFM segment: segment
  sizes and revenue, the segment's best customers and the R × F heat map.
* :func:`abc_explorer` — move the VIP / major / ordinary cut-offs: the value pyramid and
  each tier's share of revenue.

The pure functions :func:`rfm_update` and :func:`abc_update` compute everything shown from plain
parameters (an RFM table and net spend per customer computed once), so they are tested without
widgets and answer in milliseconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..i18n import N_, _, label, ngettext
from ..value import DEFAULT_SEGMENT_MAP, abc, abc_summary, rfm, rfm_scores, rfm_segments
from ._base import Picture

LESSON = "02"

__all__ = ["rfm_explorer", "abc_explorer", "rfm_update", "abc_update"]

#: The dropdown choice meaning "every customer" (no segment filter).
ALL = "all"

#: Rows of the members table.
MEMBERS_SHOWN = 15

_MEMBER_COLUMNS = ["recency", "frequency", "monetary", "rfm_cell", "rfm_score"]


def _orders(data) -> pd.DataFrame:
    if data is None:
        from ..data import load

        return load("orders")
    if isinstance(data, pd.DataFrame):
        return data
    return data["orders"]  # a Dataset (crmlab.load_all()) or a dict of tables


# --------------------------------------------------------------------------- RFM


def rfm_update(rfm_table: pd.DataFrame, bins: int = 5, segment: str = "champions") -> dict:
    """Everything :func:`rfm_explorer` shows, for ``bins`` score levels and one segment.

    Parameters
    ----------
    rfm_table : DataFrame
        Output of :func:`crmlab.value.rfm` (computed once, outside).
    bins : int
        Score levels of R, F and M (2 … 10).
    segment : str
        A segment of :data:`crmlab.value.DEFAULT_SEGMENT_MAP`, or ``"all"`` for every customer.
        Named segments are defined on 5 score levels; with another ``bins`` only ``"all"``
        works (the groups are then the total scores R + F + M).

    Returns
    -------
    dict
        ``scores`` (:func:`rfm_scores`, with ``segment`` when ``bins`` = 5);
        ``sizes`` (one row per group — segment, or total RFM score when ``bins`` ≠ 5 — with
        ``customers``, ``customer_share``, ``revenue``, ``revenue_share``, ``mean_monetary``);
        ``members`` (the selected customers, highest spend first: recency, frequency,
        monetary, rfm_cell, rfm_score); ``customers``, ``revenue`` and ``revenue_share`` of
        the selection; ``summary`` (HTML), ``table`` (the first members) and ``plot`` (the
        R × F heat map of mean spend).

    Raises
    ------
    ParameterError
        An unknown segment, or a named segment with ``bins`` ≠ 5.
    """
    if segment != ALL and segment not in DEFAULT_SEGMENT_MAP:
        raise ParameterError(
            _("`{name}` must be 'all' or one of {choices}, but {got} was passed.").format(
                name="segment", choices=list(DEFAULT_SEGMENT_MAP), got=repr(segment)
            )
        )
    scores = rfm_scores(rfm_table, bins=bins)
    if bins == 5:
        scores = rfm_segments(scores)
        group = scores["segment"]
    elif segment != ALL:
        raise ParameterError(
            _("The named segments are defined on 5 score levels, but {bins} levels were chosen: "
              "set the levels to 5 or pick 'all'.").format(bins=bins)
        )
    else:
        group = scores["rfm_score"].rename("segment")
    money = scores["monetary"].clip(lower=0)
    total = float(money.sum())
    g = money.groupby(group, observed=False, sort=True)
    sizes = pd.DataFrame({"customers": g.size().astype(np.int64), "revenue": g.sum()})
    sizes.index.name = "segment" if bins == 5 else "rfm_score"
    sizes["customer_share"] = sizes["customers"] / sizes["customers"].sum()
    sizes["revenue_share"] = sizes["revenue"] / total if total > 0 else np.nan
    sizes["mean_monetary"] = sizes["revenue"] / sizes["customers"].where(sizes["customers"] > 0)
    sizes = sizes[["customers", "customer_share", "revenue", "revenue_share", "mean_monetary"]]

    chosen = scores if segment == ALL else scores[scores["segment"] == segment]
    members = chosen.sort_values(["monetary", "frequency"], ascending=False, kind="stable")[_MEMBER_COLUMNS]
    n = len(members)
    revenue = float(members["monetary"].clip(lower=0).sum())
    share = revenue / total if total > 0 else float("nan")
    name = _("all customers") if segment == ALL else label(segment, "rfm_segment")
    summary = ngettext(
        "<b>{name}</b>: {n:,} customer ({cshare:.1%} of {total_n:,}), {revenue:,.0f} of net spend "
        "({rshare:.1%} of revenue) with {bins} score levels.",
        "<b>{name}</b>: {n:,} customers ({cshare:.1%} of {total_n:,}), {revenue:,.0f} of net spend "
        "({rshare:.1%} of revenue) with {bins} score levels.",
        n,
    ).format(name=name, n=n, cshare=n / len(scores), total_n=len(scores), revenue=revenue, rshare=share, bins=bins)

    def plot(ax):
        from ..plots import plot_rfm_heatmap

        return plot_rfm_heatmap(scores, ax=ax)

    def update_plot(ax) -> bool:
        from ..plots.value import _update_rfm_heatmap

        return _update_rfm_heatmap(ax, scores)

    return {
        "scores": scores,
        "sizes": sizes,
        "members": members,
        "customers": n,
        "revenue": revenue,
        "revenue_share": share,
        "summary": summary,
        "table": _column_names(members.head(MEMBERS_SHOWN)),
        "plot": Picture(plot, update_plot, "rfm_heatmap"),
    }


def _column_names(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` for reading: columns and index named by their display names."""
    out = frame.rename(columns=lambda c: label(c, "column"))
    out.index.name = None if frame.index.name is None else label(frame.index.name, "column")
    return out


def _sizes_table(sizes: pd.DataFrame) -> pd.DataFrame:
    """The segment sizes of :func:`rfm_update` for reading (display names, translated headers)."""
    shown = sizes.rename(index=lambda s: label(s, "rfm_segment") if isinstance(s, str) else s)
    shown.index.name = label(sizes.index.name, "column")
    return shown.rename(
        columns={
            "customers": _("Customers"),
            "customer_share": _("Share of customers"),
            "revenue": _("Revenue"),
            "revenue_share": _("Share of revenue"),
            "mean_monetary": _("Mean net spend"),
        }
    )


def _show_rfm(result: dict, view) -> None:
    from ._base import show_default

    show_default(result, view)
    view.table.value += "<h4>" + _("Segment sizes") + "</h4>" + _sizes_table(result["sizes"]).to_html(
        border=0, float_format=lambda x: f"{x:,.3g}"
    )


def rfm_explorer(data=None, *, as_of=None):
    """RFM explorer: score levels and a segment → sizes, revenue, best members, heat map.

    Parameters
    ----------
    data : DataFrame or dict, optional
        The order log, or a dataset / dict of tables holding ``"orders"``; default the bundled course data.
    as_of : date-like, optional
        Analysis day (see :func:`crmlab.value.rfm`).
    """
    import ipywidgets as w

    from ._base import Explorer

    table = rfm(_orders(data), returned="returned", as_of=as_of)

    def make_controls() -> dict:
        options = [(_("All customers"), ALL)] + [(label(s, "rfm_segment"), s) for s in DEFAULT_SEGMENT_MAP]
        return {
            "bins": w.IntSlider(value=5, min=2, max=10, description=_("Score levels"), continuous_update=False),
            "segment": w.Dropdown(options=options, value="champions", description=_("Segment")),
        }

    controls = make_controls()

    def _named_segments_need_five_levels(change) -> None:
        # the named segment map is defined on 5 score levels: other levels show all customers
        if change["new"] != 5 and controls["segment"].value != ALL:
            controls["segment"].value = ALL

    controls["bins"].observe(_named_segments_need_five_levels, names="value")
    return Explorer(
        N_("RFM segments"),
        controls,
        lambda bins, segment: rfm_update(table, bins=bins, segment=segment),
        show=_show_rfm,
        relabel=make_controls,
    )


# --------------------------------------------------------------------------- ABC


def abc_update(values: pd.Series, vip: float = 1.0, major: float = 4.0, ordinary: float = 15.0) -> dict:
    """Everything :func:`abc_explorer` shows, for tier cut-offs given in percent of customers.

    Parameters
    ----------
    values : Series
        Net spend per customer (≥ 0, indexed by customer id), computed once outside.
    vip, major, ordinary : float
        Percent of customers in the VIP, major and ordinary tiers (each > 0); the small tier
        holds the rest, so the three must add up to less than 100.

    Returns
    -------
    dict
        ``abc`` (:func:`crmlab.value.abc`), ``pyramid`` (:func:`crmlab.value.abc_summary`),
        ``tiers`` (the shares used), ``key_share`` (revenue share of VIP + major, the key
        accounts), ``summary`` (HTML), ``table`` and ``plot`` (the value pyramid).

    Raises
    ------
    ParameterError
        A cut-off ≤ 0, or cut-offs adding up to 100 % or more.
    """
    cuts = {"vip": vip, "major": major, "ordinary": ordinary}
    for name, pct in cuts.items():
        if not isinstance(pct, (int, float, np.integer, np.floating)) or isinstance(pct, bool) or not pct > 0:
            raise ParameterError(
                _("The {tier} tier must hold more than 0 % of customers, but {pct} % was chosen.").format(
                    tier=label(name, "tier"), pct=pct
                )
            )
    top = vip + major + ordinary
    if top >= 100:
        raise ParameterError(
            _("VIP + major + ordinary must stay below 100 % (the small customers are the rest), "
              "but they add up to {top:g} %.").format(top=top)
        )
    tiers = {name: round(pct / 100, 10) for name, pct in cuts.items()}
    tiers["small"] = round(1 - sum(tiers.values()), 10)
    table = abc(values, tiers)
    pyramid = abc_summary(table)
    key_share = float(pyramid.loc[["vip", "major"], "revenue_share"].sum())
    summary = _(
        "Top {top:g} % of customers bring <b>{top_rev:.1%}</b> of revenue; the key customers "
        "(VIP + major, top {key:g} %) bring <b>{key_rev:.1%}</b>."
    ).format(top=top, top_rev=float(pyramid.loc["ordinary", "cum_revenue_share"]), key=vip + major, key_rev=key_share)
    shown = pyramid[["customers", "customer_share", "revenue_share", "cum_revenue_share", "mean_value", "min_value"]]
    shown = shown.rename(
        index=lambda t: label(t, "tier"),
        columns={
            "customers": _("Customers"),
            "customer_share": _("Share of customers"),
            "revenue_share": _("Share of revenue"),
            "cum_revenue_share": _("Cumulative share of revenue"),
            "mean_value": _("Mean net spend"),
            "min_value": _("Lowest net spend"),
        },
    )
    shown.index.name = label("tier", "column")

    def plot(ax):
        from ..plots import plot_abc_pyramid

        return plot_abc_pyramid(pyramid, ax=ax)

    return {
        "abc": table,
        "pyramid": pyramid,
        "tiers": tiers,
        "key_share": key_share,
        "summary": summary,
        "table": shown,
        "plot": plot,
    }


def abc_explorer(data=None, *, as_of=None):
    """ABC explorer: VIP / major / ordinary cut-offs (% of customers) → value pyramid, revenue shares.

    Parameters
    ----------
    data : DataFrame or dict, optional
        The order log, or a dataset / dict of tables holding ``"orders"``; default the bundled course data.
    as_of : date-like, optional
        Analysis day.
    """
    import ipywidgets as w

    from ._base import Explorer

    values = rfm(_orders(data), returned="returned", as_of=as_of)["monetary"].clip(lower=0)
    style = {"description_width": "initial"}

    def make_controls() -> dict:
        return {
            "vip": w.FloatSlider(value=1.0, min=0.5, max=10.0, step=0.5, description=_("VIP %"), style=style,
                                 continuous_update=False),
            "major": w.FloatSlider(value=4.0, min=1.0, max=30.0, step=1.0, description=_("Major %"), style=style,
                                   continuous_update=False),
            "ordinary": w.FloatSlider(value=15.0, min=5.0, max=60.0, step=5.0, description=_("Ordinary %"),
                                      style=style, continuous_update=False),
        }

    controls = make_controls()
    return Explorer(
        N_("ABC value pyramid"),
        controls,
        lambda vip, major, ordinary: abc_update(values, vip=vip, major=major, ordinary=ordinary),
        relabel=make_controls,
    )
