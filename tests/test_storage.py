"""Workbook storage: atomic saves, private files, a last good copy, and errors a participant can act on."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from mentoringkit.storage import (
    DATA_ENV,
    WorkbookFileError,
    WorkbookStore,
    backup_path,
    default_data_dir,
    load_or_create,
    load_workbook,
    restore_backup,
    save_workbook,
)
from mentoringkit.workbook import SCHEMA_VERSION, LogEntry, SmartGoal, Workbook

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


def filled_workbook(name: str = "Amara Okafor") -> Workbook:
    wb = Workbook()
    wb.profile.name = name
    wb.profile.role = "mentee"
    wb.profile.program_start = dt.date(2025, 3, 1)
    wb.set_reflection("module:start-here", "I want to feel ready to lead a ward round — «soon».")
    wb.goals.append(SmartGoal(text="Lead two handovers by May", target_date=dt.date(2025, 5, 30)))
    wb.log.append(LogEntry(date=dt.date(2025, 3, 10), activity="First meeting", duration_minutes=60))
    wb.agreement.schedule.first_meeting = dt.datetime(2025, 3, 10, 14, 0)
    return wb


def test_round_trip_keeps_everything(tmp_path: Path) -> None:
    wb = filled_workbook()
    path = tmp_path / "wb.json"
    save_workbook(wb, path)
    loaded = load_workbook(path)
    assert loaded == wb
    assert loaded.reflection("module:start-here").endswith("«soon».")


def test_save_sets_updated(tmp_path: Path) -> None:
    wb = filled_workbook()
    wb.updated = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    save_workbook(wb, tmp_path / "wb.json")
    assert wb.updated.year >= 2024
    assert load_workbook(tmp_path / "wb.json").updated == wb.updated


@posix_only
def test_files_are_private_and_new_folder_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "workbooks"
    path = folder / "wb.json"
    save_workbook(filled_workbook(), path)
    save_workbook(filled_workbook("Second"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup_path(path).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_previous_good_version_is_kept_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "wb.json"
    save_workbook(filled_workbook("First"), path)
    assert not backup_path(path).exists()
    save_workbook(filled_workbook("Second"), path)
    save_workbook(filled_workbook("Third"), path)
    assert load_workbook(path).profile.name == "Third"
    assert load_workbook(backup_path(path)).profile.name == "Second"
    # no temporary files are left lying about (the lock file beside it is kept on purpose, hidden and empty)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".wb.json.lock", "wb.json", "wb.json.bak"]


def _newer_version_text() -> str:
    data = filled_workbook().to_dict()
    data["schema_version"] = SCHEMA_VERSION + 1
    return json.dumps(data)


def _wrong_shape_text() -> str:
    data = filled_workbook().to_dict()
    data["goals"][0]["target_date"] = "30th of May"
    return json.dumps(data)


BAD_FILES = {
    # name: (file content, problem, words the message must contain)
    "corrupt": (b'{"schema_version": 2,\n  "profile": {"name": "A" "role": null}}', "corrupt",
                ["not valid JSON", "line 2", "column"]),
    "truncated": (None, "truncated", ["cut off"]),
    "empty": (b"", "empty", ["empty"]),
    "blank": (b"  \n", "empty", ["empty"]),
    "not-utf8": (b'{"a": "\xff\xfe"}', "corrupt", ["UTF-8"]),
    "newer": (None, "newer", ["newer mentoringkit", "upgrade"]),
    "wrong-shape": (None, "shape", ["/goals/0/target_date", "YYYY-MM-DD"]),
    "not-an-object": (b"[1, 2, 3]", "shape", ["JSON object"]),
    "unknown-key": (b'{"schema_version": 2, "favourite_colour": "teal"}', "shape", ["favourite_colour"]),
}


def _bad_bytes(kind: str) -> bytes:
    content = BAD_FILES[kind][0]
    if content is not None:
        return content
    if kind == "truncated":
        text = json.dumps(filled_workbook().to_dict(), indent=2)
        return text[: len(text) // 2].encode()
    if kind == "newer":
        return _newer_version_text().encode()
    return _wrong_shape_text().encode()


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_gives_clear_message_and_is_not_overwritten(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "amara.json"
    bad = _bad_bytes(kind)
    path.write_bytes(bad)
    with pytest.raises(WorkbookFileError) as info:
        load_workbook(path)
    err = info.value
    assert err.path == path
    assert err.problem == BAD_FILES[kind][1]
    assert str(path) in str(err)
    for words in BAD_FILES[kind][2]:
        assert words in str(err), str(err)
    assert err.backup is None and "previous good copy" not in str(err)

    with pytest.raises(WorkbookFileError):
        save_workbook(filled_workbook(), path)
    assert path.read_bytes() == bad
    with pytest.raises(WorkbookFileError):
        load_or_create(path, name="Someone else")
    assert path.read_bytes() == bad


@pytest.mark.parametrize("kind", ["corrupt", "truncated", "empty", "newer", "wrong-shape"])
def test_backup_is_offered_and_restorable(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "amara.json"
    save_workbook(filled_workbook("Good one"), path)
    save_workbook(filled_workbook("Good two"), path)
    bad = _bad_bytes(kind)
    path.write_bytes(bad)

    with pytest.raises(WorkbookFileError) as info:
        load_workbook(path)
    assert info.value.backup == backup_path(path)
    assert "previous good copy" in str(info.value) and "amara.json.bak" in str(info.value)

    # a failed save must not replace the good backup with the damaged file
    with pytest.raises(WorkbookFileError):
        save_workbook(filled_workbook("Good three"), path)
    assert load_workbook(backup_path(path)).profile.name == "Good one"

    restored = restore_backup(path)
    assert restored.profile.name == "Good one"
    assert load_workbook(path).profile.name == "Good one"
    damaged = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert len(damaged) == 1 and damaged[0].read_bytes() == bad
    # saving works again, and the restored version becomes the new backup
    save_workbook(filled_workbook("After restore"), path)
    assert load_workbook(backup_path(path)).profile.name == "Good one"


def test_restore_without_usable_backup_names_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "amara.json"
    path.write_text("{")
    with pytest.raises(WorkbookFileError) as info:
        restore_backup(path)
    assert info.value.path == backup_path(path)
    assert path.read_text() == "{"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WorkbookFileError) as info:
        load_workbook(tmp_path / "nobody.json")
    assert info.value.problem == "missing"
    assert "nobody.json" in str(info.value)


def test_folder_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "wb.json").mkdir()
    with pytest.raises(WorkbookFileError, match="folder"):
        load_workbook(tmp_path / "wb.json")


def test_load_or_create_starts_then_reopens(tmp_path: Path) -> None:
    path = tmp_path / "new" / "wb.json"
    wb = load_or_create(path, name="Dana", role="mentor")
    assert path.exists()
    assert wb.profile.name == "Dana" and wb.profile.role == "mentor"
    wb.goals.append(SmartGoal(text="Coach two new starters"))
    save_workbook(wb, path)
    again = load_or_create(path, name="Ignored")
    assert again.profile.name == "Dana"
    assert again.goals[0].text == "Coach two new starters"


def test_older_schema_is_migrated_on_load_and_saved_as_current(tmp_path: Path) -> None:
    data = Workbook().to_dict()
    data["schema_version"] = 1
    data["reflections"] = {"module:start-here": "written long ago"}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    wb = load_workbook(path)
    assert wb.reflection("module:start-here") == "written long ago"
    save_workbook(wb, path)
    assert json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION
    assert json.loads(backup_path(path).read_text())["schema_version"] == 1


def test_text_with_lone_surrogate_survives(tmp_path: Path) -> None:
    wb = filled_workbook("Broken \ud800 paste")
    save_workbook(wb, tmp_path / "wb.json")
    assert load_workbook(tmp_path / "wb.json").profile.name == "Broken \ud800 paste"


def test_default_data_dir_follows_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "kitdata"))
    assert default_data_dir() == tmp_path / "kitdata"
    assert WorkbookStore().directory == tmp_path / "kitdata" / "workbooks"
    monkeypatch.delenv(DATA_ENV)
    assert "mentoringkit" in str(default_data_dir())


# ---------------------------------------------------------------------------
# The per-participant store


def test_store_round_trip_and_code_normalising(tmp_path: Path) -> None:
    store = WorkbookStore(tmp_path)
    code = store.new_code()
    assert not store.exists(code)
    wb = store.open(code)
    assert store.exists(code)
    wb.profile.name = "Lee"
    store.save(code, wb)
    assert store.open(f"  {code.upper()} ").profile.name == "Lee"
    assert store.path_for(code) == tmp_path / f"{code}.json"


def test_new_codes_are_typable_and_distinct() -> None:
    codes = {WorkbookStore.new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert WorkbookStore.normalise_code(code) == code
        word, *groups = code.split("-")
        assert word.isalpha()
        assert len(groups) == 3 and all(len(g) == 4 for g in groups)
        assert not set("".join(groups)) & set("01ilouv")


@pytest.mark.parametrize("code", [
    "../../etc/passwd", "..", "kite/../../x", "kite-7h3m/../q9xw", "/etc/passwd", "C:\\Windows\\x",
    "kite-7h3m-q9xw.json", "kite-7h3m-q9xw\x00", "kite 7h3m q9xw", "short", "a" * 65, "",
    "kite--7h3m-q9xw", "-kite-7h3m-q9", "kite-7h3m-q9xw-", "kïte-7h3m-q9xw", "~/kite-7h3m",
    "%2e%2e%2fkite", "kite-7h3m\nq9xw",
])
def test_store_rejects_codes_that_could_escape_the_folder(tmp_path: Path, code: str) -> None:
    store = WorkbookStore(tmp_path / "store")
    with pytest.raises(ValueError, match="participant code"):
        store.path_for(code)
    with pytest.raises(ValueError):
        store.open(code)
    assert not (tmp_path / "store").exists()
    assert sorted(os.listdir(tmp_path)) == []
