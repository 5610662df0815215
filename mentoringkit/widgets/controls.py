"""Accessible building blocks every module page shares: choices, labelled fields, messages, downloads.

Screen-reader and keyboard users must find each control by its label, so these wrap ipywidgets whose
rendered HTML ties the label to the input (checked against ipywidgets 8.1 in Voilà 0.5; see each note).
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import functools
import html
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from mentoringkit.model.text import isolated_html, typed_html

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum, Point
    from mentoringkit.session import Session

__all__ = [
    "PAGE_STYLE",
    "DownloadLink",
    "Field",
    "Follower",
    "QuietHTML",
    "SessionHTML",
    "button_layout",
    "download_link",
    "fill_downloads",
    "html_list",
    "look",
    "points_html",
    "put_saved",
    "saved_status",
    "shared_look",
    "single_choice",
    "sources_html",
    "status",
    "typed_list",
]

Kind = Literal["info", "ok", "warn", "error"]

# Colours all reach at least 7:1 contrast on white; each kind also starts with a word, so colour is
# never the only signal.
_STATUS_STYLE: dict[str, tuple[str, str, str, str]] = {
    # kind: (text colour, background, border, leading word)
    "info": ("#0b3d6b", "#eef5fc", "#7aa7d6", ""),
    "ok": ("#14451a", "#eef8ef", "#7fbf86", "Saved:"),
    "warn": ("#5c3800", "#fff6e5", "#d9a441", "Note:"),
    "error": ("#7a0016", "#fdeef0", "#d9808f", "Problem:"),
}

#: One style block for the page, shown by the start page and every module header. JupyterLab's theme,
#: which Voilà uses, draws links like plain text; links must look like links.
PAGE_STYLE = (
    "<style>"
    ".widget-html a, .widget-htmlmath a {color:#0b57a4;text-decoration:underline}"
    ".widget-html a:visited {color:#5a2d91}"
    ".widget-html a:focus-visible {outline:2px solid #0b57a4;outline-offset:2px}"
    ".mk-progress td, .mk-progress th {padding:0.2em 0.8em 0.2em 0}"
    # Typed text shows in its own direction without turning the page's text around, and a very long word
    # breaks inside its box instead of spilling out of it.
    ".widget-html-content, .mk-field, .widget-label {overflow-wrap:anywhere}"
    ".widget-text input, .widget-textarea textarea {unicode-bidi:plaintext}"
    "bdi {unicode-bidi:isolate}"
    "</style>"
)

#: Width that keeps labels readable and lets the input take the rest of a narrow screen.
_LABEL_STYLE = {"description_width": "initial"}

#: A text box's width: up to a comfortable line, never wider than its column. ipywidgets puts a margin on each
#: side of every widget, so a plain 100% stuck out past a phone's edge by that margin and was cut off.
_FIELD_WIDTH = "min(100% - 2 * var(--jp-widgets-margin, 2px), 44em)"


# ---------------------------------------------------------------------------
# One layout and one style for many alike widgets

#: Every widget's layout and style are widget models of their own: an HTML paragraph is three models, a labelled
#: text box five, each a message from the kernel and a view the page must make before a module is drawn. While a
#: screen is built inside ``shared_look()``, alike widgets made by these building blocks share one layout and one
#: style per kind instead (as the checklist's tick boxes do), which halves what a module sends.
_LOOK: contextvars.ContextVar[dict[tuple[Any, ...], Any] | None] = contextvars.ContextVar("mk_look", default=None)

_W = TypeVar("_W", bound=widgets.Widget)


@functools.cache
def _shared_kind(kind: type[_W]) -> type[_W]:
    """``kind`` whose traits cannot be changed once made: a change would change every widget sharing it."""

    class Shared(kind):  # type: ignore[valid-type,misc]
        _mk_fixed = False

        def __setattr__(self, name: str, value: Any) -> None:
            if self._mk_fixed and name in self.keys and not name.startswith("_"):
                raise AttributeError(f"this {kind.__name__} is shared by many widgets, so its {name} cannot change; "
                                     "give the widget a layout or style of its own")
            super().__setattr__(name, value)

    Shared.__name__ = Shared.__qualname__ = f"Shared{kind.__name__}"
    return Shared


@contextlib.contextmanager
def shared_look() -> Iterator[None]:
    """Inside, ``look(...)`` gives one widget per kind and traits, shared; nested, the outer one's are shared.
    The shared layouts and styles are made inside, so they belong to the screen built there (and are closed
    with it)."""
    if _LOOK.get() is not None:
        yield
        return
    token = _LOOK.set({})
    try:
        yield
    finally:
        _LOOK.reset(token)


def look(kind: type[_W], **traits: Any) -> _W:
    """A layout or style (``kind``, e.g. ``widgets.Layout``) with ``traits``: inside ``shared_look()`` the one
    shared by every widget asking for the same, which then cannot be changed; elsewhere a new one."""
    shared = _LOOK.get()
    if shared is None:
        return kind(**traits)
    key = (kind, *sorted(traits.items()))
    if key not in shared:
        made = _shared_kind(kind)(**traits)
        made._mk_fixed = True
        shared[key] = made
    return shared[key]  # type: ignore[no-any-return]


class QuietHTML(widgets.HTML):
    """An HTML widget whose text repr stays short and fixed.

    Notebooks store a widget's repr as its plain-text output and nbval compares it; pages that show
    codes, paths or progress would otherwise change the stored output on every run.
    """

    def __init__(self, value: str = "", *, repr_name: str = "HTML", **kwargs: Any):
        kwargs.setdefault("layout", look(widgets.Layout))
        kwargs.setdefault("style", look(HTMLStyle))
        super().__init__(value=value, **kwargs)
        self._repr_name = repr_name

    def __repr__(self) -> str:
        return f"{self._repr_name}()"


class Follower:
    """What every screen shares so it stays current: it follows its session, and its ``refresh()`` redraws it
    from the workbook without saving anything.

    Mixed into a screen's widget class. ``self.follow(session)`` registers the screen, so the session calls
    ``refresh()`` when it takes in changes made elsewhere (another tab, page or partner). Setting a widget's
    value sets off its change handlers, which would save it as if the participant had typed it; so ``refresh``
    does its work inside ``with self.redrawing():``, and each handler that saves is registered through
    ``self.by_hand(handler)``, which skips it meanwhile.

    A screen laid out for the participant's role (questions or tasks for one side) does its layout in
    ``_build()``, which records the role in ``self._role``, and its ``__init__`` calls ``self.lay_out(session,
    …)``; its ``refresh()`` begins ``if self.relaid_for_role(): return``, so a role chosen on another page brings the
    other side's layout.
    """

    # The thread redrawing the screen, if any: a redraw run by a watcher thread must not swallow what the
    # participant types meanwhile, which arrives on the kernel's own thread.
    _redrawing_in: int | None = None

    def follow(self, session: Session) -> None:
        session.follow(self)

    def refresh(self) -> None:  # pragma: no cover - every screen defines its own
        raise NotImplementedError

    @contextlib.contextmanager
    def redrawing(self) -> Iterator[None]:
        """While inside, handlers registered through ``by_hand`` do nothing (so nothing is saved)."""
        outer = self._redrawing_in
        self._redrawing_in = threading.get_ident()
        try:
            yield
        finally:
            self._redrawing_in = outer

    def lay_out(self, session: Session, *css_classes: str) -> None:
        """Start a screen that lays itself out in ``_build()``: full width, with ``css_classes``, laid out for
        the role as it is now, and following ``session``."""
        self.session = session
        super().__init__(layout=widgets.Layout(width="100%"))  # type: ignore[call-arg]  # the widget class
        for css_class in css_classes:
            self.add_class(css_class)  # type: ignore[attr-defined]
        with shared_look():
            self._build()  # type: ignore[attr-defined]
        self.follow(session)

    def relaid_for_role(self) -> bool:
        """Lay the screen out again if the role changed since it was laid out; returns whether it did."""
        if self.session.role == self._role:  # type: ignore[attr-defined]
            return False
        with shared_look():
            self._build()  # type: ignore[attr-defined]
        return True

    def by_hand(self, handler: Callable[..., Any]) -> Callable[..., None]:
        """``handler`` for a widget's changes made by the participant (or code acting as them), never by a redraw."""
        def run(*args: Any, **kwargs: Any) -> None:
            if self._redrawing_in != threading.get_ident():
                handler(*args, **kwargs)
        return run


