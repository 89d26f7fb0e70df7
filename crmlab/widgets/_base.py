"""The shape every explorer shares: a pure ``compute`` function wired to ipywidgets controls.

An explorer is built from

* ``controls`` — named ipywidgets (sliders, dropdowns …) whose ``.value`` are the inputs;
* ``compute(**values)`` — a pure function returning a dict of results (DataFrames, numbers,
  text); this is what the tests exercise with known answers;
* ``show(result, view)`` — puts the result into the view's outputs (a figure, a table, a
  summary line).

Moving a control recomputes and redraws. ``Explorer.result`` always holds the latest result,
and ``Explorer.timings`` the seconds each update took (``compute_timings``: the computing
part alone), so wiring and speed can be tested without a browser.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..i18n import _


class Explorer:
    """Controls + a pure compute function + a renderer, displayed as one widget."""

    def __init__(
        self,
        title: str,
        controls: dict[str, object],
        compute: Callable[..., dict],
        show: Callable[[dict, Explorer], None] | None = None,
    ):
        import ipywidgets as w

        self.title = title
        self.controls = controls
        self._compute = compute
        self._show = show or show_default
        self.summary = w.HTML()
        self.figure = w.Output()
        self.table = w.HTML()
        self.result: dict | None = None
        self.timings: list[float] = []  # seconds per update, compute and redraw
        self.compute_timings: list[float] = []  # seconds per update, compute only
        self.error = w.HTML()
        self._margins: dict = {}  # figure margins per figure shape, see draw()
        for control in controls.values():
            control.observe(self._changed, names="value")
        box_layout = w.Layout(flex_flow="row wrap", align_items="flex-start")
        self.widget = w.VBox(
            [
                w.HTML(f"<h3 style='margin:4px 0'>{_(title)}</h3>"),
                w.HBox(list(controls.values()), layout=box_layout),
                self.error,
                self.summary,
                w.HBox([self.figure, self.table], layout=box_layout),
            ]
        )
        # CSS hooks for the browser tests and for styling
        self.widget.add_class("crmlab-explorer")
        self.summary.add_class("crmlab-summary")
        self.table.add_class("crmlab-table")
        self.figure.add_class("crmlab-figure")
        self.error.add_class("crmlab-error")
        self.refresh()

    def values(self) -> dict[str, object]:
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> dict | None:
        """Recompute from the controls' current values and redraw."""
        from ..errors import CrmlabError

        start = time.perf_counter()
        try:
            self.result = self._compute(**self.values())
        except CrmlabError as exc:  # a bad combination of controls: say so, keep the last view
            self.error.value = f"<span style='color:#b00'>{exc}</span>"
            return None
        computed = time.perf_counter()
        self.error.value = ""
        self._show(self.result, self)
        self.compute_timings.append(computed - start)
        self.timings.append(time.perf_counter() - start)
        return self.result

    def _changed(self, _change) -> None:
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def show_default(result: dict, view: Explorer) -> None:
    """Summary line from ``result["summary"]``, table from ``result["table"]``, figure from
    ``result["plot"]`` (a callable drawing on a given axes)."""
    view.summary.value = result.get("summary", "")
    table = result.get("table")
    view.table.value = "" if table is None else table.to_html(max_rows=15, border=0, float_format=lambda x: f"{x:,.3g}")
    plot = result.get("plot")
    if plot is not None:
        draw(view, plot)


def draw(view: Explorer, *plots: Callable, figsize: tuple[float, float] | None = None) -> None:
    """Redraw ``view.figure`` with one panel per ``plot(ax)`` callable, side by side, on a fresh
    figure (closed after display)."""
    import io

    import matplotlib.pyplot as plt
    from IPython import get_ipython
    from IPython.display import Image, display

    if figsize is None:
        figsize = (6.0, 3.8) if len(plots) == 1 else (5.4 * len(plots), 4.0)
    with plt.ioff():
        # 80 dpi keeps a redraw well under the explorers' time budget and is sharp enough on screen
        fig, axes = plt.subplots(1, len(plots), figsize=figsize, squeeze=False, dpi=80)
        for plot, ax in zip(plots, axes[0]):
            plot(ax)
        # A tight layout costs a full extra draw: work it out on the first redraw of this
        # shape, then reuse its margins (the labels barely move between two control values).
        key = (len(plots), figsize)
        margins = view._margins.get(key)
        if margins is None:
            fig.tight_layout()
            p = fig.subplotpars
            view._margins[key] = dict(left=p.left, right=p.right, bottom=p.bottom, top=p.top, wspace=p.wspace)
        else:
            fig.subplots_adjust(**margins)
    # Render the PNG here, once (the inline backend would add a second, "tight" drawing pass);
    # outside a kernel nothing can show it, but the rendering is still done so timings are honest.
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=fig.dpi)
    plt.close(fig)
    if get_ipython() is not None:
        view.figure.clear_output(wait=True)
        with view.figure:
            display(Image(data=png.getvalue(), format="png"))
