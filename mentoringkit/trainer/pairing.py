"""Pairing the partners a roster names, through the same invitation the start page uses, and never undoing a
pairing the people made (or ended) themselves.

``pair_state`` looks at two people's workbooks before their packets are built: already paired with each
other, free to pair, or in a pairing the roster does not match (then both rows are refused with the reason).
``pair_people`` pairs two free people once both workbooks exist: it opens each person's session exactly as
their served page would, issues an invitation from one and accepts it in the other
(mentoringkit.store.partnership.invite and accept), so a trainer's pairing is the app's pairing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentoringkit.trainer.roster import RosterPerson

__all__ = ["PairState", "pair_people", "pair_state"]


@dataclass(frozen=True)
class PairState:
    """What to do with one pair: ``paired`` (nothing: already linked to one record), ``free`` (pair them) or
    ``conflict`` (leave both as they are; ``reasons`` maps each row's line to why)."""

    state: str
    reasons: dict[int, str]


def _look(data_dir: Path, code: str) -> tuple[Any, Any, str]:
    """(workbook or None, its partnership record or None, a problem with that record or '')."""
    from mentoringkit.model.partnership import Partnership, PartnershipError
    from mentoringkit.storage import WorkbookFileError, WorkbookStore, _load_checked
    from mentoringkit.store.partnership import PartnershipFiles

    store = WorkbookStore(Path(data_dir) / "workbooks")
    if not store.exists(code):
        return None, None, ""
    try:
        workbook = store.open(code)
    except WorkbookFileError as exc:
        return None, None, f"their workbook cannot be opened ({exc.detail})"
    if workbook.partnership is None:
        return workbook, None, ""
    try:
        path = PartnershipFiles(Path(data_dir)).record_path(workbook.partnership.id)
        return workbook, _load_checked(path, Partnership)[0], ""
    except (WorkbookFileError, PartnershipError) as exc:
        detail = getattr(exc, "detail", "") or str(exc)
        return workbook, None, f"their workbook is linked to a shared partnership record that cannot be read ({detail})"


def pair_state(data_dir: Path, mentor: RosterPerson, mentee: RosterPerson, codes: dict[str, str], *,
               paired_before: bool = False) -> PairState:
    """Whether the roster's pair can be paired now, is paired already, or meets a pairing made in the app."""
    looked = {p.line: _look(data_dir, codes[p.key]) for p in (mentor, mentee)}
    m_wb, e_wb = looked[mentor.line][0], looked[mentee.line][0]
    if m_wb is not None and e_wb is not None and m_wb.partnership is not None and e_wb.partnership is not None \
            and m_wb.partnership.id == e_wb.partnership.id:
        return PairState("paired", {})

    from mentoringkit.model.partnership import other_role

    reasons: dict[int, str] = {}
    for me, them in ((mentor, mentee), (mentee, mentor)):
        workbook, record, problem = looked[me.line]
        them_workbook = looked[them.line][0]
        if problem:
            reasons[me.line] = f"{problem}; nobody is paired until it is repaired or restored"
            continue
        if workbook is None or workbook.partnership is None or record is None:
            continue
        link = workbook.partnership
        other = record.partner(other_role(link.role))
        if other is not None and (them_workbook is None or other.id != them_workbook.id):
            reasons[me.line] = (f"already paired in the kit with {other.name or 'someone'} ({other.role}), a "
                                f"pairing made on a start page, while the roster names {them.name}; that pairing "
                                "is left as it is: end it on the start page first, or change the roster")
        elif other is None and link.role != me.pair_role:
            reasons[me.line] = (f"started a pairing on their start page as the {link.role}, while the roster makes "
                                f"them the {me.pair_role} with {them.name}; that is left as it is: end it on the "
                                "start page first, or change the roster")
    if not reasons and paired_before:
        for me, them in ((mentor, mentee), (mentee, mentor)):
            reasons[me.line] = (f"was paired with {them.name} at an earlier run, and that pairing has been ended "
                                "on a start page since; it stays ended (pair again on the start page, or take "
                                "the partner off both rows)")
    if not reasons:
        return PairState("free", {})
    for me, them in ((mentor, mentee), (mentee, mentor)):
        reasons.setdefault(me.line, f"their partner {them.name} (line {them.line}) cannot be paired with them "
                                    "(see that line), so neither is paired")
    return PairState("conflict", reasons)


def pair_people(data_dir: Path, mentor_code: str, mentee_code: str, curriculum: Any) -> None:
    """Pair two people as they would pair themselves: one invites, the other accepts, each in their own session.

    Whoever already started a pairing in the app invites (their record goes on); otherwise the mentor does.
    Raises PartnershipError (or WorkbookFileError, OSError) in plain words when it cannot be done.
    """
    from mentoringkit.model.partnership import PartnershipError
    from mentoringkit.session import open_session
    from mentoringkit.storage import WorkbookStore
    from mentoringkit.store.partnership import accept, invite

    store = WorkbookStore(Path(data_dir) / "workbooks")
    sessions = []
    for code in (mentor_code, mentee_code):
        # No Voilà request here (environ={}): the session opens the workbook by its code, as a served page does.
        session = open_session(code=code, curriculum=curriculum, store=store, environ={})
        if session.problem or not session.keeps_work:
            raise PartnershipError(session.problem or "the workbook cannot be opened")
        sessions.append(session)
    mentor, mentee = sessions
    inviter, joiner, role = mentor, mentee, "mentor"
    if mentee.workbook.partnership is not None and mentor.workbook.partnership is None:
        inviter, joiner, role = mentee, mentor, "mentee"
    invitation = invite(inviter, role)
    accept(joiner, invitation.code)
    for session in sessions:
        if not session.saved_ok or session.problem:
            raise PartnershipError(session.problem or "the pairing could not be saved")
