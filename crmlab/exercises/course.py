"""Exercises an instructor writes in their own course folder, without editing crmlab.

An exercise is a plain Python file defining ``EXERCISE``, an
:class:`~crmlab.exercises.spec.ExerciseSpec` — the data it uses, the setup, and for each question
its title, hints, solution, reference, comparator and messages, exactly as the kit's own
exercises (``crmlab/exercises/bank/exNN.py``) are written. Its id names it everywhere: in
``crmlab.exercises.start("<id>", ...)``, in the notebook's metadata and in ``crmlab grade
--exercise path/to/<id>.py``.

``crmlab release`` hands out, next to the student notebook, ``<id>.json``: the exercise's public
part (:meth:`~crmlab.exercises.spec.ExerciseSpec.public` — data, setup, question titles and
hints; no solution, reference or comparator). With it, ``start("<id>")`` gives students their
data and keeps their answers for grading; only the instructor's ``<id>.py`` can check them. An
instructor who wants students to get instant feedback hands out ``<id>.py`` as well.

:func:`resolve` finds an exercise: a kit id (``"02"``), the path of a ``.py`` or ``.json`` file,
or an id looked up as ``<id>.py`` then ``<id>.json`` in the current folder and in the folders
listed in ``CRMLAB_EXERCISES`` (separated like ``PATH``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path

from ..errors import ParameterError, ParameterTypeError

ENV = "CRMLAB_EXERCISES"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
_LOADED: dict[tuple[str, int], object] = {}
_SOURCES: dict[int, Path] = {}


def source(spec) -> Path | None:
    """The file an instructor's exercise was loaded from (None for the kit's exercises)."""
    return _SOURCES.get(id(spec))


def _is_kit_id(text: str) -> bool:
    return text.isdigit()


def _check_id(spec, path: Path):
    from ..i18n import _
    from .spec import ExerciseSpec

    if not isinstance(spec, ExerciseSpec):
        raise ParameterError(
            _("The exercise file {path} must define `EXERCISE`, an ExerciseSpec, but it defines {got}.").format(
                path=str(path), got=type(spec).__name__
            )
        )
    if not _ID.match(spec.id) or _is_kit_id(spec.id):
        raise ParameterError(
            _("The id of the exercise in {path} must be 1–40 letters, digits or . _ - and not a number (the kit's "
              "exercises are numbered), but {got} was given.").format(path=str(path), got=repr(spec.id))
        )
    return spec


def load(path: str | os.PathLike):
    """The exercise defined by file ``path``: a Python file with ``EXERCISE``, or the public
    ``.json`` part ``crmlab release`` writes.

    Raises
    ------
    ParameterError
        If the file does not exist or does not define an exercise.
    """
    from ..i18n import _
    from .spec import ExerciseSpec

    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise ParameterError(_("The exercise file {path} does not exist.").format(path=str(path)))
    key = (str(path), path.stat().st_mtime_ns)
    if key in _LOADED:
        return _LOADED[key]
    if path.suffix == ".json":
        try:
            spec = ExerciseSpec.from_public(json.loads(path.read_text(encoding="utf-8")))
        except ValueError as exc:
            raise ParameterError(
                _("The exercise file {path} is not an exercise description ({error}).").format(path=str(path), error=exc)
            ) from None
    elif path.suffix == ".py":
        name = "crmlab_course_" + re.sub(r"\W", "_", path.stem) + f"_{abs(hash(str(path))):x}"
        module_spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        spec = getattr(module, "EXERCISE", None)
    else:
        raise ParameterError(
            _("An exercise file must be a .py or .json file, but {path} was given.").format(path=str(path))
        )
    _LOADED[key] = _check_id(spec, path)
    _SOURCES[id(_LOADED[key])] = path
    return _LOADED[key]


def search_path() -> list[Path]:
    """Where exercise ids are looked up: the current folder, then ``CRMLAB_EXERCISES``."""
    folders = [Path.cwd()]
    folders += [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p]
    return folders


def find(exercise: str) -> Path | None:
    """The file of instructor exercise ``exercise`` (``<id>.py``, then ``<id>.json``) on the
    search path, or None."""
    if not _ID.match(exercise):
        return None
    for folder in search_path():
        for suffix in (".py", ".json"):
            candidate = folder / f"{exercise}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def resolve(exercise: object):
    """The exercise named by ``exercise``: a kit id ("02", 2), an exercise file's path, or an
    instructor exercise's id found on :func:`search_path`."""
    from ..i18n import _
    from .bank import get

    if isinstance(exercise, os.PathLike):
        return load(exercise)
    if isinstance(exercise, bool) or not isinstance(exercise, (str, int)):
        return get(exercise)  # raises the kit's type error
    text = str(exercise).strip()
    if isinstance(exercise, int) or _is_kit_id(text):
        return get(exercise)
    if text.endswith((".py", ".json")):
        return load(text)
    found = find(text)
    if found is not None:
        spec = load(found)
        if spec.id != text:
            raise ParameterError(
                _("The exercise file {path} defines exercise {found}, not {wanted}.").format(
                    path=str(found), found=repr(spec.id), wanted=repr(text)
                )
            )
        return spec
    from .bank import available

    raise ParameterError(
        _("`exercise` must be one of the kit's exercises ({choices}) or the id of an exercise file (<id>.py or "
          "<id>.json) in this folder or in CRMLAB_EXERCISES, but {got} was passed.").format(
            choices=", ".join(available()), got=repr(exercise)
        )
    )


def check_type(exercise: object) -> None:
    """Refuse what cannot name an exercise (for the command line's arguments)."""
    from ..i18n import _

    if isinstance(exercise, bool) or not isinstance(exercise, (str, int, os.PathLike)):
        raise ParameterTypeError(
            _("`exercise` must be an exercise number such as \"02\" or an exercise file, but {got} of type {type} "
              "was passed.").format(got=repr(exercise), type=type(exercise).__name__)
        )
