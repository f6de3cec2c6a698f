"""The 督查通报's sentences, each written once: dates as a 公文 writes them, the numbers,
what the round rests on, what was done, each kind of problem, what changed, and what units
must do next. output/inspection.py puts them in their sections."""

from __future__ import annotations

from collections.abc import Sequence

from ipcity.answers.contract import (
    Basis,
    Changes,
    ClaimRow,
    ExtensionRow,
    IndicatorRow,
    InspectedUnit,
    Inspection,
    MissedDuty,
    PartBrief,
    Summary,
    TaskBrief,
)
from ipcity.plan.shapes import STATUS_LABELS, Status
from ipcity.text import chinese_date, join_names


def cn_date(iso: str | None) -> str:
    """2009年6月30日."""
    return "" if iso is None else chinese_date(iso)


def status_word(status: str) -> str:
    return STATUS_LABELS[Status(status)]


def due_words(due: str | None, original: str | None) -> str:
    """2009年12月31日到期, or 原定…，经批准延至…到期."""
    if due is None:
        return "常设"
    if original is not None and original != due:
        return f"原定{cn_date(original)}，经批准延至{cn_date(due)}到期"
    return f"{cn_date(due)}到期"


def overview(data: Inspection) -> str:
    s: Summary = data["summary"]
    return (
        f"截至{cn_date(data['period']['last'])}，任务共{s['total']}项：已完成{s['done']}项"
        f"（{s['percent_done']:g}%），进行中{s['in_progress']}项，受阻{s['blocked']}项，"
        f"未开始{s['not_started']}项；逾期{s['overdue']}项。"
        f"按责任单位分为{data['parts']}份（一个责任单位一份，单位组按其成员计），"
        f"已完成{data['parts_done']}份；任务的各份都完成，任务才算完成。"
    )


def indicator_overview(rows: Sequence[IndicatorRow]) -> str:
    """How many indicators stand where; those without a reading named, the others in the
    table that follows."""
    met = sum(r["met"] for r in rows)
    on_pace = sum(r["on_pace"] is True and not r["met"] for r in rows)
    behind = sum(r["on_pace"] is False for r in rows)
    unread = [f"{r['task']} {r['name']}" for r in rows if r["actual"] is None]
    other = len(rows) - met - on_pace - behind - len(unread)
    waiting = f"，有读数待再读数判断{other}项" if other else ""
    said = (
        f"量化指标{len(rows)}项：已达标{met}项，达到序时进度{on_pace}项，"
        f"落后于序时进度{behind}项{waiting}，尚无全市读数{len(unread)}项"
    )
    return f"{said}（{join_names(unread)}）。" if unread else f"{said}。"


def basis_text(data: Inspection) -> str:
    b: Basis = data["basis"]
    period = data["period"]
    said = (
        f"本次督查时段为{cn_date(period['first'])}至{cn_date(period['last'])}，"
        f"依据各单位报送的进度记录进行。"
    )
    if b["records"]:
        said += f"本期共有进度记录{b['records']}条，来自{len(b['units'])}个单位"
    else:
        said += "本期没有进度记录"
    said += f"；截至期末累计{b['records_to_date']}条。"
    said += f"本期核查已报完成{b['checks']}份（其中退回{b['returned']}份），"
    said += f"收到延期申请{b['requests']}份，批准延期{b['approvals']}份。"
    return said


def _part_words(part: PartBrief, done: str) -> str:
    """海宁市政府（2009年5月1日报完成；佐证：海政发〔2009〕20号）"""
    facts = [f"{cn_date(part['date'])}{done}"] if part["date"] else []
    if part["evidence"]:
        facts.append(f"佐证：{part['evidence']}")
    return f"{part['unit']}（{'；'.join(facts)}）" if facts else part["unit"]


def by_task(parts: Sequence[PartBrief], words: str) -> list[str]:
    """One line a task: 13.2 各县(市、区)应设立…：海宁市政府（…）、平湖市政府（…）"""
    grouped: dict[tuple[str, str], list[str]] = {}
    for part in parts:
        grouped.setdefault((part["task"], part["title"]), []).append(_part_words(part, words))
    return [f"{task} {title}：{join_names(units)}" for (task, title), units in grouped.items()]


def task_words(task: TaskBrief) -> str:
    """6.1 年专利申请量和授权量…（2009年12月31日到期，进行中）"""
    return (
        f"{task['id']} {task['title']}（{due_words(task['due'], task['original_due'])}，"
        f"{status_word(task['status'])}）"
    )


def overdue_lines(units: Sequence[InspectedUnit]) -> list[str]:
    """One line a unit, its own overdue parts each with its task's title; units told the
    very same (the counties on 13.2) share a line, each still named."""
    grouped: dict[str, list[str]] = {}
    for unit in units:
        if unit["overdue"]:
            told = "；".join(task_words(t) for t in unit["overdue"])
            grouped.setdefault(told, []).append(unit["unit"])
    return [f"{join_names(names)}：{told}" for told, names in grouped.items()]


def blocked_lines(parts: Sequence[PartBrief]) -> list[str]:
    """9.1 建设国家专利技术展示交易平台：市科技创业服务中心（2009年5月1日报受阻：无场地、无经费）"""
    lines = []
    for part in parts:
        said = f"{cn_date(part['date'])}报受阻" if part["date"] else "受阻"
        reason = f"：{part['note']}" if part["note"] else "，未说明原因"
        lines.append(f"{part['task']} {part['title']}：{part['unit']}（{said}{reason}）")
    return lines


