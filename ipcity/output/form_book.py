"""A unit's fill-in form (填报表) as an Excel/WPS workbook, read back by `ipcity collect`.

What a liaison sees, on each sheet (任务进展, then 量化指标 and 经常性工作 where the unit
has such lines): the plan's title, the period, the unit, the day to return it by and a
line of instructions; then its lines, each with light-yellow cells to fill in.
Everything else is locked (sheet protection without a password: it guards against
slips, not people); rows may be made taller. Each sheet prints on A4 landscape, one page
wide, its column header on every page. A hidden sheet says what the form is
(plan/forms.py's layout).

Every text from the plan or the log is written as text: nothing becomes a formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipcity.answers.forms import DutyLine, Form, ReadingLine
from ipcity.answers.owed import PartLine
from ipcity.errors import OutputError
from ipcity.output.columns import due_text, part_status_text
from ipcity.output.document import HEADER_FILL
from ipcity.output.write import file_name, folder_for, freed_as_they_go
from ipcity.plan import forms as layout
from ipcity.text import chinese_number, display_width

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FILL_COLOUR = "FFF2CC"  # Excel's light yellow: the cells to fill in
LINE_PT = 14.5  # one line of text
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
Line = PartLine | ReadingLine | DutyLine
Placed = list[tuple[str, int, layout.LineKey, str]]  # each line's sheet, row, key and 序号


def instructions(form: Form, sheets: Sequence[str]) -> str:
    """The tasks' sheet's instructions: the whole form's."""
    back = f"于 {form.due.isoformat()} 前" if form.due else ""
    office = form.office or "领导小组办公室"
    more = ""
    if len(sheets) > 1:
        names = "、".join(f"「{name}」" for name in sheets)
        more = f"本表共 {len(sheets)} 个工作表（{names}），请逐一填写。"
    return (
        f"填写说明：{more}只在浅黄色单元格中填写，其他单元格不能修改；请勿增删行列、"
        "改动表格结构。“本期状态”从下拉列表中选择；已完成的，在“佐证材料”中写明文号或"
        "材料名称，经办公室核查后计为完成；需要延期的，填写“申请延期至”（如 2010-06-30）"
        f"和“延期理由”，经批准后生效。填好后请{back}将本文件（xlsx 格式）报回{office}。"
    )


NOTES = {
    "reading": (
        "填写说明：“本期读数”只填数字（截至本期末的数），不写单位和千位分隔符，如 2600 或 92.5。"
    ),
    "duty": (
        "填写说明：写明本期办了几次，并在“每次的日期”中写明每次的日期，"
        "用顿号隔开，如 2009-03-15、2009-05-20。"
    ),
}


def write_all(forms: Sequence[Form], folder: Path) -> list[Path]:
    """Each form as FOLDER/UNIT.xlsx (the folder made when missing); the files written.
    Raises OutputError naming the file that cannot be written."""
    folder_for(folder)
    used: set[str] = set()
    paths = []
    with freed_as_they_go():
        for form in forms:
            path = folder / file_name(form.unit, ".xlsx", used)
            try:
                with freed_as_they_go():  # each workbook let go once written
                    write(form, path)
            except OSError as exc:
                raise OutputError.writing(path, exc) from None
            paths.append(path)
    return paths


