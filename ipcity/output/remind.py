"""A 催办通知 to one unit (`ipcity remind`), built once for Markdown, HTML and Word: what it
has to answer for, each part named by its task's 工作内容 and 目标要求, and how to reach
its liaison. Issued in the office's name (a GB/T 9704 frame in Word) when tasks.yaml
names the office; a plain heading, the unit and the date otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from ipcity.answers.owed import PartLine
from ipcity.answers.remind import DUE_SOON_DAYS, SILENT_DAYS, DutyLine, FormLine, Notice
from ipcity.output.columns import due_text, part_status_text
from ipcity.output.document import Block, Column, Document, Frame, Heading, Paragraph, Table
from ipcity.output.write import file_name, folder_for, freed_as_they_go, write
from ipcity.text import chinese_date, chinese_number

TITLE = "催办通知"


def _work(line: PartLine) -> str:
    return f"{line.content.rstrip('。')}：{line.target}" if line.target else line.content


def _due(line: PartLine) -> str:
    part = line.part
    return due_text(part["due"], part["original_due"], otherwise=line.deadline)


def _last(line: PartLine) -> str:
    day = line.part["last_date"]
    if day is None:
        return "无记录"
    return f"{day} {line.last_note}" if line.last_note else day


def _part_columns(extra: Column[PartLine]) -> list[Column[PartLine]]:
    return [
        Column("序号", lambda r: r.task, width=5, nowrap=True),
        Column("工作内容 / 目标要求", _work, rest=True),
        Column("期限", _due, width=12),
        Column("状态", lambda r: part_status_text(r.part), width=12),
        extra,
    ]


def _late(as_of: date) -> Column[PartLine]:
    def days(line: PartLine) -> str:
        return f"{(as_of - date.fromisoformat(line.part['due'])).days} 天"

    return Column("逾期", days, width=8, nowrap=True)


LAST = Column[PartLine]("最近进度", _last, width=24)
REASON = Column[PartLine]("退回原因", lambda r: r.part["returned_reason"] or "", width=24)
DUTY_COLUMNS: list[Column[DutyLine]] = [
    Column("序号", lambda d: d.task, width=5, nowrap=True),
    Column("经常性工作", lambda d: d.name, rest=True),
    Column("要求", lambda d: d.requirement, width=14),
    Column("本期", lambda d: f"{d.period}（{d.last.isoformat()} 止）", width=22),
    Column("已办", lambda d: f"{d.held} 次", width=6, nowrap=True),
    Column("还差", lambda d: f"{d.at_least - d.held} 次", width=6, nowrap=True),
]


def _form_columns(as_of: date) -> list[Column[FormLine]]:
    def state(form: FormLine) -> str:
        if form.due is None:
            return "尚未报回"
        return "已过报回期限，尚未报回" if form.due < as_of else "尚未报回"

    return [
        Column("表格编号", lambda f: f.form, width=16, nowrap=True),
        Column("时段", lambda f: f.period, width=12),
        Column("发出日期", lambda f: f.issued.isoformat(), width=10, nowrap=True),
        Column("报回期限", lambda f: f.due.isoformat() if f.due else "—", width=10),
        Column("情况", state, rest=True),
    ]


def document(notice: Notice, *, plan_title: str, office: str | None, as_of: date) -> Document:
    """The notice to one unit."""
    sections: list[tuple[str, Table[PartLine] | Table[DutyLine] | Table[FormLine]]] = []

    def parts(name: str, heading: str, lines: Sequence[PartLine], extra: Column[PartLine]) -> None:
        if lines:
            sections.append((heading, Table(name, "", _part_columns(extra), lines)))

    parts("overdue", "已逾期的任务", notice.overdue, _late(as_of))
    parts("returned", "核查退回、需要补报的任务", notice.returned, REASON)
    parts("due_soon", f"{DUE_SOON_DAYS} 日内到期的任务", notice.due_soon, LAST)
    parts("silent", f"{SILENT_DAYS} 日以上没有进度记录的任务", notice.silent, LAST)
    if notice.duties:
        sections.append(
            ("本期尚未完成的经常性工作", Table("duties", "", DUTY_COLUMNS, notice.duties))
        )
    if notice.forms:
        forms = Table("forms", "", _form_columns(as_of), notice.forms)
        sections.append(("尚未报回的进度填报表", forms))
    to = office or "领导小组办公室"
    blocks: list[Block] = [] if office else [Paragraph(f"{notice.unit}：")]
    blocks.append(
        Paragraph(
            f"按照《{plan_title}》的分工，截至 {chinese_date(as_of)}，"
            f"贵单位有以下事项需要抓紧办理："
        )
    )
    for n, (heading, section) in enumerate(sections, start=1):
        count = f"{len(section.rows)} {'份' if section.name == 'forms' else '项'}"
        blocks += [Heading(f"{chinese_number(n)}、{heading}（{count}）", 2), section]
    blocks.append(
        Paragraph(
            f"请抓紧办理，并将进展情况和佐证材料报送{to}；已经办理的，请一并说明。"
            "报送进度可填写进度填报表，或直接告知办公室。"
        )
    )
    if notice.contact or notice.phone or notice.email:
        reach = "，".join(
            s
            for s in (
                notice.contact,
                f"电话 {notice.phone}" if notice.phone else "",
                f"邮箱 {notice.email}" if notice.email else "",
            )
            if s
        )
        blocks.append(Paragraph(f"（贵单位联系人：{reach}）"))
    frame = None
    if office:
        frame = Frame(
            issuer=office,
            number=f"〔{as_of.year}〕  号",
            recipients=[notice.unit],
            date=chinese_date(as_of),
        )
    else:
        blocks.append(Paragraph(chinese_date(as_of)))
    data = {
        "unit": notice.unit,
        "as_of": as_of.isoformat(),
        "overdue": [line.task for line in notice.overdue],
        "returned": [line.task for line in notice.returned],
        "due_soon": [line.task for line in notice.due_soon],
        "silent": [line.task for line in notice.silent],
        "duties": [f"{d.task} {d.name}" for d in notice.duties],
        "forms": [f.form for f in notice.forms],
    }
    return Document(TITLE, f"截至 {as_of.isoformat()}", data, blocks, name=TITLE, frame=frame)


def counts(notice: Notice) -> str:
    """逾期 2 项、30 日内到期 1 项……: what a notice holds, in a line."""
    found = [
        (len(notice.overdue), "逾期 {} 项"),
        (len(notice.returned), "核查退回 {} 项"),
        (len(notice.due_soon), f"{DUE_SOON_DAYS} 日内到期 {{}} 项"),
        (len(notice.silent), f"{SILENT_DAYS} 日以上无记录 {{}} 项"),
        (len(notice.duties), "经常性工作未完成 {} 项"),
        (len(notice.forms), "填报表未报回 {} 份"),
    ]
    return "、".join(words.format(n) for n, words in found if n)


def write_all(
    notices: Sequence[Notice],
    folder: Path,
    fmt: Literal["md", "html", "docx"],
    *,
    plan_title: str,
    office: str | None,
    as_of: date,
) -> list[Path]:
    """Each notice as FOLDER/UNIT催办通知.FMT (the folder made when missing)."""
    folder_for(folder)
    used: set[str] = set()
    paths = []
    with freed_as_they_go():
        for notice in notices:
            path = folder / file_name(notice.unit + TITLE, f".{fmt}", used)
            doc = document(notice, plan_title=plan_title, office=office, as_of=as_of)
            write(doc, fmt, path)
            paths.append(path)
    return paths
