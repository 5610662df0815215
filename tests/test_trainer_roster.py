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
