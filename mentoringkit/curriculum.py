"""The curriculum: content/*.yml loaded once into frozen, typed objects and checked.

Trainers edit YAML, never Python. Every file is validated when loaded: unknown keys,
missing fields, duplicate ids and dangling references raise ``ContentError`` naming
the file and the key path, so the kit never starts on a broken curriculum.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from mentoringkit.parsing import DataError, count_values, from_data

__all__ = [
    "CONTENT_ENV",
    "ContentError",
    "Curriculum",
    "default_content_dir",
    "load_curriculum",
]

#: Environment variable a trainer sets to point the kit at their own content folder.
CONTENT_ENV = "MENTORINGKIT_CONTENT"

Audience = Literal["mentor", "mentee"]


class ContentError(DataError):
    """A content file that cannot be used; the message names the file and key path."""


# ---------------------------------------------------------------------------
# Building blocks shared by several files


@dataclass(frozen=True)
class Point:
    """One sourced statement: a bullet of a list, with an optional short title."""

    id: str
    text: str
    source: str
    title: str = ""
    audience: tuple[Audience, ...] = ("mentor", "mentee")


def _points_sources(points: Iterable[Point]) -> Iterable[str]:
    return (p.source for p in points)


# ---------------------------------------------------------------------------
# course.yml: the manifest


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    origin: str
    licence: str = ""


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    notebook: str
    minutes: int
    audiences: tuple[Audience, ...]
    summary: str
    objectives: tuple[str, ...]
    key_points: tuple[str, ...]
    facilitator_notes: tuple[str, ...]
    topics: tuple[str, ...]
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.minutes <= 0:
            raise DataError(f"minutes must be positive, got {self.minutes}", ("minutes",))
        if not self.objectives:
            raise DataError("a module needs at least one objective", ("objectives",))


@dataclass(frozen=True)
class Course:
    title: str
    description: str
    guides: tuple[Guide, ...]
    modules: tuple[Module, ...]
    #: How a numeric date such as 03/04/2027 is read: day first (dmy), month first (mdy) or only year first
    #: (ymd, which refuses the ambiguous ones). A date that can only be one day is read either way. Left out
    #: (None), each participant's browser language decides (en-US month first, en-GB, fr, de... day first).
    date_order: Literal["dmy", "mdy", "ymd"] | None = None
    #: The kind of organisation the course runs in; it picks the wording of ``{placeholders}`` in the content
    #: (see SECTOR_WORDS) and drops items marked ``sectors: [...]`` that do not include it.
    sector: Literal["clinical", "academic", "corporate", "general"] = "general"

    def guide(self, guide_id: str) -> Guide:
        return next(g for g in self.guides if g.id == guide_id)

    def module(self, module_id: str) -> Module:
        return next(m for m in self.modules if m.id == module_id)

    @property
    def total_minutes(self) -> int:
        return sum(m.minutes for m in self.modules)


# ---------------------------------------------------------------------------
# about.yml: what mentoring is, why it matters, benefits, principles, foundations


@dataclass(frozen=True)
class About:
    definitions: tuple[Point, ...]
    why_it_matters: tuple[Point, ...]
    benefits_for_mentees: tuple[Point, ...]
    benefits_for_mentors: tuple[Point, ...]
    participant_voices: tuple[Point, ...]
    principles: tuple[Point, ...]
    foundations: tuple[Point, ...]
    time_and_commitment: tuple[Point, ...]


# ---------------------------------------------------------------------------
# myths.yml


@dataclass(frozen=True)
class Myth:
    """One quiz statement: a myth (``answer: false``, the default) or a sound idea mixed in so the answers are not
    all the same; ``correction`` explains the right answer either way."""

    id: str
    statement: str
    correction: str
    source: str
    answer: bool = False


@dataclass(frozen=True)
class Myths:
    intro: str
    myths: tuple[Myth, ...]


# ---------------------------------------------------------------------------
# components.yml: Inquire, Share, Encourage, Care


@dataclass(frozen=True)
class Choice:
    text: str
    best: bool
    feedback: str


@dataclass(frozen=True)
class Scenario:
    id: str
    audience: Audience
    situation: str
    question: str
    choices: tuple[Choice, ...]

    def __post_init__(self) -> None:
        if len(self.choices) < 2:
            raise DataError("a scenario needs at least two choices", ("choices",))
        if sum(c.best for c in self.choices) != 1:
            raise DataError("exactly one choice must be marked best: true", ("choices",))


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    tagline: str
    meaning: str
    for_mentor: tuple[str, ...]
    for_mentee: tuple[str, ...]
    reflection_prompt: str
    scenarios: tuple[Scenario, ...]
    source: str

    def __post_init__(self) -> None:
        if len(self.scenarios) < 2:
            raise DataError("each component needs at least two practice scenarios", ("scenarios",))

    def guidance_for(self, role: str) -> tuple[str, ...]:
        """Guidance for a participant's role; someone who is both gets both lists."""
        if role == "mentor":
            return self.for_mentor
        if role == "mentee":
            return self.for_mentee
        return self.for_mentor + self.for_mentee


