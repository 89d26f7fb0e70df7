"""Pictures of the customer archive: completeness, matching quality, profiles, buying centres."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import check_frame, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _, label
from ._base import finish, get_axes

__all__ = ["plot_completeness", "plot_match_quality", "plot_profile", "plot_age_pyramid",
           "plot_buying_centre"]


def _percent_axis(axis) -> None:
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(1.0, decimals=0))


def plot_completeness(table: pd.DataFrame, *, ax=None):
    """Completeness of each field as horizontal bars (``seaborn.barplot``; grouped by ``by``
    when there is one, one colour per group).

    Parameters
    ----------
    table : DataFrame
        Output of :func:`crmlab.profile.completeness` (with or without ``by``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(table, "table")
    require_columns(table, "table", {"field": N_("from completeness()"),
                                     "completeness": N_("from completeness()")})
    import seaborn as sns

    ax = get_axes(ax)
    extra = [c for c in table.columns
             if c not in ("field", "filled", "missing", "rows", "completeness")]
    fields = table["field"].astype(str)
    shown = pd.DataFrame({"field": [label(f, "column") for f in fields],
                          "completeness": table["completeness"].to_numpy(dtype=float)})
    order = list(dict.fromkeys(shown["field"]))  # the table's order, first field on top
    if not extra:
        sns.barplot(data=shown, x="completeness", y="field", order=order, color="C0", saturation=1,
                    errorbar=None, ax=ax)
    else:
        by = extra[0]
        groups = table[by]
        present = (list(groups.cat.categories[groups.cat.categories.isin(groups)])
                   if isinstance(groups.dtype, pd.CategoricalDtype) else sorted(groups.dropna().unique()))
        names = [label(g, str(by)) for g in present]
        shown["group"] = groups.map(dict(zip(present, names))).to_numpy()
        sns.barplot(data=shown, x="completeness", y="field", hue="group", order=order, hue_order=names,
                    palette=[f"C{k % 10}" for k in range(len(names))], saturation=1, errorbar=None, ax=ax)
        sns.move_legend(ax, "center left", bbox_to_anchor=(1.0, 0.5), title=label(by, "column"), fontsize="small")
    ax.set_xlim(0, 1)
    _percent_axis(ax.xaxis)
    return finish(ax, _("Completeness of the customer archive"), _("Share of records filled"), "")


def plot_match_quality(curve: pd.DataFrame, threshold: float | None = None, *, ax=None):
    """Precision, recall and F1 of duplicate detection against the threshold.

    Parameters
    ----------
    curve : DataFrame
        Output of :func:`crmlab.profile.threshold_curve`.
    threshold : float, optional
        A threshold to mark with a vertical line (e.g. the one in use).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(curve, "curve")
    require_columns(curve, "curve", {c: N_("from threshold_curve()")
                                     for c in ("threshold", "precision", "recall")})
    ax = get_axes(ax)
    x = curve["threshold"].to_numpy(dtype=float)
    ax.plot(x, curve["precision"].to_numpy(dtype=float), marker="o", ms=3, label=_("Precision"))
    ax.plot(x, curve["recall"].to_numpy(dtype=float), marker="o", ms=3, label=_("Recall"))
    if "f1" in curve.columns:
        ax.plot(x, curve["f1"].to_numpy(dtype=float), ls="--", color="grey", label=_("F1"))
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)):
            raise ParameterTypeError(
                _("`{name}` must be a number, but {got} was passed.").format(name="threshold", got=_show(threshold))
            )
        ax.axvline(float(threshold), color="C3", lw=1, ls=":", label=_("Threshold in use"))
    ax.set_ylim(0, 1.02)
    _percent_axis(ax.yaxis)
    ax.legend(loc="lower left")
    return finish(ax, _("Duplicate detection: precision and recall"), _("Score threshold"), _("Share"))


def _match_quality_kind(curve: pd.DataFrame, threshold: float | None) -> tuple:
    """What fixes the layout of :func:`plot_match_quality`: an F1 line, a threshold line."""
    return ("match_quality", "f1" in curve.columns, threshold is not None)


def _update_match_quality(ax, curve: pd.DataFrame, threshold: float | None = None) -> list | bool:
    """New curves (and threshold line) for a :func:`plot_match_quality` picture of the same
    kind (see :func:`_match_quality_kind`); the artists changed (the x axis too if its range
    changed), or False if the axes hold something else."""
    has_f1 = "f1" in curve.columns
    lines = list(ax.lines)
    if len(lines) != 2 + has_f1 + (threshold is not None):
        return False
    x = curve["threshold"].to_numpy(dtype=float)
    columns = ["precision", "recall"] + (["f1"] if has_f1 else [])
    for line, column in zip(lines, columns):
        line.set_data(x, curve[column].to_numpy(dtype=float))
    if threshold is not None:
        lines[-1].set_xdata([float(threshold), float(threshold)])
    before = ax.get_xlim()
    ax.relim()
    ax.autoscale_view(scaley=False)
    return lines + ([ax.xaxis] if ax.get_xlim() != before else [])


def plot_profile(summary: pd.DataFrame, variable: str = "age_band", *, ax=None):
    """Shares of the categories of one profile variable as horizontal bars (``seaborn.barplot``,
    first category on top).

    Parameters
    ----------
    summary : DataFrame
        Output of :func:`crmlab.profile.profile_summary`.
    variable : str, default "age_band"
        A value of its ``variable`` column ("gender", "province" …).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(summary, "summary")
    require_columns(summary, "summary", {c: N_("from profile_summary()")
                                         for c in ("variable", "category", "share")})
    available = list(dict.fromkeys(summary["variable"].astype(str)))
    if variable not in available:
        raise ParameterError(
            _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name="variable", choices=available, got=_show(variable)
            )
        )
    import seaborn as sns

    rows = summary[summary["variable"].astype(str) == variable]
    ax = get_axes(ax)
    names = [label(c, variable) for c in rows["category"].astype(str)]
    sns.barplot(x=rows["share"].to_numpy(dtype=float), y=names, order=names, color="C0", saturation=1,
                errorbar=None, ax=ax)
    _percent_axis(ax.xaxis)
    ax.set_ylabel("")
    ax.set_title(_("Customers by {variable}").format(variable=label(variable, "column")))
    ax.set_xlabel(_("Share of customers"))
    return ax


