"""The app shell's widgets, driven as a participant would, without a kernel: start page, role picker,
module header and footer, progress overview, and the shared controls."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re

import ipywidgets as widgets
import pytest

from mentoringkit.session import memory_session, open_session
from mentoringkit.widgets import (
    Field,
    Landing,
    RolePicker,
    download_link,
    html_list,
    module_footer,
    module_header,
    points_html,
    progress_overview,
    single_choice,
    status,
)

VOILA = {"VOILA_REQUEST_URL": "http://127.0.0.1:8866/voila/render/00_start_here.ipynb",
         "SERVER_SOFTWARE": "voila/0.5.13", "QUERY_STRING": ""}




def text_of(widget) -> str:
    """All HTML and labels a participant would see, flattened."""
    parts = []
    if isinstance(widget, widgets.HTML):
        parts.append(widget.value)
    if getattr(widget, "description", ""):
        parts.append(widget.description)
    if isinstance(widget, widgets.Box) and widget.layout.display != "none":
        parts += [text_of(child) for child in widget.children]
    return "\n".join(parts)


def visible(widget) -> bool:
    return widget.layout.display != "none"


# -- controls ------------------------------------------------------------------------


def test_single_choice_is_a_radio_group_with_nothing_chosen():
    choice = single_choice([("Yes", True), ("No", False)], "Agree?")
    assert isinstance(choice, widgets.RadioButtons) and choice.value is None and choice.description == "Agree?"
    assert single_choice([("Yes", True), ("No", False)], "Agree?", value=False).index == 1


def test_field_shows_errors_under_the_input_and_keeps_the_text():
    f = Field("Goal", hint="One sentence.")
    seen = []
    f.on_change(seen.append)
    f.value = "Present at <b>rounds</b>"
    assert seen == ["Present at <b>rounds</b>"] and f.input.description == "Goal"
    assert "One sentence." in f.message.value
    f.set_error("Say by <when>.")
    assert 'role="alert"' in f.message.value and "Say by &lt;when&gt;." in f.message.value
    assert "One sentence." not in f.message.value and f.value == "Present at <b>rounds</b>"
    assert f.children == (f.input, f.message)  # the message sits right under the input
    f.set_error(None)
    assert "One sentence." in f.message.value
    assert isinstance(Field("Notes", multiline=True).input, widgets.Textarea)


def test_status_escapes_and_names_the_kind_in_words():
    out = status("<script>x</script>", "error")
    assert "<script>" not in out and "&lt;script&gt;" in out and "Problem:" in out and 'role="alert"' in out
    assert 'role="status"' in status("fine", "ok")
    with pytest.raises(ValueError):
        status("x", "loud")


def test_download_link_carries_the_content_and_escapes_names():
    link = download_link('plan "final".md', "Goal: café", "text/markdown", "Download <plan>")
    href = html.unescape(re.search(r'href="([^"]+)"', link.value).group(1))
    assert href.startswith("data:text/markdown;charset=utf-8;base64,")
    assert base64.b64decode(href.split(",", 1)[1]).decode("utf-8") == "Goal: café"
    assert 'download="plan _final_.md"' in link.value and "Download &lt;plan&gt;" in link.value
    assert download_link("../../x.ics", b"\x00", "text/calendar", "c").value.count('download="_x.ics"') == 0
    with pytest.raises(ValueError):
        download_link("a", "b", 'text/html" onclick="x', "c")


def test_points_and_sources_name_guide_titles(cur):
    points = cur.about.definitions[:2]
    out = points_html(points, cur)
    assert out.count("<li ") == 2 and f"<strong>{html.escape(points[0].title)}</strong>" in out
    assert all(f'<li data-mk-item="{p.id}">' in out for p in points)  # so a test can find where each point shows
    for p in points:
        assert html.escape(cur.source_title(p.source)) in out
    assert html_list(["a<b"]) == "<ul><li>a&lt;b</li></ul>" and html_list([]) == ""


# -- module page frame --------------------------------------------------------------------


def test_module_header_shows_what_the_module_is_for(cur):
    s = memory_session(curriculum=cur)
    module = cur.course.module("goals")
    out = module_header(s, "goals").value
    assert f"<h1>{html.escape(module.title)}</h1>" in out and f"About {module.minutes} minutes" in out
    for objective in module.objectives:
        assert html.escape(objective) in out
    assert "For the facilitator" not in out
    assert html.escape(module.facilitator_notes[0]) in module_header(
        memory_session(curriculum=cur, facilitator=True), "goals").value


def test_module_header_warns_when_work_is_not_kept_and_shows_save_problems(cur, data_dir):
    s = open_session(curriculum=cur, environ=VOILA)
    header = module_header(s, "goals")
    assert "not being kept" in header.value and 'href="00_start_here.ipynb"' in header.value
    s.problem = "Your latest change could not be saved. Disk full."
    s.save()
    assert "Disk full." in header.value


def test_module_header_in_ones_own_jupyter_names_the_workbook_file(cur, data_dir):
    own = open_session(curriculum=cur, environ={})  # JupyterLab: no Voilà variables
    out = module_header(own, "goals").value
    assert f"Your work is saved in <code>{html.escape(str(data_dir / 'my-workbook.json'))}</code>" in out
    # A served page never shows a server path, and a practice session claims nothing.
    served = open_session(curriculum=cur, environ=VOILA)
    served.start_new_code()
    assert "Your work is saved in" not in module_header(served, "goals").value
    assert "Your work is saved in" not in module_header(memory_session(curriculum=cur), "goals").value


def test_module_footer_links_keep_the_code(cur, data_dir):
    s = open_session(curriculum=cur, environ=VOILA)
    code = s.start_new_code()
    out = module_footer(s, "goals").value
    assert f'href="00_start_here.ipynb?module=first-meeting&amp;code={code}"' in out
    assert f'href="00_start_here.ipynb?module=agreement&amp;code={code}"' in out
    assert "Sources:" in out and html.escape(cur.source_title("mentoring-for-success")) in out
    first = module_footer(s, "start-here").value
    assert "Previous" not in first and "Next: " in first
    assert "Next" not in module_footer(s, cur.course.modules[-1].id).value.split("Sources")[0]


def test_progress_overview_follows_the_workbook(cur):
    s = memory_session(curriculum=cur)  # a mentee with no name yet: "Start here" is under way
    overview = progress_overview(s)
    n = len(cur.course.modules)
    assert overview.value.count("Not started") == n - 1 and overview.value.count("Started") == 1
    assert f"0 of {n} modules done" in overview.value
    assert 'href="03_roles_and_responsibilities.ipynb"' in overview.value
    s.workbook.profile.name = "Mo"
    s.save()
    assert f"1 of {n} modules done" in overview.value and "Started" not in overview.value


# -- role picker ------------------------------------------------------------------------


def test_role_picker_saves_every_change(cur, data_dir):
    s = open_session(curriculum=cur, environ=VOILA)
    s.start_new_code()
    picker = RolePicker(s)
    picker.set_name("  Noor ")
    picker.choose("both")
    picker.set_partner("Ola")
    picker.set_dates(dt.date(2025, 1, 6), dt.date(2025, 6, 30))
    back = open_session(code=s.code, curriculum=cur, environ=VOILA).workbook.profile
    assert (back.name, back.role, back.partner_name) == ("Noor", "both", "Ola")
    assert (back.program_start, back.program_end) == (dt.date(2025, 1, 6), dt.date(2025, 6, 30))
    assert "Chosen: Both" in picker.role_note.value


def test_role_picker_rejects_an_end_before_the_start_next_to_the_field(cur):
    s = memory_session(curriculum=cur)
    picker = RolePicker(s)
    picker.set_dates(dt.date(2025, 3, 1), dt.date(2025, 4, 1))
    picker.end.value = "1/2/2025"
    assert "before the start date" in picker.dates_message.value
    kids = list(picker.children)
    assert kids.index(picker.dates_message) == kids.index(picker.end) + 1
    assert s.workbook.profile.program_end == dt.date(2025, 4, 1)  # the last pair that made sense
    assert picker.end.value == "1/2/2025"  # what was typed stays on screen
    picker.end.value = "1 May 2025"
    assert picker.dates_message.value == "" and s.workbook.profile.program_end == dt.date(2025, 5, 1)


def test_role_picker_dates_are_the_kits_date_field_not_the_browsers_picker(cur):
    """issue 12: the start page showed mm/dd/yyyy pickers; now it reads the course's order and says the day back."""
    s = memory_session(curriculum=cur)
    picker = RolePicker(s)
    picker.set_dates("31/03/2027", "end of June 2028")
    assert "Wednesday 31 March 2027" in picker.start.message.value
    assert "Friday 30 June 2028" in picker.end.message.value
    assert (s.workbook.profile.program_start, s.workbook.profile.program_end) == (dt.date(2027, 3, 31),
                                                                                  dt.date(2028, 6, 30))
    picker.start.value = "30/02/2027"
    assert "February 2027 has 28 days" in (picker.start.error or "")
    assert s.workbook.profile.program_start == dt.date(2027, 3, 31)


