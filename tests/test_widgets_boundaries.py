"""The boundaries worksheet: questions per role, answers saved as typed, progress, and the Markdown download."""

from __future__ import annotations

import pytest
from reloading import open_page
from widget_text import SaveCounter, downloads, html_text, page_text

from mentoringkit.progress import module_status
from mentoringkit.session import memory_session
from mentoringkit.widgets.boundaries import boundaries_markdown, show_boundaries


def test_questions_follow_the_role() -> None:
    b = memory_session().curriculum.boundaries
    mentor = show_boundaries(memory_session(role="mentor"))
    mentee = show_boundaries(memory_session(role="mentee"))
    both = show_boundaries(memory_session(role="both"))
    assert list(mentor.fields) == [p.id for p in (*b.for_both, *b.for_mentors)]
    assert list(mentee.fields) == [p.id for p in (*b.for_both, *b.for_mentees)]
    assert list(both.fields) == [p.id for p in (*b.for_both, *b.for_mentors, *b.for_mentees)]
    assert html_text(b.for_mentors[0].text) in page_text(mentor)
    assert html_text(b.for_mentors[0].text) not in page_text(mentee)


def test_answers_are_saved_and_counted() -> None:
    sheet = show_boundaries(memory_session(role="mentee"))
    saves = SaveCounter(sheet.session)
    total = len(sheet.questions)
    assert f"0 of {total} answered" in html_text(sheet.progress.value)
    sheet.answer("meeting-frequency", "Every two weeks")
    sheet.answer("meeting-length", "   ")  # blank answers do not count
    assert sheet.session.workbook.boundaries["meeting-frequency"] == "Every two weeks"
    assert f"1 of {total} answered" in html_text(sheet.progress.value)
    assert saves.count == 2
    for qid in sheet.fields:
        sheet.answer(qid, "agreed")
    assert "All answered" in html_text(sheet.progress.value)
    assert module_status(sheet.session.workbook, "boundaries", sheet.session.curriculum) == "done"


def test_download_carries_the_answers_escaped() -> None:
    session = memory_session(role="mentor")
    session.workbook.profile.name = "Ana Díaz"
    sheet = show_boundaries(session)
    sheet.answer("phone-access", "Weekdays only, <b>never</b> after 8pm")
    files = downloads(sheet)
    markdown = files["my-boundaries-ana-diaz.md"].decode("utf-8")
    assert markdown == boundaries_markdown(session.workbook, session.curriculum)
    assert "Weekdays only, &lt;b&gt;never&lt;/b&gt; after 8pm" in markdown
    assert "_Not answered yet._" in markdown and "1 of" in markdown


def test_answers_come_back_and_foreign_questions_are_refused() -> None:
    session = memory_session(role="mentee")
    show_boundaries(session).answer("avoid-dependence", "I will try things first.")
    again = show_boundaries(session)
    assert again.fields["avoid-dependence"].value == "I will try things first."
    with pytest.raises(ValueError, match="no boundary question 'phone-access'"):
        again.answer("phone-access", "any time")


def test_typing_saves_each_change() -> None:
    sheet = show_boundaries(memory_session(role="mentee"))
    sheet.fields["meeting-format"].value = "Video"  # what the browser sends as the participant types
    assert sheet.session.workbook.boundaries["meeting-format"] == "Video"


def test_answers_survive_a_reload(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    before = show_boundaries(open_page(path))
    question = next(iter(before.fields))
    before.fields[question].value = "Not after eight in the ev"  # mid-word, as in a browser
    after = show_boundaries(open_page(path))  # a new kernel: only the file is shared
    assert after.fields[question].value == "Not after eight in the ev"
