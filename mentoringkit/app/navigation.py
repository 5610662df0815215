"""The served orientation as one app: a participant moves between modules inside one page and one kernel.

The start page's notebook shows ``show_app(session)``. Served by Voilà, that is the whole orientation: the
start page first (or the module the address names, ``?module=goals``), and each module link opens its
module in place. Nothing new is fetched and no kernel is started: the app closes the widgets of the module
left behind and builds the next one from the same functions its notebook calls (mentoringkit.app.modules).

How the page asks for a module: a hidden ``Text`` widget with the CSS class ``mk-app-nav``
(``continuous_update=True``). The page's script (the kit's Voilà template) sets its value to a module id
when a module link is clicked or the browser goes Back or Forward; the kernel opens that module and sets the
value back to the module shown (the start page's id for an unknown one). Any client speaking the widget
protocol does the same by sending that model a state update ``{"value": "<module id>"}``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from mentoringkit.app.modules import START_MODULE, module_layouts, resolve_module

# Taken through the package, as module notebooks do: in a page kernel this first widget import makes sure no
# traceback ever reaches the browser (mentoringkit.widgets._guard_page_kernel).
from mentoringkit.widgets import show_landing

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session

__all__ = ["NAV_CLASS", "VIEW_CLASS", "OrientationApp", "WidgetScope", "close_tree", "live_widget_count",
           "show_app"]

#: The hidden text box the page writes a module id into (see the module docstring).
NAV_CLASS = "mk-app-nav"
#: The box holding the module on screen; it also carries ``mk-view--<module id>`` and ``mk-view-parts-<n>``.
VIEW_CLASS = "mk-app-view"


#: How long a module left behind stays open (off screen) before it is closed; see OrientationApp._close_later.
CLOSE_AFTER_SECONDS = 1.0


def _instances() -> dict[str, widgets.Widget]:
    # ipywidgets' registry of open widgets (what the deprecated ``Widget.widgets`` returns).
    from ipywidgets.widgets.widget import _instances as instances

    return instances  # type: ignore[no-any-return]


def live_widget_count() -> int:
    """How many widgets are open in this kernel: the figure a long session must keep bounded."""
    return len(_instances())


def _widgets_in(value: Any) -> Iterable[widgets.Widget]:
    if isinstance(value, widgets.Widget):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, widgets.Widget):
                yield item


def close_tree(root: widgets.Widget, keep: frozenset[str] = frozenset()) -> int:
    """Close ``root`` and every widget it holds (children, layouts, styles, any widget-valued trait), except
    those whose model id is in ``keep``. Returns how many were closed."""
    closed = 0
    stack = [root]
    seen: set[int] = set()
    while stack:
        widget = stack.pop()
        if id(widget) in seen or widget.comm is None:
            continue
        seen.add(id(widget))
        for name in widget.keys:
            stack.extend(_widgets_in(getattr(widget, name, None)))
        if widget.model_id not in keep:
            widget.close()
            closed += 1
    return closed


class WidgetScope:
    """The widgets one module made while it was on screen: those opened between its start and its ``end()``.

    Leaving the module closes its tree and then whatever else it made (a form it redrew, a link it replaced),
    while widgets opened before it (the app's own frame, a layout shared across modules) or after it (the next
    module, built before this one is closed so the page is not kept waiting) stay open.
    """

    def __init__(self) -> None:
        self.before = frozenset(_instances())
        self.after: frozenset[str] | None = None

    def end(self) -> None:
        """The module is being left: what opens from now on is not its own."""
        if self.after is None:
            self.after = frozenset(_instances())

    def close(self, roots: Iterable[widgets.Widget]) -> int:
        """Close the module's widgets (its tree from ``roots`` and all it opened); returns how many."""
        self.end()
        assert self.after is not None
        keep = frozenset(i for i in _instances() if i in self.before or i not in self.after)
        closed = sum(close_tree(root, keep=keep) for root in roots)
        for model_id in self.after - self.before:
            widget = _instances().get(model_id)
            if widget is not None:
                widget.close()
                closed += 1
        return closed


