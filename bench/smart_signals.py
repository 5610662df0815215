"""The signals a learned layer over the SMART rules would read, and its logistic model's arithmetic.

Used by bench/train_smart.py to measure, set by set, whether weights learned from the labelled sets improve
on the hand-written rules in mentoringkit/smart_goal.py. The signals are general quantities rather than new
word lists: the rules' own verdicts and which of their branches answered, the time the goal gives itself,
the amounts it names and their pace over that time, the shape of its action, and how many of its words meet
the person's role, development areas and vision. Plain Python, so a layer that earned its place could run
in the package without numpy.
"""

from __future__ import annotations

import math
import re
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.smart_goal import CriterionResult, _Goal, _Shape

LETTERS = {"specific": "S", "measurable": "M", "achievable": "A", "relevant": "R", "time_bound": "T"}

_NUMBER = re.compile(r"(?<![\w.])[$£€]?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(k|m|million|%)?(?![\w.])", re.I)
_QUOTED = re.compile(r"'[^']*'|\d+")


def reason_kind(reason: str) -> str:
    """Which branch of a rule answered, read from its reason with the quoted words and figures taken out:
    "It connects to your role as nurse ('ward')." and "… as teacher ('class')." are the same kind."""
    plain = _QUOTED.sub("", reason.lower())
    return " ".join(re.findall(r"[a-z]+", plain)[:5])


def _bucket(text: str, size: int) -> int:
    return zlib.crc32(text.encode("utf-8")) % size


def _log(value: float) -> float:
    return math.log1p(max(value, 0.0))


_NEVER = re.compile(r"(?!x)x")


