"""A participant's browser at the protocol level, cheap enough to play a room of 30 in one process.

What a Voilà page does in Chromium, message for message (watched with Playwright's websocket events against
``mentoringkit serve``; ipywidgets 8.1, Voilà 0.5.13):

1. ``GET /voila/render/<notebook>?…``: the server runs the notebook in a kernel and answers with the page; the
   response sets the ``_xsrf`` cookie (mentoringkit/app/voila_main.py). The kernel's id is in the page's
   ``jupyter-config-data``. The page embeds no widget state of its own: every model comes from the kernel.
2. ``GET /api/kernels/<id>`` with the ``X-XSRFToken`` header.
3. The page's kernel websocket, ``/api/kernels/<id>/channels?session_id=<uuid>``, in the binary
   ``v1.kernel.websocket.jupyter.org`` framing (Jupyter messaging protocol 5): ``kernel_info_request``, then the
   widget manager opens a ``jupyter.widget.control`` comm, sends ``{method: request_states}`` and reads every
   model's state from the ``update_states`` answer, then closes that comm.
4. A second websocket of the kit's page template (``session_id=mk-watch-…``, plain JSON framing) that asks
   ``kernel_info_request`` every second (control channel) to notice a lost connection. The server copies every
   iopub message to it as well, so it costs the server as much as the widgets' socket does; the simulator opens
   it too.
5. Moving to another module happens inside the page, on the same kernel (mentoringkit/app/navigation.py): the
   page sets the value of the hidden Text model whose ``_dom_classes`` hold ``mk-app-nav`` to the module's id
   (``{method: update, state: {value: <id>}}``); the kernel sends ``comm_open`` for the module's widgets, then one
   ``update`` of the VBox classed ``mk-app-view`` (new ``children``, ``mk-view--<id>`` among its classes), and
   about a second later ``comm_close`` for the widgets of the module left behind. A page load happens only on
   arrival and for a deep link (``00_start_here.ipynb?module=<id>&code=<code>``).
6. What a person does: typing into a Text/Textarea is a ``comm_msg`` ``{method: update, state: {value}}``;
   a Button press is ``{method: custom, content: {event: click}}``. The kernel answers with ``comm_open`` for
   new models, ``comm_msg`` ``update``/``echo_update`` for changes and ``comm_close``.
7. Leaving the page: ``POST /voila/api/shutdown/<id>`` carrying the xsrf token (sendBeacon), then the sockets
   close.

Each participant binds a loopback source address of its own (Linux routes all of 127/8 to lo), so a server
that counts participants per client address sees a room of different computers.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import html
import json
import re
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, WebSocketClosedError, websocket_connect

__all__ = [
    "BUTTON",
    "GOALS",
    "HERD",
    "LANDING",
    "TEXT",
    "TEXTAREA",
    "Model",
    "PageIncomplete",
    "PageVisit",
    "Participant",
    "RoomFull",
    "VisitFailed",
    "VisitTimedOut",
    "add_goal",
    "arrive",
    "deep_link",
    "displayed_widgets",
    "goal_text",
    "goals_missing_on_disk",
    "move_to_module",
    "participant_address",
    "type_goal",
]

LANDING = "00_start_here.ipynb"
#: Module ids (content/course.yml): module 06, and module 07 where the bench's herd goes.
GOALS, HERD = "goals", "agreement"
NAV_CLASS, VIEW_CLASS, VIEW_PREFIX = "mk-app-nav", "mk-app-view", "mk-view--"
V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
_KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')
_VIEW = re.compile(r'"application/vnd\.jupyter\.widget-view\+json": \{[^{}]*?"model_id": "([0-9a-f]+)"')
_CODE_SHOWN = re.compile(r'class="mk-code"[^>]*>\s*([^<\s]+)\s*<')
#: Widget model names of the controls a participant uses.
BUTTON, TEXT, TEXTAREA = "ButtonModel", "TextModel", "TextareaModel"


@functools.cache
def displayed_widgets(notebook: str) -> int:
    """How many widgets a module page shows when every cell ran: one per ``display(...)`` cell of its notebook
    (0 for a notebook not shipped with the kit)."""
    from mentoringkit.serve import notebooks_dir

    path = notebooks_dir() / notebook
    if not path.is_file():
        return 0
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum("display(" in "".join(c["source"]) for c in cells if c["cell_type"] == "code")


def participant_address(number: int) -> str:
    """A loopback source address for participant ``number`` (0-based): 127.1.0.1, 127.1.0.2, … (never the
    127.0.0.1 a real browser on this machine uses)."""
    if not 0 <= number < 250 * 250:
        raise ValueError(f"participant numbers run from 0 to {250 * 250 - 1}, got {number}")
    return f"127.1.{number // 250}.{number % 250 + 1}"


class VisitFailed(Exception):
    """A page never became usable; the message says at which step."""


class VisitTimedOut(VisitFailed):
    """A step never finished within the participant's patience: the page is stuck, not refused."""


