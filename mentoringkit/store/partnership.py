"""Where partnership records and invitations live, pairing two sessions, and exchanging a record as a file.

The rules are in mentoringkit.model.partnership; this is the part that touches files: records in
``<data>/partnerships/<id>.json`` saved through ``storage.sync_document`` (the same lock and merge as
workbooks), invitations in ``<data>/invitations/<code>.json`` (random, single use, expiring). ``<data>`` is the
workbook's data folder, or on a JupyterHub the shared folder for pairs its administrator set up
(mentoringkit.store.shared), where the two accounts of a pair meet.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentoringkit.model.partnership import (
    SHARED_KEYS,
    InvitationError,
    PairRole,
    Partner,
    Partnership,
    PartnershipError,
    exchange_merge,
    export_data,
    join,
    link_for,
    other_role,
    record_from_workbook,
    shared_data,
)
from mentoringkit.parsing import from_data, to_data
from mentoringkit.workbook import PartnershipLink

__all__ = [
    "INVITATION_DAYS",
    "Invitation",
    "PartnershipFiles",
    "accept",
    "data_root_for",
    "export_record",
    "files_for",
    "import_record",
    "invite",
    "new_invitation_code",
    "record_path_for",
]

#: How long an invitation can be used.
INVITATION_DAYS = 7


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


_INVITE_RE = re.compile(r"^pair(?:-[23456789abcdefghjkmnpqrstwxyz]{4}){3}$")  # the personal codes' alphabet


def new_invitation_code() -> str:
    """``pair-xxxx-xxxx-xxxx``: made like a personal code (about 58 random bits), and single-use and expiring."""
    from mentoringkit.storage import random_code

    return random_code("pair")


@dataclass
class Invitation:
    code: str
    partnership: str  # the record's id
    inviter_name: str
    inviter_role: PairRole
    expires: dt.datetime
    used: bool = False


class PartnershipFiles:
    """Partnership records and invitations in a data folder (``<root>/partnerships``, ``<root>/invitations``).

    Paths are only built from ids and codes that pass a strict pattern, never from raw text.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self.records = self.root / "partnerships"
        self.invitations = self.root / "invitations"

    def record_path(self, partnership_id: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{16}", partnership_id or ""):
            raise PartnershipError("That is not a partnership id.")
        return self.records / f"{partnership_id}.json"

    @staticmethod
    def normalise_invitation(typed: str) -> str:
        code = (typed or "").strip().lower()
        if "invite=" in code:  # the whole link pasted
            code = code.split("invite=", 1)[1].split("&", 1)[0]
        if not _INVITE_RE.fullmatch(code):
            raise InvitationError("That does not look like an invitation: an invitation is 'pair' and three "
                                  "groups of four letters or digits, such as pair-7h3m-q9xw-4rtb.")
        return code

    def _invitation_path(self, code: str) -> Path:
        return self.invitations / f"{self.normalise_invitation(code)}.json"

    def issue(self, record: Partnership, inviter: Partner, *, now: dt.datetime | None = None) -> Invitation:
        from mentoringkit.storage import _write_atomic, make_private_dir

        make_private_dir(self.invitations)
        code = new_invitation_code()
        while self._invitation_path(code).exists():
            code = new_invitation_code()
        invitation = Invitation(code=code, partnership=record.id, inviter_name=inviter.name,
                                inviter_role=inviter.role,
                                expires=(now or _now()) + dt.timedelta(days=INVITATION_DAYS))
        _write_atomic(_json_bytes(to_data(invitation)), self._invitation_path(code))
        return invitation

    def redeem(self, typed: str, use: Callable[[Invitation], None], *, now: dt.datetime | None = None) -> Invitation:
        """Check an invitation and, under its lock, call ``use(invitation)`` and mark it used (single use).

        InvitationError, in plain words, for a malformed, unknown, expired or used invitation."""
        from mentoringkit.storage import _read_bytes, _write_atomic, make_private_dir
        from mentoringkit.store.lock import locked

        path = self._invitation_path(typed)
        code = path.stem
        make_private_dir(self.invitations)
        with locked(path):
            try:
                invitation = from_data(Invitation, json.loads(_read_bytes(path)))
            except Exception:
                raise InvitationError(f"No invitation {code} was issued here. Check it letter by letter, or "
                                      "ask your partner for a new one.") from None
            if invitation.used:
                raise InvitationError(f"The invitation {code} has already been used: an invitation pairs "
                                      "two people once. Ask your partner for a new one.")
            if (now or _now()) > invitation.expires:
                raise InvitationError(f"The invitation {code} expired on "
                                      f"{invitation.expires:%Y-%m-%d}. Ask your partner for a new one.")
            use(invitation)
            invitation.used = True
            _write_atomic(_json_bytes(to_data(invitation)), path)
        return invitation


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------
# Pairing two sessions


def _check_can_pair(session: Any) -> None:
    problem = session.pairing_problem() if session.keeps_work else None
    if problem:  # the shared folder for pairs is set but cannot be used
        raise PartnershipError(problem)
    if not session.keeps_work or session.partnership_files() is None:
        raise PartnershipError("Pairing needs a workbook that is kept: get your personal code first (or open "
                               "your workbook), then invite your partner.")
    partner = session.partner()
    if partner is not None:
        raise PartnershipError(f"You are already paired with {partner.name or 'your partner'} "
                               f"({partner.role}). End that pairing first to pair with someone else.")


#: What a page says when the computer refuses to read or write the invitations and records (a shared folder whose
#: permissions were changed, a full disk): in plain words, without the server's paths.
SHARED_FILES_REFUSED = ("The invitation could not be handled just now: this computer refused to read or write "
                        "the partnership files. Your own work is still saved. Try again in a moment; if it keeps "
                        "happening, tell the person who runs the programme.")


def invite(session: Any, role: str = "", *, now: dt.datetime | None = None) -> Invitation:
    """Issue an invitation for this participant's partner. The first invitation starts the shared record,
    seeded from this participant's agreement, plan and log. ``role`` is this participant's role in the pair
    (default: the profile's role when it is mentor or mentee)."""
    _check_can_pair(session)
    link = session.workbook.partnership
    if link is not None and session.record is not None:
        record, role = session.record, link.role  # still waiting for the partner: a fresh invitation
    else:
        role = role or (session.workbook.profile.role or "")
        if role not in ("mentor", "mentee"):
            raise PartnershipError("Say whether you are the mentor or the mentee in this pair before inviting "
                                   "your partner.")
        record = record_from_workbook(session.workbook, role)  # type: ignore[arg-type]
        session.link_partnership(record, role)
        record = session.record
    me = record.partner(role) or Partner(id=session.workbook.id, name=session.workbook.profile.name, role=role)
    try:
        return session.partnership_files().issue(record, me, now=now)
    except OSError:
        raise PartnershipError(SHARED_FILES_REFUSED) from None


def accept(session: Any, typed: str, *, now: dt.datetime | None = None) -> Partnership:
    """Join the partnership an invitation is for. InvitationError for a malformed, unknown, expired, used or
    own invitation; nothing changes then."""
    from mentoringkit.storage import WorkbookFileError, _load_checked

    _check_can_pair(session)
    files: PartnershipFiles = session.partnership_files()
    own = session.workbook.partnership.id if session.workbook.partnership else ""

    def use(invitation: Invitation) -> None:
        if invitation.partnership == own:
            raise InvitationError("This is your own invitation: give it to your partner, who enters it on "
                                  "their start page.")
        path = files.record_path(invitation.partnership)
        try:
            record, data = _load_checked(path, Partnership)
        except WorkbookFileError:
            raise InvitationError("The partnership this invitation was for no longer exists. Ask your partner "
                                  "for a new invitation.") from None
        role = other_role(invitation.inviter_role)
        if not record.partners:
            raise InvitationError(f"{invitation.inviter_name or 'The person who invited you'} has left this "
                                  "partnership. Ask for a new invitation.")
        if record.partner(role) is not None:
            raise InvitationError("Someone has already joined this partnership as the " + role + ".")
        if own:
            session.unpair()  # an invitation of one's own that nobody used: leave that empty record
        session.link_partnership(join(record, session.workbook, role), role, base=data)

    try:
        files.redeem(typed, use, now=now)
    except OSError:
        raise PartnershipError(SHARED_FILES_REFUSED) from None
    return session.record


# ---------------------------------------------------------------------------
# File exchange from the command line (or a page): a workbook file and the record beside it


def data_root_for(workbook_path: Path) -> Path:
    """The data folder of a workbook file: its own folder, or the one above ``workbooks/`` for a workbook kept
    under a personal code. Partnership records and invitations live there."""
    root = Path(workbook_path).parent
    return root.parent if root.name == "workbooks" else root


def files_for(workbook_path: Path, environ: Any = None) -> PartnershipFiles:
    """Where a workbook's partnership records and invitations live: the shared folder for pairs when the
    administrator set one (``MENTORINGKIT_SHARED_STORE``), else the workbook's data folder.

    SharedStoreError (a PartnershipError, in plain words) when the shared folder is set but cannot be used:
    pairs are then never kept anywhere else, where the partner's account could not reach them."""
    from mentoringkit.store.shared import check_store, configured_store

    shared = configured_store(environ)
    if shared is None:
        return PartnershipFiles(data_root_for(workbook_path))
    check_store(shared)
    return PartnershipFiles(shared)


def record_path_for(workbook_path: Path, partnership_id: str) -> Path:
    """Where the record of a workbook file's partnership lives."""
    return files_for(workbook_path).record_path(partnership_id)


def _mirror(workbook_path: Path, record_data: dict[str, Any], link: PartnershipLink | None = None) -> None:
    """Bring the workbook's copy of the shared parts (and its link) in line with the record."""
    from mentoringkit.storage import sync_workbook

    replace = shared_data(record_data)
    if link is not None:
        replace["partnership"] = to_data(link)
    sync_workbook(workbook_path, None, None, "exchange", replace=replace)


def export_record(workbook_path: Path, role: str = "", *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The exchange file's data for this workbook's partnership. A workbook not paired yet starts a partnership
    here (as its ``role``, default the profile's), seeded from its agreement, plan and log."""
    from mentoringkit.storage import load_workbook, sync_document

    workbook_path = Path(workbook_path)
    workbook = load_workbook(workbook_path)
    if workbook.partnership is None:
        role = role or (workbook.profile.role or "")
        if role not in ("mentor", "mentee"):
            raise PartnershipError("This workbook is not paired yet. Say whether you are the mentor or the "
                                   "mentee (--role mentor or --role mentee) to start the partnership.")
        record = record_from_workbook(workbook, role)  # type: ignore[arg-type]
        path = record_path_for(workbook_path, record.id)
        result = sync_document(path, None, record, "exchange", create=True, kind=Partnership)
        _mirror(workbook_path, result.data, link_for(record, role))  # type: ignore[arg-type]
        return export_data(result.workbook)
    path = record_path_for(workbook_path, workbook.partnership.id)
    result = sync_document(path, None, None, "exchange", kind=Partnership)
    return export_data(result.workbook)


def import_record(workbook_path: Path, raw: bytes) -> tuple[Partnership, list[str], bool]:
    """Take in a partner's exchange file: (the record now, notes on values where both changed, joined?).

    A workbook not paired yet joins the partnership the file is for, in the role the file leaves free; a
    paired one merges by item, never overwriting its own values. PartnershipError for a file of another
    partnership (nothing changes then); WorkbookDataError for a file that is not a partnership record.
    """
    from mentoringkit.storage import WorkbookFileError, _load_checked, document_from_bytes, load_workbook, sync_document

    workbook_path = Path(workbook_path)
    incoming: Partnership = document_from_bytes(raw, Partnership)
    workbook = load_workbook(workbook_path)
    if workbook.partnership is None:
        taken = {p.role for p in incoming.partners if p.id != workbook.id}
        free = [r for r in ("mentor", "mentee") if r not in taken]
        if not free:
            raise PartnershipError(f"This file is the record of a partnership that already has a mentor and a "
                                   f"mentee ({incoming.names()}); it is not yours to join.")
        role = free[0] if len(free) == 1 or workbook.profile.role not in free else workbook.profile.role
        joined = join(incoming, workbook, role)  # type: ignore[arg-type]
        joined.exchanged = {key: incoming.to_dict(complete=True)[key] for key in (*SHARED_KEYS, "partners")}
        path = record_path_for(workbook_path, joined.id)
        result = sync_document(path, None, joined, "exchange", create=True, kind=Partnership)
        _mirror(workbook_path, result.data, link_for(joined, role))  # type: ignore[arg-type]
        return result.workbook, [], True
    path = record_path_for(workbook_path, workbook.partnership.id)
    try:
        local, base = _load_checked(path, Partnership)
    except WorkbookFileError as exc:
        raise PartnershipError(f"The shared record of this workbook's partnership cannot be read: {exc.detail}") \
            from None
    merged, notes = exchange_merge(local, incoming)
    result = sync_document(path, base, merged, "exchange", kind=Partnership)
    _mirror(workbook_path, result.data)
    return result.workbook, notes, False
