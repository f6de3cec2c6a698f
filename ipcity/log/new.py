"""One progress record: typed on the command line, checked against the plan, appended.

Everything is checked before a byte is written: the record is built as the loader would
read it back (the same model, the same rules: log/entry.py), and only then appended.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from ipcity.answers.lookup import find_task, resolve_unit, unit_role
from ipcity.answers.parts import task_kept_parts
from ipcity.errors import UsageError
from ipcity.log.entry import AppendError as AppendError  # what append_record raises
from ipcity.log.entry import NewRecord, Typed, finish, record_date
from ipcity.log.entry import append_record as append_record
from ipcity.log.entry import text as checked_text
from ipcity.plan.loaded import Plan, Record
from ipcity.plan.parts import lead_unit, record_parts, task_parts
from ipcity.plan.shapes import STATUS_CHOICES, Status, Task
from ipcity.plan.units import normalize
from ipcity.text import join_names

_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def _duty(task: Task, typed: str) -> str:
    """The recurring duty a person named, by its name as the plan writes it."""
    names = {normalize(duty.name): duty.name for duty in task.recurring}
    if not names:
        raise UsageError(f"任务 {task.id} 没有经常性工作，不能用 --duty、--count")
    found = names.get(normalize(typed))
    if found is None:
        raise UsageError(
            f"任务 {task.id} 没有经常性工作「{typed}」；可以是 {join_names(list(names.values()))}"
        )
    return found


def _readings(task: Task, typed: Sequence[str]) -> dict[str, int | float]:
    """--value NAME=N, with full-width ＝ and digits: each name one of the task's indicators."""
    names = {normalize(indicator.name): indicator.name for indicator in task.indicators}
    readings: dict[str, int | float] = {}
    for text in typed:
        name, sep, number = unicodedata.normalize("NFKC", text).rpartition("=")
        name, number = name.strip(), number.strip()
        if not sep or not name:
            raise UsageError(f"--value「{text}」应写成 指标名=数值，如 年注册商标数=1320")
        canonical = names.get(normalize(name))
        if canonical is None:
            known = f"它的指标：{join_names(list(names.values()))}" if names else "它没有设指标"
            raise UsageError(f"任务 {task.id} 没有指标「{name}」；{known}")
        if canonical in readings:
            raise UsageError(f"指标「{canonical}」的读数给了两次")
        if not _NUMBER.fullmatch(number) or not math.isfinite(float(number)):
            raise UsageError(
                f"--value {canonical} 的读数「{number}」应为数字，如 1320 或 97.5"
                "（不写单位和千位分隔符）"
            )
        readings[canonical] = float(number) if "." in number else int(number)
    return readings


