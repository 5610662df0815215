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

# The table of labelled goals that used to live here is now part of the corpus in tests/data/smart_goals.yml
# (relabelled where issue 12 changed what Relevant means); tests/test_smart_corpus.py holds its floor.


def verdict(report: SmartReport) -> str:
    return "".join("y" if report.result(c).met else "n" for c in CRITERIA)


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
        "My goal is NHS leadership course: complete it.")
    assert compose_statement(SmartGoal(text="  ")) == ""


@pytest.mark.parametrize(("fields", "statement"), [
    # issue 12: "I will by Friday I will read …"
    ({"text": "I will by Friday read the new sepsis guideline", "target_date": dt.date(2027, 6, 30)},
     "By Friday, I will read the new sepsis guideline, with a target date of 30 June 2027."),
    ({"text": "I want to present one case at grand rounds", "target_date": dt.date(2027, 6, 30)},
     "By 30 June 2027 I will present one case at grand rounds."),
    # a deadline in the text and a target date: never "by … by"
    ({"text": "Submit the abstract by the October deadline", "target_date": dt.date(2027, 10, 1)},
     "I will submit the abstract by the October deadline, with a target date of 1 October 2027."),
    # issue 12: "… measured by feedback, by next year, measured by Three follow-up …"
    ({"text": "Run the falls audit", "measure": "Measured by feedback, measured by Three follow-up calls"},
     "I will run the falls audit, measured by feedback and three follow-up calls."),
    ({"text": "Present a case measured by feedback", "measure": "my mentor's notes"},
     "I will present a case measured by feedback, checked by my mentor's notes."),
    ({"text": "To be ready for the interview, lead four huddles by March"},
     "To be ready for the interview, I will lead four huddles by March."),
    ({"text": "Don't check emails after 8pm. Note each evening I break it!"},
     "I will not check emails after 8pm; note each evening I break it."),
    ({"text": "More publications"}, "My goal is more publications."),
    ({"text": "By 30 June 2027, lead three team meetings", "target_date": dt.date(2027, 6, 30)},
     "By 30 June 2027, I will lead three team meetings."),
    ({"text": "Read two papers", "resources": "Using protected study time"},
     "I will read two papers, using protected study time."),
    # every other branch of the template, one case each
    ({"text": "As a new nurse, lead four safety huddles by March"},  # a setting written first stays first
     "As a new nurse, I will lead four safety huddles by March."),
    ({"text": "Within 6 weeks, write the audit report"}, "Within 6 weeks, I will write the audit report."),
    ({"text": "I will I will finish the audit by Friday"}, "I will finish the audit by Friday."),
    ({"text": "Do not take work calls on my days off for the next month"},
     "I will not take work calls on my days off for the next month."),
    ({"text": "To lead three huddles by March"}, "I will lead three huddles by March."),
    ({"text": "Submit the report by 30 June 2027", "target_date": dt.date(2027, 6, 30)},  # the date is said once
     "I will submit the report by 30 June 2027."),
    ({"text": "Submit the report", "measure": "By counting the referrals each week"},
     "I will submit the report, measured by counting the referrals each week."),
    ({"text": "Submit the report", "measure": "When my mentor signs it off"},
     "I will submit the report, done when my mentor signs it off."),
    ({"text": "Submit the report", "resources": "With help from the practice educator"},
     "I will submit the report, using help from the practice educator."),
    ({"text": "Run the audit. Present it in March."}, "I will run the audit; present it in March."),
    ({"text": "Two posters at the congress", "target_date": dt.date(2027, 6, 30)},
     "By 30 June 2027 my goal is two posters at the congress."),
    ({"text": "By June, more publications"}, "By June, my goal is more publications."),
    ({"text": "I want to by Friday submit it by Friday"}, "I will submit it by Friday."),
    ({"text": "Measured by my mentor, present a case", "measure": "Measured by feedback"},
     "Measured by my mentor, I will present a case, checked by feedback."),
    ({"text": "I will by the end of the week I will send my rota requests"},
     "By the end of the week, I will send my rota requests."),
    ({"text": "By 2027 do 3 things so that it matters", "target_date": dt.date(2027, 6, 30),
      "measure": "measured by ticks", "resources": "time"},
     "By 2027, I will do 3 things so that it matters, with a target date of 30 June 2027, measured by ticks, "
     "using time."),
])
def test_the_statement_is_one_grammatical_sentence(fields: dict, statement: str) -> None:
    assert compose_statement(SmartGoal(**fields)) == statement


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


