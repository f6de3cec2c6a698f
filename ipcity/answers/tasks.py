"""Tasks as rows: listed, filtered, due, shown whole; and units with their load.

Each returns plain rows (dicts of str, list, bool, None) ready for any output format.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from ipcity.answers.derived import latest_records, memo, records_by_task, unit_roles
from ipcity.answers.lookup import find_task, resolve_unit
from ipcity.answers.records import record_fields
from ipcity.errors import UsageError
from ipcity.plan.loaded import Plan, Record
from ipcity.plan.models import Item, Status, Task

Role = Literal["responsible", "cooperating", "any"]
Row = dict[str, Any]


def is_overdue(plan: Plan, task_id: str, status: Status, as_of: date) -> bool:
    due = plan.deadlines[task_id].due
    return status is not Status.done and due is not None and due < as_of


def task_row(plan: Plan, item: Item, task: Task, record: Record | None, as_of: date) -> Row:
    status = record.status if record else Status.not_started
    deadline = plan.deadlines[task.id]
    return {
        "id": task.id,
        "item": item.id,
        "content": item.content,
        "target": task.target,
        "deadline_text": task.deadline,
        "due": deadline.due.isoformat() if deadline.due else None,
        "standing": deadline.standing,
        "responsible": list(task.responsible),
        "cooperating": list(task.cooperating),
        "status": status.value,
        "overdue": is_overdue(plan, task.id, status, as_of),
        "updated": record.date.isoformat() if record else None,
        "role": None,
    }


def list_tasks(
    plan: Plan,
    as_of: date,
    *,
    unit: str | None = None,
    role: Role = "any",
    status: Status | Literal["overdue"] | None = None,
    item: str | None = None,
    stale: int | None = None,
) -> list[Row]:
    """Tasks in plan order, filtered by unit (with its groups), role, status and item.

    stale=DAYS keeps open (not done) tasks with no record dated in the DAYS days up to
    and including as_of.
    """
    roles = unit_roles(plan)[resolve_unit(plan, unit)] if unit else None
    if item is not None and not any(i.id == item.strip() for i in plan.items):
        raise UsageError(f"工作项目「{item}」不存在（共 {len(plan.items)} 项）")
    recent = _recorded_since(plan, _days_before(as_of, stale), as_of) if stale else set()
    rows = []
    for row in all_rows(plan, as_of):
        if item is not None and row["item"] != item.strip():
            continue
        if roles is not None:
            task_role = roles.get(row["id"])
            if task_role is None or role not in ("any", task_role):
                continue
            row = {**row, "role": task_role}
        if status == "overdue" and not row["overdue"]:
            continue
        if isinstance(status, Status) and row["status"] != status.value:
            continue
        if stale is not None and (row["status"] == Status.done.value or row["id"] in recent):
            continue
        rows.append(row)
    return rows


def all_rows(plan: Plan, as_of: date) -> list[Row]:
    """Every task's row, in plan order, worked out once per as-of day: a report reads
    them four times. Shared: a caller that changes a row copies it first."""

    def compute() -> list[Row]:
        latest = latest_records(plan)
        return [
            task_row(plan, item, task, latest.get(task.id), as_of)
            for item in plan.items
            for task in item.tasks
        ]

    return memo(plan, f"rows {as_of.isoformat()}", compute)


def _days_before(day: date, days: int) -> date:
    try:
        return day - timedelta(days=days)
    except OverflowError:  # more days than the calendar has: since the beginning
        return date.min


def _recorded_since(plan: Plan, after: date, as_of: date) -> set[str]:
    """Tasks with a record dated after `after`, up to and including as_of."""
    return {r.task for r in plan.records if after < r.date <= as_of}


def due_tasks(
    plan: Plan,
    as_of: date,
    *,
    before: date | None = None,
    after: date | None = None,
    overdue: bool = False,
) -> list[Row]:
    """Tasks with a due date, soonest first; both bounds include their day."""
    rows = []
    for row in list_tasks(plan, as_of):
        if row["due"] is None:
            continue
        due = date.fromisoformat(row["due"])
        if (before and due > before) or (after and due < after) or (overdue and not row["overdue"]):
            continue
        rows.append(row)
    rows.sort(key=lambda r: str(r["due"]))  # ISO dates sort as text; stable keeps plan order
    return rows


def show_task(plan: Plan, task_id: str, as_of: date) -> Row:
    """One task whole, with its status history oldest first (by date, then file order:
    records filled in late, or merged from another branch, sit anywhere in the file)."""
    item, task = find_task(plan, task_id)
    history = sorted(records_by_task(plan).get(task.id, []), key=lambda r: r.date)
    row = task_row(plan, item, task, latest_records(plan).get(task.id), as_of)
    row["history"] = [record_fields(r) for r in history]
    return row


def unit_rows(plan: Plan) -> list[Row]:
    """Every unit with how many tasks it leads and supports (its groups' tasks included)."""
    units = plan.units
    roles = unit_roles(plan)
    return [
        {
            "name": name,
            "kind": unit.kind,
            "aliases": list(unit.aliases),
            "members": units.members_of(name),
            "responsible": sum(role == "responsible" for role in roles[name].values()),
            "cooperating": sum(role == "cooperating" for role in roles[name].values()),
        }
        for name, unit in units.units.items()
    ]
