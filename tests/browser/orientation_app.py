"""The orientation as a browser sees it: the server a participant starts, a participant's browser, and what
a healthy page looks like. Fixtures built from these live in conftest.py.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
# pytest-playwright, when installed, empties test-results/ at the start of every pytest session (its own
# --output folder), so another run can wipe these; MENTORINGKIT_SCREENSHOTS puts them elsewhere.
SCREENSHOTS = Path(os.environ.get("MENTORINGKIT_SCREENSHOTS") or ROOT / "test-results" / "screenshots")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
HEALTH_PATH = "/voila/templates/lab/static/voila.js"
#: How long a page may take from navigation to every widget drawn (2 busy cores shared with other work, kernel
#: start included). Only an upper bound: every wait ends as soon as its condition holds, so a generous bound
#: costs nothing on a quiet machine (one run timed out at 90 s under load).
APP_TIMEOUT_MS = 240_000
#: The bound for any single step on a page (a click answered, a message shown), under the same load.
STEP_TIMEOUT_MS = 90_000

# Voilà is done executing when it shows #rendered_cells and has turned every cell-output script into an
# output area; the widgets are done when no output still says "Loading widget..." and none is empty.
_APP_READY_JS = r"""() => {
  const cells = document.getElementById('rendered_cells');
  if (!cells || cells.style.display === 'none') return false;
  if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]')) return false;
  const outputs = Array.from(cells.querySelectorAll('.jp-OutputArea-output'));
  if (!outputs.length) return false;
  return outputs.every(o => (o.children.length > 0 || o.textContent.trim() !== '')
                            && !o.textContent.includes('Loading widget...'));
}"""


def browser_required() -> bool:
    return os.environ.get("MENTORINGKIT_REQUIRE_BROWSER", "") == "1"


def course_modules() -> list:
    """The modules of the shipped course, in order (id, title, notebook)."""
    from mentoringkit.curriculum import load_curriculum

    return list(load_curriculum().course.modules)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class OrientationServer:
    """A running ``mentoringkit serve`` (or bare Voilà while serve does not exist yet)."""

    base_url: str
    data_dir: Path
    log_path: Path
    command: list[str]
    process: subprocess.Popen = field(repr=False)

    def url(self, notebook: str, **query: str) -> str:
        address = f"{self.base_url}/voila/render/{urllib.parse.quote(notebook)}"
        return f"{address}?{urllib.parse.urlencode(query)}" if query else address

    def log_tail(self, chars: int = 4000) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-chars:]
        return ""

    def workbooks(self) -> list[Path]:
        """Every workbook file the server's kernels have saved so far."""
        return sorted(p for p in self.data_dir.rglob("*.json") if p.is_file())

    def stop(self) -> None:
        _stop_group(self.process)


def _serve_command(port: int, data_dir: Path) -> list[str]:
    """The command a participant runs; falls back to the pieces that exist while the CLI is being built."""
    serve_args = ["--no-browser", "--port", str(port), "--data-dir", str(data_dir)]
    if importlib.util.find_spec("mentoringkit.__main__") is not None:
        return [sys.executable, "-m", "mentoringkit", "serve", *serve_args]
    if importlib.util.find_spec("mentoringkit.serve") is not None:
        return [sys.executable, "-m", "mentoringkit.serve", *serve_args]
    return [sys.executable, "-m", "voila", str(NOTEBOOKS), "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
            "--MappingKernelManager.cull_idle_timeout=120", "--MappingKernelManager.cull_interval=30"]


