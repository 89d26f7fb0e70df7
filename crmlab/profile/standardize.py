"""Standardising the raw customer archive (地址标准化 and the other fields).

Every field of a merged archive arrives in several spellings (see
:func:`crmlab.simulate.archive.archive`). Standardising rewrites each value into one canonical
form, so that equal things compare equal: the first step of de-duplication (查重) and matching
(匹配). Each ``standardize_*`` function takes one column and returns a new ``str`` (or
datetime) Series with the same index; :func:`standardize` applies them all to an archive.

The rules work value by value, so they are applied once per distinct value (fast on real
archives, where values repeat).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import string
import unicodedata

import numpy as np
import pandas as pd

from .._frames import check_frame, require_columns
from ..errors import ColumnError, ParameterError, ParameterTypeError
from ..i18n import N_, _
from ._text import check_locale, check_series, guess_locale, text

__all__ = [
    "standardize",
    "standardize_phone",
    "standardize_email",
    "standardize_province",
    "standardize_city",
    "standardize_address",
    "standardize_name",
    "standardize_gender",
    "standardize_birth_date",
    "standardize_postcode",
    "STANDARD_FIELDS",
]

#: Archive columns :func:`standardize` knows, in output order; each gets a ``<name>_std`` twin.
STANDARD_FIELDS = (
    "name", "gender", "birth_date", "phone", "email", "province", "city", "address", "postcode",
)

_CJK = "\u3400-\u9fff\uf900-\ufaff"

# traditional -> simplified for the characters of common given names (not a full converter)
_T2S = str.maketrans({
    "麗": "丽", "靜": "静", "軍": "军", "華": "华", "傑": "杰", "豔": "艳", "紅": "红",
    "蘭": "兰", "雲": "云", "龍": "龙", "強": "强", "寧": "宁", "輝": "辉", "國": "国",
    "偉": "伟", "濤": "涛", "鵬": "鹏", "穎": "颖", "東": "东", "陳": "陈", "劉": "刘",
    "張": "张", "楊": "杨", "趙": "赵", "黃": "黄", "吳": "吴", "孫": "孙", "馬": "马",
    "鄭": "郑", "謝": "谢", "韓": "韩", "許": "许",
})

_US_SUFFIXES = {
    "st": "Street", "str": "Street", "ave": "Avenue", "av": "Avenue", "rd": "Road",
    "dr": "Drive", "ln": "Lane", "ct": "Court", "blvd": "Boulevard", "pl": "Place",
    "hwy": "Highway", "pkwy": "Parkway", "sq": "Square", "ter": "Terrace", "cir": "Circle",
}
_US_MONTHS = {m.lower(): i for i, m in enumerate(
    ("January February March April May June July August September October November December"
     ).split(), start=1)}
_US_MONTHS.update({k[:3]: v for k, v in list(_US_MONTHS.items())})
_US_MONTHS["sept"] = 9

_GENDER = {
    "f": "F", "female": "F", "woman": "F", "w": "F", "女": "F", "女性": "F", "女士": "F",
    "m": "M", "male": "M", "man": "M", "男": "M", "男性": "M", "先生": "M",
}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _nfkc(value: str) -> str:
    """Full-width letters, digits and signs → ASCII; other characters unchanged."""
    return unicodedata.normalize("NFKC", value)


def _squash(value: str) -> str:
    """Runs of whitespace → one space, trimmed."""
    return " ".join(value.split())


def _per_value(values: pd.Series, fn, dtype="str") -> pd.Series:
    """Apply ``fn`` (str → str or None) once per distinct non-missing value of ``values``."""
    s = text(values)
    present = s.notna().to_numpy()
    out = np.full(len(s), None, dtype=object)
    if present.any():
        codes, uniques = pd.factorize(s[present])
        mapped = np.array([fn(u) for u in uniques], dtype=object)
        out[present] = mapped[codes]
    return pd.Series(out, index=values.index, dtype=dtype, name=values.name)


def _series_arg(values: object, param: str) -> pd.Series:
    return check_series(values, param)


# --------------------------------------------------------------------------------------------
# phone, e-mail
# --------------------------------------------------------------------------------------------


def _phone_one(value: str, locale: str) -> str | None:
    value = re.sub(r"(?i)\s*(?:ext\.?|x)\s*\d+\s*$", "", _nfkc(value))
    digits = re.sub(r"\D", "", value)
    if locale == "zh_CN":
        if len(digits) == 15 and digits.startswith("0086"):
            digits = digits[4:]
        elif len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
        return digits if re.fullmatch(r"1[3-9]\d{9}", digits) else None
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if re.fullmatch(r"[2-9]\d{9}", digits) else None


def standardize_phone(values, locale: str) -> pd.Series:
    """Phone numbers as bare national digits.

    Rules, in order: full-width digits become ASCII; an extension at the end ("x12",
    "ext. 12") is dropped; every non-digit is dropped; the country code is removed —
    ``zh_CN`` "86"/"0086" in front of 11 digits, ``en_US`` "1" in front of 10 digits. The
    result must be a valid number, else it is missing: ``zh_CN`` 11 digits ``1[3-9]…``
    (mobile), ``en_US`` 10 digits whose area code does not start with 0 or 1 (NANP).

    Parameters
    ----------
    values : pandas.Series
        Phone numbers as typed (numbers are read as their digits).
    locale : {"en_US", "zh_CN"}
        Numbering plan.

    Returns
    -------
    pandas.Series
        ``str`` dtype, same index; missing where the input is missing or invalid.

    Examples
    --------
    >>> standardize_phone(pd.Series(["+86 138-1234-5678", "12345"]), "zh_CN").tolist()
    ['13812345678', nan]
    >>> standardize_phone(pd.Series(["1-555-123-4567", "(555) 123-4567"]), "en_US").tolist()
    ['5551234567', '5551234567']
    """
    values = _series_arg(values, "values")
    locale = check_locale(locale)
    return _per_value(values, lambda v: _phone_one(v, locale))


def _email_one(value: str) -> str | None:
    value = _nfkc(value).strip().lower()
    return value if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s.]+", value) else None


def standardize_email(values) -> pd.Series:
    """E-mail addresses trimmed and lower-cased; anything not shaped ``x@y.z`` is missing.

    Examples
    --------
    >>> standardize_email(pd.Series([" Ann.Lee@Mail.COM ", "no-at-sign"])).tolist()
    ['ann.lee@mail.com', nan]
    """
    return _per_value(_series_arg(values, "values"), _email_one)


# --------------------------------------------------------------------------------------------
# places
# --------------------------------------------------------------------------------------------


def _place_key(value: str) -> str:
    return _squash(_nfkc(value)).casefold()


@functools.lru_cache(maxsize=None)
def _province_map(locale: str) -> dict[str, str]:
    from ..simulate.places import province_lookup

    base = province_lookup(locale)
    out = dict(base)
    for key, official in base.items():
        for extra in (key.replace(".", ""), key.replace(" ", ""), key.replace(".", "").replace(" ", "")):
            out.setdefault(extra, official)
    return out


def _province_one(value: str, locale: str) -> str | None:
    table = _province_map(locale)
    key = _place_key(value)
    for candidate in (key, key.rstrip("."), key.replace(".", ""), key.replace(" ", ""),
                      re.sub(r"\s*(province|state|sheng)$", "", key)):
        if candidate in table:
            return table[candidate]
    return None


def standardize_province(values, locale: str) -> pd.Series:
    """Provinces (zh_CN) or states (en_US) as their official name.

    Every spelling listed by :func:`crmlab.simulate.places.province_lookup` is recognised
    (zh_CN official "广东省", short "广东", English "Guangdong", pinyin, one-character "粤";
    en_US full name in any case, USPS "CA", AP style "Calif."), after trimming, squashing
    whitespace, full-width → ASCII and case-folding; also without dots or spaces
    ("calif", "n y") and with a trailing "province"/"state" removed. Anything else is
    missing (the raw value stays in the caller's column).

    Examples
    --------
    >>> standardize_province(pd.Series(["粤", "Guangdong", "广东", "火星"]), "zh_CN").tolist()
    ['广东省', '广东省', '广东省', nan]
    >>> standardize_province(pd.Series(["CALIFORNIA", "Calif.", "ca"]), "en_US").tolist()
    ['California', 'California', 'California']
    """
    values = _series_arg(values, "values")
    locale = check_locale(locale)
    return _per_value(values, lambda v: _province_one(v, locale))


@functools.lru_cache(maxsize=None)
def _city_map(locale: str) -> dict[str, str]:
    from ..simulate.places import city_table

    table = city_table(locale)
    out: dict[str, str] = {}
    for col in ("city", "city_short"):
        for variant, city in zip(table[col], table["city"]):
            out.setdefault(_place_key(variant), city)
            out.setdefault(_place_key(variant).replace(" ", ""), city)
    return out


def _city_one(value: str, locale: str) -> str | None:
    key = _place_key(value)
    table = _city_map(locale)
    for candidate in (key, key.replace(" ", ""), key.replace(".", "")):
        if candidate in table:
            return table[candidate]
    if locale == "zh_CN":
        cleaned = re.sub(r"\s+", "", _nfkc(value))
    else:
        cleaned = string.capwords(_squash(_nfkc(value)).lower())
    return cleaned or None


def standardize_city(values, locale: str) -> pd.Series:
    """Cities in their canonical spelling.

    A city of :func:`crmlab.simulate.places.city_table` is recognised in any case, with or
    without 市 (zh_CN "广州"/"广州市" → "广州市"; en_US "los angeles" → "Los Angeles"). An
    unknown city is kept, cleaned: zh_CN without whitespace, en_US with squashed whitespace
    and each word capitalised ("st.  louis" → "St. Louis").

    Examples
    --------
    >>> standardize_city(pd.Series(["广州", "广州市"]), "zh_CN").tolist()
    ['广州市', '广州市']
    >>> standardize_city(pd.Series(["SAN JOSE", "gotham"]), "en_US").tolist()
    ['San Jose', 'Gotham']
    """
    values = _series_arg(values, "values")
    locale = check_locale(locale)
    return _per_value(values, lambda v: _city_one(v, locale))


# --------------------------------------------------------------------------------------------
# address
# --------------------------------------------------------------------------------------------

_US_UNIT = re.compile(r"\s*(?:#\s*|\bapt\b\.?\s*|\bapartment\s+|\bunit\s+|\bste\b\.?\s*|"
                      r"\bsuite\s+)([0-9a-z-]+)$", re.IGNORECASE)
_US_SUFFIX = re.compile(r"\b(" + "|".join(_US_SUFFIXES) + r")\b\.?(?=(?: Apt [0-9A-Za-z-]+)?$)",
                        re.IGNORECASE)


def _us_address(value: str) -> str | None:
    value = _squash(_nfkc(value).replace(",", " "))
    value = string.capwords(value.lower())
    value = _US_UNIT.sub(lambda m: " Apt " + m.group(1).upper(), value)
    value = _US_SUFFIX.sub(lambda m: _US_SUFFIXES[m.group(1).lower()], value, count=1)
    return value or None


@functools.lru_cache(maxsize=None)
def _zh_places():
    """Look-ups for a leading province/city: (provinces, cities, districts by place, lengths)."""
    from ..simulate.places import city_table, district_table, province_table

    prov = province_table("zh_CN")
    cities = city_table("zh_CN")
    districts = district_table("zh_CN")
    provinces = {v: p for col in ("province", "short") for v, p in zip(prov[col], prov["province"])}
    city_of = {v: c for col in ("city", "city_short") for v, c in zip(cities[col], cities["city"])}
    within: dict[str, set[str]] = {}
    for p, c, d in zip(districts["province"], districts["city"], districts["district"]):
        within.setdefault(p, set()).add(d)
        within.setdefault(c, set()).add(d)
    everywhere = set(districts["district"])
    lengths = {name: sorted({len(v) for v in table}, reverse=True)
               for name, table in (("p", provinces), ("c", city_of), ("d", everywhere))}
    return provinces, city_of, within, everywhere, lengths


def _starts(value: str, table, lengths: list[int]) -> list[str]:
    """The entries of ``table`` that ``value`` starts with, longest first."""
    return [value[:k] for k in lengths if value[:k] in table]


# what follows a removed prefix must not continue a street or district name ("广州路8号")
_ZH_CONTINUES = ("路", "街", "大道", "道", "区", "县", "巷", "弄", "号", "市", "省")


def _zh_strip_place(value: str) -> str:
    """``value`` without a leading province and/or city, read so that a district follows.

    Each way of reading a leading province and city is scored: best when what is left starts
    with a district of that city (or province; "济南市中区" is 济南 + 市中区, "唐山路南区" is
    唐山 + 路南区, "中山港街道" is a district of its own), next when it starts with another
    district, then when it does not continue a street or district name; the longest prefix
    wins among equals.
    """
    provinces, city_of, within, everywhere, lengths = _zh_places()
    best = (3, 0)
    for p in ["", *_starts(value, provinces, lengths["p"])]:
        rest_p = value[len(p):]
        for c in ["", *_starts(rest_p, city_of, lengths["c"])]:
            rest = rest_p[len(c):]
            head = _starts(rest, everywhere, lengths["d"])
            place = city_of[c] if c else provinces[p] if p else None
            if head and (place is None or head[0] in within.get(place, ())):
                score = 0
            elif head:
                score = 1
            elif not rest.startswith(_ZH_CONTINUES) or not (p or c):
                score = 2
            else:
                continue
            best = min(best, (score, -len(p) - len(c)))
    return value[-best[1]:]


def _zh_address(value: str) -> str | None:
    value = re.sub(r"\s+", "", _nfkc(value))
    value = _zh_strip_place(value)
    value = re.sub(r"(\d+)号楼(\d+)", r"\1栋\2", value)
    value = re.sub(r"(\d+)#", r"\1号", value)
    value = re.sub(r"(\d+)-(\d+)室?$", r"\1栋\2室", value)
    value = re.sub(r"(\d+)栋(\d+)$", r"\1栋\2室", value)
    return value or None


def standardize_address(values, locale: str) -> pd.Series:
    """Street addresses in one canonical form (地址标准化).

    ``en_US``: full-width → ASCII, commas → spaces, whitespace squashed, each word
    capitalised ("919 PROSPECT WAY" → "919 Prospect Way"); a unit at the end ("#7",
    "Apt. 7", "Unit 7", "Suite 7") → "Apt 7"; the street-type abbreviation just before it or
    at the end is spelt out (St/St./Str → Street, Ave/Av → Avenue, Rd → Road, Dr → Drive,
    Ln → Lane, Ct → Court, Blvd → Boulevard, Pl → Place, Hwy, Pkwy, Sq, Ter, Cir).
    Typos are not corrected (fuzzy matching deals with them).

    ``zh_CN``: full-width → half-width (NFKC) and all whitespace removed; a leading province
    (official or short name) and/or city (with or without 市) is removed, read so that a
    district of :func:`crmlab.simulate.places.district_table` follows ("济南市中区" → "市中区",
    "唐山路南区" → "路南区"; "中山港街道" and "岳阳楼区" are districts and stay whole), and
    kept when what follows continues a street or district name (so "广州路8号" keeps its
    road); "3号楼1502" → "3栋1502",
    "5#" → "5号", "3-1502"/"3-1502室" → "3栋1502室". A missing district is not restored.

    Examples
    --------
    >>> standardize_address(pd.Series(["12 OAK ST. #4"]), "en_US").tolist()
    ['12 Oak Street Apt 4']
    >>> standardize_address(pd.Series(["广东广州天河区青年路５#3-508"]), "zh_CN").tolist()
    ['天河区青年路5号3栋508室']
    """
    values = _series_arg(values, "values")
    locale = check_locale(locale)
    return _per_value(values, _zh_address if locale == "zh_CN" else _us_address)


# --------------------------------------------------------------------------------------------
# name, gender, postcode
# --------------------------------------------------------------------------------------------


def _name_one(value: str, locale: str) -> str | None:
    value = _squash(_nfkc(value))
    m = re.fullmatch(r"([^,]+),\s*([^,]+)", value)
    if m:  # "Last, First" → "First Last"
        value = f"{m.group(2)} {m.group(1)}"
    if locale == "zh_CN":
        value = value.translate(_T2S)
        value = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", value)
        if not re.search(rf"[{_CJK}]", value):
            value = string.capwords(value.lower())
    else:
        value = string.capwords(value.lower())
    return value or None


def standardize_name(values, locale: str) -> pd.Series:
    """Names with whitespace and case normalised.

    Full-width → ASCII, whitespace squashed, "Last, First" → "First Last". ``en_US`` (and
    Latin-letter names in ``zh_CN``): each word capitalised ("MARY  o'neil" → "Mary O'neil").
    ``zh_CN``: spaces between Chinese characters removed ("张 伟" → "张伟") and the traditional
    characters common in given names made simplified (靜 → 静, 麗 → 丽 …; a short table, not a
    full converter). Nicknames and typos are left alone (fuzzy matching deals with them).

    Examples
    --------
    >>> standardize_name(pd.Series(["SMITH, JOHN", "张 靜"]), "zh_CN").tolist()
    ['John Smith', '张静']
    """
    values = _series_arg(values, "values")
    locale = check_locale(locale)
    return _per_value(values, lambda v: _name_one(v, locale))


def standardize_gender(values) -> pd.Series:
    """Gender as "F" or "M": F/f/female/woman/女/女性 → "F", M/m/male/man/男/男性 → "M"
    (case-insensitive, trimmed); anything else is missing.

    Examples
    --------
    >>> standardize_gender(pd.Series(["Female", "男性", "x"])).tolist()
    ['F', 'M', nan]
    """
    return _per_value(_series_arg(values, "values"),
                      lambda v: _GENDER.get(_squash(_nfkc(v)).casefold()))


def _postcode_one(value: str, locale: str) -> str | None:
    digits = re.sub(r"\s+", "", _nfkc(value))
    if locale == "zh_CN":
        return digits if re.fullmatch(r"\d{6}", digits) else None
    m = re.fullmatch(r"(\d{3,5})(?:-?\d{4})?", digits)
    if not m or (len(digits) not in (3, 4, 5, 9, 10)):
        return None
    return m.group(1).zfill(5)


def standardize_postcode(values, locale: str) -> pd.Series:
    """Postal codes: ``zh_CN`` six digits; ``en_US`` the five-digit ZIP (a ZIP+4 suffix is
    dropped, lost leading zeros are restored: "6202" → "06202"). Anything else is missing.

    Examples
    --------
    >>> standardize_postcode(pd.Series(["38362-6893", "6202"]), "en_US").tolist()
    ['38362', '06202']
    """
    values = _series_arg(values, "values")
    locale = check_locale(locale)
    return _per_value(values, lambda v: _postcode_one(v, locale))


# --------------------------------------------------------------------------------------------
# birth date
# --------------------------------------------------------------------------------------------


def _valid(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _date_one(value: str, day_first: bool) -> _dt.date | None:
    v = _squash(_nfkc(value)).lower()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", v)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", v)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        first = _valid(y, b, a) if day_first else _valid(y, a, b)
        return first if first is not None else (_valid(y, a, b) if day_first else _valid(y, b, a))
    m = re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", v)  # March 7, 1985
    if m and m.group(1) in _US_MONTHS:
        return _valid(int(m.group(3)), _US_MONTHS[m.group(1)], int(m.group(2)))
    m = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})", v)  # 7 March 1985
    if m and m.group(2) in _US_MONTHS:
        return _valid(int(m.group(3)), _US_MONTHS[m.group(2)], int(m.group(1)))
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", v)  # 19850307
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def standardize_birth_date(values, locale: str | None = None, *, day_first: bool | None = None
                           ) -> pd.Series:
    """Dates typed in any of the archive's formats, as ``datetime64``.

    Recognised (full-width digits allowed): "1985-03-07", "1985/3/7", "1985.3.7",
    "1985年3月7日", "19850307", "March 7, 1985", "Mar 7 1985", "7 March 1985", and the
    ambiguous "03/07/1985". The ambiguous form is read month first when ``day_first`` is
    false, day first when true; ``day_first=None`` decides by ``locale`` as the simulated
    archive documents it: ``en_US`` systems (call centre, event) write month first
    ("03/07/1985" = 7 March), the ``zh_CN`` survey tool writes day first ("07/03/1985" = 7
    March). If that reading is not a real date but the other is ("13/07/1985" in en_US), the
    other one is used. Datetime input is kept (time of day dropped). Anything else is NaT.

    Parameters
    ----------
    values : pandas.Series
        Dates as text (or datetimes).
    locale : {"en_US", "zh_CN"} or None
        Decides ``day_first`` when it is None (None locale: month first).
    day_first : bool or None, default None
        How to read "NN/NN/YYYY".

    Returns
    -------
    pandas.Series
        ``datetime64[s]``, same index.

    Examples
    --------
    >>> standardize_birth_date(pd.Series(["03/07/1985", "1985年3月7日"]), "en_US").dt.day.tolist()
    [7, 7]
    """
    values = _series_arg(values, "values")
    locale = check_locale(locale, allow_none=True)
    if day_first is not None and not isinstance(day_first, (bool, np.bool_)):
        raise ParameterTypeError(
            _("`day_first` must be True, False or None, but {got!r} was passed.").format(got=day_first)
        )
    if day_first is None:
        day_first = locale == "zh_CN"
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = values.dt.tz_localize(None) if isinstance(values.dtype, pd.DatetimeTZDtype) else values
        return out.dt.normalize().astype("datetime64[s]").rename(values.name)
    parsed = _per_value(values, lambda v: _iso(_date_one(v, bool(day_first))))
    return pd.to_datetime(parsed, format="%Y-%m-%d", errors="coerce").astype("datetime64[s]")


def _iso(date: _dt.date | None) -> str | None:
    return None if date is None else date.isoformat()


# --------------------------------------------------------------------------------------------
# the whole archive
# --------------------------------------------------------------------------------------------


def standardize(archive, locale: str | None = None, *, day_first: bool | dict | None = None,
                suffix: str = "_std", source: str = "source") -> pd.DataFrame:
    """A copy of ``archive`` with a standardised twin of every known field.

    For each column of :data:`STANDARD_FIELDS` that ``archive`` has, a column
    ``<name><suffix>`` is added next to the raw ones (which are kept unchanged, so an
    unrecognised raw value is never lost): ``name_std`` (:func:`standardize_name`),
    ``gender_std`` ("F"/"M"), ``birth_date_std`` (datetime64; see
    :func:`standardize_birth_date` for the day/month rule), ``phone_std`` (national digits),
    ``email_std`` (lower case), ``province_std`` (official name or missing), ``city_std``,
    ``address_std`` and ``postcode_std``. Missing or unusable values are missing.

    Parameters
    ----------
    archive : pandas.DataFrame
        Raw records, e.g. ``crmlab.load("archive")``. Not modified.
    locale : {"en_US", "zh_CN"} or None
        Conventions of the records; None guesses: ``zh_CN`` when at least half of the
        non-missing names, provinces, cities and addresses contain a Chinese character.
    day_first : bool, dict or None
        How to read the ambiguous "NN/NN/YYYY" birth dates (see
        :func:`standardize_birth_date`): one rule for all records, or a rule per system,
        ``{"survey": True, "call_centre": False}``, applied by the ``source`` column (systems
        not listed: the locale's rule). None: the locale's rule, which is what each system
        of the simulated archive does (en_US call centre and event write month first; the
        zh_CN survey tool writes day first; no other system writes this form).
    suffix : str, default "_std"
        Appended to the column names.
    source : str, default "source"
        Column naming the system of each record (used only with a ``day_first`` dict).

    Returns
    -------
    pandas.DataFrame
        The raw columns, then the standardised ones; same index as ``archive``.

    Examples
    --------
    >>> raw = pd.DataFrame({"phone": ["+1 555-123-4567"], "province": ["Calif."]})
    >>> standardize(raw, "en_US")[["phone_std", "province_std"]].iloc[0].tolist()
    ['5551234567', 'California']
    """
    frame = check_frame(archive, "archive", allow_empty=True)
    locale = check_locale(locale, allow_none=True) or guess_locale(frame)
    if not isinstance(suffix, str) or not suffix:
        raise ParameterTypeError(
            _("`suffix` must be a non-empty string, but {got!r} was passed.").format(got=suffix)
        )
    present = [c for c in STANDARD_FIELDS if c in frame.columns]
    if not present:
        raise ColumnError(
            _("`archive` has none of the columns {names} that standardize() cleans; its columns are {columns}.").format(
                names=list(STANDARD_FIELDS), columns=list(map(str, frame.columns))[:12]
            )
        )
    if source != "source" and not isinstance(day_first, dict):
        raise ParameterError(
            _(
                "`source` has no effect unless `day_first` is a dict by source system (e.g. {example}): "
                "it names the column of each record's system. Leave `source` out, or pass such a dict."
            ).format(example="{'survey': True}")
        )
    if isinstance(day_first, dict):
        if "birth_date" in present:
            require_columns(frame, "archive", {source: N_("the system of each record")})
        for key, flag in day_first.items():
            if not isinstance(flag, (bool, np.bool_)):
                raise ParameterTypeError(
                    _("The values of `day_first` must be True or False, but {flag!r} was passed for {key!r}.").format(
                        flag=flag, key=key
                    )
                )

    def births(values: pd.Series) -> pd.Series:
        if not isinstance(day_first, dict):
            return standardize_birth_date(values, locale, day_first=day_first)
        out = standardize_birth_date(values, locale)
        systems = text(frame[source])
        for system, flag in day_first.items():
            rows = (systems == str(system)).fillna(False).to_numpy(dtype=bool)
            if rows.any():
                parsed = standardize_birth_date(values[rows], locale, day_first=bool(flag))
                out[rows] = parsed.to_numpy()
        return out

    rules = {
        "name": lambda s: standardize_name(s, locale),
        "gender": standardize_gender,
        "birth_date": births,
        "phone": lambda s: standardize_phone(s, locale),
        "email": standardize_email,
        "province": lambda s: standardize_province(s, locale),
        "city": lambda s: standardize_city(s, locale),
        "address": lambda s: standardize_address(s, locale),
        "postcode": lambda s: standardize_postcode(s, locale),
    }
    out = frame.copy()
    for col in present:
        values = frame[col]
        if isinstance(values, pd.DataFrame):
            raise ColumnError(_("`archive` has more than one column named {column!r}.").format(column=col))
        out[col + suffix] = rules[col](values)
    return out
