"""One progress record: typed on the command line, checked against the plan, appended.

Everything is checked before a byte is written: the record is built as the loader would
read it back (the same model, the same rules), serialised, and only then appended.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ipcity.answers.derived import latest_records
from ipcity.answers.lookup import find_task, resolve_unit, unit_role
from ipcity.errors import UsageError
from ipcity.files import append, yaml_write
from ipcity.files.append import AppendError as AppendError  # what append_record raises
from ipcity.plan.deadlines import DeadlineError, date_range
from ipcity.plan.loaded import Plan, Record
from ipcity.plan.models import STATUS_CHOICES, Status, StatusRecord, Task
from ipcity.plan.problems import STATUS
from ipcity.plan.record_rules import check_log
from ipcity.plan.units import normalize
from ipcity.text import join_names

_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class NewRecord:
    """A checked record: the model the loader will read, and the line that holds it."""

    record: Record  # as a loaded plan holds it
    fields: dict[str, Any]  # what the loader reads the line back as, in the order written
    line: str


def record_date(text: str | None, today: date) -> date:
    """The day a record is for: today by default; a real day, not a month, not the future."""
    if text is None:
        return today
    try:
        first, last = date_range(text)
    except DeadlineError as exc:
        raise UsageError(f"--date {exc}；写成 2009-05-01 或 2009年5月1日") from None
    if first != last:
        raise UsageError(
            f"--date「{text}」是一段时间（{first.isoformat()} 至 {last.isoformat()}），"
            "进度记录要写具体哪一天，如 2009-05-01 或 2009年5月1日"
        )
    if first > today:
        raise UsageError(
            f"--date {first.isoformat()} 在今天（{today.isoformat()}）之后："
            "进度记录只能记已经发生的事"
        )
    return first


def _text(value: str, option: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = value[exc.start]
        raise UsageError(
            f"{option} 中有无法保存的字符 U+{ord(bad):04X}（终端或脚本传入的文字不是 UTF-8 编码）"
        ) from None
    return value


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
    task_id: str,
    status: str | None,
    *,
    today: date,
    date_text: str | None = None,
    by: str | None = None,
    note: str | None = None,
    values: Sequence[str] = (),
    evidence: str | None = None,
    count: int | None = None,
    duty: str | None = None,
    force: bool = False,
) -> NewRecord:
    """Check a record typed by a person against the plan. Raises UsageError naming the
    first thing wrong; the unit is stored by its canonical name.

    count reports occurrences of a recurring duty (named by duty when the task has more
    than one); such a record may leave the status out: the task's current one is kept."""
    _, task = find_task(plan, task_id)
    if status is None:
        if count is None:
            raise UsageError("缺少 --status（如 --status in_progress）")
        current = latest_records(plan).get(task.id)
        status = current.status.value if current else Status.in_progress.value
    word = Status.parse(status)
    if word is None:
        raise UsageError(f"未知状态「{status}」，应为 {STATUS_CHOICES}之一")
    day = record_date(date_text, today)
    fields: dict[str, Any] = {"task": task.id, "date": day.isoformat(), "status": word.value}
    if by is not None:
        unit = resolve_unit(plan, by)
        if not force and unit_role(plan, task, unit) is None:
            raise UsageError(
                f"{unit}不是任务 {task.id} 的责任单位或配合单位"
                f"（责任单位：{join_names(task.responsible)}；"
                f"配合单位：{join_names(task.cooperating) or '无'}）。"
                "代其他单位记录时加 --force"
            )
        fields["by"] = unit
    if note is not None:
        fields["note"] = _text(note, "--note")
    readings = _readings(task, values)
    if readings:
        fields["values"] = readings
    if evidence is not None:
        fields["evidence"] = _text(evidence, "--evidence")
    if count is not None:
        fields["count"] = count
        if duty is not None:
            fields["duty"] = _duty(task, duty)
    elif duty is not None:
        raise UsageError("--duty 要与 --count 同用：--count 写这一天办成了几次")

    # Read back through the loader's own model and rules: what `validate` would say of it.
    try:
        record = StatusRecord.model_validate(fields)
    except ValidationError as exc:  # every field was checked above; kept as a backstop
        raise UsageError(f"记录无效：{exc.errors(include_url=False)[0]['msg']}") from None
    tasks = {t.id: t for _, t in plan.tasks.values()}
    findings = check_log([(0, record)], tasks, plan.units, today)
    if findings:  # the rules above, in words for a command line; kept as a backstop
        raise UsageError(findings[0].message)
    try:
        line = yaml_write.flow_entry({**fields, "date": day}, quote=("task",))
    except yaml_write.EntryError as exc:
        raise UsageError(str(exc)) from None
    return NewRecord(Record.of(record), fields, line)


def append_record(data_dir: Path, new: NewRecord) -> None:
    """Append the record to the data dir's status.yaml, whole or not at all (AppendError)."""
    path = data_dir / STATUS
    append.append_entry(path, new.line, new.fields, name=str(path))


def summary(new: NewRecord) -> str:
    """One line confirming what was recorded, for the person who typed it."""
    record = new.record
    by = f"，{record.by}" if record.by else ""
    return f"已记录：任务 {record.task} {record.status.label}（{record.date.isoformat()}{by}）"
