"""Conversation starters and the first meeting: browse, shuffle, build and order the agenda, download it."""

from __future__ import annotations

import pytest
from widget_text import SaveCounter, downloads, html_text, page_text

from mentoringkit.exports import agenda_html, agenda_markdown
from mentoringkit.session import memory_session
from mentoringkit.widgets.conversation_starters import show_conversation_starters
from mentoringkit.widgets.first_meeting import show_first_meeting


def test_filters_narrow_the_list() -> None:
    browser = show_conversation_starters(memory_session(role="mentee"), phase="first-meeting")
    deck = browser.deck
    assert browser.shown() == [s.id for s in deck.select("first-meeting")]
    assert f"Showing {len(deck.select('first-meeting'))} of {len(deck.starters)}" in page_text(browser)
    browser.set_theme("values")
    assert browser.shown() == [s.id for s in deck.select("first-meeting", "values")]
    listed = [c.description for c in browser.listing.children]
    assert listed[0].startswith(deck.select("first-meeting", "values")[0].text)
    browser.set_phase(None)
    browser.set_theme(None)
    assert len(browser.shown()) == len(deck.starters)
    assert (browser.phase.label, browser.theme.label) == ("All phases", "All themes")
    with pytest.raises(ValueError, match="no phase 'lunch'"):
        browser.set_phase("lunch")


def test_shuffle_changes_the_order_but_not_the_set() -> None:
    browser = show_conversation_starters(memory_session(), phase="early")
    before = browser.shown()
    browser.shuffle(seed=3)
    after = browser.shown()
    assert sorted(after) == sorted(before) and after != before
    browser.shuffle(seed=3)
    assert browser.shown() == after


def test_picking_builds_an_ordered_agenda() -> None:
    browser = show_conversation_starters(memory_session(role="mentor"))
    saves = SaveCounter(browser.session)
    a, b, c = (s.id for s in browser.deck.starters[:3])
    for sid in (a, b, c):
        browser.pick(sid)
    browser.move(c, 1)
    browser.remove(a)
    assert browser.session.workbook.agenda == [c, b]
    assert saves.count == 5
    texts = browser.agenda_texts()
    shown = page_text(browser.agenda_rows)
    assert shown.index(texts[0]) < shown.index(texts[1])
    assert browser.starters[a].text not in shown
    assert not browser.boxes[a].value and browser.boxes[c].value


def test_agenda_buttons_act_like_the_methods() -> None:
    browser = show_conversation_starters(memory_session())
    a, b = (s.id for s in browser.deck.starters[:2])
    browser.pick(a)
    browser.pick(b)
    buttons = {btn.description: btn for row in browser.agenda_rows.children
               if hasattr(row, "children") for btn in row.children}
    assert buttons["Move question 1 up"].disabled and buttons["Move question 2 down"].disabled
    buttons["Move question 2 up"].click()
    assert browser.session.workbook.agenda == [b, a]
    buttons = {btn.description: btn for row in browser.agenda_rows.children
               if hasattr(row, "children") for btn in row.children}
    buttons["Remove question 1"].click()
    assert browser.session.workbook.agenda == [a]


def test_downloads_are_the_agenda_exports() -> None:
    session = memory_session(role="mentee")
    browser = show_conversation_starters(session)
    browser.pick(browser.deck.starters[5].id)
    files = downloads(browser)
    assert files["agenda.md"].decode() == agenda_markdown(session.workbook, session.curriculum)
    assert files["agenda.html"].decode() == agenda_html(session.workbook, session.curriculum)
    assert browser.deck.starters[5].text in files["agenda.md"].decode()


def test_agenda_comes_back_and_unknown_starters_are_refused() -> None:
    session = memory_session()
    first_id = session.curriculum.conversation_starters.starters[0].id
    show_conversation_starters(session).pick(first_id)
    again = show_conversation_starters(session)
    assert again.boxes[first_id].value and again.agenda_texts() == [again.starters[first_id].text]
    with pytest.raises(ValueError, match="no conversation starter"):
        again.pick("what-is-your-star-sign")


def test_first_meeting_guidelines_and_tips() -> None:
    session = memory_session(role="mentee")
    text = html_text(show_first_meeting(session).value)
    fm = session.curriculum.first_meeting
    assert html_text(fm.intro) in text
    for group in fm.guidelines:
        assert group.title in text
    assert fm.tips_for_beginning[0].title in text and "Tips for the beginning" in text
