"""One participant's session: which workbook a notebook page works on, and saving it after every change.

Every module notebook starts with ``open_session()``. It finds the right workbook for where the page runs
(a batch run, a Voilà page with a personal code, or a person's own JupyterLab) so widgets never deal with
files, codes or servers themselves.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import urllib.parse
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mentoringkit.workbook import SyncNotice, Workbook

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum
    from mentoringkit.hub import HubIdentity
    from mentoringkit.model.partnership import Partnership
    from mentoringkit.storage import WorkbookStore
    from mentoringkit.store.partnership import PartnershipFiles

__all__ = [
    "OWN_WORKBOOK_NAME",
    "ROLES",
    "START_MODULE",
    "CodeError",
    "Session",
    "in_voila",
    "is_closed",
    "memory_session",
    "open_session",
    "request_query",
]

ROLES: tuple[str, ...] = ("mentor", "mentee", "both")

#: The start page's module id: served, it is also the app every module opens in (mentoringkit.app.navigation).
START_MODULE = "start-here"

#: The workbook file used when someone runs the notebooks in their own Jupyter (no codes needed there).
OWN_WORKBOOK_NAME = "my-workbook.json"

Role = Literal["mentor", "mentee", "both"]


class CodeError(ValueError):
    """A personal code that cannot be used; the message says what to do."""


@dataclass(eq=False)
class Session:
    """The workbook a page works on, where it is kept, and how to reach the other module pages.

    ``path`` is None for a session kept only in memory (nothing is written). ``problem`` holds a
    message for the participant when the stored workbook could not be opened or saved; ``backup``
    is a previous good copy that can be restored in that case.
    """

    curriculum: Curriculum = field(repr=False)
    workbook: Workbook = field(repr=False)
    code: str | None = None
    path: Path | None = None
    problem: str | None = None
    facilitator: bool = False
    trainer_key: str = field(default="", repr=False)  # carried in links while a trainer browses with notes
    in_voila: bool = False
    backup: Path | None = None
    store: WorkbookStore | None = field(default=None, repr=False)
    #: Whether the latest save reached the disk (pages never say "Saved" when it did not).
    saved_ok: bool = True
    #: Identifies this page among all pages writing the same workbook (see mentoringkit.store).
    writer: str = field(default_factory=lambda: secrets.token_hex(6))
    # While the stored file could not be opened, saving is held back so the damaged file stays as it is.
    _blocked: bool = field(default=False, repr=False)
    # (owner, callback): a weak reference to the screen the callback draws, or None when nothing owns it.
    _listeners: list[tuple[weakref.ref | None, Callable[[Session], None]]] = field(default_factory=list,
                                                                                  repr=False)
    _followers: list[weakref.ref] = field(default_factory=list, repr=False)
    # The workbook as this page last read or wrote it: what its next save's changes are measured against.
    _base: dict[str, Any] | None = field(default=None, repr=False)
    # The file as this page last saw it (size, time, inode), so the watcher reads it only when it changed.
    _seen: tuple[int, int, int] | None = field(default=None, repr=False)
    _watching: bool = field(default=False, repr=False)
    #: Notices addressed to this page, taken out of the workbook so they stay on this page only.
    page_notices: list[SyncNotice] = field(default_factory=list, repr=False)
    #: While paired: the shared partnership record as last read or written (mentoringkit.model.partnership).
    record: Partnership | None = field(default=None, repr=False)
    _rbase: dict[str, Any] | None = field(default=None, repr=False)
    _rseen: tuple[int, int, int] | None = field(default=None, repr=False)
    #: The page address's query parameters (a served page), e.g. ``invite`` for a pair invitation.
    query: dict[str, str] = field(default_factory=dict, repr=False)
    #: How the participant's browser language writes numeric dates (from the page request's Accept-Language),
    #: used where course.yml sets no ``date_order``; None when unknown.
    browser_date_order: str | None = None
    _record_came_in: bool = field(default=False, repr=False)

    # -- reading ------------------------------------------------------------
    @property
    def role(self) -> Role | None:
        return self.workbook.profile.role

    @property
    def date_order(self) -> str:
        """How a numeric date such as 03/04/2027 is read on this page: as course.yml sets it, else as the
        participant's browser language writes dates, else day first."""
        return self.curriculum.course.date_order or self.browser_date_order or "dmy"

    @property
    def keeps_work(self) -> bool:
        """Whether changes are written anywhere (False for an in-memory session or a blocked file)."""
        return self.path is not None and not self._blocked

    def module_url(self, module_id: str) -> str:
        """Relative address of a module, carrying the personal code when there is one.

        A served page (Voilà) links into the app on the start page's address (``?module=<id>``), where moving
        between modules needs no new page or kernel (mentoringkit.app.navigation); in one's own Jupyter a
        module is its notebook."""
        course = self.curriculum.course
        try:
            module = course.module(module_id)
        except StopIteration:
            raise ValueError(f"no module with id {module_id!r} in the course") from None
        params: dict[str, str] = {}
        if self.in_voila:
            start = next((m for m in course.modules if m.id == START_MODULE), course.modules[0])
            if module.id != start.id:
                params["module"] = module.id
            module = start
        if self.code:
            params["code"] = self.code
        if self.facilitator:
            params["facilitator"] = "1"
            if self.trainer_key:
                params["key"] = self.trainer_key
        url = urllib.parse.quote(module.notebook)
        return f"{url}?{urllib.parse.urlencode(params)}" if params else url

    # -- changing -----------------------------------------------------------
    def observe(self, callback: Callable[[Session], None], *, owner: Any = None) -> None:
        """Call ``callback(session)`` after every save and whenever the workbook is swapped for another.

        ``owner`` is the widget the callback draws: once it is closed (a module left in the served app), the
        callback is dropped, so a long session does not keep every screen it ever showed."""
        self._listeners.append((weakref.ref(owner) if owner is not None else None, callback))

    def follow(self, screen: Any) -> None:
        """Call ``screen.refresh()`` whenever this session takes in changes made elsewhere (another tab, page or
        partner). Screens are held weakly, so a closed page's screens do not pile up, and a closed screen (a
        module left in the served app) is dropped."""
        if not any(ref() is screen for ref in self._followers):
            self._followers.append(weakref.ref(screen))

    def _live_followers(self) -> list[Any]:
        """The screens still followed, after dropping those that are gone or closed."""
        screens = [s for s in (ref() for ref in self._followers) if s is not None and not is_closed(s)]
        self._followers = [weakref.ref(screen) for screen in screens]
        return screens

    def _refresh_followers(self) -> None:
        """Have every screen still open redraw itself from the workbook (after changes made elsewhere)."""
        for screen in self._live_followers():
            screen.refresh()

    def forget_closed(self) -> None:
        """Stop following closed screens and drop the callbacks they owned (the served app calls this after
        closing a module it left)."""
        self._live_followers()
        self._listeners = [(ref, cb) for ref, cb in self._listeners if ref is None or _open(ref())]

    def _notify(self) -> None:
        self.forget_closed()
        for _owner, callback in list(self._listeners):
            callback(self)

    def save(self) -> None:
        """Save this page's changes; widgets call this after every change.

        Only what changed on this page since it last read or wrote the workbook is applied, to the latest
        saved copy (mentoringkit.storage.sync_workbook), so other tabs' and pages' work is never erased;
        what they saved meanwhile comes into this page. Never raises: a failure becomes ``self.problem``
        (in plain words, without server paths) and ``saved_ok`` turns False, while the participant's typing
        stays on screen.
        """
        if not self.keeps_work:
            self.workbook.touch()
            self._notify()
            return
        from mentoringkit.storage import same_content

        if self._base is not None and same_content(self.workbook.to_dict(complete=True), self._base):
            self._notify()  # nothing new on this page: nothing to write
            return
        self._sync(self.workbook)

    def pull(self) -> bool:
        """Take in what other pages saved since this page last looked (the watcher calls this every few
        seconds). Returns whether anything came in. Unsaved changes of this page are saved on the way.
        While paired, the partnership record is checked too: the partner's changes come in the same way."""
        if not self.keeps_work or self.path is None:
            return False
        try:
            seen = _file_signature(self.path)
        except OSError:
            return False  # gone or unreachable for now: the next save writes it again, or says why it cannot
        record_path = self.record_path()
        rseen = None
        if record_path is not None:
            with contextlib.suppress(OSError):
                rseen = _file_signature(record_path)
        if seen == self._seen and (record_path is None or rseen == self._rseen):
            return False
        from mentoringkit.storage import same_content

        local = self._base is None or not same_content(self.workbook.to_dict(complete=True), self._base)
        return self._sync(self.workbook if local else None)

    def _sync(self, mine: Workbook | None) -> bool:
        from mentoringkit.storage import WorkbookFileError, same_content, sync_workbook

        replace = None
        if self.record_path() is not None:
            # Paired: the shared parts are merged in the partnership record; the workbook keeps a copy.
            # A record that cannot be used (said in self.problem) does not stop the workbook's save: the
            # shared parts are then kept in the workbook, and reach the record once it can be used again.
            replace = self._sync_record(mine)
        try:
            # A workbook deleted behind the page's back is written again from the page's copy.
            result = sync_workbook(self.path, self._base, mine, self.writer,  # type: ignore[arg-type]
                                   create=mine is not None, replace=replace)
        except WorkbookFileError as exc:
            self._save_failed(f"Your latest change could not be saved. {exc.for_participant}")
            self.backup = exc.backup
            return False
        except Exception as exc:  # a full disk, a read-only folder, a lock held too long: the page must go on
            self._save_failed(_save_problem_text(exc))
            return False
        if self.problem and self.problem.startswith(_NOT_SAVED):
            self.problem = None
        self.saved_ok = True
        self._base = result.data
        with contextlib.suppress(OSError):
            self._seen = _file_signature(self.path)  # type: ignore[arg-type]
        from mentoringkit.store.live import update_in_place

        came_in = not same_content(self.workbook.to_dict(complete=True), result.data) or self._record_came_in
        self._record_came_in = False
        update_in_place(self.workbook, result.workbook)
        if came_in:
            self._refresh_followers()
        if self.notices():
            # Told here once; taken out of the workbook so another page or a reload does not repeat it.
            self.page_notices += self.notices()
            self.workbook.sync_notices[:] = [n for n in self.workbook.sync_notices if n.for_writer != self.writer]
            self._sync(self.workbook)
            return True
        self._notify()
        return came_in

    # -- the partnership ----------------------------------------------------------
    def data_root(self) -> Path | None:
        """The data folder this page's workbook lives in (partnership records and invitations sit beside)."""
        if self.path is None:
            return None
        from mentoringkit.store.partnership import data_root_for

        return data_root_for(self.path)

    def partnership_files(self) -> PartnershipFiles | None:
        """Where this workbook's partnership records and invitations live (the shared folder for pairs on a hub
        that has one); None for a workbook kept nowhere, or while the shared folder cannot be used (then
        ``pairing_problem()`` says why)."""
        from mentoringkit.store.partnership import files_for
        from mentoringkit.store.shared import SharedStoreError

        if self.path is None:
            return None
        try:
            return files_for(self.path)
        except SharedStoreError:
            return None

    def pairing_problem(self) -> str | None:
        """Why pairing is not possible right now on this server, in plain words (no server path), or None."""
        if self.path is None:
            return None
        from mentoringkit.store.partnership import files_for
        from mentoringkit.store.shared import SharedStoreError

        try:
            files_for(self.path)
        except SharedStoreError as exc:
            return str(exc)
        return None

    def record_path(self) -> Path | None:
        """The shared record's file while this workbook is paired, else None."""
        link = self.workbook.partnership
        files = self.partnership_files()
        if link is None or files is None:
            return None
        from mentoringkit.model.partnership import PartnershipError

        try:
            return files.record_path(link.id)
        except PartnershipError:
            return None

    @property
    def paired(self) -> bool:
        return self.record is not None and self.record_path() is not None

    def partner(self) -> Any:
        """The other side of the pair (a Partner), or None while not paired or while nobody has joined yet."""
        link = self.workbook.partnership
        if link is None or self.record is None:
            return None
        from mentoringkit.model.partnership import other_role

        return self.record.partner(other_role(link.role))

    def _sync_record(self, mine: Workbook | None) -> dict[str, Any] | None:
        """Save this page's changes to the shared parts into the partnership record and read the partner's.
        Returns the record's shared parts (plain data), or None when the record could not be used."""
        from mentoringkit.model.partnership import Partnership, shared_data
        from mentoringkit.storage import WorkbookFileError, sync_document

        path = self.record_path()
        assert path is not None
        record_mine = None
        if mine is not None and self.record is not None:
            record_mine = Partnership.from_dict({**self.record.to_dict(complete=True),
                                                 **shared_data(mine.to_dict(complete=True))})
        try:
            result = sync_document(path, self._rbase, record_mine, self.writer, kind=Partnership)
        except WorkbookFileError as exc:
            detail = "is missing" if exc.problem == "missing" else f"cannot be used: {exc.for_participant}"
            self.problem = (f"The shared record of your partnership {detail} Your agreement, plan and log are "
                            "saved in your own workbook only for now, and your partner does not see your "
                            "changes. Tell your trainer.")
            return None
        except Exception as exc:
            self.problem = ("Your partner does not see your latest changes to the agreement, plan or log yet: "
                            f"the shared record could not be saved ({_plain_os_error(exc)}). They are kept in "
                            "your own workbook.")
            return None
        from mentoringkit.storage import same_content

        expected = record_mine.to_dict(complete=True) if record_mine is not None else self._rbase
        # The partner joined or left, or changed a shared part: the screens must redraw.
        self._record_came_in = expected is not None and not same_content(expected, result.data)
        self._rbase = result.data
        with contextlib.suppress(OSError):
            self._rseen = _file_signature(path)
        if self.record is None:
            self.record = result.workbook
        else:
            from mentoringkit.store.live import update_in_place

            update_in_place(self.record, result.workbook)
        partner = self.partner()
        if partner is not None and partner.name and not self.workbook.profile.partner_name:
            self.workbook.profile.partner_name = partner.name  # so exports name both partners
        mine_notices = [n for n in self.record.sync_notices if n.for_writer == self.writer]
        if mine_notices:
            self.page_notices += mine_notices
            self.record.sync_notices[:] = [n for n in self.record.sync_notices if n.for_writer != self.writer]
            with contextlib.suppress(Exception):
                again = sync_document(path, self._rbase, self.record, self.writer, kind=Partnership)
                self._rbase = again.data
                with contextlib.suppress(OSError):
                    self._rseen = _file_signature(path)
        return shared_data(result.data)

    def _load_record(self) -> None:
        """Read the partnership record of a paired workbook and show its shared parts on this page."""
        self.record, self._rbase, self._rseen = None, None, None
        if self.record_path() is None:
            problem = self.pairing_problem() if self.workbook.partnership is not None else None
            if problem:
                self.problem = (f"{problem} Until then your agreement, plan and log are saved in your own "
                                "workbook only, and your partner does not see your changes.")
            return
        shared = self._sync_record(None)
        if shared is None:
            return
        from mentoringkit.model.partnership import Partnership
        from mentoringkit.store.live import update_in_place

        view = Workbook.from_dict({**self.workbook.to_dict(complete=True), **shared})
        update_in_place(self.workbook, view)
        assert isinstance(self.record, Partnership)

    def link_partnership(self, record: Partnership, role: str, base: dict[str, Any] | None = None) -> None:
        """Link this workbook to ``record`` as ``role`` and save both. ``base`` is the record as read before
        this page changed it (joining); None writes a new record."""
        from mentoringkit.model.partnership import Partnership, PartnershipError, link_for, shared_data
        from mentoringkit.storage import sync_document
        from mentoringkit.store.live import update_in_place

        files = self.partnership_files()
        if files is None or not self.keeps_work:
            raise PartnershipError("Pairing needs a workbook that is saved: get your personal code first.")
        path = files.record_path(record.id)
        result = sync_document(path, base, record, self.writer, create=base is None, kind=Partnership)
        self.record, self._rbase = result.workbook, result.data
        with contextlib.suppress(OSError):
            self._rseen = _file_signature(path)
        self.workbook.partnership = link_for(record, role)  # type: ignore[arg-type]
        update_in_place(self.workbook, Workbook.from_dict({**self.workbook.to_dict(complete=True),
                                                           **shared_data(result.data)}))
        self.save()
        self._refresh_followers()
        self._notify()

    def unpair(self) -> None:
        """Leave the partnership: this workbook keeps its copy of the shared parts as they are now; the record
        stays for the partner, without this person in it."""
        if self.workbook.partnership is None:
            return
        if self.record is not None and self.record_path() is not None:
            from mentoringkit.model.partnership import Partnership
            from mentoringkit.storage import sync_document

            left = Partnership.from_dict(self.record.to_dict(complete=True))
            left.partners = [p for p in left.partners if p.id != self.workbook.id]
            with contextlib.suppress(Exception):
                sync_document(self.record_path(), self._rbase, left, self.writer,  # type: ignore[arg-type]
                              kind=Partnership)
        self.save()  # the copy of the shared parts, as they are now
        self.workbook.partnership = None
        self.record, self._rbase, self._rseen = None, None, None
        self.save()
        self._refresh_followers()
        self._notify()

    def _save_failed(self, message: str) -> None:
        repeated = self.problem == message and not self.saved_ok
        self.problem = message
        self.saved_ok = False
        if not repeated:  # the watcher meets a lasting problem every few seconds: say it once, not on every look
            self._notify()

    def notices(self) -> list[SyncNotice]:
        """Notices in the workbook for this page (a change of its that a later save elsewhere replaced)."""
        return [n for n in self.workbook.sync_notices if n.for_writer == self.writer]

    def watch(self, every: float = 2.0) -> bool:
        """Check the workbook file every ``every`` seconds for changes saved elsewhere and take them in.

        Runs on the kernel's event loop (Voilà page or JupyterLab), so widgets update between messages.
        Returns False where there is no running event loop (plain Python, tests): call ``pull()`` instead.
        """
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        if self._watching:
            return True
        self._watching = True

        def tick() -> None:
            with contextlib.suppress(Exception):  # a watcher must never break the page
                self.pull()
            loop.call_later(every, tick)

        loop.call_later(every, tick)
        return True

    def _loaded(self, workbook: Workbook, path: Path | None) -> None:
        """This page now works on ``workbook``, as read from (or just written to) ``path``."""
        self.workbook, self.path = workbook, path
        self._base = workbook.to_dict(complete=True) if path is not None else None
        self._seen = None
        if path is not None:
            with contextlib.suppress(OSError):
                self._seen = _file_signature(path)
            self._load_record()
            if self.in_voila or _in_kernel():
                self.watch()  # a page that has just got its workbook (a new or typed code) follows it too

    def set_profile(self, *, participant: str = "", role: str = "") -> bool:
        """Fill in name and role where the profile has none yet. Returns whether anything changed."""
        role = _check_role(role)
        profile = self.workbook.profile
        changed = False
        if participant.strip() and not profile.name:
            profile.name = participant.strip()
            changed = True
        if role and profile.role is None:
            profile.role = role  # type: ignore[assignment]
            changed = True
        return changed

    def start_new_code(self) -> str:
        """Give this participant a fresh personal code and keep their workbook under it from now on.

        Anything already typed in this session moves into the new workbook.
        """
        from mentoringkit.storage import sync_workbook

        store = self._store()
        code = store.new_code()
        while store.exists(code):  # vanishingly rare, but two people must never share a code
            code = store.new_code()
        path = store.path_for(code)
        try:
            sync_workbook(path, None, self.workbook, self.writer, create=True)
        except Exception as exc:
            # No code is handed out for a workbook that does not exist on disk.
            self._save_failed(_save_problem_text(exc, creating=True))
            raise CodeError(self.problem) from None
        self.code = code
        self.problem, self.backup, self._blocked, self.saved_ok = None, None, False, True
        self._loaded(self.workbook, path)  # created from this page's copy, which is now what is on disk
        self._notify()
        return code

    def switch_to_code(self, typed: str) -> None:
        """Open the workbook saved under a code the participant typed; CodeError if there is none."""
        from mentoringkit.storage import CODE_EXAMPLE, WorkbookFileError, code_groups_rule

        store = self._store()
        try:
            code = store.normalise_code(typed)
        except ValueError:
            raise CodeError("That does not look like a personal code. A code is a word and three groups of "
                            f"four letters or digits, such as {CODE_EXAMPLE}.") from None
        if not store.exists(code):
            raise CodeError(f"No workbook is saved under the code {code}. Check it letter by letter; "
                            f"{code_groups_rule()}")
        path = store.path_for(code)
        try:
            workbook = store.open(code)
        except WorkbookFileError as exc:
            if exc.problem == "link":
                raise CodeError(f"The workbook for the code {code} cannot be opened: it is not an ordinary "
                                "workbook file. Ask your trainer to check the data folder.") from None
            # The code is right but the file is damaged: switch to it (blocked) so the backup can be offered.
            self.code, self.path, self.workbook = code, path, Workbook()
            self.problem, self.backup, self._blocked = _open_problem(exc), exc.backup, True
            self._base = None
            self._notify()
            return
        except OSError as exc:
            raise CodeError(f"The workbook for the code {code} cannot be opened right now "
                            f"({_plain_os_error(exc)}). Tell your trainer.") from None
        self.code = code
        self._loaded(workbook, path)
        self.problem, self.backup, self._blocked, self.saved_ok = None, None, False, True
        self._notify()

    def restore_backup(self) -> bool:
        """Put the last good copy back in place of a damaged workbook. Returns whether it worked."""
        from mentoringkit.storage import WorkbookFileError, restore_backup

        if self.path is None or self.backup is None:
            return False
        try:
            workbook = restore_backup(self.path)
        except WorkbookFileError as exc:
            self.problem = f"The previous copy could not be restored either. {exc.for_participant}"
            self._notify()
            return False
        self._loaded(workbook, self.path)
        self.problem, self.backup, self._blocked, self.saved_ok = None, None, False, True
        self._notify()
        return True

    def _store(self) -> WorkbookStore:
        if self.store is None:
            from mentoringkit.storage import WorkbookStore

            self.store = WorkbookStore()
        return self.store


