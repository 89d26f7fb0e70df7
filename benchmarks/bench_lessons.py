"""Lessons and explorers: execution time of each lesson, update time of each explorer.

Prints
  * the seconds each lesson notebook takes to execute (kernel start included) and the total
    (target: all lessons together ≤ 90 s);
  * for every explorer, the p50 / p95 seconds of an update (compute + redraw) over about 40
    control moves on the bundled data (target p95 ≤ 150 ms).

Usage: python benchmarks/bench_lessons.py [--skip-lessons]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def run_lessons() -> None:
    import nbformat
    from nbclient import NotebookClient

    total = lessons_total = 0.0
    print("lesson                                   seconds")
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        t0 = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        dt = time.perf_counter() - t0
        total += dt
        if path.stem[:2] <= "08":
            lessons_total += dt
        print(f"  {path.stem:<38} {dt:6.1f}")
    print(f"  lessons 00–08: {lessons_total:.1f} s (target ≤ 90 s; ratio {lessons_total / 90:.2f})")
    print(f"  all notebooks, appendix included: {total:.1f} s")


def _moves(control) -> list:
    """A sequence of values that walks a control back and forth over its range."""
    import ipywidgets as w

    if isinstance(control, (w.IntSlider, w.FloatSlider)):
        lo, hi = control.min, control.max
        values = np.linspace(lo, hi, 8)
        values = [type(control.value)(v) for v in values]
        return values + values[::-1] + [control.value]
    if isinstance(control, w.Dropdown):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return options[:8] + [control.value]
    if isinstance(control, w.Checkbox):
        return [not control.value, control.value]
    if isinstance(control, w.SelectMultiple):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        start = tuple(control.value)
        out = []
        for o in options[:6]:
            out.append(tuple(v for v in start if v != o) if o in start else start + (o,))
            out.append(start)
        return out
    return []


def run_explorers() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import crmlab.widgets as widgets

    print("\nexplorer                        moves   p50 ms   p95 ms   p95 compute ms   (target p95 ≤ 150 ms)")
    worst = worst_compute = 0.0
    for lesson, names in widgets.lesson_explorers().items():
        for name in names:
            view = getattr(widgets, name)()
            view.timings.clear()
            view.compute_timings.clear()
            for control in view.controls.values():
                start = control.value
                for value in _moves(control):
                    try:
                        control.value = value
                    except Exception:  # a value the control refuses (e.g. outside its options)
                        continue
                control.value = start
            t = np.array(view.timings) * 1000
            c = np.array(view.compute_timings) * 1000
            if len(t):
                p95, p95c = float(np.percentile(t, 95)), float(np.percentile(c, 95))
                worst, worst_compute = max(worst, p95), max(worst_compute, p95c)
                print(f"  {lesson} {name:<28} {len(t):5d} {np.percentile(t, 50):8.1f} {p95:8.1f} {p95c:12.1f}")
    print(f"  worst p95, compute and redraw: {worst:.1f} ms (ratio to target {worst / 150:.2f})")
    print(f"  worst p95, compute only:       {worst_compute:.1f} ms (ratio to target {worst_compute / 150:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-lessons", action="store_true")
    args = parser.parse_args()
    if not args.skip_lessons:
        run_lessons()
    run_explorers()


if __name__ == "__main__":
    main()
