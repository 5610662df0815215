"""Working together: the tips for success and everyday habits (module 07) and managing the relationship (08)."""

from __future__ import annotations

import pytest
from widget_text import page_text

from mentoringkit.session import memory_session
from mentoringkit.widgets.working_together import show_working_together


def test_habits_show_every_success_group_and_the_everyday_tips() -> None:
    session = memory_session(role="both")
    text = page_text(show_working_together(session, "habits"))
    content = session.curriculum.working_together
    assert text.startswith("Working well together")
    for group in content.success_tips:
        assert group.title in text and all(p.text.split()[0] in text for p in group.points)
    assert all(p.title in text for p in content.working_together_tips)
    assert "Keeping the partnership on course" not in text


def test_managing_shows_the_relationship_points_for_the_readers_side() -> None:
    session = memory_session(role="mentee")
    screen = show_working_together(session, "managing")
    content = session.curriculum.working_together.managing_the_relationship
    for point in content:
        assert (point.title in page_text(screen)) == ("mentee" in point.audience)
    assert 'data-mk-item="' in screen.value


def test_an_unknown_part_is_refused() -> None:
    with pytest.raises(ValueError, match="habits, managing"):
        show_working_together(memory_session(), "everything")
