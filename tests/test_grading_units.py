"""The grader's parts, without running notebooks: scores from events, the gradebook file
(append, torn-line repair, resume keys, lock), classifying submitted files, collecting them,
feedback texts, the output cap, the audit hook's rules and the classification of a run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import numpy as np
import pandas as pd
import pytest

from crmlab.errors import ParameterError, ParameterTypeError
from crmlab.exercises.bank import get
from crmlab.exercises import ____
from crmlab.exercises.grading import child, codec, collect, feedback_file, statuses, submission
from crmlab.exercises.grading.audit import Guard
from crmlab.exercises.grading.gradebook import Gradebook, columns, read_rows, repair
from crmlab.exercises.grading.judge import Judge
from crmlab.exercises.grading.output import CappedOutput
from crmlab.exercises.grading.run import grade
from crmlab.exercises.session import derive_seed
from tests.grading_fixtures import notebook, solved

SPEC = get("01")
SEED = "unit-seed"


# -- outcomes decided by the grader -----------------------------------------------------------------
def answers_file(tmp_path, lines) -> Path:
    """An answers file as a grading process writes it (``lines``: (question, value) pairs, or
    raw text lines)."""
    path = tmp_path / "answers.jsonl"
    out = []
    for line in lines:
        out.append(line if isinstance(line, str) else json.dumps({"q": line[0], "a": codec.encode(line[1])}))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def judge01():
    j = Judge(SPEC, "s1", SEED)
    return j


def by_name(scores):
    return {s.name: (s.points, s.outcome, s.key) for s in scores}


def letters(judge, question):
    """(the right letter, a wrong letter) of a choice question in the order of the judge's student."""
    from crmlab.exercises.options import lettered

    q = judge.spec.question(question)
    right = q.reference(judge.reference)
    order = lettered(q.option_keys, judge.order_seed)
    return next(k for k, v in order.items() if v == right), next(k for k, v in order.items() if v != right)


def test_the_last_answer_of_each_question_decides(tmp_path, judge01):
    right = int(judge01.spec.question("q1").reference(judge01.reference))
    good, bad = letters(judge01, "q4")
    lines = [
        ("q1", right + 1), ("q1", right),            # fixed later: 1 point
        ("q4", good), ("q4", bad),                   # broken later: 0
        ("q3", ____),                                # the placeholder: not attempted
        ("q5", "E"),                                 # not a choice
    ]                                                # q2 and q6 never checked
    got = by_name(judge01.decide(answers_file(tmp_path, lines)).scores)
    assert got["q4"][:2] == (0.0, "incorrect") and got["q4"][2] != "correct"
    del got["q4"]
    assert got == {
        "q1": (1.0, "correct", "correct"),
        "q2": (0.0, "not_attempted", None),
        "q3": (0.0, "not_attempted", "not_attempted"),
        "q5": (0.0, "incorrect", "not_a_choice"),
        "q6": (0.0, "not_attempted", None),
    }


def test_nothing_in_the_answers_file_sets_an_outcome(tmp_path, judge01):
    forged = [
        '{"q":"q1","outcome":"correct","key":"correct","points":1}',          # no answer: unreadable
        '{"q":"q2","a":{"t":"calls","name":"f","calls":[],"mutated":[]}}',    # a function that never ran
        '{"q":"q3","a":{"t":"pickle","v":"gASVCAAAAAAAAACMBHBvc2l4lC4="}}',   # an unknown tag
        '{"q":"q4","a":{"t":"str","v":"%s"},"outcome":"incorrect","key":"wrong_value","params":{"column":"x"}}'
        % letters(judge01, "q4")[0],
        '{"q":"q9","a":{"t":"int","v":"1"}}',                                  # no such question
        '{"event":"check","exercise":"01","question":"q5","outcome":"correct","grading":true}',
        "not json at all",
    ]
    verdict = judge01.decide(answers_file(tmp_path, forged))
    got = by_name(verdict.scores)
    assert got["q1"] == (0.0, "incorrect", "grading:unreadable_answer")
    assert got["q2"] == (0.0, "incorrect", "grading:function_not_run")
    assert got["q3"] == (0.0, "incorrect", "grading:unreadable_answer")
    assert got["q4"] == (1.0, "correct", "correct")      # judged on its answer, whatever else the line says
    assert got["q5"] == (0.0, "not_attempted", None)
    assert verdict.unreadable == 3


