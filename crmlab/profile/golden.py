"""One record per person: merging duplicates into a golden record (合并 / 删除重复)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import IfPresent, check_frame, date_column, is_if_present, require_columns
from ..errors import ColumnError, ParameterTypeError
from ..i18n import N_, _
from ._text import check_locale, guess_locale
from .duplicates import _check_ids
from .standardize import STANDARD_FIELDS, standardize

__all__ = ["golden_records", "STABLE_FIELDS", "CHANGING_FIELDS"]

#: Fields that do not change over a life: the most frequent value wins.
STABLE_FIELDS = ("name", "gender", "birth_date")
#: Contact fields that people change: the most recent value wins.
CHANGING_FIELDS = ("phone", "email", "province", "city", "address", "postcode")


def golden_records(archive, clusters, *, locale: str | None = None, id: str = "record_id",  # noqa: A002
                   date: str = IfPresent("recorded_date")) -> pd.DataFrame:
    """Merge the records of each person into one golden record (survivorship rules).

    Every field is first standardised (:func:`crmlab.profile.standardize`); then, per person
    and field, among the records where the standardised value is present:

    * ``name``, ``gender``, ``birth_date`` (they do not change — a differing value is a
      typo): the **most frequent** value; a tie goes to the value of the most recent record.
    * ``phone``, ``email``, ``province``, ``city``, ``address``, ``postcode`` (people move
      and change numbers): the value of the **most recent** record.

    "Most recent" orders records by ``date`` (missing dates count as oldest), then by record
    id (a larger id is newer). A field missing in all records stays missing. Records absent
    from ``clusters`` form persons of their own (person key = their record id).

    Parameters
    ----------
    archive : pandas.DataFrame
        Raw records (unique ``id``), e.g. ``crmlab.load("archive")``. Not modified.
    clusters : pandas.DataFrame
        ``record_id`` → ``person_key``, from :func:`crmlab.profile.cluster_duplicates`.
    locale : {"en_US", "zh_CN"} or None
        For the standardisation; None guesses.
    id, date : str
        Id column and recording-date column of ``archive`` (the default ``"recorded_date"`` is
        used when ``archive`` has it; a name you pass must exist).

    Returns
    -------
    pandas.DataFrame
        One row per person, sorted by ``person_key``: ``person_key``, the standardised
        fields, ``n_records``, ``record_ids`` (sorted list of the merged record ids),
        ``first_recorded`` and ``last_recorded`` (when ``date`` exists).

    Examples
    --------
    >>> raw = pd.DataFrame({"record_id": [1, 2], "recorded_date": ["2024-01-01", "2025-01-01"],
    ...                     "name": ["Ann Lee", "ann lee"], "phone": ["555-201-0000", "555-301-0000"]})
    >>> cl = pd.DataFrame({"record_id": [1, 2], "person_key": [1, 1]})
    >>> golden_records(raw, cl, locale="en_US")[["name", "phone", "n_records"]].values.tolist()
    [['Ann Lee', '5553010000', 2]]
    """
    frame = check_frame(archive, "archive", allow_empty=True)
    if not isinstance(id, str) or not isinstance(date, str):
        raise ParameterTypeError(
            _("`id` and `date` must be column names (str), but {id} and {date} were passed.").format(
                id=_show(id), date=_show(date)
            )
        )
    require_columns(frame, "archive", {id: N_("record ids")})
    ids = _check_ids(frame, "archive", id)
    cl = check_frame(clusters, "clusters", allow_empty=True)
    require_columns(cl, "clusters", {"record_id": N_("record ids"), "person_key": N_("person of each record")})
    if cl[["record_id", "person_key"]].isna().any().any():
        raise ColumnError(_("Columns 'record_id' and 'person_key' of `clusters` must not be missing."))
    if cl["record_id"].duplicated().any():
        raise ColumnError(_("Column 'record_id' of `clusters` must list each record once."))
    locale = check_locale(locale, allow_none=True) or guess_locale(frame)
    present = [c for c in STANDARD_FIELDS if c in frame.columns]
    std = standardize(frame[present], locale) if present else pd.DataFrame(index=frame.index)

    key_map = pd.Series(cl["person_key"].to_numpy(dtype=object),
                        index=pd.Index(cl["record_id"].to_numpy(dtype=object)))
    rid = ids.to_numpy(dtype=object)
    person = key_map.reindex(rid).to_numpy(dtype=object)
    person = np.where(pd.isna(person), rid, person)

    work = pd.DataFrame({"person_key": person, "record_id": rid}, index=frame.index)
    if not is_if_present(date):  # a name the user passed must exist
        require_columns(frame, "archive", {date: N_("the day each record was made")})
    has_date = date in frame.columns
    if has_date:
        when = date_column(frame, "archive", date)
        work["_when"] = when.to_numpy()
    else:
        work["_when"] = pd.NaT
    work["_id_rank"] = pd.Series(rid).rank(method="first").to_numpy() if len(rid) else []
    # newest first: date descending (missing last), then larger id first
    newest = work.sort_values(["_when", "_id_rank"], ascending=False, na_position="last",
                              kind="stable")
    recency = pd.Series(np.arange(len(newest)), index=newest.index)
    work["_recency"] = recency.reindex(work.index).to_numpy()

    try:
        persons = sorted(pd.unique(work["person_key"]).tolist())
    except TypeError:
        persons = sorted(pd.unique(work["person_key"]).tolist(), key=str)
    out = pd.DataFrame({"person_key": pd.Series(persons, dtype=object)})
    if len(out) and all(isinstance(p, (int, np.integer)) for p in persons):
        out["person_key"] = out["person_key"].astype(np.int64)
    index_of = {p: k for k, p in enumerate(persons)}
    pos = work["person_key"].map(index_of).to_numpy(dtype=np.int64)

    for field in present:
        values = std[field + "_std"]
        rule = "frequent" if field in STABLE_FIELDS else "recent"
        out[field] = _survive(values, pos, work["_recency"].to_numpy(), len(persons), rule)
        if field == "birth_date":
            out[field] = pd.to_datetime(out[field]).astype("datetime64[s]")
        else:
            out[field] = out[field].astype("str")
    grouped = pd.DataFrame({"pos": pos, "rid": rid})
    lists = grouped.groupby("pos")["rid"].agg(lambda s: _sorted_list(s.tolist()))
    out["n_records"] = np.bincount(pos, minlength=len(persons)).astype(np.int64)
    out["record_ids"] = lists.reindex(range(len(persons))).to_numpy()
    if has_date:
        when = pd.Series(work["_when"].to_numpy(), index=pos)
        out["first_recorded"] = when.groupby(level=0).min().reindex(range(len(persons))).to_numpy()
        out["last_recorded"] = when.groupby(level=0).max().reindex(range(len(persons))).to_numpy()
    return out


def _sorted_list(values: list) -> list:
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=str)


def _survive(values: pd.Series, pos: np.ndarray, recency: np.ndarray, n: int, rule: str):
    """Winning value per person (index 0 … n−1) among the present ``values``."""
    ok = values.notna().to_numpy()
    result = np.full(n, None, dtype=object)
    if not ok.any():
        return result
    data = pd.DataFrame({"pos": pos[ok], "value": values[ok].to_numpy(dtype=object),
                         "recency": recency[ok]})
    if rule == "recent":
        best = data.sort_values(["pos", "recency"], kind="stable").drop_duplicates("pos")
    else:
        stats = data.groupby(["pos", "value"], sort=False).agg(
            count=("recency", "size"), newest=("recency", "min")).reset_index()
        best = stats.sort_values(["pos", "count", "newest"], ascending=[True, False, True],
                                 kind="stable").drop_duplicates("pos")
    result[best["pos"].to_numpy(dtype=np.int64)] = best["value"].to_numpy(dtype=object)
    return result
