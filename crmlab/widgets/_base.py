"""The shape every explorer shares: a pure ``compute`` function wired to ipywidgets controls.

An explorer is built from

* ``controls`` — named ipywidgets (sliders, dropdowns …) whose ``.value`` are the inputs;
* ``compute(**values)`` — a pure function returning a dict of results (DataFrames, numbers,
  text); this is what the tests exercise with known answers;
* ``show(result, view)`` — puts the result into the view's outputs (a figure, a table, a
  summary line).

Moving a control recomputes and redraws. ``Explorer.result`` always holds the latest result,
``Explorer.png`` the latest picture and ``Explorer.timings`` the seconds each update took
(``compute_timings``: the computing part alone), so wiring and speed can be tested without a
browser.

An explorer keeps its matplotlib figure from one update to the next (see :func:`draw`): a
result's ``plot`` may be a :class:`Picture`, which changes the data of the artists already on
its axes instead of drawing them again — building axes, ticks and texts is most of the cost of
a redraw.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..i18n import _


class Explorer:
    """Controls + a pure compute function + a renderer, displayed as one widget.

    ``title`` is the English heading, marked where it is written (``N_("RFM segments")``): it is
    translated each time the explorer updates, so it follows :func:`crmlab.set_language`.
    ``relabel`` (optional) builds the same controls anew, in the language of the moment: when the
    language has changed since the last update, the controls take their descriptions and option
    labels from it (their values stay).
    """

    def __init__(
        self,
        title: str,
        controls: dict[str, object],
        compute: Callable[..., dict],
        show: Callable[[dict, Explorer], None] | None = None,
        relabel: Callable[[], dict[str, object]] | None = None,
    ):
        import ipywidgets as w

        from ..i18n import get_language

        self.title = title
        self.controls = controls
        self._relabel = relabel
        self._language = get_language()
        self._quiet = False  # True while the controls are relabelled: no update per option list
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
        self._canvases: dict = {}  # the figure kept for each figure shape, see draw()
        self.png: bytes | None = None  # the latest picture, as drawn by draw()
        self.heading = w.HTML(self._heading())
        for control in controls.values():
            control.observe(self._changed, names="value")
        box_layout = w.Layout(flex_flow="row wrap", align_items="flex-start")
        self.widget = w.VBox(
            [
                self.heading,
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

    def _heading(self) -> str:
        return f"<h3 style='margin:4px 0'>{_(self.title)}</h3>"

    def values(self) -> dict[str, object]:
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> dict | None:
        """Recompute from the controls' current values and redraw."""
        from ..errors import CrmlabError

        start = time.perf_counter()
        self._follow_language()
        self.heading.value = self._heading()  # in the language of now
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
        if not self._quiet:
            self.refresh()

    def _follow_language(self) -> None:
        """Give the controls their texts in the current language if it changed since the last update."""
        from ..i18n import get_language

        language = get_language()
        if language == self._language:
            return
        self._language = language
        if self._relabel is None:
            return
        fresh = self._relabel()
        self._quiet = True
        try:
            for name, control in self.controls.items():
                new = fresh.get(name)
                if new is None:
                    continue
                control.description = new.description
                options = getattr(new, "options", None)
                if options is not None and list(options) != list(control.options):
                    value = control.value
                    control.options = options  # resets the value: put it back
                    control.value = value
        finally:
            self._quiet = False

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


class Picture:
    """One panel's drawing that can also redraw itself in place.

    ``picture(ax)`` draws from scratch, like any ``plot(ax)`` callable, and returns the axes.
    When the same axes of an explorer's figure last showed a picture of the same ``kind`` (any
    hashable: a name plus whatever fixes the layout, such as the group names of a bar chart),
    :func:`draw` calls ``picture.update(ax)`` instead: it changes the data of the artists
    already there (bar heights, line data, image data, texts) and returns True, or returns False
    when it cannot, and the axes are then cleared and drawn from scratch. Updating keeps the
    axes' ticks and texts, which is most of the cost of a redraw.
    """

    def __init__(self, draw: Callable, update: Callable | None = None, kind: object = None):
        self._draw = draw
        self._update = update
        self.kind = kind if update is not None else None

    def __call__(self, ax):
        return self._draw(ax)

    def update(self, ax) -> bool:
        return self._update is not None and bool(self._update(ax))


