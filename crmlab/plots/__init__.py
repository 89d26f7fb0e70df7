"""One clear picture per concept of the course.

Every function takes the DataFrame a ``crmlab`` analysis returns (or the raw table it
documents), an optional matplotlib ``ax`` to draw on, and returns the axes. Titles and labels
come from :mod:`crmlab.i18n`, so they follow the chosen language. No function changes global
matplotlib state. Functions live in one submodule per area (``crmlab.plots.value`` …) and are
all reachable from here: ``crmlab.plots.pareto_curve(...)``.
"""

from __future__ import annotations

import importlib

AREAS = ("value", "lifecycle", "satisfaction", "loyalty", "profile", "credit", "segment", "basket")


def __dir__() -> list[str]:
    """Every picture function (for tab completion), the areas and the font helpers."""
    names = {"AREAS", "use_cjk_fonts", "cjk_fonts", "fonts", *AREAS}
    for area in AREAS:
        names.update(importlib.import_module(f"crmlab.plots.{area}").__all__)
    return sorted(names)


def __getattr__(name: str):
    if name.startswith("_"):
        raise AttributeError(name)
    if name == "fonts":
        return importlib.import_module("crmlab.plots.fonts")
    if name in ("use_cjk_fonts", "cjk_fonts"):
        from . import fonts

        return getattr(fonts, name)
    for area in AREAS:
        try:
            module = importlib.import_module(f"crmlab.plots.{area}")
        except ModuleNotFoundError as exc:
            if exc.name == f"crmlab.plots.{area}":
                continue
            raise
        if name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            globals()[name] = value
            return value
    from ..i18n import _

    raise AttributeError(_("crmlab.plots has no picture {name}.").format(name=repr(name)))
