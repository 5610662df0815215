"""Ending well: a self-check of the signs that a partnership should end, a planner for the closing
conversation, and "my mentoring plan" (everything in the workbook) to download and keep.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle

from mentoringkit.model.text import isolated_html
from mentoringkit.widgets.controls import (
    Field,
    Follower,
    QuietHTML,
    fill_downloads,
    look,
    points_html,
    put_saved,
    shared_look,
    single_choice,
    status,
)
from mentoringkit.widgets.evaluation import questions_for_role
from mentoringkit.widgets.phase_checklist import WRAP_CHECKBOX_LABELS
from mentoringkit.widgets.typed_fields import NARROW_SCREEN_STYLE, DateField, date_order

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session
    from mentoringkit.workbook import ClosurePlan

__all__ = ["HOW_TO_END", "ClosurePlanner", "EndingSigns", "MentoringPlanDownload", "show_closure",
           "show_ending_signs", "show_mentoring_plan_download"]

#: The draft form name in the workbook (``mentoringkit.drafts``) for a last-meeting date that cannot be read yet.
DRAFT_FORM = "closure"

HOW_TO_END: dict[str, str] = {"stop": "Stop meeting after a last meeting", "taper": "Meet less often, then stop"}

#: ClosurePlan text fields: (attribute, label, hint).
_TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("reason", "Why the partnership is ending", "For example: the goals are met, or the agreed time is up."),
    ("future_contact", "Keeping in touch afterwards", "Whether, how and how often you will be in contact."),
    ("accomplishments", "What we accomplished", "The goals reached and the successes to celebrate."),
    ("still_to_do", "What is still to do", "Anything left unfinished."),
    ("mentee_plan", "How the mentee will carry on", "The mentee's next steps without regular meetings."),
    ("thoughts_on_process", "What we thought of how the mentoring worked", "What helped, and what you would "
     "change next time."),
    ("thank_you_note", "Thank-you note", "A few lines to thank your partner; send it after the closing meeting."),
)


class EndingSigns(Follower, widgets.VBox):
    """A private self-check: tick the signs you recognise and see what that suggests.

    The ticks are kept in ``workbook.ending_signs`` so they are still there after a reload; they stay a
    prompt for a conversation and appear in no printed document (only in the full workbook backup).
    """

    def __init__(self, session: Session):
        self.lay_out(session, "mk-checklist")

    def _build(self) -> None:
        """Lay out the signs for the participant's role as it is now."""
        session = self.session
        self._role = session.role
        self.signs = questions_for_role(session.curriculum.ending.signs, session.role)
        self.boxes: dict[str, widgets.Checkbox] = {}
        kept = set(session.workbook.ending_signs)
        for sign in self.signs:
            box = widgets.Checkbox(value=sign.id in kept, description=f"{sign.title}: {sign.text}", indent=False,
                                   layout=look(widgets.Layout, width="100%"), style=look(CheckboxStyle))
            box.observe(self.by_hand(lambda _change: self._ticks_changed()), names="value")
            self.boxes[sign.id] = box
        self.verdict = QuietHTML(repr_name="EndingSignsVerdict")
        intro = QuietHTML(WRAP_CHECKBOX_LABELS + f"<p>{html.escape(session.curriculum.ending.intro)}</p>"
                          "<p>Tick each sign you recognise in your partnership now.</p>", repr_name="EndingSignsIntro")
        self.children = [intro, *self.boxes.values(), self.verdict]
        self._show()

    def check_sign(self, sign_id: str, ticked: bool = True) -> None:
        self.boxes[sign_id].value = ticked

    def ticked(self) -> list[str]:
        from mentoringkit.closure import ending_signs_present

        return [s.id for s in ending_signs_present((sid for sid, box in self.boxes.items() if box.value), self.signs)]

    def refresh(self) -> None:
        """Tick the signs as saved (on another page, perhaps) and redraw what they suggest; the signs change
        with a role changed on another page."""
        if self.relaid_for_role():
            return
        kept = set(self.session.workbook.ending_signs)
        with self.redrawing():
            for sign_id, box in self.boxes.items():
                box.value = sign_id in kept
        self._show()

    def _ticks_changed(self) -> None:
        workbook = self.session.workbook
        # Signs this page does not show (another role's) keep whatever was ticked for them.
        hidden = [sid for sid in workbook.ending_signs if sid not in self.boxes]
        ticked = hidden + self.ticked()
        if ticked != workbook.ending_signs:
            workbook.ending_signs = ticked
            self.session.save()
        self._show()

    def _show(self) -> None:
        n = len(self.ticked())
        if n == 0:
            self.verdict.value = ("<p role='status'>No signs ticked. If the partnership still helps you both, carry "
                                  "on, and look at this again at your next review.</p>")
        else:
            self.verdict.value = (f"<p role='status'>You ticked {n} sign{'s' if n != 1 else ''}. Raise the question "
                                  "of ending with your partner openly at your next meeting, and use the planner "
                                  "below to prepare.</p>")

    def __repr__(self) -> str:
        return "EndingSigns()"


