"""Voilà as `mentoringkit serve` runs it: Voilà's own application, plus what the kit's pages need from it.

Run as ``python -m mentoringkit.app.voila_main <voila arguments>``; everything else is Voilà's.

What it adds: every page response sets Tornado's ``_xsrf`` cookie. A Voilà page asks the server to shut its
kernel down when it is closed, sending that cookie's value (voila widgets-manager: ``sendBeacon`` to
``voila/api/shutdown/<kernel>`` with an ``_xsrf`` form field). Voilà 0.5 never sets the cookie on its pages, so
the request failed the server's xsrf check ("'_xsrf' argument missing", voila issue 1458) and every closed page
kept its kernel until the idle cull. The check itself stays on.

It also admits page requests up to the room's caps and shuts down kernels no browser connected to
(``app/voila_admission.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main", "send_the_file_list_to_the_start_page", "set_xsrf_cookie_on_pages"]


def set_xsrf_cookie_on_pages() -> None:
    """Make every Voilà page response carry the ``_xsrf`` cookie its close-time shutdown request needs."""
    from voila.handler import VoilaHandler

    if getattr(VoilaHandler, "_mentoringkit_xsrf", False):
        return
    original = VoilaHandler.prepare

    async def prepare(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = await original(self, *args, **kwargs)
        _ = self.xsrf_token  # reading the token is what makes Tornado set the cookie on this response
        return result

    VoilaHandler.prepare = prepare  # type: ignore[method-assign]
    VoilaHandler._mentoringkit_xsrf = True  # type: ignore[attr-defined]


def send_the_file_list_to_the_start_page() -> None:
    """Voilà answers ``/`` and ``/voila/tree`` with a list of the served notebooks, drawn by a template of its own
    that loads Font Awesome from a public CDN. Participants need no file list (and the trainer pages' names are
    nobody else's business), so both addresses lead to the start page instead."""
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    if getattr(TornadoVoilaTreeHandler, "_mentoringkit_redirect", False):
        return

    async def get(self, path=""):  # type: ignore[no-untyped-def]
        from mentoringkit.serve import LANDING_NOTEBOOK

        self.redirect(f"{self.base_url}voila/render/{LANDING_NOTEBOOK}")

    TornadoVoilaTreeHandler.get = get  # type: ignore[method-assign]
    TornadoVoilaTreeHandler._mentoringkit_redirect = True  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> None:
    from mentoringkit.app import voila_admission

    # The room's caps come as --mk-* arguments (serve.voila_command); the rest is Voilà's.
    caps, trusted_proxies, voila_argv = voila_admission.split_arguments(sys.argv[1:] if argv is None else argv)
    set_xsrf_cookie_on_pages()
    send_the_file_list_to_the_start_page()
    voila_admission.install(caps, trusted_proxies)
    from voila.app import main as voila_main

    voila_main(voila_argv)


if __name__ == "__main__":
    main()
