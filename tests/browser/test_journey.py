"""A participant's whole journey against the real server: get a code, say who they are, reflect, set goals,
rate their skills, fill in the agreement, download the plan, and find everything again after a reload or on
another day with their code. Two participants never see each other's work."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from orientation_app import STEP_TIMEOUT_MS, OrientationServer, Participant, page_problems, wait_for_app
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

START = "00_start_here.ipynb"
COMPONENTS = "02_four_components.ipynb"
GOALS = "06_goals.ipynb"
AGREEMENT = "07_agreement.ipynb"
CODE_PATTERN = re.compile(r"^[a-z]+-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$")
CRITERIA = ("Specific", "Measurable", "Achievable", "Relevant", "Time-bound")

VAGUE_GOAL = "improve communication"
NEXT_YEAR = dt.date.today().year + 1
STRONG_GOAL = (f"By 30 June {NEXT_YEAR}, lead three team meetings and ask two colleagues to rate my clarity "
               "each time, so that I can speak up with confidence in my new role.")
GOAL_MARK = "lead three team meetings"  # survives any rewording of the goal into a plan statement
REFLECTION = "I will ask one open question before I offer any advice of my own."


# -- acting and checking as the participant ------------------------------------------------------


def workbook_of(server: OrientationServer, code: str):
    """The participant's workbook as saved on the server (None until first saved)."""
    from mentoringkit.storage import load_workbook

    # Wherever under its data folder the server keeps workbooks, each is named after its code.
    found = [p for p in server.data_dir.rglob(f"{code}.json") if p.is_file()]
    assert len(found) <= 1, f"more than one workbook file for {code}: {found}"
    return load_workbook(found[0]) if found else None


def wait_until_saved(server: OrientationServer, code: str, check: Callable, what: str, timeout: float = 120,
                     found: Callable | None = None):
    """Wait until the saved workbook satisfies ``check``; the server saves after every change. ``found`` says
    what was saved instead, for the failure message."""
    deadline = time.monotonic() + timeout
    while True:
        workbook = workbook_of(server, code)
        try:
            if workbook is not None and check(workbook):
                return workbook
        except (AttributeError, IndexError, KeyError):
            pass
        if time.monotonic() > deadline:
            saved = f"; saved instead: {found(workbook)}" if found is not None and workbook is not None else ""
            pytest.fail(f"the server never saved {what} for {code}{saved}", pytrace=False)
        time.sleep(0.2)


def type_into(page, label: str, text: str) -> None:
    """Type into the field with this label, then leave it (fields report their text when left)."""
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Tab")


def get_code(page) -> str:
    # The start page redraws the "about you" form once a code is issued; typing into the old form while the
    # new one is on its way would go to a form that is about to vanish, so wait for the swap.
    old_form = page.locator(".mk-role-picker").element_handle()
    page.get_by_role("button", name="Give me a personal code").click()
    shown = page.locator(".mk-code")
    shown.wait_for()
    with contextlib.suppress(PlaywrightTimeoutError):  # a start page that keeps its form has nothing to swap
        page.wait_for_function("form => !form.isConnected", arg=old_form, timeout=STEP_TIMEOUT_MS)
    code = shown.inner_text().strip()
    assert CODE_PATTERN.match(code), f"the personal code {code!r} is not a word and three groups of four"
    return code


def start_as(person: Participant, name: str, role_label: str = "Mentee") -> str:
    """Landing page: get a code, type a name, pick a role. Returns the code."""
    page = person.open(START)
    code = get_code(page)
    type_into(page, "Your name", name)
    page.get_by_role("radio", name=role_label).check()
    return code


def goals_section(page, number: int, title: str, of: int = 4) -> None:
    """Long pages show one section at a time (the goals page has 4): open one by its button and wait until it is
    drawn."""
    page.get_by_role("button", name=re.compile(rf"^{number}\. {title}")).click()
    page.get_by_text(f"Section {number} of {of}").wait_for()


