"""How far a participant has come: whether each module is not started, started or done, read off the workbook.

One plain rule per module, so the start page's overview and any report agree. A module the rules do not
know (a trainer added it) counts as done once its reflection is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mentoringkit.workbook import Agreement, ClosurePlan, Workbook

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum

__all__ = ["STATUS_LABELS", "ModuleProgress", "ModuleStatus", "course_progress", "module_status"]

ModuleStatus = Literal["not started", "started", "done"]

#: What the overview shows for each status: words, not just a colour or a symbol.
STATUS_LABELS: dict[str, str] = {"not started": "Not started", "started": "Started", "done": "Done"}


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    title: str
    minutes: int
    status: ModuleStatus


# Each rule returns (started, done) from the module's own part of the workbook.
Rule = Callable[[Workbook, "Curriculum"], tuple[bool, bool]]


def _start_here(wb: Workbook, cur: Curriculum) -> tuple[bool, bool]:
    p = wb.profile
    return bool(p.name or p.role), bool(p.name.strip() and p.role)


def _what_is_mentoring(wb: Workbook, cur: Curriculum) -> tuple[bool, bool]:
    myth_ids = {m.id for m in cur.myths.myths}
    answered = myth_ids & set(wb.quiz_answers)
    return bool(answered), bool(myth_ids) and answered == myth_ids


def _four_components(wb: Workbook, cur: Curriculum) -> tuple[bool, bool]:
    answered = {key.split("/", 1)[0] for key in wb.scenario_answers}
    reflected = {key.split(":", 1)[1] for key in wb.reflections
                 if key.startswith("component:") and wb.reflection(key).strip()}
    components = {c.id for c in cur.components.components}
    touched = (answered | reflected) & components
    # Done: at least one practice situation answered for every component.
    return bool(touched), bool(components) and components <= answered


def _roles(wb: Workbook, cur: Curriculum) -> tuple[bool, bool]:
    chosen = bool(wb.roles_needed or wb.roles_offered)
    return chosen or any(wb.trap_checks.values()), chosen


def _boundary_question_ids(wb: Workbook, cur: Curriculum) -> set[str]:
    b = cur.boundaries
    role = wb.profile.role
    points = list(b.for_both)
    if role in ("mentor", "both"):
        points += b.for_mentors
    if role in ("mentee", "both"):
        points += b.for_mentees
    return {p.id for p in points}


def _boundaries(wb: Workbook, cur: Curriculum) -> tuple[bool, bool]:
    answered = {k for k, v in wb.boundaries.items() if v.strip()}
    wanted = _boundary_question_ids(wb, cur)
    return bool(answered), bool(wanted) and wanted <= answered


def _first_meeting(wb: Workbook, cur: Curriculum) -> tuple[bool, bool]:
    return bool(wb.agenda), bool(wb.agenda)


def _goals(wb: Workbook, cur: Curriculum) -> tuple[bool, bool]:
    filled_rows = [r for r in wb.plan if r.goal_and_timeline.strip()]
    started = bool(wb.assessments or wb.goals or filled_rows)
    return started, bool(wb.assessments and wb.goals and filled_rows)


def _agreement(wb: Workbook, cur: Curriculum) -> tuple[bool, bool]:
    a = wb.agreement
    done = bool([g for g in a.goals if g.strip()] and a.schedule.first_meeting and a.confidentiality_meaning.strip())
    return a != Agreement(), done


def _log_and_progress(wb: Workbook, cur: Curriculum) -> tuple[bool, bool]:
    started = bool(wb.log or wb.checklist or wb.evaluations)
    midpoint = any(e.kind == "midpoint" and e.done_on for e in wb.evaluations)
    return started, bool(wb.log) and midpoint


def _ending(wb: Workbook, cur: Curriculum) -> tuple[bool, bool]:
    c = wb.closure
    closing = any(e.kind == "closing" and e.done_on for e in wb.evaluations)
    return c != ClosurePlan() or closing, bool(c.how_to_end and c.last_meeting) or closing


#: Module id -> rule. Module ids come from content/course.yml.
RULES: dict[str, Rule] = {
    "start-here": _start_here,
    "what-is-mentoring": _what_is_mentoring,
    "four-components": _four_components,
    "roles-and-responsibilities": _roles,
    "boundaries": _boundaries,
    "first-meeting": _first_meeting,
    "goals": _goals,
    "agreement": _agreement,
    "progress": _log_and_progress,
    "ending-well": _ending,
}


def module_status(workbook: Workbook, module_id: str, curriculum: Curriculum) -> ModuleStatus:
    """Not started, started or done, for one module.

    A written module reflection (``reflections["module:<id>"]``) counts as starting any module.
    """
    reflected = bool(workbook.reflection(f"module:{module_id}").strip())
    rule = RULES.get(module_id)
    if rule is None:
        return "done" if reflected else "not started"
    started, done = rule(workbook, curriculum)
    if done:
        return "done"
    return "started" if started or reflected else "not started"


def course_progress(workbook: Workbook, curriculum: Curriculum) -> list[ModuleProgress]:
    """Every module of the course in order, with its status."""
    return [ModuleProgress(m.id, m.title, m.minutes, module_status(workbook, m.id, curriculum))
            for m in curriculum.course.modules]
