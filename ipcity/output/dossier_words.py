"""How the 验收 dossier words a task: its result part by part, the office's checks, its
due date and extensions, its indicators, its proof. Shared by the index workbook and the
自评报告, so each says it the same way."""

from __future__ import annotations

from ipcity.answers.contract import IndicatorRow
from ipcity.answers.dossier_contract import DossierPart, DossierTask, MissingEvidence
from ipcity.output.columns import part_status_text
from ipcity.output.document import number_text
from ipcity.plan.shapes import STATUS_LABELS, Status
from ipcity.text import join_names

# Where the office writes what the data cannot say: one mark, easy to search for.
FILL = "【请填写：{}】"


def fill(what: str) -> str:
    return FILL.format(what)


def single(task: DossierTask) -> bool:
    return len(task["parts"]) == 1


def part_text(part: DossierPart) -> str:
    """已完成（已核查）; 受阻：没有场地和经费; 进行中，逾期."""
    said = part_status_text(dict(part))
    reported = part["status"] in (Status.blocked.value, Status.in_progress.value)
    if reported and not part["claimed"] and part["note"]:  # a claim's note says it is done
        said += f"：{part['note']}"
    return said


def task_status_text(task: DossierTask) -> str:
    """未开始，逾期; 已报完成（待核查） when every open part waits for the office."""
    label = (
        "已报完成（待核查）" if task["awaiting_check"] else STATUS_LABELS[Status(task["status"])]
    )
    return f"{label}，逾期" if task["overdue"] else label


def part_groups(parts: list[DossierPart], *, due: bool = False) -> list[str]:
    """The parts grouped by how they stand: 南湖区政府、秀洲区政府：未开始 (with each
    group's due date when due is set)."""
    groups: dict[str, list[str]] = {}
    for part in parts:
        said = part_text(part) + (f"，期限 {part['due']}" if due and part["due"] else "")
        groups.setdefault(said, []).append(part["unit"])
    return [f"{join_names(units)}：{said}" for said, units in groups.items()]


def completion_text(task: DossierTask, *, lines: bool = True) -> str:
    """The task's result: its one part's; or the task's, with its parts grouped by how
    they stand where they differ (one group a line, or in a sentence)."""
    if single(task):
        return part_text(task["parts"][0])
    parts = task["parts"]
    done = sum(p["status"] == Status.done.value for p in parts)
    count = "均已完成" if done == len(parts) else f"中 {done} 个已完成"
    head = f"{task_status_text(task)}（{len(parts)} 个责任单位{count}）"
    groups = part_groups(parts)
    if len(groups) == 1:
        return head
    return "\n".join([head, *groups]) if lines else f"{head}：{'；'.join(groups)}"


def check_text(task: DossierTask) -> str:
    """The office's checks of the claims of completion: 已核查, 待核查, 退回…; — if none."""
    parts = task["parts"]
    verified = sum(p["verified"] is True for p in parts)
    waiting = sum(p["claimed"] and p["verified"] is None for p in parts)
    returned = sum(p["verified"] is False for p in parts)
    if single(task):
        return "已核查" if verified else "待核查" if waiting else "核查退回" if returned else "—"
    counts = [(verified, "已核查"), (waiting, "待核查"), (returned, "核查退回")]
    said = [f"{word} {n} 个" for n, word in counts if n]
    return "，".join(said) or "—"


def deadline_text(task: DossierTask) -> str:
    """2009年底（2009-12-31）, and each approved extension or pending request."""
    said = task["deadline_text"]
    if task["original_due"]:
        said += f"（{task['original_due']}）"
    for part in task["parts"]:
        whose = "" if single(task) else part["unit"]
        if part["due"] != part["original_due"] and part["due"] is not None:
            said += (
                f"\n{whose}经批准延至 {part['due']}"
                f"（{part['approved_by'] or ''}批准；理由：{part['extension_reason'] or ''}）"
            )
        if part["requested_due"]:
            said += f"\n{whose}申请延至 {part['requested_due']}（待批准）"
    return said


def moved_text(task: DossierTask) -> str:
    """The approved extensions in a phrase: 经批准延至 2010-06-30 (海宁市政府经批准…)."""
    moved = [p for p in task["parts"] if p["due"] != p["original_due"] and p["due"]]
    return "，".join(f"{'' if single(task) else p['unit']}经批准延至 {p['due']}" for p in moved)


def _figure(value: float | None, unit: str) -> str:
    return number_text(value, unit)


def indicator_text(row: IndicatorRow) -> str:
    """年专利申请量：目标 ≥5500件；全市 2600件（2009-06-30），完成 47.3%，未达到；
    海宁市政府 820件."""
    sign = "≥" if row["direction"] == ">=" else "≤"
    said = f"{row['name']}：目标 {sign}{_figure(row['target'], row['unit'])}；"
    if row["actual"] is None:
        said += "尚无读数"
    else:
        whose = "各单位合计" if row["actual_is_sum"] else "全市"
        percent = f"，完成 {row['percent']:g}%" if row["percent"] is not None else ""
        said += (
            f"{whose} {_figure(row['actual'], row['unit'])}（{row['date']}）{percent}，"
            f"{'已达到' if row['met'] else '未达到'}"
        )
    shares = [
        f"{p['unit']} {_figure(p['actual'], row['unit'])}"
        + (f"（目标 {_figure(p['target'], row['unit'])}）" if p["target"] is not None else "")
        for p in row["parts"]
    ]
    if shares:
        said += "；" + "、".join(shares)
    return said


def indicators_text(task: DossierTask) -> str:
    return "\n".join(indicator_text(row) for row in task["indicators"])


def files_text(task: DossierTask) -> str:
    """The task's proof: its files by their names in the pack, one a line; then what
    its records give in words (文号, 档案位置)."""
    said = [f["packed"].rsplit("/", 1)[-1] for f in task["files"]]
    if task["references"]:
        said.append(f"文号等：{join_names(task['references'])}")
    return "\n".join(said)


def task_title(task: DossierTask) -> str:
    """The task as a reader knows it: its 目标要求, or its work item's 工作内容."""
    return task["target"] or task["content"]


def missing_text(row: MissingEvidence) -> str:
    """2 印发创建工作方案…（市科技局，2009-03-26 报完成，已核查）."""
    checked = {True: "，已核查", False: "，核查退回", None: ""}[row["verified"]]
    when = f"，{row['claim_date']} 报完成" if row["claim_date"] else ""
    words = f"；有文号等说明：{join_names(row['references'])}" if row["references"] else ""
    return f"{row['task']} {row['target'] or row['content']}（{row['unit']}{when}{checked}{words}）"
