"""Check a goal against the five SMART criteria with simple, explainable word rules.

Every verdict quotes the words it rests on, so a participant can see why and disagree. The
rules read words and short patterns only (no nested repetition), so even very long text is quick.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mentoringkit.workbook import SmartGoal

__all__ = [
    "CRITERIA",
    "CriterionResult",
    "SmartReport",
    "analyse_goal",
    "compose_statement",
    "format_date",
    "time_phrases",
]

CRITERIA: tuple[str, ...] = ("specific", "measurable", "achievable", "relevant", "time_bound")

#: Shorter than this, a goal cannot say what, where and how much.
MIN_WORDS = 5
#: Longer than this, a "goal" is usually several goals or a story about one.
MAX_WORDS = 120
#: Deadlines further away than this cannot be planned against inside a mentoring partnership.
MAX_YEARS_AHEAD = 5

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


@dataclass(frozen=True)
class CriterionResult:
    """The verdict on one criterion: met or not, the reason in plain words, and what to try next."""

    criterion: str
    met: bool
    reason: str
    suggestion: str


@dataclass(frozen=True)
class SmartReport:
    """The verdicts on all five criteria, in SMART order, and the goal written as one statement."""

    results: tuple[CriterionResult, ...]
    statement: str

    @property
    def met_all(self) -> bool:
        return all(r.met for r in self.results)

    @property
    def missing(self) -> tuple[str, ...]:
        """The criteria not met yet, in SMART order."""
        return tuple(r.criterion for r in self.results if not r.met)

    def result(self, criterion: str) -> CriterionResult:
        for r in self.results:
            if r.criterion == criterion:
                return r
        raise KeyError(f"no SMART criterion {criterion!r}; the criteria are {', '.join(CRITERIA)}")


# ---------------------------------------------------------------------------
# Words


def _forms(*verbs: str) -> frozenset[str]:
    """A verb with its common English endings: present, presents, presented, presenting."""
    out: set[str] = set()
    for verb in verbs:
        out.add(verb)
        if verb.endswith("e"):
            out.update({verb + "s", verb + "d", verb[:-1] + "ing"})
        elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
            out.update({verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"})
        elif verb.endswith(("s", "sh", "ch", "x")):
            out.update({verb + "es", verb + "ed", verb + "ing"})
        else:
            out.update({verb + "s", verb + "ed", verb + "ing"})
    return frozenset(out)


#: Verbs whose result someone else could see happen.
_ACTION_VERBS = _forms(
    "present", "publish", "submit", "complete", "lead", "chair", "write", "draft", "deliver", "teach",
    "attend", "join", "run", "organise", "organize", "host", "facilitate", "redesign", "design", "audit",
    "shadow", "observe", "introduce", "ask", "meet", "schedule", "apply", "prepare", "review", "read",
    "finish", "launch", "mentor", "coach", "train", "conduct", "hold", "interview", "enrol", "enroll",
    "register", "pass", "obtain", "document", "record", "track", "volunteer", "speak", "co-author",
    "author", "analyse", "analyze", "collect", "map", "book", "send", "email", "call", "visit",
    "practise", "practice", "rehearse", "reduce", "cut", "leave", "reply", "delegate", "contact",
    "compare", "implement", "update", "debrief", "invite", "propose", "negotiate", "request", "survey",
    "pilot", "test", "sit", "produce", "edit", "revise", "summarise", "summarize", "plan",
    "chart", "earn", "achieve", "secure", "recruit", "supervise", "precept", "demonstrate",
    "perform", "list", "identify", "arrange", "block", "limit", "follow", "share", "give", "offer",
    "translate", "post", "blog", "film",
    "lecture", "report", "calculate", "measure", "assess", "evaluate", "code", "program",
    "rewrite", "replace", "switch", "enter", "qualify", "graduate", "sign", "file",
)
#: Verbs that are only concrete when a countable thing follows: "develop a course" but not "develop skills".
_NEEDS_A_THING = _forms("develop", "build", "create", "make", "get", "do", "have", "gain", "find", "use", "take",
                        "miss", "start", "begin", "set", "spend", "establish")
#: Extra words that make one of those verbs concrete: "take part", "set up", "take the exam".
_THING_STARTERS = frozenset({"a", "an", "the", "part", "up", "one's"})
#: "plan to", "try to", "want to": intentions, not actions; the real verb comes after.
_INTENT_BEFORE_TO = _forms("plan", "try", "aim", "want", "hope", "intend", "start", "begin", "learn", "need",
                           "attempt", "strive", "seek", "wish", "like", "set")
#: Verbs whose result can be seen or checked off when done.
_OUTCOME_VERBS = _forms(
    "present", "publish", "submit", "complete", "lead", "chair", "write", "draft", "deliver", "teach",
    "attend", "join", "run", "organise", "organize", "host", "facilitate", "redesign", "pass", "obtain",
    "finish", "launch", "hold", "conduct", "enrol", "enroll", "register", "speak", "produce", "earn",
    "send", "meet", "introduce", "interview", "qualify", "graduate", "sign", "lecture", "apply", "post",
    "record", "document", "leave", "audit", "shadow", "observe", "co-author", "author", "achieve", "secure",
    "recruit", "supervise", "precept", "demonstrate", "perform", "debrief", "report", "sit", "file",
)
_OUTCOME_NOUNS = frozenset({
    "certificate", "certification", "qualification", "presentation", "presentations", "poster", "posters",
    "abstract", "abstracts", "paper", "papers", "article", "articles", "report", "reports", "publication",
    "publications", "application", "applications", "proposal", "proposals", "protocol", "guideline",
    "guidelines", "audit", "score", "grade", "rating", "feedback", "portfolio", "exam", "examination",
    "licence", "license", "award", "deadline", "talk", "lecture", "workshop", "manuscript", "thesis",
    "dissertation", "chapter", "module", "course", "session", "sessions", "checklist", "handover", "guide",
    "toolkit", "handbook", "leaflet", "template", "website", "video", "podcast", "newsletter", "database",
})
#: Phrases that point in a direction without saying what anyone would do.
_VAGUE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("improve",), ("improving",), ("enhance",), ("strengthen",), ("boost",), ("grow",), ("explore",),
    ("understand",), ("get", "better"), ("getting", "better"), ("become", "better"), ("be", "better"),
    ("become", "a", "better"), ("be", "a", "better"), ("be", "more"), ("become", "more"), ("feel", "more"),
    ("get", "more"), ("do", "more"), ("do", "some"), ("know", "more"), ("learn", "more"), ("learn", "about"),
    ("work", "on"), ("working", "on"), ("focus", "on"), ("think", "about"), ("look", "into"),
    ("try", "to"), ("brush", "up"), ("more", "confident"), ("more", "confidently"), ("network", "more"),
    ("gain", "experience"), ("develop",), ("developing",), ("build", "confidence"), ("be", "good"),
    ("make", "sure"), ("ensure",), ("ensuring",),
    ("be", "able"), ("keep", "up"), ("stay", "on", "top"), ("handle",), ("deal", "with"), ("manage", "better"),
)
#: Words that turn a vague start into a method: "improve my handovers by writing a checklist".
_LINKS = frozenset({"by", "through", "via", "and", "then", "including", ":"})
_VAGUE_QUANTITY = frozenset({"some", "something", "more", "better", "several", "lots", "many", "plenty",
                             "various", "anything", "stuff", "much", "somewhat", "few"})
#: Words that promise something no one can keep: there is no room for a bad day.
_ABSOLUTE = frozenset({"always", "never", "perfect", "perfectly", "flawless", "flawlessly", "everything",
                       "everyone", "everybody", "faultless", "faultlessly", "infallible"})
_ABSOLUTE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("world", "class"), ("best", "in", "the", "world"), ("the", "best", "in"), ("every", "single"),
    ("100", "percent"), ("zero", "mistakes"), ("no", "mistakes"), ("without", "any", "mistakes"),
    ("in", "the", "world"), ("the", "best"), ("world's", "best"), ("number", "one"),
)
#: Outputs that take weeks each: a large count of them in a short time is out of reach.
_HEAVY_OUTPUTS = frozenset({"paper", "papers", "publication", "publications", "article", "articles", "book",
                            "books", "chapter", "chapters", "grant", "grants", "degree", "degrees", "thesis",
                            "theses", "certification", "certifications", "qualification", "qualifications",
                            "course", "courses", "manuscript", "manuscripts", "study", "studies", "trial",
                            "trials", "project", "projects"})
#: Goals that take many months at the very least.
_BIG_GOALS = frozenset({"phd", "doctorate", "dphil", "degree", "masters", "master's", "msc", "mba", "thesis",
                        "dissertation", "book", "consultant", "professor", "professorship", "promotion",
                        "promoted", "fellowship", "specialist", "tenure", "residency", "board"})
#: Words after "all"/"every" that make it a count or a rhythm, not a boast: "all six meetings", "every week".
_CADENCE_WORDS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years", "morning",
                            "evening", "shift", "shifts", "meeting", "meetings", "session", "sessions", "other",
                            "fortnight", "quarter", "term", "monday", "tuesday", "wednesday", "thursday",
                            "friday", "saturday", "sunday", "weekday", "call", "calls", "visit", "round",
                            "rounds", "time"})
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "once": 1, "twice": 2, "both": 2}
#: Why-phrases: a reason stated in the goal itself.
_WHY_PHRASES: tuple[tuple[str, ...], ...] = (
    ("so", "that"), ("so", "i"), ("so", "we"), ("because",), ("in", "order", "to"), ("to", "prepare", "for"),
    ("to", "help"), ("as", "part", "of"), ("for", "my", "role"), ("for", "my", "career"),
    ("for", "my", "development"), ("for", "my", "job"), ("for", "my", "post"), ("for", "my", "application"),
    ("towards", "my"), ("toward", "my"), ("which", "will"), ("this", "will"), ("to", "become"),
    ("to", "support"), ("required", "for"), ("needed", "for"), ("to", "qualify"), ("ready", "for"),
    ("ready", "to"), ("to", "move", "into"), ("to", "take", "on"), ("my", "development", "plan"),
    ("to", "apply", "for"), ("to", "be", "eligible"), ("eligible", "for"), ("to", "strengthen", "my"),
    ("to", "build", "my"), ("as", "a", "step"), ("step", "towards"), ("step", "toward"), ("to", "improve"),
    ("for", "the", "benefit"), ("to", "reduce"), ("to", "increase"), ("to", "meet", "the"),
    ("to", "advance"), ("to", "progress"), ("to", "grow"), ("for", "my", "future"),
)

#: How goals often begin; a "to …" right after these is the goal itself, not the reason for it.
_INTENT_OPENINGS: tuple[tuple[str, ...], ...] = (
    ("i", "want"), ("i", "will"), ("i", "would", "like"), ("i'd", "like"), ("i", "plan"), ("i", "aim"),
    ("i", "hope"), ("i", "need"), ("i", "intend"), ("i", "am", "going"), ("i'm", "going"), ("my", "goal", "is"),
    ("my", "aim", "is"), ("i", "wish"),
)

#: First words of a goal that opens with its reason: "To be ready for …, lead …".
_PURPOSE_OPENERS = frozenset({"to", "so", "because", "in", "as", "for", "since"})

_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class _Token:
    word: str  # lower case
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _find_phrases(words: Sequence[str], phrases: Iterable[tuple[str, ...]]) -> list[tuple[int, tuple[str, ...]]]:
    """(index, phrase) for every phrase found in the word list, in text order; linear in the words."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        by_first.setdefault(phrase[0], []).append(phrase)
    found = []
    for i, word in enumerate(words):
        for phrase in by_first.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                found.append((i, phrase))
    return found