def test_a_function_answer_is_judged_on_its_reported_results(tmp_path, judge01):
    from crmlab.exercises.grading.task import Task

    task = Task(judge01.write_task(tmp_path / "task.json"))
    q = SPEC.question("q2")
    assert [name for name, _ in task.inputs("q2")[0]] == ["customers", "as_of"]
    ns = {"pd": pd}
    exec(q.solution, ns)
    task.record("q2", ns["age_on"])
    assert by_name(judge01.decide(tmp_path / "answers.jsonl").scores)["q2"] == (1.0, "correct", "correct")

    def mutates(customers, as_of):
        customers["age"] = 1
        return ns["age_on"](customers, as_of)

    def raises(customers, as_of):
        raise KeyError("x" * 500 + "\nsecond line")

    for function, key in ((mutates, "function_mutated"), (raises, "function_raised"), (lambda c, a: ____, "not_attempted_function")):
        task.record("q2", function)
        score = {s.name: s for s in judge01.decide(tmp_path / "answers.jsonl").scores}["q2"]
        assert score.key == key and score.points == 0
    task.record("q2", raises)
    score = {s.name: s for s in judge01.decide(tmp_path / "answers.jsonl").scores}["q2"]
    assert score.params["error_type"] == "KeyError" and len(score.params["error"]) <= 80
    assert "second" not in score.params["error"]


def test_the_grader_gives_no_grading_seed_and_no_reference_to_the_notebook(tmp_path, judge01):
    text = judge01.write_task(tmp_path / "task.json").read_text()
    assert SEED not in text
    data = json.loads(text)
    assert set(data) == {"exercise", "seed", "locale", "order_seed", "answers", "inputs"}
    assert data["seed"] == derive_seed("01", "s1", SEED)
    assert data["locale"] == "en_US"  # an English submission: the English edition's data
    assert data["order_seed"] == derive_seed("01", "s1")  # the data the student saw: their order of options
    assert set(data["exercise"]["questions"][0]) == {"name", "kind", "title", "answer", "hints", "points"}
    choice = data["exercise"]["questions"][3]
    assert set(choice) == {"name", "kind", "title", "answer", "hints", "points", "options"}
    assert all(set(o) == {"key", "text"} for o in choice["options"])  # which one is right is not said


def test_points_follow_the_spec(tmp_path):
    from dataclasses import replace

    spec = replace(SPEC, questions=tuple(replace(q, points=p) for q, p in zip(SPEC.questions, (2.5, 1, 1, 1, 0.5, 2))))
    j = Judge(spec, "s1", SEED)
    right = j.spec.question("q1").reference(j.reference)
    scores = j.decide(answers_file(tmp_path, [("q1", right), ("q5", letters(j, "q5")[0])])).scores
    assert [s.points for s in scores] == [2.5, 0, 0, 0, 0.5, 0]
    assert [s.max_points for s in scores] == [2.5, 1, 1, 1, 0.5, 2]


def test_the_students_a_notebook_names_are_reported(tmp_path, judge01):
    lines = ['{"start":{"exercise":"01","student":"s7"}}', '{"start":{"exercise":"02","student":null}}',
             '{"start":{"exercise":"01","student":"../../etc"}}']
    verdict = judge01.decide(answers_file(tmp_path, lines))
    assert verdict.named_students == ["s7", None, None] and verdict.named_exercises == ["01", "02", "01"]


def test_values_a_message_quotes_are_checked_and_short():
    from crmlab.exercises.grading.judge import clean_params

    got = clean_params({"column": "a" * 500, "count": 3, "total": 10**20, "ari": float("nan"), "x": object(),
                        "Bad Key": 1, "lines": "one\ntwo\x1b[31m"})
    assert got["count"] == 3 and len(got["column"]) == 100 and got["column"].endswith("…")
    assert isinstance(got["total"], str) and got["ari"] == "nan" and "Bad Key" not in got
    assert got["lines"] == "one" and "object" in got["x"]
    assert clean_params("not a dict") == {}


# -- the gradebook --------------------------------------------------------------------------------
QS = ["q1", "q2"]


def row(student, file, sha="a" * 64, **extra):
    return {"student": student, "exercise": "01", "file": file, "q1": "1", "q2": "0", "total": "1",
            "max_points": "2", "status": "graded", "detail": "", "sha256": sha, "grading_seed": "s",
            "graded_at": "2026-01-01T00:00:00+00:00", **extra}


def test_gradebook_header_rows_and_round_trip(tmp_path):
    path = tmp_path / "gb.csv"
    with Gradebook(path, QS, "01") as book:
        book.append(row("s1", "/x/s1.ipynb", detail="two\nlines, with \"quotes\""))
        book.append(row("=cmd()", "/x/=evil.ipynb", sha="b" * 64))
    data = path.read_bytes()
    assert data.startswith(b"student,exercise,file,q1,q2,total,max_points,status,detail,sha256,grading_seed,graded_at\r\n")
    assert data.count(b"\n") == 3  # header + 2 rows, one line each
    assert b"'=cmd()" in data and b"'=evil" not in data.split(b",")[2]
    header, rows = read_rows(path)
    assert header == columns(QS)
    assert rows[0]["detail"] == 'two lines, with "quotes"'
    assert rows[1]["student"] == "=cmd()" and rows[1]["file"] == "/x/=evil.ipynb"
    with Gradebook(path, QS, "01") as book:
        assert book.is_done("/x/=evil.ipynb", "b" * 64)
        assert book.is_done("/x/s1.ipynb", "a" * 64)
        assert not book.is_done("/x/s1.ipynb", "c" * 64)  # same file, new content: graded again


