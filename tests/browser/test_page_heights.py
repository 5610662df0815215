"""No module page is a wall: with a well-filled workbook (examples/sample_workbook.json), every module page, and
every section of a page shown one section at a time, is under 4,000 px tall in a 1280-px-wide window."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from orientation_app import SCREENSHOTS, course_modules, existing_notebook, page_problems, screenshot_whole_app

pytestmark = pytest.mark.browser

PAGE_MAX_PX = 4000
SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample_workbook.json"
MODULES = course_modules()
#: The pages shown one section at a time (mentoringkit/widgets/sections.py).
SECTIONED = {"01_what_is_mentoring.ipynb", "03_roles_and_responsibilities.ipynb", "04_boundaries.ipynb",
             "06_goals.ipynb", "08_log_and_progress.ipynb", "09_ending_well.ipynb"}

_HEIGHT_JS = "() => document.getElementById('rendered_cells').scrollHeight"


def _filled_code(server, role: str) -> str:
    from mentoringkit.storage import WorkbookStore, load_workbook

    wb = load_workbook(SAMPLE)
    wb.profile.role = role
    store = WorkbookStore(server.data_dir / "workbooks")
    code = store.new_code()
    store.save(code, wb)
    return code


def page_heights(page, name: str) -> dict[str, int]:
    """The page's height, or the height of each of its sections when it shows one section at a time."""
    nav = page.locator(".mk-sections-nav button")
    count = nav.count()
    if not count:
        screenshot_whole_app(page, SCREENSHOTS / f"{name}-filled.png")
        return {name: page.evaluate(_HEIGHT_JS)}
    heights = {}
    for number in range(1, count + 1):
        page.locator(".mk-sections-nav button").nth(number - 1).click()
        page.get_by_text(re.compile(rf"^Section {number} of {count}\b")).first.wait_for()
        page.wait_for_timeout(300)  # one layout pass
        heights[f"{name} section {number}"] = page.evaluate(_HEIGHT_JS)
        screenshot_whole_app(page, SCREENSHOTS / f"{name}-filled-{number}.png")
    return heights


@pytest.mark.parametrize("role", ["mentee", "both"])
def test_every_page_of_a_well_filled_workbook_is_under_4000_px(participant, server, role):
    code = _filled_code(server, role)
    heights: dict[str, int] = {}
    for module in MODULES:
        notebook = existing_notebook(module)
        page = participant.open(notebook, code=code)
        assert not page_problems(page), f"{notebook} shows errors: {page_problems(page)}"
        if notebook in SECTIONED:
            page.locator(".mk-sections-nav button").first.wait_for()
        heights.update(page_heights(page, f"{notebook.removesuffix('.ipynb')}-{role}"))
        page.goto("about:blank")  # the kernel shuts down before the next page opens
    print(f"page heights at 1280 px ({role}):", heights)
    tall = {name: px for name, px in heights.items() if px >= PAGE_MAX_PX}
    assert not tall, f"pages taller than {PAGE_MAX_PX} px at 1280 px wide: {tall}"
