"""Campaign response by RFM group: does the best fifth answer a mailing ~3× as often as the second?"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .._checks import _show, check_int
from .._frames import check_ids, check_frame, date_column, require_columns
from ..errors import ParameterError, ParameterTypeError
from ..i18n import N_, _
from ..purchases import RETURNED
from ._log import bool_column, purchase_log
from .rfm import _scores, rfm_from_log, rfm_scores

__all__ = ["response_by_rfm_fifth"]


def response_by_rfm_fifth(
    orders: pd.DataFrame,
    campaigns: pd.DataFrame,
    *,
    groups: int = 5,
    bins: int = 5,
    by_campaign: bool = False,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    returned: str | None = RETURNED,
    campaign: str | None = "campaign_id",
    campaign_date: str = "campaign_date",
    responded: str = "responded",
) -> pd.DataFrame:
    """Response rate of campaign contacts by the RFM group (fifth) they were in on the campaign day.

    For each campaign, the whole customer base is scored as it stood that day: :func:`rfm`
    with ``as_of`` = the campaign date (orders strictly before it), :func:`rfm_scores` with
    ``bins`` levels, and the total ``rfm_score = R + F + M``. Customers are then split into
    ``groups`` groups by that total with the same rule as the scores — group
    ``ceil(groups × rank / n)``, ties sharing their lowest rank — so group ``groups`` is the best
    fifth and equal totals share a group (groups can differ in size). The contacted customers'
    responses are counted per group. Contacts of customers with no purchase before the campaign
    have no RFM score and are left out; contacts with a missing customer, date or response are
    dropped.

    Parameters
    ----------
    orders : DataFrame
        Transaction log (see :func:`rfm`; ``customer``, ``date``, ``amount``, ``returned``
        name its columns).
    campaigns : DataFrame
        One row per contacted customer: ``customer``, ``campaign_date``, ``responded``
        (True/False or 1/0) and, if ``campaign`` is not None, a campaign id. A campaign is
        dated by its earliest contact date; with ``campaign=None`` each date is a campaign.
    groups : int
        Number of groups, 2 … 10 (5: fifths).
    bins : int
        Score levels of R, F and M, 2 … 10.
    by_campaign : bool
        Also split the counts by campaign.

    Returns
    -------
    DataFrame
        Index ``group`` (1 … groups, ``groups`` = best), or (``campaign``, ``group``) when
        ``by_campaign``; columns ``contacted``, ``responses``, ``response_rate`` and
        ``ratio_to_next`` (this group's rate / the rate of the group just below it, e.g. best
        fifth / second fifth in row 5; NaN for group 1 or an empty/zero group below).

    Examples
    --------
    >>> import crmlab
    >>> t = response_by_rfm_fifth(crmlab.load("orders"), crmlab.load("campaigns"))
    >>> list(t.columns)
    ['contacted', 'responses', 'response_rate', 'ratio_to_next']
    """
    groups = check_int("groups", groups, low=2, high=10)
    bins = check_int("bins", bins, low=2, high=10)
    if not isinstance(by_campaign, bool):
        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name="by_campaign", got=_show(by_campaign))
        )
    check_frame(orders, "orders")
    check_frame(campaigns, "campaigns")
    needed = {customer: N_("contacted customer ids"), campaign_date: N_("campaign dates"), responded: N_("True/False responses")}
    if campaign is not None:
        needed[campaign] = N_("campaign ids")
    require_columns(campaigns, "campaigns", needed)
    check_ids(campaigns[customer], "campaigns", customer)
    contacts = pd.DataFrame(
        {
            "customer": campaigns[customer].to_numpy(),
            "day": date_column(campaigns, "campaigns", campaign_date).dt.normalize().to_numpy(),
            "responded": bool_column(campaigns, "campaigns", responded, "responded").to_numpy(),
        }
    )
    contacts["campaign"] = campaigns[campaign].to_numpy() if campaign is not None else contacts["day"].to_numpy()
    contacts = contacts.dropna()
    if len(contacts) == 0:
        raise ParameterError(
            _("`campaigns` has no row with a customer, a campaign date and a response all present.")
        )
    contacts["responded"] = contacts["responded"].astype(bool)
    log = purchase_log(orders, customer=customer, date=date, amount=amount, returned=returned)
    pieces = []
    for key, part in contacts.groupby("campaign", sort=True, observed=True):
        day = pd.Timestamp(part["day"].min())
        before = log.day < np.datetime64(day.to_datetime64(), "D").astype(np.int64)
        if not before.any():  # a campaign before any purchase: nobody has a score
            continue
        table = rfm_from_log(dataclasses.replace(log, codes=log.codes[before], day=log.day[before], amount=log.amount[before], as_of=day))
        if len(table) == 0:
            continue
        scored = rfm_scores(table, bins=bins)
        group = pd.Series(_scores(scored["rfm_score"].to_numpy(), groups), index=scored.index)
        g = group.reindex(part["customer"].to_numpy()).to_numpy()
        found = ~np.isnan(g)
        pieces.append(
            pd.DataFrame(
                {"campaign": key, "group": g[found].astype(np.int64), "responded": part["responded"].to_numpy()[found]}
            )
        )
    if not pieces:
        raise ParameterError(
            _("No contacted customer had bought before their campaign, so there is nothing to score.")
        )
    scored = pd.concat(pieces, ignore_index=True)
    keys = ["campaign", "group"] if by_campaign else ["group"]
    counts = scored.groupby(keys, sort=True)["responded"].agg(contacted="size", responses="sum")
    full = (
        pd.MultiIndex.from_product([sorted(scored["campaign"].unique()), range(1, groups + 1)], names=keys)
        if by_campaign
        else pd.Index(range(1, groups + 1), name="group")
    )
    counts = counts.reindex(full, fill_value=0).astype(np.int64)
    counts["response_rate"] = counts["responses"] / counts["contacted"].where(counts["contacted"] > 0)
    below = counts["response_rate"].groupby(level="campaign").shift(1) if by_campaign else counts["response_rate"].shift(1)
    counts["ratio_to_next"] = counts["response_rate"] / below.where(below > 0)
    return counts
