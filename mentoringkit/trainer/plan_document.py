"""A session plan as a printable document (Markdown or HTML) a trainer can run the session from."""

from __future__ import annotations

from typing import Literal

from mentoringkit.exports import Block, Document, Section, render_outline
from mentoringkit.trainer.plans import Segment, SessionPlan

__all__ = ["KIND_LABELS", "clock", "plan_document", "render_plan"]

#: How the room works during an activity, in words for the plan.
KIND_LABELS = {"talk": "trainer leads", "solo": "on your own", "pair": "in pairs", "group": "small groups",
               "discussion": "whole-room discussion"}


def clock(minutes: int) -> str:
    """Minutes from the start of the session as h:mm (0:05, 1:30)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def _span(s: Segment) -> str:
    return f"{clock(s.start)}–{clock(s.end)}"


def _length(s: Segment) -> str:
    text = f"{s.minutes} minutes, {KIND_LABELS[s.activity.kind]}"
    if s.minutes != s.full_minutes and not s.is_break:
        text += f" (full length {s.full_minutes})"
    return text


def _activity_blocks(s: Segment) -> list[Block]:
    blocks = [Block("fields", fields=[("When", _span(s)), ("Length", _length(s))]
                    + ([("On the projector", s.activity.projected)] if s.activity.projected else []))]
    blocks.append(Block("numbered", text="How to run it", items=list(s.activity.how_to_run)))
    if s.activity.prompts:
        blocks.append(Block("items", text="Prompts", items=list(s.activity.prompts)))
    return blocks


def plan_document(plan: SessionPlan) -> Document:
    """The plan as a document outline: timetable, then each module's activities with their notes."""
    rows = [[_span(s), str(s.minutes), s.module_title or "—", s.activity.title, KIND_LABELS[s.activity.kind]]
            for s in plan.segments]
    sections = [Section("Timetable", [Block("table", headers=["Time", "Minutes", "Module", "Activity", "Format"],
                                            rows=rows)],
                        intro="Times are from the start of the session. Facilitator notes: not for the projector.")]
    current: Section | None = None
    module_questions: list[tuple[str, str]] = []

    def close_module() -> None:
        if current is not None and module_questions:
            current.blocks.append(Block("qa", text="Common questions", fields=list(module_questions)))

    for s in plan.segments:
        if not s.module_id:
            close_module()
            current, module_questions = None, []
            sections.append(Section(f"{_span(s)} · {s.activity.title}", _activity_blocks(s)))
            continue
        if current is None or current.title != s.module_title:
            close_module()
            current = Section(s.module_title, [Block("text", text=s.purpose)] if s.purpose else [])
            module_questions = [(q.question, q.answer) for q in s.common_questions]
            sections.append(current)
        sections.append(Section(f"{_span(s)} · {s.activity.title}", _activity_blocks(s), level=3))
    close_module()
    # Common questions close each module's part of the plan: move them after the module's last activity.
    sections = _questions_after_activities(sections)
    if plan.skipped:
        sections.append(Section("Left out of this plan", [Block("items", items=[
            f"{s.module_title or 'Session'}: {s.activity.title} ({s.full_minutes} minutes)" for s in plan.skipped])],
            intro="Cover these in a follow-up session, or point participants to the modules for self-study."))
    if plan.cut_next:
        sections.append(Section("If you run late", [Block("numbered", items=[
            f"{s.module_title}: {s.activity.title} (saves {s.minutes} minutes)" for s in plan.cut_next])],
            intro="Drop these first, in this order; everything else in the plan is needed."))
    covered = len(plan.module_ids)
    subtitle = (f"{plan.minutes} minutes · {covered} module{'s' if covered != 1 else ''} · "
                f"{sum(1 for s in plan.segments if s.activity.kind == 'pair')} pair activities")
    return Document(title=plan.title, subtitle=subtitle, sections=sections,
                    footer="Made with mentoringkit plan. For the trainer: these notes are not for participants.")


def _questions_after_activities(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    pending: Block | None = None
    for section in sections:
        qa = next((b for b in section.blocks if b.kind == "qa"), None)
        if section.level == 2 and pending is not None:
            out.append(Section("Common questions", [pending], level=3))
            pending = None
        if qa is not None:
            section.blocks.remove(qa)
            pending = qa
        out.append(section)
    if pending is not None:
        out.append(Section("Common questions", [pending], level=3))
    return out


def render_plan(plan: SessionPlan, fmt: Literal["md", "html"]) -> str:
    return render_outline(plan_document(plan), fmt)
