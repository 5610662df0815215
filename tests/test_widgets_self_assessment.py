"""The 18-skill self-assessment widget: rate, save dated assessments, read the results, start a plan."""

from __future__ import annotations

import datetime as dt

import pytest
from reloading import open_page
from widget_text import SaveCounter, html_text, page_text

from mentoringkit.session import memory_session
from mentoringkit.widgets.self_assessment import SelfAssessment, show_self_assessment

TODAY = dt.date(2025, 1, 15)


@pytest.fixture
def widget() -> SelfAssessment:
    return show_self_assessment(memory_session(role="mentee"), today=TODAY)


def rate_all(widget: SelfAssessment, developmental: tuple[str, ...] = (), expert: tuple[str, ...] = ()) -> None:
    for skill in widget.session.curriculum.skills.skills:
        level = "developmental" if skill.id in developmental else "expert" if skill.id in expert else "proficient"
        widget.rate(skill.id, level)


def test_one_radio_group_per_skill_named_for_screen_readers(widget: SelfAssessment) -> None:
    skills = widget.session.curriculum.skills.skills
    assert len(widget.choices) == len(skills) == 18
    for skill in skills:
        labels = widget.choices[skill.id]._options_labels
        assert labels == (f"Expert: {skill.name}", f"Proficient: {skill.name}", f"Developmental: {skill.name}")
        assert widget.choices[skill.id].value is None


def test_saving_a_full_assessment(widget: SelfAssessment) -> None:
    rate_all(widget, developmental=("question", "give-feedback"), expert=("build-rapport",))
    saves = SaveCounter(widget.session)
    assessment = widget.save_assessment()
    assert saves.count == 1
    assert widget.session.workbook.assessments == [assessment]
    assert assessment.taken_on == TODAY and len(assessment.levels) == 18
    assert assessment.levels["question"] == "developmental"
    assert "all 18 skills rated" in html_text(widget.message.value)
    results = widget.results.value
    assert "<svg" in results
    text = html_text(results)
    assert "Your strengths (expert) (1) Build rapport" in text
    assert "Your developmental areas (2)" in text and "Give feedback" in text
    assert not widget.plan_button.disabled


def test_nothing_rated_is_refused(widget: SelfAssessment) -> None:
    assert widget.save_assessment() is None
    assert widget.session.workbook.assessments == []
    assert "choose a level" in html_text(widget.message.value)


def test_partial_assessment_is_saved_with_a_note(widget: SelfAssessment) -> None:
    widget.rate("question", "developmental")
    widget.save_assessment()
    assert widget.session.workbook.assessments[0].levels == {"question": "developmental"}
    assert "1 of 18 skills rated" in html_text(widget.message.value)
    assert "1 of 18 skills rated" in html_text(widget.count.value)


def test_same_day_replaces_later_day_adds_and_compares(widget: SelfAssessment) -> None:
    earlier = dt.date(2024, 9, 2)
    rate_all(widget, developmental=("question",))
    widget.save_assessment(on=earlier)
    widget.rate("listen-actively", "developmental")
    widget.save_assessment(on=earlier)
    assert len(widget.session.workbook.assessments) == 1
    widget.rate("question", "expert")
    widget.save_assessment()
    assert [a.taken_on for a in widget.session.workbook.assessments] == [earlier, TODAY]
    text = html_text(widget.results.value)
    assert "Since your assessment of 2024-09-02" in text
    assert "Question Developmental Expert moved up" in text


def test_a_date_in_the_future_is_refused(widget: SelfAssessment) -> None:
    widget.rate("question", "expert")
    assert widget.save_assessment(on=dt.date(2025, 6, 1)) is None
    assert widget.session.workbook.assessments == []
    assert "after today" in html_text(widget.message.value)


def test_ratings_come_back_on_a_new_page(widget: SelfAssessment) -> None:
    widget.rate("reflect", "expert")
    widget.save_assessment()
    again = SelfAssessment(widget.session, today=TODAY)
    assert again.choices["reflect"].value == "expert"
    assert again.choices["question"].value is None


def test_plan_starts_from_developmental_areas(widget: SelfAssessment) -> None:
    assert widget.start_plan_from_developmental() == []
    rate_all(widget, developmental=("question", "give-feedback"))
    widget.save_assessment()
    rows = widget.start_plan_from_developmental()
    plan = widget.session.workbook.plan
    assert {r.skill_id for r in rows} == {"question", "give-feedback"} and plan == rows
    assert "Added 2 rows" in html_text(widget.plan_message.value)
    assert widget.start_plan_from_developmental() == [] and len(plan) == 2  # not twice


def test_practice_ideas_for_developmental_skills(widget: SelfAssessment) -> None:
    widget.rate("question", "developmental")
    widget.save_assessment()
    idea = widget.session.curriculum.skills.get("question").practice_idea
    assert " ".join(idea.split()) in page_text(widget)


def test_unknown_skill_is_an_error(widget: SelfAssessment) -> None:
    with pytest.raises(KeyError):
        widget.rate("juggling", "expert")


def test_a_reload_brings_back_choices_not_yet_saved(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    before = show_self_assessment(open_page(path), today=TODAY)
    before.rate("question", "developmental")
    before.rate("build-rapport", "expert")
    assert "Not saved as an assessment yet" in html_text(before.count.value)

    after = show_self_assessment(open_page(path), today=TODAY)  # a new kernel: only the file is shared
    assert after.ratings() == {"question": "developmental", "build-rapport": "expert"}
    assert "2 of 18 skills rated" in html_text(after.count.value)
    assert "Not saved as an assessment yet" in html_text(after.count.value)
    assert after.session.workbook.assessments == []


def test_unsaved_changes_to_a_saved_assessment_survive_a_reload_and_saving_ends_the_draft(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    widget = show_self_assessment(open_page(path), today=TODAY)
    widget.rate("question", "developmental")
    widget.save_assessment(on=dt.date(2025, 1, 2))
    assert "Not saved" not in html_text(widget.count.value)
    widget.rate("question", "proficient")
    widget.rate("listen-actively", "expert")
    again = show_self_assessment(open_page(path), today=TODAY)
    assert again.ratings() == {"question": "proficient", "listen-actively": "expert"}
    assert again.save_assessment() is not None
    after = show_self_assessment(open_page(path), today=TODAY)
    assert after.session.workbook.assessment_draft == {}
    assert after.ratings() == {"question": "proficient", "listen-actively": "expert"}
    assert "Not saved" not in html_text(after.count.value)
