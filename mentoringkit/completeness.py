"""What a form still needs: one ``Gap`` per missing or wrong field, in words a participant can act on.

Every completeness check in the kit returns ``list[Gap]``; an empty list means the form is complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Gap", "is_blank", "summary"]


@dataclass(frozen=True)
class Gap:
    """One thing a form still needs.

    ``field`` is the form field id, with a slash path for parts of a field (``schedule/interval``,
    ``rows/2/success_measures``); ``message`` says what is missing and how to fix it.
    """

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def is_blank(text: str | None) -> bool:
    """True for None, empty text and text of whitespace only (any Unicode whitespace)."""
    return text is None or not text.strip()


def summary(gaps: Iterable[Gap]) -> str:
    """One line for a status message: "Complete." or how many things are left, with the first of them."""
    gaps = list(gaps)
    if not gaps:
        return "Complete."
    if len(gaps) == 1:
        return f"1 thing left: {gaps[0].message}"
    return f"{len(gaps)} things left. First: {gaps[0].message}"
