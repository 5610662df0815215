"""A long module page shown one section at a time: a row of real buttons names every section with its progress
("1. Rate your skills: 18 of 18 rated"), only the chosen section is drawn (and built, the first time it is
shown, so a page opens quickly), and a button at its foot opens the next one. The goals page (module 06) is
built this way, so it is never a wall of forms."""

from __future__ import annotations

import datetime as dt
import html
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.widgets.controls import Follower, QuietHTML, button_layout

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session

__all__ = ["PageSection", "SectionStepper", "goals_progress", "show_goals_page"]


@dataclass(eq=False)
class PageSection:
    """One section: its key and title, its widget (or how to build it), and its progress in a few words.

    A section given as a function is built the first time it is shown, so opening the page builds only the
    section in view; once built it is kept, so nothing typed in it is lost when another section is shown."""

    key: str
    title: str
    make: widgets.Widget | Callable[[], widgets.Widget]
    progress: Callable[[Session], str]
    _built: widgets.Widget | None = field(default=None, init=False, repr=False)

    @property
    def widget(self) -> widgets.Widget:
        if self._built is None:
            self._built = self.make if isinstance(self.make, widgets.Widget) else self.make()
        return self._built


class SectionStepper(Follower, widgets.VBox):
    """Sections shown one at a time. To act as the participant: ``show_section(key)`` or ``next_section()``."""

    def __init__(self, session: Session, sections: Sequence[PageSection], *, opened: str | None = None):
        if not sections:
            raise ValueError("a stepper needs at least one section")
        self.session = session
        self.sections = {s.key: s for s in sections}
        self.buttons = {s.key: widgets.Button(layout=button_layout()) for s in sections}
        for key, button in self.buttons.items():
            button.on_click(lambda _b, key=key: self.show_section(key))
        self.where = QuietHTML(repr_name="SectionWhere")
        self.next_button = widgets.Button(layout=button_layout())
        self.next_button.on_click(lambda _b: self.next_section())
        self.nav = widgets.HBox(list(self.buttons.values()), layout=widgets.Layout(flex_flow="row wrap"))
        self.nav.add_class("mk-sections-nav")
        super().__init__(layout=widgets.Layout(width="100%"))
        self.add_class("mk-stepper")
        self.current = opened if opened in self.sections else sections[0].key
        self._draw()
        self.follow(session)
        # Progress on the buttons moves with every save made on this page (held weakly, like followers).
        me = weakref.ref(self)
        session.observe(lambda _s: (stepper := me()) is not None and stepper._label(), owner=self)

    @property
    def section_keys(self) -> list[str]:
        return list(self.sections)

    def show_section(self, key: str) -> None:
        if key not in self.sections:
            raise ValueError(f"no section {key!r}; sections: {', '.join(self.sections)}")
        self.current = key
        self._draw()

    def next_section(self) -> None:
        keys = self.section_keys
        self.show_section(keys[(keys.index(self.current) + 1) % len(keys)])

    def labels(self) -> list[str]:
        return [b.description for b in self.buttons.values()]

    def refresh(self) -> None:
        """New progress on the buttons (the sections redraw themselves)."""
        self._label()

    def _label(self) -> None:
        keys = self.section_keys
        for number, key in enumerate(keys, start=1):
            section, button = self.sections[key], self.buttons[key]
            progress = section.progress(self.session)
            button.description = f"{number}. {section.title}" + (f": {progress}" if progress else "")
            button.button_style = "primary" if key == self.current else ""
            button.tooltip = "Showing now" if key == self.current else f"Show {section.title.lower()}"
        index = keys.index(self.current)
        following = self.sections[keys[(index + 1) % len(keys)]]
        self.next_button.description = (f"Next: {(index + 1) % len(keys) + 1}. {following.title}"
                                         if index + 1 < len(keys) else f"Back to 1. {following.title}")
        self.where.value = (f'<p role="status" class="mk-section-where">Section {index + 1} of {len(keys)}: '
                            f"<strong>{html.escape(self.sections[self.current].title)}</strong>. The buttons above "
                            "show the others; nothing you type is lost when you switch.</p>")

    def _draw(self) -> None:
        self._label()
        self.children = [self.nav, self.where, self.sections[self.current].widget, self.next_button]

    def __repr__(self) -> str:
        return f"SectionStepper({self.section_keys!r})"


def goals_progress(session: Session) -> dict[str, str]:
    """What each part of the goals page already holds, in a few words for its button."""
    wb, skills = session.workbook, session.curriculum.skills.skills
    latest = wb.latest_assessment
    rated = len(wb.assessment_draft or (latest.levels if latest else {}))
    from mentoringkit.widgets.exercises import step_key
    from mentoringkit.widgets.first_meeting import points_for_role

    exercise = session.curriculum.exercises.vision_plan
    vision = points_for_role(exercise.steps, session.role)
    written = sum(bool(wb.reflection(step_key(exercise, s.id)).strip()) for s in vision)
    return {"skills": (f"saved, {rated} of {len(skills)} rated" if latest and not wb.assessment_draft
                       else f"{rated} of {len(skills)} rated"),
            "vision": f"{written} of {len(vision)} written",
            "goal": f"{len(wb.goals)} {'goal' if len(wb.goals) == 1 else 'goals'}",
            "plan": f"{len(wb.plan)} {'row' if len(wb.plan) == 1 else 'rows'}"}


def show_goals_page(session: Session, *, today: dt.date | None = None) -> SectionStepper:
    """Module 06 one section at a time: the self-assessment, the vision plan, the SMART goal builder and the
    development plan."""
    from mentoringkit.widgets.development_plan import show_development_plan
    from mentoringkit.widgets.exercises import show_exercise
    from mentoringkit.widgets.self_assessment import show_self_assessment
    from mentoringkit.widgets.smart_goal import show_smart_goal

    def part(key: str) -> Callable[[Session], str]:
        return lambda s: goals_progress(s)[key]

    return SectionStepper(session, [
        PageSection("skills", "Rate your skills", lambda: show_self_assessment(session, today=today), part("skills")),
        PageSection("vision", "Sketch your vision plan", lambda: show_exercise(session, "vision_plan"),
                    part("vision")),
        PageSection("goal", "Write a SMART goal", lambda: show_smart_goal(session, today=today), part("goal")),
        PageSection("plan", "Your development plan", lambda: show_development_plan(session, today=today),
                    part("plan")),
    ])
