"""A document as an Excel/WPS workbook: one sheet per data table, each one printable.

Every sheet carries the document's title and date in its first rows (a printed sheet is
never undated), then the table's header, repeated on every printed page, and its rows.
Numbers stay numbers (counts, percentages as 12.5, targets and readings), so an office
can sort, total and chart them; a light is its word on a coloured fill (Excel's own
red, yellow and green styles). Pages are A4 landscape, one page wide, numbered.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipcity.output.document import HEADER_FILL, LIGHT_FILLS, Column, Document, Table
from ipcity.text import cell_text, display_width, visible

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_WIDTH = 60
LINE_HEIGHT = 15  # points: a line of 11 pt text
_SHEET_NAME_BANNED = re.compile(r"[\[\]:*?/\\]")


def write(doc: Document, path: Path) -> None:
    """Write the workbook; OSError when the file cannot be written."""
    from openpyxl import Workbook

    book = Workbook()
    tables = doc.tables("data")
    used: set[str] = set()
    for n, table in enumerate(tables):
        sheet = book.worksheets[0] if n == 0 else book.create_sheet()
        sheet.title = _sheet_name(visible(table.sheet or table.title or doc.title), used)
        _fill(sheet, doc, table)
    book.properties.title = visible(doc.title)
    # Saved in memory first: written straight to a full disk, the workbook's zip would
    # fail again when collected ("Exception ignored in ZipFile.__del__").
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def _sheet_name(wanted: str, used: set[str]) -> str:
    """A name Excel accepts: 31 characters, none of []:*?/\\, not starting or ending with
    an apostrophe, unique in the book."""
    base = _SHEET_NAME_BANNED.sub("_", wanted).strip("'")[:31] or "表"
    name, n = base, 2
    while name in used:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _fill(sheet: Worksheet, doc: Document, table: Table[Any]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = table.columns_for("data")
    width = max(len(columns), 1)
    last = get_column_letter(width)
    heading = [doc.title, f"{table.title}　{doc.dated}" if table.title else doc.dated]
    if table.note:
        heading.append(table.note)
    for n, text in enumerate(heading, start=1):
        cell = sheet.cell(n, 1, cell_text(text))
        cell.data_type = "s"
        cell.font = Font(bold=n == 1, size=14 if n == 1 else 11)
        sheet.merge_cells(f"A{n}:{last}{n}")
    top = len(heading) + 1
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for c, column in enumerate(columns, start=1):
        cell = sheet.cell(top, c, cell_text(column.data_header()))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {light: PatternFill("solid", fgColor=bg) for light, (bg, _) in LIGHT_FILLS.items()}
    fonts = {light: Font(bold=True, color=fg) for light, (_, fg) in LIGHT_FILLS.items()}
    for r, row in enumerate(table.rows, start=top + 1):
        for c, column in enumerate(columns, start=1):
            cell = sheet.cell(r, c, _value(column, row))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text (cell_value took any formula's edge off)
            cell.alignment = wrap
            light = column.light(row) if column.light is not None else None
            if light is not None:
                cell.fill = fills[light]
                cell.font = fonts[light]
    if not table.rows:
        sheet.cell(top + 1, 1, table.empty)
    widths = [_width(column, table.rows) for column in columns]
    for c, size in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = size
    if table.note:  # a legend longer than the table is wide wraps under the title
        note = sheet.cell(len(heading), 1)
        note.alignment = Alignment(wrap_text=True, vertical="top")
        lines = -(-display_width(table.note) // max(int(sum(widths)) - 2, 1))
        if lines > 1:
            sheet.row_dimensions[len(heading)].height = lines * LINE_HEIGHT
    for r, row in enumerate(table.rows, start=top + 1):
        lines = max(
            (_lines(column, row, w) for column, w in zip(columns, widths, strict=True)), default=1
        )
        if lines > 1:  # Excel does not fit a row to wrapped text it did not lay out itself
            sheet.row_dimensions[r].height = lines * LINE_HEIGHT
    sheet.freeze_panes = f"A{top + 1}"
    _print_setup(sheet, top)


def _value(column: Column[Any], row: Any) -> float | str | None:
    """A number stays a number; text is made safe (cell_text: it cannot start a formula)."""
    if column.number is not None:
        return column.number(row)
    return cell_text(column.cell(row))


def _lines(column: Column[Any], row: Any, width: float) -> int:
    """How many lines a cell's text takes wrapped at the column's width."""
    room = max(int(width) - 1, 1)
    text = str(_value(column, row) or "")
    return sum(-(-max(display_width(line), 1) // room) for line in text.splitlines() or [""])


def _width(column: Column[Any], rows: Any) -> float:
    """As wide as the longest line in the column (a Chinese character takes two), capped;
    or the width the column asks for."""
    if column.sheet_width is not None:
        return column.sheet_width
    longest = display_width(column.data_header())
    for row in rows:
        for line in str(_value(column, row) or "").splitlines() or [""]:
            longest = max(longest, display_width(line))
    return min(longest + 2, MAX_WIDTH)


def _print_setup(sheet: Worksheet, header_row: int) -> None:
    """A4 landscape, every column on the page, the title and header on every page, and
    the page number at the foot."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"1:{header_row}"
    footer = sheet.oddFooter
    if footer is not None:
        footer.center.text = "第 &P 页，共 &N 页"
