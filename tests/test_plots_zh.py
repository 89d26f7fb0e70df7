"""Every picture of crmlab.plots, drawn in Chinese: no missing glyph, no English word left.

Each case draws one public picture function on the bundled course data (what ``crmlab.generate()``
makes by default) — en_US data, and zh_CN data where the data itself is shown (names of places,
records of the archive) — with the language set to zh_CN, and checks

(a) that drawing it gives no matplotlib "Glyph … missing from font" warning (the CJK font is put
    behind the default one; skipped, with the reason, only where no CJK font is installed), and
(b) that no displayed text — titles, axis and tick labels, legends, annotations, colour-bar
    labels — still holds an English word (3 or more ASCII letters, apart from the technical
    tokens of :data:`tests.zh_texts.TECHNICAL` and numbers).

(b) is checked twice: with a made-up complete catalogue that translates every message Babel
extracts by a Chinese placeholder — it proves every text a picture shows is marked where it is
written, and every data code goes through the vocabulary — and with the real zh_CN catalogue:
it proves the translation is complete.
"""

from __future__ import annotations

import functools
import importlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import crmlab  # noqa: E402
from crmlab import credit, lifecycle, loyalty, plots, profile, satisfaction, segment, value  # noqa: E402

from .zh_texts import (  # noqa: E402
    drawing,
    figure_texts,
    has_cjk_font,
    leftovers,
    placeholder_catalogue,
)

AS_OF = "2026-01-01"


@functools.lru_cache(maxsize=None)
def company(locale: str = "en_US"):
    return crmlab.load_all(locale)


@functools.lru_cache(maxsize=None)
def computed(locale: str = "en_US") -> dict:
    """The analysis results the pictures draw, computed once per locale."""
    d = company(locale)
    orders, customers = d["orders"], d["customers"]
    scores = value.rfm_scores(value.rfm(orders))
    stages = lifecycle.lifecycle_stage(orders)
    col = credit.collection(d["invoices"])
    five = credit.five_c(d["accounts"], col)
    grades = credit.credit_grades(five)
    features = segment.segmentation_features(d)
    k4 = segment.segment_update(features, 4, truth=d["truth_customers"])
    scored = profile.score_pairs(d["archive"], locale=locale)
    return {
        "scores": scores,
        "stages": stages,
        "flags": lifecycle.churn_flags(orders),
        "signals": lifecycle.churn_signals(d),
        "collection": col,
        "five_c": five,
        "grades": grades,
        "features": features,
        "k4": k4,
        "curve": profile.threshold_curve(scored, d["truth_archive"]),
        "summary": profile.profile_summary(customers, as_of=AS_OF),
    }


