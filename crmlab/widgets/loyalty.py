"""Loyalty-matrix explorer (lesson 07, 客户忠诚): move the "satisfied" threshold, see who stays.

The courseware's loyalty matrix crosses satisfaction with the product and with the service
(:func:`crmlab.loyalty.loyalty_matrix`). The explorer lets you choose from which rating a
customer counts as satisfied (and which survey columns stand for "product" and "service"), and
shows the four cells — loyal (忠诚型), still hopeful (对公司仍抱有期望), easily poached
(易被对手抢夺), destructive (破坏型) — with the share of each cell that really churned by the end
of 2025 (from the hidden truth, :func:`crmlab.lifecycle.churn_rate`)::

    crmlab.widgets.loyalty_matrix_explorer()
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import loyalty
from ..errors import ParameterError
from ..i18n import N_, _, label
from ._base import Explorer, Picture

LESSON = "07"

__all__ = ["loyalty_matrix_explorer", "loyalty_matrix_update"]

#: Survey ratings the two dropdowns offer for "satisfaction with the product" and "… with the
#: service" (the same list for both, so choosing one column twice is possible — and explained).
#: Display names: ``label(column, "column")``.
RATING_COLUMNS = (
    "product_satisfaction",
    "service_satisfaction",
    "perform_quality",
    "perform_service",
    "perform_after_sales",
    "perform_delivery",
    "perform_price",
    "satisfaction_overall",
)
_CELLS = ["loyal", "hopeful", "easily_poached", "destructive"]


def loyalty_matrix_update(
    surveys: pd.DataFrame,
    truth: pd.DataFrame,
    threshold: float = 8,
    *,
    product: str = "product_satisfaction",
    service: str = "service_satisfaction",
    customer: str = "customer_id",
) -> dict:
    """Everything the loyalty-matrix explorer shows, for one "satisfied" threshold.

    Parameters
    ----------
    surveys : pandas.DataFrame
        Survey responses (``crmlab.load("surveys")``), one per customer, with the two rating
        columns and ``customer``.
    truth : pandas.DataFrame
        One row per customer with ``customer`` and a ``churned`` flag
        (``crmlab.load("truth_customers")``) — used only to check the cells.
    threshold : float, default 8
        Lowest rating (1–10) that counts as satisfied.
    product, service : str
        The two rating columns; they must differ (else a
        :class:`~crmlab.errors.ParameterError` says so).
    customer : str, default "customer_id"

    Returns
    -------
    dict
        ``matrix`` (:func:`crmlab.loyalty.loyalty_matrix`), ``churn``
        (:func:`crmlab.lifecycle.churn_rate` by cell: ``cell``, ``customers``, ``churned``,
        ``churn_rate``, ``relative_rate``), ``churn_by_cell`` (Series: churn rate of each of the
        four cells, NaN for an empty cell), ``overall_churn``, ``threshold``, and for the display
        ``table``, ``summary`` (HTML) and ``plot`` (draws
        :func:`crmlab.plots.plot_loyalty_matrix`; the explorer adds
        :func:`crmlab.plots.plot_churn_rate` beside it).
    """
    from .. import plots
    from ..lifecycle import churn_rate
    from ..plots.lifecycle import _update_churn_rate
    from ..plots.loyalty import _update_loyalty_matrix

    if product == service:
        raise ParameterError(
            _("Product and service are the same rating ({rating}): choose two different ratings.").format(
                rating=label(product, "column")
            )
        )
    matrix = loyalty.loyalty_matrix(surveys, product, service, threshold)
    cells = loyalty.loyalty_matrix_cells(surveys, product, service, threshold)
    groups = pd.DataFrame({customer: surveys[customer].to_numpy(), "cell": cells["cell"].to_numpy()})
    groups = groups[groups["cell"].notna()]
    churn = churn_rate(truth, "cell", groups=groups, customer=customer)
    by_cell = pd.Series(churn["churn_rate"].to_numpy(), index=churn["cell"].astype(str)).reindex(_CELLS)
    by_cell.index.name = "cell"
    total = int(churn["customers"].sum())
    overall = float(churn["churned"].sum()) / total if total else np.nan

    table = pd.DataFrame(
        {
            _("Customers"): matrix["n"].to_numpy(),
            _("Share"): matrix["share"].round(3).to_numpy(),
            _("Churn rate"): by_cell.round(3).to_numpy(),
        },
        index=pd.Index([label(c, "loyalty_cell") for c in _CELLS], name=_("Cell")),
    )
    share = matrix["share"]
    summary = _(
        "Satisfied = a rating of {t:g} or more. Loyal (both satisfied): {loyal:.0%} of respondents, "
        "churn {c_loyal}; destructive (neither): {destr:.0%}, churn {c_destr}. "
        "All respondents: churn {overall}."
    ).format(
        t=float(threshold),
        loyal=float(share["loyal"]),
        c_loyal=_percent(by_cell["loyal"]),
        destr=float(share["destructive"]),
        c_destr=_percent(by_cell["destructive"]),
        overall=_percent(overall),
    )
    return {
        "threshold": float(threshold),
        "matrix": matrix,
        "churn": churn,
        "churn_by_cell": by_cell,
        "overall_churn": overall,
        "table": table,
        "summary": f"<p>{summary}</p>",
        "plot": Picture(
            lambda ax: plots.plot_loyalty_matrix(matrix, ax=ax),
            lambda ax: _update_loyalty_matrix(ax, matrix),
            ("loyalty_matrix", tuple(matrix.index)),
        ),
        "plot_churn": Picture(
            lambda ax: plots.plot_churn_rate(churn, ax=ax),
            lambda ax: _update_churn_rate(ax, churn, regroup=True),  # the cells with respondents change
            "churn_rate",
        ),
    }


def _percent(value: float) -> str:
    return "–" if pd.isna(value) else f"{float(value):.0%}"


def _show(result: dict, view: Explorer) -> None:
    """Summary, table, and two pictures side by side: the matrix and churn by cell."""
    from ._base import draw

    view.summary.value = result["summary"]
    view.table.value = result["table"].to_html(border=0, float_format=lambda x: f"{x:,.3g}")
    draw(view, result["plot"], result["plot_churn"], figsize=(10.5, 4.0))


def loyalty_matrix_explorer(
    data: Mapping[str, pd.DataFrame] | None = None,
    threshold: int = 8,
) -> Explorer:
    """Explore the loyalty matrix: the "satisfied" threshold and the two rating columns.

    Parameters
    ----------
    data : mapping of tables, optional
        Needs ``surveys`` and ``truth_customers``. Default: the bundled company.
    threshold : int, default 8
        Starting threshold (1–10).

    Returns
    -------
    Explorer
        Shows the four cells' counts and shares, the churn rate of each cell (from the truth)
        and the matrix picture.
    """
    import ipywidgets as w

    if data is None:
        import crmlab

        data = {name: crmlab.load(name) for name in ("surveys", "truth_customers")}
    surveys = data["surveys"]
    truth = data["truth_customers"][["customer_id", "churned"]]
    style = {"description_width": "initial"}

    def options(columns):
        return [(label(c, "column"), c) for c in columns if c in surveys.columns]

    def make_controls() -> dict:
        return {
            "threshold": w.IntSlider(value=int(threshold), min=2, max=10, step=1,
                                     description=_("Satisfied from rating"), continuous_update=False, style=style),
            "product": w.Dropdown(options=options(RATING_COLUMNS), value="product_satisfaction",
                                  description=_("Product rating"), style=style),
            "service": w.Dropdown(options=options(RATING_COLUMNS), value="service_satisfaction",
                                  description=_("Service rating"), style=style),
        }

    controls = make_controls()

    def compute(threshold: int, product: str, service: str) -> dict:
        return loyalty_matrix_update(surveys, truth, threshold, product=product, service=service)

    return Explorer(
        N_("Loyalty matrix: product × service satisfaction"), controls, compute, show=_show, relabel=make_controls
    )
