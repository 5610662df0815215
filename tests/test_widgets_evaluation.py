"""The evaluation widget: drafts saved while typing, rating and decision as radio groups, dated on save."""

from __future__ import annotations

import datetime as dt

import pytest
from reloading import open_page
from widget_text import SaveCounter, html_text, page_text

from mentoringkit.session import Session, memory_session
from mentoringkit.widgets.evaluation import EvaluationForm, show_evaluation
from mentoringkit.workbook import LogEntry

TODAY = dt.date(2025, 6, 2)


def running_session(role: str = "mentee") -> Session:
    """A participant whose programme began three months before TODAY, so the mid-point is due."""
    session = memory_session(role=role)
    session.workbook.profile.program_start = dt.date(2025, 3, 3)
    return session


@pytest.fixture
def form() -> EvaluationForm:
    return show_evaluation(running_session(), "midpoint", today=TODAY)


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
    assert "Kept as a draft, not finished yet" in html_text(form.message.value)


def test_a_partial_evaluation_is_kept_gently_and_finishes_without_every_answer(form: EvaluationForm) -> None:
    form.answer("what-helped", "Shadowing the ward round")
    form.answer("meeting-rhythm", "Monthly is right")
    assert "Draft kept: 2 of" in html_text(form.draft_note.value)
    assert form.save_evaluation() is None
    assert form.current().answers == {"what-helped": "Shadowing the ward round", "meeting-rhythm": "Monthly is right"}
    shown = form.message.value + "".join(f.message.value for f in form.answers.values()) + form.draft_note.value
    assert "Problem" not in html_text(shown) and "mk-status-error" not in shown and 'role="alert"' not in shown
    assert "Rate how well" in html_text(form.message.value) and "Choose what happens next" in html_text(
        form.message.value)
    assert "Write an answer" not in html_text(form.message.value)  # two answers are enough
    form.set_rating(3)
    form.set_decision("continue")
    assert "Ready to save" in html_text(form.draft_note.value)
    saved = form.save_evaluation()
    assert saved is not None and saved.done_on == TODAY and len(saved.answers) == 2
    assert form.draft_note.value == ""


def test_required_parts_are_marked_before_anything_goes_wrong(form: EvaluationForm) -> None:
    text = page_text(form)
    assert text.count("(needed to finish)") == 2
    assert "only the rating and the decision are needed" in text


def test_newcomers_are_not_asked_for_a_midpoint() -> None:
    session = memory_session(role="mentee")
    form = show_evaluation(session, "midpoint", today=TODAY)
    assert not form.offered
    assert form.rating not in form.children and not any(f in form.children for f in form.answers.values())
    assert "log your first meeting" in html_text(form.gate.value)
    with pytest.raises(ValueError, match="nothing to fill in yet"):
        form.save_evaluation()
    assert session.workbook.evaluations == []
    form.set_kind("closing")  # the closing evaluation is always there to read and fill in
    assert form.offered and form.rating in form.children and form.gate.value == ""


def test_the_midpoint_opens_when_a_meeting_is_logged_elsewhere() -> None:
    session = memory_session(role="mentee")
    form = show_evaluation(session, "midpoint", today=TODAY)
    session.workbook.log.append(LogEntry(date=dt.date(2025, 5, 20), activity="First meeting"))
    form.refresh()
    assert form.offered and form.rating in form.children and form.gate.value == ""


def test_a_trainer_can_open_the_midpoint_on_purpose() -> None:
    form = show_evaluation(memory_session(role="mentee", facilitator=True), "midpoint", today=TODAY)
    assert form.offered and "trainer mode" in html_text(form.gate.value)


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
