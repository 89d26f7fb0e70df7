"""Explorers keep one figure across updates and redraw it in place; the picture still follows
the controls, and looks exactly as if it had been drawn from scratch."""

from __future__ import annotations

import io
from types import SimpleNamespace

import ipywidgets as w
import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import crmlab
from crmlab.i18n import label
from crmlab.widgets._base import Explorer, Picture, draw
from crmlab.widgets.capstone import next_purchase_explorer
from crmlab.widgets.data_quality import data_quality_explorer
from crmlab.widgets.lifecycle import lifecycle_explorer
from crmlab.widgets.loyalty import loyalty_matrix_explorer
from crmlab.widgets.segmentation import FIGSIZE, segmentation_explorer


@pytest.fixture(scope="module")
def tables():
    return crmlab.load_all()


def _pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def _same_picture(view, fresh: bytes) -> None:
    """``view.png`` looks exactly like ``fresh`` (the same result drawn from scratch).

    An update that draws only what changed over the rest of the figure kept from before draws
    the changed cells after the tick marks, where a whole drawing draws them before: the two
    may then differ in the pixel where a tick mark meets the frame of the axes, and nowhere
    else. So: equal, except at most a pixel per tick on the frame of an axes.
    """
    a, b = _pixels(view.png), _pixels(fresh)
    assert a.shape == b.shape
    rows, cols = np.nonzero(np.abs(a - b).max(axis=2))
    if not len(rows):
        return
    fig = _figure(view)
    height = a.shape[0]
    ticks = 0
    frames = []
    for ax in fig.axes:
        box = ax.get_window_extent()
        frames.append((box.x0, box.x1, height - box.y1, height - box.y0))
        ticks += len(ax.get_xticks()) + len(ax.get_yticks())
    def on_frame(y, x):
        for x0, x1, y0, y1 in frames:
            near_x = min(abs(x - x0), abs(x + 1 - x1)) <= 1.5 and y0 - 1.5 <= y <= y1 + 1.5
            near_y = min(abs(y - y0), abs(y + 1 - y1)) <= 1.5 and x0 - 1.5 <= x <= x1 + 1.5
            if near_x or near_y:
                return True
        return False

    off = [(int(y), int(x)) for y, x in zip(rows, cols) if not on_frame(y, x)]
    assert not off, f"{len(off)} pixels differ away from the frames, e.g. {off[:5]}"
    assert len(rows) <= ticks, f"{len(rows)} pixels differ on the frames, for {ticks} ticks"


def _figure(view):
    """The explorer's only kept figure."""
    canvases = list(view._canvases.values())
    assert len(canvases) == 1
    return canvases[0].figure


def _from_scratch(view, *plots, figsize) -> bytes:
    """The same result drawn on a new figure (with the explorer's margins)."""
    bare = SimpleNamespace(_margins=dict(view._margins), _canvases={}, png=None)
    draw(bare, *plots, figsize=figsize)
    return bare.png


def _draws(fig) -> list:
    """Count the drawing passes of ``fig`` from now on."""
    events = []
    fig.canvas.mpl_connect("draw_event", events.append)
    return events


