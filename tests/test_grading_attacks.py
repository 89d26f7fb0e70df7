"""A hostile class: notebooks that try to forge their score, leak files through their feedback,
pass for another student, slip files past the grader or outlive the run. The whole class is graded
once by ``crmlab grade`` (a separate process, as an instructor runs it, with a secret grading
seed on its command line); each test then checks one promise of the grader."""

from __future__ import annotations

import csv
import os
import secrets
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crmlab.exercises.bank import get
from crmlab.exercises.session import Exercise
from tests.grading_fixtures import answer_source, notebook, solved, write

SPEC = get("01")
QUESTIONS = [q.name for q in SPEC.questions]
FULL = f"{SPEC.max_points:g}"
TOKEN = secrets.token_hex(6)
SEED = f"SEED-SECRET-{TOKEN}"


def loot_cell(paths: dict[str, Path]) -> str:
    """A cell that gathers every secret it can reach into ``LOOT``."""
    return f"""import glob, os
found = []
for path in {[str(p) for p in paths.values()]!r} + ["/etc/shadow"]:
    try:
        found.append(open(path, errors="replace").read())
    except Exception as exc:
        found.append(repr(exc))
for path in glob.glob("/proc/[0-9]*/cmdline"):
    try:
        text = open(path, "rb").read().replace(b"\\0", b" ").decode(errors="replace")
    except Exception:
        continue
    if "grade" in text:
        found.append(text)
found.extend(f"{{k}}={{v}}" for k, v in os.environ.items())
LOOT = " | ".join(found)
print("loot size", len(LOOT))
"""


def leak_cells(paths) -> list[str]:
    """Every way a value of the notebook can reach its feedback: an exception of a function
    answer, a text answer, a column name, an index label."""
    return [
        loot_cell(paths),
        "def age_on(customers, as_of):\n    raise RuntimeError(LOOT)\nex.q2.check(age_on)",
        "ex.q1.check(pd.DataFrame({LOOT[i:i + 30]: [1] for i in range(0, 600, 30)}))",
        "missing_share = pd.Series([0.5], index=[LOOT])\nex.q3.check(missing_share)",
        "ex.q4.check(LOOT)",
        "ex.q5.check({'answer': LOOT})",
    ]


FORGE_EVENTS = """from crmlab.exercises import progress
for q in ["q1", "q2", "q3", "q4", "q5"]:
    progress.record("check", exercise="01", student=ex.student, seed=ex.seed, grading=True, question=q,
                    outcome="correct", key="correct")
progress.record("check", exercise="01", student=ex.student, seed=ex.seed, grading=True, question="q1",
                outcome="incorrect", key="wrong_column_values", params={"column": LOOT, "count": 1, "total": 2})
"""

FORGE_FILES = """import glob, json, os
lines = [json.dumps({"question": q, "outcome": "correct", "key": "correct", "points": 1, "event": "check",
                     "exercise": "01", "grading": True}) for q in ["q1", "q2", "q3", "q4", "q5"]]
written = 0
roots = {os.getcwd(), os.path.dirname(os.getcwd()), os.environ.get("HOME", ""), os.environ.get("TMPDIR", "")}
targets = set()
for root in roots:
    targets.update(glob.glob(os.path.join(root, "*.json*")) + glob.glob(os.path.join(root, "**", "*.json*"), recursive=True))
targets.update(v for v in os.environ.values() if v.endswith((".json", ".jsonl")))
for target in targets:
    try:
        with open(target, "a") as fh:
            fh.write("\\n" + "\\n".join(lines) + "\\n")
        written += 1
    except Exception:
        pass
print("forged", written, "files")
"""

PATCH_EVALUATE = """from crmlab.exercises import feedback, session
session.BoundQuestion.evaluate = lambda self, answer=None: feedback.CORRECT
for q in ex.questions:
    q.check(____)
"""

PATCH_CLOSE = """from crmlab.exercises import compare
compare._close = lambda *args, **kwargs: True
ex.q1.check(1)
"""

CHANGE_ENVIRONMENT = """import os
for name in list(os.environ):
    if name.startswith("CRMLAB_GRADING"):
        os.environ[name] = "0"
os.environ["CRMLAB_GRADING_SEED"] = "my-own-seed"
ex = crmlab.exercises.start("01", student="envy")
orders = ex.data.orders
n_buyers = orders['customer_id'].nunique()
ex.q1.check(n_buyers)
"""

ESCAPE = """import ctypes, os, time
libc = ctypes.CDLL(None, use_errno=True)
if libc.fork() == 0:
    libc.setsid()
    if libc.fork() == 0:
        libc.setsid()
        time.sleep(600)
    os._exit(0)
time.sleep(0.5)
print("escaped")
"""