def _open(screen: Any) -> bool:
    return screen is not None and not is_closed(screen)


def is_closed(screen: Any) -> bool:
    """Whether ``screen`` is a widget that has been closed (ipywidgets sets its ``comm`` to None on close)."""
    return getattr(screen, "comm", False) is None


# ---------------------------------------------------------------------------
# Opening a session


def in_voila(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this kernel was started by Voilà for a page request.

    Voilà 0.5 adds request details to the kernel's environment (``VOILA_REQUEST_URL``, ``QUERY_STRING``,
    ``SERVER_SOFTWARE=voila/<version>``); with preheated kernels ``VOILA_PREHEAT`` is set and the rest
    arrives once a page claims the kernel. Checked against Voilà 0.5.13 by tests/test_serve.py, where
    reopening the start page with ``?code=…`` brings the participant's name back.
    """
    env = os.environ if environ is None else environ
    return ("VOILA_REQUEST_URL" in env or "VOILA_PREHEAT" in env
            or env.get("SERVER_SOFTWARE", "").startswith("voila/"))


def request_query(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The query-string parameters of the Voilà page request (last value wins); {} outside Voilà."""
    env = os.environ if environ is None else environ
    if not in_voila(env):
        return {}
    if environ is None and env.get("VOILA_PREHEAT") == "True":
        # Work that does not depend on the participant is done before the wait, not after the click.
        from mentoringkit.exports import warm_up

        warm_up()
        _wait_for_voila_request()
    parsed = urllib.parse.parse_qs(env.get("QUERY_STRING", ""), keep_blank_values=False)
    return {key: values[-1] for key, values in parsed.items()}


