"""The buying centre of business customers (采购中心): who plays which role."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import _show
from .._frames import check_ids, check_frame, require_columns
from ..errors import ColumnError, ParameterTypeError
from ..i18n import N_, _
from ._text import text

__all__ = ["ROLES", "role_descriptions", "buying_centre", "role_coverage"]

#: The six buying-centre roles, in the order of the course.
ROLES = ("user", "influencer", "decider", "approver", "buyer", "gatekeeper")

_TERMS_ZH = {"user": "使用者", "influencer": "影响者", "decider": "决策者", "approver": "批准者",
             "buyer": "购买者", "gatekeeper": "把关者"}


def _role_text() -> dict[str, tuple[str, str]]:
    """Translated (name, description) of each role (literals inside ``_()`` for extraction)."""
    return {
        "user": (_("User"), _("Uses the product every day; often starts the purchase and "
                              "judges it afterwards.")),
        "influencer": (_("Influencer"), _("Shapes the requirements and the choice of supplier, "
                                          "e.g. engineers and technical advisers.")),
        "decider": (_("Decider"), _("Has the power to choose the product and the supplier.")),
        "approver": (_("Approver"), _("Authorises the decider's or buyer's proposal, e.g. "
                                      "signs off the budget.")),
        "buyer": (_("Buyer"), _("Has the formal authority to select suppliers and negotiate "
                                "the terms.")),
        "gatekeeper": (_("Gatekeeper"), _("Controls the flow of information to the others, "
                                          "e.g. assistants and purchasing agents.")),
    }


# spellings accepted in a contacts table (trimmed, case-folded)
_ALIASES = {**{r: r for r in ROLES}, **{zh: code for code, zh in _TERMS_ZH.items()},
            "users": "user", "influencers": "influencer", "deciders": "decider",
            "decision maker": "decider", "decision_maker": "decider", "approvers": "approver",
            "buyers": "buyer", "purchaser": "buyer", "gatekeepers": "gatekeeper",
            "gate keeper": "gatekeeper", "gate_keeper": "gatekeeper"}


def role_descriptions() -> pd.DataFrame:
    """The six buying-centre roles (使用者 影响者 决策者 批准者 购买者 把关者).

    Returns
    -------
    pandas.DataFrame
        Columns ``role`` (stable English code), ``term_zh`` (the Chinese course term),
        ``name`` and ``description`` (translated through :mod:`crmlab.i18n`); one row per
        role in the order user, influencer, decider, approver, buyer, gatekeeper.

    Examples
    --------
    >>> role_descriptions()["role"].tolist()
    ['user', 'influencer', 'decider', 'approver', 'buyer', 'gatekeeper']
    """
    rows = [(code, _TERMS_ZH[code], name, desc) for code, (name, desc) in _role_text().items()]
    out = pd.DataFrame(rows, columns=["role", "term_zh", "name", "description"])
    return out.astype("str")


def _role_codes(values: pd.Series) -> pd.Series:
    cleaned = text(values).str.strip().str.casefold()
    return cleaned.map(lambda v: _ALIASES.get(v) if isinstance(v, str) else None)


def buying_centre(contacts, accounts=None, *, account: str = "account_id", role: str = "role",
                  counts: bool = False) -> pd.DataFrame:
    """Which buying-centre roles each business account has a contact for.

    Roles are read case-insensitively, in English codes or the Chinese terms ("decider",
    "决策者"; "decision maker" and "purchaser" too). A contact whose role is missing or
    unknown counts in ``n_contacts`` but fills no role; contacts without an account are
    ignored.

    Parameters
    ----------
    contacts : pandas.DataFrame
        One row per person at an account, e.g. ``crmlab.load("contacts")``. Not modified.
    accounts : pandas.DataFrame, optional
        With an ``account`` column: every account then gets a row, also those without
        contacts (all roles False, 0 contacts).
    account, role : str
        Column names.
    counts : bool, default False
        Give the number of contacts per role instead of True/False.

    Returns
    -------
    pandas.DataFrame
        Index ``account`` (sorted); one column per role of :data:`ROLES` (bool, or int
        counts), then ``n_contacts`` (all contacts of the account) and ``roles_filled``
        (how many of the six roles have at least one contact).

    Examples
    --------
    >>> c = pd.DataFrame({"account_id": [1, 1, 2], "role": ["buyer", "决策者", "user"]})
    >>> buying_centre(c)[["buyer", "decider", "roles_filled"]].values.tolist()
    [[True, True, 2], [False, False, 1]]
    """
    frame = check_frame(contacts, "contacts", allow_empty=True)
    for name, col in (("account", account), ("role", role)):
        if not isinstance(col, str):
            raise ParameterTypeError(
                _("`{name}` must be a column name (str), but {got} was passed.").format(
                    name=name, got=_show(col)
                )
            )
    if not isinstance(counts, (bool, np.bool_)):
        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name="counts", got=_show(counts))
        )
    require_columns(frame, "contacts", {account: N_("the account of each contact"),
                                        role: N_("buying-centre roles")})
    check_ids(frame[account], "contacts", account)
    work = pd.DataFrame({"account": frame[account].to_numpy(dtype=object),
                         "role": _role_codes(frame[role]).to_numpy(dtype=object)})
    work = work[pd.notna(work["account"])]
    keys = list(pd.unique(work["account"]))
    if accounts is not None:
        acc = check_frame(accounts, "accounts", allow_empty=True)
        require_columns(acc, "accounts", {account: N_("account ids")})
        check_ids(acc[account], "accounts", account)
        if acc[account].isna().any():
            raise ColumnError(
                _("Column {column!r} of `accounts` must not be missing.").format(column=account)
            )
        keys = list(dict.fromkeys([*acc[account].tolist(), *keys]))
    try:
        keys = sorted(keys)
    except TypeError:
        keys = sorted(keys, key=str)
    index = pd.Index(keys, name=account)
    if len(index) and all(isinstance(k, (int, np.integer)) and not isinstance(k, bool) for k in keys):
        index = index.astype(np.int64)
    known = work[pd.notna(work["role"])]
    table = pd.crosstab(known["account"], known["role"]) if len(known) else pd.DataFrame()
    table = table.reindex(index=index, columns=list(ROLES), fill_value=0).fillna(0)
    table = table.astype(np.int64)
    table.columns.name = None
    filled = (table > 0).sum(axis=1).astype(np.int64)
    n_contacts = work.groupby("account").size().reindex(index, fill_value=0).astype(np.int64)
    out = table if counts else table > 0
    out = out.copy()
    out["n_contacts"] = n_contacts.to_numpy()
    out["roles_filled"] = filled.to_numpy()
    out.index.name = account
    return out


def role_coverage(centre) -> pd.DataFrame:
    """Share of accounts with at least one contact in each role.

    Parameters
    ----------
    centre : pandas.DataFrame
        Output of :func:`buying_centre` (boolean or count form).

    Returns
    -------
    pandas.DataFrame
        Columns ``role``, ``accounts`` (number with the role filled), ``share`` (of all
        accounts; NaN when there are none); the six roles in course order.

    Examples
    --------
    >>> c = pd.DataFrame({"account_id": [1, 1, 2], "role": ["buyer", "decider", "buyer"]})
    >>> role_coverage(buying_centre(c)).set_index("role").loc["buyer", "share"]
    np.float64(1.0)
    """
    frame = check_frame(centre, "centre", allow_empty=True)
    require_columns(frame, "centre", {r: N_("a role column from buying_centre()") for r in ROLES})
    filled = []
    for r in ROLES:
        col = frame[r]
        if pd.api.types.is_bool_dtype(col.dtype):
            filled.append(int(col.fillna(False).sum()))
        elif pd.api.types.is_numeric_dtype(col.dtype):
            filled.append(int((col.fillna(0) > 0).sum()))
        else:
            raise ColumnError(_("Column {column!r} of `centre` must hold True/False or counts.").format(column=r))
    n = len(frame)
    out = pd.DataFrame({"role": pd.array(list(ROLES), dtype="str"),
                        "accounts": np.asarray(filled, dtype=np.int64)})
    out["share"] = out["accounts"] / n if n else np.nan
    return out
