"""Check a goal against the five SMART criteria with explainable rules, judged in the person's own context.

Every verdict quotes the words it rests on, so a participant can see why and disagree. Specific reads the
shape of the goal (an action on a named thing), not a list of approved verbs; Relevant looks for a link to
what the person has said they want (development areas, vision, role) or to their work; Achievable weighs
how much against how long and from where they start, and asks rather than fails when it cannot tell.
The rules read words and short patterns only (no nested repetition), so even very long text is quick.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from mentoringkit.workbook import SmartGoal

__all__ = [
    "CRITERIA",
    "CriterionResult",
    "GoalContext",
    "SmartReport",
    "analyse_goal",
    "compose_statement",
    "format_date",
    "goal_context",
    "same_goal",
    "time_phrases",
]

CRITERIA: tuple[str, ...] = ("specific", "measurable", "achievable", "relevant", "time_bound")

#: Shorter than this, a goal cannot say what and on what.
MIN_WORDS = 3
#: Longer than this, a "goal" is usually several goals or a story about one.
MAX_WORDS = 120
#: Deadlines further away than this cannot be planned against inside a mentoring partnership.
MAX_YEARS_AHEAD = 5

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


@dataclass(frozen=True)
class CriterionResult:
    """The verdict on one criterion: met or not, the reason in plain words, what to try next, and (when
    the checker cannot tell from the words alone) a question for the person to answer for themselves."""

    criterion: str
    met: bool
    reason: str
    suggestion: str
    question: str = ""


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


@dataclass(frozen=True)
class GoalContext:
    """What the person has said they want, for judging whether a goal is relevant to them.

    ``development_areas`` are the areas from their self-assessment (names, or names with descriptions);
    ``vision`` is anything they wrote about where they want to go (vision, reflections); ``skills`` maps a
    skill id (as stored in ``SmartGoal.development_area``) to its name and description.
    """

    role: str = ""
    development_areas: tuple[str, ...] = ()
    vision: str = ""
    skills: tuple[tuple[str, str], ...] = ()
    date_order: str = "dmy"


def goal_context(workbook: object, curriculum: object | None = None, date_order: str = "dmy") -> GoalContext:
    """The context a workbook gives: developmental skills of the latest self-assessment, what the person
    wrote about their development and in their reflections, and their role."""
    skills: tuple[tuple[str, str], ...] = ()
    areas: list[str] = []
    if curriculum is not None:
        all_skills = curriculum.skills.skills  # type: ignore[attr-defined]
        skills = tuple((s.id, f"{s.name}. {s.description}") for s in all_skills)
        latest = getattr(workbook, "latest_assessment", None)
        if latest is not None:
            areas = [f"{s.name}. {s.description}" for s in all_skills if latest.levels.get(s.id) == "developmental"]
    latest = getattr(workbook, "latest_assessment", None)
    notes = [latest.development_note] if latest is not None and latest.development_note else []
    reflections = [r.text for r in getattr(workbook, "reflections", {}).values() if r.text]
    profile = getattr(workbook, "profile", None)
    role = getattr(getattr(profile, "role", None), "value", getattr(profile, "role", "")) or ""
    return GoalContext(role=str(role), development_areas=tuple(areas), vision="\n".join(notes + reflections),
                       skills=skills, date_order=date_order)


# ---------------------------------------------------------------------------
# Words

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])|[^\W_]+(?:['’-][^\W_]+)*|[:;,]")
#: "$2M", "£200k": an amount of money written short, read as the whole number.
_SCALED = re.compile(r"(\d+(?:\.\d+)?)([km])")


@dataclass(frozen=True)
class _Token:
    word: str  # lower case
    start: int
    end: int
    capital: bool  # written with a capital (and not the first word): a name, an acronym


def _tokens(text: str) -> list[_Token]:
    out = []
    for i, m in enumerate(_TOKEN.finditer(text)):
        raw = m.group()
        word = raw.lower().replace("’", "'").replace(",", "") if raw[:1].isdigit() else raw.lower().replace("’", "'")
        if (scaled := _SCALED.fullmatch(word)) and m.start() > 0 and text[m.start() - 1] in "$£€":
            word = str(round(float(scaled.group(1)) * (1000 if scaled.group(2) == "k" else 1_000_000)))
        out.append(_Token(word, m.start(), m.end(), i > 0 and raw[:1].isupper()))
    return out


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


def _is_digits(word: str) -> bool:
    """Plain 0-9 digits only: '²' and other Unicode digits are not counts."""
    return word.isascii() and word.isdigit()


_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "once": 1, "twice": 2, "both": 2,
                "first": 1, "single": 1}
#: Words that stand in for the thing itself: "do 3 things", "sort out my stuff", "deliver 4 outcomes".
_PLACEHOLDERS = frozenset({"thing", "things", "stuff", "something", "anything", "whatever", "task", "tasks",
                           "etc", "item", "items", "goals", "bits"})
#: Management jargon that sounds like work but names nothing: "leverage synergies", "drive impactful outcomes".
_JARGON = frozenset({"leverage", "leveraging", "synergy", "synergies", "synergise", "synergize", "impactful",
                     "paradigm", "paradigms", "value-add", "best-in-class", "world-class", "game-changing",
                     "next-level", "disruptive", "learnings", "bandwidth", "low-hanging", "move-the-needle"})
#: Nouns that name a kind of work without saying which: a placeholder unless something says which ones
#: ("5 objectives" is; "the 5 actions from my appraisal" is not).
_GENERIC = frozenset({"objective", "objectives", "priority", "priorities", "to-do", "to-dos", "todo", "todos",
                      "deliverable", "deliverables", "action", "actions", "target", "targets", "aim", "aims",
                      "steps", "improvements", "changes", "activities", "initiatives", "results", "wins",
                      "projects", "issues", "areas", "pieces", "outcome", "outcomes"})
_QUALIFIERS = frozenset({"on", "for", "about", "from", "in", "to", "of", "that", "which", "listed", "agreed", "set",
                         "named", "with", "at"})
#: Comparisons with nothing to compare against: "answer tickets faster", "speak up more".
_COMPARATIVES = frozenset({"faster", "quicker", "sooner", "harder", "better", "more", "less", "fewer", "calmer",
                           "smarter", "stronger", "higher", "lower", "bigger", "clearer", "closer", "deeper",
                           "tidier", "neater", "easier", "happier", "healthier", "safer", "simpler", "quieter",
                           "friendlier", "busier", "tighter", "smoother", "sharper"})
_VAGUE_QUANTITY = frozenset({"some", "more", "better", "several", "lots", "many", "plenty", "various", "much",
                             "somewhat", "few", "less", "fewer"})
#: Verbs that name a direction or a state rather than something anyone could watch you do.
_VAGUE_VERBS = frozenset({
    "improve", "improving", "enhance", "strengthen", "boost", "grow", "explore", "understand", "be", "become",
    "feel", "know", "ensure", "handle", "avoid", "succeed", "achieve", "network", "try", "engage", "progress",
    "excel", "thrive", "master", "increase", "raise", "maximise", "maximize", "optimise", "optimize",
    "develop", "developing", "somehow", "reduce", "decrease", "minimise", "minimize",
})
#: Directions that become a plan once a number says how far: "raise the share from 60% to 75%".
_DIRECTIONS = frozenset({"improve", "enhance", "strengthen", "boost", "grow", "increase", "raise", "maximise",
                         "maximize", "optimise", "optimize", "reduce", "decrease", "minimise", "minimize", "achieve",
                         "reach"})
#: Verbs that make something new: concrete when "a", "an" or a number follows ("develop a guide").
_MAKING = frozenset({"develop", "developing", "build", "create", "gain", "grow"})
#: What "build" or "create" names when it is a direction, not a thing made: "build my confidence".
_ABSTRACT_GAINS = frozenset({"confidence", "skills", "skill", "network", "networks", "resilience", "profile",
                             "reputation", "knowledge", "relationships", "relationship", "rapport", "capacity",
                             "capability", "capabilities", "experience", "understanding", "trust", "culture",
                             "presence", "brand", "career", "expertise", "momentum", "habits", "awareness",
                             "connections", "links", "credibility", "visibility", "stamina", "strength"})
#: A verb that only becomes a plan once it has a countable or named thing: "do an audit" is not enough.
_LIGHT_VERBS = frozenset({"do", "get", "make", "have", "take", "keep", "go", "put"})
#: Two-word starts that are still only a direction.
_VAGUE_STARTS: tuple[tuple[str, ...], ...] = (
    ("work", "on"), ("focus", "on"), ("think", "about"), ("look", "into"), ("brush", "up"), ("help", "out"),
    ("get", "better"), ("get", "involved"), ("get", "promoted"), ("get", "more"), ("make", "progress"),
    ("make", "sure"), ("keep", "up"), ("deal", "with"), ("learn", "about"), ("read", "up"), ("step", "up"),
    ("take", "on", "more"), ("do", "better"), ("do", "more"), ("do", "some"), ("do", "my", "best"), ("do", "my", "bit"),
    ("do", "my", "job"), ("prepare", "for"),
    ("get", "ready"), ("be", "ready"), ("learn", "how"), ("get", "to", "grips"), ("look", "after"),
    ("get", "my", "head", "around"), ("get", "my", "head", "round"), ("wrap", "my", "head", "around"),
    ("take", "ownership"), ("keep", "on", "top"), ("work", "towards"), ("work", "toward"), ("stay", "on", "top"),
    ("spend", "time"), ("stay", "up", "to", "date"), ("keep", "up", "to", "date"), ("manage", "my"),
)
#: Adjectives that turn an object back into a wish: "make our charity famous", "write better code".
_WISH_WORDS = frozenset({"better", "famous", "perfect", "amazing", "great", "successful", "good", "excellent",
                         "best", "happier", "happy", "unhappy", "confident", "stronger", "like", "bestselling",
                         "best-selling", "award-winning", "world-class", "viral", "outstanding", "satisfied"})
_DETERMINERS = frozenset({"a", "an", "the", "my", "our", "their", "his", "her", "this", "that", "these", "those",
                          "each", "every", "all", "one's", "your"})
_PREPOSITIONS = frozenset({"at", "on", "in", "with", "for", "to", "from", "about", "into", "through", "of", "during",
                           "after", "before", "across", "between", "within", "under", "over", "by", "via", "per",
                           "onto", "towards", "toward"})
#: Words that start a new aim inside the same goal ("..., get promoted, learn Python and run ...").
_INTENT_OPENINGS: tuple[tuple[str, ...], ...] = (
    ("i", "will"), ("i'll",), ("i", "want", "to"), ("i", "would", "like", "to"), ("i'd", "like", "to"),
    ("i", "plan", "to"), ("i", "aim", "to"), ("i", "hope", "to"), ("i", "need", "to"), ("i", "intend", "to"),
    ("i", "am", "going", "to"), ("i'm", "going", "to"), ("my", "goal", "is", "to"), ("my", "aim", "is", "to"),
    ("i", "wish", "to"), ("i", "shall"), ("i", "must"), ("i", "should"), ("i", "can"),
)
_STILL_INTENT = frozenset({"try", "aim", "want", "hope", "plan", "intend", "learn", "attempt", "strive", "seek",
                           "start", "begin", "continue", "decide"})
_NEGATIONS = frozenset({"not", "don't", "dont", "never", "stop", "quit", "no", "avoid"})
_RECORD_VERBS = frozenset({"note", "log", "record", "track", "count", "tally", "write", "keep"})


# ---------------------------------------------------------------------------
# Time phrases

_UNIT = (r"(?:day|week|month|year|quarter|term|semester|fortnight|sprint|academic\s+year|financial\s+year|"
         r"school\s+year)")
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = (r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|"
        r"twenty|thirty|a\s+few|a\s+couple\s+of)")
_MONTH = (r"(?:january|february|march|april|june|july|august|september|sept|october|november|december|jan|feb|"
          r"mar|apr|jun|jul|aug|sep|oct|nov|dec|febuary)")
_EVENT = (r"(?:deadline|meeting|conference|congress|review|appraisal|rotation|exam|examination|interview|audit|"
          r"inspection|retreat|summit|symposium|away\s?day|graduation|assessment|placement|programme|program|"
          r"partnership|course|clinic|season|break|holidays?|recess|sitting|session|round|intake|agm|hearing|"
          r"term|semester|sprint|all-hands|half-term|half\s+term|reading\s+week|go-live|year-end|shutdown|gcses|"
          r"a-levels|sats|finals|mocks|boards)")
_TIME_PATTERNS = [re.compile(p) for p in (
    r"\b\d{4}-\d{1,2}-\d{1,2}\b",
    r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b",
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_MONTH}\b(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{{4}})?\b",
    r"\b(?:by|in|before|until|till|of|during|early|late|mid|end\s+of)\s+may\b(?:\s+\d{4}\b)?",
    r"\bmay\s+\d{4}\b",
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?may\b(?:,?\s+\d{4}\b)?",
    r"\bmay\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?",
    rf"\b(?:within|in|over|after|for|during|inside)\s+(?:the\s+|their\s+|my\s+|his\s+|her\s+|our\s+)?"
    rf"(?:next\s+|coming\s+|first\s+)?{_NUM}\s+"
    rf"(?:more\s+)?{_UNIT}s?\b",
    rf"\b(?:within|in|over)\s+(?:the\s+)?(?:next|coming)\s+{_UNIT}\b",
    rf"\b(?:\d{{1,3}}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)-{_UNIT}\b",
    rf"\b(?:this|next|the\s+coming|the\s+next|coming)\s+(?:{_UNIT}|{_SEASON}|weekend)\b",
    r"\b(?:by|before|until|till|at)\s+(?:the\s+)?(?:end|start|beginning|middle)\s+of\b"
    r"(?:\s+(?:the\s+|this\s+|next\s+|my\s+|our\s+)?[a-z0-9'-]+)?",
    rf"\b(?:end|start)\s+of\s+(?:the\s+|this\s+|next\s+|my\s+|our\s+)?(?:{_UNIT}|{_SEASON}|{_EVENT}|{_MONTH}|\d{{4}})\b",
    rf"\b(?:by|before|until|till|on|over|at)\s+(?:the\s+|this\s+|next\s+)?(?:{_SEASON}|{_WEEKDAY}|tomorrow|christmas|"
    rf"easter|new\s+year|{_UNIT}|weekend)\b",
    rf"\b(?:by|before|until|till|during|through|throughout|over)\s+(?:the|our|my|their|his|her|this|next|this\s+year's|"
    rf"next\s+year's|each|every)\s+(?:[a-z0-9'-]+\s+){{0,3}}?{_EVENT}\b",
    rf"\b(?:at|for|in|from|after)\s+(?:the\s+|our\s+|my\s+)?(?:next|this|coming|this\s+year's|next\s+year's|"
    rf"{_MONTH}|{_SEASON}|\d{{4}})\s+(?:[a-z0-9'-]+\s+){{0,3}}?{_EVENT}\b",
    rf"\b(?:in|by|during|over|before|until|through|till)\s+(?:the\s+)?(?:early\s+|late\s+)?{_SEASON}\b",
    r"\b(?:the\s+)?next\s+(?:\w+\s+){0,3}?(?:meetings|sessions|shifts|calls|clinics|lectures|classes|rounds)\b",
    r"\b(?:my\s+|our\s+|the\s+)?next\s+(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
    r"(?:[a-z-]+\s+){0,2}?[a-z-]+s\b",
    rf"\b(?:before|by|until|after)\s+(?:[a-z'-]+\s+)?{_EVENT}\b",
    rf"\b(?:in|during|for|over|throughout)\s+(?:the\s+)?(?:whole\s+|entire\s+)?(?:{_SEASON}\s+)?(?:term|semester)\b",
    r"\b(?:in|by|during|before|until|till|for|from|to|at|of)\s+(?:the\s+)?(?:19|20|21)\d\d\b",
    r"\b(?:the\s+)?(?:19|20|21)\d\d\s+(?:financial|academic|school|calendar)\s+year\b",
    r"\bthe\s+(?:19|20|21)\d\d\s+[a-z'-]+",
    r"\b(?:q[1-4]|h[12])\b(?:\s+\d{4})?",
    r"\b(?:tomorrow|tonight|today)\b",
    r"\bfor\s+the\s+rest\s+of\s+(?:the|this)\s+(?:year|term|semester|month|week|quarter|school\s+year)\b",
    r"\b(?:by|before|until|till|on|at|over)\s+(?:labou?r\s+day|memorial\s+day|thanksgiving|halloween|"
    r"independence\s+day|the\s+(?:may|august|spring|summer)\s+bank\s+holiday)\b",
    r"\b(?:by|before|until|till|on|at|over|in\s+the)\s+boxing\s+day\b",
    # "before my AM2", "by the CPC3": an assessment named by its code
    r"\b(?:before|by|until|till)\s+(?:my|the|our)\s+[a-z]{1,5}\d{1,2}[a-z]?\b(?!\s*(?:%|kg|km|hours?|days?))",
    rf"\b(?:this|next|on|this\s+coming)\s+{_WEEKDAY}\b",
    r"\b(?:this|next)\s+year's\b",
    rf"\bweek\s+\d{{1,2}}\s+of\s+(?:the\s+)?(?:{_SEASON}\s+)?(?:term|semester)\b",
    # a day of this month, a named term, this season, and "before" a happening the person names
    r"\b(?:by|before|until|till|on)\s+the\s+(?:[12]?\d|3[01])(?:st|nd|rd|th)\b",
    r"\b(?:in|during|for|over|by|before|until|till|throughout)\s+(?:the\s+)?(?:michaelmas|hilary|trinity|lent|"
    r"easter|epiphany)\s+term\b",
    r"\b(?:this|next)\s+season\b",
    r"\bbefore\s+(?:the|my|his|her|their|our)\s+(?:[a-z0-9'-]+\s+){0,3}?(?:visits?|changes?|birthday|arrives?|"
    r"arrival|starts?|ends?|opens?|opening|launch(?:es)?|wedding|move|leave|returns?|retires?|retirement|"
    r"due\s+date|comes?|goes|closes?|closure|day)\b",
    r"\b(?:by|before|until|on)\s+[a-z]+\s+day\s+(?:19|20|21)\d\d\b",
    r"\b(?:by\s+)?(?:eoy|eom|eow|eod|eofy|cob|close\s+of\s+business)\b",
)]
#: Phrases that sound like time but set no end: "someday", "soon", "from now on", "starting tomorrow".
_NO_END = re.compile(r"\b(?:some\s?day|soon|asap|as\s+soon\s+as\s+possible|eventually|one\s+day|at\s+some\s+point|"
                     r"from\s+now\s+on|forever|in\s+due\s+course|when\s+i\s+can|sometime|when\s+i\s+(?:get|have|find)\s+"
                     r"(?:a\s+|the\s+)?(?:chance|time|moment)|in\s+the\s+future|one\s+of\s+these\s+days|at\s+some\s+stage|"
                     r"whenever|in\s+time)\b")
#: A day of a month written in words, to check it is a real day ("the 30th of February" is not).
_DAY_OF_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH}|may)\b(?:,?\s+(\d{{4}}))?"
                           rf"|\b({_MONTH}|may)\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
_STARTING = re.compile(r"\b(?:starting|from|beginning)\s+$")
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "sprint": 14, "month": 30, "term": 90, "quarter": 91,
              "semester": 130, "year": 365, "weekend": 3}
_DURATION = re.compile(rf"\b(?:within|in|over|inside|for)\s+(?:the\s+)?(?:next\s+|coming\s+)?({_NUM})\s+"
                       rf"(?:more\s+)?({_UNIT})s?\b")
_PERCENT = re.compile(r"(?<![\d.])(\d{1,12})(?:\.\d+)?\s?(?:%|per\s?cent\b)", re.I)
_LEAD_WORDS = re.compile(r"^(?:by|before|until|till|in|on|at|during|for|from|of|to|the|this|end\s+of|"
                         r"start\s+of|early|late|mid|around|after)\s+")


#: Time words long enough that one slip of the keyboard cannot turn them into another common word.
_TIME_WORDS = ("january", "february", "august", "september", "october", "november", "december", "christmas",
               "tomorrow", "before", "until", "within", "monday", "tuesday", "wednesday", "thursday", "friday",
               "saturday", "sunday", "fortnight", "semester")
_ALPHA_WORD = re.compile(r"[a-z]{5,}")


def _one_slip(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with one letter left out, added, changed or two letters swapped."""
    if typed == word or typed in (word + "s", word + "'s") or abs(len(typed) - len(word)) > 1:
        return False
    if len(typed) == len(word):
        diff = [i for i in range(len(word)) if typed[i] != word[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == word[diff[1]]
                                  and typed[diff[1]] == word[diff[0]])
    short, long = (typed, word) if len(typed) < len(word) else (word, typed)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _mend_time_words(lower: str) -> tuple[str, list[int]]:
    """The text with misspelt time words put right ("Janaury", "befor", "Chrismas"), and for each position of
    the mended text the position it came from, so spans found in it point into the text as typed."""
    out, where, last = [], [], 0
    for m in _ALPHA_WORD.finditer(lower):
        typed = m.group()
        fixed = next((w for w in _TIME_WORDS if _one_slip(typed, w)), None)
        if fixed is None:
            continue
        out.append(lower[last:m.start()])
        where.extend(range(last, m.start()))
        out.append(fixed)
        where.extend(min(m.start() + k, m.end() - 1) for k in range(len(fixed)))
        last = m.end()
    out.append(lower[last:])
    where.extend(range(last, len(lower) + 1))
    return "".join(out), where


def time_phrases(text: str) -> list[tuple[int, int]]:
    """(start, end) of each date or time frame in the text ("by the end of March", "within 6 months");
    misspelt month and day names count, and a day name next to a date is one phrase ("by Friday 4 December")."""
    lower, where = _mend_time_words(text.lower())
    spans = sorted((m.start(), m.end()) for p in _TIME_PATTERNS for m in p.finditer(lower))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and (start <= merged[-1][1] or (not lower[merged[-1][1]:start].strip(" ,")
                                                  and re.match(r"\d|" + _MONTH, lower[start:end]))):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [(where[start], where[end - 1] + 1) for start, end in merged]


def _words_to_number(word: str) -> int | None:
    word = " ".join(word.split())
    if _is_digits(word):
        return int(word)
    if word in ("a", "an"):
        return 1
    if word in ("a few", "a couple of"):
        return 3 if word == "a few" else 2
    return _COUNT_WORDS.get(word) or {"eighteen": 18}.get(word)


def _phrase_date(phrase: str, today: dt.date, order: str) -> dt.date | None:
    """The last day a time phrase allows ("by August 2026" -> 31 August 2026), or None when it is not a day."""
    from mentoringkit.model.dates import DateNotUnderstood, read_date

    p = " ".join(_mend_time_words(phrase.lower())[0].replace(",", " ").split())
    if m := re.search(r"\b(?:19|20|21)(\d\d)\b", p):
        year = int(m.group())
        if re.fullmatch(r"(?:(?:by|in|during|for|of|to|at|from|before|until|till)\s+)?(?:the\s+)?"
                        r"(?:(?:end|close)\s+of\s+(?:the\s+)?(?:year\s+)?)?\d{4}"
                        r"(?:\s+[a-z' -]+)?", p) and not re.search(_MONTH + r"|\bmay\b", p):
            return dt.date(year, 12, 31)
    if re.search(r"\bq([1-4])\b", p):
        quarter = int(re.search(r"\bq([1-4])\b", p).group(1))  # type: ignore[union-attr]
        year_m = re.search(r"\b\d{4}\b", p)
        year = int(year_m.group()) if year_m else today.year
        day = dt.date(year, quarter * 3, 30 if quarter in (2, 3) else 31)
        return day if year_m or day >= today else dt.date(year + 1, quarter * 3, day.day)
    core = p
    for _ in range(3):
        core = _LEAD_WORDS.sub("", core)
    candidates = [core, f"end of {core}"]
    if month_year := re.search(rf"(?:{_MONTH}|\bmay)\s+(?:19|20|21)\d\d\b", p):
        candidates.append(f"end of {month_year.group()}")  # "for the July 2026 bar exam": the month it falls in
    if p.startswith(("end of", "by the end of", "by end of", "before the end of", "until the end of", "at the end of")):
        candidates.insert(0, "end of " + core)
    for candidate in candidates:
        try:
            understood = read_date(candidate, today, order)  # type: ignore[arg-type]
        except (DateNotUnderstood, ValueError):
            continue
        if understood is not None:
            return understood.date
    return None


_NEXT_YEAR = re.compile(r"\b(?:by|before|until|till)\s+next\s+year\b")
_THIS_PERIOD = re.compile(r"\b(?:this|next)\s+(week|month|year|quarter|term|semester|weekend|sprint)\b")


def _deadlines(text: str, spans: Sequence[tuple[int, int]], today: dt.date, order: str) -> list[dt.date]:
    """The days the time phrases in the text point at, for checking past and far-off deadlines."""
    out = []
    lower = text.lower()
    for start, end in spans:
        phrase = lower[start:end]
        if re.match(r"(?:starting|from)\b", lower[max(0, start - 9):start].strip() or "-"):
            continue
        day = _phrase_date(phrase, today, order)
        if day is not None:
            out.append(day)
    return out


def _horizon_days(g: _Goal) -> int | None:
    """The shortest time the goal gives itself, in days, from its target date or the time phrases in its text."""
    found: list[int] = []
    if g.goal.target_date is not None:
        found.append((g.goal.target_date - g.today).days)
    found += [(d - g.today).days for d in g.deadlines if d >= g.today]
    lower = g.text.lower()
    for m in _DURATION.finditer(lower):
        n = _words_to_number(m.group(1))
        unit = m.group(2).split()[-1]
        if n is not None:
            found.append(n * _UNIT_DAYS.get(unit, 30))
    if re.search(r"\b(?:tomorrow|tonight|today)\b", lower):
        found.append(1)
    for m in _THIS_PERIOD.finditer(lower):
        found.append(_period_end(m.group(0), g.today))
    if _NEXT_YEAR.search(lower) and not re.search(r"\bin\s+the\s+next\s+year\b", lower):
        found.append((dt.date(g.today.year + 1, 1, 1) - g.today).days)
    if re.search(r"\bover\s+the\s+weekend\b", lower):
        found.append(3)
    # a season or the end of a school period gives a horizon for weighing amounts, though no exact day
    for m in _SEASON_DEADLINE.finditer(lower):
        month, day = _SEASON_STARTS[m.group(1)]
        when = dt.date(g.today.year, month, day)
        if when <= g.today:
            when = when.replace(year=when.year + 1)
        found.append((when - g.today).days)
    for m in _END_OF_SEASON.finditer(lower):  # "by the end of the summer": when the next season begins
        month, day = _SEASON_STARTS[_NEXT_SEASON[m.group(1)]]
        when = dt.date(g.today.year, month, day)
        found.append(((when if when > g.today else when.replace(year=when.year + 1)) - g.today).days)
    for m in _END_OF_SCHOOL_PERIOD.finditer(lower):
        ends = _SCHOOL_PERIOD_ENDS[m.group(1)]
        found.append(min(((dt.date(g.today.year + k, mo, d) - g.today).days for k in (0, 1) for mo, d in ends
                          if dt.date(g.today.year + k, mo, d) > g.today)))
    mended = _mend_time_words(lower)[0]
    for name in _HOLIDAYS:
        if re.search(rf"\b(?:by|before|until|till|at|over|for|in)\s+(?:the\s+)?{name}\b", mended):
            when = _holiday(name, g.today.year)
            found.append(((when if when >= g.today else _holiday(name, g.today.year + 1)) - g.today).days)
    return min(found) if found else None


_HOLIDAYS = ("christmas", "new year", "easter", "thanksgiving", "labou?r day", "memorial day", "halloween",
             "boxing day")


def _holiday(name: str, year: int) -> dt.date:
    """The day a named holiday falls on in a year (Easter by the Gregorian computus; the American ones by their
    weekday rule), for weighing "by Easter" or "by Thanksgiving" against the work a goal asks."""
    if name == "easter":
        a, b, c = year % 19, year // 100, year % 100
        d, e = b // 4, b % 4
        f = (b + 8) // 25
        g = (b - f + 1) // 3
        h = (19 * a + b - d - g + 15) % 30
        i, k = c // 4, c % 4
        l_ = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 22 * l_) // 451
        month, day = divmod(h + l_ - 7 * m + 114, 31)
        return dt.date(year, month, day + 1)
    if name == "thanksgiving":  # the fourth Thursday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name.startswith("labo"):  # the first Monday of September
        first = dt.date(year, 9, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7)
    if name == "memorial day":  # the last Monday of May
        last = dt.date(year, 5, 31)
        return last - dt.timedelta(days=last.weekday())
    return {"christmas": dt.date(year, 12, 25), "new year": dt.date(year, 1, 1),
            "halloween": dt.date(year, 10, 31), "boxing day": dt.date(year, 12, 26)}[name]


