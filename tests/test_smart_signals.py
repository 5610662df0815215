"""The signals bench/train_smart.py feeds a learned layer over the SMART rules: they must describe a goal as a
person would read it (how long it gives itself, what it counts, whether it meets what the person said about
their role and development), or the cross-validated figures that decide whether such a layer ships mean little.
"""

from __future__ import annotations

import datetime as dt

from bench.smart_signals import reason_kind, signals, vector
from mentoringkit import smart_goal as sg
from mentoringkit.workbook import SmartGoal

TODAY = dt.date(2026, 11, 25)
NURSE = sg.GoalContext(role="Staff nurse", development_areas=("Talking with families. Explaining care plans.",))


def _signals(text: str, context: sg.GoalContext = NURSE, **fields: object) -> dict[str, float]:
    goal = SmartGoal(text=text, **fields)
    g = sg._read(goal, TODAY, context)
    s = sg._shape(g)
    return signals(g, s, sg.analyse_goal(goal, today=TODAY, context=context).results)


def test_a_goal_on_the_persons_development_area_meets_it_and_counts_its_amount() -> None:
    f = _signals("Lead three meetings with families about care plans by 31 January 2027")
    assert f["overlap_areas"] > 0
    assert f["overlap_none_given"] == 0.0
    assert f["counts"] > 0 and f["no_horizon"] == 0.0
    assert f["horizon_quarter"] == 1.0  # 67 days ahead
    assert f["rule_R"] == 1.0 and f["rule_T"] == 1.0


def test_a_pastime_with_a_context_given_shares_no_words_with_it() -> None:
    f = _signals("Run a half marathon by June 2027")
    assert f["ctx_role"] == 1.0 and f["ctx_areas"] == 1.0
    assert f["overlap_none_given"] == 1.0
    assert f["personal_words"] > 0


def test_a_goal_without_a_time_has_no_horizon_and_a_past_target_date_is_marked() -> None:
    assert _signals("Get better at handovers")["no_horizon"] == 1.0
    past = _signals("Write the handover checklist", target_date=dt.date(2026, 1, 10))
    assert past["horizon_past"] == 1.0 and past["rule_T"] == -1.0


def test_reason_kind_ignores_the_quoted_words_and_figures() -> None:
    assert reason_kind("It connects to your role as nurse ('ward').") == \
        reason_kind("It connects to your role as teacher ('class').")
    assert reason_kind("'3 papers' in about 40 days is far more") == \
        reason_kind("'9 books' in about 12 days is far more")


def test_the_vector_has_one_input_per_signal_rule_branch_and_word_bucket() -> None:
    goal = SmartGoal(text="Lead three meetings with families by 31 January 2027")
    g = sg._read(goal, TODAY, NURSE)
    results = sg.analyse_goal(goal, today=TODAY, context=NURSE).results
    f = signals(g, sg._shape(g), results)
    names = sorted(f)
    kinds = {"it connects to your": 0, "it is about your": 1}
    x = vector(names, f, kinds, results, "R", 16, g)
    assert len(x) == len(names) + len(kinds) + 1 + 16
    assert sum(x[len(names):len(names) + 3]) == 1.0  # exactly one rule branch
