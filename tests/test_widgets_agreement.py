"""The agreement builder: live completeness, messages beside unreadable entries, preview and downloads."""

from __future__ import annotations

import datetime as dt

import pytest
from reloading import open_page
from widget_text import SaveCounter, downloads, html_text

from mentoringkit.exports import agreement_markdown
from mentoringkit.session import memory_session
from mentoringkit.widgets.agreement import AgreementBuilder, show_agreement

TODAY = dt.date(2025, 1, 15)


@pytest.fixture
def builder() -> AgreementBuilder:
    return show_agreement(memory_session(role="mentee"), today=TODAY)


def fill_in(builder: AgreementBuilder) -> None:
    builder.set_goals("Lead a project meeting on my own by June 2025\nPresent at the regional conference")
    builder.set_first_meeting("2025-02-04", "16:00")
    builder.set_interval("4")
    builder.set_unit("week")
    builder.set_occurrences("6")
    builder.set_duration("60")
    builder.set_location("Video call")
    builder.set_text("learning_opportunities", "Committee meetings; the spring conference")
    builder.set_text("confidentiality_meaning", "What we discuss stays between us unless someone is at risk.")
    builder.set_ground_rules(["Reply within two working days", "Give a day's notice to reschedule"])
    builder.set_text("feedback_method", "Ten minutes at the end of every third meeting")
    builder.set_text("log_method", "The mentee adds an entry within a day of each meeting")
    builder.sign("mentor", "Sam Mentor")
    builder.sign("mentee", "Alex Mentee")


def test_a_complete_agreement(builder: AgreementBuilder) -> None:
    saves = SaveCounter(builder.session)
    fill_in(builder)
    a = builder.session.workbook.agreement
    assert a.goals == ["Lead a project meeting on my own by June 2025", "Present at the regional conference"]
    assert a.schedule.first_meeting == dt.datetime(2025, 2, 4, 16, 0)
    assert (a.schedule.interval, a.schedule.unit, a.schedule.occurrences) == (4, "week", 6)
    assert a.ground_rules == ["Reply within two working days", "Give a day's notice to reschedule"]
    assert a.mentor.name == "Sam Mentor" and a.mentor.signed_on == TODAY
    assert saves.count >= 10  # one save per changed entry
    assert builder.gaps() == []
    assert "Still missing Nothing" in html_text(builder.missing.value)
    assert not any(f.error for f in builder.fields.values())


def test_still_missing_lists_what_is_open(builder: AgreementBuilder) -> None:
    text = html_text(builder.missing.value)
    assert "to finish before the agreement is complete" in text
    for gap in builder.gaps():
        assert html_text(gap.message) in text
    before = len(builder.gaps())
    builder.set_text("confidentiality_meaning", "Nothing leaves the room.")
    assert len(builder.gaps()) == before - 1
    assert builder.fields["confidentiality_meaning"].error is None


def test_impossible_date_stays_with_a_message(builder: AgreementBuilder) -> None:
    builder.set_first_meeting("2025-02-30", "14:00")
    field = builder.fields["date"]
    assert field.value == "2025-02-30"
    assert "February 2025 has 28 days" in (field.error or "")
    assert builder.session.workbook.agreement.schedule.first_meeting is None
    assert "February 2025 has 28 days" in html_text(builder.missing.value)


def test_bad_date_keeps_the_last_good_one(builder: AgreementBuilder) -> None:
    builder.set_first_meeting("2025-02-04", "16:00")
    builder.set_first_meeting("2025-02-30", "16:00")
    assert builder.session.workbook.agreement.schedule.first_meeting == dt.datetime(2025, 2, 4, 16, 0)


def test_interval_zero_gets_a_message_and_is_not_stored(builder: AgreementBuilder) -> None:
    builder.set_interval("0")
    assert builder.fields["interval"].value == "0"
    assert "at least 1" in (builder.fields["interval"].error or "")
    assert builder.session.workbook.agreement.schedule.interval == 4
    builder.set_interval("three")
    assert "not a whole number" in (builder.fields["interval"].error or "")
    builder.set_interval("2")
    assert builder.fields["interval"].error is None
    assert builder.session.workbook.agreement.schedule.interval == 2


def test_past_first_meeting_is_flagged_beside_the_date(builder: AgreementBuilder) -> None:
    builder.set_first_meeting("2024-06-03", "10:00")
    assert builder.session.workbook.agreement.schedule.first_meeting == dt.datetime(2024, 6, 3, 10, 0)
    assert builder.fields["date"].error, "a first meeting in the past should be pointed out"


def test_bad_time_and_missing_time(builder: AgreementBuilder) -> None:
    builder.set_first_meeting("2025-02-04", "25:00")
    assert "25:00" in (builder.fields["time"].error or "")
    builder.set_first_meeting("2025-02-04", "")
    assert "time" in (builder.fields["time"].error or "")
    assert builder.session.workbook.agreement.schedule.first_meeting is None


