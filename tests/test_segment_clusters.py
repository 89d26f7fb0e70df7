"""Data-driven segmentation: features, k-means, choosing k, profiles, names, agreement, explorer."""

from __future__ import annotations

import copy
import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import pandas as hpd

import crmlab
from crmlab.errors import ColumnError, CrmlabError, ParameterError, ParameterTypeError
from crmlab.segment import (
    choose_k,
    cluster_profiles,
    default_columns,
    feature_notes,
    kmeans_segments,
    name_clusters,
    pca_map,
    persona_agreement,
    profile_table,
    segment_silhouette,
    segment_sizes,
    segment_update,
    segmentation_features,
    snake_data,
)
from tests.conftest import company


@functools.lru_cache(maxsize=None)
def bundled():
    return crmlab.load_all()


@functools.lru_cache(maxsize=None)
def bundled_features():
    return segmentation_features(bundled())


def blobs() -> pd.DataFrame:
    """Three obvious groups on two features, with very different units; sizes 4, 3, 2."""
    return pd.DataFrame(
        {
            "spend": [10.0, 11.0, 12.0, 10.5, 500.0, 510.0, 505.0, 1000.0, 1010.0],
            "share": [0.10, 0.12, 0.11, 0.09, 0.50, 0.52, 0.51, 0.90, 0.91],
        },
        index=pd.Index([101, 102, 103, 104, 201, 202, 203, 301, 302], name="customer_id"),
    )


# ---------------------------------------------------------------- features
def test_segmentation_features_hand_worked():
    orders = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 2],
            "order_date": ["2024-01-01", "2024-01-10 18:30", "2024-01-10", "2024-01-05"],
            "amount": [10.0, 30.0, 20.0, 5.0],
            "channel": ["web", "web", "app", "store"],
            "category": ["home", "home", "home", "beauty"],
            "discount": [0.0, 0.1, 0.0, 0.2],
        }
    )
    raw = segmentation_features(orders, prior_orders=0)
    # as_of = the day after the last order = 2024-01-11; recency counts calendar days
    assert raw.index.name == "customer_id" and raw.index.tolist() == [1, 2]
    assert raw["recency_days"].tolist() == [1, 6]
    assert raw["frequency"].tolist() == [3, 1]
    assert raw["monetary"].tolist() == [60.0, 5.0]
    assert raw["mean_basket"].tolist() == [20.0, 5.0]
    assert raw["log_recency"].tolist() == pytest.approx([0.0, np.log(6)])
    assert raw["log_frequency"].tolist() == pytest.approx([np.log(3), 0.0])
    assert raw["log_monetary"].tolist() == pytest.approx([np.log(61), np.log(6)])
    assert raw["log_mean_basket"].tolist() == pytest.approx([np.log(21), np.log(6)])
    assert raw["discount_share"].tolist() == pytest.approx([1 / 3, 1.0])
    assert raw["channel_web"].tolist() == pytest.approx([2 / 3, 0.0])
    assert raw["category_home"].tolist() == pytest.approx([1.0, 0.0])
    # smoothing with 2 prior orders: overall web share 2/4 -> customer 1: (2 + 2·0.5) / (3 + 2) = 0.6
    smooth = segmentation_features(orders)
    assert smooth.loc[1, "channel_web"] == pytest.approx(0.6)
    # customer 2: discount 1 of 1, overall 2/4 -> (1 + 1) / 3
    assert smooth.loc[2, "discount_share"] == pytest.approx(2 / 3)
    channel_cols = [c for c in smooth.columns if c.startswith("channel_")]
    assert np.allclose(smooth[channel_cols].sum(axis=1), 1.0)


