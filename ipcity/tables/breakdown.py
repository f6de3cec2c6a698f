"""A plan as a breakdown table in the annex's columns (序号, 工作内容, 目标要求, 工作进度,
责任单位, 配合单位): one row per task; a work item's 序号 and 工作内容 on its first row only
(blank below, as merged cells print); numbered sub-targets ("1.", "2.") at the head of
目标要求; units joined with 、. An XLSX carries the rest of the plan in sheets beside it
(extra_sheets.py); a CSV is the six columns alone.
"""

from __future__ import annotations

from pathlib import Path

from ipcity.errors import OutputError
from ipcity.plan.loaded import Plan
from ipcity.plan.shapes import Task
from ipcity.tables import extra_sheets, sheets
from ipcity.text import join_names

HEADER = ("序号", "工作内容", "目标要求", "工作进度", "责任单位", "配合单位")
ID, CONTENT, TARGET, DEADLINE, RESPONSIBLE, COOPERATING = HEADER
_MAX_WIDTHS = (6, 30, 60, 16, 24, 24)


def rows(plan: Plan) -> sheets.Rows:
    """One row per task, in plan order, as the annex prints them."""
    out: sheets.Rows = []
    for item in plan.items:
        for n, task in enumerate(item.tasks):
            out.append(
                [
                    item.id if n == 0 else "",
                    item.content if n == 0 else "",
                    _numbered(task),
                    task.deadline,
                    join_names(task.responsible),
                    join_names(task.cooperating),
                ]
            )
    return out


def _numbered(task: Task) -> str:
    """目标要求 with its sub-target number, as the annex prints it: 1.各县(市、区)…"""
    number = task.id.partition(".")[2]
    if not number:
        return task.target
    # "2.2010年…" would read back as the decimal 2.2010: a space keeps the number apart.
    gap = " " if task.target[:1].isdigit() else ""
    return f"{number}.{gap}{task.target}"


def carried(fmt: str) -> str:
    """What the export holds besides the tasks, or what it cannot, said after its count."""
    if fmt == "xlsx":
        return f"，另有{''.join(f'「{name}」' for name in extra_sheets.NAMES)}工作表"
    return (
        "；CSV 只有任务分解表的六列，单位的类别和单位组的成员、量化指标、经常性工作都不在其中"
        "（导入时类别按名称推测，指标按目标要求推测）。要完整交换，请用 --format xlsx"
    )


def export(plan: Plan, path: Path, fmt: str) -> int:
    """Write the plan as a CSV or XLSX table; the number of tasks written."""
    body = rows(plan)
    try:
        if fmt == "xlsx":
            sheets.write_xlsx(
                path,
                HEADER,
                body,
                title=plan.title,
                merge_down=(0, 1),
                max_widths=_MAX_WIDTHS,
                extra=extra_sheets.sheets(plan),  # what the six columns cannot carry
            )
        else:
            sheets.write_csv(path, HEADER, body)
    except OSError as exc:
        raise OutputError.writing(path, exc) from None
    return len(body)
