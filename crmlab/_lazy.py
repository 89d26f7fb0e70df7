"""Lazy attributes of a package: names whose module is imported on first use (PEP 562), so that
importing the package stays cheap."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable


def _is_foreign(value: object, package: str) -> bool:
    """Whether ``value`` was imported from elsewhere or from a private module (``annotations``,
    ``lazy_attributes``): not part of the package's public face."""
    import types

    if isinstance(value, types.ModuleType):
        return not value.__name__.startswith(package + ".")
    module = getattr(value, "__module__", None)
    if module is None:
        return type(value).__module__ == "__future__"
    if not (module == package or module.startswith(package + ".")):
        return True
    return any(part.startswith("_") for part in module.split("."))  # a private helper module


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
        raise AttributeError(f"module {package!r} has no attribute {name!r}")  # i18n: internal (Python's own wording)

    def __dir__():
        # what a user can reach: public names, lazy or already resolved (no helpers, no imports)
        public = {name for name, value in namespace.items() if not name.startswith("_") and not _is_foreign(value, package)}
        return sorted({*public, *attributes, *submodules, *(n for n in ("__version__",) if n in namespace)})

    return __getattr__, __dir__
