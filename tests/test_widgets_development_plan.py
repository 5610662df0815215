"""The development plan editor: rows with four columns, gaps beside fields, downloads."""

from __future__ import annotations

import datetime as dt

import pytest
from reloading import open_page
from widget_text import SaveCounter, downloads, html_text, page_text

from mentoringkit.development_plan import PLAN_COLUMNS
from mentoringkit.exports import plan_markdown
from mentoringkit.session import memory_session
from mentoringkit.widgets.development_plan import DevelopmentPlanEditor, show_development_plan
from mentoringkit.widgets.smart_goal import SmartGoalBuilder
from mentoringkit.workbook import PlanRow


@pytest.fixture
def editor() -> DevelopmentPlanEditor:
    return show_development_plan(memory_session(role="mentee"), today=dt.date(2025, 1, 15))


def fill_row(editor: DevelopmentPlanEditor, index: int) -> None:
    editor.set_cell(index, "goal_and_timeline", "Chair two project meetings on my own by 30 June 2025")
    editor.set_cell(index, "development_activities", "Observe my mentor chairing; draft agendas; debrief")
    editor.set_cell(index, "success_measures", "Both meetings chaired; feedback from two attendees")
    editor.set_cell(index, "resources_support", "My manager's agreement; my mentor's notes")


def test_add_fill_and_remove_rows(editor: DevelopmentPlanEditor) -> None:
    saves = SaveCounter(editor.session)
    assert "no rows yet" in page_text(editor)
    row = editor.add_row()
    assert editor.session.workbook.plan == [row] and saves.count == 1
    assert len(editor.row_views) == 1
    labels = [f.label for f in editor.row_views[0].fields.values()]
    assert labels == ["Goal and timeline (row 1)", "Development activities (row 1)", "Success measures (row 1)",
                      "Resources and support (row 1)"]
    fill_row(editor, 0)
    assert row.success_measures == "Both meetings chaired; feedback from two attendees"
    assert saves.count == 5
    editor.add_row()
    editor.remove_row(0)
    assert len(editor.session.workbook.plan) == 1 and editor.session.workbook.plan[0] is not row
    assert "Removed row 1 (Chair two project meetings" in html_text(editor.message.value)


def test_typing_in_a_field_updates_the_workbook(editor: DevelopmentPlanEditor) -> None:
    editor.add_row()
    editor.row_views[0].fields["success_measures"].value = "A finished audit report"
    assert editor.session.workbook.plan[0].success_measures == "A finished audit report"


def test_gaps_show_next_to_the_field(editor: DevelopmentPlanEditor) -> None:
    editor.add_row()
    editor.set_cell(0, "goal_and_timeline", "Chair two project meetings on my own by 30 June 2025")
    from mentoringkit.development_plan import check_plan

    gaps = check_plan(editor.session.workbook.plan)
    assert gaps, "a row with only a goal should have gaps"
    view = editor.row_views[0]
    errors = {c: f.error for c, f in view.fields.items() if f.error}
    assert "success_measures" in errors
    assert "goal_and_timeline" not in errors
    fill_row(editor, 0)
    assert not any(f.error for f in view.fields.values())


def test_download_decodes_to_the_plan_markdown(editor: DevelopmentPlanEditor) -> None:
    editor.add_row()
    fill_row(editor, 0)
    files = downloads(editor)
    assert set(files) == {"development-plan.md", "development-plan.html"}
    markdown = files["development-plan.md"].decode("utf-8")
    assert markdown == plan_markdown(editor.session.workbook, editor.session.curriculum)
    assert "Chair two project meetings" in markdown


def test_script_is_escaped_in_the_printable_plan(editor: DevelopmentPlanEditor) -> None:
    editor.add_row()
    editor.set_cell(0, "goal_and_timeline", "<script>alert(1)</script>")
    page = downloads(editor)["development-plan.html"].decode("utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_rows_added_elsewhere_appear(editor: DevelopmentPlanEditor) -> None:
    session = editor.session
    session.workbook.plan.append(PlanRow(goal_and_timeline="From the assessment", skill_id="question"))
    session.save()
    assert [v.fields["goal_and_timeline"].value for v in editor.row_views] == ["From the assessment"]
    builder = SmartGoalBuilder(session, today=dt.date(2025, 1, 15))
    builder.set_text("x")
    assert len(editor.row_views) == 1  # typing in the builder adds nothing


def test_unknown_column_is_refused(editor: DevelopmentPlanEditor) -> None:
    editor.add_row()
    with pytest.raises(KeyError):
        editor.set_cell(0, "budget", "lots")
    assert [f.id for f in editor.session.curriculum.forms.development_plan.fields] == list(PLAN_COLUMNS)


def test_a_new_row_lists_what_it_needs_without_flagging_every_field(editor: DevelopmentPlanEditor) -> None:
    editor.add_row()
    assert not any(f.error for f in editor.row_views[0].fields.values())
    assert "Row 1 is empty" in html_text(editor.gaps.value)
    editor.set_cell(0, "goal_and_timeline", "Chair a project meeting")  # no date in it
    assert "when you aim to reach this goal" in (editor.row_views[0].fields["goal_and_timeline"].error or "")


def test_a_half_filled_row_survives_a_reload_and_is_sent_as_typed(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    before = show_development_plan(open_page(path))
    before.add_row()
    before.row_views[0].fields["success_measures"].value = "Two talks giv"  # mid-word, as in a browser
    assert before.row_views[0].fields["success_measures"].input.continuous_update
    after = show_development_plan(open_page(path))  # a new kernel: only the file is shared
    assert after.row_views[0].fields["success_measures"].value == "Two talks giv"
