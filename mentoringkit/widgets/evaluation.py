"""The mid-point and closing evaluation: answer the review questions, rate the partnership from 1 to 5, and
decide together whether to continue, adjust or end.

Answers are saved as a draft while they are typed; "Save this evaluation" dates it once it has a rating, a
decision and at least one answer. Blank questions are a gentle reminder, never an error. The mid-point form is
offered once the partnership has run for a while (``mentoringkit.evaluation.midpoint_window``) or to a trainer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from mentoringkit.widgets.controls import (
    Field,
    Follower,
    QuietHTML,
    put_saved,
    saved_status,
    shared_look,
    single_choice,
    sources_html,
    status,
)
from mentoringkit.widgets.first_meeting import points_for_role
from mentoringkit.widgets.typed_fields import NARROW_SCREEN_STYLE
from mentoringkit.workbook import Evaluation

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.evaluation import MidpointWindow
    from mentoringkit.session import Session

__all__ = ["DECISIONS", "KINDS", "EvaluationForm", "questions_for_role", "show_evaluation"]

KINDS: dict[str, str] = {"midpoint": "Mid-point evaluation", "closing": "Closing evaluation"}
DECISIONS: dict[str, str] = {"continue": "Carry on as we are", "adjust": "Carry on, with changes",
                             "end": "Bring the partnership to a close"}
# Each label says what its number means, so a screen reader announces more than a bare digit.
RATINGS: tuple[tuple[str, int], ...] = (("1 – not working", 1), ("2 – working a little", 2),
                                        ("3 – working fairly well", 3), ("4 – working well", 4),
                                        ("5 – working very well", 5))


#: The evaluation questions for one side of the partnership: the same rule as every other content point.
questions_for_role = points_for_role


class EvaluationForm(Follower, widgets.VBox):
    """One evaluation (mid-point or closing) bound to the workbook.

    To act as the participant: ``set_kind``, ``answer``, ``set_rating``, ``set_decision``, ``save_evaluation``.
    """

    def __init__(self, session: Session, kind: str = "midpoint", *, today: dt.date | None = None):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        self.session = session
        self._today = today
        self.kind = single_choice([(label, k) for k, label in KINDS.items()], "Which evaluation", value=kind)
        self.rating = single_choice(RATINGS, "Rating")
        self.decision = single_choice([(label, d) for d, label in DECISIONS.items()], "Decision")
        self.save_button = widgets.Button(description="Save this evaluation", button_style="primary",
                                          layout=widgets.Layout(width="auto"))
        self.message = QuietHTML(repr_name="EvaluationMessage")
        self.draft_note = QuietHTML(repr_name="EvaluationDraft")
        self.gate = QuietHTML(repr_name="EvaluationGate")
        self.history = QuietHTML(repr_name="EvaluationHistory")
        self.kind.observe(lambda change: self.set_kind(change["new"]), names="value")
        self.rating.observe(self.by_hand(lambda change: self.set_rating(change["new"])), names="value")
        self.decision.observe(self.by_hand(lambda change: self.set_decision(change["new"])), names="value")
        self.save_button.on_click(lambda _b: self.save_evaluation())
        self.lay_out(session, "mk-evaluation", "mk-wrap-fields")

    def _build(self) -> None:
        """Lay out the questions for the participant's role as it is now, with the answers as saved."""
        self._role = self.session.role
        self.questions = questions_for_role(self.session.curriculum.ending.evaluation_questions, self._role)
        self.answers: dict[str, Field] = {
            q.id: Field(q.title, multiline=True, rows=3, hint=q.text, continuous_update=True) for q in self.questions}
        for qid, field in self.answers.items():
            field.on_change(self.by_hand(lambda text, qid=qid: self.answer(qid, text)))
        self._head = [
            QuietHTML(NARROW_SCREEN_STYLE + "<p>Take stock together. Each of you answers for yourself; then "
                      "compare notes at a meeting. Answer the questions that apply to you: your answers are kept "
                      "as a draft while you type, and only the rating and the decision are needed to finish.</p>",
                      repr_name="EvaluationIntro"),
            self.kind, self.gate]
        self._form = [
            *self.answers.values(),
            QuietHTML("<p><strong>Overall, how well is the partnership working?</strong> 1 means not working, "
                      "5 means working very well. <em>(needed to finish)</em></p>", repr_name="RatingQuestion"),
            self.rating,
            QuietHTML("<p><strong>What will you do next?</strong> <em>(needed to finish)</em></p>",
                      repr_name="DecisionQuestion"),
            self.decision, self.draft_note, self.save_button, self.message]
        self._tail = [self.history, QuietHTML(sources_html((q.source for q in self.questions),
                                                           self.session.curriculum), repr_name="EvaluationSources")]
        self._offered: bool | None = None
        self.refresh()

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # -- the evaluation being edited ----------------------------------------------
    def current(self) -> Evaluation | None:
        """The latest evaluation of the chosen kind (a draft or a saved one), if any."""
        kind = self.kind.value
        return next((e for e in reversed(self.session.workbook.evaluations) if e.kind == kind), None)

    def _current_or_new(self) -> Evaluation:
        evaluation = self.current()
        if evaluation is None:
            evaluation = Evaluation(kind=self.kind.value)
            self.session.workbook.evaluations.append(evaluation)
        return evaluation

    def refresh(self) -> None:
        """Show the chosen kind's evaluation as saved (changed on another page, perhaps) and the saved
        evaluations, without saving anything; the questions change with a role changed on another page."""
        if self.relaid_for_role():
            return
        self._place()
        evaluation = self.current()
        with self.redrawing():
            for qid, field in self.answers.items():
                saved = evaluation.answers.get(qid, "") if evaluation else ""
                put_saved(field, saved, same=lambda typed, saved=saved: not saved and not typed.strip())
            self.rating.value = evaluation.rating if evaluation else None
            self.decision.value = (evaluation.decision or None) if evaluation else None
        self._show_draft()
        self._show_history()

    # -- whether the form is offered ---------------------------------------------
    def window(self) -> MidpointWindow:
        """Whether the chosen evaluation is offered now (the closing one always is)."""
        from mentoringkit.evaluation import MidpointWindow, midpoint_window

        if self.kind.value != "midpoint":
            return MidpointWindow(True, "")
        return midpoint_window(self.session.workbook, self.today(), facilitator=self.session.facilitator)

    @property
    def offered(self) -> bool:
        return bool(self._offered)

    def _place(self) -> None:
        """Show the form, or in its place a note saying when it opens: a newcomer is not asked to evaluate a
        partnership that has not begun."""
        window = self.window()
        note = window.reason if (not window.open or self.session.facilitator) and window.reason else ""
        self.gate.value = status(note, "info") if note else ""
        if window.open != self._offered:
            self._offered = window.open
            self.children = [*self._head, *(self._form if window.open else []), *self._tail]

    def _show_draft(self) -> None:
        """A quiet line saying what is kept and what is still needed; nothing in red."""
        from mentoringkit.evaluation import check_evaluation, unanswered

        evaluation = self.current()
        if evaluation is None or evaluation.done_on is not None:
            self.draft_note.value = ""
            return
        answered = len(self.questions) - len(unanswered(evaluation, self.questions))
        needed = [g.message for g in check_evaluation(evaluation, self.questions, today=self.today())
                  if g.field != "done_on"]
        text = f"Draft kept: {answered} of {len(self.questions)} questions answered."
        text += " Still needed to finish: " + " ".join(needed) if needed else " Ready to save."
        self.draft_note.value = status(text, "info")

    def _edit(self, change: Any) -> None:
        change(self._current_or_new())
        self.session.save()
        self._show_draft()

    # -- acting as the participant ----------------------------------------------
    def set_kind(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        if self.kind.value != kind:
            self.kind.value = kind  # the observer calls back
            return
        self.refresh()
        self.message.value = ""

    def answer(self, question_id: str, text: str) -> None:
        if question_id not in self.answers:
            raise KeyError(f"no evaluation question {question_id!r}")
        if self.answers[question_id].value != text:
            self.answers[question_id].value = text  # the field calls back
            return

        def store(ev: Evaluation) -> None:
            if text.strip():
                ev.answers[question_id] = text
            else:
                ev.answers.pop(question_id, None)
        self._edit(store)

    def set_rating(self, rating: int | None) -> None:
        if rating is not None and rating not in range(1, 6):
            raise ValueError(f"rating must be 1 to 5, got {rating!r}")
        if self.rating.value != rating:
            self.rating.value = rating
            return
        self._edit(lambda ev: setattr(ev, "rating", rating))

    def set_decision(self, decision: str | None) -> None:
        if decision is not None and decision not in DECISIONS:
            raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, got {decision!r}")
        if self.decision.value != decision:
            self.decision.value = decision
            return
        self._edit(lambda ev: setattr(ev, "decision", decision or ""))

    def save_evaluation(self, on: dt.date | None = None) -> Evaluation | None:
        """Date the evaluation (today by default) if it has what it needs; otherwise keep it as a draft and say,
        in one calm line, what is still needed. Blank questions never stop it."""
        from mentoringkit.evaluation import check_evaluation

        if not self.offered:
            raise ValueError(self.window().reason)
        evaluation = self._current_or_new()
        when = on or self.today()
        gaps = list(check_evaluation(dataclasses.replace(evaluation, done_on=when), self.questions,
                                     today=self.today()))
        if gaps:
            self.session.save()
            self._show_draft()
            self.message.value = status("Kept as a draft, not finished yet. Still needed: "
                                        + " ".join(g.message for g in gaps), "info")
            return None
        evaluation.done_on = when
        self.session.save()
        self._show_draft()
        note = ""
        if evaluation.decision == "end":
            note = " You chose to end: the Ending well module helps you plan a good close."
        self.message.value = saved_status(
            self.session, f"{KINDS[evaluation.kind]} saved, dated {evaluation.done_on.isoformat()}."
                                    + note, "ok")
        self._show_history()
        return evaluation

    def _show_history(self) -> None:
        done = [e for e in self.session.workbook.evaluations if e.done_on]
        if not done:
            self.history.value = ""
            return
        items = "".join(
            f"<li>{html.escape(KINDS[e.kind])} of {e.done_on.isoformat() if e.done_on else ''}: "
            f"rating {e.rating if e.rating is not None else 'not given'}; "
            f"{html.escape(DECISIONS.get(e.decision, 'no decision yet'))}</li>" for e in done)
        self.history.value = f"<h3>Your saved evaluations</h3><ul>{items}</ul>"

    def __repr__(self) -> str:
        return "EvaluationForm()"


@shared_look()
def show_evaluation(session: Session, kind: str = "midpoint", *, today: dt.date | None = None) -> EvaluationForm:
    """The evaluation form (``kind`` "midpoint" or "closing") for this participant's workbook."""
    return EvaluationForm(session, kind, today=today)
