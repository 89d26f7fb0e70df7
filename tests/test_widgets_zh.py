"""Every explorer of crmlab.widgets, built in Chinese: no missing glyph, no English word left.

Each explorer of :func:`crmlab.widgets.lesson_explorers` is built on the bundled course data
(en_US; the de-duplication explorer also on zh_CN, whose archive is Chinese) with the language
set to zh_CN, and its controls are moved through a few states. In every state:

(a) drawing its pictures gives no matplotlib "Glyph … missing from font" warning (skipped, with
    the reason, only where no CJK font is installed);
(b) nothing a student reads — the heading, the controls' descriptions and options, the summary,
    the table, an error message, the pictures' texts — holds an English word (3 or more ASCII
    letters, apart from the technical tokens of :data:`tests.zh_texts.TECHNICAL` and numbers).

(b) is checked with a made-up complete catalogue (every extracted message → a Chinese
placeholder), which proves every text is marked, and with the real zh_CN catalogue, which proves
the translation is complete. The capstone's picture of
recommended actions (a public picture outside crmlab.plots) is checked the same way.
"""

from __future__ import annotations

import functools
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import crmlab  # noqa: E402
from crmlab.widgets import lesson_explorers  # noqa: E402

from .zh_texts import (  # noqa: E402
    drawing,
    explorer_texts,
    figure_texts,
    has_cjk_font,
    leftovers,
    placeholder_catalogue,
)


@functools.lru_cache(maxsize=None)
def company(locale: str = "en_US"):
    return crmlab.load_all(locale)


def _data_card_texts() -> list[str]:
    """The data card's English texts (crmlab/simulate/schema.py), which that module does not
    mark for extraction yet: the welcome explorer shows them through ``_()``."""
    from crmlab.simulate.schema import all_tables

    return [t for spec in all_tables().values() for t in (spec["about"], *(c[2] for c in spec["columns"]))]


def _code_names() -> set[str]:
    """What the welcome explorer shows as code, as a student types it: column names and dtypes."""
    data = company("en_US")
    return set(data) | {str(c) for name in data for c in data[name].columns} | {
        "int64", "Int64", "float64", "bool", "category", "str", "datetime64[s]"}


def _scrub(texts: dict[str, list[str]], codes: set[str], external: list[str]) -> dict[str, list[str]]:
    """``texts`` without the code identifiers and the data card's texts of another module."""
    pattern = re.compile(r"(?<![\w\[.])(" + "|".join(map(re.escape, sorted(codes, key=len, reverse=True))) + r")(?![\w\].])")

    def clean(text: str) -> str:
        for sentence in sorted(external, key=len, reverse=True):
            text = text.replace(sentence, " ")
        return pattern.sub(" ", text)

    return {where: [clean(t) for t in ts] for where, ts in texts.items()}


def _first_cohort(view):
    return view.controls["cohort"].options[1][1]


#: explorer → (keyword arguments, moves: [(control, value or callable(view))]). Each explorer is
#: checked once built and after each move.
CASES = {
    "table_explorer": ({}, [("name", n) for n in ("orders", "surveys", "complaints", "archive", "accounts",
                                                   "invoices", "campaigns", "contacts", "complaint_steps")]),
    "data_quality_explorer": ({}, [("threshold", 90.0), ("blocking", ("phone",))]),
    "rfm_explorer": ({}, [("segment", "lost"), ("bins", 4), ("bins", 5)]),
    "abc_explorer": ({}, [("vip", 2.0), ("ordinary", 60.0), ("major", 30.0)]),
    "credit_policy_explorer": ({}, [("history", False), ("a", 50.0), ("a", 80.0)]),
    "segmentation_explorer": ({}, [("k", 6)]),
    "lifecycle_explorer": ({}, [("by", "membership_tier"), ("cohort", _first_cohort), ("threshold", 30)]),
    "satisfaction_explorer": ({}, [("picture", "ipa"), ("attribute", "quality"), ("delta", 1.5), ("groups", ())]),
    "loyalty_matrix_explorer": ({}, [("threshold", 6), ("product", "perform_quality"),
                                     ("product", "service_satisfaction")]),
    "next_purchase_explorer": ({}, [("min_purchases", 6), ("due_days", 30)]),
    "basket_explorer": ({}, [("min_support", 0.001), ("min_confidence", 0.3)]),
}
#: Explorers whose data is shown as it is: checked on both locales' data.
BOTH_LOCALES = {"data_quality_explorer"}


