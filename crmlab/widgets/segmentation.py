"""Lesson 04 explorer: data-driven segmentation (客户细分) with k-means.

Move the number of clusters k and choose the features to cluster on; the explorer shows each
cluster's profile (a snake plot), its size and suggested name, the persona mix inside it, the
mean silhouette and the agreement (ARI) with the customers' hidden personas.

:func:`segmentation_update` is the pure function behind it (a thin layer over
:func:`crmlab.segment.segment_update`); :func:`segmentation_explorer` computes the features
once and wires the controls.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import pandas as pd

from ..errors import ParameterError
from ..i18n import N_, _, label, ngettext
from ._base import Explorer, Picture

LESSON = "04"

__all__ = ["segmentation_explorer", "segmentation_update"]


def _cluster_table(out: dict) -> pd.DataFrame:
    """One row per cluster: name, customers, share and (with a truth) the main persona."""
    from ..plots.segment import _names

    sizes = out["sizes"].rename(columns={"segment": "cluster"})
    names = pd.Series(_names(out["names"]))
    table = pd.DataFrame(
        {
            _("Name"): sizes["cluster"].map(names).to_numpy(),
            _("Customers"): sizes["size"].to_numpy(),
            _("Share"): sizes["share"].to_numpy(),
        },
        index=pd.Index(sizes["cluster"].to_numpy(), name=_("Cluster")),
    )
    crosstab = out.get("crosstab")
    if crosstab is not None:
        counts = crosstab.reindex(table.index, fill_value=0)
        totals = counts.sum(axis=1).where(lambda s: s > 0)
        table[_("Main persona")] = [label(p, "persona") for p in counts.idxmax(axis=1)]
        table[_("Its share")] = (counts.max(axis=1) / totals).to_numpy()
    return table


def segmentation_update(
    features: pd.DataFrame,
    k: int = 4,
    columns: Iterable[str] | None = None,
    truth: object = None,
    *,
    random_state: int = 0,
) -> dict:
    """Everything the segmentation explorer shows, from plain parameters.

    Parameters
    ----------
    features : DataFrame
        Precomputed :func:`crmlab.segment.segmentation_features` (one row per customer).
    k : int, default 4
        Number of clusters.
    columns : list of str, optional
        Features to cluster on; None means :func:`crmlab.segment.default_columns`. An empty
        selection is an error (:class:`crmlab.errors.ParameterError`), as is a column with
        missing values (the survey expectations: most customers never answered).
    truth : DataFrame or Series, optional
        Known personas (``truth_customers``), only to check the clusters.
    random_state : int, default 0
        Seed of k-means.

    Returns
    -------
    dict
        Every key of :func:`crmlab.segment.segment_update` (``labels``, ``sizes``,
        ``profiles``, ``snake``, ``names``, ``inertia``, ``silhouette``, ``ari``, ``crosstab``
        …; its profile table of means is kept as ``profile_table``), plus what the explorer
        draws: ``table`` — one row per cluster (name, customers, share, and with a truth the
        main persona and its share of the cluster); ``summary`` — an HTML line with k, the
        number of features, the silhouette and the ARI; ``plot`` — a callable drawing the
        snake plot on a given axes, over every feature meant for clustering (those of
        :func:`crmlab.segment.feature_notes`, and the chosen ones), the features not clustered
        on shaded: the picture keeps its x axis whichever features are chosen.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"x": [0.0, 0.1, 0.2, 5.0, 5.1]})
    >>> segmentation_update(f, 2, ["x"])["table"]["Customers"].tolist()
    [3, 2]
    """
    fitted = _fitted(features, k, columns, truth, random_state)
    return _presented(fitted, _shown_features(features, fitted["columns"]))


def _fitted(features: pd.DataFrame, k: int, columns: Iterable[str] | None, truth: object, random_state: int = 0) -> dict:
    """:func:`crmlab.segment.segment_update` for :func:`segmentation_update` (an empty
    selection of features named as the explorer's user sees it)."""
    from ..segment import segment_update

    if columns is not None:
        if isinstance(columns, str) or not isinstance(columns, Iterable):
            columns = [columns]  # let segment_update report the type
        columns = list(columns)
        if not columns:
            raise ParameterError(_("No feature is selected: choose at least one feature to cluster on."))
    return segment_update(features, k, columns, truth, random_state=random_state)


def _shown_features(features: pd.DataFrame, columns: Iterable[str], options: Iterable[str] | None = None) -> list[str]:
    """The features the explorer's snake plot shows: every feature meant for clustering
    (``options``; default those of :func:`crmlab.segment.feature_notes`) and the chosen
    ``columns``, in the order of ``features``' columns."""
    if options is None:
        options = [col for _text, col in _clustering_options(features)]
    wanted = set(options) | set(columns)
    return [col for col in features.columns if col in wanted]


def _presented(fitted: dict, shown: list[str]) -> dict:
    """:func:`segmentation_update`'s result from :func:`crmlab.segment.segment_update`'s;
    ``shown``: the features of the snake plot (:func:`_shown_features`)."""
    from ..plots.segment import _update_snake, plot_snake
    from ..segment import snake_data

    out = dict(fitted)
    out["profile_table"] = out["table"]
    out["table"] = _cluster_table(out)
    parts = [
        ngettext("<b>k = {k}</b> clusters on {n} feature", "<b>k = {k}</b> clusters on {n} features",
                 len(out["columns"])).format(k=out["k"], n=len(out["columns"])),
        _("mean silhouette {s:.3f} (1 = well separated, 0 = overlapping)").format(s=out["silhouette"]),
    ]
    if out["ari"] is not None:
        parts.append(_("agreement with the hidden personas: ARI {a:.2f} (0 = chance, 1 = the same)").format(a=out["ari"]))
    out["summary"] = " · ".join(parts)
    profiles, names, columns = out["profiles"], out["names"], out["columns"]
    snake = snake_data(profiles[profiles["feature"].isin(shown)])  # in the features' order, as `shown`
    out["plot"] = Picture(
        lambda ax: plot_snake(snake, names, ax=ax, clustered=columns, legend=False),
        lambda ax: _update_snake(ax, snake, names, clustered=columns),
        "snake",
    )
    return out


def _clustering_options(features: pd.DataFrame) -> list[tuple[str, str]]:
    """(display text, column) of every column meant for clustering, in the features' order."""
    from ..plots.segment import _feature_text
    from ..segment import feature_notes

    notes = feature_notes(features)
    return [(_feature_text(col), col) for col in notes.loc[notes["cluster_on"], "feature"]]


def segmentation_explorer(data: object = None, *, k: int = 4, columns: Iterable[str] | None = None, truth: object = None):
    """k-means segmentation explorer: a k slider and a feature selection.

    Parameters
    ----------
    data : Dataset or mapping of tables, optional
        Needs ``orders``; ``surveys`` adds the survey expectation features and
        ``truth_customers`` the check against the personas. Default: the bundled course data.
    k : int, default 4
        Starting number of clusters (2–10).
    columns : list of str, optional
        Starting features (default :func:`crmlab.segment.default_columns`).
    truth : DataFrame, optional
        Personas to compare with; default ``data["truth_customers"]`` when present.

    Returns
    -------
    Explorer
        Display it in a notebook; ``.result`` holds the latest :func:`segmentation_update`.
    """
    import ipywidgets as w

    from ..segment import default_columns, segmentation_features

    if data is None:
        from ..data import load_all

        data = load_all()
    if isinstance(data, Mapping) and truth is None and "truth_customers" in data:
        truth = data["truth_customers"]
    features = segmentation_features(data)  # once: the update only clusters
    chosen = list(default_columns(features) if columns is None else columns)

    def make_controls() -> dict:
        options = _clustering_options(features)
        return {
            "k": w.IntSlider(value=k, min=2, max=10, step=1, description=_("Clusters k"), continuous_update=False),
            "columns": w.SelectMultiple(
                options=options,
                value=[c for c in chosen if c in {v for _t, v in options}],
                rows=10,
                description=_("Features"),
                layout=w.Layout(width="360px"),
            ),
        }

    controls = make_controls()
    return Explorer(
        N_("Customer segments found by k-means"), controls, _remembering(features, truth), relabel=make_controls, show=_show
    )


#: The size of the explorer's picture: wide enough for every clustering feature on its x axis.
FIGSIZE = (9.0, 4.2)


def _show(result: dict, view) -> None:
    """Summary, table, and the snake plot at :data:`FIGSIZE`. The picture has no legend: each
    cluster's number in the table is marked in the colour of its line (the table names them)."""
    from ._base import draw, show_default

    show_default({k: v for k, v in result.items() if k != "plot"}, view)
    view.table.value = _marked(view.table.value, len(result["table"]))
    draw(view, result["plot"], figsize=FIGSIZE)


def _marked(html: str, rows: int) -> str:
    """The cluster table's HTML with a square in the colour of cluster i's line (matplotlib's
    colour "Ci") before the number heading row i of its body."""
    import re

    from matplotlib.colors import to_hex

    head, sep, body = html.partition("<tbody>")
    if not sep:
        return html
    cells = iter(range(rows))

    def mark(match: re.Match) -> str:
        i = next(cells, None)
        if i is None:
            return match.group(0)
        colour = to_hex(f"C{i % 10}")
        return f"{match.group(1)}<span style='color:{colour}'>&#9632;</span> {match.group(2)}"

    return head + sep + re.sub(r"(<tr>\s*<th>)([^<]*)", mark, body)


def _remembering(features: pd.DataFrame, truth: object, most: int = 32):
    """:func:`segmentation_update` on ``features``, remembering the last ``most`` segmentations
    (k, features and language): going back to a k already seen answers at once."""
    from ..i18n import get_language
    from ..segment.agreement import _known_personas

    if truth is not None:
        truth = _known_personas(truth)  # checked once, not at every segmentation
    options = [col for _text, col in _clustering_options(features)]

    @functools.lru_cache(maxsize=most)
    def fitted(_language: str, k: int, columns: tuple | None) -> dict:  # the language names the clusters
        return _fitted(features, k, columns, truth)

    def compute(k: int = 4, columns: Iterable[str] | None = None) -> dict:
        result = fitted(get_language(), k, None if columns is None else tuple(columns))
        return _presented(result, _shown_features(features, result["columns"], options))

    return compute

