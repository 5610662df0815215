"""How often two labellers agree on the same goals: the most the SMART checker can be expected to reach.

Blind sets 8 and 9 were each labelled twice, by people working alone from the same label definitions (the
second labeller saw the goals without the first one's labels). Their agreement on all five criteria at once
is the human ceiling for the checker's "exact match" figure, and Cohen's kappa says how much of each
criterion's agreement is more than chance.

    python bench/bench_agreement.py
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
#: Each twice-labelled set: (the set with its first labels, the second labels for the same ids).
PAIRS = tuple((DATA / f"smart_goals_blind_{n}.yml", DATA / f"smart_goals_blind_{n}_second.yml") for n in (8, 9))
LETTERS = "SMART"


@dataclass(frozen=True)
class Agreement:
    goals: int
    exact: float  # share of goals on which the two agree on all five criteria
    per_criterion: dict[str, tuple[float, float]]  # letter -> (share agreeing, Cohen's kappa)


def _labels(path: Path) -> dict[str, dict[str, bool]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "goals" in data:
        return {g["id"]: {k: bool(g["labels"][k]) for k in LETTERS} for g in data["goals"]}
    return {gid: {k: bool(v[k]) for k in LETTERS} for gid, v in data["labels"].items()}


def kappa(first: list[bool], second: list[bool]) -> float:
    """Cohen's kappa for two labellers' yes/no answers: 1 is full agreement, 0 is what chance would give."""
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p1, p2 = sum(first) / n, sum(second) / n
    expected = p1 * p2 + (1 - p1) * (1 - p2)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(first_path: Path, second_path: Path) -> Agreement:
    first, second = _labels(first_path), _labels(second_path)
    if set(first) != set(second):
        extra, missing = sorted(set(second) - set(first)), sorted(set(first) - set(second))
        raise ValueError(f"{second_path.name} does not label the same goals as {first_path.name}: "
                         f"{len(extra)} not in the set {extra[:5]}, {len(missing)} left out {missing[:5]}")
    ids = list(first)
    exact = sum(first[i] == second[i] for i in ids) / len(ids)
    per = {}
    for letter in LETTERS:
        a, b = [first[i][letter] for i in ids], [second[i][letter] for i in ids]
        per[letter] = (sum(x == y for x, y in zip(a, b, strict=True)) / len(ids), kappa(a, b))
    return Agreement(len(ids), exact, per)


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    for first, second in PAIRS:
        found = agreement(first, second)
        print(f"{found.goals} goals in {first.relative_to(ROOT)}, labelled twice")
        print(f"{'criterion':<10} {'agree':>6} {'kappa':>6}")
        for letter, (share, k) in found.per_criterion.items():
            print(f"{letter:<10} {share:6.3f} {k:6.2f}")
        print(f"both labellers agree on all five: {found.exact:.3f} (the checker's target: >= 0.85)")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
