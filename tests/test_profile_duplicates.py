"""Tests of de-duplication: blocking, scores, clusters, quality, golden records."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.profile import (
    DEFAULT_THRESHOLD,
    cluster_duplicates,
    exact_duplicates,
    find_duplicates,
    golden_records,
    match_quality,
    matches,
    score_pairs,
    standardize,
    threshold_curve,
)
from tests.conftest import company


@pytest.fixture(scope="module", params=["en_US", "zh_CN"])
def bundled(request):
    locale = request.param
    archive = crmlab.load("archive", locale)
    truth = crmlab.load("truth_archive", locale)
    return locale, archive, truth, score_pairs(archive)


def true_pairs(truth: pd.DataFrame) -> set:
    out = set()
    for ids in truth.groupby("customer_id")["record_id"]:
        out.update(itertools.combinations(sorted(ids[1]), 2))
    return out


# --- hand-worked -----------------------------------------------------------------------------

HAND = pd.DataFrame({
    "record_id": [1, 2, 3, 4, 5],
    "name": ["Ann Lee", "LEE, ANN", "Bob Ray", None, None],
    "birth_date": ["1990-01-02", "01/03/1990", "1990-01-02", None, None],
    "phone": ["555-201-0000", "(555) 201-0000", "555-301-0000", "555-401-0000", "555.401.0000"],
    "email": ["ann@x.com", "ann@y.com", None, None, None],
    "city": ["Boston", "BOSTON", "Boston", None, None],
    "gender": ["F", "female", "M", None, None],
})


def test_score_pairs_hand_worked():
    before = HAND.copy(deep=True)
    s = score_pairs(HAND, locale="en_US")
    pd.testing.assert_frame_equal(HAND, before)
    assert s[["record_id_1", "record_id_2"]].values.tolist() == [[1, 2], [4, 5]]
    first = s.iloc[0]
    # name 100 (word order, case), birth one day apart 80, phone 100, e-mail 0, city 100,
    # gender 100; weights 4, 3, 1, 1, 1, 1: (400 + 240 + 100 + 0 + 100 + 100) / 11
    assert first["blocks"] == "phone+name_city"
    assert first["sim_name"] == 100 and first["sim_birth_date"] == 80 and first["sim_email"] == 0
    assert first["score"] == pytest.approx(round(940 / 11, 2))
    # only the phone can be compared: 100 · 1 / max(1, 6)
    assert s.iloc[1]["score"] == pytest.approx(round(100 / 6, 2))
    assert np.isnan(s.iloc[1]["sim_name"])
    assert list(s.columns) == ["record_id_1", "record_id_2", "blocks", "sim_name",
                               "sim_birth_date", "sim_phone", "sim_email", "sim_city",
                               "sim_gender", "score"]


def test_blocking_choice_changes_candidates():
    only_email = score_pairs(HAND, locale="en_US", blocking=["email"])
    assert len(only_email) == 0
    birth = score_pairs(HAND.assign(birth_date=["1990-01-02"] * 3 + [None, None]),
                        locale="en_US", blocking="birth_surname")
    # same birth date, but Ray ≠ Lee: only 1–2 share the surname initial
    assert birth[["record_id_1", "record_id_2"]].values.tolist() == [[1, 2]]


def test_weights_change_the_score():
    s = score_pairs(HAND, locale="en_US", weights={"name": 1, "email": 1})
    # name 100, e-mail 0, divided by max(2, 6)
    assert s.iloc[0]["score"] == pytest.approx(round(100 / 6, 2))
    assert "sim_phone" not in s.columns


def test_max_block_skips_big_blocks():
    raw = pd.DataFrame({"record_id": range(5), "phone": ["555-201-0000"] * 5})
    assert len(score_pairs(raw, locale="en_US")) == 10
    small = score_pairs(raw, locale="en_US", max_block=4)
    assert len(small) == 0 and small.attrs["skipped_blocks"]["phone"] == 1


def test_matches_and_find_duplicates():
    s = score_pairs(HAND, locale="en_US")
    m = matches(s, 80)
    assert m["is_match"].tolist() == [True, False]
    assert "is_match" not in s.columns
    assert matches(s, 0)["is_match"].all()
    f = find_duplicates(HAND, locale="en_US", threshold=80)
    pd.testing.assert_frame_equal(f, m)


def test_cluster_duplicates_transitive():
    p = pd.DataFrame({"record_id_1": [1, 2, 4], "record_id_2": [2, 3, 5],
                      "is_match": [True, True, False]})
    out = cluster_duplicates(p, [1, 2, 3, 4, 5, 6])
    assert out["record_id"].tolist() == [1, 2, 3, 4, 5, 6]
    assert out["person_key"].tolist() == [1, 1, 1, 4, 5, 6]
    assert out["cluster_size"].tolist() == [3, 3, 3, 1, 1, 1]
    # without records: only matched records; without is_match every pair counts
    assert cluster_duplicates(p)["record_id"].tolist() == [1, 2, 3]
    assert cluster_duplicates(p[["record_id_1", "record_id_2"]])["person_key"].tolist() == [1, 1, 1, 4, 4]


def test_cluster_duplicates_string_ids():
    p = pd.DataFrame({"record_id_1": ["b"], "record_id_2": ["a"]})
    assert cluster_duplicates(p, pd.DataFrame({"record_id": ["a", "b", "c"]}))[
        "person_key"].tolist() == ["a", "a", "c"]


def test_exact_duplicates_hand():
    raw = pd.DataFrame({"record_id": [3, 1, 2, 4], "phone": ["1", "1", " 1", None],
                        "name": ["A", "A", "A", None]})
    assert exact_duplicates(raw, on=["phone", "name"])[["record_id_1", "record_id_2"]
                                                       ].values.tolist() == [[1, 3]]
    assert len(exact_duplicates(raw, on="name")) == 3


def test_match_quality_pairs_and_clusters_hand():
    truth = pd.DataFrame({"record_id": [1, 2, 3, 4], "customer_id": [7, 7, 7, 8]})
    pairs = pd.DataFrame({"record_id_1": [1, 3, 2], "record_id_2": [2, 4, 1]})  # (2,1) repeats
    q = match_quality(pairs, truth).iloc[0]
    assert (q["tp"], q["fp"], q["fn"], q["true_pairs"]) == (1, 1, 2, 3)
    assert q["precision"] == 0.5 and q["recall"] == pytest.approx(1 / 3)
    assert q["f1"] == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    flagged = pairs.assign(is_match=[True, False, True])
    assert match_quality(flagged, truth).iloc[0]["precision"] == 1.0
    clusters = pd.DataFrame({"record_id": [1, 2, 3, 4], "person_key": [1, 1, 1, 1]})
    c = match_quality(clusters, truth).iloc[0]
    assert (c["predicted_pairs"], c["tp"], c["recall"]) == (6, 3, 1.0)
    empty = match_quality(pairs.iloc[:0], truth).iloc[0]
    assert np.isnan(empty["precision"]) and empty["recall"] == 0


def test_threshold_curve_hand():
    truth = pd.DataFrame({"record_id": [1, 2, 3], "customer_id": [7, 7, 8]})
    s = pd.DataFrame({"record_id_1": [1, 2], "record_id_2": [2, 3], "score": [90.0, 60.0]})
    c = threshold_curve(s, truth, [80, 50, 95])
    assert c["threshold"].tolist() == [50, 80, 95]
    assert c["precision"].tolist()[:2] == [0.5, 1.0] and np.isnan(c["precision"].iloc[2])
    assert c["recall"].tolist() == [1.0, 1.0, 0.0]
    clustered = threshold_curve(s, truth, [50], clustered=True).iloc[0]
    assert (clustered["predicted_pairs"], clustered["tp"]) == (3, 1)


def test_golden_records_hand():
    raw = pd.DataFrame({
        "record_id": [1, 2, 3, 4],
        "recorded_date": ["2023-01-01", "2024-01-01", "2025-01-01", "2024-06-01"],
        "name": ["ann lee", "Ann Lee", "Ann Lea", "Bob Ray"],
        "birth_date": ["1990-01-02", "1990-01-03", None, "1980-05-05"],
        "phone": ["555-201-0000", None, "555-301-0000", None],
    })
    clusters = pd.DataFrame({"record_id": [1, 2, 3], "person_key": [1, 1, 1]})
    g = golden_records(raw, clusters, locale="en_US")
    assert g["person_key"].tolist() == [1, 4]  # record 4 is a person of its own
    first = g.iloc[0]
    assert first["name"] == "Ann Lee"                               # 2 of 3
    assert first["birth_date"] == pd.Timestamp("1990-01-03")        # tie: the newer record
    assert first["phone"] == "5553010000"                           # most recent present
    assert first["record_ids"] == [1, 2, 3] and first["n_records"] == 3
    assert first["last_recorded"] == pd.Timestamp("2025-01-01")
    assert pd.isna(g.iloc[1]["phone"])


# --- the bundled data: truth recovery --------------------------------------------------------


def test_truth_recovery(bundled):
    locale, archive, truth, scored = bundled
    pairs = matches(scored, DEFAULT_THRESHOLD)
    q = match_quality(pairs, truth).iloc[0]
    assert q["precision"] >= 0.97 and q["recall"] >= 0.95, (locale, q.to_dict())
    clusters = cluster_duplicates(pairs, archive)
    qc = match_quality(clusters, truth).iloc[0]
    assert qc["precision"] >= 0.97 and qc["recall"] >= 0.95, (locale, qc.to_dict())
    # the naive exact match on raw fields is far worse
    for on in (("name", "birth_date", "phone", "email"), ("name", "phone"), ("phone",)):
        naive = match_quality(exact_duplicates(archive, on=on), truth).iloc[0]
        assert naive["recall"] < 0.3 and naive["f1"] < q["f1"] - 0.5, (on, naive.to_dict())


def test_quality_recomputed_independently(bundled):
    _, archive, truth, scored = bundled
    tp_set = true_pairs(truth)
    pairs = matches(scored, 60)
    predicted = {(a, b) for a, b, m in zip(pairs.record_id_1, pairs.record_id_2, pairs.is_match) if m}
    q = match_quality(pairs, truth).iloc[0]
    assert q["tp"] == len(predicted & tp_set)
    assert q["fp"] == len(predicted - tp_set)
    assert q["fn"] == len(tp_set - predicted)
    curve = threshold_curve(scored, truth, [60]).iloc[0]
    assert curve[["tp", "fp", "fn"]].tolist() == [q["tp"], q["fp"], q["fn"]]
    # clusters: pairs inside each cluster, counted by brute force
    clusters = cluster_duplicates(pairs, archive)
    inside = set()
    for members in clusters.groupby("person_key")["record_id"]:
        inside.update(itertools.combinations(sorted(members[1]), 2))
    qc = match_quality(clusters, truth).iloc[0]
    assert (qc["tp"], qc["fp"]) == (len(inside & tp_set), len(inside - tp_set))


def test_scored_pairs_invariants(bundled):
    locale, archive, _, scored = bundled
    assert (scored["record_id_1"] < scored["record_id_2"]).all()
    assert not scored.duplicated(["record_id_1", "record_id_2"]).any()
    assert scored["score"].between(0, 100).all()
    sims = scored.filter(like="sim_")
    assert ((sims >= 0) & (sims <= 100) | sims.isna()).all().all()
    # every pair really shares each key it lists
    std = standardize(archive, locale).set_index("record_id")
    phone = scored[scored["blocks"].str.contains("phone")]
    assert (std.loc[phone.record_id_1, "phone_std"].to_numpy()
            == std.loc[phone.record_id_2, "phone_std"].to_numpy()).all()
    email = scored[scored["blocks"].str.contains("email")]
    assert (std.loc[email.record_id_1, "email_std"].to_numpy()
            == std.loc[email.record_id_2, "email_std"].to_numpy()).all()
    # and pairs not listing "phone" do not share a phone
    other = scored[~scored["blocks"].str.contains("phone")]
    a = std.loc[other.record_id_1, "phone_std"].to_numpy(dtype=object)
    b = std.loc[other.record_id_2, "phone_std"].to_numpy(dtype=object)
    assert not any(x == y for x, y in zip(a, b) if x is not None and not pd.isna(x))


def test_clusters_partition_the_archive(bundled):
    _, archive, _, scored = bundled
    clusters = cluster_duplicates(matches(scored), archive)
    assert sorted(clusters["record_id"]) == sorted(archive["record_id"])
    sizes = clusters.groupby("person_key")["record_id"].size()
    assert (clusters["cluster_size"].to_numpy() == sizes.loc[clusters["person_key"]].to_numpy()).all()
    assert (clusters.groupby("person_key")["record_id"].min() == sizes.index).all()


def test_golden_records_recover_people(bundled):
    locale, archive, truth, scored = bundled
    clusters = cluster_duplicates(matches(scored), archive)
    golden = golden_records(archive, clusters, locale=locale)
    customers = crmlab.load("customers", locale)
    assert golden["n_records"].sum() == len(archive)
    assert abs(len(golden) - len(customers)) <= 0.01 * len(customers)
    # the person behind each golden record: its records' customer (unique for ≥ 99 %)
    who = clusters.merge(truth, on="record_id").groupby("person_key")["customer_id"]
    assert (who.nunique() == 1).mean() >= 0.99
    cid = who.first().reindex(golden["person_key"]).to_numpy()
    master = customers.set_index("customer_id").loc[cid].reset_index(drop=True)
    same_birth = (golden["birth_date"] == master["birth_date"])[golden["birth_date"].notna()]
    assert same_birth.mean() >= 0.97
    same_city = (golden["city"].to_numpy(dtype=object) == master["city"].to_numpy(dtype=object))
    assert same_city[golden["city"].notna().to_numpy()].mean() >= 0.97


def test_pairs_grow_linearly():
    small = company(0, customers=1500)
    big = company(0, customers=3000)
    ratio = len(score_pairs(big.archive)) / len(score_pairs(small.archive))
    assert 1.6 <= ratio <= 2.5


# --- bad input -------------------------------------------------------------------------------


def test_errors():
    with pytest.raises(ColumnError, match="record_id"):
        score_pairs(HAND.drop(columns="record_id"))
    with pytest.raises(ColumnError, match="unique"):
        score_pairs(HAND.assign(record_id=[1, 1, 2, 3, 4]))
    with pytest.raises(ColumnError, match="missing"):
        score_pairs(HAND.assign(record_id=[1, None, 2, 3, 4]))
    with pytest.raises(ParameterError, match="blocking"):
        score_pairs(HAND, blocking=["shoe_size"])
    with pytest.raises(ParameterError, match="blocking"):
        score_pairs(HAND, blocking=[])
    with pytest.raises(ParameterError, match="weights"):
        score_pairs(HAND, weights={"shoe_size": 1})
    with pytest.raises(ParameterError, match="weights"):
        score_pairs(HAND, weights={"name": -1})
    with pytest.raises(ParameterError, match="max_block"):
        score_pairs(HAND, max_block=1)
    with pytest.raises(ColumnError, match="blocking key"):
        score_pairs(HAND[["record_id", "gender"]])
    with pytest.raises(ParameterError, match="threshold"):
        find_duplicates(HAND, threshold=101)
    with pytest.raises(ParameterTypeError, match="threshold"):
        matches(score_pairs(HAND, locale="en_US"), "high")
    with pytest.raises(ColumnError, match="score"):
        matches(pd.DataFrame({"record_id_1": [1], "record_id_2": [2]}))
    with pytest.raises(ColumnError, match="is_match"):
        cluster_duplicates(pd.DataFrame({"record_id_1": [1], "record_id_2": [2], "is_match": ["y"]}))
    with pytest.raises(ParameterTypeError, match="records"):
        cluster_duplicates(pd.DataFrame({"record_id_1": [1], "record_id_2": [2]}), records=5)
    truth = pd.DataFrame({"record_id": [1, 2], "customer_id": [1, 1]})
    with pytest.raises(ColumnError, match="pairs"):
        match_quality(pd.DataFrame({"x": [1]}), truth)
    with pytest.raises(ColumnError, match="unique"):
        match_quality(pd.DataFrame({"record_id_1": [1], "record_id_2": [2]}),
                      pd.DataFrame({"record_id": [1, 1], "customer_id": [1, 2]}))
    with pytest.raises(ParameterError, match="thresholds"):
        threshold_curve(pd.DataFrame({"record_id_1": [1], "record_id_2": [2], "score": [1.0]}),
                        truth, [150])
    with pytest.raises(ParameterError, match="ignored"):
        threshold_curve(pd.DataFrame({"record_id_1": [1], "record_id_2": [2], "score": [1.0]}),
                        truth, locale="en_US")
    with pytest.raises(ColumnError, match="person_key"):
        golden_records(HAND, pd.DataFrame({"record_id": [1]}))
    with pytest.raises(ParameterError, match="on"):
        exact_duplicates(HAND, on=[])
