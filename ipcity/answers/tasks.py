"""Tasks as rows: listed, filtered, due, shown whole; and units with their load.

Each returns plain rows (dicts of str, list, bool, None) ready for any output format.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from ipcity.answers.derived import latest_records, memo, unit_roles
from ipcity.answers.lookup import find_task, resolve_unit
from ipcity.answers.parts import (
    TaskState,
    task_entries,
    task_parts_states,
    task_state,
    task_states,
)
from ipcity.answers.records import entry_fields
from ipcity.errors import UsageError
from ipcity.plan.loaded import Plan, Record
from ipcity.plan.models import Item, Status, Task

Role = Literal["responsible", "cooperating", "any"]
Row = dict[str, Any]


def task_row(plan: Plan, item: Item, task: Task, record: Record | None, state: TaskState) -> Row:
    """A task as its parts leave it (answers/parts.py): status from the parts, `due` the
    earliest due date of its open parts after approved extensions (`original_due` the
    plan's), overdue when that has passed; record is the task's latest record (any
    unit's), for `updated`."""
    deadline = plan.deadlines[task.id]
    due = state.due
    return {
        "id": task.id,
        "item": item.id,
        "content": item.content,
        "target": task.target,
        "deadline_text": task.deadline,
        "due": due.isoformat() if due else None,
        "standing": deadline.standing,
        "responsible": list(task.responsible),
        "cooperating": list(task.cooperating),
        "status": state.status.value,
        "overdue": state.overdue,
        "updated": record.date.isoformat() if record else None,
        "role": None,
        "original_due": deadline.due.isoformat() if deadline.due else None,
        # Every part done but for claims the office has yet to check (已报完成，待核查).
        "awaiting_check": state.awaiting_check,
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
        states = task_states(plan, as_of)
        return [
            task_row(plan, item, task, latest.get(task.id), states[task.id])
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
    """One task whole: its parts, and its history oldest first (by date, then file order:
    records filled in late, or merged from another branch, sit anywhere in the file),
    checks and extensions among its progress records."""
    item, task = find_task(plan, task_id)
    parts = task_parts_states(plan, task.id, as_of)
    state = task_state(parts, as_of)
    row = task_row(plan, item, task, latest_records(plan).get(task.id), state)
    row["parts"] = [part.json() for part in parts]
    row["history"] = [entry_fields(e) for _, e in task_entries(plan).get(task.id, [])]
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
            "contact": unit.contact,
            "phone": unit.phone,
            "email": unit.email,
        }
        for name, unit in units.units.items()
    ]
