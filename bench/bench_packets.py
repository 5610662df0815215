"""Cohort packets: wall time for 50 packets against one, in one run, and the peak memory of the whole job.

    python bench/bench_packets.py [--people 50] [--jobs 2] [--no-pdf]

Each case is a fresh `mentoringkit cohort packets` process on a synthetic roster with a fresh data folder,
so every packet is really built (nothing is skipped as up to date). Peak memory is the largest sum of
resident memory over the command and all its children (workers and their kernels), sampled every 0.1 s
from /proc. Target: 50 packets take at most 15 times as long as one on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEADER = "name,email,role,partner,programme start,length in months,meeting cadence,organisation\n"


def roster(n: int) -> str:
    rows = []
    for i in range(n):
        partner = f"Person {i ^ 1:03d}" if (i ^ 1) < n else ""
        role = "mentee" if i % 2 == 0 else "mentor"
        rows.append(f"Person {i:03d},p{i}@example.org,{role},{partner},2027-01-18,12,monthly,Bench Org\n")
    return HEADER + "".join(rows)


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, read from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(statm[1]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [c for c, p in parents.items() if p == pid]
    return total


def run_case(n: int, jobs: int, pdf: bool) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(prefix="bench-packets-") as tmp:
        path = Path(tmp) / "roster.csv"
        path.write_text(roster(n), encoding="utf-8")
        cmd = [sys.executable, "-m", "mentoringkit", "cohort", "packets", str(path), "--out", f"{tmp}/out",
               "--data-dir", f"{tmp}/data", "--jobs", str(jobs), *([] if pdf else ["--no-pdf"])]
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = proc.communicate()
        wall = time.perf_counter() - began
        done.set()
        sampler.join()
        if proc.returncode != 0:
            raise SystemExit(f"packets for {n} failed ({proc.returncode}):\n{err[-2000:]}")
        built = len(list((Path(tmp) / "out").glob("*/handout.html")))
        assert built == n, (built, n)
        return wall, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    one, one_peak = run_case(1, args.jobs, not args.no_pdf)
    many, many_peak = run_case(args.people, args.jobs, not args.no_pdf)
    ratio = many / one
    print(f"cores: {os.cpu_count()}, --jobs {args.jobs}, PDF {'off' if args.no_pdf else 'on'}")
    print(f"1 packet:   {one:6.1f} s wall, peak memory {one_peak / 2**20:6.0f} MiB")
    print(f"{args.people} packets: {many:6.1f} s wall, peak memory {many_peak / 2**20:6.0f} MiB, "
          f"{many / args.people:.2f} s per packet")
    print(f"ratio {args.people} vs 1: {ratio:.1f}x (target <= 15x) -> {'OK' if ratio <= 15 else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
