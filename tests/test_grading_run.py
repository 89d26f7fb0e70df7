"""Grading a class end to end, with adversarial submissions: each notebook runs in its own
sandboxed process on fresh grading data; every file gets exactly one row; nothing outside the
working copies is touched; an interrupted run resumes without losing or duplicating rows."""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from crmlab.exercises.bank import get
from crmlab.exercises.grading import child, contain, grade, landlock
from crmlab.exercises.grading.feedback_file import text_of
from crmlab.exercises.grading.judge import Judge
from crmlab.exercises.grading.sandbox import Sandbox
from crmlab.exercises.messages import MESSAGES
from crmlab.exercises.session import Exercise
from tests.grading_fixtures import answer_source, notebook, solved, write

ROOT = Path(__file__).resolve().parent.parent
SEED = "test-grading-seed"
TIMEOUT = 15
SPEC = get("01")
Q1, Q2 = answer_source("q1"), answer_source("q2")


def own_value(student: str) -> int:
    """The q1 answer on the student's own data (what they would type in)."""
    return int(Exercise(SPEC, student).q1.expected())


def grading_value(student: str) -> int:
    return int(Exercise(SPEC, student, SEED).q1.expected())


def attack_cell(sentinel: Path, victim: Path) -> str:
    return f"""import os, shutil
attempts = [
    lambda: os.remove({str(sentinel)!r}),
    lambda: shutil.rmtree({str(sentinel.parent)!r}),
    lambda: open({str(victim)!r}, "w").write("overwritten"),
    lambda: os.utime({str(victim)!r}, (0, 0)),
    lambda: os.system("rm -rf {sentinel.parent}"),
]
for attempt in attempts:
    try:
        attempt()
        print("NOT BLOCKED")
    except Exception as exc:
        print("blocked:", type(exc).__name__)
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A class folder of adversarial submissions, graded once with two workers."""
    tmp = tmp_path_factory.mktemp("class")
    subs, safe = tmp / "submissions", tmp / "safe"
    safe.mkdir()
    sentinel = safe / "sentinel.txt"
    sentinel.write_text("keep me")
    typed = f"n_buyers = {own_value('typed')}\nex.q1.check(n_buyers)"
    nbs = {
        "good.ipynb": solved("good"),
        "anon.ipynb": solved(None),
        "typed.ipynb": notebook([typed, Q2], student="typed"),
        "crash.ipynb": notebook([Q1, "raise RuntimeError('boom')", Q2], student="crash"),
        "syntax.ipynb": notebook([Q1, "def broken(:\n    pass", Q2], student="syntax"),
        "loop.ipynb": notebook([Q1, "while True:\n    pass", Q2], student="loop"),
        "huge.ipynb": notebook([Q1, "for _ in range(200):\n    print('y' * 1_000_000)", Q2], student="huge"),
        "attack.ipynb": notebook([Q1, attack_cell(sentinel, subs / "attack.ipynb"), Q2], student="attack"),
        "hog.ipynb": notebook([Q1, "big = bytearray(8 * 1024**3)", Q2], student="hog"),
        "segv.ipynb": notebook([Q1, "import ctypes\nctypes.string_at(0)", Q2], student="segv"),
        "other.ipynb": notebook([Q1], exercise="02", student="other"),
        "plain.ipynb": notebook([Q1], exercise=None, student="plain"),
    }
    for name, nb in nbs.items():
        write(nb, subs / name)
    text = nbformat.writes(solved("corrupt"))
    (subs / "corrupt.ipynb").write_text(text[: len(text) // 2])
    (subs / "empty.ipynb").write_bytes(b"")
    (subs / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (subs / "notes.txt").write_text("I could not do the exercise, sorry.\n")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in subs.iterdir()}
    out = tmp / "gradebook.csv"
    t0 = time.perf_counter()
    report = grade([subs], out, workers=2, timeout=TIMEOUT, memory_mb=2048, grading_seed=SEED, echo=None)
    seconds = time.perf_counter() - t0
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        "tmp": tmp, "subs": subs, "out": out, "report": report, "rows": {Path(r["file"]).name: r for r in rows},
        "rows_list": rows, "results": {r.path.name: r for r in report.results}, "before": before,
        "sentinel": sentinel, "seconds": seconds,
    }


def outcomes(g, name):
    return g["results"][name].outcomes


def test_every_file_has_exactly_one_row(graded):
    names = sorted(p.name for p in graded["subs"].iterdir())
    assert sorted(r["file"] for r in graded["rows_list"]) == sorted(str(graded["subs"] / n) for n in names)
    assert graded["out"].read_bytes().endswith(b"\r\n")
    header = graded["out"].read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == ["student", "exercise", "file", *(q.name for q in SPEC.questions), "total", "max_points", "status",
                      "detail", "sha256", "grading_seed", "graded_at"]
    assert {r["grading_seed"] for r in graded["rows_list"]} == {SEED}
    assert {r["exercise"] for r in graded["rows_list"]} == {"01"}
    assert graded["report"].failed == []


def test_a_solved_notebook_gets_full_marks_and_its_feedback(graded):
    row = graded["rows"]["good.ipynb"]
    assert row["student"] == "good" and row["status"] == "graded"
    assert [row[q.name] for q in SPEC.questions] == ["1"] * len(SPEC.questions)
    assert row["total"] == row["max_points"] == f"{SPEC.max_points:g}"
    text = (graded["tmp"] / "feedback" / "good_ex01.md").read_text(encoding="utf-8")
    assert f"Score: {SPEC.max_points:g} of {SPEC.max_points:g} points" in text
    assert text.count("| correct | " + MESSAGES["correct"] + " |") == len(SPEC.questions)


def test_student_id_comes_from_the_file_name(graded):
    assert graded["rows"]["anon.ipynb"]["student"] == "anon"
    assert "start() names" not in graded["rows"]["anon.ipynb"]["detail"]  # naming no one is not flagged
    assert graded["rows"]["anon.ipynb"]["total"] == f"{SPEC.max_points:g}"
    assert graded["rows"]["crash.ipynb"]["student"] == "crash"


def test_a_number_typed_in_fails_on_the_grading_data(graded):
    assert own_value("typed") != grading_value("typed"), "precondition: the grading data differ"
    got = outcomes(graded, "typed.ipynb")
    assert got["q1"] == "incorrect" and got["q2"] == "correct"
    row = graded["rows"]["typed.ipynb"]
    assert (row["q1"], row["q2"], row["total"]) == ("0", "1", "1")
    feedback = (graded["tmp"] / "feedback" / "typed_ex01.md").read_text(encoding="utf-8")
    table = [line for line in feedback.splitlines() if line.startswith("| q")]
    first = graded["results"]["typed.ipynb"].scores[0]
    assert first.key in MESSAGES and first.key != "correct"
    assert "| incorrect |" in table[0] and text_of(first.key, **first.params).replace("|", "\\|") in table[0]
    assert not any(str(grading_value("typed")) in line for line in table), "the feedback must not reveal the answer"


def test_a_cell_that_raises_does_not_stop_the_later_cells(graded):
    r = graded["results"]["crash.ipynb"]
    assert r.status == "graded" and r.cell_errors == [(4, "RuntimeError")]
    assert (r.outcomes["q1"], r.outcomes["q2"]) == ("correct", "correct")
    assert "1 cell(s) raised (cell 4: RuntimeError)" in graded["rows"]["crash.ipynb"]["detail"]
    assert "4 (RuntimeError)" in (graded["tmp"] / "feedback" / "crash_ex01.md").read_text(encoding="utf-8")


def test_a_process_that_dies_is_crashed_and_keeps_earlier_checks(graded):
    r = graded["results"]["segv.ipynb"]
    assert r.status == "crashed"
    assert r.outcomes["q1"] == "correct" and r.outcomes["q2"] == "not_attempted"
    assert "process died in cell 4 (signal SIGSEGV): Fatal Python error: Segmentation fault" in r.detail


def test_a_syntax_error_cell_is_one_failed_cell(graded):
    r = graded["results"]["syntax.ipynb"]
    assert r.status == "graded" and r.cell_errors == [(4, "SyntaxError")]
    assert (r.outcomes["q1"], r.outcomes["q2"]) == ("correct", "correct")


def test_an_endless_loop_times_out_and_keeps_earlier_checks(graded):
    r = graded["results"]["loop.ipynb"]
    assert r.status == "timeout"
    assert r.outcomes["q1"] == "correct" and r.outcomes["q2"] == "not_attempted"
    assert graded["rows"]["loop.ipynb"]["q1"] == "1" and graded["rows"]["loop.ipynb"]["total"] == "1"
    assert f"stopped at the {TIMEOUT} s time limit in cell 4" in r.detail
    assert TIMEOUT <= r.run.seconds < TIMEOUT + 5
    assert "stopped after 15 seconds" in (graded["tmp"] / "feedback" / "loop_ex01.md").read_text(encoding="utf-8")


def test_huge_output_is_capped_and_the_notebook_graded(graded):
    r = graded["results"]["huge.ipynb"]
    assert r.status == "graded" and r.outcomes["q2"] == "correct"
    assert r.run.output_bytes >= 200_000_000
    assert len(r.run.output.encode()) < 100_000
    assert "output capped (200." in r.detail


def test_writes_outside_the_working_copy_are_refused(graded):
    r = graded["results"]["attack.ipynb"]
    assert r.status == "graded" and r.outcomes["q2"] == "correct"
    assert r.run.output.count("blocked: PermissionError") == 5 and "NOT BLOCKED" not in r.run.output
    assert graded["sentinel"].read_text() == "keep me"


def test_no_submission_is_modified(graded):
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in graded["subs"].iterdir()}
    assert after == graded["before"]


