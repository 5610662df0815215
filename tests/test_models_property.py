"""Property tests over whole workbooks: any content survives a JSON round trip, and no rule crashes on it."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoringkit.agreement import check_agreement, meeting_dates
from mentoringkit.closure import check_closure
from mentoringkit.curriculum import load_curriculum
from mentoringkit.development_plan import add_goal_to_plan, check_plan
from mentoringkit.evaluation import check_evaluation
from mentoringkit.mentoring_log import check_entry, log_summary
from mentoringkit.phase_checklist import overall_percent, progress
from mentoringkit.self_assessment import compare, plan_rows_from, render_chart_svg, summarise, validate_assessment
from mentoringkit.smart_goal import analyse_goal
from mentoringkit.workbook import (
    Agreement,
    ClosurePlan,
    Evaluation,
    LogEntry,
    MeetingSchedule,
    PlanRow,
    Profile,
    Reflection,
    Signature,
    SkillAssessment,
    SmartGoal,
    Workbook,
)

CURRICULUM = load_curriculum()
SKILL_IDS = [s.id for s in CURRICULUM.skills.skills]

# Text a participant might paste: anything, plus the awkward cases named outright.
AWKWARD = st.sampled_from(["", "   ", "<script>alert(1)</script>", "مرحبا بكم", "שלום", "\u202egnp.exe", "🙂👩🏽‍⚕️",
                           "=HYPERLINK(\"x\")", "Ω≈ç√", "line one\nline two", "x" * 5000, "2027-02-30", "\t"])
TEXT = st.one_of(st.text(max_size=60), AWKWARD)
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
ZONES = st.sampled_from([None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=30)),
                         dt.timezone(dt.timedelta(hours=-8))])  # fixed offsets: equality is exact
DATETIMES = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=ZONES)
SMALL_INT = st.integers(-5, 500)


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


GOALS = st.builds(SmartGoal, text=TEXT, measure=TEXT, target_date=optional(DATES), resources=TEXT,
                  development_area=st.one_of(TEXT, st.sampled_from(SKILL_IDS)), created=optional(DATES))
ASSESSMENTS = st.builds(SkillAssessment, taken_on=DATES,
                        levels=st.dictionaries(st.one_of(st.sampled_from(SKILL_IDS), st.text(max_size=10)),
                                               st.sampled_from(["expert", "proficient", "developmental"]),
                                               max_size=20),
                        strengths_note=TEXT, development_note=TEXT)
PLAN_ROWS = st.builds(PlanRow, goal_and_timeline=TEXT, development_activities=TEXT, success_measures=TEXT,
                      resources_support=TEXT, skill_id=TEXT, goal_id=TEXT, target_date=optional(DATES))
SCHEDULES = st.builds(MeetingSchedule, first_meeting=optional(DATETIMES), interval=SMALL_INT,
                      unit=st.sampled_from(["week", "month"]), occurrences=SMALL_INT, duration_minutes=SMALL_INT,
                      location=TEXT, description=TEXT)
SIGNATURES = st.builds(Signature, name=TEXT, signed_on=optional(DATES))
AGREEMENTS = st.builds(Agreement, goals=st.lists(TEXT, max_size=4), schedule=SCHEDULES,
                       learning_opportunities=TEXT, confidentiality_meaning=TEXT,
                       ground_rules=st.lists(TEXT, max_size=4), feedback_method=TEXT, log_method=TEXT,
                       mentor=SIGNATURES, mentee=SIGNATURES)
LOG = st.builds(LogEntry, date=optional(DATES), activity=TEXT, duration_minutes=optional(SMALL_INT), notes=TEXT,
                next_steps=TEXT)
EVALUATIONS = st.builds(Evaluation, kind=st.sampled_from(["midpoint", "closing"]), done_on=optional(DATES),
                        answers=st.dictionaries(st.text(max_size=20), TEXT, max_size=5), rating=optional(SMALL_INT),
                        decision=st.sampled_from(["continue", "adjust", "end", ""]))
CLOSURES = st.builds(ClosurePlan, ending_agreed=st.booleans(), reason=TEXT, how_to_end=st.sampled_from(
    ["stop", "taper", ""]), last_meeting=optional(DATES), future_contact=TEXT, accomplishments=TEXT,
    still_to_do=TEXT, mentee_plan=TEXT, thoughts_on_process=TEXT, thank_you_note=TEXT)
WORKBOOKS = st.builds(
    Workbook,
    created=DATETIMES, updated=DATETIMES,
    profile=st.builds(Profile, name=TEXT, role=st.sampled_from([None, "mentor", "mentee", "both"]),
                      partner_name=TEXT, organisation=TEXT, program_start=optional(DATES),
                      program_end=optional(DATES)),
    reflections=st.dictionaries(TEXT, st.builds(Reflection, text=TEXT, updated=optional(DATETIMES)), max_size=3),
    scenario_answers=st.dictionaries(TEXT, SMALL_INT, max_size=3),
    roles_needed=st.lists(TEXT, max_size=3), roles_offered=st.lists(TEXT, max_size=3),
    trap_checks=st.dictionaries(TEXT, st.booleans(), max_size=3),
    boundaries=st.dictionaries(TEXT, TEXT, max_size=3),
    quiz_answers=st.dictionaries(TEXT, st.booleans(), max_size=3),
    agenda=st.lists(TEXT, max_size=3),
    assessments=st.lists(ASSESSMENTS, max_size=2),
    goals=st.lists(GOALS, max_size=3),
    plan=st.lists(PLAN_ROWS, max_size=3),
    agreement=AGREEMENTS,
    log=st.lists(LOG, max_size=4),
    checklist=st.dictionaries(st.one_of(TEXT, st.sampled_from(["get-paired", "both-sign-agreement"])), DATES,
                              max_size=4),
    evaluations=st.lists(EVALUATIONS, max_size=2),
    closure=CLOSURES,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.data_too_large])


@SETTINGS
@given(WORKBOOKS)
def test_any_workbook_survives_a_json_round_trip(wb: Workbook) -> None:
    text = json.dumps(wb.to_dict(), ensure_ascii=False)
    back = Workbook.from_dict(json.loads(text))
    assert back == wb
    assert json.dumps(back.to_dict(), ensure_ascii=False) == text


@SETTINGS
@given(WORKBOOKS, DATES)
def test_no_rule_crashes_on_any_workbook(wb: Workbook, today: dt.date) -> None:
    skills, checklist = CURRICULUM.skills, CURRICULUM.checklist
    for gap in check_agreement(wb.agreement, today=today):
        assert gap.field and gap.message
    meeting_dates(wb.agreement.schedule)
    check_plan(wb.plan, today=today)
    for entry in wb.log:
        check_entry(entry, today=today)
    log_summary(wb.log)
    for evaluation in wb.evaluations:
        check_evaluation(evaluation, CURRICULUM.ending.evaluation_questions, today=today)
    check_closure(wb.closure)
    for goal in wb.goals:
        report = analyse_goal(goal, today=today)
        assert len(report.results) == 5
        add_goal_to_plan(wb, goal)
    for assessment in wb.assessments:
        summarise(assessment, skills)
        validate_assessment(assessment, skills, today=today)
        plan_rows_from(assessment, skills)
        assert render_chart_svg(assessment, skills, earlier=wb.assessments[0]).startswith("<svg")
        compare(wb.assessments[0], assessment, skills)
    percent = overall_percent(wb, checklist, wb.profile.role)
    assert 0 <= percent <= 100
    assert all(0 <= p.done <= p.total for p in progress(wb, checklist, wb.profile.role))
    # everything the rules added still round-trips
    assert Workbook.from_dict(json.loads(json.dumps(wb.to_dict()))) == wb
