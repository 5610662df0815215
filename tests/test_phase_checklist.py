"""The phase checklist: ticking, unticking and progress per role."""

from __future__ import annotations

import datetime as dt

import pytest

from mentoringkit.curriculum import Checklist, Phase, Task, load_curriculum
from mentoringkit.phase_checklist import overall_percent, progress, tasks_for, tick, untick
from mentoringkit.workbook import Workbook

TODAY = dt.date(2025, 1, 15)


def small() -> Checklist:
    return Checklist(source="", phases=(
        Phase("preparing", "Preparing", "", (Task("m1", "mentee task"), Task("r1", "mentor task", ("mentor",)),
                                             Task("b1", "shared task", ("mentor", "mentee")))),
        Phase("implementing", "Implementing", "", (Task("m2", "mentee task"),)),
        Phase("evaluating", "Evaluating", "", ()),
        Phase("closing", "Closing", "", (Task("r2", "mentor task", ("mentor",)),)),
    ))


def test_tick_records_the_day_and_keeps_the_first_one() -> None:
    wb = Workbook()
    tick(wb, "m1", on=TODAY)
    tick(wb, "m1", on=TODAY + dt.timedelta(days=5))
    assert wb.checklist == {"m1": TODAY}
    untick(wb, "m1")
    untick(wb, "m1")  # unticking twice is harmless
    assert wb.checklist == {}
    tick(wb, "m2")
    assert wb.checklist["m2"] == dt.date.today()


@pytest.mark.parametrize(("role", "expected"), [
    ("mentee", ["m1", "b1"]), ("mentor", ["r1", "b1"]), ("both", ["m1", "r1", "b1"]), (None, ["m1", "r1", "b1"]),
])
def test_tasks_follow_the_role(role: str | None, expected: list[str]) -> None:
    assert [t.id for t in tasks_for(small().phases[0].tasks, role)] == expected


def test_progress_per_phase_and_overall() -> None:
    wb = Workbook()
    for task in ("m1", "b1", "r2", "not-a-task"):
        tick(wb, task, on=TODAY)
    mentee = progress(wb, small(), "mentee")
    assert [(p.phase_id, p.done, p.total, p.percent) for p in mentee] == [
        ("preparing", 2, 2, 100), ("implementing", 0, 1, 0), ("evaluating", 0, 0, 0), ("closing", 0, 0, 0)]
    assert mentee[0].title == "Preparing"
    assert overall_percent(wb, small(), "mentee") == 66  # 2 of 3, rounded down: 100 only when all are done
    mentor = progress(wb, small(), "mentor")
    assert [(p.done, p.total) for p in mentor] == [(1, 2), (0, 0), (0, 0), (1, 1)]
    assert overall_percent(wb, small(), "both") == 60  # 3 of 5


def test_real_checklist_reaches_100_only_when_all_role_tasks_are_done() -> None:
    checklist = load_curriculum().checklist
    wb = Workbook()
    mentor_tasks = [t.id for p in checklist.phases for t in tasks_for(p.tasks, "mentor")]
    assert mentor_tasks and overall_percent(wb, checklist, "mentor") == 0
    for task_id in mentor_tasks[:-1]:
        tick(wb, task_id, on=TODAY)
    assert overall_percent(wb, checklist, "mentor") < 100
    tick(wb, mentor_tasks[-1], on=TODAY)
    assert overall_percent(wb, checklist, "mentor") == 100
    assert overall_percent(wb, checklist, "mentee") < 100  # the mentee's own tasks are not done
    assert [p.phase_id for p in progress(wb, checklist, "mentor")] == ["preparing", "implementing", "evaluating",
                                                                       "closing"]
