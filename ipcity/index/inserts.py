"""Rows into an index's tables fast: a column at a time, what one value fills written into
the statement, many rows to a statement. Python's sqlite3 binds each value of each row
in turn, and a province's index holds 100,000 records: that binding is most of the cost
of writing it."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from itertools import chain, islice
from typing import Any

from ipcity.index.columns import Column, names


def insert(
    db: sqlite3.Connection, table: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> None:
    """Rows of values in the columns' order, a chunk at a time (a log's 100,000 never all
    held twice)."""
    found = iter(rows)
    while chunk := list(islice(found, CHUNK)):
        insert_columns(db, table, columns, list(zip(*chunk, strict=True)))


def insert_columns(
    db: sqlite3.Connection, table: str, columns: Sequence[Column], values: list[Sequence[Any]]
) -> None:
    """A chunk of rows given column by column, each column encoded at once. A column that
    holds one plain value in every row (a record's empty count, unit and attachments) is
    written into the statement, not bound again for each row: binding was most of the
    cost of the inserts. Rows go in ROWS_AT_ONCE to a statement: the module's work around
    each statement's step, once per row before, cost 5–8% of writing a province's index."""
    marks: list[str] = []
    bound: list[Sequence[Any]] = []
    for c, column_values in zip(columns, values, strict=True):
        encoded = c.encode(column_values)
        literal = _literal(encoded)
        marks.append("?" if literal is None else literal)
        if literal is None:
            bound.append(encoded)
    into = f"INSERT INTO {table} ({names(columns)}) VALUES "
    row = f"({', '.join(marks)})"
    rows = len(values[0]) if values else 0
    if not bound:
        db.executemany(into + row, [()] * rows)
        return
    # (at most 999 values to a statement: the limit of SQLite before 3.32)
    many = max(1, min(ROWS_AT_ONCE, 999 // len(bound)))
    whole = rows - rows % many
    if whole:
        flat = iter(chain.from_iterable(zip(*(b[:whole] for b in bound), strict=True)))
        db.executemany(
            into + ", ".join([row] * many), zip(*[flat] * (len(bound) * many), strict=True)
        )
    if whole < rows:
        db.executemany(into + row, zip(*(b[whole:] for b in bound), strict=True))


CHUNK = 5000  # rows encoded at a time
ROWS_AT_ONCE = 20  # rows to a statement (10 and 50 measured alike)
# A value written into a statement as it is: only words of these characters are (no quote
# can be among them), beside null and whole numbers.
_WORD = re.compile(r"[A-Za-z_\[\]{}]*")


def _literal(values: Sequence[Any]) -> str | None:
    """The SQL literal of the one value a column holds in every row, if it has one, and it
    is null, a whole number or a plain word; else None (the column is bound row by row)."""
    first = values[0]
    if len(values) < 2 or values[-1] != first or values.count(first) != len(values):
        return None
    if first is None:
        return "NULL"
    if {type(v) for v in values} != {type(first)}:
        return None  # 0, 0.0 and False are equal, not the same value to SQLite
    if type(first) is int and -(2**63) <= first < 2**63:  # SQLite's own integers
        return str(first)
    if type(first) is str and _WORD.fullmatch(first):
        return f"'{first}'"
    return None
