"""Tests of crmlab.plots.profile."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import crmlab  # noqa: E402
import crmlab.profile as P  # noqa: E402
from crmlab.errors import ColumnError, ParameterError  # noqa: E402
from crmlab.plots import profile as plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_plot_completeness_plain_and_grouped():
    archive = crmlab.load("archive")
    ax = plots.plot_completeness(P.completeness(archive))
    assert len(ax.patches) == archive.shape[1]
    assert ax.get_title() == "Completeness of the customer archive"
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths[0] == pytest.approx(P.completeness(archive)["completeness"].min())
    table = P.completeness(archive, ["phone", "email"], by="source")
    grouped = plots.plot_completeness(table)
    sources = sorted(archive["source"].unique())
    assert [len(bars) for bars in grouped.containers] == [2] * len(sources)  # a colour per source
    fields = list(dict.fromkeys(table["field"]))
    for source, bars in zip(sources, grouped.containers):  # each source's bars, fields top down
        expected = table[table["source"] == source].set_index("field")["completeness"].reindex(fields)
        assert [b.get_width() for b in bars] == pytest.approx(expected.tolist())
    legend = grouped.get_legend()
    assert legend.get_title().get_text() == "source"
    assert [t.get_text() for t in legend.get_texts()] == ["call centre", "event", "store", "survey", "web shop"]


def test_plot_match_quality():
    truth = pd.DataFrame({"record_id": [1, 2, 3], "customer_id": [7, 7, 8]})
    s = pd.DataFrame({"record_id_1": [1, 2], "record_id_2": [2, 3], "score": [90.0, 60.0]})
    curve = P.threshold_curve(s, truth, [50, 80])
    fig, ax = plt.subplots()
    out = plots.plot_match_quality(curve, 70, ax=ax)
    assert out is ax
    assert list(ax.lines[0].get_ydata()) == [0.5, 1.0]  # precision
    assert len(ax.lines) == 4  # precision, recall, F1, threshold line


def test_plot_profile_pyramid_buying_centre():
    customers = crmlab.load("customers")
    summary = P.profile_summary(customers, as_of="2026-01-01")
    ax = plots.plot_profile(summary, "gender")
    assert len(ax.patches) == 2
    pyramid = P.age_pyramid(customers, as_of="2026-01-01")
    ax = plots.plot_age_pyramid(pyramid)
    assert len(ax.patches) == 2 * len(pyramid)
    assert -min(p.get_width() for p in ax.patches) == pyramid["F"].max()
    centre = P.buying_centre(crmlab.load("contacts"))
    ax = plots.plot_buying_centre(centre)
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx(P.role_coverage(centre)["share"].tolist())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["user", "influencer", "decider", "approver", "buyer",
                                                            "gatekeeper"]


def test_plot_errors():
    with pytest.raises(ColumnError, match="completeness"):
        plots.plot_completeness(pd.DataFrame({"field": ["a"]}))
    with pytest.raises(ParameterError, match="variable"):
        plots.plot_profile(P.profile_summary(pd.DataFrame({"gender": ["F"]})), "shoe_size")
    with pytest.raises(ColumnError, match="precision"):
        plots.plot_match_quality(pd.DataFrame({"threshold": [1]}))


def test_found_through_crmlab_plots():
    import crmlab.plots

    assert crmlab.plots.plot_buying_centre is plots.plot_buying_centre
