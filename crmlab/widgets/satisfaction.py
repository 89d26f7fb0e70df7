"""Explorer of lesson 06 (客户满意): expectation against performance, and "what if we did better?".

Two things move together:

* **one customer** — an expectation E and a perceived performance P of the chosen attribute,
  and a tolerance band, give the courseware's verdict (P / E > 1 delighted, = 1 satisfied,
  < 1 dissatisfied) through :func:`crmlab.satisfaction.disconfirmation`;
* **the survey respondents** — if the firm's performance on the chosen attribute rose by Δ
  points, every respondent's ``perform_<attribute>`` moves by Δ (kept on the 1–10 scale), and
  the shares delighted / satisfied / dissatisfied (:func:`~crmlab.satisfaction.disconfirmation_summary`),
  the NPS (:func:`~crmlab.satisfaction.nps`, through the simple model below) and the
  attribute's importance–performance quadrant (:func:`~crmlab.satisfaction.importance_performance`)
  are recomputed.

NPS model (a teaching assumption, not an estimate): a respondent's 0–10 recommendation moves by
``nps_slope × w × ΔP`` where ``ΔP`` is the change of their performance rating (after keeping it
on the scale) and ``w`` their own importance of the attribute divided by the sum of their
importances of all attributes. The default slope 0.9 is the data card's weight of the
importance-weighted gap in satisfaction, assuming recommendation follows satisfaction one for
one. Scores stay within 0–10 and are not rounded.
"""

from __future__ import annotations

import functools

import pandas as pd

from .._checks import check_float
from .._frames import check_frame, require_columns
from ..errors import ParameterError
from ..i18n import N_, _, label
from ..satisfaction import disconfirmation, disconfirmation_summary, importance_performance, nps
from ._base import Explorer, Picture

LESSON = "06"

__all__ = ["satisfaction_explorer", "satisfaction_update", "survey_frame"]

_SCALE = (1.0, 10.0)
_PREFIXES = ("expect_", "perform_", "importance_")


def survey_frame(surveys: pd.DataFrame, truth_customers: pd.DataFrame | None = None) -> pd.DataFrame:
    """The columns the explorer needs (ratings, ``recommend``), with ``persona`` joined when given.

    ``persona`` comes from the hidden truth: a real firm would use its own segments instead.
    Done once, outside :func:`satisfaction_update`.
    """
    check_frame(surveys, "surveys")
    cols = [c for c in surveys.columns if isinstance(c, str) and c.startswith(_PREFIXES)]
    keep = [c for c in ("customer_id", "recommend", "method") if c in surveys.columns] + cols
    out = surveys[keep].copy()
    if truth_customers is not None:
        require_columns(truth_customers, "truth_customers", {"customer_id": N_("customer ids"), "persona": N_("personas")})
        persona = truth_customers.set_index("customer_id")["persona"]
        out["persona"] = out["customer_id"].map(persona).astype(object)
    return out.reset_index(drop=True)


def satisfaction_update(
    surveys: pd.DataFrame,
    attribute: str = "price",
    delta: float = 0.0,
    tolerance: float = 0.05,
    *,
    expectation: float = 7.0,
    performance: float = 7.0,
    groups: object = None,
    group_col: str = "persona",
    nps_slope: float = 0.9,
    picture: str = "shares",
    population=None,
) -> dict:
    """Everything the satisfaction explorer shows, from plain parameters.

    Parameters
    ----------
    surveys : DataFrame
        Survey responses with ``expect_``/``perform_``/``importance_<attribute>`` columns and
        ``recommend`` (e.g. :func:`survey_frame` of ``crmlab.load("surveys")``).
    attribute : str
        The attribute whose performance changes (``"price"``, ``"quality"`` …).
    delta : float
        Points added to every respondent's ``perform_<attribute>``; results are clipped to 1–10.
    tolerance : float
        Relative band around P / E = 1 counted as "satisfied" (see ``disconfirmation``).
    expectation, performance : float
        The simulated customer's E and P (1–10).
    groups : list, optional
        Keep only respondents whose ``group_col`` is one of these (e.g. personas); ``None``:
        everyone. An empty list is an error.
    group_col : str
        Column of ``surveys`` used by ``groups``.
    nps_slope : float
        Slope of the NPS model in the module docstring (recommendation points per point of
        importance-weighted performance).
    picture : {"shares", "ipa"}
        What ``plot`` draws: outcome shares now vs after Δ, or the IPA grid after Δ.
    population : callable, optional
        Computes the respondents' part from ``(surveys, attribute, delta, tolerance, groups,
        group_col, nps_slope)``; the explorer passes one that remembers its answers, so that
        moving only the one customer's E or P does not recompute the survey.

    Returns
    -------
    dict
        ``customer`` (one row of ``disconfirmation``: gap, ratio, outcome), ``before`` and
        ``after`` (one row each of ``disconfirmation_summary`` for the attribute), ``nps_before``,
        ``nps_after``, ``ipa_before``, ``ipa_after`` (``importance_performance`` results),
        ``quadrant_before``, ``quadrant_after``, ``n`` (respondents), ``table``, ``summary``
        (HTML) and ``plot`` (callable on an axes).
    """
    check_frame(surveys, "surveys")
    delta = check_float("delta", delta)
    slope = check_float("nps_slope", nps_slope, low=0.0)
    if picture not in ("shares", "ipa"):
        raise ParameterError(
            _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name="picture", choices=["shares", "ipa"], got=repr(picture)
            )
        )
    e_col, p_col, i_col = (p + str(attribute) for p in _PREFIXES)
    require_columns(surveys, "surveys", {c: N_("ratings of the chosen attribute") for c in (e_col, p_col, i_col)})
    require_columns(surveys, "surveys", {"recommend": N_("the 0–10 recommendation")})

    # One simulated customer: the same rule as for the survey rows.
    one = pd.DataFrame({f"expect_{attribute}": [expectation], f"perform_{attribute}": [performance]})
    customer = disconfirmation(one, [attribute], tolerance=tolerance, id=None).iloc[0]
    crowd = (population or _population)(surveys, attribute, delta, tolerance, None if groups is None else tuple(groups),
                                        group_col, slope)
    return _assembled(customer, crowd, attribute, delta, expectation, performance, picture)


