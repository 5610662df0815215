"""One participant's session: which workbook a notebook page works on, and saving it after every change.

Every module notebook starts with ``open_session()``. It finds the right workbook for where the page runs
(a batch run, a Voilà page with a personal code, or a person's own JupyterLab) so widgets never deal with
files, codes or servers themselves.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mentoringkit.workbook import Workbook

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum
    from mentoringkit.storage import WorkbookStore

__all__ = [
    "OWN_WORKBOOK_NAME",
    "ROLES",
    "CodeError",
    "Session",
    "in_voila",
    "memory_session",
    "open_session",
    "request_query",
]

ROLES: tuple[str, ...] = ("mentor", "mentee", "both")

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
    # While the stored file could not be opened, saving is held back so the damaged file stays as it is.
    _blocked: bool = field(default=False, repr=False)
    _listeners: list[Callable[[Session], None]] = field(default_factory=list, repr=False)

    # -- reading ------------------------------------------------------------
    @property
    def role(self) -> Role | None:
        return self.workbook.profile.role

    @property
    def keeps_work(self) -> bool:
        """Whether changes are written anywhere (False for an in-memory session or a blocked file)."""
        return self.path is not None and not self._blocked

    def module_url(self, module_id: str) -> str:
        """Relative address of a module's notebook page, carrying the personal code when there is one."""
        try:
            module = self.curriculum.course.module(module_id)
        except StopIteration:
            raise ValueError(f"no module with id {module_id!r} in the course") from None
        params: dict[str, str] = {}
        if self.code:
            params["code"] = self.code
        if self.facilitator:
            params["facilitator"] = "1"
            if self.trainer_key:
                params["key"] = self.trainer_key
        url = urllib.parse.quote(module.notebook)
        return f"{url}?{urllib.parse.urlencode(params)}" if params else url

    # -- changing -----------------------------------------------------------
    def observe(self, callback: Callable[[Session], None]) -> None:
        """Call ``callback(session)`` after every save and whenever the workbook is swapped for another."""
        self._listeners.append(callback)

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback(self)

    def save(self) -> None:
        """Write the workbook; widgets call this after every change.

        Never raises: a failure becomes ``self.problem`` so the page can say what went wrong while the
        participant's typing stays on screen.
        """
        if not self.keeps_work:
            self.workbook.touch()
        else:
            from mentoringkit.storage import WorkbookFileError, save_workbook

            try:
                save_workbook(self.workbook, self.path)  # type: ignore[arg-type]
            except WorkbookFileError as exc:
                self.problem = f"Your latest change could not be saved. {exc.message}"
                self.backup = exc.backup
            except Exception as exc:  # a full disk or a permission problem must not break the page
                self.problem = (f"Your latest change could not be saved ({type(exc).__name__}: {exc}). "
                                "Keep this page open and tell your trainer.")
            else:
                if self.problem and self.problem.startswith("Your latest change could not be saved"):
                    self.problem = None
        self._notify()

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
        store = self._store()
        code = store.new_code()
        while store.exists(code):  # vanishingly rare, but two people must never share a code
            code = store.new_code()
        self.code, self.path = code, store.path_for(code)
        self.problem, self.backup, self._blocked = None, None, False
        self.save()
        return code

    def switch_to_code(self, typed: str) -> None:
        """Open the workbook saved under a code the participant typed; CodeError if there is none."""
        from mentoringkit.storage import WorkbookFileError

        store = self._store()
        try:
            code = store.normalise_code(typed)
        except ValueError:
            raise CodeError("That does not look like a personal code. A code is a word and three groups of "
                            "four letters or digits, such as kite-7h3m-q9xw-4rtb.") from None
        if not store.exists(code):
            raise CodeError(f"No workbook is saved under the code {code}. Check it letter by letter; "
                            "codes never contain 0, 1, o, l, i, u or v.")
        path = store.path_for(code)
        try:
            workbook = store.open(code)
        except WorkbookFileError as exc:
            # The code is right but the file is damaged: switch to it (blocked) so the backup can be offered.
            self.code, self.path, self.workbook = code, path, Workbook()
            self.problem, self.backup, self._blocked = _open_problem(exc), exc.backup, True
            self._notify()
            return
        self.code, self.path, self.workbook = code, path, workbook
        self.problem, self.backup, self._blocked = None, None, False
        self._notify()

    def restore_backup(self) -> bool:
        """Put the last good copy back in place of a damaged workbook. Returns whether it worked."""
        from mentoringkit.storage import WorkbookFileError, restore_backup

        if self.path is None or self.backup is None:
            return False
        try:
            self.workbook = restore_backup(self.path)
        except WorkbookFileError as exc:
            self.problem = f"The previous copy could not be restored either. {exc.message}"
            self._notify()
            return False
        self.problem, self.backup, self._blocked = None, None, False
        self._notify()
        return True

    def _store(self) -> WorkbookStore:
        if self.store is None:
            from mentoringkit.storage import WorkbookStore

            self.store = WorkbookStore()
        return self.store


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

    detail = exc.message if isinstance(exc, WorkbookFileError) else str(exc)
    return f"Your saved workbook could not be opened, so this page starts empty and saves nothing. {detail}"


def _truthy(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "on")


def open_session(participant: str = "", role: str = "", workbook_path: str = "", code: str = "",
                 curriculum: Curriculum | None = None, facilitator: bool = False, *,
                 store: WorkbookStore | None = None, environ: Mapping[str, str] | None = None) -> Session:
    """The session for this notebook page.

    Which workbook, in order of precedence:

    1. ``workbook_path`` (papermill and batch runs): that file, created if missing.
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
                      store=store, trainer_key=trainer_key)

    path: Path | None = None
    typed_code = code or query.get("code", "")
    if workbook_path:
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
            session.workbook = load_or_create(path)
            session.path = path
        except WorkbookFileError as exc:
            session.path, session.backup, session._blocked = path, exc.backup, True
            session.problem = _open_problem(exc)
        except OSError as exc:  # e.g. a data folder that cannot be created
            session.problem = _open_problem(exc)

    if session.set_profile(participant=participant, role=role):
        session.save()
    return session


def memory_session(role: str = "mentee", curriculum: Curriculum | None = None, *,
                   facilitator: bool = False) -> Session:
    """A session that keeps nothing on disk: for widget tests, docs and demonstrations."""
    if curriculum is None:
        from mentoringkit.curriculum import load_curriculum

        curriculum = load_curriculum()
    session = Session(curriculum=curriculum, workbook=Workbook(), facilitator=facilitator)
    session.set_profile(role=role)
    return session
