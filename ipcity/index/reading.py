"""Rows read back from an index, each value checked to read as what it claims: an index
that does not is treated as none (BadIndex), so a damaged or foreign file is rebuilt,
never trusted, never a traceback."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from ipcity.index.columns import Column


class BadIndex(Exception):
    """The index does not read as one: ignore it."""


Meta = dict[str, Any]


def read_meta(db: sqlite3.Connection) -> Meta:
    try:
        return {key: json.loads(value) for key, value in db.execute("SELECT key, value FROM meta")}
    except (sqlite3.Error, ValueError, TypeError) as exc:
        raise BadIndex(str(exc)) from None


def decoded(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Rows read back, column by column; BadIndex when a value does not read."""
    found = list(rows)
    if not found:
        return []
    try:
        by_column = [
            c.decode(values) for c, values in zip(columns, zip(*found, strict=True), strict=True)
        ]
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise BadIndex(str(exc)) from None
    return list(zip(*by_column, strict=True))


def read_decoded(
    db: sqlite3.Connection, sql: str, params: Sequence[Any], columns: Sequence[Column]
) -> list[tuple[Any, ...]]:
    """The rows a query gives, decoded a few thousand at a time: a province's log read
    whole held its 100,000 rows as SQLite gave them and as read back at once (81 MB)."""
    found: list[tuple[Any, ...]] = []
    try:
        cursor = db.execute(sql, params)
        while chunk := cursor.fetchmany(_CHUNK):
            found += decoded(columns, chunk)
    except sqlite3.Error as exc:
        raise BadIndex(str(exc)) from None
    return found


_CHUNK = 5000
