"""Interactive explorers for the lessons (ipywidgets).

Each explorer is a pure, tested ``update`` function plus a thin widget layer built on
:class:`crmlab.widgets._base.Explorer`; a lesson shows one with a single call, e.g.
``crmlab.widgets.rfm_explorer()``. Every explorer module declares the lesson it belongs to
(``LESSON = "02"``) and lists its explorers in ``__all__``; :func:`lesson_explorers` collects
them (``crmlab demo 02`` opens them as a dashboard).
"""

from __future__ import annotations

import importlib
import pkgutil


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def lesson_explorers() -> dict[str, list[str]]:
    """Lesson number → names of the explorers it uses, e.g. ``{"02": ["rfm_explorer", …]}``."""
    out: dict[str, list[str]] = {}
    for name in _modules():
        module = importlib.import_module(f"crmlab.widgets.{name}")
        lesson = getattr(module, "LESSON", None)
        if lesson is not None:
            out.setdefault(lesson, []).extend(n for n in module.__all__ if n.endswith("_explorer"))
    return dict(sorted(out.items()))


def __dir__() -> list[str]:
    """Every explorer and helper of the explorers' modules (for tab completion)."""
    names = {"lesson_explorers", *_modules()}
    for module_name in _modules():
        names.update(importlib.import_module(f"crmlab.widgets.{module_name}").__all__)
    return sorted(names)


def __getattr__(name: str):
    if name.startswith("_"):
        raise AttributeError(name)
    for module_name in _modules():
        module = importlib.import_module(f"crmlab.widgets.{module_name}")
        if name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            globals()[name] = value
            return value
    from ..i18n import _

    raise AttributeError(_("crmlab.widgets has no explorer {name}.").format(name=repr(name)))
