"""Read a date the way people type it, and say back in words which day was understood.

One reader for every date field: ISO (2027-03-31), numeric dates in the course's order (day first by
default), month names (31 March 2027, March 31 2027, 31st Jan), and phrases relative to today (tomorrow,
next Tuesday, in 3 weeks, end of June, end of the month). A slashed date that can only be one day
(31/03/2027) is read whatever the order. Anything else gets a message that says what to type instead.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["DATE_ORDERS", "DateNotUnderstood", "DateOrder", "UnderstoodDate", "date_hint", "date_in_words",
           "order_for_browser", "order_for_locale", "read_date"]

DateOrder = Literal["dmy", "mdy", "ymd"]
DATE_ORDERS: tuple[str, ...] = ("dmy", "mdy", "ymd")

#: Years outside this range are almost always a typing slip (20277, 207).
FIRST_YEAR, LAST_YEAR = 1900, 2199

_MONTH_NAMES = tuple(calendar.month_name)[1:]
_DAY_NAMES = tuple(calendar.day_name)
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3}
_UNITS = {"day": 1, "week": 7, "fortnight": 14}
#: Directional and invisible formatting characters: they change how a date looks, never which day it is.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

_NUMERIC = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_NAME = r"([a-z]+)\.?"
_DAY_NAME_YEAR = re.compile(rf"{_ORD} (?:of )?{_NAME}(?: (\d{{2,4}}))?")
_NAME_DAY_YEAR = re.compile(rf"{_NAME} {_ORD}(?: (\d{{4}}))?")
_NAME_YEAR = re.compile(rf"{_NAME} (\d{{4}})")
_IN = re.compile(r"in (\d{1,3}|a couple of|a few|[a-z]+) (day|week|fortnight|month|year)s?")
_FROM_NOW = re.compile(r"(\d{1,3}|a couple of|a few|[a-z]+) (day|week|fortnight|month|year)s? "
                       r"(from now|from today|ago)")
_WEEKDAY = re.compile(r"(?:(next|this|on|last|coming) )?([a-z]+)")
_END_OF = re.compile(r"(?:the )?(end|start|beginning) of (?:the |this )?(next )?([a-z]+)(?: (\d{4}))?")


#: Where numeric dates are written month first (03/04/2027 is March 4) or year first (2027-04-03); people everywhere
#: else write the day first. Regions decide; a tag with no region falls back on its language.
_MONTH_FIRST_REGIONS = frozenset({"US", "PH", "PR", "GU", "AS", "MP", "UM", "VI", "FM", "MH", "PW"})
_YEAR_FIRST_REGIONS = frozenset({"CN", "TW", "JP", "KR", "KP", "HU", "LT", "MN", "SE", "CA", "ZA"})
_YEAR_FIRST_LANGUAGES = frozenset({"zh", "ja", "ko", "hu", "lt", "mn", "sv"})
#: Written both ways, so a bare language tag says nothing about the order.
_EITHER_ORDER_LANGUAGES = frozenset({"en"})
_LOCALE_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


def order_for_locale(tag: str) -> DateOrder | None:
    """How people using the browser language ``tag`` (``en-US``, ``en_GB``, ``fr``, ``zh-Hant-TW``) write a
    numeric date: ``mdy``, ``dmy`` or ``ymd``; None when the tag cannot tell (``en`` alone, ``*``, nonsense)."""
    tag = tag.strip()
    if not _LOCALE_TAG.fullmatch(tag):
        return None
    language, *rest = re.split("[-_]", tag)
    region = next((part.upper() for part in rest if len(part) == 2 and part.isalpha()), None)
    if region in _MONTH_FIRST_REGIONS:
        return "mdy"
    if region in _YEAR_FIRST_REGIONS:
        return "ymd"
    language = language.lower()
    if language in _YEAR_FIRST_LANGUAGES:
        return "ymd"
    if region is None and language in _EITHER_ORDER_LANGUAGES:
        return None
    return "dmy"


def order_for_browser(accept_language: str) -> DateOrder | None:
    """The date order of the browser's preferred language, from its ``Accept-Language`` header (``en-GB,en;q=0.9``):
    the most preferred language that tells the order; None when none does."""
    ranked: list[tuple[float, int, str]] = []
    for position, entry in enumerate(accept_language.split(",")[:20]):
        tag, _, params = entry.strip().partition(";")
        weight = 1.0
        if (m := re.fullmatch(r"\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*", params)) is not None:
            weight = float(m[1])
        if tag and weight > 0:
            ranked.append((-weight, position, tag))
    for _weight, _position, tag in sorted(ranked):
        if (order := order_for_locale(tag)) is not None:
            return order
    return None


class DateNotUnderstood(ValueError):
    """Typed text that is not one clear date; the message says why and what to type instead."""


@dataclass(frozen=True)
class UnderstoodDate:
    """The day a piece of text was read as, and that day in words to show under the field."""

    date: dt.date
    words: str


def date_in_words(day: dt.date, order: DateOrder = "dmy") -> str:
    """The day spelled out so no one can misread it: 'Wednesday 31 March 2027' ('Wednesday, March 31, 2027')."""
    weekday, month = _DAY_NAMES[day.weekday()], _MONTH_NAMES[day.month - 1]
    if order == "mdy":
        return f"{weekday}, {month} {day.day}, {day.year}"
    return f"{weekday} {day.day} {month} {day.year}"


def date_hint(order: DateOrder = "dmy") -> str:
    """What the field accepts, with examples written in the course's date order."""
    numeric = {"dmy": "31/03/2027", "mdy": "03/31/2027", "ymd": "2027-03-31"}[order]
    return (f"Type a date such as {numeric}, 31 March 2027, tomorrow, next Tuesday, in 3 weeks or end of June; "
            "the day understood is shown under the field.")


