"""generate() refuses a company that would not fit the memory budget of a shared server."""

from __future__ import annotations

import pytest

import crmlab
from crmlab.errors import ParameterError
from crmlab.simulate import budget


def test_sizes_parse_in_powers_of_1024():
    assert budget.parse_size("4GB") == budget.parse_size("4G") == budget.parse_size("4 GiB") == 4 * 2**30
    assert budget.parse_size("512m") == 512 * 2**20 and budget.parse_size("1000") == 1000
    assert budget.parse_size("none") is None and budget.parse_size("0") is None
    with pytest.raises(ParameterError, match="CRMLAB_MEMORY_BUDGET"):
        budget.parse_size("lots")


def test_the_estimate_matches_what_was_measured():
    # measured peak (ru_maxrss) of crmlab.generate over three years: 0.60 GB for 200,000 customers
    assert 0.55 * 2**30 < budget.estimate(200_000) < 0.75 * 2**30
    assert budget.estimate(10_000_000) > 20 * 2**30  # the 10 million: about 20 GB
    assert budget.estimate(1000, days=2 * 1096) > budget.estimate(1000)


def test_ten_million_customers_in_memory_are_refused_at_once_pointing_to_streaming(monkeypatch):
    monkeypatch.setenv("CRMLAB_MEMORY_BUDGET", "8GB")
    with pytest.raises(ParameterError) as error:
        crmlab.generate(customers=10_000_000)
    text = str(error.value)
    assert "10,000,000 customers" in text and "8.0 GB" in text and "CRMLAB_MEMORY_BUDGET" in text
    assert "crmlab generate --customers 10000000 --out FOLDER" in text


def test_without_the_variable_the_budget_is_half_the_memory_this_process_may_use(monkeypatch):
    monkeypatch.delenv("CRMLAB_MEMORY_BUDGET", raising=False)
    monkeypatch.setenv("MEM_LIMIT", str(2 * 2**30))  # JupyterHub's limit of this user's server
    assert budget.budget() == (2**30, "limit")
    with pytest.raises(ParameterError, match="half of what this server may use"):
        crmlab.generate(customers=1_000_000)
    crmlab.generate(customers=300)  # small companies are untouched


def test_no_limit_when_asked(monkeypatch):
    monkeypatch.setenv("CRMLAB_MEMORY_BUDGET", "none")
    assert budget.budget() == (None, "variable")
    budget.check(10_000_000)


def test_the_message_is_translated(monkeypatch, fake_translation):
    from .i18n_fake import complete_table, english_words

    fake_translation(complete_table())
    monkeypatch.setenv("CRMLAB_MEMORY_BUDGET", "1GB")
    with pytest.raises(ParameterError) as error:
        budget.check(10_000_000)
    assert english_words(str(error.value)) == [], str(error.value)
