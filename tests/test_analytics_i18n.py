"""Every text the analytics packages show is marked for translation and reaches the reader.

With a stand-in catalogue that maps *every* message Babel extracts from crmlab to a Chinese
placeholder ("中" + its index), each reading table of the analytics packages must show no
English word in its prose columns: a word left over is a text nobody marked. Code columns stay
the codes they are in English. A few representative errors show that the messages are
translated with their placeholders filled in.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from crmlab import credit, profile, value
from crmlab import segment as seg
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError
from crmlab.i18n import _
from crmlab.lifecycle import CHURN_FEATURES, development_funnel
from crmlab.satisfaction import indicators

WORD = re.compile(r"[A-Za-z]{3,}")
#: Technical tokens that are the same in every language.
TECHNICAL = {"RFM", "NPS", "ACSI", "ABC", "CLV", "IPA"}



@pytest.fixture(scope="module")
def placeholders() -> dict:
    """Every extracted message (with its context) → "中<index>"."""
    from crmlab.i18n.catalogue import extract

    table = {}
    for i, message in enumerate(m for m in extract() if m.id):
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        for msgid in ids:
            table[(message.context, msgid) if message.context else msgid] = f"中{i}"
    return table


def english_words(values, allowed=()) -> set[str]:
    found = set()
    for v in values:
        if isinstance(v, str):
            found |= {w for w in WORD.findall(v) if w not in TECHNICAL and w not in allowed}
    return found


def _orders():
    return pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 1, 2, 2, 3],
            "order_date": pd.to_datetime(
                ["2023-01-05", "2023-06-01", "2024-02-01", "2024-05-01", "2023-03-01", "2024-04-01", "2024-06-01"]
            ),
            "amount": [10.0, 20.0, 30.0, 40.0, 15.0, 25.0, 5.0],
            "returned": [False, True, False, False, False, False, False],
        }
    )


def _reading_tables() -> dict[str, tuple[pd.DataFrame, list[str], list[str]]]:
    """name → (table, prose columns, code columns); ``"*"`` = every column is prose."""
    orders = _orders()
    complaints = pd.DataFrame({"customer_id": [1, 3], "opened_date": pd.to_datetime(["2024-01-10", "2024-06-02"])})
    surveys = pd.DataFrame(
        {"customer_id": [1, 2], "survey_date": pd.to_datetime(["2024-03-01", "2024-03-02"]), "recommend": [10, 4]}
    )
    customers = pd.DataFrame({"customer_id": [1, 2, 3], "membership_tier": ["gold", "none", "none"]})
    features = pd.DataFrame(
        {
            "discount_share": [0.9, 0.8, 0.1, 0.0, 0.5, 0.4],
            "channel_app": [0.1, 0.2, 0.9, 0.9, 0.5, 0.4],
            "category_beauty": [0.0, 0.1, 0.2, 0.1, 0.9, 0.8],
            "log_frequency": [1.0, 1.1, 2.0, 2.1, 0.2, 0.1],
        }
    )
    profiles = seg.cluster_profiles(features, [0, 0, 1, 1, 2, 2])
    notes_frame = pd.DataFrame(
        columns=[
            "recency_days", "frequency", "monetary", "mean_basket", "log_recency", "log_frequency",
            "log_monetary", "log_mean_basket", "discount_share", "channel_web", "category_home",
            "expect_after_sales",
        ]
    )
    tables = {
        "value.service_policy": (value.service_policy(), ["policy"], ["abc_class"]),
        "value.visit_frequency": (value.visit_frequency(), ["*"], []),
        "value.visit_frequency(long)": (value.visit_frequency(long=True), ["text"], ["abc_class", "role", "contact"]),
        "value.contact_rules": (value.contact_rules(), ["text"], []),
        "value.segment_guide": (value.segment_guide(), ["description"], []),
        "credit.grade_policy": (credit.grade_policy(), ["terms", "description"], ["policy"]),
        "credit.matrix_strategies": (credit.matrix_strategies(), ["description"], []),
        "credit.review_triggers": (credit.review_triggers(), ["description", "how_to_detect"], ["trigger"]),
        "segment.kotler_matrix(labels)": (seg.kotler_matrix(labels=True), ["*"], []),
        "segment.feature_notes": (seg.feature_notes(notes_frame), ["meaning", "unit"], ["feature"]),
        "segment.name_clusters": (seg.name_clusters(profiles), ["label", "also_label"], ["code", "driver", "also_code"]),
        "profile.profile_fields": (
            profile.profile_fields(), ["group_name", "description"], ["kind", "group", "field", "column"]
        ),
        "profile.data_sources": (
            profile.data_sources(), ["name", "examples"], ["source", "origin", "kind", "archive_source"]
        ),
        "profile.role_descriptions": (profile.role_descriptions(), ["name", "description"], ["role", "term_zh"]),
        "satisfaction.indicators": (
            indicators(orders, complaints, surveys), ["name", "unit", "definition"], ["indicator"]
        ),
        "lifecycle.development_funnel": (
            development_funnel(orders, customers, surveys, suspects=100, prospects=50, partners=[1]),
            ["rule"],
            ["stage"],
        ),
    }
    for name in seg.SCHEMES:
        tables[f"segment.scheme_table({name})"] = (seg.scheme_table(name), ["label", "description", "rule"], ["code"])
    return tables


def _prose(table: pd.DataFrame, columns: list[str]) -> list:
    if columns == ["*"]:
        return table.to_numpy().ravel().tolist()
    return [v for c in columns for v in table[c].tolist()]


def test_every_reading_table_is_translated_and_keeps_its_codes(fake_translation, placeholders):
    english = _reading_tables()
    # the English tables do hold English prose: the check below can fail
    assert english_words(_prose(*english["credit.grade_policy"][:2]))
    fake_translation(placeholders)
    translated = _reading_tables()
    left = {}
    for name, (table, prose, codes) in translated.items():
        words = english_words(_prose(table, prose))
        if words:
            left[name] = sorted(words)
        before = english[name][0]
        assert table.index.tolist() == before.index.tolist(), name
        assert table.columns.tolist() == before.columns.tolist(), name
        for c in codes:
            assert table[c].tolist() == before[c].tolist(), (name, c)
        assert english_words(_prose(before, prose)), name  # there was English prose to translate
        for c in prose if prose != ["*"] else []:  # each English text became a translation
            worded = before[c].map(lambda v: bool(english_words([v]))).to_numpy(dtype=bool)
            assert table.loc[worded, c].astype(str).str.startswith("中").all(), (name, c)
    assert left == {}


def test_display_names_of_codes_follow_the_translation(fake_translation, placeholders):
    fake_translation(placeholders)
    guide = value.segment_guide()
    for code, name in guide["name"].items():
        assert name.startswith("中"), code
    grid = value.segment_map_table(display=True)
    for cell in grid.to_numpy().ravel():
        for part in cell.split(" / "):
            assert part.startswith("中")
    assert value.segment_map_table().loc[5, 5] == "champions"  # without display: codes


def test_data_card_descriptions_and_feature_notes_are_marked(fake_translation, placeholders):
    from crmlab.simulate.accounts import SCHEMA
    from crmlab.simulate.schema import TABLES, TRUTH

    texts = [spec["about"] for spec in {**TABLES, **TRUTH, **SCHEMA}.values()]
    texts += [text for spec in {**TABLES, **TRUTH, **SCHEMA}.values() for _c, _k, text in spec["columns"]]
    texts += list(CHURN_FEATURES.values())
    assert len(texts) > 150 and english_words(texts)
    fake_translation(placeholders)
    shown = [_(t) for t in texts]
    assert english_words(shown) == set()
    assert all(s.startswith("中") for s in shown)


def test_complaint_steps_text_of_the_data_card_lists_the_steps():
    from crmlab.simulate.config import COMPLAINT_STEPS
    from crmlab.simulate.schema import TABLES

    about = TABLES["complaint_steps"]["about"]
    assert about == "One row per completed handling step of a complaint: " + " → ".join(COMPLAINT_STEPS) + "."


def test_scheme_labels_are_translated_in_their_own_context(fake_translation):
    fake_translation(
        {
            ("segment scheme: value", "Major"): "主要客户",
            ("segment scheme: kotler_levels", "Basic"): "基本型",
            ("segment scheme: bonds", "Social"): "社交层次",
            "Individuals who buy for their own use.": "为自用而购买的个人。",
        }
    )
    assert seg.scheme_table("value").set_index("code").loc["major", "label"] == "主要客户"
    assert seg.scheme_table("kotler_levels").set_index("code").loc["basic", "label"] == "基本型"
    bonds = seg.scheme_table("bonds").set_index("code")
    assert bonds.loc["social", "label"] == "社交层次" and bonds.loc["financial", "label"] == "Financial"
    assert seg.scheme_table("relationship").set_index("code").loc["consumer", "description"] == "为自用而购买的个人。"
    assert seg.kotler_matrix(labels=True).loc["many", "low"] == "基本型"
    assert seg.kotler_matrix().loc["many", "low"] == "basic"


# -- errors ------------------------------------------------------------------------------------
def test_a_shared_range_check_is_translated(fake_translation):
    fake_translation(
        {"`{name}` must be between {low} and {high}, but {got} was passed.": "`{name}` 必须介于 {low} 与 {high} 之间，但传入了 {got}。"}
    )
    table = pd.DataFrame({"recency": [1.0, 2.0], "frequency": [1.0, 2.0], "monetary": [3.0, 4.0]})
    with pytest.raises(ParameterError, match="^`bins` 必须介于 2 与 10 之间，但传入了 1。$"):
        value.rfm_scores(table, bins=1)


def test_a_missing_column_names_what_it_should_hold_in_the_language(fake_translation):
    fake_translation(
        {
            "`{name}` needs a column {column!r} ({what}), but its columns are {columns}. If the column has "
            "another name, pass that name to the matching parameter.": "`{name}` 需要一列 {column!r}（{what}），但它的列是 {columns}。",
            "customer ids": "客户编号",
        }
    )
    with pytest.raises(ColumnError) as info:
        value.rfm(pd.DataFrame({"x": [1]}))
    assert str(info.value) == "`orders` 需要一列 'customer_id'（客户编号），但它的列是 ['x']。"


def test_counted_errors_choose_the_plural_form(fake_translation):
    fake_translation(
        {
            "Column {column!r} of `{name}` must hold numbers, but it holds {got} ({n:,} value is not a number).": "单数 {n}",
            "Column {column!r} of `{name}` must hold numbers, but it holds {got} ({n:,} values are not numbers).": "复数 {n}",
        }
    )
    one = _orders().astype({"amount": object})
    one.loc[0, "amount"] = "ten"
    with pytest.raises(ColumnError, match="^单数 1$"):
        value.rfm(one)
    two = one.copy()
    two.loc[1, "amount"] = "twenty"
    with pytest.raises(ColumnError, match="^复数 2$"):
        value.rfm(two)


def test_module_errors_are_translated_with_their_values(fake_translation, placeholders):
    fake_translation(
        {
            "`{name}` must be True or False, but {got} was passed.": "`{name}` 必须是 True 或 False，传入了 {got}。",
            "`segment_map[{segment!r}]`, key {key!r}, must lie within 1 … {bins} with low ≤ high, but {got} was "
            "passed.": "`segment_map[{segment!r}]` 的 {key!r} 必须在 1 … {bins} 之内，传入了 {got}。",
        }
    )
    with pytest.raises(ParameterTypeError, match="^`labels` 必须是 True 或 False，传入了 'yes'。$"):
        seg.kotler_matrix(labels="yes")
    with pytest.raises(ParameterError, match=r"^`segment_map\['a'\]` 的 'r' 必须在 1 … 5 之内，传入了 \(0, 9\)。$"):
        value.segment_guide({"a": {"r": (0, 9)}})
    # with every message replaced, no English is left in an error either
    fake_translation(placeholders)
    with pytest.raises(ParameterError) as info:
        credit.credit_grades(pd.Series([50.0, np.nan]), thresholds=(60, 75, 45))
    assert english_words([str(info.value)]) == set()
