"""Who the participant is: name, side of the partnership, partner and programme dates, saved as typed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.widgets.controls import Field, Follower, put_saved, shared_look, single_choice, status
from mentoringkit.widgets.typed_fields import DateField, date_order

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session

__all__ = ["ROLE_OPTIONS", "RolePicker", "dates_problem", "show_role_picker"]

#: Radio labels, in the participant's words, and the profile value each one stores.
ROLE_OPTIONS: tuple[tuple[str, str], ...] = (
    ("I will be a mentor", "mentor"),
    ("I will be a mentee", "mentee"),
    ("Both: I mentor someone and have a mentor myself", "both"),
)


def dates_problem(start: dt.date | None, end: dt.date | None) -> str | None:
    """Why a programme start and end cannot both be kept, or None when they can."""
    if start is not None and end is not None and end < start:
        return (f"The end date ({end:%d %B %Y}) is before the start date ({start:%d %B %Y}). "
                "Pick an end date on or after the start.")
    return None


class RolePicker(Follower, widgets.VBox):
    """Name, role, partner's name and programme dates; every change goes straight into the profile.

    ``choose()``, ``set_name()``, ``set_partner()`` and ``set_dates()`` do what the participant does,
    so tests and notebooks can act as them.
    """

    def __init__(self, session: Session):
        self.session = session
        profile = session.workbook.profile
        self.name = Field("Your name", profile.name, hint="As your partner and trainer know you.")
        self.role = single_choice(ROLE_OPTIONS, "Your part in the partnership", value=profile.role)
        self.partner = Field("Your partner's name (if you know it)", profile.partner_name)
        # the kit's own date field, not the browser's picker: that one shows mm/dd/yyyy in an en-US browser
        order = date_order(session)
        self.start = DateField("Programme starts", profile.program_start, order=order)
        self.end = DateField("Programme ends", profile.program_end, order=order)
        self.dates_message = widgets.HTML()
        self.role_note = widgets.HTML()
        self._show_role_note()

        self.name.on_change(self.by_hand(lambda _text: self._save_name()))
        self.partner.on_change(self.by_hand(lambda _text: self._save_partner()))
        self.role.observe(self.by_hand(lambda _change: self._save_role()), names="value")
        self.start.on_change(self.by_hand(lambda _text: self._save_dates()))
        self.end.on_change(self.by_hand(lambda _text: self._save_dates()))
        super().__init__(children=[
            widgets.HTML("<h2>About you</h2>"),
            self.name,
            widgets.HTML("<p>Which side of the partnership are you on? Your answer tailors the guidance "
                         "in every module.</p>"),
            self.role, self.role_note,
            self.partner,
            widgets.HTML("<p>When does your mentoring programme run? Leave these empty if you do not know yet.</p>"),
            self.start, self.end, self.dates_message,
        ])
        self.add_class("mk-role-picker")
        self.follow(session)

    # -- what the participant does -------------------------------------------
    def choose(self, role: str) -> None:
        """Pick mentor, mentee or both."""
        if role not in {value for _label, value in ROLE_OPTIONS}:
            raise ValueError(f"role must be one of mentor, mentee, both, got {role!r}")
        self.role.value = role

    def set_name(self, text: str) -> None:
        self.name.value = text

    def set_partner(self, text: str) -> None:
        self.partner.value = text

    def set_dates(self, start: dt.date | str | None, end: dt.date | str | None) -> None:
        """Type both dates (a date, or text as the participant would type it, such as "end of June")."""
        # Hold back saving until both fields show the new values, so a valid pair is never refused
        # because of the old value of the other field.
        self._setting = True
        try:
            for field, value in ((self.start, start), (self.end, end)):
                if isinstance(value, dt.date):
                    field.show(value)
                else:
                    field.value = value or ""
        finally:
            self._setting = False
        self._save_dates()

    def refresh(self) -> None:
        """Show the profile as saved (changed on another page, perhaps); a name typed with spaces around it
        that reads as the saved one is left as typed."""
        profile = self.session.workbook.profile
        with self.redrawing():
            put_saved(self.name, profile.name, same=lambda typed: typed.strip() == profile.name)
            put_saved(self.partner, profile.partner_name, same=lambda typed: typed.strip() == profile.partner_name)
            self.role.value = profile.role
            if (self.start.date, self.end.date) != (profile.program_start, profile.program_end):
                self.start.show(profile.program_start)
                self.end.show(profile.program_end)
                self.dates_message.value = ""
        self._show_role_note()

    # -- saving -----------------------------------------------------------------
    def _save_name(self) -> None:
        text = self.name.value.strip()
        self.name.set_error(None if text else "Please type your name; it goes on your agreement and plan.")
        self.session.workbook.profile.name = text
        self.session.save()

    def _save_partner(self) -> None:
        self.session.workbook.profile.partner_name = self.partner.value.strip()
        self.session.save()

    def _save_role(self) -> None:
        self.session.workbook.profile.role = self.role.value
        self._show_role_note()
        self.session.save()

    def _show_role_note(self) -> None:
        role = self.role.value
        if role is None:
            self.role_note.value = ""
            return
        label = dict((v, k) for k, v in ROLE_OPTIONS)[role]
        self.role_note.value = status(f"Chosen: {label}. You can change this at any time.", "info")

    def _save_dates(self) -> None:
        if getattr(self, "_setting", False):
            return
        (start, start_problem), (end, end_problem) = self.start.read(), self.end.read()
        if start_problem or end_problem:
            # each field shows its own problem under it; the profile keeps the last pair that made sense
            self.dates_message.value = ""
            return
        problem = dates_problem(start, end)
        profile = self.session.workbook.profile
        if problem:
            # The fields keep what was typed; the profile keeps the last pair that made sense.
            self.dates_message.value = status(problem, "error")
            return
        self.dates_message.value = ""
        profile.program_start, profile.program_end = start, end
        self.session.save()

    def __repr__(self) -> str:
        return "RolePicker()"


@shared_look()
def show_role_picker(session: Session) -> RolePicker:
    """The "about you" form for a notebook cell: ``show_role_picker(session)``."""
    return RolePicker(session)
