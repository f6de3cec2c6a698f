"""The 自评报告 of the 验收 dossier as an official document (a Frame, like the 通报):
一、基本情况 二、目标任务完成情况 三、主要成效（指标） 四、存在问题 五、下步打算, and an annex
table of every task. Every fact is the data's; what the data cannot say (how the work
was organised, what it achieved beyond the figures, why things are late, what comes
next, and the document's own number, office and recipients) is a marked place,
【请填写：…】, for the office to write before it issues the report."""

from __future__ import annotations

from ipcity.answers.contract import IndicatorRow
from ipcity.answers.dossier_contract import Dossier, DossierCounts, DossierTask
from ipcity.output.document import (
    Block,
    Bullets,
    Column,
    Document,
    Frame,
    Heading,
    PageBreak,
    Table,
)
from ipcity.output.document import Paragraph as P
from ipcity.output.dossier_index import INDICATOR_COLUMNS
from ipcity.output.dossier_words import (
    check_text,
    completion_text,
    fill,
    indicator_text,
    missing_text,
    moved_text,
    part_groups,
    task_title,
)
from ipcity.plan.shapes import Status
from ipcity.text import chinese_date, chinese_number, join_names

ANNEX = "目标任务完成情况一览表"


def _basic(data: Dossier, counts: DossierCounts) -> list[Block]:
    return [
        Heading("一、基本情况", 2),
        P(
            f"《{data['title']}》共 {counts['items']} 个工作项目、{counts['tasks']} 项任务，"
            f"责任单位 {counts['responsible_units']} 个，另有配合单位 "
            f"{counts['cooperating_units']} 个；试点期{data['period']['label']}。"
            f"截至{chinese_date(data['as_of'])}，共有进度记录 {counts['records']} 条、"
            f"核查记录 {counts['checks']} 条、延期记录 {counts['extensions']} 条，"
            f"附有佐证文件 {counts['files']} 个。"
        ),
        P(fill("组织领导、工作机制、经费保障等数据之外的情况")),
    ]


def _proof_text(task: DossierTask) -> str:
    names = [f["packed"].rsplit("/", 1)[-1] for f in task["files"]]
    if names:
        more = f"等 {len(names)} 个文件" if len(names) > 1 else ""
        return f"佐证：{names[0]}{more}"
    if task["references"]:
        return f"佐证（未附文件）：{'、'.join(task['references'])}"
    return "尚无佐证"


def _task_sentence(task: DossierTask, alone: bool) -> str:
    """One task's result in a sentence; `alone` when it is its work item's only task and
    the heading already says what it is."""
    head = "" if alone and not task["target"] else f"{task['id']} {task_title(task)}"
    moved = moved_text(task)
    when = f"工作进度 {task['deadline_text']}" + (f"，{moved}" if moved else "")
    lead = f"{head}（{when}）：" if head else f"{when}。"
    return f"{lead}{completion_text(task, lines=False)}；{_proof_text(task)}。"


def _completion(data: Dossier, counts: DossierCounts) -> list[Block]:
    checked = (
        f"（其中经核查的 {counts['verified']} 项）" if data["verification"] == "required" else ""
    )
    blocks: list[Block] = [
        Heading("二、目标任务完成情况", 2),
        P(
            f"{counts['tasks']} 项任务中，已完成 {counts['done']} 项{checked}，"
            f"完成率 {counts['percent_done']:g}%；进行中 {counts['in_progress']} 项，"
            f"受阻 {counts['blocked']} 项，未开始 {counts['not_started']} 项；"
            f"逾期未完成 {counts['overdue']} 项。各项任务的情况如下。"
        ),
    ]
    items: dict[str, list[DossierTask]] = {}
    for task in data["tasks"]:
        items.setdefault(task["item"], []).append(task)
    for n, tasks in enumerate(items.values(), start=1):
        blocks.append(Heading(f"（{chinese_number(n)}）{tasks[0]['content']}", 3))
        blocks += [P(_task_sentence(task, len(tasks) == 1)) for task in tasks]
    blocks.append(P(fill("各项任务的主要做法")))
    return blocks


def _effects(data: Dossier) -> list[Block]:
    rows: list[IndicatorRow] = [row for task in data["tasks"] for row in task["indicators"]]
    blocks: list[Block] = [Heading("三、主要成效（指标）", 2)]
    if rows:
        met = sum(r["met"] for r in rows if r["actual"] is not None)
        none = sum(r["actual"] is None for r in rows)
        blocks += [
            P(
                f"方案设量化指标 {len(rows)} 项：已达到 {met} 项，"
                f"未达到 {len(rows) - met - none} 项，尚无读数 {none} 项。"
            ),
            Table("indicators", "", _READING_INDICATORS, rows),
        ]
    else:
        blocks.append(P("方案没有设量化指标。"))
    blocks.append(P(fill("指标之外的主要成效，如典型做法、案例和荣誉")))
    return blocks