def _stop_group(proc: subprocess.Popen) -> None:
    """Terminate the server's whole process group (serve and the Voilà it started), then kill what stays."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    # serve may exit before the Voilà it started has shut its kernels down: wait for the group, then kill it.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def start_server(root: Path, timeout: float = 240, port: int | None = None) -> OrientationServer:
    """Start the orientation server with its data in ``root/data`` and wait until it answers (on ``port``, or
    a free one; a server started again on the same root and port is a restarted server).

    Raises RuntimeError (with the server's output) if it exits or stays silent.
    """
    data_dir = root / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    # The server runs exactly as participants get it: no checks relaxed (xsrf included), no extra config.
    env = dict(os.environ)
    env["MENTORINGKIT_DATA"] = str(data_dir)
    env.pop("MENTORINGKIT_CONTENT", None)

    port = port or free_port()
    command = _serve_command(port, data_dir)
    log_path = root / "server.log"
    with log_path.open("wb") as log:
        # A session of its own, so stopping it reaches Voilà too even if serve cannot pass the signal on.
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    server = OrientationServer(f"http://127.0.0.1:{port}", data_dir, log_path, command, proc)
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            _stop_group(proc)
            raise RuntimeError(f"the server exited with code {proc.returncode} before answering.\n"
                               f"command: {command}\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.base_url + HEALTH_PATH, timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"the server did not answer {HEALTH_PATH} within {timeout:.0f} s.\n"
                               f"{server.log_tail()}")
        time.sleep(0.25)


_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def leaves_this_computer(url: str) -> bool:
    """Whether a request goes to a host other than this computer (data:, blob: and about: stay in the page)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https", "ws", "wss", "ftp"}:
        return False
    return (parts.hostname or "") not in _LOOPBACK_HOSTS


class Participant:
    """One person's browser: their own context (cookies, downloads), pages that shut their kernels on close.

    Every request any of its pages makes is recorded; ``outside_requests`` lists those to other hosts (a CDN,
    a font service), which a room on an offline network would wait on.
    """

    def __init__(self, browser, server: OrientationServer, *, width: int = 1280, height: int = 900,
                 locale: str = "en-GB"):
        self.server = server
        # The browser's language sets how the date fields read 03/04/2027 (day first for en-GB); a fixed one keeps
        # every suite independent of the machine's own language.
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True,
                                           locale=locale)
        self.context.set_default_timeout(STEP_TIMEOUT_MS)
        self.outside_requests: list[str] = []
        self.context.on("request", self._record)
        self.page = self.context.new_page()

    def _record(self, request) -> None:
        if leaves_this_computer(request.url):
            self.outside_requests.append(f"{request.resource_type} {request.url} (from {request.frame.url})")

    def open(self, notebook: str, **query: str):
        """Go to a module page and wait until Voilà has run it and every widget is drawn."""
        self.page.goto(self.server.url(notebook, **query), wait_until="commit", timeout=APP_TIMEOUT_MS)
        wait_for_app(self.page)
        return self.page

    def close(self) -> None:
        # Leaving the page lets Voilà's unload handler ask the server to shut the kernel down.
        for page in self.context.pages:
            with contextlib.suppress(Exception):
                page.goto("about:blank", timeout=10_000)
        with contextlib.suppress(Exception):
            self.context.close()


def wait_for_app(page, timeout_ms: int = APP_TIMEOUT_MS) -> None:
    page.wait_for_function(_APP_READY_JS, timeout=timeout_ms, polling=100)


# -- what every page must (not) show ------------------------------------------------------------

_ERROR_OUTPUTS_JS = r"""() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
  .filter(o => /stderr|error|traceback/i.test(o.getAttribute('data-mime-type') || '')
               || o.classList.contains('jp-OutputArea-executeResult') && /Error/.test(o.textContent))
  .map(o => (o.getAttribute('data-mime-type') || '') + ': ' + o.textContent.slice(0, 500))"""

#: Text that only shows up when something broke: a Python exception name, a traceback, Voilà's cell error,
#: or ipywidgets' failure to draw a widget.
ERROR_TEXT = re.compile(r"Traceback|There was an error|Error displaying widget|Failed to (load|create)|"
                        r"\b[A-Z][A-Za-z]*(Error|Exception)\b")


