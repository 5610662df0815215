"""The mid-point and closing evaluations: what an evaluation still needs before it counts as done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mentoringkit.completeness import Gap, is_blank
from mentoringkit.curriculum import Point
from mentoringkit.smart_goal import format_date
from mentoringkit.workbook import Evaluation

__all__ = ["RATING_RANGE", "check_evaluation"]

#: 1 = not working, 5 = working very well.
RATING_RANGE = range(1, 6)


def check_evaluation(evaluation: Evaluation, questions: Iterable[Point], today: dt.date | None = None) -> list[Gap]:
    """Unanswered questions (field ``answers/<question id>``), the rating, the decision and the date.

    ``questions`` are the ones this participant was shown; answers to other questions are kept but not needed.
    """
    gaps = []
    for q in questions:
        if is_blank(evaluation.answers.get(q.id)):
            gaps.append(Gap(f"answers/{q.id}", f"Answer '{q.title or q.text}': a sentence or two is enough."))
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
