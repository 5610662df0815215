"""Exports of a participant's workbook: documents as Markdown and printable HTML (and PDF when
WeasyPrint is installed), the agreed meetings as an .ics calendar, the log as CSV, the workbook as JSON.

Every document is first built as a small neutral outline (sections of text, lists, fields and
tables), then rendered by one Jinja template per format, so Markdown and HTML always say the same.
User text is escaped on the way out: HTML by Jinja's autoescape, Markdown by ``md_escape``. Each value a person
typed is put in the outline isolated (``typed()``), so right-to-left text or a direction override in it cannot
reorder the kit's words around it: HTML shows it in a ``<bdi>``, Markdown keeps the Unicode isolate characters.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mentoringkit.model.text import isolate, isolated_html
from mentoringkit.parsing import preview
from mentoringkit.workbook import Agreement, LogEntry, MeetingSchedule, SmartGoal, Workbook

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum, Form

__all__ = [
    "DOCUMENTS",
    "agenda_html",
    "agenda_markdown",
    "agreement_html",
    "agreement_markdown",
    "document_pdf",
    "import_log_csv",
    "import_workbook_json",
    "log_csv",
    "md_escape",
    "meeting_series",
    "meetings_ics",
    "mentoring_plan_html",
    "mentoring_plan_markdown",
    "plan_html",
    "plan_markdown",
    "render_outline",
    "workbook_json",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"


# ---------------------------------------------------------------------------
# The neutral outline every document is built as


@dataclass
class Block:
    # "image": items[0] is the image's address (a data: URI), text its description for screen readers
    kind: Literal["text", "items", "numbered", "fields", "qa", "table", "empty", "signatures", "notes", "image"]
    text: str = ""
    items: list[str] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    intro: str = ""  # the kit's own explanatory text, shown muted
    level: int = 2


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[Section]
    footer: str
    intro: str = ""


def typed(text: str | None) -> str:
    """What a person typed, ready for an outline: each line isolated on its own (a document may split a value
    at its line breaks), blank lines kept, and "" for nothing typed, so empty fields stay empty."""
    if not text or not text.strip():
        return ""
    return "\n".join(isolate(line) if line.strip() else "" for line in text.splitlines())


def _text(text: str) -> Block:
    return Block("text", text=text)


def _items(items: Iterable[str], numbered: bool = False) -> Block:
    return Block("numbered" if numbered else "items", items=list(items))


def _fields(pairs: Iterable[tuple[str, str]]) -> Block:
    return Block("fields", fields=[(k, v) for k, v in pairs if v])


def _qa(pairs: Iterable[tuple[str, str]]) -> Block:
    """Questions (or long labels) each followed by the participant's answer."""
    return Block("qa", fields=[(k, v) for k, v in pairs if v.strip()])


def _empty(text: str) -> Block:
    return Block("empty", text=text)


def _text_or_empty(text: str, empty: str = "Not filled in yet.") -> Block:
    return _text(text) if text.strip() else _empty(empty)


def _list_or_empty(items: Sequence[str], empty: str = "Nothing listed yet.") -> Block:
    real = [i for i in items if i.strip()]
    return _items(real) if real else _empty(empty)


# ---------------------------------------------------------------------------
# Small helpers that read the curriculum when there is one (exports still work without it)


def _long_date(d: dt.date | None) -> str:
    if d is None:
        return ""
    return f"{d:%A} {d.day} {d:%B %Y}"


