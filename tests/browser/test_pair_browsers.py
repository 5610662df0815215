"""The partnership in real browsers: a mentor and a mentee (two browser contexts, each with its own personal
code) pair through an invitation, sign one agreement each in their own session, see the other's changes, and
write to one log at the same moment; a third person's guessed, expired or used invitation is refused; and
neither partner's private reflection reaches the other's pages or files. Real server, real Chromium, xsrf on.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from orientation_app import page_problems, wait_for_app
from test_journey import AGREEMENT, START, type_into
from test_never_lose import LOG

from mentoringkit.model.partnership import Partner, Partnership
from mentoringkit.storage import WorkbookStore, save_workbook
from mentoringkit.store.partnership import PartnershipFiles
from mentoringkit.workbook import Profile, Reflection, Workbook

pytestmark = pytest.mark.browser

MENTOR_SECRET = "MENTOR-PRIVATE-4q7z"
MENTEE_SECRET = "MENTEE-PRIVATE-9k2w"
SEEN_WITHIN = 30_000  # ms: the watcher checks every 2 s; a loaded machine gets some slack


def person_with_code(server, name: str, role: str, secret: str = "") -> str:
    """Someone who already has a code and a private reflection (as earlier modules would leave them)."""
    store = WorkbookStore(server.data_dir / "workbooks")
    code = store.new_code()
    workbook = Workbook(profile=Profile(name=name, role=role))  # type: ignore[arg-type]
    if secret:
        workbook.reflections["module:what-is-mentoring"] = Reflection(text=f"{secret} what I really think")
    save_workbook(workbook, store.path_for(code))
    return code


def open_page(person, server, notebook: str, **query: str):
    page = person.page
    page.goto(server.url(notebook, **query), wait_until="commit", timeout=90_000)
    wait_for_app(page)
    return page


def refused(page, typed: str, words: str) -> None:
    type_into(page, "Invitation from your partner", typed)
    page.get_by_role("button", name="Join my partner").click()
    page.get_by_text(re.compile(words)).first.wait_for(timeout=SEEN_WITHIN)


def usable(page) -> None:
    """No error on the page, and axe finds nothing (the paired parts of pages are new to the app suites)."""
    from axe_playwright_python.sync_playwright import Axe
    from test_accessibility import describe

    assert not page_problems(page)
    violations = Axe().run(page).response["violations"]
    assert not violations, describe(violations)


def files_text(server) -> dict[str, str]:
    return {str(p.relative_to(server.data_dir)): p.read_text(encoding="utf-8", errors="replace")
            for p in server.data_dir.rglob("*.json") if p.is_file()}


def test_a_mentor_and_a_mentee_pair_sign_and_log_together(new_participant, server):
    mentor_code = person_with_code(server, "Ada Mentor", "mentor", MENTOR_SECRET)
    mentee_code = person_with_code(server, "Sam Mentee", "mentee", MENTEE_SECRET)
    mentor, mentee, third = new_participant(), new_participant(), new_participant()

    # -- pairing through an invitation ----------------------------------------------------------
    page = open_page(mentor, server, START, code=mentor_code)
    page.get_by_role("button", name="Invite my partner").click()
    invitation = page.locator(".mk-invitation").inner_text(timeout=SEEN_WITHIN).strip()
    assert re.fullmatch(r"pair(-[a-z0-9]{4}){3}", invitation)
    link = page.locator(".mk-invitation-link").get_attribute("href")
    assert f"invite={invitation}" in link and mentor_code not in link

    page = open_page(mentee, server, START, code=mentee_code, invite=invitation)
    assert page.get_by_label("Invitation from your partner", exact=True).input_value() == invitation
    page.get_by_role("button", name="Join my partner").click()
    page.get_by_text("You are the mentee, paired with Ada Mentor (mentor).").first.wait_for(timeout=SEEN_WITHIN)
    mentor.page.get_by_text("You are the mentor, paired with Sam Mentee (mentee).").first.wait_for(timeout=SEEN_WITHIN)
    usable(mentor.page)

    # -- a third person: guessed, used and expired invitations are refused -------------------------
    third_code = person_with_code(server, "Eve Third", "mentee")
    page = open_page(third, server, START, code=third_code)
    refused(page, "pair-2345-6789-abcd", "No invitation pair-2345-6789-abcd was issued here")
    refused(page, invitation, "has already been used")
    files = PartnershipFiles(server.data_dir)
    stale = files.issue(Partnership(), Partner(name="Old Inviter", role="mentor"),
                        now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=8))
    refused(page, stale.code, "expired on")
    page.get_by_text("You are not paired yet.").first.wait_for()

    # -- each fills and signs the agreement in their own session ---------------------------------------
    mentor_page = open_page(mentor, server, AGREEMENT, code=mentor_code)
    mentee_page = open_page(mentee, server, AGREEMENT, code=mentee_code)
    for agreement_page in (mentor_page, mentee_page):
        agreement_page.get_by_text("Shared with").first.wait_for()
    assert mentor_page.get_by_label("Mentee's full name (signature)", exact=True).is_disabled()
    assert mentee_page.get_by_label("Mentor's full name (signature)", exact=True).is_disabled()
    type_into(mentor_page, "Our goals (one per line)", "Speak up in team meetings")
    type_into(mentee_page, "Our ground rules (one per line)", "Cancel a day ahead")
    for agreement_page in (mentor_page, mentee_page):  # each sees the other's clause arrive
        agreement_page.wait_for_function(
            "() => [...document.querySelectorAll('textarea')].some(t => t.value.includes('Cancel a day ahead'))"
            " && [...document.querySelectorAll('textarea')].some(t => t.value.includes('Speak up'))",
            timeout=SEEN_WITHIN)
    type_into(mentor_page, "Mentor's full name (signature)", "Ada Lovelace")
    type_into(mentee_page, "Mentee's full name (signature)", "Sam Okafor")
    for agreement_page in (mentor_page, mentee_page):
        agreement_page.get_by_text("Signed by the mentor, Ada Lovelace").first.wait_for(timeout=SEEN_WITHIN)
        agreement_page.get_by_text("Signed by the mentee, Sam Okafor").first.wait_for(timeout=SEEN_WITHIN)

    # -- the mentee changes a clause: the mentor's signature is out of date on both sides ---------------
    type_into(mentee_page, "How we will give feedback and review progress", "Five minutes at the end")
    for agreement_page in (mentor_page, mentee_page):
        agreement_page.get_by_text(re.compile(r"mentor's signature is out of date: how you give feedback "
                                              r"changed")).first.wait_for(timeout=SEEN_WITHIN)

    usable(mentor_page)

    # -- both add a log entry at the same moment ---------------------------------------------------------
    log_pages = [open_page(mentor, server, LOG, code=mentor_code), open_page(mentee, server, LOG, code=mentee_code)]
    for log_page, text in zip(log_pages, ("Entry by the mentor", "Entry by the mentee"), strict=True):
        log_page.get_by_label("Mentoring activity", exact=True).fill(text)
    time.sleep(1.0)  # the typed text reaches each kernel
    for log_page in log_pages:
        log_page.get_by_role("button", name="Add to the log").click(no_wait_after=True)
    for person, code in ((mentor, mentor_code), (mentee, mentee_code)):
        deadline = time.monotonic() + 40
        while True:  # after a reload, both entries are there with their authors
            page = open_page(person, server, LOG, code=code)
            table = page.locator("table.mk-log").inner_text() if page.locator("table.mk-log").count() else ""
            if "Entry by the mentor" in table and "Entry by the mentee" in table:
                break
            assert time.monotonic() < deadline, f"after a reload the log shows only: {table!r}"
            time.sleep(2)
        assert re.search(r"Entry by the mentor.*Ada Mentor \(mentor\)", table, re.S)
        assert re.search(r"Entry by the mentee.*Sam Mentee \(mentee\)", table, re.S)

        # -- privacy: the other's private reflection is nowhere on this person's pages ---------------------
        other_secret = MENTEE_SECRET if person is mentor else MENTOR_SECRET
        for notebook in (START, AGREEMENT, LOG):
            html = open_page(person, server, notebook, code=code).content()
            assert other_secret not in html, f"the partner's private text showed on {notebook}"

    # -- ... nor in any shared file or the other's workbook ---------------------------------------------
    texts = files_text(server)
    for name, text in texts.items():
        if name.startswith("partnerships/") or name.startswith("invitations/"):
            assert MENTOR_SECRET not in text and MENTEE_SECRET not in text, name
    assert MENTOR_SECRET not in texts[f"workbooks/{mentee_code}.json"]
    assert MENTEE_SECRET not in texts[f"workbooks/{mentor_code}.json"]