def test_loyalty_matrix_is_updated_in_place(tables):
    view = loyalty_matrix_explorer(tables)
    fig = _figure(view)
    matrix_ax, churn_ax = fig.axes
    (mesh,), texts, bars = matrix_ax.collections, list(matrix_ax.texts), list(churn_ax.containers[0])
    first = view.png
    draws = _draws(fig)

    view.controls["threshold"].value = 6

    assert _figure(view) is fig and fig.axes == [matrix_ax, churn_ax]
    # the same artists, holding the new values
    assert list(matrix_ax.collections) == [mesh] and list(matrix_ax.texts) == texts
    assert list(churn_ax.containers[0]) == bars
    matrix = view.result["matrix"]
    assert matrix_ax.get_title() == "Loyalty matrix (satisfied = 6 or more)"
    loyal = next(t.get_text() for t in texts if t.get_text().startswith(label("loyal")))
    assert loyal == f"{label('loyal')}\n{int(matrix.loc['loyal', 'n']):,}\n{float(matrix.loc['loyal', 'share']):.0%}"
    # the heat map's cells hold the shares: service satisfied on the top row, product satisfied on the right
    shown = {"loyal": (0, 1), "hopeful": (0, 0), "easily_poached": (1, 1), "destructive": (1, 0)}
    for cell, (i, j) in shown.items():
        assert mesh.get_array()[i, j] == pytest.approx(matrix.loc[cell, "share"])
    churn = view.result["churn"]
    np.testing.assert_allclose([b.get_height() for b in bars], churn["churn_rate"].to_numpy(dtype=float))
    # one drawing pass per update, a new picture, the same as drawn from scratch
    assert len(draws) == 1
    assert view.png != first
    fresh = _from_scratch(view, view.result["plot"], view.result["plot_churn"], figsize=(10.5, 4.0))
    _same_picture(view, fresh)

    before = [t.get_text() for t in churn_ax.get_xticklabels()]
    view.controls["threshold"].value = 2  # nearly everyone satisfied: a cell with no respondent drops out
    churn = view.result["churn"]
    assert len(churn) < len(before) and fig.axes == [matrix_ax, churn_ax]
    assert [t.get_text() for t in churn_ax.get_xticklabels()] == [label(c, "loyalty_cell") for c in churn["cell"].astype(str)]
    np.testing.assert_allclose([b.get_height() for b in churn_ax.containers[0]], churn["churn_rate"].to_numpy(dtype=float))
    fresh = _from_scratch(view, view.result["plot"], view.result["plot_churn"], figsize=(10.5, 4.0))
    _same_picture(view, fresh)


def test_lifecycle_explorer_redraws_every_control_in_place(tables):
    view = lifecycle_explorer(tables)
    fig = _figure(view)
    churn_ax, retention_ax = fig.axes
    retention = view.result["retention"]  # "all": the table; the mean of the cohorts highlighted
    (grey,) = retention_ax.collections
    (curve,) = retention_ax.lines
    np.testing.assert_allclose(curve.get_ydata(), retention.mean(axis=0).dropna().to_numpy(dtype=float))
    bars = list(churn_ax.containers[0])

    view.controls["threshold"].value = 360
    rates = view.result["rates"]
    assert list(churn_ax.containers[0]) == bars
    np.testing.assert_allclose([b.get_height() for b in bars], rates["churn_rate"].to_numpy(dtype=float))
    diamonds = [line for line in churn_ax.lines if line.get_marker() == "D"]
    np.testing.assert_allclose(diamonds[0].get_ydata(), rates["true_churn_rate"].to_numpy(dtype=float))

    view.controls["by"].value = "membership_tier"  # other groups: new bars on the same axes
    rates = view.result["rates"]
    assert fig.axes == [churn_ax, retention_ax] and len(churn_ax.containers) == 1
    heights = [b.get_height() for b in churn_ax.containers[0]]
    np.testing.assert_allclose(heights, rates["churn_rate"].to_numpy(dtype=float))
    assert [t.get_text() for t in churn_ax.get_xticklabels()] == [label(g, "membership_tier") for g in rates["membership_tier"].astype(str)]
    np.testing.assert_allclose(diamonds[0].get_xydata(), np.column_stack([np.arange(len(rates)), rates["true_churn_rate"]]))
    fresh = _from_scratch(view, view.result["plot"], view.result["plot_retention"], figsize=(11.5, 4.0))
    _same_picture(view, fresh)

    oldest, second = retention.index[:2]
    for cohort in (oldest, second):
        view.controls["cohort"].value = cohort
        assert list(retention_ax.collections) == [grey] and list(retention_ax.lines) == [curve]  # the same artists
        np.testing.assert_allclose(curve.get_ydata(), retention.loc[cohort].dropna().to_numpy(dtype=float))
        np.testing.assert_array_equal(curve.get_xdata(), retention.loc[cohort].dropna().index.to_numpy())
        assert retention_ax.get_title() == f"Retention of cohort {cohort}"
    fresh = _from_scratch(view, view.result["plot"], view.result["plot_retention"], figsize=(11.5, 4.0))
    _same_picture(view, fresh)

    view.controls["cohort"].value = "all"
    assert _figure(view) is fig and fig.axes == [churn_ax, retention_ax]
    assert retention_ax.get_title() == "Mean retention of the cohorts"
    fresh = _from_scratch(view, view.result["plot"], view.result["plot_retention"], figsize=(11.5, 4.0))
    _same_picture(view, fresh)

