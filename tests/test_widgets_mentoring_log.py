"""The mentoring log widget: add entries with checks, the table, the summary and the CSV download."""

from __future__ import annotations

import datetime as dt

import pytest
from reloading import open_page
from widget_text import SaveCounter, downloads, html_text

from mentoringkit.exports import log_csv
from mentoringkit.session import memory_session
from mentoringkit.widgets.mentoring_log import MentoringLog, show_mentoring_log

TODAY = dt.date(2025, 3, 10)


@pytest.fixture
def log() -> MentoringLog:
    return show_mentoring_log(memory_session(role="mentee"), today=TODAY)


def test_date_starts_as_today(log: MentoringLog) -> None:
    assert log.fields["date"].value == "2025-03-10"


def test_adding_entries(log: MentoringLog) -> None:
    log.fill(date="2025-02-10", activity="Monthly meeting, video", duration_minutes="45",
             notes="Talked about the audit", next_steps="Me: draft the abstract")
    saves = SaveCounter(log.session)
    entry = log.add_entry()
    assert entry is not None and saves.count == 1
    assert log.session.workbook.log == [entry]
    assert (entry.date, entry.activity, entry.duration_minutes) == (dt.date(2025, 2, 10), "Monthly meeting, video", 45)
    assert log.fields["activity"].value == ""  # ready for the next one
    log.fill(date="2025-03-03", activity="Shadowed my mentor at the budget committee", duration_minutes="90")
    log.add_entry()
    table = html_text(log.table.value)
    assert table.index("Monthly meeting") < table.index("Shadowed my mentor")
    summary = html_text(log.summary.value)
    assert "2 entries" in summary and "2 h 15 min" in summary and "21 days" in summary


def test_impossible_date_is_kept_with_a_message(log: MentoringLog) -> None:
    log.fill(date="2025-02-29", activity="Phone call")
    assert log.add_entry() is None
    assert log.session.workbook.log == []
    assert log.fields["date"].value == "2025-02-29" and log.fields["activity"].value == "Phone call"
    assert "28 days" in (log.fields["date"].error or "")
    assert "What you typed is kept" in html_text(log.message.value)


def test_minutes_must_be_a_number(log: MentoringLog) -> None:
    log.fill(activity="Phone call", duration_minutes="an hour")
    assert log.add_entry() is None
    assert "not a whole number" in (log.fields["duration_minutes"].error or "")


def test_missing_activity_is_pointed_out_beside_the_field(log: MentoringLog) -> None:
    log.fill(activity="")
    assert log.add_entry() is None
    assert log.fields["activity"].error
    assert log.session.workbook.log == []
    log.fill(activity="Read the article my mentor lent me")
    assert log.add_entry() is not None
    assert log.fields["activity"].error is None


def test_csv_download(log: MentoringLog) -> None:
    assert downloads(log) == {}
    log.fill(activity="=HYPERLINK(\"x\")", notes="Line one\nline two")
    log.add_entry()
    csv_text = downloads(log)["mentoring-log.csv"].decode("utf-8")
    assert csv_text == log_csv(log.session.workbook)
    assert "'=HYPERLINK" in csv_text


def test_user_text_is_escaped_in_the_table(log: MentoringLog) -> None:
    log.fill(activity="<script>alert(1)</script>", notes="<b>bold</b>")
    log.add_entry()
    assert "<script>" not in log.table.value and "<b>" not in log.table.value
    assert "<script>" not in log.message.value
    assert "<script>alert(1)</script>" in html_text(log.table.value)


def test_a_future_date_is_refused_beside_the_date(log: MentoringLog) -> None:
    log.fill(date="2025-04-01", activity="Monthly meeting")
    assert log.add_entry() is None
    assert "after today" in (log.fields["date"].error or "")
    assert log.fields["activity"].value == "Monthly meeting"


def test_unreadable_entries_are_flagged_as_they_are_typed(log: MentoringLog) -> None:
    log.fill(date="30 February 2025", duration_minutes="0")
    assert "28 days" in (log.fields["date"].error or "")
    assert "at least 1" in (log.fields["duration_minutes"].error or "")
    log.fill(date="2025-02-28", duration_minutes="30")
    assert log.fields["date"].error is None and log.fields["duration_minutes"].error is None


def test_a_reload_brings_back_the_unfinished_entry_and_its_messages(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    before = show_mentoring_log(open_page(path), today=TODAY)
    before.fill(date="30 February 2025", activity="Monthly meeting, video", duration_minutes="0",
                notes="Talked about the audit", next_steps="Me: draft the abstract")

    after = show_mentoring_log(open_page(path), today=TODAY)  # a new kernel: only the file is shared
    typed = {key: field.value for key, field in after.fields.items()}
    assert typed == {"date": "30 February 2025", "activity": "Monthly meeting, video", "duration_minutes": "0",
                     "notes": "Talked about the audit", "next_steps": "Me: draft the abstract"}
    assert "28 days" in html_text(after.fields["date"].message.value)
    assert "at least 1" in html_text(after.fields["duration_minutes"].message.value)
    assert after.session.workbook.log == []


def test_an_added_entry_leaves_no_draft_behind(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    log = show_mentoring_log(open_page(path), today=TODAY)
    log.fill(date="", activity="Phone call")
    assert log.add_entry() is None  # no date: kept, and a reload shows the date still cleared
    assert show_mentoring_log(open_page(path), today=TODAY).fields["date"].value == ""
    log.fill(date="2025-03-07", duration_minutes="20")
    assert log.add_entry() is not None
    after = show_mentoring_log(open_page(path), today=TODAY)
    assert after.fields["activity"].value == "" and after.fields["date"].value == "2025-03-10"
    assert after.session.workbook.drafts == {} and len(after.session.workbook.log) == 1
