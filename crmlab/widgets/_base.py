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
        _keep_collections_short()

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


def _keep_collections_short() -> None:
    """Leave what exists now (the course's data, the explorers) out of Python's full garbage
    collections (:func:`gc.freeze`).

    Moving a control makes and drops thousands of small objects (a picture's texts and
    transforms); now and then they set off a full collection, which walks every object of the
    kernel — with a lesson's data loaded that takes 100 ms or more, a visible stall in the
    middle of an update. Frozen objects are still freed when nothing refers to them; only
    reference cycles among them are no longer looked for.
    """
    import gc

    gc.freeze()


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
    :func:`draw` calls ``picture.update(ax)`` instead. The update changes the data of the
    artists already there (bar heights, line data, image data, texts) and returns

    * a list of the artists it changed (an axes in it stands for everything on it, such as a
      colour bar): nothing else on the picture changed, so only these are drawn again, over
      the rest of the figure kept from the last drawing, when its axes, ticks and texts are
      indeed the same as then (:func:`draw` checks);
    * True: it changed what it had to, the whole figure is drawn again;
    * False (or None): it cannot; the axes are cleared and drawn from scratch.

    Updating keeps the axes' ticks and texts, which is most of the cost of a drawing; drawing
    only the changed artists saves most of the rest.
    """

    def __init__(self, draw: Callable, update: Callable | None = None, kind: object = None):
        self._draw = draw
        self._update = update
        self.kind = kind if update is not None else None

    def __call__(self, ax):
        return self._draw(ax)

    def update(self, ax) -> bool | list:
        """The outcome of the update: a list of changed artists, True, or False (see the class)."""
        if self._update is None:
            return False
        done = self._update(ax)
        if isinstance(done, (list, tuple)):
            return list(done)
        return bool(done)


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
        self.background = None  # the pixels kept without the artists that change, see render()
        self.background_key: tuple | None = None  # what stood still when they were kept

    def paint(self, i: int, plot: Callable) -> list | None:
        """Show ``plot`` on panel ``i``: in place when possible, else from scratch.

        Returns what changed: the artists an in-place update changed (see :class:`Picture`),
        the panel's axes (and the axes its picture added, such as a colour bar) when it was
        drawn from scratch, or None when nothing can say (the whole figure is drawn again)."""
        from ..i18n import get_language

        ax = self.axes[i]
        kind = getattr(plot, "kind", None)
        if kind is not None:
            kind = (get_language(), kind)  # texts set by a full drawing follow the language
            if self.drawn[i] and self.kinds[i] == kind:
                done = plot.update(ax)
                if done is not False:
                    return done if isinstance(done, list) else None
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
        return [ax, *self.extra[i]]

    def render(self, moving: list | None) -> None:
        """Draw the figure into the canvas's pixels.

        ``moving``: the only artists that changed since the last rendering (None: unknown). When
        the rest of the figure is as it was then (same axes, limits, ticks and texts), the kept
        background is put back and only ``moving`` is drawn over it; otherwise the figure is
        drawn whole, and when ``moving`` is known a background without them is kept for the
        next time. Nothing moving: the pixels of the last rendering are the picture already.
        """
        canvas = self.figure.canvas
        if moving is None:
            self.background = None
            canvas.draw()
            return
        if not moving:
            return  # nothing changed since the last rendering: its pixels are the picture
        moving = _drawing_order(self.figure, _with_artists_above(moving))
        key = _still_parts(self.figure, moving)
        if self.background is not None and self.background_key == key:
            canvas.restore_region(self.background)
        else:
            for artist in moving:
                artist.set_animated(True)  # left out of the drawing below: the background
            try:
                canvas.draw()
            finally:
                for artist in moving:
                    artist.set_animated(False)
            self.background = canvas.copy_from_bbox(self.figure.bbox)
            self.background_key = key
        renderer = canvas.get_renderer()
        for artist in moving:
            artist.draw(renderer)


def _with_artists_above(moving: list) -> list:
    """``moving`` and, on the same axes, every other artist a drawing puts over them (a higher
    z-order: a legend, a text, the frame), so that they stay on top. The axis objects (ticks and
    their labels, the costly part of a drawing) are not redrawn: where a tick mark meets a
    changed cell at the edge of the axes, the two share a pixel or so."""
    from matplotlib.axis import Axis

    out = list(moving)
    seen = {id(a) for a in moving}
    for ax in {id(a.axes): a.axes for a in moving if a.axes is not None and a is not a.axes}.values():
        lowest = min(a.get_zorder() for a in moving if a.axes is ax and a is not ax)
        area = ax.bbox
        for child in ax.get_children():
            if (
                id(child) not in seen
                and child is not ax.patch
                and not isinstance(child, Axis)
                and child.get_visible()
                and child.get_zorder() > lowest
                and _meets(child, area)
            ):
                out.append(child)
                seen.add(id(child))
    return out


def _meets(artist, area) -> bool:
    """Whether ``artist`` is drawn over ``area`` (an axes' box; the changed artists are drawn
    within it): a title above the axes is not."""
    from matplotlib.text import Text

    if type(artist) is not Text:
        return True  # lines, patches, legends, annotations … (cheap to draw, or inside the axes)
    box = artist.get_window_extent()
    return box.x1 >= area.x0 and box.x0 <= area.x1 and box.y1 >= area.y0 and box.y0 <= area.y1


def _drawing_order(figure, artists: list) -> list:
    """``artists`` in the order a drawing of ``figure`` draws them: axes by axes, each by z-order."""
    order = {id(ax): n for n, ax in enumerate(figure.axes)}
    unique = list({id(a): a for a in artists}.values())

    def place(artist):
        ax = artist if artist in figure.axes else artist.axes
        return (order.get(id(ax), len(order)), 0 if ax is artist else 1, artist.get_zorder())

    return sorted(unique, key=place)


def _axis_parts(axis) -> tuple:
    """What an axis shows: its limits, ticks, tick labels and label."""
    return (
        tuple(axis.get_view_interval()),
        tuple(axis.get_ticklocs()),
        tuple(t.get_text() for t in axis.get_ticklabels()),
        axis.label.get_text(),
    )


def _still_parts(figure, moving: list) -> tuple:
    """What must be unchanged for the background without ``moving`` to be reused: the axes of
    the figure; every other axes' place, limits, ticks and texts, the texts and legend on it,
    and which of its artists are not moving (the same objects: an artist that moved then and
    stands still now, or the reverse, needs a new background)."""
    moving_ids = {id(a) for a in moving}
    parts = []
    for ax in figure.axes:
        if id(ax) in moving_ids:
            continue
        x_moves, y_moves = id(ax.xaxis) in moving_ids, id(ax.yaxis) in moving_ids
        texts = [
            (t.get_text(), tuple(t.get_position()), str(t.get_color()), t.get_visible())
            for t in ax.texts
            if id(t) not in moving_ids
        ]
        legend = ax.get_legend()
        legend_part = None
        if legend is not None and id(legend) not in moving_ids:
            legend_part = tuple(t.get_text() for t in legend.get_texts())
        parts.append(
            (
                tuple(ax.get_position().bounds),
                None if x_moves else _axis_parts(ax.xaxis),
                None if y_moves else _axis_parts(ax.yaxis),
                tuple(t.get_text() for t in (ax.title, ax._left_title, ax._right_title) if id(t) not in moving_ids),
                tuple(texts),
                legend_part,
                tuple(id(a) for a in ax.get_children() if id(a) not in moving_ids),
            )
        )
    return tuple(id(ax) for ax in figure.axes), tuple(parts)


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
    moving: list | None = []
    for i, plot in enumerate(plots):
        changed = canvas.paint(i, plot)
        moving = None if changed is None or moving is None else moving + changed
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
    if margins is None:
        moving = None  # the figure's layout changed just now
    canvas.render(moving)
    png = io.BytesIO()
    _png(fig, png)
    view.png = png.getvalue()
    if get_ipython() is not None:
        view.figure.clear_output(wait=True)
        with view.figure:
            display(Image(data=view.png, format="png"))


def _png(figure, out) -> None:
    """The pixels the figure's canvas holds now, as PNG (what ``savefig`` would write, without
    drawing again). zlib level 1: about as small as the default level 6 for these pictures,
    and faster to encode."""
    from PIL import Image

    width, height = figure.canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), figure.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    image.save(out, format="png", compress_level=1)
