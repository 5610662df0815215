"""The four essential components explorer: what Inquire, Share, Encourage and Care ask of your side, practice
situations with feedback on each choice, and a reflection per component kept in the workbook.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.widgets.controls import (
    Field,
    Follower,
    QuietHTML,
    html_list,
    put_saved,
    saved_status,
    shared_look,
    single_choice,
    sources_html,
    status,
)

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Component, Scenario
    from mentoringkit.session import Session

__all__ = ["STACKED_FIELDS", "WRAP_RADIO_LABELS", "ComponentsExplorer", "ReflectionBox", "scenario_key",
           "scenarios_for_role", "show_components"]

#: ipywidgets gives each radio label one fixed-height line, so a long choice would overflow a phone screen
#: or overlap the next one; inside ``.mk-choices`` labels wrap instead, and the group's own label sits above.
WRAP_RADIO_LABELS = ("<style>.mk-choices .widget-radio{flex-wrap:wrap;width:100%}"
                     ".mk-choices .widget-radio-box label{height:auto;line-height:1.4;white-space:normal;"
                     "display:flex;align-items:flex-start;padding:0.2em 0}"
                     ".mk-choices .widget-radio-box input{order:-1;flex-shrink:0;margin-top:0.2em}</style>")

#: Long answers need the width of a phone screen: inside ``.mk-stacked`` a text box's label sits above it.
STACKED_FIELDS = ("<style>.mk-stacked .widget-textarea, .mk-stacked .widget-text{flex-wrap:wrap}"
                  ".mk-stacked .widget-textarea .widget-label, .mk-stacked .widget-text .widget-label"
                  "{flex-basis:100%;max-width:100%;white-space:normal;text-align:left}"
                  ".mk-stacked textarea, .mk-stacked input[type=text]{flex-grow:1}</style>")


def scenario_key(component_id: str, scenario_id: str) -> str:
    """Where a scenario answer is kept in ``workbook.scenario_answers``."""
    return f"{component_id}/{scenario_id}"


def scenarios_for_role(component: Component, role: str | None) -> list[Scenario]:
    """The practice situations for one side; someone who is both (or has not said) gets them all."""
    if role in (None, "both"):
        return list(component.scenarios)
    return [s for s in component.scenarios if s.audience == role]


class ReflectionBox(Follower, widgets.VBox):
    """A reflection kept in ``workbook.reflections[key]``, saved on every change so nothing typed is lost.

    To act as the participant: ``write(text)``. The screen it sits in calls ``refresh()`` when it redraws.
    """

    def __init__(self, session: Session, key: str, label: str, hint: str = "Saved as you type."):
        self.session = session
        self.key = key
        self.field = Field(label, session.workbook.reflection(key), multiline=True, rows=4, hint=hint,
                           continuous_update=True)
        self.indicator = QuietHTML(repr_name="ReflectionSaved")
        self.field.on_change(self.by_hand(self._changed))
        super().__init__(children=[self.field, self.indicator], layout=widgets.Layout(width="100%"))
        self.add_class("mk-stacked")
        self._show_saved(initial=True)

    @property
    def text(self) -> str:
        return self.session.workbook.reflection(self.key)

    def write(self, text: str) -> None:
        """Type ``text`` into the box (replacing what was there)."""
        if self.field.value != text:
            self.field.value = text  # the observer saves
        else:
            self._changed(text)

    def refresh(self) -> None:
        """Show the reflection as saved (written in another tab, perhaps) without saving it again."""
        with self.redrawing():
            put_saved(self.field, self.text)

    def _changed(self, text: str) -> None:
        self.session.workbook.set_reflection(self.key, text)
        self.session.save()
        self._show_saved()

    def _show_saved(self, initial: bool = False) -> None:
        if initial:
            self.indicator.value = ""
        elif self.session.problem and self.session.keeps_work:
            self.indicator.value = status(self.session.problem, "error")
        elif self.session.keeps_work:
            self.indicator.value = saved_status(self.session, "your reflection is kept in your workbook.")
        elif self.session.path is None:
            self.indicator.value = status("this page has no personal code, so your reflection is kept only "
                                          "until you close it.", "warn")
        else:
            self.indicator.value = status("your reflection cannot be saved until the problem shown at the top "
                                          "of the page is sorted out. Keep this page open.", "warn")

    def __repr__(self) -> str:
        return f"ReflectionBox({self.key!r})"


def _guidance_html(component: Component, role: str | None) -> str:
    if role in ("mentor", "mentee"):
        title = "As a mentor" if role == "mentor" else "As a mentee"
        return f"<h4>{title}</h4>{html_list(component.guidance_for(role))}"
    return (f"<h4>As a mentor</h4>{html_list(component.for_mentor)}"
            f"<h4>As a mentee</h4>{html_list(component.for_mentee)}")


class _ScenarioView(widgets.VBox):
    def __init__(self, component: Component, scenario: Scenario, number: int, chosen: int | None):
        self.scenario = scenario
        who = "mentor" if scenario.audience == "mentor" else "mentee"
        text = QuietHTML(f"<h4>Practice {number} (a {who}'s situation)</h4>"
                         f"<p>{html.escape(scenario.situation)}</p>"
                         f"<p><strong>{html.escape(scenario.question)}</strong></p>", repr_name="Situation")
        self.choice = single_choice([(c.text, i) for i, c in enumerate(scenario.choices)], "Your choice")
        self.feedback = QuietHTML(repr_name="ScenarioFeedback")
        super().__init__(children=[text, self.choice, self.feedback], layout=widgets.Layout(width="100%"))
        self.add_class("mk-choices")
        self.show_answer(chosen)

    def show_answer(self, index: int | None) -> None:
        """Show a saved answer (or none) and its feedback."""
        if index is not None and not 0 <= index < len(self.scenario.choices):
            index = None  # a trainer removed a choice since this answer was saved
        self.choice.value = index
        self.show_feedback(index)

    def show_feedback(self, index: int | None) -> None:
        if index is None:
            self.feedback.value = ""
            return
        chosen = self.scenario.choices[index]
        verdict = "A good choice." if chosen.best else "There is a better choice."
        hint = "" if chosen.best else " Read the other answers again and try one more."
        self.feedback.value = (f'<div role="status" class="mk-feedback" style="max-width:44em;border-left:4px '
                               f'solid {"#7fbf86" if chosen.best else "#d9a441"};padding:0.2em 0.8em">'
                               f"<p><strong>{verdict}</strong>{hint}</p>"
                               f"<p>{html.escape(chosen.feedback)}</p></div>")


class _ComponentPanel(widgets.VBox):
    def __init__(self, session: Session, component: Component):
        answers = session.workbook.scenario_answers
        about = QuietHTML(f"<h3>{html.escape(component.name)}: {html.escape(component.tagline)}</h3>"
                          f"<p>{html.escape(component.meaning)}</p>"
                          + _guidance_html(component, session.role)
                          + sources_html([component.source], session.curriculum), repr_name="ComponentText")
        self.scenarios: dict[str, _ScenarioView] = {}
        for number, scenario in enumerate(scenarios_for_role(component, session.role), start=1):
            chosen = answers.get(scenario_key(component.id, scenario.id))
            self.scenarios[scenario.id] = _ScenarioView(component, scenario, number, chosen)
        self.component = component
        self.reflection = ReflectionBox(session, f"component:{component.id}",
                                        f"Your reflection on {component.name}")
        super().__init__(children=[about, *self.scenarios.values(),
                                   QuietHTML(f"<h4>Reflect on {html.escape(component.name)}</h4>"
                                             f"<p>{html.escape(component.reflection_prompt)}</p>",
                                             repr_name="ReflectionPrompt"),
                                   self.reflection], layout=widgets.Layout(width="100%"))

    def refresh(self, answers: dict[str, int]) -> None:
        for scenario_id, view in self.scenarios.items():
            view.show_answer(answers.get(scenario_key(self.component.id, scenario_id)))
        self.reflection.refresh()


class ComponentsExplorer(Follower, widgets.VBox):
    """Pick a component, read what it asks of your side, practise, reflect; answers go to the workbook.

    To act as the participant: ``pick(component_id)``, ``choose(component_id, scenario_id, index)``,
    ``reflect(component_id, text)``.
    """

    def __init__(self, session: Session, component_id: str | None = None):
        self.session = session
        comps = session.curriculum.components
        first = component_id or comps.components[0].id
        if first not in {c.id for c in comps.components}:
            raise ValueError(f"no component with id {first!r}; known: {', '.join(c.id for c in comps.components)}")
        self.picker = single_choice([(c.name, c.id) for c in comps.components], "Component", value=first)
        self.picker.observe(lambda change: self.pick(change["new"]), names="value")
        self.panel = widgets.Box(layout=widgets.Layout(width="100%"))
        intro = QuietHTML(WRAP_RADIO_LABELS + STACKED_FIELDS + f"<p>{html.escape(comps.intro)}</p>"
                          "<p><strong>Which component do you want to explore?</strong></p>",
                          repr_name="ComponentsIntro")
        super().__init__(children=[intro, self.picker, self.panel], layout=widgets.Layout(width="100%"))
        self.add_class("mk-choices")
        self._build()
        self.follow(session)

    def _build(self) -> None:
        """Lay out every component's guidance and practice for the participant's role as it is now."""
        self._role = self.session.role
        comps = self.session.curriculum.components.components
        self.panels: dict[str, _ComponentPanel] = {c.id: _ComponentPanel(self.session, c) for c in comps}
        for component in comps:
            for scenario_id, view in self.panels[component.id].scenarios.items():
                view.choice.observe(self.by_hand(lambda change, c=component.id, s=scenario_id:
                                                 self._record(c, s, change["new"])), names="value")
        self.pick(self.picker.value)

    @property
    def current(self) -> str:
        return self.picker.value

    def pick(self, component_id: str) -> None:
        """Show one component."""
        if component_id not in self.panels:
            raise ValueError(f"no component with id {component_id!r}; known: {', '.join(self.panels)}")
        if self.picker.value != component_id:
            self.picker.value = component_id  # the observer comes back here
            return
        self.panel.children = [self.panels[component_id]]

    def choose(self, component_id: str, scenario_id: str, index: int) -> None:
        """Choose answer ``index`` (0 = the first) in a practice situation; the feedback appears under it."""
        view = self._view(component_id, scenario_id)
        if not 0 <= index < len(view.scenario.choices):
            raise ValueError(f"choice {index} does not exist; this situation has {len(view.scenario.choices)}")
        if view.choice.value != index:
            view.choice.value = index  # the observer records it
        else:
            self._record(component_id, scenario_id, index)

    def reflect(self, component_id: str, text: str) -> None:
        self.panels[component_id].reflection.write(text)

    def feedback_text(self, component_id: str, scenario_id: str) -> str:
        """The feedback HTML shown under a practice situation."""
        return self._view(component_id, scenario_id).feedback.value

    def refresh(self) -> None:
        """Show the answers and reflections as saved, on every component (the one shown stays shown); the
        guidance and practice change with a role changed on another page."""
        if self.relaid_for_role():
            return
        with self.redrawing():
            for panel in self.panels.values():
                panel.refresh(self.session.workbook.scenario_answers)

    def _view(self, component_id: str, scenario_id: str) -> _ScenarioView:
        try:
            return self.panels[component_id].scenarios[scenario_id]
        except KeyError:
            raise ValueError(f"no practice situation {scenario_id!r} in {component_id!r} for this role") from None

    def _record(self, component_id: str, scenario_id: str, index: int | None) -> None:
        view = self._view(component_id, scenario_id)
        if index is None:
            return
        self.session.workbook.scenario_answers[scenario_key(component_id, scenario_id)] = index
        self.session.save()
        view.show_feedback(index)

    def __repr__(self) -> str:
        return "ComponentsExplorer()"


@shared_look()
def show_components(session: Session, component_id: str | None = None) -> ComponentsExplorer:
    """The four components explorer, opened on ``component_id`` (default: the first, Inquire)."""
    return ComponentsExplorer(session, component_id)
