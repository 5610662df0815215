"""The agreement's completeness rules and its meeting series."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoringkit.agreement import MAX_OCCURRENCES, check_agreement, is_signed, meeting_dates
from mentoringkit.workbook import Agreement, MeetingSchedule, Signature

TODAY = dt.date(2025, 1, 15)


def complete() -> Agreement:
    return Agreement(
        goals=["Lead one ward handover each week by March", "Present a case at grand rounds"],
        schedule=MeetingSchedule(first_meeting=dt.datetime(2025, 2, 4, 16, 0), interval=4, unit="week",
                                 occurrences=6, duration_minutes=60, location="Ward 7 seminar room"),
        learning_opportunities="Nursing practice council; the spring conference",
        confidentiality_meaning="What we discuss stays between us unless someone is at risk.",
        ground_rules=["Give a day's notice to reschedule"],
        feedback_method="Ten minutes at the end of every third meeting",
        log_method="The mentee adds an entry within a day of each meeting",
        mentor=Signature("Margaret Lindqvist", TODAY), mentee=Signature("Joe Okafor", TODAY))


def fields(agreement: Agreement, today: dt.date = TODAY) -> list[str]:
    return [g.field for g in check_agreement(agreement, today=today)]


def test_a_complete_signed_agreement_has_no_gaps() -> None:
    assert check_agreement(complete(), today=TODAY) == []
    assert is_signed(complete())


def test_an_empty_agreement_lists_everything_in_form_order() -> None:
    assert fields(Agreement()) == ["goals", "schedule/first_meeting", "learning_opportunities",
                                   "confidentiality_meaning", "ground_rules", "feedback_method", "log_method",
                                   "mentor_signature", "mentee_signature"]


def test_blank_goals_and_rules_do_not_count() -> None:
    a = complete()
    a.goals = ["   ", "", "\n"]
    a.ground_rules = ["\t"]
    gaps = check_agreement(a, today=TODAY)
    assert [g.field for g in gaps] == ["goals", "ground_rules"]
    assert "blank lines do not count" in gaps[0].message
    a.goals = ["  ", "Chair one meeting"]
    assert fields(a) == ["ground_rules"]


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"interval": 0}, "schedule/interval", "must be at least 1"),
    ({"interval": -3}, "schedule/interval", "must be at least 1"),
    ({"interval": 53}, "schedule/interval", "more than a year"),
    ({"interval": 13, "unit": "month"}, "schedule/interval", "more than a year"),
    ({"occurrences": 0}, "schedule/occurrences", "between 1 and 104"),
    ({"occurrences": 105}, "schedule/occurrences", "between 1 and 104"),
    ({"duration_minutes": 14}, "schedule/duration_minutes", "15 minutes and 8 hours"),
    ({"duration_minutes": 481}, "schedule/duration_minutes", "15 minutes and 8 hours"),
    ({"first_meeting": None}, "schedule/first_meeting", "first meeting"),
])
def test_schedule_rules(change: dict, field: str, words: str) -> None:
    a = complete()
    for key, value in change.items():
        setattr(a.schedule, key, value)
    gaps = check_agreement(a, today=TODAY)
    assert [g.field for g in gaps] == [field]
    assert words in gaps[0].message


@pytest.mark.parametrize(("change", "ok"), [({"interval": 1}, True), ({"interval": 52}, True),
                                            ({"occurrences": 1}, True), ({"occurrences": 104}, True),
                                            ({"duration_minutes": 15}, True), ({"duration_minutes": 480}, True)])
def test_schedule_limits_are_inclusive(change: dict, ok: bool) -> None:
    a = complete()
    for key, value in change.items():
        setattr(a.schedule, key, value)
    assert (check_agreement(a, today=TODAY) == []) is ok


def test_unsigned_says_not_yet_signed() -> None:
    a = complete()
    a.mentee = Signature("  ", None)
    [gap] = check_agreement(a, today=TODAY)
    assert gap.field == "mentee_signature" and "Not yet signed by the mentee" in gap.message
    assert not is_signed(a)


def test_signature_dated_in_the_future() -> None:
    a = complete()
    a.mentor.signed_on = TODAY + dt.timedelta(days=3)
    assert fields(a) == ["mentor_signature"]


def test_past_first_meeting_is_a_gap_only_while_drafting() -> None:
    a = complete()
    later = dt.date(2025, 9, 1)
    assert check_agreement(a, today=later) == []  # signed: the first meeting is history
    a.mentor = Signature()
    gaps = check_agreement(a, today=later)
    assert [g.field for g in gaps] == ["schedule/first_meeting", "mentor_signature"]
    assert "4 February 2025" in gaps[0].message and "in the past" in gaps[0].message


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "x" * 100_000, "🙂", "مرحبا", "\u202e"])
def test_any_text_counts_as_written(text: str) -> None:
    a = complete()
    a.confidentiality_meaning = a.feedback_method = a.log_method = a.learning_opportunities = text
    a.goals = a.ground_rules = [text]
    assert check_agreement(a, today=TODAY) == []


# -- the meeting series ------------------------------------------------------------

def test_weekly_series() -> None:
    s = MeetingSchedule(first_meeting=dt.datetime(2025, 3, 10, 15, 30), interval=3, unit="week", occurrences=4)
    assert meeting_dates(s) == [dt.datetime(2025, 3, 10, 15, 30), dt.datetime(2025, 3, 31, 15, 30),
                                dt.datetime(2025, 4, 21, 15, 30), dt.datetime(2025, 5, 12, 15, 30)]


def test_monthly_series_from_the_31st_keeps_every_month() -> None:
    s = MeetingSchedule(first_meeting=dt.datetime(2025, 1, 31, 9), interval=1, unit="month", occurrences=4)
    assert [d.date() for d in meeting_dates(s)] == [dt.date(2025, 1, 31), dt.date(2025, 2, 28),
                                                    dt.date(2025, 3, 31), dt.date(2025, 4, 30)]


def test_monthly_series_over_a_leap_february() -> None:
    s = MeetingSchedule(first_meeting=dt.datetime(2027, 12, 30, 9), interval=2, unit="month", occurrences=3)
    assert [d.date() for d in meeting_dates(s)] == [dt.date(2027, 12, 30), dt.date(2028, 2, 29),
                                                    dt.date(2028, 4, 30)]


def test_series_keeps_local_time_across_daylight_saving() -> None:
    london = ZoneInfo("Europe/London")
    s = MeetingSchedule(first_meeting=dt.datetime(2025, 3, 17, 15, 30, tzinfo=london), interval=1, unit="week",
                        occurrences=3)
    assert [d.hour for d in meeting_dates(s)] == [15, 15, 15]  # clocks go forward on 30 March


@pytest.mark.parametrize("change", [{"first_meeting": None}, {"interval": 0}, {"occurrences": 0},
                                    {"occurrences": -1}])
def test_incomplete_schedule_has_no_series(change: dict) -> None:
    s = MeetingSchedule(first_meeting=dt.datetime(2025, 3, 10, 15, 30))
    for key, value in change.items():
        setattr(s, key, value)
    assert meeting_dates(s) == []


def test_series_is_capped_and_stops_at_the_end_of_the_calendar() -> None:
    s = MeetingSchedule(first_meeting=dt.datetime(2025, 1, 1), interval=1, unit="week", occurrences=10**9)
    assert len(meeting_dates(s)) == MAX_OCCURRENCES
    s = MeetingSchedule(first_meeting=dt.datetime(9999, 11, 1), interval=1, unit="month", occurrences=5)
    assert meeting_dates(s) == [dt.datetime(9999, 11, 1), dt.datetime(9999, 12, 1)]


@settings(max_examples=60, deadline=None)
@given(first=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)),
       interval=st.integers(-2, 60), unit=st.sampled_from(["week", "month"]), occurrences=st.integers(-2, 200),
       duration=st.integers(-10, 1000))
def test_series_is_ordered_and_checks_never_crash(first: dt.datetime, interval: int, unit: str, occurrences: int,
                                                  duration: int) -> None:
    s = MeetingSchedule(first_meeting=first, interval=interval, unit=unit,  # type: ignore[arg-type]
                        occurrences=occurrences, duration_minutes=duration)
    dates = meeting_dates(s)
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    if dates:
        assert dates[0] == first and len(dates) == min(occurrences, MAX_OCCURRENCES)
        assert all(d.time() == first.time() for d in dates)
    check_agreement(Agreement(schedule=s), today=TODAY)


# -- meetings past the programme end ------------------------------------------------------------------

def _nine_four_weekly() -> MeetingSchedule:
    # the series from issue 12: nine four-weekly meetings from 21 Dec 2026 run to July 2027
    return MeetingSchedule(first_meeting=dt.datetime(2026, 12, 21, 10, 0), interval=4, unit="week", occurrences=9)


def test_meetings_after_the_programme_end_are_named() -> None:
    from mentoringkit.agreement import series_past_end

    past = series_past_end(_nine_four_weekly(), dt.date(2027, 6, 30))
    assert past is not None and past.kept == 7
    assert [d.date() for d in past.after] == [dt.date(2027, 7, 5), dt.date(2027, 8, 2)]
    assert "2 meetings fall after the programme ends on 30 June 2027" in past.message
    assert "Stop the series at the programme end (7 meetings)" in past.message
    assert series_past_end(_nine_four_weekly(), dt.date(2027, 8, 2)) is None  # the last meeting on the last day
    assert series_past_end(_nine_four_weekly(), None) is None


def test_stopping_at_the_end_keeps_only_the_meetings_inside_and_the_calendar_follows() -> None:
    from mentoringkit.agreement import stop_series_at_end
    from mentoringkit.exports import meetings_ics
    from mentoringkit.workbook import Workbook

    kept = stop_series_at_end(_nine_four_weekly(), dt.date(2027, 6, 30))
    assert kept.occurrences == 7 and meeting_dates(kept)[-1].date() == dt.date(2027, 6, 7)
    workbook = Workbook()
    workbook.agreement.schedule = kept
    assert b"COUNT=7" in meetings_ics(workbook)
    with pytest.raises(ValueError, match="first meeting is after the programme ends"):
        stop_series_at_end(_nine_four_weekly(), dt.date(2026, 12, 1))