@dataclass(frozen=True)
class Components:
    intro: str
    components: tuple[Component, ...]

    def get(self, component_id: str) -> Component:
        return next(c for c in self.components if c.id == component_id)


# ---------------------------------------------------------------------------
# people.yml: characteristics, responsibilities, expectations, qualities


@dataclass(frozen=True)
class People:
    mentee_characteristics: tuple[Point, ...]
    mentor_characteristics: tuple[Point, ...]
    ideal_mentor_qualities: tuple[Point, ...]
    mentor_role_summary: tuple[Point, ...]
    mentee_role_summary: tuple[Point, ...]
    mentee_responsibilities: tuple[Point, ...]
    mentor_responsibilities: tuple[Point, ...]
    mutual_responsibilities: tuple[Point, ...]
    mentors_can_expect: tuple[Point, ...]
    mentees_can_expect: tuple[Point, ...]


# ---------------------------------------------------------------------------
# mentor_roles.yml: the seven roles and the traps


@dataclass(frozen=True)
class MentorRole:
    id: str
    name: str
    also_called: tuple[str, ...]
    description: str
    looks_like: str
    source: str


@dataclass(frozen=True)
class Trap:
    id: str
    saying: str
    kind: Literal["savior", "parent", "enabler"]
    why_it_hurts: str
    instead: str
    source: str


@dataclass(frozen=True)
class MentorRoles:
    intro: str
    roles: tuple[MentorRole, ...]
    not_a_mentor: str
    traps: tuple[Trap, ...]

    def get(self, role_id: str) -> MentorRole:
        return next(r for r in self.roles if r.id == role_id)


# ---------------------------------------------------------------------------
# boundaries.yml


@dataclass(frozen=True)
class Boundaries:
    intro: str
    why: tuple[Point, ...]
    for_both: tuple[Point, ...]
    for_mentors: tuple[Point, ...]
    for_mentees: tuple[Point, ...]


# ---------------------------------------------------------------------------
# first_meeting.yml and conversation_starters.yml


@dataclass(frozen=True)
class GuidelineGroup:
    id: str
    title: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class FirstMeeting:
    intro: str
    guidelines: tuple[GuidelineGroup, ...]
    tips_for_beginning: tuple[Point, ...]


@dataclass(frozen=True)
class Label:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Starter:
    id: str
    text: str
    phase: str
    theme: str
    source: str
    asked_by: Literal["mentor", "mentee", "either"] = "either"


@dataclass(frozen=True)
class ConversationStarters:
    phases: tuple[Label, ...]
    themes: tuple[Label, ...]
    starters: tuple[Starter, ...]

    def select(self, phase: str | None = None, theme: str | None = None) -> tuple[Starter, ...]:
        return tuple(s for s in self.starters
                     if (phase is None or s.phase == phase) and (theme is None or s.theme == theme))


# ---------------------------------------------------------------------------
# smart.yml


@dataclass(frozen=True)
class SmartCriterion:
    id: Literal["specific", "measurable", "achievable", "relevant", "time_bound"]
    letter: str
    name: str
    meaning: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class GoalExample:
    id: str
    weak: str
    strong: str
    why: str


@dataclass(frozen=True)
class Smart:
    intro: str
    source: str
    criteria: tuple[SmartCriterion, ...]
    examples: tuple[GoalExample, ...]

    def __post_init__(self) -> None:
        if [c.id for c in self.criteria] != ["specific", "measurable", "achievable", "relevant", "time_bound"]:
            raise DataError("criteria must be specific, measurable, achievable, relevant, time_bound in order",
                            ("criteria",))


# ---------------------------------------------------------------------------
# skills.yml: the 18-skill self-assessment