def own_value(student: str) -> int:
    return int(Exercise(SPEC, student).q1.expected())


def _processes(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if marker in cmd:
                pids.append(int(entry.name))
    return pids


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    subs = tmp / "class"
    secret_public = tmp / "secret_public.txt"
    secret_public.write_text(f"PUBLIC-SECRET-{TOKEN}\nsecond line\n")
    os.chmod(secret_public, 0o644)
    secret_private = tmp / "secret_private.txt"
    secret_private.write_text(f"PRIVATE-SECRET-{TOKEN}\n")
    os.chmod(secret_private, 0o600)
    other = notebook([answer_source("q1"), f"# OTHER-SECRET-{TOKEN}"], student="s02")
    other_path = write(other, subs / "s02.ipynb")
    paths = {"public": secret_public, "private": secret_private, "other": other_path}
    typed = f"n_buyers = {own_value('typed')}\nex.q1.check(n_buyers)"
    nbs = {
        "good.ipynb": solved("good"),
        "typed.ipynb": notebook([typed, answer_source("q2")], student="typed"),
        "forger.ipynb": notebook([loot_cell(paths), FORGE_EVENTS], student="forger"),
        "filer.ipynb": notebook([FORGE_FILES], student="filer"),
        "patcher.ipynb": notebook([PATCH_EVALUATE], student="patcher"),
        "closer.ipynb": notebook([PATCH_CLOSE], student="closer"),
        "envy.ipynb": notebook([CHANGE_ENVIRONMENT], student="envy"),
        "leaker.ipynb": notebook(leak_cells(paths), student="leaker"),
        "impostor.ipynb": notebook([], student="s02"),
        "mallory.ipynb": solved("s77"),
        "escape.ipynb": notebook([ESCAPE, answer_source("q1")], student="escape"),
        "group_a/s04.ipynb": solved("s04"),
        "group_b/s04.ipynb": notebook([answer_source("q1")], student="s04"),
    }
    for name, nb in nbs.items():
        write(nb, subs / name)
    os.symlink("/dev/zero", subs / "zero.ipynb")
    os.symlink(tmp / "nowhere.ipynb", subs / "dangling.ipynb")
    os.symlink(other_path, subs / "copycat.ipynb")
    os.mkfifo(subs / "pipe.ipynb")
    (tmp / "elsewhere").mkdir()
    write(solved("stranger"), tmp / "elsewhere" / "stranger.ipynb")
    os.symlink(tmp / "elsewhere", subs / "linked_folder")
    out = tmp / "gradebook.csv"
    env = {**os.environ, "TMPDIR": str(tmp / "tmp")}
    (tmp / "tmp").mkdir()
    args = [sys.executable, "-m", "crmlab.cli", "grade", str(subs), "--out", str(out), "--exercise", "01",
            "--workers", "2", "--timeout", "60", "--grading-seed", SEED]
    t0 = time.monotonic()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    seconds = time.monotonic() - t0
    time.sleep(1.0)
    survivors = _processes(str(tmp / "tmp"))
    for pid in survivors:  # never leave them behind, whatever the verdict
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    feedback = {p.name: p.read_text(encoding="utf-8") for p in (tmp / "feedback").iterdir()}
    return {
        "tmp": tmp, "subs": subs, "out": out, "proc": proc, "rows": rows, "feedback": feedback, "seconds": seconds,
        "survivors": survivors, "by_file": {str(Path(r["file"]).relative_to(subs)): r for r in rows},
        "secrets": [f"PUBLIC-SECRET-{TOKEN}", f"PRIVATE-SECRET-{TOKEN}", f"OTHER-SECRET-{TOKEN}"],
    }


def row(h, name):
    assert name in h["by_file"], (name, sorted(h["by_file"]), h["proc"].stdout[-3000:], h["proc"].stderr[-3000:])
    return h["by_file"][name]


def points(r):
    return {q: r[q] for q in QUESTIONS}


def test_the_grader_ran(hostile):
    assert hostile["proc"].returncode == 0, hostile["proc"].stdout[-3000:] + hostile["proc"].stderr[-3000:]


# -- honest work still counts -----------------------------------------------------------------------
def test_a_real_solution_scores_full_marks(hostile):
    r = row(hostile, "good.ipynb")
    assert r["status"] == "graded" and r["total"] == FULL, r["detail"]
    assert "| correct |" in hostile["feedback"]["good_ex01.md"]


def test_a_typed_in_number_fails(hostile):
    r = row(hostile, "typed.ipynb")
    assert (r["q1"], r["q2"], r["total"]) == ("0", "1", "1"), r["detail"]


# -- forged scores --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["forger.ipynb", "filer.ipynb", "patcher.ipynb", "envy.ipynb"])
def test_forged_events_patches_and_a_changed_environment_score_nothing(hostile, name):
    r = row(hostile, name)
    assert r["status"] == "graded", r["detail"]
    assert r["total"] == "0" and set(points(r).values()) == {"0"}, (name, r)


def test_a_patched_comparator_does_not_pass_an_unanswered_question(hostile):
    r = row(hostile, "closer.ipynb")
    assert r["q1"] == "0" and r["total"] == "0", r
    assert "| incorrect |" in hostile["feedback"]["closer_ex01.md"]


def test_placeholders_checked_through_a_patched_evaluate_are_not_attempted(hostile):
    text = hostile["feedback"]["patcher_ex01.md"]
    assert text.count("| not attempted |") == len(QUESTIONS), text


# -- feedback is no leak channel ------------------------------------------------------------------
def _shadow_fields() -> list[str]:
    try:
        lines = Path("/etc/shadow").read_text().splitlines()
    except OSError:
        return []
    return [f for line in lines for f in line.split(":")[1:2] if len(f) > 12]


def test_no_secret_reaches_a_feedback_file_or_the_gradebook(hostile):
    gradebook = hostile["out"].read_text(encoding="utf-8")
    for secret in hostile["secrets"] + _shadow_fields():
        for name, text in hostile["feedback"].items():
            assert secret not in text, (secret, name)
        assert secret not in gradebook, secret
    for name, text in hostile["feedback"].items():
        assert SEED not in text, name
    for r in hostile["rows"]:
        assert all(SEED not in value for key, value in r.items() if key != "grading_seed"), r


def test_feedback_quotes_only_short_values(hostile):
    text = hostile["feedback"]["leaker_ex01.md"]
    table = [line for line in text.splitlines() if line.startswith("| q")]
    assert len(table) == len(QUESTIONS)
    for line in table:
        assert len(line) < 600, line
    assert "RuntimeError" in table[1]  # the exception's type is named


# -- who a submission belongs to ------------------------------------------------------------------
def test_a_notebook_naming_another_student_is_not_credited_to_them(hostile):
    rows_s02 = [r for r in hostile["rows"] if r["student"] == "s02"]
    assert [Path(r["file"]).name for r in rows_s02] == ["s02.ipynb"], rows_s02
    impostor = row(hostile, "impostor.ipynb")
    assert impostor["student"] == "impostor" and "s02" in impostor["detail"], impostor
    mallory = row(hostile, "mallory.ipynb")
    assert mallory["student"] == "mallory" and "s77" in mallory["detail"] and mallory["total"] == FULL
    assert not any(r["student"] == "s77" for r in hostile["rows"])


def test_two_submissions_of_one_student_are_reported(hostile):
    a, b = row(hostile, "group_a/s04.ipynb"), row(hostile, "group_b/s04.ipynb")
    assert a["student"] == b["student"] == "s04"
    for r in (a, b):
        assert "2 submissions" in r["detail"], r["detail"]
    assert "s04" in hostile["proc"].stdout


# -- every path gets a row; links are not followed --------------------------------------------------
@pytest.mark.parametrize("name", ["zero.ipynb", "dangling.ipynb", "copycat.ipynb", "linked_folder"])
def test_symbolic_links_get_a_row_and_are_not_followed(hostile, name):
    r = row(hostile, name)
    assert r["status"] == "link" and "symbolic link" in r["detail"], r
    assert r["total"] == "0"
    assert not any("stranger" in x["file"] for x in hostile["rows"])


def test_a_fifo_gets_a_row_and_is_not_read(hostile):
    r = row(hostile, "pipe.ipynb")
    assert r["status"] == "not_a_notebook" and "FIFO" in r["detail"], r
    assert stat.S_ISFIFO(os.lstat(hostile["subs"] / "pipe.ipynb").st_mode)


def test_every_path_has_exactly_one_row(hostile):
    entries = []
    for dirpath, dirnames, filenames in os.walk(hostile["subs"]):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            entries.append(str(Path(dirpath, name).relative_to(hostile["subs"])))
    assert sorted(hostile["by_file"]) == sorted(entries)
    assert len(hostile["rows"]) == len(entries)


# -- nothing outlives the run ---------------------------------------------------------------------
def test_no_process_outlives_the_run(hostile):
    assert hostile["survivors"] == []
    assert row(hostile, "escape.ipynb")["q1"] == "1"


def test_the_hostile_class_is_graded_in_reasonable_time(hostile):
    assert hostile["seconds"] < 240
