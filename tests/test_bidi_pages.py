"""Right-to-left text, direction overrides and very long words typed into any field never turn the kit's own
sentences around them: on every module page and in every export, each typed value sits in an isolating element
(``<bdi>`` or ``dir`` set on its element; in Markdown, Unicode isolates), with the override dropped."""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as widgets
import pytest

from mentoringkit import exports
from mentoringkit.curriculum import Curriculum, load_curriculum
from mentoringkit.model.text import BIDI_CONTROLS, FSI, PDI
from mentoringkit.session import memory_session
from mentoringkit.storage import load_workbook
from mentoringkit.workbook import Workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_workbook.json"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))

MARK = "Qzq"  # starts every typed value, so each place it is shown can be found
#: An override that would turn the rest of the line around, right-to-left words, and one 300-character word.
PAYLOADS = {"rtl-override": f"\u202e{MARK} שלום עולם", "long-word": MARK + "w" * 297}
#: The same words without the override: the kit's text around them must read exactly the same. (Text typed in
#: other words may rightly get other advice, such as the SMART checker's, so each payload has its own control.)
CONTROLS = {"rtl-override": f"{MARK} שלום עולם", "long-word": MARK + "w" * 297}
#: Text fields the kit fills itself (ids, roles, digests), not typed by anyone.
NOT_TYPED = {"id", "goal_id", "skill_id", "development_area", "author_role", "digest", "clauses", "last_writer",
             "for_writer", "by_writer", "what", "roles_needed", "roles_offered", "agenda", "ending_signs"}
RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def fill(obj: object, text: str) -> None:
    """Put ``text`` into every field a person types in a dataclass tree (lists and mapping values too)."""
    hints = typing.get_type_hints(type(obj))
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        if f.name in NOT_TYPED:
            continue
        value, tp = getattr(obj, f.name), hints[f.name]
        if tp is str:
            setattr(obj, f.name, text)
        elif dataclasses.is_dataclass(value):
            fill(value, text)
        elif isinstance(value, list):
            if typing.get_args(tp) == (str,):
                setattr(obj, f.name, [text, text])
            for item in value:
                if dataclasses.is_dataclass(item):
                    fill(item, text)
        elif isinstance(value, dict):
            if typing.get_args(tp)[1:] == (str,):
                setattr(obj, f.name, dict.fromkeys(value, text))
            for item in value.values():
                if dataclasses.is_dataclass(item):
                    fill(item, text)


def filled_workbook(text: str) -> Workbook:
    wb = load_workbook(SAMPLE)
    fill(wb, text)
    wb.drafts = {}  # drafts are what a field shows while typing, not text the page writes into its HTML
    return wb


def _has_mark(text: str) -> bool:
    return MARK.lower() in text.lower()  # the kit may rephrase typed text ("I will qzq ..." in a SMART statement)


class IsolationCheck(HTMLParser):
    """Every piece of text holding the mark must be inside a <bdi> or an element with ``dir="auto"``; the kit's
    own text (everything else) is collected with each isolating element replaced by one bullet."""

    VOID: typing.ClassVar[set[str]] = {"br", "img", "input", "hr", "meta", "link", "wbr", "col", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # whether each open element isolates
        self.outside: list[str] = []
        self.loose: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        isolates = tag == "bdi" or ("dir", "auto") in attrs
        if isolates and not any(self.stack):
            self.outside.append("•")
        self.stack.append(isolates)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if any(self.stack):
            return
        data = re.sub(f"{FSI}[^{FSI}{PDI}]*{PDI}", "•", data)  # Unicode isolates, where only text may go (<title>)
        if _has_mark(data):
            self.loose.append(data.strip()[:80])
        self.outside.append(data)

    def kit_text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.outside)).strip()


def check_html(markup: str, where: str) -> str:
    """Assert every typed value in ``markup`` is isolated, no override is left; return the kit's own text."""
    assert "\u202e" not in markup, f"{where}: a direction override reached the page"
    checker = IsolationCheck()
    checker.feed(re.sub(r"<style.*?</style>", "", markup, flags=re.S))
    checker.close()
    assert not checker.loose, f"{where}: typed text shown outside an isolating element: {checker.loose}"
    kit = checker.kit_text()
    assert not RTL_LETTERS.search(kit), f"{where}: right-to-left letters outside an isolate: {kit[:200]}"
    return kit


