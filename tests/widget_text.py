"""What a participant would read or download from a widget tree, for the widget tests (no kernel needed)."""

from __future__ import annotations

import base64
import html
import re
import urllib.parse

import ipywidgets as widgets

_TAG = re.compile(r"<[^>]+>")


def html_text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed (styles dropped)."""
    markup = re.sub(r"<style.*?</style>", " ", markup, flags=re.S)
    markup = re.sub(r"</?bdi>", "", markup)  # typed text's isolate is inline: no gap around it
    text = html.unescape(_TAG.sub(" ", markup)).replace("\u2068", "").replace("\u2069", "")
    return re.sub(r"\s+", " ", text).strip()


def page_text(widget: widgets.Widget) -> str:
    """All text a widget tree shows: HTML, labels, typed values, options and button captions."""
    parts: list[str] = []

    def walk(w: widgets.Widget) -> None:
        if isinstance(w, widgets.HTML):
            parts.append(html_text(w.value))
        elif isinstance(w, (widgets.Text, widgets.Textarea)):
            parts.extend([w.description, w.value])
        elif isinstance(w, widgets.Checkbox):
            parts.append(w.description)
        elif isinstance(w, (widgets.RadioButtons, widgets.Dropdown)):
            parts.append(w.description)
            parts.extend(str(label) for label in w._options_labels)
        elif isinstance(w, widgets.Button):
            parts.append(w.description)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(widget)
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def downloads(widget: widgets.Widget) -> dict[str, bytes]:
    """filename -> decoded content of every download link in a widget tree."""
    found: dict[str, bytes] = {}

    def walk(w: widgets.Widget) -> None:
        if isinstance(w, widgets.HTML):
            for name, href in re.findall(r'download="([^"]*)" href="([^"]*)"', w.value):
                href = html.unescape(href)
                meta, _, data = href.partition(",")
                found[html.unescape(name)] = (base64.b64decode(data) if meta.endswith(";base64")
                                              else urllib.parse.unquote_to_bytes(data))
        for child in getattr(w, "children", ()):
            walk(child)

    walk(widget)
    return found


class SaveCounter:
    """Counts session.save() calls (the session notifies its observers after every save)."""

    def __init__(self, session) -> None:
        self.count = 0
        session.observe(self._saved)

    def _saved(self, _session) -> None:
        self.count += 1