def test_torn_last_line_is_repaired(tmp_path):
    path = tmp_path / "gb.csv"
    with Gradebook(path, QS, "01") as book:
        book.append(row("s1", "/x/s1.ipynb"))
        book.append(row("s2", "/x/s2.ipynb", sha="b" * 64))
    intact = path.read_bytes()
    with open(path, "ab") as fh:
        fh.write(b"s3,01,/x/s3.ipynb,1,0,1,2,gra")  # a row cut short by a kill
    with Gradebook(path, QS, "01") as book:
        assert book.repaired == len(b"s3,01,/x/s3.ipynb,1,0,1,2,gra")
        assert [r["student"] for r in book.rows] == ["s1", "s2"]
        assert not book.is_done("/x/s3.ipynb", "a" * 64)
    assert path.read_bytes() == intact
    assert repair(path) == 0


def test_torn_header_is_rewritten(tmp_path):
    path = tmp_path / "gb.csv"
    path.write_bytes(b"student,exer")
    with Gradebook(path, QS, "01") as book:
        book.append(row("s1", "/x/s1.ipynb"))
    header, rows = read_rows(path)
    assert header == columns(QS) and len(rows) == 1


def test_gradebook_of_another_exercise_or_shape_is_refused(tmp_path):
    path = tmp_path / "gb.csv"
    with Gradebook(path, QS, "01") as book:
        book.append(row("s1", "/x/s1.ipynb"))
    with pytest.raises(ParameterError, match="`out`.*columns"):
        Gradebook(path, ["q1", "q2", "q3"], "01")
    with pytest.raises(ParameterError, match="`out`.*exercise 01, not 02"):
        Gradebook(path, QS, "02")
    with pytest.raises(ParameterError, match="`out` must be a CSV file"):
        Gradebook(tmp_path, QS, "01")


def test_one_run_at_a_time_per_gradebook(tmp_path):
    path = tmp_path / "gb.csv"
    with Gradebook(path, QS, "01"):
        with pytest.raises(ParameterError, match="another `crmlab grade` run"):
            Gradebook(path, QS, "01")
    Gradebook(path, QS, "01").close()  # free again


# -- classifying a submitted file -------------------------------------------------------------------
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


