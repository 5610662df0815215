"""Every item of every content file reaches the people it is written for: its text (or its id, marked on the
element that shows it) appears on a rendered screen for some role it is meant for, on the trainer's plan, or in
an exported document.

A new content item that no page draws on fails here, naming the file and the item.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets
import pytest
from widget_text import html_text, page_text

from mentoringkit.curriculum import Curriculum, load_curriculum
from mentoringkit.exports import DOCUMENTS, render_document
from mentoringkit.session import memory_session
from mentoringkit.trainer.handouts import HANDOUTS
from mentoringkit.trainer.plan_document import render_plan
from mentoringkit.trainer.plans import make_plan
from mentoringkit.widgets.about import show_about
from mentoringkit.widgets.agreement import show_agreement
from mentoringkit.widgets.boundaries import show_boundaries
from mentoringkit.widgets.closure import show_closure, show_ending_signs, show_mentoring_plan_download
from mentoringkit.widgets.components import show_components
from mentoringkit.widgets.conversation_starters import show_conversation_starters
from mentoringkit.widgets.development_plan import show_development_plan
from mentoringkit.widgets.evaluation import show_evaluation
from mentoringkit.widgets.exercises import show_exercise
from mentoringkit.widgets.first_meeting import show_first_meeting
from mentoringkit.widgets.landing import show_landing
from mentoringkit.widgets.mentor_roles import show_mentor_roles
from mentoringkit.widgets.mentoring_log import show_mentoring_log
from mentoringkit.widgets.module_page import module_footer, module_header
from mentoringkit.widgets.myths_quiz import show_myths_quiz
from mentoringkit.widgets.people import show_people
from mentoringkit.widgets.phase_checklist import show_phase_checklist
from mentoringkit.widgets.self_assessment import show_self_assessment
from mentoringkit.widgets.smart_goal import show_smart_goal
from mentoringkit.widgets.working_together import show_working_together
from mentoringkit.workbook import Workbook

# Clinical and general between them hold every item: an item marked for some sectors is in one of the two.
SECTORS = ("general", "clinical")
CURRICULA = {sector: load_curriculum(sector=sector) for sector in SECTORS}
ROLES = ("mentor", "mentee")

# For each kind of content item, the text a reader sees first (before any click).
_SHOWN_AS = {"Point": "text", "Myth": "statement", "Trap": "saying", "MentorRole": "name", "Starter": "text",
             "Task": "text", "Skill": "name", "Component": "name", "Scenario": "situation", "GoalExample": "weak",
             "SmartCriterion": "name", "Activity": "title", "Module": "title", "Guide": "title",
             "FormField": "title", "Label": "title", "GuidelineGroup": "title", "SkillLevel": "name",
             "Phase": "title", "Exercise": "title", "ExerciseStep": "prompt", "SortCard": "text"}


@dataclasses.dataclass(frozen=True)
class Item:
    file: str
    path: str
    id: str
    text: str
    audience: tuple[str, ...]


def _items(curriculum: Curriculum) -> Iterator[Item]:
    def walk(obj: Any, file: str, path: str, audience: tuple[str, ...]) -> Iterator[Item]:
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            audience = tuple(getattr(obj, "audience", None) or audience) if not isinstance(
                getattr(obj, "audience", None), str) else (obj.audience,)
            kind = type(obj).__name__
            if kind in _SHOWN_AS and getattr(obj, "id", None):
                yield Item(file, path, obj.id, getattr(obj, _SHOWN_AS[kind]), audience)
            for f in dataclasses.fields(obj):
                yield from walk(getattr(obj, f.name), file, f"{path}/{f.name}", audience)
        elif isinstance(obj, tuple):
            for i, x in enumerate(obj):
                yield from walk(x, file, f"{path}/{i}", audience)

    for f in dataclasses.fields(Curriculum):
        if f.name in ("root", "topic_files"):
            continue
        yield from walk(getattr(curriculum, f.name), f"{f.name}.yml", "", ROLES)


ITEMS = [(sector, item) for sector in SECTORS for item in _items(CURRICULA[sector])]


def _screens(session: Any) -> list[widgets.Widget]:
    curriculum = session.curriculum
    modules = [m.id for m in curriculum.course.modules]
    return [
        show_landing(session), *(module_header(session, m) for m in modules),
        *(module_footer(session, m) for m in modules),
        show_about(session), show_myths_quiz(session), show_components(session), show_people(session),
        show_mentor_roles(session), show_boundaries(session), show_exercise(session, "dual_role"),
        show_first_meeting(session),
        *(show_conversation_starters(session, phase=p.id) for p in curriculum.conversation_starters.phases),
        show_self_assessment(session), show_exercise(session, "vision_plan"), show_smart_goal(session),
        show_development_plan(session),
        show_agreement(session), show_working_together(session, "habits"), show_mentoring_log(session),
        show_working_together(session, "managing"), show_phase_checklist(session),
        show_evaluation(session, "midpoint"), show_evaluation(session, "closing"), show_ending_signs(session),
        show_closure(session), show_mentoring_plan_download(session),
    ]


def _markup(widget: widgets.Widget) -> str:
    """Every HTML value in a widget tree, so ids marked on elements count."""
    parts = [widget.value] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        parts.append(_markup(child))
    return "\n".join(parts)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def shown() -> dict[tuple[str, str], tuple[str, str]]:
    """(sector, role) -> (visible text, markup) over every screen for that role, in participant and trainer
    mode."""
    out = {}
    for sector, curriculum in CURRICULA.items():
        for role in ROLES:
            texts, markup = [], []
            for facilitator in (False, True):
                for screen in _screens(memory_session(role=role, curriculum=curriculum, facilitator=facilitator)):
                    texts.append(page_text(screen))
                    markup.append(_markup(screen))
            out[sector, role] = (_norm(" ".join(texts)), "\n".join(markup))
    return out


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    """sector -> the exported documents (each role's workbook), the trainer handouts and a full-day plan."""
    from mentoringkit.exports import render_outline

    out = {}
    for sector, curriculum in CURRICULA.items():
        parts = []
        for role in ROLES:
            wb = Workbook()
            wb.profile.role = role
            parts += [html_text(render_document(name, "html", wb, curriculum)) for name in DOCUMENTS]
        parts += [html_text(render_outline(make(curriculum), "html")) for make in HANDOUTS.values()]
        parts.append(html_text(render_plan(make_plan(curriculum, 8 * 60), "html")))
        out[sector] = _norm(" ".join(parts))
    return out


@pytest.mark.parametrize(("sector", "item"), ITEMS, ids=[f"{s}:{i.file}:{i.path}:{i.id}" for s, i in ITEMS])
def test_every_content_item_reaches_a_page_or_a_document(sector: str, item: Item, shown: dict, documents: dict
                                                         ) -> None:
    text = _norm(item.text)
    for role in (r for r in ROLES if r in item.audience or "either" in item.audience):
        visible, markup = shown[sector, role]
        if text in visible or f'data-mk-item="{item.id}"' in markup:
            return
    assert text in documents[sector], (f"{item.file} {item.path} ({item.id}) is on no page for {item.audience} "
                                       f"and in no export ({sector} course)")


def test_the_collector_finds_every_file_and_the_working_together_items() -> None:
    general = [i for s, i in ITEMS if s == "general"]
    assert {i.file for i in general} >= {"about.yml", "working_together.yml", "facilitation.yml", "myths.yml"}
    assert sum(i.file == "working_together.yml" for i in general) >= 34
    clinical_only = {i.id for s, i in ITEMS if s == "clinical"} - {i.id for i in general}
    assert "non-academic-perspective" in clinical_only
