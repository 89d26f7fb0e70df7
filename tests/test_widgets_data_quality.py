"""Lesson 01 explorer: match threshold and blocking keys → duplicates found, precision, recall."""

from __future__ import annotations

import time

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import crmlab
from crmlab import profile
from crmlab.errors import CrmlabError
from crmlab.widgets.data_quality import (
    data_quality_explorer,
    data_quality_scores,
    data_quality_update,
)

# records 1, 2, 3 are person 7; records 4, 5 are person 8: 3 + 1 = 4 true pairs
TRUTH = pd.DataFrame({"record_id": [1, 2, 3, 4, 5], "customer_id": [7, 7, 7, 8, 8]})
SCORED = pd.DataFrame({
    "record_id_1": [1, 2, 3, 4],
    "record_id_2": [2, 3, 4, 5],
    "blocks": ["phone", "email", "name_city", "phone+email"],
    "score": [90.0, 60.0, 75.0, 80.0],
})


@pytest.fixture(scope="module")
def bundled():
    archive = crmlab.load("archive")
    truth = crmlab.load("truth_archive")
    return archive, truth, data_quality_scores(archive)


@pytest.fixture(scope="module")
def explorer():
    return data_quality_explorer()


# ------------------------------------------------------------------ hand-worked answers


def test_threshold_70_on_a_tiny_archive():
    r = data_quality_update(SCORED, TRUTH, 70)
    # matched: (1,2) right, (3,4) wrong, (4,5) right; missed (1,3), (2,3)
    assert (r["candidates"], r["matched"], r["tp"], r["fp"], r["fn"]) == (4, 3, 2, 1, 2)
    assert r["precision"] == pytest.approx(2 / 3) and r["recall"] == pytest.approx(0.5)
    assert r["records_merged"] == 3  # {1, 2} and {3, 4, 5}: 5 records → 2 persons
    assert r["table"].iloc[:, 0].tolist() == [4, 3, 2, 1, 2, 4]


def test_a_lower_threshold_finds_more_and_merges_everything():
    r = data_quality_update(SCORED, TRUTH, 50)
    assert (r["matched"], r["tp"], r["fp"]) == (4, 3, 1)
    assert r["recall"] == pytest.approx(0.75)
    assert r["records_merged"] == 4  # one chain 1-2-3-4-5


def test_blocking_keeps_only_pairs_sharing_a_chosen_key():
    r = data_quality_update(SCORED, TRUTH, 70, ["email"])
    assert r["candidates"] == 2  # (2,3) "email" and (4,5) "phone+email"
    assert (r["matched"], r["tp"], r["fp"]) == (1, 1, 0)
    assert r["precision"] == 1.0 and r["recall"] == pytest.approx(0.25)
    assert r["records_merged"] == 1


def test_nothing_matched_gives_no_precision_and_no_merge():
    r = data_quality_update(SCORED, TRUTH, 100)
    assert r["matched"] == 0 and np.isnan(r["precision"]) and r["recall"] == 0.0
    assert r["records_merged"] == 0


def test_the_curve_contains_the_current_threshold():
    r = data_quality_update(SCORED, TRUTH, 72.5)
    row = r["curve"].set_index("threshold").loc[72.5]
    assert row["precision"] == pytest.approx(r["precision"])
    assert row["recall"] == pytest.approx(r["recall"])


@pytest.mark.parametrize("kwargs, message", [
    ({"threshold": 120}, "threshold"),
    ({"threshold": 70, "blocking": []}, "at least one blocking key"),
    ({"threshold": 70, "blocking": ["zip"]}, "blocking"),
])
def test_bad_parameters_raise_crmlab_errors(kwargs, message):
    with pytest.raises(CrmlabError, match=message):
        data_quality_update(SCORED, TRUTH, **kwargs)


def test_blocking_needs_the_blocks_column():
    with pytest.raises(CrmlabError, match="blocks"):
        data_quality_update(SCORED.drop(columns="blocks"), TRUTH, 70, ["phone"])


# ------------------------------------------------------------------ agreement with crmlab.profile


def test_default_keys_agree_with_score_pairs_and_match_quality(bundled):
    archive, truth, scored = bundled
    r = data_quality_update(scored, truth, profile.DEFAULT_THRESHOLD, profile.DEFAULT_BLOCKING)
    direct = profile.find_duplicates(archive, threshold=profile.DEFAULT_THRESHOLD)
    q = profile.match_quality(direct, truth).iloc[0]
    assert r["candidates"] == len(direct)
    assert (r["matched"], r["tp"], r["fp"], r["fn"]) == (q["predicted_pairs"], q["tp"], q["fp"], q["fn"])
    assert r["precision"] == pytest.approx(q["precision"]) and r["recall"] == pytest.approx(q["recall"])
    clusters = profile.cluster_duplicates(direct, archive)
    assert r["records_merged"] == len(archive) - clusters["person_key"].nunique()


