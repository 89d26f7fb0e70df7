"""The Chinese glossary (术语表) and the rule that every zh_CN translation follows it.

The glossary is ``crmlab/locales/zh_CN/glossary.csv`` (UTF-8), one row per course term::

    english,chinese,source,note,contexts

``english``
    the term as the kit writes it in English (unique, case-insensitive);
``chinese``
    the Chinese term every translation must use for it;
``source``
    where the Chinese term comes from: a seed deck of the courseware (``000`` … ``004``, the
    Chinese slides in ``../shared/seeds`` beside the repository) or ``standard`` (the field's
    usual Chinese term, where the courseware has none);
``note``
    a word for the translator (may be empty);
``contexts``
    empty: the term holds in every entry. Otherwise a space-separated list of gettext contexts
    (msgctxt, usually a kind of :data:`crmlab.vocabulary.CODES`) outside which the term is not
    enforced — for words that are terms only there ("major" is 主要客户 as a value tier, not in
    "a major change").

How a catalogue is checked (``glossary_problems``): in every translated, non-fuzzy entry of every
zh_CN ``.po`` file of the repository, each glossary term that occurs in the English (msgid, and
the plural msgid) must have its Chinese term in the translation (every msgstr form).

* English matching is case-insensitive, on word boundaries, and tolerates simple endings on
  each word (-s, -es, -ed, -d, -ing, -ies/-ied, a possessive ``'s``/``'``), a hyphen or a space
  between words ("after-sales" = "after sales"), any dash ("Kaplan–Meier" = "Kaplan-Meier") and
  American spellings (-ize/-ization/-yze, center, behavior, aging).
* What is code is not prose: `backtick spans`, single-quoted words ('archive'), ``{placeholders}``
  and HTML tags are removed from the English first, so a column name such as `loyalty` asks for
  no Chinese.
* Longer terms come first and hide what they cover: in "first-time buyer" (首次购买客户) the
  shorter term "buyer" (购买者) is not asked for; in "complaints are gold" (抱怨是金) neither
  is "complaint" (投诉).
* The Chinese is compared without spaces and punctuation, so "VIP 客户", "VIP客户" and
  "“一对一”营销" / "一对一营销" all count.

Seed-sourced terms must really occur in their seed: the seed text is compared after removing
page markers, the pinyin that one scrape inserts after some characters ("發(fā)展"), spaces and
punctuation, and after turning the traditional characters of deck 004 into simplified ones
(``_TRADITIONAL``, the characters the glossary's 004 terms need: extend it when adding one). The
seeds are not part of the repository: that check is skipped when ``../shared/seeds`` is absent.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "crmlab" / "locales" / "zh_CN" / "glossary.csv"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
HEADER = ["english", "chinese", "source", "note", "contexts"]
SEED_IDS = ("000", "001", "002", "003", "004")
LANGUAGE = "zh_CN"
#: Folders never searched for catalogues (besides hidden ones such as .git).
SKIP_DIRS = {".venv", "venv", "node_modules", "__pycache__"}


@dataclasses.dataclass(frozen=True)
class Term:
    english: str
    chinese: str
    source: str
    note: str
    contexts: frozenset[str]
    pattern: re.Pattern

    def applies_to(self, context: str | None) -> bool:
        return not self.contexts or context in self.contexts


# -- English side ---------------------------------------------------------------------------------
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"
_US_TO_UK = [
    (re.compile(r"(?<=\w{3})iz(e|es|ed|ing|ation|ations)\b"), r"is\1"),
    (re.compile(r"(?<=\w{3})yz(e|es|ed|ing)\b"), r"ys\1"),
    (re.compile(r"\bcenter(s?)\b"), r"centre\1"),
    (re.compile(r"\bbehavior"), "behaviour"),
    (re.compile(r"\baging\b"), "ageing"),
]


def normalise_english(text: str) -> str:
    """Lower case, one apostrophe, one dash, British spelling."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(f"[{_DASHES}]", "-", text)
    for pattern, replacement in _US_TO_UK:
        text = pattern.sub(replacement, text)
    return text


