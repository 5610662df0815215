"""Kinds of mentor: mentees choose and rank, mentors offer and check the traps; all kept in the workbook."""

from __future__ import annotations

import pytest
from widget_text import SaveCounter, html_text, page_text

from mentoringkit.session import memory_session
from mentoringkit.widgets.mentor_roles import move_to, show_mentor_roles
from mentoringkit.widgets.people import show_people


def test_move_to_clamps_positions() -> None:
    assert move_to(["a", "b", "c"], "c", 1) == ["c", "a", "b"]
    assert move_to(["a", "b", "c"], "a", 2) == ["b", "a", "c"]
    assert move_to(["a", "b", "c"], "a", 99) == ["b", "c", "a"]
    assert move_to(["a", "b", "c"], "b", 0) == ["b", "a", "c"]


def test_mentee_chooses_and_ranks_roles() -> None:
    page = show_mentor_roles(memory_session(role="mentee"))
    saves = SaveCounter(page.session)
    page.choose_needed("guide")
    page.choose_needed("advocate")
    page.choose_needed("ally")
    page.rank("ally", 1)
    assert page.session.workbook.roles_needed == ["ally", "guide", "advocate"]
    assert page.ranked_names() == ["Ally", "Guide", "Advocate"]
    text = page_text(page.ranking)
    assert text.index("1. Ally") < text.index("2. Guide") < text.index("3. Advocate")
    page.choose_needed("guide", False)
    assert page.session.workbook.roles_needed == ["ally", "advocate"]
    assert saves.count == 5
    assert not page.offered_boxes and not page.trap_boxes


def test_move_buttons_act_like_rank() -> None:
    page = show_mentor_roles(memory_session(role="mentee"))
    for role_id in ("guide", "catalyst"):
        page.choose_needed(role_id)
    buttons = {b.description: b for row in page.ranking.children[1:] for b in row.children[1:]}
    assert buttons["Move Guide up"].disabled and buttons["Move Catalyst down"].disabled
    buttons["Move Catalyst up"].click()
    assert page.session.workbook.roles_needed == ["catalyst", "guide"]


def test_mentor_offers_roles_and_cannot_rank() -> None:
    page = show_mentor_roles(memory_session(role="mentor"))
    page.offer("advisor")
    page.offer("guide")
    assert page.session.workbook.roles_offered == ["guide", "advisor"]  # in the course's order
    page.offer("advisor", False)
    assert page.session.workbook.roles_offered == ["guide"]
    with pytest.raises(ValueError, match="for mentees"):
        page.choose_needed("guide")


def test_both_does_both() -> None:
    page = show_mentor_roles(memory_session(role="both"))
    page.choose_needed("role-model")
    page.offer("catalyst")
    wb = page.session.workbook
    assert (wb.roles_needed, wb.roles_offered) == (["role-model"], ["catalyst"])


def test_ticking_a_trap_reveals_why_and_what_instead() -> None:
    page = show_mentor_roles(memory_session(role="mentor"))
    trap = page.session.curriculum.mentor_roles.traps[0]
    assert html_text(trap.why_it_hurts) not in page_text(page)
    page.check_trap(trap.id)
    text = page_text(page)
    assert html_text(trap.why_it_hurts) in text and html_text(trap.instead) in text
    assert page.session.workbook.trap_checks == {trap.id: True}
    page.check_trap(trap.id, False)
    assert html_text(trap.why_it_hurts) not in page_text(page)
    assert page.session.workbook.trap_checks == {trap.id: False}


def test_mentee_reads_the_traps_without_ticking() -> None:
    page = show_mentor_roles(memory_session(role="mentee"))
    trap = page.session.curriculum.mentor_roles.traps[-1]
    assert html_text(trap.instead) in page_text(page)
    with pytest.raises(ValueError, match="for mentors"):
        page.check_trap(trap.id)


def test_choices_come_back() -> None:
    session = memory_session(role="both")
    first = show_mentor_roles(session)
    first.choose_needed("savvy-insider")
    first.offer("ally")
    first.check_trap(session.curriculum.mentor_roles.traps[1].id)
    again = show_mentor_roles(session)
    assert again.needed_boxes["savvy-insider"].value and again.offered_boxes["ally"].value
    trap = session.curriculum.mentor_roles.traps[1]
    assert again.trap_boxes[trap.id].value and html_text(trap.instead) in html_text(again.trap_details[trap.id].value)


def test_people_puts_own_side_first() -> None:
    mentor = html_text(show_people(memory_session(role="mentor")).value)
    mentee = html_text(show_people(memory_session(role="mentee")).value)
    assert mentor.index("Being a mentor") < mentor.index("Being a mentee")
    assert mentee.index("Being a mentee") < mentee.index("Being a mentor")
    people = memory_session().curriculum.people
    assert html_text(people.mutual_responsibilities[0].text) in mentee
    assert '<details open><summary>Being a mentee' in show_people(memory_session(role="mentee")).value
    assert '<details open><summary>Being a mentor' not in show_people(memory_session(role="mentee")).value
