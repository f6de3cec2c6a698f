"""Rows written for scripts and documents: JSON, CSV, Markdown; and for a terminal, a table.

The machine formats never pass through a Rich console (it would wrap them).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import IO, Any

from ipcity.output.columns import Column, Row
from ipcity.output.safe import json_text, md_text
from ipcity.output.terminal import table
from ipcity.text import csv_line

JSON_INDENT_UP_TO = 1000


def render(
    rows: Sequence[Row],
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
        out.write(markdown(rows, columns, title=title))
    else:
        table([[c.text(r) for c in columns] for r in rows], columns, title=title, out=out)


def write_json(data: Any, out: IO[str]) -> None:
    """Indented for a person reading a plan's worth; compact (a fifth of the time, in one
    write) once the output runs to thousands of rows, which only a program reads."""
    parts = data.values() if isinstance(data, dict) else [data]
    big = sum(len(part) for part in parts if isinstance(part, list)) > JSON_INDENT_UP_TO
    out.write(json_text(data, indent=None if big else 2) + "\n")


def md_cell(text: str) -> str:
    return md_text(text)


def markdown(rows: Sequence[Row], columns: Sequence[Column], *, title: str | None = None) -> str:
    lines = [f"**{md_text(title)}**", ""] if title else []
    lines.append("| " + " | ".join(c.header for c in columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines += ["| " + " | ".join(md_cell(c.text(r)) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"
