"""The raw customer archive: the same people, recorded by several systems, with dirt.

:func:`archive` turns the clean ``customers`` master table into the kind of merged export a
company really has: every customer once or more, typed in by shop staff, web forms, call-centre
agents, event and survey tools, each with its own habits. Students standardise the fields and
find the duplicates (blocking + fuzzy matching), scoring against ``truth_archive``. Like a
real archive it has confounders: people change phone numbers, family members share a phone
or an address, and different people have the same name (see :func:`archive` for the rates).

Everything is vectorised over records; the only Python loops run over a handful of variant
kinds. The numbers come from the caller's generator, in a fixed order.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._checks import check_date, check_int
from ..errors import ColumnError, ParameterTypeError
from ..i18n import N_, _
from . import places as _places
from .config import DEFAULTS, fill_defaults
from .identity import (
    STRING,
    _arr,
    _ascii,
    _check_locale,
    _emails,
    _int_str,
    _join,
    _phones,
    _pick,
    _series,
    _take,
    _ymd,
)

__all__ = [
    "archive", "SOURCES", "RECORD_COUNTS", "RECORD_PROBS", "OTHER_PHONE_RATE",
    "HOUSEHOLD_PHONE_RATE", "HOUSEHOLD_ADDRESS_RATE", "REQUIRED_COLUMNS", "SCHEMA",
]

#: Systems the records come from.
SOURCES = ("store", "webshop", "call_centre", "event", "survey")
#: Records per customer and their probabilities (mean 1.25; 20 % of customers duplicated).
RECORD_COUNTS = (1, 2, 3)
RECORD_PROBS = (0.80, 0.15, 0.05)
#: Share of extra records that carry another (old or new) phone number of the same person.
OTHER_PHONE_RATE = 0.12
#: Share of records (first and extra) that carry the phone of a household member.
HOUSEHOLD_PHONE_RATE = 0.04
#: Share of records (first and extra) that carry the address of a household member.
HOUSEHOLD_ADDRESS_RATE = 0.04
#: Columns ``customers`` must have.
REQUIRED_COLUMNS = (
    "customer_id", "name", "gender", "birth_date", "phone", "email", "province", "city",
    "address", "postcode", "signup_date",
)

#: Tables of this module for :mod:`crmlab.simulate.schema` (name, type, description).
SCHEMA: dict[str, dict] = {
    "archive": {
        "about": N_(
            "The raw customer archive merged from several systems: one row per record, 1–3 "
            "records per customer (80 / 15 / 5 %), shuffled, with spelling variants, typos, "
            "mixed formats and missing values, and confounders: changed phone numbers (12 % of "
            "extra records), household members' phones and addresses (4 % of records each), "
            "different people with the same name. For data cleaning and duplicate detection."
        ),
        "columns": [
            ("record_id", "int", N_("Record key, consecutive.")),
            ("source", "str", N_("System the record came from: store, webshop, call_centre, event, survey.")),
            ("recorded_date", "date", N_("Day the record was made (signup − 60 days … signup + 2 years).")),
            ("name", "str", N_("Name as typed (typos, nicknames, case, similar characters).")),
            ("gender", "str", N_("`F`/`M`, `female`/`male`, `女`/`男` … in several spellings.")),
            ("birth_date", "str", N_("Date of birth as text; the format depends on `source`.")),
            ("phone", "str", N_("Phone in one of several formats: the customer's number; in 12 % of extra records another (old or new) number of theirs; in 4 % of records a household member's number.")),
            ("email", "str", N_("E-mail; sometimes upper-case or an older, different address.")),
            ("province", "str", N_("Province/state in a spelling variant (`广东省`/`广东`/`Guangdong`/`粤`; `California`/`CA`/`Calif.`).")),
            ("city", "str", N_("City (with or without 市; case variants).")),
            ("address", "str", N_("Street address with abbreviation and format variants; in 4 % of records the address (with city, province, postcode) of a household member.")),
            ("postcode", "str", N_("Postal code (en_US: ZIP+4 from the webshop, leading zeros lost in surveys).")),
        ],
    },
    "truth_archive": {
        "about": N_("Hidden truth: the customer behind each archive record — for scoring duplicate detection."),
        "columns": [
            ("record_id", "int", N_("Archive record (archive.record_id).")),
            ("customer_id", "int", N_("The person (customers.customer_id).")),
        ],
    },
}

_SOURCE_P_FIRST = np.array([0.35, 0.30, 0.12, 0.13, 0.10])
_SOURCE_P_EXTRA = np.array([0.25, 0.25, 0.20, 0.15, 0.15])

# missing-value probability (first record, extra record), times a per-source factor
# (store, webshop, call_centre, event, survey)
_MISSING = {
    "name": (0.002, 0.01, (1, 1, 1, 1, 1)),
    "gender": (0.04, 0.10, (1.2, 0.5, 1.0, 1.2, 1.3)),
    "birth_date": (0.04, 0.14, (1.0, 0.8, 1.2, 1.5, 0.7)),
    "phone": (0.03, 0.14, (1.0, 1.0, 0.3, 1.5, 2.0)),
    "email": (0.05, 0.14, (1.6, 0.2, 1.0, 1.0, 0.8)),
    "province": (0.03, 0.08, (1, 1, 1, 1, 1)),
    "city": (0.03, 0.08, (1, 1, 1, 1, 1)),
    "address": (0.04, 0.12, (1.0, 0.6, 1.2, 2.0, 1.5)),
    "postcode": (0.05, 0.14, (1.0, 0.5, 1.5, 2.0, 1.5)),
}

_NICKNAMES = {
    "William": "Bill", "Robert": "Bob", "Richard": "Rick", "James": "Jim", "John": "Jack",
    "Michael": "Mike", "Thomas": "Tom", "Joseph": "Joe", "Charles": "Charlie",
    "Christopher": "Chris", "Daniel": "Dan", "Matthew": "Matt", "Anthony": "Tony",
    "David": "Dave", "Steven": "Steve", "Stephen": "Steve", "Edward": "Ed", "Kenneth": "Ken",
    "Timothy": "Tim", "Andrew": "Andy", "Benjamin": "Ben", "Samuel": "Sam", "Nicholas": "Nick",
    "Jonathan": "Jon", "Patrick": "Pat", "Gregory": "Greg", "Jeffrey": "Jeff", "Joshua": "Josh",
    "Alexander": "Alex", "Ronald": "Ron", "Donald": "Don", "Raymond": "Ray", "Gerald": "Jerry",
    "Lawrence": "Larry", "Zachary": "Zach", "Jacob": "Jake", "Frederick": "Fred",
    "Phillip": "Phil", "Peter": "Pete", "Douglas": "Doug", "Bradley": "Brad",
    "Gabriel": "Gabe", "Elizabeth": "Liz", "Jennifer": "Jen", "Katherine": "Kate",
    "Kimberly": "Kim", "Margaret": "Maggie", "Patricia": "Patty", "Rebecca": "Becky",
    "Susan": "Sue", "Deborah": "Debbie", "Victoria": "Vicky", "Jessica": "Jess",
    "Samantha": "Sam", "Christine": "Chris", "Catherine": "Cathy", "Barbara": "Barb",
    "Cynthia": "Cindy", "Pamela": "Pam", "Stephanie": "Steph", "Abigail": "Abby",
    "Alexandra": "Alex", "Kathleen": "Kathy", "Jacqueline": "Jackie", "Melissa": "Missy",
    "Nicole": "Nikki", "Theresa": "Terry", "Angela": "Angie", "Amanda": "Mandy",
    "Christina": "Tina", "Valerie": "Val",
}

# character -> two similar-sounding or similar-looking (incl. traditional) characters
_ZH_SIMILAR = {
    "伟": "玮炜", "丽": "莉麗", "敏": "珉民", "静": "靜婧", "军": "君軍", "芳": "方舫",
    "娜": "纳那", "秀": "琇绣", "英": "瑛鹰", "华": "桦華", "明": "铭鸣", "杰": "洁傑",
    "涛": "滔韬", "超": "潮朝", "刚": "钢罡", "平": "萍苹", "辉": "晖輝", "鹏": "朋彭",
    "磊": "垒蕾", "洋": "阳扬", "勇": "永咏", "艳": "燕豔", "娟": "鹃涓", "霞": "侠夏",
    "燕": "艳雁", "玲": "琳铃", "红": "虹紅", "梅": "玫媚", "兰": "岚蘭", "云": "芸雲",
    "婷": "亭庭", "建": "健剑", "文": "雯闻", "斌": "彬滨", "波": "博柏", "宇": "雨羽",
    "浩": "皓昊", "凯": "恺铠", "俊": "骏峻", "峰": "锋丰", "晨": "辰臣", "龙": "隆龍",
    "强": "強墙", "慧": "惠蕙", "琴": "勤芹", "颖": "莹影", "欣": "心馨", "洁": "杰婕",
    "晶": "京菁", "宁": "凝寧", "飞": "菲非", "林": "琳霖", "帆": "凡繁", "志": "智治",
    "家": "嘉佳", "子": "梓紫", "晓": "小筱", "佳": "嘉家", "思": "斯丝", "雅": "亚娅",
    "诗": "师施", "梦": "孟蒙", "春": "纯椿", "婉": "宛琬", "紫": "子梓", "梓": "子紫",
    "淑": "舒书", "心": "欣新", "天": "田添", "世": "仕士", "振": "镇震", "永": "勇咏",
    "博": "波柏", "国": "國帼", "海": "海", "雪": "薛雪",
}
_ZH_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容")

_US_SUFFIX_ABBR = (
    ("Street", "St", "St."), ("Avenue", "Ave", "Ave."), ("Road", "Rd", "Rd."),
    ("Drive", "Dr", "Dr."), ("Lane", "Ln", "Ln."), ("Court", "Ct", "Ct."),
    ("Boulevard", "Blvd", "Blvd."), ("Place", "Pl", "Pl."), ("Way", "Way", "Way"),
)
_US_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")

_NULL = pa.scalar(None, pa.large_string())


def _s(text: str) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


def _vocab(values) -> pa.Array:
    return pa.array(list(values), type=pa.large_string())


# --------------------------------------------------------------------------------------------
# character-level edits on a code-point matrix
# --------------------------------------------------------------------------------------------


def _umat(arr: pa.Array):
    """(uint32 code-point matrix padded with zeros, lengths, null mask) of ``arr``."""
    null = arr.is_null().to_numpy(zero_copy_only=False)
    obj = arr.to_numpy(zero_copy_only=False)
    if null.any():
        obj = np.where(null, "", obj)
    u = obj.astype(str)
    width = max(u.dtype.itemsize // 4, 1)
    if u.dtype.itemsize == 0:
        u = u.astype("U1")
    mat = np.ascontiguousarray(u).view(np.uint32).reshape(len(arr), width)
    length = pc.utf8_length(arr).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    return mat, length, null


def _from_umat(mat: np.ndarray, null: np.ndarray) -> pa.Array:
    mat = np.ascontiguousarray(mat, dtype=np.uint32)
    values = mat.view(f"U{mat.shape[1]}").ravel()
    return pa.array(values, type=pa.large_string(), mask=null)


def _edit(mat: np.ndarray, kind: np.ndarray, pos: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Apply one edit per row: 0 swap(pos, pos+1), 1 drop pos, 2 double pos, 3 space before pos."""
    k, width = mat.shape
    padded = np.zeros((k, width + 2), dtype=np.uint32)
    padded[:, :width] = mat
    j = np.arange(width + 1)[None, :]
    p = pos[:, None]
    kk = np.where(ok, kind, -1)[:, None]
    src = np.broadcast_to(j, (k, width + 1)).copy()
    src = np.where((kk == 0) & (j == p), p + 1, src)
    src = np.where((kk == 0) & (j == p + 1), p, src)
    src = np.where(kk == 1, j + (j >= p), src)
    src = np.where((kk == 2) | (kk == 3), j - (j > p), src)
    out = np.take_along_axis(padded, np.minimum(src, width + 1), axis=1)
    rows = np.flatnonzero(ok & (kind == 3))
    out[rows, pos[rows]] = 32
    return out


