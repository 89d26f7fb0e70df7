"""Place tables for the simulated locales: provinces/states and their cities.

Pure data plus a few cached look-ups. Nothing here is random.

``zh_CN``
    All 34 provincial-level units with the two-digit code used by resident ID numbers (GB/T
    2260), the short name, the one-character abbreviation (``abbr``; ``abbr_alt`` is the second
    official one where there are two, e.g. 贵州 贵/黔), English and pinyin names, the first two
    digits of the province's postcodes, the 2020 census population (millions) and three to eight
    real prefecture-level cities (one for the municipalities and Hong Kong/Macau) with their
    four-digit administrative-division prefix and 2020 population (millions) as weight.
    GB/T 2260 gives Taiwan only the province code ``710000``; its cities therefore share the
    prefix ``7100`` (likewise ``8100`` Hong Kong, ``8200`` Macau). Hong Kong, Macau and Taiwan
    use the mainland postal codes ``999077``, ``999078`` and ``999079``.

``en_US``
    The 50 states and the District of Columbia with USPS and AP-style abbreviations, the 2020
    census population (millions), the ZIP range of Faker's ``states_postcode`` table and three to
    six real cities (only Washington for DC) weighted by their 2020 population (thousands).
"""

from __future__ import annotations

import functools

import pandas as pd

from ..errors import ParameterError

__all__ = ["PLACE_LOCALES", "province_table", "city_table", "province_lookup", "postcode_of"]

PLACE_LOCALES = ("en_US", "zh_CN")

