"""Bring a workbook that a page is showing up to date with a newer copy, in place.

Screens hold on to the objects they show (a plan row, a log entry, the agreement). Replacing the whole
workbook would leave them pointing at stale copies, so the newer values are copied into the existing
objects instead: an item with the same id stays the same object, lists and dicts stay the same containers.
"""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["update_in_place"]


def _item_id(value: Any) -> str | None:
    return getattr(value, "id", None) if dataclasses.is_dataclass(value) else None


def _updated(old: Any, new: Any) -> tuple[Any, bool]:
    """The value to keep for a field: ``old`` updated in place when it can be, else ``new``."""
    if dataclasses.is_dataclass(old) and type(old) is type(new):
        return old, update_in_place(old, new)
    if isinstance(old, list) and isinstance(new, list):
        return old, _update_list(old, new)
    if isinstance(old, dict) and isinstance(new, dict):
        return old, _update_dict(old, new)
    return new, old != new


def _update_list(old: list, new: list) -> bool:
    by_id = {_item_id(item): item for item in old if _item_id(item) is not None}
    result, changed = [], len(old) != len(new)
    for i, item in enumerate(new):
        key = _item_id(item)
        mine = by_id.get(key) if key is not None else (old[i] if i < len(old) else None)
        if mine is not None and type(mine) is type(item) and dataclasses.is_dataclass(item):
            changed |= update_in_place(mine, item) or (i >= len(old) or old[i] is not mine)
            result.append(mine)
        else:
            changed |= i >= len(old) or old[i] != item
            result.append(item)
    if changed:
        old[:] = result
    return changed


def _update_dict(old: dict, new: dict) -> bool:
    changed = list(old) != list(new)
    for key in [k for k in old if k not in new]:
        del old[key]
    for key, value in new.items():
        if key in old:
            kept, moved = _updated(old[key], value)
            changed |= moved
            old[key] = kept
        else:
            old[key] = value
    return changed


def update_in_place(target: Any, source: Any) -> bool:
    """Copy every field of the dataclass ``source`` into ``target`` (same type). Returns whether anything
    changed. Items of lists that carry an ``id`` are matched by id; everything else by position or key."""
    if type(target) is not type(source) or not dataclasses.is_dataclass(target):
        raise TypeError(f"cannot update a {type(target).__name__} from a {type(source).__name__}")
    changed = False
    for f in dataclasses.fields(target):
        kept, moved = _updated(getattr(target, f.name), getattr(source, f.name))
        if moved or kept is not getattr(target, f.name):
            setattr(target, f.name, kept)
        changed |= moved
    return changed
