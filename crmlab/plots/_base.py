"""What every picture shares: getting axes and labelling them (through the translator)."""

from __future__ import annotations

from ..i18n import _

__all__: list[str] = []


def get_axes(ax=None, figsize: tuple[float, float] = (6.4, 4.2)):
    """``ax`` if given, else the axes of a new figure (pyplot's global state is not touched
    beyond creating that figure)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots(figsize=figsize)
    return ax


def finish(ax, title: str, xlabel: str | None = None, ylabel: str | None = None):
    """Set the (translated) title and axis labels; returns ``ax``."""
    ax.set_title(_(title))
    if xlabel is not None:
        ax.set_xlabel(_(xlabel))
    if ylabel is not None:
        ax.set_ylabel(_(ylabel))
    return ax
