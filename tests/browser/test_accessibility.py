"""Every app is usable without a mouse or sight of the screen, and on a phone: axe finds nothing, controls are
found by role and name, the role picker and SMART builder work from the keyboard, nothing scrolls sideways."""

from __future__ import annotations

import json
import re

import pytest
from orientation_app import PHONE_WIDTH, course_modules, existing_notebook

pytestmark = pytest.mark.browser

MODULES = course_modules()
START = "00_start_here.ipynb"
GOALS = "06_goals.ipynb"


def describe(violations: list[dict]) -> str:
    """axe's findings as lines a person can act on: rule, impact, what to fix, where."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)] {v['helpUrl']}")
        for node in v["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {json.dumps(node['target'])}: {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("module", MODULES, ids=[m.id for m in MODULES])
def test_axe_finds_nothing_and_page_fits_a_phone(visited_app, module):
    notebook = existing_notebook(module)
    found = visited_app(notebook)  # axe and the width check run with the window at phone width
    failures = []
    if found.violations:
        failures.append(f"axe found {len(found.violations)} kind(s) of violation on {notebook}:\n"
                        f"{describe(found.violations)}")
    size = found.phone_overflow
    if size["document"] > PHONE_WIDTH + 1 or size["cells"] > size["cellsClient"] + 1:
        failures.append(f"{notebook} scrolls sideways at {PHONE_WIDTH} px: page {size['document']} px, content "
                        f"{size['cells']} px wide; widest elements:\n" + "\n".join(size["widest"]))
    assert not failures, "\n\n".join(failures)


def test_role_picker_is_found_by_role_and_name(participant):
    page = participant.open(START)
    group = page.get_by_role("radiogroup", name="Your part in the partnership")
    assert group.count() == 1, "the role choice is not a radio group named by its question"
    for name in ("Mentor", "Mentee", "Both"):
        assert group.get_by_role("radio", name=name).count() >= 1, f"no radio named {name!r}"
    assert page.get_by_role("radio", name="Mentee").count() == 1
    assert page.get_by_role("textbox", name="Your name").count() == 1
    assert page.get_by_role("button", name="Give me a personal code").count() == 1
    assert page.get_by_role("textbox", name="Your personal code").count() == 1


def test_smart_builder_controls_are_found_by_label(participant):
    page = participant.open(existing_notebook(next(m for m in MODULES if m.notebook == GOALS)))
    page.get_by_role("button", name=re.compile(r"^3\. Write a SMART goal")).click()
    page.get_by_text("Section 3 of 4").wait_for()
    goal = page.get_by_label("Your goal", exact=True)
    goal.wait_for()
    assert goal.count() == 1, "the SMART goal box has no label 'Your goal'"
    assert goal.evaluate("e => e.tagName") in ("TEXTAREA", "INPUT")
    assert page.get_by_role("textbox", name="Your goal", exact=True).count() == 1
    assert page.get_by_role("button", name="Add to my plan").count() == 1


def tab_to(page, predicate_js: str, what: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies ``predicate_js`` (a function of the element)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({predicate_js})(document.activeElement)"):
            return
    focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    pytest.fail(f"{limit} presses of Tab never reached {what}; focus ended on {focused}", pytrace=False)


def label_is(text: str) -> str:
    return (f"e => (e.labels && e.labels.length && e.labels[0].textContent.trim() === {json.dumps(text)}) "
            f"|| e.textContent.trim() === {json.dumps(text)}")


def test_role_picker_by_keyboard_alone(participant):
    page = participant.open(START)
    page.locator("body").focus()
    tab_to(page, label_is("Your name"), "the name box")
    page.keyboard.type("Kim Keys")
    tab_to(page, "e => e.type === 'radio'", "the first role option")
    page.keyboard.press("Space")
    mentor = page.get_by_role("radio", name="I will be a mentor")
    mentee = page.get_by_role("radio", name="I will be a mentee")
    assert mentor.is_checked()
    # One choice, one tab stop: arrow keys move between options, as in any radio group.
    page.keyboard.press("ArrowDown")
    assert mentee.is_checked(), "ArrowDown did not move to the next role option"
    assert not mentor.is_checked()
    note = page.get_by_text("Chosen: I will be a mentee")
    note.wait_for()
    assert page.get_by_role("textbox", name="Your name").input_value() == "Kim Keys"


def test_smart_builder_by_keyboard_alone(participant):
    page = participant.open(GOALS)
    page.locator("body").focus()
    # The goals page shows one section at a time: the section buttons are real buttons, reached by Tab.
    tab_to(page, "e => e.tagName === 'BUTTON' && /^3\\. Write a SMART goal/.test(e.textContent.trim())",
           "the button for the SMART goal section")
    page.keyboard.press("Enter")
    page.get_by_text("Section 3 of 4").wait_for()
    tab_to(page, label_is("Your goal"), "the goal box")
    page.keyboard.type("improve communication")
    page.get_by_text("criteria met").first.wait_for()
    tab_to(page, label_is("Add to my plan"), "the Add to my plan button")
    page.keyboard.press("Enter")
    page.get_by_text("Not added yet").wait_for()
    # Nothing typed is lost when the goal is turned away.
    assert page.get_by_label("Your goal", exact=True).input_value() == "improve communication"


def test_skill_grid_by_keyboard_and_by_name(participant):
    page = participant.open(GOALS)
    # Each skill's levels form one named radio group, however compactly they are drawn.
    group = page.get_by_role("radiogroup", name="My level in build rapport")
    assert group.count() == 1, "the levels of a skill are not one radio group named for the skill"
    assert group.get_by_role("radio").count() == 3
    page.locator("body").focus()
    tab_to(page, "e => e.type === 'radio' && e.closest('.mk-skill-row') !== null", "the first skill's levels")
    page.keyboard.press("Space")
    assert page.get_by_role("radio", name="Expert: Build rapport", exact=True).is_checked()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name="Proficient: Build rapport", exact=True).is_checked()
    # Tab leaves the group: past the next skill's name (its description opens from there) to its levels.
    tab_to(page, "e => e.type === 'radio' && (e.labels[0] || e).textContent.includes('Keep confidences')",
           "the second skill's levels", limit=3)
    page.keyboard.press("Space")
    assert page.get_by_role("radio", name="Expert: Keep confidences", exact=True).is_checked()
    page.get_by_text("2 of 18 skills rated").wait_for()