@pytest.mark.parametrize(
    "data,status",
    [
        (b"", statuses.EMPTY),
        (b"  \n\t", statuses.EMPTY),
        (PNG, statuses.NOT_A_NOTEBOOK),
        (b"print('my homework')\n", statuses.NOT_A_NOTEBOOK),
        (b"[1, 2, 3]", statuses.NOT_A_NOTEBOOK),
        (b'{"name": "package.json"}', statuses.NOT_A_NOTEBOOK),
        (b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5', statuses.CORRUPT),
        (b'{"cells": 7, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', statuses.CORRUPT),
        (b'{"cells": [{"cell_type": "code", "source": 5}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', statuses.CORRUPT),
    ],
)
def test_files_that_are_not_runnable_notebooks(data, status):
    got, detail, declared, nb = submission.parse(data, "01")
    assert got == status and detail


def test_notebook_metadata_decides_the_exercise():
    def parse(nb):
        return submission.parse(nbformat.writes(nb).encode(), "01")

    assert parse(solved())[0] is None
    assert parse(solved())[2] == "01"
    assert parse(notebook([], exercise=None))[0] == statuses.NO_EXERCISE
    got = parse(notebook([], exercise="02"))
    assert got[0] == statuses.WRONG_EXERCISE and got[2] == "02" and "exercise 02, not 01" in got[1]
    truncated = nbformat.writes(solved()).encode()[:-40]
    assert submission.parse(truncated, "01")[0] == statuses.CORRUPT


def test_too_large_files_are_not_read(tmp_path):
    path = tmp_path / "big.ipynb"
    path.write_bytes(nbformat.writes(solved()).encode())
    sub = submission.read(path, "01", limit=100)
    assert sub.status == statuses.TOO_LARGE
    assert sub.sha256 == submission.read(path, "01").sha256  # the hash still covers the whole file


def test_reading_a_submission_leaves_it_untouched(tmp_path):
    path = tmp_path / "s1.ipynb"
    path.write_bytes(nbformat.writes(solved()).encode())
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    os.chmod(path, 0o444)
    before = path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_mode
    sub = submission.read(path, "01")
    assert sub.status is None and sub.notebook is not None
    assert (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_mode) == before


# -- collecting submissions --------------------------------------------------------------------------
def test_folders_are_searched_but_hidden_files_and_outputs_are_not(tmp_path):
    (tmp_path / "class" / "group_a").mkdir(parents=True)
    (tmp_path / "class" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "class" / "feedback").mkdir()
    for name in ["a.ipynb", "group_a/b.ipynb", "group_a/notes.txt", ".hidden.ipynb", ".ipynb_checkpoints/a-checkpoint.ipynb",
                 "feedback/a_ex01.md", "gradebook.csv"]:
        (tmp_path / "class" / name).write_text("x")
    found = collect.expand([tmp_path / "class", tmp_path / "class" / "a.ipynb"],
                           exclude=[tmp_path / "class" / "gradebook.csv", tmp_path / "class" / "feedback"])
    assert [p.relative_to(tmp_path / "class").as_posix() for p, _root in found] == ["a.ipynb", "group_a/b.ipynb", "group_a/notes.txt"]
    with pytest.raises(ParameterError, match="`submissions`.*neither a file nor a folder"):
        collect.expand([tmp_path / "nope.ipynb"])
    with pytest.raises(ParameterTypeError, match="`submissions`"):
        collect.expand([3])


def test_the_exercise_is_inferred_from_most_notebooks():
    def f(ex):
        return collect.Found(Path("x"), "0", ex)

    assert collect.infer_exercise([f("02"), f("01"), f("02"), f(None)])[0] == "02"
    exercise, note = collect.infer_exercise([f("03"), f("01")])
    assert exercise == "01" and "1 of 2 files" in note and "03: 1" in note
    with pytest.raises(ParameterError, match="--exercise"):
        collect.infer_exercise([f(None)])


# -- feedback texts ---------------------------------------------------------------------------------
def test_messages_without_their_values_show_an_ellipsis():
    assert feedback_file.text_of("correct") == "Your answer matches the one computed from your data."
    assert feedback_file.text_of("wrong_length", unit="customer") == "Your answer has … rows, but it should have one row per customer."
    assert feedback_file.text_of("function_raised") == "Your function raised … when called with …: …"
    assert feedback_file.text_of("no such key") == "" and feedback_file.text_of(None) == ""


def test_feedback_file_names_are_safe():
    assert feedback_file.file_name("s2025001", "01") == "s2025001_ex01.md"
    assert feedback_file.file_name("../../etc/passwd", "01") == "etc_passwd_ex01.md"
    assert feedback_file.file_name("Zhang Wei", "02", "ab12cd34") == "Zhang_Wei_ex02_ab12cd34.md"


def test_grading_messages_are_in_the_catalogue():
    from crmlab.exercises.grading.texts import TEXTS

    for status in statuses.ALL:
        assert f"grading:status:{status}" in TEXTS
        assert status in statuses.DESCRIPTIONS


# -- output cap -------------------------------------------------------------------------------------
def test_output_is_capped_while_it_is_drained():
    code = "import sys\nfor i in range(100):\n    sys.stdout.write(('%03d' % i) * 25000 + '\\n')\n"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    out = CappedOutput(proc.stdout, head=1000, tail=500)
    proc.wait()
    out.join()
    assert out.total == 100 * 75001
    assert out.capped and out.head() == b"000" * 333 + b"0" and len(out.tail_bytes()) == 500
    assert out.tail_bytes().endswith(b"099\n")
    assert "bytes of output dropped" in out.text()


# -- the audit hook's rules (called directly, not installed) -----------------------------------------
def test_audit_rules(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "outside.txt").write_text("x")
    os.symlink(tmp_path / "outside.txt", work / "link")
    guard = Guard(str(work))
    ok = [
        ("open", (str(work / "a.csv"), "w", os.O_WRONLY | os.O_CREAT)),
        ("open", (str(tmp_path / "outside.txt"), "r", os.O_RDONLY)),
        ("open", ("/dev/null", "w", os.O_WRONLY)),
        ("open", (3, "w", os.O_WRONLY)),
        ("os.remove", (str(work / "link"), None)),  # removes the link, not its target
        ("os.mkdir", (str(work / "sub"), 0o777, None)),
        ("os.kill", (os.getpid(), signal.SIGTERM)),
        ("import", ("os", None, [], [], [])),
    ]
    for event, args in ok:
        guard(event, args)
    refused = [
        ("open", (str(tmp_path / "outside.txt"), "a", os.O_WRONLY | os.O_APPEND)),
        ("open", (str(tmp_path / "new.txt"), None, os.O_RDWR | os.O_CREAT)),
        ("open", (str(work / "link"), "w", os.O_WRONLY)),  # writes through the link: outside
        ("open", (str(work / ".." / "outside.txt"), "r+", os.O_RDWR)),
        ("os.remove", (str(tmp_path / "outside.txt"), None)),
        ("os.rename", (str(work / "a"), str(tmp_path / "b"), None, None)),
        ("os.rename", (str(tmp_path / "outside.txt"), str(work / "b"), None, None)),
        ("os.link", (str(tmp_path / "outside.txt"), str(work / "hard"), None, None)),
        ("os.chmod", (str(tmp_path / "outside.txt"), 0o777, None)),
        ("os.utime", (str(tmp_path / "outside.txt"), None, None, None)),
        ("os.truncate", (str(tmp_path / "outside.txt"), 0)),
        ("shutil.rmtree", (str(tmp_path), None)),
        ("os.symlink", ("/etc", str(tmp_path / "x"), None)),
        ("sqlite3.connect", (str(tmp_path / "db.sqlite"),)),
        ("subprocess.Popen", ("rm", ["rm", "-rf", "/"], None, None)),
        ("os.system", (b"rm -rf /",)),
        ("os.fork", ()),
        ("os.exec", ("/bin/sh", ["sh"], None)),
        ("os.posix_spawn", ("/bin/sh", ["sh"], None)),
        ("os.kill", (1, signal.SIGKILL)),
        ("os.kill", (-1, signal.SIGKILL)),
        ("socket.connect", (None, ("10.0.0.1", 80))),
    ]
    for event, args in refused:
        with pytest.raises(PermissionError):
            guard(event, args)
    monkeypatch.chdir(work)
    guard("open", ("relative.csv", "w", os.O_WRONLY))
    with pytest.raises(PermissionError):
        guard("open", ("../outside.txt", "w", os.O_WRONLY))
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        with pytest.raises(PermissionError):
            guard("os.remove", ("outside.txt", fd))  # relative to a directory descriptor
    finally:
        os.close(fd)


# -- classifying a run ------------------------------------------------------------------------------
class _Out:
    def __init__(self, tail=b""):
        self.total = len(tail)
        self._tail = tail

    def tail_bytes(self):
        return self._tail

    def head(self):
        return b""

    def text(self):
        return self._tail.decode()


def _classify(returncode, log, *, timed_out=False, tail=b"", cpu=1.0):
    usage = SimpleNamespace(ru_utime=cpu, ru_stime=0.0, ru_maxrss=300 * 1024)
    return child.classify(returncode, log, _Out(tail), 2.0, usage, child.Limits(timeout=10), timed_out=timed_out)


LOG = [{"event": "ready", "cells": 3, "landlock": 7}, {"event": "cell", "cell": 2}, {"event": "end", "cell": 2, "error": None},
       {"event": "cell", "cell": 3}, {"event": "end", "cell": 3, "error": "ZeroDivisionError"}, {"event": "cell", "cell": 4}]


def test_run_classification():
    done = LOG + [{"event": "end", "cell": 4, "error": None}, {"event": "done"}]
    graded = _classify(0, done)
    assert (graded.status, graded.cells_run, graded.cell_errors, graded.last_cell) == ("graded", 3, [(3, "ZeroDivisionError")], None)
    assert "1 cell(s) raised (cell 3: ZeroDivisionError)" in graded.detail(child.Limits(timeout=10))
    timeout = _classify(-signal.SIGKILL, LOG, timed_out=True)
    assert (timeout.status, timeout.last_cell) == ("timeout", 4)
    assert "stopped at the 10 s time limit in cell 4" in timeout.detail(child.Limits(timeout=10))
    assert _classify(-signal.SIGXCPU, LOG).status == "timeout"
    assert _classify(-signal.SIGKILL, LOG, cpu=child.Limits(timeout=10).cpu_seconds).status == "timeout"
    assert _classify(-signal.SIGKILL, LOG).status == "memory"  # killed, not by us nor the CPU limit
    assert _classify(1, LOG, tail=b"Fatal Python error: Cannot recover from MemoryError").status == "memory"
    crashed = _classify(-signal.SIGSEGV, LOG, tail=b"Fatal Python error: Segmentation fault\n")
    assert crashed.status == "crashed" and crashed.exit == "signal SIGSEGV"
    assert "Segmentation fault" in crashed.detail(child.Limits(timeout=10))
    assert _classify(0, LOG).status == "crashed"  # exited without finishing (os._exit in a cell)
    assert _classify(0, done, timed_out=True).status == "graded"  # finished just as the clock ran out


def test_logs_written_by_a_notebook_are_read_defensively(tmp_path):
    (tmp_path / "ok.jsonl").write_text('{"a": 1}\nnot json\n[1]\n{"b": 2}\n')
    assert child.read_jsonl(tmp_path / "ok.jsonl") == [{"a": 1}, {"b": 2}]
    os.symlink("/etc/hostname", tmp_path / "link.jsonl")
    assert child.read_jsonl(tmp_path / "link.jsonl") == []
    os.mkfifo(tmp_path / "fifo.jsonl")
    assert child.read_jsonl(tmp_path / "fifo.jsonl") == []  # does not block
    big = tmp_path / "big.jsonl"
    big.write_text((json.dumps({"x": 1}) + "\n") * 1000)  # 9 bytes a line
    assert child.read_jsonl(big, limit=100) == [{"x": 1}] * 11


# -- arguments --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,error,pattern",
    [
        ({"workers": 0}, ParameterError, "`workers`"),
        ({"workers": 1.5}, ParameterTypeError, "`workers`"),
        ({"timeout": 0}, ParameterError, "`timeout`"),
        ({"timeout": True}, ParameterTypeError, "`timeout`"),
        ({"memory_mb": 100}, ParameterError, "`memory_mb`"),
        ({"grading_seed": ["x"]}, ParameterTypeError, "`grading_seed`"),
        ({"grading_seed": " "}, ParameterError, "`grading_seed`"),
        ({"exercise": "99"}, ParameterError, "`exercise`"),
    ],
)
def test_bad_arguments_are_refused_before_anything_runs(tmp_path, kwargs, error, pattern):
    sub = tmp_path / "s1.ipynb"
    nbformat.write(solved(), str(sub))
    with pytest.raises(error, match=pattern):
        grade([sub], tmp_path / "gb.csv", echo=None, **kwargs)
    assert not (tmp_path / "gb.csv").exists()


