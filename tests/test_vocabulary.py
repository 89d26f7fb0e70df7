"""The vocabulary names every data code a student can see, once, in the right context.

Every code set the simulation defines and every code set an analysis returns is covered exactly
by one kind of :data:`crmlab.vocabulary.CODES`; every display name is marked ``NP_(kind, …)``
(Babel extracts it with its kind as context); :func:`crmlab.i18n.label` falls back sensibly for
codes it does not know and never guesses the meaning of an ambiguous code.
"""

from __future__ import annotations

import importlib

import pytest

from crmlab.i18n import label
from crmlab.vocabulary import ALIASES, CODES, lookup


def _simulation() -> dict[str, set]:
    """kind → codes, from the simulation's own tuples."""
    from crmlab.simulate import accounts, archive, config, population

    return {
        "persona": set(config.PERSONAS),
        "attribute": set(config.ATTRIBUTES),
        "order_channel": set(config.ORDER_CHANNELS),
        "category": set(config.CATEGORIES),
        "acquisition_channel": set(config.ACQUISITION_CHANNELS),
        "membership_tier": set(config.TIERS),
        "lifecycle_stage": set(config.STAGES),
        "complaint_category": set(config.COMPLAINT_CATEGORIES),
        "complaint_channel": set(config.COMPLAINT_CHANNELS),
        "complaint_step": set(config.COMPLAINT_STEPS),
        "resolution": set(config.RESOLUTIONS),
        "survey_method": set(config.SURVEY_METHODS),
        "campaign_channel": set(config.CAMPAIGN_CHANNELS),
        "education": set(population.EDUCATION),
        "occupation": set(population.OCCUPATION),
        "marital_status": set(population.MARITAL),
        "account_type": set(accounts.ACCOUNT_TYPES),
        "industry": set(accounts.INDUSTRIES),
        "loyalty": set(accounts.LOYALTY),
        "role": set(accounts.ROLES),
        "grade": {*accounts.GRADES, "ungraded"},  # accounts without a grade, in the credit pictures
        "source": set(archive.SOURCES),
    }


#: (table, column) of every categorical column of the data card → the kind of its codes.
SCHEMA_KINDS = {
    ("customers", "gender"): "gender",
    ("customers", "education"): "education",
    ("customers", "occupation"): "occupation",
    ("customers", "marital_status"): "marital_status",
    ("customers", "acquisition_channel"): "acquisition_channel",
    ("customers", "membership_tier"): "membership_tier",
    ("order_lines", "product"): "product",
    ("order_lines", "category"): "category",
    ("truth_baskets", "product"): "product",
    ("truth_baskets", "partner"): "product",
    ("orders", "channel"): "order_channel",
    ("orders", "category"): "category",
    ("surveys", "method"): "survey_method",
    ("complaints", "category"): "complaint_category",
    ("complaints", "channel"): "complaint_channel",
    ("complaints", "severity"): "severity",
    ("complaints", "resolution"): "resolution",
    ("complaint_steps", "step"): "complaint_step",
    ("campaigns", "channel"): "campaign_channel",
    ("accounts", "account_type"): "account_type",
    ("accounts", "industry"): "industry",
    ("accounts", "loyalty"): "loyalty",
    ("contacts", "gender"): "gender",
    ("contacts", "role"): "role",
    ("truth_customers", "persona"): "persona",
    ("truth_customers", "lifecycle_stage"): "lifecycle_stage",
    ("truth_accounts", "true_grade"): "grade",
}