class ClosurePlanner(Follower, widgets.VBox):
    """The closure plan bound to ``workbook.closure``; every change is saved.

    To act as the participant: ``agree_ending``, ``set_how_to_end``, ``set_last_meeting``, ``set_text``.
    """

    def __init__(self, session: Session, *, today: dt.date | None = None):
        self.session = session
        self._today = today
        plan = session.workbook.closure
        self.agreed = widgets.Checkbox(value=plan.ending_agreed, description="We have both agreed that the "
                                       "partnership is ending", indent=False, layout=widgets.Layout(width="100%"))
        self.how = single_choice([(label, key) for key, label in HOW_TO_END.items()], "How to end",
                                 value=plan.how_to_end or None)
        self.last_meeting = DateField("Date of the last meeting", plan.last_meeting, order=date_order(session),
                                      today=self.today)
        from mentoringkit.drafts import get_draft

        typed_date = get_draft(session.workbook, DRAFT_FORM, "last_meeting")
        if typed_date is not None:  # a date that could not be read before the reload; refresh says why
            self.last_meeting.value = typed_date
        self.fields: dict[str, Field] = {
            attr: Field(label, getattr(plan, attr), multiline=True, rows=3, hint=hint, continuous_update=True)
            for attr, label, hint in _TEXT_FIELDS}
        self.missing = QuietHTML(repr_name="ClosureMissing")
        self.agreed.observe(self.by_hand(lambda change: self.agree_ending(change["new"])), names="value")
        self.how.observe(self.by_hand(lambda change: self.set_how_to_end(change["new"])), names="value")
        self._touched: set[str] = set()
        self.last_meeting.on_change(self.by_hand(lambda _text: self._touched.add("last_meeting")))
        self.last_meeting.on_change(self.by_hand(lambda _t: self._read_last_meeting()))
        for attr, field in self.fields.items():
            field.on_change(self.by_hand(lambda _text, attr=attr: self._touched.add(attr)))
            field.on_change(self.by_hand(lambda text, attr=attr: self._update(attr, text.strip())))
        self.guidance = QuietHTML(self._steps_html(), repr_name="HowToEnd")
        f = self.fields
        super().__init__(children=[
            self.guidance, QuietHTML(WRAP_CHECKBOX_LABELS + "<h3>Your closure plan</h3>", repr_name="ClosureHeading"),
            self.agreed, f["reason"],
            QuietHTML("<p><strong>How will you end?</strong></p>", repr_name="HowQuestion"), self.how,
            self.last_meeting, f["future_contact"], f["accomplishments"], f["still_to_do"], f["mentee_plan"],
            f["thoughts_on_process"], f["thank_you_note"], self.missing,
        ], layout=widgets.Layout(width="100%"))
        self.add_class("mk-checklist")
        self.add_class("mk-wrap-fields")
        self.refresh()
        self.follow(session)

    @property
    def plan(self) -> ClosurePlan:
        return self.session.workbook.closure

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _steps_html(self) -> str:
        steps = questions_for_role(self.session.curriculum.ending.how_to_end, self.session.role)
        return (NARROW_SCREEN_STYLE + "<h3>Steps to a good ending</h3>"
                + points_html(steps, self.session.curriculum))

    # -- acting as the participant ----------------------------------------------
    def agree_ending(self, agreed: bool = True) -> None:
        if self.agreed.value != agreed:
            self.agreed.value = agreed
            return
        self._update("ending_agreed", agreed)

    def set_how_to_end(self, how: str | None) -> None:
        if how not in (None, "", *HOW_TO_END):
            raise ValueError(f"how must be one of {', '.join(HOW_TO_END)}, got {how!r}")
        how = how or None
        if self.how.value != how:
            self.how.value = how
            return
        self._update("how_to_end", how or "")

    def set_last_meeting(self, value: str | dt.date) -> None:
        """Type the last meeting's date (kept as typed even when it is not a real date)."""
        if isinstance(value, dt.date):
            self.last_meeting.show(value)
        else:
            self.last_meeting.value = value

    def set_text(self, attr: str, text: str) -> None:
        """Type into one of the text parts: reason, future_contact, accomplishments, still_to_do, ..."""
        self.fields[attr].value = text

    # -- changing and showing ---------------------------------------------------
    def _update(self, attr: str, value: Any) -> None:
        setattr(self.plan, attr, value)
        self.session.save()
        self.refresh()

    def _read_last_meeting(self) -> None:
        from mentoringkit.drafts import drop_draft, set_draft

        date, problem = self.last_meeting.read()
        if problem:
            # The plan keeps its last good date until this one is fixed; the typed text is kept as a draft.
            if set_draft(self.session.workbook, DRAFT_FORM, "last_meeting", self.last_meeting.value, default=None):
                self.session.save()
            self.refresh()
            return
        drop_draft(self.session.workbook, DRAFT_FORM, "last_meeting")
        self._update("last_meeting", date)

    def refresh(self) -> None:
        """Show the plan as saved (changed on another page, perhaps) and what is still to plan, saving nothing.

        Text that reads as the saved value (the same but for spaces around it) is left as typed.
        """
        from mentoringkit.drafts import get_draft

        plan = self.plan
        self.guidance.value = self._steps_html()  # for a role changed on another page
        with self.redrawing():
            self.agreed.value = plan.ending_agreed
            self.how.value = plan.how_to_end or None
            typed_date = get_draft(self.session.workbook, DRAFT_FORM, "last_meeting")
            if typed_date is not None:
                put_saved(self.last_meeting, typed_date)
            else:
                put_saved(self.last_meeting, plan.last_meeting.isoformat() if plan.last_meeting else "",
                           same=lambda _t: self.last_meeting.read() == (plan.last_meeting, None))
            for attr, field in self.fields.items():
                put_saved(field, getattr(plan, attr), same=lambda t, attr=attr: t.strip() == getattr(plan, attr))
        self._show_gaps()

    def _show_gaps(self) -> None:
        from mentoringkit.closure import check_closure

        gaps = list(check_closure(self.plan))
        date_problem = self.last_meeting.read()[1]
        targets: dict[str, Field] = {**self.fields, "last_meeting": self.last_meeting}
        for field in targets.values():
            field.set_error(None)
        for gap in gaps:
            where = str(getattr(gap, "field", ""))
            attr = next((a for a in targets if a in where), None)
            if attr is not None and targets[attr].error is None and (
                    attr in self._touched or targets[attr].value.strip()):
                targets[attr].set_error(gap.message)
        if date_problem:
            self.last_meeting.set_error(date_problem)
        todo = ([date_problem] if date_problem else []) + [g.message for g in gaps]
        if todo:
            self.missing.value = ("<h3>Still to plan</h3><ul>" + "".join(f"<li>{isolated_html(t)}</li>" for t in todo)
                                  + "</ul>")
        else:
            self.missing.value = status("Your closure plan is complete.", "info")

    def __repr__(self) -> str:
        return "ClosurePlanner()"


