"""How a submitted notebook is kept from harming the machine, the grader and other submissions.

Every notebook runs in its own process, on a copy, in a fresh temporary working folder that is
deleted afterwards. The layers, outermost first:

1. **Another user id** — when the grader runs as root, the notebook's process runs as
   ``nobody`` (uid/gid 65534) and owns only its working folder. This needs the Python
   interpreter and the installed packages to be readable by that user; :func:`choose` tries it
   and falls back to the grader's own user if it is not (for instance a Python installed under
   ``/root``), and says so.
2. **Landlock** (Linux ≥ 5.13, :mod:`~crmlab.exercises.grading.landlock`) — enforced by the
   kernel for any user, root included, and for any code (C extensions, ``ctypes``): creating,
   writing, truncating, renaming, linking or removing files is allowed only inside the working
   folder; TCP connections and signals to outside processes are refused (on kernels that
   support it). Landlock does not cover changing the mode, owner or time stamps of a file.
3. **An audit hook** (:mod:`~crmlab.exercises.grading.audit`) — the same rules for file
   writes, plus no starting of programs or processes and no sockets, at the Python level; a
   portable guard against accidents that deliberate code can get around.
4. **Limits** (:mod:`~crmlab.exercises.grading.limits`) — memory, CPU time, file size, no core
   dumps; the grader kills the process group at the wall-clock time limit; output beyond 80 kB
   is dropped (:mod:`~crmlab.exercises.grading.output`); the process dies with the grader.

What this does **not** protect against:

* **reading**: a notebook can read every file its user id can read (other submissions, the
  gradebook of earlier rows when running as the grader's user); it has no channel to send
  what it reads anywhere but its own output, which only the grader sees;
* **forged results**: the checks run inside the student's process; a student who deliberately
  writes fake check events (or calls the internals of :mod:`crmlab.exercises`) can forge a
  score. The grader only rejects events not made on the grading seed's data. Reading the
  notebooks of suspicious scores remains the instructor's job;
* **disk space**: each file is limited in size, but not their number;
* **without the change of user id** (grader not root, or — as on a Python installed under
  ``/root`` — the interpreter unreadable by ``nobody``), code that goes around the audit hook
  (``ctypes``) can still change the mode, owner or time stamps of the grader's files, and
  start programs (which Landlock then confines to the same writes);
* **without Landlock** (older kernels, other systems) and without the change of user id, only
  the audit hook stands between the notebook and the grader's files: code using ``ctypes`` or
  C-level writers can modify what the grader's user may modify; processes started that way
  and put in a new session escape the time limit's process-group kill;
* UDP, and UNIX sockets named in the file system, are not blocked by Landlock (the audit hook
  refuses Python's ``socket.connect`` / ``sendto`` on any socket).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import contain

NOBODY = 65534
#: The grader's environment variables a grading process gets (the rest — tokens, keys, the
#: grader's own settings — never reach a notebook).
PASSED_ENV = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "CRMLAB_LANGUAGE", "TZ", "SYSTEMROOT")


@dataclass(frozen=True)
class Sandbox:
    """Which layers the grading processes use.

    Parameters
    ----------
    landlock : bool
        Confine file writes, TCP and signals with Landlock where the kernel has it.
    audit_hook : bool
        Install the audit hook.
    user : int or None
        Run the notebooks as this uid (and gid): only when the grader is root.
    note : str
        What :func:`choose` found (for the grader's report).
    landlock_abi : int
        The Landlock ABI the probe process obtained (0: none).
    read_limit : bool
        Let Landlock also limit what a notebook may read (its folder, the Python installation,
        the system's libraries and fonts).
    contain : str
        How a notebook's process tree is killed at its end (:mod:`.contain`): ``pidns``,
        ``subreaper`` or ``group``.
    """

    landlock: bool = True
    audit_hook: bool = True
    user: int | None = None
    note: str = ""
    landlock_abi: int = 0
    read_limit: bool = True
    contain: str = contain.PIDNS

    def describe(self) -> str:
        """One line for the grader's output."""
        from ...i18n import _

        layers = []
        if self.user is not None:
            layers.append(_("uid {uid}").format(uid=self.user))
        if self.landlock and self.landlock_abi:
            if self.read_limit:
                layers.append(_("Landlock ABI {abi} (writes and reads)").format(abi=self.landlock_abi))
            else:
                layers.append(_("Landlock ABI {abi} (writes)").format(abi=self.landlock_abi))
        elif self.landlock:
            layers.append(_("no Landlock (not available here)"))
        if self.audit_hook:
            layers.append(_("audit hook"))
        layers.append({
            contain.PIDNS: _("PID and network namespaces"),
            contain.SUBREAPER: _("subreaper"),
            contain.GROUP: _("process group only"),
        }.get(self.contain, self.contain))
        text = ", ".join(layers)
        return f"{text}; {self.note}" if self.note else text


def child_env(base: dict, home: Path, tmp: Path, mplconfig: Path) -> dict:
    """The environment of a grading process: only :data:`PASSED_ENV` of the grader's, a home
    and temp folder of its own, one thread per numeric library, lean allocators, no bytecode
    files."""
    env = {k: base[k] for k in PASSED_ENV if k in base}
    pkg_root = str(Path(__file__).resolve().parents[3])
    paths = [p for p in base.get("PYTHONPATH", "").split(os.pathsep) if p and p != pkg_root]
    if os.path.basename(pkg_root) not in ("site-packages", "dist-packages"):
        paths.insert(0, pkg_root)  # a source checkout: the same crmlab as the grader's
    env.update(
        {
            "HOME": str(home),
            "IPYTHONDIR": str(home / ".ipython"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "MPLCONFIGDIR": str(mplconfig),
            "MPLBACKEND": "Agg",
            "TMPDIR": str(tmp),
            "TEMP": str(tmp),
            "TMP": str(tmp),
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONFAULTHANDLER": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "NUMEXPR_NUM_THREADS": "1",
            "VECLIB_MAXIMUM_THREADS": "1",
            "ARROW_DEFAULT_MEMORY_POOL": "system",
            "MALLOC_ARENA_MAX": "2",
            "CRMLAB_GRADER_PID": str(os.getpid()),
        }
    )
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(paths)
    else:
        env.pop("PYTHONPATH", None)
    return env


def make_tree(root: Path, user: int | None) -> dict[str, Path]:
    """Create a grading process's folder tree under ``root`` (given to ``user`` if set)."""
    tree = {"root": root, "work": root / "work", "home": root / "home", "tmp": root / "tmp", "mpl": root / "home" / "mpl"}
    for key in ("work", "home", "tmp", "mpl"):
        tree[key].mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    if user is not None:
        give(root, user)
    return tree


def give(path: Path, user: int) -> None:
    """Hand ``path`` and everything in it to ``user`` (uid and gid)."""
    for dirpath, dirnames, filenames in os.walk(path):
        os.chown(dirpath, user, user, follow_symlinks=False)
        for name in filenames:
            os.chown(os.path.join(dirpath, name), user, user, follow_symlinks=False)


def runner_args(sandbox: Sandbox) -> list[str]:
    """The options of ``python -m crmlab.exercises.grading.runner`` for ``sandbox``."""
    args = ["--contain", sandbox.contain]
    if sandbox.user is not None:
        args += ["--user", str(sandbox.user)]
    if not sandbox.landlock:
        args.append("--no-landlock")
    if not sandbox.read_limit:
        args.append("--no-read-limit")
    if not sandbox.audit_hook:
        args.append("--no-audit-hook")
    return args


def _probe(run_root: Path, sandbox: Sandbox, timeout: float = 60) -> tuple[dict | None, str]:
    import tempfile

    where = Path(tempfile.mkdtemp(prefix="probe-", dir=run_root))
    tree = make_tree(where, sandbox.user)
    cmd = [sys.executable, "-m", "crmlab.exercises.grading.runner", "--probe", str(where), *runner_args(sandbox)]
    try:
        proc = subprocess.run(
            cmd, cwd=tree["work"], env=child_env(os.environ, tree["home"], tree["tmp"], tree["mpl"]),
            stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, start_new_session=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    if proc.returncode != 0:
        last = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        return None, last[0][:200]
    try:
        found = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None, "the probe printed no report"
    found["mpl"] = str(tree["mpl"])
    return found, ""


def choose(
    run_root: Path,
    *,
    landlock: bool = True,
    audit_hook: bool = True,
    drop_privileges: bool = True,
    read_limit: bool = True,
    contain_mode: str = contain.PIDNS,
):
    """Find the layers that work here, by starting probe processes, strongest first (which also
    builds the matplotlib font cache that every grading process then gets a copy of).

    Returns
    -------
    (Sandbox, Path or None)
        The sandbox, and the folder holding the warmed matplotlib cache.
    """
    from ...i18n import _

    notes = []
    users = [None]
    if drop_privileges and hasattr(os, "geteuid") and os.geteuid() == 0:
        users.insert(0, NOBODY)
    reads = [True, False] if (landlock and read_limit) else [False]
    why = ""
    for user in users:
        for limit in reads:
            wanted = Sandbox(landlock, audit_hook, user, "", 0, limit, contain_mode)
            found, why = _probe(run_root, wanted)
            if found is None:
                continue
            if user is None and NOBODY in users:
                notes.append(_("notebooks run as the grader's user: uid {uid} cannot run {python}").format(
                    uid=NOBODY, python=sys.executable))
            if not limit and landlock and read_limit and found.get("landlock"):
                notes.append(_("Landlock limits writes only: limiting reads stopped Python from starting"))
            obtained = found.get("contain") if found.get("contain") in contain.MODES else contain.GROUP
            if obtained != contain_mode:
                notes.append(_("the process tree is contained by {mode} only").format(mode=obtained))
            sandbox = Sandbox(landlock, audit_hook, user, "; ".join(notes), int(found.get("landlock", 0)),
                              bool(limit and found.get("landlock") and not found.get("reads_outside")), obtained)
            return sandbox, Path(found["mpl"])
    from ...errors import CrmlabError

    raise CrmlabError(_("cannot start a grading process with {python}: {why}").format(python=sys.executable, why=why))
