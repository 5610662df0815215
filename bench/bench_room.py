"""A room of participants against a real ``mentoringkit serve``: arrivals, a herd, a save storm, everyone leaving.

    python bench/bench_room.py [--participants 30] [--also 60] [--no-chromium] [--arrival-seconds 60]

N participants are played at the protocol level (tests/room/room_client.py: the page over HTTP with its cookies,
the kernel websocket, the widget comm messages a browser sends), all in this one process, each from a loopback
address of its own; one real Chromium participant (Playwright, /usr/bin/chromium) does the same alongside.
The server is started as a trainer starts it (``mentoringkit serve --no-browser --port P --data-dir D``, all
other flags at their defaults) and is left to settle (its ready kernels started) before anyone arrives.

Phases, each printed with served/failed counts, p50/p95/max time to usable, server CPU-seconds and peak memory:

1. arrivals: N arrive spread over 60 s; each loads the start page, gets a personal code and opens module 06
   inside the app (the one page load of a participant's visit).
2. herd: everyone moves to the same module (07 agreement by default) inside the app within 5 s.
3. save storm: everyone goes back to module 06 inside the app within 5 s and types a SMART goal; once all have,
   the server's kernels are counted (one per participant plus the ready one: nobody started a second kernel by
   moving), then everyone presses "Add to my plan" at the same moment. Afterwards every workbook is read from
   disk (mentoringkit.storage) and every goal a page said was added must be in it.
4. leave: everyone closes their page; the server's kernels are counted 0, 30 and 60 s later.

"Usable" for a page load is: the page received, the kernel websocket connected, the kernel answering, the widget
state loaded; for a move inside the app: from sending the nav widget's update to the app's view showing the
module with the state of every widget it holds received (for Chromium: tests/browser/orientation_app.py's
wait_for_app condition after a load, the app marking the module drawn after a link click, as bench_switch.py
times it). A page the server turns away with HTTP 503 ("the room is full") is loaded again after the
Retry-After it gives, as a browser would: "refused then admitted" with the time until admitted, or "refused" if
the phase's patience runs out first; a step that never finishes within it is "stuck". Prints figures; exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "browser"), str(ROOT / "tests" / "room")]  # one client for bench and tests

from bench_switch import _SWITCH_JS  # noqa: E402
from orientation_app import _APP_READY_JS, CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402
from room_client import (  # noqa: E402
    GOALS,
    HERD,
    LANDING,
    PageIncomplete,
    Participant,
    RoomFull,
    VisitTimedOut,
    add_goal,
    arrive,
    goal_text,
    goals_missing_on_disk,
    move_to_module,
    type_goal,
)
from server_load import Memory, cpu_seconds, kernel_count, memory, wait_until_settled  # noqa: E402

GIB = 1024**3
TARGETS = {"arrivals": 5.0, "herd": 2.0}  # p95 time to usable, seconds
MEMORY_TARGET = 3 * GIB


@dataclass
class Outcome:
    #: served; refused (503 until patience ran out); incomplete (a page without some of its widgets);
    #: stuck (a step never finished); failed (any other error)
    kind: str = "served"
    times: dict[str, float] = field(default_factory=dict)  # step -> seconds
    detail: str = ""
    refusals: int = 0
    refused_for: float = 0.0  # seconds from the first refused load until the load that was admitted (or gave up)


@dataclass
class PhaseFigures:
    name: str
    outcomes: list[Outcome]
    browser: Outcome | None
    server_cpu: float
    own_cpu: float
    simulator_cpu: float
    sampler_cpu: float
    peak_rss: int
    peak_pss: int
    wall: float


class MemorySampler:
    """The server tree's memory: RSS twice a second, PSS (dearer to read) every 5 s; peaks since ``reset``.

    ``cpu`` is what the sampling itself cost this process, so the simulator's own figure can leave it out.
    """

    def __init__(self, root: int):
        self.root, self.peak_rss, self.peak_pss, self.all_time_pss, self.all_time_rss = root, 0, 0, 0, 0
        self.cpu = 0.0
        self.task = asyncio.ensure_future(self._run())

    def _sample(self, proportional: bool) -> Memory:
        started = time.thread_time()
        try:
            return memory(self.root, proportional=proportional)
        finally:
            self.cpu += time.thread_time() - started

    async def _run(self) -> None:
        tick = 0
        while True:
            now = await asyncio.to_thread(self._sample, tick % 10 == 0)
            self.peak_rss, self.all_time_rss = max(self.peak_rss, now.rss), max(self.all_time_rss, now.rss)
            self.peak_pss, self.all_time_pss = max(self.peak_pss, now.pss), max(self.all_time_pss, now.pss)
            tick += 1
            await asyncio.sleep(0.5)

    def reset(self) -> None:
        self.peak_rss = self.peak_pss = 0


class ChromiumParticipant:
    """The one real browser in the room, doing what the simulated participants do."""

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url, self.code = browser, base_url, ""
        self.context = self.page = None

    async def start(self) -> None:
        self.context = await self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(240_000)
        self.page = await self.context.new_page()

    async def open(self, notebook: str) -> float:
        query = f"?code={self.code}" if self.code else ""
        started = time.monotonic()
        await self.page.goto(f"{self.base_url}/voila/render/{notebook}{query}", wait_until="commit",
                             timeout=240_000)
        # The browser tests' condition, checked 4 times a second (not 10): it walks the whole page each time.
        await self.page.wait_for_function(_APP_READY_JS, timeout=240_000, polling=250)
        return time.monotonic() - started

    async def switch(self, module_id: str) -> float:
        """Click the module's link in the app (through "All modules" when the module shown has none); seconds
        from the click to the app marking the module drawn."""
        try:
            return await self.page.evaluate(_SWITCH_JS, [module_id, None]) / 1000
        except Exception:
            via = await self.page.evaluate(_SWITCH_JS, ["start-here", "All modules"]) / 1000
            return via + await self.page.evaluate(_SWITCH_JS, [module_id, None]) / 1000

    async def arrive(self) -> dict[str, float]:
        times = {"start page": await self.open(LANDING)}
        await self.page.get_by_role("button", name="Give me a personal code").click()
        shown = self.page.locator(".mk-code")
        await shown.wait_for()
        self.code = (await shown.inner_text()).strip()
        times["06 in app"] = await self.switch(GOALS)
        return times

    async def type_goal(self, text: str) -> None:
        await self.page.get_by_role("button", name=re.compile(r"^3\. Write a SMART goal")).click()
        await self.page.get_by_text("Section 3 of 4").wait_for()
        await self.page.get_by_label("Your goal", exact=True).fill(text)

    async def add_goal(self) -> None:
        await self.page.get_by_role("button", name="Add to my plan").click()
        await self.page.get_by_text("Added to your goals").first.wait_for()

    async def leave(self) -> None:
        if self.page is not None:
            await self.page.goto("about:blank")  # Voilà's unload handler asks the server to shut the kernel down
        if self.context is not None:
            await self.context.close()


async def as_outcome(step: Callable[[], Awaitable[dict[str, float]]]) -> Outcome:
    """Run one participant's step and sort out how it ended (its page loads wait out refusals themselves)."""
    outcome = Outcome()
    try:
        outcome.times = await step()
    except RoomFull as full:  # a page load was refused until the participant's patience ran out
        outcome.kind, outcome.detail = "refused", str(full)
    except PageIncomplete as exc:
        outcome.kind, outcome.detail = "incomplete", str(exc)
    except (VisitTimedOut, asyncio.TimeoutError) as exc:
        outcome.kind, outcome.detail = "stuck", str(exc) or repr(exc)
    except Exception as exc:
        outcome.kind, outcome.detail = "failed", f"{type(exc).__name__}: {exc}"
    return outcome


