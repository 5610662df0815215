"""Every orientation module opens as a web app: it runs without errors, shows its title, and is screenshotted."""

from __future__ import annotations

import pytest
from orientation_app import SCREENSHOTS, course_modules, existing_notebook, page_problems, screenshot_whole_app

pytestmark = pytest.mark.browser

MODULES = course_modules()


def expected_heading(module) -> str:
    """The page's main heading: the start page is headed by the course title, the others by their own."""
    if module.id == "start-here":
        from mentoringkit.curriculum import load_curriculum

        return load_curriculum().course.title
    return module.title


@pytest.mark.parametrize("module", MODULES, ids=[m.id for m in MODULES])
def test_app_renders_without_errors(participant, module):
    notebook = existing_notebook(module)
    page = participant.open(notebook)
    screenshot_whole_app(page, SCREENSHOTS / f"{notebook.removesuffix('.ipynb')}.png")

    problems = page_problems(page)
    assert not problems, f"{notebook} shows errors:\n" + "\n".join(problems)
    heading = page.get_by_role("heading", level=1, name=expected_heading(module), exact=True)
    assert heading.count() == 1, f"{notebook}: no single <h1> reading {expected_heading(module)!r}"
    assert heading.is_visible()
    # Voilà must keep code cells hidden from participants (strip_sources stays on).
    assert page.locator(".jp-CodeCell .jp-InputArea, .cm-editor").count() == 0, f"{notebook} shows code"
