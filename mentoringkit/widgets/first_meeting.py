"""The first meeting: what to cover, grouped as the guide groups it, and tips for getting off to a good start."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mentoringkit.widgets.about import sections_html
from mentoringkit.widgets.controls import SessionHTML, shared_look

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import FirstMeeting, Point
    from mentoringkit.session import Session

__all__ = ["first_meeting_sections", "points_for_role", "show_first_meeting"]


def points_for_role(points: Sequence[Point], role: str | None) -> list[Point]:
    """The points meant for this side of the partnership (all of them for "both" or no role yet)."""
    if role in (None, "both"):
        return list(points)
    return [p for p in points if role in p.audience]


def first_meeting_sections(first_meeting: FirstMeeting, role: str | None) -> list[tuple[str, list[Point]]]:
    """Each group of guidelines, then the tips, keeping only the points meant for the participant's side."""
    sections = [(g.title, points_for_role(g.points, role)) for g in first_meeting.guidelines]
    sections.append(("Tips for the beginning", points_for_role(first_meeting.tips_for_beginning, role)))
    return sections


def _guide_html(session: Session) -> str:
    fm = session.curriculum.first_meeting
    sections = first_meeting_sections(fm, session.role)
    return (f"<p>{html.escape(fm.intro)}</p>"
            + sections_html(sections, session.curriculum, opened=range(len(sections))))


@shared_look()
def show_first_meeting(session: Session) -> SessionHTML:
    """The first-meeting guidelines and tips, every group open so it reads as a checklist (redrawn for a
    role chosen on another page)."""
    return SessionHTML(session, _guide_html, repr_name="FirstMeetingGuide")