def test_missing_submission_and_no_exercise(tmp_path):
    with pytest.raises(ParameterError, match="`submissions`"):
        grade([tmp_path / "missing.ipynb"], tmp_path / "gb.csv", echo=None)
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(ParameterError, match="--exercise"):
        grade([tmp_path / "x.txt"], tmp_path / "gb.csv", echo=None)


def test_help_documents_every_option_and_status():
    from crmlab.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices["grade"]
    text = sub.format_help()
    for option in ("--out", "--exercise", "--feedback", "--workers", "--timeout", "--memory-mb", "--grading-seed",
                   "--id-from", "--roster", "SUBMISSIONS"):
        assert option in text
    for status in statuses.ALL:
        assert status in text


def test_working_folders_are_removed_even_without_permissions(tmp_path):
    work = tmp_path / "nb-x"
    (work / "a" / "b").mkdir(parents=True)
    (work / "a" / "b" / "f.txt").write_text("x")
    os.symlink(tmp_path, work / "a" / "up")
    os.chmod(work / "a" / "b", 0)
    os.chmod(work / "a", 0o500)
    child._rmtree(work)
    assert not work.exists() and tmp_path.exists()


def test_feedback_quotes_the_values_the_grader_recorded_about_the_answer():
    assert feedback_file.text_of("wrong_column_values", column="recency", count=3, total=40) == (
        "Column `recency` differs from the expected values in 3 of 40 rows."
    )
    # a value that does not fit its field (a count recorded as text) is left out, never a crash
    assert "…" in feedback_file.text_of("wrong_column_values", column="recency", count="3", total=40)
    assert feedback_file.text_of("grading:unreadable_answer").startswith("Your answer could not be read")


