"""The rules on what a progress record measures: readings name indicators of their task,
counts name one of its recurring duties (and come from the unit a per-unit duty asks).
Part of the record rules (plan/record_rules.py runs them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ipcity.plan.problems import STATUS, Finding
from ipcity.plan.shapes import Task, Written
from ipcity.plan.units import UnitRegistry, normalize
from ipcity.text import join_names

if TYPE_CHECKING:
    from ipcity.plan.models import StatusRecord


def check_record_measures(
    records: Sequence[tuple[int, StatusRecord | Written]],
    tasks: dict[str, Task],
    registry: UnitRegistry,
) -> list[Finding]:
    """Readings name indicators of their task; counts name a recurring duty and, for a duty
    asked of each responsible unit, come from one of those units."""
    findings: list[Finding] = []
    known_by_task: dict[str, set[str]] = {}
    forms: dict[str, str] = {}  # each reading's name normalised once: a log repeats them
    for i, record in records:
        if not record.values and record.count is None and record.duty is None:
            continue  # most records: nothing here to check (a log's 100,000)
        task = tasks.get(record.task)
        if task is None:
            continue  # check_records names the unknown task
        known = known_by_task.get(task.id)
        if known is None:  # （） typed with an IME is ()
            known = known_by_task[task.id] = {normalize(ind.name) for ind in task.indicators}
        for name in record.values:
            form = forms.get(name)
            if form is None:
                form = forms[name] = normalize(name)
            if form not in known:
                findings.append(
                    Finding(
                        STATUS,
                        (i, "values", name),
                        f"「{name}」不是任务 {task.id} 的指标",
                        _indicators_hint(task),
                        at_key=True,
                    )
                )
        if record.count is not None or record.duty is not None:
            findings += _check_count(i, record, task, registry)
    return findings


def _indicators_hint(task: Task) -> str:
    indicators = [indicator.name for indicator in task.indicators]
    if indicators:
        return f"本任务的指标：{join_names(indicators)}"
    return f"任务 {task.id} 没有量化指标；读数写在说明（note）里"


def _check_count(
    i: int, record: StatusRecord | Written, task: Task, registry: UnitRegistry
) -> list[Finding]:
    duties = [duty.name for duty in task.recurring]
    if record.count is None:
        if record.duty is not None:
            return [Finding(STATUS, (i, "duty"), "写了 duty 却没有 count", "加上 count: 1")]
        return []
    if not duties:
        return [
            Finding(
                STATUS,
                (i, "count"),
                f"任务 {task.id} 没有经常性工作，不能记 count",
                "删去 count；办成的事写在说明（note）里",
            )
        ]
    if record.duty is None and len(duties) > 1:
        return [
            Finding(
                STATUS,
                (i, "count"),
                f"任务 {task.id} 有多项经常性工作，要写 duty 说明是哪一项",
                f"duty 可以是 {join_names(duties)}",
            )
        ]
    wanted = record.duty or duties[0]
    duty = next((d for d in task.recurring if d.name == wanted), None)
    if duty is None:
        return [
            Finding(
                STATUS,
                (i, "duty"),
                f"「{record.duty}」不是任务 {task.id} 的经常性工作",
                f"duty 可以是 {join_names(duties)}",
            )
        ]
    return _check_count_unit(i, record, task, duty.per, registry)


def _check_count_unit(
    i: int, record: StatusRecord | Written, task: Task, per: str, registry: UnitRegistry
) -> list[Finding]:
    if per != "unit":
        return []
    units = registry.expand(task.responsible)
    if record.by is None:
        return [
            Finding(
                STATUS,
                (i, "count"),
                f"任务 {task.id} 的经常性工作要求各责任单位分别完成，要写 by",
                f"by 可以是 {join_names(units)}",
            )
        ]
    by = registry.resolve(record.by)
    if by is not None and by not in units:
        return [
            Finding(
                STATUS,
                (i, "by"),
                f"「{record.by}」不是任务 {task.id} 的责任单位，它办的次数不计入",
                f"by 可以是 {join_names(units)}",
            )
        ]
    return []
