"""The partnership: two people's sessions pair through an invitation and share one agreement, plan and log,
while everything else in each workbook stays private. Real files, real locks, real sessions (one per page)."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoringkit.agreement import CLAUSES, agreement_digest, clause_digests, sign, signature_state
from mentoringkit.model.partnership import InvitationError, Partnership, PartnershipError, exchange_merge
from mentoringkit.session import open_session
from mentoringkit.storage import WorkbookStore, load_workbook
from mentoringkit.store.partnership import accept, invite
from mentoringkit.workbook import Agreement, LogEntry, PlanRow

VOILA = {"VOILA_REQUEST_URL": "http://localhost/voila/render/00_start_here.ipynb"}
PRIVATE = "PRIVATE-MARKER-7f3a"


@pytest.fixture
def room(cur, tmp_path):
    """``room.page(code)`` opens a served page for a personal code; ``room.person(name, role)`` a new person."""

    class Room:
        store = WorkbookStore(tmp_path / "workbooks")
        root = tmp_path

        def page(self, code):
            return open_session(code=code, curriculum=cur, store=self.store, environ=VOILA)

        def person(self, name, role):
            first = open_session(curriculum=cur, store=self.store, environ=VOILA)
            first.set_profile(participant=name, role=role)
            code = first.start_new_code()
            first.workbook.set_reflection("module:intro", f"{PRIVATE} {name}")
            first.save()
            return first, code

    return Room()


@pytest.fixture
def pair(room):
    mentor, _mentor_code = room.person("Ada Mentor", "mentor")
    mentee, _mentee_code = room.person("Sam Mentee", "mentee")
    mentor.workbook.agreement.goals = ["Lead a team huddle"]
    mentor.save()
    invitation = invite(mentor)
    accept(mentee, invitation.code)
    mentor.pull()
    return mentor, mentee, invitation


def test_pairing_links_both_workbooks_to_one_record_seeded_from_the_inviter(pair, room):
    mentor, mentee, _invitation = pair
    assert mentor.workbook.partnership.id == mentee.workbook.partnership.id
    assert (mentor.workbook.partnership.role, mentee.workbook.partnership.role) == ("mentor", "mentee")
    assert mentee.workbook.agreement.goals == ["Lead a team huddle"]  # seeded from the inviter
    assert mentor.partner().name == "Sam Mentee" and mentee.partner().name == "Ada Mentor"
    record = mentor.record_path()
    assert record == mentee.record_path() and record.parent == room.root / "partnerships"
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert stat.S_IMODE(record.parent.stat().st_mode) == 0o700


def test_a_change_on_one_side_reaches_the_other_and_both_workbooks_keep_a_copy(pair):
    mentor, mentee, _ = pair
    mentee.workbook.agreement.ground_rules = ["Cancel a day ahead"]
    mentee.save()
    assert mentor.pull()
    assert mentor.workbook.agreement.ground_rules == ["Cancel a day ahead"]
    assert load_workbook(mentor.path).agreement.ground_rules == ["Cancel a day ahead"]
    assert load_workbook(mentee.path).agreement.ground_rules == ["Cancel a day ahead"]


def test_log_entries_added_at_once_on_both_sides_both_stay(pair):
    mentor, mentee, _ = pair
    mentor.workbook.log.append(LogEntry(activity="from the mentor", author="Ada Mentor", author_role="mentor"))
    mentee.workbook.log.append(LogEntry(activity="from the mentee", author="Sam Mentee", author_role="mentee"))
    mentor.save()
    mentee.save()  # saved from a copy that has not seen the mentor's entry
    mentor.pull()
    for side in (mentor, mentee):
        assert {(e.activity, e.author) for e in side.workbook.log} == {
            ("from the mentor", "Ada Mentor"), ("from the mentee", "Sam Mentee")}


def test_the_record_and_the_partner_never_hold_private_parts(pair):
    mentor, mentee, _ = pair
    mentor.workbook.set_reflection("module:goals", PRIVATE + " mentor again")
    mentor.workbook.trap_checks["rescuer"] = True
    mentor.save()
    mentee.pull()
    record_text = mentor.record_path().read_text(encoding="utf-8")
    assert PRIVATE not in record_text and "rescuer" not in record_text
    assert f"{PRIVATE} Ada" not in mentee.path.read_text(encoding="utf-8")
    assert mentee.workbook.reflection("module:goals") == ""


def test_a_second_page_of_a_paired_person_follows_the_record(pair, room):
    mentor, mentee, _ = pair
    second = room.page(mentor.code)
    assert second.paired and second.partner().name == "Sam Mentee"
    mentee.workbook.plan.append(PlanRow(goal_and_timeline="Chair a meeting by June"))
    mentee.save()
    assert second.pull()
    assert [r.goal_and_timeline for r in second.workbook.plan] == ["Chair a meeting by June"]


def test_invitations_refuse_guessed_used_expired_and_own_codes(room, pair):
    _mentor, _mentee, invitation = pair
    third, _ = room.person("Third Person", "mentee")
    with pytest.raises(InvitationError, match="already been used"):
        accept(third, invitation.code)
    with pytest.raises(InvitationError, match="No invitation"):
        accept(third, "pair-2345-6789-abcd")
    with pytest.raises(InvitationError, match="does not look like an invitation"):
        accept(third, "../../workbooks/x")
    fourth, _ = room.person("Fourth Person", "mentor")
    later = invite(fourth)
    with pytest.raises(InvitationError, match="expired"):
        accept(third, later.code, now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=8))
    with pytest.raises(InvitationError, match="your own invitation"):
        accept(fourth, later.code)
    assert third.workbook.partnership is None
    accept(third, later.code)  # still unused after the refusals
    assert third.partner().name == "Fourth Person"


def test_someone_already_paired_cannot_pair_again(pair):
    mentor, _mentee, _ = pair
    with pytest.raises(PartnershipError, match="already paired with Sam Mentee"):
        invite(mentor)


def test_invitation_codes_are_random_and_private(room):
    person, _ = room.person("Ada", "mentor")
    codes = {invite(person).code for _ in range(20)}
    assert len(codes) == 20
    folder = room.root / "invitations"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir() if not p.name.startswith("."))


def test_unpairing_keeps_a_copy_for_each_and_the_record_for_the_other(pair):
    mentor, mentee, _ = pair
    mentee.workbook.log.append(LogEntry(activity="met"))
    mentee.save()
    mentee.unpair()
    assert mentee.workbook.partnership is None and [e.activity for e in mentee.workbook.log] == ["met"]
    assert load_workbook(mentee.path).partnership is None
    mentor.pull()
    assert mentor.paired and mentor.partner() is None
    assert [e.activity for e in mentor.workbook.log] == ["met"]
    mentee.workbook.log.append(LogEntry(activity="alone now"))
    mentee.save()
    mentor.pull()
    assert [e.activity for e in mentor.workbook.log] == ["met"]


# -- signatures -------------------------------------------------------------


def test_a_signature_goes_out_of_date_when_a_clause_changes_and_says_which(pair):
    mentor, mentee, _ = pair
    mentor.workbook.agreement.mentor = sign(mentor.workbook.agreement, "Ada Mentor")
    mentor.save()
    mentee.pull()
    mentee.workbook.agreement.mentee = sign(mentee.workbook.agreement, "Sam Mentee")
    mentee.save()
    mentor.pull()
    for side in (mentor, mentee):
        assert signature_state(side.workbook.agreement, "mentor").current
        assert signature_state(side.workbook.agreement, "mentee").current
    mentee.workbook.agreement.confidentiality_meaning = "Nothing leaves the room"
    mentee.save()
    mentor.pull()
    state = signature_state(mentor.workbook.agreement, "mentor")
    assert state.signed and not state.current and state.changed == ("confidentiality_meaning",)
    assert "what confidentiality means changed" in state.message


agreements = st.builds(
    Agreement, goals=st.lists(st.text(max_size=20), max_size=3), learning_opportunities=st.text(max_size=30),
    confidentiality_meaning=st.text(max_size=30), ground_rules=st.lists(st.text(max_size=20), max_size=3),
    feedback_method=st.text(max_size=30), log_method=st.text(max_size=30))


@settings(max_examples=60, deadline=None)
@given(agreements, st.sampled_from(sorted(CLAUSES)), st.text(min_size=1, max_size=20))
def test_any_change_to_a_clause_is_caught_and_named(agreement, clause, extra):
    agreement.mentor = sign(agreement, "Ada")
    assert signature_state(agreement, "mentor").current
    before = clause_digests(agreement)
    if clause == "schedule":
        agreement.schedule.location += extra
    elif clause in ("goals", "ground_rules"):
        getattr(agreement, clause).append(extra)
    else:
        setattr(agreement, clause, getattr(agreement, clause) + extra)
    state = signature_state(agreement, "mentor")
    assert not state.current and state.changed == (clause,)
    assert clause_digests(agreement)[clause] != before[clause]


@settings(max_examples=30, deadline=None)
@given(agreements, st.text(min_size=1, max_size=20))
def test_signatures_do_not_change_the_digest_they_cover(agreement, name):
    digest = agreement_digest(agreement)
    agreement.mentee = sign(agreement, name)
    agreement.mentor = sign(agreement, "Ada")
    assert agreement_digest(agreement) == digest
    assert signature_state(agreement, "mentee").current == bool(name.split())


# -- file exchange ------------------------------------------------------------


def _record(**shared) -> Partnership:
    return Partnership(id="0123456789abcdef", **shared)


def test_exchange_merges_by_item_and_never_overwrites():
    base = _record(log=[LogEntry(id="a" * 12, activity="first")])
    base.exchanged = {"agreement": base.to_dict(complete=True)["agreement"], "plan": [],
                      "log": base.to_dict(complete=True)["log"], "partners": []}
    mine = Partnership.from_dict(base.to_dict(complete=True))
    theirs = Partnership.from_dict(base.to_dict(complete=True))
    mine.log.append(LogEntry(id="b" * 12, activity="mine"))
    theirs.log.append(LogEntry(id="c" * 12, activity="theirs"))
    mine.agreement.feedback_method = "monthly review"
    theirs.agreement.feedback_method = "weekly review"
    theirs.agreement.log_method = "the mentee keeps it"
    merged, notes = exchange_merge(mine, theirs)
    assert sorted(e.activity for e in merged.log) == ["first", "mine", "theirs"]
    assert merged.agreement.feedback_method == "monthly review"  # the local value is kept …
    assert merged.agreement.log_method == "the mentee keeps it"
    assert any("weekly review" in n for n in notes)  # … and the imported one is reported


def test_exchange_refuses_another_partnership():
    with pytest.raises(PartnershipError, match="another partnership"):
        exchange_merge(_record(), Partnership(id="fedcba9876543210"))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=10), max_size=4), st.lists(st.text(max_size=10), max_size=4))
def test_exchange_keeps_every_entry_added_on_either_side(mine_added, theirs_added):
    mine, theirs = _record(), _record()
    mine.log = [LogEntry(activity=a) for a in mine_added]
    theirs.log = [LogEntry(activity=a) for a in theirs_added]
    merged, _ = exchange_merge(mine, theirs)
    assert {e.id for e in merged.log} == {e.id for e in mine.log} | {e.id for e in theirs.log}
    again, _ = exchange_merge(merged, theirs)  # importing the same file twice adds nothing
    assert {e.id for e in again.log} == {e.id for e in merged.log}


def test_a_damaged_record_is_reported_and_left_alone(pair):
    mentor, mentee, _ = pair
    path = mentor.record_path()
    path.write_text("{ not json", encoding="utf-8")
    os.utime(path, None)
    mentor.workbook.log.append(LogEntry(activity="typed"))
    mentor.save()
    assert "shared record of your partnership cannot be used" in mentor.problem
    assert "your partner does not see" in mentor.problem
    assert path.read_text(encoding="utf-8") == "{ not json"  # left as it is
    assert [e.activity for e in load_workbook(mentor.path).log] == ["typed"]  # kept in the workbook meanwhile
    path.unlink()
    (path.parent / (path.name + ".bak")).rename(path)  # the trainer puts the last good copy back
    mentor.workbook.log.append(LogEntry(activity="later"))
    mentor.save()
    mentee.pull()
    assert [e.activity for e in mentee.workbook.log] == ["typed", "later"]


def test_printable_agreement_names_both_partners_and_both_signature_states(pair):
    from mentoringkit.exports import agreement_markdown

    mentor, mentee, _ = pair
    mentor.workbook.agreement.mentor = sign(mentor.workbook.agreement, "Ada Mentor")
    mentor.save()
    mentee.pull()
    mentee.save()
    text = agreement_markdown(mentee.workbook, mentee.curriculum)
    assert "Ada Mentor" in text and "Sam Mentee" in text
    assert "Signed by the mentor." in text and "Not yet signed by the mentee." in text
    assert PRIVATE not in text


def test_a_version_3_workbook_loads_unpaired():
    from mentoringkit.workbook import SCHEMA_VERSION, Workbook

    old = {"schema_version": 3, "profile": {"name": "Ola"}, "log": [{"id": "a" * 12, "activity": "met"}]}
    workbook = Workbook.from_dict(old)
    assert workbook.partnership is None and workbook.log[0].author == "" and SCHEMA_VERSION == 4


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["mentor", "mentee", "mentor-tab"]),
                          st.sampled_from(["log", "plan", "private", "look"])), min_size=1, max_size=12))
def test_split_saves_in_any_order_lose_nothing_and_leak_nothing(cur, tmp_path_factory, steps):
    room_dir = tmp_path_factory.mktemp("room")
    store = WorkbookStore(room_dir / "workbooks")

    def person(name, role):
        page = open_session(curriculum=cur, store=store, environ=VOILA)
        page.set_profile(participant=name, role=role)
        page.start_new_code()
        return page

    pages = {"mentor": person("Ada", "mentor"), "mentee": person("Sam", "mentee")}
    accept(pages["mentee"], invite(pages["mentor"]).code)
    pages["mentor-tab"] = open_session(code=pages["mentor"].code, curriculum=cur, store=store, environ=VOILA)
    added: dict[str, set[str]] = {"log": set(), "plan": set()}
    for n, (who, what) in enumerate(steps):
        page = pages[who]
        if what == "log":
            entry = LogEntry(activity=f"{who} {n}")
            page.workbook.log.append(entry)
            added["log"].add(entry.id)
        elif what == "plan":
            row = PlanRow(goal_and_timeline=f"{who} {n}")
            page.workbook.plan.append(row)
            added["plan"].add(row.id)
        elif what == "private":
            page.workbook.set_reflection(f"module:m{n}", f"{PRIVATE}-{who}-{n}")
        if what != "look":
            page.save()
        else:
            page.pull()
    for page in pages.values():
        page.pull()
    for who, page in pages.items():
        assert {e.id for e in page.workbook.log} == added["log"], who
        assert {r.id for r in page.workbook.plan} == added["plan"], who
    record_text = pages["mentor"].record_path().read_text(encoding="utf-8")
    mentee_text = pages["mentee"].path.read_text(encoding="utf-8")
    assert PRIVATE not in record_text
    assert f"{PRIVATE}-mentor" not in mentee_text and f"{PRIVATE}-mentor-tab" not in mentee_text


def test_the_printed_plan_carries_the_mentors_comment():
    from mentoringkit.exports import plan_markdown
    from mentoringkit.workbook import Workbook

    workbook = Workbook(plan=[PlanRow(goal_and_timeline="Chair the June review", mentor_comment="Ask Lee first")])
    assert "Mentor's comment: \u2068Ask Lee first\u2069" in plan_markdown(workbook)  # isolated, as typed


def test_two_tabs_of_a_paired_person_never_collide_over_the_workbooks_copy(pair, room):
    mentor, mentee, _ = pair
    tab = room.page(mentor.code)
    mentor.workbook.agreement.feedback_method = "from the first tab"
    mentor.save()
    mentee.workbook.agreement.log_method = "from the mentee"
    mentee.save()
    tab.workbook.agreement.learning_opportunities = "from the second tab"  # a copy that has seen neither
    tab.save()
    mentor.pull()
    for page in (mentor, tab):
        a = page.workbook.agreement
        assert (a.feedback_method, a.log_method, a.learning_opportunities) == (
            "from the first tab", "from the mentee", "from the second tab")
        assert not page.page_notices  # different clauses: nothing was replaced, nobody is told otherwise
    on_disk = load_workbook(mentor.path).agreement
    assert on_disk.learning_opportunities == "from the second tab" and on_disk.log_method == "from the mentee"
