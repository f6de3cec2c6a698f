"""The report as an Excel/WPS workbook (openpyxl, imported only here): one sheet per table.

Numbers stay numbers (counts, percentages as 12.5, targets and readings), so an office
can sort, total and chart them; the headers are the report's own.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ipcity.output.columns import Column
from ipcity.output.report import (
    ITEM_REPORT_COLUMNS,
    LIGHT_LABELS,
    OVERDUE_REPORT_COLUMNS,
    pace_text,
    report_heading,
    unit_reasons,
)
from ipcity.text import append_row, join_names, visible

Row = dict[str, Any]

SUMMARY_FIELDS = [
    ("total", "任务"),
    ("done", "已完成"),
    ("in_progress", "进行中"),
    ("blocked", "受阻"),
    ("not_started", "未开始"),
    ("overdue", "逾期"),
    ("percent_done", "完成率(%)"),
]


def _value(column: Column, row: Row) -> Any:
    """The raw number where the column holds one, else the text the other formats show."""
    value = row.get(column.key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return column.text(row)


def _columns(columns: list[Column], skip: set[str]) -> list[Column]:
    return [c for c in columns if c.key not in skip]


def sheets(data: Row) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Each sheet as (name, headers, rows of cell values)."""
    summary = data["summary"]
    found = [
        (
            "总体",
            [label for _, label in SUMMARY_FIELDS],
            [[summary[key] for key, _ in SUMMARY_FIELDS]],
        )
    ]
    items = _columns(ITEM_REPORT_COLUMNS, {"bar"})
    found.append(
        (
            "按工作项目",
            [c.header + ("(%)" if c.key == "percent_done" else "") for c in items],
            [[_value(c, row) for c in items] for row in data["items"]],
        )
    )
    found.append(
        (
            "按单位",
            ["状况", "单位", "牵头", "配合", "已完成", "逾期", "受阻", "指标落后",
             "30天内到期", "90天无记录", "经常性工作未完成(期)", "说明"],
            [
                [LIGHT_LABELS[u["light"]], u["unit"], u["led"], u["supported"], u["done"],
                 u["overdue"], u["blocked"], u["behind"], u["due_soon"], u["quiet"],
                 u["missed_duties"], unit_reasons(u)]
                for u in data["units"]
            ],
        )
    )  # fmt: skip
    found.append(
        (
            "逾期任务",
            [c.header for c in OVERDUE_REPORT_COLUMNS],
            [[_value(c, row) for c in OVERDUE_REPORT_COLUMNS] for row in data["overdue"]],
        )
    )
    found.append(
        (
            "量化指标",
            ["序号", "指标", "方向", "目标", "单位", "实际", "读数日期", "完成率(%)",
             "序时进度", "达标", "判断"],
            [
                [i["task"], i["name"], i["direction"], i["target"], i["unit"], i["actual"],
                 i["date"], i["percent"], i["expected"], "是" if i["met"] else "否",
                 pace_text(i)]
                for i in data["indicators"]
            ],
        )
    )  # fmt: skip
    found.append(
        (
            "经常性工作",
            ["序号", "经常性工作", "要求", "单位", "应完成(期)", "达到", "未达到",
             "未达到的周期", "本期", "本期次数"],
            [
                [d["task"], d["duty"], d["requirement"], d["unit"] or join_names(d["units"]),
                 d["elapsed"], d["met"], d["missed"], join_names(d["missed_periods"]),
                 d["current"]["period"] if d["current"] else None,
                 d["current"]["count"] if d["current"] else None]
                for d in data["recurring"]
            ],
        )
    )  # fmt: skip
    return found


def write_report(data: Row, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    for n, (name, headers, rows) in enumerate(sheets(data)):
        sheet = book.worksheets[0] if n == 0 else book.create_sheet(name)
        sheet.title = name
        append_row(sheet, headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(sheet, row)
        sheet.freeze_panes = "A2"
        for n, header in enumerate(headers, start=1):
            longest = max([len(str(r[n - 1] or "")) for r in rows] + [len(header)])
            sheet.column_dimensions[get_column_letter(n)].width = min(8 + longest * 1.6, 60)
    book.properties.title = visible(report_heading(data))
    # Saved in memory first: written straight to a full disk, the workbook's zip would
    # fail again when collected ("Exception ignored in ZipFile.__del__").
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
