"""The goals page one section at a time: real buttons name each section with its progress, only the chosen
section is drawn, and switching keeps what was typed."""

from __future__ import annotations

import datetime as dt

import pytest
from widget_text import html_text, page_text

from mentoringkit.session import Session, memory_session
from mentoringkit.widgets.sections import (
    SectionStepper,
    show_boundaries_page,
    show_ending_page,
    show_goals_page,
    show_progress_page,
    show_roles_page,
    show_what_is_mentoring_page,
)

TODAY = dt.date(2025, 3, 3)


def test_one_section_at_a_time_with_progress_on_every_button() -> None:
    page = show_goals_page(memory_session(role="mentee"), today=TODAY)
    assert page.labels() == ["1. Rate your skills: 0 of 18 rated", "2. Sketch your vision plan: 0 of 4 written",
                             "3. Write a SMART goal: 0 goals", "4. Your development plan: 0 rows"]
    skills, vision = page.sections["skills"].widget, page.sections["vision"].widget
    assert skills in page.children and vision not in page.children
    assert "Section 1 of 4" in html_text(page.where.value)
    assert page.buttons["skills"].button_style == "primary" and page.buttons["vision"].button_style == ""
    page.buttons["vision"].click()
    assert vision in page.children and skills not in page.children
    assert page.next_button.description == "Next: 3. Write a SMART goal"


def test_switching_keeps_what_was_done_and_updates_the_counts() -> None:
    page = show_goals_page(memory_session(role="mentee"), today=TODAY)
    assessment = page.sections["skills"].widget
    assessment.rate("build-rapport", "expert")
    assert page.labels()[0] == "1. Rate your skills: 1 of 18 rated"  # counted as it is saved, no switch needed
    page.next_section()
    page.sections["vision"].widget.write("picture", "Running the ward's teaching programme")
    page.next_section()
    page.show_section("skills")
    assert assessment.choices["build-rapport"].value == "expert"
    assert page.labels()[:2] == ["1. Rate your skills: 1 of 18 rated", "2. Sketch your vision plan: 1 of 4 written"]
    page.show_section("plan")
    page.next_section()  # from the last section back to the first
    assert page.current == "skills"


def test_seeding_the_plan_shows_in_the_plan_section() -> None:
    page = show_goals_page(memory_session(role="mentee"), today=TODAY)
    assessment = page.sections["skills"].widget
    for i, skill_id in enumerate(assessment.choices):
        assessment.rate(skill_id, ("expert", "proficient", "developmental")[i % 3])
    assessment.save_assessment()
    rows = assessment.start_plan_from_developmental()
    assert len(rows) == 6 and "edit it in your development plan" in html_text(assessment.plan_message.value)
    page.show_section("plan")
    assert page.labels()[3] == "4. Your development plan: 6 rows"
    assert rows[0].goal_and_timeline in page_text(page)


def test_a_section_is_built_when_first_shown_and_kept() -> None:
    from mentoringkit.app.navigation import live_widget_count

    before = live_widget_count()
    page = show_goals_page(memory_session(role="mentee"), today=TODAY)
    opened = live_widget_count() - before
    assert [s.built for s in page.sections.values()] == [True, False, False, False]
    page.show_section("plan")
    assert live_widget_count() - before > opened  # the plan's widgets arrive with the plan
    plan = page.sections["plan"].widget
    page.show_section("skills")
    page.show_section("plan")
    assert page.sections["plan"].widget is plan and plan in page.children


def test_a_stepper_needs_sections_and_known_keys() -> None:
    with pytest.raises(ValueError):
        SectionStepper(memory_session(), [])
    with pytest.raises(ValueError, match="no section"):
        show_goals_page(memory_session()).show_section("everything")


# ---------------------------------------------------------------------------
# The other long pages (01, 03, 04, 08, 09): the same stepper, each part with its own progress


