"""The SMART checker against a coach's labels, on every labelled set, and the cases issue 12 named.

Sets (tests/data/): smart_goals.yml is the tuning corpus; the three holdouts and the blind sets were each
measured blind once, with the rules of that day, before any rule was changed because of them (the figures and
the rounds are in bench/README.md). smart_goals_blind_9.yml and smart_goals_blind_10.yml were never studied: their
figures are the honest ones, and their misses are listed only with ``--show-blind-misses``. The floors are the figures
bench/bench_smart.py printed when they were set, minus a margin of 0.02 (rounded down, at most 0.98), so
agreement with the labels can only slide by less than one goal's worth before a test says so. If a change lowers
one, the change is wrong or the label is: look at the disagreement with ``python bench/bench_smart.py
--show-misses`` (never for the unstudied set while tuning; a rule changed because of one of its goals turns it
into a development set).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bench.bench_smart import ALL_SETS as PRINTED_SETS
from bench.bench_smart import (
    BLIND,
    BLIND_2,
    BLIND_3,
    BLIND_4,
    BLIND_5,
    BLIND_6,
    BLIND_7,
    BLIND_8,
    BLIND_9,
    BLIND_10,
    CORPUS,
    HOLDOUT,
    HOLDOUT_2,
    HOLDOUT_3,
    LETTERS,
    load_cases,
    measure,
)
from mentoringkit.smart_goal import GoalContext, analyse_goal
from mentoringkit.workbook import SmartGoal

#: set -> ({criterion letter: (precision met, recall met, precision not met, recall not met)}, exact match),
#: each as measured on 2026-11-26 after the eighth round of issue 12 minus 0.02 (rounded down, at most 0.98).
FLOORS = {
    CORPUS: ({"S": (0.98, 0.98, 0.98, 0.98), "M": (0.97, 0.98, 0.98, 0.96), "A": (0.97, 0.98, 0.98, 0.96),
             "R": (0.98, 0.98, 0.98, 0.98), "T": (0.98, 0.98, 0.98, 0.98)}, 0.97),
    HOLDOUT: ({"S": (0.98, 0.98, 0.98, 0.98), "M": (0.98, 0.98, 0.98, 0.98), "A": (0.98, 0.98, 0.98, 0.98),
              "R": (0.98, 0.98, 0.98, 0.98), "T": (0.98, 0.98, 0.98, 0.98)}, 0.98),
    HOLDOUT_2: ({"S": (0.94, 0.94, 0.91, 0.91), "M": (0.94, 0.98, 0.98, 0.90), "A": (0.98, 0.98, 0.98, 0.98),
                "R": (0.98, 0.98, 0.98, 0.98), "T": (0.98, 0.98, 0.98, 0.98)}, 0.93),
    HOLDOUT_3: ({"S": (0.89, 0.98, 0.98, 0.75), "M": (0.81, 0.98, 0.98, 0.58), "A": (0.98, 0.98, 0.98, 0.98),
                "R": (0.98, 0.98, 0.98, 0.98), "T": (0.98, 0.98, 0.98, 0.98)}, 0.84),
    # the first blind set, studied in the first rounds
    BLIND: ({"S": (0.94, 0.96, 0.94, 0.89), "M": (0.96, 0.98, 0.98, 0.94), "A": (0.97, 0.97, 0.93, 0.93),
            "R": (0.98, 0.97, 0.90, 0.98), "T": (0.96, 0.98, 0.98, 0.94)}, 0.91),
    # the second blind set, a development set since the third round (blind: exact 0.742)
    BLIND_2: ({"S": (0.94, 0.95, 0.91, 0.90), "M": (0.97, 0.94, 0.86, 0.95), "A": (0.97, 0.96, 0.93, 0.95),
              "R": (0.96, 0.98, 0.98, 0.84), "T": (0.98, 0.96, 0.93, 0.98)}, 0.90),
    # the third blind set, by a labeller who never read nor ran the checker: measured once after the third round
    # (exact 0.707), a development set since the fourth
    BLIND_3: ({"S": (0.92, 0.92, 0.84, 0.83), "M": (0.95, 0.92, 0.81, 0.90), "A": (0.92, 0.97, 0.95, 0.73),
              "R": (0.96, 0.97, 0.94, 0.88), "T": (0.96, 0.93, 0.89, 0.95)}, 0.79),
    # the fourth and fifth blind sets, by two more such labellers, measured once after the fourth round (exact 0.634
    # and 0.676) and studied in the fifth
    BLIND_4: ({"S": (0.96, 0.89, 0.74, 0.92), "M": (0.93, 0.95, 0.91, 0.85), "A": (0.93, 0.93, 0.80, 0.78),
              "R": (0.91, 0.94, 0.79, 0.65), "T": (0.96, 0.95, 0.93, 0.94)}, 0.74),
    BLIND_5: ({"S": (0.90, 0.95, 0.93, 0.84), "M": (0.93, 0.91, 0.82, 0.84), "A": (0.94, 0.96, 0.93, 0.88),
              "R": (0.95, 0.96, 0.92, 0.90), "T": (0.96, 0.95, 0.93, 0.95)}, 0.80),
    # the sixth, seventh and eighth, measured once each before their round (exact 0.617 after the fifth round; 0.618
    # after the sixth; 0.564 after the seventh) and studied in it
    BLIND_6: ({"S": (0.84, 0.91, 0.88, 0.79), "M": (0.93, 0.87, 0.74, 0.86), "A": (0.93, 0.96, 0.92, 0.85),
              "R": (0.92, 0.95, 0.90, 0.81), "T": (0.96, 0.94, 0.94, 0.96)}, 0.70),
    BLIND_7: ({"S": (0.90, 0.92, 0.88, 0.86), "M": (0.94, 0.86, 0.72, 0.89), "A": (0.86, 0.94, 0.86, 0.66),
              "R": (0.93, 0.96, 0.91, 0.84), "T": (0.97, 0.95, 0.93, 0.96)}, 0.69),
    BLIND_8: ({"S": (0.87, 0.86, 0.80, 0.81), "M": (0.91, 0.87, 0.75, 0.84), "A": (0.87, 0.94, 0.89, 0.73),
              "R": (0.90, 0.96, 0.91, 0.72), "T": (0.97, 0.96, 0.95, 0.96)}, 0.68),
    # the ninth and tenth, never studied: the ninth measured after the seventh round (exact 0.591) and the eighth
    # (0.614), the tenth before and after the eighth (0.600 both); floors only keep them from sliding
    BLIND_9: ({"S": (0.76, 0.94, 0.92, 0.65), "M": (0.91, 0.91, 0.79, 0.79), "A": (0.80, 0.96, 0.89, 0.46),
              "R": (0.88, 0.92, 0.78, 0.68), "T": (0.96, 0.90, 0.88, 0.95)}, 0.59),
    BLIND_10: ({"S": (0.79, 0.92, 0.88, 0.69), "M": (0.91, 0.88, 0.74, 0.81), "A": (0.79, 0.94, 0.85, 0.49),
               "R": (0.85, 0.97, 0.95, 0.61), "T": (0.97, 0.93, 0.89, 0.96)}, 0.58),
}
ALL_SETS = tuple(FLOORS)


def test_every_set_the_benchmark_prints_has_a_floor() -> None:
    assert ALL_SETS == PRINTED_SETS


def test_the_corpus_is_big_and_varied() -> None:
    cases = load_cases(CORPUS)
    assert len(cases) >= 150
    assert len({c.id for c in cases}) == len(cases)
    for letter in LETTERS:  # every criterion has goals that meet it and goals that do not
        assert 10 <= sum(c.labels[letter] for c in cases) <= len(cases) - 10
    assert all(c.reason.strip() and c.today for c in cases)
    assert sum(bool(c.context.development_areas or c.context.vision or c.context.role) for c in cases) >= 8


def test_the_blind_set_is_big_and_varied() -> None:
    cases = load_cases(BLIND)
    assert len(cases) >= 80 and len({c.id for c in cases}) == len(cases)
    for letter in LETTERS:
        assert 10 <= sum(c.labels[letter] for c in cases) <= len(cases) - 10
    assert all(c.reason.strip() for c in cases)
    assert sum(bool(c.context.role) for c in cases) >= 40  # judged in many people's working lives
    assert len({c.today for c in cases}) >= 3  # and not only on one day
    texts = " ".join(c.goal.text for c in cases)
    for form in (r"\b\d{1,2}/\d{1,2}/\d{4}\b", r"\b\d{4}-\d\d-\d\d\b", r"\b(?:January|March) \d{1,2}(?:st|rd)?,",
                 r"\bwithin six weeks\b", r"\bsitting\b", r"\bspring term ends\b"):
        assert re.search(form, texts), form
    assert re.search(r"\b(?:organis|paediatric|digitis)", texts, re.I)  # British spelling
    assert re.search(r"\b(?:math|graders)\b", texts)  # and American


def _written_blind(path, goals: int, missed: int) -> tuple[list, str]:
    """A blind set's goals and their text together, once it is checked to hold at least ``goals`` goals with
    different ids, a reason on every one, and each criterion labelled "not met" at least ``missed`` times."""
    cases = load_cases(path)
    assert len(cases) >= goals and len({c.id for c in cases}) == len(cases)
    for letter in LETTERS:
        assert len(cases) - sum(c.labels[letter] for c in cases) >= missed, letter
    assert all(c.reason.strip() for c in cases)
    return cases, " ".join(c.goal.text for c in cases)


def test_the_fourth_blind_set_is_big_and_varied() -> None:
    cases, texts = _written_blind(BLIND_4, goals=200, missed=30)
    assert all(c.context.role for c in cases)
    for form in (r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", r"\bMichaelmas\b|\bHilary\b|\bLent term\b",
                 r"\b(?:acheive|recieve)\b"):
        assert re.search(form, texts, re.I), form


def test_the_fifth_blind_set_is_big_and_varied() -> None:
    cases, texts = _written_blind(BLIND_5, goals=200, missed=50)
    # judged against what people said they want, on many different days
    assert sum(bool(c.context.development_areas and c.context.vision) for c in cases) >= 200
    assert len({c.today for c in cases}) >= 20
    for form in (r"\b\d{1,2}/\d{1,2}/\d{4}\b", r"\bQ[1-4]\b", r"\b\d{1,2}(?:st|nd|rd|th)? (?:of )?March\b",
                 r"\bcolour|programme|centre\b", r"\bOrganize\b", r"3 things|so that it matters"):
        assert re.search(form, texts, re.I), form


_DOTTED = r"\b\d{1,2}\.\d{1,2}\.\d{4}\b"


@pytest.mark.parametrize(("path", "days", "dates"), [
    (BLIND_6, 4, _DOTTED), (BLIND_7, 30, _DOTTED), (BLIND_8, 30, _DOTTED), (BLIND_9, 30, _DOTTED),
    (BLIND_10, 30, r"the thirty-first of March"),  # no dotted dates in the tenth: days spelt out instead
])
def test_the_sixth_to_tenth_blind_sets_are_big_and_varied(path, days: int, dates: str) -> None:
    cases, texts = _written_blind(path, goals=200, missed=50)
    # judged against what people said they want, in many lines of work and on several days
    assert sum(bool(c.context.development_areas and c.context.vision) for c in cases) >= 195
    assert len({c.context.vision for c in cases}) >= 25 and len({c.today for c in cases}) >= days
    for form in (r"\b\d{1,2}/\d{1,2}/\d{4}\b", dates, r"so that it matters|3 things",
                 r"30 February|30/02|31/02|31 April|29th Feb|31 September|31/09|31st of November|February 30"):
        assert re.search(form, texts, re.I), form


def test_the_third_blind_set_is_big_and_varied() -> None:
    cases, texts = _written_blind(BLIND_3, goals=160, missed=25)
    assert sum(bool(c.context.role) for c in cases) >= 150
    for form in (r"\b\d{1,2}/\d{1,2}/\d{4}\b", r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", r"\bQ[1-4] \d{4}\b", r"\bnext Friday\b",
                 r"\bASAP\b", r"\[Insert goal here\]"):
        assert re.search(form, texts), form


def test_the_second_blind_set_is_big_and_varied() -> None:
    cases = load_cases(BLIND_2)
    assert len(cases) >= 150 and len({c.id for c in cases}) == len(cases)
    for letter in LETTERS:
        assert 15 <= sum(c.labels[letter] for c in cases) <= len(cases) - 15
    assert all(c.reason.strip() for c in cases)
    assert sum(bool(c.context.role) for c in cases) >= 100
    assert len({c.today for c in cases}) >= 4
    assert sum(c.goal.target_date is not None for c in cases) >= 8
    texts = " ".join(c.goal.text for c in cases)
    for form in (r"\b\d{1,2}/\d{1,2}/\d{4}\b", r"\b\d{4}-\d\d-\d\d\b", r"\b\d{1,2}\.\d{1,2}\.\d{4}\b",
                 r"\b(?:March|April) \d{1,2}, \d{4}", r"\bwithin 10 days\b", r"\bhalf-term\b", r"\bJanaury\b",
                 r"\b30th Febuary\b", r"\bso that I can improve\b|\bso I can improve\b", r"^(?:Stop|Never|Don't)\b"):
        assert any(re.search(form, c.goal.text) for c in cases) or re.search(form, texts), form
    assert re.search(r"\b(?:organis|digitis|programme)", texts)  # British spelling
    assert re.search(r"\b(?:summarize|color|semester|Labor Day)\b", texts)  # and American


@pytest.mark.parametrize("path", ALL_SETS, ids=lambda p: p.name)
def test_agreement_with_the_labels_never_slides_back(path) -> None:
    floors, exact_floor = FLOORS[path]
    figures = measure(load_cases(path))
    for letter, floor_values in floors.items():
        got = figures.per_criterion[letter]
        for name, value, floor in zip(("P(met)", "R(met)", "P(not)", "R(not)"), got, floor_values, strict=True):
            assert value >= floor, f"{path.name}: {LETTERS[letter]} {name} fell to {value:.3f} (floor {floor})"
    assert figures.exact >= exact_floor, f"{path.name}: exact match fell to {figures.exact:.3f}"


# -- the cases issue 12 names ----------------------------------------------------------------------

TODAY = dt.date(2026, 11, 25)


def report(text: str, context: GoalContext | None = None, today: dt.date = TODAY, **fields):
    return analyse_goal(SmartGoal(text=text, **fields), today=today, context=context)


def test_a_gamed_goal_fails_with_reasons() -> None:
    r = report("By 2027 do 3 things so that it matters")
    assert r.missing == ("specific", "measurable", "relevant")
    assert "'things' stands in for the real thing" in r.result("specific").reason
    assert "nothing ties it" in r.result("relevant").reason
    r = report("Submit my annual appraisal form by Friday so that it matters")
    assert r.result("relevant").met  # an empty purpose does not spoil a plainly professional goal


@pytest.mark.parametrize("text", [
    "Finalise the falls-prevention care bundle and present it to the ward meeting in February",
    "Refactor the billing module and get the change reviewed by two seniors by the end of the sprint",
    "Roll out the new appraisal form to all four regional teams by the end of April",
    "Reduce the p95 latency of the search API from 800 ms to under 300 ms by the end of Q1 2027",
    "Decommission the two legacy file servers by 30 April 2027",  # a verb on no list anywhere
])
def test_specific_does_not_rest_on_a_verb_list(text: str) -> None:
    assert report(text).met_all, [(r.criterion, r.reason) for r in report(text).results if not r.met]


@pytest.mark.parametrize(("text", "today", "met"), [
    ("Submit the ethics application by August 2026", TODAY, False),
    ("Submit the ethics application by August 2026", dt.date(2026, 6, 1), True),
    ("Sit the MRCP Part 2 at the May 2027 sitting", TODAY, True),
    ("Sit the MRCP Part 2 at the May 2027 sitting", dt.date(2027, 7, 1), False),
    ("Finish the first draft of my literature review by 31st Jan 2027", TODAY, True),
    ("Lead the Wednesday journal club for the whole spring term", TODAY, True),
    ("Submit my portfolio by 31/03/2027", TODAY, True),
    ("Submit my portfolio on 15/13/2027", TODAY, False),
    ("Present one poster at the 2033 world congress", TODAY, False),
    ("Write the grant report ASAP", TODAY, False),
])
def test_deadlines_written_in_the_text(text: str, today: dt.date, met: bool) -> None:
    assert report(text, today=today).result("time_bound").met is met


def test_relevance_is_judged_against_what_the_person_said() -> None:
    goal = "Run a 10k in March"
    assert not report(goal).result("relevant").met
    fit = GoalContext(vision="Stay fit and well enough to keep working night shifts")
    r = report(goal, fit)
    assert r.result("relevant").met and "where you want to go" in r.result("relevant").reason
    areas = GoalContext(development_areas=("Give feedback", "Question"))
    assert not report("Learn to juggle three balls by Easter", areas).result("relevant").met
    assert report("Ask one open question before giving advice in my next five meetings", areas).result(
        "relevant").met


def test_achievable_weighs_amount_time_and_starting_point() -> None:
    assert not report("Publish 10 papers by June").result("achievable").met
    assert report("Publish 3 papers by the end of 2027").result("achievable").met
    assert not report("As a newly qualified nurse, become chief nursing officer of the trust within four "
                      "months").result("achievable").met
    assert not report("I have never run before; run a marathon in three weeks").result("achievable").met
    asks = report("Publish 3 papers").result("achievable")
    assert asks.met and asks.question  # it cannot tell without a time frame, so it asks


def test_the_workbook_gives_the_context() -> None:
    from mentoringkit.curriculum import load_curriculum
    from mentoringkit.smart_goal import goal_context
    from mentoringkit.workbook import SkillAssessment, Workbook

    workbook = Workbook()
    workbook.assessments.append(SkillAssessment(TODAY, {"give-feedback": "developmental", "question": "expert"},
                                                development_note="I want to coach junior staff"))
    workbook.set_reflection("module:vision", "Lead a clinical research team within five years")
    context = goal_context(workbook, load_curriculum())
    assert [a.split(".")[0] for a in context.development_areas] == ["Give feedback"]
    assert "coach junior staff" in context.vision and "research team" in context.vision


@pytest.mark.parametrize("path", ALL_SETS, ids=lambda p: p.name)
def test_every_labelled_goal_becomes_one_grammatical_statement(path) -> None:
    """issue 12: one statement in ten was ungrammatical ("I will by Friday I will read …", "by … by"); each goal
    of every set is written out as it is and again with a target date, a measure and resources added."""
    extra = {"target_date": dt.date(2027, 6, 30), "measure": "Measured by my mentor's notes",
             "resources": "With my manager's time"}
    for case in load_cases(path):
        goal = case.goal
        for fields in ({}, extra):
            filled = SmartGoal(text=goal.text, measure=goal.measure or fields.get("measure", ""),
                               resources=goal.resources or fields.get("resources", ""),
                               target_date=goal.target_date or fields.get("target_date"))
            statement = analyse_goal(filled, today=case.today, context=case.context).statement
            text = goal.text.lower()
            # one sentence: no full stop inside it, other than in an abbreviation the person wrote ("M.Ed.", "Dr.",
            # "Sept. 30")
            inside = re.sub(r"\b(?:[A-Za-z]{1,3}\.){2,}|\b(?:Dr|Mr|Mrs|Ms|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|"
                            r"Nov|Dec)\.", "", statement)
            assert statement[:1].isupper() and statement.endswith(".") and inside.count(". ") == 0, statement
            assert statement.lower().count("i will") <= max(1, text.count("i will")), statement
            assert not re.search(r"\bwill (?:by|before|within|in \d)\b", statement), statement
            assert statement.lower().count("measured by") <= 1 + text.count("measured by"), statement
            # no capital mid-way, unless the person wrote it so ("Part 1, Part 2 written"; "study guide, Blackstone's
            # manual" in the resources)
            capitals = re.findall(r", ([A-Z][a-z]+)", statement.replace(", I will", ""))
            written = " ".join((goal.text, goal.measure or "", goal.resources or ""))
            assert all(re.search(rf", {word}\b", written) for word in capitals), statement
            openings = re.findall(r"^by |, by \d", statement.lower())
            assert len(openings) <= 1 + len(re.findall(r"\bby \d", text)), statement


@pytest.mark.parametrize("text", [
    "Get my Gas Safe registration by the end of next month",  # a light verb whose object names a kind
    "Take salsa lessons every Thursday until June",
    "Get my logbook up to date by Friday",  # the end state it is brought to
    "Have my appraisal done by the end of January",
    "Write and send my stakeholder update every second Friday until March",  # two verbs, one object
    "Chair the February governance meeting",  # a month naming which meeting
    "Make a video guide to the new infusion pump by February",  # 'to' as a preposition, not others deciding
])
def test_concrete_actions_with_light_or_unlisted_verbs_are_specific(text: str) -> None:
    assert report(text).result("specific").met, report(text).result("specific").reason


@pytest.mark.parametrize("text", ["Get a job", "Take a course", "Make my manager notice me", "Get a new job",
                                  "Have my students' test scores go up", "Get my manager to give me a pay rise"])
def test_light_verbs_without_a_named_thing_are_still_vague(text: str) -> None:
    assert not report(text).result("specific").met


@pytest.mark.parametrize(("text", "met", "asks"), [
    # how far along a thesis is decides whether two months is enough; the goal does not say, so it asks
    ("Submit my thesis by 20 December", True, True),
    ("Write my PhD thesis in two months", False, False),
    ("Finish my whole thesis from scratch by Christmas", False, False),
    # a certificate at an entry level may be a day's course
    ("Pass the level 2 food hygiene certificate next month, starting from scratch", True, True),
    ("Get my Gas Safe registration by the end of next month, starting from scratch", False, False),
    # a pace of writing the goal cannot weigh without knowing the size of each piece; publishing is not hurried
    ("Write 3 chapters of my thesis by the end of January", True, True),
    ("Publish 10 papers by June", False, False),
    # a share is not a count of the exams named after it; 'next year' ends at the end of next year
    ("Raise the share of my class predicted a grade 5 from 40% to 60% by the mock exams in March", True, False),
    ("Publish 2 papers by the end of next year", True, False),
    # reviewing every error grows with what comes up; answering every email does not
    ("Score 90% on the next three drug-calculation tests by March and review every error with the ward educator",
     True, False),
    ("Answer every customer email", False, False),
    # the top of a scale from nothing, a whole-world problem, a verdict only the market gives
    ("Reach HSK 6 business Mandarin within six weeks, starting from none", False, False),
    ("Cure cancer by next year", False, False),
    ("Eradicate MRSA from ward 6 by June", True, False),
    ("Write a bestselling book", False, False),
])
def test_achievable_asks_when_it_cannot_tell_and_fails_only_when_it_can(text: str, met: bool, asks: bool) -> None:
    result = report(text).result("achievable")
    assert result.met is met, result.reason
    assert bool(result.question) is asks, result.question


@pytest.mark.parametrize(("text", "met"), [
    ("Get my welding certificate next Friday", True),
    ("Submit my chartered engineer application by the end of 2035", False),
])
def test_more_deadlines_written_in_the_text(text: str, met: bool) -> None:
    assert report(text).result("time_bound").met is met


def test_a_hobby_names_what_its_lessons_are_for() -> None:
    assert not report("Take salsa lessons every Thursday until June").result("relevant").met
    assert report("Teach a yoga class for staff on the ward every Friday until March").result("relevant").met
    assert report("Run the hospital's 5k charity fun run in June to raise money for the children's ward").result(
        "relevant").met


# -- the third round: scale against time and starting point, domains of work, directions ------------------------


@pytest.mark.parametrize(("text", "role", "met", "asks"), [
    # a pace of hands-on work a day, said outright or worked out from a count and the working days
    ("Service 40 boilers in the next three days", "gas engineer", False, False),
    ("Service 12 boilers in the next three weeks", "gas engineer", True, False),
    ("See 75 patients a day in the minor injuries unit until March", "nurse practitioner", False, False),
    ("See 25 patients a day in the minor injuries unit until March", "nurse practitioner", True, False),
    # a senior post from near the bottom of the ladder; a degree from a standing start
    ("Become clinical director within a year", "junior doctor", False, False),
    ("Get my MBA by June, starting from scratch", "analyst", False, False),
    ("Get my MSc by September 2027", "staff nurse", True, True),  # it may be under way: ask
    # how fast figures move, verdicts and acceptance others give, places too wide for one person
    ("Grow our mailing list tenfold by the end of next month", "marketing officer", False, False),
    ("Get my department rated good by the inspectors within a month", "ward manager", False, False),
    ("Publish my first paper in a peer-reviewed journal within two months", "postdoc", False, False),
    ("Submit my first paper to a peer-reviewed journal within two months", "postdoc", True, False),
    ("End rough sleeping in the country by next year", "outreach worker", False, False),
    ("Win an Olympic gold in rowing", "accountant", False, False),
    # promises with no room for a bad day, and a bounded set that has an end state
    ("Stop making typing errors in my reports", "", False, False),
    ("Answer every patient query within a day for the rest of my career", "receptionist", False, False),
    ("Get all my overdue appraisals signed off by Friday", "team leader", True, False),
    # a level of progress against the weeks given
    ("Move my tutor group up by two reading levels within a month", "teacher", False, False),
])
def test_achievable_weighs_scale_against_time_and_start(text: str, role: str, met: bool, asks: bool) -> None:
    result = report(text, GoalContext(role=role)).result("achievable")
    assert result.met is met, result.reason
    assert bool(result.question) is asks, result.question


def test_a_season_or_the_end_of_term_gives_a_horizon() -> None:
    # 'by spring' leaves about four months: too little for a book from a standing start
    assert not report("Write a whole novel from scratch by spring").result("achievable").met
    assert not report("Write a whole novel from scratch by the end of term").result("achievable").met
    assert report("Write a whole novel from scratch by 2029").result("achievable").met


@pytest.mark.parametrize(("text", "context", "met"), [
    # a domain whose everyday words differ from the job's name
    ("Rewire the garage of a client's house next week", GoalContext(role="electrician"), True),
    ("Bake 30 rye loaves for the farmers' market every Saturday until May",
     GoalContext(role="teacher", vision="Run my own bakery one day"), True),
    ("Pass my driving test by March", GoalContext(role="community midwife"), True),
    ("Pass my driving test by March", GoalContext(role="accountant"), False),
    # leisure with no stated link
    ("Take a week of ski lessons in the Alps in February", GoalContext(role="solicitor"), False),
    ("Watch every episode of my favourite crime drama", GoalContext(role="teacher"), False),
    ("Train for and finish the London Marathon in April", GoalContext(role="dentist"), False),
    # jargon that names nothing ties to nothing
    ("Leverage cross-team synergies this quarter", GoalContext(), False),
])
def test_relevance_uses_domains_of_work_and_leisure(text: str, context: GoalContext, met: bool) -> None:
    assert report(text, context).result("relevant").met is met, report(text, context).result("relevant").reason


@pytest.mark.parametrize(("text", "specific", "measurable"), [
    ("Reduce agency spend on my ward", False, False),  # a direction with no figure
    ("Reduce agency spend on my ward from £9k to £6k a month by June", True, True),
    ("Achieve 95% on-time handovers in my team by March", True, True),
    ("Grow repeat orders tenfold by the end of 2027", True, True),
    ("Imprve my report writing", False, False),  # a direction typed with one slip is still a direction
    ("Keep the store room neater", False, False),
    ("Build the new rota for January", True, True),
    ("Clear my inbox to zero by Friday", True, True),
    ("Get my head around the new appraisal system", False, False),
    ("Solve world hunger", False, False),
])
def test_directions_need_a_figure_and_actions_need_an_object(text: str, specific: bool, measurable: bool) -> None:
    r = report(text)
    assert r.result("specific").met is specific, r.result("specific").reason
    assert r.result("measurable").met is measurable, r.result("measurable").reason


def test_a_measure_can_say_what_a_direction_means() -> None:
    goal = "Improve my chairing of meetings"
    assert not report(goal).result("specific").met
    r = report(goal, measure="Chair four team meetings with my mentor observing and use her notes")
    assert r.result("specific").met and r.result("measurable").met


@pytest.mark.parametrize(("text", "met"), [
    ("Raise the Year 11 pass rate from 55% to 65% at the summer GCSEs", True),
    ("Mark every lab report within a week for the rest of the term", True),
    ("Set up the new filing system by Thanksgiving", True),
    ("Get both new apprentices through their induction within their first two weeks", True),
])
def test_exam_series_holidays_and_spans_are_deadlines(text: str, met: bool) -> None:
    assert report(text).result("time_bound").met is met, report(text).result("time_bound").reason


@pytest.mark.parametrize(("text", "statement"), [
    ("by xmas - write up the handover SOP", "By xmas, I will write up the handover SOP."),
    ("Before the audit: check every fridge log", "Before the audit, I will check every fridge log."),
    ("By Friday - read two papers on sepsis", "By Friday, I will read two papers on sepsis."),
    ("I will by Friday: read it", "By Friday, I will read it."),
    ("Build a pre-op checklist - test it on two lists", "I will build a pre-op checklist - test it on two lists."),
])
def test_an_opening_time_set_apart_by_a_dash_or_colon_opens_the_statement(text, statement) -> None:
    from mentoringkit.smart_goal import compose_statement

    assert compose_statement(SmartGoal(text=text)) == statement


# --- fourth round: mechanisms found across the misses of the second and third blind sets, checked on invented
# goals (none of them is in a labelled set)

@pytest.mark.parametrize(("text", "role"), [
    ("Complete Y by 14/05/2027", "practice nurse"),  # a letter in place of the goal
    ("Get it done by Thursday", "receptionist"),  # a pronoun and a verb of doing
    ("TBD", "paralegal"),
    ("[Describe your goal] by [when]", ""),  # a blank form's slots
    ("Measurable and time-bound goal to be agreed at the next review", "data analyst"),  # the frame's own words
])
def test_a_goal_that_names_nothing_is_not_specific_measurable_or_relevant(text: str, role: str) -> None:
    r = report(text, GoalContext(role=role))
    assert not r.result("specific").met and not r.result("measurable").met, r.result("specific").reason
    assert not r.result("relevant").met, r.result("relevant").reason


def test_a_goal_that_names_nothing_can_still_match_a_development_area() -> None:
    assert report("Set goals", GoalContext(development_areas=("Set goals",))).result("relevant").met


@pytest.mark.parametrize(("text", "context", "met"), [
    # a course, an exam or a licence takes its domain from what it teaches
    ("Finish a ten-week pottery course by June", GoalContext(role="payroll officer"), False),
    ("Pass my motorcycle licence test before the summer", GoalContext(role="pharmacist"), False),
    ("Pass the RYA sailing exam in May", GoalContext(role="geologist", vision="Lead a survey team"), False),
    ("Pass the ACCA audit exam in June", GoalContext(role="trainee accountant"), True),
    ("Finish the infection-control course by June", GoalContext(role="healthcare assistant"), True),
    # a pastime inside a compound or done over
    ("Finish the couch-to-10k plan by spring", GoalContext(role="architect", vision="Run my own practice"), False),
    ("Redecorate the hallway before Easter", GoalContext(role="buyer"), False),
    # a work word inside a time phrase says when
    ("Renew my passport before the quarterly board meeting", GoalContext(role="civil engineer"), False),
])
def test_a_course_or_exam_belongs_to_what_it_teaches(text: str, context: GoalContext, met: bool) -> None:
    assert report(text, context).result("relevant").met is met, report(text, context).result("relevant").reason


@pytest.mark.parametrize("text", [
    "Never send a payslip out with an error again",
    "No more missed deadlines on my grant reports this year",
    "Make sure every referral is sent without a single mistake",
    "Do not drop a sample in transit again",
])
def test_a_promise_that_a_countable_slip_never_happens_is_checkable_but_out_of_reach(text: str) -> None:
    r = report(text, GoalContext(role="administrator"))
    assert r.result("measurable").met, r.result("measurable").reason
    assert not r.result("achievable").met, r.result("achievable").reason


@pytest.mark.parametrize("text", [
    "Never lose my temper with a colleague again",  # a feeling, not a countable slip
    "Accept no more than two extra shifts a month until June",  # a bound, not a promise of none
])
def test_not_every_negative_is_a_countable_slip(text: str) -> None:
    r = report(text)
    if "temper" in text:
        assert not r.result("measurable").met
    else:
        assert r.result("achievable").met, r.result("achievable").reason


@pytest.mark.parametrize(("text", "met"), [
    ("Pass ACCA levels 1, 2 and 3 in the next four months", False),
    ("Sit Part 1 and Part 2 of the membership exam by the end of January", False),
    ("Pass Part 1 of the membership exam by the end of January", True),
    ("Publish four papers from my thesis in the next five months", False),
    ("Publish two papers from my thesis by the end of 2028", True),
])
def test_stages_of_an_exam_and_published_papers_need_months_each(text: str, met: bool) -> None:
    r = report(text, GoalContext(role="registrar"))
    assert r.result("achievable").met is met, r.result("achievable").reason


# -- two labellers on the same goals: the ceiling for the checker ------------------------------------------

def test_each_second_labelling_covers_its_set_with_five_answers_and_a_reason() -> None:
    import yaml

    from bench.bench_agreement import PAIRS

    for first, second in PAIRS:
        ids = [g["id"] for g in yaml.safe_load(first.read_text(encoding="utf-8"))["goals"]]
        labels = yaml.safe_load(second.read_text(encoding="utf-8"))["labels"]
        assert list(labels) == ids, second.name  # the same goals, in the same order
        for gid, entry in labels.items():
            assert all(isinstance(entry[k], bool) for k in "SMART"), gid
            assert str(entry["reason"]).strip(), gid


def test_the_agreement_figures_count_disagreements() -> None:
    from bench.bench_agreement import PAIRS, agreement, kappa

    assert kappa([True, False] * 5, [True, False] * 5) == 1.0
    assert kappa([True, True, False, False], [True, False, True, False]) == 0.0  # no better than chance
    for first, second in PAIRS:
        found = agreement(first, second)
        assert found.goals == 220
        # two people applying the same definitions agree on most goals, but not on all: the figure is measured
        assert 0.8 <= found.exact < 1.0
        assert found.exact <= min(share for share, _ in found.per_criterion.values())


def test_agreement_refuses_second_labels_for_other_goals(tmp_path) -> None:
    from bench.bench_agreement import PAIRS, agreement

    first, _ = PAIRS[0]
    other = tmp_path / "second.yml"
    other.write_text("labels:\n  not-a-goal-of-the-set: {S: true, M: true, A: true, R: true, T: true, reason: x}\n",
                     encoding="utf-8")
    with pytest.raises(ValueError, match="not-a-goal-of-the-set"):
        agreement(first, other)
