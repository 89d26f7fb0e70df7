"""Lazy attributes of a package: names whose module is imported on first use (PEP 562), so that
importing the package stays cheap."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable


def lazy_attributes(
    package: str,
    namespace: dict,
    attributes: dict[str, tuple[str, str]],
    submodules: Iterable[str] = (),
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``.

    Parameters
    ----------
    package : str
        The package's name (``__name__``).
    namespace : dict
        Its ``globals()``: a resolved attribute is stored there, so the lookup happens once.
    attributes : dict of str to (module, attribute)
        Name → where it lives.
    submodules : iterable of str
        Subpackages reachable as attributes (``crmlab.value``).
    """
    submodules = frozenset(submodules)

    def __getattr__(name: str):
        if name in attributes:
            module, attr = attributes[name]
            value = getattr(importlib.import_module(module), attr)
            namespace[name] = value
            return value
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted({*namespace, *attributes, *submodules})

    return __getattr__, __dir__