def _shown(typed: str) -> str:
    from mentoringkit.model.text import quote

    return quote(typed)


def _build(year: int, month: int, day: int, typed: str) -> dt.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateNotUnderstood(f"{_shown(typed)}: the year {year} looks like a slip; write all four digits, "
                                "such as 2027.")
    if not 1 <= month <= 12:
        raise DateNotUnderstood(f"{_shown(typed)} has no month {month}: months run from 1 to 12.")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateNotUnderstood(f"{_shown(typed)} is not a real date: {_MONTH_NAMES[month - 1]} {year} has "
                                f"{days} days.")
    return dt.date(year, month, day)


def _month(name: str, typed: str) -> int:
    month = _MONTHS.get(name)
    if month is None:
        raise DateNotUnderstood(f"{_shown(typed)}: {_shown(name)} is not a month name. Write it as January, Jan, "
                                "February, Feb and so on.")
    return month


def _year(text: str | None, today: dt.date, month: int, day: int | None) -> int:
    """The year written, or (when left out) the first year in which that day is not already past."""
    if text:
        year = int(text)
        return year + 2000 if len(text) == 2 else year
    last = day or calendar.monthrange(today.year, month)[1]
    return today.year if (month, min(last, 28 if month == 2 else last)) >= (today.month, today.day) \
        else today.year + 1


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _offset(today: dt.date, n: int, unit: str) -> dt.date:
    if unit == "month":
        return _add_months(today, n)
    if unit == "year":
        return _add_months(today, 12 * n)
    return today + dt.timedelta(days=n * _UNITS[unit])


def _numeric(a: str, b: str, c: str, typed: str, order: DateOrder) -> dt.date:
    if len(a) == 4:  # year first is never ambiguous
        return _build(int(a), int(b), int(c), typed)
    if len(c) not in (2, 4):
        raise DateNotUnderstood(f"{_shown(typed)}: write the year with four digits, such as 2027.")
    year = int(c) + 2000 if len(c) == 2 else int(c)
    first, second = int(a), int(b)
    if first > 12 or (order == "dmy" and second <= 12):
        return _build(year, second, first, typed)
    if second > 12 or order == "mdy":
        return _build(year, first, second, typed)
    if first == second:
        return _build(year, first, second, typed)
    raise DateNotUnderstood(
        f"{_shown(typed)} could be {first} {_MONTH_NAMES[second - 1]} or {_MONTH_NAMES[first - 1]} {second}. "
        f"Write the month as a word, such as {first} {_MONTH_NAMES[second - 1]} {year}, or as {year}-"
        f"{second:02d}-{first:02d}.")


