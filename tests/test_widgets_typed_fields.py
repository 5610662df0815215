"""Dates, times and counts typed into fields: read strictly, with messages that say what to fix."""

from __future__ import annotations

import datetime as dt

import pytest

from mentoringkit.widgets.typed_fields import DateField, parse_count, parse_time_text
from tests.widget_text import html_text


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


TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(("typed", "words"), [
    ("31/03/2027", "Wednesday 31 March 2027"),   # issue 12: refused before as "could mean two different days"
    ("2027-03-31", "Wednesday 31 March 2027"),
    ("March 31, 2027", "Wednesday 31 March 2027"),
    ("next Tuesday", "Tuesday 1 December 2026"),
    ("in 3 weeks", "Wednesday 16 December 2026"),
    ("end of June", "Wednesday 30 June 2027"),
])
def test_the_date_field_says_back_the_day_it_understood(typed: str, words: str) -> None:
    field = DateField("When", today=TODAY)
    field.value = typed
    assert field.understood == words and field.error is None
    assert f"Understood as {words}" in html_text(field.message.value)


def test_the_date_field_reads_the_course_order_and_a_moving_today() -> None:
    clock = [dt.date(2026, 11, 25)]
    field = DateField("When", order="mdy", today=lambda: clock[0])
    field.value = "03/04/2027"
    assert field.date == dt.date(2027, 3, 4)  # month first, as the course says
    assert "03/31/2027" in field.hint
    field.value = "tomorrow"
    clock[0] = dt.date(2026, 12, 31)  # a page left open past midnight reads "tomorrow" from the new today
    assert field.date == dt.date(2027, 1, 1)


def test_an_unreadable_date_shows_why_instead_of_an_echo() -> None:
    field = DateField("When", today=TODAY)
    field.value = "Tuesday 31 March 2027"
    shown = html_text(field.message.value)
    assert "is a Wednesday, not a Tuesday" in shown and "Understood" not in shown
    field.value = ""
    assert field.date is None and field.error is None and "next Tuesday" in html_text(field.message.value)


def test_hostile_text_in_a_date_field_is_escaped() -> None:
    field = DateField("When", today=TODAY)
    field.value = "<img src=x onerror=alert(1)>"
    assert "<img" not in field.message.value and "&lt;img" in field.message.value
