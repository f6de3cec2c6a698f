"""The status records themselves, as rows: what `ipcity log` lists and `show` appends."""

from __future__ import annotations

from datetime import date
from typing import Any

from ipcity.answers.lookup import find_task, resolve_unit
from ipcity.plan.loaded import Plan, Record

Row = dict[str, Any]


def record_row(record: Record) -> Row:
    return {"task": record.task, **record_fields(record)}


def record_fields(record: Record) -> Row:
    return {
        "date": record.date.isoformat(),
        "status": record.status.value,
        "by": record.by,
        "note": record.note,
        "values": dict(record.values),
        "evidence": record.evidence,
    }


def log_rows(
    plan: Plan,
    *,
    unit: str | None = None,
    since: date | None = None,
    task: str | None = None,
) -> list[Row]:
    """The records themselves, newest first: by date, and on one day the later in the file
    first (the order that makes the first row of a task its current status).

    unit keeps the records a unit reported (for a group, those of its members too); since
    keeps records dated on or after that day; task keeps one task's records.
    """
    reporters = None
    if unit is not None:
        canonical = resolve_unit(plan, unit)
        reporters = {canonical, *plan.units.members_of(canonical)}
    task_id = find_task(plan, task)[1].id if task is not None else None
    picked = [
        (record.date, index, record)
        for index, record in enumerate(plan.records)
        if (task_id is None or record.task == task_id)
        and (since is None or record.date >= since)
        and (
            reporters is None
            or (record.by is not None and plan.units.resolve(record.by) in reporters)
        )
    ]
    picked.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [record_row(record) for _, _, record in picked]