def write(form: Form, path: Path) -> None:
    """Write the workbook; OSError when it cannot be written."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    book = Workbook()
    placed = _sheets(book, form)
    _meta(book.create_sheet(layout.META_SHEET), form, placed)
    book.security = WorkbookProtection(lockStructure=True)  # no password
    book.properties.title = _safe(f"{form.unit} {form.label}工作进展填报表")
    book.properties.creator = "ipcity"
    book.save(path)


def _safe(text: str) -> str:
    """Text a workbook can hold: control characters shown by their code, not dropped."""
    return _NOT_IN_XLSX.sub(lambda m: f"\\x{ord(m[0]):02X}", text)[:32000]


def _put(sheet: Worksheet, row: int, col: int, value: Any, **style: Any) -> Any:
    """A cell with its value; text stays text, whatever it starts with (=, +, @)."""
    cell = sheet.cell(row, col)
    if isinstance(value, str):
        cell.value = _safe(value)
        cell.data_type = "s"
    elif value is not None:
        cell.value = value
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _sheets(book: Workbook, form: Form) -> Placed:
    """A sheet for the tasks, and one for each other kind of line the form has."""
    kinds: list[tuple[str, Sequence[Line]]] = [
        ("task", form.tasks),
        ("reading", form.readings),
        ("duty", form.duties),
    ]
    kinds = [(kind, lines) for kind, lines in kinds if lines or kind == "task"]
    names = [layout.SHEETS[kind] for kind, _ in kinds]
    placed: Placed = []
    keys = iter(form.keys)
    for n, (kind, lines) in enumerate(kinds):
        sheet = book.active if n == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = names[n]
        note = instructions(form, names) if kind == "task" else NOTES[kind]
        _head(sheet, form, kind, f"{chinese_number(n + 1)}、{names[n]}（{len(lines)} 项）", note)
        row = layout.HEADER_ROW + 1
        for line in lines:
            cells = _cells(line)
            _line(sheet, row, layout.COLUMNS[kind], cells)
            placed.append((names[n], row, next(keys), cells[0]))
            row += 1
        if not lines:
            _put(sheet, row, 1, "本期没有要填报的任务。")
        _validations(sheet, [r for s, r, k, _ in placed if s == names[n]], kind)
        _protect_and_print(sheet, form, names[n])
    return placed


def _head(sheet: Worksheet, form: Form, kind: str, heading: str, note: str) -> None:
    """Title, period and section, the unit and the form's id, the instructions, the header."""
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    columns = layout.COLUMNS[kind]
    for n, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = column.width
    end = get_column_letter(len(columns))
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    _put(sheet, 1, 1, form.title, font=Font(name="黑体", size=16, bold=True), alignment=center)
    _put(sheet, 2, 1, f"{form.label}工作进展填报表　{heading}", alignment=center)
    sheet.cell(2, 1).font = Font(size=13, bold=True)
    _put(sheet, 3, 1, f"{layout.UNIT_PREFIX}{form.unit}", font=Font(bold=True))
    _put(sheet, 3, 3, f"报回期限：{form.due.isoformat() if form.due else '—'}")
    right = Alignment(horizontal="right", vertical="center")
    if kind == "task":
        _put(sheet, 3, 5, "填报日期：", alignment=right)
        _put(
            sheet,
            3,
            6,
            None,
            fill=PatternFill("solid", fgColor=FILL_COLOUR),
            protection=Protection(locked=False),
            number_format="@",
            border=_border(),
        )
        _put(sheet, 3, 7, f"如 {form.last.isoformat()}；不填按期末")
    _put(sheet, 3, len(columns), f"表格编号：{form.id}", alignment=right)
    for row in (1, 2, 4):
        sheet.merge_cells(f"A{row}:{end}{row}")
    sheet.merge_cells("A3:B3")
    _put(sheet, 4, 1, note, alignment=Alignment(wrap_text=True, vertical="center"))
    total = sum(c.width for c in columns)
    sheet.row_dimensions[1].height = 26
    sheet.row_dimensions[2].height = 20
    sheet.row_dimensions[3].height = 18
    sheet.row_dimensions[4].height = LINE_PT * _lines(note, total * 0.95) + 4
    _column_header(sheet, columns)


def _column_header(sheet: Worksheet, columns: Sequence[layout.Column]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    grey = PatternFill("solid", fgColor=HEADER_FILL)
    yellow = PatternFill("solid", fgColor=FILL_COLOUR)
    row = layout.HEADER_ROW
    for n, column in enumerate(columns, start=1):
        _put(
            sheet,
            row,
            n,
            column.header,
            font=Font(bold=True),
            fill=yellow if column.fill else grey,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=_border(),
        )
    sheet.row_dimensions[row].height = 30
    sheet.print_title_rows = f"{row}:{row}"
    sheet.freeze_panes = f"A{row + 1}"


def _border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="808080")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _cells(line: Line) -> list[str]:
    """The fixed cells of a line, A onwards, as text."""
    if isinstance(line, PartLine):
        work = f"{line.content}\n{line.target}" if line.target else line.content
        part = line.part
        due = due_text(part["due"], part["original_due"])
        deadline = f"{line.deadline}\n（{due}）" if due and due != line.deadline else line.deadline
        if part["requested_due"]:
            deadline += f"\n已申请延至 {part['requested_due']}，待批准"
        last = "无记录"
        if line.last_date is not None:
            last = line.last_date.isoformat() + (f" {line.last_note}" if line.last_note else "")
        return [line.task, work, deadline, part_status_text(part), last]
    if isinstance(line, ReadingLine):
        whose = "全市" if line.city else "本单位"
        target = "—（无分解指标）"
        if line.target is not None:
            sign = "≥" if line.direction == ">=" else "≤"
            target = f"{sign}{_number(line.target)}"
        last = "无"
        if line.last is not None:
            last = f"{_number(line.last[1])}（{line.last[0].isoformat()}）"
        return [line.task, f"{line.name}（{whose}）", target, line.measure or "—", last]
    asked = f"{line.periods} {line.asked} 次"
    return [line.task, line.name, line.requirement, asked, f"{line.held} 次"]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _line(sheet: Worksheet, row: int, columns: Sequence[layout.Column], cells: list[str]) -> None:
    from openpyxl.styles import Alignment, PatternFill, Protection

    wrap = Alignment(wrap_text=True, vertical="top")
    yellow = PatternFill("solid", fgColor=FILL_COLOUR)
    for n, column in enumerate(columns, start=1):
        if column.fill:
            number = column.key in ("reading", "times")
            _put(
                sheet,
                row,
                n,
                None,
                fill=yellow,
                protection=Protection(locked=False),
                number_format="General" if number else "@",
                alignment=wrap,
                border=_border(),
            )
        else:
            _put(sheet, row, n, cells[n - 1], alignment=wrap, border=_border())
    lines = max(_lines(text, columns[n].width) for n, text in enumerate(cells))
    least = 3 if len(columns) == len(layout.TASK_COLUMNS) else 2  # room to write an answer
    sheet.row_dimensions[row].height = min(LINE_PT * max(lines, least) + 4, 409)