def _typos(rng: np.random.Generator, arr: pa.Array) -> pa.Array:
    """One keyboard slip per string: swap, drop or double a character (not the first)."""
    if len(arr) == 0:
        return arr
    mat, length, null = _umat(arr)
    kind = rng.integers(0, 3, len(arr))
    pos = 1 + (rng.random(len(arr)) * np.maximum(length - 2, 1)).astype(np.int64)
    ok = ~null & (length >= 3)
    return _from_umat(_edit(mat, kind, pos, ok), null)


@functools.lru_cache(maxsize=None)
def _similar_table():
    keys = np.array([ord(c) for c in _ZH_SIMILAR], dtype=np.uint32)
    order = np.argsort(keys)
    alt = np.array([[ord(v[0]), ord(v[-1])] for v in _ZH_SIMILAR.values()], dtype=np.uint32)
    return keys[order], alt[order]


def _surname_len(mat: np.ndarray) -> np.ndarray:
    two = np.zeros(len(mat), dtype=bool)
    if mat.shape[1] >= 2:
        for s in _ZH_COMPOUND_SURNAMES:
            two |= (mat[:, 0] == ord(s[0])) & (mat[:, 1] == ord(s[1]))
    return np.where(two, 2, 1)


def _zh_name_noise(rng: np.random.Generator, arr: pa.Array, kind: np.ndarray) -> pa.Array:
    """kind 0: similar character in the given name; 1: drop a given character; 2: space."""
    mat, length, null = _umat(arr)
    k, width = mat.shape
    sur = _surname_len(mat)
    col = np.arange(width)[None, :]
    # 0: substitute one character of the given name that has a similar one
    keys, alt = _similar_table()
    at = np.minimum(np.searchsorted(keys, mat), len(keys) - 1)
    cand = (keys[at] == mat) & (col >= sur[:, None]) & (col < length[:, None])
    score = rng.random((k, width)) * cand
    pos = score.argmax(axis=1)
    rows = np.flatnonzero((kind == 0) & cand.any(axis=1) & ~null)
    choice = rng.integers(0, 2, k)
    mat = mat.copy()
    mat[rows, pos[rows]] = alt[at[rows, pos[rows]], choice[rows]]
    # 1: drop one of two given characters; 2: space after the surname
    given = length - sur
    drop_pos = sur + rng.integers(0, 2, k)
    ok_drop = (kind == 1) & (given >= 2) & ~null
    ok_space = (kind == 2) & (given >= 1) & ~null
    edit_kind = np.where(kind == 1, 1, 3)
    edit_pos = np.where(kind == 1, drop_pos, sur)
    return _from_umat(_edit(mat, edit_kind, edit_pos, ok_drop | ok_space), null)


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _apply_many(arr: pa.Array, steps) -> pa.Array:
    """Apply ``(mask, fn)`` steps in order, touching the big array only once."""
    union = np.zeros(len(arr), dtype=bool)
    for mask, _fn in steps:
        union |= mask
    idx = np.flatnonzero(union)
    if len(idx) == 0:
        return arr
    sub = _take(arr, idx)
    for mask, fn in steps:
        local = mask[idx]
        if local.any():
            sub = pc.replace_with_mask(sub, pa.array(local), fn(_take(sub, np.flatnonzero(local)),
                                                             idx[local]))
    return pc.replace_with_mask(arr, pa.array(union), sub)