def test_a_memory_hog_is_stopped_and_the_run_survives(graded):
    r = graded["results"]["hog.ipynb"]
    assert r.outcomes["q1"] == "correct"
    assert r.status in ("graded", "memory")
    if r.status == "graded":
        assert (4, "MemoryError") in r.cell_errors and r.outcomes["q2"] == "correct"
    assert r.run.peak_mb < 2048


@pytest.mark.parametrize(
    "name,status",
    [
        ("corrupt.ipynb", "corrupt"),
        ("empty.ipynb", "empty"),
        ("picture.png", "not_a_notebook"),
        ("notes.txt", "not_a_notebook"),
        ("other.ipynb", "wrong_exercise"),
        ("plain.ipynb", "no_exercise"),
    ],
)
def test_files_that_cannot_run_get_a_row_with_a_clear_status(graded, name, status):
    row = graded["rows"][name]
    assert row["status"] == status and row["detail"]
    assert row["total"] == "0" and all(row[q.name] == "0" for q in SPEC.questions)
    assert row["student"] == Path(name).stem
    feedback = graded["tmp"] / "feedback" / f"{Path(name).stem}_ex01.md"
    assert f"Status: {status}" in feedback.read_text(encoding="utf-8")


def test_the_class_is_graded_quickly(graded):
    assert graded["seconds"] < 60