def test_a_limit_the_system_refuses_is_left_unset(monkeypatch):
    import resource

    from crmlab.exercises.grading import limits

    calls = []

    def refuse(kind, values):
        calls.append(kind)
        raise ValueError("not supported here")

    monkeypatch.setattr(resource, "setrlimit", refuse)
    limits.apply(memory_mb=1024, cpu_seconds=10, file_mb=10)  # must not raise
    assert calls == [resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_FSIZE, resource.RLIMIT_CORE]


# -- answers as data: the codec ---------------------------------------------------------------------
def _same(a, b):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_index_type=True, check_column_type=True)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True, check_index_type=True)
    elif isinstance(a, pd.Index):
        pd.testing.assert_index_equal(a, b, exact=True)
    else:
        assert type(a) is type(b) and (a == b or (a != a and b != b)), (a, b)


@pytest.mark.parametrize("value", [
    0, -7, 2**70, 1.5, float("nan"), float("inf"), True, "文本", None, ____,
    np.int32(3), np.float32(2.5), np.bool_(False), pd.Timestamp("2026-01-01 10:00", tz="Asia/Shanghai"),
    pd.Timestamp("2026-01-01").as_unit("s"), pd.Timedelta(days=3), pd.NaT, pd.Period("2024-03", "M"),
    [1, "a", None], (1, 2), {"k": [1.0]}, frozenset({1, 2}),
    pd.Series([1.0, None], index=["a", "b"], name="share"),
    pd.Series(pd.Categorical(["b", "a", None], categories=["b", "a"], ordered=True)),
    pd.Series([1, None], dtype="Int64"), pd.Series([True, None], dtype="boolean"),
    pd.Series(["a", None], dtype="str"), pd.Series(["a", None], dtype="string"), pd.Series([1, "a", None], dtype=object),
    pd.Series([1.5, 2.5], index=pd.period_range("2024-01", periods=2, freq="M"), name="cohort"),
    pd.DataFrame({0: [0.5, 1.0], 1: [0.2, None]}, index=pd.Index(["x", "y"], name="cohort")),
    pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}).set_index(["a", "b"]),
    pd.DataFrame({("a", "b"): [1], ("a", "c"): [2]}), pd.DataFrame(columns=["a", "b"]), pd.RangeIndex(3, 9, 2),
    pd.Series(pd.to_datetime(["2020-01-01", None]).tz_localize("UTC")), pd.Series(pd.to_timedelta([1, 2], unit="D")),
])
def test_answers_cross_as_data_with_their_types(value):
    _same(value, codec.loads(codec.dumps(value)))


