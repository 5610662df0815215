"""Self-assessment rules: grouping, change over time, plan rows, validation and the accessible chart."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoringkit.curriculum import Skill, SkillLevel, Skills, load_curriculum
from mentoringkit.self_assessment import (
    LEVEL_SCORE,
    SUGGESTED_GOAL_WEEKS,
    chart_data,
    compare,
    plan_rows_from,
    render_chart_svg,
    suggested_goal,
    summarise,
    validate_assessment,
)
from mentoringkit.workbook import SkillAssessment

TODAY = dt.date(2025, 1, 15)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def skills() -> Skills:
    return load_curriculum().skills


def tiny_skills(*names: str) -> Skills:
    """A hand-built skill list, for names the real content would never use."""
    levels = (SkillLevel("expert", "Expert", "x"), SkillLevel("proficient", "Proficient", "x"),
              SkillLevel("developmental", "Developmental", "x"))
    return Skills(intro="", source="", levels=levels,
                  skills=tuple(Skill(f"s{i}", i, n, "d", f"practise {n}") for i, n in enumerate(names, 1)))


def nurse_assessment(on: dt.date = TODAY) -> SkillAssessment:
    return SkillAssessment(taken_on=on, levels={
        "build-rapport": "expert", "listen-actively": "expert", "question": "proficient",
        "set-goals": "developmental", "give-feedback": "developmental", "receive-feedback": "developmental",
        "initiate": "developmental", "follow-through": "developmental", "reflect": "proficient"})


def test_eighteen_skills_in_the_content(skills: Skills) -> None:
    assert len(skills.skills) == 18 and skills.skills[0].id == "build-rapport"


def test_summarise_groups_in_skill_order(skills: Skills) -> None:
    profile = summarise(nurse_assessment(), skills)
    assert [s.id for s in profile.strengths] == ["build-rapport", "listen-actively"]
    assert [s.id for s in profile.proficient] == ["question", "reflect"]
    assert [s.id for s in profile.developmental] == ["initiate", "set-goals", "follow-through", "give-feedback",
                                                     "receive-feedback"]
    assert len(profile.unrated) == 18 - 9
    assert dict(profile.counts) == {"expert": 2, "proficient": 2, "developmental": 5, "unrated": 9}
    assert not profile.complete


def test_complete_when_every_skill_rated(skills: Skills) -> None:
    full = SkillAssessment(taken_on=TODAY, levels={s.id: "proficient" for s in skills.skills})
    profile = summarise(full, skills)
    assert profile.complete and profile.counts["proficient"] == 18 and profile.unrated == ()


def test_unknown_ids_and_odd_levels_are_left_out_of_the_summary(skills: Skills) -> None:
    odd = SkillAssessment(taken_on=TODAY, levels={"juggling": "expert", "question": "guru"})  # type: ignore[dict-item]
    profile = summarise(odd, skills)
    assert profile.counts["expert"] == 0 and "question" in [s.id for s in profile.unrated]


def test_chart_data_scores(skills: Skills) -> None:
    data = chart_data(nurse_assessment(), skills)
    assert len(data) == 18
    assert data[0] == (skills.get("build-rapport").name, 3)
    assert dict(data)[skills.get("question").name] == 2
    assert dict(data)[skills.get("set-goals").name] == 1
    assert dict(data)[skills.get("take-stock").name] == 0
    assert LEVEL_SCORE == {"expert": 3, "proficient": 2, "developmental": 1}


def test_compare_directions(skills: Skills) -> None:
    earlier = SkillAssessment(taken_on=dt.date(2024, 9, 1), levels={
        "set-goals": "developmental", "question": "expert", "reflect": "proficient", "take-stock": "proficient"})
    later = SkillAssessment(taken_on=TODAY, levels={
        "set-goals": "proficient", "question": "proficient", "reflect": "proficient", "initiate": "developmental"})
    changes = {c.skill.id: c for c in compare(earlier, later, skills)}
    assert len(changes) == 18
    assert (changes["set-goals"].before, changes["set-goals"].after, changes["set-goals"].direction) == (
        "developmental", "proficient", "up")
    assert changes["question"].direction == "down"
    assert changes["reflect"].direction == "same"
    assert changes["initiate"].direction == "new" and changes["initiate"].before is None
    assert changes["take-stock"].direction == "unrated" and changes["take-stock"].after is None
    assert changes["be-honest"].direction == "same"


def test_plan_rows_from_developmental_skills(skills: Skills) -> None:
    rows = plan_rows_from(nurse_assessment(), skills, today=TODAY)
    developmental = [sk.id for sk in summarise(nurse_assessment(), skills).developmental]
    assert len(developmental) == 5  # more than the plan form's four printed rows
    assert [r.skill_id for r in rows] == developmental  # one row per area, however many there are
    assert rows[0].development_activities == skills.get("initiate").practice_idea
    by = TODAY + dt.timedelta(weeks=SUGGESTED_GOAL_WEEKS)
    assert all(r.goal_and_timeline and r.target_date == by for r in rows)  # a suggested goal to edit
    assert rows[0].goal_and_timeline == suggested_goal(skills.get("initiate"), by)
    assert skills.get("initiate").name.lower() in rows[0].goal_and_timeline
    assert len({r.id for r in rows}) == len(rows)
    assert [r.skill_id for r in plan_rows_from(nurse_assessment(), skills, limit=2)] == developmental[:2]
    assert plan_rows_from(nurse_assessment(), skills, limit=0) == []
    assert plan_rows_from(nurse_assessment(), skills, limit=-3) == []
    assert plan_rows_from(SkillAssessment(taken_on=TODAY), skills) == []


def test_validate_accepts_a_partial_assessment(skills: Skills) -> None:
    assert validate_assessment(nurse_assessment(), skills, today=TODAY) == []


def test_validate_can_require_every_skill(skills: Skills) -> None:
    gaps = validate_assessment(nurse_assessment(), skills, today=TODAY, require_complete=True)
    assert len(gaps) == 9
    assert gaps[0].field == "levels/keep-confidences" and "not rated yet" in gaps[0].message


def test_validate_names_unknown_skills_bad_levels_and_future_dates(skills: Skills) -> None:
    bad = SkillAssessment(taken_on=TODAY + dt.timedelta(days=1),
                          levels={"juggling": "expert", "question": "guru"})  # type: ignore[dict-item]
    gaps = validate_assessment(bad, skills, today=TODAY)
    assert [g.field for g in gaps] == ["levels/juggling", "levels/question", "taken_on"]
    assert "no skill called 'juggling'" in gaps[0].message
    assert "choose expert, proficient or developmental" in gaps[1].message
    assert "after today" in gaps[2].message


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_chart_is_an_accessible_image(skills: Skills) -> None:
    svg = render_chart_svg(nurse_assessment(), skills)
    root = _parse(svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and "2025-01-15" in (title.text or "")
    assert desc is not None and "2 skills rated expert" in (desc.text or "") and "9 not rated" in (desc.text or "")
    assert set(root.get("aria-labelledby", "").split()) == {title.get("id"), desc.get("id")}
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for skill in skills.skills:
        assert skill.name in texts  # the names are written out, not only drawn as bars
    assert texts.count("Expert") >= 2 and "Not rated" in texts  # the level in words, not colour alone


def test_chart_with_an_earlier_assessment_says_what_it_was(skills: Skills) -> None:
    earlier = SkillAssessment(taken_on=dt.date(2024, 9, 1), levels={"set-goals": "developmental",
                                                                     "build-rapport": "expert"})
    later = SkillAssessment(taken_on=TODAY, levels={"set-goals": "proficient", "build-rapport": "expert"})
    root = _parse(render_chart_svg(later, skills, earlier=earlier))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Proficient (was developmental)" in texts
    assert "Expert" in texts  # unchanged level: no "was"
    assert "level on 2024-09-01" in texts
    assert "2024-09-01" in (root.find(f"{SVG}desc").text or "")


def test_chart_escapes_hostile_names() -> None:
    hostile = tiny_skills("<script>alert(1)</script>", 'Say "no" & mean it', "שלום 🙂", "x" * 200)
    assessment = SkillAssessment(taken_on=TODAY, levels={"s1": "expert", "s2": "developmental"})
    svg = render_chart_svg(assessment, hostile, earlier=assessment)
    assert "<script>" not in svg
    root = _parse(svg)  # still well-formed XML
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<script>alert(1)</script>" in texts and 'Say "no" & mean it' in texts and "שלום 🙂" in texts
    assert any(t and t.endswith("…") and len(t) <= 34 for t in texts)  # long names shortened


def test_chart_bar_widths_follow_the_levels(skills: Skills) -> None:
    root = _parse(render_chart_svg(nurse_assessment(), skills))
    groups = list(root.iter(f"{SVG}g"))
    assert len(groups) == 18
    widths = [float(g.find(f"{SVG}rect").get("width")) for g in groups]
    scores = [score for _, score in chart_data(nurse_assessment(), skills)]
    for score, width in zip(scores, widths, strict=True):
        assert (width > 4) == (score > 0)
    assert widths[0] > widths[skills.skills.index(skills.get("question"))] > widths[
        skills.skills.index(skills.get("set-goals"))]


@settings(max_examples=60, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=50), min_size=1, max_size=6),
       levels=st.lists(st.sampled_from(["expert", "proficient", "developmental", None]), min_size=6, max_size=6))
def test_chart_is_always_well_formed(names: list[str], levels: list[str | None]) -> None:
    hostile = tiny_skills(*names)  # control characters included: the chart must still be valid XML
    clean = names
    rated = {f"s{i}": lv for i, lv in enumerate(levels[:len(clean)], 1) if lv}
    assessment = SkillAssessment(taken_on=TODAY, levels=rated)  # type: ignore[arg-type]
    root = _parse(render_chart_svg(assessment, hostile, earlier=SkillAssessment(taken_on=TODAY)))
    assert len(list(root.iter(f"{SVG}g"))) == len(clean)