class SessionHTML(Follower, QuietHTML):
    """HTML drawn from the session by ``render(session)``, drawn again on ``refresh()``."""

    def __init__(self, session: Session, render: Callable[[Session], str], *, repr_name: str):
        self.session = session
        self._render = render
        super().__init__(render(session), repr_name=repr_name)
        self.follow(session)

    def refresh(self) -> None:
        self.value = self._render(self.session)


def put_saved(widget: Any, value: Any, same: Callable[[Any], bool] | None = None) -> None:
    """Show a saved ``value`` in ``widget`` (or a ``Field``) unless it already shows it.

    ``same(shown)`` says whether what the widget holds already means ``value`` (such as "- Be on time " for the
    saved ground rule "Be on time"), so text someone is typing that reads as the saved value stays as typed.
    """
    shown = widget.value
    if shown == value or (same is not None and same(shown)):
        return
    widget.value = value


def button_layout() -> widgets.Layout:
    """Buttons as wide as their text, not stretched across the page by their box."""
    return widgets.Layout(width="auto", align_self="flex-start")


def single_choice(options: Sequence[tuple[str, Any]], description: str, value: Any = None) -> widgets.RadioButtons:
    """A group of real radio buttons, one per (label, value), none chosen unless ``value`` is given.

    Each ``<input type="radio">`` sits inside its own ``<label>``, so its accessible name is the option's
    label and Playwright's ``get_by_role("radio", name=label)`` finds it. ``description`` is shown as a
    visible label before the group. ipywidgets 8.1 alone does not tie it to the group and gives the inputs
    no shared ``name``; on the served pages the kit's Voilà template (``share/jupyter/voila/templates/
    mentoringkit``) adds both, so the group is named by ``description`` and arrow keys move between
    options. In JupyterLab Tab moves between options, so pages should also state the question in their text.
    """
    choice = widgets.RadioButtons(options=list(options), value=None, description=description,
                                  style=look(DescriptionStyle, **_LABEL_STYLE),
                                  layout=look(widgets.Layout, width="auto"))
    if value is not None:
        choice.value = value
    return choice


