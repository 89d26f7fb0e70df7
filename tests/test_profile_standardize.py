"""Tests of crmlab.profile.standardize: every variant format the archive generator documents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.profile import (
    standardize,
    standardize_address,
    standardize_birth_date,
    standardize_city,
    standardize_email,
    standardize_gender,
    standardize_name,
    standardize_phone,
    standardize_postcode,
    standardize_province,
)


def values(series: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in series]


# --- phone (archive.py: every zh_CN and en_US format) -----------------------------------------


def test_phone_zh_every_format():
    raw = ["13812345678", "138-1234-5678", "+86 13812345678", "138 1234 5678",
           "8613812345678", "+86-138-1234-5678", "(+86)13812345678", "００８６１３８１２３４５６７８"]
    assert values(standardize_phone(pd.Series(raw), "zh_CN")) == ["13812345678"] * len(raw)


def test_phone_en_every_format():
    raw = ["555-123-4567", "(555) 123-4567", "555.123.4567", "+1 555-123-4567", "5551234567",
           "1-555-123-4567", "555-123-4567 x12"]
    assert values(standardize_phone(pd.Series(raw), "en_US")) == ["5551234567"] * len(raw)


def test_phone_invalid_is_missing():
    zh = standardize_phone(pd.Series(["12812345678", "1381234567", "abc", None, "", "86138"]), "zh_CN")
    assert zh.isna().all()
    # area codes starting with 0 or 1 are not NANP numbers; 9 digits is too short
    en = standardize_phone(pd.Series(["055-123-4567", "155-123-4567", "555-123-456", None]), "en_US")
    assert en.isna().all()


def test_phone_numbers_and_index_kept():
    s = pd.Series([5551234567, np.nan], index=[10, 20])
    out = standardize_phone(s, "en_US")
    assert list(out.index) == [10, 20]
    assert values(out) == ["5551234567", None]


# --- e-mail ----------------------------------------------------------------------------------


def test_email_upper_and_capitalised():
    raw = ["Ann.Lee@Mail.COM", "ANN.LEE@MAIL.COM", " ann.lee@mail.com ", "not-an-email", "a@b"]
    assert values(standardize_email(pd.Series(raw))) == ["ann.lee@mail.com"] * 3 + [None, None]


# --- province --------------------------------------------------------------------------------


def test_province_zh_variants():
    raw = ["广东省", "广东", "Guangdong", "粤", "guangdong", " 广东省 ", "黔", "滇", "内蒙古",
           "Inner Mongolia", "火星"]
    assert values(standardize_province(pd.Series(raw), "zh_CN")) == (
        ["广东省"] * 6 + ["贵州省", "云南省", "内蒙古自治区", "内蒙古自治区", None])


def test_province_en_variants():
    raw = ["California", "CA", "Calif.", "california", "CALIFORNIA", "calif", "N.Y.", "ny",
           "District of Columbia", "D.C.", "Atlantis"]
    assert values(standardize_province(pd.Series(raw), "en_US")) == (
        ["California"] * 6 + ["New York", "New York", "District of Columbia",
                              "District of Columbia", None])


# --- city ------------------------------------------------------------------------------------


def test_city_variants():
    assert values(standardize_city(pd.Series(["广州", "广州市", "海西州", "新城"]), "zh_CN")) == [
        "广州市", "广州市", "海西蒙古族藏族自治州", "新城"]
    assert values(standardize_city(pd.Series(["los angeles", "LOS ANGELES", "Los Angeles",
                                              "st.  louis", "gotham"]), "en_US")) == [
        "Los Angeles", "Los Angeles", "Los Angeles", "St. Louis", "Gotham"]


# --- address ---------------------------------------------------------------------------------


def test_address_en_suffix_unit_case():
    canonical = "742 Center Avenue Apt 18"
    raw = ["742 Center Avenue Apt 18", "742 Center Ave Apt 18", "742 Center Ave. #18",
           "742 Center Ave Apt. 18", "742 Center Ave. Unit 18", "742 CENTER AVENUE APT 18",
           "742  center ave,  apt 18"]
    assert values(standardize_address(pd.Series(raw), "en_US")) == [canonical] * len(raw)


@pytest.mark.parametrize("short, full", [
    ("St", "Street"), ("St.", "Street"), ("Rd", "Road"), ("Rd.", "Road"), ("Dr", "Drive"),
    ("Ln.", "Lane"), ("Ct", "Court"), ("Blvd.", "Boulevard"), ("Pl", "Place"), ("Way", "Way"),
])
def test_address_en_every_suffix(short, full):
    assert values(standardize_address(pd.Series([f"5 Oak {short}"]), "en_US")) == [f"5 Oak {full}"]


def test_address_en_street_named_like_suffix_is_kept():
    # only the street-type position is expanded: "St" at the front stays
    assert values(standardize_address(pd.Series(["5 St Marys Dr"]), "en_US")) == ["5 St Marys Drive"]


def test_address_zh_variants():
    canonical = "天河区青年路5号12栋508室"
    raw = ["天河区青年路5号12栋508室",
           "天河区青年路5#12栋508室",          # 号 → #
           "天河区青年路5号12-508",            # 栋 → -, 室 dropped
           "天河区青年路5号12号楼508室",        # 栋 → 号楼
           "天河区青年路５号１２栋５０８室",     # full-width digits
           "广东省广州市天河区青年路5号12栋508室",  # province and city prefixed
           "广东广州天河区青年路5#12-508",      # short prefix + # + unit
           "广东 广州 天河区青年路5号12栋508室"]
    assert values(standardize_address(pd.Series(raw), "zh_CN")) == [canonical] * len(raw)


def test_address_zh_prefix_of_municipality_and_road_named_after_city():
    out = standardize_address(pd.Series(["北京市朝阳区广州路8号", "北京朝阳区广州路8号",
                                         "广州路8号", "上海上海路1号", "广东广州广州路3号"]), "zh_CN")
    # the road "广州路" and "上海路" keep their names; only real prefixes are removed
    assert values(out) == ["朝阳区广州路8号", "朝阳区广州路8号", "广州路8号", "上海路1号", "广州路3号"]


def test_address_district_dropped_stays_dropped():
    assert values(standardize_address(pd.Series(["青年路5号"]), "zh_CN")) == ["青年路5号"]


# --- name, gender, postcode ------------------------------------------------------------------


def test_name_en_variants():
    raw = ["Mary Ann Smith", "MARY ANN SMITH", "mary ann smith", "  Mary   Ann Smith ",
           "Smith, Mary Ann"]
    assert values(standardize_name(pd.Series(raw), "en_US")) == ["Mary Ann Smith"] * len(raw)
    # nicknames and typos are left to fuzzy matching
    assert values(standardize_name(pd.Series(["Bill Smtih"]), "en_US")) == ["Bill Smtih"]


def test_name_zh_variants():
    raw = ["王静", "王 静", "王靜", "王  靜 "]
    assert values(standardize_name(pd.Series(raw), "zh_CN")) == ["王静"] * 4
    # every traditional character the archive generator uses
    traditional = "麗靜軍華傑豔紅蘭雲龍強寧輝國"
    simplified = "丽静军华杰艳红兰云龙强宁辉国"
    assert values(standardize_name(pd.Series(list(traditional)), "zh_CN")) == list(simplified)
    assert values(standardize_name(pd.Series(["欧阳 华", "Li Wei"]), "zh_CN")) == ["欧阳华", "Li Wei"]


def test_gender_every_spelling():
    female = ["F", "f", "female", "Female", "女", "女性", " FEMALE "]
    male = ["M", "m", "male", "Male", "男", "男性"]
    out = standardize_gender(pd.Series(female + male + ["x", "", None]))
    assert values(out) == ["F"] * len(female) + ["M"] * len(male) + [None] * 3


def test_postcode_variants():
    en = standardize_postcode(pd.Series(["38362-6893", "6202", "06202", "802", "1234567"]), "en_US")
    assert values(en) == ["38362", "06202", "06202", "00802", None]
    zh = standardize_postcode(pd.Series(["510000", "５１００００", "51000"]), "zh_CN")
    assert values(zh) == ["510000", "510000", None]


# --- birth date ------------------------------------------------------------------------------


def test_birth_date_every_generator_format():
    en = ["1985-03-07", "03/07/1985", "March 7, 1985"]
    zh = ["1985-03-07", "1985年3月7日", "1985/3/7", "07/03/1985"]
    expected = pd.Timestamp("1985-03-07")
    assert (standardize_birth_date(pd.Series(en), "en_US") == expected).all()
    assert (standardize_birth_date(pd.Series(zh), "zh_CN") == expected).all()


def test_birth_date_ambiguous_order_follows_locale_and_flag():
    s = pd.Series(["04/05/1990"])
    assert standardize_birth_date(s, "en_US").iloc[0] == pd.Timestamp("1990-04-05")
    assert standardize_birth_date(s, "zh_CN").iloc[0] == pd.Timestamp("1990-05-04")
    assert standardize_birth_date(s, "en_US", day_first=True).iloc[0] == pd.Timestamp("1990-05-04")
    # the preferred reading is impossible, the other one is used
    assert standardize_birth_date(pd.Series(["25/12/1990"]), "en_US").iloc[0] == pd.Timestamp("1990-12-25")


def test_birth_date_rule_per_source():
    raw = pd.DataFrame({"source": ["survey", "event", "store"],
                        "birth_date": ["04/05/1990", "04/05/1990", "04/05/1990"]})
    out = standardize(raw, "en_US", day_first={"survey": True})["birth_date_std"]
    assert out.tolist() == [pd.Timestamp("1990-05-04"), pd.Timestamp("1990-04-05"),
                            pd.Timestamp("1990-04-05")]
    with pytest.raises(ColumnError, match="source"):
        standardize(raw.drop(columns="source"), "en_US", day_first={"survey": True})
    with pytest.raises(ParameterTypeError, match="day_first"):
        standardize(raw, "en_US", day_first={"survey": "yes"})


def test_birth_date_other_forms_and_garbage():
    out = standardize_birth_date(pd.Series(["Mar 7 1985", "7 March 1985", "19850307",
                                            "1985.3.7", "1985-02-30", "yesterday", None]), "en_US")
    assert out.iloc[:4].eq(pd.Timestamp("1985-03-07")).all()
    assert out.iloc[4:].isna().all()
    assert str(out.dtype) == "datetime64[s]"


def test_birth_date_bad_flag():
    with pytest.raises(ParameterTypeError, match="day_first"):
        standardize_birth_date(pd.Series(["1985-03-07"]), "en_US", day_first="yes")


# --- the whole archive -----------------------------------------------------------------------


def test_standardize_adds_columns_and_keeps_input():
    raw = pd.DataFrame({"record_id": [1, 2], "phone": ["+1 555-123-4567", "bad"],
                        "province": ["Calif.", "Narnia"], "other": [1, 2]})
    before = raw.copy(deep=True)
    out = standardize(raw, "en_US")
    pd.testing.assert_frame_equal(raw, before)
    assert list(out.columns) == ["record_id", "phone", "province", "other", "phone_std",
                                 "province_std"]
    assert values(out["phone_std"]) == ["5551234567", None]
    # unknown province: standardised value missing, raw value kept
    assert values(out["province_std"]) == ["California", None] and out["province"].iloc[1] == "Narnia"


def test_standardize_guesses_locale():
    raw = pd.DataFrame({"name": ["王 靜"], "birth_date": ["07/03/1985"]})
    out = standardize(raw)
    assert out["name_std"].iloc[0] == "王静"
    assert out["birth_date_std"].iloc[0] == pd.Timestamp("1985-03-07")  # zh_CN: day first


@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_standardize_recovers_the_master_values(locale):
    """On the bundled archive, standardised fields equal the customer's clean master value
    for almost every record (the rest: typos, old numbers, household members' data)."""
    archive = crmlab.load("archive", locale)
    truth = crmlab.load("truth_archive", locale)
    customers = crmlab.load("customers", locale)
    std = standardize(archive, locale).merge(truth, on="record_id")
    master = customers.set_index("customer_id").loc[std["customer_id"]].reset_index(drop=True)
    checks = {
        "gender": (master["gender"].astype(str), 1.0),
        "birth_date": (master["birth_date"], 0.97),
        "province": (master["province"], 0.99),
        "city": (master["city"], 0.99),
        "phone": (master["phone"].str.replace("-", "", regex=False), 0.9),
        "email": (master["email"], 0.95),
        "address": (master["address"], 0.9),
        "postcode": (master["postcode"], 0.93),
    }
    for field, (expected, floor) in checks.items():
        got = std[field + "_std"]
        present = got.notna().to_numpy()
        same = (got.to_numpy(dtype=object)[present] == expected.to_numpy(dtype=object)[present])
        assert same.mean() >= floor, (field, same.mean())
        # nothing the generator wrote is left unparsed
        assert (archive[field].notna() == got.notna()).all(), field


def test_standardize_errors():
    with pytest.raises(ParameterTypeError, match="archive"):
        standardize([1, 2])
    with pytest.raises(ColumnError, match="none of the columns"):
        standardize(pd.DataFrame({"x": [1]}))
    with pytest.raises(ParameterError, match="locale"):
        standardize(pd.DataFrame({"phone": ["1"]}), "de_DE")
    with pytest.raises(ParameterTypeError, match="`locale` must be a str"):
        standardize_phone(pd.Series(["1"]), None)
    with pytest.raises(ParameterTypeError, match="values"):
        standardize_phone(pd.DataFrame({"phone": ["1"]}), "en_US")
    with pytest.raises(ParameterTypeError, match="suffix"):
        standardize(pd.DataFrame({"phone": ["1"]}), "en_US", suffix="")
