"""Collisions in plain words: which part of the workbook two pages both changed, and what was replaced."""

from __future__ import annotations

from typing import Any

from mentoringkit.store.merge import MISSING, Collision

__all__ = ["describe", "value_text"]

_PARTS = {
    "profile": "your details",
    "reflections": "a reflection",
    "scenario_answers": "an answer to a practice situation",
    "roles_needed": "the mentor roles you need",
    "roles_offered": "the mentor roles you offer",
    "trap_checks": "the traps self-check",
    "boundaries": "your boundaries",
    "quiz_answers": "the myths quiz",
    "agenda": "your first-meeting agenda",
    "assessments": "your self-assessment",
    "goals": "a SMART goal",
    "plan": "your development plan",
    "agreement": "your relationship agreement",
    "log": "your mentoring log",
    "checklist": "the phase checklist",
    "evaluations": "an evaluation",
    "closure": "your plan for ending well",
    "drafts": "text you were typing",
    "assessment_draft": "your unsaved self-assessment choices",
    "ending_signs": "the signs it may be time to end",
}

_LIMIT = 160


def _words(key: Any) -> str:
    return str(key).replace("_", " ").replace("/", ": ")


def _find(items: Any, item_id: Any) -> dict:
    if isinstance(items, list):
        return next((i for i in items if isinstance(i, dict) and i.get("id") == item_id), {})
    return {}


def describe(path: tuple, document: dict) -> str:
    """``('plan', 'ab12', 'success_measures')`` → 'row "Lead a huddle" of your development plan (success
    measures)'. ``document`` is the merged workbook data, used to name items by what they say."""
    if not path:
        return "your workbook"
    top, rest = path[0], path[1:]
    part = _PARTS.get(str(top), _words(top))
    if top in ("plan", "goals", "log") and rest:
        item = _find(document.get(top), rest[0])
        label = {"plan": item.get("goal_and_timeline"), "goals": item.get("text"),
                 "log": item.get("activity") or item.get("date")}[top]
        label = f' "{value_text(label, 50)}"' if label else ""
        noun = {"plan": f"row{label} of your development plan", "goals": f"the SMART goal{label}",
                "log": f"the log entry{label}"}[top]
        detail = ", ".join(_words(k) for k in rest[1:])
        return f"{noun} ({detail})" if detail else noun
    if top in ("drafts", "reflections") and rest:
        return f"{part} ({_words(rest[0])})"
    detail = ", ".join(_words(k) for k in rest if not (isinstance(k, str) and len(k) == 12 and k.isalnum()))
    return f"{part} ({detail})" if detail else part


def value_text(value: Any, limit: int = _LIMIT) -> str:
    """A value as a person would read it, cut to ``limit`` characters."""
    if value is MISSING or value is None:
        text = "(nothing)"
    elif isinstance(value, bool):
        text = "ticked" if value else "not ticked"
    elif isinstance(value, list):
        text = ", ".join(value_text(v, limit) for v in value) or "(nothing)"
    elif isinstance(value, dict):
        text = "; ".join(f"{_words(k)}: {value_text(v, limit)}" for k, v in value.items() if k != "id")
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def collision_text(collision: Collision, document: dict) -> tuple[str, str, str]:
    """(what, replaced, kept) for a collision, in plain words."""
    return describe(collision.path, document), value_text(collision.replaced), value_text(collision.kept)
