"""Drafts: what a participant has typed into a form but not yet added, kept in the workbook so a reload
(a fresh Voilà kernel) puts it back in the fields, unreadable dates and numbers included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.workbook import Workbook

__all__ = ["clear_drafts", "draft_key", "drop_draft", "form_drafts", "get_draft", "set_draft"]


def draft_key(form: str, field: str) -> str:
    """The key of one field's draft: ``"<form>/<field>"``, such as ``"agreement/schedule.interval"``."""
    if not form or "/" in form:
        raise ValueError(f"a form name must be non-empty and without '/', got {form!r}")
    if not field:
        raise ValueError(f"a field name must be non-empty (form {form!r})")
    return f"{form}/{field}"


def set_draft(workbook: Workbook, form: str, field: str, text: str, *, default: str | None = "") -> bool:
    """Keep ``text`` as the draft of one field; returns whether the workbook changed.

    Text equal to ``default`` (what the field shows when nothing was typed) is not a draft and removes any
    kept one; pass ``default=None`` to keep every text, blank included.
    """
    key = draft_key(form, field)
    if default is not None and text == default:
        return workbook.drafts.pop(key, None) is not None
    if workbook.drafts.get(key) == text:
        return False
    workbook.drafts[key] = text
    return True


def get_draft(workbook: Workbook, form: str, field: str) -> str | None:
    """The kept draft of one field, or None when there is none (a blank draft is "")."""
    return workbook.drafts.get(draft_key(form, field))


def drop_draft(workbook: Workbook, form: str, field: str) -> bool:
    """Forget one field's draft (its text now lives in the workbook proper); returns whether there was one."""
    return workbook.drafts.pop(draft_key(form, field), None) is not None


def form_drafts(workbook: Workbook, form: str) -> dict[str, str]:
    """Every kept draft of one form, field name -> text."""
    prefix = draft_key(form, "-")[:-1]
    return {key[len(prefix):]: text for key, text in workbook.drafts.items() if key.startswith(prefix)}


def clear_drafts(workbook: Workbook, form: str) -> bool:
    """Forget every draft of one form, as after a successful "Add"; returns whether any was kept."""
    prefix = draft_key(form, "-")[:-1]
    keys = [key for key in workbook.drafts if key.startswith(prefix)]
    for key in keys:
        del workbook.drafts[key]
    return bool(keys)
