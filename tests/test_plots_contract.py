"""Every picture keeps the plotting contract: ``ax=None`` in, the axes out, no global state."""

from __future__ import annotations

import importlib
import inspect

import matplotlib

matplotlib.use("Agg")

import pytest

from crmlab.plots import AREAS


def _functions():
    for area in AREAS:
        module = importlib.import_module(f"crmlab.plots.{area}")
        for name in module.__all__:
            yield area, name, getattr(module, name)


def test_picture_names_are_unique_across_areas():
    names = [name for _, name, _ in _functions()]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize(("area", "name", "func"), list(_functions()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_picture_takes_ax_none(area, name, func):
    assert name.startswith("plot_"), name
    params = inspect.signature(func).parameters
    assert "ax" in params and params["ax"].default is None, f"{area}.{name} needs `ax=None`"
    assert func.__doc__ and "Returns" in func.__doc__, f"{area}.{name} needs a numpydoc docstring"


def test_every_picture_is_reachable_from_crmlab_plots():
    import crmlab.plots as plots

    for _, name, func in _functions():
        assert getattr(plots, name) is func
