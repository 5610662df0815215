"""The partnership: one record a mentor and a mentee share, holding their agreement, plan and log.

Each partner keeps a private workbook; while they are paired, the parts of it they share live in one
partnership record (``<data>/partnerships/<id>.json``) that both pages save to through the same lock and
three-way merge as workbooks (mentoringkit.storage.sync_document). The workbook links to the record
(``Workbook.partnership``) and keeps a copy of the shared parts, so each side still has them when the pair
ends. Nothing private (reflections, self-assessment, trap checks, evaluations, drafts…) is ever copied into
the record: only the keys in ``SHARED_KEYS``.

These are the rules only (no files): saving records, invitations and file exchange are in
mentoringkit.store.partnership.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any, Literal

from mentoringkit.parsing import DataError, from_data, to_data
from mentoringkit.workbook import (
    Agreement,
    LogEntry,
    PartnershipLink,
    PlanRow,
    SyncNotice,
    Workbook,
    WorkbookVersionError,
)

__all__ = [
    "SHARED_KEYS",
    "InvitationError",
    "Partner",
    "Partnership",
    "PartnershipError",
    "exchange_merge",
    "export_data",
    "join",
    "link_for",
    "other_role",
    "private_copy",
    "record_from_workbook",
    "shared_data",
]

#: The parts of a workbook a pair shares. Everything else stays in each person's own workbook only.
SHARED_KEYS: tuple[str, ...] = ("agreement", "plan", "log")

PairRole = Literal["mentor", "mentee"]

RECORD_SCHEMA = 1


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def other_role(role: str) -> PairRole:
    return "mentee" if role == "mentor" else "mentor"


class PartnershipError(ValueError):
    """A partnership step that cannot be done; the message says why in plain words."""


class InvitationError(PartnershipError):
    """An invitation code that cannot be used (unknown, expired, used, or one's own)."""


@dataclass
class Partner:
    """One side of the pair. ``id`` is the partner's workbook id (not their personal code)."""

    id: str = ""
    name: str = ""
    role: PairRole = "mentee"
    joined: dt.datetime | None = None


@dataclass
class Partnership:
    """The shared record of one pair."""

    NOUN = "partnership record"

    schema_version: int = RECORD_SCHEMA
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    created: dt.datetime = field(default_factory=_now)
    updated: dt.datetime = field(default_factory=_now)
    partners: list[Partner] = field(default_factory=list)
    agreement: Agreement = field(default_factory=Agreement)
    plan: list[PlanRow] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)
    # The shared parts as the partner's file had them at the last import: the base of the next import.
    exchanged: dict[str, Any] = field(default_factory=dict)
    last_writer: str = ""
    sync_notices: list[SyncNotice] = field(default_factory=list)

    def to_dict(self, *, complete: bool = False) -> dict[str, Any]:
        data = to_data(self)
        if not complete:
            for key in ("last_writer", "sync_notices", "exchanged"):
                if not data[key]:
                    del data[key]
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Partnership:
        if not isinstance(data, dict):
            raise DataError(f"a partnership record must be a JSON object, got {type(data).__name__}")
        if data.get("kind") == "mentoringkit-partnership":  # an exported file
            data = {k: v for k, v in data.items() if k not in ("kind", "partnership")}
        version = data.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise DataError(f"schema_version must be a whole number of 1 or more, got {version!r:.40}",
                            ("schema_version",))
        if version > RECORD_SCHEMA:
            raise WorkbookVersionError(f"this partnership record was saved by a newer mentoringkit (schema "
                                       f"{version}); upgrade mentoringkit to open it", ("schema_version",))
        return from_data(cls, data)

    def touch(self) -> None:
        self.updated = _now()

    # -- who is who ---------------------------------------------------------
    def partner(self, role: str) -> Partner | None:
        return next((p for p in self.partners if p.role == role), None)

    def names(self) -> str:
        """"Ada Lovelace (mentor) and Sam Okafor (mentee)" — exports name both partners."""
        ordered = sorted(self.partners, key=lambda p: p.role != "mentor")
        named = [f"{p.name or 'name not given'} ({p.role})" for p in ordered]
        return " and ".join(named) if named else "no partners yet"


