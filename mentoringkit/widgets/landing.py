"""The start page: get a personal code or come back with one, say who you are, and see every module.

Each thing a participant can do is a method (``start_new``, ``resume``, ``restore``) so tests and
notebooks can do it too.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.session import CodeError
from mentoringkit.storage import CODE_EXAMPLE
from mentoringkit.widgets.controls import PAGE_STYLE, Field, QuietHTML, button_layout, shared_look, status
from mentoringkit.widgets.module_page import START_PAGE, facilitator_aside, notices_html, progress_overview
from mentoringkit.widgets.role_picker import RolePicker

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session

__all__ = ["Landing", "show_landing"]


def _intro_html(session: Session) -> str:
    course = session.curriculum.course
    return (f"{PAGE_STYLE}<h1>{html.escape(course.title)}</h1><p>{html.escape(course.description)}</p>"
            f"<p>There are {len(course.modules)} short modules, about {course.total_minutes} minutes in all. "
            "Everything you type is kept in your own workbook, and you can download what you make.</p>"
            + facilitator_aside(session, START_PAGE))


def _code_html(session: Session) -> str:
    code = html.escape(session.code or "")
    link = html.escape(session.module_url(START_PAGE), quote=True)
    return (
        '<section aria-labelledby="mk-code-heading">'
        '<h2 id="mk-code-heading">Your personal code</h2>'
        f'<p class="mk-code" style="font-family:monospace;font-size:1.6em;letter-spacing:0.05em;margin:0.2em 0">'
        f"{code}</p>"
        "<p>Write this code down or copy it (select it, then press Ctrl+C, or ⌘+C on a Mac). Type it here "
        "next time to carry on where you left off. Anyone with the code can open your workbook, so keep it "
        f'to yourself. You can also bookmark <a href="{link}">your personal start page</a>.</p></section>')


def _close_tree(widget: widgets.Widget) -> None:
    """Close a widget and everything inside it, so none of it sends or receives changes any more."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


class Landing(widgets.VBox):
    """The whole start page for one session."""

    def __init__(self, session: Session):
        self.session = session
        self.problem = widgets.HTML()
        self.restore_button = widgets.Button(description="Restore my last good copy", icon="rotate-left",
                                             layout=button_layout())
        self.restore_button.on_click(lambda _b: self.restore())
        self.code_area = widgets.VBox()
        self.code_field = Field("Your personal code", placeholder=f"for example {CODE_EXAMPLE}")
        self.new_button = widgets.Button(description="Give me a personal code", button_style="primary",
                                         layout=button_layout())
        self.new_button.on_click(lambda _b: self.start_new())
        self.resume_button = widgets.Button(description="Open my workbook", layout=button_layout())
        self.resume_button.on_click(lambda _b: self.resume(self.code_field.value))
        self.picker_area = widgets.VBox()
        self.picker: RolePicker | None = None
        self._picker_workbook: object = None
        self.overview = progress_overview(session)
        from mentoringkit.widgets.pairing import PairingPanel

        self.pairing = PairingPanel(session, invitation=session.query.get("invite", ""))
        super().__init__(children=[
            QuietHTML(_intro_html(session), repr_name="Intro"),
            self.problem, self.restore_button,
            self.code_area,
            self.picker_area,
            self.pairing,
            widgets.HTML("<h2>The modules</h2><p>Work through them in order, or open the one your next "
                         "meeting needs.</p>"),
            self.overview,
        ])
        self.add_class("mk-landing")
        session.observe(lambda _s: self._show_problem(), owner=self)
        self._refresh()

    # -- what the participant does -------------------------------------------
    def start_new(self) -> str:
        """Issue a fresh personal code; whatever was typed so far is kept under it.

        Returns "" when no workbook could be created: then no code is shown, and the page says why.
        """
        try:
            code = self.session.start_new_code()
        except CodeError:
            code = ""
        self._refresh()
        return code

    def resume(self, typed: str) -> bool:
        """Open the workbook saved under a typed code. A wrong code leaves everything as it was and says why."""
        try:
            self.session.switch_to_code(typed)
        except CodeError as exc:
            self.code_field.set_error(str(exc))
            return False
        self.code_field.set_error(None)
        self.code_field.value = ""
        self._refresh()
        return True

    def restore(self) -> bool:
        """Replace a damaged workbook by its last good copy."""
        ok = self.session.restore_backup()
        self._refresh()
        return ok

    # -- drawing ----------------------------------------------------------------
    def _show_problem(self) -> None:
        problem = status(self.session.problem, "error") if self.session.problem else ""
        self.problem.value = problem + notices_html(self.session)
        can_restore = self.session.backup is not None
        self.restore_button.layout.display = None if can_restore else "none"

    def _refresh(self) -> None:
        s = self.session
        self._show_problem()
        if s.code:
            self.code_area.children = [QuietHTML(_code_html(s), repr_name="PersonalCode")]
        elif s.in_voila and s.path is not None:
            # A web page that keeps work without a code: the server knows who this is (a JupyterHub login).
            self.code_area.children = [widgets.HTML(
                "<p>You are signed in, so your work is saved in your own account as you go. "
                "No personal code is needed.</p>")]
        elif s.in_voila:
            self.code_area.children = [
                widgets.HTML("<h2>New here?</h2><p>Get a personal code. Your work is kept under it, and links "
                             "to every module carry it.</p>"
                             + status("Until you have a code, nothing you type on these pages is kept.", "warn")),
                self.new_button,
                widgets.HTML("<h2>Coming back?</h2><p>Type the personal code you were given to get your "
                             "work back.</p>"),
                self.code_field, self.resume_button,
            ]
        elif s.path is not None:
            self.code_area.children = [widgets.HTML(
                "<p>Your work is saved as you go in this workbook file: "
                f"<code>{html.escape(str(s.path))}</code>. Keep a copy of it to keep your work.</p>")]
        else:
            self.code_area.children = [widgets.HTML(status("This is a practice session: nothing you type "
                                                           "here is saved.", "info"))]
        # The "about you" form stays the same instance while the workbook does: a new code keeps the workbook,
        # and a form redrawn then would show empty boxes while the text typed just before the swap went into
        # the old one. Another workbook (a typed code, a restored copy) needs a form showing its answers.
        if self.picker is None or self._picker_workbook is not s.workbook:
            old, self.picker = self.picker, RolePicker(s)
            self._picker_workbook = s.workbook
            self.picker_area.children = [self.picker]
            if old is not None:
                _close_tree(old)  # a late change in the old form must not reach the workbook now open

    def __repr__(self) -> str:
        return "Landing()"


@shared_look()
def show_landing(session: Session) -> Landing:
    """The start page for a notebook cell: ``show_landing(session)``."""
    return Landing(session)
