"""Drawing plain rows: a Rich table for a terminal; JSON, CSV, Markdown for scripts and documents.

The only module that imports rich, and only when a table is drawn: the machine formats
never pass through a Rich console (it would wrap them).
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ipcity.plan.models import STATUS_LABELS, Status
from ipcity.plan.problems import Problem
from ipcity.text import join_names

FORMATS = ("table", "json", "csv", "md")
JSON_INDENT_UP_TO = 1000
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
STATUS_UPDATED = Column(
    "status", "状态 / 最近记录", lambda r: f"{_status(r)}\n{r['updated'] or '无记录'}", width=11
)

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
        write_json(list(rows), out)
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.header for c in columns])
        writer.writerows([c.text(row) for c in columns] for row in rows)
    elif fmt == "md":
        out.write(markdown(rows, columns, title=title))
    else:
        _table([[c.text(r) for c in columns] for r in rows], columns, title=title, out=out)


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
    _table(cells, layout, title=None, out=sys.stdout, bold=frozenset(headings))
    if len(rows) < total:
        sys.stdout.write(
            f"仅显示前 {len(rows)} 项，共 {total} 项。"
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
    return column.text(row)


def write_json(data: Any, out: IO[str]) -> None:
    """Indented for a person reading a plan's worth; compact (a fifth of the time, in one
    write) once the output runs to thousands of rows, which only a program reads."""
    parts = data.values() if isinstance(data, dict) else [data]
    big = sum(len(part) for part in parts if isinstance(part, list)) > JSON_INDENT_UP_TO
    out.write(json.dumps(data, ensure_ascii=False, indent=None if big else 2) + "\n")


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


def problems(found: Sequence[Problem], out: IO[str] | None = None, fmt: str = "text") -> None:
    """Every problem, for a person (text), a GitHub Actions log (github) or a script (json).

    text: FILE:LINE:COL: error: MESSAGE, the line, and the fix. Nothing when there is
    no problem, except for json, which always writes a list (maybe empty).
    """
    out = out or sys.stdout
    if fmt == "json":
        rows = [
            {"file": p.file, "line": p.line, "col": p.col, "message": p.message, "hint": p.hint}
            for p in found
        ]
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "github":
        for p in found:
            out.write(github_annotation(p) + "\n")
        return
    for problem in found:
        out.write(problem.format() + "\n")
    if found:
        files = len({p.file for p in found})
        out.write(f"共 {len(found)} 个错误，在 {files} 个文件中\n")


# ---- The leaders' report (ipcity report) and the draft 督查通报 (ipcity inspect) ----

LIGHT_LABELS = {"red": "红", "yellow": "黄", "green": "绿"}
LIGHT_STYLES = {"red": "bold red", "yellow": "bold yellow", "green": "bold green"}
BAR_WIDTH = 10


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def bar(value: float, width: int = BAR_WIDTH) -> str:
    """A progress bar in text: 40% is ████░░░░░░."""
    filled = round(value / 100 * width)
    return "█" * filled + "░" * (width - filled)


def number_text(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:g}{unit}"


def unit_reasons(row: Row) -> str:
    """Why a unit has its light, in a 通报's words."""
    parts = []
    for key, words in (
        ("overdue_tasks", "逾期"),
        ("blocked_tasks", "受阻"),
        ("behind_indicators", "指标落后"),
        ("due_soon_tasks", "30天内到期"),
        ("quiet_tasks", "90天无记录"),
    ):
        if row[key]:
            parts.append(f"{words}{len(row[key])}项（{join_names(row[key])}）")
    if row["missed_duties"]:
        parts.append(f"经常性工作未完成{row['missed_duties']}期")
    return "；".join(parts)


def pace_text(row: Row) -> str:
    if row["met"]:
        return "已达标"
    if row["on_pace"] is True:
        return "进度正常"
    if row["on_pace"] is False:
        return "落后"
    return "无读数" if row["actual"] is None else "待再读数"  # a total's first reading


def _target_text(row: Row) -> str:
    sign = "≥" if row["direction"] == ">=" else "≤"
    return f"{sign}{row['target']:g}{row['unit']}"


def _current_text(row: Row) -> str:
    current = row["current"]
    if current is None:
        return ""
    return f"{current['period']} {current['count']}/{row['at_least']}"


