"""The strict converter behind content and workbook loading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import pytest

from mentoringkit.parsing import DataError, from_data, to_data


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
