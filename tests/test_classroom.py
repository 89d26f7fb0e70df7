"""Handing the course out (crmlab course) and collecting an exercise (crmlab collect)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crmlab import paths
from crmlab.classroom.collect import collect
from crmlab.classroom.handout import MANIFEST, get_course
from crmlab.errors import ParameterError
from crmlab.exercises.bank import get

ROOT = Path(__file__).resolve().parent.parent


def _actions(changes) -> dict[str, str]:
    return {c.path: c.action for c in changes}


# -- hand-out ----------------------------------------------------------------------------------
def test_the_course_is_the_lessons_exercises_and_data_card_never_the_solutions(tmp_path):
    changes = get_course(tmp_path / "course", "en")
    got = sorted(_actions(changes))
    lessons = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    exercises = sorted(p.name for p in (ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
    assert got == sorted(["datasets/README.md", *(f"notebooks/{n}" for n in lessons), *(f"exercises/{n}" for n in exercises)])
    assert set(_actions(changes).values()) == {"added"}
    assert not (tmp_path / "course" / "exercises" / "solutions").exists()
    for rel in got:  # byte for byte the kit's files
        assert (tmp_path / "course" / rel).read_bytes() == (ROOT / rel).read_bytes()
    manifest = json.loads((tmp_path / "course" / MANIFEST).read_text())
    assert manifest["language"] == "en" and set(manifest["files"]) == set(got)


def test_run_again_it_follows_the_nbgitpuller_rule(tmp_path, monkeypatch):
    folder = tmp_path / "course"
    get_course(folder, "en")
    # the student: changes one exercise, deletes a lesson, makes a file the course will add later
    mine = folder / "exercises" / "02_customer_value.ipynb"
    mine.write_text(mine.read_text() + " ", encoding="utf-8")
    (folder / "notebooks" / "03_credit_management.ipynb").unlink()
    # the kit is updated: a new version of two exercises and of a lesson, and a new lesson
    kit = tmp_path / "kit"
    for name in ("notebooks", "exercises", "datasets"):
        (kit / name).mkdir(parents=True)
    for rel, src in paths.course_files("en").items():
        (kit / rel).write_bytes(src.read_bytes())
    for rel in ("exercises/02_customer_value.ipynb", "exercises/01_customer_archive.ipynb", "notebooks/01_customer_archive.ipynb"):
        (kit / rel).write_text((kit / rel).read_text() + "\n", encoding="utf-8")
    (kit / "notebooks" / "10_new.ipynb").write_text("{}", encoding="utf-8")
    (folder / "notebooks" / "10_new.ipynb").write_text("my own", encoding="utf-8")
    (kit / "notebooks" / "11_newer.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(paths, "course_root", lambda: kit)

    before = mine.read_bytes()
    actions = _actions(get_course(folder, "en"))
    assert actions["exercises/02_customer_value.ipynb"] == "kept"  # changed by the student: never overwritten
    assert mine.read_bytes() == before
    assert actions["exercises/01_customer_archive.ipynb"] == "updated"  # unchanged by the student: updated
    assert (folder / "exercises" / "01_customer_archive.ipynb").read_bytes() == (kit / "exercises" / "01_customer_archive.ipynb").read_bytes()
    assert actions["notebooks/01_customer_archive.ipynb"] == "updated"
    assert actions["notebooks/03_credit_management.ipynb"] == "restored"
    assert actions["notebooks/10_new.ipynb"] == "own"  # the student's file of the same name stays
    assert (folder / "notebooks" / "10_new.ipynb").read_text() == "my own"
    assert actions["notebooks/11_newer.ipynb"] == "added"
    assert actions["notebooks/00_welcome.ipynb"] == "unchanged"

    # the student renames their copy to get the new version; a third run changes nothing
    mine.rename(folder / "exercises" / "02_mine.ipynb")
    assert _actions(get_course(folder, "en"))["exercises/02_customer_value.ipynb"] == "restored"
    again = _actions(get_course(folder, "en"))
    assert set(again.values()) <= {"unchanged", "own"}


def test_a_changed_file_with_nothing_newer_is_the_students(tmp_path):
    folder = tmp_path / "course"
    get_course(folder, "en")
    mine = folder / "exercises" / "02_customer_value.ipynb"
    mine.write_text("mine", encoding="utf-8")
    assert _actions(get_course(folder, "en"))["exercises/02_customer_value.ipynb"] == "yours"
    assert mine.read_text() == "mine"


def test_a_symlink_in_the_students_folder_is_never_written_through(tmp_path):
    folder = tmp_path / "course"
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    (folder / "notebooks").mkdir(parents=True)
    (folder / "notebooks" / "00_welcome.ipynb").symlink_to(outside)
    actions = _actions(get_course(folder, "en"))
    assert actions["notebooks/00_welcome.ipynb"] == "own"
    assert outside.read_text() == "precious"


def test_dry_run_changes_nothing(tmp_path):
    changes = get_course(tmp_path / "course", "en", dry_run=True)
    assert changes and not (tmp_path / "course").exists()


def test_the_language_edition_is_taken_where_it_exists(tmp_path, monkeypatch):
    kit = tmp_path / "kit"
    for rel, src in paths.course_files("en").items():
        (kit / rel).parent.mkdir(parents=True, exist_ok=True)
        (kit / rel).write_bytes(src.read_bytes())
    (kit / "notebooks" / "zh_CN").mkdir()
    (kit / "notebooks" / "zh_CN" / "02_customer_value.ipynb").write_text('{"zh": 1}', encoding="utf-8")
    monkeypatch.setattr(paths, "course_root", lambda: kit)
    assert paths.editions("notebooks") == ["zh_CN"]
    folder = tmp_path / "course"
    get_course(folder, "zh_CN")
    assert (folder / "notebooks" / "02_customer_value.ipynb").read_text() == '{"zh": 1}'
    assert (folder / "notebooks" / "01_customer_archive.ipynb").read_bytes() == (kit / "notebooks" / "01_customer_archive.ipynb").read_bytes()
    # switching back to English replaces the untouched Chinese notebook
    assert _actions(get_course(folder, "en"))["notebooks/02_customer_value.ipynb"] == "updated"
    with pytest.raises(ParameterError, match="`language`"):
        get_course(folder, "klingon")


def test_the_command_line(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), CRMLAB_LANGUAGE="en")
    done = subprocess.run(
        [sys.executable, "-m", "crmlab.cli", "course", "--to", str(tmp_path / "c")], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "added      exercises/02_customer_value.ipynb" in done.stdout
    assert "19 files written, 0 of yours kept, 0 up to date." in done.stdout.replace(str(tmp_path / "c") + ": ", "")


# -- collect -------------------------------------------------------------------------------------
NOTEBOOK = get("02").notebook


def _homes(tmp_path: Path) -> Path:
    homes = tmp_path / "home"
    src = ROOT / "exercises" / NOTEBOOK
    for user, text in (("alice", "A"), ("bob", "B")):
        folder = homes / user / "crmlab" / "exercises"
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_bytes(src.read_bytes() + text.encode())
    (homes / "carol").mkdir()  # no notebook
    # mallory links her notebook to alice's; eve's whole home is a link to bob's; trudy's folder
    # on the way is a link; a FIFO where a notebook should be must not hang the collector
    (homes / "mallory" / "crmlab" / "exercises").mkdir(parents=True)
    (homes / "mallory" / "crmlab" / "exercises" / NOTEBOOK).symlink_to(homes / "alice" / "crmlab" / "exercises" / NOTEBOOK)
    (homes / "eve").symlink_to(homes / "bob")
    (homes / "trudy" / "crmlab").mkdir(parents=True)
    (homes / "trudy" / "crmlab" / "exercises").symlink_to(homes / "alice" / "crmlab" / "exercises")
    (homes / "fifo" / "crmlab" / "exercises").mkdir(parents=True)
    os.mkfifo(homes / "fifo" / "crmlab" / "exercises" / NOTEBOOK)
    (homes / ".hidden").mkdir()
    return homes


def _snapshot(folder: Path) -> dict:
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            p = Path(dirpath, name)
            st = p.lstat()
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else None
            out[str(p)] = (st.st_mode, st.st_mtime_ns, st.st_size, digest)
    return out


def test_collect_gathers_every_users_notebook_named_by_user_and_follows_no_link(tmp_path):
    homes = _homes(tmp_path)
    before = _snapshot(homes)
    out = tmp_path / "submissions" / "02"
    results = {r.user: r for r in collect("02", out, str(homes / "{user}" / "crmlab" / "exercises" / "{notebook}"))}
    assert {u: r.status for u, r in results.items()} == {
        "alice": "collected", "bob": "collected", "carol": "missing", "eve": "symlink",
        "fifo": "not_a_file", "mallory": "symlink", "trudy": "symlink",
    }
    assert sorted(p.name for p in out.iterdir()) == [".collected.json", "alice.ipynb", "bob.ipynb"]
    assert (out / "alice.ipynb").read_bytes().endswith(b"A") and (out / "bob.ipynb").read_bytes().endswith(b"B")
    assert _snapshot(homes) == before  # nothing in the students' folders changed
    record = json.loads((out / ".collected.json").read_text())
    assert record["exercise"] == "02"
    alice = next(u for u in record["users"] if u["user"] == "alice")
    assert alice["sha256"] == hashlib.sha256((out / "alice.ipynb").read_bytes()).hexdigest()


def test_collect_from_an_exchange_folder_and_a_class_list(tmp_path):
    exchange = tmp_path / "exchange" / "02"
    exchange.mkdir(parents=True)
    (exchange / "alice.ipynb").write_text("{}", encoding="utf-8")
    (exchange / "notes.txt").write_text("x", encoding="utf-8")
    results = collect("02", tmp_path / "out", str(exchange / "{user}.ipynb"), users=["alice", "bob"])
    assert [(r.user, r.status) for r in results] == [("alice", "collected"), ("bob", "missing")]
    with pytest.raises(ParameterError, match="`users`"):
        collect("02", tmp_path / "out", str(exchange / "{user}.ipynb"), users=["../etc"])


def test_collect_refuses_bad_patterns_and_writing_into_students_folders(tmp_path):
    homes = _homes(tmp_path)
    with pytest.raises(ParameterError, match="exactly once"):
        collect("02", tmp_path / "out", str(homes / "all" / NOTEBOOK))
    with pytest.raises(ParameterError, match="does not exist"):
        collect("02", tmp_path / "out", str(tmp_path / "nowhere" / "{user}" / NOTEBOOK))
    with pytest.raises(ParameterError, match="`out`"):
        collect("02", homes / "alice" / "subs", str(homes / "{user}" / "crmlab" / "exercises" / "{notebook}"))


def test_the_grader_names_collected_rows_by_user(tmp_path):
    """Two students' notebooks collected from homes: the gradebook rows read alice and bob
    (not the notebook's file name), even when the grader runs inside a hub server."""
    homes = tmp_path / "home"
    solution = ROOT / "exercises" / "solutions" / NOTEBOOK
    student = ROOT / "exercises" / NOTEBOOK
    for user, src in (("alice", solution), ("bob", student)):
        (homes / user / "crmlab" / "exercises").mkdir(parents=True)
        (homes / user / "crmlab" / "exercises" / NOTEBOOK).write_bytes(src.read_bytes())
    out = tmp_path / "subs"
    env = dict(os.environ, PYTHONPATH=str(ROOT), JUPYTERHUB_USER="teacher", CRMLAB_LANGUAGE="en")
    done = subprocess.run(
        [sys.executable, "-m", "crmlab.cli", "collect", "02", "--from", str(homes / "{user}" / "crmlab" / "exercises" / "{notebook}"),
         "--out", str(out)], capture_output=True, text=True, env=env,
    )
    assert done.returncode == 0, done.stderr
    book = tmp_path / "grades.csv"
    graded = subprocess.run(
        [sys.executable, "-m", "crmlab.cli", "grade", str(out), "--exercise", "02", "--out", str(book), "--workers", "2"],
        capture_output=True, text=True, env=env,
    )
    assert graded.returncode == 0, graded.stdout + graded.stderr
    import csv

    rows = {r["student"]: r for r in csv.DictReader(book.open(encoding="utf-8"))}
    assert sorted(rows) == ["alice", "bob"]
    assert float(rows["alice"]["total"]) == float(rows["alice"]["max_points"]) > 0
    assert float(rows["bob"]["total"]) == 0
