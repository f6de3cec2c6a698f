"""Drawing plain rows: a Rich table for a terminal; JSON, CSV, Markdown for scripts and documents.

The only module that imports rich, and only when a table is drawn: the machine formats
never pass through a Rich console (it would wrap them).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from ipcity.errors import Problem, join_names
from ipcity.models import STATUS_LABELS, Status

FORMATS = ("table", "json", "csv", "md")
Row = dict[str, Any]

ROLE_LABELS = {"responsible": "牵头", "cooperating": "配合"}


def _names(value: Any) -> str:
    return join_names(value) if value else ""


def _status(row: Row) -> str:
    label = STATUS_LABELS[Status(row["status"])]
    return f"{label} 逾期" if row.get("overdue") else label


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    show: Callable[[Row], str] | None = None
    # Terminal table widths, in cells (a Chinese character takes two). Rich measures text
    # without spaces as one unbreakable word, so the task tables set widths themselves:
    # `width` fixed, `share` a fraction of what is left (kept within min..max), and the
    # column with `rest` takes the remainder.
    width: int | None = None
    share: float | None = None
    min_width: int = 8
    max_width: int = 40
    rest: bool = False

    def text(self, row: Row) -> str:
        if self.show is not None:
            return self.show(row)
        value = row.get(self.key)
        if value is None:
            return ""
        if isinstance(value, list):
            return _names(value)
        return str(value)


ID = Column("id", "序号", width=4)
CONTENT = Column("content", "工作内容")
TARGET = Column("target", "目标要求")
DEADLINE = Column("deadline_text", "工作进度", width=10)
DUE = Column("due", "期限", width=10)
RESPONSIBLE = Column("responsible", "责任单位", share=0.2, min_width=12, max_width=20)
COOPERATING = Column("cooperating", "配合单位", share=0.2, min_width=12, max_width=20)
STATUS = Column("status", "状态", _status, width=11)
ROLE = Column("role", "职责", lambda r: ROLE_LABELS.get(r.get("role") or "", ""), width=4)

UPDATED = Column("updated", "最近记录", width=10)

TASK_COLUMNS = [ID, CONTENT, TARGET, DEADLINE, RESPONSIBLE, COOPERATING, STATUS]
DUE_COLUMNS = [ID, DUE, CONTENT, TARGET, RESPONSIBLE, STATUS]
UNIT_COLUMNS = [
    Column("name", "单位"),
    Column("kind", "类别"),
    Column("aliases", "别名"),
    Column("responsible", "牵头任务"),
    Column("cooperating", "配合任务"),
]


def task_columns(rows: Sequence[Row]) -> list[Column]:
    """The annex's columns, with 职责 when a unit filter gave the rows a role."""
    if any(row.get("role") for row in rows):
        return [*TASK_COLUMNS, ROLE]
    return TASK_COLUMNS


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
        json.dump(list(rows), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.header for c in columns])
        writer.writerows([c.text(row) for c in columns] for row in rows)
    elif fmt == "md":
        out.write(markdown(rows, columns, title=title))
    else:
        _table([[c.text(r) for c in columns] for r in rows], columns, title=title, out=out)


def tasks(rows: Sequence[Row], fmt: str, *, due_first: bool = False, updated: bool = False) -> None:
    """Tasks in the annex's columns. The terminal table reads like the printed annex:
    a work item's 工作内容 heads its tasks once, and each task shows its 目标要求.
    updated adds the date of each task's latest record (for `list --stale`)."""
    columns = DUE_COLUMNS if due_first else task_columns(rows)
    if updated:
        columns = [*columns, UPDATED]
    if fmt != "table":
        render(rows, fmt, columns)
        return
    shown = [c for c in columns if c.key not in ("content", "target")]
    at = 2 if due_first else 1
    target = Column("target", "工作内容 / 目标要求", rest=True)
    layout = [*shown[:at], target, *shown[at:]]
    cells: list[list[str]] = []
    headings: set[int] = set()
    item = None
    for row in rows:
        if row["target"] and row["item"] != item:
            headings.add(len(cells))
            cells.append([row["item"] if c is ID else "" for c in layout])
            cells[-1][layout.index(target)] = row["content"]
        item = row["item"]
        cells.append([_table_cell(c, row) for c in layout])
    _table(cells, layout, title=None, out=sys.stdout, bold=frozenset(headings))