# --------------------------------------------------------------------------------------------
# zh_CN: (official name, ID code, short name, abbreviation, second abbreviation, English,
#         pinyin, postcode prefix, population 2020 (millions), ((city, code, population), ...))
# --------------------------------------------------------------------------------------------
_ZH = (
    ("北京市", "11", "北京", "京", "", "Beijing", "Beijing", "10", 21.89,
     (("北京市", "1101", 21.89),)),
    ("天津市", "12", "天津", "津", "", "Tianjin", "Tianjin", "30", 13.87,
     (("天津市", "1201", 13.87),)),
    ("河北省", "13", "河北", "冀", "", "Hebei", "Hebei", "05", 74.61,
     (("石家庄市", "1301", 11.24), ("唐山市", "1302", 7.72), ("秦皇岛市", "1303", 3.14),
      ("邯郸市", "1304", 9.41), ("保定市", "1306", 11.54), ("沧州市", "1309", 7.30),
      ("廊坊市", "1310", 5.46))),
    ("山西省", "14", "山西", "晋", "", "Shanxi", "Shanxi", "03", 34.92,
     (("太原市", "1401", 5.30), ("大同市", "1402", 3.11), ("长治市", "1404", 3.18),
      ("晋中市", "1407", 3.38), ("运城市", "1408", 4.77), ("临汾市", "1410", 3.98))),
    ("内蒙古自治区", "15", "内蒙古", "蒙", "", "Inner Mongolia", "Neimenggu", "01", 24.05,
     (("呼和浩特市", "1501", 3.45), ("包头市", "1502", 2.71), ("赤峰市", "1504", 4.04),
      ("通辽市", "1505", 2.87), ("鄂尔多斯市", "1506", 2.15), ("呼伦贝尔市", "1507", 2.24))),
    ("辽宁省", "21", "辽宁", "辽", "", "Liaoning", "Liaoning", "11", 42.59,
     (("沈阳市", "2101", 9.07), ("大连市", "2102", 7.45), ("鞍山市", "2103", 3.33),
      ("抚顺市", "2104", 1.85), ("锦州市", "2107", 2.70), ("营口市", "2108", 2.33))),
    ("吉林省", "22", "吉林", "吉", "", "Jilin", "Jilin", "13", 24.07,
     (("长春市", "2201", 9.07), ("吉林市", "2202", 3.62), ("四平市", "2203", 1.81),
      ("通化市", "2205", 1.30), ("松原市", "2207", 2.25))),
    ("黑龙江省", "23", "黑龙江", "黑", "", "Heilongjiang", "Heilongjiang", "15", 31.85,
     (("哈尔滨市", "2301", 10.01), ("齐齐哈尔市", "2302", 4.07), ("大庆市", "2306", 2.78),
      ("佳木斯市", "2308", 2.16), ("牡丹江市", "2310", 2.29), ("绥化市", "2312", 3.76))),
    ("上海市", "31", "上海", "沪", "", "Shanghai", "Shanghai", "20", 24.87,
     (("上海市", "3101", 24.87),)),
    ("江苏省", "32", "江苏", "苏", "", "Jiangsu", "Jiangsu", "21", 84.75,
     (("南京市", "3201", 9.31), ("无锡市", "3202", 7.46), ("徐州市", "3203", 9.08),
      ("常州市", "3204", 5.28), ("苏州市", "3205", 12.75), ("南通市", "3206", 7.73),
      ("盐城市", "3209", 6.71), ("扬州市", "3210", 4.56))),
    ("浙江省", "33", "浙江", "浙", "", "Zhejiang", "Zhejiang", "31", 64.57,
     (("杭州市", "3301", 11.94), ("宁波市", "3302", 9.40), ("温州市", "3303", 9.57),
      ("嘉兴市", "3304", 5.40), ("绍兴市", "3306", 5.27), ("金华市", "3307", 7.05),
      ("台州市", "3310", 6.62))),
    ("安徽省", "34", "安徽", "皖", "", "Anhui", "Anhui", "23", 61.03,
     (("合肥市", "3401", 9.37), ("芜湖市", "3402", 3.64), ("蚌埠市", "3403", 3.30),
      ("安庆市", "3408", 4.17), ("阜阳市", "3412", 8.20), ("六安市", "3415", 4.40))),
    ("福建省", "35", "福建", "闽", "", "Fujian", "Fujian", "35", 41.54,
     (("福州市", "3501", 8.29), ("厦门市", "3502", 5.16), ("莆田市", "3503", 3.21),
      ("泉州市", "3505", 8.78), ("漳州市", "3506", 5.05), ("龙岩市", "3508", 2.72))),
    ("江西省", "36", "江西", "赣", "", "Jiangxi", "Jiangxi", "33", 45.19,
     (("南昌市", "3601", 6.26), ("九江市", "3604", 4.60), ("赣州市", "3607", 8.97),
      ("吉安市", "3608", 4.47), ("宜春市", "3609", 5.01), ("上饶市", "3611", 6.49))),
    ("山东省", "37", "山东", "鲁", "", "Shandong", "Shandong", "25", 101.53,
     (("济南市", "3701", 9.20), ("青岛市", "3702", 10.07), ("淄博市", "3703", 4.70),
      ("烟台市", "3706", 7.10), ("潍坊市", "3707", 9.39), ("济宁市", "3708", 8.36),
      ("临沂市", "3713", 11.02), ("菏泽市", "3717", 8.80))),
    ("河南省", "41", "河南", "豫", "", "Henan", "Henan", "45", 99.37,
     (("郑州市", "4101", 12.60), ("开封市", "4102", 4.82), ("洛阳市", "4103", 7.06),
      ("新乡市", "4107", 6.25), ("南阳市", "4113", 9.71), ("商丘市", "4114", 7.82),
      ("周口市", "4116", 9.03))),
    ("湖北省", "42", "湖北", "鄂", "", "Hubei", "Hubei", "43", 57.75,
     (("武汉市", "4201", 12.33), ("宜昌市", "4205", 4.02), ("襄阳市", "4206", 5.26),
      ("孝感市", "4209", 4.27), ("荆州市", "4210", 5.23), ("黄冈市", "4211", 5.88))),
    ("湖南省", "43", "湖南", "湘", "", "Hunan", "Hunan", "41", 66.44,
     (("长沙市", "4301", 10.05), ("株洲市", "4302", 3.90), ("湘潭市", "4303", 2.73),
      ("衡阳市", "4304", 6.65), ("岳阳市", "4306", 5.05), ("常德市", "4307", 5.28))),
    ("广东省", "44", "广东", "粤", "", "Guangdong", "Guangdong", "51", 126.01,
     (("广州市", "4401", 18.68), ("深圳市", "4403", 17.56), ("珠海市", "4404", 2.44),
      ("汕头市", "4405", 5.50), ("佛山市", "4406", 9.50), ("惠州市", "4413", 6.04),
      ("东莞市", "4419", 10.47), ("中山市", "4420", 4.42))),
    ("广西壮族自治区", "45", "广西", "桂", "", "Guangxi", "Guangxi", "53", 50.13,
     (("南宁市", "4501", 8.74), ("柳州市", "4502", 4.16), ("桂林市", "4503", 4.93),
      ("梧州市", "4504", 2.82), ("北海市", "4505", 1.85), ("玉林市", "4509", 5.80))),
    ("海南省", "46", "海南", "琼", "", "Hainan", "Hainan", "57", 10.08,
     (("海口市", "4601", 2.87), ("三亚市", "4602", 1.03), ("儋州市", "4604", 0.95))),
    ("重庆市", "50", "重庆", "渝", "", "Chongqing", "Chongqing", "40", 32.05,
     (("重庆市", "5001", 32.05),)),
    ("四川省", "51", "四川", "川", "蜀", "Sichuan", "Sichuan", "61", 83.67,
     (("成都市", "5101", 20.94), ("泸州市", "5105", 4.25), ("德阳市", "5106", 3.46),
      ("绵阳市", "5107", 4.87), ("乐山市", "5111", 3.16), ("南充市", "5113", 5.61),
      ("宜宾市", "5115", 4.59))),
    ("贵州省", "52", "贵州", "贵", "黔", "Guizhou", "Guizhou", "55", 38.56,
     (("贵阳市", "5201", 5.99), ("六盘水市", "5202", 3.03), ("遵义市", "5203", 6.61),
      ("安顺市", "5204", 2.47), ("毕节市", "5205", 6.90))),
    ("云南省", "53", "云南", "云", "滇", "Yunnan", "Yunnan", "65", 47.21,
     (("昆明市", "5301", 8.46), ("曲靖市", "5303", 5.77), ("玉溪市", "5304", 2.25),
      ("保山市", "5305", 2.43), ("昭通市", "5306", 5.09), ("丽江市", "5307", 1.25))),
    ("西藏自治区", "54", "西藏", "藏", "", "Tibet", "Xizang", "85", 3.65,
     (("拉萨市", "5401", 0.87), ("日喀则市", "5402", 0.80), ("林芝市", "5404", 0.24),
      ("山南市", "5405", 0.35))),
    ("陕西省", "61", "陕西", "陕", "秦", "Shaanxi", "Shaanxi", "71", 39.53,
     (("西安市", "6101", 12.95), ("宝鸡市", "6103", 3.32), ("咸阳市", "6104", 3.96),
      ("渭南市", "6105", 4.69), ("汉中市", "6107", 3.21), ("榆林市", "6108", 3.62))),
    ("甘肃省", "62", "甘肃", "甘", "陇", "Gansu", "Gansu", "73", 25.02,
     (("兰州市", "6201", 4.36), ("白银市", "6204", 1.51), ("天水市", "6205", 2.98),
      ("武威市", "6206", 1.46), ("酒泉市", "6209", 1.06), ("庆阳市", "6210", 2.18))),
    ("青海省", "63", "青海", "青", "", "Qinghai", "Qinghai", "81", 5.92,
     (("西宁市", "6301", 2.47), ("海东市", "6302", 1.36),
      ("海西蒙古族藏族自治州", "6328", 0.47))),
    ("宁夏回族自治区", "64", "宁夏", "宁", "", "Ningxia", "Ningxia", "75", 7.20,
     (("银川市", "6401", 2.86), ("石嘴山市", "6402", 0.75), ("吴忠市", "6403", 1.38),
      ("固原市", "6404", 1.14), ("中卫市", "6405", 1.07))),
    ("新疆维吾尔自治区", "65", "新疆", "新", "", "Xinjiang", "Xinjiang", "83", 25.85,
     (("乌鲁木齐市", "6501", 4.05), ("克拉玛依市", "6502", 0.49), ("吐鲁番市", "6504", 0.69),
      ("哈密市", "6505", 0.67))),
    ("台湾省", "71", "台湾", "台", "", "Taiwan", "Taiwan", "99", 23.56,
     (("台北市", "7100", 2.60), ("台中市", "7100", 2.82), ("高雄市", "7100", 2.77))),
    ("香港特别行政区", "81", "香港", "港", "", "Hong Kong", "Xianggang", "99", 7.47,
     (("香港", "8100", 7.47),)),
    ("澳门特别行政区", "82", "澳门", "澳", "", "Macau", "Aomen", "99", 0.68,
     (("澳门", "8200", 0.68),)),
)

