"""JSON text of the plan's shapes, and back: dataclasses and NamedTuples, days, enums, lists,
tuples, sets and dicts of them, each read back as the class its annotation names.

The index keeps readings, lists of names and a task's row as JSON text in its columns
(index/columns.py); the loader hands what the plan's files hold from the process that
read them to the one that reads the log (files/load.py)."""

from __future__ import annotations

import dataclasses
import json
import json.encoder
import types
import typing
from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from typing import Any


def _fields(value: Any) -> Any:
    """What JSON cannot write itself: a shape (a dataclass) as its fields, a day as its
    ISO text, a set as a sorted list."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def compact_json(default: Callable[[Any], Any] = _fields) -> Callable[[Any], str]:
    """What writes a value as compact JSON text, its characters as they are. json's C
    encoder (what JSONEncoder.encode uses, not in json's documented API) is made here once:
    encode() makes one for every value, a third of the time of the 36,000 values (rows,
    lists, readings) a province's index holds."""
    make: Any = getattr(json.encoder, "c_make_encoder", None)
    try:
        chunks = make(None, default, json.encoder.encode_basestring, None, ":", ",", *_FLAGS)
    except TypeError:  # a Python without it (None), or where it is called otherwise
        return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=default).encode
    return lambda value: "".join(chunks(value, 0))


_FLAGS = (False, False, True)  # sort_keys, skipkeys, allow_nan: JSONEncoder's defaults


def _reader_of(kind: Any) -> Callable[[Any], Any]:
    """What turns JSON data back into a value of kind (a list of shapes, of tuples…)."""
    kind = without_none(kind)
    origin = typing.get_origin(kind)
    if origin is list:  # (a JSON list is a new list already)
        (inner,) = typing.get_args(kind) or (Any,)
        each = reader(inner)
        return _as_is if each is _as_is else lambda data: [each(v) for v in data]
    if origin is tuple:  # written as a JSON list
        args = typing.get_args(kind) or (Any, ...)
        if args[-1] is not Ellipsis:  # tuple[X, Y]: each place its own kind
            places = [reader(arg) for arg in args]
            if len(places) == 2 and places[0] is _as_is:  # (a place, a shape: many)
                second = places[1]
                return lambda data: (data[0], second(data[1])) if len(data) == 2 else _short()
            return lambda data: tuple(r(v) for r, v in zip(places, data, strict=True))
        each = reader(args[0])  # tuple[X, ...]
        return tuple if each is _as_is else lambda data: tuple(each(v) for v in data)
    if origin in (set, frozenset):  # written as a sorted JSON list
        (inner,) = typing.get_args(kind) or (Any,)
        each = reader(inner)
        return lambda data: origin(each(v) for v in data)
    if origin is dict:  # (a JSON object is a new dict already)
        _, inner = typing.get_args(kind) or (Any, Any)
        each = reader(inner)
        return _as_is if each is _as_is else lambda data: {k: each(v) for k, v in data.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass(kind)
    if isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields"):
        hints = typing.get_type_hints(kind)
        readers = [reader(hints[f]) for f in kind._fields]
        if all(r is _as_is for r in readers):
            return lambda data: kind(*data)
        return lambda data: kind(*(r(v) for r, v in zip(readers, data, strict=True)))
    if kind is date:
        return lambda data: None if data is None else date.fromisoformat(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return lambda data: None if data is None else kind(data)
    return _as_is


def _dataclass(kind: Any) -> Callable[[Any], Any]:
    """A dataclass from its fields' JSON object: only the fields whose JSON is not their
    value already are read (a task's lists of names are not: 10,000 tasks)."""
    hints = typing.get_type_hints(kind)
    fields = [(f.name, reader(hints[f.name])) for f in dataclasses.fields(kind)]
    needs = [(name, read) for name, read in fields if read is not _as_is]
    if not needs:
        return lambda data: kind(**data)

    def read(data: dict[str, Any]) -> Any:
        for name, each in needs:  # (the object is the parser's own: read in place)
            if name in data:
                data[name] = each(data[name])
        return kind(**data)

    return read


def reader(kind: Any) -> Callable[[Any], Any]:
    """What turns JSON data back into a value of kind: None stays None where kind allows
    it (X | None)."""
    read = _reader_of(kind)
    if without_none(kind) is kind or read is _as_is:
        return read
    return lambda data: None if data is None else read(data)


def _short() -> Any:
    raise ValueError("a tuple of another length")


def _as_is(data: Any) -> Any:
    return data


def without_none(kind: Any) -> Any:
    """X for X | None; the annotation itself otherwise."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return kind


def parsed_all(texts: Sequence[str]) -> list[Any]:
    """Each JSON text parsed, in one call to the parser; ValueError when one does not
    parse as a single value (a count that differs shows texts run together)."""
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("JSON text expected")
    found = json.loads("[" + ",".join(texts) + "]")
    if not isinstance(found, list) or len(found) != len(texts):
        raise ValueError("JSON texts do not read one value each")
    return found
