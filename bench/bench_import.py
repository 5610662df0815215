"""How long ``import mentoringkit`` takes next to ``import ipywidgets``, each in a fresh interpreter.

    python bench/bench_import.py [--runs 15]

Prints the median import time of each and the ratio (target: mentoringkit <= 1.3x ipywidgets). Also shows
what a module page really loads (the widgets behind ``show_landing``), for context; no target on that one.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Timed inside the fresh interpreter, so interpreter start-up is not counted.
_TIMER = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"

CASES = {
    "import ipywidgets": "import ipywidgets",
    "import mentoringkit": "import mentoringkit",
    "a page's widgets (show_landing)": "from mentoringkit.widgets import show_landing",
}


def time_import(stmt: str) -> float:
    """Seconds one fresh interpreter spends on ``stmt``."""
    out = subprocess.run([sys.executable, "-c", _TIMER.format(stmt=stmt)], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh interpreters per case (default 15)")
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.runs):  # interleaved, so a busy moment on the machine hits every case alike
        for name, stmt in CASES.items():
            times[name].append(time_import(stmt))
    medians = {}
    for name in CASES:
        medians[name] = statistics.median(times[name])
        print(f"{name:<34} median {medians[name] * 1000:7.1f} ms  (min {min(times[name]) * 1000:.1f}, "
              f"max {max(times[name]) * 1000:.1f}, {args.runs} runs)")
    base = medians["import ipywidgets"]
    print(f"\nimport mentoringkit / import ipywidgets = {medians['import mentoringkit'] / base:.2f}x  (target <= 1.3x)")
    print(f"page widgets / import ipywidgets      = {medians[list(CASES)[2]] / base:.2f}x  (context only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
