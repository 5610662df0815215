"""The phase checklist widget: tasks for the role, tick boxes saved with dates, progress in words."""

from __future__ import annotations

import datetime as dt

from widget_text import SaveCounter, html_text, page_text

from mentoringkit.session import memory_session
from mentoringkit.widgets.phase_checklist import show_phase_checklist

TODAY = dt.date(2025, 3, 10)


def test_tasks_follow_the_role() -> None:
    mentee = show_phase_checklist(memory_session(role="mentee"), today=TODAY)
    mentor = show_phase_checklist(memory_session(role="mentor"), today=TODAY)
    both = show_phase_checklist(memory_session(role="both"), today=TODAY)
    assert "mentor-check-time" in mentor.boxes and "mentor-check-time" not in mentee.boxes
    assert "read-mentee-role" in mentee.boxes and "read-mentee-role" not in mentor.boxes
    assert set(both.boxes) == set(mentee.boxes) | set(mentor.boxes)


def test_ticking_saves_the_date_and_moves_the_bars() -> None:
    checklist = show_phase_checklist(memory_session(role="mentee"), today=TODAY)
    saves = SaveCounter(checklist.session)
    preparing = [t for t in checklist.session.curriculum.checklist.phases[0].tasks if "mentee" in t.audience]
    assert f"0 of {len(preparing)} tasks done (0%)" in html_text(checklist.phase_progress["preparing"].value)
    checklist.tick("read-mentee-role")
    assert checklist.session.workbook.checklist["read-mentee-role"] == TODAY
    assert checklist.boxes["read-mentee-role"].value is True and saves.count == 1
    percent = 100 // len(preparing)  # rounded down: 100% only when every task is done
    assert (f"1 of {len(preparing)} tasks done ({percent}%)"
            in html_text(checklist.phase_progress["preparing"].value))
    assert f'aria-valuenow="{percent}"' in checklist.phase_progress["preparing"].value
    assert "All phases: 1 of" in html_text(checklist.overall.value)
    checklist.untick("read-mentee-role")
    assert "read-mentee-role" not in checklist.session.workbook.checklist
    assert checklist.boxes["read-mentee-role"].value is False and saves.count == 2


def test_clicking_a_box_is_the_same_as_tick() -> None:
    checklist = show_phase_checklist(memory_session(role="mentee"), today=TODAY)
    checklist.boxes["attend-kickoff"].value = True
    assert checklist.session.workbook.checklist["attend-kickoff"] == TODAY
    checklist.tick("get-paired", on=dt.date(2025, 1, 2))
    again = show_phase_checklist(checklist.session, today=TODAY)
    assert again.boxes["get-paired"].value and again.boxes["attend-kickoff"].value
    assert not again.boxes["read-mentee-role"].value


def test_task_text_is_shown_in_full() -> None:
    checklist = show_phase_checklist(memory_session(role="mentee"), today=TODAY)
    text = page_text(checklist)
    for phase in checklist.session.curriculum.checklist.phases:
        assert phase.title in text
    assert "white-space:normal" in checklist.children[0].value  # long labels wrap instead of being cut
