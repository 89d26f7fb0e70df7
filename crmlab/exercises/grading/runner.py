"""The process that runs one submitted notebook: ``python -m crmlab.exercises.grading.runner``.

Usage (the grader starts it; see :mod:`crmlab.exercises.grading.child`)::

    python -m crmlab.exercises.grading.runner NOTEBOOK WORKDIR [--contain pidns|subreaper|group]
        [--user UID] [--memory-mb MB] [--cpu-seconds S] [--file-mb MB]
        [--no-landlock] [--no-read-limit] [--no-audit-hook]
    python -m crmlab.exercises.grading.runner --probe WORKDIR [the same options]

The process started is a *keeper* (:mod:`~crmlab.exercises.grading.contain`) that runs the
notebook in a contained process tree and ends like it. The notebook's process, in order, before
any of the student's code runs:

1. dies with its parent, and drops to the sandbox's user id (``--user``, when the grader is root);
2. confines itself with Landlock (while it is still the only thread): writes only in
   ``WORKDIR``; reads only in ``WORKDIR``, the Python installation, the system's libraries and
   fonts (unless ``--no-read-limit``);
3. sets its resource limits (:mod:`~crmlab.exercises.grading.limits`);
4. imports what exercise notebooks use (crmlab, numpy, pandas; matplotlib and scikit-learn if
   the notebook's code names them), so that their first use does not happen under the hook;
5. installs the audit hook (:mod:`~crmlab.exercises.grading.audit`).

Then it runs the notebook's code cells in order in an IPython shell (magics work), going on
after a cell that raises, like a notebook run with "allow errors". It appends to
``WORKDIR/runner.jsonl`` one line when each cell starts and one when it ends (with the name of
the error it raised, if any), then ``{"event": "done"}``. The answers go to the answers file of
the task the grader named in ``CRMLAB_GRADING_TASK`` (:mod:`~crmlab.exercises.grading.task`).
Everything this process writes is read by the grader as hostile data.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys

from . import contain, landlock, limits

_PLOTS = re.compile(r"\b(matplotlib|plt|seaborn|sns|plots?|savefig)\b")
_SKLEARN = re.compile(r"\b(sklearn|KMeans|segment)\b")

#: Beyond the Python installation, what a notebook's process may read: the system's shared
#: libraries, fonts and time zones, and a few single files.
SYSTEM_READABLE = (
    "/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/local/lib", "/usr/share/fonts", "/usr/local/share/fonts",
    "/usr/share/zoneinfo", "/etc/fonts", "/sys/devices/system/cpu",
)
SYSTEM_READ_FILES = (
    "/etc/ld.so.cache", "/etc/localtime", "/etc/timezone", "/dev/urandom", "/dev/random", "/dev/zero",
    "/proc/cpuinfo", "/proc/meminfo",
)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m crmlab.exercises.grading.runner")
    p.add_argument("notebook", nargs="?")
    p.add_argument("workdir")
    p.add_argument("--memory-mb", type=int, default=2048)
    p.add_argument("--cpu-seconds", type=int, default=600)
    p.add_argument("--file-mb", type=int, default=256)
    p.add_argument("--contain", choices=contain.MODES, default=contain.GROUP)
    p.add_argument("--user", type=int, default=None)
    p.add_argument("--no-landlock", action="store_true")
    p.add_argument("--no-read-limit", action="store_true")
    p.add_argument("--no-audit-hook", action="store_true")
    p.add_argument("--probe", action="store_true", help="report the sandbox, warm the font cache")  # i18n: internal
    return p


def readable_roots() -> list[str]:
    """The folders a notebook's process may read under Landlock: the Python installation (the
    standard library, site-packages, the folders on ``sys.path``) and :data:`SYSTEM_READABLE`."""
    import site
    import sysconfig

    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths = sysconfig.get_paths()
    roots.update(paths.get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib"))
    try:
        roots.update(site.getsitepackages())
    except AttributeError:
        pass
    roots.update(p for p in sys.path if p)
    roots.add(os.path.dirname(os.path.realpath(sys.executable)))
    roots.update(SYSTEM_READABLE)
    return sorted({os.path.realpath(r) for r in roots if r and os.path.exists(r)})


def code_cells(path: str) -> list[tuple[int, str]]:
    """``(position in the notebook, 1-based; source)`` of each code cell."""
    with open(path, encoding="utf-8") as fh:
        nb = json.load(fh)
    out = []
    for i, cell in enumerate(nb.get("cells", []), 1):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            out.append((i, "".join(src) if isinstance(src, list) else str(src)))
    return out


def preload(code: str) -> None:
    """Import the libraries the notebook is going to use."""
    for module in ("numpy", "pandas", "crmlab.simulate", "crmlab.exercises.session", "crmlab.exercises.grading.task"):
        importlib.import_module(module)
    if _PLOTS.search(code):
        import matplotlib

        matplotlib.use("Agg")
        importlib.import_module("matplotlib.pyplot")
    if _SKLEARN.search(code):
        importlib.import_module("sklearn.base")


def make_shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.xmode = "Plain"
    return InteractiveShell.instance(config=config)


class _Log:
    def __init__(self, path: str):
        self._fh = open(path, "a", encoding="utf-8")

    def __call__(self, **entry) -> None:
        self._fh.write(json.dumps(entry) + "\n")
        self._fh.flush()


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def confine(workdir: str, use_landlock: bool, limit_reading: bool = True) -> int:
    """Landlock this process to ``workdir``; the ABI used (0: not available or refused)."""
    if not use_landlock:
        return 0
    try:
        if not limit_reading:
            return landlock.restrict([workdir])
        proc_self = os.path.realpath("/proc/self")
        return landlock.restrict([workdir], readable=readable_roots() + [proc_self],
                                 read_files=list(SYSTEM_READ_FILES))
    except OSError as exc:
        print(f"grading: Landlock refused ({exc}); running without it", file=sys.stderr)  # i18n: internal
        return 0


def _probe(args, workdir: str) -> int:
    abi = confine(workdir, not args.no_landlock, not args.no_read_limit)
    preload("matplotlib")
    importlib.import_module("matplotlib.font_manager")  # builds the font cache in MPLCONFIGDIR
    secret_read = True
    try:  # can this process read what it must not? (a folder of the grader, outside the sandbox)
        os.listdir(os.path.dirname(workdir))
    except OSError:
        secret_read = False
    print(json.dumps({"landlock": abi, "uid": os.getuid(), "gid": os.getgid(), "contain": contain.ACTIVE[0],
                      "reads_outside": secret_read}))
    return 0


def _notebook(args, workdir: str) -> int:
    log = _Log(os.path.join(workdir, "runner.jsonl"))
    abi = confine(workdir, not args.no_landlock, not args.no_read_limit)
    limits.apply(args.memory_mb, args.cpu_seconds, args.file_mb)
    cells = code_cells(args.notebook)
    preload("\n".join(src for _, src in cells))
    shell = make_shell()
    os.chdir(os.path.join(workdir, "work"))
    if not args.no_audit_hook:
        from . import audit

        audit.install(workdir)
    log(event="ready", landlock=abi, audit_hook=not args.no_audit_hook, uid=os.getuid(), cells=len(cells),
        contain=contain.ACTIVE[0])
    for position, source in cells:
        log(event="cell", cell=position)
        try:
            result = shell.run_cell(source, store_history=False)
            error = result.error_before_exec or result.error_in_exec
        except BaseException as exc:  # the shell itself failed on this cell
            error = exc
        _flush()
        log(event="end", cell=position, error=type(error).__name__ if error is not None else None)
    log(event="done")
    _flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    parent = os.environ.get("CRMLAB_GRADER_PID")
    workdir = os.path.realpath(args.workdir)
    body = (lambda: _probe(args, workdir)) if args.probe else (lambda: _notebook(args, workdir))
    contain.keep(args.contain, body, user=args.user, parent=int(parent) if parent and parent.isdigit() else None)
    return 0  # not reached: keep() ends this process


if __name__ == "__main__":
    sys.exit(main())
