"""Rows written for scripts and documents: JSON, CSV, Markdown; and for a terminal, a table.

The machine formats never pass through a Rich console (it would wrap them).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import IO, Any

from ipcity.output.columns import Column, Row
from ipcity.output.document import Document
from ipcity.output.markdown import markdown_lines
from ipcity.output.safe import json_text
from ipcity.output.terminal import table
from ipcity.text import csv_line

JSON_INDENT_UP_TO = 1000


def render(
    rows: Iterable[Row],
    fmt: str,
    columns: Sequence[Column],
    *,
    title: str | None = None,
    out: IO[str] | None = None,
) -> None:
    """Write rows in a format: the same columns in every format but JSON (all fields)."""
    out = out or sys.stdout
    if fmt == "json":
        write_json(list(rows), out)
    elif fmt == "csv":
        out.write(csv_line(c.header for c in columns) + "\n")
        out.writelines(csv_line(c.text(row) for c in columns) + "\n" for row in rows)
    elif fmt == "md":
        out.writelines(markdown_lines(rows, columns, title=title))
    else:
        table([[c.text(r) for c in columns] for r in rows], columns, title=title, out=out)


def write_json(data: Any, out: IO[str]) -> None:
    """Indented for a person reading a plan's worth; compact (a fifth of the time, in one
    write) once the output runs to thousands of rows, which only a program reads."""
    parts = data.values() if isinstance(data, dict) else [data]
    big = sum(len(part) for part in parts if isinstance(part, list)) > JSON_INDENT_UP_TO
    out.write(json_text(data, indent=None if big else 2) + "\n")


def write_json_rows(rows: Iterable[Any], count: int, out: IO[str]) -> None:
    """A list of `count` rows as write_json writes it: once it runs to thousands, a
    thousand at a time (a province's log is 100,000, never all held as text)."""
    if count <= JSON_INDENT_UP_TO:
        write_json(list(rows), out)
        return
    found = iter(rows)
    between = "["
    while chunk := list(islice(found, JSON_INDENT_UP_TO)):
        out.write(between + json_text(chunk)[1:-1])  # json's own ", " between items
        between = ", "
    out.write("]\n")


def number_text(value: object) -> str:
    """A number as data: 12, 12.5; never 12.0 or 1.2e+01."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return "" if value is None else str(value)


def document_csv(doc: Document, out: IO[str]) -> None:
    """A document's data tables. One table is written as it is; several are written one
    after another, each row led by the table's name (表) and each table by its header,
    so a script can split them and a person can read them in Excel. Text cells are made
    safe by csv_line (no formula); numbers are written as numbers."""
    tables = doc.tables("data")
    for block in tables:
        columns = block.columns_for("data")
        lead = [] if len(tables) == 1 else [block.title or block.sheet or doc.title]
        out.write(csv_line([*(["表"] if lead else []), *(c.data_header() for c in columns)]))
        out.write("\n")
        for row in block.rows:
            fields = [csv_line([text]) for text in lead]
            for c in columns:
                if c.number is not None and (value := c.number(row)) is not None:
                    fields.append(number_text(value))
                else:
                    fields.append(csv_line([c.cell(row)]))
            out.write(",".join(fields) + "\n")
