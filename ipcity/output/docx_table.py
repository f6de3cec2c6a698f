"""Tables in Word: the header shaded and repeated on every page, cells in 五号仿宋,
numbers to the right, lights shaded as in the workbook, charts as small pictures."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ipcity.output import png
from ipcity.output.document import HEADER_FILL, LIGHT_FILLS, Bar, Column, Squares, Table
from ipcity.output.docx_body import Body
from ipcity.output.docx_page import (
    BODY_FONT,
    HEI_FONT,
    SMALL_PT,
    TABLE_PT,
    TITLE_FONT,
    TITLE_PT,
    add_paragraph,
    add_run,
    text_width_mm,
)

if TYPE_CHECKING:
    from docx.document import Document as Docx
    from docx.table import _Cell


def table(word: Docx, block: Table[Any], body: Body) -> None:
    """The table, written out of the document row by row as each is made (docx_body.py)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if block.title and block.level <= 1:  # a document's own title: an annex's (GB/T 9704 §8)
        add_paragraph(word, block.title, font=TITLE_FONT, size=TITLE_PT, center=True, indent=False)
    elif block.title:
        add_paragraph(word, block.title, font=HEI_FONT)
    if block.note:
        add_paragraph(word, block.note, size=SMALL_PT)
    if not block.rows:
        add_paragraph(word, block.empty)
        return
    columns = block.columns_for("reading", pictures=True)
    table = word.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    # Each column's width in the grid, which LibreOffice and WPS read, and in each cell,
    # which Word reads: a row added takes the grid's (never table.columns[n].cells, which
    # walks every cell of the table for each column).
    widths = _widths(columns, block.rows, text_width_mm(word))
    for grid, cell, width in zip(table.columns, header.cells, widths, strict=True):
        grid.width = cell.width = width
    _repeat_header(header)
    for cell, column in zip(header.cells, columns, strict=True):
        _cell_text(cell, column.header, bold=True, center=True)
        _shade(cell, HEADER_FILL)
    pictures = Pictures(body)
    body.begin_table(table._tbl)
    for row in block.rows:
        added = table.add_row()
        _keep_whole(added)
        for cell, column in zip(added.cells, columns, strict=True):
            _cell(cell, column, row, pictures)
        body.row(added._tr)
    body.end_table()
    word.add_paragraph().alignment = WD_ALIGN_PARAGRAPH.LEFT


class Pictures:
    """Charts put into a table's cells, each numbered as Word wants a picture numbered.
    python-docx numbers one by searching the whole document for the highest number so
    far: a report of 10,000 tasks has 5,000 bars, and the document grows with each. The
    document's body counts them (one search)."""

    def __init__(self, body: Body) -> None:
        self._body = body

    def add(self, paragraph: Any, picture: bytes, width: Any) -> None:
        from docx.oxml.shape import CT_Inline

        run = paragraph.add_run()
        part = run.part
        rid, image = part.get_or_add_image(io.BytesIO(picture))  # one part for equal bytes
        cx, cy = image.scaled_dimensions(width, None)
        number = self._body.picture_number()
        inline = CT_Inline.new_pic_inline(number, rid, image.filename, cx, cy)
        run._r.add_drawing(inline)


def _cell(cell: _Cell, column: Column[Any], row: Any, pictures: Pictures) -> None:
    from docx.shared import Pt

    if column.chart is not None:
        chart = column.chart(row)
        if isinstance(chart, Bar):
            picture, width = png.bar(chart), 45.0
        elif isinstance(chart, Squares):
            picture, width = png.squares(chart), 4.5 * max(len(chart.met), 1)
        else:
            return
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = Pt(0)
        pictures.add(paragraph, picture, Pt(min(width, 50)))
        return
    _cell_text(cell, column.cell(row), right=column.number is not None and column.light is None)
    light = column.light(row) if column.light is not None else None
    if light is not None:
        _shade(cell, LIGHT_FILLS[light][0])


