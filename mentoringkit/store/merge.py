"""Three-way merge of workbook documents: what one page changed, applied to what is on disk now.

A page remembers the document as it last read or wrote it (the *base*). When it saves, its own changes
(*mine*: base → its copy) are applied to the latest saved document (*theirs*: base → disk), so another tab,
page or partner who saved in between loses nothing. The rules, on plain JSON data:

- a value changed on one side only takes that side's value;
- objects merge key by key;
- lists of objects with an ``id`` merge item by item (added, removed and edited items from both sides);
- lists of plain values (agenda questions, ranked roles) merge as ordered sets: both sides' additions are
  kept, both sides' removals happen, this page's order wins for what it shows;
- the same value changed differently on both sides is a *collision*: the later writer (mine) wins and the
  collision is reported with the value it replaced, so the page that lost can say so;
- a removal never beats an edit: an item deleted on one side and changed on the other is kept, changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["MISSING", "Collision", "merge3"]


class _Missing:
    """A key or item that is not there (never written, or removed)."""

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

#: Bookkeeping that every save changes; the later value is kept and never reported as a collision.
QUIET_KEYS = frozenset({"updated", "last_writer"})

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Collision:
    """The same value changed in two places: ``kept`` (this save's) replaced ``replaced`` (saved elsewhere)."""

    path: Path
    kept: Any
    replaced: Any


def _is_item_list(*values: Any) -> bool:
    """Lists whose every element is an object with a string ``id`` (goals, plan rows, log entries …)."""
    lists = [v for v in values if v is not MISSING]
    return bool(lists) and all(isinstance(v, list) for v in lists) and all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for v in lists for item in v)


def _is_value_list(*values: Any) -> bool:
    lists = [v for v in values if v is not MISSING]
    return bool(lists) and all(isinstance(v, list) for v in lists) and all(
        not isinstance(item, dict | list) for v in lists for item in v)


def merge3(base: Any, mine: Any, theirs: Any, path: Path = ()) -> tuple[Any, list[Collision]]:
    """Merge ``mine`` and ``theirs``, two edits of ``base``. Returns the merged value and the collisions.

    ``MISSING`` stands for an absent key or item on any side; the result may be MISSING (removed).
    """
    if mine == theirs:
        return mine, []
    if mine == base:
        return theirs, []
    if theirs == base:
        return mine, []
    # Changed on both sides, differently.
    if all(isinstance(v, dict) or v is MISSING for v in (base, mine, theirs)):
        if mine is MISSING or theirs is MISSING:
            return _edit_beats_removal(base, mine, theirs, path)
        return _merge_objects(base if base is not MISSING else {}, mine, theirs, path)
    if _is_item_list(base, mine, theirs) and mine is not MISSING and theirs is not MISSING:
        return _merge_items(base if base is not MISSING else [], mine, theirs, path)
    if _is_value_list(base, mine, theirs) and mine is not MISSING and theirs is not MISSING:
        return _merge_values(base if base is not MISSING else [], mine, theirs, path)
    if mine is MISSING or theirs is MISSING:
        return _edit_beats_removal(base, mine, theirs, path)
    if path and path[-1] in QUIET_KEYS:
        return mine, []
    return mine, [Collision(path, mine, theirs)]


def _edit_beats_removal(base: Any, mine: Any, theirs: Any, path: Path) -> tuple[Any, list[Collision]]:
    """One side removed what the other changed: the changed version stays (nothing typed is thrown away)."""
    return (theirs if mine is MISSING else mine), []


def _merge_objects(base: dict, mine: dict, theirs: dict, path: Path) -> tuple[dict, list[Collision]]:
    merged: dict = {}
    collisions: list[Collision] = []
    # Keys in the order this page has them, then keys only the other side added.
    for key in [*mine, *(k for k in theirs if k not in mine), *(k for k in base if k not in mine and k not in theirs)]:
        value, found = merge3(base.get(key, MISSING), mine.get(key, MISSING), theirs.get(key, MISSING),
                              (*path, key))
        collisions += found
        if value is not MISSING:
            merged[key] = value
    return merged, collisions


def _merge_ordered(base_keys: list, mine_keys: list, theirs_keys: list) -> list:
    """Order for the merged list: this page's order, with the other side's additions placed after the item
    they follow there (so a row added elsewhere appears where it was added, not always at the end)."""
    base_set, mine_set = set(base_keys), set(mine_keys)
    result = list(mine_keys)
    added_elsewhere = [k for k in theirs_keys if k not in base_set and k not in mine_set]
    for key in added_elsewhere:
        i = theirs_keys.index(key)
        before = next((k for k in reversed(theirs_keys[:i]) if k in result), None)
        result.insert(result.index(before) + 1 if before is not None else 0, key)
    return result


def _merge_items(base: list, mine: list, theirs: list, path: Path) -> tuple[list, list[Collision]]:
    by_id: Callable[[list], dict[str, dict]] = lambda items: {item["id"]: item for item in items}  # noqa: E731
    b, m, t = by_id(base), by_id(mine), by_id(theirs)
    order = _merge_ordered(list(b), list(m), list(t))
    # Items both sides kept or changed, plus items this page removed that were edited elsewhere.
    order += [k for k in t if k not in order and k in b and t[k] != b[k]]
    merged, collisions = [], []
    for key in order:
        value, found = merge3(b.get(key, MISSING), m.get(key, MISSING), t.get(key, MISSING), (*path, key))
        collisions += found
        if value is not MISSING:
            merged.append(value)
    return merged, collisions


def _merge_values(base: list, mine: list, theirs: list, path: Path) -> tuple[list, list[Collision]]:
    removed_elsewhere = [x for x in base if x not in theirs]
    added_elsewhere = [x for x in theirs if x not in base]
    merged = [x for x in mine if x not in removed_elsewhere]
    for x in added_elsewhere:
        if x not in merged:
            i = theirs.index(x)
            before = next((y for y in reversed(theirs[:i]) if y in merged), None)
            merged.insert(merged.index(before) + 1 if before is not None else 0, x)
    # Both sides only reordered the same items, differently: this page's order wins, and that is a collision.
    same_items = set(mine) == set(theirs) == set(base)
    return merged, [Collision(path, mine, theirs)] if same_items else []
