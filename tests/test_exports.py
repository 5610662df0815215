"""Exports of the sample workbook: every document and format works and says what the participant wrote."""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import markupsafe
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoringkit import exports
from mentoringkit.curriculum import Curriculum, load_curriculum
from mentoringkit.storage import load_workbook
from mentoringkit.workbook import SCHEMA_VERSION, LogEntry, MeetingSchedule, Workbook

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample_workbook.json"

RENDERERS = {
    ("agreement", "md"): exports.agreement_markdown, ("agreement", "html"): exports.agreement_html,
    ("plan", "md"): exports.plan_markdown, ("plan", "html"): exports.plan_html,
    ("agenda", "md"): exports.agenda_markdown, ("agenda", "html"): exports.agenda_html,
    ("all", "md"): exports.mentoring_plan_markdown, ("all", "html"): exports.mentoring_plan_html,
}


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    return load_curriculum()


@pytest.fixture
def sample() -> Workbook:
    return load_workbook(SAMPLE)


class PageOutline(HTMLParser):
    """Collects what a reader of an HTML page would meet: tags, headings, the html lang and title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: dict[str, str] = {}
        self.headings: list[str] = []
        self.title = ""
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.attrs = {k: v or "" for k, v in attrs}
        if tag not in ("br", "meta"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else ""
        if where == "title":
            self.title += data
        elif where in ("h1", "h2", "h3", "h4", "h5"):
            self.headings.append(data.strip())
        if where != "style":
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def outline(html: str) -> PageOutline:
    page = PageOutline()
    page.feed(html)
    page.close()
    return page


@pytest.mark.parametrize(("document", "fmt"), sorted(RENDERERS))
def test_every_document_of_the_sample_renders(sample: Workbook, curriculum: Curriculum, document: str,
                                              fmt: str) -> None:
    text = RENDERERS[document, fmt](sample, curriculum)
    assert text == exports.render_document(document, fmt, sample, curriculum)
    assert "Amara Okafor" in text and "Margaret Lindqvist" in text
    if fmt == "html":
        page = outline(text)
        assert page.attrs.get("lang") == "en"
        assert page.title.startswith(page.headings[0])
        assert "@media print" in text
        assert "script" not in page.tags
        words = page.all_text
    else:
        assert text.startswith("# ")
        words = text
    expected = {
        "agreement": ["Reschedule with at least two days", "Monday 4 August 2025, 15:30", "Signed on"],
        "plan": ["Lead the morning safety huddle", "Give feedback", "Build rapport", "Practice education team"],
        "agenda": ["Agenda for our next meeting", "Monday 21 April 2025, 15:30",
                   "What do you most want to get out of our time together?", "book the preceptorship"],
        "all": ["My mentoring plan", "Reschedule with at least two days", "Build rapport",
                "Shadowed the morning huddle", "2 of 14 tasks done", "whether it helped"],
    }[document]
    for phrase in expected:
        assert phrase in words, phrase


def test_exports_work_without_a_curriculum(sample: Workbook) -> None:
    for (document, fmt), render in RENDERERS.items():
        text = render(sample, None)
        assert "Amara Okafor" in text, (document, fmt)
    # the id as it was saved, isolated like anything else not written by the kit
    assert "(a question no longer in the course: \u2068what-to-achieve\u2069)" in exports.agenda_markdown(sample, None)


def test_first_meeting_agenda_brings_the_guidelines(sample: Workbook, curriculum: Curriculum) -> None:
    sample.log = []
    page = outline(exports.agenda_html(sample, curriculum))
    assert page.headings[0] == "Agenda for our first meeting"
    for group in curriculum.first_meeting.guidelines:
        assert group.title in page.headings
    assert "Monday 10 March 2025, 15:30" in page.all_text
    # once the partnership is under way the guidelines give way to last time's next steps
    sample.log = [LogEntry(date=dt.date(2025, 3, 10), activity="First meeting", next_steps="Bring the rota")]
    later = outline(exports.agenda_html(sample, curriculum))
    assert later.headings[0] == "Agenda for our next meeting"
    assert curriculum.first_meeting.guidelines[0].title not in later.headings
    assert "Bring the rota" in later.all_text
    assert "Monday 31 March 2025, 15:30" in later.all_text


def test_empty_workbook_exports_say_what_is_missing(curriculum: Curriculum) -> None:
    wb = Workbook()
    md = exports.mentoring_plan_markdown(wb, curriculum)
    assert "No goals written yet." in md
    assert "No SMART goals written yet." in md
    assert "The self-assessment has not been taken yet." in md
    assert "No first meeting date agreed yet." in md and "Every 4 weeks" not in md  # defaults are not agreements
    assert "not scheduled yet" in exports.agenda_markdown(wb, curriculum)


# ---------------------------------------------------------------------------
# Calendar


def _expand(ics: bytes) -> tuple[list[dt.datetime], dt.timedelta, object]:
    import icalendar
    from dateutil.rrule import rrulestr

    cal = icalendar.Calendar.from_ical(ics)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    start = event.decoded("dtstart")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    return list(rule), event.decoded("dtend") - start, event


def test_ics_is_one_recurring_event_matching_the_schedule(sample: Workbook) -> None:
    dates, length, event = _expand(exports.meetings_ics(sample))
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [3] and rule["COUNT"] == [8]
    first = dt.datetime(2025, 3, 10, 15, 30)
    assert dates == [first + dt.timedelta(weeks=3 * i) for i in range(8)]
    assert dates == exports.meeting_series(sample.agreement.schedule)
    assert length == dt.timedelta(minutes=45)
    assert str(event["LOCATION"]).startswith("Ward 7 seminar room")
    assert "Margaret Lindqvist" in str(event["SUMMARY"])


@pytest.mark.skipif(importlib.util.find_spec("mentoringkit.agreement") is None,
                    reason="mentoringkit.agreement (meeting_dates) is written by another helper")
def test_ics_agrees_with_the_agreement_model(sample: Workbook) -> None:
    from mentoringkit.agreement import meeting_dates

    month_end = [MeetingSchedule(first_meeting=dt.datetime(2024, 1, day, 9), interval=interval, unit="month",
                                 occurrences=14) for day in (29, 30, 31) for interval in (1, 2)]
    for schedule in [sample.agreement.schedule,
                     MeetingSchedule(first_meeting=dt.datetime(2025, 1, 15, 9), interval=1, unit="month",
                                     occurrences=10), *month_end]:
        sample.agreement.schedule = schedule
        assert _expand(exports.meetings_ics(sample))[0] == list(meeting_dates(schedule))


@pytest.mark.skipif(importlib.util.find_spec("mentoringkit.agreement") is None,
                    reason="mentoringkit.agreement (check_agreement) is written by another helper")
def test_unfinished_agreement_lists_what_is_still_to_agree(curriculum: Curriculum) -> None:
    from mentoringkit.agreement import check_agreement

    wb = Workbook()
    gaps = check_agreement(wb.agreement)
    assert gaps
    page = exports.agreement_html(wb, curriculum)
    assert "Still to agree" in page
    for gap in gaps:
        assert str(markupsafe.escape(gap.message)) in page


@pytest.mark.parametrize(("change", "phrase"), [
    ({"duration_minutes": 10**12}, "lasts at most 1440 minutes"),
    ({"first_meeting": dt.datetime(9999, 12, 31, 23, 30)}, "would end after the year 9999"),
    ({"first_meeting": dt.datetime(9999, 6, 1, 9, 0), "unit": "month", "occurrences": 12}, "after the year 9999"),
    ({"first_meeting": dt.datetime(2026, 1, 5, 9, 0), "interval": 10**12}, "after the year 9999"),
])
def test_ics_refuses_a_series_no_calendar_can_hold(sample: Workbook, change: dict, phrase: str) -> None:
    wb = copy.deepcopy(sample)
    for key, value in change.items():
        setattr(wb.agreement.schedule, key, value)
    with pytest.raises(ValueError, match=phrase):
        exports.meetings_ics(wb)


def test_ics_monthly_series(sample: Workbook) -> None:
    sample.agreement.schedule = MeetingSchedule(first_meeting=dt.datetime(2025, 1, 15, 9, 0), interval=2,
                                                unit="month", occurrences=4, duration_minutes=90)
    dates, length, event = _expand(exports.meetings_ics(sample))
    assert event["RRULE"]["FREQ"] == ["MONTHLY"]
    assert dates == [dt.datetime(2025, m, 15, 9, 0) for m in (1, 3, 5, 7)]
    assert length == dt.timedelta(minutes=90)


def test_ics_monthly_series_from_the_31st_moves_to_month_end(sample: Workbook) -> None:
    sample.agreement.schedule = MeetingSchedule(first_meeting=dt.datetime(2025, 1, 31, 12, 0), interval=1,
                                                unit="month", occurrences=4)
    dates, _, _ = _expand(exports.meetings_ics(sample))
    assert [d.date() for d in dates] == [dt.date(2025, 1, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 31),
                                         dt.date(2025, 4, 30)]
    assert dates == exports.meeting_series(sample.agreement.schedule)


def test_ics_keeps_local_time_across_daylight_saving(sample: Workbook) -> None:
    london = ZoneInfo("Europe/London")
    sample.agreement.schedule.first_meeting = dt.datetime(2025, 3, 10, 15, 30, tzinfo=london)
    ics = exports.meetings_ics(sample)
    assert b"BEGIN:VTIMEZONE" in ics and b"TZID=Europe/London" in ics
    dates, _, _ = _expand(ics)
    assert {(d.hour, d.minute) for d in dates} == {(15, 30)}  # BST starts on 30 March; the wall clock stays


def test_ics_fixed_offset_becomes_utc(sample: Workbook) -> None:
    sample.agreement.schedule.first_meeting = dt.datetime(2025, 3, 10, 15, 30,
                                                          tzinfo=dt.timezone(dt.timedelta(hours=2)))
    dates, _, _ = _expand(exports.meetings_ics(sample))
    assert dates[0] == dt.datetime(2025, 3, 10, 13, 30, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("change", "message"), [
    ({"first_meeting": None}, "no first meeting"),
    ({"interval": 0}, "at least 1 week apart"),
    ({"occurrences": 0}, "at least one meeting"),
    ({"occurrences": 105}, "at most 104 meetings"),
])
def test_ics_refuses_an_incomplete_schedule(sample: Workbook, change: dict, message: str) -> None:
    for key, value in change.items():
        setattr(sample.agreement.schedule, key, value)
    with pytest.raises(ValueError, match=message):
        exports.meetings_ics(sample)


def test_ics_escapes_text_that_looks_like_calendar_lines(sample: Workbook) -> None:
    sample.agreement.schedule.location = "Room 1\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:fake"
    sample.profile.partner_name = "Maggie;X-INJECT=1:boo"
    _, _, event = _expand(exports.meetings_ics(sample))  # _expand asserts exactly one event
    assert str(event["LOCATION"]) == sample.agreement.schedule.location.replace("\r\n", "\n")
    assert str(event["SUMMARY"]).endswith("Maggie;X-INJECT=1:boo")


# ---------------------------------------------------------------------------
# CSV and JSON


def test_log_csv_round_trips(sample: Workbook) -> None:
    text = exports.log_csv(sample)
    assert text.splitlines()[0] == ",".join(exports.LOG_COLUMNS)
    assert exports.import_log_csv(text) == sample.log


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2+3", "@SUM(A1)",
                                       "\t=1", "\r=1", "'=already quoted"])
def test_log_csv_cannot_start_a_formula(dangerous: str) -> None:
    import csv
    import io

    wb = Workbook(log=[LogEntry(activity=dangerous, notes=dangerous, next_steps=dangerous, duration_minutes=5)])
    text = exports.log_csv(wb)
    row = list(csv.reader(io.StringIO(text)))[1]
    for cell in (row[1], row[3], row[4]):
        assert cell.startswith("'"), cell
    assert exports.import_log_csv(text) == wb.log


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(), st.text(), st.text(), st.none() | st.integers(0, 10_000),
                          st.none() | st.dates()), max_size=4))
def test_log_csv_round_trips_any_text(rows: list) -> None:
    log = [LogEntry(id=f"e{i}", activity=a, notes=n, next_steps=s, duration_minutes=m, date=d)
           for i, (a, n, s, m, d) in enumerate(rows)]
    # CSV keeps \r\n inside quoted cells only as written; the csv module normalises nothing else
    text = exports.log_csv(Workbook(log=log))
    assert exports.import_log_csv(text) == log


def test_import_log_csv_rejects_other_files() -> None:
    with pytest.raises(ValueError, match="first row"):
        exports.import_log_csv("name,age\nx,1\n")
    with pytest.raises(ValueError, match="row 2"):
        exports.import_log_csv(",".join(exports.LOG_COLUMNS) + "\n2025-13-01,a,5,,,x\n")


def test_workbook_json_round_trips(sample: Workbook) -> None:
    assert exports.import_workbook_json(exports.workbook_json(sample)) == sample
    assert exports.workbook_json(sample) == SAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ('{"schema_version": 2, "profile": {"name": "A"}', "cut off"),
    ('{"schema_version": 2,, }', "line 1, column 22"),
    (f'{{"schema_version": {SCHEMA_VERSION + 1}}}', "newer mentoringkit"),
    ('{"schema_version": 2, "goals": [{"target_date": "soon"}]}', "/goals/0/target_date"),
])
def test_import_workbook_json_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="cannot import this workbook") as info:
        exports.import_workbook_json(text)
    assert message in str(info.value)


# ---------------------------------------------------------------------------
# Markdown escaping and PDF


def test_markdown_renders_the_structure_we_mean(sample: Workbook, curriculum: Curriculum) -> None:
    mistune = pytest.importorskip("mistune")
    html = mistune.create_markdown(escape=False, plugins=["table"])(exports.plan_markdown(sample, curriculum))
    page = outline(html)
    assert page.tags.count("table") == 1 and page.tags.count("tr") == 3
    assert "Goal 1" in page.headings and "Goal 2" in page.headings
    assert "Skill: Initiate" in page.all_text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_md_escape_renders_back_to_the_same_words(text: str) -> None:
    mistune = pytest.importorskip("mistune")
    html = mistune.create_markdown(escape=False)(exports.md_escape(text))
    page = outline(html)
    assert set(page.tags) <= {"p", "br"}, (text, html)
    assert page.all_text == " ".join(text.split()), (text, html)


def test_pdf_of_the_agreement(sample: Workbook, curriculum: Curriculum) -> None:
    pytest.importorskip("weasyprint", reason="PDF export needs the optional WeasyPrint package")
    pdf = exports.document_pdf(exports.agreement_html(sample, curriculum))
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000


def test_workbook_is_not_changed_by_exporting(sample: Workbook, curriculum: Curriculum) -> None:
    before = copy.deepcopy(sample)
    for render in RENDERERS.values():
        render(sample, curriculum)
    exports.meetings_ics(sample)
    exports.log_csv(sample)
    assert sample == before


def test_partial_self_assessment_shows_what_is_not_rated(sample: Workbook, curriculum: Curriculum) -> None:
    del sample.assessments[-1].levels["question"]
    md = exports.plan_markdown(sample, curriculum)
    assert "**Skills rated:** 17 of 18" in md
    assert "**Not rated yet:** Question" in md


def test_warm_up_compiles_the_templates_that_exports_then_reuse():
    from mentoringkit import exports

    exports._environment.cache_clear()
    exports.warm_up()
    env = exports._environment()
    compiled = env.get_template("document.html.j2")
    assert env.get_template("document.html.j2") is compiled  # cached: no second compile on first export
