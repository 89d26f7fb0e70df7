"""Opening JupyterLab in the language crmlab speaks (what ``sh dev.sh lab`` runs).

``python -m crmlab.lab FOLDER [JUPYTER LAB ARGUMENTS]`` serves ``FOLDER`` (the kit's checkout)
with JupyterLab and opens the welcome lesson of the edition in crmlab's language, as
:func:`crmlab.i18n.get_language` decides it (``CRMLAB_LANGUAGE``, else the locale: ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``): ``notebooks/zh_CN/00_welcome.ipynb`` when crmlab speaks
Chinese, ``notebooks/00_welcome.ipynb`` otherwise.

With Chinese, JupyterLab's own menus and dialogs are Chinese too, through the official language
pack ``jupyterlab-language-pack-zh-CN`` (a dependency of the kit). JupyterLab takes the language
of its interface from the setting ``@jupyterlab/translation-extension:plugin`` → ``locale``. For
this run only, the folder ``crmlab/lab_config/zh_CN`` goes first on ``JUPYTER_CONFIG_PATH``: its
``labconfig/default_setting_overrides.json`` makes ``zh_CN`` that setting's *default*. Nothing of
the user's is read or written: a language they chose themselves in Settings → Language stays
theirs, and a lab started another way is as before. An English run changes nothing (JupyterLab's
interface as today).

``--print-command`` (anywhere among the arguments) prints what would run — the environment
variable it adds and the command line, as one shell line — instead of running it.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import SOURCE_LANGUAGE, _, get_language

__all__ = [
    "LAB_CONFIG",
    "LAB_LOCALES",
    "LabRun",
    "installed_language_packs",
    "interface_locale",
    "config_dir",
    "welcome_notebook",
    "lab_run",
    "main",
]

#: The kit's JupyterLab configuration folders, one per interface language (put on
#: ``JUPYTER_CONFIG_PATH`` for a run in that language).
LAB_CONFIG = Path(__file__).resolve().parent / "lab_config"
#: crmlab's language → the locale of JupyterLab's language pack for it.
LAB_LOCALES = {"zh_CN": "zh_CN"}
#: The pip package of each language pack (named in the message when it is missing).
LANGUAGE_PACKS = {"zh_CN": "jupyterlab-language-pack-zh-CN"}
#: The setting that chooses JupyterLab's interface language.
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
WELCOME = "00_welcome.ipynb"
PRINT_COMMAND = "--print-command"


def installed_language_packs() -> set[str]:
    """The locales of the JupyterLab language packs installed (``{"zh_CN"}``)."""
    from importlib.metadata import entry_points

    return {ep.name for ep in entry_points(group="jupyterlab.languagepack")}


def interface_locale(language: str) -> str | None:
    """JupyterLab's locale for crmlab's ``language``, or None when JupyterLab's interface stays
    as it is (English, or no language pack for ``language``)."""
    return LAB_LOCALES.get(language)


def config_dir(language: str) -> Path | None:
    """The configuration folder that makes JupyterLab's interface speak ``language``, or None."""
    locale = interface_locale(language)
    if locale is None:
        return None
    folder = LAB_CONFIG / locale
    overrides = json.loads((folder / "labconfig" / "default_setting_overrides.json").read_text(encoding="utf-8"))
    if overrides.get(TRANSLATION_PLUGIN, {}).get("locale") != locale:  # pragma: no cover - a broken kit
        raise RuntimeError(f"{folder} does not set {TRANSLATION_PLUGIN} locale {locale}")  # i18n: internal
    return folder


def welcome_notebook(language: str, root: Path) -> str:
    """The welcome lesson of ``language``'s edition, relative to ``root`` (the English one when
    that edition has none)."""
    if language != SOURCE_LANGUAGE:
        translated = f"notebooks/{language}/{WELCOME}"
        if (Path(root) / translated).is_file():
            return translated
    return f"notebooks/{WELCOME}"


@dataclass
class LabRun:
    """What starting the lab runs: ``command`` with ``environment`` added to the current one."""

    language: str
    notebook: str
    command: list[str]
    environment: dict[str, str] = field(default_factory=dict)

    def shell_line(self) -> str:
        """The run as one POSIX shell line (``NAME=value command …``)."""
        assignments = [f"{name}={shlex.quote(value)}" for name, value in self.environment.items()]
        return " ".join([*assignments, shlex.join(self.command)])


def lab_run(
    root: Path,
    arguments: list[str] | tuple[str, ...] = (),
    language: str | None = None,
    python: str | None = None,
    environ: dict[str, str] | None = None,
) -> LabRun:
    """The JupyterLab run that serves ``root`` and opens its welcome lesson in ``language``.

    Parameters
    ----------
    root : Path
        The folder served (the kit's checkout).
    arguments : list of str
        More arguments for ``jupyter lab`` (``--allow-root``, ``--port=9000`` …).
    language : str, optional
        crmlab's language (default: :func:`crmlab.i18n.get_language`).
    python : str, optional
        The interpreter that runs JupyterLab (default: this one).
    environ : dict, optional
        The environment the run starts from (default: ``os.environ``); only what is added is
        returned.

    Returns
    -------
    LabRun
        The command line and the environment variables it adds.
    """
    language = language or get_language()
    environ = os.environ if environ is None else environ
    root = Path(root).resolve()
    notebook = welcome_notebook(language, root)
    command = [python or sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={root}", notebook, *arguments]
    environment = {}
    folder = config_dir(language)
    if folder is not None:
        locale = interface_locale(language)
        if locale not in installed_language_packs():
            print(
                _(
                    "JupyterLab's menus stay in English: its language pack is not installed "
                    "(pip install {package})."
                ).format(package=LANGUAGE_PACKS.get(language, locale)),
                file=sys.stderr,
            )
        else:
            earlier = environ.get("JUPYTER_CONFIG_PATH", "")
            environment["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(folder), *([earlier] if earlier else [])])
    return LabRun(language, notebook, command, environment)


def main(argv: list[str] | None = None) -> int:
    """``python -m crmlab.lab FOLDER [--print-command] [JUPYTER LAB ARGUMENTS]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m crmlab.lab FOLDER [--print-command] [jupyter lab arguments]", file=sys.stderr)  # i18n: internal
        return 2
    root, rest = Path(args[0]), args[1:]
    dry_run = PRINT_COMMAND in rest
    rest = [a for a in rest if a != PRINT_COMMAND]
    run = lab_run(root, rest)
    if dry_run:
        print(run.shell_line())
        return 0
    sys.stdout.flush()
    os.execve(run.command[0], run.command, {**os.environ, **run.environment})
    return 0  # pragma: no cover - execve does not return


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
