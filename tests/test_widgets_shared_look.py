"""Alike widgets of one screen share one layout and one style (each would otherwise be a widget model of its own,
sent to the page and drawn before the module shows), without changing how any of them looks."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget_string import HTMLStyle

from mentoringkit.session import memory_session
from mentoringkit.widgets.controls import Field, QuietHTML, look, shared_look


def test_inside_a_screen_alike_widgets_share_their_layout_and_style_and_outside_each_has_its_own() -> None:
    with shared_look():
        first, second = QuietHTML("<p>One</p>"), QuietHTML("<p>Two</p>")
        wide, narrow = Field("Your goal"), Field("Your name")
        with shared_look():  # a screen inside a module: the module's are shared
            third = QuietHTML("<p>Three</p>")
    assert first.layout is second.layout is third.layout and first.style is second.style is third.style
    assert wide.input.layout is narrow.input.layout and wide.input.style is narrow.input.style
    assert wide.input.layout is not first.layout  # different traits: a layout of their own
    alone, again = QuietHTML(), QuietHTML()
    assert alone.layout is not again.layout and alone.style is not again.style


def test_a_shared_layout_looks_as_a_widget_of_its_own_would_and_cannot_be_changed() -> None:
    with shared_look():
        shared = look(widgets.Layout, width="100%")
        style = look(HTMLStyle)
    own = widgets.Layout(width="100%")
    assert shared.get_state() == own.get_state() and style.get_state() == HTMLStyle().get_state()
    with pytest.raises(AttributeError, match="shared by many widgets"):
        shared.display = "none"  # would hide every widget sharing it
    own.display = "none"


def test_a_module_page_sends_far_fewer_widget_models_than_it_shows_widgets() -> None:
    from mentoringkit.app.navigation import live_widget_count
    from mentoringkit.widgets.agreement import show_agreement

    before = live_widget_count()
    page = show_agreement(memory_session(role="mentee"))
    layouts = {id(w.layout) for w in _tree(page) if hasattr(w, "layout")}
    shown = sum(1 for _ in _tree(page))
    assert len(layouts) < shown / 2
    assert live_widget_count() - before < 2 * shown  # without sharing: about three models per widget shown


def _tree(widget: widgets.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)
