"""Ending well: the signs self-check, the closure planner bound to the workbook, the mentoring plan download."""

from __future__ import annotations

import datetime as dt

from reloading import open_page
from widget_text import SaveCounter, downloads, html_text, page_text

from mentoringkit.exports import mentoring_plan_markdown
from mentoringkit.session import memory_session
from mentoringkit.widgets.closure import show_closure, show_ending_signs, show_mentoring_plan_download

TODAY = dt.date(2025, 11, 3)


def test_signs_follow_the_role_and_answer_back() -> None:
    mentee = show_ending_signs(memory_session(role="mentee"))
    mentor = show_ending_signs(memory_session(role="mentor"))
    assert "mentor-overburdened" in mentor.boxes and "mentor-overburdened" not in mentee.boxes
    assert "No signs ticked" in html_text(mentee.verdict.value)
    mentee.check_sign("goals-reached")
    mentee.check_sign("time-frame-over")
    assert mentee.ticked() == ["goals-reached", "time-frame-over"]
    assert "You ticked 2 signs" in html_text(mentee.verdict.value)


def test_planner_saves_every_change() -> None:
    planner = show_closure(memory_session(role="mentee"), today=TODAY)
    saves = SaveCounter(planner.session)
    planner.agree_ending()
    planner.set_how_to_end("taper")
    planner.set_last_meeting("2025-12-01")
    planner.set_text("accomplishments", "Chaired two meetings; presented at the conference")
    plan = planner.session.workbook.closure
    assert plan.ending_agreed and plan.how_to_end == "taper" and plan.last_meeting == dt.date(2025, 12, 1)
    assert plan.accomplishments == "Chaired two meetings; presented at the conference"
    assert saves.count == 4
    again = show_closure(planner.session, today=TODAY)
    assert again.how.value == "taper" and again.last_meeting.value == "2025-12-01" and again.agreed.value


def test_impossible_last_meeting_stays_with_a_message() -> None:
    planner = show_closure(memory_session(role="mentee"), today=TODAY)
    planner.set_last_meeting("2025-12-01")
    planner.set_last_meeting("2025-11-31")
    assert planner.last_meeting.value == "2025-11-31"
    assert "November 2025 has 30 days" in (planner.last_meeting.error or "")
    assert planner.session.workbook.closure.last_meeting == dt.date(2025, 12, 1)
    assert "November 2025 has 30 days" in html_text(planner.missing.value)


def test_gaps_are_listed_until_the_plan_is_complete() -> None:
    planner = show_closure(memory_session(role="mentee"), today=TODAY)
    from mentoringkit.closure import check_closure

    gaps = check_closure(planner.session.workbook.closure)
    assert gaps
    text = html_text(planner.missing.value)
    assert all(html_text(g.message) in text for g in gaps)


def test_steps_to_end_are_shown_for_the_role() -> None:
    mentee = page_text(show_closure(memory_session(role="mentee"), today=TODAY))
    mentor = page_text(show_closure(memory_session(role="mentor"), today=TODAY))
    assert "Send a thank-you note" in mentee and "Send a thank-you note" not in mentor
    assert "Talk about it openly" in mentor


def test_mentoring_plan_download_follows_the_workbook() -> None:
    session = memory_session(role="mentee")
    download = show_mentoring_plan_download(session)
    planner = show_closure(session, today=TODAY)
    planner.set_text("thank_you_note", "Thank you for <everything>")
    markdown = downloads(download)["my-mentoring-plan.md"].decode("utf-8")
    assert markdown == mentoring_plan_markdown(session.workbook, session.curriculum)
    assert "Thank you for" in markdown
    page = downloads(download)["my-mentoring-plan.html"].decode("utf-8")
    assert "<everything>" not in page


def test_a_fresh_planner_lists_gaps_without_flagging_every_field() -> None:
    planner = show_closure(memory_session(role="mentee"), today=TODAY)
    assert not any(f.error for f in planner.fields.values()) and planner.last_meeting.error is None
    planner.set_text("future_contact", "Email now and then")
    planner.set_text("future_contact", "")
    assert planner.fields["future_contact"].error  # reached and emptied: now it is pointed out


def test_a_reload_brings_back_the_ticked_signs(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    before = show_ending_signs(open_page(path))
    before.check_sign("goals-reached")
    before.check_sign("time-frame-over")
    before.check_sign("time-frame-over", False)

    after = show_ending_signs(open_page(path))  # a new kernel: only the file is shared
    assert after.ticked() == ["goals-reached"]
    assert after.boxes["goals-reached"].value and not after.boxes["time-frame-over"].value
    assert "You ticked 1 sign" in html_text(after.verdict.value)


def test_a_reload_brings_back_an_unreadable_last_meeting_with_its_message(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    before = show_closure(open_page(path), today=TODAY)
    before.set_last_meeting("2025-12-01")
    before.set_last_meeting("31 November 2025")

    after = show_closure(open_page(path), today=TODAY)  # a new kernel: only the file is shared
    assert after.last_meeting.value == "31 November 2025"
    assert "November 2025 has 30 days" in html_text(after.last_meeting.message.value)
    assert after.plan.last_meeting == dt.date(2025, 12, 1)  # the last good date is still the plan's
    after.set_last_meeting("2025-11-30")
    fixed = show_closure(open_page(path), today=TODAY)
    assert fixed.last_meeting.value == "2025-11-30" and fixed.last_meeting.error is None
    assert fixed.session.workbook.drafts == {}
