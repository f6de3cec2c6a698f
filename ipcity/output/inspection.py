"""The draft 督查通报 (`ipcity inspect`) in Markdown: its heading, problems by unit,
commendations and the scorecard."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ipcity.output.columns import Column, Row
from ipcity.output.report import percent_text, summary_text
from ipcity.output.safe import md_text
from ipcity.output.text import markdown
from ipcity.plan.models import STATUS_LABELS, Status
from ipcity.text import join_names


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
        f"# {md_text(inspection_heading(data))}",
        "",
        f"{md_text(data['title'], starts_line=True)}，"
        f"督查时段 {period['first']} 至 {period['last']}。"
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
        lines += [f"### {md_text(unit['unit'])}", ""]
        for task in unit["overdue"]:
            lines.append(
                f"- 到期未完成：{md_text(task['id'])} {md_text(task['text'])}"
                f"（{task['due']} 到期，{STATUS_LABELS[Status(task['status'])]}）"
            )
        lines += [f"- {md_text(line, starts_line=True)}" for line in missed_lines(unit["missed"])]
        if unit["silent"]:
            ids = join_names([t["id"] for t in unit["silent"]])
            lines.append(f"- 本期无进度记录：{md_text(ids)}")
        lines.append("")
    lines += ["## 三、表扬名单", ""]
    if data["commended"]:
        lines += [
            "以下单位本期牵头任务无逾期、经常性工作全部完成、按时报送进度，予以表扬：",
            "",
            md_text(join_names(data["commended"]), starts_line=True) + "。",
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
