"""Memory of each orientation page's kernel next to a kernel running the one-widget page, in one Voilà.

    python bench/bench_rss.py [--rounds 2] [notebooks/06_goals.ipynb ...]

Each page is opened in headless Chromium until every widget is drawn; then its kernel (the new
ipykernel child of Voilà) is read from /proc: resident set (RSS) and proportional set (PSS, shared
pages split between the kernels that share them). Prints medians and the RSS ratio per app (target <= 1.2x).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_voila import (
    BASELINE,
    CHROMIUM,
    app_notebooks,
    chromium_page,
    voila_on_repository,
    wait_for_app,
    wait_until_quiet,
)

MIB = 1024 * 1024


def kernels_of(server_pid: int) -> set[int]:
    """The ipykernel processes Voilà has started (children of its process)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == server_pid and b"ipykernel" in cmdline:
            found.add(int(stat.parent.name))
    return found


def memory_of(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in bytes."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1]) * 1024
        elif line.startswith("Pss:"):
            pss = int(line.split()[1]) * 1024
    return rss, pss


def measure(page, base: str, server_pid: int, notebook: str) -> tuple[int, int]:
    before = kernels_of(server_pid)
    page.goto(f"{base}/voila/render/{notebook}", wait_until="commit", timeout=120_000)
    wait_for_app(page, 120_000)
    time.sleep(1.0)  # let the kernel finish answering the widgets' comm messages
    new = kernels_of(server_pid) - before
    if len(new) != 1:
        raise RuntimeError(f"expected one new kernel for {notebook}, found {sorted(new)}")
    usage = memory_of(new.pop())
    page.goto("about:blank")
    deadline = time.monotonic() + 15  # wait for the kernel to go, so kernels never pile up between pages
    while kernels_of(server_pid) - before and time.monotonic() < deadline:
        time.sleep(0.2)
    return usage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="module notebooks to measure (default: all in notebooks/)")
    parser.add_argument("--rounds", type=int, default=2, help="visits per page (default 2)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    apps = app_notebooks(args.notebooks)
    pages = [BASELINE, *apps]
    rss: dict[str, list[int]] = {p: [] for p in pages}
    pss: dict[str, list[int]] = {p: [] for p in pages}
    with tempfile.TemporaryDirectory(prefix="mentoringkit-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        # One kernel per visit (no ready kernels), so the page's kernel is the one that appears.
        with voila_on_repository(data, ready_kernels=0) as (base, proc), chromium_page() as page:
            for _ in range(args.rounds):
                for notebook in pages:
                    r, p = measure(page, base, proc.pid, notebook)
                    rss[notebook].append(r)
                    pss[notebook].append(p)
    base_rss = statistics.median(rss[BASELINE])
    print(f"kernel memory once the page is drawn, median of {args.rounds}")
    print(f"{'page':<40} {'RSS MiB':>8} {'PSS MiB':>8} {'RSS ratio':>10}")
    for notebook in pages:
        r, p = statistics.median(rss[notebook]), statistics.median(pss[notebook])
        print(f"{Path(notebook).name:<40} {r / MIB:8.1f} {p / MIB:8.1f} {r / base_rss:9.2f}x")
    worst = max(statistics.median(rss[n]) / base_rss for n in apps)
    print(f"\nworst app / one-widget kernel = {worst:.2f}x RSS  (target <= 1.2x)")
    with tempfile.TemporaryDirectory(prefix="mentoringkit-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        with voila_on_repository(data) as (_base, proc):  # serve's default --ready-kernels
            wait_until_quiet(proc.pid, timeout=180)
            ready = [memory_of(pid) for pid in kernels_of(proc.pid)]
    print(f"ready kernels waiting at start (serve's default, {len(ready)} pages here): "
          f"{statistics.median(r for r, _ in ready) / MIB:.1f} MiB RSS each, "
          f"{sum(p for _, p in ready) / MIB:.0f} MiB PSS in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
