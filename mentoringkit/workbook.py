"""The participant's workbook: one document holding everything a mentor or mentee types.

Plain, mutable dataclasses that widgets edit and ``storage`` saves as JSON. Nothing a
participant writes lives only in a widget: Voilà starts a fresh kernel on every page
load, so the workbook is the single source of truth. Older documents are migrated.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from mentoringkit.parsing import DataError, from_data, preview, to_data

__all__ = [
    "SCHEMA_VERSION",
    "Agreement",
    "ClosurePlan",
    "Evaluation",
    "LogEntry",
    "MeetingSchedule",
    "PartnershipLink",
    "PlanRow",
    "Profile",
    "Reflection",
    "Signature",
    "SkillAssessment",
    "SmartGoal",
    "SyncNotice",
    "Workbook",
    "WorkbookVersionError",
    "migrate",
]

#: The version written by this release. Bump it and add a step to MIGRATIONS when the shape changes.
SCHEMA_VERSION = 4

ParticipantRole = Literal["mentor", "mentee", "both"]
Level = Literal["expert", "proficient", "developmental"]


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@dataclass
class Profile:
    name: str = ""
    role: ParticipantRole | None = None
    partner_name: str = ""
    organisation: str = ""
    program_start: dt.date | None = None
    program_end: dt.date | None = None


@dataclass
class Reflection:
    text: str = ""
    updated: dt.datetime | None = None


@dataclass
class SmartGoal:
    id: str = field(default_factory=new_id)
    text: str = ""
    measure: str = ""
    target_date: dt.date | None = None
    resources: str = ""
    development_area: str = ""  # a skill id from the self-assessment, or free text
    created: dt.date | None = None


@dataclass
class SkillAssessment:
    taken_on: dt.date
    levels: dict[str, Level] = field(default_factory=dict)  # skill id -> level
    strengths_note: str = ""
    development_note: str = ""
    id: str = field(default_factory=new_id)  # last, so positional construction stays as it was


@dataclass
class PlanRow:
    """One row of the Personal Development Plan form."""

    id: str = field(default_factory=new_id)
    goal_and_timeline: str = ""
    development_activities: str = ""
    success_measures: str = ""
    resources_support: str = ""
    skill_id: str = ""
    goal_id: str = ""
    target_date: dt.date | None = None
    mentor_comment: str = ""  # while a pair shares the plan: the mentor's comment on this goal


@dataclass
class MeetingSchedule:
    """The agreed meeting series: first meeting, how often, how many, how long, where."""

    first_meeting: dt.datetime | None = None
    interval: int = 4
    unit: Literal["week", "month"] = "week"
    occurrences: int = 6
    duration_minutes: int = 60
    location: str = ""
    description: str = ""


@dataclass
class Signature:
    """A name put to the agreement. ``digest`` and ``clauses`` (set on signing, see mentoringkit.agreement)
    record which text the signature covers, so a later change can mark it out of date and name the clause."""

    name: str = ""
    signed_on: dt.date | None = None
    signed_at: dt.datetime | None = None
    digest: str = ""
    clauses: dict[str, str] = field(default_factory=dict)  # clause key -> digest of that clause


@dataclass
class Agreement:
    """The Mentoring Relationship Agreement form."""

    goals: list[str] = field(default_factory=list)
    schedule: MeetingSchedule = field(default_factory=MeetingSchedule)
    learning_opportunities: str = ""
    confidentiality_meaning: str = ""
    ground_rules: list[str] = field(default_factory=list)
    feedback_method: str = ""
    log_method: str = ""
    mentor: Signature = field(default_factory=Signature)
    mentee: Signature = field(default_factory=Signature)


@dataclass
class LogEntry:
    """One line of the Mentoring Log."""

    id: str = field(default_factory=new_id)
    date: dt.date | None = None
    activity: str = ""
    duration_minutes: int | None = None
    notes: str = ""
    next_steps: str = ""
    author: str = ""  # who wrote the entry (their name), kept while a pair shares one log
    author_role: str = ""  # "mentor" or "mentee"


@dataclass
class Evaluation:
    """A mid-point or closing evaluation of the partnership."""

    kind: Literal["midpoint", "closing"] = "midpoint"
    done_on: dt.date | None = None
    answers: dict[str, str] = field(default_factory=dict)  # question id -> answer
    rating: int | None = None  # 1..5, how well the partnership is working
    decision: Literal["continue", "adjust", "end", ""] = ""
    id: str = field(default_factory=new_id)


@dataclass
class ClosurePlan:
    """How the partnership ends well."""

    ending_agreed: bool = False
    reason: str = ""
    how_to_end: Literal["stop", "taper", ""] = ""
    last_meeting: dt.date | None = None
    future_contact: str = ""
    accomplishments: str = ""
    still_to_do: str = ""
    mentee_plan: str = ""
    thoughts_on_process: str = ""
    thank_you_note: str = ""


@dataclass
class SyncNotice:
    """A change made on one page that a later save from another page replaced (the later one wins).

    Kept in the workbook so that the page whose change was replaced can say so, even from another kernel.
    """

    id: str = field(default_factory=new_id)
    for_writer: str = ""  # the page (session) whose value was replaced; "" when not known
    by_writer: str = ""  # the page whose save replaced it
    what: str = ""  # in plain words, e.g. 'row "Lead a huddle" of your development plan (success measures)'
    replaced: str = ""  # the value that was replaced, as text
    kept: str = ""  # the value now saved, as text
    at: dt.datetime | None = None


@dataclass
class PartnershipLink:
    """This workbook shares its agreement, plan and log with a partner (mentoringkit.model.partnership)."""

    id: str = ""  # the partnership record's id
    role: Literal["mentor", "mentee"] = "mentee"  # this participant's role in the pair


@dataclass
class Workbook:
    """Everything one participant has done in the kit."""

    schema_version: int = SCHEMA_VERSION
    id: str = field(default_factory=new_id)
    created: dt.datetime = field(default_factory=_now)
    updated: dt.datetime = field(default_factory=_now)
    profile: Profile = field(default_factory=Profile)
    # reflections keyed "module:<module id>" or "component:<component id>"
    reflections: dict[str, Reflection] = field(default_factory=dict)
    scenario_answers: dict[str, int] = field(default_factory=dict)  # "<component>/<scenario>" -> choice index
    roles_needed: list[str] = field(default_factory=list)  # mentor role ids, most needed first
    roles_offered: list[str] = field(default_factory=list)
    trap_checks: dict[str, bool] = field(default_factory=dict)  # trap id -> "I recognise this in me"
    boundaries: dict[str, str] = field(default_factory=dict)  # boundary question id -> answer
    quiz_answers: dict[str, bool] = field(default_factory=dict)  # myth id -> participant said "true"
    agenda: list[str] = field(default_factory=list)  # conversation starter ids for the next meeting
    assessments: list[SkillAssessment] = field(default_factory=list)  # oldest first
    goals: list[SmartGoal] = field(default_factory=list)
    plan: list[PlanRow] = field(default_factory=list)
    agreement: Agreement = field(default_factory=Agreement)
    log: list[LogEntry] = field(default_factory=list)
    checklist: dict[str, dt.date] = field(default_factory=dict)  # task id -> ticked on
    evaluations: list[Evaluation] = field(default_factory=list)
    closure: ClosurePlan = field(default_factory=ClosurePlan)
    # Typed but not yet added: raw text of form fields keyed "<form>/<field>" (see mentoringkit.drafts), so a
    # reload brings back a half-written goal or a date that cannot be read yet.
    drafts: dict[str, str] = field(default_factory=dict)
    assessment_draft: dict[str, Level] = field(default_factory=dict)  # skill id -> level, chosen but not saved
    ending_signs: list[str] = field(default_factory=list)  # ending sign ids the participant ticked
    # Which page (session) saved last, and changes of one page that another page's later save replaced.
    last_writer: str = ""
    sync_notices: list[SyncNotice] = field(default_factory=list)
    # While paired: which partnership record holds the shared agreement, plan and log (a copy stays here).
    partnership: PartnershipLink | None = None

    # -- conversion -------------------------------------------------------
    def to_dict(self, *, complete: bool = False) -> dict[str, Any]:
        """Plain JSON data. Work in progress and bookkeeping are written only while there is some, which keeps
        files short; ``complete=True`` keeps every key (the store compares and merges complete documents, so
        a key left out is never mistaken for one removed)."""
        data = to_data(self)
        if not complete:
            for key in _LEFT_OUT_WHEN_EMPTY:
                if not data[key]:
                    del data[key]
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Workbook:
        """Build a workbook from JSON data of this or an older schema version."""
        return from_data(cls, migrate(data))

    def touch(self) -> None:
        self.updated = _now()

    # -- small conveniences widgets share ---------------------------------
    def reflection(self, key: str) -> str:
        r = self.reflections.get(key)
        return r.text if r else ""

    def set_reflection(self, key: str, text: str) -> None:
        self.reflections[key] = Reflection(text=text, updated=_now())

    @property
    def latest_assessment(self) -> SkillAssessment | None:
        return self.assessments[-1] if self.assessments else None


_LEFT_OUT_WHEN_EMPTY = ("drafts", "assessment_draft", "ending_signs", "last_writer", "sync_notices", "partnership")


class WorkbookVersionError(DataError):
    """The document was written by a newer mentoringkit than this one."""


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept reflections as bare strings; version 2 records when each was written."""
    data = dict(data)
    data["reflections"] = {k: ({"text": v, "updated": None} if isinstance(v, str) else v)
                           for k, v in (data.get("reflections") or {}).items()}
    data["schema_version"] = 2
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 gives self-assessments and evaluations an id, so two pages' changes merge item by item."""
    data = dict(data)
    for key in ("assessments", "evaluations"):
        items = data.get(key)
        if isinstance(items, list):
            data[key] = [({"id": new_id(), **item} if isinstance(item, dict) and "id" not in item else item)
                         for item in items]
    data["schema_version"] = 3
    return data


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 adds the partnership link, signature digests, log authors and mentor comments; all have
    defaults, so older documents need no change (the bump keeps older releases from reading them wrongly)."""
    return {**data, "schema_version": 4}


#: MIGRATIONS[n] turns a version-n document into version n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


def migrate(data: Any) -> dict[str, Any]:
    """Bring a workbook document up to SCHEMA_VERSION, refusing documents from the future."""
    if not isinstance(data, dict):
        raise DataError(f"a workbook must be a JSON object, got {type(data).__name__}")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DataError(f"schema_version must be a whole number of 1 or more, got {preview(version, 40)}",
                        ("schema_version",))
    if version > SCHEMA_VERSION:
        raise WorkbookVersionError(
            f"this workbook was saved by a newer mentoringkit (schema {preview(version)}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade mentoringkit to open it", ("schema_version",))
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data
