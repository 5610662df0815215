"""Evaluation completeness (one answer at least, a rating of 1 to 5, a decision) and when the mid-point opens."""

from __future__ import annotations

import datetime as dt

import pytest

from mentoringkit.curriculum import Point, load_curriculum
from mentoringkit.evaluation import MIDPOINT_AFTER_WEEKS, check_evaluation, midpoint_window, unanswered
from mentoringkit.workbook import Evaluation, LogEntry, Workbook

TODAY = dt.date(2025, 6, 2)


@pytest.fixture(scope="module")
def questions() -> tuple[Point, ...]:
    return load_curriculum().ending.evaluation_questions


def done(questions: tuple[Point, ...], **changes: object) -> Evaluation:
    ev = Evaluation(kind="midpoint", done_on=TODAY, answers={q.id: f"About {q.title}" for q in questions},
                    rating=4, decision="adjust")
    for key, value in changes.items():
        setattr(ev, key, value)
    return ev


def test_a_complete_evaluation(questions: tuple[Point, ...]) -> None:
    assert len(questions) >= 5
    assert check_evaluation(done(questions), questions, today=TODAY) == []


def test_an_empty_evaluation_asks_for_one_answer_a_rating_and_a_decision(questions: tuple[Point, ...]) -> None:
    gaps = check_evaluation(Evaluation(), questions, today=TODAY)
    assert [g.field for g in gaps] == ["answers", "rating", "decision"]
    assert "at least one question" in gaps[0].message and "can stay blank" in gaps[0].message


def test_blank_answers_are_not_gaps_but_are_listed(questions: tuple[Point, ...]) -> None:
    ev = done(questions)
    ev.answers[questions[2].id] = "  \n "
    del ev.answers[questions[4].id]
    assert check_evaluation(ev, questions, today=TODAY) == []
    assert unanswered(ev, questions) == [questions[2], questions[4]]


def test_one_answer_with_rating_and_decision_is_enough(questions: tuple[Point, ...]) -> None:
    ev = done(questions, answers={questions[1].id: "The introduction to the audit lead"})
    assert check_evaluation(ev, questions, today=TODAY) == []
    ev.answers = {questions[1].id: " \t"}
    assert [g.field for g in check_evaluation(ev, questions, today=TODAY)] == ["answers"]


def test_midpoint_is_not_offered_before_the_partnership_has_run() -> None:
    wb = Workbook()
    closed = midpoint_window(wb, TODAY)
    assert not closed.open and "log your first meeting" in closed.reason and closed.opens_on is None
    wb.profile.program_start = TODAY - dt.timedelta(weeks=MIDPOINT_AFTER_WEEKS) + dt.timedelta(days=1)
    soon = midpoint_window(wb, TODAY)
    assert not soon.open and soon.opens_on == TODAY + dt.timedelta(days=1)
    assert "3 June 2025" in soon.reason
    assert midpoint_window(wb, TODAY + dt.timedelta(days=1)).open


def test_midpoint_opens_with_the_first_meeting_logged_or_for_a_trainer() -> None:
    wb = Workbook()
    wb.log.append(LogEntry(date=TODAY + dt.timedelta(days=3), activity="Planned first meeting"))
    assert not midpoint_window(wb, TODAY).open  # a meeting still to come does not count
    assert midpoint_window(wb, TODAY, facilitator=True).open
    assert "trainer" in midpoint_window(wb, TODAY, facilitator=True).reason
    wb.log.append(LogEntry(date=TODAY, activity="First meeting"))
    assert midpoint_window(wb, TODAY).open


def test_a_begun_midpoint_stays_offered() -> None:
    wb = Workbook(evaluations=[Evaluation(kind="midpoint", answers={"what-helped": "kept"})])
    assert midpoint_window(wb, TODAY).open


def test_only_the_questions_shown_are_needed(questions: tuple[Point, ...]) -> None:
    shown = questions[:3]
    ev = done(shown, answers={q.id: "yes" for q in shown})
    ev.answers["from-an-older-content-version"] = "kept"
    assert check_evaluation(ev, shown, today=TODAY) == []


@pytest.mark.parametrize(("rating", "ok"), [(1, True), (5, True), (0, False), (6, False), (-1, False)])
def test_rating_is_one_to_five(questions: tuple[Point, ...], rating: int, ok: bool) -> None:
    gaps = check_evaluation(done(questions, rating=rating), questions, today=TODAY)
    assert (gaps == []) is ok
    if not ok:
        assert gaps[0].field == "rating" and "from 1 to 5" in gaps[0].message


def test_decision_and_future_date(questions: tuple[Point, ...]) -> None:
    gaps = check_evaluation(done(questions, decision="", done_on=TODAY + dt.timedelta(days=1)), questions,
                            today=TODAY)
    assert [g.field for g in gaps] == ["decision", "done_on"]
    assert "carry on" in gaps[0].message and "after today" in gaps[1].message


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "x" * 100_000, "🙂", "مرحبا"])
def test_any_answer_text_counts(questions: tuple[Point, ...], text: str) -> None:
    ev = done(questions, answers={q.id: text for q in questions})
    assert check_evaluation(ev, questions, today=TODAY) == []
