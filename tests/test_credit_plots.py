"""Credit pictures: they draw on the given axes, label through the translator, reject bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import functools  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import crmlab  # noqa: E402
from crmlab import credit, plots  # noqa: E402
from crmlab.errors import ColumnError, ParameterError  # noqa: E402


@functools.lru_cache(maxsize=None)
def tables():
    acc, inv = crmlab.load("accounts"), crmlab.load("invoices")
    col = credit.collection(inv)
    scores = credit.five_c(acc, col)
    grades = credit.credit_grades(scores)
    return acc, inv, col, scores, grades


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_every_picture_draws_on_the_given_axes():
    acc, inv, col, scores, grades = tables()
    calls = [
        (plots.plot_grade_mix, (credit.receivables_at_risk(inv, grades),)),
        (plots.plot_five_c, (scores, grades)),
        (plots.plot_collection_by_grade, (credit.collection_by_grade(col, grades),)),
        (plots.plot_ageing, (credit.ageing(inv),)),
        (plots.plot_ageing, (credit.ageing(inv), grades)),
        (plots.plot_loyalty_credit, (credit.loyalty_credit_matrix(acc, grades),)),
        (plots.plot_loyalty_credit, (credit.loyalty_size_matrix(acc, values="row_share"),)),
    ]
    for func, args in calls:
        _fig, ax = plt.subplots()
        out = func(*args, ax=ax)
        assert out is ax
        assert ax.get_title()
        assert ax.has_data() or ax.images


def test_picture_content():
    acc, inv, col, scores, grades = tables()
    ax = plots.plot_grade_mix(credit.receivables_at_risk(inv, grades))
    assert len(ax.patches) == 8  # two bars per grade
    heights = [p.get_height() for p in ax.patches[:4]]
    assert sum(heights) == pytest.approx(1.0)
    ax = plots.plot_five_c(scores, grades)
    assert [len(bars) for bars in ax.containers] == [6] * 4  # 4 grades × (5C + payment)
    comps = ["character", "capacity", "capital", "collateral", "conditions", "payment"]
    means = scores[comps].groupby(grades["grade"]).mean()  # seaborn averages every account's scores
    for grade, bars in zip("ABCD", ax.containers):
        assert [b.get_height() for b in bars] == pytest.approx(means.loc[grade].tolist())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Grade A", "Grade B", "Grade C", "Grade D"]
    assert ax.get_xlabel() == ""
    ax = plots.plot_ageing(credit.ageing(inv))
    assert sum(p.get_height() for p in ax.patches) == pytest.approx(col["open_receivables"].sum(), rel=1e-9)
    matrix = credit.loyalty_credit_matrix(acc, grades)
    ax = plots.plot_loyalty_credit(matrix)
    assert len(ax.texts) == 12
    np.testing.assert_array_equal(ax.collections[0].get_array(), matrix.to_numpy(dtype=float))
    assert [t.get_text() for t in ax.texts] == [f"{v:.0f}" for v in matrix.to_numpy().ravel()]
    shares = credit.loyalty_size_matrix(acc, values="row_share")
    ax = plots.plot_loyalty_credit(shares)
    np.testing.assert_allclose(ax.collections[0].get_array(), shares.to_numpy(dtype=float))
    assert ax.texts[0].get_text() == f"{shares.iat[0, 0]:.0%}"


def test_titles_and_codes_are_translated(fake_translation):
    fake_translation({"Collection rate by credit grade": "各信用等级的回款率", "Credit grade": "信用等级",
                      "{days:.0f} days overdue": "逾期{days:.0f}天", ("ageing_bucket", "Over 90 days"): "超过90天",
                      ("five_c", "Character"): "品格"})
    _acc, inv, col, scores, grades = tables()
    by_grade = credit.collection_by_grade(col, grades)
    ax = plots.plot_collection_by_grade(by_grade)
    assert ax.get_title() == "各信用等级的回款率" and ax.get_xlabel() == "信用等级"
    days = by_grade["avg_overdue_days"].iloc[0]
    assert ax.texts[0].get_text().endswith(f"逾期{days:.0f}天")
    ax = plots.plot_ageing(credit.ageing(inv))
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "超过90天"
    ax = plots.plot_five_c(scores, grades)
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "品格"


def test_pictures_reject_bad_input():
    acc, _inv, _col, scores, grades = tables()
    with pytest.raises(ParameterError, match="matrix"):
        plots.plot_loyalty_credit(credit.loyalty_credit_matrix(acc, grades, values="strategy"))
    with pytest.raises(ColumnError, match="open_receivables"):
        plots.plot_grade_mix(pd.DataFrame({"accounts": [1]}))
    with pytest.raises(ParameterError, match="scores"):
        plots.plot_five_c(pd.DataFrame({"x": [1.0]}), grades)
    with pytest.raises(ColumnError, match="days_1_30"):
        plots.plot_ageing(pd.DataFrame({"current": [1.0]}))
