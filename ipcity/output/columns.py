"""The columns of each table a person reads: header in the annex's words, the text of a
cell, and how wide it may be on a terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ipcity.plan.shapes import STATUS_LABELS, VERDICT_LABELS, Status
from ipcity.text import join_names

FORMATS = ("table", "json", "csv", "md")
Row = dict[str, Any]

ROLE_LABELS = {"responsible": "牵头", "cooperating": "配合"}


def names(value: Any) -> str:
    return join_names(value) if value else ""


def status_text(row: Row) -> str:
    label = STATUS_LABELS[Status(row["status"])]
    if row.get("awaiting_check"):
        label = f"{CLAIMED} {AWAITING}"  # every part done, but for the office's check
    return f"{label} 逾期" if row.get("overdue") else label


CLAIMED, AWAITING = "已报完成", "待核查"


def part_status_text(part: Row) -> str:
    """A part's status: a claim of completion with the office's verdict on it."""
    status = Status(part["status"])
    if part["claimed"] and status is Status.done:
        label = "已完成（已核查）" if part["verified"] else STATUS_LABELS[status]
    elif part["claimed"] and part["verified"] is None:
        label = f"{CLAIMED}（{AWAITING}）"
    elif part["claimed"]:
        label = f"{STATUS_LABELS[status]}（核查退回：{part['returned_reason'] or ''}）"
    else:
        label = STATUS_LABELS[status]
    return f"{label}，逾期" if part["overdue"] else label


def due_text(due: str | None, original: str | None, otherwise: str = "") -> str:
    """A due date, with the plan's beside it when an approved extension moved it."""
    if due is None:
        return otherwise
    if original is not None and due != original:
        return f"原定 {original}，经批准延至 {due}"
    return due


def entry_status_text(row: Row, between: str = "") -> str:
    """The status of a progress record, or what a check or an extension record is
    (核查通过, 延期申请); between goes between the two words of those (a line break)."""
    if row.get("verify"):
        return "核查" + between + VERDICT_LABELS[row["verify"]]
    if row.get("extend_to"):
        return "延期" + between + ("批准" if row.get("approved_by") else "申请")
    return STATUS_LABELS[Status(row["status"])]


def entry_by_text(row: Row) -> str:
    """Who wrote an entry, and for whose part when that is someone else's."""
    by = row.get("by") or ""
    if row.get("all_parts"):
        return f"{by}（全部责任单位）" if by else "全部责任单位"
    unit = row.get("unit")
    if unit and unit != by:
        return f"{by}（{unit}）" if by else unit
    return by


def entry_note_text(row: Row) -> str:
    """An entry's note; an extension's reason, and who approved it, before it."""
    note = row.get("note") or ""
    if row.get("extend_to"):
        approved = f"，{row['approved_by']}批准" if row.get("approved_by") else ""
        said = f"延至 {row['extend_to']}{approved}；理由：{row.get('reason') or ''}"
        return f"{said}；{note}" if note else said
    return note


def evidence_text(row: Row) -> str:
    """An entry's proof: its reference (a document number), and the files attached."""
    files = [a["path"].rsplit("/", 1)[-1] for a in row.get("attachments") or []]
    said = [row["evidence"]] if row.get("evidence") else []
    if files:
        said.append("附件：" + "、".join(files))
    return "；".join(said)


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

    def cell(self, row: Row) -> str:
        return self.text(row)

    def text(self, row: Row) -> str:
        if self.show is not None:
            return self.show(row)
        value = row.get(self.key)
        if value is None:
            return ""
        if isinstance(value, list):
            return names(value)
        return str(value)


ID = Column("id", "序号", width=4)
CONTENT = Column("content", "工作内容")
TARGET = Column("target", "目标要求")
DEADLINE = Column("deadline_text", "工作进度", width=10)
DUE = Column("due", "期限", width=10)
RESPONSIBLE = Column("responsible", "责任单位", share=0.2, min_width=12, max_width=20)
COOPERATING = Column("cooperating", "配合单位", share=0.2, min_width=12, max_width=20)
STATUS = Column("status", "状态", status_text, width=11)
ROLE = Column("role", "职责", lambda r: ROLE_LABELS.get(r.get("role") or "", ""), width=4)

UPDATED = Column("updated", "最近记录", width=10)
STATUS_UPDATED = Column(
    "status", "状态 / 最近记录", lambda r: f"{status_text(r)}\n{r['updated'] or '无记录'}", width=11
)

TASK_COLUMNS = [ID, CONTENT, TARGET, DEADLINE, RESPONSIBLE, COOPERATING, STATUS]
DUE_COLUMNS = [ID, DUE, CONTENT, TARGET, RESPONSIBLE, STATUS]
UNIT_COLUMNS = [
    Column("name", "单位"),
    Column("kind", "类别"),
    Column("aliases", "别名"),
    Column("responsible", "牵头任务"),
    Column("cooperating", "配合任务"),
    Column("contact", "联系人"),
    Column("phone", "电话"),
    Column("email", "邮箱"),
]


def task_columns(rows: Sequence[Row]) -> list[Column]:
    """The annex's columns, with 职责 when a unit filter gave the rows a role."""
    if any(row.get("role") for row in rows):
        return [*TASK_COLUMNS, ROLE]
    return TASK_COLUMNS


def number(value: float) -> str:
    """A reading as a person writes it: 1320, not 1320.0 or 1.32e+03."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e16 else repr(value)


def readings(row: Row) -> str:
    return "、".join(f"{name}={number(v)}" for name, v in (row.get("values") or {}).items())


# In a terminal's narrow 状态 column, 核查通过 and 延期申请 break between their words.
LOG_STATUS_NARROW = Column("status", "状态", lambda r: entry_status_text(r, "\n"), width=6)
LOG_COLUMNS = [
    Column("task", "序号", width=4),
    Column("date", "日期", width=10),
    Column("status", "状态", entry_status_text, width=6),
    Column("by", "报告单位", entry_by_text, share=0.2, min_width=12, max_width=20),
    Column("note", "说明", entry_note_text, rest=True),
    Column("values", "指标读数", readings, share=0.2, min_width=8, max_width=24),
    Column("evidence", "佐证", evidence_text, share=0.2, min_width=12, max_width=24),
]