def test_segmentation_features_messy_rows_and_as_of():
    orders = pd.DataFrame(
        {
            "customer_id": [1, 1, None, 2, 2],
            "order_date": ["2024-01-01", "2024-02-01", "2024-01-01", None, "2024-03-01"],
            "amount": [10.0, 20.0, 5.0, 7.0, np.nan],
            "channel": ["web", None, "web", "web", "web"],
            "discount": [0.0, 0.1, 0.0, 0.0, 0.0],
        }
    )
    f = segmentation_features(orders, category=None, prior_orders=0, as_of="2024-01-15")
    # only customer 1's first order is usable before as_of
    assert f.index.tolist() == [1] and f.loc[1, "frequency"] == 1 and f.loc[1, "recency_days"] == 14
    g = segmentation_features(orders, category=None, prior_orders=0)
    # customer 1's second order has no channel: left out of the channel share only
    assert g.loc[1, "frequency"] == 2 and g.loc[1, "channel_web"] == 1.0 and g.loc[1, "discount_share"] == 0.5


def test_segmentation_features_from_a_dataset_adds_survey_expectations():
    data = company(1)
    f = segmentation_features(data)
    surveyed = data.surveys.groupby("customer_id")["expect_price"].mean()
    assert f["expect_price"].notna().sum() == surveyed.index.isin(f.index).sum()
    common = surveyed.index.intersection(f.index)
    assert np.allclose(f.loc[common, "expect_price"], surveyed.loc[common])
    assert "expect_price" not in segmentation_features(data.orders).columns


def test_segmentation_features_recomputed_on_simulated_data():
    data = company(2)
    every = data.orders
    f = segmentation_features(every, prior_orders=0)
    as_of = every["order_date"].max() + pd.Timedelta(days=1)
    orders = every[~every["returned"]]  # the purchases: a returned order is none (and adds no spend)
    last = orders.sort_values("order_date").drop_duplicates("customer_id", keep="last").set_index("customer_id")
    assert np.array_equal(f["recency_days"].to_numpy(), (as_of - last.loc[f.index, "order_date"]).dt.days.to_numpy())
    counts = orders["customer_id"].value_counts()
    assert np.array_equal(f["frequency"].to_numpy(), counts.loc[f.index].to_numpy())
    spend = orders.pivot_table(index="customer_id", values="amount", aggfunc="sum")["amount"]
    assert np.allclose(f["monetary"], spend.loc[f.index])
    app = (orders["channel"] == "app").groupby(orders["customer_id"]).mean()
    assert np.allclose(f["channel_app"], app.loc[f.index])
    disc = (orders["discount"] > 0).groupby(orders["customer_id"]).mean()
    assert np.allclose(f["discount_share"], disc.loc[f.index])
    # smoothing: (count + 2 p) / (n + 2) with p the overall share
    s = segmentation_features(every)
    p = (orders["channel"] == "app").mean()
    n = counts.loc[s.index].to_numpy()
    assert np.allclose(s["channel_app"], (app.loc[s.index].to_numpy() * n + 2 * p) / (n + 2))
    assert len(f) == orders["customer_id"].nunique()


def test_feature_notes_and_default_columns():
    f = bundled_features()
    notes = feature_notes(f)
    assert notes["feature"].tolist() == list(f.columns)
    assert (
        not notes.set_index("feature").loc[["recency_days", "frequency", "monetary", "mean_basket"], "cluster_on"].any()
    )
    assert notes.set_index("feature").loc[["log_recency", "discount_share", "channel_app"], "scale"].all()
    cols = default_columns(f)
    assert cols[0] == "discount_share" and cols[-2:] == ["log_mean_basket", "log_frequency"]
    assert {"channel_app", "channel_web", "channel_store", "channel_phone", "category_home"} <= set(cols)
    assert not any(c.startswith("expect_") or c in ("log_recency", "log_monetary") for c in cols)
    assert notes.loc[notes["default"], "feature"].tolist() == [c for c in f.columns if c in cols]


