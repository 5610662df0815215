"""Closure plan completeness and the ending signs a participant recognised."""

from __future__ import annotations

import datetime as dt

import pytest

from mentoringkit.closure import check_closure, ending_signs_present
from mentoringkit.curriculum import load_curriculum
from mentoringkit.workbook import ClosurePlan


def complete() -> ClosurePlan:
    return ClosurePlan(ending_agreed=True, how_to_end="taper", last_meeting=dt.date(2025, 12, 1),
                       future_contact="A call every few months", accomplishments="Chaired two meetings",
                       mentee_plan="Finish the audit with the ward manager", thank_you_note="Thank you for your time")


def test_a_complete_plan() -> None:
    assert check_closure(complete()) == []


def test_an_empty_plan_lists_what_to_settle_in_order() -> None:
    gaps = check_closure(ClosurePlan())
    assert [g.field for g in gaps] == ["ending_agreed", "how_to_end", "last_meeting", "future_contact",
                                       "accomplishments", "mentee_plan", "thank_you_note"]
    assert all(g.message.endswith(".") for g in gaps)


@pytest.mark.parametrize("field", ["future_contact", "accomplishments", "mentee_plan", "thank_you_note"])
def test_whitespace_is_not_an_answer(field: str) -> None:
    plan = complete()
    setattr(plan, field, " \t\n")
    assert [g.field for g in check_closure(plan)] == [field]


def test_optional_fields_stay_optional() -> None:
    plan = complete()
    plan.reason = plan.still_to_do = plan.thoughts_on_process = ""
    assert check_closure(plan) == []


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "x" * 100_000, "🙂", "\u202eשלום"])
def test_any_text_counts(text: str) -> None:
    plan = complete()
    plan.future_contact = plan.accomplishments = plan.mentee_plan = plan.thank_you_note = text
    assert check_closure(plan) == []


def test_ending_signs_present_in_content_order() -> None:
    signs = load_curriculum().ending.signs
    ticked = ending_signs_present(["time-frame-over", "not-a-sign", "goals-reached"], signs)
    assert [s.id for s in ticked] == ["goals-reached", "time-frame-over"]
    assert ending_signs_present([], signs) == ()