def download_text(page, link_name: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


# -- the journey ------------------------------------------------------------------------------------


def test_a_mentee_works_through_the_orientation_and_finds_it_all_again(participant, server):
    page = participant.open(START)
    code = get_code(page)
    type_into(page, "Your name", "Robin Journey")
    page.get_by_role("radio", name="Mentee").check()
    page.get_by_text("Chosen: I will be a mentee").wait_for()
    wait_until_saved(server, code, lambda wb: (wb.profile.name, wb.profile.role) == ("Robin Journey", "mentee"),
                     "name and role")
    # Dates are typed three ways on this journey (issue 12): a phrase, day-first numbers, a month name; each is
    # said back in words under its field before it is used.
    today = dt.date.today()
    type_into(page, "Programme starts", "today")
    type_into(page, "Programme ends", f"30/06/{NEXT_YEAR + 1}")
    picker = page.locator(".mk-role-picker")
    picker.get_by_text(f"Understood as {dt.date(NEXT_YEAR + 1, 6, 30):%A} 30 June {NEXT_YEAR + 1}").wait_for()
    picker.get_by_text(f"Understood as {today:%A} {today.day} {today:%B} {today.year}").wait_for()
    wait_until_saved(server, code, lambda wb: (wb.profile.program_start, wb.profile.program_end)
                     == (today, dt.date(NEXT_YEAR + 1, 6, 30)), "the programme dates")

    # The four components: a reflection in the participant's words.
    page = participant.open(COMPONENTS, code=code)
    reflection = page.get_by_role("textbox").first
    reflection.fill(REFLECTION)
    reflection.press("Tab")
    wait_until_saved(server, code, lambda wb: any(r.text == REFLECTION for r in wb.reflections.values()),
                     "the reflection")

    # Goals: a vague goal is turned away criterion by criterion; a strong one goes into the plan.
    page = participant.open(GOALS, code=code)
    # The goals page shows one section at a time; each button names its section and its progress.
    goals_section(page, 3, "Write a SMART goal")
    goal_box = page.get_by_label("Your goal", exact=True)
    goal_box.fill(VAGUE_GOAL)
    builder = page.locator(".mk-smart-goal")
    builder.get_by_text(re.compile(r"\d of 5 criteria met")).wait_for()
    feedback = builder.locator("li.mk-smart-met, li.mk-smart-missing")
    assert feedback.count() == len(CRITERIA)
    for name in CRITERIA:
        assert feedback.filter(has_text=name).count() == 1, f"no feedback line for {name}"
    missing = builder.locator("li.mk-smart-missing")
    assert missing.filter(has_text="Specific").count() == 1 and missing.filter(has_text="Time-bound").count() == 1
    assert all("Try:" in text for text in missing.all_inner_texts()), "a missing criterion comes without a tip"
    page.get_by_role("button", name="Add to my plan").click()
    page.get_by_text("Not added yet").wait_for()
    assert goal_box.input_value() == VAGUE_GOAL, "the goal text was lost when it was turned away"

    goal_box.fill(STRONG_GOAL)
    type_into(page, "Target date (optional)", f"30 June {NEXT_YEAR}")
    builder.get_by_text(f"Understood as {dt.date(NEXT_YEAR, 6, 30):%A} 30 June {NEXT_YEAR}").wait_for()
    builder.get_by_text("5 of 5 criteria met").wait_for()
    page.get_by_role("button", name="Add to my plan").click()
    page.get_by_text("Added to your goals").wait_for()
    wait_until_saved(server, code, lambda wb: any(GOAL_MARK in g.text and g.target_date == dt.date(NEXT_YEAR, 6, 30)
                                                  for g in wb.goals)
                     and any(GOAL_MARK in row.goal_and_timeline for row in wb.plan), "the goal in goals and plan")

    # Self-assessment: rate three skills and save.
    goals_section(page, 1, "Rate your skills")
    ratings = {"Build rapport": "Expert", "Question": "Developmental", "Reflect": "Proficient"}
    for skill, level in ratings.items():
        page.get_by_role("radio", name=f"{level}: {skill}", exact=True).check()
    page.get_by_role("button", name="Save this assessment").click()
    page.get_by_text(re.compile(r"Saved your assessment|is saved")).first.wait_for()
    saved = wait_until_saved(server, code, lambda wb: len(wb.latest_assessment.levels) == 3, "the assessment")
    assert sorted(saved.latest_assessment.levels.values()) == ["developmental", "expert", "proficient"]

    goals_section(page, 4, "Your development plan")
    plan = download_text(page, "Download the plan (Markdown)")
    assert GOAL_MARK in plan, f"the downloaded plan does not contain the goal:\n{plan[:1500]}"

    # Agreement: every required part.
    page = participant.open(AGREEMENT, code=code)
    first_meeting = dt.date.today() + dt.timedelta(days=14)
    answers = {
        "Our goals (one per line)": "Speak up with confidence in team meetings",
        "Date of the first meeting": "in 2 weeks",
        "Time of the first meeting": "14:30",
        "Meet every": "2",
        "How many meetings in all": "6",
        "Minutes per meeting": "45",
        "Where or how you meet": "Library meeting room 2",
        "Opportunities and places to learn": "Shadowing at the quarterly review",
        "What confidentiality means for us": "Nothing we discuss leaves the room unless we both agree.",
        "Our ground rules (one per line)": "Start on time\nCancel a day ahead",
        "How we will give feedback and review progress": "Ten minutes at the end of every meeting.",
        "How we will keep the mentoring log": "A shared notes document",
        "Mentor's full name (signature)": "Sam Mentor",
        "Mentee's full name (signature)": "Robin Journey",
    }
    for label, text in answers.items():
        type_into(page, label, text)
    page.get_by_role("radio", name="weeks").check()
    page.get_by_text("every part of the agreement is filled in").wait_for()
    page.get_by_text(f"Understood as {first_meeting:%A} {first_meeting.day} {first_meeting:%B} "
                     f"{first_meeting.year}").wait_for()
    wait_until_saved(server, code, lambda wb: wb.agreement.log_method == "A shared notes document"
                     and wb.agreement.mentee.name == "Robin Journey"
                     and wb.agreement.schedule.first_meeting.date() == first_meeting, "the agreement")
    agreement = download_text(page, "Download the agreement (Markdown)")
    assert "Speak up with confidence in team meetings" in agreement and "Library meeting room 2" in agreement

    # A reload keeps everything typed.
    page.reload(wait_until="commit")
    wait_for_app(page)
    for label in ("Where or how you meet", "How we will keep the mentoring log", "Mentee's full name (signature)"):
        assert page.get_by_label(label, exact=True).input_value() == answers[label], f"{label} lost on reload"
    page.get_by_text("every part of the agreement is filled in").wait_for()

    # Opening modules fresh by their address with the code brings the work back too.
    page = participant.open(GOALS, code=code)
    goals_section(page, 3, "Write a SMART goal: 1 goal")
    page.locator(".mk-smart-goal").get_by_text(GOAL_MARK).first.wait_for()  # the goal is still in the goals list
    goals_section(page, 1, "Rate your skills")
    for skill, level in ratings.items():
        assert page.get_by_role("radio", name=f"{level}: {skill}", exact=True).is_checked(), f"{skill} rating lost"
    page = participant.open(COMPONENTS, code=code)
    assert REFLECTION in [box.input_value() for box in page.get_by_role("textbox").all()], "the reflection is gone"
    page = participant.open(START, code=code)
    assert page.get_by_role("textbox", name="Your name").input_value() == "Robin Journey"
    assert page.get_by_role("radio", name="Mentee").is_checked()
    assert not page_problems(page)


def test_two_participants_never_see_each_others_work(new_participant, server):
    ada, bea = new_participant(), new_participant()
    ada_code = start_as(ada, "Ada Alpha", "I will be a mentor")
    bea_code = start_as(bea, "Bea Beta", "Mentee")
    assert ada_code != bea_code
    wait_until_saved(server, ada_code, lambda wb: wb.profile.name == "Ada Alpha", "Ada's name")
    wait_until_saved(server, bea_code, lambda wb: wb.profile.name == "Bea Beta", "Bea's name")

    page = ada.open(GOALS, code=ada_code)
    goals_section(page, 3, "Write a SMART goal")
    page.get_by_label("Your goal", exact=True).fill(STRONG_GOAL)
    page.get_by_text("5 of 5 criteria met").wait_for()
    page.get_by_role("button", name="Add to my plan").click()
    page.get_by_text("Added to your goals").wait_for()
    wait_until_saved(server, ada_code, lambda wb: len(wb.goals) == 1, "Ada's goal")

    page = bea.open(GOALS, code=bea_code)
    goals_section(page, 3, "Write a SMART goal: 0 goals")
    page.locator(".mk-smart-goal").wait_for()  # the section is drawn, so a goal of Ada's would show here
    assert page.locator(".mk-smart-goal").get_by_text(GOAL_MARK).count() == 0, "Bea sees Ada's goal"
    page = bea.open(START, code=bea_code)
    assert page.get_by_role("textbox", name="Your name").input_value() == "Bea Beta"
    assert "Ada" not in page.locator("#rendered_cells").inner_text()
    bea_saved = workbook_of(server, bea_code)
    assert bea_saved.profile.name == "Bea Beta" and not bea_saved.goals
    assert workbook_of(server, ada_code).profile.name == "Ada Alpha"


def test_a_participant_who_comes_back_with_their_code_gets_their_work_back(new_participant, server):
    first_visit = new_participant()
    code = start_as(first_visit, "Cleo Return", "Mentee")
    wait_until_saved(server, code, lambda wb: (wb.profile.name, wb.profile.role) == ("Cleo Return", "mentee"),
                     "name and role")
    first_visit.close()

    # Another day, a fresh browser: nothing but the code they wrote down.
    page = new_participant().open(START)
    assert page.get_by_role("textbox", name="Your name").input_value() == ""
    type_into(page, "Your personal code", code.upper())
    page.get_by_role("button", name="Open my workbook").click()
    page.locator(".mk-code").filter(has_text=code).wait_for()
    # The form is redrawn for the opened workbook: look it up afresh until it shows their answers.
    expect(page.get_by_role("textbox", name="Your name")).to_have_value("Cleo Return")
    expect(page.get_by_role("radio", name="Mentee")).to_be_checked()


def test_a_wrong_code_says_what_to_do_and_keeps_nothing(participant):
    page = participant.open(START)
    type_into(page, "Your personal code", "kite-0000-0000-0000")
    page.get_by_role("button", name="Open my workbook").click()
    page.get_by_role("alert").filter(has_text="No workbook is saved under the code").wait_for()
    assert page.get_by_role("button", name="Give me a personal code").is_visible()
