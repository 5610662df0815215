"""The mentoring log's rules: entry checks, date order, summary."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoringkit.mentoring_log import LogSummary, add_entry, check_entry, log_summary
from mentoringkit.workbook import LogEntry, Workbook

TODAY = dt.date(2025, 3, 10)


def entry(day: dt.date | None = dt.date(2025, 3, 3), activity: str = "Monthly meeting by video",
          minutes: int | None = 45) -> LogEntry:
    return LogEntry(date=day, activity=activity, duration_minutes=minutes)


def test_a_good_entry_passes() -> None:
    assert check_entry(entry(), today=TODAY) == []
    assert check_entry(entry(day=TODAY, minutes=None), today=TODAY) == []


@pytest.mark.parametrize(("bad", "field", "words"), [
    (entry(day=None), "date", "Give the date"),
    (entry(day=dt.date(2025, 3, 11)), "date", "after today"),
    (entry(activity="   "), "activity", "Say what the activity was"),
    (entry(activity=""), "activity", "Say what the activity was"),
    (entry(minutes=0), "duration_minutes", "positive number of minutes"),
    (entry(minutes=-30), "duration_minutes", "positive number of minutes"),
    (entry(minutes=24 * 60 + 1), "duration_minutes", "more than a day"),
])
def test_bad_entries_are_named_by_field(bad: LogEntry, field: str, words: str) -> None:
    [gap] = check_entry(bad, today=TODAY)
    assert gap.field == field and words in gap.message


def test_add_entry_refuses_bad_ones_and_keeps_date_order() -> None:
    wb = Workbook()
    assert add_entry(wb, entry(activity=""), today=TODAY)[0].field == "activity"
    assert wb.log == []
    late, early, same_day = entry(dt.date(2025, 3, 3), "late"), entry(dt.date(2025, 2, 1), "early"), \
        entry(dt.date(2025, 3, 3), "same day, added later")
    for e in (late, early, same_day):
        assert add_entry(wb, e, today=TODAY) == []
    assert [e.activity for e in wb.log] == ["early", "late", "same day, added later"]


def test_the_same_entry_is_not_added_twice() -> None:
    wb = Workbook()
    e = entry()
    assert add_entry(wb, e, today=TODAY) == []
    gaps = add_entry(wb, e, today=TODAY)
    assert gaps and "already in the log" in gaps[0].message and len(wb.log) == 1


def test_summary() -> None:
    log = [entry(dt.date(2025, 3, 24), minutes=90), entry(dt.date(2025, 1, 6), minutes=None),
           entry(dt.date(2025, 3, 3), minutes=45), entry(None, minutes=30)]
    assert log_summary(log) == LogSummary(count=4, total_minutes=165, first=dt.date(2025, 1, 6),
                                          last=dt.date(2025, 3, 24), longest_gap_days=56)


def test_summary_of_an_empty_or_single_log() -> None:
    assert log_summary([]) == LogSummary(0, 0, None, None, None)
    assert log_summary([entry()]).longest_gap_days is None


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "x" * 100_000, "🙂", "שלום", "=HYPERLINK(1)"])
def test_any_activity_text_is_accepted(text: str) -> None:
    assert check_entry(entry(activity=text), today=TODAY) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.builds(LogEntry, date=st.one_of(st.none(), st.dates(max_value=TODAY)), activity=st.text(),
                          duration_minutes=st.one_of(st.none(), st.integers(-100, 3000))), max_size=15))
def test_the_log_stays_sorted_whatever_is_added(entries: list[LogEntry]) -> None:
    wb = Workbook()
    for e in entries:
        added = not add_entry(wb, e, today=TODAY)
        assert added == (e in wb.log)
    dates = [e.date for e in wb.log]
    assert None not in dates and dates == sorted(dates)
    summary = log_summary(wb.log)
    assert summary.count == len(wb.log) and summary.total_minutes >= 0
