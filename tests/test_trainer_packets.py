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
from mentoringkit.workbook import Workbook

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
