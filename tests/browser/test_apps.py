"""Every orientation module opens as a web app: it runs without errors, shows its title, and is screenshotted."""

from __future__ import annotations

import re

import pytest
from orientation_app import course_modules, existing_notebook

pytestmark = pytest.mark.browser

MODULES = course_modules()


def expected_heading(module) -> str:
    """The page's main heading: the start page is headed by the course title, the others by their own."""
    if module.id == "start-here":
        from mentoringkit.curriculum import load_curriculum

        return load_curriculum().course.title
    return module.title


@pytest.mark.parametrize("module", MODULES, ids=[m.id for m in MODULES])
def test_app_renders_without_errors(visited_app, module):
    notebook = existing_notebook(module)
    found = visited_app(notebook)  # also saves test-results/screenshots/<notebook>.png
    assert not found.problems, f"{notebook} shows errors:\n" + "\n".join(found.problems)
    # Nothing from a CDN or font service: a room on an offline or filtered network gets the whole page.
    assert not found.outside_requests, f"{notebook} asked other hosts:\n" + "\n".join(found.outside_requests)
    assert found.headings == [expected_heading(module)], (
        f"{notebook}: expected one <h1> reading {expected_heading(module)!r}, found {found.headings}")
    # Voilà must keep code cells hidden from participants (strip_sources stays on).
    assert found.code_cells_shown == 0, f"{notebook} shows {found.code_cells_shown} code cell(s)"


GOALS_PAGE_MAX_PX = 4000


def test_goals_page_stays_short_after_saving(participant, server):
    """A participant who has rated every skill, saved, set a goal and seeded the plan from their developmental
    areas still gets a goals page under 4,000 px tall at 1280 px wide (it was about 8,400 px)."""
    import datetime as dt

    from orientation_app import SCREENSHOTS, screenshot_whole_app

    from mentoringkit.curriculum import load_curriculum
    from mentoringkit.self_assessment import plan_rows_from
    from mentoringkit.storage import WorkbookStore
    from mentoringkit.workbook import SkillAssessment, SmartGoal, Workbook

    skills = load_curriculum().skills.skills
    levels = ("expert", "proficient", "developmental")
    assessment = SkillAssessment(taken_on=dt.date.today(),
                                 levels={s.id: levels[i % 3] for i, s in enumerate(skills)})  # type: ignore[misc]
    wb = Workbook()
    wb.profile.name, wb.profile.role = "Tall Page", "mentee"
    wb.assessments.append(assessment)
    wb.goals.append(SmartGoal(text="Chair two team huddles by the end of next month, so that I lead with confidence"))
    wb.plan.extend(plan_rows_from(assessment, load_curriculum().skills))
    store = WorkbookStore(server.data_dir / "workbooks")
    code = store.new_code()
    store.save(code, wb)
    page = participant.open("06_goals.ipynb", code=code)
    assert len(wb.plan) == 6  # one row per developmental area
    heights = {}
    for number, name in enumerate(("Rate your skills", "Sketch your vision plan", "Write a SMART goal",
                                   "Your development plan"), start=1):
        page.get_by_role("button", name=re.compile(rf"^{number}\. {name}")).click()
        page.get_by_text(f"Section {number} of 4").wait_for()
        page.wait_for_timeout(300)  # one layout pass
        heights[name] = page.evaluate("() => document.getElementById('rendered_cells').scrollHeight")
        screenshot_whole_app(page, SCREENSHOTS / f"06_goals-after-saving-{number}.png")
    assert max(heights.values()) < GOALS_PAGE_MAX_PX, f"the goals page is too tall after saving: {heights}"
    print("goals page heights at 1280 px:", heights)


def test_long_and_right_to_left_text_never_break_the_page(participant):
    """A 300-character word stays inside its box, and a right-to-left override typed into a field cannot turn
    the kit's own guidance around: the typed part is isolated in a <bdi>."""
    from orientation_app import horizontal_overflow

    page = participant.open("06_goals.ipynb")
    page.get_by_role("button", name=re.compile(r"^3\. Write a SMART goal")).click()
    word = "x" * 300
    goal = page.get_by_label("Your goal", exact=True)
    goal.wait_for()
    goal.fill(word)
    goal.press("Tab")
    page.get_by_text(re.compile(r"\d of 5 criteria met")).first.wait_for()
    page.get_by_role("button", name="Add to my plan").click()
    page.get_by_text("Not added yet").wait_for()
    wide = horizontal_overflow(page)
    assert wide["document"] <= wide["viewport"] and wide["cells"] <= wide["cellsClient"] + 1, wide

    date = page.get_by_label("Target date (optional)", exact=True)
    date.fill("\u202esoon, or later")
    date.press("Tab")
    message = page.locator(".mk-status", has_text="is not a date this page can read").first
    message.wait_for()
    assert message.locator("bdi").inner_text() == "soon, or later"
    assert "\u202e" not in message.inner_text()
    assert message.get_attribute("dir") == "ltr"
