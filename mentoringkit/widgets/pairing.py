"""Pairing on the start page: invite your partner, join with their invitation, see who you are paired with,
or end the pairing. The rules live in mentoringkit.model.partnership and
mentoringkit.store.partnership; this only wires them to the page.
"""

from __future__ import annotations

import html
import urllib.parse
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.model.text import isolate, isolated_html
from mentoringkit.widgets.controls import Field, QuietHTML, button_layout, fill_downloads, status

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session
    from mentoringkit.store.partnership import Invitation

__all__ = ["PairingPanel"]

_WHAT_IS_SHARED = ("Shared with your partner: the relationship agreement (with both signatures), the development "
                   "plan and the mentoring log, each entry with its author. Private, only you: your reflections, "
                   "self-assessment, self-checks, evaluations and anything not yet added.")


class PairingPanel(widgets.VBox):
    """The "Your partner" section of the start page.

    To act as the participant: ``invite(role)``, ``join(code)``, ``unpair()``.
    """

    def __init__(self, session: Session, invitation: str = ""):
        self.session = session
        self.state = QuietHTML(repr_name="PairingState")
        self.invite_button = widgets.Button(description="Invite my partner", layout=button_layout())
        self.invite_button.on_click(lambda _b: self.invite())
        # Someone whose profile says "both" (or nothing yet) says which side they take in this pair.
        self.invite_as_mentor = widgets.Button(description="I mentor my partner: invite them", layout=button_layout())
        self.invite_as_mentor.on_click(lambda _b: self.invite("mentor"))
        self.invite_as_mentee = widgets.Button(description="My partner mentors me: invite them",
                                               layout=button_layout())
        self.invite_as_mentee.on_click(lambda _b: self.invite("mentee"))
        self.invitation_area = QuietHTML(repr_name="Invitation")
        self.code_field = Field("Invitation from your partner", invitation,
                                placeholder="for example pair-7h3m-q9xw-4rtb")
        self.join_button = widgets.Button(description="Join my partner", layout=button_layout())
        self.join_button.on_click(lambda _b: self.join(self.code_field.value))
        self.unpair_button = widgets.Button(description="End the pairing", layout=button_layout())
        self.unpair_button.on_click(lambda _b: self.unpair())
        self.message = QuietHTML(repr_name="PairingMessage")
        # Self-study on two computers (a workbook file, no personal code): pair by exchanging a file.
        self.exchange_intro = QuietHTML(repr_name="ExchangeIntro")
        self.exchange_start = widgets.Button(description="Start a partnership file for my partner",
                                             layout=button_layout())
        self.exchange_start.on_click(lambda _b: self.start_exchange())
        self.exchange_download = widgets.HBox()
        self.exchange_upload = widgets.FileUpload(accept=".json", multiple=False,
                                                  description="Take in my partner's file")
        self.exchange_upload.observe(lambda change: self._uploaded(change["new"]), names="value")
        self.controls = widgets.VBox()
        super().__init__(children=[QuietHTML("<h2>Your partner</h2>", repr_name="PartnerHeading"), self.state,
                                   self.controls, self.message])
        self.add_class("mk-pairing-panel")
        session.observe(lambda _s: self.refresh(), owner=self)
        self.refresh()

    # -- what the participant does ---------------------------------------------------
    def invite(self, role: str = "") -> Invitation | None:
        from mentoringkit.model.partnership import PartnershipError
        from mentoringkit.store.partnership import invite

        try:
            invitation = invite(self.session, role)
        except PartnershipError as exc:
            self.message.value = status(str(exc), "error")
            return None
        link = html.escape(self._invite_link(invitation.code), quote=True)
        self.invitation_area.value = (
            "<p>Give your partner this invitation. It works once, until "
            f"{invitation.expires:%Y-%m-%d}:</p>"
            f'<p class="mk-invitation" style="font-family:monospace;font-size:1.4em">{html.escape(invitation.code)}'
            f'</p><p>or this link: <a class="mk-invitation-link" href="{link}">{link}</a>. They enter it on their '
            + ("own start page, with their own personal code. Never give them your personal code.</p>"
               if self.session.code else "own start page, signed in as themselves.</p>"))
        self.message.value = ""
        self.refresh()
        return invitation

    def join(self, typed: str) -> bool:
        from mentoringkit.model.partnership import PartnershipError
        from mentoringkit.store.partnership import accept

        try:
            record = accept(self.session, typed)
        except PartnershipError as exc:
            self.code_field.set_error(str(exc))
            self.message.value = ""
            return False
        self.code_field.set_error(None)
        self.code_field.value = ""
        partner = self.session.partner()
        name = isolate(partner.name) if partner and partner.name else "your partner"
        self.message.value = status(
            f"You are now paired with {name}. The shared agreement, plan and log start from {name}'s; your own "
            f"plan rows and log entries were added to them, and agreement parts {name} had left empty were filled "
            f"from yours. ({record.names()})", "info")
        self.refresh()
        return True

    def unpair(self) -> None:
        partner = self.session.partner()
        name = partner.name if partner and partner.name else "your partner"
        self.session.unpair()
        self.invitation_area.value = ""
        self.message.value = status(
            f"The pairing has ended. You keep a copy of the agreement, plan and log as they are now, in your own "
            f"workbook; {name} keeps the shared record as it is, without you. Nothing private was ever shared.",
            "info")
        self.refresh()

    # -- self-study: exchanging the shared record as a file ------------------------------
    def start_exchange(self, role: str = "") -> bool:
        """Start a partnership from this workbook so its shared record can be sent as a file."""
        from mentoringkit.model.partnership import PartnershipError
        from mentoringkit.store.partnership import export_record

        self.session.save()
        try:
            export_record(self.session.path, role)  # type: ignore[arg-type]
        except PartnershipError as exc:
            self.message.value = status(str(exc), "error")
            return False
        self._take_in()
        self.message.value = status("Your partnership file is ready below: send it to your partner, who takes "
                                    "it in on their own start page.", "info")
        return True

    def import_file(self, raw: bytes) -> bool:
        """Take in the partner's exchange file: merged item by item, never overwriting what is here."""
        from mentoringkit.model.partnership import PartnershipError
        from mentoringkit.storage import WorkbookDataError
        from mentoringkit.store.partnership import import_record

        self.session.save()
        try:
            record, notes, joined = import_record(self.session.path, raw)  # type: ignore[arg-type]
        except WorkbookDataError as exc:
            self.message.value = status(f"That file is not a partnership file: {exc.detail} Nothing was taken in.",
                                        "error")
            return False
        except PartnershipError as exc:
            self.message.value = status(str(exc), "error")
            return False
        self._take_in()
        done = "You joined" if joined else "Taken in"
        kept = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        self.message.value = status(f"{done}: the shared record of {record.names()}.", "info") + (
            f"<p>You had both changed these; yours are kept:</p><ul>{kept}</ul>" if kept else "")
        return True

    def _uploaded(self, value: object) -> None:
        files = list(value or ())  # type: ignore[call-overload]
        if files:
            self.import_file(bytes(files[0]["content"]))

    def _take_in(self) -> None:
        """Bring the page up to date with what the exchange wrote to the workbook and the record."""
        self.session.pull()
        if self.session.record is None:
            self.session._load_record()
        self.session._refresh_followers()
        self.session._notify()

    def _exchange_controls(self) -> list[widgets.Widget]:
        from mentoringkit.model.partnership import export_data

        s = self.session
        if s.code is not None or s.path is None or s.in_voila:
            return []
        self.exchange_intro.value = ("<h3>On two computers</h3><p>Working in JupyterLab on your own computer? "
                                     "Send your partner the shared record as a file and take in theirs; changes "
                                     "merge item by item and nothing of yours is overwritten. The file holds "
                                     "only the shared parts, nothing private.</p>")
        if s.record is None:
            return [self.exchange_intro, self.exchange_start, self.exchange_upload]
        import json

        text = json.dumps(export_data(s.record), ensure_ascii=False, indent=2) + "\n"
        fill_downloads(self.exchange_download, [("partnership-for-my-partner.json", text, "application/json",
                                                 "Download the shared record for your partner")])
        return [self.exchange_intro, self.exchange_download, self.exchange_upload]

    # -- drawing ------------------------------------------------------------------
    def _invite_link(self, code: str) -> str:
        from mentoringkit.widgets.module_page import START_PAGE

        start = self.session.curriculum.course.module(START_PAGE).notebook
        return f"{urllib.parse.quote(start)}?{urllib.parse.urlencode({'invite': code})}"

    def refresh(self) -> None:
        from mentoringkit.widgets.module_page import pairing_text

        s = self.session
        if not s.keeps_work:
            self.state.value = ("<p>Once you have your personal code you can pair with your mentor or mentee, "
                                "so you both work on one agreement, plan and log.</p>")
            if self.code_field.value:
                self.state.value += status("You have an invitation: get your personal code (or open your "
                                           "workbook) first, then press “Join my partner”.", "info")
            controls: list[widgets.Widget] = [self.code_field, self.join_button] if self.code_field.value else []
        elif problem := s.pairing_problem():  # the hub's shared folder for pairs cannot be used
            self.state.value = status(problem, "warn")
            controls = []
        elif s.workbook.partnership is None:
            self.state.value = f"<p>You are not paired yet. {html.escape(_WHAT_IS_SHARED)}</p>"
            if s.workbook.profile.role in ("mentor", "mentee"):
                invite: list[widgets.Widget] = [self.invite_button]
            else:
                invite = [self.invite_as_mentor, self.invite_as_mentee]
            controls = [*invite, self.invitation_area, self.code_field, self.join_button]
        else:
            self.state.value = (f'<p class="mk-paired-with">{isolated_html(pairing_text(s))}</p>'
                                f"<p>{html.escape(_WHAT_IS_SHARED)}</p><p>Ending the pairing leaves each of you "
                                "a copy of the shared documents as they are then.</p>")
            controls = [self.invitation_area, self.unpair_button]
            if s.partner() is None:
                controls = [self.invite_button, self.invitation_area, self.unpair_button]
        controls += self._exchange_controls()
        if list(self.controls.children) != controls:
            self.controls.children = controls

    def __repr__(self) -> str:
        return "PairingPanel()"
