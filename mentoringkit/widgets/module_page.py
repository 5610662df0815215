"""The frame around every module page: a header saying what the module is for, a footer with the way on,
and the overview of all modules with the participant's progress.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.model.text import isolate, isolated_html, quote, typed_html
from mentoringkit.progress import STATUS_LABELS, course_progress
from mentoringkit.session import START_MODULE
from mentoringkit.widgets.controls import PAGE_STYLE, QuietHTML, SessionHTML, html_list, sources_html, status

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Module
    from mentoringkit.session import Session

__all__ = ["audience_text", "facilitator_aside", "module_footer", "module_header", "notices_html",
           "pairing_text", "progress_overview", "session_notice", "sharing_label"]

START_PAGE = START_MODULE


def audience_text(module: Module) -> str:
    if set(module.audiences) == {"mentor", "mentee"}:
        return "mentors and mentees"
    return "mentors" if module.audiences == ("mentor",) else "mentees"


def notices_html(session: Session) -> str:
    """Changes made on this page that a later save from another tab or page replaced, in plain words."""
    parts = []
    for notice in session.page_notices[-3:]:
        parts.append(status(f"Your change to {notice.what} was replaced by a later change made in another tab or "
                            f"page. You had: {quote(notice.replaced, 200)}. Saved now: {quote(notice.kept, 200)}. "
                            "If yours was the one you wanted, type it again here.", "warn"))
    return "".join(parts)


_SHARED_PARTS = {"agreement": "this agreement", "plan": "this development plan", "log": "this mentoring log"}


def pairing_text(session: Session) -> str:
    """"You are the mentee, paired with Ada Lovelace (mentor)." or "" when not paired."""
    link = session.workbook.partnership
    if link is None:
        return ""
    partner = session.partner()
    if partner is None:
        return (f"You are the {link.role} of a partnership your partner has not joined yet: give them your "
                "invitation from the start page.")
    name = isolate(partner.name) if partner.name else "your partner"
    return f"You are the {link.role}, paired with {name} ({partner.role})."


def sharing_label(session: Session, part: str | None = None) -> str:
    """What of this page the partner can see, said before anything is typed (HTML; "" when not paired).

    ``part`` is "agreement", "plan" or "log" for a shared section, None for a private one."""
    link = session.workbook.partnership
    if link is None:
        return ""
    partner = session.partner()
    who = (typed_html(partner.name) or "your partner") if partner else "your partner (once they join)"
    if part in _SHARED_PARTS:
        text = (f"<strong>Shared with {who}</strong>: you both see and change {_SHARED_PARTS[part]}, each in your "
                "own session.")
    else:
        text = f"<strong>Private: only you</strong> see this; {who} cannot."
    return f'<p class="mk-sharing" role="note">{text}</p>'


def _pairing_notice(session: Session) -> str:
    text = pairing_text(session)
    if not text:
        return ""
    return (f'<p class="mk-pairing">{isolated_html(text)} Shared with your partner: the relationship agreement, the '
            "development plan and the mentoring log. Everything else on these pages (reflections, "
            "self-assessment, self-checks, evaluations, drafts) is private: your partner never sees it.</p>")


def session_notice(session: Session) -> str:
    """What the participant must know about where their work goes, as HTML ("" when all is well)."""
    parts = []
    if session.problem:
        parts.append(status(session.problem, "error"))
    parts.append(notices_html(session))
    parts.append(_pairing_notice(session))
    if session.in_voila and session.path is None:
        start = html.escape(session.module_url(START_PAGE), quote=True)
        parts.append(status("Your work on this page is not being kept, because the page was opened without "
                            "a personal code.", "warn")
                     + f'<p><a href="{start}">Go to the start page to get your personal code or enter the one '
                       "you have.</a></p>")
    if not session.in_voila and session.path is not None and session.keeps_work:
        # In one's own Jupyter the file is the person's to find, back up or hand in.
        parts.append(f'<p class="mk-saved-in">Your work is saved in <code>{html.escape(str(session.path))}</code> '
                     "as you go.</p>")
    return "".join(parts)


def _header_html(session: Session, module_id: str) -> str:
    module = session.curriculum.course.module(module_id)
    out = [
        PAGE_STYLE,
        f"<h1>{html.escape(module.title)}</h1>",
        f'<p class="mk-meta">About {module.minutes} minutes · for {audience_text(module)}</p>',
        f"<p>{html.escape(module.summary)}</p>",
        session_notice(session),
        "<h2>By the end you will be able to</h2>",
        html_list(module.objectives),
        "<h2>Key points</h2>",
        html_list(module.key_points),
    ]
    out.append(facilitator_aside(session, module_id))
    return "".join(out)


def facilitator_aside(session: Session, module_id: str) -> str:
    """The module's facilitator notes, only in facilitator mode (which in a served page needs the trainer key)."""
    module = session.curriculum.course.module(module_id)
    if not (session.facilitator and module.facilitator_notes):
        return ""
    return ('<aside class="mk-facilitator" aria-label="Notes for the facilitator" '
            'style="border:2px dashed #5c3800;padding:0.2em 1em;max-width:44em">'
            f"<h2>For the facilitator</h2>{html_list(module.facilitator_notes)}</aside>")


