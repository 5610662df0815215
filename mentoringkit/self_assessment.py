"""The 18-skill self-assessment: strengths and developmental areas, change over time, a bar chart, plan rows.

Plain functions over ``SkillAssessment`` and the curriculum's ``Skills``; skill order always follows the content.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from mentoringkit.completeness import Gap
from mentoringkit.curriculum import Skill, Skills
from mentoringkit.workbook import PlanRow, SkillAssessment

__all__ = [
    "LEVEL_SCORE",
    "SkillChange",
    "SkillProfile",
    "chart_data",
    "compare",
    "plan_rows_from",
    "render_chart_svg",
    "summarise",
    "validate_assessment",
]

LEVEL_SCORE: Mapping[str, int] = MappingProxyType({"expert": 3, "proficient": 2, "developmental": 1})
_LEVEL_WORD = {3: "Expert", 2: "Proficient", 1: "Developmental", 0: "Not rated"}

Direction = Literal["up", "down", "same", "new", "unrated"]


@dataclass(frozen=True)
class SkillProfile:
    """One assessment read as groups of skills, each group in the content's skill order."""

    strengths: tuple[Skill, ...]  # rated expert
    proficient: tuple[Skill, ...]
    developmental: tuple[Skill, ...]
    unrated: tuple[Skill, ...]
    counts: Mapping[str, int]  # "expert", "proficient", "developmental", "unrated" -> how many skills
    complete: bool  # every skill rated


@dataclass(frozen=True)
class SkillChange:
    """How one skill moved between two assessments.

    ``direction``: "up" or "down" when both are rated and the level changed, "same" when it did not (or
    neither is rated), "new" when only the later one rates it, "unrated" when only the earlier one did.
    """

    skill: Skill
    before: str | None
    after: str | None
    direction: Direction


def _level(assessment: SkillAssessment, skill_id: str) -> str | None:
    level = assessment.levels.get(skill_id)
    return level if level in LEVEL_SCORE else None


def summarise(assessment: SkillAssessment, skills: Skills) -> SkillProfile:
    """Group the skills by the level the participant gave them; unknown ids and odd values are left out."""
    groups: dict[str, list[Skill]] = {"expert": [], "proficient": [], "developmental": [], "unrated": []}
    for skill in skills.skills:
        groups[_level(assessment, skill.id) or "unrated"].append(skill)
    counts = MappingProxyType({level: len(items) for level, items in groups.items()})
    return SkillProfile(strengths=tuple(groups["expert"]), proficient=tuple(groups["proficient"]),
                        developmental=tuple(groups["developmental"]), unrated=tuple(groups["unrated"]),
                        counts=counts, complete=not groups["unrated"])


def chart_data(assessment: SkillAssessment, skills: Skills) -> list[tuple[str, int]]:
    """(skill name, score) in skill order: 3 expert, 2 proficient, 1 developmental, 0 not rated."""
    return [(s.name, LEVEL_SCORE.get(_level(assessment, s.id) or "", 0)) for s in skills.skills]


def compare(earlier: SkillAssessment, later: SkillAssessment, skills: Skills) -> tuple[SkillChange, ...]:
    """Every skill's level then and now, in skill order."""
    changes = []
    for skill in skills.skills:
        before, after = _level(earlier, skill.id), _level(later, skill.id)
        direction: Direction
        if before is None and after is None:
            direction = "same"
        elif before is None:
            direction = "new"
        elif after is None:
            direction = "unrated"
        elif LEVEL_SCORE[after] > LEVEL_SCORE[before]:
            direction = "up"
        elif LEVEL_SCORE[after] < LEVEL_SCORE[before]:
            direction = "down"
        else:
            direction = "same"
        changes.append(SkillChange(skill, before, after, direction))
    return tuple(changes)


#: How far ahead a suggested goal for a developmental area is set: long enough to practise, short enough to review.
SUGGESTED_GOAL_WEEKS = 12


def suggested_goal(skill: Skill, by: dt.date) -> str:
    """A first draft of a goal for one developmental area, for the participant to make their own."""
    from mentoringkit.smart_goal import format_date

    return (f"Move {skill.name.lower()} from developmental to proficient by {format_date(by)}, "
            "and ask my mentor to check my progress at each meeting.")


def plan_rows_from(assessment: SkillAssessment, skills: Skills, limit: int | None = None,
                   today: dt.date | None = None) -> list[PlanRow]:
    """Starting rows for the development plan: one per developmental skill (the first ``limit`` if given), each
    with a suggested goal dated ``SUGGESTED_GOAL_WEEKS`` ahead and the skill's practice idea as the activity.

    The goal is a suggestion written to be edited: the page says so, and the participant makes it their own.
    """
    areas = summarise(assessment, skills).developmental
    if limit is not None:
        areas = areas[:max(limit, 0)]
    by = (today or dt.date.today()) + dt.timedelta(weeks=SUGGESTED_GOAL_WEEKS)
    return [PlanRow(skill_id=skill.id, goal_and_timeline=suggested_goal(skill, by), target_date=by,
                    development_activities=skill.practice_idea) for skill in areas]