def test_segmentation_features_bad_input():
    orders = pd.DataFrame(
        {
            "customer_id": [1],
            "order_date": ["2024-01-01"],
            "amount": [1.0],
            "channel": ["web"],
            "category": ["home"],
            "discount": [0.0],
        }
    )
    with pytest.raises(ColumnError, match="discount"):
        segmentation_features(orders.assign(discount=[-0.1]))
    with pytest.raises(ColumnError, match="channel"):
        segmentation_features(orders.drop(columns="channel"))
    with pytest.raises(ParameterError, match="prior_orders"):
        segmentation_features(orders, prior_orders=-1)
    with pytest.raises(ParameterTypeError, match="data"):
        segmentation_features([1, 2])
    with pytest.raises(ParameterTypeError, match="channel"):
        segmentation_features(orders, channel=3)
    with pytest.raises(ColumnError, match="expect_"):
        segmentation_features(orders, pd.DataFrame({"customer_id": [1], "score": [3]}))
    with pytest.raises(ParameterError, match="different columns"):
        segmentation_features(orders, channel="category")


# ---------------------------------------------------------------- k-means
def test_kmeans_finds_the_obvious_clusters_numbered_by_size():
    f = blobs()
    labels, model = kmeans_segments(f, 3, ["spend", "share"])
    assert labels.name == "cluster" and labels.index.equals(f.index)
    # largest group (the 4 small spenders) is cluster 0, then the 3, then the 2
    assert labels.tolist() == [0, 0, 0, 0, 1, 1, 1, 2, 2]
    # the fitted pipeline uses the same numbering for new customers
    new = pd.DataFrame({"spend": [12.0, 1005.0], "share": [0.1, 0.9]})
    assert model.predict(new).tolist() == [0, 2]
    assert model.predict(f[["spend", "share"]]).tolist() == labels.tolist()
    # inertia by hand is positive and small compared with the spread
    assert 0 < model[-1].inertia_ < 1


def test_kmeans_scaling_matters():
    # x splits the customers into two tight groups; y (in thousands) is spread within both.
    f = pd.DataFrame({"x": [0.0, 0.01, 0.02, 1.0, 1.01, 1.02], "y": [0.0, 1000.0, 3000.0, 0.0, 1000.0, 3000.0]})
    # standardised: splitting on x leaves SS ≈ 6 (all of y's), splitting y at 3000 leaves 6 + 0.64
    scaled, _m = kmeans_segments(f, 2, ["x", "y"], scale=True)
    assert scaled.tolist() == [0, 0, 0, 1, 1, 1]
    # raw: y's units dominate; {0, 1000} vs {3000} leaves SS 4 × 500² = 1e6, the best split
    raw, _m = kmeans_segments(f, 2, ["x", "y"], scale=False)
    assert raw.tolist() == [0, 0, 1, 0, 0, 1]


def test_kmeans_is_deterministic_and_checks_k():
    f = bundled_features()
    a, _m = kmeans_segments(f, 4)
    b, _m = kmeans_segments(f, 4)
    assert a.equals(b)
    sizes = a.value_counts().sort_index()
    assert sizes.is_monotonic_decreasing  # numbered by size
    tiny = pd.DataFrame({"x": [1.0, 1.0, 2.0]})
    with pytest.raises(ParameterError, match="k"):
        kmeans_segments(tiny, 3, ["x"])  # only 2 distinct rows
    with pytest.raises(ParameterError, match="k"):
        kmeans_segments(tiny, 0, ["x"])
    with pytest.raises(ParameterTypeError, match="k"):
        kmeans_segments(tiny, 2.5, ["x"])
    assert kmeans_segments(tiny, 1, ["x"])[0].tolist() == [0, 0, 0]


def test_kmeans_bad_columns():
    f = blobs()
    with pytest.raises(ColumnError, match="nope"):
        kmeans_segments(f, 2, ["spend", "nope"])
    with pytest.raises(ColumnError, match="spend"):
        kmeans_segments(f.assign(spend=np.nan), 2, ["spend"])
    with pytest.raises(ColumnError, match="flag"):
        kmeans_segments(f.assign(flag=True), 2, ["flag"])
    with pytest.raises(ParameterError, match="columns"):
        kmeans_segments(f, 2, [])
    with pytest.raises(ParameterError, match="columns"):
        kmeans_segments(f, 2, ["spend", "spend"])
    with pytest.raises(ParameterTypeError, match="columns"):
        kmeans_segments(f, 2, "spend")
    with pytest.raises(ColumnError, match="default"):
        kmeans_segments(f, 2)  # none of the default columns
    with pytest.raises(ParameterTypeError, match="scale"):
        kmeans_segments(f, 2, ["spend"], scale="yes")
    with pytest.raises(ParameterTypeError, match="features"):
        kmeans_segments(f.to_numpy(), 2, ["spend"])