ITEM_REPORT_COLUMNS = [
    Column("item", "序号", width=4),
    Column("content", "工作内容", rest=True),
    Column("total", "任务", width=4),
    Column("done", "已完成", width=6),
    Column("overdue", "逾期", width=4),
    Column("percent_done", "完成率", lambda r: percent_text(r["percent_done"]), width=6),
    Column("bar", "进度", lambda r: bar(r["percent_done"]), width=BAR_WIDTH),
]
UNIT_REPORT_COLUMNS = [
    Column("light", "状况", lambda r: LIGHT_LABELS[r["light"]], width=4),
    Column("unit", "单位", share=0.45, min_width=12, max_width=20),
    Column("led", "牵头", width=4),
    Column("supported", "配合", width=4),
    Column("done", "已完成", width=6),
    Column("overdue", "逾期", width=4),
    Column("reasons", "说明", unit_reasons, rest=True),
]
OVERDUE_REPORT_COLUMNS = [
    Column("id", "序号", width=4),
    Column("due", "期限", width=10),
    Column("days", "逾期天数", width=8),
    Column("target", "工作内容 / 目标要求", lambda r: r["target"] or r["content"], rest=True),
    Column("responsible", "责任单位", share=0.3, min_width=12, max_width=20),
]
INDICATOR_REPORT_COLUMNS = [
    Column("task", "序号", width=4),
    Column("name", "指标", rest=True),
    Column("target", "目标", _target_text, width=9),
    Column("actual", "实际", lambda r: number_text(r["actual"], r["unit"]), width=9),
    Column("percent", "完成率", lambda r: percent_text(r["percent"]), width=6),
    Column(
        "expected",
        "序时进度",
        lambda r: "" if r["met"] else number_text(r["expected"], r["unit"]),
        width=8,
    ),
    Column("on_pace", "判断", pace_text, width=8),
]
RECURRING_REPORT_COLUMNS = [
    Column("task", "序号", width=4),
    Column("duty", "经常性工作", lambda r: f"{r['duty']}\n{r['requirement']}", rest=True),
    Column(
        "unit",
        "单位",
        lambda r: r["unit"] or join_names(r["units"]),
        share=0.3,
        min_width=12,
        max_width=20,
    ),
    Column("met", "达到/应完成", lambda r: f"{r['met']}/{r['elapsed']}", width=11),
    Column("missed", "未达到", width=6),
    Column("current", "本期", _current_text, width=16),
]


def report_sections(data: Row, by: str | None) -> list[tuple[str, list[Row], list[Column]]]:
    """The report's tables in reading order; `by` keeps one of the two breakdowns."""
    sections = []
    if by in (None, "item"):
        sections.append(("按工作项目", data["items"], ITEM_REPORT_COLUMNS))
    if by in (None, "unit"):
        sections.append(
            (
                "按单位（红：逾期、受阻或指标落后；黄：30 天内到期或 90 天无记录）",
                data["units"],
                UNIT_REPORT_COLUMNS,
            )
        )
    sections += [
        ("逾期任务", data["overdue"], OVERDUE_REPORT_COLUMNS),
        ("量化指标", data["indicators"], INDICATOR_REPORT_COLUMNS),
        ("经常性工作", data["recurring"], RECURRING_REPORT_COLUMNS),
    ]
    return sections


def report_heading(data: Row) -> str:
    return f"{data['title']}：工作进展（截至 {data['as_of']}）"


def summary_text(summary: Row) -> str:
    return (
        f"任务 {summary['total']} 项：已完成 {summary['done']} 项（{summary['percent_done']:g}%），"
        f"进行中 {summary['in_progress']}，受阻 {summary['blocked']}，"
        f"未开始 {summary['not_started']}；逾期 {summary['overdue']} 项。"
    )


def report(
    data: Row, fmt: str, *, by: str | None = None, out: IO[str] | None = None, limit: int = 0
) -> None:
    """The leaders' report in table, md, json or csv (csv: the one table `by` names).
    A terminal table shows at most limit rows (0: all); the other formats show all."""
    out = out or sys.stdout
    if fmt == "json":
        write_json(data, out)
        return
    if fmt == "csv":
        if by == "unit":
            render(data["units"], "csv", UNIT_REPORT_COLUMNS, out=out)
        else:
            render(data["items"], "csv", ITEM_REPORT_COLUMNS, out=out)
        return
    if fmt == "md":
        out.write(report_markdown(data, by))
        return
    from rich.text import Text

    console = _console(out)
    console.print(Text(report_heading(data), style="bold"))
    console.print(Text(summary_text(data["summary"])))
    for title, rows, columns in report_sections(data, by):
        console.print()
        if not rows:
            console.print(Text(f"{title}：无", style="bold"))
            continue
        total = len(rows)
        rows = rows[:limit] if limit else rows
        styles = [LIGHT_STYLES[r["light"]] if "light" in r else None for r in rows]
        _styled_table(rows, columns, title=title, out=out, first_styles=styles)
        if len(rows) < total:
            console.print(
                Text(
                    f"仅显示前 {len(rows)} 行，共 {total} 行。"
                    "--limit 0 显示全部；--format md、html、xlsx 或 json 输出全部。"
                )
            )


