"""Live-session activities: role-play cards from the practice situations and conversation starters, and
practice pairs or trios drawn from the people present (seeded, so the same draw can be made again)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum

__all__ = ["RolePlayCard", "draw_groups", "role_play_cards"]


@dataclass(frozen=True)
class RolePlayCard:
    title: str
    situation: str
    task: str


def role_play_cards(curriculum: Curriculum) -> list[RolePlayCard]:
    """One card per practice situation (played out, not answered) and one per first-meeting starter."""
    cards = []
    for component in curriculum.components.components:
        for scenario in component.scenarios:
            side = "a mentor" if scenario.audience == "mentor" else "a mentee"
            cards.append(RolePlayCard(
                f"{component.name}: {side}'s situation", scenario.situation,
                f"{scenario.question} One of you plays the person facing it and says what they would do; the other "
                "plays their partner and responds. Then swap, and compare with the choices in the module."))
    for starter in curriculum.conversation_starters.select(phase="first-meeting"):
        cards.append(RolePlayCard("First meeting: ask your partner", starter.text,
                                  "Ask it, listen without interrupting, then sum up what you heard. Swap."))
    return cards


def draw_groups(names: list[str], seed: int, size: Literal[2, 3] = 2) -> list[list[str]]:
    """Everyone present in groups of ``size``, shuffled by ``seed`` (the same seed gives the same groups).

    Nobody is left alone: with pairs, an odd person joins the last pair as a trio; with trios, one person left
    over makes the last trio and them two pairs, and two left over make a pair. Blank and repeated names are
    dropped (a name typed twice is one person).
    """
    if size not in (2, 3):
        raise ValueError(f"groups are pairs or trios, not groups of {size}")
    seen: dict[str, str] = {}
    for name in names:
        cleaned = " ".join(name.split())
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    people = list(seen.values())
    if len(people) < 2:
        raise ValueError("at least two people are needed to make a pair")
    random.Random(seed).shuffle(people)  # noqa: S311 - a classroom draw, not a secret
    groups = [people[i:i + size] for i in range(0, len(people), size)]
    if len(groups[-1]) == 1:
        lone = groups.pop()[0]
        if size == 2 or len(groups[-1]) < 3:
            groups[-1].append(lone)  # a pair becomes a trio
        else:
            last = groups.pop()  # three plus one: two pairs
            groups += [last[:2], [last[2], lone]]
    return groups