def _cell_text(
    cell: _Cell, text: str, *, bold: bool = False, center: bool = False, right: bool = False
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for n, line in enumerate(text.split("\n")):
        if n:
            paragraph.runs[-1].add_break()
        add_run(paragraph, line, BODY_FONT, TABLE_PT, bold=bold)


def _shade(cell: _Cell, fill: str) -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {ns} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def _keep_whole(row: Any) -> None:
    """A row is never split across two pages (a unit's figures stay together)."""
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {ns} w:val="true"/>'))


def _repeat_header(row: Any) -> None:
    """The header row again at the top of every page the table runs onto."""
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {ns} w:val="true"/>'))


# At 五号 (10.5 pt) a half-width character is 1.9 mm wide in 仿宋, 2.2 in a wider stand-in; a
# cell pads about 2 mm on each side (Word's and LibreOffice's default cell margins), and a
# little more keeps a number with its unit (2750件) on one line.
_MM_PER_HALF = 2.2
_PADDING_MM = 5.0
_CHART_MM = 20.0


def _width(text: str) -> int:
    """Half-width characters text takes in a Chinese font, where ≥ and × take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _widths(columns: Sequence[Column[Any]], rows: Sequence[Any], text_mm: float) -> list[Any]:
    """Each column as wide as its longest line, within the 版心 (text_mm: 156 mm on a
    portrait page, 225 on a landscape one). Short cells that
    read badly broken (numbers, dates, names: `nowrap`) keep their width, but a long name
    gives some up to the column that takes the rest (_make_room); when the rest do not
    fit, the widest of them are narrowed to one width and wrap. Room to spare is shared
    out."""
    from docx.shared import Mm

    natural: list[float] = []
    fixed: list[bool] = []
    for column in columns:
        if column.chart is not None:
            natural.append(_CHART_MM)
            fixed.append(True)
            continue
        longest = max(
            # A header may wrap onto two lines, but two characters stay on one.
            [max(_width(column.header) / 2, min(_width(column.header), 4))]
            + [max(map(_width, column.cell(r).split("\n"))) for r in rows[:200]]
        )
        natural.append(longest * _MM_PER_HALF + _PADDING_MM)
        fixed.append(column.nowrap or column.number is not None)
    _make_room(columns, natural, fixed, text_mm)
    room = text_mm - sum(w for w, f in zip(natural, fixed, strict=True) if f)
    flexible = [w for w, f in zip(natural, fixed, strict=True) if not f]
    if flexible and sum(flexible) > room > 0:
        cap = _cap(flexible, room)
        natural = [w if f else min(w, cap) for w, f in zip(natural, fixed, strict=True)]
    scale = text_mm / sum(natural)
    return [Mm(width * scale) for width in natural]


# What a table is read for (a unit's reasons, a task's text: the column that takes the
# rest) gets at least this share of the 版心 when it has that much to say; names kept on
# one line (a unit's) give up width for it, down to six characters.
_REST_SHARE = 0.4
_NAME_FLOOR_MM = 12 * _MM_PER_HALF + _PADDING_MM


def _make_room(
    columns: Sequence[Column[Any]], natural: list[float], fixed: list[bool], text_mm: float
) -> None:
    """Narrow the names kept on one line (natural, in place) where the flexible columns
    would get less than they need of _REST_SHARE: 说明 8 characters wide beside a unit
    column as wide as 嘉兴经济开发区管委会."""
    if not any(c.rest for c in columns):
        return
    names = [
        n
        for n, c in enumerate(columns)
        if c.nowrap and c.number is None and natural[n] > _NAME_FLOOR_MM
    ]
    flexible = sum(w for w, f in zip(natural, fixed, strict=True) if not f)
    left = text_mm - sum(w for w, f in zip(natural, fixed, strict=True) if f)
    short = min(flexible, _REST_SHARE * text_mm) - left
    spare = sum(natural[n] - _NAME_FLOOR_MM for n in names)
    if short <= 0 or spare <= 0:
        return
    given = min(short, spare)
    for n in names:  # each in proportion to what it has past the floor
        natural[n] -= given * (natural[n] - _NAME_FLOOR_MM) / spare


def _cap(widths: list[float], room: float) -> float:
    """The width c at which sum(min(w, c)) fills the room exactly."""
    ordered = sorted(widths)
    spent = 0.0
    for n, width in enumerate(ordered):
        left = len(ordered) - n
        if spent + width * left >= room:
            return (room - spent) / left
        spent += width
    return ordered[-1]
