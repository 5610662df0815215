"""Session plans: which modules and activities fit a live session of N minutes, and for how long each runs.

A plain planning function over the curriculum's facilitation notes. Every plan fills its minutes exactly,
keeps the must-have activities, keeps the course order, and says what it skipped and what to cut next.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from mentoringkit.curriculum import Activity

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import CommonQuestion, Curriculum

__all__ = ["MIN_MINUTES", "STANDARD_LENGTHS", "PlanError", "Segment", "SessionPlan", "make_plan"]

#: The shortest session a plan is made for: the must-have activities need about this long.
MIN_MINUTES = 30
#: The plans `mentoringkit plan` offers by name.
STANDARD_LENGTHS = (45, 90, 180)
#: Activities that can run longer when a session has time to spare (talks and solo work do not grow).
_GROWS = ("pair", "group", "discussion")
_SEVERITY = {"must": 0, "should": 1, "could": 2}


class PlanError(ValueError):
    """A plan that cannot be made (too short a session, or must-haves that do not fit)."""


@dataclass(frozen=True)
class Segment:
    """One timed block of the plan."""

    start: int  # minutes from the start of the session
    minutes: int
    activity: Activity
    module_id: str = ""  # empty for the opening, the break and the closing
    module_title: str = ""
    purpose: str = ""
    common_questions: tuple[CommonQuestion, ...] = ()
    full_minutes: int = 0  # what the activity takes in the full course

    @property
    def end(self) -> int:
        return self.start + self.minutes

    @property
    def is_break(self) -> bool:
        return self.activity.id == "break"

    @property
    def shortened(self) -> bool:
        return self.minutes < self.full_minutes


@dataclass(frozen=True)
class SessionPlan:
    minutes: int
    title: str
    segments: tuple[Segment, ...]
    skipped: tuple[Segment, ...] = ()  # activities left out, with their full minutes
    cut_next: tuple[Segment, ...] = field(default=())  # included activities to drop first if the room runs late

    @property
    def module_ids(self) -> list[str]:
        """The modules the plan covers, in order."""
        out: list[str] = []
        for s in self.segments:
            if s.module_id and s.module_id not in out:
                out.append(s.module_id)
        return out

    @property
    def skipped_module_ids(self) -> list[str]:
        """Modules none of whose activities made it into the plan."""
        covered = set(self.module_ids)
        out: list[str] = []
        for s in self.skipped:
            if s.module_id and s.module_id not in covered and s.module_id not in out:
                out.append(s.module_id)
        return out


def _items(curriculum: Curriculum) -> list[Segment]:
    """Every activity of the full session in order, each a Segment at its full length (start not set yet)."""
    fac = curriculum.facilitation
    out = [Segment(0, fac.session.opening.minutes, fac.session.opening, full_minutes=fac.session.opening.minutes)]
    for module in curriculum.course.modules:
        entry = fac.for_module(module.id)
        if entry is None:
            # A module a trainer added without facilitation notes: one block, shown as written in course.yml.
            activity = Activity(id=module.id, title=module.title, kind="talk", minutes=module.minutes,
                                min_minutes=max(1, module.minutes // 2), keep="could",
                                how_to_run=module.facilitator_notes or ("Work through the module together.",),
                                projected=module.summary)
            out.append(Segment(0, module.minutes, activity, module.id, module.title, module.summary,
                               full_minutes=module.minutes))
            continue
        for activity in entry.activities:
            keep = max(activity.keep, entry.keep, key=_SEVERITY.__getitem__)
            out.append(Segment(0, activity.minutes, replace(activity, keep=keep), module.id, module.title,
                               entry.purpose, entry.common_questions, full_minutes=activity.minutes))
    closing = fac.session.closing
    out.append(Segment(0, closing.minutes, closing, full_minutes=closing.minutes))
    return out


def _drop_order(items: list[Segment]) -> list[int]:
    """Indices of droppable activities, first to go first: 'could' before 'should', later modules first."""
    order = [i for i in range(len(items)) if items[i].activity.keep != "must"]
    return sorted(order, key=lambda i: (-_SEVERITY[items[i].activity.keep], -i))


def _share_out(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` whole minutes in proportion to ``weights`` (largest remainders), summing exactly."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum == 0:
        return [0] * len(weights)
    exact = [total * w / weight_sum for w in weights]
    shares = [int(x) for x in exact]
    left = total - sum(shares)
    for i in sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))[:left]:
        shares[i] += 1
    return shares


def make_plan(curriculum: Curriculum, minutes: int) -> SessionPlan:
    """The session plan for ``minutes`` (at least MIN_MINUTES); raises PlanError when it cannot be made."""
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        raise PlanError(f"the session length must be a whole number of minutes, got {minutes!r}")
    if minutes < MIN_MINUTES:
        raise PlanError(f"a session plan needs at least {MIN_MINUTES} minutes (got {minutes}); the must-have "
                        "activities alone take about that long. Point people to the modules for self-study instead.")
    frame = curriculum.facilitation.session
    items = _items(curriculum)
    with_break = minutes > frame.break_after
    budget = minutes - (frame.break_minutes if with_break else 0)

    # Drop activities, least needed first, until the rest fit at a comfortable length: halfway between
    # their shortest and their full time. Then fit them by squeezing only as much as the budget needs.
    kept = set(range(len(items)))
    order = _drop_order(items)
    skipped: list[int] = []

    def comfortable() -> float:
        return sum((items[i].activity.min_minutes + items[i].full_minutes) / 2 for i in kept)

    for i in order:
        if comfortable() <= budget:
            break
        kept.discard(i)
        skipped.append(i)
    shortest = sum(items[i].activity.min_minutes for i in kept)
    if shortest > budget:
        raise PlanError(f"the must-have activities need at least {shortest} minutes, more than the {budget} "
                        f"available; give the session more time or mark fewer activities 'must' in "
                        "facilitation.yml")
    chosen = sorted(kept)
    full = sum(items[i].full_minutes for i in chosen)
    if full >= budget:
        squeeze = _share_out(full - budget, [items[i].full_minutes - items[i].activity.min_minutes for i in chosen])
        lengths = [items[i].full_minutes - s for i, s in zip(chosen, squeeze, strict=False)]
    else:
        # Time to spare: pair, group and discussion work grows by up to a half; anything left goes to the closing.
        spare = budget - full
        growable = [items[i].full_minutes // 2 if items[i].activity.kind in _GROWS else 0 for i in chosen]
        extra = _share_out(min(spare, sum(growable)), growable)
        lengths = [items[i].full_minutes + e for i, e in zip(chosen, extra, strict=False)]
        lengths[-1] += spare - sum(extra)

    segments: list[Segment] = []
    start = 0
    break_at = _break_position(items, chosen, lengths, budget) if with_break else None
    for pos, (i, length) in enumerate(zip(chosen, lengths, strict=False)):
        if pos == break_at:
            segments.append(Segment(start, frame.break_minutes, _break_activity(frame.break_minutes),
                                    full_minutes=frame.break_minutes))
            start += frame.break_minutes
        segments.append(replace(items[i], start=start, minutes=length))
        start += length
    cut_next = _cut_next(items, chosen, order, segments)
    return SessionPlan(minutes=minutes, title=f"{minutes}-minute session: {curriculum.course.title}",
                       segments=tuple(segments), skipped=tuple(items[i] for i in sorted(skipped)),
                       cut_next=tuple(cut_next))


def _break_position(items: list[Segment], chosen: list[int], lengths: list[int], budget: int) -> int:
    """Where the break goes: at the module boundary nearest the middle of the session."""
    best, best_distance = 1, float("inf")
    elapsed = 0
    for pos in range(1, len(chosen)):
        elapsed += lengths[pos - 1]
        prev, here = items[chosen[pos - 1]], items[chosen[pos]]
        if prev.module_id == here.module_id:
            continue  # never split a module
        distance = abs(elapsed - budget / 2)
        if distance < best_distance:
            best, best_distance = pos, distance
    return best


def _break_activity(minutes: int) -> Activity:
    return Activity(id="break", title="Break", kind="talk", minutes=minutes, min_minutes=minutes, keep="must",
                    how_to_run=("Say when the room restarts and put a countdown on the projector.",),
                    projected=f"Break: back in {minutes} minutes.")


def _cut_next(items: list[Segment], chosen: list[int], order: list[int], segments: list[Segment]) -> list[Segment]:
    """Up to three included activities to drop, in this order, if the session runs late."""
    placed = {(s.module_id, s.activity.id): s for s in segments}
    out = []
    for i in order:
        if i in chosen:
            out.append(placed[(items[i].module_id, items[i].activity.id)])
        if len(out) == 3:
            break
    return out