def _wait_for_voila_request() -> None:
    """Block a preheated kernel until a page claims it, then put the request details into os.environ.

    Voilà 0.5's own ``voila.utils.wait_for_request`` does the same, but importing voila.utils pulls in
    Jupyter Server and nbconvert: about 50 MiB and 2 s more for every waiting kernel. This speaks the same
    protocol: one JSON message on ``voila/query/<kernel id>`` (voila/request_info_handler.py).
    """
    import asyncio
    import contextlib
    import json
    import threading

    import websockets  # a dependency of Voilà, so present wherever this runs

    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    url = f"{os.environ.get('VOILA_WS_PROTOCOL', 'ws')}://{host}:{port}{base}voila/query/" \
          f"{os.environ.get('VOILA_KERNEL_ID', '')}"
    received: list[str] = []

    async def receive() -> None:
        # Unreachable server: the page opens as a visit without a code, as with Voilà's own helper.
        with contextlib.suppress(OSError, TimeoutError, websockets.WebSocketException):
            async with websockets.connect(url, open_timeout=5) as socket:
                received.append(await socket.recv())

    # The kernel's own event loop is running in this thread, so the wait runs on a loop of its own.
    thread = threading.Thread(target=lambda: asyncio.run(receive()), daemon=True)
    thread.start()
    thread.join()
    if received:
        os.environ.update({str(k): str(v) for k, v in json.loads(received[0]).items()})


