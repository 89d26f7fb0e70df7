"""A real JupyterHub on 127.0.0.1 for the tests: dummy logins, one home folder per user, and
every user's server running crmlab installed from its wheel (a fresh virtual environment).

The hub is the ``jupyterhub`` package with ``configurable-http-proxy`` (npm); the spawner is
JupyterHub's SimpleLocalProcessSpawner (every server runs as the test's user, in its own home
folder ``homes/<name>``) — the layout of a small hub's ``/home/<name>``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .conftest import _free_port

PASSWORD = "crmlab-class"


def missing() -> str | None:
    """Why a hub cannot run here (None if it can)."""
    import importlib.util

    if importlib.util.find_spec("jupyterhub") is None:
        return "the jupyterhub package is not installed (a test dependency: pip install -e '.[test]')"
    if importlib.util.find_spec("jupyter_server_proxy") is None:
        return "jupyter-server-proxy is not installed (a test dependency: pip install -e '.[test]')"
    if shutil.which("configurable-http-proxy") is None:
        return "configurable-http-proxy is not on the PATH (npm install -g configurable-http-proxy)"
    return None


def lab_settings(home: Path) -> None:
    """JupyterLab settings of a user: no news toast, every cell rendered; terminals start a
    plain (not a login) shell, so they keep the PATH the hub gives the server, as an image's
    PATH or TLJH's profile script would."""
    (home / ".jupyter").mkdir(parents=True, exist_ok=True)
    (home / ".jupyter" / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"terminado_settings": {"shell_command": ["/bin/bash"]}}})
    )
    base = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
    for plugin, file, value in (
        ("apputils-extension", "notification", {"fetchNews": "false", "checkForUpdates": False}),
        ("notebook-extension", "tracker", {"windowingMode": "none"}),
    ):
        folder = base / plugin
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{file}.jupyterlab-settings").write_text(json.dumps(value))


def config(tmp: Path, python: Path, env: dict[str, str], ports: dict[str, int], users: list[str], admins: list[str]) -> str:
    """The hub's ``jupyterhub_config.py``."""
    keep = ("PATH", "PYTHONPATH", "PYTHONNOUSERSITE", "JUPYTER_CONFIG_PATH", "JUPYTER_PATH")
    server_env = {k: env[k] for k in keep if k in env}
    server_env.update(
        {"CRMLAB_LANGUAGE": "en", "MPLBACKEND": "module://matplotlib_inline.backend_inline", "TMPDIR": str(tmp / "tmp")}
    )
    return f"""
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports["public"]}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports["hub"]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports["proxy_api"]}"
c.ConfigurableHTTPProxy.pid_file = {str(tmp / "proxy.pid")!r}
c.JupyterHub.db_url = {"sqlite:///" + str(tmp / "jupyterhub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(tmp / "cookie_secret")!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(users)!r}
c.Authenticator.admin_users = {set(admins)!r}
c.DummyAuthenticator.password = {PASSWORD!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(tmp / "homes" / "{username}")!r}
c.Spawner.cmd = [{str(python)!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = ["--ServerApp.allow_root=True", "--LabApp.news_url="]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {server_env!r}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.shutdown_on_logout = False
"""


@dataclass
class Hub:
    url: str
    homes: Path
    tmp: Path
    python: Path
    env: dict
    proc: subprocess.Popen
    log: Path

    def home(self, user: str) -> Path:
        return self.homes / user


def start(tmp: Path, python: Path, env: dict[str, str], users: list[str], admins: list[str]) -> Hub:
    """Start the hub (its own folder ``tmp``); the users' home folders are made ready."""
    ports = {"public": _free_port(), "hub": _free_port(), "proxy_api": _free_port()}
    homes = tmp / "homes"
    (tmp / "tmp").mkdir(exist_ok=True)  # the servers' temporary folder
    for user in users:
        lab_settings(homes / user)
    (tmp / "jupyterhub_config.py").write_text(config(tmp, python, env, ports, users, admins))
    log = tmp / "jupyterhub.log"
    hub_env = dict(env)
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(tmp / "jupyterhub_config.py")],
        cwd=tmp,
        env={k: v for k, v in os.environ.items() if not k.startswith("CRMLAB_")} | {"PATH": hub_env["PATH"]},
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{ports['public']}"
    try:
        _wait_ready(f"{url}/hub/api", proc, timeout=120)
    except Exception:
        stop(proc)
        raise RuntimeError("the hub did not start:\n" + log.read_text()[-4000:]) from None
    return Hub(url, homes, tmp / "tmp", python, env, proc, log)


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float) -> None:
    """Wait until the hub answers through its proxy (200: the proxy answers 404 until the
    hub has added its route)."""
    import urllib.request

    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the hub exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    """Stop the hub, its proxy and every user's server (SIGTERM to the process group)."""
    import signal

    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # the single-user servers and the proxy may outlive the hub by design: end them too
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def login(page, hub: Hub, user: str, timeout_ms: int = 120_000) -> None:
    """Log ``user`` in through the hub's login form and wait for their JupyterLab."""
    page.goto(f"{hub.url}/hub/login")
    try:
        page.wait_for_selector("input#username_input", timeout=timeout_ms)
    except Exception:
        from .conftest import screenshot

        screenshot(page, f"hub_login_{user}_failed")
        raise AssertionError(f"no login form at {page.url}:\n{page.content()[:2000]}") from None
    page.fill("input#username_input", user)
    page.fill("input#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/lab**", timeout=timeout_ms)
    page.wait_for_selector("#jp-main-statusbar", timeout=timeout_ms)


def terminal(page, hub: Hub, user: str, timeout_ms: int = 60_000):
    """Open a new terminal in ``user``'s JupyterLab (in a fresh workspace: a terminal restored
    from an earlier visit would take the palette's shortcut); returns a function that types a
    command into it."""
    page.goto(f"{hub.url}/user/{user}/lab?reset")
    page.wait_for_selector("#jp-main-statusbar", timeout=timeout_ms)
    # an empty workspace shows the launcher: its "Terminal" card opens one
    page.click(".jp-LauncherCard:has-text('Terminal')", timeout=timeout_ms)
    page.wait_for_selector(".jp-Terminal .xterm", timeout=timeout_ms)
    time.sleep(1.0)  # the shell's prompt

    def type_command(command: str) -> None:
        page.click(".jp-Terminal .xterm")
        page.keyboard.type(command)
        page.keyboard.press("Enter")

    return type_command


def wait_for(predicate, timeout: float, what: str, page=None) -> None:
    """Wait until ``predicate()`` is true (a screenshot of ``page`` if it never is)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    if page is not None:
        from .conftest import screenshot

        screenshot(page, "hub_timeout_" + "".join(c if c.isalnum() else "_" for c in what))
    raise TimeoutError(f"{what} did not happen within {timeout} s")
