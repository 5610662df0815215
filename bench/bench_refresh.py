"""How long each module page takes to redraw itself from the workbook, as it does when its session takes in a
change made elsewhere (another tab, another module page).

    python bench/bench_refresh.py [--runs 20]

Builds each page's screens (as its notebook does) on one session holding a well-filled workbook, then times
``session._refresh_followers()``: once with nothing changed, and once after another tab's kind of change
(a log entry, a plan row, a ticked task, a new answer). Prints the median per page. Target: every page
redraws in under 50 ms, so a watcher that looks every ~2 s costs a page under 3% of one core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

from mentoringkit.session import Session, memory_session
from mentoringkit.workbook import Evaluation, LogEntry, PlanRow, SkillAssessment, SmartGoal

TARGET_MS = 50.0
TODAY = dt.date(2025, 6, 2)


def _pages() -> dict[str, Callable[[Session], list[Any]]]:
    from mentoringkit import widgets as w

    def header(module_id: str) -> Callable[[Session], Any]:
        return lambda s: w.module_header(s, module_id)

    return {
        "01 what is mentoring": lambda s: [header("what-is-mentoring")(s), w.show_about(s), w.show_myths_quiz(s)],
        "02 four components": lambda s: [header("four-components")(s), w.show_components(s)],
        "03 roles": lambda s: [header("roles-and-responsibilities")(s), w.show_people(s), w.show_mentor_roles(s)],
        "04 boundaries": lambda s: [header("boundaries")(s), w.show_boundaries(s)],
        "05 first meeting": lambda s: [header("first-meeting")(s), w.show_first_meeting(s),
                                       w.show_conversation_starters(s, phase="first-meeting")],
        "06 goals": lambda s: [header("goals")(s), w.show_self_assessment(s, today=TODAY),
                               w.show_smart_goal(s, today=TODAY), w.show_development_plan(s, today=TODAY)],
        "07 agreement": lambda s: [header("agreement")(s), w.show_agreement(s, today=TODAY)],
        "08 log and progress": lambda s: [header("progress")(s), w.show_mentoring_log(s, today=TODAY),
                                          w.show_phase_checklist(s, today=TODAY),
                                          w.show_evaluation(s, "midpoint", today=TODAY)],
        "09 ending well": lambda s: [header("ending-well")(s), w.show_ending_signs(s), w.show_closure(s, today=TODAY),
                                     w.show_evaluation(s, "closing", today=TODAY), w.show_mentoring_plan_download(s)],
    }


def filled_session() -> Session:
    """A mentee well into the programme: goals, a plan, a signed agreement, a long log, ticked tasks."""
    session = memory_session(role="both")
    wb = session.workbook
    wb.profile.name = "Ana Lima"
    skills = session.curriculum.skills.skills
    wb.assessments.append(SkillAssessment(taken_on=TODAY, levels={s.id: "proficient" for s in skills}))
    for i in range(4):
        wb.goals.append(SmartGoal(text=f"Lead {i + 2} audit meetings by 30 September 2025", created=TODAY))
        wb.plan.append(PlanRow(goal_and_timeline=f"Goal {i + 1} by September", development_activities="Shadow",
                               success_measures="Two talks given", resources_support="Time on the rota"))
    a = wb.agreement
    a.goals, a.ground_rules = ["Grow as a teacher", "Lead audits"], ["Phones away", "Start on time"]
    a.schedule.first_meeting = dt.datetime(2025, 6, 9, 14, 0)
    a.schedule.location = "Library"
    a.learning_opportunities = a.confidentiality_meaning = a.feedback_method = a.log_method = "Agreed together."
    for day in range(40):
        wb.log.append(LogEntry(date=TODAY - dt.timedelta(days=7 * day), activity=f"Meeting {day}",
                               duration_minutes=60, notes="Talked about the audit", next_steps="Draft slides"))
    for phase in session.curriculum.checklist.phases:
        for task in phase.tasks[:2]:
            wb.checklist[task.id] = TODAY
    wb.evaluations.append(Evaluation(kind="midpoint", answers={"progress-on-goals": "Halfway"}, rating=4))
    return session


def change_elsewhere(session: Session, round_number: int) -> None:
    """What another tab might have saved since the last look."""
    wb = session.workbook
    wb.log.append(LogEntry(date=TODAY, activity=f"Call {round_number}", duration_minutes=20))
    wb.plan[0].success_measures = f"Talks given: {round_number}"
    task = session.curriculum.checklist.phases[-1].tasks[-1].id
    if task in wb.checklist:
        del wb.checklist[task]
    else:
        wb.checklist[task] = TODAY
    wb.boundaries["meeting-frequency"] = f"Every {round_number % 3 + 1} weeks"
    wb.set_reflection("module:what-is-mentoring", f"Thoughts, round {round_number}")


def median_ms(session: Session, runs: int, change: bool) -> float:
    times = []
    for n in range(runs):
        if change:
            change_elsewhere(session, n)
        start = time.perf_counter()
        session._refresh_followers()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="refreshes timed per page and case (default 20)")
    args = parser.parse_args(argv)
    print(f"{'page':<22} {'nothing changed':>16} {'changed elsewhere':>18}   target < {TARGET_MS:.0f} ms")
    worst = 0.0
    for name, build in _pages().items():
        session = filled_session()
        screens = build(session)  # kept alive: the session holds its screens weakly
        quiet = median_ms(session, args.runs, change=False)
        changed = median_ms(session, args.runs, change=True)
        worst = max(worst, quiet, changed)
        print(f"{name:<22} {quiet:>13.1f} ms {changed:>15.1f} ms   ({len(screens)} screens)")
    print(f"slowest: {worst:.1f} ms ({'within' if worst < TARGET_MS else 'OVER'} the {TARGET_MS:.0f} ms target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
