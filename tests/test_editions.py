"""The translated editions of the lessons and exercises (``crmlab.i18n.notebooks``).

The Chinese notebooks are built from the English ones and their translation files: these tests
fail when a built notebook is not what the build makes now, when a translation is missing or
stale (its English changed), when a translated notebook stores outputs the English one does not
check, or when a checked figure differs from the English edition's without being declared as
depending on the data's locale.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from crmlab.exercises.notebook import solution_regions, strip_solutions
from crmlab.i18n import notebooks as nbi
from crmlab.i18n.catalogue import ROOT, _read_po

LANG = "zh_CN"


def _pairs():
    """(English notebook, built notebook, edition) of every translated notebook."""
    for edition in nbi.EDITIONS:
        for notebook in edition.notebooks():
            yield notebook, edition.built(notebook, LANG), edition


PAIRS = list(_pairs())


def _cells(path: Path) -> dict:
    return {c["id"]: c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]}


_MARKED = re.compile(r"""(?<![\w.])_\((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\)""")


def _code_only(line: str) -> str:
    """A line of code without its comment and with each marked string ``_("…")`` blanked."""
    return _MARKED.sub("_(…)", line).split("#")[0].rstrip()


def _text(outputs: list) -> str:
    return "".join("".join(o.get("text", o.get("data", {}).get("text/plain", ""))) for o in outputs)


def test_every_notebook_has_a_chinese_edition():
    assert len(PAIRS) >= 18  # lessons 00–09 and exercises 01–08
    missing = [str(built.relative_to(ROOT)) for _en, built, _ed in PAIRS if not built.exists()]
    assert missing == []


def test_translations_are_complete_and_the_editions_are_what_the_build_makes():
    """A changed English paragraph (fuzzy), a new one (untranslated) or a hand-edited Chinese
    notebook turns this red: run ``python -m crmlab.i18n.notebooks update`` and translate."""
    problems = nbi.check_all()
    assert problems == [], "\n".join(problems[:30])


@pytest.mark.parametrize("english,built,edition", PAIRS, ids=[p[0].stem + "-" + p[2].source.name for p in PAIRS])
def test_the_edition_has_the_english_code_and_checked_figures(english, built, edition):
    """Same cells and ids; code identical but for translated comments and the language line;
    outputs only where the English checks them, equal to the English unless declared as
    depending on the locale."""
    en, zh = _cells(english), _cells(built)
    assert list(en) == list(zh)
    declared = nbi._outputs(edition, LANG).get(english.stem, {})
    for cell_id, cell in zh.items():
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        english_code = [_code_only(ln) for ln in "".join(en[cell_id]["source"]).splitlines()]
        code = [_code_only(ln) for ln in source.splitlines() if not ln.startswith("crmlab.set_language(")]
        assert code == english_code, cell_id
        if not nbi._checked(cell):
            assert cell.get("outputs", []) == [], f"{built.name} {cell_id} stores outputs"
            continue
        expected = declared.get(cell_id, _text(en[cell_id]["outputs"]))
        assert _text(cell["outputs"]).rstrip("\n") == expected.rstrip("\n"), cell_id


def test_declared_locale_figures_really_differ_and_name_checked_cells():
    for edition in nbi.EDITIONS:
        assert nbi._output_problems(edition, LANG) == []
    declared = nbi._outputs(nbi.EDITIONS[0], LANG)
    # lesson 08's duplicate count depends on the names and addresses of the company
    assert "0bd69aff" in declared.get("08_capstone", {})


def test_chinese_student_exercises_hide_every_solution():
    for edition in nbi.EDITIONS:
        if edition.students is None:
            continue
        for notebook in edition.notebooks():
            solution = nbformat.read(edition.built(notebook, LANG), as_version=4)
            student = nbformat.read(edition.student(notebook, LANG), as_version=4)
            assert student.metadata["crmlab"]["version"] == "student"
            assert student.metadata["crmlab"]["language"] == LANG
            regions = [code for c in solution.cells if c.cell_type == "code" for _s, code in solution_regions(c.source)]
            assert regions, notebook.name
            by_id = {c.id: c for c in student.cells}
            for cell in solution.cells:
                if cell.cell_type != "code" or not solution_regions(cell.source):
                    continue
                assert by_id[cell.id].source == strip_solutions(cell.source)
                assert "BEGIN SOLUTION" not in by_id[cell.id].source
                assert by_id[cell.id].outputs == []


def test_marked_strings_in_code_are_units_and_are_translated_in_place():
    code = 'ax.set_title(_("Revenue per month"))  # one line\nprint(_(\'{n:,} customers\').format(n=3), x._("no"), _(name))\n'
    nb = {"cells": [{"cell_type": "code", "id": "c", "source": code}]}
    assert nbi.units(nb) == [("c", "string", "Revenue per month"), ("c", "comment", "one line"),
                             ("c", "string", "{n:,} customers")]
    table = {("c", "Revenue per month"): "每月收入", ("c", "{n:,} customers"): "{n:,} 位“客户”", ("c", "one line"): "一行"}
    out = nbi._translate_code(code, table, "c")
    assert out == 'ax.set_title(_("每月收入"))  # 一行\nprint(_("{n:,} 位“客户”").format(n=3), x._("no"), _(name))\n'
    compile(out, "cell", "exec")


def test_solution_markers_and_tool_comments_are_not_for_translation():
    nb = {"cells": [{"cell_type": "code", "id": "a", "source": (
        "### BEGIN SOLUTION -> n = ____\n"
        "n = 3  # the number of buyers\n"
        "### END SOLUTION\n"
        "x = 1  # NBVAL_CHECK_OUTPUT\n"
        "y = 2  # noqa: F841\n")}]}
    assert nbi.units(nb) == [("a", "comment", "the number of buyers")]


def _sandbox(tmp_path: Path, monkeypatch) -> tuple[nbi.Edition, Path]:
    """A one-notebook edition in ``tmp_path``, translated once."""
    monkeypatch.setattr(nbi, "ROOT", tmp_path)
    src = tmp_path / "notebooks"
    src.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Lesson\n\nThe first paragraph.\n\nThe second paragraph.", id="m1"),
        nbformat.v4.new_code_cell("import crmlab\nx = _('one customer')  # one customer", id="c1"),
    ]
    path = src / "01_x.ipynb"
    nbformat.write(nb, path)
    edition = nbi.Edition(src, "[0-9][0-9]_*.ipynb", "notebooks/{lang}")
    monkeypatch.setattr(nbi, "EDITIONS", (edition,))
    nbi.update_all()
    po_path = edition.domain(path).po(LANG)
    po = _read_po(po_path, "01_x")
    for m in po:
        if m.id:
            m.string = {"# Lesson": "# 课", "The first paragraph.": "第一段。", "The second paragraph.": "第二段。",
                        "one customer": "一位客户"}[m.id]
    po_path.write_text(nbi._po_text(po), encoding="utf-8")
    nbi.update_all()
    return edition, path


def test_a_changed_english_sentence_cannot_ship_with_its_old_translation(tmp_path, monkeypatch):
    edition, path = _sandbox(tmp_path, monkeypatch)
    assert nbi.check_all() == []
    built = json.loads(edition.built(path, LANG).read_text(encoding="utf-8"))
    assert "".join(built["cells"][0]["source"]) == "# 课\n\n第一段。\n\n第二段。"
    assert "".join(built["cells"][1]["source"]).splitlines() == [
        "import crmlab", nbi._set_language_line(LANG).rstrip("\n"), 'x = _("一位客户")  # 一位客户']

    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = "# Lesson\n\nThe first paragraph, changed.\n\nThe second paragraph."
    nbformat.write(nb, path)
    assert any("01_x" in line for line in nbi.check_all())  # red before anyone runs update
    nbi.update_all()
    problems = nbi.check_all()
    assert len(problems) == 1 and "fuzzy" in problems[0] or "untranslated" in problems[0], problems
    built = json.loads(edition.built(path, LANG).read_text(encoding="utf-8"))
    # the stale translation is not used: the changed paragraph shows in English until translated
    assert "".join(built["cells"][0]["source"]) == "# 课\n\nThe first paragraph, changed.\n\n第二段。"


def test_a_hand_edited_chinese_notebook_is_found(tmp_path, monkeypatch):
    edition, path = _sandbox(tmp_path, monkeypatch)
    target = edition.built(path, LANG)
    target.write_text(target.read_text(encoding="utf-8").replace("第二段", "第二段（手改）"), encoding="utf-8")
    assert any("not built from the current English" in line for line in nbi.check_all())


def test_a_declared_output_must_differ_from_the_english(tmp_path, monkeypatch):
    edition, path = _sandbox(tmp_path, monkeypatch)
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = "import crmlab\nx = 1  # one customer\nx  # NBVAL_CHECK_OUTPUT"
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"}, execution_count=1)]
    nbformat.write(nb, path)
    outputs = edition.outputs(LANG)
    outputs.parent.mkdir(parents=True, exist_ok=True)
    outputs.write_text(json.dumps({"01_x": {"c1": "1"}}), encoding="utf-8")
    assert any("is the English output" in line for line in nbi.check_all())
    outputs.write_text(json.dumps({"01_x": {"c1": "2"}}), encoding="utf-8")
    nbi.update_all()
    built = json.loads(edition.built(path, LANG).read_text(encoding="utf-8"))
    assert built["cells"][1]["outputs"][0]["data"]["text/plain"] == ["2"]
    assert nbi.check_all() == []
    outputs.write_text(json.dumps({"01_x": {"m1": "2"}}), encoding="utf-8")
    assert any("no cell m1 whose output is checked" in line for line in nbi.check_all())


def test_no_stray_files_in_the_editions():
    """Only built notebooks (no progress logs or checkpoints) in the edition folders."""
    for folder in (ROOT / "notebooks" / LANG, ROOT / "exercises" / LANG):
        stray = [p for p in folder.rglob("*") if p.is_file() and p.suffix != ".ipynb"]
        assert stray == []


# -- figures that depend on the data's locale: computed, not copied -------------------------------
def _paragraph(path: Path, cell_id: str) -> str:
    return "".join(_cells(path)[cell_id]["source"])


@pytest.mark.parametrize("language,locale", [("en", "en_US"), (LANG, "zh_CN")])
def test_lesson_01_quotes_the_figures_of_its_own_data(language, locale):
    """Lesson 01's standardisation and exact-matching figures differ between the American and the
    Chinese company; each edition's text must quote its own (226 → 51 states is not 128 → 34
    provinces)."""
    import crmlab
    from crmlab import profile

    archive = crmlab.load("archive", locale=locale)
    truth = crmlab.load("truth_archive", locale=locale)
    std = profile.standardize(archive)
    spellings, places = archive["province"].nunique(), std["province_std"].nunique()
    quality = profile.match_quality(profile.exact_duplicates(archive), truth).iloc[0]
    found, pairs = int(quality["tp"]), int(quality["true_pairs"])

    lesson = ROOT / "notebooks" / ("01_customer_archive.ipynb" if language == "en" else f"{LANG}/01_customer_archive.ipynb")
    text = _paragraph(lesson, "88e10f5e")
    for number in (spellings, places):
        assert re.search(rf"(?<![\d,.]){number}(?![\d,.])", text), (spellings, places, text[:300])
    exact = _paragraph(lesson, "2011a614")
    assert re.search(rf"(?<![\d,.]){found}(?![\d,.])", exact) and f"{pairs:,}" in exact, (found, pairs, exact[:200])
    # the persons after merging: the lesson's checked output (declared for the Chinese edition)
    persons = _text(_cells(lesson)["dae39d2d"]["outputs"]).strip()
    assert f"{int(persons):,}" in _paragraph(lesson, "2bec189a")