def test_the_kits_data_and_function_inputs_cross_unchanged():
    from crmlab.exercises.bank import available
    from crmlab.exercises.compare import argument_sets
    from crmlab.exercises.session import Exercise

    ex = Exercise(SPEC, "s1")
    for name in ex.data:
        _same(ex.data[name], codec.loads(codec.dumps(ex.data[name])))
    for ex_id in available():
        spec = get(ex_id)
        session = Exercise(spec, "s1")
        for q in spec.questions:
            for args in argument_sets(q.compare, session._reference):
                for value in args.values():
                    _same(value, codec.loads(codec.dumps(value)))


def test_what_cannot_cross_is_named_by_its_type_only():
    class Secret:
        def __repr__(self):
            return "SECRET-REPR"

    back = codec.loads(codec.dumps(Secret()))
    assert type(back).__name__ == "Secret" and "SECRET" not in repr(back).replace("Secret", "")
    assert type(codec.loads(codec.dumps(np.zeros((2, 2, 2))))).__name__ == "ndarray"
    assert callable(codec.loads(codec.dumps(len))) and codec.loads(codec.dumps(len)).__name__ == "len"


@pytest.mark.parametrize("node", [
    {"t": "pickle", "v": "gASVCAAAAAAAAACMBHBvc2l4lC4="},
    {"t": "int", "v": "1" * 500},
    {"t": "str", "v": "x" * 200_000},
    {"t": "series", "name": {"t": "none"}, "index": {"t": "range", "start": 0, "stop": 2, "step": 1, "name": {"t": "none"}},
     "values": {"k": "int", "dtype": "int64", "v": [1, 2, 3]}},
    {"t": "series", "name": {"t": "none"}, "index": {"t": "range", "start": 0, "stop": 10**12, "step": 1,
                                                      "name": {"t": "none"}}, "values": {"k": "int", "dtype": "int64", "v": []}},
    {"t": "categorical", "values": {"k": "category", "ordered": False, "codes": [5],
                                    "categories": {"k": "nstr", "v": ["a"]}}},
    {"t": "npint", "dtype": "object", "v": 1},
    {"t": "timestamp", "unit": "fortnight", "v": 1, "tz": None},
    {"t": "timestamp", "unit": "s", "v": 1, "tz": "../../etc/passwd"},
    {"t": "frame", "index": {"t": "plain", "name": {"t": "none"}, "values": {"k": "object", "v": [{"t": "eval", "v": "1"}]}},
     "columns": {"t": "plain", "name": {"t": "none"}, "values": {"k": "nstr", "v": []}}, "data": []},
    {"t": "list", "items": "not a list"},
    "just a text",
])
def test_malformed_or_oversized_reports_are_refused(node):
    with pytest.raises(codec.DecodeError):
        codec.decode(node)


def test_decoding_is_bounded():
    nested = {"t": "none"}
    for _ in range(100):
        nested = {"t": "list", "items": [nested]}
    with pytest.raises(codec.DecodeError):
        codec.decode(nested)
    big = {"t": "list", "items": [{"t": "int", "v": "1"}] * 1000}
    with pytest.raises(codec.DecodeError):
        codec.decode(big, codec.Budget(items=500))
    assert len(codec.decode(big)) == 1000


