"""The seven kinds of mentor: a mentee chooses and ranks the ones they need, a mentor marks the ones they can
offer, and a mentor checks themselves against the traps; every choice is kept in the workbook.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

from mentoringkit.widgets.controls import Follower, QuietHTML, button_layout, shared_look, sources_html
from mentoringkit.widgets.phase_checklist import WRAP_CHECKBOX_LABELS

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import MentorRole, MentorRoles, Trap
    from mentoringkit.session import Session

__all__ = ["MentorRolesExplorer", "move_to", "roles_html", "show_mentor_roles", "trap_html"]


def move_to(items: list[str], item: str, position: int) -> list[str]:
    """``items`` with ``item`` moved to ``position`` (1 = first); positions past either end are clamped."""
    rest = [i for i in items if i != item]
    index = min(max(position, 1), len(rest) + 1) - 1
    return [*rest[:index], item, *rest[index:]]


def _role_title(role: MentorRole) -> str:
    also = f" (also called {', '.join(role.also_called)})" if role.also_called else ""
    return f"{role.name}{also}"


def roles_html(roles: MentorRoles) -> str:
    """Each kind of mentor with what it does; an example of it at work is one click away."""
    items = "".join(f"<li><strong>{html.escape(_role_title(r))}.</strong> {html.escape(r.description)}"
                    f"<details><summary>{html.escape(r.name)} in practice</summary>"
                    f"<p>{html.escape(r.looks_like)}</p></details></li>" for r in roles.roles)
    return f'<ul class="mk-sections" style="max-width:44em">{items}</ul>'


def trap_html(trap: Trap) -> str:
    """Why a trap hurts and what to do instead."""
    return (f'<div class="mk-trap" style="max-width:44em;margin:0 0 0.6em 1.6em">'
            f"<p><strong>Why it hurts ({html.escape(trap.kind)} trap):</strong> {html.escape(trap.why_it_hurts)}</p>"
            f"<p><strong>Instead:</strong> {html.escape(trap.instead)}</p></div>")


def _box(label: str, value: bool) -> widgets.Checkbox:
    return widgets.Checkbox(value=value, description=label, indent=False, layout=widgets.Layout(width="100%"))


class MentorRolesExplorer(Follower, widgets.VBox):
    """The kinds of mentor and the traps, with the participant's choices bound to the workbook.

    To act as the participant: ``choose_needed(role_id)``, ``rank(role_id, position)``, ``offer(role_id)``,
    ``check_trap(trap_id)``. Mentees (and people who are both) choose and rank; mentors (and both) offer and
    check the traps.
    """

    def __init__(self, session: Session):
        self.lay_out(session, "mk-checklist")

    def _build(self) -> None:
        """Lay out the choices for the participant's role as it is now."""
        session = self.session
        content = session.curriculum.mentor_roles
        self.roles = {r.id: r for r in content.roles}
        self.traps = {t.id: t for t in content.traps}
        role = self._role = session.role
        self.chooses = role in ("mentee", "both", None)
        self.offers = role in ("mentor", "both", None)
        wb = session.workbook
        children: list[widgets.Widget] = [
            QuietHTML(WRAP_CHECKBOX_LABELS + f"<p>{html.escape(content.intro)}</p>" + roles_html(content)
                      + sources_html((r.source for r in content.roles), session.curriculum), repr_name="RolesText")]

        self.needed_boxes: dict[str, widgets.Checkbox] = {}
        self.ranking = widgets.VBox(layout=widgets.Layout(width="100%"))
        self._ranking_shown: list[str] = []
        if self.chooses:
            for r in content.roles:
                box = _box(f"I need: {r.name}", r.id in wb.roles_needed)
                box.observe(self.by_hand(lambda change, rid=r.id: self._set_needed(rid, change["new"])), names="value")
                self.needed_boxes[r.id] = box
            children += [QuietHTML("<h3>The kinds of mentor you need</h3><p>Tick each kind of mentor you need, "
                                   "then put them in order: the one you need most at the top.</p>",
                                   repr_name="NeededQuestion"),
                         *self.needed_boxes.values(), self.ranking]

        self.offered_boxes: dict[str, widgets.Checkbox] = {}
        if self.offers:
            for r in content.roles:
                box = _box(f"I can offer: {r.name}", r.id in wb.roles_offered)
                box.observe(self.by_hand(lambda change, rid=r.id: self._set_offered(rid, change["new"])), names="value")
                self.offered_boxes[r.id] = box
            children += [QuietHTML("<h3>The kinds of mentor you can be</h3><p>Tick each kind of mentor you feel "
                                   "able to be. Nobody is all seven.</p>", repr_name="OfferQuestion"),
                         *self.offered_boxes.values()]

        self.trap_boxes: dict[str, widgets.Checkbox] = {}
        self.trap_details: dict[str, QuietHTML] = {}
        children.append(QuietHTML(f"<h3>What a mentor is not</h3><p>{html.escape(content.not_a_mentor)}</p>",
                                  repr_name="NotAMentor"))
        if self.offers:
            children.append(QuietHTML("<p>Be honest with yourself: tick each thing you have caught yourself "
                                      "saying or thinking, and read what to do instead. Your ticks are saved in your "
                                      "workbook on the server, like everything you enter here, so whoever runs the "
                                      "server could read them; they appear in your own export and the kit never "
                                      "shows them to your mentee.</p>",
                                      repr_name="TrapQuestion"))
            for t in content.traps:
                ticked = wb.trap_checks.get(t.id, False)
                box = _box(t.saying, ticked)
                box.observe(self.by_hand(lambda change, tid=t.id: self._set_trap(tid, change["new"])), names="value")
                self.trap_boxes[t.id] = box
                self.trap_details[t.id] = QuietHTML(trap_html(t) if ticked else "", repr_name="TrapDetail")
                children += [box, self.trap_details[t.id]]
        else:
            items = "".join(f"<li><strong>{html.escape(t.saying)}</strong>{trap_html(t)}</li>" for t in content.traps)
            children.append(QuietHTML("<p>Things a mentor should not say, and why:</p>"
                                      f'<ul style="max-width:44em">{items}</ul>', repr_name="TrapList"))
        self.children = children
        self._show_ranking()

    # -- acting as the participant ----------------------------------------------
    def choose_needed(self, role_id: str, needed: bool = True) -> None:
        """Tick (or untick) a kind of mentor the mentee needs; a new one goes to the bottom of the ranking."""
        box = self._box(self.needed_boxes, role_id, "choosing the mentors you need is for mentees")
        if box.value != needed:
            box.value = needed  # the observer records it
        else:
            self._set_needed(role_id, needed)

    def rank(self, role_id: str, position: int) -> None:
        """Put a needed kind of mentor at ``position`` in the ranking (1 = needed most)."""
        self._box(self.needed_boxes, role_id, "ranking the mentors you need is for mentees")
        needed = self.session.workbook.roles_needed
        if role_id not in needed:
            raise ValueError(f"tick {self.roles[role_id].name} as needed before ranking it")
        self.session.workbook.roles_needed = move_to(needed, role_id, position)
        self.session.save()
        self._show_ranking()

    def offer(self, role_id: str, offered: bool = True) -> None:
        """Tick (or untick) a kind of mentor the mentor can be."""
        box = self._box(self.offered_boxes, role_id, "offering roles is for mentors")
        if box.value != offered:
            box.value = offered
        else:
            self._set_offered(role_id, offered)

    def check_trap(self, trap_id: str, ticked: bool = True) -> None:
        """Tick a trap the mentor recognises in themselves; what to do instead appears under it."""
        if trap_id not in self.traps:
            raise ValueError(f"no trap with id {trap_id!r}; known: {', '.join(self.traps)}")
        box = self._box(self.trap_boxes, trap_id, "the traps self-check is for mentors")
        if box.value != ticked:
            box.value = ticked
        else:
            self._set_trap(trap_id, ticked)

    # -- reading --------------------------------------------------------------
    def ranked_names(self) -> list[str]:
        """The needed kinds of mentor as the ranking shows them, needed most first."""
        return [self.roles[r].name for r in self.session.workbook.roles_needed if r in self.roles]

    def refresh(self) -> None:
        """Show the choices as saved (made on another page, perhaps); the ranking is redrawn only if it changed,
        the whole screen for a role changed on another page."""
        if self.relaid_for_role():
            return
        wb = self.session.workbook
        with self.redrawing():
            for role_id, box in self.needed_boxes.items():
                box.value = role_id in wb.roles_needed
            for role_id, box in self.offered_boxes.items():
                box.value = role_id in wb.roles_offered
            for trap_id, box in self.trap_boxes.items():
                box.value = wb.trap_checks.get(trap_id, False)
                self.trap_details[trap_id].value = trap_html(self.traps[trap_id]) if box.value else ""
        if self._ranking_shown != self._needed():
            self._show_ranking()

    # -- keeping the workbook ---------------------------------------------------
    def _box(self, boxes: dict[str, widgets.Checkbox], key: str, wrong_side: str) -> widgets.Checkbox:
        if key not in self.roles and key not in self.traps:
            raise ValueError(f"no kind of mentor with id {key!r}; known: {', '.join(self.roles)}")
        if key not in boxes:
            raise ValueError(f"{wrong_side}; this page is for a {self.session.role}")
        return boxes[key]

    def _set_needed(self, role_id: str, needed: bool) -> None:
        wb = self.session.workbook
        if needed and role_id not in wb.roles_needed:
            wb.roles_needed.append(role_id)
        elif not needed and role_id in wb.roles_needed:
            wb.roles_needed.remove(role_id)
        self.session.save()
        self._show_ranking()

    def _set_offered(self, role_id: str, offered: bool) -> None:
        wb = self.session.workbook
        chosen = set(wb.roles_offered) - {role_id} | ({role_id} if offered else set())
        # Kept in the course's order, so exports list them the way the page does.
        wb.roles_offered = [r for r in self.roles if r in chosen] + [r for r in wb.roles_offered
                                                                      if r not in self.roles]
        self.session.save()

    def _set_trap(self, trap_id: str, ticked: bool) -> None:
        self.session.workbook.trap_checks[trap_id] = ticked
        self.session.save()
        self.trap_details[trap_id].value = trap_html(self.traps[trap_id]) if ticked else ""

    def _needed(self) -> list[str]:
        return [r for r in self.session.workbook.roles_needed if r in self.roles]

    def _show_ranking(self) -> None:
        if not self.chooses:
            return
        needed = self._ranking_shown = self._needed()
        if not needed:
            self.ranking.children = [QuietHTML("<p><em>Your ranking appears here once you tick a kind of "
                                               "mentor.</em></p>", repr_name="Ranking")]
            return
        rows: list[widgets.Widget] = [QuietHTML("<h4>Your ranking, needed most first</h4>", repr_name="Ranking")]
        for position, role_id in enumerate(needed, start=1):
            name = self.roles[role_id].name
            up = widgets.Button(description=f"Move {name} up", disabled=position == 1, layout=button_layout())
            down = widgets.Button(description=f"Move {name} down", disabled=position == len(needed),
                                  layout=button_layout())
            up.on_click(lambda _b, rid=role_id, p=position: self.rank(rid, p - 1))
            down.on_click(lambda _b, rid=role_id, p=position: self.rank(rid, p + 1))
            label = QuietHTML(f"<strong>{position}. {html.escape(name)}</strong>", repr_name="RankedRole",
                              layout=widgets.Layout(min_width="9em"))
            rows.append(widgets.HBox([label, up, down], layout=widgets.Layout(flex_flow="row wrap",
                                                                               align_items="center")))
        self.ranking.children = rows

    def __repr__(self) -> str:
        return "MentorRolesExplorer()"


@shared_look()
def show_mentor_roles(session: Session) -> MentorRolesExplorer:
    """Kinds of mentor to choose, rank or offer (by role), and the traps self-check for mentors."""
    return MentorRolesExplorer(session)
