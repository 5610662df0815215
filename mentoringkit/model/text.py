"""Quoting what a person typed inside the kit's own sentences, so right-to-left text, direction overrides and
very long words can never reverse or break the kit's wording around them."""

from __future__ import annotations

import html
import re

__all__ = ["BIDI_CONTROLS", "FSI", "PDI", "isolate", "isolated_html", "quote", "typed_html"]

#: Embeddings, overrides, isolates and marks: the characters that change how text around them is ordered.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
#: First-strong isolate and pop-directional isolate: the plain-text form of ``<bdi>``.
FSI, PDI = "\u2068", "\u2069"
_INVISIBLE = re.compile("[\u200b-\u200d\ufeff]")


def isolate(typed: str) -> str:
    """``typed`` without direction controls, wrapped in an isolate: inside it reads in its own direction, and
    nothing in it can reorder the text around it (in HTML, in CSV, anywhere)."""
    return FSI + BIDI_CONTROLS.sub("", typed) + PDI


def quote(typed: str, longest: int = 40) -> str:
    """What someone typed, for quoting in a message: one line, invisible characters gone, cut to ``longest``
    characters, in curly quotes and isolated."""
    shown = " ".join(_INVISIBLE.sub("", BIDI_CONTROLS.sub("", typed)).split())
    shown = shown if len(shown) <= longest else shown[:longest - 1] + "…"
    return f"“{isolate(shown)}”"


def isolated_html(message: str) -> str:
    """Escape a message for HTML, turning the isolates ``isolate`` made into ``<bdi>`` elements and dropping any
    other direction control, so only the quoted parts can run right to left."""
    out, depth = [], 0
    for part in re.split(f"([{FSI}{PDI}])", message):
        if part == FSI:
            out.append("<bdi>")
            depth += 1
        elif part == PDI:
            if depth:
                out.append("</bdi>")
                depth -= 1
        else:
            out.append(html.escape(BIDI_CONTROLS.sub("", part)))
    out.append("</bdi>" * depth)
    return "".join(out)


def typed_html(typed: str) -> str:
    """What a person typed, for HTML: escaped, direction controls dropped, in a ``<bdi>`` of its own, so it reads in
    its own direction and cannot reorder the kit's words around it. Blank text gives ""."""
    return isolated_html(isolate(typed)) if typed.strip() else ""