def _population(surveys: pd.DataFrame, attribute: str, delta: float, tolerance: float, groups: tuple | None,
                group_col: str, slope: float) -> dict:
    """The respondents' part of :func:`satisfaction_update` (all but the one customer)."""
    e_col, p_col, i_col = (p + str(attribute) for p in _PREFIXES)
    data = surveys
    if groups is not None:
        groups = list(groups)
        if not groups:
            raise ParameterError(_("Choose at least one group of respondents."))
        require_columns(surveys, "surveys", {group_col: N_("the groups to choose from")})
        data = surveys[surveys[group_col].isin(groups)]
        if data.empty:
            raise ParameterError(_("No respondent belongs to the groups {groups}.").format(groups=groups))

    imp_cols = [c for c in data.columns if c.startswith("importance_") and c[len("importance_"):] in _attrs(data)]
    old_p = data[p_col].astype("float64")
    new_p = old_p.add(delta).clip(*_SCALE)
    shifted = data.assign(**{p_col: new_p})

    before = disconfirmation_summary(data, [attribute], tolerance=tolerance).iloc[0]
    after = disconfirmation_summary(shifted, [attribute], tolerance=tolerance).iloc[0]

    weights = data[i_col].astype("float64") / data[imp_cols].astype("float64").sum(axis=1)
    recommend_after = (data["recommend"].astype("float64") + slope * weights * (new_p - old_p)).clip(0, 10)
    nps_before = float(nps(data, "recommend")["nps"].iloc[0])
    nps_after = float(nps(recommend_after.to_numpy())["nps"].iloc[0])

    ipa_before = importance_performance(data)
    ipa_after = importance_performance(shifted)
    return {"data": data, "before": before, "after": after, "nps_before": nps_before, "nps_after": nps_after,
            "ipa_before": ipa_before, "ipa_after": ipa_after}


