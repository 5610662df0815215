"""The vision-plan and double-role exercises: cards sorted with feedback, written steps for the reader's side,
all kept in the workbook and in the export."""

from __future__ import annotations

import pytest
from widget_text import SaveCounter, html_text, page_text

from mentoringkit.exports import render_document
from mentoringkit.session import memory_session
from mentoringkit.widgets.exercises import ExercisePage, show_exercise


def test_sorting_a_card_gives_the_reason_and_is_kept() -> None:
    session = memory_session(role="mentor")
    page = show_exercise(session, "dual_role")
    saves = SaveCounter(session)
    cards = {c.id: c for c in page.exercise.cards}
    assert {c.belongs for c in cards.values()} == {"mentoring", "supervision", "agree"}
    page.sort("other-job", "supervision")
    feedback = html_text(page.card_feedback["other-job"].value)
    assert feedback.startswith("Think again: the guide's answer is “In mentoring”") and "confidential" in feedback
    page.sort("other-job", "mentoring")
    assert html_text(page.card_feedback["other-job"].value).startswith("Yes.")
    assert saves.count == 2
    again = show_exercise(session, "dual_role")  # a reload shows the choice and its feedback
    assert again.cards["other-job"].value == "mentoring" and again.card_feedback["other-job"].value


def test_each_side_writes_its_own_steps() -> None:
    mentor = show_exercise(memory_session(role="mentor"), "dual_role")
    mentee = show_exercise(memory_session(role="mentee"), "dual_role")
    assert "name-it" in mentor.steps and "name-it" not in mentee.steps
    assert "keep-apart" in mentee.steps and "keep-apart" not in mentor.steps
    assert "implied power" in page_text(mentor)


def test_vision_plan_answers_reach_the_workbook_export() -> None:
    session = memory_session(role="mentee")
    page = show_exercise(session, "vision_plan")
    assert not page.cards and list(page.steps) == ["picture", "gap", "first-step", "ask-mentor"]
    page.write("picture", "Leading the outpatient education team")
    with pytest.raises(ValueError, match="no topic"):
        page.sort("other-job", "mentoring")
    doc = html_text(render_document("all", "html", session.workbook, session.curriculum))
    assert "what work are you doing" in doc and "Leading the outpatient education team" in doc


def test_sorted_cards_are_not_listed_as_reflections_in_the_export() -> None:
    session = memory_session(role="mentor")
    show_exercise(session, "dual_role").sort("mistake", "agree")
    doc = html_text(render_document("all", "html", session.workbook, session.curriculum))
    assert session.workbook.reflection("sort:dual-role/mistake") == "agree"
    assert "My reflections" not in doc


def test_bad_names_are_refused() -> None:
    with pytest.raises(ValueError, match="vision_plan, dual_role"):
        ExercisePage(memory_session(), "vision")
    page = show_exercise(memory_session(role="mentor"), "dual_role")
    with pytest.raises(ValueError, match="place must be one of"):
        page.sort("mistake", "nowhere")
