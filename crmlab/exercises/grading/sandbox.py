"""What grading protects, and what it does not — each claim with the test that checks it.

Every submitted notebook runs in its own process tree, on a copy, in a fresh temporary working
folder that is deleted afterwards. It does not grade itself: it only *reports* the values it
passes to ``check`` (and a function's results on the grader's inputs), and the grader decides
every outcome in its own process (:mod:`~crmlab.exercises.grading.judge`). Tests named below are
in ``tests/test_grading_attacks.py`` (A), ``test_grading_run.py`` (R), ``test_grading_units.py``
(U) and ``test_grading_course.py`` (C).

Protected
---------
1. **Outcomes.** The grader regenerates the student's grading data from the grading seed (which
   never reaches the notebook), computes each reference itself and compares with the exercise's
   own comparator. Forged check events, lines added to any file, patched comparators or
   ``evaluate``, a changed environment or seed score nothing; a typed-in number fails, a real
   solution scores full marks. (A: ``test_forged_events_patches_and_a_changed_environment_score_
   nothing``, ``test_a_patched_comparator_does_not_pass_an_unanswered_question``,
   ``test_a_real_solution_scores_full_marks``, ``test_a_typed_in_number_fails``; U:
   ``test_nothing_in_the_answers_file_sets_an_outcome``, ``test_the_grader_gives_no_grading_seed_
   and_no_reference_to_the_notebook``.)
2. **Feedback and gradebook carry only what the grader wrote.** Reports are JSON rebuilt by the
   grader's code within a budget (:mod:`~crmlab.exercises.grading.codec`; no pickle, no code
   run); a message quotes only type-checked values of at most 100 characters; an exception is
   cut to its type and 80 characters of its first line; from the notebook's output only Python's
   own fatal-error line is quoted in ``detail``. (A: ``test_no_secret_reaches_a_feedback_file_or_
   the_gradebook``, ``test_feedback_quotes_only_short_values``; U: ``test_values_a_message_quotes_
   are_checked_and_short``, ``test_malformed_or_oversized_reports_are_refused``,
   ``test_decoding_is_bounded``, ``test_an_answers_file_that_is_a_link_a_fifo_or_huge_…``.)
3. **Identity.** The student id comes from the instructor's collection (file or folder name, or a
   roster); a notebook naming another id is flagged in ``detail`` and never credited to it; two
   rows for one student in a run are reported. (A: ``test_a_notebook_naming_another_student_is_
   not_credited_to_them``, ``test_two_submissions_of_one_student_are_reported``; U:
   ``test_the_student_id_comes_from_the_collection``.)
4. **Every path gets a row, nothing blocks.** Symbolic links are never followed (status
   ``link``), FIFOs, devices and sockets never opened (``not_a_notebook``); submissions are never
   modified. (A: ``test_symbolic_links_get_a_row_and_are_not_followed``, ``test_a_fifo_gets_a_row_
   and_is_not_read``, ``test_every_path_has_exactly_one_row``; U: ``test_links_and_special_files_
   are_classified_without_being_opened``; R: ``test_no_submission_is_modified``.)
5. **Writes** only inside the working folder: Landlock (Linux ≥ 5.13, any code, any user, root
   included; :mod:`~crmlab.exercises.grading.landlock`) and a Python audit hook that also refuses
   starting programs and Python sockets (:mod:`~crmlab.exercises.grading.audit`). (R:
   ``test_writes_outside_the_working_copy_are_refused``, ``test_the_audit_hook_alone_refuses_
   writes_and_programs``, ``test_landlock_alone_stops_what_goes_around_the_audit_hook``.)
6. **Reads** only inside the working folder, the Python installation (standard library,
   site-packages, the folders on ``sys.path``), the system's libraries, fonts and time zones and
   a few single files (:data:`~crmlab.exercises.grading.runner.SYSTEM_READABLE`): other
   submissions, the instructor's course folder (the references of their own exercises),
   ``/etc/shadow`` and other processes' ``/proc`` entries (the grader's command line) cannot be
   opened, even by root. (R: ``test_landlock_limits_reading_to_the_working_folder_and_python``;
   A: ``test_no_secret_reaches_a_feedback_file_or_the_gradebook``; C: ``test_a_notebook_cannot_
   read_the_references_in_the_course_folder``.)
7. **The grader's environment** does not reach a notebook: only :data:`PASSED_ENV` (path,
   language) and the grader's own settings for it. (R: ``test_a_notebook_gets_none_of_the_
   graders_environment``; U: ``test_a_grading_process_gets_only_a_few_of_the_graders_variables``.)
8. **Nothing outlives a run** (:mod:`~crmlab.exercises.grading.contain`): new PID, network and
   IPC namespaces — the kernel kills the whole tree, ``setsid`` children included, when the
   notebook ends or at the time limit, and the notebook has no network at all; fallback: a child
   subreaper that kills every descendant; last fallback: the process group only, which a
   ``setsid`` child escapes. :meth:`Sandbox.describe` says which one runs. (R: ``test_no_process_
   of_a_notebook_outlives_it`` for both modes, at the end and at the time limit,
   ``test_the_namespaces_leave_a_notebook_without_network``, ``test_a_process_group_alone_does_
   not_stop_a_setsid_child``; A: ``test_no_process_outlives_the_run``.)
9. **Privileges.** When the grader is root, the notebook runs as ``nobody`` (uid/gid 65534) if
   that user can run the Python installation (:func:`choose` tries it); otherwise it stays
   uid 0 but without any capability: it cannot raise its limits, change other users' files or
   signal their processes. (R: ``test_notebooks_run_as_nobody_when_the_grader_is_root`` — skipped
   where ``nobody`` cannot run Python — and ``test_a_notebook_left_running_as_root_has_no_
   capabilities``.)
10. **Limits** (:mod:`~crmlab.exercises.grading.limits`): wall-clock time, memory (address
    space), CPU time, file size, no core dumps; output beyond 80 kB is dropped
    (:mod:`~crmlab.exercises.grading.output`). (R: ``test_an_endless_loop_times_out_…``,
    ``test_a_memory_hog_is_stopped_…``, ``test_huge_output_is_capped_…``.)

Not protected
-------------
* **The kit's references are in the installed package**: a notebook can import
  :mod:`crmlab.exercises.bank` and compute a kit exercise's expected answers on the data it is
  graded on. For an assessment, write your own exercise in your course folder
  (:mod:`crmlab.exercises.course`): its file is not readable from a notebook (item 6). (R:
  ``test_the_kits_references_are_readable_from_a_notebook`` shows the gap.)
* **Inputs of function questions** are handed to the notebook; if one is another question's
  answer (exercise 02 gives ``score_rfm`` the RFM table), that answer can be read from them.
* **Whether a function changed its inputs** is observed in the notebook's process; a notebook can
  hide it (it gains nothing a function that does not change them would not).
* **What a notebook may read can appear in its own feedback**, 100 characters per quoted value
  (its own answers' column names, texts): the read limit of item 6 is what keeps secrets out.
* **Without Landlock** (kernels before 5.13, other systems, or refused), reading and writing are
  limited only by the user id and, for writes, the audit hook, which deliberate code (``ctypes``,
  C extensions) goes around; TCP and signals need Landlock ABI 4 and 6; without namespaces UDP and
  UNIX sockets are open (the audit hook refuses Python's own sockets).
* **Running as root without the change of user** (as when Python is installed under ``/root``):
  code that goes around the audit hook can change the mode and time stamps of files root owns
  (Landlock does not cover them; without capabilities it cannot change their owner).
* **Without namespaces**, a subreaper keeper that is itself killed with ``SIGKILL`` (the grader
  does so only if it does not end within seconds) leaves orphans behind.
* **Disk space**: each file is limited in size, but not their number; the grader reads at most
  64 MB of a notebook's answers and decodes them within a budget, in its own memory.
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