def _styled_table(
    rows: Sequence[Row],
    columns: Sequence[Column],
    *,
    title: str,
    out: IO[str],
    first_styles: Sequence[str | None],
) -> None:
    """A report table: fixed widths from the console's, the first cell styled per row."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = _console(out)
    widths = _widths(columns, console.width)
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    for c, width in zip(columns, widths, strict=True):
        table.add_column(c.header, width=width, overflow="fold")
    for row, style in zip(rows, first_styles, strict=True):
        cells = [Text(c.text(row)) for c in columns]
        if style:
            cells[0].stylize(style)
        table.add_row(*cells)
    console.print(table)


def report_markdown(data: Row, by: str | None = None) -> str:
    parts = [f"# {report_heading(data)}", "", summary_text(data["summary"]), ""]
    for title, rows, columns in report_sections(data, by):
        parts += [f"## {title}", ""]
        parts.append(markdown(rows, columns) if rows else "无\n")
    return "\n".join(parts)


def inspection_heading(data: Row) -> str:
    return f"关于{data['period']['label']}试点工作督查情况的通报（草稿）"


def missed_lines(missed: Sequence[Row]) -> list[str]:
    """One line per duty missed with its periods: 11.4 报纸专栏（每月至少 1 次）：2009年7月 0 次"""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for duty in missed:
        key = (duty["task"], duty["duty"], duty["requirement"])
        grouped.setdefault(key, []).append(f"{duty['period']} {duty['count']} 次")
    return [
        f"经常性工作未完成：{task} {name}（{requirement}）：{join_names(periods)}"
        for (task, name, requirement), periods in grouped.items()
    ]


def inspection_markdown(data: Row) -> str:
    """The draft 督查通报 in Markdown, to paste into a document and edit."""
    period = data["period"]
    lines = [
        f"# {inspection_heading(data)}",
        "",
        f"{data['title']}，督查时段 {period['first']} 至 {period['last']}。"
        f"以下据截至 {period['last']} 的进度记录生成，请核实后印发。",
        "",
        "## 一、总体情况",
        "",
        summary_text(data["summary"]),
        "",
        "## 二、存在的问题",
        "",
    ]
    if not data["units"]:
        lines += ["各单位均无到期未完成任务、未完成的经常性工作和缺报进度的任务。", ""]
    for unit in data["units"]:
        lines += [f"### {unit['unit']}", ""]
        for task in unit["overdue"]:
            lines.append(
                f"- 到期未完成：{task['id']} {task['text']}（{task['due']} 到期，"
                f"{STATUS_LABELS[Status(task['status'])]}）"
            )
        lines += [f"- {line}" for line in missed_lines(unit["missed"])]
        if unit["silent"]:
            ids = join_names([t["id"] for t in unit["silent"]])
            lines.append(f"- 本期无进度记录：{ids}")
        lines.append("")
    lines += ["## 三、表扬名单", ""]
    if data["commended"]:
        lines += [
            "以下单位本期牵头任务无逾期、经常性工作全部完成、按时报送进度，予以表扬：",
            "",
            join_names(data["commended"]) + "。",
            "",
        ]
    else:
        lines += ["本期没有全部完成的单位。", ""]
    lines += [
        "## 四、各单位工作情况",
        "",
        "完成率：牵头任务中已完成的；按期完成率：已到期任务中按期完成的；经常性工作：本期应完成的"
        "周期中达到要求的；进度报送：未完成任务中本期有进度记录的。综合得分为适用各项的平均，"
        "“—”为不适用。",
        "",
        markdown(data["scorecard"], SCORECARD_COLUMNS),
    ]
    return "\n".join(lines)


def _rate_of(rate: str, part: str, whole: str) -> Callable[[Row], str]:
    """50%（1/2）; a rate that does not apply (nothing to count) is —."""

    def show(row: Row) -> str:
        if row[rate] is None:
            return "—"
        return f"{percent_text(row[rate])}（{row[part]}/{row[whole]}）"

    return show


SCORECARD_COLUMNS = [
    Column("rank", "名次"),
    Column("unit", "单位"),
    Column("completion_rate", "完成率", _rate_of("completion_rate", "done", "led")),
    Column("on_time_rate", "按期完成率", _rate_of("on_time_rate", "on_time", "fell_due")),
    Column("duty_rate", "经常性工作", _rate_of("duty_rate", "duties_met", "duties")),
    Column("report_rate", "进度报送", _rate_of("report_rate", "reported", "open")),
    Column("score", "综合得分", lambda r: f"{r['score']:g}"),
]


def github_annotation(problem: Problem) -> str:
    """`::error file=F,line=L,col=C::MESSAGE`, escaped the way the Actions runner unescapes.

    The file is made relative to the working directory when it lies below it: the runner
    matches annotations to files by their path in the repository.
    """
    message = problem.message + (f"\n提示：{problem.hint}" if problem.hint else "")
    props = (
        f"file={_escape_property(_relative(problem.file))},line={problem.line},col={problem.col}"
    )
    return f"::error {props}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _relative(file: str) -> str:
    path = Path(file)
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            return path.relative_to(Path.cwd()).as_posix()
    return path.as_posix()
