"""The mid-point and closing evaluation: answer the review questions, rate the partnership from 1 to 5, and
decide together whether to continue, adjust or end.

Answers are saved as a draft while they are typed; "Save this evaluation" checks them and dates the evaluation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from mentoringkit.widgets.controls import Field, QuietHTML, saved_status, single_choice, sources_html, status
from mentoringkit.widgets.typed_fields import NARROW_SCREEN_STYLE
from mentoringkit.workbook import Evaluation

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Point
    from mentoringkit.session import Session

__all__ = ["DECISIONS", "KINDS", "EvaluationForm", "questions_for_role", "show_evaluation"]

KINDS: dict[str, str] = {"midpoint": "Mid-point evaluation", "closing": "Closing evaluation"}
DECISIONS: dict[str, str] = {"continue": "Carry on as we are", "adjust": "Carry on, with changes",
                             "end": "Bring the partnership to a close"}
# Each label says what its number means, so a screen reader announces more than a bare digit.
RATINGS: tuple[tuple[str, int], ...] = (("1 – not working", 1), ("2 – working a little", 2),
                                        ("3 – working fairly well", 3), ("4 – working well", 4),
                                        ("5 – working very well", 5))


def questions_for_role(points: tuple[Point, ...], role: str | None) -> list[Point]:
    if role in (None, "both"):
        return list(points)
    return [p for p in points if role in p.audience]


class EvaluationForm(widgets.VBox):
    """One evaluation (mid-point or closing) bound to the workbook.

    To act as the participant: ``set_kind``, ``answer``, ``set_rating``, ``set_decision``, ``save_evaluation``.
    """

    def __init__(self, session: Session, kind: str = "midpoint", *, today: dt.date | None = None):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        self.session = session
        self._today = today
        ending = session.curriculum.ending
        self.questions = questions_for_role(ending.evaluation_questions, session.role)
        self.kind = single_choice([(label, k) for k, label in KINDS.items()], "Which evaluation", value=kind)
        self.answers: dict[str, Field] = {
            q.id: Field(q.title, multiline=True, rows=3, hint=q.text, continuous_update=True) for q in self.questions}
        self.rating = single_choice(RATINGS, "Rating")
        self.decision = single_choice([(label, d) for d, label in DECISIONS.items()], "Decision")
        self.save_button = widgets.Button(description="Save this evaluation", button_style="primary",
                                          layout=widgets.Layout(width="auto"))
        self.message = QuietHTML(repr_name="EvaluationMessage")
        self.history = QuietHTML(repr_name="EvaluationHistory")
        self._loading = False
        self._load()
        for qid, field in self.answers.items():
            field.on_change(lambda text, qid=qid: self.answer(qid, text))
        self.kind.observe(lambda change: self.set_kind(change["new"]), names="value")
        self.rating.observe(lambda change: self.set_rating(change["new"]), names="value")
        self.decision.observe(lambda change: self.set_decision(change["new"]), names="value")
        self.save_button.on_click(lambda _b: self.save_evaluation())
        children: list[widgets.Widget] = [
            QuietHTML(NARROW_SCREEN_STYLE + "<p>Take stock together. Each of you answers for yourself; then "
                      "compare notes at a meeting.</p>", repr_name="EvaluationIntro"),
            self.kind,
            *self.answers.values(),
            QuietHTML("<p><strong>Overall, how well is the partnership working?</strong> 1 means not working, "
                      "5 means working very well.</p>", repr_name="RatingQuestion"),
            self.rating,
            QuietHTML("<p><strong>What will you do next?</strong></p>", repr_name="DecisionQuestion"),
            self.decision, self.save_button, self.message, self.history,
            QuietHTML(sources_html((q.source for q in self.questions), session.curriculum),
                      repr_name="EvaluationSources"),
        ]
        super().__init__(children=children, layout=widgets.Layout(width="100%"))
        self.add_class("mk-evaluation")
        self.add_class("mk-wrap-fields")
        self._show_history()

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

    def _load(self) -> None:
        """Show the chosen kind's evaluation in the fields without saving anything."""
        self._loading = True
        try:
            evaluation = self.current()
            for qid, field in self.answers.items():
                field.value = evaluation.answers.get(qid, "") if evaluation else ""
                field.set_error(None)
            self.rating.value = evaluation.rating if evaluation else None
            self.decision.value = (evaluation.decision or None) if evaluation else None
        finally:
            self._loading = False

    def _edit(self, change: Any) -> None:
        if self._loading:
            return
        change(self._current_or_new())
        self.session.save()

    # -- acting as the participant ----------------------------------------------
    def set_kind(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        if self.kind.value != kind:
            self.kind.value = kind  # the observer calls back
            return
        self._load()
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
        """Check the evaluation and date it (today by default); on gaps, say what is missing and keep the draft."""
        from mentoringkit.evaluation import check_evaluation

        evaluation = self._current_or_new()
        when = on or self.today()
        gaps = list(check_evaluation(dataclasses.replace(evaluation, done_on=when), self.questions,
                                     today=self.today()))
        for field in self.answers.values():
            field.set_error(None)
        if gaps:
            general = []
            for gap in gaps:
                where = str(getattr(gap, "field", ""))
                qid = next((q for q in self.answers if q in where), None)
                if qid is not None:
                    self.answers[qid].set_error(gap.message)
                else:
                    general.append(gap.message)
            self.session.save()
            self.message.value = status("Not saved as done yet; your answers are kept as a draft. "
                                        + " ".join(general or [f"{len(gaps)} answers need attention above."]),
                                        "error")
            return None
        evaluation.done_on = when
        self.session.save()
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


def show_evaluation(session: Session, kind: str = "midpoint", *, today: dt.date | None = None) -> EvaluationForm:
    """The evaluation form (``kind`` "midpoint" or "closing") for this participant's workbook."""
    return EvaluationForm(session, kind, today=today)