def test_running_again_skips_what_is_graded(graded):
    before = graded["out"].read_bytes()
    feedback = {p.name: p.read_bytes() for p in (graded["tmp"] / "feedback").iterdir()}
    t0 = time.perf_counter()
    report = grade([graded["subs"]], graded["out"], workers=2, timeout=TIMEOUT, grading_seed="another", echo=None)
    assert time.perf_counter() - t0 < 5
    assert report.results == [] and len(report.skipped) == len(graded["rows_list"])
    assert graded["out"].read_bytes() == before
    assert {p.name: p.read_bytes() for p in (graded["tmp"] / "feedback").iterdir()} == feedback


# -- each protection layer on its own ---------------------------------------------------------------
def _run_alone(tmp_path, cells, sandbox):
    nb = notebook(cells, student="alone")
    return child.run(
        nb, judge=Judge(SPEC, "alone", SEED), limits=child.Limits(timeout=60), sandbox=sandbox, run_root=tmp_path,
    )


def test_the_audit_hook_alone_refuses_writes_and_programs(tmp_path):
    victim = write(solved("victim"), tmp_path / "victim.ipynb")
    (tmp_path / "safe").mkdir()
    sentinel = tmp_path / "safe" / "sentinel.txt"
    sentinel.write_text("keep me")
    before = victim.read_bytes(), victim.stat().st_mtime_ns
    work = tmp_path / "runs"
    work.mkdir()
    out = _run_alone(work, [attack_cell(sentinel, victim), Q1], Sandbox(landlock=False, audit_hook=True))
    assert out.status == "graded" and out.landlock == 0
    assert out.output.count("blocked: PermissionError") == 5, out.output
    assert sentinel.read_text() == "keep me" and (victim.read_bytes(), victim.stat().st_mtime_ns) == before


