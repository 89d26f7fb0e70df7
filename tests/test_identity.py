"""Tests of crmlab.simulate.identity and crmlab.simulate.places."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from crmlab.errors import ParameterError
from crmlab.simulate import identity, places

N = 20_000
COLUMNS = ["name", "phone", "email", "province", "city", "address", "postcode", "id_number"]

# Written out here, independently of the module under test.
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def checksum(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def inputs(n: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    gender = np.where(rng.random(n) < 0.52, "F", "M")
    birth = np.datetime64("1940-01-01") + rng.integers(0, 25_000, n)
    return gender, birth.astype("datetime64[D]")


@pytest.fixture(scope="module", params=identity.LOCALES)
def made(request):
    gender, birth = inputs(N)
    frame = identity.people(np.random.default_rng(123), request.param, gender, birth)
    return request.param, gender, birth, frame


@pytest.fixture(scope="module")
def zh():
    gender, birth = inputs(N)
    return gender, birth, identity.people(np.random.default_rng(5), "zh_CN", gender, birth)


@pytest.fixture(scope="module")
def us():
    gender, birth = inputs(N)
    return gender, birth, identity.people(np.random.default_rng(5), "en_US", gender, birth)


# ---- general -------------------------------------------------------------------------------


def test_columns_dtypes_and_index(made):
    _, _, _, frame = made
    assert list(frame.columns) == COLUMNS
    assert isinstance(frame.index, pd.RangeIndex) and len(frame) == N
    for col in COLUMNS:
        assert isinstance(frame[col].dtype, pd.StringDtype), col
        assert not frame[col].isna().any(), col
        assert (frame[col].str.len() > 0).all(), col


@pytest.mark.parametrize("locale", identity.LOCALES)
def test_same_generator_state_same_frame(locale):
    gender, birth = inputs(2_000)
    a = identity.people(np.random.default_rng(99), locale, gender, birth)
    b = identity.people(np.random.default_rng(99), locale, gender, birth)
    pd.testing.assert_frame_equal(a, b)
    c = identity.people(np.random.default_rng(100), locale, gender, birth)
    for col in ("name", "phone", "email", "address"):
        assert (a[col] != c[col]).mean() > 0.5, col


def test_emails_nearly_unique(made):
    _, _, _, frame = made
    assert frame["email"].nunique() / len(frame) >= 0.99
    assert frame["email"].str.fullmatch(r"[a-z0-9._]+@[a-z0-9]+\.[a-z]+").all()


def test_phones_nearly_unique(made):
    _, _, _, frame = made
    assert frame["phone"].nunique() / len(frame) >= 0.999


@pytest.mark.parametrize(
    "call",
    [
        lambda loc: identity.people(np.random.default_rng(0), loc, np.array(["F"]),
                                    np.array(["1990-01-01"], dtype="datetime64[D]")),
        lambda loc: identity.phones(np.random.default_rng(0), loc, 3),
        lambda loc: identity.places(np.random.default_rng(0), loc, 3),
        lambda loc: identity.person_names(np.random.default_rng(0), loc, np.array(["F"])),
        lambda loc: places.province_table(loc),
        lambda loc: places.city_table(loc),
    ],
)
def test_bad_locale_names_the_parameter(call):
    with pytest.raises(ParameterError, match="`locale`") as info:
        call("fr_FR")
    assert "en_US" in str(info.value) and "zh_CN" in str(info.value)


def test_bad_gender_and_birth_dates():
    with pytest.raises(ParameterError, match="`gender`"):
        identity.people(np.random.default_rng(0), "en_US", np.array(["F", "X"]),
                        np.array(["1990-01-01", "1991-01-01"], dtype="datetime64[D]"))
    with pytest.raises(ParameterError, match="`birth_date`"):
        identity.people(np.random.default_rng(0), "en_US", np.array(["F", "M"]),
                        np.array(["1990-01-01"], dtype="datetime64[D]"))


def test_places_are_population_weighted():
    zh = identity.places(np.random.default_rng(3), "zh_CN", 50_000)
    # 广东 126.01 of 1,443.5 million (34 units, 2020 census) = 8.7 %
    assert abs((zh["province"] == "广东省").mean() - 126.01 / 1443.54) < 0.006
    assert (zh["province"] == "澳门特别行政区").mean() < 0.002
    us = identity.places(np.random.default_rng(3), "en_US", 50_000)
    # California 39.54 of 331.5 million = 11.9 %
    assert abs((us["province"] == "California").mean() - 39.54 / 331.5) < 0.008
    assert list(zh.columns) == ["province", "city", "postcode"]


def test_small_generators_shapes():
    rng = np.random.default_rng(1)
    g = np.array(["F", "M", "F"])
    for loc in identity.LOCALES:
        assert len(identity.person_names(rng, loc, g)) == 3
        assert len(identity.phones(rng, loc, 4)) == 4
        assert len(identity.street_addresses(rng, loc, ["广州市", "Denver"] if loc == "en_US"
                                             else ["广州市", "香港"])) == 2
        comp = identity.companies(rng, loc, ["广州市", "Denver"])
        assert len(comp) == 2 and all(isinstance(c, str) and len(c) > 3 for c in comp)
        em = identity.emails(rng, loc, ["John Smith", "王伟"])
        assert len(em) == 2 and all("@" in e for e in em)
    zh_comp = identity.companies(rng, "zh_CN", np.array(["广州市"] * 50))
    assert all(c.startswith("广州") and c.endswith("公司") and "市" not in c for c in zh_comp)
    assert len(identity.people(rng, "zh_CN", np.array([], dtype=str),
                               np.array([], dtype="datetime64[D]"))) == 0


# Industry words per industry code of accounts.py, written out here (en_US, zh_CN).
INDUSTRY_WORDS = {
    "electronics": (("Electronics", "Electric", "Semiconductor"), ("电子", "电器")),
    "building_materials": (("Building Materials", "Building Supply", "Lumber"),
                           ("建材", "建筑材料", "装饰材料")),
    "food": (("Foods", "Food Products", "Provisions"), ("食品",)),
    "textiles": (("Textiles", "Fabrics", "Apparel"), ("纺织", "服装", "服饰")),
    "machinery": (("Machinery", "Machine Works", "Equipment"), ("机械", "重工")),
}


@pytest.mark.parametrize("locale", identity.LOCALES)
def test_company_names_agree_with_industries(locale):
    import re

    rng = np.random.default_rng(5)
    n = 5_000
    codes = np.array(list(INDUSTRY_WORDS))[rng.integers(0, len(INDUSTRY_WORDS), n)]
    cities = identity.places(rng, locale, n)["city"].to_numpy()
    names = identity.companies(rng, locale, cities, codes)
    assert len(names) == n and all(isinstance(c, str) for c in names)
    col = 0 if locale == "en_US" else 1
    patterns = {code: re.compile("|".join(rf"\b{re.escape(w)}\b" if col == 0 else re.escape(w)
                                          for w in words[col]))
                for code, words in INDUSTRY_WORDS.items()}
    found = [{c for c, pat in patterns.items() if pat.search(name)} for name in names]
    # never the word of another industry
    assert all(f <= {code} for f, code in zip(found, codes))
    has = np.array([code in f for f, code in zip(found, codes)])
    if locale == "zh_CN":
        assert has.all()  # city + trade name + industry + legal form, always
        short = pd.Series(cities).str.replace("市$", "", regex=True)
        assert all(c.startswith(s) and c.endswith("公司") for c, s in zip(names, short))
    else:
        # "Smith & Jones Inc." and "Smith-Jones Group" name no industry (35 %)
        assert 0.55 < has.mean() < 0.75
    # several words per industry, the plain one most often
    for code, words in INDUSTRY_WORDS.items():
        rows = names[codes == code]
        counts = [sum(w in name for name in rows) for w in words[col]]
        assert sum(c > 0 for c in counts) >= (2 if col == 0 else 1)
    assert len(set(names)) > 0.9 * n
    # the same generator state gives the same names; without industries any trade word
    again = identity.companies(np.random.default_rng(1), locale, cities[:50], codes[:50])
    assert list(again) == list(identity.companies(np.random.default_rng(1), locale, cities[:50],
                                                  codes[:50]))
    free = identity.companies(np.random.default_rng(1), locale, cities, None)
    hits = sum(bool(pat.search(x)) for x in free for pat in patterns.values())
    assert len(free) == n and hits < 0.5 * n


def test_company_industries_checked():
    rng = np.random.default_rng(0)
    with pytest.raises(ParameterError, match="`industries`"):
        identity.companies(rng, "en_US", ["Denver", "Boston"], ["food"])
    with pytest.raises(ParameterError, match="`industries`.*'toys'"):
        identity.companies(rng, "zh_CN", ["广州市", "深圳市"], ["food", "toys"])
    assert len(identity.companies(rng, "zh_CN", [], [])) == 0


# ---- zh_CN ---------------------------------------------------------------------------------


def test_id_checksum_hand_checked():
    # The GB 11643 example: 1·7+1·9+0+1·5+0+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0+0+2·2 = 167,
    # 167 mod 11 = 2 -> "X".
    assert identity.id_checksum("11010519491231002") == "X"
    # 4·7+4·9+0+1·5+0+6·4+1·2+9·1+8·6+5·3+1·7+2·9+3·10+1·5+0+0+1·2 = 229, 229 mod 11 = 9 -> "3"
    assert identity.id_checksum("44010619851231001") == "3"
    assert checksum("44010619851231001") == "3"
    for bad in ("1101051949123100", "1101051949123100X", 11010519491231002):
        with pytest.raises(ParameterError):
            identity.id_checksum(bad)


def test_zh_id_numbers(zh):
    gender, birth, frame = zh
    ids = frame["id_number"].to_numpy(dtype=object)
    assert all(len(x) == 18 and x[:17].isdigit() and (x[17].isdigit() or x[17] == "X")
               for x in ids)
    assert all(checksum(x[:17]) == x[17] for x in ids)
    assert all(identity.id_checksum(x[:17]) == x[17] for x in ids[:500])
    want = pd.to_datetime(birth).strftime("%Y%m%d").to_numpy()
    assert (np.array([x[6:14] for x in ids]) == want).all()
    odd = np.array([int(x[16]) % 2 == 1 for x in ids])
    assert (odd == (gender == "M")).all()
    assert (np.array([x[14:17] for x in ids]) != "000").all()


def district_of(frame: pd.DataFrame) -> pd.Series:
    """The district each address starts with: the longest district name of its own city."""
    table = places.district_table("zh_CN")
    names = table.groupby("city")["district"].agg(lambda s: sorted(s, key=len, reverse=True))
    return pd.Series([next((d for d in names[c] if a.startswith(d)), None)
                      for c, a in zip(frame["city"], frame["address"])], index=frame.index)


def test_zh_address_district_belongs_to_the_city(zh):
    _, _, frame = zh
    district = district_of(frame)
    assert district.notna().all()
    # every district of the table is used, all about equally often within a city
    table = places.district_table("zh_CN")
    gz = district[frame["city"] == "广州市"].value_counts()
    assert set(gz.index) == set(table.loc[table["city"] == "广州市", "district"])
    assert gz.min() > 0.5 * gz.mean()
    # towns for the cities without counties, the districts of Hong Kong
    assert district[frame["city"] == "东莞市"].str.endswith(("镇", "街道")).all()
    assert district[frame["city"] == "香港"].isin({"中西区", "湾仔区", "油尖旺区", "沙田区", "东区",
                                                  "南区", "北区", "深水埗区", "九龙城区", "黄大仙区",
                                                  "观塘区", "荃湾区", "屯门区", "元朗区", "大埔区",
                                                  "西贡区", "葵青区", "离岛区"}).all()


def test_zh_area_code_is_the_district_s(zh):
    _, _, frame = zh
    cities = places.city_table("zh_CN")
    pairs = set(zip(cities["province"], cities["city"]))
    assert set(zip(frame["province"], frame["city"])) <= pairs
    table = places.district_table("zh_CN").set_index(["city", "district"])
    district = district_of(frame)
    want = [table.loc[(c, d), "id_code"] for c, d in zip(frame["city"], district)]
    assert (frame["id_number"].str[:6].to_numpy(dtype=object) == np.array(want, dtype=object)).all()
    # the city's four digits (Chongqing's counties: 5002), the province's two
    code = dict(zip(cities["city"], cities["code"]))
    city_part = frame["id_number"].str[:4]
    own = city_part == frame["city"].map(code)
    assert (own | ((frame["city"] == "重庆市") & (city_part == "5002"))).all()
    assert own.mean() > 0.99
    prov = places.province_table("zh_CN").set_index("province")["id_code"]
    assert (frame["id_number"].str[:2].to_numpy(dtype=object)
            == frame["province"].map(prov).to_numpy(dtype=object)).all()
    # a real county-level code: 440106 天河区, 340123 肥西县 ...; 441900 for Dongguan's towns
    assert set(frame.loc[frame["city"] == "东莞市", "id_number"].str[:6]) == {"441900"}
    assert set(frame.loc[frame["city"] == "香港", "id_number"].str[:6]) == {"810000"}


def test_zh_phones(zh):
    _, _, frame = zh
    assert frame["phone"].str.fullmatch(r"1[35789]\d{9}").all()
    assert set(frame["phone"].str[:3]) <= set(identity.ZH_PHONE_PREFIXES)
    assert frame["phone"].str[:2].value_counts(normalize=True)["13"] > 0.25


def test_zh_postcodes(zh):
    _, _, frame = zh
    assert frame["postcode"].str.fullmatch(r"\d{6}").all()
    # the postcode of the address's district
    table = places.district_table("zh_CN").set_index(["city", "district"])["postcode"]
    district = district_of(frame)
    want = [table[c, d] for c, d in zip(frame["city"], district)]
    assert (frame["postcode"].to_numpy(dtype=object) == np.array(want, dtype=object)).all()
    # and so of the city: its first two digits are the city's
    city = places.city_table("zh_CN").set_index("city")["postcode"]
    assert (frame["postcode"].str[:2] == frame["city"].map(city).str[:2]).all()
    hk = frame["province"] == "香港特别行政区"
    assert hk.any() and (frame.loc[hk, "postcode"] == "999077").all()
    bj = frame["province"] == "北京市"
    assert (frame.loc[bj, "postcode"].str[:2] == "10").all()
    yuexiu = district == "越秀区"
    assert yuexiu.any() and (frame.loc[yuexiu, "postcode"] == "510030").all()


def test_zh_names_emails_addresses(zh):
    gender, _, frame = zh
    from faker.providers.person.zh_CN import Provider

    names = frame["name"]
    assert names.str.len().between(2, 4).all()
    known_surname = names.str[0].isin(set(Provider.last_names)) | names.str[:2].isin(
        {s for s in Provider.last_names if len(s) == 2})
    assert known_surname.all()
    # about half of the given names have two characters
    assert 0.35 < (names.str.len() == 3).mean() < 0.75
    # women do not get the male-only names and vice versa
    male_only = set(Provider.first_names_male) - set(Provider.first_names_female)
    given = names.str[1:]
    assert not given[gender == "F"].isin(male_only).any()
    qq = frame["email"].str.fullmatch(r"[1-9]\d{4,9}@qq\.com")
    assert 0.55 < qq.mean() < 0.65
    assert frame["email"].str.endswith(("@163.com", "@126.com", "@sina.com", "@qq.com",
                                        "@foxmail.com", "@sohu.com")).all()
    assert frame["address"].str.fullmatch(
        r".+(区|县|市|旗|镇|街道).+(路|街|大道)\d{1,3}号(\d+栋\d+室)?").all()


# ---- en_US ---------------------------------------------------------------------------------


def test_us_zip_within_state_range(us):
    _, _, frame = us
    table = places.province_table("en_US").set_index("province")
    assert frame["postcode"].str.fullmatch(r"\d{5}").all()
    z = frame["postcode"].astype(int)
    assert (z >= frame["province"].map(table["zip_low"]).astype(int)).all()
    assert (z <= frame["province"].map(table["zip_high"]).astype(int)).all()


def test_us_state_city_consistency(us):
    _, _, frame = us
    cities = places.city_table("en_US")
    assert set(zip(frame["province"], frame["city"])) <= set(zip(cities["province"], cities["city"]))
    assert frame["province"].nunique() > 45


def test_us_phone_ssn_address(us):
    _, _, frame = us
    assert frame["phone"].str.fullmatch(r"[2-9]\d\d-[2-9]\d\d-\d{4}").all()
    assert not frame["phone"].str[1:3].eq("11").any()
    assert not frame["phone"].str[5:7].eq("11").any()
    assert frame["id_number"].str.fullmatch(r"XXX-XX-\d{4}").all()
    assert not frame["id_number"].str.endswith("0000").any()
    suffixes = "Street|Avenue|Road|Drive|Lane|Court|Boulevard|Place|Way"
    assert frame["address"].str.fullmatch(rf"\d+ [A-Z][a-z]+ ({suffixes})( Apt \d+)?").all()


def test_us_names_and_emails(us):
    gender, _, frame = us
    from faker.providers.person.en_US import Provider

    first = frame["name"].str.split(" ").str[0]
    last = frame["name"].str.split(" ").str[1]
    assert first[gender == "F"].isin(set(Provider.first_names_female)).all()
    assert first[gender == "M"].isin(set(Provider.first_names_male)).all()
    assert last.isin(set(Provider.last_names)).all()
    local = frame["email"].str.split("@").str[0]
    has_name = [(f.lower() in l) or (s.lower() in l) for f, s, l in zip(first, last, local)]
    assert all(has_name)
    assert (frame["email"] == frame["email"].str.lower()).all()


# ---- place tables --------------------------------------------------------------------------


def test_zh_place_tables():
    prov = places.province_table("zh_CN")
    assert len(prov) == 34 and prov["province"].is_unique and prov["id_code"].is_unique
    assert set(prov["id_code"]) == {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
        "65", "71", "81", "82",
    }
    row = prov.set_index("province").loc["广东省"]
    assert (row["short"], row["abbr"], row["name_en"], row["postcode_prefix"]) == (
        "广东", "粤", "Guangdong", "51")
    assert prov.set_index("short").loc["上海", "postcode_prefix"] == "20"
    assert abs(prov["weight"].sum() - 1) < 1e-12
    cities = places.city_table("zh_CN")
    code = dict(zip(prov["province"], prov["id_code"]))
    assert all(c.startswith(code[p]) for p, c in zip(cities["province"], cities["code"]))
    assert cities["code"].str.fullmatch(r"\d{4}").all()
    known = dict(zip(cities["city"], cities["code"]))
    assert (known["广州市"], known["深圳市"], known["杭州市"], known["宁波市"], known["成都市"]) == (
        "4401", "4403", "3301", "3302", "5101")
    per = cities.groupby("province").size()
    single = {"北京市", "天津市", "上海市", "重庆市", "香港特别行政区", "澳门特别行政区"}
    assert (per[list(single)] == 1).all()
    assert per.drop(list(single)).between(3, 8).all()
    assert np.allclose(cities.groupby("province")["weight"].sum(), 1)
    assert abs(cities["p"].sum() - 1) < 1e-12


def test_us_place_tables():
    from faker.providers.address.en_US import Provider

    prov = places.province_table("en_US")
    assert len(prov) == 51 and prov["abbr"].is_unique
    assert set(prov["abbr"]) == set(Provider.states_abbr)
    ca = prov.set_index("abbr").loc["CA"]
    assert (ca["province"], ca["abbr_alt"], ca["zip_low"], ca["zip_high"]) == (
        "California", "Calif.", 90001, 96162)
    cities = places.city_table("en_US")
    per = cities.groupby("province").size()
    assert per.drop("District of Columbia").between(3, 6).all()


def test_province_lookup():
    zh = places.province_lookup("zh_CN")
    for variant in ("广东省", "广东", "粤", "guangdong", "Guangdong".casefold()):
        assert zh[variant] == "广东省"
    assert zh["黔"] == zh["贵"] == "贵州省"
    assert zh["inner mongolia"] == zh["内蒙古"] == "内蒙古自治区"
    us = places.province_lookup("en_US")
    for variant in ("california", "ca", "calif."):
        assert us[variant] == "California"
    assert us["mass."] == "Massachusetts"
    # returns a copy
    us["xx"] = "nowhere"
    assert "xx" not in places.province_lookup("en_US")