async def play_room(size: int, args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-room-"))
    server = await asyncio.to_thread(start_server, work)
    root = server.process.pid
    try:
        idle = await asyncio.to_thread(wait_until_settled, root, 240)
        base_memory = memory(root)
        print(f"\n=== A room of {size} simulated participants" + ("" if args.no_chromium else " + 1 Chromium")
              + f" ===\nserver: {' '.join(server.command[1:4])} --no-browser --port P --data-dir D (defaults); "
              f"settled with {idle} kernels, {base_memory.pss / GIB:.2f} GiB PSS "
              f"({base_memory.rss / GIB:.2f} GiB RSS); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} "
              "cores", flush=True)
        await run_phases(server, root, size, idle, args)
        iopub = server.log_tail(10**8).count("Timeout waiting for IOPub output")
        print(f"Voilà log: {iopub} x 'Timeout waiting for IOPub output'", flush=True)
    finally:
        await asyncio.to_thread(server.stop)


async def run_phases(server, root: int, size: int, idle: int, args: argparse.Namespace) -> None:
    rng = random.Random(size)
    people = [Participant(server.base_url, n, timeout=args.patience) for n in range(size)]
    sampler = MemorySampler(root)
    browser = playwright = chromium = None
    if not args.no_chromium:
        from playwright.async_api import async_playwright

        playwright = await async_playwright().start()
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        chromium = ChromiumParticipant(browser, server.base_url)
        await chromium.start()
    in_room: list[Participant] = []
    added: dict[str, list[str]] = {}
    figures: list[PhaseFigures] = []

    async def phase(name: str, steps: dict[object, Callable[[], Awaitable[dict[str, float]]]],
                    offsets: dict[object, float]) -> PhaseFigures:
        sampler.reset()
        cpu0, own0, wall0 = cpu_seconds(root), cpu_seconds(os.getpid()), time.monotonic()
        sample0 = sampler.cpu
        sim0 = _own_cpu() - sample0

        async def later(key: object) -> Outcome:
            await asyncio.sleep(offsets.get(key, 0))
            return await as_outcome(steps[key])

        keys = list(steps)
        results = dict(zip(keys, await asyncio.gather(*(later(k) for k in keys)), strict=True))
        found = PhaseFigures(name, [results[k] for k in keys if k is not chromium], results.get(chromium),
                             cpu_seconds(root) - cpu0, cpu_seconds(os.getpid()) - own0,
                             _own_cpu() - sampler.cpu - sim0, sampler.cpu - sample0,
                             sampler.peak_rss, sampler.peak_pss, time.monotonic() - wall0)
        figures.append(found)
        report(found, len(keys) - (chromium is not None))
        return found

    # 1. arrivals
    async def arriving(person: Participant) -> dict[str, float]:
        start, goals = await arrive(person, patience=args.patience)
        return {"start page": start.usable_at, "06 in app": goals}

    steps: dict[object, Callable] = {p: (lambda p=p: arriving(p)) for p in people}
    offsets: dict[object, float] = {p: p.number * args.arrival_seconds / size for p in people}
    if chromium:
        steps[chromium], offsets[chromium] = chromium.arrive, args.arrival_seconds / 2
    arrivals = await phase("arrivals", steps, offsets)
    for person, outcome in zip(people, arrivals.outcomes, strict=True):
        outcome.refusals, outcome.refused_for = person.refusals, person.refused_for
    report_refusals(arrivals)
    in_room = [p for p, o in zip(people, arrivals.outcomes, strict=True) if o.kind == "served"]
    if chromium and (arrivals.browser is None or arrivals.browser.kind != "served"):
        await chromium.leave()
        chromium = None  # it never got in (or never got a code): it takes no further part

    # 2. herd
    herd_step = args.herd_module + " in app"

    async def moving(person: Participant) -> dict[str, float]:
        return {herd_step: await move_to_module(person, args.herd_module)}

    steps = {p: (lambda p=p: moving(p)) for p in in_room}
    offsets = {p: rng.uniform(0, args.herd_seconds) for p in in_room}
    if chromium:
        async def browser_moving() -> dict[str, float]:
            return {herd_step: await chromium.switch(args.herd_module)}
        steps[chromium], offsets[chromium] = browser_moving, args.herd_seconds / 2
    await phase("herd", steps, offsets)

    # 3. save storm: back to 06 and type (within the herd window), then everyone presses Add at once
    ready: list[object] = []
    everyone_typed = asyncio.Event()
    expected = len(in_room) + (chromium is not None)
    all_in = asyncio.Event()
    kernels_in: list[int] = []

    def typed() -> None:
        ready.append(1)
        if len(ready) >= expected:
            everyone_typed.set()

    async def count_kernels() -> None:
        # The start page's ready kernel is replaced in the background: read once it has been (or after 60 s).
        await everyone_typed.wait()
        deadline = time.monotonic() + 60
        while kernel_count(root) > expected + idle and time.monotonic() < deadline:
            await asyncio.sleep(1)
        kernels_in.append(kernel_count(root))
        all_in.set()

    counter = asyncio.ensure_future(count_kernels())

    async def storming(person: Participant) -> dict[str, float]:
        try:
            back = await move_to_module(person, GOALS)
            await type_goal(person, goal_text(person.number))
        finally:
            typed()
        await all_in.wait()
        pressed = time.monotonic()
        await add_goal(person, goal_text(person.number))
        added.setdefault(person.code, []).append(goal_text(person.number))
        return {"06 again in app": back, "save": time.monotonic() - pressed}

    steps = {p: (lambda p=p: storming(p)) for p in in_room}
    offsets = {p: rng.uniform(0, args.herd_seconds) for p in in_room}
    if chromium:
        async def browser_storming() -> dict[str, float]:
            try:
                back = await chromium.switch(GOALS)
                await chromium.type_goal(goal_text(size))
            finally:
                typed()
            await all_in.wait()
            pressed = time.monotonic()
            await chromium.add_goal()
            added.setdefault(chromium.code, []).append(goal_text(size))
            return {"06 again in app": back, "save": time.monotonic() - pressed}
        steps[chromium], offsets[chromium] = browser_storming, args.herd_seconds / 2
    await phase("save storm", steps, offsets)
    await counter
    print(f"  kernels while everyone was in: {kernels_in[0]} for {expected} participants and {idle} ready "
          f"(target {expected + idle}: no second kernel from moving between modules)"
          f"{'' if kernels_in[0] == expected + idle else '  MISSED'}", flush=True)
    missing = goals_missing_on_disk(server.data_dir, added)
    lost = sum(len(v) for v in missing.values())
    print(f"  lost saves: {lost} of {sum(len(v) for v in added.values())} goals the pages said were added "
          f"(target 0){'  MISSED' if lost else ''}", flush=True)

    # 4. everyone leaves
    left_at = time.monotonic()
    leaving = [p.leave() for p in people] + ([chromium.leave()] if chromium else [])
    await asyncio.gather(*leaving, return_exceptions=True)
    counts = []
    for after in (0, 30, 60):
        await asyncio.sleep(max(0.0, left_at + after - time.monotonic()))
        counts.append(kernel_count(root))
    back = counts[-1] <= idle
    print(f"leave: kernels {counts[0]} / {counts[1]} / {counts[2]} at 0 / 30 / 60 s after everyone left; idle "
          f"level {idle} (target: back to it within 60 s){'' if back else '  MISSED'}", flush=True)
    print(f"peak memory over the whole room: {sampler.all_time_pss / GIB:.2f} GiB PSS, "
          f"{sampler.all_time_rss / GIB:.2f} GiB RSS (target <= 3 GiB)"
          f"{'' if sampler.all_time_pss <= MEMORY_TARGET else '  MISSED'}", flush=True)
    sampler.task.cancel()
    if browser is not None:
        await browser.close()
        await playwright.stop()


def _own_cpu() -> float:
    """This process's own CPU-seconds (the simulated participants; Chromium runs in child processes)."""
    times = os.times()
    return times.user + times.system


def pct(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(found: PhaseFigures, size: int) -> None:
    kinds = {k: sum(o.kind == k for o in found.outcomes)
             for k in ("served", "refused", "incomplete", "stuck", "failed")}
    verdict = "" if kinds["served"] == size else "  MISSED"
    print(f"\n{found.name}: served {kinds['served']}/{size}, refused {kinds['refused']}, incomplete "
          f"{kinds['incomplete']}, stuck {kinds['stuck']}, failed {kinds['failed']} (target "
          f"{size}/{size} served){verdict}")
    # This process started the server, so its tree holds the server's too.
    browser_cpu = found.own_cpu - found.server_cpu - found.simulator_cpu - found.sampler_cpu
    print(f"  server CPU {found.server_cpu:.1f} s over {found.wall:.1f} s wall; simulator {found.simulator_cpu:.1f} s, "
          f"memory sampling {found.sampler_cpu:.1f} s, Chromium with its driver {browser_cpu:.1f} s; peak memory "
          f"{found.peak_pss / GIB:.2f} GiB PSS ({found.peak_rss / GIB:.2f} GiB RSS)")
    steps: dict[str, list[float]] = {}
    for o in found.outcomes:
        if o.kind == "served":
            for step, seconds in o.times.items():
                steps.setdefault(step, []).append(seconds)
    target = TARGETS.get(found.name)
    for step, values in steps.items():
        p95 = pct(values, 95)
        aim = "" if target is None else f"   target p95 <= {target:.0f} s" + ("" if p95 <= target else "  MISSED")
        seen = found.browser.times if found.browser else {}
        chromium = f"; Chromium {seen[step]:.2f} s" if step in seen else ""
        print(f"  {step:14} n={len(values):3}  p50 {statistics.median(values):6.2f} s  p95 {p95:6.2f} s  "
              f"max {max(values):6.2f} s{chromium}{aim}")
    if found.browser and found.browser.kind != "served":
        print(f"  Chromium participant: {found.browser.kind}: {found.browser.detail[:200]}")
    for o in found.outcomes:
        if o.kind in ("incomplete", "stuck", "failed"):
            print(f"  - {o.kind}: {o.detail[:160]}")
    sys.stdout.flush()


def report_refusals(found: PhaseFigures) -> None:
    """Participants whose page load was refused (HTTP 503) at least once, and how long it took them."""
    admitted = [o.refused_for for o in found.outcomes if o.refusals and o.kind != "refused"]
    refused = [o.refused_for for o in found.outcomes if o.kind == "refused"]
    if admitted:
        print(f"  refused then admitted: {len(admitted)}, waited p50 {statistics.median(admitted):.1f} s, max "
              f"{max(admitted):.1f} s")
    if refused:
        print(f"  refused (gave up): {len(refused)}, after {max(refused):.1f} s at most")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30, help="simulated participants (default 30)")
    parser.add_argument("--also", type=int, nargs="*", default=[], metavar="N",
                        help="then rooms of these sizes too, each on a fresh server (e.g. --also 60)")
    parser.add_argument("--arrival-seconds", type=float, default=60, help="arrivals spread over (default 60)")
    parser.add_argument("--herd-seconds", type=float, default=5, help="herd and storm spread over (default 5)")
    parser.add_argument("--herd-module", default=HERD, help=f"module id the herd goes to (default {HERD}, 07)")
    parser.add_argument("--patience", type=float, default=120,
                        help="seconds a participant waits for any one step before counting it stuck (default 120)")
    parser.add_argument("--no-chromium", action="store_true", help="simulated participants only")
    args = parser.parse_args()
    if not args.no_chromium and not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (apt-get install -y chromium), or pass --no-chromium", file=sys.stderr)
        return 2
    for size in [args.participants, *args.also]:
        asyncio.run(play_room(size, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
