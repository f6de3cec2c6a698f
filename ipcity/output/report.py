"""The leaders' report (`ipcity report`) as a document: its sections, columns and
sentences, written once for every format."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

from ipcity.answers.contract import (
    ClaimRow,
    DutyRow,
    ExtensionRow,
    IndicatorRow,
    ItemRow,
    Judgement,
    OverdueRow,
    Report,
    Summary,
    UnitRow,
)
from ipcity.output.document import (
    Bar,
    Block,
    Column,
    Document,
    Paragraph,
    Squares,
    StatusRing,
    Table,
    percent_text,
)
from ipcity.output.indicator_table import (
    INDICATOR_COLUMNS,
    INDICATOR_NOTE,
    IndicatorLine,
    indicator_lines,
)
from ipcity.text import join_names

LIGHT_LABELS = {"red": "红", "yellow": "黄", "green": "绿"}
BAR_WIDTH = 10

By = Literal["item", "unit"]


def bar_text(value: float, width: int = BAR_WIDTH) -> str:
    """A progress bar in text: 40% is ████░░░░░░."""
    filled = round(max(0.0, min(value, 100.0)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def summary_text(summary: Summary) -> str:
    return (
        f"任务 {summary['total']} 项：已完成 {summary['done']} 项（{summary['percent_done']:g}%），"
        f"进行中 {summary['in_progress']}，受阻 {summary['blocked']}，"
        f"未开始 {summary['not_started']}；逾期 {summary['overdue']} 项。"
    )


def status_ring(summary: Summary) -> StatusRing:
    return StatusRing(
        [
            ("已完成", summary["done"], "done"),
            ("进行中", summary["in_progress"], "in_progress"),
            ("受阻", summary["blocked"], "blocked"),
            ("未开始", summary["not_started"], "not_started"),
            ("逾期", summary["overdue"], "overdue"),
        ],
        summary["percent_done"],
    )


R = TypeVar("R")


def percent_column(get: Callable[[R], float | None]) -> Column[R]:
    """完成率: 12.5% to read, 12.5 under 完成率(%) to sum."""
    return Column("完成率", lambda r: percent_text(get(r)), get, unit="%", width=6, nowrap=True)


SUMMARY_COLUMNS: list[Column[Summary]] = [
    Column("任务", lambda s: str(s["total"]), lambda s: s["total"]),
    Column("已完成", lambda s: str(s["done"]), lambda s: s["done"]),
    Column("进行中", lambda s: str(s["in_progress"]), lambda s: s["in_progress"]),
    Column("受阻", lambda s: str(s["blocked"]), lambda s: s["blocked"]),
    Column("未开始", lambda s: str(s["not_started"]), lambda s: s["not_started"]),
    Column("逾期", lambda s: str(s["overdue"]), lambda s: s["overdue"]),
    percent_column(lambda s: s["percent_done"]),
]

ITEM_COLUMNS: list[Column[ItemRow]] = [
    Column("序号", lambda r: r["item"], width=4, nowrap=True),
    Column("工作内容", lambda r: r["content"], rest=True),
    Column("任务", lambda r: str(r["total"]), lambda r: r["total"], width=4),
    Column("已完成", lambda r: str(r["done"]), lambda r: r["done"], width=6),
    Column("逾期", lambda r: str(r["overdue"]), lambda r: r["overdue"], width=4),
    percent_column(lambda r: r["percent_done"]),
    Column(
        "进度",
        lambda r: bar_text(r["percent_done"]),
        chart=lambda r: Bar(r["percent_done"]),
        width=BAR_WIDTH,
    ),
]


def unit_reasons(row: Judgement, *, named: bool = True) -> str:
    """Why a unit has its light, in a 通报's words: each reason with the tasks (duties,
    indicators) it rests on, or only how many when `named` is False."""
    reasons = [
        (row["overdue_tasks"], "逾期", "项"),
        (row["blocked_tasks"], "受阻", "项"),
        (row["behind_indicators"], "指标落后", "项"),
        (row["missed_duty_names"], "经常性工作未完成", ""),
        (row["due_soon_tasks"], "30天内到期", "项"),
        (row["quiet_tasks"], "90天无记录", "项"),
        (row["pending_duties"], "本期经常性工作尚未完成", "项"),
        (row["awaiting_tasks"], "已报完成待核查", "项"),
    ]
    parts = []
    for names, words, measure in reasons:
        if not names:
            continue
        # A missed duty counts its periods (经常性工作未完成5期), the rest their tasks.
        count = f"{row['missed_duties']}期" if not measure else f"{len(names)}{measure}"
        parts.append(f"{words}{count}（{join_names(names)}）" if named else f"{words}{count}")
    return "；".join(parts)


UNIT_COLUMNS: list[Column[UnitRow]] = [
    Column(
        "状况", lambda r: LIGHT_LABELS[r["light"]], light=lambda r: r["light"], width=4, nowrap=True
    ),
    Column("单位", lambda r: r["unit"], share=0.45, min_width=12, max_width=20, nowrap=True),
    Column("牵头", lambda r: str(r["led"]), lambda r: r["led"], width=4),
    Column("配合", lambda r: str(r["supported"]), lambda r: r["supported"], width=4),
    Column("已完成", lambda r: str(r["done"]), lambda r: r["done"], width=6),
    Column("逾期", lambda r: str(r["overdue"]), lambda r: r["overdue"], width=4),
    Column("受阻", lambda r: str(r["blocked"]), lambda r: r["blocked"], shown="data"),
    Column("指标落后", lambda r: str(r["behind"]), lambda r: r["behind"], shown="data"),
    Column("30天内到期", lambda r: str(r["due_soon"]), lambda r: r["due_soon"], shown="data"),
    Column("90天无记录", lambda r: str(r["quiet"]), lambda r: r["quiet"], shown="data"),
    Column(
        "经常性工作未完成(期)",
        lambda r: str(r["missed_duties"]),
        lambda r: r["missed_duties"],
        shown="data",
    ),
    Column("说明", unit_reasons, rest=True),
]
UNIT_NOTE = (
    "按本单位的那一份任务、分解指标和经常性工作评判。红：逾期、受阻、经常性工作有未完成的周期、"
    "指标落后（牵头单位含全市数）；黄：30天内到期、90天无记录、本期经常性工作尚未完成；"
    "绿：其余；已报完成待核查的不计逾期"
)

OVERDUE_COLUMNS: list[Column[OverdueRow]] = [
    Column("序号", lambda r: r["id"], width=4, nowrap=True),
    Column("期限", lambda r: r["due"], width=10, nowrap=True),
    Column("逾期天数", lambda r: str(r["days"]), lambda r: r["days"], width=8),
    Column("工作内容 / 目标要求", lambda r: r["target"] or r["content"], rest=True),
    Column(
        "责任单位",
        lambda r: join_names(r["responsible"]),
        share=0.3,
        min_width=12,
        max_width=20,
    ),
]


def _current_text(row: DutyRow) -> str:
    current = row["current"]
    if current is None:
        return ""
    return f"{current['period']} {current['count']}/{row['at_least']}"


def _periods(row: DutyRow) -> Squares:
    return Squares(
        [(f"{p['period']} {p['count']}/{row['at_least']}", p["met"]) for p in row["periods"]]
    )


DUTY_COLUMNS: list[Column[DutyRow]] = [
    Column("序号", lambda r: r["task"], width=4, nowrap=True),
    Column("经常性工作", lambda r: f"{r['duty']}\n{r['requirement']}", shown="reading", rest=True),
    Column("经常性工作", lambda r: r["duty"], shown="data"),
    Column("要求", lambda r: r["requirement"], shown="data"),
    Column(
        "单位",
        lambda r: r["unit"] or join_names(r["units"]),
        share=0.3,
        min_width=12,
        max_width=20,
    ),
    Column("应完成(期)", lambda r: str(r["elapsed"]), lambda r: r["elapsed"], shown="data"),
    Column("达到", lambda r: str(r["met"]), lambda r: r["met"], shown="data"),
    Column("达到/应完成", lambda r: f"{r['met']}/{r['elapsed']}", shown="reading", width=11),
    Column("未达到", lambda r: str(r["missed"]), lambda r: r["missed"], width=6),
    Column("未达到的周期", lambda r: join_names(r["missed_periods"]), shown="data"),
    Column("本期", _current_text, shown="reading", width=16),
    Column("本期", lambda r: r["current"]["period"] if r["current"] else "", shown="data"),
    Column(
        "本期次数",
        lambda r: str(r["current"]["count"]) if r["current"] else "",
        lambda r: r["current"]["count"] if r["current"] else None,
        shown="data",
    ),
    Column(
        "各周期",
        None,
        chart=_periods,
        legend="每格一个已过去的周期：绿为达到要求，红为未达到。",
    ),
]


def indicator_table(rows: list[IndicatorRow], title: str = "量化指标") -> Table[IndicatorLine]:
    """The indicators, each unit's share under the city's figure."""
    note = INDICATOR_NOTE if any(row["parts"] for row in rows) else ""
    lines = indicator_lines(rows)
    return Table("indicators", title, INDICATOR_COLUMNS, lines, note=note, sheet="量化指标")


CLAIM_COLUMNS: list[Column[ClaimRow]] = [
    Column("序号", lambda r: r["task"], width=4, nowrap=True),
    Column("任务", lambda r: r["title"], rest=True),
    Column("单位", lambda r: r["unit"], share=0.3, min_width=12, max_width=20, nowrap=True),
    Column("报完成日期", lambda r: r["claim_date"], width=10, nowrap=True),
    Column("期限", lambda r: r["due"] or "常设", width=10, nowrap=True),
]
CLAIM_NOTE = "单位已报完成，办公室核查通过后计为完成"

EXTENSION_COLUMNS: list[Column[ExtensionRow]] = [
    Column("序号", lambda r: r["task"], width=4, nowrap=True),
    Column("任务", lambda r: r["title"], share=0.3, min_width=12, max_width=30),
    Column("单位", lambda r: r["unit"], share=0.2, min_width=12, max_width=20, nowrap=True),
    # A page reads the two dates as one move, the date asked beside the reason; a sheet
    # keeps each date in a column of its own.
    Column(
        "期限",
        lambda r: f"{r['due'] or ''}\n延至 {r['to']}",
        shown="reading",
        width=15,
        nowrap=True,
    ),
    Column("现行期限", lambda r: r["due"] or "", shown="data"),
    Column("申请延至", lambda r: r["to"], shown="data"),
    Column("申请日期", lambda r: r["asked"], shown="data"),
    Column("理由", lambda r: f"{r['reason']}（{r['asked']} 申请）", shown="reading", rest=True),
    Column("理由", lambda r: r["reason"], shown="data"),
]


def heading(data: Report) -> str:
    return f"{data['title']}：工作进展（截至 {data['as_of']}）"


def document(data: Report, by: By | None = None) -> Document:
    """The report; `by` keeps one of the two breakdowns (by work item, by unit)."""
    blocks: list[Block] = [
        Paragraph(summary_text(data["summary"])),
        status_ring(data["summary"]),
        Table("summary", "总体", SUMMARY_COLUMNS, [data["summary"]], shown="data"),
    ]
    if by in (None, "item"):
        blocks.append(Table("items", "按工作项目", ITEM_COLUMNS, data["items"]))
    if by in (None, "unit"):
        blocks.append(Table("units", "按单位", UNIT_COLUMNS, data["units"], note=UNIT_NOTE))
    blocks += [
        # Every overdue task is counted in the summary; a terminal's report holds only
        # the first it shows (answers/progress.report's `shown`).
        Table(
            "overdue",
            "逾期任务",
            OVERDUE_COLUMNS,
            data["overdue"],
            total=data["summary"]["overdue"],
        ),
        indicator_table(data["indicators"]),
        Table("recurring", "经常性工作", DUTY_COLUMNS, data["recurring"]),
        Table("claims", "已报完成（待核查）", CLAIM_COLUMNS, data["claims"], note=CLAIM_NOTE),
        Table("extensions", "延期申请（待批准）", EXTENSION_COLUMNS, data["extensions"]),
    ]
    return Document(heading(data), f"截至 {data['as_of']}", data, blocks, name="进展")