def prose(text: str) -> str:
    """The English a reader reads: without `code`, 'code', {placeholders}, HTML tags and * emphasis."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"(?<!\w)'[^'\s]+'(?!\w)", " ", text.replace("\u2019", "'").replace("\u2018", "'"))
    text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"<[^<>]+>", " ", text)
    return normalise_english(text.replace("*", ""))


def _word(word: str) -> str:
    forms = {word, word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return f"(?:{alternatives})"


def term_pattern(english: str) -> re.Pattern:
    words = [w for w in re.split(r"[\s-]+", normalise_english(english)) if w]
    body = r"[-\s]+".join(_word(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{body})(?:'s|')?(?!\w)")


# -- Chinese side ---------------------------------------------------------------------------------
def normalise_chinese(text: str) -> str:
    """Without spaces and punctuation, full-width letters and digits made half-width, lower case."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P")).lower()


#: Traditional → simplified, for the characters of the glossary's terms from deck 004.
_TRADITIONAL = dict(
    zip(
        "戶細費間從關懷適應產負責發維復質電腦終會員積機處補償級銷響決準購買",
        "户细费间从关怀适应产负责发维复质电脑终会员积机处补偿级销响决准购买",
        strict=True,
    )
)
_PINYIN = re.compile(r"\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def normalise_seed(text: str) -> str:
    text = re.sub(r"\n\s*\d+、", "", text)  # the scrape's page markers ("\n\n20、") split words
    text = _PINYIN.sub("", text)
    text = "".join(_TRADITIONAL.get(ch, ch) for ch in text)
    return normalise_chinese(text)


# -- the glossary -----------------------------------------------------------------------------------
def read_rows(path: Path = GLOSSARY) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, values)) | {"_width": str(len(values))} for values in reader]
    return header, rows


def load_glossary(path: Path = GLOSSARY) -> list[Term]:
    """The terms, longest first (the order in which they are matched)."""
    _header, rows = read_rows(path)
    terms = [
        Term(
            english=row["english"].strip(),
            chinese=row["chinese"].strip(),
            source=row["source"].strip(),
            note=row.get("note", "").strip(),
            contexts=frozenset(row.get("contexts", "").split()),
            pattern=term_pattern(row["english"]),
        )
        for row in rows
    ]
    return sorted(terms, key=lambda t: (-len(re.split(r"[\s-]+", t.english)), -len(t.english)))


# -- the catalogues ---------------------------------------------------------------------------------
def _language(path: Path) -> str | None:
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    found = re.search(r'^"Language: *([^"\\]*)', head, re.MULTILINE)
    return found.group(1).strip().replace("-", "_") if found else None