_READING_INDICATORS: list[Column[IndicatorRow]] = [
    c
    for c in INDICATOR_COLUMNS
    if c.header in ("序号", "指标", "目标", "计量单位", "全市", "完成率", "已达到")
]


def _named(task: DossierTask) -> str:
    return f"{task['id']} {task_title(task)}"


def _task_problems(task: DossierTask) -> list[str]:
    """What stands out in one task, the parts alike in one line each: overdue (by due
    date), blocked (by reason), returned, waiting for the check, asking for more time."""
    grouped: dict[str, list[str]] = {}
    for part in task["parts"]:
        found = []
        if part["overdue"]:
            found.append(f"逾期未完成：{_named(task)}（{{units}}，期限 {part['due']}）")
        if part["status"] == Status.blocked.value:
            found.append(f"受阻：{_named(task)}（{{units}}：{part['note'] or '未说明原因'}）")
        if part["verified"] is False:
            found.append(f"核查退回：{_named(task)}（{{units}}：{part['returned_reason'] or ''}）")
        elif part["claimed"] and part["verified"] is None and part["status"] != "done":
            found.append(f"已报完成待核查：{_named(task)}（{{units}}）")
        if part["requested_due"]:
            found.append(
                f"延期申请待批准：{_named(task)}（{{units}}，申请延至 {part['requested_due']}）"
            )
        for line in found:
            grouped.setdefault(line, []).append(part["unit"])
    said = [line.replace("{units}", join_names(units)) for line, units in grouped.items()]
    return said + [
        f"指标未达到：{task['id']} {indicator_text(row)}"
        for row in task["indicators"]
        if row["actual"] is not None and not row["met"]
    ]


def _problems(data: Dossier) -> list[Block]:
    found = [line for task in data["tasks"] for line in _task_problems(task)]
    blocks: list[Block] = [Heading("四、存在问题", 2)]
    if found:
        blocks += [P("据进度记录："), Bullets(found)]
    else:
        blocks.append(P("据进度记录，没有逾期、受阻、待核查或指标未达到的事项。"))
    blocks.append(P(fill("问题的原因分析")))
    return blocks


def _next(data: Dossier) -> list[Block]:
    open_ = [t for t in data["tasks"] if t["status"] != Status.done.value]
    blocks: list[Block] = [Heading("五、下步打算", 2)]
    if open_:
        lines = [
            f"{_named(t)}（"
            + "；".join(part_groups([p for p in t["parts"] if p["status"] != "done"], due=True))
            + "）"
            for t in open_
        ]
        blocks += [P(f"尚未完成的任务 {len(open_)} 项："), Bullets(lines)]
    else:
        blocks.append(P("方案所列任务均已完成。"))
    blocks.append(P(fill("下步工作打算")))
    return blocks


ANNEX_COLUMNS: list[Column[DossierTask]] = [
    Column("序号", lambda t: t["id"], nowrap=True),
    Column("工作内容 / 目标要求", task_title),
    Column("完成情况", completion_text),
    Column("核查", check_text, nowrap=True),
    Column("佐证文件", lambda t: str(len(t["files"])), lambda t: len(t["files"]), nowrap=True),
]


def report(data: Dossier) -> Document:
    counts = data["counts"]
    blocks: list[Block] = [
        P(
            f"【定稿前删去本段】本稿由 ipcity 据截至 {data['as_of']} 的工作方案和进度记录生成，"
            "事实和数字均来自数据；文号、主送机关、发文机关和“【请填写：…】”处由办公室填写。"
        )
    ]
    if data["missing"]:
        blocks += [
            P(
                f"【定稿前处理】以下 {len(data['missing'])} 项已完成的任务（或责任单位的那一份）"
                "没有附上佐证文件，验收前请补齐（验收材料索引表第一页“缺少佐证”）："
            ),
            Bullets([missing_text(row) for row in data["missing"]]),
        ]
    blocks += _basic(data, counts)
    blocks += _completion(data, counts)
    blocks += _effects(data)
    blocks += _problems(data)
    blocks += _next(data)
    blocks += [PageBreak(), P("附件"), Table("annex", ANNEX, ANNEX_COLUMNS, data["tasks"])]
    frame = Frame(
        issuer=fill("发文机关"),
        number=f"{fill('机关代字')}〔{data['as_of'][:4]}〕  号",
        recipients=[fill("主送机关")],
        date=chinese_date(data["as_of"]),
        annexes=[ANNEX],
    )
    return Document(
        f"关于{data['title']}完成情况的自评报告",
        f"截至 {data['as_of']}",
        data,
        blocks,
        name="自评报告",
        frame=frame,
    )
