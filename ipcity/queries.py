"""Questions asked of a plan, as pure functions of the plan and an as-of date.

Each returns plain rows (dicts of str, list, bool, None) ready for any output format.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, Literal, TypeVar, cast

from ipcity.errors import UsageError
from ipcity.plan.loaded import Plan, Record
from ipcity.plan.models import Item, Status, Task
from ipcity.text import join_names, shorten

Role = Literal["responsible", "cooperating", "any"]
Row = dict[str, Any]

OVERDUE_WORDS = {"overdue", "逾期"}


T = TypeVar("T")


def _memo(plan: Plan, key: str, compute: Callable[[], T]) -> T:
    """Derived once per plan: a report asks the same of 10,000 tasks many times."""
    if key not in plan.memo:
        plan.memo[key] = compute()
    return cast(T, plan.memo[key])


def latest_records(plan: Plan) -> dict[str, Record]:
    """The current record of each task: the latest by date, file order breaking ties."""

    def compute() -> dict[str, Record]:
        latest: dict[str, Record] = {}
        for record in plan.records:
            current = latest.get(record.task)
            if current is None or record.date >= current.date:
                latest[record.task] = record
        return latest

    return _memo(plan, "latest", compute)


def records_by_task(plan: Plan) -> dict[str, list[Record]]:
    """Each task's records, in file order."""

    def compute() -> dict[str, list[Record]]:
        found: dict[str, list[Record]] = {}
        for record in plan.records:
            found.setdefault(record.task, []).append(record)
        return found

    return _memo(plan, "by_task", compute)


def unit_roles(plan: Plan) -> dict[str, dict[str, str]]:
    """For each unit (canonical name), the tasks it answers for and how: responsible or
    cooperating. A task naming X is seen by X, by X's members if X is a group, and by the
    groups X belongs to — the same relation `list --unit` uses, worked out once."""

    def compute() -> dict[str, dict[str, str]]:
        units = plan.units

        def viewers(names: list[str]) -> set[str]:
            seen: set[str] = set()
            for name in names:
                canonical = units.resolve(name)
                if canonical is not None:
                    seen |= units.scope(canonical)
            return seen

        roles: dict[str, dict[str, str]] = {name: {} for name in units.units}
        for _, task in plan.tasks.values():
            responsible = viewers(task.responsible)
            for name in responsible:
                roles[name][task.id] = "responsible"
            for name in viewers(task.cooperating) - responsible:
                roles[name][task.id] = "cooperating"
        return roles

    return _memo(plan, "roles", compute)


def is_overdue(plan: Plan, task_id: str, status: Status, as_of: date) -> bool:
    due = plan.deadlines[task_id].due
    return status is not Status.done and due is not None and due < as_of


def resolve_unit(plan: Plan, name: str) -> str:
    """The canonical name of a unit typed by a person, or a UsageError with the closest names."""
    canonical = plan.units.resolve(name)
    if canonical is None:
        close = plan.units.suggest(name)
        hint = f"。最接近的已知单位：{join_names(close)}" if close else ""
        raise UsageError(f"未知单位「{name}」{hint}（`ipcity units` 列出全部单位）")
    return canonical


def find_task(plan: Plan, task_id: str) -> tuple[Item, Task]:
    key = task_id.strip().translate(_FULL_WIDTH_DIGITS)
    if key in plan.tasks:
        return plan.tasks[key]
    raise UsageError(f"任务「{task_id}」不存在（序号如 1、5.1、13.2；`ipcity list` 列出全部任务）")


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．。", "0123456789..")


def parse_status_filter(word: str) -> Status | Literal["overdue"]:
    if word.strip().lower() in OVERDUE_WORDS:
        return "overdue"
    status = Status.parse(word)
    if status is None:
        raise UsageError(
            f"未知状态「{word}」，应为 not_started（未开始）、in_progress（进行中）、"
            "done（已完成）、blocked（受阻）或 overdue（逾期）"
        )
    return status


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


def unit_role(plan: Plan, task: Task, unit: str) -> str | None:
    """What a unit (canonical name) is on a task: responsible, cooperating or None.
    A unit counts as named when one of its groups is, as in `list --unit`."""
    return unit_roles(plan).get(unit, {}).get(task.id)


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

    return _memo(plan, f"rows {as_of.isoformat()}", compute)


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
    row["history"] = [_record_fields(r) for r in history]
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


# Shell completion: (value, what it is), the way Typer hands them to zsh and fish.
Choice = tuple[str, str]


def unit_choices(plan: Plan, incomplete: str) -> list[Choice]:
    """Unit names and aliases that start with the word being typed, each with what it is."""
    choices: list[Choice] = []
    for name, unit in plan.units.units.items():
        choices.append((name, unit.kind))
        choices += [(alias, f"{name}的别名") for alias in unit.aliases]
    return [c for c in choices if c[0].startswith(incomplete)]


def task_choices(plan: Plan, incomplete: str) -> list[Choice]:
    """Task IDs that start with the word being typed, each with its 目标要求 (or 工作内容)."""
    choices = [(t.id, shorten(t.target or item.content, 30)) for item, t in plan.tasks.values()]
    return [c for c in choices if c[0].startswith(incomplete)]


def record_row(record: Record) -> Row:
    return {"task": record.task, **_record_fields(record)}


def _record_fields(record: Record) -> Row:
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