# ---------------------------------------------------------------- silhouette and choose_k
def test_silhouette_hand_worked():
    f = pd.DataFrame({"x": [0.0, 1.0, 5.0, 6.0]})
    # point 0: a = 1, b = (5 + 6) / 2 = 5.5, s = 4.5 / 5.5; point 1: a = 1, b = 4.5, s = 3.5 / 4.5
    expected = (4.5 / 5.5 + 3.5 / 4.5) / 2
    assert segment_silhouette(f, [0, 0, 1, 1], ["x"]) == pytest.approx(expected)
    assert segment_silhouette(f, pd.Series(["a", "a", "b", "b"]), ["x"], scale=False) == pytest.approx(expected)
    assert np.isnan(segment_silhouette(f, [0, 0, 0, 0], ["x"]))
    with pytest.raises(ParameterError, match="labels"):
        segment_silhouette(f, [0, 1], ["x"])


def test_choose_k_on_separable_data():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [10, 0], [0, 10], [10, 10]])
    x = np.vstack([c + rng.normal(0, 0.5, (30, 2)) for c in centres])
    f = pd.DataFrame(x, columns=["a", "b"])
    out = choose_k(f, [4, 2, 3, 5, 6, 1, 4], ["a", "b"])
    assert out.index.tolist() == [1, 2, 3, 4, 5, 6] and out.index.name == "k"
    assert out["inertia"].is_monotonic_decreasing
    assert np.isnan(out.loc[1, "silhouette"])
    assert out["silhouette"].idxmax() == 4
    # inertia at k = 1 is the total sum of squares of the standardised data: n × columns
    assert out.loc[1, "inertia"] == pytest.approx(len(f) * 2)
    with pytest.raises(ParameterError, match="ks"):
        choose_k(f, [], ["a", "b"])
    with pytest.raises(ParameterTypeError, match="ks"):
        choose_k(f, 3, ["a", "b"])


def test_choose_k_uses_a_fixed_sample():
    f = bundled_features()
    a = choose_k(f, [3, 4], sample_size=500)
    b = choose_k(f, [3, 4], sample_size=500)
    assert a.equals(b)
    labels, _m = kmeans_segments(f, 4)
    assert a.loc[4, "silhouette"] == pytest.approx(segment_silhouette(f, labels, sample_size=500))


# ---------------------------------------------------------------- profiles, sizes, snake, names
def test_cluster_profiles_hand_worked():
    f = pd.DataFrame({"spend": [20.0, 20.0, 100.0, 100.0], "visits": [1.0, 3.0, 2.0, 2.0]})
    p = cluster_profiles(f, [1, 1, 0, 0])
    assert list(p.columns) == ["cluster", "size", "share", "feature", "mean", "overall_mean", "relative", "z"]
    assert p["cluster"].tolist() == [0, 0, 1, 1] and p["feature"].tolist() == ["spend", "visits"] * 2
    spend = p[p["feature"] == "spend"].set_index("cluster")
    assert spend["mean"].tolist() == [100.0, 20.0] and spend["overall_mean"].tolist() == [60.0, 60.0]
    assert spend["relative"].tolist() == pytest.approx([2 / 3, -2 / 3])
    assert spend["z"].tolist() == pytest.approx([1.0, -1.0])  # std (ddof 0) = 40
    visits = p[p["feature"] == "visits"]
    assert visits["z"].tolist() == pytest.approx([0.0, 0.0])
    assert p["size"].tolist() == [2, 2, 2, 2] and p["share"].tolist() == [0.5] * 4
    t = profile_table(p)
    assert t.index.tolist() == [0, 1] and list(t.columns) == ["size", "share", "spend", "visits"]
    assert profile_table(p, "z").loc[0, "spend"] == pytest.approx(1.0)
    assert snake_data(p)["z"].tolist() == pytest.approx([1.0, 0.0, -1.0, 0.0])
    with pytest.raises(ParameterError, match="value"):
        profile_table(p, "median")


