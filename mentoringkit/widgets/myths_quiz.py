"""The myths quiz: common myths mixed with sound ideas as true-or-false questions, with the explanation as soon
as a statement is answered and a running score; answers are kept in ``workbook.quiz_answers``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.widgets.controls import Follower, QuietHTML, shared_look, single_choice, sources_html

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Myth, Myths
    from mentoringkit.session import Session
    from mentoringkit.workbook import Workbook

__all__ = ["MythsQuiz", "QuizScore", "is_right", "quiz_score", "show_myths_quiz"]


def is_right(myth: Myth, says_true: bool) -> bool:
    """Whether an answer is right: "false" for a myth, "true" for one of the sound ideas mixed in."""
    return bool(says_true) == myth.answer


@dataclass(frozen=True)
class QuizScore:
    answered: int
    right: int
    total: int

    def sentence(self) -> str:
        if self.answered == 0:
            return f"{self.total} statements to go. Choose true or false for each."
        done = f"You have answered {self.answered} of {self.total} and got {self.right} right."
        if self.answered < self.total:
            return done
        if self.right == self.total:
            return done + " Well done: you can tell the myths from the sound ideas."
        return done + " Read the explanations again: a myth can quietly shape what you expect."


def quiz_score(workbook: Workbook, myths: Myths) -> QuizScore:
    """Answers and right answers among the myths in the course (answers to removed myths do not count)."""
    answers = [(m, workbook.quiz_answers[m.id]) for m in myths.myths if m.id in workbook.quiz_answers]
    return QuizScore(answered=len(answers), right=sum(is_right(m, a) for m, a in answers), total=len(myths.myths))


def feedback_html(myth: Myth, says_true: bool | None) -> str:
    if says_true is None:
        return ""
    right = is_right(myth, says_true)
    kind = "it is true" if myth.answer else "it is a myth"
    verdict = f"Right, {kind}." if right else f"Not quite: {kind}."
    colour = "#7fbf86" if right else "#d9a441"
    return (f'<div role="status" class="mk-feedback" style="max-width:44em;border-left:4px solid {colour};'
            f'padding:0.2em 0.8em"><p><strong>{verdict}</strong></p>'
            f"<p>{html.escape(myth.correction)}</p></div>")


class MythsQuiz(Follower, widgets.VBox):
    """One true/false question per statement, its explanation once answered, and the score.

    To act as the participant: ``answer(myth_id, says_true)``.
    """

    def __init__(self, session: Session):
        self.session = session
        myths = session.curriculum.myths
        self.myths = {m.id: m for m in myths.myths}
        self.choices: dict[str, widgets.RadioButtons] = {}
        self.feedback: dict[str, QuietHTML] = {}
        children: list[widgets.Widget] = [QuietHTML(f"<p>{html.escape(myths.intro)}</p>", repr_name="QuizIntro")]
        saved = session.workbook.quiz_answers
        for number, myth in enumerate(myths.myths, start=1):
            says = saved.get(myth.id)
            choice = single_choice([("True", True), ("False", False)], "Your answer", value=says)
            choice.observe(self.by_hand(lambda change, mid=myth.id: self._record(mid, change["new"])), names="value")
            self.choices[myth.id] = choice
            self.feedback[myth.id] = QuietHTML(feedback_html(myth, says), repr_name="MythFeedback")
            children += [QuietHTML(f"<h3>Statement {number} of {len(myths.myths)}</h3>"
                                   f"<p>{html.escape(myth.statement)}</p><p>True or false?</p>",
                                   repr_name="MythStatement"),
                         choice, self.feedback[myth.id]]
        self.score = QuietHTML(repr_name="QuizScore")
        children += [self.score, QuietHTML(sources_html((m.source for m in myths.myths), session.curriculum),
                                           repr_name="Sources")]
        super().__init__(children=children, layout=widgets.Layout(width="100%"))
        self._show_score()
        self.follow(session)

    def answer(self, myth_id: str, says_true: bool) -> None:
        """Answer "true" (``says_true=True``) or "false" to one statement."""
        if myth_id not in self.myths:
            raise ValueError(f"no myth with id {myth_id!r}; known: {', '.join(self.myths)}")
        says_true = bool(says_true)
        if self.choices[myth_id].value != says_true:
            self.choices[myth_id].value = says_true  # the observer records it
        else:
            self._record(myth_id, says_true)

    @property
    def current_score(self) -> QuizScore:
        return quiz_score(self.session.workbook, self.session.curriculum.myths)

    def _record(self, myth_id: str, says_true: bool | None) -> None:
        if says_true is None:
            return
        self.session.workbook.quiz_answers[myth_id] = says_true
        self.session.save()
        self.feedback[myth_id].value = feedback_html(self.myths[myth_id], says_true)
        self._show_score()

    def refresh(self) -> None:
        """Show the answers as saved (given on another page, perhaps), their corrections and the score."""
        saved = self.session.workbook.quiz_answers
        with self.redrawing():
            for myth_id, choice in self.choices.items():
                says = saved.get(myth_id)
                choice.value = says
                self.feedback[myth_id].value = feedback_html(self.myths[myth_id], says)
        self._show_score()

    def _show_score(self) -> None:
        self.score.value = (f'<p role="status" class="mk-score"><strong>Your score.</strong> '
                            f"{html.escape(self.current_score.sentence())}</p>")

    def __repr__(self) -> str:
        return "MythsQuiz()"


@shared_look()
def show_myths_quiz(session: Session) -> MythsQuiz:
    """The true-or-false myths quiz for module what-is-mentoring."""
    return MythsQuiz(session)