def _cases() -> list[tuple[str, str, str, object]]:
    """(id, picture function, locale, draw(ax, data, results))."""
    both = ("en_US", "zh_CN")
    en = ("en_US",)
    out = []

    def case(name, func, draw, locales=en):
        for locale in locales:
            out.append((f"{name}-{locale}", func, locale, draw))

    # -- value
    case("pareto", "plot_pareto", lambda ax, d, r: plots.plot_pareto(value.pareto(d["orders"]), ax=ax))
    case("abc_pyramid", "plot_abc_pyramid",
         lambda ax, d, r: plots.plot_abc_pyramid(value.abc_summary(value.abc(d["orders"])), ax=ax))
    case("rfm_heatmap_mean", "plot_rfm_heatmap", lambda ax, d, r: plots.plot_rfm_heatmap(r["scores"], ax=ax))
    case("rfm_heatmap_count", "plot_rfm_heatmap",
         lambda ax, d, r: plots.plot_rfm_heatmap(r["scores"], stat="count", ax=ax))
    case("rfm_segments", "plot_rfm_segments",
         lambda ax, d, r: plots.plot_rfm_segments(value.rfm_segments(r["scores"]), ax=ax))
    # -- lifecycle
    case("cohort_heatmap", "plot_cohort_heatmap",
         lambda ax, d, r: plots.plot_cohort_heatmap(lifecycle.cohort_retention(d["orders"], period="Q"), ax=ax))
    case("cohort_curves", "plot_cohort_curves",
         lambda ax, d, r: plots.plot_cohort_curves(lifecycle.cohort_retention(d["orders"], period="Q"), ax=ax))
    case("development_funnel", "plot_development_funnel", lambda ax, d, r: plots.plot_development_funnel(
        lifecycle.development_funnel(d["orders"], d["customers"], d["surveys"], suspects=8000), ax=ax))
    case("churn_rate_channel", "plot_churn_rate", lambda ax, d, r: plots.plot_churn_rate(
        lifecycle.churn_rate(r["flags"], "acquisition_channel", groups=d["customers"]), ax=ax))
    case("churn_rate_signal", "plot_churn_rate", lambda ax, d, r: plots.plot_churn_rate(
        lifecycle.churn_rate(r["flags"], "main_signal", groups=r["signals"]), ax=ax))
    case("churn_rate_all", "plot_churn_rate",
         lambda ax, d, r: plots.plot_churn_rate(lifecycle.churn_rate(r["flags"]), ax=ax))
    case("survival_tier", "plot_survival", lambda ax, d, r: plots.plot_survival(
        lifecycle.survival_curve(d["orders"], by="membership_tier", groups=d["customers"]), band=True,
        kind="membership_tier", ax=ax))
    case("survival_all", "plot_survival",
         lambda ax, d, r: plots.plot_survival(lifecycle.survival_curve(d["orders"]), ax=ax))
    case("stage_mix_tier", "plot_stage_mix", lambda ax, d, r: plots.plot_stage_mix(
        lifecycle.stage_mix(r["stages"], "membership_tier", groups=d["customers"]), ax=ax))
    case("stage_mix_all", "plot_stage_mix",
         lambda ax, d, r: plots.plot_stage_mix(lifecycle.stage_mix(r["stages"]), ax=ax))
    # -- satisfaction
    case("disconfirmation", "plot_disconfirmation", lambda ax, d, r: plots.plot_disconfirmation(
        satisfaction.disconfirmation_summary(d["surveys"]), ax=ax))
    case("ipa", "plot_ipa",
         lambda ax, d, r: plots.plot_ipa(satisfaction.importance_performance(d["surveys"]), ax=ax))
    case("nps", "plot_nps", lambda ax, d, r: plots.plot_nps(satisfaction.nps(d["surveys"]), ax=ax))
    case("nps_method", "plot_nps",
         lambda ax, d, r: plots.plot_nps(satisfaction.nps(d["surveys"], by="method"), ax=ax, kind="survey_method"))
    case("complaint_funnel", "plot_complaint_funnel", lambda ax, d, r: plots.plot_complaint_funnel(
        satisfaction.complaint_funnel(d["complaints"], d["complaint_steps"]), ax=ax))
    case("complaint_funnel_by", "plot_complaint_funnel", lambda ax, d, r: plots.plot_complaint_funnel(
        satisfaction.complaint_funnel(d["complaints"], d["complaint_steps"], by="severity"), ax=ax))
    case("handling_times", "plot_handling_times", lambda ax, d, r: plots.plot_handling_times(
        satisfaction.handling_times(d["complaint_steps"], d["complaints"]), ax=ax))
    case("handling_times_by", "plot_handling_times", lambda ax, d, r: plots.plot_handling_times(
        satisfaction.handling_times(d["complaint_steps"], d["complaints"], by="channel"), ax=ax))
    # -- loyalty
    case("loyalty_matrix", "plot_loyalty_matrix",
         lambda ax, d, r: plots.plot_loyalty_matrix(loyalty.loyalty_matrix(d["surveys"]), ax=ax))
    case("satisfaction_loyalty", "plot_satisfaction_loyalty", lambda ax, d, r: plots.plot_satisfaction_loyalty(
        loyalty.satisfaction_loyalty_curve(d["surveys"]), loyalty.satisfaction_trap(d["surveys"]), ax=ax))
    case("dick_basu", "plot_dick_basu",
         lambda ax, d, r: plots.plot_dick_basu(loyalty.dick_basu_from_data(d["surveys"], d["orders"]), ax=ax))
    # -- profile (the archive's records and the customers' places are data: both locales)
    case("completeness", "plot_completeness",
         lambda ax, d, r: plots.plot_completeness(profile.completeness(d["archive"]), ax=ax), both)
    case("completeness_by_source", "plot_completeness", lambda ax, d, r: plots.plot_completeness(
        profile.completeness(d["archive"], by="source"), ax=ax), both)
    case("match_quality", "plot_match_quality",
         lambda ax, d, r: plots.plot_match_quality(r["curve"], profile.DEFAULT_THRESHOLD, ax=ax), both)
    for variable in ("age_band", "gender", "education", "occupation", "marital_status", "household_size",
                     "acquisition_channel"):
        case(f"profile_{variable}", "plot_profile",
             lambda ax, d, r, v=variable: plots.plot_profile(r["summary"], v, ax=ax), both)
    for variable in ("province", "city"):  # place names are data: shown as they are, Chinese in zh_CN
        case(f"profile_{variable}", "plot_profile",
             lambda ax, d, r, v=variable: plots.plot_profile(r["summary"], v, ax=ax), ("zh_CN",))
    case("age_pyramid", "plot_age_pyramid",
         lambda ax, d, r: plots.plot_age_pyramid(profile.age_pyramid(d["customers"], as_of=AS_OF), ax=ax), both)
    case("buying_centre", "plot_buying_centre",
         lambda ax, d, r: plots.plot_buying_centre(profile.buying_centre(d["contacts"]), ax=ax), both)
    # -- credit
    case("grade_mix", "plot_grade_mix", lambda ax, d, r: plots.plot_grade_mix(
        credit.receivables_at_risk(d["invoices"], r["grades"]), ax=ax))
    case("five_c", "plot_five_c", lambda ax, d, r: plots.plot_five_c(r["five_c"], r["grades"], ax=ax))
    case("collection_by_grade", "plot_collection_by_grade", lambda ax, d, r: plots.plot_collection_by_grade(
        credit.collection_by_grade(r["collection"], r["grades"]), ax=ax))
    case("ageing", "plot_ageing", lambda ax, d, r: plots.plot_ageing(credit.ageing(d["invoices"]), ax=ax))
    case("ageing_by_grade", "plot_ageing",
         lambda ax, d, r: plots.plot_ageing(credit.ageing(d["invoices"]), r["grades"], ax=ax))
    case("loyalty_credit", "plot_loyalty_credit", lambda ax, d, r: plots.plot_loyalty_credit(
        credit.loyalty_credit_matrix(d["accounts"], r["grades"]), ax=ax))
    case("loyalty_size", "plot_loyalty_credit", lambda ax, d, r: plots.plot_loyalty_credit(
        credit.loyalty_size_matrix(d["accounts"], values="row_share"), ax=ax))
    # -- segmentation
    case("elbow", "plot_elbow",
         lambda ax, d, r: plots.plot_elbow(segment.choose_k(r["features"], range(2, 6), sample_size=500), ax=ax))
    case("segment_sizes_clusters", "plot_segment_sizes",
         lambda ax, d, r: plots.plot_segment_sizes(r["k4"]["sizes"], r["k4"]["names"], ax=ax))
    case("segment_sizes_tiers", "plot_segment_sizes", lambda ax, d, r: plots.plot_segment_sizes(
        segment.segment_sizes(segment.value_segments(d["orders"])["segment"]), ax=ax, kind="tier"))
    case("segment_sizes_types", "plot_segment_sizes", lambda ax, d, r: plots.plot_segment_sizes(
        segment.segment_sizes(segment.marketing_type(r["features"])["segment"]), ax=ax, kind="marketing_type"))
    case("snake", "plot_snake", lambda ax, d, r: plots.plot_snake(r["k4"]["snake"], r["k4"]["names"], ax=ax))
    case("cluster_scatter_pca", "plot_cluster_scatter", lambda ax, d, r: plots.plot_cluster_scatter(
        r["features"], r["k4"]["labels"], names=r["k4"]["names"], sample=500, ax=ax))
    case("cluster_scatter_xy", "plot_cluster_scatter", lambda ax, d, r: plots.plot_cluster_scatter(
        r["features"], r["k4"]["labels"], x="discount_share", y="channel_app", sample=500, ax=ax))
    case("kotler_matrix", "plot_kotler_matrix", lambda ax, d, r: plots.plot_kotler_matrix(ax=ax))
    # -- basket analysis
    case("rules", "plot_rules", lambda ax, d, r: plots.plot_rules(*_basket(d), ax=ax))
    return out


