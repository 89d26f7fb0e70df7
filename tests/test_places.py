"""The zh_CN place table: districts and postcodes of every city (crmlab.simulate.places)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab.errors import ParameterError
from crmlab.simulate import identity, places

# First two digits of the postcodes of each province (China Post's zones), written out here,
# independently of the module under test.
POSTCODE_ZONES = {
    "北京市": "10", "天津市": "30", "河北省": "05 06 07", "山西省": "03 04", "内蒙古自治区": "01 02",
    "辽宁省": "11 12", "吉林省": "13", "黑龙江省": "15 16", "上海市": "20", "江苏省": "21 22",
    "浙江省": "31 32", "安徽省": "23 24", "福建省": "35 36", "江西省": "33 34",
    "山东省": "25 26 27", "河南省": "45 46 47", "湖北省": "43 44", "湖南省": "41 42",
    "广东省": "51 52", "广西壮族自治区": "53 54", "海南省": "57", "重庆市": "40",
    "四川省": "61 62 63 64", "贵州省": "55 56", "云南省": "65 66 67", "西藏自治区": "85 86",
    "陕西省": "71 72", "甘肃省": "73 74", "青海省": "81", "宁夏回族自治区": "75",
    "新疆维吾尔自治区": "83 84", "台湾省": "99", "香港特别行政区": "99", "澳门特别行政区": "99",
}
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}


@pytest.fixture(scope="module")
def table():
    return places.district_table("zh_CN")


def test_columns_and_types(table):
    assert list(table.columns) == ["province", "city", "district", "code", "id_code", "postcode",
                                   "weight"]
    for col in ("province", "city", "district", "code", "id_code", "postcode"):
        assert isinstance(table[col].dtype, pd.StringDtype), col
    assert not table.drop(columns="code").isna().any().any()
    assert len(places.district_table("en_US")) == 0
    with pytest.raises(ParameterError, match="`locale`"):
        places.district_table("fr_FR")


def test_every_city_has_its_districts(table):
    cities = places.city_table("zh_CN")
    per = table.groupby(["province", "city"]).size()
    assert set(per.index) == set(zip(cities["province"], cities["city"]))
    assert (per >= 3).all()
    assert np.allclose(table.groupby("city")["weight"].sum(), 1)
    assert table["district"].str.fullmatch(r"[\u4e00-\u9fff]{2,12}").all()
    assert not table.duplicated(["city", "district"]).any()
    # about 1,700 units for 168 cities
    assert 1_600 < len(table) < 1_900 and table["city"].nunique() == 168


def test_codes_belong_to_their_city_and_province(table):
    cities = places.city_table("zh_CN").set_index("city")
    prov = places.province_table("zh_CN").set_index("province")["id_code"]
    coded = table[table["code"].notna()]
    assert coded["code"].is_unique
    assert coded["code"].str.fullmatch(r"\d{6}|\d{9}").all()
    city_code = coded["city"].map(cities["code"])
    own = coded["code"].str[:4] == city_code
    # the municipalities' counties have their own prefix (Chongqing 5002xx)
    muni = coded["province"].isin(MUNICIPALITIES) & (coded["code"].str[:2] == city_code.str[:2])
    assert (own | muni).all()
    assert set(coded.loc[~own, "code"].str[:4]) == {"5002"}
    assert (coded["code"].str[:2] == coded["province"].map(prov)).all()
    # a nine-digit code is a town of a city without counties; its people's IDs start with the city
    towns = coded[coded["code"].str.len() == 9]
    assert set(towns["city"]) == {"东莞市", "中山市", "儋州市"}
    assert (towns["code"].str[4:6] == "00").all()
    assert (table["id_code"].str.fullmatch(r"\d{6}")).all()
    assert (coded["id_code"] == coded["code"].str[:6]).all()
    # Hong Kong, Macau and Taiwan have no codes: the province's
    uncoded = table[table["code"].isna()]
    assert set(uncoded["province"]) == {"香港特别行政区", "澳门特别行政区", "台湾省"}
    assert (uncoded["id_code"] == uncoded["province"].map(prov) + "0000").all()


def test_a_name_in_two_cities_is_two_units(table):
    """A name listed under two cities is two real units: different codes, each of its city."""
    twice = table[table.duplicated("district", keep=False)]
    assert {"朝阳区", "鼓楼区", "西湖区", "白云区"} <= set(twice["district"])  # known namesakes
    coded = twice[twice["code"].notna()]
    assert not coded.duplicated(["district", "code"]).any()
    assert (coded.groupby("district")["city"].nunique() == coded.groupby("district").size()).all()
    assert set(table.loc[table["district"] == "鼓楼区", "city"]) == {"南京市", "徐州市", "福州市",
                                                                    "开封市"}


def test_hand_checked_entries(table):
    t = table.set_index(["city", "district"])
    # (division code, postcode) of a few units, as published
    assert (t.loc[("北京市", "东城区"), "code"], t.loc[("北京市", "东城区"), "postcode"]) == (
        "110101", "100010")
    assert t.loc[("广州市", "天河区"), "code"] == "440106"
    assert t.loc[("广州市", "越秀区"), "postcode"] == "510030"
    assert t.loc[("合肥市", "肥西县"), "code"] == "340123"
    assert t.loc[("东莞市", "虎门镇"), "code"] == "441900121"
    assert t.loc[("重庆市", "城口县"), "code"] == "500229"
    assert t.loc[("香港", "油尖旺区"), "postcode"] == "999077"
    assert len(t.loc["北京市"]) == 16 and len(t.loc["上海市"]) == 16 and len(t.loc["广州市"]) == 11
    assert len(t.loc["香港"]) == 18 and len(t.loc["台北市"]) == 12
    # the districts of the sample rows the old data got wrong belong elsewhere
    assert "怀柔区" not in set(t.loc["佛山市"].index) and "徐汇区" not in set(t.loc["三亚市"].index)
    assert "金门县" not in set(table["district"])


def test_postcodes_are_plausible(table):
    assert table["postcode"].str.fullmatch(r"\d{6}").all()
    zone = table["province"].map(lambda p: POSTCODE_ZONES[p].split())
    assert all(code[:2] in z for code, z in zip(table["postcode"], zone))
    assert not table["postcode"].isin({"000000", "999999"}).any()
    # a district's postcode shares the city's first two digits; the city's is in its province
    cities = places.city_table("zh_CN")
    city_post = table["city"].map(cities.set_index("city")["postcode"])
    assert (table["postcode"].str[:2] == city_post.str[:2]).all()
    assert cities["postcode"].str.fullmatch(r"\d{6}").all()
    assert all(c[:2] in POSTCODE_ZONES[p].split()
               for p, c in zip(cities["province"], cities["postcode"]))
    fixed = places.postcode_of("zh_CN")
    for prov, code in fixed.items():
        assert (table.loc[table["province"] == prov, "postcode"] == code).all()
        assert (cities.loc[cities["province"] == prov, "postcode"] == code).all()
    # the province's two-digit prefix is its capital's
    prov = places.province_table("zh_CN")
    first = cities.groupby("province", sort=False)["postcode"].first().str[:2]
    assert (prov.set_index("province")["postcode_prefix"] == first).all()


def test_street_addresses_of_given_cities():
    rng = np.random.default_rng(2)
    city = np.array(["广州市", "东莞市", "香港"] * 200)
    out = identity.street_addresses(rng, "zh_CN", city)
    table = places.district_table("zh_CN")
    for name in ("广州市", "东莞市", "香港"):
        names = tuple(table.loc[table["city"] == name, "district"])
        assert all(a.startswith(names) for a in out[city == name]), name
    with pytest.raises(ParameterError, match="`cities`.*'Gotham'"):
        identity.street_addresses(rng, "zh_CN", ["广州市", "Gotham"])
