"""A trainer's session against the real server: packets for a roster, the presenter and projector in two windows
stepping through the plan, a participant opening their personal link from the handout and showing up in the
cohort view; and a participant who cannot reach any of it, with or without guessing."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from orientation_app import page_problems
from playwright.sync_api import expect

from mentoringkit.curriculum import load_curriculum
from mentoringkit.trainer.packets import build_packets
from mentoringkit.trainer.plans import make_plan

pytestmark = pytest.mark.browser

ROSTER = """name,email,role,partner,programme start,length in months,meeting cadence,organisation
Zoë O'Brien,zoe@example.org,mentee,Kwame Mensah,2027-01-18,6,fortnightly,Ward 4
Kwame Mensah,kwame@example.org,mentor,Zoë O'Brien,2027-01-18,6,fortnightly,Ward 4
"""


def trainer_key(server) -> str:
    key_file = server.data_dir / "trainer" / "key"
    deadline = time.monotonic() + 10
    while not key_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    return key_file.read_text(encoding="ascii").strip()


def test_serve_prints_the_trainer_address_with_its_key(server):
    key = trainer_key(server)
    deadline = time.monotonic() + 20
    while "Trainer pages" not in server.log_tail(20_000) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert f"/trainer.ipynb?key={key}" in server.log_tail(20_000)
    assert f"/projector.ipynb?key={key}" in server.log_tail(20_000)


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
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    result = build_packets(roster, tmp_path / "packets", server.data_dir, jobs=1, base_url=server.base_url,
                           pdf=False, progress=lambda *_: None)
    assert result.built == ["Zoë O'Brien", "Kwame Mensah"], result

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

    # Zoë opens the personal link printed on her handout and types her name as she likes it.
    handout = next((tmp_path / "packets").glob("zoe-o-brien-*/handout.html")).read_text(encoding="utf-8")
    link = html.unescape(re.search(r"<dd>(http://[^<]+\?code=[^<]+)</dd>", handout).group(1))
    assert link.startswith(server.base_url)
    zoe = new_participant().page
    zoe.goto(link)
    name_box = zoe.get_by_role("textbox", name="Your name")
    expect(name_box).to_have_value("Zoë O'Brien")  # filled in by the packet
    name_box.fill("Zoë O'Brien (she/her)")
    name_box.press("Tab")
    presenter.get_by_role("button", name="Refresh the cohort view").click()
    deadline = time.monotonic() + 20
    while "Zoë O'Brien (she/her)" not in presenter.locator("#rendered_cells").inner_text():
        assert time.monotonic() < deadline, "the cohort view never showed the participant who arrived"
        time.sleep(0.5)
        presenter.get_by_role("button", name="Refresh the cohort view").click()
    room = presenter.locator("table.mk-progress").inner_text()
    assert "Kwame Mensah" not in room  # he has not opened his packet yet
    assert Path(link).name not in room


def test_participants_cannot_fetch_the_trainer_key_or_state(participant, server):
    page = participant.page
    key = trainer_key(server)
    for path in ("/voila/files/trainer/key", "/files/trainer/key", "/voila/files/../data/trainer/key",
                 "/api/contents/trainer", "/voila/files/trainer/presenter.json"):
        response = page.goto(server.base_url + path)
        assert response is None or response.status in (403, 404, 405), path
        assert key not in page.content()
    # Voilà's own file list shows the served notebooks (the trainer pages among them, which refuse without the
    # key) but nothing from the data folder.
    page.goto(server.base_url + "/voila/tree")
    assert key not in page.content() and "presenter.json" not in page.content() and "workbooks" not in page.content()
