"""Lessons and explorers: execution time of each lesson, update time of each explorer, for
each edition of the course (English, and the Chinese edition in notebooks/zh_CN/).

Prints, per edition,
  * the seconds each lesson notebook takes to execute (kernel start included) and the total
    (target: all lessons together ≤ 90 s);
  * for every explorer, the p50 / p95 seconds of an update (compute + redraw) over about 40
    control moves on the bundled data of that edition (crmlab speaking its language: the
    Chinese edition's explorers work on the Chinese company, with Chinese texts and fonts)
    (target p95 ≤ 150 ms);
and, at the end, the two editions side by side.

Usage: python benchmarks/bench_lessons.py [--edition en|zh_CN|both] [--skip-lessons]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


EDITIONS = ("en", "zh_CN")


def edition_folder(edition: str) -> Path:
    return ROOT / "notebooks" if edition == "en" else ROOT / "notebooks" / edition


def run_lessons(edition: str = "en") -> dict:
    """Execute every lesson of ``edition``; print and return the seconds per lesson and totals."""
    import nbformat
    from nbclient import NotebookClient

    total = lessons_total = 0.0
    seconds = {}
    print(f"lesson ({edition})                              seconds")
    for path in sorted(edition_folder(edition).glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        t0 = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        dt = time.perf_counter() - t0
        total += dt
        if path.stem[:2] <= "08":
            lessons_total += dt
        seconds[path.stem] = dt
        print(f"  {path.stem:<38} {dt:6.1f}")
    print(f"  lessons 00–08: {lessons_total:.1f} s (target ≤ 90 s; ratio {lessons_total / 90:.2f})")
    print(f"  all notebooks, appendix included: {total:.1f} s")
    return {"lessons": seconds, "lessons_00_08": lessons_total, "total": total}


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


def run_explorers(edition: str = "en") -> dict:
    """Move every control of every explorer with crmlab in ``edition``'s language; print and
    return the worst p95 (compute and redraw, and compute only)."""
    import matplotlib

    matplotlib.use("Agg")
    import crmlab
    import crmlab.widgets as widgets

    crmlab.set_language(edition)  # the edition's texts, fonts and company
    print(f"\nexplorer ({edition})                moves   p50 ms   p95 ms   p95 compute ms   (target p95 ≤ 150 ms)")
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
    return {"worst_p95": worst, "worst_p95_compute": worst_compute}


def summary(results: dict) -> None:
    """The editions side by side."""
    editions = list(results)
    print("\n" + "summary".ljust(40) + "".join(f"{e:>10}" for e in editions))
    stems = sorted({stem[:2] for r in results.values() for stem in r.get("lessons", {})})
    for number in stems:
        row = []
        for e in editions:
            found = [v for k, v in results[e].get("lessons", {}).items() if k[:2] == number]
            row.append(f"{found[0]:10.1f}" if found else " " * 10)
        print(f"  lesson {number} (s)".ljust(40) + "".join(row))
    for key, name in (
        ("lessons_00_08", "lessons 00–08 (s, target ≤ 90)"),
        ("total", "all notebooks (s)"),
        ("worst_p95", "explorers: worst p95 (ms, target ≤ 150)"),
        ("worst_p95_compute", "explorers: worst p95, compute (ms)"),
    ):
        if any(key in r for r in results.values()):
            print(f"  {name}".ljust(40) + "".join(f"{results[e][key]:10.1f}" if key in results[e] else " " * 10 for e in editions))


def measure(edition: str, skip_lessons: bool) -> dict:
    print(f"\n=== edition {edition} ===", flush=True)
    results = {}
    if not skip_lessons:
        results.update(run_lessons(edition))
    results.update(run_explorers(edition))
    return results


def main() -> None:
    import json
    import subprocess
    import sys
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("--edition", choices=[*EDITIONS, "both"], default="both")
    parser.add_argument("--skip-lessons", action="store_true")
    parser.add_argument("--results-json", help=argparse.SUPPRESS)  # where a child run writes its figures
    args = parser.parse_args()
    if args.edition != "both":
        results = {args.edition: measure(args.edition, args.skip_lessons)}
        if args.results_json:
            Path(args.results_json).write_text(json.dumps(results))
        else:
            summary(results)
        return
    # each edition in a process of its own: the explorers of the first (kept alive by the widget
    # registry) and its fonts do not weigh on the second
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for edition in EDITIONS:
            out = Path(tmp) / f"{edition}.json"
            cmd = [sys.executable, __file__, "--edition", edition, "--results-json", str(out)]
            subprocess.run(cmd + (["--skip-lessons"] if args.skip_lessons else []), check=True)
            results.update(json.loads(out.read_text()))
    summary(results)


if __name__ == "__main__":
    main()
