"""Resource limits of a grading process, set by the process on itself before any student code.

* memory: ``RLIMIT_AS`` (address space). With the environment the grader gives its processes
  (Arrow's system allocator, two malloc arenas, one BLAS/OpenMP thread) the libraries reserve
  little beyond what they use: importing pandas, pyarrow, scikit-learn and matplotlib and
  generating an exercise's data takes about 0.6 GB of the limit. An allocation above the limit
  fails with ``MemoryError`` in the cell that made it;
* CPU time: ``RLIMIT_CPU``, a backstop behind the grader's wall-clock limit (``SIGXCPU``, then
  ``SIGKILL`` 5 seconds later);
* file size: ``RLIMIT_FSIZE`` (a larger write fails with ``EFBIG``);
* no core dumps.

(That the process dies with the grader, and its whole process tree with it, is
:mod:`~crmlab.exercises.grading.contain`'s work.)

Hard limits are set too, so the student's code cannot raise them again. A limit the system
refuses (macOS does not enforce ``RLIMIT_AS`` and may refuse it) is left unset rather than
stopping the grading; the wall-clock limit still applies.
"""

from __future__ import annotations

import resource


def _set(kind: int, soft: int, hard: int | None = None) -> None:
    hard = soft if hard is None else hard
    _, current = resource.getrlimit(kind)
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    try:
        resource.setrlimit(kind, (soft, hard))
    except (ValueError, OSError):  # the system does not support or refuses this limit
        pass


def apply(memory_mb: int, cpu_seconds: int, file_mb: int) -> None:
    """Set the limits described in the module docstring on this process."""
    _set(resource.RLIMIT_AS, int(memory_mb) * 1024 * 1024)
    _set(resource.RLIMIT_CPU, max(1, int(cpu_seconds)), max(1, int(cpu_seconds)) + 5)
    _set(resource.RLIMIT_FSIZE, int(file_mb) * 1024 * 1024)
    _set(resource.RLIMIT_CORE, 0)
