"""The shared folder for pairs on a hub (mentoringkit.store.shared): two accounts, each with a private workbook in
their own home, pair through records and invitations kept in one folder the administrator made. Files there are
made for the group (0660) whatever the umask, folders 2730, nothing is ever listed, links are refused, and a
folder that cannot be used is named in plain words while the person's own work still saves.
(tests/hub/test_hub.py does the same with two real system accounts on a real JupyterHub.)
"""

from __future__ import annotations

import contextlib
import grp
import os
import stat
from pathlib import Path

import pytest

from mentoringkit.cli import main
from mentoringkit.model.partnership import PartnershipError
from mentoringkit.session import open_session
from mentoringkit.storage import WorkbookFileError, load_workbook
from mentoringkit.store.partnership import accept, files_for, invite
from mentoringkit.store.shared import (
    DIR_MODE,
    FILE_MODE,
    SHARED_STORE_ENV,
    SharedStoreError,
    check_store,
    create_store,
    dir_mode,
    file_mode,
)
from mentoringkit.workbook import LogEntry

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Unix groups and modes")

MY_GROUP = grp.getgrgid(os.getegid()).gr_name  # a group this account belongs to, as the programme's would be


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@contextlib.contextmanager
def umask(value: int):
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The shared folder as the administrator's command makes it, named to the kit as the hub would."""
    root = tmp_path / "srv" / "pairs"
    create_store(root, MY_GROUP)
    monkeypatch.setenv(SHARED_STORE_ENV, str(root))
    return root


@pytest.fixture
def no_listing(store, monkeypatch):
    """Listing the shared folder fails, as it does for every member but root: the kit must never need it."""
    real_scandir, real_listdir = os.scandir, os.listdir

    def refuse(real):
        def guarded(path=".", *args, **kwargs):
            if str(store) in os.path.abspath(os.fsdecode(path)):
                raise PermissionError(13, "listing the shared folder is not allowed", str(path))
            return real(path, *args, **kwargs)
        return guarded

    monkeypatch.setattr(os, "scandir", refuse(real_scandir))
    monkeypatch.setattr(os, "listdir", refuse(real_listdir))
    for folder in (store, store / "partnerships", store / "invitations"):
        folder.chmod(0o2330)  # and for real where the tests do not run as root: even its owner may not list it
    yield store
    for folder in (store, store / "partnerships", store / "invitations"):
        folder.chmod(DIR_MODE)


def person(cur, home: Path, name: str, role: str):
    """One hub user's page: a private workbook in their own home."""
    return open_session(workbook_path=str(home / ".local/share/mentoringkit/my-workbook.json"), curriculum=cur,
                        participant=name, role=role)


@pytest.fixture
def two_homes(tmp_path):
    return tmp_path / "home" / "ana", tmp_path / "home" / "ben"


# -- the administrator's folder ---------------------------------------------------------------------------------


def test_the_admin_command_makes_the_folder_and_its_subfolders_for_the_group(tmp_path):
    root = tmp_path / "srv" / "pairs"
    main(["shared-store", "create", str(root), "--group", MY_GROUP])
    for folder in (root, root / "partnerships", root / "invitations"):
        assert mode(folder) == DIR_MODE == 0o2730
        assert os.lstat(folder).st_gid == grp.getgrnam(MY_GROUP).gr_gid
    check_store(root)


def test_the_admin_command_repairs_a_folder_made_by_hand_and_refuses_links(tmp_path, capsys):
    root = tmp_path / "pairs"
    root.mkdir(mode=0o755)
    (root / "partnerships").mkdir(mode=0o777)
    with pytest.raises(SharedStoreError):
        check_store(root)  # listable by anyone
    create_store(root, MY_GROUP)
    assert mode(root) == mode(root / "partnerships") == DIR_MODE
    check_store(root)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked").symlink_to(elsewhere)
    assert main(["shared-store", "create", str(tmp_path / "linked"), "--group", MY_GROUP]) == 1
    assert "symbolic link" in capsys.readouterr().err
    assert mode(elsewhere) != DIR_MODE  # the link was not followed


