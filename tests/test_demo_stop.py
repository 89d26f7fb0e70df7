"""crmlab demo stops cleanly: Voilà, its kernels and the temporary folder go, however it stops;
on a hub it serves under the user's server through jupyter-server-proxy."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from crmlab import demo

ROOT = Path(__file__).resolve().parent.parent
LESSON = "00"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _descendants(pid: int) -> list:
    import psutil

    return psutil.Process(pid).children(recursive=True)


def _start(tmp: Path, port: int, **env) -> subprocess.Popen:
    environ = dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(tmp), CRMLAB_LANGUAGE="en", **env)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crmlab.cli", "demo", LESSON, "--no-browser", "--port", str(port)],
        env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60):
                break  # the page is rendered: a kernel runs the explorers
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.5)
    return proc


def _gone(processes, timeout=30) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not any(p.is_running() and p.status() != "zombie" for p in processes):
            return True
        time.sleep(0.3)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_any_stop_ends_voila_and_its_kernels_and_removes_the_folder(tmp_path, how):
    port = _port()
    proc = _start(tmp_path, port)
    try:
        children = _descendants(proc.pid)
        names = " ".join(" ".join(c.cmdline()) for c in children)
        assert "voila" in names and "ipykernel" in names
        assert len(list(tmp_path.glob("crmlab-demo-*"))) == 1
        proc.send_signal(getattr(signal, how))
        assert proc.wait(timeout=30) == 0
        assert _gone(children)
        assert list(tmp_path.glob("crmlab-demo-*")) == []
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.slow
def test_a_killed_demo_takes_voila_with_it_and_the_next_demo_sweeps_its_folder(tmp_path):
    port = _port()
    proc = _start(tmp_path, port)
    children = _descendants(proc.pid)
    proc.kill()
    proc.wait()
    assert _gone(children)
    left = list(tmp_path.glob("crmlab-demo-*"))
    assert len(left) == 1
    assert demo.sweep_stale(tmp_path) == left and not left[0].exists()


def test_on_a_hub_voila_is_served_under_the_users_server(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/alice/")
    assert demo.hub_prefix() == "/user/alice/"
    url = demo.hub_url(demo.hub_prefix(), 8901)
    assert url == "/user/alice/proxy/8901/"
    cmd = demo.voila_command(Path("x.ipynb"), 8901, browser=False, token="t", base_url=url)
    assert "--Voila.ip=127.0.0.1" in cmd and "--Voila.base_url=/user/alice/proxy/8901/" in cmd
    assert "--Voila.server_url=/" in cmd and "--token=t" in cmd
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX")
    assert demo.hub_prefix() is None


def test_a_taken_port_gives_another(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        taken = s.getsockname()[1]
        assert demo._free_port(taken) != taken
