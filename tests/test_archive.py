"""Tests of crmlab.simulate.archive."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from crmlab.errors import ColumnError, ParameterError
from crmlab.simulate import identity, places
from crmlab.simulate.archive import (
    HOUSEHOLD_ADDRESS_RATE,
    HOUSEHOLD_PHONE_RATE,
    OTHER_PHONE_RATE,
    SOURCES,
    archive,
)

N = 20_000
STRING_COLUMNS = ["source", "name", "gender", "birth_date", "phone", "email", "province",
                  "city", "address", "postcode"]
FIELDS = ["gender", "birth_date", "phone", "email", "province", "city", "address", "postcode"]


def make_customers(locale: str, n: int, seed: int = 11, first_id: int = 1001) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    gender = np.where(rng.random(n) < 0.5, "F", "M")
    birth = (np.datetime64("1945-01-01") + rng.integers(0, 22_000, n)).astype("datetime64[D]")
    people = identity.people(rng, locale, gender, birth)
    frame = pd.DataFrame(
        {
            "customer_id": np.arange(first_id, first_id + n, dtype=np.int64),
            "name": people["name"],
            "gender": gender,
            "birth_date": birth.astype("datetime64[s]"),
        }
    )
    for col in ("phone", "email", "province", "city", "address", "postcode", "id_number"):
        frame[col] = people[col].to_numpy()  # plain ``str`` columns, as the generator has them
    frame["signup_date"] = (np.datetime64("2017-01-01") + rng.integers(0, 3_200, n)).astype(
        "datetime64[s]")
    return frame


@pytest.fixture(scope="module", params=identity.LOCALES)
def built(request):
    locale = request.param
    customers = make_customers(locale, N)
    arc, truth = archive(np.random.default_rng(42), locale, customers, first_record_id=500)
    joined = truth.merge(customers, on="customer_id", how="left", suffixes=("", "_c"))
    assert (joined["record_id"].to_numpy() == arc["record_id"].to_numpy()).all()
    return locale, customers, arc, truth, joined


def digits(s: pd.Series, keep: int) -> pd.Series:
    return s.str.replace(r"\D", "", regex=True).str[-keep:]


def first_record(truth: pd.DataFrame) -> np.ndarray:
    """True for the first (earliest-numbered) record of each customer."""
    return ~truth["customer_id"].duplicated().to_numpy()


def phone_owner(built) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(present, own, row of the customer whose number it is or -1) per record."""
    locale, customers, arc, _, joined = built
    keep = 10 if locale == "en_US" else 11
    present = arc["phone"].notna().to_numpy()
    got = digits(arc["phone"], keep)
    own = (got == digits(joined["phone"], keep)).fillna(False).to_numpy()
    lookup = pd.Series(np.arange(len(customers)), index=digits(customers["phone"], keep))
    lookup = lookup[~lookup.index.duplicated()]
    owner = got.map(lookup).fillna(-1).to_numpy(dtype=np.int64)
    return present, own, owner


def std_postcode(locale: str, s: pd.Series) -> pd.Series:
    return s.str.split("-").str[0].str.zfill(5) if locale == "en_US" else s


# ---- structure -----------------------------------------------------------------------------


def test_columns_and_dtypes(built):
    _, _, arc, truth, _ = built
    assert list(arc.columns) == ["record_id", "source", "recorded_date", "name", "gender",
                                 "birth_date", "phone", "email", "province", "city", "address",
                                 "postcode"]
    assert arc["record_id"].dtype == np.int64
    assert pd.api.types.is_datetime64_dtype(arc["recorded_date"])
    for col in STRING_COLUMNS:
        assert isinstance(arc[col].dtype, pd.StringDtype), col
        assert arc[col].dtype.na_value is pd.NA, col
    assert list(truth.columns) == ["record_id", "customer_id"]
    assert truth["record_id"].dtype == np.int64 and truth["customer_id"].dtype == np.int64
    assert set(arc["source"]) == set(SOURCES)
    assert not arc[["record_id", "source", "recorded_date"]].isna().any().any()


