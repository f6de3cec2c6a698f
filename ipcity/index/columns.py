"""How the fields of a plan's tuples and shapes become SQLite columns, and back.

Columns are derived from the classes themselves (a record's NamedTuple, a part's
PartState, a task's shape), so that a field added to any of them is indexed with no
change here: dates as ISO text, the status word as text, flags as 0 or 1, numbers as
numbers, text as text, and anything else (readings, lists of names, an indicator) as
JSON text that reads back as the same value. Values are converted a column at a time
(a log holds a hundred thousand of each).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from typing import Any, NamedTuple

from ipcity.plan.shapes_json import compact_json, parsed_all, reader, without_none

Convert = Callable[[Sequence[Any]], Sequence[Any]]


class Column(NamedTuple):
    name: str
    sql: str  # TEXT, INTEGER, REAL
    encode: Convert  # a column of values -> what SQLite stores
    decode: Convert  # what SQLite gives back -> the values


def _same(values: Sequence[Any]) -> Sequence[Any]:
    return values


def _shared(values: Sequence[Any]) -> list[Any]:
    """Text read back, each text one object however many rows hold it: SQLite gives a new
    string for every row, and a log's 100,000 records name a thousand units."""
    seen: dict[Any, Any] = {}
    return [seen.setdefault(v, v) for v in values]


def _each(convert: Callable[[Any], Any]) -> Convert:
    """convert applied to every value but None (by map, in C, when there is none)."""

    def each(values: Sequence[Any]) -> list[Any]:
        if None in values:
            return [None if v is None else convert(v) for v in values]
        return list(map(convert, values))

    return each


def _iso_days(values: Sequence[date | None]) -> list[str | None]:
    """Dates as ISO text, each day's written once: a log's 100,000 records fall on a few
    hundred days."""
    texts: dict[date | None, str] = {d: d.isoformat() for d in set(values) if d is not None}
    return list(map(texts.get, values))  # (None for None)


def _days(values: Sequence[str | None]) -> list[date | None]:
    """ISO text back to dates, each day's read once."""
    days: dict[str | None, date] = {t: date.fromisoformat(t) for t in set(values) if t is not None}
    return list(map(days.get, values))


_ENCODE = compact_json()


def _json_values(values: Sequence[Any]) -> list[Any]:
    """A column of JSON text: most readings and lists are empty, written without a call."""
    return [
        None
        if v is None
        else ("{}" if isinstance(v, dict) else "[]")
        if not v and isinstance(v, _CONTAINERS)
        else _ENCODE(v)
        for v in values
    ]


_CONTAINERS = (dict, list, tuple)


def _json_column(kind: Any) -> Convert:
    read = reader(kind)
    empty = tuple if typing.get_origin(without_none(kind)) is tuple else list

    def decode(values: Sequence[Any]) -> list[Any]:
        # Most records carry no readings: `{}` read without the JSON parser. The rest are
        # parsed as one JSON array (a call per value cost more than the parsing).
        found: list[Any] = [
            None if v is None else {} if v == "{}" else empty() if v == "[]" else v for v in values
        ]
        texts = [i for i, v in enumerate(found) if isinstance(v, str)]
        if texts:
            parsed = parsed_all([found[i] for i in texts])
            for i, data in zip(texts, parsed, strict=True):
                found[i] = read(data)
        return found

    return decode


def column(name: str, kind: Any) -> Column:
    """The column for a field annotated `kind`."""
    base = without_none(kind)
    if typing.get_origin(base) is typing.Literal or base is str or base is int:
        if base is int:
            return Column(name, "INTEGER", _same, _same)
        return Column(name, "TEXT", _same, _shared)
    if base is bool:
        return Column(name, "INTEGER", _each(int), _each(bool))
    if base is float:
        return Column(name, "REAL", _same, _each(float))
    if base is date:
        return Column(name, "TEXT", _iso_days, _days)
    if isinstance(base, type) and issubclass(base, Enum):
        members = {m.value: m for m in base}
        values = {m: m.value for m in base}  # a dict: no enum property per value
        return Column(name, "TEXT", _each(values.__getitem__), _each(members.__getitem__))
    return Column(name, "TEXT", _json_values, _json_column(base))


def columns_of(cls: Any, leave_out: Sequence[str] = ()) -> list[Column]:
    """A column for each field of a NamedTuple or a dataclass, in its order."""
    hints = typing.get_type_hints(cls)
    if dataclasses.is_dataclass(cls):
        names = [f.name for f in dataclasses.fields(cls)]
    else:
        names = list(cls._fields)
    return [column(name, hints[name]) for name in names if name not in leave_out]


INTEGER = Column("", "INTEGER", _same, _same)
TEXT = Column("", "TEXT", _same, _same)


def plain(name: str, sql: str = "TEXT") -> Column:
    """A column the index itself adds (a place, a kind), stored as it is."""
    return Column(name, sql, _same, _same)


def declared(columns: Sequence[Column]) -> str:
    """The columns as CREATE TABLE declares them (names quoted: `by` is an SQL word)."""
    return ", ".join(f'"{c.name}" {c.sql}' for c in columns)


def names(columns: Sequence[Column]) -> str:
    return ", ".join(f'"{c.name}"' for c in columns)
