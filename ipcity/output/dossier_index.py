"""The 验收 dossier's index workbook as a document: first the parts done without proof
(what 验收 will ask for), then every task with its target, due date and extensions, its
result part by part, the office's checks, its indicators and its files; then every file
with where it is in the pack and its SHA-256; then the indicators, figure by figure."""

from __future__ import annotations

from ipcity.answers.contract import IndicatorRow
from ipcity.answers.dossier_contract import Dossier, DossierFile, DossierTask, MissingEvidence
from ipcity.output.document import Block, Column, Document, Table, number_text
from ipcity.output.dossier_words import (
    check_text,
    completion_text,
    deadline_text,
    files_text,
    indicators_text,
    task_title,
)
from ipcity.plan.shapes import VERDICT_LABELS
from ipcity.text import join_names

MISSING_NOTE = (
    "以下已完成的任务（或责任单位的那一份）没有附上佐证文件，验收前请补齐："
    "核查时附上（ipcity verify 序号 --unit 单位 --accept --attach 文件），"
    "或随进度记录附上（ipcity record 序号 --status done --by 单位 --attach 文件）。"
)

MISSING_COLUMNS: list[Column[MissingEvidence]] = [
    Column("序号", lambda r: r["task"], nowrap=True, sheet_width=6),
    Column("工作内容 / 目标要求", lambda r: r["target"] or r["content"], sheet_width=40),
    Column("责任单位", lambda r: r["unit"], nowrap=True, sheet_width=14),
    Column("报完成日期", lambda r: r["claim_date"] or "", nowrap=True, sheet_width=12),
    Column(
        "核查",
        lambda r: {True: "已核查", False: VERDICT_LABELS["returned"], None: "未核查"}[
            r["verified"]
        ],
    ),
    Column("已有的佐证说明（文号等）", lambda r: join_names(r["references"]), sheet_width=30),
]

TASK_COLUMNS: list[Column[DossierTask]] = [
    Column("序号", lambda t: t["id"], nowrap=True, sheet_width=6),
    Column("工作内容 / 目标要求", task_title, sheet_width=30),
    Column("工作进度", deadline_text, sheet_width=20),
    Column("责任单位", lambda t: "\n".join(t["responsible"]), sheet_width=14),
    Column("完成情况", completion_text, sheet_width=30),
    Column("核查", check_text, sheet_width=9),
    Column("指标完成情况", indicators_text, sheet_width=32),
    Column("佐证", files_text, sheet_width=28),
    Column("文件数", lambda t: str(len(t["files"])), lambda t: len(t["files"]), sheet_width=7),
]

_KINDS = {"status": "进度记录", "verify": "核查记录", "extend_to": "延期记录"}


def _record_text(row: DossierFile) -> str:
    by = f"（{row['by']}）" if row["by"] else ""
    return f"{row['date']} {_KINDS[row['kind']]}{by}"


FILE_COLUMNS: list[Column[DossierFile]] = [
    Column("序号", lambda f: f["task"], nowrap=True, sheet_width=6),
    Column("验收材料中的位置", lambda f: f["packed"], sheet_width=44),
    Column("附上的记录", _record_text, sheet_width=22),
    Column(
        "所证明的那一份", lambda f: join_names(f["units"]) or "（配合单位的说明）", sheet_width=16
    ),
    Column("记录说明", lambda f: f["note"] or "", sheet_width=20),
    Column("数据目录中的位置", lambda f: f["path"], sheet_width=30),
    Column("SHA-256", lambda f: f["sha256"], sheet_width=34),
]


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else "是" if value else "否"


def _figure(value: float | None, unit: str = "") -> str:
    return "" if value is None else number_text(value, unit)


def _source_text(row: IndicatorRow) -> str:
    if row["actual"] is None:
        return ""
    return "各单位合计" if row["actual_is_sum"] else "牵头单位报"


def _shares_text(row: IndicatorRow) -> str:
    return "；".join(f"{p['unit']} {_figure(p['actual'])}" for p in row["parts"])


INDICATOR_COLUMNS: list[Column[IndicatorRow]] = [
    Column("序号", lambda r: r["task"], nowrap=True, sheet_width=6),
    Column("指标", lambda r: r["name"], sheet_width=26),
    Column("方向", lambda r: "不少于" if r["direction"] == ">=" else "不超过", sheet_width=7),
    Column("目标", lambda r: number_text(r["target"]), lambda r: r["target"], sheet_width=8),
    Column("计量单位", lambda r: r["unit"], sheet_width=9),
    Column("全市", lambda r: _figure(r["actual"]), lambda r: r["actual"], sheet_width=9),
    Column("读数日期", lambda r: r["date"] or "", sheet_width=11),
    Column("全市数来源", _source_text, sheet_width=11),
    Column(
        "完成率",
        lambda r: _figure(r["percent"], "%"),
        lambda r: r["percent"],
        unit="%",
        sheet_width=8,
    ),
    Column(
        "已达到", lambda r: _yes_no(r["met"] if r["actual"] is not None else None), sheet_width=7
    ),
    Column("各单位的数", _shares_text, sheet_width=30),
]


def index(data: Dossier) -> Document:
    indicators = [row for task in data["tasks"] for row in task["indicators"]]
    blocks: list[Block] = [
        Table(
            "missing",
            "缺少佐证的已完成任务",
            MISSING_COLUMNS,
            data["missing"],
            note=MISSING_NOTE if data["missing"] else "",
            empty="没有：已完成的任务（各责任单位的那一份）都附有佐证文件。",
            sheet="缺少佐证",
        ),
        Table("tasks", "任务一览", TASK_COLUMNS, data["tasks"], sheet="任务一览"),
        Table(
            "files",
            "佐证文件",
            FILE_COLUMNS,
            data["files"],
            empty="还没有附上任何佐证文件。",
            sheet="佐证文件",
        ),
        Table(
            "indicators",
            "量化指标",
            INDICATOR_COLUMNS,
            indicators,
            empty="方案没有量化指标。",
            sheet="量化指标",
        ),
    ]
    return Document(
        f"{data['title']}：验收材料索引",
        f"截至 {data['as_of']}",
        data,
        blocks,
        name="验收材料索引",
    )
