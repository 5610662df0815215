"""A long module page shown one section at a time: a row of real buttons names every section with its progress
("1. Rate your skills: 18 of 18 rated"), only the chosen section is drawn (and built, the first time it is
shown, so a page opens quickly), and a button at its foot opens the next one. Every page that ran past 4,000 px at
1280 px wide with a well-filled workbook is built this way (modules 01, 03, 04, 06, 08 and 09), so none is a wall
of forms; a section once built stays alive while hidden, so nothing typed is lost by switching."""

from __future__ import annotations

import datetime as dt
import html
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.widgets.controls import Follower, QuietHTML, button_layout, look, shared_look

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session

__all__ = ["PageSection", "SectionStepper", "goals_progress", "show_boundaries_page", "show_ending_page",
           "show_goals_page", "show_progress_page", "show_roles_page", "show_what_is_mentoring_page"]


@dataclass(eq=False)
class PageSection:
    """One section: its key and title, how to build its widget, and its progress in a few words.

    A section is built the first time it is shown, so opening the page builds only the section in view and a
    section opened later shows the workbook as it is then; once built it is kept, so nothing typed in it is lost
    when another section is shown. Until then it has no widgets, so redrawing the page leaves it alone."""

    key: str
    title: str
    make: Callable[[], widgets.Widget]
    progress: Callable[[Session], str]
    #: A sentence or two saying what the section is for, shown above it (plain text).
    intro: str = ""
    _built: widgets.Widget | None = field(default=None, init=False, repr=False)

    @property
    def built(self) -> bool:
        """Whether the section has been shown (and so built) yet."""
        return self._built is not None

    @property
    def widget(self) -> widgets.Widget:
        if self._built is None:
            with shared_look():
                self._built = self.make()
        return self._built


class SectionStepper(Follower, widgets.VBox):
    """Sections shown one at a time. To act as the participant: ``show_section(key)`` or ``next_section()``."""

    def __init__(self, session: Session, sections: Sequence[PageSection], *, opened: str | None = None):
        if not sections:
            raise ValueError("a stepper needs at least one section")
        self.session = session
        self.sections = {s.key: s for s in sections}
        with shared_look():  # the section buttons look alike: one layout and style for all
            self.buttons = {s.key: widgets.Button(layout=look(widgets.Layout, width="auto", align_self="flex-start"),
                                                  style=look(widgets.ButtonStyle)) for s in sections}
        for key, button in self.buttons.items():
            button.on_click(lambda _b, key=key: self.show_section(key))
        self.where = QuietHTML(repr_name="SectionWhere")
        self.next_button = widgets.Button(layout=button_layout())
        self.next_button.on_click(lambda _b: self.next_section())
        self.nav = widgets.HBox(list(self.buttons.values()), layout=widgets.Layout(flex_flow="row wrap"))
        self.nav.add_class("mk-sections-nav")
        self._intros: dict[str, QuietHTML] = {}
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
        section = self.sections[self.current]
        shown = [self.nav, self.where]
        if section.intro:
            key = section.key
            if key not in self._intros:
                self._intros[key] = QuietHTML(f'<p class="mk-section-intro">{html.escape(section.intro)}</p>',
                                              repr_name="SectionIntro")
            shown.append(self._intros[key])
        self.children = [*shown, section.widget, self.next_button]

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


@shared_look()
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


# ---------------------------------------------------------------------------
# The other long pages, one section at a time


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _evaluation_progress(kind: str) -> Callable[[Session], str]:
    def progress(session: Session) -> str:
        mine = [e for e in session.workbook.evaluations if e.kind == kind]
        if any(e.done_on for e in mine):
            return "saved"
        return "draft kept" if mine else ""
    return progress


@shared_look()
def show_what_is_mentoring_page(session: Session) -> SectionStepper:
    """Module 01: the reading and reflection, then the true-or-false quiz."""
    from mentoringkit.widgets.about import MODULE_ID, show_about
    from mentoringkit.widgets.myths_quiz import show_myths_quiz

    def quiz(s: Session) -> str:
        return f"{len(s.workbook.quiz_answers)} of {len(s.curriculum.myths.myths)} answered"

    return SectionStepper(session, [
        PageSection("about", "What mentoring is", lambda: show_about(session),
                    lambda s: "reflection written" if s.workbook.reflection(f"module:{MODULE_ID}").strip() else "",
                    "Start with the short definitions, then open any other part that interests you. The gains for "
                    "your own side of the partnership come first."),
        PageSection("quiz", "True or false?", lambda: show_myths_quiz(session), quiz,
                    "Things people often say about mentoring. Decide for each one, then read the explanation that "
                    "appears once you have answered."),
    ])


