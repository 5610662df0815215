"""Hostile or broken data folders: links are never followed, folders are private, a save that fails says so
in plain words (no server paths) and never hands out a code whose workbook does not exist."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
from pathlib import Path

import pytest

from mentoringkit.session import CodeError, open_session
from mentoringkit.storage import WorkbookFileError, WorkbookStore, load_workbook, save_workbook
from mentoringkit.workbook import Workbook

VOILA = {"SERVER_SOFTWARE": "voila/0.5.13"}


@pytest.fixture
def store(tmp_path):
    return WorkbookStore(tmp_path / "data" / "workbooks")


def test_the_data_folder_and_the_workbooks_folder_are_created_private(tmp_path, cur):
    store = WorkbookStore(tmp_path / "data" / "workbooks")
    session = open_session(curriculum=cur, environ=VOILA, store=store)
    session.start_new_code()
    for folder in (tmp_path / "data", tmp_path / "data" / "workbooks"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(session.path.stat().st_mode) == 0o600


def test_a_workbook_that_is_a_link_to_another_file_is_refused_and_the_file_is_untouched(tmp_path, cur, store):
    outside = tmp_path / "outside.json"
    save_workbook(Workbook(), outside)
    outside.chmod(0o644)
    before = outside.read_bytes()
    code = "kite-7h3m-q9xw-4rtb"
    store.directory.mkdir(parents=True)
    store.path_for(code).symlink_to(outside)
    session = open_session(curriculum=cur, environ=VOILA, store=store)
    with pytest.raises(CodeError) as caught:
        session.switch_to_code(code)
    message = str(caught.value)
    assert code in message and str(tmp_path) not in message and "data" not in message.split(code)[0]
    assert session.code is None and session.path is None
    assert outside.read_bytes() == before and stat.S_IMODE(outside.stat().st_mode) == 0o644
    assert not Path(str(store.path_for(code)) + ".bak").exists()


def test_a_link_to_a_file_that_is_not_a_workbook_gives_no_server_path_either(tmp_path, cur, store):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for participants", encoding="utf-8")
    code = "reef-2345-6789-abcd"
    store.directory.mkdir(parents=True)
    store.path_for(code).symlink_to(secret)
    page = open_session(code=code, curriculum=cur, environ=VOILA, store=store)
    assert page.problem and code in page.problem and str(tmp_path) not in page.problem
    assert "not for participants" not in page.problem
    assert secret.read_text(encoding="utf-8") == "not for participants"


def test_a_planted_backup_link_is_replaced_never_followed(tmp_path):
    path = tmp_path / "wb.json"
    save_workbook(Workbook(), path)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    outside.chmod(0o644)
    (tmp_path / "wb.json.bak").symlink_to(outside)
    save_workbook(Workbook(), path)
    assert outside.read_text(encoding="utf-8") == "keep me" and stat.S_IMODE(outside.stat().st_mode) == 0o644
    assert not (tmp_path / "wb.json.bak").is_symlink()
    load_workbook(tmp_path / "wb.json.bak")


def test_load_never_follows_a_link(tmp_path):
    real = tmp_path / "real.json"
    save_workbook(Workbook(), real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with pytest.raises(WorkbookFileError) as caught:
        load_workbook(link)
    assert caught.value.problem == "link"


# -- real full and read-only file systems (tmpfs mounts, root only) ------------------------------


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "256k"):
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here (needs root): {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> None:
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as out:
        while True:
            out.write(b"\0" * 65536)
            out.flush()
            os.fsync(out.fileno())


def test_on_a_full_disk_a_save_says_so_plainly_and_the_page_never_claims_saved(tmp_path, cur):
    with tmpfs(tmp_path / "disk") as disk:
        store = WorkbookStore(disk / "workbooks")
        session = open_session(curriculum=cur, environ=VOILA, store=store)
        session.start_new_code()
        session.workbook.profile.name = "Ana"
        session.save()
        assert session.saved_ok
        fill(disk)
        session.workbook.reflections.clear()
        session.workbook.set_reflection("module:goals", "x" * 400_000)
        session.save()
        assert not session.saved_ok
        assert "no free disk space" in session.problem and str(disk) not in session.problem
        assert "OSError" not in session.problem and "Errno" not in session.problem
        assert load_workbook(session.path).profile.name == "Ana"  # the saved copy is intact


def test_on_a_read_only_folder_no_code_is_handed_out(tmp_path, cur):
    with tmpfs(tmp_path / "ro") as folder:
        (folder / "workbooks").mkdir(mode=0o700)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        session = open_session(curriculum=cur, environ=VOILA, store=WorkbookStore(folder / "workbooks"))
        with pytest.raises(CodeError) as caught:
            session.start_new_code()
        assert "No personal code was issued" in str(caught.value) and "read-only" in str(caught.value)
        assert session.code is None and session.path is None and not session.saved_ok
        assert list((folder / "workbooks").iterdir()) == []


def test_a_served_page_opened_on_a_workbook_with_a_huge_number_says_so_and_starts_blocked(tmp_path, cur, store):
    code = "dune-2345-6789-abcd"
    store.directory.mkdir(parents=True)
    path = store.path_for(code)
    path.write_text('{"schema_version": 3, "log": [{"duration_minutes": ' + "9" * 5000 + "}]}", encoding="utf-8")
    page = open_session(code=code, curriculum=cur, environ=VOILA, store=store)
    assert page.problem and "thousands of digits" in page.problem and str(tmp_path) not in page.problem
    assert not page.keeps_work  # nothing is written over it
    assert path.read_text(encoding="utf-8").endswith("}]}")
