"""The start page keeps its "about you" form while the workbook stays the same, and swaps it when another opens."""

from __future__ import annotations

from mentoringkit.session import open_session
from mentoringkit.widgets.landing import Landing

VOILA = {"VOILA_REQUEST_URL": "http://127.0.0.1:8866/voila/render/00_start_here.ipynb",
         "SERVER_SOFTWARE": "voila/0.5.13", "QUERY_STRING": ""}




def test_a_new_code_keeps_the_form_so_text_typed_meanwhile_is_shown_and_saved(cur, data_dir):
    page = Landing(open_session(curriculum=cur, environ=VOILA))
    form = page.picker_area.children[0]
    page.start_new()
    # Text that reaches the form just after the code was issued lands in the form on screen, and is saved.
    form.set_name("Rae Late")
    assert page.picker_area.children[0] is form and form.name.value == "Rae Late"
    assert open_session(code=page.session.code, curriculum=cur, environ=VOILA).workbook.profile.name == "Rae Late"


def test_opening_another_workbook_shows_its_answers_and_retires_the_old_form(cur, data_dir):
    saved = open_session(curriculum=cur, environ=VOILA)
    code = saved.start_new_code()
    saved.workbook.profile.name = "Sam"
    saved.save()
    page = Landing(open_session(curriculum=cur, environ=VOILA))
    old = page.picker_area.children[0]
    old.set_name("Someone typing")
    assert page.resume(code)
    new = page.picker_area.children[0]
    assert new is not old and new.name.value == "Sam"
    assert old.name.input.comm is None  # closed: a late change to the old form cannot reach Sam's workbook
    page.start_new()
    assert page.picker_area.children[0] is new


def test_the_start_page_shows_its_facilitator_note_only_in_facilitator_mode(cur):
    import html as _html

    from mentoringkit.session import memory_session
    from mentoringkit.widgets.landing import show_landing

    note = _html.escape(cur.course.module("start-here").facilitator_notes[0])
    assert note in show_landing(memory_session(curriculum=cur, facilitator=True)).children[0].value
    assert note not in show_landing(memory_session(curriculum=cur)).children[0].value
