"""The SMART checker against a coach's labels (tests/data/smart_goals.yml), and the cases issue 12 named.

The floors are the figures bench/bench_smart.py printed when they were set, minus nothing, so agreement with
the coach can only go up. If a change lowers one, the change is wrong or the corpus label is: look at the
disagreement with ``python bench/bench_smart.py --show-misses``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bench.bench_smart import CORPUS, HOLDOUT, HOLDOUT_2, HOLDOUT_3, LETTERS, load_cases, measure
from mentoringkit.smart_goal import GoalContext, analyse_goal
from mentoringkit.workbook import SmartGoal

#: criterion letter -> (precision met, recall met, precision not met, recall not met), as measured.
FLOOR = {"S": (1.000, 0.994, 0.986, 1.000), "M": (0.994, 1.000, 1.000, 0.984),
         "A": (0.995, 1.000, 1.000, 0.976), "R": (1.000, 1.000, 1.000, 1.000), "T": (1.000, 1.000, 1.000, 1.000)}
EXACT_FLOOR = 0.987
#: The held-out sets, as measured; the blind set's figure is far below the corpus's (see bench/README.md).
HELD_OUT_FLOORS = {HOLDOUT: 0.950, HOLDOUT_2: 0.850, HOLDOUT_3: 0.600}


def test_the_corpus_is_big_and_varied() -> None:
    cases = load_cases(CORPUS)
    assert len(cases) >= 150
    assert len({c.id for c in cases}) == len(cases)
    for letter in LETTERS:  # every criterion has goals that meet it and goals that do not
        assert 10 <= sum(c.labels[letter] for c in cases) <= len(cases) - 10
    assert all(c.reason.strip() and c.today for c in cases)
    assert sum(bool(c.context.development_areas or c.context.vision or c.context.role) for c in cases) >= 8


def test_agreement_with_the_coach_never_slides_back() -> None:
    figures = measure(load_cases(CORPUS))
    for letter, floors in FLOOR.items():
        got = figures.per_criterion[letter]
        for name, value, floor in zip(("P(met)", "R(met)", "P(not)", "R(not)"), got, floors, strict=True):
            assert round(value, 3) >= floor, f"{LETTERS[letter]} {name} fell to {value:.3f} (floor {floor})"
    assert round(figures.exact, 3) >= EXACT_FLOOR


def test_the_held_out_goals_never_slide_back() -> None:
    for path, floor in HELD_OUT_FLOORS.items():
        assert round(measure(load_cases(path)).exact, 3) >= floor, path.name


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


def test_every_corpus_goal_becomes_one_grammatical_statement() -> None:
    """issue 12: one statement in ten was ungrammatical ("I will by Friday I will read …", "by … by")."""
    import re

    for case in load_cases(CORPUS):
        statement = analyse_goal(case.goal, today=case.today, context=case.context).statement
        text = case.goal.text.lower()
        assert statement[:1].isupper() and statement.endswith(".") and statement.count(". ") == 0, statement
        assert statement.lower().count("i will") <= max(1, text.count("i will")), statement
        assert not re.search(r"\bwill (?:by|before|within|in \d)\b", statement), statement
        assert statement.lower().count("measured by") <= 1 + text.count("measured by"), statement
        openings = re.findall(r"^by |, by \d", statement.lower())
        assert len(openings) <= 1 + len(re.findall(r"\bby \d", text)), statement
