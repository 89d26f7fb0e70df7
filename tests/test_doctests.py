"""The examples in crmlab's docstrings run and show what they say.

Each docstring with examples is one test, run in English (the suite's language fixture) with
pytest's usual doctest options (``ELLIPSIS``). A module that cannot be imported here is an error,
not a skip: every module of the package must import.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import crmlab

FLAGS = doctest.ELLIPSIS


def _modules() -> list[str]:
    names = [crmlab.__name__]
    names += [m.name for m in pkgutil.walk_packages(crmlab.__path__, crmlab.__name__ + ".")]
    return sorted(names)


def _doctests() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    found = []
    for name in _modules():
        module = importlib.import_module(name)
        found += [t for t in finder.find(module, name) if t.examples]
    return sorted(found, key=lambda t: t.name)


DOCTESTS = _doctests()


def test_the_package_has_its_examples():
    """Guards against the collection silently finding nothing."""
    assert len(DOCTESTS) >= 130
    assert sum(len(t.examples) for t in DOCTESTS) >= 350


@pytest.mark.parametrize("test", DOCTESTS, ids=lambda t: t.name)
def test_docstring_examples(test):
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    globs = dict(test.globs)
    test = doctest.DocTest(test.examples, globs, test.name, test.filename, test.lineno, test.docstring)
    out: list[str] = []
    result = runner.run(test, out=out.append, clear_globs=True)
    assert result.failed == 0, "".join(out)
