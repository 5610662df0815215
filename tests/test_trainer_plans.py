"""Session plans: every plan fills its minutes, keeps the must-haves and the course order, and says what it left out."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mentoringkit.curriculum import load_curriculum
from mentoringkit.trainer.plan_document import render_plan
from mentoringkit.trainer.plans import MIN_MINUTES, PlanError, make_plan

REPO = Path(__file__).resolve().parents[1]
LENGTHS = [30, 31, 37, 45, 60, 75, 90, 120, 121, 150, 180, 210, 225, 240, 300, 480]


def _must_activities(cur):
    out = {("", cur.facilitation.session.opening.id), ("", cur.facilitation.session.closing.id)}
    for entry in cur.facilitation.modules:
        for a in entry.activities:
            if a.keep == "must" and entry.keep == "must":
                out.add((entry.module, a.id))
    return out


@pytest.mark.parametrize("minutes", LENGTHS)
def test_every_plan_fills_exactly_its_minutes_without_gaps(cur, minutes):
    plan = make_plan(cur, minutes)
    assert sum(s.minutes for s in plan.segments) == minutes
    assert plan.segments[0].start == 0 and plan.segments[-1].end == minutes
    for before, after in zip(plan.segments, plan.segments[1:], strict=False):
        assert after.start == before.end


@pytest.mark.parametrize("minutes", LENGTHS)
def test_every_plan_keeps_the_must_haves_at_no_less_than_their_shortest(cur, minutes):
    plan = make_plan(cur, minutes)
    placed = {(s.module_id, s.activity.id) for s in plan.segments}
    assert _must_activities(cur) <= placed
    assert {"start-here", "four-components", "first-meeting", "goals", "agreement"} <= set(plan.module_ids)
    for s in plan.segments:
        assert s.minutes >= s.activity.min_minutes, s


@pytest.mark.parametrize("minutes", LENGTHS)
def test_plans_keep_course_order_and_account_for_every_activity(cur, minutes):
    plan = make_plan(cur, minutes)
    order = [m.id for m in cur.course.modules]
    assert plan.module_ids == sorted(plan.module_ids, key=order.index)
    placed = [(s.module_id, s.activity.id) for s in plan.segments if not s.is_break]
    skipped = [(s.module_id, s.activity.id) for s in plan.skipped]
    everything = [("", "opening")] + [(e.module, a.id) for e in cur.facilitation.modules for a in e.activities] \
        + [("", "closing")]
    assert sorted(placed + skipped) == sorted(everything)
    assert not set(placed) & set(skipped)


def test_shorter_plans_squeeze_before_they_drop_and_drop_least_needed_first(cur):
    full = make_plan(cur, 225)
    assert not full.skipped  # the whole course (plus opening and closing) fits in its own length
    p90 = make_plan(cur, 90)
    assert p90.skipped
    kept_keeps = {s.activity.keep for s in p90.segments}
    assert "should" in kept_keeps
    # nothing 'should' was dropped while a 'could' activity stayed in
    if any(s.activity.keep == "should" for s in p90.skipped):
        assert all(s.activity.keep != "could" for s in p90.segments)
    assert len(make_plan(cur, 45).segments) < len(p90.segments) < len(make_plan(cur, 180).segments)


def test_long_sessions_get_one_break_between_modules_and_short_ones_none(cur):
    frame = cur.facilitation.session
    assert not any(s.is_break for s in make_plan(cur, frame.break_after).segments)
    plan = make_plan(cur, 180)
    breaks = [i for i, s in enumerate(plan.segments) if s.is_break]
    assert len(breaks) == 1
    i = breaks[0]
    assert plan.segments[i].minutes == frame.break_minutes
    assert plan.segments[i - 1].module_id != plan.segments[i + 1].module_id
    assert 40 <= plan.segments[i].start <= 140


def test_spare_time_goes_to_practice_and_questions_not_to_talks(cur):
    plan = make_plan(cur, 400)
    for s in plan.segments:
        if s.activity.kind in ("talk", "solo") and s.activity.id != "closing":
            assert s.minutes <= s.full_minutes
    assert any(s.minutes > s.full_minutes for s in plan.segments if s.activity.kind == "pair")


def test_the_three_standard_plans_include_pair_work(cur):
    for minutes in (45, 90, 180):
        plan = make_plan(cur, minutes)
        assert any(s.activity.kind == "pair" for s in plan.segments), minutes
        assert plan.cut_next or minutes < 60


@pytest.mark.parametrize("minutes", [29, 0, -5])
def test_too_short_a_session_is_refused_clearly(cur, minutes):
    with pytest.raises(PlanError, match=f"at least {MIN_MINUTES} minutes"):
        make_plan(cur, minutes)


def test_must_haves_that_cannot_fit_are_named(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    fac = yaml.safe_load((content / "facilitation.yml").read_text(encoding="utf-8"))
    for entry in fac["modules"]:
        entry["keep"] = "must"
        for a in entry["activities"]:
            a["keep"] = "must"
    (content / "facilitation.yml").write_text(yaml.safe_dump(fac, sort_keys=False), encoding="utf-8")
    cur = load_curriculum(content)
    with pytest.raises(PlanError, match="must-have activities need at least"):
        make_plan(cur, 30)


def test_a_module_without_facilitation_notes_still_appears(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    fac = yaml.safe_load((content / "facilitation.yml").read_text(encoding="utf-8"))
    fac["modules"] = [e for e in fac["modules"] if e["module"] != "boundaries"]
    (content / "facilitation.yml").write_text(yaml.safe_dump(fac, sort_keys=False), encoding="utf-8")
    plan = make_plan(load_curriculum(content), 240)
    seg = next(s for s in plan.segments if s.module_id == "boundaries")
    assert seg.activity.how_to_run  # the module's one-line facilitator note from course.yml


def test_the_plan_document_has_timings_notes_prompts_questions_and_what_was_left_out(cur):
    plan = make_plan(cur, 90)
    md = render_plan(plan, "md")
    assert md.startswith("# 90-minute session")
    assert "0:00–0:03" in md and "1:30" in md
    assert "How to run it" in md and "Prompts" in md and "Common questions" in md
    assert "Left out of this plan" in md and "Ending well" in md
    assert "If you run late" in md
    html = render_plan(plan, "html")
    assert html.startswith("<!DOCTYPE html>") and "<table>" in html and "<ol>" in html


def run(*args):
    return subprocess.run([sys.executable, "-m", "mentoringkit", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, timeout=120)


def test_plan_command_writes_html_and_markdown(tmp_path):
    out = tmp_path / "plan.html"
    result = run("plan", "--minutes", "90", "--out", out)
    assert result.returncode == 0, result.stderr
    assert f"Wrote {out}" in result.stderr and "left out:" in result.stderr
    assert "<h1>90-minute session" in out.read_text(encoding="utf-8")
    result = run("plan", "--minutes", "45", "--format", "md")
    assert result.returncode == 0 and result.stdout.startswith("# 45-minute session")


def test_plan_command_refuses_less_than_thirty_minutes_without_a_traceback():
    result = run("plan", "--minutes", "20")
    assert result.returncode == 2
    assert "--minutes must be at least 30 (got 20)" in result.stderr and "Traceback" not in result.stderr