def shared_data(data: dict[str, Any]) -> dict[str, Any]:
    """Only the shared parts of a workbook or record document (plain data)."""
    return {key: data[key] for key in SHARED_KEYS if key in data}


def record_from_workbook(workbook: Workbook, role: PairRole) -> Partnership:
    """A new record seeded from the inviter's agreement, plan and log, naming the inviter."""
    data = shared_data(workbook.to_dict(complete=True))
    record = Partnership.from_dict({"schema_version": RECORD_SCHEMA, **data})
    record.partners = [Partner(id=workbook.id, name=workbook.profile.name, role=role, joined=_now())]
    return record


def join(record: Partnership, workbook: Workbook, role: PairRole) -> Partnership:
    """The record with ``workbook``'s person added as ``role``. Their plan rows and log entries are added to
    the shared ones, and agreement parts the inviter left empty are filled from theirs (nothing is lost)."""
    data = record.to_dict(complete=True)
    mine = workbook.to_dict(complete=True)
    for key in ("plan", "log"):
        known = {item["id"] for item in data[key]}
        data[key] += [item for item in mine[key] if item["id"] not in known]
    empty_data = to_data(Agreement())
    for key, value in mine["agreement"].items():
        if data["agreement"].get(key) == empty_data.get(key) and key not in ("mentor", "mentee"):
            data["agreement"][key] = value
    joined = Partnership.from_dict(data)
    joined.partners = [p for p in joined.partners if p.id != workbook.id and p.role != role]
    joined.partners.append(Partner(id=workbook.id, name=workbook.profile.name, role=role, joined=_now()))
    return joined


def private_copy(workbook: Workbook) -> Workbook:
    """The workbook as it stands on its own after leaving a pair: the link removed, shared parts kept."""
    data = workbook.to_dict(complete=True)
    data["partnership"] = None
    return Workbook.from_dict(data)


# ---------------------------------------------------------------------------
# File exchange between two computers (self-study): merge by item, never overwriting


def exchange_merge(local: Partnership, incoming: Partnership) -> tuple[Partnership, list[str]]:
    """Merge an imported record into the local one, three-way against the last exchanged version.

    Additions from both sides stay; where both changed the same value, the local value is kept and the
    incoming one is reported (returned as plain-words notes), so nothing is overwritten by an import.
    PartnershipError when the file belongs to another partnership.
    """
    from mentoringkit.store.merge import merge3
    from mentoringkit.store.notices import collision_text

    if incoming.id != local.id:
        raise PartnershipError(f"This file is the shared record of another partnership ({incoming.names()}), "
                               f"not of yours ({local.names()}). Nothing was imported.")
    local_data, incoming_data = local.to_dict(complete=True), incoming.to_dict(complete=True)
    # Before any import, the base is an empty record: what only one side filled in is taken, and where both
    # filled in the same part differently, this side's stays.
    empty = Partnership().to_dict(complete=True)
    base = local.exchanged or {}
    merged: dict[str, Any] = dict(local_data)
    notes: list[str] = []
    for key in (*SHARED_KEYS, "partners"):
        base_value = base.get(key, empty[key])
        value, collisions = merge3(base_value, local_data[key], incoming_data[key], (key,))
        merged[key] = value
        for collision in collisions:
            what, replaced, kept = collision_text(collision, merged)
            notes.append(f"{what}: kept yours ({kept}); the imported file had {replaced}")
    result = Partnership.from_dict(merged)
    # The base of the next import: what the other side is known to have had, and this side has now taken in,
    # so it is an ancestor of both sides' next versions. (An export does not move it: the other side may
    # never import that file.)
    result.exchanged = {key: incoming_data[key] for key in (*SHARED_KEYS, "partners")}
    return result, notes


def export_data(record: Partnership) -> dict[str, Any]:
    """The record as an exchange file: only the shared parts and who the partners are."""
    data = record.to_dict(complete=True)
    keep = ("schema_version", "id", "created", "updated", "partners", *SHARED_KEYS)
    return {"kind": "mentoringkit-partnership", "partnership": record.names(), **{k: data[k] for k in keep}}


def link_for(record: Partnership, role: PairRole) -> PartnershipLink:
    return PartnershipLink(id=record.id, role=role)