def check_markdown(text: str, where: str) -> str:
    """Markdown keeps the typed values between Unicode isolates; return the text with each one as a bullet."""
    assert "\u202e" not in text
    kit = re.sub(f"{FSI}[^{FSI}{PDI}]*{PDI}", "•", text)
    assert not _has_mark(kit), f"{where}: typed text outside an isolate: ...{kit[kit.find(MARK) - 60:][:140]}..."
    assert not BIDI_CONTROLS.search(kit) and not RTL_LETTERS.search(kit), where
    return kit


# ---------------------------------------------------------------------------
# The module pages, built as their notebooks build them


def _cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def build_pages(workbook: Workbook, curriculum: Curriculum) -> dict[str, widgets.Widget]:
    """Every widget each module notebook displays, for a participant holding ``workbook``."""
    shown: dict[str, widgets.Widget] = {}
    for notebook in NOTEBOOKS:
        session = memory_session(role="mentee", curriculum=curriculum)
        session.workbook = workbook
        namespace: dict[str, typing.Any] = {}
        for number, source in enumerate(_cells(notebook)):
            if source.startswith(("participant =", "session =")):
                continue
            if source.startswith("display(") and source.endswith(")"):
                namespace["session"] = session
                shown[f"{notebook.stem} cell {number}"] = eval(source[len("display("):-1], namespace)
            else:
                exec(source, namespace)  # the repository's own notebooks
    return shown


def html_values(widget: widgets.Widget) -> list[str]:
    """The HTML of every HTML widget in a tree, sections not shown at the moment included."""
    found: list[str] = []

    def walk(w: typing.Any) -> None:
        if isinstance(w, widgets.HTML):
            found.append(w.value)
        for child in getattr(w, "children", ()):
            walk(child)
        for section in getattr(w, "sections", {}).values():  # a page shown one section at a time
            walk(section.widget)

    walk(widget)
    return found


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    return load_curriculum()


def pages_kit_text(text: str, curriculum: Curriculum) -> dict[str, str]:
    out = {}
    for name, widget in build_pages(filled_workbook(text), curriculum).items():
        for number, markup in enumerate(html_values(widget)):
            out[f"{name} html {number}"] = check_html(markup, f"{name} html {number}")
    return out


@pytest.mark.parametrize("kind", PAYLOADS)
def test_every_page_isolates_what_was_typed(kind: str, curriculum: Curriculum) -> None:
    shown = pages_kit_text(PAYLOADS[kind], curriculum)
    control_pages = pages_kit_text(CONTROLS[kind], curriculum)
    assert sum("•" in kit for kit in shown.values()) >= 2, "typed text is shown on the pages"
    assert len([k for k in shown if shown[k]]) > 50, "the pages were built"
    changed = {name: (control_pages.get(name), kit) for name, kit in shown.items() if control_pages.get(name) != kit}
    assert not changed, f"the kit's own words differ around the typed text: {list(changed.items())[:2]}"


# ---------------------------------------------------------------------------
# The exports


@pytest.mark.parametrize("kind", PAYLOADS)
@pytest.mark.parametrize("document", sorted(exports.DOCUMENTS))
def test_every_export_isolates_what_was_typed(kind: str, document: str, curriculum: Curriculum) -> None:
    for fmt, check in (("html", check_html), ("md", check_markdown)):
        control = check(exports.render_document(document, fmt, filled_workbook(CONTROLS[kind]), curriculum), document)
        shown = check(exports.render_document(document, fmt, filled_workbook(PAYLOADS[kind]), curriculum), document)
        assert shown == control, f"{document}.{fmt}: the kit's own words differ around the typed text"
        assert "•" in shown


def test_the_printed_page_lets_a_long_word_break_and_isolates_by_element() -> None:
    page = exports.render_document("all", "html", filled_workbook(PAYLOADS["long-word"]), None)
    assert "bdi { unicode-bidi: isolate; overflow-wrap: anywhere; }" in page
    title = re.search(r"<title>(.*?)</title>", page, re.S)[1]  # type: ignore[index]
    assert "<bdi>" not in title and f"{FSI}{MARK}" in title  # a title holds text only: Unicode isolates there
