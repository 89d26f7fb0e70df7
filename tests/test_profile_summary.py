"""Tests of completeness, profile summaries, buying centres and the reference tables."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.profile import (
    ROLES,
    age,
    age_band,
    age_pyramid,
    buying_centre,
    completeness,
    data_sources,
    is_missing,
    profile_fields,
    profile_summary,
    role_coverage,
    role_descriptions,
)


# --- completeness ----------------------------------------------------------------------------


def test_completeness_hand():
    df = pd.DataFrame({"a": ["x", "", None, "y"], "b": [1, 2, 3, None], "c": [" ", "\t", "z", "0"]})
    out = completeness(df)
    assert out["field"].tolist() == ["a", "c", "b"]  # 0.5, 0.5 (column order), 0.75
    assert out["filled"].tolist() == [2, 2, 3]
    assert out["missing"].tolist() == [2, 2, 1]
    assert out["completeness"].tolist() == [0.5, 0.5, 0.75]
    assert is_missing(pd.Series([0, False, "n/a", np.nan])).tolist() == [False, False, False, True]


def test_completeness_by_group_hand():
    df = pd.DataFrame({"src": ["s", "s", "w", None], "phone": ["1", None, "2", None]})
    out = completeness(df, by="src")
    assert out[["src", "field", "filled", "rows"]].values.tolist()[:2] == [["s", "phone", 1, 2],
                                                                          ["w", "phone", 1, 1]]
    assert pd.isna(out["src"].iloc[2]) and out["completeness"].iloc[2] == 0.0


def test_completeness_on_the_archive_recomputed():
    archive = crmlab.load("archive")
    out = completeness(archive).set_index("field")
    for col in archive.columns:
        s = archive[col]
        blank = s.astype(str).str.strip().eq("") if s.dtype == "str" else False
        missing = int((s.isna() | blank).sum())
        assert out.loc[col, "missing"] == missing
    assert out["completeness"].is_monotonic_increasing
    by = completeness(archive, ["phone", "email"], by="source")
    assert by.groupby("field")["rows"].sum().eq(len(archive)).all()
    assert by.groupby("field")["missing"].sum().to_dict() == {
        c: int(archive[c].isna().sum()) for c in ("phone", "email")}


def test_completeness_errors():
    with pytest.raises(ParameterTypeError, match="frame"):
        completeness("archive")
    with pytest.raises(ColumnError, match="nope"):
        completeness(pd.DataFrame({"a": [1]}), ["nope"])
    with pytest.raises(ColumnError, match="grp"):
        completeness(pd.DataFrame({"a": [1]}), by="grp")


# --- age -------------------------------------------------------------------------------------


def test_age_hand_birthday_and_leap_day():
    b = pd.Series(pd.to_datetime(["2000-03-01", "2000-02-29", "2000-03-02", None, "2030-01-01"]))
    assert age(b, "2025-03-01").tolist() == [25, 25, 24, pd.NA, pd.NA]
    # the day before the birthday, and 28 February of a common year for a leap-day birth
    assert age(b, "2025-02-28").tolist()[:3] == [24, 24, 24]
    assert age(b, dt.date(2024, 2, 29)).tolist()[:3] == [23, 24, 23]
    assert str(age(b, "2025-01-01").dtype) == "Int64"


def test_age_strings_and_recomputed():
    customers = crmlab.load("customers")
    ours = age(customers["birth_date"], "2025-12-31")
    born = customers["birth_date"]
    expected = [2025 - d.year - ((12, 31) < (d.month, d.day)) for d in born]
    assert ours.tolist() == expected
    assert age(pd.Series(["1990-06-15"]), "2025-06-14").tolist() == [34]


def test_age_band_edges():
    out = age_band(pd.Series([0, 17, 18, 24, 25, 64, 65, 99, None, -1]))
    assert [None if pd.isna(v) else v for v in out] == [
        "0-17", "0-17", "18-24", "18-24", "25-34", "55-64", "65+", "65+", None, None]
    assert age_band(pd.Series([30]), bands=(0, 30)).tolist() == ["30+"]


def test_age_errors():
    with pytest.raises(ParameterError, match="as_of"):
        age(pd.Series(["1990-01-01"]), None)
    with pytest.raises(ParameterError, match="as_of"):
        age(pd.Series(["1990-01-01"]), "someday")
    with pytest.raises(ColumnError, match="birth_date"):
        age(pd.Series(["not a date"]), "2025-01-01")
    with pytest.raises(ParameterTypeError, match="birth_date"):
        age(5, "2025-01-01")
    with pytest.raises(ParameterError, match="bands"):
        age_band(pd.Series([1]), bands=(30, 18))


# --- profile summary -------------------------------------------------------------------------


def test_profile_summary_hand():
    c = pd.DataFrame({
        "birth_date": pd.to_datetime(["2000-01-01", "1990-06-01", None, "1950-01-01"]),
        "gender": ["F", "M", "F", None],
        "city": ["A", "B", "A", "C"],
    })
    out = profile_summary(c, as_of="2025-01-01", top=1)
    ages = out[out["variable"] == "age_band"].set_index("category")["count"]
    assert ages.to_dict() == {"0-17": 0, "18-24": 0, "25-34": 2, "35-44": 0, "45-54": 0,
                              "55-64": 0, "65+": 1, "missing": 1}
    city = out[out["variable"] == "city"]
    assert city[["category", "count"]].values.tolist() == [["A", 2], ["other", 2]]
    assert out.groupby("variable")["share"].sum().round(12).eq(1).all()
    assert set(out["section"]) == {"demographics", "geography"}


def test_profile_summary_on_customers_recomputed():
    customers = crmlab.load("customers", "zh_CN")
    out = profile_summary(customers, as_of="2026-01-01")
    assert out.groupby("variable")["count"].sum().eq(len(customers)).all()
    edu = out[out["variable"] == "education"].set_index("category")["count"]
    assert edu.to_dict() == customers["education"].value_counts().to_dict()
    prov = out[out["variable"] == "province"]
    top = customers["province"].value_counts().head(10)
    assert prov["category"].tolist()[:10] == top.index.tolist()
    assert prov["count"].iloc[-1] == len(customers) - top.sum()
    channels = out[out["section"] == "channels"]
    assert set(channels["category"]) == set(customers["acquisition_channel"].astype(str))
    # default as_of: the day after the last sign-up
    default = profile_summary(customers, variables=["age_band"])
    explicit = profile_summary(customers, variables=["age_band"],
                               as_of=customers["signup_date"].max() + pd.Timedelta(days=1))
    pd.testing.assert_frame_equal(default, explicit)


def test_age_pyramid_hand_and_data():
    c = pd.DataFrame({"birth_date": pd.to_datetime(["2000-01-01", "1990-06-01", "1991-01-01"]),
                      "gender": ["F", "male", "女"]})
    p = age_pyramid(c, as_of="2025-01-01")
    assert p.loc["25-34"].tolist() == [2, 1] and p.sum().sum() == 3
    customers = crmlab.load("customers")
    full = age_pyramid(customers, as_of="2026-01-01")
    assert full.sum().sum() == len(customers)
    assert full["F"].sum() == (customers["gender"] == "F").sum()


def test_profile_summary_errors():
    with pytest.raises(ParameterError, match="profile columns"):
        profile_summary(pd.DataFrame({"x": [1]}))
    with pytest.raises(ParameterError, match="variables"):
        profile_summary(pd.DataFrame({"gender": ["F"]}), variables=["shoe_size"])
    with pytest.raises(ColumnError, match="education"):
        profile_summary(pd.DataFrame({"gender": ["F"]}), variables=["education"])
    with pytest.raises(ParameterError, match="as_of"):
        profile_summary(pd.DataFrame({"birth_date": ["1990-01-01"]}))
    with pytest.raises(ParameterError, match="top"):
        profile_summary(pd.DataFrame({"city": ["A"]}), top=0)
    with pytest.raises(ParameterError, match="customers"):
        profile_summary(pd.DataFrame({"gender": []}))


# --- buying centre ---------------------------------------------------------------------------


def test_buying_centre_hand():
    contacts = pd.DataFrame({"account_id": [1, 1, 1, 2, 2, None],
                             "role": ["buyer", "决策者", "Buyer ", "user", "janitor", "buyer"]})
    accounts = pd.DataFrame({"account_id": [1, 2, 3]})
    out = buying_centre(contacts, accounts)
    assert out.index.tolist() == [1, 2, 3]
    assert list(out.columns) == [*ROLES, "n_contacts", "roles_filled"]
    assert out.loc[1, list(ROLES)].tolist() == [False, False, True, False, True, False]
    assert out["n_contacts"].tolist() == [3, 2, 0]
    assert out["roles_filled"].tolist() == [2, 1, 0]
    counts = buying_centre(contacts, counts=True)
    assert counts.loc[1, "buyer"] == 2 and counts.index.tolist() == [1, 2]
    cov = role_coverage(out).set_index("role")
    assert cov.loc["buyer", "accounts"] == 1 and cov.loc["buyer", "share"] == pytest.approx(1 / 3)


def test_buying_centre_on_contacts():
    contacts = crmlab.load("contacts")
    accounts = crmlab.load("accounts")
    out = buying_centre(contacts, accounts)
    assert len(out) == len(accounts)
    # the data card: every account has a buyer and a decider
    assert out["buyer"].all() and out["decider"].all()
    assert out["n_contacts"].sum() == len(contacts)
    expected = contacts.groupby("account_id")["role"].nunique()
    assert (out["roles_filled"] == expected.reindex(out.index, fill_value=0)).all()
    cov = role_coverage(out)
    assert cov["share"].between(0, 1).all() and cov["role"].tolist() == list(ROLES)


def test_buying_centre_errors():
    with pytest.raises(ColumnError, match="role"):
        buying_centre(pd.DataFrame({"account_id": [1]}))
    with pytest.raises(ParameterTypeError, match="counts"):
        buying_centre(pd.DataFrame({"account_id": [1], "role": ["user"]}), counts="yes")
    with pytest.raises(ColumnError, match="user"):
        role_coverage(pd.DataFrame({"x": [1]}))


# --- reference tables ------------------------------------------------------------------------


def test_role_descriptions():
    out = role_descriptions()
    assert out["role"].tolist() == list(ROLES)
    assert out["term_zh"].tolist() == ["使用者", "影响者", "决策者", "批准者", "购买者", "把关者"]
    assert out["description"].str.len().gt(20).all()


def test_profile_fields_and_sources():
    fields = profile_fields()
    assert fields.loc[fields["kind"] == "individual", "group"].unique().tolist() == [
        "basic", "education", "family", "social", "career", "lifestyle", "personality"]
    assert profile_fields("enterprise")["kind"].eq("enterprise").all()
    # every referenced column exists in the simulated data
    from crmlab.simulate.schema import all_tables

    tables = all_tables()
    for ref in fields["column"]:
        for item in filter(None, (x.strip() for x in ref.split(","))):
            table, column = item.split(".")
            assert column in [c[0] for c in tables[table]["columns"]], item
    sources = data_sources()
    assert set(sources["origin"]) == {"internal", "external"}
    assert set(sources["kind"]) == {"primary", "secondary"}
    from crmlab.simulate.archive import SOURCES

    assert set(SOURCES) <= set(sources["archive_source"])
    with pytest.raises(ParameterError, match="kind"):
        profile_fields("robot")


def test_profile_reference_tables_follow_the_translation(fake_translation):
    english = profile_fields("enterprise")
    assert english.columns.tolist() == ["kind", "group", "group_name", "field", "description", "column"]
    assert english.loc[english["group"] == "basic", "group_name"].iloc[0] == "Basic company data (基础资料)"
    fake_translation(
        {
            "Basic data (基本资料)": "基本资料",
            "Basic company data (基础资料)": "基础资料",
            "Region served (区域).": "服务的区域。",
            "Webshop": "网店",
            "Online registrations, orders and account settings.": "网上注册、订单和账户设置。",
        }
    )
    fields = profile_fields()
    basic = fields[fields["group"] == "basic"].groupby("kind")["group_name"].first()
    assert basic.to_dict() == {"enterprise": "基础资料", "individual": "基本资料"}
    assert fields.set_index("field").loc["region", "description"] == "服务的区域。"
    assert fields["group"].tolist() == profile_fields()["group"].tolist()  # codes stay codes
    assert fields.set_index("field").loc["region", "column"] == "accounts.province"
    sources = data_sources().set_index("source")
    assert sources.loc["webshop", ["name", "examples"]].tolist() == ["网店", "网上注册、订单和账户设置。"]
    assert sources.loc["webshop", ["origin", "kind", "archive_source"]].tolist() == ["internal", "primary", "webshop"]