def _quote(text: str, tokens: Sequence[_Token], first: int, count: int, limit: int = 60) -> str:
    """The original words tokens[first:first+count], shortened for a message."""
    last = min(first + count, len(tokens)) - 1
    if last < first:
        return ""
    snippet = " ".join(text[tokens[first].start:tokens[last].end].split())
    return snippet if len(snippet) <= limit else snippet[:limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------------
# Time phrases

_UNIT = r"(?:day|week|month|year|quarter|term|semester|fortnight|academic\s+year|financial\s+year|school\s+year)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = (r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|"
        r"twenty|thirty|a\s+few|a\s+couple\s+of)")
_MONTH = r"(?:january|february|march|april|june|july|august|september|sept|october|november|december)"
_EVENT = (r"(?:deadline|meeting|conference|congress|review|appraisal|rotation|exam|examination|interview|audit|"
          r"inspection|retreat|summit|symposium|away\s?day|graduation|assessment|placement|programme|program|"
          r"partnership|course|clinic|season|break|holidays?)")
_TIME_PATTERNS = [re.compile(p) for p in (
    r"\b\d{4}-\d{1,2}-\d{1,2}\b",
    r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b",
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{{4}})?\b",
    r"\b(?:by|in|before|until|till|of|during|early|late|mid)\s+may\b(?:\s+\d{4}\b)?",
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?may\b(?:,?\s+\d{4}\b)?",
    r"\bmay\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?",
    rf"\b(?:within|in|over|after|for|during|inside)\s+(?:the\s+)?(?:next\s+|coming\s+|first\s+)?{_NUM}\s+"
    rf"(?:more\s+)?{_UNIT}s?\b",
    rf"\b(?:within|in|over)\s+(?:the\s+)?(?:next|coming)\s+{_UNIT}\b",
    rf"\b(?:\d{{1,3}}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)-{_UNIT}\b",
    rf"\b(?:this|next|the\s+coming|the\s+next|coming)\s+(?:{_UNIT}|{_SEASON}|weekend)\b",
    r"\b(?:by|before|until|till)\s+(?:the\s+)?(?:end|start|beginning|middle)\s+of\b"
    r"(?:\s+(?:the\s+|this\s+|next\s+|my\s+|our\s+)?[a-z0-9'-]+)?",
    rf"\bend\s+of\s+(?:the\s+|this\s+|next\s+|my\s+|our\s+)?(?:{_UNIT}|{_SEASON}|{_EVENT}|\d{{4}})\b",
    rf"\b(?:by|before|until|till)\s+(?:the\s+|this\s+|next\s+)?(?:{_SEASON}|{_WEEKDAY}|tomorrow|christmas|easter|"
    rf"new\s+year|{_UNIT})\b",
    rf"\b(?:by|before|until|till|during)\s+(?:the|our|my|this|next|this\s+year's|next\s+year's)\s+"
    rf"(?:[a-z'-]+\s+){{0,3}}?{_EVENT}\b",
    r"\b(?:in|by|during|before|until|till|for)\s+(?:19|20|21)\d\d\b",
    r"\b(?:q[1-4]|h[12])\b(?:\s+\d{4})?",
    r"\b(?:tomorrow|tonight|today)\b",
    r"\b(?:this|next)\s+year's\b",
)]
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "term": 90, "quarter": 91, "semester": 130,
              "year": 365}