def _lines(text: str, width: float) -> int:
    """How many lines text wraps to in a column of width (Excel's units)."""
    room = max(int(width) - 1, 1)
    return sum(max(-(-display_width(part) // room), 1) for part in text.split("\n"))


def _validations(sheet: Worksheet, rows: list[int], kind: str) -> None:
    """The drop-down of status words, and a prompt on each kind of cell to fill in."""
    from openpyxl.worksheet.datavalidation import DataValidation

    checks: list[tuple[DataValidation, str]] = []
    if kind == "task":
        words = ",".join(layout.STATUS_CHOICES)
        status = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
        status.error = f"请从下拉列表中选择：{'、'.join(layout.STATUS_CHOICES)}"
        status.errorTitle = status.promptTitle = "本期状态"
        status.prompt = "从下拉列表中选择这项任务本期末的状态"
        status.showErrorMessage = True
        extend = DataValidation(type="custom", formula1="TRUE", allow_blank=True)
        extend.prompt = "需要延期才填：延至哪一天，如 2010-06-30；并在右边写明理由"
        checks += [(status, "F"), (extend, "K")]
    elif kind == "reading":
        reading = DataValidation(type="custom", formula1="TRUE", allow_blank=True)
        reading.prompt = "只填数字，不写单位，如 2600 或 92.5"
        checks.append((reading, "F"))
    else:
        times = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        times.error = "请填次数（整数），如 2"
        times.errorTitle = "本期已办次数"
        times.prompt = "本期办了几次；在右边写明每次的日期，如 2009-03-15、2009-05-20"
        times.showErrorMessage = True
        checks.append((times, "F"))
    for check, column in checks:
        check.showInputMessage = True
        if rows:
            check.add(f"{column}{rows[0]}:{column}{rows[-1]}")
            sheet.add_data_validation(check)


def _protect_and_print(sheet: Worksheet, form: Form, name: str) -> None:
    from openpyxl.worksheet.properties import PageSetupProperties

    protection = sheet.protection
    protection.sheet = True  # no password: a guard against slips
    protection.formatRows = False  # rows may be made taller for long answers
    protection.formatColumns = False
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    sheet.print_options.horizontalCentered = True
    title = f"{form.unit} {form.label}工作进展填报表 {name}".replace("&", "&&")
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None and footer is not None
    header.center.text = _safe(title)
    footer.center.text = "第 &P 页，共 &N 页"


def _meta(sheet: Worksheet, form: Form, placed: Placed) -> None:
    """The hidden sheet: what the form is, and which line each fill-in row is."""
    values: dict[str, str] = {
        "format": layout.FORMAT,
        "plan_title": form.title,
        "plan_digest": form.digest,
        "unit": form.unit,
        "period": form.period,
        "period_label": form.label,
        "first": form.first.isoformat(),
        "last": form.last.isoformat(),
        "form_id": form.id,
        "issued": form.issued.isoformat(),
        "due": form.due.isoformat() if form.due else "",
    }
    for n, field in enumerate(layout.META_KEYS, start=1):
        _put(sheet, n, 1, field)
        _put(sheet, n, 2, values[field])
    top = len(layout.META_KEYS) + 2
    for n, name in enumerate(layout.LINES_HEADER, start=1):
        _put(sheet, top, n, name)
    for offset, (name, row, key, number) in enumerate(placed, start=1):
        for n, value in enumerate((name, row, key.kind, key.task, key.name, number), start=1):
            _put(sheet, top + offset, n, value)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True
