"""How a cohort is doing, from its workbooks: counts and anonymous aggregates a trainer can share.

No free text and no names reach an aggregate, and any breakdown drawn from fewer than ``min_group``
people is withheld (the page says so), so no one's answers can be picked out of a small group.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mentoringkit.progress import course_progress

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum
    from mentoringkit.workbook import Workbook

__all__ = ["DEFAULT_MIN_GROUP", "CohortSummary", "Withheld", "cohort_summary", "load_cohort"]

#: The smallest group whose answers are broken down.
DEFAULT_MIN_GROUP = 5
LEVELS = ("expert", "proficient", "developmental")


@dataclass(frozen=True)
class Withheld:
    """A breakdown not shown because too few people contributed to it."""

    people: int
    min_group: int

    def __str__(self) -> str:
        return (f"Not shown: {self.people} {'person has' if self.people == 1 else 'people have'} answered so far, "
                f"and breakdowns need at least {self.min_group}.")


@dataclass(frozen=True)
class ModuleCompletion:
    module_id: str
    title: str
    done: int
    started: int  # started but not done


@dataclass(frozen=True)
class SkillRow:
    skill_id: str
    name: str
    counts: dict[str, int]  # level -> people whose latest self-assessment gives this level

    @property
    def developmental(self) -> int:
        return self.counts.get("developmental", 0)


@dataclass(frozen=True)
class PhaseProgress:
    phase_id: str
    title: str
    percent_ticked: int  # of the tasks meant for each person's role, averaged over people
    people_finished: int


@dataclass(frozen=True)
class EvaluationResults:
    kind: str
    people: int
    ratings: dict[int, int]  # 1..5 -> count
    decisions: dict[str, int]  # continue/adjust/end -> count

    @property
    def mean_rating(self) -> float | None:
        n = sum(self.ratings.values())
        return sum(r * c for r, c in self.ratings.items()) / n if n else None


@dataclass
class CohortSummary:
    min_group: int
    workbooks: int
    unreadable: int
    untouched: int  # workbooks made by packets that nobody has opened and saved yet
    started: int
    roles: dict[str, int]
    modules: list[ModuleCompletion] | Withheld
    skills: list[SkillRow] | Withheld
    skills_assessed: int
    mentor_roles: list[tuple[str, int, int]] | Withheld  # (role name, mentees listing it, mentees ranking it first)
    mentees_ranking: int
    checklist: list[PhaseProgress] | Withheld
    evaluations: list[EvaluationResults | Withheld] = field(default_factory=list)


def load_cohort(data_dir: Path) -> tuple[list[Workbook], int, int]:
    """The workbooks in ``<data_dir>/workbooks`` their owners have worked in, how many are still exactly as
    a packet left them, and how many could not be read.

    A workbook a trainer's packet created counts only once its owner has saved it since (it is then newer than
    the time the packet recorded); the ones still as the packet left them are not anybody's progress yet.
    """
    from mentoringkit.storage import WorkbookFileError, WorkbookStore, load_workbook
    from mentoringkit.trainer.packets import left_as_packet, prefilled_times

    store = WorkbookStore(Path(data_dir) / "workbooks")
    prefilled = prefilled_times(Path(data_dir))
    books: list[Workbook] = []
    unreadable = untouched = 0
    if not store.directory.is_dir():
        return books, 0, 0
    for path in sorted(store.directory.glob("*.json")):
        try:
            store.path_for(path.stem)  # only files named by a well-formed code
        except ValueError:
            continue
        try:
            workbook = load_workbook(path)
        except WorkbookFileError:
            unreadable += 1
            continue
        if path.stem in prefilled and left_as_packet(workbook, prefilled[path.stem]):
            untouched += 1
            continue
        books.append(workbook)
    return books, untouched, unreadable


def _or_withheld(people: int, min_group: int, make):  # type: ignore[no-untyped-def]
    return make() if people >= min_group else Withheld(people, min_group)


def cohort_summary(workbooks: list[Workbook], curriculum: Curriculum, *, min_group: int = DEFAULT_MIN_GROUP,
                   unreadable: int = 0, untouched: int = 0) -> CohortSummary:
    """Aggregates over the cohort's workbooks; breakdowns from fewer than ``min_group`` people are withheld."""
    if min_group < 1:
        raise ValueError(f"the minimum group size must be at least 1, got {min_group}")
    progress = [course_progress(wb, curriculum) for wb in workbooks]
    started_people = [i for i, mods in enumerate(progress) if any(m.status != "not started" for m in mods)]
    roles = Counter(wb.profile.role or "not set" for wb in workbooks)

    def modules() -> list[ModuleCompletion]:
        out = []
        for k, module in enumerate(curriculum.course.modules):
            statuses = Counter(progress[i][k].status for i in started_people)
            out.append(ModuleCompletion(module.id, module.title, statuses["done"], statuses["started"]))
        return out

    assessed = [wb.latest_assessment for wb in workbooks if wb.latest_assessment and wb.latest_assessment.levels]

    def skills() -> list[SkillRow]:
        rows = []
        for skill in curriculum.skills.skills:
            counts = Counter(a.levels[skill.id] for a in assessed if a is not None and skill.id in a.levels)
            rows.append(SkillRow(skill.id, skill.name, {lv: counts[lv] for lv in LEVELS}))
        return sorted(rows, key=lambda r: (-r.developmental, curriculum.skills.get(r.skill_id).number))

    known_roles = {r.id: r.name for r in curriculum.mentor_roles.roles}
    ranking = [wb.roles_needed for wb in workbooks
               if wb.profile.role in ("mentee", "both") and any(r in known_roles for r in wb.roles_needed)]

    def mentor_roles() -> list[tuple[str, int, int]]:
        listed = Counter(r for needed in ranking for r in set(needed) if r in known_roles)
        first = Counter(next(r for r in needed if r in known_roles) for needed in ranking)
        return sorted(((known_roles[r], listed[r], first[r]) for r in known_roles), key=lambda t: (-t[1], -t[2]))

    def checklist() -> list[PhaseProgress]:
        out = []
        for phase in curriculum.checklist.phases:
            shares, finished = [], 0
            for i in started_people:
                wb = workbooks[i]
                role = wb.profile.role
                mine = [t.id for t in phase.tasks
                        if role in (None, "both") or role in t.audience]
                if not mine:
                    continue
                ticked = sum(1 for t in mine if t in wb.checklist)
                shares.append(ticked / len(mine))
                finished += ticked == len(mine)
            percent = round(100 * sum(shares) / len(shares)) if shares else 0
            out.append(PhaseProgress(phase.id, phase.title, percent, finished))
        return out

    evaluations: list[EvaluationResults | Withheld] = []
    for kind in ("midpoint", "closing"):
        latest = [next((e for e in reversed(wb.evaluations) if e.kind == kind and e.done_on), None)
                  for wb in workbooks]
        done = [e for e in latest if e is not None]
        evaluations.append(_or_withheld(len(done), min_group, lambda kind=kind, done=done: EvaluationResults(
            kind, len(done), {r: sum(1 for e in done if e.rating == r) for r in range(1, 6)},
            {d: sum(1 for e in done if e.decision == d) for d in ("continue", "adjust", "end")})))

    return CohortSummary(
        min_group=min_group, workbooks=len(workbooks) + untouched, unreadable=unreadable, untouched=untouched,
        started=len(started_people),
        roles=dict(roles), modules=_or_withheld(len(started_people), min_group, modules),
        skills=_or_withheld(len(assessed), min_group, skills), skills_assessed=len(assessed),
        mentor_roles=_or_withheld(len(ranking), min_group, mentor_roles), mentees_ranking=len(ranking),
        checklist=_or_withheld(len(started_people), min_group, checklist), evaluations=evaluations)
