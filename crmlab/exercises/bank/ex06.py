"""Exercise 06 — satisfaction and complaints (lesson 06)."""

from __future__ import annotations

from ...i18n import N_, NP_
from ..compare import calls, choice, chosen, frame, known_mistakes, number
from ..feedback import Outcome, incorrect
from ..options import Option
from ..spec import ExerciseSpec, Question, Wrong

SETUP = """\
surveys = ex.data.surveys
complaints = ex.data.complaints
steps = ex.data.complaint_steps
as_of = ex.as_of
"""

ACSI_ITEMS = ("satisfaction_overall", "satisfaction_vs_expectation", "satisfaction_vs_ideal")
#: The attribute and tolerance the check calls the q2 function with.
CHECK_ATTRIBUTE = "price"
CHECK_TOLERANCE = 0.15


# -- q1: NPS -------------------------------------------------------------------------------------------
def _nps(ex) -> float:
    import crmlab.satisfaction as sat

    return float(sat.nps(ex.data.surveys, "recommend")["nps"].iloc[0])


def _nps_with_cutoffs(promoter: int, detractor: int, scale: float = 100.0):
    """Known mistake: NPS with other cut-offs (``scale`` 1: as a fraction)."""

    def make(ex) -> float:
        r = ex.data.surveys["recommend"].astype("float64")
        return scale * float((r >= promoter).mean() - (r <= detractor).mean())

    return make


#: Cut-offs students confuse with 9–10 and 0–6.
_OTHER_CUTOFFS = ((8, 6), (9, 5), (9, 7), (8, 5), (10, 6))


# -- q2: disconfirmation -------------------------------------------------------------------------------
def _disconfirmation(ex):
    import crmlab.satisfaction as sat

    table = sat.disconfirmation(ex.data.surveys, [CHECK_ATTRIBUTE], tolerance=CHECK_TOLERANCE)
    return table[["survey_id", "gap", "ratio", "outcome"]]


def _compare_disconfirmation():
    base = frame(key="survey_id", columns=["gap", "ratio", "outcome"], unit=NP_("row unit", "response"))

    def compare(answer, expected, ex=None):
        fb = base(answer, expected, ex)
        if fb.outcome is not Outcome.INCORRECT or fb.params.get("column") != "outcome":
            return fb
        try:  # "satisfied" exactly where P = E: the tolerance was not used
            got = answer.set_index("survey_id")["outcome"] if "survey_id" in answer.columns else answer["outcome"]
            exp = expected.set_index("survey_id")
            got = got.reindex(exp.index).astype("object")
            equal = (exp["gap"] == 0).to_numpy()
            wider = (exp["outcome"].astype("object") == "satisfied").to_numpy()
            if ((got == "satisfied").to_numpy() == equal).all() and wider.sum() > equal.sum():
                return incorrect("ex06_tolerance_ignored")
        except (KeyError, TypeError, ValueError):
            pass
        return fb

    return compare


# -- q3: ACSI by survey method -------------------------------------------------------------------------
def _acsi(ex):
    import crmlab.satisfaction as sat

    return sat.acsi_index(ex.data.surveys, by="method")[["n", "acsi"]]


def _compare_acsi():
    import numpy as np
    import pandas as pd

    base = frame(key="method", columns=["n", "acsi"], unit=NP_("row unit", "survey method"), rtol=1e-6)

    def compare(answer, expected, ex=None):
        fb = base(answer, expected, ex)
        if fb.outcome is not Outcome.INCORRECT or fb.params.get("column") != "acsi" or ex is None:
            return fb
        try:  # the raw 1–10 mean, or ten times it: the items were not rescaled to 0–100
            s = ex.data.surveys
            raw = s[list(ACSI_ITEMS)].astype("float64").mean(axis=1).groupby(s["method"], observed=True).mean()
            raw.index = raw.index.astype(str)
            got = answer.reset_index() if "method" in answer.index.names else answer
            values = pd.to_numeric(got["acsi"], errors="coerce").to_numpy(dtype=float)
            got = pd.Series(values, index=got["method"].astype(str).to_numpy()).reindex(raw.index).to_numpy()
            for factor in (1.0, 10.0):
                if np.allclose(got, factor * raw.to_numpy(), rtol=1e-6):
                    return incorrect("ex06_acsi_rescale")
        except (KeyError, TypeError, ValueError):
            pass
        return fb

    return compare