@pytest.mark.skipif(landlock.abi_version() == 0, reason="the kernel has no Landlock")
def test_landlock_alone_stops_what_goes_around_the_audit_hook(tmp_path):
    (tmp_path / "safe").mkdir()
    sentinel = tmp_path / "safe" / "sentinel.txt"
    sentinel.write_text("keep me")
    cell = f"""import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
print("unlink:", libc.unlink({str(sentinel).encode()!r}), os.strerror(ctypes.get_errno()))
try:
    open({str(sentinel)!r}, "w")
except PermissionError:
    print("open refused")
open("inside.txt", "w").write("fine")
print("inside:", open("inside.txt").read())
"""
    work = tmp_path / "runs"
    work.mkdir()
    out = _run_alone(work, [cell, Q1], Sandbox(landlock=True, audit_hook=False))
    assert out.status == "graded" and out.landlock >= 1 and out.cell_errors == []
    assert "unlink: -1 Permission denied" in out.output and "open refused" in out.output and "inside: fine" in out.output
    assert sentinel.read_text() == "keep me"


@pytest.mark.skipif(landlock.abi_version() == 0, reason="the kernel has no Landlock")
def test_landlock_limits_reading_to_the_working_folder_and_python(tmp_path):
    public = tmp_path / "public.txt"
    public.write_text("READABLE-BY-ANYONE")
    os.chmod(public, 0o644)
    cell = f"""import ctypes, glob, os
libc = ctypes.CDLL(None, use_errno=True)
for path in [{str(public)!r}, "/etc/shadow", "/proc/1/cmdline", "/proc/{os.getpid()}/cmdline"]:
    try:
        print("read:", open(path).read()[:30])
    except OSError as exc:
        print("read refused:", type(exc).__name__)
fd = libc.open({str(public).encode()!r}, 0)
print("libc open:", fd, os.strerror(ctypes.get_errno()))
try:
    os.listdir({str(tmp_path)!r})
except OSError as exc:
    print("list refused:", type(exc).__name__)
import numpy, sklearn
print("own folder:", open("mine.txt", "w").write("x"), open("mine.txt").read())
"""
    work = tmp_path / "runs"
    work.mkdir()
    out = _run_alone(work, [cell, Q1], Sandbox(landlock=True, audit_hook=False))
    assert out.status == "graded" and out.cell_errors == [], out.output
    assert out.output.count("read refused: PermissionError") == 4 - (not Path("/etc/shadow").exists()), out.output
    assert "libc open: -1 Permission denied" in out.output and "list refused: PermissionError" in out.output
    assert "READABLE-BY-ANYONE" not in out.output and "own folder: 1 x" in out.output
    assert out.verdict.scores[0].outcome == "correct"  # the Python installation stays readable


def _escape(seconds: int) -> str:
    return f"""import ctypes, os, time
libc = ctypes.CDLL(None, use_errno=True)
if libc.fork() == 0:
    libc.setsid()
    if libc.fork() == 0:
        libc.setsid()
        time.sleep({seconds})
    os._exit(0)
time.sleep(0.3)
print("escaped")
"""


def _survivors(marker: str) -> list[int]:
    time.sleep(0.5)
    found = [pid for pid in _runner_processes(marker) if pid != os.getpid()]
    for pid in found:  # never leave them behind
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return found


@pytest.mark.parametrize("mode", [contain.PIDNS, contain.SUBREAPER])
@pytest.mark.parametrize("ending", ["ends", "times out"])
def test_no_process_of_a_notebook_outlives_it(tmp_path, mode, ending):
    cells = [_escape(600), Q1] + (["while True:\n    pass"] if ending == "times out" else [])
    nb = notebook(cells, student="escape")
    sandbox = Sandbox(landlock=True, audit_hook=True, contain=mode)
    out = child.run(nb, judge=Judge(SPEC, "escape", SEED), limits=child.Limits(timeout=8 if ending == "times out" else 60),
                    sandbox=sandbox, run_root=tmp_path)
    assert "escaped" in out.output and out.verdict.scores[0].outcome == "correct"
    assert out.status == ("timeout" if ending == "times out" else "graded")
    assert _survivors(str(tmp_path)) == []


