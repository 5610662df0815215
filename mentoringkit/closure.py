"""Ending well: what a closure plan still needs, and which signs of an ending a participant recognised."""

from __future__ import annotations

from collections.abc import Iterable

from mentoringkit.completeness import Gap, is_blank
from mentoringkit.curriculum import Point
from mentoringkit.workbook import ClosurePlan

__all__ = ["check_closure", "ending_signs_present"]

#: Text fields a complete plan needs, with what to write; the others (reason, still to do, thoughts on the
#: process) are welcome but optional, since there may be nothing left to do and the reason may be private.
_NEEDED_TEXT: tuple[tuple[str, str], ...] = (
    ("future_contact", "Agree whether and how you will stay in touch once regular meetings stop."),
    ("accomplishments", "Write down what you accomplished together, so you can celebrate it."),
    ("mentee_plan", "Write how the mentee will carry on with what remains, without regular meetings."),
    ("thank_you_note", "Write a few lines of thanks to your partner."),
)


def check_closure(plan: ClosurePlan) -> list[Gap]:
    """What the closure plan still needs, in the order you would settle it."""
    gaps = []
    if not plan.ending_agreed:
        gaps.append(Gap("ending_agreed", "Talk it through and agree together that the partnership is ending."))
    if not plan.how_to_end:
        gaps.append(Gap("how_to_end", "Choose how to end: stop after a last meeting, or meet less often and "
                                      "then stop."))
    if plan.last_meeting is None:
        gaps.append(Gap("last_meeting", "Set the date of your last (closing) meeting."))
    for field, message in _NEEDED_TEXT:
        if is_blank(getattr(plan, field)):
            gaps.append(Gap(field, message))
    return gaps


def ending_signs_present(ticked: Iterable[str], signs: Iterable[Point]) -> tuple[Point, ...]:
    """The signs a participant ticked, in the content's order; ids the content does not know are ignored."""
    chosen = set(ticked)
    return tuple(s for s in signs if s.id in chosen)
