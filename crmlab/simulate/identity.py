"""Vectorised identity strings: names, phones, e-mails, places, addresses, ID numbers.

Faker is used only for vocabulary (provider class attributes, read once and cached); every row
is built by sampling indices with the caller's :class:`numpy.random.Generator` and joining
strings column-wise with Arrow compute kernels (the storage behind pandas' ``string`` dtype).
The same generator state therefore always gives the same strings, whatever today's date.

Canonical (clean master-record) formats
---------------------------------------
``en_US``
    name ``"First Last"``; phone ``"XXX-XXX-XXXX"`` (area code and exchange start 2-9, never
    N11); e-mail lower-case, built from the name plus digits; province the full state name;
    city a real city of that state; address ``"1234 Oak Street"`` or ``"56 Maple Avenue Apt 7"``
    (suffixes spelt out); postcode a five-digit ZIP inside the state's range; id_number a
    masked SSN ``"XXX-XX-1234"``.
``zh_CN``
    name surname + one or two given-name characters; phone 11 digits with a 13x/15x/17x/18x/19x
    prefix; e-mail mostly ``"<5-10 digits>@qq.com"``, else at 163.com/126.com/sina.com/…
    with a phone-number, romanized or digit local part; province the official name
    (``"广东省"``); city belongs to the province; address ``"天河区中山路88号"`` optionally
    followed by ``"3栋1502室"``, starting with a real district of the city; postcode the
    district's (six digits); id_number a valid 18-digit resident ID whose area code is the
    district's (see :func:`id_checksum`).

The zh_CN district of each address is drawn from a child of the caller's generator
(:meth:`numpy.random.Generator.spawn`), not from the generator itself, so every other string
comes out as it did before districts were drawn.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._checks import check_choice
from ..errors import ParameterError
from ..i18n import _
from . import places as _places

__all__ = [
    "LOCALES",
    "people",
    "person_names",
    "phones",
    "emails",
    "places",
    "street_addresses",
    "companies",
    "COMPANY_INDUSTRY_WORDS",
    "id_checksum",
    "ID_WEIGHTS",
    "ID_CHECK_CHARS",
]

LOCALES = ("en_US", "zh_CN")

#: Weights of the first 17 digits of a resident ID number (GB 11643, ISO 7064 MOD 11-2).
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: Check character for each value of the weighted sum modulo 11.
ID_CHECK_CHARS = "10X98765432"

STRING = pd.StringDtype("pyarrow")

# --------------------------------------------------------------------------------------------
# small Arrow helpers (shared with archive.py)
# --------------------------------------------------------------------------------------------


def _check_locale(locale: object) -> str:
    return check_choice("locale", locale, LOCALES)  # type: ignore[return-value]


def _arr(values) -> pa.Array:
    """Strings as an Arrow string array (accepts numpy, lists, pandas Series/arrays)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values if values.type == pa.large_string() else values.cast(pa.large_string())
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.array
    out = pa.array(values, type=pa.large_string(), from_pandas=True)
    return out.combine_chunks() if isinstance(out, pa.ChunkedArray) else out


def _take(vocab: pa.Array, idx: np.ndarray) -> pa.Array:
    return vocab.take(pa.array(np.asarray(idx, dtype=np.int64)))


def _join(*parts) -> pa.Array:
    """Element-wise concatenation of arrays and/or Python strings (null if any part is null)."""
    parts = [pa.scalar(x, pa.large_string()) if isinstance(x, str) else x for x in parts]
    return pc.binary_join_element_wise(*parts, pa.scalar("", pa.large_string()))


def _ascii(mat: np.ndarray, lengths: np.ndarray | None = None) -> pa.Array:
    """Rows of an ``(n, w)`` uint8 ASCII matrix as strings (first ``lengths[i]`` bytes)."""
    mat = np.ascontiguousarray(mat, dtype=np.uint8)
    n, w = mat.shape
    if lengths is None:
        offsets = np.arange(0, n * w + 1, w, dtype=np.int64)
        data = mat.reshape(-1)
    else:
        lengths = np.asarray(lengths, dtype=np.int64)
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        data = mat[np.arange(w)[None, :] < lengths[:, None]]
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


