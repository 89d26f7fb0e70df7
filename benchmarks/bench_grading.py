"""Grading a class: wall time of ``crmlab grade`` on 40 submissions, serial and parallel.

Builds 40 submissions — copies of one exercise's solution notebook (a class handing in the same
exercise), each with its own student id in the ``start()`` call; with ``--mixed``, copies of every
solution notebook of the kit, graded one exercise (one gradebook) at a time; synthetic
exercise-01 notebooks if the kit has no solution notebooks yet — grades them once with one
worker and once with two, in the same run, and prints both wall times and their ratio. Every
submission must come out ``graded`` with full marks.

It also prints the CPU time of the grading processes and of the grader itself (which judges the
answers), per notebook: unlike wall time, it hardly depends on what else the machine is doing.

Usage: python benchmarks/bench_grading.py [--submissions 40] [--workers 2] [--exercise 01 | --mixed] [--repeat N]
Target: parallel wall time ≤ 0.65 × serial on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_submissions(folder: Path, n: int, exercise: str | None) -> list[tuple[Path, str]]:
    """``n`` notebooks in ``folder`` (of ``exercise``, or of every exercise if None); returns
    (path, exercise id) pairs."""
    from crmlab.exercises.notebook import exercise_id

    pattern = f"{exercise}_*.ipynb" if exercise else "[0-9][0-9]_*.ipynb"
    sources = sorted((ROOT / "exercises" / "solutions").glob(pattern))
    made = []
    for i in range(n):
        student = f"b{i + 1:03d}"
        if sources:
            src = sources[i % len(sources)]
            nb = nbformat.read(src, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.source = re.sub(r"student=None", f'student="{student}"', cell.source)
        else:
            from tests.grading_fixtures import solved

            nb = solved(student)
        ex = exercise_id(nb)
        path = folder / f"ex{ex}" / f"{student}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(path))
        made.append((path, ex))
    return made


def grade_all(made, out: Path, workers: int) -> tuple[float, float, float, list]:
    """Grade every submission; ``(wall seconds, CPU seconds of the grading processes, CPU seconds
    of the grader itself — where it judges the answers, results)``."""
    from crmlab.exercises.grading import grade

    results = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    for ex in sorted({ex for _, ex in made}):
        report = grade(
            sorted(str(p) for p, e in made if e == ex), out / f"ex{ex}.csv", exercise=ex, workers=workers,
            timeout=300, grading_seed="bench", echo=None,
        )
        results += report.results
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    grader = (own_after.ru_utime - own.ru_utime) + (own_after.ru_stime - own.ru_stime)
    return wall, cpu, grader, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--exercise", default="01", help="the exercise whose solution notebook is copied (default 01)")
    parser.add_argument("--mixed", action="store_true", help="copies of every solution notebook instead")
    parser.add_argument("--repeat", type=int, default=1, help="measure the pair this many times")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        made = make_submissions(tmp / "subs", args.submissions, None if args.mixed else args.exercise)
        exercises = Counter(ex for _, ex in made)
        print(f"{len(made)} submissions ({', '.join(f'{n}× ex{e}' for e, n in sorted(exercises.items()))}); "
              f"{os.cpu_count()} CPUs")
        for rep in range(args.repeat):
            print(f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine skews the ratio)")
            serial, cpu1, own1, r1 = grade_all(made, tmp / f"serial{rep}", 1)
            parallel, cpu2, own2, r2 = grade_all(made, tmp / f"parallel{rep}", args.workers)
            for name, results, wall, cpu, own in (("serial", r1, serial, cpu1, own1),
                                                  (f"{args.workers} workers", r2, parallel, cpu2, own2)):
                statuses = Counter(r.status for r in results)
                full = sum(1 for r in results if r.total == sum(s.max_points for s in r.scores))
                per = [r.run.seconds for r in results if r.run is not None]
                print(f"  {name:<10} {len(results)} rows, {dict(statuses)}, full marks: {full}; "
                      f"{sum(per) / max(len(per), 1):.2f} s per notebook run, {wall / len(results):.2f} s wall per "
                      f"notebook; grading processes used {cpu:.1f} CPU-s = {cpu / wall:.2f} cores, the grader "
                      f"{own:.1f} CPU-s; {(cpu + own) / len(results):.2f} CPU-s per notebook")
            print(f"serial (--workers 1):  {serial:6.1f} s")
            print(f"parallel (--workers {args.workers}): {parallel:6.1f} s")
            print(f"ratio parallel / serial: {parallel / serial:.2f} (target ≤ 0.65)")


if __name__ == "__main__":
    main()
