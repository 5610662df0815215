"""The Mentoring Relationship Agreement: what it still needs before both sign, and its series of meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from mentoringkit.completeness import Gap, is_blank
from mentoringkit.smart_goal import format_date
from mentoringkit.workbook import Agreement, MeetingSchedule, Signature

__all__ = ["CLAUSES", "MAX_DURATION", "MAX_OCCURRENCES", "MIN_DURATION", "SeriesPastEnd", "SignatureState",
           "agreement_digest", "check_agreement", "clause_digests", "is_signed", "meeting_dates", "series_past_end",
           "sign", "signature_state", "stop_series_at_end"]

#: Two years of weekly meetings: more than any partnership plans ahead.
MAX_OCCURRENCES = 104
MIN_DURATION = 15
MAX_DURATION = 480
#: A gap longer than this between meetings is not a mentoring rhythm.
_MAX_INTERVAL = {"week": 52, "month": 12}


def is_signed(agreement: Agreement) -> bool:
    """Signed once both the mentor and the mentee have put their names to it."""
    return not is_blank(agreement.mentor.name) and not is_blank(agreement.mentee.name)


#: The clauses a signature covers, in the order of the printed form, with the words used to name them.
CLAUSES: dict[str, str] = {
    "goals": "the goals",
    "schedule": "the meeting schedule",
    "learning_opportunities": "the learning opportunities",
    "confidentiality_meaning": "what confidentiality means",
    "ground_rules": "the ground rules",
    "feedback_method": "how you give feedback",
    "log_method": "how the log is kept",
}


def clause_digests(agreement: Agreement) -> dict[str, str]:
    """A SHA-256 digest of each clause's text (signatures are not part of any clause)."""
    import hashlib
    import json

    from mentoringkit.parsing import to_data

    data = to_data(agreement)
    return {key: hashlib.sha256(json.dumps(data[key], sort_keys=True, ensure_ascii=False).encode("utf-8",
                                                                                                "surrogatepass"))
            .hexdigest() for key in CLAUSES}


def agreement_digest(agreement: Agreement) -> str:
    """One digest of the whole agreement text a signature covers."""
    import hashlib

    clauses = clause_digests(agreement)
    return hashlib.sha256("".join(f"{k}={v};" for k, v in clauses.items()).encode()).hexdigest()


def sign(agreement: Agreement, name: str, now: dt.datetime | None = None) -> Signature:
    """A signature by ``name`` covering the agreement's text as it is now (an empty name: no signature)."""
    name = " ".join(name.split())
    if not name:
        return Signature()
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return Signature(name=name, signed_on=now.date(), signed_at=now, digest=agreement_digest(agreement),
                     clauses=clause_digests(agreement))


@dataclass(frozen=True)
class SignatureState:
    """Whether one side has signed and whether the signature still covers the agreement as it reads now."""

    side: str
    signed: bool
    current: bool
    changed: tuple[str, ...] = ()  # clause keys changed since signing

    @property
    def message(self) -> str:
        if not self.signed:
            return f"Not yet signed by the {self.side}."
        if self.current:
            return f"Signed by the {self.side}."
        what = ", ".join(CLAUSES[c] for c in self.changed) or "the agreement"
        return (f"The {self.side}'s signature is out of date: {what} changed after they signed. "
                f"It counts again once the {self.side} signs the agreement as it reads now.")


def signature_state(agreement: Agreement, side: str) -> SignatureState:
    """The state of the mentor's or mentee's signature. A signature made before digests were kept (no
    ``digest``) counts as current: there is nothing to compare it with."""
    signature: Signature = getattr(agreement, side)
    if is_blank(signature.name):
        return SignatureState(side, False, False)
    if not signature.digest:
        return SignatureState(side, True, True)
    now = clause_digests(agreement)
    changed = tuple(k for k in CLAUSES if signature.clauses.get(k) != now[k])
    if not changed and signature.digest != agreement_digest(agreement):
        changed = tuple(CLAUSES)
    return SignatureState(side, True, not changed, changed)


def _unit(schedule: MeetingSchedule, n: int) -> str:
    return schedule.unit if n == 1 else f"{schedule.unit}s"


def _check_schedule(schedule: MeetingSchedule, today: dt.date, drafting: bool) -> list[Gap]:
    gaps = []
    if schedule.first_meeting is None:
        gaps.append(Gap("schedule/first_meeting", "Set the date and time of your first meeting."))
    elif drafting and schedule.first_meeting.date() < today:
        gaps.append(Gap("schedule/first_meeting",
                        f"The first meeting, {format_date(schedule.first_meeting.date())}, is in the past: "
                        "choose a date from today on."))
    longest = _MAX_INTERVAL.get(schedule.unit, 52)
    if schedule.interval < 1:
        gaps.append(Gap("schedule/interval", f"Say how often you will meet: the meeting interval must be at least "
                                             f"1 {schedule.unit} (it is {schedule.interval})."))
    elif schedule.interval > longest:
        gaps.append(Gap("schedule/interval", f"Meetings {schedule.interval} {_unit(schedule, schedule.interval)} "
                                             "apart are more than a year apart; agree to meet more often."))
    if not 1 <= schedule.occurrences <= MAX_OCCURRENCES:
        gaps.append(Gap("schedule/occurrences", f"Plan between 1 and {MAX_OCCURRENCES} meetings "
                                                f"(it says {schedule.occurrences}); you can extend the series later."))
    if not MIN_DURATION <= schedule.duration_minutes <= MAX_DURATION:
        gaps.append(Gap("schedule/duration_minutes",
                        f"A meeting should last between {MIN_DURATION} minutes and {MAX_DURATION // 60} hours "
                        f"(it says {schedule.duration_minutes} minutes)."))
    return gaps


