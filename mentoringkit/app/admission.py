"""Admission to a served room: how many participants' kernels one machine holds, how many one device may open,
and which kernels were started for pages that never came to life.

Plain rules and a plain ledger, no server in them: ``app/voila_admission.py`` wires them into Voilà. A page
request takes a place before its kernel starts; the place is freed when the kernel shuts down (the page closed,
the idle cull, or the never-connected sweep below) or, for a request that started no kernel, when it ends.
"""

from __future__ import annotations

import html
import ipaddress
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DEFAULT_MAX_PER_ADDRESS",
    "PAGE_NOT_PREPARED",
    "PARTICIPANTS_PER_CORE",
    "PER_PARTICIPANT_MIB",
    "PREPARING_PAGE",
    "READY_KERNEL_MIB",
    "RESERVE_MIB",
    "RETRY_SECONDS",
    "UNCONNECTED_GRACE_SECONDS",
    "Caps",
    "MemoryFigures",
    "Refusal",
    "Room",
    "Ticket",
    "client_address",
    "default_max_participants",
    "read_meminfo",
    "room_full_page",
    "usable_cores",
]

#: Memory one participant's kernel is planned at. Measured with bench/bench_rss.py (2026-11-25): a drawn page's
#: kernel holds 74-80 MiB resident (00 start page 74, 06 goals and 09 ending well 80); a kernel grows as a
#: session adds goals and log entries, and the server keeps buffers for each open page, hence 100.
PER_PARTICIPANT_MIB = 100
#: A ready kernel waiting for its visitor: the start page's, which has built every module once so the first
#: visit to each is quick (about 90 MiB resident, bench/README.md "Module switches").
READY_KERNEL_MIB = 90
#: Participants one CPU core serves briskly. Measured with bench/bench_room.py on 2 cores (2026-11-25): 30 people
#: arriving over a minute had their start page within 1.6 s (p95) and moved to one module at once within 0.6 s;
#: 60 were all served but waited 7-12 s. Memory alone would let far more in than the cores can serve. 16 a core
#: lets a room of 30 in on two cores with places to spare for the trainer's page and a reload in flight.
PARTICIPANTS_PER_CORE = 16
#: Kept free for the system, the Voilà server itself and the trainer's browser.
RESERVE_MIB = 1024
#: Pages one device may hold open at once: a page, the next one being opened from it, a second tab, a reload in
#: flight. A page whose connections have all closed (a tab closed without saying so, a phone gone offline) no
#: longer counts against its device; its kernel still counts against the room until it is culled.
DEFAULT_MAX_PER_ADDRESS = 4
#: How often a refused page asks again (the Retry-After header and the page's own countdown).
RETRY_SECONDS = 15
#: How long after its page was delivered a kernel may wait for the page's browser to connect to it: time for a
#: slow device to fetch and start the page's scripts (about 5 MB on a first visit), while a sweep every 10 s
#: still shuts an unconnected kernel down within a minute.
UNCONNECTED_GRACE_SECONDS = 45


@dataclass(frozen=True)
class MemoryFigures:
    """What /proc/meminfo said, in MiB."""

    total_mib: int
    available_mib: int


def read_meminfo(text: str | None = None) -> MemoryFigures | None:
    """MemTotal and MemAvailable from ``text`` (default: /proc/meminfo); None where they cannot be read."""
    if text is None:
        try:
            text = Path("/proc/meminfo").read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return None
    found: dict[str, int] = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if name in ("MemTotal", "MemAvailable") and parts and parts[0].isdigit():
            found[name] = int(parts[0]) // 1024  # the kernel reports kB
    if "MemTotal" not in found:
        return None
    return MemoryFigures(found["MemTotal"], found.get("MemAvailable", found["MemTotal"]))


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity where the system says it, else the core count)."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def default_max_participants(memory: MemoryFigures | None, ready_kernels: int = 0,
                             per_participant_mib: int = PER_PARTICIPANT_MIB,
                             ready_kernel_mib: int = READY_KERNEL_MIB,
                             reserve_mib: int = RESERVE_MIB, cores: int | None = None) -> tuple[int, str]:
    """How many participants the machine holds, and the sum that says why.

    The memory available now (not the total: other programs keep theirs), less a reserve for the system and
    the ready kernels ``serve`` keeps waiting, divided by one participant's kernel; at least one. Without
    /proc/meminfo (not Linux) the figure assumes 4 GiB available. Given ``cores``, no more than
    ``PARTICIPANTS_PER_CORE`` per core either: past that, pages still open but everyone waits seconds.
    """
    if memory is None:
        memory = MemoryFigures(4096, 4096)
        source = "memory unknown, 4096 MiB assumed"
    else:
        source = f"{memory.available_mib} MiB available of {memory.total_mib} MiB"
    ready_mib = max(0, ready_kernels) * ready_kernel_mib
    usable = memory.available_mib - reserve_mib - ready_mib
    places = max(1, math.floor(usable / per_participant_mib))
    why = (f"{source}, less {reserve_mib} MiB kept free and {ready_mib} MiB for {ready_kernels} ready kernels, "
           f"at {per_participant_mib} MiB per participant")
    if cores is not None:
        by_cores = max(1, cores) * PARTICIPANTS_PER_CORE
        core_words = f"{max(1, cores)} CPU core{'s' if max(1, cores) != 1 else ''}"
        if by_cores < places:
            why = f"{core_words} at {PARTICIPANTS_PER_CORE} participants each (memory would hold {places}: {why})"
            places = by_cores
        else:
            why += f"; {core_words} would serve {by_cores}"
    return places, why