def _analyses() -> dict[str, set]:
    """kind → codes, from the tuples and dicts of the analyses (and the capstone)."""
    from crmlab.segment.schemes import scheme_table

    def m(name):  # the module itself (a package may export a function of the same name)
        return importlib.import_module(f"crmlab.{name}")

    fivec, grades, matrices, payments, signals = (m(f"credit.{n}") for n in ("fivec", "grades", "matrices",
                                                                               "payments", "signals"))
    funnel, stages, churn = m("lifecycle.funnel"), m("lifecycle.stages"), m("lifecycle.signals")
    attitude, matrix, types = m("loyalty.attitude"), m("loyalty.matrix"), m("loyalty.types")
    duplicates, roles = m("profile.duplicates"), m("profile.roles")
    expectation, ipa, outcomes, promoters = (m(f"satisfaction.{n}") for n in ("expectation", "ipa", "outcomes",
                                                                               "promoters"))
    kotler, naming = m("segment.kotler"), m("segment.naming")
    abc, policy, segments = m("value.abc"), m("value.policy"), m("value.segments")
    capstone = m("widgets.capstone")

    contact = policy.visit_frequency(long=True)
    return {
        "tier": set(abc.DEFAULT_TIERS) | set(scheme_table("value")["code"]),
        "rfm_segment": set(segments.DEFAULT_SEGMENT_MAP),
        "staff_role": set(policy.ROLES),
        "contact": set(contact["contact"]),
        "next_action": {*policy.CONTACT_RULES, "churn_watch"},
        "grade": {*grades.GRADES, "ungraded"},
        "five_c": set(fivec.COMPONENTS) | set(fivec.HISTORY_WEIGHTS),
        "ageing_bucket": set(payments.AGEING_BUCKETS),
        "loyalty": set(matrices.LOYALTY_LEVELS),
        "size": set(matrices.SIZE_BANDS),
        "credit_policy": set(grades.GRADE_POLICY.values()),
        "strategy": set(matrices.LOYALTY_CREDIT_STRATEGY.values()) | set(matrices.LOYALTY_SIZE_STRATEGY.values()),
        "purchasing": set(signals.PURCHASING_CODES),
        "marketing_type": set(scheme_table("marketing_type")["code"]),
        "management_segment": set(scheme_table("management")["code"]),
        "time_segment": set(scheme_table("time")["code"]),
        "transaction_stage": set(scheme_table("transaction_stage")["code"]),
        "cluster_name": {code for _f, _d, code, _t in naming.NAMING_RULES} | {"average"},
        "kotler_level": set(kotler.LEVELS),
        "n_customers": set(kotler.kotler_matrix().index),
        "margin": set(kotler.kotler_matrix().columns),
        "stage": set(stages.STAGES),
        "funnel_stage": set(funnel.FUNNEL_STAGES),
        "signal": set(churn.SIGNALS),
        "prediction_method": {code for code, _colour in capstone._ERROR_SERIES},
        "outcome": set(expectation.OUTCOMES),
        "quadrant": set(ipa.QUADRANTS.values()),
        "nps_class": set(promoters.NPS_CLASSES),
        "handling": set(outcomes.HANDLING_CLASSES),
        "satisfaction_class": set(outcomes.SATISFACTION_CLASSES),
        "dick_basu": set(attitude.DICK_BASU.values()),
        "loyalty_cell": set(matrix.MATRIX_CELLS.values()),
        "loyalty_type": set(types.LOYALTY_TYPES),
        "role": set(roles.ROLES),
        "blocking_key": set(duplicates.BLOCKING_KEYS),
        "action": set(capstone.ACTIONS),
        "churn_risk": set(capstone.CHURN_RISKS),
        "satisfaction_band": set(capstone.SATISFACTION_BANDS),
        "group": {"all"},  # the one group of a result computed without groups
        "product": set(m("simulate.lines").PRODUCTS),
    }


def _sources() -> list[tuple[str, str, set]]:
    out = [("simulation", kind, codes) for kind, codes in _simulation().items()]
    out += [("analyses", kind, codes) for kind, codes in _analyses().items()]
    return out