def check_agreement(agreement: Agreement, today: dt.date | None = None) -> list[Gap]:
    """Everything the agreement still needs, in the order of the printed form.

    Blank goals and ground rules are left out rather than counted. A first meeting in the past is only
    flagged while the agreement is a draft: once both have signed, it is simply history.
    """
    today = today or dt.date.today()
    gaps = []
    goals = [g for g in agreement.goals if not is_blank(g)]
    if not goals:
        blank = " (blank lines do not count)" if agreement.goals else ""
        gaps.append(Gap("goals", f"Write at least one goal you will work on together{blank}."))
    gaps.extend(_check_schedule(agreement.schedule, today, drafting=not is_signed(agreement)))
    if is_blank(agreement.learning_opportunities):
        gaps.append(Gap("learning_opportunities",
                        "Name the opportunities and places to learn: meetings, events or people the mentee can "
                        "join or meet."))
    if is_blank(agreement.confidentiality_meaning):
        gaps.append(Gap("confidentiality_meaning",
                        "Say what confidentiality means for the two of you, and when (if ever) it would not hold."))
    if not any(not is_blank(r) for r in agreement.ground_rules):
        blank = " (blank lines do not count)" if agreement.ground_rules else ""
        gaps.append(Gap("ground_rules", f"Agree at least one ground rule, such as how much notice to give when "
                                        f"a meeting has to move{blank}."))
    if is_blank(agreement.feedback_method):
        gaps.append(Gap("feedback_method", "Say how you will give each other feedback and review progress."))
    if is_blank(agreement.log_method):
        gaps.append(Gap("log_method", "Say who keeps the mentoring log and when entries are added."))
    for side, signature in (("mentor", agreement.mentor), ("mentee", agreement.mentee)):
        if is_blank(signature.name):
            gaps.append(Gap(f"{side}_signature",
                            f"Not yet signed by the {side}: the agreement counts as signed once both of you "
                            "have added your names."))
        elif signature.signed_on is not None and signature.signed_on > today:
            gaps.append(Gap(f"{side}_signature", f"The {side}'s signature is dated "
                                                 f"{format_date(signature.signed_on)}, after today; date it today "
                                                 "or earlier."))
    return gaps


def meeting_dates(schedule: MeetingSchedule) -> list[dt.datetime]:
    """The start of every meeting in the series, first one included; empty while the schedule is incomplete.

    Monthly meetings keep the first meeting's day of the month, moved to the month's last day when the
    month is shorter (31 January, 28 February, 31 March), so no month is skipped. At most
    ``MAX_OCCURRENCES`` meetings; a series running past the year 9999 stops there.
    """
    from dateutil.relativedelta import relativedelta  # only the exports and the agreement page need it

    first = schedule.first_meeting
    if first is None or schedule.interval < 1 or schedule.occurrences < 1:
        return []
    out = []
    for i in range(min(schedule.occurrences, MAX_OCCURRENCES)):
        step = schedule.interval * i
        try:
            # always counted from the first meeting, so a short month never pulls the later dates earlier
            out.append(first + (dt.timedelta(weeks=step) if schedule.unit == "week" else relativedelta(months=step)))
        except (OverflowError, ValueError):
            break
    return out


@dataclass(frozen=True)
class SeriesPastEnd:
    """Meetings of the series that fall after the programme's last day, and the question to put to the pair."""

    end: dt.date
    kept: int  # meetings on or before the end
    after: tuple[dt.datetime, ...]

    @property
    def message(self) -> str:
        n = len(self.after)
        last = format_date(self.after[-1].date())
        meetings = "meeting falls" if n == 1 else "meetings fall"
        ask = (f"Stop the series at the programme end ({self.kept} meeting{'s' if self.kept != 1 else ''}), or "
               "keep them if you plan to go on meeting after the programme."
               if self.kept else "Move the first meeting into the programme, or keep the dates if you meant them.")
        return (f"{n} {meetings} after the programme ends on {format_date(self.end)} (the last on {last}). "
                + ask)


def series_past_end(schedule: MeetingSchedule, end: dt.date | None) -> SeriesPastEnd | None:
    """Which meetings run past the programme end (``profile.program_end``); None when all fit or no end is set."""
    if end is None:
        return None
    dates = meeting_dates(schedule)
    after = tuple(d for d in dates if d.date() > end)
    if not after:
        return None
    return SeriesPastEnd(end, len(dates) - len(after), after)


def stop_series_at_end(schedule: MeetingSchedule, end: dt.date) -> MeetingSchedule:
    """The same series with only the meetings on or before ``end``, so the calendar file holds only those.

    ValueError when even the first meeting is after the end: there would be no series left to keep.
    """
    past = series_past_end(schedule, end)
    if past is None:
        return schedule
    if past.kept == 0:
        raise ValueError(f"The first meeting is after the programme ends on {format_date(end)}; move it earlier.")
    return replace(schedule, occurrences=past.kept)
