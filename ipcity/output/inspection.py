"""The draft 督查通报 (`ipcity inspect`) as a document: its heading, the state of the
plan, problems by unit, commendations and the scorecard, written once for every format."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ipcity.answers.contract import InspectedUnit, Inspection, MissedDuty, ScoreRow
from ipcity.output.document import (
    Bar,
    Block,
    Bullets,
    Column,
    Document,
    Heading,
    Paragraph,
    Table,
    percent_text,
)
from ipcity.output.report import status_ring, summary_text
from ipcity.plan.shapes import STATUS_LABELS, Status
from ipcity.text import join_names


def heading(data: Inspection) -> str:
    return f"关于{data['period']['label']}试点工作督查情况的通报（草稿）"


def missed_lines(missed: Sequence[MissedDuty]) -> list[str]:
    """One line per duty missed with its periods: 11.4 报纸专栏（每月至少 1 次）：2009年7月 0 次"""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for duty in missed:
        key = (duty["task"], duty["duty"], duty["requirement"])
        grouped.setdefault(key, []).append(f"{duty['period']} {duty['count']} 次")
    return [
        f"经常性工作未完成：{task} {name}（{requirement}）：{join_names(periods)}"
        for (task, name, requirement), periods in grouped.items()
    ]


def problem_lines(unit: InspectedUnit) -> list[str]:
    """What one unit is told: each overdue task, each missed duty, the tasks it left silent."""
    lines = [
        f"到期未完成：{t['id']} {t['text']}（{t['due']} 到期，"
        f"{STATUS_LABELS[Status(t['status'])]}）"
        for t in unit["overdue"]
    ]
    lines += missed_lines(unit["missed"])
    if unit["silent"]:
        lines.append(f"本期无进度记录：{join_names([t['id'] for t in unit['silent']])}")
    return lines


def _rate(
    header: str, rate: Callable[[ScoreRow], float | None], part: Callable[[ScoreRow], str]
) -> Column[ScoreRow]:
    """50%（1/2）; a rate that does not apply (nothing to count) is —."""

    def text(row: ScoreRow) -> str:
        value = rate(row)
        return "—" if value is None else f"{percent_text(value)}（{part(row)}）"

    return Column(header, text, rate, unit="%")


SCORECARD_COLUMNS: list[Column[ScoreRow]] = [
    Column("名次", lambda r: str(r["rank"]), lambda r: r["rank"], nowrap=True),
    Column("单位", lambda r: r["unit"], nowrap=True),
    _rate(
        "完成率",
        lambda r: r["completion_rate"],
        lambda r: f"{r['done']}/{r['led']}",
    ),
    Column(
        "完成情况",
        None,
        chart=lambda r: Bar(r["completion_rate"]),
    ),
    _rate(
        "按期完成率",
        lambda r: r["on_time_rate"],
        lambda r: f"{r['on_time']}/{r['fell_due']}",
    ),
    _rate(
        "经常性工作",
        lambda r: r["duty_rate"],
        lambda r: f"{r['duties_met']}/{r['duties']}",
    ),
    _rate(
        "进度报送",
        lambda r: r["report_rate"],
        lambda r: f"{r['reported']}/{r['open']}",
    ),
    Column("综合得分", lambda r: f"{r['score']:g}", lambda r: r["score"]),
]

SCORING = (
    "完成率：牵头任务中已完成的；按期完成率：已到期任务中按期完成的；经常性工作：本期应完成的"
    "周期中达到要求的；进度报送：未完成任务中本期有进度记录的。综合得分为适用各项的平均，"
    "“—”为不适用。"
)


def document(data: Inspection) -> Document:
    period = data["period"]
    blocks: list[Block] = [
        Paragraph(
            f"{data['title']}，督查时段 {period['first']} 至 {period['last']}。"
            f"以下据截至 {period['last']} 的进度记录生成，请核实后印发。"
        ),
        Heading("一、总体情况", 2),
        Paragraph(summary_text(data["summary"])),
        status_ring(data["summary"]),
        Heading("二、存在的问题", 2),
    ]
    if not data["units"]:
        blocks.append(Paragraph("各单位均无到期未完成任务、未完成的经常性工作和缺报进度的任务。"))
    for unit in data["units"]:
        blocks += [Heading(unit["unit"], 3), Bullets(problem_lines(unit))]
    blocks.append(Heading("三、表扬名单", 2))
    if data["commended"]:
        blocks.append(
            Paragraph(
                "以下单位本期牵头任务无逾期、经常性工作全部完成、按时报送进度，予以表扬："
                f"{join_names(data['commended'])}。"
            )
        )
    else:
        blocks.append(Paragraph("本期没有全部完成的单位。"))
    blocks += [
        Heading("四、各单位工作情况", 2),
        Paragraph(SCORING),
        Table("scorecard", "", SCORECARD_COLUMNS, data["scorecard"], sheet="各单位工作情况"),
    ]
    dated = f"督查时段 {period['first']} 至 {period['last']}"
    return Document(heading(data), dated, data, blocks, name="督查通报")
