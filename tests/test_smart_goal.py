"""SMART analysis: a table of real-sounding goals with the verdict a careful mentor would give each criterion."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoringkit.smart_goal import CRITERIA, SmartReport, analyse_goal, compose_statement, format_date, time_phrases
from mentoringkit.workbook import SmartGoal

TODAY = dt.date(2025, 1, 15)
SOON = dt.date(2025, 6, 30)

# (goal text, other goal fields, expected verdicts as a 5-letter string over S M A R T: "y" met, "n" not met)
GOALS: list[tuple[str, dict, str]] = [
    # hospital nurses
    ("Get better at handovers.", {}, "nnynn"),
    ("Improve my communication with families on the ward", {}, "nnynn"),
    ("Lead three family meetings about changes in a patient's care while my mentor observes, by the end of June",
     {}, "yyyny"),
    ("Lead three family meetings about changes in a patient's care while my mentor observes, by the end of June",
     {"development_area": "gain-perspective"}, "yyyyy"),
    ("Write a one-page handover checklist for night shifts and pilot it on my ward within 8 weeks, so that fewer "
     "details are lost between shifts", {}, "yyyyy"),
    ("Always complete every patient's discharge paperwork perfectly", {"target_date": SOON}, "yynny"),
    ("Never miss a single medication round on my ward in 2025", {}, "yynny"),
    ("Present one case at the monthly nursing grand rounds", {"target_date": SOON,
                                                             "development_area": "initiate"}, "yyyyy"),
    ("Present one case at the monthly nursing grand rounds", {"target_date": dt.date(2024, 11, 1)}, "yynnn"),
    ("Become more confident when speaking up in ward rounds", {}, "nnynn"),
    ("I want to improve my time management on night shifts", {}, "nnynn"),  # "to improve" is the goal, not a why
    ("To be ready for the charge-nurse interview, lead four safety huddles on my ward by the end of March", {},
     "yyyyy"),  # the reason may come first
    # residents
    ("Work on my procedural skills during this rotation", {}, "nnyny"),
    ("Perform ten supervised lumbar punctures and log each one in my portfolio before the end of my rotation, "
     "because I need them for sign-off", {}, "yyyyy"),
    ("Pass the membership written exam at the first attempt in September 2025 to become eligible for "
     "specialty training", {}, "yyyyy"),
    ("Finish my PhD thesis and publish it as a book", {"target_date": dt.date(2025, 1, 29)}, "yynny"),
    ("Publish 20 papers in 3 months so that I stand out for the fellowship", {}, "yynyy"),
    ("Ask my supervisor for written feedback after each of my next four clinic letters", {"target_date": SOON},
     "yyyny"),
    ("Read more about evidence-based medicine", {}, "nnynn"),
    # researchers
    ("Submit one manuscript from my thesis to a peer-reviewed journal by 2025-09-30", {}, "yyyny"),
    ("Submit one manuscript from my thesis to a peer-reviewed journal by 2024-09-30", {}, "yyynn"),
    ("Draft the methods section of our grant application and send it to my mentor two weeks before the "
     "internal deadline", {"development_area": "take-action"}, "yyyyy"),
    ("Do some research on patient outcomes", {}, "nnynn"),
    ("Learn more about statistics so that I can analyse my own data", {}, "nnyyn"),
    ("Complete the online course in R programming and reproduce the analysis of one published paper "
     "within six months", {}, "yyyny"),
    ("Write 12 papers this week", {}, "yynny"),
    # professional society members
    ("Get more involved in the professional society.", {}, "nnynn"),
    ("Join one of the society's standing committees by the spring meeting, and attend at least three of its calls",
     {}, "yyyny"),
    ("At this year's annual congress, introduce myself to three people my mentor suggests, to build my "
     "network for a research collaboration", {}, "yyyyy"),
    ("Network more at conferences to advance my career", {}, "nnyyn"),
    ("Volunteer to review abstracts for the society's next annual meeting", {"target_date": SOON,
                                                                           "measure": "Ten abstracts reviewed"},
     "yyyny"),
    # HR staff
    ("Be a better HR partner for the managers I support", {}, "nnynn"),
    ("Be the best HR adviser in the world by next week", {}, "nnnny"),
    ("Run two lunchtime workshops on flexible working for line managers by the end of the year", {}, "yyyny"),
    ("Redesign the onboarding checklist with three new starters' feedback and roll it out in Q3, as part of "
     "our retention plan", {}, "yyyyy"),
    ("Make sure all managers always follow the absence policy", {"target_date": SOON}, "nnnny"),
    ("Attend all 6 leadership programme modules and write a reflection after each one",
     {"target_date": dt.date(2025, 12, 1), "development_area": "follow-through"}, "yyyyy"),
    ("Develop a mentoring guide for new HR advisers within 3 months", {"resources": "my manager's review time"},
     "yyyny"),
    ("Develop my leadership skills in the next year", {}, "nnyny"),
    ("Reduce the average time to hire from 60 to 45 days", {"target_date": dt.date(2035, 1, 1)}, "yyynn"),
]


def verdict(report: SmartReport) -> str:
    return "".join("y" if report.result(c).met else "n" for c in CRITERIA)


def test_the_table_is_big_enough_and_mixed() -> None:
    assert len(GOALS) >= 30
    assert any(v == "yyyyy" for _, _, v in GOALS) and sum(v.count("n") >= 3 for _, _, v in GOALS) >= 8


@pytest.mark.parametrize(("text", "fields", "expected"), GOALS, ids=[g[0][:40] for g in GOALS])
def test_goal_table(text: str, fields: dict, expected: str) -> None:
    report = analyse_goal(SmartGoal(text=text, **fields), today=TODAY)
    got = verdict(report)
    details = "\n".join(f"{r.criterion}: {r.met} – {r.reason}" for r in report.results)
    assert got == expected, details
    for r in report.results:
        assert r.reason.strip()
        assert r.met or r.suggestion.strip(), f"{r.criterion} unmet without a suggestion"
    assert report.met_all == (expected == "yyyyy")
    assert report.missing == tuple(c for c, v in zip(CRITERIA, expected, strict=True) if v == "n")


def test_reasons_quote_the_words_they_rest_on() -> None:
    report = analyse_goal(SmartGoal(text="Improve my communication with families on the ward"), today=TODAY)
    assert "'Improve'" in report.result("specific").reason
    report = analyse_goal(SmartGoal(text="Always complete every patient's discharge paperwork perfectly"),
                          today=TODAY)
    assert "'Always'" in report.result("achievable").reason
    report = analyse_goal(SmartGoal(text="Run two workshops for line managers by the end of the year"), today=TODAY)
    assert "two" in report.result("measurable").reason
    assert "by the end of the year" in report.result("time_bound").reason


def test_past_target_date_has_its_own_message() -> None:
    goal = SmartGoal(text="Present one case at the monthly grand rounds", target_date=dt.date(2024, 12, 1))
    report = analyse_goal(goal, today=TODAY)
    assert "1 December 2024" in report.result("time_bound").reason
    assert "past" in report.result("time_bound").reason
    assert "after today" in report.result("time_bound").suggestion


def test_target_date_today_is_not_enough_time() -> None:
    goal = SmartGoal(text="Present one case at the monthly grand rounds", target_date=TODAY)
    assert not analyse_goal(goal, today=TODAY).result("time_bound").met


def test_measure_field_counts_for_measurable() -> None:
    text = "Take part in the ward's quality improvement project on falls prevention"
    assert not analyse_goal(SmartGoal(text=text), today=TODAY).result("measurable").met
    with_measure = analyse_goal(SmartGoal(text=text, measure="Falls audit figures presented to the team"),
                                today=TODAY)
    assert with_measure.result("measurable").met
    assert "Falls audit figures" in with_measure.result("measurable").reason


def test_dates_inside_the_text_are_not_taken_for_a_count() -> None:
    report = analyse_goal(SmartGoal(text="By 30 June 2025 I will be a better teacher for students"), today=TODAY)
    assert not report.result("measurable").met
    assert report.result("time_bound").met


def test_the_suggestion_names_a_visible_result() -> None:
    report = analyse_goal(SmartGoal(text="Think about my career direction and my options"), today=TODAY)
    assert "present one case at the monthly meeting" in report.result("measurable").suggestion


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "\u2003\u00a0"])
def test_empty_goal_is_all_unmet_with_write_first(text: str) -> None:
    report = analyse_goal(SmartGoal(text=text, measure="x", target_date=SOON, development_area="initiate"),
                          today=TODAY)
    assert report.missing == CRITERIA
    assert all("Write your goal first" in r.suggestion for r in report.results)
    assert report.statement == ""


def test_unknown_criterion_is_a_clear_key_error() -> None:
    report = analyse_goal(SmartGoal(text="Present one case at grand rounds in March"), today=TODAY)
    with pytest.raises(KeyError, match="time_bound"):
        report.result("timely")


def test_very_long_text_is_handled() -> None:
    text = ("Present a case by the end of March and always improve every week <b>all</b> 2025-01-01 " * 1200)[:100_000]
    report = analyse_goal(SmartGoal(text=text), today=TODAY)
    assert len(text) == 100_000
    assert not report.result("specific").met and "words" in report.result("specific").reason
    assert text.strip()[:50] in report.statement


# -- the statement -------------------------------------------------------------

def test_compose_statement_reads_as_one_sentence() -> None:
    goal = SmartGoal(text="Present two case reviews at the monthly teaching meeting.",
                     measure="written feedback from my mentor on each", target_date=dt.date(2027, 6, 30),
                     resources="protected study time")
    assert compose_statement(goal) == ("By 30 June 2027 I will present two case reviews at the monthly teaching "
                                       "meeting, measured by written feedback from my mentor on each, using "
                                       "protected study time.")


def test_compose_statement_keeps_an_i_will_start_and_skips_empty_parts() -> None:
    joined = "I will join one society committee"
    assert compose_statement(SmartGoal(text=joined)) == joined + "."
    assert compose_statement(SmartGoal(text="NHS leadership course: complete it")) == (
        "I will NHS leadership course: complete it.")
    assert compose_statement(SmartGoal(text="  ")) == ""


def test_format_date_ignores_locale() -> None:
    assert format_date(dt.date(2026, 3, 1)) == "1 March 2026"


@pytest.mark.parametrize(("text", "phrase"), [
    ("submit by 2025-09-30", "2025-09-30"), ("finish within 6 months", "within 6 months"),
    ("lead it by the end of the year", "by the end of the year"), ("attend in 8 weeks", "in 8 weeks"),
    ("apply by March", "march"), ("send it before the internal deadline", "before the internal deadline"),
    ("apply by the May deadline", "by the may deadline"), ("a six-month audit", "six-month"),
    ("roll it out in Q3", "q3"), ("by 15 September", "15 september"), ("next year", "next year"),
])
def test_time_phrases_found(text: str, phrase: str) -> None:
    spans = time_phrases(text)
    assert any(phrase in text[a:b].lower() for a, b in spans), spans


@pytest.mark.parametrize("text", ["I may ask for help", "present at the conference", "meet four days a week",
                                  "ask my manager"])
def test_time_phrases_not_found(text: str) -> None:
    assert time_phrases(text) == []


# -- never crashes --------------------------------------------------------------

_HOSTILE = st.sampled_from(["<script>alert(1)</script>", "مرحبا بالعالم", "שלום", "🙂🚀", "\u202e", "’", "by",
                            "every", "all", "2025-02-30", "30/02/2025", "in 0 weeks", "100000 papers", "-", "%",
                            "\x00", "Present"])
_TEXT = st.lists(st.one_of(st.text(max_size=30), _HOSTILE), max_size=12).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(text=_TEXT, measure=st.text(max_size=20), resources=st.text(max_size=20), area=st.text(max_size=20),
       target=st.one_of(st.none(), st.dates()), today=st.dates())
def test_analyse_never_crashes_and_statement_keeps_the_goal(text: str, measure: str, resources: str, area: str,
                                                            target: dt.date | None, today: dt.date) -> None:
    goal = SmartGoal(text=text, measure=measure, resources=resources, development_area=area, target_date=target)
    report = analyse_goal(goal, today=today)
    assert [r.criterion for r in report.results] == list(CRITERIA)
    assert all(isinstance(r.met, bool) and r.reason for r in report.results)
    core = " ".join(text.split()).rstrip(" .;")
    if core:
        # the first letter may be lowered to run on from "I will"; everything after it is kept as typed
        assert core[1:] in report.statement
        assert re.search(re.escape(core[:1]), report.statement, re.IGNORECASE)
    else:
        assert report.statement == "" and report.missing == CRITERIA


def test_the_curriculum_examples_teach_what_the_builder_checks():
    """A participant who types a strong example sees all five criteria met; a weak one misses some."""
    from mentoringkit.curriculum import load_curriculum

    for example in load_curriculum().smart.examples:
        assert analyse_goal(SmartGoal(text=example.strong)).met_all, example.id
        assert not analyse_goal(SmartGoal(text=example.weak)).met_all, example.id
