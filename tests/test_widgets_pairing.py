"""The start page's "Your partner" section and what the shared screens say while paired."""

from __future__ import annotations

import pytest
from widget_text import html_text

from mentoringkit.session import open_session
from mentoringkit.storage import WorkbookStore
from mentoringkit.widgets.agreement import AgreementBuilder
from mentoringkit.widgets.landing import Landing
from mentoringkit.widgets.mentoring_log import MentoringLog
from mentoringkit.widgets.self_assessment import show_self_assessment

VOILA = {"VOILA_REQUEST_URL": "http://localhost/voila/render/00_start_here.ipynb"}


@pytest.fixture
def start_page(cur, tmp_path):
    store = WorkbookStore(tmp_path / "workbooks")

    def open_page(name: str, role: str, query: str = ""):
        session = open_session(curriculum=cur, store=store, environ={**VOILA, "QUERY_STRING": query})
        landing = Landing(session)
        session.set_profile(participant=name, role=role)
        landing.start_new()
        return session, landing

    return open_page


def test_an_invitation_link_pairs_two_start_pages_and_each_says_with_whom(start_page):
    mentor, mentor_page = start_page("Ada Mentor", "mentor")
    invitation = mentor_page.pairing.invite("mentor")
    assert invitation.code in mentor_page.pairing.invitation_area.value
    assert f"?invite={invitation.code}" in mentor_page.pairing.invitation_area.value
    assert mentor.code not in mentor_page.pairing.invitation_area.value  # the personal code is never shared
    _mentee, mentee_page = start_page("Sam Mentee", "mentee", query=f"invite={invitation.code}")
    assert mentee_page.pairing.code_field.value == invitation.code  # filled in from the link
    assert mentee_page.pairing.join(mentee_page.pairing.code_field.value)
    assert "paired with Ada Mentor" in html_text(mentee_page.pairing.message.value)
    mentor.pull()
    assert "You are the mentor, paired with Sam Mentee (mentee)" in html_text(mentor_page.pairing.state.value)
    assert "You are the mentee, paired with Ada Mentor (mentor)" in html_text(mentee_page.pairing.state.value)


def test_a_used_invitation_is_refused_on_the_page_and_nothing_changes(start_page):
    _mentor, mentor_page = start_page("Ada", "mentor")
    invitation = mentor_page.pairing.invite("mentor")
    _mentee, mentee_page = start_page("Sam", "mentee")
    assert mentee_page.pairing.join(invitation.code)
    third, third_page = start_page("Eve", "mentee")
    assert not third_page.pairing.join(invitation.code)
    assert "already been used" in third_page.pairing.code_field.error
    assert third.workbook.partnership is None and "not paired yet" in third_page.pairing.state.value


def test_shared_screens_say_so_and_each_partner_signs_only_for_themselves(start_page):
    mentor, mentor_page = start_page("Ada", "mentor")
    mentee, mentee_page = start_page("Sam", "mentee")
    mentee_page.pairing.join(mentor_page.pairing.invite("mentor").code)
    mentor.pull()
    agreement = AgreementBuilder(mentee)
    assert "Shared with Ada" in html_text(agreement.sharing.value)
    assert agreement.fields["mentor"].input.disabled and not agreement.fields["mentee"].input.disabled
    log = MentoringLog(mentee)
    assert "Shared with Ada" in html_text(log.sharing.value)
    log.fill(activity="First meeting", date="2026-01-05")
    log.add_entry()
    assert mentee.workbook.log[-1].author == "Sam" and mentee.workbook.log[-1].author_role == "mentee"
    assert "Sam (mentee)" in html_text(log.table.value)
    private = show_self_assessment(mentee)
    assert private is not None  # a private screen carries no "shared" label
    agreement.sign("mentee", "Sam Okafor")
    mentor_agreement = AgreementBuilder(mentor)
    mentor.pull()
    mentor_agreement.sign("mentor", "Ada Lovelace")
    mentee.pull()
    assert "Signed by the mentor, Ada Lovelace" in html_text(agreement.signed.value)
    assert "Signed by the mentee, Sam Okafor" in html_text(agreement.signed.value)
    agreement.set_text("feedback_method", "A short review at the end of each meeting")
    mentor.pull()
    assert "out of date: how you give feedback changed" in mentor_agreement.signed.value
    assert "mentor&#x27;s signature is out of date" in mentor_agreement.signed.value
    assert mentor_agreement.sign_again_button.layout.display == ""
    assert "mentee&#x27;s signature is out of date" in agreement.signed.value  # the one who changed it too
    mentor_agreement.sign_again()
    assert "mentor&#x27;s signature is out of date" not in mentor_agreement.signed.value
    assert "Signed by the mentor, Ada Lovelace" in html_text(mentor_agreement.signed.value)