def _short_date(d: dt.date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else ""


def _when(moment: dt.datetime) -> str:
    zone = ""
    if moment.tzinfo is not None:
        name = moment.tzname() or ""
        zone = f" {name}" if name else ""
    return f"{_long_date(moment.date())}, {moment:%H:%M}{zone}"


def _form_title(curriculum: Curriculum | None, form: str, field_id: str, default: str) -> str:
    if curriculum is None:
        return default
    try:
        return getattr(curriculum.forms, form).field(field_id).title
    except (AttributeError, StopIteration):
        return default


def _form(curriculum: Curriculum | None, form: str) -> Form | None:
    return getattr(curriculum.forms, form, None) if curriculum is not None else None


def _skill_name(curriculum: Curriculum | None, skill_id: str) -> str:
    if curriculum is not None:
        for skill in curriculum.skills.skills:
            if skill.id == skill_id:
                return skill.name
    return typed(skill_id)  # an id the course no longer knows, shown as it was saved


def _names(workbook: Workbook) -> tuple[str, str]:
    """(mentor, mentee) names from the profile, overridden by the names signed on the agreement."""
    p = workbook.profile
    role = workbook.partnership.role if workbook.partnership is not None else p.role
    if role == "mentor":
        mentor, mentee = p.name, p.partner_name
    else:
        mentee, mentor = p.name, p.partner_name
    a = workbook.agreement
    return (typed(a.mentor.name or mentor), typed(a.mentee.name or mentee))


def _partners(workbook: Workbook) -> str:
    mentor, mentee = _names(workbook)
    return " with ".join(x for x in (f"{mentee} (mentee)" if mentee else "", f"{mentor} (mentor)" if mentor else "")
                         if x)


def _subtitle(workbook: Workbook) -> str:
    parts = [_partners(workbook)] if _partners(workbook) else []
    if workbook.profile.organisation:
        parts.append(typed(workbook.profile.organisation))
    p = workbook.profile
    if p.program_start or p.program_end:
        parts.append(f"{_short_date(p.program_start) or '…'} to {_short_date(p.program_end) or '…'}")
    return " · ".join(parts)


def _footer(workbook: Workbook) -> str:
    return f"Made with mentoringkit from a workbook last saved on {_short_date(workbook.updated.date())}."


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """A function from a sibling model module, or None while that module does not exist yet."""
    import importlib

    try:
        return getattr(importlib.import_module(f"mentoringkit.{module}"), name)
    except (ImportError, AttributeError):
        return None


# ---------------------------------------------------------------------------
# The meeting series (shared by the documents and the .ics file so they never disagree)


def _check_schedule(schedule: MeetingSchedule) -> dt.datetime:
    if schedule.first_meeting is None:
        raise ValueError("the agreement has no first meeting date yet; add one to make a calendar")
    if schedule.interval < 1:
        raise ValueError(f"meetings must be at least 1 {schedule.unit} apart (got {schedule.interval})")
    if schedule.occurrences < 1:
        raise ValueError(f"the series needs at least one meeting (got {schedule.occurrences})")
    if schedule.occurrences > MAX_MEETINGS:
        raise ValueError(f"a series holds at most {MAX_MEETINGS} meetings (got {schedule.occurrences}); "
                         "extend it later instead")
    if schedule.duration_minutes < 1:
        raise ValueError(f"a meeting must last at least a minute (got {schedule.duration_minutes})")
    if schedule.duration_minutes > MAX_MEETING_MINUTES:
        raise ValueError(f"a meeting in a calendar lasts at most {MAX_MEETING_MINUTES} minutes, a day (the agreement "
                         f"says {preview(schedule.duration_minutes)} minutes)")
    from mentoringkit.agreement import meeting_dates

    dates = meeting_dates(schedule)
    try:
        if len(dates) < schedule.occurrences:
            raise OverflowError
        _ics_start(dates[-1] + dt.timedelta(minutes=schedule.duration_minutes))
        _ics_start(schedule.first_meeting)
    except OverflowError:
        raise ValueError(f"the series of {schedule.occurrences} meetings from {schedule.first_meeting:%Y-%m-%d %H:%M} "
                         "would end after the year 9999, which no calendar can hold; check the first meeting's "
                         "date") from None
    return schedule.first_meeting


#: The longest series the agreement rules accept (agreement.MAX_OCCURRENCES).
MAX_MEETINGS = 104
#: The longest single meeting a calendar file is made for.
MAX_MEETING_MINUTES = 24 * 60


def _rrule_parts(schedule: MeetingSchedule, first: dt.datetime) -> dict[str, Any]:
    """The RRULE for the series. A monthly series from the 29th, 30th or 31st moves to the last day
    of shorter months instead of skipping them (as agreement.meeting_dates does): BYMONTHDAY lists
    28 up to that day and BYSETPOS=-1 takes the latest one the month has."""
    parts: dict[str, Any] = {"freq": "weekly" if schedule.unit == "week" else "monthly",
                             "interval": schedule.interval, "count": schedule.occurrences}
    if schedule.unit == "month" and first.day > 28:
        parts["bymonthday"] = list(range(28, first.day + 1))
        parts["bysetpos"] = -1
    return parts


def meeting_series(schedule: MeetingSchedule) -> list[dt.datetime]:
    """The meeting starts the .ics RRULE describes; ValueError when the schedule is incomplete."""
    from dateutil import rrule

    first = _check_schedule(schedule)
    parts = _rrule_parts(schedule, first)
    return list(rrule.rrule(rrule.WEEKLY if parts["freq"] == "weekly" else rrule.MONTHLY, dtstart=first,
                            interval=parts["interval"], count=parts["count"], bymonthday=parts.get("bymonthday"),
                            bysetpos=parts.get("bysetpos")))


def _how_often(schedule: MeetingSchedule) -> str:
    n, unit = schedule.interval, schedule.unit
    return f"Every {unit}" if n == 1 else f"Every {n} {unit}s"


# ---------------------------------------------------------------------------
# Building the documents


def _agreement_sections(workbook: Workbook, curriculum: Curriculum | None, level: int = 2) -> list[Section]:
    a: Agreement = workbook.agreement
    t = lambda fid, default: _form_title(curriculum, "agreement", fid, default)  # noqa: E731
    mentor, mentee = _names(workbook)
    sections = [
        Section("Who", [_fields([("Mentee", mentee), ("Mentor", mentor),
                                 ("Organisation", typed(workbook.profile.organisation))]) if (mentor or mentee)
                        else _empty("Names not filled in yet.")], level=level),
        Section(t("goals", "Our goals"), [_list_or_empty([typed(g) for g in a.goals], "No goals written yet.")],
                level=level),
        Section(t("schedule", "How often and when we will meet"), _schedule_blocks(a.schedule), level=level),
        Section(t("learning_opportunities", "Opportunities and places to learn"),
                [_text_or_empty(typed(a.learning_opportunities))], level=level),
        Section(t("confidentiality_meaning", "What confidentiality means for us"),
                [_text_or_empty(typed(a.confidentiality_meaning))], level=level),
        Section(t("ground_rules", "Our ground rules"),
                [_list_or_empty([typed(r) for r in a.ground_rules], "No ground rules yet.")], level=level),
        Section(t("feedback_method", "How we will give feedback and review progress"),
                [_text_or_empty(typed(a.feedback_method))], level=level),
        Section(t("log_method", "How we will keep the mentoring log"), [_text_or_empty(typed(a.log_method))],
                level=level),
        Section("Signatures", [Block("signatures", fields=[
            ("Mentor", typed(a.mentor.name)), ("Signed on", _short_date(a.mentor.signed_on)),
            ("Mentee", typed(a.mentee.name)), ("Signed on", _short_date(a.mentee.signed_on))]),
            *_signature_states(workbook)], level=level),
    ]
    check = _optional("agreement", "check_agreement")
    if check is not None:
        gaps = check(a)
        if gaps:
            sections.insert(1, Section("Still to agree", [_items(_gap_text(g) for g in gaps)], level=level,
                                       intro="These parts of the agreement are missing or unclear."))
    return sections


def _signature_states(workbook: Workbook) -> list[Block]:
    """For signatures that record what they cover (and for every paired agreement): whether each still
    covers the text as it reads now, or "Not yet signed by …"."""
    from mentoringkit.agreement import signature_state

    a = workbook.agreement
    if workbook.partnership is None and not (a.mentor.digest or a.mentee.digest):
        return []
    return [_items(signature_state(a, side).message for side in ("mentor", "mentee"))]


def _gap_text(gap: Any) -> str:
    for attr in ("message", "text", "problem", "detail"):
        value = getattr(gap, attr, None)
        if isinstance(value, str) and value:
            return value
    return str(gap)


def _schedule_blocks(s: MeetingSchedule) -> list[Block]:
    if s.first_meeting is None:  # the other numbers are only the form's defaults until a date is agreed
        return [_empty("No first meeting date agreed yet."),
                _fields([("Where", typed(s.location)), ("Notes", typed(s.description))])]
    pairs = [("First meeting", _when(s.first_meeting)),
             ("How often", _how_often(s)), ("Number of meetings", str(s.occurrences)),
             ("Length", f"{s.duration_minutes} minutes"), ("Where", typed(s.location)), ("Notes", typed(s.description))]
    blocks = [_fields(pairs)]
    try:
        dates = meeting_series(s)
    except ValueError:
        return blocks
    dates_block = _items(f"Meeting {i}: {_when(d)}" for i, d in enumerate(dates, 1))
    dates_block.text = "Meeting dates"
    blocks.append(dates_block)
    return blocks


def _goal_fields(goal: SmartGoal, curriculum: Curriculum | None) -> list[tuple[str, str]]:
    return [("Goal", typed(goal.text)), ("How I will measure it", typed(goal.measure)),
            ("Target date", _short_date(goal.target_date)), ("Resources and help", typed(goal.resources)),
            ("Development area", _skill_name(curriculum, goal.development_area) if goal.development_area else "")]


def _plan_sections(workbook: Workbook, curriculum: Curriculum | None, level: int = 2) -> list[Section]:
    t = lambda fid, default: _form_title(curriculum, "development_plan", fid, default)  # noqa: E731
    compose = _optional("smart_goal", "compose_statement")
    goal_sections: list[Section] = []
    for i, goal in enumerate(workbook.goals, 1):
        statement = typed(compose(goal)) if compose is not None else ""  # the participant's own sentence
        details = _goal_fields(goal, curriculum)[1:]
        if statement:  # the sentence already carries the measure and the resources
            details = [(label, value) for label, value in details
                       if label not in ("How I will measure it", "Resources and help")]
        blocks = [_text_or_empty(statement or typed(goal.text), "No goal text yet."), _fields(details)]
        goal_sections.append(Section(f"Goal {i}", blocks, level=level + 1))
    headers = [t("goal_and_timeline", "Goal and timeline"), t("development_activities", "Development activities"),
               t("success_measures", "Success measures"), t("resources_support", "Resources and support")]
    rows = []
    for row in workbook.plan:
        goal = typed(row.goal_and_timeline)
        comment = " ".join(typed(row.mentor_comment).splitlines())
        extras = [x for x in (f"By {_short_date(row.target_date)}" if row.target_date else "",
                              f"Skill: {_skill_name(curriculum, row.skill_id)}" if row.skill_id else "",
                              f"Mentor's comment: {comment}" if comment else "") if x]
        if extras:
            goal = "\n".join([goal, *extras]) if goal else "\n".join(extras)
        rows.append([goal, typed(row.development_activities), typed(row.success_measures),
                     typed(row.resources_support)])
    plan_block = Block("table", headers=headers, rows=rows) if rows else _empty("No plan rows written yet.")
    form = _form(curriculum, "development_plan")
    return [
        Section("SMART goals", [] if goal_sections else [_empty("No SMART goals written yet.")], level=level),
        *goal_sections,
        Section(form.title if form else "Personal development plan", [plan_block], level=level,
                intro=form.intro if form else ""),
        Section("Self-assessment", _assessment_blocks(workbook, curriculum), level=level),
    ]


def _assessment_blocks(workbook: Workbook, curriculum: Curriculum | None) -> list[Block]:
    latest = workbook.latest_assessment
    if latest is None:
        return [_empty("The self-assessment has not been taken yet.")]
    summarise = _optional("self_assessment", "summarise") if curriculum is not None else None
    if curriculum is not None and summarise is not None:
        profile = summarise(latest, curriculum.skills)
        groups = {level: [s.name for s in skills] for level, skills in
                  (("expert", profile.strengths), ("proficient", profile.proficient),
                   ("developmental", profile.developmental), ("unrated", profile.unrated))}
        rated = f"{len(curriculum.skills.skills) - len(groups['unrated'])} of {len(curriculum.skills.skills)}"
    else:  # no skill list to go by: show the ids as they were saved
        groups = {"expert": [], "proficient": [], "developmental": [], "unrated": []}
        for skill_id, level in latest.levels.items():
            groups.setdefault(level, []).append(_skill_name(curriculum, skill_id))
        rated = str(len(latest.levels))
    return [
        _fields([("Taken on", _short_date(latest.taken_on)), ("Skills rated", rated),
                 ("Strengths (expert)", ", ".join(groups["expert"])),
                 ("Solid (proficient)", ", ".join(groups["proficient"])),
                 ("To develop (developmental)", ", ".join(groups["developmental"])),
                 ("Not rated yet", ", ".join(groups["unrated"])),
                 ("My note on strengths", typed(latest.strengths_note)),
                 ("My note on what to develop", typed(latest.development_note))]),
    ]


def _next_meeting(workbook: Workbook) -> dt.datetime | None:
    """The first meeting of the series after the last logged activity (or the very first)."""
    try:
        dates = meeting_series(workbook.agreement.schedule)
    except ValueError:
        return None
    logged = [e.date for e in workbook.log if e.date]
    if not logged:
        return dates[0]
    last = max(logged)
    return next((d for d in dates if d.date() > last), None)


def _is_first_meeting(workbook: Workbook) -> bool:
    return not workbook.log


def _agenda_sections(workbook: Workbook, curriculum: Curriculum | None, level: int = 2) -> list[Section]:
    s = workbook.agreement.schedule
    nxt = _next_meeting(workbook)
    mentor, mentee = _names(workbook)
    starters = {st.id: st.text for st in curriculum.conversation_starters.starters} if curriculum else {}
    questions = [starters.get(sid, f"(a question no longer in the course: {typed(sid)})") for sid in workbook.agenda]
    sections = [
        Section("Meeting", [_fields([("When", _when(nxt) if nxt else "not scheduled yet"),
                                     ("Length", f"{s.duration_minutes} minutes"), ("Where", typed(s.location)),
                                     ("Mentee", mentee), ("Mentor", mentor)])], level=level),
        Section("Questions to talk about", [_items(questions, numbered=True) if questions else
                                            _empty("No questions picked yet.")], level=level),
    ]
    last_steps = next((e for e in reversed(sorted(workbook.log, key=lambda e: e.date or dt.date.min))
                       if e.next_steps.strip()), None)
    if last_steps is not None:
        when = f" (from {_short_date(last_steps.date)})" if last_steps.date else ""
        sections.append(Section(f"Next steps agreed last time{when}", [_text(typed(last_steps.next_steps))],
                                level=level))
    if _is_first_meeting(workbook) and curriculum is not None:
        fm = curriculum.first_meeting
        sections.append(Section("Guidelines for a first meeting", [], intro=fm.intro, level=level))
        for group in fm.guidelines:
            sections.append(Section(group.title, [_items(p.text for p in group.points)], level=level + 1))
        if fm.tips_for_beginning:
            sections.append(Section("Tips for the beginning",
                                    [_items(p.text for p in fm.tips_for_beginning)], level=level + 1))
    sections.append(Section("Notes", [Block("notes")], level=level))
    return sections


def _log_table(workbook: Workbook, curriculum: Curriculum | None) -> Block:
    if not workbook.log:
        return _empty("No meetings or activities logged yet.")
    t = lambda fid, default: _form_title(curriculum, "mentoring_log", fid, default)  # noqa: E731
    headers = [t("date", "Date"), t("activity", "Mentoring activity"), t("duration_minutes", "Minutes"),
               t("notes", "Notes"), t("next_steps", "Next steps")]
    rows = [[_short_date(e.date), typed(e.activity), "" if e.duration_minutes is None else str(e.duration_minutes),
             typed(e.notes), typed(e.next_steps)] for e in workbook.log]
    return Block("table", headers=headers, rows=rows)


def _lookup_points(curriculum: Curriculum | None, *groups: str, base: Any = None) -> dict[str, str]:
    out: dict[str, str] = {}
    if curriculum is None or base is None:
        return out
    for g in groups:
        for p in getattr(base, g, ()):
            out[p.id] = getattr(p, "text", "")
    return out


def _reflection_title(curriculum: Curriculum | None, key: str) -> str:
    kind, _, ident = key.partition(":")
    if curriculum is not None:
        if kind == "module":
            for m in curriculum.course.modules:
                if m.id == ident:
                    return m.title
        if kind == "component":
            for c in curriculum.components.components:
                if c.id == ident:
                    return c.name
        if kind == "exercise":
            exercise_id, _, step_id = ident.partition("/")
            for ex in (curriculum.exercises.vision_plan, curriculum.exercises.dual_role):
                step = next((s for s in ex.steps if s.id == step_id), None)
                if ex.id == exercise_id and step is not None:
                    return step.prompt
    return typed(ident or key)  # a key the course no longer knows, shown as it was saved


def _profile_sections(workbook: Workbook, curriculum: Curriculum | None) -> list[Section]:
    p = workbook.profile
    role_names = {r.id: r.name for r in curriculum.mentor_roles.roles} if curriculum else {}
    role = {"mentor": "Mentor", "mentee": "Mentee", "both": "Mentor and mentee"}.get(p.role or "", "")
    blocks = [_fields([("Name", typed(p.name)), ("Role", role), ("Partner", typed(p.partner_name)),
                       ("Organisation", typed(p.organisation)), ("Programme starts", _short_date(p.program_start)),
                       ("Programme ends", _short_date(p.program_end)),
                       ("Kinds of mentoring I need most", ", ".join(role_names.get(r, typed(r))
                                                                    for r in workbook.roles_needed)),
                       ("Kinds of mentoring I can offer", ", ".join(role_names.get(r, typed(r))
                                                                    for r in workbook.roles_offered))])]
    if not blocks[0].fields:
        blocks = [_empty("Profile not filled in yet.")]
    sections = [Section("About me", blocks)]
    if curriculum is not None:
        traps = [t.saying for t in curriculum.mentor_roles.traps if workbook.trap_checks.get(t.id)]
        if traps:
            sections.append(Section("Traps I watch for in myself", [_items(traps)]))
    questions = _lookup_points(curriculum, "why", "for_both", "for_mentors", "for_mentees",
                               base=curriculum.boundaries if curriculum else None)
    answered = [(questions.get(k, typed(k)), typed(v)) for k, v in workbook.boundaries.items() if v.strip()]
    if answered:
        sections.append(Section("My boundaries", [_qa(answered)]))
    return sections


def _progress_sections(workbook: Workbook, curriculum: Curriculum | None) -> list[Section]:
    sections = [Section("Mentoring log", [_log_table(workbook, curriculum)])]
    if curriculum is not None:
        sections.append(Section("Checklist", []))
        for phase in curriculum.checklist.phases:
            done = [f"{t.text} (ticked {_short_date(workbook.checklist[t.id])})" for t in phase.tasks
                    if t.id in workbook.checklist]
            blocks = [_text(f"{len(done)} of {len(phase.tasks)} tasks done.")]
            if done:
                blocks.append(_items(done))
            sections.append(Section(phase.title, blocks, level=3))
    questions = _lookup_points(curriculum, "evaluation_questions",
                               base=getattr(curriculum, "ending", None) if curriculum else None)
    for ev in workbook.evaluations:
        title = "Mid-point evaluation" if ev.kind == "midpoint" else "Closing evaluation"
        decision = {"continue": "Carry on as we are", "adjust": "Carry on with changes",
                    "end": "End the partnership"}.get(ev.decision, "")
        pairs = [("Done on", _short_date(ev.done_on)),
                 ("How well it is working (1 to 5)", "" if ev.rating is None else str(ev.rating)),
                 ("Decision", decision)]
        answers = [(questions.get(k, typed(k)), typed(v)) for k, v in ev.answers.items()]
        sections.append(Section(title, [_fields(pairs), _qa(answers)]))
    c = workbook.closure
    closure_pairs = [("Ending agreed", "Yes" if c.ending_agreed else ""), ("Why we are ending", typed(c.reason)),
                     ("How we will end", {"stop": "Stop meeting", "taper": "Meet less often, then stop"}
                      .get(c.how_to_end, "")),
                     ("Last meeting", _short_date(c.last_meeting)), ("Staying in touch", typed(c.future_contact)),
                     ("What we accomplished", typed(c.accomplishments)), ("Still to do", typed(c.still_to_do)),
                     ("The mentee's plan from here", typed(c.mentee_plan)),
                     ("Thoughts on the process", typed(c.thoughts_on_process)),
                     ("Thank-you note", typed(c.thank_you_note))]
    if any(v for _, v in closure_pairs):
        sections.append(Section("Ending well", [_fields(closure_pairs)]))
    # "sort:" keys hold the exercise cards sorted into mentoring or supervision: choices, not writing.
    reflections = [(_reflection_title(curriculum, k), typed(r.text)) for k, r in workbook.reflections.items()
                   if r.text.strip() and not k.startswith("sort:")]
    if reflections:
        sections.append(Section("My reflections", [_qa(reflections)]))
    return sections


def _agreement_doc(workbook: Workbook, curriculum: Curriculum | None) -> Document:
    form = _form(curriculum, "agreement")
    return Document(form.title if form else "Mentoring relationship agreement", _subtitle(workbook),
                    _agreement_sections(workbook, curriculum), _footer(workbook), form.intro if form else "")


def _plan_doc(workbook: Workbook, curriculum: Curriculum | None) -> Document:
    return Document("Development plan", _subtitle(workbook), _plan_sections(workbook, curriculum),
                    _footer(workbook))


def _agenda_doc(workbook: Workbook, curriculum: Curriculum | None) -> Document:
    title = "Agenda for our first meeting" if _is_first_meeting(workbook) else "Agenda for our next meeting"
    return Document(title, _subtitle(workbook), _agenda_sections(workbook, curriculum), _footer(workbook))


def _demote(doc: Document, sections: list[Section] | None = None) -> list[Section]:
    """A whole document as one chapter of a bigger one."""
    sections = doc.sections if sections is None else sections
    for s in sections:
        s.level += 1
    return [Section(doc.title, [], intro=doc.intro), *sections]


def _mentoring_plan_doc(workbook: Workbook, curriculum: Curriculum | None) -> Document:
    agreement, plan, agenda = (_agreement_doc(workbook, curriculum), _plan_doc(workbook, curriculum),
                               _agenda_doc(workbook, curriculum))
    sections = [*_profile_sections(workbook, curriculum),
                *_demote(agreement),
                *_demote(plan),
                *_demote(agenda, agenda.sections[:-1]),  # the blank notes area belongs on a printed agenda only
                *_progress_sections(workbook, curriculum)]
    return Document("My mentoring plan", _subtitle(workbook), sections, _footer(workbook))


#: document name -> builder; the CLI's --document choices
DOCUMENTS: dict[str, Callable[[Workbook, Curriculum | None], Document]] = {
    "agreement": _agreement_doc,
    "plan": _plan_doc,
    "agenda": _agenda_doc,
    "all": _mentoring_plan_doc,
}


# ---------------------------------------------------------------------------
# Rendering


_MD_INLINE = re.compile(r"([\\`*_\[\]|~!])")
_MD_ORDERED = re.compile(r"(\d+)([.)])")


def _escape_line_start(line: str) -> str:
    """Characters that only make markup at the start of a line: headings, lists, setext underlines."""
    m = _MD_ORDERED.match(line)
    if m:
        return m.group(1) + "\\" + m.group(2) + line[m.end():]
    return "\\" + line if line[:1] in ("#", "+", "-", "=") else line


def md_escape(text: Any, indent: int = 0, joiner: str | None = None) -> str:
    """Escape text so Markdown renders it literally: no emphasis, links, images, headings, lists
    or raw HTML. Line breaks become hard breaks (continuation lines indented by ``indent``), or are
    joined by ``joiner`` (for table cells)."""
    lines = [ln.strip() for ln in str(text).splitlines()]
    lines = [ln for ln in lines if ln] or [""]
    out = []
    for line in lines:
        # entities rather than backslashes: renderers that allow raw HTML still see plain text
        line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        out.append(_escape_line_start(_MD_INLINE.sub(r"\\\1", line)))
    if joiner is not None:
        return joiner.join(out)
    return ("\\\n" + " " * indent).join(out)


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2  # imported here: only exports render templates
    import markupsafe

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    # Escaped, with each isolated value (see typed()) in a <bdi>; a str subclass tells autoescape it is done.
    env.filters["bidi"] = lambda value: markupsafe.Markup(isolated_html(str(value)))  # noqa: S704 - escaped just now
    return env


def warm_up() -> None:
    """Compile the document templates now (about 0.2 s), e.g. while a ready Voilà kernel waits for its page."""
    env = _environment()
    for fmt in ("md", "html"):
        env.get_template(f"document.{fmt}.j2")


def _render(doc: Document, fmt: Literal["md", "html"]) -> str:
    template = _environment().get_template(f"document.{fmt}.j2")
    text = template.render(doc=doc)
    if fmt == "md":
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text


def render_outline(doc: Document, fmt: Literal["md", "html"]) -> str:
    """Render any document outline (for example a trainer's plan or handout) with the export templates."""
    return _render(doc, fmt)


def agreement_markdown(workbook: Workbook, curriculum: Curriculum | None = None) -> str:
    return _render(_agreement_doc(workbook, curriculum), "md")


def agreement_html(workbook: Workbook, curriculum: Curriculum | None = None) -> str:
    return _render(_agreement_doc(workbook, curriculum), "html")


def plan_markdown(workbook: Workbook, curriculum: Curriculum | None = None) -> str:
    return _render(_plan_doc(workbook, curriculum), "md")


def plan_html(workbook: Workbook, curriculum: Curriculum | None = None) -> str:
    return _render(_plan_doc(workbook, curriculum), "html")


def agenda_markdown(workbook: Workbook, curriculum: Curriculum | None = None) -> str:
    return _render(_agenda_doc(workbook, curriculum), "md")


def agenda_html(workbook: Workbook, curriculum: Curriculum | None = None) -> str:
    return _render(_agenda_doc(workbook, curriculum), "html")


def mentoring_plan_markdown(workbook: Workbook, curriculum: Curriculum | None = None) -> str:
    return _render(_mentoring_plan_doc(workbook, curriculum), "md")


def mentoring_plan_html(workbook: Workbook, curriculum: Curriculum | None = None) -> str:
    return _render(_mentoring_plan_doc(workbook, curriculum), "html")


def render_document(name: str, fmt: Literal["md", "html"], workbook: Workbook,
                    curriculum: Curriculum | None = None) -> str:
    """One of DOCUMENTS ('agreement', 'plan', 'agenda', 'all') in Markdown or HTML."""
    if name not in DOCUMENTS:
        raise ValueError(f"unknown document {name!r} (choose from {', '.join(DOCUMENTS)})")
    return _render(DOCUMENTS[name](workbook, curriculum), fmt)


def document_pdf(html: str) -> bytes:
    """Print an HTML export to PDF with WeasyPrint (an optional extra: ``pip install weasyprint``)."""
    try:
        import weasyprint
    except ImportError:
        raise RuntimeError("PDF export needs WeasyPrint: pip install weasyprint (it uses the system's Pango "
                           "library). Or open the HTML export in a browser and print it to PDF.") from None
    return weasyprint.HTML(string=html).write_pdf()


# ---------------------------------------------------------------------------
# Calendar


def _ics_start(moment: dt.datetime) -> dt.datetime:
    """Keep named zones (a VTIMEZONE is added) and floating local times; fixed offsets become UTC,
    since a bare offset is not a time zone a calendar can name."""
    if moment.tzinfo is None or getattr(moment.tzinfo, "key", None):
        return moment
    return moment.astimezone(dt.timezone.utc)


def meetings_ics(workbook: Workbook) -> bytes:
    """The agreed meetings as one recurring event (RRULE with FREQ, INTERVAL and COUNT)."""
    import icalendar

    schedule = workbook.agreement.schedule
    first = _ics_start(_check_schedule(schedule))
    partner = workbook.profile.partner_name
    cal = icalendar.Calendar()
    cal.add("prodid", "-//mentoringkit//meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    event = icalendar.Event()
    event.add("uid", f"{workbook.id}-meetings@mentoringkit")
    stamp = workbook.updated if workbook.updated.tzinfo else workbook.updated.replace(tzinfo=dt.timezone.utc)
    event.add("dtstamp", stamp.astimezone(dt.timezone.utc))
    event.add("dtstart", first)
    event.add("dtend", first + dt.timedelta(minutes=schedule.duration_minutes))
    event.add("rrule", _rrule_parts(schedule, first))
    event.add("summary", f"Mentoring meeting with {partner}" if partner else "Mentoring meeting")
    if schedule.location:
        event.add("location", schedule.location)
    description = [schedule.description] if schedule.description else []
    if _partners(workbook):
        description.append(_partners(workbook))
    goals = [g for g in workbook.agreement.goals if g.strip()]
    if goals:
        description.append("Our goals:\n" + "\n".join(f"- {g}" for g in goals))
    if description:
        event.add("description", "\n\n".join(description))
    cal.add_component(event)
    if getattr(first.tzinfo, "key", None):
        cal.add_missing_timezones()
    return cal.to_ical()


# ---------------------------------------------------------------------------
# CSV of the log

LOG_COLUMNS = ("Date", "Activity", "Minutes", "Notes", "Next steps", "Entry id", "Author", "Author role")
_OLD_LOG_COLUMNS = LOG_COLUMNS[:6]  # before entries named their author; still read
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


def _guard_cell(value: str) -> str:
    """Stop spreadsheets from running a cell as a formula. Quotes already in front of a formula
    character get one more, so ``import_log_csv`` can undo exactly what was added."""
    return "'" + value if _FORMULA_START.match(value) else value


def _unguard_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and _FORMULA_START.match(value[1:]) else value


def log_csv(workbook: Workbook) -> str:
    """The mentoring log as CSV, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LOG_COLUMNS)
    for e in workbook.log:
        writer.writerow([e.date.isoformat() if e.date else "", _guard_cell(e.activity),
                         "" if e.duration_minutes is None else str(e.duration_minutes),
                         _guard_cell(e.notes), _guard_cell(e.next_steps), _guard_cell(e.id),
                         _guard_cell(e.author), _guard_cell(e.author_role)])
    return out.getvalue()


def import_log_csv(text: str) -> list[LogEntry]:
    """Read a log written by ``log_csv`` back (ValueError naming the row on anything else)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) not in (LOG_COLUMNS, _OLD_LOG_COLUMNS):
        raise ValueError(f"not a mentoring log CSV: the first row must be {', '.join(LOG_COLUMNS)}")
    columns = len(rows[0])
    entries = []
    for n, row in enumerate(rows[1:], 2):
        if len(row) != columns:
            raise ValueError(f"row {n} has {len(row)} cells, expected {columns}")
        date, activity, minutes, notes, next_steps, entry_id, author, author_role = (
            [_unguard_cell(c) for c in row] + ["", ""])[:8]
        try:
            entries.append(LogEntry(id=entry_id, date=dt.date.fromisoformat(date) if date else None,
                                    activity=activity, duration_minutes=int(minutes) if minutes else None,
                                    notes=notes, next_steps=next_steps, author=author, author_role=author_role))
        except ValueError as exc:
            raise ValueError(f"row {n}: {exc}") from None
    return entries


# ---------------------------------------------------------------------------
# JSON


def workbook_json(workbook: Workbook) -> str:
    """The whole workbook as JSON text, the same document storage saves (it imports back)."""
    from mentoringkit.storage import workbook_bytes

    return workbook_bytes(workbook).decode("utf-8")


def import_workbook_json(text: str | bytes) -> Workbook:
    """A workbook from exported JSON; ValueError saying what is wrong (bad JSON, newer version, key path)."""
    from mentoringkit.storage import WorkbookDataError, workbook_from_bytes

    try:
        return workbook_from_bytes(text)
    except WorkbookDataError as exc:
        raise ValueError(f"cannot import this workbook: {exc.detail}") from None
