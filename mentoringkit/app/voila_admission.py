"""Admission wired into the Voilà server that ``mentoringkit serve`` runs (see ``app/admission.py`` for the rules).

Three small patches, each applied once:

- the page handler (``TornadoVoilaHandler.get``) asks the room for a place before Voilà starts or hands out a
  kernel; a request past a cap gets the room-full page with HTTP 503 and ``Retry-After`` instead; an admitted
  one is sent a "preparing your page" notice at once, so the browser shows something while the kernel starts;
- the kernel manager class Voilà builds (``voila.app.voila_kernel_manager_factory``) tells the room which
  kernel a page request was given, and when a kernel shuts down; a periodic sweep shuts down kernels whose
  page was delivered but whose browser never connected (a plain GET, a tab closed while loading);
- the kernel websocket (``VoilaKernelWebsocketHandler.open`` and ``on_close``) tells the room when a page's
  browser connects and disconnects.

Ready kernels (``--ready-kernels``) waiting for a visitor belong to no request, so neither cap nor sweep
touches them. A request that carries the trainer key takes no participant's place.
"""

from __future__ import annotations

import argparse
import contextvars
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mentoringkit.app.admission import (
    DEFAULT_MAX_PER_ADDRESS,
    PAGE_NOT_PREPARED,
    PREPARING_PAGE,
    RETRY_SECONDS,
    UNCONNECTED_GRACE_SECONDS,
    Caps,
    Refusal,
    Room,
    Ticket,
    client_address,
    default_max_participants,
    read_meminfo,
    room_full_page,
    usable_cores,
)

__all__ = ["SWEEP_SECONDS", "admission_arguments", "install", "split_arguments"]

#: How often the sweep looks for kernels whose browser never connected.
SWEEP_SECONDS = 10.0

#: The page request being answered, so the kernel manager knows whose kernel it starts.
_REQUEST: contextvars.ContextVar[Ticket | None] = contextvars.ContextVar("mentoringkit_request", default=None)


@dataclass
class _State:
    room: Room = field(default_factory=lambda: Room(Caps(max_participants=1_000_000, max_per_address=0)))
    trusted_proxies: tuple[str, ...] = ()
    sweeping: bool = False


_STATE = _State()


def admission_arguments(caps: Caps, trusted_proxies: Sequence[str] = ()) -> list[str]:
    """The ``voila_main`` arguments that carry ``caps`` (``serve`` adds them to Voilà's command)."""
    args = [f"--mk-max-participants={caps.max_participants}", f"--mk-max-per-address={caps.max_per_address}",
            f"--mk-retry-seconds={caps.retry_seconds}", f"--mk-unconnected-grace={caps.unconnected_grace:g}"]
    return args + [f"--mk-trusted-proxy={p}" for p in trusted_proxies]