def test_the_mentor_comments_on_the_mentees_plan_and_the_mentee_reads_it(start_page):
    from mentoringkit.widgets.development_plan import DevelopmentPlanEditor

    mentor, mentor_page = start_page("Ada", "mentor")
    mentee, mentee_page = start_page("Sam", "mentee")
    mentee_page.pairing.join(mentor_page.pairing.invite("mentor").code)
    mentee_plan = DevelopmentPlanEditor(mentee)
    mentee_plan.add_row()
    mentee_plan.set_cell(0, "goal_and_timeline", "Chair the June review")
    assert "Shared with Ada" in html_text(mentee_plan.sharing.value)
    mentor.pull()
    mentor_plan = DevelopmentPlanEditor(mentor)
    view = mentor_plan.row_views[0]
    assert view.comment.layout.display == "" and not view.comment.input.disabled
    mentor_plan.set_comment(0, "Ask Lee for the agenda a week ahead")
    mentee.pull()
    mentee_view = mentee_plan.row_views[0]
    assert mentee_view.comment.value == "Ask Lee for the agenda a week ahead"
    assert mentee_view.comment.input.disabled  # the mentee reads it
    with pytest.raises(PermissionError):
        mentee_plan.set_comment(0, "not mine to write")


def test_someone_who_is_both_says_which_side_they_take(start_page):
    session, page = start_page("Kim", "both")
    buttons = [c.description for c in page.pairing.controls.children if hasattr(c, "on_click")]
    assert buttons == ["I mentor my partner: invite them", "My partner mentors me: invite them", "Join my partner"]
    page.pairing.invite_as_mentee.click()
    assert session.workbook.partnership.role == "mentee"
    assert "pair-" in page.pairing.invitation_area.value


def test_self_study_pairs_on_two_computers_by_exchanging_a_file(cur, tmp_path):
    import base64

    from mentoringkit.workbook import LogEntry

    def computer(folder: str, name: str, role: str):
        session = open_session(workbook_path=str(tmp_path / folder / "my-workbook.json"), curriculum=cur,
                               environ={})
        session.set_profile(participant=name, role=role)
        session.workbook.set_reflection("module:goals", f"private note of {name}")
        session.save()
        return session, Landing(session)

    alex, alex_page = computer("alex", "Alex", "mentor")
    bea, bea_page = computer("bea", "Bea", "mentee")
    assert bea_page.pairing.exchange_upload in bea_page.pairing.controls.children
    assert alex_page.pairing.start_exchange()
    link = alex_page.pairing.exchange_download.children[0]
    sent = base64.b64decode(link.value.split("base64,", 1)[1].split('"', 1)[0])
    assert b"private note" not in sent
    assert bea_page.pairing.import_file(sent)
    assert "You joined" in bea_page.pairing.message.value and bea.partner().name == "Alex"
    log = MentoringLog(bea)
    log.fill(activity="Bea's entry", date="2026-01-05")
    log.add_entry()
    back = base64.b64decode(bea_page.pairing.exchange_download.children[0].value.split("base64,", 1)[1]
                            .split('"', 1)[0])
    alex.workbook.log.append(LogEntry(activity="Alex's entry"))
    alex.save()
    assert alex_page.pairing.import_file(back)
    assert sorted(e.activity for e in alex.workbook.log) == ["Alex's entry", "Bea's entry"]
    assert not alex_page.pairing.import_file(b"{ not json")
    assert "not a partnership file" in alex_page.pairing.message.value
