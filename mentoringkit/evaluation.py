"""The mid-point and closing evaluations: what an evaluation still needs before it counts as done, and when the
mid-point one is worth asking for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from mentoringkit.completeness import Gap, is_blank
from mentoringkit.curriculum import Point
from mentoringkit.smart_goal import format_date
from mentoringkit.workbook import Evaluation, Workbook

__all__ = ["MIDPOINT_AFTER_WEEKS", "RATING_RANGE", "MidpointWindow", "check_evaluation", "midpoint_window",
           "unanswered"]

#: 1 = not working, 5 = working very well.
RATING_RANGE = range(1, 6)

#: A partnership has "run for a while" this many weeks after the programme starts, or sooner once a meeting
#: is in the log: before that there is nothing to take stock of.
MIDPOINT_AFTER_WEEKS = 6


def check_evaluation(evaluation: Evaluation, questions: Iterable[Point], today: dt.date | None = None) -> list[Gap]:
    """What must be there before an evaluation counts as done: at least one written answer, the rating, the
    decision, and a date not in the future.

    Questions left blank are not gaps: people answer what applies to them (``unanswered`` lists the rest, for a
    gentle reminder). ``questions`` are the ones this participant was shown.
    """
    questions = list(questions)
    gaps = []
    if questions and all(is_blank(evaluation.answers.get(q.id)) for q in questions):
        gaps.append(Gap("answers", "Write an answer to at least one question: a sentence or two is enough, and "
                                   "the others can stay blank."))
    if evaluation.rating is None:
        gaps.append(Gap("rating", "Rate how well the partnership is working, from 1 (not working) to 5 (working "
                                  "very well)."))
    elif evaluation.rating not in RATING_RANGE:
        gaps.append(Gap("rating", f"The rating must be a whole number from 1 to 5 (it is {evaluation.rating})."))
    if not evaluation.decision:
        gaps.append(Gap("decision", "Choose what happens next: carry on as you are, carry on with changes, or "
                                    "bring the partnership to a close."))
    if evaluation.done_on is not None and evaluation.done_on > (today or dt.date.today()):
        gaps.append(Gap("done_on", f"The evaluation is dated {format_date(evaluation.done_on)}, after today; "
                                   "date it today or earlier."))
    return gaps


def unanswered(evaluation: Evaluation, questions: Iterable[Point]) -> list[Point]:
    """The questions shown but not answered yet (optional, but worth a look before finishing)."""
    return [q for q in questions if is_blank(evaluation.answers.get(q.id))]


@dataclass(frozen=True)
class MidpointWindow:
    """Whether the mid-point evaluation is offered yet, and a sentence saying why or when it will be."""

    open: bool
    reason: str
    opens_on: dt.date | None = None


def midpoint_window(workbook: Workbook, today: dt.date, *, facilitator: bool = False) -> MidpointWindow:
    """The mid-point evaluation is offered once the partnership has run for a while: a meeting is logged on or
    before today, or ``MIDPOINT_AFTER_WEEKS`` weeks have passed since the programme started. A trainer
    (``facilitator``) can always open it, and so can anyone who has already begun one."""
    if any(e.kind == "midpoint" for e in workbook.evaluations):
        return MidpointWindow(True, "You have begun a mid-point evaluation.")
    if any(e.date is not None and e.date <= today for e in workbook.log):
        return MidpointWindow(True, "Your partnership has begun: the log has a meeting in it.")
    start = workbook.profile.program_start
    opens_on = start + dt.timedelta(weeks=MIDPOINT_AFTER_WEEKS) if start else None
    if opens_on is not None and today >= opens_on:
        return MidpointWindow(True, f"Your programme has run since {format_date(start)}.", opens_on)
    if facilitator:
        return MidpointWindow(True, "Opened in trainer mode: participants see it once their partnership has "
                                    "run for a while.", opens_on)
    when = (f"on {format_date(opens_on)}, {MIDPOINT_AFTER_WEEKS} weeks after your programme starts, or as soon "
            "as you log your first meeting" if opens_on else
            "as soon as you log your first meeting, or "
            f"{MIDPOINT_AFTER_WEEKS} weeks after the programme start date you give on the start page")
    return MidpointWindow(False, "The mid-point evaluation is for taking stock once you have been meeting for a "
                                 f"while, so there is nothing to fill in yet. It opens here {when}.", opens_on)