class Field(widgets.VBox):
    """A labelled text input with a message line right under it for errors and hints.

    The label is the input's ``description``: ipywidgets renders it as ``<label for=…>``, making it the
    input's accessible name (true for Text and Textarea in ipywidgets 8.1). Errors appear in a
    ``role="alert"`` line under the input, so screen readers announce them and nothing typed is lost.
    """

    def __init__(self, label: str, value: str = "", *, multiline: bool = False, hint: str = "",
                 placeholder: str = "", rows: int = 4, continuous_update: bool = False):
        input_type = widgets.Textarea if multiline else widgets.Text
        self.input: widgets.Text | widgets.Textarea = input_type(
            value=value, description=label, placeholder=placeholder, style=look(TextStyle, **_LABEL_STYLE),
            continuous_update=continuous_update, layout=look(widgets.Layout, width=_FIELD_WIDTH))
        if multiline:
            self.input.rows = rows
        self.hint = hint
        self.error: str | None = None
        self.message = widgets.HTML(layout=look(widgets.Layout), style=look(HTMLStyle))
        self._show_message()
        super().__init__(children=[self.input, self.message], layout=look(widgets.Layout))
        self.add_class("mk-field")

    @property
    def label(self) -> str:
        return self.input.description

    @property
    def value(self) -> str:
        return self.input.value

    @value.setter
    def value(self, text: str) -> None:
        self.input.value = text

    def set_error(self, message: str | None) -> None:
        """Show ``message`` under the input, or clear it (the hint, if any, comes back)."""
        self.error = message or None
        self._show_message()

    def on_change(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(new_text)`` whenever the text changes."""
        self.input.observe(lambda change: callback(change["new"]), names="value")

    def _show_message(self) -> None:
        if self.error:
            self.message.value = status(self.error, "error")
        elif self.hint:
            self.message.value = (f'<div class="mk-hint" style="color:#444;font-size:0.9em">'
                                  f"{html.escape(self.hint)}</div>")
        else:
            self.message.value = ""

    def __repr__(self) -> str:
        return f"Field({self.label!r})"


def status(message: str, kind: Kind = "info") -> str:
    """A message styled by kind, as HTML; errors and warnings are announced (``role="alert"``)."""
    if kind not in _STATUS_STYLE:
        raise ValueError(f"kind must be one of {', '.join(_STATUS_STYLE)}, got {kind!r}")
    colour, background, border, word = _STATUS_STYLE[kind]
    role = "alert" if kind in ("warn", "error") else "status"
    lead = f"<strong>{word}</strong> " if word else ""
    # dir="ltr" and isolated quotes: typed text (see mentoringkit.model.text.quote) can never reorder the kit's
    # words; overflow-wrap lets a 300-character word break instead of running out of the box.
    return (f'<div class="mk-status mk-status-{kind}" role="{role}" dir="ltr" style="color:{colour};'
            f"background:{background};border-left:4px solid {border};padding:0.4em 0.8em;"
            f'margin:0.3em 0;max-width:44em;overflow-wrap:anywhere">{lead}{isolated_html(message)}</div>')


def saved_status(session: Any, message: str, kind: Kind = "ok") -> str:
    """The message for something the participant just did and the page saved, unless that save failed:
    then the page says so instead, so "Saved" never stands next to work that is not on disk."""
    if (session.keeps_work is False and session.path is not None) or getattr(session, "saved_ok", True) is False:
        return status(f"Not saved. {session.problem or 'The change could not be written.'}", "error")
    return status(message, kind)


_MIME_RE = re.compile(r"^[\w.+-]+/[\w.+-]+(?:;\s*[\w.+-]+=[\w.+-]+)*$")
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class DownloadLink(QuietHTML):
    """A link that makes the browser save a document as a file; ``show`` changes the document in place."""

    def __init__(self, filename: str, content: str | bytes, mime: str, label: str):
        super().__init__(repr_name="DownloadLink")
        self.show(filename, content, mime, label)

    def show(self, filename: str, content: str | bytes, mime: str, label: str) -> None:
        """Offer ``content`` as ``filename`` (nothing is sent to the page when it is what the link holds)."""
        if not _MIME_RE.fullmatch(mime):
            raise ValueError(f"not a media type: {mime!r}")
        data = content.encode("utf-8") if isinstance(content, str) else content
        if isinstance(content, str) and "charset" not in mime:
            mime = f"{mime};charset=utf-8"
        safe_name = _UNSAFE_FILENAME.sub("_", filename).strip(" .") or "download"
        href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        self._repr_name = f"DownloadLink[{safe_name}]"
        self.value = (f'<a class="mk-download" download="{html.escape(safe_name, quote=True)}" '
                      f'href="{html.escape(href, quote=True)}">{html.escape(label)}</a>')


def download_link(filename: str, content: str | bytes, mime: str, label: str) -> DownloadLink:
    """A link that makes the browser save ``content`` as ``filename``; works in Voilà (no server round trip).

    The data travels inside the link (``data:`` URL), so keep it to documents of a few megabytes at most.
    """
    return DownloadLink(filename, content, mime, label)


Download = tuple[str, "str | bytes", str, str]  # what download_link takes: filename, content, mime, label


def fill_downloads(box: widgets.Box, items: Sequence[Download | widgets.Widget]) -> None:
    """Fill ``box`` with download links (each given as download_link's arguments) and any other widgets.

    A link already in the same place only changes its document, so redrawing creates no widgets and a link
    whose document is unchanged sends nothing to the page.
    """
    shown = list(box.children)
    wanted: list[widgets.Widget] = []
    for place, item in enumerate(items):
        here = shown[place] if place < len(shown) else None
        if isinstance(item, widgets.Widget):
            wanted.append(item)
        elif isinstance(here, DownloadLink):
            here.show(*item)
            wanted.append(here)
        else:
            wanted.append(DownloadLink(*item))
    if wanted != shown:
        box.children = wanted


def typed_list(items: Iterable[str]) -> str:
    """A bulleted list of things a person typed (or sentences made of them): each escaped and in its own <bdi>."""
    rendered = "".join(f"<li>{typed_html(item)}</li>" for item in items if item.strip())
    return f"<ul>{rendered}</ul>" if rendered else ""


def html_list(items: Iterable[str]) -> str:
    """A bulleted list of plain-text items, escaped."""
    rendered = "".join(f"<li>{isolated_html(item)}</li>" for item in items)  # quoted typed text in <bdi>
    return f"<ul>{rendered}</ul>" if rendered else ""


def sources_html(guide_ids: Iterable[str], curriculum: Curriculum) -> str:
    """A "Sources:" line naming the guides (by title, each once, in order of first use)."""
    titles = list(dict.fromkeys(curriculum.source_title(g) for g in guide_ids))
    if not titles:
        return ""
    named = "; ".join(f"<cite>{html.escape(t)}</cite>" for t in titles)
    return f'<p class="mk-sources" style="font-size:0.9em;color:#444">Sources: {named}</p>'


def points_html(points: Sequence[Point], curriculum: Curriculum) -> str:
    """Content points as a list (bold title, then text), followed by the guides they come from."""
    items = []
    for p in points:
        title = f"<strong>{html.escape(p.title)}</strong> " if p.title else ""
        items.append(f'<li data-mk-item="{html.escape(p.id)}">{title}{html.escape(p.text)}</li>')
    if not items:
        return ""
    return f"<ul>{''.join(items)}</ul>" + sources_html((p.source for p in points), curriculum)
