"""Dates, times and counts typed as text: read them strictly, and say exactly what is wrong when they cannot be
read.

A typed date stays in its field when it is wrong (such as 30 February), with a message under it, so the
participant can fix it instead of retyping it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from mentoringkit.widgets.controls import Field

__all__ = ["DATE_HINT", "NARROW_SCREEN_STYLE", "DateField", "parse_count", "parse_date_text", "parse_time_text"]

DATE_HINT = "Year-month-day, such as 2025-03-31, or 31 March 2025."

#: For a container with the class ``mk-wrap-fields``: on a narrow screen a long label goes above its input
#: instead of squeezing it to a sliver (ipywidgets keeps label and input on one line, label unwrapped).
NARROW_SCREEN_STYLE = (
    "<style>"
    ".mk-wrap-fields .widget-text,.mk-wrap-fields .widget-textarea,.mk-wrap-fields .widget-dropdown"
    "{flex-wrap:wrap;row-gap:0.2em;height:auto;max-width:calc(100% - 6px)}"
    ".mk-wrap-fields .widget-text>.widget-label,.mk-wrap-fields .widget-textarea>.widget-label,"
    ".mk-wrap-fields .widget-dropdown>.widget-label{white-space:normal;overflow:visible;height:auto;"
    "line-height:1.3;max-width:100%}"
    ".mk-wrap-fields .widget-text>input,.mk-wrap-fields .widget-textarea>textarea,"
    ".mk-wrap-fields .widget-dropdown>select{flex:1 1 14em;min-width:0}"
    "</style>"
)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.? (\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)? (\d{4})")
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")


def _build(year: int, month: int, day: int, typed: str) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(f"“{typed}” has no month {month}: months run from 1 to 12.")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"“{typed}” is not a real date: {calendar.month_name[month]} {year} has {days} days.")
    return dt.date(year, month, day)


def parse_date_text(text: str) -> dt.date | None:
    """The date in ``text`` (None when blank); ValueError with a message a person can act on otherwise.

    Accepts 2025-03-31, 31 March 2025 and March 31, 2025. Slashed dates such as 03/04/2025 are refused
    because they mean different days in different countries.
    """
    typed = text.strip()
    if not typed:
        return None
    cleaned = re.sub(r"\s+", " ", typed.replace(",", " ")).strip().lower()
    if m := _ISO.fullmatch(cleaned):
        return _build(int(m[1]), int(m[2]), int(m[3]), typed)
    for pattern, day_first in ((_DAY_MONTH_YEAR, True), (_MONTH_DAY_YEAR, False)):
        if m := pattern.fullmatch(cleaned):
            day_text, month_text = (m[1], m[2]) if day_first else (m[2], m[1])
            month = _MONTHS.get(month_text)
            if month is None:
                raise ValueError(f"“{typed}”: “{month_text}” is not a month name.")
            return _build(int(m[3]), month, int(day_text), typed)
    if "/" in typed:
        raise ValueError(f"“{typed}” could mean two different days. {DATE_HINT}")
    raise ValueError(f"“{typed}” is not a date this page can read. {DATE_HINT}")


def parse_time_text(text: str) -> dt.time | None:
    """The time of day in ``text`` (None when blank): 14:30, 9:00, 2:30 pm or 2 pm."""
    typed = text.strip()
    if not typed:
        return None
    m = _TIME.fullmatch(typed.lower())
    if m is None:
        raise ValueError(f"“{typed}” is not a time this page can read. Write it as 14:30 or 2:30 pm.")
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3]:
        if not 1 <= hour <= 12:
            raise ValueError(f"“{typed}”: with am or pm the hour runs from 1 to 12.")
        hour = hour % 12 + (12 if m[3].startswith("p") else 0)
    elif m[2] is None:
        raise ValueError(f"“{typed}” needs minutes or am/pm, such as 14:00 or 2 pm.")
    if hour > 23 or minute > 59:
        raise ValueError(f"“{typed}” is not a time of day: hours run 0-23 and minutes 0-59.")
    return dt.time(hour, minute)


def parse_count(text: str, what: str, *, smallest: int = 1, largest: int = 1000) -> int:
    """A whole number typed into a field; ValueError with a message naming ``what`` otherwise."""
    typed = text.strip()
    try:
        number = int(typed)
    except ValueError:
        raise ValueError(f"“{typed}” is not a whole number. Type the {what} in digits, such as 4.") from None
    if number < smallest:
        raise ValueError(f"The {what} must be at least {smallest}, not {number}.")
    if number > largest:
        raise ValueError(f"The {what} must be at most {largest}, not {number}.")
    return number


class DateField(Field):
    """A labelled text field for a date; an unreadable date stays as typed, with the reason shown under it."""

    def __init__(self, label: str, value: dt.date | None = None, *, hint: str = DATE_HINT,
                 continuous_update: bool = False):
        super().__init__(label, value.isoformat() if value else "", hint=hint, placeholder="YYYY-MM-DD",
                         continuous_update=continuous_update)

    def read(self) -> tuple[dt.date | None, str | None]:
        """(date, None) when readable or blank (date None), else (None, the problem)."""
        try:
            return parse_date_text(self.value), None
        except ValueError as exc:
            return None, str(exc)

    @property
    def date(self) -> dt.date | None:
        return self.read()[0]

    def show(self, value: dt.date | None) -> None:
        self.value = value.isoformat() if value else ""

    def __repr__(self) -> str:
        return f"DateField({self.label!r})"
