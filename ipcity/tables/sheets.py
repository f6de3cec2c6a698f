"""Tables on disk: CSV and XLSX, read as rows of text cells and written for Excel and WPS.

Knows nothing of plans: what the columns mean is breakdown.py's business.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ipcity.files import safe_read
from ipcity.tables import limits
from ipcity.tables.limits import TableError as TableError
from ipcity.text import FORMULA_STARTS, append_row, cell_text, cell_value, csv_line, display_width

Rows = list[list[str]]

SUFFIXES = (".csv", ".xlsx")


def read(path: Path) -> Rows:
    """Every row of a CSV or XLSX file (its first sheet) as text cells, blank rows kept,
    so that row i of the result is row i + 1 of the sheet as Excel and WPS number it."""
    return read_book(path)[0][1]


def read_book(path: Path) -> list[tuple[str, Rows]]:
    """Every sheet of a workbook by its name, in order, read as `read` reads the first;
    a CSV is one sheet, named by its file."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise TableError(f"不认识的文件类型「{path.suffix}」：只读 .csv 和 .xlsx")
    try:
        raw = safe_read.read_capped(path, limits.MAX_BYTES)
    except safe_read.ReadRefused as exc:
        raise TableError(f"无法读取 {path}：{exc}") from None
    except OSError as exc:
        raise TableError(f"无法读取 {path}：{exc.strerror or exc}") from None
    if suffix == ".xlsx":
        return _read_xlsx(raw, path)
    return [(path.stem, _read_csv(_decode(raw, path), path))]


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 as Chinese Excel saves."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(f"{path} 既不是 UTF-8 也不是 GBK 编码；请在 Excel/WPS 中另存为 CSV UTF-8")


def _read_csv(text: str, path: Path) -> Rows:
    # The csv module refuses a field past 128 KB: any field of a file held in memory whole
    # is read (the file is within limits.MAX_BYTES).
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text), _dialect(text))
    try:
        return limits.rows_as_stored(reader, path, read_cell)
    except csv.Error as exc:
        raise TableError(f"{path} 不是可读的 CSV 文件（第 {reader.line_num} 行：{exc}）") from None


def _dialect(text: str) -> type[csv.Dialect]:
    """Comma-separated, unless the first lines are tab-separated (Excel's "Unicode text")."""
    head = text.splitlines()[:20]
    tabs = sum(line.count("\t") for line in head)
    commas = sum(line.count(",") for line in head)
    return csv.excel_tab if tabs > commas else csv.excel


def _read_xlsx(raw: bytes, path: Path) -> list[tuple[str, Rows]]:
    from openpyxl import load_workbook

    limits.check_unpacked(raw, path)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            found = []
            for sheet in book.worksheets:
                # The declared dimension can claim A1:XFD1048576; read-only mode would pad
                # every row out to it. Forgotten, the cells are read as the sheet stores them.
                sheet.reset_dimensions()
                rows = limits.rows_as_stored(sheet.iter_rows(values_only=True), path, _cell_text)
                found.append((sheet.title, rows))
            return found
        finally:
            book.close()
    except TableError:
        raise
    except Exception as exc:  # whatever a hostile workbook makes openpyxl or its parser raise
        raise TableError(f"{path} 不是可读的 XLSX 文件（{limits.why_unreadable(exc)}）") from None


