"""The Mentoring Log: checking an entry before it goes in, keeping the log in date order, and a summary."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from mentoringkit.completeness import Gap, is_blank
from mentoringkit.smart_goal import format_date
from mentoringkit.workbook import LogEntry, Workbook

__all__ = ["MAX_MINUTES", "LogSummary", "add_entry", "check_entry", "log_summary"]

#: One entry records one activity; more than a day of it is a typing slip.
MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class LogSummary:
    """How much the log holds: entries, minutes recorded, the first and last dates, the longest quiet spell."""

    count: int
    total_minutes: int  # entries without a duration add nothing
    first: dt.date | None
    last: dt.date | None
    longest_gap_days: int | None  # between consecutive dated entries; None with fewer than two dates


def check_entry(entry: LogEntry, today: dt.date | None = None) -> list[Gap]:
    """What stops an entry going into the log: no date, a date after today, no activity, an odd duration."""
    today = today or dt.date.today()
    gaps = []
    if entry.date is None:
        gaps.append(Gap("date", "Give the date of the activity."))
    elif entry.date > today:
        gaps.append(Gap("date", f"{format_date(entry.date)} is after today: the log records what has happened. "
                                "Put future meetings in the agreement's schedule instead."))
    if is_blank(entry.activity):
        gaps.append(Gap("activity", "Say what the activity was, such as 'monthly meeting by video' or "
                                    "'shadowed my mentor at the budget committee'."))
    minutes = entry.duration_minutes
    if minutes is not None and minutes <= 0:
        gaps.append(Gap("duration_minutes", f"The duration must be a positive number of minutes (it is {minutes}); "
                                            "leave it empty if you did not keep track."))
    elif minutes is not None and minutes > MAX_MINUTES:
        gaps.append(Gap("duration_minutes", f"{minutes} minutes is more than a day; split it into one entry per "
                                            "day, or check the number."))
    return gaps


def add_entry(workbook: Workbook, entry: LogEntry, today: dt.date | None = None) -> list[Gap]:
    """Add the entry to the log if it passes ``check_entry``; return the gaps (empty when it was added).

    The log stays in date order; entries of the same day keep the order they were added in.
    """
    if any(e.id == entry.id for e in workbook.log):
        return [Gap("id", "This entry is already in the log.")]
    gaps = check_entry(entry, today=today)
    if gaps:
        return gaps
    workbook.log.append(entry)
    workbook.log.sort(key=lambda e: e.date or dt.date.min)  # stable: same-day entries keep their order
    return []


def log_summary(log: list[LogEntry]) -> LogSummary:
    """Count, minutes and dates of a log, in any order; undated entries count but have no place in time."""
    dates = sorted(e.date for e in log if e.date is not None)
    total = sum(e.duration_minutes for e in log if e.duration_minutes and e.duration_minutes > 0)
    gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
    return LogSummary(count=len(log), total_minutes=total, first=dates[0] if dates else None,
                      last=dates[-1] if dates else None, longest_gap_days=max(gaps) if gaps else None)
