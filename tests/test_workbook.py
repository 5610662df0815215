"""The workbook document: round trips through JSON, migration from version 1, and clear load errors."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from mentoringkit.agreement import check_agreement
from mentoringkit.parsing import DataError
from mentoringkit.workbook import (
    SCHEMA_VERSION,
    Agreement,
    ClosurePlan,
    Evaluation,
    LogEntry,
    MeetingSchedule,
    PlanRow,
    Profile,
    Signature,
    SkillAssessment,
    SmartGoal,
    Workbook,
    WorkbookVersionError,
    migrate,
)


def filled() -> Workbook:
    wb = Workbook(profile=Profile(name="Joe Okafor", role="mentee", partner_name="Margaret Lindqvist",
                                  organisation="St Anne's Hospital", program_start=dt.date(2025, 1, 6)))
    wb.set_reflection("module:goals", "I want to lead handovers")
    wb.scenario_answers["inquire/first-meeting"] = 2
    wb.roles_needed = ["coach", "sponsor"]
    wb.trap_checks["fixer"] = True
    wb.quiz_answers["mentor-knows-all"] = False
    wb.agenda = ["get-to-know-1"]
    wb.assessments.append(SkillAssessment(taken_on=dt.date(2025, 1, 10), levels={"set-goals": "developmental"}))
    wb.goals.append(SmartGoal(text="Present one case at grand rounds", target_date=dt.date(2025, 4, 30)))
    wb.plan.append(PlanRow(goal_and_timeline="Present one case by April", target_date=dt.date(2025, 4, 30)))
    wb.agreement = Agreement(goals=["Lead handovers"], schedule=MeetingSchedule(
        first_meeting=dt.datetime(2025, 2, 4, 16, 0, tzinfo=dt.timezone.utc), interval=1, unit="month"),
        mentor=Signature("Margaret Lindqvist", dt.date(2025, 1, 20)))
    wb.log.append(LogEntry(date=dt.date(2025, 2, 4), activity="First meeting", duration_minutes=60))
    wb.checklist["get-paired"] = dt.date(2025, 1, 8)
    wb.evaluations.append(Evaluation(kind="midpoint", answers={"what-helped": "Shadowing"}, rating=4))
    wb.closure = ClosurePlan(how_to_end="taper", last_meeting=dt.date(2025, 12, 1))
    return wb


def test_round_trip_through_json_keeps_everything() -> None:
    wb = filled()
    text = json.dumps(wb.to_dict())
    back = Workbook.from_dict(json.loads(text))
    assert back == wb
    assert back.agreement.schedule.first_meeting == dt.datetime(2025, 2, 4, 16, 0, tzinfo=dt.timezone.utc)
    assert back.checklist["get-paired"] == dt.date(2025, 1, 8)
    assert json.loads(json.dumps(back.to_dict())) == json.loads(text)


def test_new_workbooks_carry_the_current_version() -> None:
    assert Workbook().to_dict()["schema_version"] == SCHEMA_VERSION == 4


def v1_document() -> dict[str, Any]:
    data = filled().to_dict()
    data["schema_version"] = 1
    data["reflections"] = {"module:goals": "I want to lead handovers", "component:care": "Listen first"}
    return data


def test_version_1_is_migrated() -> None:
    data = v1_document()
    wb = Workbook.from_dict(data)
    assert wb.schema_version == SCHEMA_VERSION
    assert wb.reflection("module:goals") == "I want to lead handovers"
    assert wb.reflections["component:care"].updated is None  # version 1 never recorded when
    assert data["reflections"]["module:goals"] == "I want to lead handovers"  # the input is left as it was
    assert Workbook.from_dict(wb.to_dict()) == wb


def test_migration_of_an_already_current_document_changes_nothing() -> None:
    data = filled().to_dict()
    assert migrate(data) == data


def test_a_newer_version_is_refused_with_a_clear_message() -> None:
    data = filled().to_dict()
    data["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(WorkbookVersionError) as caught:
        Workbook.from_dict(data)
    message = str(caught.value)
    assert "newer mentoringkit" in message and "upgrade" in message and f"schema {SCHEMA_VERSION + 1}" in message
    assert caught.value.path == ("schema_version",)


@pytest.mark.parametrize("version", [None, 0, -1, "2", 1.5, True])
def test_a_missing_or_odd_version_is_refused(version: object) -> None:
    data = filled().to_dict()
    if version is None:
        del data["schema_version"]
    else:
        data["schema_version"] = version
    with pytest.raises(DataError, match="schema_version must be a whole number"):
        Workbook.from_dict(data)


@pytest.mark.parametrize("document", [[], "workbook", None, 3])
def test_a_document_that_is_not_an_object_is_refused(document: object) -> None:
    with pytest.raises(DataError, match="must be a JSON object"):
        Workbook.from_dict(document)


@pytest.mark.parametrize(("where", "path"), [
    (lambda d: d.__setitem__("favourite_colour", "blue"), "/favourite_colour"),
    (lambda d: d["agreement"]["schedule"].__setitem__("cadence", 0), "/agreement/schedule/cadence"),
    (lambda d: d["log"][0].__setitem__("mood", "good"), "/log/0/mood"),
    (lambda d: d["agreement"]["mentor"].__setitem__("initials", "ML"), "/agreement/mentor/initials"),
])
def test_unknown_keys_are_rejected_with_their_path(where: Any, path: str) -> None:
    data = filled().to_dict()
    where(data)
    with pytest.raises(DataError) as caught:
        Workbook.from_dict(data)
    assert f"@ '{path}'" in str(caught.value) and "unknown key" in str(caught.value)


@pytest.mark.parametrize(("where", "path"), [
    (lambda d: d["log"][0].__setitem__("date", "2027-02-30"), "/log/0/date"),
    (lambda d: d["goals"][0].__setitem__("target_date", "2027-02-30"), "/goals/0/target_date"),
    (lambda d: d["checklist"].__setitem__("get-paired", "2025-13-01"), "/checklist/get-paired"),
    (lambda d: d["profile"].__setitem__("program_start", "30/01/2025"), "/profile/program_start"),
])
def test_impossible_dates_are_rejected_with_their_path(where: Any, path: str) -> None:
    data = filled().to_dict()
    where(data)
    with pytest.raises(DataError) as caught:
        Workbook.from_dict(data)
    assert f"@ '{path}'" in str(caught.value)
    assert "not a real date" in str(caught.value)


@pytest.mark.parametrize(("where", "path"), [
    (lambda d: d["profile"].__setitem__("role", "boss"), "/profile/role"),
    (lambda d: d["agreement"]["schedule"].__setitem__("interval", "4"), "/agreement/schedule/interval"),
    (lambda d: d["assessments"][0]["levels"].__setitem__("set-goals", "guru"), "/assessments/0/levels/set-goals"),
    (lambda d: d["evaluations"][0].__setitem__("rating", True), "/evaluations/0/rating"),
])
def test_wrong_types_are_rejected_with_their_path(where: Any, path: str) -> None:
    data = filled().to_dict()
    where(data)
    with pytest.raises(DataError) as caught:
        Workbook.from_dict(data)
    assert f"@ '{path}'" in str(caught.value)


def test_a_cadence_of_zero_loads_but_the_agreement_check_says_so() -> None:
    data = filled().to_dict()
    data["agreement"]["schedule"]["interval"] = 0
    wb = Workbook.from_dict(data)  # the document is well formed; the rule lives in the agreement model
    gaps = check_agreement(wb.agreement, today=dt.date(2025, 1, 15))
    assert any(g.field == "schedule/interval" and "at least 1" in g.message for g in gaps)
