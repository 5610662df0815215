"""Every orientation module opens as a web app: it runs without errors, shows its title, and is screenshotted."""

from __future__ import annotations

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
