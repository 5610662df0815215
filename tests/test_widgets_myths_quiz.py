"""The myths quiz: immediate corrections, a score, and answers kept in the workbook."""

from __future__ import annotations

import pytest
from widget_text import SaveCounter, html_text, page_text

from mentoringkit.progress import module_status
from mentoringkit.session import memory_session
from mentoringkit.widgets.myths_quiz import show_myths_quiz


def test_wrong_answer_shows_the_correction() -> None:
    quiz = show_myths_quiz(memory_session(role="mentee"))
    myth = quiz.session.curriculum.myths.myths[0]
    assert html_text(quiz.feedback[myth.id].value) == ""
    quiz.answer(myth.id, says_true=True)
    feedback = html_text(quiz.feedback[myth.id].value)
    assert "Not quite" in feedback and html_text(myth.correction) in feedback
    quiz.answer(myth.id, says_true=False)
    assert "Right, it is a myth" in html_text(quiz.feedback[myth.id].value)


def test_score_counts_answers_and_right_ones() -> None:
    quiz = show_myths_quiz(memory_session(role="mentor"))
    saves = SaveCounter(quiz.session)
    myths = list(quiz.myths.values())
    quiz.answer(myths[0].id, not myths[0].answer)  # wrong
    quiz.answer(myths[1].id, myths[1].answer)  # right
    assert f"answered 2 of {len(myths)} and got 1 right" in page_text(quiz)
    for myth in myths:
        quiz.answer(myth.id, myth.answer)
    assert quiz.current_score.right == len(myths) and "Well done" in html_text(quiz.score.value)
    assert quiz.session.workbook.quiz_answers == {m.id: m.answer for m in myths}
    assert saves.count == 2 + len(myths)
    assert module_status(quiz.session.workbook, "what-is-mentoring", quiz.session.curriculum) == "done"


def test_not_every_statement_is_false() -> None:
    quiz = show_myths_quiz(memory_session(role="mentee"))
    for myth in quiz.myths.values():
        quiz.answer(myth.id, False)
    score = quiz.current_score
    assert 0 < score.right < score.total  # answering "false" throughout no longer wins
    true_one = next(m for m in quiz.myths.values() if m.answer)
    assert "Not quite: it is true." in html_text(quiz.feedback[true_one.id].value)
    quiz.answer(true_one.id, True)
    assert "Right, it is true." in html_text(quiz.feedback[true_one.id].value)


def test_saved_answers_come_back_with_their_feedback() -> None:
    session = memory_session(role="mentee")
    first_id = session.curriculum.myths.myths[0].id
    show_myths_quiz(session).answer(first_id, True)
    again = show_myths_quiz(session)
    assert again.choices[first_id].value is True
    assert "Not quite" in html_text(again.feedback[first_id].value)
    assert "answered 1 of" in html_text(again.score.value)


def test_unknown_myth_is_refused() -> None:
    with pytest.raises(ValueError, match="no myth with id"):
        show_myths_quiz(memory_session()).answer("flat-earth", True)