def test_cluster_profiles_invariants_on_bundled_data():
    f = bundled_features()
    labels, _m = kmeans_segments(f, 5)
    p = cluster_profiles(f, labels)
    t = profile_table(p)
    assert t["size"].sum() == len(f) and t["share"].sum() == pytest.approx(1.0)
    for col in ("log_monetary", "discount_share", "channel_app"):
        # size-weighted cluster means give back the overall mean
        assert (t[col] * t["size"]).sum() / len(f) == pytest.approx(f[col].mean())
        # z is the cluster mean of the standardised column
        z = (f[col] - f[col].mean()) / f[col].std(ddof=0)
        assert np.allclose(profile_table(p, "z")[col].to_numpy(), z.groupby(labels).mean().to_numpy())
    # survey columns: means skip customers never surveyed
    assert t["expect_price"].notna().all()


def test_the_explorers_table_of_means_is_profile_table():
    """segment_update reads the table of means off the profiles' layout instead of pivoting: it
    must be profile_table's, for integer and text clusters and features named like its columns."""
    from crmlab.segment.profiles import _wide_means

    f = bundled_features()
    labels, _m = kmeans_segments(f, 5)
    cases = [
        cluster_profiles(f, labels),
        cluster_profiles(f, labels, ["log_monetary", "channel_app"]),
        cluster_profiles(pd.DataFrame({"share": [1.0, 2.0, 4.0], "size": [3, 1, 2]}), ["b", "a", "b"]),
    ]
    for p in cases:
        pd.testing.assert_frame_equal(_wide_means(p), profile_table(p), check_exact=True)
    assert list(_wide_means(cases[2]).columns) == ["size", "share", "share", "size"]


def test_segment_sizes_hand_worked():
    out = segment_sizes(pd.Series(["b", "a", "b", None, "b"]))
    assert out.to_dict("list") == {"segment": ["a", "b"], "size": [1, 3], "share": [0.25, 0.75]}
    cat = pd.Series(pd.Categorical(["x"], categories=["y", "x"]))
    assert segment_sizes(cat)["size"].tolist() == [0, 1]
    with pytest.raises(ParameterError, match="labels"):
        segment_sizes([None])