# -- q4: IPA picture -------------------------------------------------------------------------------------
IPA_OPTIONS = (
    Option("keep_up_the_good_work", N_("Keep up the good work: important, and performing above average.")),
    Option("low_priority", N_("Low priority: less important and below average — watch it, spend elsewhere "
                              "first.")),
    Option("possible_overkill", N_("Possible overkill: less important yet above average — effort could move "
                                   "elsewhere.")),
    Option("concentrate_here", N_("Concentrate here: important, but performing below average — fix it "
                                  "first.")),
)


def _ipa_quadrant(ex) -> str:
    import crmlab.satisfaction as sat

    ipa = sat.importance_performance(ex.data.surveys)
    return str(ipa.loc["after_sales", "quadrant"])


# -- q5: where complaints are lost -------------------------------------------------------------------
STEP_OPTIONS = (
    Option("judge_validity", N_("judge validity (step 2)")),
    Option("carry_out", N_("carry out the fix (step 7)")),
    Option("route", N_("route to the department (step 3)")),
    Option("analyse_cause", N_("analyse the cause (step 4)")),
)


def _most_lost_step(ex) -> str:
    import crmlab.satisfaction as sat

    funnel = sat.complaint_funnel(ex.data.complaints, ex.data.complaint_steps)
    worst = str(funnel.loc[funnel["lost"].idxmax(), "step"])
    return worst if worst in {o.key for o in STEP_OPTIONS} else "?"  # "?": the simulation has changed


# -- q6: time to resolution ------------------------------------------------------------------------
def _mean_days(ex) -> float:
    import crmlab.satisfaction as sat

    times = sat.handling_times(ex.data.complaint_steps, ex.data.complaints)
    return float(times.set_index("stage").loc["to_resolution", "mean_days"])


def _mean_days_unresolved_as_zero(ex) -> float:
    """Known mistake: unresolved complaints counted as 0 days."""
    c = ex.data.complaints
    return float((c["resolved_date"] - c["opened_date"]).dt.days.fillna(0).mean())


#: This exercise's own messages: the diagnoses of its typical slips (key → English text).
MESSAGES = {
    "ex06_nps_cutoffs": N_(
        "Check the cut-offs: promoters answer 9 or 10, detractors 0 to 6; 7 and 8 are passives, "
        "who count only in the total."
    ),
    "ex06_tolerance_ignored": N_(
        "Only answers with P = E are `satisfied` in your table. A ratio P / E within `tolerance` "
        "of 1 (boundary included) counts as satisfied too."
    ),
    "ex06_acsi_rescale": N_(
        "Rescale each 1–10 item to 0–100 as (x − 1) / 9 × 100, so that a 1 becomes 0 and a 10 "
        "becomes 100, before averaging."
    ),
    "ex06_importance_axis": N_(
        "Check the vertical axis first: is after-sales above or below the horizontal cross-hair, the "
        "mean importance?"
    ),
    "ex06_performance_axis": N_(
        "Check the horizontal axis: is after-sales left or right of the vertical cross-hair, the mean "
        "performance?"
    ),
    "ex06_lost_step_shift": N_(
        "A complaint lost at a step completed the step before but not this one: name the step it "
        "failed to complete, not the last one it completed."
    ),
    "ex06_unresolved_counted": N_(
        "Leave out the complaints without a `resolved_date` (rejected or not yet resolved): they "
        "have no resolution time, not a time of 0 days."
    ),
}