def _check_role(role: str) -> str:
    role = (role or "").strip().lower()
    if role and role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)} (or empty), got {role!r}")
    return role


def _open_problem(exc: Exception) -> str:
    from mentoringkit.storage import WorkbookFileError

    detail = exc.for_participant if isinstance(exc, WorkbookFileError) else _plain_os_error(exc) + "."
    return f"Your saved workbook could not be opened, so this page starts empty and saves nothing. {detail}"


_NOT_SAVED = "Your latest change could not be saved."


def _plain_os_error(exc: BaseException) -> str:
    """An operating-system error in words a participant can pass on, without file names or paths."""
    import errno

    number = getattr(exc, "errno", None)
    return {
        errno.ENOSPC: "the computer running the kit has no free disk space",
        errno.EDQUOT: "the disk space allowed for the kit is used up",
        errno.EROFS: "the folder where work is kept cannot be written to (it is read-only)",
        errno.EACCES: "the kit is not allowed to write in the folder where work is kept",
        errno.EPERM: "the kit is not allowed to write in the folder where work is kept",
    }.get(number, "the computer running the kit could not write the file")  # type: ignore[arg-type]


def _save_problem_text(exc: BaseException, *, creating: bool = False) -> str:
    from mentoringkit.store.lock import LockTimeout

    if isinstance(exc, LockTimeout):
        reason = "another page kept the workbook busy for too long"
    else:
        reason = _plain_os_error(exc)
    if creating:
        return (f"No personal code was issued, because your workbook could not be created: {reason}. "
                "Tell your trainer, then try again.")
    return (f"{_NOT_SAVED} Reason: {reason}. What you typed is still on this page: keep the page open, copy "
            "anything important, and tell your trainer.")