class PageIncomplete(VisitFailed):
    """The page arrived without some of its widgets (Voilà gave up waiting for a cell's output, "Timeout waiting
    for IOPub output", which happens when the server is starved of CPU), or shows a widget its kernel does not
    hold: a browser would show gaps or "Loading widget..." for good."""


class RoomFull(VisitFailed):
    """The server politely turned the visit away (HTTP 503), saying when to try again."""

    def __init__(self, retry_after: float | None, text: str):
        super().__init__(f"room full (HTTP 503, Retry-After {retry_after})")
        self.retry_after = retry_after
        self.text = text


@dataclass
class Model:
    """One widget model as the browser holds it."""

    model_id: str
    model_name: str
    state: dict[str, Any]
    updates: int = 0  # state updates received from the kernel since the model was known

    @property
    def classes(self) -> list[str]:
        return list(self.state.get("_dom_classes") or [])

    @property
    def description(self) -> str:
        return str(self.state.get("description") or "")

    @property
    def value(self) -> Any:
        return self.state.get("value")


@dataclass
class PageVisit:
    """One open page: its kernel, its sockets, the widget models it holds, and when each step finished.

    Times are seconds since the request for the page was sent.
    """

    notebook: str
    kernel_id: str = ""
    page_at: float | None = None
    socket_at: float | None = None
    kernel_at: float | None = None
    usable_at: float | None = None
    models: dict[str, Model] = field(default_factory=dict)
    socket: WebSocketClientConnection | None = field(default=None, repr=False)
    watch: WebSocketClientConnection | None = field(default=None, repr=False)
    session_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    errors_shown: list[str] = field(default_factory=list)  # stderr text the kernel sent the page
    tasks: list[asyncio.Task[None]] = field(default_factory=list, repr=False)
    _replies: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict, repr=False)
    _changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def find(self, model_name: str, description: str | Callable[[str], bool]) -> Model | None:
        """The live model of this kind whose description is (or satisfies) ``description``."""
        for model in self.models.values():
            if model.model_name != model_name:
                continue
            if description(model.description) if callable(description) else model.description == description:
                return model
        return None

    def classed(self, css_class: str) -> Model | None:
        """The live model whose ``_dom_classes`` hold ``css_class``."""
        return next((m for m in self.models.values() if css_class in m.classes), None)

    def module_shown(self) -> str:
        """The id of the module the app shows (from its view's ``mk-view--<id>`` class), "" if none."""
        view = self.classed(VIEW_CLASS)
        found = [c[len(VIEW_PREFIX):] for c in view.classes if c.startswith(VIEW_PREFIX)] if view else []
        return found[0] if found else ""

    def unknown_below(self, model: Model) -> list[str]:
        """Model ids that ``model`` refers to, directly or through the models it holds, with no state here."""
        missing, seen, todo = [], set(), [model]
        while todo:
            current = todo.pop()
            for value in current.state.values():
                for item in value if isinstance(value, (list, tuple)) else [value]:
                    if not (isinstance(item, str) and item.startswith("IPY_MODEL_")):
                        continue
                    ref = item[len("IPY_MODEL_"):]
                    if ref in seen:
                        continue
                    seen.add(ref)
                    if ref in self.models:
                        todo.append(self.models[ref])
                    else:
                        missing.append(ref)
        return missing

    def values_containing(self, text: str) -> list[str]:
        """Every text-valued model value (HTML widgets, inputs) that contains ``text``."""
        return [m.value for m in self.models.values() if isinstance(m.value, str) and text in m.value]


