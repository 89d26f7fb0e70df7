"""Instructor demo mode: a lesson's explorers as a Voilà dashboard, with no code on screen.

``crmlab demo 02`` writes a small notebook that shows the explorers of lesson 02 into a
temporary folder and serves it with Voilà on http://127.0.0.1 (a browser opens unless
``--no-browser``). The notebook is built from :func:`crmlab.widgets.lesson_explorers`, so a new
explorer appears in its lesson's demo without further work.

The dashboard speaks crmlab's language (:func:`crmlab.i18n.get_language`: ``CRMLAB_LANGUAGE``,
else the locale; ``crmlab demo 02 --language zh_CN`` chooses it): like the lesson of that
edition, its first cell sets the language, so with Chinese the explorers, their pictures and
their data are the Chinese lesson's, whatever the environment Voilà's kernel starts in.

On a JupyterHub (``$JUPYTERHUB_SERVICE_PREFIX`` is set) with jupyter-server-proxy installed,
Voilà is served under the user's server, at ``/user/<name>/proxy/<port>/`` (the hub checks who
asks; a random token keeps other users of the machine off the port), and that address is
printed. However the demo stops — Ctrl+C, the terminal closed, SIGTERM — Voilà, its kernels and
the temporary folder go with it (see :func:`run`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import ParameterError
from .i18n import _, get_language

#: The port ``crmlab demo`` serves on off a hub (another free one if it is taken).
DEFAULT_PORT = 8866


def normalise_lesson(lesson: object) -> str:
    """``2``, ``"2"``, ``"02"`` → ``"02"``."""
    text = str(lesson).strip()
    if not text.isdigit():
        raise ParameterError(
            _("`lesson` must be a lesson number such as 02, but {got} was passed.").format(got=repr(lesson))
        )
    return f"{int(text):02d}"


def setup_source(language: str) -> str:
    """The dashboard's first code cell: crmlab in ``language`` (texts, pictures, data), as the
    lesson of that edition begins (the ``;`` keeps the cell without output)."""
    return f'import crmlab\ncrmlab.set_language("{language}");'


def demo_notebook(lesson: object):
    """The dashboard notebook of ``lesson`` (an ``nbformat`` notebook), in crmlab's language:
    its title, and a first cell that sets that language in Voilà's kernel."""
    import nbformat

    from .widgets import lesson_explorers

    number = normalise_lesson(lesson)
    explorers = lesson_explorers()
    if number not in explorers:
        if not explorers:
            raise ParameterError(_("Lesson {lesson} has no explorers, and no lesson has a demo yet.").format(lesson=number))
        raise ParameterError(
            _("Lesson {lesson} has no explorers; lessons with a demo: {lessons}.").format(
                lesson=number, lessons=", ".join(explorers)
            )
        )
    nb = nbformat.v4.new_notebook()
    # Translators: the heading of the dashboard page `crmlab demo 02` serves.
    title = _("crmlab · Lesson {lesson}").format(lesson=number)
    cells = [nbformat.v4.new_markdown_cell(f"# {title}"), nbformat.v4.new_code_cell(setup_source(get_language()))]
    for name in explorers[number]:
        cells.append(nbformat.v4.new_code_cell(f"import crmlab.widgets\ncrmlab.widgets.{name}()"))
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["title"] = title  # the browser tab's title in Voilà
    return nb


def write_demo(lesson: object, folder: Path | None = None) -> Path:
    """Write the dashboard notebook and return its path (a temporary folder by default)."""
    import nbformat

    number = normalise_lesson(lesson)
    nb = demo_notebook(number)
    folder = Path(folder) if folder is not None else make_temp_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"lesson_{number}_demo.ipynb"
    nbformat.write(nb, path)
    return path


def voila_command(
    path: Path,
    port: int = 8866,
    browser: bool = True,
    token: str | None = None,
    base_url: str | None = None,
) -> list[str]:
    """The Voilà command line that serves ``path`` on 127.0.0.1.

    ``base_url`` is the path the browser reaches Voilà under when a proxy forwards to it
    (``/user/alice/proxy/8866/`` on a hub): Voilà still serves at ``/`` (the proxy removes the
    prefix) and its pages ask for everything under ``base_url``."""
    cmd = [sys.executable, "-m", "voila", str(path), "--Voila.ip=127.0.0.1", f"--port={port}", "--Voila.port_retries=0"]
    if base_url:
        cmd += [f"--Voila.base_url={base_url}", "--Voila.server_url=/"]
    if not browser:
        cmd.append("--no-browser")
    if token is not None:
        cmd.append(f"--token={token}")
    return cmd


