"""The shipped curriculum loads, is complete, and every broken file is refused with a precise message."""

from __future__ import annotations

import copy
import dataclasses
import re
import shutil
from pathlib import Path

import pytest
import yaml

from mentoringkit.curriculum import CONTENT_ENV, TOPIC_FILES, ContentError, default_content_dir, load_curriculum

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
BAD = Path(__file__).resolve().parent / "bad_content"


@pytest.fixture(scope="module")
def cur():
    return load_curriculum(CONTENT)


def test_every_shipped_file_loads(cur):
    assert cur.root == CONTENT.resolve()
    for stem in ("course", *TOPIC_FILES):
        assert getattr(cur, stem) is not None


def test_loading_is_cached(cur):
    assert load_curriculum(CONTENT) is cur


def test_the_default_folder_is_the_shipped_one(monkeypatch):
    monkeypatch.delenv(CONTENT_ENV, raising=False)
    assert default_content_dir().resolve() == CONTENT.resolve()


def test_trainer_can_point_the_kit_at_their_own_folder(tmp_path, monkeypatch):
    mine = tmp_path / "my-content"
    shutil.copytree(CONTENT, mine)
    course = mine / "course.yml"
    course.write_text(course.read_text(encoding="utf-8").replace(
        "title: Mentoring partnership orientation", "title: Nursing mentors' orientation", 1), encoding="utf-8")
    monkeypatch.setenv(CONTENT_ENV, str(mine))
    assert load_curriculum().course.title == "Nursing mentors' orientation"


def test_the_guides_lists_are_all_there(cur):
    assert [c.name for c in cur.components.components] == ["Inquire", "Share", "Encourage", "Care"]
    assert [r.name for r in cur.mentor_roles.roles] == [
        "Guide", "Ally", "Catalyst", "Savvy insider", "Advocate", "Role model", "Advisor"]
    assert {t.kind for t in cur.mentor_roles.traps} == {"savior", "parent", "enabler"}
    assert len(cur.mentor_roles.traps) >= 5
    assert len(cur.skills.skills) == 18
    assert [lv.name for lv in cur.skills.levels] == ["Expert", "Proficient", "Developmental"]
    assert sum(not m.answer for m in cur.myths.myths) >= 4 and sum(m.answer for m in cur.myths.myths) >= 2
    assert all(m.correction.startswith("True." if m.answer else "False.") for m in cur.myths.myths)
    assert len(cur.about.principles) == 5
    assert [c.letter for c in cur.smart.criteria] == list("SMART")
    assert len(cur.smart.examples) >= 8
    assert [p.id for p in cur.checklist.phases] == ["preparing", "implementing", "evaluating", "closing"]
    assert len(cur.ending.signs) >= 6
    assert {f.id for f in cur.forms.agreement.fields} >= {
        "goals", "schedule", "confidentiality_meaning", "ground_rules", "feedback_method", "log_method"}
    assert [f.id for f in cur.forms.development_plan.fields] == [
        "goal_and_timeline", "development_activities", "success_measures", "resources_support"]


def test_conversation_starters_cover_every_phase_and_theme(cur):
    starters = cur.conversation_starters
    assert len(starters.starters) >= 30
    for phase in starters.phases:
        assert starters.select(phase=phase.id), phase.id
    for theme in starters.themes:
        assert len(starters.select(theme=theme.id)) >= 3, theme.id
    wanted = {"first-meeting", "career", "values", "challenges", "work-life", "ways-of-working", "closing"}
    assert wanted <= {p.id for p in starters.phases} | {t.id for t in starters.themes}


def test_each_component_has_scenarios_for_both_sides(cur):
    for component in cur.components.components:
        assert {s.audience for s in component.scenarios} == {"mentor", "mentee"}, component.id
        assert component.for_mentor and component.for_mentee, component.id


def test_every_module_has_its_notebook(cur):
    for module in cur.course.modules:
        assert (ROOT / "notebooks" / module.notebook).is_file(), module.notebook


def _resolve(obj, key_path: str):
    for part in [p for p in key_path.strip("/").split("/") if p]:
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part.replace("-", "_"))
    return obj


def test_coverage_table_points_at_real_content(cur):
    text = (CONTENT / "COVERAGE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\|(.+?)\|\s*`?([a-z_]+)\.yml`?\s*\|\s*`?(/[^|`]*)`?\s*\|", text, flags=re.M)
    assert len(rows) >= 60
    for section, stem, key_path in rows:
        target = cur.course if stem == "course" else getattr(cur, stem)
        for one in key_path.split(","):
            try:
                _resolve(target, one.strip())
            except (AttributeError, IndexError, TypeError):
                pytest.fail(f"COVERAGE.md row {section.strip()!r} points at {stem}.yml {one.strip()}, "
                            "which does not exist")
    for guide in cur.course.guides:
        assert guide.title in text, f"no coverage section for {guide.title!r}"


