"""The trainer key, the presenter state the projector follows, and the trainer pages' gate and views."""

from __future__ import annotations

import datetime as dt
import html
import stat

import pytest

from mentoringkit.storage import WorkbookStore
from mentoringkit.trainer.access import ensure_trainer_key, key_is_valid, trainer_key_path
from mentoringkit.trainer.plans import make_plan
from mentoringkit.trainer.presenter import (
    PresenterState,
    clock_text,
    load_state,
    move,
    save_state,
    seconds_left,
    state_path,
)
from mentoringkit.widgets.trainer import ProjectorPage, TrainerPage, show_projector_page, show_trainer_page
from mentoringkit.workbook import Profile, Workbook

T0 = dt.datetime(2027, 1, 18, 9, 0, tzinfo=dt.timezone.utc)


def voila(query: str) -> dict[str, str]:
    return {"SERVER_SOFTWARE": "voila/0.5.13", "QUERY_STRING": query}


def test_the_key_is_random_private_stable_and_long(tmp_path):
    key = ensure_trainer_key(tmp_path)
    assert len(key) >= 20 and ensure_trainer_key(tmp_path) == key  # 128 bits, kept across restarts
    assert stat.S_IMODE(trainer_key_path(tmp_path).stat().st_mode) == 0o600
    assert ensure_trainer_key(tmp_path / "other") != key
    assert key_is_valid(key, tmp_path) and key_is_valid(f" {key} ", tmp_path)
    for guess in ("", " ", key[:-1], key + "x", key.upper() if key.upper() != key else key.lower(), "1"):
        assert not key_is_valid(guess, tmp_path), guess
    assert not key_is_valid(key, tmp_path / "no-key-here")


