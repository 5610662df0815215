"""Turn plain data (parsed YAML or JSON) into typed, frozen dataclasses and back.

One small, strict converter shared by the curriculum and the workbook: unknown keys
are rejected, missing fields are named, and every error carries the key path
(``/modules/3/starters/2``) so a trainer or participant can find the bad spot.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")

__all__ = [
    "MAX_WHOLE_NUMBER", "DataError", "broken_text", "count_values", "from_data", "key_path", "preview", "to_data",
]


def key_path(parts: tuple[str | int, ...]) -> str:
    """Render a key path the way the error messages show it: ``/modules/3/id``."""
    return "/" + "/".join(str(p) for p in parts)


class DataError(ValueError):
    """A value that does not fit the expected shape, with where it was found."""

    def __init__(self, message: str, path: tuple[str | int, ...] = (), source: str | None = None):
        self.message = message
        self.path = path
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        where = f" @ '{key_path(self.path)}'"
        prefix = f"{self.source}: " if self.source else ""
        return f"{prefix}{self.message}{where}"

    def with_source(self, source: str) -> DataError:
        return DataError(self.message, self.path, source)


#: The largest whole number any field takes (far beyond any real count, minutes or index).
MAX_WHOLE_NUMBER = 10**15


def preview(data: Any, limit: int = 60) -> str:
    """A short description of a value for an error message, in time and memory bounded by ``limit``.

    Only the start of a text is formatted, and containers are described by kind and size, because a hostile
    file can hold a value whose full repr would not fit in memory (a YAML alias bomb) or cannot be
    formatted at all (an integer of thousands of digits).
    """
    if isinstance(data, str):
        shown = repr(data[:limit])
        return shown if len(data) <= limit else shown[:-1] + "…" + shown[-1]
    if isinstance(data, bool) or data is None or isinstance(data, float):
        return repr(data)
    if isinstance(data, int):
        if data.bit_length() > 64:
            return f"a whole number of about {round(data.bit_length() * 0.30103)} digits"
        return repr(data)
    if isinstance(data, Mapping):
        return f"a mapping of {len(data)} keys"
    if isinstance(data, (list, tuple)):
        return f"a list of {len(data)} items"
    return f"a {type(data).__name__}"


def count_values(data: Any, limit: int) -> int:
    """How many values ``data`` holds, counting shared ones (YAML aliases) every time; stops past ``limit``.

    Returns at most ``limit + 1``, so a document that expands to billions of values is measured in
    ``limit`` steps.
    """
    count, stack = 0, [data]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return min(count, limit + 1)


def broken_text(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], int, str]]:
    """Every text in plain data holding a lone surrogate: (key path, position, the character as U+XXXX).

    JSON can carry such a character (``"\\ud800"``) and the store keeps it intact, but no UTF-8 file, page or
    document can show it, so whatever prints or renders text asks here first.
    """
    found: list[tuple[tuple[str | int, ...], int, str]] = []
    if isinstance(data, str):
        if not data.isascii():
            try:
                data.encode("utf-8")
            except UnicodeEncodeError as exc:
                found.append((path, exc.start, f"U+{ord(data[exc.start]):04X}"))
    elif isinstance(data, Mapping):
        for key, value in data.items():
            found += broken_text(key, (*path, "(key)")) if isinstance(key, str) else []
            found += broken_text(value, (*path, str(key)))
    elif isinstance(data, (list, tuple)):
        for i, value in enumerate(data):
            found += broken_text(value, (*path, i))
    return found


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _type_name(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is typing.Literal:
        return " or ".join(repr(a) for a in get_args(tp))
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            return "a mapping"
        if issubclass(tp, enum.Enum):
            return " or ".join(repr(m.value) for m in tp)
        return {str: "text", int: "a whole number", float: "a number", bool: "true or false",
                _dt.date: "a date (YYYY-MM-DD)", _dt.datetime: "a date and time"}.get(tp, tp.__name__)
    if origin in (list, tuple):
        return "a list"
    if origin in (dict, Mapping):
        return "a mapping"
    return str(tp)


def from_data(tp: Any, data: Any, path: tuple[str | int, ...] = ()) -> Any:
    """Build a value of type ``tp`` from plain data, raising DataError on any mismatch."""
    origin = get_origin(tp)
    if tp is Any:
        return data
    if origin in (Union, types.UnionType):
        args = get_args(tp)
        if data is None and type(None) in args:
            return None
        errors: list[DataError] = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return from_data(arg, data, path)
            except DataError as exc:
                errors.append(exc)
        if len(errors) == 1:
            raise errors[0]
        raise DataError(f"expected {' or '.join(_type_name(a) for a in args if a is not type(None))}, "
                        f"got {preview(data)}", path)
    if origin is typing.Literal:
        if data in get_args(tp):
            return data
        raise DataError(f"expected {_type_name(tp)}, got {preview(data)}", path)
    if origin in (list, tuple):
        if not isinstance(data, (list, tuple)):
            raise DataError(f"expected a list, got {type(data).__name__}", path)
        args = get_args(tp)
        item_tp = args[0] if args else Any
        items = [from_data(item_tp, v, (*path, i)) for i, v in enumerate(data)]
        return tuple(items) if origin is tuple else items
    if origin in (dict, Mapping):
        if not isinstance(data, Mapping):
            raise DataError(f"expected a mapping, got {type(data).__name__}", path)
        key_tp, val_tp = get_args(tp) or (Any, Any)
        out = {}
        for k, v in data.items():
            out[from_data(key_tp, k, (*path, str(k)))] = from_data(val_tp, v, (*path, str(k)))
        return types.MappingProxyType(out) if origin is Mapping else out
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_from_data(tp, data, path)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            raise DataError(f"expected {_type_name(tp)}, got {preview(data)}", path) from None
    if tp is bool:
        if isinstance(data, bool):
            return data
    elif tp is int:
        if isinstance(data, int) and not isinstance(data, bool):
            if abs(data) > MAX_WHOLE_NUMBER:
                raise DataError(f"the number {preview(data)} is out of range (at most {MAX_WHOLE_NUMBER:,})", path)
            return data
    elif tp is float:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return float(data)
    elif tp is str:
        if isinstance(data, str):
            return data
    elif tp is _dt.datetime:
        if isinstance(data, _dt.datetime):
            return data
        if isinstance(data, str):
            try:
                return _dt.datetime.fromisoformat(data)
            except ValueError:
                pass
    elif tp is _dt.date:
        if isinstance(data, _dt.date) and not isinstance(data, _dt.datetime):
            return data
        if isinstance(data, str):
            try:
                return _dt.date.fromisoformat(data)
            except ValueError:
                raise DataError(f"not a real date: {preview(data, 40)} (use YYYY-MM-DD)", path) from None
    else:
        raise TypeError(f"unsupported type {tp!r}")
    shown = preview(data) if isinstance(data, (list, tuple, Mapping)) else f"{type(data).__name__} {preview(data)}"
    raise DataError(f"expected {_type_name(tp)}, got {shown}", path)


def _dataclass_from_data(cls: type[T], data: Any, path: tuple[str | int, ...]) -> T:
    if not isinstance(data, Mapping):
        raise DataError(f"expected a mapping with keys {', '.join(f.name for f in dataclasses.fields(cls))}, "
                        f"got {type(data).__name__}", path)
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = [k for k in data if k not in fields]
    if unknown:
        raise DataError(f"unknown key {unknown[0]!r} (allowed: {', '.join(fields)})", (*path, str(unknown[0])))
    kwargs = {}
    for name, field in fields.items():
        if name in data:
            kwargs[name] = from_data(hints[name], data[name], (*path, name))
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise DataError(f"missing required key {name!r}", (*path, name))
    try:
        return cls(**kwargs)
    except DataError as exc:
        raise DataError(exc.message, (*path, *exc.path)) from None
    except ValueError as exc:
        raise DataError(str(exc), path) from None


def to_data(value: Any) -> Any:
    """The inverse of from_data: plain JSON-ready data (dates as ISO text)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value
