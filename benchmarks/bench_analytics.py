"""Customer analytics on 5 million orders: crmlab against DuckDB SQL, same data, same run.

Generates a company of ~680,000 customers (≈ 5,000,000 orders; streamed to Parquet in a
temporary folder and read back), then times, best of ``--repeat`` runs each:

  * ``crmlab.value.rfm``              vs a DuckDB GROUP BY with the same definitions;
  * ``crmlab.value.abc``              vs DuckDB (per-customer value, rank(), ceil tier bounds);
  * ``crmlab.lifecycle.cohort_retention`` (monthly) vs DuckDB (first-purchase month, distinct
    active months, shares).

DuckDB reads the same pandas DataFrame (its Python API scans it in place) and returns a
DataFrame; its time is taken without ORDER BY (crmlab's results come sorted). The numbers are
checked to be identical: exact for counts, days, ranks and tiers, 1e-9 relative for sums and
shares. Both sides round money totals to 6 decimals, as crmlab documents, so that totals equal
to the cent tie whatever the order of summation. Prints each time and the ratio crmlab / DuckDB (target
≤ 1.5×). No timing is asserted.

Usage: python benchmarks/bench_analytics.py [--customers 680000] [--repeat 3] [--data DIR]
(``--data`` reuses a folder written by ``crmlab generate --format parquet``.)
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def best_of(fn, repeat: int):
    """(best seconds, last result) of ``repeat`` calls."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def load_orders(customers: int, data: str | None) -> pd.DataFrame:
    if data is not None:
        return pd.read_parquet(Path(data) / "orders.parquet")
    from crmlab.simulate.config import make_config
    from crmlab.simulate.io import stream_to

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        stream_to(make_config(customers=customers, seed=0, locale="en_US"), Path(tmp), "parquet", progress=False)
        print(f"generated {customers:,} customers in {time.perf_counter() - t0:.1f} s")
        return pd.read_parquet(Path(tmp) / "orders.parquet")


RFM_SQL = """
WITH t AS (
    SELECT customer_id AS c, CAST(order_date AS DATE) AS d, amount AS a
    FROM orders
    WHERE customer_id IS NOT NULL AND order_date IS NOT NULL AND amount IS NOT NULL
      AND order_date < TIMESTAMP '{as_of}'
)
SELECT c AS customer_id,
       date_diff('day', max(d) FILTER (WHERE a > 0), DATE '{as_of}') AS recency,
       count(*) FILTER (WHERE a > 0) AS frequency,
       round(sum(a), 6) AS monetary,
       min(d) FILTER (WHERE a > 0) AS first_purchase,
       max(d) FILTER (WHERE a > 0) AS last_purchase
FROM t
GROUP BY c
HAVING count(*) FILTER (WHERE a > 0) > 0
"""

ABC_SQL = """
WITH v AS (
    SELECT customer_id AS c, greatest(round(sum(amount), 6), 0) AS value
    FROM orders
    WHERE customer_id IS NOT NULL AND order_date IS NOT NULL AND amount IS NOT NULL
      AND order_date < TIMESTAMP '{as_of}'
    GROUP BY customer_id
    HAVING count(*) FILTER (WHERE amount > 0) > 0
), r AS (
    SELECT c, value, rank() OVER (ORDER BY value DESC) AS rk, count(*) OVER () AS n FROM v
)
SELECT c AS customer_id, value, rk AS rank,
       CASE WHEN rk <= (n * 1 + 99) // 100 THEN 'vip'
            WHEN rk <= (n * 5 + 99) // 100 THEN 'major'
            WHEN rk <= (n * 20 + 99) // 100 THEN 'ordinary'
            ELSE 'small' END AS tier
FROM r
"""

COHORT_SQL = """
WITH t AS (
    SELECT customer_id AS c, date_trunc('month', order_date) AS m
    FROM orders
    WHERE customer_id IS NOT NULL AND order_date IS NOT NULL AND order_date < TIMESTAMP '{as_of}'
), active AS (
    SELECT DISTINCT c, m FROM t
), f AS (
    SELECT c, min(m) AS cohort FROM active GROUP BY c
), k AS (
    SELECT f.cohort, date_diff('month', f.cohort, active.m) AS k, count(*) AS n
    FROM active JOIN f USING (c)
    GROUP BY ALL
)
SELECT cohort, k, n / sum(n) FILTER (WHERE k = 0) OVER (PARTITION BY cohort) AS share
FROM k
"""