EXERCISE = ExerciseSpec(
    id="06",
    title=N_("Satisfaction and complaints"),
    notebook="06_satisfaction_complaints.ipynb",
    messages=MESSAGES,
    setup=SETUP,
    questions=(
        Question(
            name="q1",
            kind="value",
            title=N_("Net Promoter Score of the survey, in points from -100 to 100"),
            answer="nps",
            solution=(
                "promoters = (surveys['recommend'] >= 9).mean()\n"
                "detractors = (surveys['recommend'] <= 6).mean()\n"
                "nps = 100 * (promoters - detractors)"
            ),
            reference=_nps,
            compare=known_mistakes(
                number(rtol=1e-6, atol=1e-9),
                tuple(
                    (_nps_with_cutoffs(p, d, scale), "ex06_nps_cutoffs")
                    for p, d in _OTHER_CUTOFFS
                    for scale in (100.0, 1.0)
                ),
            ),
            hints=(
                N_("Class every answer to `recommend` (0–10): promoter 9–10, passive 7–8, detractor 0–6. "
                   "NPS = % promoters − % detractors, where both percentages are of all respondents."),
                N_("The mean of a True/False Series is a share: compare `recommend` with the "
                   "promoters' cut-off and take the mean; do the same for the detractors."),
                N_("NPS is in points: subtract the share of detractors (at most 6) from the share "
                   "of promoters (at least 9) and multiply by 100."),
            ),
            wrong=(
                Wrong(
                    "nps = (surveys['recommend'] >= 9).mean() - (surveys['recommend'] <= 6).mean()",
                    "percent_vs_fraction",
                ),
                Wrong(
                    "nps = 100 * ((surveys['recommend'] >= 8).mean() - (surveys['recommend'] <= 6).mean())",
                    "ex06_nps_cutoffs",
                ),
                Wrong(
                    "nps = 100 * ((surveys['recommend'] >= 9).mean() - (surveys['recommend'] <= 5).mean())",
                    "ex06_nps_cutoffs",
                ),
                Wrong("nps = surveys['recommend'].mean() * 10", "wrong_value"),
            ),
            wrong_type="nps = surveys['recommend'].value_counts()",
        ),
        Question(
            name="q2",
            kind="function",
            title=N_("Write disconfirm(surveys, attribute, tolerance): P − E, P / E and the verdict of each response"),
            answer="disconfirm",
            solution=(
                "def disconfirm(surveys, attribute, tolerance):\n"
                "    e = surveys['expect_' + attribute]\n"
                "    p = surveys['perform_' + attribute]\n"
                "    ratio = p / e\n"
                "    outcome = np.where((ratio - 1).abs() <= tolerance, 'satisfied',\n"
                "                       np.where(ratio > 1, 'delighted', 'dissatisfied'))\n"
                "    return pd.DataFrame({'survey_id': surveys['survey_id'], 'gap': p - e,\n"
                "                         'ratio': ratio, 'outcome': outcome})"
            ),
            reference=_disconfirmation,
            compare=calls(
                lambda ex: {"surveys": ex.data.surveys, "attribute": CHECK_ATTRIBUTE, "tolerance": CHECK_TOLERANCE},
                _compare_disconfirmation(),
                call=f"disconfirm(surveys, {CHECK_ATTRIBUTE!r}, {CHECK_TOLERANCE})",
            ),
            hints=(
                N_("The two columns are named from the attribute: `'expect_' + attribute` and "
                   "`'perform_' + attribute`. Gap = P − E, ratio = P / E, one row per response."),
                N_("Decide the verdict in the right order: first 'satisfied' when the ratio is within "
                   "`tolerance` of 1 (`(ratio - 1).abs() <= tolerance`), only then 'delighted' (ratio > 1) "
                   "or 'dissatisfied'."),
                N_("Two nested `np.where` give the verdict (the outer one tests the tolerance, the "
                   "inner one the ratio); return a DataFrame with `survey_id`, `gap`, `ratio` and "
                   "`outcome`, one row per response."),
            ),
            wrong=(
                Wrong(
                    "def disconfirm(surveys, attribute, tolerance):\n"
                    "    e, p = surveys['expect_' + attribute], surveys['perform_' + attribute]\n"
                    "    outcome = np.where(p == e, 'satisfied', np.where(p > e, 'delighted', 'dissatisfied'))\n"
                    "    return pd.DataFrame({'survey_id': surveys['survey_id'], 'gap': p - e,\n"
                    "                         'ratio': p / e, 'outcome': outcome})",
                    "ex06_tolerance_ignored",
                ),
                Wrong(
                    "def disconfirm(surveys, attribute, tolerance):\n"
                    "    e, p = surveys['expect_' + attribute], surveys['perform_' + attribute]\n"
                    "    ratio = p / e\n"
                    "    outcome = np.where((ratio - 1).abs() <= tolerance, 'satisfied',\n"
                    "                       np.where(ratio > 1, 'delighted', 'dissatisfied'))\n"
                    "    return pd.DataFrame({'survey_id': surveys['survey_id'], 'gap': e - p,\n"
                    "                         'ratio': ratio, 'outcome': outcome})",
                    "wrong_sign",
                ),
                Wrong(
                    "def disconfirm(surveys, attribute, tolerance):\n"
                    "    e, p = surveys['expect_' + attribute], surveys['perform_' + attribute]\n"
                    "    ratio = e / p\n"
                    "    outcome = np.where((ratio - 1).abs() <= tolerance, 'satisfied',\n"
                    "                       np.where(ratio > 1, 'delighted', 'dissatisfied'))\n"
                    "    return pd.DataFrame({'survey_id': surveys['survey_id'], 'gap': p - e,\n"
                    "                         'ratio': ratio, 'outcome': outcome})",
                    "wrong_column_values",
                ),
                Wrong(
                    "def disconfirm(surveys, attribute, tolerance):\n"
                    "    e, p = surveys['expect_' + attribute], surveys['perform_' + attribute]\n"
                    "    pd.DataFrame({'survey_id': surveys['survey_id'], 'gap': p - e, 'ratio': p / e})",
                    "forgot_return",
                ),
            ),
            wrong_type="disconfirm = surveys['perform_price'] - surveys['expect_price']",
        ),
        Question(
            name="q3",
            kind="table",
            title=N_("ACSI-style satisfaction index (0–100) by survey method"),
            answer="acsi",
            solution=(
                "items = ['satisfaction_overall', 'satisfaction_vs_expectation', 'satisfaction_vs_ideal']\n"
                "score = ((surveys[items] - 1) / 9 * 100).mean(axis=1)\n"
                "acsi = (surveys.assign(score=score)\n"
                "        .groupby('method', observed=True)\n"
                "        .agg(n=('score', 'size'), acsi=('score', 'mean')))"
            ),
            reference=_acsi,
            compare=_compare_acsi(),
            hints=(
                N_("First give every respondent an index: rescale each of the three 1–10 items to 0–100 "
                   "and average them. Then average the respondents' indices per survey method."),
                N_("A 1–10 rating x becomes (x − 1) / 9 × 100 on 0–100. `surveys[items]` is a frame of the three "
                   "items; arithmetic on it works column by column; `.mean(axis=1)` averages across a row."),
                N_("Add the respondents' index as a column (`assign`), group by `method` "
                   "(`observed=True` leaves out empty categories) and aggregate the index twice "
                   "with named aggregation: its count as `n`, its mean as `acsi`."),
            ),
            wrong=(
                Wrong(
                    "items = ['satisfaction_overall', 'satisfaction_vs_expectation', 'satisfaction_vs_ideal']\n"
                    "score = (surveys[items] * 10).mean(axis=1)\n"
                    "acsi = surveys.assign(score=score).groupby('method', observed=True).agg(\n"
                    "    n=('score', 'size'), acsi=('score', 'mean'))",
                    "ex06_acsi_rescale",
                ),
                Wrong(
                    "items = ['satisfaction_overall', 'satisfaction_vs_expectation', 'satisfaction_vs_ideal']\n"
                    "score = ((surveys[items] - 1) / 9).mean(axis=1)\n"
                    "acsi = surveys.assign(score=score).groupby('method', observed=True).agg(\n"
                    "    n=('score', 'size'), acsi=('score', 'mean'))",
                    "percent_vs_fraction",
                ),
                Wrong(
                    "score = (surveys['satisfaction_overall'] - 1) / 9 * 100\n"
                    "acsi = surveys.assign(score=score).groupby('method', observed=True).agg(\n"
                    "    n=('score', 'size'), acsi=('score', 'mean'))",
                    "wrong_column_values",
                ),
            ),
            wrong_type=(
                "items = ['satisfaction_overall', 'satisfaction_vs_expectation', 'satisfaction_vs_ideal']\n"
                "acsi = ((surveys[items] - 1) / 9 * 100).mean(axis=1)"
            ),
        ),
        Question(
            name="q4",
            kind="picture",
            title=N_("Read the importance–performance grid: where does after-sales service lie?"),
            answer="after_sales_quadrant",
            solution="after_sales_quadrant = ex.q4.letter('low_priority')",
            reference=_ipa_quadrant,
            compare=known_mistakes(
                choice(IPA_OPTIONS),
                chosen({"concentrate_here": "ex06_importance_axis", "possible_overkill": "ex06_performance_axis"}),
            ),
            hints=(
                N_("Find the point labelled after-sales. The dashed lines are the cross-hairs: the mean "
                   "importance (horizontal) and the mean performance (vertical) over the five attributes."),
                N_("Is after-sales above or below the horizontal line (importance)? Left or right of the "
                   "vertical line (performance)? The corner names the quadrant."),
            ),
            options=IPA_OPTIONS,
            wrong=(
                Wrong("after_sales_quadrant = ex.q4.letter('concentrate_here')", "ex06_importance_axis"),
                Wrong("after_sales_quadrant = ex.q4.letter('possible_overkill')", "ex06_performance_axis"),
                Wrong("after_sales_quadrant = ex.q4.letter('keep_up_the_good_work')", "wrong_choice"),
            ),
            wrong_type="after_sales_quadrant = 'low_priority'",
        ),
        Question(
            name="q5",
            kind="choice",
            title=N_("At which step of the complaint-handling process are the most complaints lost?"),
            answer="most_lost_step",
            solution=(
                "reached = steps.groupby('step_no')['complaint_id'].nunique()\n"
                "lost = reached.shift(1, fill_value=len(complaints)) - reached\n"
                "print(pd.DataFrame({'step': steps.groupby('step_no')['step'].first(), 'lost': lost}))\n"
                "most_lost_step = ex.q5.letter('route')"
            ),
            reference=_most_lost_step,
            compare=known_mistakes(choice(STEP_OPTIONS), chosen({"judge_validity": "ex06_lost_step_shift"})),
            hints=(
                N_("Count, for each step, how many different complaints completed it; a complaint lost at a "
                   "step completed the previous step but not this one."),
                N_("Count the distinct `complaint_id` per `step_no` (in process order); the "
                   "complaints lost at a step are the previous step's count minus this one's "
                   "(`shift(1)`, with every complaint counted before the first step)."),
            ),
            options=STEP_OPTIONS,
            wrong=(
                Wrong("most_lost_step = ex.q5.letter('judge_validity')", "ex06_lost_step_shift"),
                Wrong("most_lost_step = ex.q5.letter('carry_out')", "wrong_choice"),
            ),
            wrong_type="most_lost_step = 3",
        ),
        Question(
            name="q6",
            kind="value",
            title=N_("Mean days from opening a complaint to its resolution (resolved complaints only)"),
            answer="mean_days",
            solution=(
                "resolved = complaints.dropna(subset=['resolved_date'])\n"
                "mean_days = (resolved['resolved_date'] - resolved['opened_date']).dt.days.mean()"
            ),
            reference=_mean_days,
            compare=known_mistakes(
                number(rtol=1e-6), ((_mean_days_unresolved_as_zero, "ex06_unresolved_counted"),)
            ),
            hints=(
                N_("Keep the complaints that have a `resolved_date`; for each, count the days from "
                   "`opened_date` to `resolved_date`; average them."),
                N_("Subtracting two date columns gives durations; `.dt.days` turns them into whole days."),
                N_("Drop the rows without a `resolved_date` first (`dropna(subset=…)`), then "
                   "subtract the two dates, take `.dt.days` and average."),
            ),
            wrong=(
                Wrong(
                    "mean_days = (complaints['resolved_date'] - complaints['opened_date']).dt.days.fillna(0).mean()",
                    "ex06_unresolved_counted",
                ),
                Wrong(
                    "mean_days = (complaints['resolved_date'] - complaints['opened_date']).dt.days.median()",
                    "wrong_value",
                ),
            ),
            wrong_type="mean_days = complaints['resolved_date'] - complaints['opened_date']",
        ),
    ),
)