def test_record_ids_consecutive(built):
    _, _, arc, truth, _ = built
    assert (arc["record_id"].to_numpy() == np.arange(500, 500 + len(arc))).all()
    assert (truth["record_id"] == arc["record_id"]).all()


def test_every_customer_present_and_duplicate_share(built):
    _, customers, arc, truth, _ = built
    assert set(truth["customer_id"]) == set(customers["customer_id"])
    per = truth["customer_id"].value_counts()
    assert per.max() == 3
    share = per.value_counts(normalize=True).reindex([1, 2, 3], fill_value=0)
    # documented: 1, 2, 3 records with probabilities 0.80, 0.15, 0.05
    assert 0.78 < share[1] < 0.82
    assert 0.135 < share[2] < 0.165
    assert 0.04 < share[3] < 0.06
    assert abs(len(arc) / len(customers) - 1.25) < 0.02


def test_records_are_shuffled(built):
    _, _, _, truth, _ = built
    cid = truth["customer_id"].to_numpy()
    # consecutive records of the same person would be ~36 % of the rows if not shuffled
    assert (cid[1:] == cid[:-1]).mean() < 0.002
    # and record order is unrelated to customer order
    assert abs(np.corrcoef(truth["record_id"], cid)[0, 1]) < 0.05
    first_seen = truth.drop_duplicates("customer_id")["customer_id"].to_numpy()
    assert not (np.diff(first_seen) > 0).all()


def test_customers_not_modified():
    customers = make_customers("zh_CN", 3_000)
    before = customers.copy(deep=True)
    archive(np.random.default_rng(1), "zh_CN", customers)
    pd.testing.assert_frame_equal(customers, before)


@pytest.mark.parametrize("locale", identity.LOCALES)
def test_determinism(locale):
    customers = make_customers(locale, 3_000)
    a = archive(np.random.default_rng(8), locale, customers)
    b = archive(np.random.default_rng(8), locale, customers)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    c = archive(np.random.default_rng(9), locale, customers)
    assert len(c[0]) != len(a[0]) or (c[1]["customer_id"] != a[1]["customer_id"]).mean() > 0.9


# ---- truth is right ------------------------------------------------------------------------


def test_phone_formats(built):
    locale, _, arc, _, joined = built
    # several formats of the same number, not one
    assert arc["phone"].str.replace(r"\d", "9", regex=True).nunique() >= 6
    assert (arc["phone"] == joined["phone"]).mean() < 0.5
    pattern = r"[2-9]\d\d[2-9]\d{6}" if locale == "en_US" else r"1[3-9]\d{9}"
    keep = 10 if locale == "en_US" else 11
    assert digits(arc["phone"], keep).dropna().str.fullmatch(pattern).all()


def test_phone_numbers_own_other_and_household(built):
    """Documented: own number 96 % / 84 %, another of theirs 0 % / 12 %, household 4 % / 4 %."""
    locale, customers, arc, truth, joined = built
    present, own, owner = phone_owner(built)
    first = first_record(truth)
    row = joined["customer_id"].to_numpy() - customers["customer_id"].iloc[0]
    household = present & ~own & (owner >= 0)
    other = present & ~own & (owner < 0)
    for mask, want_other in ((first, 0.0), (~first, OTHER_PHONE_RATE)):
        n = (present & mask).sum()
        assert abs(other[mask].sum() / n - want_other) < 0.02, (want_other, other[mask].sum() / n)
        assert abs(household[mask].sum() / n - HOUSEHOLD_PHONE_RATE) < 0.01
        assert abs(own[mask].sum() / n - (1 - want_other - HOUSEHOLD_PHONE_RATE)) < 0.02
    # a household member: another customer of the same city, the name stays the record's own
    assert (owner[household] != row[household]).all()
    city = customers["city"].to_numpy(dtype=object)
    assert (city[owner[household]] == city[row[household]]).mean() > 0.99
    names = customers["name"].to_numpy(dtype=object)
    record_name = arc["name"].to_numpy(dtype=object, na_value="")
    same_name = record_name[household] == names[owner[household]]
    assert same_name.mean() < 0.05
    # one other number per person: a person's records with another number agree
    keep = 10 if locale == "en_US" else 11
    frame = pd.DataFrame({"cid": truth["customer_id"][other],
                          "d": digits(arc["phone"], keep)[other]})
    per = frame.groupby("cid")["d"].agg(["size", "nunique"])
    assert (per["size"] > 1).sum() >= 5
    assert (per["nunique"] == 1).all()


