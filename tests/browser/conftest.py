"""A real orientation server and Debian's Chromium for the browser suites: one of each per session.

The server is started the way participants start it (``python -m mentoringkit serve``), on a free port, with
its own throwaway data folder. Each participant gets a fresh browser context (no shared cookies or storage),
and every page is sent to ``about:blank`` before it closes so Voilà shuts its kernel down.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from orientation_app import (
    CHROMIUM,
    CHROMIUM_ARGS,
    AppVisit,
    OrientationServer,
    Participant,
    browser_required,
    start_server,
    visit_app,
)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; skips the browser suites without it, unless MENTORINGKIT_REQUIRE_BROWSER=1."""
    if not CHROMIUM.exists():
        reason = (f"{CHROMIUM} is missing: install Debian's browser with `apt-get install -y chromium` "
                  "(playwright cannot download browsers on this network)")
        if browser_required():
            pytest.fail(reason + "; MENTORINGKIT_REQUIRE_BROWSER=1 says the browser suites must run", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def server(chromium_path, tmp_path_factory) -> Iterator[OrientationServer]:
    """One orientation server for the whole session, stopped (terminate, then kill) at the end."""
    try:
        running = start_server(tmp_path_factory.mktemp("orientation-server"))
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def chromium(chromium_path, playwright_driver):
    """Headless Chromium for the whole session (Playwright's sync API).

    Not named ``browser``: pytest-playwright would then parametrize every test by browser name.
    """
    browser = playwright_driver.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def participant(chromium, server) -> Iterator[Participant]:
    """A fresh participant at a desktop-sized window."""
    person = Participant(chromium, server)
    try:
        yield person
    finally:
        person.close()
    assert_stayed_on_the_server([person])


@pytest.fixture
def new_participant(chromium, server):
    """Factory for more participants in one test (each in its own context), all closed at the end."""
    made: list[Participant] = []

    def make(**options) -> Participant:
        person = Participant(chromium, server, **options)
        made.append(person)
        return person

    try:
        yield make
    finally:
        for person in made:
            person.close()
    assert_stayed_on_the_server(made)


def assert_stayed_on_the_server(people: list[Participant]) -> None:
    """Every journey also checks that no page asked any host but the server for anything (CDNs, fonts)."""
    outside = [url for person in people for url in person.outside_requests]
    assert not outside, "pages asked other hosts than the server:\n" + "\n".join(outside)


@pytest.fixture(scope="session")
def visited_app(chromium, server):
    """``visited_app(notebook)``: what one visit to that module page found, loading each page once a session.

    The app and accessibility suites both look at every page; sharing the visit halves the page loads.
    """
    visits: dict[str, AppVisit] = {}
    person = Participant(chromium, server)

    def visit(notebook: str) -> AppVisit:
        if notebook not in visits:
            visits[notebook] = visit_app(person, notebook)
        found = visits[notebook]
        if found.error:
            pytest.fail(f"{notebook} did not open: {found.error}\n{server.log_tail(2000)}", pytrace=False)
        return found

    try:
        yield visit
    finally:
        person.close()
