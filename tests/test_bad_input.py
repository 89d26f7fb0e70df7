"""Hostile input swept over the whole public API: a clear crmlab error or an honest warning.

Every public function of ``crmlab.value``, ``lifecycle``, ``loyalty``, ``satisfaction``,
``segment``, ``credit``, ``profile``, ``basket`` and ``crmlab.plots`` is first called with valid
arguments (:func:`_calls`, on a small simulated company). Then, one at a time, each argument is
replaced by hostile input (in the manner of scikit-learn's ``generate_invalid_param_val``):

* parameters: a list or a dict where a name (``str``) is expected; a column name that does not
  exist; ``as_of=pd.NaT``; a window of 10**18 days; ``amount=None``; ``ax="x"``;
* columns of every DataFrame argument: dates mixing time-zone offsets; day-first dates
  (``13/04/2024``, ``03/04/2024``); customer ids mixing ``1`` and ``"1"``; a duplicated column
  name; MultiIndex columns;
* silent-wrong cases: an order dated 2099 that moves the default ``as_of``; rows without an
  amount or a customer id.

Each case must end in one of:

* a :class:`crmlab.errors.CrmlabError` whose message names the user's parameter (or the column
  and the table it is in) — never a raw pandas/numpy/Python exception, and no backticked name
  that is not the user's (an internal parameter);
* a :class:`crmlab.errors.DataWarning` saying how many rows and why (silent-wrong cases);
* the very result of the valid call, when the hostile column is one the function does not use.

A different result without a word is a failure ("silent").
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import typing
import warnings

import numpy as np
import pandas as pd
import pytest

from crmlab.errors import CrmlabError, DataWarning

PACKAGES = ("value", "lifecycle", "loyalty", "satisfaction", "segment", "credit", "profile", "basket")
BIG_DAYS = 10**18
MISSING = "no_such_column"


# ------------------------------------------------------------------------------------------
# Valid calls
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def company():
    import crmlab

    return crmlab.generate(customers=300, seed=3)


def _calls(d) -> dict[str, tuple]:
    """name → (function, args, kwargs): a valid call of every public function."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=NON_BUYERS, category=DataWarning)
        return _valid_calls(d)


