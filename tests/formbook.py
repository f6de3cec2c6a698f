"""A fill-in form as a liaison handles it: written by `ipcity forms`, filled in with
openpyxl cell by cell (found by their 序号 and name, under the column a person reads), and
saved; and what the tool wrote into it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import Cli
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

TASKS, READINGS, DUTIES = "任务进展", "量化指标", "经常性工作"
HEADER_ROW = 5

Entries = dict[str, list[tuple[str, str, dict[str, Any]]]]


def write_forms(cli: Cli, out: Path, *more: str) -> None:
    result = cli("forms", "--period", "2009H1", "--out", str(out), "--as-of", "2009-06-20", *more)
    assert result.exit_code == 0, result.output


def row_of(sheet: Worksheet, number: str, name: str = "") -> int:
    """The row of a line, by its 序号 and the start of its second cell, as a person finds it."""
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        if str(row[0].value) == number and str(row[1].value or "").startswith(name):
            return int(row[0].row)
    raise AssertionError(f"no line {number} {name} on {sheet.title}")


def fill(source: Path, target: Path, entries: Entries, cells: dict[str, Any] | None = None) -> None:
    """Type values under the named columns of the named lines; cells are typed by address
    (任务进展!F3, the 填报日期)."""
    book = load_workbook(source)
    for sheet_name, lines in entries.items():
        sheet = book[sheet_name]
        headers = {cell.value: cell.column for cell in sheet[HEADER_ROW]}
        for number, name, values in lines:
            row = row_of(sheet, number, name)
            for header, value in values.items():
                sheet.cell(row, headers[header]).value = value
    for place, value in (cells or {}).items():
        sheet_name, ref = place.split("!")
        book[sheet_name][ref] = value
    book.save(target)


def meta(path: Path) -> dict[str, Any]:
    """What the hidden sheet says: its fields, and its lines as (sheet, row, kind, task, name)."""
    sheet = load_workbook(path)["ipcity"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    fields = {row[0]: row[1] for row in rows[:11]}
    fields["lines"] = [tuple(row[:5]) for row in rows[13:] if row[0]]
    return fields