def test_role_picker_asks_for_a_name_when_it_is_cleared(cur):
    s = memory_session(curriculum=cur)
    picker = RolePicker(s)
    picker.set_name("Pia")
    picker.set_name("  ")
    assert "Please type your name" in picker.name.message.value
    with pytest.raises(ValueError):
        picker.choose("boss")


def test_role_picker_shows_what_is_already_saved(cur):
    s = memory_session(role="mentor", curriculum=cur)
    s.workbook.profile.name = "Quinn"
    picker = RolePicker(s)
    assert picker.name.value == "Quinn" and picker.role.value == "mentor"


# -- start page --------------------------------------------------------------------------


def test_start_page_issues_a_code_and_keeps_what_was_typed(cur, data_dir):
    s = open_session(curriculum=cur, environ=VOILA)
    page = Landing(s)
    assert "New here?" in text_of(page) and "Coming back?" in text_of(page)
    page.picker_area.children[0].set_name("Rae")
    code = page.start_new()
    shown = text_of(page)
    assert code in shown and "New here?" not in shown and "Write this code down" in shown
    assert f"00_start_here.ipynb?code={code}" in shown
    assert f"00_start_here.ipynb?module=what-is-mentoring&amp;code={code}" in shown
    assert open_session(code=code, curriculum=cur, environ=VOILA).workbook.profile.name == "Rae"
    assert repr(page) == "Landing()"


