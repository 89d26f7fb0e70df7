"""A class on a real JupyterHub, end to end, in a real browser.

A hub on 127.0.0.1 (``jupyterhub`` with ``configurable-http-proxy``; dummy logins; a local
spawner with one home folder per user) runs every user's server with crmlab installed from its
wheel. Two students log in, get the course with ``crmlab course`` in a terminal, run exercise
02 and see different data under their own user names; one answers a question right. The
instructor collects the exercise from the students' folders and grades it: two gradebook rows
named by user, the right one with its point. A Voilà demo started with ``crmlab demo`` is
reached through the hub's proxy, and stopping it leaves no process and no folder behind.

Skipped (with the reason) when jupyterhub, jupyter-server-proxy, configurable-http-proxy or
chromium is missing — unless ``CRMLAB_REQUIRE_BROWSER=1`` (CI), where that is a failure.
Figures (run time, memory of a student's server) go to ``artifacts/hub_figures.json``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from crmlab.exercises.bank import get
from crmlab.widgets import lesson_explorers

from .. import wheelenv
from . import hub as hubtools
from .conftest import ARTIFACTS, _free_port, screenshot
from .lab import error_outputs, run_all, wait_idle

EXERCISE = get("02")
NOTEBOOK = f"crmlab/exercises/{EXERCISE.notebook}"
STUDENTS = ["alice", "bob"]
READER = "carol"  # a third student who only reads lesson 02 (the memory figure of one server)
TEACHER = "teacher"


@pytest.fixture(scope="module")
def hub(tmp_path_factory, browser):
    reason = hubtools.missing()
    if reason is not None:
        if os.environ.get("CRMLAB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CRMLAB_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("hub")
    wheel = wheelenv.build_wheel(tmp / "dist")
    python = wheelenv.make_venv(tmp / "venv", wheel)
    wheelenv.check_isolated(python, tmp)
    env = wheelenv.venv_env(python)
    started = hubtools.start(tmp, python, env, [*STUDENTS, READER, TEACHER], [TEACHER])
    try:
        yield started
    finally:
        hubtools.stop(started.proc)


def _tree(folder: Path) -> dict[str, tuple[str, float]]:
    """Every file under ``folder``: its hash and modification time (to prove nothing changed)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[str(path.relative_to(folder))] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime)
    return out