def test_rfm_heat_map_is_updated_in_place(tables):
    from crmlab.widgets.value import rfm_explorer

    view = rfm_explorer(tables)
    fig = _figure(view)
    ax = fig.axes[0]
    (mesh,), texts = ax.collections, list(ax.texts)
    grid = view.result["scores"].groupby(["r_score", "f_score"])["monetary"].mean().unstack().loc[::-1]
    np.testing.assert_allclose(mesh.get_array(), grid.to_numpy())  # R = 5 on top, F = 1 on the left
    assert texts[0].get_text() == f"{grid.iat[0, 0]:,.0f}"

    view.controls["segment"].value = "at_risk"  # the same scores: the same picture, not drawn again
    assert list(ax.collections) == [mesh] and list(ax.texts) == texts
    fresh = _from_scratch(view, view.result["plot"], figsize=(6.0, 3.8))
    _same_picture(view, fresh)

    view.controls["segment"].value = "all"
    view.controls["bins"].value = 3  # another grid: drawn again
    grid = view.result["scores"].groupby(["r_score", "f_score"])["monetary"].mean().unstack().loc[::-1]
    (mesh,) = ax.collections
    np.testing.assert_allclose(mesh.get_array(), grid.to_numpy())
    assert len(fig.axes) == 2  # the panel and one colour bar
    fresh = _from_scratch(view, view.result["plot"], figsize=(6.0, 3.8))
    _same_picture(view, fresh)


