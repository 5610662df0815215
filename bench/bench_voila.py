"""How long each orientation page takes from navigation to usable, next to a one-widget page, in one Voilà.

    python bench/bench_voila.py [--rounds 5] [notebooks/06_goals.ipynb ...]

Voilà is started with the command ``mentoringkit serve`` builds, but on the repository folder so that it
serves the module notebooks and bench/one_widget.ipynb alike. Headless Debian Chromium opens each page in
turn (warm browser cache, as for a participant moving between modules) and the time runs until Voilà has
executed every cell and every widget is drawn. Prints medians and the ratio per app (target <= 1.15x).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # one definition of "page is ready" for tests and bench

from orientation_app import CHROMIUM, CHROMIUM_ARGS, HEALTH_PATH, free_port, wait_for_app  # noqa: E402

BASELINE = "bench/one_widget.ipynb"
#: Seconds Voilà waits before replacing a used ready kernel (VoilaKernelManager.fill_delay, left at its default).
REFILL_DELAY = 1


@contextlib.contextmanager
def voila_on_repository(data_dir: Path, ready_kernels: int | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Voilà as ``mentoringkit serve`` runs it, rooted at the repository; yields (base URL, process).

    ``ready_kernels`` is serve's ``--ready-kernels`` (None: serve's default). Every page in the folder, the
    baseline included, gets the same pool, so the comparison stays like with like.
    """
    from mentoringkit.serve import add_arguments, voila_command, voila_environment

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    port = free_port()
    argv = ["--no-browser", "--port", str(port), "--data-dir", str(data_dir)]
    if ready_kernels is not None:
        argv += ["--ready-kernels", str(ready_kernels)]
    args = parser.parse_args(argv)
    env = voila_environment(args)
    # As in the browser tests: let a closing page shut its kernel down (voila issue 1458).
    config_dir = data_dir.parent / "jupyter-config"
    config_dir.mkdir(exist_ok=True)
    (config_dir / "voila.json").write_text(json.dumps({"Voila": {"tornado_settings": {"disable_check_xsrf": True}}}))
    env["JUPYTER_CONFIG_PATH"] = str(config_dir)
    proc = subprocess.Popen(voila_command(args, ROOT), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"Voilà exited with code {proc.returncode}")
            with contextlib.suppress(OSError), urllib.request.urlopen(base + HEALTH_PATH, timeout=2):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("Voilà did not answer within 120 s")
            time.sleep(0.25)
        yield base, proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def cpu_seconds(server_pid: int) -> float:
    """CPU time used so far by Voilà and every process it started (its kernels)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(stat.parent.name) == server_pid or int(fields[1]) == server_pid:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wait_until_quiet(server_pid: int, timeout: float = 30.0) -> None:
    """Wait until Voilà and its kernels are idle: a used ready kernel is replaced (started and run up to
    its wait) after each visit, which a participant reading a page never notices but a timed visit would."""
    deadline = time.monotonic() + timeout
    last = cpu_seconds(server_pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(server_pid)
        if now - last < 0.05:
            return
        last = now


@contextlib.contextmanager
def chromium_page() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            yield page
        finally:
            with contextlib.suppress(Exception):
                page.goto("about:blank")
            browser.close()


def time_to_interactive(page, url: str) -> float:
    """Seconds from navigation to every cell run and every widget drawn; then leave (the kernel shuts down)."""
    started = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=120_000)
    wait_for_app(page, 120_000)
    elapsed = time.perf_counter() - started
    page.goto("about:blank")
    return elapsed


def app_notebooks(chosen: list[str]) -> list[str]:
    if chosen:
        return [str(Path(p).resolve().relative_to(ROOT)) for p in chosen]
    return [str(p.relative_to(ROOT)) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="module notebooks to time (default: all in notebooks/)")
    parser.add_argument("--rounds", type=int, default=5, help="timed visits per page (default 5)")
    parser.add_argument("--ready-kernels", type=int, default=None, metavar="N",
                        help="serve's --ready-kernels for every page, baseline included (default: serve's default)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    apps = app_notebooks(args.notebooks)
    from mentoringkit.serve import add_arguments

    defaults = argparse.ArgumentParser()
    add_arguments(defaults)
    ready = args.ready_kernels if args.ready_kernels is not None else defaults.parse_args([]).ready_kernels
    pages = [BASELINE, *apps]
    times: dict[str, list[float]] = {p: [] for p in pages}
    with tempfile.TemporaryDirectory(prefix="mentoringkit-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        with voila_on_repository(data, args.ready_kernels) as (base, proc), chromium_page() as page:
            wait_until_quiet(proc.pid, timeout=120)  # the pools fill at start
            time_to_interactive(page, f"{base}/voila/render/{BASELINE}")  # warm the browser cache and Voilà
            for _ in range(args.rounds):
                for notebook in pages:  # interleaved, so load on the machine hits every page alike
                    visited = time.monotonic()
                    times[notebook].append(time_to_interactive(page, f"{base}/voila/render/{notebook}"))
                    if ready:  # let Voilà replace the used kernel before the next visit, as while a participant reads
                        time.sleep(max(0.0, visited + REFILL_DELAY + 1 - time.monotonic()))
                    wait_until_quiet(proc.pid)
    base_median = statistics.median(times[BASELINE])
    print(f"navigation -> interactive, median of {args.rounds} (warm browser cache, {ready} ready kernel(s) "
          "per page, machine idle before each visit)")
    print(f"{'page':<40} {'median s':>9} {'min s':>7} {'ratio':>7}")
    for notebook in pages:
        median = statistics.median(times[notebook])
        print(f"{Path(notebook).name:<40} {median:9.2f} {min(times[notebook]):7.2f} {median / base_median:6.2f}x")
    worst = max(statistics.median(times[n]) / base_median for n in apps)
    print(f"\nworst app / one widget = {worst:.2f}x  (target <= 1.15x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
