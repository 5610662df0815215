"""What mentoring is and why it matters: definitions, gains for each side (the participant's side first),
principles, foundations and voices in collapsible sections, with a reflection for the module.
"""

from __future__ import annotations

import html
from collections.abc import Container, Sequence
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.widgets.components import STACKED_FIELDS, ReflectionBox
from mentoringkit.widgets.controls import Follower, QuietHTML, points_html, shared_look

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import About, Curriculum, Point
    from mentoringkit.session import Session

__all__ = ["MODULE_ID", "REFLECTION_PROMPT", "AboutMentoring", "about_sections", "sections_html", "show_about"]

MODULE_ID = "what-is-mentoring"

REFLECTION_PROMPT = ("What do you most hope to get out of this partnership, and what do you hope to bring "
                     "to it? Name one gain you expect for yourself and one for your partner.")

#: <details> sections: collapsed they keep a long page short on a phone; the browser makes each summary a
#: keyboard-operable, announced disclosure button without any script.
_DETAILS_STYLE = ("<style>.mk-sections details{margin:0.4em 0;max-width:44em}"
                  ".mk-sections summary{cursor:pointer;font-weight:bold;font-size:1.1em;padding:0.3em 0}"
                  ".mk-sections summary:focus-visible{outline:2px solid #0b57a4;outline-offset:2px}</style>")


def about_sections(about: About, role: str | None) -> list[tuple[str, Sequence[Point]]]:
    """(title, points) for each section, in reading order; the gains for the participant's own side come
    first, and a mentor reads the mentor's gains before the mentee's."""
    mentee_gains = ("What a mentee gains", about.benefits_for_mentees)
    mentor_gains = ("What a mentor gains", about.benefits_for_mentors)
    gains = [mentor_gains, mentee_gains] if role == "mentor" else [mentee_gains, mentor_gains]
    return [
        ("What mentoring is", about.definitions),
        ("Why it matters", about.why_it_matters),
        *gains,
        ("In the words of people who have done it", about.participant_voices),
        ("The principles it rests on", about.principles),
        ("What a strong partnership is built on", about.foundations),
        ("Time and commitment", about.time_and_commitment),
    ]


def sections_html(sections: Sequence[tuple[str, Sequence[Point]]], curriculum: Curriculum,
                  opened: Container[int] = (0,)) -> str:
    """Titled lists of content points as collapsible sections; those at the ``opened`` positions start open."""
    parts = [_DETAILS_STYLE, '<div class="mk-sections">']
    for index, (title, points) in enumerate(sections):
        if not points:
            continue
        is_open = " open" if index in opened else ""
        parts.append(f"<details{is_open}><summary>{html.escape(title)}</summary>"
                     f"{points_html(points, curriculum)}</details>")
    parts.append("</div>")
    return "".join(parts)


def about_html(about: About, role: str | None, curriculum: Curriculum) -> str:
    # The definition and the participant's own gains start open; the rest is one click away.
    return sections_html(about_sections(about, role), curriculum, opened=(0, 2))


class AboutMentoring(Follower, widgets.VBox):
    """The module's reading in sections, and a reflection box saved as ``module:what-is-mentoring``.

    To act as the participant: ``reflect(text)``.
    """

    def __init__(self, session: Session):
        self.session = session
        cur = session.curriculum
        self.text = QuietHTML(about_html(cur.about, session.role, cur), repr_name="AboutText")
        prompt = QuietHTML(STACKED_FIELDS + f"<h3>Your reflection</h3><p>{html.escape(REFLECTION_PROMPT)}</p>",
                           repr_name="ReflectionPrompt")
        self.reflection = ReflectionBox(session, f"module:{MODULE_ID}", "Your reflection")
        super().__init__(children=[self.text, prompt, self.reflection], layout=widgets.Layout(width="100%"))
        self.follow(session)

    def refresh(self) -> None:
        """Redraw for the role and the reflection as saved (changed on another page, perhaps)."""
        cur = self.session.curriculum
        self.text.value = about_html(cur.about, self.session.role, cur)
        self.reflection.refresh()

    def reflect(self, text: str) -> None:
        self.reflection.write(text)

    def __repr__(self) -> str:
        return "AboutMentoring()"


@shared_look()
def show_about(session: Session) -> AboutMentoring:
    """What mentoring is, what each side gains, principles and foundations, and a reflection."""
    return AboutMentoring(session)