def build_record(
    plan: Plan,
    typed: Typed,
    status: str | None,
    *,
    all_parts: bool = False,
    values: Sequence[str] = (),
    evidence: str | None = None,
    count: int | None = None,
    duty: str | None = None,
) -> NewRecord:
    """Check a progress record typed by a person against the plan. Raises UsageError
    naming the first thing wrong; units are stored by their canonical names.

    On a task with several parts the record says whose part it speaks for: `by` a
    responsible unit (its own), `unit` (the office recording for a unit), or all_parts
    (every part); a record by a cooperating unit is a note and speaks for none.

    count reports occurrences of a recurring duty (named by duty when the task has more
    than one); such a record may leave the status out: the one its part(s) have is kept.
    typed.force records for a unit that is neither responsible nor cooperating, and a
    record equal to one already in the log."""
    _, task = find_task(plan, typed.task_id)
    by, unit, force = typed.by, typed.unit, typed.force
    parts = task_parts(plan.units, task)
    fields: dict[str, Any] = {"task": task.id}
    reporter = resolve_unit(plan, by) if by is not None else None
    part = resolve_unit(plan, unit) if unit is not None else None
    if len(parts) > 1 and reporter is None and part is None and not all_parts:
        raise UsageError(
            f"任务 {task.id} 有 {len(parts)} 个责任单位（{join_names(parts)}），各报各的进度："
            f"用 --by 写明是哪个单位报的（如 --by {parts[0]}）；"
            "代某个单位记录用 --unit；代全部责任单位记录加 --all"
        )
    spoken = record_parts(plan.units, parts, reporter, part, all_parts)
    if status is None:
        if count is None:
            raise UsageError("缺少 --status（如 --status in_progress）")
        status = _kept_status(plan, task, parts, spoken)
    word = Status.parse(status)
    if word is None:
        raise UsageError(f"未知状态「{status}」，应为 {STATUS_CHOICES}之一")
    day = record_date(typed.date_text, typed.today)
    fields |= {"date": day.isoformat(), "status": word.value}
    if reporter is not None:
        if not force and unit_role(plan, task, reporter) is None:
            raise UsageError(
                f"{reporter}不是任务 {task.id} 的责任单位或配合单位"
                f"（责任单位：{join_names(task.responsible)}；"
                f"配合单位：{join_names(task.cooperating) or '无'}）。"
                "代其他单位记录时加 --force"
            )
        fields["by"] = reporter
    if typed.note is not None:
        fields["note"] = checked_text(typed.note, "--note")
    readings = _readings(task, values)
    if readings:
        fields["values"] = readings
    if evidence is not None:
        fields["evidence"] = checked_text(evidence, "--evidence")
    if count is not None:
        fields["count"] = count
        if duty is not None:
            fields["duty"] = _duty(task, duty)
    elif duty is not None:
        raise UsageError("--duty 要与 --count 同用：--count 写这一天办成了几次")
    if part is not None:
        fields["unit"] = part
    # A task of one part: every record speaks for it, --all adds nothing (but a part
    # named beside it is for the record rules to refuse).
    if all_parts and (len(parts) > 1 or part is not None):
        fields["all_parts"] = True
    if typed.attachments:
        fields["attachments"] = list(typed.attachments)
    return finish(plan, fields, typed.today, force=force)


def _kept_status(plan: Plan, task: Task, parts: list[str], spoken: list[str]) -> str:
    """The status a count keeps: the one the parts it speaks for have (a note's: the only
    part's, or in progress); in progress for a part that has reported nothing."""
    reported = {part.unit: part.reported for part in task_kept_parts(plan, task.id)}
    scope = spoken or (parts if len(parts) == 1 else [])
    kept = {(reported.get(unit) or Status.in_progress).value for unit in scope}
    if len(kept) > 1:
        raise UsageError(
            f"任务 {task.id} 各责任单位现在的状态不同，--all 的记录要用 --status 写明状态"
        )
    return kept.pop() if kept else Status.in_progress.value


def summary(new: NewRecord, plan: Plan) -> str:
    """One line confirming what was recorded, for the person who typed it: for whose
    part, and when a claim of completion waits for the office's check."""
    record = new.record
    assert isinstance(record, Record)
    _, task = plan.tasks[record.task]
    parts = task_parts(plan.units, task)
    spoken = record_parts(plan.units, parts, record.by, record.unit, record.all_parts)
    by = f"，{record.by}" if record.by else ""
    whose = ""
    if len(parts) > 1:
        whose = f"全部 {len(parts)} 个责任单位" if spoken == parts else join_names(spoken)
        whose += " "
    when = f"（{record.date.isoformat()}{by}）"
    said = f"已记录：任务 {record.task} {whose}{record.status.label}{when}"
    if not spoken:
        said += "；报告单位不是责任单位，这条作为说明，不改变任务状态"
    elif record.status is Status.done and plan.verification == "required":
        said += "；待办公室核查（ipcity verify）后计为完成"
    owner = record.unit or record.by
    if record.values and owner is not None and owner != lead_unit(plan.units, task):
        said += f"；指标读数计为{owner}自己的一份，不替代全市数"
    return said
