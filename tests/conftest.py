"""Shared fixtures: simulated companies are generated once per test session."""

from __future__ import annotations

import functools

import pytest

SEEDS = (0, 1, 2)


@functools.lru_cache(maxsize=None)
def company(seed: int = 0, customers: int = 3000, locale: str = "en_US"):
    import crmlab

    return crmlab.generate(customers=customers, seed=seed, locale=locale)


@pytest.fixture(scope="session", params=SEEDS, ids=lambda s: f"seed{s}")
def data(request):
    """A 3,000-customer company for each of several seeds."""
    return company(request.param)


@pytest.fixture(scope="session")
def default_data():
    """The default company (what the bundled datasets hold), en_US."""
    import crmlab

    return crmlab.generate()


class _TableTranslations:
    """A stand-in catalogue: ``{msgid: text}`` and ``{(context, msgid): text}``."""

    def __init__(self, table: dict):
        self.table = table

    def gettext(self, message):
        return self.table.get(message, message)

    def ngettext(self, singular, plural, n):
        key = singular if n == 1 else plural
        return self.table.get(key, key)

    def pgettext(self, context, message):
        return self.table.get((context, message), self.table.get(message, message))

    def npgettext(self, context, singular, plural, n):
        key = singular if n == 1 else plural
        return self.table.get((context, key), self.table.get(key, key))


@pytest.fixture()
def fake_translation(monkeypatch):
    """Install a made-up catalogue for one test: ``fake_translation({"Customers": "客户数",
    ("tier", "major"): "主要客户"}, language="zh_CN")``. The language is set for the test only."""
    import crmlab.i18n as i18n

    def install(table: dict, language: str = "zh_CN"):
        monkeypatch.setattr(i18n, "_translations", lambda: _TableTranslations(table))
        monkeypatch.setitem(i18n._state, "language", language)

    return install


@pytest.fixture(autouse=True)
def _language_isolation(monkeypatch):
    """Every test starts in English whatever the machine's locale, and leaves it so."""
    import crmlab.i18n as i18n

    for variable in ("CRMLAB_LANGUAGE", *i18n.LOCALE_VARIABLES):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setitem(i18n._state, "language", None)


@pytest.fixture(autouse=True)
def _no_classroom_identity(monkeypatch):
    """Tests run as no student, even in a JupyterHub terminal (where JUPYTERHUB_USER is set)."""
    for variable in ("JUPYTERHUB_USER", "CRMLAB_STUDENT", "CRMLAB_MEMORY_BUDGET"):
        monkeypatch.delenv(variable, raising=False)
