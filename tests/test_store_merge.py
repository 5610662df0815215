"""The three-way merge behind change-level saving: what one page changed, applied to what another saved."""

from __future__ import annotations

from mentoringkit.store.merge import MISSING, Collision, merge3


def goal(id_: str, text: str = "", **extra) -> dict:
    return {"id": id_, "text": text, **extra}


def test_a_change_on_one_side_only_is_taken():
    base = {"name": "Ana", "role": "mentee"}
    assert merge3(base, {**base, "name": "Ana B."}, base) == ({"name": "Ana B.", "role": "mentee"}, [])
    assert merge3(base, base, {**base, "role": "mentor"}) == ({"name": "Ana", "role": "mentor"}, [])


def test_different_keys_changed_on_each_side_are_both_kept():
    base = {"name": "Ana", "role": "mentee", "organisation": ""}
    merged, collisions = merge3(base, {**base, "name": "Ana B."}, {**base, "organisation": "Ward 4"})
    assert merged == {"name": "Ana B.", "role": "mentee", "organisation": "Ward 4"} and collisions == []


def test_the_same_value_changed_on_both_sides_is_a_collision_and_the_later_save_wins():
    merged, collisions = merge3({"text": "a"}, {"text": "mine"}, {"text": "theirs"})
    assert merged == {"text": "mine"}
    assert collisions == [Collision(("text",), "mine", "theirs")]


def test_save_times_never_count_as_collisions():
    merged, collisions = merge3({"updated": "1"}, {"updated": "3"}, {"updated": "2"})
    assert merged == {"updated": "3"} and collisions == []


def test_items_added_on_both_sides_are_both_kept_in_a_sensible_order():
    base = [goal("a")]
    merged, collisions = merge3(base, [goal("a"), goal("m")], [goal("a"), goal("t")])
    assert [g["id"] for g in merged] == ["a", "t", "m"] or [g["id"] for g in merged] == ["a", "m", "t"]
    assert {g["id"] for g in merged} == {"a", "m", "t"} and collisions == []


def test_one_item_edited_in_different_fields_on_each_side_keeps_both_edits():
    base = [goal("a", "read", measure="")]
    merged, _ = merge3(base, [goal("a", "read two books", measure="")], [goal("a", "read", measure="notes")])
    assert merged == [goal("a", "read two books", measure="notes")]


def test_an_item_removed_on_one_side_and_untouched_on_the_other_is_removed():
    base = [goal("a"), goal("b")]
    assert merge3(base, [goal("a")], base)[0] == [goal("a")]
    assert merge3(base, base, [goal("b")])[0] == [goal("b")]


def test_a_removal_never_beats_an_edit():
    base = [goal("a", "old")]
    merged, _ = merge3(base, [], [goal("a", "edited elsewhere")])
    assert merged == [goal("a", "edited elsewhere")]
    merged, _ = merge3(base, [goal("a", "edited here")], [])
    assert merged == [goal("a", "edited here")]


def test_plain_lists_merge_as_sets_keeping_both_additions_and_removals():
    base = ["q1", "q2", "q3"]
    merged, collisions = merge3(base, ["q1", "q3", "q4"], ["q1", "q2", "q3", "q5"])
    assert merged == ["q1", "q3", "q5", "q4"] or sorted(merged) == ["q1", "q3", "q4", "q5"]
    assert "q2" not in merged and collisions == []


def test_both_sides_reordering_the_same_list_differently_is_a_collision():
    merged, collisions = merge3(["a", "b", "c"], ["c", "b", "a"], ["b", "a", "c"])
    assert merged == ["c", "b", "a"] and len(collisions) == 1


def test_a_key_removed_on_one_side_and_changed_on_the_other_is_kept_changed():
    base = {"reflections": {"module:goals": {"text": "first"}}}
    merged, _ = merge3(base, {"reflections": {}}, {"reflections": {"module:goals": {"text": "second"}}})
    assert merged == {"reflections": {"module:goals": {"text": "second"}}}
    assert merge3(MISSING, {"k": 1}, MISSING) == ({"k": 1}, [])
