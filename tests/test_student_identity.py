"""Who the student is on a hub, and progress that cannot vanish when the log cannot be written."""

from __future__ import annotations

import json
import warnings

import pytest

from crmlab.errors import ParameterError
from crmlab.exercises import progress, unsaved
from crmlab.exercises.identity import source, student_id
from crmlab.exercises.session import derive_seed, start


@pytest.fixture()
def log(tmp_path, monkeypatch):
    path = tmp_path / "progress.jsonl"
    monkeypatch.setenv(progress.ENV, str(path))
    monkeypatch.delenv("CRMLAB_GRADING_SEED", raising=False)
    unsaved.forget()
    yield path
    unsaved.forget()


def test_the_order_is_argument_then_hub_user_then_configured_variable():
    env = {"JUPYTERHUB_USER": "alice", "CRMLAB_STUDENT": "s2025001"}
    assert source("s9", env) == ("s9", "argument")
    assert source(None, env) == ("alice", "hub")
    assert source(None, {"CRMLAB_STUDENT": "s2025001"}) == ("s2025001", "configured")
    assert source(None, {}) == (None, "none")
    assert source(None, {"JUPYTERHUB_USER": "  "}) == (None, "none")
    # grading: the grader's environment (perhaps the instructor's hub server) names no student
    assert student_id(None, {**env, "CRMLAB_GRADING_SEED": "7"}) is None
    assert student_id("s9", {**env, "CRMLAB_GRADING_SEED": "7"}) == "s9"


def test_on_a_hub_the_notebook_needs_no_editing(log, monkeypatch, capsys):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    ex = start("01", student=None)  # as the handed-out notebook says
    assert ex.student == "alice" and ex.seed == derive_seed("01", "alice")
    assert "made for student alice" in capsys.readouterr().out
    assert json.loads(log.read_text().splitlines()[0])["student"] == "alice"
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    assert start("01").seed != ex.seed  # a neighbour gets other data
    assert start("01", student="s2025001").student == "s2025001"  # an explicit id still wins


def test_a_hub_name_that_cannot_be_an_id_says_where_it_came_from(log, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "a name with spaces")
    with pytest.raises(ParameterError, match="JUPYTERHUB_USER.*student=") as error:
        start("01")
    assert "'a name with spaces'" in str(error.value)
    monkeypatch.delenv("JUPYTERHUB_USER")
    monkeypatch.setenv("CRMLAB_STUDENT", "x" * 65)
    with pytest.raises(ParameterError, match="CRMLAB_STUDENT"):
        start("01")


def test_a_log_that_cannot_be_written_keeps_the_events_and_says_so_once(tmp_path, monkeypatch, capsys):
    unsaved.forget()
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the log's folder should be")
    log = blocker / "progress.jsonl"
    monkeypatch.setenv(progress.ENV, str(log))
    monkeypatch.delenv("CRMLAB_GRADING_SEED", raising=False)
    with pytest.warns(unsaved.ProgressNotSavedWarning, match="could not be saved") as caught:
        ex = start("01", student="s1")
        ns = ex.namespace()
        exec(ex.spec.question("q1").solution, ns)
        ex.q1.check(ns["n_buyers"])
        ex.q2.hint()
    assert len(caught) == 1  # told once, not at every event
    assert "Correct" in capsys.readouterr().out
    table = ex.progress().set_index("question")
    assert table.loc["q1", "outcome"] == "correct" and table.loc["q2", "hints seen"] == 1
    assert "1 of" in capsys.readouterr().out
    assert ex.score()["q1"] == 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex.q2.hint(2)  # no second warning
    # the folder becomes writable: the kept events are written first, in order
    blocker.unlink()
    blocker.mkdir()
    ex.q1.hint()
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["event"] for e in events] == ["start", "check", "hint", "hint", "hint"]
    assert unsaved.pending(log) == [] and len(progress.read()) == 5
    unsaved.forget()


def test_the_warning_is_in_the_students_language(tmp_path, monkeypatch, fake_translation):
    unsaved.forget()
    fake_translation({unsaved_text(): "无法保存你的进度到 {path}（{reason}）。"})
    (tmp_path / "f").write_text("x")
    monkeypatch.setenv(progress.ENV, str(tmp_path / "f" / "progress.jsonl"))
    with pytest.warns(unsaved.ProgressNotSavedWarning, match="无法保存你的进度"):
        progress.record("check", exercise="01", student=None)
    unsaved.forget()


def unsaved_text() -> str:
    """The English message of the warning, as marked in crmlab.exercises.unsaved."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(unsaved))
    texts = [n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "_"
             and n.args and isinstance(n.args[0], ast.Constant)]
    return next(t for t in texts if t.startswith("Your progress could not be saved"))