def _server_memory(user: str) -> int:
    """Resident memory (bytes) of ``user``'s server and its kernels."""
    import psutil

    total = 0
    for proc in psutil.process_iter(["cmdline", "environ"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or [])
            env = proc.info["environ"] or {}
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if env.get("JUPYTERHUB_USER") == user and ("jupyterhub.singleuser" in cmd or "ipykernel" in cmd):
            total += proc.memory_info().rss
    return total


def _voila_token(port: int) -> str | None:
    """The token of the Voilà that ``crmlab demo`` started on ``port`` (from its command line)."""
    import psutil

    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if "voila" in cmd and f"--port={port}" in cmd:
            for arg in cmd:
                if arg.startswith("--token="):
                    return arg.split("=", 1)[1]
    return None


def _answers(url: str) -> bool:
    """Whether a server answers at ``url`` (any HTTP status)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def _voila_processes(port: int) -> list:
    import psutil

    return [p for p in psutil.process_iter(["cmdline"]) if "voila" in (p.info["cmdline"] or []) and f"--port={port}" in p.info["cmdline"]]


def _answer_cell(page, question: str):
    cells = [
        c
        for c in page.query_selector_all(".jp-CodeCell")
        if f"ex.{question}.check(" in c.eval_on_selector(".jp-InputArea-editor", "e => e.innerText")
    ]
    assert len(cells) == 1
    return cells[0]


def _run_cell(page, cell, code: str, selector: str) -> str:
    """Replace the cell's code, run it, wait until it has run and ``selector`` is in its output;
    return the output's text."""
    cell.scroll_into_view_if_needed()
    before = cell.eval_on_selector(".jp-InputArea-prompt", "e => e.innerText")
    cell.query_selector(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        """([cell, before, sel]) => {
            const prompt = cell.querySelector('.jp-InputArea-prompt').innerText;
            return prompt !== before && /\\[\\d+\\]/.test(prompt) && cell.querySelector(sel) !== null;
        }""",
        arg=[cell, before, selector],
        timeout=90_000,
    )
    wait_idle(page)
    return cell.eval_on_selector(".jp-Cell-outputArea", "e => e.innerText")


DATA_LINE = 'print("orders:", len(orders), "revenue:", round(float(orders["amount"].sum()), 2))'


def _student_session(browser, hub, user: str, answer_right: bool) -> dict:
    """One student: log in, get the course, run exercise 02; returns what they saw."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        hubtools.login(page, hub, user)
        home = hub.home(user)
        type_command = hubtools.terminal(page, hub, user)
        type_command("crmlab course")
        hubtools.wait_for(lambda: (home / "crmlab" / ".crmlab" / "course.json").exists(), 60, f"{user}'s course", page)
        assert (home / "crmlab" / "notebooks" / "02_customer_value.ipynb").is_file()
        assert not (home / "crmlab" / "exercises" / "solutions").exists()  # never the solutions

        page.goto(f"{hub.url}/user/{user}/lab/tree/{NOTEBOOK}")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        wait_idle(page, 90_000)
        run_all(page)
        assert error_outputs(page) == []
        welcome = page.eval_on_selector_all(".jp-CodeCell .jp-OutputArea-output", "els => els.map(e => e.innerText)")
        assert any(f"made for student {user}" in text for text in welcome), welcome

        cell = _answer_cell(page, "q1")
        q1 = EXERCISE.question("q1")
        seen = _run_cell(page, cell, f"{DATA_LINE}\n{q1.answer} = ____\nex.q1.check({q1.answer})", ".crmlab-check-not_attempted")
        data = re.search(r"orders: \d+ revenue: [\d.]+", seen).group(0)
        if answer_right:
            verdict = _run_cell(page, cell, f"{q1.solution}\nex.q1.check({q1.answer})", ".crmlab-check-correct")
            assert "Correct" in verdict
        page.keyboard.press("Control+S")  # the notebook on disk is what the instructor collects
        saved = [q1.solution.splitlines()[0]] if answer_right else ["round(float(orders["]  # the cell's last code
        hubtools.wait_for(
            lambda: all(s in (home / NOTEBOOK).read_text() for s in saved), 30, f"{user}'s notebook saved", page
        )
        screenshot(page, f"hub_{user}_exercise_02")
        return {"data": data, "memory": _server_memory(user)}
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_a_class_on_a_real_jupyterhub(browser, hub, tmp_path):
    started = time.time()
    seen = {user: _student_session(browser, hub, user, answer_right=(user == "alice")) for user in STUDENTS}
    # same exercise, different data: each student's company is made for their hub user name
    assert seen["alice"]["data"] != seen["bob"]["data"], seen

    # -- the instructor collects and grades (with the wheel's crmlab, from the teacher's server) --
    before = {user: _tree(hub.home(user)) for user in STUDENTS}
    submissions = tmp_path / "submissions" / "02"
    teacher_env = wheelenv.venv_env(hub.python, JUPYTERHUB_USER=TEACHER)
    collected = subprocess.run(
        ["crmlab", "collect", "02", "--from", str(hub.homes / "{user}" / "crmlab" / "exercises" / "{notebook}"),
         "--out", str(submissions)],
        capture_output=True, text=True, env=teacher_env, cwd=tmp_path,
    )
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert sorted(p.name for p in submissions.glob("*.ipynb")) == ["alice.ipynb", "bob.ipynb"]
    assert f"no notebook {TEACHER}" in collected.stdout  # the teacher's home has no exercise
    assert {user: _tree(hub.home(user)) for user in STUDENTS} == before  # nothing in students' folders changed

    gradebook = tmp_path / "gradebook.csv"
    graded = subprocess.run(
        ["crmlab", "grade", str(submissions), "--exercise", "02", "--out", str(gradebook), "--workers", "2"],
        capture_output=True, text=True, env=teacher_env, cwd=tmp_path,
    )
    assert graded.returncode == 0, graded.stdout + graded.stderr
    rows = {row["student"]: row for row in csv.DictReader(gradebook.open(encoding="utf-8"))}
    assert sorted(rows) == STUDENTS, rows
    assert float(rows["alice"]["q1"]) == EXERCISE.question("q1").points and float(rows["bob"]["q1"]) == 0
    assert float(rows["alice"]["total"]) == EXERCISE.question("q1").points

    # -- a Voilà demo through the hub's proxy; stopping it leaves nothing behind --
    demo_seconds = _demo_through_the_hub(browser, hub, "alice")

    # -- a lesson from the handed-out course runs on the hub (and what one server then takes) --
    lesson_seconds, lesson_memory = _lesson_on_the_hub(browser, hub, READER, "02_customer_value.ipynb")

    figures = {
        "hub_test_seconds": round(time.time() - started, 1),
        "demo_seconds": demo_seconds,
        "lesson_02_seconds": lesson_seconds,
        "student_server_memory_mb_after_lesson_02": round(lesson_memory / 2**20),
        "student_server_memory_mb_after_exercise_02": {u: round(s["memory"] / 2**20) for u, s in seen.items()},
    }
    ARTIFACTS.parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS.parent / "hub_figures.json").write_text(json.dumps(figures, indent=1))


def _demo_through_the_hub(browser, hub, user: str) -> float:
    import glob

    started = time.time()
    lesson = next(iter(lesson_explorers()))  # the lightest dashboard, as in test_voila_demo
    port = _free_port()
    temp_before = set(glob.glob(str(hub.tmp / "crmlab-demo-*")))
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # one login for both tabs
    page = context.new_page()
    try:
        hubtools.login(page, hub, user)
        type_command = hubtools.terminal(page, hub, user)
        type_command(f"crmlab demo {lesson} --port {port}")
        hubtools.wait_for(lambda: _voila_token(port) is not None, 60, "the demo's Voilà")
        token = _voila_token(port)
        hubtools.wait_for(lambda: _answers(f"http://127.0.0.1:{port}/"), 60, "the demo's Voilà listening", page)
        demo = context.new_page()
        try:
            demo.goto(f"{hub.url}/user/{user}/proxy/{port}/?token={token}", timeout=120_000, wait_until="commit")
            demo.wait_for_selector(".crmlab-explorer", timeout=120_000)
            assert len(demo.query_selector_all(".crmlab-explorer")) == len(lesson_explorers()[lesson])
            assert demo.query_selector(".jp-CodeCell .jp-InputArea") is None  # no code on screen
            screenshot(demo, f"hub_voila_{lesson}")
        finally:
            demo.close()
        voila = _voila_processes(port)
        assert voila
        processes = [*voila, *(c for p in voila for c in p.children(recursive=True))]  # Voilà and its kernels
        assert any("ipykernel" in " ".join(p.cmdline()) for p in processes)
        assert set(glob.glob(str(hub.tmp / "crmlab-demo-*"))) - temp_before  # the demo's folder, while it runs
        page.click(".jp-Terminal .xterm")
        page.keyboard.press("Control+C")  # the instructor stops the demo
        hubtools.wait_for(lambda: not any(p.is_running() and p.status() != "zombie" for p in processes), 30, "Voilà stopped")
        hubtools.wait_for(lambda: set(glob.glob(str(hub.tmp / "crmlab-demo-*"))) <= temp_before, 30, "the demo's folder removed")
    finally:
        context.close()
    return round(time.time() - started, 1)


def _lesson_on_the_hub(browser, hub, user: str, notebook: str) -> tuple[float, int]:
    """``user`` gets the course and runs a lesson; returns the time taken and the memory of the
    user's server (server and kernel) with the lesson run."""
    started = time.time()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        hubtools.login(page, hub, user)
        type_command = hubtools.terminal(page, hub, user)
        type_command("crmlab course")
        hubtools.wait_for(lambda: (hub.home(user) / "crmlab" / ".crmlab" / "course.json").exists(), 60, f"{user}'s course", page)
        page.goto(f"{hub.url}/user/{user}/lab/tree/crmlab/notebooks/{notebook}")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        wait_idle(page, 90_000)
        run_all(page)
        assert error_outputs(page) == []
        screenshot(page, f"hub_{user}_lesson")
        return round(time.time() - started, 1), _server_memory(user)
    finally:
        page.close()
