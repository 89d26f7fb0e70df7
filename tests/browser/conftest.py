"""JupyterLab (and Voilà) driven in a real headless Chromium.

The browser is Debian's ``chromium`` driven by the Python playwright package (never a
downloaded browser). When no chromium is installed these tests are skipped — unless
``CRMLAB_REQUIRE_BROWSER=1`` (as in CI), where a missing browser is a failure.
Screenshots go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "crmlab-test-token"


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # an HTTP answer, even an error status, means the server is up
        except Exception:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def isolated_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        path = tmp / var.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # never write outputs back into the repository's notebooks
    docmanager = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True, exist_ok=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    # render every cell (no virtual scrolling), so every output and widget is in the page
    notebook = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "notebook-extension"
    notebook.mkdir(parents=True, exist_ok=True)
    (notebook / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    # JUPYTER_DATA_DIR hides the environment's kernelspecs and labextensions only from the
    # user-level paths; the environment's own share/jupyter stays on the path.
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    # exercise checks log progress here, not next to the repository's notebooks
    env["CRMLAB_PROGRESS_FILE"] = str(tmp / "progress.jsonl")
    return env


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CRMLAB_REQUIRE_BROWSER") == "1":
            pytest.fail("CRMLAB_REQUIRE_BROWSER=1 but no chromium is installed (apt-get install chromium)")
        pytest.skip("no chromium on PATH: install it (apt-get install chromium) to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


def lab_options(port: int) -> list[str]:
    """The options of a test lab: on 127.0.0.1, with the test token, no browser, no news."""
    return [
        "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--port={port}", "--port-retries=0",
        f"--IdentityProvider.token={TOKEN}",
        "--LabApp.news_url=", "--ServerApp.open_browser=False",
    ]


class Lab(NamedTuple):
    """A running lab: its base URL and the file its output goes to."""

    base: str
    log: Path


@contextlib.contextmanager
def serve_lab(cmd: list[str], env: dict[str, str], port: int, log_path: Path):
    log = open(log_path, "w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{base}/api/status?token={TOKEN}", proc)
        yield Lab(base, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, browser):
    """A JupyterLab on 127.0.0.1 serving the project folder; yields its base URL."""
    tmp = tmp_path_factory.mktemp("lab")
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyter", "lab", *lab_options(port), f"--ServerApp.root_dir={ROOT}"]
    with serve_lab(cmd, isolated_env(tmp), port, tmp / "lab.log") as lab:
        yield lab.base


@pytest.fixture(scope="session")
def lab_server_zh(tmp_path_factory, browser):
    """The lab a Chinese user gets: started as ``sh dev.sh lab`` starts it (``python -m
    crmlab.lab``), with ``CRMLAB_LANGUAGE=zh_CN``; yields a :class:`Lab`."""
    tmp = tmp_path_factory.mktemp("lab_zh")
    port = _free_port()
    cmd = [sys.executable, "-m", "crmlab.lab", str(ROOT), *lab_options(port)]
    env = {**isolated_env(tmp), "CRMLAB_LANGUAGE": "zh_CN"}
    with serve_lab(cmd, env, port, tmp / "lab.log") as lab:
        yield lab


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
