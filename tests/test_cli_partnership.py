"""`mentoringkit partnership export/import`: two people on two computers pair and keep one agreement, plan and
log by exchanging a file. Runs the real command in a subprocess, on real workbook files in two folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentoringkit.session import open_session
from mentoringkit.storage import load_workbook, save_workbook
from mentoringkit.workbook import LogEntry, PlanRow, Profile, Reflection, Workbook

ROOT = Path(__file__).resolve().parents[1]
SECRET_A = "ALEX-PRIVATE-3x9q"
SECRET_B = "BEA-PRIVATE-7m2k"


def run(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "mentoringkit", "partnership", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def person(folder: Path, name: str, role: str, secret: str) -> Path:
    path = folder / "my-workbook.json"
    workbook = Workbook(profile=Profile(name=name, role=role))  # type: ignore[arg-type]
    workbook.reflections["module:goals"] = Reflection(text=secret)
    workbook.assessments = []
    save_workbook(workbook, path)
    return path


def edit(path: Path, change) -> None:
    """Change a workbook as a notebook page in JupyterLab would: through its session."""
    session = open_session(workbook_path=str(path), environ={})
    change(session.workbook)
    session.save()
    assert session.saved_ok, session.problem


@pytest.fixture
def two_computers(tmp_path):
    alex = person(tmp_path / "alex", "Alex Mentor", "mentor", SECRET_A)
    bea = person(tmp_path / "bea", "Bea Mentee", "mentee", SECRET_B)
    return tmp_path, alex, bea


def test_export_import_edit_both_and_exchange_again_loses_nothing(two_computers):
    tmp, alex, bea = two_computers
    edit(alex, lambda wb: wb.log.append(LogEntry(activity="kick-off", author="Alex Mentor")))
    first = tmp / "from-alex.json"
    result = run("export", "--workbook", alex, "--out", first)
    assert result.returncode == 0, result.stderr
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["partnership"] == "Alex Mentor (mentor)"
    assert SECRET_A not in first.read_text(encoding="utf-8")

    result = run("import", "--workbook", bea, "--file", first)
    assert result.returncode == 0, result.stderr
    assert "Joined the shared record of Alex Mentor (mentor) and Bea Mentee (mentee)" in result.stdout
    assert [e.activity for e in load_workbook(bea).log] == ["kick-off"]
    assert load_workbook(bea).partnership.role == "mentee"

    # Both edit at once on their own computers …
    edit(alex, lambda wb: wb.log.append(LogEntry(activity="alex's entry")))
    edit(alex, lambda wb: setattr(wb.agreement, "feedback_method", "alex's way"))
    edit(bea, lambda wb: wb.log.append(LogEntry(activity="bea's entry")))
    edit(bea, lambda wb: wb.plan.append(PlanRow(goal_and_timeline="bea's goal")))
    edit(bea, lambda wb: setattr(wb.agreement, "log_method", "bea keeps it"))
    # … and exchange both ways.
    to_alex, to_bea = tmp / "from-bea.json", tmp / "from-alex-2.json"
    assert run("export", "--workbook", bea, "--out", to_alex).returncode == 0
    assert run("export", "--workbook", alex, "--out", to_bea).returncode == 0
    result = run("import", "--workbook", alex, "--file", to_alex)
    assert result.returncode == 0 and "Merged" in result.stdout, result.stderr
    assert run("import", "--workbook", bea, "--file", to_bea).returncode == 0
    for path in (alex, bea):
        workbook = load_workbook(path)
        assert sorted(e.activity for e in workbook.log) == ["alex's entry", "bea's entry", "kick-off"]
        assert [r.goal_and_timeline for r in workbook.plan] == ["bea's goal"]
        assert (workbook.agreement.feedback_method, workbook.agreement.log_method) == ("alex's way", "bea keeps it")
    record_text = "".join(p.read_text(encoding="utf-8") for p in tmp.rglob("*.json"))
    assert SECRET_A not in (tmp / "bea" / "my-workbook.json").read_text(encoding="utf-8")
    assert SECRET_B not in (tmp / "alex" / "my-workbook.json").read_text(encoding="utf-8")
    assert record_text.count(SECRET_A) == 1 and record_text.count(SECRET_B) == 1  # only in their own workbooks


def test_both_changing_one_value_keeps_yours_and_says_so(two_computers):
    tmp, alex, bea = two_computers
    shared = tmp / "shared.json"
    assert run("export", "--workbook", alex, "--out", shared).returncode == 0
    assert run("import", "--workbook", bea, "--file", shared).returncode == 0
    edit(alex, lambda wb: setattr(wb.agreement, "confidentiality_meaning", "alex's words"))
    edit(bea, lambda wb: setattr(wb.agreement, "confidentiality_meaning", "bea's words"))
    assert run("export", "--workbook", bea, "--out", shared).returncode == 0
    result = run("import", "--workbook", alex, "--file", shared)
    assert result.returncode == 0, result.stderr
    assert "bea's words" in result.stdout and "kept yours" in result.stdout
    assert load_workbook(alex).agreement.confidentiality_meaning == "alex's words"


def test_a_file_of_another_partnership_is_refused_and_nothing_changes(two_computers):
    tmp, alex, _bea = two_computers
    carl = person(tmp / "carl", "Carl", "mentor", "carl")
    assert run("export", "--workbook", alex, "--out", tmp / "a.json").returncode == 0
    assert run("export", "--workbook", carl, "--out", tmp / "c.json").returncode == 0
    before = alex.read_bytes()
    result = run("import", "--workbook", alex, "--file", tmp / "c.json")
    assert result.returncode == 1
    assert "another partnership" in result.stderr and "Traceback" not in result.stderr
    assert alex.read_bytes() == before


@pytest.mark.parametrize(("content", "expected", "code"), [
    (None, "cannot read the file", 2),
    ("{ not json", "not valid JSON", 1),
    ('{"schema_version": 1, "plan": "x"}', "not a partnership record of the expected shape", 1),
    ('{"schema_version": 9}', "newer mentoringkit", 1),
])
def test_bad_files_get_a_clear_message(two_computers, content, expected, code):
    tmp, alex, _ = two_computers
    bad = tmp / "bad.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    result = run("import", "--workbook", alex, "--file", bad)
    assert result.returncode == code and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_an_unpaired_workbook_without_a_role_is_asked_for_one(tmp_path):
    path = person(tmp_path, "Dee", "both", "x")
    result = run("export", "--workbook", path, "--out", tmp_path / "x.json")
    assert result.returncode == 1 and "--role mentor or --role mentee" in result.stderr
    assert run("export", "--workbook", path, "--out", tmp_path / "x.json", "--role", "mentee").returncode == 0