class MentoringPlanDownload(Follower, widgets.HBox):
    """Links to download "my mentoring plan", refreshed whenever the workbook is saved or changed elsewhere."""

    def __init__(self, session: Session):
        self.session = session
        super().__init__(layout=widgets.Layout(width="100%", flex_flow="row wrap", grid_gap="0.4em 1.5em"))
        session.observe(lambda _s: self.refresh(), owner=self)
        self.refresh()
        self.follow(session)

    def refresh(self) -> None:
        from mentoringkit.exports import mentoring_plan_html, mentoring_plan_markdown

        workbook, curriculum = self.session.workbook, self.session.curriculum
        fill_downloads(self, [
            ("my-mentoring-plan.md", mentoring_plan_markdown(workbook, curriculum), "text/markdown",
             "Download my mentoring plan (Markdown)"),
            ("my-mentoring-plan.html", mentoring_plan_html(workbook, curriculum), "text/html",
             "Download my mentoring plan to print (HTML)"),
        ])

    def __repr__(self) -> str:
        return "MentoringPlanDownload()"


@shared_look()
def show_ending_signs(session: Session) -> EndingSigns:
    """The self-check of signs that the partnership should end."""
    return EndingSigns(session)


@shared_look()
def show_closure(session: Session, *, today: dt.date | None = None) -> ClosurePlanner:
    """The closure planner for this participant's workbook."""
    return ClosurePlanner(session, today=today)


@shared_look()
def show_mentoring_plan_download(session: Session) -> MentoringPlanDownload:
    """Download links for the whole mentoring plan."""
    return MentoringPlanDownload(session)
