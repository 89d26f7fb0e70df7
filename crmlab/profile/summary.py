"""Who are our customers? Age, demographics, geography and channels (客户档案分析)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show, check_date, check_int
from .._frames import IfPresent, is_if_present, check_frame, date_column, require_columns, resolve_as_of
from ..errors import ParameterError, ParameterTypeError
from ..i18n import N_, _
from ._text import text

__all__ = ["age", "age_band", "profile_summary", "age_pyramid", "AGE_BANDS", "PROFILE_VARIABLES"]

#: Lower edges (years) of the default age bands: 0-17, 18-24, 25-34, …, 65+.
AGE_BANDS = (0, 18, 25, 35, 45, 55, 65)

#: Variables of :func:`profile_summary` by section (used when the column exists).
PROFILE_VARIABLES = {
    "demographics": ("age_band", "gender", "education", "occupation", "marital_status",
                     "household_size"),
    "geography": ("province", "city"),
    "channels": ("acquisition_channel",),
}


def _as_of(as_of) -> pd.Timestamp:
    if as_of is None:
        raise ParameterError(_("`as_of` is required: the date at which ages are counted."))
    return pd.Timestamp(check_date("as_of", as_of))


def age(birth_date, as_of) -> pd.Series:
    """Age in completed years at ``as_of`` (周岁).

    ``age = as_of.year − birth.year``, minus 1 if the birthday of that year has not come yet,
    i.e. if (month, day) of ``as_of`` < (month, day) of the birth date. On the birthday itself
    the new age counts. Someone born on 29 February becomes a year older on 1 March in
    common years. Times of day are ignored. A missing birth date, or one after ``as_of``,
    gives a missing age.

    Parameters
    ----------
    birth_date : pandas.Series
        Dates of birth (datetime64 or ISO date strings such as "1985-03-07").
    as_of : date-like
        The day at which ages are counted ("2025-12-31", a date or a Timestamp).

    Returns
    -------
    pandas.Series
        ``Int64`` ages, same index as ``birth_date``.

    Examples
    --------
    >>> b = pd.Series(pd.to_datetime(["2000-03-01", "2000-02-29", "2000-03-02"]))
    >>> age(b, "2025-03-01").tolist()
    [25, 25, 24]
    """
    if not isinstance(birth_date, pd.Series):
        if isinstance(birth_date, (list, tuple, np.ndarray, pd.Index)):
            birth_date = pd.Series(list(birth_date))
        else:
            raise ParameterTypeError(
                _("`birth_date` must be a pandas Series of dates, but {type} was passed.").format(
                    type=type(birth_date).__name__
                )
            )
    ref = _as_of(as_of)
    born = date_column(pd.DataFrame({"birth_date": birth_date}), "birth_date", "birth_date")
    born = pd.to_datetime(born).dt.normalize()
    years = ref.year - born.dt.year
    before = (ref.month < born.dt.month) | ((ref.month == born.dt.month) & (ref.day < born.dt.day))
    result = (years - before.astype("Int64")).astype("Int64")
    result = result.where(born.notna() & (born <= ref))
    return pd.Series(result.to_numpy(), index=birth_date.index, dtype="Int64",
                     name="age")


def _band_edges(bands) -> list[int]:
    if isinstance(bands, (str, bytes)):
        bands = None
    try:
        edges = [check_int("bands", b, low=0) for b in bands]
    except TypeError:
        raise ParameterTypeError(
            _("`bands` must be a list of whole numbers (lower edges), but {got} was passed.").format(
                got=_show(bands)
            )
        ) from None
    if not edges or any(later <= earlier for earlier, later in zip(edges, edges[1:])):
        raise ParameterError(
            _("`bands` must be increasing lower edges such as (0, 18, 25), but {got} was passed.").format(
                got=_show(bands)
            )
        )
    return edges


def band_labels(bands=AGE_BANDS) -> list[str]:
    """Labels of the age bands: "0-17", "18-24", …, "65+" (the last band is open)."""
    edges = _band_edges(bands)
    labels = [f"{a}-{b - 1}" for a, b in zip(edges, edges[1:])]
    return labels + [f"{edges[-1]}+"]


def age_band(ages, bands=AGE_BANDS) -> pd.Series:
    """Age band of each age: the band whose lower edge is the largest one ≤ the age.

    Ages below the first edge and missing ages give a missing band.

    Parameters
    ----------
    ages : pandas.Series
        Whole years, e.g. from :func:`age`.
    bands : sequence of int, default :data:`AGE_BANDS`
        Increasing lower edges; the last band is open ("65+").

    Returns
    -------
    pandas.Series
        Ordered categorical with the labels of :func:`band_labels`.

    Examples
    --------
    >>> age_band(pd.Series([17, 18, 64, 65])).tolist()
    ['0-17', '18-24', '55-64', '65+']
    """
    if not isinstance(ages, pd.Series):
        raise ParameterTypeError(
            _("`{name}` must be a pandas Series, but {type} was passed.").format(name="ages", type=type(ages).__name__)
        )
    labels = band_labels(bands)
    edges = _band_edges(bands)
    values = pd.to_numeric(ages, errors="coerce").astype("float64")
    pos = np.searchsorted(np.asarray(edges, dtype=float), values.to_numpy(), side="right") - 1
    codes = np.where(values.isna().to_numpy() | (pos < 0), -1, pos)
    return pd.Series(pd.Categorical.from_codes(codes, categories=labels, ordered=True),
                     index=ages.index, name="age_band")


def _default_as_of(frame: pd.DataFrame, as_of, signup: str) -> pd.Timestamp:
    if as_of is not None:
        return _as_of(as_of)
    if signup in frame.columns:
        dates = date_column(frame, "customers", signup)
        if dates.notna().any():
            return resolve_as_of(None, dates)
    raise ParameterError(
        _(
            "`as_of` is required: `customers` has no dates in a column {signup!r} to choose a default (the "
            "day after the last sign-up)."
        ).format(signup=signup)
    )


def _counts(values: pd.Series, order: list | None, top: int | None) -> pd.DataFrame:
    """Counts and shares of each category (missing as "missing"; beyond ``top`` as "other")."""
    n = len(values)
    present = values.dropna()
    counts = present.value_counts(sort=False)
    if order is not None:  # every known category, zeros included
        extra = [c for c in counts.index if c not in set(order)]
        counts = counts.reindex(list(order) + extra, fill_value=0)
    else:
        counts = counts[counts > 0]
        counts = counts.sort_values(ascending=False, kind="stable")
        counts = counts.iloc[np.lexsort((np.arange(len(counts)), -counts.to_numpy()))]
    categories = [str(c) for c in counts.index]
    numbers = counts.to_numpy(dtype=np.int64).tolist()
    if top is not None and len(categories) > top:
        rest = int(sum(numbers[top:]))
        categories, numbers = categories[:top] + ["other"], numbers[:top] + [rest]
    if n - len(present):
        categories.append("missing")
        numbers.append(n - len(present))
    out = pd.DataFrame({"category": pd.array(categories, dtype="str"),
                        "count": np.asarray(numbers, dtype=np.int64)})
    out["share"] = out["count"] / n if n else np.nan
    return out


def profile_summary(customers, *, as_of=None, bands=AGE_BANDS, top: int = 10,
                    variables=None, birth_date: str = IfPresent("birth_date"),
                    signup: str = IfPresent("signup_date")) -> pd.DataFrame:
    """Who the customers are: one tidy table of counts and shares per profile variable.

    Sections and variables (each used when ``customers`` has the column):
    ``demographics`` — ``age_band`` (from ``birth_date`` at ``as_of``, see :func:`age` and
    :func:`age_band`), ``gender``, ``education``, ``occupation``, ``marital_status``,
    ``household_size``; ``geography`` — ``province``, ``city`` (the ``top`` most frequent,
    the rest as "other"); ``channels`` — ``acquisition_channel``.

    Counting rules: every row of ``customers`` counts once per variable; missing values form
    the category "missing" (also ages that cannot be computed), so shares sum to 1 per
    variable. Order within a variable: age bands in band order and categoricals in their
    category order (every band/category listed, also with a count of 0), ``household_size``
    numerically, everything else by count (most first, ties by first appearance).

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer, e.g. ``crmlab.load("customers")``. Not modified.
    as_of : date-like, optional
        Day at which ages are counted; default the day after the last ``signup`` date.
    bands : sequence of int
        Lower edges of the age bands.
    top : int, default 10
        Categories kept per geography variable.
    variables : list of str, optional
        Restrict to these variables (names as above; each must be available).
    birth_date, signup : str, default "birth_date" and "signup_date"
        Column names (the defaults are used when ``customers`` has them; a name you pass must
        exist).

    Returns
    -------
    pandas.DataFrame
        Columns ``section, variable, category, count, share``; RangeIndex.

    Examples
    --------
    >>> c = pd.DataFrame({"gender": ["F", "M", "F", None]})
    >>> profile_summary(c, as_of="2025-01-01")[["category", "count", "share"]].values.tolist()
    [['F', 2, 0.5], ['M', 1, 0.25], ['missing', 1, 0.25]]
    """
    frame = check_frame(customers, "customers")
    top = check_int("top", top, low=1)
    for name, col in (("birth_date", birth_date), ("signup", signup)):
        if not isinstance(col, str):
            raise ParameterTypeError(
                _("`{name}` must be a column name (str), but {got} was passed.").format(
                    name=name, got=_show(col)
                )
            )
    for name, col in (("birth_date", birth_date), ("signup", signup)):
        if not is_if_present(col):  # a name the user passed must exist
            require_columns(frame, "customers", {col: N_("dates of birth") if name == "birth_date" else N_("sign-up dates")})
    available = {
        var: section
        for section, names in PROFILE_VARIABLES.items()
        for var in names
        if (birth_date if var == "age_band" else var) in frame.columns
    }
    if variables is None:
        chosen = list(available)
        if not chosen:
            known = [v for names in PROFILE_VARIABLES.values() for v in names]
            raise ParameterError(
                _("`customers` has none of the profile columns {known} (age needs {birth_date!r}).").format(
                    known=known, birth_date=birth_date
                )
            )
    else:
        if isinstance(variables, str):
            variables = [variables]
        chosen = list(variables)
        for var in chosen:
            if var not in available:
                column = birth_date if var == "age_band" else var
                known = [v for names in PROFILE_VARIABLES.values() for v in names]
                if var not in known:
                    raise ParameterError(
                        _("The value for `{name}` must be among {choices}, but {got} was passed.").format(
                            name="variables", choices=known, got=repr(var)
                        )
                    )
                require_columns(frame, "customers", {column: _("the variable {name!r}").format(name=var)})
    parts = []
    for var in chosen:
        section = available[var]
        if var == "age_band":
            ref = _default_as_of(frame, as_of, signup)
            values = age_band(age(frame[birth_date], ref), bands)
            table = _counts(values.astype(object).where(values.notna()), band_labels(bands), None)
        else:
            col = frame[var]
            order = None
            if isinstance(col.dtype, pd.CategoricalDtype):
                order = [str(c) for c in col.cat.categories]
                col = col.astype(object).where(col.notna())
            elif var == "household_size" and pd.api.types.is_numeric_dtype(col.dtype):
                order = [str(v) for v in sorted(col.dropna().unique())]
            values = text(col)
            table = _counts(values, order, top if section == "geography" else None)
        table.insert(0, "variable", var)
        table.insert(0, "section", section)
        parts.append(table)
    out = pd.concat(parts, ignore_index=True)
    out["section"] = out["section"].astype("str")
    out["variable"] = out["variable"].astype("str")
    return out


def age_pyramid(customers, *, as_of=None, bands=AGE_BANDS, birth_date: str = "birth_date",
                gender: str = "gender", signup: str = "signup_date") -> pd.DataFrame:
    """Customers per age band and gender (an age–gender pyramid).

    Ages as in :func:`age`; gender read with the rules of
    :func:`crmlab.profile.standardize_gender` ("F", "female", "女" … → F). Customers with no
    age band or gender are left out.

    Returns
    -------
    pandas.DataFrame
        Index ``age_band`` (every band, in order), columns ``F`` and ``M`` (counts, int).

    Examples
    --------
    >>> c = pd.DataFrame({"birth_date": pd.to_datetime(["2000-01-01", "1990-06-01"]),
    ...                   "gender": ["F", "male"]})
    >>> age_pyramid(c, as_of="2025-01-01").loc["25-34"].tolist()
    [1, 1]
    """
    from .standardize import standardize_gender

    frame = check_frame(customers, "customers")
    require_columns(frame, "customers", {birth_date: N_("dates of birth"), gender: N_("genders")})
    ref = _default_as_of(frame, as_of, signup)
    band = age_band(age(frame[birth_date], ref), bands)
    sex = standardize_gender(frame[gender])
    table = pd.crosstab(band, sex.astype(object).where(sex.notna()), dropna=False)
    table = table.reindex(index=band_labels(bands), columns=["F", "M"], fill_value=0)
    table.index.name = "age_band"
    table.columns.name = None
    return table.astype(np.int64)