def test_the_admin_command_names_a_missing_group(tmp_path, capsys):
    assert main(["shared-store", "create", str(tmp_path / "p"), "--group", "no-such-group-mk7"]) == 1
    assert "groupadd no-such-group-mk7" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_the_check_command_tells_the_admin_what_to_fix(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(SHARED_STORE_ENV, str(tmp_path / "missing"))
    assert main(["shared-store", "check"]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path / "missing") in err and "shared-store create" in err
    create_store(tmp_path / "missing", MY_GROUP)
    assert main(["shared-store", "check"]) == 0
    assert "can keep pairs" in capsys.readouterr().out


# -- modes -----------------------------------------------------------------------------------------------------


def test_modes_are_for_the_group_only_inside_the_shared_folder(store, tmp_path):
    assert file_mode(store / "partnerships" / "0123456789abcdef.json") == FILE_MODE == 0o660
    assert file_mode(store / "invitations" / ".pair-x.json.lock") == 0o660
    assert dir_mode(store / "invitations") == 0o2730
    home = tmp_path / "home" / "ana" / ".local/share/mentoringkit"
    assert file_mode(home / "my-workbook.json") == 0o600
    assert file_mode(home / "partnerships" / "0123456789abcdef.json") == 0o600
    assert dir_mode(home) == 0o700
    assert file_mode(store / "partnerships" / "deeper" / "x.json") == 0o600  # only the folder and its two
    assert file_mode(store / "partnerships" / "x.json", environ={}) == 0o600  # and only when the hub says so


def test_a_pair_on_two_accounts_meets_in_the_shared_folder_and_files_are_for_the_group(cur, store, two_homes):
    (store / "partnerships").rmdir()  # the kit makes a missing subfolder itself, with the folder's mode
    with umask(0o077):  # the strictest umask must not keep the partner out
        ana = person(cur, two_homes[0], "Ana", "mentee")
        ben = person(cur, two_homes[1], "Ben", "mentor")
        invitation = invite(ana)
        accept(ben, invitation.code)
        ben.workbook.log.append(LogEntry(activity="First meeting", author="Ben", author_role="mentor"))
        ben.save()
        ana.pull()
    assert mode(store / "partnerships") == DIR_MODE
    record = store / "partnerships" / f"{ana.workbook.partnership.id}.json"
    made = [record, store / "invitations" / f"{invitation.code}.json",
            record.with_name(f".{record.name}.lock"), store / "invitations" / f".{invitation.code}.json.lock",
            record.with_name(f"{record.name}.bak")]
    for path in made:
        assert mode(path) == 0o660, (path.name, oct(mode(path)))
        assert os.lstat(path).st_gid == grp.getgrnam(MY_GROUP).gr_gid  # the folder's group, through setgid
    # Each workbook stays private in its own home, and nothing of the pair is kept there.
    for page, home in zip((ana, ben), two_homes, strict=True):
        assert page.path.is_relative_to(home) and mode(page.path) == 0o600
        assert not (page.path.parent / "partnerships").exists() and not (page.path.parent / "invitations").exists()
    assert ana.partner().name == "Ben" and ben.partner().name == "Ana"
    assert [e.activity for e in ana.workbook.log] == ["First meeting"]  # through the record in the shared folder


def test_the_pair_works_without_ever_listing_the_shared_folder(cur, no_listing, two_homes):
    ana = person(cur, two_homes[0], "Ana", "mentee")
    ben = person(cur, two_homes[1], "Ben", "mentor")
    accept(ben, invite(ana).code)
    ben.workbook.agreement.goals = ["Chair the Friday stand-up"]
    ben.save()
    ana.pull()
    assert ana.workbook.agreement.goals == ["Chair the Friday stand-up"]
    ana.workbook.agreement.feedback_method = "Five minutes at the end"
    ana.save()
    ben.pull()
    assert ben.workbook.agreement.feedback_method == "Five minutes at the end"
    # A third page of Ana's (a reload) finds the record by its id alone.
    again = person(cur, two_homes[0], "Ana", "mentee")
    assert again.paired and again.workbook.agreement.goals == ["Chair the Friday stand-up"]


# -- a folder that cannot be used --------------------------------------------------------------------------------


def _bad(tmp_path, kind: str) -> Path:
    root = tmp_path / "pairs"
    if kind == "missing":
        return root
    if kind == "file":
        root.write_text("not a folder", encoding="utf-8")
        return root
    if kind == "link":
        real = tmp_path / "real"
        create_store(real, MY_GROUP)
        root.symlink_to(real)
        return root
    create_store(root, MY_GROUP)
    if kind == "listable":
        root.chmod(0o2770)
    elif kind == "open to all":
        root.chmod(0o2777)
    elif kind == "no setgid":
        root.chmod(0o730)
    elif kind == "linked subfolder":
        (root / "invitations").rmdir()
        (root / "invitations").symlink_to(tmp_path)
    return root


BAD = ["missing", "file", "link", "listable", "open to all", "no setgid", "linked subfolder"]


@pytest.mark.parametrize("kind", BAD)
def test_a_folder_that_cannot_be_used_is_refused_in_plain_words(tmp_path, kind):
    root = _bad(tmp_path, kind)
    with pytest.raises(SharedStoreError) as caught:
        check_store(root)
    said = str(caught.value)
    assert said.startswith("Pairing with a partner is not available right now: ")
    assert str(tmp_path) not in said and "/" not in said  # no server path on a page
    assert str(root.name) in caught.value.detail  # the administrator's version names the folder
    with pytest.raises(SharedStoreError):
        files_for(tmp_path / "home" / "my-workbook.json", environ={SHARED_STORE_ENV: str(root)})


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_this_account_may_not_write_in_is_refused(tmp_path):
    root = tmp_path / "pairs"
    create_store(root, MY_GROUP)
    root.chmod(0o2500)
    try:
        with pytest.raises(SharedStoreError, match="may not use the shared folder"):
            check_store(root)
    finally:
        root.chmod(DIR_MODE)


@pytest.mark.parametrize("kind", ["missing", "listable", "link"])
def test_with_the_folder_unusable_own_work_saves_and_the_page_says_why(cur, tmp_path, monkeypatch, kind):
    monkeypatch.setenv(SHARED_STORE_ENV, str(_bad(tmp_path, kind)))
    ana = person(cur, tmp_path / "home" / "ana", "Ana", "mentee")
    problem = ana.pairing_problem()
    assert problem and "Your own work is still saved" in problem and str(tmp_path) not in problem
    with pytest.raises(PartnershipError) as caught:
        invite(ana)
    assert str(caught.value) == problem
    ana.workbook.agreement.goals = ["Ask for feedback weekly"]
    ana.save()
    assert ana.saved_ok and ana.problem is None
    assert load_workbook(ana.path).agreement.goals == ["Ask for feedback weekly"]
    assert not any((tmp_path / "home").rglob("partnerships"))  # nothing of a pair was put anywhere else


def test_a_paired_person_whose_folder_goes_missing_keeps_saving_and_is_told(cur, store, two_homes, monkeypatch):
    ana = person(cur, two_homes[0], "Ana", "mentee")
    ben = person(cur, two_homes[1], "Ben", "mentor")
    accept(ben, invite(ana).code)
    monkeypatch.setenv(SHARED_STORE_ENV, str(store.parent / "renamed-by-mistake"))
    again = person(cur, two_homes[0], "Ana", "mentee")  # her next page
    assert "Pairing with a partner is not available right now" in again.problem
    assert "your partner does not see your changes" in again.problem and str(store) not in again.problem
    again.workbook.agreement.goals = ["Still mine"]
    again.save()
    assert again.saved_ok
    assert load_workbook(again.path).agreement.goals == ["Still mine"]
    monkeypatch.setenv(SHARED_STORE_ENV, str(store))  # the administrator puts it back: the pair works again
    back = person(cur, two_homes[0], "Ana", "mentee")
    assert back.paired and back.problem is None and back.partner().name == "Ben"


def test_a_link_planted_at_a_record_is_not_followed(cur, store, two_homes, tmp_path):
    ana = person(cur, two_homes[0], "Ana", "mentee")
    invite(ana)
    record = store / "partnerships" / f"{ana.workbook.partnership.id}.json"
    secret = tmp_path / "secret.json"
    secret.write_text('{"kind": "not yours"}', encoding="utf-8")
    record.unlink()
    record.symlink_to(secret)
    again = person(cur, two_homes[0], "Ana", "mentee")
    assert "link" in again.problem
    with pytest.raises(WorkbookFileError):
        load_workbook(record)
    assert secret.read_text(encoding="utf-8") == '{"kind": "not yours"}'


def test_a_refused_shared_file_is_said_in_plain_words_without_paths(cur, store, two_homes, monkeypatch):
    # As root the tests cannot be refused by the system itself, so the refusal is played by the store's own calls.
    from mentoringkit.store.partnership import PartnershipFiles

    ana = person(cur, two_homes[0], "Ana", "mentee")
    ben = person(cur, two_homes[1], "Ben", "mentor")
    invitation = invite(ana)

    def refused(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(store / "invitations" / "x.json"))

    for name in ("issue", "redeem"):
        monkeypatch.setattr(PartnershipFiles, name, refused)
    for attempt in (lambda: invite(ana), lambda: accept(ben, invitation.code)):
        with pytest.raises(PartnershipError) as caught:
            attempt()
        assert "refused to read or write the partnership files" in str(caught.value)
        assert str(store) not in str(caught.value) and "Errno" not in str(caught.value)
    assert not ben.paired and ben.workbook.partnership is None  # nothing half-done on the joining side
