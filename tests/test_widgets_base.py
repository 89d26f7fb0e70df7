"""The explorer base: controls drive a pure compute function; errors are shown, not raised."""

from __future__ import annotations

import ipywidgets as w
import matplotlib
import pandas as pd

matplotlib.use("Agg")

from crmlab.errors import ParameterError
from crmlab.widgets._base import Explorer


def _compute(k: int, label: str) -> dict:
    if k == 0:
        raise ParameterError("`k` must be at least 1, but 0 was passed.")
    table = pd.DataFrame({"x": range(k)})
    return {
        "k": k,
        "summary": f"{label}: {k}",
        "table": table,
        "plot": lambda ax: ax.plot(table["x"]),
    }


def test_controls_drive_the_result_and_views():
    slider = w.IntSlider(value=2, min=0, max=5)
    text = w.Text(value="n")
    view = Explorer("Demo", {"k": slider, "label": text}, _compute)
    assert view.result["k"] == 2 and view.summary.value == "n: 2"
    slider.value = 4
    assert view.result["k"] == 4 and view.summary.value == "n: 4"
    assert view.table.value.count("<tr") == 5  # header + 4 rows
    text.value = "m"
    assert view.summary.value == "m: 4"
    assert len(view.timings) == 3


def test_a_bad_control_value_shows_the_message_and_keeps_the_last_result():
    slider = w.IntSlider(value=3, min=0, max=5)
    view = Explorer("Demo", {"k": slider, "label": w.Text(value="n")}, _compute)
    slider.value = 0
    assert "`k` must be at least 1" in view.error.value
    assert view.result["k"] == 3
    slider.value = 1
    assert view.error.value == "" and view.result["k"] == 1


def test_it_displays_as_a_widget():
    view = Explorer("Demo", {"k": w.IntSlider(value=1, min=0, max=5), "label": w.Text(value="n")}, _compute)
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