def plot_age_pyramid(pyramid: pd.DataFrame, *, ax=None):
    """Age–gender pyramid: women to the left, men to the right.

    Parameters
    ----------
    pyramid : DataFrame
        Output of :func:`crmlab.profile.age_pyramid` (index age bands, columns F and M).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    check_frame(pyramid, "pyramid")
    require_columns(pyramid, "pyramid", {"F": N_("from age_pyramid()"), "M": N_("from age_pyramid()")})
    ax = get_axes(ax)
    bands = [str(b) for b in pyramid.index]
    women = pyramid["F"].to_numpy(dtype=float)
    men = pyramid["M"].to_numpy(dtype=float)
    ax.barh(bands, -women, color="C1", label=_("Women"))
    ax.barh(bands, men, color="C0", label=_("Men"))
    top = max(float(np.nanmax(np.concatenate([women, men, [1.0]]))), 1.0)
    ax.set_xlim(-top * 1.1, top * 1.1)
    ticks = ax.get_xticks()
    ax.set_xticks(ticks, [f"{abs(t):,.0f}" for t in ticks])
    ax.axvline(0, color="black", lw=0.8)
    ax.legend(loc="lower right")
    return finish(ax, _("Customers by age and gender"), _("Customers"), _("Age band"))


def plot_buying_centre(centre: pd.DataFrame, *, ax=None):
    """Share of business accounts with a contact in each buying-centre role.

    Parameters
    ----------
    centre : DataFrame
        Output of :func:`crmlab.profile.buying_centre` (or of
        :func:`crmlab.profile.role_coverage`).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    from ..profile.roles import role_coverage

    check_frame(centre, "centre")
    if {"role", "share"} <= set(centre.columns):
        coverage = centre
    else:
        coverage = role_coverage(centre)
    shares = pd.to_numeric(coverage["share"], errors="coerce")
    if shares.isna().all():
        raise ColumnError(_("`{name}` has no shares to draw (no accounts).").format(name="centre"))
    roles = coverage["role"].astype(str).tolist()
    ax = get_axes(ax)
    x = np.arange(len(roles))
    ax.bar(x, shares.to_numpy(dtype=float), color="C0")
    ax.set_xticks(x, [label(r, "role") for r in roles])
    ax.set_ylim(0, 1.05)
    _percent_axis(ax.yaxis)
    return finish(ax, _("Buying-centre roles filled"), None, _("Share of accounts"))