@dataclass(frozen=True)
class SkillLevel:
    id: Literal["expert", "proficient", "developmental"]
    name: str
    description: str


@dataclass(frozen=True)
class Skill:
    id: str
    number: int
    name: str
    description: str
    practice_idea: str


@dataclass(frozen=True)
class Skills:
    intro: str
    source: str
    levels: tuple[SkillLevel, ...]
    skills: tuple[Skill, ...]

    def __post_init__(self) -> None:
        if [lv.id for lv in self.levels] != ["expert", "proficient", "developmental"]:
            raise DataError("levels must be expert, proficient, developmental in that order", ("levels",))
        if [s.number for s in self.skills] != list(range(1, len(self.skills) + 1)):
            raise DataError("skills must be numbered 1, 2, 3, ... in order", ("skills",))

    def get(self, skill_id: str) -> Skill:
        return next(s for s in self.skills if s.id == skill_id)


# ---------------------------------------------------------------------------
# forms.yml: agreement, development plan, log


@dataclass(frozen=True)
class FormField:
    id: str
    title: str
    help: str
    required: bool = True
    kind: Literal["text", "long_text", "date", "number", "list"] = "text"


@dataclass(frozen=True)
class Form:
    title: str
    intro: str
    source: str
    fields: tuple[FormField, ...]

    def field(self, field_id: str) -> FormField:
        return next(f for f in self.fields if f.id == field_id)


@dataclass(frozen=True)
class Forms:
    agreement: Form
    development_plan: Form
    mentoring_log: Form
    development_plan_rows: int = 4


# ---------------------------------------------------------------------------
# checklist.yml: tasks by phase


@dataclass(frozen=True)
class Task:
    id: str
    text: str
    audience: tuple[Audience, ...] = ("mentee",)


@dataclass(frozen=True)
class Phase:
    id: Literal["preparing", "implementing", "evaluating", "closing"]
    title: str
    summary: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Checklist:
    source: str
    phases: tuple[Phase, ...]

    def __post_init__(self) -> None:
        if [p.id for p in self.phases] != ["preparing", "implementing", "evaluating", "closing"]:
            raise DataError("phases must be preparing, implementing, evaluating, closing in order", ("phases",))


# ---------------------------------------------------------------------------
# working_together.yml and ending.yml


@dataclass(frozen=True)
class WorkingTogether:
    success_tips: tuple[GuidelineGroup, ...]
    working_together_tips: tuple[Point, ...]
    managing_the_relationship: tuple[Point, ...]


@dataclass(frozen=True)
class Ending:
    intro: str
    signs: tuple[Point, ...]
    how_to_end: tuple[Point, ...]
    evaluation_questions: tuple[Point, ...]


# ---------------------------------------------------------------------------
# facilitation.yml: how a trainer runs each module live (never shown to participants)

Keep = Literal["must", "should", "could"]
ActivityKind = Literal["talk", "solo", "pair", "group", "discussion"]


@dataclass(frozen=True)
class Activity:
    """One block of a live session: what the room does, for how long, and how to run it."""

    id: str
    title: str
    kind: ActivityKind
    minutes: int
    min_minutes: int
    keep: Keep
    how_to_run: tuple[str, ...]
    projected: str = ""  # the one participant-facing line the projector shows
    prompts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.min_minutes < 1:
            raise DataError(f"min_minutes must be at least 1, got {self.min_minutes}", ("min_minutes",))
        if self.min_minutes > self.minutes:
            raise DataError(f"min_minutes ({self.min_minutes}) cannot be more than minutes ({self.minutes})",
                            ("min_minutes",))
        if not self.how_to_run:
            raise DataError("an activity needs at least one how_to_run step", ("how_to_run",))


@dataclass(frozen=True)
class CommonQuestion:
    question: str
    answer: str


@dataclass(frozen=True)
class ModuleFacilitation:
    module: str  # a module id from course.yml
    keep: Keep
    purpose: str
    sources: tuple[str, ...]
    activities: tuple[Activity, ...]
    common_questions: tuple[CommonQuestion, ...] = ()

    def __post_init__(self) -> None:
        if not self.activities:
            raise DataError("a module needs at least one activity", ("activities",))
        if self.keep == "must" and not any(a.keep == "must" for a in self.activities):
            raise DataError("a module kept as 'must' needs at least one activity with keep: must", ("keep",))