def validate_assessment(assessment: SkillAssessment, skills: Skills, *, today: dt.date | None = None,
                        require_complete: bool = False) -> list[Gap]:
    """What stops an assessment being saved: ratings of skills the kit does not know, levels that are not
    expert/proficient/developmental, a date in the future. With ``require_complete``, unrated skills too.

    Unrated skills are allowed by default so a participant can save part-way and come back.
    """
    today = today or dt.date.today()
    known = {s.id for s in skills.skills}
    gaps = []
    for skill_id, level in assessment.levels.items():
        if skill_id not in known:
            gaps.append(Gap(f"levels/{skill_id}",
                            f"There is no skill called '{skill_id}' in this self-assessment; remove that rating."))
        elif level not in LEVEL_SCORE:
            gaps.append(Gap(f"levels/{skill_id}",
                            f"'{skills.get(skill_id).name}' is rated '{level}'; choose expert, proficient or "
                            "developmental."))
    if require_complete:
        for skill in skills.skills:
            if skill.id not in assessment.levels:
                gaps.append(Gap(f"levels/{skill.id}",
                                f"'{skill.name}' is not rated yet: choose expert, proficient or developmental."))
    if assessment.taken_on > today:
        gaps.append(Gap("taken_on", f"The assessment is dated {assessment.taken_on.isoformat()}, which is after "
                                    "today; date it today or earlier."))
    return gaps


# ---------------------------------------------------------------------------
# The chart

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """Escaped text that is also valid XML: control characters, which no name needs, become '?'."""
    return html.escape(_NOT_XML.sub("?", value))


_ROW = 24
_LABEL_W = 230
_BAR_W = 240
_WORD_W = 110
_TOP = 34
_FILL = {3: "#1b5e20", 2: "#2e6eb5", 1: "#b45309", 0: "#9e9e9e"}


def render_chart_svg(assessment: SkillAssessment, skills: Skills, earlier: SkillAssessment | None = None) -> str:
    """A small inline SVG bar chart of one assessment, readable without colour and by screen readers.

    Each row has the skill name and the level in words; with ``earlier``, a dark tick marks the earlier
    level. All names are escaped. No plotting library: this is string building.
    """
    data = chart_data(assessment, skills)
    before = [score for _, score in chart_data(earlier, skills)] if earlier is not None else None
    profile = summarise(assessment, skills)
    counts = profile.counts
    height = _TOP + _ROW * len(data) + (22 if before is not None else 6)
    width = _LABEL_W + _BAR_W + (_WORD_W if before is None else 2 * _WORD_W)  # room for "(was …)"
    title = f"Skill self-assessment of {assessment.taken_on.isoformat()}"
    desc = (f"{counts['expert']} skills rated expert, {counts['proficient']} proficient, "
            f"{counts['developmental']} developmental, {counts['unrated']} not rated.")
    if before is not None and earlier is not None:
        desc += f" Ticks mark the levels of {earlier.taken_on.isoformat()}."
    uid = f"mk-skills-{assessment.taken_on.isoformat()}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="max-width:100%;height:auto;font-family:sans-serif;font-size:12px">',
        f'<title id="{uid}-t">{html.escape(title)}</title>',
        f'<desc id="{uid}-d">{html.escape(desc)}</desc>',
    ]
    for i, label in enumerate(("Developmental", "Proficient", "Expert"), start=1):
        x = _LABEL_W + _BAR_W * i / 3
        out.append(f'<line x1="{x:.0f}" y1="{_TOP - 6}" x2="{x:.0f}" y2="{_TOP + _ROW * len(data)}" '
                   'stroke="#ccc" stroke-width="1"/>')
        out.append(f'<text x="{x:.0f}" y="{_TOP - 10}" text-anchor="end" fill="#333">{label}</text>')
    for row, (name, score) in enumerate(data):
        y = _TOP + row * _ROW
        shown = name if len(name) <= 34 else name[:33] + "…"
        bar = _BAR_W * score / 3
        word = _LEVEL_WORD[score]
        out.append("<g>")
        out.append(f'<text x="{_LABEL_W - 8}" y="{y + 16}" text-anchor="end" fill="#111">{_text(shown)}</text>')
        if score:
            out.append(f'<rect x="{_LABEL_W}" y="{y + 4}" width="{bar:.0f}" height="{_ROW - 8}" '
                       f'fill="{_FILL[score]}"/>')
        else:
            out.append(f'<rect x="{_LABEL_W}" y="{y + 4}" width="4" height="{_ROW - 8}" fill="{_FILL[0]}"/>')
        if before is not None:
            then = before[row]
            if then:
                tx = _LABEL_W + _BAR_W * then / 3
                out.append(f'<rect x="{tx - 2:.0f}" y="{y + 1}" width="4" height="{_ROW - 2}" fill="#111"/>')
            if then != score:
                word += f" (was {_LEVEL_WORD[then].lower()})"
        out.append(f'<text x="{_LABEL_W + _BAR_W + 8}" y="{y + 16}" fill="#111">{_text(word)}</text>')
        out.append("</g>")
    if before is not None and earlier is not None:
        y = _TOP + _ROW * len(data) + 16
        out.append(f'<rect x="{_LABEL_W}" y="{y - 10}" width="4" height="12" fill="#111"/>')
        out.append(f'<text x="{_LABEL_W + 10}" y="{y}" fill="#111">'
                   f"level on {html.escape(earlier.taken_on.isoformat())}</text>")
    out.append("</svg>")
    return "".join(out)
