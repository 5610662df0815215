"""Cohort packets: one code per person kept across runs, workbooks the served pages open, escaped handouts."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from mentoringkit.storage import WorkbookStore, load_workbook
from mentoringkit.trainer.packets import folder_name, packet_document, prefill, start_url
from mentoringkit.workbook import LogEntry, Workbook

REPO = Path(__file__).resolve().parents[1]
HEADER = "name,email,role,partner,programme start,length in months,meeting cadence,organisation\n"
HOSTILE = "Zoë O'Brien-Ñúñez, \"Jr\" 🌱 <script>alert(1)</script>"
RTL = "مريم الحسيني"
ROSTER = HEADER + (
    f'"{HOSTILE.replace(chr(34), chr(34) * 2)}",zoe@example.org,mentee,{RTL},2027-01-18,6,fortnightly,"A&B <Ward>"\n'
    f"{RTL},maryam@example.org,mentor,\"{HOSTILE.replace(chr(34), chr(34) * 2)}\",2027-01-18,6,fortnightly,Clinic\n"
    ",nobody@example.org,mentee,,2027-01-18,,,\n"
    "Bo Lin,bo@example.org,mentee,Ghost Person,2027-01-18,,,\n"
    "Cy Ng,cy@example.org,both,,2027-13-01,,,\n"
)

KW = dict(organisation="Org", programme_start=dt.date(2027, 1, 18), programme_end=dt.date(2027, 7, 17), interval=2,
          unit="week", occurrences=13)


def test_prefill_fills_blanks_and_never_replaces_what_the_participant_typed():
    wb = Workbook()
    assert prefill(wb, name="Ana", role="mentee", partner="José", partner_role="mentor", **KW)
    assert (wb.profile.name, wb.profile.role, wb.profile.partner_name) == ("Ana", "mentee", "José")
    assert wb.profile.program_end == dt.date(2027, 7, 17)
    assert wb.agreement.schedule.first_meeting == dt.datetime(2027, 1, 18, 10, 0)
    assert (wb.agreement.mentee.name, wb.agreement.mentor.name) == ("Ana", "José")
    wb.profile.name = "Ana Lima (my spelling)"
    wb.agreement.schedule.first_meeting = dt.datetime(2027, 2, 1, 16, 30)
    assert not prefill(wb, name="Ana", role="mentee", partner="José", partner_role="mentor", **KW)
    assert wb.profile.name == "Ana Lima (my spelling)"
    assert wb.agreement.schedule.first_meeting == dt.datetime(2027, 2, 1, 16, 30)


@pytest.mark.parametrize(("role", "partner_role", "signs_as"), [
    ("mentor", "mentee", "mentor"), ("mentee", None, "mentee"), ("both", "mentor", "mentee"),
    ("both", "mentee", "mentor")])
def test_the_agreement_names_each_side(role, partner_role, signs_as):
    wb = Workbook()
    prefill(wb, name="Me", role=role, partner="You", partner_role=partner_role, **KW)
    mine = wb.agreement.mentor if signs_as == "mentor" else wb.agreement.mentee
    theirs = wb.agreement.mentee if signs_as == "mentor" else wb.agreement.mentor
    assert (mine.name, theirs.name) == ("Me", "You")


def test_folders_and_links_are_safe_whatever_the_name():
    for name in (HOSTILE, RTL, "../../etc/passwd", "🌱", ""):
        folder = folder_name(name, f"name:{name}")
        assert "/" not in folder and ".." not in folder and folder.isascii() and folder
    assert folder_name(RTL, "a") != folder_name(RTL, "b")
    assert start_url("http://room.local:8866/", "kite-7h3m-q9xw-4rtb") == \
        "http://room.local:8866/voila/render/00_start_here.ipynb?code=kite-7h3m-q9xw-4rtb"


def test_the_handout_escapes_hostile_names_and_keeps_them_intact(cur):
    from mentoringkit.exports import render_outline

    wb = Workbook()
    prefill(wb, name=HOSTILE, role="mentee", partner=RTL, partner_role="mentor", **{**KW, "organisation": "A&B"})
    doc = packet_document(wb, "kite-7h3m-q9xw-4rtb", start_url("http://x", "kite-7h3m-q9xw-4rtb"), cur)
    html = render_outline(doc, "html")
    assert "<script>" not in html
    assert "Zoë O&#39;Brien-Ñúñez, &#34;Jr&#34; 🌱 &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert RTL in html and "A&amp;B" in html
    assert "kite-7h3m-q9xw-4rtb" in html and 'src="data:image/svg+xml' in html
    assert 'alt="QR code of your personal start-page link"' in html
    for part in ("Welcome", "Your mentoring agreement", "First-meeting agenda", "Questions to talk about"):
        assert part in html
    md = render_outline(doc, "md")
    assert "<script>" not in md


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "mentoringkit", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=REPO, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


@pytest.mark.slow
def test_packets_from_a_roster_with_bad_rows_and_hostile_names(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out, data = tmp_path / "packets", tmp_path / "data"
    result = run("cohort", "packets", roster, "--out", out, "--data-dir", data, "--jobs", "2")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "2 packets built, 0 already up to date, 3 not built" in result.stderr
    assert "line 4: no name" in result.stderr
    assert "line 5 (Bo Lin): partner 'Ghost Person' is not on the roster" in result.stderr
    assert "line 6 (Cy Ng): programme start '2027-13-01' is not a date" in result.stderr
    assert "20/" not in result.stderr and "2/2" in result.stderr  # the progress bar

    rows = list(csv.DictReader((out / "packets.csv").open(encoding="utf-8")))
    assert [r["Name"] for r in rows] == [HOSTILE, RTL]
    codes = {r["Name"]: r["Code"] for r in rows}
    store = WorkbookStore(data / "workbooks")
    zoe = store.open(codes[HOSTILE])  # what `mentoringkit serve --data-dir` opens for ?code=...
    assert (zoe.profile.name, zoe.profile.partner_name, zoe.profile.organisation) == (HOSTILE, RTL, "A&B <Ward>")
    assert zoe.profile.program_start == dt.date(2027, 1, 18)
    assert zoe.agreement.schedule.unit == "week" and zoe.agreement.schedule.interval == 2

    folder = out / rows[0]["Folder"]
    html = (folder / "handout.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert RTL in html and codes[HOSTILE] in html
    assert (folder / "handout.pdf").read_bytes().startswith(b"%PDF")
    event = next(c for c in icalendar.Calendar.from_ical((folder / "meetings.ics").read_bytes()).walk("VEVENT"))
    assert str(event["summary"]) == f"Mentoring meeting with {RTL}"
    assert "WEEKLY" in event["rrule"]["FREQ"] and event["rrule"]["INTERVAL"] == [2]

    # Nobody has opened their packet yet: the cohort view does not count pre-filled workbooks as started.
    from mentoringkit.trainer.cohort import load_cohort

    assert [len(x) if isinstance(x, list) else x for x in load_cohort(data)] == [0, 2, 0]

    # A re-run skips what is up to date and issues nobody a second code.
    again = run("cohort", "packets", roster, "--out", out, "--data-dir", data)
    assert again.returncode == 1 and "0 packets built, 2 already up to date, 3 not built" in again.stderr
    # --force rebuilds, keeps the codes, and keeps what a participant has typed since.
    zoe.profile.name = "Zoë (edited by her)"
    store.save(codes[HOSTILE], zoe)
    forced = run("cohort", "packets", roster, "--out", out, "--data-dir", data, "--force", "--no-pdf")
    assert "2 packets built" in forced.stderr, forced.stderr
    assert {r["Name"]: r["Code"] for r in csv.DictReader((out / "packets.csv").open(encoding="utf-8"))} == codes
    assert json.loads((data / "trainer" / "roster-codes.json").read_text(encoding="utf-8"))["codes"].keys() == {
        "email:zoe@example.org", "email:maryam@example.org"}
    assert load_workbook(store.path_for(codes[HOSTILE])).profile.name == "Zoë (edited by her)"
    books, untouched, _ = load_cohort(data)
    assert [b.profile.name for b in books] == ["Zoë (edited by her)"] and untouched == 1  # she has started
    assert "Zoë (edited by her)" in (folder / "handout.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (data / "workbooks").glob("*.json")) == sorted(f"{c}.json" for c in codes.values())


def test_an_unreadable_roster_exits_2_without_a_traceback(tmp_path):
    missing = run("cohort", "packets", tmp_path / "nope.csv", "--out", tmp_path / "o", "--data-dir", tmp_path / "d")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("who,what\nAna,mentee\n", encoding="utf-8")
    result = run("cohort", "packets", bad, "--out", tmp_path / "o", "--data-dir", tmp_path / "d")
    assert result.returncode == 2 and "the roster has no 'name'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "d").exists()  # nothing issued for a roster that could not be read


def test_a_base_url_that_is_not_a_web_address_is_a_usage_error(tmp_path):
    result = run("cohort", "packets", REPO / "examples" / "sample_roster.csv", "--out", tmp_path / "o",
                 "--data-dir", tmp_path / "d", "--base-url", "javascript:alert(1)")
    assert result.returncode == 2 and "--base-url must be a web address" in result.stderr
    assert not (tmp_path / "d").exists()


# -- pairs ------------------------------------------------------------------------------------------------

SAM = "Sam O'Neil, \"Jr\" 🌱 <i>x</i>"
PAIRS_ROSTER = HEADER + (
    f"Ada Mentor,ada@example.org,mentor,\"{SAM.replace(chr(34), chr(34) * 2)}\",2027-01-18,6,fortnightly,Org\n"
    f"\"{SAM.replace(chr(34), chr(34) * 2)}\",sam@example.org,mentee,,2027-01-18,6,fortnightly,Org\n"  # one-sided
    "Ann Three,ann@example.org,mentee,Ben Three,2027-01-18,,,\n"  # A names B, B names C
    "Ben Three,ben@example.org,mentor,Cat Three,2027-01-18,,,\n"
    "Cat Three,cat@example.org,mentee,,2027-01-18,,,\n"
    "Gus Two,gus@example.org,mentor,Hal Two,2027-01-18,,,\n"  # two mentors
    "Hal Two,hal@example.org,mentor,Gus Two,2027-01-18,,,\n"
    f"{RTL},maryam@example.org,both,Tomás Ruiz,2027-01-18,,,\n"  # 'both' with a mentor: the mentee
    f"Tomás Ruiz,tomas@example.org,mentor,{RTL},2027-01-18,,,\n"
    "Lee Free,lee@example.org,mentor,,2027-01-18,,,\n"
    "Kai Free,kai@example.org,mentee,,2027-01-18,,,\n"
)
VOILA = {"VOILA_REQUEST_URL": "http://localhost/voila/render/00_start_here.ipynb"}


def _codes(out):
    return {r["Name"]: r["Code"] for r in csv.DictReader((out / "packets.csv").open(encoding="utf-8"))}


def _records(data):
    return sorted(p.name for p in (data / "partnerships").glob("*.json"))


@pytest.mark.slow
def test_packets_pair_the_partners_a_roster_names(tmp_path, cur):
    from mentoringkit.session import open_session
    from mentoringkit.store.partnership import accept, invite
    from mentoringkit.trainer.packets import build_packets

    roster = tmp_path / "roster.csv"
    roster.write_text(PAIRS_ROSTER, encoding="utf-8")
    out, data = tmp_path / "packets", tmp_path / "data"
    result = run("cohort", "packets", roster, "--out", out, "--data-dir", data, "--no-pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "6 packets built, 0 already up to date, 5 not built" in result.stderr
    assert "2 pairs paired now, 0 already paired" in result.stderr
    for expected in (
            "line 4 (Ann Three): names Ben Three (line 5) as partner, but line 5 names Cat Three",
            "line 5 (Ben Three): named as partner on line 4, but names Cat Three as theirs",
            "line 6 (Cat Three): their partner Ben Three (line 5) is refused",
            "line 7 (Gus Two): this row and their partner Hal Two (line 8) are both mentors",
            "line 8 (Hal Two): this row and their partner Gus Two (line 7) are both mentors"):
        assert expected in result.stderr
    codes = _codes(out)
    assert set(codes) == {"Ada Mentor", SAM, RTL, "Tomás Ruiz", "Lee Free", "Kai Free"}

    # Both workbooks of a pair point at one shared record, each on their own side of it.
    store = WorkbookStore(data / "workbooks")
    ada, sam = store.open(codes["Ada Mentor"]), store.open(codes[SAM])
    assert ada.partnership.id == sam.partnership.id
    assert (ada.partnership.role, sam.partnership.role) == ("mentor", "mentee")
    maryam, tomas = store.open(codes[RTL]), store.open(codes["Tomás Ruiz"])
    assert maryam.partnership.id == tomas.partnership.id != ada.partnership.id
    assert (tomas.partnership.role, maryam.partnership.role) == ("mentor", "mentee")
    assert store.open(codes["Lee Free"]).partnership is None
    assert len(_records(data)) == 2
    assert sam.profile.partner_name == "Ada Mentor"  # his row left the partner empty

    # Both open their personal link (a served page's session): one shared agreement, with both names.
    ada_page = open_session(code=codes["Ada Mentor"], curriculum=cur, store=store, environ=VOILA)
    sam_page = open_session(code=codes[SAM], curriculum=cur, store=store, environ=VOILA)
    for page in (ada_page, sam_page):
        assert (page.workbook.agreement.mentor.name, page.workbook.agreement.mentee.name) == ("Ada Mentor", SAM)
        assert page.record.names() == f"Ada Mentor (mentor) and {SAM} (mentee)"
    assert sam_page.partner().name == "Ada Mentor" and ada_page.partner().name == SAM
    sam_page.workbook.agreement.ground_rules = ["Cancel a day ahead"]
    sam_page.save()
    assert ada_page.pull()
    assert ada_page.workbook.agreement.ground_rules == ["Cancel a day ahead"]
    ada_page.workbook.log.append(LogEntry(activity="First chat", author="Ada Mentor", author_role="mentor"))
    ada_page.save()
    assert sam_page.pull() and [e.activity for e in sam_page.workbook.log] == ["First chat"]

    # The handout says who the partner is, escaped and intact.
    handout = (out / folder_name(SAM, "email:sam@example.org") / "handout.html").read_text(encoding="utf-8")
    assert "<h2>Your partner</h2>" in handout and "<dd><bdi>Ada Mentor</bdi> (mentor)</dd>" in handout
    ada_handout = (out / folder_name("Ada Mentor", "email:ada@example.org") / "handout.html").read_text("utf-8")
    assert "<bdi>Sam O&#x27;Neil, &quot;Jr&quot; 🌱 &lt;i&gt;x&lt;/i&gt;</bdi> (mentee)" in ada_handout
    assert "<i>x</i>" not in ada_handout
    lee_handout = (out / folder_name("Lee Free", "email:lee@example.org") / "handout.html").read_text("utf-8")
    assert "Your partner" not in lee_handout

    # Re-running is idempotent: no second record, no new invitation, nothing the pair wrote lost.
    invitations = sorted(p.name for p in (data / "invitations").glob("*.json"))
    again = run("cohort", "packets", roster, "--out", out, "--data-dir", data, "--no-pdf")
    assert again.returncode == 1 and "0 packets built, 6 already up to date" in again.stderr, again.stderr
    assert "0 pairs paired now, 2 already paired" in again.stderr
    forced = run("cohort", "packets", roster, "--out", out, "--data-dir", data, "--no-pdf", "--force")
    assert "6 packets built" in forced.stderr and "0 pairs paired now, 2 already paired" in forced.stderr
    assert len(_records(data)) == 2
    assert sorted(p.name for p in (data / "invitations").glob("*.json")) == invitations
    sam_page.pull()
    assert sam_page.workbook.agreement.ground_rules == ["Cancel a day ahead"]
    assert [e.activity for e in sam_page.workbook.log] == ["First chat"]
    ada_again = open_session(code=codes["Ada Mentor"], curriculum=cur, store=store, environ=VOILA)
    assert ada_again.workbook.agreement.ground_rules == ["Cancel a day ahead"]
    assert [e.activity for e in ada_again.workbook.log] == ["First chat"]
    assert ada_again.workbook.partnership == ada.partnership
    assert "Cancel a day ahead" in (out / folder_name(SAM, "email:sam@example.org") / "handout.html").read_text(
        encoding="utf-8")  # the rebuilt handout shows the pair's own agreement

    # A pairing the people made themselves is respected: Lee and Kai pair in the app, then the roster
    # names a different partner for Lee. Both rows are refused with the reason, and the app's pair stays.
    lee_page = open_session(code=codes["Lee Free"], curriculum=cur, store=store, environ=VOILA)
    kai_page = open_session(code=codes["Kai Free"], curriculum=cur, store=store, environ=VOILA)
    accept(kai_page, invite(lee_page).code)
    # Sam ends his pairing with Ada on his start page: a later run does not pair them again.
    sam_page.unpair()
    changed = PAIRS_ROSTER.replace("Lee Free,lee@example.org,mentor,,", "Lee Free,lee@example.org,mentor,Mo New,")
    roster.write_text(changed + "Mo New,mo@example.org,mentee,,2027-01-18,,,\n", encoding="utf-8")
    result = build_packets(roster, out, data, force=False, pdf=False, progress=lambda *a: None)
    assert result.exit_code == 1
    refused = "\n".join(result.refused)
    assert "line 11 (Lee Free): already paired in the kit with Kai Free (mentee), a pairing made on a start page, " \
           "while the roster names Mo New" in refused
    assert "line 13 (Mo New): their partner Lee Free (line 11) cannot be paired with them" in refused
    assert "line 2 (Ada Mentor): was paired with " + SAM + " at an earlier run, and that pairing has been ended" \
        in refused
    assert f"line 3 ({SAM}): was paired with Ada Mentor at an earlier run" in refused
    assert result.already_paired == [f"Tomás Ruiz and {RTL}"] and result.paired == []
    assert store.open(codes["Lee Free"]).partnership.id == store.open(codes["Kai Free"]).partnership.id
    assert store.open(codes[SAM]).partnership is None
    assert "Mo New" not in (out / "packets.csv").read_text(encoding="utf-8")  # refused: no packet promised

    # A roster of rows that all add up: exit 0, everyone up to date, the pairs (roster's and app's) kept.
    clean = [line for line in PAIRS_ROSTER.splitlines(keepends=True) if line.startswith((RTL, "Tomás", "Lee", "Kai"))]
    roster.write_text(HEADER + "".join(clean), encoding="utf-8")
    done = run("cohort", "packets", roster, "--out", out, "--data-dir", data, "--no-pdf")
    assert done.returncode == 0, done.stderr
    assert "0 packets built, 4 already up to date, 0 not built" in done.stderr
    assert "0 pairs paired now, 1 already paired" in done.stderr
    assert len(_records(data)) == 3  # Ada's (kept after Sam left), Tomás and Maryam's, Lee and Kai's


# -- pairing two workbooks (no notebooks: the step after both packets exist) -------------------------------


@pytest.fixture
def cohort(tmp_path, cur):
    """Two people of a roster pair with workbooks as their packets leave them, and their pages' sessions."""
    from mentoringkit.session import open_session
    from mentoringkit.trainer.roster import read_roster

    store = WorkbookStore(tmp_path / "workbooks")
    result = read_roster(HEADER + "Ada,ada@example.org,mentor,Sam,2027-01-18,,,\nSam,sam@example.org,both,,"
                                  "2027-01-18,,,\nKai,kai@example.org,mentee,,2027-01-18,,,\n")
    (mentor, mentee), = result.pairs()
    codes = {p.key: store.new_code() for p in result.people}
    for person in result.people:
        wb = Workbook()
        prefill(wb, name=person.name, role=person.role, partner=person.partner, partner_role=person.partner_role,
                **KW)
        store.save(codes[person.key], wb)

    class Cohort:
        root = tmp_path

        def page(self, name):
            key = next(p.key for p in result.people if p.name == name)
            return open_session(code=codes[key], curriculum=cur, store=store, environ=VOILA)

    c = Cohort()
    c.mentor, c.mentee, c.codes, c.store = mentor, mentee, codes, store
    return c


