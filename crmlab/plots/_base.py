"""What every picture shares: getting axes, fonts that can draw Chinese, titles and labels."""

from __future__ import annotations

from ..errors import ParameterTypeError
from .fonts import prepare, refresh, warn_if_undrawable

__all__: list[str] = []


def get_axes(ax=None, figsize: tuple[float, float] = (6.4, 4.2)):
    """``ax`` if given (checked to be matplotlib axes), else the axes of a new figure (pyplot's
    global state is not touched beyond creating that figure). Makes sure Chinese text can be
    drawn (:func:`crmlab.plots.fonts.prepare`)."""
    prepare()
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            from ..i18n import _

            raise ParameterTypeError(
                _("`{name}` must be matplotlib axes (e.g. from `plt.subplots()`) or None, but {got} of type {type} was passed.").format(
                    name="ax", got=repr(ax)[:60], type=type(ax).__name__
                )
            )
        refresh(ax.figure)  # axes made before the CJK font was in place get it too
        return ax
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots(figsize=figsize)
    return ax


def check_kind(kind: object) -> str | None:
    """A plot's ``kind`` (what its codes are, for their display names): None, or a key of
    :data:`crmlab.vocabulary.CODES` (or a column name it knows). Anything else would be
    ignored without a word, so it is an error."""
    if kind is None:
        return None
    from ..errors import ParameterError
    from ..i18n import _
    from ..vocabulary import ALIASES, CODES

    if not isinstance(kind, str):
        raise ParameterTypeError(
            _("`{name}` must be a kind of code (str) or None, but {got} of type {type} was passed.").format(
                name="kind", got=repr(kind)[:60], type=type(kind).__name__
            )
        )
    if kind not in CODES and kind not in ALIASES:
        raise ParameterError(
            _(
                "`{name}` must be a kind of code of crmlab.vocabulary.CODES (e.g. {examples}), but {got!r} was "
                "passed."
            ).format(name="kind", examples="'acquisition_channel', 'membership_tier', 'stage'", got=kind)
        )
    return kind


def finish(ax, title: str, xlabel: str | None = None, ylabel: str | None = None):
    """Set the title and axis labels — already translated by the caller, where they are written
    (``finish(ax, _("Value pyramid"), …)``); returns ``ax``."""
    ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    warn_if_undrawable(t.get_text() for t in ax.findobj(lambda a: hasattr(a, "get_text")))
    return ax


def round_up(value: float, step: float) -> float:
    """``value`` rounded up to a whole number of ``step`` (an axis limit that stays put while
    the data move a little, so an explorer's picture keeps its ticks)."""
    import math

    return math.ceil(value / step - 1e-9) * step


def _cell_text_colour(colour) -> str:
    """The colour of a heat-map cell's text, as ``seaborn.heatmap`` chooses it: dark on a light
    cell, white on a dark one."""
    from seaborn.utils import relative_luminance

    return ".15" if relative_luminance(colour) > 0.408 else "w"


def _update_heatmap(ax, values, *, annot=None, fmt: str = ".2g", vmin=None, vmax=None) -> list | bool:
    """Put new ``values`` into a heat map drawn by ``seaborn.heatmap`` on ``ax``, as a new
    ``seaborn.heatmap(values, annot=annot, fmt=fmt, vmin=vmin, vmax=vmax, …)`` would draw them;
    False if the axes hold something else.

    ``values`` must have the shape of the picture's table (NaN: an empty cell). ``annot`` is
    what the cells say, as for seaborn: None/False (no text), True (the values) or an array of
    that shape, each entry written with ``fmt``; when the cells have texts, the empty cells must
    be the same as before. Colour limits default to the smallest and largest value, and the text
    colour follows the colour of the cell (dark on light, white on dark), both as seaborn does.

    Returns the artists changed (the cells, their texts, and the colour bar when its limits
    moved), as :class:`crmlab.widgets._base.Picture` updates do.
    """
    import numpy as np
    from matplotlib.collections import QuadMesh

    meshes = [c for c in ax.collections if isinstance(c, QuadMesh)]
    data = np.ma.masked_invalid(np.asarray(values, dtype=float))
    if len(meshes) != 1 or meshes[0].get_array() is None or meshes[0].get_array().shape != data.shape:
        return False
    mesh = meshes[0]
    filled = ~np.ma.getmaskarray(data)
    rows, cols = np.nonzero(filled)  # row by row, as seaborn writes the texts
    if annot is None or annot is False:
        if ax.texts:
            return False
        texts = []
    else:
        texts = list(ax.texts)
        if len(texts) != len(rows) or any(
            t.get_position() != (j + 0.5, i + 0.5) for t, i, j in zip(texts, rows, cols)
        ):
            return False
    shown = data.filled(np.nan)
    limits = (np.nanmin(shown) if vmin is None else vmin, np.nanmax(shown) if vmax is None else vmax)
    old = mesh.get_array()
    if (
        tuple(mesh.get_clim()) == tuple(limits)
        and np.array_equal(np.ma.getmaskarray(old), ~filled)
        and np.array_equal(np.ma.filled(old, np.nan), shown, equal_nan=True)
        and (annot is None or annot is False or annot is True)
    ):
        return []  # the same values, hence the same cells and texts: nothing to draw again
    mesh.set_array(data)
    before = mesh.get_clim()
    mesh.set_clim(*limits)
    changed = [mesh, *texts]
    colorbar = getattr(mesh, "colorbar", None)
    if colorbar is not None and tuple(mesh.get_clim()) != tuple(before):
        changed.append(colorbar.ax)
    if texts:
        notes = data if annot is True else np.asarray(annot)
        mesh.update_scalarmappable()
        colours = mesh.get_facecolors()
        for text, i, j in zip(texts, rows, cols):
            text.set_text(("{:" + fmt + "}").format(notes[i, j]))
            text.set_color(_cell_text_colour(colours[i * data.shape[1] + j]))
    return changed
