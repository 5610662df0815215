"""Moving between modules inside the served app: no page is fetched and no kernel started; Back and Forward, deep
links and the old module addresses work; focus lands on the new module's heading; typed work comes back."""

from __future__ import annotations

import re
import time

import pytest
from orientation_app import STEP_TIMEOUT_MS, OrientationServer, Participant
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

START = "00_start_here.ipynb"
REFLECTION = "Ask before advising, every single time."


def kernel_starts(server: OrientationServer) -> list[str]:
    """The kernels the server has started so far, as its log names them."""
    return re.findall(r"Kernel started: ([0-9a-f-]{36})", server.log_path.read_text(errors="replace"))


def wait_for_kernel_starts(server: OrientationServer, at_least: int) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    while len(kernel_starts(server)) < at_least:
        if time.monotonic() > deadline:
            pytest.fail(f"the server never started its replacement ready kernel\n{server.log_tail()}", pytrace=False)
        time.sleep(0.2)


def saved_to(server: OrientationServer, code: str, text: str) -> None:
    """Wait until the participant's workbook file holds ``text`` (the page saves after every change)."""
    path = server.data_dir / "workbooks" / f"{code}.json"
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    while not (path.is_file() and text in path.read_text(encoding="utf-8")):
        if time.monotonic() > deadline:
            pytest.fail(f"the server never saved {text!r} for {code}", pytrace=False)
        time.sleep(0.2)


def shown(page, module: str) -> None:
    """Wait until the app says (on its body) that ``module`` is drawn and focused."""
    page.wait_for_selector(f"body[data-mk-module='{module}']", state="attached")


def page_kernel(page) -> str:
    return page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def follow(page, link_name: str, module: str, heading: str) -> None:
    """Click a module link as a participant does, and check where the keyboard and screen reader are taken."""
    page.get_by_role("link", name=link_name, exact=True).first.click()
    shown(page, module)
    focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.textContent.trim()]")
    assert focused == ["H1", heading], f"after opening {module} the focus is on {focused}"
    expect(page.locator("#mk-announce")).to_have_text(f"Now showing: {heading}")
    assert page.title() == heading
    assert f"module={module}" in page.url or module == "start-here"


def test_moving_between_modules_stays_in_one_page_and_one_kernel(participant: Participant, server):
    page = participant.page
    before = len(kernel_starts(server))
    participant.open(START)
    page.get_by_role("button", name="Give me a personal code").click()
    code = page.locator(".mk-code").inner_text().strip()
    page.wait_for_url(re.compile(rf"code={code}"))  # written into the address, so a reload keeps it
    # The page took a ready kernel; the server starts its replacement: wait for that before counting.
    wait_for_kernel_starts(server, before + 1)
    kernels_before = kernel_starts(server)
    kernel = page_kernel(page)
    documents, sockets = [], []
    page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)
    page.on("websocket", lambda ws: sockets.append(ws.url))

    # Links keep real addresses (open in a new tab works) that carry the code.
    link = page.get_by_role("link", name="What mentoring is and why it matters", exact=True).first
    assert link.get_attribute("href") == f"00_start_here.ipynb?module=what-is-mentoring&code={code}"
    follow(page, "What mentoring is and why it matters", "what-is-mentoring", "What mentoring is and why it matters")
    follow(page, "Next: The four essential components →", "four-components", "The four essential components")
    box = page.get_by_role("textbox").first
    box.fill(REFLECTION)
    box.press("Tab")
    saved_to(server, code, REFLECTION)
    follow(page, "Next: Roles, responsibilities and expectations →", "roles-and-responsibilities",
           "Roles, responsibilities and expectations")

    # Back and Forward move through the modules visited, inside the page.
    page.go_back()
    shown(page, "four-components")
    assert "module=four-components" in page.url
    expect(page.get_by_role("textbox").first).to_have_value(REFLECTION)  # typed work is shown again
    page.go_back()
    shown(page, "what-is-mentoring")
    page.go_back()
    shown(page, "start-here")
    assert page.url.endswith(f"{START}?code={code}")
    page.go_forward()
    shown(page, "what-is-mentoring")
    follow(page, "All modules", "start-here", "Mentoring partnership orientation")

    assert documents == [], f"moving between modules fetched pages: {documents}"
    assert sockets == [], f"moving between modules opened connections: {sockets}"
    assert kernel_starts(server) == kernels_before, "moving between modules started a kernel"
    assert page_kernel(page) == kernel

    # A reload returns to the same workbook and module.
    follow(page, "Setting boundaries", "boundaries", "Setting boundaries")
    page.reload()
    shown(page, "boundaries")
    assert f"code={code}" in page.url
    assert page.get_by_role("heading", level=1).all_inner_texts() == ["Setting boundaries"]  # drawn once, and only it
    expect(page.get_by_role("button", name=re.compile(r"^1\. Your boundaries worksheet"))).to_be_visible()


def test_deep_links_and_the_old_module_addresses_still_work(participant: Participant, server):
    page = participant.open(START, module="goals")
    shown(page, "goals")
    assert page.get_by_role("heading", level=1).inner_text() == "Goals, skills and your development plan"
    page.get_by_role("link", name="Next: Your mentoring agreement →").click()
    shown(page, "agreement")

    page = participant.open(START, module="no-such-module")
    shown(page, "start-here")
    page.get_by_text("There is no module called “no-such-module” in this course").wait_for()

    # The old address of a module is still a page of its own; its links lead into the app.
    page = participant.open("06_goals.ipynb")
    assert page.get_by_role("heading", level=1).inner_text() == "Goals, skills and your development plan"
    nxt = page.get_by_role("link", name="Next: Your mentoring agreement →")
    assert nxt.get_attribute("href") == "00_start_here.ipynb?module=agreement"
    nxt.click()
    page.wait_for_url(re.compile(r"00_start_here\.ipynb\?module=agreement$"), timeout=STEP_TIMEOUT_MS)
    shown(page, "agreement")


def test_a_module_opened_in_the_app_has_no_accessibility_violations(participant: Participant):
    from axe_playwright_python.sync_playwright import Axe

    page = participant.open(START)
    follow(page, "Goals, skills and your development plan", "goals", "Goals, skills and your development plan")
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
