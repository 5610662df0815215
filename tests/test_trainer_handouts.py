"""Blank printable forms: every handout is there, drawn from the curriculum, with room to write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mentoringkit.exports import render_outline
from mentoringkit.trainer.handouts import HANDOUTS, handout_document

REPO = Path(__file__).resolve().parents[1]


def test_the_skills_grid_has_all_eighteen_skills_with_a_box_per_level(cur):
    html = render_outline(handout_document("skills-grid", cur), "html")
    for skill in cur.skills.skills:
        assert skill.name in html or skill.name.replace("'", "&#39;") in html
    assert html.count("<td>☐</td>") == 18 * 3
    for level in ("Expert", "Proficient", "Developmental"):
        assert f'<th scope="col">{level}</th>' in html


def test_the_blank_agreement_has_every_section_and_empty_signatures(cur):
    doc = handout_document("agreement", cur)
    titles = [s.title for s in doc.sections]
    for field in cur.forms.agreement.fields:
        if field.id not in ("mentor_signature", "mentee_signature"):
            assert field.title in titles
    assert titles[-1] == "Signatures"
    assert all(value == "" for _, value in doc.sections[-1].blocks[0].fields)


def test_tables_leave_room_to_write_and_lists_cover_the_curriculum(cur):
    plan = handout_document("development-plan", cur).sections[-1].blocks[0]
    assert len(plan.rows) == cur.forms.development_plan_rows and plan.headers[0] == "Goal and timeline"
    log = handout_document("log-sheet", cur).sections[-1].blocks[0]
    assert len(log.rows) >= 10
    checklist = handout_document("phase-checklist", cur)
    assert [s.title for s in checklist.sections] == [p.title for p in cur.checklist.phases]
    assert sum(len(s.blocks[0].items) for s in checklist.sections) == sum(len(p.tasks) for p in cur.checklist.phases)
    cards = handout_document("conversation-starters", cur)
    assert sum(len(s.blocks[0].rows) for s in cards.sections) == len(cur.conversation_starters.starters)


def test_unknown_handouts_are_named(cur):
    with pytest.raises(ValueError, match="choose from agreement"):
        handout_document("certificate", cur)


def test_handouts_command_writes_html_and_pdf(tmp_path):
    out = tmp_path / "forms"
    result = subprocess.run([sys.executable, "-m", "mentoringkit", "handouts", "--out", str(out)], capture_output=True,
                            text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    for name in HANDOUTS:
        assert (out / f"{name}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert (out / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    clash = tmp_path / "file.txt"
    clash.write_text("x")
    result = subprocess.run([sys.executable, "-m", "mentoringkit", "handouts", "--out", str(clash)],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 2 and "--out must be a folder" in result.stderr
