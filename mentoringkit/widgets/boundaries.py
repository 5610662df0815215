"""The boundaries worksheet: the questions for both sides and for the participant's own, an answer field each
kept in ``workbook.boundaries`` as it is typed, how many are answered, and the answers to download.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.widgets.about import sections_html
from mentoringkit.widgets.components import STACKED_FIELDS
from mentoringkit.widgets.controls import (
    Field,
    Follower,
    QuietHTML,
    download_link,
    put_saved,
    shared_look,
    sources_html,
)

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Boundaries, Curriculum, Point
    from mentoringkit.session import Session
    from mentoringkit.workbook import Workbook

__all__ = ["BoundariesWorksheet", "boundaries_markdown", "boundary_questions", "show_boundaries"]


def boundary_questions(boundaries: Boundaries, role: str | None) -> list[Point]:
    """The questions a participant answers: those for both sides, then their own side's.

    Someone who is both answers both sides'; someone who has not said which side they are on sees only the
    shared ones (the same rule the progress overview uses).
    """
    questions = list(boundaries.for_both)
    if role in ("mentor", "both"):
        questions += boundaries.for_mentors
    if role in ("mentee", "both"):
        questions += boundaries.for_mentees
    return questions


def answered_count(workbook: Workbook, questions: list[Point]) -> int:
    return sum(bool(workbook.boundaries.get(q.id, "").strip()) for q in questions)


def boundaries_markdown(workbook: Workbook, curriculum: Curriculum) -> str:
    """The participant's questions and answers as a Markdown document to bring to a meeting."""
    from mentoringkit.exports import md_escape

    questions = boundary_questions(curriculum.boundaries, workbook.profile.role)
    name = workbook.profile.name.strip()
    lines = [f"# My boundaries{' — ' + md_escape(name) if name else ''}", "",
             f"{answered_count(workbook, questions)} of {len(questions)} questions answered. "
             "Bring these to an early meeting and agree them together.", ""]
    for q in questions:
        answer = workbook.boundaries.get(q.id, "").strip()
        lines += [f"## {md_escape(q.title or q.id)}", "", f"*{md_escape(q.text)}*", "",
                  md_escape(answer) if answer else "_Not answered yet._", ""]
    return "\n".join(lines)


def _file_name(workbook: Workbook) -> str:
    # Accents folded to plain letters so "Díaz" gives "diaz"; anything else unsafe in a file name goes.
    plain = unicodedata.normalize("NFKD", workbook.profile.name).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return f"my-boundaries-{name}.md" if name else "my-boundaries.md"


class BoundariesWorksheet(Follower, widgets.VBox):
    """Why boundaries matter, then one answer field per question; answers are saved as they are typed.

    To act as the participant: ``answer(question_id, text)``.
    """

    def __init__(self, session: Session):
        self.lay_out(session, "mk-stacked")

    def _build(self) -> None:
        """Lay out the questions for the participant's role as it is now."""
        session = self.session
        self._role = session.role
        content = session.curriculum.boundaries
        self.questions = boundary_questions(content, session.role)
        self.fields: dict[str, Field] = {}
        children: list[widgets.Widget] = [QuietHTML(
            STACKED_FIELDS + f"<p>{html.escape(content.intro)}</p>"
            + sections_html([("Why boundaries matter", content.why)], session.curriculum, opened=()),
            repr_name="BoundariesIntro")]
        for number, q in enumerate(self.questions, start=1):
            label = f"Your answer: {q.title or f'question {number}'}"
            field = Field(label, session.workbook.boundaries.get(q.id, ""), multiline=True, rows=2,
                          continuous_update=True)
            field.on_change(self.by_hand(lambda text, qid=q.id: self._record(qid, text)))
            self.fields[q.id] = field
            children += [QuietHTML(f"<h3>{number}. {html.escape(q.title or '')}</h3>"
                                   f"<p>{html.escape(q.text)}</p>", repr_name="BoundaryQuestion"), field]
        self.progress = QuietHTML(repr_name="BoundariesProgress")
        self.download = download_link(_file_name(session.workbook), self.markdown(), "text/markdown",
                                      "Download your answers (Markdown)")
        children += [self.progress, self.download,
                     QuietHTML(sources_html((q.source for q in [*content.why, *self.questions]), session.curriculum),
                               repr_name="Sources")]
        self.children = children
        self._show_progress()

    def answer(self, question_id: str, text: str) -> None:
        """Type ``text`` as the answer to one question (replacing what was there)."""
        field = self.fields.get(question_id)
        if field is None:
            raise ValueError(f"no boundary question {question_id!r} for a {self.session.role}; "
                             f"this page asks: {', '.join(self.fields)}")
        if field.value != text:
            field.value = text  # the observer records it
        else:
            self._record(question_id, text)

    @property
    def answered(self) -> int:
        return answered_count(self.session.workbook, self.questions)

    def markdown(self) -> str:
        return boundaries_markdown(self.session.workbook, self.session.curriculum)

    def _record(self, question_id: str, text: str) -> None:
        self.session.workbook.boundaries[question_id] = text
        self.session.save()
        self._show_progress()

    def refresh(self) -> None:
        """Show the answers as saved (typed on another page, perhaps), their count and the download; the
        questions change with a role changed on another page."""
        if self.relaid_for_role():
            return
        with self.redrawing():
            for qid, field in self.fields.items():
                put_saved(field, self.session.workbook.boundaries.get(qid, ""))
        self._show_progress()

    def _show_progress(self) -> None:
        total = len(self.questions)
        done = self.answered
        more = " All answered: bring them to your next meeting." if done == total else ""
        self.progress.value = (f'<p role="status" class="mk-boundaries-progress"><strong>{done} of {total} '
                               f"answered.</strong>{more}</p>")
        # One link widget whose address follows the answers, rather than a new widget per keystroke.
        self.download.show(_file_name(self.session.workbook), self.markdown(), "text/markdown",
                           "Download your answers (Markdown)")

    def __repr__(self) -> str:
        return "BoundariesWorksheet()"


@shared_look()
def show_boundaries(session: Session) -> BoundariesWorksheet:
    """The boundaries worksheet for the participant's role."""
    return BoundariesWorksheet(session)
