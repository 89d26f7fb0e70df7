"""Tests of the business-account simulator (credit-management lesson)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab.errors import ParameterError, ParameterTypeError
from crmlab.simulate.accounts import SCHEMA, accounts_block

END = pd.Timestamp("2025-12-31")
START = pd.Timestamp("2023-01-01")
IDENTITY = {
    "accounts": {"company", "province", "city", "sales_rep"},
    "contacts": {"name", "phone", "email"},
}
TARGET_MIX = {"A": 0.30, "B": 0.35, "C": 0.25, "D": 0.10}


@pytest.fixture(scope="module")
def big():
    """2,000 accounts: enough for stable per-grade statistics."""
    return accounts_block(7, "en_US", 0, 1, 2000)


@pytest.fixture(scope="module")
def small():
    return accounts_block(11, "en_US", 3, 5001, 300)


def test_same_arguments_give_identical_frames():
    a = accounts_block(1, "en_US", 0, 1, 150)
    b = accounts_block(1, "en_US", 0, 1, 150)
    assert set(a) == {"accounts", "contacts", "invoices", "truth_accounts"}
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_other_block_or_seed_gives_other_numbers():
    base = accounts_block(1, "en_US", 0, 1, 150)
    other_block = accounts_block(1, "en_US", 1, 1, 150)
    other_seed = accounts_block(2, "en_US", 0, 1, 150)
    for other in (other_block, other_seed):
        assert not np.array_equal(
            base["accounts"]["annual_revenue"].to_numpy(), other["accounts"]["annual_revenue"].to_numpy()
        )
        assert not np.array_equal(
            base["truth_accounts"]["risk_score"].to_numpy(), other["truth_accounts"]["risk_score"].to_numpy()
        )


def test_numbers_identical_across_locales():
    en = accounts_block(5, "en_US", 2, 1, 200)
    zh = accounts_block(5, "zh_CN", 2, 1, 200)
    for name in en:
        skip = IDENTITY.get(name, set())
        cols = [c for c in en[name].columns if c not in skip]
        assert list(en[name].columns) == list(zh[name].columns)
        pd.testing.assert_frame_equal(en[name][cols], zh[name][cols])
    # ... while the identity strings do change with the locale
    assert (en["accounts"]["company"] != zh["accounts"]["company"]).mean() > 0.9
    assert (en["contacts"]["name"] != zh["contacts"]["name"]).mean() > 0.9


def test_ids_unique_across_blocks_and_encode_the_account():
    b0 = accounts_block(3, "en_US", 0, 1, 400)
    b1 = accounts_block(3, "en_US", 1, 401, 400)
    acc = pd.concat([b0["accounts"], b1["accounts"]])
    con = pd.concat([b0["contacts"], b1["contacts"]])
    inv = pd.concat([b0["invoices"], b1["invoices"]])
    assert acc["account_id"].tolist() == list(range(1, 801))
    assert con["contact_id"].is_unique and inv["invoice_id"].is_unique
    assert (con["contact_id"] // 10 == con["account_id"]).all()
    assert (inv["invoice_id"] // 1000 == inv["account_id"]).all()
    assert set(con["account_id"]) == set(acc["account_id"]) == set(inv["account_id"])


def _kind(dtype) -> str:
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if dtype == "int64":
        return "int"
    if dtype == "float64":
        return "float"
    if pd.api.types.is_datetime64_dtype(dtype):
        return "date"
    if dtype == "str":
        return "str"
    return str(dtype)


def test_schema_and_dtypes(small):
    for name, frame in small.items():
        spec = SCHEMA[name]["columns"]
        assert list(frame.columns) == [c for c, _, _ in spec], name
        for col, kind, _ in spec:
            expected = "str" if isinstance(kind, tuple) else kind  # codes are str until conform()
            assert _kind(frame[col].dtype) == expected, (name, col, frame[col].dtype)
        text = [c for c, k, _ in spec if k == "str" or isinstance(k, tuple)]
        assert not frame[text].isna().any().any(), name
        for col, kind, _ in spec:
            if isinstance(kind, tuple):
                assert set(frame[col]) <= set(kind[1]), (name, col)
    acc = small["accounts"]
    assert set(acc["payment_terms_days"]) == {30, 60}
    assert acc[["industry_outlook", "management_rating"]].isin([1, 2, 3, 4, 5]).all().all()
    assert (acc["employees"] >= 1).all() and (acc["annual_revenue"] > 0).all()
    assert (acc["equity"] > 0).all() and (acc["total_debt"] > 0).all()
    assert (acc["collateral_value"] >= 0).all() and (acc["collateral_value"] == 0).mean() > 0.3
    relationship = (END - acc["since"]).dt.days / 365.25
    assert (acc["years_trading"] >= relationship - 1e-9).all()
    assert (acc["since"] <= END).all()
    truth = small["truth_accounts"]
    assert truth["risk_score"].between(0, 1).all() and truth["default_probability"].between(0, 1).all()
    assert (truth["defaulted"] == truth["default_date"].notna()).all()


def test_contacts_roles(big):
    con = big["contacts"]
    per = con.groupby("account_id")
    assert per.size().between(3, 7).all()
    roles = per["role"].agg(set)
    assert roles.map(lambda r: {"buyer", "decider"} <= r).all()
    assert len(roles) == len(big["accounts"])
    # bigger accounts fill more roles
    n_roles = per["role"].nunique()
    emp = big["accounts"].set_index("account_id")["employees"]
    big_acc = n_roles[emp[emp >= emp.quantile(0.8)].index].mean()
    small_acc = n_roles[emp[emp <= emp.quantile(0.2)].index].mean()
    assert big_acc > small_acc + 0.5


def test_invoice_dates_and_amounts(big):
    inv = big["invoices"].merge(big["accounts"], on="account_id")
    truth = big["truth_accounts"].set_index("account_id")
    assert ((inv["due_date"] - inv["invoice_date"]).dt.days == inv["payment_terms_days"]).all()
    assert (inv["invoice_date"] <= END).all()
    assert (inv["invoice_date"] >= np.maximum(inv["since"], START)).all()
    assert (inv["amount"] > 0).all() and (inv["amount"] == inv["amount"].round(2)).all()
    assert (inv["paid_amount"] <= inv["amount"]).all() and (inv["paid_amount"] >= 0).all()
    paid = inv["paid_date"].notna()
    assert (inv.loc[~paid, "paid_amount"] == 0).all() and (inv.loc[paid, "paid_amount"] > 0).all()
    assert (inv.loc[paid, "paid_date"] <= END).all()
    assert (inv.loc[paid, "paid_date"] >= inv.loc[paid, "invoice_date"]).all()
    assert 0 < (paid & (inv["paid_amount"] < inv["amount"])).sum() < 0.05 * paid.sum()
    # nobody pays after their default
    dd = inv["account_id"].map(truth["default_date"])
    assert not (paid & dd.notna() & (inv["paid_date"] > dd)).any()
    # roughly monthly: about 12 invoices a year for accounts active the whole window
    full = inv[(inv["since"] < START) & ~inv["account_id"].map(truth["defaulted"])]
    per_year = full.groupby("account_id").size() / 3.0
    assert per_year.between(11, 13).all()
    # invoice size scales with the account's revenue
    mean_amount = inv.groupby("account_id")["amount"].mean()
    revenue = big["accounts"].set_index("account_id")["annual_revenue"]
    assert mean_amount.corr(revenue[mean_amount.index], method="spearman") > 0.6


def test_payment_behaviour_monotonic_in_true_grade(big):
    inv = big["invoices"]
    due = inv[inv["due_date"] <= END].copy()
    settled = due["paid_date"].where(due["paid_date"].notna(), END)
    due["overdue"] = (settled - due["due_date"]).dt.days.clip(lower=0)
    due["grade"] = due["account_id"].map(big["truth_accounts"].set_index("account_id")["true_grade"])
    g = due.groupby("grade")
    collection = (g["paid_amount"].sum() / g["amount"].sum()).reindex(list("ABCD"))
    overdue = g["overdue"].mean().reindex(list("ABCD"))
    assert collection.is_monotonic_decreasing and collection.diff().dropna().lt(-0.01).all(), collection
    assert collection["A"] > 0.97 and collection["D"] < 0.85, collection
    assert overdue.is_monotonic_increasing and overdue.diff().dropna().gt(2).all(), overdue


def test_five_c_score_ranks_true_risk(big):
    acc = big["accounts"].copy()
    inv = big["invoices"]
    yearly = inv.groupby("account_id")["amount"].sum() / (
        (END - np.maximum(acc.set_index("account_id")["since"], START)).dt.days / 365.25
    )

    def z(x):
        return (x - x.mean()) / x.std()

    rpe = acc["annual_revenue"] / acc["employees"]
    capacity = rpe.groupby(acc["industry"]).rank(pct=True)
    capital = acc["equity"] / (acc["equity"] + acc["total_debt"])
    coverage = (acc["collateral_value"] / acc["account_id"].map(yearly)).clip(upper=1)
    score = (
        z(acc["management_rating"]) + z(np.log(acc["years_trading"]))  # character
        + z(capacity) + z(capital) + z(np.sqrt(coverage)) + z(acc["industry_outlook"])
    )
    risk = acc["account_id"].map(big["truth_accounts"].set_index("account_id")["risk_score"])
    rho = score.corr(risk, method="spearman")
    assert rho <= -0.5, rho


def test_grade_mix(big):
    mix = big["truth_accounts"]["true_grade"].value_counts(normalize=True)
    for grade, share in TARGET_MIX.items():
        assert abs(mix.get(grade, 0.0) - share) <= 0.08, mix
    truth = big["truth_accounts"]
    pd_by_grade = truth.groupby("true_grade")["default_probability"].mean()
    assert pd_by_grade.is_monotonic_increasing
    assert truth.groupby("true_grade")["defaulted"].mean()["D"] > truth.groupby("true_grade")["defaulted"].mean()["A"]


def test_loyalty_grows_with_relationship_length(big):
    acc = big["accounts"]
    years = (END - acc["since"]).dt.days / 365.25
    by = years.groupby(acc["loyalty"]).median()
    assert by["high"] > by["medium"] > by["low"], by


def test_custom_window():
    out = accounts_block(4, "en_US", 0, 1, 100, np.datetime64("2020-03-01"), np.datetime64("2021-02-28"))
    inv = out["invoices"]
    assert inv["invoice_date"].min() >= pd.Timestamp("2020-03-01")
    assert inv["invoice_date"].max() <= pd.Timestamp("2021-02-28")
    assert (inv["paid_date"].dropna() <= pd.Timestamp("2021-02-28")).all()


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"locale": "fr_FR"}, ParameterError, "locale"),
        ({"n": 0}, ParameterError, "`n`"),
        ({"n": "5"}, ParameterTypeError, "`n`"),
        ({"n": 2.0}, ParameterTypeError, "`n`"),
        ({"seed": -1}, ParameterError, "`seed`"),
        ({"end": "2022-01-01"}, ParameterError, "`end`"),
    ],
)
def test_bad_arguments(kwargs, error, name):
    args = {"seed": 0, "locale": "en_US", "block": 0, "first_id": 1, "n": 10}
    args.update(kwargs)
    with pytest.raises(error, match=name) as info:
        accounts_block(**args)
    if error is ParameterError:
        assert not isinstance(info.value, ParameterTypeError)
