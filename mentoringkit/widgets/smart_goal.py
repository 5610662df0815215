"""The SMART goal builder: type a goal and see, criterion by criterion, what it still needs; add it to the plan.

All judging is done by ``mentoringkit.smart_goal.analyse_goal``; this module only shows its verdicts.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from mentoringkit.model.text import quote, typed_html
from mentoringkit.widgets.controls import (
    Field,
    Follower,
    QuietHTML,
    html_list,
    put_saved,
    saved_status,
    shared_look,
    sources_html,
    status,
    typed_list,
)
from mentoringkit.widgets.typed_fields import NARROW_SCREEN_STYLE, DateField, date_order
from mentoringkit.workbook import PlanRow, SmartGoal

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session

__all__ = ["SmartGoalBuilder", "feedback_html", "show_smart_goal", "skill_options"]

NO_AREA = "(no particular skill)"

#: The draft form name in the workbook (``mentoringkit.drafts``).
DRAFT_FORM = "smart_goal"


def skill_options(session: Session) -> list[tuple[str, str]]:
    """(label, skill id) for the development-area list: developmental skills first when an assessment exists."""
    skills = session.curriculum.skills.skills
    latest = session.workbook.latest_assessment
    options = [(NO_AREA, "")]
    if latest is None:
        return options + [(s.name, s.id) for s in skills]
    developing = [s for s in skills if latest.levels.get(s.id) == "developmental"]
    rest = [s for s in skills if latest.levels.get(s.id) != "developmental"]
    return (options + [(f"{s.name} (developmental)", s.id) for s in developing]
            + [(s.name, s.id) for s in rest])


def _criterion_id(result: Any) -> str:
    criterion = result.criterion
    return getattr(criterion, "id", criterion)


def feedback_html(report: Any, session: Session) -> str:
    """Each SMART criterion with a mark and a word (never colour alone), why, and what to try next."""
    names = {c.id: c for c in session.curriculum.smart.criteria}
    rows = []
    for result in report.results:
        criterion = names.get(_criterion_id(result))
        name = criterion.name if criterion else str(_criterion_id(result))
        letter = criterion.letter if criterion else name[:1]
        if result.met:
            mark, word, colour = "✓", "Met", "#14451a"
        else:
            mark, word, colour = "✗", "Missing", "#7a0016"
        tip = ""
        if not result.met and result.suggestion:
            tip = f'<div class="mk-smart-tip"><em>Try:</em> {html.escape(result.suggestion)}</div>'
        question = getattr(result, "question", "")
        if result.met and question:
            tip = f'<div class="mk-smart-ask"><em>Ask yourself:</em> {html.escape(question)}</div>'
        rows.append(
            f'<li class="mk-smart-{"met" if result.met else "missing"}" style="margin:0.3em 0">'
            f'<strong style="color:{colour}"><span aria-hidden="true">{mark} </span>{word}:</strong> '
            f"<strong>{html.escape(letter)} – {html.escape(name)}</strong>. "
            f"{html.escape(result.reason)}{tip}</li>")
    met = sum(bool(r.met) for r in report.results)
    summary = f"{met} of {len(report.results)} criteria met."
    return (f'<h3 style="margin-bottom:0.2em">How your goal measures up</h3>'
            f'<p role="status">{summary}</p><ul style="padding-left:1.2em">{"".join(rows)}</ul>')


def _examples_html(session: Session) -> str:
    smart = session.curriculum.smart
    criteria = "".join(
        f"<li><strong>{html.escape(c.letter)} – {html.escape(c.name)}.</strong> {html.escape(c.meaning)}"
        f"{html_list(c.questions)}</li>" for c in smart.criteria)
    examples = "".join(
        f'<li style="margin-bottom:0.6em"><div><strong>Weak:</strong> {html.escape(e.weak)}</div>'
        f"<div><strong>Strong:</strong> {html.escape(e.strong)}</div>"
        f"<div><em>Why it is stronger:</em> {html.escape(e.why)}</div></li>" for e in smart.examples)
    return (f"<details><summary>What each letter asks of a goal</summary><ul>{criteria}</ul></details>"
            f"<details><summary>Weak goals made strong: {len(smart.examples)} examples</summary>"
            f"<ul>{examples}</ul></details>" + sources_html([smart.source], session.curriculum))


class SmartGoalBuilder(Follower, widgets.VBox):
    """A goal form with live SMART feedback and an "Add to my plan" button.

    What is typed is kept as a draft in the workbook until the goal is added, so a reload brings it back.

    Every action has a method (``set_text``, ``set_measure``, ``set_target_date``, ``set_resources``,
    ``set_development_area``, ``add_to_plan``) so tests and notebooks can act as the participant.
    """

    def __init__(self, session: Session, *, today: dt.date | None = None):
        self.session = session
        self._today = today
        self.text_field = Field("Your goal", multiline=True, rows=3, continuous_update=True,
                                placeholder="What will you do or change, and by when?",
                                hint="Write it the way you would say it to your mentor.")
        self.measure_field = Field("How you will know (optional)", continuous_update=True,
                                   hint="A number, a finished piece of work, or someone's judgment.")
        self.date_field = DateField("Target date (optional)", order=date_order(session), today=self.today)
        self.resources_field = Field("Resources and support (optional)", multiline=True, rows=2,
                                     continuous_update=True)
        self.area = widgets.Dropdown(options=skill_options(session), value="", description="Skill it develops",
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="min(100%, 44em)"))
        self.feedback = QuietHTML(repr_name="SmartFeedback")
        self.statement = QuietHTML(repr_name="SmartStatement")
        self.add_button = widgets.Button(description="Add to my plan", button_style="primary",
                                         tooltip="Add this goal to your goals and your development plan",
                                         layout=widgets.Layout(width="auto"))
        self.message = QuietHTML(repr_name="SmartMessage")
        self.goals_list = QuietHTML(repr_name="SmartGoalsSoFar")
        self.examples = QuietHTML(NARROW_SCREEN_STYLE + _examples_html(session), repr_name="SmartExamples")
        self._drafted: dict[str, Field] = {"text": self.text_field, "measure": self.measure_field,
                                           "target_date": self.date_field, "resources": self.resources_field}
        #: The goal text each of these was last written alongside: a value written for an earlier goal is
        #: never applied to a different one typed over it (issue 12).
        self._written_for: dict[str, str] = {"measure": "", "resources": ""}
        self.keep_button = widgets.Button(description="Use it for this goal", layout=widgets.Layout(
            width="auto", display="none"), tooltip="Keep what you wrote for your earlier goal for this one")
        self.keep_button.on_click(lambda _button: self.keep_for_this_goal())
        self._restore_draft()

        self._keep_drafts = True
        for name, f in self._drafted.items():
            f.on_change(self.by_hand(lambda text, name=name: self._remember(name, text)))
            if name in self._written_for:
                f.on_change(self.by_hand(
                    lambda _text, name=name: self._written_for.__setitem__(name, self.text_field.value)))
            f.on_change(self.by_hand(lambda _text: self.refresh()))
        self.area.observe(self.by_hand(lambda change: self._remember("development_area", change["new"] or "")),
                          names="value")
        self.area.observe(self.by_hand(lambda _change: self.refresh()), names="value")
        self.add_button.on_click(lambda _button: self.add_to_plan())
        # A self-assessment saved on this page reorders the skills; goals may come from another tab.
        session.observe(lambda _s: self.refresh(), owner=self)

        super().__init__(children=[
            self.text_field, self.measure_field, self.keep_button, self.date_field, self.resources_field, self.area,
            self.feedback, self.statement, self.add_button, self.message, self.goals_list, self.examples,
        ], layout=widgets.Layout(width="100%"))
        self.add_class("mk-smart-goal")
        self.add_class("mk-wrap-fields")
        self.refresh()
        self.follow(session)

    # -- reading --------------------------------------------------------------
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def draft(self) -> SmartGoal:
        """The goal as typed so far (a target date that cannot be read counts as none, and what was written for
        an earlier goal is left out)."""
        stale = self.stale_fields()
        return SmartGoal(text=self.text_field.value.strip(),
                         measure="" if "measure" in stale else self.measure_field.value.strip(),
                         target_date=self.date_field.date,
                         resources="" if "resources" in stale else self.resources_field.value.strip(),
                         development_area=self.area.value or "")

    def stale_fields(self) -> tuple[str, ...]:
        """The fields ("measure", "resources") holding text written for a different, earlier goal."""
        from mentoringkit.smart_goal import same_goal

        text = self.text_field.value
        return tuple(name for name, written_for in self._written_for.items()
                     if self._drafted[name].value.strip() and not same_goal(written_for, text))

    def keep_for_this_goal(self) -> None:
        """Use what was written for the earlier goal for this one too (the "Use it for this goal" button)."""
        for name in self._written_for:
            self._written_for[name] = self.text_field.value
        self.refresh()

    def context(self) -> Any:
        """What the person has said they want (development areas, reflections, role), for judging relevance."""
        from mentoringkit.smart_goal import goal_context

        return goal_context(self.session.workbook, self.session.curriculum, date_order(self.session))

    def report(self) -> Any:
        from mentoringkit.smart_goal import analyse_goal

        return analyse_goal(self.draft(), today=self.today(), context=self.context())

    # -- acting as the participant ------------------------------------------
    def set_text(self, text: str) -> None:
        self.text_field.value = text

    def set_measure(self, text: str) -> None:
        self.measure_field.value = text

    def set_target_date(self, value: str | dt.date | None) -> None:
        """Type a date (text is kept as typed, even when it is not a real date)."""
        if isinstance(value, dt.date):
            self.date_field.show(value)
        else:
            self.date_field.value = value or ""

    def set_resources(self, text: str) -> None:
        self.resources_field.value = text

    def set_development_area(self, skill_id: str) -> None:
        self.area.value = skill_id

    def add_to_plan(self) -> PlanRow | None:
        """Add the goal to the workbook's goals and development plan if all five criteria are met.

        Otherwise nothing is added, the typed text stays, and the message says what is still missing.
        """
        _, date_problem = self.date_field.read()
        if date_problem:
            self.message.value = status(f"Not added yet: the target date needs fixing. {date_problem}", "error")
            return None
        report = self.report()
        if not self.draft().text:
            self.message.value = status("Not added yet: type your goal first.", "error")
            return None
        if not report.met_all:
            missing = ", ".join(self._name(c) for c in report.missing)
            self.message.value = status(
                f"Not added yet: your goal still needs {missing}. Your text is kept; use the tips above.",
                "error")
            return None
        from mentoringkit.development_plan import add_goal_to_plan
        from mentoringkit.drafts import clear_drafts

        goal = self.draft()
        goal.created = self.today()
        workbook = self.session.workbook
        row = add_goal_to_plan(workbook, goal)
        if not any(g.id == goal.id for g in workbook.goals):
            workbook.goals.append(goal)
        clear_drafts(workbook, DRAFT_FORM)
        self.session.save()
        self.message.value = saved_status(
            self.session, f"Added to your goals and your development plan: {goal.text}", "ok")
        self._keep_drafts = False  # the form empties itself; the drafts are already gone with the save above
        try:
            for f in self._drafted.values():
                f.value = ""
            self.area.value = ""
        finally:
            self._keep_drafts = True
        for name in self._written_for:
            self._written_for[name] = ""
        self._show_goals()
        return row

    # -- drafts ------------------------------------------------------------------
    def _restore_draft(self) -> None:
        """Put back what was typed before a reload (an unreadable date too; refresh shows why)."""
        from mentoringkit.drafts import form_drafts

        kept = form_drafts(self.session.workbook, DRAFT_FORM)
        for name, f in self._drafted.items():
            if name in kept:
                f.value = kept[name]
        for name in self._written_for:
            self._written_for[name] = self.text_field.value  # restored together, so written for this goal
        area = kept.get("development_area", "")
        if any(value == area for _, value in self.area.options):
            self.area.value = area

    def _remember(self, name: str, text: str) -> None:
        from mentoringkit.drafts import set_draft

        if self._keep_drafts and set_draft(self.session.workbook, DRAFT_FORM, name, text):
            self.session.save()

    # -- showing ---------------------------------------------------------------
    def _name(self, criterion: Any) -> str:
        cid = getattr(criterion, "id", criterion)
        names = {c.id: c.name for c in self.session.curriculum.smart.criteria}
        return names.get(cid, str(cid))

    def refresh(self) -> None:
        """Show the form as its draft stands in the workbook (typed in another tab, or emptied there by adding
        the goal), the skills and the goals so far, and the feedback for what is typed; called on every
        keystroke too. Saves nothing."""
        from mentoringkit.drafts import form_drafts

        kept = form_drafts(self.session.workbook, DRAFT_FORM)
        with self.redrawing():
            for name, f in self._drafted.items():
                put_saved(f, kept.get(name, ""))
            self._show_skill_options(kept.get("development_area", ""))
        _, date_problem = self.date_field.read()
        self.date_field.set_error(date_problem)
        stale = self.stale_fields()
        for name in self._written_for:
            field = self._drafted[name]
            if name in stale:
                shown = quote(self._written_for[name], 50)
                field.set_error(f"This was written for an earlier goal ({shown}), so it is not used for this "
                                "one. Change it, or choose “Use it for this goal”.")
            else:
                field.set_error(None)
        self.keep_button.layout.display = "" if stale else "none"
        if not self.text_field.value.strip():
            self.feedback.value = ('<p class="mk-hint">Start typing your goal above; each SMART criterion '
                                   "will be checked as you type.</p>")
            self.statement.value = ""
        else:
            report = self.report()
            self.feedback.value = feedback_html(report, self.session)
            if date_problem:
                self.feedback.value += status("The target date cannot be read yet, so it does not count; fix it "
                                              "under the field.", "warn")
            self.statement.value = ("<h3 style='margin-bottom:0.2em'>Your goal as one statement</h3>"
                                    f"<blockquote>{typed_html(report.statement)}</blockquote>")
        self._show_goals()

    def _show_goals(self) -> None:
        goals = self.session.workbook.goals
        if not goals:
            self.goals_list.value = ""
            return
        from mentoringkit.smart_goal import compose_statement

        self.goals_list.value = ("<h3 style='margin-bottom:0.2em'>Your goals so far</h3>"
                                 + typed_list(compose_statement(g) for g in goals))

    def _show_skill_options(self, chosen: str) -> None:
        # A saved self-assessment reorders the skills; the choice stays if the skill is still there.
        options = skill_options(self.session)
        if options != list(self.area.options):
            self.area.options = options
        self.area.value = chosen if any(v == chosen for _, v in options) else ""

    def __repr__(self) -> str:
        return "SmartGoalBuilder()"


@shared_look()
def show_smart_goal(session: Session, *, today: dt.date | None = None) -> SmartGoalBuilder:
    """The SMART goal builder for this participant's workbook."""
    return SmartGoalBuilder(session, today=today)
