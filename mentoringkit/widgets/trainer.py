"""The trainer's pages in the served app: presenter (plan, notes, timer, next/previous), cohort view and
handouts, and the projector view the presenter drives. Both open only with the trainer key.

All rules live in mentoringkit.trainer (plans, presenter state, cohort aggregates); this module wires them
to widgets. The presenter writes the shared state file; the projector only reads it.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.model.text import isolated_html, typed_html
from mentoringkit.widgets.controls import PAGE_STYLE, QuietHTML, button_layout, download_link

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum
    from mentoringkit.trainer.plans import Segment, SessionPlan

__all__ = ["ProjectorPage", "TrainerPage", "refusal", "show_projector_page", "show_trainer_page"]

REFUSAL = ("<h1>This page is for the trainer</h1><p>It opens only from the address that "
           "<code>mentoringkit serve</code> printed when it started. Participants: go back to the start page.</p>")
PLAN_LENGTHS = (45, 60, 90, 120, 180)
#: How long the pages keep updating without anything happening. Every update is kernel activity, so a page
#: that ticked forever would keep its kernel from ever being culled after its tab is closed.
LIVE_SECONDS = 60 * 60
_KIND = {"talk": "Trainer leads", "solo": "On your own", "pair": "In pairs", "group": "Small groups",
         "discussion": "Whole-room discussion"}


def refusal() -> QuietHTML:
    return QuietHTML(REFUSAL, repr_name="TrainerOnly")


def _granted(key: str, environ: dict[str, str] | None = None) -> tuple[bool, str]:
    """Whether this page may open: the ``key`` parameter or ``?key=`` in the page address must match."""
    from mentoringkit.session import request_query
    from mentoringkit.trainer.access import key_is_valid

    candidate = key or request_query(environ).get("key", "")
    return key_is_valid(candidate), candidate


def _iframe(document: str, title: str, height: str = "34rem") -> str:
    """A whole HTML document shown in a frame, so its styles stay inside it."""
    return (f'<iframe title="{html.escape(title)}" srcdoc="{html.escape(document, quote=True)}" '
            f'style="width:100%;height:{height};border:1px solid #cbd2d9;border-radius:4px" '
            'sandbox=""></iframe>')


def _list(items: tuple[str, ...] | list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + f"</{tag}>"


def segment_notes_html(segment: Segment, plan: SessionPlan) -> str:
    """Everything the presenter needs for one segment: what, how long, how to run it, prompts, questions."""
    from mentoringkit.trainer.plan_document import clock

    a = segment.activity
    parts = [f'<h2 class="mk-now">Now: {html.escape(a.title)}</h2>',
             f"<p><strong>{clock(segment.start)}–{clock(segment.end)}</strong> · {segment.minutes} minutes · "
             f"{_KIND[a.kind]}" + (f" · {html.escape(segment.module_title)}" if segment.module_title else "")
             + "</p>"]
    if segment.purpose:
        parts.append(f"<p><em>Purpose:</em> {html.escape(segment.purpose)}</p>")
    if a.projected:
        parts.append(f"<p><em>On the projector:</em> {html.escape(a.projected)}</p>")
    parts += ["<h3>How to run it</h3>", _list(a.how_to_run, ordered=True)]
    if a.prompts:
        parts += ["<h3>Prompts</h3>", _list(a.prompts)]
    if segment.common_questions:
        parts.append("<h3>Common questions</h3><dl>" + "".join(
            f"<dt><strong>{html.escape(q.question)}</strong></dt><dd>{html.escape(q.answer)}</dd>"
            for q in segment.common_questions) + "</dl>")
    return "".join(parts)


class TrainerPage(widgets.VBox):
    """Presenter controls and notes, the cohort view, handouts and the full plan."""

    def __init__(self, curriculum: Curriculum, data_dir: Path | None = None, *, key: str = "", live: bool = True):
        from mentoringkit.trainer.presenter import load_state

        self.curriculum, self.data_dir, self.key = curriculum, data_dir, key
        self.state = load_state(data_dir)
        self._plans: dict[int, SessionPlan] = {}
        lengths = sorted({*PLAN_LENGTHS, self.state.minutes})
        self.length = widgets.Dropdown(options=[(f"{n} minutes", n) for n in lengths], value=self.state.minutes,
                                       description="Session length", style={"description_width": "initial"})
        self.previous = widgets.Button(description="Previous", icon="arrow-left", layout=button_layout())
        self.next = widgets.Button(description="Next", icon="arrow-right", layout=button_layout())
        self.restart = widgets.Button(description="Restart timer", icon="clock-o", layout=button_layout())
        self.timer = QuietHTML(repr_name="Timer")
        self.notes = QuietHTML(repr_name="PresenterNotes")
        self.up_next = QuietHTML(repr_name="UpNext")
        self.cohort = QuietHTML(repr_name="CohortView")
        self.refresh = widgets.Button(description="Refresh the cohort view", icon="refresh", layout=button_layout())
        self.plan_view = QuietHTML(repr_name="PlanView")
        self.previous.on_click(lambda _: self.step(-1))
        self.next.on_click(lambda _: self.step(1))
        self.restart.on_click(lambda _: self.restart_timer())
        self.refresh.on_click(lambda _: self.show_cohort())
        self.length.observe(lambda change: self.choose_length(change["new"]), names="value")
        self.partner_minutes = widgets.BoundedIntText(value=3, min=1, max=30, description="Minutes",
                                                      style={"description_width": "initial"},
                                                      layout=widgets.Layout(width="10rem"))
        self.partner_start = widgets.Button(description="Start: turn to your partner", icon="comments",
                                            layout=button_layout())
        self.partner_start.on_click(lambda _: self.start_partner_timer())
        self.present = widgets.Textarea(description="People present, one per line",
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="100%", height="8rem"))
        self.seed = widgets.BoundedIntText(value=1, min=1, max=9999, description="Draw number",
                                           style={"description_width": "initial"},
                                           layout=widgets.Layout(width="12rem"))
        self.group_size = widgets.Dropdown(options=[("Pairs", 2), ("Trios", 3)], value=2, description="Groups",
                                           style={"description_width": "initial"})
        self.draw = widgets.Button(description="Draw groups", icon="random", layout=button_layout())
        self.groups = QuietHTML(repr_name="Groups")
        self.draw.on_click(lambda _: self.draw_groups())
        handouts = self._handout_links()
        super().__init__([
            QuietHTML(PAGE_STYLE + "<h1>Trainer</h1><p>Keep this page on your own screen. Open the projector "
                      "view on the projected screen; it follows the Next and Previous buttons here.</p>",
                      repr_name="TrainerIntro"),
            QuietHTML("<h2>Presenter</h2>", repr_name="Heading"),
            self.length, widgets.HBox([self.previous, self.next, self.restart]), self.timer, self.notes,
            self.up_next,
            QuietHTML("<h2>Activities</h2><p>A countdown for pair work shows on the projector. Practice "
                      "groups are drawn from the names below; the same draw number gives the same groups.</p>",
                      repr_name="Heading"),
            widgets.HBox([self.partner_minutes, self.partner_start]), self.present,
            widgets.HBox([self.group_size, self.seed, self.draw]), self.groups,
            QuietHTML("<h2>The room</h2>", repr_name="Heading"), self.refresh, self.cohort,
            QuietHTML("<h2>Handouts</h2><p>Blank forms to print for people without a laptop.</p>",
                      repr_name="Heading"), handouts,
            QuietHTML("<h2>The whole plan</h2>", repr_name="Heading"), self.plan_view])
        self._live = live
        self._ticking: threading.Thread | None = None
        self._live_until = 0.0
        self.show_plan()
        self.show_segment()
        self.show_cohort()

    # -- model access ----------------------------------------------------------
    def plan(self, minutes: int | None = None) -> SessionPlan:
        from mentoringkit.trainer.plans import make_plan

        minutes = minutes or self.state.minutes
        if minutes not in self._plans:
            self._plans[minutes] = make_plan(self.curriculum, minutes)
        return self._plans[minutes]

    def _save(self) -> None:
        from mentoringkit.trainer.presenter import save_state

        save_state(self.state, self.data_dir)

    # -- user actions (each also callable from code and tests) ----------------
    def step(self, step: int) -> None:
        from mentoringkit.trainer.presenter import move

        self.state = move(self.state, self.plan(), step)
        self._save()
        self.show_segment()

    def restart_timer(self) -> None:
        from mentoringkit.trainer.presenter import restart_timer

        self.state = restart_timer(self.state)
        self._save()
        self.tick()

    def start_partner_timer(self) -> None:
        from mentoringkit.trainer.presenter import start_partner_timer

        self.state = start_partner_timer(self.state, int(self.partner_minutes.value))
        self._save()
        self.tick()
        self._keep_ticking()

    def draw_groups(self) -> None:
        from mentoringkit.trainer.activities import draw_groups

        try:
            groups = draw_groups(self.present.value.splitlines(), int(self.seed.value), self.group_size.value)
        except ValueError as exc:
            self.groups.value = f'<p role="alert">{isolated_html(str(exc))}</p>'
            return
        self.groups.value = "<ol>" + "".join(
            f"<li>{' · '.join(typed_html(name) for name in group)}</li>" for group in groups) + "</ol>"

    def choose_length(self, minutes: int) -> None:
        from mentoringkit.trainer.presenter import PresenterState

        if minutes != self.state.minutes:
            self.state = PresenterState(minutes=minutes, index=0, started="")
            self._save()
            self.show_plan()
            self.show_segment()

    # -- views ------------------------------------------------------------------
    def show_segment(self) -> None:
        from mentoringkit.trainer.presenter import current, following

        plan = self.plan()
        segment = current(self.state, plan)
        self.notes.value = segment_notes_html(segment, plan)
        nxt = following(self.state, plan)
        self.up_next.value = (f"<p><strong>Next:</strong> {html.escape(nxt.activity.title)} ({nxt.minutes} minutes)"
                              "</p>" if nxt else "<p><strong>Next:</strong> the end of the session.</p>")
        self.previous.disabled = self.state.index == 0
        self.next.disabled = self.state.index >= len(plan.segments) - 1
        self.tick()
        self._keep_ticking()

    def show_plan(self) -> None:
        from mentoringkit.trainer.plan_document import render_plan

        plan = self.plan()
        self.plan_view.value = _iframe(render_plan(plan, "html"), f"The {plan.minutes}-minute plan")

    def tick(self) -> None:
        from mentoringkit.trainer.presenter import clock_text, partner_seconds_left, seconds_left

        plan = self.plan()
        text = clock_text(seconds_left(self.state, plan))
        label = "Timer" if self.state.started else "Timer (press Next or Restart timer to start)"
        partner = partner_seconds_left(self.state)
        extra = f" · turn to your partner: {clock_text(partner)}" if partner is not None else ""
        self.timer.value = (f'<p class="mk-timer" style="font-size:1.6em"><strong>{label}:</strong> '
                            f"<span>{text}</span> · segment {self.state.index + 1} of {len(plan.segments)}{extra}</p>")

    def _keep_ticking(self) -> None:
        """Update the timer every second for the next hour (restarted by every action on the page)."""
        if not self._live:
            return
        self._live_until = time.monotonic() + LIVE_SECONDS
        if self._ticking is None or not self._ticking.is_alive():
            self._ticking = threading.Thread(target=self._tick_every_second, daemon=True)
            self._ticking.start()

    def _tick_every_second(self) -> None:
        while time.monotonic() < self._live_until:
            time.sleep(1.0)
            try:
                self.tick()
            except Exception:  # a closed page: nothing left to update
                return

    def show_cohort(self) -> None:
        self.cohort.value = cohort_view_html(self.curriculum, self.data_dir)
        if not self.present.value.strip():  # suggest the people who have started; the trainer edits the list
            from mentoringkit.trainer.cohort import load_cohort

            folder = self.data_dir if self.data_dir is not None else _default_data_dir()
            names = sorted({wb.profile.name.strip() for wb in load_cohort(folder)[0] if wb.profile.name.strip()})
            self.present.value = "\n".join(names)

    def _handout_links(self) -> widgets.VBox:
        from mentoringkit.exports import render_outline
        from mentoringkit.trainer.handouts import HANDOUTS, handout_document

        links = [download_link(f"{name}.html", render_outline(handout_document(name, self.curriculum), "html"),
                               "text/html", f"Download the blank {name.replace('-', ' ')} (HTML, print it)")
                 for name in HANDOUTS]
        return widgets.VBox(links)


def _default_data_dir() -> Path:
    from mentoringkit.storage import default_data_dir

    return default_data_dir()


def cohort_view_html(curriculum: Curriculum, data_dir: Path | None) -> str:
    """Who has started and which module each is on now (names: this is the trainer's own view), then the
    anonymous aggregates exactly as ``mentoringkit cohort summary`` prints them."""
    from mentoringkit.progress import course_progress
    from mentoringkit.storage import default_data_dir
    from mentoringkit.trainer.cohort import cohort_summary, load_cohort
    from mentoringkit.trainer.cohort_report import summary_html

    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    books, untouched, unreadable = load_cohort(folder)
    rows = []
    for wb in sorted(books, key=lambda b: (b.profile.name or "~").casefold()):
        progress = course_progress(wb, curriculum)
        now_on = next((m.title for m in progress if m.status != "done"), "All modules done")
        done = sum(m.status == "done" for m in progress)
        rows.append(f"<tr><th scope='row'>{typed_html(wb.profile.name) or '(no name yet)'}</th>"
                    f"<td>{html.escape(now_on)}</td><td>{done} of {len(progress)}</td></tr>")
    people = (f"<p>{len(books)} started" + (f", {untouched} packets not opened yet" if untouched else "")
              + (f", {unreadable} workbooks could not be read" if unreadable else "") + ".</p>")
    table = ("<table class='mk-progress'><caption>Who has started and where each person is</caption><thead><tr>"
             "<th scope='col'>Name</th><th scope='col'>On now</th><th scope='col'>Modules done</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>") if rows else ""
    summary = cohort_summary(books, curriculum, untouched=untouched, unreadable=unreadable)
    return people + table + _iframe(summary_html(summary, curriculum), "Anonymous aggregates for the cohort")


class ProjectorPage(widgets.VBox):
    """What the room sees: the current activity in large type, its one projected line and the time left.
    No facilitator notes and no personal codes ever reach it."""

    def __init__(self, curriculum: Curriculum, data_dir: Path | None = None, *, live: bool = True):
        self.curriculum, self.data_dir = curriculum, data_dir
        self.screen = QuietHTML(repr_name="ProjectorScreen")
        self._plans: dict[int, SessionPlan] = {}
        super().__init__([self.screen])
        self._seen = self._state_stamp()
        self.refresh()
        self._following: threading.Thread | None = None
        if live:
            self._following = threading.Thread(target=self._follow, daemon=True)
            self._following.start()

    def _state_stamp(self) -> float:
        from mentoringkit.trainer.presenter import state_path

        try:
            return state_path(self.data_dir).stat().st_mtime
        except OSError:
            return 0.0

    def refresh(self) -> None:
        from mentoringkit.trainer.plans import make_plan
        from mentoringkit.trainer.presenter import (
            clock_text,
            current,
            load_state,
            partner_seconds_left,
            seconds_left,
        )

        state = load_state(self.data_dir)
        partner = partner_seconds_left(state)
        if state.minutes not in self._plans:
            self._plans[state.minutes] = make_plan(self.curriculum, state.minutes)
        plan = self._plans[state.minutes]
        segment = current(state, plan)
        module = next((m for m in self.curriculum.course.modules if m.id == segment.module_id), None)
        points = _list(module.key_points) if module is not None and segment.activity.kind == "talk" else ""
        self.screen.value = (
            '<div class="mk-projector" style="font-size:2.2em;line-height:1.35">'
            + (f'<p style="color:#52606d;margin:0">{html.escape(module.title)}</p>' if module else "")
            + f'<h1 style="font-size:1.6em;margin:.2em 0">{html.escape(segment.activity.title)}</h1>'
            + (f"<p>{html.escape(segment.activity.projected)}</p>" if segment.activity.projected else "")
            + points
            + f'<p class="mk-projector-time" style="color:#1d5c7a"><strong>{clock_text(seconds_left(state, plan))}'
            + "</strong></p>"
            + (f'<p class="mk-partner-time" style="font-size:1.3em;border:3px solid #1d5c7a;padding:.3em .6em">'
               f"<strong>Turn to your partner:</strong> {clock_text(partner)}</p>" if partner is not None else "")
            + "</div>")

    def _follow(self) -> None:
        """Follow the presenter every second until it has been still for an hour (then the kernel may go idle)."""
        last_change = time.monotonic()
        while time.monotonic() - last_change < LIVE_SECONDS:
            time.sleep(1.0)
            stamp = self._state_stamp()
            if stamp != self._seen:
                self._seen, last_change = stamp, time.monotonic()
            try:
                self.refresh()
            except Exception:  # a closed page: nothing left to update
                return


def _open(make: Callable[[], widgets.Widget], key: str, environ: dict[str, str] | None) -> widgets.Widget:
    ok, _ = _granted(key, environ)
    return make() if ok else refusal()


def show_trainer_page(key: str = "", *, curriculum: Curriculum | None = None, data_dir: Path | None = None,
                      environ: dict[str, str] | None = None, live: bool = True) -> widgets.Widget:
    """The trainer page, or a refusal that shows nothing else when the key is missing or wrong."""
    from mentoringkit.curriculum import load_curriculum

    ok, candidate = _granted(key, environ)
    if not ok:
        return refusal()
    return TrainerPage(curriculum or load_curriculum(), data_dir, key=candidate, live=live)


def show_projector_page(key: str = "", *, curriculum: Curriculum | None = None, data_dir: Path | None = None,
                        environ: dict[str, str] | None = None, live: bool = True) -> widgets.Widget:
    """The projector view, or the same refusal as the trainer page without the key."""
    from mentoringkit.curriculum import load_curriculum

    return _open(lambda: ProjectorPage(curriculum or load_curriculum(), data_dir, live=live), key, environ)