@pytest.mark.parametrize("key", ["phone", "birth_surname"])
def test_one_key_agrees_with_scoring_on_that_key_alone(bundled, key):
    archive, truth, scored = bundled
    r = data_quality_update(scored, truth, 80, [key])
    alone = profile.score_pairs(archive, blocking=[key])
    assert r["candidates"] == len(alone)
    q = profile.match_quality(profile.matches(alone, 80), truth).iloc[0]
    assert r["tp"] == q["tp"] and r["fp"] == q["fp"]


def test_curve_agrees_with_threshold_curve(bundled):
    _, truth, scored = bundled
    r = data_quality_update(scored, truth, 70)
    expected = profile.threshold_curve(scored, truth)
    got = r["curve"][r["curve"]["threshold"].isin(expected["threshold"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)


def test_matching_beats_exact_comparison_on_the_bundled_data(bundled):
    archive, truth, scored = bundled
    r = data_quality_update(scored, truth)
    naive = profile.match_quality(profile.exact_duplicates(archive), truth).iloc[0]
    assert r["recall"] > 0.9 > 0.1 > naive["recall"]


# ------------------------------------------------------------------ wiring


def test_default_threshold_and_keys(explorer):
    c = explorer.controls
    assert c["threshold"].value == profile.DEFAULT_THRESHOLD
    assert tuple(c["blocking"].value) == tuple(profile.DEFAULT_BLOCKING)
    assert explorer.result["threshold"] == profile.DEFAULT_THRESHOLD
    assert "precision" in explorer.summary.value and "<table" in explorer.table.value


def test_raising_the_threshold_finds_fewer_pairs_with_higher_precision(explorer):
    c = explorer.controls
    c["threshold"].value = 40.0
    low = explorer.result
    c["threshold"].value = 90.0
    high = explorer.result
    assert high["threshold"] == 90.0
    assert high["matched"] < low["matched"] and high["precision"] > low["precision"]
    assert high["recall"] < low["recall"]
    c["threshold"].value = profile.DEFAULT_THRESHOLD


def test_fewer_blocking_keys_compare_fewer_pairs(explorer):
    c = explorer.controls
    before = explorer.result["candidates"]
    c["blocking"].value = ("phone",)
    assert explorer.result["blocking"] == ("phone",)
    assert explorer.result["candidates"] < before
    c["blocking"].value = tuple(profile.DEFAULT_BLOCKING)
    assert explorer.result["candidates"] == before


def test_no_blocking_key_shows_an_error_and_keeps_the_last_result(explorer):
    c = explorer.controls
    last = explorer.result
    c["blocking"].value = ()
    assert "blocking key" in explorer.error.value
    assert explorer.result is last
    c["blocking"].value = tuple(profile.DEFAULT_BLOCKING)
    assert explorer.error.value == ""


def test_data_without_the_tables_is_refused():
    with pytest.raises(CrmlabError, match="archive"):
        data_quality_explorer({"orders": pd.DataFrame()})


def test_explorer_accepts_a_dataset_mapping():
    view = data_quality_explorer({"archive": crmlab.load("archive").head(600),
                                  "truth_archive": crmlab.load("truth_archive")})
    assert view.result["candidates"] > 0


def test_it_is_listed_for_lesson_01():
    import crmlab.widgets as widgets

    assert "data_quality_explorer" in widgets.lesson_explorers()["01"]
    assert widgets.data_quality_explorer is data_quality_explorer


# ------------------------------------------------------------------ speed (reported, not asserted)


def test_report_p95_update_time(bundled, explorer):
    _, truth, scored = bundled
    thresholds = np.linspace(30, 95, 20)
    pure = []
    for t in thresholds:
        start = time.perf_counter()
        data_quality_update(scored, truth, float(t), profile.DEFAULT_BLOCKING)
        pure.append(time.perf_counter() - start)
    explorer.timings.clear()
    for t in thresholds:
        explorer.controls["threshold"].value = float(round(t))
    explorer.controls["threshold"].value = profile.DEFAULT_THRESHOLD
    print(f"\ndata_quality_update p95: {1000 * np.percentile(pure, 95):.1f} ms; "
          f"explorer move incl. drawing p95: {1000 * np.percentile(explorer.timings, 95):.1f} ms")
