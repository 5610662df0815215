"""The Personal Development Plan: what each row still needs, and turning a SMART goal into a row."""

from __future__ import annotations

import dataclasses
import datetime as dt

from mentoringkit.completeness import Gap, is_blank
from mentoringkit.smart_goal import compose_statement, format_date, time_phrases
from mentoringkit.workbook import PlanRow, SmartGoal, Workbook

__all__ = ["PLAN_COLUMNS", "add_goal_to_plan", "check_plan"]

#: PlanRow fields that link a row to other things (or comment on it) rather than being columns of the printed form.
_LINK_FIELDS = frozenset({"id", "skill_id", "goal_id", "target_date", "mentor_comment"})
#: The four columns of the printed form, in its order (PlanRow declares them in that order).
PLAN_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(PlanRow) if f.name not in _LINK_FIELDS)

_EMPTY_COLUMN = {
    "goal_and_timeline": "write the goal and when you aim to reach it",
    "development_activities": "list what you will do to get there, such as a course, a project or shadowing "
                              "a colleague",
    "success_measures": "say how you will know you have succeeded, such as a count, a finished piece of work "
                        "or someone's feedback",
    "resources_support": "name the people, time or materials you will need",
}


def check_plan(rows: list[PlanRow], today: dt.date | None = None) -> list[Gap]:
    """What the plan still needs; field ids are ``rows/<index>/<column>`` (index from 0, messages count from 1)."""
    today = today or dt.date.today()
    if not rows:
        return [Gap("rows", "Your plan has no rows yet: add a goal from the SMART goal builder, or add a row.")]
    gaps = []
    for i, row in enumerate(rows):
        n = i + 1
        if all(is_blank(getattr(row, c)) for c in PLAN_COLUMNS):
            gaps.append(Gap(f"rows/{i}", f"Row {n} is empty: fill it in or remove it."))
            continue
        for column in PLAN_COLUMNS:
            if is_blank(getattr(row, column)):
                gaps.append(Gap(f"rows/{i}/{column}", f"Row {n}: {_EMPTY_COLUMN[column]}."))
        goal = row.goal_and_timeline or ""
        if not is_blank(goal) and row.target_date is None and not time_phrases(goal):
            gaps.append(Gap(f"rows/{i}/goal_and_timeline",
                            f"Row {n}: add when you aim to reach this goal, as a date or a time frame such as "
                            "'by the end of June'."))
        if row.target_date is not None and row.target_date < today:
            gaps.append(Gap(f"rows/{i}/target_date",
                            f"Row {n}: the target date, {format_date(row.target_date)}, has passed. Set a new "
                            "date, or remove the row if the goal is done."))
    return gaps


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def add_goal_to_plan(workbook: Workbook, goal: SmartGoal) -> PlanRow:
    """Put a goal into the development plan and return its row.

    Adding the same goal again (same id, or the same words) returns the row already there. A row the
    self-assessment suggested for the goal's skill, still without a goal, is filled in rather than doubled.
    """
    # The measure and resources have their own columns, so the goal column holds the goal and its date only.
    statement = compose_statement(dataclasses.replace(goal, measure="", resources=""))
    for row in workbook.plan:
        if (row.goal_id and row.goal_id == goal.id) or (statement and _same(row.goal_and_timeline, statement)):
            return row
    area = " ".join((goal.development_area or "").split())
    row = next((r for r in workbook.plan if area and r.skill_id == area and is_blank(r.goal_and_timeline)
                and not r.goal_id), None)
    if row is None:
        row = PlanRow()
        workbook.plan.append(row)
    row.goal_and_timeline = statement
    row.goal_id = goal.id
    row.target_date = goal.target_date
    row.skill_id = area or row.skill_id
    if not is_blank(goal.measure):
        row.success_measures = goal.measure.strip()
    if not is_blank(goal.resources):
        row.resources_support = goal.resources.strip()
    return row
