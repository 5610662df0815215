"""Pages stay current: every screen redraws itself from the workbook when the session takes in changes made
elsewhere (another tab, another module page), without saving anything and without disturbing what is typed.

Each case builds a screen, changes the workbook the way another tab would, and has the session refresh its
followers, as its watcher does after taking in an outside change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import threading
from collections.abc import Callable
from typing import Any

import pytest
from widget_text import SaveCounter, downloads, html_text, page_text

import mentoringkit.widgets as mk_widgets
from mentoringkit.curriculum import Curriculum, load_curriculum
from mentoringkit.drafts import drop_draft
from mentoringkit.session import Session, memory_session
from mentoringkit.widgets.about import show_about
from mentoringkit.widgets.agreement import show_agreement
from mentoringkit.widgets.boundaries import show_boundaries
from mentoringkit.widgets.closure import show_closure, show_ending_signs, show_mentoring_plan_download
from mentoringkit.widgets.components import show_components
from mentoringkit.widgets.conversation_starters import show_conversation_starters
from mentoringkit.widgets.development_plan import show_development_plan
from mentoringkit.widgets.evaluation import show_evaluation
from mentoringkit.widgets.exercises import show_exercise
from mentoringkit.widgets.mentor_roles import show_mentor_roles
from mentoringkit.widgets.mentoring_log import show_mentoring_log
from mentoringkit.widgets.module_page import module_header, progress_overview
from mentoringkit.widgets.myths_quiz import show_myths_quiz
from mentoringkit.widgets.people import show_people
from mentoringkit.widgets.phase_checklist import show_phase_checklist
from mentoringkit.widgets.role_picker import show_role_picker
from mentoringkit.widgets.sections import (
    show_boundaries_page,
    show_ending_page,
    show_goals_page,
    show_progress_page,
    show_roles_page,
    show_what_is_mentoring_page,
)
from mentoringkit.widgets.self_assessment import show_self_assessment
from mentoringkit.widgets.smart_goal import show_smart_goal
from mentoringkit.workbook import Evaluation, LogEntry, PlanRow, SkillAssessment, SmartGoal

TODAY = dt.date(2025, 3, 3)


def _shows(*texts: str) -> Callable[[Any], bool]:
    return lambda screen: all(t in page_text(screen) for t in texts)


def _all_true(session: Session) -> None:
    wb = session.workbook
    wb.quiz_answers.update({m: True for m in ("one-perfect-mentor", "formal-and-long-term")})


def _becomes_mentor(session: Session) -> None:
    wb = session.workbook
    wb.profile.role = "mentor"


def _exercise(session: Session) -> None:
    session.workbook.set_reflection("sort:dual-role/mistake", "agree")
    session.workbook.set_reflection("exercise:dual-role/keep-apart", "Anything about my appraisal")


def _add_log(session: Session) -> None:
    wb = session.workbook
    wb.log.append(LogEntry(date=dt.date(2025, 2, 20), activity="Shadowed a night shift", duration_minutes=90))


def _add_goal(session: Session) -> None:
    wb = session.workbook
    wb.goals.append(SmartGoal(text="Chair two team huddles by 30 April 2025", created=TODAY))


def _add_plan_row(session: Session) -> None:
    wb = session.workbook
    wb.plan.append(PlanRow(goal_and_timeline="Run a teaching round by May", development_activities="Shadow Dr Okafor"))


def _agreement(session: Session) -> None:
    wb = session.workbook
    wb.agreement.ground_rules = ["Phones away", "Start on time"]
    wb.agreement.schedule.location = "Room 4B"
    wb.agreement.schedule.interval = 3


def _closure(session: Session) -> None:
    wb = session.workbook
    wb.closure.reason = "Both goals were reached in June"
    wb.closure.how_to_end = "taper"
    wb.closure.ending_agreed = True


def _evaluation(session: Session) -> None:
    wb = session.workbook
    wb.evaluations.append(Evaluation(kind="midpoint", answers={"progress-on-goals": "Halfway to the audit"}, rating=4))


def _assessment(session: Session) -> None:
    wb = session.workbook
    wb.assessments.append(SkillAssessment(taken_on=TODAY, levels={"build-rapport": "developmental"}))


def _problem(session: Session) -> None:
    session.problem = "Another tab changed this goal after you did."


def _components(session: Session) -> None:
    session.workbook.scenario_answers["inquire/inquire-charge-nurse"] = 0
    session.workbook.set_reflection("component:share", "Tell my own failures")


def _mentor_roles(session: Session) -> None:
    session.workbook.roles_needed.append("catalyst")
    session.workbook.trap_checks["take-care-of-you"] = True


def _profile(session: Session) -> None:
    wb = session.workbook
    wb.profile.name = "Ana Lima"
    wb.profile.partner_name = "Sam Reyes"
    wb.profile.role = "mentor"


# name -> (build the screen on a session, change the workbook as another tab would, does the screen show it)
CASES: dict[str, tuple[Callable[[Session], Any], Callable[[Session], None], Callable[[Any], bool]]] = {
    "about": (show_about, lambda s: s.workbook.set_reflection("module:what-is-mentoring", "To grow as a teacher"),
              lambda s: s.reflection.field.value == "To grow as a teacher"),
    "about-role": (show_about, _becomes_mentor,
                   lambda s: page_text(s).index("What a mentor gains") < page_text(s).index("What a mentee gains")),
    "agreement": (lambda s: show_agreement(s, today=TODAY), _agreement,
                  lambda s: (s.fields["ground_rules"].value == "Phones away\nStart on time"
                             and s.fields["location"].value == "Room 4B" and s.fields["interval"].value == "3"
                             and b"Room 4B" in downloads(s)["mentoring-agreement.md"])),
    "boundaries": (show_boundaries, lambda s: s.workbook.boundaries.update({"meeting-frequency": "Every 3rd Tuesday"}),
                   lambda s: s.fields["meeting-frequency"].value == "Every 3rd Tuesday"
                   and f"1 of {len(s.questions)} answered" in html_text(s.progress.value)),
    "closure": (lambda s: show_closure(s, today=TODAY), _closure,
                lambda s: (s.agreed.value and s.how.value == "taper"
                           and s.fields["reason"].value == "Both goals were reached in June")),
    "ending_signs": (show_ending_signs, lambda s: s.workbook.ending_signs.append("no-click"),
                     lambda s: s.boxes["no-click"].value and "You ticked 1 sign" in html_text(s.verdict.value)),
    "mentoring_plan_download": (show_mentoring_plan_download, _add_goal,
                                lambda s: all(b"two team huddles" in d for d in downloads(s).values())),
    "components": (show_components, _components,
                   lambda s: (s.panels["inquire"].scenarios["inquire-charge-nurse"].choice.value == 0
                              and s.feedback_text("inquire", "inquire-charge-nurse") != ""
                              and s.panels["share"].reflection.field.value == "Tell my own failures")),
    "conversation_starters": (show_conversation_starters, lambda s: s.workbook.agenda.append("proud-accomplishment"),
                              lambda s: (s.boxes["proud-accomplishment"].value
                                         and "1. " + s.starters["proud-accomplishment"].text
                                         in page_text(s.agenda_rows))),
    "development_plan": (lambda s: show_development_plan(s, today=TODAY), _add_plan_row,
                         _shows("Run a teaching round by May", "Shadow Dr Okafor", "Remove row 1")),
    "evaluation": (lambda s: show_evaluation(s, "midpoint", today=TODAY), _evaluation,
                   lambda s: s.answers["progress-on-goals"].value == "Halfway to the audit" and s.rating.value == 4),
    "people": (show_people, _becomes_mentor,
               lambda s: page_text(s).index("Being a mentor") < page_text(s).index("Being a mentee")),
    "mentor_roles": (show_mentor_roles, _mentor_roles,
                     lambda s: (s.needed_boxes["catalyst"].value and s.trap_boxes["take-care-of-you"].value
                                and s.ranked_names() == ["Catalyst"] and "1. Catalyst" in page_text(s.ranking)
                                and "Instead:" in html_text(s.trap_details["take-care-of-you"].value))),
    "mentoring_log": (lambda s: show_mentoring_log(s, today=TODAY), _add_log,
                      lambda s: "Shadowed a night shift" in html_text(s.table.value) and "mentoring-log.csv"
                      in downloads(s)),
    "myths_quiz": (show_myths_quiz, _all_true,
                   lambda s: (s.choices["one-perfect-mentor"].value is True
                              and "You have answered 2" in html_text(s.score.value)
                              and "Not quite" in html_text(s.feedback["formal-and-long-term"].value))),
    "phase_checklist": (lambda s: show_phase_checklist(s, today=TODAY),
                        lambda s: s.workbook.checklist.update({"read-mentee-role": TODAY}),
                        lambda s: s.boxes["read-mentee-role"].value and "1 of" in page_text(s.overall)),
    "role_picker": (show_role_picker, _profile,
                    lambda s: (s.name.value, s.partner.value, s.role.value) == ("Ana Lima", "Sam Reyes", "mentor")),
    "self_assessment": (lambda s: show_self_assessment(s, today=TODAY), _assessment,
                        lambda s: (s.choices["build-rapport"].value == "developmental"
                                   and "Your assessment of 2025-03-03" in html_text(s.results.value)
                                   and not s.plan_button.disabled)),
    "smart_goal": (lambda s: show_smart_goal(s, today=TODAY), _add_goal,
                   lambda s: "two team huddles" in html_text(s.goals_list.value)),
    "module_header": (lambda s: module_header(s, "goals"), _problem,
                      lambda s: "Another tab changed this goal" in html_text(s.value)),
    "progress_overview": (progress_overview, lambda s: s.workbook.set_reflection("module:what-is-mentoring", "Yes"),
                          lambda s: "why it matters 20 min ◐ Started" in html_text(s.value)),
    "goals_page": (lambda s: show_goals_page(s, today=TODAY), _add_goal,
                   lambda s: "3. Write a SMART goal: 1 goal" in s.labels()),
    # The other pages shown a section at a time: the section buttons' progress follows the other tab's change.
    "what_is_mentoring_page": (show_what_is_mentoring_page, _all_true,
                               lambda s: "2. True or false?: 2 of 7 answered" in s.labels()),
    "roles_page": (show_roles_page, _mentor_roles, lambda s: "2. Seven kinds of mentor: 1 ticked" in s.labels()),
    "boundaries_page": (show_boundaries_page,
                        lambda s: s.workbook.boundaries.update({"meeting-frequency": "Every 3rd Tuesday"}),
                        lambda s: "1. Your boundaries worksheet: 1 answer" in s.labels()),
    "progress_page": (lambda s: show_progress_page(s, today=TODAY), _add_log,
                      lambda s: "1. The mentoring log: 1 entry" in s.labels()),
    "ending_page": (lambda s: show_ending_page(s, today=TODAY), lambda s: s.workbook.ending_signs.append("no-click"),
                    lambda s: "1. Is it time to end?: 1 sign ticked" in s.labels()),
    "exercise": (lambda s: show_exercise(s, "dual_role"), _exercise,
                 lambda s: (s.cards["mistake"].value == "agree"
                            and "Yes." in html_text(s.card_feedback["mistake"].value)
                            and s.steps["keep-apart"].field.value == "Anything about my appraisal")),
}


@pytest.mark.parametrize("name", CASES)
def test_a_screen_shows_changes_made_elsewhere_without_saving(name: str) -> None:
    build, change, shows = CASES[name]
    session = memory_session(role="both")
    screen = build(session)
    saves = SaveCounter(session)
    change(session)
    changed = session.workbook.to_dict()
    assert not shows(screen), "the screen showed the change before it was refreshed: this case cannot fail"
    session._refresh_followers()
    assert shows(screen)
    assert saves.count == 0
    assert session.workbook.to_dict() == changed  # redrawing wrote nothing into the workbook either


def test_every_screen_has_a_case() -> None:
    screens = {name.removeprefix("show_") for name in mk_widgets.__all__ if name.startswith("show_")}
    # The start page (landing) follows its session in the change-level store's work; the first-meeting guide is
    # the same SessionHTML as "people", and no point of the shipped first-meeting content is for one side only,
    # so no workbook change alters what it shows; the same holds for the working-together guidance. The trainer
    # and projector pages show no participant's session: they read the whole cohort and the presenter's state, on
    # timers of their own (tests/test_trainer_*.py).
    assert screens - {"landing", "first_meeting", "working_together", "trainer_page", "projector_page"} <= set(CASES)


def test_the_session_holds_screens_weakly() -> None:
    class Screen:
        refreshed = 0

        def refresh(self) -> None:
            self.refreshed += 1

    session = memory_session()
    kept, dropped = Screen(), Screen()
    session.follow(kept)
    session.follow(kept)  # following twice still refreshes once
    session.follow(dropped)
    del dropped
    gc.collect()
    session._refresh_followers()
    assert kept.refreshed == 1
    assert len(session._followers) == 1


def test_typed_text_that_reads_as_the_saved_value_is_left_as_typed() -> None:
    session = memory_session(role="both")
    agreement = show_agreement(session, today=TODAY)
    closure = show_closure(session, today=TODAY)
    picker = show_role_picker(session)
    typed = {"goals": "- Run the audit\n\n- Teach one session ", "ground_rules": "• Phones away\n",
             "location": "Room 4B ", "interval": " 2", "mentor": "Ana Lima "}
    for key, text in typed.items():
        agreement.fields[key].value = text
    agreement.set_first_meeting("31 March 2025", "2 pm")
    closure.set_text("reason", "Goals reached ")
    picker.set_name("Ana Lima  ")
    assert session.workbook.agreement.schedule.first_meeting == dt.datetime(2025, 3, 31, 14, 0)
    assert session.workbook.agreement.goals == ["Run the audit", "Teach one session"]
    saves = SaveCounter(session)
    session._refresh_followers()
    assert {key: agreement.fields[key].value for key in typed} == typed
    assert (agreement.fields["date"].value, agreement.fields["time"].value) == ("31 March 2025", "2 pm")
    assert closure.fields["reason"].value == "Goals reached "
    assert picker.name.value == "Ana Lima  "
    assert saves.count == 0


def test_text_that_cannot_be_read_yet_stays_with_its_problem() -> None:
    session = memory_session(role="both")
    agreement = show_agreement(session, today=TODAY)
    agreement.set_interval("every other")
    agreement.set_first_meeting("30 February 2025", "14:00")
    session.workbook.agreement.schedule.location = "Library"  # another tab fills in the place meanwhile
    session._refresh_followers()
    assert agreement.fields["location"].value == "Library"
    assert agreement.fields["interval"].value == "every other"
    assert "not a whole number" in (agreement.fields["interval"].error or "")
    assert agreement.fields["date"].value == "30 February 2025"
    assert "not a real date" in (agreement.fields["date"].error or "")


def test_a_number_fixed_in_another_tab_replaces_what_could_not_be_read() -> None:
    session = memory_session(role="both")
    agreement = show_agreement(session, today=TODAY)
    agreement.set_occurrences("²")  # a digit to str.isdigit, but no number int() can read
    assert "not a whole number" in (agreement.fields["occurrences"].error or "")
    drop_draft(session.workbook, "agreement", "schedule.occurrences")  # the other tab typed 8 there
    session.workbook.agreement.schedule.occurrences = 8
    session._refresh_followers()
    assert agreement.fields["occurrences"].value == "8"
    assert agreement.fields["occurrences"].error is None


def test_plan_rows_still_there_keep_their_boxes() -> None:
    session = memory_session(role="mentee")
    editor = show_development_plan(session, today=TODAY)
    for goal in ("First goal", "Second goal", "Third goal"):
        row = editor.add_row()
        editor.set_cell(row.id, "goal_and_timeline", goal)
    _first, second, third = editor.row_views
    focused = second.fields["success_measures"].input
    second.fields["success_measures"].value = "Two talks giv"  # being typed in this tab
    plan = session.workbook.plan
    del plan[0]  # another tab removes the first row, edits the third and adds one
    plan[1].development_activities = "Shadow a colleague"
    plan.append(PlanRow(goal_and_timeline="Fourth goal"))
    saves = SaveCounter(session)
    session._refresh_followers()
    assert editor.row_views[:2] == [second, third]
    assert editor.row_views[1].fields["development_activities"].value == "Shadow a colleague"
    assert second.fields["success_measures"].input is focused
    assert focused.value == "Two talks giv"
    assert second.fields["success_measures"].label.endswith("(row 1)")
    assert "Remove row 3" in page_text(editor.row_views[2]) and "Fourth goal" in page_text(editor.rows_box)
    assert "First goal" not in page_text(editor.rows_box)
    assert saves.count == 0
    del plan[:]
    session._refresh_followers()
    assert "no rows yet" in page_text(editor.rows_box)


def test_a_form_emptied_in_another_tab_empties_here() -> None:
    session = memory_session(role="mentee")
    builder = show_smart_goal(session, today=TODAY)
    log = show_mentoring_log(session, today=TODAY)
    builder.set_text("Present the audit at the June meeting")
    log.fill(activity="Shadowed a clinic", duration_minutes="45")
    session.workbook.drafts.clear()  # the other tab added the goal and the entry, which empties both forms
    session._refresh_followers()
    assert builder.text_field.value == ""
    assert "Start typing your goal" in html_text(builder.feedback.value)
    assert (log.fields["activity"].value, log.fields["duration_minutes"].value) == ("", "")
    assert log.fields["date"].value == TODAY.isoformat()


def test_unchanged_rankings_and_agendas_keep_their_buttons() -> None:
    session = memory_session(role="both")
    roles = show_mentor_roles(session)
    starters = show_conversation_starters(session)
    roles.choose_needed("guide")
    starters.pick("proud-accomplishment")
    ranking, agenda = roles.ranking.children, starters.agenda_rows.children
    session.workbook.trap_checks["take-care-of-you"] = True
    session._refresh_followers()
    assert roles.ranking.children == ranking and starters.agenda_rows.children == agenda
    session.workbook.roles_needed.insert(0, "ally")
    session.workbook.agenda.remove("proud-accomplishment")
    session._refresh_followers()
    assert roles.ranked_names()[0] == "Ally" and "1. Ally" in page_text(roles.ranking)
    assert "No questions yet" in page_text(starters.agenda_rows)


def test_a_screen_takes_typing_again_after_a_refresh() -> None:
    session = memory_session(role="both")
    sheet = show_boundaries(session)
    session._refresh_followers()
    saves = SaveCounter(session)
    sheet.answer("meeting-frequency", "Fortnightly")
    assert saves.count == 1 and session.workbook.boundaries["meeting-frequency"] == "Fortnightly"


def test_a_redraw_on_another_thread_does_not_swallow_typing() -> None:
    session = memory_session(role="both")
    sheet = show_boundaries(session)
    saves = SaveCounter(session)
    inside, typed = threading.Event(), threading.Event()

    def redraw() -> None:
        with sheet.redrawing():
            inside.set()
            typed.wait(5)

    watcher = threading.Thread(target=redraw)
    watcher.start()
    assert inside.wait(5)
    sheet.answer("meeting-frequency", "Weekly")  # typed while the watcher is redrawing
    typed.set()
    watcher.join(5)
    assert saves.count == 1 and session.workbook.boundaries["meeting-frequency"] == "Weekly"


def _one_sided_evaluation() -> Curriculum:
    """The shipped course with its first evaluation question put to mentors only (every shipped one is for both)."""
    cur = load_curriculum()
    first, *rest = cur.ending.evaluation_questions
    ending = dataclasses.replace(cur.ending, evaluation_questions=(dataclasses.replace(first, audience=("mentor",)),
                                                                   *rest))
    return dataclasses.replace(cur, ending=ending)


# Screens laid out for the participant's side: a role chosen on another page brings the other side's layout.
ROLE_SCREENS: dict[str, Callable[[Session], Any]] = {
    "about": show_about, "people": show_people, "boundaries": show_boundaries,
    "phase_checklist": lambda s: show_phase_checklist(s, today=TODAY), "ending_signs": show_ending_signs,
    "closure": lambda s: show_closure(s, today=TODAY),
    "evaluation": lambda s: show_evaluation(s, "closing", today=TODAY),  # closing: always offered
    "mentor_roles": show_mentor_roles, "components": show_components,
    "exercise": lambda s: show_exercise(s, "dual_role"),
}


@pytest.mark.parametrize("name", ROLE_SCREENS)
def test_a_role_chosen_elsewhere_lays_the_screen_out_for_that_role(name: str) -> None:
    build = ROLE_SCREENS[name]
    session = memory_session(role="mentee", curriculum=_one_sided_evaluation())
    screen = build(session)
    as_mentee = page_text(screen)
    saves = SaveCounter(session)
    session.workbook.profile.role = "mentor"
    session._refresh_followers()
    assert page_text(screen) != as_mentee
    assert page_text(screen) == page_text(build(session))
    assert saves.count == 0


def test_a_screen_laid_out_again_takes_the_new_sides_answers() -> None:
    session = memory_session(role="mentee")
    roles = show_mentor_roles(session)
    session.workbook.profile.role = "mentor"
    session._refresh_followers()
    roles.offer("guide")
    roles.check_trap("take-care-of-you")
    assert session.workbook.roles_offered == ["guide"]
    assert "Instead:" in html_text(roles.trap_details["take-care-of-you"].value)


def test_redrawn_downloads_keep_their_link_widgets() -> None:
    session = memory_session(role="both")
    page = [show_mentoring_plan_download(session), show_development_plan(session, today=TODAY),
            show_agreement(session, today=TODAY), show_mentoring_log(session, today=TODAY)]
    _add_log(session)
    session._refresh_followers()
    links = [list(screen.children if screen is page[0] else screen.downloads.children) for screen in page]
    _add_plan_row(session)
    _add_log(session)
    session.workbook.agreement.schedule.location = "Room 9"
    session._refresh_followers()
    assert [list(screen.children if screen is page[0] else screen.downloads.children) for screen in page] == links
    assert b"Run a teaching round" in downloads(page[0])["my-mentoring-plan.md"]
    assert b"Room 9" in downloads(page[2])["mentoring-agreement.md"]
    assert downloads(page[3])["mentoring-log.csv"].count(b"Shadowed a night shift") == 2
