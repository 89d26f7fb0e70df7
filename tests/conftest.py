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
