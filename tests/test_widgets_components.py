"""The four components explorer: role guidance, practice feedback, answers and reflections in the workbook."""

from __future__ import annotations

import ipywidgets as widgets
from widget_text import SaveCounter, html_text, page_text

from mentoringkit.session import memory_session, open_session
from mentoringkit.widgets.components import scenarios_for_role, show_components


def _html_values(widget):
    if isinstance(widget, widgets.HTML):
        yield widget.value
    for child in getattr(widget, "children", ()):
        yield from _html_values(child)


def _scenario(explorer, component_id):
    """The first practice situation shown for a component, and the index of its best and of a weaker choice."""
    view = next(iter(explorer.panels[component_id].scenarios.values()))
    best = next(i for i, c in enumerate(view.scenario.choices) if c.best)
    weaker = next(i for i, c in enumerate(view.scenario.choices) if not c.best)
    return view.scenario, best, weaker


def test_mentor_reads_mentor_guidance_and_mentee_reads_mentee_guidance() -> None:
    mentor = show_components(memory_session(role="mentor"))
    mentee = show_components(memory_session(role="mentee"))
    inquire = mentor.session.curriculum.components.get("inquire")
    assert inquire.for_mentor[0] in page_text(mentor) and inquire.for_mentee[0] not in page_text(mentor)
    assert inquire.for_mentee[0] in page_text(mentee) and inquire.for_mentor[0] not in page_text(mentee)
    both = page_text(show_components(memory_session(role="both")))
    assert inquire.for_mentor[0] in both and inquire.for_mentee[0] in both


def test_practice_situations_follow_the_role() -> None:
    session = memory_session(role="mentee")
    explorer = show_components(session)
    for component in session.curriculum.components.components:
        shown = list(explorer.panels[component.id].scenarios)
        assert shown == [s.id for s in component.scenarios if s.audience == "mentee"]
        assert shown
        assert len(scenarios_for_role(component, "both")) == len(component.scenarios)


def test_choosing_shows_feedback_and_saves_the_answer() -> None:
    explorer = show_components(memory_session(role="mentor"))
    saves = SaveCounter(explorer.session)
    scenario, best, weaker = _scenario(explorer, "share")
    assert explorer.feedback_text("share", scenario.id) == ""
    explorer.choose("share", scenario.id, weaker)
    feedback = html_text(explorer.feedback_text("share", scenario.id))
    assert "There is a better choice" in feedback and html_text(scenario.choices[weaker].feedback) in feedback
    explorer.choose("share", scenario.id, best)
    feedback = html_text(explorer.feedback_text("share", scenario.id))
    assert "A good choice" in feedback and html_text(scenario.choices[best].feedback) in feedback
    assert explorer.session.workbook.scenario_answers == {f"share/{scenario.id}": best}
    assert saves.count == 2


def test_picking_a_component_shows_it() -> None:
    explorer = show_components(memory_session(role="mentee"))
    assert explorer.current == "inquire" and "Inquire:" in page_text(explorer)
    explorer.pick("care")
    text = page_text(explorer)
    assert "Care:" in text and "Inquire:" not in text


def test_answers_and_reflections_come_back_in_a_new_page(tmp_path) -> None:
    path = tmp_path / "wb.json"
    first = show_components(open_session(role="mentee", workbook_path=str(path)))
    scenario, best, _ = _scenario(first, "encourage")
    first.choose("encourage", scenario.id, best)
    first.reflect("encourage", "I will ask for feedback after each shift.")
    assert "Saved:" in html_text(first.panels["encourage"].reflection.indicator.value)
    again = show_components(open_session(workbook_path=str(path)), "encourage")
    view = again.panels["encourage"].scenarios[scenario.id]
    assert view.choice.value == best and "A good choice" in html_text(view.feedback.value)
    assert again.panels["encourage"].reflection.field.value == "I will ask for feedback after each shift."


def test_every_keystroke_is_kept() -> None:
    explorer = show_components(memory_session(role="mentor"))
    box = explorer.panels["inquire"].reflection
    for text in ("I", "I w", "I will listen"):
        box.field.value = text  # what the browser sends while the participant types
        assert explorer.session.workbook.reflection("component:inquire") == text


def test_hostile_reflection_text_is_escaped() -> None:
    explorer = show_components(memory_session(role="both"))
    explorer.reflect("care", "<script>alert(1)</script>")
    explorer.pick("care")
    assert "<script>" not in "".join(_html_values(explorer))
    assert explorer.session.workbook.reflection("component:care") == "<script>alert(1)</script>"
