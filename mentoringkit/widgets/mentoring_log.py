"""The mentoring log: add an entry after each meeting or activity, see the log as a table with a summary,
and download it as CSV.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from mentoringkit.model.text import quote, typed_html
from mentoringkit.widgets.controls import (
    Field,
    Follower,
    QuietHTML,
    fill_downloads,
    put_saved,
    saved_status,
    shared_look,
    sources_html,
    status,
)
from mentoringkit.widgets.typed_fields import NARROW_SCREEN_STYLE, DateField, date_order, parse_count
from mentoringkit.workbook import LogEntry

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session

__all__ = ["MentoringLog", "log_table_html", "show_mentoring_log"]

_FIELD_IDS = ("date", "activity", "duration_minutes", "notes", "next_steps")

#: The draft form name in the workbook (``mentoringkit.drafts``); the form is kept there until the entry is added.
DRAFT_FORM = "log_entry"
_DURATION_WHAT = "time spent in minutes"


def _multiline(text: str) -> str:
    """Typed text for a table cell: each line isolated in a <bdi> of its own (mentoringkit.model.text)."""
    return "<br>".join(typed_html(line) for line in text.splitlines())


def log_table_html(entries: list[LogEntry]) -> str:
    """The log as an accessible table, oldest first; all user text escaped."""
    if not entries:
        return "<p>No entries yet. Add your first one above.</p>"
    ordered = sorted(entries, key=lambda e: (e.date or dt.date.min))
    # Who wrote each entry, once entries say so (a pair shares one log).
    authored = any(e.author for e in entries)

    def author(e: LogEntry) -> str:
        if not authored:
            return ""
        role = f" ({html.escape(e.author_role)})" if e.author_role else ""
        return f"<td class='mk-log-author'>{typed_html(e.author)}{role}</td>"

    rows = "".join(
        f"<tr><td style='white-space:nowrap'>{e.date.isoformat() if e.date else ''}</td>"
        f"<td>{_multiline(e.activity)}</td>"
        f"<td style='text-align:right'>{'' if e.duration_minutes is None else e.duration_minutes}</td>"
        f"<td>{_multiline(e.notes)}</td><td>{_multiline(e.next_steps)}</td>{author(e)}</tr>" for e in ordered)
    author_heading = '<th scope="col" style="white-space:nowrap">Written by</th>' if authored else ""
    # Typed words may break anywhere (PAGE_STYLE), so a 300-character one wraps in its cell; the date and the
    # column names keep their width instead of being squeezed to a letter a line.
    return ('<div style="overflow-x:auto;max-width:100%"><table class="mk-log" '
            'style="border-collapse:collapse;min-width:min(100%,40em)">'
            "<caption style='text-align:left'>Your mentoring log</caption><thead><tr>"
            + "".join(f'<th scope="col" style="white-space:nowrap">{name}</th>'
                      for name in ("Date", "Activity", "Minutes", "Notes", "Next steps"))
            + f'{author_heading}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def _summary_html(summary: Any) -> str:
    count = summary.count
    total = summary.total_minutes
    hours, minutes = divmod(total or 0, 60)
    parts = [f"{count} entr{'y' if count == 1 else 'ies'}"]
    if total:
        parts.append(f"{hours} h {minutes} min recorded" if hours else f"{minutes} min recorded")
    gap = getattr(summary, "longest_gap_days", None)
    if gap is not None:
        parts.append(f"longest gap between entries: {gap} day{'s' if gap != 1 else ''}")
    return f'<p role="status"><strong>Summary:</strong> {"; ".join(parts)}.</p>'


class MentoringLog(Follower, widgets.VBox):
    """A form for one entry, the log so far, its summary and a CSV download.

    The form is kept as a draft in the workbook until the entry is added, so a reload brings it back.

    To act as the participant: ``fill(date=..., activity=..., ...)`` then ``add_entry()``.
    """

    def __init__(self, session: Session, *, today: dt.date | None = None):
        self.session = session
        self._today = today
        form = session.curriculum.forms.mentoring_log
        specs = {f.id: f for f in form.fields}

        def label(fid: str) -> str:
            spec = specs[fid]
            return spec.title if spec.required else f"{spec.title} (optional)"

        # Text reaches the kernel (and the saved draft) as it is typed; the date only once the participant
        # leaves its field, so a half-typed date does not flash a problem.
        self.fields: dict[str, Field] = {
            "date": DateField(label("date"), self.today(), order=date_order(session), today=self.today),
            "activity": Field(label("activity"), hint=specs["activity"].help, continuous_update=True),
            "duration_minutes": Field(label("duration_minutes"), hint=specs["duration_minutes"].help,
                                      continuous_update=True),
            "notes": Field(label("notes"), multiline=True, rows=3, hint=specs["notes"].help,
                           continuous_update=True),
            "next_steps": Field(label("next_steps"), multiline=True, rows=2, hint=specs["next_steps"].help,
                                continuous_update=True),
        }
        self._restore_draft()
        self._keep_drafts = True
        for key, field in self.fields.items():
            field.on_change(self.by_hand(lambda text, key=key: self._remember(key, text)))
        self.add_button = widgets.Button(description="Add to the log", button_style="primary",
                                         layout=widgets.Layout(width="auto"))
        self.add_button.on_click(lambda _b: self.add_entry())
        self.message = QuietHTML(repr_name="LogMessage")
        self.summary = QuietHTML(repr_name="LogSummary")
        self.table = QuietHTML(repr_name="LogTable")
        self.sharing = QuietHTML(repr_name="LogSharing")
        self.downloads = widgets.HBox(layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        intro = QuietHTML(NARROW_SCREEN_STYLE + f"<p>{html.escape(form.intro)}</p>"
                          + sources_html([form.source], session.curriculum),
                          repr_name="LogIntro")
        wrap = widgets.Layout(width="100%", flex_flow="row wrap", align_items="flex-start", grid_gap="0 1em")
        f = self.fields
        super().__init__(children=[
            intro, self.sharing, widgets.HBox([f["date"], f["duration_minutes"]], layout=wrap), f["activity"],
            f["notes"], f["next_steps"], self.add_button, self.message, self.summary, self.table, self.downloads,
        ], layout=widgets.Layout(width="100%"))
        self.add_class("mk-mentoring-log")
        self.add_class("mk-wrap-fields")
        session.observe(lambda _s: self.show_log(), owner=self)
        self._check_typed()
        self.show_log()
        self.follow(session)

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # -- acting as the participant ----------------------------------------------
    def fill(self, **texts: str) -> None:
        """Type into the form: date, activity, duration_minutes, notes, next_steps."""
        for key, text in texts.items():
            if key not in self.fields:
                raise KeyError(f"no field {key!r}; the fields are {', '.join(_FIELD_IDS)}")
            self.fields[key].value = str(text)

    def add_entry(self) -> LogEntry | None:
        """Add what the form holds to the log; on a problem nothing is added and each field says what is wrong."""
        for field in self.fields.values():
            field.set_error(None)
        date, date_problem = self.fields["date"].read()  # type: ignore[attr-defined]
        problems: dict[str, str] = {}
        if date_problem:
            problems["date"] = date_problem
        duration, duration_problem = self._read_duration()
        if duration_problem:
            problems["duration_minutes"] = duration_problem
        if problems:
            return self._refuse(problems)
        link, profile = self.session.workbook.partnership, self.session.workbook.profile
        entry = LogEntry(date=date, activity=self.fields["activity"].value.strip(), duration_minutes=duration,
                         notes=self.fields["notes"].value.strip(), next_steps=self.fields["next_steps"].value.strip(),
                         author=profile.name, author_role=link.role if link else (profile.role or ""))
        from mentoringkit.drafts import clear_drafts
        from mentoringkit.mentoring_log import add_entry

        gaps = add_entry(self.session.workbook, entry, today=self.today())
        if gaps:
            return self._refuse({_gap_field(g): g.message for g in reversed(list(gaps))})
        clear_drafts(self.session.workbook, DRAFT_FORM)
        self.session.save()
        self._keep_drafts = False  # the drafts went with the save above
        try:
            for key in ("activity", "duration_minutes", "notes", "next_steps"):
                self.fields[key].value = ""
        finally:
            self._keep_drafts = True
        when = entry.date.isoformat() if entry.date else "no date"
        self.message.value = saved_status(self.session, f"Added to your log: {quote(entry.activity, 80)} ({when}).",
                                          "ok")
        self.show_log()
        return entry

    def _refuse(self, problems: dict[str, str]) -> None:
        general = []
        for key, message in problems.items():
            if key in self.fields:
                self.fields[key].set_error(message)
            else:
                general.append(message)
        self.message.value = status("Not added yet: fix the fields marked above. What you typed is kept. "
                                    + " ".join(general), "error")
        return None

    # -- drafts -----------------------------------------------------------------
    def _restore_draft(self) -> None:
        """Put back what was typed before a reload, a date or a number that cannot be read included."""
        from mentoringkit.drafts import form_drafts

        for key, text in form_drafts(self.session.workbook, DRAFT_FORM).items():
            if key in self.fields:
                self.fields[key].value = text

    def _remember(self, key: str, text: str) -> None:
        from mentoringkit.drafts import set_draft

        if key in ("date", "duration_minutes"):
            self._check_typed(key)
        # The date field starts at today, so only a date that differs from it (or a cleared one) is a draft.
        default = self.today().isoformat() if key == "date" else ""
        if self._keep_drafts and set_draft(self.session.workbook, DRAFT_FORM, key, text, default=default):
            self.session.save()

    def _read_duration(self) -> tuple[int | None, str | None]:
        text = self.fields["duration_minutes"].value
        if not text.strip():
            return None, None
        try:
            return parse_count(text, _DURATION_WHAT, largest=24 * 60), None
        except ValueError as exc:
            return None, str(exc)

    def _check_typed(self, key: str | None = None) -> None:
        """Say beside the date and the minutes when what is typed there cannot be read."""
        if key in (None, "date"):
            self.fields["date"].set_error(self.fields["date"].read()[1])  # type: ignore[attr-defined]
        if key in (None, "duration_minutes"):
            self.fields["duration_minutes"].set_error(self._read_duration()[1])

    # -- showing ----------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw the log, its summary and download, and the form as its draft now stands (typed in another tab,
        or emptied there by adding the entry); nothing is saved."""
        from mentoringkit.drafts import form_drafts

        drafts = form_drafts(self.session.workbook, DRAFT_FORM)
        with self.redrawing():
            for key, field in self.fields.items():
                put_saved(field, drafts.get(key, self.today().isoformat() if key == "date" else ""))
        self._check_typed()
        self.show_log()

    def show_log(self) -> None:
        from mentoringkit.exports import log_csv
        from mentoringkit.mentoring_log import log_summary
        from mentoringkit.widgets.module_page import sharing_label

        self.sharing.value = sharing_label(self.session, "log")
        log = self.session.workbook.log
        self.summary.value = _summary_html(log_summary(log)) if log else ""
        self.table.value = log_table_html(log)
        fill_downloads(self.downloads, [("mentoring-log.csv", log_csv(self.session.workbook), "text/csv",
                                         "Download the log (CSV for a spreadsheet)")] if log else [])

    def __repr__(self) -> str:
        return "MentoringLog()"


def _gap_field(gap: Any) -> str:
    where = str(getattr(gap, "field", ""))
    return next((fid for fid in _FIELD_IDS if fid in where), "duration_minutes" if "duration" in where else where)


@shared_look()
def show_mentoring_log(session: Session, *, today: dt.date | None = None) -> MentoringLog:
    """The mentoring log for this participant's workbook."""
    return MentoringLog(session, today=today)
