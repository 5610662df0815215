"""Drafts kept in the workbook: typed text survives a save and a reload, and a finished form forgets its own."""

from __future__ import annotations

import json

import pytest

from mentoringkit.drafts import clear_drafts, draft_key, drop_draft, form_drafts, get_draft, set_draft
from mentoringkit.storage import load_workbook, save_workbook
from mentoringkit.workbook import SCHEMA_VERSION, Workbook


def test_key_names_form_and_field() -> None:
    assert draft_key("agreement", "schedule.interval") == "agreement/schedule.interval"
    for form, field in (("", "text"), ("a/b", "text"), ("smart_goal", "")):
        with pytest.raises(ValueError):
            draft_key(form, field)


def test_set_get_and_default_text_is_no_draft() -> None:
    wb = Workbook()
    assert get_draft(wb, "smart_goal", "text") is None
    assert set_draft(wb, "smart_goal", "text", "Lead a ward round")
    assert not set_draft(wb, "smart_goal", "text", "Lead a ward round")  # unchanged
    assert get_draft(wb, "smart_goal", "text") == "Lead a ward round"
    assert set_draft(wb, "smart_goal", "text", "")  # back to the blank default: the draft goes
    assert get_draft(wb, "smart_goal", "text") is None and wb.drafts == {}
    assert set_draft(wb, "log_entry", "date", "", default=None)  # a cleared date is kept as blank
    assert get_draft(wb, "log_entry", "date") == ""
    assert set_draft(wb, "log_entry", "date", "2025-01-15", default="2025-01-15") and wb.drafts == {}


def test_forms_are_kept_apart_and_cleared_alone() -> None:
    wb = Workbook()
    set_draft(wb, "smart_goal", "text", "Chair a meeting")
    set_draft(wb, "smart_goal", "target_date", "30 February 2025")
    set_draft(wb, "smart_goal_extra", "text", "not the same form")
    set_draft(wb, "log_entry", "activity", "Shadowed a clinic")
    assert form_drafts(wb, "smart_goal") == {"text": "Chair a meeting", "target_date": "30 February 2025"}
    assert clear_drafts(wb, "smart_goal")
    assert not clear_drafts(wb, "smart_goal")
    assert form_drafts(wb, "smart_goal") == {}
    assert wb.drafts == {"smart_goal_extra/text": "not the same form", "log_entry/activity": "Shadowed a clinic"}
    assert drop_draft(wb, "log_entry", "activity") and not drop_draft(wb, "log_entry", "activity")


def test_drafts_choices_and_signs_survive_a_file_round_trip(tmp_path) -> None:
    wb = Workbook()
    set_draft(wb, "agreement", "schedule.interval", "0")
    wb.assessment_draft["listen-actively"] = "developmental"
    wb.ending_signs.append("goals-reached")
    path = tmp_path / "wb.json"
    save_workbook(wb, path)
    back = load_workbook(path)
    assert back.drafts == {"agreement/schedule.interval": "0"}
    assert back.assessment_draft == {"listen-actively": "developmental"}
    assert back.ending_signs == ["goals-reached"]


def test_work_in_progress_keys_are_written_only_while_there_is_some() -> None:
    data = Workbook().to_dict()
    assert not {"drafts", "assessment_draft", "ending_signs", "sync_notices", "last_writer"} & set(data)
    back = Workbook.from_dict(json.loads(json.dumps(data)))
    assert back.drafts == {} and back.assessment_draft == {} and back.ending_signs == []
    assert back.schema_version == SCHEMA_VERSION


def test_a_v2_document_without_drafts_opens_as_the_current_version() -> None:
    data = {"schema_version": 2, "profile": {"name": "Ola"}, "assessments": [{"taken_on": "2026-01-05"}]}
    back = Workbook.from_dict(data)
    assert back.schema_version == SCHEMA_VERSION and back.profile.name == "Ola"
    assert back.drafts == {} and len(back.assessments[0].id) == 12  # items get ids so pages merge them


def test_a_level_that_does_not_exist_is_refused_with_its_path() -> None:
    data = Workbook().to_dict()
    data["assessment_draft"] = {"listen-actively": "superb"}
    with pytest.raises(Exception, match="assessment_draft"):
        Workbook.from_dict(data)
