"""The evaluation widget: drafts saved while typing, rating and decision as radio groups, dated on save."""

from __future__ import annotations

import datetime as dt

import pytest
from reloading import open_page
from widget_text import SaveCounter, html_text

from mentoringkit.session import memory_session
from mentoringkit.widgets.evaluation import EvaluationForm, show_evaluation

TODAY = dt.date(2025, 6, 2)


@pytest.fixture
def form() -> EvaluationForm:
    return show_evaluation(memory_session(role="mentee"), "midpoint", today=TODAY)


def answer_all(form: EvaluationForm) -> None:
    for q in form.questions:
        form.answer(q.id, f"Our answer to {q.title.lower()}.")
    form.set_rating(4)
    form.set_decision("adjust")


def test_questions_come_from_the_ending_content(form: EvaluationForm) -> None:
    questions = form.session.curriculum.ending.evaluation_questions
    assert [f.label for f in form.answers.values()] == [q.title for q in questions]
    labels = form.rating._options_labels
    assert labels[0] == "1 – not working" and labels[-1] == "5 – working very well"
    assert all(label[0] == str(n) and " – " in label for n, label in enumerate(labels, start=1))
    assert form.decision._options_labels == ("Carry on as we are", "Carry on, with changes",
                                             "Bring the partnership to a close")


def test_typing_saves_a_draft(form: EvaluationForm) -> None:
    saves = SaveCounter(form.session)
    form.answer("what-helped", "The introduction to the committee chair")
    [draft] = form.session.workbook.evaluations
    assert draft.kind == "midpoint" and draft.done_on is None
    assert draft.answers == {"what-helped": "The introduction to the committee chair"}
    assert saves.count == 1
    again = EvaluationForm(form.session, "midpoint", today=TODAY)
    assert again.answers["what-helped"].value == "The introduction to the committee chair"


def test_saving_a_complete_evaluation_dates_it(form: EvaluationForm) -> None:
    answer_all(form)
    evaluation = form.save_evaluation()
    assert evaluation is not None and evaluation.done_on == TODAY
    assert (evaluation.rating, evaluation.decision) == (4, "adjust")
    assert "Mid-point evaluation saved, dated 2025-06-02" in html_text(form.message.value)
    assert "Mid-point evaluation of 2025-06-02: rating 4; Carry on, with changes" in html_text(form.history.value)


def test_an_empty_evaluation_is_not_marked_done(form: EvaluationForm) -> None:
    assert form.save_evaluation() is None
    assert all(e.done_on is None for e in form.session.workbook.evaluations)
    assert "Not saved as done yet" in html_text(form.message.value)


def test_choosing_end_points_to_the_ending_module(form: EvaluationForm) -> None:
    answer_all(form)
    form.set_decision("end")
    form.save_evaluation()
    assert "Ending well" in html_text(form.message.value)


def test_closing_and_midpoint_are_kept_apart(form: EvaluationForm) -> None:
    form.answer("what-helped", "Midpoint answer")
    form.set_kind("closing")
    assert form.answers["what-helped"].value == ""
    form.answer("what-helped", "Closing answer")
    kinds = {e.kind: e.answers["what-helped"] for e in form.session.workbook.evaluations}
    assert kinds == {"midpoint": "Midpoint answer", "closing": "Closing answer"}
    form.set_kind("midpoint")
    assert form.answers["what-helped"].value == "Midpoint answer"


def test_bad_values_are_refused(form: EvaluationForm) -> None:
    with pytest.raises(ValueError):
        form.set_rating(6)
    with pytest.raises(ValueError):
        form.set_decision("pause")
    with pytest.raises(ValueError):
        show_evaluation(form.session, "final")


def test_answers_are_escaped_in_the_history(form: EvaluationForm) -> None:
    answer_all(form)
    form.answer("what-helped", "<script>alert(1)</script>")
    form.save_evaluation()
    assert "<script>" not in form.history.value + form.message.value


def test_a_date_after_today_is_refused(form: EvaluationForm) -> None:
    answer_all(form)
    assert form.save_evaluation(on=dt.date(2025, 7, 1)) is None
    assert form.current().done_on is None
    assert "after today" in html_text(form.message.value)


def test_a_draft_evaluation_survives_a_reload(tmp_path) -> None:
    path = tmp_path / "workbook.json"
    before = show_evaluation(open_page(path), today=TODAY)
    question = next(iter(before.answers))
    before.answers[question].value = "Going well so f"  # mid-word, as in a browser
    before.set_rating(4)
    before.set_decision("adjust")
    assert before.answers[question].input.continuous_update
    after = show_evaluation(open_page(path), today=TODAY)  # a new kernel: only the file is shared
    assert after.answers[question].value == "Going well so f"
    assert (after.rating.value, after.decision.value) == (4, "adjust")
