"""Conversation starters: browse by phase and theme, shuffle, pick questions into the agenda for the next
meeting, put them in order, and download the agenda.
"""

from __future__ import annotations

import html
import random
from typing import TYPE_CHECKING

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle

from mentoringkit.widgets.controls import (
    Follower,
    QuietHTML,
    button_layout,
    download_link,
    look,
    shared_look,
    sources_html,
)
from mentoringkit.widgets.mentor_roles import move_to
from mentoringkit.widgets.phase_checklist import WRAP_CHECKBOX_LABELS

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Starter
    from mentoringkit.session import Session

__all__ = ["StarterBrowser", "show_conversation_starters"]

_MD_LABEL = "Download the agenda (Markdown)"
_HTML_LABEL = "Download the agenda (web page, to print)"
_ASKED_BY = {"mentor": " (usually asked by the mentor)", "mentee": " (usually asked by the mentee)", "either": ""}


class StarterBrowser(Follower, widgets.VBox):
    """Starters filtered by phase and theme, each with a tick to put it on the agenda, and the agenda below.

    To act as the participant: ``set_phase``, ``set_theme``, ``shuffle(seed)``, ``pick(starter_id)``,
    ``remove(starter_id)``, ``move(starter_id, position)``.
    """

    def __init__(self, session: Session, phase: str | None = None, theme: str | None = None):
        self.session = session
        self.deck = session.curriculum.conversation_starters
        self.starters: dict[str, Starter] = {s.id: s for s in self.deck.starters}
        self.order: list[str] = list(self.starters)
        self.phase = widgets.Dropdown(options=[("All phases", "")] + [(p.title, p.id) for p in self.deck.phases],
                                      value="", description="Phase", style={"description_width": "initial"},
                                      layout=widgets.Layout(width="auto", max_width="100%"))
        self.theme = widgets.Dropdown(options=[("All themes", "")] + [(t.title, t.id) for t in self.deck.themes],
                                      value="", description="Theme", style={"description_width": "initial"},
                                      layout=widgets.Layout(width="auto", max_width="100%"))
        self.shuffle_button = widgets.Button(description="Shuffle the questions", layout=button_layout())
        self.shuffle_button.on_click(lambda _b: self.shuffle())
        # A starter's tick box is made the first time the list shows it (13 of 52 for one phase), ticked as the
        # agenda is then; one layout and style serve them all.
        self.boxes: dict[str, widgets.Checkbox] = _TickBoxes(self, look(widgets.Layout, width="100%"),
                                                             look(CheckboxStyle))
        self.count = QuietHTML(repr_name="StarterCount")
        self.listing = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.agenda_rows = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.md_link = download_link("agenda.md", "", "text/markdown", _MD_LABEL)
        self.html_link = download_link("agenda.html", "", "text/html", _HTML_LABEL)
        self.phase.observe(lambda _c: self._show_listing(), names="value")
        self.theme.observe(lambda _c: self._show_listing(), names="value")
        filters = widgets.HBox([self.phase, self.theme, self.shuffle_button],
                               layout=widgets.Layout(flex_flow="row wrap", align_items="center", width="100%"))
        super().__init__(children=[
            QuietHTML(WRAP_CHECKBOX_LABELS + "<p>Choose a phase or a theme to narrow the list, then tick the "
                      "questions you want to ask at your next meeting.</p>", repr_name="StartersIntro"),
            filters, self.count, self.listing,
            QuietHTML("<h3>Your agenda for the next meeting</h3>", repr_name="AgendaHeading"), self.agenda_rows,
            widgets.HBox([self.md_link, self.html_link], layout=widgets.Layout(flex_flow="row wrap", width="100%",
                                                                              justify_content="flex-start")),
            QuietHTML(sources_html(dict.fromkeys(s.source for s in self.deck.starters), session.curriculum),
                      repr_name="Sources"),
        ], layout=widgets.Layout(width="100%"))
        self.add_class("mk-checklist")
        self.md_link.layout = widgets.Layout(margin="0 1.5em 0 0")  # its own: the links share theirs otherwise
        if phase is not None:
            self.set_phase(phase)
        if theme is not None:
            self.set_theme(theme)
        self._show_listing()
        self._show_agenda()
        self.follow(session)

    # -- browsing ---------------------------------------------------------------
    def set_phase(self, phase: str | None) -> None:
        """Show only one phase's starters (None: all phases)."""
        self._check(phase, [p.id for p in self.deck.phases], "phase")
        self.phase.value = phase or ""

    def set_theme(self, theme: str | None) -> None:
        """Show only one theme's starters (None: all themes)."""
        self._check(theme, [t.id for t in self.deck.themes], "theme")
        self.theme.value = theme or ""

    def shuffle(self, seed: int | None = None) -> None:
        """Show the starters in a new random order (the same order for the same seed)."""
        self.order = list(self.starters)
        random.Random(seed).shuffle(self.order)  # noqa: S311 - an order to browse in, nothing secret
        self._show_listing()

    def shown(self) -> list[str]:
        """Ids of the starters the list shows now, in order."""
        # "" is the "all" option: a None option would look like no choice at all in the dropdown.
        wanted = {s.id for s in self.deck.select(self.phase.value or None, self.theme.value or None)}
        return [sid for sid in self.order if sid in wanted]

    # -- the agenda -------------------------------------------------------------
    def pick(self, starter_id: str) -> None:
        """Add a starter at the end of the agenda."""
        box = self._box(starter_id)
        if not box.value:
            box.value = True  # the observer records it

    def remove(self, starter_id: str) -> None:
        """Take a starter off the agenda."""
        box = self._box(starter_id)
        if box.value:
            box.value = False
        elif starter_id in self.session.workbook.agenda:
            self._set_picked(starter_id, False)

    def move(self, starter_id: str, position: int) -> None:
        """Put an agenda question at ``position`` (1 = first)."""
        if starter_id not in self.session.workbook.agenda:
            raise ValueError(f"{starter_id!r} is not on the agenda; pick it first")
        self.session.workbook.agenda = move_to(self.session.workbook.agenda, starter_id, position)
        self.session.save()
        self._show_agenda()

    def agenda_texts(self) -> list[str]:
        return [self.starters[sid].text for sid in self.session.workbook.agenda if sid in self.starters]

    def downloads(self) -> tuple[str, str]:
        """The agenda as Markdown and as a web page, as the download links offer them."""
        from mentoringkit.exports import agenda_html, agenda_markdown

        wb, cur = self.session.workbook, self.session.curriculum
        return agenda_markdown(wb, cur), agenda_html(wb, cur)

    # -- keeping the workbook and the screen in step ----------------------------
    def _check(self, value: str | None, known: list[str], what: str) -> None:
        if value is not None and value not in known:
            raise ValueError(f"no {what} {value!r}; known: {', '.join(known)}")

    def _box(self, starter_id: str) -> widgets.Checkbox:
        try:
            return self.boxes[starter_id]
        except KeyError:
            raise ValueError(f"no conversation starter with id {starter_id!r}") from None

    def _set_picked(self, starter_id: str, picked: bool) -> None:
        agenda = self.session.workbook.agenda
        if picked and starter_id not in agenda:
            agenda.append(starter_id)
        elif not picked and starter_id in agenda:
            agenda.remove(starter_id)
        self.session.save()
        self._show_agenda()

    def _show_listing(self) -> None:
        shown = self.shown()
        self.count.value = (f'<p role="status">Showing {len(shown)} of {len(self.starters)} questions.</p>'
                            if shown else '<p role="status">No questions match; choose another phase or theme.</p>')
        self.listing.children = [self.boxes[sid] for sid in shown]

    def refresh(self) -> None:
        """Tick the questions on the agenda as saved (picked on another page, perhaps) and redraw the agenda
        if it changed; the list, its filters and its order stay as they are."""
        picked = set(self.session.workbook.agenda)
        with self.redrawing():
            for sid, box in self.boxes.items():
                box.value = sid in picked
        if self._agenda_shown != [sid for sid in self.session.workbook.agenda if sid in self.starters]:
            self._show_agenda()

    def _show_agenda(self) -> None:
        agenda = [sid for sid in self.session.workbook.agenda if sid in self.starters]
        self._agenda_shown = agenda
        if not agenda:
            self.agenda_rows.children = [QuietHTML("<p><em>No questions yet. Tick some above.</em></p>",
                                                   repr_name="AgendaEmpty")]
        else:
            rows = []
            for n, sid in enumerate(agenda, start=1):
                text = QuietHTML(f"<p style='margin:0.2em 0;max-width:44em'><strong>{n}.</strong> "
                                 f"{html.escape(self.starters[sid].text)}</p>", repr_name="AgendaItem",
                                 layout=widgets.Layout(width="100%"))
                buttons = []
                for label, target, off in (("up", n - 1, n == 1), ("down", n + 1, n == len(agenda))):
                    b = widgets.Button(description=f"Move question {n} {label}", disabled=off, layout=button_layout())
                    b.on_click(lambda _b, sid=sid, target=target: self.move(sid, target))
                    buttons.append(b)
                drop = widgets.Button(description=f"Remove question {n}", layout=button_layout())
                drop.on_click(lambda _b, sid=sid: self.remove(sid))
                rows += [text, widgets.HBox([*buttons, drop], layout=widgets.Layout(flex_flow="row wrap"))]
            self.agenda_rows.children = rows
        markdown, page = self.downloads()
        # The same two link widgets throughout; only the document inside each link changes.
        for link, args in ((self.md_link, ("agenda.md", markdown, "text/markdown", _MD_LABEL)),
                           (self.html_link, ("agenda.html", page, "text/html", _HTML_LABEL))):
            link.show(*args)

    def _new_box(self, starter_id: str, layout: widgets.Layout, style: CheckboxStyle) -> widgets.Checkbox:
        starter = self.starters[starter_id]
        box = widgets.Checkbox(value=starter_id in self.session.workbook.agenda, indent=False, layout=layout,
                               description=starter.text + _ASKED_BY.get(starter.asked_by, ""), style=style)
        box.observe(self.by_hand(lambda change: self._set_picked(starter_id, change["new"])), names="value")
        return box

    def __repr__(self) -> str:
        return "StarterBrowser()"


class _TickBoxes(dict[str, widgets.Checkbox]):
    """The browser's tick boxes by starter id, each made when first asked for; iterating gives those made."""

    def __init__(self, browser: StarterBrowser, layout: widgets.Layout, style: CheckboxStyle):
        super().__init__()
        self._browser, self._layout, self._style = browser, layout, style

    def __missing__(self, starter_id: str) -> widgets.Checkbox:
        if starter_id not in self._browser.starters:
            raise KeyError(starter_id)
        box = self[starter_id] = self._browser._new_box(starter_id, self._layout, self._style)
        return box


@shared_look()
def show_conversation_starters(session: Session, phase: str | None = None,
                               theme: str | None = None) -> StarterBrowser:
    """The conversation starters browser and agenda builder, optionally opened on one phase or theme."""
    return StarterBrowser(session, phase, theme)
