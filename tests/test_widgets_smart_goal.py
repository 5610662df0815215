"""The SMART goal builder, driven the way a participant drives it: type, read the feedback, add to the plan."""

from __future__ import annotations

import datetime as dt

import pytest
from reloading import open_page
from widget_text import SaveCounter, html_text, page_text

from mentoringkit.session import memory_session
from mentoringkit.widgets.smart_goal import NO_AREA, SmartGoalBuilder, show_smart_goal
from mentoringkit.workbook import SkillAssessment

TODAY = dt.date(2025, 1, 15)
STRONG_GOAL = ("Present two case reviews at our department's monthly teaching meeting by 31 March 2025, "
               "and ask my mentor for written feedback on each, so that I am ready to lead the ward's "
               "teaching programme next year")
STRONG_MEASURE = "Two case reviews presented and written feedback received on both"


@pytest.fixture
def builder() -> SmartGoalBuilder:
    return show_smart_goal(memory_session(role="mentee"), today=TODAY)


def test_vague_goal_shows_specific_missing_with_reason(builder: SmartGoalBuilder) -> None:
    builder.set_text("improve communication")
    shown = html_text(builder.feedback.value)
    specific = builder.report().result("specific")
    assert not specific.met
    assert "Missing: S – Specific" in shown
    assert html_text(specific.reason) in shown
    # every criterion carries a word, not only a colour or a symbol
    assert shown.count("Met:") + shown.count("Missing:") == 5


def test_feedback_is_live_as_the_person_types(builder: SmartGoalBuilder) -> None:
    assert builder.text_field.input.continuous_update
    builder.set_text("improve communication")
    before = builder.feedback.value
    builder.set_text(STRONG_GOAL)
    assert builder.feedback.value != before
    assert "5 of 5 criteria met" in html_text(builder.feedback.value) or builder.report().missing


def test_adding_a_weak_goal_is_refused_and_keeps_the_text(builder: SmartGoalBuilder) -> None:
    builder.set_text("improve communication")
    saves = SaveCounter(builder.session)
    assert builder.add_to_plan() is None
    workbook = builder.session.workbook
    assert workbook.goals == [] and workbook.plan == []
    assert saves.count == 0
    assert builder.text_field.value == "improve communication"
    message = html_text(builder.message.value)
    assert "Not added yet" in message and "Specific" in message


def test_a_strong_goal_goes_into_goals_and_plan(builder: SmartGoalBuilder) -> None:
    saves = SaveCounter(builder.session)
    builder.set_text(STRONG_GOAL)
    builder.set_measure(STRONG_MEASURE)
    builder.set_target_date("2025-03-31")
    builder.set_development_area("give-feedback")
    assert builder.report().met_all, builder.report().missing
    row = builder.add_to_plan()
    workbook = builder.session.workbook
    assert row is not None and saves.count >= 1
    [goal] = workbook.goals
    assert goal.text == STRONG_GOAL and goal.target_date == dt.date(2025, 3, 31)
    assert goal.development_area == "give-feedback" and goal.created == TODAY
    assert row in workbook.plan and row.goal_id == goal.id
    assert "Added to your goals" in html_text(builder.message.value)
    assert "present two case reviews" in html_text(builder.goals_list.value).lower()
    assert builder.text_field.value == ""  # ready for the next goal
    assert builder.add_to_plan() is None and len(workbook.goals) == 1  # a second click adds nothing


def test_impossible_target_date_stays_with_a_message(builder: SmartGoalBuilder) -> None:
    builder.set_text(STRONG_GOAL)
    builder.set_target_date("2025-02-30")
    assert builder.date_field.value == "2025-02-30"
    assert "28 days" in html_text(builder.date_field.message.value)
    assert builder.add_to_plan() is None
    assert "target date" in html_text(builder.message.value)
    assert builder.session.workbook.goals == []


def test_developmental_skills_are_offered_first() -> None:
    session = memory_session(role="mentee")
    builder = SmartGoalBuilder(session, today=TODAY)
    first_skill = session.curriculum.skills.skills[0]
    assert builder.area.options[0] == (NO_AREA, "")
    assert builder.area.options[1][1] == first_skill.id
    session.workbook.assessments.append(SkillAssessment(taken_on=TODAY, levels={"receive-feedback": "developmental"}))
    session.save()  # the builder hears of the new assessment
    assert builder.area.options[1] == ("Receive feedback (developmental)", "receive-feedback")


def test_examples_and_criteria_are_there_to_learn_from(builder: SmartGoalBuilder) -> None:
    text = page_text(builder)
    smart = builder.session.curriculum.smart
    for example in smart.examples:
        assert example.weak in text and " ".join(example.strong.split()) in text
    for criterion in smart.criteria:
        assert criterion.questions[0] in text


