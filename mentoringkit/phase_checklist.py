"""The checklist of tasks by phase: ticking tasks off and how far each phase has come, for one role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mentoringkit.curriculum import Checklist, Task
from mentoringkit.workbook import Workbook

__all__ = ["PhaseProgress", "overall_percent", "progress", "tasks_for", "tick", "untick"]


@dataclass(frozen=True)
class PhaseProgress:
    """How many of a phase's tasks (for this role) are ticked."""

    phase_id: str
    title: str
    done: int
    total: int
    percent: int  # 0..100, rounded down so 100 means every task is done


def tick(workbook: Workbook, task_id: str, on: dt.date | None = None) -> None:
    """Mark a task done; ticking it again keeps the day it was first done."""
    workbook.checklist.setdefault(task_id, on or dt.date.today())


def untick(workbook: Workbook, task_id: str, on: dt.date | None = None) -> None:
    """Mark a task not done (``on`` is accepted for symmetry with ``tick`` and not used)."""
    workbook.checklist.pop(task_id, None)


def tasks_for(tasks: tuple[Task, ...], role: str | None) -> tuple[Task, ...]:
    """The tasks a participant sees: their own role's, or all of them for someone who is both (or undecided)."""
    if role in ("mentor", "mentee"):
        return tuple(t for t in tasks if role in t.audience)
    return tasks


def _percent(done: int, total: int) -> int:
    return 100 * done // total if total else 0


def progress(workbook: Workbook, checklist: Checklist, role: str | None) -> list[PhaseProgress]:
    """Each phase in order with its ticked and total tasks for the role; ticks of unknown tasks are ignored."""
    out = []
    for phase in checklist.phases:
        tasks = tasks_for(phase.tasks, role)
        done = sum(t.id in workbook.checklist for t in tasks)
        out.append(PhaseProgress(phase.id, phase.title, done, len(tasks), _percent(done, len(tasks))))
    return out


def overall_percent(workbook: Workbook, checklist: Checklist, role: str | None) -> int:
    """Share of all the role's tasks that are ticked, 0..100."""
    phases = progress(workbook, checklist, role)
    return _percent(sum(p.done for p in phases), sum(p.total for p in phases))
