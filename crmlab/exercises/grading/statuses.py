"""The status of one graded submission: the ``status`` column of the gradebook.

Two families:

* the notebook **ran** (:data:`RUN_STATUSES`): ``graded`` (it ran to the end; cells that raised
  do not stop the run), ``timeout`` (stopped at the time limit), ``memory`` (stopped by the
  memory limit), ``crashed`` (the Python process died otherwise). Questions checked before the
  notebook stopped keep their outcome;
* the file **could not run** (:data:`FILE_STATUSES`): ``empty``, ``not_a_notebook`` (also a
  FIFO, a device or a socket, which is never opened), ``corrupt``, ``too_large``, ``no_exercise``
  (a notebook that does not say which exercise it is), ``wrong_exercise`` (another exercise than
  the one graded), ``link`` (a symbolic link: never followed) and ``unreadable`` (the grader may
  not read it). Every question scores 0.
"""

from __future__ import annotations

from ...i18n import N_

GRADED = "graded"
TIMEOUT = "timeout"
MEMORY = "memory"
CRASHED = "crashed"

EMPTY = "empty"
NOT_A_NOTEBOOK = "not_a_notebook"
CORRUPT = "corrupt"
TOO_LARGE = "too_large"
NO_EXERCISE = "no_exercise"
WRONG_EXERCISE = "wrong_exercise"
LINK = "link"
UNREADABLE = "unreadable"

#: The notebook was executed; its check events give the scores.
RUN_STATUSES = (GRADED, TIMEOUT, MEMORY, CRASHED)
#: The file was never executed.
FILE_STATUSES = (EMPTY, NOT_A_NOTEBOOK, CORRUPT, TOO_LARGE, NO_EXERCISE, WRONG_EXERCISE, LINK, UNREADABLE)
ALL = RUN_STATUSES + FILE_STATUSES

#: One line per status, for ``crmlab grade --help`` and the instructor (translated when shown).
DESCRIPTIONS = {
    GRADED: N_("the notebook ran to the end (cells that raised are counted in `detail`)"),
    TIMEOUT: N_("stopped at the time limit; questions checked before keep their outcome"),
    MEMORY: N_("stopped by the memory limit; questions checked before keep their outcome"),
    CRASHED: N_("the Python process died otherwise (exit code or signal in `detail`)"),
    EMPTY: N_("the file is empty"),
    NOT_A_NOTEBOOK: N_("not a Jupyter notebook (an image, a script, other JSON; a FIFO or device, never opened)"),
    CORRUPT: N_("the file looks like a notebook but cannot be read (cut short, broken JSON)"),
    TOO_LARGE: N_("the file is larger than 256 MB (not read)"),
    NO_EXERCISE: N_("a notebook without crmlab exercise metadata (not made from an exercise notebook)"),
    WRONG_EXERCISE: N_("a notebook of another exercise than the one graded"),
    LINK: N_("a symbolic link (to a file or a folder): links are never followed"),
    UNREADABLE: N_("a file or folder the grader is not allowed to read"),
}
