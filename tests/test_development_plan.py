"""Development plan: what each row still needs, and goals turned into rows without doubles."""

from __future__ import annotations

import datetime as dt

import pytest

from mentoringkit.development_plan import PLAN_COLUMNS, add_goal_to_plan, check_plan
from mentoringkit.workbook import PlanRow, SmartGoal, Workbook

TODAY = dt.date(2025, 1, 15)


def full_row(**changes: object) -> PlanRow:
    row = PlanRow(goal_and_timeline="Lead two family meetings with my mentor observing by the end of April",
                  development_activities="Observe my mentor lead one first; rehearse with the ward educator",
                  success_measures="Both meetings held and debriefed with my mentor",
                  resources_support="My mentor's time; a quiet room booked through the ward clerk")
    for key, value in changes.items():
        setattr(row, key, value)
    return row


def test_a_complete_plan_has_no_gaps() -> None:
    assert check_plan([full_row(), full_row(target_date=dt.date(2025, 4, 30))], today=TODAY) == []


def test_no_rows_is_one_gap_that_says_how_to_start() -> None:
    [gap] = check_plan([], today=TODAY)
    assert gap.field == "rows" and "SMART goal builder" in gap.message


def test_each_blank_column_is_named_by_row_and_column() -> None:
    rows = [full_row(), full_row(success_measures="   ", resources_support="\n")]
    gaps = check_plan(rows, today=TODAY)
    assert [g.field for g in gaps] == ["rows/1/success_measures", "rows/1/resources_support"]
    assert gaps[0].message.startswith("Row 2:") and "how you will know" in gaps[0].message


def test_an_empty_row_is_one_gap_not_four() -> None:
    gaps = check_plan([full_row(), PlanRow()], today=TODAY)
    assert [g.field for g in gaps] == ["rows/1"]
    assert "Row 2 is empty" in gaps[0].message and "remove it" in gaps[0].message


def test_a_goal_needs_a_timeline() -> None:
    gaps = check_plan([full_row(goal_and_timeline="Lead two family meetings with my mentor observing")],
                      today=TODAY)
    assert [g.field for g in gaps] == ["rows/0/goal_and_timeline"]
    assert "when" in gaps[0].message
    # a target date is a timeline too
    assert check_plan([full_row(goal_and_timeline="Lead two family meetings", target_date=dt.date(2025, 5, 1))],
                      today=TODAY) == []


def test_a_passed_target_date_is_flagged() -> None:
    gaps = check_plan([full_row(target_date=dt.date(2024, 12, 31))], today=TODAY)
    assert [g.field for g in gaps] == ["rows/0/target_date"]
    assert "31 December 2024" in gaps[0].message and "passed" in gaps[0].message


@pytest.mark.parametrize("text", ["", " ", "x" * 100_000, "🙂" * 500, "<b>bold</b>", "مرحبا", "\u202e"])
def test_odd_text_never_crashes(text: str) -> None:
    rows = [PlanRow(**{c: text for c in PLAN_COLUMNS})]
    gaps = check_plan(rows)
    assert isinstance(gaps, list)
    assert bool(gaps) == (not text.strip() or "by" not in text)  # only the timeline (or everything) can be missing


GOAL = SmartGoal(text="Present two case reviews at the monthly teaching meeting",
                 measure="Written feedback from my mentor on both", target_date=dt.date(2025, 3, 31),
                 resources="Protected study time", development_area="give-feedback")


def test_add_goal_makes_a_full_row() -> None:
    workbook = Workbook()
    row = add_goal_to_plan(workbook, GOAL)
    assert workbook.plan == [row]
    assert row.goal_and_timeline == ("By 31 March 2025 I will present two case reviews at the monthly teaching "
                                     "meeting.")
    assert row.success_measures == GOAL.measure and row.resources_support == GOAL.resources
    assert (row.goal_id, row.skill_id, row.target_date) == (GOAL.id, "give-feedback", GOAL.target_date)
    assert [g.field for g in check_plan(workbook.plan, today=TODAY)] == ["rows/0/development_activities"]


def test_adding_the_same_goal_twice_keeps_one_row() -> None:
    workbook = Workbook()
    first = add_goal_to_plan(workbook, GOAL)
    assert add_goal_to_plan(workbook, GOAL) is first
    retyped = SmartGoal(text="  present two case reviews at the monthly   teaching meeting. ",
                        target_date=GOAL.target_date)  # a new goal id, the same words
    assert add_goal_to_plan(workbook, retyped) is first
    assert len(workbook.plan) == 1
    other = SmartGoal(text="Chair one journal club", target_date=GOAL.target_date)
    assert add_goal_to_plan(workbook, other) is not first and len(workbook.plan) == 2


def test_a_suggested_row_for_the_skill_is_filled_in() -> None:
    workbook = Workbook(plan=[PlanRow(skill_id="give-feedback", development_activities="Practise weekly")])
    row = add_goal_to_plan(workbook, GOAL)
    assert workbook.plan == [row]
    assert row.development_activities == "Practise weekly" and row.goal_id == GOAL.id
    assert check_plan(workbook.plan, today=TODAY) == []


def test_columns_match_the_form_in_the_content() -> None:
    from mentoringkit.curriculum import load_curriculum

    form = load_curriculum().forms.development_plan
    assert tuple(f.id for f in form.fields) == PLAN_COLUMNS