def test_name_clusters_rules():
    f = pd.DataFrame(
        {
            "discount_share": [0.9, 0.8, 0.5, 0.6, 0.1, 0.1],
            "channel_app": [0.1, 0.1, 0.9, 0.9, 0.2, 0.2],
            "log_mean_basket": [3.0] * 6,  # constant: z = 0 everywhere
        }
    )
    names = name_clusters(cluster_profiles(f, [0, 0, 1, 1, 2, 2]))
    assert names["cluster"].tolist() == [0, 1, 2]
    # cluster 0: discount z = +1.16 -> bargain hunters; cluster 1: app z = +1.41 -> app shoppers;
    # cluster 2: low discount (-1.23) and low app (-0.71) have no rule -> average
    assert names["code"].tolist() == ["bargain_hunters", "app_shoppers", "average"]
    assert names.loc[0, "label"] == "Bargain hunters" and names.loc[0, "driver"] == "discount_share"
    assert names.loc[1, "also_code"] == ""  # cluster 1's discount z = +0.26 < 0.5
    # two clusters high on the same feature: the stronger takes the name, the other its next best
    z = {
        (0, "discount_share"): 1.5,
        (0, "channel_web"): 0.2,
        (1, "discount_share"): 1.0,
        (1, "channel_web"): 0.7,
        (2, "discount_share"): -0.5,
        (2, "channel_web"): 0.4,
    }
    hand = pd.DataFrame(
        [
            {
                "cluster": c,
                "size": 1,
                "share": 1 / 3,
                "feature": feat,
                "mean": 0.0,
                "overall_mean": 0.0,
                "relative": np.nan,
                "z": v,
            }
            for (c, feat), v in z.items()
        ]
    )
    names = name_clusters(hand)
    assert names["code"].tolist() == ["bargain_hunters", "web_shoppers", "average"]
    assert names["also_code"].tolist() == ["", "bargain_hunters", ""]
    assert names.loc[1, "z"] == 0.7 and np.isnan(names.loc[2, "z"])
    # with a lower threshold cluster 2 qualifies for "web shoppers", but cluster 1 holds that name
    assert name_clusters(hand, threshold=0.3)["code"].tolist() == ["bargain_hunters", "web_shoppers", "average"]
    assert name_clusters(hand, threshold=2.0)["code"].tolist() == ["average"] * 3
    g = pd.DataFrame({"discount_share": [0.9, 0.9, 0.7, 0.7, 0.0, 0.0]})
    with pytest.raises(ParameterError, match="threshold"):
        name_clusters(cluster_profiles(g, [0, 0, 1, 1, 2, 2]), threshold=-1)
    with pytest.raises(ColumnError, match="profiles"):
        name_clusters(g)


# ---------------------------------------------------------------- agreement
def test_persona_agreement_hand_worked():
    truth = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "persona": ["a", "a", "b", "b", "b"]})
    perfect = pd.Series([7, 7, 3, 3, 3], index=[1, 2, 3, 4, 5])
    result = persona_agreement(perfect.iloc[::-1], truth)  # alignment by id, not by position
    assert result.ari == pytest.approx(1.0) and result.n == 5 and np.isnan(result.match_share)
    assert result.crosstab.loc[7, "a"] == 2 and result.crosstab.loc[3, "b"] == 3 and result.crosstab.loc[3, "a"] == 0
    # labels equal to persona codes: match share; a customer without truth is skipped
    labels = pd.Series(["a", "b", "b", "b", "b", "a"], index=[1, 2, 3, 4, 5, 99])
    result = persona_agreement(labels, truth)
    assert result.n == 5 and result.match_share == pytest.approx(0.8)
    # ARI of {1}{2,3,4,5} vs {1,2}{3,4,5}: contingency [[1,0],[1,3]] → index ΣC(n_ij,2) = 3;
    # rows ΣC = 0 + 6, columns ΣC = 1 + 3, C(5,2) = 10 → expected 6·4/10 = 2.4, max (6+4)/2 = 5
    assert result.ari == pytest.approx((3 - 2.4) / (5 - 2.4))
    with pytest.raises(ParameterError, match="share no customer"):
        persona_agreement(pd.Series([1], index=[42]), truth)
    with pytest.raises(ParameterTypeError, match="labels"):
        persona_agreement([0, 1], truth)
    with pytest.raises(ColumnError, match="persona"):
        persona_agreement(perfect, truth.drop(columns="persona"))
    with pytest.raises(ParameterError, match="repeats"):
        persona_agreement(perfect, pd.concat([truth, truth]))


