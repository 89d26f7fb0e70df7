"""An instructor's own exercise, end to end, as the instructor guide walks through it: the
example exercise file and solution notebook are released as a student notebook plus the
exercise's public part, worked on by students who cannot read the references, and graded with
the instructor's file — whose references never reach a notebook."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from crmlab.exercises.course import load
from crmlab.exercises.grading import grade
from crmlab.exercises.notebook import release, student_version
from tests.grading_fixtures import write

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "exercises" / "course_example"
SEED = "course-seed"


def test_the_guide_shows_the_example_file_as_it_is():
    guide = (ROOT / "exercises" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", guide, flags=re.S)
    source = (EXAMPLE / "vip_quiz.py").read_text(encoding="utf-8")
    assert source in blocks, "exercises/README.md must show exercises/course_example/vip_quiz.py verbatim"


def _catalogue(folder: Path) -> None:
    """A Chinese catalogue for two of the example's texts (what `pybabel compile` makes)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    spec = load(EXAMPLE / "vip_quiz.py")
    catalog = Catalog(locale="zh_CN", domain="vip_quiz")
    catalog.add(spec.title, "VIP 测验：近期收入与最佳客户")
    catalog.add(spec.messages["vip_quiz_returns_kept"], "你的合计包含了退货订单：请去掉 `returned` 为 True 的行。")
    target = folder / "zh_CN" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "vip_quiz.mo", "wb") as fh:
        write_mo(fh, catalog)


def _with_student(nb, student):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = cell.source.replace("student=None", f"student={student!r}")
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("course")
    folder = tmp / "course"
    folder.mkdir()
    for name in ("vip_quiz.py", "vip_quiz.ipynb"):
        shutil.copy(EXAMPLE / name, folder / name)
    _catalogue(folder / "locales")
    handout = tmp / "handout"
    written = release([folder / "vip_quiz.ipynb"], handout)
    return {"tmp": tmp, "folder": folder, "handout": handout, "written": written}


def test_release_hands_out_the_notebook_and_the_public_part_only(course):
    assert sorted(p.name for p in course["written"]) == ["vip_quiz.ipynb", "vip_quiz.json"]
    assert sorted(p.name for p in course["handout"].iterdir()) == ["vip_quiz.ipynb", "vip_quiz.json"]
    public = (course["handout"] / "vip_quiz.json").read_text(encoding="utf-8")
    data = json.loads(public)
    assert data["id"] == "vip_quiz" and [q["name"] for q in data["questions"]] == ["q1", "q2", "q3"]
    for leak in ("reset_index", "keep_returns", "recent = kept", "CHANNELS", "solution", "reference",
                 "vip_quiz_returns_kept", "counts returned orders"):
        assert leak not in public, leak
    student = nbformat.read(course["handout"] / "vip_quiz.ipynb", as_version=4)
    assert "groupby" not in "\n".join(c.source for c in student.cells)


def test_students_start_it_and_their_answers_are_kept_for_grading(course, monkeypatch, tmp_path, capsys):
    import crmlab

    monkeypatch.chdir(course["handout"])
    monkeypatch.setenv("CRMLAB_PROGRESS_FILE", str(tmp_path / "progress.jsonl"))
    ex = crmlab.exercises.start("vip_quiz", student="s1")
    assert len(ex.data.customers) == 800 and ex.spec.question("q1").reference is None
    ex.q1.check(123.0)
    ex.q1.hint(1)
    out = capsys.readouterr().out
    assert "kept for grading" in out and "as_of - pd.Timedelta(days=90)" in out


def test_with_the_exercise_file_students_get_instant_checks(course, monkeypatch, tmp_path, capsys):
    import crmlab

    monkeypatch.chdir(course["folder"])
    monkeypatch.setenv("CRMLAB_PROGRESS_FILE", str(tmp_path / "progress.jsonl"))
    ex = crmlab.exercises.start("vip_quiz", student="s1")
    ns = ex.namespace()
    exec(ex.spec.question("q1").solution.replace("~orders['returned'] & ", ""), ns)
    ex.q1.check(ns["recent"])
    assert "returned" in capsys.readouterr().out  # the exercise's own diagnosis


