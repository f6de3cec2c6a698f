"""The leaders' report (`ipcity report`) in a terminal, Markdown, JSON and CSV: its
sections, columns and sentences."""

from __future__ import annotations

import sys
from typing import IO

from ipcity.output.columns import Column, Row
from ipcity.output.safe import md_text, terminal_text
from ipcity.output.terminal import console, styled_table
from ipcity.output.text import markdown, render, write_json
from ipcity.text import join_names

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

    screen = console(out)
    screen.print(terminal_text(report_heading(data), style="bold"))
    screen.print(Text(summary_text(data["summary"])))
    for title, rows, columns in report_sections(data, by):
        screen.print()
        if not rows:
            screen.print(Text(f"{title}：无", style="bold"))
            continue
        total = len(rows)
        rows = rows[:limit] if limit else rows
        styles = [LIGHT_STYLES[r["light"]] if "light" in r else None for r in rows]
        styled_table(rows, columns, title=title, out=out, first_styles=styles)
        if len(rows) < total:
            screen.print(
                Text(
                    f"仅显示前 {len(rows)} 行，共 {total} 行。"
                    "--limit 0 显示全部；--format md、html、xlsx 或 json 输出全部。"
                )
            )


def report_markdown(data: Row, by: str | None = None) -> str:
    parts = [f"# {md_text(report_heading(data))}", "", summary_text(data["summary"]), ""]
    for title, rows, columns in report_sections(data, by):
        parts += [f"## {title}", ""]
        parts.append(markdown(rows, columns) if rows else "无\n")
    return "\n".join(parts)
