"""The 18-skill self-assessment: rate each skill, save a dated assessment, see strengths, growth and a chart.

The rules (what counts as a strength, what changed, which plan rows to suggest) live in
``mentoringkit.self_assessment``; this module only wires them to the screen.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from mentoringkit.widgets.controls import (
    Follower,
    QuietHTML,
    look,
    saved_status,
    shared_look,
    single_choice,
    sources_html,
    status,
)
from mentoringkit.workbook import PlanRow, SkillAssessment

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Skill
    from mentoringkit.session import Session

__all__ = ["SelfAssessment", "show_self_assessment"]

# The grid: each skill on one line, its levels side by side; the group's label stays in the page for screen
# readers ("My level in …") but takes no room, since the skill's name is already at the start of the line.
_GRID_STYLE = (
    "<style>"
    ".mk-skill-row{flex-wrap:wrap;align-items:flex-start;border-bottom:1px solid #e0e0e0;padding:0.15em 0}"
    ".mk-skill-row > .widget-html{flex:0 0 17em;max-width:100%;margin:0}"
    ".mk-skill-row summary{cursor:pointer;padding:0.25em 0}"
    ".mk-skill-row .widget-radio{flex:1 1 30em;margin:0}"
    ".mk-skill-row .widget-radio-box{flex-direction:row;flex-wrap:wrap;gap:0 1.2em}"
    ".mk-skill-row .widget-radio > .widget-label{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}"
    "</style>"
)

_DIRECTION_WORDS = {"up": "moved up", "down": "moved down", "same": "stayed the same",
                    "new": "rated for the first time", "unrated": "not rated this time"}


def _skill_id(skill: Any) -> str:
    return getattr(skill, "id", skill)


class SelfAssessment(Follower, widgets.VBox):
    """One radio group per skill, a save button, and what the saved assessments show.

    Methods a test or notebook can call as the participant: ``rate``, ``save_assessment``,
    ``start_plan_from_developmental``. Choices not yet saved are kept in ``workbook.assessment_draft``.
    """

    def __init__(self, session: Session, *, today: dt.date | None = None):
        self.session = session
        self._today = today
        skills = session.curriculum.skills
        shown = self._saved_choices()
        self.choices: dict[str, widgets.RadioButtons] = {}
        rows: list[widgets.Widget] = []
        for skill in skills.skills:
            choice = single_choice([(f"{lv.name}: {skill.name}", lv.id) for lv in skills.levels],
                                   description=f"My level in {skill.name.lower()}", value=shown.get(skill.id))
            choice.observe(self.by_hand(lambda _change: self._chosen()), names="value")
            self.choices[skill.id] = choice
            # One compact line per skill: its name (the description one click away) and the three levels side
            # by side. The radio group keeps its own name for screen readers (see single_choice).
            row = widgets.HBox([QuietHTML(self._skill_html(skill), repr_name=f"Skill[{skill.id}]"), choice],
                               layout=look(widgets.Layout))
            row.add_class("mk-skill-row")
            rows.append(row)
        self.count = QuietHTML(repr_name="RatedCount")
        self.save_button = widgets.Button(description="Save this assessment", button_style="primary",
                                          layout=widgets.Layout(width="auto"))
        self.save_button.on_click(lambda _b: self.save_assessment())
        self.message = QuietHTML(repr_name="AssessmentMessage")
        self.results = QuietHTML(repr_name="AssessmentResults")
        self.plan_button = widgets.Button(description="Start my plan from my developmental areas",
                                          layout=widgets.Layout(width="auto"))
        self.plan_button.on_click(lambda _b: self.start_plan_from_developmental())
        self.plan_message = QuietHTML(repr_name="AssessmentPlanMessage")
        intro = QuietHTML(self._intro_html(), repr_name="AssessmentIntro")
        super().__init__(children=[intro, *rows, self.count, self.save_button, self.message, self.results,
                                   self.plan_button, self.plan_message],
                         layout=widgets.Layout(width="100%"))
        self.add_class("mk-self-assessment")
        self._show_count()
        self.show_results()
        self.follow(session)

    # -- reading ---------------------------------------------------------------
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _saved_choices(self) -> dict[str, str]:
        # Choices made but not yet saved as an assessment come first (a reload must not lose them).
        latest = self.session.workbook.latest_assessment
        return self.session.workbook.assessment_draft or (latest.levels if latest else {})

    def ratings(self) -> dict[str, str]:
        """The levels chosen on screen so far (skill id -> level id)."""
        return {sid: choice.value for sid, choice in self.choices.items() if choice.value}

    # -- acting as the participant ----------------------------------------------
    def rate(self, skill_id: str, level: str | None) -> None:
        """Choose a level (expert, proficient, developmental) for a skill, or clear it with None."""
        if skill_id not in self.choices:
            raise KeyError(f"no skill with id {skill_id!r}")
        self.choices[skill_id].value = level

    def save_assessment(self, on: dt.date | None = None) -> SkillAssessment | None:
        """Save the ratings as an assessment dated ``on`` (today by default).

        A second save on the same day replaces that day's assessment rather than adding another.
        """
        levels = self.ratings()
        if not levels:
            self.message.value = status("Nothing saved yet: choose a level for at least one skill.", "error")
            return None
        from mentoringkit.self_assessment import validate_assessment

        when = on or self.today()
        assessment = SkillAssessment(taken_on=when, levels=dict(levels))  # type: ignore[arg-type]
        problems = validate_assessment(assessment, self.session.curriculum.skills, today=self.today())
        if problems:
            self.message.value = status("Not saved: " + "; ".join(_problem_text(p) for p in problems), "error")
            return None
        saved = self.session.workbook.assessments
        self.session.workbook.assessment_draft = {}
        if saved and saved[-1].taken_on == when:
            assessment.strengths_note = saved[-1].strengths_note
            assessment.development_note = saved[-1].development_note
            assessment.id = saved[-1].id  # the same assessment, re-saved: other pages merge it as one item
            saved[-1] = assessment
        else:
            saved.append(assessment)
        self.session.save()
        self._show_count()
        total = len(self.choices)
        if len(levels) < total:
            self.message.value = saved_status(
                self.session, f"Saved your assessment of {when.isoformat()} with {len(levels)} of {total} skills "
                "rated. Rate the rest and save again to complete it.", "warn")
        else:
            self.message.value = saved_status(
                self.session, f"Your assessment of {when.isoformat()} is saved, all {total} skills rated.")
        self.show_results()
        return assessment

    def start_plan_from_developmental(self) -> list[PlanRow]:
        """Add one plan row per developmental skill of the latest assessment, each with a suggested goal to edit
        (skills already planned are skipped)."""
        latest = self.session.workbook.latest_assessment
        if latest is None:
            self.plan_message.value = status("Save an assessment first; your plan starts from it.", "error")
            return []
        from mentoringkit.self_assessment import plan_rows_from

        plan = self.session.workbook.plan
        planned = {row.skill_id for row in plan if row.skill_id}
        rows = [row for row in plan_rows_from(latest, self.session.curriculum.skills, today=self.today())
                if row.skill_id not in planned]
        if not rows:
            self.plan_message.value = status(
                "No new rows: none of your skills is rated developmental, or each one is already in your plan.",
                "info")
            return []
        plan.extend(rows)
        self.session.save()
        names = ", ".join(self._skill_name(r.skill_id) for r in rows)
        self.plan_message.value = saved_status(
            self.session, f"Added {len(rows)} {'row' if len(rows) == 1 else 'rows'} to your development plan, one "
                          f"per developmental area: {names}. Each has a suggested goal: edit it in your development "
                          "plan so it is yours.", "ok")
        return rows

    # -- showing ----------------------------------------------------------------
    def refresh(self) -> None:
        """Show the choices and assessments as saved (on another page, perhaps) without saving anything."""
        shown = self._saved_choices()
        with self.redrawing():
            for skill_id, choice in self.choices.items():
                choice.value = shown.get(skill_id)
        self._show_count()
        self.show_results()

    def _intro_html(self) -> str:
        skills = self.session.curriculum.skills
        levels = "".join(f"<li><strong>{html.escape(lv.name)}:</strong> {html.escape(lv.description)}</li>"
                         for lv in skills.levels)
        return (_GRID_STYLE + f"<p>{html.escape(skills.intro)}</p><p>The three levels:</p><ul>{levels}</ul>"
                "<p>Open a skill's name to read what it means.</p>"
                + sources_html([skills.source], self.session.curriculum))

    @staticmethod
    def _skill_html(skill: Skill) -> str:
        return (f'<details class="mk-skill"><summary><strong>{skill.number}. {html.escape(skill.name)}</strong>'
                f'</summary><p style="margin:0.2em 0;max-width:44em">{html.escape(skill.description)}</p></details>')

    def _skill_name(self, skill_id: str) -> str:
        try:
            return self.session.curriculum.skills.get(skill_id).name
        except StopIteration:
            return skill_id

    def _chosen(self) -> None:
        """Keep the choices on screen as the workbook's draft until they are saved as an assessment."""
        workbook = self.session.workbook
        ratings = self.ratings()
        latest = workbook.latest_assessment
        draft = {} if latest is not None and ratings == latest.levels else ratings
        if draft != workbook.assessment_draft:
            workbook.assessment_draft = draft  # type: ignore[assignment]
            self.session.save()
        self._show_count()

    def _show_count(self) -> None:
        done, total = len(self.ratings()), len(self.choices)
        unsaved = (" Not saved as an assessment yet: your choices are kept until you press "
                   "“Save this assessment”." if self.session.workbook.assessment_draft else "")
        self.count.value = f'<p role="status">{done} of {total} skills rated.{html.escape(unsaved)}</p>'

    def show_results(self) -> None:
        """Redraw the chart, strengths, developmental areas and the comparison from the saved assessments."""
        saved = self.session.workbook.assessments
        if not saved:
            self.results.value = "<p>Your chart and summary appear here once you save an assessment.</p>"
            self.plan_button.disabled = True
            return
        from mentoringkit.self_assessment import compare, render_chart_svg, summarise

        skills = self.session.curriculum.skills
        latest = saved[-1]
        earlier = saved[-2] if len(saved) >= 2 else None
        profile = summarise(latest, skills)
        out = [f"<h3>Your assessment of {latest.taken_on.isoformat()}</h3>",
               f'<figure style="margin:0;max-width:100%;overflow-x:auto">'
               f"{render_chart_svg(latest, skills, earlier=earlier)}</figure>",
               # The groups side by side (they wrap on a narrow screen), so the summary stays short.
               '<div class="mk-skill-groups" style="display:flex;flex-wrap:wrap;gap:0 2.5em">',
               self._group_html("Your strengths (expert)", profile.strengths,
                                "None rated expert yet."),
               self._group_html("Proficient", profile.proficient, "None rated proficient."),
               self._group_html("Your developmental areas", profile.developmental,
                                "None rated developmental."),
               ]
        if profile.unrated:
            out.append(self._group_html("Not rated yet", profile.unrated, ""))
        out.append("</div>")
        developing = [s for s in skills.skills if latest.levels.get(s.id) == "developmental"]
        if developing:
            ideas = "".join(f"<li><strong>{html.escape(s.name)}:</strong> {html.escape(s.practice_idea)}</li>"
                            for s in developing)
            out.append(f'<details class="mk-ideas"><summary><strong>Ideas to practise your developmental areas '
                       f"({len(developing)})</strong></summary><ul>{ideas}</ul></details>")
        if earlier is not None:
            out.append(self._comparison_html(compare(earlier, latest, skills), earlier, latest))
        self.results.value = "".join(out)
        self.plan_button.disabled = not developing

    def _group_html(self, title: str, items: Any, empty: str) -> str:
        names = [html.escape(getattr(s, "name", None) or self._skill_name(_skill_id(s))) for s in items]
        body = "<ul>" + "".join(f"<li>{n}</li>" for n in names) + "</ul>" if names else f"<p>{empty}</p>"
        return f"<div><h4>{html.escape(title)} ({len(names)})</h4>{body}</div>"

    def _comparison_html(self, changes: Any, earlier: SkillAssessment, later: SkillAssessment) -> str:
        levels = {lv.id: lv.name for lv in self.session.curriculum.skills.levels}
        moved = [c for c in changes if c.direction != "same"]
        head = (f"<h4>Since your assessment of {earlier.taken_on.isoformat()}</h4>")
        if not moved:
            return head + "<p>No skill has changed level.</p>"
        rows = "".join(
            f"<tr><td>{html.escape(getattr(c.skill, 'name', None) or self._skill_name(_skill_id(c.skill)))}</td>"
            f"<td>{html.escape(levels.get(c.before or '', 'not rated'))}</td>"
            f"<td>{html.escape(levels.get(c.after or '', 'not rated'))}</td>"
            f"<td>{html.escape(_DIRECTION_WORDS.get(c.direction, str(c.direction)))}</td></tr>" for c in moved)
        return (head + '<table style="border-collapse:collapse"><thead><tr><th scope="col">Skill</th>'
                '<th scope="col">Before</th><th scope="col">Now</th><th scope="col">Change</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>")

    def __repr__(self) -> str:
        return "SelfAssessment()"


def _problem_text(problem: Any) -> str:
    return getattr(problem, "message", None) or str(problem)


@shared_look()
def show_self_assessment(session: Session, *, today: dt.date | None = None) -> SelfAssessment:
    """The self-assessment for this participant's workbook, pre-filled with their latest ratings."""
    return SelfAssessment(session, today=today)