def _cell_text(value: Any) -> str:
    """A cell as the text a person sees. Excel turns a typed 2009年3月 into a date shown
    as 2009年3月: a first-of-month date is read back so; other dates as 2009-03-15."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return f"{day.year}年{day.month}月" if day.day == 1 else day.isoformat()
    return read_cell(str(value))


def read_cell(text: str) -> str:
    """A text cell as its author meant it: trimmed, and without the apostrophe that
    text.cell_text puts before text a spreadsheet would take for a formula, so that an
    exported plan imports as it was."""
    text = text.strip()
    return text[1:] if text[:1] == "'" and text[1:].startswith(FORMULA_STARTS) else text


def write_csv(path: Path, header: Sequence[str], rows: Rows) -> None:
    """UTF-8 with a BOM, so Excel and WPS on Windows open the Chinese right."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(csv_line(header) + "\r\n")
        out.writelines(csv_line(row) + "\r\n" for row in rows)


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Rows,
    *,
    title: str = "",
    merge_down: Sequence[int] = (),
    max_widths: Sequence[int] = (),
    extra: Sequence[Sheet] = (),
) -> None:
    """A sheet a person can print: the title on top, a bold header that stays in view,
    wrapped text, columns as wide as their text (within max_widths). In the columns of
    merge_down a blank cell joins the one above it into one merged cell, as in a printed
    table (and as import reads it back)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.merge import MergedCellRange
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = [cell_text(name) for name in header]
    rows = [[cell_text(cell) for cell in row] for row in rows]
    merged: list[str] = []
    top = 1
    if title:
        append_row(sheet, [title])
        merged.append(f"A1:{get_column_letter(len(header))}1")
        sheet.cell(1, 1).font = Font(bold=True, size=14)
        sheet.cell(1, 1).alignment = Alignment(horizontal="center")
        top = 2
    append_row(sheet, header)
    for column in range(1, len(header) + 1):
        sheet.cell(top, column).font = Font(bold=True)
        sheet.cell(top, column).alignment = Alignment(horizontal="center", vertical="center")
    sheet.freeze_panes = f"A{top + 1}"
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, row in enumerate(rows, start=top + 1):
        append_row(sheet, row)
        for column in range(1, len(header) + 1):
            sheet.cell(n, column).alignment = wrap
    spread: set[tuple[int, int]] = set()  # (row, column) of text over several merged rows
    for column in merge_down:
        letter = get_column_letter(column + 1)
        for first, last in _blank_runs([row[column] for row in rows]):
            merged.append(f"{letter}{top + first}:{letter}{top + last}")
            spread.add((first - 1, column))
    # One assignment: Worksheet.merge_cells checks each new range against all the
    # others, which takes minutes for a 10,000-row table.
    sheet.merged_cells = MultiCellRange({MergedCellRange(sheet, coord) for coord in merged})
    widths = _widths(header, rows, max_widths)
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    # Neither Excel nor LibreOffice fits a row to its wrapped text when it opens a file.
    for n, row in enumerate(rows):
        lines = max(
            (_lines(cell, widths[c]) for c, cell in enumerate(row) if (n, c) not in spread),
            default=1,
        )
        sheet.row_dimensions[top + 1 + n].height = min(_LINE_HEIGHT * lines, 409)
    # Printed: landscape, all columns on the page, the header on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{top}:{top}"
    for more in extra:
        _write_sheet(book.create_sheet(more.name), more)
    # Saved in memory first: written straight to a full disk, the workbook's zip would
    # fail again when collected ("Exception ignored in ZipFile.__del__").
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


@dataclass
class Sheet:
    """A plain sheet beside the first: a bold header, then rows of text and numbers."""

    name: str
    header: Sequence[str]
    rows: list[list[str | int | float]]


def _write_sheet(sheet: Any, table: Sheet) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for c, name in enumerate(table.header, start=1):
        sheet.cell(1, c, name).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c, cell_value(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text (cell_value took any formula's edge off)
            cell.alignment = wrap
    text = [[str(value) for value in row] for row in table.rows]
    for n, width in enumerate(_widths(table.header, text, ()), start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = "A2"


_LINE_HEIGHT = 15  # points: one line of the default 11-point font


def _lines(text: str, width: int) -> int:
    """How many lines text wraps to in a column of width (Excel's units)."""
    room = max(width - 1, 1)
    return max(sum(-(-display_width(line) // room) or 1 for line in _LINE.split(text)), 1)


def _blank_runs(cells: Sequence[str]) -> list[tuple[int, int]]:
    """(first, last), from 1, of each filled cell together with the blank cells below it."""
    runs: list[tuple[int, int]] = []
    for n, cell in enumerate(cells, start=1):
        if cell:
            runs.append((n, n))
        elif runs:
            runs[-1] = (runs[-1][0], n)
    return [(first, last) for first, last in runs if last > first]


_LINE = re.compile(r"\r\n|\r|\n")


def _widths(header: Sequence[str], rows: Rows, max_widths: Sequence[int]) -> list[int]:
    """Column widths in Excel's units (a Chinese character takes about two)."""
    widths = []
    for n, name in enumerate(header):
        cap = max_widths[n] if n < len(max_widths) else 50
        longest = max(
            (display_width(line) for row in rows for line in _LINE.split(row[n]) if n < len(row)),
            default=0,
        )
        widths.append(min(max(longest, display_width(name)) + 2, cap))
    return widths
