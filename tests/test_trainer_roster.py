"""Reading a cohort roster: documented columns, every bad row named with its line and reason, hostile names intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mentoringkit.trainer.roster import RosterError, parse_cadence, read_roster

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample_roster.csv"
HEADER = "name,email,role,partner,programme start,length in months,meeting cadence,organisation\n"


def test_the_sample_roster_has_twenty_good_people():
    result = read_roster(SAMPLE.read_bytes())
    assert result.problems == ()
    assert len(result.people) == 20
    names = {p.name for p in result.people}
    assert {"مريم الحسيني", "Noa Levi 🌱", 'Kofi "KJ" Mensah', "Wei Zhang, PhD", "Mark <b>Smith</b>",
            "Siobhán O'Connor"} <= names


def test_a_person_gets_dates_and_a_meeting_series_from_start_length_and_cadence():
    r = read_roster(HEADER + "Ana,ana@example.org,mentee,,2027-01-31,6,every 2 weeks,\n")
    (ana,) = r.people
    assert ana.programme_start == dt.date(2027, 1, 31) and ana.programme_end == dt.date(2027, 7, 30)
    assert (ana.interval, ana.unit) == (2, "week")
    assert ana.occurrences == 13  # 31 Jan + 12 fortnights = 18 Jul, the last within the programme
    (bo,) = read_roster(HEADER + "Bo,,mentor,,2027-01-18,,,\n").people
    assert (bo.interval, bo.unit, bo.occurrences) == (1, "month", 12)  # defaults: monthly for 12 months


def test_header_names_are_matched_loosely_and_extra_columns_ignored():
    text = "Full Name;E-mail;ROLE;Program_Start;Cadence;Notes\nAna;ana@example.org;mentee;2027-01-18;weekly;x\n"
    (ana,) = read_roster(text).people
    assert ana.name == "Ana" and ana.unit == "week"


BAD_ROWS = [
    (",x@example.org,mentee,,2027-01-18,,,", "no name"),
    ("Ana,,mentr,,2027-01-18,,,", "unknown role 'mentr'; use mentor, mentee or both"),
    ("Ana,,,,2027-01-18,,,", "no role"),
    ("Ana,,mentee,Nobody Here,2027-01-18,,,", "partner 'Nobody Here' is not on the roster"),
    ("Ana,,mentee,Ana,2027-01-18,,,", "cannot be their own partner"),
    ("Ana,,mentee,,2027-02-30,,,", "programme start '2027-02-30' is not a date; use YYYY-MM-DD"),
    ("Ana,,mentee,,18/01/2027,,,", "is not a date"),
    ("Ana,,mentee,,,,,", "no programme start date"),
    ("Ana,,mentee,,2027-01-18,twelve,,", "length in months 'twelve' is not a whole number"),
    ("Ana,,mentee,,2027-01-18,0,,", "from 1 to 60"),
    ("Ana,,mentee,,2027-01-18,,sometimes,", "meeting cadence 'sometimes' is not one the kit knows"),
    ("Ana,not-an-address,mentee,,2027-01-18,,,", "is not an e-mail address"),
    ("Ana," + "a" * 300 + "@x.org,mentee,,2027-01-18,,,", "characters long"),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_a_bad_row_is_refused_with_its_line_and_reason_and_good_rows_survive(row, reason):
    text = HEADER + "Good One,good@example.org,mentor,,2027-01-18,,,\n" + row + "\n" + \
        "Good Two,two@example.org,mentee,Good One,2027-01-18,,,\n"
    result = read_roster(text)
    assert [p.name for p in result.people] == ["Good One", "Good Two"]
    (problem,) = result.problems
    assert problem.line == 3
    assert reason in problem.reason, problem.reason
    assert str(problem).startswith("line 3")


def test_duplicates_by_name_or_email_are_refused_naming_the_first_line():
    text = HEADER + ("Ana Lima,ana@example.org,mentee,,2027-01-18,,,\n"
                     "ana  LIMA,other@example.org,mentee,,2027-01-18,,,\n"
                     "Someone Else,ANA@example.org,mentor,,2027-01-18,,,\n")
    result = read_roster(text)
    assert [p.name for p in result.people] == ["Ana Lima"]
    assert [(p.line, p.reason[:30]) for p in result.problems] == [
        (3, "the same name as line 2; each "), (4, "the same e-mail address as lin")]


def test_line_numbers_count_physical_lines_when_a_quoted_field_spans_two():
    text = HEADER + '"Ana\nLima",,mentee,,2027-01-18,,,\nBo,,mentr,,2027-01-18,,,\n'
    result = read_roster(text)
    lines = sorted(p.line for p in result.problems)
    assert lines == [2, 4]  # Ana's row holds a line break (refused: control character); Bo's row starts on line 4


def test_a_partner_is_matched_whatever_the_case_or_unicode_form():
    decomposed = "Jose\u0301"  # 'José' typed with a combining accent
    text = HEADER + f"José,,mentor,,2027-01-18,,,\nAna,,mentee,{decomposed.upper()},2027-01-18,,,\n"
    result = read_roster(text)
    assert not result.problems
    assert result.people[1].partner == "José" and result.people[1].partner_role == "mentor"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the roster is empty"),
    (b"\xff\xfe\x00n\x00a", "not UTF-8 text"),
    (b"who,what\nAna,mentee\n", "the roster has no 'name'"),
    (b"name,email\nAna,a@x.org\n", "no 'role', 'programme start' column"),
])
def test_an_unreadable_roster_raises_a_clear_error(data, message):
    with pytest.raises(RosterError, match=message):
        read_roster(data)


def test_a_utf8_bom_from_a_spreadsheet_is_accepted():
    (ana,) = read_roster(("\ufeff" + HEADER + "Ana,,mentee,,2027-01-18,,,\n").encode("utf-8")).people
    assert ana.name == "Ana"


@pytest.mark.parametrize(("text", "expected"), [
    ("weekly", (1, "week")), ("Fortnightly", (2, "week")), ("monthly", (1, "month")), ("", (1, "month")),
    ("every 3 weeks", (3, "week")), ("Every 2  Months", (2, "month")), ("quarterly", (3, "month"))])
def test_cadences(text, expected):
    assert parse_cadence(text) == expected


@pytest.mark.parametrize("text", ["every 0 weeks", "every 13 months", "daily", "every week or so"])
def test_unknown_cadences_are_refused(text):
    with pytest.raises(ValueError, match="not one the kit knows"):
        parse_cadence(text)


# -- pairs -----------------------------------------------------------------------------------------------


def test_the_sample_roster_makes_nine_pairs_of_one_mentor_and_one_mentee():
    result = read_roster(SAMPLE.read_bytes())
    pairs = result.pairs()
    assert len(pairs) == 9
    assert all((m.pair_role, e.pair_role) == ("mentor", "mentee") for m, e in pairs)
    by_name = {p.name: p for p in result.people}
    noa = by_name["Noa Levi 🌱"]  # role 'both', paired with a mentor: the mentee in this pair
    assert (noa.role, noa.pair_role, noa.partner) == ("both", "mentee", "Tomás Ruiz")
    assert by_name["Grace Mwangi"].pair_role is None and by_name["Grace Mwangi"].partner == ""
    fatima = by_name["Fatima Zahra"]  # her row leaves the partner empty; Łukasz's names her
    assert (fatima.partner, fatima.pair_role) == ("Łukasz Wiśniewski", "mentor")


def test_a_one_sided_pair_is_a_pair_and_the_silent_row_gets_its_partner():
    text = HEADER + "Ana,,mentee,,2027-01-18,,,\nJosé,,mentor,ana,2027-01-18,,,\n"
    result = read_roster(text)
    assert not result.problems
    ana, _jose = result.people
    assert (ana.partner, ana.partner_role, ana.pair_role, ana.partner_line) == ("José", "mentor", "mentee", 3)
    assert [(m.name, e.name) for m, e in result.pairs()] == [("José", "Ana")]


PAIR_PROBLEMS = [
    # A names B but B names C: all three rows are in the disagreement.
    ("Ann,,mentee,Ben,2027-01-18,,,\nBen,,mentor,Cat,2027-01-18,,,\nCat,,mentee,,2027-01-18,,,\n",
     {2: "names Ben (line 3) as partner, but line 3 names Cat",
      3: "named as partner on line 2, but names Cat as theirs",
      4: "their partner Ben (line 3) is refused (see that line)"}),
    # Two rows name the same person.
    ("Dan,,mentee,Eve,2027-01-18,,,\nEve,,mentor,,2027-01-18,,,\nFay,,mentee,Eve,2027-01-18,,,\n",
     {2: "names Eve (line 3) as partner, and so does line 4", 3: "named as partner on lines 2 and 4",
      4: "names Eve (line 3) as partner, and so does line 2"}),
    ("Gus,,mentor,Hal,2027-01-18,,,\nHal,,mentor,Gus,2027-01-18,,,\n",
     {2: "this row and their partner Hal (line 3) are both mentors; a pair is one mentor and one mentee",
      3: "this row and their partner Gus (line 2) are both mentors"}),
    ("Ivy,,mentee,Jo,2027-01-18,,,\nJo,,mentee,,2027-01-18,,,\n", {2: "are both mentees", 3: "are both mentees"}),
    ("Ivy,,both,Jo,2027-01-18,,,\nJo,,Both,,2027-01-18,,,\n",
     {2: "have the role 'both'; a pair is one mentor and one mentee, so write mentor or mentee on one",
      3: "their partner Ivy (line 2) have the role 'both'"}),
    ("Max,,mentee,Ned,2027-01-18,,monthly,\nNed,,mentor,,2027-01-18,,weekly,\n",
     {2: "give a different programme start, length or meeting cadence", 3: "their partner Max (line 2) give"}),
    ("Max,,mentee,Ned,2027-01-18,6,,\nNed,,mentor,,2027-01-18,12,,\n", {2: "different programme", 3: "different"}),
    # The partner's own row is bad: half a pair is never built.
    ("Oz,,mentee,Pia,2027-01-18,,,\nPia,,mentor,Oz,2027-99-18,,,\n",
     {2: "their partner Pia (line 3) is refused (see that line), so neither is paired", 3: "is not a date"}),
    ("Oz,,mentee,,2027-01-18,,,\nPia,,mentor,Oz,2027-01-18,,,\npia,,mentor,,2027-01-18,,,\n",
     {4: "the same name as line 3"}),
]


@pytest.mark.parametrize(("rows", "reasons"), PAIR_PROBLEMS)
def test_rows_that_disagree_about_pairs_are_all_refused_with_line_and_reason(rows, reasons):
    good = "Good One,,mentor,Good Two,2027-01-18,,,\nGood Two,,mentee,,2027-01-18,,,\n"
    result = read_roster(HEADER + rows + good)
    assert {p.line: p.reason for p in result.problems}.keys() == reasons.keys()
    for problem in result.problems:
        assert reasons[problem.line] in problem.reason, problem
    assert [(m.name, e.name) for m, e in result.pairs()][-1] == ("Good One", "Good Two")  # good rows still pair
    refused = set(reasons)
    assert all(p.line not in refused for p in result.people)


def test_nobody_left_in_the_roster_points_at_a_refused_row():
    rows = "".join(row for row, _ in PAIR_PROBLEMS)
    # Line numbers differ here; what matters is that every person kept has a partner who is kept too.
    result = read_roster(HEADER + rows.replace("Ivy,,both,Jo", "Iva,,both,Jon").replace("Jo,,Both", "Jon,,Both"))
    kept = {p.line for p in result.people}
    assert all(p.partner_line in kept for p in result.people if p.partner)
