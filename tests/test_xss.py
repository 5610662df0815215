"""Hostile text typed into any workbook field stays text in every export: no script, no handlers, no links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoringkit import exports
from mentoringkit.curriculum import Curriculum, load_curriculum
from mentoringkit.storage import load_workbook
from mentoringkit.workbook import Evaluation, LogEntry, PlanRow, SkillAssessment, SmartGoal, Workbook

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample_workbook.json"

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('x');\">",
    "<img src=`javascript:alert(1)`>",
    "\"><svg onload=alert(1)>",
    "'><svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">click me</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">tab trick</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">entities</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "＜script＞alert(1)＜/script＞",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>@import 'http://evil.example/x.css';</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "[click me](javascript:alert(1))",
    "![pic](javascript:alert(1))",
    "[x]: javascript:alert(1)\n[link][x]",
    "<javascript:alert(1)>",
    "<http://evil.example/phish>",
    "# Heading injection\n<script>alert(1)</script>",
    "**bold** _em_ `code` | table | cell |",
    "line one\n\n<img src=x onerror=alert(1)>\n\n---",
    "x\u2028<script>alert(1)</script>\u2029y",
    "\x00<script>alert(1)</script>",
    "{{ 7*7 }} {% raw %}{{ doc }}{% endraw %}",
]
assert len(PAYLOADS) >= 30


def _fill(obj: object, payload: str) -> None:
    """Put the payload into every text field of a dataclass tree (lists and mapping values too)."""
    hints = typing.get_type_hints(type(obj))
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        tp = hints[f.name]
        if tp is str:
            setattr(obj, f.name, payload)
        elif dataclasses.is_dataclass(value):
            _fill(value, payload)
        elif isinstance(value, list):
            if typing.get_args(tp) == (str,):
                setattr(obj, f.name, [payload, payload])
            for item in value:
                if dataclasses.is_dataclass(item):
                    _fill(item, payload)
        elif isinstance(value, dict) and typing.get_args(tp)[1:] == (str,):
            setattr(obj, f.name, {**{k: payload for k in value}, payload: payload})


def hostile_workbook(payload: str) -> Workbook:
    wb = load_workbook(SAMPLE)
    # make sure every kind of record exists, so every field reaches an export
    wb.goals.append(SmartGoal(target_date=dt.date(2025, 6, 1)))
    wb.plan.append(PlanRow(target_date=dt.date(2025, 6, 1)))
    wb.log.append(LogEntry(date=dt.date(2025, 4, 1), duration_minutes=5))
    wb.assessments.append(SkillAssessment(taken_on=dt.date(2025, 4, 1), levels={payload: "expert"}))
    wb.evaluations.append(Evaluation(done_on=dt.date(2025, 4, 2), answers={"progress-on-goals": ""}, rating=4))
    wb.closure.ending_agreed = True
    _fill(wb, payload)
    # ids typed nowhere by users, but shown when the course no longer knows them: hostile ones too
    wb.set_reflection(f"module:{payload}", payload)
    wb.agenda.append(payload)
    wb.roles_needed.append(payload)
    wb.roles_offered.append(payload)
    for row in wb.plan:
        row.skill_id = payload
    return wb


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "header", "section", "footer", "h1", "h2",
                "h3", "h4", "h5", "p", "br", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th",
                "td", "div", "bdi"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcdoc"}


class Inspector(HTMLParser):
    def __init__(self, allowed: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.tags: list[str] = []
        self.bad: list[str] = []
        self.text: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "style":
            self.styles += 1
        if tag not in self.allowed:
            self.bad.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"handler {name}= on <{tag}>")
            if name in URL_ATTRS:
                self.bad.append(f"URL attribute {name}= on <{tag}>")
            if value and "javascript:" in "".join(value.split()).lower():
                self.bad.append(f"javascript: in {name}= on <{tag}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def inspect(page: str, allowed: set[str] = ALLOWED_TAGS) -> Inspector:
    inspector = Inspector(allowed)
    inspector.feed(page)
    inspector.close()
    return inspector


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    return load_curriculum()


HTML_EXPORTS = [exports.agreement_html, exports.plan_html, exports.agenda_html, exports.mentoring_plan_html]
MD_EXPORTS = [exports.agreement_markdown, exports.plan_markdown, exports.agenda_markdown,
              exports.mentoring_plan_markdown]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_exports_keep_hostile_text_as_text(payload: str, curriculum: Curriculum) -> None:
    wb = hostile_workbook(payload)
    for render in HTML_EXPORTS:
        page = render(wb, curriculum)
        found = inspect(page)
        assert found.bad == [], (render.__name__, found.bad)
        assert found.styles == 1, "only the page's own stylesheet"
        assert found.tags.count("title") == 1 and found.tags.count("script") == 0
        # the participant's words are all there, shown as typed (escaped, not dropped)
        first_line = _words(payload.splitlines()[0]) if payload.strip() else ""
        assert first_line in _words(" ".join(found.text)), render.__name__
        if "<" in payload:
            assert str(markupsafe.escape(payload.splitlines()[0].strip())) in page, render.__name__


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_exports_escape_hostile_text(payload: str, curriculum: Curriculum) -> None:
    mistune = pytest.importorskip("mistune")
    # escape=False: render the way the least careful Markdown viewer would, passing raw HTML through
    to_html = mistune.create_markdown(escape=False, plugins=["table"])
    wb = hostile_workbook(payload)
    for render in MD_EXPORTS:
        md = render(wb, curriculum)
        # the only raw "<" a Markdown export may hold is our own line break inside table cells
        assert "<" not in md.replace("<br>", ""), render.__name__
        # what our own Markdown makes: headings, lists, tables, bold labels, italic notes, the footer rule
        found = inspect(to_html(md), ALLOWED_TAGS | {"em", "strong", "hr"})
        assert found.bad == [], (render.__name__, found.bad)
        assert "a" not in found.tags and "img" not in found.tags
        first_line = _words(payload.splitlines()[0]) if payload.strip() else ""
        assert first_line in _words(" ".join(found.text)), render.__name__


def test_ics_and_csv_keep_hostile_text_intact() -> None:
    import icalendar

    for payload in PAYLOADS:
        wb = hostile_workbook(payload)
        cal = icalendar.Calendar.from_ical(exports.meetings_ics(wb))
        assert len(list(cal.walk("VEVENT"))) == 1
        assert exports.import_log_csv(exports.log_csv(wb)) == wb.log


# ---------------------------------------------------------------------------
# Arbitrary text never crashes an export and never becomes markup

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(any_text, min_size=1, max_size=6))
def test_exports_never_crash_on_arbitrary_text(texts: list[str], curriculum: Curriculum) -> None:
    wb = load_workbook(SAMPLE)
    wb.profile.name, wb.agreement.goals, wb.log[0].notes = texts[0], texts, texts[-1]
    wb.plan[0].goal_and_timeline = "\n".join(texts)
    wb.agreement.schedule.location = texts[len(texts) // 2]
    for render in HTML_EXPORTS:
        assert inspect(render(wb, curriculum)).bad == []
    for render in MD_EXPORTS:
        assert "<" not in render(wb, curriculum).replace("<br>", "")
    exports.meetings_ics(wb)
    assert exports.import_log_csv(exports.log_csv(wb)) == wb.log
    assert exports.import_workbook_json(exports.workbook_json(wb)) == wb
