"""The mentoringkit command as a person runs it: real subprocesses, exit codes, messages, files written."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "sample_workbook.json"


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mentoringkit", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=REPO, env={**os.environ, **(env or {})}, timeout=120)


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int, *phrases: str) -> None:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


@pytest.mark.parametrize("document", ["agreement", "plan", "agenda", "all"])
def test_export_documents_to_files(tmp_path: Path, document: str) -> None:
    for fmt in ("md", "html"):
        out = tmp_path / f"{document}.{fmt}"
        result = run("export", "--workbook", SAMPLE, "--format", fmt, "--document", document, "--out", out)
        assert result.returncode == 0, result.stderr
        assert f"Wrote {out}" in result.stderr
        text = out.read_text(encoding="utf-8")
        assert "Amara Okafor" in text
        assert text.startswith("<!DOCTYPE html>" if fmt == "html" else "# ")


def test_export_to_stdout_and_into_a_folder(tmp_path: Path) -> None:
    result = run("export", "--workbook", SAMPLE, "--format", "md")
    assert result.returncode == 0 and result.stdout.startswith("# My mentoring plan")
    result = run("export", "--workbook", SAMPLE, "--format", "ics", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    ics = tmp_path / "sample_workbook-meetings.ics"
    assert b"RRULE:FREQ=WEEKLY;COUNT=8;INTERVAL=3" in ics.read_bytes()


def test_export_csv_and_json() -> None:
    rows = list(csv.reader(io.StringIO(run("export", "--workbook", SAMPLE, "--format", "csv").stdout)))
    assert rows[0][:3] == ["Date", "Activity", "Minutes"] and len(rows) == 4
    exported = json.loads(run("export", "--workbook", SAMPLE, "--format", "json").stdout)
    assert exported == json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_export_pdf(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="PDF export needs the optional WeasyPrint package")
    out = tmp_path / "agreement.pdf"
    result = run("export", "--workbook", SAMPLE, "--format", "pdf", "--document", "agreement", "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")


BAD = {
    "corrupt.json": ('{"schema_version": 2, "profile": {"name": "A",, }}', "not valid JSON at line 1"),
    "truncated.json": ('{"schema_version": 2, "profile": {', "cut off"),
    "empty.json": ("", "empty"),
    "newer.json": ('{"schema_version": 99}', "newer mentoringkit"),
    "shape.json": ('{"schema_version": 2, "log": [{"date": "yesterday"}]}', "/log/0/date"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_workbooks_give_a_message_not_a_traceback(tmp_path: Path, name: str) -> None:
    content, phrase = BAD[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for args in (["workbook", "check", path], ["export", "--workbook", path, "--format", "html"]):
        assert_clean_failure(run(*args), 1, str(path), phrase)
    assert path.read_text(encoding="utf-8") == content


def test_bad_workbook_with_a_good_backup_points_to_it(tmp_path: Path) -> None:
    path = tmp_path / "wb.json"
    path.write_text("{", encoding="utf-8")
    (tmp_path / "wb.json.bak").write_bytes(SAMPLE.read_bytes())
    assert_clean_failure(run("workbook", "check", path), 1, "previous good copy", "wb.json.bak")


def test_missing_workbook(tmp_path: Path) -> None:
    assert_clean_failure(run("workbook", "check", tmp_path / "nope.json"), 1, "nope.json", "no workbook file")


def test_workbook_check_reports_what_loads() -> None:
    result = run("workbook", "check", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert "loads" in result.stdout
    assert "Amara Okafor, mentee; partner: Margaret Lindqvist" in result.stdout
    assert "2 SMART goals" in result.stdout and "3 log entries" in result.stdout
    assert "1 self-assessment," in result.stdout


def test_workbook_check_names_content_the_course_no_longer_has(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["agenda"].append("a-question-since-removed")
    path = tmp_path / "wb.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("workbook", "check", path)
    assert result.returncode == 0
    assert "agenda question 'a-question-since-removed'" in result.stdout


def test_calendar_needs_a_first_meeting(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["agreement"]["schedule"]["first_meeting"] = None
    path = tmp_path / "wb.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert_clean_failure(run("export", "--workbook", path, "--format", "ics"), 1, "no first meeting")


@pytest.mark.parametrize("args", [
    ["export", "--workbook", "x.json", "--format", "docx"],
    ["export", "--format", "md"],
    ["export", "--workbook", str(SAMPLE), "--format", "csv", "--document", "plan"],
    ["export", "--workbook", str(SAMPLE), "--format", "pdf"],
    ["workbook"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2, result
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_write_to_a_missing_folder_is_a_clear_problem(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "folder" / "x.md"
    assert_clean_failure(run("export", "--workbook", SAMPLE, "--format", "md", "--out", out), 1, "does not exist")


def test_content_check_good_and_broken(tmp_path: Path) -> None:
    result = run("content", "check")
    assert result.returncode == 0, result.stderr
    assert "the curriculum loads" in result.stdout and "modules" in result.stdout

    broken = tmp_path / "content"
    broken.mkdir()
    for f in (REPO / "content").glob("*.yml"):
        (broken / f.name).write_bytes(f.read_bytes())
    course = broken / "course.yml"
    course.write_text(course.read_text(encoding="utf-8").replace("    minutes:", "    minute:", 1), encoding="utf-8")
    assert_clean_failure(run("content", "check", broken), 1, "course.yml", "minute")
    # the environment variable points the kit at the same folder
    assert_clean_failure(run("content", "check", env={"MENTORINGKIT_CONTENT": str(broken)}), 1, "course.yml")
    assert_clean_failure(run("content", "check", tmp_path / "nowhere"), 1, "not found")


def test_serve_is_registered() -> None:
    result = run("serve", "--help")
    assert result.returncode == 0
    assert "usage: mentoringkit serve" in result.stdout
