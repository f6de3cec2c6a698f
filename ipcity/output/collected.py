"""What `collect` will append from one returned form (or has), as a document: a table of
the records, the rows collected before, and what was done."""

from __future__ import annotations

from collections.abc import Sequence

from ipcity.output.columns import readings
from ipcity.output.document import Column, Document, Paragraph, Table
from ipcity.plan.forms import CollectedRow
from ipcity.plan.shapes import STATUS_LABELS, Status

KIND_WORDS = {
    "progress": "进度",
    "extension": "延期申请",
    "reading": "指标读数",
    "count": "经常性工作",
}


def _content(row: CollectedRow) -> str:
    fields, kind = row["fields"], row["kind"]
    if kind == "extension":
        return f"申请延至 {fields['extend_to']}：{fields['reason']}"
    status = STATUS_LABELS[Status(fields["status"])]
    if kind == "reading":
        return f"{readings(fields)}（状态记为{status}）"
    if kind == "count":
        duty = f"{fields['duty']} " if "duty" in fields else ""
        return f"{duty}办了 {fields['count']} 次（状态记为{status}）"
    said = [status, fields.get("note"), fields.get("evidence") and f"佐证：{fields['evidence']}"]
    return "；".join(s for s in said if s)


COLUMNS: list[Column[CollectedRow]] = [
    Column("位置", lambda r: r["place"], width=12, nowrap=True),
    Column("任务", lambda r: str(r["fields"]["task"]), width=5),
    Column("记录", lambda r: KIND_WORDS[r["kind"]], width=10),
    Column("日期", lambda r: str(r["fields"]["date"]), width=10, nowrap=True),
    Column("内容", _content, rest=True),
]


def document(
    title: str, rows: Sequence[CollectedRow], skipped: Sequence[str], *, written: bool, log: str
) -> Document:
    """A form's records to append; written says whether they were (else a dry run)."""
    blocks: list[Table[CollectedRow] | Paragraph] = []
    if rows:
        blocks.append(Table("records", "", COLUMNS, rows))
    if skipped:
        blocks.append(Paragraph(f"已收集过、这次不再追加的行：{'、'.join(skipped)}"))
    count = len(rows)
    if not count:
        blocks.append(Paragraph("这份表格的内容都已收集过，没有追加记录。"))
    elif written:
        blocks.append(Paragraph(f"已追加 {count} 条记录到 {log}。"))
    else:
        blocks.append(Paragraph(f"试运行：以上 {count} 条记录没有写入（去掉 --dry-run 即写入）。"))
    return Document(title, "", {"records": list(rows)}, blocks, name="收集")
