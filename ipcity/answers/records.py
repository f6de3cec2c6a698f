"""The status log's entries themselves, as rows: what `ipcity log` lists and `show` appends."""

from __future__ import annotations

from datetime import date
from typing import Any

from ipcity.answers.lookup import find_task, resolve_unit
from ipcity.plan.loaded import Check, Entry, Extension, Plan, Record

Row = dict[str, Any]


def record_row(entry: Entry) -> Row:
    return {"task": entry.task, **entry_fields(entry)}


def entry_fields(entry: Entry) -> Row:
    """An entry of any kind in the log's own fields: a progress record's status, or a
    check's verdict (verify), or an extension's date (extend_to); what it lacks is null."""
    record = entry if isinstance(entry, Record) else None
    check = entry if isinstance(entry, Check) else None
    extension = entry if isinstance(entry, Extension) else None
    return {
        "date": entry.date.isoformat(),
        "status": record.status.value if record else None,
        "by": entry.by,
        "note": entry.note,
        "values": dict(record.values) if record else {},
        "evidence": entry.evidence,
        "unit": entry.unit,
        "all_parts": record.all_parts if record else False,
        "verify": check.verify if check else None,
        "extend_to": extension.extend_to.isoformat() if extension else None,
        "reason": extension.reason if extension else None,
        "approved_by": extension.approved_by if extension else None,
        "source": record.source if record else extension.source if extension else None,
        "attachments": [{"path": a.path, "sha256": a.sha256} for a in entry.attachments],
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
        for index, record in plan.log.in_file_order()
        if (task_id is None or record.task == task_id)
        and (since is None or record.date >= since)
        and (
            reporters is None
            or (record.by is not None and plan.units.resolve(record.by) in reporters)
            or (record.unit is not None and plan.units.resolve(record.unit) in reporters)
        )
    ]
    picked.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [record_row(record) for _, _, record in picked]