_OPENING_WORDS = {"i", "will", "i'll", "want", "plan", "aim", "hope", "intend", "would", "like", "i'd", "need", "to",
                  "am", "going", "i'm", "shall", "must", "my", "goal", "is", "don't", "dont", "do", "not"}


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
    if not core:
        assert report.statement == "" and report.missing == CRITERIA
        return
    statement = report.statement
    assert statement.endswith(".") and not re.search(r"\bI will,? I will\b", statement, re.IGNORECASE)
    assert statement.lower().count("measured by") <= max(1, text.lower().count("measured by") + 1)
    # every word the person wrote, apart from the opening ("I want to", "don't"), is still there
    lower = statement.lower()
    for word in re.findall(r"[^\W_]+", text.lower()):
        if word not in _OPENING_WORDS:
            assert word in lower, word


def test_the_curriculum_examples_teach_what_the_builder_checks():
    """A participant who types a strong example sees all five criteria met; a weak one misses some."""
    from mentoringkit.curriculum import load_curriculum

    for example in load_curriculum().smart.examples:
        assert analyse_goal(SmartGoal(text=example.strong)).met_all, example.id
        assert not analyse_goal(SmartGoal(text=example.weak)).met_all, example.id


# -- general mechanisms (issue 12 item 3): each names the category it stands for ---------------------------

_TODAY = dt.date(2026, 11, 25)


def _verdict(text: str, criterion: str, today: dt.date = _TODAY, **context: object) -> bool:
    from mentoringkit.smart_goal import GoalContext

    return analyse_goal(SmartGoal(text=text), today=today, context=GoalContext(**context)).result(criterion).met


@pytest.mark.parametrize(("text", "met"), [
    ("Scan all 2,500 patient records in the basement by Friday", False),  # a thousands separator is one count
    ("Scan 2,500 patient records into the new system by the end of September 2027", True),
    ("Raise $50k for the unit this month, up from $4k last month", False),  # a change of twelve times in weeks
    ("Cut the waiting list from 90 families to 70 within a month", True),
    ("Interview 60 candidates for the graduate scheme by Friday", False),  # the verb names the piece of work
    ("Write a 10,000-word report by tomorrow", False),  # the size of a document against the time
    ("Gain my heavy goods vehicle licence within three weeks, starting from scratch", False),
    ("Complete the first-aid certificate course in January", True),
    ("Make sure no patient ever waits too long", False),
])
def test_achievable_weighs_amount_against_time(text: str, met: bool) -> None:
    assert _verdict(text, "achievable") is met


def test_a_role_gives_the_benefit_of_the_doubt_and_asks() -> None:
    from mentoringkit.smart_goal import GoalContext

    assert not _verdict("Be more approachable", "relevant")  # a trait, and nothing says where
    judged = analyse_goal(SmartGoal(text="Be more approachable"), today=_TODAY,
                          context=GoalContext(role="practice nurse")).result("relevant")
    assert judged.met and "practice nurse" in judged.reason and judged.question  # met, and it asks how
    assert _verdict("Learn Terraform", "relevant")  # it names a subject: work, not a trait or leisure
    assert not _verdict("Be less shy", "relevant", role="")
    assert not _verdict("Play the piano for 20 minutes every evening until June", "relevant")