@dataclass(frozen=True)
class SessionFrame:
    """What every live session has around the modules: an opening, a closing and (when long) a break."""

    opening: Activity
    closing: Activity
    break_minutes: int = 10
    break_after: int = 120

    def __post_init__(self) -> None:
        if self.break_minutes < 1:
            raise DataError(f"break_minutes must be at least 1, got {self.break_minutes}", ("break_minutes",))


@dataclass(frozen=True)
class Facilitation:
    session: SessionFrame
    modules: tuple[ModuleFacilitation, ...]

    def for_module(self, module_id: str) -> ModuleFacilitation | None:
        return next((m for m in self.modules if m.module == module_id), None)


# ---------------------------------------------------------------------------
# The whole curriculum

#: file stem → (attribute, type). The manifest's module ``topics`` name these stems.
# ---------------------------------------------------------------------------
# exercises.yml: the vision plan and the supervisor's double role, as practice


@dataclass(frozen=True)
class ExerciseStep:
    """One question to answer in writing; answers are kept as reflections (``exercise:<exercise>/<step>``)."""

    id: str
    prompt: str
    hint: str = ""
    audience: tuple[Audience, ...] = ("mentor", "mentee")


@dataclass(frozen=True)
class SortCard:
    """A topic to sort: does it belong in mentoring, in supervision, or must the two agree how to handle it?"""

    id: str
    text: str
    belongs: Literal["mentoring", "supervision", "agree"]
    why: str


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    intro: str
    source: str
    steps: tuple[ExerciseStep, ...]
    cards: tuple[SortCard, ...] = ()


@dataclass(frozen=True)
class Exercises:
    vision_plan: Exercise
    dual_role: Exercise


TOPIC_FILES: dict[str, type] = {
    "about": About,
    "myths": Myths,
    "components": Components,
    "people": People,
    "mentor_roles": MentorRoles,
    "boundaries": Boundaries,
    "first_meeting": FirstMeeting,
    "conversation_starters": ConversationStarters,
    "smart": Smart,
    "skills": Skills,
    "forms": Forms,
    "checklist": Checklist,
    "working_together": WorkingTogether,
    "ending": Ending,
    "exercises": Exercises,
}


@dataclass(frozen=True)
class Curriculum:
    root: Path
    course: Course
    about: About
    myths: Myths
    components: Components
    people: People
    mentor_roles: MentorRoles
    boundaries: Boundaries
    first_meeting: FirstMeeting
    conversation_starters: ConversationStarters
    smart: Smart
    skills: Skills
    forms: Forms
    checklist: Checklist
    working_together: WorkingTogether
    ending: Ending
    exercises: Exercises
    facilitation: Facilitation
    topic_files: tuple[str, ...] = field(default=tuple(TOPIC_FILES))

    def source_title(self, guide_id: str) -> str:
        return self.course.guide(guide_id).title


def default_content_dir() -> Path:
    """Where the curriculum lives: $MENTORINGKIT_CONTENT, else the copy shipped with the package."""
    override = os.environ.get(CONTENT_ENV)
    if override:
        return Path(override).expanduser()
    here = Path(__file__).resolve().parent
    shipped = here / "content"  # inside an installed wheel
    if (shipped / "course.yml").is_file():
        return shipped
    return here.parent / "content"  # a source checkout or editable install


def load_curriculum(content_dir: str | os.PathLike[str] | None = None, *, sector: str | None = None) -> Curriculum:
    """Load and validate the whole curriculum; cached per folder. ``sector`` overrides the one in course.yml
    (for previews and tests)."""
    root = Path(content_dir).expanduser() if content_dir is not None else default_content_dir()
    return _load(root.resolve(), sector)