# -- on a JupyterHub -----------------------------------------------------------------------------
def hub_prefix() -> str | None:
    """The path of this user's server on a JupyterHub (``/user/alice/``), or None off a hub."""
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "").strip()
    return (prefix if prefix.endswith("/") else prefix + "/") if prefix else None


def server_proxy_installed() -> bool:
    """Whether jupyter-server-proxy is installed (it forwards ``<server>/proxy/<port>/`` to a port)."""
    import importlib.util

    return importlib.util.find_spec("jupyter_server_proxy") is not None


def hub_url(prefix: str, port: int) -> str:
    """The dashboard's address through the hub's proxy (``/user/alice/proxy/8866/``)."""
    return f"{prefix}proxy/{port}/"


# -- temporary folders and the Voilà process ------------------------------------------------------
TEMP_PREFIX = "crmlab-demo-"
OWNER_FILE = "owner.pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(tmp: Path | None = None) -> list[Path]:
    """Remove the temporary folders of demos whose process is gone (killed without a chance to
    clean up); return them."""
    tmp = Path(tmp) if tmp is not None else Path(tempfile.gettempdir())
    removed = []
    for folder in tmp.glob(TEMP_PREFIX + "*"):
        try:
            if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
                continue
            pid = int((folder / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            continue
        if not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def make_temp_folder() -> Path:
    """A new temporary folder for one demo, marked with this process's id."""
    folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
    (folder / OWNER_FILE).write_text(str(os.getpid()))
    return folder


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the child gets SIGTERM when the demo dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_voila(cmd: list[str], cwd: Path, **popen) -> subprocess.Popen:
    """Start Voilà in its own process group (Ctrl+C in the terminal reaches the demo, which stops
    it in order), to die with the demo on Linux."""
    options = {"start_new_session": True}
    if sys.platform.startswith("linux"):
        options["preexec_fn"] = _die_with_parent
    return subprocess.Popen(cmd, cwd=cwd, **options, **popen)


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Stop Voilà and everything in its process group: SIGTERM (Voilà shuts its kernels down),
    then SIGKILL if it does not end within ``timeout`` seconds. Its kernels end on their own when
    Voilà is gone (they watch their parent)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
        proc.wait()


class _Stopped(Exception):
    """A signal asked the demo to stop."""


def _raise_stopped(signum, frame):
    raise _Stopped(signum)


def _free_port(preferred: int) -> int:
    import socket

    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    return preferred  # pragma: no cover


def run(lesson: object, port: int | None = None, browser: bool = True) -> int:
    """Serve the lesson's dashboard until stopped (Ctrl+C, the terminal closed, SIGTERM).

    On a JupyterHub with jupyter-server-proxy, the dashboard is served under this server's
    ``proxy/<port>/`` and that address is printed. Whatever stops it, Voilà (and its kernels)
    stop too and the temporary folder is removed; a demo killed outright (SIGKILL) takes Voilà
    with it on Linux, and the next ``crmlab demo`` removes its folder.
    """
    number = normalise_lesson(lesson)
    demo_notebook(number)  # a lesson without explorers fails before anything starts
    sweep_stale()
    prefix = hub_prefix()
    proxied = prefix is not None and server_proxy_installed()
    if port is None:
        port = _free_port(DEFAULT_PORT) if prefix is None else _free_port(0)
    token = secrets.token_urlsafe(16) if proxied else None
    handlers = {}
    folder = make_temp_folder()
    proc = None
    try:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            handlers[sig] = signal.signal(sig, _raise_stopped)
        path = write_demo(number, folder)
        if proxied:
            url = hub_url(prefix, port)
            cmd = voila_command(path, port, browser=False, token=token, base_url=url)
            print(
                _("Serving lesson {lesson} through the hub at {url}?token={token} (Ctrl+C to stop)").format(
                    lesson=number, url=url, token=token
                )
            )
        else:
            if prefix is not None:
                print(
                    _(
                        "This is a JupyterHub server without jupyter-server-proxy: the dashboard on 127.0.0.1 "
                        "cannot be reached through the hub. Ask for jupyter-server-proxy to be installed, or "
                        "write the dashboard with `crmlab demo {lesson} --write-only FOLDER` into your folder and "
                        "open {prefix}voila/render/FOLDER/lesson_{lesson}_demo.ipynb."
                    ).format(lesson=number, prefix=prefix)
                )
            cmd = voila_command(path, port, browser and prefix is None)
            print(
                _("Serving lesson {lesson} on http://127.0.0.1:{port}/ (Ctrl+C to stop)").format(lesson=number, port=port)
            )
        sys.stdout.flush()
        proc = start_voila(cmd, folder)
        return proc.wait()
    except (KeyboardInterrupt, _Stopped):
        return 0
    finally:
        if proc is not None:
            stop(proc)
        shutil.rmtree(folder, ignore_errors=True)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