#: Postal codes used on the mainland for Hong Kong, Macau and Taiwan (the whole code).
_ZH_FIXED_POSTCODES = {"香港特别行政区": "999077", "澳门特别行政区": "999078", "台湾省": "999079"}

# Short forms of city names that do not simply drop 市.
_ZH_CITY_SHORT = {"海西蒙古族藏族自治州": "海西州"}

# --------------------------------------------------------------------------------------------
# en_US: (state, USPS, AP style, population 2020 (millions), "City:pop_thousands;...")
# --------------------------------------------------------------------------------------------
_US = (
    ("Alabama", "AL", "Ala.", 5.02, "Birmingham:200;Montgomery:200;Huntsville:215;Mobile:187;Tuscaloosa:99"),
    ("Alaska", "AK", "Alaska", 0.73, "Anchorage:291;Fairbanks:32;Juneau:32"),
    ("Arizona", "AZ", "Ariz.", 7.15, "Phoenix:1608;Tucson:543;Mesa:504;Chandler:275;Scottsdale:241;Tempe:180"),
    ("Arkansas", "AR", "Ark.", 3.01, "Little Rock:202;Fort Smith:89;Fayetteville:93;Springdale:84;Jonesboro:78"),
    ("California", "CA", "Calif.", 39.54, "Los Angeles:3899;San Diego:1386;San Jose:1013;San Francisco:873;Fresno:542;Sacramento:524"),
    ("Colorado", "CO", "Colo.", 5.77, "Denver:715;Colorado Springs:478;Aurora:386;Fort Collins:169;Boulder:108"),
    ("Connecticut", "CT", "Conn.", 3.61, "Bridgeport:148;New Haven:134;Stamford:135;Hartford:121;Waterbury:114"),
    ("Delaware", "DE", "Del.", 0.99, "Wilmington:70;Dover:39;Newark:30"),
    ("District of Columbia", "DC", "D.C.", 0.69, "Washington:690"),
    ("Florida", "FL", "Fla.", 21.54, "Jacksonville:950;Miami:442;Tampa:384;Orlando:307;St. Petersburg:258;Tallahassee:196"),
    ("Georgia", "GA", "Ga.", 10.71, "Atlanta:499;Columbus:206;Augusta:202;Macon:157;Savannah:148;Athens:127"),
    ("Hawaii", "HI", "Hawaii", 1.46, "Honolulu:350;Hilo:45;Pearl City:45;Kailua:38"),
    ("Idaho", "ID", "Idaho", 1.84, "Boise:236;Meridian:117;Nampa:100;Idaho Falls:65;Pocatello:57"),
    ("Illinois", "IL", "Ill.", 12.81, "Chicago:2746;Aurora:180;Joliet:150;Naperville:149;Rockford:148;Springfield:114"),
    ("Indiana", "IN", "Ind.", 6.79, "Indianapolis:887;Fort Wayne:263;Evansville:117;South Bend:103;Carmel:99;Bloomington:79"),
    ("Iowa", "IA", "Iowa", 3.19, "Des Moines:214;Cedar Rapids:137;Davenport:101;Sioux City:85;Iowa City:75"),
    ("Kansas", "KS", "Kan.", 2.94, "Wichita:397;Overland Park:197;Kansas City:156;Olathe:141;Topeka:126;Lawrence:95"),
    ("Kentucky", "KY", "Ky.", 4.51, "Louisville:633;Lexington:322;Bowling Green:72;Owensboro:60;Covington:41"),
    ("Louisiana", "LA", "La.", 4.66, "New Orleans:384;Baton Rouge:227;Shreveport:187;Lafayette:121;Lake Charles:84"),
    ("Maine", "ME", "Maine", 1.36, "Portland:68;Lewiston:37;Bangor:32;South Portland:26;Augusta:19"),
    ("Maryland", "MD", "Md.", 6.18, "Baltimore:586;Frederick:78;Gaithersburg:69;Rockville:68;Annapolis:40"),
    ("Massachusetts", "MA", "Mass.", 7.03, "Boston:676;Worcester:206;Springfield:155;Cambridge:118;Lowell:115"),
    ("Michigan", "MI", "Mich.", 10.08, "Detroit:639;Grand Rapids:199;Warren:139;Sterling Heights:134;Ann Arbor:123;Lansing:113"),
    ("Minnesota", "MN", "Minn.", 5.71, "Minneapolis:430;Saint Paul:311;Rochester:121;Bloomington:89;Duluth:87"),
    ("Mississippi", "MS", "Miss.", 2.96, "Jackson:154;Gulfport:72;Southaven:55;Biloxi:49;Hattiesburg:48"),
    ("Missouri", "MO", "Mo.", 6.15, "Kansas City:508;St. Louis:302;Springfield:169;Columbia:127;Independence:123"),
    ("Montana", "MT", "Mont.", 1.08, "Billings:117;Missoula:74;Great Falls:60;Bozeman:53;Helena:32"),
    ("Nebraska", "NE", "Neb.", 1.96, "Omaha:486;Lincoln:291;Bellevue:64;Grand Island:53;Kearney:34"),
    ("Nevada", "NV", "Nev.", 3.10, "Las Vegas:641;Henderson:317;Reno:264;North Las Vegas:262;Carson City:58"),
    ("New Hampshire", "NH", "N.H.", 1.38, "Manchester:115;Nashua:91;Concord:44;Dover:32;Rochester:32"),
    ("New Jersey", "NJ", "N.J.", 9.29, "Newark:311;Jersey City:292;Paterson:159;Elizabeth:137;Trenton:90;Camden:71"),
    ("New Mexico", "NM", "N.M.", 2.12, "Albuquerque:564;Las Cruces:111;Rio Rancho:104;Santa Fe:88;Roswell:48"),
    ("New York", "NY", "N.Y.", 20.20, "New York:8804;Buffalo:278;Rochester:211;Yonkers:211;Syracuse:148;Albany:99"),
    ("North Carolina", "NC", "N.C.", 10.44, "Charlotte:875;Raleigh:467;Greensboro:299;Durham:284;Winston-Salem:249;Fayetteville:208"),
    ("North Dakota", "ND", "N.D.", 0.78, "Fargo:126;Bismarck:74;Grand Forks:59;Minot:48"),
    ("Ohio", "OH", "Ohio", 11.80, "Columbus:906;Cleveland:373;Cincinnati:309;Toledo:270;Akron:191;Dayton:138"),
    ("Oklahoma", "OK", "Okla.", 3.96, "Oklahoma City:681;Tulsa:413;Norman:128;Broken Arrow:113;Lawton:90"),
    ("Oregon", "OR", "Ore.", 4.24, "Portland:652;Eugene:177;Salem:175;Gresham:114;Bend:99"),
    ("Pennsylvania", "PA", "Pa.", 13.00, "Philadelphia:1604;Pittsburgh:303;Allentown:126;Erie:95;Reading:95;Scranton:76"),
    ("Rhode Island", "RI", "R.I.", 1.10, "Providence:190;Warwick:83;Cranston:83;Pawtucket:75;Newport:25"),
    ("South Carolina", "SC", "S.C.", 5.12, "Charleston:150;Columbia:137;North Charleston:115;Rock Hill:75;Greenville:70"),
    ("South Dakota", "SD", "S.D.", 0.89, "Sioux Falls:192;Rapid City:75;Aberdeen:28;Brookings:23"),
    ("Tennessee", "TN", "Tenn.", 6.91, "Nashville:689;Memphis:633;Knoxville:190;Chattanooga:182;Clarksville:166"),
    ("Texas", "TX", "Texas", 29.15, "Houston:2304;San Antonio:1434;Dallas:1304;Austin:962;Fort Worth:918;El Paso:679"),
    ("Utah", "UT", "Utah", 3.27, "Salt Lake City:200;West Valley City:140;West Jordan:116;Provo:115;Orem:98;Ogden:87"),
    ("Vermont", "VT", "Vt.", 0.64, "Burlington:45;South Burlington:20;Rutland:16;Montpelier:8"),
    ("Virginia", "VA", "Va.", 8.63, "Virginia Beach:460;Chesapeake:250;Norfolk:238;Richmond:226;Newport News:186;Alexandria:159"),
    ("Washington", "WA", "Wash.", 7.71, "Seattle:737;Spokane:229;Tacoma:219;Vancouver:191;Bellevue:152"),
    ("West Virginia", "WV", "W.Va.", 1.79, "Charleston:48;Huntington:46;Morgantown:30;Parkersburg:30;Wheeling:27"),
    ("Wisconsin", "WI", "Wis.", 5.89, "Milwaukee:577;Madison:270;Green Bay:107;Kenosha:99;Racine:77"),
    ("Wyoming", "WY", "Wyo.", 0.58, "Cheyenne:65;Casper:59;Gillette:33;Laramie:31"),
)


