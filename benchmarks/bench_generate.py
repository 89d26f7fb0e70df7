"""Data generation: speed and memory, measured in one run.

Prints, for this machine:
  * 1,000,000 customers with all their tables streamed to Parquet: wall time, peak memory
    (a child process, so the figure is that run's alone), customer rows/s and order rows/s
    (rows divided by the seconds spent generating that table);
  * customers per second of a plain per-row Faker loop filling the same customer fields,
    against the vectorised generator on the same number of customers (the ratio);
  * the whole default dataset (5,000 customers) in both locales, generated and saved as CSV.

Usage: python benchmarks/bench_generate.py [--customers 1000000]
Targets: ≤ 40 s and ≤ 4 GB for 1M customers; ≥ 300k customer rows/s; ≥ 2.5M order rows/s;
≥ 100× the Faker loop; the default dataset, both locales, ≤ 5 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from crmlab.simulate.config import make_config
from crmlab.simulate.io import stream_to
n, out = int(sys.argv[1]), sys.argv[2]
cfg = make_config(customers=n, seed=0, locale="zh_CN")
timer = {}
t0 = time.perf_counter()
rows = stream_to(cfg, Path(out), "parquet", progress=False, timer=timer)
wall = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"wall": wall, "peak": peak, "rows": rows, "timer": timer}))
"""


def faker_loop(n: int, locale: str) -> float:
    """Customers per second of a plain per-row Faker loop filling the 19 customer fields."""
    import datetime as dt

    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(0)
    ref = dt.date(2025, 12, 31)
    t0 = time.perf_counter()
    rows = []
    for _ in range(n):
        gender = fake.random_element(("F", "M"))
        rows.append(
            {
                "name": fake.name_female() if gender == "F" else fake.name_male(),
                "gender": gender,
                "birth_date": fake.date_between(ref.replace(year=ref.year - 80), ref.replace(year=ref.year - 18)),
                "phone": fake.phone_number(),
                "email": fake.email(),
                "province": fake.province() if locale == "zh_CN" else fake.state(),
                "city": fake.city(),
                "address": fake.street_address(),
                "postcode": fake.postcode(),
                "id_number": fake.ssn(),
                "education": fake.random_element(("secondary", "vocational", "bachelor", "master", "doctorate")),
                "occupation": fake.random_element(("employee", "manager", "professional", "self_employed", "student", "retired", "other")),
                "marital_status": fake.random_element(("single", "married", "divorced", "widowed")),
                "household_size": fake.random_int(1, 6),
                "income": fake.random_int(12_000, 200_000),
                "signup_date": fake.date_between(dt.date(2018, 1, 1), ref),
                "acquisition_channel": fake.random_element(("search", "social", "referral", "store", "marketplace", "direct_mail")),
                "membership_tier": fake.random_element(("none", "silver", "gold", "platinum")),
                "customer_id": _ + 1,
            }
        )
    return n / (time.perf_counter() - t0)


def vectorised_customers(n: int, locale: str) -> float:
    """Customers per second of crmlab's customers table: population, identities, the frame."""
    import numpy as np

    from crmlab.simulate.block import customer_table
    from crmlab.simulate.config import make_config
    from crmlab.simulate.population import draw

    # Warm up once (vocabulary pools are built on first use), as the Faker loop's Faker
    # instance is built before its clock starts.
    warm = make_config(customers=100, locale=locale)
    customer_table(warm, 0, draw(warm, 0), np.zeros(100, dtype=np.int64))
    cfg = make_config(customers=n, locale=locale)
    t0 = time.perf_counter()
    for b in range(cfg.n_blocks):
        pop = draw(cfg, b)
        customer_table(cfg, b, pop, np.zeros(pop.n, dtype=np.int64))
    return n / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    args = parser.parse_args()

    import crmlab

    print(f"crmlab {crmlab.__version__}, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(args.customers), tmp], check=True, capture_output=True, text=True
        )
        big = json.loads(done.stdout.strip().splitlines()[-1])
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
    t = big["timer"]
    cust_rate = big["rows"]["customers"] / t["customers"]
    order_rate = big["rows"]["orders"] / t["orders"]
    print(f"\n{args.customers:,} customers → Parquet (zh_CN), all tables, streamed")
    print(f"  wall time            {big['wall']:8.1f} s     (target ≤ 40 s; ratio {big['wall'] / 40:.2f})")
    print(f"  peak memory          {big['peak'] / 2**30:8.2f} GB    (target ≤ 4 GB; ratio {big['peak'] / 2**30 / 4:.2f})")
    print(f"  files on disk        {size / 2**20:8.0f} MB")
    for name, n in big["rows"].items():
        print(f"    {name:<17} {n:>12,} rows")
    print("  seconds by stage     " + ", ".join(f"{k} {v:.1f}" for k, v in t.items()))
    print(f"  customer rows/s      {cust_rate:12,.0f}   (target ≥ 300,000; ratio {cust_rate / 3e5:.2f})")
    print(f"  order rows/s         {order_rate:12,.0f}   (target ≥ 2,500,000; ratio {order_rate / 2.5e6:.2f})")

    print("\nFaker loop vs vectorised customers (same fields; best of 3 runs each)")
    for locale in ("en_US", "zh_CN"):
        loop = max(faker_loop(2000, locale) for _ in range(3))
        vec = max(vectorised_customers(200_000, locale) for _ in range(3))
        print(f"  {locale}: loop {loop:10,.0f}/s   crmlab {vec:12,.0f}/s   speed-up {vec / loop:6.0f}×  (target ≥ 100×)")

    print("\nDefault dataset (5,000 customers), generated and saved as CSV")
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for locale in ("en_US", "zh_CN"):
            t0 = time.perf_counter()
            crmlab.generate(locale=locale).save(Path(tmp) / locale)
            dt_ = time.perf_counter() - t0
            total += dt_
            print(f"  {locale}: {dt_:.2f} s")
    print(f"  both locales: {total:.2f} s   (target ≤ 5 s; ratio {total / 5:.2f})")


if __name__ == "__main__":
    main()