@dataclass(frozen=True)
class Caps:
    """The limits of one room. ``max_per_address`` 0 means no limit per address."""

    max_participants: int
    max_per_address: int = DEFAULT_MAX_PER_ADDRESS
    retry_seconds: int = RETRY_SECONDS
    unconnected_grace: float = UNCONNECTED_GRACE_SECONDS

    def describe(self) -> str:
        per_address = "no limit" if self.max_per_address <= 0 else str(self.max_per_address)
        return (f"at most {self.max_participants} participants' pages at once, {per_address} per device "
                f"(network address); a refused page asks again every {self.retry_seconds} s")


@dataclass
class Ticket:
    """One page request's place in the room, then its kernel's."""

    number: int
    address: str
    counted: bool  # False for the trainer's pages, which never take a participant's place
    requested_at: float
    kernel_id: str | None = None
    delivered_at: float | None = None  # when the page's response ended; the wait for its browser starts then
    connected: bool = False  # the page's browser opened the kernel's websocket at least once
    connections: int = 0  # websockets open to the kernel now

    def open_on_device(self) -> bool:
        """Whether the page is open (or still opening) in its browser: once every connection it had has
        closed, the tab is gone or offline, and the kernel no longer counts against its device."""
        return not self.connected or self.connections > 0


@dataclass(frozen=True)
class Refusal:
    """Why a page request was turned away: ``reason`` is "room" (every place taken) or "address" (this device
    holds its share), ``limit`` the cap that was reached."""

    reason: str
    limit: int
    retry_seconds: int


@dataclass
class Room:
    """The ledger of places: requests being answered and the kernels they started."""

    caps: Caps
    tickets: dict[int, Ticket] = field(default_factory=dict)
    _next: int = 0

    def participants(self) -> int:
        return sum(1 for t in self.tickets.values() if t.counted)

    def held_by(self, address: str) -> int:
        """Pages open or opening on the device at ``address``."""
        return sum(1 for t in self.tickets.values() if t.counted and t.address == address and t.open_on_device())

    def admit(self, address: str, now: float, counted: bool = True) -> Ticket | Refusal:
        """A place for a page request from ``address``, or why there is none. Uncounted requests (the
        trainer's) always get one."""
        if counted:
            if self.caps.max_per_address > 0 and self.held_by(address) >= self.caps.max_per_address:
                return Refusal("address", self.caps.max_per_address, self.caps.retry_seconds)
            if self.participants() >= self.caps.max_participants:
                return Refusal("room", self.caps.max_participants, self.caps.retry_seconds)
        self._next += 1
        ticket = Ticket(self._next, address, counted, now)
        self.tickets[ticket.number] = ticket
        return ticket

    def kernel_started(self, ticket: Ticket, kernel_id: str) -> None:
        """The request's kernel is running (a new one, or a ready one handed to it)."""
        if ticket.number in self.tickets:
            ticket.kernel_id = kernel_id

    def request_over(self, ticket: Ticket, now: float) -> None:
        """The response ended: a request that started no kernel gives its place back; otherwise the kernel's
        browser now has the grace period to connect."""
        if ticket.kernel_id is None:
            self.tickets.pop(ticket.number, None)
        elif ticket.delivered_at is None:
            ticket.delivered_at = now

    def connected(self, kernel_id: str) -> None:
        """A browser opened a websocket to the kernel."""
        for ticket in self.tickets.values():
            if ticket.kernel_id == kernel_id:
                ticket.connected = True
                ticket.connections += 1

    def disconnected(self, kernel_id: str) -> None:
        """One of the kernel's websockets closed."""
        for ticket in self.tickets.values():
            if ticket.kernel_id == kernel_id and ticket.connections > 0:
                ticket.connections -= 1

    def kernel_gone(self, kernel_id: str) -> None:
        """The kernel shut down or died: its place is free."""
        for number in [n for n, t in self.tickets.items() if t.kernel_id == kernel_id]:
            del self.tickets[number]

    def keep_only(self, alive: Iterable[str]) -> None:
        """Forget kernels that are no longer running (one that died is removed without a shutdown call)."""
        alive = set(alive)
        for number in [n for n, t in self.tickets.items() if t.kernel_id is not None and t.kernel_id not in alive]:
            del self.tickets[number]

    def never_connected(self, now: float) -> list[str]:
        """Kernels whose page was delivered longer than the grace period ago and whose browser never connected.

        A kernel whose browser connected once is never listed, even after losing its connection (the idle
        cull decides about those), nor one whose page is still being sent."""
        grace = self.caps.unconnected_grace
        return [t.kernel_id for t in self.tickets.values()
                if t.kernel_id is not None and not t.connected and t.delivered_at is not None
                and now - t.delivered_at >= grace]


