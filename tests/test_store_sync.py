"""Change-level saving between pages: two tabs, two module pages (each its own kernel and Session) on one
workbook file never erase each other's work; a real collision is reported to the page whose value was replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from mentoringkit.session import open_session
from mentoringkit.storage import load_workbook, sync_workbook
from mentoringkit.widgets.module_page import module_header
from mentoringkit.workbook import LogEntry, PlanRow, SmartGoal, Workbook


@pytest.fixture
def page(cur, tmp_path):
    """``page()`` opens another page (a new kernel's Session) on the same workbook file."""
    path = tmp_path / "workbooks" / "kite-aaaa-bbbb-cccc.json"

    def open_page():
        return open_session(workbook_path=str(path), curriculum=cur, environ={})

    return open_page


def on_disk(session) -> Workbook:
    return load_workbook(session.path)


def test_two_tabs_each_adding_a_goal_keep_both(page):
    a, b = page(), page()
    a.workbook.goals.append(SmartGoal(text="Lead a huddle"))
    a.save()
    b.workbook.goals.append(SmartGoal(text="Read two papers"))  # b has not seen a's goal yet
    b.save()
    assert [g.text for g in on_disk(a).goals] == ["Lead a huddle", "Read two papers"]
    # b took a's goal in on the way; a sees b's the next time it looks.
    assert [g.text for g in b.workbook.goals] == ["Lead a huddle", "Read two papers"]
    assert a.pull() and [g.text for g in a.workbook.goals] == ["Lead a huddle", "Read two papers"]


def test_items_keep_their_objects_when_changes_come_in(page):
    a, b = page(), page()
    a.workbook.plan.append(PlanRow(goal_and_timeline="Chair a meeting by June"))
    a.save()
    b.pull()
    row = b.workbook.plan[0]
    a.workbook.plan[0].success_measures = "Two meetings chaired"
    a.save()
    assert b.pull()
    assert b.workbook.plan[0] is row and row.success_measures == "Two meetings chaired"


def test_different_fields_of_one_item_edited_in_two_pages_both_stay(page):
    a, b = page(), page()
    a.workbook.log.append(LogEntry(activity="First meeting", date=dt.date(2027, 1, 5)))
    a.save()
    b.pull()
    a.workbook.log[0].notes = "Talked about goals"
    b.workbook.log[0].next_steps = "Draft the agreement"
    a.save()
    b.save()
    entry = on_disk(a).log[0]
    assert (entry.notes, entry.next_steps) == ("Talked about goals", "Draft the agreement")


def test_the_same_field_edited_in_two_pages_the_later_wins_and_the_earlier_page_is_told(page):
    a, b = page(), page()
    a.workbook.agreement.feedback_method = "Written notes"
    a.save()
    b.workbook.agreement.feedback_method = "A short call"  # b never saw "Written notes"
    b.save()
    assert on_disk(a).agreement.feedback_method == "A short call"
    assert b.notices() == []  # the page that won has nothing to be told
    a.pull()
    [notice] = a.page_notices
    assert "agreement" in notice.what and "feedback method" in notice.what
    assert notice.replaced == "Written notes" and notice.kept == "A short call"
    # Told once, on that page: the notice leaves the workbook, so another page or a reload does not repeat it.
    assert a.notices() == [] and on_disk(a).sync_notices == []
    header = module_header(a, "agreement").value
    assert "replaced by a later change made in another tab" in header and "Written notes" in header


def test_typing_on_in_one_field_keeps_one_notice_not_a_pile(page):
    a, b = page(), page()
    for i in range(5):
        a.workbook.closure.reason = f"a{i}"
        a.save()
        b.workbook.closure.reason = f"b{i}"
        b.save()
    assert len(on_disk(a).sync_notices) <= 2


def test_a_save_with_nothing_new_writes_nothing(page):
    a = page()
    a.workbook.profile.name = "Ines"
    a.save()
    before = os.stat(a.path).st_mtime_ns
    a.save()
    a.save()
    assert os.stat(a.path).st_mtime_ns == before


def test_a_workbook_deleted_behind_a_page_is_written_again_from_the_page(page):
    a = page()
    a.workbook.profile.name = "Ines"
    a.save()
    a.path.unlink()
    a.workbook.profile.organisation = "Ward 2"
    a.save()
    assert on_disk(a).profile.organisation == "Ward 2" and a.saved_ok


def test_sync_refuses_to_merge_into_a_damaged_file_and_leaves_it(tmp_path):
    path = tmp_path / "wb.json"
    path.write_text("{ not json", encoding="utf-8")
    wb = Workbook()
    with pytest.raises(Exception, match="not valid JSON"):
        sync_workbook(path, None, wb, "w1")
    assert path.read_text(encoding="utf-8") == "{ not json"


# ---------------------------------------------------------------------------
# Random interleavings of two writers: nothing either of them did is lost without a notice.


class TwoWriters(RuleBasedStateMachine):
    """Two pages on one file, doing things in any order. After both save and look again, every item either
    page added is on disk (unless removed and never edited elsewhere), and every field value a page wrote is
    either on disk or was replaced by the other page's later save, with a notice to the page that lost."""

    def __init__(self):
        super().__init__()
        self.tmp = Path(os.environ["MENTORINGKIT_DATA"]) / f"stateful-{id(self)}"

    @initialize()
    def open_pages(self):
        from mentoringkit.curriculum import load_curriculum

        path = self.tmp / "wb.json"
        cur = load_curriculum()
        self.pages = [open_session(workbook_path=str(path), curriculum=cur, environ={}) for _ in range(2)]
        self.added: dict[str, int] = {}  # goal id -> page that added it
        self.removed: set[str] = set()
        self.notes_written: list[tuple[int, str]] = []  # (page, value) for the agreement's log method
        self.ticked: set[str] = set()

    @rule(who=st.integers(0, 1), text=st.text(min_size=1, max_size=8))
    def add_goal(self, who, text):
        goal = SmartGoal(text=text)
        self.pages[who].workbook.goals.append(goal)
        self.added[goal.id] = who
        self.pages[who].save()

    @precondition(lambda self: any(p.workbook.goals for p in self.pages))
    @rule(who=st.integers(0, 1), data=st.data())
    def remove_goal(self, who, data):
        goals = self.pages[who].workbook.goals
        if goals:
            gone = goals.pop(data.draw(st.integers(0, len(goals) - 1)))
            self.removed.add(gone.id)
            self.pages[who].save()

    @precondition(lambda self: any(p.workbook.goals for p in self.pages))
    @rule(who=st.integers(0, 1), data=st.data(), text=st.text(max_size=8))
    def edit_goal(self, who, data, text):
        goals = self.pages[who].workbook.goals
        if goals:
            goals[data.draw(st.integers(0, len(goals) - 1))].measure = text
            self.pages[who].save()

    @rule(who=st.integers(0, 1), text=st.text(min_size=1, max_size=8))
    def write_log_method(self, who, text):
        if self.pages[who].workbook.agreement.log_method == text:
            return  # typing what the page already shows changes nothing, as in a browser
        self.pages[who].workbook.agreement.log_method = text
        self.pages[who].save()
        self.notes_written.append((who, text))

    @rule(who=st.integers(0, 1), task=st.sampled_from(["t1", "t2", "t3"]))
    def tick(self, who, task):
        self.pages[who].workbook.checklist[task] = dt.date(2027, 1, 1)
        self.pages[who].save()
        self.ticked.add(task)

    @rule(who=st.integers(0, 1))
    def look_again(self, who):
        self.pages[who].pull()

    @invariant()
    def nothing_added_is_lost(self):
        if not hasattr(self, "pages"):
            return
        disk = load_workbook(self.pages[0].path) if self.pages[0].path.exists() else Workbook()
        ids = {g.id for g in disk.goals}
        missing = set(self.added) - self.removed - ids
        assert not missing, f"goals added and never removed are gone: {missing}"
        # Every page's own copy is at least as complete as it was: what it shows is what it saved merged.
        for page in self.pages:
            assert page.saved_ok, page.problem

    def teardown(self):
        if not hasattr(self, "pages"):
            return
        for page in self.pages:
            page.pull()
        disk = load_workbook(self.pages[0].path)
        for page in self.pages:
            assert json.dumps(page.workbook.to_dict(complete=True)["goals"]) == \
                json.dumps(disk.to_dict(complete=True)["goals"]), "a page that looked again shows what is saved"
        if self.notes_written:
            _page, last_value = self.notes_written[-1]
            assert disk.agreement.log_method == last_value, "the latest save of a field wins"
        assert set(disk.checklist) == self.ticked, "every tick from either page is kept"


TwoWriters.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None,
                                        suppress_health_check=[HealthCheck.too_slow])
test_two_writers_never_lose_a_change = TwoWriters.TestCase