def _file_signature(path: Path) -> tuple[int, int, int]:
    info = Path(path).lstat()
    return info.st_mtime_ns, info.st_size, info.st_ino


def _truthy(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "on")


def _hub_identity(env: Mapping[str, str]) -> HubIdentity | None:
    """Who is signed in on a JupyterHub single-user server, else None (mentoringkit.hub is imported only there)."""
    if not env.get("JUPYTERHUB_USER"):
        return None
    from mentoringkit.hub import hub_identity

    return hub_identity(env)


def open_session(participant: str = "", role: str = "", workbook_path: str = "", code: str = "",
                 curriculum: Curriculum | None = None, facilitator: bool = False, *,
                 store: WorkbookStore | None = None, environ: Mapping[str, str] | None = None) -> Session:
    """The session for this notebook page.

    Which workbook, in order of precedence:

    1. ``workbook_path`` (papermill and batch runs): that file, created if missing.
    1a. on a JupyterHub single-user server (``JUPYTERHUB_USER`` set): ``<data dir>/my-workbook.json`` in the
       signed-in user's own account, whatever code the address carries; ``facilitator`` follows the hub's
       trainer role instead of the argument (see mentoringkit/hub.py).
    2. a personal code: the ``code`` argument, else ``?code=`` in the Voilà page address. An unknown or
       malformed code opens an empty in-memory session with ``problem`` saying so.
    3. outside Voilà (a person's own Jupyter): ``<data dir>/my-workbook.json``.
    4. a Voilà page with no code: an in-memory session; the start page then issues a code.

    ``participant`` and ``role`` fill in the profile where it is still empty. ``facilitator`` (or, in a
    served page, ``?facilitator=1`` together with the trainer key as ``&key=``) shows the trainer-only notes.
    ``store`` and ``environ`` exist for tests.
    """
    from mentoringkit.storage import WorkbookFileError, default_data_dir, load_or_create

    if curriculum is None:
        from mentoringkit.curriculum import load_curriculum

        curriculum = load_curriculum()
    role = _check_role(role)
    env = os.environ if environ is None else environ
    voila = in_voila(env)
    query = request_query(environ) if voila else {}
    trainer_key = ""
    if not facilitator and _truthy(query.get("facilitator", "")):
        # Facilitator notes in a served page only with the trainer key: participants never see them.
        from mentoringkit.trainer.access import key_is_valid

        if key_is_valid(query.get("key", "")):
            facilitator, trainer_key = True, query["key"]
    session = Session(curriculum=curriculum, workbook=Workbook(), facilitator=facilitator, in_voila=voila,
                      store=store, trainer_key=trainer_key, query=query)
    if voila:  # serve passes the page request's Accept-Language header on (mentoringkit/serve.py)
        from mentoringkit.model.dates import order_for_browser

        session.browser_date_order = order_for_browser(env.get("HTTP_ACCEPT_LANGUAGE", ""))

    path: Path | None = None
    typed_code = code or query.get("code", "")
    # -- JupyterHub (mentoringkit/hub.py): the hub's login is the identity, so no personal code is used and
    # the workbook is the one in the user's own account; hub trainers see the facilitator notes.
    hub = None if workbook_path else _hub_identity(env)
    if hub is not None:
        from mentoringkit.hub import shows_trainer_pages

        session.facilitator = shows_trainer_pages(hub, query)
        path = default_data_dir() / OWN_WORKBOOK_NAME
    elif workbook_path:  # -- end of the JupyterHub piece
        path = Path(workbook_path).expanduser()
    elif typed_code:
        try:
            session.switch_to_code(typed_code)
        except CodeError as exc:
            session.problem = str(exc)
    elif not voila:
        path = default_data_dir() / OWN_WORKBOOK_NAME

    if path is not None:
        try:
            session._loaded(load_or_create(path), path)
        except WorkbookFileError as exc:
            session.path, session.backup, session._blocked = path, exc.backup, True
            session.problem = _open_problem(exc)
        except OSError as exc:  # e.g. a data folder that cannot be created
            session.problem = _open_problem(exc)

    if session.set_profile(participant=participant, role=role):
        session.save()
    if session.keeps_work and (voila or _in_kernel()):
        session.watch()
    return session


def _in_kernel() -> bool:
    """Whether this runs in a Jupyter kernel (JupyterLab, Voilà), where pages stay open and change."""
    import sys

    shell = sys.modules.get("IPython")
    get = getattr(shell, "get_ipython", None)
    return bool(get and get() is not None and "ipykernel" in sys.modules)


def memory_session(role: str = "mentee", curriculum: Curriculum | None = None, *,
                   facilitator: bool = False) -> Session:
    """A session that keeps nothing on disk: for widget tests, docs and demonstrations."""
    if curriculum is None:
        from mentoringkit.curriculum import load_curriculum

        curriculum = load_curriculum()
    session = Session(curriculum=curriculum, workbook=Workbook(), facilitator=facilitator)
    session.set_profile(role=role)
    return session