def client_address(peer: str, headers: dict[str, str] | None = None,
                   trusted_proxies: Iterable[str] = ()) -> str:
    """The address a request is counted against.

    The connection's own peer address, unless that peer is one of ``trusted_proxies`` (an operator's reverse
    proxy): then the nearest address in ``X-Forwarded-For`` that is not itself a trusted proxy. Nobody else can
    choose the address they are counted under by sending a header.
    """
    trusted = {_normal(p) for p in trusted_proxies}
    peer = _normal(peer)
    if peer not in trusted or not headers:
        return peer
    forwarded = next((v for k, v in headers.items() if k.lower() == "x-forwarded-for"), "")
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        hop = _normal(hop)
        if hop not in trusted:
            return hop
    return peer


def _normal(address: str) -> str:
    """One spelling per address (``::ffff:10.0.0.1`` is ``10.0.0.1``); text that is no address stays as is."""
    try:
        parsed = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address.strip()
    mapped = getattr(parsed, "ipv4_mapped", None)
    return str(mapped or parsed)


_REASONS = {
    "room": ("Every place in the room is taken",
             "This computer already runs as many participants' pages as it can hold ({limit} at a time), so "
             "this one waits until someone closes theirs."),
    "address": ("This device already has its share of pages open",
                "This device (its network address) already holds {limit} orientation pages, the most one device "
                "may keep open at once. Closing a tab you no longer use frees a place for this one. If several "
                "people share one network connection, ask the trainer to raise the limit."),
}