def test_the_adjusted_rand_index_is_scikit_learns_number():
    """persona_agreement computes the ARI from its contingency table, in integers, as
    scikit-learn does from the labels: the same float, bit for bit."""
    from sklearn.metrics import adjusted_rand_score

    from crmlab.segment.agreement import _adjusted_rand

    rng = np.random.default_rng(3)
    for trial in range(300):
        n = int(rng.integers(1, 80))
        segments = rng.integers(0, int(rng.integers(1, 7)), size=n)
        personas = segments.copy() if trial % 10 == 0 else rng.integers(0, int(rng.integers(1, 5)), size=n)
        ids = np.arange(n) * 3 + 1
        result = persona_agreement(pd.Series(segments, index=ids), pd.Series(personas, index=ids))
        assert result.ari == adjusted_rand_score(personas, segments)
        seg_codes, seg_values = pd.factorize(segments)
        per_codes, per_values = pd.factorize(personas)
        counts = np.zeros((len(seg_values), len(per_values)), dtype=np.int64)
        np.add.at(counts, (seg_codes, per_codes), 1)
        assert _adjusted_rand(counts) == _adjusted_rand(counts.T) == adjusted_rand_score(segments, personas)
    # a customer missing from one side or without a label is not compared
    truth = pd.Series(["a", "a", "b", "b"], index=[1, 2, 3, 4])
    result = persona_agreement(pd.Series([0.0, 0.0, 1.0, np.nan, 5.0], index=[1, 2, 3, 4, 9]), truth)
    assert result.n == 3 and result.ari == adjusted_rand_score(["a", "a", "b"], [0, 0, 1]) == 1.0


def test_kmeans_recovers_personas_far_above_chance():
    """Truth recovery: default features, k = 4, on the bundled data and two other companies."""
    data = bundled()
    labels, _m = kmeans_segments(bundled_features(), 4)
    result = persona_agreement(labels, data.truth_customers)
    # measured: ARI 0.37 on the bundled data (chance is 0)
    assert result.ari >= 0.3
    assert result.n == len(labels)
    for seed in (1, 2):
        other = company(seed)
        labels, _m = kmeans_segments(segmentation_features(other), 4)
        assert persona_agreement(labels, other.truth_customers).ari >= 0.2
    # value features (RFM) instead of needs features recover the personas less well
    rfm, _m = kmeans_segments(bundled_features(), 4, ["log_recency", "log_frequency", "log_monetary"])
    assert persona_agreement(rfm, data.truth_customers).ari < result.ari


# ---------------------------------------------------------------- explorer and map
def test_segment_update_returns_everything_consistently():
    f = bundled_features()
    cols = ["discount_share", "channel_app", "channel_store", "log_mean_basket"]
    out = segment_update(f, 3, cols, truth=bundled().truth_customers)
    assert set(out) >= {
        "k",
        "columns",
        "labels",
        "sizes",
        "profiles",
        "table",
        "snake",
        "names",
        "inertia",
        "silhouette",
        "ari",
        "crosstab",
        "match_share",
    }
    labels, model = kmeans_segments(f, 3, cols)
    assert out["labels"].equals(labels) and out["k"] == 3 and out["columns"] == cols
    assert out["inertia"] == pytest.approx(model[-1].inertia_)
    assert out["silhouette"] == pytest.approx(segment_silhouette(f, labels, cols))
    assert out["ari"] == pytest.approx(persona_agreement(labels, bundled().truth_customers).ari)
    assert out["sizes"]["size"].sum() == len(f) and int(out["crosstab"].to_numpy().sum()) == len(f)
    assert set(out["snake"]["feature"]) == set(cols) and len(out["names"]) == 3
    assert segment_update(f, 2, cols)["ari"] is None


def test_pca_map():
    f = blobs()
    m = pca_map(f, ["spend", "share"])
    assert list(m.columns) == ["pc1", "pc2"] and m.index.equals(f.index)
    assert sum(m.attrs["explained"]) == pytest.approx(1.0)
    assert m.attrs["explained"][0] > 0.9  # spend and share move together
    one = pca_map(f, ["spend"])
    assert (one["pc2"] == 0).all() and one.attrs["explained"] == pytest.approx([1.0, 0.0])