@pytest.mark.parametrize(("text", "criterion", "met"), [
    ("Tackle several key issues by March 2027 to make an impact", "relevant", False),  # empty purpose
    ("Finish 2 projects by June so that I grow", "specific", False),  # a generic noun with nothing to say which
    ("Complete the 4 actions from my last appraisal by the end of February", "specific", True),
    ("Move house, start a podcast and finish my diploma by February", "specific", False),  # clauses by shape
    ("Reply to client emails faster", "measurable", False),  # a comparison with nothing to compare against
    ("Submit the review befor Febuary 20th", "time_bound", True),  # misspelt time words
    ("Hand in my reflective log on the 31st of April", "time_bound", False),  # no such day
    ("Update the asset register when I have time", "time_bound", False),
])
def test_general_mechanisms(text: str, criterion: str, met: bool) -> None:
    assert _verdict(text, criterion) is met


@pytest.mark.parametrize("lead", ["By 30 June 2031,", "Before 1 March 2031,", "By June 2031,", "By Friday,"])
def test_a_leading_time_phrase_is_not_counted_as_one_of_several_aims(lead):
    """'By 30 June 2031, lead three meetings and ask two colleagues ...' is one goal with its measure: the comma
    closing the time phrase does not start a second aim (it did when the phrase was marked from the date on)."""
    goal = SmartGoal(text=f"{lead} lead three team meetings and ask two colleagues to rate my clarity each time, "
                          "so that I can speak up with confidence in my new role.")
    report = analyse_goal(goal, today=dt.date(2030, 11, 25))
    assert all(result.met for result in report.results), [r for r in report.results if not r.met]
    assert report.statement.startswith(f"{lead} I will lead three team meetings")


# -- round five (blind sets 4 and 5 studied): each rule with a goal on either side of it -------------------

@pytest.mark.parametrize(("text", "met"), [
    ("Pick up my neighbour's post while they are away next week", False),  # done for someone of private life
    ("Help my sister choose a university by the spring", False),  # "university" is not this person's work
    ("Fix my car's brakes before the rota changes", False),
    ("Shadow the ward sister on three early shifts by April", True),  # a job title, not a relative
    ("Review my business partner's draft of the tender by Friday", True),
    ("Ask my mentor about my family leave before the spring review", True),  # the partnership itself
])
def test_a_goal_done_for_someone_of_private_life_is_not_development(text: str, met: bool) -> None:
    assert _verdict(text, "relevant", role="staff nurse") is met


@pytest.mark.parametrize(("text", "met"), [
    ("asdf", False), ("improve", False), ("test", False),
    ("Networking", True),  # an activity named on its own still says what it is for
])
def test_a_single_word_says_nothing_about_what_it_is_for(text: str, met: bool) -> None:
    assert _verdict(text, "relevant", role="paralegal") is met


@pytest.mark.parametrize(("text", "today", "met"), [
    ("Make partner by the summer", dt.date(2027, 2, 22), False),
    ("Get tenure by May", dt.date(2027, 1, 11), False),
    ("Get promoted to Grade 7 by June", dt.date(2026, 11, 25), False),
    ("Apply for and get appointed to a consultant post by next August", dt.date(2026, 11, 25), False),
    ("Start my own contracting business next week", dt.date(2026, 11, 25), False),
    ("Open my own law firm with three partners in four years' time", dt.date(2026, 11, 25), True),
    ("Submit my promotion case to the June 2027 panel", dt.date(2026, 11, 25), True),  # the step in their hands
    ("Design the new rota on my own by Friday", dt.date(2026, 11, 25), True),  # "on my own" is alone, not a firm
])
def test_a_promotion_or_a_business_of_ones_own_takes_a_year_or_more(text: str, today: dt.date, met: bool) -> None:
    assert _verdict(text, "achievable", today=today) is met


@pytest.mark.parametrize(("text", "criterion", "met"), [
    ("Fix the NHS", "achievable", False),
    ("Improve government", "specific", False),
    ("Improve the NHS app's sign-in page with the design team by March", "achievable", True),
    ("Win the lottery", "achievable", False),
    ("Win the lottery", "relevant", False),
])
def test_a_whole_institution_or_luck_is_out_of_ones_hands(text: str, criterion: str, met: bool) -> None:
    assert _verdict(text, criterion, role="civil servant") is met