def _long_pages() -> tuple[Session, dict[str, SectionStepper]]:
    """A mentee's session and its pages 01, 03, 04, 08 and 09, by module number."""
    session = memory_session(role="mentee")
    return session, {"01": show_what_is_mentoring_page(session), "03": show_roles_page(session),
                     "04": show_boundaries_page(session), "08": show_progress_page(session, today=TODAY),
                     "09": show_ending_page(session, today=TODAY)}


def test_every_long_page_shows_one_part_at_a_time_with_its_progress_and_intro() -> None:

    session, pages = _long_pages()
    assert [len(p.section_keys) for p in pages.values()] == [2, 2, 2, 3, 4]
    assert pages["08"].labels() == ["1. The mentoring log: 0 entries", "2. Tasks by phase: 0 tasks ticked",
                                    "3. Mid-point evaluation"]
    quiz_total = len(session.curriculum.myths.myths)
    assert pages["01"].labels()[1] == f"2. True or false?: 0 of {quiz_total} answered"
    for name, page in pages.items():
        for key in page.section_keys:
            page.show_section(key)
            shown = page.sections[key].widget
            others = [page.sections[k].widget for k in page.section_keys if k != key]
            assert shown in page.children and not any(w in page.children for w in others), (name, key)
            intro = page.sections[key].intro
            assert not intro or intro in page_text(page), (name, key)


def test_what_is_typed_in_one_part_survives_a_visit_to_another_and_counts() -> None:
    from mentoringkit.widgets.sections import show_ending_page, show_progress_page

    session = memory_session(role="mentee")
    progress = show_progress_page(session, today=TODAY)
    log = progress.sections["log"].widget.children[0]
    log.fields["activity"].value = "Shadowed my mentor at the budget meeting"
    progress.show_section("evaluation")
    progress.show_section("log")
    assert log.fields["activity"].value == "Shadowed my mentor at the budget meeting"  # a draft, not yet added
    log.add_entry()
    assert progress.labels()[0] == "1. The mentoring log: 1 entry"

    ending = show_ending_page(session, today=TODAY)
    closure = ending.sections["close"].widget
    closure.fields["reason"].value = "Our year is up"
    ending.show_section("keep")
    ending.show_section("close")
    assert closure in ending.children and closure.fields["reason"].value == "Our year is up"
    assert session.workbook.closure.reason == "Our year is up"


def test_a_part_not_yet_viewed_is_not_built_and_shows_the_workbook_as_it_is_when_first_viewed() -> None:
    from mentoringkit.app.navigation import live_widget_count
    from mentoringkit.workbook import LogEntry

    session, pages = _long_pages()
    for name, page in pages.items():
        assert [s.built for s in page.sections.values()] == [True] + [False] * (len(page.sections) - 1), name

    # Work done elsewhere (another tab) while those parts were never opened: redrawing the pages builds nothing.
    wb = session.workbook
    wb.log.append(LogEntry(date=dt.date(2025, 2, 20), activity="Shadowed a night shift", duration_minutes=90))
    wb.checklist["read-mentee-role"] = TODAY
    wb.closure.reason = "Our year is up"
    wb.roles_needed.append("catalyst")
    wb.set_reflection("sort:dual-role/mistake", "agree")
    session._refresh_followers()
    assert not any(s.built for p in pages.values() for s in list(p.sections.values())[1:])
    assert pages["08"].labels()[1] == "2. Tasks by phase: 1 task ticked"  # the buttons count it all the same

    before = live_widget_count()
    pages["08"].show_section("checklist")
    assert live_widget_count() > before + 60  # its tick boxes arrive now, on its first view
    assert pages["08"].sections["checklist"].widget.boxes["read-mentee-role"].value is True
    closure = pages["09"].sections["close"].widget
    assert closure.fields["reason"].value == "Our year is up"
    assert pages["03"].sections["kinds"].widget.needed_boxes["catalyst"].value is True
    assert pages["04"].sections["double-role"].widget.cards["mistake"].value == "agree"
    assert "Shadowed a night shift" in html_text(pages["08"].sections["log"].widget.children[0].table.value)
