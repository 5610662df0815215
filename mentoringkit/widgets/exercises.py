"""Practice for two topics that reading alone does not teach: sketching a vision plan (module 06) and handling
the double role of a mentor who also supervises (module 04). Written answers are reflections
(``exercise:<exercise>/<step>``); each sorted card is kept as ``sort:<exercise>/<card>``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.widgets.components import STACKED_FIELDS, ReflectionBox
from mentoringkit.widgets.controls import Follower, QuietHTML, shared_look, single_choice, sources_html
from mentoringkit.widgets.first_meeting import points_for_role

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Exercise, SortCard
    from mentoringkit.session import Session

__all__ = ["PLACES", "ExercisePage", "card_feedback_html", "show_exercise", "sort_key", "step_key"]

#: Where a topic belongs, as the participant chooses it.
PLACES: dict[str, str] = {"mentoring": "In mentoring", "supervision": "In supervision",
                          "agree": "Both: agree first how to handle it"}
EXERCISES = ("vision_plan", "dual_role")


def step_key(exercise: Exercise, step_id: str) -> str:
    return f"exercise:{exercise.id}/{step_id}"


def sort_key(exercise: Exercise, card_id: str) -> str:
    return f"sort:{exercise.id}/{card_id}"


def card_feedback_html(card: SortCard, chosen: str | None) -> str:
    """Whether the choice matches the guide's answer, and why; nothing before a choice."""
    if not chosen:
        return ""
    right = chosen == card.belongs
    verdict = "Yes." if right else f"Think again: the guide's answer is “{PLACES[card.belongs]}”."
    colour = "#7fbf86" if right else "#d9a441"
    return (f'<div role="status" class="mk-feedback" style="max-width:44em;border-left:4px solid {colour};'
            f'padding:0.2em 0.8em"><p><strong>{html.escape(verdict)}</strong> {html.escape(card.why)}</p></div>')


class ExercisePage(Follower, widgets.VBox):
    """One exercise: its purpose, the cards to sort (if any), then the written steps for the participant's side.

    To act as the participant: ``sort(card_id, place)`` and ``write(step_id, text)``.
    """

    def __init__(self, session: Session, exercise: str):
        if exercise not in EXERCISES:
            raise ValueError(f"exercise must be one of vision_plan, dual_role, got {exercise!r}")
        self.exercise: Exercise = getattr(session.curriculum.exercises, exercise)
        self.lay_out(session, "mk-stacked", "mk-exercise")

    def _build(self) -> None:
        ex, wb = self.exercise, self.session.workbook
        self._role = self.session.role
        children: list[widgets.Widget] = [QuietHTML(
            STACKED_FIELDS + f"<h2>{html.escape(ex.title)}</h2><p>{html.escape(ex.intro)}</p>",
            repr_name="ExerciseIntro")]
        self.cards: dict[str, widgets.RadioButtons] = {}
        self.card_feedback: dict[str, QuietHTML] = {}
        for number, card in enumerate(ex.cards, start=1):
            chosen = wb.reflection(sort_key(ex, card.id)) or None
            choice = single_choice([(label, place) for place, label in PLACES.items()], "Where it belongs",
                                   value=chosen if chosen in PLACES else None)
            choice.observe(self.by_hand(lambda change, cid=card.id: self.sort(cid, change["new"])), names="value")
            self.cards[card.id] = choice
            self.card_feedback[card.id] = QuietHTML(card_feedback_html(card, choice.value), repr_name="CardFeedback")
            children += [QuietHTML(f"<h3>Topic {number} of {len(ex.cards)}</h3><p>{html.escape(card.text)}</p>",
                                   repr_name="SortCard"), choice, self.card_feedback[card.id]]
        self.steps = {s.id: ReflectionBox(self.session, step_key(ex, s.id), s.prompt,
                                          hint=(s.hint + " " if s.hint else "") + "Saved as you type.")
                      for s in points_for_role(ex.steps, self._role)}
        if self.steps:
            children.append(QuietHTML("<h3>Write it down</h3>", repr_name="StepsHeading"))
        children += [*self.steps.values(), QuietHTML(sources_html([ex.source], self.session.curriculum),
                                                     repr_name="ExerciseSources")]
        self.children = children

    def refresh(self) -> None:
        """Show the sorted cards and the answers as saved (on another page, perhaps), without saving."""
        if self.relaid_for_role():
            return
        wb = self.session.workbook
        with self.redrawing():
            for card in self.exercise.cards:
                chosen = wb.reflection(sort_key(self.exercise, card.id)) or None
                self.cards[card.id].value = chosen if chosen in PLACES else None
                self.card_feedback[card.id].value = card_feedback_html(card, self.cards[card.id].value)
        for box in self.steps.values():
            box.refresh()

    def sort(self, card_id: str, place: str | None) -> None:
        """Put one topic in mentoring, supervision or "agree"."""
        if card_id not in self.cards:
            raise ValueError(f"no topic {card_id!r} in this exercise")
        if place is not None and place not in PLACES:
            raise ValueError(f"place must be one of {', '.join(PLACES)}, got {place!r}")
        if self.cards[card_id].value != place:
            self.cards[card_id].value = place  # the observer calls back
            return
        card = next(c for c in self.exercise.cards if c.id == card_id)
        self.session.workbook.set_reflection(sort_key(self.exercise, card_id), place or "")
        self.session.save()
        self.card_feedback[card_id].value = card_feedback_html(card, place)

    def write(self, step_id: str, text: str) -> None:
        if step_id not in self.steps:
            raise ValueError(f"no step {step_id!r} for this role in this exercise")
        self.steps[step_id].write(text)

    def __repr__(self) -> str:
        return f"ExercisePage({self.exercise.id!r})"


@shared_look()
def show_exercise(session: Session, exercise: str) -> ExercisePage:
    """The vision-plan (``"vision_plan"``) or double-role (``"dual_role"``) exercise for this participant."""
    return ExercisePage(session, exercise)