#: When a season begins, for "by spring", "next summer": about when such a goal falls due.
_SEASON_STARTS = {"spring": (3, 20), "summer": (6, 21), "autumn": (9, 22), "fall": (9, 22), "winter": (12, 21)}
_SEASON_DEADLINE = re.compile(r"\b(?:by|before|until|till|in|this|next|by\s+next)\s+(?:the\s+)?"
                              r"(spring|summer|autumn|fall|winter)\b(?!\s+(?:term|semester|\d))")
_NEXT_SEASON = {"spring": "summer", "summer": "autumn", "autumn": "winter", "fall": "winter", "winter": "spring"}
_END_OF_SEASON = re.compile(r"\bend\s+of\s+(?:the\s+|this\s+)?(spring|summer|autumn|fall|winter)\b")
#: Where a school term or semester usually ends (British terms, American semesters), for "by the end of term".
_SCHOOL_PERIOD_ENDS = {"term": ((12, 18), (3, 31), (7, 20)), "semester": ((12, 18), (5, 15))}
_END_OF_SCHOOL_PERIOD = re.compile(r"\bend\s+of\s+(?:the\s+|this\s+)?(term|semester)\b")


def _period_end(phrase: str, today: dt.date) -> int:
    which, unit = phrase.split()[0], phrase.split()[-1]
    if unit == "year":
        end = dt.date(today.year + (which == "next"), 12, 31)
        return max((end - today).days, 1)
    if unit == "weekend":
        return 3 + 7 * (which == "next")
    size = _UNIT_DAYS.get(unit, 30)
    return size * (2 if which == "next" else 1)


def format_date(day: dt.date) -> str:
    """A date as people write it in a goal: 30 June 2027 (no locale surprises)."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


# ---------------------------------------------------------------------------
# Reading a goal once


@dataclass(frozen=True)
class _Goal:
    """The goal's text taken apart once, shared by the five criteria."""

    goal: SmartGoal
    context: GoalContext
    text: str
    tokens: list[_Token]
    words: list[str]
    start: int  # index of the first word of the action (after openers, a leading reason or time phrase)
    action_end: int  # index of the first word of the "why" part that follows the action
    why: tuple[int, int] | None  # (first, end) word indices of the stated reason
    times: list[tuple[int, int]]
    in_time: list[bool]  # per word: is it part of a date or time frame?
    deadlines: list[dt.date]
    today: dt.date

    @property
    def action(self) -> list[str]:
        return self.words[self.start:self.action_end]

    def quote(self, first: int, count: int, limit: int = 60) -> str:
        """The original words tokens[first:first+count], shortened for a message."""
        last = min(first + count, len(self.tokens)) - 1
        if last < first:
            return ""
        snippet = " ".join(self.text[self.tokens[first].start:self.tokens[last].end].split())
        return snippet if len(snippet) <= limit else snippet[:limit - 1].rstrip() + "…"


_WHY_STARTS: tuple[tuple[str, ...], ...] = (
    ("so", "that"), ("so", "i"), ("so", "we"), ("so", "my"), ("so", "the"), ("because",), ("in", "order", "to"),
    ("as", "part", "of"), ("as", "a", "first", "step"), ("as", "a", "step"), ("which", "will"), ("to", "prepare"),
    ("to", "help"), ("to", "become"), ("to", "support"), ("to", "build"), ("to", "grow"), ("to", "see"),
    ("to", "advance"), ("to", "learn"), ("to", "be", "ready"), ("to", "be", "eligible"), ("to", "qualify"),
    ("to", "improve"), ("to", "reduce"), ("to", "increase"), ("to", "make", "sure"), ("to", "strengthen"),
    ("to", "stand"), ("to", "move"), ("to", "take", "over"), ("to", "discuss"), ("since",), ("for", "my"),
)
#: A reason that says nothing: "so that it matters", "because it is important".
_EMPTY_REASONS = frozenset({"it", "matters", "matter", "is", "important", "counts", "count", "things", "are",
                            "better", "i", "improve", "so", "that", "because", "should", "will", "be", "good",
                            "it's", "for", "reasons", "a", "the", "to", "am", "get", "do", "well", "more", "great",
                            "want", "need", "must", "this", "of", "course", "why", "not", "me", "can",
                            # words that judge without naming anything: "so that I grow", "to make a difference"
                            "grow", "growth", "difference", "productive", "feel", "progress", "succeed", "success",
                            "happy", "happier", "worthwhile", "meaningful", "valuable", "value", "worth", "useful",
                            "impact", "improves", "improved", "improvement", "best", "really", "make", "makes",
                            "sense", "myself", "everything", "works", "done", "on", "track", "successful", "proud",
                            "all", "goes", "going", "happen", "happens", "an", "my", "our", "mark"})


#: Words that open a leading time phrase ("By 30 June,", "Before the audit,").
_LEAD_TIME_WORDS = frozenset({"by", "before", "until", "till", "within", "on", "in", "over", "from"})