def check_rfm(mine: pd.DataFrame, duck: pd.DataFrame) -> None:
    duck = duck.sort_values("customer_id").set_index("customer_id")
    assert np.array_equal(mine.index.to_numpy(), duck.index.to_numpy()), "rfm: customers differ"
    for col in ("recency", "frequency"):
        assert np.array_equal(mine[col].to_numpy(np.int64), duck[col].to_numpy(np.int64)), f"rfm: {col} differs"
    for col in ("first_purchase", "last_purchase"):
        a = mine[col].to_numpy().astype("datetime64[D]")
        b = pd.to_datetime(duck[col]).to_numpy().astype("datetime64[D]")
        assert np.array_equal(a, b), f"rfm: {col} differs"
    np.testing.assert_allclose(mine["monetary"].to_numpy(), duck["monetary"].to_numpy(), rtol=1e-9, atol=0)


def check_abc(mine: pd.DataFrame, duck: pd.DataFrame) -> None:
    duck = duck.set_index("customer_id").loc[mine.index]
    np.testing.assert_allclose(mine["value"].to_numpy(), duck["value"].to_numpy(), rtol=1e-9, atol=0)
    assert np.array_equal(mine["rank"].to_numpy(), duck["rank"].to_numpy(np.int64)), "abc: rank differs"
    assert np.array_equal(mine["tier"].astype(str).to_numpy(), duck["tier"].astype(str).to_numpy()), "abc: tier differs"


def check_cohorts(mine: pd.DataFrame, duck: pd.DataFrame) -> None:
    duck = duck.assign(cohort=pd.PeriodIndex(pd.to_datetime(duck["cohort"]), freq="M"))
    wide = duck.pivot(index="cohort", columns="k", values="share").sort_index()
    wide = wide.reindex(index=mine.index, columns=mine.columns)
    observed = mine.notna().to_numpy()
    got = wide.to_numpy(dtype=float)
    got = np.where(np.isnan(got) & observed, 0.0, got)  # a cohort nobody came back to in a month
    assert not np.isnan(got[observed]).any(), "cohorts: cells missing"
    np.testing.assert_allclose(mine.to_numpy(dtype=float)[observed], got[observed], rtol=1e-9, atol=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=680_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", default=None, help="folder with orders.parquet to reuse")
    args = parser.parse_args()

    import duckdb

    from crmlab import value
    from crmlab.lifecycle import cohort_retention

    orders = load_orders(args.customers, args.data)
    as_of = (orders["order_date"].max().normalize() + pd.Timedelta(days=1)).date().isoformat()
    print(f"orders: {len(orders):,} rows, {orders['customer_id'].nunique():,} customers, as_of {as_of}")
    con = duckdb.connect()
    threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
    print(f"duckdb {duckdb.__version__} ({threads} threads), pandas {pd.__version__}, numpy {np.__version__}\n")
    con.register("orders", orders)

    tasks = [
        ("rfm", lambda: value.rfm(orders), RFM_SQL, check_rfm),
        ("abc", lambda: value.abc(orders), ABC_SQL, check_abc),
        ("cohort retention (M)", lambda: cohort_retention(orders, period="M"), COHORT_SQL, check_cohorts),
    ]
    print(f"{'task':22s} {'crmlab':>9s} {'duckdb':>9s} {'ratio':>7s}  numbers")
    for name, mine_fn, sql, check in tasks:
        query = sql.format(as_of=as_of)
        t_mine, mine = best_of(mine_fn, args.repeat)
        t_duck, duck = best_of(lambda: con.execute(query).df(), args.repeat)
        check(mine, duck)
        print(f"{name:22s} {t_mine:8.3f}s {t_duck:8.3f}s {t_mine / t_duck:6.2f}×  identical")
    print("\ntarget: ratio ≤ 1.5× (crmlab time / DuckDB time)")


if __name__ == "__main__":
    main()
