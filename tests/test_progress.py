"""When a module counts as started or done, as the start page's overview shows it."""

from __future__ import annotations

import datetime as dt

import pytest

from mentoringkit.curriculum import load_curriculum
from mentoringkit.progress import RULES, course_progress, module_status
from mentoringkit.workbook import Evaluation, LogEntry, PlanRow, SkillAssessment, SmartGoal, Workbook


@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


def test_every_module_of_the_course_has_a_rule(cur):
    assert [m.id for m in cur.course.modules] == list(RULES)


def test_an_empty_workbook_has_started_nothing(cur):
    assert {p.status for p in course_progress(Workbook(), cur)} == {"not started"}


def test_start_here_needs_name_and_role(cur):
    wb = Workbook()
    wb.profile.name = "Ana"
    assert module_status(wb, "start-here", cur) == "started"
    wb.profile.role = "mentee"
    assert module_status(wb, "start-here", cur) == "done"


def test_myths_quiz_is_done_when_every_myth_is_answered(cur):
    wb = Workbook()
    myths = [m.id for m in cur.myths.myths]
    wb.quiz_answers[myths[0]] = True
    assert module_status(wb, "what-is-mentoring", cur) == "started"
    wb.quiz_answers.update(dict.fromkeys(myths, False))
    assert module_status(wb, "what-is-mentoring", cur) == "done"


def test_components_are_done_with_one_situation_answered_for_each(cur):
    wb = Workbook()
    comps = cur.components.components
    wb.set_reflection(f"component:{comps[0].id}", "I will ask more questions.")
    assert module_status(wb, "four-components", cur) == "started"
    for c in comps[:-1]:
        wb.scenario_answers[f"{c.id}/{c.scenarios[0].id}"] = 0
    assert module_status(wb, "four-components", cur) == "started"
    wb.scenario_answers[f"{comps[-1].id}/{comps[-1].scenarios[0].id}"] = 1
    assert module_status(wb, "four-components", cur) == "done"


def test_boundaries_are_done_when_every_question_for_the_role_is_answered(cur):
    wb = Workbook()
    wb.profile.role = "mentee"
    b = cur.boundaries
    wb.boundaries = {p.id: "answered" for p in (*b.for_both, *b.for_mentees)}
    assert module_status(wb, "boundaries", cur) == "done"
    wb.profile.role = "both"  # now the mentor questions are wanted too
    assert module_status(wb, "boundaries", cur) == ("done" if not b.for_mentors else "started")
    wb.boundaries = {k: " " for k in wb.boundaries}  # blank answers do not count
    assert module_status(wb, "boundaries", cur) == "not started"


def test_goals_need_assessment_goal_and_plan(cur):
    wb = Workbook()
    wb.assessments.append(SkillAssessment(taken_on=dt.date(2025, 1, 1)))
    wb.goals.append(SmartGoal(text="Lead a ward huddle by March"))
    assert module_status(wb, "goals", cur) == "started"
    wb.plan.append(PlanRow(goal_and_timeline="Lead a huddle, March"))
    assert module_status(wb, "goals", cur) == "done"


def test_agreement_log_and_ending(cur):
    wb = Workbook()
    wb.agreement.goals = ["Grow as a presenter"]
    assert module_status(wb, "agreement", cur) == "started"
    wb.agreement.schedule.first_meeting = dt.datetime(2025, 1, 6, 9, 0)
    wb.agreement.confidentiality_meaning = "What we say stays between us unless someone is at risk."
    assert module_status(wb, "agreement", cur) == "done"

    wb.log.append(LogEntry(date=dt.date(2025, 1, 6), activity="First meeting"))
    assert module_status(wb, "progress", cur) == "started"
    wb.evaluations.append(Evaluation(kind="midpoint", done_on=dt.date(2025, 3, 1)))
    assert module_status(wb, "progress", cur) == "done"
    assert module_status(wb, "ending-well", cur) == "not started"
    wb.evaluations.append(Evaluation(kind="closing", done_on=dt.date(2025, 6, 30)))
    assert module_status(wb, "ending-well", cur) == "done"


def test_a_module_reflection_starts_any_module(cur):
    wb = Workbook()
    wb.set_reflection("module:first-meeting", "Nervous but ready.")
    assert module_status(wb, "first-meeting", cur) == "started"
    wb.agenda = ["some-starter"]
    assert module_status(wb, "first-meeting", cur) == "done"


def test_a_module_the_rules_do_not_know_is_done_by_its_reflection(cur):
    wb = Workbook()
    assert module_status(wb, "trainers-extra", cur) == "not started"
    wb.set_reflection("module:trainers-extra", "Done the reading.")
    assert module_status(wb, "trainers-extra", cur) == "done"
