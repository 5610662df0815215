"""Admission to a served room: the caps' arithmetic and ledger as plain functions, then a real ``mentoringkit serve``
with small caps, visited over HTTP from distinct loopback addresses (127.0.0.x reaches this machine's own
server), and one refused page in Chromium that lets itself in once a place is free."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from processes import free_port, stop_group, wait_for_line

from mentoringkit import serve
from mentoringkit.app import admission
from mentoringkit.app.voila_admission import admission_arguments, split_arguments
from tests.browser.orientation_app import CHROMIUM, CHROMIUM_ARGS, leaves_this_computer, page_problems, wait_for_app

MEMINFO = "MemTotal:       24684092 kB\nMemFree:        17072448 kB\nMemAvailable:    8388608 kB\n"


# -- the arithmetic -------------------------------------------------------------------------------------------


def test_meminfo_is_read_in_mib():
    assert admission.read_meminfo(MEMINFO) == admission.MemoryFigures(total_mib=24105, available_mib=8192)
    # Old kernels have no MemAvailable: the total stands in for it.
    assert admission.read_meminfo("MemTotal: 2097152 kB\n") == admission.MemoryFigures(2048, 2048)
    assert admission.read_meminfo("nothing useful\n") is None
    assert admission.read_meminfo() is not None  # this machine's own /proc/meminfo


def test_the_participant_cap_is_the_available_memory_left_after_the_reserve_and_the_ready_kernels():
    places, why = admission.default_max_participants(admission.read_meminfo(MEMINFO), ready_kernels=3)
    assert places == (8192 - 1024 - 3 * 90) // 100 == 68
    assert "8192 MiB available" in why and "270 MiB for 3 ready kernels" in why and "100 MiB per participant" in why
    memory = admission.read_meminfo(MEMINFO)
    assert admission.default_max_participants(memory, ready_kernels=0)[0] == (8192 - 1024) // 100
    # A machine short of memory still lets one person in; an unknown one is planned at 4 GiB.
    assert admission.default_max_participants(admission.MemoryFigures(1024, 900), ready_kernels=10)[0] == 1
    assert admission.default_max_participants(None)[0] == (4096 - 1024) // 100


def test_the_cores_cap_the_room_where_memory_would_let_in_more_than_they_serve():
    memory = admission.read_meminfo(MEMINFO)  # 8192 MiB available: memory alone holds 70
    places, why = admission.default_max_participants(memory, ready_kernels=1, cores=2)
    assert places == 2 * admission.PARTICIPANTS_PER_CORE == 32  # a room of 30, the trainer and a reload
    assert why.startswith("2 CPU cores at 16 participants each") and "memory would hold 70" in why
    # Where memory is the tighter limit, it still decides, and the cores are named as the looser one.
    places, why = admission.default_max_participants(admission.MemoryFigures(4096, 2048), cores=8)
    assert places == (2048 - 1024) // 100 and "8 CPU cores would serve 128" in why
    assert admission.default_max_participants(memory, cores=1)[1].startswith("1 CPU core at")
    assert admission.default_max_participants(memory, cores=0)[0] == admission.PARTICIPANTS_PER_CORE
    assert admission.usable_cores() >= 1


def test_serve_passes_its_caps_to_the_server_it_starts():
    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    args = parser.parse_args(["--max-participants", "3", "--max-per-address", "2", "--trusted-proxy", "10.0.0.9"])
    cmd = serve.voila_command(args, Path("/nb"))
    caps, proxies, rest = split_arguments(cmd[4:])
    assert caps == admission.Caps(3, 2) and proxies == ("10.0.0.9",)
    assert not [a for a in rest if a.startswith("--mk-")] and "--port=8866" in rest  # Voilà sees only its own
    # By default the cap comes from this computer's memory and cores; the per-address cap is a few pages.
    default = parser.parse_args([])
    caps, source = serve.room_caps(default)
    assert 1 <= caps.max_participants <= admission.usable_cores() * admission.PARTICIPANTS_PER_CORE
    assert caps.max_per_address == 4 and "MiB available" in source and "CPU core" in source
    assert split_arguments(admission_arguments(admission.Caps(7, 0, 20, 45.0)))[0] == admission.Caps(7, 0, 20, 45.0)


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--max-participants", "0", "--max-participants must be 1 or more"),
    ("--max-per-address", "-1", "--max-per-address must be 0 (no limit) or more"),
])
def test_caps_that_would_admit_nobody_are_refused(flag, value, message, capsys):
    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    assert serve.run(parser.parse_args([flag, value, "--no-browser", "--port", str(free_port())])) == 2
    assert message in capsys.readouterr().err


# -- the ledger -----------------------------------------------------------------------------------------------


def started(room: admission.Room, address: str, kernel_id: str, now: float = 0.0) -> admission.Ticket:
    ticket = room.admit(address, now)
    assert isinstance(ticket, admission.Ticket), ticket
    room.kernel_started(ticket, kernel_id)
    room.request_over(ticket, now)
    return ticket


def test_places_run_out_per_address_then_for_the_room():
    room = admission.Room(admission.Caps(max_participants=3, max_per_address=2, retry_seconds=15))
    started(room, "10.0.0.1", "k1")
    started(room, "10.0.0.1", "k2")
    assert room.admit("10.0.0.1", 0) == admission.Refusal("address", 2, 15)
    started(room, "10.0.0.2", "k3")
    assert room.admit("10.0.0.3", 0) == admission.Refusal("room", 3, 15)
    assert room.admit("10.0.0.1", 0).reason == "address"  # the nearer limit is the one named
    # The trainer's pages take no participant's place.
    assert isinstance(room.admit("10.0.0.1", 0, counted=False), admission.Ticket)
    assert room.participants() == 3
    room.kernel_gone("k3")
    assert isinstance(room.admit("10.0.0.3", 0), admission.Ticket)


def test_a_request_that_started_no_kernel_gives_its_place_back():
    room = admission.Room(admission.Caps(max_participants=1, max_per_address=1))
    ticket = room.admit("10.0.0.1", 0)
    assert room.admit("10.0.0.2", 0).reason == "room"  # taken while its kernel starts
    room.request_over(ticket, 1)  # a 404, a redirect, an error before any kernel
    assert isinstance(room.admit("10.0.0.2", 1), admission.Ticket)


def test_a_page_whose_connections_all_closed_frees_its_device_but_not_the_room():
    room = admission.Room(admission.Caps(max_participants=3, max_per_address=1))
    started(room, "10.0.0.1", "k1")
    assert room.admit("10.0.0.1", 0).reason == "address"  # opening: it counts
    room.connected("k1")
    room.connected("k1")  # the page's widgets and its connection watcher
    room.disconnected("k1")
    assert room.admit("10.0.0.1", 0).reason == "address"  # still open in its tab
    room.disconnected("k1")
    assert room.held_by("10.0.0.1") == 0 and room.participants() == 1
    # The tab is gone; its kernel waits for the idle cull.
    assert isinstance(room.admit("10.0.0.1", 0), admission.Ticket)


def test_only_kernels_whose_browser_never_connected_are_swept_and_only_after_the_grace():
    room = admission.Room(admission.Caps(max_participants=10, max_per_address=10, unconnected_grace=30))
    started(room, "a", "never", now=100)
    started(room, "a", "lost", now=100)
    room.connected("lost")
    room.disconnected("lost")
    started(room, "b", "open", now=100)
    room.connected("open")
    sending = room.admit("c", 100)
    room.kernel_started(sending, "still-sending")  # its page is still being sent: the browser cannot connect yet
    assert room.never_connected(now=129) == []
    assert room.never_connected(now=130) == ["never"]
    assert room.never_connected(now=10_000) == ["never"]
    room.kernel_gone("never")
    assert room.never_connected(now=10_000) == []
    room.keep_only(["open", "still-sending"])  # "lost" died without a shutdown call
    assert sorted(t.kernel_id for t in room.tickets.values()) == ["open", "still-sending"]


def test_the_address_is_the_connections_own_unless_it_comes_from_a_proxy_the_operator_named():
    forwarded = {"X-Forwarded-For": "203.0.113.7, 10.0.0.5"}
    assert admission.client_address("192.0.2.10", forwarded) == "192.0.2.10"  # nobody else can pick their address
    assert admission.client_address("192.0.2.10", forwarded, trusted_proxies=["10.0.0.9"]) == "192.0.2.10"
    assert admission.client_address("10.0.0.9", forwarded, trusted_proxies=["10.0.0.9"]) == "10.0.0.5"
    assert admission.client_address("10.0.0.9", forwarded, trusted_proxies=["10.0.0.9", "10.0.0.5"]) == "203.0.113.7"
    assert admission.client_address("10.0.0.9", {}, trusted_proxies=["10.0.0.9"]) == "10.0.0.9"
    assert admission.client_address("::ffff:10.0.0.1") == "10.0.0.1"  # one device, one spelling
    assert admission.client_address("[::1]") == "::1"


@pytest.mark.parametrize(("reason", "says"), [
    ("room", "as many participants' pages as it can hold (3 at a time)"),
    ("address", "already holds 2 orientation pages"),
])
def test_the_room_full_page_says_why_and_asks_again_by_itself(reason, says):
    page = admission.room_full_page(admission.Refusal(reason, 3 if reason == "room" else 2, 15))
    assert says in page and f'data-mk-refusal="{reason}"' in page
    assert "asks for a place again by itself every 15 seconds" in page
    assert '<noscript><meta http-equiv="refresh" content="15"></noscript>' in page  # without JavaScript too
    assert "location.reload()" in page and 'id="mk-seconds"' in page
    assert not re.search(r"(src|href)=|url\(|//[a-z]", page)  # nothing loaded from anywhere


# -- a real server --------------------------------------------------------------------------------------------


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    output: list[str]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_serve(tmp_path: Path, *options: str) -> Server:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mentoringkit", "serve", "--no-browser", "--port", str(port),
         "--data-dir", str(tmp_path / "data"), *options],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={k: v for k, v in os.environ.items() if k != "MENTORINGKIT_CONTENT"})
    lines: list[str] = []
    ready = wait_for_line(proc, r"The orientation is ready", 300, lines)
    if ready is None:
        stop_group(proc)
        pytest.fail(f"serve did not get ready; exit {proc.poll()}:\n{''.join(lines)[-4000:]}", pytrace=False)
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()  # a full pipe would stall it
    return Server(port, proc, lines)


@dataclass
class Visit:
    status: int
    headers: dict[str, str]
    body: str
    cookies: str

    @property
    def kernel_id(self) -> str | None:
        found = re.search(r'"kernelId": "([0-9a-f-]{36})"', self.body)
        return found.group(1) if found else None


def get_page(server: Server, source: str, notebook: str = "01_what_is_mentoring.ipynb") -> Visit:
    """A page request as a device at ``source`` (a 127.0.0.x address) makes it."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=240, source_address=(source, 0))
    try:
        connection.request("GET", f"/voila/render/{notebook}")
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        cookies = "; ".join(v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie")
        return Visit(response.status, {k.lower(): v for k, v in response.getheaders()}, body, cookies)
    finally:
        connection.close()


def kernel_exists(server: Server, kernel_id: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request("GET", f"/api/kernels/{kernel_id}")
        status = connection.getresponse().status
    finally:
        connection.close()
    assert status in (200, 404), status
    return status == 200


def connect_like_a_page(server: Server, source: str, visit: Visit):
    """Open the page's kernel websocket from ``source`` with the page's cookies, as its browser does, and see the
    kernel answer."""
    import websocket

    sock = socket.create_connection(("127.0.0.1", server.port), timeout=60, source_address=(source, 0))
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/kernels/{visit.kernel_id}/channels?session_id=test-{source}",
        socket=sock, cookie=visit.cookies, origin=server.base, timeout=60)
    ws.send(json.dumps({"header": {"msg_id": "info-1", "msg_type": "kernel_info_request", "username": "",
                                   "session": f"test-{source}", "date": "", "version": "5.3"},
                        "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell", "buffers": []}))
    while json.loads(ws.recv()).get("msg_type") != "kernel_info_reply":
        pass
    return ws


def kernel_processes(pid: int) -> int:
    """Python kernels started under ``pid`` (serve, through Voilà)."""
    parents, commands = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            commands[int(stat.parent.name)] = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue

    def under(p: int) -> bool:
        while p > 1:
            p = parents.get(p, 0)
            if p == pid:
                return True
        return False

    return sum(1 for p, cmd in commands.items() if b"ipykernel" in cmd and under(p))


def wait_until(condition, timeout: float, every: float = 2.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


@pytest.mark.slow
def test_a_room_admits_up_to_its_caps_sweeps_unconnected_kernels_and_lets_a_waiting_device_in(tmp_path):
    server = start_serve(tmp_path, "--max-participants", "3", "--max-per-address", "2")
    try:
        out = "".join(server.output)
        assert "Room: at most 3 participants' pages at once, 2 per device" in out
        assert "set with --max-participants" in out
        pages = 1
        # serve's ready kernel (the start page's only: modules open inside it) settles after its start check.
        assert wait_until(lambda: kernel_processes(server.process.pid) == pages, 240), kernel_processes(
            server.process.pid)

        never = get_page(server, "127.0.0.2")  # fetched, never connected: a plain GET, a tab closed at once
        lost = get_page(server, "127.0.0.2")  # connected once, then its connection dropped
        kept = get_page(server, "127.0.0.3")  # connected, and stays so
        assert [v.status for v in (never, lost, kept)] == [200, 200, 200]
        assert all(v.kernel_id for v in (never, lost, kept))
        # Every admitted page starts with the notice a browser shows until Voilà's loading screen is there.
        assert all(v.body.startswith("<!DOCTYPE html>") and "Preparing your page" in v.body[:1500]
                   for v in (never, lost, kept))
        lost_socket = connect_like_a_page(server, "127.0.0.2", lost)
        kept_socket = connect_like_a_page(server, "127.0.0.3", kept)
        swept_by = time.monotonic() + 45 + 2 * 10  # grace, plus two sweeps

        # The device at .2 holds two pages open; a fourth device finds every place taken.
        same_device = get_page(server, "127.0.0.2")
        assert same_device.status == 503 and same_device.headers["x-mentoringkit-refusal"] == "address"
        assert same_device.headers["retry-after"] == "15" and "already holds 2 orientation pages" in same_device.body
        full = get_page(server, "127.0.0.4")
        assert full.status == 503 and full.headers["x-mentoringkit-refusal"] == "room"
        assert full.headers["content-type"].startswith("text/html") and full.headers["cache-control"] == "no-store"
        assert "as it can hold (3 at a time)" in full.body and full.kernel_id is None
        lost_socket.close()  # its tab is gone: the idle cull, not the sweep, decides about this kernel
        # The trainer's pages take no participant's place, so a full room never shuts the trainer out.
        key = re.search(r"trainer\.ipynb\?key=([\w-]+)", "".join(server.output)).group(1)
        trainer = get_page(server, "127.0.0.4", f"projector.ipynb?key={key}")
        assert trainer.status == 200 and trainer.kernel_id

        # The kernel no browser connected to is shut down within a minute; the others stay.
        assert wait_until(lambda: not kernel_exists(server, never.kernel_id), 90), "the unconnected kernel stayed"
        wait_until(lambda: time.monotonic() > swept_by, 60)
        assert kernel_exists(server, lost.kernel_id) and kernel_exists(server, kept.kernel_id)
        # Nor was any ready kernel touched: the pool is whole again beside the two participants.
        assert wait_until(lambda: kernel_processes(server.process.pid) == pages + 2, 120), kernel_processes(
            server.process.pid)

        # The waiting device asks again as Retry-After says, and gets in now that a place is free.
        retry = int(full.headers["retry-after"])
        attempts = [full]
        while attempts[-1].status == 503 and len(attempts) < 6:
            time.sleep(retry)
            attempts.append(get_page(server, "127.0.0.4"))
        assert attempts[-1].status == 200 and attempts[-1].kernel_id, [a.status for a in attempts]
        kept_socket.close()
    finally:
        stop_group(server.process)


@pytest.mark.browser
@pytest.mark.slow
def test_a_refused_browser_reads_why_and_gets_in_by_itself_once_a_place_frees(tmp_path, playwright_driver):
    from axe_playwright_python.sync_playwright import Axe

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's browser with `apt-get install -y chromium`")
    server = start_serve(tmp_path, "--max-participants", "1", "--ready-kernels", "0")
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        # Another device takes the only place with a plain GET: its kernel is swept within a minute.
        taken = get_page(server, "127.0.0.2", "02_four_components.ipynb")
        assert taken.status == 200
        url = f"{server.base}/voila/render/01_what_is_mentoring.ipynb?code=kite-2222-3333-4444"
        page = browser.new_page(viewport={"width": 390, "height": 800})
        elsewhere: list[str] = []
        page.on("request", lambda r: elsewhere.append(r.url) if leaves_this_computer(r.url) else None)
        assert page.goto(url, timeout=120_000).status == 503
        assert page.get_by_role("heading", level=1).inner_text() == "Every place in the room is taken"
        text = page.locator("main").inner_text()
        assert "asks for a place again by itself every 15 seconds" in text
        assert re.search(r"Next try in \d+ seconds", text), text
        assert [v["id"] for v in Axe().run(page).response["violations"]] == []
        page.screenshot(path=str(tmp_path / "room_full.png"))
        # Nothing is touched from here on: the page asks again by itself and, once the unconnected kernel is
        # gone, becomes the module page, drawn and healthy, at the address it was opened with.
        page.locator("#rendered_cells").wait_for(state="attached", timeout=180_000)
        wait_for_app(page)
        assert page.url == url and page_problems(page) == []
        assert page.locator("#mk-preparing").count() == 0  # the "preparing" notice made way for the page
        assert not kernel_exists(server, taken.kernel_id) and elsewhere == []
        page.goto("about:blank")
    finally:
        browser.close()
        stop_group(server.process)
