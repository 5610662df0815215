"""A trainer's session against the real server: packets for a roster, the presenter and projector in two windows
stepping through the plan, a participant opening their personal link from the handout and showing up in the
cohort view; and a participant who cannot reach any of it, with or without guessing."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from orientation_app import page_problems
from playwright.sync_api import expect

from mentoringkit.curriculum import load_curriculum
from mentoringkit.trainer.packets import build_packets
from mentoringkit.trainer.plans import make_plan

pytestmark = pytest.mark.browser

SAMPLE_ROSTER = Path(__file__).resolve().parents[2] / "examples" / "sample_roster.csv"


def trainer_key(server) -> str:
    key_file = server.data_dir / "trainer" / "key"
    deadline = time.monotonic() + 10
    while not key_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    return key_file.read_text(encoding="ascii").strip()


def test_serve_prints_the_trainer_address_with_its_key(server):
    key = trainer_key(server)
    deadline = time.monotonic() + 20
    while "Trainer pages" not in server.log_tail(50_000_000) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert f"/trainer.ipynb?key={key}" in server.log_tail(50_000_000)
    assert f"/projector.ipynb?key={key}" in server.log_tail(50_000_000)


@pytest.mark.parametrize("query", [{}, {"key": "guess"}, {"key": "0" * 22}, {"facilitator": "1"}])
def test_a_participant_cannot_reach_the_trainer_pages(participant, server, query):
    key = trainer_key(server)
    for notebook in ("trainer.ipynb", "projector.ipynb"):
        page = participant.open(notebook, **query)
        expect(page.get_by_role("heading", name="This page is for the trainer")).to_be_visible()
        text = page.locator("#rendered_cells").inner_text()
        assert "Presenter" not in text and "How to run it" not in text and key not in page.content()


def test_facilitator_notes_need_the_trainer_key(participant, server):
    module = load_curriculum().course.module("four-components")
    note = module.facilitator_notes[0]
    page = participant.open(module.notebook, facilitator="1")
    assert "For the facilitator" not in page.locator("#rendered_cells").inner_text()
    page = participant.open(module.notebook, facilitator="1", key=trainer_key(server))
    expect(page.get_by_text(note)).to_be_visible()


def test_a_trainer_runs_a_session_and_sees_a_participant_arrive(new_participant, server, tmp_path):
    key = trainer_key(server)
    # As the README says: print a 90-minute plan, then build packets for the sample 20-person roster.
    plan_file = tmp_path / "plan.html"
    made = subprocess.run([sys.executable, "-m", "mentoringkit", "plan", "--minutes", "90", "--out", str(plan_file)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0 and "<h1>90-minute session" in plan_file.read_text(encoding="utf-8"), made.stderr
    result = build_packets(SAMPLE_ROSTER, tmp_path / "packets", server.data_dir, jobs=2, base_url=server.base_url,
                           pdf=False, progress=lambda *_: None)
    assert len(result.built) == 20 and not result.refused and not result.failed, result
    assert len(result.paired) == 9 and not result.unpaired, result

    presenter = new_participant().open("trainer.ipynb", key=key)
    assert not page_problems(presenter)
    projector_person = new_participant(width=1920, height=1080)
    projector = projector_person.open("projector.ipynb", key=key)
    plan = make_plan(load_curriculum(), 90)
    presenter.get_by_role("combobox", name="Session length").select_option(label="90 minutes")
    for step in (1, 2):
        presenter.get_by_role("button", name="Next").click()
        title = plan.segments[step].activity.title
        expect(presenter.locator(".mk-now")).to_have_text(f"Now: {title}")
        expect(projector.get_by_role("heading", name=title)).to_be_visible(timeout=10_000)
    expect(presenter.locator(".mk-timer")).to_contain_text("left")
    expect(projector.locator(".mk-projector-time")).to_contain_text("left")
    shown = projector.locator("#rendered_cells").inner_text()
    for line in plan.segments[2].activity.how_to_run:
        assert line not in shown  # the room never sees the notes
    presenter.get_by_role("button", name="Previous").click()
    expect(projector.get_by_role("heading", name=plan.segments[1].activity.title)).to_be_visible(timeout=10_000)
    presenter.get_by_role("button", name="Start: turn to your partner").click()
    expect(projector.locator(".mk-partner-time")).to_contain_text("Turn to your partner: 2:5", timeout=10_000)

    # Siobhán opens the personal link printed on her handout and types her name as she likes it.
    handout = next((tmp_path / "packets").glob("siobhan-o-connor-*/handout.html")).read_text(encoding="utf-8")
    link = html.unescape(re.search(r"<dd>(http://[^<]+\?code=[^<]+)</dd>", handout).group(1))
    assert link.startswith(server.base_url)
    assert "<dd><bdi>Wei Zhang, PhD</bdi> (mentor)</dd>" in handout  # the handout names her partner, isolated
    siobhan_person = new_participant()
    siobhan = siobhan_person.page
    siobhan.goto(link)
    name_box = siobhan.get_by_role("textbox", name="Your name")
    expect(name_box).to_have_value("Siobhán O'Connor")  # filled in by the packet
    expect(siobhan.get_by_text("You are the mentee, paired with Wei Zhang, PhD (mentor).").first).to_be_visible()
    name_box.fill("Siobhán O'Connor (she/her)")
    name_box.press("Tab")
    presenter.get_by_role("button", name="Refresh the cohort view").click()
    deadline = time.monotonic() + 20
    while "Siobhán O'Connor (she/her)" not in presenter.locator("#rendered_cells").inner_text():
        assert time.monotonic() < deadline, "the cohort view never showed the participant who arrived"
        time.sleep(0.5)
        presenter.get_by_role("button", name="Refresh the cohort view").click()
    room = presenter.locator("table.mk-progress").inner_text()
    assert "Wei Zhang, PhD" not in room  # her partner has not opened his packet yet
    assert Path(link).name not in room

    # Her agreement is already the pair's shared one, with both names, before either has typed a word of it.
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["code"][0]
    agreement = siobhan_person.open("07_agreement.ipynb", code=code)
    expect(agreement.get_by_text("Shared with Wei Zhang, PhD").first).to_be_visible()
    expect(agreement.get_by_label("Mentor's full name (signature)", exact=True)).to_have_value("Wei Zhang, PhD")
    expect(agreement.get_by_label("Mentee's full name (signature)", exact=True)).to_have_value("Siobhán O'Connor")


def test_participants_cannot_fetch_the_trainer_key_or_state(participant, server):
    page = participant.page
    key = trainer_key(server)
    for path in ("/voila/files/trainer/key", "/files/trainer/key", "/voila/files/../data/trainer/key",
                 "/api/contents/trainer", "/voila/files/trainer/presenter.json"):
        response = page.goto(server.base_url + path)
        assert response is None or response.status in (403, 404, 405), path
        assert key not in page.content()
    # Voilà's own file list is not served: its addresses lead to the start page, which names no trainer page.
    for listing in ("/", "/voila/tree"):
        page.goto(server.base_url + listing)
        page.wait_for_url("**/voila/render/00_start_here.ipynb*")
        assert key not in page.content() and "presenter.json" not in page.content()
        assert "trainer.ipynb" not in page.content()


@pytest.mark.parametrize("notebook", ["trainer.ipynb", "projector.ipynb"])
def test_axe_finds_nothing_on_the_trainer_pages(participant, server, notebook):
    from axe_playwright_python.sync_playwright import Axe

    page = participant.open(notebook, key=trainer_key(server))
    violations = Axe().run(page).response["violations"]
    assert not violations, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
                                     for v in violations)
