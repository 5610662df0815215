"""The development plan editor: one box per plan row with its four columns, gaps shown next to each field,
and the plan to download as Markdown or printable HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from mentoringkit.development_plan import PLAN_COLUMNS, check_plan
from mentoringkit.model.text import isolated_html
from mentoringkit.widgets.controls import (
    Field,
    Follower,
    QuietHTML,
    fill_downloads,
    put_saved,
    shared_look,
    sources_html,
    status,
)
from mentoringkit.widgets.typed_fields import NARROW_SCREEN_STYLE
from mentoringkit.workbook import PlanRow

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.session import Session

__all__ = ["DevelopmentPlanEditor", "gap_location", "show_development_plan"]



def gap_location(gap: Any, rows: list[PlanRow]) -> tuple[int | None, str | None]:
    """Which row (index) and column a plan gap is about, read from its ``field``.

    The field may name the row by index (``plan/2/success_measures``, ``rows[2].success_measures``) or
    by row id; a gap about the plan as a whole has no row.
    """
    where = str(getattr(gap, "field", ""))
    if where.endswith("target_date"):
        where = where.replace("target_date", "goal_and_timeline")  # the date is written in the goal column
    column = next((c for c in PLAN_COLUMNS if c in where), None)
    for i, row in enumerate(rows):
        if row.id and row.id in where:
            return i, column
    number = re.search(r"\d+", where)
    if number is not None and int(number.group()) < len(rows):
        return int(number.group()), column
    return None, column


_PLAN_GRID_STYLE = ("<style>.mk-plan-grid > .mk-field{flex:1 1 24em;min-width:0}"
                    ".mk-plan-grid .mk-field textarea{width:100%}</style>")


class PlanRowView(widgets.VBox):
    """One row of the plan: four labelled fields and a remove button."""

    def __init__(self, editor: DevelopmentPlanEditor, row: PlanRow, number: int):
        self.row = row
        self.touched = False
        self._editor = editor
        form = editor.session.curriculum.forms.development_plan
        self._titles = {column: form.field(column).title for column in PLAN_COLUMNS}
        self.fields: dict[str, Field] = {}
        for column in PLAN_COLUMNS:
            # Sent as typed, so a reload before leaving the field loses nothing.
            field = Field(self._titles[column], getattr(row, column), multiline=True, rows=3,
                          hint=form.field(column).help, continuous_update=True)
            field.on_change(editor.by_hand(lambda _text: setattr(self, "touched", True)))
            field.on_change(editor.by_hand(lambda text, column=column: editor.set_cell(self.row.id, column, text)))
            self.fields[column] = field
        # While paired, the mentor comments on the mentee's goal; the mentee reads the comment.
        self.comment = Field("Mentor's comment", row.mentor_comment, multiline=True, rows=2,
                             hint="Shared with your partner. Only the mentor writes here.", continuous_update=True)
        self.comment.layout = widgets.Layout()  # its own, as it is shown or hidden alone
        self.comment.on_change(editor.by_hand(lambda text: editor.set_comment(self.row.id, text)))
        self.remove_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.remove_button.on_click(lambda _b: editor.remove_row(self.row.id))
        self.heading = QuietHTML(repr_name="PlanRowHeading")
        # The four fields two by two (one above the other on a narrow screen): a row is half as tall.
        grid = widgets.HBox(list(self.fields.values()), layout=widgets.Layout(flex_flow="row wrap", width="100%"))
        grid.add_class("mk-plan-grid")
        super().__init__(children=[self.heading, grid, self.comment, self.remove_button],
                         layout=widgets.Layout(width="100%", border="1px solid #bbb", padding="0 0.6em 0.6em",
                                               margin="0 0 0.6em"))
        self.number(number)

    def number(self, number: int) -> None:
        """Label the row as the ``number``-th of the plan (rows before it may come or go elsewhere)."""
        self.heading.value = f'<h3 style="margin:0.8em 0 0.2em">Row {number}</h3>'
        for column, field in self.fields.items():
            field.input.description = f"{self._titles[column]} (row {number})"
        self.remove_button.description = f"Remove row {number}"
        self.comment.input.description = f"Mentor's comment (row {number})"
        link = self._editor.session.workbook.partnership
        self.comment.layout.display = "" if link is not None else "none"
        self.comment.input.disabled = link is None or link.role != "mentor"

    def show(self, row: PlanRow, number: int) -> None:
        """Show the row as saved; text that already says the same stays as typed. Call it while redrawing."""
        self.row = row
        self.number(number)
        for column, field in self.fields.items():
            put_saved(field, getattr(row, column))
        put_saved(self.comment, row.mentor_comment)

    def __repr__(self) -> str:
        return "PlanRowView()"


class DevelopmentPlanEditor(Follower, widgets.VBox):
    """The participant's development plan; every edit is saved to the workbook at once.

    Methods to act as the participant: ``add_row``, ``remove_row``, ``set_cell``.
    """

    def __init__(self, session: Session, *, today: dt.date | None = None):
        self.session = session
        self._today = today
        form = session.curriculum.forms.development_plan
        intro = QuietHTML(NARROW_SCREEN_STYLE + _PLAN_GRID_STYLE + f"<p>{html.escape(form.intro)}</p>"
                          + sources_html([form.source], session.curriculum),
                          repr_name="PlanIntro")
        self.rows_box = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.row_views: list[PlanRowView] = []
        self._no_rows = QuietHTML("<p>Your plan has no rows yet. Add one, or add a goal from the SMART goal "
                                  "builder.</p>", repr_name="PlanEmpty")
        self.add_button = widgets.Button(description="Add a row", icon="plus", layout=widgets.Layout(width="auto"))
        self.add_button.on_click(lambda _b: self.add_row())
        self.message = QuietHTML(repr_name="PlanMessage")
        self.gaps = QuietHTML(repr_name="PlanGaps")
        self.downloads = widgets.HBox(layout=widgets.Layout(width="100%", flex_flow="row wrap",
                                                            grid_gap="0.4em 1.5em"))
        self.sharing = QuietHTML(repr_name="PlanSharing")
        super().__init__(children=[intro, self.sharing, self.rows_box, self.add_button, self.message, self.gaps,
                                   self.downloads], layout=widgets.Layout(width="100%"))
        self.add_class("mk-development-plan")
        self.add_class("mk-wrap-fields")
        self.refresh()
        # Rows added here, by the goal builder or the self-assessment on this page, or by another tab.
        session.observe(lambda _s: self.refresh(), owner=self)
        self.follow(session)

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    @property
    def rows(self) -> list[PlanRow]:
        return self.session.workbook.plan

    # -- acting as the participant ----------------------------------------------
    def add_row(self) -> PlanRow:
        """Add an empty row at the end of the plan."""
        row = PlanRow()
        self.rows.append(row)
        self.session.save()  # the new row appears through refresh()
        self.message.value = status(f"Row {len(self.rows)} added; fill in its four fields.", "info")
        return row

    def remove_row(self, row: int | str) -> None:
        """Remove a row, given its position (0 = first) or its id."""
        index = row if isinstance(row, int) else next(i for i, r in enumerate(self.rows) if r.id == row)
        removed = self.rows.pop(index)
        self.session.save()
        what = removed.goal_and_timeline.strip() or "an empty row"
        self.message.value = status(f"Removed row {index + 1} ({what}).", "info")

    def set_cell(self, row: int | str, column: str, text: str) -> None:
        """Type ``text`` into one column of a row (position or id) and save."""
        if column not in PLAN_COLUMNS:
            raise KeyError(f"column must be one of {', '.join(PLAN_COLUMNS)}, got {column!r}")
        index = row if isinstance(row, int) else next(i for i, r in enumerate(self.rows) if r.id == row)
        target = self.rows[index]
        if getattr(target, column) == text:
            return
        setattr(target, column, text)
        view = self.row_views[index]
        if view.fields[column].value != text:
            view.fields[column].value = text  # its change callback comes back here and stops above
        self.session.save()

    def set_comment(self, row: int | str, text: str) -> None:
        """As the mentor of a pair: comment on a row of the mentee's plan (position or id) and save."""
        link = self.session.workbook.partnership
        if link is None or link.role != "mentor":
            raise PermissionError("only the mentor of a pair comments on the plan")
        index = row if isinstance(row, int) else next(i for i, r in enumerate(self.rows) if r.id == row)
        target = self.rows[index]
        if target.mentor_comment == text:
            return
        target.mentor_comment = text
        view = self.row_views[index]
        if view.comment.value != text:
            view.comment.value = text
        self.session.save()

    # -- showing ------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the plan as saved, without saving anything: rows added or removed (here or elsewhere) appear or
        go; a row still there keeps its boxes, so the cursor stays where it is, and only its text is updated."""
        kept = {view.row.id: view for view in self.row_views}
        views: list[PlanRowView] = []
        with self.redrawing():
            for number, row in enumerate(self.rows, start=1):
                view = kept.pop(row.id, None)
                if view is None:
                    view = PlanRowView(self, row, number)
                else:
                    view.show(row, number)
                views.append(view)
        self.row_views = views
        from mentoringkit.widgets.module_page import sharing_label

        self.sharing.value = sharing_label(self.session, "plan")
        shown = views or [self._no_rows]
        if list(self.rows_box.children) != shown:
            self.rows_box.children = shown
        self._show_checks()

    def _show_checks(self) -> None:
        gaps = check_plan(self.rows, today=self.today()) if self.rows else []  # no rows: the empty note says it
        for view in self.row_views:
            for field in view.fields.values():
                field.set_error(None)
        for gap in gaps:
            index, column = gap_location(gap, self.rows)
            if index is not None and column is not None and index < len(self.row_views):
                field = self.row_views[index].fields[column]
                # Beside a field only once the row has been worked on, so a new row is not a wall of problems.
                if self.row_views[index].touched or field.value.strip():
                    field.set_error(gap.message)
        if gaps:
            self.gaps.value = (f'<details class="mk-plan-gaps"><summary><strong>Still to fill in: {len(gaps)} '
                               f"{'thing' if len(gaps) == 1 else 'things'}</strong></summary><ul>"
                               + "".join(f"<li>{isolated_html(g.message)}</li>" for g in gaps) + "</ul></details>")
        else:
            self.gaps.value = ""
        self._show_downloads()

    def _show_downloads(self) -> None:
        from mentoringkit.exports import plan_html, plan_markdown

        workbook, curriculum = self.session.workbook, self.session.curriculum
        fill_downloads(self.downloads, [
            ("development-plan.md", plan_markdown(workbook, curriculum), "text/markdown",
             "Download the plan (Markdown)"),
            ("development-plan.html", plan_html(workbook, curriculum), "text/html",
             "Download the plan to print (HTML)"),
        ])

    def __repr__(self) -> str:
        return "DevelopmentPlanEditor()"


@shared_look()
def show_development_plan(session: Session, *, today: dt.date | None = None) -> DevelopmentPlanEditor:
    """The development plan editor for this participant's workbook."""
    return DevelopmentPlanEditor(session, today=today)