def test_a_new_data_folder_made_for_the_key_is_private_all_the_way_down(tmp_path):
    data = tmp_path / "cohort" / "2027"
    ensure_trainer_key(data)
    for folder in (tmp_path / "cohort", data, trainer_key_path(data).parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_moving_through_the_plan_restarts_the_timer_and_stays_in_bounds(cur):
    plan = make_plan(cur, 90)
    state = PresenterState(90, 0, "")
    assert seconds_left(state, plan) is None and clock_text(None) == "not started"
    state = move(state, plan, 1, now=T0)
    assert state.index == 1
    first = plan.segments[1].minutes * 60
    assert seconds_left(state, plan, now=T0 + dt.timedelta(seconds=65)) == first - 65
    assert clock_text(125) == "2:05 left" and clock_text(-90) == "1:30 over"
    assert move(state, plan, -5, now=T0).index == 0
    assert move(PresenterState(90, len(plan.segments) - 1, ""), plan, 1, now=T0).index == len(plan.segments) - 1


def test_state_file_round_trip_and_damaged_file(tmp_path):
    assert load_state(tmp_path) == PresenterState()
    save_state(PresenterState(180, 4, T0.isoformat()), tmp_path)
    assert load_state(tmp_path) == PresenterState(180, 4, T0.isoformat())
    state_path(tmp_path).write_text("{not json")
    assert load_state(tmp_path) == PresenterState()


@pytest.mark.parametrize("query", ["", "key=", "key=guess", "key=%00", "facilitator=1"])
def test_trainer_and_projector_pages_refuse_without_the_right_key(cur, data_dir, query):
    real = ensure_trainer_key(data_dir)
    for show in (show_trainer_page, show_projector_page):
        page = show(curriculum=cur, environ=voila(query), live=False)
        assert repr(page) == "TrainerOnly()"
        assert "for the trainer" in page.value and real not in page.value


def test_the_trainer_page_drives_the_projector_and_hides_notes_from_it(cur, data_dir):
    key = ensure_trainer_key(data_dir)
    store = WorkbookStore(data_dir / "workbooks")
    code = store.new_code()
    store.save(code, Workbook(profile=Profile(name="Zoë <b>O'Brien</b>", role="mentee")))
    page = show_trainer_page(curriculum=cur, environ=voila(f"key={key}"), live=False)
    assert isinstance(page, TrainerPage)
    projector = show_projector_page(key, curriculum=cur, live=False)
    assert isinstance(projector, ProjectorPage)
    assert "Welcome and why we are here" in page.notes.value and "How to run it" in page.notes.value
    assert page.previous.disabled and not page.next.disabled
    page.next.click()
    assert load_state(data_dir).index == 1
    plan = make_plan(cur, 90)
    segment = plan.segments[1]
    assert html.escape(segment.activity.title) in page.notes.value
    assert "left" in page.timer.value
    projector.refresh()
    shown = projector.screen.value
    assert html.escape(segment.activity.title) in shown and html.escape(segment.activity.projected) in shown
    for note in segment.activity.how_to_run:
        assert html.escape(note) not in shown
    assert "How to run it" not in shown and code not in shown
    page.length.value = 180
    assert load_state(data_dir) == PresenterState(180, 0, "")
    # the room: names escaped, who is on which module
    assert "Zoë &lt;b&gt;O&#x27;Brien&lt;/b&gt;" in page.cohort.value
    assert "<b>O'Brien</b>" not in page.cohort.value
    assert "<td>What mentoring is and why it matters</td><td>1 of 10</td>" in page.cohort.value  # on now
    assert code not in page.cohort.value


def test_handout_downloads_are_offered(cur, data_dir):
    key = ensure_trainer_key(data_dir)
    page = show_trainer_page(key, curriculum=cur, live=False)
    assert isinstance(page, TrainerPage)
    flat = [w for box in page.children if hasattr(box, "children") for w in box.children]
    links = [w.value for w in flat if isinstance(getattr(w, "value", None), str) and "download=" in w.value]
    assert len(links) == 7 and any("role-play-cards.html" in v for v in links)


def test_live_pages_tick_then_stop_so_an_abandoned_kernel_can_be_culled(cur, data_dir, monkeypatch):
    import time

    from mentoringkit.widgets import trainer

    monkeypatch.setattr(trainer, "LIVE_SECONDS", 2.5)
    key = ensure_trainer_key(data_dir)
    page = show_trainer_page(key, curriculum=cur, live=True)
    projector = show_projector_page(key, curriculum=cur, live=True)
    page.next.click()
    before = page.timer.value
    time.sleep(1.6)
    assert page.timer.value != before  # the seconds count down on their own
    assert page._ticking.is_alive() and projector._following.is_alive()
    time.sleep(3.5)
    assert not page._ticking.is_alive() and not projector._following.is_alive()
    page.next.click()  # any action starts the clock again
    assert page._ticking.is_alive()


def test_practice_groups_and_the_partner_countdown_from_the_trainer_page(cur, data_dir):
    key = ensure_trainer_key(data_dir)
    page = show_trainer_page(key, curriculum=cur, live=False)
    page.present.value = "Ana\nBo\nCy <script>\n\nDee\nana\nEd"
    page.seed.value = 7
    page.draw.click()
    first = page.groups.value
    assert first.count("<li>") == 2  # five people: a pair and a trio
    assert "Cy &lt;script&gt;" in first and "<script>" not in first
    page.draw.click()
    assert page.groups.value == first  # the same draw number, the same groups
    page.present.value = "Only One"
    page.draw.click()
    assert "at least two people" in page.groups.value
    page.partner_minutes.value = 2
    page.partner_start.click()
    assert "turn to your partner: 1:5" in page.timer.value or "turn to your partner: 2:00" in page.timer.value
    projector = show_projector_page(key, curriculum=cur, live=False)
    assert "Turn to your partner:" in projector.screen.value


def test_draws_put_everyone_in_a_pair_or_trio_once_and_repeat_with_the_same_seed():
    from mentoringkit.trainer.activities import draw_groups

    for n in range(2, 30):
        names = [f"Person {i}" for i in range(n)]
        for size in (2, 3):
            groups = draw_groups(names, seed=n, size=size)
            assert sorted(x for g in groups for x in g) == sorted(names)
            assert all(2 <= len(g) <= 3 for g in groups)
            assert draw_groups(names, seed=n, size=size) == groups
    names = [f"Person {i}" for i in range(12)]
    assert draw_groups(names, 1) != draw_groups(names, 2)
    with pytest.raises(ValueError, match="pairs or trios"):
        draw_groups(names, 1, size=4)  # type: ignore[arg-type]


def test_role_play_cards_come_from_every_scenario_without_the_answers(cur):
    from mentoringkit.trainer.activities import role_play_cards

    cards = role_play_cards(cur)
    scenarios = [s for c in cur.components.components for s in c.scenarios]
    assert len(cards) == len(scenarios) + len(cur.conversation_starters.select(phase="first-meeting"))
    text = " ".join(c.situation + c.task for c in cards)
    for s in scenarios:
        assert s.situation in text
        assert not any(choice.feedback in text for choice in s.choices)