@functools.lru_cache(maxsize=None)
def _zh_district_prefix() -> str:
    """Regular expression of a zh_CN district at the start of an address (longest name first)."""
    names = sorted(set(_places._districts("zh_CN")["district"]), key=lambda s: (-len(s), s))
    return "^(?:" + "|".join(re.escape(name) for name in names) + ")"


def _buffers(arr: pa.Array):
    """(validity as bool array, int64 offsets rebased to 0, data bytes) of a large_string array."""
    valid = pc.is_valid(arr).to_numpy(zero_copy_only=False)
    offs = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset : arr.offset + len(arr) + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8) if arr.buffers()[2] is not None \
        else np.zeros(0, dtype=np.uint8)
    return valid, offs, data


def _build(valid: np.ndarray, offsets: np.ndarray, data: np.ndarray) -> pa.Array:
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.LargeStringArray.from_buffers(
        len(valid), pa.py_buffer(np.ascontiguousarray(offsets, dtype=np.int64)),
        pa.py_buffer(np.ascontiguousarray(data)), bitmap,
    )


def _set_null(arr: pa.Array, mask: np.ndarray) -> pa.Array:
    """``arr`` with the rows in ``mask`` made missing (buffers shared, no string copy)."""
    valid, offs, data = _buffers(arr)
    return _build(valid & ~mask, offs, data)


def _keep_digits(arr: pa.Array) -> pa.Array:
    """Only the ASCII digits of each string (nulls stay null)."""
    valid, offs, data = _buffers(arr)
    body = data[offs[0] : offs[-1]]
    keep = (body >= 48) & (body <= 57)
    cum = np.zeros(len(body) + 1, dtype=np.int64)
    cum[1:] = keep.view(np.uint8)
    np.cumsum(cum, out=cum)  # (a bool or mixed-type cumsum is ten times slower)
    return _build(valid, cum[offs - offs[0]], body[keep])