_PAIRS = np.array([[48 + i // 10, 48 + i % 10] for i in range(100)], dtype=np.uint8)


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Non-negative integers as an ``(n, width)`` matrix of zero-padded ASCII digits."""
    values = np.asarray(values, dtype=np.int64)
    out = np.empty((len(values), width), dtype=np.uint8)
    pairs = _PAIRS
    k = width
    while k >= 2:  # two digits per (scalar) division
        q = values // 100
        out[:, k - 2 : k] = pairs[values - q * 100]
        values = q
        k -= 2
    if k == 1:
        out[:, 0] = (values % 10 + 48).astype(np.uint8)
    return out


@functools.lru_cache(maxsize=None)
def _digits_table(upto: int, width: int) -> np.ndarray:
    """Row ``i`` holds ``i`` as ``width`` zero-padded ASCII digits (a lookup table)."""
    return _digits(np.arange(upto), width)


def _zfill(values: np.ndarray, width: int) -> pa.Array:
    return _ascii(_digits(values, width))


@functools.lru_cache(maxsize=None)
def _int_vocab(upto: int) -> pa.Array:
    return pa.array([str(i) for i in range(upto)], type=pa.large_string())


def _int_str(values: np.ndarray) -> pa.Array:
    """Non-negative integers below 100,000 as plain decimal strings."""
    return _take(_int_vocab(100_000), values)


def _pick(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """``n`` draws of a categorical distribution ``p`` (need not be normalised)."""
    cdf = np.cumsum(np.asarray(p, dtype=float))
    cdf /= cdf[-1]
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(cdf) - 1)


def _series(arr: pa.Array, index=None) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(arr), index=index, copy=False)


def _check_gender(gender) -> np.ndarray:
    g = np.asarray(gender)
    if g.ndim != 1:
        raise ParameterError(_("`gender` must be one-dimensional, but has shape {shape}.").format(shape=g.shape))
    if g.dtype.kind != "U":
        g = g.astype(object)
    female = g == "F"
    if not (female | (g == "M")).all():
        bad = sorted({repr(v) for v in g[~(female | (g == "M"))]})[:5]
        raise ParameterError(_("`gender` must contain only 'F' and 'M', but found {found}.").format(found=", ".join(bad)))
    return female


# --------------------------------------------------------------------------------------------
# vocabulary (read from Faker once)
# --------------------------------------------------------------------------------------------

# Common first characters of two-character given names (combined with Faker's single ones).
_ZH_GIVEN_FIRST = {
    "M": "志建国俊家子浩宇文明永海天晓嘉博梓一振世",
    "F": "晓雅思欣佳诗雨梦美丽秀春慧婉紫梓若静淑心",
}

_US_STREETS = (
    "Main Oak Maple Pine Cedar Elm Washington Lake Hill Park Sunset Lincoln Jackson Church "
    "Highland Ridge Willow Walnut Spring Meadow Forest River Franklin Jefferson Madison Adams "
    "Chestnut Birch Cherry Lakeview Hillcrest Valley Center Mill North South East West "
    "Broadway Market Union Prospect Spruce Poplar Laurel Sycamore Dogwood Magnolia Hickory"
).split()
_US_SUFFIXES = (
    ("Street", 0.30), ("Avenue", 0.20), ("Road", 0.12), ("Drive", 0.12), ("Lane", 0.08),
    ("Court", 0.05), ("Boulevard", 0.04), ("Place", 0.04), ("Way", 0.05),
)
_ZH_STREETS = "中山 人民 解放 建设 和平 胜利 文化 新华 长江 黄河 朝阳 光明 东风 青年 北京 南京 学府 滨江 迎宾 工业".split()

_US_DOMAINS = (
    ("gmail.com", 0.36), ("yahoo.com", 0.15), ("hotmail.com", 0.09), ("outlook.com", 0.10),
    ("icloud.com", 0.08), ("aol.com", 0.05), ("comcast.net", 0.05), ("att.net", 0.04),
    ("msn.com", 0.03), ("live.com", 0.05),
)
_ZH_DOMAINS = (("163.com", 0.45), ("126.com", 0.25), ("sina.com", 0.15), ("foxmail.com", 0.10),
               ("sohu.com", 0.05))

_ZH_PREFIXES = (
    [(p, 0.35 / 10) for p in range(130, 140)]
    + [(p, 0.25 / 9) for p in (150, 151, 152, 153, 155, 156, 157, 158, 159)]
    + [(p, 0.07 / 5) for p in (173, 175, 176, 177, 178)]
    + [(p, 0.25 / 10) for p in range(180, 190)]
    + [(p, 0.08 / 5) for p in (191, 193, 195, 198, 199)]
)
#: Mobile prefixes used for zh_CN phone numbers.
ZH_PHONE_PREFIXES = tuple(str(p) for p, _ in _ZH_PREFIXES)

_US_INDUSTRIES = (
    "Logistics Foods Manufacturing Consulting Electric Construction Software Supply Industries "
    "Systems Holdings Trading Healthcare Design Motors Textiles Plastics Engineering Solutions "
    "Packaging Furniture Hardware Analytics Marketing"
).split()
_US_COMPANY_SUFFIXES = (("Inc.", 0.3), ("LLC", 0.3), ("Co.", 0.1), ("Corp.", 0.1),
                        ("Group", 0.1), ("Ltd.", 0.1))
_ZH_INDUSTRIES = (
    "科技 贸易 商贸 电子 机械 食品 物流 建材 化工 服装 网络 信息技术 医药 家具 文化传媒 "
    "餐饮管理 实业 印刷 包装 新材料"
).split()
_ZH_COMPANY_SUFFIXES = (("有限公司", 0.8), ("有限责任公司", 0.15), ("股份有限公司", 0.05))

#: Industry words of company names for the industry codes of B2B accounts
#: (:data:`crmlab.simulate.accounts.INDUSTRIES`): code -> (en_US words, zh_CN words), the
#: first word of each locale used half of the time, the others equally often.
COMPANY_INDUSTRY_WORDS = {
    "electronics": (("Electronics", "Electric", "Semiconductor"), ("电子", "电子科技", "电器")),
    "building_materials": (("Building Materials", "Building Supply", "Lumber"),
                           ("建材", "建筑材料", "装饰材料")),
    "food": (("Foods", "Food Products", "Provisions"), ("食品", "食品贸易", "粮油食品")),
    "textiles": (("Textiles", "Fabrics", "Apparel"), ("纺织", "服装", "服饰")),
    "machinery": (("Machinery", "Machine Works", "Equipment"), ("机械", "机械设备", "重工")),
}


def _rank_weights(k: int) -> np.ndarray:
    return 1.0 / np.sqrt(np.arange(1, k + 1))


@functools.lru_cache(maxsize=None)
def _name_vocab(locale: str):
    """(first-name vocab, female probs, male probs, male offset, surname vocab, surname probs)."""
    if locale == "en_US":
        from faker.providers.person.en_US import Provider

        fem, mal = Provider.first_names_female, Provider.first_names_male
        first = list(fem) + list(mal)
        pf = np.array(list(fem.values()), dtype=float)
        pm = np.array(list(mal.values()), dtype=float)
        last = list(Provider.last_names)
        pl = np.array(list(Provider.last_names.values()), dtype=float)
        return (pa.array(first, type=pa.large_string()), pf, pm, len(fem),
                pa.array(last, type=pa.large_string()), pl)
    from faker.providers.person.zh_CN import Provider

    pools = {}
    for g, faker_pool in (("F", Provider.first_names_female), ("M", Provider.first_names_male)):
        faker_pool = list(dict.fromkeys(faker_pool))
        single = [c for c in faker_pool if len(c) == 1]
        w_pool = _rank_weights(len(faker_pool))
        w_single = _rank_weights(len(single))
        w_first = _rank_weights(len(_ZH_GIVEN_FIRST[g]))
        combos = [a + b for a in _ZH_GIVEN_FIRST[g] for b in single]
        w_combo = (w_first[:, None] * w_single[None, :]).ravel()
        # half of the people get one Faker entry, half a two-character combination
        names = faker_pool + combos
        p = np.concatenate([0.5 * w_pool / w_pool.sum(), 0.5 * w_combo / w_combo.sum()])
        pools[g] = (names, p)
    first = pools["F"][0] + pools["M"][0]
    last = list(Provider.last_names)
    pl = np.array(list(Provider.last_names.values()), dtype=float)
    return (pa.array(first, type=pa.large_string()), pools["F"][1], pools["M"][1],
            len(pools["F"][0]), pa.array(last, type=pa.large_string()), pl)


@functools.lru_cache(maxsize=None)
def _place_vocab(locale: str):
    cities = _places._cities(locale)
    provs = _places._provinces(locale)
    pos = pd.Index(provs["province"]).get_indexer(cities["province"])
    return {
        "p": cities["p"].to_numpy(dtype=float),
        "province": _arr(cities["province"]),
        "city": _arr(cities["city"]),
        "prov_pos": pos,
        "provinces": provs,
    }


@functools.lru_cache(maxsize=None)
def _district_vocab():
    """zh_CN districts grouped by city (in :func:`_place_vocab` order) as look-up arrays."""
    cities = _places._cities("zh_CN")
    table = _places._districts("zh_CN")
    pos = pd.MultiIndex.from_frame(cities[["province", "city"]]).get_indexer(
        pd.MultiIndex.from_frame(table[["province", "city"]]))
    order = np.argsort(pos, kind="stable")
    pos = pos[order]
    count = np.bincount(pos, minlength=len(cities))
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    return {
        "start": start,
        "count": count,
        "name": _arr(table["district"].to_numpy(dtype=object)[order]),
        "postcode": table["postcode"].to_numpy(dtype=object)[order].astype(np.int64),
        "id_code": table["id_code"].to_numpy(dtype=object)[order].astype(np.int64),
    }


def _district_rng(rng: np.random.Generator) -> np.random.Generator:
    """The generator of the districts: a child of ``rng``, whose own numbers stay untouched."""
    return rng.spawn(1)[0]


def _district_idx(rng: np.random.Generator, city_idx: np.ndarray) -> np.ndarray:
    """One district of each zh_CN city (rows of :func:`_district_vocab`), all equally likely."""
    v = _district_vocab()
    city_idx = np.asarray(city_idx, dtype=np.int64)
    u = rng.random(len(city_idx))
    return v["start"][city_idx] + (u * v["count"][city_idx]).astype(np.int64)


@functools.lru_cache(maxsize=None)
def _street_vocab(locale: str):
    if locale == "en_US":
        from faker.providers.person.en_US import Provider

        lasts = list(Provider.last_names)[:300]
        words = _US_STREETS + lasts
        w = np.concatenate([np.full(len(_US_STREETS), 2.0 / len(_US_STREETS)),
                            np.full(len(lasts), 1.0 / len(lasts))])
        return pa.array(words, type=pa.large_string()), w
    from faker.providers.address.zh_CN import Provider

    districts = [d + "区" for d in dict.fromkeys(Provider.districts) if not d.endswith("区")]
    towns = [c for c in dict.fromkeys(Provider.cities) if not c.endswith("盟")]
    roads = list(dict.fromkeys(_ZH_STREETS + towns))
    return (pa.array(districts, type=pa.large_string()),
            pa.array(roads, type=pa.large_string()), _rank_weights(len(roads)))


# --------------------------------------------------------------------------------------------
# public generators
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _first_name_table(locale: str) -> np.ndarray:
    _first, pf, pm, _offset, _last, _pl = _name_vocab(locale)
    cf, cm = np.cumsum(pf), np.cumsum(pm)
    return np.concatenate([cf / cf[-1], 1.0 + cm / cm[-1]])


def _names(rng: np.random.Generator, locale: str, female: np.ndarray):
    """(full names, first/given names, surnames) as Arrow arrays."""
    first, pf, pm, offset, last, pl = _name_vocab(locale)
    n = len(female)
    u = rng.random(n)
    # One sorted lookup: female names' cumulative probabilities in [0, 1), male ones in [1, 2).
    table = _first_name_table(locale)
    key = u + ~female
    idx = np.minimum(np.searchsorted(table, key, side="right"), len(table) - 1)
    idx = np.where(female, np.minimum(idx, offset - 1), np.maximum(idx, offset))
    sur = _pick(rng, pl, n)
    if locale == "en_US":
        given, family = _take(first, idx), _take(last, sur)
        return _join(given, " ", family), given, family
    given, family = _take(first, idx), _take(last, sur)
    return _join(family, given), given, family


def person_names(rng: np.random.Generator, locale: str, gender) -> np.ndarray:
    """Full names matching ``gender``.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    locale : {"en_US", "zh_CN"}
        ``en_US``: ``"First Last"`` with Faker's first-name (by gender) and surname frequencies.
        ``zh_CN``: surname (Faker's frequencies) followed by a given name: half one entry of
        Faker's gendered pool, half a common first character plus one of Faker's characters.
    gender : array-like of {"F", "M"}
        One entry per person.

    Returns
    -------
    numpy.ndarray
        Object array of ``str``.
    """
    locale = _check_locale(locale)
    female = _check_gender(gender)
    return _names(rng, locale, female)[0].to_numpy(zero_copy_only=False)


def _phones(rng: np.random.Generator, locale: str, n: int) -> pa.Array:
    if locale == "zh_CN":
        prefixes = np.array([p for p, _ in _ZH_PREFIXES], dtype=np.int64)
        pre = prefixes[_pick(rng, np.array([w for _, w in _ZH_PREFIXES]), n)]
        mat = np.empty((n, 11), dtype=np.uint8)
        mat[:, :3] = _digits_table(1000, 3)[pre]
        mat[:, 3:] = rng.integers(48, 58, (n, 8), dtype=np.uint8)
        return _ascii(mat)
    area = _nxx(rng, n)
    exchange = _nxx(rng, n)
    line = rng.integers(0, 10_000, n)
    mat = np.empty((n, 12), dtype=np.uint8)
    mat[:, 0:3] = _digits(area, 3)
    mat[:, 3] = ord("-")
    mat[:, 4:7] = _digits(exchange, 3)
    mat[:, 7] = ord("-")
    mat[:, 8:12] = _digits(line, 4)
    return _ascii(mat)


def _nxx(rng: np.random.Generator, n: int) -> np.ndarray:
    """Three-digit codes 200-999 that are not N11 (service codes)."""
    valid = np.array([v for v in range(200, 1000) if v % 100 != 11], dtype=np.int64)
    return valid[rng.integers(0, len(valid), n)]


def phones(rng: np.random.Generator, locale: str, n: int) -> np.ndarray:
    """Mobile/landline numbers in canonical format.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    locale : {"en_US", "zh_CN"}
        ``en_US``: ``"XXX-XXX-XXXX"``; ``zh_CN``: 11 digits starting with one of
        :data:`ZH_PHONE_PREFIXES`.
    n : int
        Number of phone numbers.

    Returns
    -------
    numpy.ndarray
        Object array of ``str``.
    """
    locale = _check_locale(locale)
    return _phones(rng, locale, int(n)).to_numpy(zero_copy_only=False)


def _suffix_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Numbers appended to e-mail names: 2 digits 30 %, 3 digits 35 %, 4 digits 35 %."""
    digits = 2 + _pick(rng, np.array([0.30, 0.35, 0.35]), n)
    low = 10 ** (digits - 1)
    return low + (rng.random(n) * (9 * low)).astype(np.int64)


def _emails(rng: np.random.Generator, locale: str, names: pa.Array, phone: pa.Array | None,
            split: tuple[pa.Array, pa.Array] | None = None):
    n = len(names)
    if locale == "en_US":
        if split is None:
            parts = pc.split_pattern(pc.utf8_lower(names), " ", max_splits=1)
            first = pc.list_element(parts, 0)
            last = _second(parts)
        else:
            first, last = pc.utf8_lower(split[0]), pc.utf8_lower(split[1])
        last = pc.replace_substring(last, " ", "")
        initial = pc.utf8_slice_codeunits(first, 0, 1)
        # first.last, firstlast, flast, first_last, first, lastf (+ digits)
        kind = _pick(rng, np.array([0.30, 0.22, 0.18, 0.10, 0.10, 0.10]), n)
        num = _int_str(_suffix_numbers(rng, n))
        no_num = (kind == 0) & (rng.random(n) < 0.05)
        num = pc.if_else(pa.array(no_num), pa.scalar("", pa.large_string()), num)
        empty = pc.utf8_slice_codeunits(first, 0, 0)
        a = pc.choose(pa.array(np.array([0, 0, 1, 0, 0, 2], dtype=np.int8)[kind]),
                      first, initial, last)
        b = pc.choose(pa.array(np.array([0, 0, 0, 0, 2, 1], dtype=np.int8)[kind]),
                      last, initial, empty)
        seps = pa.array([".", "", "", "_", "", ""], type=pa.large_string())
        local = _join(a, _take(seps, kind), b, num)
        domains = pa.array([d for d, _ in _US_DOMAINS], type=pa.large_string())
        dom = _take(domains, _pick(rng, np.array([w for _, w in _US_DOMAINS]), n))
        return _join(local, "@", dom)
    # zh_CN: QQ numbers, phone numbers or romanized names, each built only where used
    kind = _pick(rng, np.array([0.60, 0.12, 0.28]), n)  # qq, phone@, romanized
    where = [np.flatnonzero(kind == k) for k in range(3)]
    nq, nr = len(where[0]), len(where[2])
    length = 5 + _pick(rng, np.array([0.02, 0.05, 0.10, 0.23, 0.32, 0.28]), nq)  # 5..10 digits
    mat = np.empty((nq, 10), dtype=np.uint8)
    mat[:, 0] = rng.integers(49, 58, nq, dtype=np.uint8)
    mat[:, 1:] = rng.integers(48, 58, (nq, 9), dtype=np.uint8)
    qq = _join(_ascii(mat, length), "@qq.com")
    from faker.providers.person.zh_CN import Provider

    lasts = pa.array([s.lower() for s in Provider.last_romanized_names], type=pa.large_string())
    firsts = pa.array([s.lower() for s in Provider.first_romanized_names], type=pa.large_string())
    sep = pa.array(["", "_", "."], type=pa.large_string())
    roman = _join(
        _take(lasts, rng.integers(0, len(lasts), nr)),
        _take(sep, _pick(rng, np.array([0.7, 0.2, 0.1]), nr)),
        _take(firsts, rng.integers(0, len(firsts), nr)),
        _int_str(_suffix_numbers(rng, nr)),
    )
    domains = pa.array([d for d, _ in _ZH_DOMAINS], type=pa.large_string())
    weights = np.array([w for _, w in _ZH_DOMAINS])
    if phone is None:
        phone = _phones(rng, locale, n)
    by_phone = _join(_take(phone, where[1]), "@", _take(domains, _pick(rng, weights, len(where[1]))))
    by_name = _join(roman, "@", _take(domains, _pick(rng, weights, nr)))
    return _interleave([qq, by_phone, by_name], where, n)


def _interleave(parts: list[pa.Array], where: list[np.ndarray], n: int) -> pa.Array:
    """Put ``parts[k][j]`` at position ``where[k][j]`` of an array of length ``n``."""
    order = np.empty(n, dtype=np.int64)
    start = 0
    for positions in where:
        order[positions] = start + np.arange(len(positions))
        start += len(positions)
    return _take(pa.concat_arrays(parts), order)


def _second(parts: pa.Array) -> pa.Array:
    """Second element of each list (the rest of a name after the first word)."""
    lengths = pc.list_value_length(parts).to_numpy(zero_copy_only=False)
    flat = pc.list_flatten(parts)
    offsets = parts.offsets.to_numpy()[:-1]
    idx = np.where(lengths > 1, offsets + 1, offsets)
    return _take(flat, idx)


def emails(rng: np.random.Generator, locale: str, names, phone=None) -> np.ndarray:
    """E-mail addresses for people called ``names``.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    locale : {"en_US", "zh_CN"}
        ``en_US``: lower-case local part from the name (``first.last``, ``firstlast``,
        ``flast``, ``first_last``, ``first``, ``lastf``) plus two to four digits, at common
        free-mail domains. ``zh_CN``: 60 % QQ (``"<5-10 digits>@qq.com"``), 12 % the phone
        number, 28 % a romanized name plus digits, at 163.com, 126.com, sina.com, foxmail.com
        or sohu.com. The zh_CN local part does not depend on ``names``.
    names : array-like of str
        Full names, ``"First Last"`` for en_US; only the length is used for zh_CN.
    phone : array-like of str, optional
        zh_CN phone numbers used as local parts; drawn afresh when omitted.

    Returns
    -------
    numpy.ndarray
        Object array of ``str``.
    """
    locale = _check_locale(locale)
    arr = _arr(names)
    ph = None if phone is None else _arr(phone)
    return _emails(rng, locale, arr, ph).to_numpy(zero_copy_only=False)


def _place_idx(rng: np.random.Generator, locale: str, n: int) -> np.ndarray:
    return _pick(rng, _place_vocab(locale)["p"], n)


def _postcodes(rng: np.random.Generator, locale: str, city_idx: np.ndarray,
               district_idx: np.ndarray | None = None) -> pa.Array:
    v = _place_vocab(locale)
    provs = v["provinces"]
    pos = v["prov_pos"][city_idx]
    n = len(city_idx)
    if locale == "en_US":
        low = provs["zip_low"].to_numpy(dtype=np.int64)[pos]
        high = provs["zip_high"].to_numpy(dtype=np.int64)[pos]
        return _zfill(low + (rng.random(n) * (high - low + 1)).astype(np.int64), 5)
    # drawn and not used: keeps the later numbers of ``rng`` as they were before postcodes
    # came from the district table
    rng.integers(0, 10_000, n)
    return _zfill(_district_vocab()["postcode"][district_idx], 6)


def places(rng: np.random.Generator, locale: str, n: int) -> pd.DataFrame:
    """Population-weighted places.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    locale : {"en_US", "zh_CN"}
        The locale; see :mod:`crmlab.simulate.places` for the tables.
    n : int
        Number of rows.

    Returns
    -------
    pandas.DataFrame
        Columns ``province``, ``city`` and ``postcode`` (``string`` dtype): a city drawn with
        probability proportional to its (province share x city share), its province, and a
        postcode of the city (en_US: ZIP uniform in the state's range; zh_CN: the postcode of
        one of the city's districts, see :func:`crmlab.simulate.places.district_table`).
    """
    locale = _check_locale(locale)
    district_rng = _district_rng(rng) if locale == "zh_CN" else None
    idx = _place_idx(rng, locale, int(n))
    v = _place_vocab(locale)
    district = _district_idx(district_rng, idx) if locale == "zh_CN" else None
    post = _postcodes(rng, locale, idx, district)
    return pd.DataFrame(
        {
            "province": _series(_take(v["province"], idx)),
            "city": _series(_take(v["city"], idx)),
            "postcode": _series(post),
        }
    )


@functools.lru_cache(maxsize=None)
def _zh_road_vocab() -> pa.Array:
    """Every road name with each of its three endings (路, 街, 大道), road-major."""
    _districts, roads, _w = _street_vocab("zh_CN")
    return pa.array([r + end for r in roads.to_pylist() for end in ("路", "街", "大道")], type=pa.large_string())


@functools.lru_cache(maxsize=None)
def _suffixed_numbers(suffix: str, upto: int = 3_400) -> pa.Array:
    """``"0" + suffix``, ``"1" + suffix`` … as a lookup vocabulary."""
    return pa.array([f"{i}{suffix}" for i in range(upto)], type=pa.large_string())


def _addresses(rng: np.random.Generator, locale: str, n: int,
               district_idx: np.ndarray | None = None) -> pa.Array:
    if locale == "en_US":
        words, w = _street_vocab(locale)
        number = np.exp(rng.random(n) * np.log(20_000)).astype(np.int64)  # 1 .. 19999, log-uniform
        street = _take(words, _pick(rng, w, n))
        suffixes = pa.array([s for s, _ in _US_SUFFIXES], type=pa.large_string())
        suffix = _take(suffixes, _pick(rng, np.array([p for _, p in _US_SUFFIXES]), n))
        apt = np.exp(rng.random(n) * np.log(400)).astype(np.int64)
        has_apt = rng.random(n) < 0.18
        unit = pc.if_else(pa.array(has_apt), _join(" Apt ", _int_str(apt)), "")
        return _join(_int_str(number), " ", street, " ", suffix, unit)
    districts, roads, w = _street_vocab(locale)
    # drawn and not used: keeps the later numbers of ``rng`` (roads, e-mails, ID numbers) as they
    # were when the district came from Faker's list
    rng.integers(0, len(districts), n)
    district = _take(_district_vocab()["name"], district_idx)
    kind = _pick(rng, np.array([0.70, 0.22, 0.08]), n)
    road = _take(_zh_road_vocab(), _pick(rng, w, n) * 3 + kind)  # e.g. 中山路
    number = np.exp(rng.random(n) * np.log(1000)).astype(np.int64)  # 1 .. 999
    has_unit = rng.random(n) < 0.45
    inside = np.flatnonzero(has_unit)
    k = len(inside)
    building = rng.integers(1, 31, k)
    room = rng.integers(1, 34, k) * 100 + rng.integers(1, 9, k)
    street = _join(district, road, _take(_suffixed_numbers("号"), number))
    with_unit = _join(
        _take(street, inside), _take(_suffixed_numbers("栋"), building), _take(_suffixed_numbers("室"), room)
    )
    return _interleave([with_unit, _take(street, np.flatnonzero(~has_unit))], [inside, np.flatnonzero(~has_unit)], n)


def street_addresses(rng: np.random.Generator, locale: str, cities) -> np.ndarray:
    """Street-level address lines (without city, province or postcode).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    locale : {"en_US", "zh_CN"}
        ``en_US``: ``"<number> <name> <Suffix>"`` with 18 % ``" Apt <n>"``, suffixes spelt out
        (Street, Avenue, Road, Drive, Lane, Court, Boulevard, Place, Way). ``zh_CN``:
        ``"<district><name>路|街|大道<number>号"`` with 45 % ``"<b>栋<room>室"``, the district
        one of the city's (:func:`crmlab.simulate.places.district_table`), e.g. "天河区",
        "肥西县", "虎门镇".
    cities : array-like of str
        One entry per address. en_US: only the length is used. zh_CN: cities of
        :func:`crmlab.simulate.places.city_table` (official names, "广州市").

    Returns
    -------
    numpy.ndarray
        Object array of ``str``.

    Raises
    ------
    ParameterError
        For an unknown ``locale`` or, zh_CN, a city the place table does not know.
    """
    locale = _check_locale(locale)
    if locale == "en_US":
        return _addresses(rng, locale, len(cities)).to_numpy(zero_copy_only=False)
    names = np.asarray(pd.Series(cities, dtype=object), dtype=object)
    city_idx = pd.Index(_places._cities(locale)["city"].to_numpy(dtype=object)).get_indexer(names)
    if (city_idx < 0).any():
        bad = ", ".join(sorted({repr(c) for c in names[city_idx < 0]})[:5])
        raise ParameterError(
            _("`cities` must hold cities of the place table (such as '广州市'), but found {bad}.")
            .format(bad=bad)
        )
    district = _district_idx(_district_rng(rng), city_idx)
    return _addresses(rng, locale, len(names), district).to_numpy(zero_copy_only=False)


def _industry_words(rng: np.random.Generator, locale: str, industries, n: int) -> pa.Array:
    """One industry word per company: any word, or one matching each industry code."""
    if industries is None:
        words = _US_INDUSTRIES if locale == "en_US" else _ZH_INDUSTRIES
        return _take(pa.array(words, type=pa.large_string()), rng.integers(0, len(words), n))
    codes = np.asarray(industries, dtype=object)
    if codes.ndim != 1 or len(codes) != n:
        raise ParameterError(
            _("`industries` must be one-dimensional with one entry per city ({n}), but has shape {shape}.").format(
                n=n, shape=codes.shape
            )
        )
    known = list(COMPANY_INDUSTRY_WORDS)
    code = pd.Index(known).get_indexer(codes)
    if (code < 0).any():
        bad = sorted({repr(v) for v in codes[code < 0]})[:5]
        raise ParameterError(
            _("`industries` must contain only {known}, but found {found}.").format(
                known=", ".join(map(repr, known)), found=", ".join(bad)
            )
        )
    col = 0 if locale == "en_US" else 1
    k = max(len(w[col]) for w in COMPANY_INDUSTRY_WORDS.values())
    flat = [w[col][min(j, len(w[col]) - 1)] for w in COMPANY_INDUSTRY_WORDS.values()
            for j in range(k)]
    # the first (plain) word half of the time, the others equally often
    u = rng.random(n)
    j = np.where(u < 0.5, 0, 1 + ((u - 0.5) * 2 * (k - 1)).astype(np.int64))
    return _take(pa.array(flat, type=pa.large_string()), code * k + np.minimum(j, k - 1))


def companies(rng: np.random.Generator, locale: str, cities, industries=None) -> np.ndarray:
    """Company names for B2B accounts.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    locale : {"en_US", "zh_CN"}
        ``en_US``: ``"Smith Logistics LLC"``, ``"Smith & Jones Inc."``, ``"Denver Foods Co."``
        or ``"Smith-Jones Group"`` (45 / 20 / 20 / 15 %; the second and fourth form have no
        industry word). ``zh_CN``: ``"广州和泰科技有限公司"`` (city without 市 + trade name +
        industry + legal form).
    cities : array-like of str
        The account's city, one per company.
    industries : array-like of str, optional
        Industry code of each company, one of the keys of :data:`COMPANY_INDUSTRY_WORDS`
        ("electronics", "building_materials", "food", "textiles", "machinery"). The industry
        word of the name then belongs to that code ("Medina Machinery Inc.",
        "杭州和泰机械有限公司"; see :data:`COMPANY_INDUSTRY_WORDS`). Without it the word is
        drawn from a wider list of trades, unrelated to anything else.

    Returns
    -------
    numpy.ndarray
        Object array of ``str``.

    Raises
    ------
    ParameterError
        For an unknown ``locale``, or ``industries`` of the wrong length or with unknown codes.
    """
    locale = _check_locale(locale)
    city = _arr(cities)
    n = len(city)
    if locale == "en_US":
        _, _, _, _, last, pl = _name_vocab(locale)
        a = _take(last, _pick(rng, pl, n))
        b = _take(last, _pick(rng, pl, n))
        ind = _industry_words(rng, locale, industries, n)
        suf = _take(pa.array([s for s, _ in _US_COMPANY_SUFFIXES], type=pa.large_string()),
                    _pick(rng, np.array([w for _, w in _US_COMPANY_SUFFIXES]), n))
        kind = _pick(rng, np.array([0.45, 0.2, 0.2, 0.15]), n)
        out = _join(a, " ", ind, " ", suf)
        out = pc.if_else(pa.array(kind == 1), _join(a, " & ", b, " ", suf), out)
        out = pc.if_else(pa.array(kind == 2), _join(city, " ", ind, " ", suf), out)
        out = pc.if_else(pa.array(kind == 3), _join(a, "-", b, " ", suf), out)
        return out.to_numpy(zero_copy_only=False)
    from faker.providers.company.zh_CN import Provider

    trade = pa.array(sorted({p for p in Provider.company_prefixes if len(p) == 2}),
                     type=pa.large_string())
    ind = _industry_words(rng, locale, industries, n)
    suf = _take(pa.array([s for s, _ in _ZH_COMPANY_SUFFIXES], type=pa.large_string()),
                _pick(rng, np.array([w for _, w in _ZH_COMPANY_SUFFIXES]), n))
    short = pc.replace_substring_regex(city, "市$", "")
    out = _join(short, _take(trade, rng.integers(0, len(trade), n)), ind, suf)
    return out.to_numpy(zero_copy_only=False)


def id_checksum(first17: str) -> str:
    """The check character of a Chinese resident ID number (GB 11643-1999, ISO 7064 MOD 11-2).

    Parameters
    ----------
    first17 : str
        The first 17 digits.

    Returns
    -------
    str
        ``"0"``-``"9"`` or ``"X"``.

    Examples
    --------
    >>> id_checksum("11010519491231002")
    'X'
    """
    if not isinstance(first17, str) or len(first17) != 17 or not first17.isascii() \
            or not first17.isdigit():
        raise ParameterError(
            _("`first17` must be a string of 17 digits, but {got} was passed.").format(got=repr(first17))
        )
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


_DAY0 = np.datetime64("1900-01-01", "D")


@functools.lru_cache(maxsize=None)
def _yyyymmdd_table() -> np.ndarray:
    """ASCII ``YYYYMMDD`` of every day from 1900-01-01 to 2099-12-31 (row = days since 1900)."""
    days = np.arange(_DAY0, np.datetime64("2100-01-01", "D"))
    year, month, day = _ymd(days)
    return _digits(year * 10_000 + month * 100 + day, 8)


def _yyyymmdd(dates: np.ndarray) -> np.ndarray:
    """Dates as an ``(n, 8)`` matrix of ASCII digits ``YYYYMMDD``."""
    offset = (np.asarray(dates).astype("datetime64[D]") - _DAY0).astype(np.int64)
    table = _yyyymmdd_table()
    if offset.size and (offset.min() < 0 or offset.max() >= len(table)):
        year, month, day = _ymd(dates)
        return _digits(year * 10_000 + month * 100 + day, 8)
    return table[offset]


def _ymd(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = np.asarray(dates).astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months).astype(np.int64) + 1
    return year, month, day


def _id_numbers(rng: np.random.Generator, locale: str, city_idx: np.ndarray,
                female: np.ndarray, birth: np.ndarray,
                district_idx: np.ndarray | None = None) -> pa.Array:
    n = len(city_idx)
    if locale == "en_US":
        mat = np.empty((n, 11), dtype=np.uint8)
        mat[:, :7] = np.frombuffer(b"XXX-XX-", dtype=np.uint8)
        mat[:, 7:] = _digits(rng.integers(1, 10_000, n), 4)
        return _ascii(mat)
    # drawn and not used: keeps the later numbers of ``rng`` as they were when the area code
    # ended in a random county-level suffix
    _pick(rng, np.array([.18, .18, .16, .12, .10, .07, .06, .05, .05, .03]), n)
    area = _district_vocab()["id_code"][district_idx]  # the district's code; xx0000 for HK/MO/TW
    seq = rng.integers(0, 100, n) * 10 + 2 * rng.integers(0, 5, n) + np.where(female, 0, 1)
    seq = np.where(seq == 0, 2, seq)  # no "000"
    digits = np.empty((n, 18), dtype=np.uint8)
    digits[:, 0:6] = _digits(area, 6)
    digits[:, 6:14] = _yyyymmdd(birth)
    digits[:, 14:17] = _digits_table(1000, 3)[seq]
    total = np.zeros(n, dtype=np.int64)
    for j, w in enumerate(ID_WEIGHTS):
        total += (digits[:, j] - 48) * w
    total %= 11
    digits[:, 17] = np.frombuffer(ID_CHECK_CHARS.encode("ascii"), dtype=np.uint8)[total]
    return _ascii(digits)


def people(rng: np.random.Generator, locale: str, gender, birth_date) -> pd.DataFrame:
    """Identity strings of ``len(gender)`` people.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness; a generator seeded alike always gives the same frame. zh_CN
        districts come from a child of it (:meth:`numpy.random.Generator.spawn`), so they
        leave its own numbers, and with them every other column, as they would be without.
    locale : {"en_US", "zh_CN"}
        The locale (see the module docstring for the formats).
    gender : array-like of {"F", "M"}
        Gender of each person (chooses first names and the zh_CN ID parity digit).
    birth_date : array-like of datetime64
        Birth dates (used for the zh_CN ID number), same length as ``gender``.

    Returns
    -------
    pandas.DataFrame
        RangeIndex; columns ``name``, ``phone``, ``email``, ``province``, ``city``,
        ``address``, ``postcode``, ``id_number``, all ``string`` dtype without missing values.

    Raises
    ------
    ParameterError
        For an unknown ``locale``, gender codes other than "F"/"M", or length mismatch.
    """
    locale = _check_locale(locale)
    female = _check_gender(gender)
    birth = np.asarray(birth_date)
    if birth.shape != female.shape:
        raise ParameterError(
            _("`birth_date` must have the same length as `gender` ({n}), but has shape {shape}.").format(
                n=len(female), shape=birth.shape
            )
        )
    if not np.issubdtype(birth.dtype, np.datetime64):
        try:
            birth = birth.astype("datetime64[D]")
        except (TypeError, ValueError):
            raise ParameterError(_("`birth_date` must hold dates (numpy datetime64).")) from None
    if np.isnat(birth).any():
        raise ParameterError(_("`birth_date` must not contain missing dates (NaT)."))
    n = len(female)
    district_rng = _district_rng(rng) if locale == "zh_CN" else None
    name, given, family = _names(rng, locale, female)
    phone = _phones(rng, locale, n)
    city_idx = _place_idx(rng, locale, n)
    district = _district_idx(district_rng, city_idx) if locale == "zh_CN" else None
    postcode = _postcodes(rng, locale, city_idx, district)
    address = _addresses(rng, locale, n, district)
    email = _emails(rng, locale, name, phone, (given, family))
    id_number = _id_numbers(rng, locale, city_idx, female, birth, district)
    v = _place_vocab(locale)
    return pd.DataFrame(
        {
            "name": _series(name),
            "phone": _series(phone),
            "email": _series(email),
            "province": _series(_take(v["province"], city_idx)),
            "city": _series(_take(v["city"], city_idx)),
            "address": _series(address),
            "postcode": _series(postcode),
            "id_number": _series(id_number),
        }
    )
