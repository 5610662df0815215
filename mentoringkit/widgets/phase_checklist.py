"""The phase checklist: the tasks of each phase for the participant's role, tick boxes, and progress per phase
and overall, in words and numbers as well as bars.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from mentoringkit.phase_checklist import overall_percent, progress, tasks_for, tick, untick
from mentoringkit.widgets.controls import Follower, QuietHTML, shared_look, sources_html

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Task
    from mentoringkit.session import Session

__all__ = ["WRAP_CHECKBOX_LABELS", "PhaseChecklist", "progress_bar_html", "show_phase_checklist", "task_label"]

# ipywidgets cuts a checkbox label to one line with an ellipsis; task texts are sentences, so let them wrap.
WRAP_CHECKBOX_LABELS = ("<style>.mk-checklist .widget-checkbox{height:auto;width:100%;max-width:calc(100% - 8px)}"
                ".mk-checklist .widget-checkbox .widget-label-basic{white-space:normal;overflow:visible;"
                "height:auto;line-height:1.4;display:flex;align-items:flex-start;padding:0.15em 0}"
                ".mk-checklist .widget-checkbox input{flex-grow:0;margin-top:0.25em}</style>")


#: A phase's tasks side by side, two to a row on a wide screen and one on a phone, so the 62 tasks of someone who is
#: both mentor and mentee fit one section of the page (they made it over 4,000 px tall one under another). Tab
#: and screen readers still take them in order, row by row.
_TASK_GRID_STYLE = ("<style>.mk-checklist .mk-task-grid{flex-flow:row wrap;align-items:flex-start;column-gap:1.2em;"
                    "width:100%}"
                    ".mk-checklist .mk-task-grid > .widget-checkbox{flex:1 1 30em;min-width:0;align-items:flex-start;"
                    "max-width:calc(100% - 8px)}</style>")


def task_label(task: Task, role: str | None) -> str:
    """A task's tick-box label. Someone who is both, or has not chosen, sees both sides' tasks, so each says whose
    it is; a mentor or a mentee sees only their own and needs no tag."""
    if role in ("mentor", "mentee"):
        return task.text
    whose = " and ".join(a for a in ("mentor", "mentee") if a in task.audience)
    return f"{task.text} ({whose})" if whose else task.text


def progress_bar_html(label: str, done: int, total: int, percent: float | int) -> str:
    """A bar with its numbers in words beside it, exposed to screen readers as a progressbar."""
    pct = round(percent)
    return (f'<div class="mk-progress-row" style="display:flex;flex-wrap:wrap;align-items:center;gap:0.2em 0.8em;'
            f'margin:0.2em 0">'
            f'<div role="progressbar" aria-label="{html.escape(label, quote=True)}" aria-valuemin="0" '
            f'aria-valuemax="100" aria-valuenow="{pct}" style="flex:0 1 14em;min-width:8em;height:0.9em;'
            f'border:1px solid #555;border-radius:3px;background:#fff">'
            f'<div style="width:{pct}%;height:100%;background:#1d5c7a"></div></div>'
            f"<span>{html.escape(label)}: {done} of {total} tasks done ({pct}%)</span></div>")


class PhaseChecklist(Follower, widgets.VBox):
    """Tick boxes by phase with progress; ``tick`` and ``untick`` act as the participant."""

    def __init__(self, session: Session, *, today: dt.date | None = None):
        self._today = today
        self.lay_out(session, "mk-checklist")

    def _build(self) -> None:
        """Lay out the tasks for the participant's role as it is now."""
        session = self.session
        self._role = session.role
        checklist = session.curriculum.checklist
        ticked = session.workbook.checklist
        self.boxes: dict[str, widgets.Checkbox] = {}
        self.phase_progress: dict[str, QuietHTML] = {}
        self.overall = QuietHTML(repr_name="ChecklistOverall")
        children: list[widgets.Widget] = [
            QuietHTML(WRAP_CHECKBOX_LABELS + _TASK_GRID_STYLE
                      + "<p>Tick each task when it is done; the date is saved with it."
                      + ("" if session.role in ("mentor", "mentee") else
                         " You see the tasks of both sides, each marked with whose it is; choose your role on "
                         "the start page to see only yours.")
                      + "</p>" + sources_html([checklist.source], session.curriculum), repr_name="ChecklistIntro"),
            self.overall,
        ]
        # One layout and one style for every box: each would otherwise be two more widget models for the
        # page to create and sync (a checklist has dozens of boxes). Nothing changes them per box.
        shared: dict[str, Any] = {"layout": widgets.Layout(width="auto")}
        for phase in checklist.phases:
            tasks = tasks_for(phase.tasks, session.role)
            if not tasks:
                continue
            bar = QuietHTML(repr_name=f"PhaseProgress[{phase.id}]")
            self.phase_progress[phase.id] = bar
            children.append(QuietHTML(f'<h3 style="margin:1em 0 0.1em">{html.escape(phase.title)}</h3>'
                                      f'<p style="margin:0">{html.escape(phase.summary)}</p>',
                                      repr_name=f"Phase[{phase.id}]"))
            children.append(bar)
            grid = widgets.Box(layout=widgets.Layout(width="100%"))
            grid.add_class("mk-task-grid")
            for task in tasks:
                box = widgets.Checkbox(value=task.id in ticked, description=task_label(task, session.role),
                                       indent=False, **shared)
                shared.setdefault("style", box.style)
                box.observe(self.by_hand(lambda change, tid=task.id: self._box_changed(tid, change["new"])),
                            names="value")
                self.boxes[task.id] = box
            grid.children = [self.boxes[task.id] for task in tasks]
            children.append(grid)
        self.children = children
        self.show_progress()

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # -- acting as the participant ----------------------------------------------
    def tick(self, task_id: str, on: dt.date | None = None) -> None:
        """Mark a task done (dated ``on``, today by default)."""
        self._check_task(task_id)
        tick(self.session.workbook, task_id, on=on or self.today())
        self.session.save()
        self._sync(task_id)

    def untick(self, task_id: str) -> None:
        """Mark a task not done."""
        self._check_task(task_id)
        untick(self.session.workbook, task_id)
        self.session.save()
        self._sync(task_id)

    # -- showing ----------------------------------------------------------------
    def _check_task(self, task_id: str) -> None:
        if task_id not in self.boxes:
            raise KeyError(f"no task {task_id!r} on this participant's checklist")

    def _box_changed(self, task_id: str, value: bool) -> None:
        if value == (task_id in self.session.workbook.checklist):
            return  # the box was set to match the workbook, not clicked
        if value:
            self.tick(task_id)
        else:
            self.untick(task_id)

    def refresh(self) -> None:
        """Tick the boxes as saved (ticked on another page, perhaps) and redraw the progress; the tasks change
        with a role changed on another page."""
        if self.relaid_for_role():
            return
        ticked = self.session.workbook.checklist
        with self.redrawing():
            for task_id, box in self.boxes.items():
                box.value = task_id in ticked
        self.show_progress()

    def _sync(self, task_id: str) -> None:
        self.boxes[task_id].value = task_id in self.session.workbook.checklist
        self.show_progress()

    def progress(self) -> list[Any]:
        return progress(self.session.workbook, self.session.curriculum.checklist, self.session.role)

    def show_progress(self) -> None:
        phases = self.progress()
        for item in phases:
            if item.phase_id in self.phase_progress:
                self.phase_progress[item.phase_id].value = progress_bar_html(item.title, item.done, item.total,
                                                                             item.percent)
        done = sum(p.done for p in phases)
        total = sum(p.total for p in phases)
        percent = overall_percent(self.session.workbook, self.session.curriculum.checklist, self.session.role)
        self.overall.value = "<h3>Overall</h3>" + progress_bar_html("All phases", done, total, percent)

    def __repr__(self) -> str:
        return "PhaseChecklist()"


@shared_look()
def show_phase_checklist(session: Session, *, today: dt.date | None = None) -> PhaseChecklist:
    """The checklist of tasks by phase for this participant's role."""
    return PhaseChecklist(session, today=today)
