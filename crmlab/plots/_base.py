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
