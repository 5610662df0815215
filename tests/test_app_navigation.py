"""The served app: every module opens inside one page and one kernel, built from its own notebook; the widgets of a
module left behind are closed, so a long session does not grow. Driven as the page drives it, without a kernel."""

from __future__ import annotations

import html
import json
import warnings

import ipywidgets as widgets
import nbformat
import pytest
from widget_text import html_text, page_text

from mentoringkit.app import navigation
from mentoringkit.app.modules import LayoutError, Prose, Screen, module_layouts, read_layout, resolve_module
from mentoringkit.app.navigation import (
    NAV_CLASS,
    OrientationApp,
    WidgetScope,
    close_tree,
    live_widget_count,
    prepare,
    show_app,
)
from mentoringkit.serve import notebooks_dir
from mentoringkit.session import memory_session, open_session
from mentoringkit.widgets.landing import Landing
from mentoringkit.widgets.module_page import module_header

VOILA = {"VOILA_REQUEST_URL": "http://127.0.0.1:8866/voila/render/00_start_here.ipynb",
         "SERVER_SOFTWARE": "voila/0.5.13", "QUERY_STRING": ""}


def served(cur, query: str = ""):
    return open_session(curriculum=cur, environ={**VOILA, "QUERY_STRING": query})


def open_widgets() -> int:
    """The figure the issue names: ipywidgets' registry of open widgets (deprecated name, same dict)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return len(widgets.Widget.widgets)


def textareas(widget) -> list[widgets.Textarea]:
    found = []
    if isinstance(widget, widgets.Textarea):
        found.append(widget)
    for child in getattr(widget, "children", ()):
        found += textareas(child)
    return found


# -- one source: what a module shows comes from its notebook -----------------------------------------


def test_every_module_notebook_reads_into_the_same_prose_and_screens_the_app_shows(cur):
    layouts = module_layouts(cur.course)
    assert sorted(layouts) == sorted(m.id for m in cur.course.modules if m.id != "start-here")
    for module in cur.course.modules[1:]:
        notebook = nbformat.read(notebooks_dir() / module.notebook, as_version=4)
        prose = [c.source for c in notebook.cells if c.cell_type == "markdown" and "mk-notebook-only" not in c.source]
        shown = [c.source for c in notebook.cells if c.cell_type == "code" and c.source.startswith("display(")]
        layout = layouts[module.id]
        assert [p for p in layout.parts if isinstance(p, Prose)] and len(prose) == sum(
            isinstance(p, Prose) for p in layout.parts), module.id
        assert len(shown) == sum(isinstance(p, Screen) for p in layout.parts), module.id
        # The prose reads the same in the app as in the notebook (headings and paragraphs, no Markdown marks).
        app_prose = [html_text(p.html) for p in layout.parts if isinstance(p, Prose)]
        for markdown, text in zip(prose, app_prose, strict=True):
            assert html_text(markdown.replace("## ", "")) == text
        screens = [p for p in layout.parts if isinstance(p, Screen)]
        assert (screens[0].name, screens[0].args[1:]) == ("module_header", (module.id,))
        assert (screens[-1].name, screens[-1].args[1:]) == ("module_footer", (module.id,))


def test_a_module_in_the_app_shows_its_notebooks_headings_in_order(cur, data_dir):
    app = OrientationApp(served(cur), "progress")
    text = page_text(app.view)
    places = [text.index(t) for t in ("Log, checklist and evaluation", "1. The mentoring log", "2. Tasks by phase",
                                      "3. Mid-point evaluation", "← Previous:")]
    assert places == sorted(places)


def _notebook(tmp_path, *cells):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) if not c.startswith("#") else
                                         nbformat.v4.new_markdown_cell(c) for c in cells])
    path = tmp_path / "99_test.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize(("cell", "said"), [
    ("x = 1", "the app shows only imports"),
    ("from os import getcwd", "the app shows only imports"),
    ("from mentoringkit.model.text import quote\ndisplay(quote(session))",
     "must be imported from mentoringkit.widgets"),
    ("from mentoringkit.widgets.about import show_about\ndisplay(show_about(session, open('x')))",
     "is not a literal"),
    ("display(show_about(session)", "not valid Python"),
])
def test_a_notebook_cell_the_app_cannot_show_is_named_not_skipped(tmp_path, cell, said):
    path = _notebook(tmp_path, "from mentoringkit.session import open_session", cell)
    with pytest.raises(LayoutError, match=said) as caught:
        read_layout(path, "test")
    assert "99_test.ipynb, cell 2" in str(caught.value)


def test_markup_in_a_modules_prose_is_shown_as_text(tmp_path):
    layout = read_layout(_notebook(tmp_path, "## Hello <script>alert(1)</script>"), "test")
    assert layout.parts == (Prose("<h2>Hello &lt;script&gt;alert(1)&lt;/script&gt;</h2>"),)


# -- moving between modules ------------------------------------------------------------------------------


def test_the_page_asks_for_a_module_through_the_hidden_text_box(cur, data_dir):
    app = OrientationApp(served(cur))
    assert app.current == "start-here" and isinstance(app.view.children[0], Landing)
    assert NAV_CLASS in app.nav._dom_classes and app.nav.continuous_update and app.nav.layout.display == "none"
    app.nav.value = "goals"  # what the page's script does on a click, and a protocol client on an update
    assert app.current == "goals" and "Goals, skills and your development plan" in page_text(app.view)
    assert "mk-view--goals" in app.view._dom_classes and "mk-view-end" in app.view.children[-1]._dom_classes
    assert f"mk-view-parts-{len(app.view.children)}" in app.view._dom_classes
    assert app.notice.value == ""


def test_an_unknown_module_shows_the_start_page_and_says_so(cur, data_dir):
    app = OrientationApp(served(cur), "goals")
    app.nav.value = "<b>nowhere</b>"
    assert app.current == "start-here" and app.nav.value == "start-here"
    said = html_text(app.notice.value)
    assert "There is no module called “<b>nowhere</b>”" in said and "<b>" not in app.notice.value
    app.nav.value = "agreement"
    assert app.current == "agreement" and app.notice.value == ""
    assert resolve_module(cur.course, "") == ("start-here", None)
    assert resolve_module(cur.course, "x" * 500)[1].count("x") < 80  # a long address is not repeated whole


def test_a_deep_link_opens_its_module(cur, data_dir):
    session = served(cur, "module=first-meeting")
    app = show_app(session)
    assert isinstance(app, OrientationApp) and app.current == "first-meeting"


def test_outside_a_served_page_the_start_notebook_shows_the_start_page_alone(cur, data_dir):
    shown = show_app(open_session(curriculum=cur, environ={}))
    assert isinstance(shown, Landing) and repr(shown) == "Landing()"  # the notebook's stored output


def test_switching_many_times_keeps_the_open_widgets_bounded(cur, data_dir):
    session = served(cur)
    session.start_new_code()
    app = OrientationApp(session)
    modules = [m.id for m in cur.course.modules]
    for module in [*modules, "goals"]:  # every module once, so each has been built and left
        app.show_module(module)
    app.close_left_behind()  # in a kernel, a second after each switch (a running event loop may be the test's)
    after_one_round = open_widgets()
    listeners, followers = len(session._listeners), len(session._live_followers())
    for _ in range(5):
        for module in [*modules, "goals", "start-here", "goals"]:
            app.show_module(module)
    app.close_left_behind()
    assert open_widgets() == after_one_round  # same module on screen: the same number of widgets
    assert (len(session._listeners), len(session._live_followers())) == (listeners, followers)
    assert app.opened_count == len(modules) + 1 + 5 * (len(modules) + 3)


def test_a_module_left_behind_is_closed_and_no_longer_follows_the_workbook(cur, data_dir):
    session = served(cur)
    session.start_new_code()
    app = OrientationApp(session, "goals")
    left = list(app.view.children)
    inner = [w for w in left[2].children]  # the goals page's own parts
    app.show_module("agreement")
    app.close_left_behind()
    assert all(w.comm is None for w in [*left, *inner])
    assert all(w.layout.comm is None for w in left)  # layouts too, not just the boxes
    assert not [s for s in session._live_followers() if s in left]
    session.workbook.profile.name = "Changed elsewhere"
    session._refresh_followers()  # as after another tab's save: only open screens redraw, and nothing fails
    session.save()


def test_work_typed_in_a_module_is_saved_and_shown_again_after_switching_away_and_back(cur, data_dir):
    session = served(cur)
    code = session.start_new_code()
    app = OrientationApp(session, "boundaries")
    box = textareas(app.view)[0]
    box.value = "Only on Tuesdays, never by text at night."  # as the page sends what was typed
    app.show_module("goals")
    app.show_module("boundaries")
    assert textareas(app.view)[0].value == "Only on Tuesdays, never by text at night."
    saved = json.loads((data_dir / "workbooks" / f"{code}.json").read_text(encoding="utf-8"))
    assert "Only on Tuesdays, never by text at night." in json.dumps(saved)


def test_links_in_the_app_keep_the_code_and_open_modules_in_place(cur, data_dir):
    session = served(cur)
    code = session.start_new_code()
    app = OrientationApp(session, "goals")
    footer = app.view.children[-1].value
    assert f'href="00_start_here.ipynb?module=agreement&amp;code={code}"' in footer
    assert f'href="00_start_here.ipynb?code={code}"' in footer  # "All modules": the start page
    app.show_module("start-here")
    overview = app.view.children[0].overview.value
    assert html.escape(f"00_start_here.ipynb?module=ending-well&code={code}") in overview


# -- closing ------------------------------------------------------------------------------------------------


def test_closing_a_tree_spares_what_it_was_told_to_keep():
    shared = widgets.Layout(width="auto")
    inner = widgets.Button(layout=shared)
    root = widgets.VBox([inner, widgets.HBox([widgets.Text()])])
    before = open_widgets()
    closed = close_tree(root, keep=frozenset({shared.model_id}))
    assert shared.comm is not None and inner.comm is None and root.comm is None
    assert closed == before - open_widgets()
    shared.close()


def test_a_scope_closes_what_its_module_made_even_outside_its_tree():
    frame = widgets.HTML()
    scope = WidgetScope()
    kept_aside = widgets.HTML("made by the module, no longer in its tree")
    root = widgets.VBox([widgets.HTML()])
    scope.end()
    next_module = widgets.HTML("the next module, built before this one is closed")
    scope.close([root])
    assert kept_aside.comm is None and root.comm is None
    assert frame.comm is not None and next_module.comm is not None
    frame.close()
    next_module.close()


def test_the_warm_up_of_a_ready_kernel_leaves_nothing_open(cur):
    before = live_widget_count()
    prepare(cur.course, warm=True)
    assert live_widget_count() == before == open_widgets()


def test_a_closed_header_stops_redrawing(cur):
    session = memory_session(curriculum=cur)
    header = module_header(session, "goals")
    header.close()
    session.save()  # notifies observers: the closed header's callback is dropped, not called
    assert not session._listeners and not session._live_followers()


def test_inside_a_kernels_event_loop_a_module_left_behind_is_closed_a_moment_later(cur, data_dir):
    """In a kernel the event loop runs: the page first gets the next module, then the old one is closed."""
    import asyncio
    import threading

    from mentoringkit.app.navigation import CLOSE_AFTER_SECONDS

    seen: dict[str, object] = {}

    async def switch() -> None:
        session = served(cur)
        session.start_new_code()
        app = OrientationApp(session, "goals")
        left = list(app.view.children)
        app.show_module("agreement")
        seen["right after"] = all(w.comm is not None for w in left)
        await asyncio.sleep(CLOSE_AFTER_SECONDS + 0.5)
        seen["a moment later"] = all(w.comm is None for w in left)
        seen["pending"] = len(app._closing)

    # A thread of its own: the test process may already have a running loop (Playwright's) in the main thread.
    thread = threading.Thread(target=lambda: asyncio.run(switch()))
    thread.start()
    thread.join(60)
    assert seen == {"right after": True, "a moment later": True, "pending": 0}


def test_a_module_closed_later_hands_its_memory_back_to_the_system(cur, monkeypatch):
    # On Linux with glibc the kernel asks the C library to return freed memory after closing a module.
    trimmed: list[bool] = []
    monkeypatch.setattr(navigation, "release_free_memory",
                        lambda real=navigation.release_free_memory: trimmed.append(real()) or trimmed[-1])
    session = served(cur)
    app = OrientationApp(session, "goals")
    app.show_module("agreement")
    app.close_left_behind()  # at once, whether or not a loop is running (Playwright's may be, in a full run)
    assert trimmed == [True]
