"""The strict converter behind content and workbook loading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import pytest

from mentoringkit.parsing import MAX_WHOLE_NUMBER, DataError, broken_text, count_values, from_data, preview, to_data


@dataclass(frozen=True)
class Inner:
    id: str
    count: int = 0


@dataclass(frozen=True)
class Outer:
    name: str
    kind: Literal["a", "b"]
    items: tuple[Inner, ...] = ()
    when: dt.date | None = None
    tags: dict[str, bool] = field(default_factory=dict)


def test_builds_nested_objects_from_plain_data():
    obj = from_data(Outer, {"name": "x", "kind": "a", "items": [{"id": "i1", "count": 2}], "when": "2027-01-31"})
    assert obj == Outer("x", "a", (Inner("i1", 2),), dt.date(2027, 1, 31))


def test_round_trip_through_plain_data():
    obj = Outer("x", "b", (Inner("i", 1),), dt.date(2027, 3, 1), {"t": True})
    assert from_data(Outer, to_data(obj)) == obj


@pytest.mark.parametrize(
    ("data", "message", "path"),
    [
        ({"name": "x", "kind": "a", "colour": 1}, "unknown key 'colour'", "/colour"),
        ({"kind": "a"}, "missing required key 'name'", "/name"),
        ({"name": "x", "kind": "c"}, "expected 'a' or 'b'", "/kind"),
        ({"name": "x", "kind": "a", "items": [{"id": "i"}, {"id": 3}]}, "expected text", "/items/1/id"),
        ({"name": "x", "kind": "a", "items": [{"id": "i", "count": True}]}, "expected a whole number",
         "/items/0/count"),
        ({"name": "x", "kind": "a", "when": "2027-02-30"}, "not a real date", "/when"),
        ({"name": "x", "kind": "a", "items": "abc"}, "expected a list", "/items"),
        ([1, 2], "expected a mapping", "/"),
    ],
)
def test_errors_name_the_problem_and_the_key_path(data, message, path):
    with pytest.raises(DataError) as info:
        from_data(Outer, data)
    assert message in str(info.value)
    assert str(info.value).endswith(f"@ '{path}'")


def test_error_names_the_file_when_given_one():
    err = DataError("bad", ("a", 1)).with_source("content/x.yml")
    assert str(err) == "content/x.yml: bad @ '/a/1'"


# -- hostile values: messages stay short, whatever the value ------------------------------------


def test_preview_is_bounded_for_any_value():
    assert preview("x" * 10_000) == "'" + "x" * 60 + "…'"
    assert preview("short") == "'short'"
    assert preview(10**4000) == "a whole number of about 4000 digits"  # repr() of it would raise
    assert preview(12) == "12" and preview(None) == "None" and preview(True) == "True"
    bomb: list = ["lol"] * 9
    for _ in range(8):
        bomb = [bomb] * 9  # 9**9 strings once expanded, as a YAML alias bomb loads
    assert preview(bomb) == "a list of 9 items"
    assert preview({"a": 1}) == "a mapping of 1 keys"


def test_a_huge_value_in_a_text_field_is_refused_quickly_with_its_size():
    bomb: list = ["lol"] * 9
    for _ in range(8):
        bomb = [bomb] * 9
    with pytest.raises(DataError) as info:
        from_data(Inner, {"id": bomb})
    assert str(info.value) == "expected text, got a list of 9 items @ '/id'"


def test_count_values_stops_past_its_limit():
    bomb: list = ["lol"] * 9
    for _ in range(8):
        bomb = [bomb] * 9
    assert count_values(bomb, 1000) == 1001
    assert count_values({"a": [1, 2], "b": "x"}, 1000) == 7  # the mapping, two keys, the list, its two items, "x"


def test_whole_numbers_are_bounded():
    assert from_data(Inner, {"id": "a", "count": MAX_WHOLE_NUMBER}).count == MAX_WHOLE_NUMBER
    with pytest.raises(DataError, match=r"out of range .* @ '/count'"):
        from_data(Inner, {"id": "a", "count": -(MAX_WHOLE_NUMBER + 1)})
    with pytest.raises(DataError, match=r"the number a whole number of about 100 digits is out of range"):
        from_data(Inner, {"id": "a", "count": 10**100})


def test_broken_text_names_every_lone_surrogate():
    data = {"profile": {"name": "Ana \ud800"}, "log": [{"notes": "ok"}, {"notes": "\udfffx"}], "\ud801": "k"}
    assert broken_text(data) == [(("profile", "name"), 4, "U+D800"), (("log", 1, "notes"), 0, "U+DFFF"),
                                 (("(key)",), 0, "U+D801")]
    assert broken_text({"name": "Amara Okafor — naïve ✓"}) == []
