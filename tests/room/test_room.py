"""A room of ten against one real ``mentoringkit serve``, played at the protocol level (tests/room/room_client.py):
every participant loads the start page, gets a code, moves inside the app to the goals module, on to module 07
and back, and adds a goal at the same moment as the others; one then follows a link straight to module 07;
then everyone leaves. Only correctness is asserted
(all served, no second kernel for anyone while moving between modules, nothing lost, kernels given back), never
time: bench/bench_room.py measures how fast.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))  # the server the browser suites start

from orientation_app import OrientationServer, start_server
from room_client import (
    GOALS,
    HERD,
    Participant,
    add_goal,
    arrive,
    deep_link,
    goal_text,
    goals_missing_on_disk,
    move_to_module,
    type_goal,
)
from server_load import kernel_count, wait_until_settled

pytestmark = pytest.mark.slow

ROOM = 10
#: Bounds only (each wait ends as soon as its condition holds): a page on 2 busy cores shared with other work.
PATIENCE = 240
RECLAIM_BOUND = 180


@dataclass
class Room:
    server: OrientationServer
    idle_kernels: int


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Iterator[Room]:
    """One real server, started as participants start it, settled (its ready kernels started) before anyone comes."""
    try:
        server = start_server(tmp_path_factory.mktemp("room-server"))
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield Room(server, wait_until_settled(server.process.pid, timeout=PATIENCE))
    finally:
        server.stop()


async def play(base_url: str, size: int, root: int,
               idle: int) -> tuple[list[Participant], list[BaseException | None], int]:
    """Everyone arrives (1.5 s apart), moves to module 07 and back to the goals inside the app, types a goal; once
    all have, the server's kernels are counted, then everyone presses Add together, then everyone leaves.
    Returns the participants, what went wrong for each, and the kernels counted while everyone was in."""
    people = [Participant(base_url, n, timeout=PATIENCE) for n in range(size)]
    ready: list[int] = []
    everyone_typed, counted = asyncio.Event(), asyncio.Event()
    kernels_in = [-1]

    async def one(person: Participant) -> None:
        try:
            await asyncio.sleep(person.number * 1.5)
            await arrive(person, patience=PATIENCE)
            await move_to_module(person, HERD)
            await move_to_module(person, GOALS)
            await type_goal(person, goal_text(person.number))
        finally:  # a participant who failed still lets the others go on
            ready.append(person.number)
            if len(ready) == size:
                everyone_typed.set()
        await counted.wait()
        await add_goal(person, goal_text(person.number))
        if person.number == 0:  # a bookmark to module 07 with the code: a page load straight into that module
            await deep_link(person, HERD, patience=PATIENCE)

    async def count_kernels() -> None:
        # Each page kernel is started with its page; the start page's ready kernel is replaced in the background,
        # so the count is read once it has reached what it should be (or after a bound).
        await everyone_typed.wait()
        deadline = time.monotonic() + RECLAIM_BOUND
        while kernel_count(root) != size + idle and time.monotonic() < deadline:
            await asyncio.sleep(1)
        kernels_in[0] = kernel_count(root)
        counted.set()

    counter = asyncio.ensure_future(count_kernels())
    outcomes = await asyncio.gather(*(one(p) for p in people), return_exceptions=True)
    await counter
    await asyncio.gather(*(p.leave() for p in people), return_exceptions=True)
    return people, [o if isinstance(o, BaseException) else None for o in outcomes], kernels_in[0]


def test_a_room_of_ten_moves_inside_the_app_loses_no_goal_and_gives_every_kernel_back(room):
    root = room.server.process.pid
    # In a thread of its own: when the browser suites ran first, Playwright's event loop is the main thread's.
    with concurrent.futures.ThreadPoolExecutor(1) as worker:
        people, problems, kernels_in = worker.submit(
            asyncio.run, play(room.server.base_url, ROOM, root, room.idle_kernels)).result()

    failed = {p.number: repr(problem) for p, problem in zip(people, problems, strict=True) if problem is not None}
    assert not failed, f"participants not served: {failed}\n{room.server.log_tail(3000)}"
    codes = [p.code for p in people]
    assert len(set(codes)) == ROOM, f"personal codes were not all different: {codes}"
    assert kernels_in == ROOM + room.idle_kernels, (
        f"{kernels_in} kernels while all {ROOM} participants were in, after moving between modules; one each "
        f"plus {room.idle_kernels} ready was expected")
    missing = goals_missing_on_disk(room.server.data_dir, {p.code: [goal_text(p.number)] for p in people})
    assert not missing, f"goals the page said were added but no workbook holds: {missing}"

    deadline = time.monotonic() + RECLAIM_BOUND
    while kernel_count(root) > room.idle_kernels and time.monotonic() < deadline:
        time.sleep(1)
    assert kernel_count(root) <= room.idle_kernels, (
        f"{kernel_count(root)} kernels {RECLAIM_BOUND} s after everyone left; {room.idle_kernels} before anyone "
        "came")