def split_arguments(argv: Sequence[str]) -> tuple[Caps, tuple[str, ...], list[str]]:
    """Our ``--mk-*`` arguments out of a ``voila_main`` command line: (caps, trusted proxies, Voilà's own)."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--mk-max-participants", type=int, default=None)
    parser.add_argument("--mk-max-per-address", type=int, default=DEFAULT_MAX_PER_ADDRESS)
    parser.add_argument("--mk-retry-seconds", type=int, default=RETRY_SECONDS)
    parser.add_argument("--mk-unconnected-grace", type=float, default=UNCONNECTED_GRACE_SECONDS)
    parser.add_argument("--mk-trusted-proxy", action="append", default=[])
    ours, rest = parser.parse_known_args(list(argv))
    places = ours.mk_max_participants
    if places is None:
        places, _ = default_max_participants(read_meminfo(), cores=usable_cores())
    caps = Caps(places, ours.mk_max_per_address, ours.mk_retry_seconds, ours.mk_unconnected_grace)
    return caps, tuple(ours.mk_trusted_proxy), rest


def install(caps: Caps, trusted_proxies: Sequence[str] = ()) -> Room:
    """Apply the patches (once) and start a fresh room with these caps; returns the room."""
    _STATE.room = Room(caps)
    _STATE.trusted_proxies = tuple(trusted_proxies)
    _admit_page_requests()
    _follow_kernels()
    _notice_connections()
    return _STATE.room


def _is_trainer(handler: Any) -> bool:
    key = handler.get_argument("key", "")
    if not key:
        return False
    from mentoringkit.trainer.access import key_is_valid

    return key_is_valid(key)


def _refuse(handler: Any, refusal: Refusal) -> None:
    handler.set_status(503)
    handler.set_header("Retry-After", str(refusal.retry_seconds))
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.set_header("Cache-Control", "no-store")
    handler.set_header("X-Mentoringkit-Refusal", refusal.reason)
    handler.finish(room_full_page(refusal))


async def _is_a_notebook(handler: Any, path: str | None) -> bool:
    """Whether Voilà will run a notebook for this request (not redirect it, refuse it or answer 404)."""
    from jupyter_core.utils import ensure_async

    path = handler.notebook_path or path
    if not path or not str(path).lower().endswith(".ipynb") or not handler.current_user:
        return False
    return bool(await ensure_async(handler.contents_manager.file_exists(path)))


def _send_preparing(handler: Any) -> None:
    """Send the "preparing your page" notice with the headers Voilà would send, before the kernel is there."""
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
    handler.write(PREPARING_PAGE)
    handler.flush()


def _admit_page_requests() -> None:
    from voila.tornado.handler import TornadoVoilaHandler

    if getattr(TornadoVoilaHandler, "_mentoringkit_admission", False):
        return
    original = TornadoVoilaHandler.get  # wrapped by tornado.web.authenticated: None once it has redirected

    async def get(self, path=None):  # type: ignore[no-untyped-def]
        room = _STATE.room
        address = client_address(self.request.remote_ip or "", dict(self.request.headers), _STATE.trusted_proxies)
        place = room.admit(address, time.monotonic(), counted=not _is_trainer(self))
        if isinstance(place, Refusal):
            self.log.info("mentoringkit: refused a page for %s (%s cap of %d reached)", address, place.reason,
                          place.limit)
            _refuse(self, place)
            return
        _start_sweeping(self.kernel_manager)
        token = _REQUEST.set(place)
        try:
            if await _is_a_notebook(self, path):
                _send_preparing(self)
            answer = original(self, path)
            if answer is not None:
                await answer
        except Exception:
            if not self._headers_written:
                raise
            # The notice went out with status 200, so the page itself must say that it failed.
            self.log.exception("mentoringkit: the page %s could not be prepared", path)
            self.write(PAGE_NOT_PREPARED)
        finally:
            _REQUEST.reset(token)
            room.request_over(place, time.monotonic())

    TornadoVoilaHandler.get = get  # type: ignore[method-assign]
    TornadoVoilaHandler._mentoringkit_admission = True  # type: ignore[attr-defined]


def _follow_kernels() -> None:
    import voila.app

    if getattr(voila.app.voila_kernel_manager_factory, "_mentoringkit_admission", False):
        return
    original = voila.app.voila_kernel_manager_factory

    def factory(*args: Any, **kwargs: Any) -> type:
        return _following(original(*args, **kwargs))

    factory._mentoringkit_admission = True  # type: ignore[attr-defined]
    voila.app.voila_kernel_manager_factory = factory


def _following(base: type) -> type:
    """``base`` (the kernel manager class Voilà built) telling the room about the kernels of page requests."""
    from jupyter_core.utils import ensure_async

    class AdmittingKernelManager(base):  # type: ignore[valid-type, misc]
        async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
            # Called by a page request when no ready kernel is there; ready kernels are started through the
            # base class directly, outside any request.
            kernel_id = await ensure_async(super().start_kernel(*args, **kwargs))
            ticket = _REQUEST.get()
            if ticket is not None:
                _STATE.room.kernel_started(ticket, kernel_id)
            return kernel_id

        async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> Any:
            try:
                return await ensure_async(super().shutdown_kernel(kernel_id, *args, **kwargs))
            finally:
                if kernel_id not in self:
                    _STATE.room.kernel_gone(kernel_id)

    if hasattr(base, "get_rendered_notebook"):
        async def get_rendered_notebook(self: Any, *args: Any, **kwargs: Any) -> Any:
            # A ready kernel handed to a page request becomes that participant's.
            answer = await base.get_rendered_notebook(self, *args, **kwargs)
            ticket = _REQUEST.get()
            if ticket is not None:
                _STATE.room.kernel_started(ticket, answer[2])
            return answer

        AdmittingKernelManager.get_rendered_notebook = get_rendered_notebook  # type: ignore[attr-defined]
    AdmittingKernelManager.__name__ = AdmittingKernelManager.__qualname__ = f"Admitting{base.__name__}"
    return AdmittingKernelManager


def _start_sweeping(kernel_manager: Any) -> None:
    """From the first page request on (the event loop is running by then), sweep every SWEEP_SECONDS."""
    if _STATE.sweeping:
        return
    from tornado.ioloop import PeriodicCallback

    async def sweep() -> None:
        room = _STATE.room
        room.keep_only(kernel_manager.list_kernel_ids())
        for kernel_id in room.never_connected(time.monotonic()):
            kernel_manager.log.info("mentoringkit: shutting down kernel %s: its page was sent but no browser "
                                    "connected to it within %g s", kernel_id, room.caps.unconnected_grace)
            try:
                await kernel_manager.shutdown_kernel(kernel_id)
            except Exception:  # already gone, or it would not stop: either way it holds no place now
                room.kernel_gone(kernel_id)

    PeriodicCallback(sweep, SWEEP_SECONDS * 1000).start()
    _STATE.sweeping = True


def _notice_connections() -> None:
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    if getattr(VoilaKernelWebsocketHandler, "_mentoringkit_admission", False):
        return
    original = VoilaKernelWebsocketHandler.open

    original_close = VoilaKernelWebsocketHandler.on_close

    async def open(self, kernel_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Reached only after the server's own checks (authentication, origin, a known kernel id).
        _STATE.room.connected(kernel_id)
        self._mentoringkit_counted = kernel_id
        return await original(self, kernel_id, *args, **kwargs)

    def on_close(self):  # type: ignore[no-untyped-def]
        counted = getattr(self, "_mentoringkit_counted", None)
        if counted is not None:
            self._mentoringkit_counted = None
            _STATE.room.disconnected(counted)
        return original_close(self)

    VoilaKernelWebsocketHandler.open = open  # type: ignore[method-assign]
    VoilaKernelWebsocketHandler.on_close = on_close  # type: ignore[method-assign]
    VoilaKernelWebsocketHandler._mentoringkit_admission = True  # type: ignore[attr-defined]
