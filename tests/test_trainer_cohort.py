"""The cohort summary: counts and anonymous aggregates, nothing from groups smaller than the minimum, no names."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mentoringkit.storage import WorkbookStore
from mentoringkit.trainer.cohort import Withheld, cohort_summary, load_cohort
from mentoringkit.trainer.cohort_report import summary_html
from mentoringkit.trainer.packets import packet_mark
from mentoringkit.workbook import Evaluation, Profile, SkillAssessment, Workbook

REPO = Path(__file__).resolve().parents[1]
SECRET = "<b>Zoë's secret</b> about my manager"


def person(i: int, role: str = "mentee", developmental: tuple[str, ...] = (), roles_needed=(), rating=None) -> Workbook:
    wb = Workbook(profile=Profile(name=f"Name {i} <i>", role=role))  # type: ignore[arg-type]
    wb.set_reflection("module:start-here", SECRET)
    if developmental:
        wb.assessments.append(SkillAssessment(dt.date(2027, 1, 20), {s: "developmental" for s in developmental},
                                              development_note=SECRET))
    wb.roles_needed = list(roles_needed)
    if rating is not None:
        wb.evaluations.append(Evaluation("midpoint", dt.date(2027, 6, 1), {"q": SECRET}, rating, "continue"))
    return wb


def test_groups_smaller_than_the_minimum_are_withheld_and_the_page_says_so(cur):
    books = [person(i, developmental=("listening",), roles_needed=("guide",), rating=4) for i in range(4)]
    s = cohort_summary(books, cur, min_group=5)
    assert s.started == 4 and s.workbooks == 4
    for part in (s.modules, s.skills, s.mentor_roles, s.checklist, *s.evaluations):
        assert isinstance(part, Withheld)
    html = summary_html(s, cur)
    assert "4 people have answered so far, and breakdowns need at least 5" in html
    assert "<table" not in html


def test_at_the_minimum_the_breakdowns_appear(cur):
    skill_ids = [sk.id for sk in cur.skills.skills]
    books = [person(i, developmental=(skill_ids[2],), roles_needed=("ally", "guide"), rating=3 + i % 2)
             for i in range(5)]
    s = cohort_summary(books, cur, min_group=5)
    assert not isinstance(s.skills, Withheld) and s.skills[0].skill_id == skill_ids[2]
    assert s.skills[0].counts == {"expert": 0, "proficient": 0, "developmental": 5}
    assert not isinstance(s.mentor_roles, Withheld)
    ally = next(r for r in s.mentor_roles if r[0] == "Ally")
    assert ally == ("Ally", 5, 5)
    mid = s.evaluations[0]
    assert not isinstance(mid, Withheld) and mid.people == 5 and mid.ratings[3] == 3 and mid.ratings[4] == 2
    assert mid.mean_rating == pytest.approx(3.4)
    assert isinstance(s.evaluations[1], Withheld)  # nobody has closed yet
    # configurable: with a higher minimum the same cohort shows nothing
    assert isinstance(cohort_summary(books, cur, min_group=6).skills, Withheld)


def test_the_page_has_no_names_and_no_free_text(cur):
    books = [person(i, developmental=("listening",), roles_needed=("guide",), rating=5) for i in range(6)]
    html = summary_html(cohort_summary(books, cur, min_group=5), cur, cohort="Spring <2027>")
    assert "Name 0" not in html and "secret" not in html
    assert "Spring &lt;2027&gt;" in html
    assert '<table class="heatmap">' in html and 'scope="row"' in html and "<caption>" in html


def test_mentor_roles_count_only_mentees(cur):
    books = [person(i, role="mentor", roles_needed=("guide",)) for i in range(6)]
    s = cohort_summary(books, cur, min_group=5)
    assert isinstance(s.mentor_roles, Withheld) and s.mentees_ranking == 0


def test_minimum_group_must_be_positive(cur):
    with pytest.raises(ValueError, match="at least 1"):
        cohort_summary([], cur, min_group=0)


def test_packet_workbooks_count_as_started_only_once_their_owner_saves(tmp_path):
    store = WorkbookStore(tmp_path / "workbooks")
    codes = [store.new_code() for _ in range(3)]
    for code in codes:
        store.save(code, Workbook(profile=Profile(name="Pre-filled", role="mentee")))
    prefilled = {c: store.open(c).updated.isoformat() for c in codes[:2]}
    (tmp_path / "trainer").mkdir()
    (tmp_path / "trainer" / "roster-codes.json").write_text(json.dumps({"codes": {}, "prefilled": prefilled}))
    (tmp_path / "workbooks" / "not-a-code!.json").write_text("{}")
    (tmp_path / "workbooks" / f"{store.new_code()}.json").write_text("{ damaged")
    books, untouched, unreadable = load_cohort(tmp_path)
    assert (len(books), untouched, unreadable) == (1, 2, 1)
    later = store.open(codes[0])
    later.updated = dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc)
    (tmp_path / "workbooks" / f"{codes[0]}.json").write_text(json.dumps(later.to_dict()))
    books, untouched, _ = load_cohort(tmp_path)
    assert (len(books), untouched) == (2, 1)


def test_a_save_in_the_same_second_as_the_packet_counts_as_started(tmp_path):
    # Workbook times are to the second; the packet's mark is the content, so an owner's quick save still counts.
    store = WorkbookStore(tmp_path / "workbooks")
    code = store.new_code()
    packet = Workbook(profile=Profile(name="Pre-filled", role="mentee"))
    store.save(code, packet)
    (tmp_path / "trainer").mkdir()
    marks = {"codes": {}, "prefilled": {code: packet_mark(store.open(code))}}
    (tmp_path / "trainer" / "roster-codes.json").write_text(json.dumps(marks))
    assert load_cohort(tmp_path)[1] == 1
    mine = store.open(code)
    mine.profile.name = "Ayesha, as she typed it"
    mine.updated = store.open(code).updated  # the same second as the packet run
    (tmp_path / "workbooks" / f"{code}.json").write_text(json.dumps(mine.to_dict()))
    books, untouched, _ = load_cohort(tmp_path)
    assert (untouched, [b.profile.name for b in books]) == (0, ["Ayesha, as she typed it"])


def test_summary_command(tmp_path):
    store = WorkbookStore(tmp_path / "data" / "workbooks")
    for i in range(5):
        store.save(store.new_code(), person(i, developmental=("listening",)))
    out = tmp_path / "report.html"
    result = subprocess.run([sys.executable, "-m", "mentoringkit", "cohort", "summary", "--data-dir",
                             str(tmp_path / "data"), "--out", str(out)], capture_output=True, text=True, cwd=REPO,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "5 of 5 participants have started" in result.stderr
    assert "Completion per module" in out.read_text(encoding="utf-8")
    missing = subprocess.run([sys.executable, "-m", "mentoringkit", "cohort", "summary", "--data-dir",
                              str(tmp_path / "nope")], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert missing.returncode == 1 and "no data folder" in missing.stderr and "Traceback" not in missing.stderr