class _Canvas:
    """An explorer's figure for one layout (number of panels, size), kept across updates."""

    def __init__(self, panels: int, figsize: tuple[float, float]):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from ..plots.fonts import prepare

        prepare()  # before the figure is made: its texts take the fonts of now

        # Not a pyplot figure: nothing displays it on its own and nothing needs to close it.
        # 80 dpi keeps a redraw well under the explorers' time budget and is sharp enough on screen.
        self.figure = Figure(figsize=figsize, dpi=80)
        FigureCanvasAgg(self.figure)
        self.axes = list(self.figure.subplots(1, panels, squeeze=False)[0])
        self.specs = [ax.get_subplotspec() for ax in self.axes]
        self.kinds: list[object] = [None] * panels  # kind of the picture last drawn on each panel
        self.drawn = [False] * panels
        self.extra: list[list] = [[] for _ in range(panels)]  # axes a picture added (colour bar, twin)

    def paint(self, i: int, plot: Callable) -> None:
        """Show ``plot`` on panel ``i``: in place when possible, else from scratch."""
        from ..i18n import get_language

        ax = self.axes[i]
        kind = getattr(plot, "kind", None)
        if kind is not None:
            kind = (get_language(), kind)  # texts set by a full drawing follow the language
            if self.drawn[i] and self.kinds[i] == kind and plot.update(ax):
                return
        if self.drawn[i]:
            for extra in self.extra[i]:
                extra.remove()
            ax.cla()
            ax.set_subplotspec(self.specs[i])  # a colour bar shrinks its axes' cell
            _reset(ax)
        before = set(self.figure.axes)
        self.kinds[i], self.drawn[i] = None, True
        plot(ax)
        self.extra[i] = [a for a in self.figure.axes if a not in before]
        self.kinds[i] = kind


def _reset(ax) -> None:
    """What ``ax.cla()`` leaves as a picture set it: the spines' visibility (a seaborn heat map
    hides them) and the aspect (a square heat map), as a new axes has them."""
    import matplotlib as mpl

    for name, spine in ax.spines.items():
        spine.set_visible(mpl.rcParams[f"axes.spines.{name}"])
    ax.set_aspect("auto")
    ax.set_adjustable("box")


def draw(view: Explorer, *plots: Callable, figsize: tuple[float, float] | None = None) -> None:
    """Redraw ``view.figure`` with one panel per ``plot(ax)`` callable, side by side.

    The explorer keeps one figure per layout (number of panels and size) and reuses it: a
    :class:`Picture` whose kind matches the panel's last picture updates its artists in place;
    any other callable gets the panel's axes cleared (``ax.cla()``) and draws on them.
    """
    import io

    from IPython import get_ipython
    from IPython.display import Image, display

    if figsize is None:
        figsize = (6.0, 3.8) if len(plots) == 1 else (5.4 * len(plots), 4.0)
    key = (len(plots), figsize)
    canvas = view._canvases.get(key)
    if canvas is None:
        canvas = view._canvases[key] = _Canvas(len(plots), figsize)
    fig = canvas.figure
    for i, plot in enumerate(plots):
        canvas.paint(i, plot)
    # A tight layout costs a full extra draw: work it out on the first redraw of this
    # shape, then reuse its margins (the labels barely move between two control values).
    margins = view._margins.get(key)
    if margins is None:
        fig.tight_layout()
        # tight_layout leaves a placeholder layout engine behind, and with any engine set
        # savefig draws the figure twice; this figure is kept, so drop it.
        fig.set_layout_engine(None)
        p = fig.subplotpars
        view._margins[key] = dict(left=p.left, right=p.right, bottom=p.bottom, top=p.top, wspace=p.wspace)
    else:
        fig.subplots_adjust(**margins)
    # Render the PNG here, once (the inline backend would add a second, "tight" drawing pass);
    # outside a kernel nothing can show it, but the rendering is still done so timings are honest.
    # zlib level 1: about as small as the default level 6 for these pictures, and faster to encode.
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=fig.dpi, pil_kwargs={"compress_level": 1})
    view.png = png.getvalue()
    if get_ipython() is not None:
        view.figure.clear_output(wait=True)
        with view.figure:
            display(Image(data=view.png, format="png"))
