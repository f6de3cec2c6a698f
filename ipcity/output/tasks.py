"""Tasks and their records as a person reads them: the annex's columns, a work item's
工作内容 heading its tasks, one task whole with its history."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import IO

from ipcity.output.columns import (
    DUE_COLUMNS,
    ID,
    LOG_COLUMNS,
    LOG_STATUS_NARROW,
    ROLE_LABELS,
    STATUS,
    STATUS_UPDATED,
    UPDATED,
    Column,
    Row,
    due_text,
    entry_by_text,
    entry_note_text,
    entry_status_text,
    evidence_text,
    names,
    part_status_text,
    readings,
    status_text,
    task_columns,
)
from ipcity.output.markdown import markdown, md_cell
from ipcity.output.safe import terminal_text
from ipcity.output.terminal import console, streamed, table
from ipcity.output.text import render, write_json_rows
from ipcity.plan.shapes import Status
from ipcity.text import csv_line


def tasks(
    rows: Sequence[Row],
    fmt: str,
    *,
    due_first: bool = False,
    limit: int = 0,
    updated: bool = False,
) -> None:
    """Tasks in the annex's columns. The terminal table reads like the printed annex:
    a work item's 工作内容 heads its tasks once, and each task shows its 目标要求.
    A table shows at most limit tasks (0: all); the other formats always show all.
    updated adds the date of each task's latest record (for `list --stale`)."""
    columns = DUE_COLUMNS if due_first else task_columns(rows)
    if updated:
        columns = [*columns, UPDATED]
    if fmt != "table":
        render(rows, fmt, columns)
        return
    total = len(rows)
    if limit and total > limit:
        rows = rows[:limit]
    # A unit's role goes under the task's number: at 80 columns there is no room for
    # a column of its own.
    shown = [c for c in columns if c.key not in ("content", "target", "role", "updated")]
    if updated:  # and the latest record's date under the status, for the same reason
        shown = [STATUS_UPDATED if c is STATUS else c for c in shown]
    at = 2 if due_first else 1
    target = Column("target", "工作内容 / 目标要求", rest=True)
    layout = [*shown[:at], target, *shown[at:]]
    cells: list[list[str]] = []
    headings: set[int] = set()
    item = None
    for row in rows:
        if row["target"] and row["item"] != item and row["id"] != row["item"]:
            headings.add(len(cells))
            cells.append([row["item"] if c is ID else "" for c in layout])
            cells[-1][layout.index(target)] = row["content"]
        item = row["item"]
        cells.append([_table_cell(c, row) for c in layout])
    table(cells, layout, title=None, out=sys.stdout, bold=frozenset(headings))
    _cut_at_limit(len(rows), total, "前", "项")


def _cut_at_limit(shown: int, total: int, which: str, noun: str) -> None:
    """What a terminal table cut at --limit says under it."""
    if shown < total:
        sys.stdout.write(
            f"仅显示{which} {shown} {noun}，共 {total} {noun}。"
            "--limit 0 显示全部；--format csv、md 或 json 输出全部。\n"
        )


def _table_cell(column: Column, row: Row) -> str:
    if column is ID and row.get("role"):
        return f"{row['id']}\n{ROLE_LABELS[row['role']]}"
    if column.key == "target":
        if row["id"] == row["item"] and row["target"]:  # an item that is one task (14)
            return f"{row['content']}\n{row['target']}"
        return str(row["target"] or row["content"])
    if column.key in ("responsible", "cooperating"):
        return "\n".join(row[column.key])  # a unit a line: names never break in the middle
    moved = row.get("original_due") is not None and row["due"] != row["original_due"]
    if moved and column.key == "due":  # an approved extension: the plan's date beside it
        return f"{row['due']}\n原定 {row['original_due']}"
    if moved and column.key == "deadline_text":
        return f"{row['deadline_text']}\n经批准延至 {row['due']}"
    return column.text(row)


