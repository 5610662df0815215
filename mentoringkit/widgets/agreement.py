"""The relationship agreement builder: fill in the agreement together, see what is still missing, preview it,
and download it with the meeting series for a calendar.

Every edit goes straight into ``workbook.agreement`` and is saved. Input that cannot be read (a date that
does not exist, a time of 25:00, "every 0 weeks") stays in its field with the reason under it, and the
agreement keeps its last good value until it is fixed; the typed text is kept as a draft in the workbook
meanwhile, so a reload shows it again with its reason.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from mentoringkit.model.text import isolated_html, typed_html
from mentoringkit.widgets.controls import (
    Download,
    Field,
    Follower,
    QuietHTML,
    fill_downloads,
    put_saved,
    shared_look,
    single_choice,
    sources_html,
    status,
)
from mentoringkit.widgets.typed_fields import NARROW_SCREEN_STYLE, DateField, date_order, parse_count, parse_time_text
from mentoringkit.workbook import Signature

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session
    from mentoringkit.workbook import Agreement

__all__ = ["AgreementBuilder", "gap_key", "preview_frame", "show_agreement"]

#: Which on-screen field a completeness gap belongs to, found by a word in the gap's ``field``.
#: More specific words come first ("first_meeting" before "schedule").
_GAP_FIELDS: tuple[tuple[str, str], ...] = (
    ("first_meeting", "date"), ("time", "time"), ("interval", "interval"), ("occurrences", "occurrences"),
    ("duration", "duration"), ("location", "location"), ("schedule", "date"), ("goals", "goals"),
    ("learning", "learning_opportunities"), ("confidential", "confidentiality_meaning"),
    ("ground", "ground_rules"), ("feedback", "feedback_method"), ("log", "log_method"),
    ("mentee", "mentee"), ("mentor", "mentor"),
)


#: The draft form name in the workbook (``mentoringkit.drafts``), and the draft name of each field whose text
#: must be read as a date, time or number: text that cannot be read yet is kept there until it is fixed.
DRAFT_FORM = "agreement"
_DRAFT_FIELDS: dict[str, str] = {
    "date": "schedule.first_meeting.date", "time": "schedule.first_meeting.time", "interval": "schedule.interval",
    "occurrences": "schedule.occurrences", "duration": "schedule.duration_minutes"}
#: Count fields: on-screen key -> (schedule attribute, what the number is, largest allowed).
_COUNTS: dict[str, tuple[str, str, int]] = {
    "interval": ("interval", "number of weeks or months between meetings", 1000),
    "occurrences": ("occurrences", "number of meetings", 200),
    "duration": ("duration_minutes", "length of a meeting in minutes", 24 * 60),
}


def _lines(text: str) -> list[str]:
    return [line.strip(" \t-•*") for line in text.splitlines() if line.strip(" \t-•*")]


def preview_frame(document_html: str, title: str) -> str:
    """A full HTML document shown in a sandboxed frame, so its styles and headings stay out of the page.

    The document is escaped once more for the ``srcdoc`` attribute; no script in it can run (``sandbox``).
    """
    return (f'<iframe title="{html.escape(title, quote=True)}" sandbox="" '
            f'srcdoc="{html.escape(document_html, quote=True)}" '
            'style="width:100%;height:34em;border:1px solid #888;background:#fff"></iframe>')


def gap_key(gap: Any) -> str | None:
    """The on-screen field a gap is about (None when it is about the agreement as a whole)."""
    where = str(getattr(gap, "field", "")).lower()
    return next((key for word, key in _GAP_FIELDS if word in where), None)


class AgreementBuilder(Follower, widgets.VBox):
    """The agreement form with live completeness, preview and downloads.

    To act as the participant: ``set_goals``, ``set_first_meeting``, ``set_interval``, ``set_unit``,
    ``set_occurrences``, ``set_duration``, ``set_location``, ``set_text`` (the free-text parts),
    ``set_ground_rules``, ``sign``; or type into ``fields[key]``.
    """

    def __init__(self, session: Session, *, today: dt.date | None = None):
        self.session = session
        self._today = today
        form = session.curriculum.forms.agreement
        a = session.workbook.agreement
        s = a.schedule

        def spec(fid: str) -> Any:
            return form.field(fid)

        first = s.first_meeting
        self.fields: dict[str, Field] = {
            "goals": Field(f"{spec('goals').title} (one per line)", "\n".join(a.goals), multiline=True, rows=3,
                           hint=spec("goals").help),
            "date": DateField("Date of the first meeting", first.date() if first else None, order=date_order(session),
                              today=self.today),
            "time": Field("Time of the first meeting", first.strftime("%H:%M") if first else "",
                          placeholder="14:30", hint="24-hour clock such as 14:30, or 2:30 pm."),
            "interval": Field("Meet every", str(s.interval), hint="A whole number: 1 or more."),
            "occurrences": Field("How many meetings in all", str(s.occurrences)),
            "duration": Field("Minutes per meeting", str(s.duration_minutes)),
            "location": Field("Where or how you meet", s.location,
                              hint="A room, a phone call or a video link."),
            "learning_opportunities": Field(spec("learning_opportunities").title, a.learning_opportunities,
                                            multiline=True, hint=spec("learning_opportunities").help),
            "confidentiality_meaning": Field(spec("confidentiality_meaning").title, a.confidentiality_meaning,
                                             multiline=True, hint=spec("confidentiality_meaning").help),
            "ground_rules": Field(f"{spec('ground_rules').title} (one per line)", "\n".join(a.ground_rules),
                                  multiline=True, hint=spec("ground_rules").help),
            "feedback_method": Field(spec("feedback_method").title, a.feedback_method, multiline=True,
                                     hint=spec("feedback_method").help),
            "log_method": Field(spec("log_method").title, a.log_method, hint=spec("log_method").help),
            "mentor": Field(spec("mentor_signature").title, a.mentor.name, hint=spec("mentor_signature").help),
            "mentee": Field(spec("mentee_signature").title, a.mentee.name, hint=spec("mentee_signature").help),
        }
        # Plain text is sent as it is typed, so a reload before leaving a field loses nothing; dates, times and
        # numbers are read once the participant leaves the field, so half-typed ones do not flash a problem.
        for key, field in self.fields.items():
            if key not in _DRAFT_FIELDS:
                field.input.continuous_update = True
        self.unit = single_choice([("weeks", "week"), ("months", "month")], "Unit", value=s.unit)
        self._input_problems: dict[str, str] = {}
        self._restore_drafts()
        handlers: dict[str, Callable[[str], None]] = {
            "goals": lambda t: self._update(lambda ag: setattr(ag, "goals", _lines(t))),
            "date": lambda _t: self._read_first_meeting(),
            "time": lambda _t: self._read_first_meeting(),
            "interval": lambda t: self._read_count("interval", t),
            "occurrences": lambda t: self._read_count("occurrences", t),
            "duration": lambda t: self._read_count("duration", t),
            "location": lambda t: self._update(lambda ag: setattr(ag.schedule, "location", t.strip())),
            "ground_rules": lambda t: self._update(lambda ag: setattr(ag, "ground_rules", _lines(t))),
            "mentor": lambda t: self.sign("mentor", t),
            "mentee": lambda t: self.sign("mentee", t),
        }
        for key in ("learning_opportunities", "confidentiality_meaning", "feedback_method", "log_method"):
            handlers[key] = lambda t, key=key: self._update(lambda ag: setattr(ag, key, t.strip()))
        self._touched: set[str] = set()
        for key, field in self.fields.items():
            field.on_change(self.by_hand(lambda text, key=key: self._touched.add(key)))
            field.on_change(self.by_hand(handlers[key]))
        self.unit.observe(self.by_hand(lambda change: self.set_unit(change["new"])), names="value")

        self.missing = QuietHTML(repr_name="AgreementMissing")
        self.preview = QuietHTML(repr_name="AgreementPreview")
        self.downloads = widgets.HBox(layout=widgets.Layout(width="100%", flex_flow="row wrap",
                                                            grid_gap="0.4em 1.5em"))
        self.signed = QuietHTML(repr_name="AgreementSigned")
        self.sharing = QuietHTML(repr_name="AgreementSharing")
        self.sign_again_button = widgets.Button(description="Sign the agreement as it reads now",
                                                layout=widgets.Layout(width="auto", display="none"))
        self.sign_again_button.on_click(lambda _b: self.sign_again())
        self._calendar_pending = QuietHTML(repr_name="CalendarPending")
        self.past_end = QuietHTML(repr_name="SeriesPastEnd")
        self.stop_at_end_button = widgets.Button(
            description="Stop the series at the programme end", layout=widgets.Layout(width="auto", display="none"),
            tooltip="Keep only the meetings on or before the programme's last day, in the agreement and calendar")
        self.stop_at_end_button.on_click(lambda _button: self.stop_series_at_programme_end())
        wrap = widgets.Layout(width="100%", flex_flow="row wrap", align_items="flex-start", grid_gap="0 1em")
        f = self.fields
        schedule_box = widgets.VBox([
            QuietHTML(f"<h3>{html.escape(spec('schedule').title)}</h3>"
                      f"<p>{html.escape(spec('schedule').help)}</p>", repr_name="ScheduleHeading"),
            widgets.HBox([f["date"], f["time"]], layout=wrap),
            widgets.HBox([f["interval"], self.unit], layout=wrap),
            widgets.HBox([f["occurrences"], f["duration"]], layout=wrap),
            f["location"], self.past_end, self.stop_at_end_button,
        ], layout=widgets.Layout(width="100%"))
        intro = QuietHTML(NARROW_SCREEN_STYLE + f"<p>{html.escape(form.intro)}</p>"
                          + sources_html([form.source], session.curriculum),
                          repr_name="AgreementIntro")
        super().__init__(children=[
            intro, self.sharing, f["goals"], schedule_box, f["learning_opportunities"], f["confidentiality_meaning"],
            f["ground_rules"], f["feedback_method"], f["log_method"],
            QuietHTML("<h3>Signatures</h3>", repr_name="SignaturesHeading"), f["mentor"], f["mentee"], self.signed,
            self.sign_again_button,
            self.missing, QuietHTML("<h3>Preview</h3>", repr_name="PreviewHeading"), self.preview, self.downloads,
        ], layout=widgets.Layout(width="100%"))
        self.add_class("mk-agreement")
        self.add_class("mk-wrap-fields")
        self._read_first_meeting(save=False)
        self.refresh()
        self.follow(session)

    # -- reading ---------------------------------------------------------------
    @property
    def agreement(self) -> Agreement:
        return self.session.workbook.agreement

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def gaps(self) -> list[Any]:
        from mentoringkit.agreement import check_agreement

        return list(check_agreement(self.agreement, today=self.today()))

    # -- acting as the participant ----------------------------------------------
    def set_goals(self, goals: str | list[str]) -> None:
        self.fields["goals"].value = goals if isinstance(goals, str) else "\n".join(goals)

    def set_ground_rules(self, rules: str | list[str]) -> None:
        self.fields["ground_rules"].value = rules if isinstance(rules, str) else "\n".join(rules)

    def set_first_meeting(self, date: str | dt.date, time: str | dt.time = "") -> None:
        """Type the first meeting's date and time (either may be text, kept as typed even when wrong)."""
        self.fields["date"].value = date.isoformat() if isinstance(date, dt.date) else date
        self.fields["time"].value = time.strftime("%H:%M") if isinstance(time, dt.time) else time

    def set_interval(self, text: str | int) -> None:
        self.fields["interval"].value = str(text)

    def set_unit(self, unit: str) -> None:
        if unit not in ("week", "month"):
            raise ValueError(f"unit must be week or month, got {unit!r}")
        if self.unit.value != unit:
            self.unit.value = unit  # comes back here through the observer
            return
        self._update(lambda ag: setattr(ag.schedule, "unit", unit))

    def set_occurrences(self, text: str | int) -> None:
        self.fields["occurrences"].value = str(text)

    def stop_series_at_programme_end(self) -> None:
        """Keep only the meetings on or before the programme end (the "Stop the series …" button)."""
        from mentoringkit.agreement import stop_series_at_end

        end = self.session.workbook.profile.program_end
        if end is None:
            return
        try:
            kept = stop_series_at_end(self.agreement.schedule, end)
        except ValueError as problem:
            self.past_end.value = status(str(problem), "warn")
            return
        self.fields["occurrences"].value = str(kept.occurrences)  # saved through the field, like typing it

    def set_duration(self, text: str | int) -> None:
        self.fields["duration"].value = str(text)

    def set_location(self, text: str) -> None:
        self.fields["location"].value = text

    def set_text(self, key: str, text: str) -> None:
        """Type into one of the free-text parts (learning_opportunities, confidentiality_meaning, ...)."""
        self.fields[key].value = text

    def sign(self, side: str, name: str, on: dt.date | None = None) -> None:
        """Sign as mentor or mentee by typing a full name; the date is added on signing (today by default).

        Clearing the name removes the signature and its date.
        """
        if side not in ("mentor", "mentee"):
            raise ValueError(f"side must be mentor or mentee, got {side!r}")
        if self.fields[side].value != name:
            self.fields[side].value = name  # the field's change handler calls back with the same name
            if on is None:
                return
        from mentoringkit.agreement import sign

        name = name.strip()
        current: Signature = getattr(self.agreement, side)
        if not name:
            signature = Signature()
        else:
            # A signature records who, when and a digest of the text it covers (mentoringkit.agreement.sign).
            day = on or (current.signed_on if current.signed_on is not None and current.name else self.today())
            now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
            signature = sign(self.agreement, name, now.replace(year=day.year, month=day.month, day=day.day))
        self._update(lambda ag: setattr(ag, side, signature))

    def own_side(self) -> str | None:
        """The side this participant signs while paired (the other signs in their own session), else None."""
        link = self.session.workbook.partnership
        return link.role if link is not None else None

    def sign_again(self) -> None:
        """Sign again, as the same name, the agreement as it reads now (after a clause changed)."""
        from mentoringkit.agreement import signature_state

        sides = [self.own_side()] if self.own_side() else ["mentor", "mentee"]
        for side in sides:
            state = signature_state(self.agreement, side)  # type: ignore[arg-type]
            if state.signed and not state.current:
                self.sign(side, getattr(self.agreement, side).name, on=self.today())  # type: ignore[arg-type]

    # -- changing the agreement ------------------------------------------------------
    def _update(self, change: Callable[[Agreement], None]) -> None:
        change(self.agreement)
        self.session.save()
        self.refresh()

    def _read_count(self, key: str, text: str, *, save: bool = True) -> None:
        from mentoringkit.drafts import drop_draft, set_draft

        attr, what, largest = _COUNTS[key]
        try:
            number = parse_count(text, what, largest=largest)
        except ValueError as exc:
            self._input_problems[key] = str(exc)
            if save:
                # The agreement keeps its last good number; the typed text waits as a draft until it is fixed.
                if set_draft(self.session.workbook, DRAFT_FORM, _DRAFT_FIELDS[key], text, default=None):
                    self.session.save()
                self.refresh()
            return
        self._input_problems.pop(key, None)
        if save:
            drop_draft(self.session.workbook, DRAFT_FORM, _DRAFT_FIELDS[key])
            self._update(lambda ag: setattr(ag.schedule, attr, number))

    def _restore_drafts(self) -> None:
        """Put back dates, times and numbers typed before a reload that could not be read yet."""
        from mentoringkit.drafts import get_draft

        for key, name in _DRAFT_FIELDS.items():
            typed = get_draft(self.session.workbook, DRAFT_FORM, name)
            if typed is not None:
                self.fields[key].value = typed
                if key in _COUNTS:
                    self._read_count(key, typed, save=False)

    def _keep_first_meeting_draft(self, keep: bool) -> None:
        from mentoringkit.drafts import drop_draft, set_draft

        changed = False
        for key in ("date", "time"):
            name = _DRAFT_FIELDS[key]
            if keep:
                changed |= set_draft(self.session.workbook, DRAFT_FORM, name, self.fields[key].value, default=None)
            else:
                changed |= drop_draft(self.session.workbook, DRAFT_FORM, name)
        if changed and keep:
            self.session.save()  # when dropping, the save that stores the new first meeting follows

    def _read_first_meeting(self, save: bool = True) -> None:
        date_field, time_text = self.fields["date"], self.fields["time"].value
        date, date_problem = date_field.read()  # type: ignore[attr-defined]
        self._input_problems.pop("date", None)
        self._input_problems.pop("time", None)
        if date_problem:
            self._input_problems["date"] = date_problem
        try:
            time = parse_time_text(time_text)
        except ValueError as exc:
            self._input_problems["time"] = str(exc)
            time = None
        if date is not None and time is None and "time" not in self._input_problems:
            self._input_problems["time"] = "Add the time of the first meeting too, such as 14:30."
        if time is not None and date is None and not date_field.value.strip():
            self._input_problems["date"] = "Add the date of the first meeting too."
        if not save:
            return
        if self._input_problems.get("date") or self._input_problems.get("time"):
            if not date_field.value.strip() and not time_text.strip():
                self._keep_first_meeting_draft(False)
                self._update(lambda ag: setattr(ag.schedule, "first_meeting", None))
            else:
                # Keep the last good date in the agreement until this one is fixed, and what was typed as a draft.
                self._keep_first_meeting_draft(True)
                self.refresh()
            return
        self._keep_first_meeting_draft(False)
        moment = dt.datetime.combine(date, time) if date and time else None
        self._update(lambda ag: setattr(ag.schedule, "first_meeting", moment))

    # -- showing ----------------------------------------------------------------
    def refresh(self) -> None:
        """Show the agreement as saved (changed in another tab, perhaps), then the messages under the fields, the
        "still missing" list, the preview and the downloads; nothing is saved.

        What a field holds is left as typed when it reads as the saved value ("- Be on time" for the ground
        rule "Be on time", "2 pm" for 14:00); a date, time or number that cannot be read yet stays as long as
        its draft is kept.
        """
        from mentoringkit.drafts import get_draft

        with self.redrawing():
            for key, (text, same) in self._saved_texts().items():
                draft = _DRAFT_FIELDS.get(key)
                typed = get_draft(self.session.workbook, DRAFT_FORM, draft) if draft else None
                if typed is not None:
                    put_saved(self.fields[key], typed)
                else:
                    put_saved(self.fields[key], text, same)
            self.unit.value = self.agreement.schedule.unit
        for key in _COUNTS:
            self._read_count(key, self.fields[key].value, save=False)
        self._read_first_meeting(save=False)
        self._show_checks()

    def _saved_texts(self) -> dict[str, tuple[str, Callable[[str], bool]]]:
        """Each field's text for the saved agreement, and how to tell whether typed text already means it."""
        a = self.agreement
        s = a.schedule
        first = s.first_meeting
        date_field = self.fields["date"]

        def same_text(saved: str) -> Callable[[str], bool]:
            return lambda typed: typed.strip() == saved

        def same_lines(saved: list[str]) -> Callable[[str], bool]:
            return lambda typed: _lines(typed) == saved

        def same_count(saved: int) -> Callable[[str], bool]:
            return lambda typed: typed.strip().isdecimal() and int(typed) == saved

        def same_date(_typed: str) -> bool:
            return date_field.read() == (first.date() if first else None, None)  # type: ignore[attr-defined]

        def same_time(typed: str) -> bool:
            try:
                return parse_time_text(typed) == (first.time() if first else None)
            except ValueError:
                return False

        texts = {
            "goals": ("\n".join(a.goals), same_lines(a.goals)),
            "date": (first.date().isoformat() if first else "", same_date),
            "time": (first.strftime("%H:%M") if first else "", same_time),
            "location": (s.location, same_text(s.location)),
            "ground_rules": ("\n".join(a.ground_rules), same_lines(a.ground_rules)),
            "mentor": (a.mentor.name, same_text(a.mentor.name)),
            "mentee": (a.mentee.name, same_text(a.mentee.name)),
        }
        for key, (attr, _what, _largest) in _COUNTS.items():
            number = getattr(s, attr)
            texts[key] = (str(number), same_count(number))
        for key in ("learning_opportunities", "confidentiality_meaning", "feedback_method", "log_method"):
            texts[key] = (getattr(a, key), same_text(getattr(a, key)))
        return texts

    def _show_checks(self) -> None:
        gaps = self.gaps()
        by_field: dict[str, str] = {}
        general: list[str] = []
        for gap in gaps:
            key = gap_key(gap)
            if key in self.fields:
                by_field.setdefault(key, gap.message)
            else:
                general.append(gap.message)
        for key, field in self.fields.items():
            # A blank field the participant has not reached yet is listed under "Still missing" only, so a
            # new page is not a wall of problems; unreadable or wrong entries are always flagged beside them.
            shown_gap = by_field.get(key) if key in self._touched or field.value.strip() else None
            field.set_error(self._input_problems.get(key) or shown_gap)
        problems = [f"{self.fields[k].label}: {m}" for k, m in self._input_problems.items()]
        todo = problems + [g.message for g in gaps]
        if todo:
            count = f"{len(todo)} thing{'s' if len(todo) != 1 else ''} to finish before the agreement is complete."
            self.missing.value = (f"<h3>Still missing</h3><p role='status'>{count}</p><ul>"
                                  + "".join(f"<li>{isolated_html(t)}</li>" for t in todo) + "</ul>")
        else:
            self.missing.value = ("<h3>Still missing</h3>"
                                  + status("Nothing: every part of the agreement is filled in.", "info"))
        self.signed.value = self._signed_html()
        self._show_sharing()
        self._show_past_end()
        self._show_preview_and_downloads()

    def _show_past_end(self) -> None:
        from mentoringkit.agreement import series_past_end

        past = series_past_end(self.agreement.schedule, self.session.workbook.profile.program_end)
        self.past_end.value = status(past.message, "warn") if past else ""
        self.stop_at_end_button.layout.display = "" if past and past.kept else "none"

    def _signed_html(self) -> str:
        from mentoringkit.agreement import signature_state

        parts = []
        for side in ("mentor", "mentee"):
            sig: Signature = getattr(self.agreement, side)
            state = signature_state(self.agreement, side)
            if sig.name and sig.signed_on:
                line = f"Signed by the {side}, {typed_html(sig.name)}, on {sig.signed_on.isoformat()}"
                if not state.current:
                    line += f'. <strong class="mk-out-of-date">{isolated_html(state.message)}</strong>'
                parts.append(f'<li class="mk-signature-{side}">{line}</li>')
            else:
                parts.append(f'<li class="mk-signature-{side}">Not yet signed by the {side}</li>')
        return f"<ul>{''.join(parts)}</ul>"

    def _show_sharing(self) -> None:
        """While paired: say what the partner sees, and let each partner sign only for themselves."""
        from mentoringkit.agreement import signature_state
        from mentoringkit.widgets.module_page import sharing_label

        self.sharing.value = sharing_label(self.session, "agreement")
        own = self.own_side()
        for side in ("mentor", "mentee"):
            self.fields[side].input.disabled = own is not None and side != own
        sides = [own] if own else ["mentor", "mentee"]
        stale = any(signature_state(self.agreement, s).signed and not signature_state(self.agreement, s).current
                    for s in sides)
        self.sign_again_button.layout.display = "" if stale else "none"

    def _show_preview_and_downloads(self) -> None:
        from mentoringkit.exports import agreement_html, agreement_markdown, meetings_ics

        workbook, curriculum = self.session.workbook, self.session.curriculum
        document = agreement_html(workbook, curriculum)
        self.preview.value = preview_frame(document, "Preview of your agreement")
        links: list[Download | widgets.Widget] = [
            ("mentoring-agreement.md", agreement_markdown(workbook, curriculum), "text/markdown",
             "Download the agreement (Markdown)"),
            ("mentoring-agreement.html", document, "text/html", "Download the agreement to print (HTML)"),
        ]
        try:
            calendar = meetings_ics(workbook)
        except ValueError as exc:
            self._calendar_pending.value = (f"<p>The calendar file appears once the schedule is complete "
                                            f"({isolated_html(str(exc))}).</p>")
            links.append(self._calendar_pending)
        else:
            links.append(("mentoring-meetings.ics", calendar, "text/calendar",
                          "Add the meetings to your calendar (.ics)"))
        fill_downloads(self.downloads, links)

    def __repr__(self) -> str:
        return "AgreementBuilder()"


@shared_look()
def show_agreement(session: Session, *, today: dt.date | None = None) -> AgreementBuilder:
    """The agreement builder for this participant's workbook."""
    return AgreementBuilder(session, today=today)