@shared_look()
def show_roles_page(session: Session) -> SectionStepper:
    """Module 03: who does what, then the seven kinds of mentor."""
    from mentoringkit.widgets.mentor_roles import show_mentor_roles
    from mentoringkit.widgets.people import show_people

    def kinds(s: Session) -> str:
        chosen = len(s.workbook.roles_needed) + len(s.workbook.roles_offered)
        return f"{chosen} ticked" if chosen else ""

    return SectionStepper(session, [
        PageSection("people", "Who does what", lambda: show_people(session), lambda _s: "",
                    "What makes a strong mentee and a strong mentor, what each of you owns, and what each of you can "
                    "count on. Your own side comes first."),
        PageSection("kinds", "Seven kinds of mentor", lambda: show_mentor_roles(session), kinds,
                    "Mentees: tick the kinds of mentor you need and put them in order. Mentors: tick the kinds you "
                    "feel able to be, then look at the traps."),
    ])


@shared_look()
def show_boundaries_page(session: Session) -> SectionStepper:
    """Module 04: the boundaries worksheet, then the exercise for a mentor who also supervises."""
    from mentoringkit.widgets.boundaries import show_boundaries
    from mentoringkit.widgets.exercises import show_exercise

    exercise = session.curriculum.exercises.dual_role

    def sorted_cards(s: Session) -> str:
        done = sum(bool(s.workbook.reflection(f"sort:{exercise.id}/{card.id}")) for card in exercise.cards)
        return f"{done} of {len(exercise.cards)} sorted"

    return SectionStepper(session, [
        PageSection("worksheet", "Your boundaries worksheet", lambda: show_boundaries(session),
                    lambda s: _count(sum(bool(v.strip()) for v in s.workbook.boundaries.values()), "answer"),
                    "Write a first answer to each question, even a rough one. Your answers are kept as you type."),
        PageSection("double-role", exercise.title, lambda: show_exercise(session, "dual_role"), sorted_cards),
    ])


@shared_look()
def show_progress_page(session: Session, *, today: dt.date | None = None) -> SectionStepper:
    """Module 08: the mentoring log (with managing the relationship), the tasks by phase, the mid-point
    evaluation."""
    from mentoringkit.widgets.evaluation import show_evaluation
    from mentoringkit.widgets.mentoring_log import show_mentoring_log
    from mentoringkit.widgets.phase_checklist import show_phase_checklist
    from mentoringkit.widgets.working_together import show_working_together

    def log() -> widgets.Widget:
        return widgets.VBox([show_mentoring_log(session, today=today), show_working_together(session, "managing")],
                            layout=widgets.Layout(width="100%"))

    return SectionStepper(session, [
        PageSection("log", "The mentoring log", log, lambda s: _count(len(s.workbook.log), "entry", "entries"),
                    "After each meeting or other mentoring activity, add a line. A date and a few words on what you "
                    "did are enough; notes and next steps help you prepare for the next one."),
        PageSection("checklist", "Tasks by phase", lambda: show_phase_checklist(session, today=today),
                    lambda s: _count(len(s.workbook.checklist), "task") + " ticked",
                    "The tasks for your side of the partnership, grouped by phase. Tick them as you go; the bars "
                    "show how far along each phase you are."),
        PageSection("evaluation", "Mid-point evaluation", lambda: show_evaluation(session, "midpoint", today=today),
                    _evaluation_progress("midpoint"),
                    "About halfway through, each of you answers these questions, then you compare answers at a "
                    "meeting and decide whether to carry on as you are, change something, or end."),
    ])


@shared_look()
def show_ending_page(session: Session, *, today: dt.date | None = None) -> SectionStepper:
    """Module 09: the signs it may be time to end, planning the close, the closing evaluation and the whole
    mentoring plan to keep."""
    from mentoringkit.widgets.closure import show_closure, show_ending_signs, show_mentoring_plan_download
    from mentoringkit.widgets.evaluation import show_evaluation

    return SectionStepper(session, [
        PageSection("signs", "Is it time to end?", lambda: show_ending_signs(session),
                    lambda s: _count(len(s.workbook.ending_signs), "sign") + " ticked" if s.workbook.ending_signs
                    else "",
                    "Go through the signs on your own first. A single tick is no verdict, but it is worth raising "
                    "with your partner."),
        PageSection("close", "Plan the close", lambda: show_closure(session, today=today),
                    lambda s: "ending agreed" if s.workbook.closure.ending_agreed else "",
                    "Agree together how and when the partnership ends, then prepare the closing conversation: look "
                    "back at what you achieved, name what is still to do, and say thank you."),
        PageSection("evaluation", "Closing evaluation", lambda: show_evaluation(session, "closing", today=today),
                    _evaluation_progress("closing"),
                    "Answer the review questions one last time, looking back over the whole partnership."),
        PageSection("keep", "Keep your mentoring plan", lambda: show_mentoring_plan_download(session), lambda _s: "",
                    "Download everything you have written in this kit as one document: your goals, plan, agreement, "
                    "log and reflections."),
    ])