def test_user_text_is_escaped(builder: SmartGoalBuilder) -> None:
    builder.set_text("<script>alert('x')</script> improve communication")
    for widget in (builder.feedback, builder.statement):
        assert "<script>" not in widget.value
    builder.add_to_plan()
    assert "<script>" not in builder.message.value


def test_repr_is_short_and_stable(builder: SmartGoalBuilder) -> None:
    assert repr(builder) == "SmartGoalBuilder()"


def test_a_reload_brings_back_the_half_written_goal_with_its_feedback(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    before = show_smart_goal(open_page(path), today=TODAY)
    before.set_text("improve communication")
    before.set_measure("My mentor's judgment")
    before.set_target_date("30 February 2025")
    before.set_resources("Half an hour a week")
    before.set_development_area("give-feedback")

    after = show_smart_goal(open_page(path), today=TODAY)  # a new kernel: only the file is shared
    assert after.text_field.value == "improve communication"
    assert after.measure_field.value == "My mentor's judgment"
    assert after.date_field.value == "30 February 2025"
    assert "28 days" in html_text(after.date_field.message.value)
    assert after.resources_field.value == "Half an hour a week" and after.area.value == "give-feedback"
    assert "Missing: S – Specific" in html_text(after.feedback.value)


def test_an_added_goal_leaves_no_draft_behind(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    builder = show_smart_goal(open_page(path), today=TODAY)
    builder.set_text(STRONG_GOAL)
    builder.set_measure(STRONG_MEASURE)
    builder.set_target_date("2025-03-31")
    assert builder.add_to_plan() is not None
    after = show_smart_goal(open_page(path), today=TODAY)
    assert after.text_field.value == "" and after.date_field.value == ""
    assert after.session.workbook.drafts == {}
    assert "present two case reviews" in html_text(after.goals_list.value).lower()


def test_what_was_written_for_an_earlier_goal_is_not_applied_to_the_next(builder: SmartGoalBuilder) -> None:
    """issue 12: a "How you will know" left from an earlier goal was silently applied to the next one."""
    builder.set_text("Present two case reviews at the monthly teaching meeting")
    builder.set_measure("Written feedback from my mentor on each review")
    assert builder.draft().measure
    builder.set_text("Shadow the tissue viability nurse for one full shift in December")  # a different goal
    assert builder.draft().measure == "" and builder.stale_fields() == ("measure",)
    assert "written for an earlier goal" in html_text(builder.measure_field.message.value)
    assert builder.keep_button.layout.display != "none"
    assert "Written feedback" not in builder.report().statement
    builder.keep_for_this_goal()  # the person says it fits this goal too
    assert builder.draft().measure == "Written feedback from my mentor on each review"
    assert builder.keep_button.layout.display == "none"
    builder.set_text("Shadow the tissue viability nurse for one full shift in December, and write up notes")
    assert builder.stale_fields() == ()  # editing the same goal keeps it


def test_relevance_uses_the_self_assessment(builder: SmartGoalBuilder) -> None:
    from mentoringkit.workbook import SkillAssessment

    builder.set_text("Learn to juggle three balls by Easter")
    assert not builder.report().result("relevant").met
    builder.session.workbook.assessments.append(SkillAssessment(TODAY, {"give-feedback": "developmental"},
                                                                development_note="Juggling helps me teach"))
    assert builder.report().result("relevant").met  # it now connects to what they wrote they want


def test_the_checker_asks_when_it_cannot_tell(builder: SmartGoalBuilder) -> None:
    builder.set_text("Publish 3 papers on handover safety")
    assert "Ask yourself:" in html_text(builder.feedback.value)


def test_an_unreadable_target_date_is_not_counted_silently(builder: SmartGoalBuilder) -> None:
    builder.set_text(STRONG_GOAL)
    builder.set_target_date("31/02/2025")
    assert "cannot be read yet" in html_text(builder.feedback.value)
    builder.set_target_date("31/03/2025")  # issue 12: once refused as "could mean two different days"
    assert builder.date_field.date == dt.date(2025, 3, 31)
    assert "Monday 31 March 2025" in html_text(builder.date_field.message.value)


def test_a_goal_sooner_than_the_persons_own_plan_is_questioned_in_their_words(builder: SmartGoalBuilder) -> None:
    builder.session.workbook.assessments.append(SkillAssessment(
        TODAY, {}, development_note="Get my <b>CeMAP</b> in 2027.\nI want to become MRICS through the APC in 2028"))
    builder.set_text("Pass the APC by June 2025")
    achievable = builder.report().result("achievable")
    assert not achievable.met
    shown = html_text(builder.feedback.value)
    assert "You wrote 'I want to become MRICS through the APC in 2028'" in shown
    builder.set_text("Get my CeMAP by Friday")  # the person's own words reach the page escaped
    assert not builder.report().result("achievable").met
    assert "<b>" not in builder.feedback.value and "&lt;b&gt;CeMAP&lt;/b&gt;" in builder.feedback.value