@pytest.mark.parametrize(("text", "specific", "measurable"), [
    ("Learn the guitar", False, False),  # no amount, date or measure: no end of its own
    ("Study for the CPA", False, False),
    ("Reflect on my lessons", False, False),
    ("Learn everything about emergency medicine by June", False, False),
    ("Learn to play three pieces on the guitar by the summer", True, True),
])
def test_an_activity_without_an_end_is_neither_specific_nor_measurable(text: str, specific: bool,
                                                                        measurable: bool) -> None:
    assert _verdict(text, "specific") is specific
    assert _verdict(text, "measurable") is measurable


def test_joining_says_nothing_of_what_the_person_will_do_there() -> None:
    assert not _verdict("Join a committee", "specific")
    assert _verdict("Join the office Toastmasters club and give my first three speeches by February", "specific")


@pytest.mark.parametrize(("text", "specific", "measurable"), [
    ("Visit more patients on the wards at weekends", True, False),  # more of a named thing, placed
    ("Ask more open questions in one-to-ones", True, False),
    ("Read more papers", False, False),  # only a direction
    ("Spend more time with my mentee", False, False),
    ("Communicate more effectively with the night team", False, False),
    ("Do my Christmas shopping before the 20th", True, True),  # "do my" + a named thing
    ("Do my best at work", False, False),
    ("Build my nephew a treehouse before his birthday", True, True),
    ("Build my confidence", False, False),
    ("Build up my clientele", False, False),
])
def test_more_and_do_my_are_vague_only_without_a_named_thing(text: str, specific: bool, measurable: bool) -> None:
    assert _verdict(text, "specific") is specific
    assert _verdict(text, "measurable") is measurable


@pytest.mark.parametrize(("text", "met"), [
    ("Fix the leaking tap before my in-laws visit at Easter", True),  # before a happening the person names
    ("Write the onboarding guide before the new starters arrive", True),
    ("Finish the onboarding docs by the 20th", True),
    ("Finish the onboarding docs by the 35th", False),  # no month has a 35th
    ("Run 6 drop-in referencing workshops for first-years during Hilary term", True),
    ("Deliver 12 weddings this season with no complaints", True),
    ("Open my own law firm in ten years", False),  # beyond five years: too far off to plan against
    ("Register for the July 2026 bar exam", False),  # the month it names has passed
    ("Put patients before paperwork", False),  # "before" here ranks, it names no happening
])
def test_time_frames_people_write(text: str, met: bool) -> None:
    assert _verdict(text, "time_bound", today=dt.date(2026, 11, 25)) is met


@pytest.mark.parametrize(("text", "met"), [
    ("Make every child love school by the end of term", False),  # others' feelings, every one of them
    ("Have all 28 of my students reading at grade level by the winter break", False),
    ("Hold a reading session for the 6 slowest readers in my class every week until the winter break", True),
    ("Deliver 1,000 packages a day every day next week", False),  # a pace no one keeps
    ("Deliver 40 packages a day on the new route next week", True),
    ("Get 1 million Instagram followers for our payroll product by March", False),  # an audience takes years
    ("Get 200 newsletter subscribers for our payroll product by March", True),
    ("Personally inspect all 1,400 food premises in the borough by the end of December", False),  # own hands
    ("Inspect 12 food premises in the borough with my senior officer by the end of December", True),
    ("Get a Michelin star next month", False),
    ("Recruit 15 new weekend volunteers by the end of January and induct them all", True),  # "them all": the 15
])
def test_very_large_amounts_and_other_peoples_results(text: str, met: bool) -> None:
    assert _verdict(text, "achievable", today=dt.date(2026, 11, 25)) is met


@pytest.mark.parametrize(("text", "met"), [
    ("Organise my colleague's retirement party", False),  # a private occasion, though a colleague's
    ("Do my manager's expense claims for her every week", False),  # someone else's chore done for them
    ("Sort my supervisor's reference list for her book", False),
    ("Review my manager's draft of the audit report with her before the board", True),  # working together
    ("Run the retirement planning workshop for staff over 55 by March", True),  # a piece of work, no party
])
def test_private_occasions_and_someone_elses_chores_are_not_development(text: str, met: bool) -> None:
    assert _verdict(text, "relevant", role="office manager") is met


