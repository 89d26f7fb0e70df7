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


def test_seaborn_is_imported_only_when_a_picture_is_drawn():
    import subprocess
    import sys

    code = (
        "import sys, crmlab, crmlab.plots as p, crmlab.widgets\n"
        "names = [n for n in dir(p) if n.startswith('plot_')]\n"
        "assert all(callable(getattr(p, n)) for n in names) and len(names) > 30, names\n"
        "print('seaborn' in sys.modules, 'matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_pictures_leave_matplotlib_settings_alone():
    """Drawing every picture (seaborn ones included) changes no matplotlib setting, once the
    Chinese font is in place (which crmlab.plots.fonts does on purpose, before the first picture)."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    from crmlab.plots import fonts

    from .test_plots_zh import CASES, company, computed

    fonts.prepare()
    before = {k: v for k, v in mpl.rcParams.items() if k != "backend"}
    for _case, _func, locale, draw in CASES:
        if locale != "en_US":
            continue
        fig, ax = plt.subplots()
        assert draw(ax, company(locale), computed(locale)) is ax
        fig.canvas.draw()
        plt.close(fig)
    after = {k: v for k, v in mpl.rcParams.items() if k != "backend"}
    assert {k for k in before if before[k] != after[k]} == set()