def zh_catalogues(root: Path = ROOT) -> list[Path]:
    """Every ``*.po`` under ``root`` whose Language is zh_CN (hidden folders and .venv left out)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(files):
            path = Path(folder) / name
            if name.endswith(".po") and _language(path) in (LANGUAGE, "zh_Hans_CN"):
                found.append(path)
    return found


def required_terms(english: str, context: str | None, terms: list[Term]) -> list[Term]:
    """The glossary terms the English asks for, longer terms hiding the shorter ones they cover."""
    text = prose(english)
    wanted = []
    for term in terms:
        if not term.applies_to(context):
            continue
        spans = [m.span() for m in term.pattern.finditer(text)]
        if spans:
            wanted.append(term)
            for start, end in spans:
                text = text[:start] + "\0" * (end - start) + text[end:]
    return wanted


def glossary_problems(po_path: Path, terms: list[Term]) -> list[str]:
    """One line per translated, non-fuzzy entry of ``po_path`` that misses a glossary term."""
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    out = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        strings = [s for s in strings if s]
        if not strings:
            continue
        for term in required_terms("\n".join(ids), message.context, terms):
            if not all(normalise_chinese(term.chinese) in normalise_chinese(s) for s in strings):
                where = f" (context {message.context!r})" if message.context else ""
                out.append(
                    f"{po_path.name}: msgid {ids[0]!r}{where} has the term {term.english!r}, "
                    f"so its translation must say 「{term.chinese}」, but it is {strings[0]!r}"
                )
    return out


# -- (a) the glossary is well-formed ------------------------------------------------------------------
def test_header_and_cells():
    header, rows = read_rows()
    assert header == HEADER
    assert len(rows) >= 150
    bad = [row for row in rows if row["_width"] != str(len(HEADER))]
    assert bad == [], f"rows without exactly {len(HEADER)} cells: {bad[:5]}"
    for number, row in enumerate(rows, start=2):
        assert row["english"].strip() and row["chinese"].strip(), f"line {number}: empty term {row}"
        assert row["english"] == row["english"].strip() and row["chinese"] == row["chinese"].strip(), number
        assert re.fullmatch(r"(?:[a-z_]+(?: [a-z_]+)*)?", row["contexts"]), f"line {number}: contexts {row['contexts']!r}"
        assert row["source"] in (*SEED_IDS, "standard"), f"line {number}: source {row['source']!r}"


def test_english_terms_are_unique():
    _header, rows = read_rows()
    seen: dict[str, int] = {}
    twice = []
    for number, row in enumerate(rows, start=2):
        key = normalise_english(row["english"].strip())
        if key in seen:
            twice.append(f"{row['english']!r} on lines {seen[key]} and {number}")
        seen[key] = number
    assert twice == []


def test_chinese_terms_are_chinese():
    """Each Chinese term has a Han character, or is an abbreviation kept as it is (RFM, CRM)."""
    for term in load_glossary():
        has_han = any("\u4e00" <= ch <= "\u9fff" for ch in term.chinese)
        assert has_han or term.chinese == term.english, term


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the courseware seeds (../shared/seeds) are not beside the repository")
def test_seed_terms_occur_in_their_seed():
    seeds = {}
    for seed_id in SEED_IDS:
        files = sorted(SEEDS_DIR.glob(f"{seed_id}_*.txt")) or sorted(SEEDS_DIR.glob(f"{seed_id}*.txt"))
        assert files, f"no seed file {seed_id}_*.txt in {SEEDS_DIR}"
        seeds[seed_id] = normalise_seed(files[0].read_text(encoding="utf-8"))
    missing = [
        f"{t.english!r} → {t.chinese} (source {t.source})"
        for t in load_glossary()
        if t.source in seeds and normalise_chinese(t.chinese) not in seeds[t.source]
    ]
    assert missing == [], "not in their seed:\n" + "\n".join(missing)


def test_seed_normalisation():
    assert normalise_seed("客戶生命周期可分為建立期、發(fā)展期、維持期和恢\n\n7、復期") == "客户生命周期可分為建立期发展期维持期和恢复期"
    assert normalise_seed("R(Retention)保持") == "rretention保持"


# -- (b) every zh_CN catalogue follows it -------------------------------------------------------------
@pytest.mark.parametrize("po_path", zh_catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_zh_catalogue_follows_the_glossary(po_path):
    problems = glossary_problems(po_path, load_glossary())
    assert problems == [], f"{len(problems)} translation(s) leave the glossary:\n" + "\n".join(problems[:40])


def test_the_package_catalogue_is_checked():
    assert ROOT / "crmlab" / "locales" / "zh_CN" / "LC_MESSAGES" / "crmlab.po" in zh_catalogues()


# -- the checker itself, on made-up catalogues --------------------------------------------------------
_PO_HEADER = r'''msgid ""
msgstr ""
"Language: {language}\n"
"Plural-Forms: nplurals=1; plural=0;\n"
"Content-Type: text/plain; charset=utf-8\n"

'''


def _write_po(path: Path, body: str, language: str = "zh_CN") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_PO_HEADER.replace("{language}", language) + body, encoding="utf-8")
    return path


def test_a_translation_that_follows_the_glossary_passes(tmp_path):
    po = _write_po(
        tmp_path / "ok.po",
        'msgid "Churn rate by customer group"\nmsgstr "各客户群的流失率"\n\n'
        'msgid "{n:,} complaints are gold"\nmsgstr "{n:,} 条：抱怨是金"\n\n'
        'msgid "Our first-time buyers"\nmsgstr "我们的首次购买客户"\n\n'
        'msgctxt "funnel_stage"\nmsgid "member"\nmsgstr "成员"\n\n'
        'msgctxt "membership_tier"\nmsgid "not a member"\nmsgstr "非会员"\n\n'
        'msgid "The column `loyalty` holds levels."\nmsgstr "列 `loyalty` 存放等级。"\n\n'
        'msgid "A major change"\nmsgstr "一个重大变化"\n\n'
        'msgid "Kaplan-Meier curves"\nmsgstr "生存 曲线"\n\n'
        'msgid "{n:,} VIP customer"\nmsgid_plural "{n:,} VIP customers"\nmsgstr[0] "{n:,} 位 VIP 客户"\n',
    )
    assert glossary_problems(po, load_glossary()) == []


def test_a_translation_with_another_word_fails_and_says_why(tmp_path):
    po = _write_po(
        tmp_path / "bad.po",
        'msgid "Customers who ask for the product by name"\nmsgstr "说出品牌名的顾客"\n\n'
        'msgctxt "tier"\nmsgid "major"\nmsgstr "重要"\n',
    )
    problems = glossary_problems(po, load_glossary())
    assert len(problems) == 3, problems
    by_name = next(p for p in problems if "'ask for the product by name'" in p)
    assert "'Customers who ask for the product by name'" in by_name and "「指名度」" in by_name
    assert any("'customer'" in p and "「客户」" in p for p in problems)
    assert any("'major'" in p and "「主要客户」" in p and "'tier'" in p for p in problems)


def test_untranslated_and_fuzzy_entries_are_not_checked(tmp_path):
    po = _write_po(
        tmp_path / "todo.po",
        'msgid "Churn rate"\nmsgstr ""\n\n#, fuzzy\nmsgid "Satisfaction trap"\nmsgstr "旧的译文"\n',
    )
    assert glossary_problems(po, load_glossary()) == []


def test_a_plural_entry_checks_its_plural_english_too(tmp_path):
    po = _write_po(
        tmp_path / "plural.po",
        'msgid "{n} lapsed account"\nmsgid_plural "{n} lapsed accounts"\nmsgstr[0] "{n} 个已停止购买的账户"\n\n'
        'msgid "{n} item"\nmsgid_plural "{n} key accounts"\nmsgstr[0] "{n} 个重要账户"\n',
    )
    problems = glossary_problems(po, load_glossary())
    assert len(problems) == 1 and "'key account'" in problems[0] and "「大客户」" in problems[0]


def test_matching_rules():
    terms = load_glossary()

    def asked(english, context=None):
        return sorted(t.english for t in required_terms(english, context, terms))

    assert asked("Churned customers") == ["churn", "customer"]
    assert asked("The churn-rate distribution") == ["churn-rate distribution"]
    assert asked("standardized addresses") == ["standardise addresses"]
    assert asked("Call center") == ["call centre"]
    assert asked("churning") == ["churn"] and asked("churner") == []
    assert asked("`recency_days` and {recency}") == [] and asked("the tables 'archive' and 'orders'") == []
    assert asked("the customers' archive") == ["archive", "customer"]
    assert asked("<b>promoters</b>") == ["promoter"]
    assert asked("Buyer") == [] and asked("buyer", "role") == ["buyer"]
    assert asked("the buyer's market") == ["buyer's market"]
    assert asked("first-time buyer", "role") == ["first-time buyer"]
    assert asked("phase out") == ["phase out"] and asked("phased out") == ["phase out"]


def test_only_zh_cn_catalogues_outside_hidden_and_venv_folders_are_found(tmp_path):
    wanted = _write_po(tmp_path / "notebooks" / "locales" / "zh_CN" / "LC_MESSAGES" / "01.po", "")
    _write_po(tmp_path / "crmlab" / "locales" / "fr" / "LC_MESSAGES" / "crmlab.po", "", language="fr")
    _write_po(tmp_path / ".venv" / "lib" / "x.po", "")
    _write_po(tmp_path / ".git" / "y.po", "")
    assert zh_catalogues(tmp_path) == [wanted]
