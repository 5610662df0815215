"""Hostile data folders as a participant meets them on a served page: a workbook that is a link to a file
outside the data folder is refused by its code, with no server path on the page, and nothing outside is touched."""

from __future__ import annotations

import stat

import pytest
from test_journey import START

from mentoringkit.storage import WorkbookStore, save_workbook
from mentoringkit.workbook import Profile, Workbook

pytestmark = pytest.mark.browser


def test_a_workbook_linked_to_a_file_outside_the_data_folder_is_refused_on_the_page(participant, server, tmp_path):
    outside = tmp_path / "someone-elses.json"
    save_workbook(Workbook(profile=Profile(name="Not Yours Zq7")), outside)
    outside.chmod(0o644)
    before = outside.read_bytes()
    store = WorkbookStore(server.data_dir / "workbooks")
    code = store.new_code()
    store.directory.mkdir(parents=True, exist_ok=True)
    store.path_for(code).symlink_to(outside)

    page = participant.open(START, code=code)
    text = page.locator("#rendered_cells").inner_text()
    assert code in text and "cannot be opened" in text
    assert "Not Yours Zq7" not in text and page.get_by_label("Your name", exact=True).input_value() == ""
    for server_path in (str(server.data_dir), str(tmp_path), "/workbooks/"):
        assert server_path not in page.content()
    # Typing on the page saves nothing through the link, and the file outside keeps its bytes and mode.
    page.get_by_label("Your name", exact=True).fill("Intruder")
    page.get_by_label("Your name", exact=True).press("Tab")
    page.wait_for_timeout(1500)
    assert outside.read_bytes() == before and stat.S_IMODE(outside.stat().st_mode) == 0o644
    assert store.path_for(code).is_symlink()
    assert not (store.directory / f"{code}.json.bak").exists()
