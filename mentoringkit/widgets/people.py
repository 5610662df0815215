"""Who does what: characteristics, responsibilities and expectations of mentees and mentors, the
participant's own side first and open, the other side one click away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mentoringkit.widgets.about import sections_html
from mentoringkit.widgets.controls import SessionHTML, shared_look

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import People, Point
    from mentoringkit.session import Session

__all__ = ["people_sections", "show_people"]

Sections = list[tuple[str, Sequence["Point"]]]


def _mentee_side(people: People) -> Sections:
    return [("Being a mentee", people.mentee_role_summary),
            ("What makes an excellent mentee", people.mentee_characteristics),
            ("What the mentee is responsible for", people.mentee_responsibilities),
            ("What a mentee can expect", people.mentees_can_expect)]


def _mentor_side(people: People) -> Sections:
    return [("Being a mentor", people.mentor_role_summary),
            ("What makes an excellent mentor", people.mentor_characteristics),
            ("Qualities of an ideal mentor", people.ideal_mentor_qualities),
            ("What the mentor is responsible for", people.mentor_responsibilities),
            ("What a mentor can expect", people.mentors_can_expect)]


def people_sections(people: People, role: str | None) -> tuple[Sections, int]:
    """The sections in reading order and how many of them start open (the participant's own side; for
    someone who is both, just the first).

    Responsibilities shared by both come right after the participant's own side.
    """
    shared = [("What you are both responsible for", people.mutual_responsibilities)]
    mentee, mentor = _mentee_side(people), _mentor_side(people)
    if role == "mentor":
        return mentor + shared + mentee, len(mentor) + 1
    if role == "mentee":
        return mentee + shared + mentor, len(mentee) + 1
    return mentee + mentor + shared, 1  # both sides are long; open only the first and let them choose


def _guide_html(session: Session) -> str:
    sections, open_count = people_sections(session.curriculum.people, session.role)
    return sections_html(sections, session.curriculum, opened=range(open_count))


@shared_look()
def show_people(session: Session) -> SessionHTML:
    """Characteristics, responsibilities and expectations for both sides, the participant's own first
    (redrawn for a role chosen on another page)."""
    return SessionHTML(session, _guide_html, repr_name="PeopleGuide")