def _check_locale(locale: object) -> str:
    if locale not in PLACE_LOCALES:
        raise ParameterError(
            f"The value for `locale` must be one of {list(PLACE_LOCALES)}, but {locale!r} was passed."
        )
    return locale  # type: ignore[return-value]


@functools.lru_cache(maxsize=None)
def _provinces(locale: str) -> pd.DataFrame:
    if locale == "zh_CN":
        rows = [
            {
                "province": p[0],
                "short": p[2],
                "abbr": p[3],
                "abbr_alt": p[4] or None,
                "name_en": p[5],
                "pinyin": p[6],
                "id_code": p[1],
                "postcode_prefix": p[7],
                "population": p[8],
            }
            for p in _ZH
        ]
    else:
        from faker.providers.address.en_US import Provider

        rows = [
            {
                "province": s[0],
                "short": s[1],
                "abbr": s[1],
                "abbr_alt": s[2],
                "name_en": s[0],
                "zip_low": Provider.states_postcode[s[1]][0],
                "zip_high": Provider.states_postcode[s[1]][1],
                "population": s[3],
            }
            for s in _US
        ]
    frame = pd.DataFrame(rows)
    frame["weight"] = frame["population"] / frame["population"].sum()
    for col in frame.columns:
        if frame[col].dtype == object or isinstance(frame[col].dtype, pd.StringDtype):
            frame[col] = frame[col].astype(pd.StringDtype("pyarrow"))
    return frame