def module_header(session: Session, module_id: str) -> SessionHTML:
    """Title, time, audience, objectives and key points; facilitator notes in facilitator mode."""
    header = SessionHTML(session, lambda s: _header_html(s, module_id), repr_name=f"ModuleHeader[{module_id}]")
    # Problems (a failed save) must show up on the page without a reload.
    session.observe(lambda _s: header.refresh(), owner=header)
    return header


def _footer_html(session: Session, module_id: str) -> str:
    modules = session.curriculum.course.modules
    index = next(i for i, m in enumerate(modules) if m.id == module_id)
    links = []
    if index > 0:
        prev = modules[index - 1]
        links.append(f'<a rel="prev" href="{html.escape(session.module_url(prev.id), quote=True)}">'
                     f"← Previous: {html.escape(prev.title)}</a>")
    if index + 1 < len(modules):
        nxt = modules[index + 1]
        links.append(f'<a rel="next" href="{html.escape(session.module_url(nxt.id), quote=True)}">'
                     f"Next: {html.escape(nxt.title)} →</a>")
    if module_id != START_PAGE:
        links.append(f'<a href="{html.escape(session.module_url(START_PAGE), quote=True)}">All modules</a>')
    nav = " · ".join(links)
    return (f'<nav aria-label="Modules" class="mk-module-nav"><p>{nav}</p></nav>'
            + sources_html(modules[index].sources, session.curriculum))


def module_footer(session: Session, module_id: str) -> widgets.HTML:
    """Links to the previous and next modules and the start page (keeping the code), and the sources."""
    return QuietHTML(_footer_html(session, module_id), repr_name=f"ModuleFooter[{module_id}]")


def _overview_html(session: Session) -> str:
    rows = []
    progress = course_progress(session.workbook, session.curriculum)
    for item in progress:
        url = html.escape(session.module_url(item.module_id), quote=True)
        label = STATUS_LABELS[item.status]
        mark = {"done": "✓ ", "started": "◐ ", "not started": ""}[item.status]
        rows.append(f'<tr><td><a href="{url}">{html.escape(item.title)}</a></td>'
                    f'<td style="text-align:right">{item.minutes} min</td>'
                    f'<td class="mk-progress-{item.status.replace(" ", "-")}">'
                    f'<span aria-hidden="true">{mark}</span>{label}</td></tr>')
    done = sum(p.status == "done" for p in progress)
    total = session.curriculum.course.total_minutes
    return ('<table class="mk-progress" style="border-collapse:collapse;min-width:min(100%,36em)">'
            f"<caption style='text-align:left'>{done} of {len(progress)} modules done; about {total} minutes "
            "in all</caption>"
            '<thead><tr><th scope="col" style="text-align:left">Module</th><th scope="col">Time</th>'
            '<th scope="col" style="text-align:left">Your progress</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def progress_overview(session: Session) -> SessionHTML:
    """Every module with its time and the participant's progress; links keep the personal code.

    The table updates itself whenever the session saves, switches workbook or takes in changes made elsewhere.
    """
    overview = SessionHTML(session, _overview_html, repr_name="ProgressOverview")
    session.observe(lambda _s: overview.refresh(), owner=overview)
    return overview