class OrientationApp(widgets.VBox):
    """Every module in one page. To act as the participant: ``show_module(module_id)`` (what a link click does)."""

    def __init__(self, session: Session, opened: str = ""):
        self.session = session
        self.layouts = module_layouts(session.curriculum.course)
        self.nav = widgets.Text(value="", description="Module", continuous_update=True,
                                layout=widgets.Layout(display="none"))
        self.nav.add_class(NAV_CLASS)
        from mentoringkit.widgets.controls import QuietHTML

        self.notice = QuietHTML(repr_name="AppNotice")
        self.view = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.view.add_class(VIEW_CLASS)
        super().__init__(children=[self.nav, self.notice, self.view], layout=widgets.Layout(width="100%"))
        self.add_class("mk-app")
        self.current = ""
        self.opened_count = 0
        self._closing: list[Callable[[], None]] = []  # modules left behind, not closed yet
        self._scope: WidgetScope | None = None
        self.nav.observe(self._asked, names="value")
        self.show_module(opened)

    def show_module(self, requested: str) -> str:
        """Show the module ``requested`` (a module id); an unknown one shows the start page and says so.
        Returns the id of the module shown."""
        module_id, problem = resolve_module(self.session.curriculum.course, requested)
        from mentoringkit.widgets.controls import status

        self.notice.value = status(problem, "warn") if problem else ""
        if module_id != self.current or self._scope is None:
            left, old = self._scope, list(self.view.children)
            if left is not None:
                left.end()
            self._scope = WidgetScope()
            parts = self._build(module_id)
            parts[-1].add_class("mk-view-end")
            with self.view.hold_sync():  # one message: the page sees the new class and parts together
                self.view._dom_classes = (VIEW_CLASS, f"mk-view--{module_id}", f"mk-view-parts-{len(parts)}")
                self.view.children = parts
            self.current = module_id
            self.opened_count += 1
            if left is not None:
                self._close_later(left, old)
        if self.nav.value != module_id:
            self.nav.value = module_id  # the page learns which module is shown (and an unknown one is replaced)
        return module_id

    def _close_later(self, left: WidgetScope, old: list[widgets.Widget]) -> None:
        """Close a module left behind once the page has had a moment to draw the next one: each closed widget
        is a message the page handles, and those would otherwise compete with the drawing. Outside a running
        event loop (tests, plain Python) at once."""
        import asyncio

        def close() -> None:
            if close not in self._closing:
                return  # closed already (close_left_behind)
            self._closing.remove(close)
            left.close(old)
            self.session.forget_closed()  # the closed screens no longer follow the workbook
            release_free_memory()

        self._closing.append(close)
        try:
            asyncio.get_running_loop().call_later(CLOSE_AFTER_SECONDS, close)
        except RuntimeError:
            close()

    def close_left_behind(self) -> None:
        """Close now every module left behind whose moment has not come yet."""
        for close in list(self._closing):
            close()

    def _asked(self, change: dict[str, Any]) -> None:
        if change["new"] != self.current:  # not the echo of the module just shown
            self.show_module(change["new"])

    def _build(self, module_id: str) -> list[widgets.Widget]:
        if module_id == START_MODULE:
            return [show_landing(self.session)]
        return self.layouts[module_id].build(self.session)

    def __repr__(self) -> str:
        return "OrientationApp()"


def release_free_memory() -> bool:
    """Hand memory freed by a closed module back to the system (glibc keeps it for reuse otherwise): about
    3 MiB of a 68 MiB kernel, which a room of 30 kernels notices. Returns whether it could be asked."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter itself runs on
    except (OSError, AttributeError):
        return False  # not glibc (musl has no malloc_trim)
    trim(0)
    return True


def show_app(session: Session) -> widgets.Widget:
    """The start page's notebook cell. Served (Voilà): the whole orientation in one page, opening on the
    module the address names (``?module=<id>``) or the start page. Elsewhere (JupyterLab, papermill), where
    each module is its own notebook: the start page alone."""
    if not session.in_voila:
        return show_landing(session)
    return OrientationApp(session, session.query.get("module", ""))


def prepare(course: Any = None, *, warm: bool = False) -> None:
    """Read every module's layout and import the functions it calls, so the first visit to each module does not
    wait for them. With ``warm``, also build every module once and close it again (in widgets that talk to no
    page), so what a module loads or computes on first use (content lookups, regular expressions, export
    libraries) is ready too. A ready kernel (serve's ``--ready-kernels``) does both while it waits for its
    visitor: each participant has a kernel of their own, so otherwise every participant would wait for it."""
    if course is None:
        from mentoringkit.curriculum import load_curriculum

        course = load_curriculum().course
    layouts = module_layouts(course)
    for layout in layouts.values():
        for part in layout.parts:
            function = getattr(part, "function", None)
            if function is not None:
                function()
    if warm:
        from mentoringkit.curriculum import load_curriculum
        from mentoringkit.session import memory_session

        with _widgets_for_no_page():
            scope = WidgetScope()
            session = memory_session("both", load_curriculum())  # "both": a mentor's and a mentee's screens
            session.in_voila = True  # as a served page is built
            app = OrientationApp(session)
            for module in course.modules:
                app.show_module(module.id)
                for part in app.view.children:  # a page shown a section at a time builds each on first view
                    for key in getattr(part, "section_keys", ()):
                        part.show_section(key)
            scope.close([app])  # nothing of the warm-up stays open


@contextlib.contextmanager
def _widgets_for_no_page() -> Iterator[None]:
    """Inside, new widgets get a comm that sends nothing (comm.DummyComm, as outside a kernel), so a warm-up
    build reaches no page and no notebook output. Only for a kernel no page has claimed yet."""
    import comm

    real = comm.create_comm
    comm.create_comm = lambda **kwargs: comm.DummyComm(**kwargs)
    try:
        yield
    finally:
        comm.create_comm = real


def _prepare_in_a_page_kernel() -> None:
    import os

    from mentoringkit.session import in_voila

    if in_voila():
        with contextlib.suppress(Exception):  # a broken curriculum or notebook is reported when the page opens
            # The warm build only while a ready kernel waits for its visitor, never on a visitor's time.
            prepare(warm=os.environ.get("VOILA_PREHEAT") == "True")


_prepare_in_a_page_kernel()
