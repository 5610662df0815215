"""Dates, times and counts typed into fields: read strictly, with messages that say what to fix."""

from __future__ import annotations

import datetime as dt

import pytest

from mentoringkit.widgets.typed_fields import DateField, parse_count, parse_date_text, parse_time_text


@pytest.mark.parametrize(("typed", "expected"), [
    ("2025-03-31", dt.date(2025, 3, 31)),
    ("  2025-3-5 ", dt.date(2025, 3, 5)),
    ("31 March 2025", dt.date(2025, 3, 31)),
    ("31st Mar 2025", dt.date(2025, 3, 31)),
    ("March 31, 2025", dt.date(2025, 3, 31)),
    ("Sept 1 2025", dt.date(2025, 9, 1)),
    ("2024-02-29", dt.date(2024, 2, 29)),
    ("", None),
])
def test_readable_dates(typed: str, expected: dt.date | None) -> None:
    assert parse_date_text(typed) == expected


@pytest.mark.parametrize(("typed", "words"), [
    ("2025-02-30", "February 2025 has 28 days"),
    ("2025-02-29", "February 2025 has 28 days"),
    ("2025-13-01", "months run from 1 to 12"),
    ("30 Febtember 2025", "not a month name"),
    ("03/04/2025", "two different days"),
    ("next tuesday", "not a date"),
])
def test_unreadable_dates_say_why(typed: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_date_text(typed)


@pytest.mark.parametrize(("typed", "expected"), [
    ("14:30", dt.time(14, 30)), ("9.05", dt.time(9, 5)), ("2:30 pm", dt.time(14, 30)),
    ("12 am", dt.time(0, 0)), ("12pm", dt.time(12, 0)), ("", None),
])
def test_readable_times(typed: str, expected: dt.time | None) -> None:
    assert parse_time_text(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "14:75", "13 pm", "1430x", "14"])
def test_unreadable_times(typed: str) -> None:
    with pytest.raises(ValueError, match=typed):
        parse_time_text(typed)


def test_counts() -> None:
    assert parse_count(" 4 ", "interval") == 4
    with pytest.raises(ValueError, match="at least 1"):
        parse_count("0", "interval")
    with pytest.raises(ValueError, match="not a whole number"):
        parse_count("four", "interval")
    with pytest.raises(ValueError, match="at most 10"):
        parse_count("11", "interval", largest=10)


def test_date_field_keeps_what_was_typed() -> None:
    field = DateField("When", dt.date(2025, 5, 1))
    assert field.value == "2025-05-01" and field.date == dt.date(2025, 5, 1)
    field.value = "2025-02-30"
    date, problem = field.read()
    assert date is None and "28 days" in problem
    assert field.value == "2025-02-30"