def test_household_addresses(built):
    """Documented: 4 % of records carry the household member's address (same city)."""
    locale, customers, arc, _, joined = built
    present = arc["postcode"].notna()
    p = std_postcode(locale, arc.loc[present, "postcode"])
    moved = (p != joined.loc[present, "postcode"]).to_numpy()
    # a household member's postcode differs from one's own almost always
    assert abs(moved.mean() - HOUSEHOLD_ADDRESS_RATE) < 0.01
    # ... and it is the postcode of another customer of the same city
    known = set(zip(customers["city"], customers["postcode"]))
    pairs = zip(joined.loc[present, "city"].to_numpy()[moved], p.to_numpy()[moved])
    assert np.mean([pair in known for pair in pairs]) > 0.99
    # the rest of the record is the person's own: name and, mostly, phone
    names = (arc.loc[present, "name"] == joined.loc[present, "name"]).fillna(False).to_numpy()
    assert names[moved].mean() > 0.7


def test_reference_pipelines(built):
    """Phone blocking alone is fooled by households; a fuzzy name check restores precision."""
    locale, _, arc, truth, _ = built
    keep = 10 if locale == "en_US" else 11
    phone = digits(arc["phone"], keep)
    frame = pd.DataFrame({"key": phone, "i": np.arange(len(arc))}).dropna()
    pairs = frame.merge(frame, on="key")
    pairs = pairs[pairs["i_x"] < pairs["i_y"]]
    a, b = pairs["i_x"].to_numpy(), pairs["i_y"].to_numpy()
    cid = truth["customer_id"].to_numpy()
    same = cid[a] == cid[b]
    per = truth["customer_id"].value_counts()
    all_true = (per * (per - 1) // 2).sum()

    name = arc["name"].str.lower().str.replace(r"[^\w]", "", regex=True).fillna("")
    name = name.to_numpy(dtype=object)
    similar = cpdist(name[a], name[b], scorer=fuzz.ratio, workers=1) >= 80
    precision_phone, recall_phone = same.mean(), same.sum() / all_true
    precision_both, recall_both = same[similar].mean(), same[similar].sum() / all_true
    assert 0.6 < precision_phone < 0.97, precision_phone
    assert precision_both > precision_phone + 0.1, (precision_both, precision_phone)
    assert 0.5 < recall_phone < 0.8, recall_phone
    assert 0.4 < recall_both <= recall_phone


def test_birth_dates_parse_back_by_source(built):
    locale, _, arc, _, joined = built
    formats = {
        "en_US": {"store": "%Y-%m-%d", "webshop": "%Y-%m-%d", "call_centre": "%m/%d/%Y",
                  "event": "%m/%d/%Y", "survey": "%B %d, %Y"},
        "zh_CN": {"store": "%Y-%m-%d", "webshop": "%Y-%m-%d", "call_centre": "%Y年%m月%d日",
                  "event": "%Y/%m/%d", "survey": "%d/%m/%Y"},
    }[locale]
    ok = 0
    total = 0
    for source, fmt in formats.items():
        rows = (arc["source"] == source) & arc["birth_date"].notna()
        parsed = pd.to_datetime(arc.loc[rows, "birth_date"], format=fmt)  # raises if mixed
        ok += int((parsed.to_numpy() == joined.loc[rows, "birth_date"].to_numpy()).sum())
        total += int(rows.sum())
    # typing slips (a day or a year off) in 0.5 % of first and 4 % of extra records
    assert 0.98 < ok / total < 0.999


def test_gender_province_city_standardise_back(built):
    locale, _, arc, _, joined = built
    g = arc["gender"].str.lower().map({"f": "F", "female": "F", "女": "F", "女性": "F",
                                        "m": "M", "male": "M", "男": "M", "男性": "M"})
    present = arc["gender"].notna()
    assert g[present].notna().all()
    assert (g[present] == joined.loc[present, "gender"]).all()

    lookup = places.province_lookup(locale)
    present = arc["province"].notna()
    std = arc.loc[present, "province"].str.strip().str.casefold().map(lookup)
    # (a household member's address lies in the same city, almost always)
    assert (std == joined.loc[present, "province"]).mean() > 0.999
    assert arc.loc[present, "province"].nunique() > 2 * joined["province"].nunique()

    present = arc["city"].notna()
    if locale == "zh_CN":
        got = arc.loc[present, "city"].str.replace("市", "", regex=False)
        want = joined.loc[present, "city"].str.replace("市", "", regex=False)
    else:
        got = arc.loc[present, "city"].str.casefold()
        want = joined.loc[present, "city"].str.casefold()
    assert (got == want).mean() > 0.999


def test_addresses_and_postcodes_are_variants_of_the_truth(built):
    locale, _, arc, _, joined = built
    present = arc["address"].notna()
    a = arc.loc[present, "address"]
    b = joined.loc[present, "address"]
    if locale == "en_US":
        assert a.str.contains(r" (?:St|St\.|Ave|Ave\.|Rd|Dr|Ln)(?: |$)", regex=True).mean() > 0.2
        # the house number survives (it is never the typo's first character), except where
        # the address is a household member's
        same = a.str.extract(r"^(\d)")[0] == b.str.extract(r"^(\d)")[0]
        assert 0.95 < same.mean() < 0.99
    else:
        assert a.str.contains("#", regex=False).mean() > 0.05
        assert a.str.contains("[０-９]", regex=True).mean() > 0.02
        assert (a.str.len() > b.str.len()).mean() > 0.10  # province + city prefixed
        # undoing the variants gives back the master address (when no district was dropped)
        undo = (a.str.replace(r"[０-９]", lambda m: chr(ord(m.group(0)) - 0xFEE0), regex=True)
                 .str.replace("#", "号", regex=False))
        assert (undo.to_numpy(dtype=object) == b.to_numpy(dtype=object)).mean() > 0.5
    present = arc["postcode"].notna()
    p = arc.loc[present, "postcode"]
    c = joined.loc[present, "postcode"]
    # the household member's postcode in 4 % of the records
    assert 0.94 < (std_postcode(locale, p) == c).mean() < 0.98
    if locale == "en_US":
        # ZIP+4 from the webshop, leading zeros lost in the survey export
        assert p.str.fullmatch(r"\d{5}-\d{4}").any()
        assert (p.str.len() < 5).any()
    else:
        assert p.str.fullmatch(r"\d{6}").all()


def test_first_records_are_cleaner(built):
    _, _, arc, truth, joined = built
    first = ~truth["customer_id"].duplicated().to_numpy()  # earliest record id of each person
    exact = (arc["name"] == joined["name"]).fillna(False).to_numpy()
    assert exact[first].mean() > 0.94
    assert exact[~first].mean() < 0.75
    recorded = arc["recorded_date"].to_numpy()
    signup = joined["signup_date"].to_numpy()
    days = (recorded - signup).astype("timedelta64[D]").astype(np.int64)
    assert days.min() >= -60 and days.max() <= 730
    assert (recorded <= np.datetime64("2025-12-31")).all()


def test_emails_mostly_the_same_address(built):
    _, _, arc, _, joined = built
    present = arc["email"].notna()
    same = arc.loc[present, "email"].str.lower() == joined.loc[present, "email"]
    assert 0.9 < same.mean() < 0.99
    assert (arc.loc[present, "email"] == arc.loc[present, "email"].str.upper()).mean() > 0.02


def test_missing_rates(built):
    _, _, arc, _, _ = built
    rates = arc.isna().mean()
    for col in FIELDS:
        assert 0.03 <= rates[col] <= 0.10, (col, rates[col])
    assert 0 < rates["name"] <= 0.01


def test_naive_matching_is_much_worse_than_normalised(built):
    locale, _, arc, truth, _ = built
    keep = 10 if locale == "en_US" else 11

    def recall(key: pd.Series) -> float:
        frame = pd.DataFrame({"key": key, "cid": truth["customer_id"]}).dropna()
        pairs = frame.merge(frame, on="key")
        found = (pairs["cid_x"] == pairs["cid_y"]).sum() - len(frame)
        per = truth["customer_id"].value_counts()
        return found / (per * (per - 1)).sum()

    assert recall(arc["phone"]) < 0.40
    assert recall(digits(arc["phone"], keep)) > 0.55  # changed numbers and missing phones


def test_end_and_first_record_id():
    customers = make_customers("en_US", 2_000)
    arc, _ = archive(np.random.default_rng(3), "en_US", customers, first_record_id=1,
                     end="2019-06-30")
    assert arc["recorded_date"].max() <= pd.Timestamp("2019-06-30")
    assert arc["record_id"].iloc[0] == 1


def test_missing_values_in_customers_are_tolerated():
    customers = make_customers("zh_CN", 500)
    customers.loc[:49, "email"] = None
    customers.loc[50:99, "phone"] = None
    arc, truth = archive(np.random.default_rng(3), "zh_CN", customers)
    ids = set(customers["customer_id"].iloc[:50])
    assert arc.loc[truth["customer_id"].isin(ids).to_numpy(), "email"].isna().mean() > 0.8
    empty, empty_truth = archive(np.random.default_rng(3), "zh_CN", customers.iloc[:0])
    assert len(empty) == 0 and len(empty_truth) == 0 and list(empty.columns) == list(arc.columns)


def test_bad_arguments():
    customers = make_customers("en_US", 50)
    with pytest.raises(ParameterError, match="`locale`"):
        archive(np.random.default_rng(0), "de_DE", customers)
    with pytest.raises(ColumnError, match="signup_date"):
        archive(np.random.default_rng(0), "en_US", customers.drop(columns="signup_date"))
    with pytest.raises(ParameterError, match="`first_record_id`"):
        archive(np.random.default_rng(0), "en_US", customers, first_record_id=-1)


def test_zh_addresses_name_a_district_of_their_city():
    """Standardised back, a zh_CN record's address starts with a district of the record's
    city, except where the district was dropped (2 % of first, 8 % of extra records)."""
    from crmlab.profile.standardize import standardize_address, standardize_city

    customers = make_customers("zh_CN", 6_000)
    arc, truth = archive(np.random.default_rng(8), "zh_CN", customers)
    table = places.district_table("zh_CN")
    names = {c: tuple(g) for c, g in table.groupby("city")["district"]}
    everywhere = tuple(sorted(set(table["district"]), key=len, reverse=True))
    rows = arc["address"].notna() & arc["city"].notna()
    address = standardize_address(arc.loc[rows, "address"], "zh_CN")
    city = standardize_city(arc.loc[rows, "city"], "zh_CN")
    own = np.array([a.startswith(names[c]) for a, c in zip(address, city)])
    other = np.array([a.startswith(everywhere) for a in address])
    first = first_record(truth)[rows.to_numpy()]
    # a district of another city only where a road begins like one (e.g. 中山路 and 中山市's
    # towns do not collide; 北区 of Hong Kong and 北京路 do not either)
    assert (other & ~own).mean() < 0.002
    assert 0.96 < own[first].mean() < 0.99
    assert 0.88 < own[~first].mean() < 0.96
    # the raw addresses stay messy: prefixes, '#', full-width digits, missing districts
    raw = arc.loc[rows, "address"]
    assert raw.str.contains("#", regex=False).mean() > 0.05
    assert raw.str.contains("[０-９]", regex=True).mean() > 0.02
    assert (raw.str.startswith(tuple(places.province_table("zh_CN")["short"])).mean() > 0.05)