def signals(g: _Goal, s: _Shape, results: tuple[CriterionResult, ...], sg: object = None) -> dict[str, float]:
    """The named signals of one goal: general quantities, not word lists, plus the rules' verdicts.

    ``sg`` is the rules' module (an earlier version of it, for measuring the layer as it would have done
    before a set was studied); a word list an earlier version lacks counts as empty."""
    if sg is None:
        from mentoringkit import smart_goal as sg

    def words_of(name: str) -> frozenset[str]:
        return getattr(sg, name, frozenset())

    def pattern(name: str) -> re.Pattern[str]:
        return getattr(sg, name, _NEVER)

    leisure = getattr(sg, "_leisure", lambda w: w in words_of("_PERSONAL"))

    f: dict[str, float] = {}
    for r in results:
        letter = LETTERS[r.criterion]
        f[f"rule_{letter}"] = 1.0 if r.met else -1.0
        f[f"asks_{letter}"] = 1.0 if r.question else 0.0
    words, action = g.words, g.action
    f["words"] = _log(len([w for w in words if w not in (",", ";", ":")])) / 4
    f["action_words"] = _log(len(action)) / 4
    horizon = sg._horizon_days(g)
    f["has_target_date"] = 1.0 if g.goal.target_date is not None else 0.0
    f["has_time_phrase"] = 1.0 if g.times else 0.0
    f["no_horizon"] = 1.0 if horizon is None else 0.0
    h = horizon if horizon is not None else 0
    f["horizon_log"] = _log(h) / 7 if horizon is not None else 0.0
    f["horizon_past"] = 1.0 if horizon is not None and horizon < 0 else 0.0
    f["horizon_month"] = 1.0 if horizon is not None and 0 <= horizon <= 31 else 0.0
    f["horizon_quarter"] = 1.0 if horizon is not None and 31 < horizon <= 92 else 0.0
    f["horizon_far"] = 1.0 if horizon is not None and horizon > 5 * 365 else 0.0
    counts = sg._counts(g)
    values = [float(words[i]) if sg._is_digits(words[i]) else float(sg._COUNT_WORDS.get(words[i], 0))
              for i in counts]
    f["counts"] = min(len(counts), 3) / 3
    biggest = max(values, default=0.0)
    f["count_log"] = _log(biggest) / 5
    # amounts written anywhere in the action (money, percentages, sizes), and their pace over the horizon
    action_text = " ".join(action)
    amounts = [float(m.group(1).replace(",", "")) * {"k": 1e3, "m": 1e6, "million": 1e6}.get(
        (m.group(2) or "").lower(), 1.0) for m in _NUMBER.finditer(action_text) if not
        re.fullmatch(r"(?:19|20|21)\d\d", m.group(1))]
    f["amount_log"] = _log(max(amounts, default=0.0)) / 10
    f["percent"] = min(max((float(m.group(1)) for m in _NUMBER.finditer(action_text) if m.group(2) == "%"),
                           default=0.0), 200) / 100
    months = max(h, 1) / 30 if horizon is not None else None
    f["pace_log"] = _log(biggest / months) / 5 if months is not None and biggest else 0.0
    f["has_why"] = 1.0 if g.why is not None else 0.0
    # the shape of the action
    f["no_verb"] = 1.0 if s.verb is None else 0.0
    f["negative"] = 1.0 if s.negative else 0.0
    f["vague"] = 1.0 if s.vague is not None else 0.0
    f["placeholder"] = 1.0 if s.placeholder is not None else 0.0
    f["wish"] = 1.0 if s.wish is not None else 0.0
    f["weak_amount"] = 1.0 if s.weak_amount is not None else 0.0
    f["details"] = min(s.details, 4) / 4
    f["bundle"] = min(s.bundle, 4) / 4
    f["outcome_role"] = 1.0 if s.outcome_role else 0.0
    f["cadence"] = 1.0 if sg._CADENCE.search(action_text) else 0.0
    # where the person starts, and how big the aim is
    lower, role = g.text.lower(), g.context.role.lower()
    f["junior"] = 1.0 if pattern("_JUNIOR").search(role) or pattern("_BEGINNER").search(lower) else 0.0
    f["senior_aim"] = 1.0 if any(w in words_of("_SENIOR_ROLES") for w in action) else 0.0
    f["big_aim"] = 1.0 if any(w in words_of("_BIG_GOALS") or w in words_of("_MASTERY") for w in action) else 0.0
    f["heavy_output"] = 1.0 if any(w in words_of("_HEAVY_OUTPUTS") for w in action) else 0.0
    # overlap between the goal's words and what the person said about themselves
    ctx = g.context
    goal_topics = sg._topics(" ".join(w for w in words if w not in (",", ";", ":")))
    skills = dict(ctx.skills)
    area_id = " ".join((g.goal.development_area or "").split())
    sources = {
        "chosen": skills.get(area_id, area_id.replace("-", " ")),
        "areas": "\n".join(ctx.development_areas),
        "vision": ctx.vision,
        "role": ctx.role if role.strip() not in ("", "mentor", "mentee", "both") else "",
    }
    total = 0
    for name, text in sources.items():
        given = bool(text.strip())
        shared = len(goal_topics & sg._topics(text)) if given else 0
        total += shared
        f[f"ctx_{name}"] = 1.0 if given else 0.0
        f[f"overlap_{name}"] = min(shared, 3) / 3
    f["ctx_any"] = 1.0 if any(t.strip() for t in sources.values()) else 0.0
    f["overlap_none_given"] = 1.0 if f["ctx_any"] and not total else 0.0
    f["overlap_share"] = total / max(len(goal_topics), 1)
    f["work_words"] = min(sum(1 for w in words if sg._stem(w) in sg._WORK_STEMS), 3) / 3
    f["personal_words"] = min(sum(1 for w in words if leisure(w)), 3) / 3
    return f


def vector(names: list[str], found: dict[str, float], kinds: dict[str, int] | None,
           results: tuple[CriterionResult, ...], letter: str, hashed: int, g: _Goal | None) -> list[float]:
    """The inputs of one criterion's model, in the stored order: signals, the rule branch, hashed words."""
    out = [found.get(n, 0.0) for n in names]
    if kinds is not None:
        one_hot = [0.0] * (len(kinds) + 1)
        r = next(r for r in results if LETTERS[r.criterion] == letter)
        one_hot[kinds.get(reason_kind(r.reason), len(kinds))] = 1.0
        out += one_hot
    if hashed:
        words = [0.0] * hashed
        if g is not None:
            from mentoringkit import smart_goal as sg
            for w in set(g.words):
                if w not in sg._STOP and w.isalpha():
                    words[_bucket(sg._stem(w), hashed)] = 1.0
        out += words
    return out


def probability(weights: list[float], x: list[float]) -> float:
    """The model's chance that the criterion is met: weights[0] is the intercept, the rest pair with x."""
    z = weights[0] + sum(w * v for w, v in zip(weights[1:], x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))
