"""The process that runs one submitted notebook: ``python -m crmlab.exercises.grading.runner``.

Usage (the grader starts it; see :mod:`crmlab.exercises.grading.child`)::

    python -m crmlab.exercises.grading.runner NOTEBOOK WORKDIR --exercise NN
        [--memory-mb MB] [--cpu-seconds S] [--file-mb MB] [--no-landlock] [--no-audit-hook]
    python -m crmlab.exercises.grading.runner --probe WORKDIR

In order, before any of the student's code runs, it

1. asks to die with the grader, and confines itself to ``WORKDIR`` with Landlock (while it is
   still the only thread);
2. sets its resource limits (:mod:`~crmlab.exercises.grading.limits`);
3. imports what exercise notebooks use (crmlab, numpy, pandas; matplotlib and scikit-learn if
   the notebook's code names them), so that their first use does not happen under the hook;
4. installs the audit hook (:mod:`~crmlab.exercises.grading.audit`).

Then it runs the notebook's code cells in order in an IPython shell (magics work), going on
after a cell that raises, like a notebook run with "allow errors". It appends to
``WORKDIR/runner.jsonl`` one line when each cell starts and one when it ends (with the name of
the error it raised, if any), then ``{"event": "done"}``. The check events go to the progress log
the grader named in ``CRMLAB_PROGRESS_FILE``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys

from . import landlock, limits

_PLOTS = re.compile(r"\b(matplotlib|plt|seaborn|sns|plots?|savefig)\b")
_SKLEARN = re.compile(r"\b(sklearn|KMeans|segment)\b")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m crmlab.exercises.grading.runner")
    p.add_argument("notebook", nargs="?")
    p.add_argument("workdir")
    p.add_argument("--exercise")
    p.add_argument("--memory-mb", type=int, default=2048)
    p.add_argument("--cpu-seconds", type=int, default=600)
    p.add_argument("--file-mb", type=int, default=256)
    p.add_argument("--no-landlock", action="store_true")
    p.add_argument("--no-audit-hook", action="store_true")
    p.add_argument("--probe", action="store_true", help="report the sandbox and warm the font cache, run nothing")
    return p


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


def preload(code: str, exercise: str | None) -> None:
    """Import the libraries the notebook is going to use."""
    for module in ("numpy", "pandas", "crmlab.simulate", "crmlab.exercises.session"):
        importlib.import_module(module)
    if exercise:
        try:
            from crmlab.exercises.bank import get

            get(exercise)
        except Exception:
            pass
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


def confine(workdir: str, use_landlock: bool) -> int:
    """Landlock this process to ``workdir``; the ABI used (0: not available or refused)."""
    if not use_landlock:
        return 0
    try:
        return landlock.restrict([workdir])
    except OSError as exc:
        print(f"grading: Landlock refused ({exc}); running without it", file=sys.stderr)
        return 0


def probe(workdir: str, use_landlock: bool) -> int:
    abi = confine(workdir, use_landlock)
    import matplotlib

    matplotlib.use("Agg")
    importlib.import_module("matplotlib.font_manager")  # builds the font cache in MPLCONFIGDIR

    print(json.dumps({"landlock": abi, "uid": os.getuid(), "gid": os.getgid()}))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    parent = os.environ.get("CRMLAB_GRADER_PID")
    limits.die_with_parent(int(parent) if parent and parent.isdigit() else None)
    workdir = os.path.realpath(args.workdir)
    if args.probe:
        return probe(workdir, not args.no_landlock)
    log = _Log(os.path.join(workdir, "runner.jsonl"))
    abi = confine(workdir, not args.no_landlock)
    limits.apply(args.memory_mb, args.cpu_seconds, args.file_mb)
    cells = code_cells(args.notebook)
    preload("\n".join(src for _, src in cells), args.exercise)
    shell = make_shell()
    os.chdir(os.path.join(workdir, "work"))
    if not args.no_audit_hook:
        from . import audit

        audit.install(workdir)
    log(event="ready", landlock=abi, audit_hook=not args.no_audit_hook, uid=os.getuid(), cells=len(cells))
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
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