def _valid_calls(d) -> dict[str, tuple]:
    import matplotlib

    matplotlib.use("Agg")
    from crmlab import basket, credit, lifecycle, loyalty, plots, profile, satisfaction, segment, value

    o, cu, sv, cm, st, cp = (d[k] for k in ("orders", "customers", "surveys", "complaints", "complaint_steps", "campaigns"))
    inv, acc, con, tc = d["invoices"], d["accounts"], d["contacts"], d["truth_customers"]
    ar, ta, lines, tb = d["archive"], d["truth_archive"], d["order_lines"], d["truth_baskets"]
    data = {k: d[k] for k in ("orders", "customers", "surveys", "complaints", "campaigns", "truth_customers")}

    r = value.rfm(o)
    scores = value.rfm_scores(r)
    segs = value.rfm_segments(scores)
    tiers = value.abc(o)
    par = value.pareto(o)
    stages = lifecycle.lifecycle_stage(o)
    flags = lifecycle.churn_flags(o)
    rates = lifecycle.churn_rate(flags)
    curve = lifecycle.survival_curve(o)
    pred = lifecycle.next_purchase(o)
    sig = lifecycle.churn_signals(data)
    ds = lifecycle.churn_dataset(data, active_days=None)
    funnel = lifecycle.development_funnel(o, cu, sv)
    mix = lifecycle.stage_mix(stages)
    retention = lifecycle.cohort_retention(o)
    prog = loyalty.points_programme(o)
    att = loyalty.relative_attitude(sv)
    hist = loyalty.loyalty_measures(o, sv)
    matrix = loyalty.loyalty_matrix(sv)
    slc = loyalty.satisfaction_loyalty_curve(sv)
    trap = loyalty.satisfaction_trap(sv)
    db = loyalty.dick_basu_from_data(sv, o)
    disc = satisfaction.disconfirmation_summary(sv)
    ipa = satisfaction.importance_performance(sv)
    npsr = satisfaction.nps(sv)
    cfun = satisfaction.complaint_funnel(cm, st)
    htimes = satisfaction.handling_times(st, cm)
    coll = credit.collection(inv)
    age_t = credit.ageing(inv)
    five = credit.five_c(acc, coll)
    grades = credit.credit_grades(five)
    by_grade = credit.collection_by_grade(coll, grades)
    risk = credit.receivables_at_risk(inv, grades)
    lcm = credit.loyalty_credit_matrix(acc, grades)
    feats = segment.segmentation_features(d)
    cols = segment.default_columns(feats)
    labs, _pipeline = segment.kmeans_segments(feats, 3, n_init=1)
    profs = segment.cluster_profiles(feats, labs)
    snake = segment.snake_data(profs)
    names = segment.name_clusters(profs)
    sizes = segment.segment_sizes(labs)
    choice = segment.choose_k(feats, ks=range(2, 4), n_init=1)
    scored = profile.score_pairs(ar)
    dups = profile.find_duplicates(ar)
    clusters = profile.cluster_duplicates(dups, ar)
    centre = profile.buying_centre(con, acc)
    comp = profile.completeness(ar)
    summary = profile.profile_summary(cu)
    pyramid = profile.age_pyramid(cu)
    qcurve = profile.threshold_curve(scored, ta, thresholds=[50, 70, 90])
    rules = basket.association_rules(lines, o)
    truth_np = tc[["customer_id", "next_purchase_date"]]

    c = {
        # value
        "value.rfm": (value.rfm, (o,), {}),
        "value.rfm_scores": (value.rfm_scores, (r,), {}),
        "value.rfm_segments": (value.rfm_segments, (scores,), {}),
        "value.segment_map_table": (value.segment_map_table, (), {}),
        "value.segment_guide": (value.segment_guide, (), {}),
        "value.pareto": (value.pareto, (o,), {}),
        "value.gini": (value.gini, (o,), {}),
        "value.top_share": (value.top_share, (o,), {}),
        "value.top_vs_next": (value.top_vs_next, (o,), {}),
        "value.abc": (value.abc, (o,), {}),
        "value.abc_summary": (value.abc_summary, (tiers,), {}),
        "value.service_policy": (value.service_policy, (), {}),
        "value.visit_frequency": (value.visit_frequency, (), {}),
        "value.contact_rules": (value.contact_rules, (), {}),
        "value.contact_plan": (value.contact_plan, (o,), {}),
        "value.clv": (value.clv, (o,), {}),
        "value.yearly_retention": (value.yearly_retention, (o,), {}),
        "value.share_of_wallet": (value.share_of_wallet, (r["monetary"], r["monetary"] * 2), {}),
        "value.response_by_rfm_fifth": (value.response_by_rfm_fifth, (o, cp), {}),
        # lifecycle
        "lifecycle.lifecycle_stage": (lifecycle.lifecycle_stage, (o,), {"complaints": cm}),
        "lifecycle.stage_mix": (lifecycle.stage_mix, (stages,), {}),
        "lifecycle.stage_agreement": (lifecycle.stage_agreement, (stages, tc), {}),
        "lifecycle.stage_confusion": (lifecycle.stage_confusion, (stages, tc), {}),
        "lifecycle.development_funnel": (lifecycle.development_funnel, (o, cu, sv), {}),
        "lifecycle.cohort_retention": (lifecycle.cohort_retention, (o,), {}),
        "lifecycle.cohort_counts": (lifecycle.cohort_counts, (o,), {}),
        "lifecycle.churn_flags": (lifecycle.churn_flags, (o,), {}),
        "lifecycle.churn_rate": (lifecycle.churn_rate, (flags,), {}),
        "lifecycle.survival_curve": (lifecycle.survival_curve, (o,), {}),
        "lifecycle.kaplan_meier": (lifecycle.kaplan_meier, ([5, 10, 10, 20], [1, 0, 1, 1]), {}),
        "lifecycle.churn_dataset": (lifecycle.churn_dataset, (data,), {"active_days": None}),
        "lifecycle.churn_model": (lifecycle.churn_model, (ds.drop(columns="churned"), ds["churned"]), {}),
        "lifecycle.next_purchase": (lifecycle.next_purchase, (o,), {}),
        "lifecycle.evaluate_next_purchase": (lifecycle.evaluate_next_purchase, (pred, truth_np), {}),
        "lifecycle.churn_signals": (lifecycle.churn_signals, (data,), {}),
        "lifecycle.churn_signal_summary": (lifecycle.churn_signal_summary, (sig,), {}),
        # loyalty
        "loyalty.loyalty_measures": (loyalty.loyalty_measures, (o, sv), {}),
        "loyalty.loyalty_matrix": (loyalty.loyalty_matrix, (sv,), {}),
        "loyalty.loyalty_matrix_cells": (loyalty.loyalty_matrix_cells, (sv,), {}),
        "loyalty.dick_basu": (loyalty.dick_basu, (att, hist["repeat_purchases"].reindex(att.index).fillna(0)), {}),
        "loyalty.dick_basu_from_data": (loyalty.dick_basu_from_data, (sv, o), {}),
        "loyalty.relative_attitude": (loyalty.relative_attitude, (sv,), {}),
        "loyalty.loyalty_types": (loyalty.loyalty_types, (o, sv), {}),
        "loyalty.satisfaction_loyalty_curve": (loyalty.satisfaction_loyalty_curve, (sv,), {}),
        "loyalty.satisfaction_trap": (loyalty.satisfaction_trap, (sv,), {}),
        "loyalty.points_programme": (loyalty.points_programme, (o,), {}),
        "loyalty.points_summary": (loyalty.points_summary, (prog,), {}),
        # satisfaction
        "satisfaction.disconfirmation": (satisfaction.disconfirmation, (sv,), {}),
        "satisfaction.disconfirmation_summary": (satisfaction.disconfirmation_summary, (sv,), {}),
        "satisfaction.acsi_index": (satisfaction.acsi_index, (sv,), {}),
        "satisfaction.acsi_scores": (satisfaction.acsi_scores, (sv,), {}),
        "satisfaction.nps": (satisfaction.nps, (sv,), {}),
        "satisfaction.importance_performance": (satisfaction.importance_performance, (sv,), {}),
        "satisfaction.indicators": (satisfaction.indicators, (o, cm, sv), {}),
        "satisfaction.complaint_funnel": (satisfaction.complaint_funnel, (cm, st), {}),
        "satisfaction.handling_times": (satisfaction.handling_times, (st, cm), {}),
        "satisfaction.complaint_outcomes": (satisfaction.complaint_outcomes, (cm, o), {}),
        "satisfaction.post_purchase_behaviour": (satisfaction.post_purchase_behaviour, (sv, o, cm), {}),
        # segment
        "segment.scheme_table": (segment.scheme_table, ("value",), {}),
        "segment.value_segments": (segment.value_segments, (o,), {}),
        "segment.marketing_type": (segment.marketing_type, (feats,), {}),
        "segment.management_segments": (segment.management_segments, (o,), {}),
        "segment.time_segments": (segment.time_segments, (o, cu), {}),
        "segment.stage_segments": (segment.stage_segments, (o, cu), {}),
        "segment.kotler_level": (segment.kotler_level, ("few", "high"), {}),
        "segment.kotler_matrix": (segment.kotler_matrix, (), {}),
        "segment.segmentation_features": (segment.segmentation_features, (d,), {}),
        "segment.feature_notes": (segment.feature_notes, (feats,), {}),
        "segment.default_columns": (segment.default_columns, (feats,), {}),
        "segment.kmeans_segments": (segment.kmeans_segments, (feats, 3), {"n_init": 1}),
        "segment.choose_k": (segment.choose_k, (feats,), {"ks": range(2, 4), "n_init": 1}),
        "segment.segment_silhouette": (segment.segment_silhouette, (feats, labs), {}),
        "segment.pca_map": (segment.pca_map, (feats,), {}),
        "segment.cluster_profiles": (segment.cluster_profiles, (feats, labs), {}),
        "segment.profile_table": (segment.profile_table, (profs,), {}),
        "segment.snake_data": (segment.snake_data, (profs,), {}),
        "segment.segment_sizes": (segment.segment_sizes, (labs,), {}),
        "segment.name_clusters": (segment.name_clusters, (profs,), {}),
        "segment.persona_agreement": (segment.persona_agreement, (labs, tc), {}),
        "segment.segment_update": (segment.segment_update, (feats, 3), {"n_init": 1, "truth": tc}),
        # credit
        "credit.collection": (credit.collection, (inv,), {}),
        "credit.ageing": (credit.ageing, (inv,), {}),
        "credit.five_c": (credit.five_c, (acc, coll), {}),
        "credit.credit_grades": (credit.credit_grades, (five,), {}),
        "credit.grade_policy": (credit.grade_policy, (), {}),
        "credit.credit_line": (credit.credit_line, (grades, coll, acc), {}),
        "credit.receivables_at_risk": (credit.receivables_at_risk, (inv, grades), {}),
        "credit.collection_by_grade": (credit.collection_by_grade, (coll, grades), {}),
        "credit.credit_signals": (credit.credit_signals, (inv,), {}),
        "credit.review_triggers": (credit.review_triggers, (), {}),
        "credit.loyalty_credit_matrix": (credit.loyalty_credit_matrix, (acc, grades), {}),
        "credit.loyalty_size_matrix": (credit.loyalty_size_matrix, (acc,), {}),
        "credit.loyalty_size_credit_table": (credit.loyalty_size_credit_table, (acc, grades), {}),
        "credit.size_bands": (credit.size_bands, (acc["annual_revenue"],), {}),
        "credit.matrix_strategies": (credit.matrix_strategies, (), {}),
        # profile
        "profile.completeness": (profile.completeness, (ar,), {}),
        "profile.is_missing": (profile.is_missing, (ar["email"],), {}),
        "profile.age": (profile.age, (cu["birth_date"], "2025-12-31"), {}),
        "profile.age_band": (profile.age_band, (profile.age(cu["birth_date"], "2025-12-31"),), {}),
        "profile.age_pyramid": (profile.age_pyramid, (cu,), {}),
        "profile.profile_summary": (profile.profile_summary, (cu,), {}),
        "profile.standardize": (profile.standardize, (ar,), {}),
        "profile.standardize_phone": (profile.standardize_phone, (ar["phone"], "en_US"), {}),
        "profile.standardize_email": (profile.standardize_email, (ar["email"],), {}),
        "profile.standardize_province": (profile.standardize_province, (ar["province"], "en_US"), {}),
        "profile.standardize_city": (profile.standardize_city, (ar["city"], "en_US"), {}),
        "profile.standardize_address": (profile.standardize_address, (ar["address"], "en_US"), {}),
        "profile.standardize_name": (profile.standardize_name, (ar["name"], "en_US"), {}),
        "profile.standardize_gender": (profile.standardize_gender, (ar["gender"],), {}),
        "profile.standardize_birth_date": (profile.standardize_birth_date, (ar["birth_date"], "en_US"), {}),
        "profile.standardize_postcode": (profile.standardize_postcode, (ar["postcode"], "en_US"), {}),
        "profile.score_pairs": (profile.score_pairs, (ar,), {}),
        "profile.matches": (profile.matches, (scored,), {}),
        "profile.find_duplicates": (profile.find_duplicates, (ar,), {}),
        "profile.cluster_duplicates": (profile.cluster_duplicates, (dups, ar), {}),
        "profile.exact_duplicates": (profile.exact_duplicates, (ar,), {}),
        "profile.match_quality": (profile.match_quality, (clusters, ta), {}),
        "profile.threshold_curve": (profile.threshold_curve, (scored, ta), {"thresholds": [50, 70, 90]}),
        "profile.golden_records": (profile.golden_records, (ar, clusters), {}),
        "profile.buying_centre": (profile.buying_centre, (con, acc), {}),
        "profile.role_coverage": (profile.role_coverage, (centre,), {}),
        "profile.role_descriptions": (profile.role_descriptions, (), {}),
        "profile.profile_fields": (profile.profile_fields, (), {}),
        "profile.data_sources": (profile.data_sources, (), {}),
        # basket
        "basket.baskets": (basket.baskets, (lines, o), {}),
        "basket.item_support": (basket.item_support, (lines, o), {}),
        "basket.association_rules": (basket.association_rules, (lines, o), {}),
        "basket.rules_against_truth": (basket.rules_against_truth, (rules, tb), {}),
        # plots
        "plots.plot_pareto": (plots.plot_pareto, (par,), {}),
        "plots.plot_abc_pyramid": (plots.plot_abc_pyramid, (value.abc_summary(tiers),), {}),
        "plots.plot_rfm_heatmap": (plots.plot_rfm_heatmap, (scores,), {}),
        "plots.plot_rfm_segments": (plots.plot_rfm_segments, (segs,), {}),
        "plots.plot_cohort_heatmap": (plots.plot_cohort_heatmap, (retention,), {}),
        "plots.plot_cohort_curves": (plots.plot_cohort_curves, (retention,), {"cohort": str(retention.index[0])}),
        "plots.plot_development_funnel": (plots.plot_development_funnel, (funnel,), {}),
        "plots.plot_churn_rate": (plots.plot_churn_rate, (rates,), {}),
        "plots.plot_survival": (plots.plot_survival, (curve,), {}),
        "plots.plot_stage_mix": (plots.plot_stage_mix, (mix,), {}),
        "plots.plot_disconfirmation": (plots.plot_disconfirmation, (disc,), {}),
        "plots.plot_ipa": (plots.plot_ipa, (ipa,), {}),
        "plots.plot_nps": (plots.plot_nps, (npsr,), {}),
        "plots.plot_complaint_funnel": (plots.plot_complaint_funnel, (cfun,), {}),
        "plots.plot_handling_times": (plots.plot_handling_times, (htimes,), {}),
        "plots.plot_loyalty_matrix": (plots.plot_loyalty_matrix, (matrix,), {}),
        "plots.plot_satisfaction_loyalty": (plots.plot_satisfaction_loyalty, (slc, trap), {}),
        "plots.plot_dick_basu": (plots.plot_dick_basu, (db,), {}),
        "plots.plot_completeness": (plots.plot_completeness, (comp,), {}),
        "plots.plot_match_quality": (plots.plot_match_quality, (qcurve,), {}),
        "plots.plot_profile": (plots.plot_profile, (summary,), {}),
        "plots.plot_age_pyramid": (plots.plot_age_pyramid, (pyramid,), {}),
        "plots.plot_buying_centre": (plots.plot_buying_centre, (centre,), {}),
        "plots.plot_grade_mix": (plots.plot_grade_mix, (risk,), {}),
        "plots.plot_five_c": (plots.plot_five_c, (five, grades), {}),
        "plots.plot_collection_by_grade": (plots.plot_collection_by_grade, (by_grade,), {}),
        "plots.plot_ageing": (plots.plot_ageing, (age_t, grades), {}),
        "plots.plot_loyalty_credit": (plots.plot_loyalty_credit, (lcm,), {}),
        "plots.plot_elbow": (plots.plot_elbow, (choice,), {}),
        "plots.plot_segment_sizes": (plots.plot_segment_sizes, (sizes, names), {}),
        "plots.plot_snake": (plots.plot_snake, (snake, names), {}),
        "plots.plot_cluster_scatter": (plots.plot_cluster_scatter, (feats, labs), {"columns": cols}),
        "plots.plot_kotler_matrix": (plots.plot_kotler_matrix, (), {}),
        "plots.plot_rules": (plots.plot_rules, (rules, tb), {}),
    }
    return c