@pytest.mark.parametrize(("source", "kind", "codes"), _sources(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_code_set_is_covered_exactly_by_its_kind(source, kind, codes):
    assert kind in CODES, f"no kind {kind!r} for the codes {sorted(codes)} of the {source}"
    assert set(CODES[kind]) == codes, f"{kind}: missing {sorted(codes - set(CODES[kind]))}, extra {sorted(set(CODES[kind]) - codes)}"


def test_every_categorical_column_of_the_data_card_has_its_kind():
    from crmlab.simulate.schema import all_tables

    found = {}
    for table, spec in all_tables().items():
        for column, kind, _text in spec["columns"]:
            if isinstance(kind, tuple):
                found[(table, column)] = set(kind[1])
    assert set(found) == set(SCHEMA_KINDS), "a categorical column without a kind (add it to SCHEMA_KINDS)"
    extra = {"grade": {"ungraded"}}  # a kind may name a code the pictures add (accounts without a grade)
    for where, codes in found.items():
        kind = SCHEMA_KINDS[where]
        assert set(CODES[kind]) - extra.get(kind, set()) == codes, where


def test_every_kind_has_a_source():
    """No kind is left over: each is checked against its source above (columns and tables below)."""
    claimed = {kind for _source, kind, _codes in _sources()} | set(SCHEMA_KINDS.values()) | {"column", "table"}
    assert set(CODES) == claimed


def test_the_tables_and_the_columns_pictures_show_are_named():
    from crmlab.plots.segment import _feature_text
    from crmlab.profile.summary import PROFILE_VARIABLES
    from crmlab.segment import features
    from crmlab.simulate.schema import all_tables
    from crmlab.widgets import lifecycle, loyalty, value

    assert set(CODES["table"]) == set(all_tables())
    dates = {col for spec in all_tables().values() for col, kind, _t in spec["columns"] if kind == "date"}
    shown = (
        dates
        | set(lifecycle.GROUP_COLUMNS)
        | set(loyalty.RATING_COLUMNS)
        | {v for names in PROFILE_VARIABLES.values() for v in names}
        | set(features._BASE)
        | set(features.NEEDS_FEATURES)
        | set(value._MEMBER_COLUMNS)
        | {"customer_id"}
    )
    assert shown - set(CODES["column"]) == set()
    # the per-value segmentation features are named from the kinds of their values
    assert _feature_text("channel_web") == "channel: web shop"
    assert _feature_text("category_home") == "category: home and living"
    assert _feature_text("expect_after_sales") == "expectation: after-sales service"


def _entries() -> list[tuple[str, str, str]]:
    return [(kind, code, name) for kind, names in CODES.items() for code, name in names.items()]


def test_every_display_name_is_a_plain_english_text():
    for kind, code, name in _entries():
        assert isinstance(code, str) and code, (kind, code)
        assert isinstance(name, str) and name.strip() == name and name, (kind, code, name)
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in name), f"{kind}:{code}: the Chinese term comes from the catalogue"


def test_every_display_name_is_extracted_in_its_kind():
    """``NP_(kind, name)`` with the kind as context: the translator sees each name where it is used."""
    from crmlab.i18n.catalogue import extract

    extracted = {(m.context, m.id) for m in extract() if m.id}
    missing = [(kind, name) for kind, _code, name in _entries() if (kind, name) not in extracted]
    assert missing == []


def test_aliases_point_at_kinds():
    assert set(ALIASES.values()) <= set(CODES)
    assert not set(ALIASES) & set(CODES)  # an alias never hides a kind


def test_label_names_codes_of_a_kind():
    assert label("web", "order_channel") == "web shop"
    assert label("after_sales", "attribute") == "after-sales service"
    assert label("days_over_90", "ageing_bucket") == "Over 90 days"
    assert label("quality_problem", "main_signal") == "quality problem"  # a column named unlike its kind
    assert label("hopeful", "cell") == "still hopeful"
    assert label("phone", "method") == "phone interview"  # nps(surveys, by="method")
    assert label("personal_rhythm", "method") == "personal rhythm"  # evaluate_next_purchase's column
    assert label("social_media", "channel") == "social media"


def test_label_falls_back_sensibly():
    assert label("no_such_code") == "no such code"  # unknown: shown as it is, `_` as spaces
    assert label("no_such_code", "order_channel") == "no such code"
    assert label(3) == "3" and label(2.5, "tier") == "2.5"
    assert label("web", "no_such_kind") == "web shop"  # an unknown kind: the code's only name
    assert label("2024-03", "cohort") == "2024-03"
    assert label("Beijing", "province") == "Beijing"  # data, not a code: as it is


def test_ambiguous_codes_are_not_guessed():
    # "none" is "not a member" as a membership tier and "No loyalty" for Dick & Basu
    assert lookup("none") is None and label("none") == "none"
    assert label("none", "membership_tier") == "not a member"
    assert label("none", "dick_basu") == "No loyalty"
    # "high" is a severity, a loyalty level, a margin … each named differently
    assert label("high") == "high" and label("high", "loyalty") == "high loyalty"
    assert label("current") == "current"  # not yet due (ageing) or current (transaction stage)
    assert label("current", "ageing_bucket") == "Not yet due"


def test_label_translates_in_the_kind_of_the_code(fake_translation):
    fake_translation({
        ("membership_tier", "not a member"): "非会员",
        ("dick_basu", "No loyalty"): "无忠诚",
        ("tier", "major"): "主要客户",
        ("size", "medium"): "中型",
        ("margin", "medium"): "中等利润",
    })
    assert label("none", "membership_tier") == "非会员"
    assert label("none", "dick_basu") == "无忠诚"
    assert label("none") == "none"  # ambiguous: not silently given either meaning
    assert label("major", "tier") == label("major") == "主要客户"  # unambiguous without a kind too
    assert label("medium", "size") == "中型" and label("medium", "margin") == "中等利润"
    assert label("medium") == "medium"
