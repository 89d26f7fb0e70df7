"""The bundled course data: load a table without generating anything."""

from __future__ import annotations

import os
from pathlib import Path

from ._checks import check_choice
from .errors import ParameterError, ParameterTypeError
from .i18n import _
from .simulate.config import LOCALES, fill_defaults

#: Tables an analyst sees, then the hidden truth.
TABLE_NAMES = (
    "customers",
    "orders",
    "order_lines",
    "surveys",
    "complaints",
    "complaint_steps",
    "campaigns",
    "archive",
    "accounts",
    "contacts",
    "invoices",
    "truth_customers",
    "truth_archive",
    "truth_accounts",
    "truth_baskets",
)


def datasets_dir() -> Path:
    """Folder holding the bundled data: ``$CRMLAB_DATA`` if set, else the project's ``datasets/``."""
    env = os.environ.get("CRMLAB_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "datasets"


def _locale_dir(locale: str) -> Path:
    check_choice("locale", locale, LOCALES)
    folder = datasets_dir() / locale
    if not (folder / "metadata.json").exists():
        raise ParameterError(
            _(
                "No bundled data for locale {locale!r} in {folder}. Regenerate it with `crmlab generate "
                "--locale {locale} --out {folder}`."
            ).format(locale=locale, folder=folder)
        )
    return folder


def load(name: str, locale: str = "en_US"):
    """Load one table of the bundled course data.

    The bundled data is exactly what ``crmlab.generate()`` makes with its defaults
    ({customers:,} customers, seed {seed}, {start} … {end}) in that locale.

    Parameters
    ----------
    name : str
        One of ``crmlab.data.TABLE_NAMES``, e.g. ``"orders"``.
    locale : {"en_US", "zh_CN"}
        Only names, addresses and phone numbers differ between locales.

    Returns
    -------
    pandas.DataFrame
        A fresh frame: changing it does not change later loads.
    """
    from .simulate.io import read_table

    if not isinstance(name, str):
        raise ParameterTypeError(
            _("`{name}` must be a table name (str), but {type} was passed.").format(name="name", type=type(name).__name__)
        )
    check_choice("name", name, TABLE_NAMES)
    folder = _locale_dir(locale)
    return read_table(folder / f"{name}.csv", name)


load.__doc__ = fill_defaults(load.__doc__)


def load_all(locale: str = "en_US"):
    """Load every bundled table of ``locale`` as a :class:`crmlab.Dataset`."""
    import json

    from .simulate.dataset import Dataset

    folder = _locale_dir(locale)
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    return Dataset({name: load(name, locale) for name in TABLE_NAMES}, meta)