def records(rows: Iterable[Row], fmt: str, *, total: int) -> None:
    """Status records, one a row: JSON keys task, date, status, by, note, values, evidence.
    Written a row at a time (a province's 100,000), rows iterated once a pass; a table
    says so under it when rows are the first of `total`."""
    if fmt == "json":
        write_json_rows(rows, total, sys.stdout)
        return
    if fmt != "table":
        render(rows, fmt, LOG_COLUMNS)
        return
    if not total:
        sys.stdout.write("没有符合条件的进度记录\n")
        return
    optional = [c for c in LOG_COLUMNS if c.key in ("values", "evidence")]
    shown, held = 0, set[str]()  # a terminal is narrow: leave out what no row has
    for row in rows:
        shown += 1
        held.update(c.key for c in optional if c.key not in held and c.text(row))
    columns = [c for c in LOG_COLUMNS if c not in optional or c.key in held]
    columns = [LOG_STATUS_NARROW if c.key == "status" else c for c in columns]
    streamed(lambda: ([c.text(r) for c in columns] for r in rows), columns, out=sys.stdout)
    _cut_at_limit(shown, total, "最新的", "条")


def record_detail(row: Row, out: IO[str] | None = None, fmt: str = "table") -> None:
    """One task whole (the annex's fields, one per line), its parts when it has several
    (each unit's status and due date), and its history."""
    out = out or sys.stdout
    if fmt == "json":
        render([row], "json", [], out=out)  # a list of one, like every JSON output
        return
    parts = row["parts"]
    due = due_text(row["due"], row["original_due"])
    if len(parts) == 1:
        status = part_status_text(parts[0])
    else:
        done = sum(p["status"] == Status.done.value for p in parts)
        status = f"{status_text(row)}（{len(parts)} 个责任单位中 {done} 个已完成）"
    fields = [
        ("序号", row["id"]),
        ("工作内容", row["content"]),
        ("目标要求", row["target"]),
        ("工作进度", row["deadline_text"] + (f"（{due}）" if due else "")),
        ("责任单位", names(row["responsible"])),
        ("配合单位", names(row["cooperating"])),
        ("状态", status),
    ]
    part_rows = [
        {
            "unit": p["unit"],
            "status": part_status_text(p),
            "due": due_text(p["due"], p["original_due"], row["deadline_text"])
            + (f"；申请延至 {p['requested_due']}（待批准）" if p["requested_due"] else ""),
            "last_date": p["last_date"] or "无记录",
        }
        for p in parts
    ]
    history = [
        {
            "date": h["date"],
            "status": entry_status_text(h),
            "by": entry_by_text(h),
            "note": entry_note_text(h),
            "values": readings(h),
            "evidence": evidence_text(h),
        }
        for h in row["history"]
    ]
    if fmt == "md":
        out.write("\n".join(f"- **{k}**：{md_cell(v)}" for k, v in fields) + "\n\n")
        if len(parts) > 1:
            out.write(markdown(part_rows, PART_COLUMNS, title="各责任单位") + "\n")
        out.write(
            markdown(history, HISTORY_COLUMNS, title="进度记录") if history else "暂无进度记录\n"
        )
        return
    if fmt == "csv":
        out.writelines(csv_line([k, v]) + "\n" for k, v in fields)
        return
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for key, value in fields:
        grid.add_row(key, terminal_text(value))
    screen = console(out)
    screen.print(grid)
    screen.print()
    if len(parts) > 1:
        cells = [[c.text(p) for c in PART_COLUMNS] for p in part_rows]
        table(cells, PART_COLUMNS, title="各责任单位", out=out)
    if history:
        rows = [[c.text(h) for c in HISTORY_COLUMNS] for h in history]
        table(rows, HISTORY_COLUMNS, title="进度记录", out=out)
    else:
        screen.print("暂无进度记录")


PART_COLUMNS = [
    Column("unit", "单位"),
    Column("status", "状态"),
    Column("due", "期限"),
    Column("last_date", "最近记录"),
]
HISTORY_COLUMNS = [
    Column("date", "日期"),
    Column("status", "状态"),
    Column("by", "报告单位"),
    Column("note", "说明"),
    Column("values", "指标读数"),
    Column("evidence", "佐证"),
]