class Participant:
    """One simulated person: their own cookies and source address, and at most one open page at a time."""

    def __init__(self, base_url: str, number: int, *, token: str = "", watch: bool = True,
                 timeout: float = 90, client: AsyncHTTPClient | None = None):
        self.base_url = base_url.rstrip("/")
        self.number = number
        self.address = participant_address(number)
        self.token = token
        self.watch_enabled = watch
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.page: PageVisit | None = None
        self.code = ""
        self.refusals = 0  # polite 503s received on page loads so far
        self.refused_for = 0.0  # seconds spent waiting after them
        self.client = client or AsyncHTTPClient(force_instance=True, max_clients=4)

    # -- HTTP ------------------------------------------------------------------------------------------------
    def _headers(self, **extra: str) -> dict[str, str]:
        headers = {"User-Agent": "mentoringkit-room-simulator", **extra}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        return headers

    def _keep_cookies(self, headers: Any) -> None:
        for line in headers.get_list("Set-Cookie"):
            jar: SimpleCookie = SimpleCookie()
            with contextlib.suppress(Exception):
                jar.load(line)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value

    @property
    def xsrf(self) -> str:
        return self.cookies.get("_xsrf", "")

    async def _fetch(self, path: str, *, method: str = "GET", body: str | None = None,
                     headers: dict[str, str] | None = None, timeout: float | None = None) -> Any:
        request = HTTPRequest(self.base_url + path, method=method, body=body, headers=self._headers(**(headers or {})),
                              network_interface=self.address, follow_redirects=False,
                              connect_timeout=timeout or self.timeout, request_timeout=timeout or self.timeout)
        try:
            # raise_error=False turns only HTTP error statuses into responses; no answer at all still raises.
            response = await self.client.fetch(request, raise_error=False)
        except HTTPClientError as exc:  # code 599: tornado's "no HTTP answer" (timed out, connection closed)
            kind = VisitTimedOut if "timeout" in str(exc).lower() else VisitFailed
            raise kind(f"{method} {path.split('?')[0]}: {exc}") from exc
        except OSError as exc:
            raise VisitFailed(f"{method} {path.split('?')[0]}: {exc}") from exc
        self._keep_cookies(response.headers)
        return response

    # -- pages -----------------------------------------------------------------------------------------------
    async def open(self, notebook: str, **query: str) -> PageVisit:
        """Request a page and connect to its kernel as the browser does, until its widgets are usable.

        Leaves the page open before, if any. Raises RoomFull on a 503 and VisitFailed on anything else.
        """
        await self.leave()
        visit = PageVisit(notebook)
        self.page = visit
        start = time.monotonic()
        path = f"/voila/render/{urllib.parse.quote(notebook)}"
        if query:
            path += "?" + urllib.parse.urlencode(query)
        response = await self._fetch(path)
        text = response.body.decode("utf-8", "replace") if response.body else ""
        if response.code == 503:
            retry = response.headers.get("Retry-After")
            raise RoomFull(float(retry) if retry and retry.replace(".", "", 1).isdigit() else None, text)
        if response.code != 200:
            raise VisitFailed(f"GET {notebook}: HTTP {response.code}")
        if "There was an error when executing cell" in text:
            raise VisitFailed(f"GET {notebook}: a cell failed on the server")
        found = _KERNEL_ID.search(text)
        if not found:
            raise VisitFailed(f"GET {notebook}: the page names no kernel")
        visit.kernel_id = found.group(1)
        visit.page_at = time.monotonic() - start
        views = _VIEW.findall(text)
        await self._fetch(f"/api/kernels/{visit.kernel_id}?{int(time.time() * 1000)}",
                          headers={"X-XSRFToken": self.xsrf})
        visit.socket = await self._connect(visit, visit.session_id, [V1_PROTOCOL])
        visit.socket_at = time.monotonic() - start
        visit.tasks.append(asyncio.ensure_future(self._read(visit, visit.socket)))
        if self.watch_enabled:
            visit.watch = await self._connect(visit, f"mk-watch-{uuid.uuid4().hex[:10]}", None)
            visit.tasks.append(asyncio.ensure_future(self._watch(visit, visit.watch)))
        await self._request(visit, "kernel_info_request", {}, reply="kernel_info_reply")
        visit.kernel_at = time.monotonic() - start
        await self._load_states(visit)
        visit.usable_at = time.monotonic() - start
        expected = displayed_widgets(notebook)
        absent = [v for v in views if v not in visit.models]
        if len(views) < expected or absent:
            raise PageIncomplete(f"{notebook}: the page shows {len(views)} of its {expected} widgets"
                                 + (f", {len(absent)} of them unknown to its kernel" if absent else ""))
        return visit

    async def load(self, notebook: str, *, patience: float | None = None, **query: str) -> PageVisit:
        """``open``, handled as a browser whose page was refused: after a 503 wait its Retry-After (5 s if it
        gives none) and load again, until ``patience`` (default: the participant's timeout) would run out; then
        RoomFull. Counts the refusals and the time waited in ``refusals`` and ``refused_for``."""
        first = time.monotonic()
        deadline = first + (patience or self.timeout)
        while True:
            tried = time.monotonic()
            try:
                visit = await self.open(notebook, **query)
            except RoomFull as full:
                self.refusals += 1
                wait = full.retry_after or 5
                if time.monotonic() + wait > deadline:
                    self.refused_for += time.monotonic() - first
                    raise
                await asyncio.sleep(wait)
                continue
            self.refused_for += tried - first
            return visit

    async def switch(self, module_id: str) -> float:
        """Open module ``module_id`` inside the app as a module link does; returns the seconds from sending the
        nav update until the app's view shows that module and every widget it holds has its state here.

        VisitFailed if the page is not the app or the app shows another module (an unknown id)."""
        visit = self._open_page()
        nav, view = visit.classed(NAV_CLASS), visit.classed(VIEW_CLASS)
        if nav is None or view is None:
            raise VisitFailed(f"{visit.notebook}: the page holds no app navigation ({NAV_CLASS}, {VIEW_CLASS})")
        seen = view.updates
        started = time.monotonic()
        await self.type_into(nav, module_id)

        def switched(page: PageVisit) -> str:
            if view.updates == seen:
                return ""
            shown = page.module_shown()
            if shown != module_id and nav.value != module_id:
                return shown or "?"  # the kernel answered with another module (it set the nav value back)
            return shown if shown == module_id and not page.unknown_below(view) else ""

        shown = await self.wait_for(switched, f"module {module_id} in the app")
        if shown != module_id:
            raise VisitFailed(f"asked the app for module {module_id!r}, it shows {shown!r}")
        return time.monotonic() - started

    async def _connect(self, visit: PageVisit, session_id: str,
                       subprotocols: list[str] | None) -> WebSocketClientConnection:
        ws_base = "ws" + self.base_url[len("http"):]
        request = HTTPRequest(f"{ws_base}/api/kernels/{visit.kernel_id}/channels?session_id={session_id}",
                              headers=self._headers(), network_interface=self.address,
                              connect_timeout=self.timeout, request_timeout=self.timeout)
        try:
            return await websocket_connect(request, subprotocols=subprotocols, max_message_size=256 * 1024 * 1024)
        except HTTPClientError as exc:
            kind = VisitTimedOut if exc.code == 599 else VisitFailed
            raise kind(f"websocket to kernel {visit.kernel_id[:8]}: {exc}") from exc
        except (asyncio.TimeoutError, OSError) as exc:
            raise VisitTimedOut(f"websocket to kernel {visit.kernel_id[:8]}: {exc!r}") from exc

    async def leave(self) -> None:
        """Close the open page as a browser does: the shutdown beacon, then the sockets."""
        visit, self.page = self.page, None
        if visit is None:
            return
        if visit.kernel_id and self.xsrf:
            with contextlib.suppress(VisitFailed, OSError):
                await self._fetch(f"/voila/api/shutdown/{visit.kernel_id}", method="POST",
                                  body=urllib.parse.urlencode({"_xsrf": self.xsrf}),
                                  headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
        for ws in (visit.socket, visit.watch):
            if ws is not None:
                ws.close()
        for task in visit.tasks:
            task.cancel()
        for task in visit.tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    # -- what a person does ----------------------------------------------------------------------------------
    async def click(self, model: Model) -> None:
        await self._comm_msg(model, {"method": "custom", "content": {"event": "click"}})

    async def type_into(self, model: Model, text: str) -> None:
        model.state["value"] = text  # the browser's own copy changes first, as in a real input
        await self._comm_msg(model, {"method": "update", "state": {"value": text}, "buffer_paths": []})

    async def wait_for(self, check: Callable[[PageVisit], Any], what: str, timeout: float | None = None) -> Any:
        """Wait until ``check(page)`` gives something true (returned); VisitFailed after ``timeout``."""
        visit = self._open_page()
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            found = check(visit)
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise VisitTimedOut(f"{visit.notebook}: never saw {what}")
            visit._changed.clear()
            if visit.socket is None or visit.socket.protocol is None:
                raise VisitFailed(f"{visit.notebook}: the socket closed while waiting for {what}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(visit._changed.wait(), min(left, 1.0))

    async def find(self, model_name: str, description: str | Callable[[str], bool]) -> Model:
        return await self.wait_for(lambda v: v.find(model_name, description),
                                   f"a {model_name} {description if isinstance(description, str) else ''}")

    # -- the start page ------------------------------------------------------------------------------------
    async def get_code(self) -> str:
        """On the start page: press "Give me a personal code" and read the code the page then shows."""
        button = await self.find(BUTTON, "Give me a personal code")
        await self.click(button)

        def shown(visit: PageVisit) -> str:
            for value in visit.values_containing('class="mk-code"'):
                found = _CODE_SHOWN.search(value)
                if found:
                    return html.unescape(found.group(1))
            return ""

        self.code = await self.wait_for(shown, "a personal code")
        return self.code

    # -- the kernel protocol -----------------------------------------------------------------------------
    def _open_page(self) -> PageVisit:
        if self.page is None or self.page.socket is None:
            raise VisitFailed("no page is open")
        return self.page

    def _message(self, visit: PageVisit, msg_type: str, content: dict[str, Any],
                 metadata: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"header": {"msg_id": str(uuid.uuid4()), "msg_type": msg_type, "session": visit.session_id,
                           "username": "", "date": dt.datetime.now(dt.timezone.utc).isoformat(), "version": "5.2"},
                "parent_header": {}, "metadata": metadata or {}, "content": content, "buffers": [],
                "channel": "shell"}

    async def _send(self, visit: PageVisit, msg: dict[str, Any]) -> None:
        assert visit.socket is not None
        try:
            if visit.socket.selected_subprotocol == V1_PROTOCOL:
                await visit.socket.write_message(to_v1(msg), binary=True)
            else:
                await visit.socket.write_message(json.dumps(msg))
        except WebSocketClosedError as exc:
            raise VisitFailed(f"{visit.notebook}: the socket closed") from exc

    async def _request(self, visit: PageVisit, msg_type: str, content: dict[str, Any], *, reply: str) -> dict:
        msg = self._message(visit, msg_type, content)
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        visit._replies[msg["header"]["msg_id"]] = waiter
        await self._send(visit, msg)
        try:
            return await asyncio.wait_for(waiter, self.timeout)
        except asyncio.TimeoutError as exc:
            raise VisitTimedOut(f"{visit.notebook}: no {reply} within {self.timeout:.0f} s") from exc

    async def _load_states(self, visit: PageVisit) -> None:
        """As ipywidgets 8's manager does: every model's state over a ``jupyter.widget.control`` comm."""
        comm_id = str(uuid.uuid4())
        await self._send(visit, self._message(visit, "comm_open", {
            "comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}, {"version": "1.0.0"}))
        msg = self._message(visit, "comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        visit._replies[msg["header"]["msg_id"]] = waiter
        await self._send(visit, msg)
        try:
            answer = await asyncio.wait_for(waiter, self.timeout)
        except asyncio.TimeoutError as exc:
            raise VisitTimedOut(f"{visit.notebook}: no widget state within {self.timeout:.0f} s") from exc
        for model_id, entry in answer["content"]["data"]["states"].items():
            state = entry.get("state", {})
            visit.models[model_id] = Model(model_id, entry.get("model_name") or state.get("_model_name", ""), state)
        if not visit.models:
            raise VisitFailed(f"{visit.notebook}: the kernel holds no widgets")
        await self._send(visit, self._message(visit, "comm_close", {"comm_id": comm_id, "data": {}}))
        visit._changed.set()

    async def _comm_msg(self, model: Model, data: dict[str, Any]) -> None:
        visit = self._open_page()
        await self._send(visit, self._message(visit, "comm_msg", {"comm_id": model.model_id, "data": data}))

    async def _read(self, visit: PageVisit, ws: WebSocketClientConnection) -> None:
        while True:
            frame = await ws.read_message()
            if frame is None:
                visit._changed.set()
                return
            msg = from_v1(frame) if isinstance(frame, bytes) else json.loads(frame)
            self._handle(visit, msg)

    def _handle(self, visit: PageVisit, msg: dict[str, Any]) -> None:
        msg_type = msg["header"].get("msg_type")
        parent = (msg.get("parent_header") or {}).get("msg_id")
        content = msg.get("content") or {}
        if parent in visit._replies and msg_type != "status":
            data = content.get("data") or {}
            if msg_type.endswith("_reply") or data.get("method") == "update_states":
                waiter = visit._replies.pop(parent)
                if not waiter.done():
                    waiter.set_result(msg)
                return
        if msg_type == "comm_open" and content.get("target_name") == "jupyter.widget":
            state = (content.get("data") or {}).get("state", {})
            visit.models[content["comm_id"]] = Model(content["comm_id"], state.get("_model_name", ""), state)
        elif msg_type == "comm_msg":
            data = content.get("data") or {}
            model = visit.models.get(content.get("comm_id", ""))
            if model is not None and data.get("method") in ("update", "echo_update"):
                model.state.update(data.get("state") or {})
                model.updates += 1
        elif msg_type == "comm_close":
            visit.models.pop(content.get("comm_id", ""), None)
        elif msg_type == "stream" and content.get("name") == "stderr":
            visit.errors_shown.append(content.get("text", ""))
        else:
            return
        visit._changed.set()

    async def _watch(self, visit: PageVisit, ws: WebSocketClientConnection) -> None:
        """The page template's connection watch: a kernel_info_request every second; the rest is read, unused."""
        async def ping() -> None:
            while True:
                msg = self._message(visit, "kernel_info_request", {})
                msg["header"]["session"] = "mk-watch"
                msg["channel"] = "control"  # as the template asks: answered even while the kernel is busy
                try:
                    await ws.write_message(json.dumps(msg))
                except WebSocketClosedError:
                    return
                await asyncio.sleep(1)

        pinger = asyncio.ensure_future(ping())
        try:
            while await ws.read_message() is not None:
                pass
        finally:
            pinger.cancel()


def to_v1(msg: dict[str, Any]) -> bytes:
    """A message in the ``v1.kernel.websocket.jupyter.org`` framing (jupyter_server's serialize_msg_to_ws_v1)."""
    parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata", "content")]
    parts += list(msg.get("buffers") or [])
    channel = msg["channel"].encode()
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(channel))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + channel + b"".join(parts)


def from_v1(frame: bytes) -> dict[str, Any]:
    """The message in a v1 frame (buffers, which the simulator never needs, are dropped)."""
    count = int.from_bytes(frame[:8], "little")
    offsets = [int.from_bytes(frame[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    offsets.append(len(frame))
    parts = [frame[offsets[i]:offsets[i + 1]] for i in range(count)]
    header, parent, metadata, content = (json.loads(p) for p in parts[1:5])
    return {"channel": parts[0].decode(), "header": header, "parent_header": parent, "metadata": metadata,
            "content": content}


# -- the room's steps (the bench and the room test play the same ones) ------------------------------------


async def arrive(person: Participant, patience: float | None = None) -> tuple[PageVisit, float]:
    """Load the start page (waiting politely if the room is full), get a personal code, open module 06 inside
    the app. Returns the start page's visit and the seconds the switch to module 06 took."""
    start = await person.load(LANDING, patience=patience)
    await person.get_code()
    return start, await move_to_module(person, GOALS)


async def move_to_module(person: Participant, module_id: str) -> float:
    """The participant opens another module the way the served app lets them: inside the page, on the same
    kernel. Returns the seconds until it is usable."""
    return await person.switch(module_id)


async def deep_link(person: Participant, module_id: str, patience: float | None = None) -> PageVisit:
    """The participant loads the app's address for a module with their code (a bookmark, a shared link): a new
    page and kernel, the old page left."""
    query = {"module": module_id, **({"code": person.code} if person.code else {})}
    visit = await person.load(LANDING, patience=patience, **query)
    if visit.module_shown() != module_id:
        raise VisitFailed(f"the link to module {module_id!r} opened {visit.module_shown()!r}")
    return visit


def goal_text(number: int, year: int | None = None) -> str:
    """A goal meeting all five SMART criteria, different for each participant so each can be found on disk."""
    year = year or dt.date.today().year + 1
    return (f"By 30 June {year}, lead three team meetings and ask two colleagues to rate my clarity each time, "
            f"so that I can speak up with confidence in my new role (room participant {number}).")


async def type_goal(person: Participant, text: str) -> None:
    """On module 06: open the SMART goal section and type the goal (the "Add" press is separate)."""
    section = await person.find(BUTTON, lambda d: d.startswith("3. Write a SMART goal"))
    await person.click(section)
    await person.type_into(await person.find(TEXTAREA, "Your goal"), text)


async def add_goal(person: Participant, text: str) -> None:
    """Press "Add to my plan" and wait until the page says the goal was added (the save answered)."""
    button = await person.find(BUTTON, "Add to my plan")
    await person.click(button)

    def added(visit: PageVisit) -> bool:
        return any(text in html.unescape(v) for v in visit.values_containing("Added to your goals"))

    def refused(visit: PageVisit) -> list[str]:
        return visit.values_containing("Not added yet")

    await person.wait_for(lambda v: added(v) or refused(v), "an answer to Add to my plan")
    if not added(person._open_page()):
        raise VisitFailed(f"the goal was not added: {html.unescape(refused(person._open_page())[0])[:200]}")


def goals_missing_on_disk(data_dir: Any, expected: dict[str, list[str]]) -> dict[str, list[str]]:
    """For each personal code, the goals it added that its saved workbook does not hold (read through
    mentoringkit.storage). A code whose workbook cannot be found or read misses every goal."""
    from pathlib import Path

    from mentoringkit.storage import load_workbook

    missing: dict[str, list[str]] = {}
    for code, goals in expected.items():
        found = [p for p in Path(data_dir).rglob(f"{code}.json") if p.is_file()]
        try:
            saved = {g.text for g in load_workbook(found[0]).goals} if len(found) == 1 else set()
        except Exception:
            saved = set()
        lost = [g for g in goals if g not in saved]
        if lost:
            missing[code] = lost
    return missing