def _phone_variants(phone_c: pa.Array, cust: np.ndarray, kind: np.ndarray,
                    groups: tuple[int, int, int], templates) -> pa.Array:
    """Record-level phone strings: the digits of ``phone_c[cust]`` laid out by template ``kind``.

    A template is (prefix, separator 1, separator 2) around the three digit groups. Phones
    with fewer digits than ``sum(groups)`` are copied unchanged.
    """
    width = sum(groups)
    valid_c, offs_c, data_c = _buffers(_keep_digits(phone_c))
    good_c = valid_c & (np.diff(offs_c) >= width)
    dig_c = np.full((len(phone_c), width), 48, dtype=np.uint8)
    rows = np.flatnonzero(good_c)
    dig_c[rows] = data_c[(offs_c[1:][rows] - width)[:, None] + np.arange(width)[None, :]]
    dig = dig_c[cust]
    widths = np.array([width + sum(len(x) for x in tpl) for tpl in templates], dtype=np.int64)
    out = np.zeros((len(cust), widths.max()), dtype=np.uint8)
    cuts = np.cumsum((0,) + groups)
    for j, tpl in enumerate(templates):
        r = np.flatnonzero(kind == j)
        pos = 0
        for g in range(3):
            lit = np.frombuffer(tpl[g].encode("ascii"), dtype=np.uint8)
            out[r, pos : pos + len(lit)] = lit
            pos += len(lit)
            out[r, pos : pos + groups[g]] = dig[r, cuts[g] : cuts[g + 1]]
            pos += groups[g]
    arr = _ascii(out, widths[kind])
    good = good_c[cust]
    arr = _set_null(arr, ~good)
    odd = ~good & valid_c[cust]
    if odd.any():  # not a phone number we can reformat: keep it as it is
        arr = pc.replace_with_mask(arr, pa.array(odd), _take(phone_c, cust[odd]))
    return arr


def _codes(arr: pa.Array) -> np.ndarray:
    """Integer code of each distinct string, 0 for missing values."""
    code = pc.dictionary_encode(arr).indices.fill_null(-1)
    return code.to_numpy(zero_copy_only=False).astype(np.int64) + 1


def _surnames(names: pa.Array, locale: str) -> pa.Array:
    """en_US: the last word of each name; zh_CN: the first character."""
    if locale == "zh_CN":
        return pc.utf8_slice_codeunits(names, 0, 1)
    parts = pc.split_pattern(names, " ", max_splits=1, reverse=True)
    length = pc.list_value_length(parts).fill_null(1).to_numpy(zero_copy_only=False)
    flat = pc.list_flatten(parts)
    if len(flat) == 0:
        return names
    last = _take(flat, np.maximum(parts.offsets.to_numpy()[:-1] + length - 1, 0))
    return pc.if_else(pc.is_valid(names), last, _NULL)


def _household_partners(rng: np.random.Generator, locale: str, name: pa.Array,
                        province: pa.Array, city: pa.Array) -> np.ndarray:
    """Row of each customer's household member (vectorised pairing, no loops).

    Customers are sorted by city (with its province), then surname, then at random, and
    paired in that order within their city, so a household is two customers of the same city,
    of the same surname where the city has two of it. In a city with an odd number of
    customers the last one joins the previous pair; a customer alone in a city is paired with
    a neighbour in the next (or previous) city.
    """
    n = len(name)
    if n < 2:
        return np.arange(n, dtype=np.int64)
    # a city is (province, city): Springfield, Illinois is not Springfield, Missouri
    city = _codes(city)
    city = _codes(province) * (int(city.max()) + 1) + city
    surname = _codes(_surnames(name, locale))
    perm = rng.permutation(n)
    key = city * (int(surname.max()) + 1) + surname
    order = perm[np.argsort(key[perm], kind="stable")]
    cs = city[order]
    i = np.arange(n, dtype=np.int64)
    start = np.searchsorted(cs, cs, side="left")
    stop = np.searchsorted(cs, cs, side="right")
    k = start + ((i - start) ^ 1)
    k = np.where(k >= stop, i - 1, k)
    k = np.where(stop - start == 1, np.where(i + 1 < n, i + 1, i - 1), k)
    partner = np.empty(n, dtype=np.int64)
    partner[order] = order[k]
    return partner


def _first_and_rest(arr: pa.Array):
    parts = pc.split_pattern(arr, " ", max_splits=1)
    first = pc.list_element(parts, 0)
    two = pc.equal(pc.list_value_length(parts), 2)
    lengths = pc.list_value_length(parts).fill_null(0).to_numpy(zero_copy_only=False)
    offsets = parts.offsets.to_numpy()[:-1]
    flat = pc.list_flatten(parts)
    rest_idx = np.where(lengths == 2, offsets + 1, 0)
    rest = _take(flat, rest_idx) if len(flat) else first
    rest = pc.if_else(two, rest, _NULL)
    return first, rest


def _customer_strings(customers: pd.DataFrame, col: str) -> pa.Array:
    s = customers[col]
    if not isinstance(s.dtype, pd.StringDtype):
        s = s.astype(STRING)
    return _arr(s)


def _dates(customers: pd.DataFrame, col: str) -> np.ndarray:
    s = customers[col]
    if not pd.api.types.is_datetime64_any_dtype(s.dtype):
        try:
            s = pd.to_datetime(s)
        except (TypeError, ValueError):
            raise ColumnError(
                _("Column `{column}` of `customers` must hold dates, but has dtype {dtype}.").format(
                    column=col, dtype=s.dtype
                )
            ) from None
    return s.to_numpy(dtype="datetime64[D]", na_value=np.datetime64("NaT"))


