"""How long a module switch inside the served app takes, from the click on a module link to the module drawn.

    python bench/bench_switch.py [--rounds 3]

Voilà is started with the command ``mentoringkit serve`` builds (as bench_voila.py does). One participant in
headless Debian Chromium opens the start page, takes a personal code and then, round after round, opens every
module from the start page's list and goes back to the start page with the "All modules" link, as a
participant moving through the course does. Each switch is timed inside the page, from the click to the
moment the app has drawn the module's parts and moved the focus to its heading (the page's script marks this
on ``body[data-mk-module]``). The first round is a participant's first visit to each module in their own kernel;
later rounds are returns. Between switches the bench waits until the server is idle, as while a participant
reads. Also prints the server's kernel count and the page loads seen during the switches (both should not
grow). Target: every switch <= 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_rss import kernels_of
from bench_voila import CHROMIUM, chromium_page, cpu_seconds, voila_on_repository, wait_until_quiet
from orientation_app import wait_for_app  # bench_voila put tests/browser on the path

START = "notebooks/00_start_here.ipynb"

# Click the link that opens ``module`` and resolve with the milliseconds until the app marks it drawn.
_SWITCH_JS = r"""([module, linkText]) => new Promise((resolve, reject) => {
  const links = Array.from(document.querySelectorAll('#rendered_cells a[href]'));
  const link = links.find(a => linkText ? a.textContent.trim() === linkText
                                        : (new URL(a.href).searchParams.get('module') || 'start-here') === module);
  if (!link) { reject(new Error('no link to ' + module)); return; }
  const started = performance.now();
  const watch = new MutationObserver(() => {
    if (document.body.dataset.mkModule === module) { watch.disconnect(); resolve(performance.now() - started); }
  });
  watch.observe(document.body, {attributes: true, attributeFilter: ['data-mk-module']});
  link.click();
  setTimeout(() => { watch.disconnect(); reject(new Error(module + ' was not drawn within 60 s')); }, 60000);
})"""


def reading(server_pid: int) -> None:
    """A participant reads the module: the one left behind is closed meanwhile, and the server goes idle."""
    from mentoringkit.app.navigation import CLOSE_AFTER_SECONDS

    time.sleep(CLOSE_AFTER_SECONDS + 0.2)
    wait_until_quiet(server_pid)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times every module is opened (default 3)")
    args = parser.parse_args(argv)
    from mentoringkit.curriculum import load_curriculum

    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium")

    modules = [(m.id, m.title) for m in load_curriculum().course.modules]
    times: dict[str, list[float]] = {module_id: [] for module_id, _ in modules}
    with tempfile.TemporaryDirectory(prefix="mentoringkit-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        with voila_on_repository(data) as (base, proc), chromium_page() as page:  # serve's own flags
            wait_until_quiet(proc.pid, timeout=120)  # the ready kernel is started and warmed up
            page.goto(f"{base}/voila/render/{START}", wait_until="commit", timeout=120_000)
            wait_for_app(page, 120_000)
            page.get_by_role("button", name="Give me a personal code").click()
            page.locator(".mk-code").wait_for()
            wait_until_quiet(proc.pid, timeout=120)  # the used ready kernel is replaced
            kernels = len(kernels_of(proc.pid))
            documents: list[str] = []
            page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)
            cpu = cpu_seconds(proc.pid)
            for _ in range(args.rounds):
                for module_id, _title in modules[1:]:
                    times[module_id].append(page.evaluate(_SWITCH_JS, [module_id, None]) / 1000)
                    reading(proc.pid)
                    times["start-here"].append(page.evaluate(_SWITCH_JS, ["start-here", "All modules"]) / 1000)
                    reading(proc.pid)
            cpu = cpu_seconds(proc.pid) - cpu
            kernels_after = len(kernels_of(proc.pid))
    switches = [t for ts in times.values() for t in ts]
    print(f"module switch in the app, click -> drawn and focused, {args.rounds} round(s), one participant")
    print(f"{'module':<30} {'first s':>8} {'median s':>9} {'max s':>7}")
    for module_id, _title in modules:
        ts = times[module_id]
        print(f"{module_id:<30} {ts[0]:8.3f} {statistics.median(ts):9.3f} {max(ts):7.3f}")
    ordered = sorted(switches)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"\nall {len(switches)} switches: median {statistics.median(switches):.3f} s, p95 {p95:.3f} s, "
          f"max {max(switches):.3f} s  (target <= 0.3 s)")
    print(f"server CPU during the switches: {cpu:.1f} s ({cpu / len(switches):.3f} s per switch)")
    print(f"kernels: {kernels} before the switches, {kernels_after} after; page loads during them: {len(documents)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