@functools.lru_cache(maxsize=None)
def _cities(locale: str) -> pd.DataFrame:
    rows = []
    if locale == "zh_CN":
        for p in _ZH:
            total = sum(c[2] for c in p[9])
            for city, code, pop in p[9]:
                short = _ZH_CITY_SHORT.get(city, city[:-1] if city.endswith("市") else city)
                rows.append(
                    {"province": p[0], "city": city, "city_short": short, "code": code,
                     "weight": pop / total}
                )
    else:
        for s in _US:
            pairs = [item.split(":") for item in s[4].split(";")]
            total = sum(float(v) for _, v in pairs)
            for city, pop in pairs:
                rows.append(
                    {"province": s[0], "city": city, "city_short": city, "code": s[1],
                     "weight": float(pop) / total}
                )
    frame = pd.DataFrame(rows)
    prov = _provinces(locale).set_index("province")["weight"]
    frame["p"] = frame["weight"] * frame["province"].map(prov).to_numpy(dtype=float)
    frame["p"] = frame["p"] / frame["p"].sum()
    for col in ("province", "city", "city_short", "code"):
        frame[col] = frame[col].astype(pd.StringDtype("pyarrow"))
    return frame


def province_table(locale: str) -> pd.DataFrame:
    """One row per province (``zh_CN``) or state (``en_US``).

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        The locale.

    Returns
    -------
    pandas.DataFrame
        Columns common to both locales: ``province`` (official or full name), ``short``
        (zh_CN "广东"; en_US the USPS code "CA"), ``abbr`` (zh_CN "粤"; en_US "CA"),
        ``abbr_alt`` (zh_CN second abbreviation or missing; en_US AP style "Calif."),
        ``name_en`` ("Guangdong", "California"), ``population`` (2020 census, millions) and
        ``weight`` (share of the locale's population). zh_CN adds ``pinyin``, ``id_code``
        (two-digit resident-ID province code) and ``postcode_prefix`` (first two digits);
        en_US adds ``zip_low`` and ``zip_high`` (Faker's ZIP range for the state).
        A fresh copy of a cached table is returned.
    """
    return _provinces(_check_locale(locale)).copy()


