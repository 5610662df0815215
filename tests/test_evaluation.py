"""Evaluation completeness: every question shown is answered, a rating of 1 to 5, a decision."""

from __future__ import annotations

import datetime as dt

import pytest

from mentoringkit.curriculum import Point, load_curriculum
from mentoringkit.evaluation import check_evaluation
from mentoringkit.workbook import Evaluation

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


def test_an_empty_evaluation_names_each_question(questions: tuple[Point, ...]) -> None:
    gaps = check_evaluation(Evaluation(), questions, today=TODAY)
    assert [g.field for g in gaps] == [f"answers/{q.id}" for q in questions] + ["rating", "decision"]
    assert questions[0].title in gaps[0].message


def test_blank_answers_count_as_missing(questions: tuple[Point, ...]) -> None:
    ev = done(questions)
    ev.answers[questions[2].id] = "  \n "
    assert [g.field for g in check_evaluation(ev, questions, today=TODAY)] == [f"answers/{questions[2].id}"]


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