@pytest.mark.parametrize("stat", ["mean", "count"])
def test_a_heat_map_updated_with_other_values_looks_drawn_from_scratch(tables, stat):
    """New values, colour limits, cell texts and text colours, as seaborn would draw them."""
    from crmlab.plots.value import _update_rfm_heatmap, plot_rfm_heatmap
    from crmlab.value import rfm, rfm_scores

    scores = rfm_scores(rfm(tables["orders"]))
    half = scores.iloc[: len(scores) // 2]
    view = SimpleNamespace(_margins={}, _canvases={}, png=None)

    def picture(frame):
        return Picture(lambda ax: plot_rfm_heatmap(frame, stat=stat, ax=ax),
                       lambda ax: _update_rfm_heatmap(ax, frame, stat=stat), "rfm")

    draw(view, picture(scores), figsize=(6.0, 3.8))
    ax = _figure(view).axes[0]
    (mesh,), texts = ax.collections, list(ax.texts)
    before = view.png
    draw(view, picture(half), figsize=(6.0, 3.8))
    assert list(ax.collections) == [mesh] and list(ax.texts) == texts  # updated in place
    grid = half.groupby(["r_score", "f_score"])["monetary"].agg("mean" if stat == "mean" else "size").unstack().loc[::-1]
    np.testing.assert_allclose(mesh.get_array(), grid.to_numpy())
    assert mesh.get_clim() == (grid.min().min(), grid.max().max())
    assert view.png != before
    fresh = _from_scratch(view, picture(half), figsize=(6.0, 3.8))
    _same_picture(view, fresh)


def test_snake_plot_follows_the_number_of_clusters(tables):
    from matplotlib.colors import to_hex

    view = segmentation_explorer(tables)
    fig = _figure(view)
    ax = fig.axes[0]
    options = [value for _text, value in view.controls["columns"].options]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert len(ticks) == len(options)  # every feature meant for clustering
    for k in (6, 3):
        view.controls["k"].value = k
        lines = [line for line in ax.lines if line.get_marker() == "o"]
        assert len(lines) == k
        assert ax.get_legend() is None  # the table names the clusters, in the colours of the lines
        for c, line in enumerate(lines):
            colour = to_hex(line.get_color())
            assert colour == to_hex(f"C{c}")
            assert f"<span style='color:{colour}'>&#9632;</span> {c}</th>" in view.table.value
        profiles = view.result["profiles"].set_index(["cluster", "feature"])["z"]
        for c, line in enumerate(lines):
            np.testing.assert_allclose(line.get_ydata(), profiles.loc[c].reindex(options).to_numpy())
        fresh = _from_scratch(view, view.result["plot"], figsize=FIGSIZE)
        _same_picture(view, fresh)
    chosen = list(view.controls["columns"].value)
    view.controls["columns"].value = tuple(chosen[1:])  # one feature fewer: shaded, the x axis stays
    assert [t.get_text() for t in ax.get_xticklabels()] == ticks
    shaded = sorted(round(p.get_x() + p.get_width() / 2) for p in ax.patches if p.get_gid() == "crmlab-not-clustered")
    assert shaded == [i for i, col in enumerate(options) if col not in chosen[1:]]
    fresh = _from_scratch(view, view.result["plot"], figsize=FIGSIZE)
    _same_picture(view, fresh)
    assert _figure(view) is fig


def test_next_purchase_histogram_gets_new_heights(tables):
    view = next_purchase_explorer(tables)
    fig = _figure(view)
    ax = fig.axes[0]
    bars = [list(c) for c in ax.containers]
    view.controls["min_purchases"].value = 6
    assert [list(c) for c in ax.containers] == bars
    errors = view.result["errors"]
    bins = np.linspace(-120, 120, 41)
    for container, col in zip(ax.containers, ("global_mean_gap", "personal_rhythm")):
        counts, _edges = np.histogram(np.clip(errors[col].to_numpy(), -120, 120), bins=bins)
        assert [b.get_height() for b in container] == counts.tolist()
    assert ax.get_ylim()[1] >= max(b.get_height() for c in ax.containers for b in c)
    fresh = _from_scratch(view, view.result["plot"], figsize=(6.0, 3.8))
    _same_picture(view, fresh)

    # another due window, the same customers and errors: nothing is drawn again, the picture stays
    before, draws = view.png, _draws(fig)
    view.controls["due_days"].value = view.controls["due_days"].value + 5
    pd.testing.assert_frame_equal(view.result["errors"], errors)
    assert len(draws) == 0 and view.png == before
    assert [b.get_height() for c in ax.containers for b in c] == [b.get_height() for c in bars for b in c]


def test_data_quality_curves_move_in_place():
    view = data_quality_explorer()
    fig = _figure(view)
    ax = fig.axes[0]
    lines = list(ax.lines)
    for threshold in (42.5, 90.0):  # a threshold between the curve's points adds one to it
        view.controls["threshold"].value = threshold
        curve = view.result["curve"]
        assert list(ax.lines) == lines  # the same lines, new data
        np.testing.assert_allclose(lines[0].get_xydata(), curve[["threshold", "precision"]].to_numpy(dtype=float))
        np.testing.assert_allclose(lines[1].get_ydata(), curve["recall"].to_numpy(dtype=float))
        assert list(lines[-1].get_xdata()) == [threshold, threshold]
        fresh = _from_scratch(view, view.result["plot"], figsize=(6.0, 3.8))
        _same_picture(view, fresh)


def _compute(k: int) -> dict:
    return {"summary": str(k), "table": pd.DataFrame({"x": range(k)}), "plot": lambda ax: ax.plot(np.arange(k) ** 2)}


def test_a_plain_plot_callable_is_drawn_on_cleared_axes():
    slider = w.IntSlider(value=2, min=1, max=9)
    view = Explorer("Demo", {"k": slider}, _compute)
    fig = _figure(view)
    first = view.png
    for k in (5, 7):
        slider.value = k
        (ax,) = fig.axes
        assert len(ax.lines) == 1  # the earlier line was cleared away
        np.testing.assert_array_equal(ax.lines[0].get_ydata(), np.arange(k) ** 2)
    assert _figure(view) is fig and view.png != first


def test_a_picture_whose_update_fails_is_drawn_from_scratch():
    calls = []

    def compute(k: int) -> dict:
        def full(ax):
            calls.append(("draw", k))
            ax.bar(range(k), np.ones(k))
            return ax

        def update(ax):
            calls.append(("update", k))
            if len(ax.patches) != k:
                return False
            for bar in ax.patches:
                bar.set_height(2.0)
            return True

        return {"plot": Picture(full, update, kind="bars")}

    slider = w.IntSlider(value=3, min=1, max=9)
    view = Explorer("Demo", {"k": slider}, compute)
    slider.value = 3 if slider.value != 3 else 4
    ax = _figure(view).axes[0]
    assert calls == [("draw", 3), ("update", 4), ("draw", 4)]
    assert len(ax.patches) == 4 and [p.get_height() for p in ax.patches] == [1.0] * 4
    view.refresh()
    assert calls[-1] == ("update", 4) and [p.get_height() for p in ax.patches] == [2.0] * 4


def test_a_language_change_between_updates_is_followed(tables, fake_translation):
    view = loyalty_matrix_explorer(tables)
    matrix_ax = _figure(view).axes[0]
    assert matrix_ax.get_title() == "Loyalty matrix (satisfied = 8 or more)"
    fake_translation({
        "Loyalty matrix: product × service satisfaction": "忠诚矩阵：产品 × 服务满意度",
        "Loyalty matrix (satisfied = {t:g} or more)": "忠诚矩阵（{t:g}分及以上为满意）",
        ("loyalty_cell", "loyal"): "忠诚型",
        "Churn rate": "流失率",
        "Product rating": "产品评分",
        ("column", "satisfaction with the products"): "对产品的满意度",
    })
    updates = len(view.timings)
    view.controls["threshold"].value = 7
    assert len(view.timings) == updates + 1  # relabelling the controls does not update on its own
    product = view.controls["product"]  # the controls speak the new language, their values stay
    assert product.description == "产品评分" and product.label == "对产品的满意度"
    assert product.value == "product_satisfaction" and view.controls["threshold"].value == 7
    assert "忠诚矩阵：产品 × 服务满意度" in view.heading.value  # the heading follows at the next update
    fig = _figure(view)
    matrix_ax, churn_ax = fig.axes
    assert matrix_ax.get_title() == "忠诚矩阵（7分及以上为满意）"
    assert any(t.get_text().startswith("忠诚型\n") for t in matrix_ax.texts)
    assert churn_ax.get_ylabel() == "流失率"  # drawn again from scratch in the new language
    assert "忠诚型" in view.table.value


def _explorer_names() -> list[str]:
    from crmlab.widgets import lesson_explorers

    return [name for names in lesson_explorers().values() for name in names]


def _a_few_values(control) -> list:
    """Two other values of a control, then its own again."""
    if isinstance(control, (w.IntSlider, w.FloatSlider)):
        return [control.max, control.min, control.value]
    if isinstance(control, w.Dropdown):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [o for o in options if o != control.value][:2] + [control.value]
    if isinstance(control, w.Checkbox):
        return [not control.value, control.value]
    if isinstance(control, w.SelectMultiple):
        start = tuple(control.value)
        return [start[1:], start] if len(start) > 1 else []
    return []


@pytest.mark.parametrize("name", _explorer_names())
def test_every_update_looks_like_a_whole_drawing_of_its_figure(tables, name):
    """Whatever an update draws again, and whatever it leaves from the drawing before, the
    picture shown is the explorer's figure as a whole drawing of it would show it."""
    import crmlab.widgets as widgets

    view = getattr(widgets, name)(tables)
    moves = 0
    for control in view.controls.values():
        for value in _a_few_values(control):
            control.value = value
            moves += 1
            (canvas,) = [c for c in view._canvases.values() if c.figure.canvas.get_width_height() == _pixels(view.png).shape[1::-1]][:1]
            whole = io.BytesIO()
            canvas.figure.savefig(whole, format="png", dpi=canvas.figure.dpi)
            _same_picture(SimpleNamespace(png=view.png, _canvases={0: canvas}), whole.getvalue())
    assert moves >= 2


def test_rfm_heat_map_for_every_number_of_levels_looks_drawn_from_scratch(tables):
    """New cells for another number of score levels are drawn without seaborn's own drawing
    pass; the numbers are written up to 7 levels (smaller cells only have their colour)."""
    from crmlab.plots.value import WRITTEN_LEVELS
    from crmlab.widgets.value import rfm_explorer

    view = rfm_explorer(tables)
    ax = _figure(view).axes[0]
    for bins in (WRITTEN_LEVELS, WRITTEN_LEVELS + 1, 10, 6, 2):
        view.controls["bins"].value = bins
        grid = view.result["scores"].groupby(["r_score", "f_score"])["monetary"].mean().unstack()
        filled = int(grid.notna().to_numpy().sum())
        assert len(ax.texts) == (filled if bins <= WRITTEN_LEVELS else 0)
        assert [t.get_text() for t in ax.get_xticklabels()] == [str(i) for i in range(1, bins + 1)]
        _same_picture(view, _from_scratch(view, view.result["plot"], figsize=(6.0, 3.8)))