def city_table(locale: str) -> pd.DataFrame:
    """One row per city.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        The locale.

    Returns
    -------
    pandas.DataFrame
        Columns ``province`` (as in :func:`province_table`), ``city`` ("广州市",
        "Los Angeles"), ``city_short`` (zh_CN without 市, "广州"; en_US same as ``city``),
        ``code`` (zh_CN four-digit administrative-division prefix "4401"; en_US the state's
        USPS code), ``weight`` (share within the province) and ``p`` (share of the locale's
        population: province weight times city weight). A fresh copy of a cached table.
    """
    return _cities(_check_locale(locale)).copy()


@functools.lru_cache(maxsize=None)
def _lookup(locale: str) -> dict[str, str]:
    table = _provinces(locale)
    cols = ["province", "short", "abbr", "abbr_alt", "name_en"]
    if locale == "zh_CN":
        cols.append("pinyin")
    out: dict[str, str] = {}
    for col in cols:
        for variant, official in zip(table[col], table["province"]):
            if isinstance(variant, str) and variant:
                out.setdefault(variant.strip().casefold(), official)
    if locale == "zh_CN":  # "Guangdong Province", "广东省 " etc. are handled by callers
        out.setdefault("macao", "澳门特别行政区")
    return out


def province_lookup(locale: str) -> dict[str, str]:
    """Map every known spelling of a province/state to its official name.

    Keys are case-folded and stripped (``"guangdong"``, ``"粤"``, ``"calif."``, ``"ca"``);
    values are the ``province`` column of :func:`province_table`.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        The locale.

    Returns
    -------
    dict of str to str
        A fresh dictionary.
    """
    return dict(_lookup(_check_locale(locale)))


def postcode_of(locale: str) -> dict[str, str]:
    """Fixed whole postcodes of zh_CN units that have one (Hong Kong, Macau, Taiwan).

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        The locale.

    Returns
    -------
    dict of str to str
        Official province name to six-digit postcode; empty for ``en_US``.
    """
    return dict(_ZH_FIXED_POSTCODES) if _check_locale(locale) == "zh_CN" else {}