@pytest.mark.parametrize(("text", "met"), [
    ("Run my own clinic list with my supervisor nearby by March", True),  # a clinician's next step, not a business
    ("Have my own caseload of ten families by the spring", True),
    ("Set up my own physiotherapy practice by the spring", False),
])
def test_ones_own_list_or_caseload_is_not_a_business(text: str, met: bool) -> None:
    assert _verdict(text, "achievable", today=dt.date(2026, 11, 25)) is met


# -- round six (blind set 6 studied) ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "met"), [
    ("Become site ops manager by the end of next quarter", False),  # a post within a year, whoever starts
    ("Become a fire warden for my floor by February", True),  # a post anyone willing can take on
    ("Get promoted to chief inspector by the end of next year", False),  # a senior post within two years
    ("Get to Grade 7 in the next month", False),
    ("Get CISSP, OSCP, CISM and GCIH certified in the next 6 weeks", False),  # four qualifications at once
    ("Get my CISSP certification by the end of next year", True),
    ("Reduce false positives to zero", False),  # no room for a single one
    ("Tidy my inbox to zero by the end of next week", True),  # an inbox can be emptied
    ("Finish my notes by 5 pm every day, no matter what", False),
    ("Close all my cases by Friday", False),  # every one of them within days
    ("Review all incident reports within 48 hours of receiving them", True),  # a routine, bounded by each
])
def test_round_six_achievable(text: str, met: bool) -> None:
    assert _verdict(text, "achievable", today=dt.date(2026, 11, 26)) is met


@pytest.mark.parametrize(("text", "criterion", "met"), [
    ("Learn Italian before our holiday in Puglia in the summer", "specific", False),  # a date does not end it
    ("Learn Italian before our holiday in Puglia in the summer", "measurable", False),
    ("Learn to play the cello well enough to join the town orchestra by the end of 2027", "specific", True),
    ("Learn to knit a scarf by Christmas", "specific", True),  # a thing made
    ("Read a book", "specific", False),  # which one?
    ("Manage a branch", "specific", False),
    ("Get the ARMA certificate in research administration sometime this year-ish", "time_bound", False),
    ("Get the ARMA certificate in research administration this year", "time_bound", True),
])
def test_round_six_specific_and_time(text: str, criterion: str, met: bool) -> None:
    assert _verdict(text, criterion, today=dt.date(2026, 11, 26)) is met


@pytest.mark.parametrize(("text", "met"), [
    ("Be calmer", True),  # a way of working, in a partnership: benefit of the doubt, and a question
    ("Get better at negotiating", True),
    ("Get better", False),  # nothing named
    ("Crush it", False),  # a cheer
    ("Get into shape", False),
])
def test_a_mentee_naming_a_working_habit_gets_the_benefit_of_the_doubt(text: str, met: bool) -> None:
    from mentoringkit.smart_goal import GoalContext

    result = analyse_goal(SmartGoal(text=text), today=_TODAY, context=GoalContext(role="mentee")).result("relevant")
    assert result.met is met
    assert not met or result.question  # met without a stated link: it asks how


# -- round seven (blind set 7 studied) ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "met"), [
    ("Make the lads respect me", False),  # what others feel is theirs to decide
    ("Get clients to stop lowballing", False),
    ("Stop my learners from dropping out", False),
    ("Make sure my registrar passes the SCA", False),
    ("Make sure nobody raises a grievance this year", False),
    ("Get the ratings to speak up", False),
    ("Make a one-page guide for the lads on the new pump by Friday", True),  # a thing made for them
    ("Get my registrar's video consultations recorded for two debriefs before February", True),
])
def test_what_others_do_is_not_ones_own_goal(text: str, met: bool) -> None:
    assert _verdict(text, "achievable", today=dt.date(2026, 11, 26)) is met
    if not met:
        assert not _verdict(text, "specific", today=dt.date(2026, 11, 26))