def missed_lines(units: Sequence[InspectedUnit]) -> list[str]:
    """One line a unit: 市委宣传部：11.4 报纸专栏（每月至少 1 次）2009年7月 0 次、…"""
    lines = []
    for unit in units:
        if unit["missed"]:
            lines.append(f"{unit['unit']}：{'；'.join(duty_words(unit['missed']))}")
    return lines


def duty_words(missed: Sequence[MissedDuty]) -> list[str]:
    """11.4 报纸专栏（每月至少 1 次），2009年1月至2009年6月共6期未达到（均为0次）; a few
    periods are each named with their count."""
    grouped: dict[tuple[str, str, str], list[MissedDuty]] = {}
    for duty in missed:
        grouped.setdefault((duty["task"], duty["duty"], duty["requirement"]), []).append(duty)
    lines = []
    for (task, name, requirement), periods in grouped.items():
        if len(periods) > 3:
            counts = {p["count"] for p in periods}
            same = f"（均为{counts.pop()}次）" if len(counts) == 1 else ""
            said = f"{periods[0]['period']}至{periods[-1]['period']}共{len(periods)}期未达到{same}"
        else:
            said = join_names([f"{p['period']}{p['count']}次" for p in periods])
        lines.append(f"{task} {name}（{requirement}），{said}")
    return lines


def silent_text(units: Sequence[InspectedUnit]) -> str | None:
    """The units that reported nothing on their open parts, in one sentence."""
    silent = [f"{u['unit']}（{len(u['silent'])}项）" for u in units if u["silent"]]
    if not silent:
        return None
    return (
        f"以下{len(silent)}个单位承担的未完成任务，本期有未报送进度的（括号内为未报送的项数）："
        f"{join_names(silent)}。"
    )


def claim_lines(claims: Sequence[ClaimRow]) -> list[str]:
    return [
        f"{c['task']} {c['title']}：{c['unit']}（{cn_date(c['claim_date'])}报完成）" for c in claims
    ]


def extension_lines(asks: Sequence[ExtensionRow]) -> list[str]:
    return [
        f"{a['task']} {a['title']}：{a['unit']}{cn_date(a['asked'])}申请由"
        f"{cn_date(a['due'])}延至{cn_date(a['to'])}，理由：{a['reason']}"
        for a in asks
    ]


def changes_text(data: Inspection) -> str:
    c: Changes = data["changes"]
    before, now = c["before"], data["summary"]
    said = (
        f"与上期末（{cn_date(c['since'])}）相比：已完成任务由{before['done']}项变为"
        f"{now['done']}项，逾期任务由{before['overdue']}项变为{now['overdue']}项；"
        f"本期新完成{len(data['achievements'])}份，新增逾期{len(c['newly_overdue'])}份。"
    )
    if c["newly_done_tasks"]:
        done = [f"{t['id']} {t['title']}" for t in c["newly_done_tasks"]]
        said += f"本期各份全部完成的任务：{join_names(done)}。"
    return said


def newly_overdue_lines(parts: Sequence[PartBrief]) -> list[str]:
    """One line a task and due date: 13.2 各县…（2008年12月31日到期）：南湖区政府、秀洲区政府"""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for p in parts:
        key = (p["task"], p["title"], due_words(p["due"], p["original_due"]))
        grouped.setdefault(key, []).append(p["unit"])
    return [
        f"{task} {title}（{due}）：{join_names(units)}"
        for (task, title, due), units in grouped.items()
    ]


def moves_text(data: Inspection) -> str:
    moves = data["changes"]["indicators"]
    if not moves:
        return "量化指标的全市数本期没有新的读数。"
    said = []
    for m in moves:
        before = "无读数" if m["before"] is None else f"{m['before']:g}{m['unit']}"
        after = "无读数" if m["after"] is None else f"{m['after']:g}{m['unit']}"
        said.append(f"{m['task']} {m['name']}由{before}变为{after}（{cn_date(m['after_date'])}）")
    return f"量化指标的全市数：{'；'.join(said)}。"


def requirements(data: Inspection, office: str) -> list[str]:
    """下步要求: what each kind of unit named above must do, and by when."""
    by = cn_date(data["issued"]["rectify_by"])
    units = data["units"]
    lines = []
    if any(u["overdue"] for u in units):
        lines.append("有逾期未完成任务的单位，要查明原因、制定措施，抓紧完成。")
    if data["blocked"]:
        lines.append(f"任务受阻的单位，要提出解决办法；需要协调的，及时报{office}。")
    if any(u["missed"] for u in units):
        lines.append("经常性工作未达到要求的单位，要按任务分解规定的频次落实。")
    if any(u["silent"] for u in units):
        lines.append("未报送进度的单位，要补报本单位承担的各项任务的进展，今后按期报送。")
    if data["claims"] or data["extensions"]:
        lines.append(f"{office}于{by}前完成已报完成任务的核查和延期申请的审批。")
    lines.append(
        f"各单位要对照本通报指出的问题逐项整改，于{by}前将整改情况书面报送{office}；"
        "整改情况在下一次督查中通报。"
    )
    return lines
