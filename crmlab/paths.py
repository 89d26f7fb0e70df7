"""Where the kit's files are: the bundled data, the lessons, the exercises, their solutions and
the translations.

The kit's files live in one of two places:

* **installed** (``pip install crmlab``, a wheel): inside the package, as package data under
  ``crmlab/_course/`` (``datasets/``, ``notebooks/``, ``exercises/``), found with
  :mod:`importlib.resources`; read-only is fine;
* **a checkout** (the repository, or an editable install of it): at the repository's root,
  beside the ``crmlab/`` package.

Every module that needs one of these files asks this module, so the two layouts stay one
decision. ``$CRMLAB_DATA`` points the data somewhere else (a folder with one sub-folder per
locale, as ``crmlab generate --out`` writes).

Translated editions of the notebooks are kept beside the English ones, in a sub-folder named
after the language (``notebooks/zh_CN/02_customer_value.ipynb``). :func:`course_files` takes
each notebook in the language asked for when that edition has it, else in English: adding an
edition is a matter of adding its files.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

__all__ = [
    "DATA_ENV",
    "PACKAGE_COURSE",
    "install_kind",
    "course_root",
    "datasets_dir",
    "data_card",
    "lessons_dir",
    "exercises_dir",
    "solutions_dir",
    "locales_dir",
    "editions",
    "edition_dir",
    "course_files",
    "status",
]

#: Environment variable that points the bundled data to another folder.
DATA_ENV = "CRMLAB_DATA"
#: The folder, inside the package, that holds the course files in an installed kit.
PACKAGE_COURSE = "_course"
#: The course's folders (the same names in a checkout and in the package).
FOLDERS = ("datasets", "notebooks", "exercises")


def _package_dir() -> Path:
    """The ``crmlab`` package's folder (through importlib.resources: a real folder for any
    installed wheel; crmlab is never imported from a zip file)."""
    return Path(str(files("crmlab")))


def _checkout_root() -> Path | None:
    """The repository root if crmlab runs from a checkout of it (the course folders beside the
    package), else None."""
    root = _package_dir().parent
    if all((root / name).is_dir() for name in FOLDERS) and (root / "pyproject.toml").is_file():
        return root
    return None


def install_kind() -> str:
    """``"package"`` (the course files are package data), ``"checkout"`` (a repository) or
    ``"incomplete"`` (neither: a package built without its course files)."""
    if (_package_dir() / PACKAGE_COURSE).is_dir():
        return "package"
    if _checkout_root() is not None:
        return "checkout"
    return "incomplete"


def course_root() -> Path:
    """The folder holding ``datasets/``, ``notebooks/`` and ``exercises/``.

    In an incomplete install this is where the package would hold them (``crmlab/_course``),
    which does not exist: :func:`status` says what is missing.
    """
    kind = install_kind()
    if kind == "checkout":
        return _checkout_root()  # type: ignore[return-value]
    return _package_dir() / PACKAGE_COURSE


def datasets_dir() -> Path:
    """The bundled data: ``$CRMLAB_DATA`` if set, else the kit's ``datasets/`` (one folder per
    locale)."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    return course_root() / "datasets"


def data_card() -> Path:
    """The data card, ``datasets/README.md`` of the kit."""
    return course_root() / "datasets" / "README.md"


def lessons_dir(language: str | None = None) -> Path:
    """The lesson notebooks (``notebooks/``), or their edition in ``language`` (which may not exist)."""
    return edition_dir("notebooks", language)


def exercises_dir(language: str | None = None) -> Path:
    """The student exercise notebooks (``exercises/``), or their edition in ``language``."""
    return edition_dir("exercises", language)


def solutions_dir() -> Path:
    """The solution notebooks (``exercises/solutions/``), for instructors."""
    return course_root() / "exercises" / "solutions"


def locales_dir() -> Path:
    """The message catalogues, ``crmlab/locales/`` (always package data)."""
    return _package_dir() / "locales"


def _is_edition_name(name: str) -> bool:
    """``zh_CN``, ``fr``, ``pt_BR``: a folder name that is a language, not ``solutions``."""
    head, _sep, tail = name.partition("_")
    return len(head) == 2 and head.islower() and (not tail or (len(tail) == 2 and tail.isupper()))


def editions(folder: str = "notebooks") -> list[str]:
    """The languages of the translated editions present in ``folder`` (``"notebooks"`` or
    ``"exercises"``), sorted; English, the source, is not listed."""
    base = course_root() / folder
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and _is_edition_name(p.name))


def edition_dir(folder: str, language: str | None = None) -> Path:
    """``folder`` (``"notebooks"`` or ``"exercises"``) in ``language``: the English folder for
    None, ``"en"`` or ``"en_US"``, else its language sub-folder (which may not exist)."""
    base = course_root() / folder
    if language is None or language == "en" or language.startswith("en_"):
        return base
    return base / language


def course_files(language: str | None = None) -> dict[str, Path]:
    """What a student gets of the course: relative path in the student's folder → the kit's file.

    The lessons (``notebooks/NN_*.ipynb``), the exercise notebooks (``exercises/NN_*.ipynb``,
    student versions; never the solutions) and the data card (``datasets/README.md``, which the
    lessons refer to). Each notebook is taken from the ``language`` edition when it has that
    notebook, else in English; the relative path is the same in every language, so the
    lessons' links between notebooks keep working.
    """
    out: dict[str, Path] = {}
    for folder in ("notebooks", "exercises"):
        english = edition_dir(folder)
        translated = edition_dir(folder, language)
        if not english.is_dir():
            continue
        for path in sorted(english.glob("[0-9][0-9]_*.ipynb")):
            local = translated / path.name
            out[f"{folder}/{path.name}"] = local if local.is_file() else path
    card = data_card()
    if card.is_file():
        out["datasets/README.md"] = card
    return out


def status() -> list[dict[str, object]]:
    """Each kind of kit file: ``name``, ``path``, whether it is ``present`` and how many files
    it holds (``count``) — what ``crmlab info`` reports."""

    def count(path: Path, pattern: str) -> int:
        return len(list(path.glob(pattern))) if path.is_dir() else 0

    data = datasets_dir()
    rows = [
        ("datasets", data, sum(1 for p in data.glob("*/metadata.json")) if data.is_dir() else 0),
        ("lessons", lessons_dir(), count(lessons_dir(), "[0-9][0-9]_*.ipynb")),
        ("exercises", exercises_dir(), count(exercises_dir(), "[0-9][0-9]_*.ipynb")),
        ("solutions", solutions_dir(), count(solutions_dir(), "[0-9][0-9]_*.ipynb")),
        ("translations", locales_dir(), count(locales_dir(), "*/LC_MESSAGES/*.mo")),
    ]
    return [{"name": name, "path": str(path), "present": n > 0, "count": n} for name, path, n in rows]