def test_pairing_uses_one_invitation_and_links_both_to_one_record(cohort, cur):
    from mentoringkit.trainer.pairing import pair_people, pair_state

    assert pair_state(cohort.root, cohort.mentor, cohort.mentee, cohort.codes).state == "free"
    pair_people(cohort.root, cohort.codes[cohort.mentor.key], cohort.codes[cohort.mentee.key], cur)
    ada, sam = cohort.page("Ada"), cohort.page("Sam")
    assert ada.workbook.partnership.id == sam.workbook.partnership.id
    assert (ada.workbook.partnership.role, sam.workbook.partnership.role) == ("mentor", "mentee")  # Sam: 'both'
    (invitation,) = (cohort.root / "invitations").glob("*.json")
    assert json.loads(invitation.read_text(encoding="utf-8"))["used"] is True
    assert pair_state(cohort.root, cohort.mentor, cohort.mentee, cohort.codes).state == "paired"


def test_a_pairing_started_in_the_app_goes_on_with_its_own_record(cohort, cur):
    from mentoringkit.store.partnership import invite
    from mentoringkit.trainer.pairing import pair_people, pair_state

    sam = cohort.page("Sam")
    sam.workbook.agreement.goals = ["Chair a meeting"]
    sam.save()
    invite(sam, "mentee")  # Sam invited his mentor on his start page; nobody has joined yet
    started = sam.workbook.partnership.id
    assert pair_state(cohort.root, cohort.mentor, cohort.mentee, cohort.codes).state == "free"
    pair_people(cohort.root, cohort.codes[cohort.mentor.key], cohort.codes[cohort.mentee.key], cur)
    ada = cohort.page("Ada")
    assert ada.workbook.partnership.id == started and ada.workbook.agreement.goals == ["Chair a meeting"]