# --- the bad-content folder -------------------------------------------------------------


def _split(pointer: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in pointer.strip("/").split("/") if p]


def _parent(data, pointer: str):
    parts = _split(pointer)
    for part in parts[:-1]:
        data = data[part]
    return data, parts[-1]


def _apply(case: dict, content: Path) -> None:
    target = content / case["file"]
    if case.get("remove_file"):
        target.unlink()
        return
    if "raw" in case:
        target.write_text(case["raw"], encoding="utf-8")
        return
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    for key, value_key in (("set", "value"), ("also_set", "also_value"), ("also_set2", "also_value2")):
        if key in case:
            parent, last = _parent(data, case[key])
            parent[last] = case[value_key]
    if "delete" in case:
        parent, last = _parent(data, case["delete"])
        del parent[last]
    if "append" in case:
        lst = data
        for part in _split(case["append"]):
            lst = lst[part]
        source, last = _parent(data, case["copy_of"])
        lst.append(copy.deepcopy(source[last]))
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


BAD_CASES = sorted(BAD.glob("*.yml"))


def test_the_bad_folder_has_cases():
    assert len(BAD_CASES) >= 15


@pytest.mark.parametrize("case_file", BAD_CASES, ids=lambda p: p.stem)
def test_bad_content_is_refused_with_file_and_key_path(case_file, tmp_path):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    _apply(case, content)
    with pytest.raises(ContentError) as info:
        load_curriculum(content)
    message = str(info.value)
    assert str((content / case["file"]).resolve()) in message or str(content / case["file"]) in message
    assert case["expect"] in message
    if "at" in case:
        assert message.endswith(f"@ '{case['at']}'"), message
    else:
        assert message.endswith(f"{case['at_suffix']}'"), message


def test_without_libyaml_the_same_curriculum_and_messages(cur, tmp_path, monkeypatch):
    # PyYAML built without libyaml has no CSafeLoader: the pure-Python loader must give the same result.
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    good, bad = tmp_path / "good", tmp_path / "bad"
    shutil.copytree(CONTENT, good)
    shutil.copytree(CONTENT, bad)
    slow = load_curriculum(good)
    assert dataclasses.replace(slow, root=cur.root) == cur
    _apply(yaml.safe_load((BAD / "malformed_yaml.yml").read_text(encoding="utf-8")), bad)
    with pytest.raises(ContentError, match="not valid YAML at line 2"):
        load_curriculum(bad)


def test_missing_folder_is_reported(tmp_path):
    with pytest.raises(ContentError, match="content folder not found"):
        load_curriculum(tmp_path / "nope")


# Words that belong to a hospital and read oddly anywhere else.
_CLINICAL_WORDS = re.compile(
    r"\b(patients|patient's|hospital|clinicians?|clinical|wards?|ward rounds?|private practice)\b", re.I)


def _strings(obj) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [s for f in dataclasses.fields(obj) if f.name not in ("root", "id")
                for s in _strings(getattr(obj, f.name))]
    if isinstance(obj, tuple):
        return [s for x in obj for s in _strings(x)]
    return []


_STORIES = ("components", "mentor_roles", "facilitation")  # named people in named workplaces, kept as written


@pytest.mark.parametrize("sector", ["academic", "corporate", "general"])
def test_advice_outside_a_hospital_never_speaks_of_patients_or_the_hospital_team(sector):
    cur = load_curriculum(sector=sector)
    assert cur.course.sector == sector
    advice = [s for f in dataclasses.fields(cur) if f.name not in (*_STORIES, "root", "course")
              for s in _strings(getattr(cur, f.name))]
    assert [s for s in advice if _CLINICAL_WORDS.search(s)] == []
    assert not any("{" in s for s in advice)


def test_each_sector_gets_its_own_words():
    texts = {sector: " ".join(_strings(load_curriculum(sector=sector).people))
             for sector in ("clinical", "academic", "corporate", "general")}
    assert "the hospital team" in texts["clinical"] and "patients" in texts["clinical"]
    assert "private practice" in texts["clinical"] and "private practice" not in texts["academic"]
    assert "your department" in texts["academic"] and "students" in texts["academic"]
    assert "customers" in texts["corporate"]
    assert "the people you serve" in texts["general"]


def test_the_shipped_course_names_its_sector(cur):
    assert cur.course.sector in ("clinical", "academic", "corporate", "general")
    with pytest.raises(ValueError, match="sector must be one of"):
        load_curriculum(sector="hospital")