def test_every_explorer_has_a_case():
    assert set(CASES) == {name for names in lesson_explorers().values() for name in names}


def _params(marks=()):
    out = []
    for name in CASES:
        for locale in ("en_US", "zh_CN") if name in BOTH_LOCALES else ("en_US",):
            out.append(pytest.param(name, locale, id=f"{name}-{locale}", marks=marks))
    return out


def _states(name: str, locale: str):
    """Build the explorer, then yield (state, view, glyph warnings) for it and after each move."""
    import crmlab.widgets as widgets

    kwargs, moves = CASES[name]
    data = company(locale)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        factory = getattr(widgets, name)
        view = factory(data, locale=locale, **kwargs) if name in BOTH_LOCALES else factory(data, **kwargs)
    yield "built", view, _glyphs(caught)
    for control, value in moves:
        value = value(view) if callable(value) else value
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            view.controls[control].value = value
        yield f"{control}={value!r}", view, _glyphs(caught)


def _glyphs(caught) -> list[str]:
    return [str(w.message) for w in caught if "Glyph" in str(w.message) and "missing" in str(w.message)]


def _leftovers(name: str, view) -> list[str]:
    texts = explorer_texts(view)
    if name == "table_explorer":
        texts = _scrub(texts, _code_names(), _data_card_texts())
    return leftovers(texts)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.mark.parametrize(("name", "locale"), _params())
def test_every_text_is_marked_and_every_code_named(name, locale, fake_translation):
    """With a complete (made-up) Chinese catalogue no English word is left in any state, and
    every Chinese character is drawn."""
    fake_translation(placeholder_catalogue(), language="zh_CN")
    for state, view, missing in _states(name, locale):
        found = _leftovers(name, view)
        assert found == [], f"{name} ({state}):\n" + "\n".join(found)
        if has_cjk_font():
            assert missing == [], f"{name} ({state}): {missing[:3]}"
        assert "中" in view.heading.value


@pytest.mark.parametrize(("name", "locale"), _params())
def test_no_glyph_is_missing_in_chinese(name, locale):
    """(a) With the real zh_CN catalogue: every character of every picture is drawn."""
    if not has_cjk_font():
        pytest.skip("no CJK font installed (CI installs fonts-wqy-microhei): Chinese text cannot be drawn")
    crmlab.set_language("zh_CN")
    for state, _view, missing in _states(name, locale):
        assert missing == [], f"{name} ({state}): {missing[:3]}"


@pytest.mark.parametrize(("name", "locale"), _params())
def test_no_english_is_left_in_chinese(name, locale):
    """(b) With the real zh_CN catalogue: no English word is left in any state."""
    crmlab.set_language("zh_CN")
    for state, view, _missing in _states(name, locale):
        found = _leftovers(name, view)
        assert found == [], f"{name} ({state}):\n" + "\n".join(found)


def test_the_data_card_is_marked(fake_translation):
    """The welcome explorer's table and summary come from the data card of the simulation."""
    fake_translation(placeholder_catalogue(), language="zh_CN")
    for state, view, _missing in _states("table_explorer", "en_US"):
        texts = _scrub(explorer_texts(view), _code_names(), [])
        found = leftovers(texts)
        assert found == [], f"table_explorer ({state}):\n" + "\n".join(found)


@pytest.fixture(scope="module")
def actions():
    from crmlab.widgets import capstone

    return capstone.recommend_actions(capstone.customer_review(company("en_US")))


def test_the_capstone_picture_in_chinese(actions, fake_translation):
    from crmlab.widgets.capstone import plot_recommendations

    fake_translation(placeholder_catalogue(), language="zh_CN")
    fig, ax = plt.subplots()
    plot_recommendations(actions, ax=ax)
    missing = drawing(fig)
    found = leftovers(figure_texts(fig))
    assert found == [], "\n".join(found)
    if has_cjk_font():
        assert missing == [], missing[:3]
    # the reasons given with the actions are translated too
    assert actions["reason"].str.contains("[A-Za-z]{3}").all()  # English when built in English
    from crmlab.widgets import capstone

    translated = capstone.recommend_actions(actions[["customer_id", "value", "tier", "segment", "churn_risk",
                                                      "satisfaction"]])
    assert not translated["reason"].str.contains("[A-Za-z]{3}").any()