def test_downloads(builder: AgreementBuilder) -> None:
    assert "mentoring-meetings.ics" not in downloads(builder)  # no schedule yet
    fill_in(builder)
    files = downloads(builder)
    assert files["mentoring-agreement.md"].decode() == agreement_markdown(builder.session.workbook,
                                                                          builder.session.curriculum)
    assert "Lead a project meeting" in files["mentoring-agreement.md"].decode()
    ics = files["mentoring-meetings.ics"].decode()
    assert ics.startswith("BEGIN:VCALENDAR") and "INTERVAL=4" in ics and "COUNT=6" in ics
    assert "<!DOCTYPE html>" in files["mentoring-agreement.html"].decode()


def test_script_is_escaped_in_the_preview(builder: AgreementBuilder) -> None:
    builder.set_text("confidentiality_meaning", "<script>alert('x')</script>")
    builder.set_goals("<img src=x onerror=alert(1)>")
    assert "<script>" not in builder.preview.value
    assert "<img" not in builder.preview.value
    assert 'sandbox=""' in builder.preview.value
    assert "<script>" not in builder.missing.value


def test_signing_and_unsigning(builder: AgreementBuilder) -> None:
    builder.sign("mentee", "Alex Mentee", on=dt.date(2025, 1, 20))
    assert builder.session.workbook.agreement.mentee.signed_on == dt.date(2025, 1, 20)
    assert "Signed by the mentee, Alex Mentee, on 2025-01-20" in html_text(builder.signed.value)
    builder.sign("mentee", "")
    assert builder.session.workbook.agreement.mentee.signed_on is None
    assert "Not yet signed by the mentee" in html_text(builder.signed.value)


def test_saved_agreement_comes_back_on_a_new_page(builder: AgreementBuilder) -> None:
    fill_in(builder)
    again = AgreementBuilder(builder.session, today=TODAY)
    assert again.fields["date"].value == "2025-02-04" and again.fields["time"].value == "16:00"
    assert again.fields["goals"].value.splitlines()[1] == "Present at the regional conference"
    assert again.unit.value == "week"
    assert again.gaps() == []


def test_a_fresh_page_lists_what_is_missing_without_flagging_every_field(builder: AgreementBuilder) -> None:
    assert not any(f.error for f in builder.fields.values())
    assert len(builder.gaps()) >= 8
    builder.set_text("log_method", "")
    builder.set_text("log_method", "x")
    builder.set_text("log_method", " ")
    assert builder.fields["log_method"].error  # reached and left blank: now it is pointed out


def test_a_reload_brings_back_unreadable_entries_with_their_messages(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    before = show_agreement(open_page(path), today=TODAY)
    before.set_first_meeting("2025-02-04", "16:00")
    before.set_interval("2")
    before.set_first_meeting("30 February 2025", "16:00")
    before.set_interval("0")
    before.set_occurrences("six")
    before.set_duration("90")

    after = show_agreement(open_page(path), today=TODAY)  # a new kernel: only the file is shared
    fields = after.fields
    assert (fields["date"].value, fields["time"].value) == ("30 February 2025", "16:00")
    assert (fields["interval"].value, fields["occurrences"].value, fields["duration"].value) == ("0", "six", "90")
    assert "28 days" in html_text(fields["date"].message.value)
    assert "at least 1" in html_text(fields["interval"].message.value)
    assert "not a whole number" in html_text(fields["occurrences"].message.value)
    schedule = after.agreement.schedule  # the agreement itself keeps the last good values
    assert schedule.first_meeting == dt.datetime(2025, 2, 4, 16, 0) and schedule.interval == 2
    assert schedule.duration_minutes == 90
    assert "28 days" in html_text(after.missing.value)


def test_a_date_without_its_time_survives_a_reload_and_fixing_ends_the_drafts(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    before = show_agreement(open_page(path), today=TODAY)
    before.set_first_meeting("2025-02-04", "")
    again = show_agreement(open_page(path), today=TODAY)
    assert again.fields["date"].value == "2025-02-04"
    assert "Add the time" in html_text(again.fields["time"].message.value)
    again.set_first_meeting("2025-02-04", "9:30")
    again.set_interval("0")
    again.set_interval("3")
    after = show_agreement(open_page(path), today=TODAY)
    assert after.session.workbook.drafts == {}
    assert after.fields["time"].value == "09:30" and after.fields["interval"].value == "3"
    assert after.agreement.schedule.first_meeting == dt.datetime(2025, 2, 4, 9, 30)


def test_meetings_past_the_programme_end_are_pointed_out_and_can_be_dropped(builder: AgreementBuilder) -> None:
    """issue 12: nine four-weekly meetings ran past a 30 June programme end with no warning, all into the .ics."""
    builder.session.workbook.profile.program_end = dt.date(2025, 6, 30)
    builder.set_first_meeting("21/12/2024", "10:00")
    builder.set_interval("4")
    builder.set_unit("week")
    builder.set_occurrences("9")
    warning = html_text(builder.past_end.value)
    assert "2 meetings fall after the programme ends on 30 June 2025" in warning
    assert builder.stop_at_end_button.layout.display != "none"
    assert "COUNT=9" in downloads(builder)["mentoring-meetings.ics"].decode()
    builder.stop_at_end_button.click()
    assert builder.agreement.schedule.occurrences == 7 and builder.fields["occurrences"].value == "7"
    assert builder.past_end.value == "" and builder.stop_at_end_button.layout.display == "none"
    assert "COUNT=7" in downloads(builder)["mentoring-meetings.ics"].decode()  # only the meetings kept