CHEAT = """import os
path = {path!r}
try:
    print(open(path).read()[:40])
except OSError as exc:
    print("cannot read the course file:", type(exc).__name__)
try:
    from crmlab.exercises.course import load
    spec = load(path)
    recent = spec.question("q1").reference(ex._reference)
except Exception as exc:
    print("cannot load the course file:", type(exc).__name__)
    recent = ex.spec.question("q1").reference
ex.q1.check(recent)
"""


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    solution = nbformat.read(course["folder"] / "vip_quiz.ipynb", as_version=4)
    student = nbformat.read(course["handout"] / "vip_quiz.ipynb", as_version=4)
    subs = tmp_path_factory.mktemp("subs")
    write(_with_student(student_version(solution), "s1"), subs / "blank.ipynb")
    write(_with_student(solution, "s2"), subs / "s2.ipynb")
    returns = _with_student(solution, "s3")
    returns.cells[3].source = returns.cells[3].source.replace("~orders['returned'] & ", "")
    write(returns, subs / "s3.ipynb")
    cheat = _with_student(student, "s4")
    cheat.cells.append(nbformat.v4.new_code_cell(CHEAT.format(path=str(course["folder"] / "vip_quiz.py"))))
    write(cheat, subs / "s4.ipynb")
    report = grade([subs], course["tmp"] / "quiz.csv", exercise=course["folder"] / "vip_quiz.py", workers=2,
                   timeout=120, grading_seed=SEED, echo=None)
    return {"report": report, "by": {r.path.name: r for r in report.results}, "spec": load(course["folder"] / "vip_quiz.py")}


def test_the_instructors_exercise_is_graded_like_the_kits(graded):
    by = graded["by"]
    assert graded["report"].failed == [] and graded["report"].exercise == "vip_quiz"
    assert by["s2.ipynb"].outcomes == {"q1": "correct", "q2": "correct", "q3": "correct"}, by["s2.ipynb"].detail
    assert by["blank.ipynb"].outcomes == {"q1": "not_attempted", "q2": "not_attempted", "q3": "not_attempted"}
    assert by["s3.ipynb"].outcomes["q1"] == "incorrect" and by["s3.ipynb"].scores[0].key == "vip_quiz_returns_kept"


def test_a_notebook_cannot_read_the_references_in_the_course_folder(graded):
    r = graded["by"]["s4.ipynb"]
    assert "cannot read the course file: PermissionError" in r.run.output
    assert "cannot load the course file" in r.run.output
    assert r.outcomes["q1"] == "incorrect" and r.total == 0


def test_feedback_uses_the_exercises_own_catalogue(graded, fake_translation):
    from crmlab.exercises.grading.feedback_file import render

    english = graded["by"]["s3.ipynb"].feedback.read_text(encoding="utf-8")
    assert "VIP quiz: recent revenue" in english and "Your total counts returned orders" in english
    fake_translation({"correct": "正确"}, language="zh_CN")  # the kit's own catalogue: one word
    text = render(graded["by"]["s3.ipynb"], graded["spec"])
    assert "VIP 测验：近期收入与最佳客户" in text  # from the exercise's catalogue
    assert "你的合计包含了退货订单" in text
    assert "| 正确 |" in text


def test_the_public_part_cannot_grade(course, tmp_path):
    from crmlab.errors import ParameterError

    write(nbformat.read(course["handout"] / "vip_quiz.ipynb", as_version=4), tmp_path / "x.ipynb")
    with pytest.raises(ParameterError, match="no references"):
        grade([tmp_path / "x.ipynb"], tmp_path / "gb.csv", exercise=course["handout"] / "vip_quiz.json", echo=None)
    assert not os.path.exists(tmp_path / "gb.csv")
