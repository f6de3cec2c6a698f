"""A returned fill-in form read back (`ipcity collect`): what its hidden sheet says, the
header cells a person may have touched, and each fill-in line with something in it.

The workbook is untrusted: it comes back by mail from a unit. It is read within bounds
(its size packed and unpacked, the rows its hidden sheet names, the form's columns), cell
values as they are (a formula is refused, never computed), and anything wrong becomes a
problem at its cell, never an exception. What the values mean is the collector's
business (log/collect.py); the layout is plan/forms.py's.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ipcity.plan import forms as layout
from ipcity.plan.forms import Cell, CellValue, FilledLine, LineKey, Returned

_MAX_ENTRIES = 200  # parts in the zip: a form has about twenty
_KINDS = {"task", "reading", "duty"}


def read(path: Path, name: str | None = None) -> Returned:
    """The form in the workbook at path; its problems on it (nothing else raises)."""
    found = Returned(name or str(path))
    raw = _bytes(path, found)
    if raw is None:
        return found
    try:
        _read_book(raw, found)
    except Exception as exc:
        found.problem(
            None,
            f"无法读取这个 xlsx 文件（{type(exc).__name__}: {str(exc)[:200]}）",
            "请在 Excel 或 WPS 中打开，另存为 .xlsx 后再收集",
        )
    return found


def _bytes(path: Path, found: Returned) -> bytes | None:
    if path.suffix.lower() != ".xlsx":
        found.problem(
            None,
            f"只收集 .xlsx 文件（ipcity forms 生成的填报表），这是「{path.suffix or '无扩展名'}」",
            "在 Excel 或 WPS 中打开，另存为 Excel 工作簿（.xlsx）后再收集",
        )
        return None
    try:
        size = path.stat().st_size
        if size > layout.MAX_FILE_BYTES:
            found.problem(None, f"文件过大（{size >> 20} MB）：填报表不会超过 20 MB")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        found.problem(None, f"无法读取：{exc.strerror or exc}")
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        found.problem(
            None,
            f"不是 xlsx 文件（{exc}）",
            "请在 Excel 或 WPS 中打开，另存为 Excel 工作簿（.xlsx）后再收集",
        )
        return None
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > _MAX_ENTRIES or unpacked > layout.MAX_UNPACKED_BYTES:
        found.problem(
            None, f"文件解压后过大（{len(parts)} 个部件，{unpacked >> 20} MB），不是填报表"
        )
        return None
    return raw


def _read_book(raw: bytes, found: Returned) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False)
    try:
        names = book.sheetnames
        if layout.META_SHEET not in names:
            found.problem(
                None,
                f"这不是 ipcity forms 生成的填报表（没有隐藏的「{layout.META_SHEET}」工作表）",
                "请用 ipcity forms 生成的表格填写；另存时保持 .xlsx 格式，不要复制到新文件",
            )
            return
        places = _meta(book[layout.META_SHEET], found)
        if places is None:
            return
        for sheet_name in dict.fromkeys(sheet for sheet, *_ in places):
            if sheet_name not in names:
                found.problem(
                    None,
                    f"找不到「{sheet_name}」工作表（改过表名，或删掉了？）",
                    "请用原表填写，不要改动工作表",
                )
                continue
            mine = [p for p in places if p[0] == sheet_name]
            _lines(book[sheet_name], sheet_name, mine, found)
    finally:
        book.close()


Place = tuple[str, int, LineKey, str]  # sheet, row, key, what its 序号 cell shows


def _meta(sheet: Any, found: Returned) -> list[Place] | None:
    """The hidden sheet's fields and lines; None (with a problem) when it is not a form's."""
    top = len(layout.META_KEYS) + 2
    rows = list(_values(sheet, top + layout.MAX_ROWS, len(layout.LINES_HEADER)))
    meta = {_text(row[0]): _text(row[1]) for row in rows[: top - 2] if row}
    broken = [key for key in layout.META_KEYS if key not in meta]
    if meta.get("format") != layout.FORMAT or broken:
        found.problem(
            None,
            f"表格的隐藏信息（「{layout.META_SHEET}」工作表）不全或被改动过"
            + (f"：缺少 {'、'.join(broken)}" if broken else ""),
            "请用 ipcity forms 生成的原表填写；改坏了的，重新生成一份请该单位重填",
        )
        return None
    found.meta = meta
    places: list[Place] = []
    for row in rows[top:]:
        if not row or all(_text(v) == "" for v in row):
            break
        sheet_name, number, kind, task, name, label = (_text(v) for v in (*row, *[""] * 6)[:6])
        if kind not in _KINDS or not number.isdigit() or sheet_name not in layout.SHEETS.values():
            found.problem(
                None,
                f"表格的隐藏信息（「{layout.META_SHEET}」工作表）被改动过："
                f"第 {top + len(places) + 1} 行不是一行填报内容",
                "请用 ipcity forms 生成的原表填写",
            )
            return None
        key = LineKey(kind, task, name)  # type: ignore[arg-type]  # kind checked above
        places.append((sheet_name, int(number), key, label))
    found.keys = [key for _, _, key, _ in places]
    return places


def _lines(sheet: Any, name: str, places: list[Place], found: Returned) -> None:
    """The fill-in lines of one sheet, and its header cells."""
    kind = places[0][2].kind if places else "task"
    columns = layout.COLUMNS[kind]
    last_row = max([row for _, row, _, _ in places], default=layout.HEADER_ROW)
    rows = list(_cells(sheet, min(last_row, layout.MAX_ROWS), len(columns)))

    def cell(row: int, col: int, header: str) -> Cell:
        raw = rows[row - 1][col - 1] if row <= len(rows) and col <= len(rows[row - 1]) else None
        ref = f"{'ABCDEFGHIJKL'[col - 1]}{row}"
        if getattr(raw, "data_type", None) == "f":
            found.problem(
                Cell(name, ref, row, col, None, header),
                "是公式：填报表只收填写的内容，不计算公式",
                "删去公式，直接填写数字或文字",
            )
            return Cell(name, ref, row, col, None, header)
        return Cell(name, ref, row, col, _value(raw), header)

    found.unit_cells.append(cell(3, 1, "填报单位"))
    if name == layout.TASK_SHEET:
        found.filled_on = cell(3, 6, "填报日期")
    for _, row, key, label in places:
        number, title = cell(row, 1, columns[0].header), cell(row, 2, columns[1].header)
        if _text(number.value) != label or not _text(title.value).startswith(key.name):
            what = f"{layout.KIND_WORDS[key.kind]} {key.task} {key.name}".rstrip()
            # The row as a person reads it: its 序号 and the start of its text on one line.
            now = " ".join(f"{_text(number.value)} {_text(title.value)[:20]}".split())
            found.problem(
                number,
                f"这一行应是{what}，现在是{f'「{now}」' if now else '空行'}："
                "表格的行被移动、插入或删除过",
                "请在原表中填写，不要增删、移动行",
            )
            continue
        cells = {
            column.key: cell(row, n, column.header)
            for n, column in enumerate(columns, start=1)
            if column.fill
        }
        if any(not c.blank for c in cells.values()):
            found.lines.append(FilledLine(key, name, row, cells))


def _values(sheet: Any, rows: int, cols: int) -> Iterator[tuple[Any, ...]]:
    for row in sheet.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True):
        yield tuple(row)


def _cells(sheet: Any, rows: int, cols: int) -> Iterator[list[Any]]:
    """Rows of cells within bounds: only the rows and columns a form has are parsed. A
    formula cell is kept whole (to be refused); any other as its value."""
    for row in sheet.iter_rows(min_row=1, max_row=rows, max_col=cols):
        yield [c if getattr(c, "data_type", None) == "f" else c.value for c in row]


def _value(value: Any) -> CellValue:
    """A cell's value as the collector reads it: text, a number, a date (a datetime at
    midnight is the date typed), a time as its text."""
    if isinstance(value, datetime):
        return value.date() if value.time() == time() else value
    if value is None or isinstance(value, date | str | int | float | bool):
        return value
    return str(value)


def _text(value: Any) -> str:
    """A value as text: a row number saved as 12.0 is 12."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
