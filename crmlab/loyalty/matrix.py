"""The courseware's loyalty matrix (客户忠诚度矩阵): product × service satisfaction.

The courseware's slide crosses satisfaction with the product (对产品满意 / 不满意) with
satisfaction with the service (对服务质量满意 / 不满意) and names four customers: loyal
(忠诚型客户), still hopeful about the company (对公司仍抱有期望的客户), easily poached by
rivals (易被对手抢夺的客户) and destructive (破坏型客户). The slide's text does not say
unambiguously which off-diagonal cell is which; this kit reads it as:

* product low, service high → ``hopeful``: the relationship (service) is good, so the customer
  still expects the company to fix the product;
* product high, service low → ``easily_poached``: the product is liked but could be bought from
  a rival offering the same product with better service.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_float
from .._frames import check_frame
from ..satisfaction._common import check_name, check_scale, rating

__all__ = ["loyalty_matrix", "loyalty_matrix_cells", "MATRIX_CELLS"]

#: (product high?, service high?) → cell code.
MATRIX_CELLS = {
    (True, True): "loyal",
    (False, True): "hopeful",
    (True, False): "easily_poached",
    (False, False): "destructive",
}
_ORDER = ["loyal", "hopeful", "easily_poached", "destructive"]


def loyalty_matrix_cells(
    surveys: pd.DataFrame,
    product: str = "product_satisfaction",
    service: str = "service_satisfaction",
    threshold: float = 8,
    *,
    scale: tuple[float, float] = (1, 10),
) -> pd.DataFrame:
    """Each respondent's cell of the loyalty matrix.

    "Satisfied" with the product (service) means a rating ≥ ``threshold``. Cells:
    ``loyal`` (both satisfied), ``hopeful`` (service only), ``easily_poached`` (product only),
    ``destructive`` (neither) — see the module notes for the off-diagonal reading.

    Parameters
    ----------
    surveys : DataFrame
        Responses with the two rating columns.
    product, service : str
        The product- and service-satisfaction columns.
    threshold : float, default 8
        Lowest rating that counts as satisfied (on a 1–10 scale, 8 = the top three boxes).
    scale : (low, high), default (1, 10)
        Rating scale; the threshold must lie inside it.

    Returns
    -------
    DataFrame
        Aligned with ``surveys``' index: ``product``, ``service`` (the ratings),
        ``product_satisfied``, ``service_satisfied`` (nullable booleans) and ``cell``
        (categorical; missing when either rating is missing).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"product_satisfaction": [9, 3, 9, 3], "service_satisfaction": [9, 9, 3, 3]})
    >>> loyalty_matrix_cells(s)["cell"].tolist()
    ['loyal', 'hopeful', 'easily_poached', 'destructive']
    """
    check_frame(surveys, "surveys", allow_empty=True)
    low, high = check_scale("scale", scale)
    cut = check_float("threshold", threshold, low=low, high=high)
    check_name("product", product)
    check_name("service", service)
    p = rating(surveys, "surveys", product, low, high)
    s = rating(surveys, "surveys", service, low, high)
    known = (p.notna() & s.notna()).to_numpy()
    ph, sh = (p >= cut).to_numpy(), (s >= cut).to_numpy()
    codes = np.where(ph & sh, 0, np.where(sh, 1, np.where(ph, 2, 3)))
    codes = np.where(known, codes, -1)
    product_satisfied = pd.array(ph, dtype="boolean")
    service_satisfied = pd.array(sh, dtype="boolean")
    product_satisfied[~known] = pd.NA
    service_satisfied[~known] = pd.NA
    return pd.DataFrame(
        {
            "product": p,
            "service": s,
            "product_satisfied": product_satisfied,
            "service_satisfied": service_satisfied,
            "cell": pd.Categorical.from_codes(codes, categories=_ORDER),
        },
        index=surveys.index,
    )


def loyalty_matrix(
    surveys: pd.DataFrame,
    product: str = "product_satisfaction",
    service: str = "service_satisfaction",
    threshold: float = 8,
    *,
    scale: tuple[float, float] = (1, 10),
) -> pd.DataFrame:
    """Counts and shares of the four cells of the loyalty matrix.

    Uses :func:`loyalty_matrix_cells` (same parameters); respondents missing either rating are
    left out.

    Returns
    -------
    DataFrame
        Indexed by ``cell`` (loyal, hopeful, easily_poached, destructive): ``product_satisfied``,
        ``service_satisfied`` (the cell's definition), ``n`` and ``share`` (of the respondents
        classified; the four shares sum to 1; NaN if none), and ``threshold``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"product_satisfaction": [9, 8, 3, 7], "service_satisfaction": [9, 8, 9, 2]})
    >>> loyalty_matrix(s)["n"].tolist()
    [2, 1, 0, 1]
    """
    cells = loyalty_matrix_cells(surveys, product, service, threshold, scale=scale)
    n = cells["cell"].value_counts().reindex(_ORDER, fill_value=0).astype("int64")
    total = int(n.sum())
    inverse = {v: k for k, v in MATRIX_CELLS.items()}
    out = pd.DataFrame(
        {
            "product_satisfied": [inverse[c][0] for c in _ORDER],
            "service_satisfied": [inverse[c][1] for c in _ORDER],
            "n": n.to_numpy(),
            "share": n.to_numpy() / total if total else np.nan,
        },
        index=pd.Index(_ORDER, name="cell"),
    )
    out["threshold"] = float(threshold)
    return out