def test_a_process_group_alone_does_not_stop_a_setsid_child(tmp_path):
    """The documented limit of the last fallback (systems without namespaces or subreapers)."""
    out = _run_alone(tmp_path, [_escape(30)], Sandbox(landlock=True, audit_hook=True, contain=contain.GROUP))
    assert "escaped" in out.output
    assert _survivors(str(tmp_path)) != []


def test_the_namespaces_leave_a_notebook_without_network(tmp_path):
    import socket

    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.settimeout(1.0)
    cell = f"""import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.sendto(b"LEAK", ("127.0.0.1", {udp.getsockname()[1]}))
    print("sent")
except OSError as exc:
    print("udp refused:", exc.strerror)
"""
    try:
        out = _run_alone(tmp_path, [cell], Sandbox(landlock=False, audit_hook=False, contain=contain.PIDNS))
        with pytest.raises(socket.timeout):
            udp.recvfrom(100)
    finally:
        udp.close()
    assert "udp refused: Network is unreachable" in out.output, out.output


@pytest.mark.skipif(os.geteuid() != 0, reason="the grader does not run as root")
def test_a_notebook_left_running_as_root_has_no_capabilities(tmp_path):
    victim = tmp_path / "someone_elses.txt"
    victim.write_text("x")
    os.chown(victim, 65534, 65534)
    os.chmod(victim, 0o600)
    cell = f"""import ctypes, os, resource
libc = ctypes.CDLL(None, use_errno=True)
try:
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    print("limit raised")
except (ValueError, OSError):
    print("limit kept")
print("chown:", libc.chown({str(victim).encode()!r}, 0, 0), os.strerror(ctypes.get_errno()))
print("chmod:", libc.chmod({str(victim).encode()!r}, 0o777), os.strerror(ctypes.get_errno()))
print([line for line in open("/proc/self/status") if line.startswith("CapEff")][0].strip())
"""
    out = _run_alone(tmp_path, [cell], Sandbox(landlock=True, audit_hook=False, user=None))
    assert "limit kept" in out.output and "chown: -1 Operation not permitted" in out.output, out.output
    assert "chmod: -1 Operation not permitted" in out.output and "CapEff:\t0000000000000000" in out.output
    assert victim.stat().st_uid == 65534 and (victim.stat().st_mode & 0o777) == 0o600


def test_notebooks_run_as_nobody_when_the_grader_is_root(tmp_path):
    from crmlab.exercises.grading.sandbox import NOBODY, choose

    if os.geteuid() != 0:
        pytest.skip("the grader does not run as root")
    sandbox, _mpl = choose(tmp_path)
    if sandbox.user is None:
        assert f"uid {NOBODY} cannot run" in sandbox.note
        pytest.skip(f"uid {NOBODY} cannot run {sys.executable} here ({sandbox.note})")
    out = _run_alone(tmp_path, ["import os\nprint('uid', os.getuid(), os.getgid())"], sandbox)
    assert f"uid {NOBODY} {NOBODY}" in out.output


def test_the_kits_references_are_readable_from_a_notebook(tmp_path):
    """A documented gap: the kit's exercises are in the installed package."""
    cell = "from crmlab.exercises.bank import get\nex.q1.check(get('01').question('q1').reference(ex._reference))"
    out = _run_alone(tmp_path, [cell], Sandbox())
    assert out.verdict.scores[0].outcome == "correct"


def test_a_notebook_gets_none_of_the_graders_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_API_TOKEN", "TOKEN-OF-THE-GRADER")
    monkeypatch.setenv("CRMLAB_GRADING_SEED", "seed-of-another-run")
    cell = "import os\nprint(sorted(os.environ))\nprint('token:', os.environ.get('GRADER_API_TOKEN'))"
    out = _run_alone(tmp_path, [cell], Sandbox(landlock=True, audit_hook=True))
    assert "token: None" in out.output and "TOKEN-OF-THE-GRADER" not in out.output
    assert "CRMLAB_GRADING_SEED" not in out.output and SEED not in out.output