def _public_names() -> set[str]:
    import importlib

    names = set()
    for pkg in PACKAGES:
        module = importlib.import_module(f"crmlab.{pkg}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                names.add(f"{pkg}.{name}")
    from crmlab import plots

    for area in plots.AREAS:
        module = importlib.import_module(f"crmlab.plots.{area}")
        names |= {f"plots.{n}" for n in module.__all__}
    return names


# ------------------------------------------------------------------------------------------
# Comparing results
# ------------------------------------------------------------------------------------------


def _fingerprint(value, drop: str | None = None):
    """Something comparable with ``==`` that stands for a result (without column ``drop``, which a
    table may carry through from its input)."""
    from matplotlib.axes import Axes

    if drop is not None and isinstance(value, pd.DataFrame) and drop in value.columns:
        value = value.drop(columns=drop)

    if isinstance(value, Axes):
        parts = [value.get_title(), value.get_xlabel(), value.get_ylabel(), len(value.patches), len(value.lines)]
        parts += [tuple(np.round(np.asarray(p.get_bbox().bounds, dtype=float), 6)) for p in value.patches]
        parts += [np.round(np.asarray(l.get_xydata(), dtype=float), 6).tobytes() for l in value.lines]
        parts += [t.get_text() for t in value.texts]
        return tuple(parts)
    if isinstance(value, pd.DataFrame):
        return ("frame", value.to_string(), tuple(map(str, value.dtypes)))
    if isinstance(value, pd.Series):
        return ("series", value.to_string(), str(value.dtype))
    if dataclasses.is_dataclass(value):
        return tuple(_fingerprint(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "pipeline")
    if isinstance(value, dict):
        return tuple((k, _fingerprint(v)) for k, v in value.items() if not callable(v))
    if isinstance(value, float) and np.isnan(value):
        return "nan"
    return repr(value)


# ------------------------------------------------------------------------------------------
# Hostile cases
# ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Case:
    label: str
    args: tuple
    kwargs: dict
    names: tuple  # a raised message must name one of these
    kind: str  # "error" (error or same result), "warn" (warning or error), "param" (error or any result)
    column: str | None = None  # the hostile column: a result may carry it through unchanged
    warn_match: str | None = None  # a warning counts only if its message matches this (regex)


def _is_str_param(p: inspect.Parameter, hints: dict) -> bool:
    hint = hints.get(p.name, p.annotation)
    text = str(hint)
    return text in ("str", "str | None", "<class 'str'>", "typing.Optional[str]", "str | None | None") or hint in (str, typing.Optional[str])


def _frames(args: tuple, kwargs: dict):
    """(where, key, frame, shown name) for every DataFrame argument, also inside dicts/Datasets."""
    out = []
    for i, a in enumerate(args):
        out += _frames_of(("arg", i), a)
    for k, a in kwargs.items():
        out += _frames_of(("kw", k), a)
    return out


def _frames_of(where, value):
    if isinstance(value, pd.DataFrame):
        return [(where, None, value)]
    if isinstance(value, dict) or type(value).__name__ == "Dataset":
        return [(where, key, value[key]) for key in list(value.keys()) if isinstance(value[key], pd.DataFrame)]
    return []


def _replace(args, kwargs, where, key, frame):
    args, kwargs = list(args), dict(kwargs)
    holder = args if where[0] == "arg" else kwargs
    if key is None:
        holder[where[1]] = frame
    else:
        inner = dict(holder[where[1]].items()) if not isinstance(holder[where[1]], dict) else dict(holder[where[1]])
        inner[key] = frame
        holder[where[1]] = inner
    return tuple(args), kwargs


def _param_name(fn, where, key) -> str:
    params = list(inspect.signature(fn).parameters)
    name = params[where[1]] if where[0] == "arg" else where[1]
    return name if key is None else f"{name}['{key}']"


def _mixed_zone_dates(values: pd.Series) -> pd.Series:
    text = values.dt.strftime("%Y-%m-%dT%H:%M:%S").astype(object)
    zones = np.where(np.arange(len(values)) % 2 == 0, "+01:00", "+05:00")
    return pd.Series([None if pd.isna(v) else v + z for v, z in zip(text, zones)], index=values.index, dtype=object)


def _day_first_dates(values: pd.Series) -> pd.Series:
    text = values.dt.strftime("%d/%m/%Y").astype(object)
    return pd.Series(text, index=values.index, dtype=object)


def _mixed_ids(values: pd.Series) -> pd.Series:
    out = values.astype(object).copy()
    out.iloc[::2] = [str(v) for v in out.iloc[::2]]
    return out


def _cases(name: str, fn, args: tuple, kwargs: dict) -> list[Case]:
    sig = inspect.signature(fn)
    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # noqa: BLE001
        hints = {}
    cases: list[Case] = []
    bound = sig.bind_partial(*args, **kwargs)
    for p in sig.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        given = p.name in bound.arguments
        if p.name == "ax":
            cases.append(Case("ax='x'", args, {**kwargs, "ax": "x"}, ("ax",), "error"))
            continue
        if p.name == "as_of" and not given:
            cases.append(Case("as_of=NaT", args, {**kwargs, "as_of": pd.NaT}, ("as_of",), "error"))
        if (p.name.endswith("_days") or p.name in ("horizon",)) and isinstance(p.default, int):
            cases.append(Case(f"{p.name}=10**18", args, {**kwargs, p.name: BIG_DAYS}, (p.name,), "param"))
        if p.name == "amount" and not given:
            cases.append(Case("amount=None", args, {**kwargs, "amount": None}, ("amount",), "param"))
        if _is_str_param(p, hints) and not given and p.default is not p.empty:
            for bad, label in ((["x"], "list"), ({"x": 1}, "dict")):
                cases.append(Case(f"{p.name}={label}", args, {**kwargs, p.name: bad}, (p.name,), "error-only"))
            if isinstance(p.default, str):
                cases.append(Case(f"{p.name}={MISSING!r}", args, {**kwargs, p.name: MISSING}, (p.name, MISSING), "error-only"))
    for where, key, frame in _frames(args, kwargs):
        shown = _param_name(fn, where, key)
        names = (shown,)
        for col in frame.columns:
            values = frame[col]
            if pd.api.types.is_datetime64_any_dtype(values) and values.notna().any():
                for label, make in (("mixed time zones", _mixed_zone_dates), ("day-first dates", _day_first_dates)):
                    bad = frame.assign(**{col: make(values)})
                    a, k = _replace(args, kwargs, where, key, bad)
                    cases.append(Case(f"{shown}[{col!r}]: {label}", a, k, names + (col,), "error", col))
            if col in ("customer_id", "account_id") and pd.api.types.is_integer_dtype(values):
                bad = frame.assign(**{col: _mixed_ids(values)})
                a, k = _replace(args, kwargs, where, key, bad)
                cases.append(Case(f"{shown}[{col!r}]: ids 1 and '1'", a, k, names + (col,), "error", col))
        if len(frame.columns):
            first = frame.columns[0]
            dup = pd.concat([frame, frame[[first]]], axis=1)
            a, k = _replace(args, kwargs, where, key, dup)
            cases.append(Case(f"{shown}: duplicate column {first!r}", a, k, names, "error"))
            multi = frame.copy()
            multi.columns = pd.MultiIndex.from_tuples([(str(c), "x") for c in frame.columns])
            a, k = _replace(args, kwargs, where, key, multi)
            cases.append(Case(f"{shown}: MultiIndex columns", a, k, names, "error"))
        if "order_date" in frame.columns and "customer_id" in frame.columns and len(frame):
            late = frame.iloc[[-1]].copy()
            late["order_date"] = pd.Timestamp("2099-01-01")
            a, k = _replace(args, kwargs, where, key, pd.concat([frame, late], ignore_index=True))
            if "as_of" in sig.parameters and "as_of" not in bound.arguments:
                cases.append(Case(f"{shown}: one order dated 2099", a, k, names, "warn", warn_match=r"The default `as_of`"))
        if "amount" in frame.columns and "order_date" in frame.columns and len(frame) > 10:
            holes = frame.copy()
            holes["amount"] = holes["amount"].astype("float64")
            holes.loc[holes.index[:3], "amount"] = np.nan
            a, k = _replace(args, kwargs, where, key, holes)
            cases.append(Case(f"{shown}: 3 amounts missing", a, k, names, "warn-or-same", warn_match=r"3 of the .*without an amount"))
            holes = frame.copy()
            holes["customer_id"] = holes["customer_id"].astype("float64")
            holes.loc[holes.index[-2:], "customer_id"] = np.nan
            a, k = _replace(args, kwargs, where, key, holes)
            cases.append(Case(f"{shown}: 2 customer ids missing", a, k, names, "warn-or-same", warn_match=r"2 of the .*without a customer id"))
    return cases


#: Parameters that are free text, not a column name or a choice: any string is valid.
FREE_TEXT = {"standardize": ("suffix",)}

#: The warning of the simulated data itself: customers whose every order was returned are no buyers.
NON_BUYERS = r"[\d,]+ of the [\d,]+ customers of `"

BACKTICKED = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*)`")
#: Backticked words a message may use besides the function's parameters and column names.
KNOWN_WORDS = {"True", "False", "None", "NaN", "NaT"}


def _outcome(fn, case: Case, base, base_result):
    import matplotlib.pyplot as plt

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(*case.args, **case.kwargs)
        except CrmlabError as exc:
            return "crmlab-error", str(exc), caught
        except Exception as exc:  # noqa: BLE001
            return "raw", f"{type(exc).__name__}: {exc}", caught
        finally:
            plt.close("all")
    same = _fingerprint(result) == base or (
        case.column is not None and _fingerprint(result, case.column) == _fingerprint(base_result, case.column)
    )
    return ("same" if same else "different"), None, caught


def _allowed_words(fn, case: Case) -> set[str]:
    words = set(inspect.signature(fn).parameters) | KNOWN_WORDS
    for _w, _k, frame in _frames(case.args, case.kwargs):
        words |= {str(c) for c in frame.columns if not isinstance(c, tuple)}
    return words


def _judge(fn, case: Case, base, base_result) -> str | None:
    """None if the case ends well, else what went wrong."""
    kind, message, caught = _outcome(fn, case, base, base_result)
    data_warnings = [
        w for w in caught
        if issubclass(w.category, DataWarning) and (case.warn_match is None or re.search(case.warn_match, str(w.message), re.S))
    ]
    if kind == "raw":
        return f"raw exception: {message}"
    if kind == "crmlab-error":
        if not any(n in message for n in case.names):
            return f"message does not name {case.names}: {message}"
        odd = {w for w in BACKTICKED.findall(message)} - _allowed_words(fn, case)
        if odd:
            return f"message names {sorted(odd)}, not parameters of the call: {message}"
        return None
    if case.kind == "error-only":
        if case.label.split("=")[0] in FREE_TEXT.get(getattr(fn, "__name__", ""), ()) and kind == "different":
            return None  # free text (e.g. a suffix): any string is valid and changes the result
        return f"no error (the argument was ignored): result {kind}"
    if case.kind == "param":
        return None
    if case.kind == "warn":
        return None if data_warnings else f"no DataWarning (result {kind})"
    if case.kind == "warn-or-same":
        return None if (data_warnings or kind == "same") else "different result without a DataWarning"
    if kind == "same":
        return None
    return "different result without an error or warning"


NAMES = sorted(_public_names())


def test_every_public_function_has_a_valid_call(company):
    calls = _calls(company)
    assert set(calls) == set(NAMES), sorted(set(NAMES) ^ set(calls))


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_hostile_input_gives_a_clear_error_or_an_honest_warning(company, name):
    import matplotlib.pyplot as plt

    calls = _calls_cached(company)
    fn, args, kwargs = calls[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)  # the valid call itself must be quiet …
        warnings.filterwarnings("ignore", message=NON_BUYERS, category=DataWarning)  # … but for this one
        base_result = fn(*args, **kwargs)
        base = _fingerprint(base_result)
    plt.close("all")
    problems = []
    for case in _cases(name, fn, args, kwargs):
        verdict = _judge(fn, case, base, base_result)
        if verdict is not None:
            problems.append(f"{case.label}: {verdict}")
    import json
    import os

    if problems and os.environ.get("CRMLAB_SWEEP_REPORT"):
        with open(os.environ["CRMLAB_SWEEP_REPORT"], "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"function": name, "problems": problems}) + "\n")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


_CACHE: dict = {}


def _calls_cached(company):
    if "calls" not in _CACHE:
        _CACHE["calls"] = _calls(company)
    return _CACHE["calls"]


# ------------------------------------------------------------------------------------------
# Measuring: python -m tests.test_bad_input
# ------------------------------------------------------------------------------------------


def _kind_of(verdict: str | None) -> str:
    if verdict is None:
        return "ok"
    if verdict.startswith("raw exception"):
        return "raw error"
    if verdict.startswith("message"):
        return "unclear message"
    return "silent"


def sweep(data, names=None) -> list[tuple[str, str, str, str | None]]:
    """(function, case, kind, verdict) for every hostile case of every public function: the
    test above, as a table (kind: ok, raw error, unclear message, silent)."""
    import matplotlib.pyplot as plt

    calls = _calls(data)
    rows = []
    for name in sorted(calls if names is None else names):
        fn, args, kwargs = calls[name]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            base_result = fn(*args, **kwargs)
        base = _fingerprint(base_result)
        plt.close("all")
        for case in _cases(name, fn, args, kwargs):
            verdict = _judge(fn, case, base, base_result)
            rows.append((name, case.label, _kind_of(verdict), verdict))
    return rows


def main() -> None:
    import collections

    import crmlab

    rows = sweep(crmlab.generate(customers=300, seed=3))
    functions = {r[0] for r in rows}
    kinds = collections.Counter(r[2] for r in rows)
    print(f"{len(functions)} public functions, {len(rows)} hostile cases")
    for kind in ("ok", "raw error", "unclear message", "silent"):
        hit = {r[0] for r in rows if r[2] == kind}
        print(f"  {kind:16} {kinds[kind]:5} cases in {len(hit):3} functions")
    for name, label, kind, verdict in rows:
        if kind != "ok":
            print(f"    {name}: {label}: {verdict[:160]}")


if __name__ == "__main__":
    main()