def _assembled(customer: pd.Series, crowd: dict, attribute: str, delta: float, expectation: float,
               performance: float, picture: str) -> dict:
    """:func:`satisfaction_update`'s result from the customer's verdict and the respondents' part."""
    data, before, after = crowd["data"], crowd["before"], crowd["after"]
    nps_before, nps_after = crowd["nps_before"], crowd["nps_after"]
    ipa_before, ipa_after = crowd["ipa_before"], crowd["ipa_after"]
    q_before = ipa_before.loc[attribute, "quadrant"]
    q_after = ipa_after.loc[attribute, "quadrant"]

    rows = {
        _("now"): [before[f"share_{o}"] * 100 for o in ("delighted", "satisfied", "dissatisfied")]
        + [nps_before, label(q_before, "quadrant")],
        _("after Δ"): [after[f"share_{o}"] * 100 for o in ("delighted", "satisfied", "dissatisfied")]
        + [nps_after, label(q_after, "quadrant")],
    }
    index = [_("% delighted"), _("% satisfied"), _("% dissatisfied"), _("NPS (model)"), _("IPA quadrant")]
    table = pd.DataFrame(rows, index=index)

    verdict = {"delighted": "#2a9d8f", "satisfied": "#777", "dissatisfied": "#e76f51"}[customer["outcome"]]
    one = _("One customer: E = {e:g}, P = {p:g} → P / E = {ratio:.2f}, <b style='color:{colour}'>{verdict}</b>.").format(
        e=expectation, p=performance, ratio=customer["ratio"], colour=verdict, verdict=label(customer["outcome"], "outcome")
    )
    everyone = _(
        "Respondents ({n:,}), {attribute} Δ = {delta:+g}: dissatisfied {before:.0%} → {after:.0%}, "
        "NPS {nps_before:.1f} → {nps_after:.1f}, quadrant {q_before} → {q_after}."
    ).format(
        n=len(data),
        attribute=label(attribute, "attribute"),
        delta=delta,
        before=before["share_dissatisfied"],
        after=after["share_dissatisfied"],
        nps_before=nps_before,
        nps_after=nps_after,
        q_before=label(q_before, "quadrant"),
        q_after=label(q_after, "quadrant"),
    )
    summary = f"{one}<br>{everyone}"

    pair = pd.DataFrame([before, after])
    name = label(attribute, "attribute")
    pair.index = [_("{attribute}: now").format(attribute=name), f"{name}: Δ {delta:+g}"]

    def plot(ax):
        from ..plots import plot_disconfirmation, plot_ipa

        if picture == "ipa":
            return plot_ipa(ipa_after, ax=ax)
        return plot_disconfirmation(pair, ax=ax)

    def update(ax):
        from ..plots.satisfaction import _update_disconfirmation

        return _update_disconfirmation(ax, pair)

    return {
        "customer": customer,
        "before": before,
        "after": after,
        "nps_before": nps_before,
        "nps_after": nps_after,
        "ipa_before": ipa_before,
        "ipa_after": ipa_after,
        "quadrant_before": q_before,
        "quadrant_after": q_after,
        "n": len(data),
        "table": table,
        "summary": summary,
        "plot": plot if picture == "ipa" else Picture(plot, update, "outcome_shares"),
    }


def _attrs(frame: pd.DataFrame) -> list[str]:
    """Attributes having all three rating columns, in column order."""
    return [
        c[len("perform_"):]
        for c in frame.columns
        if isinstance(c, str)
        and c.startswith("perform_")
        and f"expect_{c[len('perform_'):]}" in frame.columns
        and f"importance_{c[len('perform_'):]}" in frame.columns
    ]


def satisfaction_explorer(data: dict | None = None, attribute: str = "price") -> Explorer:
    """Sliders for E, P and tolerance of one customer, and for a change Δ of the firm's performance.

    ``data``: a dict of tables with ``surveys`` (and ``truth_customers`` for the persona filter);
    default: the bundled course data.
    """
    import ipywidgets as w

    from ..data import load

    if data is None:
        data = {"surveys": load("surveys"), "truth_customers": load("truth_customers")}
    frame = survey_frame(data["surveys"], data.get("truth_customers"))
    attrs = _attrs(frame)
    if attribute not in attrs:
        raise ParameterError(
            _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                name="attribute", choices=attrs, got=repr(attribute)
            )
        )
    style = {"description_width": "initial"}
    personas = sorted(frame["persona"].dropna().unique()) if "persona" in frame.columns else None

    def make_controls() -> dict:
        controls = {
            "attribute": w.Dropdown(options=[(label(a, "attribute"), a) for a in attrs], value=attribute,
                                    description=_("Attribute"), style=style),
            "expectation": w.FloatSlider(value=7, min=1, max=10, step=0.5, description=_("Expectation E"), style=style),
            "performance": w.FloatSlider(value=7, min=1, max=10, step=0.5, description=_("Performance P"), style=style),
            "tolerance": w.FloatSlider(value=0.05, min=0, max=0.3, step=0.01, description=_("Tolerance"), style=style),
            "delta": w.FloatSlider(value=0, min=-3, max=3, step=0.5, description=_("Firm's Δ performance"),
                                   style=style),
            "picture": w.Dropdown(
                options=[(_("outcome shares"), "shares"), (_("IPA grid"), "ipa")], value="shares",
                description=_("Picture"), style=style,
            ),
        }
        if personas is not None:
            controls["groups"] = w.SelectMultiple(
                options=[(label(p, "persona"), p) for p in personas], value=tuple(personas),
                description=_("Personas"), rows=4, style=style,
            )
        return controls

    controls = make_controls()

    @functools.lru_cache(maxsize=64)
    def remembered(*key) -> dict:
        return _population(frame, *key)

    def population(_surveys: pd.DataFrame, *key) -> dict:  # the respondents' part (see satisfaction_update)
        return remembered(*key)

    def compute(**values):
        return satisfaction_update(frame, population=population, **values)

    return Explorer(
        N_("Satisfaction: expectation, performance and what if we did better"), controls, compute, relabel=make_controls
    )