def test_start_page_resume_with_a_good_code(cur, data_dir):
    first = open_session(curriculum=cur, environ=VOILA)
    code = first.start_new_code()
    first.workbook.profile.name = "Sam"
    first.save()
    page = Landing(open_session(curriculum=cur, environ=VOILA))
    page.code_field.value = code.upper()
    assert page.resume(page.code_field.value)
    assert page.picker_area.children[0].name.value == "Sam"
    assert "1 of" not in text_of(page) and "Started" in page.overview.value


def test_start_page_wrong_code_shows_a_message_next_to_the_field_and_loses_nothing(cur, data_dir):
    page = Landing(open_session(curriculum=cur, environ=VOILA))
    page.picker_area.children[0].set_name("Tia")
    page.code_field.value = "kite-2222-3333-4444"
    assert not page.resume(page.code_field.value)
    assert "No workbook is saved under the code kite-2222-3333-4444" in page.code_field.message.value
    assert page.code_field.value == "kite-2222-3333-4444"
    assert page.session.workbook.profile.name == "Tia" and page.session.code is None


def test_start_page_offers_the_backup_of_a_damaged_workbook(cur, data_dir):
    first = open_session(curriculum=cur, environ=VOILA)
    code = first.start_new_code()
    first.workbook.profile.name = "Uma"
    first.save()
    first.workbook.profile.organisation = "Ward 4"
    first.save()  # the backup is the copy before the latest save (a save with nothing new writes nothing)
    first.path.write_text("{ broken", encoding="utf-8")
    page = Landing(open_session(code=code, curriculum=cur, environ=VOILA))
    assert "could not be opened" in page.problem.value and visible(page.restore_button)
    assert page.restore()
    assert page.problem.value == "" and not visible(page.restore_button)
    assert page.picker_area.children[0].name.value == "Uma"


def test_start_page_in_own_jupyter_needs_no_code(cur, data_dir):
    session = open_session(curriculum=cur, environ={})
    page = Landing(session)
    shown = text_of(page)
    assert "saved as you go in this workbook file" in shown and str(session.path) in shown and "New here?" not in shown
    assert not visible(page.restore_button)