def _table_cell(column: Column, row: Row) -> str:
    if column.key == "target":
        return str(row["target"] or row["content"])
    if column.key in ("responsible", "cooperating"):
        return "\n".join(row[column.key])  # a unit a line: names never break in the middle
    return column.text(row)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def markdown(rows: Sequence[Row], columns: Sequence[Column], *, title: str | None = None) -> str:
    lines = [f"**{title}**", ""] if title else []
    lines.append("| " + " | ".join(c.header for c in columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines += ["| " + " | ".join(_md_cell(c.text(r)) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _console(out: IO[str]) -> Any:
    from rich.console import Console

    return Console(file=out, highlight=False, emoji=False, markup=False)


def _table(
    cells: Sequence[Sequence[str]],
    columns: Sequence[Column],
    *,
    title: str | None,
    out: IO[str],
    bold: frozenset[int] = frozenset(),
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = _console(out)
    widths = _widths(columns, console.width)
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for c, width in zip(columns, widths, strict=True):
        table.add_column(c.header, width=width, overflow="fold")
    for i, row in enumerate(cells):
        table.add_row(*(Text(v) for v in row), style="bold" if i in bold else None)
    console.print(table)


def _widths(columns: Sequence[Column], total: int) -> list[int | None]:
    """Fixed widths for a table whose columns declare them; None lets Rich measure."""
    if not any(c.rest for c in columns):
        return [c.width for c in columns]
    flexible = total - 3 * len(columns) - sum(c.width or 0 for c in columns)
    widths: list[int | None] = []
    for c in columns:
        if c.share:
            widths.append(max(c.min_width, min(c.max_width, int(flexible * c.share))))
        else:
            widths.append(c.width)
    rest = flexible - sum(w for c, w in zip(columns, widths, strict=True) if c.share and w)
    return [max(rest, 10) if c.rest else w for c, w in zip(columns, widths, strict=True)]


def number(value: float) -> str:
    """A reading as a person writes it: 1320, not 1320.0 or 1.32e+03."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e16 else repr(value)


def readings(row: Row) -> str:
    return "、".join(f"{name}={number(v)}" for name, v in (row.get("values") or {}).items())


LOG_COLUMNS = [
    Column("task", "序号", width=4),
    Column("date", "日期", width=10),
    Column("status", "状态", lambda r: STATUS_LABELS[Status(r["status"])], width=6),
    Column("by", "报告单位", share=0.2, min_width=12, max_width=20),
    Column("note", "说明", rest=True),
    Column("values", "指标读数", readings, share=0.2, min_width=8, max_width=24),
    Column("evidence", "佐证", share=0.2, min_width=12, max_width=24),
]


def records(rows: Sequence[Row], fmt: str) -> None:
    """Status records, one a row: JSON keys task, date, status, by, note, values, evidence."""
    if fmt == "table" and not rows:
        sys.stdout.write("没有符合条件的进度记录\n")
        return
    columns = LOG_COLUMNS
    if fmt == "table":  # a terminal is narrow: leave out what no row has
        optional = ("values", "evidence")
        columns = [c for c in columns if c.key not in optional or any(r[c.key] for r in rows)]
    render(rows, fmt, columns)


def record_detail(row: Row, out: IO[str] | None = None, fmt: str = "table") -> None:
    """One task whole (the annex's fields, one per line) and its history."""
    out = out or sys.stdout
    if fmt == "json":
        render([row], "json", [], out=out)  # a list of one, like every JSON output
        return
    fields = [
        ("序号", row["id"]),
        ("工作内容", row["content"]),
        ("目标要求", row["target"]),
        ("工作进度", row["deadline_text"] + (f"（{row['due']}）" if row["due"] else "")),
        ("责任单位", _names(row["responsible"])),
        ("配合单位", _names(row["cooperating"])),
        ("状态", _status(row)),
    ]
    history = [
        {
            "date": h["date"],
            "status": STATUS_LABELS[Status(h["status"])],
            "by": h["by"] or "",
            "note": h["note"] or "",
            "values": readings(h),
            "evidence": h["evidence"] or "",
        }
        for h in row["history"]
    ]
    history_columns = [
        Column("date", "日期"),
        Column("status", "状态"),
        Column("by", "报告单位"),
        Column("note", "说明"),
        Column("values", "指标读数"),
        Column("evidence", "佐证"),
    ]
    if fmt == "md":
        out.write("\n".join(f"- **{k}**：{_md_cell(v)}" for k, v in fields) + "\n\n")
        out.write(
            markdown(history, history_columns, title="进度记录") if history else "暂无进度记录\n"
        )
        return
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows([[k, v] for k, v in fields])
        return
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for key, value in fields:
        grid.add_row(key, Text(value))
    console = _console(out)
    console.print(grid)
    console.print()
    if history:
        rows = [[c.text(h) for c in history_columns] for h in history]
        _table(rows, history_columns, title="进度记录", out=out)
    else:
        console.print("暂无进度记录")


def problems(found: Sequence[Problem], out: IO[str] | None = None) -> None:
    """Every problem: FILE:LINE:COL: error: MESSAGE, the line, and the fix. Plain text."""
    out = out or sys.stdout
    for problem in found:
        out.write(problem.format() + "\n")
    if found:
        files = len({p.file for p in found})
        out.write(f"共 {len(found)} 个错误，在 {files} 个文件中\n")