def _relative(text: str, today: dt.date, typed: str) -> dt.date | None:
    if text in ("today", "now"):
        return today
    if text == "tomorrow":
        return today + dt.timedelta(days=1)
    if text == "yesterday":
        return today - dt.timedelta(days=1)
    if text in ("the day after tomorrow", "day after tomorrow"):
        return today + dt.timedelta(days=2)
    for pattern, sign in ((_IN, 1), (_FROM_NOW, None)):
        if m := pattern.fullmatch(text):
            n = _count(m[1])
            if n is None:
                raise DateNotUnderstood(f"{_shown(typed)}: {_shown(m[1])} is not a number; write it in digits, such "
                                        "as in 3 weeks.")
            direction = sign if sign is not None else (-1 if m[3] == "ago" else 1)
            return _offset(today, direction * n, m[2])
    if m := _END_OF.fullmatch(text):
        edge, following, what, year_text = m[1], m[2], m[3], m[4]
        if what in ("week",):
            monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=1 if following else 0)
            return monday if edge != "end" else monday + dt.timedelta(days=4)
        if what in ("month", "year"):
            base = today if not following else (_add_months(today, 1) if what == "month" else
                                                today.replace(year=today.year + 1))
            if what == "year":
                return dt.date(base.year, 12, 31) if edge == "end" else dt.date(base.year, 1, 1)
            last = calendar.monthrange(base.year, base.month)[1]
            return dt.date(base.year, base.month, last if edge == "end" else 1)
        if what in _MONTHS and not following:
            month = _MONTHS[what]
            year = int(year_text) if year_text else _year(None, today, month, None)
            last = calendar.monthrange(year, month)[1] if FIRST_YEAR <= year <= LAST_YEAR else 1
            return _build(year, month, last if edge == "end" else 1, typed)
        return None
    if m := _WEEKDAY.fullmatch(text):
        which, name = m[1], m[2]
        if name not in _WEEKDAYS:
            return None
        ahead = (_WEEKDAYS[name] - today.weekday()) % 7
        if which == "last":
            return today - dt.timedelta(days=(7 - ahead) if ahead else 7)
        return today + dt.timedelta(days=ahead or 7)
    return None


def read_date(text: str, today: dt.date, order: DateOrder = "dmy") -> UnderstoodDate | None:
    """The day ``text`` means, with that day in words; None when blank; DateNotUnderstood when unclear.

    ``today`` anchors relative phrases and dates written without a year (the next such day on or after
    today); ``order`` says how an ambiguous numeric date such as 03/04/2027 is read.
    """
    if order not in DATE_ORDERS:
        raise ValueError(f"date order must be one of {', '.join(DATE_ORDERS)}, not {order!r}")
    typed = text or ""
    cleaned = _INVISIBLE.sub("", typed).strip().lower()
    cleaned = re.sub(r"\s+", " ", cleaned.replace(",", " ")).strip().rstrip(".").strip()
    if not cleaned:
        return None
    day = _read(cleaned, today, order, typed)
    return UnderstoodDate(day, date_in_words(day, order))


def _read(cleaned: str, today: dt.date, order: DateOrder, typed: str) -> dt.date:
    said_weekday: int | None = None
    first, _, rest = cleaned.partition(" ")
    if rest and first in _WEEKDAYS and not rest.startswith(("next", "this")) and rest[:1].isalnum() and \
            _WEEKDAY.fullmatch(rest) is None:
        said_weekday, cleaned = _WEEKDAYS[first], rest  # "Wednesday 31 March 2027": check the day name agrees
    cleaned = cleaned.removeprefix("on ").removeprefix("the ")
    day = _absolute(cleaned, today, order, typed)
    if day is None:
        day = _relative(cleaned, today, typed)
    if day is None:
        raise DateNotUnderstood(f"{_shown(typed)} is not a date this page can read. {date_hint(order)}")
    if said_weekday is not None and said_weekday != day.weekday():
        raise DateNotUnderstood(f"{_shown(typed)}: {date_in_words(day, order).split(' ', 1)[1].lstrip(', ')} "
                                f"is a {_DAY_NAMES[day.weekday()]}, not a {_DAY_NAMES[said_weekday]}.")
    return day


def _absolute(cleaned: str, today: dt.date, order: DateOrder, typed: str) -> dt.date | None:
    if m := _NUMERIC.fullmatch(cleaned):
        return _numeric(m[1], m[2], m[3], typed, order)
    if m := _DAY_NAME_YEAR.fullmatch(cleaned):
        if m[2] in _WEEKDAYS or m[2].rstrip("s") in ("day", "week", "fortnight", "month", "year"):
            return None  # "3 weeks" is a span, not a day
        month = _month(m[2], typed)
        if m[3] and len(m[3]) == 3:
            raise DateNotUnderstood(f"{_shown(typed)}: write the year with four digits, such as 2027.")
        return _build(_year(m[3], today, month, int(m[1])), month, int(m[1]), typed)
    if m := _NAME_DAY_YEAR.fullmatch(cleaned):
        if m[1] in _MONTHS:
            month = _MONTHS[m[1]]
            return _build(_year(m[3], today, month, int(m[2])), month, int(m[2]), typed)
        if m[1] not in _WEEKDAYS and m[1] not in ("in", "on", "by", "the", "end"):
            _month(m[1], typed)
    if (m := _NAME_YEAR.fullmatch(cleaned)) and m[1] in _MONTHS:
        # "Jan 2027": the month's last day, said back so the person can see it
        month, year = _MONTHS[m[1]], int(m[2])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return _build(year, month, 1, typed)
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if cleaned in _MONTHS:  # "June": the end of the next June
        month = _MONTHS[cleaned]
        year = _year(None, today, month, None)
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return None
