"""The one date reader: every accepted form reads back to the day it was written from, and what it cannot
read gets a message saying what to type."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoringkit.model.dates import (
    DateNotUnderstood,
    date_hint,
    date_in_words,
    order_for_browser,
    order_for_locale,
    read_date,
)
from mentoringkit.model.text import FSI, PDI

TODAY = dt.date(2026, 11, 25)  # a Wednesday
MONTH = list(calendar.month_name)
ABBR = list(calendar.month_abbr)


def day_of(text: str, order: str = "dmy", today: dt.date = TODAY) -> dt.date:
    understood = read_date(text, today, order)  # type: ignore[arg-type]
    assert understood is not None
    return understood.date


@pytest.mark.parametrize(("typed", "expected"), [
    ("2027-03-31", dt.date(2027, 3, 31)),
    ("  2027-3-5 ", dt.date(2027, 3, 5)),
    ("31/03/2027", dt.date(2027, 3, 31)),     # only one reading, so it is read whatever the order
    ("03/31/2027", dt.date(2027, 3, 31)),
    ("03/04/2027", dt.date(2027, 4, 3)),      # day first, the course default
    ("31.3.27", dt.date(2027, 3, 31)),
    ("31 March 2027", dt.date(2027, 3, 31)),
    ("March 31, 2027", dt.date(2027, 3, 31)),
    ("31st Jan 2027", dt.date(2027, 1, 31)),
    ("the 2nd of February 2027", dt.date(2027, 2, 2)),
    ("Sept 1 2027", dt.date(2027, 9, 1)),
    ("Wednesday 31 March 2027", dt.date(2027, 3, 31)),
    ("Jan 2027", dt.date(2027, 1, 31)),       # a month alone means its last day, and the echo says so
    ("31 Jan", dt.date(2027, 1, 31)),         # no year: the next 31 January
    ("25 November", dt.date(2026, 11, 25)),   # ... which may be today
    ("today", TODAY), ("Tomorrow", dt.date(2026, 11, 26)), ("yesterday", dt.date(2026, 11, 24)),
    ("next Tuesday", dt.date(2026, 12, 1)), ("Wednesday", dt.date(2026, 12, 2)),
    ("last Friday", dt.date(2026, 11, 20)),
    ("in 3 weeks", dt.date(2026, 12, 16)), ("in three months", dt.date(2027, 2, 25)),
    ("in a fortnight", dt.date(2026, 12, 9)), ("2 days ago", dt.date(2026, 11, 23)),
    ("3 weeks from now", dt.date(2026, 12, 16)),
    ("end of June", dt.date(2027, 6, 30)), ("end of June 2028", dt.date(2028, 6, 30)),
    ("end of the month", dt.date(2026, 11, 30)), ("end of next month", dt.date(2026, 12, 31)),
    ("end of the year", dt.date(2026, 12, 31)), ("start of next month", dt.date(2026, 12, 1)),
])
def test_readable_dates(typed: str, expected: dt.date) -> None:
    assert day_of(typed) == expected


def test_blank_is_no_date() -> None:
    assert read_date("  ", TODAY) is None and read_date("", TODAY) is None


def test_the_course_order_decides_only_ambiguous_dates() -> None:
    assert day_of("03/04/2027", "mdy") == dt.date(2027, 3, 4)
    assert day_of("31/03/2027", "mdy") == day_of("03/31/2027", "dmy") == dt.date(2027, 3, 31)
    with pytest.raises(DateNotUnderstood, match="could be 3 April or March 4"):
        read_date("03/04/2027", TODAY, "ymd")
    assert day_of("04/04/2027", "ymd") == dt.date(2027, 4, 4)


def test_the_echo_spells_out_the_day() -> None:
    assert read_date("31/03/2027", TODAY).words == "Wednesday 31 March 2027"
    assert read_date("31/03/2027", TODAY, "mdy").words == "Wednesday, March 31, 2027"
    assert "03/31/2027" in date_hint("mdy") and "31/03/2027" in date_hint("dmy")


@pytest.mark.parametrize(("typed", "words"), [
    ("2027-02-30", "February 2027 has 28 days"),
    ("29/02/2027", "February 2027 has 28 days"),
    ("2027-13-01", "months run from 1 to 12"),
    ("13/13/2027", "no month 13"),
    ("30 Febtember 2027", "“febtember” is not a month name"),
    ("Tuesday 31 March 2027", "31 March 2027 is a Wednesday, not a Tuesday"),
    ("31/3/207", "four digits"),
    ("1 May 20277", "is not a date"),
    ("soon", "not a date this page can read"),
    ("next week", "not a date this page can read"),
    ("in many weeks", "“many” is not a number"),
    ("<script>alert(1)</script>", "not a date"),
])
def test_unreadable_dates_say_why(typed: str, words: str) -> None:
    with pytest.raises(DateNotUnderstood) as caught:
        read_date(typed, TODAY)
    assert re.search(words, str(caught.value).replace(FSI, "").replace(PDI, ""))  # typed text comes isolated


def test_typed_text_is_quoted_in_an_isolate_so_an_override_cannot_reverse_the_message() -> None:
    with pytest.raises(DateNotUnderstood) as caught:
        read_date("\u202esoon", TODAY)
    message = str(caught.value)
    assert message.startswith(f"“{FSI}soon{PDI}”") and "\u202e" not in message


def test_hostile_text_is_quoted_short_and_without_direction_marks() -> None:
    with pytest.raises(DateNotUnderstood) as caught:
        read_date("\u202e" + "x" * 5000, TODAY)
    message = str(caught.value)
    assert "\u202e" not in message and len(message) < 300
    assert day_of("\u202e31/03/2027\u202c") == dt.date(2027, 3, 31)


# -- round trips: every form, written from a date, reads back to that date ------------------------------

DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31))
ORDERS = st.sampled_from(["dmy", "mdy", "ymd"])


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def written_forms(d: dt.date, order: str) -> list[str]:
    forms = [d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"{d.day} {MONTH[d.month]} {d.year}",
             f"{d.day}{_suffix(d.day)} {ABBR[d.month]} {d.year}", f"{MONTH[d.month]} {d.day}, {d.year}",
             f"{ABBR[d.month].upper()} {d.day}{_suffix(d.day)} {d.year}", f"the {d.day} of {MONTH[d.month]} {d.year}",
             date_in_words(d, "dmy"), date_in_words(d, "mdy")]
    if order == "dmy" or d.day > 12 or d.day == d.month:
        forms += [f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day}.{d.month}.{d.year}"]
    if order == "mdy" or d.day > 12 or d.day == d.month:
        forms += [f"{d.month}/{d.day}/{d.year}", f"{d.month:02d}-{d.day:02d}-{d.year}"]
    return forms


@settings(max_examples=300, deadline=None)
@given(day=DATES, order=ORDERS, today=DATES)
def test_every_written_form_reads_back(day: dt.date, order: str, today: dt.date) -> None:
    for form in written_forms(day, order):
        understood = read_date(form, today, order)  # type: ignore[arg-type]
        assert understood is not None and understood.date == day, form
        assert read_date(understood.words, today, order).date == day  # the echo itself reads back


@settings(max_examples=200, deadline=None)
@given(today=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2140, 12, 31)),
       n=st.integers(min_value=0, max_value=400), unit=st.sampled_from(["day", "week"]))
def test_in_n_days_and_weeks_read_back(today: dt.date, n: int, unit: str) -> None:
    days = n * (7 if unit == "week" else 1)
    assert day_of(f"in {n} {unit}{'s' if n != 1 else ''}", today=today) == today + dt.timedelta(days=days)
    assert day_of(f"{n} {unit}s ago", today=today) == today - dt.timedelta(days=days)


@settings(max_examples=200, deadline=None)
@given(today=DATES, weekday=st.integers(min_value=0, max_value=6))
def test_next_weekday_is_the_first_such_day_after_today(today: dt.date, weekday: int) -> None:
    name = calendar.day_name[weekday]
    got = day_of(f"next {name}", today=today)
    assert got.weekday() == weekday and 1 <= (got - today).days <= 7
    back = day_of(f"last {name.lower()}", today=today)
    assert back.weekday() == weekday and 1 <= (today - back).days <= 7


@settings(max_examples=200, deadline=None)
@given(today=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 1, 1)),
       month=st.integers(min_value=1, max_value=12))
def test_end_of_a_month_is_its_last_day_not_yet_past(today: dt.date, month: int) -> None:
    got = day_of(f"end of {MONTH[month]}", today=today)
    assert got.month == month and (got + dt.timedelta(days=1)).day == 1
    assert dt.timedelta(0) <= got - today < dt.timedelta(days=366)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), today=DATES, order=ORDERS)
def test_any_text_is_a_date_or_a_clear_message(text: str, today: dt.date, order: str) -> None:
    try:
        understood = read_date(text, today, order)  # type: ignore[arg-type]
    except DateNotUnderstood as problem:
        assert str(problem).strip() and len(str(problem)) < 400
    else:
        assert understood is None or understood.words


@settings(max_examples=200, deadline=None)
@given(today=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2140, 12, 31)),
       n=st.integers(min_value=0, max_value=60))
def test_in_n_months_keeps_the_day_or_the_months_last_day(today: dt.date, n: int) -> None:
    got = day_of(f"in {n} month{'s' if n != 1 else ''}", today=today)
    months = (got.year - today.year) * 12 + got.month - today.month
    assert months == n
    assert got.day == min(today.day, calendar.monthrange(got.year, got.month)[1])


@settings(max_examples=200, deadline=None)
@given(today=DATES, day=DATES)
def test_a_month_and_year_means_its_last_day_and_the_plain_words_mean_what_they_say(today: dt.date,
                                                                                    day: dt.date) -> None:
    last = calendar.monthrange(day.year, day.month)[1]
    assert day_of(f"{MONTH[day.month]} {day.year}", today=today) == day.replace(day=last)
    assert day_of(f"{ABBR[day.month]} {day.year}", today=today) == day.replace(day=last)
    assert day_of(f"end of {MONTH[day.month]} {day.year}", today=today) == day.replace(day=last)
    assert day_of("today", today=today) == today
    assert day_of("tomorrow", today=today) == today + dt.timedelta(days=1)
    assert day_of("yesterday", today=today) == today - dt.timedelta(days=1)
    assert day_of("end of the month", today=today) == today.replace(
        day=calendar.monthrange(today.year, today.month)[1])
    assert day_of("end of the year", today=today) == dt.date(today.year, 12, 31)


# ---------------------------------------------------------------------------
# The order a browser language writes dates in (used where course.yml sets no date_order)


@pytest.mark.parametrize(("tag", "order"), [
    ("en-US", "mdy"), ("en-us", "mdy"), ("en_US", "mdy"), ("es-US", "mdy"), ("en-PH", "mdy"),
    ("en-GB", "dmy"), ("en-AU", "dmy"), ("en-IN", "dmy"), ("en-IE", "dmy"), ("fr", "dmy"), ("fr-FR", "dmy"),
    ("de-DE", "dmy"), ("es", "dmy"), ("es-419", "dmy"), ("pt-BR", "dmy"), ("ar-EG", "dmy"), ("he", "dmy"),
    ("ja", "ymd"), ("ja-JP", "ymd"), ("zh-Hant-TW", "ymd"), ("ko-KR", "ymd"), ("sv-SE", "ymd"), ("en-CA", "ymd"),
    ("en", None), ("*", None), ("", None), ("not a tag", None), ("\u202een-US", None),
])
def test_each_browser_language_reads_numeric_dates_in_its_own_order(tag, order):
    assert order_for_locale(tag) == order


@pytest.mark.parametrize(("header", "order"), [
    ("en-US,en;q=0.9", "mdy"),
    ("en-GB,en;q=0.9", "dmy"),
    ("en,en-GB;q=0.8", "dmy"),                # a bare "en" says nothing; the next choice does
    ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7", "dmy"),
    ("en-US;q=0.5,en-GB", "dmy"),             # the most preferred wins, wherever it is listed
    ("en;q=0.9,*;q=0.1", None),
    ("", None),
    ("en-US;q=0", None),                      # q=0 means "not this one"
])
def test_the_browser_accept_language_header_picks_the_order(header, order):
    assert order_for_browser(header) == order


def test_an_ambiguous_date_is_echoed_as_the_day_each_order_understood():
    assert date_in_words(day_of("03/04/2027", order_for_locale("en-GB"))) == "Saturday 3 April 2027"
    mdy = order_for_locale("en-US")
    assert date_in_words(day_of("03/04/2027", mdy), mdy) == "Thursday, March 4, 2027"
    with pytest.raises(DateNotUnderstood, match="could be 3 April or March 4"):
        day_of("03/04/2027", order_for_locale("ja-JP"))
    for order in ("dmy", "mdy", "ymd"):  # ISO and unambiguous dates read the same everywhere
        assert day_of("2027-04-03", order) == dt.date(2027, 4, 3)
        assert day_of("31/03/2027", order) == dt.date(2027, 3, 31)