@pytest.mark.parametrize(("text", "today", "days"), [
    ("Get promoted to store manager by Easter", dt.date(2027, 2, 1), 55),  # Easter 2027 is 28 March
    ("Raise the first pledges by Thanksgiving", dt.date(2026, 11, 1), 25),  # the fourth Thursday: 26 November
    ("Launch the new rota by Labor Day", dt.date(2026, 8, 1), 37),  # the first Monday of September: 7th
    ("Repaint the office by Easter", dt.date(2026, 4, 6), 356),  # the day after Easter 2026: next year's
])
def test_named_holidays_give_a_horizon(text: str, today: dt.date, days: int) -> None:
    from mentoringkit import smart_goal

    reading = smart_goal._read(SmartGoal(text=text), today, smart_goal.GoalContext())
    assert smart_goal._horizon_days(reading) == days


@pytest.mark.parametrize(("text", "criterion", "met"), [
    ("Watch all of Breaking Bad over fall break", "relevant", False),
    ("Watch the recording of the safeguarding webinar by Friday", "relevant", True),
    ("Get the boiler fixed before the end of the month", "relevant", False),
    ("Finish my appraisal reflections by eoy", "time_bound", True),
])
def test_round_seven_relevance_and_time(text: str, criterion: str, met: bool) -> None:
    assert _verdict(text, criterion, role="science teacher", today=dt.date(2026, 11, 26)) is met


# -- round eight (blind set 8 studied) ----------------------------------------------------------------------

_SURVEYOR = {"role": "assistant quantity surveyor", "development_areas": ("monthly valuations", "NEC4 contracts"),
             "vision": "I want to become MRICS through the APC in 2028 and run the commercial side of a project."}


@pytest.mark.parametrize(("text", "met"), [
    ("Pass the APC by June 2027", False),  # what the vision places in 2028, asked for within months
    ("Sit an APC mock interview with my counsellor by June 2027", True),  # a step on the way
    ("Pass the APC by the end of 2028", True),  # the time the person gave themselves
    ("Pass NEC4 module 1 by June 2027", True),  # a numbered part is a step
])
def test_a_goal_sooner_than_ones_own_vision_is_out_of_reach(text: str, met: bool) -> None:
    from mentoringkit.smart_goal import GoalContext

    result = analyse_goal(SmartGoal(text=text), today=dt.date(2027, 3, 1),
                          context=GoalContext(**_SURVEYOR)).result("achievable")  # type: ignore[arg-type]
    assert result.met is met
    if not met:
        assert "MRICS through the APC in 2028" in result.reason  # it quotes what the person wrote


@pytest.mark.parametrize(("text", "area", "met"), [
    ("Learn 50 everyday phrases in Portuguese by the end of April", "dementia care", True),  # filed under an area
    ("Learn 50 everyday phrases in Portuguese by the end of April", "personal", False),  # not one of theirs
    ("emis", "", True),  # one word naming an area
    ("stuff", "", False),
    ("publishing stuff", "", False),  # a placeholder, even with a word of the job
])
def test_what_the_person_filed_or_named_from_their_areas_is_relevant(text: str, area: str, met: bool) -> None:
    from mentoringkit.smart_goal import GoalContext

    context = GoalContext(role="senior care assistant", development_areas=("dementia care", "using EMIS"))
    result = analyse_goal(SmartGoal(text=text, development_area=area), today=_TODAY, context=context)
    assert result.result("relevant").met is met


@pytest.mark.parametrize(("text", "met"), [
    ("be happier", False),  # how one feels off duty
    ("get fitter", False),
    ("have more fun outside work", False),  # work named as what the goal is away from
    ("watch less telly", False),
    ("Redecorate the flat in time for Mum's visit at Christmas", False),
    ("Get my nails done every month", False),
    ("Write up my visit notes after work every Friday", True),
])
def test_off_duty_goals_are_not_development(text: str, met: bool) -> None:
    assert _verdict(text, "relevant", role="youth worker", development_areas=("safeguarding",)) is met


