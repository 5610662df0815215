"""Never lose a change: two tabs and two pages of one participant at once, a dropped network, a killed kernel,
a restarted server, and pages that free their kernels when closed. Real server, real Chromium, xsrf on."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest
from orientation_app import Participant, start_server, wait_for_app
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_journey import AGREEMENT, GOALS, START, get_code, goals_section, type_into, wait_until_saved, workbook_of

from mentoringkit.app.admission import DEFAULT_MAX_PER_ADDRESS
from mentoringkit.storage import WorkbookStore, save_workbook
from mentoringkit.store.lock import locked
from mentoringkit.workbook import Profile, Workbook

pytestmark = pytest.mark.browser

LOG = "08_log_and_progress.ipynb"
ROUNDS = 20
BANNER_SECONDS = 5


def new_code(server, name: str = "Two Tabs", role: str = "mentee") -> str:
    """A participant who already has a code and a workbook (as the start page would leave them)."""
    store = WorkbookStore(server.data_dir / "workbooks")
    code = store.new_code()
    save_workbook(Workbook(profile=Profile(name=name, role=role)), store.path_for(code))  # type: ignore[arg-type]
    return code


def second_tab(person: Participant):
    page = person.context.new_page()
    return page


def open_in(page, server, notebook: str, **query: str):
    page.goto(server.url(notebook, **query), wait_until="commit", timeout=90_000)
    wait_for_app(page)
    if notebook == GOALS:  # the goals page shows one section at a time: these tests work on the plan
        goals_section(page, 4, "Your development plan")
    if notebook == LOG:  # and so does the log page: these tests work on the checklist
        goals_section(page, 2, "Tasks by phase", of=3)
        checklist_boxes(page).first.wait_for(timeout=60_000)  # drawn a moment after the section's label
    return page


#: Counts, in a page, the clicks on "Add a row" (and those on a disabled one) and every change of its connection state.
_SPY = """() => {
  window.mkSpy = {addClicks: 0, disabledAddClicks: 0, connection: []};
  document.addEventListener('click', e => {
    const b = e.target.closest('button');
    if (b && b.textContent.includes('Add a row')) { mkSpy.addClicks++; if (b.disabled) mkSpy.disabledAddClicks++; }
  }, true);
  new MutationObserver(() => mkSpy.connection.push(document.body.dataset.mkConnection))
    .observe(document.body, {attributes: true, attributeFilter: ['data-mk-connection']});
}"""

#: What a page saw, and whether it shows the kit's own message for something it could not handle.
_SPIED = "() => ({...window.mkSpy, unhandled: document.body.innerText.includes('could not be handled')})"


def checklist_boxes(page):
    return page.locator(".mk-phase-checklist input[type=checkbox], .widget-checkbox input[type=checkbox]")


def add_row_button(page):
    return page.get_by_role("button", name="Add a row")


def add_a_row(page) -> int:
    """Click "Add a row" until the page has received the click; returns how many clicks missed it.

    The row a click adds appears above the button and pushes it down. When it appears between the pointer
    going down and coming up (the previous click's row, or the other tab's), the pointer comes up beside the
    button and the browser makes no click of it: nothing was sent to the kit, and the participant would
    click again. The page's own count of the clicks it received (``_SPY``) says whether that happened, and
    every click the page did receive must be saved."""
    received = page.evaluate("mkSpy.addClicks")
    for missed in range(10):
        add_row_button(page).click(no_wait_after=True)
        if page.evaluate("mkSpy.addClicks") > received:
            return missed
    pytest.fail(f"ten clicks in a row never reached the 'Add a row' button (it kept moving): {page.evaluate(_SPIED)}")


# -- two tabs, two pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [(GOALS, GOALS), (LOG, LOG), (GOALS, LOG)],
                         ids=["06+06", "08+08", "06+08"])
def test_two_tabs_of_one_code_adding_at_once_lose_nothing(participant, server, first, second):
    code = new_code(server)
    tabs = [open_in(participant.page, server, first, code=code),
            open_in(second_tab(participant), server, second, code=code)]
    for tab in tabs:  # what each page itself saw, for the failure message: clicks on "Add a row", lost states
        tab.evaluate(_SPY)
    expected_rows, expected_ticks, missed = 0, set(), 0
    for i in range(ROUNDS):
        # Both tabs act before either is waited on: their kernels save at the same moment.
        for which, (tab, notebook) in enumerate(zip(tabs, (first, second), strict=True)):
            if notebook == GOALS:
                missed += add_a_row(tab)
                expected_rows += 1
            else:
                index = i + which * ROUNDS  # each tab ticks tasks of its own, so both sets must survive
                checklist_boxes(tab).nth(index).check(no_wait_after=True)
                expected_ticks.add(index)
    saved = wait_until_saved(server, code, lambda wb: len(wb.plan) == expected_rows
                             and len(wb.checklist) == len(expected_ticks),
                             f"{expected_rows} plan rows and {len(expected_ticks)} ticks", timeout=240,
                             found=lambda wb: f"{len(wb.plan)} plan rows, ticks {sorted(wb.checklist)}; pages saw "
                                              f"{[tab.evaluate(_SPIED) for tab in tabs]}; {missed} clicks "
                                              "missed the moving button and were made again")
    assert len({row.id for row in saved.plan}) == expected_rows
    print(f"{missed} clicks missed the moving 'Add a row' button and were made again")  # shown with -rP
    # A fresh page shows everything both tabs did.
    tabs[1].goto("about:blank")
    fresh = open_in(participant.page, server, GOALS if expected_rows else LOG, code=code)
    if expected_rows:
        try:
            fresh.get_by_role("heading", name=f"Row {expected_rows}", exact=True).wait_for(timeout=120_000)
        except PlaywrightTimeout:
            rows = [t for t in fresh.locator("h3").all_inner_texts() if t.startswith("Row ")]
            shown = fresh.get_by_text(re.compile(r"^Section \d of \d")).all_inner_texts()
            pytest.fail(f"a fresh page never showed Row {expected_rows}: it shows {len(rows)} rows "
                        f"({rows[-3:]}), {shown}; saved: {len(workbook_of(server, code).plan)} rows", pytrace=False)
    else:
        # The section's label shows before its boxes are drawn: wait for them, then count the ticked ones.
        checklist_boxes(fresh).nth(max(expected_ticks)).wait_for(timeout=60_000)
        ticked = checklist_boxes(fresh).evaluate_all("boxes => boxes.filter(b => b.checked).length")
        assert ticked == len(expected_ticks)


def test_start_page_and_agreement_in_two_tabs_keep_both_and_report_a_real_collision(participant, server):
    start = participant.open(START)
    code = get_code(start)
    agreement = open_in(second_tab(participant), server, AGREEMENT, code=code)
    for i in range(ROUNDS):
        # Different parts of the workbook, typed at once in the two tabs.
        type_into(start, "Your name", f"Robin {i}")
        type_into(agreement, "Where or how you meet", f"Room {i}")
    wait_until_saved(server, code, lambda wb: (wb.profile.name, wb.agreement.schedule.location)
                     == (f"Robin {ROUNDS - 1}", f"Room {ROUNDS - 1}"), "both tabs' last values", timeout=60)

    # A real collision: the same field typed in two tabs of 07 before either has seen the other's text. Which
    # kernel saves last is up to the machine; the page whose text was replaced must say so, the other must not.
    other = open_in(participant.context.new_page(), server, AGREEMENT, code=code)
    field = "How we will keep the mentoring log"
    for attempt in range(4):
        texts = {"first": f"A shared notebook {attempt}", "second": f"A spreadsheet {attempt}"}
        agreement.get_by_label(field, exact=True).fill(texts["first"])
        other.get_by_label(field, exact=True).fill(texts["second"])
        pages = {"first": agreement, "second": other}
        loser = None
        deadline = time.monotonic() + 15
        while loser is None and time.monotonic() < deadline:  # the page told is the one whose text was replaced
            loser = next((k for k, pg in pages.items()
                          if pg.get_by_text("was replaced by a later change made in another tab").count()), None)
            time.sleep(0.5)
        if loser is None:  # one tab had already taken the other's text in: no collision this time
            continue
        winner = "second" if loser == "first" else "first"
        text = pages[loser].get_by_text("was replaced by a later change made in another tab").first.inner_text()
        assert texts[loser] in text and texts[winner] in text
        wait_until_saved(server, code, lambda wb, t=texts[winner]: wb.agreement.log_method == t, "the later text")
        assert pages[winner].get_by_text("was replaced by a later change").count() == 0  # the winner is not told
        break
    else:
        pytest.fail("two tabs typing the same field at once never reported the collision on the page that lost")


def test_a_page_shows_what_another_tab_added_without_a_reload(participant, server):
    code = new_code(server)
    watching = open_in(participant.page, server, GOALS, code=code)
    adding = open_in(second_tab(participant), server, GOALS, code=code)
    add_row_button(adding).click()
    # Within a few seconds, with no reload, the first tab has the row too.
    watching.get_by_role("heading", name="Row 1", exact=True).wait_for(timeout=10_000)


# -- a page never fails silently --------------------------------------------------------------------


def banner(page):
    return page.locator("#mk-connection")


def wait_for_banner(page) -> float:
    started = time.monotonic()
    page.wait_for_function("document.body.dataset.mkConnection === 'lost'", timeout=BANNER_SECONDS * 1000 + 2000)
    took = time.monotonic() - started
    assert banner(page).is_visible() and banner(page).get_attribute("role") == "alert"
    return took


def test_a_busy_page_is_not_called_lost_and_its_click_is_kept(participant, server):
    # A save waiting for another writer's lock keeps the page's kernel busy for seconds (a slow disk, a big
    # save in another tab). That is not a lost connection: no banner, no frozen buttons, and the click counts.
    code = new_code(server)
    page = open_in(participant.page, server, GOALS, code=code)
    workbook = WorkbookStore(server.data_dir / "workbooks").path_for(code)
    held = threading.Event()

    def hold_the_lock() -> None:
        with locked(workbook):
            held.set()
            time.sleep(BANNER_SECONDS + 3)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    held.wait(10)
    add_row_button(page).click()
    states = []
    deadline = time.monotonic() + BANNER_SECONDS + 2
    while time.monotonic() < deadline:
        states.append(page.evaluate("document.body.dataset.mkConnection"))
        time.sleep(0.25)
    holder.join()
    assert "lost" not in states, f"the banner showed while the kernel was only busy: {states}"
    wait_until_saved(server, code, lambda wb: len(wb.plan) == 1, "the row added while the kernel was busy",
                     found=lambda wb: f"{len(wb.plan)} rows")
    assert add_row_button(page).is_enabled()


def test_a_dropped_network_shows_the_banner_freezes_input_and_recovers(participant, server):
    code = new_code(server)
    page = open_in(participant.page, server, AGREEMENT, code=code)
    type_into(page, "Where or how you meet", "Library, room 2")
    wait_until_saved(server, code, lambda wb: wb.agreement.schedule.location == "Library, room 2", "the place")
    participant.context.set_offline(True)
    try:
        assert wait_for_banner(page) <= BANNER_SECONDS + 1
        box = page.get_by_label("Where or how you meet", exact=True)
        assert box.get_attribute("readonly") is not None and box.input_value() == "Library, room 2"
        assert page.get_by_text("Saved:").count() == 0
    finally:
        participant.context.set_offline(False)
    page.wait_for_function("document.body.dataset.mkConnection === 'ok'", timeout=20_000)
    assert not banner(page).is_visible()
    type_into(page, "Where or how you meet", "Library, room 3")  # typing works again, and is saved
    wait_until_saved(server, code, lambda wb: wb.agreement.schedule.location == "Library, room 3", "the new place")


def _kernel_pid(server, kernel_id: str) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if kernel_id in cmd and "ipykernel" in cmd:
                return int(entry.name)
    pytest.fail(f"no process for kernel {kernel_id}")


def test_a_killed_kernel_shows_the_banner_and_a_reload_brings_back_everything_saved(participant, server):
    code = new_code(server)
    page = open_in(participant.page, server, AGREEMENT, code=code)
    type_into(page, "Where or how you meet", "Cafe by the lab")
    wait_until_saved(server, code, lambda wb: wb.agreement.schedule.location == "Cafe by the lab", "the place")
    kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    os.kill(_kernel_pid(server, kernel_id), signal.SIGKILL)
    assert wait_for_banner(page) <= BANNER_SECONDS + 1
    assert "Reload" in banner(page).inner_text()
    # Nothing typed now can be taken for saved: the box is read-only and no "Saved" appears.
    assert page.get_by_label("Where or how you meet", exact=True).get_attribute("readonly") is not None
    assert page.get_by_text("Saved:").count() == 0
    page.get_by_role("button", name="Reload the page").click()
    wait_for_app(page)
    assert page.get_by_label("Where or how you meet", exact=True).input_value() == "Cafe by the lab"


def test_a_restarted_server_shows_the_banner_and_keeps_every_code(chromium, tmp_path):
    first = start_server(tmp_path)
    port = int(first.base_url.rsplit(":", 1)[1])
    person = Participant(chromium, first)
    try:
        page = person.open(START)
        code = get_code(page)
        type_into(page, "Your name", "Sam Restart")
        wait_until_saved(first, code, lambda wb: wb.profile.name == "Sam Restart", "the name")
        first.stop()
        assert wait_for_banner(page) <= BANNER_SECONDS + 1
        second = start_server(tmp_path, port=port)
        try:
            person.server = second
            page.get_by_role("button", name="Reload the page").click()
            wait_for_app(page)
            assert page.locator(".mk-code").inner_text().strip() == code
            assert page.get_by_label("Your name", exact=True).input_value() == "Sam Restart"
            assert workbook_of(second, code).profile.name == "Sam Restart"
        finally:
            person.close()
            second.stop()
    finally:
        first.stop()


# -- closed pages free their kernels ------------------------------------------------------------------


def kernels_of(server) -> int:
    """Kernel processes started by this server (descendants of its process; kernels get sessions of their own)."""
    parents: dict[int, int] = {}
    commands: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])

    def descends(pid: int) -> bool:
        while pid > 1:
            if pid == server.process.pid:
                return True
            pid = parents.get(pid, 0)
        return False

    return sum(1 for pid, cmd in commands.items() if b"ipykernel" in cmd and descends(pid))


def test_closed_pages_free_their_kernels_at_once(new_participant, server):
    deadline = time.monotonic() + 60
    idle = kernels_of(server)
    while time.monotonic() < deadline:  # the ready pool settles after earlier tests
        time.sleep(2)
        now = kernels_of(server)
        if now == idle:
            break
        idle = now
    # As many pages at once as one device may hold (serve's --max-per-address): this Chromium is one device.
    people = [new_participant() for _ in range(DEFAULT_MAX_PER_ADDRESS)]
    for person in people:
        person.page.goto(server.url(START), wait_until="commit", timeout=90_000)
    for person in people:
        wait_for_app(person.page)
    assert kernels_of(server) >= idle + len(people) - 1  # each open page has a kernel of its own
    for person in people:
        person.close()
    deadline = time.monotonic() + 30
    while kernels_of(server) > idle and time.monotonic() < deadline:
        time.sleep(1)
    assert kernels_of(server) <= idle, (f"{kernels_of(server)} kernels 30 s after {len(people)} pages closed; "
                                        f"the ready pool is {idle}")
