"""The Chinese documents are the English ones in Chinese, and cannot drift from them.

Three documents have a Chinese edition beside them: the README (``README.zh-CN.md``), the
instructor guide (``exercises/README.zh-CN.md``) and the data card (``datasets/README.zh-CN.md``,
whose column tables ``tests/test_generate.py`` checks against the catalogue). For each pair:

* the two link each other at the top (the data card is handed out alone, so it does not);
* every command line of the English code blocks is in the Chinese code blocks (comments aside,
  and a few lines that a Chinese class runs in their Chinese form, listed in ``REPLACED``); a
  Chinese line that the English lacks is one for the Chinese edition (it names ``zh_CN``);
* every `code span`, and every figure of the English prose, is in the Chinese;
* both have the same sections, and each Chinese section uses the glossary's Chinese for every
  course term of its English section (the rule of ``tests/test_glossary.py``, applied section by
  section instead of entry by entry);
* every relative link points to a file that exists, every ``#anchor`` to a heading;
* no paragraph of the Chinese is left in English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_glossary import load_glossary, normalise_chinese, required_terms

ROOT = Path(__file__).resolve().parent.parent

#: English document → its Chinese edition.
PAIRS = {
    "README.md": "README.zh-CN.md",
    "exercises/README.md": "exercises/README.zh-CN.md",
    "datasets/README.md": "datasets/README.zh-CN.md",
}
#: Documents that link their other edition at the top (the data card does not: see above).
LINKED = ["README.md", "exercises/README.md"]
#: English command lines that the Chinese edition runs in their Chinese form: line → its form.
REPLACED = {
    "exercises/README.md": {
        # a Chinese class's hub hands out the Chinese edition
        "CRMLAB_LANGUAGE: en": "CRMLAB_LANGUAGE: zh_CN",
        # the nbgitpuller link is shown twice in Chinese: to the Chinese welcome lesson, then the English
    },
}
#: Chinese command lines for the Chinese edition that do not name zh_CN.
ADDED = {
    "exercises/README.md": {"python -m crmlab.i18n.notebooks update 02_customer_value"},
}
#: Where the generated part of a data card starts (only the hand-written part is compared here).
TABLES = "<!-- tables:begin -->"

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
_COMMENT = re.compile(r"(?:^|\s)#(?!#)\s.*$")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _read(rel: str) -> str:
    text = (ROOT / rel).read_text(encoding="utf-8")
    return text.split(TABLES, 1)[0] if rel.startswith("datasets/") else text


def _code_lines(text: str) -> list[str]:
    """Every line of the fenced code blocks, without its comment, spaces collapsed."""
    out = []
    for _lang, body in _FENCE.findall(text):
        for line in body.splitlines():
            line = " ".join(_COMMENT.sub("", line).split())
            if line:
                out.append(line)
    return out


def _prose(text: str) -> str:
    """``text`` without its fenced code blocks and HTML comments."""
    return re.sub(r"<!--.*?-->", " ", _FENCE.sub("\n", text), flags=re.S)


def _spans(text: str) -> set[str]:
    return {" ".join(s.split()) for s in re.findall(r"`([^`\n]+(?:\n[^`\n]+)?)`", _prose(text))}


def _sections(text: str) -> list[tuple[int, str, str]]:
    """(level, heading, body) of each section; the text before the first heading is level 0."""
    out: list[tuple[int, str, list[str]]] = [(0, "", [])]
    for line in _prose(text).splitlines():
        heading = re.match(r"^(#{1,6}) (.*)", line)
        if heading:
            out.append((len(heading.group(1)), heading.group(2), []))
        else:
            out[-1][2].append(line)
    return [(level, title, "\n".join(body)) for level, title, body in out]


def _numbers(text: str, chinese: bool) -> set[str]:
    """The figures of the prose (not of code spans), without thousands separators; "10 million"
    and "1,000 万" are the same figure."""
    prose = re.sub(r"`[^`]*`", " ", _prose(text))
    prose = re.sub(r"\]\([^)]*\)|https?://\S+", " ", prose)

    def scaled(match: re.Match, factor: int) -> str:
        return " " + str(round(float(match.group(1).replace(",", "")) * factor)) + " "

    if chinese:
        prose = re.sub(r"(\d[\d,]*(?:\.\d+)?)\s*万", lambda m: scaled(m, 10_000), prose)
    else:
        prose = re.sub(r"(\d[\d,]*(?:\.\d+)?)\s*million", lambda m: scaled(m, 1_000_000), prose)
    return {n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", prose)}


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading."""
    text = re.sub(r"`|\*", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


# -- the links between the editions -----------------------------------------------------------------
@pytest.mark.parametrize("english", LINKED)
def test_each_edition_links_the_other_at_the_top(english):
    chinese = PAIRS[english]
    english_name, chinese_name = Path(english).name, Path(chinese).name
    first = (ROOT / english).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"中文版：[{chinese_name}]({chinese_name})"
    top = (ROOT / chinese).read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert f"]({english_name})" in top.split("\n\n", 2)[1], "the Chinese edition links back right under its title"


def test_the_chinese_readme_says_first_how_to_open_the_chinese_edition():
    text = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    intro = text.split("\n## ", 1)[0]
    assert "CRMLAB_LANGUAGE=zh_CN sh dev.sh lab" in _code_lines(intro)
    for place in ("notebooks/zh_CN/00_welcome.ipynb", "notebooks/zh_CN/", "exercises/zh_CN/", "exercises/zh_CN/solutions/"):
        assert f"`{place}`" in intro, place
        assert (ROOT / place).exists(), place
    assert "locale" in intro and "JupyterLab" in intro
    languages = text.split("\n## 语言", 1)[1].split("\n## ", 1)[0]
    assert languages.index("CRMLAB_LANGUAGE=zh_CN sh dev.sh lab") < languages.index("crmlab.set_language")
    assert "`notebooks/zh_CN/00_welcome.ipynb`" in languages and "`exercises/zh_CN/solutions/`" in languages


# -- what they tell you to run ------------------------------------------------------------------------
@pytest.mark.parametrize("english", list(PAIRS))
def test_every_command_of_the_english_is_in_the_chinese(english):
    theirs = _code_lines(_read(english))
    ours = set(_code_lines(_read(PAIRS[english])))
    replaced = REPLACED.get(english, {})
    missing = [line for line in theirs if replaced.get(line, line) not in ours]
    assert theirs and missing == [], f"{PAIRS[english]} lacks these command lines of {english}:\n" + "\n".join(missing)
    extra = [line for line in ours - set(theirs) - set(replaced.values()) if line not in ADDED.get(english, set())]
    assert [line for line in extra if "zh_CN" not in line and "zh-CN" not in line] == []


@pytest.mark.parametrize("english", list(PAIRS))
def test_every_code_span_and_figure_of_the_english_is_in_the_chinese(english):
    theirs, ours = _read(english), _read(PAIRS[english])
    assert sorted(_spans(theirs) - _spans(ours)) == []
    assert sorted(_numbers(theirs, chinese=False) - _numbers(ours, chinese=True), key=float) == []


def test_the_comparisons_are_not_empty_and_can_fail():
    assert _code_lines("```sh\ncrmlab info   # versions\n# a comment\n```\n") == ["crmlab info"]
    assert _code_lines("```python\n### BEGIN SOLUTION -> x = ____\n```\n") == ["### BEGIN SOLUTION -> x = ____"]
    assert _numbers("over 10 million orders, top-20 % and 5,000 customers", chinese=False) == {"10000000", "20", "5000"}
    assert _numbers("1,000 万笔订单、前 20% 和 5,000 位客户", chinese=True) == {"10000000", "20", "5000"}
    assert _spans("a `b` and\n```sh\n`c`\n```\n") == {"b"}


# -- the same sections, the glossary's terms ------------------------------------------------------------
@pytest.mark.parametrize("english", list(PAIRS))
def test_the_chinese_has_the_same_sections(english):
    theirs, ours = _sections(_read(english)), _sections(_read(PAIRS[english]))
    assert [level for level, _t, _b in ours] == [level for level, _t, _b in theirs]
    for (_l, title, _b), (_l2, title_zh, _b2) in zip(theirs, ours, strict=True):
        assert bool(title) == bool(title_zh) and (not title_zh or _HAN.search(title_zh) or title_zh == title), title


@pytest.mark.parametrize("english", list(PAIRS))
def test_each_section_uses_the_glossary_terms_of_its_english(english):
    terms = load_glossary()
    problems = []
    pairs = zip(_sections(_read(english)), _sections(_read(PAIRS[english])), strict=True)
    for (_level, title, body), (_level_zh, title_zh, body_zh) in pairs:
        text = re.sub(r"\]\([^)]*\)|https?://\S+", "]", f"{title}\n{body}")
        chinese = normalise_chinese(f"{title_zh}\n{body_zh}")
        for term in required_terms(text, None, terms):
            if normalise_chinese(term.chinese) not in chinese:
                problems.append(f"section {title or '(top)'!r} / {title_zh or '(top)'!r}: {term.english!r} → 「{term.chinese}」")
    assert problems == [], f"{PAIRS[english]} leaves the glossary:\n" + "\n".join(problems)


def test_the_section_rule_finds_a_missing_term():
    terms = load_glossary()
    english = "## Churn\n\nThe churn rate of each cohort.\n"
    assert [t.english for t in required_terms(_sections(english)[1][2], None, terms)] == ["churn rate", "cohort"]


# -- links, and nothing left in English --------------------------------------------------------------------
@pytest.mark.parametrize("document", [*PAIRS, *PAIRS.values()])
def test_every_relative_link_points_to_a_file_and_every_anchor_to_a_heading(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    anchors = {_slug(title) for _level, title, _body in _sections(text) if title}
    links = re.findall(r"\]\(([^)\s]+)\)", _prose(text))
    assert links or document.startswith("datasets/")
    for target in links:
        if re.match(r"[a-z]+:", target):
            continue
        path, _sep, anchor = target.partition("#")
        if path:
            assert (ROOT / document).parent.joinpath(path).exists(), f"{document}: {target}"
        elif anchor:
            assert anchor in anchors, f"{document}: #{anchor} is no heading ({sorted(anchors)})"


@pytest.mark.parametrize("chinese", list(PAIRS.values()))
def test_no_paragraph_of_the_chinese_is_left_in_english(chinese):
    english_only = []
    for paragraph in re.split(r"\n\s*\n", _prose(_read(chinese))):
        words = re.sub(r"`[^`]*`|\]\([^)]*\)|https?://\S+", " ", paragraph)
        if not _HAN.search(words) and re.search(r"[A-Za-z]{3,}(?:\s+[A-Za-z]{2,}){3}", words):
            english_only.append(paragraph.strip())
    assert english_only == [], "\n\n".join(english_only)