def test_a_pairing_the_roster_does_not_match_is_left_alone_and_said_plainly(cohort, cur):
    from mentoringkit.store.partnership import accept, invite
    from mentoringkit.trainer.pairing import pair_state
    from mentoringkit.trainer.roster import RowProblem

    ada, kai = cohort.page("Ada"), cohort.page("Kai")
    kai.workbook.profile.name = "Kai \x1b[31mRed"  # typed in the app, with a terminal escape
    kai.save()
    accept(kai, invite(ada).code)
    state = pair_state(cohort.root, cohort.mentor, cohort.mentee, cohort.codes)
    assert state.state == "conflict"
    mentor_reason = state.reasons[cohort.mentor.line]
    assert mentor_reason.startswith("already paired in the kit with Kai \x1b[31mRed (mentee)")
    assert "while the roster names Sam" in mentor_reason
    assert state.reasons[cohort.mentee.line].startswith("their partner Ada (line 2) cannot be paired with them")
    shown = str(RowProblem(cohort.mentor.line, mentor_reason, "Ada"))
    assert "\x1b" not in shown and "Kai ?[31mRed" in shown


def test_a_waiting_pairing_in_the_other_role_and_a_damaged_record_are_not_touched(cohort, cur):
    from mentoringkit.store.partnership import invite
    from mentoringkit.trainer.pairing import pair_state

    ada = cohort.page("Ada")
    invite(ada, "mentee")  # Ada started a pairing as the mentee, the roster makes her the mentor
    state = pair_state(cohort.root, cohort.mentor, cohort.mentee, cohort.codes)
    assert "started a pairing on their start page as the mentee, while the roster makes them the mentor" in \
        state.reasons[cohort.mentor.line]
    record = ada.record_path()
    record.write_text("{ damaged", encoding="utf-8")
    backup = record.with_name(record.name + ".bak")
    backup.unlink(missing_ok=True)
    state = pair_state(cohort.root, cohort.mentor, cohort.mentee, cohort.codes)
    assert state.state == "conflict"
    assert "linked to a shared partnership record that cannot be read" in state.reasons[cohort.mentor.line]
    assert record.read_text(encoding="utf-8") == "{ damaged"


def test_a_damaged_workbook_stops_its_pair_before_anything_is_built(cohort, cur):
    from mentoringkit.trainer.pairing import pair_state

    path = cohort.store.path_for(cohort.codes[cohort.mentee.key])
    path.write_text("not json", encoding="utf-8")
    path.with_name(path.name + ".bak").unlink(missing_ok=True)
    state = pair_state(cohort.root, cohort.mentor, cohort.mentee, cohort.codes)
    assert state.state == "conflict"
    assert state.reasons[cohort.mentee.line].startswith("their workbook cannot be opened (")
    assert "their partner Sam (line 3) cannot be paired" in state.reasons[cohort.mentor.line]
    assert path.read_text(encoding="utf-8") == "not json"
