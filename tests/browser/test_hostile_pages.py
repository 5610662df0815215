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


@pytest.mark.parametrize("notebook", ["07_agreement.ipynb", "08_log_and_progress.ipynb"])
def test_right_to_left_overrides_and_300_character_words_keep_the_page_whole(participant, server, notebook):
    """A workbook whose every typed field holds an override with Hebrew words, or one 300-character word: the
    pages that show typed text in their own HTML (signatures, the log table) stay within the window's width,
    and each typed value is isolated on the page. Screenshots: test-results/screenshots/hostile-text-*.png."""
    from orientation_app import SCREENSHOTS, horizontal_overflow, screenshot_whole_app
    from test_bidi_pages import MARK, PAYLOADS, filled_workbook

    for kind, payload in PAYLOADS.items():
        store = WorkbookStore(server.data_dir / "workbooks")
        code = store.new_code()
        store.save(code, filled_workbook(payload))
        page = participant.open(notebook, code=code)
        wide = horizontal_overflow(page)
        assert wide["document"] <= wide["viewport"] and wide["cells"] <= wide["cellsClient"] + 1, (kind, wide)
        shown = page.locator("#rendered_cells .widget-html-content bdi", has_text=MARK)
        assert shown.count() >= 2, f"{kind}: the typed values shown on {notebook} are not isolated"
        assert "\u202e" not in page.locator("#rendered_cells").inner_text()
        screenshot_whole_app(page, SCREENSHOTS / f"hostile-text-{notebook.removesuffix('.ipynb')}-{kind}.png")
        page.goto("about:blank")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_printable_plan_with_hostile_text_fits_the_window(chromium, width):
    """The whole mentoring plan as HTML (what the PDF is printed from), every typed field holding an override or
    a 300-character word: nothing sticks out sideways, at desktop or phone width."""
    from orientation_app import SCREENSHOTS
    from test_bidi_pages import PAYLOADS, filled_workbook

    from mentoringkit import exports
    from mentoringkit.curriculum import load_curriculum

    context = chromium.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        for kind, payload in PAYLOADS.items():
            page.set_content(exports.render_document("all", "html", filled_workbook(payload), load_curriculum()))
            scroll, client = page.evaluate("() => [document.documentElement.scrollWidth, "
                                           "document.documentElement.clientWidth]")
            assert scroll <= client, f"{kind} at {width} px: the document is {scroll} px wide"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"hostile-text-export-{kind}-{width}.png"), full_page=True)
    finally:
        context.close()