# -- interruption -----------------------------------------------------------------------------------
def _runner_processes(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "crmlab.exercises.grading.runner" in cmd and marker in cmd:
                pids.append(int(entry.name))
    return pids


def _cli(args, tmp_path, **kw):
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "crmlab.cli", "grade", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **kw)


def test_a_killed_run_resumes_without_lost_or_duplicated_rows(tmp_path):
    subs = tmp_path / "subs"
    for i in range(5):
        write(solved(f"k{i}"), subs / f"k{i}.ipynb")
    out = tmp_path / "gradebook.csv"
    args = [str(subs), "--out", str(out), "--exercise", "01", "--workers", "1", "--timeout", "60", "--grading-seed", SEED]
    proc = _cli(args, tmp_path)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= 3:  # header + 2 rows
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the grader wrote no rows")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    for _ in range(100):  # the grading process dies with the grader
        if not _runner_processes(str(tmp_path)):
            break
        time.sleep(0.05)
    assert _runner_processes(str(tmp_path)) == []
    written = out.read_bytes().count(b"\n") - 1
    assert 2 <= written < 5
    with open(out, "ab") as fh:  # what a kill in the middle of a write would leave
        fh.write(b"k9,01,/somewhere/k9.ipynb,1,1,0")
    again = _cli(args, tmp_path)
    text, _ = again.communicate(timeout=120)
    assert again.returncode == 0, text
    assert "removed a row cut short" in text and f"{written} of 5 submissions already graded" in text
    lines = out.read_bytes().split(b"\r\n")
    assert lines[-1] == b"" and len(lines) == 1 + 5 + 1
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert sorted(r["student"] for r in rows) == [f"k{i}" for i in range(5)]
    assert all(r["status"] == "graded" and r["total"] == f"{SPEC.max_points:g}" for r in rows)
    assert len({len(next(csv.reader([line.decode()]))) for line in lines[:-1]}) == 1
    third = _cli(args, tmp_path)
    text, _ = third.communicate(timeout=60)
    assert third.returncode == 0 and "5 of 5 submissions already graded" in text and "graded 0 submissions" in text


def test_ctrl_c_stops_the_grader_cleanly(tmp_path):
    subs = tmp_path / "subs"
    write(notebook(["import time\ntime.sleep(300)"], student="slow"), subs / "slow.ipynb")
    out = tmp_path / "gradebook.csv"
    proc = _cli([str(subs), "--out", str(out), "--exercise", "01", "--timeout", "120"], tmp_path)
    deadline = time.monotonic() + 60
    while not _runner_processes(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    text, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "interrupted" in text
    assert _runner_processes(str(tmp_path)) == []
    assert out.read_text(encoding="utf-8").count("\n") == 1  # the header only
    assert list((tmp_path / "tmp").iterdir()) == []  # working folders removed


# -- the kit's own exercise notebooks -----------------------------------------------------------------
def test_the_kit_notebooks_grade_as_expected(tmp_path):
    """Every solution notebook scores full marks on fresh grading data; every student notebook
    scores zero with every question not attempted."""
    solutions = sorted((ROOT / "exercises" / "solutions").glob("[0-9][0-9]_*.ipynb"))
    assert [s.name[:2] for s in solutions] == [f"{n:02d}" for n in range(1, 9)]
    for sol in solutions:
        ex_id = re.match(r"(\d\d)_", sol.name).group(1)
        student = ROOT / "exercises" / sol.name
        spec = get(ex_id)
        report = grade([sol, student], tmp_path / f"ex{ex_id}.csv", exercise=ex_id, workers=2, timeout=300,
                       grading_seed=SEED, feedback=tmp_path / "feedback", echo=None)
        by_file = {r.path: r for r in report.results}
        assert set(by_file) == {sol, student} and report.failed == []
        solved_, blank = by_file[sol], by_file[student]
        assert solved_.status == "graded", solved_.detail
        assert solved_.outcomes == {q.name: "correct" for q in spec.questions}, (ex_id, solved_.detail)
        assert solved_.total == spec.max_points
        assert blank.status == "graded", blank.detail
        assert blank.outcomes == {q.name: "not_attempted" for q in spec.questions}, (ex_id, blank.detail)
        assert blank.total == 0
