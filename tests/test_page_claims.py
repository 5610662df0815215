"""What a page tells the participant is true of the kit: every example and rule it states agrees with the code.

The code help, the counts pages name ("the seven kinds of mentor", "the 18 skills"), who a summary addresses,
and what a page promises about privacy are each checked against what the code and content actually do.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from widget_text import page_text

from mentoringkit import storage
from mentoringkit.curriculum import load_curriculum
from mentoringkit.session import CodeError, memory_session
from mentoringkit.storage import CODE_EXAMPLE, WorkbookStore, code_groups_rule
from mentoringkit.widgets.mentor_roles import show_mentor_roles
from mentoringkit.widgets.phase_checklist import show_phase_checklist

ROOT = Path(__file__).resolve().parents[1]
CURRICULUM = load_curriculum()


def _stated_left_out(rule: str) -> set[str]:
    """The characters a help sentence says never appear ("never contain 0, 1, i, l, o, u or v")."""
    listed = re.search(r"never contain (.+?)\.", rule)
    assert listed, rule
    return set(re.findall(r"\b(\w)\b", listed.group(1)))


def test_code_help_names_exactly_the_characters_codes_leave_out() -> None:
    stated = _stated_left_out(code_groups_rule())
    assert stated == {"0", "1", "i", "l", "o", "u", "v"}
    codes = [WorkbookStore.new_code() for _ in range(2000)]
    for code in codes:
        word, *groups = code.split("-")
        assert word in storage._CODE_WORDS
        assert len(groups) == 3 and all(len(g) == 4 for g in groups)
        assert not stated & set("".join(groups)), code
    # and every character not named does turn up, so the help does not leave out more than the code does
    seen = set("".join("".join(c.split("-")[1:]) for c in codes))
    assert seen | stated == set("0123456789abcdefghijklmnopqrstuvwxyz")


def test_the_help_speaks_of_the_groups_because_the_words_do_use_those_letters() -> None:
    # quay-, wave-, lynx-, iris-: the words are spelled normally, so a rule about "codes" as a whole would be false
    assert any(set(w) & set("oliuv") for w in storage._CODE_WORDS)
    assert "groups" in code_groups_rule() and "after the word" in code_groups_rule()


def test_example_code_is_one_the_kit_could_issue(tmp_path: Path) -> None:
    word, *groups = CODE_EXAMPLE.split("-")
    assert word in storage._CODE_WORDS
    assert all(len(g) == 4 and set(g) <= set(storage._CODE_ALPHABET) for g in groups) and len(groups) == 3
    assert WorkbookStore.normalise_code(CODE_EXAMPLE.upper()) == CODE_EXAMPLE


def test_every_example_code_in_pages_and_docs_is_the_one_example() -> None:
    files = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "mentoringkit").rglob("*.py")]
    found = {m for f in files for m in re.findall(r"\b[a-z]{3,5}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}\b",
                                                    f.read_text(encoding="utf-8"))}
    # Pair invitations (mentoringkit/store/partnership.py) start with "pair-"; every personal-code example is the one.
    assert {code for code in found if not code.startswith("pair-")} == {CODE_EXAMPLE}


def test_mistyped_code_message_states_the_true_rule(tmp_path: Path) -> None:
    session = memory_session(role="mentee")
    session.store = WorkbookStore(tmp_path)
    with pytest.raises(CodeError) as caught:
        session.switch_to_code("kite-2222-3333-4444")
    assert code_groups_rule() in str(caught.value)
    with pytest.raises(CodeError, match=re.escape(CODE_EXAMPLE)):
        session.switch_to_code("not a code")


def _all_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in (ROOT / "content").glob("*.yml")]
    parts += [p.read_text(encoding="utf-8") for p in (ROOT / "mentoringkit" / "widgets").glob("*.py")]
    parts += [p.read_text(encoding="utf-8") for p in (ROOT / "notebooks").glob("*.ipynb")]
    parts.append((ROOT / "README.md").read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "\n".join(parts))


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

# phrase a page uses -> how many there really are
_COUNTED = [
    (r"\b(\w+) kinds of mentor\b", len(CURRICULUM.mentor_roles.roles)),
    (r"\bNobody is all (\w+)\b", len(CURRICULUM.mentor_roles.roles)),
    (r"\b(\w+) components\b", len(CURRICULUM.components.components)),
    (r"\b(\w+) (?:mentoring )?skills\b", len(CURRICULUM.skills.skills)),
    (r"\b(\w+) (?:SMART )?criteria\b", len(CURRICULUM.smart.criteria)),
]


@pytest.mark.parametrize(("pattern", "real"), _COUNTED, ids=[p for p, _ in _COUNTED])
def test_counts_pages_state_match_the_content(pattern: str, real: int) -> None:
    stated = []
    for m in re.finditer(pattern, _all_text()):
        word = m.group(1).lower()
        n = int(word) if word.isdigit() else _NUMBERS.get(word)
        if n is not None:
            stated.append((m.group(0), n))
    assert stated, f"no page states {pattern!r}; drop the check or fix the pattern"
    assert [s for s in stated if s[1] != real] == []


@pytest.mark.parametrize("role", ["mentor", "mentee", "both"])
def test_checklist_summaries_fit_every_reader(role: str) -> None:
    # Phase summaries are shown to mentors and mentees alike, so they may not speak to one side only.
    text = page_text(show_phase_checklist(memory_session(role=role)))
    for phase in CURRICULUM.checklist.phases:
        assert phase.summary in text
        assert not re.search(r"\b(from|to|with) your (mentor|mentee)\b", phase.summary), phase.summary


def test_no_page_promises_a_privacy_the_server_does_not_give() -> None:
    text = page_text(show_mentor_roles(memory_session(role="mentor"))).lower()
    assert "tick each thing you have caught yourself" in text
    assert "only you see" not in text and "saved in your workbook on the server" in text
    assert "only you see" not in _all_text().lower()
