"""Typed text quoted in the kit's messages stays in its own box: isolated, stripped of direction overrides,
escaped, and free to break when it is one very long word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from widget_text import html_text

from mentoringkit.model.text import BIDI_CONTROLS, FSI, PDI, isolate, isolated_html, quote
from mentoringkit.widgets.controls import PAGE_STYLE, status
from mentoringkit.widgets.typed_fields import parse_time_text

RLO = "\u202e"


def test_an_override_typed_into_a_field_cannot_reverse_the_guidance() -> None:
    try:
        parse_time_text(f"{RLO}noon tomorrow")
    except ValueError as exc:
        markup = status(str(exc), "error")
    assert RLO not in markup
    assert "<bdi>noon tomorrow</bdi>" in markup
    assert 'dir="ltr"' in markup
    assert html_text(markup).endswith("is not a time this page can read. Write it as 14:30 or 2:30 pm.")


def test_right_to_left_text_is_kept_but_isolated() -> None:
    assert quote("שלום עולם") == f"“{FSI}שלום עולם{PDI}”"
    assert isolated_html(f"Saved {quote('مرحبا <b>')} today") == "Saved “<bdi>مرحبا &lt;b&gt;</bdi>” today"


def test_long_text_is_cut_in_a_quote_and_a_long_word_may_break_in_a_status_box() -> None:
    word = "x" * 300
    assert len(quote(word)) == 40 + 4 and quote(word).endswith("…" + PDI + "”")
    assert "overflow-wrap:anywhere" in status(word)
    assert "overflow-wrap:anywhere" in PAGE_STYLE and "unicode-bidi:plaintext" in PAGE_STYLE


def test_stray_isolates_in_a_message_are_balanced_or_dropped() -> None:
    assert isolated_html(f"a{PDI}b{FSI}c") == "ab<bdi>c</bdi>"


@given(st.text())
def test_nothing_typed_escapes_its_isolate(typed: str) -> None:
    inner = isolate(typed)[1:-1]
    assert not BIDI_CONTROLS.search(inner)
    markup = isolated_html(f"You typed {quote(typed)}. Try again.")
    assert markup.count("<bdi>") == markup.count("</bdi>") == 1
    assert markup.endswith("</bdi>”. Try again.") and "<" not in markup.replace("<bdi>", "").replace("</bdi>", "")
