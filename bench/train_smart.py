"""Train the learned layer over the SMART rules and measure it set by set (leave one labelled set out).

    python bench/train_smart.py [--forward] [--flat] [--final]

Each of the seven studied sets was written by a different person. For each set in turn the layer is trained
on the other six and measured on it; the settings (which inputs, how strongly the weights are held back,
whether the layer may only turn verdicts to "not met") are chosen inside each fold by a second leave-one-set-
out over its six training sets, so the held-out set plays no part in any choice. Printed: per fold, exact
match on all five for the rules alone and with the layer, then the mean and the worst fold, and per criterion
the mean over folds of precision and recall for "met" and "not met".

Caveat printed with the figures: the rules themselves were tuned on all seven sets, so "rules alone" here is
an in-sample figure, not the fresh-set one (0.63-0.74). Only a set nobody has studied gives that.
smart_goals_blind_4.yml is read only with --final, once all settings are frozen: the layer, trained on all
seven sets with the setting their own cross-validation chooses, is measured on it and only summary figures
are printed (never a goal or a miss).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_smart  # noqa: E402
import smart_signals as cal  # noqa: E402

from mentoringkit import smart_goal as sg  # noqa: E402

SETS = [bench_smart.CORPUS, bench_smart.HOLDOUT, bench_smart.HOLDOUT_2, bench_smart.HOLDOUT_3, bench_smart.BLIND,
        bench_smart.BLIND_2, bench_smart.BLIND_3]
LETTERS = "SMART"
#: The settings tried: rule-branch one-hot on or off, hashed word buckets, L2 strength, one-way or both ways.
#: rules=False leaves the rules' verdicts out of the inputs (a second opinion of its own, then used one way).
GRID = [dict(rules=r, kinds=k and r, hashed=h, l2=c, only_to_not_met=o or not r)
        for r, k, h, c, o in itertools.product((True, False), (False, True), (0, 64), (1.0, 10.0), (False, True))
        if r or (not k and o)]


class Item:
    def __init__(self, case: bench_smart.Case, part: int, rules: object = None) -> None:
        rules = sg if rules is None else rules  # or an earlier version of the rules, with its own GoalContext
        c = case.context
        context = rules.GoalContext(role=c.role, development_areas=c.development_areas, vision=c.vision,
                                    skills=c.skills)
        g = rules._read(case.goal, case.today, context)
        s = rules._shape(g)
        results = rules.analyse_goal(case.goal, today=case.today, context=context).results
        self.part, self.g, self.results = part, g, results
        self.found = cal.signals(g, s, results, rules)
        self.rule = {cal.LETTERS[r.criterion]: r.met for r in results}
        self.kind = {cal.LETTERS[r.criterion]: cal.reason_kind(r.reason) for r in results}
        self.labels = case.labels


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Logistic regression by Newton's method with an L2 penalty (not on the intercept)."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(30):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -40, 40)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def build(items: list[Item], cfg: dict) -> dict:
    """A model (the signals' names, the settings, per criterion its weights) trained on the items."""
    names = [n for n in sorted(items[0].found) if cfg["rules"] or not n.startswith(("rule_", "asks_"))]
    model = {"signals": names, "hashed": cfg["hashed"], "only_to_not_met": cfg["only_to_not_met"],
             "l2": cfg["l2"], "criteria": {}}
    for letter in LETTERS:
        kinds = None
        if cfg["kinds"]:
            seen: dict[str, int] = {}
            for it in items:
                seen[it.kind[letter]] = seen.get(it.kind[letter], 0) + 1
            kinds = {k: i for i, k in enumerate(sorted(k for k, n in seen.items() if n >= 3))}
        x = np.array([cal.vector(names, it.found, kinds, it.results, letter, cfg["hashed"], it.g) for it in items])
        y = np.array([1.0 if it.labels[letter] else 0.0 for it in items])
        w = fit(x, y, cfg["l2"])
        entry: dict = {"weights": [round(float(v), 5) for v in w]}
        if kinds is not None:
            entry["kinds"] = kinds
        model["criteria"][letter] = entry
    return model


def predict(model: dict | None, it: Item) -> dict[str, bool]:
    if model is None:
        return dict(it.rule)
    out = {}
    for letter in LETTERS:
        m = model["criteria"][letter]
        x = cal.vector(model["signals"], it.found, m.get("kinds"), it.results, letter, model["hashed"], it.g)
        met = cal.probability(m["weights"], x) >= 0.5
        out[letter] = False if model["only_to_not_met"] and not it.rule[letter] else met
    return out


def figures(model: dict | None, items: list[Item]) -> tuple[float, dict[str, tuple[float, float, float, float]]]:
    counts = {letter: [0, 0, 0, 0] for letter in LETTERS}
    exact = 0
    for it in items:
        got = predict(model, it)
        exact += all(got[k] == it.labels[k] for k in LETTERS)
        for k in LETTERS:
            g, w = got[k], it.labels[k]
            counts[k][0 if g and w else 1 if g else 2 if w else 3] += 1
    r = bench_smart._ratio
    per = {k: (r(tp, tp + fp), r(tp, tp + fn), r(tn, tn + fn), r(tn, tn + fp))
           for k, (tp, fp, fn, tn) in counts.items()}
    return exact / len(items), per


def choose(items: list[Item]) -> dict:
    """The setting with the best mean exact match over leave-one-set-out folds of these items alone."""
    parts = sorted({it.part for it in items})
    best, best_score = GRID[0], -1.0
    for cfg in GRID:
        scores = []
        for p in parts:
            model = build([it for it in items if it.part != p], cfg)
            scores.append(figures(model, [it for it in items if it.part == p])[0])
        if np.mean(scores) > best_score + 1e-9:
            best, best_score = cfg, float(np.mean(scores))
    return best


#: The rules as they stood when each blind set arrived, before anyone studied it: (commit, index in SETS).
FORWARD = [("4d95d44", 3), ("21f811a", 4), ("f1fb2b6", 5), ("943fc87", 6)]


def rules_at(commit: str) -> object:
    """smart_goal.py as it was at a commit, loaded as a module of its own."""
    import importlib.util
    import subprocess
    import tempfile

    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:mentoringkit/smart_goal.py"],
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / f"smart_goal_{commit}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"smart_goal_{commit}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def held_out(items: list, part: int) -> tuple:
    """One fold: train on every set but ``part`` (its setting chosen inside), judge ``part`` by the rules alone and
    with the layer. Returns (train, test, setting, rules' figures, layer's figures)."""
    train = [it for it in items if it.part != part]
    test = [it for it in items if it.part == part]
    cfg = choose(train)
    return train, test, cfg, figures(None, test), figures(build(train, cfg), test)


def forward(flat: bool = False) -> None:
    """Each blind set judged by the rules as they were before it was studied, and by a layer trained on the
    sets that existed then, over those same rules: the situation of a fresh set, replayed."""
    print("\nforward: the rules as they were when each blind set arrived; layer trained on the older sets only")
    print(f"{'new set':<28} {'rules at':>8} {'rules':>6} {'layer':>6}  setting")
    for commit, index in FORWARD:
        rules = rules_at(commit)
        items = [Item(case, part, rules) for part, path in enumerate(SETS[:index + 1])
                 for case in bench_smart.load_cases(path)]
        train, test, cfg, (r_exact, r_per), (l_exact, l_per) = held_out(items, index)
        print(f"{SETS[index].name:<28} {commit:>8} {r_exact:6.3f} {l_exact:6.3f}  {cfg}", flush=True)
        for k in LETTERS:
            print(f"    {k} rules " + " ".join(f"{v:.3f}" for v in r_per[k]) + "   layer " +
                  " ".join(f"{v:.3f}" for v in l_per[k]))
        if flat:
            for other in GRID:
                print(f"    fixed {figures(build(train, other), test)[0]:.3f}  {other}")


#: Every set studied by the eighth round (2026-11-26), in the order written, and the rules blind 8 arrived to.
STUDIED = [p for p in bench_smart.ALL_SETS if p not in bench_smart.UNSTUDIED]
BEFORE_BLIND_8 = "795dc2c"


def _summary(name: str, found: tuple[float, dict]) -> None:
    exact, per = found
    print(f"  {name}: exact {exact:.3f}; " + "; ".join(f"{k} " + "/".join(f"{v:.3f}" for v in per[k])
                                                     for k in LETTERS), flush=True)


def on_unstudied() -> None:
    """The layer over today's rules, trained on every studied set (its setting chosen by leave-one-set-out among
    them) and measured once on each set never studied, summary figures only; then blind 8 replayed as it arrived:
    the rules before it was studied against a layer over those rules trained on the sets written before it."""
    items = [Item(case, part) for part, path in enumerate(STUDIED) for case in bench_smart.load_cases(path)]
    cfg = choose(items)
    model = build(items, cfg)
    print(f"layer trained on the {len(STUDIED)} studied sets ({len(items)} goals) with {cfg}")
    for path in bench_smart.UNSTUDIED:
        unseen = [Item(case, -1) for case in bench_smart.load_cases(path)]
        print(f"{path.name} ({len(unseen)} goals, never studied)")
        _summary("rules", figures(None, unseen))
        _summary("layer", figures(model, unseen))
    index = STUDIED.index(bench_smart.BLIND_8)
    rules = rules_at(BEFORE_BLIND_8)
    items = [Item(case, part, rules) for part, path in enumerate(STUDIED[:index + 1])
             for case in bench_smart.load_cases(path)]
    _train, _test, cfg, rule_figures, layer_figures = held_out(items, index)
    print(f"{bench_smart.BLIND_8.name} as it arrived: rules at {BEFORE_BLIND_8}, layer trained on the {index} sets "
          f"before it with {cfg}")
    _summary("rules", rule_figures)
    _summary("layer", layer_figures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forward", action="store_true",
                        help="also replay each blind set's arrival with the rules of that day")
    parser.add_argument("--final", action="store_true",
                        help="train on all seven and print summary figures on smart_goals_blind_4.yml (once)")
    parser.add_argument("--flat", action="store_true", help="also print every setting's outer-fold figures")
    parser.add_argument("--fresh", action="store_true",
                        help="only: train on every studied set and print summary figures on the unstudied ones (once)")
    args = parser.parse_args(argv)
    if args.fresh:
        on_unstudied()
        return 0
    items = [Item(case, part) for part, path in enumerate(SETS) for case in bench_smart.load_cases(path)]
    print("leave-one-set-out over the seven studied sets (settings chosen inside each fold)")
    print("note: the rules were tuned on all seven sets, so 'rules' is an in-sample figure here\n")
    print(f"{'held-out set':<28} {'goals':>5} {'rules':>6} {'layer':>6}  setting")
    rule_exact, layer_exact = [], []
    per_rule: list[dict] = []
    per_layer: list[dict] = []
    for part, path in enumerate(SETS):
        _train, test, cfg, (r_exact, r_per), (l_exact, l_per) = held_out(items, part)
        rule_exact.append(r_exact)
        layer_exact.append(l_exact)
        per_rule.append(r_per)
        per_layer.append(l_per)
        print(f"{path.name:<28} {len(test):>5} {r_exact:6.3f} {l_exact:6.3f}  {cfg}", flush=True)
    print(f"{'mean':<28} {'':>5} {np.mean(rule_exact):6.3f} {np.mean(layer_exact):6.3f}")
    print(f"{'worst fold':<28} {'':>5} {min(rule_exact):6.3f} {min(layer_exact):6.3f}")
    print("\nper criterion, mean over folds: P(met) R(met) P(not) R(not)")
    for k in LETTERS:
        r = np.mean([p[k] for p in per_rule], axis=0)
        m = np.mean([p[k] for p in per_layer], axis=0)
        print(f"  {k} rules " + " ".join(f"{v:.3f}" for v in r) + "   layer " + " ".join(f"{v:.3f}" for v in m))
    if args.flat:
        print("\nevery setting, outer folds (for reference only: choosing from this table would peek)")
        for cfg in GRID:
            scores = [figures(build([it for it in items if it.part != p], cfg), [it for it in items if it.part == p])[0]
                      for p in range(len(SETS))]
            print(f"  {np.mean(scores):.3f} worst {min(scores):.3f}  {cfg}")
    if args.forward:
        forward(args.flat)
    if args.final:
        cfg = choose(items)
        model = build(items, cfg)
        fresh = [Item(case, len(SETS)) for case in bench_smart.load_cases(bench_smart.BLIND_4)]
        print(f"\n{bench_smart.BLIND_4.name} ({len(fresh)} goals), layer trained on all seven with {cfg}")
        for name, m in (("rules", None), ("layer", model)):
            exact, per = figures(m, fresh)
            print(f"  {name}: exact {exact:.3f}; " + "; ".join(
                f"{k} " + "/".join(f"{v:.3f}" for v in per[k]) for k in LETTERS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