# --------------------------------------------------------------------------------------------
# the archive
# --------------------------------------------------------------------------------------------


def archive(
    rng: np.random.Generator,
    locale: str,
    customers: pd.DataFrame,
    first_record_id: int = 1,
    *,
    end=DEFAULTS.end64,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The messy multi-source customer archive and the record-to-customer truth.

    Every customer gets 1, 2 or 3 records with probabilities 0.80, 0.15 and 0.05 (mean 1.25
    records; 20 % of customers are duplicated, 36 % of records belong to a duplicated
    customer). Records are shuffled, so duplicates are not adjacent, and numbered
    consecutively from ``first_record_id``.

    The first record of a customer (in record order: the one made first) is cleaner than the
    extra ones. Per field, in order of application:

    * ``source``: store/webshop/call_centre/event/survey (first records 35/30/12/13/10 %,
      extra records 25/25/20/15/15 %).
    * ``recorded_date``: first record signup − 60 … signup + 30 days, extra records signup …
      signup + 730 days; never after ``end``.
    * ``name``: en_US nickname ("William" → "Bill"; 1 % first / 10 % extra), one typo (swap,
      drop or double a character; 3 % / 25 %), UPPER (1 % / 6 %), lower (1 % / 4 %),
      "Last, First" (0 % / 4 %). zh_CN similar or traditional character in the given name
      (伟→玮/炜, 静→靜/婧 …; 2 % / 20 %), one of two given characters dropped (0.5 % / 6 %),
      a space after the surname (1 % / 5 %).
    * ``gender``: en_US F/M, female/male, Female/Male, f/m; zh_CN 女/男, F/M, female/male,
      女性/男性.
    * ``birth_date`` by source: store and webshop "1985-03-07"; en_US call_centre and event
      "03/07/1985" (month first), survey "March 7, 1985"; zh_CN call_centre "1985年3月7日",
      event "1985/3/7", survey "07/03/1985" (day first). A day or a year off in 0.5 % of
      first and 4 % of extra records.
    * ``phone``: a number in one of several formats (zh_CN "13812345678", "138-1234-5678",
      "+86 13812345678", "138 1234 5678", "8613812345678", "+86-138-1234-5678",
      "(+86)13812345678"; en_US "555-123-4567", "(555) 123-4567", "555.123.4567",
      "+1 555-123-4567", "5551234567", "1-555-123-4567"). The customer's own number in 96 %
      of first and 84 % of extra records, else another number (see Confounders below).
    * ``email``: a different address (0 % / 15 %; zh_CN phone-based ones use the record's other
      number when it has one), UPPER (3 % / 8 %), Capitalised (1 % / 4 %).
    * ``province``: zh_CN official / short / English / one-character ("广东省", "广东",
      "Guangdong", "粤"); en_US full / USPS / AP / lower / UPPER ("California", "CA", "Calif.",
      "california", "CALIFORNIA").
    * ``city``: zh_CN with or without 市; en_US as is, lower or UPPER.
    * ``address``: en_US suffix abbreviated ("Street" → "St" or "St."; 35 % / 50 %), "Apt 7" →
      "#7" / "Apt. 7" / "Unit 7", UPPER (3 % / 8 %), one typo (1 % / 6 %); zh_CN district
      dropped (2 % / 8 %), "号" → "#" (8 % / 20 %), "3栋1502室" → "3-1502" or "3号楼1502室",
      full-width digits (4 % / 12 %), province and city prefixed (12 % / 30 %).
    * ``postcode``: en_US webshop adds a ZIP+4 suffix (20 %), survey drops leading zeros.
    * Missing values per field, first / extra record before the per-source factor: name
      0.2 / 1 %, gender 4 / 10 %, birth_date 4 / 14 %, phone 3 / 14 %, email 5 / 14 %,
      province and city 3 / 8 %, address 4 / 12 %, postcode 5 / 14 % (overall 3-10 % except
      name).

    Confounders (``truth_archive`` always names the record's own person):

    * Changed numbers: 12 % of extra records (:data:`OTHER_PHONE_RATE`; none of the first
      records) carry another valid phone number of the same person, an old or a new one; one
      such number per person, so that person's records with it agree with each other.
    * Households: every customer has one household member, another customer of the same city
      (customers are paired within their city, preferring the same surname, else at random;
      the odd one out joins a pair; a customer alone in a city is paired with one of a
      neighbouring city). 4 % of all records (:data:`HOUSEHOLD_PHONE_RATE`, first and extra
      alike) carry the household member's phone number: a family sharing a phone, with the
      record's own name. Independently, 4 % of all records (:data:`HOUSEHOLD_ADDRESS_RATE`)
      carry the household member's address, city, province and postcode (then varied as
      above), with the record's own name, phone and e-mail.
    * Same name, different people: names recur naturally (zh_CN especially, with few
      surnames and given names), so equal names alone do not make a duplicate.

    Missing values are drawn independently of these. On 20,000 customers, pairs of records sharing a normalised phone number are about
    78 % true duplicates and find about 64 % of the true pairs; also requiring similar
    normalised names (rapidfuzz ``fuzz.ratio`` ≥ 80) lifts precision above 99 %, at about
    50-60 % recall.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    locale : {"en_US", "zh_CN"}
        Locale of ``customers``.
    customers : pandas.DataFrame
        Needs :data:`REQUIRED_COLUMNS`; strings in the canonical formats of
        :mod:`crmlab.simulate.identity`. Not modified.
    first_record_id : int, default 1
        Id of the first record.
    end : date-like, default {end}
        No record is dated after ``end``.

    Returns
    -------
    archive : pandas.DataFrame
        ``record_id`` (int64), ``source``, ``recorded_date`` (datetime64, unit of
        ``signup_date``), ``name``, ``gender``, ``birth_date``, ``phone``, ``email``,
        ``province``, ``city``, ``address``, ``postcode``; strings are ``string`` dtype with
        missing values ``pd.NA``.
    truth_archive : pandas.DataFrame
        ``record_id`` and ``customer_id`` (int64): the person behind each record.
    """
    locale = _check_locale(locale)
    if not isinstance(customers, pd.DataFrame):
        raise ParameterTypeError(
            _("`{name}` must be a pandas DataFrame, but {type} was passed.").format(name="customers", type=type(customers).__name__)
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in customers.columns]
    if missing:
        raise ColumnError(_("`customers` lacks the column(s) {columns}.").format(columns=missing))
    first_record_id = check_int("first_record_id", first_record_id, low=0)
    end_d = np.datetime64(check_date("end", end), "D")

    n = len(customers)
    # --- records per customer, shuffled ------------------------------------------------------
    counts = np.asarray(RECORD_COUNTS)[_pick(rng, np.asarray(RECORD_PROBS), n)]
    m = int(counts.sum())
    perm = rng.permutation(m)
    cust = np.repeat(np.arange(n, dtype=np.int64), counts)[perm]
    # the first record of each customer is the earliest one in record order
    first_pos = np.full(n, m, dtype=np.int64)
    np.minimum.at(first_pos, cust, np.arange(m))
    extra = np.ones(m, dtype=bool)
    extra[first_pos] = False

    u = rng.random(m)
    cdf_first = np.cumsum(_SOURCE_P_FIRST) / _SOURCE_P_FIRST.sum()
    cdf_extra = np.cumsum(_SOURCE_P_EXTRA) / _SOURCE_P_EXTRA.sum()
    source = np.where(extra, np.searchsorted(cdf_extra, u, side="right"),
                      np.searchsorted(cdf_first, u, side="right"))
    source = np.minimum(source, len(SOURCES) - 1)

    def flip(p_first: float, p_extra: float, factor=None) -> np.ndarray:
        p = np.where(extra, p_extra, p_first)
        if factor is not None:
            p = p * np.asarray(factor, dtype=float)[source]
        return rng.random(m) < p

    def pick2(p_first, p_extra) -> np.ndarray:
        uu = rng.random(m)
        a = np.cumsum(p_first) / np.sum(p_first)
        b = np.cumsum(p_extra) / np.sum(p_extra)
        out = np.where(extra, np.searchsorted(b, uu, side="right"),
                       np.searchsorted(a, uu, side="right"))
        return np.minimum(out, len(p_first) - 1)

    # --- recorded date --------------------------------------------------------------------
    signup = _dates(customers, "signup_date")[cust]
    offset = np.where(extra, rng.integers(0, 731, m), rng.integers(-60, 31, m))
    recorded = np.minimum(signup + offset, end_d)
    recorded = np.where(np.isnat(signup), np.datetime64("NaT"), recorded)
    sdt = customers["signup_date"].dtype
    unit = sdt if isinstance(sdt, np.dtype) and sdt.kind == "M" else np.dtype("datetime64[s]")
    recorded = recorded.astype(unit)

    # --- households and other phone numbers -----------------------------------------------
    strings = {c: _customer_strings(customers, c)
               for c in ("name", "email", "province", "city", "address", "postcode")}
    partner = _household_partners(rng, locale, strings["name"], strings["province"],
                                  strings["city"])
    # which number: 0 the customer's own, 1 another of theirs, 2 the household member's
    hh = HOUSEHOLD_PHONE_RATE
    phone_kind = pick2(np.array([1.0 - hh, 0.0, hh]),
                       np.array([1.0 - hh - OTHER_PHONE_RATE, OTHER_PHONE_RATE, hh]))
    # whose address: the household member's in HOUSEHOLD_ADDRESS_RATE of the records
    home = np.where(rng.random(m) < HOUSEHOLD_ADDRESS_RATE, partner[cust], cust)

    out: dict[str, object] = {}
    cust_arr, home_arr = pa.array(cust), pa.array(home)
    base = {c: strings[c].take(cust_arr) for c in ("name", "email")}
    base.update({c: strings[c].take(home_arr)
                 for c in ("province", "city", "address", "postcode")})

    # --- name ---------------------------------------------------------------------------------
    name = base["name"]
    if locale == "en_US":
        keys = _vocab(_NICKNAMES)
        nicks = _vocab(_NICKNAMES.values())

        def nickname(sub, idx):
            first, rest = _first_and_rest(sub)
            nick = nicks.take(pc.index_in(first, value_set=keys))
            return pc.coalesce(_join(nick, " ", rest), sub)

        def last_first(sub, idx):
            first, rest = _first_and_rest(sub)
            return pc.coalesce(_join(rest, ", ", first), sub)

        name = _apply_many(name, [
            (flip(0.01, 0.10), nickname),
            (flip(0.03, 0.25), lambda sub, idx: _typos(rng, sub)),
            (flip(0.01, 0.06), lambda sub, idx: pc.utf8_upper(sub)),
            (flip(0.01, 0.04), lambda sub, idx: pc.utf8_lower(sub)),
            (flip(0.0, 0.04), last_first),
        ])
    else:
        kind = pick2(np.array([0.965, 0.02, 0.005, 0.01]), np.array([0.69, 0.20, 0.06, 0.05]))
        name = _apply_many(name, [(kind > 0,
                                   lambda sub, idx: _zh_name_noise(rng, sub, kind[idx] - 1))])
    out["name"] = name

    # --- gender -------------------------------------------------------------------------------
    g = _customer_strings(customers, "gender")
    male_c = pc.equal(g, _s("M")).fill_null(False).to_numpy(zero_copy_only=False)
    female_c = pc.equal(g, _s("F")).fill_null(False).to_numpy(zero_copy_only=False)
    male = male_c[cust]
    known = (male_c | female_c)[cust]
    if locale == "en_US":
        gv = _vocab(["F", "M", "female", "male", "Female", "Male", "f", "m"])
        variant = pick2(np.array([0.70, 0.15, 0.10, 0.05]), np.array([0.45, 0.25, 0.15, 0.15]))
    else:
        gv = _vocab(["女", "男", "F", "M", "female", "male", "女性", "男性"])
        variant = pick2(np.array([0.75, 0.15, 0.05, 0.05]), np.array([0.50, 0.25, 0.15, 0.10]))
    gender = gv.take(pa.array(variant * 2 + male, mask=~known))
    out["gender"] = gender

    # --- birth date ---------------------------------------------------------------------------
    birth_c = _dates(customers, "birth_date").astype(np.int64)
    nat_c = birth_c == np.iinfo(np.int64).min
    nat = nat_c[cust]
    # typing slips: a day or a year off (0.5 % of first records, 4 % of extra records)
    slip = flip(0.005, 0.04) & ~nat
    shift = np.where(rng.random(m) < 0.6, 1, 365) * np.where(rng.random(m) < 0.5, -1, 1)
    birth = np.where(nat, 0, birth_c[cust] + np.where(slip, shift, 0))
    lo = int(birth[~nat].min()) if (~nat).any() else 0
    hi = int(birth[~nat].max()) if (~nat).any() else 0
    # every format of every day in [lo, hi] once, then one look-up per record
    year, month, day = _ymd(np.arange(lo, hi + 1).astype("datetime64[D]"))
    y = _int_str(year)
    mm = _take(_vocab(f"{i:02d}" for i in range(13)), month)
    dd = _take(_vocab(f"{i:02d}" for i in range(32)), day)
    mo, d1 = _int_str(month), _int_str(day)
    iso = _join(y, "-", mm, "-", dd)
    if locale == "en_US":
        formats = [iso, _join(mm, "/", dd, "/", y),
                   _join(_take(_vocab(_US_MONTHS), month - 1), " ", d1, ", ", y)]
        which = np.array([0, 0, 1, 1, 2], dtype=np.int64)[source]
    else:
        formats = [iso, _join(y, "年", mo, "月", d1, "日"), _join(y, "/", mo, "/", d1),
                   _join(dd, "/", mm, "/", y)]
        which = np.array([0, 0, 1, 2, 3], dtype=np.int64)[source]
    k = len(formats)
    dvocab = pc.take(pa.concat_arrays(formats),
                     pa.array((np.arange(k)[None, :] * (hi - lo + 1)
                               + np.arange(hi - lo + 1)[:, None]).ravel()))
    bdate = _take(dvocab, np.where(nat, 0, birth - lo) * k + which)
    bdate = _set_null(bdate, nat)
    out["birth_date"] = bdate

    # --- phone --------------------------------------------------------------------------------
    if locale == "en_US":
        groups = (3, 3, 4)
        templates = (("", "-", "-"), ("(", ") ", "-"), ("", ".", "."), ("+1 ", "-", "-"),
                     ("", "", ""), ("1-", "-", "-"))
        probs = np.array([0.25, 0.30, 0.12, 0.10, 0.15, 0.08])
    else:
        groups = (3, 4, 4)
        templates = (("", "", ""), ("", "-", "-"), ("+86 ", "", ""), ("", " ", " "),
                     ("86", "", ""), ("+86-", "-", "-"), ("(+86)", "", ""))
        probs = np.array([0.40, 0.15, 0.12, 0.15, 0.08, 0.05, 0.05])
    t = _pick(rng, probs, m)
    phone_c = _customer_strings(customers, "phone")
    # one other (old or new) number per person who has records with it, after the n own ones
    src = np.where(phone_kind == 2, partner[cust], cust)
    other = np.flatnonzero(phone_kind == 1)
    owners, slot = np.unique(cust[other], return_inverse=True)
    src[other] = n + slot
    phone_all = pa.concat_arrays([phone_c, _phones(rng, locale, len(owners))])
    phone = _phone_variants(phone_all, src, t, groups, templates)
    out["phone"] = phone

    # --- email --------------------------------------------------------------------------------
    email_phone = np.where(phone_kind == 1, src, cust)
    email = _apply_many(base["email"], [
        (flip(0.0, 0.15),
         lambda sub, idx: _emails(rng, locale, _take(base["name"], idx).fill_null(""),
                                  _take(phone_all, email_phone[idx]).fill_null(""))),
        (flip(0.03, 0.08), lambda sub, idx: pc.utf8_upper(sub)),
        (flip(0.01, 0.04), lambda sub, idx: pc.utf8_capitalize(sub)),
    ])
    out["email"] = email

    # --- province -----------------------------------------------------------------------------
    table = _places._provinces(locale)
    pos = pc.index_in(strings["province"],
                      value_set=_arr(table["province"])).fill_null(-1)
    pos = pos.to_numpy(zero_copy_only=False).astype(np.int64)[home]
    if locale == "zh_CN":
        cols = [table["province"], table["short"], table["name_en"], table["abbr"]]
        variant = pick2(np.array([0.75, 0.20, 0.04, 0.01]), np.array([0.50, 0.30, 0.12, 0.08]))
    else:
        full = table["province"].astype(object)
        cols = [table["province"], table["abbr"], table["abbr_alt"],
                full.str.lower(), full.str.upper()]
        variant = pick2(np.array([0.55, 0.35, 0.04, 0.03, 0.03]),
                        np.array([0.40, 0.35, 0.10, 0.08, 0.07]))
    k = len(cols)
    flat = np.empty(len(table) * k, dtype=object)
    for j, col in enumerate(cols):
        flat[j::k] = np.asarray(col, dtype=object)
    pvocab = pa.array(flat, type=pa.large_string())
    province = _take(pvocab, np.maximum(pos, 0) * k + variant)
    province = pc.if_else(pa.array(pos >= 0), province, base["province"])
    out["province"] = province

    # --- city ---------------------------------------------------------------------------------
    city = base["city"]
    if locale == "zh_CN":
        short = flip(0.20, 0.40)
        city = _apply_many(city, [(short, lambda sub, idx: pc.replace_substring_regex(sub, "市$", ""))])
    else:
        cv = pick2(np.array([0.92, 0.04, 0.04]), np.array([0.80, 0.08, 0.12]))
        city = _apply_many(city, [(cv == 1, lambda sub, idx: pc.utf8_lower(sub)),
                                  (cv == 2, lambda sub, idx: pc.utf8_upper(sub))])
    out["city"] = city

    # --- address ------------------------------------------------------------------------------
    addr = base["address"]
    if locale == "en_US":
        names = "|".join(s[0] for s in _US_SUFFIX_ABBR)
        pattern = rf"^(?P<head>.*) (?P<suf>{names})(?P<tail>(?: Apt (?P<apt>\S+))?)$"
        abbr = flip(0.35, 0.50)
        style = rng.integers(0, 2, m)
        apt_style = _pick(rng, np.array([0.55, 0.15, 0.15, 0.15]), m)

        def abbreviate(sub, idx):
            parts = pc.extract_regex(sub, pattern)
            head, suf = pc.struct_field(parts, 0), pc.struct_field(parts, 1)
            apt = pc.struct_field(parts, 3)
            at = pc.index_in(suf, value_set=_vocab(s[0] for s in _US_SUFFIX_ABBR))
            at = at.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
            flat = _vocab(x for s in _US_SUFFIX_ABBR for x in s[1:])
            new_suf = _take(flat, at * 2 + style[idx])
            units = pc.choose(pa.array(apt_style[idx].astype(np.int8)),
                              _s(" Apt "), _s(" #"), _s(" Apt. "), _s(" Unit "))
            tail = pc.if_else(pc.equal(apt, ""), _s(""), _join(units, apt))
            return pc.coalesce(_join(head, " ", new_suf, tail), sub)

        addr = _apply_many(addr, [
            (abbr, abbreviate),
            (flip(0.03, 0.08), lambda sub, idx: pc.utf8_upper(sub)),
            (flip(0.01, 0.06), lambda sub, idx: _typos(rng, sub)),
        ])
    else:
        def fullwidth(sub, idx):
            for dgt in "0123456789":
                sub = pc.replace_substring(sub, dgt, chr(ord(dgt) + 0xFEE0))
            return sub

        unit = pick2(np.array([0.90, 0.05, 0.05]), np.array([0.70, 0.15, 0.15]))
        steps = [
            (flip(0.02, 0.08),
             lambda sub, idx: pc.replace_substring_regex(sub, _zh_district_prefix(), "")),
            (flip(0.08, 0.20), lambda sub, idx: pc.replace_substring(sub, "号", "#")),
            (unit == 1, lambda sub, idx: pc.replace_substring_regex(
                pc.replace_substring(sub, "栋", "-"), "室$", "")),
            (unit == 2, lambda sub, idx: pc.replace_substring(sub, "栋", "号楼")),
            (flip(0.04, 0.12), fullwidth),
        ]

        use_short = rng.random(m) < 0.4

        def prefix(sub, idx):
            pf, cf = _take(base["province"], idx), _take(base["city"], idx)
            ps = pc.replace_substring_regex(
                pf, "(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "")
            cs = pc.replace_substring_regex(cf, "市$", "")
            same = pc.equal(ps, cs)  # municipalities, Hong Kong, Macau
            shorts = use_short[idx]
            p_ = pc.if_else(pa.array(shorts), ps, pf)
            c_ = pc.if_else(pa.array(shorts), cs, cf)
            joined = pc.if_else(same, _join(c_, sub), _join(p_, c_, sub))
            return pc.coalesce(joined, sub)

        steps.append((flip(0.12, 0.30), prefix))
        addr = _apply_many(addr, steps)
    out["address"] = addr

    # --- postcode -----------------------------------------------------------------------------
    post = base["postcode"]
    if locale == "en_US":
        plus4 = (source == SOURCES.index("webshop")) & (rng.random(m) < 0.20)
        post = _apply_many(post, [
            (plus4, lambda sub, idx: _join(sub, "-", _take(
                _vocab(f"{i:04d}" for i in range(10_000)), rng.integers(1, 10_000, len(idx))))),
            (source == SOURCES.index("survey"), lambda sub, idx: pc.utf8_ltrim(sub, "0")),
        ])
    out["postcode"] = post

    # --- missing values -----------------------------------------------------------------------
    for col, (pf, pe, factor) in _MISSING.items():
        out[col] = _set_null(out[col], flip(pf, pe, factor))

    record_id = np.arange(first_record_id, first_record_id + m, dtype=np.int64)
    frame = pd.DataFrame({"record_id": record_id})
    frame["source"] = _series(_take(_vocab(SOURCES), source))
    frame["recorded_date"] = recorded
    for col in ("name", "gender", "birth_date", "phone", "email", "province", "city",
                "address", "postcode"):
        frame[col] = _series(out[col])
    cid = customers["customer_id"].to_numpy(dtype=np.int64)[cust]
    truth = pd.DataFrame({"record_id": record_id, "customer_id": cid})
    return frame, truth


archive.__doc__ = fill_defaults(archive.__doc__)