def test_an_answers_file_that_is_a_link_a_fifo_or_huge_is_not_followed_waited_for_or_read_whole(tmp_path, judge01):
    from crmlab.exercises.grading.judge import read_regular

    real = answers_file(tmp_path, [("q4", "B")])
    os.symlink(real, tmp_path / "link.jsonl")
    os.mkfifo(tmp_path / "fifo.jsonl")
    for name in ("link.jsonl", "fifo.jsonl", "missing.jsonl"):
        verdict = judge01.decide(tmp_path / name)
        assert {s.outcome for s in verdict.scores} == {"not_attempted"}
    assert len(read_regular(real, limit=5)) == 5


# -- who a submission belongs to ----------------------------------------------------------------------
def test_the_student_id_comes_from_the_collection(tmp_path):
    from crmlab.exercises.grading import identity

    root = tmp_path / "export"
    assert identity.student_of(root / "s1.ipynb", root) == ("s1", "")
    assert identity.student_of(root / "s2025001" / "ex.ipynb", root, "folder") == ("s2025001", "")
    assert identity.student_of(root / "loose.ipynb", root, "folder") == ("loose", "")
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("file,student\ngroup_a/zhang.ipynb,s9\nli.ipynb,s8\n", encoding="utf-8")
    roster = identity.read_roster(roster_file)
    assert identity.student_of(root / "group_a" / "zhang.ipynb", root, "file", roster) == ("s9", "")
    assert identity.student_of(root / "other" / "li.ipynb", root, "file", roster) == ("s8", "")
    assert identity.student_of(root / "wang.ipynb", root, "file", roster) == ("wang", "not in the roster")
    assert identity.duplicates({root / "a" / "s1.ipynb": "s1", root / "b" / "s1.ipynb": "s1", root / "c.ipynb": "c"}) == {
        "s1": [root / "a" / "s1.ipynb", root / "b" / "s1.ipynb"]}
    (tmp_path / "bad.csv").write_text("name,id\n")
    with pytest.raises(ParameterError, match="`roster`"):
        identity.read_roster(tmp_path / "bad.csv")


def test_links_and_special_files_are_classified_without_being_opened(tmp_path):
    (tmp_path / "real.ipynb").write_bytes(nbformat.writes(solved()).encode())
    os.symlink(tmp_path / "real.ipynb", tmp_path / "link.ipynb")
    os.symlink("/dev/zero", tmp_path / "zero.ipynb")
    os.symlink(tmp_path / "gone", tmp_path / "dangling.ipynb")
    os.mkfifo(tmp_path / "fifo.ipynb")
    (tmp_path / "dir").mkdir()
    os.symlink(tmp_path / "dir", tmp_path / "dirlink")
    found = {f.path.name: f for f in collect.scan(collect.expand([tmp_path]))}
    assert found["real.ipynb"].status is None and found["real.ipynb"].declared == "01"
    for name in ("link.ipynb", "zero.ipynb", "dangling.ipynb", "dirlink"):
        assert found[name].status == "link" and "symbolic link" in found[name].detail
    assert found["fifo.ipynb"].status == "not_a_notebook" and "FIFO" in found["fifo.ipynb"].detail
    sub = submission.read(tmp_path / "link.ipynb", "01")
    assert sub.status == "link" and sub.notebook is None
    given = collect.scan(collect.expand([tmp_path / "link.ipynb"]))  # a link named on the command line
    assert given[0].status == "link"


def test_a_grading_process_gets_only_a_few_of_the_graders_variables(tmp_path):
    from crmlab.exercises.grading.sandbox import child_env

    env = child_env({"PATH": "/usr/bin", "LANG": "zh_CN.UTF-8", "AWS_SECRET_ACCESS_KEY": "k", "CRMLAB_GRADING_SEED": "s",
                     "PYTHONSTARTUP": "/x.py", "HOME": "/root"}, tmp_path / "h", tmp_path / "t", tmp_path / "m")
    assert env["PATH"] == "/usr/bin" and env["LANG"] == "zh_CN.UTF-8" and env["HOME"] == str(tmp_path / "h")
    assert not {"AWS_SECRET_ACCESS_KEY", "CRMLAB_GRADING_SEED", "PYTHONSTARTUP"} & set(env)


def test_every_claim_of_the_sandbox_docstring_names_a_test_that_exists():
    import re

    from crmlab.exercises.grading import sandbox

    text = re.sub(r"_\n\s+", "_", sandbox.__doc__)
    named = re.findall(r"``(test_[a-z0-9_]+)…?``", text)
    assert len(named) >= 25
    here = Path(__file__).parent
    source = "".join((here / f"test_grading_{n}.py").read_text(encoding="utf-8") for n in ("attacks", "run", "units", "course"))
    defined = set(re.findall(r"def (test_\w+)", source))
    missing = [n for n in named if not any(d.startswith(n) for d in defined)]
    assert missing == []
