"""Working together once the partnership is under way: the tips for success and for everyday habits (shown with
the agreement), and how to manage the relationship so it lasts (shown with the log)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from mentoringkit.widgets.about import sections_html
from mentoringkit.widgets.controls import SessionHTML, shared_look
from mentoringkit.widgets.first_meeting import points_for_role

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Point, WorkingTogether
    from mentoringkit.session import Session

__all__ = ["PARTS", "show_working_together", "working_together_sections"]

#: part -> (heading, one-line lead)
PARTS: dict[str, tuple[str, str]] = {
    "habits": ("Working well together",
               "Habits that keep a partnership useful once the first meeting is behind you. Open a group to read it."),
    "managing": ("Managing the relationship",
                 "How to keep the partnership on course over the months: what to agree, review and say out loud."),
}


def working_together_sections(content: WorkingTogether, part: str, role: str | None) -> list[tuple[str, list[Point]]]:
    """The titled groups for one part, keeping only the points meant for the participant's side."""
    if part == "habits":
        sections = [(g.title, points_for_role(g.points, role)) for g in content.success_tips]
        sections.append(("Everyday habits", points_for_role(content.working_together_tips, role)))
        return sections
    if part == "managing":
        return [("Keeping the partnership on course", points_for_role(content.managing_the_relationship, role))]
    raise ValueError(f"part must be one of {', '.join(PARTS)}, got {part!r}")


@shared_look()
def show_working_together(session: Session, part: str = "habits") -> SessionHTML:
    """One part of the working-together guidance (``part`` "habits" or "managing"), redrawn for a role chosen on
    another page."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}, got {part!r}")
    heading, lead = PARTS[part]

    def render(s: Session) -> str:
        sections = working_together_sections(s.curriculum.working_together, part, s.role)
        return (f"<h2>{html.escape(heading)}</h2><p>{html.escape(lead)}</p>"
                + sections_html(sections, s.curriculum, opened=(0,)))

    return SessionHTML(session, render, repr_name="WorkingTogether")
