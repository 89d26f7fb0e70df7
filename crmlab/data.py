"""The bundled course data: load a table without generating anything."""

from __future__ import annotations

import os
from pathlib import Path

from . import paths
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
    """Folder holding the bundled data: ``$CRMLAB_DATA`` if set, else the kit's ``datasets/``
    (package data of an installed crmlab, or the folder at the root of a checkout); see
    :mod:`crmlab.paths`."""
    return paths.datasets_dir()


def _locale_dir(locale: str) -> Path:
    check_choice("locale", locale, LOCALES)
    folder = datasets_dir() / locale
    if (folder / "metadata.json").exists():
        return folder
    if os.environ.get(paths.DATA_ENV):
        raise ParameterError(
            _(
                "No data for locale {locale} in {folder} (the folder `CRMLAB_DATA` points to). Write it there "
                "with `crmlab generate --locale {locale} --out {folder}`, or unset `CRMLAB_DATA` to use the "
                "bundled data."
            ).format(locale=locale, folder=folder)
        )
    if paths.install_kind() == "checkout":
        raise ParameterError(
            _(
                "No bundled data for locale {locale} in {folder}. Restore the repository's `datasets/` folder "
                "(e.g. `git checkout -- datasets`), or regenerate it with `crmlab generate --locale {locale} "
                "--out {folder}`."
            ).format(locale=locale, folder=folder)
        )
    raise ParameterError(
        _(
            "This crmlab was installed without its bundled data (no {folder}). Install it from a wheel or "
            "source distribution of the kit (`pip install crmlab`), or generate the data into a folder you can "
            "write to and point `CRMLAB_DATA` at it: `crmlab generate --locale {locale} --out DATA/{locale}`, "
            "then `CRMLAB_DATA=DATA`. `crmlab info` says what is missing."
        ).format(locale=locale, folder=folder)
    )


def default_locale() -> str:
    """The data locale that goes with the language crmlab speaks: ``"zh_CN"`` for Chinese,
    ``"en_US"`` otherwise (see :func:`crmlab.set_language`)."""
    from .i18n import is_chinese

    return "zh_CN" if is_chinese() else "en_US"


def load(name: str, locale: str | None = None):
    """Load one table of the bundled course data.

    The bundled data is exactly what ``crmlab.generate()`` makes with its defaults
    ({customers:,} customers, seed {seed}, {start} … {end}) in that locale.

    Parameters
    ----------
    name : str
        One of ``crmlab.data.TABLE_NAMES``, e.g. ``"orders"``.
    locale : {"en_US", "zh_CN"}, optional
        Only names, addresses and phone numbers differ between locales. Default: the one that
        goes with the language (``"zh_CN"`` when crmlab speaks Chinese, else ``"en_US"``), so a
        Chinese lesson shows Chinese names with the same code.

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
    folder = _locale_dir(default_locale() if locale is None else locale)
    return read_table(folder / f"{name}.csv", name)


load.__doc__ = fill_defaults(load.__doc__)


def load_all(locale: str | None = None):
    """Load every bundled table of ``locale`` (default: the language's, as :func:`load`) as a
    :class:`crmlab.Dataset`."""
    import json

    from .simulate.dataset import Dataset

    locale = default_locale() if locale is None else locale
    folder = _locale_dir(locale)
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    return Dataset({name: load(name, locale) for name in TABLE_NAMES}, meta)
