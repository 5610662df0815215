"""Hostile files through the real command line: a clear message naming the file, the field and the reason,
exit 1, no traceback, the file untouched, and a bounded run (a subprocess timeout guards against hangs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "sample_workbook.json"
EXPORTS = [("md",), ("html",), ("pdf",), ("ics",), ("csv",), ("json",)]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("MENTORINGKIT_CONTENT", None)
    return subprocess.run([sys.executable, "-m", "mentoringkit", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", errors="backslashreplace", cwd=REPO, env=env, timeout=120)


def export(workbook: Path, fmt: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return run("export", "--workbook", workbook, "--format", fmt, "--out", tmp_path / f"out.{fmt}")


def refused(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


def hostile_workbook(tmp_path: Path, change, raw: str | None = None) -> tuple[Path, bytes]:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "hostile.json"
    text = json.dumps(data)  # ensure_ascii: a lone surrogate stays the JSON escape \ud800
    if raw is not None:
        text = text.replace('"__RAW__"', raw)
    path.write_text(text, encoding="utf-8")
    return path, path.read_bytes()


@pytest.fixture
def huge_number(tmp_path):
    def change(data):
        data["agreement"]["schedule"]["duration_minutes"] = "__RAW__"
    return hostile_workbook(tmp_path, change, raw="9" * 5000)


@pytest.mark.parametrize("command", ["check", *[f for (f,) in EXPORTS]])
def test_a_number_of_five_thousand_digits(huge_number, tmp_path, command):
    path, before = huge_number
    result = run("workbook", "check", path) if command == "check" else export(path, command, tmp_path)
    refused(result, f"{path}: it holds a number thousands of digits long", "left as it is")
    assert path.read_bytes() == before and not list(tmp_path.glob("out.*"))


@pytest.fixture
def lone_surrogate(tmp_path):
    def change(data):
        data["profile"]["name"] = "Amara \ud800 Okafor"
    return hostile_workbook(tmp_path, change)


def test_a_lone_surrogate_is_named_by_workbook_check(lone_surrogate):
    path, before = lone_surrogate
    result = run("workbook", "check", path)
    refused(result)
    assert "Participant: Amara \\ud800 Okafor" in result.stdout  # shown as its escape, not a crash
    assert "'/profile/name' (U+D800 at position 6)" in result.stdout and "lone surrogate" in result.stdout
    assert path.read_bytes() == before


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_a_lone_surrogate_stops_a_document_with_the_field_named(lone_surrogate, tmp_path, fmt):
    path, before = lone_surrogate
    refused(export(path, fmt, tmp_path), f"{path}: no document made", "'/profile/name' (U+D800 at position 6)",
            "lone surrogate", "the workbook file is unchanged")
    assert path.read_bytes() == before and not list(tmp_path.glob("out.*"))


def test_a_lone_surrogate_in_the_log_stops_the_csv_and_not_the_calendar(tmp_path):
    def change(data):
        data["log"][0]["notes"] = "spoke about \udfff nights"
    path, before = hostile_workbook(tmp_path, change)
    refused(export(path, "csv", tmp_path), "'/log/0/notes' (U+DFFF at position 12)")
    assert export(path, "ics", tmp_path).returncode == 0  # the calendar holds no log text
    assert export(path, "json", tmp_path).returncode == 0  # a faithful copy keeps the escape
    assert path.read_bytes() == before


@pytest.mark.parametrize(("field", "value", "phrase"), [
    ("duration_minutes", 10**12, "lasts at most 1440 minutes, a day (the agreement says 1000000000000 minutes)"),
    ("first_meeting", "9999-12-31T23:30:00", "would end after the year 9999"),
])
def test_a_calendar_beyond_any_calendar_is_refused(tmp_path, field, value, phrase):
    def change(data):
        data["agreement"]["schedule"][field] = value
    path, before = hostile_workbook(tmp_path, change)
    refused(export(path, "ics", tmp_path), f"{path}: no calendar made from the agreement's meeting schedule", phrase)
    assert path.read_bytes() == before and not list(tmp_path.glob("out.*"))
    # The documents still show the schedule as it is, so the participant can see what to change.
    assert export(path, "md", tmp_path).returncode == 0


ALIAS_BOMB = ("[&a [lol, lol, lol, lol, lol, lol, lol, lol, lol], &b [*a, *a, *a, *a, *a, *a, *a, *a, *a], "
              "&c [*b, *b, *b, *b, *b, *b, *b, *b, *b], &d [*c, *c, *c, *c, *c, *c, *c, *c, *c], "
              "&e [*d, *d, *d, *d, *d, *d, *d, *d, *d], &f [*e, *e, *e, *e, *e, *e, *e, *e, *e], "
              "&g [*f, *f, *f, *f, *f, *f, *f, *f, *f], &h [*g, *g, *g, *g, *g, *g, *g, *g, *g], "
              "&i [*h, *h, *h, *h, *h, *h, *h, *h, *h]]")


def test_a_yaml_alias_bomb_as_the_course_title_stops_content_check_fast(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    course = content / "course.yml"
    text = course.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    course.write_text(text.replace(title, f"title: {ALIAS_BOMB}", 1), encoding="utf-8")
    before = course.read_bytes()
    result = run("content", "check", content)  # the 120 s timeout is the bound; before the fix: MemoryError
    refused(result, f"{course}", "expands to more than 200,000 values", "aliases")
    assert course.read_bytes() == before