@pytest.mark.parametrize(("text", "met"), [
    ("Get all 4 NQPs through their 12-month review first time by March 2027", False),
    ("make sure customers are happy", False),
    ("make my APMs great PMs", False),
    ("Get my client on the front page of the FT", False),
    ("Get every academic in the faculty to deposit their papers in the repository by Friday", False),
    ("Get my client's press release to 20 trade journalists by Friday", True),  # one's own action for a client
])
def test_round_eight_what_others_do(text: str, met: bool) -> None:
    assert _verdict(text, "achievable", today=dt.date(2026, 11, 26)) is met


@pytest.mark.parametrize(("text", "met"), [
    ("Get a dog", True),  # a light verb with a named thing
    ("Take the CompTIA A+ exam in December", True),
    ("go to the gym", True),
    ("Get my manual handling key trainer certificate", True),
    ("Get the rota sorted when things calm down", False),  # the thing turned into a state
    ("Get my confidence back", False),
    ("Get more involved", False),
])
def test_a_light_verb_with_a_named_thing_is_specific(text: str, met: bool) -> None:
    assert _verdict(text, "specific") is met


@pytest.mark.parametrize(("text", "met"), [
    ("Never repeat an exposure", True),  # repeats are logged: the count can be checked
    ("never call a cue late", True),
    ("Never lose my temper with the team", False),  # nothing is counted
])
def test_a_slip_that_is_recorded_can_be_counted(text: str, met: bool) -> None:
    assert _verdict(text, "measurable") is met


@pytest.mark.parametrize(("text", "today", "days"), [
    ("Migrate the login service to Kubernetes this sprint", dt.date(2026, 11, 26), 14),
    ("Buy the new lab fridge in the Boxing Day sales", dt.date(2026, 12, 14), 12),
    ("Do 10 full EICRs with my supervisor before my AM2", dt.date(2026, 11, 26), None),  # a named event, no day
    ("Get my JNC degree by the end of the summer", dt.date(2026, 4, 20), 155),  # autumn begins on 22 September
])
def test_round_eight_horizons(text: str, today: dt.date, days: int | None) -> None:
    from mentoringkit import smart_goal

    reading = smart_goal._read(SmartGoal(text=text), today, smart_goal.GoalContext())
    assert smart_goal._horizon_days(reading) == days
    assert _verdict(text, "time_bound", today=today)


@pytest.mark.parametrize(("text", "met"), [
    ("Complete a 10-day Lean Six Sigma Black Belt by Friday", False),  # today is a Thursday: eight days
    ("Complete a 2-day first aid course by Friday", True),
    ("Start the 12-week leadership course by Friday", True),  # starting is a step
])
def test_a_course_longer_than_the_time_given_is_out_of_reach(text: str, met: bool) -> None:
    assert _verdict(text, "achievable", today=dt.date(2026, 11, 26)) is met


@pytest.mark.parametrize(("text", "statement"), [
    ("Handle escalations better. SMART goal: specific, measurable.",
     "I will handle escalations better; SMART goal: specific, measurable."),  # a shorthand keeps its capitals
    ("Write the handover sheet. I will send it to Sam.", "I will write the handover sheet; I will send it to Sam."),
    ("Write the handover sheet. Then send it to Sam.", "I will write the handover sheet; then send it to Sam."),
])
def test_a_goal_of_several_sentences_becomes_one(text: str, statement: str) -> None:
    from mentoringkit.smart_goal import compose_statement

    assert compose_statement(SmartGoal(text=text)) == statement


@pytest.mark.parametrize(("text", "criterion", "met"), [
    ("Visit every new mum's home within 10 days of the birth", "relevant", True),  # a midwife's work, not family
    ("See every client on my caseload within 2 weeks", "achievable", True),  # seeing them is one's own doing
    ("See that every student passes", "achievable", False),  # their results are theirs
])
def test_a_midwifes_caseload_is_her_own_work(text: str, criterion: str, met: bool) -> None:
    assert _verdict(text, criterion, role="community midwife", today=dt.date(2026, 11, 26)) is met
