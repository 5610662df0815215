"""Blank printable forms for people without a laptop: agreement, skills grid, development plan, log sheet,
phase checklist, conversation-starter cards and role-play cards, all drawn from the curriculum so they match
the modules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mentoringkit.exports import Block, Document, Section, render_outline

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum

__all__ = ["HANDOUTS", "handout_document", "write_handouts"]

BOX = "☐"
BLANK_CELL = "\n\n\n"  # three empty lines: room to write by hand
LOG_ROWS = 12
FOOTER = "A blank form from mentoringkit. The same form, filled in on screen, is in the orientation modules."
_SIGNATURE_FIELDS = ("mentor_signature", "mentee_signature")


def _agreement(cur: Curriculum) -> Document:
    form = cur.forms.agreement
    sections = [Section("Who", [Block("signatures", fields=[("Mentee", ""), ("Mentor", ""), ("Organisation", ""),
                                                            ("Programme dates", "")])])]
    for f in form.fields:
        if f.id in _SIGNATURE_FIELDS or f.kind == "date":
            continue
        sections.append(Section(f.title, [Block("notes")], intro=f.help))
    sections.append(Section("Signatures", [Block("signatures", fields=[
        ("Mentor", ""), ("Signed on", ""), ("Mentee", ""), ("Signed on", "")])]))
    return Document(form.title, "Fill this in together at one of your first meetings.", sections, FOOTER,
                    intro=form.intro)


def _skills(cur: Curriculum) -> Document:
    levels = cur.skills.levels
    rows = [[str(s.number), f"{s.name}\n{s.description}", BOX, BOX, BOX] for s in cur.skills.skills]
    return Document("Mentoring skills self-assessment", "Tick one level for each skill.", [
        Section("The levels", [Block("fields", fields=[(lv.name, lv.description) for lv in levels])]),
        Section("The skills", [Block("table", headers=["#", "Skill", *(lv.name for lv in levels)], rows=rows)]),
        Section("My strengths", [Block("notes")]),
        Section("Areas I want to develop", [Block("notes")]),
    ], FOOTER, intro=cur.skills.intro)


def _development_plan(cur: Curriculum) -> Document:
    form = cur.forms.development_plan
    headers = [f.title for f in form.fields]
    rows = [[BLANK_CELL] * len(headers) for _ in range(cur.forms.development_plan_rows)]
    return Document(form.title, "Name: ______________________", [
        Section("What goes in each column", [Block("fields", fields=[(f.title, f.help) for f in form.fields])]),
        Section("My plan", [Block("table", headers=headers, rows=rows)])], FOOTER, intro=form.intro)


def _log(cur: Curriculum) -> Document:
    form = cur.forms.mentoring_log
    headers = [f.title for f in form.fields]
    rows = [[BLANK_CELL] * len(headers) for _ in range(LOG_ROWS)]
    return Document(form.title, "Mentee: ______________  Mentor: ______________", [
        Section("Meetings and activities", [Block("table", headers=headers, rows=rows)])], FOOTER, intro=form.intro)


def _checklist(cur: Curriculum) -> Document:
    sections = []
    for phase in cur.checklist.phases:
        items = [f"{BOX} {t.text}" + ("" if set(t.audience) == {"mentor", "mentee"} else
                                       f" ({' and '.join(t.audience)})") for t in phase.tasks]
        sections.append(Section(phase.title, [Block("items", items=items)], intro=phase.summary))
    return Document("Checklist for each phase", "Tick each task as you do it.", sections, FOOTER)


def _starters(cur: Curriculum) -> Document:
    cs = cur.conversation_starters
    themes = {t.id: t.title for t in cs.themes}
    asked = {"mentor": "mentor asks", "mentee": "mentee asks", "either": "either asks"}
    sections = []
    for phase in cs.phases:
        chosen = cs.select(phase=phase.id)
        if chosen:
            rows = [[s.text, themes[s.theme], asked[s.asked_by]] for s in chosen]
            sections.append(Section(phase.title, [Block("table", headers=["Question", "Theme", "Who"], rows=rows)],
                                    intro=phase.description))
    return Document("Conversation-starter cards", "Cut along the lines; draw a card when the talk runs dry.",
                    sections, FOOTER)


def _role_play(cur: Curriculum) -> Document:
    from mentoringkit.trainer.activities import role_play_cards

    sections = [Section(card.title, [Block("text", text=card.situation), Block("text", text=card.task)], level=3)
                for card in role_play_cards(cur)]
    return Document("Role-play cards", "Cut along the lines; one card per pair or trio.", sections, FOOTER)


#: File stem -> how the blank form is built.
HANDOUTS: dict[str, Callable[[Curriculum], Document]] = {
    "agreement": _agreement,
    "skills-grid": _skills,
    "development-plan": _development_plan,
    "log-sheet": _log,
    "phase-checklist": _checklist,
    "conversation-starters": _starters,
    "role-play-cards": _role_play,
}


def handout_document(name: str, curriculum: Curriculum) -> Document:
    if name not in HANDOUTS:
        raise ValueError(f"unknown handout {name!r} (choose from {', '.join(HANDOUTS)})")
    return HANDOUTS[name](curriculum)


def write_handouts(out: Path, curriculum: Curriculum, *, pdf: bool = True) -> tuple[list[Path], str]:
    """Write every blank form as HTML (and PDF when WeasyPrint is there); returns the files and any PDF note."""
    from mentoringkit.exports import document_pdf

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    note = ""
    for name in HANDOUTS:
        html = render_outline(handout_document(name, curriculum), "html")
        target = out / f"{name}.html"
        target.write_text(html, encoding="utf-8")
        written.append(target)
        if pdf and not note:
            try:
                (out / f"{name}.pdf").write_bytes(document_pdf(html))
                written.append(out / f"{name}.pdf")
            except RuntimeError as exc:
                note = str(exc)
    return written, note
