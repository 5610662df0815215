"""Where course.yml sets no date order, the participant's browser language decides how 03/04/2027 is read, and
the field says in words which day it understood before anything uses it."""

from __future__ import annotations

import pytest
from test_journey import START

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("locale", "understood"), [("en-US", "Thursday, March 4, 2027"),
                                                    ("en-GB", "Saturday 3 April 2027")])
def test_an_ambiguous_date_is_read_as_the_browser_language_writes_dates(new_participant, locale, understood):
    page = new_participant(locale=locale).open(START)
    assert page.evaluate("() => navigator.language") == locale
    start = page.get_by_label("Programme starts", exact=True)
    start.fill("03/04/2027")
    start.press("Tab")
    picker = page.locator(".mk-date-field", has=start)
    picker.get_by_text(f"Understood as {understood}").wait_for()
    # ISO is read the same in every language, and said back in that language's order.
    start.fill("2027-04-03")
    start.press("Tab")
    iso = "Saturday, April 3, 2027" if locale == "en-US" else "Saturday 3 April 2027"
    picker.get_by_text(f"Understood as {iso}").wait_for()
