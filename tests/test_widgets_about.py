"""What mentoring is: sections in the right order for the role, and the module reflection."""

from __future__ import annotations

from widget_text import html_text, page_text

from mentoringkit.session import memory_session
from mentoringkit.widgets.about import show_about


def test_own_side_gains_come_first() -> None:
    mentor = html_text(show_about(memory_session(role="mentor")).text.value)
    mentee = html_text(show_about(memory_session(role="mentee")).text.value)
    assert mentor.index("What a mentor gains") < mentor.index("What a mentee gains")
    assert mentee.index("What a mentee gains") < mentee.index("What a mentor gains")


def test_every_part_of_the_reading_is_shown() -> None:
    session = memory_session(role="both")
    text = page_text(show_about(session))
    about = session.curriculum.about
    for group in (about.definitions, about.benefits_for_mentees, about.benefits_for_mentors,
                  about.participant_voices, about.principles, about.foundations, about.time_and_commitment):
        assert html_text(group[0].text) in text
    assert "Creating a Successful Mentoring Partnership" in text  # sources named


def test_reflection_is_saved_under_the_module_and_escaped() -> None:
    page = show_about(memory_session(role="mentee"))
    page.reflect('I hope to gain <b onmouseover="x()">confidence</b>')
    wb = page.session.workbook
    assert wb.reflection("module:what-is-mentoring") == 'I hope to gain <b onmouseover="x()">confidence</b>'
    assert "<b " not in page.reflection.indicator.value
    again = show_about(page.session)
    assert again.reflection.field.value.startswith("I hope to gain")
