"""Whose task is whose: a participant who is both, or has not chosen, sees each side's tasks marked."""

from __future__ import annotations

import datetime as dt

from mentoringkit.session import memory_session
from mentoringkit.widgets.phase_checklist import show_phase_checklist

TODAY = dt.date(2025, 3, 10)


def labels(checklist) -> dict[str, str]:
    return {task_id: box.description for task_id, box in checklist.boxes.items()}


def test_both_and_undecided_see_whose_each_task_is() -> None:
    for role in ("both", None):
        checklist = show_phase_checklist(memory_session(role=role), today=TODAY)
        shown = labels(checklist)
        assert shown["mentor-check-time"].endswith("(mentor)")
        assert shown["read-mentee-role"].endswith("(mentee)")
        assert "whose it is" in checklist.children[0].value
        audiences = {t.id: t.audience for p in checklist.session.curriculum.checklist.phases for t in p.tasks}
        shared = [tid for tid, aud in audiences.items() if set(aud) == {"mentor", "mentee"}]
        for tid in shared:
            assert shown[tid].endswith("(mentor and mentee)")


def test_a_mentor_or_mentee_sees_plain_task_texts() -> None:
    for role in ("mentor", "mentee"):
        checklist = show_phase_checklist(memory_session(role=role), today=TODAY)
        tasks = {t.id: t.text for p in checklist.session.curriculum.checklist.phases for t in p.tasks}
        assert all(box.description == tasks[tid] for tid, box in checklist.boxes.items())
        assert "whose it is" not in checklist.children[0].value