_DURATION = re.compile(rf"\b(?:within|in|over|inside|for)\s+(?:the\s+)?(?:next\s+|coming\s+)?({_NUM})\s+"
                       rf"(?:more\s+)?({_UNIT})s?\b")
_SOON = {"tomorrow": 1, "tonight": 1, "today": 1}
_SOON_RE = re.compile(r"\b(?:(tomorrow|tonight|today)|(this|next)\s+(week|month))\b")
_PERCENT = re.compile(r"(?<![\d.])(\d{1,12})(?:\.\d+)?\s?(?:%|per\s?cent\b)", re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


def time_phrases(text: str) -> list[tuple[int, int]]:
    """(start, end) of each date or time frame in the text ("by the end of March", "within 6 months")."""
    lower = text.lower()
    spans = sorted((m.start(), m.end()) for p in _TIME_PATTERNS for m in p.finditer(lower))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _is_digits(word: str) -> bool:
    """Plain 0-9 digits only: '²' and other Unicode digits are not counts."""
    return word.isascii() and word.isdigit()


def _words_to_number(word: str) -> int | None:
    word = " ".join(word.split())
    if _is_digits(word):
        return int(word)
    if word in ("a", "an"):
        return 1
    if word in ("a few", "a couple of"):
        return 3 if word == "a few" else 2
    return _COUNT_WORDS.get(word) or {"eighteen": 18}.get(word)


def _horizon_days(text: str, goal: SmartGoal, today: dt.date) -> int | None:
    """The shortest time the goal gives itself, in days, from its target date or the durations in its text."""
    found: list[int] = []
    if goal.target_date is not None:
        found.append((goal.target_date - today).days)
    lower = text.lower()
    for m in _DURATION.finditer(lower):
        n = _words_to_number(m.group(1))
        unit = m.group(2).split()[-1]
        if n is not None:
            found.append(n * _UNIT_DAYS.get(unit, 30))
    for m in _SOON_RE.finditer(lower):
        if m.group(1):
            found.append(_SOON[m.group(1)])
        else:
            found.append({"this": 7, "next": 14}[m.group(2)] * (1 if m.group(3) == "week" else 4))
    return min(found) if found else None


def _past_dates_in_text(text: str, today: dt.date) -> list[dt.date]:
    out = []
    for m in _ISO_DATE.finditer(text):
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        if day < today:
            out.append(day)
    return out


# ---------------------------------------------------------------------------
# Analysis


def format_date(day: dt.date) -> str:
    """A date as people write it in a goal: 30 June 2027 (no locale surprises)."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class _Goal:
    """The goal's text taken apart once, shared by the five criteria."""

    goal: SmartGoal
    text: str
    tokens: list[_Token]
    words: list[str]
    action_end: int  # index of the first word of the "why" part that follows the action
    action: list[str]  # words[:action_end], with a leading "To …, " purpose blanked out (indices kept)
    why: list[tuple[int, tuple[str, ...]]]
    times: list[tuple[int, int]]
    in_time: list[bool]  # per word: is it part of a date or time frame?
    today: dt.date


def _read(goal: SmartGoal, today: dt.date) -> _Goal:
    text = goal.text or ""
    tokens = _tokens(text)
    words = [t.word for t in tokens]
    opening = next((len(p) for p in _INTENT_OPENINGS if tuple(words[:len(p)]) == p), 0)
    # a reason needs something before it: in "I want to improve …" the "to improve" is the goal
    found = _find_phrases(words, _WHY_PHRASES)
    why = [(i, p) for i, p in found if i > opening]
    start = 0
    comma = text.find(",")
    if found and comma > 0 and words[0] in _PURPOSE_OPENERS and tokens[found[0][0]].start < comma:
        # "To be ready for the charge-nurse post, lead two handovers …": the reason comes first
        start = next((i for i, t in enumerate(tokens) if t.start > comma), len(tokens))
        why = [(0, found[0][1])] + [(i, p) for i, p in found if i >= start]
    after = [i for i, _ in why if i >= start + 1]
    action_end = after[0] if after else len(words)
    action = [("" if i < start else w) for i, w in enumerate(words[:action_end])]
    times = time_phrases(text)
    return _Goal(goal, text, tokens, words, action_end, action, why, times, _mark_spans(tokens, times), today)


def _mark_spans(tokens: Sequence[_Token], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each token, whether it starts inside one of the (sorted, disjoint) spans; one pass over both."""
    marks, j = [], 0
    for t in tokens:
        while j < len(spans) and spans[j][1] <= t.start:
            j += 1
        marks.append(j < len(spans) and spans[j][0] <= t.start)
    return marks


def _in_time_phrase(g: _Goal, index: int) -> bool:
    return g.in_time[index]


def _specific(g: _Goal) -> CriterionResult:
    n = len(g.words)
    if n < MIN_WORDS:
        return CriterionResult(
            "specific", False,
            f"At {n} word{'s' if n != 1 else ''} it is too short for anyone to picture what you will do.",
            "Say what you will do, where and with whom, for example 'present one case at the ward's monthly "
            "teaching meeting'.")
    if n > MAX_WORDS:
        return CriterionResult(
            "specific", False,
            f"At {n} words it reads like several goals or a story about one.",
            "Keep one goal to one or two sentences; put the others in goals of their own.")
    action = g.action
    weak: int | None = None  # an action verb followed by "more" or "some": a verb, but no amount or thing
    vague = _find_phrases(action, _VAGUE_PHRASES)
    for i, word in enumerate(action):
        nxt = action[i + 1] if i + 1 < len(action) else ""
        if _in_time_phrase(g, i) or not nxt or (i + 1 < len(action) and _in_time_phrase(g, i + 1)):
            continue
        if nxt == "to" and word in _INTENT_BEFORE_TO:
            continue
        if word in _NEEDS_A_THING:
            concrete = nxt in _THING_STARTERS or _is_digits(nxt) or nxt in _COUNT_WORDS
        else:
            concrete = word in _ACTION_VERBS
        if concrete and nxt in _VAGUE_QUANTITY:
            weak = i if weak is None else weak
            continue
        if concrete and vague and vague[0][0] < i and not _LINKS.intersection(action[vague[0][0]:i]):
            break  # "become more confident when speaking": the goal is the vague part, the action a setting
        if concrete:
            phrase = _quote(g.text, g.tokens, i, min(6, g.action_end - i))
            return CriterionResult("specific", True,
                                   f"It names something you will do that others could see: '{phrase}'.", "")
    if weak is not None:
        words = _quote(g.text, g.tokens, weak, 2)
        return CriterionResult(
            "specific", False,
            f"'{words}' says what kind of thing you will do, but not what exactly.",
            f"Name the thing itself in place of '{words}', such as 'read two papers on handover safety' or "
            "'present one case at the monthly meeting'.")
    if vague:
        i, phrase = vague[0]
        words = _quote(g.text, g.tokens, i, len(phrase))
        return CriterionResult(
            "specific", False,
            f"'{words}' points in a direction but does not say what you will actually do.",
            f"Replace '{words}' with an action someone could watch you take, such as 'present one case at the "
            "monthly meeting' or 'lead two family meetings with my mentor observing'.")
    return CriterionResult(
        "specific", False,
        "No action verb says what you will do (words such as present, lead, write, submit, attend).",
        "Start with what you will do, for example 'write a one-page handover checklist for night shifts'.")


def _numbers(g: _Goal) -> list[tuple[int, int]]:
    """(word index, value) of counts in the action part, leaving out the numbers inside dates and time frames."""
    out = []
    for i, word in enumerate(g.action):
        if _in_time_phrase(g, i):
            continue
        if _is_digits(word) and len(word) <= 12:
            out.append((i, int(word)))
        elif word in _COUNT_WORDS:
            out.append((i, _COUNT_WORDS[word]))
    return out


def _measurable(g: _Goal) -> CriterionResult:
    measure = " ".join((g.goal.measure or "").split())
    if measure:
        shown = measure if len(measure) <= 60 else measure[:59].rstrip() + "…"
        return CriterionResult("measurable", True, f"You said how you will know: '{shown}'.", "")
    numbers = _numbers(g)
    if numbers:
        i, _ = numbers[0]
        count = _quote(g.text, g.tokens, i, min(3, g.action_end - i))
        return CriterionResult("measurable", True, f"It has a number to check against: '{count}'.", "")
    action = g.action
    cadence = _find_phrases(action, [("every", w) for w in _CADENCE_WORDS] + [("each", w) for w in _CADENCE_WORDS]
                            + [(w,) for w in ("daily", "weekly", "fortnightly", "monthly", "quarterly")]
                            + [("per", w) for w in ("day", "week", "month", "shift")])
    if cadence:
        i, phrase = cadence[0]
        return CriterionResult("measurable", True,
                               f"It sets a rhythm you can count: '{_quote(g.text, g.tokens, i, len(phrase))}'.", "")
    outcome = next((i for i, w in enumerate(action) if w in _OUTCOME_VERBS or w in _OUTCOME_NOUNS
                    or (w in _NEEDS_A_THING and action[i + 1:i + 2] in (["a"], ["an"]))), None)
    vague = next((i for i, w in enumerate(action) if w in _VAGUE_QUANTITY), None)
    if outcome is not None and vague is None:
        word = _quote(g.text, g.tokens, outcome, 3 if action[outcome] in _NEEDS_A_THING else 1)
        return CriterionResult("measurable", True,
                               f"It ends in something you can see or check off: '{word}'.", "")
    if outcome is not None and vague is not None:
        word, amount = _quote(g.text, g.tokens, outcome, 1), _quote(g.text, g.tokens, vague, 1)
        return CriterionResult(
            "measurable", False,
            f"'{word}' can be seen, but '{amount}' leaves open how much is enough.",
            f"Put a number in place of '{amount}', such as 'two posters' or 'at least three calls', or fill in "
            "how you will know.")
    return CriterionResult(
        "measurable", False,
        "Nothing in it can be counted or seen when it is done.",
        "Name the result someone could see, such as 'present one case at the monthly meeting', or a count "
        "like 'three observed family meetings'; or fill in how you will know.")


def _achievable(g: _Goal) -> CriterionResult:
    target = g.goal.target_date
    if target is not None and target < g.today:
        return CriterionResult(
            "achievable", False,
            f"The target date, {format_date(target)}, has already passed, so the goal cannot be reached by then.",
            "Choose a date ahead of today that leaves time for the work.")
    action = g.action
    absolute = [(i, (w,)) for i, w in enumerate(action) if w in _ABSOLUTE]
    absolute += _find_phrases(action, _ABSOLUTE_PHRASES)
    for i, w in enumerate(action):
        nxt = action[i + 1] if i + 1 < len(action) else ""
        # "all six meetings" and "every week" are counts and rhythms; "all my patients" is a promise
        if w in ("all", "every") and nxt not in _CADENCE_WORDS and not _is_digits(nxt) and nxt not in _COUNT_WORDS:
            absolute.append((i, (w, nxt) if nxt else (w,)))
    if absolute:
        i, phrase = min(absolute)
        words = _quote(g.text, g.tokens, i, len(phrase))
        return CriterionResult(
            "achievable", False,
            f"'{words}' sets a bar no one can clear every time, so the goal is out of reach as written.",
            "Set a level you can reach and check, for example 'in at least four of five handovers' or 'the "
            "three cases my mentor picks'.")
    action_text = g.text[:g.tokens[g.action_end].start] if g.action_end < len(g.tokens) else g.text
    for m in _PERCENT.finditer(action_text):
        if int(m.group(1)) > 100:
            return CriterionResult("achievable", False, f"'{m.group()}' is more than all of it.",
                                   "Use a share between 1% and 100%, or a plain count.")
    horizon = _horizon_days(g.text, g.goal, g.today)
    for i, value in _numbers(g):
        following = action[i + 1:i + 4]
        heavy = next((w for w in following if w in _HEAVY_OUTPUTS), None)
        months = max(horizon, 1) / 30 if horizon is not None else None
        too_many = (heavy is not None and ((months is not None and value / max(months, 0.25) > 2) or
                                          (months is None and value > 12))) \
            or (value >= 100 and months is not None and months <= 1 and not 1900 <= value <= 2199)
        if too_many:
            thing = _quote(g.text, g.tokens, i, 2 if heavy is None else following.index(heavy) + 2)
            when = (f" in about {horizon} day{'s' if horizon != 1 else ''}" if horizon is not None else "")
            return CriterionResult(
                "achievable", False,
                f"'{thing}'{when} is far more than one person can do alongside their work.",
                "Pick a first step that fits the time, such as one paper drafted, or give yourself longer.")
    big = next((i for i, w in enumerate(action) if w in _BIG_GOALS), None)
    if big is not None and horizon is not None and horizon < 60:
        word = _quote(g.text, g.tokens, big, 1)
        return CriterionResult(
            "achievable", False,
            f"A goal about '{word}' takes many months, but it gives itself only {max(horizon, 0)} days.",
            "Aim at the next step you can finish in that time, or move the target date further out.")
    support = " ".join((g.goal.resources or "").split())
    reason = "Nothing in it sounds out of reach: no 'always', 'never' or 'all', and the amount fits the time."
    if support:
        reason += " You have named the support you will draw on."
    return CriterionResult("achievable", True, reason, "")


def _relevant(g: _Goal) -> CriterionResult:
    area = " ".join((g.goal.development_area or "").split())
    if area:
        shown = area.replace("-", " ")
        shown = shown[:1].upper() + shown[1:]
        if len(shown) > 60:
            shown = shown[:59].rstrip() + "…"
        return CriterionResult("relevant", True, f"It is linked to a development area: '{shown}'.", "")
    if g.why:
        i, phrase = g.why[0]
        lead = next((k for k, w in enumerate(g.action) if w), len(g.action))  # a "To …," opening
        count = lead if i == 0 and lead > 0 else len(phrase) + 6
        return CriterionResult("relevant", True,
                               f"It says why it matters: '{_quote(g.text, g.tokens, i, count)}'.", "")
    return CriterionResult(
        "relevant", False,
        "It does not say why this goal matters to you or your work.",
        "Add the reason, for example '… so that I am ready to take on the charge-nurse role next year', or "
        "link it to a skill from your self-assessment.")


def _time_bound(g: _Goal) -> CriterionResult:
    target = g.goal.target_date
    if target is not None:
        days = (target - g.today).days
        if days < 0:
            return CriterionResult(
                "time_bound", False,
                f"The target date, {format_date(target)}, is in the past.",
                "Set a new target date after today; a checkpoint halfway there helps too.")
        if days == 0:
            return CriterionResult("time_bound", False, "The target date is today, which leaves no time to do it.",
                                   "Set a target date far enough ahead to do the work.")
        if days > MAX_YEARS_AHEAD * 365:
            return CriterionResult(
                "time_bound", False,
                f"The target date, {format_date(target)}, is more than {MAX_YEARS_AHEAD} years away: too far off "
                "to plan the next steps against.",
                "Choose a date within your mentoring partnership, and treat the bigger aim as several goals.")
        return CriterionResult("time_bound", True,
                               f"It has a target date: {format_date(target)}, {_how_far(days)} from today.", "")
    if g.times:
        start, end = g.times[0]
        phrase = " ".join(g.text[start:end].split())
        past = _past_dates_in_text(g.text, g.today)
        if past and len(past) == len(g.times):
            return CriterionResult("time_bound", False,
                                   f"The date in it, {format_date(past[0])}, is in the past.",
                                   "Write a date after today, or set the target date.")
        return CriterionResult("time_bound", True, f"It gives a time frame: '{phrase}'.", "")
    return CriterionResult(
        "time_bound", False,
        "There is no deadline: no target date and no time frame in the text.",
        "Set a target date, or add when, such as 'by the end of March' or 'within six months'.")


def _how_far(days: int) -> str:
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"{days // 7} weeks"
    if days < 730:
        return f"about {round(days / 30.44)} months"
    return f"about {round(days / 365.25)} years"


_NO_TEXT = "There is no goal written yet."
_WRITE_FIRST = "Write your goal first: one sentence saying what you will do and by when."


def analyse_goal(goal: SmartGoal, today: dt.date | None = None) -> SmartReport:
    """Judge a goal on each SMART criterion; every reason quotes the words it rests on."""
    today = today or dt.date.today()
    if not (goal.text or "").strip():
        return SmartReport(tuple(CriterionResult(c, False, _NO_TEXT, _WRITE_FIRST) for c in CRITERIA), "")
    g = _read(goal, today)
    results = (_specific(g), _measurable(g), _achievable(g), _relevant(g), _time_bound(g))
    return SmartReport(results, compose_statement(goal))


# ---------------------------------------------------------------------------
# The goal as one statement

_I_START = re.compile(r"^(?:i\s+will|i'll|i\s+am\s+going\s+to|i\s+shall|i\s+want\s+to|i\s+plan\s+to)\b", re.I)


def _clause(text: str) -> str:
    """Text as a clause inside a sentence: one line, no final full stop."""
    return " ".join((text or "").split()).rstrip(" .;")


def compose_statement(goal: SmartGoal) -> str:
    """The goal as one sentence: "By 30 June 2027 I will …, measured by …, using …."

    The goal's own words are kept (only the first letter may be lowered), so the statement always shows
    what the participant wrote.
    """
    core = _clause(goal.text)
    if not core:
        return ""
    if not _I_START.match(core):
        if len(core) > 1 and "A" <= core[0] <= "Z" and core[1].islower():
            core = core[0].lower() + core[1:]
        core = "I will " + core
    parts = [f"By {format_date(goal.target_date)} {core}" if goal.target_date else core]
    measure = _clause(goal.measure)
    if measure:
        parts.append(f"measured by {measure}")
    resources = _clause(goal.resources)
    if resources:
        parts.append(f"using {resources}")
    return ", ".join(parts) + "."