def _skip_lead(words: list[str], tokens: list[_Token], in_time: list[bool], text: str) -> int:
    """Index of the first word of the action: past openers ("I will"), a leading time phrase ("By Friday,"),
    a leading setting or reason ending in a comma ("As a new nurse,", "To be ready for X,"), and a statement
    of where the person starts ("I have never run before;")."""
    i, n = 0, len(words)
    for _ in range(6):
        before = i
        if i + 1 < n and words[i] in _LEAD_TIME_WORDS and in_time[i + 1]:
            i += 1  # "By 30 June 2027, lead ...": the time phrase is marked from the date on, its 'by' is not
        while i < n and in_time[i]:
            i += 1
        if i < n and words[i] == ",":
            i += 1
        for phrase in _INTENT_OPENINGS:
            if tuple(words[i:i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        if i < n and words[i] in ("to",) and i == 0:
            # "To be ready for the interview, lead four huddles": the reason comes first when a comma follows
            comma = next((k for k in range(i, n) if words[k] == ","), None)
            if comma is not None and comma + 1 < n:
                i = comma + 1
        if i < n and words[i] in ("as", "at", "with", "for", "after", "once", "when", "in") and i == 0:
            comma = next((k for k in range(i, min(n, i + 12)) if words[k] == ","), None)
            if comma is not None and comma + 1 < n:
                i = comma + 1
        if i < n and words[i] in ("i", "i've", "i'm") and ";" in words[i:]:
            i = words.index(";", i) + 1
        while i < n and words[i] in (",", ":", ";", "then", "also", "successfully", "really", "actually"):
            i += 1
        if i < n and words[i] in _STILL_INTENT and i + 1 < n and words[i + 1] == "to":
            i += 2
        if i == before:
            break
    return min(i, n)


def _read(goal: SmartGoal, today: dt.date, context: GoalContext) -> _Goal:
    text = goal.text or ""
    tokens = _tokens(text)
    words = [t.word for t in tokens]
    times = time_phrases(text)
    in_time = _mark_spans(tokens, times)
    start = _skip_lead(words, tokens, in_time, text)
    why_at = None
    for i, _phrase in _find_phrases(words, _WHY_STARTS):
        if i > start + 1:
            why_at = i
            break
    for i in range(start + 2, len(words) - 1):
        # "… by June 2027 to make a difference": a purpose that follows the deadline
        if words[i] == "to" and in_time[i - 1] and not in_time[i] and words[i + 1] not in _DETERMINERS and \
                not _is_digits(words[i + 1]) and (why_at is None or i < why_at):
            why_at = i
            break
    lead_reason = None
    if start > 0 and words[0] == "to":
        lead_reason = (0, start)
    action_end = why_at if why_at is not None else len(words)
    why = (why_at, len(words)) if why_at is not None else lead_reason
    deadlines = _deadlines(text, times, today, context.date_order)
    return _Goal(goal, context, text, tokens, words, start, action_end, why, times, in_time, deadlines, today)


def _mark_spans(tokens: Sequence[_Token], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each token, whether it starts inside one of the (sorted, disjoint) spans; one pass over both."""
    marks, j = [], 0
    for t in tokens:
        while j < len(spans) and spans[j][1] <= t.start:
            j += 1
        marks.append(j < len(spans) and spans[j][0] <= t.start)
    return marks


# ---------------------------------------------------------------------------
# The shape of the action: main verb, its object, the details around it


@dataclass(frozen=True)
class _Shape:
    verb: int | None  # index of the main verb (after "stop", "not", "learn to" ...)
    negative: bool  # "stop ...", "don't ...", "never ...", "avoid ..."
    vague: tuple[int, int] | None  # (index, length) of what makes it only a direction
    placeholder: int | None  # index of a placeholder object ("things", "stuff")
    wish: int | None  # index of a wish word in the object ("famous", "better")
    weak_amount: int | None  # index of "more"/"some" right after the verb
    details: int  # named or counted things around the verb
    bundle: int  # number of separate aims joined in a list
    outcome_role: bool  # "become a ward manager", "get promoted": a result others decide


_ROLE_WORDS = frozenset({"manager", "consultant", "professor", "partner", "director", "head", "chief", "officer",
                         "vp", "president", "ceo", "cto", "cfo", "coo", "executive", "headteacher", "superintendent",
                         "lead", "leader", "lecturer", "dean", "principal", "registrar", "specialist", "fellow",
                         "supervisor", "mentor", "nurse", "sister", "matron", "senior"})


#: Prepositions that place "more" of a thing somewhere ("on the wards", "in one-to-ones").
_PLACING = frozenset({"in", "on", "at", "with", "during"})
#: What "more" can qualify without naming a thing: "spend more time", "put in more effort".
_UNPLACEABLE = frozenset({"time", "effort", "energy", "often", "attention", "care", "focus", "work", "hours"})


def _placed(g: _Goal, k: int, end: int) -> bool:
    """Whether "more" before word k is more of a named thing in a named setting ("visit more patients on the
    wards at weekends", "ask more open questions in one-to-ones"), which a coach can picture; "read more
    papers" alone is only a direction."""
    noun = k < end and g.words[k] not in _PREPOSITIONS | _DETERMINERS | _UNPLACEABLE and g.words[k].isalpha() and \
        g.words[k] not in _VAGUE_QUANTITY and not g.in_time[k] and not g.words[k].endswith("ly")
    return bool(noun) and any(
        g.words[j] in _PLACING and not g.in_time[j] and j + 1 < end and not g.in_time[j + 1] and
        g.words[j + 1] not in _VAGUE_QUANTITY for j in range(k + 1, end))


def _shape(g: _Goal) -> _Shape:
    words, end = g.words, g.action_end
    i = g.start
    negative = False
    while i < end and words[i] in ("not", "don't", "dont", "do", "never", "stop", "quit", "no", "longer", "to") and \
            (words[i] != "do" or (i + 1 < end and words[i + 1] == "not")) and \
            (words[i] != "to" or negative):
        negative = True
        i += 1
    if i < end and words[i] in ("avoid",):
        negative = True
    if i < end and words[i] in _STILL_INTENT and i + 1 < end and words[i + 1] == "to":
        i += 2
    while i + 1 < end and (words[i] in ("always", "regularly", "consistently", "personally", "first", "then")
                           or (words[i].endswith("ly") and len(words[i]) > 4 and words[i] not in ("apply", "reply",
                                                                                               "supply"))):
        i += 1
    if i + 2 < end and words[i + 1].endswith("ing") and words[i] in ("finish", "start", "stop", "keep", "begin",
                                                                       "continue", "quit", "practise", "practice"):
        i += 1  # "finish watching ...", "stop interrupting ...": the second verb carries the action
    verb = i if i < end else None
    vague = placeholder = wish = weak = None
    details, outcome_role = 0, False
    if verb is None:
        return _Shape(None, negative, None, None, None, None, 0, 0, False)
    v = words[verb]
    for phrase in _VAGUE_STARTS:
        if tuple(words[verb:verb + len(phrase)]) == phrase:
            vague = (verb, len(phrase))
            if phrase[1:] == ("more",) and _placed(g, verb + 2, end):
                vague = None  # "do more fieldwork with my year 10s next term": more of a named thing, placed
            break
    nxt = words[verb + 1] if verb + 1 < end else ""
    if v not in _WORK_WORDS and len(v) >= 6:  # "imporve", "strenghten": a direction verb with one slip
        v = next((d for d in _VAGUE_VERBS if len(d) >= 6 and _one_slip(v, d)), v)
    if vague is None and (v in _VAGUE_VERBS or (v.endswith("ing") and v[:-3] in _VAGUE_VERBS)):
        vague = (verb, 1)
    if v in _MAKING and (nxt in ("a", "an") or _is_digits(nxt) or nxt in _COUNT_WORDS or
                         (v in ("build", "create") and nxt != "up" and
                          not _ABSTRACT_GAINS & set(words[verb + 1:min(end, verb + 4)]))
                         or
                         _LICENCES & set(words[verb + 1:min(end, verb + 6)])):
        vague = None
    elif v in _MAKING and vague is None:
        vague = (verb, 2)
    if v in _DIRECTIONS and (_PERCENT.search(g.text) or _GROWTH.search(g.text.lower()) or "zero" in words or
                             any((_is_digits(words[k]) or words[k] in _COUNT_WORDS)
                                                            and not g.in_time[k] for k in range(verb + 1, end))):
        vague = None
    to = next((j for j in range(verb + 2, min(end, verb + 5)) if words[j] == "to"), None)
    if v in ("get", "make", "have") and to is not None and vague is None and "date" not in words[verb + 2:verb + 6] \
            and not (to + 1 < end and (words[to + 1] in _DETERMINERS or _is_digits(words[to + 1]))):
        vague = (verb, words.index("to", verb + 2) - verb + 2)  # "get my manager to give me ...": others decide
    if v in ("become", "be") or (v == "get" and nxt in ("promoted", "appointed", "elected", "tenure", "tenured")):
        following = words[verb + 1:min(end, verb + 7)]
        outcome_role = (any(w in _ROLE_WORDS for w in following) or
                        nxt in ("promoted", "appointed", "elected", "tenure", "tenured")
                        or (v == "become" and nxt in ("a", "an"))) \
            and not any(w in _WISH_WORDS | _COMPARATIVES for w in following)
    awarded = _AWARDED & set(words[verb + 1:min(end, verb + 5)]) and "level" not in words[verb + 1:min(end, verb + 5)]
    if v == "win" or (v in ("get", "receive", "achieve", "gain", "earn") and awarded):
        outcome_role = True  # a prize or a grade: others decide it
    # a method after a vague start makes it concrete: "improve my handovers by writing a checklist"
    if vague is not None:
        for k in range(verb + 1, end):
            if words[k] in ("by", "through", "via") and k + 1 < end and words[k + 1].endswith("ing") and \
                    not g.in_time[k]:
                vague = None
                verb = k + 1
                break
    # the object: the words after the verb up to a reason or the end, leaving out time phrases
    obj = [k for k in range(verb + 1, end) if not g.in_time[k]]
    head = obj[:4]
    if words[verb] in _JARGON or any(words[k] in _JARGON for k in head):
        placeholder = next((k for k in head if words[k] in _JARGON), head[0] if head else verb)
    for k in head if placeholder is None else ():
        if words[k] in _PLACEHOLDERS and not (words[k] == "goals" and k > 0 and words[k - 1] not in ("my", "our")):
            placeholder = k
            break
        if words[k] == "life" and words[k - 1] in ("my", "our"):  # "sort my life out": everything at once
            placeholder = k
            break
        if words[k] in _GENERIC and not (k + 1 < end and words[k + 1] in _QUALIFIERS and not g.in_time[k + 1]) and \
                not (k > 0 and words[k - 1] in ("the", "these", "those", "this", "that")):
            placeholder = k
            break
    if vague is None and placeholder is None and not _counts(g) and not _PERCENT.search(g.text) and \
            not (g.goal.measure or "").strip():
        for k in obj:
            if words[k] in _COMPARATIVES and words[k + 1:k + 2] != ["than"] and \
                    not (words[k] in ("more", "fewer") and _placed(g, k + 1, end)):
                vague = (k, 1)
                break
    if head and words[head[0]] in _VAGUE_QUANTITY and not (words[head[0]] == "more" and _placed(g, head[0] + 1, end)):
        weak = head[0]
    elif len(head) > 1 and words[head[0]] in _DETERMINERS | {"on", "at", "in", "up", "out"} and \
            words[head[1]] in ("more", "less", "better", "some"):
        weak = head[1]
    for k in obj[:6]:
        if g.tokens[k].capital and k + 1 < end and g.tokens[k + 1].capital:
            continue  # "the Great North Run": a word of a name, not a wish
        if words[k] in _WISH_WORDS and k > verb + 1:
            wish = k
            break
    if words[verb] in _WISH_WORDS and verb + 1 < end:
        wish = verb
    # details: counts, names, determiner + noun groups, prepositional phrases; bare nouns count half
    k, half = verb + 1, 0
    if k + 1 < end and words[k] in ("and", "or") and _starts_clause(words, k + 1, end):
        k += 2  # "write and send my update", "grout and seal the bathrooms": two verbs, one object
    elif k + 2 < end and words[k] in _PREPOSITIONS and words[k + 1] in ("and", "or") and \
            _starts_clause(words, k + 2, end):
        k += 3  # "train for and complete the race": the same, with the first verb's preposition
    seen_group = False
    # "a 5-day retreat": a length used as an adjective describes the thing rather than setting a deadline
    in_time = [t and not _LENGTH_ADJECTIVE.fullmatch(w) for t, w in zip(g.in_time, words, strict=True)]
    while k < end:
        w = words[k]
        if in_time[k] or w in (",", ";", ":"):
            k += 1
            seen_group = False
            continue
        if _is_digits(w) or w in _COUNT_WORDS or g.tokens[k].capital or _GROWTH.fullmatch(w):
            details += 0 if seen_group and g.tokens[k].capital and not (_is_digits(w) or w in _COUNT_WORDS) else 1
            seen_group = True
        elif w in _DETERMINERS:
            # "the February governance meeting": a month inside a noun group names which one, it sets no date
            noun = next((j for j in range(k + 1, min(end, k + 4)) if not in_time[j]), None)
            if not seen_group and noun is not None and words[noun] not in _PREPOSITIONS and \
                    (noun == k + 1 or words[k + 1] in _TIME_MODIFIERS):
                details += 1
            seen_group = True
        elif w in _PREPOSITIONS or w in ("and", "or"):
            seen_group = False
        elif w not in ("it", "them", "myself", "me", "us", "out", "up", "off"):
            after_preposition = words[k - 1] in _PREPOSITIONS - {"by", "to"} and k - 1 > verb and k + 1 < end and \
                not in_time[k + 1] and words[k + 1] not in _PREPOSITIONS | _DETERMINERS | _STOP
            half += 0 if seen_group else (2 if after_preposition else 1)
            seen_group = True
        k += 1
    details += half // 2
    if v in _LIGHT_VERBS:
        details += _object_detail(g, verb, end, in_time)
    bundle = _bundle(words, verb, end)
    return _Shape(verb, negative, vague, placeholder, wish, weak, details, bundle, outcome_role)


#: Words before a noun that only describe it ("a new job", "regular breaks"), so they do not say which one.
_PLAIN_ADJECTIVES = frozenset({"new", "good", "big", "small", "regular", "cold", "hot", "real", "proper", "quick",
                               "short", "long", "healthy", "difficult", "hard", "easy", "extra", "own", "other",
                               "different", "same", "full", "whole", "next", "last", "nice", "right", "high", "low",
                               "little", "large", "young", "old", "fresh", "free", "quality", "decent"})
_ADJECTIVE_ENDINGS = ("al", "ful", "ous", "ive", "ic", "able", "ible", "less", "ent", "ant", "ar", "ly", "ish")
#: The end state a light verb brings about: "get my logbook up to date", "get the policy signed off".
_RESULT_STATES = frozenset({"signed", "approved", "merged", "submitted", "completed", "finished", "done",
                            "reviewed", "checked", "fixed", "repaired", "serviced", "renewed", "accredited"})


def _object_detail(g: _Goal, verb: int, end: int, in_time: list[bool]) -> int:
    """What the object of a light verb adds beyond a plain noun: a word before the head noun that says which
    kind ("take salsa lessons", "get my Gas Safe registration"; not "get a new job"), or the end state it is
    brought to ("get my logbook up to date", "get the policy signed off")."""
    words = g.words
    k = verb + 1
    determined = k < end and words[k] in _DETERMINERS - {"every", "each", "all"}
    k += determined
    group = []
    while k < end and not in_time[k] and words[k] not in _PREPOSITIONS | _STOP | {",", ";", ":", "back", "out",
                                                                                "off", "down", "done"}:
        group.append(k)
        k += 1
    closes = k >= end or in_time[k] or words[k:k + 3] == ["up", "to", "date"] or \
        words[k] in _PREPOSITIONS - {"to"} | _RESULT_STATES | {",", ";", ":", "and", "or", "every", "each"}
    if not closes or len(group) > 4:
        return 0  # not a plain noun group: "make my manager notice me"
    extra = 0
    kinds = [i for i in group[:-1] if words[i] not in _PLAIN_ADJECTIVES | _COMPARATIVES | _VAGUE_QUANTITY and
             (g.tokens[i].capital or any(c.isdigit() for c in words[i]) or not words[i].endswith(_ADJECTIVE_ENDINGS))]
    if kinds and not any(words[i] in _PLACEHOLDERS | _GENERIC for i in group):
        extra += 1 if determined else 2  # a bare compound ("salsa lessons") names a kind the way "the" would
    after = words[k:k + 3]
    if group and (after == ["up", "to", "date"] or (after[:1] and after[0] in _RESULT_STATES)):
        extra += 1
    return extra


#: Time words that can describe a noun rather than set a date: "the March practice meeting".
_TIME_MODIFIERS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december", "spring", "summer", "autumn", "fall", "winter",
                             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


#: Results someone else awards: "win the gold medal", "get a first".
_AWARDED = frozenset({"medal", "prize", "award", "first", "distinction", "merit", "grade", "a*", "trophy",
                      "bonus", "raise", "rise", "title"})

_LENGTH_ADJECTIVE = re.compile(r"[a-z0-9]+-(?:day|week|month|year|hour|minute)")

_CLAUSE_VERBS = frozenset({
    "publish", "get", "learn", "run", "write", "finish", "find", "move", "start", "become", "lose", "pass",
    "buy", "travel", "read", "complete", "apply", "join", "lead", "present", "submit", "improve", "build",
    "launch", "open", "take", "do", "make", "have", "be", "visit", "attend", "earn", "win", "gain", "save",
    "qualify",
})


def _starts_clause(words: list[str], k: int, end: int) -> bool:
    """Whether words[k] opens a new clause: a known verb, or a plain word followed by its own object
    ("land a postdoc", "redo the kitchen", "train for a triathlon")."""
    w = words[k]
    if w in _CLAUSE_VERBS:
        return True
    if w in _STOP or w in _PREPOSITIONS or w in _DETERMINERS or _is_digits(w) or w.endswith("ly") or \
            w in (",", ";", ":") or k + 1 >= end:
        return False
    nxt = words[k + 1]
    objects = ("a", "an", "the", "my", "our", "their", "his", "her")
    return nxt in objects or _is_digits(nxt) or (nxt in _COUNT_WORDS and nxt not in ("first", "single")) or \
        (nxt in ("for", "to", "on") and k + 2 < end and words[k + 2] in objects)


#: Marks of a qualification: each one listed is a course of study of its own.
_QUALIFICATION_MARKS = frozenset({"degree", "mba", "ma", "msc", "mres", "phd", "diploma", "certificate", "cert",
                                  "pgcert", "pgdip", "qualification", "npq", "status", "chartered", "chartership",
                                  "membership", "apprenticeship", "certification", "licence", "license",
                                  "fellowship", "accreditation"})


def _qualifications(g: _Goal, verb: int | None, end: int) -> int:
    """How many qualifications a list names ("the NPQ, an MA and a coaching diploma" is 3; "CISSP, OSCP, CISM and
    GCIH" is 4): each is months of study, so a list of them is several goals at once."""
    items: list[list[int]] = []
    current: list[int] = []
    for k in range((g.start - 1 if verb is None else verb) + 1, end):
        if g.words[k] in (",", "and", "&", "plus") or g.in_time[k]:
            items.append(current)
            current = []
        else:
            current.append(k)
    items.append(current)
    named = [item for item in items if item and any(
        g.words[k] in _QUALIFICATION_MARKS or (_is_acronym(g, k) and len(g.words[k]) >= 3) for k in item)]
    return len(named) if len(named) >= 3 else 1


def _bundle(words: list[str], verb: int, end: int) -> int:
    """How many separate aims are listed: "publish two papers, get promoted, learn Python and run ..." is 4."""
    aims, commas = 1, 0
    for k in range(verb + 1, end - 1):
        if words[k] in (",", "and") and _starts_clause(words, k + 1, end):
            aims += 1
            commas += words[k] == ","
    return aims if commas >= 1 else 1


# ---------------------------------------------------------------------------
# The five criteria


def _specific(g: _Goal, s: _Shape) -> CriterionResult:
    n = sum(1 for w in g.words if w not in (",", ";", ":"))
    if n < MIN_WORDS:
        return CriterionResult(
            "specific", False,
            f"At {n} word{'s' if n != 1 else ''} it is too short for anyone to picture what you will do.",
            "Say what you will do, where and with whom, for example 'present one case at the ward's monthly "
            "teaching meeting'.")
    if n > MAX_WORDS:
        return CriterionResult(
            "specific", False, f"At {n} words it reads like several goals or a story about one.",
            "Keep one goal to one or two sentences; put the others in goals of their own.")
    if _empty_goal(g):
        return CriterionResult(
            "specific", False, "It names nothing yet: only the frame of a goal, with the action left blank.",
            "Write what you will do and on what, for example 'write a one-page handover checklist for night "
            "shifts'.")
    if s.verb is None:
        return CriterionResult(
            "specific", False, "It gives a time or a reason, but no action: nothing says what you will do.",
            "Start with what you will do, for example 'write a one-page handover checklist for night shifts'.")
    if s.placeholder is not None:
        word = g.quote(s.placeholder, 1)
        return CriterionResult(
            "specific", False,
            f"'{g.quote(s.verb, s.placeholder - s.verb + 1)}' does not say what: '{word}' stands in for the real "
            "thing.",
            f"Name the thing itself in place of '{word}', such as 'two case reviews' or 'the handover checklist'.")
    if s.bundle >= 3:
        return CriterionResult(
            "specific", False, f"It lists {s.bundle} different aims; each needs its own plan.",
            "Pick the one that matters most now and make it a goal of its own; add the others separately.")
    if _whole_problem(g, s):
        return CriterionResult(
            "specific", False,
            f"'{g.quote(s.verb, 2)}' names a result many people bring about together, not something you will do.",
            "Name your own part in it, such as one study, one clinic or one project.")
    measure = " ".join((g.goal.measure or "").split())
    if s.vague is not None and s.placeholder is None and s.bundle < 3 and len(measure.split()) >= 4 and \
            (re.search(r"\d", measure) or _COUNT_WORDS.keys() & set(measure.lower().split())):
        return CriterionResult(
            "specific", True, f"The goal names a direction, and your measure says what you will do: '{measure[:60]}'.",
            "")
    if (slip := _zero_promise(g)) is not None and s.wish is None and s.weak_amount is None and \
            s.verb is not None and g.words[s.verb] not in ("stop", "quit"):
        return CriterionResult(
            "specific", True, f"It names what you will keep from going wrong: '{g.quote(slip, 1)}'.", "")
    if (others := _others_decide(g)) is not None:
        return CriterionResult(
            "specific", False, f"'{_said(g, others, 2)}' is what others will do, not something you "
                               "will do.", "Name your own step, such as 'send every client a reminder two days "
                                           "before the invoice is due'.")
    if s.outcome_role:
        return CriterionResult(
            "specific", False,
            f"'{g.quote(s.verb, 4)}' is a result others decide, not something you will do.",
            "Name the step you will take towards it, such as 'apply for the post' or 'lead the next three "
            "team meetings'.")
    if s.vague is not None:
        i, length = s.vague
        words = g.quote(i, length)
        return CriterionResult(
            "specific", False, f"'{words}' points in a direction but does not say what you will actually do.",
            f"Replace '{words}' with an action someone could watch you take, such as 'present one case at the "
            "monthly meeting' or 'lead two family meetings with my mentor observing'.")
    if s.weak_amount is not None:
        words = g.quote(s.verb, s.weak_amount - s.verb + 1)
        return CriterionResult(
            "specific", False, f"'{words}' says what kind of thing you will do, but not what exactly.",
            f"Name the thing itself in place of '{g.quote(s.weak_amount, 1)}', such as 'read two papers on "
            "handover safety'.")
    if s.wish is not None:
        word = g.quote(s.wish, 1)
        return CriterionResult(
            "specific", False, f"'{word}' is a wish about the result, not an action anyone could see.",
            "Say what you will do to get there, such as 'ask three colleagues to review my code this month'.")
    if _open_ended(g, s, joining=True):
        return CriterionResult(
            "specific", False,
            f"'{g.quote(s.verb, min(5, g.action_end - s.verb))}' has no end of its own: it does not say what you "
            "will have done.", "Say what you will produce or do, how much, or by when, such as 'learn three pieces "
            "and play them to my teacher by June'.")
    bare = [w for w in g.words if any(c.isalnum() for c in w)]
    if len(bare) == 3 and bare[1] in ("a", "an") and g.words[s.verb] == bare[0] and bare[0] != "buy" and \
            not _leisure(bare[2]) and not g.goal.target_date and not (g.goal.measure or "").strip():
        return CriterionResult(
            "specific", False, f"'{g.quote(s.verb, 3)}' does not say which one, where or with whom.",
            "Name it, such as 'read the new safeguarding policy' or 'manage the Leeds branch for a week'.")
    light = g.words[s.verb] in _LIGHT_VERBS and not _names_an_object(g, s.verb)
    if s.details < (2 if light else 1):
        return CriterionResult(
            "specific", False,
            f"'{g.quote(s.verb, min(5, g.action_end - s.verb))}' does not yet say which one, where or with whom.",
            "Add the detail someone would need to picture it: which one, where, with whom or how many.")
    return CriterionResult(
        "specific", True,
        f"It names something you will do that others could see: '{g.quote(s.verb, min(6, g.action_end - s.verb))}'.",
        "")


def _names_an_object(g: _Goal, verb: int) -> bool:
    """Whether a light verb ("get", "go to", "take") is followed by a named thing that needs no more detail
    ("get a dog", "take the CompTIA A+ exam", "go to the gym"): a determiner or a count, then a thing, and
    nothing after it that turns the thing into a state ("get the rota sorted", "have a class where...")."""
    k = verb + 1
    if g.words[k:k + 1] in (["to"], ["up"], ["on"]):
        k += 1
    if k >= g.action_end or not (g.words[k] in ("a", "an", "the", "my") or _is_digits(g.words[k])):
        return False
    rest = [i for i in range(k + 1, g.action_end) if not g.in_time[i]]
    if not rest or not any(_names_a_thing(g, i) or _leisure(g.words[i]) for i in rest[:4]):
        return False
    return not any(g.words[i] in ("sorted", "done", "where", "back", "down", "go", "fixed", "finished", "own")
                   or g.words[i] in _TRAITS for i in rest)


_CADENCE = re.compile(r"\b(?:every|each|per|a)\s+(?:\w+\s+){0,2}?(?:day|days|week|weeks|month|months|year|"
                      r"morning|evening|shift|shifts|meeting|meetings|session|sessions|fortnight|quarter|term|"
                      r"monday|tuesday|wednesday|thursday|friday|weekday|call|calls|visit|round|rounds|time|"
                      r"intervention|one|run|month-end|patient|case|lecture|lesson|class)\b"
                      r"|\b(?:daily|weekly|fortnightly|monthly|quarterly)\b")


def _counts(g: _Goal) -> list[int]:
    """Word indices of counts in the action, leaving out the numbers inside dates and time frames."""
    out = []
    for i in range(g.start, g.action_end):
        w = g.words[i]
        if g.in_time[i]:
            continue
        if (_is_digits(w) and len(w) <= 12) or (w in _COUNT_WORDS and w not in ("first", "single")):
            out.append(i)
    return out


#: Verbs that say only that something will be done, not what: "achieve X", "finish it", "do it".
_EMPTY_VERBS = frozenset({"achieve", "finish", "complete", "do", "get", "make", "have", "be", "reach", "hit",
                          "meet", "accomplish", "deliver", "insert", "confirm", "confirmed", "decide", "decided",
                          "agree", "agreed", "add", "fill", "sort"})
#: Words of a blank form or of the SMART frame itself: "[Insert goal here] by [date]", "be SMART", "tbc".
_TEMPLATE_WORDS = frozenset({"goal", "goals", "tbc", "tbd", "tba", "here", "date", "smart", "specific", "measurable",
                             "achievable", "attainable", "relevant", "realistic", "timebound", "time-bound",
                             "timely", "xxx", "placeholder", "blank", "etc", "objective", "objectives"})


#: Activities with no end of their own ("learn the guitar", "reflect on my lessons"): without an amount, a date
#: or a stated measure nobody can say what will have been done, nor when it is finished.
_OPEN_ENDED = frozenset({"learn", "study", "reflect", "foster", "keep", "practise", "practice", "explore",
                         "understand"})
_OPEN_ENDED_PAIRS = frozenset({("take", "stock"), ("read", "around"), ("read", "up"), ("publish", "in")})


#: What turns learning into something someone could check: a standard reached, a use, a test passed.
_LEARNING_ENDS = re.compile(r"\b(?:enough|standard|signed|sign\s+off|so\s+(?:that\s+)?i\s+can|pass|passing|"
                            r"exam|test|level|grade|certificate|assessment|properly|fluently|competent|"
                            r"competence|in\s+order\s+to)\b")


def _open_ended(g: _Goal, s: _Shape, joining: bool = False) -> bool:
    """An activity without an end ("learn everything about X", or "study for the CPA" with no amount, date or
    measure). Joining ("join a committee") counts when asked: a step that is plain to see but says nothing of
    what the person will do there."""
    if s.verb is None:
        return False
    pair = tuple(g.words[s.verb:s.verb + 2])
    verb = g.words[s.verb]
    if verb not in _OPEN_ENDED and pair not in _OPEN_ENDED_PAIRS and not (joining and verb == "join"):
        return False
    if {"everything", "anything"} & set(g.words[s.verb + 1:s.verb + 3]):
        return True
    if _counts(g) or (g.goal.measure or "").strip():
        return False
    if verb in ("learn", "study"):
        # a date alone does not end learning ("learn Italian before our holiday"); a standard, a product or a
        # use does ("well enough to join the orchestra", "learn to knit a scarf", "so I can teach planning")
        rest = " ".join(g.words[s.verb + 1:])
        return not (_LEARNING_ENDS.search(rest) or re.match(r"to\s+[a-z-]+\s+(?:a|an)\s", rest))
    return not (g.times or g.goal.target_date)


def _empty_goal(g: _Goal) -> bool:
    """Whether the goal names nothing at all: only a blank form's slots ("[Insert goal here] by [date]"),
    the SMART letters, a pronoun or a single letter after a verb of doing ("Achieve X", "Finish it", "tbc")."""
    slots = [m.span() for m in re.finditer(r"\[[^\]]*\]", g.text)]
    return not any(
        not g.in_time[i] and len(w) >= 3 and w.replace("-", "").isalpha() and w not in _STOP and
        w not in _PLACEHOLDERS and w not in _GENERIC and w not in _EMPTY_VERBS and w not in _TEMPLATE_WORDS and
        not any(a <= g.tokens[i].start < b for a, b in slots) for i, w in enumerate(g.words))


#: Slips and items that can be counted one by one: a promise that none of them goes wrong can be checked.
_SLIPS = frozenset({"error", "errors", "mistake", "mistakes", "incident", "incidents", "complaint", "complaints",
                    "sample", "samples", "invoice", "invoices", "report", "reports", "round", "rounds", "deadline",
                    "deadlines", "day", "days", "shift", "shifts", "payment", "payments", "application",
                    "applications", "form", "forms", "return", "returns", "bug", "bugs", "fall", "falls",
                    "exposure", "exposures", "batch", "batches", "cue", "cues", "score", "scores", "isolation",
                    "breach", "breaches", "infection", "infections"})
_ZERO = re.compile(r"\b(?:never|no\s+more(?!\s+than)|not\b.*\bagain|without\s+(?:a\s+single|any)|"
                   r"(?:any|a\s+single)\b.*\bever\s+again)\b")


def _zero_promise(g: _Goal) -> int | None:
    """Where a goal promises that a countable slip never happens again ("Never make a drug error again",
    "No more late final reports", "submitted without a single error"): the index of the slip's word. The count
    of slips can be checked, but a promise of none leaves no room for a bad day."""
    action = " ".join(w for w in g.action)
    if not _ZERO.search(action):
        return None
    return next((i for i in range(g.start, g.action_end) if g.words[i] in _SLIPS and not g.in_time[i]), None)


_TIDYING = frozenset({"tidy", "declutter", "tidying", "reorganise", "reorganize", "reorganising", "reorganizing"})
_TIDYING_PAIRS = frozenset({("clean", "up"), ("sort", "out"), ("tidy", "up"), ("catch", "up")})
_TAKING_PART: tuple[tuple[str, ...], ...] = (
    ("take", "part"), ("taking", "part"), ("participate",), ("contribute",), ("be", "involved"), ("help", "with"),
    ("support",), ("assist",), ("help", "out"), ("get", "involved"))


def _measurable(g: _Goal, s: _Shape, specific: bool) -> CriterionResult:
    measure = " ".join((g.goal.measure or "").split())
    if measure:
        shown = measure if len(measure) <= 60 else measure[:59].rstrip() + "…"
        return CriterionResult("measurable", True, f"You said how you will know: '{shown}'.", "")
    if _empty_goal(g):
        return CriterionResult("measurable", False, "With nothing named yet, there is nothing to count or see.",
                               "Name the result someone could see, or fill in how you will know.")
    if s.bundle >= 3 and s.placeholder is None:
        return CriterionResult("measurable", True, "Each of the aims it lists could be checked off, though as one "
                                                   "goal it is several.", "")
    if s.placeholder is not None:
        return CriterionResult(
            "measurable", False,
            f"A count of '{g.quote(s.placeholder, 1)}' cannot be checked: no one knows what would be counted.",
            "Name the result, such as 'two case reviews presented', or fill in how you will know.")
    if (slip := _zero_promise(g)) is not None:
        return CriterionResult("measurable", True, f"The times it goes wrong ('{g.quote(slip, 1)}') can be "
                                                   "counted: the goal wants none.", "")
    if s.weak_amount is not None or (s.vague is not None and not s.outcome_role):
        return CriterionResult(
            "measurable", False, "Nothing in it says how much is enough or what you would see when it is done.",
            "Name the result someone could see, such as 'present one case at the monthly meeting', or put a number "
            "on it, such as 'two posters'; or fill in how you will know.")
    action_text = g.text[g.tokens[g.start].start:g.tokens[g.action_end - 1].end] if g.action_end > g.start else ""
    counts = _counts(g)
    if counts and not (s.wish is not None and s.wish < counts[0]):
        i = counts[0]
        return CriterionResult("measurable", True,
                               f"It has a number to check against: '{g.quote(i, min(3, g.action_end - i))}'.", "")
    if m := _CADENCE.search(action_text.lower()):
        return CriterionResult("measurable", True, f"It sets a rhythm you can count: '{m.group()}'.", "")
    if _VERDICTS & set(g.action) and s.verb is not None and g.words[s.verb] in ("get", "have"):
        return CriterionResult("measurable", True,
                               f"Whether '{g.quote(s.verb, 3)}' has happened is plain to see.", "")
    if m := re.search(r"\b(?:to|at)\s+zero\b|\bup\s+to\s+date\b", action_text.lower()):
        return CriterionResult("measurable", True, f"It names the end point: '{m.group()}'.", "")
    if (m := _GROWTH.search(action_text.lower())) and s.verb is not None and g.words[s.verb] in _DIRECTIONS:
        return CriterionResult("measurable", True, f"It has a figure to check against: '{m.group()}'.", "")
    if s.negative and not any(w in _RECORD_VERBS for w in g.action):
        return CriterionResult(
            "measurable", False, "It says what you will stop doing, but not how you will know you have.",
            "Say how you will check, such as 'note each time it happens in my log' or 'on at least four days "
            "a week'.")
    more = next((k for k in range(g.start, g.action_end) if g.words[k] in ("more", "fewer") and
                 g.words[k + 1:k + 2] != ["than"] and not g.in_time[k]), None)
    if more is not None and not counts and not _PERCENT.search(action_text) and \
            not (g.goal.measure or "").strip():
        return CriterionResult(
            "measurable", False, f"'{g.quote(more, 2)}' does not say how many more, so no one can tell when it is "
                                 "reached.", "Put a number on it, such as 'two more each week', or fill in how you "
                                             "will know.")
    if s.outcome_role or (s.verb is not None and g.words[s.verb] == "get" and s.details >= 1 and s.wish is None
                          and not _TRAITS & set(g.action)):
        return CriterionResult("measurable", True,
                               f"Whether '{g.quote(s.verb or g.start, 3)}' has happened is plain to see.", "")
    if s.wish is not None:
        return CriterionResult(
            "measurable", False, f"'{g.quote(s.wish, 1)}' is a matter of opinion, not something you can check.",
            "Name what you would see or count, or fill in how you will know.")
    part = [(i, p) for i, p in _find_phrases(g.words[:g.action_end], _TAKING_PART) if i == s.verb]
    if part and not counts:
        i = part[0][0]
        return CriterionResult(
            "measurable", False, f"'{g.quote(i, len(part[0][1]))}' is hard to check: being there is not a result.",
            "Say what you will do or produce in it, such as 'run the falls audit on my ward and present the "
            "figures', or fill in how you will know.")
    if s.verb is not None and not counts and not {"every", "all"} & set(g.action) and (g.words[s.verb] in _TIDYING or
                                              tuple(g.words[s.verb:s.verb + 2]) in _TIDYING_PAIRS):
        return CriterionResult(
            "measurable", False, f"'{g.quote(s.verb, 2)}' has no point at which it is done.",
            "Say what 'done' looks like, such as 'archive every folder older than 2022', or fill in how you will "
            "know.")
    if _open_ended(g, s):
        return CriterionResult(
            "measurable", False, f"'{g.quote(s.verb, 2)}' goes on for as long as you like: nothing marks it done.",
            "Put an amount or an end on it, such as 'two chapters' or 'the mock exam on 3 March', or fill in how "
            "you will know.")
    if specific:
        return CriterionResult(
            "measurable", True,
            f"You can check it off when done: '{g.quote(s.verb, min(4, g.action_end - s.verb))}'.", "")
    return CriterionResult(
        "measurable", False, "Nothing in it can be counted or seen when it is done.",
        "Name the result someone could see, such as 'present one case at the monthly meeting', or a count "
        "like 'three observed family meetings'; or fill in how you will know.")


#: What cannot be brought to none at all: slips, waste, waiting (an inbox or a backlog can).
_ZERO_TARGETS = frozenset({"errors", "error", "mistakes", "incidents", "accidents", "complaints", "positives",
                           "negatives", "admin", "time", "waste", "absence", "sickness", "turnover", "delays",
                           "breaches", "falls", "infections", "defects", "bugs", "waits", "waiting", "overtime",
                           "meetings", "paper", "paperwork", "churn", "injuries", "exclusions"})
#: Words that promise something no one can keep: there is no room for a bad day.
_ABSOLUTE = frozenset({"always", "never", "perfect", "perfectly", "flawless", "flawlessly", "faultless",
                       "faultlessly", "infallible", "forever", "famous", "24/7", "everyone", "everybody",
                       "bestselling", "best-selling", "award-winning", "viral",
                       "everything", "ever", "anymore"})
_ABSOLUTE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("world", "class"), ("in", "the", "world"), ("the", "best"), ("world's", "best"), ("number", "one"),
    ("every", "single"), ("100", "percent"), ("no", "matter", "what"), ("no", "exceptions"), ("for", "ever"),
    ("without", "exceptions"), ("zero", "mistakes"), ("no", "mistakes"), ("without", "ever"),
    ("without", "any"), ("24", "7"), ("like", "me"), ("all", "managers"), ("all", "our"), ("by", "100"),
    ("any", "more"), ("no", "one"), ("day", "and", "night"), ("round", "the", "clock"), ("every", "day", "forever"),
    ("without", "exception"), ("without", "fail"), ("rest", "of", "my", "career"), ("rest", "of", "my", "life"),
    ("all", "areas"), ("all", "aspects"), ("every", "area"), ("every", "aspect"),
)
#: Words that close a set after "every" or "all": "every folder older than 2022", "all emails within two days".
_BOUNDING = frozenset({"than", "since", "in", "on", "from", "that", "which", "who", "within", "of", "i", "we",
                       "listed", "named", "assigned", "due"})
#: Verbs that go back over what has happened: "review every error", "log all near misses" is a routine that
#: grows with what comes up, not a promise that nothing will go wrong.
_FOLLOW_UP = frozenset({"review", "record", "log", "note", "debrief", "discuss", "document", "analyse", "analyze",
                        "report"})
#: Outputs that take weeks each: many of them in a short time is out of reach.
_HEAVY_OUTPUTS = frozenset({"paper", "papers", "publication", "publications", "article", "articles", "book",
                            "books", "chapter", "chapters", "grant", "grants", "degree", "degrees", "thesis",
                            "theses", "certification", "certifications", "qualification", "qualifications",
                            "manuscript", "manuscripts", "study", "studies", "trial", "trials", "conferences",
                            "sections", "exams", "textbooks"})
#: Units that come in hundreds without being a lot of work: "300 words", "800 ms".
_SMALL_UNITS = frozenset({"words", "word", "pages", "page", "minutes", "hours", "seconds", "ms", "lines", "steps",
                          "calls", "emails", "km", "metres", "meters", "miles", "people", "kb", "mb"})
_READING = frozenset({"read", "reading", "review", "reviewing"})
#: Goals that take many months at the very least.
_BIG_GOALS = frozenset({"phd", "doctorate", "dphil", "degree", "masters", "master's", "msc", "mba", "thesis",
                        "dissertation", "book", "textbook", "professorship", "tenure", "residency", "marathon",
                        "platform", "whole", "entire"})
#: The upper rungs of a graded scale: level or grade 5 and above, CEFR C1 and C2, JLPT N1 and N2, HSK 5 and 6.
_HIGH_LEVEL = re.compile(r"(?:level|grade|band|hsk|[A-Z]{2,5})\s?(?:[5-9]|1[0-2])\b|[Cc][12]\b|N[12]\b", re.I)
#: The first rungs of a scale: a certificate at one of these may take a single day.
_ENTRY_LEVEL = re.compile(r"\b(?:level|grade)\s(?:1|2|one|two)\b|\b(?:basic|foundation|introductory|entry-level|"
                          r"entry\s+level|beginners?'?)\b")
#: Verbs that aim at a whole problem ("cure cancer", "solve climate change"): out of reach unless something
#: bounds it to a place or a case ("eradicate MRSA from ward 6").
_WHOLE_PROBLEM_VERBS = frozenset({"cure", "eradicate", "abolish", "solve"})
#: Verbs that, aimed straight at a whole place or institution ("fix the NHS", "improve government"), ask for
#: a change many people make over years.
_REFORMING = frozenset({"fix", "improve", "reform", "transform", "change", "save", "overhaul", "modernise",
                        "modernize", "revolutionise", "revolutionize"})
#: Verbs that bring to an end work already under way: how far along it is decides whether the time is enough.
_FINISHING = frozenset({"finish", "complete", "submit", "finalise", "finalize", "defend", "hand", "wrap"})
#: Big pieces of work that are built up over months, so they can be close to done when the goal is set.
_BUILT_UP = frozenset({"phd", "doctorate", "dphil", "degree", "masters", "master's", "msc", "mba", "thesis",
                       "dissertation", "book", "textbook"})
_BEGINNER = re.compile(r"\b(?:never\s+\w+\s+before|haven'?t\s+(?:yet\s+)?(?:applied|started|enrolled)|"
                       r"i\s+have\s+never|i've\s+never|having\s+never|newly\s+qualified|"
                       r"never\s+having|not\s+(?:yet\s+)?(?:being\s+)?enrolled|from\s+no\s+(?!later|more)\w+|"
                       r"new\s+to|first-year|first-week|first\s+week|just\s+started|no\s+experience|"
                       r"(?:starting\s+)?from\s+(?:none|nothing|scratch|zero))\b")
_STANDING_START = re.compile(r"\b(?:never\s+\w+\s+before|i\s+have\s+never|i've\s+never|having\s+never|first-week|"
                             r"never\s+having|not\s+(?:yet\s+)?(?:being\s+)?enrolled|from\s+no\s+(?!later|more)\w+|"
                             r"first\s+week|no\s+experience|(?:starting\s+)?from\s+(?:none|nothing|scratch|zero))\b")
#: A level of mastery or a licence to practise: months or years of work from a standing start.
_MASTERY = frozenset({"master", "mastery", "fluent", "fluently", "fluency", "expert", "expertise", "proficient",
                      "everything"})
_LICENCES = frozenset({"registration", "registered", "chartered", "chartership", "certificate", "certification",
                       "certified", "licence", "license", "licensed", "accreditation", "accredited", "qualification",
                       "qualified", "diploma", "degree"})
#: Roles reached only after years in a profession: becoming one within two years skips the steps.
_SENIOR_ROLES = frozenset({"head", "chief", "director", "consultant", "professor", "partner", "principal", "dean",
                           "vp", "president", "executive", "ceo", "cto", "cfo", "coo", "headteacher",
                           "superintendent", "tenure", "tenured"})
#: Posts anyone willing can take on: becoming one soon is a step, not a leap.
_VOLUNTEER_POSTS = frozenset({"warden", "aider", "first-aider", "rep", "representative", "champion", "buddy",
                              "ambassador", "volunteer", "member", "governor", "mentor", "trainer", "steward",
                              "marshal", "chair", "secretary", "treasurer"})
#: Where a person starts near the bottom of a career ladder: a senior post is years and several grades away.
_JUNIOR = re.compile(r"\b(?:trainee|graduate|junior|apprentice|first-year|first\s+year|foundation\s+year|fy[12]|"
                     r"student|intern|newly\s+qualified|assistant|entry-level|probationary|core)\b")
#: Prizes a handful of people in the world receive: no plan can promise one.
_TOP_PRIZES = frozenset({"nobel", "pulitzer", "oscar", "oscars", "booker", "olympic", "olympics", "lottery",
                         "michelin"})
#: A step up the ladder or a business of one's own: a result that takes a year or more, whoever starts it.
_CAREER_STEP = re.compile(
    r"\b(?:(?:get|be|being|become|gets)\s+(?:\w+\s+){0,4}?(?:promoted|appointed|tenure|tenured)"
    r"|make\s+partner|get\s+to\s+(?:grade|band|level)\s+\d+"
    r"|(?:open|start|launch|set\s+up|found|have|get)\s+(?:\w+\s+){0,3}?(?:(?<!on\s)my\s+own|of\s+my\s+own)\b"
    r"(?!\s+(?:time|data|notes|work|caseload|list|clinics?|class(?:es)?|cases|patients|projects?|desk|office|room|"
    r"students|pace|laptop)\b))")
#: Places so wide that ending a problem or reaching everyone in them is beyond one person.
_WIDE_PLACES = frozenset({"world", "country", "nation", "continent", "africa", "asia", "europe", "america", "city",
                          "globe", "worldwide", "globally", "nationally", "internationally", "uk", "usa",
                          "britain", "england", "scotland", "wales", "planet", "county", "region", "nhs",
                          "government"})
#: Results a journal, an inspector or a panel gives after its own process: months, not weeks.
_VERDICTS = frozenset({"rated", "judged", "graded", "ranked"})
#: The shortest time each kind of degree takes from enrolling, in years.
_DEGREE_YEARS = {"phd": 3, "doctorate": 3, "dphil": 3, "masters": 1, "master's": 1, "msc": 1, "mba": 1,
                 "degree": 3, "bachelor's": 3, "bachelors": 3}
#: Work done by hand one piece at a time (procedures, fittings, repairs), and how many a day is the most a
#: person can do well; people seen in consultations go faster.
_HANDS_ON = frozenset({"block", "blocks", "procedure", "procedures", "operation", "operations", "surgery",
                       "surgeries", "extraction", "extractions", "filling", "fillings", "window", "windows",
                       "door", "doors", "boiler", "boilers", "installation", "installations", "install", "installs",
                       "repair", "repairs", "rewire", "rewires", "bathroom", "bathrooms", "kitchen", "kitchens",
                       "house", "houses", "endoscopies", "colonoscopies", "cannulations", "intubations",
                       "deliveries", "births", "inspections", "jobs"})
_ENCOUNTERS = frozenset({"patients", "consultations", "appointments", "clients", "customers", "visits"})
_MOST_A_DAY = {"hands-on": 6, "encounters": 40}
_RATE = re.compile(r"\b(\d{1,4})\s+(?:[a-z'-]+\s+){0,3}?(?:a|per|each)\s+(?:working\s+)?(?:day|shift)\b")
_LEVEL_STEPS = re.compile(r"\bby\s+(one|two|three|four|a|an|a\s+whole|\d)\s+(?:whole\s+)?(?:[a-z]+\s+)?"
                          r"(levels?|grades?|bands?)\b")
_ERRORS = frozenset({"error", "errors", "mistake", "mistakes", "incident", "incidents", "complaints", "accidents",
                     "falls"})
#: Rough hours of work per item, for weighing a count against the time given: three for a piece of writing
#: or teaching, half for each person trained or recruited, a quarter for a record, file or script to go
#: through; anything else counts as five minutes an item, which only catches the absurd.
_PEOPLE = frozenset({"staff", "people", "participants", "patients", "students", "pupils", "customers", "clients",
                     "families", "volunteers", "members", "users", "colleagues", "employees", "learners",
                     "trainees", "delegates", "attendees", "donors", "children", "residents", "recruits"})
_PIECES = frozenset({"review", "reviews", "report", "reports", "proposal", "proposals", "application",
                     "applications", "presentation", "presentations", "talk", "talks", "workshop", "workshops",
                     "lesson", "lessons", "lecture", "lectures", "essay", "essays", "policy", "policies",
                     "procedure", "procedures", "interview", "interviews", "audit", "audits", "assessment",
                     "assessments", "case", "cases", "letter", "letters", "plan", "plans", "post", "posts"})
_RECORDS = frozenset({"script", "scripts", "record", "records", "file", "files", "ticket", "tickets",
                      "prescription", "prescriptions", "invoice", "invoices", "form", "forms", "claim", "claims",
                      "referral", "referrals", "notes", "samples", "specimens", "orders", "accounts"})
_HOURS_PER = {"minute": 1 / 60, "minutes": 1 / 60, "hour": 1.0, "hours": 1.0, "day": 6.0, "days": 6.0,
              "week": 30.0, "weeks": 30.0}
#: Hours of a day that can go on a goal, at the very most, alongside everything else.
_HOURS_A_DAY = 6
_DOCUMENT_SIZE = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+)-(page|word)\b")
_NUMBER_TEXT = r"[$£€]?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?([km]\b)?"
_FROM_TO = re.compile(rf"\bfrom\s+(?:about\s+|around\s+)?{_NUMBER_TEXT}(?:\s?%|\s+[a-z-]+){{0,3}}?\s+to\s+"
                      rf"(?:under\s+|over\s+|below\s+|above\s+|at\s+least\s+)?{_NUMBER_TEXT}")
_UP_FROM = re.compile(rf"{_NUMBER_TEXT}(?:\s+[a-z0-9-]+){{0,6}}?,?\s+(?:up|down)\s+from\s+{_NUMBER_TEXT}")
_GROWTH = re.compile(r"\b(double|triple|quadruple|tenfold)\b")


def _achievable(g: _Goal, s: _Shape) -> CriterionResult:
    target = g.goal.target_date
    past = [d for d in g.deadlines if d < g.today]
    if target is not None and target < g.today:
        return CriterionResult(
            "achievable", False,
            f"The target date, {format_date(target)}, has already passed, so the goal cannot be reached by then.",
            "Choose a date ahead of today that leaves time for the work.")
    if past and len(past) == len(g.deadlines) and target is None:
        return CriterionResult(
            "achievable", False, f"The date in it, {format_date(past[0])}, has already passed.",
            "Choose a date ahead of today that leaves time for the work.")
    words = g.words
    action = range(g.start, g.action_end)
    found = [(i, (words[i],)) for i in action if words[i] in _ABSOLUTE]
    found += [(i, p) for i, p in _find_phrases(words[:g.action_end], _ABSOLUTE_PHRASES) if i >= g.start]
    horizon = _horizon_days(g)
    within_days = 0 <= (horizon or 99) <= 14  # "close all my cases by Friday": every one, in days
    for i in action:
        nxt = words[i + 1] if i + 1 < len(words) else ""
        bounded = bool((_BOUNDING | _RESULT_STATES) & set(words[i + 2:i + 7])) or (
            any(g.in_time[i:i + 7]) and not (i == (s.verb or g.start) + 1 and within_days))
        follow_up = i > 0 and words[i - 1] in _FOLLOW_UP | {"them", "these", "those"}  # "induct them all"
        if words[i] in ("every", "all") and nxt not in _COUNT_WORDS and not _is_digits(nxt) and \
                not _CADENCE.match(" ".join(words[i:i + 3])) and not bounded and not follow_up and \
                not (s.negative and s.verb is not None and i > s.verb):
            found.append((i, (words[i], nxt)))
    if "24/7" in g.text:
        found.append((g.start, ("24/7",)))
    if (zero := _ZERO.search(" ".join(g.action))) and not _counts(g):
        said = zero.group().split()
        said = said if len(said) <= 3 else [said[0], "…", said[-1]]
        return CriterionResult(
            "achievable", False, f"'{' '.join(said)}' promises it will not happen once, which leaves no room for a "
                                 "bad day.", "Aim at a rate you can check, such as 'no more than one in the next "
                                             "three months', or at a habit that prevents it.")
    if found:
        i, phrase = min(found)
        shown = "24/7" if phrase == ("24/7",) else g.quote(i, len(phrase))
        return CriterionResult(
            "achievable", False,
            f"'{shown}' sets a bar no one can clear every time, so the goal is out of reach as written.",
            "Set a level you can reach and check, for example 'in at least four of five handovers' or 'the "
            "three cases my mentor picks'.")
    action_text = g.text[:g.tokens[g.action_end].start] if g.action_end < len(g.tokens) else g.text
    months = max(horizon, 1) / 30 if horizon is not None else None
    for m in _PERCENT.finditer(action_text):
        value = int(m.group(1))
        if value > 100 or (value >= 100 and re.search(r"\b(?:cut|reduce|eliminate|lower)\b", action_text.lower())):
            return CriterionResult("achievable", False, f"'{m.group()}' is more than can be changed.",
                                   "Use a share you could reach, or a plain count.")
        if value >= 100 and months is not None and months <= 3:
            return CriterionResult("achievable", False,
                                   f"'{m.group()}' in about {horizon} days is far more change than one person "
                                   "can bring about.", "Aim for a smaller first step, or give yourself longer.")
    zero = re.search(r"\b(?:reduce|cut|bring|get|drive|lower)\b(?:\s+[a-z'-]+){1,4}?\s+(?:down\s+)?to\s+"
                     r"(?:zero|nil|0)\b", action_text.lower())
    if zero and _ZERO_TARGETS & set(zero.group().split()):
        return CriterionResult(
            "achievable", False, f"'{zero.group()}' leaves no room for a single one, which no one can promise.",
            "Aim at a level you can check, such as halving it by a date.")
    factor = {"double": 2, "triple": 3, "quadruple": 4, "tenfold": 10}
    if (m := _GROWTH.search(action_text.lower())) and horizon is not None and \
            (horizon <= 45 or (factor[m.group(1)] >= 3 and horizon <= 90) or (factor[m.group(1)] >= 5 and
                                                                              horizon <= 365)):
        return CriterionResult("achievable", False,
                               f"To {m.group()} it in about {horizon} days is far beyond what one person can do.",
                               "Aim for a smaller rise first, or give yourself longer.")
    if (listed := _qualifications(g, s.verb, g.action_end)) >= 3 and s.bundle < 3 and \
            (horizon is None or horizon <= 400):
        return CriterionResult("achievable", False,
                               f"{listed} qualifications at once is years of study, not one goal's worth.",
                               "Choose the one that matters most now; the others can follow.")
    if s.bundle >= 3 and (horizon is None or horizon <= 400) and s.placeholder is None:
        return CriterionResult("achievable", False,
                               f"{s.bundle} separate aims at once is more than fits alongside your work.",
                               "Choose the one that matters most now; the others can follow.")
    if (beyond := _beyond_reach(g, s, horizon, action_text)) is not None:
        return beyond
    if horizon is not None and horizon >= 0 and (m := _LENGTH_OF.search(action_text.lower())):
        n, unit = _words_to_number(m.group(1)), m.group(2)
        if n is not None and n * _UNIT_DAYS[unit] > horizon + 1 and not _STEPS & set(m.group(3).split()):
            return CriterionResult(
                "achievable", False,
                f"'{' '.join(action_text[m.start():m.end()].split())}' lasts longer than the {horizon} days the goal "
                "gives it.", "Give it the time it takes, or aim at the part that fits before your date.")
    for i in _counts(g):
        value = int(words[i]) if words[i].isdigit() else _COUNT_WORDS.get(words[i], 0)
        if _PERCENT.match(g.text, g.tokens[i].start):
            continue  # "from 40% to 60% by the mock exams": a share, not a count of exams
        following = [w for k, w in enumerate(words[i + 1:min(i + 5, g.action_end)], i + 1) if not g.in_time[k]]
        heavy = next((w for w in following if w in _HEAVY_OUTPUTS), None)
        reading = s.verb is not None and words[s.verb] in _READING
        writing = s.verb is not None and words[s.verb] in ("write", "draft") and heavy not in _BIG_GOALS
        if heavy and writing and months is not None and 1 < value / max(months, 0.25) <= 2:
            return CriterionResult(
                "achievable", True,
                f"'{g.quote(i, following.index(heavy) + 2)}' in about {horizon} days may fit or not: it depends on "
                "how long each one is and how far along it is, which the goal does not say.", "",
                "How long is each one, how much is drafted already, and what else needs your time meanwhile?")
        if heavy and not reading and months is not None and value / max(months, 0.25) > 1 and value > 1:
            when = f" in about {horizon} day{'s' if horizon != 1 else ''}"
            return CriterionResult(
                "achievable", False,
                f"'{g.quote(i, following.index(heavy) + 2)}'{when} is far more than one person can do alongside "
                "their work.", "Pick a first step that fits the time, such as one paper drafted, or give yourself "
                               "longer.")
        weight = following[:1] == ["kg"] or following[:1] == ["kilos"] or following[:1] == ["pounds"]
        if weight and months is not None and value / max(months, 0.25) > 4:
            return CriterionResult("achievable", False, f"'{g.quote(i, 2)}' in about {horizon} days is not safe "
                                                        "or realistic.", "Choose a slower, safer pace.")
        if heavy and not reading and months is None and value > 12:
            return CriterionResult("achievable", False, f"'{g.quote(i, 2)}' is far more than one person can do.",
                                   "Pick a first step, such as one paper drafted.")
    if (tight := _too_much_work(g, s, horizon)) is not None:
        return tight
    # a standing start said outright ("having never", "from scratch", "first-week"); "newly qualified" alone is
    # not one for a licence, since short courses end in certificates too
    beginner = bool(_STANDING_START.search(g.text.lower()) or _STANDING_START.search(g.context.role.lower()))
    level = next((i for i in action if words[i] in _MASTERY or (beginner and words[i] in _LICENCES)), None)
    if level is None and beginner:  # "HSK 6", "grade 8", "C1" from nothing: the upper rungs of a scale
        level = next((i for i in action if not g.in_time[i] and (_HIGH_LEVEL.fullmatch(
            g.text[g.tokens[i].start:g.tokens[min(i + 1, len(g.tokens) - 1)].end]) or _HIGH_LEVEL.fullmatch(
            g.text[g.tokens[i].start:g.tokens[i].end]))), None)
    entry = level is not None and words[level] in _LICENCES and (
        _ENTRY_LEVEL.search(" ".join(g.action)) is not None)
    if entry and horizon is not None and horizon < 180:
        return CriterionResult(
            "achievable", True,
            f"'{g.quote(level, 1)}' at an entry level can take a day's course or months of training; the goal does "
            "not say which.", "", "How long does this course or assessment take, and when is the next one?")
    if level is not None and horizon is not None and (horizon <= 62 or (beginner and horizon < 180)):
        start = " from where you start" if beginner else ""
        return CriterionResult(
            "achievable", False,
            f"'{g.quote(level, 2)}'{start} takes many months of practice, but the goal gives only "
            f"{max(horizon, 0)} days.", "Aim at the next level you can reach in that time, such as one module or "
                                        "a first assessment, or give yourself longer.")
    head = [k for k in range((s.verb or g.start) + 1, g.action_end) if not g.in_time[k]][:4]
    big = next((i for i in head if words[i] in _BIG_GOALS), None)
    finishing = big is not None and s.verb is not None and words[s.verb] in _FINISHING and \
        words[big] in _BUILT_UP and not (_STANDING_START.search(g.text.lower()) or
                                         {"whole", "entire", "publish", "published"} & set(g.action))
    if finishing and horizon is not None and horizon <= 62:
        return CriterionResult(
            "achievable", True,
            f"Whether '{g.quote(s.verb, big - s.verb + 1)}' fits in {max(horizon, 0)} days depends on how much of "
            "it is done already, which the goal does not say.", "",
            "How much of it is written or done already, and does what is left fit the time?")
    if big is not None and horizon is not None and (horizon <= 62 or (_BEGINNER.search(g.text.lower())
                                                                       and horizon < 120)):
        return CriterionResult(
            "achievable", False,
            f"'{g.quote(big, 2)}' takes many months, but the goal gives itself only {max(horizon, 0)} days.",
            "Aim at the next step you can finish in that time, or move the target date further out.")
    if s.verb is not None and words[s.verb] in _WHOLE_PROBLEM_VERBS and _whole_problem(g, s):
        return CriterionResult(
            "achievable", False,
            f"'{g.quote(s.verb, 2)}' names a problem for the whole world, not one a person can settle alone.",
            "Aim at your part in it, such as one study, one clinic or one project, with a date.")
    senior = any(w in _SENIOR_ROLES for w in words[g.start:g.action_end])
    if s.outcome_role and horizon is not None and horizon < (730 if senior else 365) and \
            any(w in _ROLE_WORDS - {"mentor", "nurse"} for w in words):
        return CriterionResult(
            "achievable", False,
            f"'{g.quote(s.verb or g.start, 5)}' in about {horizon} days skips the years of steps such roles take.",
            "Aim at the next step on the way, such as a course, an acting-up period or an application.")
    if s.outcome_role and s.verb is not None and g.words[s.verb] == "win" and horizon is not None and horizon <= 90:
        return CriterionResult(
            "achievable", False,
            f"'{g.quote(s.verb, 4)}' is decided by others, and {max(horizon, 0)} days leaves no time to build the "
            "case for it.", "Aim at what you can do towards it, such as entering or being nominated, or give it "
                            "longer.")
    if (sooner := _sooner_than_planned(g, s, horizon)) is not None:
        return sooner
    question = ""
    if s.outcome_role and horizon is None:
        question = "Others decide this: what will you do towards it, and by when?"
    if horizon is None and (_counts(g) or any(w in _HEAVY_OUTPUTS for w in g.action)):
        question = "How long will this take alongside your other work, starting from where you are now?"
    support = " ".join((g.goal.resources or "").split())
    reason = "Nothing in it sounds out of reach: no 'always', 'never' or 'all', and the amount fits the time."
    if question:
        reason = "Nothing in it sounds out of reach, but without a time frame the amount cannot be weighed."
    if support:
        reason += " You have named the support you will draw on."
    return CriterionResult("achievable", True, reason, "", question)


#: Where a vision's separate wishes part: "become MRICS in 2028 and run the commercial side".
_VISION_PARTS = re.compile(r"[.;!?]\s|\n|,?\s+(?:and|then|but|while)\s+|,\s+")
#: Words of a step on the way rather than the arrival: "sit a mock", "draft chapter 2", "apply for".
_STEPS = frozenset({"mock", "mocks", "practice", "practise", "draft", "drafts", "apply", "application", "plan",
                    "prepare", "start", "begin", "enrol", "enroll", "register", "book", "research", "shadow",
                    "observe", "observed", "module", "modules", "unit", "units", "chapter", "step", "steps", "meet",
                    "ask", "talk", "discuss", "list", "find", "read", "attend", "sign", "outline", "attempt", "pilot",
                    "portfolio", "log", "record", "review", "revise", "revision", "study", "course", "one", "first",
                    "part", "session", "sessions", "weekly", "monthly", "every", "each", "towards", "toward",
                    "interview", "mentor", "trial", "case", "evidence", "submission"})


#: A piece of work that says how long it lasts: "a 10-day Lean Six Sigma Black Belt", "the 12-week course".
_LENGTH_OF = re.compile(r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twelve)-(day|week|month|year)"
                        r"\b((?:\s+[a-z0-9+'-]+){0,4}?\s+(?:course|programme|program|diploma|belt|degree|"
                        r"qualification|apprenticeship|bootcamp|certificate|certification|training|placement))\b")
#: Verbs of arriving where the vision points: passing, becoming, leading, finishing.
_ARRIVALS = frozenset({"pass", "get", "gain", "become", "be", "qualify", "achieve", "obtain", "earn", "secure",
                       "land", "win", "own", "finish", "complete", "lead", "write", "install", "report",
                       "commission", "run", "chair", "manage", "validate", "chart", "publish", "open", "launch"})


@lru_cache(maxsize=64)
def _long_plans(vision: str, today: dt.date, order: str) -> tuple[tuple[str, int, frozenset[str]], ...]:
    """The wishes in a vision that give themselves a year or more: (the words, shortened for a message; the days
    they allow; their topics). Worked out once per vision and day, not on every keystroke of a goal."""
    plans = []
    for part in _VISION_PARTS.split(vision):
        part = " ".join(part.split())
        planned = _horizon_days(_read(SmartGoal(text=part), today, GoalContext(date_order=order)))
        if planned is not None and planned >= 365:
            shown = part.strip(" ,.;")
            shown = shown if len(shown) <= 90 else shown[:89].rstrip() + "…"
            plans.append((shown, planned, frozenset(t for t in _topics(part) if not t.startswith("#"))))
    return tuple(plans)


def _sooner_than_planned(g: _Goal, s: _Shape, horizon: int | None) -> CriterionResult | None:
    """A goal that asks for what the person's own vision places years away within a fraction of that time:
    "Pass the APC by June" from someone who wrote "become MRICS through the APC in 2028"."""
    vision = g.context.vision.strip()  # a development note and reflections, one to a line
    if horizon is None or horizon < 0 or not vision or _STEPS & set(g.action) or s.verb is None or \
            g.words[s.verb] not in _ARRIVALS:
        return None
    action = [w for k, w in enumerate(g.words[g.start:g.action_end], g.start) if not g.in_time[k]]
    wanted = {t for t in _topics(" ".join(action)) if not t.startswith("#")}
    for shown, planned, topics in _long_plans(vision, g.today, g.context.date_order):
        if horizon > planned / 3:
            continue
        shared = wanted & topics
        # "Pass CeMAP 1": a numbered part of what the vision names is a step on the way
        part_of = any(_stem(w) in shared and _is_digits(n) for w, n in pairwise(g.words[s.verb + 1:]))
        if shared and not part_of:
            return CriterionResult(
                "achievable", False,
                f"You wrote '{shown}', about {planned // 30} months from now; this goal asks for it in about "
                f"{horizon} days.", "Aim at the step on the way that fits this time, and keep the whole of it "
                                    "for the date you set yourself.")
    return None


def _said(g: _Goal, match: re.Match[str], more_words: int = 0) -> str:
    """What the person wrote where a pattern matched their lower-cased goal, in their own spelling and with
    up to ``more_words`` following words ("make the lads respect" -> "Make the lads respect me")."""
    end = match.end()
    for _ in range(more_words):
        if (nxt := re.match(r"\s*[^\s,;.]+", g.text[end:])) is None:
            break
        end += nxt.end()
    return " ".join(g.text[match.start():end].split())


def _aims_at_a_whole_place(g: _Goal, head: int | None) -> bool:
    """Whether the object is a whole place or institution itself ("the NHS", "government"), not a thing in it
    ("the NHS app's sign-in page")."""
    if head is None or g.words[head] not in _WIDE_PLACES:
        return False
    after = head + 1
    return after >= g.action_end or g.in_time[after] or g.words[after] in _PREPOSITIONS | {",", ";", "and"}


def _whole_problem(g: _Goal, s: _Shape) -> bool:
    """Whether the goal aims at a problem for the whole world or a whole city ("cure cancer", "eliminate
    homelessness in the city"): a result many people bring about over years, not one person's action."""
    words = g.words
    if s.verb is None:
        return False
    rest = [k for k in range(s.verb + 1, g.action_end) if not g.in_time[k]]
    head = next((k for k in rest if words[k] not in _DETERMINERS), None)
    if words[s.verb] in _REFORMING and _aims_at_a_whole_place(g, head):
        return True  # "fix the NHS", "improve government"
    if words[s.verb] not in _WHOLE_PROBLEM_VERBS | {"eliminate", "end"}:
        return False
    if any(words[k] in _WIDE_PLACES for k in rest):
        return True
    return words[s.verb] in _WHOLE_PROBLEM_VERBS and bool(rest) and words[rest[0]] not in _DETERMINERS and \
        not _is_digits(words[rest[0]]) and not any(words[k] in _PREPOSITIONS for k in rest)


#: Other people's feelings or results promised for every one of them: no one can make them happen.
_EVERYONE_ELSE = re.compile(
    r"\b(?:(?:make|have|get|ensure)\s+(?:sure\s+)?(?:that\s+)?|see\s+(?:to\s+it\s+)?that\s+)"
    r"(?:every|all|each|everyone|everybody)\b"
    r"(?:\s+(?:\d[\d,]*|of|my|our|the|single|one|[a-z0-9-]+)){0,4}?\s+(?:students|pupils|patients|staff|team|"
    r"children|child|kids|learners|trainees|mentees|clients|customers|colleagues|members|readers|families|"
    r"parents|residents|people|person|employees|reports|academics|nqps|apms|graduates|apprentices|interns|"
    r"volunteers|officers|nurses|doctors|teachers|tenants|workers|drivers|agents|academic|learner|student|pupil|"
    r"patient|member|tenant|client|customer|colleague|employee|nurse|doctor|teacher|officer|volunteer)\b")
#: Other people, as the subject of what the goal promises: "make the lads respect me", "stop my learners
#: dropping out", "get clients to stop lowballing", "make sure my registrar passes".
_OTHERS = (r"(?:clients?|customers?|managers?|lads|kids|children|students?|pupils?|learners?|apprentices?|team|"
           r"staff|operators?|ratings|council|patients?|registrars?|volunteers?|colleagues?|members|trainees?|"
           r"mentees?|boss|everyone|everybody|people|juniors?|parents|families|users|readers|audience|class|"
           r"crew|crews|engineers?|nurses?|doctors?|officers?|tenants|residents|suppliers?|funders?|board|"
           r"government|weather|market|product\s+managers|warehouse\s+managers|[a-z]+\s+managers|nqps|apms|"
           r"academics|graduates|interns)")
_OTHERS_DO = re.compile(
    rf"\b(?:make|get)\s+(?:my|the|our|all|every|these|those|his|her)?\s*(?:[a-z-]+\s+){{0,2}}?{_OTHERS}\s+"
    r"(?:to\s+)?(?:actually\s+|really\s+)?(?:love|like|enjoy|respect|trust|behave|listen|read|pay|stop|start|"
    r"speak|feel|fix|agree|want|care|value|notice|come|stay|turn\s+up|show\s+up|understand|follow|use|buy|"
    r"choose|accept|approve|pass|improve|change|do|be|become|take)\b"
    rf"|\bstop\s+(?:my|the|our|all)?\s*(?:[a-z-]+\s+){{0,1}}?{_OTHERS}\s+(?:from\s+)?[a-z]+ing\b"
    r"|\bmake\s+sure\s+(?:that\s+)?(?:none|nobody|no\s+one|no-one)\b"
    rf"|\bmake\s+sure\s+(?:that\s+)?(?:(?:my|the|our)\s+)?(?:[a-z-]+\s+){{0,1}}?{_OTHERS}\s+"
    r"(?:passes|pass|stays|stay|gets|get|never|always|is|are|feels|feel|likes|like|loves|love)\b"
    # "make my APMs great PMs", "get my client on the front page of the FT"
    rf"|\bmake\s+(?:my|our|the)\s+{_OTHERS}\s+(?:into\s+)?(?:great|better|good|brilliant|excellent|"
    r"outstanding|confident|happy|happier|successful|the\s+best)\b"
    r"|\bget\s+(?:my|our|the)\s+(?:[a-z-]+\s+)?(?:clients?|customers?|story|stories|brand)\s+(?:on|onto|into)\s+"
    r"(?:the\s+)?(?:front|cover|news|telly|tv|radio|headlines?|bbc|ft|times|papers?)\b")


def _others_decide(g: _Goal) -> re.Match[str] | None:
    """Where the goal promises what other people will do, feel or reach: not the person's own action (specific)
    and not in their power (achievable)."""
    lower = g.text.lower()
    return _EVERYONE_ELSE.search(lower) or _OTHERS_DO.search(lower)


#: Doing it all oneself: the amount is weighed against one pair of hands.
_ALONE = re.compile(r"\b(?:personally|on\s+my\s+own|by\s+myself|single-handed(?:ly)?|alone)\b")
#: Audiences counted in hundreds of thousands: they grow over years, not within months.
_AUDIENCE = frozenset({"followers", "subscribers", "views", "downloads", "likes", "listeners", "readers", "users",
                       "signups", "sign-ups", "members", "customers", "fans", "connections"})


def _many(g: _Goal, horizon: int | None) -> CriterionResult | None:
    """Very large amounts of anything: many a day, an audience of hundreds of thousands within a year, or
    hundreds of items done by one person's own hands within months."""
    lower = g.text.lower()
    counts = [(i, float(g.words[i].replace(",", ""))) for i in _counts(g) if _is_digits(g.words[i].replace(",", ""))]
    millions = re.search(r"\b(\d+(?:\.\d+)?)\s*(?:million|m)((?:\s+[a-z-]+){1,3})", lower)
    if millions and set(millions.group(2).split()) & _AUDIENCE and (horizon is None or horizon <= 365):
        return CriterionResult(
            "achievable", False, f"'{millions.group()}' is an audience that takes years to grow, not months.",
            "Aim for a rise you could reach by then, such as the next thousand, or give it longer.")
    for i, value in counts:
        after = g.words[i + 1:min(i + 4, len(g.words))]
        if value >= 100_000 and set(after) & _AUDIENCE and (horizon is None or horizon <= 365):
            return CriterionResult(
                "achievable", False, f"'{g.quote(i, 2)}' is an audience that takes years to grow, not months.",
                "Aim for a rise you could reach by then, or give it longer.")
        rate = re.match(r"\s*(?:[a-z-]+\s+){0,3}?(?:a|per|each)\s+(?:working\s+)?(?:day|shift)\b",
                        lower[g.tokens[i].end:])
        if rate and value >= 300 and not set(after) & _SMALL_UNITS:
            return CriterionResult(
                "achievable", False, f"'{g.quote(i, 2)}' a day is more than one person can handle.",
                "Set a daily number you could keep up on a busy day.")
        if _ALONE.search(lower) and value >= 100 and horizon is not None and horizon <= 180 and \
                value / max(1, round(max(horizon, 1) * 5 / 7)) > 10:
            return CriterionResult(
                "achievable", False, f"'{g.quote(i, 2)}' by your own hands in about {max(horizon, 0)} days is more "
                                     "than one person can do.", "Share the work out, or take on a part that fits.")
    return None


def _beyond_reach(g: _Goal, s: _Shape, horizon: int | None, action_text: str) -> CriterionResult | None:
    """Scale against time and starting point: a pace of hands-on work no one keeps up, a prize or verdict
    others give after their own process, a problem the size of a city or a continent, a degree or a senior
    post years away from where the person starts, errors stopped for good."""
    words, lower = g.words, action_text.lower()
    action = set(words[g.start:g.action_end])
    if prize := _TOP_PRIZES & action:
        return CriterionResult(
            "achievable", False, f"A {sorted(prize)[0].capitalize()} prize goes to a handful of people in the world; "
                                 "no plan can promise one.",
            "Aim at the work that could one day earn it, such as one study finished and published.")
    if s.negative and _ERRORS & action and not _counts(g) and not _PERCENT.search(action_text):
        return CriterionResult(
            "achievable", False, "Stopping errors for good leaves no room for a bad day: no one can promise none.",
            "Aim at a rate you can check, such as 'no more than one error in my next 100 drug rounds', or a habit "
            "that prevents them.")
    wide = next((i for i in range(g.start, g.action_end) if words[i] in _WIDE_PLACES and not g.in_time[i]), None)
    head = next((k for k in range(s.verb + 1, g.action_end) if words[k] not in _DETERMINERS), None) \
        if s.verb is not None else None
    if wide is not None and s.verb is not None and (
            words[s.verb] in _WHOLE_PROBLEM_VERBS | {"eliminate", "end"} or
            (words[s.verb] in _REFORMING and _aims_at_a_whole_place(g, head)) or
            {"every", "all"} & set(words[s.verb:wide])):
        return CriterionResult(
            "achievable", False, f"'{g.quote(s.verb, wide - s.verb + 1)}' is the work of many people over years, "
                                 "not one person's goal.",
            "Aim at your part in it, such as one clinic, one school or one project, with a date.")
    if (others := _others_decide(g)) is not None:
        return CriterionResult(
            "achievable", False, f"'{_said(g, others, 2)}' depends on what others do, feel or decide, which "
                                 "no one can promise.",
            "Aim at what you will do for them, such as one extra reading session a week, and at a share of them.")
    if (many := _many(g, horizon)) is not None:
        return many
    if horizon is None:
        return None
    if (step := _CAREER_STEP.search(lower)) is not None and horizon < 365:
        return CriterionResult(
            "achievable", False, f"'{_said(g, step)}' in about {max(horizon, 0)} days: a promotion, "
                                 "a post or a business of your own is decided over a year or more, by more people "
                                 "than you.",
            "Aim at the next step in your hands, such as the application, the case for it or the plan, with a date.")
    for m in _LEVEL_STEPS.finditer(lower):
        steps = _words_to_number(m.group(1).split()[-1]) or 1
        if horizon < 90 * steps:
            return CriterionResult(
                "achievable", False, f"Moving '{m.group()}' takes months of teaching and practice, but the goal "
                                     f"gives only {max(horizon, 0)} days.", "Aim for part of a level, or give it "
                                                                            "longer.")
    stages = _exam_stages(lower)
    if stages >= 2 and horizon < 90 * stages and ({"pass", "sit", "take", "exam", "exams", "complete"} & action):
        return CriterionResult(
            "achievable", False, f"{stages} stages of one exam in about {max(horizon, 0)} days leaves no time to "
                                 "prepare for each, nor to wait for one result before the next.",
            "Aim at the next stage only, with the date you will sit it.")
    if s.verb is not None and words[s.verb] in ("get", "have") and _VERDICTS & action and horizon <= 90:
        return CriterionResult(
            "achievable", False, f"'{g.quote(s.verb, 5)}' is a verdict others reach by their own process, and "
                                 f"{max(horizon, 0)} days leaves no time to change what they judge.",
            "Aim at what you can change and show by then, and let the verdict follow.")
    if s.verb is not None and words[s.verb] == "publish" and horizon <= 120 and not _counts(g) and \
            (_HEAVY_OUTPUTS | {"report", "journal", "review", "letter"}) & action:
        return CriterionResult(
            "achievable", False, f"Being published is decided by a journal's review, which takes months; "
                                 f"{max(horizon, 0)} days leaves no time for it.",
            "Aim at submitting it by then, which is in your hands.")
    if s.verb is not None and words[s.verb] == "publish":
        # each piece waits months for a journal's review: several within a few months cannot all come through
        many = [_words_to_number(words[i]) or 0 for i in _counts(g) if
                _HEAVY_OUTPUTS & set(words[i + 1:min(i + 4, g.action_end)])]
        if many and max(many) >= 2 and horizon < 120 * max(many):
            return CriterionResult(
                "achievable", False, f"Each of {max(many)} pieces waits months for a journal's review; about "
                                     f"{max(horizon, 0)} days is not enough for all of them to come out.",
                "Aim at submitting them by then, which is in your hands, and at one accepted.")
    money = [_amount(m.group(1), m.group(2)) for m in re.finditer(
        r"[$£€]\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(m\b|k\b|million\b)?", lower)]
    money += [_amount(m.group(1), "m") for m in re.finditer(r"\b(\d+(?:\.\d+)?)\s+million\b", lower)]
    if money and max(money) >= 1_000_000 and horizon <= 90 and not (_FROM_TO.search(lower) or _UP_FROM.search(lower)):
        return CriterionResult(
            "achievable", False, f"Millions within {max(horizon, 0)} days is far beyond what one person can bring in.",
            "Aim for a sum you could reach by then, or give it longer.")
    # a pace of hands-on work: so many a day, said outright or worked out from a count and the working days
    rate = _RATE.search(lower)
    for i in _counts(g):
        if not _is_digits(words[i]) or _PERCENT.match(g.text, g.tokens[i].start):
            continue
        after = [w for w in words[i + 1:min(i + 6, g.action_end)] if w not in _PREPOSITIONS | {",", ";", ":"}]
        if after[:1] == ["them"]:  # "every window in the block, 300 of them": the noun came first
            after = words[max(g.start, i - 6):i]
        kind = next(("hands-on" if w in _HANDS_ON else "encounters" for w in after[:4]
                     if w in _HANDS_ON | _ENCOUNTERS), None)
        if kind is None and s.verb is not None and words[s.verb] in ("perform", "undertake") and after:
            kind = "hands-on"
        if kind is None:
            continue
        if rate and rate.group(1) == words[i]:
            per_day = float(words[i])
        elif rate:
            continue
        else:
            per_day = float(words[i]) / max(1, round(max(horizon, 1) * 5 / 7))
        if per_day > _MOST_A_DAY[kind]:
            return CriterionResult(
                "achievable", False, f"'{g.quote(i, 2)}' comes to about {per_day:.0f} a working day, more than "
                                     "anyone can do well alongside everything else.",
                "Set a pace you could keep on a busy day, or give it longer.")
        break
    # a degree from enrolling, or a senior post from near the bottom of the ladder
    junior = bool(_JUNIOR.search(g.context.role.lower()) or _BEGINNER.search(g.text.lower()))
    object_head = [k for k in range((s.verb or g.start) + 1, g.action_end) if not g.in_time[k]][:4]
    degree = next((words[k] for k in object_head if words[k] in _DEGREE_YEARS and
                   words[k + 1:k + 2] not in (["student"], ["students"], ["project"], ["supervisor"])), None)
    finishing = s.verb is not None and words[s.verb] in _FINISHING
    if degree and s.verb is not None and \
            words[s.verb] not in ("supervise", "teach", "write", "draft", "mark", "examine", "apply") and \
            horizon < 0.9 * 365 * _DEGREE_YEARS[degree]:
        years = _DEGREE_YEARS[degree]
        if not _STANDING_START.search(g.text.lower()):  # it may be well under way: ask rather than fail
            return None if finishing else CriterionResult(
                "achievable", True, f"'{g.quote(words.index(degree, g.start), 1)}' takes at least {years} year"
                                    f"{'s' if years > 1 else ''} from enrolling; whether {max(horizon, 0)} days is "
                                    "enough depends on how far along you are.", "",
                "Are you enrolled already, and how much of it is done?")
        return CriterionResult(
            "achievable", False, f"'{g.quote(words.index(degree, g.start), 1)}' takes at least {years} year"
                                 f"{'s' if years > 1 else ''} from enrolling, but the goal gives "
                                 f"{max(horizon, 0)} days.", "Aim at the next step, such as applying or one module "
                                                             "done, or give it longer.")
    target = next((k for k in range(g.start, g.action_end) if words[k] in _ROLE_WORDS | _SENIOR_ROLES and
                   re.search(r"\b(?:become|becoming|be|being|get|made|promoted|appointed|to)\b",
                             " ".join(words[max(g.start, k - 6):k]))), None)
    if target is None and s.outcome_role and s.verb is not None and words[s.verb] in ("become", "be") and \
            horizon < 365 and not _VOLUNTEER_POSTS & set(words[s.verb:g.action_end]):
        post = next((k for k in range(s.verb + 1, g.action_end) if words[k] not in _DETERMINERS), s.verb)
        return CriterionResult(
            "achievable", False, f"Becoming '{g.quote(post, min(4, g.action_end - post))}' in about "
                                 f"{max(horizon, 0)} days: a post is given by others, after an opening, an "
                                 "application and a decision, which rarely fit in under a year.",
            "Aim at the step in your hands, such as the application, an acting-up period or the course it needs.")
    if target is not None and not junior and (s.outcome_role or "being" in words[g.start:target]) and \
            horizon < (730 if words[target] in _SENIOR_ROLES else 365) and \
            not _VOLUNTEER_POSTS & set(words[g.start:g.action_end]):
        first = (s.verb + 1) if s.verb is not None and s.verb < target else target
        how_long = "a senior one rarely within two years" if words[target] in _SENIOR_ROLES else "rarely within a year"
        return CriterionResult(
            "achievable", False, f"'{g.quote(first, target - first + 1)}' in about {max(horizon, 0)} days: a post "
                                 "is given by others, after an opening, an application and a decision, and "
                                 f"{how_long}.",
            "Aim at the step in your hands, such as the application, an acting-up period or the course it needs.")
    if target is not None and junior and (s.outcome_role or "being" in words[g.start:target]):
        senior = words[target] in _SENIOR_ROLES
        if horizon < (1095 if senior else 365):
            return CriterionResult(
                "achievable", False, f"'{g.quote(target, 1)}' in about {max(horizon, 0)} days, from where you start, "
                                     "skips the years and the grades in between.",
                "Aim at the next step on the way, such as a course, an acting-up period or an application.")
    return None


_STAGE_LIST = re.compile(r"\b(?:part|level|stage)s?\s+((?:[ivx]+|\d)\b(?:\s*(?:,|and|&|to)\s*"
                         r"(?:(?:part|level|stage)\s+)?(?:[ivx]+|\d)\b)*)")


def _exam_stages(lower: str) -> int:
    """How many successive stages of one exam the goal lists: "Level I, II and III", "Part 1, Part 2"."""
    most = 0
    for m in _STAGE_LIST.finditer(lower):
        most = max(most, len(re.findall(r"\b(?:[ivx]+|\d)\b", m.group(1))))
    return most


def _amount(text: str, scale: str | None) -> float:
    if re.fullmatch(r"(?:19|20|21)\d\d", text) and not scale:
        return 0.0  # a year, not an amount
    return float(text.replace(",", "")) * {"k": 1000, "m": 1_000_000, "million": 1_000_000}.get(
        (scale or "").strip(), 1)


def _too_much_work(g: _Goal, s: _Shape, horizon: int | None) -> CriterionResult | None:
    """Amount against time: the hours the counted work takes against the hours there are, and a change
    from one figure to another against how long such change takes."""
    if horizon is None:
        return None
    action_text = g.text[g.tokens[g.start].start:g.tokens[g.action_end - 1].end].lower() \
        if g.action_end > g.start else ""
    for m in list(_FROM_TO.finditer(action_text)) + list(_UP_FROM.finditer(action_text)):
        a, b = _amount(m.group(1), m.group(2)), _amount(m.group(3), m.group(4))
        low, high = min(a, b), max(a, b)
        if low > 0 and ((high / low >= 5 and horizon <= 365) or (high / low >= 3 and horizon <= 90)):
            return CriterionResult(
                "achievable", False,
                f"Going from {m.group(1)}{m.group(2) or ''} to {m.group(3)}{m.group(4) or ''} is a change of "
                f"{high / low:.0f} times in about {max(horizon, 1)} days: far more than such figures move in that "
                "time.", "Aim for a smaller step first, or give yourself longer.")
    if s.verb is None:
        return None
    available = _HOURS_A_DAY * max(horizon, 1)
    for m in _DOCUMENT_SIZE.finditer(action_text):
        size = float(m.group(1).replace(",", ""))
        hours = size * (1.0 if m.group(2) == "page" else 1 / 500)  # about a page, or 500 words, an hour
        if hours > 3 * available:
            return CriterionResult(
                "achievable", False,
                f"A {m.group()} piece is about {hours:.0f} hours of writing, with about {available} hours in "
                f"{max(horizon, 1)} day{'s' if horizon > 1 else ''}.", "Aim at a part of it, such as one section, "
                                                                     "or give yourself longer.")
    words = g.words
    for i in range(s.verb + 1, min(s.verb + 5, g.action_end)):
        money = g.text[max(0, g.tokens[i].start - 1):g.tokens[i].start] in ("$", "£", "€")
        if g.in_time[i] or not _is_digits(words[i]) or words[i - 1] in ("from", "to", "than") or money:
            continue
        value = float(words[i])
        after = [w for w in words[i + 1:min(i + 5, g.action_end)]]
        if _CADENCE.match(" ".join(after)) or any(w in ("a", "each", "every", "per") for w in after[:3]):
            return None  # "40 calls a day": a rate, weighed elsewhere
        kinds = _PEOPLE | _PIECES | _RECORDS | _SMALL_UNITS
        noun = next((w for w in after if w in kinds or w in _HOURS_PER), None)
        if noun is None and words[s.verb] in _PIECES:
            noun = words[s.verb]  # "interview 60 candidates": the verb names the piece of work
        if noun in _HOURS_PER:
            hours = value * _HOURS_PER[noun]
        elif noun in _SMALL_UNITS:
            hours = value / 60
        else:
            hours = value * (3.0 if noun in _PIECES else 0.5 if noun in _PEOPLE else 0.25 if noun in _RECORDS
                             else 1 / 12)
        if hours > 3 * available:  # only what is out of reach by any reckoning
            return CriterionResult(
                "achievable", False,
                f"'{g.quote(i, 3)}' is about {hours:.0f} hours of work, with about {available} hours in "
                f"{max(horizon, 1)} day{'s' if horizon > 1 else ''} even if little else got done.",
                "Take on a share that fits the time, or give yourself longer.")
        return None
    return None


#: Words of working life: a goal that names one of these is about the person's work.
_WORK_TEXT = """
ward wards patient patients clinic clinical clinician hospital trust nhs nursing nurse nurses medication medicine
medical doctor doctors registrar consultant rotation shift shifts handover handovers discharge rounds round theatre
surgery surgical procedure procedures diagnosis prescription prescriptions prescribing pharmacy pharmacist
care carer families family referral referrals readmissions safeguarding triage infection sepsis audit re-audit
competency competencies portfolio logbook e-portfolio cpd revalidation appraisal membership mrcp boards exam exams
examination sitting research researcher study studies data statistics analysis method methods manuscript paper
papers journal publication publications publish abstract abstracts poster posters thesis phd dissertation
grant grants fellowship funding ethics lab laboratory experiment experiments participants recruitment cohort
literature review peer-reviewed conference conferences congress society committee council webinar webinars
newsletter network networking collaboration lecture lectures lecturer teaching teacher teach students student
pupils class classroom lesson lessons course courses module modules curriculum seminar seminars semester term
school grade graders homeroom behavior behaviour literacy tutor tutoring assessment professor promotion promoted
tenure department faculty university college academic mentor mentee mentoring mentors supervisor supervision
supervisee colleague colleagues team teams staff manager managers management leadership leader lead director
board meeting meetings agenda huddle huddles hr onboarding hiring hire recruitment grievance grievances
absence policy policies appraisal workforce retention engagement managers interview interviews candidates
client clients customer customers sales account accounts invoice invoices supplier suppliers budget budgets
finance financial spend audit tax law legal solicitor trial trials court hearing case cases caseload billable
bill cpa acca accounting partner firm office project projects deadline deadlines report reports reporting
code coding software developer developers engineering engineer platform api service services backlog bugs bug
sprint release releases production deployment latency unit coverage kubernetes cka python rust pandas
pull requests open-source source repository database observability on-call payments billing
charity volunteers volunteer donors donor outreach fundraising site sites safety inspection construction
career job role roles post professional profession practice quality skills skill responsibility
responsibilities workload work calls emails email feedback presentation presentations talk talks workshop
workshops training certificate certification qualification licence license cv visits visit community
spectrometers calibrate samples instruments analysts peer-review volunteering induction elearning e-learning
guideline guidelines protocol protocols checklist toolkit leaflet handbook rota rotas triage evidence-based
dosage dose doses drug drugs inbox
admin paperwork office desk shop store branch warehouse depot station unit organisation organization company
business contract contracts stakeholder stakeholders ticket tickets product products salon menu apprentice
apprenticeship secondment posting diploma stock asset assets register diagnostics vehicle vehicles tools
"""
_WORK_WORDS = frozenset(_WORK_TEXT.split())
_STOP_TEXT = """a an the and or but of to in on at by for with from into about my our your their his her its
i we you they he she it me us them this that these those be is am are was were been being will would shall should
can could may might must do does did doing done have has had having get gets got make makes made take takes took
set up out over more most less some any each every all no not so as than then too very just also one two three
four five six seven eight nine ten what which who whom whose when where why how there here next last first new
own other such only same way week weeks month months year years day days time times before after until within
"""
_STOP = frozenset(_STOP_TEXT.split())


#: Words of life outside work: a goal built on these needs a stated link to count as development.
#: Kinds of session that are work or leisure according to the word before them ("salsa lessons").
_SESSIONS = frozenset({"lesson", "lessons", "class", "classes", "course", "courses", "session", "sessions", "club",
                       "clubs", "tournament", "competition", "retreat"})
_PERSONAL = frozenset({"juggle", "juggling", "guitar", "piano", "song", "songs", "film", "films", "movie", "movies",
                       "marvel", "kitchen", "house", "home", "garden", "driving", "10k", "5k", "marathon", "kg",
                       "weight", "books", "novel", "novels", "holiday", "vacation", "sleep", "diet", "gym", "hobby",
                       "repaint", "decorate", "wedding", "late", "disorganised", "disorganized", "netflix", "tv",
                       "fit", "bake", "baking", "loaf", "sourdough", "cake", "cakes", "cook", "cooking", "recipe",
                       "recipes", "knit", "knitting", "travel", "trip", "golf", "football", "tennis", "fishing",
                       "gaming", "video", "games", "crossword", "allotment", "dog", "cat", "puppy", "bedroom",
                       "parents", "kids", "children's", "salsa", "chess", "triathlon", "yoga", "swim", "lengths",
                       "paint", "podcast", "ukulele", "barbecue", "bbq", "wine", "surf", "surfing",
                       "episode", "episodes", "boxset", "skiing", "ski", "climbing", "holidays", "meditation",
                       # errands and pastimes of private life
                       "passport", "parkrun", "motorbike", "motorcycle", "kennel", "decorating", "lounge",
                       "jumper", "vinted", "ebay", "pilates", "cycling", "hike", "hiking", "camping", "sewing",
                       "photography", "pottery", "dance", "dancing", "horse", "riding", "quiz", "sailing",
                       # instruments, sports, games and occasions of private life
                       "cello", "violin", "viola", "drums", "saxophone", "flute", "trumpet", "banjo", "harmonica",
                       "tunes", "ultramarathon", "ultramarathons", "paddleboard", "paddleboarding", "kayak",
                       "kayaking", "canoe", "canoeing", "scuba", "snowboarding", "skateboarding", "netball",
                       "darts", "snooker", "poker", "bingo", "karaoke", "sudoku", "wordle", "jigsaw", "lego",
                       "crochet", "quilting", "embroidery", "watercolour", "watercolours", "watercolor",
                       "watercolors", "birdwatching", "lottery", "shopping", "birthday", "seasons", "stone",
                       "bike", "bicycle", "munros", "fantasy", "swimming", "chillies", "windowsill", "boiler",
                       "wardrobe", "dentist", "valorant", "fortnite", "minecraft", "playstation", "xbox",
                       # how one feels and looks off duty, and more errands
                       "happier", "happiness", "fitter", "thinner", "slimmer", "fun", "telly", "skydive",
                       "skydiving", "sofa", "nails", "drawer", "dj", "bungee", "tattoo", "haircut"})
#: Words that carry a domain rather than name one: a course, an exam, a licence or a teacher's training is
#: about work only if what it teaches is ("the wine course", "my motorbike licence" are not).
_VEHICLES = frozenset({"course", "courses", "exam", "exams", "examination", "licence", "license", "certificate",
                       "certification", "qualification", "training", "train", "teacher", "teach", "programme",
                       "program", "award", "post", "posts", "lesson", "lessons", "class", "classes", "test",
                       "club", "level", "diploma", "session", "sessions", "practice"})


#: Someone or something of the person's private life: a goal done for them belongs outside a development plan.
_PRIVATE_CIRCLE = re.compile(
    r"\b(?:my|our|his|her)\s+(?:(?:little|big|elder|older|younger|best|twin|\w+-in-law|whole)\s+)?"
    r"(?:sister|brother|daughter|son|nephew|niece|cousin|neighbou?r|flatmate|roommate|housemate|husband|wife|"
    r"mum|mom|mother|dad|father|grand(?:ma|pa|mother|father|parents?|children|child|son|daughter)|boyfriend|"
    r"girlfriend|fianc[eé]e?|family|car|mortgage|credit\s+card|partner(?!\s+(?:at|in|on|firm|organi[sz]ation|school|"
    r"agency|practice|trust|university|company|charity)))(?:'s|’s|s)?\b"
    # "Mum's visit" (but not "every new mum's home": a midwife's or a health visitor's work)
    r"|(?<!new\s)(?<!the\s)(?<!a\s)(?<!each\s)(?<!every\s)(?<!young\s)(?<!first-time\s)(?<!expectant\s)"
    r"\b(?:mum|mom|dad|nan|nana|gran|granny|grandma|grandad|grandpa)(?:'s|’s)\s")
#: A private occasion, also a colleague's: "organise my colleague's retirement party".
_PRIVATE_OCCASION = re.compile(r"\b(?:birthday|retirement|leaving|engagement|surprise|hen|stag|house-?warming|"
                               r"wedding)\s+(?:party|parties|drinks|dinner|meal|present|gift|card)\b")
#: Someone else's chores done for them: "do my manager's expense claims for her".
_OTHERS_CHORES = re.compile(r"\b(?:do|sort|sort\s+out|organi[sz]e|tidy|file|type\s+up|book|fetch|pay|fill\s+in)\s+"
                            r"(?:all\s+)?(?:my|our)\s+(?:manager|supervisor|boss|colleague|director|lead|"
                            r"line\s+manager|team\s+leader|consultant|partner)(?:'s|’s)\s")
#: Uses of "life" that are work: resuscitation courses, care at the end of life, a product's life cycle.
_LIFE_AT_WORK = frozenset({"support", "care", "cycle", "cycles", "sciences", "science", "insurance", "skills"})


def _leisure(word: str) -> bool:
    """A word of private life, also as a part of a compound ("couch-to-5k") or done over ("redecorate")."""
    parts = [word, *word.split("-")] if "-" in word else [word]
    return any(p in _PERSONAL or (p.startswith("re") and p[2:] in _PERSONAL) for p in parts)


def _stem(word: str) -> str:
    word = word.lower().strip("'’-")
    for suffix in ("ations", "ation", "ings", "ing", "ness", "ment", "ies", "ied", "ers", "er", "ed", "es", "s",
                   "ly", "ive", "al"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word[:-1] if word.endswith("e") and len(word) > 4 else word  # "juggle" meets "juggling"


#: Everyday words for the same wish, so "run a 10k" meets "stay fit" and "Spanish" meets "English".
_THEMES: dict[str, frozenset[str]] = {
    "health": frozenset({"run", "10k", "5k", "marathon", "fit", "fitness", "exercise", "gym", "health", "healthy",
                         "well", "wellbeing", "sleep", "swim", "walk", "cycle", "burn", "burning", "energy"}),
    "language": frozenset({"spanish", "french", "german", "arabic", "polish", "urdu", "mandarin", "language",
                           "languages", "english", "speak", "interpreter", "bilingual"}),
    "music": frozenset({"music", "guitar", "piano", "song", "songs", "sing", "singing", "choir", "play"}),
    "vision": frozenset({"vision", "career", "future", "heading", "direction", "plan", "five-year"}),
    "listening": frozenset({"listen", "listening", "heard", "summarise", "summarize", "hear"}),
    "questions": frozenset({"question", "questions", "ask", "asking", "open"}),
    "feedback": frozenset({"feedback", "critique", "comments", "review"}),
    # professional domains whose everyday words differ from the name of the job
    "baking": frozenset({"bake", "baking", "baker", "bakery", "bread", "sourdough", "loaf", "loaves", "pastry",
                         "patisserie"}),
    "electrical": frozenset({"electrician", "electrical", "electric", "wire", "wiring", "rewire", "circuit",
                             "circuits", "socket", "sockets", "fuse", "fuseboard", "lighting"}),
    "driving": frozenset({"driving", "drive", "driver", "van", "lorry", "hgv", "district", "community",
                          "paramedic", "ambulance", "courier", "delivery"}),
}


_WORK_STEMS = frozenset(_stem(w) for w in _WORK_WORDS)


def _topics(text: str) -> set[str]:
    words = {w.word for w in _tokens(text)}
    out = {_stem(w) for w in words if w not in _STOP and len(w) > 2 and not _is_digits(w)}
    out |= {f"#{name}" for name, members in _THEMES.items() if words & members}
    return out


def _is_acronym(g: _Goal, i: int) -> bool:
    """NPS, CPD, RIBA: an organisation's or a profession's shorthand (not "I", not a shouted word)."""
    raw = g.text[g.tokens[i].start:g.tokens[i].end]
    return 2 <= len(raw) <= 5 and raw.isupper() and raw.isalpha() and not g.text.isupper()


#: Traits and feelings: a goal about one of these alone is about the person, not yet about their work.
_TRAITS = frozenset({"approachable", "shy", "confident", "confidence", "calm", "assertive", "assertiveness",
                     "organised", "organized", "resilient", "resilience", "positive", "negative", "happy", "stressed",
                     "stress", "anxious", "anxiety", "motivated", "motivation", "productive", "focused", "disciplined",
                     "calmer", "kind", "kinder", "patience", "nice", "nicer", "person", "self", "outgoing", "friendly",
                     "punctual", "lazy", "energetic", "proactive", "worry", "worried", "nervous", "relaxed",
                     "balanced", "balance", "mindful", "grateful", "healthy", "fitter", "thinner", "slimmer"})


def _names_a_thing(g: _Goal, i: int) -> bool:
    """Whether word i names a thing the goal is about (a subject, a tool, a setting), rather than a trait,
    a wish, a feeling or a word of grammar: "Learn Terraform" is about something; "be less shy" is not."""
    w = g.words[i]
    return (len(w) > 3 and w.isalpha() and not g.in_time[i] and w not in _STOP and w not in _TRAITS and
            w not in _WISH_WORDS and w not in _VAGUE_QUANTITY and w not in _COMPARATIVES and
            w not in _VAGUE_VERBS and w not in _PERSONAL and w not in _THEMES["language"] and
            w not in _PLACEHOLDERS and not w.endswith(("ing", "ly")) and w not in _EMPTY_REASONS and
            w not in ("back", "away", "down", "along", "together", "again"))


def _names_a_habit(g: _Goal) -> bool:
    """Whether a goal with no stated link still names a way of working ("be calmer", "stop procrastinating",
    "get better at negotiating"), as opposed to nothing at all ("get better", "crush it")."""
    words = [g.words[k] for k in range(g.start, g.action_end) if not g.in_time[k]]
    if words[-1:] == ["it"]:
        return False  # "smash it", "nail it": a cheer, not a habit
    return any(len(w) >= 4 and w.isalpha() and w not in _STOP | _VAGUE_QUANTITY | _COMPARATIVES |
               _WISH_WORDS | _EMPTY_VERBS | _LIGHT_VERBS | _PLACEHOLDERS | _GENERIC | _TEMPLATE_WORDS and
               w not in ("read", "reading", "work", "life") for w in words) or bool(_TRAITS & set(words))


_BINGE = re.compile(r"\bwatch\s+(?:all\s+of|the\s+whole\s+of|every\s+episode\s+of|all\s+\d+\s+seasons\s+of)\b")


def _private_life(g: _Goal) -> list[int]:
    """Where the goal speaks of private life: pastimes and errands, "get into shape", binge-watching, "life"
    itself (not "life support" nor "end of life"), and a race named like an event ("the Great North Run")."""
    binge = _BINGE.search(g.text.lower()) is not None
    out = []
    for i, w in enumerate(g.words):
        before, after = g.words[i - 1:i], g.words[i + 1:i + 2]
        if _leisure(w) or (w == "shape" and before == ["into"]) or (binge and w == "watch") or \
                (w == "life" and not _LIFE_AT_WORK & set(after) and before not in (["of"], ["working"])) or \
                (w in ("run", "marathon", "race") and g.tokens[i].capital and i > g.start and g.tokens[i - 1].capital):
            out.append(i)
    return out


def _relevant(g: _Goal, s: _Shape, specific: bool) -> CriterionResult:
    ctx = g.context
    # "have more fun outside work": work named as what the goal is away from
    away = [i for i, w in enumerate(g.words) if w == "work" and i > 0 and (
        g.words[i - 1] in ("outside", "after") or g.words[max(0, i - 2):i] == ["away", "from"])]
    action_words = [w for k, w in enumerate(g.action, g.start) if w not in (",", ";", ":") and k not in away]
    goal_text = " ".join(g.words)
    goal_topics = _topics(" ".join(action_words) + " " + " ".join(g.words[g.action_end:]))
    skills = dict(ctx.skills)
    area_id = " ".join((g.goal.development_area or "").split())
    area_text = skills.get(area_id, area_id.replace("-", " "))
    area_name = area_text.split(".")[0].strip()
    links: list[tuple[str, str]] = []
    if area_text:
        links.append((f"the development area you chose, '{area_name[:50]}'", area_text))
    for area in ctx.development_areas:
        links.append((f"your development area '{area.split('.')[0].strip()[:50]}'", area))
    if ctx.vision.strip():
        links.append(("what you wrote about where you want to go", ctx.vision))
    role = ctx.role.strip()
    profession = role.lower() not in ("", "mentor", "mentee", "both")
    if profession:
        links.append((f"your role as {role[:50]}", role))
    mentoring = {"mentee", "mentor", "mentoring", "mentees"} & set(g.words)
    circle = _PRIVATE_CIRCLE.search(g.text.lower()) or _PRIVATE_OCCASION.search(g.text.lower())
    if circle is not None and not mentoring:
        return CriterionResult(
            "relevant", False, f"'{_said(g, circle)}' belongs to your private life: a goal done for "
                               "them is not part of your development.",
            "Keep it as a personal goal outside this plan, or say which part of your work it develops.")
    if (chore := _OTHERS_CHORES.search(g.text.lower())) is not None and not mentoring:
        return CriterionResult(
            "relevant", False, f"'{_said(g, chore, 2)}' is someone else's task done for them, which "
                               "does not develop you.",
            "Say what you will learn or practise by it, or choose a piece of your own work.")
    if s.placeholder is not None and (s.verb is None or g.words[s.verb] not in _WORK_WORDS):
        return CriterionResult(
            "relevant", False,
            f"With '{g.quote(s.placeholder, 1)}' in place of the real thing, nothing ties it to what you want.",
            "Name the real piece of work and say how it serves your development or your role.")
    for label, words in links:
        shared = goal_topics & _topics(words)
        if shared:
            shown = next(iter(sorted(shared))).lstrip("#")
            return CriterionResult("relevant", True, f"It connects to {label} ('{shown}').", "")
    real = [w for w in g.words if any(c.isalnum() for c in w)]
    if len(real) == 1 and not real[0].endswith("ing") and not area_text:
        return CriterionResult(
            "relevant", False, f"'{g.quote(g.start, 1)}' on its own says nothing about what it is for.",
            "Say what you will do and how it serves your work or your development.")
    if _empty_goal(g):
        return CriterionResult(
            "relevant", False, "It names nothing yet, so nothing ties it to your work or your development.",
            "Name the real piece of work and say how it serves your development or your role.")
    work = [i for i, w in enumerate(g.words) if (_stem(w.removesuffix("'s")) in _WORK_STEMS or _is_acronym(g, i)
                                                 or (w == "our" and g.words[i + 1:i + 2] and
                                                     g.words[i + 1] not in _PERSONAL))
            and not (w == "work" and g.words[i + 1:i + 2] == ["on"])
            and not (i > 0 and g.words[i - 1] in _PERSONAL and w in _SESSIONS)]  # "salsa lessons": a hobby's
    personal = _private_life(g)
    work = [k for k in work if k not in away]
    personal += away
    # a work word inside a date or time frame ("at next meeting") says when, not what
    work = [i for i in work if not g.in_time[i]]
    # a course, an exam or a licence about a pastime is the pastime's ("the WSET wine course")
    if personal and s.bundle < 3 and all(g.words[i] in _VEHICLES or _is_acronym(g, i) for i in work):
        work = []
    # "train for a race": the training is for the event, not for work
    work = [i for i in work if not (g.words[i] == "train" and g.words[i + 1:i + 2] == ["for"] and personal)]
    if len(personal) > len(work) and s.bundle < 3:
        work = []
    if s.placeholder is not None and not (work and s.verb is not None and g.words[s.verb] in _WORK_WORDS):
        return CriterionResult(
            "relevant", False,
            f"With '{g.quote(s.placeholder, 1)}' in place of the real thing, nothing ties it to what you want.",
            "Name the real piece of work and say how it serves your development or your role.")
    if work:
        return CriterionResult("relevant", True, f"It is about your work: '{g.quote(work[0], 1)}'.", "")
    if personal:
        return CriterionResult(
            "relevant", False,
            f"'{g.quote(personal[0], 1)}' sounds like life outside work, and nothing you have said ties it to your "
            "development.", "Say how it serves your work or your development, or keep it as a personal goal "
                            "outside this plan.")
    if role.lower() in ("mentor", "mentee", "both") and mentoring:
        return CriterionResult("relevant", True, "It is about your mentoring partnership.", "")
    if g.why is not None:
        first, end = g.why
        reason_words = [w for w in g.words[first:end] if w not in (",", ";", ":")]
        if any(w not in _EMPTY_REASONS for w in reason_words):
            shown = g.quote(first, min(8, end - first))
            return CriterionResult("relevant", True, f"It says why it matters: '{shown}'.", "")
        return CriterionResult(
            "relevant", False, f"'{g.quote(first, end - first)}' gives no real reason: it would fit any goal.",
            "Say what it changes for you or your work, or link it to one of your development areas.")
    del goal_text
    if profession and not area_text:
        return CriterionResult(
            "relevant", True, f"For someone working as {role[:50]}, this reads as part of the job.", "",
            "How does this serve your development or your role? Saying so, or linking a development area, "
            "makes it easier to keep going.")
    if specific and not area_text:
        return CriterionResult(
            "relevant", True, "It reads as a piece of your own work.", "",
            "How does this serve your development or your role? Saying so, or linking a development area, "
            "makes it easier to keep going.")
    after_verb = g.start if s.verb is None else s.verb + 1
    thing = next((i for i in range(after_verb, g.action_end) if _names_a_thing(g, i)), None)
    if thing is not None and not area_text:
        return CriterionResult(
            "relevant", True, f"It is about '{g.quote(thing, 1)}', which reads as part of your work.", "",
            "How does this serve your development or your role? Saying so, or linking a development area, "
            "makes it easier to keep going.")
    if area_text and (area_id in skills or any(" ".join(a.split()).lower() == area_id.lower()
                                               for a in ctx.development_areas)):
        return CriterionResult(
            "relevant", True, f"You filed it under your development area '{area_name[:50]}'.", "",
            f"How does it work on '{area_name[:50]}'? Saying so in the goal makes the link plain to your mentor.")
    if area_text:
        return CriterionResult(
            "relevant", False, f"You linked it to '{area_name[:50]}', but nothing in the goal works on that.",
            "Say how this goal practises that area, or choose the area it really develops.")
    if role.lower() in ("mentor", "mentee", "both") and _names_a_habit(g):
        return CriterionResult(
            "relevant", True, "It reads as a working habit you want to build in this partnership.", "",
            "How does this serve your development or your role? Saying so, or linking a development area, "
            "makes it easier to keep going.")
    return CriterionResult(
        "relevant", False,
        "Nothing in it ties it to your work, your development areas or what you said you want.",
        "Add the reason, for example '… so that I am ready to take on the charge-nurse role next year', or "
        "link it to a skill from your self-assessment.")


def _time_bound(g: _Goal, s: _Shape) -> CriterionResult:
    target = g.goal.target_date
    if target is not None:
        days = (target - g.today).days
        if days < 0:
            return CriterionResult("time_bound", False, f"The target date, {format_date(target)}, is in the past.",
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
    lower = g.text.lower()
    frames = []
    for start, end in g.times:
        if _STARTING.search(lower[max(0, start - 12):start]):
            continue  # "starting tomorrow" says when it begins, not when it is done
        frames.append((start, end))
    hedged = next((lower[st:e] for st, e in frames  # "sometime this year", "by June-ish"
                   if re.search(r"\b(?:sometime|some\s+time|roughly)\s+$", lower[max(0, st - 15):st]) or
                   re.match(r"-?ish\b", lower[e:e + 4])), None)
    if hedged is not None:
        return CriterionResult("time_bound", False, f"'{hedged}' is hedged, so there is no day by which it is done.",
                               "Name the day or the month, such as 'by 30 June'.")
    if not frames:
        vague = _NO_END.search(lower)
        if vague:
            return CriterionResult("time_bound", False, f"'{vague.group()}' sets no date by which it is done.",
                                   "Set a target date, or add when, such as 'by the end of March'.")
        action_text = " ".join(g.action)
        if g.times and _counts(g) and _CADENCE.search(action_text):
            start, end = g.times[0]
            return CriterionResult("time_bound", True,
                                   f"It starts {' '.join(g.text[start:end].split())} and runs a set number of times.",
                                   "")
        if g.times:
            return CriterionResult("time_bound", False, "It says when it starts, but not by when it is done.",
                                   "Add an end, such as 'for the next eight weeks' or 'by the end of March'.")
        if re.search(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b", lower):
            return CriterionResult("time_bound", False, "The date in it is not a real date.",
                                   "Write the date again, such as 31/03/2027 or 31 March 2027.")
        return CriterionResult(
            "time_bound", False, "There is no deadline: no target date and no time frame in the text.",
            "Set a target date, or add when, such as 'by the end of March' or 'within six months'.")
    for start, end in frames:
        phrase = _mend_time_words(lower[start:end])[0]
        if (day := _DAY_OF_MONTH.search(phrase)) is not None:
            from mentoringkit.model.dates import DateNotUnderstood, read_date
            try:
                read_date(" ".join(x for x in day.groups() if x), g.today, "dmy" if day.group(1) else "mdy")
            except DateNotUnderstood:
                return CriterionResult("time_bound", False,
                                       f"'{' '.join(g.text[start:end].split())}' is not a real day, so there is no "
                                       "date to work to.", "Write the date again, such as 28 February 2027.")
        if re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", phrase.strip()):
            from mentoringkit.model.dates import DateNotUnderstood, read_date
            try:
                read_date(phrase, g.today, g.context.date_order)  # type: ignore[arg-type]
            except DateNotUnderstood as problem:
                return CriterionResult("time_bound", False, f"The date in it cannot be used: {problem}",
                                       "Write the date again, such as 31/03/2027 or 31 March 2027.")
    future = [d for d in g.deadlines if d >= g.today]
    if g.deadlines and not future:
        return CriterionResult("time_bound", False, f"The date in it, {format_date(g.deadlines[0])}, is in the past.",
                               "Write a date after today, or set the target date.")
    if future and min(future) > g.today + dt.timedelta(days=MAX_YEARS_AHEAD * 365) and \
            len(future) == len(frames):
        return CriterionResult(
            "time_bound", False,
            f"{format_date(min(future))} is more than {MAX_YEARS_AHEAD} years away: too far off to plan against.",
            "Choose a date within your mentoring partnership, and treat the bigger aim as several goals.")
    start, end = frames[0]
    phrase = " ".join(g.text[start:end].split())
    horizon = _horizon_days(g)
    if not g.deadlines and horizon is not None and horizon > MAX_YEARS_AHEAD * 365:
        return CriterionResult(
            "time_bound", False, f"'{phrase}' is more than {MAX_YEARS_AHEAD} years away: too far off to plan against.",
            "Choose a time frame within your mentoring partnership, and treat the bigger aim as several goals.")
    return CriterionResult("time_bound", True, f"It gives a time frame: '{phrase}'.", "")


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


def analyse_goal(goal: SmartGoal, today: dt.date | None = None, context: GoalContext | None = None) -> SmartReport:
    """Judge a goal on each SMART criterion in the person's context; every reason quotes the words it rests on."""
    today = today or dt.date.today()
    context = context or GoalContext()
    if not (goal.text or "").strip():
        return SmartReport(tuple(CriterionResult(c, False, _NO_TEXT, _WRITE_FIRST) for c in CRITERIA), "")
    g = _read(goal, today, context)
    s = _shape(g)
    specific = _specific(g, s)
    results = (specific, _measurable(g, s, specific.met), _achievable(g, s), _relevant(g, s, specific.met),
               _time_bound(g, s))
    return SmartReport(results, compose_statement(goal))


def same_goal(before: str, after: str) -> bool:
    """Whether ``after`` is still the goal ``before`` was (edited, extended), not a different goal typed over it.

    Used so that what was written for one goal ("How you will know", resources) is never silently applied to
    the next: at least half of the earlier goal's words must still be there. An empty ``before`` matches any.
    """
    old = {_stem(t.word) for t in _tokens(before) if t.word not in _STOP and len(t.word) > 2}
    if not old:
        return True
    new = {_stem(t.word) for t in _tokens(after) if t.word not in _STOP and len(t.word) > 2}
    return len(old & new) * 2 >= len(old)


# ---------------------------------------------------------------------------
# The goal as one statement

_OPENER = re.compile(
    r"^(?:(?:i\s+will|i'll|i\s+am\s+going\s+to|i'm\s+going\s+to|i\s+shall|i\s+want\s+to|i\s+plan\s+to|"
    r"i\s+aim\s+to|i\s+hope\s+to|i\s+intend\s+to|i\s+would\s+like\s+to|i'd\s+like\s+to|i\s+need\s+to|"
    r"i\s+must|my\s+goal\s+is\s+to|my\s+aim\s+is\s+to|to)\s+)+", re.I)
_NEGATIVE_START = re.compile(r"^(?:don't|do\s+not|dont)\s+", re.I)
_MEASURE_OPENER = re.compile(r"^(?:measured\s+by|measure(?:d)?:|by|through|via|when)\s+", re.I)
_RESOURCE_OPENER = re.compile(r"^(?:using|with|through|via)\s+", re.I)
#: A goal written as a noun phrase ("More publications", "NHS leadership course: complete it") reads as
#: "My goal is …" rather than "I will more publications".
_NOUN_START = re.compile(r"^(?:[A-Z]{2,}\b|(?:more|less|fewer|better|some|my|our|the|a|an|one|two|three|\d+)\b"
                         r"|\w+(?:tions?|ments?|ness|ships?)\b)")
_LEAD_TIME = re.compile(r"^(by|before|within|in|over|for|during|at|on)\b", re.I)
#: An opening time phrase set apart by a dash or a colon: "by xmas - write …", "Before the audit: check …".
_LEAD_BEFORE_DASH = re.compile(r"^((?:by|before|within|until|till|over|during)\s[^,:;\-–—]{1,40}?)"
                               r"(?:\s+[-–—]+\s+|\s*:\s+)(\S.*)$", re.I)


def _clause(text: str) -> str:
    """Text as a clause inside a sentence: one line, no final full stop, inner sentences joined by semicolons."""
    one = " ".join((text or "").split()).rstrip(" .;!?")
    # "Handle escalations better. SMART goal: ..." -> "...better; SMART goal: ..." (a shorthand keeps its capitals)
    def joined(m: re.Match[str]) -> str:
        keep = m.group(2).isupper() or (m.group(1) == "I" and not m.group(2).isalpha())  # "SMART", "I will"
        return "; " + (m.group(1) if keep else m.group(1).lower())

    return re.sub(r"(?<=[a-z0-9)])[.!?]\s+([A-Z])(?=([a-z '’]|[A-Z]))", joined, one)


def _lower_first(text: str) -> str:
    if len(text) > 1 and "A" <= text[0] <= "Z" and (text[1].islower() or text[1] == " "):
        return text[0].lower() + text[1:]
    return text


def _leading_time(core: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether the text opens with a time phrase: "By Friday …", "By 30 June 2027, …", "Within 6 weeks …"."""
    m = _LEAD_TIME.match(core)
    return bool(m and spans and (spans[0][0] == 0 or spans[0][0] == m.end() + 1))


def compose_statement(goal: SmartGoal) -> str:
    """The goal as one grammatical sentence: "By 30 June 2027 I will …, measured by …, using …."

    The goal's own words are kept after its opening ("I will", "I want to" become one "I will"); a time or
    a reason written first stays first ("By Friday, I will …"); the target date is only added as "By …"
    when the text has no time of its own, and "measured by" appears once.
    """
    core = _clause(goal.text)
    if not core:
        return ""
    lead = ""
    tokens = _tokens(core)
    spans = time_phrases(core)
    if _leading_time(core, spans):
        # "By Friday I will read …" -> "By Friday, I will read …"
        end = spans[0][1]
        lead, core = core[:end].strip(), core[end:].lstrip(" ,:;-–—")
    elif dashed := _LEAD_BEFORE_DASH.match(core):
        # "by xmas - write up the handover" -> "By xmas, I will write up the handover" (a time the checker may
        # not read, set apart by a dash or a colon, is still the opening)
        lead, core = dashed.group(1).strip(), dashed.group(2).strip()
    elif re.match(r"^(?:to|as|at|in|for|with|measured\s+by)\s", core, re.I) and "," in core:
        head, _, rest = core.partition(",")
        if re.match(r"^to\s", head, re.I) or len(head.split()) <= 12:
            opener_only = _OPENER.sub("", head + " ").strip() == "" and head.lower().startswith("to ")
            if rest.strip() and not opener_only and len(head.split()) >= 3:
                lead, core = head.strip(), rest.strip()
    del tokens
    core = _OPENER.sub("", core + " ").strip() or core
    spans = time_phrases(core)
    if not lead and _leading_time(core, spans) and spans[0][1] < len(core):
        # "I will by Friday read …" -> "By Friday, I will read …"
        end = spans[0][1]
        lead, core = core[:end].strip(), _OPENER.sub("", core[end:].lstrip(" ,:;-–—") + " ").strip()
    core = _NEGATIVE_START.sub("not ", core)
    core = re.sub(r"^not\s+not\s+", "not ", core, flags=re.I)
    core = _lower_first(core)
    core = re.sub(r"^(?:i\s+will\s+)+", "", core, flags=re.I)
    if lead and re.search(r"\b" + re.escape(lead.lower()) + r"\b", core.lower()):
        lead = ""  # "I want to by Friday submit it by Friday": the time is said once, where it was written last
    sentence = f"My goal is {core}" if _NOUN_START.match(core) else f"I will {core}"
    has_time = bool(time_phrases(goal.text or ""))
    if lead:
        sentence = f"{lead[:1].upper()}{lead[1:]}, {sentence.replace('My goal', 'my goal', 1)}"
    elif goal.target_date and not has_time:
        sentence = f"By {format_date(goal.target_date)} {sentence.replace('My goal', 'my goal', 1)}"
    parts = [sentence]
    said = _deadlines(goal.text or "", time_phrases(goal.text or ""), goal.created or dt.date.today(), "dmy")
    if goal.target_date and (has_time or lead) and goal.target_date not in said:
        parts.append(f"with a target date of {format_date(goal.target_date)}")
    done_when = bool(re.match(r"^\s*when\s", goal.measure or "", re.I))
    measure = _MEASURE_OPENER.sub("", _clause(goal.measure)).strip()
    measure = re.sub(r",?\s*\bmeasured\s+by\b\s*([A-Z](?=[a-z ]))?",
                     lambda m: " and " + (m.group(1) or "").lower(), measure, flags=re.I).strip(" ,")
    measure = re.sub(r"^and\s+", "", measure)
    if measure:
        measure = _lower_first(measure)
        if done_when:
            parts.append(f"done when {measure}")
        else:
            parts.append(f"checked by {measure}" if "measured by" in sentence.lower() else f"measured by {measure}")
    resources = _RESOURCE_OPENER.sub("", _clause(goal.resources)).strip()
    if resources:
        parts.append(f"using {_lower_first(resources)}")
    return ", ".join(parts) + "."
