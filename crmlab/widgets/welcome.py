"""The welcome lesson's explorer: browse the company's tables with their data-card definitions."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..errors import ParameterError
from ..i18n import N_, _, label

LESSON = "00"

__all__ = ["table_explorer", "table_update"]


def _first_date_column(frame: pd.DataFrame) -> str | None:
    """The first date column that says when a row arose (a birth date says something else:
    it is used only when there is no other date)."""
    dates = [col for col in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[col])]
    events = [col for col in dates if "birth" not in str(col)]
    return (events or dates or [None])[0]


def table_update(tables: Mapping[str, pd.DataFrame], name: str) -> dict:
    """What the table explorer shows for table ``name``.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The company's tables (e.g. :func:`crmlab.load_all`).
    name : str
        The table to show.

    Returns
    -------
    dict
        ``rows`` and ``columns`` (counts), ``card`` (one row per column: type and meaning from the
        data card), ``date_column`` (the first date column other than a birth date, or None), ``per_month`` (rows per
        calendar month of that column, if any), ``summary`` (HTML), ``table`` and ``plot``.

    Examples
    --------
    >>> import crmlab
    >>> out = table_update({"orders": crmlab.load("orders")}, "orders")
    >>> out["columns"]
    9
    """
    from ..simulate.schema import all_tables, dtype_of

    if name not in tables:
        raise ParameterError(
            _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name="name", choices=list(tables), got=repr(name)
            )
        )
    frame = tables[name]
    spec = all_tables().get(name)
    if spec is None:
        card = pd.DataFrame({"type": frame.dtypes.astype(str), "meaning": ""})
        about = ""
    else:
        card = pd.DataFrame(
            [(col, dtype_of(kind), _(text)) for col, kind, text in spec["columns"]],
            columns=["column", "type", "meaning"],
        ).set_index("column")
        about = _(spec["about"])
    date_col = _first_date_column(frame)
    per_month = None
    if date_col is not None:
        per_month = frame[date_col].dropna().dt.to_period("M").value_counts().sort_index()

    def plot(ax):
        from ..plots._base import finish

        if per_month is None or per_month.empty:
            ax.text(0.5, 0.5, _("This table has no dates."), ha="center", va="center")
            ax.set_axis_off()
            return finish(ax, label(name, "table"))
        import matplotlib.dates as mdates

        ax.plot(per_month.index.to_timestamp(), per_month.to_numpy(), marker=".")
        # a few readable ticks (year-month) instead of one crowded label every few months
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        return finish(ax, _("Rows per month"), label(date_col, "column"), _("rows"))

    summary = _("<b>{name}</b>: {rows:,} rows × {cols} columns. {about}").format(
        name=label(name, "table"), rows=len(frame), cols=frame.shape[1], about=about
    )
    # the column names and types are code (what a student types); the headers are for reading
    shown = card.rename(columns={"type": _("type"), "meaning": _("meaning")})
    shown.index.name = _("column") if card.index.name is not None else None
    return {
        "rows": len(frame),
        "columns": frame.shape[1],
        "card": card,
        "date_column": date_col,
        "per_month": per_month,
        "summary": summary,
        "table": shown,
        "plot": plot,
    }


def table_explorer(data: Mapping[str, pd.DataFrame] | None = None, *, show_truth: bool = False):
    """Pick a table of the company → its size, every column's meaning, rows per month.

    Parameters
    ----------
    data : mapping of str to DataFrame, optional
        The tables; default the bundled course data (:func:`crmlab.load_all`).
    show_truth : bool, default False
        Also offer the hidden ``truth_*`` tables.
    """
    import ipywidgets as w

    from ..data import load_all
    from ._base import Explorer

    tables = dict(load_all() if data is None else data)
    names = [n for n in tables if show_truth or not n.startswith("truth")]

    def make_controls() -> dict:
        options = [(label(n, "table"), n) for n in names]
        return {"name": w.Dropdown(options=options, value=names[0], description=_("Table"))}

    return Explorer(
        N_("The company's tables"), make_controls(), lambda name: table_update(tables, name), relabel=make_controls
    )