#: The words each sector uses for the ``{placeholders}`` content may contain, so that the same advice reads
#: naturally in a hospital, a university, a company or anywhere else.
SECTOR_WORDS: dict[str, dict[str, str]] = {
    "clinical": {"people_served": "patients", "workplace": "the hospital", "the_team": "the hospital team",
                 "next_generation": "clinicians", "core_skills": "clinical skills",
                 "decisions": "clinical decision-making", "learning_settings": "ward rounds",
                 "mission_holder": "the practice"},
    "academic": {"people_served": "students", "workplace": "the university", "the_team": "your department",
                 "next_generation": "scholars and teachers", "core_skills": "teaching and research skills",
                 "decisions": "decisions about teaching and research", "learning_settings": "seminars and lab meetings",
                 "mission_holder": "the university"},
    "corporate": {"people_served": "customers", "workplace": "the company", "the_team": "your team",
                  "next_generation": "leaders", "core_skills": "the technical skills of the job",
                  "decisions": "judgement calls at work", "learning_settings": "project reviews",
                  "mission_holder": "the company"},
    "general": {"people_served": "the people you serve", "workplace": "the organisation", "the_team": "your team",
                "next_generation": "professionals", "core_skills": "the core skills of your role",
                "decisions": "judgement calls at work", "learning_settings": "team meetings",
                "mission_holder": "the organisation"},
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _fit_sector(data: Any, sector: str, path: tuple[str | int, ...], source: str) -> Any:
    """The raw content with ``{placeholders}`` worded for ``sector`` and items for other sectors left out."""
    if isinstance(data, str):
        words = SECTOR_WORDS[sector]

        def word(m: re.Match[str]) -> str:
            if m.group(1) not in words:
                raise ContentError(f"unknown placeholder {{{m.group(1)}}} (known: {', '.join(words)})", path, source)
            return words[m.group(1)]
        return _PLACEHOLDER.sub(word, data)
    if isinstance(data, dict):
        return {k: _fit_sector(v, sector, (*path, k), source) for k, v in data.items() if k != "sectors"}
    if isinstance(data, list):
        kept = []
        for i, item in enumerate(data):
            if isinstance(item, dict) and "sectors" in item:
                only = item["sectors"]
                if not isinstance(only, list) or not only or any(x not in SECTOR_WORDS for x in only):
                    raise ContentError(f"sectors must be a list of {', '.join(SECTOR_WORDS)}", (*path, i, "sectors"),
                                       source)
                if sector not in only:
                    continue
            kept.append(_fit_sector(item, sector, (*path, i), source))
        return kept
    return data


@functools.lru_cache(maxsize=8)
def _load(root: Path, sector: str | None = None) -> Curriculum:
    if not root.is_dir():
        raise ContentError(f"content folder not found: {root}", (), str(root))
    course = _load_file(root / "course.yml", Course)
    if sector is not None:
        if sector not in SECTOR_WORDS:
            raise ValueError(f"sector must be one of {', '.join(SECTOR_WORDS)}, got {sector!r}")
        course = replace(course, sector=sector)
    parts: dict[str, Any] = {"course": course}
    for stem, tp in TOPIC_FILES.items():
        parts[stem] = _load_file(root / f"{stem}.yml", tp, course.sector)
    parts["facilitation"] = _load_file(root / "facilitation.yml", Facilitation, course.sector)
    cur = Curriculum(root=root, **parts)
    _check_references(cur)
    return cur


#: More values than this in one content file (aliases counted each time they are used) is refused.
MAX_VALUES_PER_FILE = 200_000


def _read_yaml(path: Path) -> Any:
    import yaml  # imported here: loading content is rare, and import mentoringkit must stay cheap

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError("file is missing", (), str(path)) from None
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", (), str(path)) from None
    # libyaml's parser is about ten times faster than the pure-Python one; every Voilà page loads the
    # curriculum in a fresh kernel, so this is time a participant waits. Same results, same safe subset.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, chosen just above
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(f"not valid YAML{where}: {problem}", (), str(path)) from None
    # An alias repeats its anchor's whole value; aliases of aliases multiply (a "billion laughs" file is a
    # few hundred bytes). Checking such a value would take minutes and all memory, so it is measured first.
    if count_values(data, MAX_VALUES_PER_FILE) > MAX_VALUES_PER_FILE:
        raise ContentError(f"the file expands to more than {MAX_VALUES_PER_FILE:,} values once its YAML aliases "
                           "(*name) are filled in, far more than any curriculum file holds (the largest shipped "
                           "one has about 1,000); use aliases sparingly, never inside each other", (), str(path))
    return data


def _load_file(path: Path, tp: type, sector: str | None = None) -> Any:
    data = _read_yaml(path)
    if data is None:
        raise ContentError("file is empty", (), str(path))
    if sector is not None:
        data = _fit_sector(data, sector, (), str(path))
    try:
        obj = from_data(tp, data)
    except DataError as exc:
        raise ContentError(exc.message, exc.path, str(path)) from None
    _check_unique_ids(obj, (), str(path))
    return obj


def _check_unique_ids(obj: Any, path: tuple[str | int, ...], source: str) -> None:
    """Every list of items with ids must not repeat an id."""
    if isinstance(obj, tuple):
        seen: dict[str, int] = {}
        for i, item in enumerate(obj):
            item_id = getattr(item, "id", None)
            if isinstance(item_id, str):
                if item_id in seen:
                    raise ContentError(f"duplicate id {item_id!r} (first used at index {seen[item_id]})",
                                       (*path, i, "id"), source)
                seen[item_id] = i
            _check_unique_ids(item, (*path, i), source)
    elif hasattr(obj, "__dataclass_fields__"):
        for f in fields(obj):
            _check_unique_ids(getattr(obj, f.name), (*path, f.name), source)


def _walk_sources(obj: Any, path: tuple[str | int, ...] = ()) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """Yield (key path, guide id) for every ``source`` field anywhere in an object."""
    if isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from _walk_sources(item, (*path, i))
    elif hasattr(obj, "__dataclass_fields__"):
        for f in fields(obj):
            value = getattr(obj, f.name)
            if f.name == "source" and isinstance(value, str):
                yield (*path, "source"), value
            else:
                yield from _walk_sources(value, (*path, f.name))


def _check_references(cur: Curriculum) -> None:
    course_file = str(cur.root / "course.yml")
    guide_ids = {g.id for g in cur.course.guides}
    topics = set(TOPIC_FILES)
    for i, module in enumerate(cur.course.modules):
        for j, topic in enumerate(module.topics):
            if topic not in topics:
                raise ContentError(f"module names topic {topic!r}, which is not a content file "
                                   f"(known: {', '.join(sorted(topics))})", ("modules", i, "topics", j), course_file)
        for j, src in enumerate(module.sources):
            if src not in guide_ids:
                raise ContentError(f"unknown guide {src!r} (known: {', '.join(sorted(guide_ids))})",
                                   ("modules", i, "sources", j), course_file)
    for stem in TOPIC_FILES:
        for path, src in _walk_sources(getattr(cur, stem)):
            if src not in guide_ids:
                raise ContentError(f"unknown guide {src!r} (known: {', '.join(sorted(guide_ids))})",
                                   path, str(cur.root / f"{stem}.yml"))
    _check_facilitation(cur, guide_ids)
    starters = cur.conversation_starters
    phases = {p.id for p in starters.phases}
    themes = {t.id for t in starters.themes}
    starters_file = str(cur.root / "conversation_starters.yml")
    for i, s in enumerate(starters.starters):
        if s.phase not in phases:
            raise ContentError(f"unknown phase {s.phase!r} (known: {', '.join(sorted(phases))})",
                               ("starters", i, "phase"), starters_file)
        if s.theme not in themes:
            raise ContentError(f"unknown theme {s.theme!r} (known: {', '.join(sorted(themes))})",
                               ("starters", i, "theme"), starters_file)


def _check_facilitation(cur: Curriculum, guide_ids: set[str]) -> None:
    """Facilitation entries name real modules and guides, and their activities fill the module's minutes."""
    where = str(cur.root / "facilitation.yml")
    modules = {m.id: m for m in cur.course.modules}
    for i, entry in enumerate(cur.facilitation.modules):
        module = modules.get(entry.module)
        if module is None:
            raise ContentError(f"unknown module {entry.module!r} (course.yml has: {', '.join(modules)})",
                               ("modules", i, "module"), where)
        for j, src in enumerate(entry.sources):
            if src not in guide_ids:
                raise ContentError(f"unknown guide {src!r} (known: {', '.join(sorted(guide_ids))})",
                                   ("modules", i, "sources", j), where)
        total = sum(a.minutes for a in entry.activities)
        if total != module.minutes:
            raise ContentError(f"the activities add up to {total} minutes but course.yml gives module "
                               f"{module.id!r} {module.minutes}; make them agree", ("modules", i, "activities"),
                               where)
    seen: dict[str, int] = {}
    for i, entry in enumerate(cur.facilitation.modules):
        if entry.module in seen:
            raise ContentError(f"module {entry.module!r} has two entries (first at index {seen[entry.module]})",
                               ("modules", i, "module"), where)
        seen[entry.module] = i


def ids(items: Sequence[Any]) -> list[str]:
    """The ids of a sequence of content items, in order."""
    return [item.id for item in items]