def page_problems(page) -> list[str]:
    """Error outputs and error text on a rendered page (empty when the page is healthy)."""
    problems = list(page.evaluate(_ERROR_OUTPUTS_JS))
    text = page.locator("#rendered_cells").inner_text()
    problems += [f"text: ...{text[max(0, m.start() - 120):m.end() + 120]}..." for m in ERROR_TEXT.finditer(text)]
    return problems


def existing_notebook(module) -> str:
    """The module's notebook file name; fails the test when the manifest names a notebook not written yet."""
    if not (NOTEBOOKS / module.notebook).is_file():
        pytest.fail(f"content/course.yml lists {module.notebook} but notebooks/{module.notebook} does not exist",
                    pytrace=False)
    return module.notebook


def screenshot_whole_app(page, path: Path) -> None:
    """Save a picture of the whole app, top to bottom.

    Voilà scrolls #rendered_cells inside a window-high body, so a "full page" screenshot would stop at the
    fold: the window is made as tall as the content for the picture, then put back.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.getElementById('rendered_cells').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 16_000)})
    try:
        page.wait_for_timeout(200)  # one layout pass at the new size
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)


_OVERFLOW_JS = r"""() => {
  // The page scrolls in #rendered_cells, not the document, so check both (and report what sticks out).
  const root = document.documentElement;
  const cells = document.getElementById('rendered_cells');
  const widest = Array.from(cells.querySelectorAll('*'))
    .map(el => [el.getBoundingClientRect().right, el])
    .filter(([right]) => right > root.clientWidth + 1)
    .sort((a, b) => b[0] - a[0]).slice(0, 5)
    .map(([right, el]) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ends at ${Math.round(right)}px: `
                          + (el.textContent || '').trim().slice(0, 60));
  return {document: root.scrollWidth, cells: cells.scrollWidth, cellsClient: cells.clientWidth,
          viewport: root.clientWidth, widest};
}"""


def horizontal_overflow(page) -> dict:
    """How wide the page's content is against the window, with the elements that stick out furthest."""
    return page.evaluate(_OVERFLOW_JS)


PHONE_WIDTH = 375


@dataclass
class AppVisit:
    """What one visit to a module page found; the app and accessibility suites share it (one load per app)."""

    notebook: str
    error: str | None = None  # the page never became usable
    problems: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # every <h1>, as read
    code_cells_shown: int = 0
    outside_requests: list[str] = field(default_factory=list)  # requests to any host but the server
    violations: list[dict] = field(default_factory=list)  # axe, at phone width
    phone_overflow: dict = field(default_factory=dict)


def visit_app(person: Participant, notebook: str) -> AppVisit:
    """Open a module page at desktop width, check and photograph it, then narrow it to a phone and run axe."""
    from axe_playwright_python.sync_playwright import Axe

    found = AppVisit(notebook)
    already = len(person.outside_requests)
    try:
        page = person.open(notebook)
    except Exception as exc:
        found.error = f"{type(exc).__name__}: {exc}"
        return found
    try:
        screenshot_whole_app(page, SCREENSHOTS / f"{notebook.removesuffix('.ipynb')}.png")
        found.problems = page_problems(page)
        found.headings = [h.strip() for h in page.get_by_role("heading", level=1).all_inner_texts()]
        found.code_cells_shown = page.locator(".jp-CodeCell .jp-InputArea, .cm-editor").count()
        desktop = page.viewport_size
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        page.wait_for_timeout(300)  # one layout pass at phone width
        found.phone_overflow = horizontal_overflow(page)
        found.violations = Axe().run(page).response["violations"]
        page.set_viewport_size(desktop)
    except Exception as exc:
        found.error = f"{type(exc).__name__}: {exc}"
    finally:
        found.outside_requests = person.outside_requests[already:]
        with contextlib.suppress(Exception):
            page.goto("about:blank", timeout=10_000)  # the kernel shuts down before the next app opens
    return found
