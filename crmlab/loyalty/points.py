"""The courseware's points programme (积分奖励) replayed on an order history.

The courseware's shop (维持期 example) gives one point per yuan spent; at 500 points a bag of
washing powder, at 1,000 a box of dish soap and a toothpaste, at 1,500 a bag of toilet paper
and a notebook. :func:`points_programme` replays such a ladder on real or simulated orders to
show who reaches which reward and what the rewards cost.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._checks import _show, check_date, check_float
from .._frames import check_frame, numeric_column, require_columns
from ..errors import ParameterError, ParameterTypeError
from ..i18n import N_, _, ngettext
from ..purchases import RETURNED, read_orders

__all__ = ["points_programme", "points_summary"]

#: Illustrative cost of each reward of the courseware's ladder (currency units): a bag of washing
#: powder, dish soap + toothpaste, toilet paper + a notebook. Guesses for teaching, not data.
DEFAULT_REWARD_COSTS = (10.0, 20.0, 30.0)


def _numbers(name: str, values: object, *, positive: bool) -> list[float]:
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
        raise ParameterTypeError(
            _("`{name}` must be a list of numbers, but {got} was passed.").format(
                name=name, got=_show(values)
            )
        )
    values = list(values)
    if not values:
        raise ParameterError(_("`{name}` must hold at least one number, but it is empty.").format(name=name))
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not np.isfinite(v):
            raise ParameterTypeError(
                _("`{name}` must hold finite numbers, but {got} was passed.").format(name=name, got=_show(v))
            )
        if (positive and v <= 0) or v < 0:
            if positive:
                message = _("`{name}` must hold positive numbers, but {got} was passed.")
            else:
                message = _("`{name}` must hold non-negative numbers, but {got} was passed.")
            raise ParameterError(message.format(name=name, got=v))
    return [float(v) for v in values]


def points_programme(
    orders: pd.DataFrame,
    points_per_unit: float = 1,
    rewards: object = (500, 1000, 1500),
    reward_costs: object = DEFAULT_REWARD_COSTS,
    *,
    cycle: bool = False,
    returned: str | None = RETURNED,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    start: object = None,
    as_of: object = None,
) -> pd.DataFrame:
    """Points earned and rewards reached per customer under a points programme.

    Rules:

    * each purchase earns ``floor(amount × points_per_unit)`` whole points; by the purchase rule
      of :mod:`crmlab.purchases`, orders flagged ``returned`` (the money was refunded;
      ``returned=None`` ignores returns) and orders with ``amount ≤ 0`` are no purchase and
      earn none (a refund row does not take points back);
    * only orders on or after ``start`` (default: the first order) and before ``as_of``
      (default: the day after the last order) count; rows missing a customer, date or amount
      are left out with a :class:`~crmlab.errors.DataWarning`;
    * ``rewards`` are cumulative-points milestones: reaching ``rewards[i]`` points gives reward
      *i* once, costing ``reward_costs[i]``. Points are not spent. With ``cycle=True`` the ladder
      starts again after its last milestone (at 1,500 + 500, 1,500 + 1,000 … for the default),
      so rewards keep coming.

    Parameters
    ----------
    orders : DataFrame
        Order log.
    points_per_unit : float, default 1
        Points per currency unit spent (> 0).
    rewards : list of float, default (500, 1000, 1500)
        Increasing point milestones.
    reward_costs : list of float, default (10, 20, 30)
        Cost to the firm of each reward, same length as ``rewards`` (illustrative defaults).
    cycle : bool, default False
        Repeat the ladder after the last milestone.
    returned : str or None, default "returned"
        Column of returned flags, used when the log has it.
    customer, date, amount : str
        Column names.
    start, as_of : date, optional
        The programme's period.

    Returns
    -------
    DataFrame
        One row per customer with a purchase in the period (index: customer id, sorted):
        ``orders`` (purchases), ``spend`` (amount of the purchases), ``points``, one column
        ``reward_<milestone>`` per milestone (times reached) followed by ``cost_<milestone>``
        (their cost), ``rewards`` (total reached),
        ``highest_reward`` (largest milestone reached, 0 if none), ``reward_cost`` (currency)
        and ``cost_share`` (reward_cost / spend; NaN when spend is 0).

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [600.0, 450.0, 80.0],
    ...                   "order_date": ["2024-01-01", "2024-02-01", "2024-01-01"]})
    >>> p = points_programme(o, returned=None)
    >>> p[["points", "rewards", "reward_cost"]].values.tolist()
    [[1050.0, 2.0, 30.0], [80.0, 0.0, 0.0]]
    """
    rate = check_float("points_per_unit", points_per_unit, low=0)
    if rate <= 0:
        raise ParameterError(_("`points_per_unit` must be above 0, but {got} was passed.").format(got=rate))
    ladder = _numbers("rewards", rewards, positive=True)
    if any(b <= a for a, b in zip(ladder, ladder[1:])):
        raise ParameterError(
            _("`rewards` must be increasing milestones, but {got} was passed.").format(got=ladder)
        )
    costs = _numbers("reward_costs", reward_costs, positive=False)
    if len(costs) != len(ladder) and reward_costs is DEFAULT_REWARD_COSTS:  # the user changed `rewards` only
        raise ParameterError(
            ngettext(
                "`rewards` has {n} milestone, but the default `reward_costs` has one cost for each of the {k} "
                "default rewards: pass `reward_costs` too, one cost per reward.",
                "`rewards` has {n} milestones, but the default `reward_costs` has one cost for each of the {k} "
                "default rewards: pass `reward_costs` too, one cost per reward.",
                len(ladder),
            ).format(n=len(ladder), k=len(costs))
        )
    if len(costs) != len(ladder):
        raise ParameterError(
            _("`reward_costs` must give one cost per reward ({rewards}), but {n} were passed.").format(
                rewards=len(ladder), n=len(costs)
            )
        )
    if not isinstance(cycle, bool):
        raise ParameterTypeError(
            _("`{name}` must be True or False, but {got} was passed.").format(name="cycle", got=_show(cycle))
        )
    log = read_orders(orders, customer=customer, date=date, amount=amount, returned=returned, as_of=as_of,
                      amount_required=True)
    buy = log.purchase
    if start is not None:
        start_ts = pd.Timestamp(check_date("start", start))
        start_day = int(np.datetime64(start_ts.to_datetime64(), "D").astype(np.int64))
        buy = buy & (log.day >= start_day)
        if not (log.day >= start_day).any():
            raise ParameterError(
                _("`orders` has no order between `start` ({start}) and `as_of`.").format(start=start_ts.date())
            )
    if not buy.any():
        raise ParameterError(
            _("`orders` has no purchase in the programme's period: every order is returned, has an amount ≤ 0, "
              "or lies outside it.")
        )
    log.warn_non_buyers()
    codes, earning = log.codes[buy], log.amount[buy]
    points_each = np.floor(earning * rate + 1e-9)
    present = np.bincount(codes, minlength=log.n) > 0
    out = pd.DataFrame(
        {
            "orders": np.bincount(codes, minlength=log.n)[present].astype("int64"),
            "spend": np.bincount(codes, weights=earning, minlength=log.n)[present],
            "points": np.bincount(codes, weights=points_each, minlength=log.n)[present],
        },
        index=log.ids[present],
    )
    points = out["points"].to_numpy()
    top = ladder[-1]
    total = np.zeros(len(out))
    cost = np.zeros(len(out))
    highest = np.zeros(len(out))
    for m, c in zip(ladder, costs):
        if cycle:
            reached = np.where(points >= m, np.floor((points - m) / top) + 1, 0)
        else:
            reached = (points >= m).astype("float64")
        out[f"reward_{m:g}"] = reached.astype("int64")
        out[f"cost_{m:g}"] = reached * c
        total += reached
        cost += reached * c
        highest = np.where(reached > 0, m, highest)
    out["rewards"] = total.astype("int64")
    out["highest_reward"] = highest
    out["reward_cost"] = cost
    spend = out["spend"].to_numpy()
    out["cost_share"] = np.divide(cost, spend, out=np.full(len(out), np.nan), where=spend > 0)
    out.index.name = customer
    return out


def points_summary(programme: pd.DataFrame) -> pd.DataFrame:
    """Per milestone: customers reaching it, their share, rewards given and their total cost.

    Parameters
    ----------
    programme : DataFrame
        The result of :func:`points_programme`.

    Returns
    -------
    DataFrame
        Index ``milestone`` (the milestone as text, e.g. ``"500"``): ``customers`` (reaching it at least once), ``share`` (of
        all customers in ``programme``), ``rewards`` (times given) and ``cost`` (rewards ×
        unit cost, summed); plus a final row ``"total"`` with all rewards, their cost, and the
        cost as a share of all spend in ``cost_share_of_spend``.

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"customer_id": [1, 2], "amount": [700.0, 80.0],
    ...                   "order_date": ["2024-01-01", "2024-01-01"]})
    >>> points_summary(points_programme(o, returned=None))["customers"].tolist()
    [1, 0, 0, 1]
    """
    check_frame(programme, "programme")
    require_columns(programme, "programme", {"reward_cost": N_("reward costs"), "spend": N_("spend"), "rewards": N_("rewards")})
    milestones = [
        c[len("reward_"):]
        for c in programme.columns
        if isinstance(c, str) and c.startswith("reward_") and c != "reward_cost"
    ]
    if not milestones:
        raise ParameterError(
            _("`programme` has no `reward_<milestone>` column: pass the result of points_programme.")
        )
    require_columns(programme, "programme", {f"cost_{m}": N_("the cost of that reward") for m in milestones})
    rows = []
    for m in milestones:
        reached = numeric_column(programme, "programme", f"reward_{m}")
        rows.append(
            {
                "milestone": m,
                "customers": int((reached > 0).sum()),
                "share": float((reached > 0).mean()),
                "rewards": int(reached.sum()),
                "cost": float(numeric_column(programme, "programme", f"cost_{m}").sum()),
            }
        )
    spend = float(numeric_column(programme, "programme", "spend").sum())
    total = numeric_column(programme, "programme", "rewards")
    cost = float(numeric_column(programme, "programme", "reward_cost").sum())
    rows.append(
        {
            "milestone": "total",
            "customers": int((total > 0).sum()),
            "share": float((total > 0).mean()),
            "rewards": int(total.sum()),
            "cost": cost,
        }
    )
    out = pd.DataFrame(rows).set_index("milestone")
    out["cost_share_of_spend"] = np.nan
    out.loc["total", "cost_share_of_spend"] = cost / spend if spend > 0 else np.nan
    return out
