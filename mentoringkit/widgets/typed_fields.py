"""Dates, times and counts typed as text: read them strictly, and say exactly what is wrong when they cannot be
read.

A typed date stays in its field when it is wrong (such as 30 February), with a message under it, so the
participant can fix it instead of retyping it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

from mentoringkit.model.text import quote
from mentoringkit.widgets.controls import Field

__all__ = ["NARROW_SCREEN_STYLE", "DateField", "date_order", "parse_count", "parse_time_text"]

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

_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")


def date_order(session: object | None) -> str:
    """The page's date order for reading numeric dates: ``date_order`` in course.yml, else the one of the
    participant's browser language (``Session.date_order``); day first without a session."""
    return getattr(session, "date_order", None) or "dmy"


def parse_time_text(text: str) -> dt.time | None:
    """The time of day in ``text`` (None when blank): 14:30, 9:00, 2:30 pm or 2 pm."""
    typed = text.strip()
    if not typed:
        return None
    m = _TIME.fullmatch(typed.lower())
    if m is None:
        raise ValueError(f"{quote(typed)} is not a time this page can read. Write it as 14:30 or 2:30 pm.")
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3]:
        if not 1 <= hour <= 12:
            raise ValueError(f"{quote(typed)}: with am or pm the hour runs from 1 to 12.")
        hour = hour % 12 + (12 if m[3].startswith("p") else 0)
    elif m[2] is None:
        raise ValueError(f"{quote(typed)} needs minutes or am/pm, such as 14:00 or 2 pm.")
    if hour > 23 or minute > 59:
        raise ValueError(f"{quote(typed)} is not a time of day: hours run 0-23 and minutes 0-59.")
    return dt.time(hour, minute)


def parse_count(text: str, what: str, *, smallest: int = 1, largest: int = 1000) -> int:
    """A whole number typed into a field; ValueError with a message naming ``what`` otherwise."""
    typed = text.strip()
    try:
        number = int(typed)
    except ValueError:
        raise ValueError(f"{quote(typed)} is not a whole number. Type the {what} in digits, such as 4.") from None
    if number < smallest:
        raise ValueError(f"The {what} must be at least {smallest}, not {number}.")
    if number > largest:
        raise ValueError(f"The {what} must be at most {largest}, not {number}.")
    return number


class DateField(Field):
    """The one date field: reads every form ``mentoringkit.model.dates.read_date`` accepts and shows, under the
    field, the day it understood ("Wednesday 31 March 2027") before anything uses it; an unreadable date stays
    as typed, with the reason in its place.

    ``order`` is the course's date order for numeric dates; ``today`` (a date or a function giving one)
    anchors "tomorrow", "next Tuesday" and dates written without a year.
    """

    def __init__(self, label: str, value: dt.date | None = None, *, order: str = "dmy",
                 today: dt.date | Callable[[], dt.date] | None = None, hint: str | None = None,
                 continuous_update: bool = False):
        from mentoringkit.model.dates import date_hint

        self.order = order
        self._today = today
        super().__init__(label, value.isoformat() if value else "", hint=hint or date_hint(order),  # type: ignore[arg-type]
                         placeholder="31/03/2027, 31 March 2027, next Tuesday" if order == "dmy" else
                         "03/31/2027, March 31 2027, next Tuesday" if order == "mdy" else
                         "2027-03-31, 31 March 2027, next Tuesday", continuous_update=continuous_update)
        self.add_class("mk-date-field")
        self.on_change(lambda _text: self.set_error(self.read()[1]))
        self.set_error(self.read()[1])

    def today(self) -> dt.date:
        if callable(self._today):
            return self._today()
        return self._today or dt.date.today()

    def read(self) -> tuple[dt.date | None, str | None]:
        """(date, None) when readable or blank (date None), else (None, the problem)."""
        from mentoringkit.model.dates import DateNotUnderstood, read_date

        try:
            understood = read_date(self.value, self.today(), self.order)  # type: ignore[arg-type]
        except DateNotUnderstood as problem:
            return None, str(problem)
        return (understood.date if understood else None), None

    @property
    def date(self) -> dt.date | None:
        return self.read()[0]

    @property
    def understood(self) -> str:
        """The day the text was read as, in words ("Wednesday 31 March 2027"); empty when blank or unreadable."""
        from mentoringkit.model.dates import date_in_words

        day = self.date
        return date_in_words(day, self.order) if day else ""  # type: ignore[arg-type]

    def show(self, value: dt.date | None) -> None:
        self.value = value.isoformat() if value else ""

    def _show_message(self) -> None:
        words = "" if self.error or not hasattr(self, "order") else self.understood
        if words:
            self.message.value = (f'<div class="mk-date-echo" role="status" style="font-size:0.95em">'
                                  f"Understood as <strong>{html.escape(words)}</strong></div>")
        else:
            super()._show_message()

    def __repr__(self) -> str:
        return f"DateField({self.label!r})"