def _basket(d):
    from crmlab.basket import association_rules

    rules = association_rules(d["order_lines"], d["orders"], min_support=0.002, min_confidence=0.05)
    return rules, d["truth_baskets"]


CASES = _cases()


def _public_pictures() -> set[str]:
    return {name for area in plots.AREAS for name in importlib.import_module(f"crmlab.plots.{area}").__all__}


def test_every_public_picture_has_a_case():
    assert {func for _id, func, _locale, _draw in CASES} == _public_pictures()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _draw(locale: str, draw):
    fig, ax = plt.subplots()
    assert draw(ax, company(locale), computed(locale)) is ax
    return fig


def _parameters(marks=()):
    return [pytest.param(locale, draw, id=case_id, marks=marks) for case_id, _func, locale, draw in CASES]


@pytest.mark.parametrize(("locale", "draw"), _parameters())
def test_every_text_is_marked_and_every_code_named(locale, draw, fake_translation):
    """With a complete (made-up) Chinese catalogue, no English word reaches the picture, and
    every Chinese character is drawn."""
    fake_translation(placeholder_catalogue(), language="zh_CN")
    fig = _draw(locale, draw)
    missing = drawing(fig)
    found = leftovers(figure_texts(fig))
    assert found == [], "\n".join(found)
    if has_cjk_font():
        assert missing == [], missing[:5]


@pytest.mark.parametrize(("locale", "draw"), _parameters())
def test_no_glyph_is_missing_in_chinese(locale, draw):
    """(a) With the real zh_CN catalogue: every character of the picture is drawn."""
    if not has_cjk_font():
        pytest.skip("no CJK font installed (CI installs fonts-wqy-microhei): Chinese text cannot be drawn")
    crmlab.set_language("zh_CN")
    fig = _draw(locale, draw)
    missing = drawing(fig)
    assert missing == [], missing[:5]


@pytest.mark.parametrize(("locale", "draw"), _parameters())
def test_no_english_is_left_in_chinese(locale, draw):
    """(b) With the real zh_CN catalogue: no English word is left in the picture."""
    crmlab.set_language("zh_CN")
    fig = _draw(locale, draw)
    drawing(fig)
    found = leftovers(figure_texts(fig))
    assert found == [], "\n".join(found)
