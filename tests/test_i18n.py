"""The translation machinery: catalogues in step with the code, one language setting everywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings

import pytest

import crmlab
import crmlab.i18n as i18n
from crmlab.errors import ParameterError
from crmlab.i18n import catalogue


@pytest.fixture(scope="module")
def template():
    return catalogue.extract()


# -- the catalogues are never stale ---------------------------------------------------------------
def test_catalogues_are_in_step_with_the_code(template):
    """The committed template is what extraction gives, every zh_CN entry is translated and not
    fuzzy, and every .mo is compiled from its .po. A changed English string fails here until
    `python -m crmlab.i18n.catalogue update` marks it fuzzy and a translator re-translates it."""
    found = catalogue.problems(template=template)
    assert found == [], f"{len(found)} problem(s):\n" + "\n".join(found[:40])


def test_a_changed_english_string_turns_its_translation_fuzzy_and_the_check_red(tmp_path):
    from babel.messages.catalog import Catalog

    domain = catalogue.Domain("demo", tmp_path)
    old = Catalog(locale=None, domain="demo")
    old.add("Revenue by customer tier", None, [("x.py", 1)])
    old.add("Share of customers", None, [("x.py", 2)])
    catalogue.update(old, domain)  # no language yet: writes the template only
    po = Catalog(locale="zh_CN", domain="demo")
    po.add("Revenue by customer tier", "各层级客户的收入", [("x.py", 1)])
    po.add("Share of customers", "客户占比", [("x.py", 2)])
    domain.po("zh_CN").parent.mkdir(parents=True)
    domain.po("zh_CN").write_text(catalogue._po_text(po), encoding="utf-8")
    catalogue.update(old, domain)
    assert catalogue.problems(template=old, domain=domain) == []

    new = Catalog(locale=None, domain="demo")
    new.add("Revenue by customer tiers", None, [("x.py", 1)])  # the English changed
    new.add("Share of customers", None, [("x.py", 2)])
    stale = catalogue.problems(template=new, domain=domain)
    assert any("not what extraction gives" in line for line in stale)
    catalogue.update(new, domain)
    after = catalogue.problems(template=new, domain=domain)
    assert len(after) == 1 and "fuzzy" in after[0] and "Revenue by customer tiers" in after[0]
    # the fuzzy entry keeps its old translation for the translator, but is not compiled
    merged = catalogue._read_po(domain.po("zh_CN"), "demo")
    assert merged.get("Revenue by customer tiers").string == "各层级客户的收入"
    import gettext

    with open(domain.mo("zh_CN"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("Revenue by customer tiers") == "Revenue by customer tiers"
    assert compiled.gettext("Share of customers") == "客户占比"


def test_extraction_finds_every_kind_of_marker(template):
    keys = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    assert ("order_channel", "web shop") in keys  # NP_ in crmlab/vocabulary.py
    assert any(context is None and "CRMLAB_LANGUAGE" in text for context, text in keys)  # N_ in crmlab/i18n
    assert len(keys) > 300


# -- one language setting ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, expected",
    [
        ("zh_CN", "zh_CN"), ("zh-CN", "zh_CN"), ("zh", "zh_CN"), ("zh_CN.UTF-8", "zh_CN"), ("zh_Hans_CN", "zh_CN"),
        ("zh_CN.utf8@pinyin", "zh_CN"), ("en", "en"), ("en_US.UTF-8", "en"), ("C", "en"), ("POSIX", "en"),
        ("C.UTF-8", "en"), ("fr_FR", None), ("", "en"), (None, None), (7, None),
    ],
)
def test_language_names_are_normalised(value, expected):
    assert i18n.normalize_language(value) == expected


def test_chinese_is_available():
    assert i18n.languages() == ["en", "zh_CN"]
    assert crmlab.languages() == ["en", "zh_CN"]


def test_the_order_of_settings(monkeypatch):
    assert i18n.get_language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.get_language() == "zh_CN"  # the locale
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert i18n.get_language() == "en"  # LC_ALL beats LANG
    monkeypatch.setenv("CRMLAB_LANGUAGE", "zh-CN")
    assert i18n.get_language() == "zh_CN"  # the variable beats the locale
    assert crmlab.set_language("en") == "en"
    assert i18n.get_language() == "en"  # set_language beats everything
    assert crmlab.set_language(None) == "zh_CN"  # back to the environment's choice


def test_an_unknown_variable_warns_once_and_falls_back_to_the_locale(monkeypatch):
    monkeypatch.setattr(i18n, "_warned", set())
    monkeypatch.setenv("CRMLAB_LANGUAGE", "klingon")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    with pytest.warns(UserWarning, match="klingon"):
        assert i18n.get_language() == "zh_CN"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert i18n.get_language() == "zh_CN"  # once only


def test_set_language_rejects_what_it_cannot_show():
    with pytest.raises(ParameterError, match="`language`.*'fr'"):
        crmlab.set_language("fr")
    with pytest.raises(ParameterError, match="`language`"):
        crmlab.set_language(42)
    assert i18n.get_language() == "en"


def test_plural_forms_follow_the_count(fake_translation):
    assert i18n.ngettext("{n} customer", "{n} customers", 1) == "{n} customer"
    assert i18n.ngettext("{n} customer", "{n} customers", 2) == "{n} customers"


def test_label_shows_codes_by_kind(fake_translation):
    assert i18n.label("web", "order_channel") == "web shop"
    assert i18n.label("after_sales", "attribute") == "after-sales service"
    assert i18n.label("no_such_code", "order_channel") == "no such code"
    fake_translation({("order_channel", "web shop"): "网店", ("membership_tier", "not a member"): "非会员"})
    assert i18n.label("web", "order_channel") == "网店"
    assert i18n.label("none", "membership_tier") == "非会员"


# -- the three ways to choose Chinese give one result ------------------------------------------------
_PROBE = (
    "import crmlab, crmlab.i18n as i;"
    "from crmlab.exercises.messages import message;"
    "print(i.get_language());"
    "print(i.label('web', 'order_channel'));"
    "print(i._('Share of customers'))"
)


def _run(env_extra: dict, code: str = _PROBE) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CRMLAB_LANGUAGE", *i18n.LOCALE_VARIABLES)}
    env.update(env_extra)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_variable_locale_and_set_language_agree():
    by_variable = _run({"CRMLAB_LANGUAGE": "zh_CN"})
    by_locale = _run({"LANG": "zh_CN.UTF-8"})
    by_call = _run({}, "import crmlab; crmlab.set_language('zh_CN');" + _PROBE)
    english = _run({})
    assert by_variable == by_locale == by_call
    assert by_variable[0] == "zh_CN" and english[0] == "en"
    assert by_variable[1:] != english[1:]  # really translated
    assert all(not any("a" <= ch.lower() <= "z" for ch in line) for line in by_variable[1:])


# -- pictures get a Chinese font by themselves -------------------------------------------------------
def test_choosing_chinese_gives_pictures_a_cjk_font(monkeypatch):
    import matplotlib as mpl

    from crmlab.plots import fonts

    if not fonts.cjk_fonts():
        pytest.skip("no CJK font installed (.ci/run installs fonts-wqy-microhei)")
    saved = mpl.rcParams.copy()
    try:
        mpl.rcParams["font.family"] = ["sans-serif"]
        monkeypatch.setitem(fonts._state, "font", None)
        crmlab.set_language("zh_CN")
        assert fonts.cjk_fonts()[0] in mpl.rcParams["font.family"]
    finally:
        mpl.rcParams.update(saved)


def test_the_variable_alone_gives_crmlab_pictures_a_cjk_font():
    code = (
        "import matplotlib; matplotlib.use('Agg'); import matplotlib as mpl, warnings;"
        "import crmlab; from crmlab.plots import fonts;"
        "warnings.simplefilter('error');"  # a missing glyph would warn …
        # … and so does the data: 54 customers who returned every order are no buyers (not about fonts)
        "warnings.filterwarnings('ignore', category=crmlab.errors.DataWarning);"
        "s = crmlab.value.abc_summary(crmlab.value.abc(crmlab.load('orders')));"
        "ax = crmlab.plots.plot_abc_pyramid(s); ax.figure.canvas.draw();"
        "print(bool(fonts.cjk_fonts()) and fonts.cjk_fonts()[0] in mpl.rcParams['font.family'])"
    )
    from crmlab.plots import fonts

    if not fonts.cjk_fonts():
        pytest.skip("no CJK font installed (.ci/run installs fonts-wqy-microhei)")
    assert _run({"CRMLAB_LANGUAGE": "zh_CN"}, code)[-1] == "True"


def test_without_a_cjk_font_chinese_warns_once(monkeypatch):
    from crmlab.plots import fonts

    monkeypatch.setattr(fonts, "cjk_fonts", lambda: [])
    monkeypatch.setitem(fonts._state, "font", None)
    monkeypatch.setitem(fonts._state, "warned", False)
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        crmlab.set_language("zh_CN")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fonts.prepare()  # said once is enough


# -- tab completion -----------------------------------------------------------------------------------
def test_dir_lists_the_public_face_only():
    names = dir(crmlab)
    assert {"generate", "load", "set_language", "plots", "widgets", "exercises"} <= set(names)
    assert not [n for n in names if n.startswith("_") and n != "__version__"]
    assert "lazy_attributes" not in names and "annotations" not in names
    plots = dir(crmlab.plots)
    import importlib

    for area in crmlab.plots.AREAS:
        assert set(importlib.import_module(f"crmlab.plots.{area}").__all__) <= set(plots)
    assert "plot_pareto" in plots
    assert "rfm_explorer" in dir(crmlab.widgets)


# -- translations keep what code needs -----------------------------------------------------------
def _fields(text: str) -> list[str]:
    import string

    try:
        return sorted(f"{name}:{spec}" for _lit, name, spec, _conv in string.Formatter().parse(text) if name is not None)
    except ValueError as exc:
        return [f"<unparsable: {exc}>"]


def _code_spans(text: str) -> list[str]:
    import re

    return sorted(re.findall(r"`[^`]+`", text))


def _entries():
    for lang in catalogue.translated_languages():
        for m in catalogue._read_po(catalogue.po_path(lang)):
            if m.id and not m.fuzzy:
                ids = [m.id] if isinstance(m.id, str) else list(m.id)
                strings = [m.string] if isinstance(m.string, str) else list(m.string)
                for s in strings:
                    if s:
                        yield lang, m.context, ids[0], ids[-1], s


def test_translations_keep_the_placeholders_and_code():
    """Every translation has the same {placeholders} (with the same format specs) as its English,
    and keeps every `code` span, so .format() never fails and code stays code."""
    bad = []
    for lang, context, singular, plural, text in _entries():
        english = singular if _fields(singular) == _fields(text) else plural
        if _fields(english) != _fields(text):
            bad.append(f"{lang} {context!r} {singular!r}: fields {_fields(english)} vs {_fields(text)}")
        elif _code_spans(english) != _code_spans(text):
            bad.append(f"{lang} {context!r} {singular!r}: code {_code_spans(english)} vs {_code_spans(text)}")
    assert bad == [], "\n".join(bad[:30])


def test_the_bundled_data_follows_the_language():
    """In Chinese the same code loads the Chinese company (the numbers are the same)."""
    english = crmlab.load("customers")
    crmlab.set_language("zh_CN")
    chinese = crmlab.load("customers")
    assert english["province"].iloc[0] != chinese["province"].iloc[0]
    assert chinese["province"].str.endswith(("省", "市", "区")).all()
    assert crmlab.load("customers", locale="en_US").equals(english)  # an explicit locale wins
    assert crmlab.load("orders").equals(crmlab.load("orders", locale="en_US"))
