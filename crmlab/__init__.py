"""crmlab — a Jupyter teaching kit for customer relationship management analytics.

Quick start::

    import crmlab
    orders = crmlab.load("orders")                 # the bundled course data
    data = crmlab.generate(customers=2000, seed=7)  # a company of your own

Importing crmlab is cheap: pandas, Faker and the plotting libraries load on first use.
"""

from __future__ import annotations

from ._lazy import lazy_attributes

__version__ = "0.1.0"

_LAZY = {
    "generate": ("crmlab.simulate", "generate"),
    "Dataset": ("crmlab.simulate", "Dataset"),
    "load": ("crmlab.data", "load"),
    "load_all": ("crmlab.data", "load_all"),
    "LOCALES": ("crmlab.simulate.config", "LOCALES"),
    "set_language": ("crmlab._language", "set_language"),
    "get_language": ("crmlab.i18n", "get_language"),
    "languages": ("crmlab.i18n", "languages"),
}
_SUBMODULES = {
    "data",
    "errors",
    "simulate",
    "cli",
    "info",
    "i18n",
    "plots",
    "profile",
    "value",
    "credit",
    "segment",
    "lifecycle",
    "satisfaction",
    "loyalty",
    "widgets",
    "demo",
    "exercises",
    "vocabulary",
}

__all__ = ["__version__", *_LAZY]


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _LAZY, _SUBMODULES)