# ---------------------------------------------------------------- property-based
order_frames = hpd.data_frames(
    [
        hpd.column("customer_id", elements=st.one_of(st.integers(1, 4), st.none(), st.just("c"))),
        hpd.column(
            "order_date",
            elements=st.one_of(st.sampled_from(["2024-01-01", "2024-03-05", "2023-12-31 10:00", "no"]), st.none()),
        ),
        hpd.column("amount", elements=st.one_of(st.floats(-10, 100), st.just(float("nan")), st.just("x"))),
        hpd.column("channel", elements=st.one_of(st.sampled_from(["web", "app"]), st.none(), st.integers(0, 2))),
        hpd.column("category", elements=st.sampled_from(["home", "beauty"])),
        hpd.column(
            "discount", elements=st.one_of(st.sampled_from([0.0, 0.1, -0.1]), st.just(float("nan")), st.just("d"))
        ),
    ],
    index=hpd.range_indexes(min_size=0, max_size=10),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order_frames)
def test_features_only_raise_crmlab_errors_and_leave_input_alone(frame):
    before = copy.deepcopy(frame)
    try:
        f = segmentation_features(frame)
    except CrmlabError:
        pass
    else:
        assert f.index.is_unique and (f["frequency"] >= 1).all() and (f["recency_days"] >= 1).all()
        shares = f[[c for c in f.columns if c.startswith("channel_")]]
        if shares.shape[1]:  # one column per channel seen; none if no order names one
            assert np.allclose(shares.sum(axis=1), 1.0)
    pd.testing.assert_frame_equal(frame, before)


feature_frames = hpd.data_frames(
    [
        hpd.column("a", elements=st.one_of(st.floats(-5, 5), st.just(float("nan")), st.just(float("inf")))),
        hpd.column("b", elements=st.one_of(st.integers(-3, 3), st.just("s"))),
    ],
    index=hpd.range_indexes(min_size=0, max_size=12),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feature_frames, st.integers(0, 5), st.sampled_from([["a"], ["b"], ["a", "b"], None]))
def test_kmeans_only_raises_crmlab_errors_and_leaves_input_alone(frame, k, columns):
    before = copy.deepcopy(frame)
    try:
        labels, _m = kmeans_segments(frame, k, columns, n_init=1)
    except CrmlabError:
        pass
    else:
        assert len(labels) == len(frame) and labels.nunique() == k
        profiles = cluster_profiles(frame, labels, columns)
        assert profiles["size"].drop_duplicates().sum() <= len(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_silhouette_equals_scikit_learns_on_random_clusterings():
    """The silhouette is computed from a remembered distance matrix; it must be scikit-learn's
    number, for clusters of one too, and follow the points when they change."""
    from sklearn.metrics import silhouette_score

    from crmlab.segment.clusters import _silhouette

    rng = np.random.default_rng(7)
    for trial in range(60):
        n = int(rng.integers(5, 200))
        x = rng.normal(size=(n, int(rng.integers(1, 5))))
        x[: n // 3] += 3
        labels = rng.integers(0, int(rng.integers(2, 6)), size=n)
        if trial % 5 == 0:
            labels[0] = 99  # a cluster of one customer: s = 0 for them
        if len(np.unique(labels)) < 2:
            continue
        rows = np.arange(n)
        assert _silhouette(x, labels, rows) == pytest.approx(silhouette_score(x, labels), abs=1e-12)
        shifted = x * 2.0 + 1.0  # other points, other distances: not the remembered ones
        shifted[:, 0] **= 2
        assert _silhouette(shifted, labels, rows) == pytest.approx(silhouette_score(shifted, labels), abs=1e-12)


def test_small_data_runs_on_one_thread_and_the_limit_is_lifted_after():
    from threadpoolctl import threadpool_info

    from crmlab.segment.clusters import SINGLE_THREAD_ROWS, _threads

    before = {(p["internal_api"], p["filepath"]): p["num_threads"] for p in threadpool_info()}
    for _ in range(2):  # the pools are found once, then reused
        with _threads(5_000):
            inside = threadpool_info()
            assert inside and all(p["num_threads"] == 1 for p in inside)
        assert {(p["internal_api"], p["filepath"]): p["num_threads"] for p in threadpool_info()} == before
    with _threads(SINGLE_THREAD_ROWS + 1):
        assert {(p["internal_api"], p["filepath"]): p["num_threads"] for p in threadpool_info()} == before
