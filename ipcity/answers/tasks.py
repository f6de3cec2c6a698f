"""Tasks as rows: listed, filtered, due, shown whole; and units with their load.

Each returns plain rows (dicts of str, list, bool, None) ready for any output format.

A row is the same whatever the as-of day but for `overdue`: kept_rows holds each task's
row with the due date that decides it (what the index keeps, and `list` and `due` read
from there), and dated() works it out for a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, NamedTuple

from ipcity.answers.derived import latest_record, latest_records, memo, roles_of, unit_roles
from ipcity.answers.lookup import find_task, resolve_unit
from ipcity.answers.parts import (
    PartState,
    TaskState,
    entries_of,
    kept_parts,
    open_due,
    task_parts_states,
    task_state,
)
from ipcity.answers.records import entry_fields
from ipcity.errors import UsageError
from ipcity.plan.loaded import Plan, Record
from ipcity.plan.shapes import Item, Status, Task

Role = Literal["responsible", "cooperating", "any"]
Row = dict[str, Any]


class KeptRow(NamedTuple):
    """A task's row whatever the day (overdue False, no role), and the earliest due date of
    its open parts: the task is overdue on any day after it."""

    row: Row
    open_due: date | None


def kept_row(
    plan: Plan, item: Item, task: Task, latest: Record | None, parts: list[PartState]
) -> KeptRow:
    """One task's KeptRow, from its kept parts and its latest record."""
    row = task_row(plan, item, task, latest, task_state(parts, date.min))
    return KeptRow(row, open_due(parts))


def kept_rows(plan: Plan) -> list[KeptRow]:
    """Every task's KeptRow, in plan order."""

    def compute() -> list[KeptRow]:
        latest = latest_records(plan)
        parts = kept_parts(plan)
        return [
            kept_row(plan, item, task, latest.get(task.id), parts[task.id])
            for item in plan.items
            for task in item.tasks
        ]

    return memo(plan, "rows", compute)


def dated(kept: KeptRow, as_of: date) -> Row:
    """A task's row as of a day (a copy: the caller may change it)."""
    return {**kept.row, "overdue": kept.open_due is not None and kept.open_due < as_of}


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


@dataclass(frozen=True)
class TaskFilter:
    """What `list` keeps: the tasks of a unit (with its groups) in a role, of a status, of
    a work item; stale=DAYS keeps open (not done) tasks with no record dated in the DAYS
    days up to and including the day asked about."""

    unit: str | None = None
    role: Role = "any"
    status: Status | Literal["overdue"] | None = None
    item: str | None = None
    stale: int | None = None


EVERY_TASK = TaskFilter()


def list_tasks(plan: Plan, as_of: date, keep: TaskFilter = EVERY_TASK) -> list[Row]:
    """Tasks in plan order, as `keep` filters them."""
    unit, item, stale = keep.unit, keep.item, keep.stale
    if unit is None and keep.status is None and item is None and not stale:
        return list(all_rows(plan, as_of))  # a report asks four times: the rows once
    roles = roles_of(plan, resolve_unit(plan, unit)) if unit else None
    check_item(item, [i.id for i in plan.items])
    recent = _recorded_since(plan, stale_since(as_of, stale), as_of) if stale else None
    return picked(
        kept_rows(plan),
        as_of,
        roles=roles,
        role=keep.role,
        status=keep.status,
        item=item,
        recent=recent,
    )


def check_item(item: str | None, items: list[str]) -> None:
    """A work item typed with --item must be one of the plan's."""
    if item is not None and item.strip() not in items:
        raise UsageError(f"工作项目「{item}」不存在（共 {len(items)} 项）")


def picked(
    kept: Iterable[KeptRow],
    as_of: date,
    *,
    roles: dict[str, str] | None = None,
    role: Role = "any",
    status: Status | Literal["overdue"] | None = None,
    item: str | None = None,
    recent: set[str] | None = None,
) -> list[Row]:
    """The rows `list` shows, in the order given: of the item, of the tasks roles names
    (with the unit's role on each), of the status; recent (for --stale) leaves out the
    tasks done or recorded lately. What `list` gives from a plan and from the index."""
    rows = []
    for k in kept:
        row = dated(k, as_of)
        if item is not None and row["item"] != item.strip():
            continue
        if roles is not None:
            task_role = roles.get(row["id"])
            if task_role is None or role not in ("any", task_role):
                continue
            row["role"] = task_role
        if status == "overdue" and not row["overdue"]:
            continue
        if isinstance(status, Status) and row["status"] != status.value:
            continue
        if recent is not None and (row["status"] == Status.done.value or row["id"] in recent):
            continue
        rows.append(row)
    return rows


def all_rows(plan: Plan, as_of: date) -> list[Row]:
    """Every task's row, in plan order, worked out once per as-of day: a report reads
    them four times. Shared: a caller that changes a row copies it first."""
    return memo(
        plan, f"rows {as_of.isoformat()}", lambda: [dated(k, as_of) for k in kept_rows(plan)]
    )


def stale_since(day: date, days: int) -> date:
    """The day `list --stale DAYS` counts records after: DAYS days before day."""
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
    return due_rows(list_tasks(plan, as_of), before=before, after=after, overdue=overdue)


def overdue_tasks(plan: Plan, as_of: date, first: int = 0) -> list[Row]:
    """The tasks overdue as of a day, as `due --overdue` lists them (the first `first`,
    when not 0). Shared: a caller that changes a row copies it first. The index reads
    only these tasks' rows."""
    if first:
        return memo(
            plan,
            f"overdue {first} on {as_of.isoformat()}",
            lambda: overdue_tasks(plan, as_of)[:first],
        )
    return memo(
        plan, f"overdue on {as_of.isoformat()}", lambda: due_tasks(plan, as_of, overdue=True)
    )


def due_rows(
    rows: Iterable[Row],
    *,
    before: date | None = None,
    after: date | None = None,
    overdue: bool = False,
) -> list[Row]:
    """Of rows in plan order, those `due` lists: soonest first, plan order within a day."""
    found = []
    for row in rows:
        if row["due"] is None:
            continue
        due = date.fromisoformat(row["due"])
        if (before and due > before) or (after and due < after) or (overdue and not row["overdue"]):
            continue
        found.append(row)
    found.sort(key=lambda r: str(r["due"]))  # ISO dates sort as text; stable keeps plan order
    return found


def show_task(plan: Plan, task_id: str, as_of: date) -> Row:
    """One task whole: its parts, and its history oldest first (by date, then file order:
    records filled in late, or merged from another branch, sit anywhere in the file),
    checks and extensions among its progress records."""
    item, task = find_task(plan, task_id)
    parts = task_parts_states(plan, task.id, as_of)
    state = task_state(parts, as_of)
    row = task_row(plan, item, task, latest_record(plan, task.id), state)
    row["parts"] = [part.json() for part in parts]
    row["history"] = [entry_fields(e) for _, e in entries_of(plan, task.id)]
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
