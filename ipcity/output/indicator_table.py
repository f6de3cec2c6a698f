"""The indicators as a table: the city's figure against its target and 序时进度, and under
it each unit's share (其中：海宁市政府), against the unit's own target where the plan
breaks the target down (分解指标). Shared by the report and the 通报."""

from __future__ import annotations

from dataclasses import dataclass

from ipcity.answers.contract import IndicatorRow, IndicatorShare, Judged
from ipcity.output.document import Bar, Column, Light, number_text, percent_text


@dataclass(frozen=True)
class IndicatorLine:
    """One line of the table: the city's figure (share None), or one unit's share."""

    row: IndicatorRow
    share: IndicatorShare | None = None

    @property
    def judged(self) -> Judged:
        """How the figure stands against its target and 序时进度."""
        if self.share is not None:
            return self.share
        row = self.row
        return {
            "expected": row["expected"],
            "met": row["met"],
            "on_pace": row["on_pace"],
            "percent": row["percent"],
        }

    @property
    def actual(self) -> float | None:
        return self.share["actual"] if self.share is not None else self.row["actual"]

    @property
    def target(self) -> float | None:
        return self.share["target"] if self.share is not None else self.row["target"]

    @property
    def date(self) -> str | None:
        return self.share["date"] if self.share is not None else self.row["date"]


def indicator_lines(rows: list[IndicatorRow]) -> list[IndicatorLine]:
    """Each indicator, then its units' shares."""
    return [
        line
        for row in rows
        for line in [IndicatorLine(row), *(IndicatorLine(row, share) for share in row["parts"])]
    ]


def pace_text(line: IndicatorLine) -> str:
    """How the figure stands: 已达标, 进度正常, 落后; a share without a target of its own
    is not judged (未分解)."""
    judged = line.judged
    if line.share is not None and line.target is None:
        return "未分解"
    if judged["met"]:
        return "已达标"
    if judged["on_pace"] is True:
        return "进度正常"
    if judged["on_pace"] is False:
        return "落后"
    return "无读数" if line.actual is None else "待再读数"  # a total's first reading


def _name_text(line: IndicatorLine) -> str:
    return f"其中：{line.share['unit']}" if line.share is not None else line.row["name"]


def _target_text(line: IndicatorLine) -> str:
    if line.target is None:
        return "—"
    sign = "≥" if line.row["direction"] == ">=" else "≤"
    return f"{sign}{line.target:g}{line.row['unit']}"


def _actual_text(line: IndicatorLine) -> str:
    text = number_text(line.actual, line.row["unit"])
    if line.share is None and line.row["actual_is_sum"]:
        return f"{text}（各单位合计）"
    return text


def _chart(line: IndicatorLine) -> Bar | None:
    judged = line.judged
    if line.actual is None or line.target is None:
        return None
    pace = None
    if judged["expected"] is not None and line.target:
        pace = judged["expected"] / line.target * 100
    light: Light | None = None
    if judged["on_pace"] is not None:
        light = "green" if judged["on_pace"] else "red"
    return Bar(judged["percent"] or 0.0, pace=pace, light=light)


def _expected_text(line: IndicatorLine) -> str:
    judged = line.judged
    return "" if judged["met"] else number_text(judged["expected"], line.row["unit"])


def _met_text(line: IndicatorLine) -> str:
    met = line.judged["met"]
    return "" if met is None else ("是" if met else "否")


INDICATOR_COLUMNS: list[Column[IndicatorLine]] = [
    Column("序号", lambda r: r.row["task"], width=4, nowrap=True),
    Column("指标", _name_text, shown="reading", rest=True),
    Column("指标", lambda r: r.row["name"], shown="data"),
    Column("范围", lambda r: r.share["unit"] if r.share else "全市", shown="data"),
    Column("方向", lambda r: r.row["direction"], shown="data"),
    Column("目标", _target_text, lambda r: r.target, width=9, nowrap=True),
    Column("单位", lambda r: r.row["unit"], shown="data"),
    Column("实际", _actual_text, lambda r: r.actual, width=9),
    Column("读数日期", lambda r: r.date or "", shown="data"),
    Column(
        "完成率",
        lambda r: percent_text(r.judged["percent"]),
        lambda r: r.judged["percent"],
        unit="%",
        width=6,
        nowrap=True,
    ),
    Column("完成情况（竖线为序时进度）", None, chart=_chart),
    Column("序时进度", _expected_text, lambda r: r.judged["expected"], width=8),
    Column("达标", _met_text, shown="data"),
    Column("判断", pace_text, width=8, nowrap=True),
]
INDICATOR_NOTE = (
    "实际为全市数；“其中”为各单位报的本单位数，有分解指标的按本单位的目标和序时进度判断，"
    "没有的（未分解）不作判断"
)