def room_full_page(refusal: Refusal) -> str:
    """The page a refused request gets: why, and a countdown after which it asks again by itself.

    Self-contained (no scripts, styles or fonts from anywhere), so it shows even when the server is at its
    busiest. Readable without JavaScript, which then refreshes through the ``<noscript>`` fallback.
    """
    heading, detail = _REASONS.get(refusal.reason, _REASONS["room"])
    seconds = max(1, int(refusal.retry_seconds))
    detail = html.escape(detail.format(limit=refusal.limit), quote=False)
    return _PAGE.format(heading=html.escape(heading, quote=False), detail=detail, seconds=seconds,
                        reason=html.escape(refusal.reason))


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Waiting for a place - mentoring orientation</title>
<noscript><meta http-equiv="refresh" content="{seconds}"></noscript>
<style>
  body {{ margin: 0; font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
         color: #1d2327; background: #f4f6f8; }}
  main {{ max-width: 36rem; margin: 12vh auto 2rem; padding: 1.5rem 1.75rem; background: #fff;
         border-radius: 8px; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.12); }}
  h1 {{ font-size: 1.45rem; line-height: 1.3; margin: 0 0 0.75rem; }}
  p {{ margin: 0 0 0.9rem; }}
  .mk-next {{ font-weight: 600; }}
  .mk-count {{ font-variant-numeric: tabular-nums; }}
  button {{ font: inherit; padding: 0.35em 1em; margin: 0.25em 0.5em 0 0; border-radius: 4px; cursor: pointer;
           border: 1px solid #1f5f8b; background: #1f5f8b; color: #fff; }}
  button.mk-secondary {{ background: #fff; color: #1f5f8b; }}
  button:focus-visible {{ outline: 3px solid #e0a100; outline-offset: 2px; }}
</style>
</head>
<body data-mk-refusal="{reason}">
<main id="mk-room-full">
  <h1>{heading}</h1>
  <p>{detail}</p>
  <p class="mk-next">This page asks for a place again by itself every {seconds} seconds and opens as soon as one
    is free. <span id="mk-countdown" hidden>Next try in <span class="mk-count" id="mk-seconds">{seconds}</span>
    seconds.</span></p>
  <p>You do not need to do anything, and nothing you have already saved is affected.</p>
  <p id="mk-buttons" hidden>
    <button type="button" id="mk-try-now">Try now</button>
    <button type="button" id="mk-pause" class="mk-secondary">Stop trying</button>
  </p>
  <p id="mk-status" role="status"></p>
</main>
<script>
(function () {{
  'use strict';
  // A little spread, so that a whole queue of refused pages does not ask at the same moment.
  const every = {seconds};
  let left = every + Math.floor(Math.random() * Math.max(1, every / 3));
  let paused = false;
  const count = document.getElementById('mk-seconds');
  const status = document.getElementById('mk-status');
  const pause = document.getElementById('mk-pause');
  document.getElementById('mk-countdown').hidden = false;
  document.getElementById('mk-buttons').hidden = false;
  function tryNow() {{
    status.textContent = 'Asking for a place now...';
    location.reload();
  }}
  document.getElementById('mk-try-now').addEventListener('click', tryNow);
  pause.addEventListener('click', function () {{
    paused = !paused;
    pause.textContent = paused ? 'Start trying again' : 'Stop trying';
    status.textContent = paused ? 'Stopped. This page will not ask again until you start it.' : '';
  }});
  count.textContent = String(left);
  setInterval(function () {{
    if (paused) return;
    left -= 1;
    if (left <= 0) {{ left = every; tryNow(); return; }}
    count.textContent = String(left);
  }}, 1000);
}})();
</script>
</body>
</html>
"""


#: Sent the moment a page request is admitted, before Voilà has a kernel for it (a ready one may still be
#: starting, and without ready kernels one starts now), so the browser never shows a blank. Voilà's page follows
#: in the same response; a browser reads its second ``<!DOCTYPE>``, ``<html>`` and ``<head>`` as no-ops and adds
#: its ``<body>`` attributes to this body. The notice removes itself once Voilà's own loading screen is there.
PREPARING_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
</head>
<body>
<div id="mk-preparing" role="status" style="position:fixed;inset:0;z-index:2000;display:flex;align-items:center;\
justify-content:center;background:#fff;color:#1d2327;font:17px/1.5 system-ui,'Segoe UI',Roboto,sans-serif">
<p style="margin:0;padding:1rem;max-width:30rem;text-align:center">Preparing your page&hellip;
<span id="mk-preparing-wait"></span></p>
</div>
<script>
(function () {
  'use strict';
  const since = Date.now();
  const notice = document.getElementById('mk-preparing');
  const wait = document.getElementById('mk-preparing-wait');
  const timer = setInterval(function () {
    if (document.getElementById('loading') || document.getElementById('rendered_cells')) {
      clearInterval(timer);
      notice.remove();
      return;
    }
    const seconds = Math.round((Date.now() - since) / 1000);
    if (seconds >= 3) {
      wait.textContent = seconds + ' seconds so far. When many people open a page at the same moment this takes '
        + 'longer; it will come.';
    }
  }, 250);
})();
</script>
"""

#: Written into a page whose preparation failed after the notice above was sent (its status can no longer change).
PAGE_NOT_PREPARED = """<div id="mk-page-error" role="alert" style="position:fixed;inset:0;z-index:2001;display:flex;\
align-items:center;justify-content:center;background:#fff;color:#7a0016;font:17px/1.5 system-ui,sans-serif">
<p style="margin:0;padding:1rem;max-width:30rem;text-align:center">This page could not be prepared on the server.
Reload it to try again; if the same happens again, tell the trainer.</p>
</div>
"""
